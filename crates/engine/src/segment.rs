//! Sentence boundaries inside one unit of text (a line, or a hard-wrapped paragraph).
//!
//! A single pass over the characters finds candidate boundaries after terminal punctuation;
//! a second pass removes those inside quotations that the sentence continues past
//! (`“… challenges. It is clear …,” Mr Qin told`) and inside short parentheses.
//! Trap: general-purpose splitters (unicode-segmentation included) split after "Mr." and
//! "U.S."; the abbreviation tables below are why this one does not.

use std::ops::Range;

/// Sentences longer than this (unpunctuated text) are cut at the nearest space.
const MAX_SENTENCE_BYTES: usize = 1200;

/// Always followed by a name or number: never end a sentence.
const TITLES: &[&str] = &[
    "adm", "capt", "cdr", "cmdr", "col", "cpl", "dr", "e.g", "fr", "gen", "gov", "hon", "i.e",
    "lt", "maj", "messrs", "mlle", "mme", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev",
    "sen", "sgt", "st", "vs",
];

/// Abbreviations that precede a number ("No. 5", "Jan. 6", "p. 12").
const BEFORE_NUMBER: &[&str] = &[
    "apr", "art", "aug", "ca", "ch", "dec", "feb", "fig", "jan", "jul", "jun", "mar", "no", "nos",
    "nov", "oct", "p", "para", "pp", "sec", "sep", "sept", "vol",
];

/// Abbreviations that may also end a sentence: split only before a typical sentence opener.
const AMBIGUOUS: &[&str] = &["al", "co", "corp", "dept", "etc", "inc", "jr", "ltd", "sr"];

/// Words that typically open a sentence; after an ambiguous abbreviation they mean a boundary.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "but",
    "during",
    "for",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "meanwhile",
    "on",
    "she",
    "since",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "when",
    "while",
    "you",
];

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '“')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '„' | '(' | '[' | '¿' | '¡' | '—' | '–' | '-'
    )
}

/// Splits `s` into sentence ranges (relative to `s`), trimmed of surrounding whitespace.
///
/// ```
/// use parallax_engine::split_sentences;
/// let s = "Mr. Qin called the U.S. envoy. “It is clear. Very clear,” he said. Then he left";
/// let parts: Vec<&str> = split_sentences(s).into_iter().map(|r| &s[r]).collect();
/// assert_eq!(parts, ["Mr. Qin called the U.S. envoy.", "“It is clear. Very clear,” he said.", "Then he left"]);
/// ```
pub fn split_sentences(s: &str) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = Vec::new(); // byte offsets where a sentence ends
    let mut pos = 0;
    while let Some(at) = next_terminal(s, pos) {
        let rest = &s[at..];
        let mut run = rest.chars();
        let c = run.next().unwrap_or('.');
        let second = run.clone().next();
        // The run of terminal and closing marks that ends here ("?!", ".”", "…)").
        let end = at
            + c.len_utf8()
            + run
                .take_while(|&d| is_terminal(d) || is_closing(d))
                .map(char::len_utf8)
                .sum::<usize>();
        let run_is_single_dot = c == '.' && !second.is_some_and(is_terminal);
        pos = end;
        let after = &s[end..];
        if !after.starts_with(char::is_whitespace) {
            continue;
        }
        let next_text = after.trim_start();
        let mut next = next_text.chars();
        let Some(first) = next.next() else {
            continue;
        };
        if !starts_sentence(first, next.next()) {
            continue;
        }
        if run_is_single_dot && !dot_ends_sentence(s, at, next_text) {
            continue;
        }
        cuts.push(end);
    }
    remove_cuts_inside_quotes(s, &mut cuts);

    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain(std::iter::once(s.len())) {
        push_trimmed(s, start..cut, &mut out);
        start = cut;
    }
    out
}

/// Byte offset of the first terminal mark at or after `from`. Scans bytes: ASCII marks
/// directly, other marks (all three-byte characters) by decoding only at lead bytes 0xE2
/// and above.
fn next_terminal(s: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            return Some(i);
        }
        if b >= 0xE2
            && let Some(c) = s.get(i..).and_then(|rest| rest.chars().next())
        {
            if is_terminal(c) {
                return Some(i);
            }
            i += c.len_utf8();
            continue;
        }
        i += 1;
    }
    None
}

fn starts_sentence(c: char, after: Option<char>) -> bool {
    if c.is_uppercase() || c.is_numeric() {
        return true;
    }
    if is_opening(c) {
        return after.is_some_and(|a| a.is_uppercase() || a.is_numeric() || is_opening(a));
    }
    // Scripts without case (CJK, Arabic…) start sentences with any letter.
    c.is_alphabetic() && !c.is_lowercase()
}

/// Decides whether the full stop at byte `dot` ends a sentence, given the text after the
/// whitespace that follows it.
fn dot_ends_sentence(s: &str, dot: usize, next: &str) -> bool {
    let before = &s[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_word: String = next
        .chars()
        .skip_while(|c| is_opening(*c))
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let next_is_number = next_word.starts_with(|c: char| c.is_ascii_digit());
    let next_opens = OPENERS.contains(&next_word.to_lowercase().as_str());
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) {
        return !next_is_number;
    }
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let dotted = word.contains('.') && word.chars().any(char::is_alphabetic);
    if AMBIGUOUS.contains(&lower.as_str()) || single_letter || dotted {
        return next_opens;
    }
    true
}

