//! NetworkX node-link JSON: the contract's JSON form, and the form `query --graph` reads back.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ExportOptions;
use crate::graph::{Edge, GraphInfo, KnowledgeGraph, Node};

#[derive(Serialize)]
struct JsonEdge<'a> {
    source: &'a str,
    target: &'a str,
    #[serde(flatten)]
    edge: &'a Edge,
}

/// Write the graph as NetworkX node-link JSON (`networkx.node_link_graph(data)` reads it).
pub fn write(kg: &KnowledgeGraph, options: &ExportOptions, out: &mut dyn Write) -> io::Result<()> {
    let nodes: Vec<&Node> = kg
        .nodes_sorted()
        .into_iter()
        .map(|i| &kg.graph[i])
        .collect();
    let edges: Vec<JsonEdge> = kg
        .edges_sorted()
        .into_iter()
        .map(|(a, b, edge)| JsonEdge {
            source: &kg.graph[a].id,
            target: &kg.graph[b].id,
            edge,
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("directed".into(), Value::Bool(true));
    doc.insert("multigraph".into(), Value::Bool(false));
    doc.insert("graph".into(), serde_json::to_value(&kg.info)?);
    doc.insert("nodes".into(), serde_json::to_value(nodes)?);
    doc.insert(options.edges_key.clone(), serde_json::to_value(edges)?);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// Errors reading a graph back from JSON.
#[derive(Debug, thiserror::Error)]
pub enum ReadGraphError {
    #[error("cannot read graph `{path}`: {error}; check the path given with --graph")]
    Io { path: PathBuf, error: io::Error },
    #[error(
        "`{path}`:{line}:{column}: not a castgraph JSON graph: {message}; write one with `castgraph build -o graph.json`"
    )]
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("`{path}`: {message}; write the graph again with `castgraph build -o graph.json`")]
    Inconsistent { path: PathBuf, message: String },
}

#[derive(Deserialize)]
struct JsonGraph {
    #[serde(default)]
    graph: GraphInfo,
    nodes: Vec<Node>,
    #[serde(alias = "links")]
    edges: Vec<ReadEdge>,
}

#[derive(Deserialize)]
struct ReadEdge {
    source: String,
    target: String,
    #[serde(flatten)]
    edge: Edge,
}

/// Read a graph written by [`write`] (with `edges` or `links`).
pub fn read_json(path: &Path) -> Result<KnowledgeGraph, ReadGraphError> {
    let text = std::fs::read_to_string(path).map_err(|error| ReadGraphError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let doc: JsonGraph = serde_json::from_str(&text).map_err(|e| ReadGraphError::Format {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let edges = doc
        .edges
        .into_iter()
        .map(|e| (e.source, e.target, e.edge))
        .collect();
    KnowledgeGraph::from_parts(doc.graph, doc.nodes, edges).map_err(|message| {
        ReadGraphError::Inconsistent {
            path: path.to_path_buf(),
            message,
        }
    })
}
