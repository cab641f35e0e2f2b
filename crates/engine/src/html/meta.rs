//! What a page says about itself: headline, publication date, outlet and byline, from the
//! standard places (Open Graph and article meta tags, schema.org JSON-LD and microdata,
//! `<h1>`, `<time>`, `<title>`). Nothing here is keyed on a site.

use serde_json::Value;

use super::dom::Dom;
use crate::dates::{Date, parse_date_at};

/// The page's own description of the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    /// ISO 8601 date (`2019-11-20`).
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
}

/// `<meta>` names and properties that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "article.published",
];

pub fn page_meta(dom: &Dom) -> PageMeta {
    let metas: Vec<(String, &str)> = dom
        .elements()
        .filter(|(_, e)| &*e.tag == "meta")
        .filter_map(|(_, e)| {
            let key = e
                .attr("property")
                .or(e.attr("name"))
                .or(e.attr("itemprop"))?;
            Some((key.trim().to_ascii_lowercase(), e.attr("content")?))
        })
        .collect();
    let meta = |key: &str| {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| clean(v))
    };
    let ld: Vec<Value> = dom
        .json_ld
        .iter()
        .filter_map(|s| serde_json::from_str::<Value>(s.trim()).ok())
        .collect();
    let articles = ld_articles(&ld);

    let h1 = dom
        .elements()
        .filter(|(_, e)| &*e.tag == "h1")
        .map(|(i, _)| dom.text_of(i))
        .find(|t| t.split_whitespace().count() >= 2);
    let title = h1
        .or_else(|| meta("og:title"))
        .or_else(|| articles.iter().find_map(|a| ld_text(a.get("headline")?)))
        .or_else(|| meta("twitter:title"))
        .or_else(|| dom.title.clone());

    let date = DATE_META
        .iter()
        .find_map(|k| meta(k).and_then(|v| iso_date(&v)))
        .or_else(|| {
            articles
                .iter()
                .find_map(|a| iso_date(a.get("datePublished")?.as_str()?))
        })
        .or_else(|| {
            // Markup that names the publication date: itemprop, or a class such as
            // `article-publish-date`, `pubdate`, `date-published`.
            dom.elements()
                .filter(|(_, e)| {
                    &*e.tag != "meta"
                        && (e
                            .attr("itemprop")
                            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                            || e.ident.contains("pubdate")
                            || e.ident.contains("publish") && e.ident.contains("date")
                            || e.ident.contains("date-published"))
                })
                .find_map(|(i, e)| {
                    e.attr("datetime")
                        .or(e.attr("content"))
                        .and_then(iso_date)
                        .or_else(|| iso_date(&dom.text_of(i)))
                })
        })
        .or_else(|| {
            dom.elements()
                .filter(|(_, e)| &*e.tag == "time")
                .find_map(|(i, e)| {
                    e.attr("datetime")
                        .and_then(iso_date)
                        .or_else(|| iso_date(&dom.text_of(i)))
                })
        });

    let outlet = meta("og:site_name")
        .or_else(|| articles.iter().find_map(|a| ld_text(a.get("publisher")?)))
        .or_else(|| meta("application-name"));

    let byline = articles
        .iter()
        .find_map(|a| ld_text(a.get("author")?))
        .or_else(|| meta("author").filter(|v| !looks_like_url(v)))
        .or_else(|| meta("article:author").filter(|v| !looks_like_url(v)))
        .or_else(|| meta("parsely-author"))
        .or_else(|| {
            dom.elements()
                .find(|(_, e)| {
                    e.attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("author"))
                        || e.attr("itemprop")
                            .is_some_and(|r| r.eq_ignore_ascii_case("author"))
                })
                .map(|(i, _)| dom.text_of(i))
                .filter(|t| !t.is_empty() && t.chars().count() <= 120)
        });

    PageMeta {
        title: title.filter(|t| !t.is_empty()),
        date,
        outlet: outlet.filter(|t| !t.is_empty()),
        byline: byline.filter(|t| !t.is_empty()),
    }
}

fn clean(s: &str) -> String {
    let mut out = String::new();
    super::dom::push_collapsed(&mut out, s);
    out.trim().to_string()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/')
}

