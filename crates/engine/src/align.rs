//! N-way alignment: which sentences of different documents carry the same passage.
//!
//! 1. **Candidates** come from an inverted index over stems and over word pairs: each
//!    sentence probes it with its rarest stems and word pairs, never with one found in more
//!    than [`POSTINGS_CAP`] sentences, so the work grows with the set rather than its square;
//!    a pair is kept if its word-for-word overlap could reach a grade. Never all pairs.
//! 2. **Scoring** ([`super::score`]) grades each candidate by the IDF of its two documents
//!    alone, so a pair scores the same whatever else is loaded; a pair just under the
//!    threshold is lifted when its neighbours on both sides are matched (position context).
//! 3. **Clustering** merges the strongest links first. Two rows merge only if they share no
//!    document and *every* pair across them is linked at least weakly, so A~B and B~C cannot
//!    drag an unrelated C into the row. Sentences that cover part of a row's sentence join it
//!    as `partial`, even from a document already present (one sentence matched by two); a
//!    lone sentence that covers a row's sentence joins that row if its document is not in it.
//! 4. **Order**: a row several sources carry stands at the median of where its sentences sit
//!    in their articles; a line of one source stands at its place in its own article, held
//!    between the shared rows around it there (see `story_order`).

use rustc_hash::{FxHashMap, FxHashSet};

use super::meaning;
use super::model::{Link, MatchEvidence, Member, Relation, SentenceRef, Test};
use super::progress::{Progress, Stage};
use super::score::{
    Bag, Grades, IDF_FLOOR, IDF_PSEUDO, PairScore, STOP_WEIGHT, Weighed, overlap, score_weighed,
};
use super::tokens::Vocab;

/// A weak link: every pair in a row must be at least this similar.
const ROW_LINK_MIN: f32 = 0.2;
/// Pairs within this distance under the paraphrase threshold can be lifted by context.
const CONTEXT_MARGIN: f32 = 0.08;

/// One document as the aligner sees it.
pub struct DocInput<'a> {
    pub bags: &'a [Bag],
    /// Boilerplate sentences are never aligned (each is a row of its own).
    pub skip: Vec<bool>,
}

/// A row before diffs: members (their evidence without its words) and the representative.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub members: Vec<Member>,
    pub representative: SentenceRef,
}

struct Ids {
    offsets: Vec<usize>,
    doc_of: Vec<u32>,
}

impl Ids {
    fn new(docs: &[DocInput<'_>]) -> Self {
        let mut offsets = Vec::with_capacity(docs.len() + 1);
        let mut doc_of = Vec::new();
        offsets.push(0);
        for (d, doc) in docs.iter().enumerate() {
            doc_of.extend(std::iter::repeat_n(d as u32, doc.bags.len()));
            offsets.push(doc_of.len());
        }
        Self { offsets, doc_of }
    }

    fn len(&self) -> usize {
        self.doc_of.len()
    }

    fn sref(&self, g: usize) -> SentenceRef {
        let doc = self.doc_of[g] as usize;
        SentenceRef {
            doc,
            sentence: g - self.offsets[doc],
        }
    }
}

/// How often each stem occurs in a document's sentences (outside boilerplate).
struct DocStems {
    sentences: usize,
    /// `(stem, sentences)`, sorted by stem.
    df: Vec<(u32, u32)>,
    /// For each sentence, the in-document count of each of its stems (in bag order).
    own: Vec<Vec<u32>>,
}

impl DocStems {
    fn new(doc: &DocInput<'_>) -> Self {
        let mut sentences = 0;
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        for (bag, &skip) in doc.bags.iter().zip(&doc.skip) {
            if skip {
                continue;
            }
            sentences += 1;
            for &(stem, _) in &bag.stems {
                *counts.entry(stem).or_default() += 1;
            }
        }
        let own = doc
            .bags
            .iter()
            .map(|bag| {
                bag.stems
                    .iter()
                    .map(|s| counts.get(&s.0).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        let mut df: Vec<(u32, u32)> = counts.into_iter().collect();
        df.sort_unstable();
        Self { sentences, df, own }
    }

    fn df(&self, stem: u32) -> u32 {
        self.df
            .binary_search_by_key(&stem, |d| d.0)
            .map_or(0, |i| self.df[i].1)
    }
}

/// `ln(d + 0.5)` for the document frequencies of a pair of documents, which are small.
struct LnTable(Vec<f32>);

impl LnTable {
    fn new() -> Self {
        Self((0..1024).map(|d| (d as f32 + 0.5).ln()).collect())
    }

    fn get(&self, d: u32) -> f32 {
        self.0
            .get(d as usize)
            .copied()
            .unwrap_or_else(|| (d as f32 + 0.5).ln())
    }
}

/// Scores pairs on demand and remembers them. Identical sentences share a representative,
/// so each distinct pair of texts is scored once.
///
/// A pair is weighed by the word frequencies of its two documents alone, as if they were the
/// whole set: the score of two sentences depends on their two articles, never on which other
/// articles are loaded, so adding a document cannot undo a match between two others.
struct Scorer<'a> {
    docs: &'a [DocInput<'a>],
    ids: &'a Ids,
    vocab: &'a Vocab,
    rep_of: &'a [u32],
    stems: Vec<DocStems>,
    ln: LnTable,
    buffers: [Vec<(u32, f32)>; 2],
    cache: FxHashMap<(u32, u32), PairScore>,
}

impl Scorer<'_> {
    fn bag(&self, g: usize) -> &Bag {
        let r = self.ids.sref(g);
        &self.docs[r.doc].bags[r.sentence]
    }

