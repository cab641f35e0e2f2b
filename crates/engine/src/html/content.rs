//! Which text of a page is the article. A readability-style choice of the main container
//! (paragraph scores rising to their ancestors, weighed by class names and link density),
//! its siblings that belong with it, then a cleaning of what sits inside it (link lists,
//! forms, galleries, share bars). Every text block of the page ends up either in the
//! article or in what was left out; none is lost.
//!
//! The cues are generic — tag names, ARIA roles, words in `class` and `id` values, text
//! length, commas and link density — never a site, a domain or a page id.

use super::dom::{Dom, Kind, push_collapsed};

/// A run of text between block boundaries, with whether it is part of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub article: bool,
    /// The block is a heading (`<h1>`…`<h6>`).
    pub heading: bool,
    /// Characters of the block inside links.
    link_chars: usize,
}

impl Block {
    fn link_density(&self) -> f32 {
        let chars = self.text.chars().count().max(1);
        self.link_chars as f32 / chars as f32
    }
}

/// Words in `class`/`id` values that mark page furniture: such an element is set aside
/// before scoring, unless its name also has a word of [`MAYBE_WORDS`] (matched as
/// [`names_any`] says).
#[rustfmt::skip]
const UNLIKELY_WORDS: &[&str] = &[
    "ad", "ads", "advert", "advertisement", "adslot", "banner", "breadcrumb", "breadcrumbs",
    "comment", "comments", "community", "consent", "cookie", "cookies", "disqus", "footer",
    "menu", "nav", "navbar", "navigation", "newsletter", "newsletters", "outbrain", "taboola",
    "pagination", "pager", "popup", "modal", "related", "recommended", "recommendations",
    "remark", "replies", "rss", "share", "sharing", "shoutbox", "sidebar", "skyscraper",
    "social", "sponsor", "sponsored", "subscribe", "subscription", "promo", "trending",
    "popular", "paywall", "login", "signup", "masthead", "gdpr", "image", "photo", "figure",
    "thumb", "thumbnail", "caption", "supplemental", "agegate", "legends",
];

/// Words that keep an element from being set aside by its name alone.
const MAYBE_WORDS: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow", "story", "entry", "post",
    "text", "embed", "tweet",
];

/// Words in `class`/`id` values that lower an element's score.
#[rustfmt::skip]
const NEGATIVE_WORDS: &[&str] = &[
    "hidden", "hid", "meta", "tags", "tag", "tool", "tools", "toolbar", "widget", "byline",
    "caption", "credit", "credits", "foot", "footnote", "author", "bio", "print", "gallery",
    "slideshow", "video", "contact", "media", "shopping", "scroll", "combx",
];

/// Words in `class`/`id` values that mark the article.
#[rustfmt::skip]
const POSITIVE_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "story", "text", "blog",
    "paragraph", "prose", "richtext", "hentry",
];

/// Roles whose content is furniture.
#[rustfmt::skip]
const FURNITURE_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "dialog", "alertdialog", "toolbar", "tablist",
];

/// Tags whose content is furniture.
#[rustfmt::skip]
const FURNITURE_TAGS: &[&str] = &[
    "nav", "aside", "footer", "header", "form", "button", "dialog", "menu", "figure",
    "figcaption", "label", "fieldset", "legend", "input", "option", "datalist", "output",
    "progress", "meter", "video", "audio", "picture", "map",
];

/// Block-level tags: they start and end a run of text.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "br", "#root", "legend", "option",
];

