//! JSON Lines batches: one article a line, `{"name": …, "text": …}` (optional `title`,
//! `date`, `outlet`, `byline`). A line that is not such an object is reported by its number;
//! the others are kept.

use serde::Deserialize;

use crate::decode::{About, Format, SourceText};
use crate::error::InputError;

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    name: Option<String>,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    byline: Option<String>,
}

/// Whether a text is a JSON Lines batch: its first line is a JSON object with a `text`.
pub fn looks_like_jsonl(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .find(|l| !l.trim().is_empty());
    first
        .is_some_and(|l| l.trim_start().starts_with('{') && serde_json::from_str::<Line>(l).is_ok())
}

/// The articles of a batch, in order; `file` names the batch in messages and default names.
pub fn read(file: &str, text: &str) -> Vec<Result<SourceText, InputError>> {
    text.trim_start_matches('\u{FEFF}')
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let line = i + 1;
            let parsed: Line = serde_json::from_str(l).map_err(|e| InputError::BatchLine {
                name: file.to_string(),
                line,
                why: e.to_string(),
            })?;
            let name = parsed
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| format!("{file} #{line}"));
            if parsed.text.trim().is_empty() {
                return Err(InputError::Empty { name });
            }
            Ok(SourceText {
                about: About {
                    format: Format::JsonLines,
                    title: parsed.title,
                    date: parsed.date,
                    outlet: parsed.outlet,
                    byline: parsed.byline,
                },
                ..SourceText::new(name, parsed.text)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_with_a_bad_line() {
        let batch = "{\"name\":\"a\",\"text\":\"First article.\"}\n\n{\"text\":\"Second.\",\"outlet\":\"AP\"}\nnot json\n{\"name\":\"e\",\"text\":\"  \"}\n";
        assert!(looks_like_jsonl(batch));
        let docs = read("batch.jsonl", batch);
        assert_eq!(docs.len(), 4);
        assert_eq!(docs[0].as_ref().unwrap().name, "a");
        let second = docs[1].as_ref().unwrap();
        assert_eq!(
            (second.name.as_str(), second.about.outlet.as_deref()),
            ("batch.jsonl #3", Some("AP"))
        );
        assert!(
            docs[2]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("batch.jsonl, line 4, is not")
        );
        assert!(matches!(docs[3], Err(InputError::Empty { .. })));
        assert!(!looks_like_jsonl("{\n  \"pretty\": true\n}"));
        assert!(!looks_like_jsonl("A report {with braces}."));
    }
}
