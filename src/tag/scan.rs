//! Scan: where in a text the aliases, the built-in extractors and the taxonomy's patterns match.
//!
//! Three automata say what can start where: an index of every alias by its spelling (ASCII
//! case-insensitive, see [`AliasIndex`]), a multi-pattern regex of the built-in extractors and one of the
//! taxonomy's patterns. For a show or a few, each runs over the text once, the alias index asked at every
//! place a word can start: they are quick to build. Once the tagger has scanned 1 MiB (a long transcript at
//! once, or an archive's episodes together), the long-text scan takes over: an Aho-Corasick DFA of the
//! aliases ([`AliasStarts`]), built then, once, and read by every thread, finds in one pass the places
//! where an alias may begin, and the index is asked only there; the same pass finds where the builtins'
//! prefixes are, and the builtins are searched anchored there alone, and where the patterns' literals
//! are, and the patterns are searched anchored where those say they may start (see
//! [`super::patterns`]; a taxonomy with a pattern that has no literal runs the patterns' own unanchored
//! search). The choice is the tagger's own, unless a caller that knows megabytes are coming has the
//! automaton built ahead, on a core of its own while the other reads ([`Automata::build_long_scan_ahead`]):
//! then every text after takes the long-text scan. Both ways find the same matches; tests hold them to it.
//!
//! The long-text scan was a merged lazy-DFA regex of the aliases and the builtins: each thread built its
//! states for itself (most of the scan's time on real transcripts) and held them in its own cache (about
//! 10 MB of Python Bytes' transcripts' peak); the alias DFA is built whole, in milliseconds, and shared.
//!
//! What each finds, whichever way:
//! - aliases: at each position where a word can start, the longest alias that names something there (the
//!   caller says whether it does); the next alias is looked for after it;
//! - built-in extractors: their leftmost-first matches, each looked for after the one before;
//! - patterns: at each position, the leftmost-first match there unless the same pattern's match before
//!   runs past it (a pattern's matches do not overlap; different patterns' may: "free-threading memory
//!   leaks" and "memory leaks"), each at most
//!   [`PATTERN_MATCH_BYTES`] long (see [`super::patterns`]): a match is searched anchored at a position with the text cut that far
//!   after it (the look-around still sees the text beyond), so no pattern's match, nor the search for one,
//!   costs more than that at any position, whatever the pattern (`a+`, `(.*a){20}` or `a[a-z]*!` on a
//!   long word were quadratic in time and memory).
//!

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::Hir;

use super::aliases::{AliasIndex, AliasStarts, Literal};
pub(super) use super::patterns::PatternMatch;
use super::patterns::{LiteralStarts, Patterns};
use super::words::starts_at_boundary;

/// The built-in extractors' and the patterns' matches of one text, in the order their own searches find
/// them; the aliases go to the caller as they are found.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    /// Span and extractor index.
    pub builtins: Vec<(Range<usize>, usize)>,
    pub patterns: Vec<PatternMatch>,
}

/// Text scanned one automaton at a time before the long-text scan takes over: building the alias-start
/// automaton and warming the builtins' and patterns' lazy DFAs for unanchored searches costs more than it
/// saves on less. (A show's notes are a few hundred KiB; the one pass per automaton reads real transcripts
/// at a fraction of the long-text scan's speed, so the switch comes early.)
pub(super) const LONG_SCAN_BYTES: usize = 1 << 20;

/// How a tagger chooses between one pass per automaton and the long-text scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// One pass per automaton until [`LONG_SCAN_BYTES`] have been scanned, then the long-text scan.
    ByVolume,
    /// Always one pass per automaton (tests and fuzz targets hold both ways to the same mentions).
    #[cfg(any(test, feature = "fuzzing"))]
    EachAutomaton,
    /// Always the long-text scan (the shared alias-start automaton), when the patterns allow it.
    #[cfg(any(test, feature = "fuzzing"))]
    LongScan,
}

