//! The page's state and its reducer. DOM-free: every transition is a plain function of the
//! previous state and an [`Action`], so it is tested natively.

use std::collections::HashMap;
use std::rc::Rc;

use crate::engine::meaning::Meaning;
use crate::engine::{Analysis, RowDetails, SourceText, Stage};
use crate::report::session::SessionDoc;
use crate::report::{DocLabel, Presentation, doc_id, iso_date, rows};
use crate::sample::SAMPLE;
use crate::worker::Incoming;

use super::route::{Route, View};

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
    /// Internal key, never reused within a page's life.
    pub id: u32,
    /// Stable id: a hash of the text ([`doc_id`]), unique in the set. Names the document in
    /// the address, in storage and in session files.
    pub key: String,
    pub source: Rc<SourceText>,
    /// Whitespace-separated words (the chip shows the analysis' count once it exists).
    pub words: usize,
    /// The label shown in every view ("000", or what the person typed).
    pub label: String,
    /// The publication date the person set (ISO 8601); `None`: the detected one.
    pub date: Option<String>,
    /// The outlet the person set.
    pub outlet: Option<String>,
    /// Palette colour, fixed when the document arrives (it follows the document when it is
    /// reordered).
    pub colour: usize,
}

impl Doc {
    /// The document as the browser stores it.
    pub fn stored(&self) -> StoredDoc {
        StoredDoc {
            key: self.key.clone(),
            name: self.source.name.clone(),
            text: self.source.text.clone(),
            label: self.label.clone(),
            date: self.date.clone(),
            outlet: self.outlet.clone(),
            about: self.source.about.clone(),
            left_out: self.source.left_out.clone(),
        }
    }
}

/// Which story-map rows to show. Documents are named by stable id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    SharedByAll,
    Shared,
    Unique,
    /// Rows this document lacks that at least half of the others carry.
    LeftOutBy(String),
}

/// The story map's row order. Documents are named by stable id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RowOrder {
    #[default]
    Story,
    Source(String),
    WidelyShared,
}

/// Where the session is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// Not yet read back from the browser.
    Loading,
    /// Kept in the browser (IndexedDB).
    On,
    /// The person switched it off: nothing is stored.
    Off,
    /// The browser refused (private window, quota): the page works in memory.
    Unavailable,
}

/// A document as stored in the browser or read from a session file.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    pub key: String,
    pub name: String,
    pub text: String,
    pub label: String,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub about: crate::engine::About,
    pub left_out: String,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The documents, in analysis order (the order they arrived).
    pub docs: Vec<Doc>,
    /// Display order: document ids.
    pub order: Vec<u32>,
    /// One message per file that could not be read, newest last.
    pub errors: Vec<String>,
    /// Bumped whenever the set of documents changes.
    pub revision: u64,
    /// The newest analysis and the revision it belongs to.
    pub analysis: Option<(u64, SharedAnalysis)>,
    /// Labels, dates and order of the current analysis' documents, as every view and export
    /// uses them. Rebuilt only when one of them changes (views compare it by pointer).
    pub presentation: Rc<Presentation>,
    /// The newest analysis that matched the documents of its day, with its presentation:
    /// shown, marked as earlier, when the analysis of the current documents was cancelled or
    /// failed (an error never blanks the page).
    pub last_good: Option<(SharedAnalysis, Rc<Presentation>)>,
    /// Word diffs the worker computed on request, by row, for an analysis that came without
    /// them (large sets).
    pub row_diffs: Rc<HashMap<usize, Rc<RowDetails>>>,
    /// Milliseconds from request to answer for the shown analysis, of which the engine took
    /// `engine_ms`; the worker's memory afterwards.
    pub elapsed_ms: Option<f64>,
    pub engine_ms: f64,
    pub memory_bytes: u64,
    /// The analysis in flight: its stage and the share of the whole done.
    pub progress: Option<(Stage, f32)>,
    /// The person cancelled the analysis of the current documents.
    pub cancelled: bool,
    pub filter: Filter,
    pub row_order: RowOrder,
    pub search: String,
    pub show_boilerplate: bool,
    /// The view and the selection (kept in the address).
    pub route: Route,
    pub storage: Storage,
    /// A message about storage, shown once.
    pub storage_note: Option<String>,
    /// *Clear all* is waiting for confirmation.
    pub confirm_clear: bool,
    /// An export being prepared by the worker.
    pub exporting: Option<crate::report::export::Format>,
    /// Files being read (dropped or chosen, not yet decoded by the worker).
    pub reading: Option<usize>,
    /// The meaning pass.
    pub meaning_pass: MeaningPass,
    /// Sentence vectors from the meaning pass and the documents (ids, in analysis order) they
    /// belong to: sent with the analysis request while they are still the documents.
    pub vectors: Option<(Vec<u32>, Rc<Meaning>)>,
    /// The semantic worker's memory after its last embedding (its peak).
    pub meaning_memory: u64,
    next_id: u32,
    next_label: u32,
    pasted: u32,
}

