//! How strongly two sentences say the same thing.
//!
//! A sentence becomes a [`Bag`]: its content stems with IDF weights (stopwords weigh a
//! tenth), its numbers, and its folded word sequence. Two bags are compared by weighted
//! overlap on stems, a character-level second chance for words that differ in spelling or
//! transliteration (Antony/Anthony, stabilize/stabilise), and a penalty when both carry
//! numbers and none agree. The result is a [`PairScore`] that grades into a [`Relation`].

use super::model::Relation;
use super::tokens::{NUMBER, STOP, Token, Vocab};

/// Weight of a function word relative to a content word of the same IDF.
pub const STOP_WEIGHT: f32 = 0.3;
/// Pseudo-count of sentences added to every IDF, so that small sets (a pair, five articles)
/// do not over-weight words that happen to occur once.
pub const IDF_PSEUDO: f32 = 50.0;
/// The least weight a stem has, however common.
pub const IDF_FLOOR: f32 = 0.1;
/// Factor applied when both sentences carry numbers and none agree.
const NUMBER_MISMATCH: f32 = 0.85;
/// Two words this similar (normalised edit distance) count as the same word, partly.
const FUZZY_MIN: f32 = 0.75;
/// Below this exact coverage (on either side) a pair is not checked for spelling variants.
const FUZZY_GATE: f32 = 0.3;

/// Thresholds that turn a score into a grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grades {
    /// Word-sequence similarity (diff ratio over folded words) for `near`.
    pub near: f32,
    /// Weighted overlap (F1) for `paraphrase`.
    pub paraphrase: f32,
    /// Coverage of the smaller sentence for `partial`.
    pub partial: f32,
}

impl Default for Grades {
    fn default() -> Self {
        Self {
            near: 0.7,
            paraphrase: 0.42,
            partial: 0.65,
        }
    }
}

/// Inverse document frequencies over a set of sentences.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: Vec<f32>,
}

impl Idf {
    /// `df[stem]` counts the sentences a stem occurs in, out of `n` sentences. A pseudo-count
    /// keeps small sets from over-weighting words that appear once.
    pub fn new(df: &[u32], n: usize) -> Self {
        Self {
            weights: df.iter().map(|&d| Self::of(d, n)).collect(),
        }
    }

    /// The weight of a stem found in `df` of `n` sentences.
    pub fn of(df: u32, n: usize) -> f32 {
        ((n as f32 + IDF_PSEUDO) / (df as f32 + 0.5))
            .ln()
            .max(IDF_FLOOR)
    }

    pub fn weight(&self, stem: u32) -> f32 {
        self.weights.get(stem as usize).copied().unwrap_or(1.0)
    }
}

/// A sentence prepared for comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    /// Folded word ids in order (every word, for identity and word diffs).
    pub words: Vec<u32>,
    /// Distinct stems, sorted, with weight (stopwords scaled down).
    pub stems: Vec<(u32, f32)>,
    /// Which of `stems` are function words.
    pub stop: Vec<bool>,
    /// Sum of `stems` weights.
    pub total: f32,
    /// Folded word ids of numbers, sorted and deduplicated.
    pub numbers: Vec<u32>,
}

impl Bag {
    pub fn new(tokens: &[Token], idf: &Idf) -> Self {
        let words: Vec<u32> = tokens.iter().map(|t| t.word).collect();
        let mut stems: Vec<(u32, f32, bool)> = tokens
            .iter()
            .map(|t| {
                let w = idf.weight(t.stem);
                let stop = t.is(STOP);
                (t.stem, if stop { w * STOP_WEIGHT } else { w }, stop)
            })
            .collect();
        stems.sort_by_key(|s| s.0);
        stems.dedup_by_key(|s| s.0);
        let stop = stems.iter().map(|s| s.2).collect();
        let stems: Vec<(u32, f32)> = stems.into_iter().map(|s| (s.0, s.1)).collect();
        let total = stems.iter().map(|s| s.1).sum();
        let mut numbers: Vec<u32> = tokens
            .iter()
            .filter(|t| t.is(NUMBER))
            .map(|t| t.word)
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        Self {
            words,
            stems,
            stop,
            total,
            numbers,
        }
    }

    /// The bag as [`score`] reads it.
    pub fn weighed(&self) -> Weighed<'_> {
        Weighed {
            stems: &self.stems,
            total: self.total,
            numbers: &self.numbers,
        }
    }
}

/// What scoring reads of a sentence: its stems with weights, their sum, its numbers. The
/// weights may come from another IDF than the bag's own (see `align`).
#[derive(Debug, Clone, Copy)]
pub struct Weighed<'a> {
    pub stems: &'a [(u32, f32)],
    pub total: f32,
    pub numbers: &'a [u32],
}

