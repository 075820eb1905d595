//! The explorer: one self-contained HTML file that works offline (`castgraph build --format html -o
//! corepy.html`). Search as you type over every node; an entity's page lists its episodes with the
//! chapters and times of the evidence (linked to the moment where the evidence has a link); a graph view
//! of the entity's neighbourhood drawn by cytoscape.js, styled like the DOT export (same palette, shapes,
//! line styles, sizes by episodes and widths by airtime).
//!
//! Everything is inside the file: the stylesheet and script (`html/`), cytoscape.js (`vendor/cytoscape/`,
//! pinned, with its licence) and the graph as JSON in a `<script type="application/json">` with `<`, `>`,
//! `&`, U+2028 and U+2029 escaped, so no text can end the script element. The page's script inserts every
//! text with `textContent`, never as markup, and makes links only of http(s) URLs (checked here with
//! [`web_url`] and again in the page); a Content-Security-Policy lets the page load nothing from anywhere.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::palette;
use super::text::web_url;
use super::{Spec, svg};
use crate::graph::{EdgeView, EvidenceView, KnowledgeGraph, Node};
use crate::model::{EdgeKind, NodeKind};

pub(super) const SPEC: Spec = Spec {
    name: "html",
    description: "an explorer page: search, entity pages and a graph view, offline in one file",
    aliases: &["explorer"],
    extensions: &["html", "htm"],
    write: |kg, _, out| write(kg, out),
};

/// cytoscape.js, as the npm registry ships it (`vendor/cytoscape/README.md` says which version and how it
/// was fetched; a test holds it to its SHA-256).
pub const CYTOSCAPE_JS: &str = include_str!("../../vendor/cytoscape/cytoscape.min.js");
/// The version of cytoscape.js embedded.
pub const CYTOSCAPE_VERSION: &str = "3.35.0";

const STYLE: &str = include_str!("html/explorer.css");
const SCRIPT: &str = include_str!("html/explorer.js");

/// The page's data: every node and edge, compact (an archive's graph holds hundreds of thousands of
/// evidence items), with the styles of their kinds.
#[derive(Serialize)]
struct Data<'a> {
    title: String,
    generator: &'a str,
    /// Per node kind: fill, stroke, cytoscape shape.
    kinds: Vec<(&'static str, &'static str, &'static str, &'static str)>,
    /// Per edge kind: colour, line style (`solid`, `dashed`, `dotted`), width in points.
    edge_kinds: Vec<(&'static str, &'static str, &'static str, f64)>,
    nodes: Vec<NodeData<'a>>,
    /// `[source, target, kind, airtime seconds or null, evidence]`, ends by place in `nodes`.
    edges: Vec<EdgeRow<'a>>,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    /// Where to read more: an http(s) link only.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
    /// How many episodes discuss (host, mention) it.
    episodes: usize,
}

/// `[source, target, kind, airtime seconds or null, evidence]`, the ends by place in the nodes.
type EdgeRow<'a> = (
    usize,
    usize,
    &'static str,
    Option<u32>,
    Vec<EvidenceRow<'a>>,
);

/// `[start seconds or null, chapter title or null (the description), words matched, link or null]`.
type EvidenceRow<'a> = (Option<u32>, Option<Cow<'a, str>>, &'a str, Option<String>);

/// Write the explorer page.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let data = page_data(kg);
    let json = serde_json::to_string(&data)?;
    writeln!(out, "<!doctype html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    // Nothing is fetched from anywhere: the page is the file. Links still open in the browser.
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; \
         style-src 'unsafe-inline'; img-src data: blob:\">"
    )?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"{}\">",
        svg::text(data.generator)
    )?;
    writeln!(out, "<title>{}</title>", svg::text(&data.title))?;
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "{}", BODY)?;
    writeln!(
        out,
        "<script type=\"application/json\" id=\"castgraph-data\">{}</script>",
        script_json(&json)
    )?;
    writeln!(
        out,
        "<script>/* cytoscape.js {CYTOSCAPE_VERSION}, MIT licence, (c) The Cytoscape Consortium */\n{CYTOSCAPE_JS}\n</script>"
    )?;
    writeln!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>")
}

