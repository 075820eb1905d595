//! Fuzz taxonomy loading, the one input the README invites people to share: arbitrary TOML through
//! `Taxonomy::from_toml`. An odd first byte prepends `extends = "builtin"` (the rest is added to the shipped
//! taxonomy). A taxonomy that loads must build a tagger or say why it cannot, and that tagger must tag a
//! short text; nothing may panic.

#![no_main]

use castgraph::{Tagger, Taxonomy};
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "PEP 703 and free-threading in Python 3.13t with Łukasz Langa: the JIT, \
                    sys.monitoring, asyncio.TaskGroup, gh-109181 and CVE-2024-1234 (import re)";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(toml) = std::str::from_utf8(rest) else {
        return;
    };
    let extended;
    let toml = if flags & 1 == 1 {
        extended = format!("extends = \"builtin\"\n{toml}");
        &extended
    } else {
        toml
    };
    let Ok(taxonomy) = Taxonomy::from_toml(toml, "fuzz.toml") else {
        return;
    };
    if let Ok(tagger) = Tagger::new(taxonomy) {
        tagger.tag_text(TEXT);
    }
});
