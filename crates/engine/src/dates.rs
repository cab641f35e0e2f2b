//! Dates as news pages write them: "June 21, 2024", "21 June 2024", "06/14/2023",
//! "14.06.2023", "2023-06-14", with an optional time ("at 12:11 pm"), and the lines that carry
//! nothing but a date ("Updated on 06/14/2023 at 12:11 pm", "date 2023-06-14").

use std::ops::Range;

/// A calendar date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub time: Option<(u8, u8)>,
}

impl Date {
    /// ISO 8601: `2023-06-14`, or `2023-06-14T12:11` with a time.
    pub fn iso(&self) -> String {
        match self.time {
            Some((h, m)) => {
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}",
                    self.year, self.month, self.day, h, m
                )
            }
            None => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// Whether a date line announces the publication or an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    Published,
    Updated,
}

/// A date found at the start of a line, with what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    pub date: Date,
    pub role: DateRole,
    /// Bytes of the line taken by the date and its label ("Updated on … at 12:11 pm").
    pub span: Range<usize>,
    /// True when nothing but the date (and its label) is on the line.
    pub whole: bool,
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("januar", 1),
    ("enero", 1),
    ("february", 2),
    ("feb", 2),
    ("février", 2),
    ("fevrier", 2),
    ("februar", 2),
    ("febrero", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("märz", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juli", 7),
    ("julio", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dec", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dezember", 12),
    ("diciembre", 12),
];

/// English weekday names, Monday first (as `when` numbers them).
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that may surround a date on a date-only line, besides the weekdays.
const LABELS: &[&str] = &[
    "updated",
    "update",
    "last",
    "modified",
    "published",
    "posted",
    "on",
    "at",
    "date",
    "dated",
    "time",
    "first",
    "am",
    "pm",
    "a.m",
    "p.m",
    "utc",
    "gmt",
    "et",
    "est",
    "edt",
    "cet",
    "cest",
    "ist",
    "bst",
    "mis",
    "à",
    "jour",
    "le",
    "aktualisiert",
    "am",
    "um",
    "uhr",
    "veröffentlicht",
];

const UPDATE_WORDS: &[&str] = &["updated", "update", "modified", "aktualisiert", "jour"];

fn is_label(lower: &str) -> bool {
    LABELS.contains(&lower) || WEEKDAYS.contains(&lower)
}

pub(crate) fn month_number(word: &str) -> Option<u8> {
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, m)| m)
}

/// A tiny cursor over a line.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let rest = &self.s[self.pos..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len < min || len > max {
            return None;
        }
        self.pos += len;
        rest[..len].parse().ok()
    }

    fn word(&mut self) -> Option<&'a str> {
        let rest = &self.s[self.pos..];
        let len: usize = rest
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }

    fn eat(&mut self, set: &[char]) -> Option<char> {
        let c = self.peek().filter(|c| set.contains(c))?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn spaces(&mut self) -> usize {
        let start = self.pos;
        while self.eat(&[' ', '\t', '\u{a0}']).is_some() {}
        self.pos - start
    }
}

fn valid(year: u32, month: u32, day: u32) -> Option<Date> {
    let ok = (1800..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then_some(Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
        time: None,
    })
}

fn ordinal_suffix(c: &mut Cursor<'_>) {
    let save = c.pos;
    match c.word() {
        Some(w) if matches!(w.to_lowercase().as_str(), "st" | "nd" | "rd" | "th") => {}
        _ => c.pos = save,
    }
    c.eat(&['.']);
}

/// Parses a date starting exactly at byte `pos` of `s`; returns it and where it ends.
pub fn parse_date_at(s: &str, pos: usize) -> Option<(Date, usize)> {
    let (mut date, end) = parse_day(s, pos)?;
    let mut c = Cursor { s, pos: end };
    // Optional time: ", 12:11 pm", " at 12:11", " - 09:30 CET"
    let save = c.pos;
    c.eat(&[',']);
    c.spaces();
    let w = c.pos;
    if !matches!(
        c.word().map(str::to_lowercase).as_deref(),
        Some("at" | "um" | "à")
    ) {
        c.pos = w;
    }
    c.eat(&['-', '|', '–']);
    c.spaces();
    if let Some(h) = c.digits(1, 2)
        && c.eat(&[':', 'h']).is_some()
        && let Some(m) = c.digits(2, 2)
    {
        let mut h = h;
        let after = c.pos;
        c.spaces();
        let meridiem = match c.word().map(str::to_lowercase).as_deref() {
            Some(w @ ("am" | "pm")) => Some(w == "pm"),
            Some(w @ ("a" | "p")) if c.eat(&['.']).is_some() && c.word() == Some("m") => {
                c.eat(&['.']);
                Some(w == "p")
            }
            _ => None,
        };
        match meridiem {
            Some(true) if h < 12 => h += 12,
            Some(false) if h == 12 => h = 0,
            Some(_) => {}
            None => c.pos = after,
        }
        if h < 24 && m < 60 {
            date.time = Some((h as u8, m as u8));
            return Some((date, c.pos));
        }
    }
    c.pos = save;
    Some((date, c.pos))
}

