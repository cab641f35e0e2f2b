//! Word alignment between two sentences: which word of one says which word of the other.
//!
//! In the spirit of Sultan et al. (2014), evidence is taken strongest first:
//! 1. runs of two or more identical words (folded), longest first;
//! 2. content words that match exactly, by stem or by spelling variant, ranked by how many of
//!    their neighbours are already aligned to each other (context) and by relative position;
//! 3. function words and punctuation that match, only where a neighbour supports them;
//! 4. the sentence-final punctuation;
//! 5. short gaps left between two aligned neighbours on both sides (other words for the
//!    same thing).
//!
//! Links from steps 1–4 are one-to-one and *lexical*; gap links may join one word to two or
//! three.

use super::score::word_similarity;
use super::tokens::{STOP, Token, Vocab};

/// A token for alignment: a word, or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlignToken {
    pub start: u32,
    pub end: u32,
    /// Folded word id, or `u32::MAX - c` for punctuation character `c`.
    pub key: u32,
    pub stem: u32,
    pub stop: bool,
    pub punct: bool,
}

/// Words of `tokens` plus the punctuation characters between them, in text order.
pub fn align_tokens(text: &str, offset: usize, tokens: &[Token]) -> Vec<AlignToken> {
    let mut out = Vec::with_capacity(tokens.len() * 5 / 4);
    let mut cursor = offset;
    let push_punct = |from: usize, to: usize, out: &mut Vec<AlignToken>| {
        for (i, c) in text[from - offset..to - offset].char_indices() {
            if c.is_whitespace() || c.is_alphanumeric() {
                continue;
            }
            let c = match c {
                '“' | '”' | '„' | '«' | '»' => '"',
                '‘' | '’' => '\'',
                '–' | '—' => '-',
                c => c,
            };
            let at = (from + i) as u32;
            let key = u32::MAX - c as u32;
            out.push(AlignToken {
                start: at,
                end: at + c.len_utf8() as u32,
                key,
                stem: key,
                stop: true,
                punct: true,
            });
        }
    };
    for t in tokens {
        push_punct(cursor, t.start as usize, &mut out);
        out.push(AlignToken {
            start: t.start,
            end: t.end,
            key: t.word,
            stem: t.stem,
            stop: t.is(STOP),
            punct: false,
        });
        cursor = t.end as usize;
    }
    push_punct(cursor, offset + text.len(), &mut out);
    out
}

/// Lexical similarity of two tokens in [0, 1].
fn lexical(a: &AlignToken, b: &AlignToken, vocab: &Vocab) -> f32 {
    if a.key == b.key {
        return 1.0;
    }
    if a.punct || b.punct {
        return 0.0;
    }
    if a.stem == b.stem {
        return 0.95;
    }
    if a.stop || b.stop {
        return 0.0;
    }
    let (fa, fb) = (vocab.stem_form(a.stem), vocab.stem_form(b.stem));
    if fa.chars().count() < 4 || fb.chars().count() < 4 {
        return 0.0;
    }
    let s = word_similarity(fa, fb);
    if s >= 0.75 { s } else { 0.0 }
}

