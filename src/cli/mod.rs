//! The `parallax` command-line tool (native only): `analyze`, `compare`, `extract`, `score`,
//! `eval` and `completions`, parsed by clap. See `parallax --help`, and each command's
//! `--help` for examples.
//!
//! Exit statuses: 0 when every input was read, 1 when some input could not be read (the rest
//! is still analysed), 2 for a usage error, 3 for an internal error (a bug: one sentence on
//! stderr, never a panic's backtrace).

mod compare;
mod input;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::engine::{
    Analysis, Grades, Options, SourceText, Stage, analyze, analyze_with_progress, score_pairs,
};
use crate::report::{Presentation, export};

const EXIT_STATUS: &str = "\
Exit status: 0 every input was read · 1 some input could not be read (named on stderr; the
rest is analysed) · 2 usage error · 3 internal error.";

const ANALYZE_EXAMPLES: &str = "\
Examples:
  parallax analyze a.txt b.html c.docx > analysis.json
  parallax analyze reports/ --format html --output report.html
  curl -s https://example.org/story | parallax analyze - other.txt --format md
  parallax analyze --jsonl batch.jsonl --format csv --output rows.csv

Inputs: plain text (UTF-8, UTF-16, Windows-1252), saved web pages (.html, .mhtml: the article
is extracted), Markdown, Word (.docx) and JSON Lines batches, told apart by content. A folder
is read recursively in name order; files in it that are not articles are listed on stderr
and skipped.

Exit status: 0 every input was read · 1 some input could not be read (named on stderr; the
rest is analysed) · 2 usage error · 3 internal error.";

const COMPARE_EXAMPLES: &str = "\
Examples:
  parallax compare afp.txt reuters.html
  parallax compare a.txt b.txt --side-by-side --width 160
  parallax compare a.txt b.txt --color never | less

Each passage is one block, in story order: rows both carry show B's wording with the word
diff against A ([-deleted-] and {+inserted+}, or red and green in colour), rows one side
carries are marked `only A` or `only B`. Page debris is left out and counted.

Exit status: 0 both read · 1 an input could not be read · 2 usage error · 3 internal error.";

