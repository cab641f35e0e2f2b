//! Clough & Stevenson (2009): 95 short answers written from five Wikipedia sources with four
//! levels of reuse (cut, light, heavy, non). Each answer is analysed with its source; the
//! class thresholds are fitted by leave-one-out cross-validation, never on the answer being
//! classified. Two cases in the data are marked "cut" but copy a part of the Wikipedia article
//! that is not in the source text given (g4pD_taskb, g2pE_taskc): no method can find them.

use std::path::Path;

use super::stats::{accuracy_f1, cross_validated, spearman};
use super::{Metric, Outcome, read};
use crate::engine::{Options, analyze, decode};

const CLASSES: [&str; 4] = ["non", "heavy", "light", "cut"];

/// Two scores of `answer` against `source`, from one analysis of the pair:
/// - *degree* of reuse: the mean of the engine's containment of the answer in the source and
///   the share of the answer inside verbatim shared passages (grades cut / light / heavy);
/// - *relatedness*: the mean of that containment and the article similarity (reused or not).
pub fn reuse_scores(source: &[u8], answer: &[u8]) -> Result<(f64, f64), String> {
    let s = decode("source", source).map_err(|e| e.to_string())?;
    let a = decode("answer", answer).map_err(|e| e.to_string())?;
    let answer_len = a.text.len().max(1);
    let analysis = analyze(&[s, a], &Options::default());
    let containment = analysis.similarity.containment[1][0] as f64;
    let mut covered = vec![false; answer_len];
    for p in &analysis.passages {
        let span = if p.b.doc == 1 { p.b } else { p.a };
        covered[span.start..span.end.min(answer_len)]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let verbatim = covered.iter().filter(|&&c| c).count() as f64 / answer_len as f64;
    let similarity = analysis.similarity.matrix[0][1] as f64;
    Ok((
        (containment + verbatim) / 2.0,
        (containment + similarity) / 2.0,
    ))
}

/// Ordinal thresholds t1 ≤ t2 ≤ t3 on a score that best separate classes 0..=3 (exhaustive
/// over cut points, with prefix counts so each candidate costs O(1)).
fn fit_thresholds(scores: &[f64], classes: &[usize]) -> [f64; 3] {
    let mut items: Vec<(f64, usize)> = scores
        .iter()
        .copied()
        .zip(classes.iter().copied())
        .collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = items.len();
    // prefix[c][p]: items of class c among the p lowest scores.
    let mut prefix = vec![vec![0usize; n + 1]; 4];
    for (p, &(_, c)) in items.iter().enumerate() {
        for (k, row) in prefix.iter_mut().enumerate() {
            row[p + 1] = row[p] + usize::from(k == c);
        }
    }
    // A cut at position p puts items[..p] below the threshold.
    let cut_value = |p: usize| -> f64 {
        match p {
            0 => items.first().map_or(0.0, |i| i.0) - 1e-6,
            p if p == n => items.last().map_or(1.0, |i| i.0) + 1e-6,
            p => (items[p - 1].0 + items[p].0) / 2.0,
        }
    };
    let valid = |p: usize| p == 0 || p == n || items[p - 1].0 < items[p].0;
    let mut best = (0usize, [0usize; 3]);
    for i in (0..=n).filter(|&p| valid(p)) {
        for j in (i..=n).filter(|&p| valid(p)) {
            for k in (j..=n).filter(|&p| valid(p)) {
                let correct = prefix[0][i]
                    + (prefix[1][j] - prefix[1][i])
                    + (prefix[2][k] - prefix[2][j])
                    + (prefix[3][n] - prefix[3][k]);
                if correct > best.0 {
                    best = (correct, [i, j, k]);
                }
            }
        }
    }
    best.1.map(cut_value)
}

fn classify(score: f64, t: &[f64; 3]) -> usize {
    t.iter().filter(|&&x| score >= x).count()
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let list = dir.join("corpus-final09.File_list.csv");
    let corpus = dir.join("corpus-20090418");
    if !list.exists() || !corpus.is_dir() {
        return Ok(Outcome::Skipped(
            "the file list or the corpus folder is absent".into(),
        ));
    }
    let list = String::from_utf8_lossy(&read(&list)?).into_owned();
    let mut scores = Vec::new();
    let mut related = Vec::new();
    let mut classes = Vec::new();
    for line in list.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() < 5 {
            continue;
        }
        let (file, task, category) = (cols[0], cols[3], cols[4]);
        let Some(class) = CLASSES.iter().position(|c| *c == category) else {
            continue;
        };
        let source = read(&corpus.join(format!("orig_task{task}.txt")))?;
        let answer = read(&corpus.join(file))?;
        let (degree, relatedness) = reuse_scores(&source, &answer)?;
        scores.push(degree);
        related.push(relatedness);
        classes.push(class);
    }
    // Leave-one-out: thresholds fitted on all other answers.
    let mut predicted = Vec::with_capacity(scores.len());
    for i in 0..scores.len() {
        let (s, c): (Vec<f64>, Vec<usize>) = (0..scores.len())
            .filter(|&j| j != i)
            .map(|j| (scores[j], classes[j]))
            .unzip();
        predicted.push(classify(scores[i], &fit_thresholds(&s, &c)));
    }
    let four = predicted
        .iter()
        .zip(&classes)
        .filter(|(p, c)| p == c)
        .count() as f64
        / scores.len().max(1) as f64;
    let reused: Vec<bool> = classes.iter().map(|&c| c > 0).collect();
    let (binary, _) = accuracy_f1(&cross_validated(&related, &reused, related.len()), &reused);
    let ordinal: Vec<f64> = classes.iter().map(|&c| c as f64).collect();
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("4-class accuracy (leave-one-out)", four)
                .floor(0.653)
                .target(0.75)
                .percent(),
            Metric::new("binary accuracy (leave-one-out)", binary)
                .floor(0.947)
                .target(0.96)
                .percent(),
            Metric::new(
                "Spearman, score vs non<heavy<light<cut",
                spearman(&scores, &ordinal),
            ),
        ],
        note: format!("{} answers", scores.len()),
    })
}
