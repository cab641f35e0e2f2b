//! Word-level diffs (`similar`, Myers) between two sentences, as byte spans into each
//! document. Words are compared in folded form, so case and curly quotes are not changes.

use super::model::{DiffOp, DiffTag};
use super::tokens::Token;

/// Diffs `new` against `old` (both token slices of one sentence each).
pub fn word_diff(old: &[Token], new: &[Token], old_start: usize, new_start: usize) -> Vec<DiffOp> {
    let a: Vec<u32> = old.iter().map(|t| t.word).collect();
    let b: Vec<u32> = new.iter().map(|t| t.word).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    ops.iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            let op = match tag {
                similar::DiffTag::Equal => DiffTag::Equal,
                similar::DiffTag::Delete => DiffTag::Delete,
                similar::DiffTag::Insert => DiffTag::Insert,
                similar::DiffTag::Replace => DiffTag::Replace,
            };
            DiffOp {
                op,
                old: span(old, o, old_start),
                new: span(new, n, new_start),
            }
        })
        .collect()
}

/// The byte span of tokens `range`; an empty range sits where the next token starts (after
/// the last word at the end, at the sentence start when there are no words).
fn span(tokens: &[Token], range: std::ops::Range<usize>, sentence_start: usize) -> [usize; 2] {
    if range.is_empty() {
        let at = match tokens.get(range.start) {
            Some(t) => t.start as usize,
            None => tokens.last().map_or(sentence_start, |t| t.end as usize),
        };
        return [at, at];
    }
    [
        tokens[range.start].start as usize,
        tokens[range.end - 1].end as usize,
    ]
}
