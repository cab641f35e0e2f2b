//! One document's chip: colour, label, title, date and source, word count, remove.

use yew::prelude::*;

use super::state::Doc;

/// Colours of the sources, by position.
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

/// The colour of document `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// The short label of document `i` ("000", "001"…), as in the story map's columns.
pub fn label(i: usize) -> String {
    format!("{i:03}")
}

/// What the analysis found about a document, as the chip shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipInfo {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub word_count: usize,
}

#[derive(Properties, PartialEq)]
pub struct SourceChipProps {
    pub index: usize,
    pub doc: Doc,
    /// What the analysis found about this document, once available.
    pub info: Option<ChipInfo>,
    pub onremove: Callback<u32>,
}

#[function_component(SourceChip)]
pub fn source_chip(props: &SourceChipProps) -> Html {
    let id = props.doc.id;
    let onclick = props.onremove.reform(move |_: MouseEvent| id);
    let words = props
        .info
        .as_ref()
        .map_or(props.doc.words, |d| d.word_count);
    let meta: Vec<String> = props
        .info
        .iter()
        .flat_map(|d| [d.date.clone(), d.source.clone()])
        .flatten()
        .collect();
    let title = props.info.as_ref().and_then(|d| d.title.clone());
    html! {
        <div data-testid="source-chip" class="chip" style={format!("--doc: {}", colour(props.index))}
             title={props.doc.source.name.clone()}>
            <span class="chip-label">{ label(props.index) }</span>
            <span class="chip-body">
                <span class="chip-name">{ &props.doc.source.name }</span>
                if let Some(title) = title {
                    <span class="chip-title">{ title }</span>
                }
                <span class="chip-meta">
                    { format!("{words} words") }
                    { for meta.iter().map(|m| html! { <>{ " · " }{ m }</> }) }
                </span>
            </span>
            <button class="chip-remove" data-testid="remove-source" aria-label={format!("Remove {}", props.doc.source.name)}
                    title="Remove" {onclick}>{ "×" }</button>
        </div>
    }
}
