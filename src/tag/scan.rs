//! Scan: where in a text the aliases, the built-in extractors and the taxonomy's patterns match.
//!
//! Three automata say what can start where: an Aho-Corasick automaton of every alias (leftmost-longest,
//! ASCII case-insensitive), a multi-pattern regex of the built-in extractors and one of the taxonomy's
//! patterns. For a show or a few, each runs over the text once: they are quick to build. For archives and
//! transcripts one merged regex of all three finds every position where any of them can start, so the text
//! is read once, and the three automata are only asked, anchored there, what starts at that position. Both
//! ways find the same matches; a test holds them to it.
//!
//! What each finds, whichever way:
//! - aliases: at each position where a word can start, the longest alias that names something there (the
//!   caller says whether it does); the next alias is looked for after it;
//! - built-in extractors: their leftmost-first matches, each looked for after the one before;
//! - patterns: the leftmost-first match from every character on, so that overlapping patterns are all
//!   found ("free-threading memory leaks" and "memory leaks").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored as AcAnchored, Input as AcInput,
    MatchKind, StartKind,
};
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, Look};

use super::{TagError, Workload};

/// A match of a taxonomy pattern: its slot (distinct pattern), span, and whether the span starts and ends
/// on character boundaries (ASCII patterns run on bytes, so a class such as `[^a]` could end inside one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PatternMatch {
    pub slot: usize,
    pub span: Range<usize>,
    pub whole_chars: bool,
}

/// The built-in extractors' and the patterns' matches of one text, in the order their own searches find
/// them; the aliases go to the caller as they are found.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    /// Span and extractor index.
    pub builtins: Vec<(Range<usize>, usize)>,
    pub patterns: Vec<PatternMatch>,
}

/// The automata of a tagger.
pub(super) struct Automata {
    words: AhoCorasick,
    regexes: Regexes,
}

/// The automata other than the alias automaton (built beside it), and what the merged regex needs.
struct Regexes {
    builtins: meta::Regex,
    patterns: Option<meta::Regex>,
    /// For large workloads: builtins, then patterns, then aliases, as one regex (see [`Automata::scan`]).
    merged: Option<meta::Regex>,
    /// Each alias's index by its ASCII-lowercased spelling, for the merged regex's alias matches.
    by_spelling: HashMap<Box<[u8]>, usize>,
    /// With the merged regex: for each alias, whether no builtin's or pattern's match can start inside it
    /// (see [`aliases_free_of_extractors`]); empty when not known.
    free_of_extractors: Vec<bool>,
}

impl Regexes {
    /// The extractors' and the patterns' regexes, and with `merge` the merged regex and what it needs.
    fn new(
        aliases: &[String],
        builtins: &[Hir],
        patterns: &[&Hir],
        merge: bool,
    ) -> Result<Self, TagError> {
        let extractors: Vec<&Hir> = builtins.iter().chain(patterns.iter().copied()).collect();
        let (merged, by_spelling, free_of_extractors) = if merge {
            let trie = alias_trie(aliases);
            let hirs: Vec<&Hir> = extractors.iter().copied().chain([&trie]).collect();
            let spellings = aliases.iter().map(|a| a.as_bytes().to_ascii_lowercase());
            (
                Some(build_regex(&hirs)?),
                spellings.map(Vec::into_boxed_slice).zip(0..).collect(),
                aliases_free_of_extractors(&extractors, aliases).unwrap_or_default(),
            )
        } else {
            (None, HashMap::new(), Vec::new())
        };
        Ok(Regexes {
            builtins: build_regex(&extractors[..builtins.len()])?,
            patterns: if patterns.is_empty() {
                None
            } else {
                Some(build_regex(patterns)?)
            },
            merged,
            by_spelling,
            free_of_extractors,
        })
    }
}

/// The alias automaton. With the merged regex it is only asked what starts where the regex stopped.
fn alias_automaton(aliases: &[String], merge: bool) -> Result<AhoCorasick, TagError> {
    let starts = if merge {
        StartKind::Anchored
    } else {
        StartKind::Both
    };
    Ok(AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(starts)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(aliases)?)
}

