//! The hook that connects the page to the analysis worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::state::{Action, State};
use crate::worker::{AnalysisWorker, Request, Response};

/// The worker script, relative to the page's base URL: an absolute path would break under a
/// GitHub Pages sub-path.
const WORKER_SCRIPT: &str = "worker.js";

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn worker_url() -> String {
    let base = gloo::utils::document().base_uri().ok().flatten();
    base.and_then(|b| web_sys::Url::new_with_base(WORKER_SCRIPT, &b).ok())
        .map_or_else(|| WORKER_SCRIPT.to_string(), |u| u.href())
}

/// Sends the documents to the worker whenever they change, and dispatches its answers.
/// Returns the callback that asks the worker for the word diffs of a row, `(revision, row)`.
#[hook]
pub fn use_analysis_worker(state: &UseReducerHandle<State>) -> Callback<(u64, usize)> {
    let started: Rc<RefCell<HashMap<u64, f64>>> = use_memo((), |_| RefCell::new(HashMap::new()));
    let bridge: Rc<WorkerBridge<AnalysisWorker>> = {
        let dispatch = state.dispatcher();
        let started = started.clone();
        use_memo((), move |_| {
            AnalysisWorker::spawner()
                .callback(move |response| {
                    let action = match response {
                        Response::Done {
                            revision,
                            analysis,
                            engine_ms,
                            memory_bytes,
                        } => {
                            let t0 = started
                                .borrow_mut()
                                .remove(&revision)
                                .unwrap_or_else(now_ms);
                            Action::Analyzed {
                                revision,
                                analysis: Rc::new(*analysis),
                                elapsed_ms: now_ms() - t0,
                                engine_ms,
                                memory_bytes,
                            }
                        }
                        Response::Diffs {
                            revision,
                            row,
                            diffs,
                        } => Action::RowDiffs {
                            revision,
                            row,
                            diffs,
                        },
                        Response::Failed { revision, message } => {
                            Action::Failed { revision, message }
                        }
                    };
                    dispatch.dispatch(action);
                })
                .spawn(&worker_url())
        })
    };
    let docs = state.docs.clone();
    {
        let bridge = bridge.clone();
        use_effect_with(state.revision, move |&revision| {
            if !docs.is_empty() {
                started.borrow_mut().insert(revision, now_ms());
                let documents = docs.iter().map(|d| (*d.source).clone()).collect();
                bridge.send(Request::Analyze {
                    revision,
                    documents,
                });
            }
        });
    }
    Callback::from(move |(revision, row)| bridge.send(Request::Diffs { revision, row }))
}
