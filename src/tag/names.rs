//! Name scanning for the people stage: the capitalised-name candidates (`\p{Lu}[\p{Ll}\p{M}]+` words, with
//! particles and hyphens), the "and X" of a pair and the bare "by" before a name, read by hand from the
//! text's characters instead of by regexes. Each function finds exactly what the regex beside it in the
//! tests finds (leftmost-first, as `regex` does); the tests check them against each other exhaustively on
//! small alphabets and on every line of ../shared/corpora when present.
//!
//! Why by hand: compiling `CAPITALISED_NAME` and `AND_NAME` with their Unicode classes was 18 M of the
//! bundled corpus's 118 M instructions, and searching passages of speech for candidates on the PikeVM was
//! 12% of building Talk Python's transcripts. The character classes are the ones the `regex` crate uses,
//! taken from `regex-syntax` (the same tables, so no Unicode version can disagree), and looked up only for
//! characters outside ASCII.

use std::ops::Range;
use std::sync::OnceLock;

use regex_syntax::hir::{Class, HirKind};

/// The particles a name may have between its first word and its last ("Hugo van Kemenade"), in the
/// order of the regex's alternation.
const PARTICLES: [&str; 9] = ["van", "von", "de", "der", "da", "del", "la", "le", "di"];

/// Unicode character classes, as sorted inclusive ranges of characters.
struct Classes {
    /// `\p{Lu}`.
    upper: Vec<(char, char)>,
    /// `[\p{Ll}\p{M}]`.
    lower_or_mark: Vec<(char, char)>,
    /// `\s` (White_Space).
    space: Vec<(char, char)>,
}

/// The classes, taken from `regex-syntax` the first time a character outside ASCII needs one (a few
/// microseconds: the tables are its own, only sorted into ranges).
fn classes() -> &'static Classes {
    static CLASSES: OnceLock<Classes> = OnceLock::new();
    CLASSES.get_or_init(|| Classes {
        upper: unicode_class(r"\p{Lu}"),
        lower_or_mark: unicode_class(r"[\p{Ll}\p{M}]"),
        space: unicode_class(r"\s"),
    })
}

/// The ranges of a Unicode class given as a regex.
fn unicode_class(pattern: &str) -> Vec<(char, char)> {
    let hir = regex_syntax::parse(pattern).expect("the fixed character classes parse");
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        // `regex-syntax` turns a class of one character into a literal; none of these is one.
        _ => Vec::new(),
    }
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= c);
    after > 0 && ranges[after - 1].1 >= c
}

/// `\p{Lu}`.
fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        in_ranges(&classes().upper, c)
    }
}

/// `[\p{Ll}\p{M}]`.
fn is_lower_or_mark(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        in_ranges(&classes().lower_or_mark, c)
    }
}

/// `\s`.
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
    } else {
        in_ranges(&classes().space, c)
    }
}

