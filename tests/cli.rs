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
    assert_eq!(v["version"], 1);
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
