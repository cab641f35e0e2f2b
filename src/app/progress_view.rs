//! Where the analysis stands: a progress bar with its stage and a Cancel button while the
//! worker runs, then how long it took.

use yew::prelude::*;

use crate::engine::Stage;

#[derive(Properties, PartialEq)]
pub struct ProgressViewProps {
    pub docs: usize,
    pub pending: bool,
    /// Stage and share of the whole analysis done.
    pub progress: Option<(Stage, f32)>,
    pub cancelled: bool,
    pub ready: bool,
    pub elapsed_ms: Option<f64>,
    pub engine_ms: f64,
    pub memory_bytes: u64,
    pub oncancel: Callback<()>,
    pub onreanalyse: Callback<()>,
}

#[function_component(ProgressView)]
pub fn progress_view(props: &ProgressViewProps) -> Html {
    if props.docs == 0 {
        return html! {};
    }
    if props.pending {
        let (label, value) = match props.progress {
            Some((stage, done)) => (
                format!("Analysing {} documents: {}…", props.docs, stage.as_str()),
                Some(done),
            ),
            None => (format!("Analysing {} documents…", props.docs), None),
        };
        let oncancel = props.oncancel.reform(|_: MouseEvent| ());
        return html! {
            <div class="progress" data-testid="progress" role="status"
                 data-stage={props.progress.map(|p| p.0.as_str())}
                 data-done={props.progress.map(|p| format!("{:.3}", p.1))}>
                <span data-testid="status" class="status">{ &label }</span>
                <progress max="1" value={value.map(|v| v.to_string())} aria-label={label.clone()}>
                    { value.map(|v| format!("{:.0} %", v * 100.0)) }
                </progress>
                if let Some(v) = value {
                    <span class="progress-pct">{ format!("{:.0} %", v * 100.0) }</span>
                }
                <button class="button secondary" data-testid="cancel" type="button" onclick={oncancel}>{ "Cancel" }</button>
            </div>
        };
    }
    if props.cancelled && !props.ready {
        let onclick = props.onreanalyse.reform(|_: MouseEvent| ());
        return html! {
            <p class="status" data-testid="status" role="status">
                { "Analysis stopped. " }
                <button class="button secondary" data-testid="reanalyse" type="button" {onclick}>{ "Analyse again" }</button>
            </p>
        };
    }
    match props.elapsed_ms {
        Some(ms) if props.ready => html! {
            <p class="status" data-testid="status" data-total-ms={format!("{ms:.1}")}
               data-engine-ms={format!("{:.1}", props.engine_ms)} data-memory-bytes={props.memory_bytes.to_string()}>
                { format!("Analysed {} documents in {:.0} ms, on this computer.", props.docs, ms) }
            </p>
        },
        _ => html! {},
    }
}
