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
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `pdf`"));
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
