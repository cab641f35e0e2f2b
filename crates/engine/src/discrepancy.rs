//! Where the sources disagree on a name, a number, a date or a place.
//!
//! Two ways in. *Inside each story-map row*, a substitution in the word diff between a member
//! and the row's representative that touches a number, a date, a name or a place is a
//! candidate ("five people" / "six people", "on Sunday" / "on 18 June"); dates are compared
//! after resolving relative ones against each article's date, so "Wednesday" and "June 14"
//! agree when the article is dated that week. *Across the whole set*, the names of people
//! written two ways (Antony / Anthony Blinken, Jim / James Smith, Zelensky / Zelenskyy).
//! Candidates about the same variants merge into one [`Discrepancy`].

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::ops::Range;

use crate::diff::word_diff;
use crate::model::{
    Cluster, DiffOp, DiffTag, Discrepancy, Document, FactKind, FactVariant, Relation, Sentence,
    Span,
};
use crate::names;
use crate::tokens::{CAPITAL, NUMBER, Token};
use crate::when::{self, Day, Meaning};

/// A document as this stage reads it.
pub struct DocView<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    /// Tokens of each sentence.
    pub tokens: Vec<&'a [Token]>,
}

/// The day an article's relative dates count from: its publication date, or its update date
/// when that is earlier (a page that shows today's date above an older story).
fn anchor(doc: &Document) -> Option<Day> {
    let date = doc.date.as_deref().and_then(when::parse_iso);
    let updated = doc.updated.as_deref().and_then(when::parse_iso);
    match (date, updated) {
        (Some(d), Some(u)) => Some(d.min(u)),
        (d, u) => d.or(u),
    }
}

#[derive(Default)]
struct Merged {
    variants: BTreeMap<String, Vec<Span>>,
    rows: Vec<usize>,
    confidence: f32,
    explanation: String,
}

