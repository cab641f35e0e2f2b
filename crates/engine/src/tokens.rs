//! Word tokens with byte spans, folded for matching (Unicode compatibility forms, case,
//! diacritics, curly apostrophes) and interned into a vocabulary shared by every document,
//! so comparing two words is comparing two integers. Each distinct word is stemmed once per
//! language. The original text is never altered.

use rustc_hash::FxHashMap;

use rust_stemmers::Stemmer;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lang::Language;

/// The token is a function word.
pub const STOP: u8 = 1;
/// The token is a number ("1949", "3.5", "1,000").
pub const NUMBER: u8 = 2;
/// The token starts with a capital letter in the original.
pub const CAPITAL: u8 = 4;

/// One word of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// Interned folded form.
    pub word: u32,
    /// Interned stem (language-specific).
    pub stem: u32,
    pub flags: u8,
}

impl Token {
    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Interned words and stems for one analysis.
#[derive(Default)]
pub struct Vocab {
    words: FxHashMap<String, u32>,
    forms: Vec<String>,
    stems: FxHashMap<String, u32>,
    stem_forms: Vec<String>,
    /// Per language slot: word id → stem id (`u32::MAX` until computed).
    stem_of: Vec<(&'static str, Vec<u32>)>,
}

impl Vocab {
    /// The text of a stem id.
    pub fn stem_form(&self, stem: u32) -> &str {
        &self.stem_forms[stem as usize]
    }

    pub fn stem_count(&self) -> usize {
        self.stem_forms.len()
    }

    fn intern_word(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.words.get(folded) {
            return id;
        }
        let id = self.forms.len() as u32;
        self.words.insert(folded.to_string(), id);
        self.forms.push(folded.to_string());
        id
    }

    /// The stem of a word in a language, and whether the word is a stopword there; both
    /// computed once per distinct word (bit 31 of the cache holds the stopword flag).
    fn stem(
        &mut self,
        slot: usize,
        word: u32,
        stemmer: Option<&Stemmer>,
        language: &Language,
    ) -> (u32, bool) {
        const STOP_BIT: u32 = 1 << 31;
        let table = &mut self.stem_of[slot].1;
        if table.len() <= word as usize {
            table.resize(word as usize + 1, u32::MAX);
        }
        let cached = table[word as usize];
        if cached != u32::MAX {
            return (cached & !STOP_BIT, cached & STOP_BIT != 0);
        }
        let form = &self.forms[word as usize];
        let stop = language.is_stopword(form);
        let stemmed = match stemmer {
            Some(st) if form.chars().any(char::is_alphabetic) => st.stem(form).into_owned(),
            _ => form.clone(),
        };
        let id = match self.stems.get(&stemmed) {
            Some(&id) => id,
            None => {
                let id = self.stem_forms.len() as u32;
                self.stems.insert(stemmed.clone(), id);
                self.stem_forms.push(stemmed);
                id
            }
        };
        self.stem_of[slot].1[word as usize] = id | if stop { STOP_BIT } else { 0 };
        (id, stop)
    }

    fn slot(&mut self, code: &'static str) -> usize {
        match self.stem_of.iter().position(|(c, _)| *c == code) {
            Some(i) => i,
            None => {
                self.stem_of.push((code, Vec::new()));
                self.stem_of.len() - 1
            }
        }
    }
}

/// Tokenizes `text[range]` (offsets stay absolute), appending to `out`.
pub struct Tokenizer<'v> {
    vocab: &'v mut Vocab,
    language: Language,
    stemmer: Option<Stemmer>,
    slot: usize,
    buf: String,
}

impl<'v> Tokenizer<'v> {
    pub fn new(vocab: &'v mut Vocab, language: Language) -> Self {
        let slot = vocab.slot(language.code);
        Self {
            vocab,
            language,
            stemmer: language.stemmer(),
            slot,
            buf: String::new(),
        }
    }

