//! Fuzz the questions of `castgraph query`: any text asked of the graph of the bundled corpus (built once)
//! gets an answer or an error, and the answer is written as text; nothing may panic, and
//! what is written is UTF-8.

#![no_main]

use std::sync::LazyLock;

use castgraph::query;
use castgraph::{BuildOptions, KnowledgeGraph, Tagger, Taxonomy};
use libfuzzer_sys::fuzz_target;

static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new(Taxonomy::builtin().expect("the shipped taxonomy loads")).expect("shipped tagger")
});
static GRAPH: LazyLock<KnowledgeGraph> = LazyLock::new(|| {
    KnowledgeGraph::build(
        castgraph::ingest::bundled(),
        &TAGGER,
        &BuildOptions::default(),
    )
});

fuzz_target!(|data: &[u8]| {
    let Ok(question) = std::str::from_utf8(data) else {
        return;
    };
    // An error ("no entity matches", with suggestions) is an answer too: its message must format.
    match query::answer(&GRAPH, &TAGGER, question, 10) {
        Ok(answer) => {
            let mut out = Vec::new();
            query::write_text(&answer, &GRAPH, &mut out).expect("writing to memory");
            assert!(std::str::from_utf8(&out).is_ok(), "the answer is not UTF-8");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