/// Every discrepancy of a set.
pub fn discrepancies(
    docs: &[DocView<'_>],
    clusters: &[Cluster],
    ticker: &mut crate::progress::Ticker<'_>,
) -> Vec<Discrepancy> {
    let anchors: Vec<Option<Day>> = docs.iter().map(|d| anchor(d.doc)).collect();
    let mut merged: BTreeMap<(FactKind, Vec<String>), Merged> = BTreeMap::new();
    let mut add = |kind: FactKind,
                   a: (String, Span),
                   b: (String, Span),
                   row: Option<usize>,
                   confidence: f32,
                   explanation: String| {
        let mut key = vec![fold_key(&a.0), fold_key(&b.0)];
        key.sort();
        if key[0] == key[1] {
            return;
        }
        let m = merged.entry((kind, key)).or_default();
        for (text, span) in [a, b] {
            let spans = m.variants.entry(text).or_default();
            if !spans.contains(&span) {
                spans.push(span);
            }
        }
        if let Some(r) = row
            && !m.rows.contains(&r)
        {
            m.rows.push(r);
        }
        if confidence > m.confidence {
            m.confidence = confidence;
            m.explanation = explanation;
        }
    };
    // Inside rows.
    let mut dates = DateCache::default();
    for (r, cluster) in clusters.iter().enumerate() {
        ticker.tick(r);
        if cluster.members.len() < 2 {
            continue;
        }
        let rep = cluster.representative;
        for m in &cluster.members {
            // An identical member (equal once case and punctuation are folded) changes no word.
            if m.doc == rep.doc || m.relation == Relation::Identical {
                continue;
            }
            let (da, db) = (&docs[rep.doc], &docs[m.doc]);
            let (sa, sb) = (
                &da.doc.sentences[rep.sentence],
                &db.doc.sentences[m.sentence],
            );
            if sa.boilerplate || sb.boilerplate || sa.text == sb.text {
                continue;
            }
            let (ta, tb) = (da.tokens[rep.sentence], db.tokens[m.sentence]);
            if !factual(ta) || !factual(tb) || same_facts(ta, &sa.text, tb, &sb.text) {
                continue;
            }
            let stored = cluster
                .diffs
                .iter()
                .find(|d| d.doc == m.doc && d.sentence == m.sentence);
            let ops = match stored {
                Some(d) => d.ops.clone(),
                None => word_diff(ta, tb, sa.start, sb.start),
            };
            for op in replacements(&ops) {
                let side_a = Side::new(da, rep.doc, sa, op.0, anchors[rep.doc]);
                let side_b = Side::new(db, m.doc, sb, op.1, anchors[m.doc]);
                if let Some(c) = classify(&side_a, &side_b, &mut dates) {
                    add(c.kind, c.a, c.b, Some(r), c.confidence, c.explanation);
                }
            }
        }
    }
    // Across the set: people's names written two ways.
    for c in name_variants(docs, &mut |d| ticker.tick(clusters.len() + d)) {
        add(c.kind, c.a, c.b, None, c.confidence, c.explanation);
    }
    let rows_of = crate::model::sentence_rows(docs.iter().map(|d| d.doc), clusters);
    let row_of = |span: &Span| -> Option<usize> {
        let doc = docs[span.doc].doc;
        let s = doc
            .sentences
            .partition_point(|s| s.start <= span.start)
            .checked_sub(1)?;
        rows_of[span.doc].get(s).copied()
    };
    let mut out: Vec<Discrepancy> = merged
        .into_iter()
        .map(|((kind, _), m)| {
            let mut rows = m.rows;
            let mut variants: Vec<FactVariant> = m
                .variants
                .into_iter()
                .map(|(text, mut spans)| {
                    spans.sort_by_key(|s| (s.doc, s.start));
                    let mut docs: Vec<usize> = spans.iter().map(|s| s.doc).collect();
                    docs.dedup();
                    FactVariant { text, docs, spans }
                })
                .collect();
            if kind == FactKind::Name {
                for v in &variants {
                    rows.extend(v.spans.iter().filter_map(row_of));
                }
            }
            rows.sort_unstable();
            rows.dedup();
            variants.sort_by_key(|v| (std::cmp::Reverse(v.docs.len()), v.text.clone()));
            Discrepancy {
                kind,
                variants,
                rows,
                confidence: m.confidence,
                explanation: m.explanation,
            }
        })
        .filter(|d| d.variants.len() >= 2)
        .collect();
    // Variants keyed apart by case may merge to one text; keep real disagreements only.
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.rows.first().cmp(&b.rows.first()))
    });
    out
}

fn fold_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a sentence has anything a discrepancy could be about: a number, or a capitalised
/// word past the first.
fn factual(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .enumerate()
        .any(|(i, t)| t.is(NUMBER) || (i > 0 && t.is(CAPITAL)))
}

/// Words that can carry a number or a date without a digit or a capital.
#[rustfmt::skip]
const FACT_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "hundred", "hundreds", "thousand", "thousands", "million",
    "millions", "billion", "dozen", "dozens", "today", "yesterday", "tomorrow", "tonight",
    "week", "weekend", "month", "year", "last", "next",
];

/// Whether two sentences carry the same numbers and capitalised words (past the first) and
/// no word that could write a number or a date in letters: then no substitution between them
/// can touch a fact, and the diff is not needed.
fn same_facts(ta: &[Token], a: &str, tb: &[Token], b: &str) -> bool {
    let keys = |tokens: &[Token]| {
        let mut v: Vec<u32> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| t.is(NUMBER) || (*i > 0 && t.is(CAPITAL)))
            .map(|(_, t)| t.word)
            .collect();
        v.sort_unstable();
        v
    };
    let lettered = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.len() >= 3 && FACT_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)))
    };
    keys(ta) == keys(tb) && !lettered(a) && !lettered(b)
}

