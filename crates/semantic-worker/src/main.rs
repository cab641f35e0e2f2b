//! The semantic Web Worker (built by trunk as `semantic-worker.js` +
//! `semantic-worker_bg.wasm`, started by `semantic-loader.js`): loads the sentence model and
//! embeds the sentences the page sends. The page starts it (one per core, at most two) only
//! when the meaning pass is turned on, and stops it (terminates it) to cancel.
//!
//! Messages, page to worker, as JSON text:
//! - `{"type":"load","base":URL}`: fetch `config.json`, `tokenizer.json` and
//!   `model.f16.safetensors` from `URL` (same origin), through the Cache API (cache
//!   `parallax-model`: a second visit downloads nothing), and load the model.
//! - `{"type":"embed","id":N,"texts":[…]}`: embed the texts (the page sends a few at a time
//!   and gives the next request to whichever of its workers is free).
//!
//! Worker to page: JSON text `{"type":"started"}` (the page sends nothing before it),
//! `{"type":"loading","file":NAME,"files":3,"done":K}`,
//! `{"type":"ready","ms":…}`, `{"type":"error","message":…}`; and the vectors as a
//! two-element array `[{"type":"vectors","id":N,"dim":384,"memory":BYTES}, Float32Array]`
//! (the buffer transferred).

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Array, Float32Array, Uint8Array};
    use parallax_embed::{CONFIG_FILE, Model, TOKENIZER_FILE, WEIGHTS_FILE};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// Where the model files are kept between visits.
    const CACHE: &str = "parallax-model";

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(value: serde_json::Value) {
        let _ = scope().post_message(&JsValue::from_str(&value.to_string()));
    }

    fn error(message: impl std::fmt::Display) {
        post(serde_json::json!({"type": "error", "message": message.to_string()}));
    }

    fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    fn js_error(e: JsValue) -> String {
        e.as_string()
            .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
            .unwrap_or_else(|| "unknown error".to_string())
    }

    /// One file's bytes: from the cache, else the network (then kept in the cache).
    async fn fetch(base: &str, name: &str) -> Result<Vec<u8>, String> {
        let url = format!("{base}{name}");
        let caches = scope().caches().map_err(js_error)?;
        let cache: web_sys::Cache = JsFuture::from(caches.open(CACHE))
            .await
            .map_err(js_error)?
            .unchecked_into();
        let hit = JsFuture::from(cache.match_with_str(&url))
            .await
            .map_err(js_error)?;
        let response: web_sys::Response = if hit.is_undefined() {
            let response: web_sys::Response = JsFuture::from(scope().fetch_with_str(&url))
                .await
                .map_err(js_error)?
                .unchecked_into();
            if !response.ok() {
                return Err(format!("{url}: HTTP {}", response.status()));
            }
            let copy = response.clone().map_err(js_error)?;
            JsFuture::from(cache.put_with_str(&url, &copy))
                .await
                .map_err(js_error)?;
            response
        } else {
            hit.unchecked_into()
        };
        let buffer = JsFuture::from(response.array_buffer().map_err(js_error)?)
            .await
            .map_err(js_error)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }

    async fn load(base: String) -> Result<Model, String> {
        let t0 = now();
        // The browser optimises the encoder's code while the files load.
        parallax_embed::warm_up().map_err(|e| e.to_string())?;
        let mut files = Vec::new();
        for (k, name) in [CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE]
            .into_iter()
            .enumerate()
        {
            post(serde_json::json!({"type": "loading", "file": name, "files": 3, "done": k}));
            files.push(fetch(&base, name).await?);
        }
        let weights = files.pop().unwrap_or_default();
        let model = Model::from_bytes(weights, &files[1], &files[0]).map_err(|e| e.to_string())?;
        post(serde_json::json!({"type": "ready", "ms": now() - t0}));
        Ok(model)
    }

    /// Embeds a request's texts (the page sends a few at a time, so its progress moves) and
    /// posts their vectors.
    fn embed(model: &Model, id: u64, texts: &[String]) -> Result<(), String> {
        let batch: Vec<&str> = texts.iter().map(String::as_str).collect();
        let vectors = model
            .embed(&batch, &mut |_| {})
            .map_err(|e| e.to_string())?;
        let data: Vec<f32> = vectors.into_iter().flatten().collect();
        let array = Float32Array::from(&data[..]);
        // The worker's WebAssembly memory (it never shrinks: the peak), for the page to show.
        let memory = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length();
        let head = serde_json::json!({"type": "vectors", "id": id, "dim": parallax_embed::DIM, "memory": memory});
        let message = Array::of2(&JsValue::from_str(&head.to_string()), &array);
        let _ = scope().post_message_with_transfer(&message, &Array::of1(&array.buffer()));
        Ok(())
    }

    pub fn register() {
        let model: Rc<RefCell<Option<Model>>> = Rc::new(RefCell::new(None));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return error("a message that is not text");
            };
            let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else {
                return error("a message that is not JSON");
            };
            match message["type"].as_str() {
                Some("load") => {
                    let base = message["base"].as_str().unwrap_or("").to_string();
                    let model = model.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match load(base).await {
                            Ok(m) => *model.borrow_mut() = Some(m),
                            Err(e) => error(e),
                        }
                    });
                }
                Some("embed") => {
                    let id = message["id"].as_u64().unwrap_or(0);
                    let texts: Vec<String> = message["texts"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|t| t.as_str().unwrap_or("").to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    match model.borrow().as_ref() {
                        Some(m) => {
                            if let Err(e) = embed(m, id, &texts) {
                                error(e);
                            }
                        }
                        None => error("the model is not loaded yet"),
                    }
                }
                _ => error("an unknown message"),
            }
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        // Messages sent before this point were lost: the page waits for this one.
        post(serde_json::json!({"type": "started"}));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        let message = serde_json::json!({"type": "error", "message": format!("the sentence model failed: {info}")});
        let scope: web_sys::DedicatedWorkerGlobalScope =
            wasm_bindgen::JsCast::unchecked_into(js_sys::global());
        let _ = scope.post_message(&wasm_bindgen::JsValue::from_str(&message.to_string()));
    }));
    web::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The semantic worker runs in the browser: build the page with trunk (see README.md)."
    );
}
