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
pub mod facts;
pub mod lineage;
mod presentation;
pub mod rows;
pub mod session;
pub mod summary;

pub use presentation::{DocLabel, Presentation, doc_id, iso_date};

use crate::{Analysis, Cluster, DiffOp, DiffTag, Sentence};

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

/// Why a member is in its row, in one sentence for people: the test behind its grade, what it
/// measured against its threshold, and (for a member in the row through the others) the member
/// it is closest to. The shared words are listed apart ([`shared_words`]).
pub fn why(m: &crate::Member, p: &Presentation) -> String {
    use crate::Test;
    let Some(e) = &m.evidence else {
        return "Only this source carries it.".to_string();
    };
    let passed = |what: &str| match e.threshold {
        Some(t) => format!("{what} {:.2} (at least {t:.2})", e.value),
        None => format!("{what} {:.2}", e.value),
    };
    match e.test {
        Test::Representative => format!(
            "The row's representative: the wording most like the others (mean score {:.2}).",
            e.value
        ),
        Test::Identical => "The same words as the representative.".to_string(),
        Test::Near => format!(
            "Light edits of the representative: {}.",
            passed("words in the same order")
        ),
        Test::Paraphrase => format!(
            "The same claim in other words: {}.",
            passed("weighted word overlap")
        ),
        Test::Partial => format!(
            "Carries part of the representative: {} of the shorter sentence matched.",
            passed("share")
        ),
        Test::Meaning => format!(
            "Matched by meaning, cosine {:.2}{}: the sentence model reads the same claim where \
             the words differ.",
            e.value,
            e.threshold
                .map(|t| format!(" (at least {t:.2})"))
                .unwrap_or_default()
        ),
        Test::Split => format!(
            "One of two sentences of {} that carry this passage between them; the representative \
             matches {} of it.",
            p.label(m.doc),
            percent(e.value)
        ),
        Test::Row => match e.link {
            Some(l) => format!(
                "In the row through {} (score {:.2}); against the representative alone, score \
                 {:.2}, too low for a grade.",
                p.label(l.doc),
                l.score,
                e.value
            ),
            None => format!(
                "Against the representative alone, score {:.2}, too low for a grade.",
                e.value
            ),
        },
    }
}

/// The words of `m`'s sentence that it shares with its row's representative, with their
/// weights, heaviest first (as the evidence lists them); words whose span does not fit the
/// sentence are left out.
pub fn shared_words<'a>(a: &'a Analysis, m: &crate::Member) -> Vec<(&'a str, f32)> {
    let Some(s) = a
        .documents
        .get(m.doc)
        .and_then(|d| d.sentences.get(m.sentence))
    else {
        return Vec::new();
    };
    m.evidence.as_ref().map_or(Vec::new(), |e| {
        e.words
            .iter()
            .filter_map(|w| {
                let text = s
                    .text
                    .get(w.member[0].checked_sub(s.start)?..w.member[1].checked_sub(s.start)?)?;
                Some((text, w.weight))
            })
            .collect()
    })
}

/// A piece of a row member's sentence, against the row's representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffPiece<'a> {
    /// Text both carry (the member's wording).
    Same(&'a str),
    /// Words of the representative the member lacks.
    Deleted(&'a str),
    /// Words the member adds.
    Inserted(&'a str),
}

/// The member's sentence as pieces, following its word diff `ops` against the
/// representative `rep`; `None` if a span does not fit either sentence (the caller then
/// shows the plain text). Every byte of the member's text is in exactly one `Same` or
/// `Inserted` piece, in order.
pub fn diff_pieces<'a>(
    member: &'a Sentence,
    rep: &'a Sentence,
    ops: &[DiffOp],
) -> Option<Vec<DiffPiece<'a>>> {
    text_pieces((&member.text, member.start), (&rep.text, rep.start), ops)
}

