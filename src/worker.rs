//! The analysis worker. [`handle`] is the whole of its logic, an ordinary function over
//! serde types, tested natively; on wasm32, [`register`] runs it in a Web Worker so the page
//! never freezes.
//!
//! Why not gloo-worker or yew-agent: cancelling an analysis means stopping a worker that is
//! busy in one long synchronous call, and only `Worker.terminate()` does that; neither crate
//! exposes the worker it spawns. The bridge ([`crate::app::bridge`]) is small: bincode
//! messages both ways, a queue until the worker says it is ready, terminate and respawn.
//!
//! The worker keeps the newest analysis and its texts: to diff and explain a row when the page
//! opens it (large sets come without word diffs and shared words), and to render exports. The page never computes.

use serde::{Deserialize, Serialize};

use crate::engine::meaning::Meaning;
use crate::engine::{
    Analysis, Cluster, Document, InputError, MAX_FILE_BYTES, Options, Passage, RowDetails,
    SourceText, Stage, analyze_with_progress, decode_all, row_details,
};
use crate::report::Presentation;
use crate::report::export::{self, Format};
use crate::report::session::{self, SessionDoc};

/// What the page asks for. `revision` identifies the set of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse these documents (with the meaning pass's vectors, when it has run).
    Analyze {
        revision: u64,
        documents: Vec<SourceText>,
        meaning: Option<Meaning>,
    },
    /// The word diffs of one row of the analysis of `revision`, which came without them.
    Diffs { revision: u64, row: usize },
    /// Render an export of the analysis of `revision` (`documents` are analysed again if the
    /// worker no longer holds that analysis, after a restart).
    Export {
        revision: u64,
        format: Format,
        presentation: Presentation,
        documents: Vec<SourceText>,
        meaning: Option<Meaning>,
    },
    /// Read dropped or chosen files: articles are decoded ([`Response::Decoded`]), session
    /// files read ([`Response::Imported`]).
    Read { files: Vec<Dropped> },
}

/// A dropped or chosen file: its name, its size, and its bytes — left empty for a file over
/// [`MAX_FILE_BYTES`], which the page does not read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub name: String,
    pub size: u64,
    pub bytes: Vec<u8>,
}

impl Dropped {
    /// A file read whole.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            size: bytes.len() as u64,
            bytes,
        }
    }
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has started and takes requests.
    Ready,
    /// How far the analysis of `revision` has come: `done` of `stage`, in [0, 1].
    Progress {
        revision: u64,
        stage: Stage,
        done: f32,
    },
    Done {
        revision: u64,
        analysis: Box<Analysis>,
        /// Time the engine took inside the worker, and the size of the worker's WebAssembly
        /// memory afterwards (it never shrinks: the peak). Zero where not measured.
        engine_ms: f64,
        memory_bytes: u64,
    },
    /// The word diffs and match evidence of one row; empty when the worker no longer holds
    /// that analysis.
    Diffs {
        revision: u64,
        row: usize,
        details: RowDetails,
    },
    /// A rendered export, to download as `file_name`.
    Exported {
        format: Format,
        file_name: String,
        text: String,
    },
    /// Articles read from files, and one message per file that could not be read.
    Decoded {
        docs: Vec<Incoming>,
        errors: Vec<String>,
    },
    /// A session file's documents and display order (ids).
    Imported {
        documents: Vec<SessionDoc>,
        order: Vec<String>,
    },
    Failed {
        revision: u64,
        message: String,
    },
    /// An import or export failed.
    Error {
        message: String,
    },
    /// A slice of the analysis of `revision`, sent before its [`Response::Done`] (which then
    /// carries the rest): a large analysis arrives in pieces that each decode in a few
    /// milliseconds, so the page's main thread never blocks on one big message.
    Part {
        revision: u64,
        part: Part,
    },
}

/// A slice of an analysis ([`Response::Part`]), in the order the worker sends them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Part {
    Documents(Vec<Document>),
    Clusters(Vec<Cluster>),
    Passages(Vec<Passage>),
    /// Rows of the similarity matrix, then of the containment matrix.
    Matrix(Vec<Vec<f32>>),
    Containment(Vec<Vec<f32>>),
}

