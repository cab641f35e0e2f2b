//! The comparison engine of Parallax: pure Rust, no web dependencies, deterministic. The
//! page (in `parallax`, through its worker) and the `parallax` command-line tool use it; its
//! own crate, so Cargo itself keeps web crates out and it compiles for speed while the page
//! compiles for size.
//!
//! [`report`] derives what the views and exports show from an [`Analysis`] (orders,
//! summaries, lineage, CSV / HTML / Markdown, session files); [`sample`] is the built-in
//! sample story.
//!
//! ```text
//! bytes ─► decode ─► ingest ─► segment ─► tokens ─► align ─► diff, passages, similarity ─► Analysis
//! ```
//!
//! ```
//! use parallax_engine::{analyze, Options, SourceText};
//! let docs = [
//!     SourceText::new("a.txt", "Qin Gang spoke to Antony Blinken. Relations are strained."),
//!     SourceText::new("b.txt", "Qin Gang spoke to Anthony Blinken. The weather was fine."),
//! ];
//! let analysis = analyze(&docs, &Options::default());
//! let shared = analysis.clusters.iter().find(|c| c.members.len() == 2).unwrap();
//! assert_eq!(shared.members[0].sentence, 0);
//! ```

mod align;
mod dates;
mod decode;
mod diff;
mod discrepancy;
mod error;
mod evidence;
pub mod formats;
pub mod html;
mod ingest;
mod lang;
mod ledger;
pub mod meaning;
pub mod model;
mod names;
mod pairs;
mod passages;
mod progress;
pub mod quotes;
pub mod report;
pub mod sample;
mod score;
mod segment;
mod similarity;
mod tokens;
mod when;
mod wordalign;

pub use decode::{About, Format, MAX_FILE_BYTES, SourceText, decode, decode_all};
pub use error::InputError;
pub use ingest::{Structure, structure};
pub use model::*;
pub use pairs::{PairResult, score_pairs};
pub use progress::{Progress, Silent, Stage};
pub use score::{Grades, PairScore};
pub use segment::split_sentences;
pub use tokens::folded_words;

use std::ops::Range;

use align::DocInput;
use progress::Ticker;
use score::{Bag, Idf};
use similarity::DocWeights;
use tokens::{Token, Tokenizer, Vocab};

/// Analysis settings. `Options::default()` is what the page and the CLI use.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Shortest verbatim run reported as a passage, in words (default 8).
    pub min_passage_tokens: usize,
    /// Word diffs are computed eagerly when the set has at most this many aligned
    /// (non-unique) members; above it, `Cluster::diffs` stays empty and callers use
    /// [`diff_row`] for the rows they show (default 4000).
    pub eager_diff_limit: usize,
    /// Grade thresholds.
    pub grades: Grades,
    /// Sentence vectors from the meaning pass, if it ran (see [`meaning`]); without them the
    /// analysis is the lexical one.
    pub meaning: Option<meaning::Meaning>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_passage_tokens: 8,
            eager_diff_limit: 4000,
            grades: Grades::default(),
            meaning: None,
        }
    }
}

impl Options {
    pub fn min_passage_tokens(mut self, n: usize) -> Self {
        self.min_passage_tokens = n;
        self
    }

    pub fn eager_diff_limit(mut self, n: usize) -> Self {
        self.eager_diff_limit = n;
        self
    }

    pub fn meaning(mut self, meaning: Option<meaning::Meaning>) -> Self {
        self.meaning = meaning;
        self
    }
}

/// A document after ingest, segmentation and tokenization.
struct Prepared {
    doc: Document,
    tokens: Vec<Token>,
    /// Token range of each sentence.
    spans: Vec<Range<usize>>,
}

impl Prepared {
    fn stems(&self) -> evidence::DocStems {
        evidence::DocStems::new(
            self.doc
                .sentences
                .iter()
                .zip(&self.spans)
                .map(|(s, span)| (&self.tokens[span.clone()], s.boilerplate)),
        )
    }

