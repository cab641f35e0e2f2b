//! Hostile and odd input, natively: each case says what must happen. The cases that need a
//! browser (a 50 MB drop, 500 files, script payloads on screen) are in `tests/browser/e2e.mjs`.

mod common;

use common::{check_invariants, sample};
use parallax::engine::{
    Analysis, Format, InputError, MAX_FILE_BYTES, Options, SourceText, analyze, decode,
};

fn analyse(docs: &[SourceText]) -> Analysis {
    let a = analyze(docs, &Options::default());
    check_invariants(docs, &a);
    a
}

/// Every sentence span starts and ends on a character boundary and is the sentence's text.
fn spans_are_sound(docs: &[SourceText], a: &Analysis) {
    for (doc, source) in a.documents.iter().zip(docs) {
        for s in &doc.sentences {
            assert!(source.text.is_char_boundary(s.start) && source.text.is_char_boundary(s.end));
            assert_eq!(&source.text[s.start..s.end], s.text);
        }
    }
}

#[test]
fn binaries_are_refused_by_name() {
    // Expected: refused, the message names the file and what it is.
    let cases: &[(&str, &[u8], &str)] = &[
        ("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
        (
            "archive.zip",
            b"PK\x03\x04\x14\0\0\0\x08\0",
            "a ZIP archive",
        ),
        (
            "report.txt",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0\xB8\0",
            "a Windows program",
        ),
        ("clip.txt", b"\0\0\0\x18ftypmp42\0\0\0\0", "ISO media"),
        (
            "data.txt",
            &[0u8, 1, 2, 3, 0, 0, 5, 6, 7, 0, 0, 0, 9, 8, 0, 0],
            "not text",
        ),
    ];
    for &(name, bytes, what) in cases {
        let err = decode(name, bytes).unwrap_err().to_string();
        assert!(err.starts_with(name), "{err}");
        assert!(err.contains(what), "{name}: {err}");
    }
}

#[test]
fn empty_and_blank_files_are_refused() {
    // Expected: "… is empty: there is no text to compare."
    for bytes in [
        &b""[..],
        b"   \n\t\r\n  ",
        b"\xEF\xBB\xBF  \n",
        b"\xFF\xFE \0\n\0",
    ] {
        let err = decode("blank.txt", bytes).unwrap_err();
        assert!(matches!(err, InputError::Empty { .. }), "{bytes:?}: {err}");
        assert_eq!(
            err.to_string(),
            "blank.txt is empty: there is no text to compare."
        );
    }
}

#[test]
fn a_one_word_file_is_analysed() {
    // Expected: one sentence, in a row of its own.
    let mut docs = sample();
    docs.push(decode("one.txt", b"Hello").unwrap());
    let a = analyse(&docs);
    let d = &a.documents[5];
    assert_eq!(d.sentences.len(), 1);
    assert_eq!(d.sentences[0].text, "Hello");
}

#[test]
fn a_file_over_the_limit_is_refused_with_the_limit() {
    // Expected: refused above MAX_FILE_BYTES (20 MB), saying the size and the limit.
    let big = vec![b'a'; 50_000_000];
    let err = decode("huge.txt", &big).unwrap_err().to_string();
    assert_eq!(
        err,
        "huge.txt is too large: 50.0 MB, and the limit is 20 MB per file."
    );
    assert_eq!(MAX_FILE_BYTES, 20_000_000);
}

#[test]
fn five_hundred_documents_at_once() {
    // Expected: all analysed, every sentence in exactly one row.
    let base = sample();
    let docs: Vec<SourceText> = (0..500)
        .map(|i| {
            let s = &base[i % base.len()];
            let mut text = s.text.clone();
            text.push_str(&format!("\n\nA closing line that only copy {i} carries."));
            SourceText::new(format!("{i:03}.txt"), text)
        })
        .collect();
    let a = analyse(&docs);
    assert_eq!(a.documents.len(), 500);
}

#[test]
fn the_same_text_under_two_names_is_kept_and_flagged() {
    // Expected: both kept; each says which other file has the same text.
    let mut docs = sample();
    docs.push(SourceText::new("copy.txt", docs[0].text.clone()));
    let a = analyse(&docs);
    assert_eq!(a.documents.len(), 6);
    let first = &docs[0].name;
    assert!(
        a.documents[5]
            .warnings
            .contains(&format!("Identical to {first}: the same text."))
    );
    assert!(
        a.documents[0]
            .warnings
            .contains(&"Identical to copy.txt: the same text.".to_string())
    );
    assert!(a.documents[1].warnings.is_empty());
}

#[test]
fn encodings_are_read_or_flagged() {
    let text = "Qin Gang’s “new difficulties” in Sino-US relations — café.";
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with_bom = |bom: &[u8], body: &[u8]| [bom, body].concat();
    // Expected: the same text from each; a warning only where the encoding was guessed.
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        ("utf-16le bom", with_bom(b"\xFF\xFE", &utf16le), 0),
        ("utf-16be bom", with_bom(b"\xFE\xFF", &utf16be), 0),
        ("utf-16le", utf16le.clone(), 1),
        ("utf-16be", utf16be.clone(), 1),
        ("utf-8 bom", with_bom(b"\xEF\xBB\xBF", text.as_bytes()), 0),
    ];
    for (label, bytes, warnings) in cases {
        let doc = decode(label, &bytes).unwrap();
        assert_eq!(doc.text, text, "{label}");
        assert_eq!(doc.warnings.len(), warnings, "{label}: {:?}", doc.warnings);
    }
    // Latin-1 / Windows-1252: read as Windows-1252, said on the chip.
    let doc = decode(
        "latin1.txt",
        b"Le caf\xE9 \x93cr\xE8me\x94 co\xFBte 3 \x80.",
    )
    .unwrap();
    assert_eq!(doc.text, "Le café “crème” coûte 3 €.");
    assert_eq!(
        doc.warnings,
        ["latin1.txt is not UTF-8; it was read as Windows-1252 (Western European)."]
    );
    // Damaged UTF-8: replacement characters, a warning.
    let mut bytes = "Zürich, Genève et Lugano ont voté.".as_bytes().to_vec();
    bytes.insert(5, 0xC3);
    let doc = decode("broken.txt", &bytes).unwrap();
    assert_eq!(doc.text, "Züri\u{FFFD}ch, Genève et Lugano ont voté.");
    assert_eq!(
        doc.warnings,
        ["broken.txt is not valid UTF-8 in 1 place(s); those show as �."]
    );
}

