//! One document's chip: colour, label, title, date, outlet and source line, word count; edit
//! the label, date and outlet; move it left or right (or drag it); remove it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::{Action, Doc};

/// Number of colours in the palette (`doc-c0` … `doc-c7` in the style sheet: readable on
/// the light and the dark theme).
pub const PALETTE: usize = 8;

/// The CSS class of palette colour `i`.
pub fn colour_class(i: usize) -> String {
    format!("doc-c{}", i % PALETTE)
}

/// What the analysis found about a document, as the chip shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipInfo {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub word_count: usize,
    /// How the file was read and what the set says of it (lossy decoding, identical text,
    /// another language).
    pub warnings: Vec<String>,
}

#[derive(Properties, PartialEq)]
pub struct SourceChipProps {
    /// Display position and how many there are.
    pub position: usize,
    pub count: usize,
    pub doc: Doc,
    /// What the analysis found about this document, once available.
    pub info: Option<ChipInfo>,
    pub selected: bool,
    pub onaction: Callback<Action>,
    /// Drag and drop: this chip started being dragged / something was dropped on it.
    pub ondragstart: Callback<u32>,
    pub ondropon: Callback<usize>,
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(SourceChip)]
pub fn source_chip(props: &SourceChipProps) -> Html {
    let editing = use_state(|| false);
    let (label_ref, date_ref, outlet_ref) =
        (NodeRef::default(), NodeRef::default(), NodeRef::default());
    let doc = &props.doc;
    let id = doc.id;
    let name = doc.source.name.clone();
    let words = props.info.as_ref().map_or(doc.words, |d| d.word_count);
    let detected_date = props.info.as_ref().and_then(|d| d.date.clone());
    let date = doc.date.clone().or(detected_date.clone());
    let edited_date = doc.date.is_some() && doc.date != detected_date;
    let title = props.info.as_ref().and_then(|d| d.title.clone());
    let credit = props.info.as_ref().and_then(|d| d.source.clone());
    let warnings = props
        .info
        .as_ref()
        .map_or_else(|| doc.source.warnings.clone(), |d| d.warnings.clone());
    let onaction = props.onaction.clone();

    if *editing {
        let onsubmit = {
            let (editing, onaction) = (editing.clone(), onaction.clone());
            let (label_ref, date_ref, outlet_ref) =
                (label_ref.clone(), date_ref.clone(), outlet_ref.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                onaction.emit(Action::Relabel {
                    id,
                    label: input_value(&label_ref),
                    date: input_value(&date_ref),
                    outlet: input_value(&outlet_ref),
                });
                editing.set(false);
            })
        };
        let oncancel = {
            let editing = editing.clone();
            Callback::from(move |_: MouseEvent| editing.set(false))
        };
        let onkeydown = {
            let editing = editing.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    editing.set(false);
                }
            })
        };
        return html! {
            <form data-testid="source-chip" class={classes!("chip", "editing", colour_class(doc.colour))} {onsubmit} {onkeydown}
                  aria-label={format!("Edit {}", doc.label)}>
                <label>{ "Label" }
                    <input ref={label_ref} data-testid="chip-label-input" type="text" maxlength="40" value={doc.label.clone()} required=true />
                </label>
                <label>{ "Date" }
                    <input ref={date_ref} data-testid="chip-date-input" type="date" value={date.clone().unwrap_or_default().chars().take(10).collect::<String>()} />
                </label>
                <label>{ "Outlet" }
                    <input ref={outlet_ref} data-testid="chip-outlet-input" type="text" maxlength="80" value={doc.outlet.clone().unwrap_or_default()} />
                </label>
                <span class="chip-actions">
                    <button class="button" type="submit" data-testid="chip-save">{ "Save" }</button>
                    <button class="button secondary" type="button" onclick={oncancel}>{ "Cancel" }</button>
                </span>
            </form>
        };
    }

    let onremove = onaction.reform(move |_: MouseEvent| Action::Remove(id));
    let onedit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let position = props.position;
    let onleft = onaction.reform(move |_: MouseEvent| Action::Move {
        id,
        to: position.saturating_sub(1),
    });
    let onright = onaction.reform(move |_: MouseEvent| Action::Move {
        id,
        to: position + 1,
    });
    let key = doc.key.clone();
    let selected = props.selected;
    let onselect = onaction
        .reform(move |_: MouseEvent| Action::SelectSource((!selected).then(|| key.clone())));
    let ondragstart = {
        let cb = props.ondragstart.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data("text/x-parallax-source", &id.to_string());
                dt.set_effect_allowed("move");
            }
            cb.emit(id);
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        let ours = e
            .data_transfer()
            .is_some_and(|dt| dt.types().includes(&"text/x-parallax-source".into(), 0));
        if ours {
            e.prevent_default();
        }
    });
    let ondrop = {
        let cb = props.ondropon.clone();
        Callback::from(move |e: DragEvent| {
            let ours = e
                .data_transfer()
                .is_some_and(|dt| dt.types().includes(&"text/x-parallax-source".into(), 0));
            if ours {
                e.prevent_default();
                e.stop_propagation();
                cb.emit(position);
            }
        })
    };
    let label = doc.label.clone();
    html! {
        <div data-testid="source-chip" class={classes!("chip", colour_class(doc.colour), selected.then_some("selected"))}
             data-id={doc.key.clone()} draggable="true" {ondragstart} {ondragover} {ondrop}>
            <button class="chip-label" type="button" aria-pressed={selected.to_string()} onclick={onselect}
                    title={format!("Select {label} in every view")}>{ &label }</button>
            <span class="chip-body">
                <span class="chip-name" title={name.clone()}>{ &name }</span>
                if let Some(title) = title {
                    <span class="chip-title">{ title }</span>
                }
                <span class="chip-meta">
                    { format!("{words} words") }
                    if let Some(d) = &date {
                        { " · " }<span class="chip-date">{ d }</span>
                        if edited_date { <span class="edited">{ " (edited)" }</span> }
                    }
                    if let Some(o) = &doc.outlet { { " · " }<span class="chip-outlet">{ o }</span> }
                    if let Some(c) = &credit { { " · " }{ c } }
                    if let Some(b) = &doc.source.about.byline { { " · " }<span class="chip-byline">{ b }</span> }
                </span>
                if !warnings.is_empty() {
                    <ul class="chip-warnings">
                        { for warnings.iter().map(|w| html! { <li data-testid="chip-warning">{ "⚠ " }{ w }</li> }) }
                    </ul>
                }
                if !doc.source.left_out.is_empty() {
                    <details class="left-out" data-testid="left-out">
                        <summary>{ format!("{} words left out", doc.source.left_out_words()) }</summary>
                        <p class="left-out-note">{ "Page furniture the article was read without: menus, captions, related links." }</p>
                        <pre class="left-out-text" tabindex="0" aria-label={format!("Text left out of {name}")}>{ doc.source.left_out.clone() }</pre>
                    </details>
                }
            </span>
            <span class="chip-actions">
                <button class="icon" type="button" data-testid="edit-source" aria-label={format!("Edit label, date and outlet of {label}")}
                        title="Edit label, date and outlet" onclick={onedit}>{ "✎" }</button>
                <button class="icon" type="button" data-testid="move-left" aria-label={format!("Move {label} left")}
                        title="Move left" disabled={position == 0} onclick={onleft}>{ "◀" }</button>
                <button class="icon" type="button" data-testid="move-right" aria-label={format!("Move {label} right")}
                        title="Move right" disabled={position + 1 >= props.count} onclick={onright}>{ "▶" }</button>
                <button class="icon" type="button" data-testid="remove-source" aria-label={format!("Remove {label} ({name})")}
                        title="Remove" onclick={onremove}>{ "×" }</button>
            </span>
        </div>
    }
}
