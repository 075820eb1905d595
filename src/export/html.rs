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
use serde::ser::{SerializeSeq, Serializer};

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
    edges: Edges<'a>,
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

/// The edges, each written as `[source, target, kind, airtime seconds or null, evidence]` when its turn
/// comes, the ends by place in the nodes: an edge's row is never held beside the others'.
struct Edges<'a> {
    sorted: Vec<EdgeView<'a>>,
    /// Each node's place in `nodes`, by its index.
    place: Vec<usize>,
}

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.sorted.len()))?;
        for edge in &self.sorted {
            seq.serialize_element(&(
                self.place[edge.source().index()],
                self.place[edge.target().index()],
                edge.kind().as_str(),
                edge.seconds(),
                Evidence(*edge),
            ))?;
        }
        seq.end()
    }
}

/// An edge's evidence rows, each made as it is written.
struct Evidence<'a>(EdgeView<'a>);

impl Serialize for Evidence<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.evidence();
        let mut seq = serializer.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&evidence_data(item))?;
        }
        seq.end()
    }
}

/// `[start seconds or null, chapter title or null (the description), words matched, link or null]`.
type EvidenceRow<'a> = (Option<u32>, Option<Cow<'a, str>>, &'a str, Option<String>);

/// Write the explorer page.
///
/// The graph's JSON is streamed into the page through [`ScriptSafe`], never held whole: the page of a
/// megabyte title naming 53k entities held 171 MB as one string.
pub fn write(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let data = page_data(kg);
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
    write!(
        out,
        "<script type=\"application/json\" id=\"castgraph-data\">"
    )?;
    let mut script = ScriptSafe::new(&mut *out);
    serde_json::to_writer(&mut script, &data)?;
    script.finish()?;
    writeln!(out, "</script>")?;
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
    let edges = Edges { sorted, place };
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

/// A writer that makes JSON safe inside a `<script>` element as it passes through: `<`, `>` and `&` as
/// `\u003c`, `\u003e`, `\u0026` (so no `</script>` or `<!--` can appear), U+2028 and U+2029 as escapes (old
/// JavaScript parsers end lines there). The escapes only ever occur inside JSON strings, where they mean the
/// same characters. A U+2028 or U+2029 split between two writes is held until its last byte comes:
/// [`ScriptSafe::finish`] writes what is held at the end.
struct ScriptSafe<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence that may be U+2028 or U+2029 (`E2`, or `E2 80`), cut by a write.
    held: Vec<u8>,
}

/// The UTF-8 lead of U+2028 and U+2029, and the byte after it.
const LINE_SEPARATOR_HEAD: [u8; 2] = [0xE2, 0x80];

impl<W: Write> ScriptSafe<W> {
    fn new(inner: W) -> Self {
        ScriptSafe {
            inner,
            held: Vec::with_capacity(2),
        }
    }

    /// Write what is held: the bytes of an unfinished sequence, which then was not a separator.
    fn finish(mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)
    }

    /// The escape of a sequence starting with `E2` whose three bytes are `seq`, if it is a separator.
    fn separator_escape(seq: &[u8]) -> Option<&'static [u8]> {
        match seq {
            [0xE2, 0x80, 0xA8] => Some(b"\\u2028"),
            [0xE2, 0x80, 0xA9] => Some(b"\\u2029"),
            _ => None,
        }
    }

    /// Finish a held sequence with the first bytes of `buf`; returns how many bytes of `buf` it took.
    fn complete_held(&mut self, buf: &[u8]) -> io::Result<usize> {
        let wanted = 3 - self.held.len();
        if buf.len() < wanted {
            let mut seq = self.held.clone();
            seq.extend_from_slice(buf);
            if LINE_SEPARATOR_HEAD.starts_with(&seq) {
                self.held = seq;
                return Ok(buf.len());
            }
        } else {
            let mut seq = self.held.clone();
            seq.extend_from_slice(&buf[..wanted]);
            if let Some(escape) = Self::separator_escape(&seq) {
                self.held.clear();
                self.inner.write_all(escape)?;
                return Ok(wanted);
            }
        }
        // Not a separator: the held bytes go out as they are, and `buf` is read from its start.
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)?;
        Ok(0)
    }
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut pos = if self.held.is_empty() {
            0
        } else {
            self.complete_held(buf)?
        };
        while let Some(offset) = buf[pos..]
            .iter()
            .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
        {
            let at = pos + offset;
            self.inner.write_all(&buf[pos..at])?;
            let escape: &[u8] = match buf[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ if buf.len() - at < 3 => {
                    self.held.extend_from_slice(&buf[at..]);
                    return Ok(buf.len());
                }
                _ => match Self::separator_escape(&buf[at..at + 3]) {
                    Some(escape) => {
                        self.inner.write_all(escape)?;
                        pos = at + 3;
                        continue;
                    }
                    None => &buf[at..at + 1],
                },
            };
            self.inner.write_all(escape)?;
            pos = at + 1;
        }
        self.inner.write_all(&buf[pos..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` through [`ScriptSafe`] in writes of `chunk` bytes.
    fn script_safe(text: &str, chunk: usize) -> String {
        let mut out = Vec::new();
        let mut safe = ScriptSafe::new(&mut out);
        for piece in text.as_bytes().chunks(chunk) {
            safe.write_all(piece).expect("writing to memory");
        }
        safe.finish().expect("writing to memory");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn script_json_cannot_end_the_script_element() {
        let text = "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029} é€ \u{2027}\u{202A}";
        let json = serde_json::to_string(&[text]).expect("JSON");
        let safe = script_safe(&json, usize::MAX);
        assert!(
            !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{safe}"
        );
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, [text]);
    }

    #[test]
    fn script_json_is_the_same_whatever_the_writes_cut_a_separator() {
        let json =
            serde_json::to_string(&["a\u{2028}b\u{2029}\u{2028}€\u{E000}<\u{2027}"]).expect("JSON");
        let whole = script_safe(&json, usize::MAX);
        for chunk in 1..=4 {
            assert_eq!(script_safe(&json, chunk), whole, "writes of {chunk} bytes");
        }
        assert!(!whole.contains(['\u{2028}', '\u{2029}', '<']), "{whole}");
        assert!(
            whole.contains("€\u{E000}") && whole.contains('\u{2027}'),
            "{whole}"
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
