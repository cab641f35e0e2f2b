//! The web page (built by trunk).

#[cfg(target_arch = "wasm32")]
fn main() {
    parallax::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The page runs in the browser: `./dev serve` builds and serves it (see README.md).");
}
