//! What the command line reads: files, `-` (standard input), folders (recursively) and JSON
//! Lines batches, decoded by the engine. A file named on the command line that cannot be read
//! is an error (exit status 1, the rest go on); inside a folder, a file that is not an
//! article is listed and skipped without changing the exit status.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::engine::{InputError, SourceText, decode_all, formats};

/// The articles read, and whether an input named on the command line failed.
#[derive(Default)]
pub struct Loaded {
    pub docs: Vec<SourceText>,
    pub failed: bool,
}

/// Where articles come from.
pub struct Sources<'a> {
    /// Files, folders, or `-` for standard input.
    pub paths: &'a [PathBuf],
    /// A JSON Lines batch (`-` for standard input).
    pub jsonl: Option<&'a Path>,
}

/// Reads every source, in order; failures and skipped files are reported on stderr.
pub fn read(sources: &Sources<'_>, progress: &mut dyn FnMut(usize)) -> Loaded {
    let mut out = Loaded::default();
    let mut stdin_used = false;
    for path in sources.paths {
        if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_used, true) {
                eprintln!("parallax: standard input (-) can be read only once.");
                out.failed = true;
                continue;
            }
            match read_stdin() {
                Ok(bytes) => add(&mut out, decode_all("stdin", &bytes), true),
                Err(e) => {
                    eprintln!("parallax: cannot read standard input: {e}.");
                    out.failed = true;
                }
            }
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files);
            files.sort();
            if files.is_empty() {
                eprintln!("parallax: {} holds no files.", path.display());
            }
            for file in files {
                let name = file.display().to_string();
                match std::fs::read(&file) {
                    Ok(bytes) => add(&mut out, decode_all(&name, &bytes), false),
                    Err(e) => eprintln!("parallax: skipped {name}: {e}."),
                }
                progress(out.docs.len());
            }
        } else {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match std::fs::read(path) {
                Ok(bytes) => add(&mut out, decode_all(&name, &bytes), true),
                Err(e) => {
                    eprintln!("parallax: cannot read {}: {e}.", path.display());
                    out.failed = true;
                }
            }
        }
        progress(out.docs.len());
    }
    if let Some(path) = sources.jsonl {
        let (name, bytes) = if path.as_os_str() == "-" {
            if stdin_used {
                eprintln!("parallax: standard input (-) can be read only once.");
                out.failed = true;
                return out;
            }
            ("stdin".to_string(), read_stdin())
        } else {
            (path.display().to_string(), std::fs::read(path))
        };
        match bytes {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => add(&mut out, formats::jsonl::read(&name, &text), true),
                Err(_) => {
                    eprintln!("parallax: {name} is not UTF-8 text: JSON Lines must be.");
                    out.failed = true;
                }
            },
            Err(e) => {
                eprintln!("parallax: cannot read {name}: {e}.");
                out.failed = true;
            }
        }
    }
    out
}

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Adds what one file decoded to; a failure counts against the exit status only for a file
/// named on the command line (`named`).
fn add(out: &mut Loaded, decoded: Vec<Result<SourceText, InputError>>, named: bool) {
    for doc in decoded {
        match doc {
            Ok(doc) => {
                for w in &doc.warnings {
                    eprintln!("parallax: warning: {w}");
                }
                out.docs.push(doc);
            }
            Err(e) if named => {
                eprintln!("parallax: {e}");
                out.failed = true;
            }
            Err(e) => eprintln!("parallax: skipped: {e}"),
        }
    }
}

/// Every file under `dir`, hidden files and folders (`.git`, `.DS_Store`) left out.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("parallax: cannot read the folder {}.", dir.display());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
