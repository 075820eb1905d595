//! A taxonomy pattern as the tagger runs it: parsed case-insensitively with ASCII classes, refused when it
//! matches empty text or compiles to more than a bounded size.

use regex_syntax::hir::Hir;

use super::error::{PatternError, SyntaxError};

/// The most a single pattern may compile to; a larger one is refused rather than slowing every run.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;
/// The longest pattern text parsed (the shipped patterns are at most a few hundred bytes). Parsing holds a
/// syntax tree of about 200 bytes per byte of an alternation, so a megabyte of pattern took 195 MB before
/// the compiled-size limit could refuse it.
pub(super) const PATTERN_TEXT_LIMIT: usize = 64 << 10;
/// Patterns parsed ahead, in parallel, until their texts add up to this many bytes; the rest are parsed one
/// at a time as they are added, so the compiled-size limit of all patterns together stops a taxonomy of
/// thousands of patterns before their syntax trees are all held at once.
pub(super) const PATTERNS_AHEAD_TEXT_LIMIT: usize = 256 << 10;
/// The most a taxonomy's distinct patterns may compile to together (the shipped ones take 145 KiB): the
/// tagger runs them as one regex, which would otherwise fail to build with no word of which pattern to blame.
pub(super) const PATTERNS_SIZE_LIMIT: usize = 4 << 20;

/// A pattern as the tagger runs it, for the tagger's tests.
#[cfg(test)]
pub(crate) fn parse_pattern(pattern: &str) -> Result<Hir, PatternError> {
    parse_and_size(pattern).map(|(hir, _)| hir)
}

/// Parse a taxonomy pattern as the tagger runs it, and say how many bytes it compiles to. It is
/// case-insensitive and ASCII (`\w`, `\b`, `\d`, `\s` and case folding cover ASCII; non-ASCII letters
/// match when written literally): CPython's vocabulary is ASCII, and Unicode classes and word boundaries
/// would make every search slower. The compiled size is limited so that one pattern cannot slow every run.
pub(super) fn parse_and_size(pattern: &str) -> Result<(Hir, usize), PatternError> {
    if pattern.len() > PATTERN_TEXT_LIMIT {
        return Err(PatternError::TooLong {
            limit: PATTERN_TEXT_LIMIT,
        });
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| PatternError::Syntax {
            source: SyntaxError::regex(e),
        })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(PatternError::MatchesEmpty);
    }
    let config =
        regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(PATTERN_SIZE_LIMIT));
    let nfa = regex_automata::nfa::thompson::Compiler::new()
        .configure(config)
        .build_from_hir(&hir)
        .map_err(|_| PatternError::TooLarge {
            limit: PATTERN_SIZE_LIMIT,
        })?;
    Ok((hir, nfa.memory_usage()))
}
