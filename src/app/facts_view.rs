//! The facts view: names, numbers, dates and places on which the sources disagree, most
//! certain first. Each discrepancy shows its variants, the sources that write each, how sure
//! the engine is and why, and links to the passages.

use std::rc::Rc;

use yew::prelude::*;

use super::source_chip::colour_class;
use super::state::{Action, SharedAnalysis};
use crate::report::Presentation;
use crate::report::row_text;

#[derive(Properties, PartialEq)]
pub struct FactsViewProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    pub onaction: Callback<Action>,
}

/// Rows linked per discrepancy before "…".
const ROWS: usize = 6;

#[function_component(FactsView)]
pub fn facts_view(props: &FactsViewProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    html! {
        <section class="facts-view" data-testid="facts-view" aria-label="Facts">
            <div class="map-tools"><h2>{ "Where the sources disagree" }</h2></div>
            <p class="muted small">{ "Names spelled two ways, numbers, dates and places that differ between sources, most certain first. Relative dates (\u{201c}on Sunday\u{201d}, \u{201c}last month\u{201d}) are read against each article's date: the same day in other words is agreement, not a discrepancy." }</p>
            if a.discrepancies.is_empty() {
                <p class="muted" data-testid="no-discrepancies">{ "No discrepancy found: the sources agree on the names, numbers and dates they share." }</p>
            }
            <ol class="fact-list">
            { for a.discrepancies.iter().enumerate().map(|(i, d)| {
                let certainty = if d.confidence >= 0.8 { "likely" } else if d.confidence >= 0.6 { "possible" } else { "uncertain" };
                html! {
                    <li class={classes!("discrepancy", certainty)} data-testid="discrepancy" data-kind={d.kind.as_str()} data-fact={(i + 1).to_string()}>
                        <header>
                            <span class={classes!("kind", d.kind.as_str())}>{ d.kind.as_str() }</span>
                            <span class="muted" title="How sure the engine is that the sources really disagree">
                                { format!(" {certainty} ({:.0} %)", d.confidence * 100.0) }
                            </span>
                        </header>
                        <p class="explanation">{ &d.explanation }</p>
                        <ul class="fact-variants">
                        { for d.variants.iter().map(|v| html! {
                            <li data-testid="fact-variant">
                                <mark class="fact-text">{ &v.text }</mark>
                                { " in " }
                                { for v.docs.iter().map(|&doc| html! {
                                    <span class={classes!("chip-label", colour_class(p.docs[doc].colour))} title={a.documents[doc].name.clone()}>{ p.label(doc) }</span>
                                }) }
                            </li>
                        }) }
                        </ul>
                        if !d.rows.is_empty() {
                            <p class="fact-rows">{ "Passages: " }
                            { for d.rows.iter().take(ROWS).map(|&r| {
                                let onclick = props.onaction.reform(move |_: MouseEvent| Action::OpenRow(r));
                                html! { <><button class="link row-link" type="button" {onclick} data-row={(r + 1).to_string()} title={row_text(a, r).to_string()}>{ format!("row {}", r + 1) }</button>{ " " }</> }
                            }) }
                            if d.rows.len() > ROWS { { format!("and {} more", d.rows.len() - ROWS) } }
                            </p>
                        }
                    </li>
                }
            }) }
            </ol>
        </section>
    }
}
