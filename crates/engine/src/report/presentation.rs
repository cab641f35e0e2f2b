//! How the person presents the documents: stable ids, labels, corrected metadata, order.

use serde::{Deserialize, Serialize};

use crate::{Analysis, SourceText};

/// A stable id for a document: a short hash of its text (FNV-1a, 64 bits, as 10 hex digits).
/// It names the document in the page's address and in session files, and does not change
/// when documents are reordered or others are added or removed.
pub fn doc_id(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:010x}", h >> 24)
}

/// `s` if it is an ISO 8601 date (`2023-06-14`, optionally followed by a time), else `None`.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let ok = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b.len() == 10 || matches!(b[10], b'T' | b' '));
    let month: u32 = s.get(5..7)?.parse().ok()?;
    let day: u32 = s.get(8..10)?.parse().ok()?;
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| s.to_string())
}

/// One document as presented: its id, label and the metadata the person confirmed or set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocLabel {
    /// [`doc_id`] of its text (made unique within the set).
    pub id: String,
    /// File name (or "Pasted text 2").
    pub name: String,
    /// Short label shown in every view ("000", "AFP", "Reuters").
    pub label: String,
    /// Publication date (ISO 8601): the person's correction, else the detected one. Date
    /// reasoning (the direction of copying) uses this.
    pub date: Option<String>,
    /// Outlet ("Al Jazeera"), when known.
    pub outlet: Option<String>,
    /// Palette colour of the document in the page (it follows the document when reordered).
    #[serde(default)]
    pub colour: usize,
}

/// How the documents of one analysis are presented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Presentation {
    /// One per document, in analysis order.
    pub docs: Vec<DocLabel>,
    /// Analysis indices in display order (a permutation of `0..docs.len()`).
    pub order: Vec<usize>,
}

impl Presentation {
    /// The defaults: labels "000", "001"… in analysis order, the detected dates, ids from the
    /// texts (`sources` in analysis order).
    pub fn new(analysis: &Analysis, sources: &[SourceText]) -> Self {
        let mut docs: Vec<DocLabel> = analysis
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| DocLabel {
                id: sources
                    .get(i)
                    .map_or_else(|| format!("doc{i}"), |s| doc_id(&s.text)),
                name: d.name.clone(),
                label: format!("{i:03}"),
                date: d.date.clone(),
                outlet: None,
                colour: i,
            })
            .collect();
        unique_ids(&mut docs);
        let order = (0..docs.len()).collect();
        Self { docs, order }
    }

    /// The label of document `d` (its number if out of range).
    pub fn label(&self, d: usize) -> String {
        self.docs
            .get(d)
            .map_or_else(|| format!("{d:03}"), |l| l.label.clone())
    }

    /// The date of document `d` used for reasoning.
    pub fn date(&self, d: usize) -> Option<&str> {
        self.docs.get(d).and_then(|l| l.date.as_deref())
    }

    /// Document indices in display order; repaired to a permutation if it is not one.
    pub fn ordered(&self) -> Vec<usize> {
        let n = self.docs.len();
        let mut seen = vec![false; n];
        let mut out: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&d| d < n && !std::mem::replace(&mut seen[d], true))
            .collect();
        out.extend((0..n).filter(|&d| !seen[d]));
        out
    }
}

/// Makes ids unique: a second document with the same text gets "-2", and so on.
pub fn unique_ids(docs: &mut [DocLabel]) {
    let mut seen = std::collections::HashSet::new();
    for d in docs.iter_mut() {
        let base = d.id.clone();
        let mut k = 1;
        while !seen.insert(d.id.clone()) {
            k += 1;
            d.id = format!("{base}-{k}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_stable_and_differ() {
        let a = doc_id("Qin told Blinken.");
        assert_eq!(a.len(), 10);
        assert_eq!(a, doc_id("Qin told Blinken."));
        assert_ne!(a, doc_id("Qin told Blinken!"));
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let label = |id: &str| DocLabel {
            id: id.into(),
            name: String::new(),
            label: String::new(),
            date: None,
            outlet: None,
            colour: 0,
        };
        let mut docs = vec![label("x"), label("x"), label("y"), label("x")];
        unique_ids(&mut docs);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["x", "x-2", "y", "x-3"]);
    }

    #[test]
    fn iso_dates() {
        for (input, ok) in [
            ("2023-06-14", true),
            ("2023-06-14T12:11", true),
            (" 2023-06-14 ", true),
            ("2023-13-01", false),
            ("14/06/2023", false),
            ("2023-06-1", false),
            ("", false),
        ] {
            assert_eq!(iso_date(input).is_some(), ok, "{input:?}");
        }
    }

    #[test]
    fn order_is_repaired_to_a_permutation() {
        let p = Presentation {
            docs: (0..4)
                .map(|i| DocLabel {
                    id: i.to_string(),
                    name: String::new(),
                    label: String::new(),
                    date: None,
                    outlet: None,
                    colour: i,
                })
                .collect(),
            order: vec![2, 2, 9, 0],
        };
        assert_eq!(p.ordered(), [2, 0, 1, 3]);
    }
}
