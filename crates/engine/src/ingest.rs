//! Text → structure: lines (every kind of line ending), paragraphs, the title, dates, the
//! source line, and boilerplate classification. Nothing is removed: every line ends up in a
//! unit with a kind, and the sentences of boilerplate units are only flagged.

use std::ops::Range;

use super::dates::{DateRole, date_line};
use super::model::SentenceKind;
use super::segment::split_sentences;

/// A run of text that is split into sentences as a whole, with its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub range: Range<usize>,
    pub kind: SentenceKind,
    pub paragraph: usize,
}

/// What ingest learned about a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    pub units: Vec<Unit>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub source: Option<String>,
}

impl Structure {
    /// Sentence spans with their kind and paragraph, in document order.
    pub fn sentences(&self, text: &str) -> Vec<(Range<usize>, SentenceKind, usize)> {
        let mut out = Vec::new();
        for unit in &self.units {
            let body = &text[unit.range.clone()];
            let whole_line = matches!(
                unit.kind,
                SentenceKind::Title
                    | SentenceKind::Heading
                    | SentenceKind::Date
                    | SentenceKind::Section
                    | SentenceKind::Link
            );
            if whole_line {
                out.push((unit.range.clone(), unit.kind, unit.paragraph));
                continue;
            }
            for r in split_sentences(body) {
                let r = unit.range.start + r.start..unit.range.start + r.end;
                out.push((r, unit.kind, unit.paragraph));
            }
        }
        out
    }
}

/// Byte ranges of lines, without their terminators. Handles `\n`, `\r\n`, `\r`, U+2028,
/// U+2029, U+0085, vertical tab and form feed.
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}'
        );
        if !is_break {
            continue;
        }
        out.push(start..i);
        start = i + c.len_utf8();
        if c == '\r' && iter.peek().is_some_and(|&(_, n)| n == '\n') {
            iter.next();
            start += 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn trimmed(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    if start > end {
        start..start
    } else {
        start..end
    }
}

/// Hard-wrapped text (lines of ~70 characters inside paragraphs) joins lines into units;
/// otherwise each line is a unit (news pages put one paragraph per line).
fn is_hard_wrapped(text: &str, lines: &[Range<usize>]) -> bool {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|r| text[r.clone()].trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.len() < 8 {
        return false;
    }
    lens.sort_unstable();
    let p90 = lens[lens.len() * 9 / 10];
    if p90 > 100 {
        return false;
    }
    // Lines that run on into the next line (no terminal punctuation) are the mark of wrapping.
    let mut run_on = 0;
    let mut multi = 0;
    for w in lines.windows(2) {
        let a = text[w[0].clone()].trim();
        let b = text[w[1].clone()].trim();
        if a.is_empty() || b.is_empty() {
            continue;
        }
        multi += 1;
        if !a.ends_with(['.', '!', '?', '"', '”', ':']) {
            run_on += 1;
        }
    }
    multi > 0 && run_on * 2 > multi
}

/// Splits a document into classified units and reads its metadata.
pub fn structure(text: &str) -> Structure {
    let all = lines(text);
    let wrapped = is_hard_wrapped(text, &all);
    let width = if wrapped {
        let mut lens: Vec<usize> = all
            .iter()
            .map(|r| text[r.clone()].trim().chars().count())
            .filter(|&n| n > 0)
            .collect();
        lens.sort_unstable();
        lens[lens.len() * 9 / 10]
    } else {
        0
    };

    // Group non-blank lines into blocks (paragraphs); in wrapped text, join lines into units.
    let mut raw: Vec<(Range<usize>, usize, bool)> = Vec::new(); // (range, paragraph, single line)
    let mut paragraph = 0;
    let mut in_block = false;
    let mut pending: Option<Range<usize>> = None;
    let mut pending_lines = 0;
    for line in &all {
        let t = trimmed(text, line);
        if t.is_empty() {
            if let Some(p) = pending.take() {
                raw.push((p, paragraph, pending_lines == 1));
            }
            if in_block {
                paragraph += 1;
                in_block = false;
            }
            continue;
        }
        in_block = true;
        if !wrapped {
            raw.push((t, paragraph, true));
            continue;
        }
        let line_text = &text[t.clone()];
        let short = line_text.chars().count() * 10 < width * 7;
        pending = Some(match pending.take() {
            Some(p) => {
                pending_lines += 1;
                p.start..t.end
            }
            None => {
                pending_lines = 1;
                t.clone()
            }
        });
        if short && let Some(p) = pending.take() {
            raw.push((p, paragraph, pending_lines == 1));
        }
    }
    if let Some(p) = pending.take() {
        raw.push((p, paragraph, pending_lines == 1));
    }

    let mut st = Structure::default();
    let last_paragraph = raw.last().map_or(0, |r| r.1);
    let mut seen_body = false;
    let mut i = 0;
    while i < raw.len() {
        let (range, para, single) = raw[i].clone();
        let line = &text[range.clone()];
        let next_line = raw.get(i + 1).map(|r| &text[r.0.clone()]);
        i += 1;

        if let Some(d) = date_line(line) {
            let span = range.start + d.span.start..range.start + d.span.end;
            let slot = if d.role == DateRole::Updated {
                &mut st.updated
            } else {
                &mut st.date
            };
            if slot.is_none() {
                *slot = Some(d.date.iso());
            }
            st.units.push(Unit {
                range: span.clone(),
                kind: SentenceKind::Date,
                paragraph: para,
            });
            if !d.whole {
                let rest = trimmed(text, &(span.end..range.end));
                let kind = classify(
                    &text[rest.clone()],
                    single,
                    seen_body,
                    para == last_paragraph,
                    None,
                );
                seen_body |= kind == SentenceKind::Body;
                st.units.push(Unit {
                    range: rest,
                    kind,
                    paragraph: para,
                });
            }
            continue;
        }
        let mut kind = classify(line, single, seen_body, para == last_paragraph, next_line);
        if kind == SentenceKind::Credit && st.source.is_none() {
            st.source = credit_source(line);
        }
        if st.title.is_none()
            && !seen_body
            && is_title(line, single)
            && kind == SentenceKind::Heading
        {
            kind = SentenceKind::Title;
            st.title = Some(line.trim().to_string());
        }
        seen_body |= kind == SentenceKind::Body;
        st.units.push(Unit {
            range,
            kind,
            paragraph: para,
        });
    }
    st
}

/// Words of a line (runs of non-space holding a letter or digit), counted up to `limit`:
/// every caller asks about short lines, and long paragraphs need not be counted to the end.
fn words(line: &str, limit: usize) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(limit)
        .count()
}

