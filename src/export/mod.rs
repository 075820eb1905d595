//! Export: the knowledge graph -> the formats other tools read.
//!
//! NetworkX node-link JSON, Graphviz DOT, GraphML, Cytoscape.js JSON, Mermaid, RDF as Turtle or
//! JSON-LD (schema.org), and the explorer page (HTML); and the views drawn as SVG ([`write_map`]). Every exporter writes to `impl Write` and escapes chapter titles, which are
//! untrusted text, for the language it writes.
//!
//! Each format's file holds its writer and its `Spec` (name, description, other names, file
//! extensions); [`Format`] lists the formats, and `Format::spec` is the one place that maps a format
//! to its file. Adding a format is a new file and one arm of `Format` (see docs/architecture.md).

mod cytoscape;
mod dot;
mod graphml;
mod grid;
mod html;
mod json;
mod mermaid;
mod palette;
mod rdf;
mod svg;
mod text;
mod topic_map;

use std::io::{self, Write};
use std::path::Path;

use crate::graph::KnowledgeGraph;

pub use html::{CYTOSCAPE_JS, CYTOSCAPE_VERSION};
pub use json::{ReadGraphError, read_json};
pub use mermaid::{MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE, mermaid_limits_exceeded};
pub use rdf::{BASE as RDF_BASE, VOCAB as RDF_VOCAB, node_iri};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// NetworkX node-link JSON.
    Json,
    /// Graphviz DOT.
    Dot,
    /// GraphML, for NetworkX, Gephi and yEd.
    GraphMl,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// A Mermaid flowchart.
    Mermaid,
    /// RDF Turtle (schema.org).
    Turtle,
    /// RDF JSON-LD (schema.org), with an inline @context.
    JsonLd,
    /// The explorer: one offline HTML page with search, entity pages and a graph view.
    Html,
}

/// What a format's file tells about it: how it is named and written.
struct Spec {
    /// The name on the command line.
    name: &'static str,
    /// One line for `--help` and error messages.
    description: &'static str,
    /// Other names [`Format::from_name`] accepts.
    aliases: &'static [&'static str],
    /// The file name endings that ask for the format, without the dot (`cy.json`).
    extensions: &'static [&'static str],
    write: fn(&KnowledgeGraph, &ExportOptions, &mut dyn Write) -> io::Result<()>,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Json,
        Format::Dot,
        Format::GraphMl,
        Format::Cytoscape,
        Format::Mermaid,
        Format::Turtle,
        Format::JsonLd,
        Format::Html,
    ];

    /// The file that writes the format: the one place a format is mapped to its code.
    fn spec(self) -> &'static Spec {
        match self {
            Format::Json => &json::SPEC,
            Format::Dot => &dot::SPEC,
            Format::GraphMl => &graphml::SPEC,
            Format::Cytoscape => &cytoscape::SPEC,
            Format::Mermaid => &mermaid::SPEC,
            Format::Turtle => &rdf::TURTLE,
            Format::JsonLd => &rdf::JSONLD,
            Format::Html => &html::SPEC,
        }
    }

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What the format is, in a few words (`NetworkX node-link JSON`).
    pub fn description(self) -> &'static str {
        self.spec().description
    }

    /// The file name endings that ask for the format, without the dot (`dot`, `gv`, `cy.json`).
    pub fn extensions(self) -> &'static [&'static str] {
        self.spec().extensions
    }

    /// Parse a format name or one of its other names (`json`, `dot`, `gv`, `graphml`, `cytoscape`,
    /// `mermaid`, `mmd`, `turtle`, `ttl`, `jsonld`, `json-ld`), in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        Format::ALL.into_iter().find(|format| {
            let spec = format.spec();
            spec.name == name || spec.aliases.contains(&name.as_str())
        })
    }

    /// The format an output file's name asks for (`graph.dot`, `graph.cy.json`, `graph.jsonld`): the longest
    /// of the formats' extensions it ends with, else its extension read as a format name.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let ends_with = |ext: &str| {
            name.len() > ext.len() + 1
                && name.ends_with(ext)
                && name[..name.len() - ext.len()].ends_with('.')
        };
        let by_extension = Format::ALL
            .into_iter()
            .flat_map(|format| format.extensions().iter().map(move |ext| (ext, format)))
            .filter(|(ext, _)| ends_with(ext))
            .max_by_key(|(ext, _)| ext.len())
            .map(|(_, format)| format);
        by_extension.or_else(|| Format::from_name(path.extension()?.to_str()?))
    }
}

/// The views drawn as SVG directly (no Graphviz), for a screen and a printed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MapView {
    /// Topics on a circle, sized by episodes, joined by how many episodes they share.
    Topics,
    /// Rows of topics, columns of episodes, cells shaded by airtime.
    Grid,
}

impl MapView {
    pub const ALL: [MapView; 2] = [MapView::Topics, MapView::Grid];

    /// The view's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MapView::Topics => "topics",
            MapView::Grid => "grid",
        }
    }

    /// What the view shows, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            MapView::Topics => {
                "topics sized by episodes, linked by how many episodes they share (SVG)"
            }
            MapView::Grid => "topics by episodes, cells shaded by airtime (SVG)",
        }
    }
}

/// Draw a view of the graph's topics discussed in at least `min_episodes` episodes as SVG.
pub fn write_map(
    graph: &KnowledgeGraph,
    view: MapView,
    min_episodes: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    match view {
        MapView::Topics => topic_map::write(graph, min_episodes, out),
        MapView::Grid => grid::write(graph, min_episodes, out),
    }
}

/// Options for exporters.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The key for JSON edges: `edges` (NetworkX 3.6+) or `links` (d3, older NetworkX).
    pub edges_key: String,
    /// JSON on one line instead of one node or edge a line (each top-level member on a line of its own).
    pub compact: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            edges_key: "edges".to_string(),
            compact: false,
        }
    }
}

/// Write a graph in a format.
pub fn write(
    graph: &KnowledgeGraph,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    (format.spec().write)(graph, options, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        for (name, format) in [
            ("g.json", Format::Json),
            ("g.cy.json", Format::Cytoscape),
            ("G.CYJS", Format::Cytoscape),
            ("g.dot", Format::Dot),
            ("g.gv", Format::Dot),
            ("g.graphml", Format::GraphMl),
            ("g.mmd", Format::Mermaid),
            ("g.md", Format::Mermaid),
            ("g.ttl", Format::Turtle),
            ("g.turtle", Format::Turtle),
            ("g.jsonld", Format::JsonLd),
        ] {
            assert_eq!(
                Format::from_extension(Path::new(name)),
                Some(format),
                "{name}"
            );
        }
        assert_eq!(Format::from_extension(Path::new("g.png")), None);
        assert_eq!(Format::from_extension(Path::new("json")), None);
    }

    #[test]
    fn every_format_name_round_trips() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            assert_eq!(
                Format::from_name(&format.name().to_uppercase()),
                Some(format)
            );
        }
    }

    #[test]
    fn every_format_has_a_description_and_its_extensions_ask_for_it() {
        for format in Format::ALL {
            assert!(!format.description().is_empty(), "{}", format.name());
            for ext in format.extensions() {
                let path = format!("graph.{ext}");
                assert_eq!(
                    Format::from_extension(Path::new(&path)),
                    Some(format),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn names_and_aliases_name_one_format_each() {
        let mut seen = std::collections::HashSet::new();
        for format in Format::ALL {
            let spec = format.spec();
            for name in std::iter::once(&spec.name).chain(spec.aliases) {
                assert!(seen.insert(*name), "`{name}` names two formats");
            }
        }
    }
}
