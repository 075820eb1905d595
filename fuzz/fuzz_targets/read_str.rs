//! Fuzz every ingest reader: the first byte picks the input format, the rest is the input. A reader may
//! return an error, never panic, and every chapter's `start` must be its `seconds` as `HH:MM:SS`.

#![no_main]

use std::path::Path;

use castgraph::ingest::{self, IngestOptions, InputFormat, format_timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let formats = InputFormat::ALL;
    let format = formats[usize::from(selector) % formats.len()];
    let options = IngestOptions::default();
    if let Ok(corpus) = ingest::read_str(text, Some(Path::new("fuzz-input")), format, &options) {
        for chapter in corpus.episodes.iter().flat_map(|e| &e.chapters) {
            assert_eq!(chapter.start.to_string(), format_timestamp(chapter.seconds));
        }
    }
});
