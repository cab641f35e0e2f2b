//! Microsoft Research Paraphrase Corpus, train split: is this pair of news sentences a
//! paraphrase? The engine's pair score is thresholded; the threshold is fitted by 10-fold
//! cross-validation on this split.

use std::path::Path;

use super::stats::{accuracy_f1, cross_validated};
use super::{Metric, Outcome, read_text};
use crate::engine::{Grades, score_pairs};

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let file = dir.join("msr_paraphrase_train.txt");
    if !file.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", file.display())));
    }
    let text = read_text(&file)?;
    let mut pairs = Vec::new();
    let mut labels = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 || !matches!(cols[0], "0" | "1") {
            continue;
        }
        pairs.push((cols[3], cols[4]));
        labels.push(cols[0] == "1");
    }
    let scores: Vec<f64> = score_pairs(&pairs, &Grades::default())
        .iter()
        .map(|r| r.score as f64)
        .collect();
    let predicted = cross_validated(&scores, &labels, 10);
    let (accuracy, f1) = accuracy_f1(&predicted, &labels);
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("accuracy (10-fold threshold)", accuracy)
                .floor(0.730)
                .target(0.78)
                .percent(),
            Metric::new("F1 (10-fold threshold)", f1)
                .floor(0.813)
                .target(0.84),
        ],
        note: format!("{} pairs", pairs.len()),
    })
}
