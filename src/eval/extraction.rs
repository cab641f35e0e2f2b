//! Article extraction from saved web pages (scrapinghub's article-extraction-benchmark, the
//! 91 pages of `article-extraction-dev`): the benchmark's own metric — 4-word shingles of
//! `\w+` tokens per page, TP/FP/FN normalised per page, precision and recall averaged over
//! pages, F1 of the two averages — and the time per page.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use super::{Metric, Outcome, read, read_text};
use crate::engine::html;

/// `\w+` tokens as Python's `re` finds them (case kept).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut out = HashMap::new();
    let n = 4;
    for i in 0..t.len().saturating_sub(n - 1).max(1) {
        let s = t[i..(i + n).min(t.len())].to_vec();
        if !s.is_empty() {
            *out.entry(s).or_insert(0) += 1;
        }
    }
    out
}

/// (tp, fp, fn) normalised to sum 1, as the benchmark computes them.
pub fn shingle_match(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(predicted);
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fneg += tc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        fp += pc.saturating_sub(t.get(k).copied().unwrap_or(0)) as f64;
    }
    let s = tp + fp + fneg;
    if s > 0.0 {
        (tp / s, fp / s, fneg / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

fn precision(tp: f64, fp: f64, fneg: f64) -> f64 {
    if fp == 0.0 && fneg == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall(tp: f64, fp: f64, fneg: f64) -> f64 {
    if fp == 0.0 && fneg == 0.0 {
        1.0
    } else if tp == 0.0 && fneg == 0.0 {
        0.0
    } else {
        tp / (tp + fneg)
    }
}

/// A benchmark page: its id, gold article body and HTML.
pub struct Page {
    pub id: String,
    pub truth: String,
    pub html: String,
}

pub fn pages(dir: &Path) -> Result<Vec<Page>, String> {
    let gold: serde_json::Value = serde_json::from_str(&read_text(&dir.join("ground-truth.json"))?)
        .map_err(|e| format!("ground-truth.json: {e}"))?;
    let mut out = Vec::new();
    for (id, v) in gold
        .as_object()
        .ok_or("ground-truth.json is not an object")?
    {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = read(&path)?;
        let mut html = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        out.push(Page {
            id: id.clone(),
            truth: v["articleBody"].as_str().unwrap_or("").to_string(),
            html,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    if !dir.join("ground-truth.json").exists() {
        return Ok(Outcome::Skipped(format!(
            "{} has no ground-truth.json",
            dir.display()
        )));
    }
    let pages = pages(dir)?;
    let t0 = Instant::now();
    let extracted: Vec<html::Extracted> = pages.iter().map(|p| html::extract(&p.html)).collect();
    let ms_per_page = t0.elapsed().as_secs_f64() * 1000.0 / pages.len().max(1) as f64;
    let (p, r, f1) = score(
        &pages,
        &extracted
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        true,
    );
    let n = pages.len().max(1) as f64;
    let titled = extracted.iter().filter(|e| e.meta.title.is_some()).count() as f64 / n;
    let dated = extracted.iter().filter(|e| e.meta.date.is_some()).count() as f64 / n;
    let with_outlet = extracted.iter().filter(|e| e.meta.outlet.is_some()).count() as f64 / n;
    let with_byline = extracted.iter().filter(|e| e.meta.byline.is_some()).count() as f64 / n;
    let mut metrics = vec![
        Metric::new("article body F1 (4-word shingles)", f1)
            .floor(0.659)
            .target(0.97),
        Metric::new("precision (mean over pages)", p),
        Metric::new("recall (mean over pages)", r),
        Metric::new("ms per page (parse + extract, one process)", ms_per_page),
        Metric::new("pages with a headline found", titled).percent(),
        Metric::new("pages with a publication date found", dated).percent(),
        Metric::new("pages with an outlet found", with_outlet).percent(),
        Metric::new("pages with a byline found", with_byline).percent(),
    ];
    let mut note = format!(
        "{} pages; published outputs: trafilatura 0.963, readability.js 0.950, best Rust port 0.969",
        pages.len()
    );
    match trafilatura(dir, &pages) {
        Ok((texts, ms)) => {
            let (_, _, f1) = score(
                &pages,
                &texts.iter().map(String::as_str).collect::<Vec<_>>(),
                false,
            );
            metrics.push(Metric::new("trafilatura, same run: F1", f1));
            metrics.push(Metric::new("trafilatura, same run: ms per page", ms));
            metrics
                .push(Metric::new("speed-up over trafilatura (×)", ms / ms_per_page).target(5.0));
        }
        Err(why) => note.push_str(&format!("; trafilatura side by side skipped: {why}")),
    }
    Ok(Outcome::Measured { metrics, note })
}

/// Precision, recall and F1 as the benchmark computes them.
fn score(pages: &[Page], texts: &[&str], report: bool) -> (f64, f64, f64) {
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let verbose = std::env::var_os("PARALLAX_EVAL_VERBOSE").is_some();
    for (page, &got) in pages.iter().zip(texts) {
        let (tp, fp, fneg) = shingle_match(&page.truth, got);
        if tp + fp > 0.0 {
            ps.push(precision(tp, fp, fneg));
        }
        if tp + fneg > 0.0 {
            rs.push(recall(tp, fp, fneg));
        }
        if verbose && report {
            say!(
                "  {} precision {:.3} recall {:.3}",
                &page.id[..12],
                precision(tp, fp, fneg),
                recall(tp, fp, fneg)
            );
        }
    }
    let p = ps.iter().sum::<f64>() / ps.len().max(1) as f64;
    let r = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
    let f1 = super::stats::f1(p, r);
    (p, r, f1)
}

/// trafilatura on the same pages, through `tests/extraction/trafilatura_pages.py` and the
/// Python named by `PARALLAX_PYTHON` (default `python3`), if it has trafilatura
/// (`./dev bench` installs it): its texts in page order and its milliseconds per page.
fn trafilatura(dir: &Path, pages: &[Page]) -> Result<(Vec<String>, f64), String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let python = std::env::var("PARALLAX_PYTHON").unwrap_or_else(|_| "python3".into());
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/trafilatura_pages.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    let list: String = pages
        .iter()
        .map(|p| {
            format!(
                "{}\n",
                dir.join("html").join(format!("{}.html.gz", p.id)).display()
            )
        })
        .collect();
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(list.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("failed").to_string();
        return Err(format!(
            "{python} has no trafilatura ({last}); ./dev bench installs it"
        ));
    }
    let mut texts = Vec::new();
    let mut ms = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_string());
        } else if let Some(m) = v.get("ms_per_page").and_then(|m| m.as_f64()) {
            ms = Some(m);
        }
    }
    if texts.len() != pages.len() {
        return Err("trafilatura gave fewer texts than pages".into());
    }
    Ok((texts, ms.ok_or("no timing from trafilatura")?))
}
