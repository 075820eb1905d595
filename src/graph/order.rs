//! The stable orders exports write in: nodes by kind, then episodes by number and others by id; edges by
//! source, then kind, then target. Two builds of the same notes write the same bytes.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;

use super::{EdgeView, KnowledgeGraph, Node};
use crate::model::NodeKind;

impl KnowledgeGraph {
    /// Nodes in a stable order: by kind, then episodes by number and others by id.
    pub fn nodes_sorted(&self) -> Vec<NodeIndex> {
        let mut nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
        nodes
            .sort_unstable_by(|&a, &b| node_order(&self.graph[a]).cmp(&node_order(&self.graph[b])));
        nodes
    }

    /// Edges in a stable order: by source, then kind, then target (sources and targets in the order of
    /// [`KnowledgeGraph::nodes_sorted`]).
    pub fn edges_sorted(&self) -> Vec<EdgeView<'_>> {
        let order = EdgeOrder::new(self);
        order
            .sources()
            .iter()
            .flat_map(|&node| order.edges_from(node))
            .collect()
    }
}

/// The stable edge order, a source at a time: a graph of millions of edges is written without sorting
/// (or holding) all of them at once.
pub(crate) struct EdgeOrder<'a> {
    kg: &'a KnowledgeGraph,
    sources: Vec<NodeIndex>,
    /// A node's place in `sources`, by node index (cheaper than a map for millions of edges).
    position: Vec<u32>,
}

impl<'a> EdgeOrder<'a> {
    pub(crate) fn new(kg: &'a KnowledgeGraph) -> Self {
        let sources = kg.nodes_sorted();
        let mut position = vec![0u32; kg.graph.node_bound()];
        for (place, node) in sources.iter().enumerate() {
            position[node.index()] = place as u32;
        }
        EdgeOrder {
            kg,
            sources,
            position,
        }
    }

    /// Every node, in the order of [`KnowledgeGraph::nodes_sorted`].
    pub(crate) fn sources(&self) -> &[NodeIndex] {
        &self.sources
    }

    /// The edges from `node`, by kind, then target.
    pub(crate) fn edges_from(&self, node: NodeIndex) -> Vec<EdgeView<'a>> {
        let mut edges: Vec<EdgeView<'a>> = self
            .kg
            .graph
            .edges(node)
            .map(|e| EdgeView::new(self.kg, e))
            .collect();
        edges.sort_unstable_by_key(|e| (e.kind(), self.position[e.target().index()]));
        edges
    }
}

fn node_order(node: &Node) -> (NodeKind, u32, &str) {
    let number = if node.kind == NodeKind::Episode {
        node.number.unwrap_or(u32::MAX)
    } else {
        0
    };
    (node.kind, number, &node.id)
}
