//! Export: the knowledge graph -> the formats other tools read.
//!
//! NetworkX node-link JSON, Graphviz DOT, GraphML, Cytoscape.js JSON, Mermaid, and RDF as Turtle or
//! JSON-LD (schema.org). Every exporter writes to `impl Write` and escapes chapter titles, which are
//! untrusted text, for the language it writes.

mod cytoscape;
mod dot;
mod graphml;
mod json;
mod mermaid;
mod rdf;

use std::io::{self, Write};
use std::path::Path;

use crate::graph::KnowledgeGraph;

pub use json::{ReadGraphError, read_json};
pub use mermaid::{MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE, mermaid_limits_exceeded};
pub use rdf::{BASE as RDF_BASE, VOCAB as RDF_VOCAB, node_iri};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Dot,
        Format::GraphMl,
        Format::Cytoscape,
        Format::Mermaid,
        Format::Turtle,
        Format::JsonLd,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::GraphMl => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Mermaid => "mermaid",
            Format::Turtle => "turtle",
            Format::JsonLd => "jsonld",
        }
    }

    /// Parse a format name (`json`, `dot`, `gv`, `graphml`, `cytoscape`, `mermaid`, `mmd`, `turtle`, `ttl`,
    /// `jsonld`, `json-ld`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "json" | "networkx" | "node-link" => Format::Json,
            "dot" | "gv" | "graphviz" => Format::Dot,
            "graphml" => Format::GraphMl,
            "cytoscape" | "cyjs" | "cytoscape.js" => Format::Cytoscape,
            "mermaid" | "mmd" => Format::Mermaid,
            "turtle" | "ttl" => Format::Turtle,
            "jsonld" | "json-ld" => Format::JsonLd,
            _ => return None,
        })
    }

    /// The format an output file's name asks for (`graph.dot`, `graph.cy.json`, `graph.jsonld`).
    pub fn from_extension(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".cy.json") || name.ends_with(".cyjs") {
            return Some(Format::Cytoscape);
        }
        let ext = path.extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "md" => Some(Format::Mermaid),
            other => Format::from_name(other),
        }
    }
}

/// Options for exporters.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The key for JSON edges: `edges` (NetworkX 3.6+) or `links` (d3, older NetworkX).
    pub edges_key: String,
    /// JSON on one line instead of indented: about half the bytes, for large archives.
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
    match format {
        Format::Json => json::write(graph, options, out),
        Format::Dot => dot::write(graph, out),
        Format::GraphMl => graphml::write(graph, out),
        Format::Cytoscape => cytoscape::write(graph, out),
        Format::Mermaid => mermaid::write(graph, out),
        Format::Turtle => rdf::write_turtle(graph, out),
        Format::JsonLd => rdf::write_jsonld(graph, out),
    }
}

/// The URL if it is an absolute `http(s)` URL (not `javascript:`, `data:` or a relative path).
fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.split_once("://")?.0;
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")).then_some(url)
}

/// At most `max` characters of `text`, cut at a word boundary where possible and marked with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        for (name, format) in [
            ("g.json", Format::Json),
            ("g.cy.json", Format::Cytoscape),
            ("g.dot", Format::Dot),
            ("g.gv", Format::Dot),
            ("g.graphml", Format::GraphMl),
            ("g.mmd", Format::Mermaid),
            ("g.ttl", Format::Turtle),
            ("g.jsonld", Format::JsonLd),
        ] {
            assert_eq!(
                Format::from_extension(Path::new(name)),
                Some(format),
                "{name}"
            );
        }
        assert_eq!(Format::from_extension(Path::new("g.png")), None);
    }

    #[test]
    fn shorten_cuts_at_words_and_marks_the_cut() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("the global interpreter lock", 15), "the global…");
        assert_eq!(shorten("ŁŁŁŁŁŁ", 3), "ŁŁ…");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            web_url(" https://peps.python.org/pep-0703/"),
            Some("https://peps.python.org/pep-0703/")
        );
        assert_eq!(web_url("HTTP://x.org"), Some("HTTP://x.org"));
        assert_eq!(web_url("javascript:alert(1)//://"), None);
        assert_eq!(web_url("data:text/html,x"), None);
    }

    #[test]
    fn every_format_name_round_trips() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
    }
}
