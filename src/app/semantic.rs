//! The page's end of the semantic worker (the meaning pass): started only when the person
//! turns the pass on, it loads the sentence model (through the Cache API: downloaded once)
//! and embeds the sentences the lexical pass did not settle
//! ([`crate::engine::meaning::to_embed`]); the vectors go to the analysis worker with the
//! next analysis request ([`Action::MeaningVectors`]). Cancel terminates it. Vectors are kept
//! by sentence text for the page's life, so new documents embed only their own sentences.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use super::state::{Action, MeaningPass, State};
use crate::engine::SentenceRef;
use crate::engine::meaning::{Meaning, SentenceVector, to_embed};

/// The semantic worker's loader, beside the page.
const LOADER: &str = "semantic-loader.js";
/// The model's folder, beside the page.
const MODEL: &str = "model/all-minilm-l6-v2/";
/// What turning the pass on downloads the first time (the f16 weights, the tokenizer, the
/// worker's WebAssembly), as the toggle says.
pub const DOWNLOAD: &str = "48 MB";

/// A field of a parsed message.
fn field(o: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn number(o: &JsValue, key: &str) -> Option<u64> {
    field(o, key).as_f64().map(|x| x as u64)
}

/// A message to the worker, as JSON text (js_sys's JSON: the page links no JSON value type).
fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    js_sys::JSON::stringify(&o).map_or(JsValue::UNDEFINED, JsValue::from)
}

fn beside_page(path: &str) -> String {
    let base = gloo::utils::document().base_uri().ok().flatten();
    base.and_then(|b| web_sys::Url::new_with_base(path, &b).ok())
        .map_or_else(|| path.to_string(), |u| u.href())
}

/// An embedding request the worker is working on.
struct Job {
    id: u64,
    /// The documents (ids, analysis order) the sentences belong to.
    ids: Vec<u32>,
    refs: Vec<SentenceRef>,
    texts: Vec<String>,
    /// The texts sent to the worker (those without a vector yet).
    missing: Vec<String>,
    /// Its vectors went to the analysis (kept so the analysis they start does not start
    /// another job for the same documents).
    done: bool,
}

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    ready: bool,
    cache: HashMap<String, Vec<f32>>,
    job: Option<Job>,
    next_id: u64,
    /// The worker's memory after its last embedding.
    memory: u64,
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
    _onerror: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// The meaning pass's controls. Clones share the worker.
#[derive(Clone)]
pub struct SemanticHandle {
    inner: Rc<RefCell<Inner>>,
    dispatch: yew::functional::UseReducerDispatcher<State>,
}

impl PartialEq for SemanticHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl SemanticHandle {
    /// Turns the pass on (the work starts once an analysis is shown) or off.
    pub fn set(&self, on: bool) {
        if on {
            self.dispatch
                .dispatch(Action::SetMeaningPass(MeaningPass::Loading { file: 0 }));
        } else {
            self.stop();
            self.dispatch.dispatch(Action::MeaningOff);
        }
    }

    /// Stops the worker (loading or embedding) and turns the pass off.
    pub fn cancel(&self) {
        self.set(false);
    }

