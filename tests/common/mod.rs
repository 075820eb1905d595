//! What the integration tests share: one built-in tagger per test binary and the paths of the fixtures.
//!
//! Each test file that needs these says `mod common;`; not every file uses every helper.
#![allow(dead_code)]

pub mod counting;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
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

/// A missing client fails the test under `CI=true` and skips it otherwise.
pub fn missing(what: &str) -> Option<Output> {
    let install = "install graphviz and `pip install -r tests/clients/requirements.txt`";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what}, and CI=true: {install}");
    }
    eprintln!("skipped: {what}");
    None
}

/// Run a client with `stdin`; `None` (or a panic under CI) when it is not installed.
pub fn run_client(program: &str, args: &[&str], stdin: &str) -> Option<Output> {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return missing(&format!("{program} not installed"));
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    };
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .expect("the client reads its input");
    }
    let output = child.wait_with_output().expect("the client finishes");
    if output.status.code() == Some(77) {
        return missing(String::from_utf8_lossy(&output.stderr).trim());
    }
    Some(output)
}
