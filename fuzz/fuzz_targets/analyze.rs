//! The whole analysis of 1 to 4 fuzzed documents (the input cut at 0xFF bytes): no panic,
//! and the invariants hold — every sentence of every document in exactly one row, spans on
//! character boundaries and equal to the sentence's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_engine::{Options, SourceText, analyze};

fuzz_target!(|data: &[u8]| {
    let docs: Vec<SourceText> = data
        .split(|&b| b == 0xFF)
        .take(4)
        .enumerate()
        .map(|(i, part)| SourceText::new(format!("{i}.txt"), String::from_utf8_lossy(part)))
        .collect();
    let a = analyze(&docs, &Options::default());
    assert_eq!(a.documents.len(), docs.len());
    let mut seen: Vec<Vec<u32>> = a
        .documents
        .iter()
        .map(|d| vec![0; d.sentences.len()])
        .collect();
    for c in &a.clusters {
        for m in &c.members {
            seen[m.doc][m.sentence] += 1;
        }
    }
    assert!(
        seen.iter().flatten().all(|&n| n == 1),
        "every sentence in exactly one row"
    );
    for (d, doc) in a.documents.iter().enumerate() {
        for s in &doc.sentences {
            let text = &docs[d].text;
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert_eq!(&text[s.start..s.end], s.text);
        }
    }
});