/// The JSON-LD objects that describe an article (any `*Article`, `*Posting`, `Report`),
/// looked for in lists and `@graph`s; all objects when none says so.
fn ld_articles(ld: &[Value]) -> Vec<&Value> {
    let mut all = Vec::new();
    let mut stack: Vec<&Value> = ld.iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                all.push(v);
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
            }
            _ => {}
        }
        if all.len() > 200 {
            break;
        }
    }
    let is_article = |v: &&Value| {
        let types = match v.get("@type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        types
            .iter()
            .any(|t| t.ends_with("Article") || t.ends_with("Posting") || *t == "Report")
    };
    let articles: Vec<&Value> = all.iter().copied().filter(is_article).collect();
    if articles.is_empty() { all } else { articles }
}

/// A name from a JSON-LD value: a string, `{"name": …}`, or a list of them joined.
fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !looks_like_url(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(ld_text),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(ld_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// `2019-11-20T14:03:00Z`, `20 November 2019` … → `2019-11-20`.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let (m, d) = (&s[5..7], &s[8..10]);
        let ok = matches!(m.parse::<u8>(), Ok(1..=12)) && matches!(d.parse::<u8>(), Ok(1..=31));
        return ok.then(|| s[..10].to_string());
    }
    // A date somewhere in the text ("Fri 6:45 PM, Feb 16, 2018", "01:38 PM IST Nov 20, 2019"):
    // tried at each word of the first 80 characters.
    s.char_indices()
        .take_while(|&(i, _)| i < 80)
        .filter(|&(i, c)| {
            c.is_alphanumeric() && (i == 0 || !s[..i].ends_with(char::is_alphanumeric))
        })
        .find_map(|(i, _)| parse_date_at(s, i))
        .map(|(d, _)| Date { time: None, ..d }.iso())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_tags_json_ld_and_markup() {
        let html = r#"<html><head><title>Ignored | Site</title>
            <meta property="og:site_name" content="The Daily Planet">
            <meta property="article:published_time" content="2019-11-20T14:03:00Z">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"H","author":[{"@type":"Person","name":"Lois Lane"},{"name":"Clark Kent"}]}]}</script>
            </head><body><h1>Storm hits the  coast</h1></body></html>"#;
        let meta = page_meta(&Dom::parse(html));
        assert_eq!(meta.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(meta.date.as_deref(), Some("2019-11-20"));
        assert_eq!(meta.outlet.as_deref(), Some("The Daily Planet"));
        assert_eq!(meta.byline.as_deref(), Some("Lois Lane, Clark Kent"));
    }

    #[test]
    fn time_element_and_fallbacks() {
        let html = r#"<title>Only title</title><meta name="author" content="https://x.example/a">
            <p>By <a rel="author">Jane Roe</a></p><time datetime="2021-03-04">March 4</time>"#;
        let meta = page_meta(&Dom::parse(html));
        assert_eq!(meta.title.as_deref(), Some("Only title"));
        assert_eq!(meta.date.as_deref(), Some("2021-03-04"));
        assert_eq!(meta.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(meta.outlet, None);
    }

    #[test]
    fn dates_written_out_in_markup() {
        let dom = Dom::parse(
            r#"<span class="storyDate">Posted: <span itemprop="datePublished">Fri 6:45 PM, Feb 16, 2018</span></span>"#,
        );
        assert_eq!(page_meta(&dom).date.as_deref(), Some("2018-02-16"));
        let dom =
            Dom::parse(r#"<span class="article-publish-date">November 19, 2019, 9:02 AM</span>"#);
        assert_eq!(page_meta(&dom).date.as_deref(), Some("2019-11-19"));
        assert_eq!(
            iso_date("01:38:07 PM IST Nov 20, 2019").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(iso_date("no date here"), None);
    }

    #[test]
    fn bad_json_ld_is_ignored() {
        let dom = Dom::parse(r#"<script type="application/ld+json">{not json</script><p>x"#);
        assert_eq!(page_meta(&dom), PageMeta::default());
        assert_eq!(dom.text_of(0), "x", "the script is not page text");
    }
}
