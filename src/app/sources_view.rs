//! The sources view: per source, what only it reports, what it leaves out that at least half
//! of the others carry, how much of it is verbatim shared text, and its closest other source.
//! Every item links to its row in the story map.

use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use super::source_chip::colour_class;
use super::state::{Action, SharedAnalysis};
use crate::report::summary::{SourceSummary, summaries};
use crate::report::{Presentation, percent, row_text};

#[derive(Properties, PartialEq)]
pub struct SourcesViewProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    /// The selected source's stable id.
    pub selected: Option<String>,
    pub onaction: Callback<Action>,
}

/// Rows listed per section before "show all".
const LISTED: usize = 6;
/// Sources summarised per page.
const PAGE: usize = 30;

#[function_component(SourcesView)]
pub fn sources_view(props: &SourcesViewProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let sums: Rc<Vec<SourceSummary>> = use_memo(a.clone(), |a| summaries(a));
    let expanded = use_state(HashSet::<(usize, u8)>::new);
    let limit = use_state(|| PAGE);
    let selected = props
        .selected
        .as_ref()
        .and_then(|k| p.docs.iter().position(|d| &d.id == k));
    // The selected source first, then display order.
    let mut order = p.ordered();
    if let Some(s) = selected {
        order.retain(|&d| d != s);
        order.insert(0, s);
    }
    let total = order.len();
    let list = |d: usize, kind: u8, rows: &[usize]| {
        let all = expanded.contains(&(d, kind));
        let shown = if all {
            rows.len()
        } else {
            rows.len().min(LISTED)
        };
        let ontoggle = {
            let expanded = expanded.clone();
            Callback::from(move |_: MouseEvent| {
                let mut e = (*expanded).clone();
                if !e.remove(&(d, kind)) {
                    e.insert((d, kind));
                }
                expanded.set(e);
            })
        };
        html! {
            <>
                <ul class="row-list">
                    { for rows[..shown].iter().map(|&r| {
                        let onclick = props.onaction.reform(move |_: MouseEvent| Action::OpenRow(r));
                        html! {
                            <li><button class="link row-link" type="button" {onclick} data-row={(r + 1).to_string()}>
                                <span class="row-num">{ format!("#{}", r + 1) }</span>{ " " }{ row_text(a, r) }
                            </button></li>
                        }
                    }) }
                </ul>
                if rows.len() > LISTED {
                    <button class="button secondary small" type="button" onclick={ontoggle}>
                        { if all { "Show fewer".to_string() } else { format!("Show all {}", rows.len()) } }
                    </button>
                }
            </>
        }
    };
    let onmore = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    html! {
        <section class="sources-view" data-testid="sources-view" aria-label="Sources">
            <div class="map-tools"><h2>{ "What each source adds and leaves out" }</h2></div>
            <div class="summaries">
            { for order.iter().take(*limit).map(|&d| {
                let s = &sums[d];
                let doc = &a.documents[d];
                let key = p.docs[d].id.clone();
                let is_selected = selected == Some(d);
                let onselect = props.onaction.reform({
                    let key = key.clone();
                    move |_: MouseEvent| Action::SelectSource((!is_selected).then(|| key.clone()))
                });
                let meta: Vec<String> = [p.date(d).map(str::to_string), p.docs[d].outlet.clone(), doc.source.clone()]
                    .into_iter().flatten().collect();
                html! {
                    <article data-testid="source-summary" data-id={key.clone()}
                             class={classes!("summary", colour_class(p.docs[d].colour), is_selected.then_some("selected"))}
                             aria-labelledby={format!("summary-{key}")}>
                        <header>
                            <h3 id={format!("summary-{key}")}>
                                <button class="summary-label" type="button" aria-pressed={is_selected.to_string()} onclick={onselect}>{ p.label(d) }</button>
                                { " " }{ &doc.name }
                            </h3>
                            if let Some(t) = &doc.title { <p class="summary-title">{ t }</p> }
                            <p class="muted">{ format!("{} words", doc.word_count) }{ for meta.iter().map(|m| html! { <>{ " · " }{ m }</> }) }</p>
                        </header>
                        <dl class="facts">
                            <dt>{ "Verbatim" }</dt>
                            <dd data-testid="summary-verbatim">{ format!("{} of its text appears word for word in another source.", percent(s.verbatim)) }</dd>
                            <dt>{ "Closest" }</dt>
                            <dd data-testid="summary-closest">
                                { match s.closest {
                                    Some((j, v)) => {
                                        let onclick = props.onaction.reform({
                                            let (a_id, b_id) = (key.clone(), p.docs[j].id.clone());
                                            move |_: MouseEvent| Action::OpenSideBySide(vec![a_id.clone(), b_id.clone()])
                                        });
                                        html! { <>{ format!("{} (similarity {:.0}) ", p.label(j), v * 100.0) }
                                            <button class="link" type="button" {onclick}>{ "read side by side" }</button></> }
                                    }
                                    None => html! { { "no other source" } },
                                } }
                            </dd>
                            <dt>{ "Shared" }</dt>
                            <dd>{ format!("{} passages it shares with at least one other source.", s.shared_rows) }</dd>
                        </dl>
                        <h4>{ format!("Only here ({})", s.unique_rows.len()) }</h4>
                        if s.unique_rows.is_empty() {
                            <p class="muted">{ "Nothing that no other source carries." }</p>
                        } else {
                            <div data-testid="summary-unique">{ list(d, 0, &s.unique_rows) }</div>
                        }
                        <h4>{ format!("Leaves out ({})", s.left_out_rows.len()) }</h4>
                        if s.left_out_rows.is_empty() {
                            <p class="muted">{ "Nothing that at least half of the others carry." }</p>
                        } else {
                            <p class="muted small">{ "Passages at least half of the other sources carry." }</p>
                            <div data-testid="summary-left-out">{ list(d, 1, &s.left_out_rows) }</div>
                        }
                    </article>
                }
            }) }
            </div>
            if total > *limit {
                <p class="more">{ format!("Showing {} of {} sources. ", *limit, total) }
                    <button class="button secondary" type="button" onclick={onmore}>{ format!("Show {} more", PAGE.min(total - *limit)) }</button></p>
            }
        </section>
    }
}
