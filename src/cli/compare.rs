//! `parallax compare A B`: two articles' shared passages and differences, for a terminal.
//!
//! One block per story-map row, in story order: a row both carry shows B's wording with the
//! word diff against A (deleted words `[-…-]`, inserted `{+…+}`, or red and green when colour
//! is on, as `git diff --word-diff` does); a row one side carries is marked `only A` or
//! `only B`. Page debris is left out (and counted). `--side-by-side` prints A and B in two
//! columns instead. Rendering is a pure function of the analysis, so tests read its text.

use console::{Style, measure_text_width};

use crate::engine::{Analysis, Relation, diff_texts};
use crate::report::{DiffPiece, is_debris, percent, text_diff_pieces};

/// How to lay the comparison out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Colours (ANSI) instead of `[-…-]{+…+}` markers.
    pub colour: bool,
    /// Columns available.
    pub width: usize,
    pub side_by_side: bool,
}

/// What a piece of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Deleted,
    Inserted,
}

/// The comparison of an analysis of exactly two documents (A = 0, B = 1).
pub fn render(a: &Analysis, layout: &Layout) -> String {
    let mut out = String::new();
    let bold = Style::new().bold().force_styling(layout.colour);
    let dim = Style::new().dim().force_styling(layout.colour);
    for (d, side) in ["A", "B"].iter().enumerate() {
        let doc = &a.documents[d];
        let title = doc
            .title
            .as_deref()
            .map_or(String::new(), |t| format!("  “{t}”"));
        let line = visible(&format!("{}{title}", doc.name));
        let line = console::truncate_str(&line, layout.width.saturating_sub(3), "…").into_owned();
        out.push_str(&format!("{}  {line}\n", bold.apply_to(side)));
    }
    let (sim, a_in_b, b_in_a) = (
        a.similarity.matrix[0][1],
        a.similarity.containment[0][1],
        a.similarity.containment[1][0],
    );
    out.push_str(&format!(
        "similarity {sim:.2} · {} of A is in B · {} of B is in A\n",
        percent(a_in_b),
        percent(b_in_a)
    ));
    let rows: Vec<usize> = (0..a.clusters.len())
        .filter(|&r| !is_debris(a, r))
        .collect();
    let both = rows
        .iter()
        .filter(|&&r| sides(a, r) == (true, true))
        .count();
    let only_a = rows
        .iter()
        .filter(|&&r| sides(a, r) == (true, false))
        .count();
    let only_b = rows.len() - both - only_a;
    let plural = if both == 1 { "passage" } else { "passages" };
    out.push_str(&format!(
        "{both} {plural} in both · {only_a} only in A · {only_b} only in B\n\n"
    ));
    for (n, &r) in rows.iter().enumerate() {
        if layout.side_by_side {
            side_by_side(a, r, n + 1, layout, &mut out);
        } else {
            inline(a, r, n + 1, layout, &mut out);
        }
    }
    let debris = a.clusters.len() - rows.len();
    if debris > 0 {
        out.push_str(&format!(
            "\n{}\n",
            dim.apply_to(format!(
                "{debris} lines of page debris (dates, credits, links, captions) not shown."
            ))
        ));
    }
    out
}

/// `text` with control characters (escape sequences, which a terminal would obey) shown as
/// replacement marks and line breaks as spaces.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Whether A and B carry row `r`.
fn sides(a: &Analysis, r: usize) -> (bool, bool) {
    let m = &a.clusters[r].members;
    (m.iter().any(|m| m.doc == 0), m.iter().any(|m| m.doc == 1))
}

