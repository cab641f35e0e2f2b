//! Bytes → text. UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or guessed from the
//! pattern of NUL bytes), and Windows-1252 for the rest, with a warning whenever the result
//! is a guess or lost bytes.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

use super::error::InputError;
use super::formats;
use super::html;

/// Largest file the engine accepts (the page runs in a browser tab).
pub const MAX_FILE_BYTES: usize = 20_000_000;

/// How many leading bytes are inspected to tell text from binary.
const SNIFF: usize = 512;

/// A document's text as the engine sees it. Every byte offset in an
/// [`Analysis`](super::Analysis) points into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub name: String,
    pub text: String,
    pub warnings: Vec<String>,
    /// What the file said about itself (a web page's headline, date, outlet, byline).
    #[serde(default)]
    pub about: About,
    /// Text of the file that is not the article (a web page's navigation, captions,
    /// related links…), one block a line: shown on request, never analysed.
    #[serde(default)]
    pub left_out: String,
}

/// What a file said about itself, beside its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    /// The kind of file it was read as.
    pub format: Format,
    pub title: Option<String>,
    /// ISO 8601 date.
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
}

/// The kind of file a document was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    #[default]
    Text,
    Html,
    Markdown,
    /// A Word document (`.docx`).
    Word,
    /// A saved web archive (`.mhtml`).
    WebArchive,
    /// One article of a JSON Lines batch.
    JsonLines,
}

impl SourceText {
    /// Words of the file left out of the article.
    pub fn left_out_words(&self) -> usize {
        self.left_out.split_whitespace().count()
    }

    /// A document from text already in memory (pasted, or read as UTF-8 by the caller).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            warnings: Vec::new(),
            about: About::default(),
            left_out: String::new(),
        }
    }
}

/// Reads a file that may hold several articles (a JSON Lines batch) or one (anything else):
/// each article, or why it could not be read. A failure of one line never loses the others.
///
/// ```
/// use parallax_engine::decode_all;
/// let batch = b"{\"name\": \"a\", \"text\": \"One.\"}\n{\"name\": \"b\", \"text\": \"Two.\"}\n";
/// let docs = decode_all("batch.jsonl", batch);
/// assert_eq!(docs.len(), 2);
/// assert_eq!(docs[1].as_ref().unwrap().text, "Two.");
/// ```
pub fn decode_all(name: &str, bytes: &[u8]) -> Vec<Result<SourceText, InputError>> {
    if bytes.len() <= MAX_FILE_BYTES && formats::docx::is_docx(bytes) {
        return vec![from_docx(name, bytes)];
    }
    match decode_text(name, bytes) {
        Err(e) => vec![Err(e)],
        Ok((text, _)) if formats::jsonl::looks_like_jsonl(&text) => {
            formats::jsonl::read(name, &text)
        }
        Ok((text, warnings)) => vec![from_text(name.to_string(), text, warnings)],
    }
}

/// Decodes a file's bytes, or says why it is not an article.
///
/// ```
/// use parallax_engine::decode;
/// let doc = decode("a.txt", b"\xEF\xBB\xBFHello").unwrap();
/// assert_eq!(doc.text, "Hello");
/// assert!(decode("b.txt", b"\x89PNG\r\n\x1a\n\0\0").is_err());
/// ```
pub fn decode(name: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    let mut all = decode_all(name, bytes);
    match all.len() {
        1 => all.pop().unwrap_or(Err(InputError::Empty {
            name: name.to_string(),
        })),
        0 => Err(InputError::Empty {
            name: name.to_string(),
        }),
        count => Err(InputError::Batch {
            name: name.to_string(),
            count,
        }),
    }
}

