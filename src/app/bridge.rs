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
    /// Kept alive as long as the worker it listens to.
    _onmessage: Option<Closure<dyn FnMut(MessageEvent)>>,
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
    /// Starts a worker whose answers go to `on_response`.
    pub fn spawn(on_response: Rc<dyn Fn(Response)>) -> Self {
        let bridge = Bridge(Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            queue: Vec::new(),
            on_response,
            _onmessage: None,
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
        let worker = Worker::new(&loader_url()).ok();
        if let Some(w) = &worker {
            w.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        }
        let mut inner = self.0.borrow_mut();
        inner.worker = worker;
        inner.ready = false;
        inner._onmessage = Some(onmessage);
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
