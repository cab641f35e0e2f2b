//! The web page: Yew function components that render an [`Analysis`](crate::engine::Analysis)
//! and send documents to the analysis worker. Nothing here computes the comparison.
//!
//! One reducer ([`state`]) owns the state; components receive data and callbacks. Browser
//! types are converted to plain Rust values in [`drop_zone`] and go no further.

pub mod drop_zone;
pub mod error_view;
pub mod hooks;
pub mod row_detail;
pub mod source_chip;
pub mod sources_bar;
pub mod state;
pub mod story_map;
pub mod story_row;

use yew::prelude::*;

use drop_zone::DropZone;
use error_view::ErrorView;
use hooks::use_analysis_worker;
use sources_bar::SourcesBar;
use state::{Action, State};
use story_map::StoryMap;

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let request_diffs = use_analysis_worker(&state);

    let dispatch = state.dispatcher();
    let onfiles = {
        let dispatch = dispatch.clone();
        Callback::from(move |files| dispatch.dispatch(Action::AddFiles(files)))
    };
    let ontext = {
        let dispatch = dispatch.clone();
        Callback::from(move |text| dispatch.dispatch(Action::AddText(text)))
    };
    let onsample = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::LoadSample))
    };
    let onremove = {
        let dispatch = dispatch.clone();
        Callback::from(move |id| dispatch.dispatch(Action::Remove(id)))
    };
    let onclear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Clear))
    };
    let ondismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |i| dispatch.dispatch(Action::DismissError(i)))
    };
    let onfilter = {
        let dispatch = dispatch.clone();
        Callback::from(move |f| dispatch.dispatch(Action::SetFilter(f)))
    };
    let ontoggle = Callback::from(move |_| dispatch.dispatch(Action::ToggleBoilerplate));
    let revision = state.revision;
    let onneeddiffs = request_diffs.reform(move |row| (revision, row));

    let status = if state.docs.is_empty() {
        html! {}
    } else if state.pending() {
        html! { <p class="status" data-testid="status">{ "Analysing…" }</p> }
    } else if let Some(ms) = state.elapsed_ms {
        html! {
            <p class="status" data-testid="status" data-total-ms={format!("{ms:.1}")}
               data-engine-ms={format!("{:.1}", state.engine_ms)} data-memory-bytes={state.memory_bytes.to_string()}>
                { format!("Analysed {} documents in {:.0} ms, on this computer.", state.docs.len(), ms) }
            </p>
        }
    } else {
        html! {}
    };

    html! {
        <>
            <header class="masthead">
                <h1>{ "Parallax" }</h1>
                <p class="tagline">{ "Compare news articles covering the same story. Everything runs in your browser: nothing is uploaded." }</p>
            </header>
            <main>
                <DropZone {onfiles} {ontext} {onsample} compact={!state.docs.is_empty()} />
                <ErrorView errors={state.errors.clone()} {ondismiss} />
                <SourcesBar docs={state.docs.clone()} analysis={state.current().cloned()} {onremove} {onclear} />
                { status }
                if let Some(analysis) = state.current() {
                    <StoryMap analysis={analysis.clone()} filter={state.filter} show_boilerplate={state.show_boilerplate} row_diffs={state.row_diffs.clone()} {onfilter} {ontoggle} {onneeddiffs} />
                }
            </main>
        </>
    }
}

/// Starts the page: a panic hook that reports in the page, then the app.
pub fn start() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = format!(
            "Parallax hit an internal error and stopped: {info}. Reload the page to start again."
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
