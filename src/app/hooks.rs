//! The hooks that connect the page to the outside: the analysis worker and the address bar.
//! (The browser store is in [`super::storage`].)

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::bridge::Bridge;
use super::dom::{download, now_ms};
use super::route::Route;
use super::state::{Action, State, StoredDoc};
use crate::report::export::Format;
use crate::worker::{Dropped, Part, Request, Response, assemble};

/// What the page can ask of the worker besides analyses (which follow the documents). It
/// stays the same from render to render (so callbacks made once stay valid) and reads the
/// newest state when used.
#[derive(Clone)]
pub struct WorkerHandle {
    bridge: Bridge,
    state: Rc<RefCell<UseReducerHandle<State>>>,
    /// Revision of the analysis in flight, if any.
    in_flight: Rc<RefCell<Option<u64>>>,
}

impl PartialEq for WorkerHandle {
    fn eq(&self, other: &Self) -> bool {
        self.bridge == other.bridge
    }
}

impl WorkerHandle {
    fn state(&self) -> UseReducerHandle<State> {
        self.state.borrow().clone()
    }

    /// Asks for the word diffs and match evidence of row `row` of the current analysis.
    pub fn request_diffs(&self, row: usize) {
        self.bridge.send(&Request::Diffs {
            revision: self.state().revision,
            row,
        });
    }

    /// Asks for an export of the current analysis as presented; it downloads when ready.
    pub fn export(&self, format: Format) {
        let state = self.state();
        if state.current().is_none() {
            return;
        }
        state.dispatch(Action::Exporting(Some(format)));
        self.bridge.send(&Request::Export {
            revision: state.revision,
            format,
            presentation: (*state.presentation).clone(),
            documents: state.docs.iter().map(|d| (*d.source).clone()).collect(),
            meaning: state.meaning(),
        });
    }

    /// Sends dropped or chosen files to be read (articles decoded, session files parsed).
    /// New input supersedes an analysis in flight: the worker is restarted first, and the
    /// current documents are sent again after the files (if the files add documents, that
    /// analysis is superseded in turn; if they add none, it is the one the page waits for).
    pub fn read(&self, files: Vec<Dropped>) {
        let superseded = self.in_flight.borrow_mut().take();
        if superseded.is_some() {
            self.bridge.restart();
        }
        self.bridge.send(&Request::Read { files });
        if let Some(revision) = superseded {
            let state = self.state();
            if state.revision == revision {
                *self.in_flight.borrow_mut() = Some(revision);
                self.bridge.send(&Request::Analyze {
                    revision,
                    documents: state.docs.iter().map(|d| (*d.source).clone()).collect(),
                    meaning: state.meaning(),
                });
            }
        }
    }

    /// Stops the analysis in flight: the worker is terminated and a fresh one started.
    pub fn cancel(&self) {
        if self.in_flight.borrow_mut().take().is_some() {
            self.bridge.restart();
        }
        self.state().dispatch(Action::Cancel);
    }
}

