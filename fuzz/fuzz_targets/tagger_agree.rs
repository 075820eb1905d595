//! Fuzz the tagger's two scans against each other: one pass per automaton (short texts) and the long-text
//! scan with the shared alias-start automaton (texts of megabytes) must find exactly the same mentions in
//! any text, with any taxonomy.
//! An even first byte tags the rest with the shipped taxonomy; an odd one splits the rest at its first NUL
//! into a taxonomy (TOML) and a text.
//!
//! Needs the library's `fuzzing` feature: `--features tagger_agree`.

#![no_main]

use std::sync::LazyLock;

use castgraph::tag::fuzzing::{long_text_mentions, short_text_mentions};
use castgraph::{Tagger, Taxonomy};
use libfuzzer_sys::fuzz_target;

static BUILTIN: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new(Taxonomy::builtin().expect("the shipped taxonomy loads")).expect("shipped tagger")
});

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    if flags & 1 == 0 {
        return agree(&BUILTIN, rest);
    }
    let Some((toml, text)) = rest.split_once('\0') else {
        return;
    };
    let Ok(taxonomy) = Taxonomy::from_toml(toml, "fuzz.toml") else {
        return;
    };
    if let Ok(tagger) = Tagger::new(taxonomy) {
        agree(&tagger, text);
    }
});

fn agree(tagger: &Tagger, text: &str) {
    assert_eq!(
        short_text_mentions(tagger, text),
        long_text_mentions(tagger, text),
        "the two scans disagree on {text:?}"
    );
}
