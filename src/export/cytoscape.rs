//! Cytoscape.js elements JSON: `cy.add(data.elements)` or Cytoscape desktop's "Import network from file".
//!
//! `{"data": {...graph info...}, "elements": {"nodes": [{"data": {...}, "classes": "pep"}], "edges": [...]}}`.
//! Node data holds every field of the contract's JSON node; edge data holds `id`, `source`, `target`,
//! `kind`, `evidence` and `seconds`. Edge ids are `source|kind|target`, made unique with a `#n` suffix if
//! the same triple ever repeats. The element's `classes` is its kind, for styling with `.pep { ... }`.
//! serde_json does the escaping.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

use super::{Spec, palette};
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::model::{EdgeKind, NodeKind};

pub(super) const SPEC: Spec = Spec {
    name: "cytoscape",
    description: "Cytoscape.js elements JSON",
    aliases: &["cyjs", "cytoscape.js"],
    extensions: &["cy.json", "cyjs"],
    write: |kg, _, out| write(kg, out),
};

/// Write the graph as Cytoscape.js elements JSON.
///
/// The document is streamed: each element is built as a value and written before the next is built, so
/// that a graph of many edges is not held twice more as a tree of values (a megabyte title naming thousands
/// of entities made half a gigabyte of them).
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Document { kg })?;
    out.write_all(b"\n")
}

/// The whole document, in the order `json!` wrote it.
struct Document<'a> {
    kg: &'a KnowledgeGraph,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kg = self.kg;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format_version", "1.0")?;
        map.serialize_entry("generated_by", &kg.info().generator)?;
        map.serialize_entry("target_cytoscapejs_version", "~3")?;
        map.serialize_entry("data", kg.info())?;
        map.serialize_entry("elements", &Elements { kg })?;
        map.serialize_entry("style", &stylesheet())?;
        map.end()
    }
}

/// `{"nodes": [...], "edges": [...]}`, each element made as it is written.
struct Elements<'a> {
    kg: &'a KnowledgeGraph,
}

impl Serialize for Elements<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kg = self.kg;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "nodes",
            &Stream(|| {
                kg.nodes_sorted()
                    .into_iter()
                    .map(|i| node_element(&kg.graph()[i]))
            }),
        )?;
        let ids = RefCell::new(HashSet::new());
        map.serialize_entry(
            "edges",
            &Stream(|| {
                kg.edges_sorted()
                    .into_iter()
                    .map(|edge| edge_element(edge, &mut ids.borrow_mut()))
            }),
        )?;
        map.end()
    }
}

/// A sequence written from the elements `make` gives, one at a time.
struct Stream<F>(F);

impl<F, I> Serialize for Stream<F>
where
    F: Fn() -> I,
    I: Iterator<Item = io::Result<Value>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for element in (self.0)() {
            seq.serialize_element(&element.map_err(serde::ser::Error::custom)?)?;
        }
        seq.end()
    }
}

/// A cytoscape.js stylesheet in the DOT export's palette (`cy.json(doc)` or `style: doc.style` applies it):
/// each kind's fill, stroke and shape, each edge kind's line, and labels.
fn stylesheet() -> Value {
    let mut rules = vec![
        json!({ "selector": "node", "style": {
            "label": "data(label)", "font-size": 10, "text-valign": "center", "text-wrap": "wrap",
            "text-max-width": 120, "border-width": 1 } }),
        json!({ "selector": "edge", "style": {
            "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.8 } }),
    ];
    for kind in NodeKind::ALL {
        let (fill, stroke) = palette::colours(kind);
        rules.push(
            json!({ "selector": format!("node.{}", kind.as_str()), "style": {
            "background-color": fill, "border-color": stroke,
            "shape": palette::cytoscape_shape(kind) } }),
        );
    }
    for kind in EdgeKind::ALL {
        let (style, colour, width) = palette::cytoscape_line(kind);
        rules.push(json!({ "selector": format!("edge.{}", kind.as_str()), "style": {
            "line-style": style, "line-color": colour, "target-arrow-color": colour, "width": width } }));
    }
    Value::Array(rules)
}

fn node_element(node: &Node) -> io::Result<Value> {
    let data = serde_json::to_value(node)?;
    Ok(json!({ "data": data, "classes": node.kind.as_str() }))
}

fn edge_element(edge: EdgeView, ids: &mut HashSet<String>) -> io::Result<Value> {
    let (source, target) = (edge.source_node(), edge.target_node());
    let base = format!("{}|{}|{}", source.id, edge.kind(), target.id);
    let mut id = base.clone();
    let mut n = 1;
    while !ids.insert(id.clone()) {
        n += 1;
        id = format!("{base}#{n}");
    }
    let mut data = Map::new();
    data.insert("id".into(), Value::String(id));
    data.insert("source".into(), Value::String(source.id.clone()));
    data.insert("target".into(), Value::String(target.id.clone()));
    if let Value::Object(fields) = serde_json::to_value(edge)? {
        data.extend(fields);
    }
    Ok(json!({ "data": data, "classes": edge.kind().as_str() }))
}
