//! Word documents (`.docx`): the paragraphs of the main text, headings included; footnotes,
//! comments, headers and footers live in other parts of the file and are not read; tracked
//! deletions and moved-away text are not text. The title, author and creation date come from
//! the document's properties.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The most a part of the document may inflate to (a guard against zip bombs).
const MAX_PART_BYTES: u64 = 64_000_000;

/// What a Word document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docx {
    /// Paragraphs separated by blank lines.
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 date of creation.
    pub created: Option<String>,
}

/// Whether bytes are a ZIP archive holding a Word document's main part.
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|mut z| z.by_name("word/document.xml").is_ok())
}

/// Reads a Word document; `Err` says what is wrong with it.
pub fn read(bytes: &[u8]) -> Result<Docx, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("its ZIP structure is damaged ({e})"))?;
    let document = part(&mut archive, "word/document.xml")?
        .ok_or("it has no main text (word/document.xml)")?;
    let text = paragraphs(&document)?;
    let mut docx = Docx {
        text,
        ..Docx::default()
    };
    if let Ok(Some(core)) = part(&mut archive, "docProps/core.xml") {
        docx.title = element_text(&core, "title");
        docx.author = element_text(&core, "creator");
        docx.created = element_text(&core, "created")
            .filter(|d| d.len() >= 10 && d.is_char_boundary(10))
            .map(|d| d[..10].to_string());
    }
    Ok(docx)
}

fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    if file.size() > MAX_PART_BYTES {
        return Err(format!("its part {name} inflates to more than 64 MB"));
    }
    let mut out = String::new();
    file.take(MAX_PART_BYTES)
        .read_to_string(&mut out)
        .map_err(|e| format!("its part {name} cannot be read ({e})"))?;
    Ok(Some(out))
}

/// The text of `<w:p>` paragraphs: `<w:t>` runs, tabs and breaks; not `<w:delText>` nor
/// anything inside `<w:del>` or `<w:moveFrom>`.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let (mut in_text, mut deleted) = (false, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "del" | "moveFrom" => deleted += 1,
                "p" => para.clear(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().into_inner() {
                "tab" if deleted == 0 => para.push('\t'),
                "br" | "cr" if deleted == 0 => para.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                "p" => {
                    let t = para.trim();
                    if !t.is_empty() {
                        if !out.is_empty() {
                            out.push_str("\n\n");
                        }
                        out.push_str(t);
                    }
                    para.clear();
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text && deleted == 0 => {
                para.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(r)) if in_text && deleted == 0 => {
                if let Some(c) = quick_xml::escape::resolve_predefined_entity(&r) {
                    para.push_str(c);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("its main text is not well-formed XML ({e})")),
            _ => {}
        }
    }
    Ok(out)
}

/// The text of the first element with this local name.
fn element_text(xml: &str, local: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().into_inner() == local => inside = true,
            Ok(Event::End(e)) if e.local_name().into_inner() == local => break,
            Ok(Event::Text(t)) if inside => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => {
                out.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or(""));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word file with these parts.
    pub(crate) fn docx_file(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in parts {
                zip.start_file(*name, options).unwrap();
                zip.write_all(body.as_bytes()).unwrap();
            }
            zip.finish().unwrap();
        }
        buf.into_inner()
    }

    pub(crate) const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Storm hits the coast</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">A storm hit the coast on </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Sunday</w:t></w:r><w:del w:id="1"><w:r><w:delText> morning</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>, officials &amp; residents said</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:p><w:r><w:t>Schools</w:t></w:r><w:r><w:tab/><w:t>closed.</w:t></w:r><w:moveFrom w:id="3"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom></w:p>
<w:p/>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_without_deletions_footnotes_or_comments() {
        let file = docx_file(&[
            ("word/document.xml", DOCUMENT),
            (
                "word/footnotes.xml",
                "<w:footnotes><w:footnote><w:p><w:r><w:t>A footnote.</w:t></w:r></w:p></w:footnote></w:footnotes>",
            ),
            (
                "word/comments.xml",
                "<w:comments><w:comment><w:p><w:r><w:t>A comment.</w:t></w:r></w:p></w:comment></w:comments>",
            ),
            (
                "docProps/core.xml",
                r#"<cp:coreProperties xmlns:cp="x" xmlns:dc="d" xmlns:dcterms="t"><dc:title>Storm</dc:title><dc:creator>Jane Roe</dc:creator><dcterms:created>2023-06-14T08:00:00Z</dcterms:created></cp:coreProperties>"#,
            ),
        ]);
        assert!(is_docx(&file));
        let docx = read(&file).unwrap();
        assert_eq!(
            docx.text,
            "Storm hits the coast\n\nA storm hit the coast on Sunday, officials & residents said.\n\nSchools\tclosed."
        );
        assert_eq!(docx.title.as_deref(), Some("Storm"));
        assert_eq!(docx.author.as_deref(), Some("Jane Roe"));
        assert_eq!(docx.created.as_deref(), Some("2023-06-14"));
    }

    #[test]
    fn damaged_files_say_why() {
        assert!(!is_docx(b"PK\x03\x04garbage"));
        let no_main = docx_file(&[("other.xml", "<a/>")]);
        assert!(!is_docx(&no_main));
        assert!(read(&no_main).unwrap_err().contains("no main text"));
        let bad_xml = docx_file(&[("word/document.xml", "<w:document><w:p><w:t>x</w:p>")]);
        assert!(read(&bad_xml).unwrap_err().contains("not well-formed"));
    }
}
