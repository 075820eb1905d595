//! Graphviz DOT: the graph as a picture (`dot -Tsvg graph.dot > graph.svg`).
//!
//! Each node kind has its own shape and fill colour, and a legend cluster shows one sample node per kind
//! present. Edge kinds differ in style and colour; `discusses` edges are labelled with their airtime in
//! minutes. PEPs, issues, CVEs, modules and people link to where to read more (`URL`), and every node and
//! episode edge carries a tooltip (an episode's title and chapters, an edge's evidence), so the SVG is
//! clickable and explorable. Node ids are quoted ASCII derived from the castgraph id; every string is
//! escaped for DOT's double-quoted `escString`s, so chapter titles (untrusted text) cannot break out.

use std::io::{self, Write};

use super::Spec;
use super::palette;
use super::text::{shorten, web_url, xml_safe};
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::model::{EdgeKind, NodeKind};

pub(super) const SPEC: Spec = Spec {
    name: "dot",
    description: "Graphviz DOT, for pictures (dot -Tsvg)",
    aliases: &["gv", "graphviz"],
    extensions: &["dot", "gv"],
    write: |kg, _, out| write(kg, out),
};

const FONT: &str = "Helvetica,Arial,sans-serif";
/// Longest node label line before it wraps.
const WRAP: usize = 28;
/// Longest tooltip, in characters.
const TOOLTIP: usize = 600;

/// Write the graph as a Graphviz `digraph`.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph castgraph {{")?;
    write_header(kg, out)?;
    write_legend(kg, out)?;
    for i in kg.nodes_sorted() {
        write_node(&kg.graph()[i], out)?;
    }
    for edge in kg.edges_sorted() {
        write_edge(edge, out)?;
    }
    writeln!(out, "}}")
}

fn write_header(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let info = kg.info();
    let title = match &info.show {
        Some(show) => format!("{show} ({})", info.generator),
        None => info.generator.clone(),
    };
    writeln!(
        out,
        "  graph [rankdir=LR, overlap=false, splines=true, nodesep=0.3, ranksep=1.2, fontname={font}, \
         fontsize=16, labelloc=t, label={label}];",
        font = quote(FONT),
        label = quote(&title)
    )?;
    writeln!(
        out,
        "  node [fontname={}, fontsize=11, style=filled, penwidth=1.2];",
        quote(FONT)
    )?;
    writeln!(
        out,
        "  edge [fontname={}, fontsize=9, arrowsize=0.7];",
        quote(FONT)
    )
}

/// A cluster with one sample node per kind present in the graph.
fn write_legend(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let counts = kg.count_by_kind();
    if counts.is_empty() {
        return Ok(());
    }
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(
        out,
        "    label=\"Legend\"; style=\"rounded,dashed\"; color=\"#999999\"; fontsize=12;"
    )?;
    for (kind, count) in counts {
        let (shape, style, fill) = kind_style(kind);
        let label = format!("{kind} ({count})");
        // `%l` never starts a percent-encoded byte, so no node id can take a legend node's id.
        writeln!(
            out,
            "    {id} [label={label}, shape={shape}, style={style}, fillcolor=\"{fill}\", tooltip={tip}];",
            id = quote(&format!("%legend:{kind}")),
            label = quote(&label),
            tip = quote_tooltip(&format!("{count} {kind} node(s)")),
        )?;
    }
    writeln!(out, "  }}")
}

fn write_node(node: &Node, out: &mut dyn Write) -> io::Result<()> {
    let (shape, style, fill) = kind_style(node.kind);
    write!(
        out,
        "  {id} [label={label}, shape={shape}, style={style}, fillcolor=\"{fill}\", tooltip={tip}",
        id = node_id(&node.id),
        label = quote(&wrap(&node_label(node), WRAP)),
        tip = quote_tooltip(&shorten(&node_tooltip(node), TOOLTIP)),
    )?;
    // Only web links of the expected shape, percent-encoded: Graphviz copies `URL` as it is into the
    // SVG's `xlink:href`, so a `javascript:` URL or one with a quote in it must never get there.
    if let Some(url) = node.url.as_deref().and_then(web_url) {
        write!(out, ", URL={}, target=\"_blank\"", quote(&url))?;
    }
    writeln!(out, "];")
}

fn write_edge(edge: EdgeView, out: &mut dyn Write) -> io::Result<()> {
    let (source, target) = (edge.source_node(), edge.target_node());
    let (style, color, arrow) = edge_style(edge.kind());
    write!(
        out,
        "  {a} -> {b} [style={style}, color=\"{color}\", arrowhead={arrow}",
        a = node_id(&source.id),
        b = node_id(&target.id)
    )?;
    let minutes = edge.seconds().unwrap_or(0) / 60;
    if edge.kind() == EdgeKind::Discusses && minutes > 0 {
        write!(out, ", label=\"{minutes} min\", fontcolor=\"{color}\"")?;
    }
    let tip = quote_tooltip(&edge_tooltip(edge));
    write!(out, ", tooltip={tip}, labeltooltip={tip}")?;
    writeln!(out, "];")
}

/// Shape, style and fill colour per node kind.
fn kind_style(kind: NodeKind) -> (&'static str, &'static str, &'static str) {
    let shape = match kind {
        NodeKind::Show => "doubleoctagon",
        NodeKind::Episode => "box",
        NodeKind::Topic => "ellipse",
        NodeKind::Pep => "note",
        NodeKind::Person => "house",
        NodeKind::Module => "component",
        NodeKind::Release => "cylinder",
        NodeKind::Issue => "tab",
        NodeKind::Cve => "octagon",
        NodeKind::Project => "folder",
    };
    let style = if kind == NodeKind::Episode {
        "\"filled,rounded\""
    } else {
        "filled"
    };
    (shape, style, palette::fill(kind))
}