fn is_title(line: &str, single: bool) -> bool {
    let n = words(line, 31);
    let t = line.trim();
    single && (2..=30).contains(&n) && t.len() <= 250 && !t.ends_with(':')
}

/// Lowercased line with surrounding punctuation removed, for pattern tests.
fn key(line: &str) -> String {
    line.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

const ADVERTISEMENT: &[&str] = &[
    "ad",
    "advertisement",
    "advertising",
    "anzeige",
    "publicité",
    "publicidad",
    "sponsored",
    "sponsored content",
    "scroll to continue",
    "scroll to continue with content",
    "story continues below advertisement",
    "article continues below",
    "continue reading",
    "continue reading below",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "subscribe",
    "subscribe now",
    "sign up",
    "follow us",
    "newsletter",
    "skip advertisement",
    "close",
    "print",
    "comments",
    "listen to this article",
];

const LINK_PREFIXES: &[&str] = &[
    "see also",
    "read also",
    "read more",
    "also read",
    "more important news",
    "more news",
    "more from",
    "related",
    "related articles",
    "related stories",
    "recommended",
    "you may also like",
    "you might also like",
    "watch",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "mehr zum thema",
    "auch interessant",
    "lesen sie auch",
    "leer más",
    "te puede interesar",
    "click here",
    "sign up for",
    "subscribe to",
    "follow us on",
    "download the",
];

const CREDIT_LABELS: &[&str] = &[
    "source:",
    "sources:",
    "quelle:",
    "quellen:",
    "fuente:",
    "fuentes:",
    "with reporting by",
    "additional reporting by",
    "reporting by",
    "editing by",
    "writing by",
    "compiled by",
];

const PHOTO_CREDIT_WORDS: &[&str] = &[
    "file:",
    "photo",
    "image",
    "getty",
    "reuters",
    "afp",
    "ap",
    "epa",
    "pool",
    "shutterstock",
    "bloomberg",
    "via",
    "xinhua",
    "credit",
    "courtesy",
    "picture",
];

const BIO_WORDS: &[&str] = &[
    "gamer",
    "geek",
    "troublemaker",
    "thinker",
    "fan",
    "solver",
    "nerd",
    "junkie",
    "lover",
    "evangelist",
    "enthusiast",
    "aficionado",
    "fanatic",
    "ninja",
    "expert",
    "advocate",
    "buff",
    "maven",
    "scholar",
    "practitioner",
    "specialist",
    "guru",
    "addict",
    "writer",
    "creator",
    "explorer",
    "introvert",
    "student",
    "pioneer",
    "trailblazer",
    "organizer",
];

/// Classifies one line (or joined paragraph).
fn classify(
    line: &str,
    single: bool,
    seen_body: bool,
    last_paragraph: bool,
    next_line: Option<&str>,
) -> SentenceKind {
    let t = line.trim();
    let n = words(t, 61);
    // Page debris is short: a long line is running text (checked first, it is most lines).
    if n > 60 {
        return SentenceKind::Body;
    }
    let k = key(line);
    if ADVERTISEMENT.contains(&k.as_str()) {
        return SentenceKind::Advertisement;
    }
    if is_link(&k, t, n) {
        return SentenceKind::Link;
    }
    if has_credit_label(&t.to_lowercase()) && n <= 40 {
        return SentenceKind::Credit;
    }
    if is_caption(t) {
        return SentenceKind::Caption;
    }
    // Alt text repeated as the start of the caption that follows it.
    if let Some(next) = next_line
        && single
        && n <= 12
        && is_caption(next.trim())
        && next.trim().starts_with(t)
    {
        return SentenceKind::Caption;
    }
    if last_paragraph && is_bio(t) {
        return SentenceKind::Bio;
    }
    if single && (1..=12).contains(&n) && !ends_sentence(t) {
        let titled = t
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .all(|w| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase)
            });
        if !seen_body && n <= 4 && titled {
            return SentenceKind::Section;
        }
        return SentenceKind::Heading;
    }
    // A short one-sentence line before the text starts: a headline with a full stop.
    if single && !seen_body && n <= 15 && t.len() <= 150 && split_sentences(t).len() == 1 {
        return SentenceKind::Heading;
    }
    SentenceKind::Body
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '”', '’', '\'', '»', ')']);
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn is_link(k: &str, t: &str, n: usize) -> bool {
    n <= 25
        && LINK_PREFIXES.iter().any(|p| {
            k.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with(':')
                    || (rest.starts_with([' ', '\u{a0}']) && !ends_sentence(t))
            })
        })
}