/// The automata of a tagger.
pub(super) struct Automata {
    aliases: AliasIndex,
    regexes: Regexes,
    strategy: Strategy,
    /// The aliases' spellings, for the alias-start automaton; `None` when the patterns cannot run over
    /// joined texts (the long-text scan searches them unanchored).
    spellings: Option<Vec<String>>,
    /// The alias-start automaton, built the first time it is wanted, and read by every thread; `None` if
    /// it could not be built (then each text takes one pass per automaton, which finds the same).
    starts: OnceLock<Option<LongScan>>,
    /// Bytes scanned so far, for [`Strategy::ByVolume`].
    scanned: AtomicUsize,
    /// Whether the alias-start automaton is being built ahead ([`Automata::build_long_scan_ahead`]): until
    /// it is, texts take one pass per automaton rather than wait for it.
    ahead: AtomicBool,
}

/// The alias-start automaton and what else it finds: the builtins' prefixes (group 0) and the patterns'
/// literals (groups 1 and on).
struct LongScan {
    starts: AliasStarts,
    /// Whether the builtins' prefixes are found (else the builtins take a pass of their own).
    builtins: bool,
    /// How the patterns' starts follow from their literals (`None`: the patterns' own unanchored pass).
    patterns: Option<LiteralStarts>,
}

impl LongScan {
    fn new(spellings: &[String], regexes: &Regexes) -> Option<Self> {
        let builtins = builtin_prefixes(&regexes.builtin_hirs);
        let patterns = regexes.patterns.as_ref().and_then(Patterns::literal_starts);
        let mut literals = builtins.clone().unwrap_or_default();
        if let Some(patterns) = &patterns {
            literals.extend(patterns.literals(PATTERN_GROUPS));
        }
        Some(LongScan {
            starts: AliasStarts::new(spellings, &literals)?,
            builtins: builtins.is_some(),
            patterns,
        })
    }
}

/// The alias automaton's literal group of the builtins' prefixes, and the first of the patterns'.
const BUILTIN_GROUP: usize = 0;
const PATTERN_GROUPS: usize = 1;

/// The automata other than the alias index (built beside it).
struct Regexes {
    builtins: meta::Regex,
    /// The builtins' patterns, for their prefixes (see [`builtin_prefixes`]).
    builtin_hirs: Vec<Hir>,
    patterns: Option<Patterns>,
}

impl Regexes {
    /// The extractors' and the patterns' regexes.
    fn new(builtins: &[Hir], patterns: &[&Hir]) -> Result<Self, Box<meta::BuildError>> {
        let builtin_refs: Vec<&Hir> = builtins.iter().collect();
        // The patterns' regex takes longest: the builtins' is built beside it.
        let (patterns, regex) =
            rayon::join(|| Patterns::new(patterns), || build_regex(&builtin_refs));
        Ok(Regexes {
            builtins: regex?,
            builtin_hirs: builtins.to_vec(),
            patterns: patterns?,
        })
    }
}

/// Where the builtins can start: every match of each begins with one of its prefixes (ASCII-lowercased,
/// up to three bytes: "pep", "gh-", "1.", "pyt"), and at a word boundary when its pattern says so. `None`
/// when some builtin has no finite set of non-empty prefixes. They are found in the alias-start
/// automaton's pass, and the builtins searched anchored there alone: their own unanchored pass read
/// every byte of a transcript (169 M instructions of Python Bytes' 3.9 G).
fn builtin_prefixes(builtins: &[Hir]) -> Option<Vec<Literal>> {
    use regex_syntax::hir::Look;
    use regex_syntax::hir::literal::Extractor;
    let mut extractor = Extractor::new();
    extractor.limit_literal_len(3);
    let mut prefixes = Vec::new();
    for hir in builtins {
        let looks = hir.properties().look_set_prefix();
        let at_boundary = looks.contains(Look::WordAscii) || looks.contains(Look::WordUnicode);
        let seq = extractor.extract(hir);
        for literal in seq.literals()? {
            if literal.as_bytes().is_empty() {
                return None;
            }
            prefixes.push(Literal {
                bytes: literal.as_bytes().to_ascii_lowercase(),
                at_boundary,
                group: BUILTIN_GROUP,
            });
        }
    }
    Some(prefixes)
}

pub(super) fn build_regex(hirs: &[&Hir]) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(regex_config())
        .build_many_from_hir(hirs)
        .map_err(Box::new)
}