fn build_regex(hirs: &[&Hir]) -> Result<meta::Regex, TagError> {
    meta::Builder::new()
        .configure(regex_config())
        .build_many_from_hir(hirs)
        .map_err(|e| TagError::Patterns(e.to_string()))
}

/// What the merged regex's pattern ids are: this many builtins first, then this many taxonomy patterns,
/// then one for all the aliases.
struct Ranks {
    builtins: usize,
    patterns: usize,
}

impl Automata {
    /// Build the automata. `aliases` are the alias automaton's patterns; `patterns` the taxonomy's distinct
    /// patterns; `merge` whether the merged regex may be built (the patterns can run over joined texts).
    pub fn new(
        aliases: &[String],
        builtins: &[&str],
        patterns: &[&Hir],
        workload: Workload,
        merge: bool,
    ) -> Result<Self, TagError> {
        let builtins = builtins
            .iter()
            .map(|p| regex_syntax::parse(p).map_err(|e| TagError::Patterns(e.to_string())))
            .collect::<Result<Vec<Hir>, _>>()?;
        let merge = merge && workload == Workload::Large;
        // The alias automaton takes longest: the regexes are built beside it, on the other core.
        let (words, regexes) = rayon::join(
            || alias_automaton(aliases, merge),
            || Regexes::new(aliases, &builtins, patterns, merge),
        );
        let words = words?;
        Ok(Automata {
            words,
            regexes: regexes?,
        })
    }

    /// Whether texts are scanned with the merged regex.
    #[cfg(test)]
    pub fn is_merged(&self) -> bool {
        self.regexes.merged.is_some()
    }

    /// Whether the whole of `text` is one alias (ASCII case-insensitively).
    pub fn is_alias(&self, text: &str) -> bool {
        let input = AcInput::new(text).anchored(AcAnchored::Yes);
        self.words
            .find(input)
            .is_some_and(|m| m.end() == text.len())
    }

    /// Scan a text: `alias(span, alias index)` is called where an alias matches and says whether it names
    /// something there. With `with_patterns` false the taxonomy's patterns are left out.
    pub fn scan(
        &self,
        text: &str,
        with_patterns: bool,
        mut alias: impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        match &self.regexes.merged {
            Some(merged) if with_patterns => self.scan_merged(merged, text, &mut alias),
            _ => self.scan_each(text, with_patterns, &mut alias),
        }
    }

