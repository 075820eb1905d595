//! A Markdown item whose body is one line of the same few terms (issue 17's hostile sweep,
//! `md-body-one-line-of-terms`: a mention every 7 bytes), or the same terms a line each
//! (`md-body-lines-of-terms`, where new people are looked for line by line), or a transcript whose every line
//! says them (`transcript-lines-of-terms`, whose mentions were listed whole before they were placed in
//! their passages). The tagger merges the repeats of a mention as the
//! scan finds them and the compactor merges a body topic's repeats alike in what the body rules read of
//! their position, so the memory tagging and building hold stays a small multiple of the body, not a
//! hundred bytes and more per mention (385 MB for 9.5 MiB before). The bound is on the bytes held (a
//! counting allocator), never on time.

mod common;

use castgraph::{InputFormat, KnowledgeGraph, NodeKind};

use common::counting::{Counting, peak_during};
use common::tagger;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The body's size: half a megabyte (under the size at which the tagger reserves room for a long text's
/// mentions, so that the bound reads what is written, not what is reserved).
const BODY_BYTES: usize = 512 << 10;

/// The words repeated: a module and two topics' words, and a topic's pattern (`sys.monitoring`).
const UNIT: &str = "sys.monitoring JIT ";

/// What reading and building may hold per byte of the body, which the episode, the scan and the graph each
/// hold a copy of, or more. Measured on one line: 67 bytes a byte when every mention was listed (88 bytes
/// each, one every 5 bytes of body, and a tagged mention for each topic's), 9.9 with repeats merged. On a
/// line each: 42.7 when the lines' repeats were kept one by one, 20.9 with their spans kept instead.
const HELD_PER_BODY_BYTE: usize = 16;
const HELD_PER_BODY_BYTE_IN_LINES: usize = 28;
/// The same for a transcript of such lines: 5.1 with a passage's repeats counted as the scan finds them. When
/// the transcript's mentions were listed whole (88 bytes each, one every 7 bytes: 13 bytes a byte for the list
/// alone), the process took 32.8 MB for this transcript against 19.6 MB now (`/usr/bin/time -f %M`).
const HELD_PER_TRANSCRIPT_BYTE: usize = 12;

fn notes(unit: &str) -> String {
    let units = BODY_BYTES / unit.len();
    format!(
        "# Episode 1: Body\n\n## An item\n\n{}\n",
        unit.repeat(units)
    )
}

/// One test, the shapes in turn: the allocator counts the whole process. On a line each, each line's mentions
/// were kept one by one for the candidate names of the line to be checked against (40 bytes a byte); the
/// repeats merged there keep only their spans.
#[test]
fn a_body_of_terms_on_one_line_or_a_line_each_keeps_memory_bounded() {
    assert_building_holds_little(&notes(UNIT), HELD_PER_BODY_BYTE);
    let lines = notes(&format!("{}\n", UNIT.trim_end()));
    assert_building_holds_little(&lines, HELD_PER_BODY_BYTE_IN_LINES);
    let transcript = transcript();
    assert_building_holds_little_as(
        &transcript,
        InputFormat::Transcript,
        HELD_PER_TRANSCRIPT_BYTE,
    );
}

/// A transcript of lines that say the terms twice, a cue a second.
fn transcript() -> String {
    let line = |s: usize| {
        let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
        format!("[{h:02}:{m:02}:{s:02}] sys.monitoring JIT sys.monitoring JIT and the JIT.\n")
    };
    let mut text = String::new();
    let mut second = 0;
    while text.len() < BODY_BYTES {
        text.push_str(&line(second));
        second += 1;
    }
    text
}

fn assert_building_holds_little(notes: &str, held_per_byte: usize) {
    assert_building_holds_little_as(notes, InputFormat::Markdown, held_per_byte);
}

fn assert_building_holds_little_as(notes: &str, format: InputFormat, held_per_byte: usize) {
    let tagger = tagger();
    let mut kg = None;
    let held = peak_during(|| {
        let corpus = castgraph::ingest::read_str(notes, None, format, &Default::default())
            .expect("the notes read");
        kg = Some(KnowledgeGraph::build(corpus, tagger, &Default::default()));
    });
    let kg = kg.expect("built");
    let topics: Vec<&str> = kg
        .nodes()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|n| n.id.as_str())
        .collect();
    assert!(
        topics.contains(&"topic:jit") && topics.contains(&"topic:sys-monitoring"),
        "{topics:?}"
    );
    assert!(
        held <= held_per_byte * notes.len(),
        "building a body of {} bytes held {held} bytes at most ({:.1} a byte)",
        notes.len(),
        held as f64 / notes.len() as f64
    );
}