impl Automata {
    /// Build the automata. `aliases` are the spellings of the alias index; `patterns` the taxonomy's distinct
    /// patterns; `merge` whether the long-text scan may be taken (the patterns can run over joined texts).
    pub fn new(
        aliases: Vec<String>,
        builtins: &[&str],
        patterns: &[&Hir],
        merge: bool,
        strategy: Strategy,
    ) -> Result<Self, Box<meta::BuildError>> {
        let builtins: Vec<Hir> = builtins
            .iter()
            .map(|p| regex_syntax::parse(p).expect("the built-in patterns parse"))
            .collect();
        let (index, regexes) = rayon::join(
            || AliasIndex::new(&aliases),
            || Regexes::new(&builtins, patterns),
        );
        Ok(Automata {
            aliases: index,
            regexes: regexes?,
            strategy,
            spellings: merge.then_some(aliases),
            starts: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            ahead: AtomicBool::new(false),
        })
    }

    /// As if another thread had begun [`Automata::build_long_scan_ahead`], without building anything.
    #[cfg(test)]
    pub fn mark_built_ahead(&self) {
        self.ahead.store(true, Ordering::Relaxed);
    }

    /// Whether the alias-start automaton has been built (the long-text scan taken).
    #[cfg(test)]
    pub fn uses_long_scan(&self) -> bool {
        self.starts.get().is_some_and(Option::is_some)
    }

    /// Build the alias-start automaton now, on this thread, for a caller that knows megabytes of text
    /// are coming: it is then taken for every text scanned once it is built, the first MiB too, and a
    /// text scanned on another thread while it is being built takes one pass per automaton rather than
    /// wait (both ways find the same). Building it took 40 ms on one core while the other waited, once
    /// the first MiB had been scanned the slow way (docs/speed.md, "Tagging long text").
    pub fn build_long_scan_ahead(&self) {
        if self.strategy != Strategy::ByVolume {
            return;
        }
        let Some(spellings) = &self.spellings else {
            return;
        };
        self.ahead.store(true, Ordering::Relaxed);
        self.starts
            .get_or_init(|| LongScan::new(spellings, &self.regexes));
    }

    /// The alias-start automaton, when a scan of `len` more bytes should take the long-text scan: built
    /// the first time, unless it is being built ahead.
    fn starts_for(&self, len: usize, strategy: Strategy) -> Option<&LongScan> {
        let spellings = self.spellings.as_ref()?;
        let wanted = match strategy {
            Strategy::ByVolume => {
                if let Some(built) = self.starts.get() {
                    return built.as_ref();
                }
                // Being built on another thread: this text is scanned meanwhile.
                !self.ahead.load(Ordering::Relaxed)
                    && self.scanned.fetch_add(len, Ordering::Relaxed) + len >= LONG_SCAN_BYTES
            }
            #[cfg(any(test, feature = "fuzzing"))]
            Strategy::EachAutomaton => false,
            #[cfg(any(test, feature = "fuzzing"))]
            Strategy::LongScan => true,
        };
        if !wanted {
            return None;
        }
        self.starts
            .get_or_init(|| LongScan::new(spellings, &self.regexes))
            .as_ref()
    }

    /// How the tagger chooses its scan.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// Whether the whole of `text` is one alias (ASCII case-insensitively).
    pub fn is_alias(&self, text: &str) -> bool {
        self.aliases
            .spelled(text.as_bytes(), &mut Vec::new())
            .is_some()
    }

    /// Scan a text: `alias(span, alias index)` is called where an alias matches and says whether it names
    /// something there. With `with_patterns` false the taxonomy's patterns are left out.
    pub fn scan(
        &self,
        text: &str,
        with_patterns: bool,
        alias: impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        self.scan_as(self.strategy, text, with_patterns, alias)
    }

    /// [`Automata::scan`], choosing between the scans by `strategy` rather than the tagger's own.
    pub fn scan_as(
        &self,
        strategy: Strategy,
        text: &str,
        with_patterns: bool,
        mut alias: impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let starts = with_patterns.then(|| self.starts_for(text.len(), strategy));
        match starts.flatten() {
            Some(starts) => self.scan_long(starts, text, &mut alias),
            None => self.scan_each(text, with_patterns, &mut alias),
        }
    }

