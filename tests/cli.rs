//! The `parallax` command-line tool, run as a user would.

use std::process::Command;

fn parallax() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
}

fn sample_paths() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

#[test]
fn analyze_prints_the_contract() {
    let out = parallax()
        .arg("analyze")
        .args(sample_paths())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 3);
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    let s0 = &v["documents"][0]["sentences"][0];
    for key in ["text", "start", "end", "boilerplate"] {
        assert!(!s0[key].is_null(), "sentence has {key}");
    }
    let m0 = &v["clusters"][0]["members"][0];
    for key in ["doc", "sentence", "relation", "score"] {
        assert!(!m0[key].is_null(), "member has {key}");
    }
    assert_eq!(v["similarity"]["matrix"].as_array().unwrap().len(), 5);
    assert_eq!(v["documents"][1]["name"], "001_5abe527c4be32966.txt");
}

#[test]
fn pretty_output_is_the_same_json() {
    let paths = sample_paths();
    let a = parallax()
        .arg("analyze")
        .args(&paths[..2])
        .output()
        .unwrap();
    let b = parallax()
        .arg("analyze")
        .arg("--pretty")
        .args(&paths[..2])
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&b.stdout).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_analysed() {
    let dir = std::env::temp_dir().join(format!("parallax-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("photo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let paths = sample_paths();
    let out = parallax()
        .arg("analyze")
        .arg(&png)
        .arg(&paths[0])
        .arg(dir.join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("photo.png is not text: it is a PNG image"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn analyze_writes_each_report_format() {
    let run = |format: &str| {
        let out = parallax()
            .args(["analyze", "--format", format])
            .args(sample_paths())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("row,passage,000,001,002,003,004"));
    assert!(lines.next().unwrap().starts_with("1,"));
    let html = run("html");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<details>") && !html.contains("<script"));
    let md = run("md");
    assert!(md.starts_with("# Parallax summary: 5 sources"));
    // json stays the bare Analysis.
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(v["version"], 3);
    let out = parallax()
        .args(["analyze", "--format", "pdf"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'pdf'"));
}

#[test]
fn usage_errors() {
    let out = parallax().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
    let out = parallax().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = parallax().arg("analyze").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = parallax().arg("--help").output().unwrap();
    assert!(out.status.success());
}

#[test]
fn score_reads_json_lines() {
    use std::io::Write;
    let mut child = parallax()
        .arg("score")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = concat!(
        r#"{"id": 1, "a": "Qin Gang told Antony Blinken that relations face new difficulties.", "b": "Qin Gang told Anthony Blinken relations face new difficulties."}"#,
        "\n",
        r#"{"id": "x", "a": "The balloon was shot down in February.", "b": "Markets rose on Friday in Tokyo."}"#,
        "\n",
        "not json\n",
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line makes the exit status 1"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["id"], "x");
    let (s0, s1) = (
        lines[0]["score"].as_f64().unwrap(),
        lines[1]["score"].as_f64().unwrap(),
    );
    assert!(s0 > 0.8 && s1 < 0.2, "{s0} {s1}");
    assert_eq!(lines[0]["relation"], "near");
    assert_eq!(lines[1]["relation"], "none");
    let a = r#"Qin Gang told Antony Blinken that relations face new difficulties."#;
    let b = r#"Qin Gang told Anthony Blinken relations face new difficulties."#;
    let links = lines[0]["links"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = links
        .iter()
        .map(|l| {
            let l: Vec<usize> = l
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect();
            (&a[l[0]..l[1]], &b[l[2]..l[3]])
        })
        .collect();
    assert!(pairs.contains(&("Antony", "Anthony")), "{pairs:?}");
    assert!(pairs.contains(&("difficulties", "difficulties")));
}

#[test]
fn eval_skips_cleanly_without_data() {
    let out = parallax()
        .args(["eval", "--data", "/nonexistent/eval"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("skipped") && text.contains("absent"),
        "{text}"
    );
}

/// `parallax … | head` closes stdout early: every command stops quietly, never panics
/// (a panic exits with 101).
#[test]
fn closed_stdout_is_not_a_panic() {
    let no_data = std::env::temp_dir().join("parallax-no-eval-data");
    let runs: [Vec<std::ffi::OsString>; 3] = [
        vec!["eval".into(), "--data".into(), no_data.into()],
        std::iter::once("analyze".into())
            .chain(sample_paths().into_iter().map(Into::into))
            .collect(),
        vec!["--help".into()],
    ];
    for args in runs {
        let mut child = parallax()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_ne!(
            out.status.code(),
            Some(101),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn extract_prints_the_article_of_a_saved_page() {
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages/courier-blinken.html");
    let one = parallax().arg("extract").arg(&page).output().unwrap();
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(
        text.starts_with("US Secretary of State Anthony Blinken on Wednesday urged"),
        "{text}"
    );
    assert!(!text.contains("Share on Facebook") && !text.contains("Great article"));

    let several = parallax()
        .arg("extract")
        .arg(&page)
        .arg(&sample_paths()[0])
        .output()
        .unwrap();
    assert!(several.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(several.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["name"], "courier-blinken.html");
    assert_eq!(
        lines[0]["title"],
        "Blinken urges Beijing to keep the lines of communication open"
    );
    assert_eq!(lines[0]["date"], "2023-06-14");
    assert_eq!(lines[0]["outlet"], "The Evening Courier");
    assert_eq!(lines[0]["byline"], "Jane Roe");
    assert!(
        lines[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("Beijing has complained")
    );
    let keys: Vec<&str> = lines[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(keys.contains(&"source") && keys.contains(&"text"));
}

#[test]
fn every_format_is_read() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let out = parallax()
        .arg("extract")
        .args(
            [
                "qin-blinken.docx",
                "qin-blinken.md",
                "archive.mhtml",
                "batch.jsonl",
            ]
            .map(|f| dir.join(f)),
        )
        .output()
        .unwrap();
    // The batch's third line is not JSON: reported, the rest kept, exit status 1.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("batch.jsonl, line 3, is not an article of a batch"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = lines.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "qin-blinken.docx",
            "qin-blinken.md",
            "archive.mhtml",
            "wire-a",
            "wire-b"
        ]
    );
    let docx = lines[0]["text"].as_str().unwrap();
    assert!(
        docx.starts_with("The foreign minister says the US must"),
        "{docx}"
    );
    assert!(!docx.contains("deleted") && !docx.contains("footnote") && !docx.contains("reviewer"));
    assert_eq!(lines[0]["byline"], "Desk Editor");
    assert_eq!(lines[0]["date"], "2023-06-14");
    let md = lines[1]["text"].as_str().unwrap();
    assert!(
        !md.contains("**") && !md.contains("](") && md.contains("See the ministry statement"),
        "{md}"
    );
    assert_eq!(lines[2]["title"], "Qin and Blinken speak by phone");
    assert_eq!(lines[2]["outlet"], "Archive Times");
    assert!(!lines[2]["text"].as_str().unwrap().contains("Home"));
    assert_eq!(lines[3]["outlet"], "Wire A");
    assert_eq!(lines[4]["date"], "2023-06-15");
}

/// A fresh, empty directory under the system's temporary directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_command_has_help_with_examples_and_a_version() {
    for command in [
        "analyze",
        "compare",
        "extract",
        "score",
        "eval",
        "completions",
    ] {
        let out = parallax().args([command, "--help"]).output().unwrap();
        assert!(
            out.status.success(),
            "{command} --help: {}",
            stderr_of(&out)
        );
        let help = stdout_of(&out);
        assert!(help.contains("Usage: parallax"), "{command}: {help}");
        assert!(help.contains("Example"), "{command} --help has examples");
    }
    let help = stdout_of(&parallax().args(["analyze", "--help"]).output().unwrap());
    assert!(help.contains("Exit status: 0 every input was read · 1"));
    let out = parallax().arg("--version").output().unwrap();
    assert_eq!(
        stdout_of(&out).trim(),
        format!("parallax {}", env!("CARGO_PKG_VERSION"))
    );
    let out = parallax().args(["analyze", "--version"]).output().unwrap();
    assert!(out.status.success());
}

#[test]
fn mistakes_are_usage_errors_with_suggestions() {
    let out = parallax().arg("anlyze").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("'analyze'"), "{}", stderr_of(&out));
    let out = parallax()
        .args(["analyze", "--prety"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--pretty"), "{}", stderr_of(&out));
    let out = parallax().args(["compare", "a.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The British spelling is the same command.
    let out = parallax()
        .arg("analyse")
        .args(sample_paths())
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn completions_for_three_shells() {
    for (shell, mark) in [
        ("bash", "complete"),
        ("zsh", "#compdef parallax"),
        ("fish", "complete -c parallax"),
    ] {
        let out = parallax().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = stdout_of(&out);
        assert!(script.contains(mark), "{shell}");
        assert!(
            script.contains("compare") && script.contains("side-by-side"),
            "{shell}"
        );
    }
}

#[test]
fn a_dash_reads_one_article_from_standard_input() {
    use std::io::Write;
    let paths = sample_paths();
    let mut child = parallax()
        .args(["analyze", "-"])
        .arg(&paths[1])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(&paths[0]).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["name"], "stdin");
    assert_eq!(v["documents"].as_array().unwrap().len(), 2);
    // The two translations of one wire story share rows.
    let shared = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["members"].as_array().unwrap().len() > 1)
        .count();
    assert!(shared >= 5, "{shared} shared rows");
}

#[test]
fn a_folder_is_read_recursively_and_what_is_not_an_article_skipped() {
    let dir = scratch("folder");
    let paths = sample_paths();
    std::fs::create_dir_all(dir.join("more/deeper")).unwrap();
    std::fs::copy(&paths[0], dir.join("b.txt")).unwrap();
    std::fs::copy(&paths[1], dir.join("a.txt")).unwrap();
    std::fs::copy(&paths[2], dir.join("more/deeper/c.txt")).unwrap();
    std::fs::write(
        dir.join("more/logo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    )
    .unwrap();
    std::fs::write(dir.join(".hidden.txt"), "Not read.").unwrap();
    let out = parallax().arg("analyze").arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "skipping inside a folder is not a failure"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names[0].ends_with("a.txt") && names[1].ends_with("b.txt"),
        "{names:?}"
    );
    assert!(names[2].ends_with("more/deeper/c.txt"), "{names:?}");
    let err = stderr_of(&out);
    assert!(err.contains("skipped") && err.contains("logo.png"), "{err}");
    assert!(!err.contains("hidden"));
    // A file named on the command line that cannot be read still counts.
    let out = parallax()
        .arg("analyze")
        .arg(&dir)
        .arg(dir.join("more/logo.png"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_lines_are_read_from_a_file_or_standard_input() {
    use std::io::Write;
    let dir = scratch("jsonl");
    let texts: Vec<String> = sample_paths()
        .iter()
        .take(3)
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let batch: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({"name": format!("wire-{i}"), "text": t}).to_string() + "\n"
        })
        .collect();
    let file = dir.join("batch.jsonl");
    std::fs::write(&file, &batch).unwrap();
    let out = parallax()
        .args(["analyze", "--jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][2]["name"], "wire-2");
    let mut child = parallax()
        .args(["analyze", "--jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{batch}not json\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line is an unreadable input"
    );
    assert!(stderr_of(&out).contains("line 4"), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_progress_on_stderr_when_it_is_not_a_terminal() {
    let dir = scratch("quiet");
    // Twenty articles: five, each four times under other names.
    for (i, p) in sample_paths().iter().enumerate() {
        for k in 0..4 {
            let text = std::fs::read_to_string(p).unwrap();
            std::fs::write(
                dir.join(format!("{k}-{i}.txt")),
                format!("{text}\n\nCopy {k}."),
            )
            .unwrap();
        }
    }
    let out = parallax().arg("analyze").arg(&dir).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stderr_of(&out), "", "stderr is a pipe: no progress");
    let out = parallax()
        .args(["analyze", "--quiet"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_shows_two_articles_in_the_terminal() {
    let paths = sample_paths();
    let out = parallax()
        .arg("compare")
        .args(&paths[..2])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    // Not a terminal: no colour, git-style markers.
    assert!(!text.contains('\x1b'), "no escape codes when piped");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("A  ") && lines[1].starts_with("B  "));
    assert!(lines[2].starts_with("similarity 0."), "{}", lines[2]);
    assert!(lines[2].contains("of A is in B"));
    assert!(text.contains(" only A ") && text.contains(" only B "));
    // The quote both translations carry, with its edits.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("near “Since the beginning of [-the-]{+this+} year"),
        "{text}"
    );
    assert!(
        flat.contains("interlocutor {+on Wednesday+}, according to"),
        "{text}"
    );
    // Every line fits the default width.
    assert!(
        lines.iter().all(|l| l.chars().count() <= 100),
        "fits 100 columns"
    );
    // In colour: red deletions, green insertions, no markers.
    let out = parallax()
        .args(["compare", "--color", "always"])
        .args(&paths[..2])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.contains("\x1b[31m") && text.contains("\x1b[32m"));
    assert!(!text.contains("{+this+}"));
    // Side by side, fitted to the width asked for.
    let out = parallax()
        .args(["compare", "--side-by-side", "--width", "90"])
        .args(&paths[..2])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    let body: Vec<&str> = text.lines().skip(5).collect();
    assert!(body.iter().filter(|l| l.contains(" │ ")).count() > 20);
    assert!(body.iter().all(|l| l.chars().count() <= 90), "{text}");
    assert!(text.contains("{+this+}") && text.contains("[-the-]"));
    // Two articles at most from one side.
    let out = parallax().args(["compare", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_written_atomically() {
    let dir = scratch("output");
    let target = dir.join("report.html");
    std::fs::write(&target, "the previous report").unwrap();
    let out = parallax()
        .args(["analyze", "--format", "html", "--output"])
        .arg(&target)
        .args(sample_paths())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty(), "the report goes to the file");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("<!doctype html>"), "{}", &written[..40]);
    let piped = parallax()
        .args(["analyze", "--format", "html"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(written.as_bytes(), &piped.stdout[..]);
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file left behind");
    // A place that cannot be written: an error, and nothing half-written.
    let out = parallax()
        .args(["analyze", "--output"])
        .arg(dir.join("missing/analysis.json"))
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("cannot write"));
    assert!(!dir.join("missing").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_internal_error_is_one_sentence_and_status_3() {
    let out = parallax()
        .env("PARALLAX_TEST_PANIC", "1")
        .args(["analyze"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("parallax: internal error"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

/// Whether the sentence model is where `./dev model` puts it (the tests that need it say
/// so and pass without it, unless `PARALLAX_REQUIRE_MODEL` is set).
fn have_model() -> bool {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/model/all-minilm-l6-v2");
    let have = dir.join("model.f16.safetensors").is_file();
    if !have {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
            "no model in {}",
            dir.display()
        );
        eprintln!("skipped: no sentence model (./dev model fetches it)");
    }
    have
}

#[test]
fn semantic_without_a_model_says_how_to_get_one() {
    let out = parallax()
        .args(["analyze", "--semantic", "--model", "/nonexistent/model"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--model /nonexistent/model"), "{err}");
    assert!(err.contains("./dev model"), "{err}");
    assert!(out.stdout.is_empty());
    // --model alone is a usage error: it means nothing without --semantic.
    let out = parallax()
        .args(["analyze", "--model", "/x"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn analyze_semantic_adds_rows_by_meaning() {
    if !have_model() {
        return;
    }
    let out = parallax()
        .args(["analyze", "--semantic"])
        .args(sample_paths())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let meaning: Vec<&serde_json::Value> = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["members"].as_array().unwrap())
        .filter(|m| m["relation"] == "meaning" && m["evidence"]["test"] == "meaning")
        .collect();
    assert!(!meaning.is_empty());
    for m in meaning {
        assert!(m["score"].as_f64().unwrap() >= 0.75);
    }
}

#[test]
fn score_semantic_gives_the_cosine() {
    if !have_model() {
        return;
    }
    let mut child = parallax()
        .args(["score", "--semantic"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            concat!(
                r#"{"id":1,"a":"A man was shot dead outside a nightclub in Dublin.","b":"Police say a man died after being shot near a Dublin club."}"#,
                "\n",
                r#"{"id":2,"a":"Stock markets fell sharply after the announcement.","b":"The recipe calls for two cups of flour and a pinch of salt."}"#,
                "\n"
            )
            .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The reference implementation's cosines: 0.863 and -0.045.
    assert!((lines[0]["cosine"].as_f64().unwrap() - 0.863).abs() < 0.005);
    assert_eq!(lines[0]["relation"], "meaning");
    assert!((lines[1]["cosine"].as_f64().unwrap() + 0.045).abs() < 0.005);
    assert_eq!(lines[1]["relation"], "none");
}

/// `--output` to what is not a plain file: a named pipe is written to, not replaced by a
/// file (renaming over `/dev/null` once replaced the device on a development machine), and a
/// link keeps pointing to the report it names.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_or_a_link_keeps_them() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("output-kinds");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // The reader waits for a writer: without one (the pipe replaced) it would wait forever.
        let (sent, read) = std::sync::mpsc::channel();
        {
            let fifo = fifo.clone();
            std::thread::spawn(move || sent.send(std::fs::read_to_string(fifo).unwrap()));
        }
        let out = parallax()
            .args(["analyze", "--format", "md", "-o"])
            .arg(&fifo)
            .args(sample_paths())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = read
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("nothing was written to the pipe");
        assert!(text.starts_with("# Parallax summary"));
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    } else {
        println!("skipped the named pipe: no mkfifo");
    }
    let target = dir.join("report.md");
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("latest.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = parallax()
        .args(["analyze", "--format", "md", "-o"])
        .arg(&link)
        .args(sample_paths())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("# Parallax summary")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
