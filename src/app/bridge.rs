//! The page's end of the analysis worker: bincode messages both ways, requests queued until
//! the worker says it is ready, and [`Bridge::restart`] — terminate and respawn — which is
//! how a busy analysis is cancelled or superseded (see [`crate::worker`] for why this is not
//! gloo-worker).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use crate::worker::{Request, Response};

/// The worker's loader script, relative to the page's base URL: an absolute path would
/// break under a GitHub Pages sub-path. It loads `worker.js` and `worker_bg.wasm` beside it.
const LOADER: &str = "worker-loader.js";

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<Vec<u8>>,
    on_response: Rc<dyn Fn(Response)>,
    /// Told when the worker dies of an error it could not report (an uncaught exception, a
    /// trap, a module that fails to load); the bridge has already started a fresh worker.
    on_crash: Rc<dyn Fn(String)>,
    /// Kept alive as long as the worker they listen to.
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
    _onerror: Option<Closure<dyn FnMut(web_sys::Event)>>,
    /// Bumped on restart: a message from a terminated worker is dropped.
    generation: u32,
}

/// A handle on the analysis worker. Clones share the worker.
#[derive(Clone)]
pub struct Bridge(Rc<RefCell<Inner>>);

impl PartialEq for Bridge {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn loader_url() -> String {
    let base = gloo::utils::document().base_uri().ok().flatten();
    base.and_then(|b| web_sys::Url::new_with_base(LOADER, &b).ok())
        .map_or_else(|| LOADER.to_string(), |u| u.href())
}

impl Bridge {
    /// Starts a worker whose answers go to `on_response`, and whose crashes go to `on_crash`.
    pub fn spawn(on_response: Rc<dyn Fn(Response)>, on_crash: Rc<dyn Fn(String)>) -> Self {
        let bridge = Bridge(Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            queue: Vec::new(),
            on_response,
            on_crash,
            _onmessage: None,
            _onerror: None,
            generation: 0,
        })));
        bridge.start();
        bridge
    }

    fn start(&self) {
        let generation = self.0.borrow().generation;
        let weak = Rc::downgrade(&self.0);
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(inner) = weak.upgrade() else {
                return;
            };
            if inner.borrow().generation != generation {
                return;
            }
            let bytes = js_sys::Uint8Array::new(&e.data()).to_vec();
            let Ok(response) = bincode::deserialize::<Response>(&bytes) else {
                return;
            };
            if matches!(response, Response::Ready) {
                let (worker, queue) = {
                    let mut i = inner.borrow_mut();
                    i.ready = true;
                    (i.worker.clone(), std::mem::take(&mut i.queue))
                };
                if let Some(worker) = worker {
                    for bytes in queue {
                        post(&worker, bytes);
                    }
                }
                return;
            }
            let on_response = inner.borrow().on_response.clone();
            on_response(response);
        });
        let weak = Rc::downgrade(&self.0);
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let Some(inner) = weak.upgrade() else {
                return;
            };
            if inner.borrow().generation != generation {
                return;
            }
            e.prevent_default();
            let detail = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "no message".into());
            let on_crash = inner.borrow().on_crash.clone();
            Bridge(inner).restart();
            on_crash(detail);
        });
        let worker = Worker::new(&loader_url()).ok();
        if let Some(w) = &worker {
            w.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            w.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        }
        let mut inner = self.0.borrow_mut();
        inner.worker = worker;
        inner.ready = false;
        inner._onmessage = Some(onmessage);
        inner._onerror = Some(onerror);
    }

    /// Sends a request (queued until the worker is ready).
    pub fn send(&self, request: &Request) {
        let Ok(bytes) = bincode::serialize(request) else {
            return;
        };
        let mut inner = self.0.borrow_mut();
        match (&inner.worker, inner.ready) {
            (Some(w), true) => post(w, bytes),
            _ => inner.queue.push(bytes),
        }
    }

    /// Stops the worker at once, whatever it is doing, and starts a fresh one. Queued
    /// requests are dropped; answers of the old worker never arrive.
    pub fn restart(&self) {
        {
            let mut inner = self.0.borrow_mut();
            if let Some(w) = inner.worker.take() {
                w.set_onmessage(None);
                w.set_onerror(None);
                w.terminate();
            }
            inner.queue.clear();
            inner.generation += 1;
        }
        self.start();
    }
}

fn post(worker: &Worker, bytes: Vec<u8>) {
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let transfer = js_sys::Array::of1(&array.buffer());
    let _ = worker.post_message_with_transfer(&array, &transfer);
}
