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
    },
    Failed {
        revision: u64,
        message: String,
    },
}

/// Analyses one request.
pub fn run(request: Request) -> Response {
    let analysis = analyze(&request.documents, &Options::default());
    Response::Done {
        revision: request.revision,
        analysis: Box::new(analysis),
    }
}

pub use web::AnalysisWorker;

mod web {
    use std::cell::RefCell;

    use gloo::worker::{HandlerId, Worker, WorkerScope};

    use super::{Request, Response, run};

    thread_local! {
        /// The request being analysed, so a panic can still answer it.
        static CURRENT: RefCell<Option<(WorkerScope<AnalysisWorker>, HandlerId, u64)>> =
            const { RefCell::new(None) };
    }

    /// The Web Worker that runs [`run`].
    pub struct AnalysisWorker;

    impl Worker for AnalysisWorker {
        type Message = ();
        type Input = Request;
        type Output = Response;

        fn create(_scope: &WorkerScope<Self>) -> Self {
            std::panic::set_hook(Box::new(|info| {
                let message = format!("The analysis failed: {info}");
                CURRENT.with(|current| {
                    if let Some((scope, id, revision)) = current.borrow_mut().take() {
                        scope.respond(id, Response::Failed { revision, message });
                    }
                });
            }));
            Self
        }

        fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

        fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
            let revision = request.revision;
            CURRENT.with(|c| *c.borrow_mut() = Some((scope.clone(), id, revision)));
            let response = run(request);
            CURRENT.with(|c| c.borrow_mut().take());
            scope.respond(id, response);
        }
    }
}
