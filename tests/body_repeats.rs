//! A Markdown item whose body is one line of the same few terms (issue 17's hostile sweep,
//! `md-body-one-line-of-terms`: a mention every 7 bytes). The tagger merges the repeats of a mention as the
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

/// The line repeated: a module and two topics' words, and a topic's pattern (`sys.monitoring`).
const UNIT: &str = "sys.monitoring JIT ";

/// What reading and building may hold per byte of the body, which the episode, the scan and the graph each
/// hold a copy of, or more. Measured: 67 bytes a byte when every mention was listed (88 bytes each, one
/// every 5 bytes of body, and a tagged mention for each topic's), 9.9 with repeats merged.
const HELD_PER_BODY_BYTE: usize = 16;

fn notes() -> String {
    let units = BODY_BYTES / UNIT.len();
    format!(
        "# Episode 1: Body\n\n## An item\n\n{}\n",
        UNIT.repeat(units)
    )
}

#[test]
fn a_body_of_one_line_of_terms_keeps_memory_bounded() {
    let notes = notes();
    let tagger = tagger();
    let mut kg = None;
    let held = peak_during(|| {
        let corpus =
            castgraph::ingest::read_str(&notes, None, InputFormat::Markdown, &Default::default())
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
        held <= HELD_PER_BODY_BYTE * notes.len(),
        "building a body of {} bytes held {held} bytes at most ({:.1} a byte)",
        notes.len(),
        held as f64 / notes.len() as f64
    );
}
