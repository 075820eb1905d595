//! Filters that keep a picture readable: some kinds, one episode and its neighbours, the nodes near one
//! node, or the nodes discussed in enough episodes. They remove nodes through
//! [`KnowledgeGraph::retain`], so the id index stays right.

use std::collections::{HashMap, HashSet};

use petgraph::stable_graph::NodeIndex;

use super::KnowledgeGraph;
use crate::model::{NodeKind, slugify};

/// Filters that keep a picture readable.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep only these kinds (all when empty).
    pub kinds: Vec<NodeKind>,
    /// Keep one episode and its neighbours: by id (`episode:corepy/13`), as `corepy/13`, or by number
    /// alone when one show has an episode of that number.
    pub episode: Option<String>,
    /// Keep the nodes within `depth` steps of this node id.
    pub focus: Option<(String, usize)>,
    /// Keep non-episode nodes discussed in at least this many episodes.
    pub min_episodes: Option<usize>,
}

/// Errors applying a filter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    #[error("no node `{id}` in the graph{}", hint(.near))]
    UnknownNode {
        id: String,
        /// Ids that look like it, for "did you mean".
        near: Vec<String>,
    },
}

fn hint(near: &[String]) -> String {
    did_you_mean(
        near,
        "ids look like `episode:corepy/13`, `pep:703`, `topic:jit`, `person:brandt-bucher`",
    )
}

/// The end of a message about a name not found: `; did you mean `a`, `b`?`, or `; {otherwise}` when no
/// name is near.
pub(crate) fn did_you_mean(near: &[String], otherwise: &str) -> String {
    if near.is_empty() {
        format!("; {otherwise}")
    } else {
        let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        format!("; did you mean {}?", near.join(", "))
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.episode.is_none()
            && self.focus.is_none()
            && self.min_episodes.is_none()
    }

    /// Apply the filter to a graph.
    pub fn apply(&self, kg: &mut KnowledgeGraph) -> Result<(), FilterError> {
        if let Some(min) = self.min_episodes {
            let counts: HashMap<NodeIndex, usize> = kg
                .graph()
                .node_indices()
                .map(|i| (i, kg.episode_count(i)))
                .collect();
            kg.retain(|i, node| node.kind == NodeKind::Episode || counts[&i] >= min);
        }
        if let Some(key) = &self.episode {
            let id = episode_id(kg, key);
            let keep = neighbourhood(kg, &id, 1)?;
            kg.retain(|i, _| keep.contains(&i));
        }
        if let Some((id, depth)) = &self.focus {
            let keep = neighbourhood(kg, id, *depth)?;
            kg.retain(|i, _| keep.contains(&i));
        }
        if !self.kinds.is_empty() {
            kg.retain(|_, node| self.kinds.contains(&node.kind));
        }
        Ok(())
    }
}

/// The id of the episode `key` names: an id, `<show>/<number>`, or a number one show alone has.
fn episode_id(kg: &KnowledgeGraph, key: &str) -> String {
    if kg.node_index(key).is_some() {
        return key.to_string();
    }
    let bare = key.strip_prefix("episode:").unwrap_or(key);
    let id = format!("episode:{bare}");
    if kg.node_index(&id).is_some() {
        return id;
    }
    let suffix = format!("/{bare}");
    let mut matching = kg
        .nodes()
        .filter(|n| n.kind == NodeKind::Episode && n.id.ends_with(&suffix));
    match (matching.next(), matching.next()) {
        (Some(only), None) => only.id.clone(),
        _ => id,
    }
}

/// The nodes within `depth` steps of `id`, following edges both ways.
fn neighbourhood(
    kg: &KnowledgeGraph,
    id: &str,
    depth: usize,
) -> Result<HashSet<NodeIndex>, FilterError> {
    let start = kg.node_index(id).ok_or_else(|| unknown_node(kg, id))?;
    let mut seen = HashSet::from([start]);
    let mut frontier = vec![start];
    for _ in 0..depth {
        let mut next = Vec::new();
        for node in frontier {
            for neighbour in kg.graph().neighbors_undirected(node) {
                if seen.insert(neighbour) {
                    next.push(neighbour);
                }
            }
        }
        frontier = next;
    }
    Ok(seen)
}

/// The error for an id the graph lacks, with the ids that look like it.
fn unknown_node(kg: &KnowledgeGraph, id: &str) -> FilterError {
    let slug = slugify(id.split(':').next_back().unwrap_or(id));
    let near = kg
        .nodes()
        .map(|n| n.id.as_str())
        .filter(|n| !slug.is_empty() && n.contains(&slug))
        .take(5)
        .map(str::to_string)
        .collect();
    FilterError::UnknownNode {
        id: id.to_string(),
        near,
    }
}
