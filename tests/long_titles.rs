//! A chapter title of a megabyte naming thousands of entities (issue 17's hostile sweep, `txt-title-tokens`):
//! every export stays about the size of the title plus a little per edge, because evidence quotes a long
//! title around its match instead of repeating it on every edge, and the JSON reads back to the same graph.
//! The bound is on bytes written, never on time.

mod common;

use std::io::{self, Write};

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::TITLE_CHARS;
use castgraph::{InputFormat, KnowledgeGraph, NodeKind};

use common::tagger;

/// The title's size: a megabyte, as in the sweep.
const TITLE_BYTES: usize = 1 << 20;

/// How many PEPs the title names, one every half kilobyte.
const PEPS: usize = 2000;

/// What a format may write per edge: its ends, kind, counts and an item of evidence quoting at most
/// [`TITLE_CHARS`] characters of the title, with room for escaping and markup.
const PER_EDGE: usize = 2048;

/// One episode whose single chapter is a title of [`TITLE_BYTES`] naming PEPs 1 to [`PEPS`] among filler
/// words.
fn notes() -> String {
    let unit = TITLE_BYTES / PEPS;
    let mut title = String::with_capacity(TITLE_BYTES + unit);
    for n in 1..=PEPS {
        let start = title.len();
        title.push_str(&format!("PEP {n}"));
        while title.len() - start < unit - 6 {
            title.push_str(" lorem");
        }
        title.push(' ');
    }
    format!(
        "Episode 1: Tokens\nAbout.\n\n00:00:00 {}\n",
        title.trim_end()
    )
}

fn graph() -> KnowledgeGraph {
    let corpus =
        castgraph::ingest::read_str(&notes(), None, InputFormat::Text, &Default::default())
            .expect("the notes read");
    KnowledgeGraph::build(corpus, tagger(), &Default::default())
}

/// Memory that refuses to hold more than `limit` bytes, so that a format repeating the title per edge
/// (gigabytes) fails at once rather than filling the machine.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for Bounded {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + data.len() > self.limit {
            return Err(io::Error::other("over the bound"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn render(kg: &KnowledgeGraph, format: Format, limit: usize) -> io::Result<String> {
    let mut out = Bounded {
        bytes: Vec::new(),
        limit,
    };
    export::write(kg, format, &ExportOptions::default(), &mut out)?;
    Ok(String::from_utf8(out.bytes).expect("exports are UTF-8"))
}

#[test]
fn every_format_of_a_megabyte_title_naming_thousands_of_peps_stays_near_the_title_size() {
    let kg = graph();
    let peps = kg.nodes().filter(|n| n.kind == NodeKind::Pep).count();
    assert!(
        peps >= PEPS,
        "the title names {PEPS} PEPs, the graph has {peps}"
    );
    let edges = kg.edges().count();
    // The episode's chapters hold the title once; a format may quote it once more (a tooltip), and escape it.
    let limit = 3 * TITLE_BYTES + PER_EDGE * edges;
    for format in Format::ALL {
        let written = render(&kg, format, limit);
        assert!(
            written.is_ok(),
            "`{}` wrote more than {limit} bytes for {edges} edges of a {TITLE_BYTES}-byte title: {:?}",
            format.name(),
            written.err()
        );
    }
}

#[test]
fn a_megabyte_title_quoted_around_each_match_reads_back_to_the_same_graph() {
    let kg = graph();
    let json = render(&kg, Format::Json, usize::MAX).expect("writing to memory succeeds");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    let titles: Vec<&str> = doc["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .flat_map(|e| e["evidence"].as_array().into_iter().flatten())
        .filter_map(|item| item["title"].as_str())
        .collect();
    assert!(titles.len() >= PEPS);
    for title in &titles {
        assert!(title.chars().count() <= TITLE_CHARS, "{}", title.len());
    }

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("graph.json");
    std::fs::write(&path, &json).expect("the temporary file is writable");
    let back = export::read_json(&path).expect("castgraph reads the graph it wrote");
    for edge in back.edges().filter(|e| e.kind().is_episode_edge()) {
        for item in edge.evidence() {
            assert_eq!(item.chapter_index(), Some(0), "{item:?}");
            assert_eq!(item.title.map(str::len), Some(title_len(&back)));
            assert!(item.title_excerpt().unwrap().contains(item.matched));
        }
    }
    let again = render(&back, Format::Json, usize::MAX).expect("writing to memory succeeds");
    assert!(json == again, "the JSON read back writes the same JSON");
}

/// The length of the only episode's only chapter title.
fn title_len(kg: &KnowledgeGraph) -> usize {
    let episode = kg
        .nodes()
        .find(|n| n.kind == NodeKind::Episode)
        .expect("an episode");
    let chapters = episode.chapters.as_ref().expect("chapters");
    chapters.iter().next().expect("a chapter").title.len()
}
