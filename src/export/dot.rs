//! Graphviz DOT: the graph as a picture (`dot -Tsvg graph.dot > graph.svg`) that reads at every size.
//!
//! The layout follows the graph's size: up to 30 nodes (a focus, an episode) `dot` ranks it left to right
//! with each `discusses` edge labelled with its airtime; past that a force layout (`neato`, or `sfdp`
//! past 400 nodes) with overlaps removed spreads it over a page, and when its labels fit a 1920 x 1080
//! screen it is fitted to one. Each node kind has its shape and colours (`palette`), its text grows with
//! the number of episodes that discuss it; each edge kind has its line style, its width grows with its
//! airtime, and its `weight` is its evidence count. One legend, an HTML-like label under the picture in
//! every layout, explains the node kinds, the edge styles, sizes and widths. PEPs, issues, CVEs, modules
//! and people link to where to read more (`URL`), and every node and episode edge carries a tooltip (an
//! episode's title and chapters, an edge's evidence), so the SVG is clickable and explorable. Node ids
//! are quoted ASCII derived from the castgraph id; every string is escaped for DOT's double-quoted
//! `escString`s or for the HTML-like label, so chapter titles (untrusted text) cannot break out.

use std::io::{self, Write};

use super::Spec;
use super::palette;
use super::text::{shorten, web_url, xml_safe};
use petgraph::stable_graph::NodeIndex;

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
/// Up to this many nodes, `dot` ranks the graph left to right (the focused views); past it a force layout
/// spreads it over a page instead of a column thousands of points long.
const RANKED_MAX: usize = 30;
/// Up to this many nodes `neato` lays the graph out (the best force layout for a few hundred nodes); past
/// it `sfdp`, the multilevel one made for thousands.
const NEATO_MAX: usize = 400;
/// The screen a force layout is stretched or fitted to, in inches at 72 points each: 1440 x 810 points,
/// 1920 x 1080 pixels at the 96 dpi `dot -Tpng` and browsers draw SVG points at.
const SCREEN: (f64, f64) = (20.0, 11.25);
/// The share of the screen the nodes may cover for the layout to be fitted to it: past it the labels
/// would be shrunk below reading size, so the picture keeps its natural size instead.
const SCREEN_FILL: f64 = 0.22;
/// The font size of a node discussed in one episode (and of episodes); more episodes, larger text.
const BASE_FONT: f64 = 10.0;

/// How the graph is laid out, chosen from its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `dot`, left to right, edges labelled with their airtime: small, focused graphs.
    Ranked,
    /// A force layout (`neato` or `sfdp`) with overlaps removed; `fit`: stretched or shrunk to the screen.
    Force { engine: &'static str, fit: bool },
}

impl Layout {
    fn of(kg: &KnowledgeGraph, sizes: &[(NodeIndex, f64)]) -> Layout {
        let nodes = kg.node_count();
        if nodes <= RANKED_MAX {
            return Layout::Ranked;
        }
        let engine = if nodes <= NEATO_MAX { "neato" } else { "sfdp" };
        let area: f64 = sizes
            .iter()
            .map(|&(i, font)| {
                let (w, h) = label_box(&node_label(&kg.graph()[i]), font);
                w * h
            })
            .sum();
        let screen = SCREEN.0 * SCREEN.1 * 72.0 * 72.0;
        Layout::Force {
            engine,
            fit: area <= screen * SCREEN_FILL,
        }
    }
}

/// Roughly the box Graphviz draws around a label, in points: Helvetica averages about 0.55 em a character.
fn label_box(label: &str, font: f64) -> (f64, f64) {
    let wrapped = wrap(label, WRAP);
    let longest = wrapped
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let lines = wrapped.lines().count().max(1);
    (
        longest as f64 * font * 0.55 + 12.0,
        lines as f64 * font * 1.2 + 6.0,
    )
}

/// Write the graph as a Graphviz `digraph`.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let nodes = kg.nodes_sorted();
    let sizes: Vec<(NodeIndex, f64)> = nodes.iter().map(|&i| (i, font_size(kg, i))).collect();
    let layout = Layout::of(kg, &sizes);
    let edges = kg.edges_sorted();
    writeln!(out, "digraph castgraph {{")?;
    write_header(kg, layout, &edges, out)?;
    for (i, font) in sizes {
        write_node(&kg.graph()[i], font, out)?;
    }
    for edge in edges {
        write_edge(edge, layout, out)?;
    }
    writeln!(out, "}}")
}

