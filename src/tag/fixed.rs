//! Fixed regexes for short texts (titles, sentences, section names) that start quickly: the first searches
//! run on engines that need no warming up, and the lazy DFA takes over once enough text has been searched
//! for it to pay off. Private to the tagger, which compiles its fixed regexes while it is built.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::{Anchored, Input, meta};

/// Bytes a fixed regex searches on engines that need no warming up before it moves to the lazy DFA. The
/// backtracker and the PikeVM take about 10 ns a byte more than a warm lazy DFA, whose states cost about a
/// millisecond or more to build for the texts of one show: the switch pays off after a few hundred KiB.
const QUICK_START_BYTES: usize = 256 << 10;

/// What a search costs on the quick engines besides its bytes, counted as bytes searched: the PikeVM
/// follows a large regex's alternatives at every start however short the text (`PERSON_BEFORE` on the last
/// words of a passage of speech: 30 to 90 thousand instructions a search). Counted by bytes alone, the
/// 7,000 short searches of Talk Python's transcripts never reached the lazy DFA (0.7 G instructions of
/// 8 G); with this, a regex moves to it after at most 256 searches, which no regex of the bundled corpus
/// makes (the most, `INTERVIEW_CUE`, about 60).
const SEARCH_BYTES: usize = 1 << 10;

/// A text this long goes straight to the lazy DFA, which is linear where the others are not.
const QUICK_TEXT_MAX: usize = 4 << 10;

/// A fixed regex for short texts (titles, sentences, section names) that starts quickly. A lazy DFA builds
/// its states as searches first need them, which for the few hundred titles of a show costs more than the
/// searches themselves (4 ms for `PERSON_VERB` alone). So the first searches run on engines that need no
/// warming up (the bounded backtracker, or the PikeVM), and once enough text has been searched for the
/// lazy DFA to pay off, the default engines take over. Both are compiled from the same pattern with the
/// same syntax, so they match exactly the same.
pub(super) struct ShortTextRegex {
    pattern: &'static str,
    /// Whether every match starts at an uppercase letter (`\p{Lu}`): searches on the quick engines then try
    /// only the places where one may start, each anchored there.
    starts_uppercase: bool,
    searched: AtomicUsize,
    quick: OnceLock<meta::Regex>,
    steady: OnceLock<meta::Regex>,
}

impl ShortTextRegex {
    pub(super) const fn new(pattern: &'static str) -> Self {
        Self::with_starts(pattern, false)
    }

    const fn with_starts(pattern: &'static str, starts_uppercase: bool) -> Self {
        ShortTextRegex {
            pattern,
            starts_uppercase,
            searched: AtomicUsize::new(0),
            quick: OnceLock::new(),
            steady: OnceLock::new(),
        }
    }

    /// A fixed regex whose every match starts with `\p{Lu}` and is never empty. A search of a title for
    /// capitalised names on the quick engines looked at every place in it, and the backtracker cleared its
    /// record of the places it had been, as long as the NFA's states times the rest of the title, for each
    /// match: a third of the people's tagging in the bundled corpus. Anchored at the places where an
    /// uppercase letter may start, the PikeVM reads only as far as a name goes on.
    pub(super) const fn starting_uppercase(pattern: &'static str) -> Self {
        Self::with_starts(pattern, true)
    }

    /// The same regex, not yet compiled and with nothing searched: its next searches of short texts run on
    /// the quick engines.
    #[cfg(test)]
    pub(super) fn fresh(&self) -> Self {
        Self::with_starts(self.pattern, self.starts_uppercase)
    }

