//! What a graph holds: its nodes, its edges and their evidence, and the facts about the whole graph.
//!
//! A [`Node`] is plain data. An edge is stored packed ([`Edge`], sixteen bytes) and its evidence as places in
//! the source episode's own text (twelve bytes each, in one pool for the whole graph), because an archive's
//! graph holds millions of both; readers see them through [`EdgeView`] and [`EvidenceView`], which resolve
//! the text. [`Evidence`] and [`EdgeData`] are the owned, textual forms a graph is assembled from and a
//! query answers with.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use petgraph::stable_graph::{EdgeIndex, EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use super::KnowledgeGraph;
use super::build::window_around;
use crate::ingest::{Chapters, Timestamp, TranscriptCounts};
use crate::model::EdgeKind;
use crate::model::NodeKind;

/// A node. Fields other than `id`, `kind` and `label` are present where they apply to the kind; an
/// episode writes its contract fields (`show`, `number`, `title`, `date`, `url`, `audio`, `duration`,
/// `transcript`) even when they are `null`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    /// Episodes: the id of the show they belong to (`show:corepy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    /// Episode or PEP number, issue number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Episode or PEP title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Episode length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapters: Option<Chapters>,
    /// Episodes: a transcript's counts (cues, passages, length); its words are not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<TranscriptCounts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Where to read more: the episode's or show's page, peps.python.org, the CPython issue, the CVE
    /// record, the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Episodes: the audio file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    /// Shows: the feed's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// Releases: the versions named (`3.12.4`, `3.13b2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let episode = self.kind == NodeKind::Episode;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("label", &self.label)?;
        macro_rules! field {
            ($key:literal, $value:expr) => {
                if episode || $value.is_some() {
                    map.serialize_entry($key, &$value)?;
                }
            };
        }
        field!("show", self.show);
        field!("number", self.number);
        field!("title", self.title);
        field!("date", self.date);
        field!("url", self.url);
        field!("audio", self.audio);
        field!("duration", self.duration);
        if let Some(feed) = &self.feed {
            map.serialize_entry("feed", feed)?;
        }
        if let Some(description) = &self.description {
            map.serialize_entry("description", description)?;
        }
        if let Some(chapters) = &self.chapters {
            map.serialize_entry("chapters", chapters)?;
        }
        field!("transcript", self.transcript);
        if !self.links.is_empty() {
            map.serialize_entry("links", &self.links)?;
        }
        if let Some(github) = &self.github {
            map.serialize_entry("github", github)?;
        }
        if !self.versions.is_empty() {
            map.serialize_entry("versions", &self.versions)?;
        }
        map.end()
    }
}

impl Node {
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            kind,
            label: label.into(),
            show: None,
            number: None,
            title: None,
            date: None,
            description: None,
            duration: None,
            chapters: None,
            transcript: None,
            links: Vec::new(),
            url: None,
            audio: None,
            feed: None,
            github: None,
            versions: Vec::new(),
        }
    }
}

/// Where evidence was found: a chapter (its title, or the words under an untimed heading), the episode's
/// description, or a transcript passage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceSource {
    #[default]
    Chapter,
    Description,
    Transcript,
}

impl EvidenceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceSource::Chapter => "chapter",
            EvidenceSource::Description => "description",
            EvidenceSource::Transcript => "transcript",
        }
    }
}

/// Where an edge's words were found, as owned text: the chapter's start and title (`None` for the
/// description) and the words matched. The form queries answer with and [`KnowledgeGraph::from_parts`]
/// takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// Where the words were; read back as `chapter` when a title is given, `description` otherwise.
    #[serde(default)]
    pub source: Option<EvidenceSource>,
    /// The chapter's start, `HH:MM:SS`; `None` for the description and untimed headings.
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    /// The chapter's title; `None` for the description and a transcript.
    #[serde(default)]
    pub title: Option<Arc<str>>,
    /// The words matched.
    #[serde(rename = "match")]
    pub matched: String,
    /// A transcript's words around the match (at most [`SNIPPET_CHARS`] characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The episode's audio or page at that moment (derived from the episode; ignored when read back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// One item of an edge's evidence, borrowed from the graph: it serializes like [`Evidence`], its title as
