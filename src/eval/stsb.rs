//! STS Benchmark (train + dev): graded sentence similarity 0–5. Pearson correlation of the
//! engine's pair score with the human grades; the news genre of the dev split is the target.
//! Word weights come from all pairs of both splits (unsupervised statistics, no labels).

use std::path::Path;

use super::stats::pearson;
use super::{Metric, Outcome, read_text};
use crate::engine::{Grades, score_pairs};

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

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let (train, dev) = (dir.join("sts-train.csv"), dir.join("sts-dev.csv"));
    if !dev.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", dev.display())));
    }
    let mut rows = Vec::new();
    load(&dev, true, &mut rows)?;
    if train.exists() {
        load(&train, false, &mut rows)?;
    }
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r.a.as_str(), r.b.as_str())).collect();
    let scores: Vec<f64> = score_pairs(&pairs, &Grades::default())
        .iter()
        .map(|r| r.score as f64)
        .collect();
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
