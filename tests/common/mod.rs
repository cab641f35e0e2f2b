//! Shared helpers for the integration tests.
#![allow(dead_code)]

use parallax::engine::{Analysis, SourceText, decode};

/// The five sample articles shipped with the project.
pub fn sample() -> Vec<SourceText> {
    parallax::sample::SAMPLE
        .iter()
        .map(|(name, text)| decode(name, text.as_bytes()).unwrap())
        .collect()
}

/// Checks the invariants every analysis must hold; panics with a message naming the breach.
pub fn check_invariants(docs: &[SourceText], a: &Analysis) {
    assert_eq!(a.documents.len(), docs.len());
    let mut seen: Vec<Vec<usize>> = a
        .documents
        .iter()
        .map(|d| vec![0; d.sentences.len()])
        .collect();
    for (d, doc) in a.documents.iter().enumerate() {
        let text = &docs[d].text;
        let mut last_end = 0;
        for (i, s) in doc.sentences.iter().enumerate() {
            assert!(s.start < s.end, "{}: sentence {i} is empty", doc.name);
            assert!(
                s.end <= text.len(),
                "{}: sentence {i} ends past the text",
                doc.name
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{}: sentence {i} splits a character",
                doc.name
            );
            assert_eq!(
                &text[s.start..s.end],
                s.text,
                "{}: sentence {i} text does not match its span",
                doc.name
            );
            assert!(
                s.start >= last_end,
                "{}: sentence {i} overlaps the previous one",
                doc.name
            );
            last_end = s.end;
        }
        // Nothing lost: every non-blank character of the text is inside a sentence.
        let mut covered = vec![false; text.len()];
        for s in &doc.sentences {
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        }
        for (i, ch) in text.char_indices() {
            assert!(
                covered[i] || ch.is_whitespace() || ch == '\u{feff}',
                "{}: {:?} at byte {i} is in no sentence",
                doc.name,
                ch
            );
        }
    }
    for (r, c) in a.clusters.iter().enumerate() {
        assert!(!c.members.is_empty(), "row {r} is empty");
        assert!(
            c.members
                .iter()
                .any(|m| m.doc == c.representative.doc && m.sentence == c.representative.sentence),
            "row {r}: the representative is not a member"
        );
        for m in &c.members {
            assert!(
                m.doc < a.documents.len() && m.sentence < a.documents[m.doc].sentences.len(),
                "row {r}: bad member"
            );
            seen[m.doc][m.sentence] += 1;
            assert!(
                (0.0..=1.0).contains(&m.score),
                "row {r}: score {} out of range",
                m.score
            );
        }
        let mut docs_in_row: Vec<usize> = c
            .members
            .iter()
            .filter(|m| m.relation != parallax::engine::Relation::Partial)
            .map(|m| m.doc)
            .collect();
        docs_in_row.sort_unstable();
        let before = docs_in_row.len();
        docs_in_row.dedup();
        assert_eq!(
            before,
            docs_in_row.len(),
            "row {r}: two non-partial members from one document"
        );
        check_evidence(docs, a, r);
        for diff in &c.diffs {
            let rep = &a.documents[c.representative.doc].sentences[c.representative.sentence];
            let member = &a.documents[diff.doc].sentences[diff.sentence];
            for op in &diff.ops {
                assert!(
                    op.old[0] <= op.old[1] && op.old[0] >= rep.start && op.old[1] <= rep.end,
                    "row {r}: diff span outside the representative"
                );
                assert!(
                    op.new[0] <= op.new[1] && op.new[0] >= member.start && op.new[1] <= member.end,
                    "row {r}: diff span outside the member"
                );
            }
        }
    }
    for (d, counts) in seen.iter().enumerate() {
        for (i, &n) in counts.iter().enumerate() {
            assert_eq!(
                n, 1,
                "{} sentence {i} appears in {n} rows",
                a.documents[d].name
            );
        }
    }
    for p in &a.passages {
        for span in [p.a, p.b] {
            let text = &docs[span.doc].text;
            assert!(
                span.start < span.end && span.end <= text.len(),
                "passage span out of range"
            );
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        assert!(p.a.doc < p.b.doc);
        assert!(p.tokens >= 8);
    }
    check_quotes_and_facts(docs, a);
    check_identical_share_a_row(a);
    let n = a.documents.len();
    for m in [&a.similarity.matrix, &a.similarity.containment] {
        assert_eq!(m.len(), n);
        for (i, row) in m.iter().enumerate() {
            assert_eq!(row.len(), n);
            assert!(row.iter().all(|v| (0.0..=1.0).contains(v)));
            assert_eq!(row[i], 1.0);
        }
    }
    for i in 0..n {
        for j in 0..n {
            assert_eq!(
                a.similarity.matrix[i][j], a.similarity.matrix[j][i],
                "matrix is symmetric"
            );
        }
    }
}

/// Quotes and discrepancies point into the original: spans inside their document, texts equal
/// to what they span, a speaker mention of at most eight words, a resolved speaker that
/// occurs in the variant's document, rows that exist, a confidence in [0, 1].
fn check_quotes_and_facts(docs: &[SourceText], a: &Analysis) {
    let span_ok = |doc: usize, start: usize, end: usize| {
        let text = &docs[doc].text;
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for (i, q) in a.quotes.iter().enumerate() {
        assert!(!q.variants.is_empty(), "quote {i} has no variant");
        assert!(
            q.row.is_none_or(|r| r < a.clusters.len()),
            "quote {i}: bad row"
        );
        for v in &q.variants {
            assert!(
                span_ok(v.doc, v.start, v.end),
                "quote {i}: span out of range"
            );
            let text = &docs[v.doc].text;
            assert_eq!(
                &text[v.start..v.end],
                v.text,
                "quote {i}: text does not match its span"
            );
            let sentence = &a.documents[v.doc].sentences[v.sentence];
            assert!(
                sentence.start <= v.start && v.start <= sentence.end,
                "quote {i}: does not start in its sentence"
            );
            if let (Some(s), Some(e), Some(m)) =
                (v.speaker_start, v.speaker_end, &v.speaker_mention)
            {
                assert!(span_ok(v.doc, s, e), "quote {i}: mention span out of range");
                assert_eq!(&text[s..e], m, "quote {i}: mention does not match its span");
                assert!(
                    m.split_whitespace().count() <= 8,
                    "quote {i}: mention {m:?} too long"
                );
            }
            if let Some(name) = &v.speaker {
                assert!(
                    text.contains(name.as_str()),
                    "quote {i}: speaker {name:?} is not in its document"
                );
            }
            if let (Some(s), Some(e), Some(c)) = (v.cue_start, v.cue_end, &v.cue) {
                assert!(span_ok(v.doc, s, e), "quote {i}: cue span out of range");
                assert_eq!(&text[s..e], c, "quote {i}: cue does not match its span");
            }
        }
    }
    for (i, d) in a.discrepancies.iter().enumerate() {
        assert!(d.variants.len() >= 2, "discrepancy {i} has one variant");
        assert!(
            (0.0..=1.0).contains(&d.confidence),
            "discrepancy {i}: confidence"
        );
        assert!(
            d.rows.iter().all(|&r| r < a.clusters.len()),
            "discrepancy {i}: bad row"
        );
        assert!(!d.explanation.is_empty(), "discrepancy {i}: no explanation");
        for v in &d.variants {
            for s in &v.spans {
                assert!(
                    span_ok(s.doc, s.start, s.end),
                    "discrepancy {i}: span out of range"
                );
                assert_eq!(
                    &docs[s.doc].text[s.start..s.end],
                    v.text,
                    "discrepancy {i}: text"
                );
                assert!(v.docs.contains(&s.doc), "discrepancy {i}: docs");
            }
        }
    }
}

/// Sentences of different documents with the same words (folded as the engine compares them:
/// case, accents and spacing aside) stand in one row; a second copy inside one document stands
/// in a row of its own. Boilerplate lines are left out of the rule.
pub fn check_identical_share_a_row(a: &Analysis) {
    let rows = parallax::engine::sentence_rows(&a.documents, &a.clusters);
    let mut first: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for (d, doc) in a.documents.iter().enumerate() {
        let mut seen_here = std::collections::HashSet::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            let key = parallax::engine::folded_words(&s.text).join(" ");
            if s.boilerplate || key.is_empty() || !seen_here.insert(key.clone()) {
                continue;
            }
            match first.get(&key) {
                Some(&(d0, i0)) => assert_eq!(
                    rows[d][i], rows[d0][i0],
                    "{:?} stands in row {} ({}) and row {} ({})",
                    s.text, rows[d0][i0], a.documents[d0].name, rows[d][i], doc.name
                ),
                None => {
                    first.insert(key, (d, i));
                }
            }
        }
    }
}

/// Every member of a shared row says why it is there: one representative, a grade's test
/// whose value passes its threshold, shared words that stand inside the two sentences and
/// spell the same word or one close to it. A row of one needs no evidence.
pub fn check_evidence(docs: &[SourceText], a: &Analysis, r: usize) {
    use parallax::engine::{Relation, Test};
    let c = &a.clusters[r];
    if c.members.len() == 1 {
        assert!(
            c.members[0].evidence.is_none(),
            "row {r}: a lone member has evidence"
        );
        return;
    }
    let rep = c.representative;
    let rep_sentence = &a.documents[rep.doc].sentences[rep.sentence];
    for m in &c.members {
        let e = m
            .evidence
            .as_ref()
            .unwrap_or_else(|| panic!("row {r}: member {}#{} has no evidence", m.doc, m.sentence));
        assert_eq!(
            e.test == Test::Representative,
            m.at() == rep,
            "row {r}: the representative test on the wrong member"
        );
        if let Some(t) = e.threshold {
            assert!(
                e.value + 1e-6 >= t,
                "row {r}: {:?} {} under {t}",
                e.test,
                e.value
            );
        }
        let expected = match e.test {
            Test::Identical => Some(Relation::Identical),
            Test::Near => Some(Relation::Near),
            Test::Paraphrase => Some(Relation::Paraphrase),
            Test::Partial | Test::Split => Some(Relation::Partial),
            Test::Meaning => Some(Relation::Meaning),
            Test::Row | Test::Representative => None,
        };
        if let Some(relation) = expected {
            assert_eq!(
                m.relation, relation,
                "row {r}: {:?} gave {:?}",
                e.test, m.relation
            );
        }
        assert!(e.cover.iter().all(|v| (0.0..=1.0 + 1e-6).contains(v)));
        let sentence = &a.documents[m.doc].sentences[m.sentence];
        let (rep_text, text) = (&docs[rep.doc].text, &docs[m.doc].text);
        for w in &e.words {
            assert!(
                w.rep[0] >= rep_sentence.start && w.rep[1] <= rep_sentence.end,
                "row {r}: shared word outside the representative"
            );
            assert!(
                w.member[0] >= sentence.start && w.member[1] <= sentence.end,
                "row {r}: shared word outside the member"
            );
            let (x, y) = (
                &rep_text[w.rep[0]..w.rep[1]],
                &text[w.member[0]..w.member[1]],
            );
            // Folded as the engine compares words, the two start alike (the same word, its
            // stem, or a spelling variant).
            let first = |t: &str| {
                parallax::engine::folded_words(t)
                    .first()
                    .and_then(|w| w.chars().next())
            };
            assert!(
                first(x).is_some() && first(x) == first(y),
                "row {r}: {x:?} shared with {y:?}"
            );
            assert!(w.weight > 0.0);
        }
        assert!(
            e.words.windows(2).all(|p| p[0].weight >= p[1].weight),
            "row {r}: shared words not heaviest first"
        );
    }
}
