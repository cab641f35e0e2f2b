//! Each format reader on arbitrary input: web pages, web archives, Markdown, JSON Lines and
//! Word files never panic, and what they extract is text of the input's own words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_engine::formats::{docx, jsonl, markdown, mhtml};
use parallax_engine::html;

fuzz_target!(|data: &[u8]| {
    let _ = docx::read(data);
    let text = String::from_utf8_lossy(data);
    let page = html::extract(&text);
    assert_eq!(
        page.left_out_words,
        page.left_out.split_whitespace().count()
    );
    let _ = html::looks_like_html(&text);
    if let Some(inner) = mhtml::html_part(&text) {
        let _ = html::extract(&inner);
    }
    let (plain, _) = markdown::to_text(&text);
    assert!(plain.len() <= text.len() * 4 + 16);
    for doc in jsonl::read("f.jsonl", &text) {
        let _ = doc.map(|d| d.text.len());
    }
});