/// Replaced stretches of a diff: a `Replace`, or a `Delete` next to an `Insert`.
fn replacements(ops: &[DiffOp]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        let op = &ops[i];
        match op.op {
            DiffTag::Replace => out.push((op.old[0]..op.old[1], op.new[0]..op.new[1])),
            DiffTag::Delete | DiffTag::Insert
                if ops.get(i + 1).is_some_and(|n| {
                    matches!(n.op, DiffTag::Delete | DiffTag::Insert) && n.op != op.op
                }) =>
            {
                let n = &ops[i + 1];
                let (d, ins) = if op.op == DiffTag::Delete {
                    (op, n)
                } else {
                    (n, op)
                };
                out.push((d.old[0]..d.old[1], ins.new[0]..ins.new[1]));
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Date mentions of each sentence seen, by (document, sentence start): a row's
/// representative is compared with every member.
type DateCache = FxHashMap<(usize, usize), Vec<when::Mention>>;

struct Side<'a, 'v> {
    view: &'a DocView<'v>,
    sentence: Range<usize>,
    range: Range<usize>,
    anchor: Option<Day>,
    doc: usize,
}

impl<'a, 'v> Side<'a, 'v> {
    fn new(
        view: &'a DocView<'v>,
        doc: usize,
        sentence: &Sentence,
        range: Range<usize>,
        anchor: Option<Day>,
    ) -> Self {
        Self {
            view,
            sentence: sentence.start..sentence.end,
            range,
            anchor,
            doc,
        }
    }

    fn text(&self, r: &Range<usize>) -> &str {
        &self.view.text[r.clone()]
    }

    fn span(&self, r: &Range<usize>) -> Span {
        Span {
            doc: self.doc,
            start: r.start,
            end: r.end,
        }
    }

    /// The date mention overlapping the replaced words.
    fn date(&self, cache: &mut DateCache) -> Option<(Range<usize>, Meaning, bool)> {
        let s = self.text(&self.sentence);
        let mentions = cache
            .entry((self.doc, self.sentence.start))
            .or_insert_with(|| when::mentions(s, self.anchor));
        mentions.iter().cloned().find_map(|m| {
            let r = self.sentence.start + m.span.start..self.sentence.start + m.span.end;
            let absolute = s[m.span.clone()].chars().any(|c| c.is_ascii_digit());
            (r.start < self.range.end && self.range.start < r.end)
                .then_some((r, m.meaning, absolute))
        })
    }

    /// The replaced words when they only state a count ("12", "at least 14", "$1.5
    /// million"): its value and whether a qualifier ("at least", "about") hedges it.
    fn count(&self) -> Option<(f64, bool)> {
        let t = self.text(&self.range);
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.is_empty() || words.len() > 4 {
            return None;
        }
        let (mut value, mut qualified) = (None::<f64>, false);
        for w in words {
            let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '"' | '“' | '”'));
            let lower = w.to_lowercase();
            let scale = match lower.as_str() {
                "at" | "least" | "more" | "than" | "about" | "nearly" | "up" | "to" | "over"
                | "almost" | "some" | "around" | "roughly" | "approximately" | "fewer" | "less"
                | "under" | "just" => {
                    qualified = true;
                    continue;
                }
                "hundred" => 1e2,
                "thousand" => 1e3,
                "million" => 1e6,
                "billion" => 1e9,
                "percent" | "dozen" => 1.0,
                _ => {
                    let bare = w.trim_start_matches(['$', '€', '£']).trim_end_matches('%');
                    if value.is_some() {
                        return None;
                    }
                    value = Some(number_value(bare)?);
                    continue;
                }
            };
            value = Some(value? * scale);
        }
        value.map(|v| (v, qualified))
    }

    /// The next word after the replaced ones that says what is counted ("people" in "12
    /// other people"), folded; `None` at the sentence end.
    fn counted(&self) -> Option<String> {
        const SMALL: &[&str] = &[
            "other",
            "of",
            "the",
            "a",
            "an",
            "more",
            "new",
            "additional",
            "extra",
        ];
        self.view.text[self.range.end..self.sentence.end]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .find(|w| !SMALL.contains(&w.as_str()))
    }

    /// Every number written in the sentence.
    fn all_numbers(&self) -> Vec<f64> {
        self.text(&self.sentence)
            .split(|c: char| c.is_whitespace() || c == '-' || c == '(' || c == ')')
            .filter_map(|w| {
                number_value(
                    w.trim_start_matches(['$', '€', '£'])
                        .trim_end_matches(['%', ',', '.', ';']),
                )
            })
            .collect()
    }

    /// A time of day ("10: 24"), a phone number or an identifier: digits that are not a count
    /// (web addresses are set aside before any count is read).
    fn not_a_count(&self) -> bool {
        let before = self.view.text[self.sentence.start..self.range.start].trim_end();
        let after = self.view.text[self.range.end..self.sentence.end].trim_start();
        // Digit groups beside it ("0845 125 222") make a phone number or an identifier; a
        // character glued on ("4½") makes another number than the digits say.
        let glued = self.view.text[self.range.end..self.sentence.end]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !",.;:)!?%".contains(c));
        let digits_beside = before
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            || after
                .split(char::is_whitespace)
                .next()
                .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()));
        before.ends_with(':') || after.starts_with(':') || glued || digits_beside
    }

    /// The capitalised run around the replaced words, when every replaced word is
    /// capitalised and not the sentence's first.
    fn name(&self) -> Option<Range<usize>> {
        let t = self.text(&self.range);
        let words = names::words(t);
        if words.is_empty()
            || self.range.start == self.sentence.start
            || !words.iter().all(|w| names::capitalised(&t[w.clone()]))
        {
            return None;
        }
        let s = self.text(&self.sentence);
        let all = names::words(s);
        let at = all
            .iter()
            .position(|w| self.sentence.start + w.start == self.range.start)?;
        let joined = |a: &Range<usize>, b: &Range<usize>| &s[a.end..b.start] == " ";
        let mut first = at;
        while first > 1
            && names::capitalised(&s[all[first - 1].clone()])
            && joined(&all[first - 1], &all[first])
        {
            first -= 1;
        }
        let mut last = at;
        while last + 1 < all.len()
            && names::capitalised(&s[all[last + 1].clone()])
            && joined(&all[last], &all[last + 1])
        {
            last += 1;
        }
        let run = &s[all[first].start..all[last].end];
        let bare = names::strip_titles(run);
        let start = self.sentence.start + all[first].start + (run.len() - bare.len());
        Some(start..self.sentence.start + all[last].end)
    }

    fn after_place_word(&self, r: &Range<usize>) -> bool {
        let before = self.view.text[..r.start].trim_end();
        let w = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        matches!(w.as_str(), "in" | "at" | "near" | "from" | "to")
    }
}

