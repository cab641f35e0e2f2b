//! The analysis Web Worker (built by trunk as `worker.js` + `worker_bg.wasm`).

#[cfg(target_arch = "wasm32")]
fn main() {
    parallax::worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The worker runs in the browser: build the page with trunk (see README.md).");
}
