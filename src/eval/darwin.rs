//! Six editions of the first paragraph of Darwin's *Origin of Species*: no gold, a smoke
//! and speed input for near-verbatim variation.

use std::path::Path;
use std::time::Instant;

use super::{Metric, Outcome, read_text};
use crate::engine::{Options, Relation, SourceText, analyze};

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let file = dir.join("darwin_chapter1_para1.json");
    if !file.exists() {
        return Ok(Outcome::Skipped(format!("{} is absent", file.display())));
    }
    let v: serde_json::Value =
        serde_json::from_str(&read_text(&file)?).map_err(|e| e.to_string())?;
    let docs: Vec<SourceText> = v["witnesses"]
        .as_array()
        .ok_or("no witnesses")?
        .iter()
        .map(|w| {
            SourceText::new(
                w["id"].as_str().unwrap_or("?"),
                w["content"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let t0 = Instant::now();
    let a = analyze(&docs, &Options::default());
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let sentences: usize = a.documents.iter().map(|d| d.sentences.len()).sum();
    let aligned: usize = a
        .clusters
        .iter()
        .filter(|c| c.members.len() > 1)
        .map(|c| c.members.len())
        .sum();
    let close = a
        .clusters
        .iter()
        .flat_map(|c| &c.members)
        .filter(|m| c_is_close(m.relation))
        .count();
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new(
                "share of sentences aligned",
                aligned as f64 / sentences.max(1) as f64,
            )
            .percent(),
            Metric::new(
                "share identical or near",
                close as f64 / sentences.max(1) as f64,
            )
            .percent(),
            Metric::new("analysis time, ms", ms),
        ],
        note: format!(
            "{} witnesses, {sentences} sentences, {} rows",
            docs.len(),
            a.clusters.len()
        ),
    })
}

fn c_is_close(r: Relation) -> bool {
    matches!(r, Relation::Identical | Relation::Near)
}
