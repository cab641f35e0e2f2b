//! The story map: one row per passage cluster, one column per source (in display order).
//! Tools: row order, filter (including "left out by" a source), text search (`/`), page
//! debris. Keyboard: ↑/↓ move between rows, Enter opens, Escape closes.
//!
//! Only the rows in view are rendered (and, above 60 sources, only the columns in view):
//! the rest are spacers sized through the CSSOM, so a thousand articles show their first
//! screen at once and scroll smoothly. Collapsed rows have one fixed height (one line), an
//! open row's detail is measured once rendered.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::dom::set_style;
use super::source_chip::colour_class;
use super::state::{Action, Filter, RowOrder, SharedAnalysis};
use super::story_row::{StoryRow, cell_title};
use crate::engine::{Relation, RowDetails};
use crate::report::rows::{self, Search};
use crate::report::{Presentation, docs_in, export::glyph};

#[derive(Properties, PartialEq)]
pub struct StoryMapProps {
    pub analysis: SharedAnalysis,
    pub presentation: Rc<Presentation>,
    pub filter: Filter,
    pub order: RowOrder,
    pub search: String,
    pub show_boilerplate: bool,
    /// The selected (open) row.
    pub selected: Option<usize>,
    /// The selected source's stable id.
    pub selected_source: Option<String>,
    /// Word diffs fetched for rows that came without them.
    pub row_diffs: Rc<std::collections::HashMap<usize, Rc<RowDetails>>>,
    pub onaction: Callback<Action>,
    /// Asks for the word diffs of a row that came without them.
    pub onneeddiffs: Callback<usize>,
}

/// Rows rendered beyond the screen, above and below.
const OVERSCAN: usize = 8;
/// Cells created per task while a screen of rows fills in.
const CELLS_PER_STEP: usize = 220;
/// Up to this many sources, the order and filter menus list each; above, only the selected.
const MENU_SOURCES: usize = 30;
/// Below this many rows, all are rendered.
const VIRTUAL_FROM: usize = 150;
/// Above this many sources, only the columns in view are rendered.
const VIRTUAL_COLUMNS_FROM: usize = 60;
/// Columns rendered beyond the visible ones, each side.
const COLUMN_OVERSCAN: usize = 4;
/// Sources at most this many get wide columns; more, and the map is dense.
const DENSE_FROM: usize = 13;

/// Height of a collapsed row (px; `.row` in the style sheet), and of an open row's detail
/// until it is measured.
const ROW_H: f64 = 33.0;
/// Width of a dense column, and of the sticky row-number and passage columns (px), as in
/// the style sheet.
const COL_W: f64 = 18.0;
const STICKY_W: f64 = 440.0;
const DETAIL_H: f64 = 160.0;

/// Geometry of the rows: where each sits, with one open row's detail below it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rows {
    n: usize,
    h: f64,
    open: Option<usize>,
    detail: f64,
}

impl Rows {
    fn top(&self, k: usize) -> f64 {
        let extra = match self.open {
            Some(o) if o < k => self.detail,
            _ => 0.0,
        };
        k as f64 * self.h + extra
    }

    fn total(&self) -> f64 {
        self.top(self.n)
    }

    /// The position of the row at height `y` (clamped).
    fn at(&self, y: f64) -> usize {
        let y = y.max(0.0);
        let k = match self.open {
            Some(o) if y >= (o + 1) as f64 * self.h + self.detail => {
                ((y - self.detail) / self.h) as usize
            }
            Some(o) if y >= (o + 1) as f64 * self.h => o,
            _ => (y / self.h) as usize,
        };
        k.min(self.n.saturating_sub(1))
    }
}

fn filter_value(f: &Filter) -> String {
    match f {
        Filter::All => "all".into(),
        Filter::SharedByAll => "all-shared".into(),
        Filter::Shared => "shared".into(),
        Filter::Unique => "unique".into(),
        Filter::LeftOutBy(k) => format!("left-out:{k}"),
    }
}

fn order_value(o: &RowOrder) -> String {
    match o {
        RowOrder::Story => "story".into(),
        RowOrder::WidelyShared => "widest".into(),
        RowOrder::Source(k) => format!("source:{k}"),
    }
}

