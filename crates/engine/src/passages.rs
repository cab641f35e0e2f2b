//! Maximal verbatim runs shared by two documents: the evidence of shared wire copy.
//!
//! Every document is a sequence of folded word ids (punctuation and case do not count).
//! Each window of `k` words gets a rolling hash; the windows are sorted by hash, and a window
//! that occurs in two documents where the words just before differ starts a run, extended
//! word by word to its end. Sorting, not a hash map of lists, keeps it to a few large
//! allocations.

use super::model::{Passage, Span};
use super::tokens::Token;

/// Windows that occur in more places than this are too common to be evidence (and would
/// cost quadratically).
const MAX_OCCURRENCES: usize = 64;

/// Finds the passages of at least `k` words shared by each pair of documents. `docs[d]` is
/// the list of document d's words outside boilerplate, in order.
pub fn shared_passages(docs: &[Vec<Token>], k: usize) -> Vec<Passage> {
    let k = k.max(1);
    // Every window as (hash, doc, position), sorted so equal windows sit together.
    let mut windows: Vec<(u64, u32, u32)> = Vec::with_capacity(docs.iter().map(Vec::len).sum());
    for (d, tokens) in docs.iter().enumerate() {
        if tokens.len() < k {
            continue;
        }
        let mut h = Rolling::new(&tokens[..k]);
        windows.push((h.value, d as u32, 0));
        for i in 1..=tokens.len() - k {
            h.roll(tokens[i - 1].word, tokens[i + k - 1].word);
            windows.push((h.value, d as u32, i as u32));
        }
    }
    // By hash alone: the order inside a group does not change what is found, and the
    // passages are sorted at the end.
    windows.sort_unstable_by_key(|w| w.0);
    // A shared window starts a run only where the words before it differ; the run is then
    // extended word by word, so each maximal run is found once.
    let mut out = Vec::new();
    let mut start = 0;
    while start < windows.len() {
        let mut end = start + 1;
        while end < windows.len() && windows[end].0 == windows[start].0 {
            end += 1;
        }
        let places = &windows[start..end];
        start = end;
        if places.len() < 2 || places.len() > MAX_OCCURRENCES {
            continue;
        }
        for (x, &(_, da, pa)) in places.iter().enumerate() {
            for &(_, db, pb) in &places[x + 1..] {
                if da == db {
                    continue;
                }
                let (da, pa, db, pb) = if da < db {
                    (da, pa, db, pb)
                } else {
                    (db, pb, da, pa)
                };
                let (ta, tb) = (&docs[da as usize], &docs[db as usize]);
                let (pa, pb) = (pa as usize, pb as usize);
                if pa > 0 && pb > 0 && ta[pa - 1].word == tb[pb - 1].word {
                    continue; // inside a run that starts earlier
                }
                let mut len = 0;
                while pa + len < ta.len()
                    && pb + len < tb.len()
                    && ta[pa + len].word == tb[pb + len].word
                {
                    len += 1;
                }
                if len < k {
                    continue; // a hash collision
                }
                out.push(Passage {
                    a: Span {
                        doc: da as usize,
                        start: ta[pa].start as usize,
                        end: ta[pa + len - 1].end as usize,
                    },
                    b: Span {
                        doc: db as usize,
                        start: tb[pb].start as usize,
                        end: tb[pb + len - 1].end as usize,
                    },
                    tokens: len,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.a.doc, p.b.doc, p.a.start, p.b.start));
    out
}

/// A polynomial rolling hash over word ids (deterministic on every platform).
struct Rolling {
    value: u64,
    /// BASE^(k−1), to remove the word leaving the window.
    top: u64,
}

const BASE: u64 = 0x100_0000_01b3;

impl Rolling {
    fn new(window: &[Token]) -> Self {
        let mut value = 0u64;
        let mut top = 1u64;
        for (i, t) in window.iter().enumerate() {
            value = value.wrapping_mul(BASE).wrapping_add(u64::from(t.word) + 1);
            if i > 0 {
                top = top.wrapping_mul(BASE);
            }
        }
        Self { value, top }
    }

    fn roll(&mut self, out: u32, inp: u32) {
        self.value = self
            .value
            .wrapping_sub(self.top.wrapping_mul(u64::from(out) + 1));
        self.value = self
            .value
            .wrapping_mul(BASE)
            .wrapping_add(u64::from(inp) + 1);
    }
}