/// Quotations the sentence runs on past (`“A. B,” he said`), short quotations and short
/// parentheses hold no boundary.
fn remove_cuts_inside_quotes(s: &str, cuts: &mut Vec<usize>) {
    if cuts.is_empty() {
        return;
    }
    let mut protected: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None; // byte offset of the open quote
    let mut paren: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (at, c) in s.char_indices() {
        let before = prev;
        prev = Some(c);
        if !matches!(c, '(' | ')' | '“' | '„' | '«' | '"' | '”' | '»') {
            continue;
        }
        let after = &s[at + c.len_utf8()..];
        let next = after.chars().next();
        let word_before = before.is_some_and(char::is_alphanumeric);
        match (c, open) {
            ('(', _) => paren = Some(at),
            (')', _) => {
                if let Some(p) = paren.take()
                    && at - p <= 400
                {
                    protected.push(p..at);
                }
            }
            ('“' | '„' | '«', None) => open = Some(at),
            ('"', None) if !word_before => open = Some(at),
            ('”' | '»' | '“' | '"', Some(start))
                if c != '“' || !next.is_some_and(char::is_alphanumeric) =>
            {
                open = None;
                let continues = before.is_some_and(|p| matches!(p, ',' | ';' | ':' | '—' | '–'))
                    || after
                        .chars()
                        .find(|c| !c.is_whitespace())
                        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';'));
                if (continues || at - start <= 300) && at - start <= 1200 {
                    protected.push(start..at);
                }
            }
            _ => {}
        }
    }
    cuts.retain(|&cut| !protected.iter().any(|r| r.start < cut && cut <= r.end));
}

fn push_trimmed(s: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &s[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.start + piece.trim_end().len();
    if start >= end {
        return;
    }
    // A fragment with no letter or digit (a stray quote) joins the previous sentence.
    if !s[start..end].chars().any(char::is_alphanumeric)
        && let Some(last) = out.last_mut()
    {
        last.end = end;
        return;
    }
    let mut start = start;
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        let Some(space) = s[start..cut].rfind(char::is_whitespace) else {
            break;
        };
        if space == 0 {
            break;
        }
        let piece_end = start + s[start..start + space].trim_end().len();
        out.push(start..piece_end);
        start += space;
        start += s[start..].len() - s[start..].trim_start().len();
    }
    out.push(start..end);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("plain", "One. Two! Three?", &["One.", "Two!", "Three?"]),
            (
                "wide marks",
                "Il attendait… Puis il partit。 Fin！ Oui？ Non‼ Bon",
                &[
                    "Il attendait…",
                    "Puis il partit。",
                    "Fin！",
                    "Oui？",
                    "Non‼",
                    "Bon",
                ],
            ),
            (
                "curly quotes are not marks",
                "“Yes” he said. “No” she said.",
                &["“Yes” he said.", "“No” she said."],
            ),
            (
                "title",
                "Mr. Qin met Dr. Blinken.",
                &["Mr. Qin met Dr. Blinken."],
            ),
            ("lt", "Lt. Col. Smith spoke.", &["Lt. Col. Smith spoke."]),
            ("us mid", "The U.S. envoy came.", &["The U.S. envoy came."]),
            (
                "us end",
                "He flew to the U.S. The trip was long.",
                &["He flew to the U.S.", "The trip was long."],
            ),
            ("month", "On Jan. 6 they met.", &["On Jan. 6 they met."]),
            (
                "initial",
                "J. R. R. Tolkien wrote it.",
                &["J. R. R. Tolkien wrote it."],
            ),
            (
                "decimal",
                "Growth was 3.5 percent. Then it fell.",
                &["Growth was 3.5 percent.", "Then it fell."],
            ),
            (
                "quote continues",
                "“It is clear. Very clear,” Mr Qin told him. Next.",
                &["“It is clear. Very clear,” Mr Qin told him.", "Next."],
            ),
            (
                "quote stands",
                "He said: “We came. We saw.” Then he left.",
                &["He said: “We came. We saw.”", "Then he left."],
            ),
            (
                "ellipsis paren",
                "China hopes that the US (…) will work. Yes.",
                &["China hopes that the US (…) will work.", "Yes."],
            ),
            (
                "paren",
                "The text (see p. 4. Also p. 5) says so. Yes.",
                &["The text (see p. 4. Also p. 5) says so.", "Yes."],
            ),
            (
                "lowercase after dot",
                "It cost 5 dollars vs. ten euros.",
                &["It cost 5 dollars vs. ten euros."],
            ),
            (
                "headline",
                "China blames US for new problems",
                &["China blames US for new problems"],
            ),
            (
                "closing quote",
                "“Stop.” He left.",
                &["“Stop.”", "He left."],
            ),
            (
                "ascii quote",
                "He said \"Stop. Now,\" and left.",
                &["He said \"Stop. Now,\" and left."],
            ),
            ("multi punct", "Really?! Yes...", &["Really?!", "Yes..."]),
            ("trailing space", "  One.  Two.  ", &["One.", "Two."]),
            (
                "etc end",
                "Trade, tech etc. The rest.",
                &["Trade, tech etc.", "The rest."],
            ),
            (
                "etc mid",
                "Trade, tech etc. Taiwan too.",
                &["Trade, tech etc. Taiwan too."],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(split(input), *expected, "{name}");
        }
    }

    #[test]
    fn long_unpunctuated_text_is_cut_at_spaces() {
        let s = "word ".repeat(1000);
        let parts = split_sentences(&s);
        assert!(parts.len() >= 4);
        assert!(
            parts
                .iter()
                .all(|r| r.len() <= MAX_SENTENCE_BYTES && !s[r.clone()].starts_with(' '))
        );
    }
}
