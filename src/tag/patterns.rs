//! Patterns: where the taxonomy's patterns match in a text, each match at most [`PATTERN_MATCH_BYTES`] long.
//!
//! At each position, the leftmost-first match of the patterns there counts unless the same pattern's match
//! before runs past it (a pattern's matches do not overlap; different patterns' may: "free-threading memory
//! leaks" and "memory leaks"). A match is searched anchored at a position with the text cut
//! [`PATTERN_MATCH_BYTES`] after it (the look-around still sees the text beyond), so no pattern's match, nor
//! the search for one, costs more than that at any position, whatever the pattern (`a+`, `(.*a){20}` or
//! `a[a-z]*!` on a long word were quadratic in time and memory).
//!
//! The positions are found one of three ways, which find the same matches (tests hold them to it): every
//! position where a pattern's literal prefix or first byte is ([`PatternStarts`]), every byte, or the
//! patterns' own unanchored search in windows (on long texts, where its lazy DFA, once warm, is cheaper).
//! Inside a long match of one pattern (`a+` on a run of `a`s), every position is a match of that pattern,
//! which is blocked there: the positions are then found by a regex of the *other* patterns alone, so a
//! pattern matching everywhere costs a few searches per match, not one per byte (issue 17: 1.7 s of CPU
//! per MB; the figure is 1 s).
//!
//! Short texts are searched anchored, at their starts, by a regex built without a prefilter, which
//! anchored searches never use; the unanchored search of long texts builds its own regex, with a
//! prefilter when the patterns' literals allow one, the first time it is wanted. Looking for the literals
//! of a prefilter was most of the patterns' regex's build (2.5 of 3 ms for the shipped patterns, which get
//! none), and for a show's notes or the bundled corpus no unanchored search is run.

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::Hir;

use super::scan::{build_regex, next_char_boundary, regex_config};

/// A match of a taxonomy pattern: its slot (distinct pattern), span, and whether the span starts and ends
/// on character boundaries (ASCII patterns run on bytes, so a class such as `[^a]` could end inside one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PatternMatch {
    pub slot: usize,
    pub span: Range<usize>,
    pub whole_chars: bool,
}

/// The longest match of a taxonomy pattern, in bytes: a pattern's match is searched within this many
/// bytes of its start (documented in `topics.toml`'s header).
pub(super) const PATTERN_MATCH_BYTES: usize = 256;

/// A pattern blocked this many bytes past a position or more (its match runs on that far) is left out of
/// the search for the next position: below it, the search of every pattern is as cheap.
const LONG_BLOCK: usize = 64;

/// How many sets of blocked patterns keep a regex of the others (each built once, when first wanted). A
/// taxonomy whose patterns block one another in more ways than this is searched as before, a position at
/// a time, past the sets it has.
const WITHOUT_REGEXES: usize = 8;

/// The taxonomy's patterns: one regex of them all for anchored searches and one for unanchored searches
/// (built when first wanted), where they can start, and the regexes of all but the patterns blocked inside
/// a long match.
pub(super) struct Patterns {
    /// The patterns without a prefilter, for the anchored searches at their starts.
    anchored: meta::Regex,
    /// The patterns with a prefilter if their literals allow one, for the unanchored search, built the
    /// first time it is wanted (`None` if it does not build: the anchored regex, which has the same NFA,
    /// serves instead).
    unanchored: OnceLock<Option<meta::Regex>>,
    hirs: Vec<Hir>,
    starts: Option<PatternStarts>,
    /// Blocked slots (sorted) and the regex of the other patterns.
    without: Mutex<Vec<(Vec<usize>, Others)>>,
}

/// The regex of the patterns not blocked (`None`: there are none).
type Others = Option<Arc<meta::Regex>>;

/// How [`Patterns::search`] finds the next position where a pattern may match.
#[derive(Clone, Copy)]
enum Next<'a> {
    /// The positions listed, in order (a superset of where any match may start).
    Listed(&'a [usize]),
    EveryByte,
    /// The patterns' unanchored search, in windows.
    Searched,
}

/// While some patterns are blocked for long: the regex of the others, and where the first of the blocked
/// ones may match again.
struct Skip {
    others: Others,
    until: usize,
}

