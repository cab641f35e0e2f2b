//! Behaviour on the sample story (five real reports of the 14 June 2023 Qin–Blinken call),
//! asserted against what a reader can check by reading the five articles.

mod common;

use parallax::engine::{Analysis, Options, analyze};

fn analysis() -> Analysis {
    analyze(&common::sample(), &Options::default())
}

/// Rows holding a sentence of document `doc` that contains `needle`.
fn row_with(a: &Analysis, doc: usize, needle: &str) -> usize {
    a.clusters
        .iter()
        .position(|c| {
            c.members.iter().any(|m| {
                m.doc == doc && a.documents[doc].sentences[m.sentence].text.contains(needle)
            })
        })
        .unwrap_or_else(|| panic!("no sentence of doc {doc} contains {needle:?}"))
}

fn docs_of(a: &Analysis, row: usize) -> Vec<usize> {
    let mut d: Vec<usize> = a.clusters[row].members.iter().map(|m| m.doc).collect();
    d.dedup();
    d
}

#[test]
fn the_two_translations_of_one_wire_story_are_the_most_similar_pair() {
    let a = analysis();
    let m = &a.similarity.matrix;
    let mut best = (0.0, 0, 0);
    for (i, row) in m.iter().enumerate() {
        for (j, &v) in row.iter().enumerate().skip(i + 1) {
            if v > best.0 {
                best = (v, i, j);
            }
        }
    }
    assert_eq!((best.1, best.2), (0, 1), "matrix: {m:?}");
    assert!(
        a.similarity
            .groups
            .iter()
            .any(|g| g.docs.contains(&0) && g.docs.contains(&1))
    );
}

#[test]
fn the_stop_interfering_quote_is_one_row_in_four_sources() {
    let a = analysis();
    let row = row_with(&a, 0, "stop interfering in China’s internal affairs");
    assert_eq!(docs_of(&a, row), [0, 1, 3, 4]);
    assert_eq!(
        row_with(&a, 1, "stop interfering in China’s internal affairs"),
        row
    );
    assert_eq!(
        row_with(&a, 4, "stop interfering in China’s internal affairs"),
        row
    );
}

#[test]
fn the_new_difficulties_quote_is_shared() {
    let a = analysis();
    let row = row_with(&a, 0, "Since the beginning of the year, China-US relations");
    assert_eq!(
        row_with(
            &a,
            1,
            "Since the beginning of this year, China-US relations"
        ),
        row
    );
}

#[test]
fn lines_only_one_outlet_carries_stay_unique() {
    let a = analysis();
    for (doc, needle) in [
        (3, "Pelosi’s visit prompted China"),
        (2, "espionage unit in Cuba"),
        (3, "Daniel Kritenbrink"),
        (1, "play the peace card"),
    ] {
        let row = row_with(&a, doc, needle);
        assert_eq!(
            docs_of(&a, row),
            [doc],
            "{needle:?} should be unique to {doc}"
        );
    }
}

#[test]
fn debris_lines_are_flagged_as_boilerplate() {
    let a = analysis();
    let flagged = |doc: usize, needle: &str| {
        a.documents[doc]
            .sentences
            .iter()
            .filter(|s| s.text.contains(needle))
            .all(|s| s.boilerplate)
    };
    for (doc, needle) in [
        (3, "Advertisement"),
        (2, "See also"),
        (2, "More important news"),
        (3, "[File: Thomas Peter/Pool via AP]"),
        (3, "Source: Al Jazeera"),
        (1, "Avid gamer"),
        (1, "Sources: ats / afp"),
        (2, "International Relations"),
        (2, "Updated on 06/14/2023"),
    ] {
        assert!(
            a.documents[doc]
                .sentences
                .iter()
                .any(|s| s.text.contains(needle)),
            "{needle:?} is in doc {doc}"
        );
        assert!(
            flagged(doc, needle),
            "{needle:?} in doc {doc} should be boilerplate"
        );
    }
    // Reporting is not debris.
    assert!(
        a.documents[0]
            .sentences
            .iter()
            .filter(|s| s.boilerplate)
            .count()
            == 0
    );
}

#[test]
fn metadata_is_read() {
    let a = analysis();
    assert_eq!(
        a.documents[0].title.as_deref(),
        Some("Beijing has complained to Blinken about “new difficulties” in Sino-US relations")
    );
    assert_eq!(a.documents[2].date.as_deref(), Some("2024-06-21"));
    assert_eq!(a.documents[2].updated.as_deref(), Some("2023-06-14T12:11"));
    assert_eq!(a.documents[4].date.as_deref(), Some("2023-06-14"));
    assert_eq!(
        a.documents[3].source.as_deref(),
        Some("Al Jazeera and news agencies")
    );
    assert_eq!(a.documents[1].source.as_deref(), Some("ats / afp"));
    assert!(
        a.documents
            .iter()
            .all(|d| d.language.as_deref() == Some("eng"))
    );
}

#[test]
fn the_first_visit_since_pompeo_is_one_row_told_three_ways() {
    let a = analysis();
    let row = row_with(&a, 0, "since his predecessor Mike Pompeo");
    assert_eq!(row_with(&a, 1, "since his predecessor, Mike Pompeo"), row);
    assert_eq!(
        row_with(&a, 2, "since US Secretary of State Mike Pompeo"),
        row
    );
}

#[test]
fn the_two_translations_share_verbatim_passages() {
    let a = analysis();
    let between: Vec<_> = a
        .passages
        .iter()
        .filter(|p| p.a.doc == 0 && p.b.doc == 1)
        .collect();
    assert!(between.len() >= 3, "{} passages", between.len());
    let text = &common::sample()[0].text;
    assert!(between.iter().any(|p| {
        text[p.a.start..p.a.end].contains("since the end of the Chinese Civil War in 1949")
    }));
}

#[test]
fn rows_follow_the_story() {
    let a = analysis();
    // Within each document, its shared rows appear in the document's own order for the most
    // part (a consensus order cannot follow every document everywhere).
    for d in 0..a.documents.len() {
        let order: Vec<usize> = a
            .clusters
            .iter()
            .filter_map(|c| c.members.iter().find(|m| m.doc == d).map(|m| m.sentence))
            .collect();
        let inversions = order.windows(2).filter(|w| w[0] > w[1]).count();
        assert!(
            inversions * 4 <= order.len(),
            "doc {d}: {inversions} inversions in {}",
            order.len()
        );
    }
}

#[test]
fn diffs_on_demand_equal_the_eager_ones() {
    let docs = common::sample();
    let eager = analyze(&docs, &Options::default());
    let lazy = analyze(&docs, &Options::default().eager_diff_limit(0));
    assert!(lazy.clusters.iter().all(|c| c.diffs.is_empty()));
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let mut checked = 0;
    for (row, c) in eager.clusters.iter().enumerate() {
        assert_eq!(
            parallax::engine::diff_row(&lazy, &texts, row),
            c.diffs,
            "row {row}"
        );
        checked += c.diffs.len();
    }
    assert!(checked > 20);
}