/// Compare news articles covering the same story: shared passages, edits, additions,
/// omissions, quotes, names and numbers.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, after_help = EXIT_STATUS, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse articles: the story map, passages, similarity, quotes and facts, as JSON (the
    /// Analysis contract) or a report
    #[command(after_help = ANALYZE_EXAMPLES, alias = "analyse")]
    Analyze(AnalyzeArgs),
    /// Show how two articles differ, readable in a terminal
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Print the article text read from each file (one file: the text; several: JSON lines)
    #[command(
        after_help = "Examples:\n  parallax extract page.html\n  parallax extract saved/ > articles.jsonl\n\nExit status: 0 all read · 1 some input unreadable · 2 usage error · 3 internal error."
    )]
    Extract(ExtractArgs),
    /// Score text pairs read as JSON lines {"id","a","b"} on stdin; write
    /// {"id","score","relation","links"} per line
    #[command(
        after_help = "Example:\n  echo '{\"id\":1,\"a\":\"Qin met Blinken.\",\"b\":\"Blinken met Qin.\"}' | parallax score\n\nExit status: 0 all lines read · 1 a line was not a pair · 2 usage error · 3 internal error."
    )]
    Score(ScoreArgs),
    /// Measure the engine on the evaluation data: one line per metric with its floor and target
    #[command(
        after_help = "Examples:\n  parallax eval\n  parallax eval --data ../shared/eval --only msrp\n\nExit status: 0, or 1 if a data set cannot be read."
    )]
    Eval(EvalArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  parallax completions bash > ~/.local/share/bash-completion/completions/parallax\n  parallax completions zsh > ~/.zfunc/_parallax\n  parallax completions fish > ~/.config/fish/completions/parallax.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Where articles come from.
#[derive(Debug, Args)]
struct Inputs {
    /// Articles: files, folders (read recursively) or - for standard input
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A JSON Lines batch, one {"name","text"} article a line (- for standard input)
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// No progress bar (there is none anyway when stderr is not a terminal)
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// json: the Analysis contract; csv: the story map; html: a self-contained report;
    /// md: a summary
    #[arg(long, value_enum, default_value_t = OutFormat::Json)]
    format: OutFormat,
    /// Indent the JSON
    #[arg(long)]
    pretty: bool,
    /// Write to FILE instead of stdout, atomically (a temporary file, then renamed)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    meaning: MeaningArgs,
}

/// The meaning pass's options.
#[derive(Debug, Args)]
struct MeaningArgs {
    /// Also match sentences by meaning, with a sentence-embedding model (all-MiniLM-L6-v2):
    /// every sentence is embedded, and sentences whose vectors are close share a row (grade
    /// `meaning`)
    #[arg(long)]
    semantic: bool,
    /// The sentence model's folder (default: $PARALLAX_MODEL, else a checkout's
    /// .tools/model/all-minilm-l6-v2, which `./dev model` fetches)
    #[arg(long, value_name = "DIR", requires = "semantic")]
    model: Option<PathBuf>,
}

impl MeaningArgs {
    /// The model, if asked for; `Err` is the message to print (the model is missing).
    fn load(&self) -> Result<Option<crate::semantic::Embedder>, String> {
        if !self.semantic {
            return Ok(None);
        }
        crate::semantic::Embedder::load(self.model.as_deref()).map(Some)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutFormat {
    Json,
    Csv,
    Html,
    #[value(alias = "markdown")]
    Md,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// The first article (a file, or - for standard input)
    a: PathBuf,
    /// The second article
    b: PathBuf,
    /// Two columns, A and B, fitted to the terminal's width
    #[arg(long)]
    side_by_side: bool,
    /// Colour the word diff: auto (when stdout is a terminal and NO_COLOR is unset), always
    /// or never (then [-deleted-] and {+inserted+})
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    color: When,
    /// Columns to fit (default: the terminal's width, else 100)
    #[arg(long, value_name = "N")]
    width: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum When {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct ScoreArgs {
    #[command(flatten)]
    meaning: MeaningArgs,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Files, folders (read recursively) or - for standard input
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// The evaluation data (default: ../shared/eval)
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Only this data set (repeatable)
    #[arg(long, value_name = "NAME")]
    only: Vec<String>,
    /// With --semantic: the meaning pass measured beside the lexical figures (minutes)
    #[command(flatten)]
    meaning: MeaningArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Runs the tool with its arguments (without the program name). A panic becomes one
/// sentence on stderr and exit status 3.
pub fn main(args: Vec<String>) -> ExitCode {
    use std::sync::atomic::{AtomicBool, Ordering};
    // `print!` panics when stdout is closed (`parallax … | head`): that is the reader leaving,
    // not a bug, and ends the run quietly.
    static CLOSED_STDOUT: AtomicBool = AtomicBool::new(false);
    std::panic::set_hook(Box::new(|info| {
        let why = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if why.starts_with("failed printing to stdout") {
            CLOSED_STDOUT.store(true, Ordering::Relaxed);
            return;
        }
        let at = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "parallax: internal error ({why}{at}); this is a bug, please report it with the input that caused it."
        );
    }));
    match std::panic::catch_unwind(|| run(args)) {
        Ok(code) => code,
        Err(_) if CLOSED_STDOUT.load(Ordering::Relaxed) => ExitCode::from(1),
        Err(_) => ExitCode::from(3),
    }
}

fn run(args: Vec<String>) -> ExitCode {
    if std::env::var_os("PARALLAX_TEST_PANIC").is_some() {
        // For tests of the internal-error path only.
        panic!("PARALLAX_TEST_PANIC is set");
    }
    let cli = match Cli::try_parse_from(std::iter::once("parallax".to_string()).chain(args)) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Analyze(a) => cmd_analyze(a),
        Command::Compare(c) => cmd_compare(c),
        Command::Extract(e) => cmd_extract(e),
        Command::Score(s) => cmd_score(s),
        Command::Eval(e) => cmd_eval(e),
        Command::Completions { shell } => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "parallax",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

/// A usage error found after parsing: the message, and exit status 2.
fn usage(message: &str) -> ExitCode {
    eprintln!("parallax: {}", message.trim_end());
    ExitCode::from(2)
}

/// Status 1 when some input failed, else 0.
fn status(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A progress bar on stderr, when it is a terminal, there are more than a few inputs and
/// `--quiet` is not given; `None` otherwise.
fn progress_bar(quiet: bool, many: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !many || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg:<16} [{bar:30}] {percent:>3} %  {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(bar)
}

/// Reads the inputs, with the files counted on the bar.
fn read_inputs(inputs: &Inputs, bar: Option<&indicatif::ProgressBar>) -> input::Loaded {
    if let Some(bar) = bar {
        bar.set_message("reading");
    }
    let sources = input::Sources {
        paths: &inputs.files,
        jsonl: inputs.jsonl.as_deref(),
    };
    input::read(&sources, &mut |n| {
        if let Some(bar) = bar {
            bar.set_message(format!("reading {n}"));
            bar.tick();
        }
    })
}

/// Analyses, feeding the bar from the engine's progress (the interface the page's worker
/// uses); with the meaning pass when a model is given (the bar then shows the embedding).
fn analyze_reporting(
    docs: &[SourceText],
    bar: Option<&indicatif::ProgressBar>,
    embedder: Option<&crate::semantic::Embedder>,
) -> Result<Analysis, String> {
    let mut report = |stage: Stage, done: f32| {
        if let Some(bar) = bar {
            bar.set_message(stage.as_str());
            bar.set_position((stage.overall(done) * 1000.0) as u64);
        }
    };
    let analysis = match embedder {
        None if bar.is_none() => Ok(analyze(docs, &Options::default())),
        None => Ok(analyze_with_progress(
            docs,
            &Options::default(),
            &mut report,
        )),
        Some(e) => crate::semantic::analyze_semantic(
            docs,
            &Options::default(),
            e,
            &mut crate::engine::Silent,
            &mut |done, total| {
                if let Some(bar) = bar {
                    bar.set_message(format!("embedding {done}/{total}"));
                    bar.set_position((done * 1000 / total.max(1)) as u64);
                }
            },
        ),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    analysis
}

fn cmd_analyze(args: AnalyzeArgs) -> ExitCode {
    if args.inputs.files.is_empty() && args.inputs.jsonl.is_none() {
        return usage(
            "analyze needs at least one FILE, folder, - (standard input) or --jsonl FILE.\n\nFor more information, try '--help'.",
        );
    }
    let embedder = match args.meaning.load() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("parallax: {e}");
            return ExitCode::from(1);
        }
    };
    let many = args.inputs.files.len() > 3
        || args.inputs.jsonl.is_some()
        || args.inputs.files.iter().any(|f| f.is_dir())
        || embedder.is_some();
    let bar = progress_bar(args.inputs.quiet, many);
    let read = read_inputs(&args.inputs, bar.as_ref());
    if read.docs.is_empty() {
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        eprintln!("parallax: no article could be read; nothing to analyse.");
        return ExitCode::from(1);
    }
    let analysis = match analyze_reporting(&read.docs, bar.as_ref(), embedder.as_ref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("parallax: {e}");
            return ExitCode::from(3);
        }
    };
    let format = match args.format {
        OutFormat::Json => None,
        OutFormat::Csv => Some(export::Format::Csv),
        OutFormat::Html => Some(export::Format::Html),
        OutFormat::Md => Some(export::Format::Markdown),
    };
    let mut out = match format {
        Some(format) => {
            let p = Presentation::new(&analysis, &read.docs);
            export::render(format, &analysis, &p, &read.docs)
        }
        None => {
            let json = if args.pretty {
                serde_json::to_string_pretty(&analysis)
            } else {
                serde_json::to_string(&analysis)
            };
            match json {
                Ok(json) => json,
                Err(e) => {
                    eprintln!("parallax: could not write the analysis as JSON: {e}.");
                    return ExitCode::from(3);
                }
            }
        }
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let written = match &args.output {
        Some(path) => write_atomically(path, out.as_bytes()).map_err(|e| {
            eprintln!("parallax: cannot write {}: {e}.", path.display());
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|_| ())
        }
    };
    if written.is_err() {
        return ExitCode::from(1);
    }
    status(read.failed)
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place: an
/// interrupted run leaves the old file (or none), never half a report. What is not a file —
/// a device such as `/dev/null` or `/dev/stdout`, a named pipe — is written to directly
/// (renaming a file over it would replace the device itself), and a link to a file replaces
/// the file it points to, not the link.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        return f.write_all(bytes).and_then(|()| f.flush());
    }
    let resolved = std::fs::canonicalize(path);
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn cmd_compare(args: CompareArgs) -> ExitCode {
    if args.a.as_os_str() == "-" && args.b.as_os_str() == "-" {
        return usage("compare reads standard input (-) for one article at most.");
    }
    let mut docs = Vec::new();
    let mut failed = false;
    for (side, path) in [("A", &args.a), ("B", &args.b)] {
        let read = input::read(
            &input::Sources {
                paths: std::slice::from_ref(path),
                jsonl: None,
            },
            &mut |_| {},
        );
        failed |= read.failed;
        match read.docs.len() {
            1 => docs.extend(read.docs),
            0 => failed = true,
            n => {
                eprintln!(
                    "parallax: {side} ({}) holds {n} articles; compare takes one on each side.",
                    path.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    if docs.len() != 2 || failed {
        eprintln!("parallax: compare needs two readable articles.");
        return ExitCode::from(1);
    }
    let analysis = analyze(&docs, &Options::default());
    let terminal = std::io::stdout().is_terminal();
    let colour = match args.color {
        When::Always => true,
        When::Never => false,
        When::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = args.width.unwrap_or_else(|| {
        terminal
            .then(|| {
                console::Term::stdout()
                    .size_checked()
                    .map(|(_, w)| w as usize)
            })
            .flatten()
            .unwrap_or(100)
    });
    let text = compare::render(
        &analysis,
        &compare::Layout {
            colour,
            width: width.max(40),
            side_by_side: args.side_by_side,
        },
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush());
    ExitCode::SUCCESS
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
fn cmd_extract(args: ExtractArgs) -> ExitCode {
    let single = args.files.len() == 1 && !args.files[0].is_dir();
    let read = input::read(
        &input::Sources {
            paths: &args.files,
            jsonl: None,
        },
        &mut |_| {},
    );
    let (docs, failed) = (read.docs, read.failed);
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
        let written = if single && docs.len() == 1 {
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
    status(failed)
}

fn cmd_score(args: ScoreArgs) -> ExitCode {
    let embedder = match args.meaning.load() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("parallax: {e}");
            return ExitCode::from(1);
        }
    };
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    let mut bad = false;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("parallax: cannot read standard input: {e}.");
                return ExitCode::from(1);
            }
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
    let cosines: Option<Vec<f32>> = match &embedder {
        None => None,
        Some(e) => {
            let texts: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
            match e.embed(&texts, &mut |_, _| {}) {
                Ok(v) => Some(
                    v.chunks(2)
                        .map(|p| parallax_embed::cosine(&p[0], &p[1]))
                        .collect(),
                ),
                Err(e) => {
                    eprintln!("parallax: {e}");
                    return ExitCode::from(3);
                }
            }
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (k, (id, r)) in ids.into_iter().zip(results).enumerate() {
        let mut line = serde_json::json!({
            "id": id,
            "score": r.score,
            "relation": r.relation.map_or("none", |rel| rel.as_str()),
            "links": r.links,
        });
        if let Some(c) = cosines.as_ref().map(|c| c[k]) {
            // A pair the words leave ungraded is a paraphrase by meaning when its cosine
            // reaches the engine's threshold.
            line["cosine"] = serde_json::json!(c);
            if r.relation.is_none() && c >= crate::engine::meaning::THRESHOLD {
                line["relation"] = serde_json::json!("meaning");
            }
        }
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

fn cmd_eval(args: EvalArgs) -> ExitCode {
    let dir = args.data.unwrap_or_else(|| {
        let here = PathBuf::from("../shared/eval");
        if here.is_dir() {
            here
        } else {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval")
        }
    });
    let embedder = match args.meaning.load() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("parallax: {e}");
            return ExitCode::from(1);
        }
    };
    status(!crate::eval::run(&dir, &args.only, embedder.as_ref()))
}