/// `new` as pieces, following its word diff `ops` against `old` (spans into each text itself,
/// as [`crate::diff_texts`] gives them); see [`diff_pieces`].
pub fn text_diff_pieces<'a>(
    new: &'a str,
    old: &'a str,
    ops: &[DiffOp],
) -> Option<Vec<DiffPiece<'a>>> {
    text_pieces((new, 0), (old, 0), ops)
}

/// A quote variant's words as pieces, following its word diff against the quote's first
/// variant (see [`diff_pieces`]).
pub fn quote_pieces<'a>(
    variant: &'a crate::QuoteVariant,
    first: &'a crate::QuoteVariant,
) -> Option<Vec<DiffPiece<'a>>> {
    text_pieces(
        (&variant.text, variant.start),
        (&first.text, first.start),
        &variant.diff,
    )
}

/// A text at a byte offset of its document.
struct Located<'a> {
    text: &'a str,
    start: usize,
}

fn text_pieces<'a>(
    member: (&'a str, usize),
    rep: (&'a str, usize),
    ops: &[DiffOp],
) -> Option<Vec<DiffPiece<'a>>> {
    let (member, rep) = (
        Located {
            text: member.0,
            start: member.1,
        },
        Located {
            text: rep.0,
            start: rep.1,
        },
    );
    let local = |s: &Located<'_>, at: usize| {
        at.checked_sub(s.start)
            .filter(|&p| p <= s.text.len() && s.text.is_char_boundary(p))
    };
    let mut out = Vec::new();
    let mut cursor = 0;
    let same = |out: &mut Vec<DiffPiece<'a>>, from: usize, to: usize| {
        if to > from {
            out.push(DiffPiece::Same(&member.text[from..to]));
        }
    };
    for op in ops {
        let n0 = local(&member, op.new[0])?;
        let n1 = local(&member, op.new[1])?;
        let o0 = local(&rep, op.old[0])?;
        let o1 = local(&rep, op.old[1])?;
        if n0 < cursor || n1 < n0 || o1 < o0 {
            return None;
        }
        match op.op {
            DiffTag::Equal => same(&mut out, cursor, n1),
            DiffTag::Insert => {
                same(&mut out, cursor, n0);
                out.push(DiffPiece::Inserted(&member.text[n0..n1]));
            }
            DiffTag::Delete | DiffTag::Replace => {
                same(&mut out, cursor, n0);
                out.push(DiffPiece::Deleted(&rep.text[o0..o1]));
                if op.op == DiffTag::Replace {
                    out.push(DiffPiece::Inserted(&member.text[n0..n1]));
                }
            }
        }
        cursor = n1.max(cursor);
    }
    same(&mut out, cursor, member.text.len());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, analyze};

    #[test]
    fn diff_pieces_rebuild_the_member_and_mark_the_changes() {
        let a = analyze(&crate::sample::documents(), &Options::default());
        let mut changed = 0;
        for c in &a.clusters {
            let rep = &a.documents[c.representative.doc].sentences[c.representative.sentence];
            for d in &c.diffs {
                let member = &a.documents[d.doc].sentences[d.sentence];
                let pieces = diff_pieces(member, rep, &d.ops).expect("spans fit");
                let rebuilt: String = pieces
                    .iter()
                    .filter_map(|p| match p {
                        DiffPiece::Same(t) | DiffPiece::Inserted(t) => Some(*t),
                        DiffPiece::Deleted(_) => None,
                    })
                    .collect();
                assert_eq!(rebuilt, member.text);
                changed += usize::from(pieces.iter().any(|p| !matches!(p, DiffPiece::Same(_))));
            }
        }
        assert!(changed > 5, "{changed} variants with changes");
        // A span that does not fit gives the plain text instead.
        let s = &a.documents[0].sentences[0];
        let bad = [DiffOp {
            op: DiffTag::Equal,
            old: [0, 10_000],
            new: [0, 10_000],
        }];
        assert_eq!(diff_pieces(s, s, &bad), None);
    }
}
