//! Properties of the story map's rows at set sizes beyond a pair: adding documents does not
//! undo alignments, identical sentences share a row, and the rows follow the story's order.

mod common;

use std::path::{Path, PathBuf};

use parallax::engine::{Options, SourceText, analyze, decode};

/// Where `../shared` is, if it is there.
fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

/// Of the sentence pairs (neither boilerplate) that share a row when two documents are
/// analysed alone, over every pair of documents, how many still share one in the analysis of
/// the whole set: (kept, total, the pairs lost as `(doc, sentence, doc, sentence)`).
/// A sentence pair: `(doc, sentence, doc, sentence)`.
type Pair = (usize, usize, usize, usize);

fn stability(docs: &[SourceText]) -> (usize, usize, Vec<Pair>) {
    let whole = analyze(docs, &Options::default());
    let rows = parallax::engine::sentence_rows(&whole.documents, &whole.clusters);
    let (mut kept, mut total, mut lost) = (0, 0, Vec::new());
    for x in 0..docs.len() {
        for y in x + 1..docs.len() {
            let pair = analyze(&[docs[x].clone(), docs[y].clone()], &Options::default());
            for c in &pair.clusters {
                let body = |m: &&parallax::engine::Member| {
                    !pair.documents[m.doc].sentences[m.sentence].boilerplate
                };
                let left: Vec<_> = c
                    .members
                    .iter()
                    .filter(body)
                    .filter(|m| m.doc == 0)
                    .collect();
                let right: Vec<_> = c
                    .members
                    .iter()
                    .filter(body)
                    .filter(|m| m.doc == 1)
                    .collect();
                for a in &left {
                    for b in &right {
                        total += 1;
                        if rows[x][a.sentence] == rows[y][b.sentence] {
                            kept += 1;
                        } else {
                            lost.push((x, a.sentence, y, b.sentence));
                        }
                    }
                }
            }
        }
    }
    (kept, total, lost)
}

fn report_stability(name: &str, docs: &[SourceText]) -> f64 {
    let (kept, total, lost) = stability(docs);
    let share = kept as f64 / total.max(1) as f64;
    println!(
        "{name}: {kept} of {total} pairs kept ({:.1} %)",
        share * 100.0
    );
    if std::env::var_os("PARALLAX_VERBOSE").is_some() {
        let whole = analyze(docs, &Options::default());
        let rows = parallax::engine::sentence_rows(&whole.documents, &whole.clusters);
        let (mut alone, mut conflict, mut rehomed) = (0, 0, 0);
        for &(x, i, y, j) in &lost {
            let (ra, rb) = (&whole.clusters[rows[x][i]], &whole.clusters[rows[y][j]]);
            if ra.members.len() == 1 || rb.members.len() == 1 {
                alone += 1;
            } else if ra.members.iter().any(|m| m.doc == y) || rb.members.iter().any(|m| m.doc == x)
            {
                conflict += 1;
            } else {
                rehomed += 1;
            }
        }
        println!(
            "  lost: {alone} left alone, {conflict} beside the other document's sentence, {rehomed} in two other rows"
        );
        for (x, i, y, j) in lost {
            println!(
                "  lost {}#{i} ~ {}#{j}\n    {}\n    {}",
                docs[x].name,
                docs[y].name,
                sentence(&docs[x], i),
                sentence(&docs[y], j)
            );
        }
    }
    share
}

fn sentence(doc: &SourceText, i: usize) -> String {
    let a = analyze(std::slice::from_ref(doc), &Options::default());
    a.documents[0].sentences[i].text.clone()
}

/// `mkcorpus.py`'s articles (`n` of them, about n/5 stories), made in `target/`; `None`,
/// saying why, where `../shared` or python3 is absent.
fn mkcorpus(n: usize) -> Option<Vec<SourceText>> {
    let docs = make_mkcorpus(n);
    if docs.is_none() {
        println!(
            "skipped: ../shared/tools/mkcorpus.py and the PAN-13 subset (or python3) are absent"
        );
    }
    docs
}