/// A document read from a file, with what the page would otherwise compute on its main
/// thread: its stable id and its word count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    pub source: SourceText,
    /// [`crate::report::doc_id`] of the text.
    pub id: String,
    /// Whitespace-separated words.
    pub words: usize,
}

impl Incoming {
    pub fn new(source: SourceText) -> Self {
        Self {
            id: crate::report::doc_id(&source.text),
            words: source.text.split_whitespace().count(),
            source,
        }
    }
}

/// Progress is sent this often (ms) while an analysis runs…
const PROGRESS_EVERY_MS: f64 = 100.0;
/// …starting this long (ms) after it began.
const PROGRESS_AFTER_MS: f64 = 150.0;

/// About how many bytes each [`Part`] holds on the wire.
const PART_BYTES: usize = 192 * 1024;

/// Splits `items` into runs of about [`PART_BYTES`], by each item's estimated size.
fn slices<T>(items: Vec<T>, size: impl Fn(&T) -> usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for item in items {
        bytes += size(&item);
        current.push(item);
        if bytes >= PART_BYTES {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Sends `analysis` as parts, then its remainder as [`Response::Done`].
fn send_in_parts(
    revision: u64,
    mut analysis: Analysis,
    engine_ms: f64,
    respond: &mut dyn FnMut(Response),
) {
    let mut part = |part| respond(Response::Part { revision, part });
    for docs in slices(std::mem::take(&mut analysis.documents), |d| {
        64 + d.sentences.iter().map(|s| s.text.len() + 48).sum::<usize>()
    }) {
        part(Part::Documents(docs));
    }
    for rows in slices(std::mem::take(&mut analysis.clusters), |c| {
        let members: usize = c
            .members
            .iter()
            .map(|m| 64 + m.evidence.as_ref().map_or(0, |e| 40 * e.words.len()))
            .sum();
        40 + members + c.diffs.iter().map(|d| 24 + d.ops.len() * 40).sum::<usize>()
    }) {
        part(Part::Clusters(rows));
    }
    for passages in slices(std::mem::take(&mut analysis.passages), |_| 64) {
        part(Part::Passages(passages));
    }
    for rows in slices(std::mem::take(&mut analysis.similarity.matrix), |r| {
        8 + r.len() * 4
    }) {
        part(Part::Matrix(rows));
    }
    for rows in slices(std::mem::take(&mut analysis.similarity.containment), |r| {
        8 + r.len() * 4
    }) {
        part(Part::Containment(rows));
    }
    respond(Response::Done {
        revision,
        analysis: Box::new(analysis),
        engine_ms,
        memory_bytes: 0,
    });
}

/// Puts the parts back: `into` is what [`Response::Done`] carried.
pub fn assemble(into: &mut Analysis, parts: Vec<Part>) {
    for part in parts {
        match part {
            Part::Documents(d) => into.documents.extend(d),
            Part::Clusters(c) => into.clusters.extend(c),
            Part::Passages(p) => into.passages.extend(p),
            Part::Matrix(m) => into.similarity.matrix.extend(m),
            Part::Containment(m) => into.similarity.containment.extend(m),
        }
    }
}

/// The newest analysis, with the texts it came from.
#[derive(Debug, Default)]
pub struct Kept {
    revision: u64,
    analysis: Option<(Analysis, Vec<SourceText>)>,
}

impl Kept {
    fn keep(&mut self, revision: u64, analysis: &Analysis, documents: Vec<SourceText>) {
        self.revision = revision;
        self.analysis = Some((analysis.clone(), documents));
    }

    fn get(&self, revision: u64) -> Option<&(Analysis, Vec<SourceText>)> {
        self.analysis.as_ref().filter(|_| self.revision == revision)
    }

    fn details(&self, revision: u64, row: usize) -> RowDetails {
        match self.get(revision) {
            Some((analysis, documents)) => {
                let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
                row_details(analysis, &texts, row)
            }
            None => RowDetails::default(),
        }
    }
}

/// Analyses the built-in sample and throws the result away. The worker does this once when
/// it starts, while the page is idle: a browser compiles WebAssembly in tiers, and code that
/// has run once is fully optimised by the time the person's own documents arrive (the first
/// analysis in a fresh worker is otherwise about three times slower).
pub fn warm_up() {
    let docs: Vec<SourceText> = crate::sample::documents();
    let _ = crate::engine::analyze(&docs, &Options::default());
}

/// The file name of an export.
pub fn export_name(format: Format, documents: usize) -> String {
    let stem = match format {
        Format::Json => "session",
        Format::Csv => "story-map",
        Format::Html => "report",
        Format::Markdown => "summary",
    };
    format!("parallax-{stem}-{documents}-sources.{}", format.extension())
}

/// Answers one request through `respond` (an analysis also reports its progress there;
/// `now` is a clock in milliseconds, to send progress at most every 100 ms); `kept` is the
/// worker's memory between requests.
pub fn handle(
    request: Request,
    kept: &mut Kept,
    now: &dyn Fn() -> f64,
    respond: &mut dyn FnMut(Response),
) {
    match request {
        Request::Analyze {
            revision,
            documents,
            meaning,
        } => {
            // Progress goes out every 100 ms and at each new stage, but not in the first
            // 150 ms: a small set is done by then, and the page need not redraw for it
            // while the worker works.
            let started = now();
            let mut last = (
                Stage::Reading,
                started + PROGRESS_AFTER_MS - PROGRESS_EVERY_MS,
            );
            let analysis = analyze_with_progress(
                &documents,
                &Options::default().meaning(meaning),
                &mut |stage: Stage, done: f32| {
                    let t = now();
                    let due = t - last.1 >= PROGRESS_EVERY_MS
                        || (stage != last.0 && t - started >= PROGRESS_AFTER_MS);
                    if due {
                        last = (stage, t);
                        respond(Response::Progress {
                            revision,
                            stage,
                            done,
                        });
                    }
                },
            );
            let engine_ms = now() - started;
            kept.keep(revision, &analysis, documents);
            send_in_parts(revision, analysis, engine_ms, respond);
        }
        Request::Diffs { revision, row } => respond(Response::Diffs {
            revision,
            row,
            details: kept.details(revision, row),
        }),
        Request::Export {
            revision,
            format,
            presentation,
            documents,
            meaning,
        } => {
            if kept.get(revision).is_none() {
                let analysis =
                    crate::engine::analyze(&documents, &Options::default().meaning(meaning));
                kept.keep(revision, &analysis, documents);
            }
            let Some((analysis, documents)) = kept.get(revision) else {
                return;
            };
            if presentation.docs.len() != analysis.documents.len() {
                respond(Response::Error {
                    message: "The export did not match the documents on screen; try again.".into(),
                });
                return;
            }
            respond(Response::Exported {
                format,
                file_name: export_name(format, analysis.documents.len()),
                text: export::render(format, analysis, &presentation, documents),
            });
        }
        Request::Read { files } => {
            let (mut docs, mut errors) = (Vec::new(), Vec::new());
            for Dropped { name, size, bytes } in files {
                if size > MAX_FILE_BYTES as u64 {
                    errors.push(
                        InputError::TooLarge {
                            name,
                            bytes: usize::try_from(size).unwrap_or(usize::MAX),
                            limit: MAX_FILE_BYTES,
                        }
                        .to_string(),
                    );
                    continue;
                }
                if session::looks_like_session(&bytes) {
                    respond(match session::parse(&name, &bytes) {
                        Ok(s) => Response::Imported {
                            documents: s.documents,
                            order: s.order,
                        },
                        Err(e) => Response::Error { message: e.0 },
                    });
                    continue;
                }
                for doc in decode_all(&name, &bytes) {
                    match doc {
                        Ok(doc) => docs.push(Incoming::new(doc)),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
            }
            if !docs.is_empty() || !errors.is_empty() {
                respond(Response::Decoded { docs, errors });
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use web::register;

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    use super::{Kept, Request, Response, handle, warm_up};

    thread_local! {
        /// The revision being worked on, so a panic can still answer it.
        static CURRENT: RefCell<Option<u64>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Posts a response as bincode bytes (the buffer is transferred, not copied).
    fn post(response: &Response) {
        let Ok(bytes) = bincode::serialize(response) else {
            return;
        };
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let transfer = js_sys::Array::of1(&array.buffer());
        let _ = scope().post_message_with_transfer(&array, &transfer);
    }

    /// Size of this module's WebAssembly memory.
    fn wasm_memory_bytes() -> u64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map_or(0, |m| {
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length() as u64
            })
    }

    /// Starts the worker: answers requests, and warms up once.
    pub fn register() {
        std::panic::set_hook(Box::new(|info| {
            let message = format!("The analysis failed: {info}");
            let revision = CURRENT.with(|c| c.borrow_mut().take()).unwrap_or(0);
            post(&Response::Failed { revision, message });
        }));
        let kept = RefCell::new(Kept::default());
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&e.data()).to_vec();
            let request: Request = match bincode::deserialize(&bytes) {
                Ok(r) => r,
                Err(e) => {
                    post(&Response::Error {
                        message: format!("The worker could not read a request: {e}."),
                    });
                    return;
                }
            };
            let revision = match &request {
                Request::Analyze { revision, .. }
                | Request::Diffs { revision, .. }
                | Request::Export { revision, .. } => Some(*revision),
                Request::Read { .. } => None,
            };
            CURRENT.with(|c| *c.borrow_mut() = revision);
            let now = || js_sys::Date::now();
            handle(
                request,
                &mut kept.borrow_mut(),
                &now,
                &mut |mut response| {
                    if let Response::Done { memory_bytes, .. } = &mut response {
                        *memory_bytes = wasm_memory_bytes();
                    }
                    post(&response);
                },
            );
            CURRENT.with(|c| c.borrow_mut().take());
        });
        scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        post(&Response::Ready);
        // Warm up after start-up, through the event loop: a request that arrives meanwhile
        // waits only for this one analysis of the sample.
        let warm = Closure::once_into_js(warm_up);
        let _ =
            scope().set_timeout_with_callback_and_timeout_and_arguments_0(warm.unchecked_ref(), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<SourceText> {
        crate::sample::documents()
    }

    /// Answers a request with a clock that moves `step` ms each time it is read.
    fn run_clocked(request: Request, kept: &mut Kept, step: f64) -> Vec<Response> {
        let mut out = Vec::new();
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + step);
            clock.get()
        };
        handle(request, kept, &now, &mut |r| out.push(r));
        out
    }

    fn run(request: Request, kept: &mut Kept) -> Vec<Response> {
        run_clocked(request, kept, 30.0)
    }

    #[test]
    fn analyses_reporting_progress_then_the_result() {
        // A fast machine: nothing is reported in the first 150 ms, so nothing at all.
        let mut kept = Kept::default();
        let quick = run_clocked(
            Request::Analyze {
                revision: 3,
                documents: sample(),
                meaning: None,
            },
            &mut kept,
            0.01,
        );
        assert!(!quick.iter().any(|r| matches!(r, Response::Progress { .. })));
        // A slow one (every reading of the clock 200 ms later): every stage, in order.
        let out = run_clocked(
            Request::Analyze {
                revision: 3,
                documents: sample(),
                meaning: None,
            },
            &mut kept,
            200.0,
        );
        let stages: Vec<Stage> = out
            .iter()
            .filter_map(|r| match r {
                Response::Progress {
                    revision, stage, ..
                } => {
                    assert_eq!(*revision, 3);
                    Some(*stage)
                }
                _ => None,
            })
            .collect();
        for stage in Stage::ALL {
            assert!(stages.contains(&stage), "{stage:?} reported");
        }
        assert!(stages.windows(2).all(|w| w[0] <= w[1]), "stages in order");
        let (revision, analysis) = reassemble(out);
        assert_eq!((revision, analysis.documents.len()), (3, 5));
    }

    /// Collects the parts and the final answer of an analysis into one `Analysis`.
    fn reassemble(out: Vec<Response>) -> (u64, Analysis) {
        let mut parts = Vec::new();
        for r in out {
            match r {
                Response::Part { part, .. } => parts.push(part),
                Response::Done {
                    revision,
                    mut analysis,
                    ..
                } => {
                    assemble(&mut analysis, parts);
                    return (revision, *analysis);
                }
                _ => {}
            }
        }
        panic!("no Done");
    }

    #[test]
    fn a_large_analysis_arrives_in_small_parts_and_reassembles_exactly() {
        let mut docs = Vec::new();
        for k in 0..30 {
            for d in sample() {
                docs.push(SourceText::new(
                    format!("{k}-{}", d.name),
                    format!("{}\n\nCopy {k}.", d.text),
                ));
            }
        }
        let direct = crate::engine::analyze(&docs, &Options::default());
        let mut kept = Kept::default();
        let out = run(
            Request::Analyze {
                revision: 9,
                documents: docs,
                meaning: None,
            },
            &mut kept,
        );
        let sizes: Vec<usize> = out
            .iter()
            .filter(|r| matches!(r, Response::Part { .. }))
            .map(|r| bincode::serialize(r).unwrap().len())
            .collect();
        assert!(sizes.len() >= 5, "{} parts", sizes.len());
        assert!(
            sizes.iter().all(|&s| s < 2 * PART_BYTES),
            "parts of {sizes:?} bytes"
        );
        let (_, analysis) = reassemble(out);
        assert_eq!(analysis, direct);
    }

    #[test]
    fn diffs_a_row_of_a_lazy_analysis_on_request() {
        let docs = sample();
        let eager = crate::engine::analyze(&docs, &Options::default());
        let lazy = crate::engine::analyze(&docs, &Options::default().eager_diff_limit(0));
        let mut kept = Kept::default();
        kept.keep(7, &lazy, docs);
        let row = eager
            .clusters
            .iter()
            .position(|c| c.members.len() > 2)
            .expect("a row shared by three");
        let out = run(Request::Diffs { revision: 7, row }, &mut kept);
        let [Response::Diffs { details, .. }] = &out[..] else {
            panic!("expected diffs");
        };
        assert_eq!(details.diffs, eager.clusters[row].diffs);
        assert_eq!(details.members, eager.clusters[row].members);
        assert!(
            details.members[0].evidence.as_ref().is_some_and(|e| e.test
                == crate::engine::Test::Representative
                || !e.words.is_empty())
        );
        // A stale revision gets nothing rather than another analysis' diffs.
        let out = run(Request::Diffs { revision: 6, row }, &mut kept);
        let [Response::Diffs { details, .. }] = &out[..] else {
            panic!("expected diffs");
        };
        assert_eq!(details, &RowDetails::default());
    }

    #[test]
    fn exports_even_after_a_restart() {
        let docs = sample();
        let a = crate::engine::analyze(&docs, &Options::default());
        let mut p = Presentation::new(&a, &docs);
        p.docs[0].label = "AFP".into();
        // A fresh worker (after a cancel) holds nothing: it analyses the texts sent along.
        let mut kept = Kept::default();
        let out = run(
            Request::Export {
                revision: 2,
                format: Format::Csv,
                presentation: p,
                documents: docs,
                meaning: None,
            },
            &mut kept,
        );
        let [
            Response::Exported {
                file_name, text, ..
            },
        ] = &out[..]
        else {
            panic!("expected an export: {out:?}");
        };
        assert_eq!(file_name, "parallax-story-map-5-sources.csv");
        assert!(text.starts_with("row,passage,AFP,001"));
    }

    #[test]
    fn reads_articles_and_session_files_or_says_why_not() {
        let docs = sample();
        let a = crate::engine::analyze(&docs, &Options::default());
        let p = Presentation::new(&a, &docs);
        let json = session::to_json(&a, &p, &docs);
        let mut kept = Kept::default();
        let out = run(
            Request::Read {
                files: vec![
                    Dropped::new("s.json", json.into_bytes()),
                    Dropped::new("a.txt", b"An article.".to_vec()),
                    Dropped::new("photo.png", b"\x89PNG\r\n\x1a\n\0\0".to_vec()),
                    Dropped {
                        name: "huge.txt".into(),
                        size: 50_000_000,
                        bytes: Vec::new(),
                    },
                ],
            },
            &mut kept,
        );
        let [
            Response::Imported { documents, order },
            Response::Decoded { docs, errors },
        ] = &out[..]
        else {
            panic!("expected an import, then the articles: {out:?}");
        };
        assert_eq!((documents.len(), order.len()), (5, 5));
        assert_eq!(docs.len(), 1);
        assert!(errors[0].starts_with("photo.png is not text"), "{errors:?}");
        assert_eq!(
            errors[1],
            "huge.txt is too large: 50.0 MB, and the limit is 20 MB per file."
        );
        let out = run(
            Request::Read {
                files: vec![Dropped::new(
                    "bad.json",
                    b"{\"parallax\": 1, \"documents\": ".to_vec(),
                )],
            },
            &mut kept,
        );
        assert!(
            matches!(&out[..], [Response::Error { message }] if message.starts_with("bad.json"))
        );
    }
}
