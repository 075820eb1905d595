//! The graph contract (docs/graph-contract.md) on the bundled corpus and on small made-up notes:
//! node ids and kinds, edge kinds, evidence, airtime, taxonomy edges, filters, and the query answers.

mod common;

use castgraph::graph::{AssembleError, Filter, KnowledgeGraph};
use castgraph::ingest::{self, IngestOptions, InputFormat};
use castgraph::model::{EdgeKind, NodeKind};
use castgraph::query::{self, MatchKind};
use castgraph::{EdgeView, PepCatalog};

use common::{bundled_graph, tagger};

fn graph_of(notes: &str) -> KnowledgeGraph {
    let mut corpus =
        ingest::read_str(notes, None, InputFormat::Text, &IngestOptions::default()).unwrap();
    corpus.show.name = Some("corepy".into());
    KnowledgeGraph::build(corpus, tagger(), &Default::default())
}

/// The edge from `source` to `target`, if any.
fn edge<'g>(kg: &'g KnowledgeGraph, source: &str, target: &str) -> Option<EdgeView<'g>> {
    kg.edge_between(source, target)
}

#[test]
fn node_ids_follow_the_contract() {
    let kg = bundled_graph();
    for id in [
        "episode:corepy/13",
        "pep:703",
        "person:lukasz-langa",
        "topic:jit",
        "module:asyncio",
        "release:3.13",
        "gh:109181",
        "cve:CVE-2024-7592",
        "project:pypy",
    ] {
        assert!(kg.node(id).is_some(), "missing node `{id}`");
    }
    let pep = kg.node("pep:703").unwrap();
    assert_eq!(pep.kind, NodeKind::Pep);
    assert_eq!(
        pep.url.as_deref(),
        Some("https://peps.python.org/pep-0703/")
    );
    assert!(
        pep.title
            .as_deref()
            .is_some_and(|t| t.contains("Global Interpreter Lock"))
    );
    for node in kg.nodes() {
        let prefix = node.id.split(':').next().unwrap();
        let expected = match node.kind {
            NodeKind::Issue => prefix == "gh" || prefix == "bpo",
            kind => prefix == kind.as_str(),
        };
        assert!(expected, "`{}` has kind {}", node.id, node.kind);
        assert!(node.id.is_ascii() && !node.label.is_empty(), "{node:?}");
    }
}

#[test]
fn pep_703_edge_carries_its_three_chapters_and_their_airtime() {
    let kg = bundled_graph();
    let e = edge(&kg, "episode:corepy/2", "pep:703").expect("episode 2 discusses PEP 703");
    assert_eq!(e.kind(), EdgeKind::Discusses);
    let starts: Vec<String> = e
        .evidence()
        .filter_map(|ev| ev.start.map(|s| s.to_string()))
        .collect();
    assert_eq!(starts, ["00:18:22", "00:20:05", "01:01:27"]);
    assert!(e.evidence().all(|ev| ev.matched == "PEP 703"));
    // 00:18:22-00:20:05 (103 s) + 00:20:05-00:20:20 (15 s) + 01:01:27-01:04:08 (161 s).
    assert_eq!(e.seconds(), Some(103 + 15 + 161));
}

#[test]
fn description_evidence_has_no_start_and_no_airtime() {
    let kg = graph_of(
        "We talk about PEP 744 today. # Timestamps (00:00:00) INTRO (00:05:00) Other things (00:09:00) OUTRO\n",
    );
    let e = edge(&kg, "episode:podcast/1", "pep:744").unwrap();
    let evidence: Vec<_> = e.evidence().collect();
    assert_eq!(evidence.len(), 1);
    assert_eq!(
        (evidence[0].start, evidence[0].seconds, evidence[0].title),
        (None, None, None)
    );
    assert_eq!(evidence[0].matched, "PEP 744");
    assert_eq!(
        evidence[0].source,
        castgraph::graph::EvidenceSource::Description
    );
    // Graph contract 2: no evidence with a time, no airtime.
    assert_eq!(e.seconds(), None);
}

#[test]
fn last_chapter_counts_only_when_the_duration_is_known() {
    let notes = "X # Timestamps (00:00:00) INTRO (00:10:00) PEP 703 at the end\n";
    let mut corpus =
        ingest::read_str(notes, None, InputFormat::Text, &IngestOptions::default()).unwrap();
    let unknown = KnowledgeGraph::build(corpus.clone(), tagger(), &Default::default());
    assert_eq!(
        edge(&unknown, "episode:podcast/1", "pep:703")
            .unwrap()
            .seconds(),
        Some(0)
    );
    corpus.episodes[0].duration = Some(900);
    let known = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    assert_eq!(
        edge(&known, "episode:podcast/1", "pep:703")
            .unwrap()
            .seconds(),
        Some(300)
    );
}