fn make_mkcorpus(n: usize) -> Option<Vec<SourceText>> {
    // Tests run in parallel: one makes the set while the others wait.
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _making = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let shared = shared()?;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/mkcorpus-{n}"));
    if !out.join(format!("article{:04}.txt", n - 1)).is_file() {
        let status = std::process::Command::new("python3")
            .arg(shared.join("tools/mkcorpus.py"))
            .arg(shared.join("eval/pan13-subset/pan13_02-no-obfuscation_subset.tar.xz"))
            .arg(n.to_string())
            .arg(&out)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&out)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.truncate(n);
    Some(
        paths
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                decode(&name, &std::fs::read(p).unwrap()).unwrap()
            })
            .collect(),
    )
}

// The target of issue 10 is 97 % on both sets, not met yet: these floors hold today's figures
// (81.8 % and 93.9 % before pairs were weighed by their own two documents) so that they cannot
// fall back unnoticed.
const SAMPLE_FLOOR: f64 = 0.88;
const GENERATED_FLOOR: f64 = 0.95;

#[test]
fn adding_documents_keeps_the_sample_pairs_together() {
    let share = report_stability("sample", &common::sample());
    assert!(share >= SAMPLE_FLOOR, "only {:.1} % kept", share * 100.0);
}

#[test]
fn adding_documents_keeps_generated_pairs_together() {
    let Some(docs) = mkcorpus(50) else {
        return;
    };
    let share = report_stability("mkcorpus-50", &docs);
    assert!(share >= GENERATED_FLOOR, "only {:.1} % kept", share * 100.0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Sets of up to 12 articles drawn from a small pool of sentences, many repeated, some
    /// edited: every shared sentence text has one row.
    #[test]
    fn identical_sentences_share_one_row(
        picks in proptest::collection::vec(proptest::collection::vec(0usize..16, 1..14), 2..12)
    ) {
        const POOL: [&str; 16] = [
            "The minister met his counterpart in Beijing on Sunday.",
            "The minister met his counterpart in Beijing on Monday.",
            "Talks lasted five hours, officials said.",
            "Talks lasted six hours, officials said.",
            "Relations have been strained since February.",
            "Relations have been strained since the balloon incident in February.",
            "Both sides agreed to keep channels of communication open.",
            "Both sides agreed to keep communication channels open.",
            "The visit is the first by a secretary of state in five years.",
            "Protesters gathered outside the embassy.",
            "The ministry did not respond to a request for comment.",
            "He said the talks were candid and constructive.",
            "“The talks were candid and constructive,” he said.",
            "Markets rose on the news.",
            "Markets rose sharply on the news.",
            "A spokesman declined to comment further.",
        ];
        let docs: Vec<SourceText> = picks
            .iter()
            .enumerate()
            .map(|(d, p)| {
                let text = p.iter().map(|&i| POOL[i]).collect::<Vec<_>>().join(" ");
                SourceText::new(format!("d{d}.txt"), text)
            })
            .collect();
        let a = analyze(&docs, &Options::default());
        common::check_invariants(&docs, &a);
        common::check_identical_share_a_row(&a);
    }
}

#[test]
fn identical_sentences_share_one_row_in_a_generated_set() {
    let Some(docs) = mkcorpus(50) else {
        return;
    };
    common::check_identical_share_a_row(&analyze(&docs, &Options::default()));
}

/// On 22 reports of one event (ECB+ cluster 13ecb) the map opens with what many sources
/// carry, not with one source's lines (before, its first 12 rows were single-source lines):
/// its first row is carried by a third of the sources or more, every row a third of the
/// sources carry stands in the first half of the map (before single-source lines were held
/// where their own articles put them, the row 13 sources carry stood 66th of 100), and the
/// map keeps the order in which the articles themselves tell what they share.
///
/// Issue 10 asked for the rows most sources carry all in the first fifth: not met, and not
/// compatible with story order on this cluster. The row 13 of the 22 carry (Palin's
/// statement) sits at the middle of its articles (median relative position 0.5); of the 20
/// shared rows before it in the map, its own sources tell 37 times before it and 19 times
/// after it. The *Most widely shared first* order puts it first.
#[test]
fn widely_carried_rows_lead_the_map() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/ecbplus");
    let docs = match parallax::eval::ecb::cluster_articles(&dir, "13ecb") {
        Ok(Some(docs)) if !docs.is_empty() => docs,
        other => {
            println!(
                "skipped: ../shared/eval/ecbplus is absent or unreadable ({:?})",
                other.err()
            );
            return;
        }
    };
    let a = analyze(&docs, &Options::default());
    common::check_invariants(&docs, &a);
    let sources = |c: &parallax::engine::Cluster| {
        let mut d: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
        d.dedup();
        d.len()
    };
    let rows = a.clusters.len();
    for (r, c) in a
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| sources(c) >= 4)
    {
        let m = &c.members[0];
        println!(
            "row {r:>3} of {rows}: {:>2} sources  {}",
            sources(c),
            a.documents[m.doc].sentences[m.sentence].text
        );
    }
    assert!(
        sources(&a.clusters[0]) * 3 >= docs.len(),
        "the map opens with a row of {} sources",
        sources(&a.clusters[0])
    );
    for (r, c) in a.clusters.iter().enumerate() {
        if sources(c) * 3 >= docs.len() {
            assert!(
                r * 2 < rows,
                "a row of {} sources stands {r}th of {rows}",
                sources(c)
            );
        }
    }
    // Agreement with the articles: of the pairs of an article's sentences in two different
    // shared rows, the share the map puts in the article's order.
    let row_of = parallax::engine::sentence_rows(&a.documents, &a.clusters);
    let (mut agree, mut pairs) = (0usize, 0usize);
    for (d, doc) in a.documents.iter().enumerate() {
        let shared: Vec<usize> = (0..doc.sentences.len())
            .map(|i| row_of[d][i])
            .filter(|&r| sources(&a.clusters[r]) > 1)
            .collect();
        for i in 0..shared.len() {
            for j in i + 1..shared.len() {
                if shared[i] != shared[j] {
                    pairs += 1;
                    agree += usize::from(shared[i] < shared[j]);
                }
            }
        }
    }
    let share = agree as f64 / pairs.max(1) as f64;
    println!("the map keeps {agree} of {pairs} of the articles' own orders ({share:.3})");
    assert!(share >= 0.75, "agreement {share:.3}");
}

