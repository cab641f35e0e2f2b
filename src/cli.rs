//! The `parallax` command-line tool (native only).
//!
//! ```text
//! parallax analyze FILE… [--format F] [--pretty]
//!                                     the analysis as JSON (the contract), or a report:
//!                                     csv (story map), html (self-contained), md (summary)
//! parallax extract FILE…              the article text of each file (saved web pages…)
//! parallax score                      score JSON-lines pairs {"id","a","b"} from stdin
//! parallax eval [--data DIR]          measure the engine on the evaluation data
//! ```
//! Errors go to stderr with a non-zero exit status. A file that cannot be read as text is
//! reported by name and left out; the others are still analysed (exit status 1).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::engine::{
    Grades, Options, SourceText, Stage, analyze, analyze_with_progress, decode_all, score_pairs,
};
use crate::report::{Presentation, export};

const USAGE: &str = "\
parallax — compare news articles covering the same story

Usage:
  parallax analyze FILE... [--format FORMAT] [--pretty]
                                        print the analysis on stdout: FORMAT json (the
                                        default: the Analysis contract), csv (the story map),
                                        html (a self-contained report) or md (a summary)
  parallax extract FILE...              print the article text read from each file: for one
                                        file just the text, for several JSON lines
                                        {\"name\",\"title\",\"date\",\"source\",\"outlet\",
                                        \"byline\",\"text\"}
  parallax score                        read JSON lines {\"id\",\"a\",\"b\"} on stdin, write
                                        {\"id\",\"score\",\"relation\",\"links\"} per line
  parallax eval [--data DIR] [--only NAME]...
                                        measure the engine on the evaluation data
                                        (default DIR: ../shared/eval)
  parallax --help | --version

Each FILE is an article: plain text (UTF-8, UTF-16, Windows-1252), a saved web page (.html,
.mhtml: the article is extracted, menus, captions and related links left out), Markdown
(.md), a Word document (.docx), or a batch of articles as JSON lines {\"name\",\"text\"}.
The kind of file is told by its content, not its name.
A file that cannot be read is reported on stderr and left out; the exit status is then 1.
`score` gives each pair a score in [0, 1] (how strongly a and b say the same thing), its
grade (identical, near, paraphrase, partial, or none) and the word alignment as
[a_start, a_end, b_start, b_end] byte spans. `eval` prints one line per metric with its floor
and target, then a summary; it exits with status 1 only if a data set cannot be read.
";

/// Runs the tool with its arguments (without the program name).
pub fn main(args: Vec<String>) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("analyze") => cmd_analyze(&args[1..]),
        Some("score") => cmd_score(&args[1..]),
        Some("extract") => cmd_extract(&args[1..]),
        Some("eval") => cmd_eval(&args[1..]),
        Some("--help" | "-h" | "help") => {
            let _ = write!(std::io::stdout(), "{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            let _ = writeln!(std::io::stdout(), "parallax {}", env!("CARGO_PKG_VERSION"));
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
    let mut format = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--pretty" => pretty = true,
            "--format" => {
                format = match it.next().map(String::as_str) {
                    Some("json") => None,
                    Some("csv") => Some(export::Format::Csv),
                    Some("html") => Some(export::Format::Html),
                    Some("md" | "markdown") => Some(export::Format::Markdown),
                    Some(other) => {
                        return fail(&format!(
                            "unknown format `{other}`: use json, csv, html or md."
                        ));
                    }
                    None => return fail("--format needs json, csv, html or md."),
                }
            }
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
    let analysis = analyze_reporting(&docs);
    let out = match format {
        Some(format) => {
            let p = Presentation::new(&analysis, &docs);
            let mut text = export::render(format, &analysis, &p, &docs);
            if text.ends_with('\n') {
                text.pop();
            }
            text
        }
        None => {
            let json = if pretty {
                serde_json::to_string_pretty(&analysis)
            } else {
                serde_json::to_string(&analysis)
            };
            match json {
                Ok(json) => json,
                Err(e) => return fail(&format!("could not write the analysis as JSON: {e}")),
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}")
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Analyses, showing the stage and a percentage on stderr when it is a terminal.
fn analyze_reporting(docs: &[SourceText]) -> crate::engine::Analysis {
    use std::io::IsTerminal;
    let mut stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return analyze(docs, &Options::default());
    }
    let mut last = (Stage::Reading, -1);
    let analysis =
        analyze_with_progress(docs, &Options::default(), &mut |stage: Stage, done: f32| {
            let pct = (stage.overall(done) * 100.0) as i32;
            if (stage, pct) != last {
                last = (stage, pct);
                let _ = write!(stderr, "\r\x1b[Kanalysing: {} {pct} %", stage.as_str());
            }
        });
    let _ = write!(stderr, "\r\x1b[K");
    analysis
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
            Ok(bytes) => {
                for doc in decode_all(&name, &bytes) {
                    match doc {
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
                    }
                }
            }
            Err(e) => {
                eprintln!("parallax: cannot read {path}: {e}.");
                failed = true;
            }
        }
    }
    (docs, failed)
}

/// One line of `parallax extract` (fields in this order).
#[derive(serde::Serialize)]
struct Extracted<'a> {
    name: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    outlet: Option<&'a str>,
    byline: Option<&'a str>,
    text: &'a str,
}

/// The article text of each file: for one file the text alone, for several a JSON line each.
fn cmd_extract(args: &[String]) -> ExitCode {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return fail(&format!("extract takes file names only, not `{flag}`."));
    }
    if args.is_empty() {
        return fail("extract needs at least one file.");
    }
    let (docs, failed) = read_files(args);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for doc in &docs {
        let st = crate::engine::structure(&doc.text);
        let title = doc.about.title.clone().or(st.title);
        // A web page's text starts with its headline; the body is what follows.
        let body = match &doc.about.title {
            Some(t) => doc
                .text
                .strip_prefix(t.as_str())
                .map_or(doc.text.as_str(), str::trim_start),
            None => doc.text.as_str(),
        };
        let written = if args.len() == 1 && docs.len() == 1 {
            writeln!(out, "{}", body.trim_end())
        } else {
            let line = Extracted {
                name: &doc.name,
                title: title.as_deref(),
                date: doc.about.date.as_deref().or(st.date.as_deref()),
                source: st.source.as_deref(),
                outlet: doc.about.outlet.as_deref(),
                byline: doc.about.byline.as_deref(),
                text: body.trim_end(),
            };
            let line = serde_json::to_string(&line).unwrap_or_default();
            writeln!(out, "{line}")
        };
        if written.is_err() {
            break;
        }
    }
    let _ = out.flush();
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn cmd_score(args: &[String]) -> ExitCode {
    if let Some(arg) = args.first() {
        return fail(&format!(
            "score takes no arguments (got `{arg}`); it reads JSON lines on stdin."
        ));
    }
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    let mut bad = false;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => return fail(&format!("cannot read stdin: {e}")),
        };
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&line);
        let value = match parsed {
            Ok(v) => v,
            Err(e) => {
                eprintln!("parallax: line {}: not JSON: {e}", n + 1);
                bad = true;
                continue;
            }
        };
        let (Some(a), Some(b)) = (value["a"].as_str(), value["b"].as_str()) else {
            eprintln!(
                "parallax: line {}: needs string fields \"a\" and \"b\"",
                n + 1
            );
            bad = true;
            continue;
        };
        ids.push(value.get("id").cloned().unwrap_or(serde_json::Value::Null));
        texts.push((a.to_string(), b.to_string()));
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let results = score_pairs(&pairs, &Grades::default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (id, r) in ids.into_iter().zip(results) {
        let line = serde_json::json!({
            "id": id,
            "score": r.score,
            "relation": r.relation.map_or("none", |rel| rel.as_str()),
            "links": r.links,
        });
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(1);
        }
    }
    if out.flush().is_err() || bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn cmd_eval(args: &[String]) -> ExitCode {
    let mut data: Option<PathBuf> = None;
    let mut only = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--data" => match it.next() {
                Some(dir) => data = Some(PathBuf::from(dir)),
                None => return fail("--data needs a directory."),
            },
            "--only" => match it.next() {
                Some(name) => only.push(name.clone()),
                None => return fail("--only needs a data set name."),
            },
            other => return fail(&format!("unknown argument `{other}` for eval.")),
        }
    }
    let dir = data.unwrap_or_else(|| {
        let here = PathBuf::from("../shared/eval");
        if here.is_dir() {
            here
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval")
        }
    });
    if crate::eval::run(&dir, &only) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
