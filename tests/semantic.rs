//! The meaning pass with the real model on the sample story: the pairs it adds, each judged
//! by reading it (tests/fixtures/meaning-sample.json), at least 80 % right. Needs the model
//! (`./dev model`); without it the test says so and passes, unless `PARALLAX_REQUIRE_MODEL`
//! is set (`./dev test` sets it).

mod common;

use parallax::engine::{Options, Relation, Silent};
use parallax::semantic::{Embedder, analyze_semantic};

fn embedder() -> Option<Embedder> {
    match Embedder::load(None) {
        Ok(e) => Some(e),
        Err(e) if std::env::var_os("PARALLAX_REQUIRE_MODEL").is_some() => panic!("{e}"),
        Err(e) => {
            eprintln!("skipped: {e}");
            None
        }
    }
}

#[test]
fn the_pairs_added_on_the_sample_are_right() {
    let Some(embedder) = embedder() else { return };
    let docs = common::sample();
    let a = analyze_semantic(
        &docs,
        &Options::default(),
        &embedder,
        &mut Silent,
        &mut |_, _| {},
    )
    .expect("the pass runs");
    common::check_invariants(&docs, &a);
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/meaning-sample.json")).unwrap();
    let judged = fixture["pairs"].as_array().unwrap();
    let text =
        |r: parallax::engine::SentenceRef| a.documents[r.doc].sentences[r.sentence].text.as_str();
    let mut added = 0;
    let mut right = 0;
    for (r, c) in a.clusters.iter().enumerate() {
        common::check_evidence(&docs, &a, r);
        for m in c.members.iter().filter(|m| m.at() != c.representative) {
            if m.relation != Relation::Meaning {
                continue;
            }
            added += 1;
            let (x, y) = (text(c.representative), text(m.at()));
            let verdict = judged.iter().find(|p| {
                let (pa, pb) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
                (x.starts_with(pa) && y.starts_with(pb)) || (x.starts_with(pb) && y.starts_with(pa))
            });
            let Some(verdict) = verdict else {
                panic!(
                    "row {r}: a pair not judged yet (read it and add it to the fixture):\n  {x}\n  {y}\n  cosine {:.3}",
                    m.score
                );
            };
            right += usize::from(verdict["right"].as_bool().unwrap());
        }
    }
    assert!(added >= 4, "the pass adds rows on the sample ({added})");
    assert!(
        right * 100 >= added * 80,
        "{right} of {added} added pairs right (at least 80 % needed)"
    );
}

#[test]
fn turning_the_pass_off_returns_the_lexical_map() {
    let Some(embedder) = embedder() else { return };
    let docs = common::sample();
    let lexical = parallax::engine::analyze(&docs, &Options::default());
    let semantic = analyze_semantic(
        &docs,
        &Options::default(),
        &embedder,
        &mut Silent,
        &mut |_, _| {},
    )
    .unwrap();
    assert_ne!(lexical.clusters, semantic.clusters);
    let again = parallax::engine::analyze(&docs, &Options::default().meaning(None));
    assert_eq!(
        serde_json::to_string(&lexical).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}