/// A node's font size: larger the more episodes discuss it (its area grows with the count).
fn font_size(kg: &KnowledgeGraph, i: NodeIndex) -> f64 {
    if kg.graph()[i].kind == NodeKind::Episode {
        return BASE_FONT;
    }
    let episodes = kg.episode_count(i).max(1) as f64;
    let size = BASE_FONT + 2.0 * (episodes - 1.0).sqrt();
    (size.min(3.0 * BASE_FONT) * 2.0).round() / 2.0
}

fn write_header(
    kg: &KnowledgeGraph,
    layout: Layout,
    edges: &[EdgeView],
    out: &mut dyn Write,
) -> io::Result<()> {
    let legend = legend(kg, edges);
    match layout {
        Layout::Ranked => writeln!(
            out,
            "  graph [rankdir=LR, overlap=false, splines=true, nodesep=0.3, ranksep=1.2, fontname={font}, \
             fontsize=12, labelloc=b, labeljust=l, label=<{legend}>];",
            font = quote(FONT),
        )?,
        Layout::Force { engine, fit } => {
            let fit = if fit {
                format!(", ratio=fill, size=\"{},{}\"", SCREEN.0, SCREEN.1)
            } else {
                String::new()
            };
            writeln!(
                out,
                "  graph [layout={engine}, overlap=prism, overlap_scaling=-1, sep=\"+6\", splines=false, \
                 outputorder=edgesfirst{fit}, fontname={font}, fontsize=12, labelloc=b, labeljust=l, \
                 label=<{legend}>];",
                font = quote(FONT),
            )?
        }
    }
    writeln!(
        out,
        "  node [fontname={}, fontsize={BASE_FONT}, style=filled, penwidth=1.2, margin=\"0.08,0.03\", \
         width=0.3, height=0.3];",
        quote(FONT)
    )?;
    // Short edges: the force layouts then pull neighbours together and leave removing overlaps to
    // `prism`, which gives a picture about a screen wide instead of two.
    let length = if layout == Layout::Ranked {
        ""
    } else {
        ", len=0.3"
    };
    writeln!(
        out,
        "  edge [fontname={}, fontsize=9, arrowsize=0.6{length}];",
        quote(FONT)
    )
}

/// The one legend, under the picture in every layout (a cluster of sample nodes would be scattered by
/// the force layouts): the title, each node kind present with its colours and count, each edge kind
/// present drawn in its line style, and what sizes and widths mean. An HTML-like label, escaped.
fn legend(kg: &KnowledgeGraph, edges: &[EdgeView]) -> String {
    let info = kg.info();
    let title = match &info.show {
        Some(show) => format!("{show} ({})", info.generator),
        None => info.generator.clone(),
    };
    let mut html = format!(
        "<table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\"><tr><td align=\"left\"><b>{}</b></td></tr>",
        html_text(&title)
    );
    let kinds: Vec<String> = kg
        .count_by_kind()
        .into_iter()
        .map(|(kind, count)| {
            let (fill, stroke) = palette::colours(kind);
            let (shape, _, _) = kind_style(kind);
            format!(
                "<td bgcolor=\"{fill}\" color=\"{stroke}\" border=\"1\" style=\"rounded\">{kind} ({count}, {shape})</td>"
            )
        })
        .collect();
    let mut edge_kinds: Vec<EdgeKind> = edges.iter().map(EdgeView::kind).collect();
    edge_kinds.sort_unstable();
    edge_kinds.dedup();
    let lines: Vec<String> = edge_kinds
        .into_iter()
        .map(|kind| {
            let (style, color, _) = palette::edge(kind);
            let border = if style == "bold" { 3 } else { 2 };
            let style = if style == "bold" || style == "solid" { "solid" } else { style };
            format!(
                "<td sides=\"b\" border=\"{border}\" color=\"{color}\" style=\"{style}\" width=\"36\"> </td>\
                 <td align=\"left\">{kind}</td>"
            )
        })
        .collect();
    // Each row its own table, so that a row of lines does not stretch to the width of a row of kinds.
    for row in kinds.chunks(LEGEND_ROW).chain(lines.chunks(LEGEND_ROW)) {
        html.push_str(
            "<tr><td align=\"left\"><table border=\"0\" cellborder=\"0\" cellspacing=\"3\"><tr>",
        );
        html.extend(row.iter().map(String::as_str));
        html.push_str("</tr></table></td></tr>");
    }
    html.push_str(
        "<tr><td align=\"left\">text size: how many episodes discuss it; line width: airtime; \
         hover for the chapters</td></tr></table>",
    );
    html
}

