//! The `Analysis` contract: what the engine produces and every face consumes.
//!
//! The JSON form is documented by `schema/analysis.schema.json`; bump [`VERSION`] whenever a
//! field changes meaning or disappears. Indices (`doc`, `sentence`) are 0-based; `start`/`end`
//! are byte offsets into the document's decoded text (see [`crate::decode`]).
//!
//! Trap: these types cross the worker boundary with bincode, which is not self-describing.
//! Never use `skip_serializing_if`, `flatten` or untagged enums here.

use serde::{Deserialize, Serialize};

/// Version of the `Analysis` format.
pub const VERSION: u32 = 3;

/// Everything the engine knows about a set of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub version: u32,
    pub documents: Vec<Document>,
    /// The story-map rows, in story order. Every sentence of every document is a member of
    /// exactly one cluster.
    pub clusters: Vec<Cluster>,
    /// Verbatim runs of at least [`crate::Options::min_passage_tokens`] tokens shared
    /// by two documents.
    pub passages: Vec<Passage>,
    pub similarity: Similarity,
    pub quotes: Vec<Quote>,
    pub discrepancies: Vec<Discrepancy>,
}

/// One input document, as the engine understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub name: String,
    /// The heading line, when the document starts with one.
    pub title: Option<String>,
    /// Publication date as written in the document, normalised to ISO 8601 (`2023-06-14`).
    pub date: Option<String>,
    /// Update date ("Updated on … at 12:11 pm"), ISO 8601, with the time when given.
    pub updated: Option<String>,
    /// Source / credit line ("Al Jazeera and news agencies", "ats / afp").
    pub source: Option<String>,
    /// The outlet that published it, when the file says (a web page's `og:site_name`).
    #[serde(default)]
    pub outlet: Option<String>,
    /// The byline, when the file says (a web page's author).
    #[serde(default)]
    pub byline: Option<String>,
    /// Words of the file left out as page furniture (navigation, captions, related links).
    #[serde(default)]
    pub left_out_words: usize,
    /// ISO 639-3 code of the detected language (`eng`, `fra`…), if detection was confident.
    pub language: Option<String>,
    /// Things the reader should know about how the text was read (lossy decoding…).
    pub warnings: Vec<String>,
    /// Words outside boilerplate.
    pub word_count: usize,
    pub sentences: Vec<Sentence>,
}

/// A sentence (or a line that stands alone: heading, caption, date line) with its byte span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// The original text, exactly `text[start..end]` of the decoded document.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Page debris (advertisement markers, links, captions, bios…): shown dimmed, never
    /// deleted, never aligned.
    pub boilerplate: bool,
    pub kind: SentenceKind,
    /// 0-based paragraph (block of lines) the sentence belongs to.
    pub paragraph: usize,
}

/// What a line or sentence is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SentenceKind {
    /// Running text.
    Body,
    /// The document's heading line.
    Title,
    /// A subheading inside the text ("First since 2018").
    Heading,
    /// A line that only gives a date ("June 21, 2024", "Updated on 06/14/2023 at 12:11 pm").
    Date,
    /// A source or credit line ("Source: Al Jazeera and news agencies").
    Credit,
    /// "Advertisement", "Read more", share prompts.
    Advertisement,
    /// "See also …", "More important news" and similar links to other articles.
    Link,
    /// Photo captions and photo credits.
    Caption,
    /// Section labels ("International Relations").
    Section,
    /// Author biographies.
    Bio,
}

impl SentenceKind {
    /// Whether this kind is page debris rather than reporting.
    pub fn is_boilerplate(self) -> bool {
        !matches!(self, Self::Body | Self::Title | Self::Heading)
    }
}

/// A (document, sentence) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceRef {
    pub doc: usize,
    pub sentence: usize,
}

/// How a member of a row relates to the row's representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Equal after folding case, quotes, dashes and punctuation.
    Identical,
    /// Light edits: most words the same, in the same order.
    Near,
    /// The same claim in other words.
    Paraphrase,
    /// The same claim by meaning: the sentences' vectors from a sentence-embedding model are
    /// close (the optional meaning pass); `score` is their cosine.
    Meaning,
    /// One sentence covers part of the other (or one sentence maps to two).
    Partial,
    /// The only member of its row.
    Unique,
}

