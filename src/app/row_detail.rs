//! An open row: every variant, with its word diff against the representative.

use std::rc::Rc;

use yew::prelude::*;

use super::state::SharedAnalysis;

use super::source_chip::{colour, label};
use super::story_row::glyph;
use crate::engine::{Diff, DiffOp, DiffTag, Sentence};

#[derive(Properties, PartialEq)]
pub struct RowDetailProps {
    pub analysis: SharedAnalysis,
    pub index: usize,
    /// The row's diffs from the worker, when the analysis came without them.
    pub fetched: Option<Rc<Vec<Diff>>>,
    /// Asks the worker for this row's diffs.
    pub onneeddiffs: Callback<usize>,
}

/// The member's sentence with deletions (from the representative) and insertions marked.
/// Falls back to the plain text if a span does not fit (never panics on bad offsets).
fn diff_html(member: &Sentence, rep: &Sentence, ops: &[DiffOp]) -> Html {
    let local = |s: &Sentence, at: usize| {
        at.checked_sub(s.start)
            .filter(|&p| p <= s.text.len() && s.text.is_char_boundary(p))
    };
    let mut parts: Vec<Html> = Vec::new();
    let mut cursor = 0;
    for op in ops {
        let (Some(n0), Some(n1), Some(o0), Some(o1)) = (
            local(member, op.new[0]),
            local(member, op.new[1]),
            local(rep, op.old[0]),
            local(rep, op.old[1]),
        ) else {
            return html! { { &member.text } };
        };
        if n0 < cursor || n1 < n0 || o1 < o0 {
            return html! { { &member.text } };
        }
        match op.op {
            DiffTag::Equal => parts.push(html! { { &member.text[cursor..n1] } }),
            DiffTag::Insert => {
                parts.push(html! { { &member.text[cursor..n0] } });
                parts.push(html! { <ins>{ &member.text[n0..n1] }</ins> });
            }
            DiffTag::Delete => {
                parts.push(html! { { &member.text[cursor..n0] } });
                parts.push(html! { <del>{ &rep.text[o0..o1] }</del> });
            }
            DiffTag::Replace => {
                parts.push(html! { { &member.text[cursor..n0] } });
                parts.push(html! { <del>{ &rep.text[o0..o1] }</del> });
                parts.push(html! { <ins>{ &member.text[n0..n1] }</ins> });
            }
        }
        cursor = n1.max(cursor);
    }
    parts.push(html! { { &member.text[cursor..] } });
    parts.into_iter().collect::<Html>()
}

#[function_component(RowDetail)]
pub fn row_detail(props: &RowDetailProps) -> Html {
    let a = &props.analysis;
    let c = &a.clusters[props.index];
    let rep = c.representative;
    let rep_sentence = &a.documents[rep.doc].sentences[rep.sentence];
    // Large sets come without diffs: ask the worker once, show plain text meanwhile.
    let missing = c.members.len() > 1 && c.diffs.is_empty();
    let waiting = missing && props.fetched.is_none();
    {
        let (index, onneeddiffs) = (props.index, props.onneeddiffs.clone());
        use_effect_with((index, waiting), move |&(index, waiting)| {
            if waiting {
                onneeddiffs.emit(index);
            }
        });
    }
    let diffs: &[Diff] = match &props.fetched {
        Some(d) if missing => d,
        _ => &c.diffs,
    };
    html! {
        <div class="variants" aria-busy={waiting.to_string()}
             data-diffs={if !missing { "engine" } else if waiting { "waiting" } else { "worker" }}>
            { for c.members.iter().map(|m| {
                let sentence = &a.documents[m.doc].sentences[m.sentence];
                let is_rep = m.doc == rep.doc && m.sentence == rep.sentence;
                let diff = diffs.iter().find(|d| d.doc == m.doc && d.sentence == m.sentence && !is_rep);
                let body = match diff {
                    Some(d) => diff_html(sentence, rep_sentence, &d.ops),
                    None => html! { { &sentence.text } },
                };
                let grade = if c.members.len() == 1 { "unique".to_string() } else if is_rep { format!("{} · representative", m.relation.as_str()) } else { m.relation.as_str().to_string() };
                html! {
                    <div class={classes!("variant", is_rep.then_some("rep"))} style={format!("--doc: {}", colour(m.doc))}>
                        <span class="variant-doc" title={a.documents[m.doc].name.clone()}>{ label(m.doc) }</span>
                        <span class={classes!("variant-grade", m.relation.as_str())}>{ glyph(m.relation) }{ " " }{ grade }</span>
                        <span class="variant-text">{ body }</span>
                    </div>
                }
            }) }
        </div>
    }
}
