//! The `parallax` command-line tool (native only).
//!
//! ```text
//! parallax analyze FILE… [--pretty]   print the Analysis of the files as JSON
//! ```
//! Errors go to stderr with a non-zero exit status. A file that cannot be read as text is
//! reported by name and left out; the others are still analysed (exit status 1).

use std::io::Write;
use std::process::ExitCode;

use crate::engine::{Options, SourceText, analyze, decode};

const USAGE: &str = "\
parallax — compare news articles covering the same story

Usage:
  parallax analyze FILE... [--pretty]   print the analysis as JSON on stdout
  parallax --help | --version

Each FILE is a plain-text article (UTF-8, UTF-16 with BOM, or Windows-1252).
A file that cannot be read is reported on stderr and left out; the exit status is then 1.
";

/// Runs the tool with its arguments (without the program name).
pub fn main(args: Vec<String>) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("analyze") => cmd_analyze(&args[1..]),
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("parallax {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => fail(&format!("unknown command `{other}`.\n\n{USAGE}")),
        None => fail(USAGE),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("parallax: {}", message.trim_end());
    ExitCode::from(2)
}

fn cmd_analyze(args: &[String]) -> ExitCode {
    let mut pretty = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--pretty" => pretty = true,
            flag if flag.starts_with("--") => {
                return fail(&format!("unknown option `{flag}` for analyze."));
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return fail("analyze needs at least one FILE.");
    }
    let (docs, failed) = read_files(&files);
    if docs.is_empty() {
        return fail("no file could be read; nothing to analyse.");
    }
    let analysis = analyze(&docs, &Options::default());
    let json = if pretty {
        serde_json::to_string_pretty(&analysis)
    } else {
        serde_json::to_string(&analysis)
    };
    let json = match json {
        Ok(json) => json,
        Err(e) => return fail(&format!("could not write the analysis as JSON: {e}")),
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{json}").and_then(|_| out.flush()).is_err() {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and decodes files; reports each failure on stderr. Returns the documents and
/// whether any file failed.
pub fn read_files(files: &[String]) -> (Vec<SourceText>, bool) {
    let mut docs = Vec::new();
    let mut failed = false;
    for path in files {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        match std::fs::read(path) {
            Ok(bytes) => match decode(&name, &bytes) {
                Ok(doc) => {
                    for w in &doc.warnings {
                        eprintln!("parallax: warning: {w}");
                    }
                    docs.push(doc);
                }
                Err(e) => {
                    eprintln!("parallax: {e}");
                    failed = true;
                }
            },
            Err(e) => {
                eprintln!("parallax: cannot read {path}: {e}.");
                failed = true;
            }
        }
    }
    (docs, failed)
}
