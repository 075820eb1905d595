//! Fuzz small taxonomies end to end, without the shipped one: a `topics.toml` of a few KB through
//! `Taxonomy::from_toml`, `Tagger::new` (validation, the aliases index, the user patterns' regexes) and the
//! tagging of a short text. Where `taxonomy` builds the whole shipped tagger for every input that extends it
//! (a few inputs a second), this reaches the same loading and building code hundreds of times faster; an
//! input that says `extends` is left to `taxonomy`.

#![no_main]

use castgraph::{Tagger, Taxonomy};
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "PEP 703 and free-threading in Python 3.13t with Łukasz Langa: the JIT, \
                    sys.monitoring, asyncio.TaskGroup, gh-109181 and CVE-2024-1234 (import re)";

fuzz_target!(|data: &[u8]| {
    let Ok(toml) = std::str::from_utf8(data) else {
        return;
    };
    if toml.contains("extends") {
        return;
    }
    let Ok(taxonomy) = Taxonomy::from_toml(toml, "fuzz.toml") else {
        return;
    };
    if let Ok(tagger) = Tagger::new(taxonomy) {
        tagger.tag_text(TEXT);
    }
});