impl Patterns {
    /// The patterns' regex and starts; `None` when there are no patterns.
    pub fn new(patterns: &[&Hir]) -> Result<Option<Self>, Box<meta::BuildError>> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let (anchored, starts) = rayon::join(
            || build_anchored_regex(patterns),
            || PatternStarts::new(patterns),
        );
        Ok(Some(Patterns {
            anchored: anchored?,
            unanchored: OnceLock::new(),
            hirs: patterns.iter().map(|&h| h.clone()).collect(),
            starts,
            without: Mutex::new(Vec::new()),
        }))
    }

    /// The regex for the unanchored search, built the first time.
    fn unanchored(&self) -> &meta::Regex {
        let unanchored = self.unanchored.get_or_init(|| {
            let hirs: Vec<&Hir> = self.hirs.iter().collect();
            build_regex(&hirs).ok()
        });
        unanchored.as_ref().unwrap_or(&self.anchored)
    }

    /// The matches, searched at the positions where a pattern can start (or every byte when that is not
    /// known): the way for short texts, whose lazy DFA would not warm up.
    pub fn at_starts(&self, text: &str) -> Vec<PatternMatch> {
        let regex = &self.anchored;
        match &self.starts {
            Some(starts) => self.search(regex, text, Next::Listed(&starts.in_text(text))),
            None => self.search(regex, text, Next::EveryByte),
        }
    }

    /// The matches, the same as [`Patterns::at_starts`] finds, by the patterns' unanchored search: on a
    /// long text the lazy DFA, once warm, costs less than a search at every position where a pattern may
    /// start.
    pub fn where_found(&self, text: &str) -> Vec<PatternMatch> {
        // Its anchored searches too: one lazy DFA warms up, not two.
        self.search(self.unanchored(), text, Next::Searched)
    }

    /// At each position `next` gives, that no match before blocks, the bounded anchored match there, if
    /// any, by `regex` (either of the patterns' regexes); inside a long block the positions come from the
    /// other patterns' regex instead.
    fn search(&self, regex: &meta::Regex, text: &str, next: Next) -> Vec<PatternMatch> {
        let mut matches = Vec::new();
        let mut blocks = PatternBlocks::new(regex.pattern_len());
        let mut skip: Option<Skip> = None;
        let mut at = 0;
        while at < text.len() {
            let found = match &skip {
                Some(s) if at < s.until => match &s.others {
                    // The others' match is not the patterns' own: only its start counts.
                    Some(others) => {
                        first_match(others, text, at, s.until).map(|m| (m.start(), None))
                    }
                    None => None,
                },
                _ => {
                    skip = None;
                    next_position(regex, text, at, next)
                }
            };
            let Some((start, known)) = found else {
                match skip.take() {
                    // Nothing but blocked patterns up to where the first of them is free again.
                    Some(s) => {
                        at = s.until;
                        continue;
                    }
                    None => break,
                }
            };
            if blocks.may_start(start)
                && let Some(m) = known.or_else(|| bounded_match(regex, text, start))
            {
                if blocks.keep(text, start, &m) {
                    matches.push(pattern_match(text, &m));
                    skip = None;
                } else if skip.is_none()
                    && blocks.until[m.pattern().as_usize()] >= start + LONG_BLOCK
                {
                    // Checked first for the pattern found alone: short blocks are common in real text
                    // ("150ms" then "50ms"), and the set of blocked patterns costs one look at each.
                    skip = self.skip_from(&blocks, start);
                }
            }
            at = (start + 1).max(blocks.next_char).max(blocks.all_until);
        }
        matches
    }

    /// When a pattern's match blocks it far past `start`: the regex of the patterns not blocked there, and
    /// where the first blocked one is free.
    fn skip_from(&self, blocks: &PatternBlocks, start: usize) -> Option<Skip> {
        let blocked: Vec<usize> = (0..blocks.until.len())
            .filter(|&slot| blocks.until[slot] > start)
            .collect();
        let until = blocked.iter().map(|&slot| blocks.until[slot]).min()?;
        if until - start < LONG_BLOCK {
            return None;
        }
        let mut without = self.without.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, others)) = without.iter().find(|(set, _)| *set == blocked) {
            return Some(Skip {
                others: others.clone(),
                until,
            });
        }
        if without.len() >= WITHOUT_REGEXES {
            return None;
        }
        let hirs: Vec<&Hir> = (0..self.hirs.len())
            .filter(|slot| blocked.binary_search(slot).is_err())
            .map(|slot| &self.hirs[slot])
            .collect();
        // The others compiled with all of them: they compile alone.
        let others = match hirs.as_slice() {
            [] => None,
            hirs => Some(Arc::new(build_regex(hirs).ok()?)),
        };
        without.push((blocked, others.clone()));
        Some(Skip { others, until })
    }
}

