//! The nodes the taxonomy links to what a question names, each with how many links away it is: a PEP's
//! topics, a topic's parent, children and PEPs, a person's PEPs and their topics. Episodes reached through
//! a closer node rank first.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, NodeKind, ids};
use crate::taxonomy::{Taxonomy, fold};

/// How far the taxonomy is followed: past three links an answer is no longer about the question.
const MAX_LINKS: u32 = 3;

/// The node of entity `id` (at 0) and the nodes reached from it (at 1, 2, ...), each once, nearest
/// first. An entity no episode names has no node; the taxonomy then gives its first links (a PEP's
/// topics, a topic's parent and children, the PEPs a person wrote) where those have nodes.
pub(super) fn related(kg: &KnowledgeGraph, taxonomy: &Taxonomy, id: &str) -> Vec<(NodeIndex, u32)> {
    let starts: Vec<(NodeIndex, u32)> = match kg.node_index(id) {
        Some(node) => vec![(node, 0)],
        None => first_links(taxonomy, id)
            .iter()
            .filter_map(|id| kg.node_index(id))
            .map(|node| (node, 1))
            .collect(),
    };
    let asked = kg.node_index(id);
    let mut best: BTreeMap<NodeIndex, u32> = BTreeMap::new();
    let mut queue: BinaryHeap<Reverse<(u32, NodeIndex)>> = BinaryHeap::new();
    for &(node, links) in &starts {
        best.insert(node, links);
        queue.push(Reverse((links, node)));
    }
    let mut out = Vec::new();
    while let Some(Reverse((links, node))) = queue.pop() {
        if best.get(&node) != Some(&links) || out.iter().any(|&(n, _)| n == node) {
            continue;
        }
        out.push((node, links));
        for (next, cost) in links_from(kg, node, Some(node) == asked) {
            let reached = links + cost;
            if reached <= MAX_LINKS && best.get(&next).is_none_or(|&b| reached < b) {
                best.insert(next, reached);
                queue.push(Reverse((reached, next)));
            }
        }
    }
    out
}

/// The nodes one link from `node`, each with what the link costs. A topic's parent is broader than the
/// topic, so it costs two links, and it is followed only from the topic asked about: from a topic reached
/// on the way it would lead to the parent's other children, which are not about the question.
fn links_from(kg: &KnowledgeGraph, node: NodeIndex, asked: bool) -> Vec<(NodeIndex, u32)> {
    let along = |kind: EdgeKind, dir: Direction| -> Vec<NodeIndex> {
        kg.edges_directed(node, dir)
            .filter(|e| e.kind() == kind)
            .map(|e| match dir {
                Direction::Outgoing => e.target(),
                Direction::Incoming => e.source(),
            })
            .collect()
    };
    let one = |nodes: Vec<NodeIndex>| nodes.into_iter().map(|n| (n, 1));
    match kg.graph()[node].kind {
        NodeKind::Pep => one(along(EdgeKind::About, Direction::Outgoing)).collect(),
        NodeKind::Topic => {
            let mut out: Vec<(NodeIndex, u32)> =
                one(along(EdgeKind::SubtopicOf, Direction::Incoming)).collect();
            out.extend(one(along(EdgeKind::About, Direction::Incoming)));
            if asked {
                let parents = along(EdgeKind::SubtopicOf, Direction::Outgoing);
                out.extend(parents.into_iter().map(|n| (n, 2)));
            }
            out
        }
        NodeKind::Person => one(along(EdgeKind::Authored, Direction::Outgoing)).collect(),
        NodeKind::Episode | NodeKind::Show => Vec::new(),
        _ => one(along(EdgeKind::About, Direction::Outgoing)).collect(),
    }
}

/// The ids one link from entity `id` in the taxonomy itself.
fn first_links(taxonomy: &Taxonomy, id: &str) -> Vec<String> {
    let topic_id = |i: usize| ids::topic(&taxonomy.topics()[i].id);
    if let Some(number) = id.strip_prefix("pep:").and_then(|n| n.parse().ok()) {
        return taxonomy
            .pep_owners(number)
            .iter()
            .map(|&i| topic_id(i))
            .collect();
    }
    if let Some(topic) = id
        .strip_prefix("topic:")
        .and_then(|t| taxonomy.topic_index(t))
    {
        let mut out: Vec<String> = taxonomy.children(topic).map(topic_id).collect();
        out.extend(taxonomy.topics()[topic].parent.map(topic_id));
        return out;
    }
    if let Some(person) = taxonomy.person_index(id) {
        let name = fold(&taxonomy.people()[person].name);
        return taxonomy
            .peps()
            .filter(|(_, info)| info.authors.iter().any(|a| fold(a) == name))
            .map(|(number, _)| ids::pep(number))
            .collect();
    }
    Vec::new()
}
