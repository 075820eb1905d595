//! Transcripts end to end: passages tagged, their evidence kept by the graph with the words around it,
//! capped per edge with the count kept, and read back from JSON.

use std::path::Path;

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::EvidenceSource;
use castgraph::ingest::{self, InputFormat};
use castgraph::{BuildOptions, KnowledgeGraph, Tagger, Taxonomy};

/// Five passages (a pause over 5 s between each), four of them naming PEP 703.
const TRANSCRIPT: &str = "WEBVTT\n\n\
    00:00:00.000 --> 00:00:05.000\nWelcome to the show. Today PEP 703 and free threading.\n\n\
    00:00:20.000 --> 00:00:25.000\nPEP 703 makes the GIL optional.\n\n\
    00:00:40.000 --> 00:00:45.000\nNothing here but talk.\n\n\
    00:01:00.000 --> 00:01:10.000\nAgain PEP 703, with \"quotes\" &amp; &lt;angles&gt;.\n\n\
    00:01:30.000 --> 00:01:40.000\nAnd PEP 703 once more.\n";

fn tagger() -> Tagger {
    Tagger::new(Taxonomy::builtin().unwrap()).unwrap()
}

fn graph(options: &BuildOptions) -> KnowledgeGraph {
    let mut corpus = ingest::read_str(
        TRANSCRIPT,
        Some(Path::new("7-free-threading.vtt")),
        InputFormat::Vtt,
        &Default::default(),
    )
    .unwrap();
    corpus.set_show(Some("corepy"), &[]);
    KnowledgeGraph::build(corpus, &tagger(), options)
}

fn json(kg: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    export::write(kg, Format::Json, &ExportOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn transcript_evidence_points_to_passages_with_the_words_around_the_match() {
    let kg = graph(&BuildOptions {
        evidence: Some(10),
        ..Default::default()
    });
    let episode = kg.node("episode:corepy/7").expect("the episode");
    let counts = episode.transcript.expect("transcript counts");
    assert_eq!((counts.cues, counts.passages, counts.seconds), (5, 5, 100));
    assert!(episode.chapters.as_ref().is_none_or(|c| c.is_empty()));
    let edge = kg.edge_between("episode:corepy/7", "pep:703").unwrap();
    let evidence: Vec<_> = edge.evidence().collect();
    let starts: Vec<_> = evidence.iter().map(|e| e.seconds).collect();
    assert_eq!(starts, [Some(0), Some(20), Some(60), Some(90)]);
    assert!(
        evidence
            .iter()
            .all(|e| e.source == EvidenceSource::Transcript
                && e.title.is_none()
                && e.matched == "PEP 703")
    );
    assert_eq!(
        evidence[2].text,
        Some("Again PEP 703, with \"quotes\" & <angles>.")
    );
    // Airtime: the passages that carry it, each until the next starts (the last until the end).
    assert_eq!(edge.seconds(), Some(20 + 20 + 30 + 10));
    assert_eq!(edge.evidence_count(), 4);
}

#[test]
fn an_edge_keeps_the_evidence_asked_for_and_counts_all_of_it() {
    for (cap, kept) in [(None, 1), (Some(2), 2), (Some(0), 0)] {
        let kg = graph(&BuildOptions {
            evidence: cap,
            ..Default::default()
        });
        let edge = kg.edge_between("episode:corepy/7", "pep:703").unwrap();
        assert_eq!(edge.evidence().len(), kept, "{cap:?}");
        assert_eq!(edge.evidence_count(), 4, "{cap:?}");
        assert_eq!(edge.seconds(), Some(80), "{cap:?}");
    }
}

#[test]
fn transcript_evidence_survives_a_json_round_trip() {
    let kg = graph(&BuildOptions {
        evidence: Some(3),
        ..Default::default()
    });
    let written = json(&kg);
    assert!(
        written.contains("\"transcript\":{\"cues\":"),
        "counts written"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(&path, &written).unwrap();
    let back = export::read_json(&path).unwrap();
    assert_eq!(json(&back), written, "the same document read back");
    let edge = back.edge_between("episode:corepy/7", "pep:703").unwrap();
    assert_eq!((edge.evidence().len(), edge.evidence_count()), (3, 4));
}

#[test]
fn transcript_evidence_whose_match_is_not_in_its_text_is_refused() {
    let kg = graph(&Default::default());
    let written = json(&kg).replace("\"match\":\"PEP 703\"", "\"match\":\"PEP 704\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(&path, written).unwrap();
    let error = export::read_json(&path).unwrap_err();
    assert!(
        format!("{:?}", error).contains("EvidenceNotInText"),
        "{error:?}"
    );
}