/// The end of the longest run of characters from `at` that `keep` accepts, read by bytes while they are
/// ASCII (`keep` answers for them without its tables).
fn run(text: &str, at: usize, keep: impl Fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text[end..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if !keep(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// The end of the whitespace at `at` (`\s*`).
fn spaces(text: &str, at: usize) -> usize {
    run(text, at, is_space)
}

/// The end of a capitalised word `\p{Lu}[\p{Ll}\p{M}]+` at `at`. The run of lowercase letters is taken
/// whole: whatever may follow it in the regexes (whitespace, a hyphen, an uppercase letter, or the end of
/// the match) is never one of them, so a shorter run never lets a match succeed that the longest fails.
fn word(text: &str, at: usize) -> Option<usize> {
    let first = match *text.as_bytes().get(at)? {
        b if b.is_ascii() => char::from(b),
        _ => text[at..].chars().next()?,
    };
    if !is_upper(first) {
        return None;
    }
    let rest = at + first.len_utf8();
    let end = run(text, rest, is_lower_or_mark);
    (end > rest).then_some(end)
}

/// `-\p{Lu}[\p{Ll}\p{M}]+` at `at`, optional: its end, or `at`.
fn hyphenated(text: &str, at: usize) -> usize {
    if text[at..].starts_with('-') {
        word(text, at + 1).unwrap_or(at)
    } else {
        at
    }
}

/// `\s+` then a particle at `at`, when whitespace follows it (as the rest of the name needs): its end.
/// At most one particle is followed by whitespace ("de" and "der" cannot both be), so the order of the
/// regex's alternation does not matter.
fn particle(text: &str, at: usize) -> Option<usize> {
    let start = spaces(text, at);
    if start == at {
        return None;
    }
    let rest = &text[start..];
    // Most capitalised words are followed by a lowercase word that is no particle ("The cat").
    if !rest.starts_with(['v', 'd', 'l']) {
        return None;
    }
    PARTICLES.iter().find_map(|p| {
        let end = start + p.len();
        (rest.starts_with(p) && text[end..].starts_with(is_space)).then_some(end)
    })
}

/// `\s+\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:-\p{Lu}[\p{Ll}\p{M}]+)?` at `at`: a last name
/// ("McDonald", "Salgado-Ruiz"). Everything after its first word is optional and nothing after it is
/// required, so each optional part is taken when present, as the regex's greedy choices are.
fn last_name(text: &str, at: usize) -> Option<usize> {
    let start = spaces(text, at);
    if start == at {
        return None;
    }
    let mut end = word(text, start)?;
    end = word(text, end).unwrap_or(end);
    Some(hyphenated(text, end))
}

/// The end of the capitalised name (`CAPITALISED_NAME` in the tests) that starts at `at`, if one does:
/// a first word (hyphenated or not), up to two particles, then one or two last names.
///
/// Taken greedily, as the regex's backtracking would settle: with fewer particles than there are, the
/// next thing after the name so far is a particle (lowercase), which no last name can start with; a
/// hyphen not followed by a word, or a second last name absent, leaves the match where it was.
pub(super) fn capitalised_name_at(text: &str, at: usize) -> Option<usize> {
    let mut end = hyphenated(text, word(text, at)?);
    for _ in 0..2 {
        match particle(text, end) {
            Some(after) => end = after,
            None => break,
        }
    }
    let first = last_name(text, end)?;
    Some(last_name(text, first).unwrap_or(first))
}

/// The capitalised names in `text`, leftmost-first and not overlapping, as `regex`'s `find_iter` finds
/// `CAPITALISED_NAME`: from each place an uppercase letter starts, the first with a name, then on from
/// its end.
pub(super) fn capitalised_names(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(start) = may_start_uppercase(bytes, at) {
            at = start + 1;
            if let Some(end) = capitalised_name_at(text, start) {
                at = end;
                return Some(start..end);
            }
        }
        at = text.len();
        None
    })
}

/// The first place at or after `from` where an uppercase letter may start: an ASCII uppercase letter
/// or the first byte of a character outside ASCII (which [`word`] then looks up). Read eight bytes at a
/// time: a passage of speech has a capital every fifty bytes or so, and reading it a byte at a time was a
/// third of the search for names.
fn may_start_uppercase(bytes: &[u8], from: usize) -> Option<usize> {
    let may_start = |b: &u8| b.is_ascii_uppercase() || *b >= 0xC0;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        if may_hold_uppercase(u64::from_le_bytes(word))
            && let Some(i) = chunk.iter().position(may_start)
        {
            return Some(at + i);
        }
        at += 8;
    }
    let found = bytes.get(at..)?.iter().position(may_start)?;
    Some(at + found)
}

