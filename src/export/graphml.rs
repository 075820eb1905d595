//! GraphML: the graph for NetworkX (`networkx.read_graphml`), Gephi and yEd.
//!
//! Every attribute is declared with a `<key>` and a type (`string`, `int`, `long`, `double`, `boolean`).
//! GraphML has no lists, so lists are flattened: an episode's chapters and links, a release's versions and an
//! edge's evidence are written as JSON strings, with counts and the first evidence's start alongside for
//! tools that cannot read JSON. Every edge has a `weight` (NetworkX's and Gephi's name for its strength):
//! its evidence count, 0 for the taxonomy's edges. Text is escaped with quick-xml; characters XML 1.0
//! forbids (most control characters, U+FFFE, U+FFFF) are replaced with U+FFFD in plain text and kept as
//! JSON escapes in JSON, and carriage returns are written as `&#13;` so they survive parsing.

use std::io::{self, Write};

use quick_xml::escape::escape;
use serde::Serialize;

use super::Spec;
use super::text::xml_safe;
use crate::graph::{EdgeView, EvidenceView, KnowledgeGraph, Node};

pub(super) const SPEC: Spec = Spec {
    name: "graphml",
    description: "GraphML, for NetworkX, Gephi and yEd",
    aliases: &[],
    extensions: &["graphml"],
    write: |kg, _, out| write(kg, out),
};

/// One attribute value.
enum Value {
    Str(String),
    Int(u64),
    Double(f64),
    Bool(bool),
}

/// A declared attribute: id (`d0`), what it belongs to, its name and type.
struct Key {
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
}

const GRAPH_KEYS: &[Key] = &[
    Key {
        domain: "graph",
        name: "generator",
        kind: "string",
    },
    Key {
        domain: "graph",
        name: "show",
        kind: "string",
    },
];

const NODE_KEYS: &[Key] = &[
    Key {
        domain: "node",
        name: "kind",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "label",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "number",
        kind: "long",
    },
    Key {
        domain: "node",
        name: "title",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "date",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "description",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "duration",
        kind: "int",
    },
    Key {
        domain: "node",
        name: "chapters",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "chapter_count",
        kind: "int",
    },
    Key {
        domain: "node",
        name: "links",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "url",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "github",
        kind: "string",
    },
    Key {
        domain: "node",
        name: "versions",
        kind: "string",
    },
];

const EDGE_KEYS: &[Key] = &[
    Key {
        domain: "edge",
        name: "kind",
        kind: "string",
    },
    Key {
        domain: "edge",
        name: "seconds",
        kind: "int",
    },
    Key {
        domain: "edge",
        name: "minutes",
        kind: "double",
    },
    Key {
        domain: "edge",
        name: "evidence",
        kind: "string",
    },
    Key {
        domain: "edge",
        name: "evidence_count",
        kind: "int",
    },
    Key {
        domain: "edge",
        name: "weight",
        kind: "int",
    },
    Key {
        domain: "edge",
        name: "first_start",
        kind: "string",
    },
    Key {
        domain: "edge",
        name: "in_description",
        kind: "boolean",
    },
];

