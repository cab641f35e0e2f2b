//! Invariants on every fixture and on generated input: each sentence in exactly one row,
//! spans valid and on character boundaries, identical output for identical input, no panic.

mod common;

use parallax::engine::{Options, SourceText, analyze, decode};
use proptest::prelude::*;

#[test]
fn sample_story_holds_the_invariants() {
    let docs = common::sample();
    let a = analyze(&docs, &Options::default());
    common::check_invariants(&docs, &a);
}

#[test]
fn shared_fixtures_hold_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: {} is absent (it exists only beside the project's own checkout)",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    let docs: Vec<SourceText> = paths
        .iter()
        .map(|p| {
            decode(
                &p.file_name().unwrap().to_string_lossy(),
                &std::fs::read(p).unwrap(),
            )
            .unwrap()
        })
        .collect();
    let a = analyze(&docs, &Options::default());
    common::check_invariants(&docs, &a);
}

#[test]
fn identical_input_gives_identical_output() {
    let docs = common::sample();
    let a = serde_json::to_string(&analyze(&docs, &Options::default())).unwrap();
    let b = serde_json::to_string(&analyze(&docs, &Options::default())).unwrap();
    assert_eq!(a, b);
}

#[test]
fn edge_inputs() {
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["One document alone."],
        vec!["Same text.", "Same text."],
        vec![
            "\u{feff}BOM first. Then text.",
            "\r\n\r\n\rOnly\rCR\rline\rendings.\r",
        ],
        vec![
            "“Unclosed quote. And more. (Unclosed paren. End.",
            "…. ?! ... ” ’ « »",
        ],
        vec![
            "日本語の文章です。二つ目の文です。",
            "Ελληνικά. Русский текст. عربى.",
        ],
        vec![
            "a\u{0301}\u{0301}\u{0301}. Ｆｕｌｌｗｉｄｔｈ. ﬁ ligature.",
            "x",
        ],
    ];
    for texts in cases {
        let docs: Vec<SourceText> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceText::new(format!("d{i}"), *t))
            .collect();
        let a = analyze(&docs, &Options::default());
        common::check_invariants(&docs, &a);
    }
}

#[test]
fn reordered_paragraphs_align_fully() {
    let original = common::sample().remove(3);
    let paragraphs: Vec<&str> = original.text.split("\n\n").collect();
    let reversed: Vec<&str> = paragraphs.iter().rev().copied().collect();
    let docs = vec![
        original.clone(),
        SourceText::new("reversed.txt", reversed.join("\n\n")),
    ];
    let a = analyze(&docs, &Options::default());
    common::check_invariants(&docs, &a);
    for c in a.clusters.iter().filter(|c| {
        !a.documents[c.representative.doc].sentences[c.representative.sentence].boilerplate
    }) {
        assert_eq!(c.members.len(), 2, "every sentence finds itself: {:?}", c);
        assert!(
            c.members
                .iter()
                .all(|m| m.relation == parallax::engine::Relation::Identical)
        );
    }
}

fn article() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Qin",
        "Blinken",
        "said",
        "the",
        "U.S.",
        "Mr.",
        "China’s",
        "relations",
        "“new",
        "difficulties”",
        "(…)",
        "1949",
        "3.5",
        "—",
        "Jan.",
        "e.g.",
        "Taiwan",
        "é",
        "日本",
        "\u{0301}",
        "\"",
        "'",
        "...",
        "!",
        "?",
        ".",
        ",",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "Advertisement",
        "See also",
        "June 21, 2024",
        "Source:",
        "[File: AP]",
    ]);
    prop::collection::vec(word, 0..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_articles_hold_the_invariants(texts in prop::collection::vec(article(), 1..5)) {
        let docs: Vec<SourceText> = texts.iter().enumerate().map(|(i, t)| SourceText::new(format!("d{i}"), t.clone())).collect();
        let a = analyze(&docs, &Options::default());
        common::check_invariants(&docs, &a);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(doc) = decode("x.bin", &bytes) {
            let a = analyze(std::slice::from_ref(&doc), &Options::default());
            common::check_invariants(std::slice::from_ref(&doc), &a);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}", other in "[a-zA-Z .,“”\"()\n]{0,200}") {
        let docs = vec![SourceText::new("a", text), SourceText::new("b", other)];
        let a = analyze(&docs, &Options::default());
        common::check_invariants(&docs, &a);
    }
}
