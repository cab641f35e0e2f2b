//! PAN 2013 text alignment, 02-no-obfuscation subset: detected reuse against the truth, in
//! characters, with the PAN measures (Potthast et al., COLING 2010): macro-averaged recall
//! over cases, precision over detections, granularity, plagdet = F1 / log2(1 + granularity).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{Metric, Outcome, read_tar_xz};
use crate::engine::{Options, SourceText, analyze, decode};

/// A case or a detection: character ranges in the suspicious and in the source document.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub this: Range<usize>,
    pub source: Range<usize>,
}

/// Detections for one suspicious/source pair, built from the engine's shared passages:
/// runs that follow each other closely in both documents (a typo or an apostrophe breaks a
/// verbatim run) are chained into one detection; a run whose suspicious span is mostly inside
/// a longer detection (text repeated in the source) and short isolated runs (coincidental
/// phrases) are dropped.
pub fn detect(susp: &SourceText, src: &SourceText) -> Vec<Case> {
    /// Largest gap, in bytes of either document, between two runs of one detection.
    const GAP: usize = 120;
    /// Shortest isolated detection kept, in bytes of the suspicious document.
    const MIN_LEN: usize = 200;
    let a = analyze(&[susp.clone(), src.clone()], &Options::default());
    let mut spans: Vec<(Range<usize>, Range<usize>)> = a
        .passages
        .iter()
        .map(|p| (p.a.start..p.a.end, p.b.start..p.b.end))
        .collect();
    spans.sort_by_key(|s| (s.0.start, s.1.start));
    let mut chains: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (x, y) in spans {
        let follows = chains.iter().rposition(|(cx, cy)| {
            x.start >= cx.start
                && x.start <= cx.end + GAP
                && y.start + 20 >= cy.end
                && y.start <= cy.end + GAP
        });
        match follows {
            Some(i) => {
                let (cx, cy) = &mut chains[i];
                cx.end = cx.end.max(x.end);
                cy.end = cy.end.max(y.end);
            }
            None => chains.push((x, y)),
        }
    }
    let len = |r: &Range<usize>| r.end - r.start;
    let kept: Vec<(Range<usize>, Range<usize>)> = chains
        .iter()
        .filter(|(x, _)| len(x) >= MIN_LEN)
        .filter(|(x, _)| {
            !chains
                .iter()
                .any(|(o, _)| len(o) > len(x) && overlap(o, x) * 2 > len(x))
        })
        .cloned()
        .collect();
    let (cs, cr) = (char_index(&susp.text), char_index(&src.text));
    kept.into_iter()
        .map(|(x, y)| Case {
            this: cs(x.start)..cs(with_punctuation(&susp.text, x.end)),
            source: cr(y.start)..cr(with_punctuation(&src.text, y.end)),
        })
        .collect()
}

/// A passage ends at its last word; the reused text goes on to the punctuation that closes
/// it (a full stop, a closing quote), up to the next space.
fn with_punctuation(text: &str, end: usize) -> usize {
    end + text[end..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !c.is_alphanumeric())
        .map(char::len_utf8)
        .sum::<usize>()
}

