//! Export: every format is deterministic, carries untrusted chapter titles through intact and harmless,
//! and loads in the real tools (Graphviz `dot`, NetworkX, rdflib) with the counts and answers castgraph
//! reports.
//!
//! Snapshots live in tests/snapshots/ (regenerate with `SNAPSHOTS=overwrite cargo test --test export`).
//! The client tests need `dot` (Debian `graphviz`) and `pip install -r tests/clients/requirements.txt`;
//! without them they print "skipped" and pass, except under `CI=true`, where they fail.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::Filter;
use castgraph::query::MatchKind;
use castgraph::{Chapter, EdgeData, EdgeKind, InputFormat, KnowledgeGraph, Node, NodeKind, Tagger};
use quick_xml::events::Event;
use serde_json::Value;

use common::{bundled_graph, run_client, tagger};

/// Chapter titles written to break out of every format's strings, or to be characters XML forbids, or to act
/// on a terminal.
const HOSTILE: [&str; 8] = [
    r#"INTRO "quoted" \ back\slash \N \G \L \n \\ end \"#,
    "<script>alert(1)</script> & &amp; &#60; ]]> {braces} [brackets] (parens)",
    r#"PEP 703: subgraph end; graph digraph node edge -> "x" [label="pwned"] }"#,
    "end click style classDef --> %% %%{init: {}}%% ``` ` | # ; ::: style x:#f00;",
    "@prefix a \"\"\" <http://evil> ''' \u{1}ctrl\u{7f} tab\there \"}] \\\"}]",
    "Łukasz ∞ 🐍 日本語 \r\nnewline",
    "\u{fffe}\u{ffff}\u{fdd0}\u{1fffe} \u{0}\u{1b}[31m\u{7}\u{85}\u{9b} &#1;&#xFFFE;",
    "rtl \u{202e}gnp.exe\u{202c}\u{200f}\u{2067}x\u{2069}\u{61c}",
];

const HOSTILE_LABEL: &str = r#"Episode 99: "end" <b>click</b> \N #35; `x` {a|b} -->; %% [x]"#;
const HOSTILE_DESCRIPTION: &str = "line one\nline \"two\" \\N }]\n<http://evil> .";

/// The bundled corpus cut down to episode 2 and its neighbours.
fn episode2_graph() -> KnowledgeGraph {
    let mut kg = bundled_graph();
    let filter = Filter {
        episode: Some("episode:2".into()),
        ..Default::default()
    };
    filter
        .apply(&mut kg)
        .expect("episode 2 is in the bundled corpus");
    kg
}

/// One episode whose every chapter mentions PEP 703, with its label, title, description and chapter titles
/// (and the evidence that quotes them) replaced by [`HOSTILE`] text.
fn hostile_graph() -> KnowledgeGraph {
    let line = "About PEP 703 # Timestamps (00:00:00) PEP 703 a (00:01:00) PEP 703 b (00:02:00) PEP 703 c \
                (00:03:00) PEP 703 d (00:04:00) PEP 703 e (00:05:00) PEP 703 f (00:06:00) PEP 703 g \
                (00:07:00) PEP 703 h\n";
    let corpus = castgraph::ingest::read_str(line, None, InputFormat::Text, &Default::default())
        .expect("the hostile notes are readable");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    // The same graph again, from parts, with the hostile text in place of the episode's: evidence quotes
    // its chapter, so each item's words become the whole hostile title.
    let mut titles = HashMap::new();
    let edit_node = |node: &mut Node| {
        if node.kind == NodeKind::Episode {
            node.label = HOSTILE_LABEL.to_string();
            node.title = Some(HOSTILE_LABEL.to_string());
            node.description = Some(HOSTILE_DESCRIPTION.to_string());
            let mut chapters = node.chapters.as_ref().expect("chapters").to_vec();
            assert_eq!(
                chapters.len(),
                HOSTILE.len(),
                "the hostile notes have one chapter per hostile title"
            );
            for (chapter, title) in chapters.iter_mut().zip(HOSTILE) {
                chapter.title = title.to_string();
                titles.insert(chapter.seconds, title);
            }
            node.chapters = Some(chapters.into());
        }
    };
    let (nodes, mut edges) = parts_of(&kg, edit_node);
    for (_, _, data) in &mut edges {
        for item in &mut data.evidence {
            match titles.get(&item.seconds) {
                Some(title) => {
                    item.title = Some((*title).into());
                    item.matched = title.to_string();
                }
                None => item.matched = HOSTILE_DESCRIPTION.to_string(),
            }
        }
    }
    KnowledgeGraph::from_parts(kg.info().clone(), nodes, edges).expect("a consistent graph")
}

/// A graph's nodes (each changed by `edit_node`) and edges as owned parts, to assemble a changed graph
/// from with [`KnowledgeGraph::from_parts`].
fn parts_of(
    kg: &KnowledgeGraph,
    mut edit_node: impl FnMut(&mut Node),
) -> (Vec<Node>, Vec<(String, String, EdgeData)>) {
    let nodes = kg
        .nodes()
        .map(|node| {
            let mut node = node.clone();
            edit_node(&mut node);
            node
        })
        .collect();
    let edges = kg
        .edges()
        .map(|e| {
            let data = EdgeData {
                kind: e.kind(),
                count: None,
                passages: Vec::new(),
                evidence: e.evidence().map(|ev| ev.to_evidence()).collect(),
                seconds: e.seconds(),
            };
            (e.source_node().id.clone(), e.target_node().id.clone(), data)
        })
        .collect();
    (nodes, edges)
}

