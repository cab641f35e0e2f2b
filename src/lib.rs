//! # Parallax
//!
//! Compares news articles that cover the same story: which passages they share (identical,
//! near-verbatim, paraphrased, partial), what each adds or leaves out, the word-level
//! differences inside every shared passage, and which articles derive from the same copy.
//!
//! The pipeline lives in [`engine`] (the `parallax-engine` crate in `crates/engine`: pure
//! Rust, no web dependencies): bytes are decoded, split into paragraphs and sentences with
//! byte spans into the original text, tokenized and stemmed, aligned N-way into story-map
//! rows, diffed, and summarised as an [`engine::Analysis`]; [`report`] derives the views'
//! figures and the exports from it. The same engine serves the web page ([`app`], Yew), its
//! worker ([`worker`]) and the `parallax` command-line tool (`cli`, native only).
//!
//! ```
//! use parallax::engine::{analyze, decode, Options};
//! let a = decode("a.txt", "Qin told Blinken relations face new difficulties.".as_bytes()).unwrap();
//! let b = decode("b.txt", "Qin told Blinken that relations face new difficulties.".as_bytes()).unwrap();
//! let analysis = analyze(&[a, b], &Options::default());
//! assert_eq!(analysis.clusters.len(), 1);
//! assert_eq!(analysis.clusters[0].members[1].relation.as_str(), "near");
//! ```

pub use parallax_engine as engine;
pub use parallax_engine::{report, sample};
pub mod worker;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod semantic;
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub use eval::pan as eval_pan;

pub mod app;
