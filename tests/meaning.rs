//! The meaning pass's merge step with small fixed vectors (no model): what joins, what the
//! row rules refuse, and that without vectors the analysis is the lexical one, byte for byte.
//! The model itself is tested in crates/embed and, on the sample story, in tests/semantic.rs.

mod common;

use parallax::engine::meaning::{Meaning, SentenceVector, to_embed};
use parallax::engine::{Analysis, Options, Relation, SentenceRef, Test, analyze};

fn lexical() -> (Vec<parallax::engine::SourceText>, Analysis) {
    let docs = common::sample();
    let a = analyze(&docs, &Options::default());
    (docs, a)
}

/// Every sentence a vector of its own (unit basis vectors: cosine 0 between any two), except
/// those in `same`, which share the first basis vector (cosine 1).
fn vectors(
    a: &Analysis,
    same: &[SentenceRef],
    tweak: &dyn Fn(SentenceRef, &mut Vec<f32>),
) -> Meaning {
    let refs = to_embed(a);
    let dim = refs.len() + 1;
    let vectors = refs
        .iter()
        .enumerate()
        .map(|(k, &r)| {
            let mut v = vec![0.0; dim];
            if same.contains(&r) {
                v[0] = 1.0;
            } else {
                v[k + 1] = 1.0;
            }
            tweak(r, &mut v);
            SentenceVector {
                doc: r.doc,
                sentence: r.sentence,
                vector: v,
            }
        })
        .collect();
    Meaning::new(vectors)
}

fn row_of(a: &Analysis, r: SentenceRef) -> usize {
    a.clusters
        .iter()
        .position(|c| c.members.iter().any(|m| m.at() == r))
        .expect("every sentence has a row")
}

/// Lone sentences outside page debris, of documents `docs`, one each.
fn lone(a: &Analysis, docs: &[usize]) -> Vec<SentenceRef> {
    docs.iter()
        .map(|&d| {
            a.clusters
                .iter()
                .filter(|c| c.members.len() == 1 && c.members[0].doc == d)
                .map(|c| c.members[0].at())
                .find(|r| {
                    let s = &a.documents[r.doc].sentences[r.sentence];
                    !s.boilerplate && s.text.split_whitespace().count() > 6
                })
                .expect("a lone sentence in each document")
        })
        .collect()
}

#[test]
fn without_vectors_the_analysis_is_the_lexical_one() {
    let (docs, a) = lexical();
    let empty = analyze(
        &docs,
        &Options::default().meaning(Some(Meaning::new(Vec::new()))),
    );
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&empty).unwrap()
    );
    // Vectors all far apart join nothing: the rows stay the lexical ones.
    let apart = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &[], &|_, _| {}))),
    );
    assert_eq!(a.clusters, apart.clusters);
}

#[test]
fn two_lone_sentences_close_in_meaning_share_a_row() {
    let (docs, a) = lexical();
    let pair = lone(&a, &[0, 3]);
    assert_ne!(row_of(&a, pair[0]), row_of(&a, pair[1]));
    let m = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &pair, &|_, _| {}))),
    );
    common::check_invariants(&docs, &m);
    let r = row_of(&m, pair[0]);
    assert_eq!(r, row_of(&m, pair[1]), "the pair shares a row");
    let c = &m.clusters[r];
    assert_eq!(c.members.len(), 2);
    let member = c
        .members
        .iter()
        .find(|x| x.at() != c.representative)
        .unwrap();
    assert_eq!(member.relation, Relation::Meaning);
    assert!((member.score - 1.0).abs() < 1e-5, "its score is the cosine");
    let e = member.evidence.as_ref().unwrap();
    assert_eq!(e.test, Test::Meaning);
    assert_eq!(e.threshold, Some(parallax::engine::meaning::THRESHOLD));
    common::check_evidence(&docs, &m, r);
    let why = parallax::report::why(member, &parallax::report::Presentation::new(&m, &docs));
    assert!(why.starts_with("Matched by meaning, cosine 1.00"), "{why}");
    // Nothing else moved.
    assert_eq!(m.clusters.len() + 1, a.clusters.len());
}

