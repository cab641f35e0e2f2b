//! The engine and the reports are pure Rust: they live in their own crate (crates/engine),
//! whose manifest names no web crate, and no file of it may name one either (a path
//! dependency or a `crate::app` could still creep in).

use std::fs;
use std::path::Path;

/// The engine's and the reports' source files, with their text.
fn engine_files() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/engine/src"),
        &mut files,
    );
    assert!(files.len() > 10);
    files
        .into_iter()
        .map(|f| {
            let text = fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn engine_has_no_web_dependencies() {
    for (file, text) in engine_files() {
        for name in [
            "yew",
            "web_sys",
            "web-sys",
            "gloo",
            "wasm_bindgen",
            "js_sys",
            "crate::app",
            "crate::worker",
        ] {
            assert!(
                !text.contains(name),
                "{} names `{name}`: the engine must stay pure Rust",
                file.display()
            );
        }
    }
}

#[test]
fn engine_manifest_has_no_web_dependencies() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/engine/Cargo.toml"))
            .unwrap();
    for name in [
        "yew",
        "web-sys",
        "gloo",
        "wasm-bindgen",
        "js-sys",
        "idb",
        "path = \"../..\"",
    ] {
        assert!(
            !manifest.contains(name),
            "crates/engine/Cargo.toml names `{name}`"
        );
    }
}

#[test]
fn engine_uses_nothing_that_traps_on_wasm() {
    // On wasm32-unknown-unknown, Instant::now() and SystemTime::now() panic (a trap that kills
    // the worker) and the environment is empty: the engine must not touch them.
    for (file, text) in engine_files() {
        for name in [
            "Instant",
            "SystemTime",
            "std::env",
            "std::thread",
            "std::fs",
        ] {
            assert!(
                !text.contains(name),
                "{} uses `{name}`, which fails on wasm32",
                file.display()
            );
        }
    }
}

#[test]
fn arrows_point_one_way() {
    // The CLI and the app use the engine; the engine uses neither.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let cli = fs::read_to_string(&path).unwrap();
        assert!(
            !cli.contains("crate::app"),
            "the CLI must not depend on the app ({})",
            path.display()
        );
    }
}