fn has_credit_label(lower: &str) -> bool {
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A label at the start, or one ending with a colon after a full stop ("… . Photo: AP").
    let after_stops: Vec<&str> = lower
        .match_indices(". ")
        .map(|(i, _)| &lower[i + 2..])
        .collect();
    CREDIT_LABELS.iter().any(|label| {
        lower.starts_with(label)
            || (label.ends_with(':') && after_stops.iter().any(|rest| rest.starts_with(label)))
    })
}

fn credit_source(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    for label in ["sources:", "source:", "quellen:", "quelle:", "fuente:"] {
        if let Some(at) = lower.find(label) {
            let rest = line[at + label.len()..].trim().trim_end_matches(['.', ' ']);
            if !rest.is_empty() {
                return Some(rest.to_string());
            }
        }
    }
    None
}

/// "… in the phone call [File: Thomas Peter/Pool via AP]", "(Photo: Reuters)".
fn is_caption(t: &str) -> bool {
    let head: String = t.chars().take(16).flat_map(char::to_lowercase).collect();
    if head.starts_with("photo:")
        || head.starts_with("image:")
        || head.starts_with("image caption")
        || head.starts_with("image source")
        || head.starts_with("photograph:")
        || head.starts_with("caption:")
    {
        return true;
    }
    // Most lines do not end with a bracket: rule them out before lowercasing the line.
    if !t.trim_end_matches(['.', ' ']).ends_with([']', ')']) {
        return false;
    }
    let lower = t.to_lowercase();
    let Some(open) = lower.rfind(['[', '(']) else {
        return false;
    };
    let close = if lower[open..].starts_with('[') {
        ']'
    } else {
        ')'
    };
    if !lower.trim_end_matches(['.', ' ']).ends_with(close) {
        return false;
    }
    let inner = &lower[open + 1..];
    let has_credit = PHOTO_CREDIT_WORDS.iter().any(|w| {
        inner
            .split(|c: char| !(c.is_alphanumeric() || c == ':'))
            .any(|token| token == *w || (w.ends_with(':') && token.starts_with(w)))
    });
    has_credit
        && (inner.contains('/')
            || inner.contains(':')
            || inner.contains("via")
            || inner.contains("photo"))
}

