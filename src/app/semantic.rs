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
/// Its WebAssembly, compiled by the first worker and given to the others.
const WASM: &str = "semantic-worker_bg.wasm";
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

/// At most this many semantic workers: each holds the model (about 90 MB as f32) and takes a
/// core; two halve the pass on a two-core machine.
const MAX_WORKERS: usize = 2;
/// A request to a worker: at most this many sentences…
const CHUNK: usize = 8;
/// …and this many characters, so progress moves (long sentences cost more than linearly).
const CHUNK_CHARS: usize = 1200;

/// An embedding job: the sentences the shown analysis leaves unsettled.
struct Job {
    /// The documents (ids, analysis order) the sentences belong to.
    ids: Vec<u32>,
    refs: Vec<SentenceRef>,
    texts: Vec<String>,
    /// The texts without a vector yet, longest first (the workers take them in chunks, so
    /// the long ones do not all end up in the last chunk of one worker).
    missing: Vec<String>,
    /// How many of `missing` are handed out to a worker, and how many have come back.
    handed: usize,
    received: usize,
    /// Its vectors went to the analysis (kept so the analysis they start does not start
    /// another job for the same documents).
    done: bool,
}

/// One semantic worker.
struct Slot {
    worker: Worker,
    ready: bool,
    /// The request it works on: its id and the texts (they go to the cache, even if the job
    /// has changed meanwhile).
    busy: Option<(u64, Vec<String>)>,
    /// Its WebAssembly memory after its last request.
    memory: u64,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

#[derive(Default)]
struct Inner {
    workers: Vec<Slot>,
    cache: HashMap<String, Vec<f32>>,
    job: Option<Job>,
    /// The last request's id.
    next_id: u64,
}

/// The meaning pass's controls. Clones share the workers.
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

/// How many workers: one per core, at most [`MAX_WORKERS`].
fn worker_count() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).clamp(1, MAX_WORKERS)
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

    /// Stops the workers (loading or embedding) and turns the pass off.
    pub fn cancel(&self) {
        self.set(false);
    }

    fn stop(&self) {
        let workers = {
            let mut inner = self.inner.borrow_mut();
            inner.job = None;
            std::mem::take(&mut inner.workers)
        };
        for slot in workers {
            slot.worker.set_onmessage(None);
            slot.worker.set_onerror(None);
            slot.worker.terminate();
        }
    }

    fn fail(&self, message: String) {
        self.stop();
        self.dispatch
            .dispatch(Action::SetMeaningPass(MeaningPass::Failed(message)));
    }

    /// Starts one worker per core, at most [`MAX_WORKERS`], unless they run. The first is
    /// sent the address of their WebAssembly: it compiles it and sends the module back, and
    /// the page hands that to the others (the browser then compiles and optimises the code
    /// once for all of them, and never on the page's thread). Each asks for the model once it
    /// listens.
    fn start(&self) {
        if !self.inner.borrow().workers.is_empty() {
            return;
        }
        for k in 0..worker_count() {
            // The closures hold the handle: the workers live as long as the page (or until
            // stopped).
            let this = self.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                this.on_message(k, e.data())
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
            if k == 0 {
                let _ = worker.post_message(&beside_page(WASM).into());
            }
            self.inner.borrow_mut().workers.push(Slot {
                worker,
                ready: false,
                busy: None,
                memory: 0,
                _onmessage: onmessage,
                _onerror: onerror,
            });
        }
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
        missing.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let empty = missing.is_empty();
        {
            let mut inner = self.inner.borrow_mut();
            inner.job = Some(Job {
                ids,
                refs,
                texts,
                missing,
                handed: 0,
                received: 0,
                done: false,
            });
        }
        if empty {
            return self.finish();
        }
        self.start();
        self.progress();
        self.hand_out();
    }

    /// Gives each idle worker whose model is loaded the job's next chunk.
    fn hand_out(&self) {
        let mut requests = Vec::new();
        {
            let mut guard = self.inner.borrow_mut();
            let inner = &mut *guard;
            for slot in inner
                .workers
                .iter_mut()
                .filter(|s| s.ready && s.busy.is_none())
            {
                let Some(job) = inner.job.as_mut().filter(|j| !j.done) else {
                    break;
                };
                let start = job.handed;
                let mut end = start;
                let mut chars = 0;
                while end < job.missing.len()
                    && end - start < CHUNK
                    && (end == start || chars + job.missing[end].len() <= CHUNK_CHARS)
                {
                    chars += job.missing[end].len();
                    end += 1;
                }
                if end == start {
                    break;
                }
                job.handed = end;
                inner.next_id += 1;
                let chunk = job.missing[start..end].to_vec();
                let texts: js_sys::Array = chunk.iter().map(|t| JsValue::from_str(t)).collect();
                let request = message(
                    "embed",
                    &[
                        ("id", (inner.next_id as f64).into()),
                        ("texts", texts.into()),
                    ],
                );
                slot.busy = Some((inner.next_id, chunk));
                requests.push((slot.worker.clone(), request));
            }
        }
        for (worker, request) in requests {
            let _ = worker.post_message(&request);
        }
    }

    /// Shows how many of the job's sentences are finished.
    fn progress(&self) {
        let shown = {
            let inner = self.inner.borrow();
            inner.job.as_ref().filter(|j| !j.done).map(|j| {
                (
                    j.received,
                    j.missing.len(),
                    inner.workers.iter().any(|s| s.ready),
                )
            })
        };
        if let Some((done, total, true)) = shown {
            self.dispatch
                .dispatch(Action::SetMeaningPass(MeaningPass::Embedding {
                    done,
                    total,
                }));
        }
    }

    /// Every sentence of the job has a vector: they go to the analysis.
    fn finish(&self) {
        let (ids, vectors, memory_bytes) = {
            let mut guard = self.inner.borrow_mut();
            let inner = &mut *guard;
            let Some(job) = inner.job.as_mut().filter(|j| !j.done) else {
                return;
            };
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
            // Kept as the job "done" for these documents, so the analysis it triggers does
            // not start another.
            job.done = true;
            job.refs = Vec::new();
            job.texts = Vec::new();
            job.missing = Vec::new();
            let memory: u64 = inner.workers.iter().map(|s| s.memory).sum();
            (job.ids.clone(), vectors, memory)
        };
        self.dispatch.dispatch(Action::MeaningVectors {
            ids,
            meaning: Rc::new(Meaning::new(vectors)),
            memory_bytes,
        });
    }

    fn on_message(&self, slot: usize, data: JsValue) {
        // The first worker's compiled WebAssembly: the others start from it.
        if data.is_instance_of::<js_sys::WebAssembly::Module>() {
            for s in self.inner.borrow().workers.iter().skip(1) {
                let _ = s.worker.post_message(&data);
            }
            return;
        }
        if let Some(text) = data.as_string() {
            let Ok(m) = js_sys::JSON::parse(&text) else {
                return;
            };
            match field(&m, "type").as_string().as_deref() {
                // The worker listens: the model can be asked for.
                Some("started") => {
                    let load = message("load", &[("base", beside_page(MODEL).into())]);
                    if let Some(s) = self.inner.borrow().workers.get(slot) {
                        let _ = s.worker.post_message(&load);
                    }
                }
                Some("loading") => {
                    // The first worker speaks for the others (they load the same files).
                    let embedding = self.inner.borrow().workers.iter().any(|s| s.ready);
                    if slot == 0 && !embedding {
                        let file = number(&m, "done").unwrap_or(0) as usize;
                        self.dispatch
                            .dispatch(Action::SetMeaningPass(MeaningPass::Loading { file }));
                    }
                }
                Some("ready") => {
                    if let Some(s) = self.inner.borrow_mut().workers.get_mut(slot) {
                        s.ready = true;
                    }
                    self.progress();
                    self.hand_out();
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
        // [head, Float32Array]: the vectors of the slot's request.
        let array: js_sys::Array = data.unchecked_into();
        let head = array
            .get(0)
            .as_string()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .unwrap_or(JsValue::UNDEFINED);
        let dim = number(&head, "dim").unwrap_or(0) as usize;
        let complete = {
            let mut guard = self.inner.borrow_mut();
            let inner = &mut *guard;
            let Some(s) = inner.workers.get_mut(slot) else {
                return;
            };
            if s.busy.as_ref().map(|b| b.0) != number(&head, "id") {
                return;
            }
            let Some((_, texts)) = s.busy.take() else {
                return;
            };
            s.memory = number(&head, "memory").unwrap_or(0);
            let flat = js_sys::Float32Array::new(&array.get(1)).to_vec();
            if dim > 0 {
                for (t, v) in texts.iter().zip(flat.chunks_exact(dim)) {
                    inner.cache.insert(t.clone(), v.to_vec());
                }
            }
            // The chunk counts for the job only if it belongs to it (every text of it then has
            // a vector): a chunk of a job since replaced just fills the cache.
            match inner.job.as_mut().filter(|j| !j.done) {
                Some(job) => {
                    job.received = job
                        .missing
                        .iter()
                        .filter(|t| inner.cache.contains_key(*t))
                        .count();
                    job.received == job.missing.len()
                }
                None => false,
            }
        };
        if complete {
            self.finish();
        } else {
            self.progress();
            self.hand_out();
        }
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