#[test]
fn stray_nuls_are_dropped_with_a_warning() {
    // Expected: read, NULs removed, a warning; a mostly binary file stays refused.
    let mut bytes = sample()[0].text.clone().into_bytes();
    bytes.insert(200, 0);
    bytes.insert(900, 0);
    let doc = decode("nul.txt", &bytes).unwrap();
    assert_eq!(doc.text, sample()[0].text);
    assert_eq!(doc.warnings.len(), 1);
    let binary: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
    assert!(decode("noise.txt", &binary).is_err());
}

#[test]
fn line_endings_do_not_change_the_sentences() {
    // Expected: LF, CRLF, CR-only and a mix give the same sentences and paragraphs.
    let lf = sample()[1].text.replace("\r\n", "\n");
    let variants = [
        lf.clone(),
        lf.replace('\n', "\r\n"),
        lf.replace('\n', "\r"),
        lf.split('\n')
            .enumerate()
            .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
            .collect::<String>(),
    ];
    let docs: Vec<SourceText> = variants
        .iter()
        .enumerate()
        .map(|(i, t)| SourceText::new(format!("{i}.txt"), t.clone()))
        .collect();
    let a = analyse(&docs);
    let shape = |d: usize| -> Vec<(String, usize)> {
        a.documents[d]
            .sentences
            .iter()
            .map(|s| (s.text.clone(), s.paragraph))
            .collect()
    };
    for d in 1..4 {
        assert_eq!(shape(d), shape(0), "variant {d}");
    }
}

