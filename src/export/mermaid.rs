//! Mermaid: a `flowchart LR` to paste into Markdown (GitHub, GitLab, Obsidian render it).
//!
//! Node ids are `n0`, `n1`, ... in the graph's stable order, so no castgraph id or keyword (`end`,
//! `click`, `style`) ever reaches Mermaid's grammar unquoted. Labels are double-quoted with every
//! character that could mean something to Mermaid or to the HTML it renders (`"`, `<`, `#`, `;`, `:`,
//! backticks, brackets, braces, pipes, `%`, ...) written as an entity code (`#quot;`, `#60;`). Each kind
//! has a shape and a `classDef`. Mermaid refuses diagrams past its default limits (500 edges, 50 000
//! characters); such output starts with a `%%` comment saying so, and [`mermaid_limits_exceeded`] gives the
//! same warning to callers that can show it.

use std::io::{self, Write};

use super::Spec;
use super::palette;
use super::text::xml_safe;
use crate::graph::{KnowledgeGraph, Node};
use crate::model::{EdgeKind, NodeKind};

pub(super) const SPEC: Spec = Spec {
    name: "mermaid",
    description: "a Mermaid flowchart, for Markdown",
    aliases: &["mmd"],
    extensions: &["mmd", "md"],
    write: |kg, _, out| write(kg, out),
};

/// Mermaid's default `maxEdges`.
pub const MERMAID_MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize`, in characters.
pub const MERMAID_MAX_TEXT_SIZE: usize = 50_000;

/// Write the graph as a Mermaid flowchart.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let body = render(kg);
    if let Some(warning) = limits_warning(kg.edge_count(), body.chars().count()) {
        for line in warning.lines() {
            writeln!(out, "%% {line}")?;
        }
    }
    out.write_all(body.as_bytes())
}

/// A warning when the graph is too big for Mermaid's default limits (`maxEdges` 500, `maxTextSize`
/// 50 000), with the filters that make it smaller; `None` when Mermaid will render it.
pub fn mermaid_limits_exceeded(kg: &KnowledgeGraph) -> Option<String> {
    limits_warning(kg.edge_count(), render(kg).chars().count())
}

fn limits_warning(edges: usize, chars: usize) -> Option<String> {
    let mut over = Vec::new();
    if edges > MERMAID_MAX_EDGES {
        over.push(format!("{edges} edges (maxEdges {MERMAID_MAX_EDGES})"));
    }
    if chars > MERMAID_MAX_TEXT_SIZE {
        over.push(format!(
            "{chars} characters (maxTextSize {MERMAID_MAX_TEXT_SIZE})"
        ));
    }
    if over.is_empty() {
        return None;
    }
    Some(format!(
        "this diagram has {}, past Mermaid's default limits, so Mermaid will refuse to render it;\n\
         make it smaller with --min-episodes 2, --focus ID --depth 1, --episode ID or --kinds episode,topic,pep,\n\
         or raise maxEdges/maxTextSize in mermaid.initialize()",
        over.join(" and ")
    ))
}

fn render(kg: &KnowledgeGraph) -> String {
    let nodes = kg.nodes_sorted();
    let position: std::collections::HashMap<_, _> =
        nodes.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut text = String::from("flowchart LR\n");
    for (p, &i) in nodes.iter().enumerate() {
        text.push_str(&node_line(p, &kg.graph()[i]));
    }
    for edge in kg.edges_sorted() {
        text.push_str(&format!(
            "  n{} {} n{}\n",
            position[&edge.source()],
            arrow(edge.kind()),
            position[&edge.target()]
        ));
    }
    for (kind, _) in kg.count_by_kind() {
        text.push_str(&format!("  classDef {kind} {}\n", class_style(kind)));
    }
    text
}

fn node_line(position: usize, node: &Node) -> String {
    let (open, close) = shape(node.kind);
    format!(
        "  n{position}{open}\"{}\"{close}:::{}\n",
        label(&node.label),
        node.kind
    )
}

/// The brackets around a label, per kind.
fn shape(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Show => ("[[", "]]"),
        NodeKind::Episode => ("[", "]"),
        NodeKind::Topic => ("(", ")"),
        NodeKind::Pep => ("[[", "]]"),
        NodeKind::Person => ("([", "])"),
        NodeKind::Module => ("[/", "/]"),
        NodeKind::Release => ("[(", ")]"),
        NodeKind::Issue | NodeKind::Cve => ("{{", "}}"),
        NodeKind::Project => (">", "]"),
    }
}

/// The link for an edge kind, labelled for all but `discusses`.
fn arrow(kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Discusses => "-->".to_string(),
        EdgeKind::Mentions | EdgeKind::Host => format!("-.->|{}|", kind.as_str().replace('_', " ")),
        EdgeKind::Guest => "==>|guest|".to_string(),
        other => format!("-->|{}|", other.as_str().replace('_', " ")),
    }
}

fn class_style(kind: NodeKind) -> String {
    let (fill, stroke) = palette::colours(kind);
    format!("fill:{fill},stroke:{stroke},color:#000")
}

/// A label's text for inside `"..."`: letters, digits, spaces and a few harmless marks pass; other ASCII
/// becomes an entity code (`#quot;`, `#35;`); whitespace and control characters become a space, and the
/// other characters XML forbids (U+FFFE, U+FFFF) U+FFFD, since Mermaid draws the label into SVG.
fn label(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("#quot;"),
            c if c.is_whitespace() || c.is_control() => escaped.push(' '),
            c if c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '.' | ',' | '-' | '_' | '\'' | '?' | '!' | '/' | '+'
                ) =>
            {
                escaped.push(c)
            }
            c if c.is_ascii() => escaped.push_str(&format!("#{};", u32::from(c))),
            c => escaped.push(xml_safe(c)),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_encode_everything_mermaid_could_read() {
        assert_eq!(label(r#"a "b" <i>"#), "a #quot;b#quot; #60;i#62;");
        assert_eq!(label("x;y:#z`{|}"), "x#59;y#58;#35;z#96;#123;#124;#125;");
        assert_eq!(label("end\n%%click"), "end #37;#37;click");
        assert_eq!(label("Łukasz"), "Łukasz");
        assert_eq!(label("a\u{fffe}\u{ffff}\u{1b}"), "a\u{fffd}\u{fffd} ");
    }

    #[test]
    fn limits_warning_names_the_filters() {
        assert!(limits_warning(500, 50_000).is_none());
        let warning = limits_warning(501, 10).unwrap_or_default();
        assert!(
            warning.contains("maxEdges 500") && warning.contains("--min-episodes"),
            "{warning}"
        );
    }
}
