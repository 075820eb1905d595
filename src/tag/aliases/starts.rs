//! Alias starts: one immutable automaton, built once and shared by every thread, that finds in one pass
//! over a long text every position where an alias may begin, for the alias index to be asked there, and
//! where other literals start, each in its group (the built-in extractors' prefixes, for them to be
//! searched there alone; the taxonomy patterns' prefixes and inner literals, see [`super::super::patterns`]).
//!
//! It is the `aho-corasick` crate's DFA of the spellings (ASCII case-insensitive, every match reported,
//! overlapping), stepped byte by byte through its `Automaton` API, with the cheapest tests of a mention's
//! edges applied to each match it reports: an alias that begins with an ASCII word character starts only
//! after a byte that is not one, and an alias's match counts only when the bytes after it pass its end
//! test ([`EndTest`], the same tests the merged regex of the aliases had). Each test is implied by the
//! tagger's own, Unicode-aware checks, so the positions found are a superset of those where an alias names
//! something; they are all where one can.
//!
//! The merged regex it replaces was a lazy DFA, whose states each thread built for itself and held in its
//! own cache (the transcripts visit thousands); this automaton is built once, in a few tens of
//! milliseconds, and read by both threads. It replaced a hand-written DFA with the start test built in (two
//! start states): on the transcripts the crate's costs 4-5% more instructions (its build, and the matches
//! inside words it reports and the start test drops) and about 3 MB more memory (its byte classes keep an
//! ASCII letter's two cases apart, so a state is 128 transitions, not 74).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// The cheapest test of an alias's end that every mention it can make passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndTest {
    None,
    /// An ASCII word boundary: the alias ends in a word character.
    Boundary,
    /// An optional plural `s` or `es`, then an ASCII word boundary: the alias ends in a letter ("JITs").
    PluralThenBoundary,
}

impl EndTest {
    /// The test an alias's mentions pass: a dotted alias has none, since the module it starts with counts
    /// even when it runs on ("sys.monitoringx").
    fn of(alias: &[u8]) -> Self {
        match alias.last() {
            Some(&last) if is_ascii_word(last) && !alias.contains(&b'.') => {
                if last.is_ascii_alphabetic() {
                    EndTest::PluralThenBoundary
                } else {
                    EndTest::Boundary
                }
            }
            _ => EndTest::None,
        }
    }

    /// Whether an alias ending at `end` of `bytes` passes.
    fn passes(self, bytes: &[u8], end: usize) -> bool {
        let boundary = |at: usize| bytes.get(at).is_none_or(|&b| !is_ascii_word(b));
        match self {
            EndTest::None => true,
            EndTest::Boundary => boundary(end),
            EndTest::PluralThenBoundary => {
                boundary(end)
                    || (bytes
                        .get(end)
                        .is_some_and(|b| b.eq_ignore_ascii_case(&b's'))
                        && boundary(end + 1))
                    || (bytes
                        .get(end..end + 2)
                        .is_some_and(|s| s.eq_ignore_ascii_case(b"es"))
                        && boundary(end + 2))
            }
        }
    }
}

fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The automaton (see the module's header).
pub(in crate::tag) struct AliasStarts {
    /// The distinct ASCII-lowercased spellings, matched ASCII case-insensitively.
    automaton: DFA,
    /// Its start state (of an unanchored search).
    start: StateID,
    /// Each spelling's tests, by its pattern ID.
    aliases: Box<[Alias]>,
    /// How many groups of other literals there are (see [`AliasStarts::new`]).
    groups: usize,
}

/// What a match of one spelling must pass to be an alias start, or the start of another literal.
#[derive(Debug, Clone, Copy)]
struct Alias {
    len: usize,
    /// An alias of this spelling begins with an ASCII word byte, so it starts only after a byte that is
    /// not one.
    word_initial: bool,
    end: EndTest,
    /// Whether the spelling is an alias's (or only another literal's).
    is_alias: bool,
    /// The groups of the other literals it spells (a bit each), and of those the groups it is reported
    /// for after an ASCII word byte.
    groups: Groups,
}

/// Bits of literal groups: all, and those that may start after an ASCII word byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Groups {
    all: u32,
    after_word: u32,
}