/// Bytes → text and the warnings about how it was read, or why it is not text.
fn decode_text(name: &str, bytes: &[u8]) -> Result<(String, Vec<String>), InputError> {
    let name = name.to_string();
    if bytes.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge {
            name,
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if let Some(format) = binary_format(bytes) {
        return Err(InputError::Format { name, format });
    }
    let mut warnings = Vec::new();
    let text = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        decode_with(encoding, &bytes[bom..], &mut warnings)
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        warnings.push(format!(
            "{name} has no byte-order mark; it was read as {} because of its NUL bytes.",
            encoding.name()
        ));
        decode_with(encoding, bytes, &mut warnings)
    } else if let Some(encoding) =
        html_charset(bytes).filter(|_| std::str::from_utf8(bytes).is_err())
    {
        decode_with(encoding, bytes, &mut warnings)
    } else {
        let nul = bytes.iter().filter(|&&b| b == 0).count();
        let stripped;
        let bytes = if nul == 0 {
            bytes
        } else if is_stray_nul(nul, bytes.len()) {
            // A few stray NULs in a text (a bad copy, a broken export) are dropped.
            warnings.push(format!(
                "{name} had {nul} NUL byte(s) in its text; they were removed."
            ));
            stripped = bytes
                .iter()
                .copied()
                .filter(|&b| b != 0)
                .collect::<Vec<u8>>();
            &stripped[..]
        } else {
            let sampled = bytes.len().min(SNIFF);
            let control = bytes[..sampled]
                .iter()
                .filter(|&&b| is_control_byte(b))
                .count();
            return Err(InputError::Binary {
                name,
                nul: bytes[..sampled].iter().filter(|&&b| b == 0).count().max(1),
                control,
                sampled,
            });
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) if mostly_utf8(bytes) => {
                // UTF-8 with a few broken sequences: the rest is read, the damage shows as �.
                let text = String::from_utf8_lossy(bytes).into_owned();
                let lost = text.chars().filter(|&c| c == '\u{FFFD}').count();
                warnings.push(format!(
                    "{name} is not valid UTF-8 in {lost} place(s); those show as �."
                ));
                text
            }
            Err(_) => {
                warnings.push(format!(
                    "{name} is not UTF-8; it was read as Windows-1252 (Western European)."
                ));
                decode_with(WINDOWS_1252, bytes, &mut warnings)
            }
        }
    };
    let sampled: Vec<char> = text.chars().take(SNIFF).collect();
    let control = sampled.iter().filter(|&&c| is_control_char(c)).count();
    if control * 10 > sampled.len() {
        return Err(InputError::Binary {
            name,
            nul: 0,
            control,
            sampled: sampled.len(),
        });
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty { name });
    }
    Ok((text, warnings))
}

/// A decoded text as the article it carries: a web page or web archive is extracted,
/// Markdown loses its markup, anything else is the text itself.
fn from_text(name: String, text: String, warnings: Vec<String>) -> Result<SourceText, InputError> {
    if formats::mhtml::looks_like_mhtml(&text) {
        let Some(page) = formats::mhtml::html_part(&text) else {
            return Err(InputError::Damaged {
                name,
                format: "a web archive (MHTML)",
                why: "it has no HTML part".into(),
            });
        };
        let mut doc = from_html(name, &page, warnings)?;
        doc.about.format = Format::WebArchive;
        return Ok(doc);
    }
    if html::looks_like_html(&text) {
        return from_html(name, &text, warnings);
    }
    if formats::markdown::looks_like_markdown(&name, &text) {
        let (plain, title) = formats::markdown::to_text(&text);
        if plain.trim().is_empty() {
            return Err(InputError::Empty { name });
        }
        return Ok(SourceText {
            about: About {
                format: Format::Markdown,
                title,
                ..About::default()
            },
            warnings,
            ..SourceText::new(name, plain)
        });
    }
    Ok(SourceText {
        name,
        text,
        warnings,
        about: About::default(),
        left_out: String::new(),
    })
}

/// A Word document: its paragraphs, title first when its properties give one.
fn from_docx(name: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    let docx = formats::docx::read(bytes).map_err(|why| InputError::Damaged {
        name: name.to_string(),
        format: "a Word document",
        why,
    })?;
    if docx.text.trim().is_empty() {
        return Err(InputError::Empty {
            name: name.to_string(),
        });
    }
    let first_line = docx.text.lines().next().unwrap_or("");
    let title = docx.title.as_deref().filter(|t| *t != first_line);
    let text = headline_first(title, &docx.text);
    Ok(SourceText {
        about: About {
            format: Format::Word,
            title: docx.title,
            date: docx.created,
            outlet: None,
            byline: docx.author,
        },
        ..SourceText::new(name, text)
    })
}