    fn side<'a>(&'a self, sentence: usize, stems: &'a evidence::DocStems) -> evidence::Side<'a> {
        let s = &self.doc.sentences[sentence];
        evidence::Side {
            text: &s.text,
            start: s.start,
            tokens: &self.tokens[self.spans[sentence].clone()],
            stems,
        }
    }
}

/// Sentences, words and language of a document whose structure is read.
fn prepare(source: &SourceText, st: ingest::Structure, vocab: &mut Vocab) -> Prepared {
    let text = source.text.as_str();
    let body: String = st
        .units
        .iter()
        .filter(|u| !u.kind.is_boilerplate())
        .map(|u| &text[u.range.clone()])
        .collect::<Vec<_>>()
        .join(" ");
    let (language, sure) = lang::detect(&body);
    let mut tokenizer = Tokenizer::new(vocab, language);
    let mut tokens = Vec::new();
    let mut spans = Vec::new();
    let mut sentences = Vec::new();
    let mut word_count = 0;
    for (range, kind, paragraph) in st.sentences(text) {
        let first = tokens.len();
        tokenizer.tokenize(&text[range.clone()], range.start, &mut tokens);
        if !kind.is_boilerplate() {
            word_count += tokens.len() - first;
        }
        spans.push(first..tokens.len());
        sentences.push(Sentence {
            text: text[range.clone()].to_string(),
            start: range.start,
            end: range.end,
            boilerplate: kind.is_boilerplate(),
            kind,
            paragraph,
        });
    }
    let doc = Document {
        name: source.name.clone(),
        title: source.about.title.clone().or(st.title),
        date: source.about.date.clone().or(st.date),
        updated: st.updated,
        source: st.source,
        outlet: source.about.outlet.clone(),
        byline: source.about.byline.clone(),
        left_out_words: source.left_out_words(),
        language: sure.then(|| language.code.to_string()),
        warnings: source.warnings.clone(),
        word_count,
        sentences,
    };
    Prepared { doc, tokens, spans }
}

/// Compares a set of documents.
pub fn analyze(sources: &[SourceText], options: &Options) -> Analysis {
    analyze_with_progress(sources, options, &mut Silent)
}