    /// One pass of each automaton.
    fn scan_each(
        &self,
        text: &str,
        with_patterns: bool,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let mut key = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let found = self
                .aliases
                .may_start(text, at)
                .then(|| self.longest_alias(text, at, None, alias, &mut key));
            at = match found.flatten() {
                Some((end, _)) => end,
                None => next_char_boundary(text, at),
            };
        }
        let builtins = self.builtin_matches(text);
        let patterns = if with_patterns {
            self.pattern_matches(text)
        } else {
            Vec::new()
        };
        Extracted { builtins, patterns }
    }

    /// The taxonomy's patterns alone: their leftmost-first matches, each after the one before.
    pub fn pattern_matches(&self, text: &str) -> Vec<PatternMatch> {
        self.regexes
            .patterns
            .as_ref()
            .map_or_else(Vec::new, |patterns| patterns.at_starts(text))
    }

    /// The long-text scan: the alias-start automaton's one pass gives every position where an alias
    /// may begin, and only there is the alias index asked (the positions any other can begin at are
    /// none); the same pass finds the builtins' prefixes and the patterns' literals, and they are
    /// searched anchored where those say they may start (see [`LiteralStarts`]).
    fn scan_long(
        &self,
        long: &LongScan,
        text: &str,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let mut key = Vec::new();
        let (mut positions, mut literals) = (Vec::new(), Vec::new());
        long.starts.find(text, &mut positions, &mut literals);
        let mut next_alias = 0;
        for &(start, len) in &positions {
            if start < next_alias {
                continue;
            }
            // The longest alias there whose end test passes: a longer one would fail the tagger's own
            // checks, which imply the test.
            let first = self
                .aliases
                .spelled(&text.as_bytes()[start..start + len], &mut key)
                .map(|index| (start + len, index));
            if let Some((end, _)) = self.longest_alias(text, start, first, alias, &mut key) {
                next_alias = end;
            }
        }
        let group = |g: usize| literals.get(g).map_or(&[][..], Vec::as_slice);
        let builtins = match long.builtins {
            true => self.builtins_at(text, group(BUILTIN_GROUP)),
            false => self.builtin_matches(text),
        };
        let patterns = match (&self.regexes.patterns, &long.patterns) {
            (Some(patterns), Some(starts)) => {
                let found = literals.get(PATTERN_GROUPS..).unwrap_or_default();
                patterns.at_positions(text, &starts.positions(text, found))
            }
            (Some(patterns), None) => patterns.where_found(text),
            (None, _) => Vec::new(),
        };
        Extracted { builtins, patterns }
    }

    /// The builtins' leftmost-first matches, each after the one before.
    fn builtin_matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        self.regexes
            .builtins
            .find_iter(text)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect()
    }

    /// The builtins' matches that [`Automata::builtin_matches`] finds, searched anchored at `starts` alone
    /// (in order: a superset of where any builtin's match starts). The leftmost-first match of an
    /// unanchored search is the anchored one at its start, and the next search begins where it ends.
    fn builtins_at(&self, text: &str, starts: &[usize]) -> Vec<(Range<usize>, usize)> {
        let mut found = Vec::new();
        let mut next = 0;
        for &start in starts {
            if start < next {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.regexes.builtins.search(&input) {
                next = m.end();
                found.push((m.range(), m.pattern().as_usize()));
            }
        }
        found
    }

    /// The longest alias at `start` that names something there, as the end of its match and its index.
    /// `first` is the longest alias there, as its end and index, when the caller has it. A shorter alias
    /// is tried when a longer one names nothing ("Python 3x": not Python 3, but Python). `key` is room for
    /// a spelling.
    fn longest_alias(
        &self,
        text: &str,
        start: usize,
        first: Option<(usize, usize)>,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
        key: &mut Vec<u8>,
    ) -> Option<(usize, usize)> {
        if !starts_at_boundary(text, start) {
            return None;
        }
        let mut found = first.or_else(|| self.aliases.longest(text, start, text.len(), key))?;
        loop {
            let (end, index) = found;
            if alias(start..end, index) {
                return Some(found);
            }
            // Aliases are never empty, so a shorter one ends after the start.
            found = self.aliases.longest(text, start, end - 1, key)?;
        }
    }
}

/// Room for the lazy DFA's states: a multi-pattern regex over thousands of titles would otherwise keep
/// clearing its cache and falling back to slower engines.
pub(super) fn regex_config() -> meta::Config {
    meta::Config::new()
        .hybrid_cache_capacity(16 << 20)
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
}

pub(super) fn next_char_boundary(text: &str, at: usize) -> usize {
    let mut next = at + 1;
    while next < text.len() && !text.is_char_boundary(next) {
        next += 1;
    }
    next
}