/// A graph with every node kind and every edge kind, including a non-ASCII id and evidence from the
/// description.
fn every_kind_graph() -> KnowledgeGraph {
    let mut episode = Node::new("episode:7", NodeKind::Episode, "Episode 7: Free threading");
    episode.number = Some(7);
    episode.duration = Some(3600);
    episode.date = Some("2024-05-01".into());
    episode.description = Some("Free threading: no GIL.".into());
    episode.chapters = Some(
        vec![
            Chapter::new(0, "INTRO"),
            Chapter::new(60, "PEP 703 and the GIL, with Sam"),
            Chapter::new(120, "threading in 3.13, gh-109181, CVE-2024-7592 and nogil"),
        ]
        .into(),
    );
    episode.links = vec!["https://example.org/ep 7?a=1&b=<2>".into()];
    let mut pep = Node::new("pep:703", NodeKind::Pep, "PEP 703");
    pep.url = Some("https://peps.python.org/pep-0703/".into());
    pep.title = Some("Making the Global Interpreter Lock Optional in CPython".into());
    let mut release = Node::new("release:3.13", NodeKind::Release, "Python 3.13");
    release.versions = vec!["3.13.0".into()];
    let mut cve = Node::new("cve:CVE-2024-7592", NodeKind::Cve, "CVE-2024-7592");
    cve.url = Some("https://www.cve.org/CVERecord?id=CVE-2024-7592&x=1".into());
    let nodes = vec![
        episode,
        Node::new("topic:gil", NodeKind::Topic, "GIL"),
        Node::new("topic:concurrency", NodeKind::Topic, "Concurrency"),
        pep,
        Node::new("person:sam-gross", NodeKind::Person, "Sam Gross"),
        Node::new("person:łukasz", NodeKind::Person, "Łukasz"),
        Node::new("module:threading", NodeKind::Module, "threading"),
        release,
        Node::new("gh:109181", NodeKind::Issue, "gh-109181"),
        cve,
        Node::new("project:nogil", NodeKind::Project, "nogil"),
    ];
    let evidence = |start: Option<u32>, title: Option<&str>, matched: &str| castgraph::Evidence {
        source: None,
        link: None,
        start: start.map(castgraph::ingest::Timestamp),
        seconds: start,
        title: title.map(std::sync::Arc::from),
        matched: matched.into(),
        text: None,
    };
    let episode_edge = |kind, evidence: Vec<castgraph::Evidence>| EdgeData {
        kind,
        count: None,
        passages: Vec::new(),
        evidence,
        seconds: Some(60),
    };
    let plain = |kind| EdgeData {
        kind,
        count: None,
        passages: Vec::new(),
        evidence: vec![],
        seconds: None,
    };
    let chapter = Some("PEP 703 and the GIL, with Sam");
    let mut edges = vec![
        (
            "episode:7",
            "person:łukasz",
            episode_edge(EdgeKind::Host, vec![]),
        ),
        (
            "episode:7",
            "person:sam-gross",
            episode_edge(EdgeKind::Guest, vec![evidence(Some(60), chapter, "Sam")]),
        ),
        (
            "episode:7",
            "pep:703",
            episode_edge(
                EdgeKind::Discusses,
                vec![evidence(Some(60), chapter, "PEP 703")],
            ),
        ),
        (
            "episode:7",
            "topic:gil",
            episode_edge(EdgeKind::Discusses, vec![evidence(None, None, "GIL")]),
        ),
        (
            "topic:gil",
            "topic:concurrency",
            plain(EdgeKind::SubtopicOf),
        ),
        ("pep:703", "topic:gil", plain(EdgeKind::About)),
        ("person:sam-gross", "pep:703", plain(EdgeKind::Authored)),
    ];
    let third = Some("threading in 3.13, gh-109181, CVE-2024-7592 and nogil");
    for (target, words) in [
        ("module:threading", "threading"),
        ("release:3.13", "3.13"),
        ("gh:109181", "gh-109181"),
        ("cve:CVE-2024-7592", "CVE-2024-7592"),
        ("project:nogil", "nogil"),
    ] {
        edges.push((
            "episode:7",
            target,
            episode_edge(EdgeKind::Discusses, vec![evidence(Some(120), third, words)]),
        ));
    }
    let edges = edges
        .into_iter()
        .map(|(a, b, e)| (a.to_string(), b.to_string(), e))
        .collect();
    let info = castgraph::graph::GraphInfo {
        generator: "castgraph test".into(),
        show: Some("core.py".into()),
    };
    KnowledgeGraph::from_parts(info, nodes, edges).expect("a consistent graph")
}

#[test]
fn rdf_maps_every_edge_kind_to_its_property() {
    let doc: Value =
        serde_json::from_str(&render(&every_kind_graph(), Format::JsonLd)).expect("JSON-LD parses");
    let graph = doc["@graph"].as_array().expect("@graph");
    let resource = |id: &str| {
        let iri = export::node_iri(id);
        graph
            .iter()
            .find(|r| r["@id"] == iri.as_str())
            .unwrap_or_else(|| panic!("{id} is a resource"))
    };
    let iri = |id: &str| serde_json::json!({ "@id": export::node_iri(id) });
    let has = |id: &str, predicate: &str, object: Value| {
        let value = &resource(id)[predicate];
        assert!(
            value == &object || value.as_array().is_some_and(|v| v.contains(&object)),
            "{id} {predicate} {object}: {value}"
        );
    };
    has("episode:7", "cg:host", iri("person:łukasz"));
    has("episode:7", "cg:guest", iri("person:sam-gross"));
    has("episode:7", "schema:actor", iri("person:sam-gross"));
    has("episode:7", "schema:about", iri("cve:CVE-2024-7592"));
    has("topic:gil", "skos:broader", iri("topic:concurrency"));
    has("pep:703", "schema:about", iri("topic:gil"));
    has("pep:703", "schema:author", iri("person:sam-gross"));
    has(
        "pep:703",
        "schema:sameAs",
        serde_json::json!({ "@id": "https://peps.python.org/pep-0703/" }),
    );
    has(
        "release:3.13",
        "schema:softwareVersion",
        Value::String("3.13.0".into()),
    );
    has(
        "episode:7",
        "schema:duration",
        serde_json::json!({ "@value": "PT1H", "@type": "xsd:duration" }),
    );
    assert_eq!(
        resource("person:łukasz")["@id"],
        "https://castgraph.dev/id/person/%C5%82ukasz"
    );
    let clip = graph
        .iter()
        .find(|r| r["schema:name"] == "PEP 703 and the GIL, with Sam")
        .expect("the chapter is a clip");
    assert_eq!(clip["schema:startOffset"], 60);
    assert_eq!(clip["schema:endOffset"], 120);
    assert_eq!(
        clip["schema:about"],
        iri("pep:703"),
        "the chapter with the evidence is about PEP 703"
    );
    assert_eq!(clip["schema:mentions"], iri("person:sam-gross"));
}

fn render(kg: &KnowledgeGraph, format: Format) -> String {
    let mut out = Vec::new();
    export::write(kg, format, &ExportOptions::default(), &mut out)
        .expect("writing to memory succeeds");
    String::from_utf8(out).expect("exports are UTF-8")
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the temporary file is writable");
    path
}

fn episode_node(kg: &KnowledgeGraph) -> &Node {
    kg.nodes()
        .find(|n| n.kind == NodeKind::Episode)
        .expect("an episode")
}

// ---------------------------------------------------------------------------------------------------------
// Snapshots of the episode-2 graph.

/// Every format's snapshot of the episode-2 graph, in `tests/snapshots/episode2.<its first extension>`, so a
/// new format is snapshotted without a new test: `SNAPSHOTS=overwrite cargo test --test export` writes the
/// files. `.raw()` because snapbox would otherwise turn the DOT's backslashes into slashes.
#[test]
fn every_format_matches_its_snapshot_of_episode_2() {
    let kg = episode2_graph();
    for format in Format::ALL {
        let file = format!("tests/snapshots/episode2.{}", format.extensions()[0]);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let expected = snapbox::Data::read_from(&path, Some(snapbox::data::DataFormat::Text)).raw();
        // The explorer's snapshot leaves out the library it embeds (`tests/browser.rs` checks that file).
        let text = render(&kg, format).replace(export::CYTOSCAPE_JS, "/* cytoscape.min.js */");
        snapbox::assert_data_eq!(text, expected);
    }
}

