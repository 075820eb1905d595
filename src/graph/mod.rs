//! Graph: tagged episodes -> the petgraph knowledge graph of the contract.
//!
//! Nodes are episodes, topics, PEPs, people, modules, releases, issues, CVEs and projects, each with a
//! stable id (`episode:13`, `pep:703`, `person:lukasz-langa`). Edges from an episode (`host`, `guest`,
//! `mentions`, `discusses`) keep their evidence (the chapter, its start and the words matched) and the
//! airtime they cover; taxonomy edges (`subtopic_of`, `about`, `authored`) carry none. `discusses` edges are
//! direct evidence only: hierarchy and PEP links are separate edges that queries may follow. The graph is a
//! `StableDiGraph` with an id-to-index map, so filters can remove nodes without invalidating the rest; both
//! are private, read through methods and changed only by [`KnowledgeGraph::retain`] (and [`Filter`]), which
//! keep them in step.
//!
//! The files: `model` (nodes, edges and their evidence), `build` (tagged episodes -> graph, on all cores),
//! `stream` (input files -> graph, a file at a time, never holding every file's words), `assemble` (a
//! graph from parts read back), `order` (the stable orders exports write in), `filter` (readable
//! subgraphs) and `catalog` (a peps.json of PEP titles and authors).

mod assemble;
mod build;
mod catalog;
mod filter;
mod model;
mod order;
mod shows;
mod stream;

use std::collections::{BTreeMap, HashSet};

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::model::{EdgeKind, NodeKind};

pub use assemble::AssembleError;
pub(crate) use build::window_around;
pub use build::{BuildOptions, TRANSCRIPT_EVIDENCE};
pub use catalog::{PepCatalog, PepCatalogError};
pub(crate) use filter::did_you_mean;
pub use filter::{Filter, FilterError};
pub use model::{
    CUT_AFTER, CUT_BEFORE, Edge, EdgeData, EdgeView, Evidence, EvidenceSource, EvidenceView,
    GraphInfo, Node, PassageSpan, SNIPPET_CHARS, TITLE_CHARS, generator, moment_link, quote_title,
};
pub(crate) use order::EdgeOrder;
pub use shows::{ShowKey, episode_hosts, episode_id, merge_episodes, show_of};
pub use stream::Planned;

use model::StoredEvidence;

/// The knowledge graph: nodes by id, edges with their evidence. Read it through its methods (or
/// [`KnowledgeGraph::graph`] for petgraph's algorithms); change it only through [`KnowledgeGraph::retain`]
/// and [`Filter`], which keep the id index in step with the graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    info: GraphInfo,
    index: foldhash::HashMap<String, NodeIndex>,
    /// Every edge's evidence, each edge's items side by side.
    evidence: Vec<StoredEvidence>,
    /// The words around transcript evidence, one snippet a line: the episodes do not keep a transcript's
    /// words, so the graph keeps what its evidence quotes.
    snippets: String,
    /// Each edge's transcript passages, for the edges that have any: all of them, however few items of
    /// evidence the edge keeps (an edge has no room for them: it stays sixteen bytes).
    passages: foldhash::HashMap<EdgeIndex, Box<[PassageSpan]>>,
    /// What the build left out and why (an episode naming too many distinct issues), for the caller to
    /// report: the library never prints.
    warnings: Vec<crate::ingest::Warning>,
}

impl KnowledgeGraph {
    /// The petgraph graph, to read: node weights are [`Node`]s, edge weights [`Edge`]s (read their evidence
    /// through [`KnowledgeGraph::edge`]).
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    pub fn info(&self) -> &GraphInfo {
        &self.info
    }

