//! The export menu: the session file (JSON, which the page imports again), the story map as
//! CSV, a self-contained HTML report, a Markdown summary. The worker renders them; the page
//! only triggers the download.

use yew::prelude::*;

use crate::report::export::Format;

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    /// The export being prepared, if any.
    pub busy: Option<Format>,
    pub onexport: Callback<Format>,
}

const ITEMS: [(Format, &str, &str, &str); 4] = [
    (
        Format::Json,
        "export-json",
        "Session (JSON)",
        "Every document, label and the analysis; drop it here to reopen the work.",
    ),
    (
        Format::Csv,
        "export-csv",
        "Story map (CSV)",
        "One line per row, one column per source, each cell the grade.",
    ),
    (
        Format::Html,
        "export-html",
        "Report (HTML)",
        "One self-contained file that opens offline: sources, story map with word diffs, similarity, groups.",
    ),
    (
        Format::Markdown,
        "export-md",
        "Summary (Markdown)",
        "Sources, shared origin, most shared passages, what only each source reports.",
    ),
];

#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    html! {
        <details class="export-menu" data-testid="export-menu">
            <summary class="button secondary">{ if props.busy.is_some() { "Preparing export…" } else { "Export" } }</summary>
            <div class="menu">
                { for ITEMS.iter().map(|&(format, testid, title, hint)| {
                    let onclick = props.onexport.reform(move |_: MouseEvent| format);
                    html! {
                        <button type="button" class="menu-item" data-testid={testid} {onclick}
                                disabled={props.busy.is_some()}>
                            <span class="menu-title">{ title }</span>
                            <span class="menu-hint">{ hint }</span>
                        </button>
                    }
                }) }
            </div>
        </details>
    }
}
