//! The quote ledger: the quotations of every document ([`crate::quotes`]) gathered into
//! quotes across the set. The same words quoted by several sources (or twice by one) form
//! one [`Quote`] with one variant per occurrence; a sentence in the same story-map row that
//! reports the statement without quotation marks joins as a paraphrased variant; flags say how
//! the variants differ.
//!
//! Grouping is greedy and chain-free: variants are taken longest first, and each joins the
//! quote whose first (fullest) variant contains most of its words, so two short excerpts of
//! different statements never merge through a third.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diff::word_diff;
use crate::lang;
use crate::model::{Cluster, Document, Quote, QuoteFlag, QuoteVariant};
use crate::names;
use crate::quotes::find_quotes;
use crate::tokens::{Tokenizer, Vocab};

/// Words too common to say two quotes are the same.
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "the", "and", "of", "to", "a", "in", "is", "it", "that", "for", "on", "with", "as", "was",
    "be", "we", "are", "this", "have", "has", "not", "but", "they", "our", "will", "by", "at",
    "an", "or", "you", "i", "its", "their", "his", "her", "he", "she", "from", "who", "what",
    "all", "there", "so", "do", "can", "been", "were", "would", "us", "them",
];

/// Folded words of a text.
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Content words, a plural's "s" dropped ("miscalculations" = "miscalculation").
fn content(words: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| w.chars().count() > 1 && !COMMON.contains(w))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 4 && !stem.ends_with('s') => stem,
            _ => w,
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether `short` occurs in `long` as a run of words.
fn contiguous(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// How much of `part`'s content words `whole` has, and how many.
fn containment(part: &[&str], whole: &[&str]) -> (f32, usize) {
    let shared = part
        .iter()
        .filter(|w| whole.binary_search(w).is_ok())
        .count();
    (shared as f32 / part.len().max(1) as f32, shared)
}

/// The cue's lemma, to compare verbs ("said", "says" → "say").
fn cue_lemma(cue: &str) -> String {
    let c = cue.to_lowercase();
    match c.as_str() {
        "said" | "says" | "say" => "say".into(),
        "told" | "tells" => "tell".into(),
        "wrote" | "writes" => "write".into(),
        "according to" | "according" => "according".into(),
        _ => c
            .trim_end_matches("ed")
            .trim_end_matches('e')
            .trim_end_matches('s')
            .to_string(),
    }
}

fn speaker_key(name: &str) -> Option<String> {
    let last = name.split(' ').next_back()?;
    let k = names::key(last);
    (!matches!(k.as_str(), "he" | "she" | "they" | "we" | "i" | "it") && names::capitalised(last))
        .then_some(k)
}

/// A variant before grouping.
struct Found {
    variant: QuoteVariant,
    words: Vec<String>,
}

/// The quotes of a set: `texts[d]` is document `d`'s decoded text.
pub fn ledger(
    texts: &[&str],
    documents: &[Document],
    clusters: &[Cluster],
    tick: &mut dyn FnMut(usize),
) -> Vec<Quote> {
    let row_of = crate::model::sentence_rows(documents, clusters);
    let mut found: Vec<Found> = Vec::new();
    for (d, (text, doc)) in texts.iter().zip(documents).enumerate() {
        tick(d);
        for q in find_quotes(text) {
            let Some(sentence) = doc
                .sentences
                .partition_point(|s| s.start <= q.span.start)
                .checked_sub(1)
            else {
                continue;
            };
            if doc.sentences[sentence].boilerplate {
                continue;
            }
            let raw = &text[q.span.clone()];
            let trimmed = raw.trim_end_matches([',', ';', ' ', '“', '"', '„', '«']);
            let (start, end) = (q.span.start, q.span.start + trimmed.len());
            if start >= end {
                continue;
            }
            let mention = q.mention.clone().map(|m| {
                // At most eight words: the ones next to the cue.
                let words = names::words(&text[m.clone()]);
                match words.len().checked_sub(8) {
                    Some(cut) if cut > 0 => m.start + words[cut].start..m.end,
                    _ => m,
                }
            });
            let cue = q.cue.clone().map(|c| {
                let rest = &text[c.end..];
                if text[c.clone()].eq_ignore_ascii_case("according") && rest.starts_with(" to") {
                    c.start..c.end + 3
                } else {
                    c
                }
            });
            let variant = QuoteVariant {
                doc: d,
                sentence,
                start,
                end,
                text: text[start..end].to_string(),
                quoted: true,
                speaker: q.speaker.clone(),
                speaker_mention: mention.clone().map(|m| text[m].to_string()),
                speaker_start: mention.as_ref().map(|m| m.start),
                speaker_end: mention.as_ref().map(|m| m.end),
                cue: cue.clone().map(|c| text[c].to_string()),
                cue_start: cue.as_ref().map(|c| c.start),
                cue_end: cue.as_ref().map(|c| c.end),
                diff: Vec::new(),
            };
            let words = folded_words(&variant.text);
            if !words.is_empty() {
                found.push(Found { variant, words });
            }
        }
    }
    let groups = group(&found);
    let quoted_sentences: FxHashSet<(usize, usize)> = found
        .iter()
        .map(|f| (f.variant.doc, f.variant.sentence))
        .collect();
    let mut vocab = Vocab::default();
    let mut quotes: Vec<Quote> = groups
        .into_iter()
        .map(|members| {
            build(
                &members.iter().map(|&i| &found[i]).collect::<Vec<_>>(),
                texts,
                documents,
                clusters,
                &row_of,
                &quoted_sentences,
                &mut vocab,
            )
        })
        .collect();
    quotes.sort_by_key(|q| {
        let v = &q.variants[0];
        (q.row.unwrap_or(usize::MAX), v.doc, v.start)
    });
    quotes
}

/// Groups of indices into `found`, each led by its fullest variant.
fn group(found: &[Found]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| {
        let v = &found[i].variant;
        (std::cmp::Reverse(found[i].words.len()), v.doc, v.start)
    });
    let contents: Vec<Vec<&str>> = found.iter().map(|f| content(&f.words)).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Content word → groups whose head has it.
    let mut index: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for i in order {
        let words = &found[i].words;
        let mine = &contents[i];
        let mut best: Option<(usize, f32)> = None;
        let mut seen: Vec<usize> = Vec::new();
        // Rarest words first, and at most 64 groups checked: a word most quotes share ("said",
        // "year") would otherwise make every quote check every group, and the set's size
        // square.
        let mut probes: Vec<&[usize]> = mine
            .iter()
            .map(|w| index.get(w).map_or(&[][..], Vec::as_slice))
            .collect();
        probes.sort_by_key(|p| p.len());
        'probe: for &g in probes.iter().flat_map(|p| p.iter()) {
            {
                if seen.contains(&g) {
                    continue;
                }
                if seen.len() >= 64 {
                    break 'probe;
                }
                seen.push(g);
                let head = groups[g][0];
                let (share, shared) = containment(mine, &contents[head]);
                let short = words.len() <= 3 || mine.len() <= 1;
                let same_doc = found[head].variant.doc == found[i].variant.doc;
                let fits = if short {
                    contiguous(words, &found[head].words)
                } else if same_doc {
                    // A quote repeated in one document is repeated nearly word for word.
                    contiguous(words, &found[head].words) || share >= 0.9
                } else {
                    share >= 0.6 && shared >= 3.min(mine.len())
                };
                if fits && best.is_none_or(|(_, s)| share > s) {
                    best = Some((g, share));
                }
            }
        }
        match best {
            Some((g, _)) => groups[g].push(i),
            None => {
                let g = groups.len();
                groups.push(vec![i]);
                for w in mine {
                    index.entry(w).or_default().push(g);
                }
            }
        }
    }
    groups
}