/// [`EvidenceView::title_excerpt`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceView<'a> {
    pub source: EvidenceSource,
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    /// The chapter's whole title, however long (exports write [`EvidenceView::title_excerpt`]).
    pub title: Option<&'a str>,
    pub matched: &'a str,
    /// A transcript's words around the match.
    pub text: Option<&'a str>,
    /// The episode's audio file and page, which [`EvidenceView::link`] opens at the moment.
    audio: Option<&'a str>,
    page: Option<&'a str>,
    /// The chapter's index among the episode's chapters.
    chapter: Option<u32>,
    /// Where the words matched are in the title (byte offsets), when they are in it.
    in_title: Option<(u32, u32)>,
}

impl<'a> EvidenceView<'a> {
    /// The index of the evidence's chapter among its episode's `chapters`; `None` for the description and
    /// a transcript.
    pub fn chapter_index(&self) -> Option<usize> {
        self.chapter.map(|i| i as usize)
    }

    /// The chapter's title as evidence writes it: whole when it has at most [`TITLE_CHARS`] characters,
    /// else the words around the match (the title's first words when the match is under the heading), cut
    /// at word boundaries and marked `… ` before and ` …` after where words were left out, so that every
    /// edge of a huge title does not repeat it. The episode's `chapters` keep it whole, and
    /// [`KnowledgeGraph::from_parts`] finds the chapter from either form.
    pub fn title_excerpt(&self) -> Option<Cow<'a, str>> {
        let title = self.title?;
        if title.len() <= TITLE_CHARS || title.chars().nth(TITLE_CHARS).is_none() {
            return Some(Cow::Borrowed(title));
        }
        // Evidence under an untimed heading quotes the heading's first words.
        let span = self
            .in_title
            .map(|(start, end)| start as usize..end as usize)
            .filter(|span| title.get(span.clone()).is_some())
            .unwrap_or(0..0);
        Some(Cow::Owned(excerpt_around(title, span)))
    }

    /// The link to the moment (graph contract 2): the audio with a media fragment `#t=<seconds>` when the
    /// evidence has a time, else the episode's page (or its audio, when it has no page).
    pub fn link(&self) -> Option<String> {
        moment_link(self.audio, self.page, self.seconds)
    }

    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            source: Some(self.source),
            start: self.start,
            seconds: self.seconds,
            title: self.title.map(Arc::from),
            matched: self.matched.to_string(),
            text: self.text.map(str::to_string),
            link: self.link(),
        }
    }
}

/// The link to a moment of an episode with this audio file and page (graph contract 2's evidence `link`):
/// the audio at `seconds` (a W3C media fragment), else the page, else the audio.
pub fn moment_link(
    audio: Option<&str>,
    page: Option<&str>,
    seconds: Option<u32>,
) -> Option<String> {
    match (seconds, audio, page) {
        (Some(seconds), Some(audio), _) => Some(media_fragment(audio, seconds)),
        (_, _, Some(page)) => Some(page.to_string()),
        (None, Some(audio), None) => Some(audio.to_string()),
        _ => None,
    }
}

/// `url#t=<seconds>` (W3C media fragments), replacing a fragment the URL has.
fn media_fragment(url: &str, seconds: u32) -> String {
    let base = url.split('#').next().unwrap_or(url);
    format!("{base}#t={seconds}")
}

impl Serialize for EvidenceView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("start", &self.start)?;
        map.serialize_entry("seconds", &self.seconds)?;
        if self.source != EvidenceSource::Transcript {
            map.serialize_entry("title", &self.title_excerpt())?;
        }
        map.serialize_entry("match", self.matched)?;
        if let Some(text) = self.text {
            map.serialize_entry("text", text)?;
        }
        if let Some(link) = self.link() {
            map.serialize_entry("link", &link)?;
        }
        map.end()
    }
}

/// A transcript passage that carries an edge's evidence: its start and how long it lasts, in seconds (until
/// the next passage starts, or the transcript ends). An edge keeps all of its passages even when it keeps
/// only the first items of evidence, so that airtime can be counted once per episode however many edges
/// reach the same passage. It serializes as `[start, seconds]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(u32, u32)", into = "(u32, u32)")]
pub struct PassageSpan {
    pub start: u32,
    pub seconds: u32,
}

impl From<(u32, u32)> for PassageSpan {
    fn from((start, seconds): (u32, u32)) -> Self {
        PassageSpan { start, seconds }
    }
}

impl From<PassageSpan> for (u32, u32) {
    fn from(span: PassageSpan) -> Self {
        (span.start, span.seconds)
    }
}

