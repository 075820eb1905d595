//! NetworkX node-link JSON: the contract's JSON form, and the form `query --graph` reads back.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use petgraph::stable_graph::NodeIndex;

use serde::Deserialize;

use super::{ExportOptions, Spec};
use crate::graph::{
    AssembleError, EdgeData, EdgeOrder, EdgeView, EvidenceSource, EvidenceView, GraphInfo,
    KnowledgeGraph, Node,
};
use crate::ingest::{ChapterKind, ChapterRef, Chapters, JsonSyntax};
use crate::model::NodeKind;

mod text;

use text::JsonText;

pub(super) const SPEC: Spec = Spec {
    name: "json",
    description: "NetworkX node-link JSON, the graph contract's own form",
    aliases: &["networkx", "node-link"],
    extensions: &["json"],
    write,
};

/// Nodes written per task: a task's buffer is some hundreds of kilobytes, many times the cost of handing
/// it over, few enough to keep a handful in flight.
const NODES_PER_TASK: usize = 256;

/// Edges written per task, whatever their sources: an episode naming fifty thousand things is written in
/// pieces, not as one buffer of all its edges (52 MB for the 1 MiB title of PEP numbers of
/// docs/reliability.md).
const EDGES_PER_TASK: usize = 512;

/// Write the graph as NetworkX node-link JSON (`networkx.node_link_graph(data)` reads it): one node or
/// edge a line, each top-level member on a line of its own, or all on one line when `options.compact`.
///
/// The document is streamed from the graph without building a copy of it: nodes and edges are written
/// into buffers by tasks on every core while this thread writes the buffers before, in order. A node or
/// edge is written as `serde_json` writes it compact.
pub fn write(kg: &KnowledgeGraph, options: &ExportOptions, out: &mut dyn Write) -> io::Result<()> {
    let layout = Layout {
        lines: !options.compact,
    };
    out.write_all(b"{")?;
    for (key, value) in [("directed", "true"), ("multigraph", "false")] {
        layout.key(out, key)?;
        out.write_all(value.as_bytes())?;
        out.write_all(b",")?;
    }
    layout.key(out, "graph")?;
    let mut info = Vec::new();
    write_info(&mut JsonText::value(&mut info), kg.info());
    out.write_all(&info)?;
    out.write_all(b",")?;
    let order = EdgeOrder::new(kg);
    let nodes = order.sources();
    layout.key(out, "nodes")?;
    layout.array(out, nodes.chunks(NODES_PER_TASK), |w, chunk| {
        chunk
            .iter()
            .for_each(|&node| write_node(w.item(), &kg.graph()[node]))
    })?;
    out.write_all(b",")?;
    // Edges in their stable order, in pieces of at most `EDGES_PER_TASK`.
    layout.key(out, &options.edges_key)?;
    layout.array(out, EdgeTasks::new(kg, &order), |w, task| task.write(w))?;
    out.write_all(if layout.lines { b"\n}\n" } else { b"}\n" })
}

