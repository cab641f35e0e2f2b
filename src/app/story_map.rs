//! The story map: one row per passage cluster, one column per source.

use std::collections::HashMap;
use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::source_chip::{colour, label};
use super::state::{Filter, SharedAnalysis};
use super::story_row::StoryRow;
use crate::engine::{Analysis, Cluster, Diff};

#[derive(Properties, PartialEq)]
pub struct StoryMapProps {
    pub analysis: SharedAnalysis,
    pub filter: Filter,
    pub show_boilerplate: bool,
    /// Word diffs fetched for rows that came without them.
    pub row_diffs: Rc<HashMap<usize, Rc<Vec<Diff>>>>,
    pub onfilter: Callback<Filter>,
    pub ontoggle: Callback<()>,
    /// Asks for the word diffs of a row that came without them.
    pub onneeddiffs: Callback<usize>,
}

fn docs_in(c: &Cluster) -> usize {
    let mut docs: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
    docs.dedup();
    docs.len()
}

fn keep(a: &Analysis, c: &Cluster, filter: Filter, show_boilerplate: bool) -> bool {
    let rep = c.representative;
    let boilerplate = a.documents[rep.doc].sentences[rep.sentence].boilerplate;
    if boilerplate && !show_boilerplate {
        return false;
    }
    let n = docs_in(c);
    match filter {
        Filter::All => true,
        Filter::SharedByAll => n == a.documents.len() && n > 1,
        Filter::Shared => n > 1,
        Filter::Unique => n == 1,
    }
}

/// Cells rendered at first, and added by "Show more": a thousand articles make thousands of
/// rows of a thousand cells, and the page must stay responsive. A page holds 25 to 200 rows.
const PAGE_CELLS: usize = 5000;

fn page_rows(documents: usize) -> usize {
    (PAGE_CELLS / documents.max(1)).clamp(25, 200)
}

#[function_component(StoryMap)]
pub fn story_map(props: &StoryMapProps) -> Html {
    let open = use_state(|| None::<usize>);
    let page = page_rows(props.analysis.documents.len());
    let limit = use_state(|| page);
    let a = &props.analysis;
    let ontoggle_row = {
        let open = open.clone();
        Callback::from(move |row: usize| {
            open.set(if *open == Some(row) { None } else { Some(row) })
        })
    };
    let onchange = {
        let onfilter = props.onfilter.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            onfilter.emit(match value.as_str() {
                "all-shared" => Filter::SharedByAll,
                "shared" => Filter::Shared,
                "unique" => Filter::Unique,
                _ => Filter::All,
            });
        })
    };
    let ontoggle = props.ontoggle.reform(|_: Event| ());
    let shown: Vec<usize> = (0..a.clusters.len())
        .filter(|&i| keep(a, &a.clusters[i], props.filter, props.show_boilerplate))
        .collect();
    let total = shown.len();
    let visible = &shown[..total.min(*limit)];
    let onmore = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + page))
    };
    let onall = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(usize::MAX))
    };
    let dense = a.documents.len() > 12;
    let shared = a.clusters.iter().filter(|c| docs_in(c) > 1).count();
    html! {
        <section data-testid="story-map" class="story-map" aria-label="Story map">
            <div class="map-tools">
                <h2>{ "Story map" }</h2>
                <span class="map-count">{ format!("{} rows, {} shared by two or more sources", a.clusters.len(), shared) }</span>
                <label>{ "Show " }
                    <select data-testid="filter" {onchange}>
                        <option value="all" selected={props.filter == Filter::All}>{ "all rows" }</option>
                        <option value="all-shared" selected={props.filter == Filter::SharedByAll}>{ "shared by all" }</option>
                        <option value="shared" selected={props.filter == Filter::Shared}>{ "shared by some" }</option>
                        <option value="unique" selected={props.filter == Filter::Unique}>{ "unique to one source" }</option>
                    </select>
                </label>
                <label><input type="checkbox" checked={props.show_boilerplate} onchange={ontoggle} />{ " page debris" }</label>
                <span class="legend">
                    <span class="g identical">{ "● identical" }</span>
                    <span class="g near">{ "◐ near" }</span>
                    <span class="g paraphrase">{ "○ paraphrase" }</span>
                    <span class="g partial">{ "◔ partial" }</span>
                    <span class="g absent">{ "· absent" }</span>
                </span>
            </div>
            <div class="map-scroll">
            <table class={classes!("map", dense.then_some("dense"))}>
                <thead>
                    <tr>
                        <th class="num">{ "#" }</th>
                        <th class="passage">{ "passage (representative)" }</th>
                        { for (0..a.documents.len()).map(|d| html! {
                            <th class="doc" style={format!("--doc: {}", colour(d))} title={a.documents[d].name.clone()}>{ label(d) }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for visible.iter().map(|&i| html! {
                        <StoryRow key={i} index={i} analysis={a.clone()} open={*open == Some(i)} ontoggle={ontoggle_row.clone()}
                            fetched={(*open == Some(i)).then(|| props.row_diffs.get(&i).cloned()).flatten()}
                            onneeddiffs={props.onneeddiffs.clone()} />
                    }) }
                </tbody>
            </table>
            </div>
            if shown.is_empty() {
                <p class="empty">{ "No rows match this filter." }</p>
            }
            if visible.len() < total {
                <p class="more">
                    { format!("Showing {} of {} rows. ", visible.len(), total) }
                    <button class="button secondary" data-testid="more-rows" onclick={onmore}>{ format!("Show {} more", page.min(total - visible.len())) }</button>
                    <button class="button secondary" onclick={onall}>{ "Show all" }</button>
                </p>
            }
        </section>
    }
}
