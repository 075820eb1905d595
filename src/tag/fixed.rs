//! Fixed regexes for short texts (titles, sentences, section names) that start quickly: the first searches
//! run on engines that need no warming up, and the lazy DFA takes over once enough text has been searched
//! for it to pay off. Private to the tagger, which compiles its fixed regexes while it is built.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::meta;

/// Bytes a fixed regex searches on engines that need no warming up before it moves to the lazy DFA. The
/// backtracker and the PikeVM take about 10 ns a byte more than a warm lazy DFA, whose states cost about a
/// millisecond or more to build for the texts of one show: the switch pays off after a few hundred KiB.
const QUICK_START_BYTES: usize = 256 << 10;

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
    searched: AtomicUsize,
    quick: OnceLock<meta::Regex>,
    steady: OnceLock<meta::Regex>,
}

impl ShortTextRegex {
    pub(super) const fn new(pattern: &'static str) -> Self {
        ShortTextRegex {
            pattern,
            searched: AtomicUsize::new(0),
            quick: OnceLock::new(),
            steady: OnceLock::new(),
        }
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
        let searched = self.searched.fetch_add(text.len(), Ordering::Relaxed);
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
                .auto_prefilter(false);
            compile_fixed(self.pattern, config)
        })
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_match(text)
    }

    pub(super) fn find(&self, text: &str) -> Option<regex_automata::Match> {
        self.for_text(text).find(text)
    }

    pub(super) fn find_iter<'r, 'h>(&'r self, text: &'h str) -> meta::FindMatches<'r, 'h> {
        self.for_text(text).find_iter(text)
    }
}

/// Compile a fixed regex with the `regex` crate's syntax (Unicode, UTF-8).
pub(super) fn compile_fixed(pattern: &str, config: meta::Config) -> meta::Regex {
    meta::Builder::new()
        .configure(config)
        .build(pattern)
        .expect("the fixed regexes compile")
}