/// The patterns' regex for anchored searches: no literal extraction for a prefilter, which they do not use.
fn build_anchored_regex(patterns: &[&Hir]) -> Result<meta::Regex, Box<meta::BuildError>> {
    let config = regex_config().auto_prefilter(false);
    meta::Builder::new()
        .configure(config)
        .build_many_from_hir(patterns)
        .map_err(Box::new)
}

/// The next position at or after `at` where `next` says a pattern may match, and the bounded match there
/// when the search that found the position has it.
///
/// The unanchored search's match is the leftmost-first one: at its start, the one the patterns' order
/// prefers among all that start there and end in its window. When it is no longer than a bounded match
/// may be, the window holds every bounded match at that start (see [`first_match`]), so it is the one
/// [`bounded_match`] would find, and that search is saved.
fn next_position(
    regex: &meta::Regex,
    text: &str,
    at: usize,
    next: Next,
) -> Option<(usize, Option<regex_automata::Match>)> {
    match next {
        Next::Listed(starts) => starts
            .get(starts.partition_point(|&s| s < at))
            .map(|&s| (s, None)),
        Next::EveryByte => Some((at, None)),
        Next::Searched => first_match(regex, text, at, text.len()).map(|m| {
            let bounded = m.end() <= m.start() + PATTERN_MATCH_BYTES;
            (m.start(), bounded.then_some(m))
        }),
    }
}

/// The first match starting in `at..until` whose bounded search fits the window it was found in: each
/// search looks at a window of four match bounds (and no further than a bound past `until`), and a match
/// counts when a bounded match at its start fits in the window (or the window reaches the end of the
/// text), so a pattern that matches everywhere (`a+`) costs at most the window per search, never the rest
/// of the text.
fn first_match(
    regex: &meta::Regex,
    text: &str,
    mut at: usize,
    until: usize,
) -> Option<regex_automata::Match> {
    let bound = PATTERN_MATCH_BYTES;
    let last = until.saturating_add(bound).min(text.len());
    while at < until {
        #[cfg(test)]
        tests::SEARCHES.with(|n| n.set(n.get() + 1));
        let end = at.saturating_add(4 * bound).min(last);
        match regex.search(&Input::new(text).range(at..end)) {
            Some(m) if end == last || m.start() + bound <= end => {
                return (m.start() < until).then_some(m);
            }
            // No position before the window's last bound where a bounded match fits.
            _ if end == last => return None,
            _ => at = end - bound,
        }
    }
    None
}

/// Where the taxonomy's patterns can start: at their literal prefixes ("pdb", "except", "py_"), or for a
/// pattern that has too many (`[A-Z][a-z]*Error`) at any of its first bytes. The patterns are then searched
/// anchored at these positions alone. Searched unanchored, the patterns' lazy DFA is in a hundred patterns
/// at once at every byte, and builds thousands of states for one show's text (two thirds of tagging it);
/// anchored, most patterns die at the first byte.
struct PatternStarts {
    /// The literal prefixes, ASCII-lowercased, matched ASCII case-insensitively (a superset of the
    /// prefixes, which already spell out their cases).
    prefixes: Option<AhoCorasick>,
    /// The first bytes of the patterns without a finite set of prefixes.
    first_bytes: [bool; 256],
}

