//! Article-level similarity from the alignment: containment (how much of A's text B also
//! carries), a symmetric score, and groups of articles that likely share an origin.

use super::meaning::{dot, unit};
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

/// Terms kept in a document's vocabulary vector (the heaviest): enough to characterise an
/// article, few enough that comparing a thousand articles stays cheap.
const VECTOR_TERMS: usize = 100;

/// The unit-length TF-IDF vector (sublinear term frequency) of a document's heaviest content
/// stems, given its sentences' tokens (outside boilerplate).
pub fn doc_vector<'t>(sentences: impl Iterator<Item = &'t [Token]>, idf: &Idf) -> Vec<(u32, f32)> {
    let mut counts: rustc_hash::FxHashMap<u32, (f32, bool)> = Default::default();
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
    let mut v: Vec<(u32, f32)> = counts
        .into_iter()
        .map(|(stem, (tf, name))| {
            let boost = if name { 1.0 + NAME_BOOST } else { 1.0 };
            (stem, (1.0 + tf.ln()) * idf.weight(stem) * boost)
        })
        .collect();
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(VECTOR_TERMS);
    v.sort_unstable_by_key(|x| x.0);
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| x.1 /= norm);
    }
    v
}

/// What the similarity stage needs to know about one document.
pub struct DocWeights {
    pub name: String,
    /// Word count of each sentence (0 for boilerplate).
    pub words: Vec<usize>,
    /// The document's vocabulary vector ([`doc_vector`]).
    pub vector: Vec<(u32, f32)>,
    /// The unit mean of its sentences' vectors, when the meaning pass ran.
    pub meaning: Option<Vec<f32>>,
}

/// Share of the similarity score that comes from the documents' meaning, when the meaning
/// pass ran: the cosine of their mean sentence vectors less the set's mean, mapped from
/// [−1, 1] to [0, 1]. Measured on ECB+ (ROC-AUC of same-event pairs, `parallax eval
/// --semantic`): rows by meaning alone 0.928; plain means at weight 0.3 lowered it to 0.898
/// (articles of one topic are close by their topic alone); centred means counted from 0 at
/// weight 0.2, 0.35, 0.5: 0.947, 0.950, 0.949; centred and mapped from [−1, 1] at 0.4: 0.964.
const MEANING_WEIGHT: f32 = 0.4;

/// Documents' meaning vectors less their mean, at unit length (`None` for a document without
/// one, and for all when fewer than three have one: the mean of two is their midpoint).
fn centred(docs: &[DocWeights]) -> Vec<Option<Vec<f32>>> {
    let with: Vec<&[f32]> = docs.iter().filter_map(|d| d.meaning.as_deref()).collect();
    if with.len() < 3 {
        return vec![None; docs.len()];
    }
    let dim = with[0].len();
    let mut mean = vec![0.0f32; dim];
    for v in &with {
        mean.iter_mut()
            .zip(v.iter())
            .for_each(|(m, x)| *m += x / with.len() as f32);
    }
    docs.iter()
        .map(|d| {
            let v = d.meaning.as_deref().filter(|v| v.len() == dim)?;
            let c: Vec<f32> = v.iter().zip(&mean).map(|(x, m)| x - m).collect();
            unit(&c, 1e-6)
        })
        .collect()
}

/// The unit mean of some unit vectors (`None` when there are none).
pub fn mean_vector<'v>(vectors: impl Iterator<Item = &'v [f32]>) -> Option<Vec<f32>> {
    let mut sum: Vec<f32> = Vec::new();
    for v in vectors {
        if sum.is_empty() {
            sum = vec![0.0; v.len()];
        }
        if v.len() == sum.len() {
            sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
        }
    }
    unit(&sum, 0.0)
}

/// Cosines of every pair of unit vectors, through an inverted index (only shared terms cost).
#[allow(clippy::needless_range_loop)] // a symmetric matrix: each index addresses both halves
fn cosines(docs: &[DocWeights]) -> Vec<Vec<f32>> {
    let n = docs.len();
    let mut postings: rustc_hash::FxHashMap<u32, Vec<(u32, f32)>> = Default::default();
    for (d, doc) in docs.iter().enumerate() {
        for &(stem, w) in &doc.vector {
            postings.entry(stem).or_default().push((d as u32, w));
        }
    }
    let mut dot = vec![vec![0.0f32; n]; n];
    for list in postings.values() {
        for (x, &(i, wi)) in list.iter().enumerate() {
            for &(j, wj) in &list[x + 1..] {
                dot[i as usize][j as usize] += wi * wj;
            }
        }
    }
    for i in 0..n {
        for j in i + 1..n {
            let v = dot[i][j].min(1.0);
            dot[i][j] = v;
            dot[j][i] = v;
        }
    }
    dot
}

