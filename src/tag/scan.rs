//! Scan: where in a text the aliases, the built-in extractors and the taxonomy's patterns match.
//!
//! Three automata say what can start where: an index of every alias by its spelling (ASCII
//! case-insensitive, see [`AliasIndex`]), a multi-pattern regex of the built-in extractors and one of the
//! taxonomy's patterns. For a show or a few, each runs over the text once: they are quick to build. Once
//! the tagger has scanned 1 MiB (a long transcript at once, or an archive's episodes together), one merged regex
//! of the aliases and the builtins, built then, finds every position where either can start, so the text
//! is read once for both, and they are only asked, anchored there, what starts at that position; the
//! patterns' own regex then finds the next position where one of them matches, and the bounded search runs
//! there alone. The choice is the tagger's own. Both ways find the same matches; tests hold them to it.
//!
//! The patterns are not in the merged regex: their lazy DFA's states multiplied with the alias trie's,
//! and building them was most of the merged scan's time on real transcripts (on each thread, whose cache
//! is its own). Apart, each automaton has its own few states.
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
//! The merged scan searches at most a window of a few match lengths at once, for the same reason: a stop
//! is kept when its match fits in the window with room to spare (every alias and builtin match is shorter
//! than [`Automata::match_bound`]), or else the window moves on.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, Look};

use super::aliases::AliasIndex;
pub(super) use super::patterns::PatternMatch;
use super::patterns::{PATTERN_MATCH_BYTES, Patterns};
use super::words::starts_at_boundary;

/// The built-in extractors' and the patterns' matches of one text, in the order their own searches find
/// them; the aliases go to the caller as they are found.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    /// Span and extractor index.
    pub builtins: Vec<(Range<usize>, usize)>,
    pub patterns: Vec<PatternMatch>,
}

/// The longest shortest match of a built-in extractor, in bytes (the PEP extractor's is
/// `peps` and 16 separators, 16 zeros and 4 digits).
const BUILTIN_MATCH_BYTES: usize = 64;

/// Text scanned one automaton at a time before the merged scan takes over: building and warming the
/// merged regex costs more than it saves on less. (A show's notes are a few hundred KiB; the one pass per
/// automaton reads real transcripts at a third of the merged scan's speed, so the switch comes early.)
const MERGED_SCAN_BYTES: usize = 1 << 20;

/// How a tagger chooses between one pass per automaton and the merged scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// One pass per automaton until [`MERGED_SCAN_BYTES`] have been scanned, then the merged scan.
    ByVolume,
    /// Always one pass per automaton (tests and fuzz targets hold both ways to the same mentions).
    #[cfg(any(test, feature = "fuzzing"))]
    EachAutomaton,
    /// Always the merged scan, when the patterns allow it.
    #[cfg(any(test, feature = "fuzzing"))]
    Merged,
}

/// The automata of a tagger.
pub(super) struct Automata {
    aliases: AliasIndex,
    regexes: Regexes,
    strategy: Strategy,
    /// What the merged regex is built from; `None` when the patterns cannot run over joined texts.
    merge_source: Option<MergeSource>,
    /// The merged regex, built the first time it is wanted (`None` if it does not compile).
    merged: OnceLock<Option<Merged>>,
    /// Bytes scanned so far, for [`Strategy::ByVolume`].
    scanned: AtomicUsize,
    /// A bound on the length of the shortest match of every alias and builtin and of every bounded
    /// pattern match at a position, so a window of the merged scan that holds this many bytes after a
    /// position finds any match there.
    match_bound: usize,
}

/// The automata other than the alias index (built beside it).
struct Regexes {
    builtins: meta::Regex,
    patterns: Option<Patterns>,
}

/// What the merged regex is built from: the aliases and the builtins.
struct MergeSource {
    aliases: Vec<String>,
    builtins: Vec<Hir>,
}

/// Builtins, then aliases, as one regex (see [`Automata::scan_merged`]).
struct Merged {
    regex: meta::Regex,
    /// For each alias, whether no builtin's match can start inside it (see
    /// [`aliases_free_of_extractors`]); empty when not known.
    free_of_extractors: Vec<bool>,
}

