//! NetworkX node-link JSON: the contract's JSON form, and the form `query --graph` reads back.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ExportOptions;
use crate::graph::{Edge, GraphInfo, KnowledgeGraph, Node};

#[derive(Serialize)]
struct JsonEdge<'a> {
    source: &'a str,
    target: &'a str,
    #[serde(flatten)]
    edge: &'a Edge,
}

/// The node-link document, serialized straight from the graph: no copy of the graph is built first, so
/// the memory needed to write a large graph is the writer's buffer.
struct Document<'a> {
    kg: &'a KnowledgeGraph,
    edges_key: &'a str,
}

impl Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let kg = self.kg;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("directed", &true)?;
        map.serialize_entry("multigraph", &false)?;
        map.serialize_entry("graph", &kg.info)?;
        map.serialize_entry(
            "nodes",
            &Seq(|| kg.nodes_sorted().into_iter().map(|i| &kg.graph[i])),
        )?;
        let edges = || {
            kg.edges_sorted().into_iter().map(|(a, b, edge)| JsonEdge {
                source: &kg.graph[a].id,
                target: &kg.graph[b].id,
                edge,
            })
        };
        map.serialize_entry(self.edges_key, &Seq(edges))?;
        map.end()
    }
}

/// A sequence serialized from an iterator, without collecting it.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Write the graph as NetworkX node-link JSON (`networkx.node_link_graph(data)` reads it), indented unless
/// `options.compact`.
pub fn write(kg: &KnowledgeGraph, options: &ExportOptions, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        kg,
        edges_key: &options.edges_key,
    };
    if options.compact {
        serde_json::to_writer(&mut *out, &doc)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
    }
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
