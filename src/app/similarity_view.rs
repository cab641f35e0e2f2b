//! Similarity and lineage: a heat map of the pairwise similarity (the number in every cell,
//! lightness carrying the value so it reads without colour vision, containment both ways on
//! each cell), sorted so that likely copies sit together; the groups as plain sentences,
//! with the likely direction of copying where the articles carry dates. Clicking a cell opens
//! the pair side by side. Above 60 sources the figure is drawn on a canvas, and the same
//! figures are in a table, one source at a time.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use super::source_chip::colour_class;
use super::state::{Action, SharedAnalysis};
use crate::report::Presentation;
use crate::report::export::heat_bin;
use crate::report::lineage::{containment_sentence, figure_order, groups};

#[derive(Properties, PartialEq)]
pub struct SimilarityViewProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    /// The selected source's stable id.
    pub selected: Option<String>,
    pub onaction: Callback<Action>,
}

/// Above this many sources the figure is a canvas.
const CANVAS_FROM: usize = 61;
/// Below this many sources each cell also prints the containment figures.
const FIGURES_UNTIL: usize = 12;
/// The heat colours, light to dark (as in the HTML report), and whether text on them is white.
const HEAT: [(&str, bool); 10] = [
    ("#f7fbff", false),
    ("#e3eef9", false),
    ("#cfe1f2", false),
    ("#b5d4e9", false),
    ("#93c3df", false),
    ("#6daed5", false),
    ("#4b97c9", true),
    ("#2f7ebc", true),
    ("#1764ab", true),
    ("#08306b", true),
];

fn cell_label(a: &crate::engine::Analysis, p: &Presentation, i: usize, j: usize) -> String {
    if i == j {
        format!(
            "{}: itself. Open it side by side with its closest source.",
            p.label(i)
        )
    } else {
        format!(
            "{} and {}: similarity {:.0} of 100; {}. Open side by side.",
            p.label(i),
            p.label(j),
            a.similarity.matrix[i][j] * 100.0,
            containment_sentence(a, p, i, j)
        )
    }
}

/// The closest other source of `i`.
fn closest(a: &crate::engine::Analysis, i: usize) -> Option<usize> {
    (0..a.documents.len())
        .filter(|&j| j != i)
        .max_by(|&x, &y| a.similarity.matrix[i][x].total_cmp(&a.similarity.matrix[i][y]))
}

