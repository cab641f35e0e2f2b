//! The meaning pass natively (the CLI's `--semantic`): the sentence model of
//! `parallax-embed` embeds every sentence outside page debris, and the engine joins what the
//! words left apart ([`crate::engine::meaning`]). The page does the same in its semantic
//! worker, embedding only what the lexical pass did not settle in larger sets.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use crate::engine::meaning::{Meaning, SentenceVector};
use crate::engine::{Analysis, Options, Progress, SentenceRef, SourceText, analyze_with_progress};

/// A loaded model with the vectors it has computed, by sentence text.
pub struct Embedder {
    model: parallax_embed::Model,
    cache: RefCell<HashMap<String, Vec<f32>>>,
}

impl Embedder {
    /// The model from `dir` (the CLI's `--model`), else `$PARALLAX_MODEL`, else a checkout's
    /// `.tools/model`; the error says how to get one.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let dir = parallax_embed::find_dir(dir)?;
        let model = parallax_embed::Model::load(&dir).map_err(|e| e.to_string())?;
        let cache = std::env::var_os("PARALLAX_EMBED_CACHE")
            .map(|f| read_cache(Path::new(&f)))
            .unwrap_or_default();
        Ok(Self {
            model,
            cache: RefCell::new(cache),
        })
    }

    /// Keeps the vectors computed so far in `$PARALLAX_EMBED_CACHE`, if set (for repeated
    /// evaluation runs while tuning; the file is only ever read by this function's twin).
    pub fn save_cache(&self) {
        if let Some(f) = std::env::var_os("PARALLAX_EMBED_CACHE") {
            let mut out = Vec::new();
            let cache = self.cache.borrow();
            let mut keys: Vec<&String> = cache.keys().collect();
            keys.sort();
            for k in keys {
                out.extend_from_slice(&(k.len() as u32).to_le_bytes());
                out.extend_from_slice(k.as_bytes());
                out.extend_from_slice(&(cache[k].len() as u32).to_le_bytes());
                for x in &cache[k] {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
            let _ = std::fs::write(f, out);
        }
    }

    /// One unit vector per text (each distinct text embedded once per run). `done` hears how
    /// many of the texts not yet known are embedded, and of how many.
    pub fn embed(
        &self,
        texts: &[&str],
        done: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, String> {
        let mut missing: Vec<&str> = {
            let cache = self.cache.borrow();
            texts
                .iter()
                .copied()
                .filter(|t| !cache.contains_key(*t))
                .collect()
        };
        missing.sort_unstable();
        missing.dedup();
        let total = missing.len();
        // In slices, so a caller's progress moves on a long list.
        let mut finished = 0;
        for chunk in missing.chunks(256) {
            let vectors = self
                .model
                .embed(chunk, &mut |_| {})
                .map_err(|e| e.to_string())?;
            let mut cache = self.cache.borrow_mut();
            for (t, v) in chunk.iter().zip(vectors) {
                cache.insert(t.to_string(), v);
            }
            finished += chunk.len();
            done(finished, total);
        }
        let cache = self.cache.borrow();
        Ok(texts.iter().map(|t| cache[*t].clone()).collect())
    }

    /// The vectors of these sentences of an analysis.
    pub fn meaning(
        &self,
        analysis: &Analysis,
        sentences: &[SentenceRef],
        done: &mut dyn FnMut(usize, usize),
    ) -> Result<Meaning, String> {
        let texts: Vec<&str> = sentences
            .iter()
            .map(|r| {
                analysis.documents[r.doc].sentences[r.sentence]
                    .text
                    .as_str()
            })
            .collect();
        let vectors = self.embed(&texts, done)?;
        Ok(Meaning::new(
            sentences
                .iter()
                .zip(vectors)
                .map(|(r, vector)| SentenceVector {
                    doc: r.doc,
                    sentence: r.sentence,
                    vector,
                })
                .collect(),
        ))
    }
}

fn read_cache(path: &Path) -> HashMap<String, Vec<f32>> {
    let mut out = HashMap::new();
    let Ok(bytes) = std::fs::read(path) else {
        return out;
    };
    let mut at = 0;
    let u32_at = |at: &mut usize| -> Option<usize> {
        let v = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?) as usize;
        *at += 4;
        Some(v)
    };
    while let Some(len) = u32_at(&mut at) {
        let Some(text) = bytes.get(at..at + len) else {
            break;
        };
        let text = String::from_utf8_lossy(text).into_owned();
        at += len;
        let Some(dim) = u32_at(&mut at) else { break };
        let Some(raw) = bytes.get(at..at + 4 * dim) else {
            break;
        };
        at += 4 * dim;
        let v = raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        out.insert(text, v);
    }
    out
}

/// Every sentence of an analysis outside page debris (what the CLI embeds).
pub fn every_sentence(analysis: &Analysis) -> Vec<SentenceRef> {
    analysis
        .documents
        .iter()
        .enumerate()
        .flat_map(|(doc, d)| {
            d.sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.boilerplate && !s.text.trim().is_empty())
                .map(move |(sentence, _)| SentenceRef { doc, sentence })
        })
        .collect()
}

/// Analyses with the meaning pass: the lexical analysis (for the sentences), every sentence
/// embedded, then the analysis again with the vectors. `embedding` hears the embedding's
/// progress (done, total).
pub fn analyze_semantic(
    docs: &[SourceText],
    options: &Options,
    embedder: &Embedder,
    progress: &mut dyn Progress,
    embedding: &mut dyn FnMut(usize, usize),
) -> Result<Analysis, String> {
    let lexical = analyze_with_progress(docs, options, progress);
    let meaning = embedder.meaning(&lexical, &every_sentence(&lexical), embedding)?;
    let options = options.clone().meaning(Some(meaning));
    Ok(analyze_with_progress(docs, &options, progress))
}
