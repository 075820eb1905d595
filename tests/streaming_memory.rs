//! A folder of transcripts is built a file at a time (`KnowledgeGraph::build_from_inputs`, issue 13): the
//! words of a file are let go once it is tagged, so the memory held while building does not grow with the
//! number of files. The bound is on the bytes a counting allocator sees held, never on time.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use castgraph::ingest::{IngestOptions, InputFiles};
use castgraph::{BuildOptions, KnowledgeGraph, NodeKind};

use common::tagger;

/// The system allocator, counting the bytes held and the most held since [`peak_during`] began.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: the caller's layout goes to the system allocator as it came.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most memory held, beyond what was held at the start, while `work` ran. This file has one test,
/// so nothing else allocates meanwhile.
fn peak_during(work: impl FnOnce()) -> usize {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    work();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

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