/// Line style, colour and arrowhead per edge kind.
fn edge_style(kind: EdgeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EdgeKind::PartOf => ("solid", "#7f7f7f", "empty"),
        EdgeKind::Discusses => ("solid", "#1f77b4", "normal"),
        EdgeKind::Mentions => ("dashed", "#7f7f7f", "normal"),
        EdgeKind::Guest => ("bold", "#d62728", "normal"),
        EdgeKind::Host => ("dotted", "#aaaaaa", "normal"),
        EdgeKind::SubtopicOf => ("solid", "#ff7f0e", "empty"),
        EdgeKind::About => ("solid", "#2ca02c", "vee"),
        EdgeKind::Authored => ("solid", "#9467bd", "odiamond"),
    }
}

fn node_label(node: &Node) -> String {
    match (node.kind, &node.title) {
        (NodeKind::Pep, Some(title)) => format!("{}\n{}", node.label, shorten(title, 60)),
        _ => node.label.clone(),
    }
}

/// An episode's title, description and chapters; other nodes' title, description and url.
fn node_tooltip(node: &Node) -> String {
    let mut lines = vec![node.title.clone().unwrap_or_else(|| node.label.clone())];
    if let Some(description) = node.description.as_deref().filter(|d| !d.is_empty()) {
        lines.push(shorten(description, 200));
    }
    for chapter in node.chapters.iter().flat_map(|c| c.iter()) {
        match chapter.start {
            Some(start) => lines.push(format!("{start} {}", chapter.title)),
            None => lines.push(chapter.title.to_string()),
        }
    }
    if let Some(url) = &node.url {
        lines.push(url.clone());
    }
    lines.join("\n")
}

/// The edge kind and its evidence: `00:18:22 2023: PEP 703 for Python 3.13`.
fn edge_tooltip(edge: EdgeView) -> String {
    let (source, target) = (edge.source_node(), edge.target_node());
    let mut lines = vec![format!("{} {} {}", source.label, edge.kind(), target.label)];
    for evidence in edge.evidence() {
        match (evidence.start, evidence.title) {
            (Some(start), Some(title)) => lines.push(format!("{start} {title}")),
            _ => lines.push(format!("description: \u{201c}{}\u{201d}", evidence.matched)),
        }
    }
    shorten(&lines.join("\n"), TOOLTIP)
}

/// Break a label into lines of about `width` characters at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// A quoted ASCII node id: the castgraph id with anything but printable ASCII (and `%`, `"`, `\`, `&`)
/// percent-encoded, so distinct ids stay distinct. Graphviz writes ids into the SVG (`<title>`, `id`) and
/// keeps what looks like an entity there as it is, so an `&` would let `&#1;` make the SVG ill-formed.
fn node_id(id: &str) -> String {
    let mut ascii = String::with_capacity(id.len() + 2);
    for c in id.chars() {
        if (c.is_ascii_graphic() && !matches!(c, '%' | '"' | '\\' | '&')) || c == ' ' {
            ascii.push(c);
        } else {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                ascii.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    format!("\"{ascii}\"")
}

/// A DOT double-quoted string for a label or URL. Backslashes are doubled (so `\N`, `\G`, `\l` in the
/// text stay literal), quotes escaped, newlines become `\n`, other control characters are dropped, `&`
/// becomes `&amp;` because Graphviz decodes HTML entities in labels (and writes URLs into SVG as they are),
/// and the other characters XML forbids (U+FFFE, U+FFFF) become U+FFFD, since Graphviz copies the text
/// into the SVG as it is.
fn quote(text: &str) -> String {
    quote_with(text, "\\\\")
}

/// A DOT string for a tooltip. Graphviz unescapes tooltips twice (`\\` -> `\` when it reads newlines, then
/// again when it substitutes `\N`), so a backslash takes four.
fn quote_tooltip(text: &str) -> String {
    quote_with(text, "\\\\\\\\")
}

fn quote_with(text: &str, backslash: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '\\' => quoted.push_str(backslash),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '&' => quoted.push_str("&amp;"),
            '\t' => quoted.push(' '),
            c if c.is_control() => {}
            c => quoted.push(xml_safe(c)),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_dot_string_breakouts() {
        assert_eq!(quote(r#"a "b" \N c"#), r#""a \"b\" \\N c""#);
        assert_eq!(quote("x\ny\u{1}&"), "\"x\\ny&amp;\"");
        assert_eq!(quote_tooltip(r"\N"), r#""\\\\N""#);
    }

    #[test]
    fn dot_strings_hold_only_characters_xml_allows() {
        assert_eq!(
            quote("a\u{fffe}b\u{ffff}c\u{1b}\u{0}\u{fdd0}"),
            "\"a\u{fffd}b\u{fffd}c\u{fdd0}\""
        );
    }

    #[test]
    fn node_ids_are_ascii_and_injective() {
        assert_eq!(node_id("person:łukasz"), "\"person:%C5%82ukasz\"");
        assert_ne!(node_id("a%C5%82"), node_id("a\u{142}"));
        assert_eq!(node_id("x\"y"), "\"x%22y\"");
        assert_eq!(node_id("topic:&#1;"), "\"topic:%26#1;\"");
        assert_ne!(node_id("a%26"), node_id("a&"));
    }

    #[test]
    fn wrap_breaks_long_labels_at_spaces() {
        assert_eq!(
            wrap("Episode 2: The Global Interpreter Lock", 20),
            "Episode 2: The\nGlobal Interpreter\nLock"
        );
    }
}