/// Node kinds (or edge kinds) per row of the legend.
const LEGEND_ROW: usize = 5;

fn write_node(node: &Node, font: f64, out: &mut dyn Write) -> io::Result<()> {
    let (shape, style, fill) = kind_style(node.kind);
    let stroke = palette::colours(node.kind).1;
    write!(
        out,
        "  {id} [label={label}, shape={shape}, style={style}, fillcolor=\"{fill}\", color=\"{stroke}\"",
        id = node_id(&node.id),
        label = quote(&wrap(&node_label(node), WRAP)),
    )?;
    if font != BASE_FONT {
        write!(out, ", fontsize={font}")?;
    }
    write!(
        out,
        ", tooltip={tip}",
        tip = quote_tooltip(&shorten(&node_tooltip(node), TOOLTIP))
    )?;
    // Only web links of the expected shape, percent-encoded: Graphviz copies `URL` as it is into the
    // SVG's `xlink:href`, so a `javascript:` URL or one with a quote in it must never get there.
    if let Some(url) = node.url.as_deref().and_then(web_url) {
        write!(out, ", URL={}, target=\"_blank\"", quote(&url))?;
    }
    writeln!(out, "];")
}

/// An edge: its kind's style, `weight` its evidence count (for the layout and for readers of the DOT),
/// its width its airtime; labelled with the minutes only where a ranked layout leaves room.
fn write_edge(edge: EdgeView, layout: Layout, out: &mut dyn Write) -> io::Result<()> {
    let (source, target) = (edge.source_node(), edge.target_node());
    let (style, color, arrow) = palette::edge(edge.kind());
    // Translucent in force layouts, where hundreds of lines cross.
    let alpha = if layout == Layout::Ranked { "" } else { "99" };
    write!(
        out,
        "  {a} -> {b} [style={style}, color=\"{color}{alpha}\", arrowhead={arrow}, weight={weight}",
        a = node_id(&source.id),
        b = node_id(&target.id),
        weight = edge.evidence_count(),
    )?;
    if let Some(seconds) = edge.seconds() {
        write!(out, ", penwidth={}", pen_width(seconds))?;
    }
    let minutes = edge.seconds().unwrap_or(0) / 60;
    if layout == Layout::Ranked && edge.kind() == EdgeKind::Discusses && minutes > 0 {
        write!(out, ", label=\"{minutes} min\", fontcolor=\"{color}\"")?;
    }
    let tip = quote_tooltip(&edge_tooltip(edge));
    write!(out, ", tooltip={tip}, labeltooltip={tip}")?;
    writeln!(out, "];")
}

/// A line's width for an airtime: 0.8 points for none, growing with the square root of the minutes (an
/// hour is 4.3), at most 5.
fn pen_width(seconds: u32) -> f64 {
    let minutes = f64::from(seconds) / 60.0;
    let width = (0.8 + 0.45 * minutes.sqrt()).min(5.0);
    (width * 10.0).round() / 10.0
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
        match (evidence.start, evidence.title_excerpt()) {
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

/// Text for an HTML-like label: `&`, `<`, `>` and `"` as entities, control characters dropped, what XML
/// forbids as U+FFFD (Graphviz parses these labels as XML and copies them into the SVG).
fn html_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            c if c.is_control() => {}
            c => html.push(xml_safe(c)),
        }
    }
    html
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
    fn html_label_text_cannot_open_a_tag_or_an_entity() {
        assert_eq!(
            html_text("<b>\"x\" & y</b>\u{1}\u{fffe}\u{202e}"),
            "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;\u{fffd}\u{202e}"
        );
    }

    #[test]
    fn lines_widen_with_airtime_up_to_a_limit() {
        assert_eq!(pen_width(0), 0.8);
        assert!(pen_width(60) < pen_width(600) && pen_width(600) < pen_width(3600));
        assert_eq!(pen_width(u32::MAX), 5.0);
    }

    #[test]
    fn wrap_breaks_long_labels_at_spaces() {
        assert_eq!(
            wrap("Episode 2: The Global Interpreter Lock", 20),
            "Episode 2: The\nGlobal Interpreter\nLock"
        );
    }
}