/// Write the graph as GraphML.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for key in GRAPH_KEYS.iter().chain(NODE_KEYS).chain(EDGE_KEYS) {
        writeln!(
            out,
            r#"  <key id="{id}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>"#,
            id = key_id(key.domain, key.name),
            domain = key.domain,
            name = key.name,
            kind = key.kind
        )?;
    }
    writeln!(out, r#"  <graph id="castgraph" edgedefault="directed">"#)?;
    let info = [
        ("generator", Some(kg.info().generator.clone())),
        ("show", kg.info().show.clone()),
    ];
    for (name, value) in info {
        if let Some(value) = value {
            write_data(out, "    ", key_id("graph", name), &Value::Str(value))?;
        }
    }
    for i in kg.nodes_sorted() {
        write_node(&kg.graph()[i], out)?;
    }
    for (n, edge) in kg.edges_sorted().into_iter().enumerate() {
        write_edge(n, edge, out)?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

fn write_node(node: &Node, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"    <node id="{}">"#, xml_text(&node.id))?;
    for (name, value) in node_values(node) {
        write_data(out, "      ", key_id("node", name), &value)?;
    }
    writeln!(out, "    </node>")
}

fn write_edge(n: usize, edge: EdgeView, out: &mut dyn Write) -> io::Result<()> {
    let (source, target) = (edge.source_node(), edge.target_node());
    writeln!(
        out,
        r#"    <edge id="e{n}" source="{}" target="{}">"#,
        xml_text(&source.id),
        xml_text(&target.id)
    )?;
    for (name, value) in edge_values(edge) {
        write_data(out, "      ", key_id("edge", name), &value)?;
    }
    writeln!(out, "    </edge>")
}

fn node_values(node: &Node) -> Vec<(&'static str, Value)> {
    let text = |v: &Option<String>| v.clone().map(Value::Str);
    let values = vec![
        ("kind", Some(Value::Str(node.kind.to_string()))),
        ("label", Some(Value::Str(node.label.clone()))),
        ("number", node.number.map(|n| Value::Int(n.into()))),
        ("title", text(&node.title)),
        ("date", text(&node.date)),
        ("description", text(&node.description)),
        ("duration", node.duration.map(|d| Value::Int(d.into()))),
        (
            "chapters",
            node.chapters.as_ref().map(|c| Value::Str(to_json(c))),
        ),
        (
            "chapter_count",
            node.chapters.as_ref().map(|c| Value::Int(c.len() as u64)),
        ),
        (
            "links",
            Some(&node.links)
                .filter(|l| !l.is_empty())
                .map(|l| Value::Str(to_json(l))),
        ),
        ("url", text(&node.url)),
        ("github", text(&node.github)),
        (
            "versions",
            Some(&node.versions)
                .filter(|v| !v.is_empty())
                .map(|v| Value::Str(to_json(v))),
        ),
    ];
    values
        .into_iter()
        .filter_map(|(name, v)| Some((name, v?)))
        .collect()
}

fn edge_values(edge: EdgeView) -> Vec<(&'static str, Value)> {
    // `weight`, which NetworkX and Gephi read as an edge's strength: its evidence count, on every edge.
    let mut values = vec![
        ("kind", Value::Str(edge.kind().to_string())),
        ("weight", Value::Int(edge.evidence_count() as u64)),
    ];
    if let Some(seconds) = edge.seconds() {
        values.push(("seconds", Value::Int(seconds.into())));
        values.push(("minutes", Value::Double(f64::from(seconds) / 60.0)));
    }
    let evidence: Vec<EvidenceView> = edge.evidence().collect();
    if !evidence.is_empty() || edge.kind().is_episode_edge() {
        values.push(("evidence", Value::Str(to_json(&evidence))));
        values.push(("evidence_count", Value::Int(evidence.len() as u64)));
        let in_description = evidence.iter().any(|e| e.start.is_none());
        values.push(("in_description", Value::Bool(in_description)));
    }
    if let Some(start) = evidence.iter().find_map(|e| e.start) {
        values.push(("first_start", Value::Str(start.to_string())));
    }
    values
}

fn write_data(out: &mut dyn Write, indent: &str, key: String, value: &Value) -> io::Result<()> {
    let text = match value {
        Value::Str(s) => xml_text(s),
        Value::Int(n) => n.to_string(),
        Value::Double(x) => format!("{x:.2}"),
        Value::Bool(b) => b.to_string(),
    };
    writeln!(out, r#"{indent}<data key="{key}">{text}</data>"#)
}

/// The key id for an attribute: `n_label`, `e_kind`, `g_show` (readable, and unique per domain).
fn key_id(domain: &str, name: &str) -> String {
    format!("{}_{name}", &domain[..1])
}

/// A value as JSON for a GraphML attribute. JSON escapes the control characters XML forbids; U+FFFE and
/// U+FFFF, which it does not, are written as `\ufffe` and `\uffff` (they only occur inside strings), so
/// the JSON keeps them where plain XML text would have U+FFFD.
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.contains(['\u{fffe}', '\u{ffff}']) {
        json.replace('\u{fffe}', "\\ufffe")
            .replace('\u{ffff}', "\\uffff")
    } else {
        json
    }
}

/// Text escaped for XML 1.0 content or attribute values.
fn xml_text(text: &str) -> String {
    let allowed: String = text.chars().map(xml_safe).collect();
    escape(allowed.as_str())
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_replaces_forbidden_control_characters() {
        assert_eq!(xml_text("a\u{1}b\u{fffe}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(
            xml_text("<x a=\"1\">&</x>]]>"),
            "&lt;x a=&quot;1&quot;&gt;&amp;&lt;/x&gt;]]&gt;"
        );
        assert_eq!(xml_text("a\r\nb\tc"), "a&#13;&#10;b&#9;c");
    }

    #[test]
    fn json_in_graphml_keeps_what_xml_cannot_carry_as_json_escapes() {
        let json = to_json(&["a\u{fffe}b\u{ffff}\u{1}"]);
        assert_eq!(json, r#"["a\ufffeb\uffff\u0001"]"#);
        assert!(json.chars().all(crate::export::text::xml_char));
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["a\u{fffe}b\u{ffff}\u{1}"]);
    }
}
