//! One story-map row; opening it shows every variant with its word diff.

use std::rc::Rc;

use yew::prelude::*;

use super::state::SharedAnalysis;

use super::row_detail::RowDetail;
use super::source_chip::label;
use crate::engine::{Diff, Member, Relation};

#[derive(Properties, PartialEq)]
pub struct StoryRowProps {
    pub index: usize,
    pub analysis: SharedAnalysis,
    pub open: bool,
    pub ontoggle: Callback<usize>,
    /// This row's word diffs, fetched from the worker (large sets only; set when open).
    pub fetched: Option<Rc<Vec<Diff>>>,
    pub onneeddiffs: Callback<usize>,
}

/// The glyph of a grade, as in the legend.
pub fn glyph(relation: Relation) -> &'static str {
    match relation {
        Relation::Identical => "●",
        Relation::Near => "◐",
        Relation::Paraphrase => "○",
        Relation::Partial => "◔",
        Relation::Unique => "■",
    }
}

#[function_component(StoryRow)]
pub fn story_row(props: &StoryRowProps) -> Html {
    let a = &props.analysis;
    let c = &a.clusters[props.index];
    let rep = c.representative;
    let rep_sentence = &a.documents[rep.doc].sentences[rep.sentence];
    let index = props.index;
    let onclick = props.ontoggle.reform(move |_: MouseEvent| index);
    let onkeydown = {
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                ontoggle.emit(index);
            }
        })
    };
    let unique = c.members.len() == 1;
    let cells = (0..a.documents.len()).map(|d| {
        let here: Vec<&Member> = c.members.iter().filter(|m| m.doc == d).collect();
        match here.iter().min_by_key(|m| m.relation) {
            None => html! { <td data-testid="story-cell" class="cell absent" title={format!("{}: absent", label(d))}>{ "·" }</td> },
            Some(m) => {
                let name = if unique { "only here" } else { m.relation.as_str() };
                let extra = if here.len() > 1 { format!(" ×{}", here.len()) } else { String::new() };
                html! {
                    <td data-testid="story-cell" class={classes!("cell", m.relation.as_str())}
                        title={format!("{}: {} ({:.0}%)", label(d), name, m.score * 100.0)}>
                        { glyph(m.relation) }{ extra }
                    </td>
                }
            }
        }
    });
    html! {
        <>
            <tr data-testid="story-row" class={classes!("row", rep_sentence.boilerplate.then_some("boilerplate"), props.open.then_some("open"), unique.then_some("unique"))}
                tabindex="0" aria-expanded={props.open.to_string()} {onclick} {onkeydown}>
                <td class="num">{ index + 1 }</td>
                <td class="passage"><span class="text">{ &rep_sentence.text }</span>
                    if unique { <span class="only">{ format!("only {}", label(rep.doc)) }</span> }
                </td>
                { for cells }
            </tr>
            if props.open {
                <tr class="detail"><td colspan={(a.documents.len() + 2).to_string()}>
                    <RowDetail analysis={a.clone()} index={index} fetched={props.fetched.clone()} onneeddiffs={props.onneeddiffs.clone()} />
                </td></tr>
            }
        </>
    }
}
