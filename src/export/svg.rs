//! What the SVG views (the topic map, the episode-by-topic grid) share: the document's frame, sized for a
//! 1920 x 1080 screen and printed on one landscape page, text escaped for XML, and the topics in the order
//! both views list them.

use std::collections::BTreeMap;
use std::io::{self, Write};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::text::xml_safe;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, NodeKind};

/// The screen the views are drawn for, in pixels (SVG user units).
pub(super) const SCREEN: (f64, f64) = (1920.0, 1080.0);
pub(super) const FONT: &str = "Helvetica, Arial, sans-serif";

/// Text for XML content or a double- or single-quoted attribute: markup characters as entities, control
/// characters dropped (a tab or carriage return becomes a space; a newline stays, for a tooltip's lines),
/// what XML forbids (U+FFFE, U+FFFF) as U+FFFD. Bidi controls are kept: each label is its own `<text>`,
/// which bounds what they can reorder.
pub(super) fn text(raw: &str) -> String {
    let mut escaped = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\n' => escaped.push('\n'),
            '\t' | '\r' => escaped.push(' '),
            c if c.is_control() => {}
            c => escaped.push(xml_safe(c)),
        }
    }
    escaped
}

/// The XML declaration, the `<svg>` element sized `width` x `height` (at least a screen's, so it opens at a
/// size that reads), its title, and a style that prints it scaled onto one landscape page.
pub(super) fn open(out: &mut dyn Write, width: f64, height: f64, title: &str) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{FONT}">"#
    )?;
    writeln!(out, "<title>{}</title>", text(title))?;
    writeln!(
        out,
        "<style>@page {{ size: landscape; margin: 8mm; }} \
         @media print {{ svg:root {{ width: 100%; height: 100%; }} }} \
         text {{ fill: #222; }} .small {{ font-size: 12px; fill: #555; }}</style>"
    )?;
    writeln!(
        out,
        r#"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="white"/>"#
    )
}

pub(super) fn close(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</svg>")
}

/// The title of a view of the show: `core.py: topics and the episodes they share`.
pub(super) fn view_title(kg: &KnowledgeGraph, what: &str) -> String {
    match &kg.info().show {
        Some(show) => format!("{show}: {what}"),
        None => what.to_string(),
    }
}

/// The episodes that discuss each topic (by direct `discusses` evidence), with the airtime of each, for
/// the topics discussed at all.
pub(super) struct TopicEpisodes {
    /// Topics in the views' order: grouped under their broadest topic, each group by label.
    pub topics: Vec<NodeIndex>,
    /// Per topic (same order): its episodes and the airtime each gives it, in seconds.
    pub airtime: Vec<BTreeMap<NodeIndex, u32>>,
}

impl TopicEpisodes {
    pub fn of(kg: &KnowledgeGraph, min_episodes: usize) -> Self {
        let graph = kg.graph();
        let mut found: Vec<(NodeIndex, BTreeMap<NodeIndex, u32>)> = graph
            .node_indices()
            .filter(|&i| graph[i].kind == NodeKind::Topic)
            .map(|i| {
                let episodes = kg
                    .edges_directed(i, Direction::Incoming)
                    .filter(|e| {
                        e.kind() == EdgeKind::Discusses && e.source_node().kind == NodeKind::Episode
                    })
                    .map(|e| (e.source(), e.seconds().unwrap_or(0)))
                    .collect();
                (i, episodes)
            })
            .filter(|(_, episodes): &(_, BTreeMap<_, _>)| episodes.len() >= min_episodes.max(1))
            .collect();
        found.sort_by_cached_key(|&(i, _)| topic_order_key(kg, i));
        let (topics, airtime) = found.into_iter().unzip();
        TopicEpisodes { topics, airtime }
    }
}

/// A topic's place: its broadest topic's label, then the topic's depth under it and its label, so a
/// family of topics sits together, the broad one first.
fn topic_order_key(kg: &KnowledgeGraph, topic: NodeIndex) -> (String, usize, String, String) {
    let mut path = vec![topic];
    while let Some(parent) = kg
        .edges_directed(*path.last().unwrap_or(&topic), Direction::Outgoing)
        .find(|e| e.kind() == EdgeKind::SubtopicOf)
        .map(|e| e.target())
    {
        if path.contains(&parent) {
            break;
        }
        path.push(parent);
    }
    let root = &kg.graph()[*path.last().unwrap_or(&topic)];
    let node = &kg.graph()[topic];
    (
        root.label.to_lowercase(),
        path.len(),
        node.label.to_lowercase(),
        node.id.clone(),
    )
}

/// A colour between white and `rgb` at `share` (0 to 1) of the way, as `#rrggbb`.
pub(super) fn shade(rgb: &str, share: f64) -> String {
    let channel =
        |at: usize| u8::from_str_radix(rgb.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0);
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * share.clamp(0.0, 1.0)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

/// Minutes for a tooltip: `21 min`, or `<1 min`.
pub(super) fn minutes(seconds: u32) -> String {
    match seconds / 60 {
        0 => "<1 min".to_string(),
        m => format!("{m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_text_cannot_open_markup_and_holds_only_xml_characters() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\"\u{fffe}\u{1}\n\u{202e}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{fffd}\n\u{202e}"
        );
    }

    #[test]
    fn shades_run_from_white_to_the_colour() {
        assert_eq!(shade("#1f77b4", 0.0), "#ffffff");
        assert_eq!(shade("#1f77b4", 1.0), "#1f77b4");
        assert_eq!(shade("#1f77b4", 7.0), "#1f77b4");
    }
}
