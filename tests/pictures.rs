//! Pictures: the DOT export reads at every size (measured with Graphviz), its edges carry `weight`, and it
//! has one legend; GraphML carries the same `weight`.
//!
//! The Graphviz tests need `dot` (Debian `graphviz`); without it they print "skipped" and pass, except under
//! `CI=true`, where they fail.

mod common;

use std::process::Command;

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::Filter;
use castgraph::{KnowledgeGraph, NodeKind};

use common::{bundled_graph, run_client};

/// 1920 x 1080 pixels in points, as `dot -Tpng` (96 dpi) and browsers draw an SVG's points.
const SCREEN_PT: (f64, f64) = (1440.0, 810.0);
/// The smallest text a picture may draw, in points (10.7 pixels).
const READABLE_PT: f64 = 8.0;
/// The font size of the smallest labels of the DOT export.
const BASE_FONT_PT: f64 = 10.0;

fn render(kg: &KnowledgeGraph, format: Format) -> String {
    let mut out = Vec::new();
    export::write(kg, format, &ExportOptions::default(), &mut out).expect("writing to memory");
    String::from_utf8(out).expect("exports are UTF-8")
}

fn filtered(filter: Filter) -> KnowledgeGraph {
    let mut kg = bundled_graph();
    filter.apply(&mut kg).expect("the filter applies");
    kg
}

fn kinds(kinds: &[NodeKind]) -> Filter {
    Filter {
        kinds: kinds.to_vec(),
        ..Default::default()
    }
}

/// `dot -Tsvg` of a DOT text: the SVG, or `None` (a panic under `CI=true`) without Graphviz.
fn graphviz_svg(dot: &str) -> Option<String> {
    let output = run_client("dot", &["-Tsvg"], dot)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "dot: {stderr}"
    );
    Some(String::from_utf8(output.stdout).expect("the SVG is UTF-8"))
}