#[function_component(StoryMap)]
pub fn story_map(props: &StoryMapProps) -> Html {
    let a = &props.analysis;
    let p = &props.presentation;
    let n_docs = a.documents.len();
    let has_meaning = *use_memo(a.clone(), |a| crate::engine::meaning::matched(a) > 0);
    let columns: Rc<Vec<usize>> = use_memo(p.clone(), |p| p.ordered());
    let index_of = |key: &str| p.docs.iter().position(|d| d.id == key);
    let row_filter = match &props.filter {
        Filter::All => rows::Filter::All,
        Filter::SharedByAll => rows::Filter::SharedByAll,
        Filter::Shared => rows::Filter::Shared,
        Filter::Unique => rows::Filter::Unique,
        Filter::LeftOutBy(k) => index_of(k).map_or(rows::Filter::All, rows::Filter::LeftOutBy),
    };
    let row_order = match &props.order {
        RowOrder::Story => rows::RowOrder::Story,
        RowOrder::WidelyShared => rows::RowOrder::WidelyShared,
        RowOrder::Source(k) => index_of(k).map_or(rows::RowOrder::Story, rows::RowOrder::Source),
    };
    let search = Search::new(&props.search);
    let shown: Rc<Vec<usize>> = use_memo(
        (
            a.clone(),
            row_order,
            row_filter,
            props.show_boilerplate,
            search.clone(),
        ),
        |(a, order, filter, show, search)| {
            rows::ordered(a, *order)
                .into_iter()
                .filter(|&r| rows::keep(a, r, *filter, *show))
                .filter(|&r| search.as_ref().is_none_or(|s| s.matches_row(a, r)))
                .collect()
        },
    );

    // Geometry, measured once rendered.
    let detail_h = use_state(|| DETAIL_H);
    // Until the first scroll event: what a screen can show (the map starts below the bars).
    let (screen_w, screen_h) = super::dom::viewport();
    let window = use_state(|| (0usize, (screen_h / ROW_H) as usize / 2 + OVERSCAN));
    let col_window = use_state(|| {
        (
            0usize,
            ((screen_w - STICKY_W).max(0.0) / COL_W) as usize + COLUMN_OVERSCAN,
        )
    });
    let active = use_state(|| None::<usize>);
    let focus_row = use_state(|| None::<usize>);
    let tbody = use_node_ref();
    let scroller = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let grid = use_node_ref();

    let virtual_rows = shown.len() >= VIRTUAL_FROM;
    let virtual_cols = n_docs > VIRTUAL_COLUMNS_FROM;
    let dense = n_docs >= DENSE_FROM;
    let open_pos = props
        .selected
        .and_then(|r| shown.iter().position(|&x| x == r));
    let geometry = Rows {
        n: shown.len(),
        h: ROW_H,
        open: open_pos,
        detail: *detail_h,
    };

    // Which rows are in view: from the window's scroll position and the table's place.
    let recompute = {
        let (tbody, window) = (tbody.clone(), window.clone());
        Rc::new(move |g: Rows| {
            let Some(el) = tbody.cast::<web_sys::Element>() else {
                return;
            };
            let top = el.get_bounding_client_rect().top();
            let height = super::dom::viewport().1;
            let start = g.at(-top).saturating_sub(OVERSCAN);
            let end = (g.at(-top + height) + OVERSCAN + 1).min(g.n);
            if (start, end) != *window {
                window.set((start, end));
            }
        })
    };
    {
        let recompute = recompute.clone();
        use_effect_with((geometry, virtual_rows), move |&(g, virtual_rows)| {
            let listener: Option<Closure<dyn FnMut()>> = virtual_rows.then(|| {
                let recompute = recompute.clone();
                Closure::<dyn FnMut()>::new(move || recompute(g))
            });
            let win = gloo::utils::window();
            if let Some(l) = &listener {
                recompute(g);
                let _ = win.add_event_listener_with_callback("scroll", l.as_ref().unchecked_ref());
                let _ = win.add_event_listener_with_callback("resize", l.as_ref().unchecked_ref());
            }
            move || {
                if let Some(l) = listener {
                    let _ = win
                        .remove_event_listener_with_callback("scroll", l.as_ref().unchecked_ref());
                    let _ = win
                        .remove_event_listener_with_callback("resize", l.as_ref().unchecked_ref());
                }
            }
        });
    }
    let (start, want_end) = if virtual_rows {
        let (s, e) = *window;
        (
            s.min(shown.len()),
            e.min(shown.len()).max(s.min(shown.len())),
        )
    } else {
        (0, shown.len())
    };
    // Rows are added a few hundred cells at a time, one task each: a screen of a dense map is
    // thousands of cells, and creating and laying them out in one go would block the page.
    let n_cols = (if n_docs > VIRTUAL_COLUMNS_FROM {
        ((screen_w - STICKY_W).max(0.0) / COL_W) as usize + 2 * COLUMN_OVERSCAN
    } else {
        n_docs
    })
    .max(1);
    let step = (CELLS_PER_STEP / n_cols).max(4);
    let budget = use_state_eq(|| step);
    {
        let budget = budget.clone();
        use_effect_with(Rc::as_ptr(&shown) as usize, move |_| budget.set(step));
    }
    let end = want_end.min(start + *budget);
    {
        let budget = budget.clone();
        use_effect_with((end, want_end), move |&(end, want_end)| {
            if end < want_end {
                let grown = *budget + step;
                gloo::timers::callback::Timeout::new(0, move || budget.set(grown)).forget();
            }
        });
    }

    // Which columns are in view (many sources only).
    let col_w = COL_W;
    let onscroll = {
        let (scroller, col_window) = (scroller.clone(), col_window.clone());
        Callback::from(move |_: Event| {
            if !virtual_cols {
                return;
            }
            let Some(el) = scroller.cast::<web_sys::Element>() else {
                return;
            };
            let left = el.scroll_left() as f64;
            let width = el.client_width() as f64;
            let c0 = ((left / col_w) as usize).saturating_sub(COLUMN_OVERSCAN);
            let c1 = (((left + width) / col_w) as usize + COLUMN_OVERSCAN).min(n_docs);
            if (c0, c1) != *col_window {
                col_window.set((c0, c1));
            }
        })
    };
    let (c0, c1) = if virtual_cols {
        let (c0, c1) = *col_window;
        (c0.min(n_docs), c1.min(n_docs).max(c0.min(n_docs)))
    } else {
        (0, n_docs)
    };
    let visible_cols: Rc<Vec<usize>> = use_memo((columns.clone(), c0, c1), |(cols, c0, c1)| {
        cols[*c0..*c1].to_vec()
    });

    // Spacer sizes through the CSSOM (no layout is read here: it runs after every render).
    {
        let (top_spacer, bottom_spacer, grid) =
            (top_spacer.clone(), bottom_spacer.clone(), grid.clone());
        let spacers = (
            geometry.top(start),
            geometry.total() - geometry.top(end),
            c0 as f64 * col_w,
            (n_docs - c1) as f64 * col_w,
        );
        use_effect(move || {
            let px = |x: f64| format!("{:.0}px", x.max(0.0));
            if let Some(el) = top_spacer.cast::<web_sys::Element>() {
                set_style(&el, "height", &px(spacers.0));
            }
            if let Some(el) = bottom_spacer.cast::<web_sys::Element>() {
                set_style(&el, "height", &px(spacers.1));
            }
            // The column spacers of every row take their widths from the grid.
            if let Some(el) = grid.cast::<web_sys::Element>() {
                set_style(&el, "--left", &px(spacers.2));
                set_style(&el, "--right", &px(spacers.3));
            }
        });
    }
    // The open row's extra height (its wrapped text and its variants), measured when it
    // changes: rows below it sit that much lower.
    {
        let (tbody, detail_h) = (tbody.clone(), detail_h.clone());
        let fetched = props
            .selected
            .and_then(|r| props.row_diffs.get(&r))
            .is_some();
        use_effect_with((props.selected, fetched, props.search.clone()), move |_| {
            let Some(body) = tbody.cast::<web_sys::Element>() else {
                return;
            };
            let height = |sel: &str| {
                body.query_selector(sel)
                    .ok()
                    .flatten()
                    .map(|el| el.get_bounding_client_rect().height())
            };
            if let (Some(row), Some(detail)) = (height(".row.open"), height(".detail")) {
                let h = (row - ROW_H).max(0.0) + detail;
                if (h - *detail_h).abs() > 0.5 {
                    detail_h.set(h);
                }
            }
        });
    }

    // Keyboard focus follows the active row once it is rendered.
    {
        let (focus_row, tbody) = (focus_row.clone(), tbody.clone());
        use_effect_with(*focus_row, move |row| {
            if let Some(row) = *row
                && let Some(body) = tbody.cast::<web_sys::Element>()
                && let Ok(Some(el)) =
                    body.query_selector(&format!(".row[data-row=\"{}\"] .row-toggle", row + 1))
                && let Some(el) = el.dyn_ref::<HtmlElement>()
            {
                let _ = el.focus();
                focus_row.set(None);
            }
        });
    }

    // A row selected elsewhere (another view, the address) is scrolled into view once.
    {
        let (tbody, shown) = (tbody.clone(), shown.clone());
        use_effect_with(props.selected, move |selected| {
            let Some(row) = *selected else { return };
            let Some(k) = shown.iter().position(|&r| r == row) else {
                return;
            };
            let Some(body) = tbody.cast::<web_sys::Element>() else {
                return;
            };
            let win = gloo::utils::window();
            let top = body.get_bounding_client_rect().top();
            let y = top + geometry.top(k);
            let height = super::dom::viewport().1;
            if y < 0.0 || y > height - geometry.h * 2.0 {
                let scroll = win.scroll_y().unwrap_or(0.0);
                win.scroll_to_with_x_and_y(
                    win.scroll_x().unwrap_or(0.0),
                    scroll + y - height / 3.0,
                );
            }
        });
    }

    let active_row = (*active)
        .filter(|r| shown.contains(r))
        .or(props.selected.filter(|r| shown.contains(r)))
        .or(shown.first().copied());
    let onrowkey = {
        let (shown, active, focus_row, onaction) = (
            shown.clone(),
            active.clone(),
            focus_row.clone(),
            props.onaction.clone(),
        );
        let selected = props.selected;
        let tbody = tbody.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(cur) = active_row else { return };
            let Some(k) = shown.iter().position(|&r| r == cur) else {
                return;
            };
            let next = match e.key().as_str() {
                "ArrowDown" => (k + 1).min(shown.len() - 1),
                "ArrowUp" => k.saturating_sub(1),
                "Home" if e.ctrl_key() => 0,
                "End" if e.ctrl_key() => shown.len() - 1,
                "PageDown" => (k + 10).min(shown.len() - 1),
                "PageUp" => k.saturating_sub(10),
                "Escape" => {
                    if selected.is_some() {
                        e.prevent_default();
                        onaction.emit(Action::SelectRow(None));
                    }
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let row = shown[next];
            active.set(Some(row));
            focus_row.set(Some(row));
            // Bring it into view, so that it is rendered and focusable.
            if let Some(body) = tbody.cast::<web_sys::Element>() {
                let win = gloo::utils::window();
                let top = body.get_bounding_client_rect().top();
                let y = top + geometry.top(next);
                let height = super::dom::viewport().1;
                let scroll = win.scroll_y().unwrap_or(0.0);
                if y < 80.0 {
                    win.scroll_to_with_x_and_y(0.0, scroll + y - 80.0);
                } else if y + geometry.h > height {
                    win.scroll_to_with_x_and_y(0.0, scroll + y + geometry.h - height + 8.0);
                }
            }
        })
    };
    // Made once per selection: the rows compare it by identity.
    let ontoggle_row = use_callback(
        (props.selected, props.onaction.clone(), active.setter()),
        |row: usize, (selected, onaction, set_active)| {
            set_active.set(Some(row));
            onaction.emit(Action::SelectRow(if *selected == Some(row) {
                None
            } else {
                Some(row)
            }));
        },
    );

    // Tools.
    let onfilter = props.onaction.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetFilter(match value.as_str() {
            "all-shared" => Filter::SharedByAll,
            "shared" => Filter::Shared,
            "unique" => Filter::Unique,
            v => v
                .strip_prefix("left-out:")
                .map_or(Filter::All, |k| Filter::LeftOutBy(k.to_string())),
        })
    });
    let onorder = props.onaction.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetRowOrder(match value.as_str() {
            "widest" => RowOrder::WidelyShared,
            v => v
                .strip_prefix("source:")
                .map_or(RowOrder::Story, |k| RowOrder::Source(k.to_string())),
        })
    });
    let onsearch = {
        let onaction = props.onaction.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            onaction.emit(Action::SetSearch(value));
        })
    };
    let onsearchkey = {
        let onaction = props.onaction.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                onaction.emit(Action::SetSearch(String::new()));
            }
        })
    };
    let ontoggle = props.onaction.reform(|_: Event| Action::ToggleBoilerplate);
    let filter_value = filter_value(&props.filter);
    let order_value = order_value(&props.order);
    let shared = a.clusters.iter().filter(|c| docs_in(c) > 1).count();
    let hidden_selected = props
        .selected
        .filter(|r| *r < a.clusters.len() && !shown.contains(r));
    let onshowall = {
        let onaction = props.onaction.clone();
        Callback::from(move |_: MouseEvent| {
            onaction.emit(Action::SetFilter(Filter::All));
            onaction.emit(Action::SetSearch(String::new()));
        })
    };
    // A dense map's cells get their tooltip when the pointer reaches them.
    let ontip = {
        let (a, p, visible_cols) = (a.clone(), p.clone(), visible_cols.clone());
        Callback::from(move |e: MouseEvent| {
            if !dense {
                return;
            }
            let Some(cell) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".cell").ok().flatten())
            else {
                return;
            };
            if cell.has_attribute("title") {
                return;
            }
            let Some(tr) = cell.parent_element() else {
                return;
            };
            let row = tr
                .get_attribute("data-row")
                .and_then(|r| r.parse::<usize>().ok())
                .and_then(|r| r.checked_sub(1));
            // The cell's place among its row's cells (after the number, the passage and a
            // spacer when the columns are windowed).
            let children = tr.children();
            let k = (0..children.length())
                .position(|i| children.item(i).as_ref() == Some(&cell))
                .and_then(|i| i.checked_sub(2 + usize::from(virtual_cols)));
            let (Some(row), Some(k)) = (row, k) else {
                return;
            };
            let (Some(c), Some(&d)) = (a.clusters.get(row), visible_cols.get(k)) else {
                return;
            };
            let best = c
                .members
                .iter()
                .filter(|m| m.doc == d)
                .min_by_key(|m| m.relation);
            let title = match best {
                None => format!("{}: absent", p.label(d)),
                Some(m) if c.members.len() == 1 => {
                    cell_title(&p.label(d), Relation::Unique, m.score)
                }
                Some(m) => cell_title(&p.label(d), m.relation, m.score),
            };
            let _ = cell.set_attribute("title", &title);
        })
    };
    // The per-source choices: every source in a small set; in a large one, the selected
    // source and those already chosen (hundreds of options would weigh on every render).
    let menu_sources: Vec<usize> = if n_docs <= MENU_SOURCES {
        columns.to_vec()
    } else {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(props.selected_source.as_deref());
        if let Filter::LeftOutBy(k) = &props.filter {
            keys.push(k);
        }
        if let RowOrder::Source(k) = &props.order {
            keys.push(k);
        }
        columns
            .iter()
            .copied()
            .filter(|&d| keys.contains(&p.docs[d].id.as_str()))
            .collect()
    };

    html! {
        <section data-testid="story-map" class="story-map" aria-label="Story map">
            <div class="map-tools">
                <h2>{ "Story map" }</h2>
                <span class="map-count" data-testid="row-count">
                    { format!("{} rows, {} shared by two or more sources", a.clusters.len(), shared) }
                    if shown.len() != a.clusters.len() { { format!(" · {} shown", shown.len()) } }
                </span>
                <label>{ "Order " }
                    <select data-testid="row-order" onchange={onorder}>
                        <option value="story" selected={order_value == "story"}>{ "story order" }</option>
                        <option value="widest" selected={order_value == "widest"}>{ "most widely shared first" }</option>
                        { for menu_sources.iter().map(|&d| {
                            let v = format!("source:{}", p.docs[d].id);
                            html! { <option value={v.clone()} selected={order_value == v}>{ format!("as in {}", p.label(d)) }</option> }
                        }) }
                    </select>
                </label>
                <label>{ "Show " }
                    <select data-testid="filter" onchange={onfilter}>
                        <option value="all" selected={filter_value == "all"}>{ "all rows" }</option>
                        <option value="all-shared" selected={filter_value == "all-shared"}>{ "shared by all" }</option>
                        <option value="shared" selected={filter_value == "shared"}>{ "shared by some" }</option>
                        <option value="unique" selected={filter_value == "unique"}>{ "unique to one source" }</option>
                        { for menu_sources.iter().map(|&d| {
                            let v = format!("left-out:{}", p.docs[d].id);
                            html! { <option value={v.clone()} selected={filter_value == v}>{ format!("left out by {}", p.label(d)) }</option> }
                        }) }
                    </select>
                </label>
                if menu_sources.len() < n_docs {
                    <span class="muted small">{ "(by source: select one in the sources bar)" }</span>
                }
                <label class="search">{ "Search " }
                    <input data-testid="search" type="search" placeholder="words in any source  ( / )" value={props.search.clone()}
                           oninput={onsearch} onkeydown={onsearchkey} aria-keyshortcuts="/" />
                </label>
                <label><input type="checkbox" data-testid="show-debris" checked={props.show_boilerplate} onchange={ontoggle} />{ " page debris" }</label>
                <span class="legend" aria-label="Legend">
                    { for [Relation::Identical, Relation::Near, Relation::Paraphrase, Relation::Meaning, Relation::Partial].into_iter().filter(|&r| r != Relation::Meaning || has_meaning).map(|r| html! {
                        <span class={classes!("g", r.as_str())}>{ glyph(r) }{ " " }{ if r == Relation::Near { "near" } else { r.as_str() } }</span>
                    }) }
                    <span class="g absent">{ "· absent" }</span>
                    <span class="g unique">{ "■ only one source" }</span>
                </span>
            </div>
            if let Some(r) = hidden_selected {
                <p class="note">{ format!("Row {} is hidden by the filter or the search. ", r + 1) }
                    <button class="button secondary" type="button" onclick={onshowall}>{ "Show all rows" }</button></p>
            }
            <div class="map-scroll" ref={scroller.clone()} {onscroll}>
            <div class={classes!("map", dense.then_some("dense"))} role="grid" aria-label="Story map rows" ref={grid.clone()}
                   aria-rowcount={(shown.len() + 1).to_string()} aria-colcount={(n_docs + 2).to_string()} data-testid="story-grid">
                <div class="map-head" role="rowgroup">
                    <div class="map-row head" role="row" aria-rowindex="1">
                        <div class="num" role="columnheader">{ "#" }</div>
                        <div class="passage" role="columnheader">{ "passage (representative)" }</div>
                        if virtual_cols { <div class="colspacer left" aria-hidden="true"></div> }
                        { for visible_cols.iter().map(|&d| html! {
                            <div class={classes!("doc", colour_class(p.docs[d].colour), (props.selected_source.as_deref() == Some(p.docs[d].id.as_str())).then_some("sel"))}
                                 role="columnheader" title={a.documents[d].name.clone()}>{ p.label(d) }</div>
                        }) }
                        if virtual_cols { <div class="colspacer right" aria-hidden="true"></div> }
                    </div>
                </div>
                <div class="map-body" role="rowgroup" ref={tbody.clone()} onkeydown={onrowkey} onmouseover={ontip}>
                    if virtual_rows { <div class="spacer" ref={top_spacer.clone()} aria-hidden="true"></div> }
                    // Unkeyed on purpose: a row's place is reused for whichever row scrolls into
                    // it (patched, not rebuilt). Yew 0.23's keyed lists rebuilt every row when
                    // rows were appended (measured: a screen of 64 rows was created 16 times).
                    { for shown[start..end].iter().enumerate().map(|(k, &i)| {
                        let open = props.selected == Some(i);
                        html! {
                            <StoryRow index={i} position={start + k + 2} analysis={a.clone()} presentation={p.clone()}
                                columns={visible_cols.clone()} spacers={virtual_cols} {dense} {open}
                                active={active_row == Some(i)} search={search.clone()} ontoggle={ontoggle_row.clone()}
                                fetched={open.then(|| props.row_diffs.get(&i).cloned()).flatten()}
                                onneeddiffs={props.onneeddiffs.clone()} />
                        }
                    }) }
                    if virtual_rows { <div class="spacer" ref={bottom_spacer.clone()} aria-hidden="true"></div> }
                </div>
            </div>
            </div>
            if shown.is_empty() {
                <p class="empty">{ "No rows match this filter." }</p>
            }
        </section>
    }
}