#[test]
fn right_to_left_combining_marks_and_emoji_keep_sound_spans() {
    // Expected: analysed; every span on a character boundary and equal to its sentence.
    let docs = vec![
        SourceText::new(
            "ar.txt",
            "قال وزير الخارجية الصيني إن العلاقات تواجه صعوبات جديدة. وأضاف أن واشنطن مسؤولة عن ذلك.\n\nالتقى الوزيران يوم الأربعاء.",
        ),
        SourceText::new(
            "he.txt",
            "שר החוץ הסיני אמר כי היחסים מתמודדים עם קשיים חדשים. הוא הוסיף כי וושינגטון אחראית לכך.",
        ),
        SourceText::new(
            "marks.txt",
            "Cafe\u{301} owners in Zu\u{308}rich 🇨🇭 said the rules 👩‍👩‍👧 were new. Then they left 🎉.\n\nNo\u{303}o is a word too.",
        ),
        SourceText::new(
            "marks2.txt",
            "Cafe\u{301} owners in Zu\u{308}rich 🇨🇭 said the rules 👩‍👩‍👧 were new. Then they left 🎉.",
        ),
    ];
    let a = analyse(&docs);
    spans_are_sound(&docs, &a);
    assert!(a.documents[0].sentences.len() >= 3);
    // The two texts with marks and emoji share their first sentences.
    let shared = a
        .clusters
        .iter()
        .filter(|c| c.members.iter().any(|m| m.doc == 2) && c.members.iter().any(|m| m.doc == 3))
        .count();
    assert!(shared >= 2, "{shared}");
}

#[test]
fn a_set_mixing_languages_is_flagged() {
    // Expected: the French report is flagged; the English ones are not.
    let mut docs = sample();
    docs.push(SourceText::new(
        "fr.txt",
        "Le ministre chinois des Affaires étrangères a déploré mercredi les « nouvelles \
         difficultés » dans les relations entre la Chine et les États-Unis, lors d'un appel \
         téléphonique avec son homologue américain. Il a estimé que la responsabilité en \
         incombait clairement à Washington, selon un communiqué publié par le ministère.",
    ));
    let a = analyse(&docs);
    assert_eq!(a.documents[5].language.as_deref(), Some("fra"));
    assert_eq!(
        a.documents[5].warnings,
        [
            "Written in French, unlike most of the set (English): sentences are not matched across languages."
        ]
    );
    assert!(a.documents[..5].iter().all(|d| d.warnings.is_empty()));
}

#[test]
fn one_line_of_200000_characters_without_punctuation() {
    // Expected: analysed (cut into sentences of bounded length), spans sound.
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
    ];
    let mut line = String::new();
    let mut i = 0usize;
    while line.len() < 200_000 {
        line.push_str(words[i % words.len()]);
        line.push(' ');
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    let docs = vec![
        SourceText::new("long.txt", line.clone()),
        SourceText::new("long2.txt", line),
        sample().remove(0),
    ];
    let a = analyse(&docs);
    spans_are_sound(&docs, &a);
    let longest = a.documents[0].sentences.iter().map(|s| s.text.len()).max();
    assert!(longest.is_some_and(|n| n <= 2_000), "{longest:?}");
}

#[test]
fn markup_payloads_stay_text_and_pages_lose_their_scripts() {
    // Expected: a text file's payloads are its text (the page and exports escape them); a
    // web page's scripts and handlers are never part of the article.
    let payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> \
                   <a href=\"javascript:alert(3)\">x</a> <svg onload=alert(4)>";
    let text = format!("A report quoting markup. {payload} Then the report goes on to its end.");
    let doc = decode("payload.txt", text.as_bytes()).unwrap();
    assert_eq!(doc.about.format, Format::Text);
    assert!(doc.text.contains("<script>alert(1)</script>"));
    let page = "<!DOCTYPE html><html><head><script>alert(0)</script></head><body><article>\
         <p>The council met on Tuesday and agreed a budget for the coming year, after a long debate.</p>\
         <p>Members said the plan, which raises spending on schools, would be reviewed in June.</p>\
         <img src=x onerror=\"alert(2)\"><svg onload=\"alert(4)\"><text>svg</text></svg>\
         <p><a href=\"javascript:alert(3)\">Click</a></p></article></body></html>";
    let doc = decode("payload.html", page.as_bytes()).unwrap();
    assert_eq!(doc.about.format, Format::Html);
    assert!(!doc.text.contains("alert") && !doc.left_out.contains("alert("));
    assert!(doc.text.starts_with("The council met on Tuesday"));
}
