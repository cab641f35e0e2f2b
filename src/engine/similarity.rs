//! Article-level similarity from the alignment: containment (how much of A's text B also
//! carries), a symmetric score, and groups of articles that likely share an origin.

use super::model::{Cluster, Evidence, Group, Passage, Relation, Similarity};
use super::score::Idf;
use super::tokens::{CAPITAL, NUMBER, STOP, Token};

/// Share of the similarity score that comes from the documents' vocabularies (TF-IDF cosine);
/// the rest comes from aligned passages. Articles about the same event share names, places,
/// dates and numbers even where no sentence aligns.
const COSINE_WEIGHT: f32 = 0.5;
/// Extra weight of names and numbers (capitalised words not opening a sentence, digits) in
/// the vocabulary vector: they tell one event from another of the same kind.
const NAME_BOOST: f32 = 3.0;

/// The TF-IDF vector (sublinear term frequency) of a document's content stems, sorted by
/// stem, given its sentences' tokens (outside boilerplate).
pub fn doc_vector<'t>(sentences: impl Iterator<Item = &'t [Token]>, idf: &Idf) -> Vec<(u32, f32)> {
    let mut counts: std::collections::BTreeMap<u32, (f32, bool)> = Default::default();
    for tokens in sentences {
        for (k, t) in tokens.iter().enumerate() {
            if t.is(STOP) {
                continue;
            }
            let entry = counts.entry(t.stem).or_default();
            entry.0 += 1.0;
            entry.1 |= (k > 0 && t.is(CAPITAL)) || t.is(NUMBER);
        }
    }
    counts
        .into_iter()
        .map(|(stem, (tf, name))| {
            let boost = if name { 1.0 + NAME_BOOST } else { 1.0 };
            (stem, (1.0 + tf.ln()) * idf.weight(stem) * boost)
        })
        .collect()
}

/// What the similarity stage needs to know about one document.
pub struct DocWeights {
    pub name: String,
    /// Word count of each sentence (0 for boilerplate).
    pub words: Vec<usize>,
    /// TF-IDF vector of the document's content stems outside boilerplate, sorted by stem.
    pub vector: Vec<(u32, f32)>,
}

/// Cosine of two sparse vectors sorted by key.
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let norm = |v: &[(u32, f32)]| v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let d = norm(a) * norm(b);
    if d > 0.0 { (dot / d).min(1.0) } else { 0.0 }
}

