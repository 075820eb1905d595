//! Patterns: where the taxonomy's patterns match in a text, each match at most [`PATTERN_MATCH_BYTES`] long.
//!
//! At each position, the leftmost-first match of the patterns there counts unless the same pattern's match
//! before runs past it (a pattern's matches do not overlap; different patterns' may: "free-threading memory
//! leaks" and "memory leaks"). A match is searched anchored at a position with the text cut
//! [`PATTERN_MATCH_BYTES`] after it (the look-around still sees the text beyond), so no pattern's match, nor
//! the search for one, costs more than that at any position, whatever the pattern (`a+`, `(.*a){20}` or
//! `a[a-z]*!` on a long word were quadratic in time and memory).
//!
//! The positions are found one of four ways, which find the same matches (tests hold them to it): every
//! position where a pattern's literal prefix or first byte is ([`PatternStarts`], short texts); on long
//! texts, where the alias automaton's pass finds the patterns' literals ([`LiteralStarts`]: a prefix, or
//! for a pattern without a good one the bytes that can begin it within reach before an inner literal);
//! every byte; or the patterns' own unanchored search in windows (long texts when some pattern has no
//! literal at all). The unanchored search's lazy DFA was a fifth of a transcript build's instructions,
//! its states built again on each thread; searched anchored at the literals, Talk Python's transcripts
//! took 0.86 times the instructions.
//! Inside a long match of one pattern (`a+` on a run of `a`s), every position is a match of that pattern,
//! which is blocked there: the positions are then found by a regex of the *other* patterns alone, so a
//! pattern matching everywhere costs a few searches per match, not one per byte (issue 17: 1.7 s of CPU
//! per MB; the figure is 1 s).
//!
//! Short texts, and long texts at their literals, are searched anchored by a regex built without a
//! prefilter, which anchored searches never use; the unanchored search builds its own regex, with a
//! prefilter when the patterns' literals allow one, the first time it is wanted. Looking for the literals
//! of a prefilter was most of the patterns' regex's build (2.5 of 3 ms for the shipped patterns, which get
//! none), and for a show's notes or the bundled corpus no unanchored search is run.

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::{Hir, HirKind, Look};

