//! Entry points for the fuzz targets of `fuzz/` (behind the non-default `fuzzing` feature): not API, and
//! free to change with the fuzz targets.
//!
//! The tagger chooses its scan by volume (one pass per automaton for short texts, the long-text scan with
//! the shared alias-start automaton once it has read megabytes); these run either scan on any text, so that
//! `fuzz/fuzz_targets/tagger_agree.rs` can hold them to the same mentions.

use super::scan::Strategy;
use super::{Mention, Tagger};

/// The mentions of `text` found by one pass per automaton, as [`Tagger::tag_text`] finds them in a short
/// text.
pub fn short_text_mentions(tagger: &Tagger, text: &str) -> Vec<Mention> {
    tagger.tag_text_with(text, Strategy::EachAutomaton)
}

/// The mentions of `text` found by the long-text scan, as [`Tagger::tag_text`] finds them once the tagger has
/// read megabytes, whatever the length of `text`.
pub fn long_text_mentions(tagger: &Tagger, text: &str) -> Vec<Mention> {
    tagger.tag_text_with(text, Strategy::LongScan)
}