/// An edge as owned text, to assemble a graph from (as read back from JSON).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EdgeData {
    pub kind: EdgeKind,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub seconds: Option<u32>,
    /// How many items of evidence the edge had, of which `evidence` may be the first few; at least
    /// `evidence`'s length.
    #[serde(default)]
    pub count: Option<u32>,
    /// Every transcript passage that carries the edge's evidence (see [`PassageSpan`]).
    #[serde(default)]
    pub passages: Vec<PassageSpan>,
}

/// Facts about the whole graph, written into exports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphInfo {
    pub generator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
}

/// The generator string written into exports.
pub fn generator() -> String {
    format!("castgraph {}", env!("CARGO_PKG_VERSION"))
}

/// Evidence as the graph keeps it, twelve bytes: the place in the source episode (0 for the description,
/// `i + 1` for chapter `i`'s title, and that with [`IN_TEXT`] set for the words under its heading) and the
/// byte range of the words there; or, with [`IN_SNIPPET`] set, the passage's start in seconds (or
/// [`NO_SECONDS`]) and the byte range of the words in the graph's snippets, where the line around them is
/// the words around the match. Millions of these cost little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StoredEvidence {
    pub(super) place: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// The bit of [`StoredEvidence::place`] that says the words are under the chapter's heading, not in its
/// title.
pub(super) const IN_TEXT: u32 = 1 << 31;

/// The bit of [`StoredEvidence::place`] that says the words are in a transcript snippet of the graph.
pub(super) const IN_SNIPPET: u32 = 1 << 30;

/// The seconds of a snippet whose passage has no start (as read back).
pub(super) const NO_SECONDS: u32 = IN_SNIPPET - 1;

/// The most characters of a transcript's words around a match: about 12 seconds of speech. Graph contract 2
/// allows 240; 200 keeps a transcript folder's JSON under a quarter of its text (issue 13: Python Bytes
/// 0.256 of it at 240, 0.237 at 200; docs/speed.md).
pub const SNIPPET_CHARS: usize = 200;

/// The most characters of a chapter title an item of evidence writes, marks included; a longer title is
/// quoted around the match (see [`EvidenceView::title_excerpt`]). The longest chapter title of the shared
/// corpora has 392 characters (a Python Bytes feed heading that ran into its paragraph), so no real title is cut; a title of a megabyte naming thousands of
/// entities would otherwise be written once per edge.
pub const TITLE_CHARS: usize = 500;

/// What an evidence title starts with when words before the excerpt were left out.
pub const CUT_BEFORE: &str = "\u{2026} ";

/// What an evidence title ends with when words after the excerpt were left out.
pub const CUT_AFTER: &str = " \u{2026}";

/// An edge's weight in [`KnowledgeGraph::graph`]: sixteen bytes, as a graph of an archive holds millions.
/// Its representation is private; read an edge through [`EdgeView`] (with its evidence) or through
/// [`Edge::kind`] and [`Edge::seconds`].
#[derive(Debug, Clone)]
pub struct Edge {
    kind: EdgeKind,
    /// How many items of evidence the pool holds for the edge, from `evidence_start` on.
    kept: u16,
    /// Airtime in seconds, or [`NO_AIRTIME`].
    airtime: u32,
    /// Where the evidence sits in the graph's evidence pool.
    evidence_start: u32,
    /// How many items of evidence the edge has: those kept and those left out.
    count: u32,
}

/// The airtime of an edge that has none (the taxonomy's edges).
const NO_AIRTIME: u32 = u32::MAX;

impl Edge {
    /// An edge whose evidence is the pool's items `first..end` of `count` in all (at most
    /// [`Edge::MAX_KEPT`] are kept), with its airtime (`u32::MAX` seconds, 136 years, is kept as one second
    /// less).
    pub(super) fn new(
        kind: EdgeKind,
        seconds: Option<u32>,
        evidence: std::ops::Range<u32>,
        count: u32,
    ) -> Self {
        let kept = (evidence.end - evidence.start).min(u32::from(Self::MAX_KEPT));
        Edge {
            kind,
            kept: kept as u16,
            airtime: seconds.map_or(NO_AIRTIME, |s| s.min(NO_AIRTIME - 1)),
            evidence_start: evidence.start,
            count: count.max(kept),
        }
    }

    /// The most items of evidence an edge keeps.
    pub const MAX_KEPT: u16 = u16::MAX;