/// Aligns `a` to `b`; returns `(i, j, lexical)` links, sorted. `lexical` links rest on the
/// words themselves and are one-to-one; the others fill gaps between aligned neighbours,
/// where one word may stand for two or three.
pub fn align_words(a: &[AlignToken], b: &[AlignToken], vocab: &Vocab) -> Vec<(usize, usize, bool)> {
    let (n, m) = (a.len(), b.len());
    let mut to_b = vec![usize::MAX; n];
    let mut to_a = vec![usize::MAX; m];
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // 1. Runs of identical words, longest first. A run must hold a content word, or be at
    //    least three tokens long.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (len, i, j)
    for i in 0..n {
        for j in 0..m {
            if a[i].key != b[j].key || (i > 0 && j > 0 && a[i - 1].key == b[j - 1].key) {
                continue;
            }
            let mut len = 0;
            while i + len < n && j + len < m && a[i + len].key == b[j + len].key {
                len += 1;
            }
            let content = (0..len).any(|k| !a[i + k].stop);
            if len >= 2 && (content || len >= 3) {
                runs.push((len, i, j));
            }
        }
    }
    runs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (len, i, j) in runs {
        for k in 0..len {
            if to_b[i + k] == usize::MAX && to_a[j + k] == usize::MAX {
                to_b[i + k] = j + k;
                to_a[j + k] = i + k;
            }
        }
    }
    // 2. Content words, then 3. function words and punctuation, each by score. The lexical
    //    similarity of a pair never changes: it is computed once per pass, for the pairs
    //    still free, in row order (so ties go as they would scanning the grid).
    for content_pass in [true, false] {
        let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
        for i in 0..n {
            if to_b[i] != usize::MAX || (content_pass && a[i].stop) {
                continue;
            }
            for j in 0..m {
                if to_a[j] != usize::MAX || (content_pass && b[j].stop) {
                    continue;
                }
                let lex = lexical(&a[i], &b[j], vocab);
                if lex != 0.0 {
                    candidates.push((i, j, lex));
                }
            }
        }
        loop {
            let mut best: Option<(f32, usize, usize)> = None;
            for &(i, j, lex) in &candidates {
                if to_b[i] != usize::MAX || to_a[j] != usize::MAX {
                    continue;
                }
                let ctx = context(i, j, &to_b, 3);
                if !content_pass && ctx == 0.0 {
                    continue;
                }
                let drift = (i as f32 / n as f32 - j as f32 / m as f32).abs();
                let s = lex + 0.5 * ctx - 0.3 * drift;
                if best.is_none_or(|(bs, _, _)| s > bs) {
                    best = Some((s, i, j));
                }
            }
            let Some((_, i, j)) = best else { break };
            to_b[i] = j;
            to_a[j] = i;
        }
    }
    // 4. Sentence-final punctuation.
    if to_b[n - 1] == usize::MAX
        && to_a[m - 1] == usize::MAX
        && a[n - 1].punct
        && a[n - 1].key == b[m - 1].key
    {
        to_b[n - 1] = m - 1;
        to_a[m - 1] = n - 1;
    }
    let mut links: Vec<(usize, usize, bool)> = (0..n)
        .filter(|&i| to_b[i] != usize::MAX)
        .map(|i| (i, to_b[i], true))
        .collect();
    // 5. Gaps: words left between two aligned neighbours (or a sentence edge) on both sides,
    //    few enough to say the same thing in other words, are aligned to each other.
    let mut anchors: Vec<(isize, isize)> = vec![(-1, -1)];
    anchors.extend(links.iter().map(|&(i, j, _)| (i as isize, j as isize)));
    anchors.push((n as isize, m as isize));
    let mut extra = Vec::new();
    for w in anchors.windows(2) {
        let ((i0, j0), (i1, j1)) = (w[0], w[1]);
        if j1 <= j0 + 1 || i1 <= i0 + 1 {
            continue; // a crossing, or nothing between the anchors on one side
        }
        let ga: Vec<usize> = ((i0 + 1)..i1).map(|i| i as usize).collect();
        let gb: Vec<usize> = ((j0 + 1)..j1).map(|j| j as usize).collect();
        if gb.iter().any(|&j| to_a[j] != usize::MAX) {
            continue; // the other side's words are aligned elsewhere
        }
        let edge = i0 < 0 || i1 as usize >= n;
        if ga.len() == gb.len() && ga.len() <= 3 && !(edge && ga.len() > 1) {
            extra.extend(ga.iter().zip(&gb).map(|(&i, &j)| (i, j, false)));
        } else if ((ga.len() == 1 && gb.len() <= 3) || (gb.len() == 1 && ga.len() <= 3)) && !edge {
            for &i in &ga {
                for &j in &gb {
                    extra.push((i, j, false));
                }
            }
        }
    }
    links.extend(extra);
    links.sort_unstable();
    links
}

/// Share of the neighbours of `i` (within `window`) aligned to neighbours of `j`, weighted by
/// closeness.
fn context(i: usize, j: usize, to_b: &[usize], window: usize) -> f32 {
    let mut s = 0.0;
    for d in 1..=window {
        let w = 1.0 / d as f32;
        if i >= d && to_b[i - d] != usize::MAX && to_b[i - d] < j && j - to_b[i - d] <= window {
            s += w;
        }
        if i + d < to_b.len()
            && to_b[i + d] != usize::MAX
            && to_b[i + d] > j
            && to_b[i + d] - j <= window
        {
            s += w;
        }
    }
    s
}
