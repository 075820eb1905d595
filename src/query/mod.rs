//! Query: a question in words -> the episodes to listen to, with the moments to jump to.
//!
//! The question is read by the same tagger that reads show notes, so "PEP 703", "free threading",
//! "Brandt" and "the JIT" resolve to graph nodes ([`resolve`]). Episodes are reached directly or through
//! the taxonomy (a PEP's topic, a topic's parent and children, a person's PEPs), closest link first
//! ([`reach`]), and ranked with their airtime counted once per episode: each distinct chapter, and each
//! distinct transcript passage of the edges' `passages`, once ([`rank`]). Each result gives its first few
//! places of evidence and how many there are. A question that names nothing, or nothing any episode
//! discusses, is answered from the words of the notes and, asked of the inputs, of the transcripts
//! ([`words`], [`passages`]). [`render`] writes the answer for people, with links to the moment.

mod passages;
mod rank;
mod reach;
mod render;
mod resolve;
mod words;

use std::sync::Arc;

use serde::Serialize;

use crate::graph::{Evidence, EvidenceSource, KnowledgeGraph, PepCatalog, quote_title};
use crate::ingest::Timestamp;
use crate::output::printable;
use crate::tag::Tagger;

pub use passages::PassageIndex;
pub use render::{Links, write_text, write_text_with};

/// An entity the question names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    pub id: String,
    pub label: String,
}

/// How an episode was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// An edge from the episode to what the question names.
    Direct,
    /// An edge to a node the taxonomy links to what the question names (see [`Hit::via`]).
    Related,
    /// No entity: the words of the question found in the episode's notes.
    Words,
}

/// Which of several named entities an episode reaches: all of them, or only some.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// Both of two.
    Both,
    /// One of two.
    Either,
    /// All of three or more.
    All,
    /// Some of three or more.
    Any,
}

/// A stretch of an episode that counts as airtime: one or more chapters in a row, or transcript
/// passages in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// `chapter` or `transcript`.
    pub source: EvidenceSource,
    pub start: Timestamp,
    pub end: Timestamp,
    pub seconds: u32,
}

/// One episode of an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub episode: String,
    /// The show's id (`show:corepy`).
    pub show: Option<String>,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub label: String,
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// For related episodes: the node they were reached through (`topic:gil`).
    pub via: Option<String>,
    /// The role in this episode of the person the question names (`host`, `guest`, `mentions`).
    pub role: Option<&'static str>,
    /// Airtime in seconds: the summed length of the distinct chapters and transcript passages in
    /// [`Hit::spans`], each counted once however many entities or paths reach it.
    pub seconds: u32,
    /// The stretches the airtime is made of (a section about the subject counts whole).
    pub spans: Vec<Span>,
    /// With several entities named: which of them reach this episode, and whether that is all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// How many places carry the evidence: chapters, transcript passages (those whose words the graph
    /// did not keep too) and wordings of the description or of untimed notes.
    pub count: usize,
    /// The first of those places (at most [`QueryOptions::evidence`]), one item each: the description
    /// first, then in time order. Written as the graph writes evidence: a transcript passage has no
    /// `title`.
    #[serde(serialize_with = "evidence_as_in_the_graph")]
    pub evidence: Vec<Evidence>,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub query: String,
    pub entities: Vec<EntityRef>,
    pub results: Vec<Hit>,
    /// What the answer could not look at, when that matters to it: the words of transcripts, which a
    /// graph read back does not keep ([`TRANSCRIPTS_NOT_SEARCHED`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// The note of an answer from words, asked of a graph whose episodes have transcripts: their words were
/// not searched.
pub const TRANSCRIPTS_NOT_SEARCHED: &str = "transcript words were not searched: a graph keeps none of them; \
     give the inputs instead of `--graph` to search them";

/// What a question may use besides the graph and the tagger.
#[derive(Debug, Clone, Copy)]
pub struct QueryOptions<'a> {
    /// How many episodes to list at most.
    pub limit: usize,
    /// How many places of evidence (chapters, passages) to give per episode at most; [`Hit::count`] says
    /// how many there are.
    pub evidence: usize,
    /// The PEP catalog, which says which PEP numbers exist beyond the taxonomy's.
    pub peps: Option<&'a PepCatalog>,
    /// The transcript passages that say the question's words, read from the inputs for this question
    /// ([`PassageIndex::scan`]); `None` for a graph read back, which keeps no transcript words.
    pub passages: Option<&'a PassageIndex>,
}

/// How many places of evidence an answer gives per episode unless told: a transcript carries a word in
/// dozens of passages, and three say where to start listening.
pub const EVIDENCE: usize = 3;

impl Default for QueryOptions<'_> {
    fn default() -> Self {
        QueryOptions {
            limit: 20,
            evidence: EVIDENCE,
            peps: None,
            passages: None,
        }
    }
}