    pub fn kind(&self) -> EdgeKind {
        self.kind
    }

    /// Airtime: the summed length of the distinct timed chapters that carry the evidence (episode edges
    /// whose evidence has a time).
    pub fn seconds(&self) -> Option<u32> {
        (self.airtime != NO_AIRTIME).then_some(self.airtime)
    }

    /// How many items of evidence the edge has, kept or not (see [`EdgeView::evidence`]).
    pub fn evidence_count(&self) -> usize {
        self.count as usize
    }

    pub(super) fn evidence_range(&self) -> std::ops::Range<usize> {
        let start = self.evidence_start as usize;
        start..start + usize::from(self.kept)
    }
}

/// An edge read from a graph: its ends, kind and airtime, and its evidence resolved to text. It
/// serializes as the contract writes an edge's fields: `kind`; for an episode's edge `evidence`, `seconds`
/// (`null` when no evidence has a time) and `count`; and `weight`.
#[derive(Clone, Copy)]
pub struct EdgeView<'a> {
    kg: &'a KnowledgeGraph,
    index: EdgeIndex,
    source: NodeIndex,
    target: NodeIndex,
    edge: &'a Edge,
}

impl<'a> EdgeView<'a> {
    pub(super) fn new(kg: &'a KnowledgeGraph, edge: EdgeReference<'a, Edge>) -> Self {
        EdgeView {
            kg,
            index: edge.id(),
            source: edge.source(),
            target: edge.target(),
            edge: edge.weight(),
        }
    }

    /// The view of edge `index` (which must be in the graph) from `source` to `target`.
    pub(super) fn at(
        kg: &'a KnowledgeGraph,
        index: EdgeIndex,
        (source, target): (NodeIndex, NodeIndex),
        edge: &'a Edge,
    ) -> Self {
        EdgeView {
            kg,
            index,
            source,
            target,
            edge,
        }
    }

    /// The edge's index in [`KnowledgeGraph::graph`].
    pub fn index(&self) -> EdgeIndex {
        self.index
    }

    pub fn source(&self) -> NodeIndex {
        self.source
    }

    pub fn target(&self) -> NodeIndex {
        self.target
    }

    pub fn source_node(&self) -> &'a Node {
        &self.kg.graph()[self.source]
    }

    pub fn target_node(&self) -> &'a Node {
        &self.kg.graph()[self.target]
    }

    pub fn kind(&self) -> EdgeKind {
        self.edge.kind
    }

    /// Airtime in seconds (episode edges only).
    pub fn seconds(&self) -> Option<u32> {
        self.edge.seconds()
    }

    /// How many items of evidence the edge has: those [`EdgeView::evidence`] gives and those the build
    /// left out (see `BuildOptions::evidence`).
    pub fn evidence_count(&self) -> usize {
        self.edge.evidence_count()
    }

    /// The edge's weight for layouts and network analysis: how many items of evidence it has (at least 1),
    /// so that an edge named in many places weighs more.
    pub fn weight(&self) -> u32 {
        u32::try_from(self.evidence_count())
            .unwrap_or(u32::MAX)
            .max(1)
    }

    /// Every transcript passage that carries the edge's evidence, in time order, with its length: those
    /// whose lengths make up the passages' part of [`EdgeView::seconds`], whether or not
    /// [`EdgeView::evidence`] kept an item from them.
    pub fn passages(&self) -> &'a [PassageSpan] {
        self.kg.passages_of(self.index)
    }

    /// The evidence the graph kept, resolved to the words of the source episode, in place order: the
    /// description, each chapter, then the transcript's passages in order. There may be fewer items than
    /// [`EdgeView::evidence_count`].
    pub fn evidence(&self) -> impl ExactSizeIterator<Item = EvidenceView<'a>> + use<'a> {
        let node = self.kg.graph().node_weight(self.source);
        let snippets = self.kg.snippets.as_str();
        self.kg
            .stored_evidence(self.edge)
            .iter()
            .map(move |stored| resolve_evidence(node, snippets, stored))
    }
}

/// The edge's ends by id, kind, airtime and evidence (not the whole graph it borrows).
impl std::fmt::Debug for EdgeView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeView")
            .field("source", &self.source_node().id)
            .field("target", &self.target_node().id)
            .field("kind", &self.kind())
            .field("seconds", &self.seconds())
            .field("passages", &self.passages())
            .field("evidence", &self.evidence().collect::<Vec<_>>())
            .finish()
    }
}