impl PatternStarts {
    /// `None` when some pattern can start with most bytes, or its starts cannot be found.
    fn new(patterns: &[&Hir]) -> Option<Self> {
        use regex_syntax::hir::literal::Extractor;
        let mut by_prefix = Extractor::new();
        by_prefix.limit_literal_len(3);
        let mut by_first_byte = Extractor::new();
        by_first_byte
            .limit_literal_len(1)
            .limit_class(256)
            .limit_total(256);
        let mut prefixes: Vec<Vec<u8>> = Vec::new();
        let mut first_bytes = [false; 256];
        for hir in patterns {
            if let Some(literals) = by_prefix.extract(hir).literals()
                && literals.iter().all(|l| !l.is_empty())
            {
                prefixes.extend(literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()));
                continue;
            }
            let seq = by_first_byte.extract(hir);
            for literal in seq.literals()? {
                first_bytes[usize::from(*literal.as_bytes().first()?)] = true;
            }
        }
        // Where most bytes can start a match, one unanchored search is cheaper than one search per byte.
        if first_bytes.iter().filter(|&&b| b).count() > 128 {
            return None;
        }
        prefixes.sort_unstable();
        prefixes.dedup();
        let prefixes = if prefixes.is_empty() {
            None
        } else {
            let automaton = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&prefixes);
            Some(automaton.ok()?)
        };
        Some(PatternStarts {
            prefixes,
            first_bytes,
        })
    }

    /// Every position of `text` where a pattern can start, in order.
    fn in_text(&self, text: &str) -> Vec<usize> {
        let mut starts: Vec<usize> = match &self.prefixes {
            Some(prefixes) => prefixes
                .find_overlapping_iter(text)
                .map(|m| m.start())
                .collect(),
            None => Vec::new(),
        };
        let by_byte = text.bytes().enumerate();
        starts.extend(by_byte.filter_map(|(i, b)| self.first_bytes[usize::from(b)].then_some(i)));
        starts.sort_unstable();
        starts.dedup();
        starts
    }
}

fn pattern_match(text: &str, m: &regex_automata::Match) -> PatternMatch {
    let span = m.range();
    PatternMatch {
        slot: m.pattern().as_usize(),
        whole_chars: text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        span,
    }
}

/// The leftmost-first match of `regex` anchored at `start`, at most [`PATTERN_MATCH_BYTES`] long.
fn bounded_match(regex: &meta::Regex, text: &str, start: usize) -> Option<regex_automata::Match> {
    #[cfg(test)]
    tests::SEARCHES.with(|n| n.set(n.get() + 1));
    let end = start.saturating_add(PATTERN_MATCH_BYTES).min(text.len());
    regex.search(&Input::new(text).range(start..end).anchored(Anchored::Yes))
}

/// Where each pattern's next match may start: after the end of its match before (a pattern's matches do
/// not overlap; different patterns' may), and after the character where the last match kept starts.
struct PatternBlocks {
    until: Vec<usize>,
    /// The least of `until`: before it, no pattern's match counts.
    all_until: usize,
    next_char: usize,
}

impl PatternBlocks {
    fn new(patterns: usize) -> Self {
        PatternBlocks {
            until: vec![0; patterns],
            all_until: 0,
            next_char: 0,
        }
    }

    /// Whether a match starting at `start` may count.
    fn may_start(&self, start: usize) -> bool {
        start >= self.next_char && start >= self.all_until
    }