#[test]
fn hosts_guests_and_mentions_get_one_edge_each_with_the_strongest_role() {
    let kg = bundled_graph();
    assert_eq!(
        edge(&kg, "episode:corepy/13", "person:brandt-bucher")
            .unwrap()
            .kind(),
        EdgeKind::Guest
    );
    assert_eq!(
        edge(&kg, "episode:corepy/13", "person:jelle-zijlstra")
            .unwrap()
            .kind(),
        EdgeKind::Mentions
    );
    let host = edge(&kg, "episode:corepy/13", "person:pablo-galindo-salgado").unwrap();
    assert_eq!(host.kind(), EdgeKind::Host);
    for e in kg.edges() {
        let parallel = kg.graph().edges_connecting(e.source(), e.target()).count();
        assert_eq!(
            parallel,
            1,
            "two edges between {} and {}",
            e.source_node().id,
            e.target_node().id
        );
    }
}

#[test]
fn taxonomy_edges_link_peps_topics_and_authors() {
    let kg = bundled_graph();
    assert_eq!(
        edge(&kg, "pep:703", "topic:gil").unwrap().kind(),
        EdgeKind::About
    );
    assert_eq!(
        edge(&kg, "person:sam-gross", "pep:703").unwrap().kind(),
        EdgeKind::Authored
    );
    let subtopic = kg
        .edges()
        .find(|e| e.kind() == EdgeKind::SubtopicOf)
        .unwrap();
    assert_eq!(subtopic.source_node().kind, NodeKind::Topic);
    assert_eq!(subtopic.target_node().kind, NodeKind::Topic);
    for e in kg.edges().filter(|e| !e.kind().is_episode_edge()) {
        assert!(e.evidence_count() == 0 && e.evidence().len() == 0 && e.seconds().is_none());
    }
}

#[test]
fn pep_metadata_from_a_peps_json_sets_titles_and_authors() {
    let catalog = PepCatalog::from_json(
        r#"{"703": {"number": 703, "title": "A Title From The File", "author_names": ["Ada Quill"], "url": "x"}}"#,
    )
    .unwrap();
    let options = castgraph::BuildOptions {
        peps: Some(catalog),
        ..Default::default()
    };
    let kg = KnowledgeGraph::build(ingest::bundled(), tagger(), &options);
    assert_eq!(
        kg.node("pep:703").unwrap().title.as_deref(),
        Some("A Title From The File")
    );
    assert_eq!(
        edge(&kg, "person:ada-quill", "pep:703").unwrap().kind(),
        EdgeKind::Authored
    );
    assert!(
        edge(&kg, "person:sam-gross", "pep:703").is_none(),
        "authors come from the file when it is given"
    );
}

#[test]
fn releases_keep_every_version_named() {
    let kg = graph_of(
        "Desc # Timestamps (00:00:00) INTRO (00:01:00) Python 3.12.1 (00:02:00) 3.12.4 released\n",
    );
    assert_eq!(
        kg.node("release:3.12").unwrap().versions,
        ["3.12.1", "3.12.4"]
    );
}

#[test]
fn discusses_edges_hold_only_direct_evidence() {
    let kg = bundled_graph();
    for e in kg.edges().filter(|e| e.kind() == EdgeKind::Discusses) {
        assert!(
            e.evidence_count() > 0,
            "{} -> {} has no evidence",
            e.source_node().id,
            e.target_node().id
        );
    }
}

#[test]
fn filters_keep_readable_subgraphs() {
    let mut one = bundled_graph();
    Filter {
        episode: Some("episode:corepy/2".into()),
        ..Default::default()
    }
    .apply(&mut one)
    .unwrap();
    assert_eq!(one.count_by_kind()[&NodeKind::Episode], 1);
    assert!(one.node("pep:703").is_some());

    let mut kinds = bundled_graph();
    Filter {
        kinds: vec![NodeKind::Episode, NodeKind::Pep],
        ..Default::default()
    }
    .apply(&mut kinds)
    .unwrap();
    assert!(
        kinds
            .nodes()
            .all(|n| matches!(n.kind, NodeKind::Episode | NodeKind::Pep))
    );

    let mut focus = bundled_graph();
    Filter {
        focus: Some(("pep:703".into(), 1)),
        ..Default::default()
    }
    .apply(&mut focus)
    .unwrap();
    assert!(focus.node("episode:corepy/2").is_some() && focus.node("topic:gil").is_some());
    assert!(focus.node("episode:corepy/7").is_none());

    let mut frequent = bundled_graph();
    Filter {
        min_episodes: Some(3),
        ..Default::default()
    }
    .apply(&mut frequent)
    .unwrap();
    for i in frequent.graph().node_indices() {
        let node = &frequent.graph()[i];
        assert!(
            node.kind == NodeKind::Episode || frequent.episode_count(i) >= 3,
            "{} kept",
            node.id
        );
    }

    let err = Filter {
        focus: Some(("pep:99999".into(), 1)),
        ..Default::default()
    }
    .apply(&mut bundled_graph());
    assert!(err.unwrap_err().to_string().contains("no node `pep:99999`"));
}

