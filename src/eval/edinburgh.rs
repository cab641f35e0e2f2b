//! Edinburgh++ paraphrase corpus, train split: word alignment (the `links` of
//! `parallax score`) against the human `sureAlign` links.

use std::collections::HashSet;
use std::path::Path;

use super::{Metric, Outcome, read_text};
use crate::engine::{Grades, score_pairs};

/// Byte span of each space-separated token of `tokens` joined by single spaces.
fn spans(tokens: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    for t in tokens {
        out.push((at, at + t.len()));
        at += t.len() + 1;
    }
    out
}

fn token_at(spans: &[(usize, usize)], start: usize, end: usize) -> Option<usize> {
    spans.iter().position(|&(s, e)| start < e && end > s)
}

/// The meaning pass matches sentences, not words: the links are the lexical ones, measured
/// again so the report shows the figure beside the others.
pub fn run_semantic(dir: &Path, _: &crate::semantic::Embedder) -> Result<Outcome, String> {
    run(dir)
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let file = dir.join("gold.train.sure.json");
    if !file.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", file.display())));
    }
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&read_text(&file)?).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut texts = Vec::new();
    let mut gold: Vec<HashSet<(usize, usize)>> = Vec::new();
    for item in &items {
        let (Some(src), Some(tgt)) = (item["source"].as_str(), item["target"].as_str()) else {
            continue;
        };
        texts.push((src.to_string(), tgt.to_string()));
        let links = item["sureAlign"].as_str().unwrap_or("");
        gold.push(
            links
                .split_whitespace()
                .filter_map(|l| {
                    let (i, j) = l.split_once('-')?;
                    Some((i.parse().ok()?, j.parse().ok()?))
                })
                .collect(),
        );
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let results = score_pairs(&pairs, &Grades::default());
    let (mut tp, mut found, mut expected) = (0usize, 0usize, 0usize);
    for (((a, b), result), gold) in pairs.iter().zip(&results).zip(&gold) {
        let (ta, tb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
        let (sa, sb) = (spans(&ta), spans(&tb));
        let predicted: HashSet<(usize, usize)> = result
            .links
            .iter()
            .filter_map(|l| Some((token_at(&sa, l[0], l[1])?, token_at(&sb, l[2], l[3])?)))
            .collect();
        tp += predicted.intersection(gold).count();
        found += predicted.len();
        expected += gold.len();
    }
    let precision = tp as f64 / found.max(1) as f64;
    let recall = tp as f64 / expected.max(1) as f64;
    let f1 = super::stats::f1(precision, recall);
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("F1 of links vs sureAlign", f1)
                .floor(0.78)
                .target(0.88),
            Metric::new("precision", precision),
            Metric::new("recall", recall),
        ],
        note: format!("{} pairs, {expected} gold links", pairs.len()),
    })
}
