//! The web page: Yew function components that render an [`Analysis`](crate::engine::Analysis)
//! and send documents to the analysis worker. Nothing here computes the comparison: the
//! worker analyses and renders exports, and what the views derive (orders, summaries,
//! lineage) comes from the pure [`crate::report`] module.
//!
//! One reducer ([`state`]) owns the state; components receive data and callbacks. Browser
//! types are converted to plain Rust values in [`drop_zone`] and go no further; the address
//! ([`route`]) and the browser store ([`storage`]) are kept in step by hooks.

pub mod bridge;
pub mod dom;
pub mod drop_zone;
pub mod error_view;
pub mod export_menu;
pub mod facts_view;
pub mod hooks;
pub mod meaning_view;
pub mod progress_view;
pub mod quotes_view;
pub mod route;
pub mod row_detail;
pub mod semantic;
pub mod side_by_side;
pub mod similarity_view;
pub mod source_chip;
pub mod sources_bar;
pub mod sources_view;
pub mod state;
pub mod storage;
pub mod story_map;
pub mod story_row;
pub mod tabs;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use drop_zone::DropZone;
use error_view::ErrorView;
use export_menu::ExportMenu;
use facts_view::FactsView;
use hooks::{initial_route, use_address, use_analysis_worker};
use meaning_view::MeaningToggle;
use progress_view::ProgressView;
use quotes_view::QuotesView;
use route::View;
use semantic::use_semantic_worker;
use side_by_side::SideBySide;
use similarity_view::SimilarityView;
use sources_bar::SourcesBar;
use sources_view::SourcesView;
use state::{Action, State, Storage};
use storage::use_session_store;
use story_map::StoryMap;
use tabs::Tabs;

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let mut s = State::default();
        if let Some(route) = initial_route() {
            s.route = route;
        }
        s
    });
    let worker = use_analysis_worker(&state);
    let semantic = use_semantic_worker(&state);
    use_address(&state);
    use_session_store(&state);

    // "/" focuses the story map's search box from anywhere but a text field.
    use_effect_with((), |_| {
        let listener = Closure::<dyn FnMut(KeyboardEvent)>::new(|e: KeyboardEvent| {
            if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let typing = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                });
            if !typing
                && let Ok(Some(el)) = gloo::utils::document().query_selector("[data-testid=search]")
            {
                e.prevent_default();
                if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
        let document = gloo::utils::document();
        let _ =
            document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        move || {
            let _ = document
                .remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
    });

    // Callbacks are made once: children compare them by identity, and a new callback on
    // every render would re-render every row of the story map.
    let dispatch = state.dispatcher();
    let ondispatch = use_callback(dispatch.clone(), |a: Action, d| d.dispatch(a));
    let on = |make: fn(()) -> Action| ondispatch.reform(move |_: ()| make(()));
    // Files are read by the worker (decoding and session files): the page links no decoder.
    let onfiles = use_callback(worker.clone(), |files: Vec<crate::worker::Dropped>, w| {
        w.read(files)
    });
    let ontext = ondispatch.reform(Action::AddText);
    let onsample = on(|_| Action::LoadSample);
    let ondismiss = ondispatch.reform(Action::DismissError);
    let ondismissnote = on(|_| Action::DismissStorageNote);
    let oncancel = use_callback(worker.clone(), |_: (), w| w.cancel());
    let onexport = use_callback(worker.clone(), |f, w| w.export(f));
    let onneeddiffs = use_callback(worker.clone(), |row, w| w.request_diffs(row));
    let onmeaning = use_callback(semantic.clone(), |on: bool, s| s.set(on));
    let onmeaningcancel = use_callback(semantic.clone(), |_: (), s| s.cancel());

    let analysis = state.current().cloned();
    let view = state.route.view;
    let body = match state.shown() {
        None => html! {},
        Some((a, p, earlier)) => {
            let a = &a;
            let note = earlier.then(|| {
                let n = p.docs.len();
                html! {
                    <p class="earlier-result" data-testid="earlier-result" role="status">
                        { format!("Showing the earlier result ({n} document{}): the current documents were not analysed.", if n == 1 { "" } else { "s" }) }
                    </p>
                }
            });
            let panel = match view {
                View::StoryMap => html! {
                    <StoryMap analysis={a.clone()} presentation={p.clone()} filter={state.filter.clone()}
                        order={state.row_order.clone()} search={state.search.clone()}
                        show_boilerplate={state.show_boilerplate} selected={state.route.row}
                        selected_source={state.route.source.clone()}
                        row_diffs={state.row_diffs.clone()} onaction={ondispatch.clone()} onneeddiffs={onneeddiffs.clone()} />
                },
                View::SideBySide => html! {
                    <SideBySide analysis={a.clone()} presentation={p.clone()} columns={state.columns()}
                        selected={state.route.row} selected_source={state.route.source.clone()} onaction={ondispatch.clone()} />
                },
                View::Similarity => html! {
                    <SimilarityView analysis={a.clone()} presentation={p.clone()}
                        selected={state.route.source.clone()} onaction={ondispatch.clone()} />
                },
                View::Sources => html! {
                    <SourcesView analysis={a.clone()} presentation={p.clone()}
                        selected={state.route.source.clone()} onaction={ondispatch.clone()} />
                },
                View::Quotes => html! {
                    <QuotesView analysis={a.clone()} presentation={p.clone()} onaction={ondispatch.clone()} />
                },
                View::Facts => html! {
                    <FactsView analysis={a.clone()} presentation={p.clone()} onaction={ondispatch.clone()} />
                },
            };
            html! {
                <>
                    { for note }
                    <div class="view-bar">
                        <Tabs current={view} onselect={ondispatch.reform(Action::SetView)} />
                        <ExportMenu busy={state.exporting} {onexport} />
                    </div>
                    <MeaningToggle pass={state.meaning_pass.clone()} matched={crate::engine::meaning::matched(a)} memory={state.meaning_memory}
                        onset={onmeaning.clone()} oncancel={onmeaningcancel.clone()} />
                    <div class="panel" role="tabpanel" id={format!("panel-{}", view.slug())}
                         aria-labelledby={format!("tab-{}", view.slug())}>
                        { panel }
                    </div>
                </>
            }
        }
    };

    html! {
        <>
            <header class="masthead">
                <h1>{ "Parallax" }</h1>
                <p class="tagline">{ "Compare news articles covering the same story. Everything runs in your browser: nothing is uploaded." }</p>
            </header>
            <main>
                <DropZone {onfiles} {ontext} {onsample} onreading={ondispatch.reform(Action::Reading)}
                    compact={!state.docs.is_empty()} />
                if let Some(n) = state.reading {
                    <p class="status" data-testid="reading" role="status">
                        { format!("Reading {n} file{}…", if n == 1 { "" } else { "s" }) }
                    </p>
                }
                <ErrorView errors={state.errors.clone()} {ondismiss}
                    note={state.storage_note.clone()} {ondismissnote} />
                <SourcesBar docs={state.docs.clone()} order={state.order.clone()} analysis={analysis.clone()}
                    selected={state.route.source.clone()} confirm_clear={state.confirm_clear}
                    keep={state.storage != Storage::Off} storage_available={state.storage != Storage::Unavailable}
                    onaction={ondispatch.clone()} />
                <ProgressView docs={state.docs.len()} pending={state.pending()} progress={state.progress}
                    cancelled={state.cancelled} elapsed_ms={state.elapsed_ms} engine_ms={state.engine_ms}
                    memory_bytes={state.memory_bytes} ready={analysis.is_some()}
                    {oncancel} onreanalyse={on(|_| Action::Reanalyse)} />
                { body }
            </main>
        </>
    }
}

/// Starts the page: a panic hook that reports in the page, then the app.
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!(
            "Parallax hit an internal error and stopped: {info}. Reload the page to start again: your documents are kept."
        );
        web_sys::console::error_1(&message.clone().into());
        show_fatal(&message);
    }));
    yew::Renderer::<App>::new().render();
}

/// Writes a message into the page without Yew (which may be what failed). Text, never HTML.
fn show_fatal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(div) = document.create_element("div") else {
        return;
    };
    div.set_class_name("fatal error");
    let _ = div.set_attribute("data-testid", "error");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(message));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&div);
    }
}