/// Computes the matrices and the groups.
pub fn similarity(docs: &[DocWeights], clusters: &[Cluster], passages: &[Passage]) -> Similarity {
    let n = docs.len();
    let totals: Vec<f32> = docs
        .iter()
        .map(|d| d.words.iter().sum::<usize>() as f32)
        .collect();
    // What two documents share, for the pairs that share anything: the matrices are n × n,
    // but most pairs of a large set share nothing, and only the two outputs need every cell.
    let mut pairs: rustc_hash::FxHashMap<(usize, usize), Shared> = Default::default();
    for c in clusters {
        if c.members.len() < 2 {
            continue;
        }
        let strength = |m: &super::model::Member| match m.relation {
            Relation::Identical | Relation::Near => 1.0,
            _ => m.score,
        };
        let close =
            |m: &super::model::Member| matches!(m.relation, Relation::Identical | Relation::Near);
        for x in &c.members {
            // x's sentence is carried by each other document of the row, as well as the weaker
            // of the two members' grades allows (members are sorted by document).
            let words = docs[x.doc].words.get(x.sentence).copied().unwrap_or(0) as f32;
            let mut k = 0;
            while k < c.members.len() {
                let doc = c.members[k].doc;
                let mut best = 0.0f32;
                while k < c.members.len() && c.members[k].doc == doc {
                    best = best.max(strength(x).min(strength(&c.members[k])));
                    k += 1;
                }
                if doc != x.doc {
                    let (key, side) = ordered(x.doc, doc);
                    pairs.entry(key).or_default().covered[side] += words * best;
                }
            }
        }
        let mut present: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
        present.dedup();
        let closeish: Vec<bool> = present
            .iter()
            .map(|&d| c.members.iter().any(|m| m.doc == d && close(m)))
            .collect();
        for (a, &i) in present.iter().enumerate() {
            for (b, &j) in present.iter().enumerate().skip(a + 1) {
                let p = pairs.entry(ordered(i, j).0).or_default();
                p.shared_rows += 1;
                if closeish[a] && closeish[b] {
                    p.close_rows += 1;
                }
            }
        }
    }
    for p in passages {
        let s = pairs.entry(ordered(p.a.doc, p.b.doc).0).or_default();
        s.passages += 1;
        s.longest = s.longest.max(p.tokens);
    }
    let mut containment = vec![vec![0.0f32; n]; n];
    let mut matrix = cosines(docs);
    for (i, row) in matrix.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = if i == j {
                1.0
            } else {
                (COSINE_WEIGHT * *cell).min(1.0)
            };
        }
        containment[i][i] = 1.0;
    }
    let mut keys: Vec<(usize, usize)> = pairs.keys().copied().collect();
    keys.sort_unstable();
    for &(i, j) in &keys {
        let p = pairs.get_mut(&(i, j)).expect("a key of the map");
        for (side, (x, y)) in [(0, (i, j)), (1, (j, i))] {
            if totals[x] > 0.0 {
                containment[x][y] = (p.covered[side] / totals[x]).min(1.0);
            }
        }
        let total = totals[i] + totals[j];
        p.aligned = if total > 0.0 {
            (containment[i][j] * totals[i] + containment[j][i] * totals[j]) / total
        } else {
            0.0
        };
        for (x, y) in [(i, j), (j, i)] {
            matrix[x][y] = ((1.0 - COSINE_WEIGHT) * p.aligned + matrix[x][y]).min(1.0);
        }
    }
    // Groups of one origin are read from the words alone; the meaning component comes after.
    let groups = groups(docs, &matrix, &containment, &keys, &pairs);
    // Each document's mean sentence vector less the set's mean: what tells one article from
    // the others of the set, as IDF does for words (every article of a story is close to
    // every other by its topic alone).
    let centred = centred(docs);
    // The matrix is symmetric: each pair is computed once and written to both cells.
    for i in 0..n {
        for j in i + 1..n {
            if let (Some(a), Some(b)) = (&centred[i], &centred[j]) {
                let m = ((dot(a, b) + 1.0) / 2.0).clamp(0.0, 1.0);
                for (x, y) in [(i, j), (j, i)] {
                    matrix[x][y] = (1.0 - MEANING_WEIGHT) * matrix[x][y] + MEANING_WEIGHT * m;
                }
            }
        }
    }
    Similarity {
        matrix,
        containment,
        groups,
    }
}

/// What two documents share.
#[derive(Debug, Clone, Copy, Default)]
struct Shared {
    /// Words of the first (lower) document carried by the second, and the other way round.
    covered: [f32; 2],
    /// Share of both documents' words in rows they share, as well as their grades allow.
    aligned: f32,
    shared_rows: usize,
    close_rows: usize,
    passages: usize,
    longest: usize,
}

/// The pair's key (lower document first) and which side `a` is.
fn ordered(a: usize, b: usize) -> ((usize, usize), usize) {
    if a < b { ((a, b), 0) } else { ((b, a), 1) }
}

fn groups(
    docs: &[DocWeights],
    matrix: &[Vec<f32>],
    containment: &[Vec<f32>],
    keys: &[(usize, usize)],
    pairs: &rustc_hash::FxHashMap<(usize, usize), Shared>,
) -> Vec<Group> {
    let n = docs.len();
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
    for &(i, j) in keys {
        let p = pairs[&(i, j)];
        let (count, longest) = (p.passages, p.longest);
        let contained = containment[i][j].max(containment[j][i]);
        let likely = p.aligned >= 0.45
            || contained >= 0.6
            || (count >= 3 && longest >= 12)
            || longest >= 25
            || p.close_rows >= 4;
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
            p.shared_rows,
            p.close_rows,
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
            shared_rows: p.shared_rows,
            close_rows: p.close_rows,
            passages: count,
            longest_passage: longest,
            summary,
        });
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
