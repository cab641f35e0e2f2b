//! The page's state and its reducer. DOM-free: every transition is a plain function of the
//! previous state and an [`Action`], so it is tested natively.

use std::collections::HashMap;
use std::rc::Rc;

use crate::engine::{Analysis, Diff, SourceText, decode};
use crate::sample::SAMPLE;

/// An analysis shared by the components. Equality is identity: Yew compares props on every
/// render, and comparing two analyses field by field would cost more than rendering them.
#[derive(Debug, Clone)]
pub struct SharedAnalysis(pub Rc<Analysis>);

impl PartialEq for SharedAnalysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedAnalysis {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        &self.0
    }
}

/// A loaded document.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: u32,
    pub source: Rc<SourceText>,
    /// Whitespace-separated words (the chip shows the analysis' count once it exists).
    pub words: usize,
}

/// Which story-map rows to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Rows every document carries.
    SharedByAll,
    /// Rows at least two documents carry.
    Shared,
    /// Rows only one document carries.
    Unique,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub docs: Vec<Doc>,
    /// One message per file that could not be read, newest last.
    pub errors: Vec<String>,
    /// Bumped whenever the set of documents changes.
    pub revision: u64,
    /// The newest analysis and the revision it belongs to.
    pub analysis: Option<(u64, SharedAnalysis)>,
    /// Word diffs the worker computed on request, by row, for an analysis that came without
    /// them (large sets).
    pub row_diffs: Rc<HashMap<usize, Rc<Vec<Diff>>>>,
    /// Milliseconds from request to answer for the shown analysis, of which the engine took
    /// `engine_ms`; the worker's memory afterwards.
    pub elapsed_ms: Option<f64>,
    pub engine_ms: f64,
    pub memory_bytes: u64,
    pub filter: Filter,
    pub show_boilerplate: bool,
    next_id: u32,
    pasted: u32,
}

/// What can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Files read from a drop or the file picker: `(name, bytes)`.
    AddFiles(Vec<(String, Vec<u8>)>),
    /// Text from the paste box.
    AddText(String),
    LoadSample,
    Remove(u32),
    Clear,
    Analyzed {
        revision: u64,
        analysis: Rc<Analysis>,
        elapsed_ms: f64,
        engine_ms: f64,
        memory_bytes: u64,
    },
    /// The word diffs of one row, from the worker.
    RowDiffs {
        revision: u64,
        row: usize,
        diffs: Vec<Diff>,
    },
    Failed {
        revision: u64,
        message: String,
    },
    DismissError(usize),
    SetFilter(Filter),
    ToggleBoilerplate,
}

impl State {
    /// The analysis, if it matches the documents on screen.
    pub fn current(&self) -> Option<&SharedAnalysis> {
        self.analysis
            .as_ref()
            .filter(|(rev, _)| *rev == self.revision)
            .map(|(_, a)| a)
    }

    /// Whether an analysis of the current documents is still on its way.
    pub fn pending(&self) -> bool {
        !self.docs.is_empty() && self.current().is_none()
    }

    fn add(&mut self, source: SourceText) -> bool {
        if self
            .docs
            .iter()
            .any(|d| d.source.name == source.name && d.source.text == source.text)
        {
            self.errors
                .push(format!("{} is already loaded.", source.name));
            return false;
        }
        for w in &source.warnings {
            self.errors.push(w.clone());
        }
        let words = source.text.split_whitespace().count();
        self.next_id += 1;
        self.docs.push(Doc {
            id: self.next_id,
            source: Rc::new(source),
            words,
        });
        true
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed_docs = match action {
            Action::AddFiles(files) => {
                let mut added = false;
                for (name, bytes) in files {
                    match decode(&name, &bytes) {
                        Ok(source) => added |= s.add(source),
                        Err(e) => s.errors.push(e.to_string()),
                    }
                }
                added
            }
            Action::AddText(text) => {
                if text.trim().is_empty() {
                    return self;
                }
                s.pasted += 1;
                let name = format!("Pasted text {}", s.pasted);
                s.add(SourceText::new(name, text))
            }
            Action::LoadSample => {
                let mut added = false;
                for (name, text) in SAMPLE {
                    if !s.docs.iter().any(|d| d.source.name == name) {
                        added |= s.add(SourceText::new(name, text));
                    }
                }
                if !added {
                    return self;
                }
                true
            }
            Action::Remove(id) => {
                let before = s.docs.len();
                s.docs.retain(|d| d.id != id);
                if s.docs.len() == before {
                    return self;
                }
                true
            }
            Action::Clear => {
                if s.docs.is_empty() && s.errors.is_empty() {
                    return self;
                }
                s.docs.clear();
                s.errors.clear();
                true
            }
            Action::Analyzed {
                revision,
                analysis,
                elapsed_ms,
                engine_ms,
                memory_bytes,
            } => {
                if revision != s.revision {
                    return self;
                }
                s.analysis = Some((revision, SharedAnalysis(analysis)));
                s.row_diffs = Rc::default();
                s.elapsed_ms = Some(elapsed_ms);
                s.engine_ms = engine_ms;
                s.memory_bytes = memory_bytes;
                false
            }
            Action::RowDiffs {
                revision,
                row,
                diffs,
            } => {
                if s.current().is_none() || revision != s.revision {
                    return self;
                }
                Rc::make_mut(&mut s.row_diffs).insert(row, Rc::new(diffs));
                false
            }
            Action::Failed { revision, message } => {
                if revision != s.revision {
                    return self;
                }
                s.errors.push(message);
                false
            }
            Action::DismissError(i) => {
                if i >= s.errors.len() {
                    return self;
                }
                s.errors.remove(i);
                false
            }
            Action::SetFilter(filter) => {
                if filter == s.filter {
                    return self;
                }
                s.filter = filter;
                false
            }
            Action::ToggleBoilerplate => {
                s.show_boilerplate = !s.show_boilerplate;
                false
            }
        };
        if changed_docs {
            s.revision += 1;
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use yew::Reducible;

    use super::*;

    #[test]
    fn files_and_errors() {
        let s = Rc::new(State::default());
        let s = s.reduce(Action::AddFiles(vec![
            ("a.txt".into(), b"One sentence here.".to_vec()),
            ("photo.png".into(), b"\x89PNG\r\n".to_vec()),
        ]));
        assert_eq!(s.docs.len(), 1);
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].starts_with("photo.png is not text"));
        assert_eq!(s.revision, 1);
        assert!(s.pending());
    }

    #[test]
    fn sample_loads_once() {
        let s = Rc::new(State::default()).reduce(Action::LoadSample);
        assert_eq!(s.docs.len(), 5);
        let again = s.clone().reduce(Action::LoadSample);
        assert!(Rc::ptr_eq(&s, &again), "a no-op returns the same Rc");
    }

    #[test]
    fn stale_analysis_is_ignored() {
        let s = Rc::new(State::default()).reduce(Action::AddText("Hello there.".into()));
        let analysis = Rc::new(crate::engine::analyze(
            &[SourceText::new("x", "Hello there.")],
            &crate::engine::Options::default(),
        ));
        let stale = s.clone().reduce(Action::Analyzed {
            revision: 0,
            analysis: analysis.clone(),
            elapsed_ms: 1.0,
            engine_ms: 1.0,
            memory_bytes: 0,
        });
        assert!(Rc::ptr_eq(&s, &stale));
        let fresh = s.reduce(Action::Analyzed {
            revision: 1,
            analysis,
            elapsed_ms: 1.0,
            engine_ms: 1.0,
            memory_bytes: 0,
        });
        assert!(fresh.current().is_some());
    }
}
