//! The meaning pass's switch and status: *Find paraphrases by meaning*, with what it
//! downloads the first time, its progress (loading the model, embedding) with Cancel, and
//! then how many sentences it matched.

use yew::prelude::*;

use super::semantic::DOWNLOAD;
use super::state::MeaningPass;

#[derive(Properties, PartialEq)]
pub struct MeaningToggleProps {
    pub pass: MeaningPass,
    /// Sentences matched by meaning in the shown analysis.
    pub matched: usize,
    /// The semantic worker's memory (its peak), 0 where not known.
    pub memory: u64,
    pub onset: Callback<bool>,
    pub oncancel: Callback<()>,
}

#[function_component(MeaningToggle)]
pub fn meaning_toggle(props: &MeaningToggleProps) -> Html {
    let on = props.pass.is_on();
    let onchange = {
        let onset = props.onset.clone();
        Callback::from(move |e: Event| {
            let checked = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .is_some_and(|i| i.checked());
            onset.emit(checked);
        })
    };
    let status = match &props.pass {
        MeaningPass::Off => None,
        MeaningPass::Loading { file } => {
            Some(format!("Loading the sentence model ({} of 3)…", file + 1))
        }
        MeaningPass::Embedding { done, total } => {
            Some(format!("Reading sentences by meaning: {done} of {total}…"))
        }
        MeaningPass::On => Some(format!(
            "{}{}",
            match props.matched {
                0 => "No further sentences matched by meaning.".to_string(),
                1 => "1 sentence matched by meaning (◇).".to_string(),
                n => format!("{n} sentences matched by meaning (◇)."),
            },
            if props.memory > 0 {
                format!(" The sentence model used {} MB.", props.memory >> 20)
            } else {
                String::new()
            }
        )),
        MeaningPass::Failed(message) => Some(message.clone()),
    };
    let oncancel = props.oncancel.reform(|_: MouseEvent| ());
    html! {
        <div class="meaning-pass" data-testid="meaning">
            <label title="A small sentence model (all-MiniLM-L6-v2) runs in your browser: nothing is uploaded.">
                <input type="checkbox" data-testid="meaning-toggle" checked={on} {onchange} />
                { format!(" Find paraphrases by meaning ({DOWNLOAD} download, once)") }
            </label>
            if let Some(status) = status {
                <span class={classes!("meaning-status", matches!(props.pass, MeaningPass::Failed(_)).then_some("error-text"))}
                      data-testid="meaning-status" role="status">{ status }</span>
            }
            if props.pass.is_busy() {
                <button type="button" class="button secondary" data-testid="meaning-cancel" onclick={oncancel}>{ "Cancel" }</button>
            }
        </div>
    }
}