#[test]
fn every_format_is_deterministic_across_builds() {
    let (first, second) = (bundled_graph(), bundled_graph());
    for format in Format::ALL {
        assert_eq!(
            render(&first, format),
            render(&second, format),
            "{}",
            format.name()
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Structure, parsed back in Rust.

/// Issue 16: cytoscape.js draws the export in the DOT palette without a stylesheet of the user's: every
/// class an element carries has a rule with a colour.
#[test]
fn the_cytoscape_export_carries_a_style_for_every_class_it_uses() {
    let kg = bundled_graph();
    let doc: Value = serde_json::from_str(&render(&kg, Format::Cytoscape)).expect("JSON");
    let rules = doc["style"].as_array().expect("a `style` array");
    let styled: HashSet<String> = rules
        .iter()
        .filter_map(|r| r["selector"].as_str().map(str::to_string))
        .collect();
    for (group, colour) in [("nodes", "background-color"), ("edges", "line-color")] {
        for element in doc["elements"][group].as_array().expect("elements") {
            let class = element["classes"].as_str().expect("a class");
            let selector = format!("{}.{class}", &group[..4]);
            assert!(styled.contains(&selector), "no rule for {selector}");
            let rule = rules
                .iter()
                .find(|r| r["selector"] == selector.as_str())
                .unwrap();
            assert!(
                rule["style"][colour]
                    .as_str()
                    .is_some_and(|c| c.starts_with('#'))
            );
        }
    }
}

#[test]
fn cytoscape_edge_ids_are_unique_and_name_existing_nodes() {
    let kg = bundled_graph();
    let doc: Value =
        serde_json::from_str(&render(&kg, Format::Cytoscape)).expect("Cytoscape output is JSON");
    let nodes = doc["elements"]["nodes"].as_array().expect("elements.nodes");
    let edges = doc["elements"]["edges"].as_array().expect("elements.edges");
    assert_eq!(
        (nodes.len(), edges.len()),
        (kg.node_count(), kg.edge_count())
    );
    let node_ids: HashSet<&str> = nodes
        .iter()
        .filter_map(|n| n["data"]["id"].as_str())
        .collect();
    assert_eq!(node_ids.len(), nodes.len());
    let mut edge_ids = HashSet::new();
    for edge in edges {
        let data = &edge["data"];
        assert!(
            edge_ids.insert(data["id"].as_str().expect("edge id")),
            "duplicate edge id {}",
            data["id"]
        );
        for end in ["source", "target"] {
            assert!(
                node_ids.contains(data[end].as_str().unwrap_or_default()),
                "{end} of {}",
                data["id"]
            );
        }
        assert!(data["kind"].is_string());
    }
}

/// A GraphML document as quick-xml reads it: declared keys, and each node's and edge's decoded data.
#[derive(Default)]
struct GraphMl {
    keys: HashMap<String, (String, String)>,
    nodes: Vec<BTreeMap<String, String>>,
    edges: Vec<BTreeMap<String, String>>,
}

fn attribute(element: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    let attr = element.try_get_attribute(name).ok()??;
    Some(
        attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .into_owned(),
    )
}

/// A character or predefined entity reference, resolved.
fn resolve(reference: &quick_xml::events::BytesRef) -> String {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => quick_xml::escape::resolve_xml_entity(reference)
            .expect("a known entity")
            .to_string(),
    }
}

fn parse_graphml(text: &str) -> GraphMl {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut doc = GraphMl::default();
    let mut current: Option<(bool, BTreeMap<String, String>)> = None;
    let mut key: Option<String> = None;
    loop {
        match reader.read_event().expect("GraphML is well-formed XML") {
            Event::Eof => break,
            Event::Empty(e) if e.name().as_ref() == "key" => {
                let id = attribute(&e, "id").expect("key id");
                let domain = attribute(&e, "for").expect("key for");
                let name = attribute(&e, "attr.name").expect("key attr.name");
                assert!(attribute(&e, "attr.type").is_some(), "key {id} has a type");
                doc.keys.insert(id, (domain, name));
            }
            Event::Start(e) if matches!(e.name().as_ref(), "node" | "edge") => {
                let mut data = BTreeMap::new();
                for name in ["id", "source", "target"] {
                    if let Some(value) = attribute(&e, name) {
                        data.insert(format!("@{name}"), value);
                    }
                }
                current = Some((e.name().as_ref() == "node", data));
            }
            Event::Start(e) if e.name().as_ref() == "data" => key = attribute(&e, "key"),
            Event::Text(t) => {
                if let (Some(k), Some((_, data))) = (&key, &mut current) {
                    let text = t.xml10_content();
                    data.entry(k.clone()).or_default().push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(k), Some((_, data))) = (&key, &mut current) {
                    data.entry(k.clone()).or_default().push_str(&resolve(&r));
                }
            }
            Event::End(e) if e.name().as_ref() == "data" => key = None,
            Event::End(e) if matches!(e.name().as_ref(), "node" | "edge") => {
                if let Some((is_node, data)) = current.take() {
                    if is_node {
                        doc.nodes.push(data)
                    } else {
                        doc.edges.push(data)
                    }
                }
            }
            _ => {}
        }
    }
    doc
}

#[test]
fn graphml_declares_every_key_and_counts_match() {
    let kg = bundled_graph();
    let doc = parse_graphml(&render(&kg, Format::GraphMl));
    assert_eq!(
        (doc.nodes.len(), doc.edges.len()),
        (kg.node_count(), kg.edge_count())
    );
    for (domain, items) in [("node", &doc.nodes), ("edge", &doc.edges)] {
        for item in items {
            for key in item.keys().filter(|k| !k.starts_with('@')) {
                let declared = doc
                    .keys
                    .get(key)
                    .unwrap_or_else(|| panic!("key {key} is declared"));
                assert_eq!(declared.0, domain, "key {key} is declared for {domain}");
            }
        }
    }
}

#[test]
fn mermaid_past_its_limits_says_so_at_the_top() {
    let mut nodes = vec![Node::new("episode:1", NodeKind::Episode, "Episode 1")];
    let mut edges = Vec::new();
    for n in 0..=export::MERMAID_MAX_EDGES {
        nodes.push(Node::new(
            format!("topic:t{n}"),
            NodeKind::Topic,
            format!("Topic {n}"),
        ));
        let edge = EdgeData {
            kind: EdgeKind::Discusses,
            count: None,
            passages: Vec::new(),
            evidence: vec![],
            seconds: None,
        };
        edges.push(("episode:1".to_string(), format!("topic:t{n}"), edge));
    }
    let big =
        KnowledgeGraph::from_parts(Default::default(), nodes, edges).expect("a consistent graph");
    let warning = export::mermaid_limits_exceeded(&big).expect("501 edges are past maxEdges");
    assert!(
        warning.contains("--min-episodes") && warning.contains("--focus"),
        "{warning}"
    );
    let text = render(&big, Format::Mermaid);
    assert!(
        text.starts_with("%% this diagram has 501 edges"),
        "{}",
        &text[..200]
    );
    assert!(
        text.lines().filter(|l| l.starts_with("%%")).count() >= 2
            && text.contains("\nflowchart LR\n")
    );

    let small = episode2_graph();
    assert_eq!(export::mermaid_limits_exceeded(&small), None);
    assert!(render(&small, Format::Mermaid).starts_with("flowchart LR\n"));
}

// ---------------------------------------------------------------------------------------------------------
// Hostile text comes through intact (parsed back) and harmless.

fn hostile_titles() -> Vec<String> {
    HOSTILE.iter().map(|s| s.to_string()).collect()
}

/// What XML 1.0 can carry: forbidden characters become U+FFFD.
fn xml_expected(text: &str) -> String {
    text.chars()
        .map(|c| if xml_char(c) { c } else { '\u{fffd}' })
        .collect()
}

/// Whether XML 1.0 allows a character (its `Char` production), written out here as the standard says.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Fail unless every character of `text` is one XML 1.0 allows.
fn assert_xml_chars(what: &str, text: &str) {
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !xml_char(c)) {
        panic!("{what} holds {c:?} at byte {at}, which XML 1.0 forbids");
    }
}

#[test]
fn json_keeps_hostile_text_intact() {
    let kg = hostile_graph();
    let doc: Value = serde_json::from_str(&render(&kg, Format::Json)).expect("JSON output parses");
    let episode = doc["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["kind"] == "episode"))
        .expect("episode");
    let titles: Vec<&str> = episode["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert_eq!(titles, HOSTILE);
    assert_eq!(episode["label"], HOSTILE_LABEL);
    assert_eq!(episode["description"], HOSTILE_DESCRIPTION);
}

#[test]
fn cytoscape_keeps_hostile_text_intact() {
    let kg = hostile_graph();
    let doc: Value =
        serde_json::from_str(&render(&kg, Format::Cytoscape)).expect("Cytoscape output parses");
    let nodes = doc["elements"]["nodes"].as_array().expect("nodes");
    let episode = nodes
        .iter()
        .map(|n| &n["data"])
        .find(|d| d["kind"] == "episode")
        .expect("episode");
    let titles: Vec<&str> = episode["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter_map(|c| c["title"].as_str())
        .collect();
    assert_eq!(titles, HOSTILE);
    let edges = doc["elements"]["edges"].as_array().expect("edges");
    let evidence: HashSet<&str> = edges
        .iter()
        .flat_map(|e| e["data"]["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert_eq!(evidence, HOSTILE.into_iter().collect());
}

#[test]
fn jsonld_keeps_hostile_text_intact() {
    let kg = hostile_graph();
    let doc: Value =
        serde_json::from_str(&render(&kg, Format::JsonLd)).expect("JSON-LD output parses");
    let graph = doc["@graph"].as_array().expect("@graph");
    let is_a = |r: &Value, t: &str| {
        r["@type"]
            .as_array()
            .is_some_and(|ts| ts.iter().any(|x| x == t))
    };
    let mut clips: Vec<&str> = graph
        .iter()
        .filter(|r| is_a(r, "schema:Clip"))
        .filter_map(|r| r["schema:name"].as_str())
        .collect();
    clips.sort_unstable();
    let mut expected = HOSTILE;
    expected.sort_unstable();
    assert_eq!(clips, expected);
    let episode = graph
        .iter()
        .find(|r| is_a(r, "schema:PodcastEpisode"))
        .expect("episode");
    assert_eq!(episode["schema:description"], HOSTILE_DESCRIPTION);
    assert_eq!(episode["schema:name"], HOSTILE_LABEL);
}

/// The hostile episode of a GraphML document, after asserting that its chapter titles are intact and its
/// label is what XML can carry of it.
fn graphml_hostile_episode(doc: &GraphMl) -> &BTreeMap<String, String> {
    let episode = doc
        .nodes
        .iter()
        .find(|n| n.get("n_kind").is_some_and(|k| k == "episode"))
        .expect("episode");
    let chapters: Vec<Chapter> =
        serde_json::from_str(&episode["n_chapters"]).expect("chapters are JSON");
    let titles: Vec<String> = chapters.into_iter().map(|c| c.title).collect();
    // The chapters are JSON inside XML: JSON escapes the characters XML could not carry.
    assert_eq!(titles, HOSTILE);
    assert_eq!(episode["n_label"], xml_expected(HOSTILE_LABEL));
    episode
}

#[test]
fn graphml_keeps_hostile_text_intact_and_valid() {
    let kg = hostile_graph();
    let doc = parse_graphml(&render(&kg, Format::GraphMl));
    let episode = graphml_hostile_episode(&doc);
    assert_eq!(episode["n_description"], HOSTILE_DESCRIPTION);
}

/// A Mermaid node line: `n0["label"]:::kind` with any of the shapes the exporter uses.
fn mermaid_node_line() -> regex::Regex {
    regex::Regex::new(r#"^  n\d+(?:\[\[|\(\[|\[/|\[\(|\{\{|\[|\(|>)"([^"]*)"(?:\]\]|\]\)|/\]|\)\]|\}\}|\]|\)):::[a-z]+$"#)
        .expect("the pattern compiles")
}

/// Undo Mermaid entity codes (`#quot;`, `#35;`).
fn mermaid_decode(text: &str) -> String {
    let code = regex::Regex::new(r"#(quot|\d+);").expect("the pattern compiles");
    code.replace_all(text, |caps: &regex::Captures| match &caps[1] {
        "quot" => "\"".to_string(),
        n => n
            .parse()
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default(),
    })
    .into_owned()
}

/// A Mermaid flowchart's node labels (still encoded), after asserting that it holds only comments, the
/// header, node lines, edges and class definitions (no `click`, no `style`), that every node and edge line
/// is well formed and that no label holds a character Mermaid reads raw.
fn mermaid_labels(text: &str) -> Vec<String> {
    let statement =
        regex::Regex::new(r"^(?:%% .*|flowchart LR|  n\d+[^a-z].*|  classDef [a-z]+ .*)$")
            .expect("the pattern compiles");
    for line in text.lines() {
        assert!(statement.is_match(line), "Mermaid line `{line}`");
    }
    let pattern = mermaid_node_line();
    let labels: Vec<String> = text
        .lines()
        .filter(|l| {
            l.starts_with("  n") && !l.contains("-->") && !l.contains("-.->") && !l.contains("==>")
        })
        .map(|l| {
            pattern
                .captures(l)
                .unwrap_or_else(|| panic!("node line `{l}` is well formed"))[1]
                .to_string()
        })
        .collect();
    let code = regex::Regex::new(r"#(quot|\d+);").expect("the pattern compiles");
    for label in &labels {
        let raw = code.replace_all(label, "");
        let risky = [
            '"', '<', '>', '`', ';', ':', '%', '#', '{', '}', '|', '[', ']',
        ];
        assert!(!raw.contains(risky), "raw in `{label}`");
    }
    let edge = regex::Regex::new(r"^  n\d+ (?:-->|-\.->|==>)(?:\|[a-z ]+\|)? n\d+$")
        .expect("the pattern compiles");
    for line in text
        .lines()
        .skip(1)
        .filter(|l| l.contains("-->") || l.contains("-.->") || l.contains("==>"))
    {
        assert!(edge.is_match(line), "edge line `{line}` is well formed");
    }
    labels
}

#[test]
fn mermaid_quotes_hostile_labels_harmlessly() {
    let kg = hostile_graph();
    let labels = mermaid_labels(&render(&kg, Format::Mermaid));
    assert_eq!(labels.len(), kg.node_count());
    assert!(
        labels.iter().any(|l| mermaid_decode(l) == HOSTILE_LABEL),
        "{labels:?}"
    );
}

/// Fail unless DOT text is a `digraph` whose hostile words all stay inside quoted strings.
fn assert_dot_quotes_every_string(text: &str) {
    assert!(text.starts_with("digraph castgraph {\n") && text.ends_with("}\n"));
    // Outside quoted strings only DOT syntax remains: strip every "..." (with escapes) and look.
    let strings = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).expect("the pattern compiles");
    let bare = strings.replace_all(text, "\"\"");
    for word in ["script", "pwned", "evil", "alert", "end;"] {
        assert!(
            !bare.contains(word),
            "`{word}` escaped a quoted string:\n{bare}"
        );
    }
    assert!(!text.contains(|c: char| c.is_control() && c != '\n'));
}

#[test]
fn dot_escapes_hostile_text_in_quoted_strings() {
    let text = render(&hostile_graph(), Format::Dot);
    assert_dot_quotes_every_string(&text);
    assert!(text.contains(r#"\\N"#));
}

#[test]
fn only_web_urls_become_links() {
    let hostile = hostile_graph();
    assert!(
        hostile.node("pep:703").is_some(),
        "the hostile notes discuss PEP 703"
    );
    let (nodes, edges) = parts_of(&hostile, |node| {
        if node.id == "pep:703" {
            node.url = Some("javascript:alert(1)".into());
        }
    });
    let kg = KnowledgeGraph::from_parts(hostile.info().clone(), nodes, edges)
        .expect("a consistent graph");
    assert!(!render(&kg, Format::Dot).contains("URL=\"javascript"));
    let turtle = render(&kg, Format::Turtle);
    assert!(
        turtle.contains("schema:url \"javascript:alert(1)\"") && !turtle.contains("<javascript")
    );
}

// ---------------------------------------------------------------------------------------------------------
// Real clients.

/// Run one of the Python scripts in tests/clients and parse the JSON it prints.
fn run_python(script: &str, args: &[&str]) -> Option<Value> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/clients")
        .join(script);
    let path = path.to_str().expect("the path is UTF-8").to_string();
    let mut all = vec![path.as_str()];
    all.extend_from_slice(args);
    let output = run_client(&python, &all, "")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script} failed: {stderr}");
    Some(serde_json::from_slice(&output.stdout).expect("the client prints JSON"))
}

/// `dot -Tsvg` on a graph's DOT: the SVG, after asserting it rendered without a word on stderr.
fn render_svg(kg: &KnowledgeGraph, what: &str) -> Option<String> {
    let output = run_client("dot", &["-Tsvg"], &render(kg, Format::Dot))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "dot on the {what} graph: {stderr}"
    );
    Some(String::from_utf8(output.stdout).expect("the SVG is UTF-8"))
}

/// An SVG's tooltips (`xlink:title`) and the lines of text it draws, decoded.
fn svg_strings(svg: &str) -> (Vec<String>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut tooltips, mut texts) = (Vec::new(), Vec::new());
    let mut text = String::new();
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                tooltips.extend(attribute(&e, "xlink:title"));
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => text.push_str(&resolve(&r)),
            Event::End(e) if e.name().as_ref() == "text" => texts.push(std::mem::take(&mut text)),
            _ => {}
        }
    }
    (tooltips, texts)
}

#[test]
fn dot_renders_every_graph_as_clickable_svg_without_warnings() {
    for (what, kg) in [
        ("bundled", bundled_graph()),
        ("episode 2", episode2_graph()),
        ("hostile", hostile_graph()),
        ("every kind", every_kind_graph()),
    ] {
        let Some(svg) = render_svg(&kg, what) else {
            return;
        };
        assert!(
            svg.contains(r#"xlink:href="https://peps.python.org/pep-0703/""#),
            "{what}: PEP 703 is clickable"
        );
    }
}

#[test]
fn dot_renders_hostile_text_as_written() {
    let Some(svg) = render_svg(&hostile_graph(), "hostile") else {
        return;
    };
    let (tooltips, texts) = svg_strings(&svg);
    for title in HOSTILE {
        // DOT cannot carry control characters: they are dropped, and a tab becomes a space; what XML
        // forbids besides (U+FFFE, U+FFFF) is U+FFFD.
        let shown: String = title
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .map(|c| if xml_char(c) { c } else { '\u{fffd}' })
            .collect();
        let shown = shown.replace('\t', " ");
        assert!(
            tooltips.iter().any(|s| s.contains(&shown)),
            "`{shown}` is in a tooltip of {tooltips:#?}"
        );
    }
    // The label is wrapped at spaces into lines of text.
    assert!(
        texts.join(" ").contains(HOSTILE_LABEL),
        "the episode label is drawn as written: {texts:#?}"
    );
}

#[test]
fn networkx_reads_json_and_graphml_with_castgraph_counts() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (what, kg) in [
        ("bundled", bundled_graph()),
        ("hostile", hostile_graph()),
        ("every-kind", every_kind_graph()),
    ] {
        let json = write_file(
            dir.path(),
            &format!("{what}.json"),
            &render(&kg, Format::Json),
        );
        let graphml = write_file(
            dir.path(),
            &format!("{what}.graphml"),
            &render(&kg, Format::GraphMl),
        );
        let args = [
            json.to_str().expect("UTF-8 path"),
            graphml.to_str().expect("UTF-8 path"),
        ];
        let Some(seen) = run_python("networkx_load.py", &args) else {
            return;
        };
        for form in ["json", "graphml"] {
            let counts = (seen[form]["nodes"].as_u64(), seen[form]["edges"].as_u64());
            assert_eq!(
                counts,
                (Some(kg.node_count() as u64), Some(kg.edge_count() as u64)),
                "{what} {form}"
            );
            assert_eq!(seen[form]["directed"], true, "{what} {form}");
            assert_eq!(
                seen[form]["number_types"],
                serde_json::json!(["int"]),
                "{what} {form}"
            );
        }
        if what == "hostile" {
            assert_eq!(
                seen["json"]["chapter_titles"],
                serde_json::json!(hostile_titles())
            );
            // Chapters are JSON inside GraphML, so even control characters survive; labels are plain XML.
            let titles = serde_json::json!(hostile_titles());
            assert_eq!(seen["graphml"]["chapter_titles"], titles);
            let labels = seen["graphml"]["labels"].as_array().expect("labels");
            let label = Value::String(xml_expected(HOSTILE_LABEL));
            assert!(labels.contains(&label), "{labels:?}");
        }
    }
}

/// The episode numbers `query` answers directly for a question.
fn direct_episodes(kg: &KnowledgeGraph, tagger: &Tagger, question: &str) -> Vec<u64> {
    let answer =
        castgraph::query::answer(kg, tagger, question, 100).expect("the question resolves");
    let mut numbers: Vec<u64> = answer
        .results
        .iter()
        .filter(|hit| hit.match_kind == MatchKind::Direct)
        .filter_map(|hit| hit.number.map(u64::from))
        .collect();
    numbers.sort_unstable();
    numbers
}

/// What `rdf_query.py` finds in the graph written as Turtle and as JSON-LD, asking about PEP 703; `None`
/// when the client is missing outside CI.
fn rdflib_pep_703(kg: &KnowledgeGraph) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ttl = write_file(dir.path(), "graph.ttl", &render(kg, Format::Turtle));
    let jsonld = write_file(dir.path(), "graph.jsonld", &render(kg, Format::JsonLd));
    let pep = export::node_iri("pep:703");
    let args = [
        ttl.to_str().expect("UTF-8 path"),
        jsonld.to_str().expect("UTF-8 path"),
        pep.as_str(),
    ];
    run_python("rdf_query.py", &args)
}

#[test]
fn rdflib_finds_the_pep_703_episodes_query_finds() {
    let tagger = tagger();
    let kg = bundled_graph();
    let expected = direct_episodes(&kg, tagger, "PEP 703");
    assert!(!expected.is_empty(), "the bundled corpus discusses PEP 703");
    let Some(seen) = rdflib_pep_703(&kg) else {
        return;
    };
    for form in ["turtle", "jsonld"] {
        assert_eq!(
            seen[form]["episodes"],
            serde_json::json!(expected),
            "{form}"
        );
    }
    assert_eq!(
        seen["same_triples"], true,
        "Turtle and JSON-LD hold the same triples"
    );
}

/// What rdflib finds in a hostile graph's Turtle and JSON-LD (see [`rdflib_pep_703`]), after asserting that
/// both hold the same triples and every hostile chapter title intact.
fn rdflib_reads_hostile_clips(kg: &KnowledgeGraph) -> Option<Value> {
    let seen = rdflib_pep_703(kg)?;
    let mut expected = hostile_titles();
    expected.sort();
    for form in ["turtle", "jsonld"] {
        assert_eq!(
            seen[form]["clip_names"],
            serde_json::json!(expected),
            "{form}"
        );
    }
    assert_eq!(seen["same_triples"], true);
    Some(seen)
}

#[test]
fn rdflib_reads_hostile_text_intact_from_turtle_and_jsonld() {
    let kg = hostile_graph();
    let Some(seen) = rdflib_reads_hostile_clips(&kg) else {
        return;
    };
    for form in ["turtle", "jsonld"] {
        assert_eq!(
            seen[form]["episodes"],
            serde_json::json!([episode_node(&kg).number]),
            "{form}"
        );
    }
}

#[test]
fn rdflib_reads_every_kind_of_node_and_edge() {
    let kg = every_kind_graph();
    let Some(seen) = rdflib_pep_703(&kg) else {
        return;
    };
    for form in ["turtle", "jsonld"] {
        assert_eq!(seen[form]["episodes"], serde_json::json!([7]), "{form}");
    }
    assert_eq!(seen["same_triples"], true);
}

/// Thousands of episodes, each with a chapter and an edge whose evidence quotes it: more nodes and edges
/// than the JSON writer serializes in one window.
fn many_episodes_graph(episodes: usize) -> KnowledgeGraph {
    let mut nodes = vec![Node::new("topic:gil", NodeKind::Topic, "GIL")];
    let mut edges = Vec::new();
    for n in 1..=episodes {
        let id = format!("episode:{n}");
        let mut node = Node::new(&id, NodeKind::Episode, format!("Episode {n}"));
        node.number = Some(n as u32);
        node.description = Some(format!("All about \"the GIL\" \\ part {n}"));
        node.chapters = Some(vec![Chapter::new(n as u32, format!("GIL, part {n}"))].into());
        nodes.push(node);
        let evidence = castgraph::Evidence {
            source: None,
            link: None,
            start: Some(castgraph::ingest::Timestamp(n as u32)),
            seconds: Some(n as u32),
            title: Some(format!("GIL, part {n}").into()),
            matched: "GIL".into(),
            text: None,
        };
        let data = EdgeData {
            kind: EdgeKind::Discusses,
            count: None,
            passages: Vec::new(),
            evidence: vec![evidence],
            seconds: Some(0),
        };
        edges.push((id, "topic:gil".to_string(), data));
    }
    KnowledgeGraph::from_parts(Default::default(), nodes, edges).expect("a consistent graph")
}

#[test]
fn json_written_in_windows_is_what_serde_json_writes_for_the_whole_document() {
    let kg = many_episodes_graph(5_000);
    for compact in [true, false] {
        let options = ExportOptions {
            compact,
            ..Default::default()
        };
        let mut out = Vec::new();
        export::write(&kg, Format::Json, &options, &mut out).expect("writing to memory succeeds");
        let text = String::from_utf8(out).expect("JSON is UTF-8");
        let value: Value = serde_json::from_str(&text).expect("the output is JSON");
        assert_eq!(value["nodes"].as_array().map(Vec::len), Some(5_001));
        assert_eq!(value["edges"].as_array().map(Vec::len), Some(5_000));
        let whole = if compact {
            serde_json::to_string(&value).expect("the document serializes") + "\n"
        } else {
            one_item_a_line(&value)
        };
        assert!(text == whole, "compact: {compact}");
    }
}

/// The node-link document as `serde_json` writes it from the graph's own `Serialize` implementations.
fn serde_node_link(kg: &KnowledgeGraph, compact: bool) -> String {
    let nodes: Vec<Value> = kg
        .nodes_sorted()
        .into_iter()
        .map(|i| serde_json::to_value(&kg.graph()[i]).expect("a node serializes"))
        .collect();
    let edges: Vec<Value> = kg
        .edges_sorted()
        .into_iter()
        .map(|edge| {
            let mut object = serde_json::Map::new();
            object.insert("source".into(), edge.source_node().id.clone().into());
            object.insert("target".into(), edge.target_node().id.clone().into());
            let fields = serde_json::to_value(edge).expect("fields serialize");
            object.extend(fields.as_object().expect("fields are an object").clone());
            Value::Object(object)
        })
        .collect();
    let doc = serde_json::json!({
        "directed": true,
        "multigraph": false,
        "graph": kg.info(),
        "nodes": nodes,
        "edges": edges,
    });
    if compact {
        serde_json::to_string(&doc).expect("the document serializes") + "\n"
    } else {
        one_item_a_line(&doc)
    }
}

/// A node-link document laid out as the JSON export writes it unless compact: each top-level member on a
/// line of its own, each node and edge on a line of its own, every value compact as `serde_json` writes it.
fn one_item_a_line(doc: &Value) -> String {
    let compact = |value: &Value| serde_json::to_string(value).expect("the value serializes");
    let members = doc.as_object().expect("the document is an object");
    let mut text = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push('\n');
        text += &compact(&Value::from(key.as_str()));
        text.push(':');
        match value.as_array() {
            Some(items) if !items.is_empty() => {
                let lines: Vec<String> = items.iter().map(compact).collect();
                text += &format!("[\n{}\n]", lines.join(",\n"));
            }
            _ => text += &compact(value),
        }
    }
    text + "\n}\n"
}