/// The most groups of other literals an automaton reports.
pub(in crate::tag) const LITERAL_GROUPS: usize = 32;

/// Another literal for [`AliasStarts`] to find in the same pass: its bytes (matched ASCII
/// case-insensitively), whether what it starts begins at a word boundary (then it is not reported
/// after an ASCII word byte when it begins with one), and the group it is reported in (below
/// [`LITERAL_GROUPS`]).
#[derive(Debug, Clone)]
pub(in crate::tag) struct Literal {
    pub bytes: Vec<u8>,
    pub at_boundary: bool,
    pub group: usize,
}

impl AliasStarts {
    /// The automaton of `aliases` (empty spellings are left out), which also finds `literals` (the
    /// built-in extractors' and the patterns' literals: the same pass gives where they can start); `None`
    /// when the crate cannot build it (a taxonomy too large for its state IDs) or a literal's group is
    /// [`LITERAL_GROUPS`] or more, for the caller to scan without it.
    pub fn new(aliases: &[String], literals: &[Literal]) -> Option<Self> {
        // Each spelling once (spellings that differ only in case would report the same match twice),
        // with whether it is an alias's and the groups of the other literals it spells.
        let mut roles: Vec<(Vec<u8>, bool, Groups)> = aliases
            .iter()
            .filter(|a| !a.is_empty())
            .map(|a| (a.as_bytes().to_ascii_lowercase(), true, Groups::default()))
            .collect();
        let mut groups = 0;
        for literal in literals.iter().filter(|l| !l.bytes.is_empty()) {
            if literal.group >= LITERAL_GROUPS {
                return None;
            }
            groups = groups.max(literal.group + 1);
            let bit = 1 << literal.group;
            let after_word = !(literal.at_boundary && is_ascii_word(literal.bytes[0]));
            let role = Groups {
                all: bit,
                after_word: if after_word { bit } else { 0 },
            };
            roles.push((literal.bytes.to_ascii_lowercase(), false, role));
        }
        roles.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut merged: Vec<(Vec<u8>, bool, Groups)> = Vec::with_capacity(roles.len());
        for (spelling, is_alias, role) in roles {
            match merged.last_mut() {
                Some(last) if last.0 == spelling => {
                    last.1 |= is_alias;
                    last.2.all |= role.all;
                    last.2.after_word |= role.after_word;
                }
                _ => merged.push((spelling, is_alias, role)),
            }
        }
        let spellings: Vec<&[u8]> = merged.iter().map(|(s, ..)| s.as_slice()).collect();
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&spellings)
            .ok()?;
        let start = automaton.start_state(Anchored::No).ok()?;
        let aliases = merged
            .iter()
            .map(|(s, is_alias, groups)| Alias {
                len: s.len(),
                word_initial: is_ascii_word(s[0]),
                end: EndTest::of(s),
                is_alias: *is_alias,
                groups: *groups,
            })
            .collect();
        Some(AliasStarts {
            automaton,
            start,
            aliases,
            groups,
        })
    }

    /// Every position of `text` where an alias may begin, in order and once each, with the length of the
    /// longest alias there that passes its end test, into `starts`; and, group by group, every position
    /// where another literal of the group starts (but after an ASCII word byte, for one at a word boundary
    /// that begins with an ASCII word byte), in order and once each, into `literals` (one list a group, as
    /// many as the highest group given and one).
    pub fn find(
        &self,
        text: &str,
        starts: &mut Vec<(usize, usize)>,
        literals: &mut Vec<Vec<usize>>,
    ) {
        starts.clear();
        literals.resize_with(self.groups, Vec::new);
        literals.iter_mut().for_each(Vec::clear);
        let bytes = text.as_bytes();
        let automaton = &self.automaton;
        let mut state = self.start;
        for (at, &byte) in bytes.iter().enumerate() {
            state = automaton.next_state(Anchored::No, state, byte);
            if automaton.is_special(state) && automaton.is_match(state) {
                self.push_ends(bytes, at + 1, state, starts, literals);
            }
        }
        for group in literals.iter_mut() {
            group.sort_unstable();
            group.dedup();
        }
        // Ends come in order; starts nearly so. Of one start, the longest alias is kept.
        starts.sort_unstable();
        starts.dedup_by(|later, earlier| {
            later.0 == earlier.0 && {
                earlier.1 = later.1;
                true
            }
        });
    }

    /// The aliases that end at `end` in the matching `state` and pass their tests, as start and length.
    /// Not inlined: in the scan's loop it took the registers the loop's state needs.
    #[inline(never)]
    fn push_ends(
        &self,
        bytes: &[u8],
        end: usize,
        state: StateID,
        starts: &mut Vec<(usize, usize)>,
        literals: &mut [Vec<usize>],
    ) {
        for index in 0..self.automaton.match_len(state) {
            let pattern = self.automaton.match_pattern(state, index);
            let alias = self.aliases[pattern.as_usize()];
            let start = end - alias.len;
            let after_word = alias.word_initial && start > 0 && is_ascii_word(bytes[start - 1]);
            if alias.is_alias && !after_word && alias.end.passes(bytes, end) {
                starts.push((start, alias.len));
            }
            let mut groups = match after_word {
                true => alias.groups.after_word,
                false => alias.groups.all,
            };
            while groups != 0 {
                literals[groups.trailing_zeros() as usize].push(start);
                groups &= groups - 1;
            }
        }
    }

    /// The bytes the automaton holds.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.automaton.memory_usage() + self.aliases.len() * std::mem::size_of::<Alias>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`AliasStarts::find`] must find, alias by alias and position by position: where an alias is
    /// spelled (ASCII case-insensitively), after no ASCII word byte if it begins with one, and its end
    /// test passes; with the longest such alias there.
    fn starts_by_search(aliases: &[String], text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter_map(|at| {
                let passing = aliases.iter().map(String::as_bytes).filter(|alias| {
                    let end = at + alias.len();
                    !alias.is_empty()
                        && bytes
                            .get(at..end)
                            .is_some_and(|s| s.eq_ignore_ascii_case(alias))
                        && (!is_ascii_word(alias[0]) || at == 0 || !is_ascii_word(bytes[at - 1]))
                        && EndTest::of(alias).passes(bytes, end)
                });
                passing.map(<[u8]>::len).max().map(|len| (at, len))
            })
            .collect()
    }

    fn found(aliases: &[String], text: &str) -> Vec<(usize, usize)> {
        let mut starts = Vec::new();
        AliasStarts::new(aliases, &[])
            .unwrap()
            .find(text, &mut starts, &mut Vec::new());
        starts
    }

    /// The alias starts and the other literals' starts by group, found in one pass.
    fn found_with(
        aliases: &[String],
        literals: &[Literal],
        text: &str,
    ) -> (Vec<(usize, usize)>, Vec<Vec<usize>>) {
        let (mut starts, mut at) = (Vec::new(), Vec::new());
        AliasStarts::new(aliases, literals)
            .unwrap()
            .find(text, &mut starts, &mut at);
        (starts, at)
    }

    /// Where the literals of each group start, by a search of each at every position (as many groups
    /// as the highest given and one).
    fn literal_starts_by_search(literals: &[Literal], text: &str) -> Vec<Vec<usize>> {
        let groups = literals
            .iter()
            .filter(|l| !l.bytes.is_empty())
            .map(|l| l.group + 1)
            .max()
            .unwrap_or(0);
        (0..groups)
            .map(|group| {
                let of_group: Vec<&Literal> =
                    literals.iter().filter(|l| l.group == group).collect();
                group_starts_by_search(&of_group, text)
            })
            .collect()
    }

    fn group_starts_by_search(literals: &[&Literal], text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter(|&at| {
                literals.iter().any(|l| {
                    !l.bytes.is_empty()
                        && bytes
                            .get(at..at + l.bytes.len())
                            .is_some_and(|s| s.eq_ignore_ascii_case(&l.bytes))
                        && !(l.at_boundary
                            && is_ascii_word(l.bytes[0])
                            && at > 0
                            && is_ascii_word(bytes[at - 1]))
                })
            })
            .collect()
    }

    #[test]
    fn alias_starts_are_where_an_alias_may_begin_and_nowhere_else() {
        let aliases: Vec<String> = [
            "re",
            "really",
            "io",
            "asyncio",
            "JIT",
            "sys.monitoring",
            "C API",
            "c",
            ".pth",
            "3.13",
            "Łukasz",
            "py",
            "PyPy",
            "a-b",
            "-b",
            "",
            "GIL",
            "no-GIL",
            "x_y",
        ]
        .map(String::from)
        .to_vec();
        let text = "really re, re's JITs JITes JITS jitx sys.monitoringx c api C-API éasyncio \
                    asyncioé ŁUKASZ Łukasz pypy_ py PyPy3 a-b xa-b -b x_y_ x_y no-GIL nogil GILs 3.13t";
        assert_eq!(found(&aliases, text), starts_by_search(&aliases, text));
        assert!(found(&aliases, "").is_empty());
        assert!(found(&[], text).is_empty());
    }

    #[test]
    fn the_shipped_taxonomys_alias_starts_take_a_few_megabytes() {
        let taxonomy = crate::taxonomy::Taxonomy::builtin().unwrap();
        let (aliases, _) = crate::tag::targets::word_patterns(&taxonomy);
        let automaton = AliasStarts::new(&aliases, &[]).unwrap();
        let bytes = automaton.heap_bytes();
        eprintln!("{} aliases: {bytes} bytes", aliases.len());
        assert!(bytes < 8 << 20, "{bytes} bytes");
    }

    #[test]
    fn other_literals_start_where_they_are_and_leave_the_alias_starts_alone() {
        // "pep" is an alias too, and a literal of two groups: at a word boundary in one (not in "xpep"),
        // anywhere in the other; "gh" begins at a word boundary (not in "through"), "-x" may follow a word.
        let aliases = ["PEP", "re", "io"].map(String::from).to_vec();
        let literal = |bytes: &str, at_boundary, group| Literal {
            bytes: bytes.as_bytes().to_vec(),
            at_boundary,
            group,
        };
        let literals = [
            literal("pep", true, 0),
            literal("gh", true, 1),
            literal("-x", true, 0),
            literal("1.", false, 2),
            literal("PeP", false, 2),
            literal("", true, 5),
        ];
        let text = "PEP 8, peps, pepper, through gh-1 GH1 re-x io-X 3.1 v1.2 xpep";
        let (starts, at) = found_with(&aliases, &literals, text);
        assert_eq!(starts, starts_by_search(&aliases, text));
        assert_eq!(at, literal_starts_by_search(&literals, text));
        let counts: Vec<usize> = at.iter().map(Vec::len).collect();
        assert_eq!(counts, [5, 2, 5], "{at:?}");
    }

    proptest! {
        #[test]
        fn other_literals_start_where_a_search_finds_them(
            aliases in prop::collection::vec("[aAbB1_ .é-]{1,4}", 0..8),
            literals in prop::collection::vec(("[aAbB1_ .-]{1,4}", any::<bool>(), 0..3usize), 0..8),
            text in "[aAbBsSeE1_ .é-]{0,80}",
        ) {
            let literals: Vec<Literal> = literals
                .into_iter()
                .map(|(bytes, at_boundary, group)| Literal { bytes: bytes.into_bytes(), at_boundary, group })
                .collect();
            let (starts, at) = found_with(&aliases, &literals, &text);
            prop_assert_eq!(starts, starts_by_search(&aliases, &text));
            prop_assert_eq!(at, literal_starts_by_search(&literals, &text));
        }

        #[test]
        fn alias_starts_agree_with_a_search_of_every_alias(
            aliases in prop::collection::vec("[aAbB1_ .é-]{1,5}", 0..12),
            text in "[aAbBsSeE1_ .é-]{0,80}",
        ) {
            prop_assert_eq!(found(&aliases, &text), starts_by_search(&aliases, &text));
        }
    }
}
