//! The colours of each node kind and the line of each edge kind, shared by the pictures (DOT, Mermaid, the
//! SVG maps and the explorer page), so a kind looks the same in all of them: a pale fill (Tableau's light
//! tones) and a darker stroke of the same hue.

use crate::model::{EdgeKind, NodeKind};

/// A kind's fill and stroke colours, as `#rrggbb`.
pub(super) fn colours(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Show => ("#c7c7c7", "#7f7f7f"),
        NodeKind::Episode => ("#aec7e8", "#1f77b4"),
        NodeKind::Topic => ("#ffbb78", "#ff7f0e"),
        NodeKind::Pep => ("#98df8a", "#2ca02c"),
        NodeKind::Person => ("#ff9896", "#d62728"),
        NodeKind::Module => ("#c5b0d5", "#9467bd"),
        NodeKind::Release => ("#c49c94", "#8c564b"),
        NodeKind::Issue => ("#f7b6d2", "#e377c2"),
        NodeKind::Cve => ("#ff6961", "#b22222"),
        NodeKind::Project => ("#dbdb8d", "#bcbd22"),
    }
}

/// A kind's fill colour.
pub(super) fn fill(kind: NodeKind) -> &'static str {
    colours(kind).0
}

/// An edge kind's line: its Graphviz style (`solid`, `dashed`, `dotted`, `bold`), colour and arrowhead.
pub(super) fn edge(kind: EdgeKind) -> (&'static str, &'static str, &'static str) {
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

/// The cytoscape.js shape nearest the DOT export's shape of a kind.
pub(super) fn cytoscape_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Show => "octagon",
        NodeKind::Episode => "round-rectangle",
        NodeKind::Topic => "ellipse",
        NodeKind::Pep => "rectangle",
        NodeKind::Person => "pentagon",
        NodeKind::Module => "cut-rectangle",
        NodeKind::Release => "barrel",
        NodeKind::Issue => "tag",
        NodeKind::Cve => "octagon",
        NodeKind::Project => "rhomboid",
    }
}

/// An edge kind's line in cytoscape.js: style (`solid`, `dashed`, `dotted`; DOT's `bold` is a wider solid
/// line), colour and width in points.
pub(super) fn cytoscape_line(kind: EdgeKind) -> (&'static str, &'static str, f64) {
    let (style, colour, _) = edge(kind);
    match style {
        "bold" => ("solid", colour, 2.5),
        other => (other, colour, 1.2),
    }
}
