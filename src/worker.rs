//! The analysis worker. [`run`] is the whole of its logic, an ordinary function over serde
//! types, tested natively; on wasm32, [`AnalysisWorker`] runs it in a Web Worker so the page
//! never freezes. We use gloo-worker's actor `Worker` directly (no yew-agent): one request
//! in, one response out, and the page keeps only the newest request's answer.

use serde::{Deserialize, Serialize};

use crate::engine::{Analysis, Options, SourceText, analyze};

/// What the page asks for: analyse these documents. `revision` identifies the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub revision: u64,
    pub documents: Vec<SourceText>,
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
    Failed {
        revision: u64,
        message: String,
    },
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

/// Analyses one request.
pub fn run(request: Request) -> Response {
    let analysis = analyze(&request.documents, &Options::default());
    Response::Done {
        revision: request.revision,
        analysis: Box::new(analysis),
        engine_ms: 0.0,
        memory_bytes: 0,
    }
}

pub use web::AnalysisWorker;

mod web {
    use std::cell::RefCell;

    use gloo::worker::{HandlerId, Worker, WorkerScope};

    use super::{Request, Response, run, warm_up};

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
    pub struct AnalysisWorker;

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
            Self
        }

        fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {
            warm_up();
        }

        fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
            let revision = request.revision;
            CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, revision)));
            let started = js_sys::Date::now();
            let mut response = run(request);
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