impl Serialize for EdgeView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Items<'v>(&'v EdgeView<'v>);
        impl Serialize for Items<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.evidence())
            }
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", &self.kind())?;
        if self.kind().is_episode_edge() {
            map.serialize_entry("evidence", &Items(self))?;
            map.serialize_entry("seconds", &self.seconds())?;
            map.serialize_entry("count", &self.evidence_count())?;
            if !self.passages().is_empty() {
                map.serialize_entry("passages", self.passages())?;
            }
        }
        map.serialize_entry("weight", &self.weight())?;
        map.end()
    }
}

/// Text of stored evidence from its episode's node, or from the graph's snippets.
fn resolve_evidence<'a>(
    node: Option<&'a Node>,
    snippets: &'a str,
    stored: &StoredEvidence,
) -> EvidenceView<'a> {
    let words = |text: &'a str| {
        text.get(stored.start as usize..stored.end as usize)
            .unwrap_or("")
    };
    let audio = node.and_then(|n| n.audio.as_deref());
    let page = node.and_then(|n| n.url.as_deref());
    if stored.place & IN_SNIPPET != 0 {
        let seconds = Some(stored.place & NO_SECONDS).filter(|&s| s != NO_SECONDS);
        return EvidenceView {
            source: EvidenceSource::Transcript,
            start: seconds.map(Timestamp),
            seconds,
            title: None,
            matched: words(snippets),
            text: Some(snippet_around(snippets, stored)),
            audio,
            page,
            chapter: None,
            in_title: None,
        };
    }
    let chapters = node.and_then(|n| n.chapters.as_ref());
    let index = (stored.place & !IN_TEXT) as usize;
    let chapter = index
        .checked_sub(1)
        .and_then(|i| Some((i, chapters?.seconds_and_title(i)?)));
    match chapter {
        Some((i, (seconds, title))) => {
            let under_heading = stored.place & IN_TEXT != 0;
            let text = if under_heading {
                chapters.and_then(|c| c.text(i)).unwrap_or("")
            } else {
                title
            };
            EvidenceView {
                source: EvidenceSource::Chapter,
                start: seconds.map(Timestamp),
                seconds,
                title: Some(title),
                matched: words(text),
                text: None,
                audio,
                page,
                chapter: u32::try_from(i).ok(),
                in_title: (!under_heading).then_some((stored.start, stored.end)),
            }
        }
        None => EvidenceView {
            source: EvidenceSource::Description,
            start: None,
            seconds: None,
            title: None,
            matched: words(node.and_then(|n| n.description.as_deref()).unwrap_or("")),
            text: None,
            audio,
            page,
            chapter: None,
            in_title: None,
        },
    }
}

/// The words of a title longer than [`TITLE_CHARS`] characters around `span`, cut at word boundaries and
/// marked with [`CUT_BEFORE`] and [`CUT_AFTER`] where words were left out.
fn excerpt_around(title: &str, span: Range<usize>) -> String {
    let room = TITLE_CHARS - CUT_BEFORE.chars().count() - CUT_AFTER.chars().count();
    let window = window_around(title, span, room);
    let mut excerpt = String::with_capacity(window.len() + 8);
    if window.start > 0 {
        excerpt.push_str(CUT_BEFORE);
    }
    excerpt.push_str(&title[window.clone()]);
    if window.end < title.len() {
        excerpt.push_str(CUT_AFTER);
    }
    excerpt
}

/// A chapter title as an answer quotes it, in the form of [`EvidenceView::title_excerpt`]: whole when it has
/// at most [`TITLE_CHARS`] characters, else the words around the first `matched` in it (its first words
/// when `matched` is not in it, as for words under the heading).
pub fn quote_title<'t>(title: &'t str, matched: &str) -> Cow<'t, str> {
    if title.len() <= TITLE_CHARS || title.chars().nth(TITLE_CHARS).is_none() {
        return Cow::Borrowed(title);
    }
    let span = (!matched.is_empty())
        .then(|| memchr::memmem::find(title.as_bytes(), matched.as_bytes()))
        .flatten()
        .map_or(0..0, |at| at..at + matched.len());
    Cow::Owned(excerpt_around(title, span))
}