/// Kendall's τ between two orders of the same items.
fn kendall_tau(order: &[usize]) -> f64 {
    let n = order.len();
    let (mut concordant, mut discordant) = (0i64, 0i64);
    for i in 0..n {
        for j in i + 1..n {
            if order[i] < order[j] {
                concordant += 1;
            } else {
                discordant += 1;
            }
        }
    }
    (concordant - discordant) as f64 / (concordant + discordant).max(1) as f64
}

/// Copies of one article that each drop some paragraphs and swap a neighbouring pair or two
/// keep the article's order in the map.
#[test]
fn copies_that_drop_and_reorder_paragraphs_keep_the_base_order() {
    let base = common::sample().remove(3);
    let paragraphs: Vec<&str> = base.text.split("\n\n").collect();
    for seed in 1..=4u64 {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let docs: Vec<SourceText> = (0..6)
            .map(|c| {
                let mut kept: Vec<&str> = paragraphs
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i == 0 || next(100) >= 25)
                    .map(|(_, p)| *p)
                    .collect();
                for _ in 0..2 {
                    if kept.len() > 3 && next(2) == 0 {
                        let i = 1 + next(kept.len() as u64 - 2) as usize;
                        kept.swap(i, i + 1);
                    }
                }
                SourceText::new(format!("copy{c}.txt"), kept.join("\n\n"))
            })
            .collect();
        let a = analyze(&docs, &Options::default());
        common::check_invariants(&docs, &a);
        // Each row's place in the base article: the base's first sentence with its text.
        let whole = analyze(std::slice::from_ref(&base), &Options::default());
        let index_in_base = |text: &str| {
            whole.documents[0]
                .sentences
                .iter()
                .position(|s| s.text == text && !s.boilerplate)
        };
        let order: Vec<usize> = a
            .clusters
            .iter()
            .filter_map(|c| {
                let m = c.members.first()?;
                index_in_base(&a.documents[m.doc].sentences[m.sentence].text)
            })
            .collect();
        let tau = kendall_tau(&order);
        println!("seed {seed}: τ = {tau:.3} over {} rows", order.len());
        assert!(tau >= 0.8, "seed {seed}: τ = {tau:.3}");
    }
}
