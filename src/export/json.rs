//! NetworkX node-link JSON: the contract's JSON form, and the form `query --graph` reads back.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ExportOptions;
use crate::graph::{EdgeData, EdgeKind, EdgeOrder, EvidenceList, GraphInfo, KnowledgeGraph, Node};

#[derive(Serialize)]
struct JsonEdge<'a> {
    source: &'a str,
    target: &'a str,
    // The fields of `EdgeFields`, written out rather than flattened: flattening goes through a map
    // serializer, which is slower for millions of edges.
    kind: EdgeKind,
    #[serde(skip_serializing_if = "EvidenceList::is_empty")]
    evidence: EvidenceList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds: Option<u32>,
}

/// Elements serialized per task, and per window (the tasks serialized while the window before is written):
/// enough to keep both cores busy, little enough that the buffers stay a few megabytes.
const TASK: usize = 256;
const WINDOW: usize = 8 * TASK;

/// Write the graph as NetworkX node-link JSON (`networkx.node_link_graph(data)` reads it), indented unless
/// `options.compact`.
///
/// The document is streamed from the graph without building a copy of it: nodes and edges are serialized
/// in windows, each window's elements on every core into their own buffers, which are then written in
/// order. The bytes are those `serde_json` writes for the whole document at once.
pub fn write(kg: &KnowledgeGraph, options: &ExportOptions, out: &mut dyn Write) -> io::Result<()> {
    let layout = Layout {
        pretty: !options.compact,
        overlap: kg.graph.node_count() > WINDOW,
    };
    out.write_all(b"{")?;
    for (key, value) in [("directed", "true"), ("multigraph", "false")] {
        layout.key(out, key)?;
        out.write_all(value.as_bytes())?;
        out.write_all(b",")?;
    }
    layout.key(out, "graph")?;
    let info = layout.element(&kg.info, 1)?;
    out.write_all(&info)?;
    out.write_all(b",")?;
    let order = EdgeOrder::new(kg);
    let nodes = order.sources();
    layout.key(out, "nodes")?;
    layout.array(out, nodes.chunks(WINDOW).map(<[_]>::to_vec), |&i| {
        &kg.graph[i]
    })?;
    out.write_all(b",")?;
    // Edges a window of sources at a time, in their stable order.
    let edges = nodes.chunks(TASK).map(|sources| {
        sources
            .iter()
            .flat_map(|&node| order.edges_from(node))
            .collect::<Vec<_>>()
    });
    layout.key(out, &options.edges_key)?;
    layout.array(out, edges, |&(a, b, edge)| {
        let fields = kg.edge_fields(a, edge);
        JsonEdge {
            source: &kg.graph[a].id,
            target: &kg.graph[b].id,
            kind: fields.kind,
            evidence: fields.evidence,
            seconds: fields.seconds,
        }
    })?;
    out.write_all(if layout.pretty { b"\n}\n" } else { b"}\n" })
}

/// Where the document's bytes go: `serde_json`'s compact form, or its pretty form (two-space indents).
struct Layout {
    pretty: bool,
    /// Whether a thread serializes the next window while this one writes. A graph of one window of nodes
    /// has little to overlap, and starting the thread and waiting for it would cost more than it saves.
    overlap: bool,
}

impl Layout {
    /// `"key":` of the top-level object, on its own line when pretty.
    fn key(&self, out: &mut dyn Write, key: &str) -> io::Result<()> {
        if self.pretty {
            out.write_all(b"\n  ")?;
        }
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(if self.pretty { b": " } else { b":" })
    }

    /// A value nested `depth` levels deep in the document.
    fn element(&self, value: &impl Serialize, depth: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.element_into(value, depth, &mut Vec::new(), &mut out)?;
        Ok(out)
    }

    /// Append a value nested `depth` levels deep to `out`. Pretty JSON indents each line of it by two
    /// spaces per level (JSON strings never hold a raw newline, so every newline is the layout's);
    /// `scratch` is room for the unindented text, reused from one value to the next.
    fn element_into(
        &self,
        value: &impl Serialize,
        depth: usize,
        scratch: &mut Vec<u8>,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        if !self.pretty {
            return Ok(serde_json::to_writer(&mut *out, value)?);
        }
        scratch.clear();
        serde_json::to_writer_pretty(&mut *scratch, value)?;
        for (n, line) in scratch.split(|&b| b == b'\n').enumerate() {
            if n > 0 {
                out.push(b'\n');
                out.resize(out.len() + 2 * depth, b' ');
            }
            out.extend_from_slice(line);
        }
        Ok(())
    }

    /// An array of the top-level object, given in batches. A thread serializes the items a window at a
    /// time, on every core, while this one writes the window before: writing a gigabyte costs the
    /// kernel as much as serializing it.
    fn array<T: Sync, V: Serialize>(
        &self,
        out: &mut dyn Write,
        batches: impl Iterator<Item = Vec<T>> + Send,
        value: impl Fn(&T) -> V + Sync,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        let separator: &[u8] = if self.pretty { b",\n    " } else { b"," };
        let task = |chunk: &[T]| -> io::Result<Vec<u8>> {
            let (mut buffer, mut scratch) = (Vec::new(), Vec::new());
            for (n, item) in chunk.iter().enumerate() {
                if n > 0 {
                    buffer.extend_from_slice(separator);
                }
                self.element_into(&value(item), 2, &mut scratch, &mut buffer)?;
            }
            Ok(buffer)
        };
        let serialize = |window: &[T]| -> Vec<io::Result<Vec<u8>>> {
            if window.len() <= TASK {
                vec![task(window)]
            } else {
                window.par_chunks(TASK).map(task).collect()
            }
        };
        let mut empty = true;
        let mut write_window = |buffers: Vec<io::Result<Vec<u8>>>| -> io::Result<()> {
            for buffer in buffers {
                out.write_all(match empty {
                    true if self.pretty => b"[\n    ",
                    true => b"[",
                    false => separator,
                })?;
                empty = false;
                out.write_all(&buffer?)?;
            }
            Ok(())
        };
        // On a pool thread, waiting for a producer that needs the pool could wait forever: no overlap.
        if !self.overlap || rayon::current_thread_index().is_some() {
            for batch in batches {
                for window in batch.chunks(WINDOW) {
                    write_window(serialize(window))?;
                }
            }
        } else {
            write_overlapped(batches, &serialize, &mut write_window)?;
        }
        out.write_all(match empty {
            true => b"[]",
            false if self.pretty => b"\n  ]",
            false => b"]",
        })
    }
}

/// Serialize windows on a producer thread while `write` takes the window before.
fn write_overlapped<T: Sync>(
    batches: impl Iterator<Item = Vec<T>> + Send,
    serialize: &(impl Fn(&[T]) -> Vec<io::Result<Vec<u8>>> + Sync),
    write: &mut impl FnMut(Vec<io::Result<Vec<u8>>>) -> io::Result<()>,
) -> io::Result<()> {
    std::thread::scope(|scope| {
        // One window ahead: memory stays at two windows' buffers.
        let (send, windows) = std::sync::mpsc::sync_channel::<Vec<io::Result<Vec<u8>>>>(1);
        scope.spawn(move || {
            for batch in batches {
                for window in batch.chunks(WINDOW) {
                    if send.send(serialize(window)).is_err() {
                        return; // The writer failed and stopped listening.
                    }
                }
            }
        });
        for buffers in windows {
            write(buffers)?;
        }
        Ok(())
    })
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
    edge: EdgeData,
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
