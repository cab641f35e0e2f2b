//! Language detection (`whatlang`), stemmers (`rust-stemmers`, Snowball) and stopword lists.
//!
//! The stopword lists are short function-word lists in the spirit of Snowball's; they only
//! lower a word's weight in matching, they never remove text.

use rust_stemmers::{Algorithm, Stemmer};

/// A language the engine knows something about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code as whatlang gives it (`eng`).
    pub code: &'static str,
    algorithm: Option<Algorithm>,
    stopwords: &'static [&'static str],
}

impl Language {
    pub const ENGLISH: Language = Language {
        code: "eng",
        algorithm: Some(Algorithm::English),
        stopwords: EN,
    };

    /// A stemmer for this language, if Snowball has one.
    pub fn stemmer(&self) -> Option<Stemmer> {
        self.algorithm.map(Stemmer::create)
    }

    /// Whether a case-folded word is a function word in this language.
    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stopwords.binary_search(&folded).is_ok()
    }
}

/// Detects the language of a text. English (most of what this tool sees) is recognised
/// from its function words without running a detector; anything else goes to `whatlang`,
/// restricted to the languages Snowball can stem, over the first 1,000 bytes. Falls back to
/// English when detection is unsure (the fallback only affects stemming and stopwords).
pub fn detect(text: &str) -> (Language, bool) {
    let mut end = text.len().min(1000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut words, mut english) = (0, 0);
    let mut buf = String::new();
    for w in sample
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .take(150)
    {
        words += 1;
        buf.clear();
        buf.extend(w.chars().flat_map(char::to_lowercase));
        english += usize::from(EN.binary_search(&buf.as_str()).is_ok());
    }
    if words >= 20 && english * 100 >= words * 30 {
        return (Language::ENGLISH, true);
    }
    let detector = whatlang::Detector::with_allowlist(SNOWBALL.to_vec());
    let Some(info) = detector.detect(sample) else {
        return (Language::ENGLISH, false);
    };
    if !info.is_reliable() && info.lang() != whatlang::Lang::Eng {
        return (Language::ENGLISH, false);
    }
    use whatlang::Lang as L;
    let (algorithm, stopwords): (Option<Algorithm>, &'static [&'static str]) = match info.lang() {
        L::Eng => (Some(Algorithm::English), EN),
        L::Fra => (Some(Algorithm::French), FR),
        L::Deu => (Some(Algorithm::German), DE),
        L::Spa => (Some(Algorithm::Spanish), ES),
        L::Ita => (Some(Algorithm::Italian), &[]),
        L::Por => (Some(Algorithm::Portuguese), &[]),
        L::Nld => (Some(Algorithm::Dutch), &[]),
        L::Dan => (Some(Algorithm::Danish), &[]),
        L::Swe => (Some(Algorithm::Swedish), &[]),
        L::Nob => (Some(Algorithm::Norwegian), &[]),
        L::Fin => (Some(Algorithm::Finnish), &[]),
        L::Hun => (Some(Algorithm::Hungarian), &[]),
        L::Ron => (Some(Algorithm::Romanian), &[]),
        L::Rus => (Some(Algorithm::Russian), &[]),
        L::Tur => (Some(Algorithm::Turkish), &[]),
        L::Ara => (Some(Algorithm::Arabic), &[]),
        L::Ell => (Some(Algorithm::Greek), &[]),
        L::Tam => (Some(Algorithm::Tamil), &[]),
        _ => (None, &[]),
    };
    (
        Language {
            code: info.lang().code(),
            algorithm,
            stopwords,
        },
        true,
    )
}

/// The English name of a language from its ISO 639-3 code (`fra` → `French`).
pub fn name(code: &str) -> &'static str {
    whatlang::Lang::from_code(code).map_or("an unknown language", |l| l.eng_name())
}

/// Languages with a Snowball stemmer: the only ones detection chooses between.
const SNOWBALL: [whatlang::Lang; 18] = {
    use whatlang::Lang as L;
    [
        L::Eng,
        L::Fra,
        L::Deu,
        L::Spa,
        L::Ita,
        L::Por,
        L::Nld,
        L::Dan,
        L::Swe,
        L::Nob,
        L::Fin,
        L::Hun,
        L::Ron,
        L::Rus,
        L::Tur,
        L::Ara,
        L::Ell,
        L::Tam,
    ]
};

// Sorted lists (binary search). Apostrophes are folded to ASCII `'`.
const EN: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

const FR: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cette", "d", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "eux", "il", "ils", "je", "l", "la", "le", "les", "leur", "lui", "m", "ma",
    "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas",
    "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "te", "tes",
    "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "à", "été", "être",
];

const DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den",
    "der", "des", "die", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für",
    "hat", "im", "in", "ist", "mit", "nach", "nicht", "noch", "nur", "oder", "sich", "sie", "sind",
    "so", "um", "und", "von", "vor", "war", "wie", "wird", "zu", "zum", "zur",
];

const ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "la", "las", "le",
    "lo", "los", "más", "no", "o", "para", "pero", "por", "que", "se", "su", "sus", "un", "una",
    "y",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        for list in [EN, FR, DE, ES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
        }
    }

    #[test]
    fn detects_and_stems() {
        let (lang, sure) = detect(
            "The foreign minister said relations between the two countries were facing new difficulties and challenges.",
        );
        assert!(sure);
        assert_eq!(lang.code, "eng");
        assert_eq!(lang.stemmer().unwrap().stem("relations"), "relat");
        assert!(lang.is_stopword("the"));
        assert!(!lang.is_stopword("minister"));
        let (lang, _) = detect(
            "Le ministre chinois des Affaires étrangères a déploré les nouvelles difficultés dans les relations bilatérales.",
        );
        assert_eq!(lang.code, "fra");
    }
}
