//! A small document tree built from html5gum's tokens: elements with the few attributes
//! extraction reads, and text. Not a full HTML5 tree builder: it applies the implied end
//! tags that matter for text (an open `<p>` closed by a block, `<li>` by `<li>`, cells and
//! rows), skips what is never text (scripts, styles, templates) and keeps JSON-LD and the
//! `<title>` aside. Nodes are stored in document order, so a parent always comes before its
//! children and bottom-up passes are a reverse loop, never recursion.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Nesting deeper than this is flattened (children attach to the deepest kept element), so
/// no pass over the tree can be driven arbitrarily deep by hostile input.
const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: Box<str>,
    /// The `class` and `id` values, lower-cased, space-separated.
    pub ident: String,
    /// The other attributes extraction reads (lower-case names).
    pub attrs: Vec<(Box<str>, String)>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

impl Node {
    pub fn element(&self) -> Option<&Element> {
        match &self.kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    pub fn tag(&self) -> &str {
        self.element().map_or("", |e| &e.tag)
    }
}

/// A parsed page. Node 0 is the root (a synthetic `#root` element).
#[derive(Debug, Clone, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// The contents of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// The text of `<title>`.
    pub title: Option<String>,
}

#[rustfmt::skip]
const KEPT_ATTRS: &[&str] = &[
    "role", "hidden", "aria-hidden", "style", "itemprop", "itemtype", "property", "name",
    "content", "datetime", "rel", "type", "http-equiv", "charset",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is never article text (their text is dropped at parse time).
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "textarea", "select", "noembed", "noframes",
];

/// Start tags that close an open `<p>` (HTML's "closes a p element in button scope").
#[rustfmt::skip]
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul", "dd", "dt",
];

impl Dom {
    pub fn parse(html: &str) -> Dom {
        let mut builder = Builder::new();
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            builder.token(token);
        }
        builder.dom
    }

    /// The text of a subtree, whitespace collapsed.
    pub fn text_of(&self, node: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => push_collapsed(&mut out, t),
                Kind::Element(e) => {
                    if &*e.tag == "br" {
                        push_collapsed(&mut out, " ");
                    }
                    stack.extend(self.nodes[n].children.iter().rev());
                }
            }
        }
        out.trim().to_string()
    }

    /// Elements in document order, with their index.
    pub fn elements(&self) -> impl Iterator<Item = (usize, &Element)> {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.element().map(|e| (i, e)))
    }
}

/// Appends `text` with runs of whitespace collapsed to one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Tags that implied end tags look for; how many of each are open is counted so that a
/// start tag scans the open elements only when one of them could be closed.
const TRACKED: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
];

struct Builder {
    dom: Dom,
    stack: Vec<usize>,
    /// Open elements of each [`TRACKED`] tag.
    open: [usize; TRACKED.len()],
    /// Inside a skipped element: its tag and how many of its kind are open.
    skipping: Option<(Box<str>, usize)>,
    /// Collecting the text of a `<title>` or a JSON-LD script.
    capture: Option<(Capture, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    JsonLd,
}

impl Builder {
    fn new() -> Self {
        let root = Node {
            kind: Kind::Element(Element {
                tag: "#root".into(),
                ident: String::new(),
                attrs: Vec::new(),
            }),
            parent: None,
            children: Vec::new(),
        };
        Builder {
            dom: Dom {
                nodes: vec![root],
                ..Dom::default()
            },
            stack: vec![0],
            open: [0; TRACKED.len()],
            skipping: None,
            capture: None,
        }
    }

    fn current(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some((skipped, depth)) = &mut self.skipping {
                    if **skipped == *name && !tag.self_closing {
                        *depth += 1;
                    }
                    return;
                }
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                };
                if name == "title" {
                    self.capture = Some((Capture::Title, String::new()));
                    return;
                }
                if name == "script"
                    && attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    self.capture = Some((Capture::JsonLd, String::new()));
                }
                if SKIPPED.contains(&name.as_str()) {
                    if !tag.self_closing {
                        self.skipping = Some((name.into(), 1));
                    }
                    return;
                }
                self.implied_end_tags(&name);
                let mut ident = String::new();
                for key in ["class", "id"] {
                    if let Some(v) = attr(key) {
                        ident.push_str(&v.to_lowercase());
                        ident.push(' ');
                    }
                }
                let attrs = KEPT_ATTRS
                    .iter()
                    .filter_map(|&k| attr(k).map(|v| (Box::<str>::from(k), v)))
                    .collect();
                let void = VOID.contains(&name.as_str()) || tag.self_closing;
                let node = self.push(Kind::Element(Element {
                    tag: name.into(),
                    ident,
                    attrs,
                }));
                if !void && self.stack.len() < MAX_DEPTH {
                    self.stack.push(node);
                    if let Some(t) = TRACKED
                        .iter()
                        .position(|&t| t == self.dom.nodes[node].tag())
                    {
                        self.open[t] += 1;
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some((skipped, depth)) = &mut self.skipping {
                    if **skipped == *name {
                        *depth -= 1;
                        if *depth == 0 {
                            self.skipping = None;
                            self.finish_capture();
                        }
                    }
                    return;
                }
                if name == "title" {
                    self.finish_capture();
                    return;
                }
                self.close(&name);
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text.value);
                if let Some((_, buf)) = &mut self.capture {
                    buf.push_str(&text);
                    return;
                }
                if self.skipping.is_some() {
                    return;
                }
                let parent = self.current();
                if let Some(&last) = self.dom.nodes[parent].children.last()
                    && let Kind::Text(t) = &mut self.dom.nodes[last].kind
                {
                    t.push_str(&text);
                    return;
                }
                self.push(Kind::Text(text.into_owned()));
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }

