//! The `parallax` command-line tool.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    parallax::cli::main(std::env::args().skip(1).collect())
}

#[cfg(target_arch = "wasm32")]
fn main() {}