#[function_component(SimilarityView)]
pub fn similarity_view(props: &SimilarityViewProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let n = a.documents.len();
    let by_group = use_state(|| true);
    let hovered = use_state(|| None::<(usize, usize)>);
    let table_source = use_state(|| None::<usize>);
    let show_pairs = use_state(|| false);
    let fig: Rc<(Vec<usize>, Vec<usize>)> = use_memo(a.clone(), |a| figure_order(a));
    let order: Vec<usize> = if *by_group {
        fig.0.clone()
    } else {
        p.ordered()
    };
    let block_start: Vec<bool> = {
        let mut v = vec![false; n];
        if *by_group {
            for &s in &fig.1 {
                if s > 0 && s < n {
                    v[order[s]] = true;
                }
            }
        }
        v
    };
    let selected = props
        .selected
        .as_ref()
        .and_then(|k| p.docs.iter().position(|d| &d.id == k));
    let open_pair = {
        let (onaction, docs) = (props.onaction.clone(), p.docs.clone());
        let a = a.clone();
        Callback::from(move |(i, j): (usize, usize)| {
            let j = if i == j {
                match closest(&a, i) {
                    Some(c) => c,
                    None => return,
                }
            } else {
                j
            };
            onaction.emit(Action::OpenSideBySide(vec![
                docs[i].id.clone(),
                docs[j].id.clone(),
            ]))
        })
    };
    let stories = groups(a, p, if *show_pairs { usize::MAX } else { 5 });
    let canvas = n >= CANVAS_FROM;
    let canvas_ref = use_node_ref();
    let cell_px = if canvas {
        (720 / n.max(1)).clamp(2, 12)
    } else {
        0
    };

    // Draw the canvas figure.
    {
        let (canvas_ref, a, order) = (canvas_ref.clone(), a.clone(), order.clone());
        use_effect_with((a.clone(), order.clone(), canvas), move |_| {
            if !canvas {
                return;
            }
            let Some(el) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let size = (order.len() * cell_px) as u32;
            el.set_width(size);
            el.set_height(size);
            let Some(ctx) = el
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            for (y, &i) in order.iter().enumerate() {
                for (x, &j) in order.iter().enumerate() {
                    let colour = if i == j {
                        "#9aa3ad"
                    } else {
                        HEAT[heat_bin(a.similarity.matrix[i][j])].0
                    };
                    ctx.set_fill_style_str(colour);
                    ctx.fill_rect(
                        (x * cell_px) as f64,
                        (y * cell_px) as f64,
                        cell_px as f64,
                        cell_px as f64,
                    );
                }
            }
        });
    }

    let info = hovered.map(|(i, j)| cell_label(a, p, i, j));
    let figure = if canvas {
        let pair_at = {
            let order = order.clone();
            move |e: &MouseEvent| {
                let x = e.offset_x().max(0) as usize / cell_px.max(1);
                let y = e.offset_y().max(0) as usize / cell_px.max(1);
                Some((*order.get(y)?, *order.get(x)?))
            }
        };
        let onmousemove = {
            let (hovered, pair_at) = (hovered.clone(), pair_at.clone());
            Callback::from(move |e: MouseEvent| {
                let pair = pair_at(&e);
                if pair != *hovered {
                    hovered.set(pair);
                }
            })
        };
        let onclick = {
            let open_pair = open_pair.clone();
            Callback::from(move |e: MouseEvent| {
                if let Some(pair) = pair_at(&e) {
                    open_pair.emit(pair);
                }
            })
        };
        let onpick = {
            let table_source = table_source.clone();
            Callback::from(move |e: Event| {
                table_source.set(
                    e.target_unchecked_into::<HtmlSelectElement>()
                        .value()
                        .parse()
                        .ok(),
                )
            })
        };
        let source = (*table_source).or(selected).unwrap_or(order[0]);
        let mut others: Vec<usize> = (0..n).filter(|&j| j != source).collect();
        others.sort_by(|&x, &y| {
            a.similarity.matrix[source][y].total_cmp(&a.similarity.matrix[source][x])
        });
        html! {
            <>
                <div class="heat-canvas-wrap">
                    <canvas ref={canvas_ref} class="heat-canvas" data-testid="similarity-canvas" role="img"
                            aria-label={format!("Similarity of {n} sources, likely copies together; the same figures are in the table below.")}
                            {onmousemove} {onclick}></canvas>
                </div>
                <h3>{ "The figures, one source at a time" }</h3>
                <label>{ "Source " }
                    <select data-testid="similarity-source" onchange={onpick}>
                        { for order.iter().map(|&d| html! {
                            <option value={d.to_string()} selected={d == source}>{ format!("{} — {}", p.label(d), a.documents[d].name) }</option>
                        }) }
                    </select>
                </label>
                <table class="figures" data-testid="similarity-table">
                    <caption>{ format!("Similarity of {} to every other source, most similar first", p.label(source)) }</caption>
                    <thead><tr><th scope="col">{ "Source" }</th><th scope="col" class="num">{ "Similarity" }</th>
                        <th scope="col">{ "Containment" }</th><th scope="col"><span class="visually-hidden">{ "Open" }</span></th></tr></thead>
                    <tbody>
                        { for others.iter().map(|&j| {
                            let onclick = open_pair.reform(move |_: MouseEvent| (source, j));
                            html! {
                                <tr>
                                    <th scope="row">{ p.label(j) }</th>
                                    <td class="num">{ format!("{:.0}", a.similarity.matrix[source][j] * 100.0) }</td>
                                    <td>{ containment_sentence(a, p, source, j) }</td>
                                    <td><button class="button secondary" type="button" {onclick}>{ "Side by side" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </>
        }
    } else {
        let figures = n <= FIGURES_UNTIL;
        html! {
            <div class="heat-wrap">
            <table class={classes!("heat", figures.then_some("with-figures"))} data-testid="similarity-figure">
                <caption class="visually-hidden">{ "Pairwise similarity, 0 to 100; each cell opens the pair side by side" }</caption>
                <thead>
                    <tr>
                        <td></td>
                        { for order.iter().map(|&j| html! {
                            <th scope="col" class={classes!(colour_class(p.docs[j].colour), block_start[j].then_some("block-start"), (selected == Some(j)).then_some("sel"))}
                                title={a.documents[j].name.clone()}>{ p.label(j) }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for order.iter().map(|&i| html! {
                        <tr class={classes!(block_start[i].then_some("block-start-row"))}>
                            <th scope="row" class={classes!(colour_class(p.docs[i].colour), (selected == Some(i)).then_some("sel"))}
                                title={a.documents[i].name.clone()}>{ p.label(i) }</th>
                            { for order.iter().map(|&j| {
                                let v = a.similarity.matrix[i][j];
                                let onclick = open_pair.reform(move |_: MouseEvent| (i, j));
                                let onenter = { let hovered = hovered.clone(); Callback::from(move |_: MouseEvent| hovered.set(Some((i, j)))) };
                                let onfocus = { let hovered = hovered.clone(); Callback::from(move |_: FocusEvent| hovered.set(Some((i, j)))) };
                                let label = cell_label(a, p, i, j);
                                let bin = if i == j { "diag".to_string() } else { format!("h{}", heat_bin(v)) };
                                html! {
                                    <td data-testid="similarity-cell" data-a={p.docs[i].id.clone()} data-b={p.docs[j].id.clone()}
                                        class={classes!(bin, block_start[j].then_some("block-start"))}>
                                        <button type="button" title={label.clone()} {onclick} onmouseenter={onenter} {onfocus}>
                                            <span class="heat-value">{ if i == j { "—".to_string() } else { format!("{:.0}", v * 100.0) } }</span>
                                            if figures && i != j {
                                                <span class="heat-figures">{ format!("{:.0} % · {:.0} %", a.similarity.containment[i][j] * 100.0, a.similarity.containment[j][i] * 100.0) }</span>
                                            }
                                            <span class="visually-hidden">{ format!(" — {label}") }</span>
                                        </button>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        }
    };
    let ontoggle_order = {
        let by_group = by_group.clone();
        Callback::from(move |e: Event| {
            by_group.set(e.target_unchecked_into::<HtmlSelectElement>().value() == "groups")
        })
    };
    let ontoggle_pairs = {
        let show_pairs = show_pairs.clone();
        Callback::from(move |_: MouseEvent| show_pairs.set(!*show_pairs))
    };
    let more_pairs = a.similarity.groups.iter().any(|g| g.evidence.len() > 5);
    html! {
        <section class="similarity" data-testid="similarity" aria-label="Similarity and lineage">
            <div class="map-tools">
                <h2>{ "Similarity and lineage" }</h2>
                <label>{ "Order " }
                    <select data-testid="similarity-order" onchange={ontoggle_order}>
                        <option value="groups" selected={*by_group}>{ "likely copies together" }</option>
                        <option value="sources" selected={!*by_group}>{ "as the sources bar" }</option>
                    </select>
                </label>
                <span class="heat-legend" aria-hidden="true">
                    { "0" }
                    { for HEAT.iter().enumerate().map(|(k, _)| html! { <span class={classes!("swatch", format!("h{k}"))}></span> }) }
                    { "100: darker is more alike" }
                </span>
            </div>
            <p class="muted">{ "Each cell: how alike two articles are (0–100), and how much of each the other carries. Open a cell to read the pair side by side." }</p>
            { figure }
            <p class="heat-info" data-testid="similarity-info" aria-live="polite">
                { info.unwrap_or_else(|| "Point at or focus a cell to see both containment figures.".into()) }
            </p>
            <h3>{ "Likely shared origin" }</h3>
            if stories.is_empty() {
                <p data-testid="lineage-none">{ "No two sources look like copies of the same story." }</p>
            }
            <ul class="lineage" data-testid="lineage">
                { for stories.iter().map(|g| html! {
                    <li data-testid="lineage-group">
                        <p><strong>{ &g.headline }</strong>{ " " }<span data-testid="lineage-direction">{ &g.direction }</span></p>
                        <ul>
                            { for g.pairs.iter().map(|pair| {
                                let onclick = open_pair.reform({ let (x, y) = (pair.a, pair.b); move |_: MouseEvent| (x, y) });
                                html! {
                                    <li data-testid="lineage-pair">{ &pair.text }{ " " }
                                        <button class="link" type="button" {onclick}>{ "Side by side" }</button></li>
                                }
                            }) }
                        </ul>
                    </li>
                }) }
            </ul>
            if more_pairs {
                <button class="button secondary" type="button" onclick={ontoggle_pairs}>
                    { if *show_pairs { "Show the strongest pairs only" } else { "Show every pair" } }
                </button>
            }
        </section>
    }
}