/// The value of a number written in digits or as a word ("12", "1,000", "five").
fn number_value(word: &str) -> Option<f64> {
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty",
    ];
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        // Digits with thousands commas and a decimal point only: "48km" is a measure, not a
        // count, and "10:24" a time.
        if !w
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return None;
        }
        let digits: String = w.chars().filter(|c| *c != ',').collect();
        return digits.parse().ok();
    }
    let lower = w.to_lowercase();
    WORDS.iter().position(|n| *n == lower).map(|n| n as f64)
}

struct Candidate {
    kind: FactKind,
    a: (String, Span),
    b: (String, Span),
    confidence: f32,
    explanation: String,
}

fn classify(a: &Side<'_, '_>, b: &Side<'_, '_>, cache: &mut DateCache) -> Option<Candidate> {
    let candidate = |kind, ra: Range<usize>, rb: Range<usize>, confidence, explanation| {
        Some(Candidate {
            kind,
            a: (a.text(&ra).to_string(), a.span(&ra)),
            b: (b.text(&rb).to_string(), b.span(&rb)),
            confidence,
            explanation,
        })
    };
    // Web addresses and date lines ("WASHINGTON - April 27 -") carry no facts to compare.
    let short = |side: &Side<'_, '_>| side.text(&side.sentence).split_whitespace().count() <= 6;
    let url = |side: &Side<'_, '_>| {
        let t = side.text(&side.sentence);
        t.contains("http") || t.contains("www.")
    };
    // "Posted on Thu Jun 13, 2013", "Updated 4/11/2007": when a page was written, not a fact.
    let stamp = |side: &Side<'_, '_>| {
        let t = side.text(&side.sentence).trim_start().to_lowercase();
        ["posted", "updated", "published", "last updated", "modified"]
            .iter()
            .any(|w| t.starts_with(w))
    };
    if url(a) || url(b) || short(a) || short(b) || stamp(a) || stamp(b) {
        return None;
    }
    // Dates, after resolving relative ones.
    match (a.date(cache), b.date(cache)) {
        (Some((ra, ma, abs_a)), Some((rb, mb, abs_b))) => {
            if when::agree(&ma, &mb) != Some(false) {
                return None;
            }
            // A date the other sentence also gives is a different fact, not a disagreement.
            let elsewhere = |other: &Side<'_, '_>, m: &Meaning| {
                let s = other.text(&other.sentence);
                when::mentions(s, other.anchor)
                    .iter()
                    .any(|o| when::agree(&o.meaning, m) == Some(true))
            };
            let words = |side: &Side<'_, '_>| side.text(&side.range).split_whitespace().count();
            if elsewhere(b, &ma) || elsewhere(a, &mb) || words(a) > 5 || words(b) > 5 {
                return None;
            }
            let (ta, tb) = (a.text(&ra), b.text(&rb));
            let resolved = |m: &Meaning, t: &str| match when::describe(m) {
                Some(d) if !t.chars().any(|c| c.is_ascii_digit()) => format!("“{t}” ({d})"),
                _ => format!("“{t}”"),
            };
            let confidence = if abs_a && abs_b { 0.85 } else { 0.7 };
            let explanation = format!(
                "The sources date this passage differently: {} and {}, which cannot be the same day.",
                resolved(&ma, ta),
                resolved(&mb, tb)
            );
            return candidate(FactKind::Date, ra, rb, confidence, explanation);
        }
        (Some(_), None) | (None, Some(_)) => return None,
        (None, None) => {}
    }
    // Numbers: a count replaced by another count of the same thing.
    if let (Some((va, qa)), Some((vb, qb))) = (a.count(), b.count()) {
        let reordered = b.all_numbers().contains(&va) || a.all_numbers().contains(&vb);
        if va == vb || reordered || a.not_a_count() || b.not_a_count() || a.counted() != b.counted()
        {
            return None;
        }
        let (ta, tb) = (a.text(&a.range), b.text(&b.range));
        let counted = a.counted().map_or(String::new(), |w| format!(" {w}"));
        let explanation = format!(
            "The sources give different numbers in the same passage: “{ta}”{counted} and “{tb}”{counted}."
        );
        // Measured on the ECB+ clusters, about half of the counts that differ inside a row
        // are real disagreements (the rest count different things): "possible", not "likely".
        let confidence = if qa || qb { 0.45 } else { 0.6 };
        return candidate(
            FactKind::Number,
            a.range.clone(),
            b.range.clone(),
            confidence,
            explanation,
        );
    }
    // Names: runs of two to four words, one word spelled two ways.
    let (ra, rb) = (a.name()?, b.name()?);
    let (ta, tb) = (a.text(&ra), b.text(&rb));
    let (wa, wb): (Vec<&str>, Vec<&str>) = (ta.split(' ').collect(), tb.split(' ').collect());
    let shared = wa.iter().any(|x| wb.iter().any(|y| names::same_word(x, y)));
    if (2..=4).contains(&wa.len()) && wa.len() == wb.len() {
        let differ: Vec<usize> = (0..wa.len())
            .filter(|&k| !names::same_word(wa[k], wb[k]))
            .collect();
        if let &[k] = differ.as_slice()
            && (names::spelled_alike(wa[k], wb[k]) || names::first_names_match(wa[k], wb[k]))
        {
            let explanation =
                format!("“{ta}” and “{tb}” look like one person's name written two ways.");
            return candidate(FactKind::Name, ra, rb, 0.9, explanation);
        }
    }
    // A different place: neither source names the other's place anywhere.
    if !shared
        && wa.len() <= 3
        && wb.len() <= 3
        && a.after_place_word(&ra)
        && b.after_place_word(&rb)
        && !a.view.text.contains(tb)
        && !b.view.text.contains(ta)
    {
        let explanation = format!("The sources place this passage differently: “{ta}” and “{tb}”.");
        return candidate(FactKind::Place, ra, rb, 0.5, explanation);
    }
    None
}

