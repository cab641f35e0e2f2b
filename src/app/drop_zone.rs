//! Where documents come in: drop, file picker, paste box, sample button. Browser file types
//! become `(name, bytes)` here and go no further.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DragEvent, Event, File, FileList, HtmlInputElement, HtmlTextAreaElement, InputEvent,
};
use yew::prelude::*;

use crate::engine::MAX_FILE_BYTES;
use crate::worker::Dropped;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    /// Files read from a drop or the picker, in their order.
    pub onfiles: Callback<Vec<Dropped>>,
    /// How many files a drop or the picker brought, as soon as it happens (reading them
    /// takes a moment).
    #[prop_or_default]
    pub onreading: Callback<usize>,
    /// Text added from the paste box.
    pub ontext: Callback<String>,
    pub onsample: Callback<()>,
    /// Smaller once documents are loaded.
    #[prop_or_default]
    pub compact: bool,
}

fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Bytes read before the page yields to the browser: a drop of hundreds of files is read in
/// many short steps, never in one long block of the main thread.
const READ_STEP_BYTES: usize = 256 * 1024;

/// Reads the files' bytes and hands them over in one batch.
fn read_files(files: Vec<File>, onfiles: Callback<Vec<Dropped>>) {
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut out = Vec::with_capacity(files.len());
        let mut since_yield = 0;
        for file in files {
            // A file over the limit is not read: the worker refuses it by its size.
            let size = file.size() as u64;
            if size > MAX_FILE_BYTES as u64 {
                out.push(Dropped {
                    name: file.name(),
                    size,
                    bytes: Vec::new(),
                });
                continue;
            }
            let bytes = match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                // An unreadable file becomes an empty one, which the engine reports by name.
                Err(_) => Vec::new(),
            };
            since_yield += bytes.len();
            out.push(Dropped::new(file.name(), bytes));
            if since_yield >= READ_STEP_BYTES {
                since_yield = 0;
                gloo::timers::future::TimeoutFuture::new(0).await;
            }
        }
        onfiles.emit(out);
    });
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let over = use_state(|| false);
    let pasted = use_state(String::new);

    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let over = over.clone();
        let onfiles = props.onfiles.clone();
        let onreading = props.onreading.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let files = files_of(e.data_transfer().and_then(|dt| dt.files()));
            if !files.is_empty() {
                onreading.emit(files.len());
            }
            read_files(files, onfiles.clone());
        })
    };
    let onchange = {
        let onfiles = props.onfiles.clone();
        let onreading = props.onreading.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let files = files_of(input.files());
            if !files.is_empty() {
                onreading.emit(files.len());
            }
            read_files(files, onfiles.clone());
            input.set_value("");
        })
    };
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                pasted.set(area.value());
            }
        })
    };
    let onadd = {
        let pasted = pasted.clone();
        let ontext = props.ontext.clone();
        Callback::from(move |_: MouseEvent| {
            if !pasted.trim().is_empty() {
                ontext.emit((*pasted).clone());
                pasted.set(String::new());
            }
        })
    };
    let onsample = props.onsample.reform(|_: MouseEvent| ());

    html! {
        <section class={classes!("intake", props.compact.then_some("compact"))}>
            <div data-testid="dropzone" class={classes!("dropzone", (*over).then_some("over"))}
                 {ondragover} {ondragleave} {ondrop}>
                <p class="drop-title">{ "Drop articles here" }</p>
                <p class="drop-hint">{ "Two or more reports of the same story: text (.txt), saved web pages (.html, .mhtml: the article is read out of the page), Markdown (.md), Word (.docx), a batch as JSON Lines (.jsonl), or a Parallax session file (.json)." }</p>
                <label class="button">
                    { "Choose files…" }
                    <input data-testid="file-input" type="file" multiple=true accept=".txt,text/plain,.html,.htm,text/html,.mhtml,.mht,.md,.markdown,text/markdown,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,.jsonl,.ndjson,.json,application/json" {onchange} />
                </label>
                <button data-testid="sample-button" type="button" class="button secondary" onclick={onsample}>
                    { "Try the sample story" }
                </button>
            </div>
            <div class="paste">
                <textarea data-testid="paste-box" placeholder="…or paste an article's text here"
                          value={(*pasted).clone()} {oninput} rows="4" />
                <button data-testid="paste-add" type="button" class="button" onclick={onadd} disabled={pasted.trim().is_empty()}>
                    { "Add pasted text" }
                </button>
            </div>
        </section>
    }
}