fn build(
    members: &[&Found],
    texts: &[&str],
    documents: &[Document],
    clusters: &[Cluster],
    row_of: &[Vec<usize>],
    quoted_sentences: &FxHashSet<(usize, usize)>,
    vocab: &mut Vocab,
) -> Quote {
    let head = members[0];
    let row = Some(row_of[head.variant.doc][head.variant.sentence]);
    let mut variants: Vec<QuoteVariant> = members.iter().map(|f| f.variant.clone()).collect();
    // Word diffs against the fullest variant.
    let mut tokenizer = Tokenizer::new(vocab, lang::Language::ENGLISH);
    let mut head_tokens = Vec::new();
    tokenizer.tokenize(&head.variant.text, head.variant.start, &mut head_tokens);
    let mut tokens = Vec::new();
    for v in variants.iter_mut().skip(1) {
        tokens.clear();
        tokenizer.tokenize(&v.text, v.start, &mut tokens);
        v.diff = word_diff(&head_tokens, &tokens, head.variant.start, v.start);
    }
    let mut flags = Vec::new();
    if members
        .iter()
        .skip(1)
        .any(|f| f.words.len() * 5 < head.words.len() * 4)
    {
        flags.push(QuoteFlag::Truncated);
    }
    if members
        .iter()
        .skip(1)
        .any(|f| !contiguous(&f.words, &head.words))
    {
        flags.push(QuoteFlag::Wording);
    }
    // The speaker most variants give.
    let mut counts: Vec<(String, usize, String)> = Vec::new();
    for v in &variants {
        if let Some(s) = &v.speaker
            && let Some(k) = speaker_key(s)
        {
            match counts.iter_mut().find(|c| c.0 == k) {
                Some(c) => {
                    c.1 += 1;
                    if s.len() > c.2.len() {
                        c.2 = s.clone();
                    }
                }
                None => counts.push((k, 1, s.clone())),
            }
        }
    }
    if counts.len() > 1 {
        flags.push(QuoteFlag::Speaker);
    }
    let speaker = counts
        .iter()
        .max_by_key(|c| c.1)
        .map(|c| c.2.clone())
        .or_else(|| {
            // No name: a body or role that is capitalised ("Beijing"), else the first given.
            let given = variants.iter().filter_map(|v| v.speaker.clone());
            given
                .clone()
                .find(|s| s.starts_with(char::is_uppercase))
                .or_else(|| given.clone().next())
        });
    let mut cues: Vec<String> = variants
        .iter()
        .filter_map(|v| v.cue.as_deref())
        .filter(|c| *c != ":")
        .map(cue_lemma)
        .collect();
    cues.sort();
    cues.dedup();
    if cues.len() > 1 {
        flags.push(QuoteFlag::Cue);
    }
    // Sentences in the quote's rows that report it without quotation marks.
    let head_content = content(&head.words);
    let mut rows: Vec<usize> = members
        .iter()
        .map(|f| row_of[f.variant.doc][f.variant.sentence])
        .collect();
    rows.sort_unstable();
    rows.dedup();
    // The quote fills most of its own sentence: then the whole row reports it.
    let covers = head.words.len() * 5
        >= folded_words(&documents[head.variant.doc].sentences[head.variant.sentence].text).len()
            * 3;
    let mut present: Vec<usize> = variants.iter().map(|v| v.doc).collect();
    for &r in &rows {
        for m in &clusters[r].members {
            if present.contains(&m.doc) {
                continue;
            }
            let doc = &documents[m.doc];
            let s = &doc.sentences[m.sentence];
            if s.boilerplate || quoted_sentences.contains(&(m.doc, m.sentence)) {
                continue;
            }
            let sentence_words = folded_words(&s.text);
            let (share, _) = containment(&head_content, &content(&sentence_words));
            if share < 0.4 && !covers {
                continue;
            }
            present.push(m.doc);
            let (speaker, mention) = speaker
                .as_deref()
                .and_then(|sp| find_speaker(texts[m.doc], s.start..s.end, sp))
                .unzip();
            variants.push(QuoteVariant {
                doc: m.doc,
                sentence: m.sentence,
                start: s.start,
                end: s.end,
                text: s.text.clone(),
                quoted: false,
                speaker,
                speaker_mention: mention.clone().map(|r| texts[m.doc][r].to_string()),
                speaker_start: mention.as_ref().map(|r| r.start),
                speaker_end: mention.as_ref().map(|r| r.end),
                cue: None,
                cue_start: None,
                cue_end: None,
                diff: Vec::new(),
            });
        }
    }
    if variants.iter().any(|v| !v.quoted) {
        flags.push(QuoteFlag::Paraphrased);
    }
    flags.sort();
    Quote {
        speaker,
        variants,
        flags,
        row,
    }
}

/// In a sentence that reports a quote, the words naming its speaker (the speaker's last name)
/// and the fullest form of that name in the document.
fn find_speaker(
    text: &str,
    sentence: std::ops::Range<usize>,
    speaker: &str,
) -> Option<(String, std::ops::Range<usize>)> {
    let last = speaker.split(' ').next_back()?;
    let key = names::key(last);
    let s = &text[sentence.clone()];
    let w = names::words(s)
        .into_iter()
        .find(|w| names::key(&s[w.clone()]) == key)?;
    let mention = sentence.start + w.start..sentence.start + w.end;
    let fullest = names::name_runs(text)
        .into_iter()
        .map(|r| names::strip_titles(&text[r]).to_string())
        .filter(|n| n.split(' ').any(|p| names::key(p) == key))
        .max_by_key(|n| n.len())
        .unwrap_or_else(|| text[mention.clone()].to_string());
    Some((fullest, mention))
}