impl Default for State {
    fn default() -> Self {
        Self {
            docs: Vec::new(),
            order: Vec::new(),
            errors: Vec::new(),
            revision: 0,
            analysis: None,
            last_good: None,
            presentation: Rc::new(Presentation {
                docs: Vec::new(),
                order: Vec::new(),
            }),
            row_diffs: Rc::default(),
            elapsed_ms: None,
            engine_ms: 0.0,
            memory_bytes: 0,
            progress: None,
            cancelled: false,
            filter: Filter::All,
            row_order: RowOrder::Story,
            search: String::new(),
            show_boilerplate: false,
            route: Route::default(),
            storage: Storage::Loading,
            storage_note: None,
            confirm_clear: false,
            exporting: None,
            reading: None,
            meaning_pass: MeaningPass::Off,
            vectors: None,
            meaning_memory: 0,
            next_id: 0,
            next_label: 0,
            pasted: 0,
        }
    }
}

/// The meaning pass (sentence embeddings in the semantic worker), as the page shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum MeaningPass {
    #[default]
    Off,
    /// Loading the sentence model: `file` of its three files.
    Loading { file: usize },
    /// Embedding sentences.
    Embedding { done: usize, total: usize },
    /// The analysis shown uses the vectors.
    On,
    /// The pass could not run (the message says why); the lexical map stays.
    Failed(String),
}

impl MeaningPass {
    /// Whether the person has the pass turned on (whatever it is doing).
    pub fn is_on(&self) -> bool {
        !matches!(self, Self::Off | Self::Failed(_))
    }

    /// Whether it is loading or embedding (Cancel applies).
    pub fn is_busy(&self) -> bool {
        matches!(self, Self::Loading { .. } | Self::Embedding { .. })
    }
}

/// What can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The meaning pass was turned on, or moved on (loading, embedding, failed).
    SetMeaningPass(MeaningPass),
    /// The sentence vectors for the documents `ids` (in analysis order): analysed again with
    /// them, if they are still the documents.
    MeaningVectors {
        ids: Vec<u32>,
        meaning: Rc<Meaning>,
        /// The semantic worker's memory afterwards (its peak), 0 where not measured.
        memory_bytes: u64,
    },
    /// The meaning pass was turned off (or cancelled): the lexical map again.
    MeaningOff,
    /// Files were dropped or chosen: this many are being read.
    Reading(usize),
    /// Files from a drop or the file picker, as the worker decoded them: the documents, and
    /// one message per file that could not be read.
    AddFiles {
        docs: Vec<Incoming>,
        errors: Vec<String>,
    },
    /// Text from the paste box.
    AddText(String),
    LoadSample,
    Remove(u32),
    /// *Clear all* was pressed: ask first.
    AskClear,
    CancelClear,
    /// Confirmed: remove every document (and what the browser stores).
    Clear,
    Analyzed {
        revision: u64,
        analysis: Rc<Analysis>,
        elapsed_ms: f64,
        engine_ms: f64,
        memory_bytes: u64,
    },
    /// The worker's progress on `revision`.
    Progress {
        revision: u64,
        stage: Stage,
        done: f32,
    },
    /// Stop the analysis in flight (the worker is restarted).
    Cancel,
    /// Analyse the current documents again (after a cancel).
    Reanalyse,
    /// The word diffs and match evidence of one row, from the worker.
    RowDiffs {
        revision: u64,
        row: usize,
        details: RowDetails,
    },
    Failed {
        revision: u64,
        message: String,
    },
    /// The worker died of an error it could not report (the bridge started a fresh one);
    /// `revision` is the analysis it was running, if any.
    Crashed {
        revision: Option<u64>,
        detail: String,
    },
    /// A message that concerns no analysis (an import, an export).
    Error(String),
    DismissError(usize),
    SetFilter(Filter),
    SetRowOrder(RowOrder),
    SetSearch(String),
    ToggleBoilerplate,
    /// The address changed (Back, Forward, a link).
    Navigate(Route),
    SetView(View),
    /// Select (open) a row, or none.
    SelectRow(Option<usize>),
    /// Select a source by stable id, or none.
    SelectSource(Option<String>),
    /// The side-by-side columns (stable ids, 2 to 4).
    SetColumns(Vec<String>),
    /// Open two or more sources side by side.
    OpenSideBySide(Vec<String>),
    /// Open a row in the story map.
    OpenRow(usize),
    Relabel {
        id: u32,
        label: String,
        date: String,
        outlet: String,
    },
    /// Move document `id` to display position `to`.
    Move {
        id: u32,
        to: usize,
    },
    /// The session read back from the browser: documents and, if the address named no
    /// place, the stored one.
    Restore {
        docs: Vec<StoredDoc>,
        order: Vec<String>,
        route: Option<Route>,
        keep: bool,
    },
    /// A session file's documents, labels and order.
    Import {
        docs: Vec<StoredDoc>,
        order: Vec<String>,
    },
    /// The "don't keep on this device" switch.
    SetKeep(bool),
    /// The browser refused storage; the page keeps working in memory.
    StorageUnavailable(String),
    DismissStorageNote,
    /// An export was asked of the worker / has been downloaded.
    Exporting(Option<crate::report::export::Format>),
}