/// A piece of the edges, written by one task: the edges of whole sources, or part of one source's edges.
enum EdgeTask<'o, 'g> {
    Sources(&'o EdgeOrder<'g>, &'o [NodeIndex]),
    Part(Arc<[EdgeView<'g>]>, Range<usize>),
}

impl EdgeTask<'_, '_> {
    fn write(&self, w: &mut JsonText) {
        match self {
            EdgeTask::Sources(order, sources) => {
                for &node in *sources {
                    write_edges(w, &order.edges_from(node));
                }
            }
            EdgeTask::Part(edges, range) => write_edges(w, &edges[range.clone()]),
        }
    }
}

/// Edges of one source, in order: the words its evidence quotes are checked for escapes once.
fn write_edges(w: &mut JsonText, edges: &[EdgeView]) {
    let Some(first) = edges.first() else {
        return;
    };
    let plain = PlainText::of(first.source_node());
    for &edge in edges {
        write_edge(w.item(), edge, &plain);
    }
}

/// The edge tasks of a document, in order: sources are taken together up to [`EDGES_PER_TASK`] edges (and
/// [`NODES_PER_TASK`] sources), and a source with more edges than that is cut into pieces of that many.
/// Counting a source's edges is a walk of its list; only a large source's are sorted here, once.
struct EdgeTasks<'o, 'g> {
    kg: &'g KnowledgeGraph,
    order: &'o EdgeOrder<'g>,
    /// The sources not yet in a task.
    rest: &'o [NodeIndex],
    /// The large source being cut into pieces, and where the next piece starts.
    cutting: Option<(Arc<[EdgeView<'g>]>, usize)>,
}

impl<'o, 'g> EdgeTasks<'o, 'g> {
    fn new(kg: &'g KnowledgeGraph, order: &'o EdgeOrder<'g>) -> Self {
        EdgeTasks {
            kg,
            order,
            rest: order.sources(),
            cutting: None,
        }
    }

    /// The next piece of the large source being cut, if any.
    fn next_piece(&mut self) -> Option<EdgeTask<'o, 'g>> {
        let (edges, start) = self.cutting.take()?;
        let end = (start + EDGES_PER_TASK).min(edges.len());
        if end < edges.len() {
            self.cutting = Some((Arc::clone(&edges), end));
        }
        Some(EdgeTask::Part(edges, start..end))
    }
}

impl<'o, 'g> Iterator for EdgeTasks<'o, 'g> {
    type Item = EdgeTask<'o, 'g>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(piece) = self.next_piece() {
            return Some(piece);
        }
        let graph = self.kg.graph();
        let mut edges = 0;
        let mut taken = 0;
        for &node in self.rest.iter().take(NODES_PER_TASK) {
            let degree = graph.edges(node).count();
            if degree > EDGES_PER_TASK && taken == 0 {
                // A large source alone, cut into pieces.
                let sorted: Arc<[EdgeView<'g>]> = self.order.edges_from(node).into();
                self.rest = &self.rest[1..];
                self.cutting = Some((sorted, 0));
                return self.next_piece();
            }
            if edges + degree > EDGES_PER_TASK && taken > 0 {
                break;
            }
            edges += degree;
            taken += 1;
        }
        if taken == 0 {
            return None;
        }
        let (sources, rest) = self.rest.split_at(taken);
        self.rest = rest;
        Some(EdgeTask::Sources(self.order, sources))
    }
}

fn write_info(w: &mut JsonText, info: &GraphInfo) {
    let GraphInfo { generator, show } = info;
    w.object(|w| {
        w.key("generator").string(generator);
        if let Some(show) = show {
            w.key("show").string(show);
        }
    });
}

/// A node as it serializes: `None` and empty lists left out, but for an episode's contract fields, which
/// are written as `null` (every field is named, so that a new one cannot be forgotten here).
fn write_node(w: &mut JsonText, node: &Node) {
    let Node {
        id,
        kind,
        label,
        show,
        number,
        title,
        date,
        description,
        duration,
        chapters,
        transcript,
        links,
        url,
        audio,
        feed,
        github,
        versions,
    } = node;
    let episode = *kind == NodeKind::Episode;
    w.object(|w| {
        w.key("id").string(id);
        w.key("kind").plain(kind.as_str());
        w.key("label").string(label);
        // Each key written on its own: a key taken from a loop would be copied by a call to `memcpy`.
        if episode || show.is_some() {
            w.key("show").string_or_null(show.as_deref());
        }
        if let Some(number) = number {
            w.key("number").u32(*number);
        } else if episode {
            w.key("number").null();
        }
        if episode || title.is_some() {
            w.key("title").string_or_null(title.as_deref());
        }
        if episode || date.is_some() {
            w.key("date").string_or_null(date.as_deref());
        }
        if episode || url.is_some() {
            w.key("url").string_or_null(url.as_deref());
        }
        if episode || audio.is_some() {
            w.key("audio").string_or_null(audio.as_deref());
        }
        if let Some(duration) = duration {
            w.key("duration").u32(*duration);
        } else if episode {
            w.key("duration").null();
        }
        if let Some(feed) = feed {
            w.key("feed").string(feed);
        }
        if let Some(description) = description {
            w.key("description").string(description);
        }
        if let Some(chapters) = chapters {
            w.key("chapters")
                .array(|w| chapters.iter().for_each(|c| write_chapter(w.item(), c)));
        }
        if let Some(counts) = transcript {
            w.key("transcript").object(|w| {
                w.key("cues").u32(counts.cues);
                w.key("passages").u32(counts.passages);
                w.key("seconds").u32(counts.seconds);
            });
        } else if episode {
            w.key("transcript").null();
        }
        if !links.is_empty() {
            write_strings(w.key("links"), links);
        }
        if let Some(github) = github {
            w.key("github").string(github);
        }
        if !versions.is_empty() {
            write_strings(w.key("versions"), versions);
        }
    });
}

fn write_strings(w: &mut JsonText, texts: &[String]) {
    w.array(|w| texts.iter().for_each(|text| w.item().string(text)));
}

fn write_chapter(w: &mut JsonText, chapter: ChapterRef) {
    let ChapterRef {
        start,
        seconds,
        title,
        kind,
        section,
        text,
        links: _,
    } = chapter;
    w.object(|w| {
        w.key("start").timestamp_or_null(start);
        w.key("seconds").u32_or_null(seconds);
        w.key("title").string(title);
        w.key("kind").plain(chapter_kind(kind));
        w.key("section").string_or_null(section);
        if let Some(text) = text {
            w.key("text").string(text);
        }
    });
}

/// The name [`ChapterKind`] serializes as.
fn chapter_kind(kind: ChapterKind) -> &'static str {
    match kind {
        ChapterKind::Intro => "intro",
        ChapterKind::Outro => "outro",
        ChapterKind::Section => "section",
        ChapterKind::Chapter => "chapter",
    }
}

/// An edge: its ends' ids and its fields; an episode's edge has its evidence, airtime (`null` when no
/// evidence has a time) and count.
fn write_edge(w: &mut JsonText, edge: EdgeView, plain: &PlainText) {
    w.object(|w| {
        w.key("source").string(&edge.source_node().id);
        w.key("target").string(&edge.target_node().id);
        w.key("kind").plain(edge.kind().as_str());
        if edge.kind().is_episode_edge() {
            w.key("evidence").array(|w| {
                edge.evidence()
                    .for_each(|e| write_evidence(w.item(), e, plain))
            });
            w.key("seconds").u32_or_null(edge.seconds());
            w.key("count").u32(edge.evidence_count() as u32);
            if !edge.passages().is_empty() {
                w.key("passages").array(|w| {
                    for passage in edge.passages() {
                        w.item().array(|w| {
                            w.item().u32(passage.start);
                            w.item().u32(passage.seconds);
                        });
                    }
                });
            }
        }
        w.key("weight").u32(edge.weight());
    });
}

/// An item of evidence, its words copied without a check when they are part of `plain`.
fn write_evidence(w: &mut JsonText, evidence: EvidenceView, plain: &PlainText) {
    let EvidenceView {
        source,
        start,
        seconds,
        matched,
        text,
        ..
    } = evidence;
    w.object(|w| {
        w.key("source").plain(source.as_str());
        w.key("start").timestamp_or_null(start);
        w.key("seconds").u32_or_null(seconds);
        match evidence.title_excerpt() {
            Some(title) => w.key("title").string_known(&title, plain.holds(&title)),
            None if source == EvidenceSource::Transcript => {}
            None => w.key("title").null(),
        }
        w.key("match").string_known(matched, plain.holds(matched));
        if let Some(text) = text {
            w.key("text").string(text);
        }
        if let Some(link) = evidence.link() {
            w.key("link").string(&link);
        }
    });
}

/// The text an episode's evidence quotes (its chapter titles and its description), each part kept only
/// when none of it needs escaping. Checking it is one pass over each part in order, which also brings it
/// into the cache: evidence read straight from the graph missed the cache for nearly every title.
struct PlainText<'a>([&'a str; 2]);

impl<'a> PlainText<'a> {
    fn of(node: &'a Node) -> Self {
        let titles = node.chapters.as_ref().map_or("", Chapters::titles);
        let description = node.description.as_deref().unwrap_or("");
        let plain = |part: &'a str| if text::needs_escaping(part) { "" } else { part };
        PlainText([plain(titles), plain(description)])
    }

    /// Whether `text` lies within a part known to need no escaping, and so needs none either.
    fn holds(&self, text: &str) -> bool {
        let inner = text.as_bytes().as_ptr_range();
        self.0.iter().any(|part| {
            let outer = part.as_bytes().as_ptr_range();
            outer.start <= inner.start && inner.end <= outer.end
        })
    }
}

/// Where the document's bytes go: `serde_json`'s compact form, or one node or edge a line.
struct Layout {
    lines: bool,
}

impl Layout {
    /// `"key":` of the top-level object, on a line of its own with [`Layout::lines`].
    fn key(&self, out: &mut dyn Write, key: &str) -> io::Result<()> {
        if self.lines {
            out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut *out, key)?;
        out.write_all(b":")
    }

    /// An array of the top-level object, whose items `write_items` writes for each of `tasks` (none, one or
    /// more items, each after [`JsonText::item`]).
    fn array<T: Send>(
        &self,
        out: &mut dyn Write,
        tasks: impl Iterator<Item = T>,
        write_items: impl Fn(&mut JsonText, &T) + Sync,
    ) -> io::Result<()> {
        // Every item is written after a comma; the array's first comma is left out.
        let fill = |task: T, buffer: &mut Vec<u8>| {
            buffer.clear();
            write_items(&mut JsonText::items_of(buffer, self.lines), &task);
        };
        let mut empty = true;
        let mut write = |buffer: &[u8]| -> io::Result<()> {
            match buffer.split_first() {
                Some((_comma, items)) if empty => {
                    out.write_all(b"[")?;
                    empty = false;
                    out.write_all(items)
                }
                _ => out.write_all(buffer),
            }
        };
        write_in_order(tasks, &fill, &mut write)?;
        out.write_all(match empty {
            true => b"[]",
            false if self.lines => b"\n]",
            false => b"]",
        })
    }
}

/// Fill a buffer for each task and write them in order: the pool fills the next ones while this thread
/// writes, since writing a gigabyte costs the kernel about as much as making it.
fn write_in_order<T: Send>(
    tasks: impl Iterator<Item = T>,
    fill: &(impl Fn(T, &mut Vec<u8>) + Sync),
    write: &mut impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut tasks = tasks.peekable();
    let Some(first) = tasks.next() else {
        return Ok(());
    };
    // One task is not worth a hand-over; on a pool thread, waiting for the pool could wait forever.
    if tasks.peek().is_none() || rayon::current_thread_index().is_some() {
        let mut buffer = Vec::new();
        for task in std::iter::once(first).chain(tasks) {
            fill(task, &mut buffer);
            write(&buffer)?;
        }
        return Ok(());
    }
    // A few tasks ahead per core: the pool never waits for the writer, and memory stays a few buffers.
    let ahead = 2 * rayon::current_num_threads() + 1;
    let mut tasks = std::iter::once(first).chain(tasks);
    rayon::in_place_scope(|scope| {
        let mut in_flight = VecDeque::with_capacity(ahead);
        let mut spare: Vec<Vec<u8>> = Vec::new();
        loop {
            while in_flight.len() < ahead
                && let Some(task) = tasks.next()
            {
                let (send, filled) = mpsc::sync_channel(1);
                let mut buffer = spare.pop().unwrap_or_default();
                scope.spawn(move |_| {
                    fill(task, &mut buffer);
                    // The writer stops listening only when it failed.
                    let _ = send.send(buffer);
                });
                in_flight.push_back(filled);
            }
            let Some(filled) = in_flight.pop_front() else {
                return Ok(());
            };
            let buffer = filled
                .recv()
                .map_err(|_| io::Error::other("a writer task panicked"))?;
            write(&buffer)?;
            spare.push(buffer);
        }
    })
}

/// Errors reading a graph back from JSON.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadGraphError {
    #[error("cannot read graph `{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "`{path}`:{line}:{column}: not a castgraph JSON graph (the node-link JSON castgraph builds); build the graph again"
    )]
    /// `source` is the JSON parser's message, without its own position (`line` and `column` are the place).
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("`{path}`: not a graph castgraph wrote; build the graph again")]
    Inconsistent {
        path: PathBuf,
        #[source]
        source: AssembleError,
    },
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
    let text =
        crate::ingest::read_string(path, crate::ingest::LARGE_FILE_MAX).map_err(|source| {
            ReadGraphError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
    let doc: JsonGraph = serde_json::from_str(&text).map_err(|e| {
        let syntax = JsonSyntax::new(&text, e);
        ReadGraphError::Format {
            path: path.to_path_buf(),
            line: syntax.line,
            column: syntax.column,
            source: Box::new(syntax),
        }
    })?;
    let edges = doc
        .edges
        .into_iter()
        .map(|e| (e.source, e.target, e.edge))
        .collect();
    KnowledgeGraph::from_parts(doc.graph, doc.nodes, edges).map_err(|source| {
        ReadGraphError::Inconsistent {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_within_plain_parts_is_known_plain() {
        let mut node = Node::new("episode:1", crate::model::NodeKind::Episode, "Episode 1");
        node.description = Some("say \"hi\" to the GIL".into());
        node.chapters = Some(vec![crate::Chapter::new(0, "The GIL, plainly")].into());
        let plain = PlainText::of(&node);
        let titles = node.chapters.as_ref().unwrap().titles();
        assert!(plain.holds(titles) && plain.holds(&titles[4..7]) && plain.holds(""));
        let description = node.description.as_deref().unwrap();
        assert!(!plain.holds(description) && !plain.holds(&description[15..]));
        assert!(!plain.holds(&String::from("The GIL")));
    }
}