/// Computes the matrices and the groups.
pub fn similarity(docs: &[DocWeights], clusters: &[Cluster], passages: &[Passage]) -> Similarity {
    let n = docs.len();
    let totals: Vec<f32> = docs
        .iter()
        .map(|d| d.words.iter().sum::<usize>() as f32)
        .collect();
    let mut covered = vec![vec![0.0f32; n]; n]; // covered[i][j]: words of i carried by j
    let mut shared_rows = vec![vec![0usize; n]; n];
    let mut close_rows = vec![vec![0usize; n]; n];
    for c in clusters {
        if c.members.len() < 2 {
            continue;
        }
        for x in &c.members {
            // Best value of x's sentence in each other document of the row.
            let mut best = vec![0.0f32; n];
            let mut close = vec![false; n];
            for y in &c.members {
                if y.doc == x.doc {
                    continue;
                }
                let strength = |m: &super::model::Member| match m.relation {
                    Relation::Identical | Relation::Near => 1.0,
                    _ => m.score,
                };
                let v = strength(x).min(strength(y));
                best[y.doc] = best[y.doc].max(v);
                close[y.doc] |= matches!(x.relation, Relation::Identical | Relation::Near)
                    && matches!(y.relation, Relation::Identical | Relation::Near);
            }
            let words = docs[x.doc].words.get(x.sentence).copied().unwrap_or(0) as f32;
            for j in 0..n {
                if best[j] > 0.0 {
                    covered[x.doc][j] += words * best[j];
                }
            }
        }
        let mut present: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
        present.dedup();
        let closeish: Vec<bool> = (0..n)
            .map(|d| {
                c.members.iter().any(|m| {
                    m.doc == d && matches!(m.relation, Relation::Identical | Relation::Near)
                })
            })
            .collect();
        for (a, &i) in present.iter().enumerate() {
            for &j in &present[a + 1..] {
                shared_rows[i][j] += 1;
                shared_rows[j][i] += 1;
                if closeish[i] && closeish[j] {
                    close_rows[i][j] += 1;
                    close_rows[j][i] += 1;
                }
            }
        }
    }
    let mut containment = vec![vec![0.0f32; n]; n];
    let mut matrix = vec![vec![0.0f32; n]; n];
    let mut aligned_matrix = vec![vec![0.0f32; n]; n];
    for i in 0..n {
        for j in 0..n {
            containment[i][j] = if i == j {
                1.0
            } else if totals[i] > 0.0 {
                (covered[i][j] / totals[i]).min(1.0)
            } else {
                0.0
            };
        }
    }
    for i in 0..n {
        for j in 0..n {
            matrix[i][j] = if i == j {
                1.0
            } else {
                let total = totals[i] + totals[j];
                let aligned = if total > 0.0 {
                    (containment[i][j] * totals[i] + containment[j][i] * totals[j]) / total
                } else {
                    0.0
                };
                aligned_matrix[i][j] = aligned;
                ((1.0 - COSINE_WEIGHT) * aligned
                    + COSINE_WEIGHT * cosine(&docs[i].vector, &docs[j].vector))
                .min(1.0)
            };
        }
    }
    let groups = groups(
        docs,
        &matrix,
        &aligned_matrix,
        &containment,
        &shared_rows,
        &close_rows,
        passages,
    );
    Similarity {
        matrix,
        containment,
        groups,
    }
}

fn groups(
    docs: &[DocWeights],
    matrix: &[Vec<f32>],
    aligned: &[Vec<f32>],
    containment: &[Vec<f32>],
    shared_rows: &[Vec<usize>],
    close_rows: &[Vec<usize>],
    passages: &[Passage],
) -> Vec<Group> {
    let n = docs.len();
    let mut runs = vec![vec![(0usize, 0usize); n]; n];
    for p in passages {
        let (i, j) = (p.a.doc, p.b.doc);
        runs[i][j].0 += 1;
        runs[i][j].1 = runs[i][j].1.max(p.tokens);
        runs[j][i] = runs[i][j];
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut evidence = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (count, longest) = runs[i][j];
            let contained = containment[i][j].max(containment[j][i]);
            let likely = aligned[i][j] >= 0.45
                || contained >= 0.6
                || (count >= 3 && longest >= 12)
                || longest >= 25
                || close_rows[i][j] >= 4;
            if !likely {
                continue;
            }
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            parent[ri.max(rj)] = ri.min(rj);
            let summary = format!(
                "{} and {} share {} passage(s), {} of them near-verbatim, and {} verbatim run(s) \
                 of 8+ words (longest {} words); {:.0}% of {} is in {}, {:.0}% of {} is in {}.",
                docs[i].name,
                docs[j].name,
                shared_rows[i][j],
                close_rows[i][j],
                count,
                longest,
                containment[i][j] * 100.0,
                docs[i].name,
                docs[j].name,
                containment[j][i] * 100.0,
                docs[j].name,
                docs[i].name,
            );
            evidence.push(Evidence {
                a: i,
                b: j,
                similarity: matrix[i][j],
                shared_rows: shared_rows[i][j],
                close_rows: close_rows[i][j],
                passages: count,
                longest_passage: longest,
                summary,
            });
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for d in 0..n {
        let r = find(&mut parent, d);
        by_root.entry(r).or_default().push(d);
    }
    by_root
        .into_values()
        .filter(|docs| docs.len() > 1)
        .map(|docs| {
            let evidence = evidence
                .iter()
                .filter(|e| docs.contains(&e.a))
                .cloned()
                .collect();
            Group { docs, evidence }
        })
        .collect()
}