#[test]
fn a_lone_sentence_joins_a_shared_row_whose_members_it_is_close_to() {
    let (docs, a) = lexical();
    // A row of several sources without document 4, and a lone sentence of document 4.
    let (r, row) = a
        .clusters
        .iter()
        .enumerate()
        .find(|(_, c)| c.members.len() >= 2 && c.members.iter().all(|m| m.doc != 4))
        .expect("a shared row without document 4");
    let s = lone(&a, &[4])[0];
    let mut same: Vec<SentenceRef> = row.members.iter().map(|m| m.at()).collect();
    same.push(s);
    let m = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &same, &|_, _| {}))),
    );
    common::check_invariants(&docs, &m);
    let joined = &m.clusters[row_of(&m, s)];
    assert_eq!(
        joined.members.len(),
        row.members.len() + 1,
        "row {r} gained it"
    );
    let member = joined.members.iter().find(|x| x.at() == s).unwrap();
    assert_eq!(member.relation, Relation::Meaning);
}

#[test]
fn the_row_rules_stand() {
    let (docs, a) = lexical();
    // Two lone sentences of one document and one of another, all alike: one sentence per
    // document per row, so one of the first two stays alone.
    let two: Vec<SentenceRef> = a
        .clusters
        .iter()
        .filter(|c| c.members.len() == 1 && c.members[0].doc == 1)
        .map(|c| c.members[0].at())
        .filter(|r| !a.documents[1].sentences[r.sentence].boilerplate)
        .take(2)
        .collect();
    let other = lone(&a, &[2])[0];
    let same = [two[0], two[1], other];
    let m = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &same, &|_, _| {}))),
    );
    common::check_invariants(&docs, &m);
    let rows: Vec<usize> = same.iter().map(|&r| row_of(&m, r)).collect();
    assert_ne!(rows[0], rows[1], "one sentence of a document per row");
    assert!(rows[2] == rows[0] || rows[2] == rows[1]);

    // A lone sentence close to one member of a row and far from another does not join it.
    let (_, row) = a
        .clusters
        .iter()
        .enumerate()
        .find(|(_, c)| c.members.len() == 2 && c.members.iter().all(|m| m.doc != 4))
        .expect("a row of two without document 4");
    let s = lone(&a, &[4])[0];
    let (first, second) = (row.members[0].at(), row.members[1].at());
    let same = [first, s];
    let m = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &same, &|r, v| {
            if r == second {
                // Cosine 0.5 with the other two: under the threshold less the margin.
                v.iter_mut().for_each(|x| *x *= 0.75f32.sqrt());
                v[0] = 0.5;
            }
        }))),
    );
    assert_ne!(
        row_of(&m, s),
        row_of(&m, first),
        "the far member keeps it out"
    );
}

#[test]
fn meaning_moves_article_similarity() {
    let (docs, a) = lexical();
    let m = analyze(
        &docs,
        &Options::default().meaning(Some(vectors(&a, &[], &|_, _| {}))),
    );
    // Vectors all far apart: the pairs' similarity changes (by the meaning component), the
    // matrix stays symmetric, within [0, 1], with 1 on the diagonal.
    assert_ne!(a.similarity.matrix, m.similarity.matrix);
    let n = m.documents.len();
    for i in 0..n {
        assert_eq!(m.similarity.matrix[i][i], 1.0);
        for j in 0..n {
            let v = m.similarity.matrix[i][j];
            assert!((0.0..=1.0).contains(&v));
            assert!((v - m.similarity.matrix[j][i]).abs() < 1e-6);
        }
    }
    // Groups of one origin come from the words alone.
    assert_eq!(a.similarity.groups, m.similarity.groups);
}

#[test]
fn small_sets_embed_every_sentence_outside_page_debris() {
    let (_, a) = lexical();
    let refs = to_embed(&a);
    let body: usize = a
        .documents
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .filter(|s| !s.boilerplate && !s.text.trim().is_empty())
                .count()
        })
        .sum();
    assert_eq!(refs.len(), body);
}
