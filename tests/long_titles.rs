//! A chapter title of a megabyte naming thousands of entities (issue 17's hostile sweep, `txt-title-tokens`):
//! every export stays about the size of the title plus a little per edge, because evidence quotes a long
//! title around its match instead of repeating it on every edge, and the JSON reads back to the same graph.
//! The bound is on bytes written, and on the memory a format holds while it writes (a counting allocator),
//! never on time.

mod common;

use std::io::{self, Write};
use std::sync::Mutex;

use castgraph::export::{self, ExportOptions, Format};
use castgraph::graph::TITLE_CHARS;
use castgraph::{InputFormat, KnowledgeGraph, NodeKind};

use common::counting::{Counting, held, peak_during};
use common::tagger;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests of this file, one at a time, so that one's allocations do not count in another's peak.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Counts the bytes written and keeps none of them.
#[derive(Default)]
struct Counted(usize);

impl Write for Counted {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0 += data.len();
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

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
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
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
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
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

/// What `format` writes of `kg` and the most memory it holds while writing.
fn written_and_held(kg: &KnowledgeGraph, format: Format) -> (usize, usize) {
    let mut out = Counted::default();
    let held = peak_during(|| {
        export::write(kg, format, &ExportOptions::default(), &mut out).expect("counting succeeds")
    });
    (out.0, held)
}

/// JSON-LD, the explorer and Cytoscape write as they go instead of building their document first. Measured
/// on this graph (2,000 edges), in bytes held / written: JSON-LD built as a tree of values 12.7 M / 2.2 M,
/// streamed 3.1 M (less than Turtle, which writes the same resources one at a time: 3.5 M); the explorer's
/// data as one string 4.7 M / 1.8 M, streamed 0.5 M; Cytoscape streamed 2.1 M / 3.8 M.
#[test]
fn jsonld_html_and_cytoscape_hold_less_than_they_write_for_a_megabyte_title() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let kg = graph();
    let (_, turtle_held) = written_and_held(&kg, Format::Turtle);
    let (jsonld_written, jsonld_held) = written_and_held(&kg, Format::JsonLd);
    assert!(
        jsonld_held <= turtle_held,
        "JSON-LD held {jsonld_held} bytes while writing {jsonld_written}, Turtle {turtle_held}: it builds its \
         document before writing it"
    );
    for (format, most) in [(Format::Html, 0.5), (Format::Cytoscape, 1.0)] {
        let (written, held) = written_and_held(&kg, format);
        assert!(
            (held as f64) < most * written as f64,
            "`{}` held {held} bytes while writing {written}: it builds its document before writing it",
            format.name()
        );
    }
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

/// Streaming JSON-LD writes the bytes its document as one tree of values would: the bundled corpus read back
/// as a value and written pretty again is the same text.
#[test]
fn streamed_jsonld_of_the_bundled_corpus_is_the_bytes_of_its_value_tree() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let streamed = render(&common::bundled_graph(), Format::JsonLd, usize::MAX).expect("JSON-LD");
    let tree: serde_json::Value = serde_json::from_str(&streamed).expect("JSON-LD parses");
    let whole = serde_json::to_string_pretty(&tree).expect("a value writes") + "\n";
    assert!(
        streamed == whole,
        "the streamed JSON-LD differs from its tree"
    );
}

/// The JSON export's most edges per task (`EDGES_PER_TASK` in src/export/json.rs).
const JSON_EDGES_PER_TASK: usize = 512;

/// One episode whose single chapter title names `per_kind` GitHub issues (`gh-10` on), as many PEPs and as
/// many CVEs: an episode keeps at most `ENTITIES_PER_KIND` distinct entities of a kind, so three kinds at the
/// cap are the most edges one source can have.
fn entities_notes(per_kind: usize) -> String {
    let title: Vec<String> = (10..10 + per_kind)
        .map(|n| format!("gh-{n} PEP {n} CVE-2024-{}", 10_000 + n))
        .collect();
    format!(
        "Episode 1: Issues\nAbout.\n\n00:00:00 {}\n",
        title.join(" ")
    )
}