/// Document `d`'s sentences in row `r`, joined.
fn side_text(a: &Analysis, r: usize, d: usize) -> String {
    a.clusters[r]
        .members
        .iter()
        .filter(|m| m.doc == d)
        .map(|m| a.documents[d].sentences[m.sentence].text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The grade of a row both carry: the weakest of its members'.
fn grade(a: &Analysis, r: usize) -> Relation {
    a.clusters[r]
        .members
        .iter()
        .map(|m| m.relation)
        .max()
        .unwrap_or(Relation::Unique)
}

/// `new` as pieces against `old`; the whole of `new` as one plain piece if the diff does not
/// fit (never panics on odd text).
fn pieces<'t>(new: &'t str, old: &'t str) -> Vec<(Kind, &'t str)> {
    let ops = diff_texts(old, new);
    match text_diff_pieces(new, old, &ops) {
        Some(p) => p
            .into_iter()
            .map(|p| match p {
                DiffPiece::Same(t) => (Kind::Plain, t),
                DiffPiece::Deleted(t) => (Kind::Deleted, t),
                DiffPiece::Inserted(t) => (Kind::Inserted, t),
            })
            .collect(),
        None => vec![(Kind::Plain, new)],
    }
}

/// `text` as its column beside `other`'s: its own words, those `other` lacks marked `kind`
/// (the other side's words are in the other column).
fn column(text: &str, other: &str, kind: Kind) -> Vec<(Kind, String)> {
    pieces(text, other)
        .into_iter()
        .filter(|(k, _)| *k != Kind::Deleted)
        .map(|(k, t)| (if k == Kind::Inserted { kind } else { k }, t.to_string()))
        .collect()
}

fn inline(a: &Analysis, r: usize, n: usize, layout: &Layout, out: &mut String) {
    let (in_a, in_b) = sides(a, r);
    let (label, body): (String, Vec<(Kind, String)>) = match (in_a, in_b) {
        (true, true) => {
            let (ta, tb) = (side_text(a, r, 0), side_text(a, r, 1));
            let body = pieces(&tb, &ta)
                .into_iter()
                .map(|(k, t)| (k, t.to_string()))
                .collect();
            (grade(a, r).as_str().to_string(), body)
        }
        (true, false) => ("only A".into(), vec![(Kind::Plain, side_text(a, r, 0))]),
        _ => ("only B".into(), vec![(Kind::Plain, side_text(a, r, 1))]),
    };
    let gutter = format!("{n:>3}  {label:<10} ");
    let indent = measure_text_width(&gutter);
    let lines = wrap(
        &body,
        layout.width.saturating_sub(indent).max(20),
        layout.colour,
    );
    let label_style = match (in_a, in_b) {
        (true, true) => Style::new(),
        _ => Style::new().yellow(),
    }
    .force_styling(layout.colour);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!(
                "{n:>3}  {} {line}\n",
                label_style.apply_to(format!("{label:<10}"))
            ));
        } else {
            out.push_str(&format!("{:indent$}{line}\n", ""));
        }
    }
}

