//! What the integration tests share: one built-in tagger per test binary and the paths of the fixtures.
//!
//! Each test file that needs these says `mod common;`; not every file uses every helper.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use castgraph::{KnowledgeGraph, Tagger, Taxonomy};

static BUILTIN_TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new(Taxonomy::builtin().expect("the shipped taxonomy loads")).expect("it compiles")
});

/// The tagger of the shipped taxonomy, built once per test binary.
pub fn tagger() -> &'static Tagger {
    &BUILTIN_TAGGER
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// A folder of the real corpora beside the project (`../shared/corpora`), as CI lays it out.
pub fn shared_corpus(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(relative)
}

/// The graph of the bundled corpus, built with the shared tagger.
pub fn bundled_graph() -> KnowledgeGraph {
    KnowledgeGraph::build(castgraph::ingest::bundled(), tagger(), &Default::default())
}