    /// Scores two sentences of different documents with the IDF of those two documents
    /// (what `score::Idf::of` gives when they are the whole set).
    fn score_alone(&mut self, a: usize, b: usize) -> PairScore {
        let (ra, rb) = (self.ids.sref(a), self.ids.sref(b));
        let (da, db) = (&self.stems[ra.doc], &self.stems[rb.doc]);
        let top = (da.sentences + db.sentences) as f32 + IDF_PSEUDO;
        let top = top.ln();
        let mut totals = [0.0f32; 2];
        for (k, (r, own, other)) in [(ra, da, db), (rb, db, da)].into_iter().enumerate() {
            let bag = &self.docs[r.doc].bags[r.sentence];
            let buf = &mut self.buffers[k];
            buf.clear();
            for ((&(stem, _), &stop), &df) in
                bag.stems.iter().zip(&bag.stop).zip(&own.own[r.sentence])
            {
                let w = (top - self.ln.get(df + other.df(stem))).max(IDF_FLOOR);
                let w = if stop { w * STOP_WEIGHT } else { w };
                totals[k] += w;
                buf.push((stem, w));
            }
        }
        let view = |k: usize, g: usize| Weighed {
            stems: &self.buffers[k],
            total: totals[k],
            numbers: &self.bag(g).numbers,
        };
        score_weighed(view(0, a), view(1, b), self.vocab)
    }

