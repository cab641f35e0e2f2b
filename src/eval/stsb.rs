//! STS Benchmark (train + dev): graded sentence similarity 0–5. Pearson correlation of the
//! engine's pair score with the human grades; the news genre of the dev split is the target.
//! Word weights come from all pairs of both splits (unsupervised statistics, no labels).

use std::path::Path;

use super::stats::{best_blend_for_pearson, pearson};
use super::{Metric, Outcome, read_text};
use crate::engine::{Grades, score_pairs};
use crate::semantic::Embedder;

struct Row {
    dev: bool,
    genre: String,
    score: f64,
    a: String,
    b: String,
}

fn load(path: &Path, dev: bool, out: &mut Vec<Row>) -> Result<(), String> {
    for line in read_text(path)?.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 {
            continue;
        }
        let Ok(score) = cols[4].parse::<f64>() else {
            continue;
        };
        out.push(Row {
            dev,
            genre: cols[0].to_string(),
            score,
            a: cols[5].to_string(),
            b: cols[6].to_string(),
        });
    }
    Ok(())
}

/// Both splits' rows, or why they are skipped.
fn load_all(dir: &Path) -> Result<Result<Vec<Row>, Outcome>, String> {
    let (train, dev) = (dir.join("sts-train.csv"), dir.join("sts-dev.csv"));
    if !dev.exists() {
        return Ok(Err(Outcome::Skipped(format!(
            "{} is absent",
            dev.display()
        ))));
    }
    let mut rows = Vec::new();
    load(&dev, true, &mut rows)?;
    if train.exists() {
        load(&train, false, &mut rows)?;
    }
    Ok(Ok(rows))
}

fn lexical_scores(rows: &[Row]) -> Vec<f64> {
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r.a.as_str(), r.b.as_str())).collect();
    score_pairs(&pairs, &Grades::default())
        .iter()
        .map(|r| r.score as f64)
        .collect()
}

/// Pearson of `scores` with the grades of the rows `keep` accepts.
fn correlation(rows: &[Row], scores: &[f64], keep: &dyn Fn(&Row) -> bool) -> f64 {
    let (x, y): (Vec<f64>, Vec<f64>) = rows
        .iter()
        .zip(scores)
        .filter(|(r, _)| keep(r))
        .map(|(r, s)| (*s, r.score))
        .unzip();
    pearson(&x, &y)
}

fn dev_news(r: &Row) -> bool {
    r.dev && r.genre == "main-news"
}

/// With the sentence model: the cosine alone, and blended with the pair score by the weight
/// that correlates best on the train split (never fitted on dev).
pub fn run_semantic(dir: &Path, embedder: &Embedder) -> Result<Outcome, String> {
    let rows = match load_all(dir)? {
        Ok(rows) => rows,
        Err(skipped) => return Ok(skipped),
    };
    let lexical = lexical_scores(&rows);
    let pairs: Vec<(String, String)> = rows.iter().map(|r| (r.a.clone(), r.b.clone())).collect();
    let cosine = super::msrp::cosines(&pairs, embedder)?;
    let train: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].dev).collect();
    let pick = |v: &[f64]| train.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let w = best_blend_for_pearson(
        &pick(&lexical),
        &pick(&cosine),
        &pick(&rows.iter().map(|r| r.score).collect::<Vec<_>>()),
    );
    let blended: Vec<f64> = lexical
        .iter()
        .zip(&cosine)
        .map(|(l, c)| w * l + (1.0 - w) * c)
        .collect();
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new(
                "Pearson, dev news, lexical",
                correlation(&rows, &lexical, &dev_news),
            ),
            Metric::new(
                "Pearson, dev news, cosine",
                correlation(&rows, &cosine, &dev_news),
            ),
            Metric::new(
                "Pearson, dev news, lexical + cosine",
                correlation(&rows, &blended, &dev_news),
            )
            .floor(0.77)
            .target(0.85),
            Metric::new(
                "Pearson, dev all genres, lexical + cosine",
                correlation(&rows, &blended, &|r| r.dev),
            ),
        ],
        note: format!(
            "{} pairs; blend weight of the lexical score {w:.1}, fitted on train; train pairs \
             at the engine's cosine threshold {:.2} or more: {}",
            rows.len(),
            crate::engine::meaning::THRESHOLD,
            grades_above(&rows, &cosine)
        ),
    })
}

/// The train pairs whose cosine reaches the engine's threshold: how many, their mean grade
/// and the share graded 3 or more ("roughly equivalent").
fn grades_above(rows: &[Row], cosine: &[f64]) -> String {
    let t = f64::from(crate::engine::meaning::THRESHOLD);
    let grades: Vec<f64> = rows
        .iter()
        .zip(cosine)
        .filter(|(r, c)| !r.dev && **c >= t)
        .map(|(r, _)| r.score)
        .collect();
    let n = grades.len().max(1) as f64;
    format!(
        "{}, mean grade {:.2}, {:.1} % graded 3 or more",
        grades.len(),
        grades.iter().sum::<f64>() / n,
        100.0 * grades.iter().filter(|g| **g >= 3.0).count() as f64 / n
    )
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let rows = match load_all(dir)? {
        Ok(rows) => rows,
        Err(skipped) => return Ok(skipped),
    };
    let scores = lexical_scores(&rows);
    let corr = |keep: &dyn Fn(&Row) -> bool| {
        let (x, y): (Vec<f64>, Vec<f64>) = rows
            .iter()
            .zip(&scores)
            .filter(|(r, _)| keep(r))
            .map(|(r, s)| (*s, r.score))
            .unzip();
        pearson(&x, &y)
    };
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new(
                "Pearson, dev news",
                corr(&|r| r.dev && r.genre == "main-news"),
            )
            .floor(0.77)
            .target(0.80),
            Metric::new("Pearson, dev all genres", corr(&|r| r.dev)),
            Metric::new(
                "Pearson, train news",
                corr(&|r| !r.dev && r.genre == "main-news"),
            ),
        ],
        note: format!("{} pairs", rows.len()),
    })
}