/// The snippet line that holds a transcript item's words.
fn snippet_around<'a>(snippets: &'a str, stored: &StoredEvidence) -> &'a str {
    let (start, end) = (stored.start as usize, stored.end as usize);
    let bytes = snippets.as_bytes();
    let Some(before) = bytes.get(..start) else {
        return "";
    };
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line_end = bytes
        .get(end..)
        .and_then(|after| memchr::memchr(b'\n', after))
        .map_or(bytes.len(), |i| end + i);
    snippets.get(line_start..line_end).unwrap_or("")
}

/// Keep a transcript item as a snippet of its own (newlines become spaces): where its match is in
/// `snippets`, as the graph stores it. `None` when the match is not in the text.
pub(super) fn store_snippet(snippets: &mut String, evidence: &Evidence) -> Option<StoredEvidence> {
    let text = evidence.text.as_deref().unwrap_or(&evidence.matched);
    let at = text.find(evidence.matched.as_str())?;
    let base = snippets.len();
    snippets.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
    snippets.push('\n');
    let seconds = evidence
        .seconds
        .map_or(NO_SECONDS, |s| s.min(NO_SECONDS - 1));
    Some(StoredEvidence {
        place: IN_SNIPPET | seconds,
        start: u32::try_from(base + at).ok()?,
        end: u32::try_from(base + at + evidence.matched.len()).ok()?,
    })
}

/// Where evidence given as text sits in an episode's node: its description, or a chapter with that title
/// (and start, when given), in the title or the words under it. The title may be the whole chapter title or
/// an excerpt of a long one, as [`EvidenceView::title_excerpt`] writes it.
pub(super) fn locate_evidence(node: &Node, evidence: &Evidence) -> Option<StoredEvidence> {
    let found = |place: u32, text: &str, offset: usize| {
        let start = offset + text.find(evidence.matched.as_str())?;
        Some(StoredEvidence {
            place,
            start: u32::try_from(start).ok()?,
            end: u32::try_from(start + evidence.matched.len()).ok()?,
        })
    };
    let Some(title) = &evidence.title else {
        return found(0, node.description.as_deref()?, 0);
    };
    let excerpt = Excerpt::of(title);
    let chapters = node.chapters.as_ref()?;
    chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| evidence.seconds.is_none() || evidence.seconds == c.seconds)
        .find_map(|(i, c)| {
            let quoted = excerpt.within(c.title)?;
            let place = u32::try_from(i).ok()? + 1;
            found(place, &c.title[quoted.clone()], quoted.start)
                .or_else(|| found(place | IN_TEXT, c.text?, 0))
        })
}

/// An evidence title read back: the words it quotes, and whether words were left out before and after.
struct Excerpt<'t> {
    whole: &'t str,
    words: &'t str,
    cut_before: bool,
    cut_after: bool,
}

impl<'t> Excerpt<'t> {
    fn of(title: &'t str) -> Self {
        let (cut_before, rest) = match title.strip_prefix(CUT_BEFORE) {
            Some(rest) => (true, rest),
            None => (false, title),
        };
        let (cut_after, words) = match rest.strip_suffix(CUT_AFTER) {
            Some(words) => (true, words),
            None => (false, rest),
        };
        Excerpt {
            whole: title,
            words,
            cut_before,
            cut_after,
        }
    }

