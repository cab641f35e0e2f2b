//! The session file: the documents with their labels and order, and the analysis. The page
//! exports it and imports it again to reopen the work; the analysis inside is for other
//! programs — on import the page analyses the texts afresh rather than trusting it.
//!
//! ```json
//! {"parallax": 1,
//!  "documents": [{"id": "3f2a9c0d11", "name": "afp.txt", "label": "AFP", "text": "…",
//!                 "date": "2023-06-14", "outlet": "AFP"}],
//!  "order": ["3f2a9c0d11"],
//!  "analysis": { … the Analysis … }}
//! ```

use serde::{Deserialize, Serialize};

use crate::{About, Analysis, SourceText};

use super::Presentation;

/// Version of the session format.
pub const FORMAT: u32 = 1;

/// One document of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDoc {
    pub id: String,
    pub name: String,
    pub label: String,
    pub text: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    /// What the file said about itself (a web page's headline, date, outlet, byline).
    #[serde(default)]
    pub about: About,
    /// The file's text that is not the article (a web page's furniture).
    #[serde(default)]
    pub left_out: String,
}

/// A session read from a file (its analysis is not read).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Session {
    pub parallax: u32,
    pub documents: Vec<SessionDoc>,
    /// Document ids in display order.
    #[serde(default)]
    pub order: Vec<String>,
}

#[derive(Serialize)]
struct SessionOut<'a> {
    parallax: u32,
    documents: Vec<SessionDoc>,
    order: Vec<&'a str>,
    analysis: &'a Analysis,
}

/// The session file of an analysis as presented (`sources` in analysis order).
pub fn to_json(a: &Analysis, p: &Presentation, sources: &[SourceText]) -> String {
    let documents = p
        .docs
        .iter()
        .enumerate()
        .map(|(d, l)| SessionDoc {
            id: l.id.clone(),
            name: l.name.clone(),
            label: l.label.clone(),
            text: sources.get(d).map(|s| s.text.clone()).unwrap_or_default(),
            date: l.date.clone(),
            outlet: l.outlet.clone(),
            about: sources.get(d).map(|s| s.about.clone()).unwrap_or_default(),
            left_out: sources
                .get(d)
                .map(|s| s.left_out.clone())
                .unwrap_or_default(),
        })
        .collect();
    let order = p
        .ordered()
        .into_iter()
        .map(|d| p.docs[d].id.as_str())
        .collect();
    let out = SessionOut {
        parallax: FORMAT,
        documents,
        order,
        analysis: a,
    };
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// Whether a file looks like a session file rather than an article: JSON whose first key is
/// `"parallax"`.
pub fn looks_like_session(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    let Some(r) = rest.strip_prefix(b"{") else {
        return false;
    };
    rest = r.trim_ascii_start();
    rest.starts_with(b"\"parallax\"")
}

/// Why a session file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionError(pub String);

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a session file named `name`.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Session, SessionError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let session: Session = serde_json::from_slice(bytes).map_err(|e| {
        SessionError(format!(
            "{name} looks like a Parallax session file but cannot be read: {e}."
        ))
    })?;
    if session.parallax > FORMAT {
        return Err(SessionError(format!(
            "{name} is a session file of a newer Parallax (format {}; this page reads format {FORMAT} and older). Reload the page to update it.",
            session.parallax
        )));
    }
    if session.documents.is_empty() {
        return Err(SessionError(format!(
            "{name} is a session file without documents."
        )));
    }
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, analyze};

    #[test]
    fn round_trip() {
        let docs: Vec<SourceText> = crate::sample::documents();
        let a = analyze(&docs, &Options::default());
        let mut p = Presentation::new(&a, &docs);
        p.docs[2].label = "DE <b>".into();
        p.order = vec![4, 3, 2, 1, 0];
        let json = to_json(&a, &p, &docs);
        assert!(looks_like_session(json.as_bytes()));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["parallax"], 1);
        assert_eq!(value["documents"].as_array().unwrap().len(), 5);
        assert_eq!(value["analysis"]["version"], crate::VERSION);
        let s = parse("s.json", json.as_bytes()).unwrap();
        assert_eq!(s.documents[2].label, "DE <b>");
        assert_eq!(s.documents[0].text, docs[0].text);
        assert_eq!(s.order[0], p.docs[4].id);
    }

    #[test]
    fn sniffing_and_errors() {
        assert!(looks_like_session(b"\xef\xbb\xbf  {\n  \"parallax\": 1"));
        assert!(!looks_like_session(b"{\"version\": 1}"));
        assert!(!looks_like_session(b"Parallax is a word."));
        let e = parse("x.json", b"{\"parallax\": 1, \"documents\": [").unwrap_err();
        assert!(e.0.starts_with("x.json looks like a Parallax session file"));
        let e = parse("x.json", b"{\"parallax\": 9, \"documents\": []}").unwrap_err();
        assert!(e.0.contains("newer Parallax"), "{e}");
        let e = parse("x.json", b"{\"parallax\": 1, \"documents\": []}").unwrap_err();
        assert!(e.0.contains("without documents"));
    }
}