/// Sends the documents to the worker whenever they change (a run in flight is superseded:
/// the worker is restarted), and dispatches its answers.
#[hook]
pub fn use_analysis_worker(state: &UseReducerHandle<State>) -> WorkerHandle {
    let started: Rc<RefCell<HashMap<u64, f64>>> = use_memo((), |_| RefCell::new(HashMap::new()));
    let in_flight: Rc<RefCell<Option<u64>>> = use_memo((), |_| RefCell::new(None));
    let bridge: Rc<Bridge> = {
        let dispatch = state.dispatcher();
        let started = started.clone();
        let in_flight = in_flight.clone();
        use_memo((), move |_| {
            // Parts of the analysis in flight, until its Done.
            let parts: RefCell<(u64, Vec<Part>)> = RefCell::new((0, Vec::new()));
            let slot: Rc<RefCell<Option<Bridge>>> = Rc::new(RefCell::new(None));
            let weak_slot = slot.clone();
            let (dispatch_for_crash, in_flight_for_crash) = (dispatch.clone(), in_flight.clone());
            let on_response = Rc::new(move |response: Response| {
                let action = match response {
                    Response::Ready => return,
                    Response::Progress {
                        revision,
                        stage,
                        done,
                    } => Action::Progress {
                        revision,
                        stage,
                        done,
                    },
                    Response::Part { revision, part } => {
                        let mut parts = parts.borrow_mut();
                        if parts.0 != revision || parts.1.is_empty() {
                            // The browser tests measure from here to the first rows on screen.
                            super::dom::mark("parallax:analysis-arrived");
                            *parts = (revision, Vec::new());
                        }
                        parts.1.push(part);
                        return;
                    }
                    Response::Done {
                        revision,
                        mut analysis,
                        engine_ms,
                        memory_bytes,
                    } => {
                        let (rev, pieces) = std::mem::take(&mut *parts.borrow_mut());
                        if rev == revision {
                            assemble(&mut analysis, pieces);
                        } else {
                            super::dom::mark("parallax:analysis-arrived");
                        }
                        let mut flight = in_flight.borrow_mut();
                        if *flight == Some(revision) {
                            *flight = None;
                        }
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
                        details,
                    } => Action::RowDiffs {
                        revision,
                        row,
                        details,
                    },
                    Response::Exported {
                        format,
                        file_name,
                        text,
                    } => {
                        download(&file_name, format.mime(), &text);
                        Action::Exporting(None)
                    }
                    Response::Decoded { docs, errors } => Action::AddFiles { docs, errors },
                    Response::Imported { documents, order } => Action::Import {
                        docs: documents.into_iter().map(StoredDoc::from).collect(),
                        order,
                    },
                    Response::Failed { revision, message } => {
                        *in_flight.borrow_mut() = None;
                        // A panic may leave the worker's memory in any state: start afresh.
                        if let Some(b) = weak_slot.borrow().as_ref() {
                            b.restart();
                        }
                        Action::Failed { revision, message }
                    }
                    Response::Error { message } => Action::Error(message),
                };
                dispatch.dispatch(action);
            });
            let on_crash: Rc<dyn Fn(String)> = {
                let dispatch = dispatch_for_crash;
                let in_flight = in_flight_for_crash;
                Rc::new(move |detail: String| {
                    let revision = in_flight.borrow_mut().take();
                    dispatch.dispatch(Action::Crashed { revision, detail });
                })
            };
            let bridge = Bridge::spawn(on_response, on_crash);
            *slot.borrow_mut() = Some(bridge.clone());
            bridge
        })
    };
    {
        let bridge = bridge.clone();
        let in_flight = in_flight.clone();
        let docs = state.docs.clone();
        let meaning = state.meaning();
        let cancelled = state.cancelled;
        let loading = state.storage == super::state::Storage::Loading;
        use_effect_with((state.revision, loading), move |&(revision, loading)| {
            // While the store is read back, wait: its documents come with the next revision.
            if !docs.is_empty() && !cancelled && !loading {
                if in_flight.borrow().is_some() {
                    bridge.restart();
                }
                *in_flight.borrow_mut() = Some(revision);
                started.borrow_mut().insert(revision, now_ms());
                // In a task of its own: serialising megabytes of text should not lengthen the
                // task that renders the new documents.
                let in_flight = in_flight.clone();
                gloo::timers::callback::Timeout::new(0, move || {
                    if *in_flight.borrow() != Some(revision) {
                        return; // superseded meanwhile
                    }
                    let documents = docs.iter().map(|d| (*d.source).clone()).collect();
                    bridge.send(&Request::Analyze {
                        revision,
                        documents,
                        meaning,
                    });
                })
                .forget();
            }
        });
    }
    let current: Rc<RefCell<UseReducerHandle<State>>> = {
        let state = state.clone();
        use_memo((), move |_| RefCell::new(state))
    };
    *current.borrow_mut() = state.clone();
    let handle = use_memo((), move |_| WorkerHandle {
        bridge: (*bridge).clone(),
        state: current,
        in_flight,
    });
    (*handle).clone()
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Keeps the address in step with the view and the selection: a new view is a new history
/// entry (Back returns to the previous view), a new selection replaces the current one.
/// Back and Forward dispatch [`Action::Navigate`].
#[hook]
pub fn use_address(state: &UseReducerHandle<State>) {
    // Listen to Back / Forward.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                dispatch.dispatch(Action::Navigate(Route::parse(&current_hash())));
            });
            let window = gloo::utils::window();
            let _ = window
                .add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "popstate",
                    listener.as_ref().unchecked_ref(),
                );
            }
        });
    }
    // Write the address when the place changes.
    let route = state.route.clone();
    use_effect_with(route, |route| {
        let hash = route.to_hash();
        let current = current_hash();
        if hash != current {
            let old = Route::parse(&current);
            let Ok(history) = gloo::utils::window().history() else {
                return;
            };
            let url = Some(hash.as_str());
            let _ = if old.view != route.view && !current.is_empty() {
                history.push_state_with_url(&JsValue::NULL, "", url)
            } else {
                history.replace_state_with_url(&JsValue::NULL, "", url)
            };
        }
    });
}

/// The place named by the address when the page opened, if any.
pub fn initial_route() -> Option<Route> {
    thread_local! {
        // Read once, before the page writes its own address.
        static INITIAL: Option<Route> = {
            let hash = current_hash();
            (hash.len() > 1).then(|| Route::parse(&hash))
        };
    }
    INITIAL.with(Clone::clone)
}