    /// Where in `chapter_title` the words quoted are, when this is that title or an excerpt of it: the
    /// whole title when they are equal, else (for a title too long to be written whole) the words at its
    /// start, at its end or, cut on both sides, where they first occur.
    fn within(&self, chapter_title: &str) -> Option<Range<usize>> {
        if chapter_title == self.whole {
            return Some(0..chapter_title.len());
        }
        let excerpted = (self.cut_before || self.cut_after)
            && chapter_title.len() > TITLE_CHARS
            && chapter_title.chars().nth(TITLE_CHARS).is_some();
        if !excerpted {
            return None;
        }
        let len = self.words.len();
        let start = match (self.cut_before, self.cut_after) {
            (false, _) => chapter_title.starts_with(self.words).then_some(0)?,
            (true, false) => chapter_title
                .ends_with(self.words)
                .then(|| chapter_title.len() - len)?,
            (true, true) => memchr::memmem::find(chapter_title.as_bytes(), self.words.as_bytes())?,
        };
        Some(start..start + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards performance, not behaviour: an archive's graph holds millions of edges and evidence items,
    /// and the README's memory figure for 100k episodes depends on these sizes.
    #[test]
    fn an_edge_costs_sixteen_bytes_and_evidence_twelve() {
        assert_eq!(std::mem::size_of::<Edge>(), 16);
        assert_eq!(std::mem::size_of::<StoredEvidence>(), 12);
    }

    /// A chapter item of evidence whose words are at `span` of `title` (or under the heading, for `None`).
    fn item(title: &str, span: Option<Range<usize>>) -> EvidenceView<'_> {
        EvidenceView {
            source: EvidenceSource::Chapter,
            start: Some(Timestamp(0)),
            seconds: Some(0),
            title: Some(title),
            matched: span.clone().map_or("", |s| &title[s]),
            text: None,
            audio: None,
            page: None,
            chapter: Some(0),
            in_title: span.map(|s| (s.start as u32, s.end as u32)),
        }
    }

    /// `words` repeated to at least `bytes` bytes, then `middle`, then as much again.
    fn long_title(words: &str, middle: &str, bytes: usize) -> String {
        let side = words.repeat(bytes / words.len() + 1);
        format!("{side}{middle} {side}")
    }

    #[test]
    fn a_title_of_the_longest_real_length_is_written_whole() {
        let title = "é".repeat(TITLE_CHARS);
        let excerpt = item(&title, Some(0..2)).title_excerpt().unwrap();
        assert!(matches!(excerpt, Cow::Borrowed(t) if t == title));
    }

    #[test]
    fn a_long_title_is_quoted_around_the_match_with_marks_where_words_were_left_out() {
        let title = long_title("lorem ipsum ", "PEP 703", 100_000);
        let at = title.find("PEP 703").unwrap();
        let excerpt = item(&title, Some(at..at + 7)).title_excerpt().unwrap();
        assert!(excerpt.chars().count() <= TITLE_CHARS, "{}", excerpt.len());
        assert!(excerpt.starts_with("\u{2026} ") && excerpt.ends_with(" \u{2026}"));
        let words = excerpt
            .strip_prefix(CUT_BEFORE)
            .and_then(|e| e.strip_suffix(CUT_AFTER))
            .unwrap();
        assert!(words.contains("PEP 703") && title.contains(words));
        assert!(!words.starts_with(' ') && !words.ends_with(' '));
        // Cut at word boundaries: every word quoted is whole.
        assert!(
            words
                .split(' ')
                .all(|w| ["lorem", "ipsum", "PEP", "703"].contains(&w))
        );
    }

    #[test]
    fn a_long_heading_with_the_match_under_it_is_quoted_from_its_start() {
        let title = long_title("lorem ipsum ", "", 10_000);
        let excerpt = item(&title, None).title_excerpt().unwrap();
        assert!(excerpt.starts_with("lorem ipsum") && excerpt.ends_with(CUT_AFTER));
        assert!(excerpt.chars().count() <= TITLE_CHARS);
    }

    #[test]
    fn a_long_title_without_spaces_is_quoted_as_the_match_alone() {
        let title = "a".repeat(10_000);
        let excerpt = item(&title, Some(5000..5003)).title_excerpt().unwrap();
        assert_eq!(excerpt, "\u{2026} aaa \u{2026}");
    }

    #[test]
    fn an_excerpt_read_back_finds_its_words_in_the_long_title_only() {
        let title = long_title("lorem ipsum ", "PEP 703", 10_000);
        let at = title.find("PEP 703").unwrap();
        for span in [
            Some(at..at + 7),
            Some(0..5),
            Some(title.len() - 5..title.len()),
            None,
        ] {
            let view = item(&title, span);
            let excerpt = view.title_excerpt().unwrap();
            let found = Excerpt::of(&excerpt).within(&title).unwrap();
            let words = Excerpt::of(&excerpt).words;
            assert_eq!(&title[found.clone()], words);
            if let Some(span) = view.in_title {
                let span = span.0 as usize..span.1 as usize;
                assert!(found.start <= span.start && span.end <= found.end);
            }
        }
        let short = "\u{2026} lorem ipsum \u{2026}";
        assert_eq!(Excerpt::of(short).within("lorem ipsum"), None);
        assert_eq!(Excerpt::of(short).within(short), Some(0..short.len()));
        let elsewhere = long_title("dolor sit ", "", 10_000);
        assert_eq!(Excerpt::of(short).within(&elsewhere), None);
    }
}
