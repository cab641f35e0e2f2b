//! The meaning pass's merge step. Sentence vectors from a sentence-embedding model are
//! computed outside the engine (the CLI's model, the page's semantic worker) and come in as
//! plain numbers ([`Meaning`]); here they join sentences the lexical alignment left apart.
//!
//! - **Which sentences** ([`to_embed`]): in a set of up to [`EVERY_SENTENCE_UP_TO`] articles,
//!   every sentence outside page debris (so article similarity can use meaning too); in a
//!   larger set, what the lexical pass did not settle: sentences alone in their row, members
//!   in a row only through another member, and each shared row's representative (what a
//!   lone sentence is checked against).
//! - **Which pairs**: sentences of two different documents whose vectors' cosine reaches the
//!   threshold, one of them alone in its row (rows the lexical pass built are never merged
//!   with each other). In a set of more than [`EVERY_SENTENCE_UP_TO`] articles only documents
//!   that already share a row are compared, so the work follows the stories, not the square
//!   of the set.
//! - **The row rules stand**: strongest pairs first; a sentence joins a row only if its
//!   document is not in it yet and its cosine with every member that has a vector is at least
//!   the threshold less [`ROW_MARGIN`].
//!
//! Without vectors nothing here runs, and the analysis is the lexical one, byte for byte.

use serde::{Deserialize, Serialize};

use super::model::{Analysis, Relation, SentenceRef, Test};

/// Sets of at most this many articles have every sentence embedded.
pub const EVERY_SENTENCE_UP_TO: usize = 20;

/// The cosine from which two sentences carry the same claim, for all-MiniLM-L6-v2 (calibrated
/// on STS-B train and MSRP train: see `parallax eval --semantic`).
pub const THRESHOLD: f32 = 0.75;

/// How far under the threshold a sentence may be from the other members of the row it joins.
pub const ROW_MARGIN: f32 = 0.15;

/// One sentence's vector (unit length).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceVector {
    pub doc: usize,
    pub sentence: usize,
    pub vector: Vec<f32>,
}

/// The meaning pass's input to an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meaning {
    /// Vectors of some sentences (all of one length); others take no part.
    pub vectors: Vec<SentenceVector>,
    /// Cosine from which two sentences match ([`THRESHOLD`]).
    pub threshold: f32,
}

impl Meaning {
    pub fn new(vectors: Vec<SentenceVector>) -> Self {
        Self {
            vectors,
            threshold: THRESHOLD,
        }
    }
}

/// How many sentences of an analysis the meaning pass matched (members graded by
/// [`Test::Meaning`]); the views and the report show ◇ in their legend only when there are
/// some.
pub fn matched(analysis: &Analysis) -> usize {
    analysis
        .clusters
        .iter()
        .flat_map(|c| &c.members)
        .filter(|m| m.evidence.as_ref().is_some_and(|e| e.test == Test::Meaning))
        .count()
}