/// People's names written two ways across the set: the same surname with first names that
/// are variants of one another, or the same first name with surnames spelled alike.
fn name_variants(docs: &[DocView<'_>], tick: &mut dyn FnMut(usize)) -> Vec<Candidate> {
    use std::hash::{Hash, Hasher};
    // Each distinct name (titles dropped) and where it is written.
    let mut all: FxHashMap<&str, Vec<Span>> = FxHashMap::default();
    for (d, view) in docs.iter().enumerate() {
        tick(d);
        for (s, tokens) in view.doc.sentences.iter().zip(&view.tokens) {
            // A name needs two capitalised words in a row: most sentences have none.
            let pair = tokens
                .windows(2)
                .any(|w| w[0].is(CAPITAL) && w[1].is(CAPITAL));
            if s.boilerplate || !pair {
                continue;
            }
            for r in names::name_runs(&s.text) {
                let run = &s.text[r.clone()];
                let bare = names::strip_titles(run);
                if !bare.contains(' ') || bare.split(' ').any(names::is_title) {
                    continue;
                }
                let start = s.start + r.start + (run.len() - bare.len());
                all.entry(bare).or_default().push(Span {
                    doc: d,
                    start,
                    end: s.start + r.end,
                });
            }
        }
    }
    let mut names: Vec<(&str, Vec<Span>)> = all.into_iter().collect();
    names.sort_unstable_by(|x, y| x.0.cmp(y.0));
    // Names that differ in one word share the bucket of their other words: only those are
    // compared, so the set's size does not square.
    let mut buckets: FxHashMap<(usize, u64), Vec<usize>> = FxHashMap::default();
    for (i, (name, _)) in names.iter().enumerate() {
        let keys: Vec<String> = name.split(' ').map(names::key).collect();
        for k in 0..keys.len() {
            let mut h = rustc_hash::FxHasher::default();
            for (j, w) in keys.iter().enumerate() {
                if j != k {
                    w.hash(&mut h);
                }
            }
            buckets.entry((k, h.finish())).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = buckets
        .values()
        .filter(|v| v.len() > 1 && v.len() <= 64)
        .flat_map(|v| {
            v.iter()
                .enumerate()
                .flat_map(move |(x, &i)| v[x + 1..].iter().map(move |&j| (i, j)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut out = Vec::new();
    for (i, j) in pairs {
        let ((a, sa), (b, sb)) = (&names[i], &names[j]);
        let (a, b) = (&(*a).to_string(), &(*b).to_string());
        {
            let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
            if wa.len() != wb.len() {
                continue;
            }
            let differ: Vec<usize> = (0..wa.len())
                .filter(|&k| !names::same_word(wa[k], wb[k]))
                .collect();
            let &[k] = differ.as_slice() else {
                continue;
            };
            let (x, y) = (wa[k], wb[k]);
            let variant = names::spelled_alike(x, y) || (k == 0 && names::first_names_match(x, y));
            // Written by different sources (one source's two spellings count too, but
            // two people of one family in one article do not).
            let da: Vec<usize> = sa.iter().map(|s| s.doc).collect();
            let only_apart = sb.iter().all(|s| !da.contains(&s.doc));
            if !variant || !only_apart {
                continue;
            }
            let explanation =
                format!("“{a}” and “{b}” look like one person's name written two ways.");
            out.push(Candidate {
                kind: FactKind::Name,
                a: ((*a).clone(), sa[0]),
                b: ((*b).clone(), sb[0]),
                confidence: 0.9,
                explanation,
            });
            // Every other place each is written.
            for (name, spans) in [(a, sa), (b, sb)] {
                for s in spans.iter().skip(1) {
                    out.push(Candidate {
                        kind: FactKind::Name,
                        a: ((*name).clone(), *s),
                        b: (
                            if *name == *a {
                                (*b).clone()
                            } else {
                                (*a).clone()
                            },
                            if *name == *a { sb[0] } else { sa[0] },
                        ),
                        confidence: 0.9,
                        explanation: String::new(),
                    });
                }
            }
        }
    }
    out
}