fn parse_day(s: &str, pos: usize) -> Option<(Date, usize)> {
    let mut c = Cursor { s, pos };
    if let Some(first) = c.digits(1, 4) {
        let after_first = c.pos;
        // 2023-06-14, 2023/06/14
        if after_first - pos == 4 {
            let sep = c.eat(&['-', '/', '.'])?;
            let month = c.digits(1, 2)?;
            c.eat(&[sep])?;
            let day = c.digits(1, 2)?;
            return valid(first, month, day).map(|d| (d, c.pos));
        }
        // 06/14/2023 (US), 14/06/2023 and 14.06.2023 (day first)
        let save = c.pos;
        if let Some(sep) = c.eat(&['/', '.', '-'])
            && c.peek().is_some_and(|d| d.is_ascii_digit())
        {
            let second = c.digits(1, 2)?;
            c.eat(&[sep])?;
            let year = c.digits(4, 4)?;
            let (month, day) = if sep == '/' && first <= 12 {
                (first, second)
            } else {
                (second, first)
            };
            return valid(year, month, day).map(|d| (d, c.pos));
        }
        // 21 June 2024, 21st of June, 2024, 14. Juni 2023
        c.pos = save;
        ordinal_suffix(&mut c);
        c.spaces();
        let save = c.pos;
        if c.word().map(str::to_lowercase).as_deref() != Some("of") {
            c.pos = save;
        }
        c.spaces();
        let month = month_number(c.word()?)?;
        c.eat(&['.']);
        c.eat(&[',']);
        c.spaces();
        let year = c.digits(4, 4)?;
        return valid(year, month as u32, first).map(|d| (d, c.pos));
    }
    // June 21, 2024; Jun. 21 2024
    let month = month_number(c.word()?)?;
    c.eat(&['.']);
    c.spaces();
    let day = c.digits(1, 2)?;
    ordinal_suffix(&mut c);
    c.eat(&[',']);
    c.spaces();
    let year = c.digits(4, 4)?;
    valid(year, month as u32, day).map(|d| (d, c.pos))
}

/// Recognises a line that starts with a date, possibly labelled ("Updated on", "date",
/// "Published:"), and says whether anything else follows on the line.
pub fn date_line(line: &str) -> Option<DateLine> {
    let mut c = Cursor { s: line, pos: 0 };
    let mut role = DateRole::Published;
    // Labels before the date.
    loop {
        c.spaces();
        c.eat(&['|', '•', '·', '-', '–', ':', ',', '(']);
        c.spaces();
        let at = c.pos;
        if let Some((date, end)) = parse_date_at(line, at) {
            let mut c = Cursor { s: line, pos: end };
            // Trailing labels ("(updated)", "| 5 min read" is not a label: stop at anything else).
            loop {
                let save = c.pos;
                c.spaces();
                c.eat(&['|', '•', '·', ')', ',', '-', '–']);
                c.spaces();
                match c.word() {
                    Some(w) if is_label(&w.to_lowercase()) => {
                        if UPDATE_WORDS.contains(&w.to_lowercase().as_str()) {
                            role = DateRole::Updated;
                        }
                    }
                    _ => {
                        c.pos = save;
                        break;
                    }
                }
            }
            let rest = &line[c.pos..];
            let whole = rest
                .trim_matches(|ch: char| !ch.is_alphanumeric())
                .is_empty();
            // A date-only line keeps its trailing punctuation: nothing may fall outside a unit.
            let end = if whole { line.trim_end().len() } else { c.pos };
            return Some(DateLine {
                date,
                role,
                span: line_start(line)..end,
                whole,
            });
        }
        match c.word() {
            Some(w) if is_label(&w.to_lowercase()) => {
                if UPDATE_WORDS.contains(&w.to_lowercase().as_str()) {
                    role = DateRole::Updated;
                }
                c.eat(&[':', '.']);
            }
            _ => return None,
        }
    }
}

fn line_start(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let cases: &[(&str, &str)] = &[
            ("June 21, 2024", "2024-06-21"),
            ("Jun. 21 2024", "2024-06-21"),
            ("21 June 2024", "2024-06-21"),
            ("21st of June, 2024", "2024-06-21"),
            ("06/14/2023", "2023-06-14"),
            ("14/06/2023", "2023-06-14"),
            ("14.06.2023", "2023-06-14"),
            ("2023-06-14", "2023-06-14"),
            ("14. Juni 2023", "2023-06-14"),
            ("06/14/2023 at 12:11 pm", "2023-06-14T12:11"),
            ("June 14, 2023, 9:05 a.m.", "2023-06-14T09:05"),
            ("2023-06-14 - 09:30", "2023-06-14T09:30"),
        ];
        for (input, iso) in cases {
            let (date, end) = parse_date_at(input, 0).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(date.iso(), *iso, "{input}");
            assert_eq!(end, input.len(), "{input}");
        }
        for bad in [
            "13/13/2023",
            "June 2024",
            "2023",
            "May I",
            "Qin said 12 times",
        ] {
            assert!(parse_date_at(bad, 0).is_none(), "{bad}");
        }
    }

    #[test]
    fn date_lines() {
        let cases: &[(&str, &str, DateRole, bool)] = &[
            ("June 21, 2024", "2024-06-21", DateRole::Published, true),
            (
                "Updated on 06/14/2023 at 12:11 pm",
                "2023-06-14T12:11",
                DateRole::Updated,
                true,
            ),
            (
                " date 2023-06-14 China’s Foreign Minister",
                "2023-06-14",
                DateRole::Published,
                false,
            ),
            (
                "Published: 14 June 2023 | Updated",
                "2023-06-14",
                DateRole::Updated,
                true,
            ),
            (
                "Wednesday, June 14, 2023",
                "2023-06-14",
                DateRole::Published,
                true,
            ),
        ];
        for (line, iso, role, whole) in cases {
            let found = date_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(found.date.iso(), *iso, "{line}");
            assert_eq!(found.role, *role, "{line}");
            assert_eq!(found.whole, *whole, "{line}");
        }
        let found = date_line(" date 2023-06-14 China’s").unwrap();
        assert_eq!(found.span, 1..16);
        for not in [
            "China blames US",
            "Since June 2023, relations",
            "On Sunday, Blinken",
        ] {
            assert!(date_line(not).is_none(), "{not}");
        }
    }
}
