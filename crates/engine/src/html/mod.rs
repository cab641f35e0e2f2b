//! Saved web pages → the article they carry. The page is parsed into a small tree
//! ([`dom`]), its own description is read ([`meta`]), and its text is split into the
//! article and what was left out ([`content`]). The left-out text is kept so the page can
//! show it: extraction removes page furniture from the analysis, never from sight.

mod content;
mod dom;
mod meta;

pub use content::Block;
pub use meta::PageMeta;

/// The article of a web page, and everything else it said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The article body, one paragraph per line, paragraphs separated by a blank line.
    pub text: String,
    /// The page's other text (navigation, captions, related links…), one block a line.
    pub left_out: String,
    pub left_out_words: usize,
    pub meta: PageMeta,
}

/// Extracts the article from an HTML page.
///
/// ```
/// let page = "<html><head><meta property='og:site_name' content='Planet'></head><body>\
///     <nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\
///     <article><h1>Storm hits the coast</h1>\
///     <p>A storm hit the coast on Sunday, flooding streets, closing schools and cutting power.</p>\
///     <p>Officials said the damage, which is still being assessed, could take weeks to repair.</p>\
///     </article><footer>© Planet</footer></body></html>";
/// let page = parallax_engine::html::extract(page);
/// assert!(page.text.starts_with("A storm hit the coast"));
/// assert_eq!(page.meta.title.as_deref(), Some("Storm hits the coast"));
/// assert_eq!(page.meta.outlet.as_deref(), Some("Planet"));
/// assert!(page.left_out.contains("Home World"));
/// ```
pub fn extract(html: &str) -> Extracted {
    let dom = dom::Dom::parse(html);
    let meta = meta::page_meta(&dom);
    let blocks = content::article_blocks(&dom);
    let mut text = String::new();
    let mut left_out = String::new();
    let mut left_out_words = 0;
    for b in &blocks {
        // The headline is the document's title; the engine reads it from the first line.
        let headline = b.heading && meta.title.as_deref() == Some(b.text.as_str());
        if b.article && !headline {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&b.text);
        } else {
            left_out_words += b.text.split_whitespace().count();
            if !left_out.is_empty() {
                left_out.push('\n');
            }
            left_out.push_str(&b.text);
        }
    }
    Extracted {
        text,
        left_out,
        left_out_words,
        meta,
    }
}

/// Whether a text is an HTML page: it opens with markup (a doctype, a comment, a tag) and
/// has a page's tags near the start, whatever the file is called.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<meta",
            "<title",
            "<article",
            "<div",
            "<p>",
        ]
        .iter()
        .any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COURIER: &str = include_str!("../../../../tests/fixtures/pages/courier-blinken.html");

    #[test]
    fn a_news_page_gives_its_article_and_keeps_the_rest_aside() {
        let page = extract(COURIER);
        assert!(
            page.text
                .starts_with("US Secretary of State Anthony Blinken on Wednesday urged")
        );
        assert!(
            page.text
                .contains("Qin Gang told Anthony Blinken on Wednesday.")
        );
        assert!(page.text.ends_with("Problem solver.”"));
        assert!(
            page.text.contains("\n\nFirst since 2018\n\n"),
            "subheadings stay"
        );
        for furniture in [
            "cookies",
            "Share on",
            "Advertisement",
            "Read more",
            "Great article",
            "All rights reserved",
            "Taiwan holds drills",
            "svg text",
            "Click me",
            "press conference last week",
            "World Politics",
            "alert(",
        ] {
            assert!(
                !page.text.contains(furniture),
                "{furniture:?} is not article"
            );
        }
        for kept in [
            "cookies",
            "Share on Facebook",
            "Great article",
            "All rights reserved",
            "Read more",
        ] {
            assert!(page.left_out.contains(kept), "{kept:?} is kept aside");
        }
        assert!(
            !page.left_out.contains("alert("),
            "script text is not page text"
        );
        assert_eq!(
            page.left_out_words,
            page.left_out.split_whitespace().count()
        );
        assert_eq!(
            page.meta,
            PageMeta {
                title: Some("Blinken urges Beijing to keep the lines of communication open".into()),
                date: Some("2023-06-14".into()),
                outlet: Some("The Evening Courier".into()),
                byline: Some("Jane Roe".into()),
            }
        );
    }

    #[test]
    fn pages_without_an_article_give_no_text() {
        assert_eq!(
            extract("<html><body><nav><a href='/'>Home</a></nav></body></html>").text,
            ""
        );
        assert_eq!(extract("<html><script>var a = 1;</script></html>").text, "");
        assert_eq!(extract("").text, "");
    }

    #[test]
    fn html_is_told_by_its_content() {
        assert!(looks_like_html("<!DOCTYPE html><html><body>x"));
        assert!(looks_like_html("\u{FEFF}  <html lang=en>"));
        assert!(looks_like_html("<meta charset=utf-8><title>x</title><p>y"));
        assert!(!looks_like_html(
            "Plain text that mentions <html> and <body> tags."
        ));
        assert!(!looks_like_html("A report.\n\nIt says a < b and c > d."));
    }
}