/// The JSON writer cuts a source's edges into pieces: an episode with fifteen thousand edges was one
/// buffer of all of them (52 MB for the sweep's 53,445), so writing held as much as it wrote. Now it
/// holds at most the pieces in flight, a few per core.
#[test]
fn json_of_an_episode_with_fifteen_thousand_edges_holds_a_few_pieces_while_writing() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let per_kind = castgraph::tag::ENTITIES_PER_KIND;
    let corpus = castgraph::ingest::read_str(
        &entities_notes(per_kind),
        None,
        InputFormat::Text,
        &Default::default(),
    )
    .expect("the notes read");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    let edges = kg.edges().count();
    assert!(
        edges > 3 * per_kind,
        "{edges} edges for {per_kind} of each kind"
    );
    let (written, held) = written_and_held(&kg, Format::Json);
    // The pieces in flight (two per core and one), the spare buffers, and the title in the episode's node.
    let pieces = 2 * rayon::current_num_threads() + 2;
    let bound = pieces * JSON_EDGES_PER_TASK * PER_EDGE + 2 * title_len(&kg);
    // On the project's 2 cores the bound is half the document: holding all the edges would break it.
    assert!(
        bound < written,
        "{written} bytes written, fewer than the bound {bound}: more edges are needed on this many cores"
    );
    assert!(
        held <= bound,
        "JSON held {held} bytes while writing {written} for {edges} edges (bound {bound})"
    );
    // The pieces come out in the edges' order, each edge once, one a line.
    let json = render(&kg, Format::Json, 2 * written).expect("the JSON fits");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    let ends = |e: &serde_json::Value| (e["source"].to_string(), e["target"].to_string());
    let written_ends: Vec<_> = doc["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(ends)
        .collect();
    let sorted_ends: Vec<_> = kg
        .edges_sorted()
        .iter()
        .map(|e| {
            let quoted = |id: &str| serde_json::Value::from(id).to_string();
            (quoted(&e.source_node().id), quoted(&e.target_node().id))
        })
        .collect();
    assert!(written_ends == sorted_ends, "edges out of order");
    let edge_lines = json
        .lines()
        .filter(|l| l.starts_with("{\"source\":"))
        .count();
    assert_eq!(edge_lines, edges);
}

/// Tagging a title that repeats a few names for a megabyte: the repeats of each entity at one place (same
/// words, rule and role) are one tagged mention with a count, so what tagging hands the evidence rules and
/// the graph is a few mentions, not one of 112 bytes for each found (before: 28,730 tagged mentions, 9.8 MB
/// kept, and the graph's lists of them on top; a 9.5 MiB cue of words peaked at 175 MiB of its 176). The
/// peak while tagging is the mentions found in the title (20.3 bytes a byte before, 19.3 now), bounded here
/// against growing further.
#[test]
fn tagging_a_title_repeating_a_few_names_keeps_one_counted_mention_per_entity_and_wording() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut title = String::new();
    while title.len() < TITLE_BYTES {
        title.push_str("the JIT and the GIL in PEP 703 with asyncio, and more of the same words: ");
    }
    let notes = format!("Episode 1: Many\nAbout.\n\n00:00:00 {title}\n");
    let corpus = castgraph::ingest::read_str(&notes, None, InputFormat::Text, &Default::default())
        .expect("the notes read");
    let episode = &corpus.episodes[0];
    // Once to warm the regexes' caches, which are not the mentions.
    tagger().tag_episode(episode, &[]);
    let before = held();
    let mut tagged = Vec::new();
    let peak = peak_during(|| tagged = tagger().tag_episode(episode, &[]));
    let kept = held() - before;
    let found: u64 = tagged.iter().map(|t| u64::from(t.count)).sum();
    assert!(found > 25_000, "{found} mentions");
    assert!(
        tagged.len() < 20,
        "{} tagged mentions: {tagged:#?}",
        tagged.len()
    );
    assert!(
        kept < 64 << 10,
        "tagging kept {kept} bytes for {found} mentions"
    );
    let per_byte = peak as f64 / title.len() as f64;
    assert!(
        per_byte < 24.0,
        "tagging held {peak} bytes for a title of {} bytes naming {found} things: {per_byte:.1} a byte",
        title.len()
    );
}