/// The page's elements, which the script fills; no data is written into markup.
const BODY: &str = r#"<header>
  <h1 id="title"></h1>
  <input id="search" type="search" placeholder="Search topics, PEPs, people, episodes…" autocomplete="off" spellcheck="false" aria-label="Search" aria-controls="results">
  <ul id="results" role="listbox" aria-label="Matches"></ul>
</header>
<main>
  <section id="entity" aria-live="polite"><p class="hint">Type to search, or click a node of the graph.</p></section>
  <section id="graph-panel"><div id="graph-caption"></div><div id="cy"></div></section>
</main>"#;

fn page_data(kg: &KnowledgeGraph) -> Data<'_> {
    let order = kg.nodes_sorted();
    let mut place = vec![usize::MAX; order.iter().map(|i| i.index() + 1).max().unwrap_or(0)];
    for (k, i) in order.iter().enumerate() {
        place[i.index()] = k;
    }
    let nodes = order
        .iter()
        .map(|&i| node_data(&kg.graph()[i], kg.episode_count(i)))
        .collect();
    let sorted = kg.edges_sorted();
    let mut edge_kinds: Vec<EdgeKind> = sorted.iter().map(EdgeView::kind).collect();
    edge_kinds.sort_unstable();
    edge_kinds.dedup();
    let edges = sorted
        .into_iter()
        .map(|edge| {
            let evidence = edge.evidence().map(evidence_data).collect();
            (
                place[edge.source().index()],
                place[edge.target().index()],
                edge.kind().as_str(),
                edge.seconds(),
                evidence,
            )
        })
        .collect();
    let info = kg.info();
    Data {
        title: svg::view_title(kg, "explorer"),
        generator: &info.generator,
        kinds: NodeKind::ALL
            .into_iter()
            .map(|kind| {
                let (fill, stroke) = palette::colours(kind);
                (kind.as_str(), fill, stroke, palette::cytoscape_shape(kind))
            })
            .collect(),
        edge_kinds: edge_kinds
            .into_iter()
            .map(|kind| {
                let (style, colour, width) = palette::cytoscape_line(kind);
                (kind.as_str(), colour, style, width)
            })
            .collect(),
        nodes,
        edges,
    }
}

fn node_data(node: &Node, episodes: usize) -> NodeData<'_> {
    NodeData {
        id: &node.id,
        kind: node.kind.as_str(),
        label: &node.label,
        title: node.title.as_deref().filter(|t| *t != node.label),
        number: node.number,
        date: node.date.as_deref(),
        url: node.url.as_deref().and_then(web_url),
        episodes,
    }
}

fn evidence_data(evidence: EvidenceView<'_>) -> EvidenceRow<'_> {
    (
        evidence.seconds,
        evidence.title_excerpt(),
        evidence.matched,
        evidence_link(&evidence),
    )
}

/// Where the evidence can be heard or read, at its moment: graph contract 2's evidence `link` (the
/// episode's audio with `#t=<seconds>`, or its page), when it is a safe http(s) URL.
fn evidence_link(evidence: &EvidenceView<'_>) -> Option<String> {
    let link = evidence.link()?;
    web_url(&link).map(Cow::into_owned)
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (so no
/// `</script>` or `<!--` can appear), U+2028 and U+2029 as escapes (old JavaScript parsers end lines
/// there). The escapes only ever occur inside JSON strings, where they mean the same characters.
fn script_json(json: &str) -> Cow<'_, str> {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return Cow::Borrowed(json);
    }
    let mut safe = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    Cow::Owned(safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_the_script_element() {
        let json =
            serde_json::to_string(&["</script><script>alert(1)</script> <!-- & \u{2028}\u{2029}"])
                .expect("JSON");
        let safe = script_json(&json);
        assert!(
            !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{safe}"
        );
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(
            back,
            ["</script><script>alert(1)</script> <!-- & \u{2028}\u{2029}"]
        );
    }

    #[test]
    fn the_embedded_scripts_cannot_end_their_element_early() {
        for script in [CYTOSCAPE_JS, SCRIPT] {
            assert!(!script.to_ascii_lowercase().contains("</script"));
            assert!(!script.contains("<!--"));
        }
    }
}