/// [`analyze`], reporting each stage as it goes (see [`Progress`]).
pub fn analyze_with_progress(
    sources: &[SourceText],
    options: &Options,
    progress: &mut dyn Progress,
) -> Analysis {
    let mut ticker = Ticker::new(progress, Stage::Reading, sources.len());
    let structures: Vec<ingest::Structure> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = ingest::structure(&s.text);
            ticker.tick(i);
            st
        })
        .collect();
    drop(ticker);
    let mut vocab = Vocab::default();
    let mut ticker = Ticker::new(progress, Stage::Segmenting, sources.len());
    let prepared: Vec<Prepared> = sources
        .iter()
        .zip(structures)
        .enumerate()
        .map(|(i, (s, st))| {
            let p = prepare(s, st, &mut vocab);
            ticker.tick(i);
            p
        })
        .collect();
    drop(ticker);
    // Sentence-level document frequency of stems, over text outside boilerplate.
    let mut df = vec![0u32; vocab.stem_count()];
    let mut n_sentences = 0;
    let mut seen: Vec<u32> = Vec::new();
    for p in &prepared {
        for (s, span) in p.doc.sentences.iter().zip(&p.spans) {
            if s.boilerplate {
                continue;
            }
            n_sentences += 1;
            seen.clear();
            seen.extend(p.tokens[span.clone()].iter().map(|t| t.stem));
            seen.sort_unstable();
            seen.dedup();
            for &stem in &seen {
                df[stem as usize] += 1;
            }
        }
    }
    let idf = Idf::new(&df, n_sentences);
    let bags: Vec<Vec<Bag>> = prepared
        .iter()
        .map(|p| {
            p.spans
                .iter()
                .map(|span| Bag::new(&p.tokens[span.clone()], &idf))
                .collect()
        })
        .collect();
    let inputs: Vec<DocInput<'_>> = prepared
        .iter()
        .zip(&bags)
        .map(|(p, bags)| DocInput {
            bags,
            skip: p.doc.sentences.iter().map(|s| s.boilerplate).collect(),
        })
        .collect();
    // The meaning pass's vectors by global sentence id (documents' sentences one after
    // another, as the aligner numbers them), for the alignment and the article similarity.
    let mut offsets = vec![0usize];
    for p in &prepared {
        offsets.push(offsets[offsets.len() - 1] + p.doc.sentences.len());
    }
    let meaning = options
        .meaning
        .as_ref()
        .map(|m| meaning::Index::new(m, &offsets))
        .filter(|m| !m.is_empty());
    let rows = align::align(&inputs, &vocab, &options.grades, meaning.as_ref(), progress);

    let aligned_members: usize = rows
        .iter()
        .filter(|r| r.members.len() > 1)
        .map(|r| r.members.len())
        .sum();
    let eager = aligned_members <= options.eager_diff_limit;
    let stems: Vec<evidence::DocStems> = if eager {
        prepared.iter().map(Prepared::stems).collect()
    } else {
        Vec::new()
    };
    let mut ticker = Ticker::new(progress, Stage::Diffs, rows.len());
    let clusters: Vec<Cluster> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            ticker.tick(i);
            let rep = row.representative;
            let diffs = if eager && row.members.len() > 1 {
                let side = |r: SentenceRef| prepared[r.doc].side(r.sentence, &stems[r.doc]);
                let rep_words = evidence::Rep::new(side(rep));
                for m in &mut row.members {
                    let at = m.at();
                    if let Some(e) = m.evidence.as_mut().filter(|_| at != rep) {
                        e.words = rep_words.shared_words(&side(at), &vocab);
                    }
                }
                row.members
                    .iter()
                    .filter(|m| m.at() != rep)
                    .map(|m| diff_prepared(&prepared, rep, m.at()))
                    .collect()
            } else {
                Vec::new()
            };
            Cluster {
                members: row.members,
                representative: rep,
                diffs,
            }
        })
        .collect();
    drop(ticker);
    let mut ticker = Ticker::new(progress, Stage::Comparing, 3);
    let passage_tokens: Vec<Vec<Token>> = prepared
        .iter()
        .map(|p| {
            p.doc
                .sentences
                .iter()
                .zip(&p.spans)
                .filter(|(s, _)| !s.boilerplate)
                .flat_map(|(_, span)| p.tokens[span.clone()].iter().copied())
                .collect()
        })
        .collect();
    let passages = passages::shared_passages(&passage_tokens, options.min_passage_tokens);
    ticker.at(0.5);
    let weights: Vec<DocWeights> = prepared
        .iter()
        .enumerate()
        .map(|(d, p)| DocWeights {
            meaning: similarity::mean_vector(
                p.doc
                    .sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.boilerplate)
                    .filter_map(|(k, _)| meaning.as_ref()?.vector(offsets[d] + k)),
            ),
            name: p.doc.name.clone(),
            words: p
                .doc
                .sentences
                .iter()
                .zip(&p.spans)
                .map(|(s, span)| if s.boilerplate { 0 } else { span.len() })
                .collect(),
            vector: similarity::doc_vector(
                p.doc
                    .sentences
                    .iter()
                    .zip(&p.spans)
                    .filter(|(s, _)| !s.boilerplate)
                    .map(|(_, span)| &p.tokens[span.clone()]),
                &idf,
            ),
        })
        .collect();
    ticker.at(0.7);
    let similarity = similarity::similarity(&weights, &clusters, &passages);
    drop(ticker);

    // One tick per row (in-row discrepancies), per document (names), per document (quotes).
    let mut ticker = Ticker::new(progress, Stage::Facts, clusters.len() + 2 * sources.len());
    let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    let views: Vec<discrepancy::DocView<'_>> = prepared
        .iter()
        .zip(&texts)
        .map(|(p, text)| discrepancy::DocView {
            text,
            doc: &p.doc,
            tokens: p.spans.iter().map(|r| &p.tokens[r.clone()]).collect(),
        })
        .collect();
    let discrepancies = discrepancy::discrepancies(&views, &clusters, &mut ticker);
    drop(views);
    let mut documents: Vec<Document> = prepared.into_iter().map(|p| p.doc).collect();
    let quotes = ledger::ledger(&texts, &documents, &clusters, &mut |d| {
        ticker.tick(clusters.len() + sources.len() + d)
    });
    drop(ticker);
    set_warnings(&mut documents, sources);
    Analysis {
        version: VERSION,
        documents,
        clusters,
        passages,
        similarity,
        quotes,
        discrepancies,
    }
}

