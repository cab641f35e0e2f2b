//! The exports: the story map as CSV, a self-contained HTML report and a Markdown summary.
//! Pure functions of an analysis as presented; the page's export menu (through its worker)
//! and the CLI's `--format` call the same ones.
//!
//! User text is escaped in every format: an article holding `<script>` shows it as text in
//! the HTML report and in Markdown renderers; a CSV cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`) is prefixed with `'`.

use std::fmt::Write;

use crate::{Analysis, Diff, Relation, Sentence, SourceText, diff_row};

use super::lineage::{containment_sentence, figure_order, groups};
use super::summary::summaries;
use super::{
    DiffPiece, Presentation, and_list, diff_pieces, docs_in, is_debris, percent, row_text,
};

/// The glyph of a grade, as in the page's legend.
pub fn glyph(relation: Relation) -> &'static str {
    match relation {
        Relation::Identical => "●",
        Relation::Near => "◐",
        Relation::Paraphrase => "○",
        Relation::Meaning => "◇",
        Relation::Partial => "◔",
        Relation::Unique => "■",
    }
}

/// "Outlet · credit line", either alone, or "".
fn outlet_and_credit(outlet: Option<&str>, credit: Option<&str>) -> String {
    [outlet, credit]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The session file ([`super::session`]).
    Json,
    Csv,
    Html,
    Markdown,
}

impl Format {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Html => "html",
            Self::Markdown => "md",
        }
    }

    /// MIME type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv;charset=utf-8",
            Self::Html => "text/html;charset=utf-8",
            Self::Markdown => "text/markdown;charset=utf-8",
        }
    }
}

/// Renders `format` (`sources` are the analysed texts, in analysis order: the session file
/// carries them, and the HTML report diffs rows whose diffs were left out).
pub fn render(format: Format, a: &Analysis, p: &Presentation, sources: &[SourceText]) -> String {
    match format {
        Format::Json => super::session::to_json(a, p, sources),
        Format::Csv => csv(a, p),
        Format::Html => html(a, p, sources),
        Format::Markdown => markdown(a, p),
    }
}

/// The best grade of document `d` in row `row`, if it carries the row.
fn grade(a: &Analysis, row: usize, d: usize) -> Option<Relation> {
    a.clusters[row]
        .members
        .iter()
        .filter(|m| m.doc == d)
        .map(|m| m.relation)
        .min()
}

pub(crate) fn csv_field(s: &str, out: &mut String) {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || s.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for ch in s.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    if quote {
        out.push('"');
    }
}

/// The story map: `row,passage,<one column per source label, in display order>`, one line
/// per row in story order, each source's cell holding its grade (`identical`, `near`,
/// `paraphrase`, `meaning`, `partial`, `unique`) or empty. Lines end with CRLF (RFC 4180).
pub fn csv(a: &Analysis, p: &Presentation) -> String {
    let order = p.ordered();
    let mut out = String::from("row,passage");
    for &d in &order {
        out.push(',');
        csv_field(&p.label(d), &mut out);
    }
    out.push_str("\r\n");
    for (r, c) in a.clusters.iter().enumerate() {
        let _ = write!(out, "{}", r + 1);
        out.push(',');
        csv_field(row_text(a, r), &mut out);
        let unique = c.members.len() == 1;
        for &d in &order {
            out.push(',');
            if let Some(g) = grade(a, r, d) {
                out.push_str(if unique { "unique" } else { g.as_str() });
            }
        }
        out.push_str("\r\n");
    }
    super::facts::csv_sections(a, p, &mut out);
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html(s, &mut out);
    out
}

/// The member's sentence with deletions (from the representative) and insertions marked,
/// escaped; the plain text if a span does not fit.
fn diff_markup(member: &Sentence, rep: &Sentence, diff: &Diff) -> String {
    let Some(pieces) = diff_pieces(member, rep, &diff.ops) else {
        return esc(&member.text);
    };
    let mut out = String::new();
    pieces_markup(pieces, &mut out);
    out
}