/// Byte offset → character offset.
fn char_index(text: &str) -> impl Fn(usize) -> usize + '_ {
    move |byte| text[..byte.min(text.len())].chars().count()
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// PAN measures over all cases and detections: (recall, precision, granularity, plagdet).
pub fn measures(pairs: &[(Vec<Case>, Vec<Case>)]) -> (f64, f64, f64, f64) {
    let detects =
        |s: &Case, r: &Case| overlap(&s.this, &r.this) > 0 && overlap(&s.source, &r.source) > 0;
    let covered = |target: &Case, others: &[&Case]| -> f64 {
        // Characters of `target` (both documents) covered by any of `others`.
        let count = |range: &Range<usize>, pick: &dyn Fn(&Case) -> Range<usize>| {
            let mut hit = vec![false; range.len()];
            for o in others {
                let r = pick(o);
                for i in r.start.max(range.start)..r.end.min(range.end) {
                    hit[i - range.start] = true;
                }
            }
            hit.iter().filter(|&&h| h).count()
        };
        let n = count(&target.this, &|c: &Case| c.this.clone())
            + count(&target.source, &|c: &Case| c.source.clone());
        n as f64 / (target.this.len() + target.source.len()).max(1) as f64
    };
    let (mut rec_sum, mut cases) = (0.0, 0);
    let (mut prec_sum, mut detections) = (0.0, 0);
    let (mut gran_sum, mut detected) = (0.0, 0);
    for (truth, found) in pairs {
        for s in truth {
            let hits: Vec<&Case> = found.iter().filter(|r| detects(s, r)).collect();
            rec_sum += covered(s, &hits);
            cases += 1;
            if !hits.is_empty() {
                gran_sum += hits.len() as f64;
                detected += 1;
            }
        }
        for r in found {
            let hits: Vec<&Case> = truth.iter().filter(|s| detects(s, r)).collect();
            prec_sum += covered(r, &hits);
            detections += 1;
        }
    }
    let recall = if cases == 0 {
        0.0
    } else {
        rec_sum / cases as f64
    };
    let precision = if detections == 0 {
        0.0
    } else {
        prec_sum / detections as f64
    };
    let gran = if detected == 0 {
        1.0
    } else {
        gran_sum / detected as f64
    };
    let f1 = if recall + precision == 0.0 {
        0.0
    } else {
        2.0 * recall * precision / (recall + precision)
    };
    (recall, precision, gran, f1 / (1.0 + gran).log2())
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

pub fn truth(xml: &str) -> Vec<Case> {
    xml.split("<feature")
        .skip(1)
        .filter(|tag| attr(tag, "name").as_deref() == Some("plagiarism"))
        .filter_map(|tag| {
            let n = |k: &str| attr(tag, k)?.parse::<usize>().ok();
            let (to, tl, so, sl) = (
                n("this_offset")?,
                n("this_length")?,
                n("source_offset")?,
                n("source_length")?,
            );
            Some(Case {
                this: to..to + tl,
                source: so..so + sl,
            })
        })
        .collect()
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let archive = dir.join("pan13_02-no-obfuscation_subset.tar.xz");
    if !archive.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", archive.display())));
    }
    let files = read_tar_xz(&archive)?;
    let find = |suffix: &str| -> Option<&Vec<u8>> {
        files
            .iter()
            .find(|(p, _)| p.to_string_lossy().ends_with(suffix))
            .map(|(_, v)| v)
    };
    let by_name: HashMap<String, &PathBuf> = files
        .keys()
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();
    let pairs_list =
        String::from_utf8_lossy(find("pairs").ok_or("no pairs file in the archive")?).into_owned();
    let mut results = Vec::new();
    for line in pairs_list.lines().filter(|l| !l.trim().is_empty()) {
        let mut it = line.split_whitespace();
        let (Some(susp), Some(src)) = (it.next(), it.next()) else {
            continue;
        };
        let load = |name: &str| -> Result<SourceText, String> {
            let path = by_name
                .get(name)
                .ok_or_else(|| format!("{name} missing from the archive"))?;
            decode(name, &files[*path]).map_err(|e| e.to_string())
        };
        let (s, r) = (load(susp)?, load(src)?);
        let xml_name = format!(
            "{}-{}.xml",
            susp.trim_end_matches(".txt"),
            src.trim_end_matches(".txt")
        );
        let xml = by_name
            .get(&xml_name)
            .ok_or_else(|| format!("{xml_name} missing"))?;
        let cases = truth(&String::from_utf8_lossy(&files[*xml]));
        results.push((cases, detect(&s, &r)));
    }
    let (recall, precision, gran, plagdet) = measures(&results);
    let cases: usize = results.iter().map(|r| r.0.len()).sum();
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("plagdet", plagdet).floor(0.852).target(0.95),
            Metric::new("recall (macro, characters)", recall),
            Metric::new("precision (macro, characters)", precision),
            Metric::new("granularity", gran),
        ],
        note: format!("{} pairs, {cases} cases", results.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_detection_scores_one() {
        let truth = vec![Case {
            this: 10..20,
            source: 0..10,
        }];
        let (r, p, g, pd) = measures(&[(truth.clone(), truth)]);
        assert_eq!((r, p, g), (1.0, 1.0, 1.0));
        assert!((pd - 1.0).abs() < 1e-9);
        let split = vec![
            Case {
                this: 10..15,
                source: 0..5,
            },
            Case {
                this: 15..20,
                source: 5..10,
            },
        ];
        let (_, _, g, pd) = measures(&[(
            vec![Case {
                this: 10..20,
                source: 0..10,
            }],
            split,
        )]);
        assert_eq!(g, 2.0);
        assert!(pd < 0.7);
    }
}
