//! PolNeAR (dev split): direct quotes and who said them, in 84 US political news articles
//! annotated with attributions (brat standoff: `Source`, `Cue`, `Content` spans tied by `E`
//! lines). Gold quotes are the stretches between paired quotation marks inside each `Content`
//! span (an opening mark without a close runs to the span's end). A found quote matches a gold
//! one when they overlap by at least half the longer; its speaker is right when the mention
//! overlaps the attribution's `Source`, or the resolved name shares a capitalised word with it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::{Metric, Outcome, read_tar_xz};
use crate::engine::quotes::find_quotes;

struct Gold {
    span: Range<usize>,
    sources: Vec<Range<usize>>,
    source_text: String,
}

/// Byte offset of each character index (and of the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// Spans of one `T` line: `start end[;start end]…` in characters → bytes.
fn spans(field: &str, map: &[usize]) -> Vec<Range<usize>> {
    field
        .split(';')
        .filter_map(|part| {
            let mut it = part
                .split_whitespace()
                .filter_map(|n| n.parse::<usize>().ok());
            let (a, b) = (it.next()?, it.next()?);
            Some(*map.get(a)?..*map.get(b)?)
        })
        .collect()
}

/// Stretches between paired double quotation marks inside `r`.
fn quoted_in(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text[r.clone()].char_indices() {
        let at = r.start + i;
        match (c, open) {
            ('“' | '"' | '«', None) => open = Some(at + c.len_utf8()),
            ('”' | '"' | '»', Some(s)) => {
                out.push(s..at);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(s..r.end);
    }
    out.into_iter()
        .map(|q| {
            let t = &text[q.clone()];
            let start = q.start + (t.len() - t.trim_start().len());
            start..(q.start + t.trim_end().len()).max(start)
        })
        .filter(|q| !q.is_empty())
        .collect()
}

fn gold(text: &str, ann: &str) -> Vec<Gold> {
    let map = char_to_byte(text);
    let mut t: BTreeMap<&str, (&str, Vec<Range<usize>>)> = BTreeMap::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(meta)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let (kind, rest) = meta.split_once(' ').unwrap_or((meta, ""));
            t.insert(id, (kind, spans(rest, &map)));
        }
    }
    let mut out = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some(args) = line.split('\t').nth(1) else {
            continue;
        };
        let (mut contents, mut sources) = (Vec::new(), Vec::new());
        for arg in args.split_whitespace() {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let Some((_, s)) = t.get(id) else {
                continue;
            };
            if role.starts_with("Content") {
                contents.extend(s.iter().cloned());
            } else if role.starts_with("Source") {
                sources.extend(s.iter().cloned());
            }
        }
        let source_text = sources
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join(" ");
        for c in contents {
            for q in quoted_in(text, c) {
                out.push(Gold {
                    span: q,
                    sources: sources.clone(),
                    source_text: source_text.clone(),
                });
            }
        }
    }
    out.sort_by_key(|g| (g.span.start, g.span.end));
    out.dedup_by(|a, b| a.span == b.span);
    out
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let file = dir.join("polnear_dev.tar.xz");
    if !file.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", file.display())));
    }
    let files = read_tar_xz(&file)?;
    let mut texts: Vec<(&std::path::PathBuf, &Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| {
            p.extension().is_some_and(|e| e == "txt") && p.to_string_lossy().contains("/text/")
        })
        .collect();
    texts.sort();
    let mut anns: Vec<&std::path::PathBuf> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    anns.sort();
    let (mut found, mut golds, mut matched, mut speaker_right) = (0usize, 0usize, 0usize, 0usize);
    let mut articles = 0;
    for (path, bytes) in texts {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(ann) = anns.iter().find(|a| {
            a.file_stem()
                .is_some_and(|s| s.to_string_lossy().starts_with(&format!("{stem}_")))
        }) else {
            continue;
        };
        articles += 1;
        let text = String::from_utf8_lossy(bytes);
        let gold = gold(&text, &String::from_utf8_lossy(&files[*ann]));
        let quotes = find_quotes(&text);
        found += quotes.len();
        golds += gold.len();
        let mut used = vec![false; gold.len()];
        for q in &quotes {
            let best = gold
                .iter()
                .enumerate()
                .filter(|(i, g)| {
                    !used[*i] && overlap(&q.span, &g.span) * 2 >= q.span.len().max(g.span.len())
                })
                .max_by_key(|(_, g)| overlap(&q.span, &g.span));
            let Some((i, g)) = best else {
                if std::env::var("PARALLAX_EVAL_VERBOSE").is_ok_and(|v| v == "detection") {
                    say!("  extra: {:?}", &text[q.span.clone()]);
                }
                continue;
            };
            used[i] = true;
            matched += 1;
            let by_span = q
                .mention
                .as_ref()
                .is_some_and(|m| g.sources.iter().any(|s| overlap(m, s) > 0));
            let by_name = q.speaker.as_deref().is_some_and(|name| {
                name.split_whitespace()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .any(|w| {
                        g.source_text.split_whitespace().any(|s| {
                            s.trim_matches(|c: char| !c.is_alphanumeric())
                                == w.trim_matches(|c: char| !c.is_alphanumeric())
                        })
                    })
            });
            speaker_right += usize::from(by_span || by_name);
            if !(by_span || by_name) && std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some() {
                let ctx_start = text.floor_char_boundary(q.span.start.saturating_sub(60));
                let ctx_end = text.ceil_char_boundary((q.span.end + 80).min(text.len()));
                say!(
                    "  speaker: got {:?} / {:?}, gold {:?} | …{}…",
                    q.mention.as_ref().map(|m| &text[m.clone()]),
                    q.speaker,
                    g.source_text,
                    text[ctx_start..ctx_end].replace('\n', " ")
                );
            }
        }
        if std::env::var("PARALLAX_EVAL_VERBOSE").is_ok_and(|v| v == "detection") {
            for (g, u) in gold.iter().zip(&used) {
                if !u {
                    let ctx_start = text.floor_char_boundary(g.span.start.saturating_sub(30));
                    let ctx_end = text.ceil_char_boundary((g.span.end + 30).min(text.len()));
                    say!(
                        "  missed: {:?} | …{}…",
                        &text[g.span.clone()],
                        text[ctx_start..ctx_end].replace('\n', " ")
                    );
                }
            }
        }
    }
    let p = matched as f64 / found.max(1) as f64;
    let r = matched as f64 / golds.max(1) as f64;
    let f1 = super::stats::f1(p, r);
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("quote detection F1", f1)
                .floor(0.916)
                .target(0.95),
            Metric::new("quote detection precision", p),
            Metric::new("quote detection recall", r),
            Metric::new(
                "speaker accuracy (found quotes)",
                speaker_right as f64 / matched.max(1) as f64,
            )
            .floor(0.34)
            .target(0.90),
        ],
        note: format!("{articles} articles, {golds} gold quotes, {found} found"),
    })
}
