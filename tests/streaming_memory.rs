//! A folder of transcripts is built a file at a time (`KnowledgeGraph::build_from_inputs`, issue 13): the
//! words of a file are let go once it is tagged, so the memory held while building does not grow with the
//! number of files. The bound is on the bytes a counting allocator sees held, never on time.

mod common;

use std::path::Path;

use castgraph::ingest::{IngestOptions, InputFiles};
use castgraph::{BuildOptions, KnowledgeGraph, NodeKind};

use common::counting::{Counting, peak_during};
use common::tagger;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Each transcript's size: a long episode's, so that holding the words of every file would show.
const FILE_BYTES: usize = 1 << 20;

/// A WebVTT transcript of about [`FILE_BYTES`]: short cues of speech, the same few sentences over and over
/// (the regexes' caches are warm after the first file), naming a PEP and a module now and then.
fn transcript(episode: usize) -> String {
    let sentences = [
        "So this week we talk about the free threading work in PEP 703 and what it means.",
        "The asyncio event loop got a little faster, which is nice for web servers.",
        "And then there is the question of how packaging tools handle all of that.",
    ];
    let mut text = String::from("WEBVTT\n\n");
    let mut cue = 0;
    while text.len() < FILE_BYTES {
        let (start, end) = (cue * 4, cue * 4 + 4);
        let clock = |s: usize| format!("{:02}:{:02}:{:02}.000", s / 3600, s / 60 % 60, s % 60);
        let words = sentences[(cue + episode) % sentences.len()];
        text.push_str(&format!("{} --> {}\n{words}\n\n", clock(start), clock(end)));
        cue += 1;
    }
    text
}

/// A folder of `files` transcripts of Python Bytes episodes 1, 2, ...
fn folder(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=files {
        let path = dir.path().join(format!("{n:03}-episode.vtt"));
        std::fs::write(path, transcript(n)).unwrap();
    }
    dir
}

/// The most memory building the graph of the folder held.
fn peak_of_build(dir: &Path) -> usize {
    let files = InputFiles::find(&[dir.to_path_buf()]).unwrap();
    let options = IngestOptions::default();
    let mut kept = None;
    let peak = peak_during(|| {
        let built = KnowledgeGraph::build_from_inputs(
            &files,
            &options,
            tagger(),
            &BuildOptions::default(),
            &|_| {},
        );
        kept = Some(built.unwrap());
    });
    let (kg, _) = kept.unwrap();
    let episodes = kg.nodes().filter(|n| n.kind == NodeKind::Episode).count();
    assert_eq!(episodes, files.len());
    assert!(kg.node("pep:703").is_some());
    peak
}

#[test]
fn building_a_folder_of_transcripts_does_not_hold_every_files_words() {
    // One thread: with two, which files are in flight together and how far each thread's regex caches
    // have grown vary from run to run, by more than the bound's slack.
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");
    one_thread.install(peaks_of_few_and_many_files_stay_close);
}

fn peaks_of_few_and_many_files_stay_close() {
    let (few, many) = (folder(2), folder(10));
    // The regexes' caches and the tagger's lazily built parts are made once, on the first build.
    peak_of_build(few.path());
    let held_few = peak_of_build(few.path());
    let held_many = peak_of_build(many.path());
    // Holding every file's words (the corpus read whole, then tagged) takes eight more megabytes here;
    // read as they are tagged, eight more files take no more than a file or two in flight and their
    // graph's few kilobytes each.
    assert!(
        held_many < held_few + 2 * FILE_BYTES,
        "2 files held {held_few} bytes at most, 10 files {held_many}"
    );
}
