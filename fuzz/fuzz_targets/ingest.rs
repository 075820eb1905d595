//! Fuzz the whole pipeline from show notes to exports: the first byte picks the input format, the rest
//! (UTF-8) is the input. A reader may refuse an input with an error; nothing may panic. What is read is
//! tagged with the shipped taxonomy, built into a graph and written in every export format, and each output
//! is checked where that is cheap: chapter times, JSON that parses, XML that is well-formed.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use castgraph::export::{self, ExportOptions, Format};
use castgraph::ingest::{self, IngestOptions, InputFormat};
use castgraph::{BuildOptions, KnowledgeGraph, Tagger, Taxonomy};
use libfuzzer_sys::fuzz_target;

static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new(Taxonomy::builtin().expect("the shipped taxonomy loads")).expect("shipped tagger")
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = InputFormat::ALL[usize::from(selector) % InputFormat::ALL.len()];
    let options = IngestOptions::default();
    let Ok(corpus) = ingest::read_str(text, Some(Path::new("fuzz-input")), format, &options) else {
        return;
    };
    for chapter in corpus.episodes.iter().flat_map(|e| &e.chapters) {
        assert_eq!(
            chapter.start.map(|s| s.to_string()),
            chapter.seconds.map(ingest::format_timestamp)
        );
    }
    let graph = KnowledgeGraph::build(corpus, &TAGGER, &BuildOptions::default());
    for format in Format::ALL {
        let mut out = Vec::new();
        export::write(&graph, format, &ExportOptions::default(), &mut out)
            .expect("writing to memory");
        check_output(format, &out);
    }
});

/// What every output must be, whatever the input: UTF-8; JSON that parses; XML that is well-formed and
/// holds only the characters XML 1.0 allows (DOT too: Graphviz copies its text into SVG).
fn check_output(format: Format, out: &[u8]) {
    let text =
        std::str::from_utf8(out).unwrap_or_else(|e| panic!("{format:?} output is not UTF-8: {e}"));
    match format {
        Format::Json | Format::Cytoscape | Format::JsonLd => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                panic!("{format:?} output is not JSON: {e}");
            }
        }
        Format::GraphMl => {
            check_xml_chars(format, text);
            check_xml(text);
        }
        Format::Dot => check_xml_chars(format, text),
        // Mermaid, Turtle, and formats added later (`Format` is non-exhaustive): no cheap check.
        _ => {}
    }
}

fn check_xml_chars(format: Format, text: &str) {
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        panic!("{format:?} output holds {c:?}, which XML 1.0 forbids");
    }
}

fn check_xml(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return,
            Ok(_) => {}
            Err(e) => panic!(
                "GraphML output is not well-formed at byte {}: {e}",
                reader.error_position()
            ),
        }
    }
}

/// The characters XML 1.0 allows.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}
