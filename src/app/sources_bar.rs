//! The sources bar: one chip per document in display order, reordered by drag or by buttons;
//! with many documents a compact strip, a count, a filter box and "show all". Also the
//! "don't keep on this device" switch and *Clear all* (which asks first).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::source_chip::{ChipInfo, SourceChip, colour_class};
use super::state::{Action, Doc, SharedAnalysis};

/// Above this many documents the bar is a compact strip.
const COMPACT_FROM: usize = 13;
/// Labels in the compact strip (the rest behind "+N more": a thousand buttons would weigh
/// on every drop).
const STRIP_TOKENS: usize = 120;
/// Full chips shown at most for a filter in the compact bar.
const FILTER_CHIPS: usize = 12;

#[derive(Properties, PartialEq)]
pub struct SourcesBarProps {
    /// In analysis order.
    pub docs: Vec<Doc>,
    /// Display order (document ids).
    pub order: Vec<u32>,
    /// The analysis of exactly these documents, when ready.
    pub analysis: Option<SharedAnalysis>,
    /// The selected source's stable id.
    pub selected: Option<String>,
    pub confirm_clear: bool,
    /// Whether the session is kept in this browser.
    pub keep: bool,
    pub storage_available: bool,
    pub onaction: Callback<Action>,
}

#[function_component(SourcesBar)]
pub fn sources_bar(props: &SourcesBarProps) -> Html {
    let dragging = use_state(|| None::<u32>);
    let show_all = use_state(|| false);
    let filter = use_state(String::new);
    if props.docs.is_empty() {
        return html! {};
    }
    let n = props.docs.len();
    let ordered: Vec<(usize, &Doc)> = props
        .order
        .iter()
        .filter_map(|id| props.docs.iter().position(|d| d.id == *id))
        .map(|i| (i, &props.docs[i]))
        .collect();
    let info = |i: usize| {
        props
            .analysis
            .as_ref()
            .and_then(|a| a.documents.get(i))
            .map(|d| ChipInfo {
                title: d.title.clone(),
                date: d.date.clone(),
                source: d.source.clone(),
                word_count: d.word_count,
                warnings: d.warnings.clone(),
            })
    };
    let ondragstart = {
        let dragging = dragging.clone();
        Callback::from(move |id| dragging.set(Some(id)))
    };
    let ondropon = {
        let (dragging, onaction) = (dragging.clone(), props.onaction.clone());
        Callback::from(move |to| {
            if let Some(id) = *dragging {
                onaction.emit(Action::Move { id, to });
            }
            dragging.set(None);
        })
    };
    let chip = |position: usize, i: usize, doc: &Doc| {
        html! {
            <SourceChip key={doc.id} {position} count={n} doc={doc.clone()} info={info(i)}
                selected={props.selected.as_deref() == Some(doc.key.as_str())}
                onaction={props.onaction.clone()} ondragstart={ondragstart.clone()} ondropon={ondropon.clone()} />
        }
    };
    let ontoggle_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let compact = n >= COMPACT_FROM && !*show_all;
    let needle = filter.trim().to_lowercase();
    let chips = if compact {
        let strip = ordered.iter().take(STRIP_TOKENS).map(|&(_, d)| {
            let key = d.key.clone();
            let selected = props.selected.as_deref() == Some(d.key.as_str());
            let onclick = props
                .onaction
                .reform(move |_: MouseEvent| Action::SelectSource((!selected).then(|| key.clone())));
            html! {
                <button type="button" class={classes!("token", colour_class(d.colour), selected.then_some("selected"))}
                        title={d.source.name.clone()} aria-pressed={selected.to_string()} {onclick}>{ &d.label }</button>
            }
        });
        let found: Vec<(usize, usize, &Doc)> = if needle.is_empty() {
            Vec::new()
        } else {
            ordered
                .iter()
                .enumerate()
                .filter(|(_, (i, d))| {
                    d.label.to_lowercase().contains(&needle)
                        || d.source.name.to_lowercase().contains(&needle)
                        || info(*i)
                            .and_then(|x| x.title)
                            .is_some_and(|t| t.to_lowercase().contains(&needle))
                })
                .map(|(position, &(i, d))| (position, i, d))
                .collect()
        };
        let matches: Vec<Html> = found
            .iter()
            .take(FILTER_CHIPS)
            .map(|&(position, i, d)| chip(position, i, d))
            .collect();
        let more = found.len().saturating_sub(FILTER_CHIPS);
        html! {
            <>
                <div class="strip" data-testid="source-strip">
                    { for strip }
                    if n > STRIP_TOKENS {
                        <button type="button" class="token more-tokens" onclick={ontoggle_all.clone()}>
                            { format!("+{} more", n - STRIP_TOKENS) }
                        </button>
                    }
                </div>
                if !matches.is_empty() {
                    <div class="chips" data-testid="source-matches">{ for matches }</div>
                    if more > 0 {
                        <p class="muted small">{ format!("{more} more match: type more of the name or title.") }</p>
                    }
                } else if !needle.is_empty() {
                    <p class="muted">{ "No source matches." }</p>
                }
            </>
        }
    } else {
        html! {
            <div class="chips">
                { for ordered.iter().enumerate().map(|(position, &(i, d))| chip(position, i, d)) }
            </div>
        }
    };
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onask = props.onaction.reform(|_: MouseEvent| Action::AskClear);
    let onconfirm = props.onaction.reform(|_: MouseEvent| Action::Clear);
    let oncancel = props.onaction.reform(|_: MouseEvent| Action::CancelClear);
    let onkeep = props.onaction.reform(|e: Event| {
        Action::SetKeep(!e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    html! {
        <section class={classes!("sources", compact.then_some("compact"))} aria-label="Sources">
            <div class="sources-head">
                <h2 class="sources-count" data-testid="source-count">{ format!("{n} source{}", if n == 1 { "" } else { "s" }) }</h2>
                if n >= COMPACT_FROM {
                    <input class="source-filter" data-testid="source-filter" type="search" placeholder="Find a source…"
                           aria-label="Find a source by label, name or title" value={(*filter).clone()} {oninput} />
                    <button class="button secondary" type="button" data-testid="show-all-sources" onclick={ontoggle_all}
                            aria-pressed={show_all.to_string()}>
                        { if *show_all { "Compact" } else { "Show all" } }
                    </button>
                }
                <span class="spacer"></span>
                <label class="keep" title="Documents stay in this browser until you clear them. Nothing is ever uploaded.">
                    <input type="checkbox" data-testid="keep-switch" checked={!props.keep} disabled={!props.storage_available}
                           onchange={onkeep} />
                    { " Don't keep on this device" }
                </label>
                if props.confirm_clear {
                    <span class="confirm" role="alertdialog" aria-label="Confirm clearing all documents" data-testid="confirm-clear">
                        { format!("Remove all {n} documents{}? ", if props.keep && props.storage_available { " and what this browser keeps of them" } else { "" }) }
                        <button class="button danger" type="button" data-testid="confirm-clear-yes" onclick={onconfirm}>{ "Remove all" }</button>
                        <button class="button secondary" type="button" onclick={oncancel}>{ "Keep them" }</button>
                    </span>
                } else {
                    <button class="button secondary clear" type="button" data-testid="clear-all" onclick={onask}>{ "Clear all" }</button>
                }
            </div>
            { chips }
        </section>
    }
}
