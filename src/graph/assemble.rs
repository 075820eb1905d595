//! A graph assembled from parts (as read back from JSON): nodes, then edges whose evidence must quote
//! their source episode, since the graph keeps evidence as places in the episode's own text.

use super::model::{EvidenceSource, locate_evidence, store_snippet};
use super::{EdgeData, GraphInfo, KnowledgeGraph, Node};

/// Parts that do not make a graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssembleError {
    #[error("node `{id}` appears twice")]
    DuplicateNode { id: String },
    #[error("edge `{from}` -> `{to}` names a node that is not in the graph")]
    UnknownNode { from: String, to: String },
    #[error(
        "the evidence `{matched}` of edge `{from}` -> `{to}` is not in `{from}`'s {}",
        place(.chapter)
    )]
    EvidenceNotInEpisode {
        from: String,
        to: String,
        matched: String,
        /// The chapter title the evidence names; `None` for the description.
        chapter: Option<String>,
    },
    #[error(
        "the transcript evidence `{matched}` of edge `{from}` -> `{to}` is not in the words given with it"
    )]
    EvidenceNotInText {
        from: String,
        to: String,
        matched: String,
    },
}

fn place(chapter: &Option<String>) -> String {
    match chapter {
        Some(title) => format!("chapter `{title}`"),
        None => "description".into(),
    }
}

impl KnowledgeGraph {
    /// Assemble a graph from nodes and edges (as read back from JSON). Evidence must quote the source
    /// episode: its description, or a chapter it has (same start and title) and words of that chapter.
    pub fn from_parts(
        info: GraphInfo,
        nodes: Vec<Node>,
        edges: Vec<(String, String, EdgeData)>,
    ) -> Result<Self, AssembleError> {
        let mut kg = KnowledgeGraph {
            info,
            ..Default::default()
        };
        for node in nodes {
            if kg.index.contains_key(&node.id) {
                return Err(AssembleError::DuplicateNode { id: node.id });
            }
            kg.add_node(node);
        }
        for (source, target, data) in edges {
            let (Some(a), Some(b)) = (kg.node_index(&source), kg.node_index(&target)) else {
                return Err(AssembleError::UnknownNode {
                    from: source,
                    to: target,
                });
            };
            let first = kg.evidence.len() as u32;
            for item in &data.evidence {
                // A transcript's words are not in the episode: the item's own text is kept.
                if item.source == Some(EvidenceSource::Transcript) || item.text.is_some() {
                    let Some(stored) = store_snippet(&mut kg.snippets, item) else {
                        return Err(AssembleError::EvidenceNotInText {
                            from: source,
                            to: target,
                            matched: item.matched.clone(),
                        });
                    };
                    kg.evidence.push(stored);
                    continue;
                }
                let Some(stored) = locate_evidence(&kg.graph[a], item) else {
                    return Err(AssembleError::EvidenceNotInEpisode {
                        from: source,
                        to: target,
                        matched: item.matched.clone(),
                        chapter: item.title.as_deref().map(str::to_string),
                    });
                };
                kg.evidence.push(stored);
            }
            let count = data.count.unwrap_or(0).max(data.evidence.len() as u32);
            let mut passages = data.passages;
            passages.sort_unstable();
            passages.dedup();
            kg.add_edge_to_evidence((a, b), data.kind, data.seconds, (first, count), passages);
        }
        Ok(kg)
    }
}