/// The JSON writer writes by hand what `serde_json` would: hostile titles (in chapters and evidence),
/// descriptions that need escaping beside titles that do not, every kind of node and edge, and more
/// nodes than one task takes.
#[test]
fn json_is_byte_for_byte_what_serde_json_writes_from_the_graph() {
    let graphs = [
        ("hostile", hostile_graph()),
        ("every kind", every_kind_graph()),
        ("bundled", bundled_graph()),
        ("many", many_episodes_graph(700)),
        ("transcript", transcript_graph()),
    ];
    for (name, kg) in &graphs {
        for compact in [true, false] {
            let options = ExportOptions {
                compact,
                ..Default::default()
            };
            let mut out = Vec::new();
            export::write(kg, Format::Json, &options, &mut out)
                .expect("writing to memory succeeds");
            let text = String::from_utf8(out).expect("JSON is UTF-8");
            assert!(
                text == serde_node_link(kg, compact),
                "{name}, compact: {compact}"
            );
        }
    }
}

/// A transcript's graph: its edges list their passages.
fn transcript_graph() -> KnowledgeGraph {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/007-free-threading.vtt");
    let corpus = castgraph::ingest::read_inputs(&[path], &Default::default()).expect("it reads");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    assert!(
        kg.edges().any(|e| e.passages().len() > 1),
        "passages listed"
    );
    kg
}