/// Errors answering a question.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error(
        "no entity or word of the inputs matches `{}`{}{}",
        printable(.query),
        unsearched(.note),
        suggest(.suggestions)
    )]
    NoEntity {
        query: String,
        suggestions: Vec<String>,
        /// Set when transcript words were not searched ([`TRANSCRIPTS_NOT_SEARCHED`]).
        note: Option<&'static str>,
    },
    #[error(
        "there is no PEP {number}: neither the taxonomy, the PEP catalog nor the inputs know it; check the number"
    )]
    NoSuchPep { number: u32 },
}

/// "; transcript words were not searched ...", when they were not.
fn unsearched(note: &Option<&'static str>) -> String {
    note.map(|n| format!("; {n}")).unwrap_or_default()
}

/// "; did you mean `a`, `b`?", each name made printable: they come from the input and the taxonomy.
fn suggest(suggestions: &[String]) -> String {
    let suggestions: Vec<String> = suggestions
        .iter()
        .map(|s| printable(s).into_owned())
        .collect();
    crate::graph::did_you_mean(
        &suggestions,
        "try a PEP number, a topic, a person or a module, e.g. \"PEP 703\", \"free threading\", \"Brandt Bucher\"",
    )
}

/// Answer a question from a graph, listing at most `limit` episodes.
pub fn answer(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
    limit: usize,
) -> Result<Answer, QueryError> {
    let options = QueryOptions {
        limit,
        ..Default::default()
    };
    answer_with(kg, tagger, question, &options)
}

/// Answer a question from a graph: the entities it names and the episodes that discuss them, else the
/// episodes whose notes say its words.
pub fn answer_with(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
    options: &QueryOptions,
) -> Result<Answer, QueryError> {
    let named = resolve::entities(kg, tagger, question, options.peps)?;
    let mut results = rank::rank(kg, tagger.taxonomy(), &named, options.evidence);
    let entities = named.entities;
    let mut note = None;
    if results.is_empty() {
        // Words stand in for an entity no episode reaches only when all of them are found.
        let require_all = !entities.is_empty();
        results = words::search(kg, question, require_all, options.passages);
        note =
            (options.passages.is_none() && has_transcripts(kg)).then_some(TRANSCRIPTS_NOT_SEARCHED);
        if results.is_empty() && entities.is_empty() {
            return Err(QueryError::NoEntity {
                query: question.to_string(),
                suggestions: resolve::nearest_names(kg, tagger, question),
                note,
            });
        }
    }
    results.truncate(options.limit);
    for hit in &mut results {
        hit.evidence.truncate(options.evidence);
    }
    Ok(Answer {
        query: question.to_string(),
        entities,
        results,
        note,
    })
}

/// Whether an episode of the graph had a transcript with passages (whose words the graph did not keep).
fn has_transcripts(kg: &KnowledgeGraph) -> bool {
    kg.nodes()
        .any(|n| n.transcript.is_some_and(|t| t.passages > 0))
}

/// Evidence written as the graph's JSON writes it (graph contract 2): `title` for chapters and the
/// description (`null` there), none for a transcript passage, whose words are in `text`.
fn evidence_as_in_the_graph<S: serde::Serializer>(
    evidence: &[Evidence],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{SerializeMap, SerializeSeq};
    struct Item<'e>(&'e Evidence);
    impl Serialize for Item<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let e = self.0;
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("source", &e.source)?;
            map.serialize_entry("start", &e.start)?;
            map.serialize_entry("seconds", &e.seconds)?;
            if e.source != Some(EvidenceSource::Transcript) {
                // A long title is quoted around the match, as the graph's JSON writes it.
                let title = e.title.as_deref().map(|t| quote_title(t, &e.matched));
                map.serialize_entry("title", &title)?;
            }
            map.serialize_entry("match", &e.matched)?;
            if let Some(text) = &e.text {
                map.serialize_entry("text", text)?;
            }
            if let Some(link) = &e.link {
                map.serialize_entry("link", link)?;
            }
            map.end()
        }
    }
    let mut seq = serializer.serialize_seq(Some(evidence.len()))?;
    for e in evidence {
        seq.serialize_element(&Item(e))?;
    }
    seq.end()
}

/// Evidence kept one item per place, the first of each: per chapter or passage (its start and title),
/// and per wording where there is no time (the description, untimed notes, whose wordings are places of
/// their own), in the order given.
fn one_per_place(evidence: Vec<Evidence>) -> Vec<Evidence> {
    let mut seen = std::collections::HashSet::new();
    evidence
        .into_iter()
        .filter(|e| seen.insert(place_key(e)))
        .collect()
}

fn place_key(
    e: &Evidence,
) -> (
    Option<EvidenceSource>,
    Option<u32>,
    Option<Arc<str>>,
    String,
) {
    let words = if e.seconds.is_some() {
        String::new()
    } else {
        e.matched.to_lowercase()
    };
    (e.source, e.seconds, e.title.clone(), words)
}

#[cfg(test)]
mod tests;