/// Warnings that need the whole set: a text identical to another document's (kept, since a
/// republication is worth seeing, but flagged), and a language other than most of the set's.
fn set_warnings(documents: &mut [Document], sources: &[SourceText]) {
    let mut first_with_text: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (i, s) in sources.iter().enumerate() {
        let first = *first_with_text.entry(s.text.trim()).or_insert(i);
        if first != i {
            let (a, b) = (sources[first].name.clone(), s.name.clone());
            documents[i]
                .warnings
                .push(format!("Identical to {a}: the same text."));
            documents[first]
                .warnings
                .push(format!("Identical to {b}: the same text."));
        }
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for d in documents.iter() {
        if let Some(code) = d.language.as_deref() {
            match counts.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code, 1)),
            }
        }
    }
    if counts.len() < 2 {
        return;
    }
    let (major, major_count) = counts
        .iter()
        .copied()
        .max_by_key(|&(_, n)| n)
        .unwrap_or(("", 0));
    let major = major.to_string();
    let documents_len = documents.len();
    for d in documents.iter_mut() {
        if let Some(code) = d.language.clone().filter(|c| *c != major) {
            let most = if major_count * 2 > documents_len {
                "most of the set"
            } else {
                "the largest group"
            };
            d.warnings.push(format!(
                "Written in {}, unlike {most} ({}): sentences are not matched across languages.",
                lang::name(&code),
                lang::name(&major)
            ));
        }
    }
}

fn diff_prepared(prepared: &[Prepared], rep: SentenceRef, member: SentenceRef) -> Diff {
    let (a, b) = (&prepared[rep.doc], &prepared[member.doc]);
    let ops = diff::word_diff(
        &a.tokens[a.spans[rep.sentence].clone()],
        &b.tokens[b.spans[member.sentence].clone()],
        a.doc.sentences[rep.sentence].start,
        b.doc.sentences[member.sentence].start,
    );
    Diff {
        doc: member.doc,
        sentence: member.sentence,
        ops,
    }
}

/// The word diffs of every non-representative member of row `row` against its
/// representative (empty for a row of one, or when `row` is out of range): what
/// [`Cluster::diffs`] holds when the set was small enough to diff eagerly, for callers that
/// show a row of an analysis whose diffs were left out. `texts` are the documents' decoded
/// texts, in analysis order; a member whose span does not fit its text is skipped.
pub fn diff_row(analysis: &Analysis, texts: &[&str], row: usize) -> Vec<Diff> {
    let Some(cluster) = analysis.clusters.get(row) else {
        return Vec::new();
    };
    if cluster.members.len() < 2 {
        return Vec::new();
    }
    let sentence = |r: SentenceRef| {
        let s = analysis.documents.get(r.doc)?.sentences.get(r.sentence)?;
        Some((texts.get(r.doc)?.get(s.start..s.end)?, s.start))
    };
    let rep = cluster.representative;
    let Some((rep_text, rep_start)) = sentence(rep) else {
        return Vec::new();
    };
    // One vocabulary for every side, so word ids compare; the representative is tokenized once.
    let mut vocab = Vocab::default();
    let mut t = Tokenizer::new(&mut vocab, lang::Language::ENGLISH);
    let mut rep_tokens = Vec::new();
    t.tokenize(rep_text, rep_start, &mut rep_tokens);
    let mut tokens = Vec::new();
    cluster
        .members
        .iter()
        .map(|m| SentenceRef {
            doc: m.doc,
            sentence: m.sentence,
        })
        .filter(|&m| m != rep)
        .filter_map(|m| {
            let (text, start) = sentence(m)?;
            tokens.clear();
            t.tokenize(text, start, &mut tokens);
            Some(Diff {
                doc: m.doc,
                sentence: m.sentence,
                ops: diff::word_diff(&rep_tokens, &tokens, rep_start, start),
            })
        })
        .collect()
}

