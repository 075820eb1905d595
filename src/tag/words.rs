//! Words: the checks a match of an alias must pass where it stands in its text. Word boundaries (Unicode,
//! with `_`), a plural `s` or `es`, capitalised words and surnames, the start of a title, code-like context
//! for module names that are also words, and import statements.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::types::{Entity, Mention};
use crate::taxonomy::Modules;

/// `import tomllib`, `from __future__ import annotations`: code names modules, not the import system.
static IMPORT_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)\b(?:from\s+[A-Za-z_][\w.]*\s+)?import\s+[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*",
    )
    .unwrap()
});

/// Drop topic and project words inside import statements; the modules they name stay. A statement is
/// `from X import Y`, or `import X` where X is a module ("import side effects" is prose).
pub(super) fn drop_words_in_import_statements(
    text: &str,
    modules: &Modules,
    mentions: &mut Vec<Mention>,
) {
    let statements = import_statements(text, modules);
    if statements.is_empty() {
        return;
    }
    mentions.retain(|m| {
        let is_word = matches!(m.entity, Entity::Topic(_) | Entity::Project(_));
        !(is_word && in_a_statement(&statements, &m.span))
    });
}

/// The import statements of a text, in order (see [`drop_words_in_import_statements`]).
pub(super) fn import_statements(text: &str, modules: &Modules) -> Vec<Range<usize>> {
    if !text.contains("import") {
        return Vec::new();
    }
    let is_statement = |statement: &str| {
        let imported = statement
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let top = imported.split('.').next().unwrap_or_default();
        statement.starts_with("from")
            || modules.names.contains(imported)
            || modules.names.contains(top)
    };
    IMPORT_STATEMENT
        .find_iter(text)
        .filter(|m| is_statement(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// Whether `span` is inside one of `statements` (in order, apart: a regex's matches).
pub(super) fn in_a_statement(statements: &[Range<usize>], span: &Range<usize>) -> bool {
    let after = statements.partition_point(|s| s.start <= span.start);
    after > 0 && span.end <= statements[after - 1].end
}

/// "Black", "Justin": a capital and then lowercase letters.
pub(super) fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// Whether the next word after `end` (past one space) is capitalised like a surname: "Hernández", not "AND".
pub(super) fn followed_by_capitalised_word(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    rest.next() == Some(' ')
        && rest.next().is_some_and(char::is_uppercase)
        && rest.next().is_some_and(char::is_lowercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub(super) fn starts_at_boundary(text: &str, start: usize) -> bool {
    let first_is_word = text[start..].chars().next().is_some_and(is_word_char);
    !first_is_word || !text[..start].chars().next_back().is_some_and(is_word_char)
}

pub(super) fn ends_at_boundary(text: &str, end: usize) -> bool {
    let last_is_word = text[..end].chars().next_back().is_some_and(is_word_char);
    !last_is_word || !text[end..].chars().next().is_some_and(is_word_char)
}

/// Where a term's match ends, allowing a plural `s`/`es` ("JITs"); `None` when it ends inside a word.
pub(super) fn plural_end(text: &str, end: usize, matched: &str) -> Option<usize> {
    if ends_at_boundary(text, end) {
        return Some(end);
    }
    let last_is_letter = matched.chars().next_back().is_some_and(char::is_alphabetic);
    let upper = matched
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    // A capital plural ("JITS") only among capitals ("NEW JITS"): "GCS" beside lowercase words is Google
    // Cloud Storage, not GCs.
    for suffix in ["s", "es"] {
        let rest = &text[end..];
        let fits = rest.get(..suffix.len()).is_some_and(|s| {
            s == suffix
                || (upper
                    && s.eq_ignore_ascii_case(suffix)
                    && among_capitals(text, end - matched.len(), end))
        });
        if last_is_letter && fits && ends_at_boundary(text, end + suffix.len()) {
            return Some(end + suffix.len());
        }
    }
    None
}

/// Bytes read on each side of a word for the words beside it.
const CAPITALS_WINDOW_BYTES: usize = 48;

/// Whether no word beside the one at `start..end` (the word before it and the word after it, on the same
/// line) has a lowercase letter: "WHAT'S NEW IN JITS" and a title "IMPORTS" are capitals, "results in GCS"
/// is not.
fn among_capitals(text: &str, start: usize, end: usize) -> bool {
    let is_capitals = |word: &str| !word.chars().any(char::is_lowercase);
    // A word's length on each side is all it takes: a text may be a megabyte on one line.
    let mut from = start.saturating_sub(CAPITALS_WINDOW_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + CAPITALS_WINDOW_BYTES).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let line_start = text[from..start].rfind('\n').map_or(from, |i| from + i + 1);
    let line_end = text[end..to].find('\n').map_or(to, |i| end + i);
    let before = text[line_start..start].split_whitespace().next_back();
    let after = text[end..line_end]
        .trim_start_matches(char::is_alphanumeric)
        .split_whitespace()
        .next();
    before.is_none_or(is_capitals) && after.is_none_or(is_capitals)
}

/// Code-like context for module names that are also words: `import abc`, `from time import`, `` `time` ``,
/// `python -m code`, `time.sleep`, `time()`, "the time module".
pub(super) fn in_code_context(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end_matches(' ');
    let after = &text[span.end..];
    let before_ok = before.ends_with("import")
        || before.ends_with("from")
        || before.ends_with("-m")
        || text[..span.start].ends_with('`');
    let after_ok = after.starts_with('`')
        || after.starts_with('(')
        || (after.starts_with('.')
            && after[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_'))
        || after.starts_with(" module")
        || after.starts_with(" import");
    before_ok || after_ok
}

/// Whether `start` is where a title or sentence begins (so a module name may be capitalised).
pub(super) fn starts_title(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    before.is_empty() || before.ends_with([':', '.', '!', '?', '(', '-', '\u{2013}', '\u{2014}'])
}

pub(super) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Compile the import-statement regex now, while the tagger is built, rather than on the first text.
pub(super) fn compile_fixed_regexes() {
    LazyLock::force(&IMPORT_STATEMENT);
}
