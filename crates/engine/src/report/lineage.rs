//! Which articles likely copy the same story, in plain sentences, and the order of the
//! similarity figure that puts them side by side.

use crate::{Analysis, Evidence};

use super::{Presentation, and_list, percent};

/// A group of articles that likely share an origin, told in sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupStory {
    /// The documents, in display order.
    pub docs: Vec<usize>,
    /// "000, 001 and 004 likely copy the same wire story."
    pub headline: String,
    /// The earliest dated document when dates single one out: the probable source.
    pub earliest: Option<usize>,
    /// "By date, 000 (2023-06-14) came first: the others probably derive from it.", or why
    /// no direction can be given.
    pub direction: String,
    /// The evidence, strongest first, one sentence per pair.
    pub pairs: Vec<PairStory>,
}

/// Why two documents are grouped, in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct PairStory {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
    pub text: String,
    /// `(earlier, later)` when both are dated and the dates differ.
    pub direction: Option<(usize, usize)>,
}

/// Entry `(i, j)` of a square matrix (0 out of range).
fn cell(m: &[Vec<f32>], i: usize, j: usize) -> f32 {
    m.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0)
}

/// Containment both ways as a sentence: "55 % of A is in B, 33 % of B is in A".
pub fn containment_sentence(a: &Analysis, p: &Presentation, i: usize, j: usize) -> String {
    let c = |x: usize, y: usize| cell(&a.similarity.containment, x, y);
    format!(
        "{} of {} is in {}, {} of {} is in {}",
        percent(c(i, j)),
        p.label(i),
        p.label(j),
        percent(c(j, i)),
        p.label(j),
        p.label(i)
    )
}

/// `(earlier, later)` if both documents carry dates and they differ.
pub fn direction(p: &Presentation, i: usize, j: usize) -> Option<(usize, usize)> {
    let (di, dj) = (p.date(i)?, p.date(j)?);
    match di.cmp(dj) {
        std::cmp::Ordering::Less => Some((i, j)),
        std::cmp::Ordering::Greater => Some((j, i)),
        std::cmp::Ordering::Equal => None,
    }
}

fn pair_story(a: &Analysis, p: &Presentation, e: &Evidence) -> PairStory {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut text = format!(
        "{} and {} share {}, {} near-verbatim",
        p.label(e.a),
        p.label(e.b),
        plural(e.shared_rows, "passage", "passages"),
        e.close_rows
    );
    if e.passages > 0 {
        text += &format!(
            ", and {} of 8 or more words (the longest {} words)",
            plural(e.passages, "verbatim run", "verbatim runs"),
            e.longest_passage
        );
    }
    text += &format!("; {}.", containment_sentence(a, p, e.a, e.b));
    let direction = direction(p, e.a, e.b);
    if let Some((first, then)) = direction {
        text += &format!(
            " {} ({}) is dated before {} ({}): {} probably derives from {}.",
            p.label(first),
            p.date(first).unwrap_or_default(),
            p.label(then),
            p.date(then).unwrap_or_default(),
            p.label(then),
            p.label(first)
        );
    }
    PairStory {
        a: e.a,
        b: e.b,
        similarity: e.similarity,
        text,
        direction,
    }
}