/// The word diff of `new` against `old` (any two texts: two sentences, two passages), with
/// spans as byte ranges into each text itself. Words compare folded, as in the rows' diffs, so
/// case and curly quotes are not changes.
pub fn diff_texts(old: &str, new: &str) -> Vec<DiffOp> {
    let mut vocab = Vocab::default();
    let mut t = Tokenizer::new(&mut vocab, lang::Language::ENGLISH);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    t.tokenize(old, 0, &mut a);
    t.tokenize(new, 0, &mut b);
    diff::word_diff(&a, &b, 0, 0)
}

/// [`diff_row`] and [`explain_row`] together: what an open row of an analysis of a large set
/// needs.
pub fn row_details(analysis: &Analysis, texts: &[&str], row: usize) -> RowDetails {
    RowDetails {
        diffs: diff_row(analysis, texts, row),
        members: explain_row(analysis, row),
    }
}

/// The members of row `row` with the shared words of their evidence filled in (a row of one,
/// or `row` out of range, gives what the analysis holds): what [`Cluster::members`] holds when
/// the set was small enough to explain eagerly, for callers that show a row of an analysis
/// whose evidence came without its words. Works from the analysis alone: each document of the
/// row is tokenized again from its sentences.
pub fn explain_row(analysis: &Analysis, row: usize) -> Vec<Member> {
    let Some(cluster) = analysis.clusters.get(row) else {
        return Vec::new();
    };
    let mut members = cluster.members.clone();
    if members.len() < 2 {
        return members;
    }
    let mut vocab = Vocab::default();
    let mut docs: Vec<(usize, Prepared)> = Vec::new();
    for m in &members {
        if docs.iter().any(|(d, _)| *d == m.doc) {
            continue;
        }
        let Some(doc) = analysis.documents.get(m.doc) else {
            return members;
        };
        docs.push((m.doc, retokenize(doc, &mut vocab)));
    }
    let stems: Vec<evidence::DocStems> = docs.iter().map(|(_, p)| p.stems()).collect();
    let side = |r: SentenceRef| {
        let k = docs.iter().position(|(d, _)| *d == r.doc)?;
        let p = &docs[k].1;
        (r.sentence < p.spans.len()).then(|| p.side(r.sentence, &stems[k]))
    };
    let rep = cluster.representative;
    let Some(rep_words) = side(rep).map(evidence::Rep::new) else {
        return members;
    };
    for m in &mut members {
        let at = m.at();
        if at == rep {
            continue;
        }
        if let (Some(e), Some(member)) = (m.evidence.as_mut(), side(at)) {
            e.words = rep_words.shared_words(&member, &vocab);
        }
    }
    members
}

/// A document of an analysis tokenized again from its sentences, in the language the engine
/// detects in its text outside boilerplate (as [`prepare`] did).
fn retokenize(doc: &Document, vocab: &mut Vocab) -> Prepared {
    let body: Vec<&str> = doc
        .sentences
        .iter()
        .filter(|s| !s.boilerplate)
        .map(|s| s.text.as_str())
        .collect();
    let (language, _) = lang::detect(&body.join(" "));
    let mut tokenizer = Tokenizer::new(vocab, language);
    let mut tokens = Vec::new();
    let spans = doc
        .sentences
        .iter()
        .map(|s| {
            let first = tokens.len();
            tokenizer.tokenize(&s.text, s.start, &mut tokens);
            first..tokens.len()
        })
        .collect();
    Prepared {
        doc: doc.clone(),
        tokens,
        spans,
    }
}
