//! The analysis worker. [`run`] is the whole of its logic, an ordinary function over serde
//! types, tested natively; on wasm32, [`AnalysisWorker`] runs it in a Web Worker so the page
//! never freezes. We use gloo-worker's actor `Worker` directly (no yew-agent): one request
//! in, one response out, and the page keeps only the newest analysis' answers.
//!
//! For large sets the engine leaves the rows' word diffs out (they would cost seconds), and
//! the worker keeps the analysis and its texts to diff a row when the page opens it: the page
//! never computes.

use serde::{Deserialize, Serialize};

use crate::engine::{Analysis, Diff, Options, SourceText, analyze, diff_row};

/// What the page asks for. `revision` identifies the set of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse these documents.
    Analyze {
        revision: u64,
        documents: Vec<SourceText>,
    },
    /// The word diffs of one row of the analysis of `revision`, which came without them.
    Diffs { revision: u64, row: usize },
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Done {
        revision: u64,
        analysis: Box<Analysis>,
        /// Time the engine took inside the worker, and the size of the worker's WebAssembly
        /// memory afterwards (it never shrinks: the peak). Zero where not measured.
        engine_ms: f64,
        memory_bytes: u64,
    },
    /// The word diffs of one row; empty when the worker no longer holds that analysis.
    Diffs {
        revision: u64,
        row: usize,
        diffs: Vec<Diff>,
    },
    Failed {
        revision: u64,
        message: String,
    },
}

/// The newest analysis whose diffs were left out, with the texts it came from.
#[derive(Debug, Default)]
pub struct Kept {
    revision: u64,
    analysis: Option<(Analysis, Vec<SourceText>)>,
}

impl Kept {
    /// Keeps `analysis` if any of its shared rows lacks diffs, else forgets the older one.
    fn keep(&mut self, revision: u64, analysis: &Analysis, documents: Vec<SourceText>) {
        let lazy = analysis
            .clusters
            .iter()
            .any(|c| c.members.len() > 1 && c.diffs.is_empty());
        self.revision = revision;
        self.analysis = lazy.then(|| (analysis.clone(), documents));
    }

    fn diffs(&self, revision: u64, row: usize) -> Vec<Diff> {
        match &self.analysis {
            Some((analysis, documents)) if self.revision == revision => {
                let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
                diff_row(analysis, &texts, row)
            }
            _ => Vec::new(),
        }
    }
}

/// Analyses the built-in sample and throws the result away. The worker does this once when
/// it starts, while the page is idle: a browser compiles WebAssembly in tiers, and code that
/// has run once is fully optimised by the time the person's own documents arrive (the first
/// analysis in a fresh worker is otherwise about three times slower).
pub fn warm_up() {
    let docs: Vec<SourceText> = crate::sample::SAMPLE
        .iter()
        .map(|(name, text)| SourceText::new(*name, *text))
        .collect();
    let _ = analyze(&docs, &Options::default());
}

/// Answers one request; `kept` is the worker's memory between requests.
pub fn run(request: Request, kept: &mut Kept) -> Response {
    match request {
        Request::Analyze {
            revision,
            documents,
        } => {
            let analysis = analyze(&documents, &Options::default());
            kept.keep(revision, &analysis, documents);
            Response::Done {
                revision,
                analysis: Box::new(analysis),
                engine_ms: 0.0,
                memory_bytes: 0,
            }
        }
        Request::Diffs { revision, row } => Response::Diffs {
            revision,
            row,
            diffs: kept.diffs(revision, row),
        },
    }
}

pub use web::AnalysisWorker;

mod web {
    use std::cell::RefCell;

    use gloo::worker::{HandlerId, Worker, WorkerScope};

    use super::{Kept, Request, Response, run, warm_up};

    thread_local! {
        /// The request being analysed, so a panic can still answer it.
        static CURRENT: RefCell<Option<(WorkerScope<AnalysisWorker>, HandlerId, u64)>> =
            const { RefCell::new(None) };
    }

    /// Size of this module's WebAssembly memory (on native builds: 0).
    fn wasm_memory_bytes() -> u64 {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            wasm_bindgen::memory()
                .dyn_into::<js_sys::WebAssembly::Memory>()
                .map_or(0, |m| {
                    m.buffer()
                        .unchecked_into::<js_sys::ArrayBuffer>()
                        .byte_length() as u64
                })
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            0
        }
    }

    /// The Web Worker that runs [`run`].
    pub struct AnalysisWorker {
        kept: Kept,
    }

    impl Worker for AnalysisWorker {
        /// The only message a worker sends itself: warm up.
        type Message = ();
        type Input = Request;
        type Output = Response;

        fn create(scope: &WorkerScope<Self>) -> Self {
            std::panic::set_hook(Box::new(|info| {
                let message = format!("The analysis failed: {info}");
                CURRENT.with(|current| {
                    if let Some((scope, id, revision)) = current.borrow_mut().take() {
                        scope.respond(id, Response::Failed { revision, message });
                    }
                });
            }));
            // Warm up after start-up, through the message queue.
            scope.send_message(());
            Self {
                kept: Kept::default(),
            }
        }

        fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {
            warm_up();
        }

        fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
            let revision = match &request {
                Request::Analyze { revision, .. } | Request::Diffs { revision, .. } => *revision,
            };
            CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, revision)));
            let started = js_sys::Date::now();
            let mut response = run(request, &mut self.kept);
            CURRENT.with(|c| c.borrow_mut().take());
            if let Response::Done {
                engine_ms,
                memory_bytes,
                ..
            } = &mut response
            {
                *engine_ms = js_sys::Date::now() - started;
                *memory_bytes = wasm_memory_bytes();
            }
            scope.respond(id, response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<SourceText> {
        crate::sample::SAMPLE
            .iter()
            .map(|(name, text)| SourceText::new(*name, *text))
            .collect()
    }

    #[test]
    fn analyses_and_keeps_nothing_when_diffs_are_eager() {
        let mut kept = Kept::default();
        let response = run(
            Request::Analyze {
                revision: 3,
                documents: sample(),
            },
            &mut kept,
        );
        let Response::Done {
            revision, analysis, ..
        } = response
        else {
            panic!("expected an analysis");
        };
        assert_eq!((revision, analysis.documents.len()), (3, 5));
        assert!(kept.analysis.is_none(), "eager diffs need no copy");
    }

    #[test]
    fn diffs_a_row_of_a_lazy_analysis_on_request() {
        let docs = sample();
        let eager = analyze(&docs, &Options::default());
        let lazy = analyze(&docs, &Options::default().eager_diff_limit(0));
        let mut kept = Kept::default();
        kept.keep(7, &lazy, docs);
        let row = eager
            .clusters
            .iter()
            .position(|c| c.members.len() > 2)
            .expect("a row shared by three");
        let Response::Diffs { diffs, .. } = run(Request::Diffs { revision: 7, row }, &mut kept)
        else {
            panic!("expected diffs");
        };
        assert_eq!(diffs, eager.clusters[row].diffs);
        // A stale revision gets nothing rather than another analysis' diffs.
        let Response::Diffs { diffs, .. } = run(Request::Diffs { revision: 6, row }, &mut kept)
        else {
            panic!("expected diffs");
        };
        assert!(diffs.is_empty());
    }
}
