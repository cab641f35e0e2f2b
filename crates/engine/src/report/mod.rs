//! What the views and the exports derive from an [`Analysis`](crate::Analysis):
//! pure functions, no web dependency, shared by the page, its worker and the CLI.
//!
//! - [`Presentation`]: how the person presents the documents — stable ids, labels, corrected
//!   dates and outlets, display order. Every view and every export uses it.
//! - [`rows`]: story-map row orders, filters and search.
//! - [`summary`]: per source, what only it reports, what it leaves out, how much is verbatim.
//! - [`lineage`]: the similarity figure's order and the groups in plain sentences, with the
//!   likely direction of copying where the articles carry dates.
//! - [`export`]: the story map as CSV, a self-contained HTML report, a Markdown summary, and
//!   the session file the page can import again ([`session`]).
//!
//! ```
//! use parallax_engine::{analyze, Options, SourceText};
//! use parallax_engine::report::{Presentation, export};
//! let docs = [
//!     SourceText::new("a.txt", "Qin told Blinken relations face new difficulties."),
//!     SourceText::new("b.txt", "Qin told Blinken that relations face new difficulties."),
//! ];
//! let analysis = analyze(&docs, &Options::default());
//! let p = Presentation::new(&analysis, &docs);
//! let csv = export::csv(&analysis, &p);
//! assert_eq!(csv.lines().next(), Some("row,passage,000,001"));
//! ```

pub mod export;
pub mod lineage;
mod presentation;
pub mod rows;
pub mod session;
pub mod summary;

pub use presentation::{DocLabel, Presentation, doc_id, iso_date};

use crate::{Analysis, Cluster};

/// Number of distinct documents in a row.
pub fn docs_in(c: &Cluster) -> usize {
    let mut n = 0;
    let mut last = usize::MAX;
    for m in &c.members {
        if m.doc != last {
            n += 1;
            last = m.doc;
        }
    }
    n
}

/// Whether row `row` is page debris (its representative is boilerplate).
pub fn is_debris(a: &Analysis, row: usize) -> bool {
    let Some(c) = a.clusters.get(row) else {
        return false;
    };
    let r = c.representative;
    a.documents
        .get(r.doc)
        .and_then(|d| d.sentences.get(r.sentence))
        .is_some_and(|s| s.boilerplate)
}

/// The representative text of row `row` ("" if out of range).
pub fn row_text(a: &Analysis, row: usize) -> &str {
    a.clusters
        .get(row)
        .and_then(|c| {
            let r = c.representative;
            a.documents.get(r.doc)?.sentences.get(r.sentence)
        })
        .map_or("", |s| s.text.as_str())
}

/// `n` items as "a, b and c", with at most `limit` named ("a, b, c and 12 others").
pub fn and_list(items: &[String], limit: usize) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n if n <= limit => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
        n => format!("{} and {} others", items[..limit].join(", "), n - limit),
    }
}

/// A share as a whole percentage ("55 %").
pub fn percent(x: f32) -> String {
    format!("{:.0} %", (x * 100.0).clamp(0.0, 100.0))
}
