//! What a graph holds: its nodes, its edges and their evidence, and the facts about the whole graph.
//!
//! A [`Node`] is plain data. An edge is stored packed ([`Edge`], sixteen bytes) and its evidence as places in
//! the source episode's own text (twelve bytes each, in one pool for the whole graph), because an archive's
//! graph holds millions of both; readers see them through [`EdgeView`] and [`EvidenceView`], which resolve
//! the text. [`Evidence`] and [`EdgeData`] are the owned, textual forms a graph is assembled from and a
//! query answers with.

use std::sync::Arc;

use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use super::KnowledgeGraph;
use crate::ingest::{Chapters, Timestamp};
use crate::model::EdgeKind;
use crate::model::NodeKind;

/// A node. Fields other than `id`, `kind` and `label` are present where they apply to the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Where to read more: peps.python.org, the CPython issue, the CVE record, the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// Releases: the versions named (`3.12.4`, `3.13b2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
}

impl Node {
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            kind,
            label: label.into(),
            number: None,
            title: None,
            date: None,
            description: None,
            duration: None,
            chapters: None,
            links: Vec::new(),
            url: None,
            github: None,
            versions: Vec::new(),
        }
    }
}

/// Where an edge's words were found, as owned text: the chapter's start and title (`None` for the
/// description) and the words matched. The form queries answer with and [`KnowledgeGraph::from_parts`]
/// takes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// The chapter's start, `HH:MM:SS`; `None` for the description.
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    /// The chapter's title; `None` for the description.
    pub title: Option<Arc<str>>,
    /// The words matched.
    #[serde(rename = "match")]
    pub matched: String,
}

/// One item of an edge's evidence, borrowed from the graph: it serializes like [`Evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EvidenceView<'a> {
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    pub title: Option<&'a str>,
    #[serde(rename = "match")]
    pub matched: &'a str,
}

impl EvidenceView<'_> {
    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            start: self.start,
            seconds: self.seconds,
            title: self.title.map(Arc::from),
            matched: self.matched.to_string(),
        }
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
/// `i + 1` for chapter `i`) and the byte range of the words there. Millions of these cost little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StoredEvidence {
    pub(super) place: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// An edge's weight in [`KnowledgeGraph::graph`]: sixteen bytes, as a graph of an archive holds millions.
/// Its representation is private; read an edge through [`EdgeView`] (with its evidence) or through
/// [`Edge::kind`] and [`Edge::seconds`].
#[derive(Debug, Clone)]
pub struct Edge {
    kind: EdgeKind,
    /// Airtime in seconds, or [`NO_AIRTIME`].
    airtime: u32,
    /// Where the evidence sits in the graph's evidence pool: the first item and how many.
    evidence_start: u32,
    evidence_len: u32,
}

/// The airtime of an edge that has none (the taxonomy's edges).
const NO_AIRTIME: u32 = u32::MAX;

impl Edge {
    /// An edge whose evidence is the pool's items `first..end`, with its airtime (`u32::MAX` seconds, 136
    /// years, is kept as one second less).
    pub(super) fn new(
        kind: EdgeKind,
        seconds: Option<u32>,
        evidence: std::ops::Range<u32>,
    ) -> Self {
        Edge {
            kind,
            airtime: seconds.map_or(NO_AIRTIME, |s| s.min(NO_AIRTIME - 1)),
            evidence_start: evidence.start,
            evidence_len: evidence.end - evidence.start,
        }
    }

    pub fn kind(&self) -> EdgeKind {
        self.kind
    }

    /// Airtime: the summed length of the distinct chapters that carry the evidence (episode edges only).
    pub fn seconds(&self) -> Option<u32> {
        (self.airtime != NO_AIRTIME).then_some(self.airtime)
    }

    /// How many items of evidence the edge has.
    pub fn evidence_count(&self) -> usize {
        self.evidence_len as usize
    }

    pub(super) fn evidence_range(&self) -> std::ops::Range<usize> {
        let start = self.evidence_start as usize;
        start..start + self.evidence_len as usize
    }
}

/// An edge read from a graph: its ends, kind and airtime, and its evidence resolved to text. It
/// serializes as the contract writes an edge's fields: `kind`, `evidence` (when there is some) and
/// `seconds` (episode edges).
#[derive(Clone, Copy)]
pub struct EdgeView<'a> {
    kg: &'a KnowledgeGraph,
    source: NodeIndex,
    target: NodeIndex,
    edge: &'a Edge,
}

impl<'a> EdgeView<'a> {
    pub(super) fn new(
        kg: &'a KnowledgeGraph,
        source: NodeIndex,
        target: NodeIndex,
        edge: &'a Edge,
    ) -> Self {
        EdgeView {
            kg,
            source,
            target,
            edge,
        }
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

    pub fn evidence_count(&self) -> usize {
        self.edge.evidence_count()
    }

    /// The evidence, resolved to the words of the source episode, in place order.
    pub fn evidence(&self) -> impl ExactSizeIterator<Item = EvidenceView<'a>> + use<'a> {
        let node = self.kg.graph().node_weight(self.source);
        self.kg
            .stored_evidence(self.edge)
            .iter()
            .map(move |stored| resolve_evidence(node, stored))
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
        if self.evidence_count() > 0 {
            map.serialize_entry("evidence", &Items(self))?;
        }
        if let Some(seconds) = self.seconds() {
            map.serialize_entry("seconds", &seconds)?;
        }
        map.end()
    }
}

/// Text of stored evidence from its episode's node.
fn resolve_evidence<'a>(node: Option<&'a Node>, stored: &StoredEvidence) -> EvidenceView<'a> {
    let words = |text: &'a str| {
        text.get(stored.start as usize..stored.end as usize)
            .unwrap_or("")
    };
    let chapter = (stored.place as usize)
        .checked_sub(1)
        .and_then(|i| node?.chapters.as_ref()?.seconds_and_title(i));
    match chapter {
        Some((seconds, title)) => EvidenceView {
            start: Some(Timestamp(seconds)),
            seconds: Some(seconds),
            title: Some(title),
            matched: words(title),
        },
        None => EvidenceView {
            start: None,
            seconds: None,
            title: None,
            matched: words(node.and_then(|n| n.description.as_deref()).unwrap_or("")),
        },
    }
}

/// Where evidence given as text sits in an episode's node.
pub(super) fn locate_evidence(node: &Node, evidence: &Evidence) -> Option<StoredEvidence> {
    let (place, text) = match (&evidence.title, evidence.seconds) {
        (None, _) => (0, node.description.as_deref()?),
        (Some(title), seconds) => {
            let chapters = node.chapters.as_ref()?;
            let (i, chapter) = chapters.iter().enumerate().find(|(_, c)| {
                c.title == title.as_ref() && seconds.is_none_or(|s| s == c.seconds)
            })?;
            (i as u32 + 1, chapter.title)
        }
    };
    let start = text.find(evidence.matched.as_str())?;
    Some(StoredEvidence {
        place,
        start: start as u32,
        end: (start + evidence.matched.len()) as u32,
    })
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
}