    fn finish_capture(&mut self) {
        match self.capture.take() {
            Some((Capture::Title, t)) => {
                let mut s = String::new();
                push_collapsed(&mut s, &t);
                if self.dom.title.is_none() && !s.trim().is_empty() {
                    self.dom.title = Some(s.trim().to_string());
                }
            }
            Some((Capture::JsonLd, t)) => self.dom.json_ld.push(t),
            None => {}
        }
    }

    fn push(&mut self, kind: Kind) -> usize {
        let parent = self.current();
        let id = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
        });
        self.dom.nodes[parent].children.push(id);
        id
    }

    fn open_tag(&self, depth_from_top: usize) -> &str {
        self.dom.nodes[self.stack[self.stack.len() - 1 - depth_from_top]].tag()
    }

    /// Pops the open elements above `depth_from_top`, and that one.
    fn pop_to(&mut self, depth_from_top: usize) {
        let keep = self.stack.len() - 1 - depth_from_top;
        for &n in &self.stack[keep..] {
            if let Some(t) = TRACKED.iter().position(|&t| t == self.dom.nodes[n].tag()) {
                self.open[t] -= 1;
            }
        }
        self.stack.truncate(keep);
    }

    fn any_open(&self, tags: &[&str]) -> bool {
        tags.iter().any(|t| {
            TRACKED
                .iter()
                .position(|x| x == t)
                .is_some_and(|i| self.open[i] > 0)
        })
    }

    /// Closes what a new start tag implicitly ends.
    fn implied_end_tags(&mut self, name: &str) {
        let in_scope = |b: &Builder, target: &[&str], boundary: &[&str]| {
            (0..b.stack.len().saturating_sub(1)).find_map(|d| {
                let t = b.open_tag(d);
                if target.contains(&t) {
                    Some(true)
                } else if boundary.contains(&t) {
                    Some(false)
                } else {
                    None
                }
            }) == Some(true)
        };
        const SCOPE: &[&str] = &[
            "table", "td", "th", "button", "html", "body", "marquee", "object",
        ];
        if CLOSES_P.contains(&name) && self.any_open(&["p"]) && in_scope(self, &["p"], SCOPE) {
            self.close("p");
        }
        let (targets, boundary): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "table", "div"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl", "table", "div"]),
            "tr" => (&["tr", "td", "th"], &["table", "thead", "tbody", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "option" => (&["option"], &["select", "datalist"]),
            "thead" | "tbody" | "tfoot" => {
                (&["thead", "tbody", "tfoot", "tr", "td", "th"], &["table"])
            }
            _ => return,
        };
        if !self.any_open(targets) {
            return;
        }
        if let Some(d) = (0..self.stack.len().saturating_sub(1))
            .find_map(|d| {
                let t = self.open_tag(d);
                if targets.contains(&t) {
                    Some(Some(d))
                } else if boundary.contains(&t) {
                    Some(None)
                } else {
                    None
                }
            })
            .flatten()
        {
            self.pop_to(d);
        }
    }

    /// Closes the nearest open element named `name`, and what is open inside it.
    fn close(&mut self, name: &str) {
        if let Some(d) = (0..self.stack.len().saturating_sub(1)).find(|&d| self.open_tag(d) == name)
        {
            self.pop_to(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dom: &Dom, node: usize) -> String {
        let n = &dom.nodes[node];
        match &n.kind {
            Kind::Text(t) => t.clone(),
            Kind::Element(e) => {
                let inner: Vec<String> = n.children.iter().map(|&c| shape(dom, c)).collect();
                format!("<{}>{}</>", e.tag, inner.join(""))
            }
        }
    }

    #[test]
    fn implied_end_tags_and_skipped_content() {
        let dom = Dom::parse(
            "<title>T &amp; U</title><p>one<p>two<div>three</div><ul><li>a<li>b</ul>\
             <script>var x = '<p>no</p>';</script><style>p{}</style>four<br>five",
        );
        assert_eq!(
            shape(&dom, 0),
            "<#root><p>one</><p>two</><div>three</><ul><li>a</><li>b</></>four<br></>five</>"
        );
        assert_eq!(dom.title.as_deref(), Some("T & U"));
    }

    #[test]
    fn json_ld_is_kept_aside() {
        let dom = Dom::parse(r#"<script type="application/ld+json">{"a":1}</script><p>x"#);
        assert_eq!(dom.json_ld, vec![r#"{"a":1}"#.to_string()]);
        assert_eq!(dom.text_of(0), "x");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = "<div>".repeat(100_000) + "deep";
        let dom = Dom::parse(&html);
        assert_eq!(dom.text_of(0), "deep");
        let depth = {
            let mut n = dom.nodes.len() - 1;
            let mut d = 0;
            while let Some(p) = dom.nodes[n].parent {
                n = p;
                d += 1;
            }
            d
        };
        assert!(depth <= MAX_DEPTH);
    }
}