/// An SVG's size in points and the scale Graphviz drew it at (below 1 when fitted to `size`).
fn svg_size_and_scale(svg: &str) -> (f64, f64, f64) {
    let number = |pattern: &str| {
        let re = regex::Regex::new(pattern).expect("the pattern compiles");
        let found = re
            .captures(svg)
            .unwrap_or_else(|| panic!("{pattern} in the SVG"));
        found[1].parse::<f64>().expect("a number")
    };
    (
        number(r#"<svg width="([0-9.]+)pt""#),
        number(r#"<svg width="[0-9.]+pt" height="([0-9.]+)pt""#),
        number(r#"transform="scale\(([0-9.]+) "#),
    )
}

/// The issue's measure: the bundled corpus's episodes and topics (90 nodes, 291 edges) rendered 989 x
/// 9,383 points, a column no screen shows; it must fit 1920 x 1080 with its smallest label at least 8
/// points as drawn.
#[test]
fn the_episode_and_topic_view_fits_a_screen_with_readable_labels() {
    let kg = filtered(kinds(&[NodeKind::Episode, NodeKind::Topic]));
    let Some(svg) = graphviz_svg(&render(&kg, Format::Dot)) else {
        return;
    };
    let (width, height, scale) = svg_size_and_scale(&svg);
    assert!(
        width <= SCREEN_PT.0 && height <= SCREEN_PT.1,
        "{width} x {height} pt is larger than a 1920 x 1080 screen"
    );
    assert!(
        BASE_FONT_PT * scale >= READABLE_PT,
        "the smallest labels are drawn at {} pt (Graphviz measures labels with the font that `fc-match \
         Helvetica` names; Liberation Sans, Debian's fonts-liberation2, has the metrics the DOT asks for)",
        BASE_FONT_PT * scale
    );
}

/// The whole bundled graph (2,274 x 22,000 pixels before) and `--focus topic:gil --depth 2` (1,866 x 18,829)
/// are laid out as pictures, at most a few screens wide and high, with the labels at full size.
#[test]
fn large_views_are_pictures_with_full_size_labels_not_columns() {
    let gil = Filter {
        focus: Some(("topic:gil".into(), 2)),
        ..Default::default()
    };
    for (what, kg) in [("whole", bundled_graph()), ("gil depth 2", filtered(gil))] {
        let Some(svg) = graphviz_svg(&render(&kg, Format::Dot)) else {
            return;
        };
        let (width, height, scale) = svg_size_and_scale(&svg);
        assert!(
            width <= 3.0 * SCREEN_PT.0 && height <= 3.0 * SCREEN_PT.1,
            "{what}: {width} x {height} pt"
        );
        assert!(
            (1.0 / 3.0..=3.0).contains(&(width / height)),
            "{what}: {width} x {height} pt"
        );
        assert_eq!(scale, 1.0, "{what}: labels at full size");
    }
}

/// Focused views keep the ranked `dot` layout, left to right, with the airtime on `discusses` edges.
#[test]
fn small_views_are_ranked_left_to_right_with_airtime_labels() {
    let jit = Filter {
        focus: Some(("topic:jit".into(), 1)),
        ..Default::default()
    };
    let dot = render(&filtered(jit), Format::Dot);
    assert!(dot.contains("rankdir=LR") && !dot.contains("layout="));
    assert!(dot.contains(" min\""));
    let whole = render(&bundled_graph(), Format::Dot);
    assert!(whole.contains("layout=neato, overlap=prism") && !whole.contains(" min\""));
}

/// One `-> ... [...]` line of the DOT: its ends and attributes.
fn dot_edges(dot: &str) -> Vec<(String, String, String)> {
    let re = regex::Regex::new(r#"(?m)^  "([^"]+)" -> "([^"]+)" \[(.*)\];$"#).expect("compiles");
    re.captures_iter(dot)
        .map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
        .collect()
}

/// `weight` is the edge's evidence count (what NetworkX, Gephi and `dot` read as its strength), and the
/// width of a line grows with its airtime.
#[test]
fn dot_edges_weigh_their_evidence_and_widen_with_airtime() {
    let kg = bundled_graph();
    let dot = render(&kg, Format::Dot);
    let edges = dot_edges(&dot);
    assert_eq!(edges.len(), kg.edge_count());
    let weight = regex::Regex::new(r"\bweight=(\d+)").expect("compiles");
    let width = regex::Regex::new(r"\bpenwidth=([0-9.]+)").expect("compiles");
    let mut widths = Vec::new();
    for edge in kg.edges_sorted() {
        let (source, target) = (&edge.source_node().id, &edge.target_node().id);
        let (_, _, attributes) = edges
            .iter()
            .find(|(a, b, _)| a == source && b == target)
            .unwrap_or_else(|| panic!("{source} -> {target} in the DOT"));
        let found: usize = weight.captures(attributes).expect("a weight")[1]
            .parse()
            .expect("a number");
        assert_eq!(found, edge.evidence_count(), "{source} -> {target}");
        if let Some(seconds) = edge.seconds() {
            let pen: f64 = width.captures(attributes).expect("a penwidth")[1]
                .parse()
                .expect("a number");
            widths.push((seconds, pen));
        }
    }
    widths.sort_by_key(|&(seconds, _)| seconds);
    assert!(
        widths.windows(2).all(|w| w[0].1 <= w[1].1),
        "wider with airtime"
    );
    assert!(widths.first().expect("airtimes").1 < widths.last().expect("airtimes").1);
}

/// One legend, in every layout: a single HTML-like table naming every node kind (with its count) and every
/// edge kind of the picture, and what sizes and widths mean; no sample nodes scattered by a force layout.
#[test]
fn dot_has_one_legend_of_node_kinds_and_edge_styles() {
    for kg in [
        bundled_graph(),
        filtered(kinds(&[NodeKind::Episode, NodeKind::Topic])),
    ] {
        let dot = render(&kg, Format::Dot);
        assert_eq!(dot.matches("label=<<table").count(), 1);
        assert!(!dot.contains("cluster_legend") && !dot.contains("%legend"));
        let legend = &dot[dot.find("label=<<table").expect("the legend")..];
        let legend = &legend[..legend.find("</table>>").expect("its end")];
        for (kind, count) in kg.count_by_kind() {
            assert!(legend.contains(&format!(">{kind} ({count}, ")), "{kind}");
        }
        for edge in kg.edges() {
            assert!(
                legend.contains(&format!(">{}</td>", edge.kind())),
                "{}",
                edge.kind()
            );
        }
        assert!(legend.contains("line width: airtime"));
    }
}

/// GraphML declares `weight` and gives every edge its evidence count.
#[test]
fn graphml_edges_weigh_their_evidence() {
    let kg = bundled_graph();
    let graphml = render(&kg, Format::GraphMl);
    assert!(
        graphml.contains(r#"<key id="e_weight" for="edge" attr.name="weight" attr.type="int"/>"#)
    );
    let weights: Vec<usize> = regex::Regex::new(r#"<data key="e_weight">(\d+)</data>"#)
        .expect("compiles")
        .captures_iter(&graphml)
        .map(|c| c[1].parse().expect("a number"))
        .collect();
    let expected: Vec<usize> = kg
        .edges_sorted()
        .iter()
        .map(|e| e.evidence_count())
        .collect();
    assert_eq!(weights, expected);
}

// ---------------------------------------------------------------------------------------------------------
// The SVG views: the topic map and the episode-by-topic grid.

use castgraph::export::MapView;
use castgraph::{Chapter, EdgeData, EdgeKind, Node};
use quick_xml::events::Event;

/// Titles written to break out of XML or to act on the text around them.
const HOSTILE: [&str; 4] = [
    r#"<script>alert("x")</script> & &amp; ]]> 'single'"#,
    "rtl \u{202e}gnp.exe\u{202c}\u{200f} mark",
    "\u{fffe}\u{ffff} \u{0}\u{1b}[31m controls &#1;",
    "Łukasz 🐍 \"quoted\" <b>bold</b>",
];

fn draw(kg: &KnowledgeGraph, view: MapView, min_episodes: usize) -> String {
    let mut out = Vec::new();
    export::write_map(kg, view, min_episodes, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("SVG is UTF-8")
}

/// Three episodes and four topics, one of them under another, with hostile episode titles, chapter titles
/// and a hostile topic label: small enough to snapshot, and every text a view draws is untrusted.
fn small_hostile_graph() -> KnowledgeGraph {
    let mut nodes = Vec::new();
    for n in 1..=3u32 {
        let mut episode = Node::new(
            format!("episode:{n}"),
            NodeKind::Episode,
            format!("Episode {n}"),
        );
        episode.number = Some(n);
        episode.title = Some(format!("Episode {n}: {}", HOSTILE[n as usize - 1]));
        episode.chapters = Some(
            vec![
                Chapter::new(0, HOSTILE[0]),
                Chapter::new(300, HOSTILE[1]),
                Chapter::new(900, HOSTILE[2]),
                Chapter::new(1500, "outro"),
            ]
            .into(),
        );
        nodes.push(episode);
    }
    nodes.push(Node::new(
        "topic:gil",
        NodeKind::Topic,
        "GIL and free-threading",
    ));
    nodes.push(Node::new(
        "topic:concurrency",
        NodeKind::Topic,
        "Concurrency",
    ));
    nodes.push(Node::new("topic:jit", NodeKind::Topic, "JIT compilation"));
    nodes.push(Node::new("topic:hostile", NodeKind::Topic, HOSTILE[3]));
    let evidence = |seconds: u32, title: &str| castgraph::Evidence {
        source: None,
        link: None,
        text: None,
        start: Some(castgraph::ingest::Timestamp(seconds)),
        seconds: Some(seconds),
        title: Some(title.into()),
        matched: title.chars().take(3).collect(),
    };
    let discusses = |seconds, chapter: usize| EdgeData {
        kind: EdgeKind::Discusses,
        evidence: vec![evidence([0, 300, 900][chapter], HOSTILE[chapter])],
        seconds: Some(seconds),
        count: None,
        passages: Vec::new(),
    };
    let mut edges = vec![(
        "topic:gil".to_string(),
        "topic:concurrency".to_string(),
        EdgeData {
            kind: EdgeKind::SubtopicOf,
            evidence: vec![],
            seconds: None,
            count: None,
            passages: Vec::new(),
        },
    )];
    for (episode, topic, seconds, chapter) in [
        (1, "gil", 300, 0),
        (1, "concurrency", 600, 1),
        (1, "hostile", 60, 2),
        (2, "gil", 1200, 1),
        (2, "jit", 30, 0),
        (2, "hostile", 600, 2),
        (3, "jit", 900, 2),
        (3, "gil", 90, 0),
    ] {
        edges.push((
            format!("episode:{episode}"),
            format!("topic:{topic}"),
            discusses(seconds, chapter),
        ));
    }
    let info = castgraph::graph::GraphInfo {
        generator: "castgraph test".into(),
        show: Some("<show> & \"co\"".into()),
    };
    KnowledgeGraph::from_parts(info, nodes, edges).expect("a consistent graph")
}

/// An SVG as quick-xml reads it: the root's size, every element's name, the decoded text and tooltips.
struct Svg {
    size: (f64, f64),
    elements: Vec<String>,
    texts: Vec<String>,
    font_sizes: Vec<f64>,
}

fn parse_svg(svg: &str) -> Svg {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut parsed = Svg {
        size: (0.0, 0.0),
        elements: Vec::new(),
        texts: Vec::new(),
        font_sizes: Vec::new(),
    };
    let number = |e: &quick_xml::events::BytesStart, name: &str| -> Option<f64> {
        let value = e
            .try_get_attribute(name)
            .ok()??
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?;
        value.parse().ok()
    };
    let mut text = String::new();
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().into_inner().to_string();
                if name == "svg" {
                    parsed.size = (
                        number(&e, "width").expect("a width"),
                        number(&e, "height").expect("a height"),
                    );
                }
                parsed.font_sizes.extend(number(&e, "font-size"));
                parsed.elements.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text
                    .push_str(quick_xml::escape::resolve_xml_entity(&r).expect("a known entity")),
            },
            Event::End(_) => parsed.texts.push(std::mem::take(&mut text)),
            _ => {}
        }
    }
    parsed
}

/// The issue's measure: core.py's topic map and grid each fit a 1920 x 1080 screen (one printed page),
/// with no text under 10 pixels, and name every topic discussed.
#[test]
fn the_topic_map_and_the_grid_fit_a_screen_with_readable_labels() {
    let kg = bundled_graph();
    let topics = kg
        .graph()
        .node_indices()
        .filter(|&i| kg.graph()[i].kind == NodeKind::Topic && kg.episode_count(i) > 0)
        .count();
    assert!(topics > 60, "the bundled corpus discusses {topics} topics");
    for view in MapView::ALL {
        let svg = parse_svg(&draw(&kg, view, 1));
        assert!(
            svg.size.0 <= 1920.0 && svg.size.1 <= 1080.0,
            "{}: {:?}",
            view.name(),
            svg.size
        );
        let smallest = svg.font_sizes.iter().copied().fold(f64::MAX, f64::min);
        assert!(smallest >= 10.0, "{}: text at {smallest} px", view.name());
        let labels = svg
            .texts
            .iter()
            .filter(|t| t.contains("Bytecode interpreter"))
            .count();
        assert!(labels >= 1, "{}: names the topics", view.name());
    }
    let map = parse_svg(&draw(&kg, MapView::Topics, 1));
    assert_eq!(
        map.elements.iter().filter(|e| *e == "circle").count(),
        topics
    );
    let grid = parse_svg(&draw(&kg, MapView::Grid, 1));
    let episodes = kg.count_by_kind()[&NodeKind::Episode];
    assert_eq!(
        grid.elements.iter().filter(|e| *e == "rect").count() - 1 - 5,
        topics * episodes
    );
}

/// Only topics discussed in at least N episodes are drawn.
#[test]
fn the_views_leave_out_topics_discussed_in_fewer_episodes() {
    let kg = bundled_graph();
    let wanted = kg
        .graph()
        .node_indices()
        .filter(|&i| kg.graph()[i].kind == NodeKind::Topic && kg.episode_count(i) >= 5)
        .count();
    let map = parse_svg(&draw(&kg, MapView::Topics, 5));
    assert_eq!(
        map.elements.iter().filter(|e| *e == "circle").count(),
        wanted
    );
}

/// Hostile titles, labels and show names stay text: the SVG parses (quick-xml here, expat in
/// `tests/export.rs`'s sense through `xml_wellformed.py` when Python is there), no element but the
/// views' own appears, and the text reads back as written (U+FFFD for what XML forbids, no control
/// characters).
#[test]
fn hostile_titles_stay_inert_in_the_svg_views() {
    let kg = small_hostile_graph();
    let allowed = [
        "svg", "title", "style", "rect", "text", "g", "path", "circle",
    ];
    for view in MapView::ALL {
        let text = draw(&kg, view, 1);
        assert!(
            !text.to_ascii_lowercase().contains("<script"),
            "{}",
            view.name()
        );
        assert!(!text.contains(['\u{fffe}', '\u{ffff}', '\u{0}', '\u{1b}']));
        let svg = parse_svg(&text);
        for element in &svg.elements {
            assert!(
                allowed.contains(&element.as_str()),
                "{}: <{element}>",
                view.name()
            );
        }
        let all = svg.texts.join("\n");
        assert!(
            all.contains("<show> & \"co\""),
            "{}: the show's name as written",
            view.name()
        );
        assert!(all.contains(HOSTILE[3].split(" <b>").next().unwrap_or_default()));
        if view == MapView::Grid {
            assert!(
                all.contains(HOSTILE[0]),
                "the chapter title as written in a tooltip"
            );
            assert!(all.contains("rtl \u{202e}gnp.exe\u{202c}\u{200f} mark"));
            assert!(all.contains("\u{fffd}\u{fffd} [31m controls &#1;"));
        }
        if let Some(errors) = expat_errors(&text) {
            assert_eq!(errors, None, "expat refuses the {} view", view.name());
        }
    }
}

/// What expat says of an XML text (`None`: well-formed); `None` inside when Python is missing outside CI.
fn expat_errors(text: &str) -> Option<Option<String>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("view.svg");
    std::fs::write(&path, text).expect("writable");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/xml_wellformed.py");
    let output = match Command::new("python3").arg(&script).arg(&path).output() {
        Ok(output) => output,
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("python3 is missing, and CI=true")
        }
        Err(_) => return None,
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let key = path.to_str().expect("UTF-8 path");
    Some(seen[key].as_str().map(String::from))
}

/// Snapshots of both views of the small hostile graph (`SNAPSHOTS=overwrite cargo test --test pictures`).
#[test]
fn the_views_of_a_small_graph_match_their_snapshots() {
    let kg = small_hostile_graph();
    for view in MapView::ALL {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/snapshots/map-{}.svg", view.name()));
        let expected = snapbox::Data::read_from(&path, Some(snapbox::data::DataFormat::Text)).raw();
        snapbox::assert_data_eq!(draw(&kg, view, 1), expected);
    }
}
