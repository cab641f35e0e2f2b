//! `parallax eval`: measures the engine on real annotated data (`../shared/eval`, described
//! in its README) and prints one line per metric with its floor and target. A data set that
//! is absent is skipped with a message saying so; the evaluation never fails for that.
//!
//! The data is research data: it is read where it lies and never copied into the project.

/// Prints a line of the report. A closed stdout (`parallax eval | head`) is not an error
/// worth a panic: the line is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod clough;
mod darwin;
pub mod ecb;
mod edinburgh;
pub mod extraction;
mod msrp;
pub mod pan;
mod polnear;
pub mod stats;
mod stsb;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::semantic::Embedder;

/// Embedding progress on stderr (the semantic evaluation embeds thousands of sentences).
pub(crate) fn embedding_progress(done: usize, total: usize) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprint!("\r  embedding {done} of {total} sentences\x1b[K");
        if done == total {
            eprint!("\r\x1b[K");
        }
    }
}

/// One measured figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    /// The plain baseline measured on this data, if the README gives one.
    pub floor: Option<f64>,
    /// What Parallax must reach, if the README sets a target.
    pub target: Option<f64>,
    /// How the value is printed: `"{:.3}"` or a percentage.
    pub percent: bool,
}

impl Metric {
    pub fn new(name: &str, value: f64) -> Self {
        Self {
            name: name.to_string(),
            value,
            floor: None,
            target: None,
            percent: false,
        }
    }

    pub fn floor(mut self, floor: f64) -> Self {
        self.floor = Some(floor);
        self
    }

    pub fn target(mut self, target: f64) -> Self {
        self.target = Some(target);
        self
    }

    pub fn percent(mut self) -> Self {
        self.percent = true;
        self
    }

    fn fmt(&self, v: f64) -> String {
        if self.percent {
            format!("{:.1} %", v * 100.0)
        } else {
            format!("{v:.3}")
        }
    }

    /// The measured value, one digit finer than floors and targets.
    fn fmt_value(&self) -> String {
        if self.percent {
            format!("{:.2} %", self.value * 100.0)
        } else {
            format!("{:.4}", self.value)
        }
    }

    /// Whether the target (if any) is met.
    pub fn meets_target(&self) -> Option<bool> {
        self.target.map(|t| self.value >= t - 1e-9)
    }
}

/// What one data set produced.
pub enum Outcome {
    Measured { metrics: Vec<Metric>, note: String },
    Skipped(String),
}

/// How a data set is measured with the meaning pass.
type SemanticRun = fn(&Path, &Embedder) -> Result<Outcome, String>;

/// A data set: its folder name and how to evaluate it.
struct DataSet {
    name: &'static str,
    what: &'static str,
    run: fn(&Path) -> Result<Outcome, String>,
    /// With the meaning pass (`--semantic`), for the sets it can change.
    semantic: Option<SemanticRun>,
}

const DATA_SETS: &[DataSet] = &[
    DataSet {
        name: "pan13-subset",
        what: "passage alignment (verbatim reuse)",
        run: pan::run,
        semantic: None,
    },
    DataSet {
        name: "clough-stevenson",
        what: "grading reuse: cut / light / heavy / non",
        run: clough::run,
        semantic: None,
    },
    DataSet {
        name: "msrp",
        what: "paraphrase or not (news sentences)",
        run: msrp::run,
        semantic: Some(msrp::run_semantic),
    },
    DataSet {
        name: "edinburgh-pp",
        what: "word alignment in paraphrases",
        run: edinburgh::run,
        semantic: Some(edinburgh::run_semantic),
    },
    DataSet {
        name: "stsb",
        what: "graded sentence similarity",
        run: stsb::run,
        semantic: Some(stsb::run_semantic),
    },
    DataSet {
        name: "ecbplus",
        what: "same event vs other event of the topic",
        run: ecb::run,
        semantic: Some(ecb::run_semantic),
    },
    DataSet {
        name: "polnear-dev",
        what: "direct quotes and who said them",
        run: polnear::run,
        semantic: None,
    },
    DataSet {
        name: "article-extraction-dev",
        what: "the article body of saved web pages",
        run: extraction::run,
        semantic: None,
    },
    DataSet {
        name: "darwin",
        what: "six editions of one paragraph (smoke, speed)",
        run: darwin::run,
        semantic: None,
    },
];