/// A writer that fails once it has taken `room` bytes, as a full disk does.
struct FullAfter {
    room: usize,
}

impl Write for FullAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::other("disk full"));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_stops_the_json_export_with_its_error() {
    let kg = many_episodes_graph(5_000);
    for room in [0, 10, 100_000] {
        let error = export::write(
            &kg,
            Format::Json,
            &ExportOptions::default(),
            &mut FullAfter { room },
        )
        .expect_err("the writer fails");
        assert_eq!(error.to_string(), "disk full");
    }
}

/// Called from every thread of the pool its serializing needs, the JSON export must not wait on itself.
#[test]
fn json_export_from_pool_threads_does_not_deadlock() {
    use rayon::prelude::*;
    let kg = many_episodes_graph(5_000);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let lengths: Vec<usize> = (0..rayon::current_num_threads() * 2)
            .into_par_iter()
            .map(|_| {
                let mut out = Vec::new();
                export::write(&kg, Format::Json, &ExportOptions::default(), &mut out).unwrap();
                out.len()
            })
            .collect();
        done.send(lengths).unwrap();
    });
    let lengths = finished
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the exports finish");
    assert!(lengths.windows(2).all(|w| w[0] == w[1]));
}

// ---------------------------------------------------------------------------------------------------------
// Every hostile string in every format (issue 17): inert in each, and read back by the real parsers.

