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
    // Within each document, its rows appear in the document's own order for the most part (a
    // consensus order cannot follow every document everywhere): Kendall's tau between the
    // map's order of its sentences and the article's.
    for d in 0..a.documents.len() {
        let order: Vec<usize> = a
            .clusters
            .iter()
            .flat_map(|c| c.members.iter().filter(|m| m.doc == d).map(|m| m.sentence))
            .collect();
        let (mut agree, mut disagree) = (0i64, 0i64);
        for i in 0..order.len() {
            for j in i + 1..order.len() {
                if order[i] < order[j] {
                    agree += 1;
                } else {
                    disagree += 1;
                }
            }
        }
        let tau = (agree - disagree) as f64 / (agree + disagree).max(1) as f64;
        assert!(tau >= 0.85, "doc {d}: tau {tau:.3}");
    }
}

/// The map opens with what most sources lead with: the phone call carried by four of the
/// five, before any article's own headline or standfirst (which follow it, in their
/// article's order).
#[test]
fn the_map_opens_with_the_shared_lead() {
    let a = analysis();
    let first = (0..a.clusters.len())
        .find(|&r| !parallax::report::is_debris(&a, r))
        .unwrap();
    assert_eq!(first, row_with(&a, 4, "held a phone call"));
    assert!(docs_of(&a, first).len() >= 4);
    let headline = row_with(&a, 3, "airs concerns in call");
    let standfirst = row_with(&a, 3, "must ‘stop interfering’");
    assert!(first < headline && headline < standfirst);
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

#[test]
fn evidence_on_demand_equals_the_eager_one() {
    let docs = common::sample();
    let eager = analyze(&docs, &Options::default());
    let lazy = analyze(&docs, &Options::default().eager_diff_limit(0));
    let mut words = 0;
    for (row, c) in eager.clusters.iter().enumerate() {
        let lazy_row = &lazy.clusters[row];
        // Without its words, the evidence is the same.
        for (m, l) in c.members.iter().zip(&lazy_row.members) {
            assert!(l.evidence.as_ref().is_none_or(|e| e.words.is_empty()));
            assert_eq!(
                m.evidence
                    .as_ref()
                    .map(|e| (e.test, e.value, e.threshold, e.cover, e.link)),
                l.evidence
                    .as_ref()
                    .map(|e| (e.test, e.value, e.threshold, e.cover, e.link)),
            );
        }
        assert_eq!(
            parallax::engine::explain_row(&lazy, row),
            c.members,
            "row {row}"
        );
        words += c
            .members
            .iter()
            .filter_map(|m| m.evidence.as_ref())
            .map(|e| e.words.len())
            .sum::<usize>();
    }
    assert!(words > 100, "{words} shared words");
}

/// The lead row (Qin and Blinken's phone call) says why 003's account is in it: the names and
/// the call it shares with the representative, names most articles repeat weighing less, and
/// a grade with its threshold.
#[test]
fn the_lead_row_explains_its_members() {
    use parallax::engine::Test;
    let a = analysis();
    let docs = common::sample();
    let row = row_with(&a, 4, "held a phone call");
    let c = &a.clusters[row];
    let rep = c.representative;
    let member = c
        .members
        .iter()
        .find(|m| m.doc == 3 && m.at() != rep)
        .expect("003 is a member, not the representative");
    let e = member.evidence.as_ref().expect("evidence");
    assert!(
        matches!(e.test, Test::Paraphrase | Test::Near),
        "{:?}",
        e.test
    );
    assert_eq!(
        e.threshold,
        Some(if e.test == Test::Near { 0.7 } else { 0.42 })
    );
    assert!(
        (e.value
            - if e.test == Test::Near {
                e.value
            } else {
                member.score
            })
        .abs()
            < 1e-6
    );
    let words: Vec<&str> = e
        .words
        .iter()
        .map(|w| &docs[3].text[w.member[0]..w.member[1]])
        .collect();
    for w in ["Qin", "Gang", "Antony", "Blinken", "phone", "call"] {
        assert!(words.contains(&w), "{w} not among {words:?}");
    }
    // Function words carry nothing here; names outweigh the commonest content words.
    assert!(
        !words
            .iter()
            .any(|w| ["the", "and", "of", "with"].contains(w))
    );
    let weight = |word: &str| e.words[words.iter().position(|w| *w == word).unwrap()].weight;
    assert!(weight("Gang") > weight("Blinken"), "{words:?}");
    // What the row detail says.
    let p = parallax::report::Presentation::new(&a, &docs);
    let said = parallax::report::why(member, &p);
    assert!(
        said.contains(&format!(
            "{:.2} (at least {:.2})",
            e.value,
            e.threshold.unwrap()
        )),
        "{said}"
    );
    let listed: Vec<&str> = parallax::report::shared_words(&a, member)
        .into_iter()
        .map(|w| w.0)
        .collect();
    assert_eq!(listed, words);
    let rep_member = c.members.iter().find(|m| m.at() == rep).unwrap();
    assert!(parallax::report::why(rep_member, &p).starts_with("The row's representative"));
}

/// The quotes and discrepancies a careful reader finds in the sample
/// (`tests/fixtures/sample-quotes-and-facts.tsv`): the engine must find at least 90 % of them
/// (a quote counts when its words are found in its source, its speaker resolves to the
/// expected name, and it stands in the same quote as the rest of its group) and at least
/// 90 % of what it reports must be in the table.
#[test]
fn quotes_and_discrepancies_match_the_readers_table() {
    let a = analysis();
    let table = include_str!("fixtures/sample-quotes-and-facts.tsv");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    // Every quoted variant the engine reports: (quote index, variant).
    let reported: Vec<(usize, &parallax::engine::QuoteVariant)> = a
        .quotes
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.variants.iter().filter(|v| v.quoted).map(move |v| (i, v)))
        .collect();
    let mut used = vec![false; reported.len()];
    let mut group_quote: std::collections::HashMap<&str, usize> = Default::default();
    let (mut expected, mut found, mut misses) = (0, 0, Vec::new());
    // Longer openings first, so "stop interfering in…" is not taken by "stop interfering".
    let mut quote_rows: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == "quote").collect();
    quote_rows.sort_by_key(|r| std::cmp::Reverse(r[2].len()));
    for r in quote_rows {
        let (doc, words, speaker, group) = (r[1].parse::<usize>().unwrap(), r[2], r[3], r[4]);
        expected += 1;
        let hit = (0..reported.len()).find(|&k| {
            let (_, v) = reported[k];
            !used[k] && v.doc == doc && v.text.starts_with(words)
        });
        let Some(k) = hit else {
            misses.push(format!("not found: {doc} {words:?}"));
            continue;
        };
        used[k] = true;
        let (quote, v) = reported[k];
        let last = speaker.split(' ').next_back().unwrap_or("");
        let speaker_ok = speaker == "-" || v.speaker.as_deref().is_some_and(|s| s.contains(last));
        let group_ok = *group_quote.entry(group).or_insert(quote) == quote;
        if speaker_ok && group_ok {
            found += 1;
        } else {
            misses.push(format!(
                "{doc} {words:?}: speaker {:?} (want {speaker}), group ok {group_ok}",
                v.speaker
            ));
        }
    }
    let extra: Vec<&str> = reported
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((_, v), _)| v.text.as_str())
        .collect();
    let recall = found as f32 / expected as f32;
    let precision = (reported.len() - extra.len()) as f32 / reported.len().max(1) as f32;
    println!("quotes: recall {recall:.2} ({found}/{expected}), precision {precision:.2}");
    assert!(recall >= 0.9, "quote recall {recall:.2}: {misses:#?}");
    assert!(
        precision >= 0.9,
        "quote precision {precision:.2}: extra {extra:#?}"
    );

    // Discrepancies: a table fact is found when one discrepancy has all its variants.
    let facts: Vec<(&str, Vec<&str>)> = rows
        .iter()
        .filter(|r| r[0] == "fact")
        .map(|r| (r[1], r[2].split(" | ").collect()))
        .collect();
    let matches = |d: &parallax::engine::Discrepancy, (kind, variants): &(&str, Vec<&str>)| {
        d.kind.as_str() == *kind
            && variants
                .iter()
                .all(|t| d.variants.iter().any(|v| v.text == *t))
    };
    let found = facts
        .iter()
        .filter(|f| a.discrepancies.iter().any(|d| matches(d, f)))
        .count();
    let right = a
        .discrepancies
        .iter()
        .filter(|d| facts.iter().any(|f| matches(d, f)))
        .count();
    let recall = found as f32 / facts.len() as f32;
    let precision = right as f32 / a.discrepancies.len().max(1) as f32;
    println!("discrepancies: recall {recall:.2}, precision {precision:.2}");
    assert!(recall >= 0.9, "discrepancy recall {recall:.2}");
    assert!(
        precision >= 0.9,
        "discrepancy precision {precision:.2}: {:#?}",
        a.discrepancies
    );
}