/// The sentences the meaning pass embeds for an analysis, in document order (see the module
/// documentation).
pub fn to_embed(analysis: &Analysis) -> Vec<SentenceRef> {
    let every = analysis.documents.len() <= EVERY_SENTENCE_UP_TO;
    let mut out = Vec::new();
    for c in &analysis.clusters {
        for m in &c.members {
            let Some(s) = analysis
                .documents
                .get(m.doc)
                .and_then(|d| d.sentences.get(m.sentence))
            else {
                continue;
            };
            if s.boilerplate || s.text.trim().is_empty() {
                continue;
            }
            let unsettled = c.members.len() == 1
                || m.at() == c.representative
                || m.evidence
                    .as_ref()
                    .is_some_and(|e| matches!(e.test, Test::Row | Test::Meaning))
                || m.relation == Relation::Meaning;
            if every || unsettled {
                out.push(m.at());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The dot product of two vectors (the cosine of unit vectors).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `v` at unit length (`None` when it is (nearly) zero).
pub(crate) fn unit(v: &[f32], least: f32) -> Option<Vec<f32>> {
    let norm = dot(v, v).sqrt();
    (norm > least).then(|| v.iter().map(|x| x / norm).collect())
}

/// The vectors by global sentence id (documents' sentences numbered one after another, as
/// the aligner numbers them), built once per analysis.
pub(crate) struct Index {
    /// For each global sentence id, the row of its vector in `data` ([`NONE`] without one).
    slot: Vec<u32>,
    data: Vec<f32>,
    dim: usize,
    pub threshold: f32,
}

const NONE: u32 = u32::MAX;

impl Index {
    /// `offsets[d]` is the global id of document `d`'s first sentence (one more entry at the
    /// end). Vectors that point nowhere, have another length than the first or are not finite
    /// are left out.
    pub fn new(meaning: &Meaning, offsets: &[usize]) -> Self {
        let total = offsets.last().copied().unwrap_or(0);
        let dim = meaning.vectors.first().map_or(0, |v| v.vector.len());
        let mut slot = vec![NONE; total];
        let mut data = Vec::new();
        for v in &meaning.vectors {
            let Some(range) = offsets.get(v.doc).zip(offsets.get(v.doc + 1)) else {
                continue;
            };
            let g = range.0 + v.sentence;
            if g >= *range.1
                || dim == 0
                || v.vector.len() != dim
                || !v.vector.iter().all(|x| x.is_finite())
                || slot[g] != NONE
            {
                continue;
            }
            slot[g] = (data.len() / dim) as u32;
            data.extend_from_slice(&v.vector);
        }
        Self {
            slot,
            data,
            dim,
            threshold: meaning.threshold,
        }
    }

    pub fn vector(&self, g: usize) -> Option<&[f32]> {
        let s = *self.slot.get(g)?;
        (s != NONE).then(|| &self.data[s as usize * self.dim..(s as usize + 1) * self.dim])
    }

    /// The cosine of two sentences' vectors, when both have one.
    pub fn cosine(&self, a: usize, b: usize) -> Option<f32> {
        Some(dot(self.vector(a)?, self.vector(b)?))
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// Joins lone sentences to rows (or to each other) by meaning. `clusters` is the lexical
/// clustering (global ids, each row sorted); `doc_of` gives each global id's document;
/// `offsets` as in [`Index::new`]; `skip` says which sentences are page debris.
pub(crate) fn join(
    index: &Index,
    offsets: &[usize],
    doc_of: &[u32],
    skip: &dyn Fn(usize) -> bool,
    clusters: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    if index.is_empty() {
        return clusters;
    }
    let docs = offsets.len().saturating_sub(1);
    let n = doc_of.len();
    let mut cluster_of = vec![0usize; n];
    for (c, m) in clusters.iter().enumerate() {
        for &g in m {
            cluster_of[g] = c;
        }
    }
    let mut members = clusters;
    // Which documents are compared: all pairs in a small set, else those sharing a row.
    let related: Option<rustc_hash::FxHashSet<(u32, u32)>> =
        (docs > EVERY_SENTENCE_UP_TO).then(|| {
            let mut set = rustc_hash::FxHashSet::default();
            for m in members.iter().filter(|m| m.len() > 1) {
                for (i, &x) in m.iter().enumerate() {
                    for &y in &m[i + 1..] {
                        let (p, q) = (doc_of[x], doc_of[y]);
                        if p != q {
                            set.insert((p.min(q), p.max(q)));
                        }
                    }
                }
            }
            set
        });
    let embedded: Vec<Vec<usize>> = (0..docs)
        .map(|d| {
            (offsets[d]..offsets[d + 1])
                .filter(|&g| !skip(g) && index.vector(g).is_some())
                .collect()
        })
        .collect();
    let mut edges: Vec<(f32, usize, usize)> = Vec::new();
    for d in 0..docs {
        for e in d + 1..docs {
            if related
                .as_ref()
                .is_some_and(|r| !r.contains(&(d as u32, e as u32)))
            {
                continue;
            }
            for &a in &embedded[d] {
                let alone_a = members[cluster_of[a]].len() == 1;
                for &b in &embedded[e] {
                    if !alone_a && members[cluster_of[b]].len() != 1 {
                        continue;
                    }
                    let cos = index.cosine(a, b).unwrap_or(0.0);
                    if cos >= index.threshold {
                        edges.push((cos, a, b));
                    }
                }
            }
        }
    }
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, a, b) in edges {
        let (ca, cb) = (cluster_of[a], cluster_of[b]);
        if ca == cb {
            continue;
        }
        // The lone sentence joins the other's row.
        let (lone, row) = match (members[ca].len(), members[cb].len()) {
            (1, _) => (a, cb),
            (_, 1) => (b, ca),
            _ => continue,
        };
        let fits = members[row].iter().all(|&y| {
            doc_of[y] != doc_of[lone]
                && index
                    .cosine(lone, y)
                    .is_none_or(|c| c >= index.threshold - ROW_MARGIN)
        });
        if !fits {
            continue;
        }
        let old = cluster_of[lone];
        members[old].clear();
        cluster_of[lone] = row;
        members[row].push(lone);
        members[row].sort_unstable();
    }
    let mut out: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    out.sort_by_key(|m| m[0]);
    out
}
