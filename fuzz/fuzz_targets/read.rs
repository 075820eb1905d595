//! Fuzz the input readers alone, the first stage every untrusted file goes through: the first byte picks the
//! format (`InputFormat::ALL[byte % 7]`), the rest (UTF-8) is the input, read by `ingest::read_str` with no
//! tagging, graph or export. Cheap enough for thousands of inputs a second on short inputs (run.sh gives it a
//! few KB), where `ingest` runs the whole pipeline; a reader may refuse an input with an error, never panic.

#![no_main]

use std::path::Path;

use castgraph::ingest::{self, IngestOptions, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = InputFormat::ALL[usize::from(selector) % InputFormat::ALL.len()];
    let Ok(corpus) = ingest::read_str(
        text,
        Some(Path::new("fuzz-input")),
        format,
        &IngestOptions::default(),
    ) else {
        return;
    };
    for chapter in corpus.episodes.iter().flat_map(|e| &e.chapters) {
        assert_eq!(
            chapter.start.map(|s| s.to_string()),
            chapter.seconds.map(ingest::format_timestamp)
        );
    }
});
