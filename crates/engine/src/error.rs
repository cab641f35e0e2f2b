//! Errors about one input file. Each `Display` is a full sentence naming the file.

use std::fmt;

/// Why a file could not be read as an article. The other files are unaffected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The file has no bytes, or only whitespace.
    Empty { name: String },
    /// The file is larger than the engine accepts.
    TooLarge {
        name: String,
        bytes: usize,
        limit: usize,
    },
    /// The file looks like binary data (NUL bytes, control characters).
    Binary {
        name: String,
        nul: usize,
        control: usize,
        sampled: usize,
    },
    /// The file is a known binary format.
    Format { name: String, format: &'static str },
    /// A web page in which no article text was found.
    NoArticle { name: String },
    /// A file of a known kind that is damaged (`why` says how).
    Damaged {
        name: String,
        format: &'static str,
        why: String,
    },
    /// A line of a JSON Lines batch that is not `{"name", "text"}`.
    BatchLine {
        name: String,
        line: usize,
        why: String,
    },
    /// A batch of several articles where one was expected.
    Batch { name: String, count: usize },
}

impl InputError {
    /// The name of the file the error is about.
    pub fn name(&self) -> &str {
        match self {
            Self::Empty { name }
            | Self::TooLarge { name, .. }
            | Self::Binary { name, .. }
            | Self::Format { name, .. }
            | Self::NoArticle { name }
            | Self::Damaged { name, .. }
            | Self::BatchLine { name, .. }
            | Self::Batch { name, .. } => name,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { name } => write!(f, "{name} is empty: there is no text to compare."),
            Self::TooLarge { name, bytes, limit } => write!(
                f,
                "{name} is too large: {:.1} MB, and the limit is {:.0} MB per file.",
                *bytes as f64 / 1e6,
                *limit as f64 / 1e6
            ),
            Self::Binary {
                name,
                nul,
                control,
                sampled,
            } if *nul > 0 => write!(
                f,
                "{name} is not text: {nul} of its first {sampled} bytes are NUL \
                 ({control} are control characters)."
            ),
            Self::Binary {
                name,
                control,
                sampled,
                ..
            } => write!(
                f,
                "{name} is not text: {control} of its first {sampled} characters are control \
                 characters."
            ),
            Self::Damaged { name, format, why } => write!(
                f,
                "{name} is {format} that cannot be read: {why}. Save the article as plain text."
            ),
            Self::BatchLine { name, line, why } => write!(
                f,
                "{name}, line {line}, is not an article of a batch ({{\"name\", \"text\"}} a line): {why}."
            ),
            Self::Batch { name, count } => write!(
                f,
                "{name} holds a batch of {count} articles (JSON Lines), not one article."
            ),
            Self::NoArticle { name } => write!(
                f,
                "{name} is a web page with no article text in it (only menus, links or \
                 scripts). Save the article's page itself, or copy its text."
            ),
            Self::Format { name, format } => {
                write!(
                    f,
                    "{name} is not text: it is {format}. Save the article as plain text."
                )
            }
        }
    }
}

impl std::error::Error for InputError {}