impl Merged {
    fn new(source: &MergeSource) -> Option<Self> {
        let trie = alias_trie(&source.aliases);
        let builtins: Vec<&Hir> = source.builtins.iter().collect();
        let hirs: Vec<&Hir> = builtins.iter().copied().chain([&trie]).collect();
        Some(Merged {
            regex: build_regex(&hirs).ok()?,
            free_of_extractors: aliases_free_of_extractors(&builtins, &source.aliases)
                .unwrap_or_default(),
        })
    }
}

impl Regexes {
    /// The extractors' and the patterns' regexes.
    fn new(builtins: &[Hir], patterns: &[&Hir]) -> Result<Self, Box<meta::BuildError>> {
        let builtins: Vec<&Hir> = builtins.iter().collect();
        // The patterns' regex takes longest: the builtins' is built beside it.
        let (patterns, builtins) =
            rayon::join(|| Patterns::new(patterns), || build_regex(&builtins));
        Ok(Regexes {
            builtins: builtins?,
            patterns: patterns?,
        })
    }
}

pub(super) fn build_regex(hirs: &[&Hir]) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(regex_config())
        .build_many_from_hir(hirs)
        .map_err(Box::new)
}

impl Automata {
    /// Build the automata. `aliases` are the spellings of the alias index; `patterns` the taxonomy's distinct
    /// patterns; `merge` whether the merged regex may be built (the patterns can run over joined texts).
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
        let longest_alias = aliases.iter().map(String::len).max().unwrap_or(0);
        // An alias may go on with a plural `es`.
        let match_bound = (longest_alias + 2)
            .max(PATTERN_MATCH_BYTES)
            .max(BUILTIN_MATCH_BYTES);
        let merge_source = merge.then_some(MergeSource { aliases, builtins });
        Ok(Automata {
            aliases: index,
            regexes: regexes?,
            strategy,
            merge_source,
            merged: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            match_bound,
        })
    }

    /// Whether the merged regex has been built.
    #[cfg(test)]
    pub fn is_merged(&self) -> bool {
        self.merged.get().is_some_and(Option::is_some)
    }

    /// The merged regex, when a scan of `len` more bytes should use it: built the first time.
    fn merged_for(&self, len: usize, strategy: Strategy) -> Option<&Merged> {
        let source = self.merge_source.as_ref()?;
        let wanted = match strategy {
            Strategy::ByVolume => {
                self.merged.get().is_some()
                    || self.scanned.fetch_add(len, Ordering::Relaxed) + len >= MERGED_SCAN_BYTES
            }
            #[cfg(any(test, feature = "fuzzing"))]
            Strategy::EachAutomaton => false,
            #[cfg(any(test, feature = "fuzzing"))]
            Strategy::Merged => true,
        };
        if !wanted {
            return None;
        }
        self.merged.get_or_init(|| Merged::new(source)).as_ref()
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
        let merged = with_patterns.then(|| self.merged_for(text.len(), strategy));
        match merged.flatten() {
            Some(merged) => self.scan_merged(merged, text, &mut alias),
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
        let builtins = self
            .regexes
            .builtins
            .find_iter(text)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
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

    /// One pass of the merged regex, stopping at every position where an alias or a builtin starts, then
    /// the patterns' own pass (see [`Patterns::where_found`]). The merged regex ranks builtins before
    /// aliases, so at a builtin's stop the aliases are asked too.
    fn scan_merged(
        &self,
        merged: &Merged,
        text: &str,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let builtins = self.regexes.builtins.pattern_len();
        let mut key = Vec::new();
        let mut found = Extracted::default();
        // Where each search would look next, had it run alone.
        let (mut next_alias, mut next_builtin) = (0, 0);
        let bound = self.match_bound;
        let mut at = 0;
        while at < text.len() {
            // A window of four match bounds: its stops up to the last bound are the whole text's.
            let end = at.saturating_add(4 * bound).min(text.len());
            let m = match merged.regex.search(&Input::new(text).range(at..end)) {
                Some(m) if end == text.len() || m.start() + bound <= end => m,
                _ => {
                    // No stop in the window but for its last bound.
                    at = if end == text.len() {
                        end
                    } else {
                        floor_char_boundary(text, end - bound)
                    };
                    continue;
                }
            };
            let start = m.start();
            let builtin = m.pattern().as_usize() < builtins;
            if builtin && start >= next_builtin {
                // The window may cut a list of PEPs short: the builtins' own match, from here on.
                let anchored = Input::new(text).range(start..).anchored(Anchored::Yes);
                if let Some(b) = self.regexes.builtins.search(&anchored) {
                    found.builtins.push((b.range(), b.pattern().as_usize()));
                    next_builtin = b.end();
                }
            }
            let mut resume = next_char_boundary(text, start);
            if start >= next_alias {
                let first = (!builtin)
                    .then(|| self.alias_matched(text, start, m.end(), &mut key))
                    .flatten();
                if let Some((end, index)) = self.longest_alias(text, start, first, alias, &mut key)
                {
                    next_alias = end;
                    // Inside the alias no other alias counts, and when no builtin can start there
                    // either, the search need not stop there. (At a builtin's stop, builtins go on
                    // from the next character.)
                    if !builtin && merged.free_of_extractors.get(index) == Some(&true) {
                        resume = end;
                    }
                }
            }
            at = resume;
        }
        if let Some(patterns) = &self.regexes.patterns {
            found.patterns = patterns.where_found(text);
        }
        found
    }

    /// The alias a merged-regex match at `start..end` is: the regex prefers the longest alias whose tests
    /// pass, and its match may go on with a plural, so the alias ends at `end` or one or two bytes before.
    /// (A longer spelling that is an alias too would have been preferred.) `key` is room for a spelling.
    fn alias_matched(
        &self,
        text: &str,
        start: usize,
        end: usize,
        key: &mut Vec<u8>,
    ) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        for (suffix, cut) in [(&b""[..], 0), (b"s", 1), (b"es", 2)] {
            let Some(alias_end) = end.checked_sub(cut).filter(|&e| e > start) else {
                break;
            };
            if !bytes[alias_end..end].eq_ignore_ascii_case(suffix) {
                continue;
            }
            if let Some(index) = self.aliases.spelled(&bytes[start..alias_end], key) {
                return Some((alias_end, index));
            }
        }
        None
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

/// For each alias, whether no match of the builtins or the patterns can start inside it (after its first
/// byte), whatever the case of its letters and whatever follows it: from each position the extractors'
/// anchored lazy DFA must die within the alias. `None` (never known) if the DFA cannot be built.
fn aliases_free_of_extractors(extractors: &[&Hir], aliases: &[String]) -> Option<Vec<bool>> {
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::nfa::thompson::{Compiler, Config, WhichCaptures};
    let config = Config::new().which_captures(WhichCaptures::None);
    let nfa = Compiler::new()
        .configure(config)
        .build_many_from_hir(extractors)
        .ok()?;
    let dfa = DFA::builder().build_from_nfa(nfa).ok()?;
    let mut cache = dfa.create_cache();
    let free = aliases.iter().map(|alias| {
        let bytes = alias.as_bytes();
        (1..bytes.len()).all(|at| !may_start_at(&dfa, &mut cache, bytes[at - 1], &bytes[at..]))
    });
    Some(free.collect())
}

/// Whether a match may start at the first byte of `rest`, after the byte `before`, with each ASCII letter
/// of `rest` in either case: false only when every path dies within `rest`. Any error counts as a match.
fn may_start_at(
    dfa: &regex_automata::hybrid::dfa::DFA,
    cache: &mut regex_automata::hybrid::dfa::Cache,
    before: u8,
    rest: &[u8],
) -> bool {
    use regex_automata::util::start;
    let config = start::Config::new()
        .anchored(Anchored::Yes)
        .look_behind(Some(before));
    let Ok(start) = dfa.start_state(cache, &config) else {
        return true;
    };
    let mut states = vec![start];
    for &byte in rest {
        let mut next = Vec::new();
        for &state in &states {
            for byte in [byte.to_ascii_lowercase(), byte.to_ascii_uppercase()] {
                let Ok(to) = dfa.next_state(cache, state, byte) else {
                    return true;
                };
                if to.is_match() || to.is_quit() {
                    return true;
                }
                if !to.is_dead() && !next.contains(&to) {
                    next.push(to);
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        states = next;
    }
    // Alive at the alias's end: what follows it may complete a match.
    true
}

/// The last character boundary at or before `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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

/// A node of the alias trie: the next bytes (ASCII lowercased), and the end test when an alias ends here.
#[derive(Default)]
struct TrieNode {
    next: Vec<(u8, TrieNode)>,
    end: Option<EndTest>,
}

/// The cheapest test of an alias's end that every mention it can make passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndTest {
    None,
    /// An ASCII word boundary: the alias ends in a word character.
    Boundary,
    /// An optional plural `s` or `es`, then an ASCII word boundary: the alias ends in a letter ("JITs").
    PluralThenBoundary,
}

/// The merged regex's alias part: every alias as a trie of ASCII case-insensitive bytes, so that the lazy
/// DFA follows shared prefixes instead of thousands of alternatives, and each alias with the cheapest tests
/// of its ends that its mentions pass, so that the scan does not stop inside words ("re" in "really").
///
/// Every test is implied by the tagger's own checks, which are Unicode-aware: an alias that starts with an
/// ASCII word character needs an ASCII word boundary before it; one that ends with an ASCII word character
/// needs one after it (after an optional plural for a letter); a dotted alias has no end test, since the
/// module it starts with counts even when it runs on ("sys.monitoringx").
fn alias_trie(aliases: &[String]) -> Hir {
    let mut roots = [TrieNode::default(), TrieNode::default()];
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for alias in aliases {
        let Some(last) = alias.chars().next_back() else {
            continue;
        };
        let end = if alias.contains('.') || !is_word(last) {
            EndTest::None
        } else if last.is_ascii_alphabetic() {
            EndTest::PluralThenBoundary
        } else {
            EndTest::Boundary
        };
        let starts_word = alias.starts_with(is_word);
        let mut node = &mut roots[usize::from(starts_word)];
        for byte in alias.bytes().map(|b| b.to_ascii_lowercase()) {
            let at = match node.next.iter().position(|(b, _)| *b == byte) {
                Some(at) => at,
                None => {
                    node.next.push((byte, TrieNode::default()));
                    node.next.len() - 1
                }
            };
            node = &mut node.next[at].1;
        }
        node.end = Some(end);
    }
    let [anywhere, at_word_start] = roots;
    Hir::alternation(vec![
        trie_hir(&anywhere),
        Hir::concat(vec![Hir::look(Look::WordAscii), trie_hir(&at_word_start)]),
    ])
}

/// A node's alternatives: the longer aliases first, so that the regex prefers the longest alias whose tests
/// pass (see [`Automata::alias_matched`]).
fn trie_hir(node: &TrieNode) -> Hir {
    let mut alternatives = Vec::with_capacity(node.next.len() + 1);
    for (byte, next) in &node.next {
        alternatives.push(Hir::concat(vec![byte_hir(*byte), trie_hir(next)]));
    }
    match node.end {
        None => {}
        Some(EndTest::None) => alternatives.push(Hir::empty()),
        Some(EndTest::Boundary) => alternatives.push(Hir::look(Look::WordAscii)),
        Some(EndTest::PluralThenBoundary) => {
            let plural = Hir::alternation(vec![
                Hir::concat(vec![byte_hir(b'e'), byte_hir(b's')]),
                byte_hir(b's'),
                Hir::empty(),
            ]);
            alternatives.push(Hir::concat(vec![plural, Hir::look(Look::WordAscii)]));
        }
    }
    Hir::alternation(alternatives)
}

/// A byte, both cases for an ASCII letter.
fn byte_hir(byte: u8) -> Hir {
    if byte.is_ascii_alphabetic() {
        let (lower, upper) = (byte.to_ascii_lowercase(), byte.to_ascii_uppercase());
        Hir::class(Class::Bytes(ClassBytes::new([
            ClassBytesRange::new(upper, upper),
            ClassBytesRange::new(lower, lower),
        ])))
    } else {
        Hir::literal(vec![byte])
    }
}
