//! `castgraph build` of files makes the graph in two steps (`KnowledgeGraph::plan_inputs`, then
//! `Planned::into_graph`) and frees the tagger in between, so that its automata and caches are never held
//! beside the graph (issue 13: the peak of a folder of transcripts). The graph must be the one built with
//! the tagger kept, and freeing the tagger must give its memory back.

mod common;

use castgraph::ingest::{IngestOptions, InputFiles};
use castgraph::{BuildOptions, ExportOptions, Format, KnowledgeGraph, Tagger, Taxonomy};

use common::counting::{Counting, held};
use common::tagger;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A folder of WebVTT transcripts of a few hundred kilobytes each, enough text for the tagger to build
/// the automaton it keeps for long texts.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let cue = "So this week we talk about free threading in PEP 703 and the asyncio event loop.";
    for n in 1..=4 {
        let mut text = String::from("WEBVTT\n\n");
        for i in 0..4000 {
            let (m, s) = (i * 4 / 60, i * 4 % 60);
            text.push_str(&format!(
                "00:{m:02}:{s:02}.000 --> 00:{m:02}:{s:02}.900\n{cue} {n}\n\n"
            ));
        }
        std::fs::write(dir.path().join(format!("{n:03}-episode.vtt")), text).unwrap();
    }
    dir
}

fn json(kg: &KnowledgeGraph) -> Vec<u8> {
    let mut out = Vec::new();
    castgraph::export::write(kg, Format::Json, &ExportOptions::default(), &mut out).unwrap();
    out
}

#[test]
fn the_graph_made_after_the_tagger_is_freed_is_the_one_built_with_it() {
    let dir = folder();
    let files = InputFiles::find(&[dir.path().to_path_buf()]).unwrap();
    let (ingest, options) = (IngestOptions::default(), BuildOptions::default());
    let (kept, _) =
        KnowledgeGraph::build_from_inputs(&files, &ingest, tagger(), &options, &|_| {}).unwrap();

    let own = Tagger::new(Taxonomy::builtin().unwrap()).unwrap();
    let (planned, _) =
        KnowledgeGraph::plan_inputs(&files, &ingest, &own, &options, &|_| {}).unwrap();
    let before = held();
    let taxonomy = own.into_taxonomy();
    let freed = before.saturating_sub(held());
    let made = planned.into_graph(&taxonomy);

    assert_eq!(json(&made), json(&kept));
    // Its compiled regexes alone are over a megabyte (1.36 MB here); the taxonomy kept is what the graph
    // needs.
    assert!(
        freed > 512 << 10,
        "freeing the tagger gave back {freed} bytes"
    );
}