    /// The pattern, as the `regex` crate would take it.
    #[cfg(test)]
    pub(super) fn pattern(&self) -> &'static str {
        self.pattern
    }

    /// The engines for a search of `text`.
    fn for_text(&self, text: &str) -> &meta::Regex {
        if let Some(steady) = self.steady.get() {
            return steady;
        }
        let searched = self
            .searched
            .fetch_add(text.len() + SEARCH_BYTES, Ordering::Relaxed);
        if searched < QUICK_START_BYTES && text.len() <= QUICK_TEXT_MAX {
            return self.quick();
        }
        self.steady
            .get_or_init(|| compile_fixed(self.pattern, meta::Config::new()))
    }

    /// The backtracker and the PikeVM only: no lazy DFA to warm up, and no one-pass DFA to build (which
    /// takes longer than `PERSON_VERB`'s searches in a whole show). No prefilter either: looking for the
    /// literals of one was a fifth of compiling the people's regexes, and only two of the ten get one
    /// (`INTERVIEW_SECTION`, `BY_BEFORE`), which a title is short enough to do without.
    pub(super) fn quick(&self) -> &meta::Regex {
        self.quick.get_or_init(|| {
            let config = meta::Config::new()
                .hybrid(false)
                .dfa(false)
                .onepass(false)
                .auto_prefilter(false)
                // Anchored searches from each uppercase letter: the backtracker would clear as much as
                // an unanchored search for each of them.
                .backtrack(!self.starts_uppercase);
            compile_fixed(self.pattern, config)
        })
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_match(text)
    }

    /// Whether the regex matches `text` at or after `start`, its look-arounds (`^`, `\b`) still seeing the
    /// whole text.
    pub(super) fn is_match_from(&self, text: &str, start: usize) -> bool {
        let rest = text.get(start..).unwrap_or_default();
        let input = Input::new(text).range(start.min(text.len())..);
        self.for_text(rest).is_match(input)
    }

    pub(super) fn find(&self, text: &str) -> Option<regex_automata::Match> {
        self.for_text(text).find(text)
    }

    /// The matches in `text`, leftmost-first and not overlapping, as `meta::Regex::find_iter` finds them.
    pub(super) fn find_iter<'r, 'h>(&'r self, text: &'h str) -> FindIter<'r, 'h> {
        let regex = self.for_text(text);
        let on_quick = self
            .quick
            .get()
            .is_some_and(|quick| std::ptr::eq(quick, regex));
        if self.starts_uppercase && on_quick {
            FindIter::FromUppercase { regex, text, at: 0 }
        } else {
            FindIter::All(regex.find_iter(text))
        }
    }
}

/// The matches of a [`ShortTextRegex`] in a text.
pub(super) enum FindIter<'r, 'h> {
    All(meta::FindMatches<'r, 'h>),
    /// Anchored searches from each place at or after `at` where an uppercase letter may start, in order.
    /// The first place with a match has the leftmost match, and the anchored search finds there the match
    /// the unanchored one prefers; a match is never empty, so the next search starts where it ends.
    FromUppercase {
        regex: &'r meta::Regex,
        text: &'h str,
        at: usize,
    },
}

impl Iterator for FindIter<'_, '_> {
    type Item = regex_automata::Match;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FindIter::All(matches) => matches.next(),
            FindIter::FromUppercase { regex, text, at } => {
                while let Some(start) = may_start_uppercase(text.as_bytes(), *at) {
                    let input = Input::new(*text).range(start..).anchored(Anchored::Yes);
                    if let Some(found) = regex.search(&input) {
                        *at = found.end().max(start + 1);
                        return Some(found);
                    }
                    *at = start + 1;
                }
                *at = text.len();
                None
            }
        }
    }
}

/// The first place at or after `from` where an uppercase letter (`\p{Lu}`) may start: an ASCII uppercase
/// letter or the start of any non-ASCII character (no table of letters is consulted, so none can disagree
/// with the regex's).
fn may_start_uppercase(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let found = rest
        .iter()
        .position(|&b| b.is_ascii_uppercase() || (b >= 0xC0))?;
    Some(from + found)
}

/// Compile a fixed regex with the `regex` crate's syntax (Unicode, UTF-8).
pub(super) fn compile_fixed(pattern: &str, config: meta::Config) -> meta::Regex {
    meta::Builder::new()
        .configure(config)
        .build(pattern)
        .expect("the fixed regexes compile")
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    #[test]
    fn a_regex_starting_uppercase_searches_short_texts_from_each_place_one_may_start() {
        let regex = ShortTextRegex::starting_uppercase(r"\p{Lu}\p{Ll}+");
        let text = "a Łukasz and Bob, aÉx";
        assert!(matches!(
            regex.find_iter(text),
            FindIter::FromUppercase { .. }
        ));
        let found: Vec<Range<usize>> = regex.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(found, [2..9, 14..17, 20..23]);
        assert_eq!(may_start_uppercase("aéB".as_bytes(), 0), Some(1));
        assert_eq!(may_start_uppercase("aéB".as_bytes(), 2), Some(3));
        assert_eq!(may_start_uppercase(b"ab", 0), None);
        assert_eq!(may_start_uppercase(b"ab", 3), None);
    }
}
