//! What each source adds, what it leaves out, how much of it is verbatim, and its closest
//! other source.

use crate::Analysis;

use super::rows::left_out_threshold;
use super::{docs_in, is_debris};

/// One source, summarised.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSummary {
    pub doc: usize,
    /// Rows only this source carries (reporting, not page debris), in story order.
    pub unique_rows: Vec<usize>,
    /// Rows it lacks that at least half of the other sources carry, in story order.
    pub left_out_rows: Vec<usize>,
    /// Reporting rows it shares with at least one other source.
    pub shared_rows: usize,
    /// Share of its reporting text (bytes of non-debris sentences) inside verbatim passages
    /// shared with another source, in [0, 1].
    pub verbatim: f32,
    /// The most similar other source and the similarity score.
    pub closest: Option<(usize, f32)>,
}

/// A summary of every document, in analysis order.
pub fn summaries(a: &Analysis) -> Vec<SourceSummary> {
    let n = a.documents.len();
    let mut out: Vec<SourceSummary> = (0..n)
        .map(|doc| SourceSummary {
            doc,
            unique_rows: Vec::new(),
            left_out_rows: Vec::new(),
            shared_rows: 0,
            verbatim: 0.0,
            closest: None,
        })
        .collect();
    let threshold = left_out_threshold(n);
    let mut present = vec![false; n];
    for (r, c) in a.clusters.iter().enumerate() {
        if is_debris(a, r) {
            continue;
        }
        let k = docs_in(c);
        if k == 1 {
            if let Some(s) = out.get_mut(c.members[0].doc) {
                s.unique_rows.push(r);
            }
            continue;
        }
        for m in &c.members {
            present[m.doc] = true;
        }
        for (d, s) in out.iter_mut().enumerate() {
            if present[d] {
                s.shared_rows += 1;
            } else if n > 1 && k >= threshold {
                s.left_out_rows.push(r);
            }
        }
        for m in &c.members {
            present[m.doc] = false;
        }
    }
    // Verbatim share: the union of passage spans over the document's reporting sentences.
    let mut spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for p in &a.passages {
        for s in [p.a, p.b] {
            if s.doc < n {
                spans[s.doc].push((s.start, s.end));
            }
        }
    }
    for (d, doc) in a.documents.iter().enumerate() {
        let body: Vec<(usize, usize)> = doc
            .sentences
            .iter()
            .filter(|s| !s.boilerplate)
            .map(|s| (s.start, s.end))
            .collect();
        let total: usize = body.iter().map(|(s, e)| e - s).sum();
        let merged = merge(std::mem::take(&mut spans[d]));
        let covered: usize = body
            .iter()
            .map(|&(s, e)| {
                merged
                    .iter()
                    .map(|&(ps, pe)| pe.min(e).saturating_sub(ps.max(s)))
                    .sum::<usize>()
            })
            .sum();
        out[d].verbatim = if total > 0 {
            (covered as f32 / total as f32).min(1.0)
        } else {
            0.0
        };
        out[d].closest = a
            .similarity
            .matrix
            .get(d)
            .and_then(|row| {
                row.iter()
                    .enumerate()
                    .filter(|&(j, _)| j != d)
                    .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(&x.0)))
            })
            .map(|(j, &s)| (j, s));
    }
    out
}

/// Sorted, non-overlapping union of spans.
fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SourceText, analyze};

    #[test]
    fn sample_summaries() {
        let docs: Vec<SourceText> = crate::sample::documents();
        let a = analyze(&docs, &Options::default());
        let s = summaries(&a);
        assert_eq!(s.len(), 5);
        // 001, the longest, adds the most; 000, the shortest wire copy, the least.
        let counts: Vec<usize> = s.iter().map(|x| x.unique_rows.len()).collect();
        let most = counts.iter().enumerate().max_by_key(|x| x.1).unwrap().0;
        let least = counts.iter().enumerate().min_by_key(|x| x.1).unwrap().0;
        assert_eq!((most, least), (1, 0), "{counts:?}");
        // 000 and 001 are translations of one wire story: each other's closest, with much
        // verbatim text.
        assert_eq!(s[0].closest.map(|c| c.0), Some(1));
        assert_eq!(s[1].closest.map(|c| c.0), Some(0));
        assert!(s[0].verbatim > 0.1, "000 verbatim {}", s[0].verbatim);
        assert!(
            s[0].verbatim > s[3].verbatim,
            "the wire copy is more verbatim than the independent report"
        );
        for x in &s {
            assert!((0.0..=1.0).contains(&x.verbatim));
            for &r in x.unique_rows.iter().chain(&x.left_out_rows) {
                assert!(!is_debris(&a, r));
            }
            for &r in &x.left_out_rows {
                assert!(!a.clusters[r].members.iter().any(|m| m.doc == x.doc));
                assert!(docs_in(&a.clusters[r]) >= 2);
            }
        }
    }

    #[test]
    fn merge_spans() {
        assert_eq!(
            merge(vec![(5, 9), (0, 3), (2, 4), (9, 10)]),
            [(0, 4), (5, 10)]
        );
    }
}