#[test]
fn query_pep_703_puts_episode_2_first_with_its_three_chapters() {
    let kg = bundled_graph();
    let answer = query::answer(&kg, tagger(), "which episodes discuss PEP 703?", 50).unwrap();
    assert_eq!(answer.entities[0].id, "pep:703");
    let first = &answer.results[0];
    assert_eq!(
        (first.episode.as_str(), first.match_kind),
        ("episode:corepy/2", MatchKind::Direct)
    );
    let starts: Vec<String> = first
        .evidence
        .iter()
        .filter_map(|e| e.start.map(|s| s.to_string()))
        .collect();
    assert_eq!(starts, ["00:18:22", "00:20:05", "01:01:27"]);
    let related: Vec<_> = answer
        .results
        .iter()
        .filter(|r| r.match_kind == MatchKind::Related)
        .collect();
    assert!(
        !related.is_empty()
            && related
                .iter()
                .all(|r| r.via.as_deref().is_some_and(|v| v.starts_with("topic:")))
    );
    let direct_then_related = answer
        .results
        .windows(2)
        .all(|w| w[0].match_kind <= w[1].match_kind);
    assert!(direct_then_related);
}

#[test]
fn query_reads_questions_with_the_tagger() {
    let kg = bundled_graph();
    let t = tagger();
    for (question, id) in [
        ("free threading", "topic:gil"),
        ("Brandt", "person:brandt-bucher"),
        ("the JIT", "topic:jit"),
        ("asyncio", "module:asyncio"),
    ] {
        let answer = query::answer(&kg, t, question, 50).unwrap();
        assert!(
            answer.entities.iter().any(|e| e.id == id),
            "{question}: {:?}",
            answer.entities
        );
        assert!(!answer.results.is_empty(), "{question}");
    }
}

#[test]
fn query_for_nothing_known_suggests_near_names() {
    let kg = bundled_graph();
    let err = query::answer(&kg, tagger(), "mimaloc", 10)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("no entity or word of the inputs matches `mimaloc`; did you mean"),
        "{err}"
    );
    assert!(err.contains("mimalloc"), "{err}");
}

/// Evidence is kept as places in the episode's own text, so a graph read back must quote its episodes.
#[test]
fn assembling_a_graph_refuses_evidence_its_episode_does_not_hold() {
    use castgraph::{Chapter, EdgeData, Evidence, Node};
    let mut episode = Node::new("episode:corepy/1", NodeKind::Episode, "Episode 1");
    episode.description = Some("All about the GIL.".into());
    episode.chapters = Some(vec![Chapter::new(60, "PEP 703 accepted")].into());
    let nodes = || {
        vec![
            episode.clone(),
            Node::new("pep:703", NodeKind::Pep, "PEP 703"),
        ]
    };
    let edge = |title: Option<&str>, matched: &str| {
        let data = EdgeData {
            kind: EdgeKind::Discusses,
            count: None,
            passages: Vec::new(),
            evidence: vec![Evidence {
                source: None,
                link: None,
                start: title.map(|_| castgraph::ingest::Timestamp(60)),
                seconds: title.map(|_| 60),
                title: title.map(Into::into),
                matched: matched.into(),
                text: None,
            }],
            seconds: Some(0),
        };
        vec![("episode:corepy/1".to_string(), "pep:703".to_string(), data)]
    };
    let kg = KnowledgeGraph::from_parts(
        Default::default(),
        nodes(),
        edge(Some("PEP 703 accepted"), "PEP 703"),
    )
    .expect("the chapter holds the words");
    let stored = kg.edge_between("episode:corepy/1", "pep:703").unwrap();
    let evidence: Vec<_> = stored.evidence().collect();
    assert_eq!(
        (evidence[0].title, evidence[0].matched),
        (Some("PEP 703 accepted"), "PEP 703")
    );
    for (title, matched) in [
        (Some("PEP 703 accepted"), "PEP 684"),
        (Some("Another chapter"), "PEP 703"),
        (None, "PEP 703"),
    ] {
        let error = KnowledgeGraph::from_parts(Default::default(), nodes(), edge(title, matched))
            .expect_err("the episode does not hold these words there");
        assert!(
            matches!(error, AssembleError::EvidenceNotInEpisode { .. }),
            "{error:?}"
        );
        let error = error.to_string();
        assert!(
            error.contains(&format!("`{matched}`")) && error.contains("episode:corepy/1"),
            "{error}"
        );
    }
}

/// The graph and its id index change together: removing nodes (the only way, through `retain`) leaves no
/// id pointing at a removed node, and every node left is found by its id. (When the petgraph graph was a
/// public field, `kg.graph.remove_node(i)` then `kg.node("pep:703")` panicked.)
#[test]
fn removing_nodes_keeps_the_id_index_consistent() {
    let mut kg = bundled_graph();
    let before = kg.node_count();
    kg.retain(|_, node| node.id != "pep:703" && node.kind != NodeKind::Module);
    assert!(kg.node("pep:703").is_none() && kg.node_index("pep:703").is_none());
    assert!(kg.node("module:asyncio").is_none());
    assert!(kg.node_count() < before);
    for node in kg.nodes() {
        let index = kg.node_index(&node.id).expect("every node left has its id");
        assert_eq!(&kg.graph()[index], node);
    }
    assert!(kg.edge_between("episode:corepy/2", "pep:703").is_none());
    assert!(
        kg.edges()
            .all(|e| e.source_node().id != "pep:703" && e.target_node().id != "pep:703")
    );
}
