//! File formats beyond plain text and web pages (see [`crate::html`]): Markdown, JSON Lines
//! batches, Word documents and saved web archives. Each reader turns a file into the text
//! the engine analyses, or says why it cannot.

pub mod docx;
pub mod jsonl;
pub mod markdown;
pub mod mhtml;