/// Runs every data set found under `dir` (or only those named in `only`) and prints the
/// report, ending with a summary of targets met and floors broken. Returns false only if a
/// data set could not be read: the figures are a measurement to read, not a pass/fail gate
/// (several sit within a rounding error of their floor).
pub fn run(dir: &Path, only: &[String], semantic: Option<&Embedder>) -> bool {
    say!(
        "parallax eval{} — data from {}",
        if semantic.is_some() {
            " --semantic"
        } else {
            ""
        },
        dir.display()
    );
    if !dir.is_dir() {
        say!(
            "skipped: {} is absent. The evaluation data lives beside the project's own checkout \
             (../shared/eval); pass --data DIR to point elsewhere.",
            dir.display()
        );
        return true;
    }
    let mut ok = true;
    let (mut targets, mut met, mut below) = (0, 0, Vec::new());
    for set in DATA_SETS {
        if !only.is_empty() && !only.iter().any(|o| set.name.contains(o.as_str())) {
            continue;
        }
        let path = dir.join(set.name);
        if !path.is_dir() {
            say!("{:<17} skipped: {} is absent", set.name, path.display());
            continue;
        }
        let t0 = Instant::now();
        let outcome = match (semantic, set.semantic) {
            (Some(embedder), Some(run)) => run(&path, embedder),
            _ => (set.run)(&path),
        };
        match outcome {
            Ok(Outcome::Measured { metrics, note }) => {
                let secs = t0.elapsed().as_secs_f64();
                for m in &metrics {
                    let below_floor = m.floor.is_some_and(|f| m.value < f);
                    if below_floor {
                        below.push(format!("{} {}", set.name, m.name));
                    }
                    targets += usize::from(m.target.is_some());
                    met += usize::from(m.meets_target() == Some(true));
                    let floor = m
                        .floor
                        .map_or(String::new(), |f| format!("floor {}", m.fmt(f)));
                    let target = m
                        .target
                        .map_or(String::new(), |t| format!("target ≥ {}", m.fmt(t)));
                    let verdict = match m.meets_target() {
                        Some(true) => "met",
                        Some(false) if below_floor => "missed, BELOW FLOOR",
                        Some(false) => "missed",
                        None => "",
                    };
                    say!(
                        "{:<17} {:<38} {:>9}   {:<14} {:<16} {}",
                        set.name,
                        m.name,
                        m.fmt_value(),
                        floor,
                        target,
                        verdict
                    );
                }
                say!("{:<17} ({}; {note}; {secs:.1} s)", set.name, set.what);
            }
            Ok(Outcome::Skipped(why)) => say!("{:<17} skipped: {why}", set.name),
            Err(e) => {
                ok = false;
                say!("{:<17} error: {e}", set.name);
            }
        }
    }
    if let Some(e) = semantic {
        e.save_cache();
    }
    let floors = if below.is_empty() {
        "no metric below its floor".to_string()
    } else {
        format!("below floor: {}", below.join(", "))
    };
    say!("summary: {met} of {targets} targets met; {floors}");
    ok
}

/// Reads a file, with a readable error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads a UTF-8 text file (a BOM is dropped).
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))
}

/// Decompresses an `.xz` file.
pub(crate) fn read_xz(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = read(path)?;
    let mut out = Vec::new();
    lzma_rs::xz_decompress(&mut std::io::BufReader::new(&bytes[..]), &mut out)
        .map_err(|e| format!("cannot decompress {}: {e:?}", path.display()))?;
    Ok(out)
}

/// The files of a `.tar.xz` archive, by path.
pub(crate) fn read_tar_xz(
    path: &Path,
) -> Result<std::collections::HashMap<PathBuf, Vec<u8>>, String> {
    let tar = read_xz(path)?;
    let mut archive = tar::Archive::new(&tar[..]);
    let mut files = std::collections::HashMap::new();
    let entries = archive
        .entries()
        .map_err(|e| format!("bad tar in {}: {e}", path.display()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("bad tar entry in {}: {e}", path.display()))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().map_err(|e| e.to_string())?.into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(|e| e.to_string())?;
        files.insert(name, data);
    }
    Ok(files)
}