    fn get(&mut self, a: usize, b: usize) -> PairScore {
        let (ra, rb) = (self.rep_of[a], self.rep_of[b]);
        if ra == rb {
            return PairScore {
                score: 1.0,
                cover_a: 1.0,
                cover_b: 1.0,
            };
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        let s = match self.cache.get(&(lo, hi)) {
            Some(s) => *s,
            None => {
                let s = self.score_alone(lo as usize, hi as usize);
                self.cache.insert((lo, hi), s);
                s
            }
        };
        if ra < rb { s } else { swap(s) }
    }
}

/// For each sentence, the first sentence with the same folded words (itself if none).
/// Boilerplate is never merged.
fn representatives(docs: &[DocInput<'_>], ids: &Ids) -> Vec<u32> {
    let mut first: FxHashMap<&[u32], u32> = FxHashMap::default();
    (0..ids.len())
        .map(|g| {
            let r = ids.sref(g);
            let bag = &docs[r.doc].bags[r.sentence];
            if docs[r.doc].skip[r.sentence] || bag.words.is_empty() {
                return g as u32;
            }
            *first.entry(bag.words.as_slice()).or_insert(g as u32)
        })
        .collect()
}

fn swap(s: PairScore) -> PairScore {
    PairScore {
        score: s.score,
        cover_a: s.cover_b,
        cover_b: s.cover_a,
    }
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    a: usize,
    b: usize,
    s: PairScore,
    relation: Relation,
}

/// Reports the aligner's progress: its steps take these shares of the stage.
struct Steps<'p> {
    progress: &'p mut dyn Progress,
    next: usize,
}

impl Steps<'_> {
    /// Item `i` of `total` of the step that spans `[lo, hi)` of the stage is done; reports
    /// about a hundred times per step.
    #[inline]
    fn tick(&mut self, i: usize, total: usize, lo: f32, hi: f32) {
        if i == 0 {
            self.next = 0;
        }
        if i >= self.next {
            self.next = i + (total / 100).max(1);
            let done = lo + (hi - lo) * i as f32 / total.max(1) as f32;
            self.progress.report(Stage::Aligning, done);
        }
    }
}

/// Aligns the documents' sentences into rows, in story order.
pub fn align(
    docs: &[DocInput<'_>],
    vocab: &Vocab,
    grades: &Grades,
    meaning: Option<&meaning::Index>,
    progress: &mut dyn Progress,
) -> Vec<Row> {
    let mut steps = Steps { progress, next: 0 };
    steps.tick(0, 1, 0.0, 0.0);
    let ids = Ids::new(docs);
    let rep_of = representatives(docs, &ids);
    let mut scorer = Scorer {
        docs,
        ids: &ids,
        vocab,
        rep_of: &rep_of,
        stems: docs.iter().map(DocStems::new).collect(),
        ln: LnTable::new(),
        buffers: [Vec::new(), Vec::new()],
        cache: FxHashMap::default(),
    };
    let candidates = candidates(docs, &ids, &rep_of, grades, &mut steps);
    let mut edges = Vec::new();
    let mut near_miss = Vec::new();
    let total = candidates.len();
    for (i, (a, b)) in candidates.into_iter().enumerate() {
        steps.tick(i, total, 0.3, 0.7);
        let s = scorer.get(a, b);
        match s.relation(scorer.bag(a), scorer.bag(b), grades) {
            Some(relation) => edges.push(Edge { a, b, s, relation }),
            None if s.score >= grades.paraphrase - CONTEXT_MARGIN => near_miss.push((a, b, s)),
            None => {}
        }
    }
    lift_by_context(&mut edges, near_miss, &ids, &rep_of);
    let mut clusters = cluster(&ids, &mut scorer, edges, grades, &mut steps);
    if let Some(index) = meaning {
        let skip = |g: usize| {
            let r = ids.sref(g);
            docs[r.doc].skip[r.sentence]
        };
        clusters = meaning::join(index, &ids.offsets, &ids.doc_of, &skip, clusters);
    }
    let order = story_order(docs, &ids, &clusters);
    let total = order.len();
    let rows = order
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            steps.tick(i, total, 0.9, 1.0);
            finish_row(&clusters[c], &ids, &mut scorer, grades, meaning)
        })
        .collect();
    steps.progress.report(Stage::Aligning, 1.0);
    rows
}

/// A candidate's word-for-word overlap by the set's IDF reaches this F1, or covers this much
/// of the lighter sentence; the scores that grade come from the two documents' IDF, which
/// moves them a little. On the 1,000-article benchmark sets every pair that scores 0.34 or
/// more by its documents' IDF has an F1 of 0.23 or more by the set's, and every pair whose
/// lighter sentence is 0.65 covered has 0.51 or more.
const CANDIDATE_F1: f32 = 0.16;
const CANDIDATE_COVER: f32 = 0.42;

/// Stems in more sentences than this never probe the index, whatever the set's size: the
/// pairs a frequent word produces grow with the square of the set, and the words that
/// carry reuse are rare (text-reuse systems cap n-gram document frequencies the same way).
/// Verbatim copies need no probe (identical sentences share a row from the start).
const POSTINGS_CAP: usize = 40;