/// Links written to leave an attribute or an IRI, or to run script: each is a guest's `url` and `github`,
/// and all of them are the episode's links. The first is what `github = 'x"><script>...'` in a taxonomy
/// gives.
const HOSTILE_URLS: [&str; 7] = [
    r#"https://github.com/x"><script>alert(1)</script>"#,
    "javascript:alert(1)//https://x.org/",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    r#"https://evil.org"onmouseover="alert(1)"#,
    "https://x.org/a b'<script>\u{fffe}\u{1b}[31m\\\u{202e}",
    "https://user@evil.org/",
];

/// The links of [`HOSTILE_URLS`] castgraph keeps, percent-encoded; the others are no links.
const KEPT_URLS: [&str; 2] = [
    "https://github.com/x%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "https://x.org/a%20b%27%3Cscript%3E%EF%BF%BE%1B[31m%5C%E2%80%AE",
];

/// A node id written to break out of DOT ids and SVG ids (`&#1;` is a reference Graphviz keeps as it is).
const HOSTILE_ID: &str = "person:\"]; evil [label=<b>&#1;&#xFFFE;</b>] \u{fffe}\u{1b}\\N ";

/// The hostile graph and a guest per hostile link (with the link as `url` and `github`, a hostile title as
/// label and a hostile id); the episode's links are the hostile links.
fn hostile_links_graph() -> KnowledgeGraph {
    let hostile = hostile_graph();
    let (mut nodes, mut edges) = parts_of(&hostile, |node| {
        if node.kind == NodeKind::Episode {
            node.links = HOSTILE_URLS.iter().map(|u| u.to_string()).collect();
        }
    });
    let episode = episode_node(&hostile).id.clone();
    for (n, url) in HOSTILE_URLS.iter().enumerate() {
        let id = format!("{HOSTILE_ID}{n}");
        let mut person = Node::new(&id, NodeKind::Person, HOSTILE[n % HOSTILE.len()]);
        person.url = Some(url.to_string());
        person.github = Some(url.to_string());
        nodes.push(person);
        let guest = EdgeData {
            kind: EdgeKind::Guest,
            count: None,
            passages: Vec::new(),
            evidence: vec![],
            seconds: None,
        };
        edges.push((episode.clone(), id, guest));
    }
    KnowledgeGraph::from_parts(hostile.info().clone(), nodes, edges).expect("a consistent graph")
}

