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
use std::process::{Command, Output, Stdio};

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::Filter;
use castgraph::query::MatchKind;
use castgraph::{Chapter, EdgeData, EdgeKind, InputFormat, KnowledgeGraph, Node, NodeKind, Tagger};
use quick_xml::events::Event;
use serde_json::Value;

use common::{bundled_graph, tagger};

/// Chapter titles written to break out of every format's strings.
const HOSTILE: [&str; 6] = [
    r#"INTRO "quoted" \ back\slash \N \G \L \n \\ end \"#,
    "<script>alert(1)</script> & &amp; &#60; ]]> {braces} [brackets] (parens)",
    r#"PEP 703: subgraph end; graph digraph node edge -> "x" [label="pwned"] }"#,
    "end click style classDef --> %% %%{init: {}}%% ``` ` | # ; ::: style x:#f00;",
    "@prefix a \"\"\" <http://evil> ''' \u{1}ctrl\u{7f} tab\there \"}] \\\"}]",
    "Łukasz ∞ 🐍 日本語 \r\nnewline",
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
                (00:03:00) PEP 703 d (00:04:00) PEP 703 e (00:05:00) PEP 703 f\n";
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
            match item.seconds.and_then(|s| titles.get(&s)) {
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
        start: start.map(castgraph::ingest::Timestamp),
        seconds: start,
        title: title.map(std::sync::Arc::from),
        matched: matched.into(),
    };
    let episode_edge = |kind, evidence: Vec<castgraph::Evidence>| EdgeData {
        kind,
        evidence,
        seconds: Some(60),
    };
    let plain = |kind| EdgeData {
        kind,
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
        snapbox::assert_data_eq!(render(&kg, format), expected);
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

/// What XML 1.0 can carry: forbidden control characters become U+FFFD.
fn xml_expected(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
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

#[test]
fn graphml_keeps_hostile_text_intact_and_valid() {
    let kg = hostile_graph();
    let doc = parse_graphml(&render(&kg, Format::GraphMl));
    let episode = doc
        .nodes
        .iter()
        .find(|n| n.get("n_kind").is_some_and(|k| k == "episode"))
        .expect("episode");
    let chapters: Vec<Chapter> =
        serde_json::from_str(&episode["n_chapters"]).expect("chapters are JSON");
    let titles: Vec<String> = chapters.into_iter().map(|c| c.title).collect();
    // The chapters are JSON inside XML: JSON escapes the control characters XML could not carry.
    assert_eq!(titles, HOSTILE);
    assert_eq!(episode["n_label"], xml_expected(HOSTILE_LABEL));
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

#[test]
fn mermaid_quotes_hostile_labels_harmlessly() {
    let kg = hostile_graph();
    let text = render(&kg, Format::Mermaid);
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
    assert_eq!(labels.len(), kg.node_count());
    let code = regex::Regex::new(r"#(quot|\d+);").expect("the pattern compiles");
    for label in &labels {
        let raw = code.replace_all(label, "");
        let risky = [
            '"', '<', '>', '`', ';', ':', '%', '#', '{', '}', '|', '[', ']',
        ];
        assert!(!raw.contains(risky), "raw in `{label}`");
    }
    assert!(
        labels.iter().any(|l| mermaid_decode(l) == HOSTILE_LABEL),
        "{labels:?}"
    );
    let edge = regex::Regex::new(r"^  n\d+ (?:-->|-\.->|==>)(?:\|[a-z ]+\|)? n\d+$")
        .expect("the pattern compiles");
    for line in text
        .lines()
        .skip(1)
        .filter(|l| l.contains("-->") || l.contains("-.->") || l.contains("==>"))
    {
        assert!(edge.is_match(line), "edge line `{line}` is well formed");
    }
}

#[test]
fn dot_escapes_hostile_text_in_quoted_strings() {
    let text = render(&hostile_graph(), Format::Dot);
    assert!(text.starts_with("digraph castgraph {\n") && text.ends_with("}\n"));
    // Outside quoted strings only DOT syntax remains: strip every "..." (with escapes) and look.
    let strings = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).expect("the pattern compiles");
    let bare = strings.replace_all(&text, "\"\"");
    for word in ["script", "pwned", "evil", "alert", "end;"] {
        assert!(
            !bare.contains(word),
            "`{word}` escaped a quoted string:\n{bare}"
        );
    }
    assert!(text.contains(r#"\\N"#) && !text.contains('\u{1}'));
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

/// A missing client fails the test under `CI=true` and skips it otherwise.
fn missing(what: &str) -> Option<Output> {
    let install = "install graphviz and `pip install -r tests/clients/requirements.txt`";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what}, and CI=true: {install}");
    }
    eprintln!("skipped: {what}");
    None
}

/// Run a client with `stdin`; `None` (or a panic under CI) when it is not installed.
fn run_client(program: &str, args: &[&str], stdin: &str) -> Option<Output> {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return missing(&format!("{program} not installed"));
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    };
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .expect("the client reads its input");
    }
    let output = child.wait_with_output().expect("the client finishes");
    if output.status.code() == Some(77) {
        return missing(String::from_utf8_lossy(&output.stderr).trim());
    }
    Some(output)
}

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
        // DOT cannot carry control characters: they are dropped, and a tab becomes a space.
        let shown: String = title
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
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

#[test]
fn rdflib_reads_hostile_text_intact_from_turtle_and_jsonld() {
    let kg = hostile_graph();
    let Some(seen) = rdflib_pep_703(&kg) else {
        return;
    };
    let mut expected = hostile_titles();
    expected.sort();
    for form in ["turtle", "jsonld"] {
        assert_eq!(
            seen[form]["clip_names"],
            serde_json::json!(expected),
            "{form}"
        );
        assert_eq!(
            seen[form]["episodes"],
            serde_json::json!([episode_node(&kg).number]),
            "{form}"
        );
    }
    assert_eq!(seen["same_triples"], true);
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
            start: Some(castgraph::ingest::Timestamp(n as u32)),
            seconds: Some(n as u32),
            title: Some(format!("GIL, part {n}").into()),
            matched: "GIL".into(),
        };
        let data = EdgeData {
            kind: EdgeKind::Discusses,
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
            serde_json::to_string(&value)
        } else {
            serde_json::to_string_pretty(&value)
        };
        assert!(text == whole.unwrap() + "\n", "compact: {compact}");
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
    let text = if compact {
        serde_json::to_string(&doc)
    } else {
        serde_json::to_string_pretty(&doc)
    };
    text.expect("the document serializes") + "\n"
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
