//! The sources bar: one chip per document, and a way to start over.

use yew::prelude::*;

use super::source_chip::{ChipInfo, SourceChip};
use super::state::{Doc, SharedAnalysis};

#[derive(Properties, PartialEq)]
pub struct SourcesBarProps {
    pub docs: Vec<Doc>,
    /// The analysis of exactly these documents, when ready.
    pub analysis: Option<SharedAnalysis>,
    pub onremove: Callback<u32>,
    pub onclear: Callback<()>,
}

#[function_component(SourcesBar)]
pub fn sources_bar(props: &SourcesBarProps) -> Html {
    if props.docs.is_empty() {
        return html! {};
    }
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="sources" aria-label="Sources">
            { for props.docs.iter().enumerate().map(|(i, doc)| {
                let info = props.analysis.as_ref().and_then(|a| a.documents.get(i)).map(|d| ChipInfo {
                    title: d.title.clone(),
                    date: d.date.clone(),
                    source: d.source.clone(),
                    word_count: d.word_count,
                });
                html! { <SourceChip key={doc.id} index={i} doc={doc.clone()} {info} onremove={props.onremove.clone()} /> }
            }) }
            <button class="button secondary clear" onclick={onclear}>{ "Clear all" }</button>
        </section>
    }
}