fn words(ident: &str) -> impl Iterator<Item = &str> {
    ident
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a `class`/`id` value names one of `list`: entries of five letters or more match
/// inside a word (`articlebody`, `sidebar-left`), shorter ones only as whole words (`ad`,
/// `nav`, `main`), so `shadow` is not `ad` and `download` is not `load`.
fn names_any(ident: &str, list: &[&str]) -> bool {
    words(ident).any(|w| {
        list.iter().any(|&entry| {
            if entry.len() >= 5 {
                w.contains(entry)
            } else {
                w == entry
            }
        })
    })
}

/// +25 for a class or id that names the article, −25 for one that names furniture.
fn class_weight(ident: &str) -> f32 {
    let mut weight = 0.0;
    if names_any(ident, NEGATIVE_WORDS) || names_any(ident, UNLIKELY_WORDS) {
        weight -= 25.0;
    }
    if names_any(ident, POSITIVE_WORDS) {
        weight += 25.0;
    }
    weight
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Per-node figures, summed bottom-up.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    chars: usize,
    link_chars: usize,
    commas: usize,
    /// Characters inside `<p>` elements.
    p_chars: usize,
    paragraphs: usize,
    images: usize,
    list_items: usize,
    inputs: usize,
}

impl Stats {
    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    fn add(&mut self, o: &Stats) {
        self.chars += o.chars;
        self.link_chars += o.link_chars;
        self.commas += o.commas;
        self.p_chars += o.p_chars;
        self.paragraphs += o.paragraphs;
        self.images += o.images;
        self.list_items += o.list_items;
        self.inputs += o.inputs;
    }
}

/// Splits the page's text into blocks and says which are the article.
pub fn article_blocks(dom: &Dom) -> Vec<Block> {
    let n = dom.nodes.len();
    let stats = stats(dom, &vec![false; n]);
    let furniture = furniture(dom, &stats);
    // Figures again without the furniture, so a share bar inside the article does not
    // weigh on its score.
    let stats = self::stats(dom, &furniture);
    let (selected, score) = select(dom, &stats, &furniture);
    let mut inside = vec![false; n];
    inside[0] = selected.contains(&0);
    let mut dropped = furniture.clone();
    for i in 1..n {
        let parent = dom.nodes[i].parent.unwrap_or(0);
        inside[i] = selected.contains(&i) || inside[parent];
        dropped[i] |= dropped[parent];
    }
    for i in 1..n {
        if inside[i] && !dropped[i] && dom.nodes[i].element().is_some() {
            let parent = dom.nodes[i].parent.unwrap_or(0);
            if !dropped[parent] && is_fishy(dom, &stats, score[i], i) {
                dropped[i] = true;
            }
        }
        let parent = dom.nodes[i].parent.unwrap_or(0);
        dropped[i] |= dropped[parent];
    }
    let keep: Vec<bool> = (0..n).map(|i| inside[i] && !dropped[i]).collect();
    let mut blocks = linearize(dom, &keep);
    for b in &mut blocks {
        // A paragraph that is all link is a pointer to another story ("Read more: …").
        if b.article && (is_stock_line(&b.text) || is_pointer(b)) {
            b.article = false;
        }
    }
    // The line that introduces such pointers ("You may also like…", "Related:") goes too.
    for i in 0..blocks.len().saturating_sub(1) {
        let intro = blocks[i].text.trim_end();
        if blocks[i].article
            && !blocks[i + 1].article
            && blocks[i + 1].link_density() > 0.8
            && intro.split_whitespace().count() <= 8
            && intro.ends_with([':', '…', '.'])
            && (intro.ends_with("...") || !intro.ends_with('.'))
        {
            blocks[i].article = false;
        }
    }
    blocks
}

fn stats(dom: &Dom, skip: &[bool]) -> Vec<Stats> {
    let n = dom.nodes.len();
    let mut stats = vec![Stats::default(); n];
    for i in (0..n).rev() {
        if skip[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let mut s = stats[i];
        match &node.kind {
            Kind::Text(t) => {
                s.chars = t.split_whitespace().map(|w| w.chars().count() + 1).sum();
                s.commas = t.matches([',', '،', '、', '，']).count();
            }
            Kind::Element(e) => match &*e.tag {
                "a" => s.link_chars = s.chars,
                "p" => {
                    s.p_chars = s.chars;
                    s.paragraphs += 1;
                }
                "img" => s.images += 1,
                "li" => s.list_items += 1,
                "input" | "select" | "textarea" | "button" => s.inputs += 1,
                _ => {}
            },
        }
        stats[i] = s;
        if let Some(p) = node.parent {
            let s = stats[i];
            stats[p].add(&s);
        }
    }
    stats
}

/// Elements that are page furniture by their tag, role, visibility or class — unless they
/// hold most of the page's paragraph text (a wrapper named `page has-sidebar`).
fn furniture(dom: &Dom, stats: &[Stats]) -> Vec<bool> {
    let prose = |s: &Stats| s.chars - s.link_chars.min(s.chars);
    let total = prose(&stats[0]).max(1);
    let mut out = vec![false; dom.nodes.len()];
    for (i, e) in dom.elements() {
        let tag = &*e.tag;
        if matches!(tag, "#root" | "html" | "body" | "main" | "article") {
            continue;
        }
        let hidden = e.attr("hidden").is_some()
            || e.attr("aria-hidden")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || e.attr("style").is_some_and(|s| {
                let s: String = s.to_ascii_lowercase().split_whitespace().collect();
                s.contains("display:none") || s.contains("visibility:hidden")
            });
        let by_role = e
            .attr("role")
            .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()));
        let by_tag = FURNITURE_TAGS.contains(&tag);
        let by_class = names_any(&e.ident, UNLIKELY_WORDS) && !names_any(&e.ident, MAYBE_WORDS);
        if !(hidden || by_role || by_tag || by_class) {
            continue;
        }
        // A wrapper of most of the page's prose is not furniture, whatever its name.
        if prose(&stats[i]) * 2 > total {
            continue;
        }
        out[i] = true;
    }
    out
}

