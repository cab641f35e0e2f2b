//! Messages: one per file that could not be read (each dismissible; nothing else is
//! affected), and the one-time note when the browser will not store the session.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub errors: Vec<String>,
    pub ondismiss: Callback<usize>,
    /// A note about storage, shown once.
    #[prop_or_default]
    pub note: Option<String>,
    #[prop_or_default]
    pub ondismissnote: Callback<()>,
}

#[function_component(ErrorView)]
pub fn error_view(props: &ErrorViewProps) -> Html {
    let note = props.note.as_ref().map(|note| {
        let onclick = props.ondismissnote.reform(|_: MouseEvent| ());
        html! {
            <p class="note" data-testid="storage-note" role="status">
                <span>{ note }</span>
                <button class="dismiss" type="button" aria-label="Dismiss this note" {onclick}>{ "×" }</button>
            </p>
        }
    });
    html! {
        <>
            { for note }
            if !props.errors.is_empty() {
                <ul class="errors" role="alert">
                    { for props.errors.iter().enumerate().map(|(i, message)| {
                        let onclick = props.ondismiss.reform(move |_: MouseEvent| i);
                        html! {
                            <li data-testid="error" class="error">
                                <span>{ message }</span>
                                <button class="dismiss" type="button" aria-label="Dismiss this message" {onclick}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </>
    }
}