    /// The build's warnings, in episode order: empty for a graph read back from a file.
    pub fn warnings(&self) -> &[crate::ingest::Warning] {
        &self.warnings
    }

    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_index(id).map(|i| &self.graph[i])
    }

    /// Every node, in the graph's own (insertion) order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every edge, in the graph's own (insertion) order; [`KnowledgeGraph::edges_sorted`] for the stable one.
    pub fn edges(&self) -> impl Iterator<Item = EdgeView<'_>> {
        self.graph.edge_indices().filter_map(|e| self.edge(e))
    }

    /// The edges from (`Outgoing`) or to (`Incoming`) a node.
    pub fn edges_directed(
        &self,
        node: NodeIndex,
        direction: Direction,
    ) -> impl Iterator<Item = EdgeView<'_>> {
        self.graph
            .edges_directed(node, direction)
            .map(|e| EdgeView::new(self, e))
    }

    /// The edge from the node `source` to the node `target` (ids), if any.
    pub fn edge_between(&self, source: &str, target: &str) -> Option<EdgeView<'_>> {
        let (a, b) = (self.node_index(source)?, self.node_index(target)?);
        self.edges_directed(a, Direction::Outgoing)
            .find(|e| e.target() == b)
    }

    /// An edge of [`KnowledgeGraph::graph`] with its evidence.
    pub fn edge(&self, edge: petgraph::stable_graph::EdgeIndex) -> Option<EdgeView<'_>> {
        let ends = self.graph.edge_endpoints(edge)?;
        Some(EdgeView::at(
            self,
            edge,
            ends,
            self.graph.edge_weight(edge)?,
        ))
    }

    /// How many nodes of each kind.
    pub fn count_by_kind(&self) -> BTreeMap<NodeKind, usize> {
        let mut counts = BTreeMap::new();
        for node in self.graph.node_weights() {
            *counts.entry(node.kind).or_insert(0) += 1;
        }
        counts
    }

    /// How many episodes have a direct edge to a node.
    pub fn episode_count(&self, node: NodeIndex) -> usize {
        self.graph
            .edges_directed(node, Direction::Incoming)
            .filter(|e| e.weight().kind().is_episode_edge())
            .map(|e| e.source())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Keep only the nodes `keep` accepts (and the edges between them); the id index follows.
    pub fn retain(&mut self, keep: impl Fn(NodeIndex, &Node) -> bool) {
        let drop: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| !keep(i, &self.graph[i]))
            .collect();
        for i in drop {
            if let Some(node) = self.graph.remove_node(i) {
                self.index.remove(&node.id);
            }
        }
        // A removed edge's index may be given to an edge added later.
        let graph = &self.graph;
        self.passages.retain(|&e, _| graph.edge_weight(e).is_some());
    }

    /// A node, added unless one with its id is there already.
    fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&node.id) {
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    /// Add an edge whose evidence is the pool's items from `first` on, of `count` in all, carried by
    /// `passages` of a transcript.
    fn add_edge_to_evidence(
        &mut self,
        (a, b): (NodeIndex, NodeIndex),
        kind: EdgeKind,
        seconds: Option<u32>,
        (first, count): (u32, u32),
        passages: Vec<PassageSpan>,
    ) {
        let end = self.evidence.len() as u32;
        let edge = self
            .graph
            .add_edge(a, b, Edge::new(kind, seconds, first..end, count));
        if !passages.is_empty() {
            self.passages.insert(edge, passages.into_boxed_slice());
        }
    }

    /// The transcript passages of edge `edge` (see [`EdgeView::passages`]).
    fn passages_of(&self, edge: EdgeIndex) -> &[PassageSpan] {
        self.passages.get(&edge).map_or(&[], |p| p)
    }

    /// An edge's items of the evidence pool.
    fn stored_evidence(&self, edge: &Edge) -> &[StoredEvidence] {
        self.evidence.get(edge.evidence_range()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_node_graph() -> KnowledgeGraph {
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(Node::new("episode:1", NodeKind::Episode, "Episode 1"));
        let b = kg.add_node(Node::new("pep:703", NodeKind::Pep, "PEP 703"));
        kg.add_edge_to_evidence((a, b), EdgeKind::Discusses, Some(0), (0, 0), Vec::new());
        kg
    }

    /// The graph and its id index change together: a node removed is no longer found by id, and every node
    /// left is found at its own index (removing through a public `graph` field once made `node` panic).
    #[test]
    fn removing_nodes_keeps_the_id_index_consistent() {
        let mut kg = two_node_graph();
        kg.retain(|_, node| node.id != "episode:1");
        assert!(kg.node("episode:1").is_none() && kg.node_index("episode:1").is_none());
        assert_eq!(kg.node("pep:703").map(|n| n.kind), Some(NodeKind::Pep));
        assert_eq!(kg.edge_count(), 0);
        for node in kg.nodes() {
            assert_eq!(kg.node(&node.id), Some(node));
        }
        assert_eq!(kg.index.len(), kg.node_count());
    }

    #[test]
    fn adding_a_node_twice_keeps_the_first() {
        let mut kg = two_node_graph();
        let again = kg.add_node(Node::new("pep:703", NodeKind::Pep, "another label"));
        assert_eq!(kg.node_index("pep:703"), Some(again));
        assert_eq!(
            kg.node("pep:703").map(|n| n.label.as_str()),
            Some("PEP 703")
        );
        assert_eq!(kg.node_count(), 2);
    }

    #[test]
    fn an_edge_view_shows_its_ends_by_id_not_the_whole_graph() {
        let kg = two_node_graph();
        let edge = kg.edge_between("episode:1", "pep:703").expect("the edge");
        let shown = format!("{edge:?}");
        assert!(
            shown.contains("\"episode:1\"") && shown.contains("Discusses"),
            "{shown}"
        );
        assert!(!shown.contains("index"), "{shown}");
    }

    /// A filter that drops an episode drops its edges' passages too: an edge added later may be given
    /// the index of one removed, and must not inherit its passages.
    #[test]
    fn removing_an_edge_forgets_its_passages() {
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(Node::new("episode:1", NodeKind::Episode, "Episode 1"));
        let b = kg.add_node(Node::new("pep:703", NodeKind::Pep, "PEP 703"));
        let passages = vec![PassageSpan {
            start: 5,
            seconds: 50,
        }];
        kg.add_edge_to_evidence((a, b), EdgeKind::Discusses, Some(50), (0, 0), passages);
        let edge = kg.edge_between("episode:1", "pep:703").unwrap().index();
        assert_eq!(kg.passages_of(edge).len(), 1);
        kg.retain(|_, node| node.id != "episode:1");
        assert!(kg.passages.is_empty());
    }
}
