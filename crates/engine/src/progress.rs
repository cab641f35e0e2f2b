//! How far an analysis has come, for a progress bar: one interface for the page's worker
//! and the command-line tool.
//!
//! The engine calls [`Progress::report`] at every stage and often enough within each (about
//! every hundredth of the work) that a bar moves several times a second even on a thousand
//! articles. It never reads a clock: it stays deterministic, and the caller decides how
//! often to show anything.
//!
//! ```
//! use parallax_engine::{analyze_with_progress, Options, SourceText, Stage};
//! let docs = [SourceText::new("a.txt", "One line."), SourceText::new("b.txt", "One line.")];
//! let mut seen = Vec::new();
//! analyze_with_progress(&docs, &Options::default(), &mut |stage: Stage, _done: f32| seen.push(stage));
//! assert_eq!(seen.first(), Some(&Stage::Reading));
//! assert_eq!(seen.last(), Some(&Stage::Facts));
//! ```

use serde::{Deserialize, Serialize};

/// A stage of the analysis, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// Structure, metadata and page debris of each document.
    Reading,
    /// Sentences and words of each document.
    Segmenting,
    /// Candidate pairs, their scores and the story-map rows.
    Aligning,
    /// Word diffs inside each shared row.
    Diffs,
    /// Verbatim passages and article similarity.
    Comparing,
    /// Quotes and the facts on which sources disagree.
    Facts,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 6] = [
        Stage::Reading,
        Stage::Segmenting,
        Stage::Aligning,
        Stage::Diffs,
        Stage::Comparing,
        Stage::Facts,
    ];

    /// A word for people ("reading", "aligning"…).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reading => "reading",
            Self::Segmenting => "segmenting",
            Self::Aligning => "aligning",
            Self::Diffs => "word diffs",
            Self::Comparing => "comparing",
            Self::Facts => "quotes and facts",
        }
    }

    /// Share of a typical analysis' time spent before this stage and in it (measured on
    /// generated sets of 200 and 1,000 articles), so one bar can cover the whole run.
    fn span(self) -> (f32, f32) {
        match self {
            Self::Reading => (0.0, 0.08),
            Self::Segmenting => (0.08, 0.35),
            Self::Aligning => (0.35, 0.85),
            Self::Diffs => (0.85, 0.9),
            Self::Comparing => (0.9, 0.96),
            Self::Facts => (0.96, 1.0),
        }
    }

    /// The fraction of the whole analysis done when this stage is `done` (0–1) complete.
    pub fn overall(self, done: f32) -> f32 {
        let (a, b) = self.span();
        a + (b - a) * done.clamp(0.0, 1.0)
    }
}

/// Receives progress: the stage and how much of it is done, in [0, 1].
pub trait Progress {
    fn report(&mut self, stage: Stage, done: f32);
}

impl<F: FnMut(Stage, f32)> Progress for F {
    fn report(&mut self, stage: Stage, done: f32) {
        self(stage, done)
    }
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {
    fn report(&mut self, _stage: Stage, _done: f32) {}
}

/// Reports one stage in about a hundred steps: `tick(i)` for each of `total` items costs a
/// comparison, and a report only when another hundredth is done.
pub(crate) struct Ticker<'p> {
    progress: &'p mut dyn Progress,
    stage: Stage,
    total: usize,
    step: usize,
    next: usize,
}

impl<'p> Ticker<'p> {
    pub fn new(progress: &'p mut dyn Progress, stage: Stage, total: usize) -> Self {
        progress.report(stage, 0.0);
        let step = (total / 100).max(1);
        Self {
            progress,
            stage,
            total,
            step,
            next: step,
        }
    }

    /// Item `i` (0-based) is done.
    #[inline]
    pub fn tick(&mut self, i: usize) {
        if i + 1 >= self.next {
            self.next = i + 1 + self.step;
            self.progress
                .report(self.stage, (i + 1) as f32 / self.total.max(1) as f32);
        }
    }

    /// Reports a fraction directly (for stages made of unequal parts).
    pub fn at(&mut self, done: f32) {
        self.progress.report(self.stage, done);
    }
}

impl Drop for Ticker<'_> {
    fn drop(&mut self) {
        self.progress.report(self.stage, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticker_reports_about_a_hundred_times_and_ends_at_one() {
        let mut seen = Vec::new();
        {
            let mut f = |_: Stage, d: f32| seen.push(d);
            let mut t = Ticker::new(&mut f, Stage::Aligning, 10_000);
            for i in 0..10_000 {
                t.tick(i);
            }
        }
        assert!((100..=103).contains(&seen.len()), "{} reports", seen.len());
        assert_eq!(seen.first(), Some(&0.0));
        assert_eq!(seen.last(), Some(&1.0));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "never goes back");
    }

    #[test]
    fn overall_fraction_grows_through_the_stages() {
        let mut last = 0.0;
        for stage in Stage::ALL {
            for d in [0.0, 0.5, 1.0] {
                let f = stage.overall(d);
                assert!(f >= last, "{stage:?} {d}");
                last = f;
            }
        }
        assert_eq!(last, 1.0);
    }
}