impl Relation {
    /// Short lowercase name, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identical => "identical",
            Self::Near => "near",
            Self::Paraphrase => "paraphrase",
            Self::Meaning => "meaning",
            Self::Partial => "partial",
            Self::Unique => "unique",
        }
    }
}

/// A story-map row: sentences from different documents that carry the same passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Sorted by document, then sentence.
    pub members: Vec<Member>,
    pub representative: SentenceRef,
    /// Word diff of each non-representative member against the representative. Empty when the
    /// set was too large to diff eagerly; see [`crate::diff_row`].
    pub diffs: Vec<Diff>,
}

/// One sentence in a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub doc: usize,
    pub sentence: usize,
    pub relation: Relation,
    /// Similarity to the representative in [0, 1] (for the representative: its best link).
    pub score: f32,
    /// Why the sentence is in its row; `None` in a row of one.
    #[serde(default)]
    pub evidence: Option<MatchEvidence>,
}

impl Member {
    /// The member's sentence.
    pub fn at(&self) -> SentenceRef {
        SentenceRef {
            doc: self.doc,
            sentence: self.sentence,
        }
    }
}

/// Why a member is in its row, measured against the row's representative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchEvidence {
    /// The test that gave the member its grade.
    pub test: Test,
    /// What the test measured (see [`Test`]).
    pub value: f32,
    /// The least `value` that passes the test; `None` for a test without one.
    pub threshold: Option<f32>,
    /// Share of the representative's word weight the member matches, and of the member's
    /// weight the representative matches.
    pub cover: [f32; 2],
    /// For [`Test::Row`]: the member it is graded with best (then the most similar), with
    /// their score.
    pub link: Option<Link>,
    /// The content words the member shares with the representative, heaviest first. Empty
    /// when the set was too large to explain eagerly (like [`Cluster::diffs`]; see
    /// [`crate::explain_row`]) and for the representative itself.
    pub words: Vec<SharedWord>,
}

/// The test behind a member's grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// The representative: the member most similar to the others. `value`: its mean score.
    Representative,
    /// The same words after folding. `value`: 1.
    Identical,
    /// Word-sequence similarity (diff ratio over folded words). `value`: that ratio.
    Near,
    /// Weighted word overlap. `value`: the score.
    Paraphrase,
    /// Coverage of the smaller sentence by the larger. `value`: that coverage.
    Partial,
    /// One of two sentences of one document that carry the passage between them.
    /// `value`: the share of the member the representative matches.
    Split,
    /// Matched by meaning: the cosine of the two sentences' vectors (the meaning pass).
    /// `value`: that cosine.
    Meaning,
    /// No grade against the representative alone: in the row through another member, the one
    /// it is graded with best ([`MatchEvidence::link`]). `value`: the score against the
    /// representative.
    Row,
}

impl Test {
    /// Short lowercase name, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Representative => "representative",
            Self::Identical => "identical",
            Self::Near => "near",
            Self::Paraphrase => "paraphrase",
            Self::Partial => "partial",
            Self::Split => "split",
            Self::Meaning => "meaning",
            Self::Row => "row",
        }
    }
}

/// Another member of the row, and how similar it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub doc: usize,
    pub sentence: usize,
    pub score: f32,
}

/// A word of the member aligned to a word of the representative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SharedWord {
    /// Byte span of the word in the representative's document.
    pub rep: [usize; 2],
    /// Byte span of the word in the member's document.
    pub member: [usize; 2],
    /// Its weight in the score: how rare the word is in the two documents (IDF).
    pub weight: f32,
}

/// What a row shows when opened and an analysis of a large set left out: the members' word
/// diffs and their evidence's shared words (see [`crate::row_details`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowDetails {
    pub diffs: Vec<Diff>,
    /// The row's members with their shared words.
    pub members: Vec<Member>,
}

/// Word-level diff of one member against its row's representative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub doc: usize,
    pub sentence: usize,
    pub ops: Vec<DiffOp>,
}

/// One diff operation. `old` spans the representative's text, `new` the member's; both are
/// byte ranges `[start, end]` into their own document, empty (`start == end`) where absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    pub op: DiffTag,
    pub old: [usize; 2],
    pub new: [usize; 2],
}

/// Kind of a diff operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffTag {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// A byte span in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
}

/// A verbatim run shared by two documents (evidence of shared copy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    pub a: Span,
    pub b: Span,
    /// Length of the run in word tokens.
    pub tokens: usize,
}