use super::aliases::{LITERAL_GROUPS, Literal};
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

    /// Where the patterns may start in a long text, found from their literals in the alias automaton's
    /// pass; `None` when some pattern has neither a literal prefix nor an inner literal (see
    /// [`LiteralStarts`]), or there are too many inner literals for the automaton's groups.
    pub fn literal_starts(&self) -> Option<LiteralStarts> {
        LiteralStarts::new(&self.hirs)
    }

    /// The matches, the same as [`Patterns::at_starts`] finds, searched anchored at `positions` (in
    /// order: a superset of where a pattern's match may start, from [`LiteralStarts::positions`]).
    pub fn at_positions(&self, text: &str, positions: &[usize]) -> Vec<PatternMatch> {
        self.search(&self.anchored, text, Next::Listed(positions))
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

/// Where the patterns may start in a long text, from literals that the alias automaton finds in the pass
/// it makes anyway (no pass of the patterns' own over every byte, and no unanchored lazy DFA): each
/// pattern is found either at its literal prefixes ("lazy imp" of `\blazy imports?\b`, "android"),
/// or, when those are short and it has a literal inside each match at least [`STRONGER_INNER`] bytes
/// longer, near that ("error" of `[A-Z][A-Za-z]*(?:Error|...)`, "statemen" of
/// `(?:with|if|for|...)'?\s+statements?`, whose prefixes "for " and "if " begin many words of
/// speech): at each byte within reach before it that can begin the pattern. The positions are a
/// superset of where a match starts; the patterns are searched anchored there (a warm anchored lazy
/// DFA: most patterns die at the first bytes).
pub(super) struct LiteralStarts {
    /// The prefixes of the patterns found by them (ASCII-lowercased), and whether the pattern begins at a
    /// word boundary.
    prefixes: Vec<(Vec<u8>, bool)>,
    inner: Vec<InnerLiteral>,
}

/// The literals inside every match of one pattern, and where its matches can start around them.
struct InnerLiteral {
    /// ASCII-lowercased; one of them begins at each match's `reach` bytes after its start.
    literals: Vec<Vec<u8>>,
    reach: std::ops::RangeInclusive<usize>,
    /// The bytes a match can begin with.
    first_bytes: [bool; 256],
    /// Whether the pattern begins with a word boundary (a match that begins with an ASCII word byte is
    /// then not after one).
    word_start: bool,
}

/// Literal prefixes no longer than this are weak: most word starts in speech begin with one ("for",
/// "pro", "in "); a pattern with an inner literal at least [`STRONGER_INNER`] bytes longer is found by
/// that instead.
const WEAK_PREFIX: usize = 3;
const STRONGER_INNER: usize = 3;

impl LiteralStarts {
    fn new(hirs: &[Hir]) -> Option<Self> {
        let mut starts = LiteralStarts {
            prefixes: Vec::new(),
            inner: Vec::new(),
        };
        for hir in hirs {
            let lowered = ascii_lowercased(hir);
            let prefixes = literal_prefixes(&lowered);
            let prefix_len = prefixes.as_deref().map_or(0, shortest);
            let inner = (prefix_len <= WEAK_PREFIX)
                .then(|| inner_literal(hir, &lowered))
                .flatten()
                .filter(|inner| {
                    prefixes.is_none() || shortest(&inner.literals) >= prefix_len + STRONGER_INNER
                });
            match (inner, prefixes) {
                (Some(inner), _) => starts.inner.push(inner),
                (None, Some(prefixes)) => {
                    let at_boundary = starts_at_word_boundary(hir);
                    starts
                        .prefixes
                        .extend(prefixes.into_iter().map(|p| (p, at_boundary)));
                }
                (None, None) => return None,
            }
        }
        starts.prefixes = without_longer(starts.prefixes);
        (1 + starts.inner.len() < LITERAL_GROUPS).then_some(starts)
    }

    /// The literals for the alias automaton, the prefixes in group `first` and each inner literal's in a
    /// group of its own after it: [`LiteralStarts::groups`] groups in all.
    pub fn literals(&self, first: usize) -> Vec<Literal> {
        let prefixes = self.prefixes.iter().map(|(bytes, at_boundary)| Literal {
            bytes: bytes.clone(),
            at_boundary: *at_boundary,
            group: first,
        });
        let inner = self.inner.iter().enumerate().flat_map(|(k, inner)| {
            inner.literals.iter().map(move |bytes| Literal {
                bytes: bytes.clone(),
                at_boundary: false,
                group: first + 1 + k,
            })
        });
        prefixes.chain(inner).collect()
    }

    /// Every position of `text` where a pattern may start, in order, from where the automaton found the
    /// literals, group by group (as [`LiteralStarts::literals`] numbered them, from 0). Each inner
    /// literal's reach is looked at once, however many of its literals are near: no more than the text's
    /// length for each.
    pub fn positions(&self, text: &str, found: &[Vec<usize>]) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut positions = found.first().cloned().unwrap_or_default();
        for (inner, at) in self.inner.iter().zip(found.iter().skip(1)) {
            let mut looked_until = 0;
            for &literal in at {
                let Some(last) = literal.checked_sub(*inner.reach.start()) else {
                    continue;
                };
                let first = literal.saturating_sub(*inner.reach.end()).max(looked_until);
                positions.extend((first..=last).filter(|&at| inner.may_start(bytes, at)));
                looked_until = looked_until.max(last + 1);
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

impl InnerLiteral {
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let byte = bytes[at];
        self.first_bytes[usize::from(byte)]
            && !(self.word_start && is_ascii_word(byte) && at > 0 && is_ascii_word(bytes[at - 1]))
    }
}

fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The shortest literal's length.
fn shortest(literals: &[Vec<u8>]) -> usize {
    literals.iter().map(Vec::len).min().unwrap_or(0)
}

/// Whether every match of `hir` begins at a word boundary.
fn starts_at_word_boundary(hir: &Hir) -> bool {
    let looks = hir.properties().look_set_prefix();
    looks.contains(Look::WordAscii) || looks.contains(Look::WordUnicode)
}

/// The longest literal prefix every match of a pattern begins with.
const PREFIX_BYTES: usize = 8;

/// A set of literals (none empty) one of which begins every match of `lowered` (see [`ascii_lowercased`]):
/// up to [`PREFIX_BYTES`] long, `regex-syntax`'s extractor's ("android", "lazy imp", "new ").
fn literal_prefixes(lowered: &Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::Extractor;
    let mut extractor = Extractor::new();
    extractor.limit_literal_len(PREFIX_BYTES);
    let literals = extractor.extract(lowered);
    let mut set: Vec<Vec<u8>> = literals
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    set.sort_unstable();
    set.dedup();
    (shortest(&set) > 0).then_some(set)
}

/// `hir` with its ASCII letters lowercased (in literals and classes): its literals, matched ASCII
/// case-insensitively, find where `hir`'s matches are, and the extractor does not spell out each case of
/// a case-insensitive word ("language" was 256 literals, over the extractor's limit: it gave up, and
/// asking it for several lengths to find the best cost 400 M instructions on the shipped patterns).
fn ascii_lowercased(hir: &Hir) -> Hir {
    use regex_syntax::hir::{
        Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Repetition,
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Literal(literal) => Hir::literal(literal.0.to_ascii_lowercase()),
        HirKind::Class(Class::Bytes(class)) => {
            let mut bytes = [false; 256];
            for range in class.iter() {
                for byte in range.start()..=range.end() {
                    bytes[usize::from(byte.to_ascii_lowercase())] = true;
                }
            }
            let ranges = (0..=u8::MAX)
                .filter(|&b| bytes[usize::from(b)])
                .map(|b| ClassBytesRange::new(b, b));
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut ranges = Vec::new();
            for range in class.iter() {
                let ascii = range.start()..=range.end().min('\u{7f}');
                ranges.extend(ascii.map(|c| {
                    let lower = c.to_ascii_lowercase();
                    ClassUnicodeRange::new(lower, lower)
                }));
                if range.end() > '\u{7f}' {
                    ranges.push(ClassUnicodeRange::new(
                        range.start().max('\u{80}'),
                        range.end(),
                    ));
                }
            }
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(ascii_lowercased(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(ascii_lowercased(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(ascii_lowercased).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(ascii_lowercased).collect())
        }
    }
}

/// The prefixes left when those that begin with another are dropped (a literal at a word boundary does
/// not stand for one that is not): the automaton reports "ll" wherever "ll " is.
fn without_longer(prefixes: Vec<(Vec<u8>, bool)>) -> Vec<(Vec<u8>, bool)> {
    let all: std::collections::HashSet<(&[u8], bool)> =
        prefixes.iter().map(|(p, b)| (p.as_slice(), *b)).collect();
    let covered = |bytes: &[u8], at_boundary: bool| {
        (1..bytes.len()).any(|len| {
            all.contains(&(&bytes[..len], false))
                || (at_boundary && all.contains(&(&bytes[..len], true)))
        })
    };
    let mut kept: Vec<(Vec<u8>, bool)> = prefixes
        .iter()
        .filter(|(p, b)| !covered(p, *b))
        .cloned()
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// The literals inside every match of `hir` (a concatenation; `lowered` the same, see
/// [`ascii_lowercased`]): the prefixes of the rest of it from one of its parts, with how far after a
/// match's start they may begin (at most a match's bound less the literal); of the parts, the one whose
/// shortest literal is longest.
fn inner_literal(hir: &Hir, lowered: &Hir) -> Option<InnerLiteral> {
    let HirKind::Concat(parts) = lowered.kind() else {
        return None;
    };
    let mut best: Option<(Vec<Vec<u8>>, usize, Option<usize>)> = None;
    let (mut least, mut most) = (0, Some(0));
    for (i, part) in parts.iter().enumerate().skip(1) {
        let before = parts[i - 1].properties();
        least += before.minimum_len()?;
        most = most.zip(before.maximum_len()).map(|(most, len)| most + len);
        if part.properties().minimum_len() == Some(0) {
            continue;
        }
        let Some(literals) = literal_prefixes(&Hir::concat(parts[i..].to_vec())) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|best| shortest(&literals) > shortest(&best.0))
        {
            best = Some((literals, least, most));
        }
    }
    let (literals, least, most) = best?;
    // A bounded match holds the whole literal.
    let furthest = PATTERN_MATCH_BYTES.checked_sub(shortest(&literals))?;
    let most = most.map_or(furthest, |most| most.min(furthest));
    if least > most {
        return None;
    }
    Some(InnerLiteral {
        literals,
        reach: least..=most,
        first_bytes: first_bytes(hir).unwrap_or([true; 256]),
        word_start: starts_at_word_boundary(hir),
    })
}

/// The bytes a match of `hir` can begin with (`None`: not known).
fn first_bytes(hir: &Hir) -> Option<[bool; 256]> {
    use regex_syntax::hir::literal::Extractor;
    let mut extractor = Extractor::new();
    extractor
        .limit_literal_len(1)
        .limit_class(256)
        .limit_total(256);
    let mut bytes = [false; 256];
    for literal in extractor.extract(hir).literals()? {
        bytes[usize::from(*literal.as_bytes().first()?)] = true;
    }
    Some(bytes)
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
    use crate::tag::aliases::AliasStarts;
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

    /// A synthetic transcript of 100,000 bytes (`seed`), then `extra`, then the bundled corpus's chapter
    /// titles, a line each: text where the shipped patterns match often, in speech and in titles.
    fn transcript_and_titles(seed: u64, extra: &str) -> String {
        let corpus = crate::ingest::bundled();
        let titles = corpus
            .episodes
            .iter()
            .flat_map(|e| e.chapters.iter().map(|c| c.title.to_string()));
        [crate::synth::transcript(100_000, seed), extra.to_string()]
            .into_iter()
            .chain(titles)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn patterns_searched_at_their_starts_match_as_searched_from_every_character() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let hirs: Vec<&Hir> = taxonomy.patterns.iter().map(|p| &p.hir).collect();
        let text = transcript_and_titles(7, "");
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

    /// The matches found where the alias automaton finds the patterns' literals (no aliases), after
    /// checking them against a search from every byte; and how many positions were searched.
    fn at_literals(hirs: &[&Hir], text: &str) -> (Vec<PatternMatch>, usize) {
        let patterns = patterns(hirs);
        let starts = patterns
            .literal_starts()
            .expect("every pattern has a literal");
        let automaton = AliasStarts::new(&[], &starts.literals(0)).expect("the automaton builds");
        let mut found = Vec::new();
        automaton.find(text, &mut Vec::new(), &mut found);
        let positions = starts.positions(text, &found);
        let matches = patterns.at_positions(text, &positions);
        let from_every_byte = patterns.search(&patterns.anchored, text, Next::EveryByte);
        assert_eq!(matches, from_every_byte);
        (matches, positions.len())
    }

    #[test]
    fn the_shipped_patterns_found_at_their_literals_match_as_searched_from_every_byte() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let hirs: Vec<&Hir> = taxonomy.patterns.iter().map(|p| &p.hir).collect();
        // What the inner literals stand for, and near misses: a word before "Error" that is not
        // capitalised, a literal with no start within reach before it.
        let near = "A ValueError, a valueError, an error, RuntimeWarning. A 64-byte aligned, 64 bytes \
                    aligned; with statements, the 'with' statement, if statement; LL(1) and LL 1, all 1, \
                    f-strings and fstrings, t strings; PyObject_GetAttr, Py_DECREF, happyPyObject";
        let text = transcript_and_titles(11, near);
        let (matches, searched) = at_literals(&hirs, &text);
        eprintln!("{searched} positions searched of {} bytes", text.len());
        let found: Vec<&str> = matches.iter().map(|m| &text[m.span.clone()]).collect();
        for expected in [
            "ValueError",
            "RuntimeWarning",
            "64-byte aligned",
            "with statements",
        ] {
            assert!(found.contains(&expected), "{expected} in {found:?}");
        }
        // About a hundredth of the bytes here (1,135 of 114,748), where the unanchored search read every byte.
        assert!(
            searched < text.len() / 20,
            "{searched} of {} bytes",
            text.len()
        );
    }

    #[test]
    fn patterns_without_a_literal_prefix_are_found_near_their_inner_literal() {
        // `[^a]bc` and `[A-Z][a-z]*Err` have no literal prefix; `\d+ ?kbytes` a weak one ("1"); `a+`
        // matches everywhere in a run of `a`s, and "Err" repeated makes the reaches overlap.
        let sources = [
            r"[^a]bc",
            r"\b(?-i:[A-Z][a-z]*Err)",
            r"\b\d+ ?kbytes",
            r"a+",
            r"\bx\w{0,3}yz",
        ];
        let hirs = parsed(&sources);
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let text = format!(
            "abc xbc Abc ValueErr valueErr Err 12 kbytes 3kbytes {} {} xyz xwwwyz x_y_yz \u{e9}bc",
            "a".repeat(600),
            "ErrErr".repeat(100)
        );
        let (matches, _) = at_literals(&hirs, &text);
        // `[^a]bc` matches from the second byte of "\u{e9}".
        let found: Vec<&str> = matches
            .iter()
            .filter_map(|m| text.get(m.span.clone()))
            .collect();
        for expected in ["xbc", "ValueErr", "12 kbytes", "xwwwyz"] {
            assert!(found.contains(&expected), "{expected} in {found:?}");
        }
        let starts = patterns(&hirs).literal_starts().unwrap();
        assert_eq!(
            starts.inner.len(),
            3,
            "[^a]bc, the Err and the kbytes patterns"
        );
    }

    #[test]
    fn a_pattern_with_no_literal_at_all_leaves_the_long_scan_to_the_unanchored_search() {
        let hirs = parsed(&[r"\bpdb\b", r"[a-z]{3,}"]);
        let hirs: Vec<&Hir> = hirs.iter().collect();
        assert!(patterns(&hirs).literal_starts().is_none());
    }

    #[test]
    fn literal_prefixes_are_lowercased_and_a_longer_one_is_left_to_its_prefix() {
        let sources = [
            r"\bLL",
            r"\bLL ?1",
            r"\bAndroid\b",
            r"(?-i:DWARF)",
            r"Android[ -]?x",
        ];
        let hirs = parsed(&sources);
        let hirs: Vec<&Hir> = hirs.iter().collect();
        let starts = patterns(&hirs).literal_starts().unwrap();
        let prefixes: Vec<(&str, bool)> = starts
            .prefixes
            .iter()
            .map(|(p, b)| (std::str::from_utf8(p).unwrap(), *b))
            .collect();
        // "ll1" and "ll 1" are found where "ll" is; "android" at a word boundary stands for none of
        // the prefixes of `Android[ -]?x` (up to eight bytes), which are not; "and" would be at most
        // word starts.
        let expected = [
            ("android", true),
            ("android ", false),
            ("android-", false),
            ("androidx", false),
            ("dwarf", false),
            ("ll", true),
        ];
        assert_eq!(prefixes, expected);
    }

    proptest::proptest! {
        #[test]
        fn patterns_found_at_their_literals_match_as_searched_from_every_byte(
            chosen in proptest::sample::subsequence(
                vec![
                    r"ab+", r"\bba", r"[A-Z][a-z]*Eb", r"\d+ ?bb", r"x.{0,5}y", r"(?-i:B)a",
                    r"a\s?1", r"[^a]b", r"\bab?\b", r"'a'", r".{3}E", r"b[a-z]*_1",
                ],
                1..6,
            ),
            text in "[aAbBxyE1 _.'-]{0,300}",
        ) {
            let hirs = parsed(&chosen);
            let hirs: Vec<&Hir> = hirs.iter().collect();
            at_literals(&hirs, &text);
        }
    }
}