/// A web page: its article becomes the text (headline first), the rest is left out.
fn from_html(name: String, page: &str, warnings: Vec<String>) -> Result<SourceText, InputError> {
    let page = html::extract(page);
    if page.text.trim().is_empty() {
        return Err(InputError::NoArticle { name });
    }
    let text = headline_first(page.meta.title.as_deref(), &page.text);
    Ok(SourceText {
        name,
        text,
        warnings,
        about: About {
            format: Format::Html,
            title: page.meta.title,
            date: page.meta.date,
            outlet: page.meta.outlet,
            byline: page.meta.byline,
        },
        left_out: page.left_out,
    })
}

/// A document's text as the engine reads it: the headline, if any, on the first line (where
/// ingest finds the title), a blank line, the body.
fn headline_first(title: Option<&str>, body: &str) -> String {
    match title {
        Some(title) => format!("{title}\n\n{body}"),
        None => body.to_string(),
    }
}

/// The encoding an HTML page declares (`<meta charset=…>` or `http-equiv` content type)
/// in its first kilobytes.
fn html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end]).filter(|&e| e != UTF_16LE && e != UTF_16BE)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], warnings: &mut Vec<String>) -> String {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let lost = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let what = if encoding == UTF_8 {
            "UTF-8".to_string()
        } else {
            encoding.name().to_string()
        };
        warnings.push(format!(
            "Decoding as {what} was lossy: {lost} character(s) could not be read and show as �."
        ));
    }
    text.into_owned()
}

/// Whether `nul` NUL bytes in `len` are strays in a text (then dropped): at most 64 of them,
/// and at most one byte in a hundred.
fn is_stray_nul(nul: usize, len: usize) -> bool {
    nul <= 64 && nul * 100 <= len
}

/// Whether bytes that are not valid UTF-8 are UTF-8 with some damage (valid multi-byte
/// sequences outnumber the invalid bytes) rather than a single-byte encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > invalid
}

/// UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 >= pairs * 7 && even * 10 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (not a Word .docx document)"),
        (b"\xD0\xCF\x11\xE0", "a legacy Microsoft Office document"),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\0asm", "a WebAssembly module"),
        (b"\x7FELF", "an executable"),
        (b"\xCA\xFE\xBA\xBE", "an executable"),
        (b"\xCF\xFA\xED\xFE", "an executable"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"RIFF", "a media file (RIFF: WAV, AVI or WebP)"),
        (b"ID3", "an MP3 audio file"),
        (b"OggS", "an Ogg media file"),
        (b"\x1A\x45\xDF\xA3", "a video (Matroska/WebM)"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    // A Windows program starts "MZ" and has NULs in its header (a text may start "MZ").
    if bytes.starts_with(b"MZ") && bytes[..bytes.len().min(64)].contains(&0) {
        return Some("a Windows program");
    }
    // ISO media (MP4, MOV, HEIC): "ftyp" at byte 4.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("a video or image (ISO media: MP4, MOV, HEIC)");
    }
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, format)| format)
}

fn is_control_byte(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)
}

