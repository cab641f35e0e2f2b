//! Text → lines, paragraphs, sentences: every span lies on character boundaries inside the
//! text, spans never overlap and come in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_engine::{split_sentences, structure};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let st = structure(&text);
    let mut end = 0;
    for (range, _, _) in st.sentences(&text) {
        assert!(range.start >= end && range.start <= range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        end = range.end;
    }
    for r in split_sentences(&text) {
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
});