/// The comparison of two sentences.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PairScore {
    /// Harmonic mean of the two coverages, in [0, 1], after the number penalty.
    pub score: f32,
    /// Share of a's weight matched in b.
    pub cover_a: f32,
    /// Share of b's weight matched in a.
    pub cover_b: f32,
}

impl PairScore {
    /// The grade of this pair, given the two word sequences for the identity and edit tests.
    pub fn relation(&self, a: &Bag, b: &Bag, grades: &Grades) -> Option<Relation> {
        self.grade(a, b, grades).map(|g| g.0)
    }

    /// [`Self::relation`] with what the deciding test measured and its threshold: for
    /// `identical` 1 and 1, for `near` the word ratio, for `paraphrase` the score, for
    /// `partial` the coverage of the smaller sentence.
    pub fn grade(&self, a: &Bag, b: &Bag, grades: &Grades) -> Option<(Relation, f32, f32)> {
        if a.words == b.words && !a.words.is_empty() {
            return Some((Relation::Identical, 1.0, 1.0));
        }
        let (la, lb) = (a.words.len(), b.words.len());
        let ratio_bound = 2.0 * la.min(lb) as f32 / (la + lb).max(1) as f32;
        if self.score >= grades.paraphrase && ratio_bound >= grades.near {
            let ratio = word_ratio(&a.words, &b.words);
            if ratio >= grades.near {
                return Some((Relation::Near, ratio, grades.near));
            }
        }
        let (small, large) = if self.cover_a >= self.cover_b {
            (self.cover_a, self.cover_b)
        } else {
            (self.cover_b, self.cover_a)
        };
        if self.score >= grades.paraphrase && large >= grades.paraphrase * 0.8 {
            return Some((Relation::Paraphrase, self.score, grades.paraphrase));
        }
        if small >= grades.partial && large < small * 0.75 {
            return Some((Relation::Partial, small, grades.partial));
        }
        None
    }
}

