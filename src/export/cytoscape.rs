//! Cytoscape.js elements JSON: `cy.add(data.elements)` or Cytoscape desktop's "Import network from file".
//!
//! `{"data": {...graph info...}, "elements": {"nodes": [{"data": {...}, "classes": "pep"}], "edges": [...]}}`.
//! Node data holds every field of the contract's JSON node; edge data holds `id`, `source`, `target`,
//! `kind`, `evidence` and `seconds`. Edge ids are `source|kind|target`, made unique with a `#n` suffix if
//! the same triple ever repeats. The element's `classes` is its kind, for styling with `.pep { ... }`.
//! serde_json does the escaping.

use std::collections::HashSet;
use std::io::{self, Write};

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
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let nodes = kg
        .nodes_sorted()
        .into_iter()
        .map(|i| node_element(&kg.graph()[i]))
        .collect::<io::Result<Vec<_>>>()?;
    let mut ids = HashSet::new();
    let edges = kg
        .edges_sorted()
        .into_iter()
        .map(|edge| edge_element(edge, &mut ids))
        .collect::<io::Result<Vec<_>>>()?;
    let doc = json!({
        "format_version": "1.0",
        "generated_by": kg.info().generator,
        "target_cytoscapejs_version": "~3",
        "data": kg.info(),
        "elements": { "nodes": nodes, "edges": edges },
        "style": stylesheet(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
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