/// Whether a link is one castgraph may write: an `http(s)` URL without a user name, and nothing in it
/// that could end an attribute, a string or an IRI, act on a terminal or be refused by XML.
fn is_safe_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let unsafe_char = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || !xml_char(c)
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
            )
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    };
    !authority.is_empty() && !authority.contains('@') && !link.contains(unsafe_char)
}

/// The values of `URL="..."` in DOT, unescaped as Graphviz reads them.
fn dot_urls(dot: &str) -> Vec<String> {
    let url = regex::Regex::new(r#"URL="((?:[^"\\]|\\.)*)""#).expect("the pattern compiles");
    url.captures_iter(dot)
        .map(|c| {
            c[1].replace("\\\"", "\"")
                .replace("\\\\", "\\")
                .replace("&amp;", "&")
        })
        .collect()
}

/// An SVG's link targets (`xlink:href`), after asserting it is well-formed XML of allowed characters with no
/// `<script`.
fn svg_links(what: &str, svg: &str) -> Vec<String> {
    assert_xml_chars(what, svg);
    assert!(
        !svg.to_ascii_lowercase().contains("<script"),
        "{what}: a raw <script"
    );
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut links = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.name().as_ref() == "script" {
                    panic!("{what}: a <script> element");
                }
                links.extend(attribute(&e, "xlink:href"));
            }
            Ok(_) => {}
            Err(e) => panic!("{what} is not well-formed XML: {e}"),
        }
    }
    links
}

/// What expat (stricter than quick-xml about characters) says of each XML text: `None` when it is
/// well-formed; `None` for all when Python is missing outside CI.
fn expat_errors(texts: &[(&str, &str)]) -> Option<BTreeMap<String, Option<String>>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths: Vec<String> = texts
        .iter()
        .map(|(name, text)| {
            let path = write_file(dir.path(), name, text);
            path.to_str().expect("UTF-8 path").to_string()
        })
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let seen = run_python("xml_wellformed.py", &args)?;
    let errors = texts
        .iter()
        .zip(&paths)
        .map(|((name, _), path)| (name.to_string(), seen[path].as_str().map(String::from)))
        .collect();
    Some(errors)
}

/// Fail unless expat reads every text as well-formed XML (skipped without Python, outside CI).
fn assert_expat_reads(texts: &[(&str, &str)]) {
    if let Some(errors) = expat_errors(texts) {
        for (name, error) in errors {
            assert_eq!(error, None, "expat refuses {name}");
        }
    }
}

/// The fuzzer's find (fuzz/artifacts-found/ingest/dot-u+fffe-in-title): a title of U+FFFE made `dot -Tsvg`
/// write SVG that expat refuses. Every export that ends up as XML (GraphML; DOT through Graphviz; Mermaid,
/// which draws SVG) now holds only characters XML allows, and the SVG parses.
#[test]
fn u_fffe_and_controls_in_a_title_give_well_formed_xml_and_svg() {
    for notes in [
        "Episode 1: \u{fffe}\n",
        "Episode 1: a\u{ffff}b \u{1}\u{1b}[31m\u{7} &#1; \u{fffe}\n\n00:00 PEP 703 \u{ffff}\u{fffe}\n",
    ] {
        let corpus =
            castgraph::ingest::read_str(notes, None, InputFormat::ALL[0], &Default::default())
                .expect("the notes are read");
        let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
        assert!(
            episode_node(&kg).label.contains(['\u{fffe}', '\u{ffff}']),
            "the title keeps what XML forbids"
        );
        let graphml = render(&kg, Format::GraphMl);
        for format in [Format::Dot, Format::GraphMl, Format::Mermaid] {
            assert_xml_chars(format.name(), &render(&kg, format));
        }
        let doc = parse_graphml(&graphml);
        assert_eq!(doc.nodes.len(), kg.node_count());
        let Some(svg) = render_svg(&kg, "U+FFFE") else {
            return;
        };
        svg_links("the U+FFFE SVG", &svg);
        assert!(svg.contains('\u{fffd}'), "U+FFFE is drawn as U+FFFD");
        assert_expat_reads(&[("fffe.svg", &svg), ("fffe.graphml", &graphml)]);
    }
}

/// A person's `github` (or any node's `url`) is written as a link only when it is an http(s) URL of the
/// expected shape, percent-encoded so it stays in its attribute or IRI: never `javascript:`, `data:` or
/// a raw `"><script>`, in the DOT, in the SVG Graphviz makes of it, in Turtle or in JSON-LD, whether the
/// graph is built or read back from JSON.
#[test]
fn links_are_only_http_urls_that_stay_in_their_attribute() {
    let built = hostile_links_graph();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = write_file(dir.path(), "links.json", &render(&built, Format::Json));
    let read_back = export::read_json(&json).expect("the JSON graph reads back");
    let base_urls = dot_urls(&render(&hostile_graph(), Format::Dot));
    assert!(base_urls.contains(&"https://peps.python.org/pep-0703/".to_string()));
    for (what, kg) in [("built", &built), ("read back", &read_back)] {
        let dot = render(kg, Format::Dot);
        let urls = dot_urls(&dot);
        assert!(urls.iter().all(|u| is_safe_link(u)), "{what}: {urls:#?}");
        // The links of the graph before the hostile guests (PEP 703's, its author's), and the kept ones.
        let mut expected: Vec<&str> = KEPT_URLS.to_vec();
        expected.extend(base_urls.iter().map(String::as_str));
        let mut found: Vec<&str> = urls.iter().map(String::as_str).collect();
        found.sort_unstable();
        found.dedup();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(found, expected, "{what}");

        let (iris, _) = turtle_iris(&render(kg, Format::Turtle));
        assert!(iris.iter().all(|i| is_safe_link(i)), "{what}: {iris:#?}");
        let jsonld: Value = serde_json::from_str(&render(kg, Format::JsonLd)).expect("JSON-LD");
        let mut ids = Vec::new();
        collect_ids(&jsonld, &mut ids);
        assert!(ids.iter().all(|id| is_safe_link(id)), "{what}: {ids:#?}");
        for link in KEPT_URLS {
            assert!(ids.contains(&link.to_string()), "{what}: {link} in JSON-LD");
        }

        let Some(svg) = render_svg(kg, what) else {
            continue;
        };
        let mut links = svg_links(what, &svg);
        assert!(links.iter().all(|l| is_safe_link(l)), "{what}: {links:#?}");
        links.sort_unstable();
        links.dedup();
        assert_eq!(links, expected, "{what}: the SVG links");
    }
}