/// The groups as sentences, largest first; `max_pairs` pairs of evidence each at most.
pub fn groups(a: &Analysis, p: &Presentation, max_pairs: usize) -> Vec<GroupStory> {
    let position: Vec<usize> = {
        let mut pos = vec![0; a.documents.len()];
        for (k, d) in p.ordered().into_iter().enumerate() {
            pos[d] = k;
        }
        pos
    };
    let mut out: Vec<GroupStory> = a
        .similarity
        .groups
        .iter()
        .map(|g| {
            let mut docs: Vec<usize> = g
                .docs
                .iter()
                .copied()
                .filter(|&d| d < a.documents.len())
                .collect();
            docs.sort_by_key(|&d| position[d]);
            let labels: Vec<String> = docs.iter().map(|&d| p.label(d)).collect();
            let headline = format!(
                "{} likely copy the same wire story.",
                and_list(&labels, 12)
            );
            let dated: Vec<(usize, &str)> = docs
                .iter()
                .filter_map(|&d| Some((d, p.date(d)?)))
                .collect();
            let min = dated.iter().map(|x| x.1).min();
            let first: Vec<usize> = dated
                .iter()
                .filter(|x| Some(x.1) == min)
                .map(|x| x.0)
                .collect();
            let (earliest, direction) = if dated.len() < 2 {
                (
                    None,
                    "Too few of them carry a date to tell which came first.".to_string(),
                )
            } else if first.len() == 1 && dated.len() > first.len() {
                let d = first[0];
                let undated = docs.len() - dated.len();
                let mut s = format!(
                    "By date, {} ({}) came first: the others probably derive from it",
                    p.label(d),
                    p.date(d).unwrap_or_default()
                );
                if undated > 0 {
                    s += &format!(" ({undated} carry no date)");
                }
                s.push('.');
                (Some(d), s)
            } else {
                let labels: Vec<String> = first.iter().map(|&d| p.label(d)).collect();
                (
                    None,
                    format!(
                        "{} carry the same earliest date ({}): the dates do not tell which came first.",
                        and_list(&labels, 6),
                        min.unwrap_or_default()
                    ),
                )
            };
            let mut evidence: Vec<&Evidence> = g.evidence.iter().collect();
            evidence.sort_by(|x, y| {
                y.similarity
                    .total_cmp(&x.similarity)
                    .then((x.a, x.b).cmp(&(y.a, y.b)))
            });
            let pairs = evidence
                .into_iter()
                .take(max_pairs)
                .map(|e| pair_story(a, p, e))
                .collect();
            GroupStory {
                docs,
                headline,
                earliest,
                direction,
                pairs,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        y.docs
            .len()
            .cmp(&x.docs.len())
            .then(position[x.docs[0]].cmp(&position[y.docs[0]]))
    });
    out
}

/// The order of the similarity figure: each group's documents together (largest group
/// first), each group chained so that neighbours are alike, then the ungrouped documents
/// chained the same way. Returns the order and where each block starts.
pub fn figure_order(a: &Analysis) -> (Vec<usize>, Vec<usize>) {
    let n = a.documents.len();
    let sim = |i: usize, j: usize| cell(&a.similarity.matrix, i, j);
    let mut grouped = vec![false; n];
    let mut blocks: Vec<Vec<usize>> = a
        .similarity
        .groups
        .iter()
        .map(|g| {
            let docs: Vec<usize> = g.docs.iter().copied().filter(|&d| d < n).collect();
            for &d in &docs {
                grouped[d] = true;
            }
            docs
        })
        .filter(|d| !d.is_empty())
        .collect();
    blocks.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    let rest: Vec<usize> = (0..n).filter(|&d| !grouped[d]).collect();
    if !rest.is_empty() {
        blocks.push(rest);
    }
    let mut order = Vec::with_capacity(n);
    let mut starts = Vec::with_capacity(blocks.len());
    for block in blocks {
        starts.push(order.len());
        order.extend(chain(&block, &sim));
    }
    (order, starts)
}

/// A greedy nearest-neighbour chain through `docs`: start from the one most alike to the
/// rest, then always go to the most alike unvisited one. Quadratic in the block's size.
fn chain(docs: &[usize], sim: &impl Fn(usize, usize) -> f32) -> Vec<usize> {
    if docs.len() <= 2 {
        return docs.to_vec();
    }
    let start = docs
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let tx: f32 = docs.iter().map(|&o| sim(x, o)).sum();
            let ty: f32 = docs.iter().map(|&o| sim(y, o)).sum();
            tx.total_cmp(&ty).then(y.cmp(&x))
        })
        .unwrap_or(docs[0]);
    let mut left: Vec<usize> = docs.iter().copied().filter(|&d| d != start).collect();
    let mut out = vec![start];
    let mut last = start;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .max_by(|x, y| {
                sim(last, *x.1)
                    .total_cmp(&sim(last, *y.1))
                    .then(y.1.cmp(x.1))
            })
            .unwrap_or((0, &left[0]));
        last = left.swap_remove(k);
        out.push(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SourceText, analyze};

    fn sample() -> (Analysis, Presentation) {
        let docs: Vec<SourceText> = crate::sample::documents();
        let a = analyze(&docs, &Options::default());
        let p = Presentation::new(&a, &docs);
        (a, p)
    }

    #[test]
    fn groups_read_as_sentences_with_labels() {
        let (a, mut p) = sample();
        assert!(!a.similarity.groups.is_empty());
        p.docs[0].label = "AFP-fr".into();
        let g = groups(&a, &p, 5);
        let with0 = g.iter().find(|g| g.docs.contains(&0)).unwrap();
        assert!(with0.headline.contains("AFP-fr"), "{}", with0.headline);
        assert!(with0.headline.ends_with("likely copy the same wire story."));
        let pair = &with0.pairs[0];
        assert!(pair.text.contains(" % of "), "{}", pair.text);
        assert!(!pair.text.contains("000_"), "labels, not file names");
    }

    #[test]
    fn dates_give_a_direction() {
        let (a, mut p) = sample();
        let g = groups(&a, &p, 5);
        let docs = g[0].docs.clone();
        for (k, &d) in docs.iter().enumerate() {
            p.docs[d].date = Some(format!("2023-06-{:02}", 20 - k));
        }
        let last = *docs.last().unwrap();
        let g = groups(&a, &p, 50);
        assert_eq!(g[0].earliest, Some(last));
        assert!(
            g[0].direction.starts_with("By date, "),
            "{}",
            g[0].direction
        );
        let pair = g[0]
            .pairs
            .iter()
            .find(|x| x.a == last || x.b == last)
            .unwrap();
        assert_eq!(pair.direction.map(|d| d.0), Some(last));
        assert!(pair.text.contains("probably derives from"));
        // An edited date turns the direction around.
        p.docs[last].date = Some("2023-07-01".into());
        let g = groups(&a, &p, 50);
        assert_ne!(g[0].earliest, Some(last));
        // The same date everywhere: no direction.
        for d in &mut p.docs {
            d.date = Some("2023-06-14".into());
        }
        let g = groups(&a, &p, 5);
        assert_eq!(g[0].earliest, None);
        assert!(g[0].direction.contains("same earliest date"));
    }

    #[test]
    fn figure_order_keeps_groups_together() {
        let (a, _) = sample();
        let (order, starts) = figure_order(&a);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3, 4]);
        assert_eq!(starts[0], 0);
        let biggest = a
            .similarity
            .groups
            .iter()
            .map(|g| g.docs.len())
            .max()
            .unwrap();
        let first: Vec<usize> = order[..biggest].to_vec();
        assert!(
            a.similarity.groups.iter().any(|g| {
                let mut d = g.docs.clone();
                let mut f = first.clone();
                d.sort_unstable();
                f.sort_unstable();
                d == f
            }),
            "the largest group comes first, together"
        );
    }
}
