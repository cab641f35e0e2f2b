//! Date mentions in running text ("on Wednesday", "last month", "June 18", "in October
//! 2018", "this weekend") and what they mean once resolved against the article's own date.
//!
//! A mention resolves to the set of days it may name: "Wednesday" in an article dated
//! 13–15 June names one of the Wednesdays within a week of it, so "Wednesday" and "June 14"
//! agree, and only mentions that cannot name the same day disagree. Without an article date
//! a relative mention ("last month") resolves to nothing and is never called a discrepancy.

use std::ops::Range;

use crate::dates::{self, Date, WEEKDAYS};

/// Days since 1970-01-01 (proleptic Gregorian).
pub type Day = i32;

/// A date mention in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Range<usize>,
    pub meaning: Meaning,
}

/// What a mention can mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// One of these day ranges (inclusive).
    Days(Vec<(Day, Day)>),
    /// A month and day with no year and no article date to place them.
    MonthDay(u8, u8),
    /// A month with no year and no article date.
    Month(u8),
    /// A weekday (0 = Monday) with no article date.
    Weekday(u8),
    /// Relative to an article date we do not have ("last month").
    Unknown,
}

/// Days from a civil date (Howard Hinnant's `days_from_civil`).
pub fn day_number(year: i32, month: u8, day: u8) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil(z: Day) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// 0 = Monday.
pub fn weekday(day: Day) -> u8 {
    (day + 3).rem_euclid(7) as u8
}

fn month_range(year: i32, month: u8) -> (Day, Day) {
    let start = day_number(year, month, 1);
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    (start, day_number(ny, nm, 1) - 1)
}

/// Parses an ISO date (`2023-06-14`, optionally followed by a time) into a day number.
pub fn parse_iso(s: &str) -> Option<Day> {
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u8 = s.get(5..7)?.parse().ok()?;
    let d: u8 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| day_number(y, m, d))
}

/// Lower-case words of a text with their spans.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let part = c.is_alphanumeric();
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1800..=2200).contains(y))
}

