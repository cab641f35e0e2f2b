//! An open row: one line per distinct wording, with the sources that carry it and its word
//! diff against the row's representative. A row that 300 sources share mostly verbatim is a
//! handful of lines, not 300.

use std::rc::Rc;

use yew::prelude::*;

use super::source_chip::colour_class;
use super::state::SharedAnalysis;
use super::story_row::highlighted;
use crate::engine::{Diff, DiffOp, Member, RowDetails, Sentence};
use crate::report::export::glyph;
use crate::report::rows::Search;
use crate::report::{DiffPiece, Presentation, diff_pieces, shared_words, why};

#[derive(Properties, PartialEq)]
pub struct RowDetailProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    pub index: usize,
    /// The row's diffs and shared words from the worker, when the analysis came without them.
    pub fetched: Option<Rc<RowDetails>>,
    pub search: Option<Search>,
    /// Asks the worker for this row's diffs and shared words.
    pub onneeddiffs: Callback<usize>,
}

/// The member's sentence with deletions (from the representative) and insertions marked;
/// the plain text if a span does not fit (never panics on bad offsets).
fn diff_html(member: &Sentence, rep: &Sentence, ops: &[DiffOp]) -> Html {
    let Some(pieces) = diff_pieces(member, rep, ops) else {
        return html! { { &member.text } };
    };
    pieces
        .into_iter()
        .map(|piece| match piece {
            DiffPiece::Same(t) => html! { { t } },
            DiffPiece::Deleted(t) => html! { <del>{ t }</del> },
            DiffPiece::Inserted(t) => html! { <ins>{ t }</ins> },
        })
        .collect()
}

/// Sources named on one variant line before "and N more".
const NAMED: usize = 12;
/// Shared words shown on one variant line, heaviest first.
const SHARED_SHOWN: usize = 10;

#[function_component(RowDetail)]
pub fn row_detail(props: &RowDetailProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let c = &a.clusters[props.index];
    let rep = c.representative;
    let rep_sentence = &a.documents[rep.doc].sentences[rep.sentence];
    // Large sets come without diffs: ask the worker once, show plain text meanwhile.
    let missing = c.members.len() > 1 && c.diffs.is_empty();
    let waiting = missing && props.fetched.is_none();
    {
        let (index, onneeddiffs) = (props.index, props.onneeddiffs.clone());
        use_effect_with((index, waiting), move |&(index, waiting)| {
            if waiting {
                onneeddiffs.emit(index);
            }
        });
    }
    let (diffs, explained): (&[Diff], &[Member]) = match &props.fetched {
        Some(d) if missing => (&d.diffs, &d.members),
        _ => (&c.diffs, &c.members),
    };
    // One line per distinct wording (exact text), the representative's first, then in the
    // display order of their first source.
    let position: Vec<usize> = {
        let mut pos = vec![0; a.documents.len()];
        for (k, d) in p.ordered().into_iter().enumerate() {
            pos[d] = k;
        }
        pos
    };
    let mut members: Vec<&Member> = c.members.iter().collect();
    members.sort_by_key(|m| {
        (
            !(m.doc == rep.doc && m.sentence == rep.sentence),
            position[m.doc],
        )
    });
    let mut groups: Vec<(&str, Vec<&Member>)> = Vec::new();
    for m in members {
        let text = a.documents[m.doc].sentences[m.sentence].text.trim();
        match groups.iter_mut().find(|g| g.0 == text) {
            Some(g) => g.1.push(m),
            None => groups.push((text, vec![m])),
        }
    }
    let single = c.members.len() == 1;
    html! {
        <div class="variants" aria-busy={waiting.to_string()} data-testid="variants"
             data-diffs={if !missing { "engine" } else if waiting { "waiting" } else { "worker" }}>
            if groups.len() < c.members.len() {
                <p class="muted variants-note">{ format!("{} sources, {} distinct wordings.", c.members.len(), groups.len()) }</p>
            }
            { for groups.iter().map(|(_, ms)| {
                let m = ms[0];
                let sentence = &a.documents[m.doc].sentences[m.sentence];
                let has_rep = ms.iter().any(|x| x.doc == rep.doc && x.sentence == rep.sentence);
                let diff = diffs.iter().find(|d| d.doc == m.doc && d.sentence == m.sentence);
                let body = match diff {
                    Some(d) if !has_rep => diff_html(sentence, rep_sentence, &d.ops),
                    _ => highlighted(&sentence.text, props.search.as_ref()),
                };
                // The weakest grade on the line (identical wordings share one text, not always
                // one grade: a partial member can repeat a full one).
                let relation = ms.iter().map(|x| x.relation).max().unwrap_or(m.relation);
                let grade = if single {
                    "only this source".to_string()
                } else if has_rep {
                    format!("{} · representative", relation.as_str())
                } else {
                    relation.as_str().to_string()
                };
                let names: Vec<String> = ms.iter().map(|x| p.label(x.doc)).collect();
                // Why the line is in the row (its first member's evidence, with the shared words
                // once they are known).
                let explained = explained
                    .iter()
                    .find(|x| x.doc == m.doc && x.sentence == m.sentence)
                    .unwrap_or(m);
                let reason = (!single).then(|| why(explained, p));
                let words = shared_words(a, explained);
                let shown = names.len().min(NAMED);
                html! {
                    <div data-testid="variant" class={classes!("variant", has_rep.then_some("rep"), colour_class(p.docs[m.doc].colour))}
                         data-sources={ms.len().to_string()}>
                        <span class="variant-doc" title={ms.iter().map(|x| a.documents[x.doc].name.as_str()).collect::<Vec<_>>().join(", ")}>
                            { names[..shown].join(", ") }
                            if names.len() > shown { { format!(" and {} more", names.len() - shown) } }
                        </span>
                        <span class={classes!("variant-grade", relation.as_str())}>{ if single { "■" } else { glyph(relation) } }{ " " }{ grade }</span>
                        <span class="variant-text">{ body }</span>
                        if let Some(reason) = reason {
                            <span class="variant-why" data-testid="why">
                                { reason }
                                if !words.is_empty() {
                                    { " Shared words: " }
                                    { for words.iter().take(SHARED_SHOWN).map(|(w, weight)| html! {
                                        <span class="shared-word" title={format!("weight {weight:.2}: the rarer in the two articles, the heavier")}>{ *w }</span>
                                    }) }
                                    if words.len() > SHARED_SHOWN {
                                        { format!(" and {} more", words.len() - SHARED_SHOWN) }
                                    }
                                }
                            </span>
                        }
                    </div>
                }
            }) }
        </div>
    }
}
