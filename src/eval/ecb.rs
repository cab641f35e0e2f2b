//! ECB+: telling articles about the same event from articles about another event of the same
//! kind (same topic). Each topic's articles are analysed together, as a user would drop them;
//! the engine's article similarity is scored by ROC-AUC, same-event pairs against
//! same-topic-other-event pairs.

use std::collections::BTreeMap;
use std::path::Path;

use super::stats::auc;
use super::{Metric, Outcome, read_xz};
use crate::engine::{Options, SourceText, analyze};
use crate::semantic::{Embedder, analyze_semantic};

struct Article {
    topic: i64,
    cluster: String,
    text: String,
    name: String,
}

/// The articles of one ECB+ cluster (`"13ecb"`: topic 13's ECB articles, which report one
/// event), as the evaluation analyses them; `None` when the data is absent.
pub fn cluster_articles(dir: &Path, cluster: &str) -> Result<Option<Vec<SourceText>>, String> {
    let Some(by_topic) = load(dir)? else {
        return Ok(None);
    };
    Ok(Some(
        by_topic
            .values()
            .flatten()
            .filter(|a| a.cluster == cluster)
            .map(|a| SourceText::new(a.name.clone(), a.text.clone()))
            .collect(),
    ))
}

/// The articles by topic, or `None` when the data file is absent.
fn load(dir: &Path) -> Result<Option<BTreeMap<i64, Vec<Article>>>, String> {
    let file = dir.join("ecbplus_docs.jsonl.xz");
    if !file.exists() {
        return Ok(None);
    }
    let data = read_xz(&file)?;
    let mut by_topic: BTreeMap<i64, Vec<Article>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&data)
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let name = v["doc"].as_str().unwrap_or("").to_string();
        let drop_url = name.ends_with("ecbplus");
        let sentences: Vec<String> = v["sentences"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter(|x| !(drop_url && x[0].as_i64() == Some(0)))
                    .filter_map(|x| x[1].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let topic = v["topic"].as_i64().unwrap_or(-1);
        let cluster = v["cluster"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v["cluster"].to_string());
        by_topic.entry(topic).or_default().push(Article {
            topic,
            cluster,
            text: sentences.join("\n"),
            name,
        });
    }
    Ok(Some(by_topic))
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    measure(dir, None)
}

/// With the meaning pass: each topic analysed with every sentence embedded.
pub fn run_semantic(dir: &Path, embedder: &Embedder) -> Result<Outcome, String> {
    measure(dir, Some(embedder))
}

fn measure(dir: &Path, embedder: Option<&Embedder>) -> Result<Outcome, String> {
    let Some(by_topic) = load(dir)? else {
        return Ok(Outcome::Skipped(format!(
            "{} is absent",
            dir.join("ecbplus_docs.jsonl.xz").display()
        )));
    };
    let (mut same, mut other) = (Vec::new(), Vec::new());
    let mut articles = 0;
    for docs in by_topic.values() {
        articles += docs.len();
        let sources: Vec<SourceText> = docs
            .iter()
            .map(|d| SourceText::new(d.name.clone(), d.text.clone()))
            .collect();
        let a = match embedder {
            None => analyze(&sources, &Options::default()),
            Some(e) => analyze_semantic(
                &sources,
                &Options::default(),
                e,
                &mut crate::engine::Silent,
                &mut super::embedding_progress,
            )?,
        };
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                debug_assert_eq!(docs[i].topic, docs[j].topic);
                let s = a.similarity.matrix[i][j] as f64;
                if docs[i].cluster == docs[j].cluster {
                    same.push(s)
                } else {
                    other.push(s)
                }
            }
        }
    }
    Ok(Outcome::Measured {
        metrics: vec![
            Metric::new("ROC-AUC, same event vs other event", auc(&same, &other))
                .floor(0.889)
                .target(0.93),
        ],
        note: format!(
            "{articles} articles, {} topics, {} same-event and {} other-event pairs",
            by_topic.len(),
            same.len(),
            other.len()
        ),
    })
}