fn is_control_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | '\u{85}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let cases: &[(&str, &[u8], &str, usize)] = &[
            (
                "utf8",
                "Qin Gang’s “call”".as_bytes(),
                "Qin Gang’s “call”",
                0,
            ),
            ("utf8 bom", b"\xEF\xBB\xBFabc", "abc", 0),
            ("utf16le bom", b"\xFF\xFEa\0b\0", "ab", 0),
            ("utf16be bom", b"\xFE\xFF\0a\0b", "ab", 0),
            ("utf16le no bom", b"a\0b\0c\0d\0", "abcd", 1),
            ("cp1252", b"caf\xE9 \x93quoted\x94", "café “quoted”", 1),
            ("lossy utf8 bom", b"\xEF\xBB\xBFab\xFFc", "ab\u{FFFD}c", 1),
            ("utf16be no bom", b"\0a\0b\0c\0d", "abcd", 1),
            (
                "latin-1",
                b"cr\xE8me br\xFBl\xE9e \xE0 la fran\xE7aise",
                "crème brûlée à la française",
                1,
            ),
            // Damaged UTF-8 stays UTF-8: the broken byte becomes �, the rest is kept.
            (
                "invalid utf8",
                "café ça va "
                    .as_bytes()
                    .iter()
                    .chain(b"\xFF ok")
                    .copied()
                    .collect::<Vec<u8>>()
                    .leak(),
                "café ça va \u{FFFD} ok",
                1,
            ),
        ];
        for (label, bytes, text, warnings) in cases {
            let doc = decode(label, bytes).unwrap();
            assert_eq!(doc.text, *text, "{label}");
            assert_eq!(doc.warnings.len(), *warnings, "{label}: {:?}", doc.warnings);
        }
    }

    #[test]
    fn stray_nuls_are_dropped_and_binaries_refused() {
        let mut text = "A text with a stray NUL in it, as a broken export leaves. "
            .repeat(4)
            .into_bytes();
        text.insert(10, 0);
        text.insert(100, 0);
        let doc = decode("nul.txt", &text).unwrap();
        assert!(!doc.text.contains('\0'));
        assert!(doc.text.starts_with("A text wit"));
        assert_eq!(
            doc.warnings,
            vec!["nul.txt had 2 NUL byte(s) in its text; they were removed.".to_string()]
        );
        let mostly_binary: Vec<u8> = (0..4000u32)
            .map(|i| if i % 3 == 0 { 0 } else { b'a' })
            .collect();
        assert!(matches!(
            decode("x.dat", &mostly_binary),
            Err(InputError::Binary { .. })
        ));
    }

    #[test]
    fn rejects() {
        let err = decode("photo.png", b"\x89PNG\r\n\x1a\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "photo.png is not text: it is a PNG image. Save the article as plain text."
        );
        let err = decode("blob.bin", b"ab\0\0\0c\x01\x02d\0").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("blob.bin is not text: 4 of its first 10 bytes")
        );
        assert!(matches!(
            decode("e.txt", b" \n\t "),
            Err(InputError::Empty { .. })
        ));
        assert!(matches!(
            decode("e.txt", b""),
            Err(InputError::Empty { .. })
        ));
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0";
        assert!(
            decode("setup.txt", exe)
                .unwrap_err()
                .to_string()
                .contains("a Windows program")
        );
        assert_eq!(
            decode("mz.txt", b"MZ Wallace opened a shop.").unwrap().text,
            "MZ Wallace opened a shop."
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(
            decode("big.txt", &big),
            Err(InputError::TooLarge { .. })
        ));
    }
}

#[cfg(test)]
mod web_page_tests {
    use super::*;

    const COURIER: &str = include_str!("../../../tests/fixtures/pages/courier-blinken.html");

    #[test]
    fn a_saved_web_page_is_read_as_its_article() {
        let doc = decode("courier.html", COURIER.as_bytes()).unwrap();
        assert_eq!(doc.about.format, Format::Html);
        assert!(doc.text.starts_with(
            "Blinken urges Beijing to keep the lines of communication open\n\nUS Secretary of State"
        ));
        assert_eq!(doc.about.outlet.as_deref(), Some("The Evening Courier"));
        assert_eq!(doc.about.date.as_deref(), Some("2023-06-14"));
        assert!(doc.left_out.contains("Great article"));
        assert!(doc.left_out_words() > 40);
        // Decided by content, not by name.
        let named_txt = decode("courier.txt", COURIER.as_bytes()).unwrap();
        assert_eq!(named_txt.about.format, Format::Html);
    }

    #[test]
    fn a_page_with_no_article_is_refused_by_name() {
        let err = decode(
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        )
        .unwrap_err();
        assert!(matches!(err, InputError::NoArticle { .. }));
        assert!(
            err.to_string()
                .starts_with("menu.html is a web page with no article text")
        );
    }

    #[test]
    fn a_page_declares_its_encoding() {
        let mut page =
            b"<html><head><meta charset=\"windows-1252\"></head><body><article><p>".to_vec();
        page.extend_from_slice(b"Caf\xE9 owners in the old town said on Monday that the new rules would cost them dearly.");
        page.extend_from_slice(b"</p></article></body></html>");
        let doc = decode("cafe.html", &page).unwrap();
        assert!(doc.text.starts_with("Café owners"), "{}", doc.text);
    }
}