/// Whether eight bytes may hold an ASCII uppercase letter or a byte outside ASCII: no false negatives.
fn may_hold_uppercase(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Each byte's low seven bits plus a constant: its high bit is set from 'A' (0x41) on, and from '['
    // (0x5B) on; no sum carries into the next byte.
    let low = word & !HIGH;
    let from_a = (low + ONES * (0x80 - 0x41)) & HIGH;
    let from_bracket = (low + ONES * (0x80 - 0x5B)) & HIGH;
    (from_a & !from_bracket) | (word & HIGH) != 0
}

/// The end of "and Laysa Uchoa" at the start of `text` (`AND_NAME` in the tests:
/// `^\s+(?:and|&)\s+` then one to three capitalised words, taken greedily as nothing follows them).
pub(super) fn and_name_end(text: &str) -> Option<usize> {
    let start = spaces(text, 0);
    if start == 0 {
        return None;
    }
    let rest = &text[start..];
    let joined = if rest.starts_with("and") {
        start + 3
    } else if rest.starts_with('&') {
        start + 1
    } else {
        return None;
    };
    let name = spaces(text, joined);
    if name == joined {
        return None;
    }
    let mut end = word(text, name)?;
    for _ in 0..2 {
        let next = spaces(text, end);
        match (next > end).then(|| word(text, next)).flatten() {
            Some(after) => end = after,
            None => break,
        }
    }
    Some(end)
}

/// Whether `text` ends with a bare "by" and whitespace (`BY_BEFORE` in the tests: `(?-u:\b)by\s+$`):
/// the byte before the "by" is not an ASCII word byte.
pub(super) fn ends_with_by(text: &str) -> bool {
    let words = text.trim_end_matches(is_space);
    if words.len() == text.len() {
        return false;
    }
    words.strip_suffix("by").is_some_and(|before| {
        before
            .as_bytes()
            .last()
            .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
    })
}

/// Where a match of `PERSON_BEFORE` (the words that introduce a name: "thanks to", "an article by") may
/// start in `text`, a place at or before which none can: after the last ASCII character that is in none
/// of its words, spaces or lowercase runs (a digit, a full stop, a comma, a quote). Its first alternative
/// ends the text with letters, whitespace and `-:/` only; its second, anchored at the text's start, is made
/// of whitespace, `-*+•` and "by", so it cannot match past a character that is none of these either. A
/// search from here (the text whole, the start only moved) reads a passage's last words, not all of it.
pub(super) fn person_before_from(text: &str) -> usize {
    let can_be_in = |b: u8| {
        !b.is_ascii()
            || b.is_ascii_alphabetic()
            || matches!(
                b,
                b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b'-' | b':' | b'/' | b'*' | b'+'
            )
    };
    text.bytes()
        .rposition(|b| !can_be_in(b))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regexes the scanners replace, as the people stage had them.
    const CAPITALISED_NAME: &str = r"\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?(?:\s+(?:van|von|de|der|da|del|la|le|di)){0,2}(?:\s+\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:-\p{Lu}[\p{Ll}\p{M}]+)?){1,2}";
    const AND_NAME: &str = r"^\s+(?:and|&)\s+\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){0,2}";
    const BY_BEFORE: &str = r"(?-u:\b)by\s+$";

    struct Oracle {
        names: regex::Regex,
        and_name: regex::Regex,
        by_before: regex::Regex,
        person_before: regex::Regex,
    }

    impl Oracle {
        fn new() -> Self {
            Oracle {
                names: regex::Regex::new(CAPITALISED_NAME).unwrap(),
                and_name: regex::Regex::new(AND_NAME).unwrap(),
                by_before: regex::Regex::new(BY_BEFORE).unwrap(),
                person_before: regex::Regex::new(super::super::people::PERSON_BEFORE_PATTERN)
                    .unwrap(),
            }
        }

        /// Every scanner against its regex on `text`.
        fn check(&self, text: &str) {
            let want: Vec<Range<usize>> = self.names.find_iter(text).map(|m| m.range()).collect();
            let found: Vec<Range<usize>> = capitalised_names(text).collect();
            assert_eq!(found, want, "capitalised names in {text:?}");
            for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let anchored = self
                    .names
                    .find(&text[at..])
                    .filter(|m| m.start() == 0)
                    .map(|m| at + m.end());
                assert_eq!(
                    capitalised_name_at(text, at),
                    anchored,
                    "name at {at} of {text:?}"
                );
                let rest = &text[at..];
                let want = self.and_name.find(rest).map(|m| m.end());
                assert_eq!(and_name_end(rest), want, "and-name in {rest:?}");
                let before = &text[..at];
                assert_eq!(
                    ends_with_by(before),
                    self.by_before.is_match(before),
                    "{before:?}"
                );
                let from = person_before_from(before);
                let whole = self.person_before.is_match(before);
                let cut = self.person_before.is_match_at(before, from);
                assert_eq!(cut, whole, "person-before from {from} of {before:?}");
            }
        }
    }

    #[test]
    fn eight_bytes_are_skipped_only_when_no_uppercase_letter_may_start_there() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let may = b.is_ascii_uppercase() || b >= 0x80;
                assert_eq!(may_hold_uppercase(u64::from_le_bytes(word)), may, "{b:#x}");
                let mut text = vec![b' '; 21];
                text[at + 5] = b;
                let want = (b.is_ascii_uppercase() || b >= 0xC0).then_some(at + 5);
                assert_eq!(may_start_uppercase(&text, 0), want, "{b:#x} at {at}");
                assert_eq!(may_start_uppercase(&text, at + 6), None);
            }
        }
    }

    /// Every string of up to `len` characters from `alphabet`.
    fn all_strings(alphabet: &[&str], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn the_name_scanners_find_what_their_regexes_find_on_every_short_string() {
        let oracle = Oracle::new();
        // Uppercase and lowercase (ASCII and not), a combining mark, ASCII and Unicode spaces, a hyphen,
        // and letters that spell the particles and "and" and "by".
        let alphabet = [
            "A", "É", "a", "é", "\u{301}", " ", "\u{a0}", "-", "d", "e", "v", "n", "b", "y", "&",
            ".",
        ];
        for text in all_strings(&alphabet, 4) {
            oracle.check(&text);
        }
        // Words with the space before them, so that four make a name with two particles.
        let words = [
            "Ada", " Ada", " van", " de", "der", " la", "-", "Mc", "Donald", " and", "&", "\t",
            "Ö", " by", " ",
        ];
        for text in all_strings(&words, 4) {
            oracle.check(&text);
        }
    }

    #[test]
    fn the_name_scanners_find_what_their_regexes_find_on_names() {
        let oracle = Oracle::new();
        for text in [
            "Łukasz Langa and Pablo Galindo Salgado talk about PEP 703",
            "Hugo van Kemenade, Jean-Luc Picard and McDonald de la Vega",
            "Guido van van Rossum, Foo de la, Zoë Ñúñez-Ødegård",
            "Σωκράτης Παπαδόπουλος makes str.count faster",
            "\u{301}Accent first Ğüneş Özdemir\u{308} was elected",
            "thanks to   the people Brett Cannon ",
            " and Laysa Uchoa Ross Smith",
            " &  Ada  Lovelace-King",
            "an idea by ",
            "a nice idea by\u{2003}",
            "stand by ",
            "ǅemal Ǆ Ⅰvan ǈ Ab",
        ] {
            oracle.check(text);
        }
    }

    /// Every line of the real corpora, when present (see tests/corpora.rs).
    #[test]
    fn the_name_scanners_find_what_their_regexes_find_on_the_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        if !root.is_dir() {
            return;
        }
        let oracle = Oracle::new();
        let mut lines = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for line in text.lines() {
                    let want: Vec<Range<usize>> =
                        oracle.names.find_iter(line).map(|m| m.range()).collect();
                    let found: Vec<Range<usize>> = capitalised_names(line).collect();
                    assert_eq!(found, want, "{}: {line:?}", path.display());
                    for m in &found {
                        let rest = &line[m.end..];
                        let want = oracle.and_name.find(rest).map(|m| m.end());
                        assert_eq!(and_name_end(rest), want, "{rest:?}");
                        let before = &line[..m.start];
                        assert_eq!(ends_with_by(before), oracle.by_before.is_match(before));
                        let from = person_before_from(before);
                        assert_eq!(
                            oracle.person_before.is_match_at(before, from),
                            oracle.person_before.is_match(before),
                            "{before:?}"
                        );
                    }
                    lines += 1;
                }
            }
        }
        assert!(lines > 0);
    }
}