/// A Turtle document's IRIs, after asserting that each is an `http(s)` IRI with no character Turtle forbids
/// in one, and the document with its strings and IRIs blanked: what is left is Turtle syntax.
fn turtle_iris(text: &str) -> (Vec<String>, String) {
    let strings = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).expect("the pattern compiles");
    let iri = regex::Regex::new(r"<([^>]*)>").expect("the pattern compiles");
    let bare = strings.replace_all(text, "\"\"");
    let iris: Vec<String> = iri
        .captures_iter(&bare)
        .map(|found| found[1].to_string())
        .collect();
    let forbidden = |c: char| c <= ' ' || "<>\"{}|^`\\".contains(c);
    for iri in &iris {
        assert!(
            iri.starts_with("http") && !iri.contains(forbidden),
            "Turtle IRI <{iri}>"
        );
    }
    let bare = iri.replace_all(&bare, "<>").into_owned();
    (iris, bare)
}

/// Every `@id` of a JSON-LD document.
fn collect_ids(value: &Value, ids: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("@id", Value::String(id)) => ids.push(id.clone()),
                    _ => collect_ids(value, ids),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_ids(v, ids)),
        _ => {}
    }
}

/// The chapter titles of the episode in a JSON list of nodes (`data` holding each node's fields, or not).
fn json_chapter_titles(nodes: &[Value], data: &str) -> Vec<String> {
    let node = |n: &Value| {
        if data.is_empty() {
            n.clone()
        } else {
            n[data].clone()
        }
    };
    let episode = nodes
        .iter()
        .map(node)
        .find(|n| n["kind"] == "episode")
        .expect("an episode");
    episode["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .filter_map(|c| c["title"].as_str().map(String::from))
        .collect()
}

/// Every hostile string of these tests (quotes, backslashes, `<script>`, braces, newlines, DOT, Mermaid and
/// Turtle keywords, U+FFFE, ESC, NUL, bidi controls; in titles, labels, descriptions, ids and links) goes
/// through every export format and stays inert: each output parses back with the real parser where there is
/// one (serde_json, quick-xml and expat, Graphviz, NetworkX, rdflib) with the text intact (or, in XML,
/// with U+FFFD for what XML forbids), no raw `<script` reaches any XML or SVG, and every link is a safe
/// web link.
#[test]
fn every_hostile_string_stays_inert_in_every_format() {
    let kg = hostile_links_graph();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut xml: Vec<(String, String)> = Vec::new();
    let mut files: HashMap<&str, PathBuf> = HashMap::new();
    for format in Format::ALL {
        let text = render(&kg, format);
        let name = format!("hostile.{}", format.extensions()[0]);
        files.insert(format.name(), write_file(dir.path(), &name, &text));
        match format {
            Format::Json => {
                let doc: Value = serde_json::from_str(&text).expect("JSON parses");
                let nodes = doc["nodes"].as_array().expect("nodes");
                assert_eq!(json_chapter_titles(nodes, ""), HOSTILE);
                let back = export::read_json(&files[format.name()]).expect("the JSON reads back");
                assert!(render(&back, Format::Json) == text, "JSON round-trips");
            }
            Format::Cytoscape => {
                let doc: Value = serde_json::from_str(&text).expect("Cytoscape JSON parses");
                let nodes = doc["elements"]["nodes"].as_array().expect("nodes");
                assert_eq!(json_chapter_titles(nodes, "data"), HOSTILE);
                assert_eq!(nodes.len(), kg.node_count());
            }
            Format::JsonLd => {
                let doc: Value = serde_json::from_str(&text).expect("JSON-LD parses");
                let mut ids = Vec::new();
                collect_ids(&doc, &mut ids);
                let castgraph = |id: &String| id.starts_with(export::RDF_BASE);
                assert!(
                    ids.iter().all(|id| castgraph(id) || is_safe_link(id)),
                    "{ids:#?}"
                );
            }
            Format::GraphMl => {
                assert_xml_chars("GraphML", &text);
                assert!(!text.to_ascii_lowercase().contains("<script"));
                let doc = parse_graphml(&text);
                assert_eq!(
                    (doc.nodes.len(), doc.edges.len()),
                    (kg.node_count(), kg.edge_count())
                );
                graphml_hostile_episode(&doc);
                xml.push((name, text));
            }
            Format::Dot => {
                assert_dot_quotes_every_string(&text);
                assert_xml_chars("DOT", &text);
                assert!(dot_urls(&text).iter().all(|u| is_safe_link(u)));
                if let Some(svg) = render_svg(&kg, "every hostile string") {
                    let links = svg_links("the hostile SVG", &svg);
                    assert!(links.iter().all(|l| is_safe_link(l)), "{links:#?}");
                    let (tooltips, _) = svg_strings(&svg);
                    assert!(
                        tooltips.iter().any(|t| t.contains("&#1;&#xFFFE;")),
                        "entities stay text"
                    );
                    xml.push(("hostile.svg".into(), svg));
                }
            }
            Format::Mermaid => {
                assert_xml_chars("Mermaid", &text);
                let labels = mermaid_labels(&text);
                assert_eq!(labels.len(), kg.node_count());
            }
            Format::Turtle => {
                let (_, bare) = turtle_iris(&text);
                for word in [
                    "<script",
                    "evil",
                    "alert(",
                    "javascript",
                    "@prefix a",
                    "pwned",
                ] {
                    assert!(
                        !bare.contains(word),
                        "`{word}` outside a Turtle string or IRI"
                    );
                }
            }
            Format::Html => {
                // The page's only markup is its own; the data is JSON in which no `<` can end its script.
                let lower = text.to_ascii_lowercase();
                assert_eq!(
                    lower.matches("<script").count(),
                    3,
                    "the page's own three scripts"
                );
                let start = text.find(r#"id="castgraph-data">"#).expect("the data") + 20;
                let json = &text[start..start + text[start..].find("</script>").expect("its end")];
                assert!(!json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
                let doc: Value = serde_json::from_str(json).expect("the page's data is JSON");
                let labels: Vec<&str> = doc["nodes"]
                    .as_array()
                    .expect("nodes")
                    .iter()
                    .filter_map(|n| n["label"].as_str())
                    .collect();
                assert!(labels.contains(&HOSTILE_LABEL), "{labels:?}");
                let titles: Vec<&str> = doc["edges"]
                    .as_array()
                    .expect("edges")
                    .iter()
                    .flat_map(|e| e[4].as_array().expect("evidence").iter())
                    .filter_map(|item| item[1].as_str())
                    .collect();
                for title in HOSTILE {
                    assert!(titles.contains(&title), "`{title}` in the page's data");
                }
                let links = doc["nodes"]
                    .as_array()
                    .expect("nodes")
                    .iter()
                    .filter_map(|n| n["url"].as_str());
                for link in links {
                    assert!(is_safe_link(link), "{link}");
                }
            }
            other => panic!("no check that hostile text stays inert in {}", other.name()),
        }
    }
    let xml: Vec<(&str, &str)> = xml.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    assert_expat_reads(&xml);
    let path = |format: Format| {
        files[format.name()]
            .to_str()
            .expect("UTF-8 path")
            .to_string()
    };
    let networkx = run_python(
        "networkx_load.py",
        &[&path(Format::Json), &path(Format::GraphMl)],
    );
    if let Some(seen) = networkx {
        for form in ["json", "graphml"] {
            assert_eq!(
                seen[form]["chapter_titles"],
                serde_json::json!(HOSTILE),
                "{form}"
            );
            assert_eq!(
                seen[form]["nodes"].as_u64(),
                Some(kg.node_count() as u64),
                "{form}"
            );
        }
    }
    rdflib_reads_hostile_clips(&kg);
}