fn side_by_side(a: &Analysis, r: usize, n: usize, layout: &Layout, out: &mut String) {
    let (in_a, in_b) = sides(a, r);
    let (ta, tb) = (side_text(a, r, 0), side_text(a, r, 1));
    // A's column marks what B lacks, B's what B adds.
    let left = match (in_a, in_b) {
        (true, true) => column(&ta, &tb, Kind::Deleted),
        (true, false) => vec![(Kind::Plain, ta.clone())],
        _ => Vec::new(),
    };
    let right = match (in_a, in_b) {
        (true, true) => column(&tb, &ta, Kind::Inserted),
        (false, true) => vec![(Kind::Plain, tb.clone())],
        _ => Vec::new(),
    };
    let mark = match (in_a, in_b) {
        (true, true) if grade(a, r) == Relation::Identical => '=',
        (true, true) => '~',
        (true, false) => '<',
        _ => '>',
    };
    let gutter = 6; // "123 = "
    let column = (layout.width.saturating_sub(gutter + 3) / 2).max(16);
    let (l, rr) = (
        wrap(&left, column, layout.colour),
        wrap(&right, column, layout.colour),
    );
    for i in 0..l.len().max(rr.len()) {
        let cell = |lines: &[String]| lines.get(i).cloned().unwrap_or_default();
        let (x, y) = (cell(&l), cell(&rr));
        let pad = column.saturating_sub(measure_text_width(&x));
        let head = if i == 0 {
            format!("{n:>3} {mark} ")
        } else {
            " ".repeat(gutter)
        };
        let line = format!("{head}{x}{:pad$} │ {y}", "");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Lays styled pieces out in lines of at most `width` columns, breaking at whitespace (a word
/// longer than a line stands alone). Without colour, deletions are `[-…-]` and insertions
/// `{+…+}`, as `git diff --word-diff` prints them; with colour, a deletion and the insertion
/// that replaces it are kept a space apart.
fn wrap(pieces: &[(Kind, String)], width: usize, colour: bool) -> Vec<String> {
    let del = Style::new().red().strikethrough().force_styling(colour);
    let ins = Style::new().green().force_styling(colour);
    // Words (split at whitespace) as styled segments.
    let mut words: Vec<Vec<(Kind, String)>> = Vec::new();
    let mut open = false; // the last word may still grow
    let mut last_kind = Kind::Plain;
    let mut after_word = false;
    for (kind, text) in pieces {
        let core = text.trim();
        let text = match (kind, colour) {
            (Kind::Deleted, false) => text.replacen(core, &format!("[-{core}-]"), 1),
            (Kind::Inserted, false) => text.replacen(core, &format!("{{+{core}+}}"), 1),
            _ => text.clone(),
        };
        // A deletion is not part of B's text: it stands apart from B's words around it (not
        // from punctuation), and with colour from the insertion that replaces it.
        let starts_word = text.starts_with(char::is_alphanumeric);
        if (colour && *kind != Kind::Plain && last_kind != Kind::Plain && *kind != last_kind)
            || (*kind == Kind::Deleted && last_kind == Kind::Plain && after_word)
            || (last_kind == Kind::Deleted && *kind == Kind::Plain && starts_word)
        {
            open = false;
        }
        last_kind = *kind;
        after_word = text.ends_with(char::is_alphanumeric);
        for c in text.chars() {
            if c.is_whitespace() {
                open = false;
                continue;
            }
            // The articles' text is shown, never obeyed: a control character (an escape
            // sequence a terminal would run) is shown as a replacement mark.
            let c = if c.is_control() { '\u{FFFD}' } else { c };
            if !open {
                words.push(Vec::new());
                open = true;
            }
            let word = words.last_mut().expect("a word is open");
            match word.last_mut() {
                Some((k, t)) if k == kind => t.push(c),
                _ => word.push((*kind, c.to_string())),
            }
        }
    }
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0usize);
    for word in words {
        let w: usize = word.iter().map(|(_, t)| measure_text_width(t)).sum();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for (kind, t) in word {
            match kind {
                Kind::Plain => line.push_str(&t),
                Kind::Deleted => line.push_str(&del.apply_to(t).to_string()),
                Kind::Inserted => line.push_str(&ins.apply_to(t).to_string()),
            }
        }
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(p: &[(Kind, &str)]) -> Vec<(Kind, String)> {
        p.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    #[test]
    fn wraps_at_spaces_and_marks_changes_without_colour() {
        let p = plain(&[
            (Kind::Plain, "Qin Gang "),
            (Kind::Deleted, "held"),
            (Kind::Inserted, "has"),
            (Kind::Plain, " a phone call with Blinken."),
        ]);
        let lines = wrap(&p, 24, false);
        assert_eq!(
            lines.join("|"),
            "Qin Gang [-held-]{+has+}|a phone call with|Blinken."
        );
        assert!(lines.iter().all(|l| measure_text_width(l) <= 24));
    }

    #[test]
    fn escape_sequences_in_an_article_are_shown_not_obeyed() {
        let p = plain(&[(Kind::Plain, "Qin \u{1b}[2J\u{1b}]0;owned\u{7} said.")]);
        let line = wrap(&p, 80, true).join("\n");
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert_eq!(visible("a\u{1b}[31mb\nc"), "a\u{FFFD}[31mb c");
    }

    #[test]
    fn punctuation_after_a_change_stays_glued() {
        let p = plain(&[
            (Kind::Plain, "said "),
            (Kind::Inserted, "Wednesday"),
            (Kind::Plain, "."),
        ]);
        assert_eq!(wrap(&p, 80, false), vec!["said {+Wednesday+}."]);
    }
}