/// How alike the documents are, pairwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    /// Symmetric N×N score in [0, 1]; 1 on the diagonal.
    pub matrix: Vec<Vec<f32>>,
    /// `containment[i][j]`: share of document i's text that document j also carries.
    pub containment: Vec<Vec<f32>>,
    /// Sets of documents that likely derive from the same copy.
    pub groups: Vec<Group>,
}

/// Documents that likely share an origin, and why we think so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub docs: Vec<usize>,
    pub evidence: Vec<Evidence>,
}

/// Why two documents are grouped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
    /// Rows the two share at any grade.
    pub shared_rows: usize,
    /// Rows where the two are identical or near-identical to each other.
    pub close_rows: usize,
    /// Verbatim passages the two share, and the longest one in tokens.
    pub passages: usize,
    pub longest_passage: usize,
    /// One sentence, for people.
    pub summary: String,
}

/// `rows[d][s]`: the story-map row of document `d`'s sentence `s` (every sentence stands in
/// exactly one row).
pub fn sentence_rows<'d>(
    documents: impl IntoIterator<Item = &'d Document>,
    clusters: &[Cluster],
) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = documents
        .into_iter()
        .map(|d| vec![0; d.sentences.len()])
        .collect();
    for (r, c) in clusters.iter().enumerate() {
        for m in &c.members {
            if let Some(slot) = rows.get_mut(m.doc).and_then(|v| v.get_mut(m.sentence)) {
                *slot = r;
            }
        }
    }
    rows
}

/// A quotation and its variants across sources: the same words quoted by several documents
/// (or twice by one), plus the sentences that report it without quotation marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The resolved speaker most variants give.
    pub speaker: Option<String>,
    /// One per occurrence; the fullest quoted variant first.
    pub variants: Vec<QuoteVariant>,
    pub flags: Vec<QuoteFlag>,
    /// The story-map row of the fullest variant's sentence.
    pub row: Option<usize>,
}

/// One occurrence of a quote in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub doc: usize,
    /// The sentence where the quoted words start.
    pub sentence: usize,
    /// Byte offsets of the quoted words (marks excluded); for a paraphrased variant, the
    /// sentence.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// False for a variant that reports the statement without quotation marks.
    pub quoted: bool,
    /// The speaker this variant's mention resolves to: a name that occurs in this document.
    pub speaker: Option<String>,
    /// The words that attribute the quote ("Scholz", "he", "a senior official"), at most
    /// eight words.
    pub speaker_mention: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    /// The cue ("said", "told", "according to", ":").
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    /// Word diff of the quoted words against the first (fullest) variant's; empty for the
    /// first variant and for paraphrased ones.
    pub diff: Vec<DiffOp>,
}

/// How the variants of a quote differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteFlag {
    /// A variant is a shorter excerpt of another's words.
    Truncated,
    /// The quoted words themselves differ.
    Wording,
    /// A source reports the statement without quotation marks.
    Paraphrased,
    /// Variants attribute it to different speakers.
    Speaker,
    /// Variants use different cue verbs ("said" / "claimed").
    Cue,
}

impl QuoteFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Truncated => "truncated",
            Self::Wording => "wording",
            Self::Paraphrased => "paraphrased",
            Self::Speaker => "speaker",
            Self::Cue => "cue",
        }
    }

    /// What the flag means, for people.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Truncated => "a source quotes only part of it",
            Self::Wording => "the quoted words differ",
            Self::Paraphrased => "a source reports it without quotation marks",
            Self::Speaker => "sources attribute it to different speakers",
            Self::Cue => "sources introduce it with different verbs",
        }
    }
}

/// A name, number, date or place on which sources disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    pub kind: FactKind,
    /// Each way the sources write it; at least two.
    pub variants: Vec<FactVariant>,
    /// Story-map rows it touches (sorted).
    pub rows: Vec<usize>,
    /// How sure we are that the sources really disagree, in [0, 1].
    pub confidence: f32,
    /// One sentence, for people.
    pub explanation: String,
}

/// What a discrepancy is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Name,
    Number,
    Date,
    Place,
    Other,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Number => "number",
            Self::Date => "date",
            Self::Place => "place",
            Self::Other => "other",
        }
    }
}

/// One way of writing a fact, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactVariant {
    pub text: String,
    /// Documents that write it (sorted).
    pub docs: Vec<usize>,
    /// Every place it is written.
    pub spans: Vec<Span>,
}