    /// Whether `m`, the leftmost-first match at `start`, counts; if so it blocks its pattern up to its end.
    fn keep(&mut self, text: &str, start: usize, m: &regex_automata::Match) -> bool {
        let slot = m.pattern().as_usize();
        if !self.may_start(start) || start < self.until[slot] {
            return false;
        }
        let was_least = self.until[slot] == self.all_until;
        self.until[slot] = m.end();
        if was_least {
            self.all_until = self.until.iter().copied().min().unwrap_or(0);
        }
        self.next_char = next_char_boundary(text, start);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{Taxonomy, parse_pattern};

    thread_local! {
        /// The searches this thread's tests ran: unanchored windows and bounded anchored matches.
        pub(super) static SEARCHES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// The searches `work` runs on this thread.
    fn searches(work: impl FnOnce()) -> usize {
        let before = SEARCHES.with(std::cell::Cell::get);
        work();
        SEARCHES.with(std::cell::Cell::get) - before
    }

    /// The definition, a position at a time: the bounded match at every byte that no match before blocks.
    fn at_every_byte(patterns: &Patterns, text: &str) -> Vec<PatternMatch> {
        let mut matches = Vec::new();
        let mut blocks = PatternBlocks::new(patterns.anchored.pattern_len());
        for start in 0..text.len() {
            if blocks.may_start(start)
                && let Some(m) = bounded_match(patterns.unanchored(), text, start)
                && blocks.keep(text, start, &m)
            {
                matches.push(pattern_match(text, &m));
            }
        }
        matches
    }

    fn parsed(sources: &[&str]) -> Vec<Hir> {
        sources.iter().map(|s| parse_pattern(s).unwrap()).collect()
    }

    #[test]
    fn a_pattern_matching_everywhere_costs_a_few_searches_per_match_not_one_per_byte() {
        // Issue 17's `a+` and `(.*a){20}` beside patterns that never match there: inside a match of one,
        // only the others are searched for.
        for hostile in ["a+", "(.*a){20}"] {
            let hirs = parsed(&["zq[0-9]+", r"\bpdb\b", hostile]);
            let hirs: Vec<&Hir> = hirs.iter().collect();
            let patterns = patterns(&hirs);
            let text = "a".repeat(64 << 10);
            let per_match = text.len() / PATTERN_MATCH_BYTES;
            let mut found = (Vec::new(), Vec::new());
            let runs = [
                searches(|| found.0 = patterns.where_found(&text)),
                searches(|| found.1 = patterns.at_starts(&text)),
            ];
            assert_eq!(found.0.len(), per_match, "{hostile}: one match per bound");
            assert_eq!(found.0, found.1);
            for run in runs {
                // A position at a time, it was one or two searches per byte: 65,536 to 131,072.
                assert!(
                    run <= 8 * per_match,
                    "{hostile}: {run} searches for {per_match} matches"
                );
            }
        }
    }

    #[test]
    fn short_texts_searched_at_their_starts_build_no_unanchored_regex() {
        // Its literal extraction was most of the patterns' build, and a show's notes never need it.
        let hirs = parsed(&[r"\bpdb\b", "[0-9]+ms"]);
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let patterns = patterns(&hirs);
        assert_eq!(patterns.at_starts("pdb in 15ms").len(), 2);
        assert!(patterns.unanchored.get().is_none());
        assert_eq!(patterns.where_found("pdb in 15ms").len(), 2);
        assert!(patterns.unanchored.get().is_some_and(Option::is_some));
    }

    #[test]
    fn a_match_the_unanchored_search_found_is_not_searched_again_at_its_start() {
        let hirs = parsed(&[r"\bpdb\b", "[0-9]+ms"]);
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let patterns = patterns(&hirs);
        let text = "x pdb, 15ms ".repeat(100);
        let mut found = Vec::new();
        let runs = searches(|| found = patterns.where_found(&text));
        assert_eq!(found.len(), 200);
        assert_eq!(found, at_every_byte(&patterns, &text));
        // An unanchored search per match (two where a window ends too close after it), and no anchored
        // search: searched again at its start, every match cost one more (501 searches, not 301).
        assert!(runs < 2 * found.len(), "{runs} searches");
    }

    #[test]
    fn patterns_left_out_inside_a_long_match_find_what_a_search_at_every_byte_finds() {
        // A blocked pattern that comes first shadows the others where it matches (`[a-z]+` before `a+`);
        // one that comes last does not (`ab` inside `a+`'s run); two hostile patterns block each other.
        let cases: [&[&str]; 4] = [
            &["[a-z]+", "a+"],
            &["a+", "ab", "b{3}"],
            &["(.*a){20}", "a+", "x"],
            &[r"\d+", "[0-9a]+", "1a"],
        ];
        let text = format!(
            "{} ab bbb {}1a2 {} x{}",
            "a".repeat(700),
            "1".repeat(300),
            "ab".repeat(400),
            "a".repeat(2000)
        );
        for sources in cases {
            let hirs = parsed(sources);
            let hirs: Vec<&Hir> = hirs.iter().collect();
            let patterns = patterns(&hirs);
            let expected = at_every_byte(&patterns, &text);
            assert!(!expected.is_empty());
            assert_eq!(patterns.where_found(&text), expected, "{sources:?}");
            assert_eq!(patterns.at_starts(&text), expected, "{sources:?}");
            assert_eq!(
                patterns.search(patterns.unanchored(), &text, Next::EveryByte),
                expected,
                "{sources:?}"
            );
        }
    }

    fn patterns(hirs: &[&Hir]) -> Patterns {
        Patterns::new(hirs).unwrap().expect("there are patterns")
    }

    /// The matches found at the patterns' starts and from every byte, after checking that the unanchored
    /// search finds the latter.
    fn both_ways(hirs: &[&Hir], text: &str) -> (Vec<PatternMatch>, Vec<PatternMatch>) {
        let patterns = patterns(hirs);
        assert!(patterns.starts.is_some(), "the starts are known");
        let from_every_byte = patterns.search(patterns.unanchored(), text, Next::EveryByte);
        assert_eq!(
            patterns.where_found(text),
            from_every_byte,
            "the unanchored search finds what a search at every byte finds"
        );
        (patterns.at_starts(text), from_every_byte)
    }

    #[test]
    fn a_pattern_matching_everywhere_is_found_by_the_unanchored_search_in_windows() {
        // `a+` matches at every byte of a long run (its matches do not overlap: one per 256 bytes), and
        // a match that would need more than the window is the bounded one.
        let hirs = [
            parse_pattern("a+").unwrap(),
            parse_pattern(r"b[a-z]*!").unwrap(),
        ];
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let patterns = patterns(&hirs);
        let text = format!(
            "{} b{}! x{}",
            "a".repeat(5000),
            "c".repeat(300),
            "a".repeat(3)
        );
        let found = patterns.where_found(&text);
        assert_eq!(
            found,
            patterns.search(patterns.unanchored(), &text, Next::EveryByte)
        );
        let spans: Vec<usize> = found.iter().map(|m| m.span.len()).collect();
        assert_eq!(spans[..2], [PATTERN_MATCH_BYTES, PATTERN_MATCH_BYTES]);
        assert_eq!(spans.last(), Some(&3));
    }

    #[test]
    fn patterns_searched_at_their_starts_match_as_searched_from_every_character() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let hirs: Vec<&Hir> = taxonomy.patterns.iter().map(|p| &p.hir).collect();
        let corpus = crate::ingest::bundled();
        let titles = corpus
            .episodes
            .iter()
            .flat_map(|e| e.chapters.iter().map(|c| c.title));
        let text = [crate::synth::transcript(100_000, 7)]
            .into_iter()
            .chain(titles.map(str::to_string))
            .collect::<Vec<_>>()
            .join("\n");
        let (at_starts, from_every_char) = both_ways(&hirs, &text);
        assert!(from_every_char.len() > 100, "the text has pattern matches");
        assert_eq!(at_starts, from_every_char);
    }

    #[test]
    fn a_pattern_without_few_prefixes_starts_at_its_first_bytes() {
        // Overlapping matches (of one pattern: the first is kept), a class of 26 first bytes, a literal after a class, a start in a character.
        let sources = [
            r"\b(?-i:[A-Z][A-Za-z]*(?:Error|Exception))\b",
            r"memory leaks?",
            r"free-threading memory",
            r"[0-9]+ms",
            "\u{e9}t\u{e9}",
        ];
        let hirs: Vec<Hir> = sources.iter().map(|s| parse_pattern(s).unwrap()).collect();
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let text = "A ValueError, valueError; free-threading memory leaks in 150ms, 3ms; \u{e9}t\u{e9} \u{c9}t\u{e9}";
        let (at_starts, from_every_char) = both_ways(&hirs, text);
        let found: Vec<&str> = at_starts.iter().map(|m| &text[m.span.clone()]).collect();
        assert_eq!(
            found,
            [
                "ValueError",
                "free-threading memory",
                "memory leaks",
                "150ms",
                "3ms",
                "\u{e9}t\u{e9}"
            ]
        );
        assert_eq!(at_starts, from_every_char);
    }

    #[test]
    fn a_pattern_that_can_start_with_most_bytes_is_searched_from_every_character() {
        let hirs = [parse_pattern(r"[^a]bc").unwrap()];
        assert!(PatternStarts::new(&[&hirs[0]]).is_none());
    }
}
