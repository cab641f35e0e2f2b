//! Microsoft Research Paraphrase Corpus, train split: is this pair of news sentences a
//! paraphrase? The engine's pair score is thresholded; the threshold is fitted by 10-fold
//! cross-validation on this split. With `--semantic`, the sentence model's cosine too, alone
//! and blended with the pair score (weight and threshold fitted on the other folds).

use std::path::Path;

use super::stats::{
    accuracy_f1, best_threshold, cross_validated, cross_validated_blend, cross_validated_logistic,
};
use super::{Metric, Outcome, read_text};
use crate::engine::{Grades, score_pairs};
use crate::semantic::Embedder;

struct Data {
    pairs: Vec<(String, String)>,
    labels: Vec<bool>,
}

fn load(dir: &Path) -> Result<Result<Data, Outcome>, String> {
    let file = dir.join("msr_paraphrase_train.txt");
    if !file.exists() {
        return Ok(Err(Outcome::Skipped(format!(
            "{} is absent",
            file.display()
        ))));
    }
    let text = read_text(&file)?;
    let mut data = Data {
        pairs: Vec::new(),
        labels: Vec::new(),
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 || !matches!(cols[0], "0" | "1") {
            continue;
        }
        data.pairs.push((cols[3].to_string(), cols[4].to_string()));
        data.labels.push(cols[0] == "1");
    }
    Ok(Ok(data))
}

fn lexical_scores(data: &Data) -> Vec<f64> {
    let pairs: Vec<(&str, &str)> = data
        .pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    score_pairs(&pairs, &Grades::default())
        .iter()
        .map(|r| r.score as f64)
        .collect()
}

fn accuracy_and_f1(name: &str, predicted: &[bool], labels: &[bool], goals: bool) -> Vec<Metric> {
    let (accuracy, f1) = accuracy_f1(predicted, labels);
    let mut a = Metric::new(&format!("accuracy ({name})"), accuracy).percent();
    let mut f = Metric::new(&format!("F1 ({name})"), f1);
    if goals {
        a = a.floor(0.730).target(0.78);
        f = f.floor(0.813).target(0.84);
    }
    vec![a, f]
}

pub fn run(dir: &Path) -> Result<Outcome, String> {
    let data = match load(dir)? {
        Ok(d) => d,
        Err(skipped) => return Ok(skipped),
    };
    let predicted = cross_validated(&lexical_scores(&data), &data.labels, 10);
    Ok(Outcome::Measured {
        metrics: accuracy_and_f1("10-fold threshold", &predicted, &data.labels, true),
        note: format!("{} pairs", data.pairs.len()),
    })
}

/// How many pairs reach the engine's cosine threshold, and the share of them that are
/// paraphrases (what a row by meaning rests on).
fn precision_at_threshold(cosine: &[f64], labels: &[bool]) -> String {
    let t = f64::from(crate::engine::meaning::THRESHOLD);
    let above: Vec<bool> = cosine
        .iter()
        .zip(labels)
        .filter(|(c, _)| **c >= t)
        .map(|(_, l)| *l)
        .collect();
    let right = above.iter().filter(|l| **l).count();
    format!(
        "{} pairs reach it, {:.1} % of them paraphrases",
        above.len(),
        100.0 * right as f64 / above.len().max(1) as f64
    )
}

/// The pairs' cosines by the sentence model.
pub(super) fn cosines(pairs: &[(String, String)], embedder: &Embedder) -> Result<Vec<f64>, String> {
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    let vectors = embedder.embed(&texts, &mut super::embedding_progress)?;
    Ok(vectors
        .chunks(2)
        .map(|v| parallax_embed::cosine(&v[0], &v[1]) as f64)
        .collect())
}

/// Numbers and names of a sentence: tokens with a digit, capitalised words not first.
fn facts(s: &str) -> std::collections::BTreeSet<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"'))
        .enumerate()
        .filter(|(i, w)| {
            w.chars().any(|c| c.is_ascii_digit())
                || (*i > 0 && w.chars().next().is_some_and(char::is_uppercase))
        })
        .map(|(_, w)| w.trim_end_matches(['.', '\'', ':']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// What the classifier reads of a pair: the pair score, the cosine, their product, the share
/// of numbers and names one side has that the other lacks, and the length ratio.
pub(super) fn pair_features(a: &str, b: &str, lexical: f64, cosine: f64) -> Vec<f64> {
    let (fa, fb) = (facts(a), facts(b));
    let union = fa.union(&fb).count().max(1) as f64;
    let differ = fa.symmetric_difference(&fb).count() as f64 / union;
    let numbers = |f: &std::collections::BTreeSet<String>| {
        f.iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
    };
    let numbers_differ = f64::from(u8::from(numbers(&fa) != numbers(&fb)));
    let (la, lb) = (
        a.split_whitespace().count() as f64,
        b.split_whitespace().count() as f64,
    );
    let ratio = la.min(lb) / la.max(lb).max(1.0);
    vec![
        lexical,
        cosine,
        lexical * cosine,
        differ,
        numbers_differ,
        ratio,
    ]
}

pub fn run_semantic(dir: &Path, embedder: &Embedder) -> Result<Outcome, String> {
    let data = match load(dir)? {
        Ok(d) => d,
        Err(skipped) => return Ok(skipped),
    };
    let lexical = lexical_scores(&data);
    let cosine = cosines(&data.pairs, embedder)?;
    let labels = &data.labels;
    let mut metrics = accuracy_and_f1(
        "lexical",
        &cross_validated(&lexical, labels, 10),
        labels,
        false,
    );
    metrics.extend(accuracy_and_f1(
        "cosine",
        &cross_validated(&cosine, labels, 10),
        labels,
        false,
    ));
    let (blended, weights) = cross_validated_blend(&lexical, &cosine, labels, 10);
    metrics.extend(accuracy_and_f1("lexical + cosine", &blended, labels, false));
    let features: Vec<Vec<f64>> = data
        .pairs
        .iter()
        .zip(lexical.iter().zip(&cosine))
        .map(|((a, b), (&l, &c))| pair_features(a, b, l, c))
        .collect();
    let predicted = cross_validated_logistic(&features, labels, 10);
    metrics.extend(accuracy_and_f1(
        "logistic, lexical + cosine + facts",
        &predicted,
        labels,
        true,
    ));
    Ok(Outcome::Measured {
        metrics,
        note: format!(
            "{} pairs; 10-fold, threshold (and blend weight) fitted on the other folds; blend \
             weight of the lexical score {weights}; best cosine threshold on the whole split \
             {:.3}; at the engine's threshold {:.2}, {}",
            data.pairs.len(),
            best_threshold(&cosine, labels),
            crate::engine::meaning::THRESHOLD,
            precision_at_threshold(&cosine, labels)
        ),
    })
}
