//! The export menu: the session file (JSON, which the page imports again), the story map as
//! CSV, a self-contained HTML report, a Markdown summary. The worker renders them; the page
//! only triggers the download.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlDetailsElement;
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
    let menu = use_node_ref();
    // A click elsewhere closes the menu.
    {
        let menu = menu.clone();
        use_effect_with((), move |_| {
            let listener =
                Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
                    let Some(details) = menu.cast::<HtmlDetailsElement>() else {
                        return;
                    };
                    let inside = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                        .is_some_and(|n| details.contains(Some(&n)));
                    if !inside {
                        details.set_open(false);
                    }
                });
            let document = gloo::utils::document();
            let _ = document
                .add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
            move || {
                let _ = document.remove_event_listener_with_callback(
                    "click",
                    listener.as_ref().unchecked_ref(),
                );
            }
        });
    }
    // Escape closes it and gives the focus back to its button.
    let onkeydown = {
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape"
                && let Some(details) = menu.cast::<HtmlDetailsElement>()
                && details.open()
            {
                details.set_open(false);
                super::dom::focus(".export-menu summary");
            }
        })
    };
    let close = {
        let menu = menu.clone();
        move || {
            if let Some(details) = menu.cast::<HtmlDetailsElement>() {
                details.set_open(false);
            }
        }
    };
    html! {
        <details class="export-menu" data-testid="export-menu" ref={menu} {onkeydown}>
            <summary class="button secondary">{ if props.busy.is_some() { "Preparing export…" } else { "Export" } }</summary>
            <div class="menu">
                { for ITEMS.iter().map(|&(format, testid, title, hint)| {
                    let onclick = {
                        let (onexport, close) = (props.onexport.clone(), close.clone());
                        Callback::from(move |_: MouseEvent| {
                            onexport.emit(format);
                            close();
                        })
                    };
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
