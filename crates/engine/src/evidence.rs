//! The words behind a match: which content words of a member say which words of its row's
//! representative (the word alignment), each weighed as the aligner weighed it, by how rare
//! it is in the pair's two documents.

use rustc_hash::FxHashMap;

use super::model::SharedWord;
use super::score::Idf;
use super::tokens::{Token, Vocab};
use super::wordalign::{AlignToken, align_tokens, align_words};

/// How many sentences of a document (outside boilerplate) each stem occurs in.
pub struct DocStems {
    sentences: usize,
    df: FxHashMap<u32, u32>,
}

impl DocStems {
    /// From each sentence's tokens and whether it is boilerplate.
    pub fn new<'t>(sentences: impl IntoIterator<Item = (&'t [Token], bool)>) -> Self {
        let mut df: FxHashMap<u32, u32> = FxHashMap::default();
        let mut count = 0;
        let mut seen: Vec<u32> = Vec::new();
        for (tokens, boilerplate) in sentences {
            if boilerplate {
                continue;
            }
            count += 1;
            seen.clear();
            seen.extend(tokens.iter().map(|t| t.stem));
            seen.sort_unstable();
            seen.dedup();
            for &stem in &seen {
                *df.entry(stem).or_default() += 1;
            }
        }
        Self {
            sentences: count,
            df,
        }
    }

    fn df(&self, stem: u32) -> u32 {
        self.df.get(&stem).copied().unwrap_or(0)
    }
}

/// One sentence: its text, where it starts in its document, its tokens and its document's
/// stem counts.
pub struct Side<'a> {
    pub text: &'a str,
    pub start: usize,
    pub tokens: &'a [Token],
    pub stems: &'a DocStems,
}

/// A row's representative, its words laid out for alignment once for all the row's members.
pub struct Rep<'a> {
    side: Side<'a>,
    tokens: Vec<AlignToken>,
}

impl<'a> Rep<'a> {
    pub fn new(side: Side<'a>) -> Self {
        let tokens = align_tokens(side.text, side.start, side.tokens);
        Self { side, tokens }
    }

    /// The content words `member` shares with the representative (lexical links of the word
    /// alignment, function words and punctuation left out), heaviest first, then in the
    /// member's order. A word's weight is what the aligner gave its stem for this pair of
    /// documents (the mean of the two stems' when a spelling variant links two stems).
    pub fn shared_words(&self, member: &Side<'_>, vocab: &Vocab) -> Vec<SharedWord> {
        let (rep, n) = (
            &self.side,
            self.side.stems.sentences + member.stems.sentences,
        );
        // What the aligner gives a stem for this pair of documents (`Idf::of` over the two).
        let weight = |t: &AlignToken| Idf::of(rep.stems.df(t.stem) + member.stems.df(t.stem), n);
        let (a, b) = (
            &self.tokens,
            align_tokens(member.text, member.start, member.tokens),
        );
        let mut words: Vec<SharedWord> = align_words(a, &b, vocab)
            .into_iter()
            .filter(|&(i, j, lexical)| lexical && !a[i].stop && !b[j].stop)
            .map(|(i, j, _)| {
                let (x, y) = (&a[i], &b[j]);
                SharedWord {
                    rep: [x.start as usize, x.end as usize],
                    member: [y.start as usize, y.end as usize],
                    weight: (weight(x) + weight(y)) / 2.0,
                }
            })
            .collect();
        words.sort_by(|p, q| {
            q.weight
                .total_cmp(&p.weight)
                .then(p.member[0].cmp(&q.member[0]))
        });
        words
    }
}
