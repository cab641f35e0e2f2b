//! Error messages about single files. Each is dismissible; nothing else is affected.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub errors: Vec<String>,
    pub ondismiss: Callback<usize>,
}

#[function_component(ErrorView)]
pub fn error_view(props: &ErrorViewProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="errors" role="alert">
            { for props.errors.iter().enumerate().map(|(i, message)| {
                let onclick = props.ondismiss.reform(move |_: MouseEvent| i);
                html! {
                    <li data-testid="error" class="error">
                        <span>{ message }</span>
                        <button class="dismiss" title="Dismiss" aria-label="Dismiss" {onclick}>{ "×" }</button>
                    </li>
                }
            }) }
        </ul>
    }
}