/// Every date mention of `text` (offsets relative to `text`), resolved against `anchor`
/// (the article's day), when there is one.
pub fn mentions(text: &str, anchor: Option<Day>) -> Vec<Mention> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if let Some((m, next)) = mention_at(text, &ws, i, anchor) {
            out.push(m);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn mention_at(
    text: &str,
    ws: &[(Range<usize>, String)],
    i: usize,
    anchor: Option<Day>,
) -> Option<(Mention, usize)> {
    let w = ws[i].1.as_str();
    // Only a digit, a capital or one of a few words can open a date: the rest is skipped
    // before any parsing.
    let raw_first = text[ws[i].0.clone()].chars().next().unwrap_or(' ');
    if !raw_first.is_ascii_digit()
        && !raw_first.is_uppercase()
        && !matches!(
            w,
            "last"
                | "next"
                | "this"
                | "past"
                | "coming"
                | "today"
                | "yesterday"
                | "tomorrow"
                | "weekend"
        )
    {
        return None;
    }
    let word = |k: usize| ws.get(k).map(|w| w.1.as_str());
    let span = |a: usize, b: usize| ws[a].0.start..ws[b].0.end;
    // A full date the page-date parser reads ("June 21, 2024", "14.06.2023").
    if let Some((d, end)) = dates::parse_date_at(text, ws[i].0.start) {
        let day = day_number(i32::from(d.year), d.month, d.day);
        let last = ws.iter().rposition(|w| w.0.end <= end).unwrap_or(i);
        return Some((
            Mention {
                span: ws[i].0.start..end,
                meaning: Meaning::Days(vec![(day, day)]),
            },
            last + 1,
        ));
    }
    let modifier = match w {
        "last" | "next" | "this" | "past" | "coming" => Some(w),
        _ => None,
    };
    let head = if modifier.is_some() { i + 1 } else { i };
    let h = word(head)?;
    // Month: "June 18", "18 June", "May", "last November", "October 2018".
    if let Some(month) = dates::month_number(h).filter(|_| month_word_ok(text, &ws[head].0, h)) {
        let day = word(head + 1)
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|d| (1..=31).contains(d))
            .map(|d| (d, head + 1))
            .or_else(|| {
                let k = i.checked_sub(1)?;
                let d = word(k)?.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
                let d = d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?;
                Some((d, k))
            });
        let first = day.map_or(i, |(_, k)| k.min(i));
        let mut last = day.map_or(head, |(_, k)| k.max(head));
        let year = word(last + 1).and_then(year_of);
        if year.is_some() {
            last += 1;
        }
        let years: Vec<i32> = match (year, anchor, modifier) {
            (Some(y), _, _) => vec![y],
            (None, Some(a), Some("last" | "past")) => {
                let (ay, am, _) = civil(a);
                vec![if month < am { ay } else { ay - 1 }]
            }
            (None, Some(a), Some("next" | "coming")) => {
                let (ay, am, _) = civil(a);
                vec![if month > am { ay } else { ay + 1 }]
            }
            (None, Some(a), _) => {
                // The nearest occurrences: this year's, and last or next year's when the
                // month is more than a few months away.
                let (ay, am, _) = civil(a);
                let gap = i32::from(month) - i32::from(am);
                if gap > 4 {
                    vec![ay, ay - 1]
                } else if gap < -4 {
                    vec![ay, ay + 1]
                } else {
                    vec![ay]
                }
            }
            (None, None, _) => Vec::new(),
        };
        let meaning = match (day, years.is_empty()) {
            (Some((d, _)), true) => Meaning::MonthDay(month, d),
            (None, true) => Meaning::Month(month),
            (Some((d, _)), false) => Meaning::Days(
                years
                    .iter()
                    .map(|&y| (day_number(y, month, d), day_number(y, month, d)))
                    .collect(),
            ),
            (None, false) => Meaning::Days(years.iter().map(|&y| month_range(y, month)).collect()),
        };
        return Some((
            Mention {
                span: span(first, last),
                meaning,
            },
            last + 1,
        ));
    }
    // A year alone after "in", "since", "of": "in 2018".
    if modifier.is_none()
        && let Some(y) = year_of(h)
        && i > 0
        && matches!(word(i - 1), Some("in" | "since" | "of" | "until" | "by"))
    {
        let (a, _) = month_range(y, 1);
        let (_, b) = month_range(y, 12);
        return Some((
            Mention {
                span: span(i, i),
                meaning: Meaning::Days(vec![(a, b)]),
            },
            i + 1,
        ));
    }
    // Weekdays.
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == h) {
        let wd = wd as u8;
        let meaning = match anchor {
            None => Meaning::Weekday(wd),
            Some(a) => {
                let back = i32::from((weekday(a) + 7 - wd) % 7);
                let ahead = i32::from((wd + 7 - weekday(a)) % 7);
                let past = a - back;
                let future = a + ahead;
                let days = match modifier {
                    Some("last" | "past") => vec![if back == 0 { a - 7 } else { past }],
                    Some("next" | "coming") => vec![if ahead == 0 { a + 7 } else { future }],
                    _ => {
                        let mut v = vec![past];
                        if future != past {
                            v.push(future);
                        }
                        v
                    }
                };
                Meaning::Days(days.into_iter().map(|d| (d, d)).collect())
            }
        };
        return Some((
            Mention {
                span: span(i, head),
                meaning,
            },
            head + 1,
        ));
    }
    // Relative words.
    let resolved = |f: &dyn Fn(Day) -> (Day, Day)| match anchor {
        Some(a) => Meaning::Days(vec![f(a)]),
        None => Meaning::Unknown,
    };
    let month_shift = |a: Day, by: i32| {
        let (y, m, _) = civil(a);
        let idx = y * 12 + i32::from(m) - 1 + by;
        month_range(idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8)
    };
    let meaning = match (modifier, h) {
        (None, "today") => resolved(&|a| (a, a)),
        (None, "yesterday") => resolved(&|a| (a - 1, a - 1)),
        (None, "tomorrow") => resolved(&|a| (a + 1, a + 1)),
        (Some(m), "week") => {
            let by = match m {
                "last" | "past" => -7,
                "next" | "coming" => 7,
                _ => 0,
            };
            resolved(&|a| {
                let monday = a - i32::from(weekday(a)) + by;
                (monday, monday + 6)
            })
        }
        (m, "weekend") => {
            let by = match m {
                Some("last" | "past") => -7,
                _ => 0,
            };
            if modifier.is_none() && !(i > 0 && word(i - 1) == Some("the")) {
                return None;
            }
            resolved(&|a| {
                // The coming Saturday and Sunday (today's, on a weekend).
                let sat = a + i32::from((5 + 7 - weekday(a)) % 7) + by;
                let sat = if weekday(a) == 6 { a - 1 + by } else { sat };
                (sat, sat + 1)
            })
        }
        (Some(m), "month") => {
            let by = match m {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            resolved(&|a| month_shift(a, by))
        }
        (Some(m), "year") => {
            let by = match m {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            resolved(&|a| {
                let y = civil(a).0 + by;
                (day_number(y, 1, 1), day_number(y, 12, 31))
            })
        }
        _ => return None,
    };
    Some((
        Mention {
            span: span(i, head),
            meaning,
        },
        head + 1,
    ))
}

/// "May" and "March" are months only when they look like one: capitalised, and for "may"
/// not a verb ("may" lower case never counts; "May" opening a sentence needs a day or year).
fn month_word_ok(text: &str, span: &Range<usize>, lower: &str) -> bool {
    let raw = &text[span.clone()];
    if !raw.starts_with(char::is_uppercase) {
        return false;
    }
    if lower.len() <= 3 && !matches!(lower, "may") {
        // "Jun", "Mar" alone are too easily other words.
        return text[span.end..].starts_with('.') || text[span.end..].starts_with(' ');
    }
    true
}

/// Whether two mentions can name the same time; `None` when that cannot be told (one is
/// relative to a date we do not know).
pub fn agree(a: &Meaning, b: &Meaning) -> Option<bool> {
    use Meaning::*;
    let days_match = |v: &[(Day, Day)], f: &dyn Fn(Day) -> bool| {
        v.iter().any(|&(lo, hi)| {
            if hi - lo > 400 {
                return true;
            }
            (lo..=hi).any(f)
        })
    };
    match (a, b) {
        (Unknown, _) | (_, Unknown) => None,
        (Days(x), Days(y)) => Some(
            x.iter()
                .any(|&(a0, a1)| y.iter().any(|&(b0, b1)| a0 <= b1 && b0 <= a1)),
        ),
        (MonthDay(m, d), Days(v)) | (Days(v), MonthDay(m, d)) => Some(days_match(v, &|x| {
            let (_, cm, cd) = civil(x);
            cm == *m && cd == *d
        })),
        (Month(m), Days(v)) | (Days(v), Month(m)) => Some(days_match(v, &|x| civil(x).1 == *m)),
        (Weekday(w), Days(v)) | (Days(v), Weekday(w)) => Some(days_match(v, &|x| weekday(x) == *w)),
        (MonthDay(m1, d1), MonthDay(m2, d2)) => Some(m1 == m2 && d1 == d2),
        (Month(m1), Month(m2)) | (Month(m1), MonthDay(m2, _)) | (MonthDay(m2, _), Month(m1)) => {
            Some(m1 == m2)
        }
        (Weekday(a), Weekday(b)) => Some(a == b),
        _ => None,
    }
}

/// A short readable form of what a mention names ("2023-06-18", "June 2023").
pub fn describe(meaning: &Meaning) -> Option<String> {
    let Meaning::Days(v) = meaning else {
        return None;
    };
    let &(lo, hi) = v.first()?;
    if v.len() > 1 {
        return None;
    }
    let iso = |d: Day| {
        let (y, m, dd) = civil(d);
        Date {
            year: y as u16,
            month: m,
            day: dd,
            time: None,
        }
        .iso()
    };
    Some(if lo == hi {
        iso(lo)
    } else {
        format!("{} to {}", iso(lo), iso(hi))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, anchor: &str) -> Vec<(String, Meaning)> {
        mentions(text, parse_iso(anchor))
            .into_iter()
            .map(|m| (text[m.span].to_string(), m.meaning))
            .collect()
    }

    #[test]
    fn day_numbers_round_trip() {
        for d in [-1000, 0, 19_522, 20_000, 60_000] {
            let (y, m, dd) = civil(d);
            assert_eq!(day_number(y, m, dd), d);
        }
        assert_eq!(weekday(parse_iso("2023-06-14").unwrap()), 2, "a Wednesday");
    }

    /// (text, article date, mention, the day it must agree with, the day it must not).
    #[test]
    fn date_forms() {
        let cases: &[(&str, &str, &str, &str, &str)] = &[
            (
                "They spoke on Wednesday.",
                "2023-06-14",
                "Wednesday",
                "2023-06-14",
                "2023-06-15",
            ),
            (
                "They spoke on Wednesday.",
                "2023-06-15",
                "Wednesday",
                "2023-06-14",
                "2023-06-13",
            ),
            (
                "He lands on Sunday.",
                "2023-06-14",
                "Sunday",
                "2023-06-18",
                "2023-06-17",
            ),
            (
                "He visits this weekend.",
                "2023-06-14",
                "this weekend",
                "2023-06-18",
                "2023-06-19",
            ),
            (
                "They met last month.",
                "2023-06-14",
                "last month",
                "2023-05-10",
                "2023-06-10",
            ),
            (
                "They met in May.",
                "2023-06-14",
                "May",
                "2023-05-10",
                "2023-06-10",
            ),
            (
                "He lands on June 18.",
                "2023-06-14",
                "June 18",
                "2023-06-18",
                "2023-06-17",
            ),
            (
                "He lands on 18 June.",
                "2023-06-14",
                "18 June",
                "2023-06-18",
                "2023-06-17",
            ),
            (
                "A trip in October 2018.",
                "2023-06-14",
                "October 2018",
                "2018-10-03",
                "2018-11-03",
            ),
            (
                "It ended in 1949.",
                "2023-06-14",
                "1949",
                "1949-07-01",
                "1950-01-01",
            ),
            (
                "Talks resume next week.",
                "2023-06-14",
                "next week",
                "2023-06-21",
                "2023-06-14",
            ),
            (
                "It happened yesterday.",
                "2023-06-14",
                "yesterday",
                "2023-06-13",
                "2023-06-14",
            ),
            (
                "Last November they met.",
                "2023-06-14",
                "Last November",
                "2022-11-15",
                "2023-11-15",
            ),
            (
                "Published June 21, 2024 here.",
                "2023-06-14",
                "June 21, 2024",
                "2024-06-21",
                "2023-06-21",
            ),
        ];
        for &(text, anchor, mention, same, other) in cases {
            let got = at(text, anchor);
            let (_, meaning) = got
                .iter()
                .find(|(t, _)| t == mention)
                .unwrap_or_else(|| panic!("{text}: {got:?}"));
            let day = |s: &str| Meaning::Days(vec![(parse_iso(s).unwrap(), parse_iso(s).unwrap())]);
            assert_eq!(agree(meaning, &day(same)), Some(true), "{text} ~ {same}");
            assert_eq!(
                agree(meaning, &day(other)),
                Some(false),
                "{text} !~ {other}"
            );
        }
    }

    #[test]
    fn not_dates() {
        assert!(at("You may go. The march was long.", "2023-06-14").is_empty());
        assert!(at("A weekend market opened.", "2023-06-14").is_empty());
        let unknown = mentions("They met last month.", None);
        assert_eq!(unknown[0].meaning, Meaning::Unknown);
        assert_eq!(agree(&unknown[0].meaning, &Meaning::Month(5)), None);
    }
}