    /// One pass of each automaton.
    fn scan_each(
        &self,
        text: &str,
        with_patterns: bool,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let mut at = 0;
        while let Some(m) = self.words.find(AcInput::new(text).range(at..)) {
            let start = m.start();
            let first = (m.range(), m.pattern().as_usize());
            at = match self.longest_alias(text, start, Some(first), alias) {
                Some((end, _)) => end,
                None => next_char_boundary(text, start),
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

    /// The taxonomy's patterns alone, from every character on.
    pub fn pattern_matches(&self, text: &str) -> Vec<PatternMatch> {
        let mut patterns = Vec::new();
        if let Some(regex) = &self.regexes.patterns {
            let mut at = 0;
            while let Some(m) = regex.search(&Input::new(text).range(at..)) {
                patterns.push(pattern_match(text, &m));
                at = next_char_boundary(text, m.start());
            }
        }
        patterns
    }

    /// One pass of the merged regex, stopping at every position where something starts. The merged regex
    /// ranks builtins first, then patterns, then aliases, so at each stop the set it names is the highest
    /// ranked that matches there: a set ranked above it has no match there, and one ranked below is asked.
    fn scan_merged(
        &self,
        merged: &meta::Regex,
        text: &str,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Extracted {
        let ranks = Ranks {
            builtins: self.regexes.builtins.pattern_len(),
            patterns: self
                .regexes
                .patterns
                .as_ref()
                .map_or(0, |p| p.pattern_len()),
        };
        let alias_id = ranks.builtins + ranks.patterns;
        let mut key = Vec::new();
        let mut found = Extracted::default();
        // Where each search would look next, had it run alone.
        let (mut next_alias, mut next_builtin, mut next_pattern) = (0, 0, 0);
        let mut at = 0;
        while let Some(m) = merged.search(&Input::new(text).range(at..)) {
            let start = m.start();
            let id = m.pattern().as_usize();
            let builtin = id < ranks.builtins;
            if builtin && start >= next_builtin {
                found.builtins.push((m.range(), id));
                next_builtin = m.end();
            }
            if id < ranks.builtins + ranks.patterns && start >= next_pattern {
                let pattern = if builtin {
                    let anchored = Input::new(text).range(start..).anchored(Anchored::Yes);
                    self.regexes
                        .patterns
                        .as_ref()
                        .and_then(|p| p.search(&anchored))
                } else {
                    let slot = id - ranks.builtins;
                    let span = m.range();
                    Some(regex_automata::Match::must(slot, span))
                };
                if let Some(p) = pattern {
                    found.patterns.push(pattern_match(text, &p));
                    next_pattern = next_char_boundary(text, start);
                }
            }
            let mut resume = next_char_boundary(text, start);
            if start >= next_alias {
                let first = (id == alias_id)
                    .then(|| self.alias_matched(text, start, m.end(), &mut key))
                    .flatten();
                if let Some((end, index)) = self.longest_alias(text, start, first, alias) {
                    next_alias = end;
                    // Inside the alias no other alias counts, and when no builtin or pattern can start
                    // there either, the search need not stop there. (At a builtin's or a pattern's stop,
                    // those go on from the next character.)
                    if id == alias_id && self.regexes.free_of_extractors.get(index) == Some(&true) {
                        resume = end;
                    }
                }
            }
            at = resume;
            if at >= text.len() {
                break;
            }
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
    ) -> Option<(Range<usize>, usize)> {
        let bytes = text.as_bytes();
        for (suffix, cut) in [(&b""[..], 0), (b"s", 1), (b"es", 2)] {
            let Some(alias_end) = end.checked_sub(cut).filter(|&e| e > start) else {
                break;
            };
            if !bytes[alias_end..end].eq_ignore_ascii_case(suffix) {
                continue;
            }
            key.clear();
            key.extend(bytes[start..alias_end].iter().map(u8::to_ascii_lowercase));
            if let Some(&index) = self.regexes.by_spelling.get(key.as_slice()) {
                return Some((start..alias_end, index));
            }
        }
        None
    }

    /// The longest alias at `start` that names something there, as the end of its match and its index:
    /// `first` is the
    /// longest alias there whose tests pass, with its index, when the caller has it. A shorter alias is
    /// tried when a longer one names nothing ("Python 3x": not Python 3, but Python).
    fn longest_alias(
        &self,
        text: &str,
        start: usize,
        first: Option<(Range<usize>, usize)>,
        alias: &mut impl FnMut(Range<usize>, usize) -> bool,
    ) -> Option<(usize, usize)> {
        if !super::starts_at_boundary(text, start) {
            return None;
        }
        let anchored = |end: usize| {
            let input = AcInput::new(text)
                .range(start..end)
                .anchored(AcAnchored::Yes);
            self.words.find(input)
        };
        let mut found =
            first.or_else(|| anchored(text.len()).map(|m| (m.range(), m.pattern().as_usize())))?;
        loop {
            let (span, index) = found;
            if alias(span.clone(), index) {
                return Some((span.end, index));
            }
            // Aliases are never empty; the filter keeps a search from going back past the start anyway.
            let shorter = span.end.checked_sub(1).filter(|&end| end > start)?;
            let m = anchored(shorter)?;
            found = (m.range(), m.pattern().as_usize());
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
        let mut next = Vec::with_capacity(states.len() * 2);
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

fn pattern_match(text: &str, m: &regex_automata::Match) -> PatternMatch {
    let span = m.range();
    PatternMatch {
        slot: m.pattern().as_usize(),
        whole_chars: text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        span,
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
