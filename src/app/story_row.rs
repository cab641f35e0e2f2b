//! One story-map row; opening it shows every distinct wording with its word diff.

use std::rc::Rc;

use yew::prelude::*;

use super::row_detail::RowDetail;
use super::state::SharedAnalysis;
use crate::engine::{Relation, RowDetails};
use crate::report::Presentation;
use crate::report::export::glyph;
use crate::report::rows::Search;

#[derive(Properties, PartialEq)]
pub struct StoryRowProps {
    pub index: usize,
    /// Position among the grid's rows (for `aria-rowindex`; the header is 1).
    pub position: usize,
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    /// The documents whose columns are rendered, in display order.
    pub columns: Rc<Vec<usize>>,
    /// Whether the columns are a window (spacer cells at both ends).
    pub spacers: bool,
    /// Many sources: narrow columns, tooltips set on hover by the map.
    pub dense: bool,
    pub open: bool,
    /// Takes the keyboard focus stop of the grid.
    pub active: bool,
    pub search: Option<Search>,
    pub ontoggle: Callback<usize>,
    /// This row's word diffs, fetched from the worker (large sets only; set when open).
    pub fetched: Option<Rc<RowDetails>>,
    pub onneeddiffs: Callback<usize>,
}

/// `text` with the search's matches in `<mark>`.
pub fn highlighted(text: &str, search: Option<&Search>) -> Html {
    let Some(s) = search else {
        return html! { { text } };
    };
    let ranges = s.ranges(text);
    if ranges.is_empty() {
        return html! { { text } };
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for r in ranges {
        parts.push(html! { { &text[at..r.start] } });
        parts.push(html! { <mark>{ &text[r.clone()] }</mark> });
        at = r.end;
    }
    parts.push(html! { { &text[at..] } });
    parts.into_iter().collect()
}

/// The class of a story-map cell of this grade (static: no allocation per cell).
pub fn cell_class(relation: Relation) -> &'static str {
    match relation {
        Relation::Identical => "cell identical",
        Relation::Near => "cell near",
        Relation::Paraphrase => "cell paraphrase",
        Relation::Meaning => "cell meaning",
        Relation::Partial => "cell partial",
        Relation::Unique => "cell unique",
    }
}

/// A cell's tooltip: "003: near (82 %)".
pub fn cell_title(label: &str, relation: Relation, score: f32) -> String {
    let name = if relation == Relation::Unique {
        "only here"
    } else {
        relation.as_str()
    };
    format!("{label}: {name} ({:.0} %)", score * 100.0)
}

#[function_component(StoryRow)]
pub fn story_row(props: &StoryRowProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let c = &a.clusters[props.index];
    let rep = c.representative;
    let rep_sentence = &a.documents[rep.doc].sentences[rep.sentence];
    let index = props.index;
    let onclick = props.ontoggle.reform(move |_: MouseEvent| index);
    let unique = c.members.len() == 1;
    // Each document's best grade in this row, and how many of its sentences are here.
    let mut best: Vec<Option<(Relation, f32, u32)>> = vec![None; a.documents.len()];
    for m in &c.members {
        if let Some(slot) = best.get_mut(m.doc) {
            *slot = Some(match *slot {
                Some((r, s, n)) if r <= m.relation => (r, s, n + 1),
                Some((_, _, n)) => (m.relation, m.score, n + 1),
                None => (m.relation, m.score, 1),
            });
        }
    }
    // Cells are many (a row per screen line, a column per source): static classes, and in a
    // dense map no per-cell tooltip (the map sets one on hover).
    let cells = props.columns.iter().map(|&d| match best.get(d).copied().flatten() {
        None => html! {
            <div role="gridcell" data-testid="story-cell" class="cell absent"
                title={(!props.dense).then(|| format!("{}: absent", p.label(d)))}>{ "·" }</div>
        },
        Some((relation, score, n)) => {
            let relation = if unique { Relation::Unique } else { relation };
            let title = (!props.dense).then(|| cell_title(&p.label(d), relation, score));
            html! {
                <div role="gridcell" data-testid="story-cell" class={cell_class(relation)} {title}>
                    { glyph(relation) }
                    if n > 1 { { format!("×{n}") } }
                </div>
            }
        }
    });
    html! {
        <>
            <div data-testid="story-row" role="row" data-row={(index + 1).to_string()} aria-rowindex={props.position.to_string()}
                aria-selected={props.open.to_string()}
                class={classes!("row", "map-row", rep_sentence.boilerplate.then_some("boilerplate"), props.open.then_some("open"), unique.then_some("unique"))}
                {onclick}>
                <div class="num" role="gridcell">{ index + 1 }</div>
                <div class="passage" role="gridcell">
                    <div class="passage-line">
                        <button type="button" class="row-toggle" aria-expanded={props.open.to_string()}
                                tabindex={if props.active { "0" } else { "-1" }}>
                            <span class="text">{ highlighted(&rep_sentence.text, props.search.as_ref()) }</span>
                        </button>
                        if unique { <span class="only">{ format!("only {}", p.label(rep.doc)) }</span> }
                    </div>
                </div>
                if props.spacers { <div class="colspacer left" aria-hidden="true"></div> }
                { for cells }
                if props.spacers { <div class="colspacer right" aria-hidden="true"></div> }
            </div>
            if props.open {
                <div class="detail" role="row">
                    <div class="detail-cell" role="gridcell">
                        <RowDetail analysis={a.clone()} presentation={p.clone()} index={index} fetched={props.fetched.clone()}
                            search={props.search.clone()} onneeddiffs={props.onneeddiffs.clone()} />
                    </div>
                </div>
            }
        </>
    }
}