    fn stop(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(w) = inner.worker.take() {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        inner.ready = false;
        inner.job = None;
    }

    fn fail(&self, message: String) {
        self.stop();
        self.dispatch
            .dispatch(Action::SetMeaningPass(MeaningPass::Failed(message)));
    }

    /// Starts the worker if it is not running, and asks it to load the model.
    fn start(&self) {
        if self.inner.borrow().worker.is_some() {
            return;
        }
        // The closures hold the handle: the worker lives as long as the page (or until stopped).
        let this = self.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            this.on_message(e.data())
        });
        let this = self.clone();
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            let detail = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            this.fail(format!(
                "The sentence model could not start{}.",
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ));
        });
        let Ok(worker) = Worker::new(&beside_page(LOADER)) else {
            return self.fail("The sentence model could not start: no Web Worker.".into());
        };
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker);
        inner.ready = false;
        inner._onmessage = Some(onmessage);
        inner._onerror = Some(onerror);
    }

    /// Embeds what `state`'s analysis leaves unsettled, unless that is under way or done.
    fn embed_for(&self, state: &State) {
        let Some(analysis) = state.current() else {
            return;
        };
        let ids: Vec<u32> = state.docs.iter().map(|d| d.id).collect();
        if self
            .inner
            .borrow()
            .job
            .as_ref()
            .is_some_and(|j| j.ids == ids)
        {
            return;
        }
        let refs = to_embed(analysis);
        let texts: Vec<String> = refs
            .iter()
            .map(|r| analysis.documents[r.doc].sentences[r.sentence].text.clone())
            .collect();
        let mut missing: Vec<String> = {
            let inner = self.inner.borrow();
            texts
                .iter()
                .filter(|t| !inner.cache.contains_key(*t))
                .cloned()
                .collect()
        };
        missing.sort_unstable();
        missing.dedup();
        let id = {
            let mut inner = self.inner.borrow_mut();
            inner.next_id += 1;
            inner.next_id
        };
        self.inner.borrow_mut().job = Some(Job {
            id,
            ids,
            refs,
            texts,
            missing,
            done: false,
        });
        if self
            .inner
            .borrow()
            .job
            .as_ref()
            .is_some_and(|j| !j.missing.is_empty())
        {
            self.start();
        }
        self.send_job();
    }

    /// Sends the job to the worker once the model is loaded (or finishes it at once when
    /// every sentence already has a vector).
    fn send_job(&self) {
        let (worker, request, empty) = {
            let inner = self.inner.borrow();
            let Some(job) = inner.job.as_ref().filter(|j| !j.done) else {
                return;
            };
            if job.missing.is_empty() {
                (None, JsValue::UNDEFINED, true)
            } else if !inner.ready {
                return;
            } else {
                let texts: js_sys::Array =
                    job.missing.iter().map(|t| JsValue::from_str(t)).collect();
                let m = message(
                    "embed",
                    &[("id", (job.id as f64).into()), ("texts", texts.into())],
                );
                (inner.worker.clone(), m, false)
            }
        };
        if empty {
            self.finish();
        } else if let Some(w) = worker {
            self.dispatch
                .dispatch(Action::SetMeaningPass(MeaningPass::Embedding {
                    done: 0,
                    total: self
                        .inner
                        .borrow()
                        .job
                        .as_ref()
                        .map_or(0, |j| j.missing.len()),
                }));
            let _ = w.post_message(&request);
        }
    }

    /// Every sentence of the job has a vector: they go to the analysis.
    fn finish(&self) {
        if self.inner.borrow().job.as_ref().is_none_or(|j| j.done) {
            return;
        }
        let Some(job) = self.inner.borrow_mut().job.take() else {
            return;
        };
        let inner = self.inner.borrow();
        let vectors = job
            .refs
            .iter()
            .zip(&job.texts)
            .filter_map(|(r, t)| {
                Some(SentenceVector {
                    doc: r.doc,
                    sentence: r.sentence,
                    vector: inner.cache.get(t)?.clone(),
                })
            })
            .collect();
        drop(inner);
        // Kept as the job "done" for these documents, so the analysis it triggers does not
        // start another.
        self.inner.borrow_mut().job = Some(Job {
            id: job.id,
            ids: job.ids.clone(),
            refs: Vec::new(),
            texts: Vec::new(),
            missing: Vec::new(),
            done: true,
        });
        let memory_bytes = self.inner.borrow().memory;
        self.dispatch.dispatch(Action::MeaningVectors {
            ids: job.ids,
            meaning: Rc::new(Meaning::new(vectors)),
            memory_bytes,
        });
    }

    fn on_message(&self, data: JsValue) {
        if let Some(text) = data.as_string() {
            let Ok(m) = js_sys::JSON::parse(&text) else {
                return;
            };
            match field(&m, "type").as_string().as_deref() {
                // The worker listens: the model can be asked for.
                Some("started") => {
                    let load = message("load", &[("base", beside_page(MODEL).into())]);
                    if let Some(w) = self.inner.borrow().worker.as_ref() {
                        let _ = w.post_message(&load);
                    }
                }
                Some("loading") => {
                    let file = number(&m, "done").unwrap_or(0) as usize;
                    self.dispatch
                        .dispatch(Action::SetMeaningPass(MeaningPass::Loading { file }));
                }
                Some("ready") => {
                    self.inner.borrow_mut().ready = true;
                    self.send_job();
                }
                Some("progress") => {
                    let current = self.inner.borrow().job.as_ref().map(|j| j.id);
                    if number(&m, "id") == current {
                        self.dispatch
                            .dispatch(Action::SetMeaningPass(MeaningPass::Embedding {
                                done: number(&m, "done").unwrap_or(0) as usize,
                                total: number(&m, "total").unwrap_or(0) as usize,
                            }));
                    }
                }
                Some("error") => {
                    let message = field(&m, "message")
                        .as_string()
                        .unwrap_or_else(|| "unknown error".into());
                    let message = if message.contains("HTTP 404") {
                        "The meaning pass is not part of this build: its model files are missing \
                         (./dev model fetches them)."
                            .to_string()
                    } else {
                        format!("The meaning pass failed: {message}")
                    };
                    self.fail(message);
                }
                _ => {}
            }
            return;
        }
        // [head, Float32Array]: the vectors.
        let array: js_sys::Array = data.unchecked_into();
        let head = array
            .get(0)
            .as_string()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .unwrap_or(JsValue::UNDEFINED);
        let current = self.inner.borrow().job.as_ref().map(|j| j.id);
        if number(&head, "id") != current {
            return;
        }
        let dim = number(&head, "dim").unwrap_or(0) as usize;
        self.inner.borrow_mut().memory = number(&head, "memory").unwrap_or(0);
        let flat = js_sys::Float32Array::new(&array.get(1)).to_vec();
        {
            let mut inner = self.inner.borrow_mut();
            let Some(job) = inner.job.take() else {
                return;
            };
            if dim > 0 {
                for (t, v) in job.missing.iter().zip(flat.chunks_exact(dim)) {
                    inner.cache.insert(t.clone(), v.to_vec());
                }
            }
            inner.job = Some(job);
        }
        self.finish();
    }
}

/// The meaning pass: embeds whenever the pass is on and the shown analysis was made without
/// vectors for the current documents.
#[hook]
pub fn use_semantic_worker(state: &UseReducerHandle<State>) -> SemanticHandle {
    let inner: Rc<Rc<RefCell<Inner>>> = use_memo((), |_| Rc::new(RefCell::new(Inner::default())));
    let handle = SemanticHandle {
        inner: (*inner).clone(),
        dispatch: state.dispatcher(),
    };
    let wanted = state.meaning_pass.is_on() && state.current().is_some() && !state.has_meaning();
    {
        let handle = handle.clone();
        let state = state.clone();
        use_effect_with((wanted, state.revision), move |&(wanted, _)| {
            if wanted {
                handle.embed_for(&state);
            }
        });
    }
    handle
}
