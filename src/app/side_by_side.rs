//! Side by side: 2 to 4 sources in columns, each its whole text in paragraphs. Every sentence
//! is tinted by the grade of its row; sentences only this source carries are marked; page
//! debris is dimmed; verbatim passages shared with another column are underlined. Hovering
//! or focusing a sentence lights its counterparts; clicking one scrolls the other columns so
//! the counterparts line up. Columns scroll on their own and can be swapped or replaced.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;

use super::dom::reduced_motion;
use super::source_chip::colour_class;
use super::state::{Action, SharedAnalysis};
use crate::engine::{Relation, Sentence};
use crate::report::Presentation;
use crate::report::rows::sentence_rows;

#[derive(Properties, PartialEq)]
pub struct SideBySideProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    /// Documents in the columns (analysis indices).
    pub columns: Vec<usize>,
    pub selected: Option<usize>,
    /// The selected source's stable id (its column is marked).
    pub selected_source: Option<String>,
    pub onaction: Callback<Action>,
}

/// Scrolls `column` so that its first sentence of row `row` sits at height `y` on the screen
/// (as far as the column can scroll), level with the sentence clicked in another column.
fn align(column: &Element, row: usize, y: f64) {
    let Ok(Some(target)) = column.query_selector(&format!("[data-row=\"{}\"]", row + 1)) else {
        return;
    };
    let offset = target.get_bounding_client_rect().top() - y;
    let options = web_sys::ScrollToOptions::new();
    options.set_top(column.scroll_top() as f64 + offset);
    options.set_behavior(if reduced_motion() {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    column.scroll_to_with_scroll_to_options(&options);
}

/// The sentence an event happened in. (Yew delegates events: `current_target` is its root,
/// not the sentence.)
fn sentence_of(e: &Event) -> Option<Element> {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-testid=reader-sentence]").ok().flatten())
}

/// Sorted, merged byte spans.
fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(l) if s <= l.1 => l.1 = l.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The sentence's text with the parts inside verbatim passages underlined.
fn with_passages(s: &Sentence, spans: &[(usize, usize)]) -> Html {
    let mut parts = Vec::new();
    let mut at = s.start;
    for &(ps, pe) in spans {
        let (ps, pe) = (ps.max(s.start), pe.min(s.end));
        if ps >= pe {
            continue;
        }
        let (Some(before), Some(inside)) = (
            s.text.get(at - s.start..ps - s.start),
            s.text.get(ps - s.start..pe - s.start),
        ) else {
            return html! { { &s.text } };
        };
        parts.push(html! { { before } });
        parts.push(html! { <u class="verbatim" data-testid="verbatim">{ inside }</u> });
        at = pe;
    }
    parts.push(html! { { s.text.get(at - s.start..).unwrap_or("") } });
    parts.into_iter().collect()
}

#[function_component(SideBySide)]
pub fn side_by_side(props: &SideBySideProps) -> Html {
    let a = &props.analysis;
    let has_meaning = *use_memo(a.clone(), |a| crate::engine::meaning::matched(a) > 0);
    let p = &props.presentation;
    let rows: Rc<Vec<Vec<(usize, Relation)>>> = use_memo(a.clone(), |a| sentence_rows(a));
    let hover = use_state(|| None::<usize>);
    let refs: Vec<NodeRef> = (0..4).map(|_| NodeRef::default()).collect();
    let refs = use_memo((), move |_| refs);
    let cols = props.columns.clone();
    let order = p.ordered();

    // Opened with a row selected (elsewhere, or in the address), or with other columns:
    // bring every column to it. (A click here aligns the columns itself.)
    {
        let refs = refs.clone();
        let selected = props.selected;
        use_effect_with(cols.clone(), move |_| {
            if let Some(row) = selected {
                for r in refs.iter() {
                    if let Some(col) = r.cast::<Element>() {
                        let y = col.get_bounding_client_rect().top() + 80.0;
                        align(&col, row, y);
                    }
                }
            }
        });
    }

    let set_columns = {
        let (onaction, docs) = (props.onaction.clone(), p.docs.clone());
        move |cols: Vec<usize>| {
            onaction.emit(Action::SetColumns(
                cols.iter().map(|&d| docs[d].id.clone()).collect(),
            ))
        }
    };
    let n = cols.len();
    let columns = cols.iter().enumerate().map(|(k, &d)| {
        let doc = &a.documents[d];
        // Verbatim passages this document shares with another column.
        let spans = merge(
            a.passages
                .iter()
                .filter_map(|x| {
                    if x.a.doc == d && cols.contains(&x.b.doc) {
                        Some((x.a.start, x.a.end))
                    } else if x.b.doc == d && cols.contains(&x.a.doc) {
                        Some((x.b.start, x.b.end))
                    } else {
                        None
                    }
                })
                .collect(),
        );
        let onreplace = {
            let (set_columns, cols) = (set_columns.clone(), cols.clone());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                if let Ok(new) = v.parse::<usize>() {
                    let mut c = cols.clone();
                    if let Some(other) = c.iter().position(|&x| x == new) {
                        c.swap(k, other);
                    } else {
                        c[k] = new;
                    }
                    set_columns(c);
                }
            })
        };
        let swap = |with: usize| {
            let (set_columns, cols) = (set_columns.clone(), cols.clone());
            Callback::from(move |_: MouseEvent| {
                let mut c = cols.clone();
                c.swap(k, with);
                set_columns(c);
            })
        };
        let onremove = {
            let (set_columns, cols) = (set_columns.clone(), cols.clone());
            Callback::from(move |_: MouseEvent| {
                let mut c = cols.clone();
                c.remove(k);
                set_columns(c);
            })
        };
        let column_ref = refs[k].clone();
        let onclick_sentence = |row: usize| {
            let (refs, onaction) = (refs.clone(), props.onaction.clone());
            Callback::from(move |e: MouseEvent| {
                onaction.emit(Action::SelectRow(Some(row)));
                let Some(target) = sentence_of(&e) else {
                    return;
                };
                let y = target.get_bounding_client_rect().top();
                for (j, r) in refs.iter().enumerate() {
                    if j != k && let Some(other) = r.cast::<Element>() {
                        align(&other, row, y);
                    }
                }
            })
        };
        let mut paragraphs: Vec<Vec<usize>> = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            match paragraphs.last_mut() {
                Some(p) if doc.sentences[p[0]].paragraph == s.paragraph => p.push(i),
                _ => paragraphs.push(vec![i]),
            }
        }
        let onleave = {
            let hover = hover.clone();
            Callback::from(move |_: MouseEvent| hover.set(None))
        };
        html! {
            <section class={classes!("reader-column", colour_class(p.docs[d].colour), (props.selected_source.as_deref() == Some(p.docs[d].id.as_str())).then_some("selected"))} data-testid="reader-column"
                     data-doc={p.docs[d].id.clone()} aria-label={format!("{}: {}", p.label(d), doc.name)}>
                <header class="reader-head">
                    <span class="reader-label">{ p.label(d) }</span>
                    <label class="reader-pick">
                        <span class="visually-hidden">{ format!("Source in column {}", k + 1) }</span>
                        <select data-testid="reader-pick" onchange={onreplace}>
                            { for order.iter().map(|&o| html! {
                                <option value={o.to_string()} selected={o == d}>{ format!("{} — {}", p.label(o), a.documents[o].name) }</option>
                            }) }
                        </select>
                    </label>
                    <span class="reader-buttons">
                        <button class="icon" type="button" aria-label={format!("Swap {} with the column on its left", p.label(d))}
                                disabled={k == 0} onclick={swap(k.saturating_sub(1))}>{ "◀" }</button>
                        <button class="icon" type="button" aria-label={format!("Swap {} with the column on its right", p.label(d))}
                                disabled={k + 1 >= n} onclick={swap((k + 1).min(n.saturating_sub(1)))}>{ "▶" }</button>
                        if n > 2 {
                            <button class="icon" type="button" aria-label={format!("Close the column of {}", p.label(d))} onclick={onremove}>{ "×" }</button>
                        }
                    </span>
                    if let Some(t) = &doc.title { <span class="reader-title">{ t }</span> }
                </header>
                <div class="reader-text" ref={column_ref.clone()} onmouseleave={onleave}>
                    { for paragraphs.iter().map(|para| html! {
                        <p>
                            { for para.iter().map(|&i| {
                                let s = &doc.sentences[i];
                                let (row, relation) = rows[d].get(i).copied().unwrap_or((usize::MAX, Relation::Unique));
                                let lit = *hover == Some(row);
                                let selected = props.selected == Some(row);
                                let onenter = { let hover = hover.clone(); Callback::from(move |_: MouseEvent| hover.set(Some(row))) };
                                let onfocus = { let hover = hover.clone(); Callback::from(move |_: FocusEvent| hover.set(Some(row))) };
                                let onkeydown = Callback::from(|e: KeyboardEvent| {
                                    if e.key() == "Enter" || e.key() == " " {
                                        e.prevent_default();
                                        if let Some(el) = sentence_of(&e).and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                                            el.click();
                                        }
                                    }
                                });
                                let grade = if s.boilerplate { "debris" } else if relation == Relation::Unique { "only" } else { relation.as_str() };
                                let title = if s.boilerplate {
                                    "page debris".to_string()
                                } else if relation == Relation::Unique {
                                    format!("row {}: only {}", row + 1, p.label(d))
                                } else {
                                    format!("row {}: {}", row + 1, relation.as_str())
                                };
                                html! {
                                    <>
                                        <span data-testid="reader-sentence" data-row={(row + 1).to_string()} tabindex="0"
                                              class={classes!("rs", format!("g-{grade}"), lit.then_some("lit"), selected.then_some("selected"))}
                                              {title} onmouseenter={onenter} {onfocus} onclick={onclick_sentence(row)} {onkeydown}>
                                            if relation == Relation::Unique && !s.boilerplate { <span class="only-mark" aria-hidden="true">{ "■ " }</span> }
                                            if relation == Relation::Meaning { <span class="only-mark" aria-hidden="true">{ "◇ " }</span> }
                                            { with_passages(s, &spans) }
                                        </span>
                                        { " " }
                                    </>
                                }
                            }) }
                        </p>
                    }) }
                </div>
            </section>
        }
    });
    let add = {
        let (set_columns, cols) = (set_columns.clone(), cols.clone());
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Ok(new) = select.value().parse::<usize>() {
                let mut c = cols.clone();
                c.push(new);
                set_columns(c);
            }
            select.set_value("");
        })
    };
    html! {
        <section class="side-by-side" data-testid="side-by-side" aria-label="Side by side">
            <div class="map-tools">
                <h2>{ "Side by side" }</h2>
                <span class="legend" aria-label="Legend">
                    <span class="rs g-identical">{ "identical" }</span>
                    <span class="rs g-near">{ "near" }</span>
                    <span class="rs g-paraphrase">{ "paraphrase" }</span>
                    if has_meaning { <span class="rs g-meaning">{ "◇ by meaning" }</span> }
                    <span class="rs g-partial">{ "partial" }</span>
                    <span class="rs g-only">{ "■ only this source" }</span>
                    <span class="rs g-debris">{ "page debris" }</span>
                    <u class="verbatim">{ "verbatim run" }</u>
                </span>
                if n < 4 && a.documents.len() > n {
                    <label>{ "Add a column " }
                        <select data-testid="reader-add" onchange={add}>
                            <option value="" selected=true>{ "choose a source…" }</option>
                            { for order.iter().filter(|o| !cols.contains(o)).map(|&o| html! {
                                <option value={o.to_string()}>{ format!("{} — {}", p.label(o), a.documents[o].name) }</option>
                            }) }
                        </select>
                    </label>
                }
            </div>
            if n < 2 {
                <p class="empty">{ "Side by side needs two sources." }</p>
            }
            <div class={classes!("reader", format!("cols-{n}"))}>
                { for columns }
            </div>
        </section>
    }
}