/// "Avid gamer. Social media geek. Proud troublemaker. Thinker." — spam-site author bios.
fn is_bio(t: &str) -> bool {
    let inner = t.trim_matches(|c: char| !c.is_alphanumeric());
    let parts: Vec<&str> = inner
        .split(['.', '!'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 3 {
        return false;
    }
    let short = parts
        .iter()
        .filter(|p| p.split_whitespace().count() <= 4)
        .count();
    let bio_words = parts
        .iter()
        .filter(|p| {
            p.split_whitespace().any(|w| {
                let w = w.to_lowercase();
                let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                BIO_WORDS.contains(&w) || BIO_WORDS.contains(&w.trim_end_matches('s'))
            })
        })
        .count();
    short == parts.len() && bio_words * 2 >= parts.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings() {
        let text = "a\r\nb\rc\nd\u{2028}e\u{2029}f\u{85}g";
        let got: Vec<&str> = lines(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["a", "b", "c", "d", "e", "f", "g"]);
        let text = "a\n\nb\n";
        let got: Vec<&str> = lines(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["a", "", "b"]);
    }

    #[test]
    fn classifies_lines() {
        use SentenceKind as K;
        let cases: &[(&str, K)] = &[
            ("Advertisement", K::Advertisement),
            (
                "See also  Prince Harry seems completely enamored with Canada",
                K::Link,
            ),
            ("More important news", K::Link),
            ("Read more: China and the US", K::Link),
            ("Source: Al Jazeera and news agencies", K::Credit),
            (
                "This article was published automatically. Sources: ats / afp",
                K::Credit,
            ),
            (
                "Chinese Foreign Minister Qin Gang laid out China's key concerns in the phone call [File: Thomas Peter/Pool via AP]",
                K::Caption,
            ),
            (
                "“Avid gamer. Social media geek. Proud troublemaker. Thinker. Travel fan. Problem solver.”",
                K::Bio,
            ),
            ("First since 2018", K::Heading),
            ("He said relations were strained. They were.", K::Body),
            ("Seeing is believing: the resources of China.", K::Body),
        ];
        for (line, kind) in cases {
            assert_eq!(classify(line, true, true, true, None), *kind, "{line}");
        }
        assert_eq!(
            classify("International Relations", true, false, false, None),
            K::Section
        );
        assert_eq!(
            classify(
                "Chinese Foreign Minister Qin Gang",
                true,
                true,
                false,
                Some(
                    "Chinese Foreign Minister Qin Gang laid out concerns [File: Thomas Peter/Pool via AP]"
                )
            ),
            K::Caption
        );
    }

    #[test]
    fn reads_metadata() {
        let text = "June 21, 2024\n\nChina blames US for “new problems”.\n\nInternational Relations\n\nUpdated on 06/14/2023 at 12:11 pm\n\nChinese Foreign Minister Qin Gang has blamed the US. He said so.\n\nSource: Al Jazeera and news agencies\n";
        let st = structure(text);
        assert_eq!(
            st.title.as_deref(),
            Some("China blames US for “new problems”.")
        );
        assert_eq!(st.date.as_deref(), Some("2024-06-21"));
        assert_eq!(st.updated.as_deref(), Some("2023-06-14T12:11"));
        assert_eq!(st.source.as_deref(), Some("Al Jazeera and news agencies"));
        let kinds: Vec<SentenceKind> = st.units.iter().map(|u| u.kind).collect();
        use SentenceKind as K;
        assert_eq!(
            kinds,
            [K::Date, K::Title, K::Section, K::Date, K::Body, K::Credit]
        );
    }

    #[test]
    fn date_prefix_is_split_off() {
        let text = " date 2023-06-14 China’s Foreign Minister Qin Gang held a phone call with Blinken on Wednesday and said so.\n";
        let st = structure(text);
        assert_eq!(st.date.as_deref(), Some("2023-06-14"));
        assert_eq!(&text[st.units[0].range.clone()], "date 2023-06-14");
        assert_eq!(st.units[0].kind, SentenceKind::Date);
        assert!(text[st.units[1].range.clone()].starts_with("China’s"));
        assert_eq!(st.units[1].kind, SentenceKind::Body);
    }

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let para = "This is a long paragraph of text that has been wrapped at a fixed\nwidth by the program that wrote it, so that sentences run across\nthe ends of lines and must be joined again before they are split\ninto sentences. Here is the second sentence of the paragraph, which\nalso runs across lines.\n\n";
        let text = para.repeat(3);
        let st = structure(&text);
        let sentences = st.sentences(&text);
        assert_eq!(sentences.len(), 6);
        assert!(text[sentences[0].0.clone()].ends_with("into sentences."));
        assert_eq!(sentences[5].2, 2);
    }
}
