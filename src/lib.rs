//! castgraph turns the show notes of podcasts about Python's internals into a knowledge graph.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! ingest   show notes (text, Markdown, RSS/Atom, JSON, transcripts) -> episodes with chapters
//! taxonomy topics.toml                                             -> checked, compiled vocabulary
//! tag      episodes + taxonomy                                     -> mentions with evidence
//! graph    mentions                                                -> petgraph knowledge graph
//! export   graph                                                   -> JSON, DOT, GraphML, Cytoscape, Mermaid, RDF
//! query    graph + question                                        -> episodes and timestamps to jump to
//! ```
//!
//! `eval` measures the tagger against hand annotations. The library never prints: readers return
//! warnings, exporters write to `impl Write`, and every error names the file and line it is about.
//!
//! # Example
//!
//! The bundled core.py corpus, tagged with the shipped taxonomy, as a graph exported to NetworkX JSON and
//! asked which episodes discuss PEP 703:
//!
//! ```
//! use castgraph::{BuildOptions, ExportOptions, Format, IngestOptions, KnowledgeGraph, Tagger, Taxonomy};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let tagger = Tagger::new(Taxonomy::builtin()?)?;
//! // No input paths: the bundled corpus.
//! let corpus = castgraph::ingest::read_inputs(&[], &IngestOptions::default())?;
//! let graph = KnowledgeGraph::build(corpus, &tagger, &BuildOptions::default());
//!
//! let mut json = Vec::new();
//! castgraph::export::write(&graph, Format::Json, &ExportOptions::default(), &mut json)?;
//! assert!(json.starts_with(b"{"));
//!
//! let answer = castgraph::query::answer(&graph, &tagger, "PEP 703", 5)?;
//! assert_eq!(answer.entities[0].id, "pep:703");
//! assert!(!answer.results.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! The default `cli` feature builds the `castgraph` command (clap, indicatif, anyhow, jemalloc). A
//! library user depends on `castgraph = { version = "0.1", default-features = false }` and gets none of it.

pub mod eval;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod model;
mod output;
pub mod query;
pub mod tag;
pub mod taxonomy;

#[cfg(test)]
mod synth;
#[cfg(test)]
mod test_support;

pub use export::{ExportOptions, Format};
pub use graph::{
    BuildOptions, EdgeData, EdgeView, Evidence, EvidenceView, Filter, KnowledgeGraph, Node,
    PepCatalog, Planned,
};
pub use ingest::{
    Chapter, ChapterKind, ChapterRef, Chapters, Corpus, Episode, IngestError, IngestOptions,
    InputFormat, Order, Show, Warning, WarningKind,
};
pub use model::{EdgeKind, NodeKind};
pub use output::printable;
pub use query::{Answer, QueryError};
pub use tag::{Entity, Mention, Role, Rule, Tagged, Tagger};
pub use taxonomy::{Taxonomy, TaxonomyError};
