//! The quotes view: every quotation, the same words quoted by several sources shown as one
//! quote with each source's wording side by side (differences from the fullest variant
//! marked), who said it according to each source, and flags for what differs. Each variant
//! links to its row in the story map and to the sources side by side.

use std::rc::Rc;

use yew::prelude::*;

use super::source_chip::colour_class;
use super::state::{Action, SharedAnalysis};
use crate::report::facts::{
    attribution, excerpt_pieces, quote_sources, rows_of_sentences, variant_row,
};
use crate::report::{DiffPiece, Presentation};

#[derive(Properties, PartialEq)]
pub struct QuotesViewProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    pub onaction: Callback<Action>,
}

/// Quotes shown before "show more".
const PAGE: usize = 40;

#[function_component(QuotesView)]
pub fn quotes_view(props: &QuotesViewProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let rows = use_memo(a.clone(), |a| rows_of_sentences(a));
    let shared_only = use_state(|| true);
    let limit = use_state(|| PAGE);
    let shared_count = a
        .quotes
        .iter()
        .filter(|q| quote_sources(q, p).len() > 1)
        .count();
    // With no quote carried twice, every quote is shown.
    let only_shared = *shared_only && shared_count > 0;
    let quotes: Vec<usize> = (0..a.quotes.len())
        .filter(|&i| !only_shared || quote_sources(&a.quotes[i], p).len() > 1)
        .collect();
    let ontoggle = {
        let shared_only = shared_only.clone();
        Callback::from(move |_: Event| shared_only.set(!*shared_only))
    };
    let onmore = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    html! {
        <section class="quotes-view" data-testid="quotes-view" aria-label="Quotes">
            <div class="map-tools">
                <h2>{ "Who said what" }</h2>
                <label class="check">
                    <input type="checkbox" checked={only_shared} disabled={shared_count == 0} onchange={ontoggle} data-testid="quotes-shared-only" />
                    { format!(" Only quotes more than one source carries ({shared_count} of {})", a.quotes.len()) }
                </label>
            </div>
            <p class="muted small">{ "The same words quoted by several sources are one quote. Each source's wording is compared with the fullest: “…” marks where an excerpt starts later or stops sooner, words it leaves out inside are struck through, words it adds are underlined. A variant in plain type reports the statement without quotation marks." }</p>
            if quotes.is_empty() {
                <p class="muted" data-testid="no-quotes">{
                    if a.quotes.is_empty() { "No direct quotations found in these sources." }
                    else { "No quotation is carried by more than one source: untick the box to see every quote." }
                }</p>
            }
            <ol class="quote-list">
            { for quotes.iter().take(*limit).map(|&i| {
                let q = &a.quotes[i];
                let first = &q.variants[0];
                let docs = quote_sources(q, p);
                let side = (docs.len() > 1).then(|| {
                    let ids: Vec<String> = docs.iter().take(4).map(|&d| p.docs[d].id.clone()).collect();
                    props.onaction.reform(move |_: MouseEvent| Action::OpenSideBySide(ids.clone()))
                });
                html! {
                    <li class="quote" data-testid="quote" data-quote={(i + 1).to_string()}>
                        <header>
                            <strong class="speaker" data-testid="quote-speaker">{ q.speaker.clone().unwrap_or_else(|| "Speaker not found".into()) }</strong>
                            <span class="muted">{ format!(" · {} source{}", docs.len(), if docs.len() == 1 { "" } else { "s" }) }</span>
                            { for q.flags.iter().map(|f| html! {
                                <span class={classes!("flag", f.as_str())} title={f.meaning()} data-testid="quote-flag">{ f.as_str() }</span>
                            }) }
                            if let Some(onclick) = side {
                                <button class="link" type="button" {onclick} data-testid="quote-side-by-side">{ "read side by side" }</button>
                            }
                        </header>
                        <ul class="quote-variants">
                        { for q.variants.iter().map(|v| {
                            let row = variant_row(&rows, v);
                            let onrow = row.map(|r| props.onaction.reform(move |_: MouseEvent| Action::OpenRow(r)));
                            let words = match excerpt_pieces(v, first) {
                                Some((before, pieces, after)) => html! { <>
                                    if before { <span class="elided" title="The fuller quote starts earlier">{ "… " }</span> }
                                    { for pieces.into_iter().map(|piece| match piece {
                                        DiffPiece::Same(t) => html! { { t } },
                                        DiffPiece::Deleted(t) => html! { <del>{ t }</del> },
                                        DiffPiece::Inserted(t) => html! { <ins>{ t }</ins> },
                                    }) }
                                    if after { <span class="elided" title="The fuller quote goes on">{ " …" }</span> }
                                </> },
                                None => html! { { v.text.as_str() } },
                            };
                            html! {
                                <li class={classes!("quote-variant", colour_class(p.docs[v.doc].colour), (!v.quoted).then_some("paraphrased"))}
                                    data-testid="quote-variant" data-doc={p.docs[v.doc].id.clone()}>
                                    <span class="chip-label">{ p.label(v.doc) }</span>
                                    <q class={classes!((!v.quoted).then_some("reported"))}>{ words }</q>
                                    <span class="attribution muted">{ format!(" — {}", attribution(v)) }</span>
                                    if let (Some(r), Some(onclick)) = (row, onrow) {
                                        { " " }<button class="link row-link" type="button" {onclick} data-row={(r + 1).to_string()}>{ format!("row {}", r + 1) }</button>
                                    }
                                </li>
                            }
                        }) }
                        </ul>
                    </li>
                }
            }) }
            </ol>
            if quotes.len() > *limit {
                <p class="more">{ format!("Showing {} of {} quotes. ", *limit, quotes.len()) }
                    <button class="button secondary" type="button" onclick={onmore}>{ "Show more" }</button></p>
            }
        </section>
    }
}
