//! Markdown: the text without its markup (`#`, `*`, link targets, code fences), one block a
//! paragraph, so that matching sees words and the reader sees prose. Told by the file name
//! (`.md`, `.markdown`) or by several marks of Markdown in the text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Whether a text is Markdown: named so, or showing at least two kinds of Markdown marks
/// (ATX headings, `[text](url)` links, `**strong**`, fenced code, `- ` lists) near the start.
pub fn looks_like_markdown(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return true;
    }
    let head: String = text.chars().take(4000).collect();
    let lines: Vec<&str> = head.lines().collect();
    let heading = lines.iter().any(|l| {
        let t = l.trim_start_matches('#');
        l.starts_with('#') && l.len() - t.len() <= 6 && t.starts_with(' ')
    });
    let link = head.contains("](http") || head.contains("](/");
    let strong = head.matches("**").count() >= 2;
    let fence = lines.iter().any(|l| l.starts_with("```"));
    let list = lines
        .iter()
        .filter(|l| l.starts_with("- ") || l.starts_with("* "))
        .count()
        >= 2;
    [heading, link, strong, fence, list]
        .iter()
        .filter(|&&b| b)
        .count()
        >= 2
}

/// The text of a Markdown document: headings, paragraphs, list items and quotes each on a
/// line of their own (a blank line between blocks), inline markup and link targets gone,
/// code kept as text, raw HTML dropped. The first heading is returned as the title.
pub fn to_text(markdown: &str) -> (String, Option<String>) {
    let mut out = String::new();
    let mut title: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut block = String::new();
    let flush = |out: &mut String, block: &mut String| {
        let t = block.trim();
        if !t.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(t);
        }
        block.clear();
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut out, &mut block);
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if title.is_none() {
                    title = heading.clone().map(|h| h.trim().to_string());
                }
                heading = None;
                flush(&mut out, &mut block);
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_))
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => flush(&mut out, &mut block),
            Event::Text(t) | Event::Code(t) => {
                block.push_str(&t);
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
            }
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => block.push('\n'),
            Event::Rule => flush(&mut out, &mut block),
            _ => {}
        }
    }
    flush(&mut out, &mut block);
    (out, title.filter(|t| !t.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_words_stay() {
        let md = "# Storm hits the coast\n\nA **storm** hit the [coast](https://x.example/coast) on\nSunday.\n\n- Schools closed.\n- Power cut.\n\n> \"We are ready,\" the mayor said.\n\n<div>raw</div>\n";
        let (text, title) = to_text(md);
        assert_eq!(title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(
            text,
            "Storm hits the coast\n\nA storm hit the coast on Sunday.\n\nSchools closed.\n\nPower cut.\n\n\"We are ready,\" the mayor said."
        );
    }

    #[test]
    fn told_by_name_or_by_marks() {
        assert!(looks_like_markdown("a.MD", "plain"));
        assert!(looks_like_markdown(
            "a.txt",
            "# Title\n\nSee [this](https://x.example)."
        ));
        assert!(!looks_like_markdown(
            "a.txt",
            "A report. It has one * star and a # sign."
        ));
    }
}