/// Posting lists in one flat array: list `k` is `items[starts[k]..starts[k + 1]]`.
struct Postings {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Postings {
    /// From `(list, item)` entries, each list in the order its items come.
    fn new(lists: usize, entries: impl Iterator<Item = (usize, u32)> + Clone) -> Self {
        let mut starts = vec![0u32; lists + 1];
        for (k, _) in entries.clone() {
            starts[k + 1] += 1;
        }
        for k in 0..lists {
            starts[k + 1] += starts[k];
        }
        let mut fill = starts.clone();
        let mut items = vec![0u32; starts[lists] as usize];
        for (k, item) in entries {
            items[fill[k] as usize] = item;
            fill[k] += 1;
        }
        Self { starts, items }
    }

    fn get(&self, k: usize) -> &[u32] {
        &self.items[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// How many of a sentence's rarest word pairs probe the index.
const PAIR_PROBE: usize = 4;

/// Consecutive folded words as keys.
fn word_pairs(words: &[u32]) -> impl Iterator<Item = u64> + '_ {
    words
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
}

/// How many of a sentence's rarest stems probe the index.
const PROBE: usize = 16;

/// Candidate pairs of representatives (a < b, different documents). Each sentence probes the
/// index with its rarest stems that occur elsewhere (a stem found once cannot match, and an
/// edit tends to create exactly such stems); a pair is kept if what it shares there could
/// reach a grade. Very common stems are never probed: they cost quadratically and say little.
fn candidates(
    docs: &[DocInput<'_>],
    ids: &Ids,
    rep_of: &[u32],
    grades: &Grades,
    steps: &mut Steps<'_>,
) -> Vec<(usize, usize)> {
    let n = ids.len();
    let bag = |g: usize| {
        let r = ids.sref(g);
        &docs[r.doc].bags[r.sentence]
    };
    let reps: Vec<usize> = (0..n)
        .filter(|&g| rep_of[g] as usize == g && !docs[ids.sref(g).doc].skip[ids.sref(g).sentence])
        .collect();
    let stems = reps
        .iter()
        .flat_map(|&g| &bag(g).stems)
        .map(|s| s.0 as usize + 1)
        .max()
        .unwrap_or(0);
    let postings = Postings::new(
        stems,
        reps.iter()
            .flat_map(|&g| bag(g).stems.iter().map(move |s| (s.0 as usize, g as u32))),
    );
    // Word pairs: rare even where each word is common, so copied and lightly edited
    // sentences made of frequent words still find each other under the cap. Hashed into
    // buckets: a collision only adds a candidate the overlap test then weighs.
    let pairs_total: usize = reps.iter().map(|&g| bag(g).words.len()).sum();
    let bits = (pairs_total.max(2).next_power_of_two().trailing_zeros()).clamp(4, 28);
    let bucket = move |k: u64| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
    let mut pair_entries: Vec<(usize, u32)> = Vec::with_capacity(pairs_total);
    let mut keys: Vec<usize> = Vec::new();
    for &g in &reps {
        keys.clear();
        keys.extend(word_pairs(&bag(g).words).map(bucket));
        keys.sort_unstable();
        keys.dedup();
        pair_entries.extend(keys.iter().map(|&k| (k, g as u32)));
    }
    let pair_postings = Postings::new(1 << bits, pair_entries.iter().copied());
    drop(pair_entries);
    let cap = POSTINGS_CAP;
    let need = grades.paraphrase.min(grades.partial) * 0.5;
    let mut pair_probe: Vec<(usize, usize)> = Vec::new();
    let mut acc = vec![0.0f32; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut probe: Vec<(usize, u32, f32)> = Vec::new();
    let mut out = Vec::new();
    for (i, &g) in reps.iter().enumerate() {
        steps.tick(i, reps.len(), 0.0, 0.3);
        let b = bag(g);
        let doc = ids.doc_of[g];
        probe.clear();
        probe.extend(
            b.stems
                .iter()
                .map(|&(stem, w)| (postings.get(stem as usize).len(), stem, w))
                .filter(|&(df, _, _)| df >= 2 && df <= cap),
        );
        probe.sort_unstable_by_key(|p| (p.0, p.1));
        for &(_, stem, w) in probe.iter().take(PROBE) {
            for &h in postings.get(stem as usize) {
                if h as usize == g || ids.doc_of[h as usize] == doc {
                    continue;
                }
                if acc[h as usize] == 0.0 {
                    touched.push(h);
                }
                acc[h as usize] += w;
            }
        }
        // A shared rare word pair makes a pair a candidate whatever the stems say.
        pair_probe.clear();
        pair_probe.extend(
            word_pairs(&b.words)
                .map(bucket)
                .map(|k| (pair_postings.get(k).len(), k))
                .filter(|&(df, _)| df >= 2 && df <= cap),
        );
        pair_probe.sort_unstable();
        pair_probe.dedup();
        for &(_, k) in pair_probe.iter().take(PAIR_PROBE) {
            for &h in pair_postings.get(k) {
                if h as usize == g || ids.doc_of[h as usize] == doc {
                    continue;
                }
                if acc[h as usize] == 0.0 {
                    touched.push(h);
                }
                acc[h as usize] = f32::INFINITY;
            }
        }
        for &h in &touched {
            let shared = acc[h as usize];
            acc[h as usize] = 0.0;
            let h = h as usize;
            if shared < need * b.total.min(bag(h).total) {
                continue;
            }
            let (f1, cover) = overlap(b, bag(h));
            if f1 >= CANDIDATE_F1 || cover >= CANDIDATE_COVER {
                out.push((g.min(h), g.max(h)));
            }
        }
        touched.clear();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A pair just under the threshold becomes a paraphrase when the sentences before or after
/// both of them are matched to each other too.
fn lift_by_context(
    edges: &mut Vec<Edge>,
    near_miss: Vec<(usize, usize, PairScore)>,
    ids: &Ids,
    rep_of: &[u32],
) {
    if near_miss.is_empty() {
        return;
    }
    let linked: FxHashSet<(u32, u32)> = edges
        .iter()
        .filter(|e| e.relation != Relation::Partial)
        .map(|e| {
            let (x, y) = (rep_of[e.a], rep_of[e.b]);
            (x.min(y), x.max(y))
        })
        .collect();
    let same_doc = |x: usize, y: usize| ids.doc_of[x] == ids.doc_of[y];
    for (a, b, s) in near_miss {
        let neighbour = |da: isize, db: isize| {
            let (x, y) = (a as isize + da, b as isize + db);
            if x < 0 || y < 0 || x as usize >= ids.len() || y as usize >= ids.len() {
                return false;
            }
            let (x, y) = (x as usize, y as usize);
            let (rx, ry) = (rep_of[x], rep_of[y]);
            same_doc(x, a)
                && same_doc(y, b)
                && (rx == ry || linked.contains(&(rx.min(ry), rx.max(ry))))
        };
        if neighbour(-1, -1) || neighbour(1, 1) {
            edges.push(Edge {
                a,
                b,
                s,
                relation: Relation::Paraphrase,
            });
        }
    }
}

/// Greedy agglomeration under the every-pair constraint; then partial attachments.
fn cluster(
    ids: &Ids,
    scorer: &mut Scorer<'_>,
    mut edges: Vec<Edge>,
    grades: &Grades,
    steps: &mut Steps<'_>,
) -> Vec<Vec<usize>> {
    let n = ids.len();
    let mut cluster_of: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|g| vec![g]).collect();
    // Identical sentences start in one row (one per document).
    for g in 0..n {
        let r = scorer.rep_of[g] as usize;
        if r == g {
            continue;
        }
        let c = cluster_of[r];
        if members[c].iter().all(|&y| ids.doc_of[y] != ids.doc_of[g]) {
            members[g].clear();
            members[c].push(g);
            cluster_of[g] = c;
        }
    }
    edges.sort_by(|x, y| {
        y.s.score
            .total_cmp(&x.s.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let mut partials = Vec::new();
    // Rows already found not to merge, with their sizes then: many edges join the same two
    // rows, and the every-pair check need not be repeated until one of them has grown.
    let mut refused: FxHashSet<(usize, usize, usize, usize)> = FxHashSet::default();
    for (i, e) in edges.iter().enumerate() {
        steps.tick(i, edges.len(), 0.7, 0.9);
        if e.relation == Relation::Partial {
            partials.push(*e);
            continue;
        }
        let (ca, cb) = (cluster_of[e.a], cluster_of[e.b]);
        if ca == cb {
            continue;
        }
        let key = (
            ca.min(cb),
            ca.max(cb),
            members[ca.min(cb)].len(),
            members[ca.max(cb)].len(),
        );
        if refused.contains(&key) {
            continue;
        }
        let docs_overlap = members[ca]
            .iter()
            .any(|&x| members[cb].iter().any(|&y| ids.doc_of[x] == ids.doc_of[y]));
        if docs_overlap {
            refused.insert(key);
            continue;
        }
        let mut ok = true;
        let mut sum = 0.0;
        let mut count = 0;
        'check: for &x in &members[ca] {
            for &y in &members[cb] {
                let s = scorer.get(x, y).score;
                if s < ROW_LINK_MIN {
                    ok = false;
                    break 'check;
                }
                sum += s;
                count += 1;
            }
        }
        if !ok || sum / (count as f32) < grades.paraphrase * 0.75 {
            refused.insert(key);
            continue;
        }
        let (keep, gone) = if members[ca].len() >= members[cb].len() {
            (ca, cb)
        } else {
            (cb, ca)
        };
        let moved = std::mem::take(&mut members[gone]);
        for &g in &moved {
            cluster_of[g] = keep;
        }
        members[keep].extend(moved);
    }
    // One sentence covering part of another: the covered (smaller) sentence joins the row of
    // the covering one, even from a document already in that row.
    for e in partials {
        let (small, big) = if e.s.cover_a >= e.s.cover_b {
            (e.a, e.b)
        } else {
            (e.b, e.a)
        };
        let (cs, cb) = (cluster_of[small], cluster_of[big]);
        if cs == cb {
            continue;
        }
        if members[cs].len() != 1 {
            // The covered sentence already has a row: the covering one, if alone, joins it
            // when its document is not there yet.
            if members[cb].len() == 1
                && members[cs]
                    .iter()
                    .all(|&y| ids.doc_of[y] != ids.doc_of[big])
            {
                members[cb].clear();
                cluster_of[big] = cs;
                members[cs].push(big);
            }
            continue;
        }
        let same_doc_as_big = members[cb]
            .iter()
            .any(|&y| ids.doc_of[y] == ids.doc_of[small]);
        if same_doc_as_big {
            // Only beside that document's own member (a sentence split in two).
            let adjacent = members[cb]
                .iter()
                .any(|&y| ids.doc_of[y] == ids.doc_of[small] && y.abs_diff(small) == 1);
            if !adjacent {
                continue;
            }
        }
        members[cs].clear();
        cluster_of[small] = cb;
        members[cb].push(small);
    }
    let mut out: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for m in &mut out {
        m.sort_unstable();
    }
    out.sort_by_key(|m| m[0]);
    out
}

/// Story order. A row carried by several sources stands at the median of where its sentences
/// sit in their articles (one position per source, each sentence weighing as many as the
/// sources of its row, so an article's own lines barely push a shared passage down), so what
/// most sources lead with comes first whatever each article's length; ties go to the row more
/// sources carry. A line only one source carries stands at its own place in its article,
/// held between the shared rows around it there (no earlier than the one before it, no later
/// than the one after it): a long article's own lines spread where the article puts them
/// instead of crowding in behind its first shared row (on 22 reports of one event, ECB+
/// 13ecb, that moved the row 10 sources carry from 40th to 25th and the one 13 carry from
/// 66th to 46th of 100). Lines before an article's first shared row (its headline,
/// standfirst, dateline) follow that row too, so the map opens with what most sources lead
/// with rather than with every article's headline. An article that shares nothing stands by
/// its relative positions. Deterministic.
fn story_order(docs: &[DocInput<'_>], ids: &Ids, clusters: &[Vec<usize>]) -> Vec<usize> {
    let mut row_of = vec![0usize; ids.len()];
    for (c, m) in clusters.iter().enumerate() {
        for &g in m {
            row_of[g] = c;
        }
    }
    // Sources of each row.
    let mut sources = vec![0usize; clusters.len()];
    for (c, m) in clusters.iter().enumerate() {
        // Members are sorted, so a document's sentences are consecutive.
        sources[c] = 1 + m
            .windows(2)
            .filter(|w| ids.doc_of[w[0]] != ids.doc_of[w[1]])
            .count();
    }
    // Where a sentence sits in its article: the share of the article's weight before it, each
    // sentence weighing as many as the sources that carry its row. Lines of one source weigh
    // little, so a passage most sources carry after a few lines of their own still stands
    // near the start.
    let mut position = vec![0.0f32; ids.len()];
    for d in 0..docs.len() {
        let range = ids.offsets[d]..ids.offsets[d + 1];
        let total: usize = range.clone().map(|g| sources[row_of[g]]).sum();
        let mut before = 0;
        for g in range {
            let w = sources[row_of[g]];
            position[g] = (before as f32 + w as f32 / 2.0) / total.max(1) as f32;
            before += w;
        }
    }
    let position = |g: usize| position[g];
    // The median of each row's positions (each source once, at its first sentence in it).
    let mut median = vec![0.0f32; clusters.len()];
    let mut positions: Vec<f32> = Vec::new();
    for (c, m) in clusters.iter().enumerate() {
        positions.clear();
        let mut last_doc = u32::MAX;
        for &g in m {
            // Members are sorted, so a document's sentences are consecutive.
            if ids.doc_of[g] != last_doc {
                last_doc = ids.doc_of[g];
                positions.push(position(g));
            }
        }
        positions.sort_by(f32::total_cmp);
        let k = positions.len();
        median[c] = if k % 2 == 1 {
            positions[k / 2]
        } else {
            (positions[k / 2 - 1] + positions[k / 2]) / 2.0
        };
    }
    // Sort keys: (position, tier, more sources first, where in its article, then a stable
    // tail). Shared rows are tier 0; a line of one source is tier 1, so at the same position
    // it follows the shared row.
    let mut keys: Vec<(f32, u8, std::cmp::Reverse<usize>, f32, usize, usize)> =
        Vec::with_capacity(clusters.len());
    for (c, &k) in sources.iter().enumerate() {
        if k > 1 {
            keys.push((median[c], 0, std::cmp::Reverse(k), 0.0, clusters[c][0], c));
        }
    }
    for d in 0..docs.len() {
        let range = ids.offsets[d]..ids.offsets[d + 1];
        let shared: Vec<usize> = range.clone().filter(|&g| sources[row_of[g]] > 1).collect();
        let mut next = 0usize;
        for g in range {
            let c = row_of[g];
            if sources[c] > 1 {
                next += 1;
                continue;
            }
            if clusters[c][0] != g {
                continue;
            }
            // Where its article puts it, between the shared rows around it there: no earlier
            // than the one before it, no later than the one after it. A line before the
            // article's first shared row follows that row.
            let before = next.checked_sub(1).map(|i| median[row_of[shared[i]]]);
            let after = shared.get(next).map(|&b| median[row_of[b]]);
            let at = match (before, after) {
                (Some(a), Some(b)) => position(g).clamp(a, b.max(a)),
                (Some(a), None) => position(g).max(a),
                (None, Some(b)) => b,
                (None, None) => position(g),
            };
            keys.push((at, 1, std::cmp::Reverse(1), position(g), g, c));
        }
    }
    keys.sort_by(|x, y| {
        x.0.total_cmp(&y.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.total_cmp(&y.3))
            .then(x.4.cmp(&y.4))
    });
    keys.into_iter().map(|k| k.5).collect()
}

/// Picks the representative (the member most similar to the others) and grades every member
/// against it, saying which test gave the grade.
fn finish_row(
    members: &[usize],
    ids: &Ids,
    scorer: &mut Scorer<'_>,
    grades: &Grades,
    meaning: Option<&meaning::Index>,
) -> Row {
    let member = |g: usize, relation, score, evidence| {
        let r = ids.sref(g);
        Member {
            doc: r.doc,
            sentence: r.sentence,
            relation,
            score,
            evidence,
        }
    };
    if members.len() == 1 {
        return Row {
            members: vec![member(members[0], Relation::Unique, 1.0, None)],
            representative: ids.sref(members[0]),
        };
    }
    // A document with two sentences in the row (one sentence matched by two) has only partial
    // members, and never provides the representative when another document can.
    let split_doc = |x: usize| {
        members
            .iter()
            .filter(|&&y| ids.doc_of[y] == ids.doc_of[x])
            .count()
            > 1
    };
    let whole: Vec<usize> = members.iter().copied().filter(|&x| !split_doc(x)).collect();
    let candidates = if whole.is_empty() {
        members
    } else {
        &whole[..]
    };
    let mut best = (f32::MIN, candidates[0]);
    for &x in candidates {
        let total: f32 = members
            .iter()
            .filter(|&&y| y != x)
            .map(|&y| scorer.get(x, y).score)
            .sum();
        if total > best.0 + 1e-6 {
            best = (total, x);
        }
    }
    let rep = best.1;
    let rep_doc = ids.doc_of[rep];
    let mut graded = Vec::with_capacity(members.len());
    let mut strongest = (Relation::Unique, 0.0f32);
    for &x in members {
        if x == rep {
            continue;
        }
        let s = scorer.get(rep, x);
        // Close by meaning, where the words alone give no grade.
        let by_meaning = meaning
            .and_then(|m| Some((m.cosine(rep, x)?, m.threshold)))
            .filter(|&(cos, threshold)| cos >= threshold);
        let grade = if ids.doc_of[x] == rep_doc || split_doc(x) {
            (Relation::Partial, Test::Split, s.cover_b, None)
        } else {
            match (s.grade(scorer.bag(rep), scorer.bag(x), grades), by_meaning) {
                (Some((relation, value, threshold)), _) => {
                    let test = match relation {
                        Relation::Identical => Test::Identical,
                        Relation::Near => Test::Near,
                        Relation::Paraphrase => Test::Paraphrase,
                        _ => Test::Partial,
                    };
                    (relation, test, value, Some(threshold))
                }
                (None, Some((cos, threshold))) => {
                    (Relation::Meaning, Test::Meaning, cos, Some(threshold))
                }
                // In the row through the other members.
                (None, None) if s.score >= ROW_LINK_MIN * 2.0 => {
                    (Relation::Paraphrase, Test::Row, s.score, None)
                }
                (None, None) => (Relation::Partial, Test::Row, s.score, None),
            }
        };
        let (relation, test, value, threshold) = grade;
        // A match by meaning scores its cosine; the others their word overlap.
        let score = if test == Test::Meaning {
            value
        } else {
            s.score
        };
        if relation < strongest.0 || (relation == strongest.0 && score > strongest.1) {
            strongest = (relation, score);
        }
        // The member it is graded with best (then the most similar), for one in the row
        // through the others.
        let link = (test == Test::Row)
            .then(|| {
                members
                    .iter()
                    .filter(|&&y| y != x && y != rep)
                    .map(|&y| {
                        let s = scorer.get(x, y);
                        let grade = s.relation(scorer.bag(x), scorer.bag(y), grades);
                        (
                            std::cmp::Reverse(grade.unwrap_or(Relation::Unique)),
                            s.score,
                            y,
                        )
                    })
                    .max_by(|p, q| p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)).then(q.2.cmp(&p.2)))
            })
            .flatten()
            .map(|(_, score, y)| {
                let r = ids.sref(y);
                Link {
                    doc: r.doc,
                    sentence: r.sentence,
                    score,
                }
            });
        let evidence = MatchEvidence {
            test,
            value,
            threshold,
            cover: [s.cover_a, s.cover_b],
            link,
            words: Vec::new(),
        };
        graded.push(member(x, relation, score, Some(evidence)));
    }
    let others = (members.len() - 1) as f32;
    let evidence = MatchEvidence {
        test: Test::Representative,
        value: best.0 / others,
        threshold: None,
        cover: [1.0, 1.0],
        link: None,
        words: Vec::new(),
    };
    graded.push(member(rep, strongest.0, strongest.1, Some(evidence)));
    graded.sort_by_key(|m| (m.doc, m.sentence));
    Row {
        members: graded,
        representative: ids.sref(rep),
    }
}
