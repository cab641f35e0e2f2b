//! Scoring standalone text pairs (`parallax score`): how strongly `a` and `b` say the same
//! thing, their grade, and their word alignment. Word weights (IDF) come from the whole batch,
//! so scoring many pairs at once is both faster and better informed than one at a time.

use serde::{Deserialize, Serialize};

use super::lang;
use super::model::Relation;
use super::score::{Bag, Grades, Idf, STOP_WEIGHT, score};
use super::tokens::{Token, Tokenizer, Vocab};
use super::wordalign::{AlignToken, align_tokens, align_words};

/// The comparison of one pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairResult {
    /// In [0, 1]: how strongly the two texts say the same thing.
    pub score: f32,
    /// The grade, or `None` when the texts are unrelated.
    pub relation: Option<Relation>,
    /// Aligned words as `[a_start, a_end, b_start, b_end]` byte spans.
    pub links: Vec<[usize; 4]>,
}

/// Scores every pair.
pub fn score_pairs(pairs: &[(&str, &str)], grades: &Grades) -> Vec<PairResult> {
    let mut sample = String::new();
    for (a, b) in pairs.iter().take(50) {
        sample.push_str(a);
        sample.push(' ');
        sample.push_str(b);
        sample.push(' ');
    }
    let (language, _) = lang::detect(&sample);
    let mut vocab = Vocab::default();
    let tokenized: Vec<(Vec<Token>, Vec<Token>)> = {
        let mut t = Tokenizer::new(&mut vocab, language);
        pairs
            .iter()
            .map(|(a, b)| {
                let (mut ta, mut tb) = (Vec::new(), Vec::new());
                t.tokenize(a, 0, &mut ta);
                t.tokenize(b, 0, &mut tb);
                (ta, tb)
            })
            .collect()
    };
    let mut df = vec![0u32; vocab.stem_count()];
    let mut seen = Vec::new();
    for tokens in tokenized.iter().flat_map(|(a, b)| [a, b]) {
        seen.clear();
        seen.extend(tokens.iter().map(|t| t.stem));
        seen.sort_unstable();
        seen.dedup();
        for &s in &seen {
            df[s as usize] += 1;
        }
    }
    let idf = Idf::new(&df, tokenized.len() * 2);
    pairs
        .iter()
        .zip(&tokenized)
        .map(|((a, b), (ta, tb))| {
            let (ba, bb) = (Bag::new(ta, &idf), Bag::new(tb, &idf));
            let s = score(&ba, &bb, &vocab);
            let (xa, xb) = (align_tokens(a, 0, ta), align_tokens(b, 0, tb));
            let aligned = align_words(&xa, &xb, &vocab);
            // The score blends the bag-of-stems overlap the story map uses with the coverage of
            // the word alignment, which also credits word order and context.
            let weight = |t: &AlignToken| {
                if t.punct {
                    0.0
                } else if t.stop {
                    STOP_WEIGHT * idf.weight(t.stem)
                } else {
                    idf.weight(t.stem)
                }
            };
            let total_a: f32 = xa.iter().map(weight).sum();
            let total_b: f32 = xb.iter().map(weight).sum();
            let lexical = aligned.iter().filter(|l| l.2);
            let covered_a: f32 = lexical
                .clone()
                .map(|&(i, _, _)| weight(&xa[i]))
                .sum::<f32>()
                / total_a.max(1e-6);
            let covered_b: f32 =
                lexical.map(|&(_, j, _)| weight(&xb[j])).sum::<f32>() / total_b.max(1e-6);
            let coverage = if covered_a + covered_b > 0.0 {
                2.0 * covered_a * covered_b / (covered_a + covered_b)
            } else {
                0.0
            };
            let blended = (0.5 * s.score + 0.5 * coverage).clamp(0.0, 1.0);
            let links = aligned
                .into_iter()
                .map(|(i, j, _)| {
                    [
                        xa[i].start as usize,
                        xa[i].end as usize,
                        xb[j].start as usize,
                        xb[j].end as usize,
                    ]
                })
                .collect();
            PairResult {
                score: blended,
                relation: s.relation(&ba, &bb, grades),
                links,
            }
        })
        .collect()
}
