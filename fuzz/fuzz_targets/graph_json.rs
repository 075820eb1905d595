//! Fuzz the graph reader of `castgraph query --graph` and `castgraph stats --graph`: any file given as a
//! castgraph JSON graph is read by `export::read_json` or refused with an error naming its place. A graph
//! that is read must be written as JSON again and read back to the same nodes and edges.
//!
//! `read_json` reads a path, so each input is written to one file of the temporary folder, per process.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use castgraph::export::{self, ExportOptions, Format};
use libfuzzer_sys::fuzz_target;

static INPUT: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!("castgraph-fuzz-graph-{}.json", std::process::id()))
});
static AGAIN: LazyLock<PathBuf> = LazyLock::new(|| INPUT.with_extension("again.json"));

fuzz_target!(|data: &[u8]| {
    std::fs::write(&*INPUT, data).expect("writing the input to the temporary folder");
    let Ok(graph) = export::read_json(&INPUT) else {
        return;
    };
    let mut out = Vec::new();
    export::write(&graph, Format::Json, &ExportOptions::default(), &mut out)
        .expect("writing to memory");
    std::fs::write(&*AGAIN, &out).expect("writing the output to the temporary folder");
    let again =
        export::read_json(&AGAIN).unwrap_or_else(|e| panic!("a graph read back fails: {e}"));
    assert_eq!(
        (again.node_count(), again.edge_count()),
        (graph.node_count(), graph.edge_count()),
        "nodes and edges change through a JSON round trip"
    );
});