impl From<SessionDoc> for StoredDoc {
    fn from(d: SessionDoc) -> Self {
        Self {
            key: d.id,
            name: d.name,
            text: d.text,
            label: d.label,
            date: d.date,
            outlet: d.outlet,
            about: d.about,
            left_out: d.left_out,
        }
    }
}

impl State {
    /// What the views show: the current analysis, or — when the current documents' analysis
    /// was cancelled or failed — the last good one (`true`: it is of earlier documents).
    pub fn shown(&self) -> Option<(SharedAnalysis, Rc<Presentation>, bool)> {
        match self.current() {
            Some(a) => Some((a.clone(), self.presentation.clone(), false)),
            None if self.cancelled => self
                .last_good
                .as_ref()
                .map(|(a, p)| (a.clone(), p.clone(), true)),
            None => None,
        }
    }

    /// The analysis, if it matches the documents on screen.
    /// The meaning pass's vectors, if they belong to the current documents.
    pub fn meaning(&self) -> Option<Meaning> {
        let (ids, meaning) = self.vectors.as_ref()?;
        (ids.len() == self.docs.len() && ids.iter().zip(&self.docs).all(|(a, d)| *a == d.id))
            .then(|| (**meaning).clone())
    }

    /// Whether the current analysis was made with the meaning pass's vectors.
    pub fn has_meaning(&self) -> bool {
        self.current().is_some()
            && self.vectors.as_ref().is_some_and(|(ids, _)| {
                ids.len() == self.docs.len() && ids.iter().zip(&self.docs).all(|(a, d)| *a == d.id)
            })
    }

    pub fn current(&self) -> Option<&SharedAnalysis> {
        self.analysis
            .as_ref()
            .filter(|(rev, _)| *rev == self.revision)
            .map(|(_, a)| a)
    }

    /// Whether an analysis of the current documents is still on its way.
    pub fn pending(&self) -> bool {
        !self.docs.is_empty() && self.current().is_none() && !self.cancelled
    }

