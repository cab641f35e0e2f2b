//! Story-map rows: the orders a person can read them in, and which rows a filter keeps.

use crate::Analysis;

use super::{docs_in, is_debris};

/// The order of the story-map rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// The engine's story order.
    #[default]
    Story,
    /// The order of one source's own sentences, with the rows it lacks fitted in after the
    /// row they follow in story order.
    Source(usize),
    /// Rows carried by the most sources first (then story order).
    WidelyShared,
}

/// Row indices in the given order.
pub fn ordered(a: &Analysis, order: RowOrder) -> Vec<usize> {
    let n = a.clusters.len();
    match order {
        RowOrder::Story => (0..n).collect(),
        RowOrder::WidelyShared => {
            let mut rows: Vec<usize> = (0..n).collect();
            rows.sort_by_key(|&r| (std::cmp::Reverse(docs_in(&a.clusters[r])), r));
            rows
        }
        RowOrder::Source(doc) => {
            // A row that holds the source takes the position of its first sentence there; one
            // that does not follows the last such row before it in story order.
            // Sort key: (the source's sentence it follows, whether it is fitted in, story row).
            type Key = (Option<usize>, bool, usize);
            let mut last: Option<usize> = None;
            let mut keyed: Vec<(Key, usize)> = (0..n)
                .map(|r| {
                    let own = a.clusters[r]
                        .members
                        .iter()
                        .filter(|m| m.doc == doc)
                        .map(|m| m.sentence)
                        .min();
                    let key = match own {
                        Some(s) => {
                            last = Some(s);
                            (Some(s), false, r)
                        }
                        None => (last, true, r),
                    };
                    (key, r)
                })
                .collect();
            keyed.sort_by_key(|k| k.0);
            keyed.into_iter().map(|(_, r)| r).collect()
        }
    }
}

/// For each document, for each sentence, the row that holds it and its grade there.
pub fn sentence_rows(a: &Analysis) -> Vec<Vec<(usize, crate::Relation)>> {
    let mut out: Vec<Vec<(usize, crate::Relation)>> = a
        .documents
        .iter()
        .map(|d| vec![(usize::MAX, crate::Relation::Unique); d.sentences.len()])
        .collect();
    for (r, c) in a.clusters.iter().enumerate() {
        let unique = c.members.len() == 1;
        for m in &c.members {
            if let Some(slot) = out.get_mut(m.doc).and_then(|d| d.get_mut(m.sentence)) {
                *slot = (
                    r,
                    if unique {
                        crate::Relation::Unique
                    } else {
                        m.relation
                    },
                );
            }
        }
    }
    out
}

/// Which rows to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Rows every document carries.
    SharedByAll,
    /// Rows at least two documents carry.
    Shared,
    /// Rows only one document carries.
    Unique,
    /// Rows this document lacks that at least half of the others carry.
    LeftOutBy(usize),
}

/// How many of the other `n - 1` sources must carry a row for its absence from one source to
/// count as leaving it out: at least half of them, and at least one.
pub fn left_out_threshold(n: usize) -> usize {
    n.saturating_sub(1).div_ceil(2).max(1)
}

/// Whether `doc` leaves out row `row`: it lacks it, the row is reporting (not debris), and at
/// least half of the other sources carry it.
pub fn left_out(a: &Analysis, row: usize, doc: usize) -> bool {
    let c = &a.clusters[row];
    !is_debris(a, row)
        && !c.members.iter().any(|m| m.doc == doc)
        && docs_in(c) >= left_out_threshold(a.documents.len())
}

/// Whether `filter` keeps row `row`; debris rows only when `show_debris`.
pub fn keep(a: &Analysis, row: usize, filter: Filter, show_debris: bool) -> bool {
    if !show_debris && is_debris(a, row) {
        return false;
    }
    let n = docs_in(&a.clusters[row]);
    match filter {
        Filter::All => true,
        Filter::SharedByAll => n == a.documents.len() && n > 1,
        Filter::Shared => n > 1,
        Filter::Unique => n == 1,
        Filter::LeftOutBy(doc) => left_out(a, row, doc),
    }
}

/// A search over the rows' text: every member's sentence, ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    needle: String,
}

impl Search {
    /// `None` for a blank query.
    pub fn new(query: &str) -> Option<Self> {
        let needle = query.trim().to_lowercase();
        (!needle.is_empty()).then_some(Self { needle })
    }

    /// Whether any sentence of row `row` contains the query.
    pub fn matches_row(&self, a: &Analysis, row: usize) -> bool {
        a.clusters[row].members.iter().any(|m| {
            a.documents[m.doc]
                .sentences
                .get(m.sentence)
                .is_some_and(|s| self.matches(&s.text))
        })
    }