/// Similarity of two word sequences: 2·matches / (len a + len b), from a diff.
pub fn word_ratio(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, a, b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// Compares two bags.
pub fn score(a: &Bag, b: &Bag, vocab: &Vocab) -> PairScore {
    score_weighed(a.weighed(), b.weighed(), vocab)
}

/// Compares two sentences by the given weights.
pub fn score_weighed(a: Weighed<'_>, b: Weighed<'_>, vocab: &Vocab) -> PairScore {
    if a.total <= 0.0 || b.total <= 0.0 {
        return PairScore::default();
    }
    // Exact overlap first, without allocating: most candidate pairs stop here.
    let matched = matched_weight(a.stems, b.stems);
    let (mut fuzzy_a, mut fuzzy_b) = (0.0f32, 0.0f32);
    // Spelling variants only matter when the exact overlap is already substantial.
    let exact_a = matched / a.total;
    let exact_b = matched / b.total;
    let promising = exact_a.max(exact_b) >= FUZZY_GATE;
    let (only_a, only_b) = if promising {
        unmatched(a.stems, b.stems)
    } else {
        (Vec::new(), Vec::new())
    };
    if promising && !only_a.is_empty() && !only_b.is_empty() && only_a.len() * only_b.len() <= 900 {
        let mut used = vec![false; only_b.len()];
        let shapes: Vec<Shape> = only_b
            .iter()
            .map(|&(sb, _)| Shape::of(vocab.stem_form(sb)))
            .collect();
        for &(sa, wa) in &only_a {
            let fa = vocab.stem_form(sa);
            let shape = Shape::of(fa);
            if shape.chars < 4 || fa.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let mut best = (0.0f32, usize::MAX);
            for (k, &(sb, _)) in only_b.iter().enumerate() {
                // Variants share their first letter (Antony/Anthony, stabilize/stabilise).
                if used[k] || !shape.may_be_variant(&shapes[k]) {
                    continue;
                }
                let sim = word_similarity(fa, vocab.stem_form(sb));
                if sim > best.0 {
                    best = (sim, k);
                }
            }
            if best.0 >= FUZZY_MIN {
                used[best.1] = true;
                fuzzy_a += wa * best.0;
                fuzzy_b += only_b[best.1].1 * best.0;
            }
        }
    }
    let cover_a = ((matched + fuzzy_a) / a.total).min(1.0);
    let cover_b = ((matched + fuzzy_b) / b.total).min(1.0);
    let mut f = if cover_a + cover_b > 0.0 {
        2.0 * cover_a * cover_b / (cover_a + cover_b)
    } else {
        0.0
    };
    let shares_number = a.numbers.iter().any(|n| b.numbers.binary_search(n).is_ok());
    if !a.numbers.is_empty() && !b.numbers.is_empty() && !shares_number {
        f *= NUMBER_MISMATCH;
    }
    PairScore {
        score: f,
        cover_a,
        cover_b,
    }
}

/// What rules out most word pairs as spelling variants before an edit distance is computed.
#[derive(Debug, Clone, Copy)]
struct Shape {
    first: u8,
    chars: usize,
    /// Characters present, hashed to 32 bits.
    letters: u32,
}

impl Shape {
    fn of(word: &str) -> Self {
        let (mut chars, mut letters) = (0, 0u32);
        for c in word.chars() {
            chars += 1;
            letters |= 1 << (c as u32 % 32);
        }
        Self {
            first: word.as_bytes().first().copied().unwrap_or(0),
            chars,
            letters,
        }
    }

    /// Whether the two words can reach [`FUZZY_MIN`]: they share the first letter, and the
    /// edit distance, at least the length difference and at least half the characters
    /// present in one word only (one substitution changes at most two), is within a
    /// quarter of the longer word.
    fn may_be_variant(&self, other: &Shape) -> bool {
        let longest = self.chars.max(other.chars);
        let by_length = self.chars.abs_diff(other.chars);
        let by_letters = (self.letters ^ other.letters).count_ones().div_ceil(2) as usize;
        self.first == other.first && 4 * by_length.max(by_letters) <= longest
    }
}

/// A stem with its weight.
type Weighted = (u32, f32);

/// Word-for-word overlap of two bags by their own weights: `(f1, cover)`, the harmonic mean
/// of both coverages and the coverage of the lighter one. A cheap lower bound of what
/// [`score`] finds (which adds spelling variants, only above [`FUZZY_GATE`]).
pub fn overlap(a: &Bag, b: &Bag) -> (f32, f32) {
    if a.total <= 0.0 || b.total <= 0.0 {
        return (0.0, 0.0);
    }
    let matched = matched_weight(&a.stems, &b.stems);
    let (ca, cb) = (matched / a.total, matched / b.total);
    let f1 = if matched > 0.0 {
        2.0 * ca * cb / (ca + cb)
    } else {
        0.0
    };
    (f1, ca.max(cb))
}

/// Weight of the stems two sorted stem lists share.
fn matched_weight(a: &[Weighted], b: &[Weighted]) -> f32 {
    let (mut i, mut j, mut matched) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.0 == y.0 {
            matched += x.1.min(y.1);
            i += 1;
            j += 1;
        } else if x.0 < y.0 {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

/// The stems of each sorted list that the other lacks.
fn unmatched(a: &[Weighted], b: &[Weighted]) -> (Vec<Weighted>, Vec<Weighted>) {
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.0 == y.0 {
            i += 1;
            j += 1;
        } else if x.0 < y.0 {
            only_a.push(x);
            i += 1;
        } else {
            only_b.push(y);
            j += 1;
        }
    }
    only_a.extend_from_slice(&a[i..]);
    only_b.extend_from_slice(&b[j..]);
    (only_a, only_b)
}

/// 1 − edit distance / length of the longer word, over characters. Words whose lengths
/// differ by more than a quarter score 0 without computing anything.
pub fn word_similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_ascii() && b.is_ascii() {
        return edit_similarity(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_similarity(&a, &b)
}

fn edit_similarity<T: PartialEq>(a: &[T], b: &[T]) -> f32 {
    const MAX: usize = 48;
    let longest = a.len().max(b.len());
    if longest == 0 || longest > MAX || a.len().abs_diff(b.len()) * 4 > longest {
        return 0.0;
    }
    let mut prev = [0usize; MAX + 1];
    let mut cur = [0usize; MAX + 1];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f32 / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The cheap test never rules out a pair the edit distance would accept.
        #[test]
        fn shape_never_rules_out_a_variant(a in "[a-eé]{4,12}", b in "[a-eé]{4,12}") {
            if word_similarity(&a, &b) >= FUZZY_MIN && a.as_bytes()[0] == b.as_bytes()[0] {
                proptest::prop_assert!(Shape::of(&a).may_be_variant(&Shape::of(&b)));
            }
        }
    }

    #[test]
    fn word_similarity_table() {
        assert!(word_similarity("antoni", "anthoni") >= FUZZY_MIN);
        assert!(word_similarity("stabil", "stabilis") >= 0.74);
        assert!(word_similarity("china", "chile") < FUZZY_MIN);
        assert_eq!(word_similarity("qin", "qin"), 1.0);
    }
}