    /// Index (analysis order) of the document with stable id `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.key == key)
    }

    /// Document indices in display order.
    pub fn display_order(&self) -> Vec<usize> {
        self.order
            .iter()
            .filter_map(|id| self.docs.iter().position(|d| d.id == *id))
            .collect()
    }

    /// The side-by-side columns as document indices: the chosen ones that still exist, else
    /// the first two in display order.
    pub fn columns(&self) -> Vec<usize> {
        let chosen: Vec<usize> = self
            .route
            .columns
            .iter()
            .filter_map(|k| self.index_of(k))
            .collect();
        if chosen.len() >= 2 || self.docs.len() < 2 {
            return chosen;
        }
        let mut cols = chosen;
        for d in self.display_order() {
            if cols.len() >= 2 {
                break;
            }
            if !cols.contains(&d) {
                cols.push(d);
            }
        }
        cols
    }

    /// The story-map filter in analysis indices.
    pub fn row_filter(&self) -> rows::Filter {
        match &self.filter {
            Filter::All => rows::Filter::All,
            Filter::SharedByAll => rows::Filter::SharedByAll,
            Filter::Shared => rows::Filter::Shared,
            Filter::Unique => rows::Filter::Unique,
            Filter::LeftOutBy(k) => self
                .index_of(k)
                .map_or(rows::Filter::All, rows::Filter::LeftOutBy),
        }
    }

    /// The story-map order in analysis indices.
    pub fn rows_order(&self) -> rows::RowOrder {
        match &self.row_order {
            RowOrder::Story => rows::RowOrder::Story,
            RowOrder::WidelyShared => rows::RowOrder::WidelyShared,
            RowOrder::Source(k) => self
                .index_of(k)
                .map_or(rows::RowOrder::Story, rows::RowOrder::Source),
        }
    }

    /// The documents as stored in the browser / written to a session file.
    pub fn stored_docs(&self) -> Vec<StoredDoc> {
        self.docs.iter().map(Doc::stored).collect()
    }

    /// Display order as stable ids.
    pub fn order_keys(&self) -> Vec<String> {
        self.display_order()
            .into_iter()
            .map(|i| self.docs[i].key.clone())
            .collect()
    }

    fn add(&mut self, incoming: Incoming) -> Option<usize> {
        let Incoming { source, id, words } = incoming;
        // Same name and same text (compared only where the text hashes alike).
        if self.docs.iter().any(|d| {
            d.source.name == source.name
                && d.key.split('-').next() == Some(id.as_str())
                && d.source.text == source.text
        }) {
            self.errors
                .push(format!("{} is already loaded.", source.name));
            return None;
        }
        let mut key = id;
        let base = key.clone();
        let mut k = 1;
        while self.docs.iter().any(|d| d.key == key) {
            k += 1;
            key = format!("{base}-{k}");
        }
        self.next_id += 1;
        let label = format!("{:03}", self.next_label);
        self.next_label += 1;
        let outlet = source.about.outlet.clone();
        self.docs.push(Doc {
            id: self.next_id,
            key,
            source: Rc::new(source),
            words,
            label,
            date: None,
            outlet,
            colour: self.next_id as usize - 1,
        });
        self.order.push(self.next_id);
        Some(self.docs.len() - 1)
    }

    /// Adds stored or imported documents with their labels; `order` (stable ids) places
    /// them. Returns whether any was added.
    fn add_stored(&mut self, docs: Vec<StoredDoc>, order: &[String]) -> bool {
        let mut added = false;
        for s in docs {
            if self.docs.iter().any(|d| d.source.text == s.text) {
                continue;
            }
            let stored_key = s.key.clone();
            let source = SourceText {
                about: s.about,
                left_out: s.left_out,
                ..SourceText::new(s.name, s.text)
            };
            if let Some(i) = self.add(Incoming::new(source)) {
                let d = &mut self.docs[i];
                if !s.label.trim().is_empty() {
                    d.label = s.label.trim().to_string();
                }
                d.date = s.date.as_deref().and_then(iso_date);
                d.outlet = s.outlet.filter(|o| !o.trim().is_empty());
                // Keep the stored id when it is free (it is the hash of the same text unless
                // a duplicate got a suffix).
                if !stored_key.is_empty()
                    && stored_key.starts_with(&doc_id(&d.source.text))
                    && !self.docs.iter().any(|o| o.key == stored_key)
                {
                    self.docs[i].key = stored_key;
                }
                added = true;
            }
        }
        if !order.is_empty() {
            let mut placed: Vec<u32> = order
                .iter()
                .filter_map(|k| self.docs.iter().find(|d| &d.key == k).map(|d| d.id))
                .collect();
            for id in &self.order {
                if !placed.contains(id) {
                    placed.push(*id);
                }
            }
            self.order = placed;
        }
        added
    }

    /// Rebuilds the presentation if what it shows changed.
    fn refresh_presentation(&mut self) {
        let detected = |i: usize| {
            self.current()
                .and_then(|a| a.documents.get(i))
                .and_then(|d| d.date.clone())
        };
        let docs: Vec<DocLabel> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| DocLabel {
                id: d.key.clone(),
                name: d.source.name.clone(),
                label: d.label.clone(),
                date: d.date.clone().or_else(|| detected(i)),
                outlet: d.outlet.clone(),
                colour: d.colour,
            })
            .collect();
        let p = Presentation {
            docs,
            order: self.display_order(),
        };
        if *self.presentation != p {
            self.presentation = Rc::new(p);
        }
    }

    /// Forgets a selection that names documents no longer here.
    fn prune_selection(&mut self) {
        let keys: Vec<String> = self.docs.iter().map(|d| d.key.clone()).collect();
        self.route.columns.retain(|k| keys.contains(k));
        if let Some(s) = &self.route.source
            && !keys.contains(s)
        {
            self.route.source = None;
        }
        if let Filter::LeftOutBy(k) = &self.filter
            && !keys.contains(k)
        {
            self.filter = Filter::All;
        }
        if let RowOrder::Source(k) = &self.row_order
            && !keys.contains(k)
        {
            self.row_order = RowOrder::Story;
        }
    }
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed_docs = match action {
            Action::Reading(n) => {
                s.reading = Some(n);
                false
            }
            Action::AddFiles { docs, errors } => {
                s.reading = None;
                s.errors.extend(errors);
                let mut added = false;
                for source in docs {
                    added |= s.add(source).is_some();
                }
                added
            }
            Action::AddText(text) => {
                if text.trim().is_empty() {
                    return self;
                }
                s.pasted += 1;
                let name = format!("Pasted text {}", s.pasted);
                s.add(Incoming::new(SourceText::new(name, text))).is_some()
            }
            Action::LoadSample => {
                let mut added = false;
                for (name, text) in SAMPLE {
                    if !s.docs.iter().any(|d| d.source.name == name) {
                        added |= s.add(Incoming::new(SourceText::new(name, text))).is_some();
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
                s.order.retain(|&o| o != id);
                if s.docs.len() == before {
                    return self;
                }
                s.route.row = None;
                s.prune_selection();
                true
            }
            Action::AskClear => {
                if s.docs.is_empty() {
                    return self;
                }
                s.confirm_clear = true;
                false
            }
            Action::CancelClear => {
                if !s.confirm_clear {
                    return self;
                }
                s.confirm_clear = false;
                false
            }
            Action::Clear => {
                s.confirm_clear = false;
                if s.docs.is_empty() && s.errors.is_empty() {
                    return Rc::new(s);
                }
                s.docs.clear();
                s.order.clear();
                s.errors.clear();
                s.next_label = 0;
                s.route = Route::default();
                s.filter = Filter::All;
                s.row_order = RowOrder::Story;
                s.search.clear();
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
                if let Some(r) = s.route.row
                    && r >= analysis.clusters.len()
                {
                    s.route.row = None;
                }
                s.analysis = Some((revision, SharedAnalysis(analysis)));
                s.row_diffs = Rc::default();
                s.elapsed_ms = Some(elapsed_ms);
                s.engine_ms = engine_ms;
                s.memory_bytes = memory_bytes;
                s.progress = None;
                false
            }
            Action::Progress {
                revision,
                stage,
                done,
            } => {
                if revision != s.revision || s.cancelled || s.current().is_some() {
                    return self;
                }
                let p = Some((stage, stage.overall(done)));
                if p == s.progress {
                    return self;
                }
                s.progress = p;
                false
            }
            Action::Cancel => {
                if !s.pending() {
                    return self;
                }
                s.cancelled = true;
                s.progress = None;
                // Stopping the worker also stops the reading of files it was given.
                if let Some(n) = s.reading.take() {
                    s.errors.push(format!(
                        "Reading {n} file{} was stopped with the analysis: add them again.",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                false
            }
            Action::Reanalyse => {
                if s.docs.is_empty() {
                    return self;
                }
                true
            }
            Action::SetMeaningPass(pass) => {
                if s.meaning_pass == pass {
                    return self;
                }
                s.meaning_pass = pass;
                false
            }
            Action::MeaningVectors {
                ids,
                meaning,
                memory_bytes,
            } => {
                if !s.meaning_pass.is_on()
                    || ids.len() != s.docs.len()
                    || ids.iter().zip(&s.docs).any(|(a, d)| *a != d.id)
                {
                    return self;
                }
                s.vectors = Some((ids, meaning));
                s.meaning_pass = MeaningPass::On;
                if memory_bytes > 0 {
                    s.meaning_memory = memory_bytes;
                }
                // Analysed again, with the vectors.
                true
            }
            Action::MeaningOff => {
                let had = s.vectors.take().is_some();
                if !had && s.meaning_pass == MeaningPass::Off {
                    return self;
                }
                s.meaning_pass = MeaningPass::Off;
                had && !s.docs.is_empty()
            }
            Action::RowDiffs {
                revision,
                row,
                details,
            } => {
                if s.current().is_none() || revision != s.revision {
                    return self;
                }
                Rc::make_mut(&mut s.row_diffs).insert(row, Rc::new(details));
                false
            }
            Action::Failed { revision, message } => {
                if revision != s.revision {
                    return self;
                }
                s.errors.push(message);
                s.progress = None;
                s.cancelled = true;
                false
            }
            Action::Crashed { revision, detail } => {
                let was_running = revision == Some(s.revision) && s.pending();
                s.errors.push(if was_running {
                    format!(
                        "The analysis stopped on an internal error ({detail}). The analysis worker was restarted; press Analyse again to retry."
                    )
                } else {
                    format!("The analysis worker stopped on an internal error ({detail}) and was restarted.")
                });
                if was_running {
                    s.progress = None;
                    s.cancelled = true;
                }
                s.exporting = None;
                s.reading = None;
                false
            }
            Action::Error(message) => {
                s.errors.push(message);
                s.exporting = None;
                s.reading = None;
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
            Action::SetRowOrder(order) => {
                if order == s.row_order {
                    return self;
                }
                s.row_order = order;
                false
            }
            Action::SetSearch(search) => {
                if search == s.search {
                    return self;
                }
                s.search = search;
                false
            }
            Action::ToggleBoilerplate => {
                s.show_boilerplate = !s.show_boilerplate;
                false
            }
            Action::Navigate(route) => {
                if route == s.route {
                    return self;
                }
                s.route = route;
                false
            }
            Action::SetView(view) => {
                if view == s.route.view {
                    return self;
                }
                s.route.view = view;
                false
            }
            Action::SelectRow(row) => {
                if row == s.route.row {
                    return self;
                }
                s.route.row = row;
                false
            }
            Action::OpenRow(row) => {
                s.route.view = View::StoryMap;
                s.route.row = Some(row);
                false
            }
            Action::SelectSource(key) => {
                if key == s.route.source {
                    return self;
                }
                s.route.source = key;
                false
            }
            Action::SetColumns(mut keys) => {
                keys.retain(|k| s.index_of(k).is_some());
                keys.dedup();
                keys.truncate(4);
                if keys == s.route.columns {
                    return self;
                }
                s.route.columns = keys;
                false
            }
            Action::OpenSideBySide(mut keys) => {
                keys.retain(|k| s.index_of(k).is_some());
                keys.truncate(4);
                if keys.len() >= 2 {
                    s.route.columns = keys;
                }
                s.route.view = View::SideBySide;
                false
            }
            Action::Relabel {
                id,
                label,
                date,
                outlet,
            } => {
                let Some(d) = s.docs.iter_mut().find(|d| d.id == id) else {
                    return self;
                };
                let label = label.trim();
                if !label.is_empty() {
                    d.label = label.chars().take(40).collect();
                }
                let date = date.trim();
                if date.is_empty() {
                    d.date = None;
                } else if let Some(date) = iso_date(date) {
                    d.date = Some(date);
                } else {
                    let msg =
                        format!("“{date}” is not a date Parallax can use: write it as 2023-06-14.");
                    s.errors.push(msg);
                }
                let outlet = outlet.trim();
                d.outlet = (!outlet.is_empty()).then(|| outlet.chars().take(80).collect());
                false
            }
            Action::Move { id, to } => {
                let Some(from) = s.order.iter().position(|&o| o == id) else {
                    return self;
                };
                let to = to.min(s.order.len() - 1);
                if from == to {
                    return self;
                }
                let moved = s.order.remove(from);
                s.order.insert(to, moved);
                false
            }
            Action::Restore {
                docs,
                order,
                route,
                keep,
            } => {
                s.storage = if keep { Storage::On } else { Storage::Off };
                // Documents added before the store answered stay, after the stored ones.
                let before = std::mem::take(&mut s.docs);
                let before_order = std::mem::take(&mut s.order);
                let added = s.add_stored(docs, &order);
                for d in before {
                    if !s.docs.iter().any(|x| x.source.text == d.source.text) {
                        s.order.push(d.id);
                        s.docs.push(d);
                    }
                }
                for id in before_order {
                    if !s.order.contains(&id) && s.docs.iter().any(|d| d.id == id) {
                        s.order.push(id);
                    }
                }
                if let Some(route) = route {
                    s.route = route;
                }
                s.prune_selection();
                added
            }
            Action::Import { docs, order } => {
                s.reading = None;
                let added = s.add_stored(docs, &order);
                s.prune_selection();
                if !added {
                    s.errors
                        .push("The session's documents are all loaded already.".into());
                    s.refresh_presentation();
                    return Rc::new(s);
                }
                true
            }
            Action::SetKeep(keep) => {
                let storage = if keep { Storage::On } else { Storage::Off };
                if s.storage == storage || s.storage == Storage::Unavailable {
                    return self;
                }
                s.storage = storage;
                false
            }
            Action::StorageUnavailable(message) => {
                if s.storage == Storage::Unavailable {
                    return self;
                }
                s.storage = Storage::Unavailable;
                s.storage_note = Some(message);
                false
            }
            Action::DismissStorageNote => {
                if s.storage_note.is_none() {
                    return self;
                }
                s.storage_note = None;
                false
            }
            Action::Exporting(format) => {
                if s.exporting == format {
                    return self;
                }
                s.exporting = format;
                false
            }
        };
        if changed_docs {
            s.revision += 1;
            s.cancelled = false;
            s.progress = None;
            s.row_diffs = Rc::default();
        }
        s.refresh_presentation();
        if s.docs.is_empty() {
            s.last_good = None;
        } else if let Some(a) = s.current() {
            let same = s
                .last_good
                .as_ref()
                .is_some_and(|(g, p)| Rc::ptr_eq(&g.0, &a.0) && Rc::ptr_eq(p, &s.presentation));
            if !same {
                s.last_good = Some((a.clone(), s.presentation.clone()));
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use yew::Reducible;

    use super::*;

    fn sample_state() -> Rc<State> {
        Rc::new(State::default()).reduce(Action::LoadSample)
    }

    fn analysed(s: Rc<State>) -> Rc<State> {
        let docs: Vec<SourceText> = s.docs.iter().map(|d| (*d.source).clone()).collect();
        let analysis = Rc::new(crate::engine::analyze(
            &docs,
            &crate::engine::Options::default(),
        ));
        let revision = s.revision;
        s.reduce(Action::Analyzed {
            revision,
            analysis,
            elapsed_ms: 1.0,
            engine_ms: 1.0,
            memory_bytes: 0,
        })
    }

    #[test]
    fn the_meaning_pass_reanalyses_with_vectors_for_the_current_documents_only() {
        let s = analysed(sample_state());
        assert!(!s.meaning_pass.is_on());
        let s = s.reduce(Action::SetMeaningPass(MeaningPass::Loading { file: 0 }));
        assert!(s.meaning_pass.is_on() && s.meaning_pass.is_busy());
        assert!(s.meaning().is_none() && !s.has_meaning());
        let ids: Vec<u32> = s.docs.iter().map(|d| d.id).collect();
        let meaning = Rc::new(Meaning::new(Vec::new()));
        // Vectors for other documents are dropped.
        let stale = s.clone().reduce(Action::MeaningVectors {
            ids: ids[1..].to_vec(),
            meaning: meaning.clone(),
            memory_bytes: 0,
        });
        assert!(Rc::ptr_eq(&stale, &s));
        let revision = s.revision;
        let s = s.reduce(Action::MeaningVectors {
            ids: ids.clone(),
            meaning,
            memory_bytes: 200 << 20,
        });
        assert_eq!(s.meaning_memory, 200 << 20);
        assert_eq!(s.revision, revision + 1, "analysed again");
        assert_eq!(s.meaning_pass, MeaningPass::On);
        assert!(s.meaning().is_some());
        let s = analysed(s);
        assert!(s.has_meaning());
        // A document removed: the vectors no longer belong, the pass stays on.
        let s = s.reduce(Action::Remove(ids[4]));
        assert!(s.meaning().is_none() && s.meaning_pass.is_on());
        // Off: the lexical map again (a new analysis), and nothing to send.
        let s = s.reduce(Action::MeaningOff);
        assert_eq!(s.meaning_pass, MeaningPass::Off);
        assert!(s.vectors.is_none());
        let s = s.reduce(Action::SetMeaningPass(MeaningPass::Failed(
            "no model".into(),
        )));
        assert!(!s.meaning_pass.is_on());
    }

    #[test]
    fn a_failed_or_crashed_analysis_keeps_the_last_good_result() {
        let s = analysed(sample_state());
        let good = s.current().unwrap().clone();
        let (_, _, earlier) = s.shown().unwrap();
        assert!(!earlier);
        let s = s.reduce(Action::AddText("A sixth report, added later.".into()));
        assert!(
            s.shown().is_none(),
            "while the new set is analysed, nothing stale shows"
        );
        let revision = s.revision;
        let failed = s.clone().reduce(Action::Failed {
            revision,
            message: "The analysis failed: boom".into(),
        });
        let (shown, p, earlier) = failed.shown().unwrap();
        assert!(earlier && Rc::ptr_eq(&shown.0, &good.0));
        assert_eq!(p.docs.len(), 5, "with its own labels");
        assert_eq!(failed.errors, ["The analysis failed: boom"]);
        let crashed = s.reduce(Action::Crashed {
            revision: Some(revision),
            detail: "RuntimeError: unreachable".into(),
        });
        assert!(crashed.shown().unwrap().2);
        assert!(
            crashed.errors[0].starts_with(
                "The analysis stopped on an internal error (RuntimeError: unreachable)"
            )
        );
        assert!(!crashed.pending());
        // Clearing everything forgets it.
        let cleared = crashed.reduce(Action::AskClear).reduce(Action::Clear);
        assert!(cleared.shown().is_none() && cleared.last_good.is_none());
    }

    /// What the worker makes of dropped files.
    fn files(files: &[(&str, &[u8])]) -> Action {
        let (mut docs, mut errors) = (Vec::new(), Vec::new());
        for (name, bytes) in files {
            match crate::engine::decode(name, bytes) {
                Ok(d) => docs.push(Incoming::new(d)),
                Err(e) => errors.push(e.to_string()),
            }
        }
        Action::AddFiles { docs, errors }
    }

    #[test]
    fn files_and_errors() {
        let s = Rc::new(State::default());
        let s = s.reduce(files(&[
            ("a.txt", b"One sentence here."),
            ("photo.png", b"\x89PNG\r\n"),
        ]));
        assert_eq!(s.docs.len(), 1);
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].starts_with("photo.png is not text"));
        assert_eq!(s.revision, 1);
        assert!(s.pending());
        assert_eq!(s.docs[0].key, doc_id("One sentence here."));
        assert_eq!(s.docs[0].label, "000");
    }

    #[test]
    fn sample_loads_once() {
        let s = sample_state();
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

    #[test]
    fn progress_of_a_stale_or_cancelled_run_is_ignored() {
        let s = sample_state();
        let rev = s.revision;
        let s = s.reduce(Action::Progress {
            revision: rev,
            stage: Stage::Aligning,
            done: 0.5,
        });
        assert_eq!(s.progress.map(|p| p.0), Some(Stage::Aligning));
        let stale = s.clone().reduce(Action::Progress {
            revision: rev - 1,
            stage: Stage::Diffs,
            done: 0.5,
        });
        assert!(Rc::ptr_eq(&s, &stale));
        let s = s.reduce(Action::Cancel);
        assert!(s.cancelled && s.progress.is_none() && !s.pending());
        let s = s.reduce(Action::Progress {
            revision: rev,
            stage: Stage::Diffs,
            done: 0.9,
        });
        assert!(s.progress.is_none(), "nothing moves after a cancel");
        let s = s.reduce(Action::Reanalyse);
        assert!(s.pending() && s.revision == rev + 1);
    }

    #[test]
    fn relabel_and_reorder_reach_the_presentation() {
        let s = analysed(sample_state());
        let id = s.docs[3].id;
        let s = s.reduce(Action::Relabel {
            id,
            label: " Al Jazeera ".into(),
            date: "2023-06-15".into(),
            outlet: "Al Jazeera".into(),
        });
        assert_eq!(s.presentation.docs[3].label, "Al Jazeera");
        assert_eq!(s.presentation.docs[3].date.as_deref(), Some("2023-06-15"));
        // The detected date stands where none was set.
        assert_eq!(s.presentation.docs[4].date.as_deref(), Some("2023-06-14"));
        let s = s.reduce(Action::Move { id, to: 0 });
        assert_eq!(s.presentation.order, [3, 0, 1, 2, 4]);
        assert_eq!(s.display_order(), [3, 0, 1, 2, 4]);
        let before = s.presentation.clone();
        let s = s.reduce(Action::SetSearch("qin".into()));
        assert!(Rc::ptr_eq(&before, &s.presentation), "unchanged: same Rc");
        let s = s.reduce(Action::Relabel {
            id,
            label: "AJ".into(),
            date: "June 15".into(),
            outlet: String::new(),
        });
        assert_eq!(
            s.docs[3].date.as_deref(),
            Some("2023-06-15"),
            "a bad date is refused"
        );
        assert!(s.errors.last().unwrap().contains("2023-06-14"));
    }

    #[test]
    fn removing_a_document_prunes_the_selection() {
        let s = analysed(sample_state());
        let key = s.docs[1].key.clone();
        let first = s.docs[0].key.clone();
        let s = s
            .reduce(Action::OpenSideBySide(vec![first, key.clone()]))
            .reduce(Action::SetFilter(Filter::LeftOutBy(key.clone())))
            .reduce(Action::SelectSource(Some(key.clone())));
        assert_eq!(s.route.view, View::SideBySide);
        assert_eq!(s.columns(), [0, 1]);
        let id = s.docs[1].id;
        let s = s.reduce(Action::Remove(id));
        assert_eq!(s.route.columns.len(), 1);
        assert_eq!(s.columns().len(), 2, "filled up from the display order");
        assert_eq!(s.filter, Filter::All);
        assert_eq!(s.route.source, None);
    }

    #[test]
    fn restore_keeps_labels_order_and_place() {
        let s = sample_state();
        let id = s.docs[2].id;
        let s = s
            .reduce(Action::Relabel {
                id,
                label: "DE".into(),
                date: String::new(),
                outlet: "Der Standard".into(),
            })
            .reduce(Action::Move { id, to: 0 });
        let stored = s.stored_docs();
        let order = s.order_keys();
        let route = Route {
            view: View::Sources,
            row: Some(3),
            source: Some(stored[2].key.clone()),
            columns: Vec::new(),
        };
        let r = Rc::new(State::default()).reduce(Action::Restore {
            docs: stored.clone(),
            order: order.clone(),
            route: Some(route.clone()),
            keep: true,
        });
        assert_eq!(r.docs.len(), 5);
        assert_eq!(r.docs[2].label, "DE");
        assert_eq!(r.docs[2].outlet.as_deref(), Some("Der Standard"));
        assert_eq!(r.order_keys(), order);
        assert_eq!(r.route, route);
        assert_eq!(r.storage, Storage::On);
        assert!(r.pending(), "restored texts are analysed afresh");
        // An import of the same session adds nothing and says so.
        let again = r.reduce(Action::Import {
            docs: stored,
            order,
        });
        assert_eq!(again.docs.len(), 5);
        assert!(again.errors.last().unwrap().contains("already"));
    }

    #[test]
    fn reading_shows_until_the_files_arrive() {
        let s = Rc::new(State::default()).reduce(Action::Reading(3));
        assert_eq!(s.reading, Some(3));
        let s = s.reduce(files(&[("a.txt", b"One sentence here.")]));
        assert_eq!(s.reading, None);
        let s = s
            .reduce(Action::Reading(2))
            .reduce(Action::Error("bad.json cannot be read.".into()));
        assert_eq!(s.reading, None);
        // Cancel while files are read: they are lost, and the page says so.
        let s = s.reduce(Action::Reading(4)).reduce(Action::Cancel);
        assert_eq!(s.reading, None);
        assert!(
            s.errors
                .last()
                .unwrap()
                .starts_with("Reading 4 files was stopped")
        );
    }

    #[test]
    fn clear_asks_first() {
        let s = sample_state().reduce(Action::AskClear);
        assert!(s.confirm_clear && s.docs.len() == 5);
        let s = s.reduce(Action::CancelClear);
        assert!(!s.confirm_clear && s.docs.len() == 5);
        let s = s.reduce(Action::AskClear).reduce(Action::Clear);
        assert!(s.docs.is_empty() && !s.confirm_clear);
        let s = s.reduce(Action::LoadSample);
        assert_eq!(s.docs[0].label, "000", "labels start again");
    }

    #[test]
    fn same_text_twice_gets_distinct_ids() {
        let s = Rc::new(State::default()).reduce(files(&[
            ("a.txt", b"Same words."),
            ("b.txt", b"Same words."),
        ]));
        assert_eq!(s.docs.len(), 2);
        assert_ne!(s.docs[0].key, s.docs[1].key);
        assert!(s.docs[1].key.ends_with("-2"));
    }
}
