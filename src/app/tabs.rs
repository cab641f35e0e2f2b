//! The view tabs (ARIA tabs: ←/→ move between them, Home/End to the ends).

use yew::prelude::*;

use super::dom::focus;
use super::route::View;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: View,
    pub onselect: Callback<View>,
}

#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let onkeydown = {
        let (current, onselect) = (props.current, props.onselect.clone());
        Callback::from(move |e: KeyboardEvent| {
            let at = View::ALL.iter().position(|&v| v == current).unwrap_or(0);
            let n = View::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % n,
                "ArrowLeft" => (at + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            let view = View::ALL[next];
            onselect.emit(view);
            focus(&format!("#tab-{}", view.slug()));
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for View::ALL.iter().map(|&view| {
                let selected = view == props.current;
                let onclick = props.onselect.reform(move |_: MouseEvent| view);
                html! {
                    <button id={format!("tab-{}", view.slug())} class={classes!("tab", selected.then_some("selected"))}
                        role="tab" type="button" aria-selected={selected.to_string()}
                        aria-controls={selected.then(|| format!("panel-{}", view.slug()))}
                        tabindex={if selected { "0" } else { "-1" }}
                        data-testid={format!("view-tab-{}", view.slug())} {onclick}>
                        { view.title() }
                    </button>
                }
            }) }
        </div>
    }
}