/// The main container and the siblings that belong with it.
fn select(dom: &Dom, stats: &[Stats], furniture: &[bool]) -> (Vec<usize>, Vec<f32>) {
    let n = dom.nodes.len();
    let mut gone = furniture.to_vec();
    for i in 1..n {
        let parent = dom.nodes[i].parent.unwrap_or(0);
        gone[i] |= gone[parent];
    }
    let mut score = vec![0.0f32; n];
    let mut candidate = vec![false; n];
    for (i, e) in dom.elements() {
        if gone[i] {
            continue;
        }
        let tag = &*e.tag;
        // A paragraph element scores for its parent; a run of text straight inside any
        // other element (text and inline tags between blocks, as `<br>`-separated posts
        // are written) is a paragraph of that element.
        let (chars, commas, first) = if matches!(tag, "p" | "pre" | "td" | "blockquote") {
            (stats[i].chars, stats[i].commas, dom.nodes[i].parent)
        } else {
            let (chars, commas) = direct_text(dom, stats, i);
            (chars, commas, Some(i))
        };
        if chars < 25 {
            continue;
        }
        let value = 1.0 + commas as f32 + (chars as f32 / 100.0).min(3.0);
        let mut ancestor = first;
        let mut level = 0;
        while let Some(a) = ancestor {
            if a == 0 || level > 4 {
                break;
            }
            if !candidate[a] {
                candidate[a] = true;
                score[a] += initial_score(dom, a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += value / divider;
            ancestor = dom.nodes[a].parent;
            level += 1;
        }
    }
    for i in 0..n {
        if candidate[i] {
            score[i] *= 1.0 - stats[i].link_density();
        }
    }
    let mut ranked: Vec<usize> = (0..n).filter(|&i| candidate[i]).collect();
    ranked.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let Some(&first) = ranked.first() else {
        return (vec![0], score);
    };
    let mut top = first;
    // When several strong candidates share an ancestor, the article is that ancestor (its
    // paragraphs were split between containers).
    let strong: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .copied()
        .filter(|&c| score[c] >= score[top] * 0.75)
        .collect();
    if strong.len() >= 3 {
        let mut ancestor = dom.nodes[top].parent;
        while let Some(a) = ancestor {
            if a == 0 {
                break;
            }
            let holds = strong.iter().filter(|&&c| is_ancestor(dom, a, c)).count();
            if holds >= 3 {
                top = a;
                break;
            }
            ancestor = dom.nodes[a].parent;
        }
    }
    // An only child says nothing more than its parent.
    while let Some(p) = dom.nodes[top].parent {
        if p == 0 || element_children(dom, p) != 1 {
            break;
        }
        top = p;
    }
    let Some(parent) = dom.nodes[top].parent else {
        return (vec![top], score);
    };
    let threshold = (score[top] * 0.2).max(10.0);
    let top_ident = dom.nodes[top].element().map_or("", |e| e.ident.as_str());
    let mut out = Vec::new();
    for &sibling in &dom.nodes[parent].children {
        if gone[sibling] {
            continue;
        }
        if sibling == top {
            out.push(sibling);
            continue;
        }
        let Some(e) = dom.nodes[sibling].element() else {
            continue;
        };
        let mut bonus = 0.0;
        if !top_ident.trim().is_empty() && e.ident == top_ident {
            bonus = score[top] * 0.2;
        }
        let s = &stats[sibling];
        let keep = (candidate[sibling] && score[sibling] + bonus >= threshold)
            || (&*e.tag == "p"
                && ((s.chars > 80 && s.link_density() < 0.25)
                    || (s.chars > 0 && s.link_density() == 0.0 && ends_sentence(dom, sibling))));
        if keep {
            out.push(sibling);
        }
    }
    // An article split into parts by figures or ads repeats its container's class: other
    // strong candidates named exactly like the best one belong to it.
    let best_ident = dom.nodes[first].element().map_or("", |e| e.ident.as_str());
    if !best_ident.trim().is_empty() {
        let bar = (score[first] * 0.2).max(10.0);
        for &c in &ranked {
            let same = dom.nodes[c]
                .element()
                .is_some_and(|e| e.ident == best_ident);
            if same
                && score[c] >= bar
                && !out
                    .iter()
                    .any(|&o| o == c || is_ancestor(dom, o, c) || is_ancestor(dom, c, o))
            {
                out.push(c);
            }
        }
        out.sort_unstable();
    }
    (out, score)
}

fn ends_sentence(dom: &Dom, node: usize) -> bool {
    let t = dom.text_of(node);
    t.ends_with(['.', '!', '?', '"', '”', '»'])
}

fn initial_score(dom: &Dom, node: usize) -> f32 {
    let Some(e) = dom.nodes[node].element() else {
        return 0.0;
    };
    let by_tag = match &*e.tag {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let itemprop = e
        .attr("itemprop")
        .is_some_and(|p| p.contains("articleBody"));
    by_tag + class_weight(&e.ident) + if itemprop { 50.0 } else { 0.0 }
}

fn is_ancestor(dom: &Dom, ancestor: usize, mut node: usize) -> bool {
    while let Some(p) = dom.nodes[node].parent {
        if p == ancestor {
            return true;
        }
        node = p;
    }
    false
}

fn element_children(dom: &Dom, node: usize) -> usize {
    dom.nodes[node]
        .children
        .iter()
        .filter(|&&c| match &dom.nodes[c].kind {
            Kind::Element(_) => true,
            Kind::Text(t) => !t.trim().is_empty(),
        })
        .count()
}

/// Tags that sit inside a run of text.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Characters and commas of the text directly inside `node` (its text children and inline
/// elements, not its blocks).
fn direct_text(dom: &Dom, stats: &[Stats], node: usize) -> (usize, usize) {
    let (mut chars, mut commas) = (0, 0);
    for &c in &dom.nodes[node].children {
        let direct = match &dom.nodes[c].kind {
            Kind::Text(_) => true,
            Kind::Element(e) => INLINE_TAGS.contains(&&*e.tag),
        };
        if direct {
            chars += stats[c].chars;
            commas += stats[c].commas;
        }
    }
    (chars, commas)
}

/// Readability's "clean conditionally": a container inside the article that looks like a
/// link list, a form, a gallery or a share bar.
fn is_fishy(dom: &Dom, stats: &[Stats], score: f32, node: usize) -> bool {
    let Some(e) = dom.nodes[node].element() else {
        return false;
    };
    let tag = &*e.tag;
    let s = &stats[node];
    if is_heading(tag) {
        return class_weight(&e.ident) < 0.0 || s.link_density() > 0.33;
    }
    if !matches!(tag, "div" | "section" | "ul" | "ol" | "table" | "dl") {
        return false;
    }
    let weight = class_weight(&e.ident);
    if weight + score < 0.0 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let paragraphs = s.paragraphs as f32;
    let in_list = matches!(tag, "ul" | "ol");
    (s.images > 1 && paragraphs / (s.images as f32) < 0.5)
        || (!in_list && s.list_items > s.paragraphs + 10)
        || (s.inputs as f32 > (paragraphs / 3.0).floor() && s.inputs > 0)
        || (weight < 25.0 && s.link_density() > 0.2 && s.chars > 0)
        || (weight >= 25.0 && s.link_density() > 0.5)
}

/// A block that points to another story: all link, or a "Read more:" lead-in and a link.
fn is_pointer(b: &Block) -> bool {
    const LEADS: &[&str] = &[
        "read more",
        "read also",
        "also read",
        "related",
        "see also",
        "more:",
        "watch:",
        "listen:",
        "recommended",
        "further reading",
    ];
    let ld = b.link_density();
    let lower = b.text.trim_start().to_lowercase();
    ld > 0.8 || (ld > 0.5 && LEADS.iter().any(|l| lower.starts_with(l)))
}

/// Lines that are furniture wherever they stand.
fn is_stock_line(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '.', '…']).to_lowercase();
    matches!(
        t.as_str(),
        "advertisement"
            | "advertising"
            | "ad"
            | "sponsored"
            | "story continues below"
            | "story continues below advertisement"
            | "continue reading below"
            | "article continues below"
            | "skip ad"
            | "close"
            | "share"
            | "share this"
            | "share this article"
            | "read more"
            | "related"
            | "related articles"
            | "related stories"
    )
}

/// The page's text as blocks in document order.
fn linearize(dom: &Dom, keep: &[bool]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block {
        text: String::new(),
        article: false,
        heading: false,
        link_chars: 0,
    };
    let mut in_link = vec![false; dom.nodes.len()];
    for i in 1..dom.nodes.len() {
        let parent = dom.nodes[i].parent.unwrap_or(0);
        in_link[i] = in_link[parent] || dom.nodes[i].tag() == "a";
    }
    let flush = |blocks: &mut Vec<Block>, current: &mut Block| {
        let text = current.text.trim();
        if !text.is_empty() {
            blocks.push(Block {
                text: text.to_string(),
                article: current.article,
                heading: current.heading,
                link_chars: current.link_chars,
            });
        }
        current.text.clear();
        current.heading = false;
        current.link_chars = 0;
    };
    // (node, entering)
    let mut stack = vec![(0usize, true)];
    while let Some((i, entering)) = stack.pop() {
        let node = &dom.nodes[i];
        match &node.kind {
            Kind::Text(t) => {
                if t.trim().is_empty() {
                    if !current.text.is_empty() {
                        push_collapsed(&mut current.text, " ");
                    }
                    continue;
                }
                if current.article != keep[i] && !current.text.trim().is_empty() {
                    flush(&mut blocks, &mut current);
                }
                current.article = keep[i];
                let before = current.text.chars().count();
                push_collapsed(&mut current.text, t);
                if in_link[i] {
                    current.link_chars += current.text.chars().count() - before;
                }
            }
            Kind::Element(e) => {
                let block = BLOCK_TAGS.contains(&&*e.tag);
                if entering {
                    if block {
                        flush(&mut blocks, &mut current);
                        current.heading = is_heading(&e.tag);
                    }
                    stack.push((i, false));
                    stack.extend(node.children.iter().rev().map(|&c| (c, true)));
                } else if block {
                    flush(&mut blocks, &mut current);
                }
            }
        }
    }
    flush(&mut blocks, &mut current);
    blocks
}
