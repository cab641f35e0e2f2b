//! Quotes and discrepancies as the views and the exports show them: which row a sentence
//! stands in, who carries a variant, and the quotes and facts sections of the CSV, HTML and
//! Markdown exports.

use std::fmt::Write;

use crate::{Analysis, Discrepancy, FactVariant, Quote, QuoteVariant};

use super::export::{csv_field, esc, escape_markdown, pieces_markup};
use super::{DiffPiece, Presentation, and_list, quote_pieces};

/// `rows[d][s]`: the story-map row of document `d`'s sentence `s`.
pub fn rows_of_sentences(a: &Analysis) -> Vec<Vec<usize>> {
    crate::sentence_rows(&a.documents, &a.clusters)
}

/// The story-map row of a quote variant's sentence.
pub fn variant_row(rows: &[Vec<usize>], v: &QuoteVariant) -> Option<usize> {
    rows.get(v.doc)?.get(v.sentence).copied()
}

/// Sources that quote a quote (or report it), by label, in display order.
pub fn quote_sources(q: &Quote, p: &Presentation) -> Vec<usize> {
    let mut docs: Vec<usize> = q.variants.iter().map(|v| v.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    let order = p.ordered();
    docs.sort_by_key(|&d| order.iter().position(|&x| x == d));
    docs
}

/// "Qin Gang, told" / "he → Qin Gang, said": how a variant is attributed.
pub fn attribution(v: &QuoteVariant) -> String {
    let who = match (&v.speaker_mention, &v.speaker) {
        (Some(m), Some(s)) if m != s => format!("{m} → {s}"),
        (_, Some(s)) => s.clone(),
        (Some(m), None) => m.clone(),
        (None, None) => "no speaker found".to_string(),
    };
    match &v.cue {
        Some(c) => format!("{who}, {c}"),
        None if !v.quoted => format!("{who} (reported without quotation marks)"),
        None => who,
    }
}

/// The labels of a fact variant's sources.
pub fn variant_labels(v: &FactVariant, p: &Presentation) -> String {
    let labels: Vec<String> = v.docs.iter().map(|&d| p.label(d)).collect();
    and_list(&labels, 8)
}

/// Flags as words ("truncated, wording").
pub fn flag_words(q: &Quote) -> String {
    q.flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The quotes and facts sections of the CSV export, each with its own header line after a
/// blank line (spreadsheets read them as two more tables under the story map).
pub fn csv_sections(a: &Analysis, p: &Presentation, out: &mut String) {
    let rows = rows_of_sentences(a);
    out.push_str("\r\nquote,speaker,flags,source,quoted,attribution,row,text\r\n");
    for (i, q) in a.quotes.iter().enumerate() {
        for v in &q.variants {
            let _ = write!(out, "{},", i + 1);
            csv_field(q.speaker.as_deref().unwrap_or(""), out);
            out.push(',');
            csv_field(&flag_words(q), out);
            out.push(',');
            csv_field(&p.label(v.doc), out);
            let _ = write!(out, ",{},", if v.quoted { "yes" } else { "no" });
            csv_field(&attribution(v), out);
            out.push(',');
            if let Some(r) = variant_row(&rows, v) {
                let _ = write!(out, "{}", r + 1);
            }
            out.push(',');
            csv_field(&v.text, out);
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\ndiscrepancy,kind,confidence,variant,sources,rows,explanation\r\n");
    for (i, d) in a.discrepancies.iter().enumerate() {
        for v in &d.variants {
            let _ = write!(out, "{},{},{:.2},", i + 1, d.kind.as_str(), d.confidence);
            csv_field(&v.text, out);
            out.push(',');
            csv_field(&variant_labels(v, p), out);
            out.push(',');
            csv_field(&rows_list(d), out);
            out.push(',');
            csv_field(&d.explanation, out);
            out.push_str("\r\n");
        }
    }
}

fn rows_list(d: &Discrepancy) -> String {
    d.rows
        .iter()
        .map(|r| (r + 1).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A quote variant's words against the first variant's, as pieces: words of the first variant
/// missing before and after this excerpt are dropped (the excerpt shows them as "…"), so a
/// truncated quote reads as what it is. `None` when the variant has no diff.
pub fn excerpt_pieces<'a>(
    v: &'a QuoteVariant,
    first: &'a QuoteVariant,
) -> Option<(bool, Vec<DiffPiece<'a>>, bool)> {
    let mut pieces = quote_pieces(v, first).filter(|_| !v.diff.is_empty())?;
    let before = matches!(pieces.first(), Some(DiffPiece::Deleted(_)));
    if before {
        pieces.remove(0);
    }
    // Trailing: a deletion, possibly after punctuation the diff kept as "same".
    let after = match pieces.as_slice() {
        [.., DiffPiece::Deleted(_)] => {
            pieces.pop();
            true
        }
        [.., DiffPiece::Deleted(_), DiffPiece::Same(t)]
            if t.trim().chars().all(|c| !c.is_alphanumeric()) =>
        {
            let last = pieces.pop();
            pieces.pop();
            pieces.extend(last);
            true
        }
        _ => false,
    };
    Some((before, pieces, after))
}

/// A quote variant's words with its differences from the first variant marked.
fn variant_markup(v: &QuoteVariant, first: &QuoteVariant) -> String {
    let Some((before, pieces, after)) = excerpt_pieces(v, first) else {
        return esc(&v.text);
    };
    let mut o = String::new();
    if before {
        o.push_str("… ");
    }
    pieces_markup(pieces, &mut o);
    if after {
        o.push_str(" …");
    }
    o
}

/// The quotes and facts sections of the HTML report.
pub fn html_sections(a: &Analysis, p: &Presentation, o: &mut String) {
    let rows = rows_of_sentences(a);
    let _ = writeln!(
        o,
        "<section id=\"quotes\"><h2>Quotes</h2>\n<p class=\"muted\">{} quotes; the same words quoted by several sources are one quote, each source's wording compared with the fullest (deleted words struck through, inserted words underlined).</p>",
        a.quotes.len()
    );
    for q in &a.quotes {
        let first = &q.variants[0];
        let _ = write!(
            o,
            "<div class=\"quote\"><p><strong>{}</strong>{}</p><ul class=\"variants\">",
            esc(q.speaker.as_deref().unwrap_or("Speaker not found")),
            if q.flags.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"muted\">({})</span>", esc(&flag_words(q)))
            }
        );
        for v in &q.variants {
            let row = variant_row(&rows, v).map_or(String::new(), |r| format!(" · row {}", r + 1));
            let text = if v.quoted {
                format!("“{}”", variant_markup(v, first))
            } else {
                esc(&v.text)
            };
            let _ = write!(
                o,
                "<li><span class=\"lab\">{}</span> {} <span class=\"muted\">— {}{}</span></li>",
                esc(&p.label(v.doc)),
                text,
                esc(&attribution(v)),
                row
            );
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</section>\n");
    let _ = writeln!(
        o,
        "<section id=\"facts\"><h2>Facts on which the sources differ</h2>\n<p class=\"muted\">{} discrepancies in names, numbers, dates and places, most certain first; relative dates are read against each article's date.</p>",
        a.discrepancies.len()
    );
    if !a.discrepancies.is_empty() {
        o.push_str("<table><thead><tr><th>Kind</th><th>Variants</th><th class=\"num\">Confidence</th><th>Rows</th><th>Why</th></tr></thead><tbody>\n");
        for d in &a.discrepancies {
            let variants: Vec<String> = d
                .variants
                .iter()
                .map(|v| format!("“{}” ({})", esc(&v.text), esc(&variant_labels(v, p))))
                .collect();
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.0} %</td><td>{}</td><td>{}</td></tr>",
                d.kind.as_str(),
                variants.join("<br>"),
                d.confidence * 100.0,
                esc(&rows_list(d)),
                esc(&d.explanation)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");
}

/// The quotes and facts sections of the Markdown summary.
pub fn markdown_sections(a: &Analysis, p: &Presentation, o: &mut String) {
    let shared: Vec<&Quote> = a
        .quotes
        .iter()
        .filter(|q| quote_sources(q, p).len() > 1)
        .collect();
    let _ = writeln!(
        o,
        "\n## Quotes\n\n{} quotes, {} of them carried by more than one source.\n",
        a.quotes.len(),
        shared.len()
    );
    for q in &a.quotes {
        let first = &q.variants[0];
        let flags = if q.flags.is_empty() {
            String::new()
        } else {
            format!(" ({})", flag_words(q))
        };
        let _ = writeln!(
            o,
            "- **{}**{}: “{}”",
            escape_markdown(q.speaker.as_deref().unwrap_or("Speaker not found")),
            flags,
            escape_markdown(&first.text)
        );
        for v in &q.variants {
            let _ = writeln!(
                o,
                "  - {}: {} — {}",
                escape_markdown(&p.label(v.doc)),
                if v.quoted {
                    format!("“{}”", escape_markdown(&v.text))
                } else {
                    escape_markdown(&v.text)
                },
                escape_markdown(&attribution(v))
            );
        }
    }
    let _ = writeln!(
        o,
        "\n## Facts on which the sources differ\n\n{} discrepancies.\n",
        a.discrepancies.len()
    );
    for d in &a.discrepancies {
        let variants: Vec<String> = d
            .variants
            .iter()
            .map(|v| {
                format!(
                    "“{}” ({})",
                    escape_markdown(&v.text),
                    escape_markdown(&variant_labels(v, p))
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "- {} ({:.0} %): {}. {}",
            d.kind.as_str(),
            d.confidence * 100.0,
            variants.join(" vs "),
            escape_markdown(&d.explanation)
        );
    }
}