    pub fn tokenize(&mut self, text: &str, offset: usize, out: &mut Vec<Token>) {
        for (start, end) in word_spans(text) {
            let raw = &text[start..end];
            fold_into(raw, &mut self.buf);
            let word = self.vocab.intern_word(&self.buf);
            let (stem, stop) =
                self.vocab
                    .stem(self.slot, word, self.stemmer.as_ref(), &self.language);
            let first = raw.chars().next().unwrap_or(' ');
            let mut flags = 0;
            if first.is_numeric() && raw.chars().all(|c| c.is_numeric() || c == '.' || c == ',') {
                flags |= NUMBER;
            }
            if first.is_uppercase() {
                flags |= CAPITAL;
            }
            if stop {
                flags |= STOP;
            }
            out.push(Token {
                start: (offset + start) as u32,
                end: (offset + end) as u32,
                word,
                stem,
                flags,
            });
        }
    }
}

/// Byte spans of words: runs of letters and digits, joined by an apostrophe between letters
/// (`China’s`) or by `.`/`,` between digits (`3.5`, `1,000`). Hyphens separate words.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = loop {
            let (i, c) = iter.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = start + first.len_utf8();
        let mut prev = first;
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                prev = c;
                iter.next();
                continue;
            }
            let joins = match c {
                '\'' | '’' | 'ʼ' => prev.is_alphabetic(),
                '.' | ',' => prev.is_ascii_digit(),
                _ => false,
            };
            if !joins {
                break;
            }
            let next = text[i + c.len_utf8()..].chars().next();
            let ok = match c {
                '.' | ',' => next.is_some_and(|n| n.is_ascii_digit()),
                _ => next.is_some_and(char::is_alphabetic),
            };
            if !ok {
                break;
            }
            iter.next();
        }
        Some((start, end))
    })
}

/// The words of a text as the engine compares them (folded by [`fold_into`]): two sentences
/// with the same folded words are identical to the aligner, and share a row.
pub fn folded_words(text: &str) -> Vec<String> {
    let mut buf = String::new();
    word_spans(text)
        .map(|(start, end)| {
            fold_into(&text[start..end], &mut buf);
            buf.clone()
        })
        .collect()
}

/// Folds a word for matching: compatibility decomposition, no diacritics, lower case,
/// ASCII apostrophe, no thousands separators.
pub fn fold_into(raw: &str, buf: &mut String) {
    buf.clear();
    if raw.is_ascii() {
        buf.extend(
            raw.chars()
                .filter(|&c| c != ',')
                .map(|c| c.to_ascii_lowercase()),
        );
        return;
    }
    for c in raw.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '’' | 'ʼ' | '‘' => buf.push('\''),
            ',' => {}
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// The folded form of a word, allocated.
#[cfg(test)]
pub fn fold(raw: &str) -> String {
    let mut buf = String::new();
    fold_into(raw, &mut buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_folding() {
        let text = "China’s 1,000 “Sino-US” vis-à-vis 3.5. Antony's";
        let words: Vec<&str> = word_spans(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            [
                "China’s",
                "1,000",
                "Sino",
                "US",
                "vis",
                "à",
                "vis",
                "3.5",
                "Antony's"
            ]
        );
        assert_eq!(fold("China’s"), "china's");
        assert_eq!(fold("1,000"), "1000");
        assert_eq!(fold("à"), "a");
        assert_eq!(fold("Ｑｉｎ"), "qin");
    }

    #[test]
    fn stems_and_flags() {
        let mut vocab = Vocab::default();
        let mut out = Vec::new();
        let text = "The Relations of China’s 1949";
        Tokenizer::new(&mut vocab, Language::ENGLISH).tokenize(text, 10, &mut out);
        assert_eq!(out.len(), 5);
        assert!(out[0].is(STOP) && out[0].is(CAPITAL));
        assert!(out[4].is(NUMBER));
        assert_eq!(out[1].start, 14);
        let mut again = Vec::new();
        Tokenizer::new(&mut vocab, Language::ENGLISH).tokenize("relation china", 0, &mut again);
        assert_eq!(again[0].stem, out[1].stem, "relation ~ Relations");
        assert_eq!(again[1].stem, out[3].stem, "china ~ China’s");
        assert_ne!(again[0].word, out[1].word);
    }
}