    pub fn matches(&self, text: &str) -> bool {
        if text.is_ascii() && self.needle.is_ascii() {
            // No allocation for the common case.
            text.as_bytes()
                .windows(self.needle.len())
                .any(|w| w.eq_ignore_ascii_case(self.needle.as_bytes()))
        } else {
            text.to_lowercase().contains(&self.needle)
        }
    }

    /// Byte ranges of `text` that match, for highlighting. Matching is on the lowercased
    /// text; ranges are mapped back only where lowercasing kept the byte lengths (otherwise
    /// the whole text is one match, never a split character).
    pub fn ranges(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            return if lower.contains(&self.needle) {
                std::iter::once(0..text.len()).collect()
            } else {
                Vec::new()
            };
        }
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = lower[from..].find(&self.needle) {
            let start = from + at;
            let end = start + self.needle.len();
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                out.push(start..end);
            }
            from = end.max(start + 1);
            while from < lower.len() && !lower.is_char_boundary(from) {
                from += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SourceText, analyze};

    fn three() -> Analysis {
        let docs = [
            SourceText::new(
                "a",
                "Qin Gang called Antony Blinken on Wednesday. The call lasted an hour. Markets rose sharply in Shanghai.",
            ),
            SourceText::new(
                "b",
                "The call lasted an hour. Qin Gang called Antony Blinken on Wednesday.",
            ),
            SourceText::new(
                "c",
                "Qin Gang called Antony Blinken on Wednesday. Officials declined to comment further.",
            ),
        ];
        analyze(&docs, &Options::default())
    }

    fn row_with(a: &Analysis, text: &str) -> usize {
        (0..a.clusters.len())
            .find(|&r| super::super::row_text(a, r).contains(text))
            .unwrap()
    }

    #[test]
    fn source_order_follows_that_source() {
        let a = three();
        let call = row_with(&a, "called");
        let hour = row_with(&a, "lasted");
        let b_order = ordered(&a, RowOrder::Source(1));
        let pos = |r| b_order.iter().position(|&x| x == r).unwrap();
        assert!(pos(hour) < pos(call), "b tells the hour first");
        let a_order = ordered(&a, RowOrder::Source(0));
        let pos = |r| a_order.iter().position(|&x| x == r).unwrap();
        assert!(pos(call) < pos(hour));
        for o in [RowOrder::Story, RowOrder::WidelyShared, RowOrder::Source(2)] {
            let mut rows = ordered(&a, o);
            rows.sort_unstable();
            assert_eq!(rows, (0..a.clusters.len()).collect::<Vec<_>>(), "{o:?}");
        }
    }

    #[test]
    fn every_sentence_has_its_row() {
        let a = three();
        let rows = sentence_rows(&a);
        for (d, doc) in rows.iter().enumerate() {
            assert_eq!(doc.len(), a.documents[d].sentences.len());
            for (s, &(r, _)) in doc.iter().enumerate() {
                assert!(
                    a.clusters[r]
                        .members
                        .iter()
                        .any(|m| m.doc == d && m.sentence == s)
                );
            }
        }
    }

    #[test]
    fn widely_shared_first() {
        let a = three();
        let rows = ordered(&a, RowOrder::WidelyShared);
        assert_eq!(rows[0], row_with(&a, "called"));
    }

    #[test]
    fn left_out_needs_half_of_the_others() {
        let a = three();
        assert_eq!(left_out_threshold(3), 1);
        assert_eq!(left_out_threshold(5), 2);
        assert_eq!(left_out_threshold(2), 1);
        let hour = row_with(&a, "lasted");
        assert!(left_out(&a, hour, 2), "c lacks the hour that a and b carry");
        assert!(!left_out(&a, hour, 0));
        assert!(keep(&a, hour, Filter::LeftOutBy(2), false));
    }

    #[test]
    fn search_ignores_case_and_finds_ranges() {
        let s = Search::new("  BLINKEN ").unwrap();
        assert!(s.matches("Qin called Blinken."));
        assert_eq!(s.ranges("Blinken met blinken."), [0..7, 12..19]);
        let s = Search::new("été").unwrap();
        assert_eq!(s.ranges("Un ÉTÉ chaud"), vec![3..8_usize]);
        assert!(Search::new("   ").is_none());
        let a = three();
        let s = Search::new("shanghai").unwrap();
        let hits: Vec<usize> = (0..a.clusters.len())
            .filter(|&r| s.matches_row(&a, r))
            .collect();
        assert_eq!(hits, [row_with(&a, "Markets")]);
    }
}