/// Diff pieces as escaped HTML: deletions in `<del>`, insertions in `<ins>`.
pub(super) fn pieces_markup(pieces: Vec<DiffPiece<'_>>, out: &mut String) {
    for piece in pieces {
        match piece {
            DiffPiece::Same(t) => escape_html(t, out),
            DiffPiece::Deleted(t) => {
                out.push_str("<del>");
                escape_html(t, out);
                out.push_str("</del>");
            }
            DiffPiece::Inserted(t) => {
                out.push_str("<ins>");
                escape_html(t, out);
                out.push_str("</ins>");
            }
        }
    }
}

const REPORT_CSS: &str = "\
:root{--ink:#17202a;--muted:#4f5964;--line:#d8dde3;--paper:#fff;--identical:#1b6e34;--near:#2f7d47;--paraphrase:#8a5600;--partial:#6b3fa6}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--paper);margin:0 auto;max-width:75rem;padding:1rem 1.5rem 3rem;line-height:1.45}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top}
th{font-size:.85rem;color:var(--muted)}.muted{color:var(--muted)}.num{text-align:right;font-variant-numeric:tabular-nums}
.g{text-align:center}.identical{color:var(--identical)}.near{color:var(--near)}.paraphrase,.meaning{color:var(--paraphrase)}.partial{color:var(--partial)}.absent{color:#6b7580}
.debris{color:var(--muted);font-style:italic}.date{white-space:nowrap}.heat small{font-size:.7rem}details summary{cursor:pointer}
ins{background:#d7f5dd;text-decoration:underline}del{background:#fbdcdc;color:#8a1c1c;margin-right:.25em}
.variants{list-style:none;padding:0 0 0 1rem;margin:.3rem 0}.variants li{margin:.2rem 0}.lab{font-family:ui-monospace,monospace;font-weight:700;margin-right:.4rem}
.heat td{text-align:center;min-width:2.2rem;font-variant-numeric:tabular-nums;border:1px solid #fff}
.h0{background:#f7fbff}.h1{background:#e3eef9}.h2{background:#cfe1f2}.h3{background:#b5d4e9}.h4{background:#93c3df}
.h5{background:#6daed5;color:#000}.h6{background:#4b97c9;color:#fff}.h7{background:#2f7ebc;color:#fff}.h8{background:#1764ab;color:#fff}.h9{background:#08306b;color:#fff}
.diag{background:#e8e8e8;color:#555}
@media (prefers-color-scheme:dark){:root{--ink:#e6e9ee;--muted:#aab3bd;--line:#3a424c;--paper:#14181d;--identical:#6fd08f;--near:#8fdca6;--paraphrase:#f0b455;--partial:#c7a6f0}
ins{background:#1f4d2b;color:#e6ffe9}del{background:#5a2222;color:#ffe1e1}.diag{background:#333;color:#ccc}.heat td{border-color:#14181d}}
";

/// Heat-map bin (0–9) of a similarity: the lightness carries the value, so it reads without
/// colour vision; the number is printed in the cell too.
pub fn heat_bin(x: f32) -> usize {
    ((x.clamp(0.0, 1.0) * 10.0) as usize).min(9)
}

/// Sources at most this many get one story-map column each in the HTML report; above it, a
/// row lists the sources that carry it.
const REPORT_COLUMNS: usize = 30;
/// Sources at most this many get the full similarity table in the HTML report.
const REPORT_MATRIX: usize = 60;

/// One self-contained HTML file: inline CSS, no script, no external reference. It shows the
/// sources, the likely shared origins, the similarity figure, and the story map with every
/// row's word diffs in `<details>`.
pub fn html(a: &Analysis, p: &Presentation, sources: &[SourceText]) -> String {
    let order = p.ordered();
    let n = a.documents.len();
    let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Parallax report: {n} sources</title>\n<style>\n{REPORT_CSS}</style>\n</head>\n<body>\n\
         <header><h1>Parallax report</h1><p class=\"muted\">{n} sources, {} story-map rows, {} shared by two or more sources. \
         Made with Parallax, which compares news articles covering the same story on the reader's own computer.</p>\n\
         <p><a href=\"#sources\">Sources</a> · <a href=\"#lineage\">Shared origin</a> · <a href=\"#similarity\">Similarity</a> · <a href=\"#story-map\">Story map</a> · <a href=\"#quotes\">Quotes</a> · <a href=\"#facts\">Facts</a></p></header>\n",
        a.clusters.len(),
        a.clusters.iter().filter(|c| docs_in(c) > 1).count()
    );

    // Sources.
    let sums = summaries(a);
    o.push_str("<section id=\"sources\"><h2>Sources</h2>\n<table>\n<thead><tr><th>Label</th><th>File</th><th>Title</th><th>Date</th><th>Outlet / credit</th><th class=\"num\">Words</th><th class=\"num\">Only here</th><th class=\"num\">Verbatim shared</th><th>Closest</th></tr></thead>\n<tbody>\n");
    for &d in &order {
        let doc = &a.documents[d];
        let l = &p.docs[d];
        let outlet = outlet_and_credit(l.outlet.as_deref(), doc.source.as_deref());
        let s = &sums[d];
        let closest = s.closest.map_or(String::new(), |(j, v)| {
            format!("{} (similarity {:.0})", esc(&p.label(j)), v * 100.0)
        });
        let _ = writeln!(
            o,
            "<tr><td class=\"lab\">{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&l.label),
            esc(&doc.name),
            esc(doc.title.as_deref().unwrap_or("")),
            esc(l.date.as_deref().unwrap_or("")),
            esc(&outlet),
            doc.word_count,
            s.unique_rows.len(),
            percent(s.verbatim),
            closest
        );
    }
    o.push_str("</tbody></table></section>\n");

    // Lineage.
    o.push_str("<section id=\"lineage\"><h2>Likely shared origin</h2>\n");
    let stories = groups(a, p, 10);
    if stories.is_empty() {
        o.push_str("<p>No two sources look like copies of the same story.</p>\n");
    }
    for g in &stories {
        let _ = writeln!(
            o,
            "<p><strong>{}</strong> {}</p>\n<ul>",
            esc(&g.headline),
            esc(&g.direction)
        );
        for pair in &g.pairs {
            let _ = writeln!(o, "<li>{}</li>", esc(&pair.text));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");

    // Similarity.
    o.push_str("<section id=\"similarity\"><h2>Similarity</h2>\n");
    if n <= REPORT_MATRIX {
        let (fig, _) = figure_order(a);
        o.push_str("<p class=\"muted\">Pairwise similarity (0–100, darker is more alike), sources ordered so that likely copies sit together. Each cell gives the containment both ways: how much of the row's source the column's carries, and the other way round (also in its tooltip).</p>\n<table class=\"heat\"><thead><tr><th></th>");
        for &j in &fig {
            let _ = write!(o, "<th scope=\"col\">{}</th>", esc(&p.label(j)));
        }
        o.push_str("</tr></thead><tbody>\n");
        for &i in &fig {
            let _ = write!(o, "<tr><th scope=\"row\">{}</th>", esc(&p.label(i)));
            for &j in &fig {
                let v = a.similarity.matrix[i][j];
                if i == j {
                    o.push_str("<td class=\"diag\">—</td>");
                } else {
                    // The number, and (for a small figure) both containment figures.
                    let figures = if n <= 12 {
                        format!(
                            "<br><small>{:.0} % · {:.0} %</small>",
                            a.similarity.containment[i][j] * 100.0,
                            a.similarity.containment[j][i] * 100.0
                        )
                    } else {
                        String::new()
                    };
                    let _ = write!(
                        o,
                        "<td class=\"h{}\" title=\"{}\">{:.0}{figures}</td>",
                        heat_bin(v),
                        esc(&containment_sentence(a, p, i, j)),
                        v * 100.0
                    );
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table>\n");
    } else {
        let mut pairs: Vec<(usize, usize, f32)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| (i, j, a.similarity.matrix[i][j]))
            .collect();
        pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let _ = writeln!(
            o,
            "<p class=\"muted\">{n} sources: the 100 most similar pairs.</p>\n<table><thead><tr><th>Pair</th><th class=\"num\">Similarity</th><th>Containment</th></tr></thead><tbody>"
        );
        for (i, j, v) in pairs.into_iter().take(100) {
            let _ = writeln!(
                o,
                "<tr><td>{} – {}</td><td class=\"num\">{:.2}</td><td>{}</td></tr>",
                esc(&p.label(i)),
                esc(&p.label(j)),
                v,
                esc(&containment_sentence(a, p, i, j))
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");

    // Story map.
    let wide = n <= REPORT_COLUMNS;
    let meaning = if crate::meaning::matched(a) > 0 {
        " ◇ the same claim by meaning (the sentence-model pass),"
    } else {
        ""
    };
    let _ = write!(
        o,
        "<section id=\"story-map\"><h2>Story map</h2>\n<p class=\"muted\">One row per passage, in story order. ● identical, ◐ near-verbatim, ○ paraphrase,{meaning} ◔ partial, · absent, ■ only this source. Open a row to see every variant with its word differences against the row's first text (deleted words struck through, inserted words underlined). Page debris is in grey italics.</p>\n<table class=\"map\"><thead><tr><th class=\"num\">#</th><th>Passage</th>"
    );
    if wide {
        for &d in &order {
            let _ = write!(
                o,
                "<th class=\"g\" title=\"{}\">{}</th>",
                esc(&a.documents[d].name),
                esc(&p.label(d))
            );
        }
    } else {
        o.push_str("<th>Carried by</th>");
    }
    o.push_str("</tr></thead><tbody>\n");
    for (r, c) in a.clusters.iter().enumerate() {
        let debris = is_debris(a, r);
        let rep = c.representative;
        let rep_s = &a.documents[rep.doc].sentences[rep.sentence];
        let _ = write!(
            o,
            "<tr{}><td class=\"num\">{}</td><td>",
            if debris { " class=\"debris\"" } else { "" },
            r + 1
        );
        if c.members.len() > 1 {
            let fetched;
            let diffs: &[Diff] = if c.diffs.is_empty() {
                fetched = diff_row(a, &texts, r);
                &fetched
            } else {
                &c.diffs
            };
            let _ = write!(
                o,
                "<details><summary>{}</summary><ul class=\"variants\">",
                esc(&rep_s.text)
            );
            let mut members: Vec<_> = c.members.iter().collect();
            members.sort_by_key(|m| order.iter().position(|&d| d == m.doc));
            for m in members {
                let s = &a.documents[m.doc].sentences[m.sentence];
                let is_rep = m.doc == rep.doc && m.sentence == rep.sentence;
                let body = match diffs
                    .iter()
                    .find(|d| d.doc == m.doc && d.sentence == m.sentence)
                {
                    Some(d) if !is_rep => diff_markup(s, rep_s, d),
                    _ => esc(&s.text),
                };
                let _ = write!(
                    o,
                    "<li><span class=\"lab\">{}</span><span class=\"{}\">{} {}</span> {}</li>",
                    esc(&p.label(m.doc)),
                    m.relation.as_str(),
                    glyph(m.relation),
                    if is_rep {
                        "first text"
                    } else {
                        m.relation.as_str()
                    },
                    body
                );
            }
            o.push_str("</ul></details>");
        } else {
            o.push_str(&esc(&rep_s.text));
        }
        o.push_str("</td>");
        let unique = c.members.len() == 1;
        if wide {
            for &d in &order {
                match grade(a, r, d) {
                    Some(g) => {
                        let (class, name) = if unique {
                            ("", "only here")
                        } else {
                            (g.as_str(), g.as_str())
                        };
                        let _ = write!(
                            o,
                            "<td class=\"g {class}\" title=\"{}: {name}\">{}</td>",
                            esc(&p.label(d)),
                            if unique { "■" } else { glyph(g) }
                        );
                    }
                    None => o.push_str("<td class=\"g absent\">·</td>"),
                }
            }
        } else {
            let carried: Vec<String> = order
                .iter()
                .filter_map(|&d| Some((d, grade(a, r, d)?)))
                .map(|(d, g)| format!("{} {}", esc(&p.label(d)), glyph(g)))
                .collect();
            let _ = write!(o, "<td>{}</td>", carried.join(", "));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></section>\n");
    super::facts::html_sections(a, p, &mut o);
    o.push_str("</body>\n</html>\n");
    o
}

/// Escapes Markdown for use inside a line (a list item, a table cell, a heading after its
/// marks): the text shows as written in any CommonMark renderer — no links, no HTML, no
/// emphasis, no table break — on one line.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Rows shown per section of the Markdown summary.
const MD_ROWS: usize = 10;

/// A summary an editor can paste: the sources, the likely shared origins, the passages most
/// sources share, and per source what only it reports.
pub fn markdown(a: &Analysis, p: &Presentation) -> String {
    let md = escape_markdown;
    let order = p.ordered();
    let n = a.documents.len();
    let mut o = String::new();
    let _ = writeln!(o, "# Parallax summary: {n} sources\n");
    o.push_str("## Sources\n\n| Label | File | Title | Date | Outlet / credit | Words |\n|---|---|---|---|---|---:|\n");
    for &d in &order {
        let doc = &a.documents[d];
        let l = &p.docs[d];
        let outlet = outlet_and_credit(l.outlet.as_deref(), doc.source.as_deref());
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} |",
            md(&l.label),
            md(&doc.name),
            md(doc.title.as_deref().unwrap_or("")),
            md(l.date.as_deref().unwrap_or("")),
            md(&outlet),
            doc.word_count
        );
    }
    o.push_str("\n## Likely shared origin\n\n");
    let stories = groups(a, p, 3);
    if stories.is_empty() {
        o.push_str("No two sources look like copies of the same story.\n");
    }
    for g in &stories {
        let _ = writeln!(o, "- **{}** {}", md(&g.headline), md(&g.direction));
        for pair in &g.pairs {
            let _ = writeln!(o, "  - {}", md(&pair.text));
        }
    }
    o.push_str("\n## Passages most sources share\n\n");
    let mut rows: Vec<usize> = (0..a.clusters.len())
        .filter(|&r| !is_debris(a, r) && docs_in(&a.clusters[r]) > 1)
        .collect();
    rows.sort_by_key(|&r| (std::cmp::Reverse(docs_in(&a.clusters[r])), r));
    if rows.is_empty() {
        o.push_str("No passage is shared by two sources.\n");
    }
    for &r in rows.iter().take(MD_ROWS) {
        let c = &a.clusters[r];
        let carried: Vec<String> = order
            .iter()
            .filter_map(|&d| Some((d, grade(a, r, d)?)))
            .map(|(d, g)| format!("{} {}", md(&p.label(d)), glyph(g)))
            .collect();
        let _ = writeln!(
            o,
            "1. “{}” — row {}, {} of {n} sources: {}",
            md(row_text(a, r)),
            r + 1,
            docs_in(c),
            carried.join(", ")
        );
    }
    o.push_str("\n## What only each source reports\n");
    let sums = summaries(a);
    for &d in &order {
        let s = &sums[d];
        let _ = writeln!(
            o,
            "\n### {} — {}\n",
            md(&p.label(d)),
            md(&a.documents[d].name)
        );
        if s.unique_rows.is_empty() {
            o.push_str("Nothing that no other source carries.\n");
            continue;
        }
        for &r in s.unique_rows.iter().take(MD_ROWS) {
            let _ = writeln!(o, "- {} (row {})", md(row_text(a, r)), r + 1);
        }
        if s.unique_rows.len() > MD_ROWS {
            let _ = writeln!(o, "- … and {} more", s.unique_rows.len() - MD_ROWS);
        }
    }
    super::facts::markdown_sections(a, p, &mut o);
    let labels: Vec<String> = order.iter().map(|&d| p.label(d)).collect();
    let _ = writeln!(
        o,
        "\n---\nMade with Parallax from {}.",
        md(&and_list(&labels, 8))
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, analyze};

    fn sample() -> (Vec<SourceText>, Analysis, Presentation) {
        let docs: Vec<SourceText> = crate::sample::documents();
        let a = analyze(&docs, &Options::default());
        let p = Presentation::new(&a, &docs);
        (docs, a, p)
    }

    #[test]
    fn csv_has_one_column_per_source_in_display_order() {
        let (_, a, mut p) = sample();
        p.docs[3].label = "Al Jazeera, \"AJ\"".into();
        p.order = vec![3, 0, 1, 2, 4];
        let csv = csv(&a, &p);
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("row,passage,\"Al Jazeera, \"\"AJ\"\"\",000,001,002,004")
        );
        // The story map, then the quotes and the facts, each after a blank line.
        let sections: Vec<&str> = csv.split("\r\n\r\n").collect();
        assert_eq!(sections.len(), 3);
        assert_eq!(sections[0].split("\r\n").count(), a.clusters.len() + 1);
        assert!(
            sections[1].starts_with("quote,speaker,flags,source,quoted,attribution,row,text\r\n")
        );
        assert!(sections[1].contains("Qin Gang"));
        assert!(
            sections[2]
                .starts_with("discrepancy,kind,confidence,variant,sources,rows,explanation\r\n")
        );
        assert!(sections[2].contains("Anthony Blinken"));
        let first = lines.next().unwrap();
        assert!(first.starts_with("1,"));
        assert!(csv.contains(",identical,") || csv.contains(",near,"));
    }

    #[test]
    fn csv_defuses_formulas() {
        let mut out = String::new();
        csv_field("=HYPERLINK(\"x\")", &mut out);
        assert_eq!(out, "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn html_is_self_contained_and_escapes_user_text() {
        let mut docs: Vec<SourceText> = crate::sample::documents();
        docs[4].text = format!(
            "{}\n\nHe said <script>alert(1)</script> and <img src=x onerror=alert(2)> twice.\n",
            docs[4].text
        );
        let a = analyze(&docs, &Options::default());
        let mut p = Presentation::new(&a, &docs);
        p.docs[1].label = "<b>bold</b>".into();
        let html = html(&a, &p, &docs);
        assert!(!html.contains("<script"), "no script at all");
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
        for external in [
            "src=\"",
            "href=\"http",
            "href=\"//",
            "http:",
            "https:",
            "url(",
            "@import",
            "<link",
        ] {
            assert!(!html.contains(external), "{external}");
        }
        assert!(html.contains("<details>") && html.contains("<del>"));
        assert!(html.contains("class=\"heat\""));
    }

    #[test]
    fn html_diffs_rows_of_a_lazy_analysis() {
        let (docs, _, _) = sample();
        let lazy = analyze(&docs, &Options::default().eager_diff_limit(0));
        let p = Presentation::new(&lazy, &docs);
        assert!(html(&lazy, &p, &docs).contains("<ins>"));
    }

    #[test]
    fn markdown_summary() {
        let (_, a, mut p) = sample();
        p.docs[0].label = "AFP [fr]".into();
        let md = markdown(&a, &p);
        assert!(md.starts_with("# Parallax summary: 5 sources"));
        for heading in [
            "## Sources",
            "## Likely shared origin",
            "## Passages most sources share",
            "## What only each source reports",
        ] {
            assert!(md.contains(heading), "{heading}");
        }
        assert!(md.contains("AFP \\[fr\\]"));
        assert!(md.contains("likely copy the same wire story"));
    }

    #[test]
    fn markdown_escapes() {
        assert_eq!(
            escape_markdown("<img src=x> *a* [l](u)\nnext"),
            "\\<img src=x\\> \\*a\\* \\[l\\](u) next"
        );
    }
}
