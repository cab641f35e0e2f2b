//! Maximal verbatim runs shared by two documents: the evidence of shared wire copy.
//!
//! Every document is a sequence of folded word ids (punctuation and case do not count).
//! Each window of `k` words is hashed; windows that occur in two documents are seeds, and
//! seeds on the same diagonal (same offset between the two documents) merge into one run.

use std::collections::HashMap;

use super::model::{Passage, Span};
use super::tokens::Token;

/// Windows that occur in more places than this are too common to be evidence (and would
/// cost quadratically).
const MAX_OCCURRENCES: usize = 64;

/// Finds the passages of at least `k` words shared by each pair of documents. `docs[d]` is
/// the list of document d's words outside boilerplate, in order.
pub fn shared_passages(docs: &[Vec<Token>], k: usize) -> Vec<Passage> {
    let k = k.max(1);
    let mut windows: HashMap<u64, Vec<(u32, u32)>> = HashMap::new();
    for (d, tokens) in docs.iter().enumerate() {
        if tokens.len() < k {
            continue;
        }
        for i in 0..=tokens.len() - k {
            windows
                .entry(hash(&tokens[i..i + k]))
                .or_default()
                .push((d as u32, i as u32));
        }
    }
    // (doc a, doc b, diagonal = pos a − pos b) → positions in a
    let mut seeds: HashMap<(u32, u32, i64), Vec<u32>> = HashMap::new();
    for places in windows.values() {
        if places.len() < 2 || places.len() > MAX_OCCURRENCES {
            continue;
        }
        for (x, &(da, pa)) in places.iter().enumerate() {
            for &(db, pb) in &places[x + 1..] {
                if da == db {
                    continue;
                }
                let (da, pa, db, pb) = if da < db {
                    (da, pa, db, pb)
                } else {
                    (db, pb, da, pa)
                };
                // Hash collisions: check the words really match.
                let (ta, tb) = (&docs[da as usize], &docs[db as usize]);
                let same = (0..k).all(|o| ta[pa as usize + o].word == tb[pb as usize + o].word);
                if same {
                    seeds
                        .entry((da, db, pa as i64 - pb as i64))
                        .or_default()
                        .push(pa);
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((da, db, diag), mut starts) in seeds {
        starts.sort_unstable();
        let (ta, tb) = (&docs[da as usize], &docs[db as usize]);
        let mut i = 0;
        while i < starts.len() {
            let first = starts[i];
            let mut last = first;
            while i + 1 < starts.len() && starts[i + 1] <= last + 1 {
                i += 1;
                last = starts[i];
            }
            i += 1;
            let a_end = last as usize + k; // exclusive, in tokens
            let b_first = (first as i64 - diag) as usize;
            let b_end = (a_end as i64 - diag) as usize;
            out.push(Passage {
                a: Span {
                    doc: da as usize,
                    start: ta[first as usize].start as usize,
                    end: ta[a_end - 1].end as usize,
                },
                b: Span {
                    doc: db as usize,
                    start: tb[b_first].start as usize,
                    end: tb[b_end - 1].end as usize,
                },
                tokens: a_end - first as usize,
            });
        }
    }
    out.sort_by_key(|p| (p.a.doc, p.b.doc, p.a.start, p.b.start));
    out
}

/// FNV-1a over word ids: deterministic on every platform.
fn hash(tokens: &[Token]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in tokens {
        for b in t.word.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