/// A capitalised name unlike any the taxonomy knows, different for every `i` (as the sweep's `name_of`).
fn new_name(i: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ga", "ho", "ju", "be", "fi", "po",
        "zu",
    ];
    let word = |mut j: usize| {
        let mut w: String = (0..3)
            .map(|_| {
                let s = SYLLABLES[j % 16];
                j /= 16;
                s
            })
            .collect();
        w[..1].make_ascii_uppercase();
        w
    };
    format!("{} {}vi", word(i), word(i / 4096 + 7))
}

/// A chapter list of interviews with more people the taxonomy does not know than an episode keeps (the
/// sweep's `txt-chapters-new-people`: 249,036 person nodes, 240 MB and 8-10 s of CPU at 9.5 MiB before the
/// cap): the first [`castgraph::tag::ENTITIES_PER_KIND`] are kept, and one warning says how many there were.
#[test]
fn an_episode_interviewing_too_many_new_people_keeps_the_cap_and_warns_once() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let cap = castgraph::tag::ENTITIES_PER_KIND;
    let named = cap + 1000;
    let mut notes = String::from("Episode 1: People\nAbout.\n\n");
    for i in 0..named {
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        notes.push_str(&format!(
            "{h:02}:{m:02}:{s:02} Interview with {}\n",
            new_name(i)
        ));
    }
    let corpus = castgraph::ingest::read_str(&notes, None, InputFormat::Text, &Default::default())
        .expect("the notes read");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    let people = kg.nodes().filter(|n| n.kind == NodeKind::Person).count();
    assert_eq!(people, cap);
    let warnings: Vec<&str> = kg.warnings().iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(
            "names 6,000 distinct people the taxonomy does not know; only the first 5,000 are kept"
        ),
        "{warnings:?}"
    );
}

/// The sweep's `json-many-chapters` at a mebibyte: one episode whose explicit `chapters` are thousands of
/// small objects.
fn many_chapters_json() -> (String, usize) {
    let mut json = String::from("[{\"number\": 1, \"title\": \"Big\", \"chapters\": [");
    let mut count = 0;
    while json.len() < 1 << 20 {
        let (h, m, s) = (count / 3600, count / 60 % 60, count % 60);
        let comma = if count == 0 { "" } else { ", " };
        json.push_str(&format!(
            "{comma}{{\"start\": \"{h:02}:{m:02}:{s:02}\", \"title\": \"the JIT and the GIL in PEP {count}\"}}"
        ));
        count += 1;
    }
    json.push_str("]}]\n");
    (json, count)
}

/// Reading a mebibyte of JSON chapters holds the chapters read and the place of each element, never the
/// whole document as a `serde_json::Value` tree: with the tree the reader peaked at 10.2 bytes a byte of
/// text here (the sweep's 9.5 MiB peaked at 145 MB of its 176 MB limit), one element at a time 3.2.
#[test]
fn json_chapters_are_read_one_element_at_a_time_not_as_one_value_tree() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (json, count) = many_chapters_json();
    let mut corpus = None;
    let peak = peak_during(|| {
        corpus = Some(
            castgraph::ingest::read_str(&json, None, InputFormat::Json, &Default::default())
                .expect("the JSON reads"),
        )
    });
    let corpus = corpus.expect("read above");
    assert_eq!(corpus.episodes[0].chapters.len(), count);
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let per_byte = peak as f64 / json.len() as f64;
    assert!(
        per_byte < 5.0,
        "reading {} bytes of JSON chapters held {peak} bytes: {per_byte:.1} a byte",
        json.len()
    );
}
