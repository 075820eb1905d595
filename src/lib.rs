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

pub mod eval;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod output;
pub mod query;
pub mod tag;
pub mod taxonomy;

#[cfg(test)]
mod synth;
#[cfg(test)]
mod test_support;

pub use export::{ExportOptions, Format};
pub use graph::{
    BuildOptions, Edge, EdgeData, EdgeFields, EdgeKind, Evidence, EvidenceList, EvidenceRef,
    Filter, KnowledgeGraph, Node, NodeKind, PepCatalog,
};
pub use ingest::{
    Chapter, ChapterKind, ChapterRef, Chapters, Corpus, Episode, IngestError, IngestOptions,
    InputFormat, Order, Show, Warning,
};
pub use query::{Answer, QueryError};
pub use tag::{Entity, Mention, Role, Rule, Tagged, Tagger};
pub use taxonomy::{Taxonomy, TaxonomyError};
