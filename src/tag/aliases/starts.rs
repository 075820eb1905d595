//! Alias starts: one immutable automaton, built once and shared by every thread, that finds in one pass
//! over a long text every position where an alias may begin, for the alias index to be asked there, and
//! where other literals start, each in its group (the built-in extractors' prefixes, for them to be
//! searched there alone; the taxonomy patterns' prefixes and inner literals, see [`super::super::patterns`]).
//!
//! It is an Aho-Corasick automaton of the spellings (ASCII case-insensitive, every match reported,
//! overlapping): the `aho-corasick` crate builds its trie, failure links and matches (a noncontiguous
//! NFA), and [`Dfa`] reads that into a table of our own, stepped byte by byte, with the cheapest tests of a
//! mention's edges applied to each match: an alias that begins with an ASCII word character starts only
//! after a byte that is not one, and an alias's match counts only when the bytes after it pass its end
//! test ([`EndTest`], the same tests the merged regex of the aliases had). Each test is implied by the
//! tagger's own, Unicode-aware checks, so the positions found are a superset of those where an alias names
//! something; they are all where one can.
//!
//! Why a table of our own rather than the crate's DFA (h13r8, measured on Talk Python's transcripts, 4.40 G
//! instructions before): the crate's step is about 13 instructions a byte (its class lookup, the bounds
//! check of its transitions, its special-state tests); ours is 7 (a class from a copy of the class map on
//! the stack, one load from a table a power of two long indexed under a mask, one comparison, since the
//! matching states are numbered last), eight steps a round: the pass 474 M to 260 M instructions. A state
//! reports its matches from one list of records; a match shorter than the state's spelling has its start
//! test decided when the table is built (the spelling holds the byte before it), so matches inside words
//! are mostly not reported at all: the reports 145 M to 96 M. The table is made from the crate's NFA, each
//! state's row its children's and elsewhere its failure state's row, instead of the crate's DFA build: the
//! scan's build 187 M to 107 M. Its classes fold an ASCII letter's two cases (the crate's keep them
//! apart), so it is 4 MiB against the crate's 6 MB.
//!
//! The merged regex it replaces was a lazy DFA, whose states each thread built for itself and held in its
//! own cache (the transcripts visit thousands); this automaton is built once, in a few tens of
//! milliseconds, and read by both threads.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::noncontiguous::NFA;
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
    /// Each byte's class: the bytes no spelling holds are class 0, an ASCII letter's two cases one class.
    classes: [u8; 256],
    /// The states' rows, each its transitions by class (the next state's row, as where it begins in the
    /// table) and, after them, for a matching state, its rank among the matching states; a power of two
    /// long, so that an index masked with its length less one is within it.
    table: Box<[u32]>,
    /// The first matching state's row: the states at or after it are the matching ones.
    first_match: u32,
    /// How many classes there are: where in a row the matching state's rank is.
    rank_at: usize,
    /// By matching state's rank, where its reports begin in `matches` (and, last, where they end).
    match_ranges: Box<[u32]>,
    /// The reports of every matching state, one record each, state after state.
    matches: Box<[Report]>,
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

/// A match as its state reports it. The state's spelling holds the byte before a match shorter than
/// it, so the start test of such a match is decided when the automaton is built (a match inside a word is
/// not reported at all); only a match as long as the spelling reads the byte before it.
#[derive(Debug, Clone, Copy)]
struct Report {
    len: usize,
    /// Whether the byte before the match is read: the match begins with an ASCII word byte and is the
    /// whole of its state's spelling.
    check_before: bool,
    end: EndTest,
    /// Whether it is an alias's start (unless the byte read before it is an ASCII word byte).
    alias: bool,
    /// Its literal groups, and those after an ASCII word byte (when it is read).
    groups: u32,
    after_word_groups: u32,
}

impl Report {
    /// The report of a match of `alias` in the state that has read `spelled`; `None` if it can start
    /// nothing there.
    fn of(alias: &Alias, spelled: &[u8]) -> Option<Self> {
        let before = (spelled.len().checked_sub(alias.len + 1)).map(|at| spelled[at]);
        let after_word = alias.word_initial && before.is_some_and(is_ascii_word);
        let report = Report {
            len: alias.len,
            check_before: alias.word_initial && before.is_none(),
            end: alias.end,
            alias: alias.is_alias && !after_word,
            groups: match after_word {
                true => alias.groups.after_word,
                false => alias.groups.all,
            },
            after_word_groups: alias.groups.after_word,
        };
        (report.alias || report.groups != 0).then_some(report)
    }
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
        let nfa = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&spellings)
            .ok()?;
        let records: Vec<Alias> = merged
            .iter()
            .map(|(s, is_alias, groups)| Alias {
                len: s.len(),
                word_initial: is_ascii_word(s[0]),
                end: EndTest::of(s),
                is_alias: *is_alias,
                groups: *groups,
            })
            .collect();
        let (classes, representatives) = byte_classes(&spellings);
        let dfa = Dfa::of(&nfa, &representatives)?;
        Some(dfa.laid_out(classes, &nfa, &records, groups))
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
        let (table, first_match) = (&*self.table, self.first_match as usize);
        // A copy on the stack: read through `self`, the loop reloaded it at every byte.
        let classes = self.classes;
        // The table is a power of two long: the mask keeps an index in it without a bounds check.
        let mask = table.len().wrapping_sub(1);
        if table.is_empty() {
            return;
        }
        let mut state = START as usize;
        let mut visit = |end: usize, byte: u8| {
            state = table[(state + usize::from(classes[usize::from(byte)])) & mask] as usize;
            if state >= first_match {
                self.push_ends(bytes, end, state as u32, starts, literals);
            }
        };
        // Eight bytes a round, unrolled: the loop's own count and test once for eight steps.
        let (rounds, tail) = bytes.as_chunks::<8>();
        for (round, eight) in rounds.iter().enumerate() {
            for (at, &byte) in eight.iter().enumerate() {
                visit(round * 8 + at + 1, byte);
            }
        }
        let done = rounds.len() * 8;
        for (at, &byte) in tail.iter().enumerate() {
            visit(done + at + 1, byte);
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
        state: u32,
        starts: &mut Vec<(usize, usize)>,
        literals: &mut [Vec<usize>],
    ) {
        let rank = self.table[state as usize + self.rank_at] as usize;
        let range = self.match_ranges[rank] as usize..self.match_ranges[rank + 1] as usize;
        for report in &self.matches[range] {
            let start = end - report.len;
            let after_word = report.check_before && start > 0 && is_ascii_word(bytes[start - 1]);
            let (alias, mut groups) = match after_word {
                true => (false, report.after_word_groups),
                false => (report.alias, report.groups),
            };
            if alias && report.end.passes(bytes, end) {
                starts.push((start, report.len));
            }
            while groups != 0 {
                literals[groups.trailing_zeros() as usize].push(start);
                groups &= groups - 1;
            }
        }
    }

    /// The bytes the automaton holds.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.table.len() * std::mem::size_of::<u32>()
            + self.match_ranges.len() * std::mem::size_of::<u32>()
            + self.matches.len() * std::mem::size_of::<Report>()
    }
}

/// The start state's first transition: the start is the first state.
const START: u32 = 0;

/// Each byte's class, and a byte of each class: an ASCII letter and its other case are one class (the
/// spellings are matched ASCII case-insensitively), every other byte a spelling holds is a class of its
/// own, and the bytes no spelling holds are one class (they all lead where a byte that is in no spelling
/// leads). Classes are numbered as their first byte comes, so none is empty.
fn byte_classes(spellings: &[&[u8]]) -> ([u8; 256], Vec<u8>) {
    let mut spelled = [false; 256];
    for &byte in spellings.iter().flat_map(|s| s.iter()) {
        spelled[usize::from(byte.to_ascii_lowercase())] = true;
    }
    // By the lowercased byte, or 256 for the bytes no spelling holds: its class.
    let mut class_of: [Option<u8>; 257] = [None; 257];
    let mut classes = [0; 256];
    let mut representatives = Vec::new();
    for byte in 0..=u8::MAX {
        let lower = usize::from(byte.to_ascii_lowercase());
        let key = if spelled[lower] { lower } else { 256 };
        // At most 26 letters share a class with another byte: fewer than 231 classes.
        classes[usize::from(byte)] = *class_of[key].get_or_insert_with(|| {
            representatives.push(byte);
            (representatives.len() - 1) as u8
        });
    }
    (classes, representatives)
}

/// The crate's automaton read into a table, state by state in the order they are reached from the start.
struct Dfa {
    /// The states, the start first, then by the length of their spellings.
    states: Vec<StateID>,
    /// What each state has read: the last bytes of the text in it (up to an ASCII letter's case).
    spelled: Vec<Vec<u8>>,
    /// Each state's next state by class (as its index in `states`), a row a state.
    next: Vec<u32>,
    /// How many classes a row has.
    classes: usize,
}

impl Dfa {
    /// Every state of `nfa` reached from its unanchored start, and its transitions on each class's byte;
    /// `None` if its start matches (an empty spelling), it is not the trie it is made from, or there are
    /// too many states for the table.
    ///
    /// Each state's row is its children's, and elsewhere its failure state's row (the crate's own
    /// `next_state` follows the failure chain at each step: 8 times the instructions to build): rows are
    /// made in the order the states are reached, so a failure state, whose spelling is shorter, has its
    /// row already.
    fn of(nfa: &NFA, representatives: &[u8]) -> Option<Self> {
        let start = nfa.start_state(Anchored::No).ok()?;
        if nfa.is_match(start) {
            return None;
        }
        let classes = representatives.len();
        let mut states = vec![start];
        let mut spelled = vec![Vec::new()];
        // Each state's failure state: the longest end of its spelling that another state spells.
        let mut fail: Vec<u32> = vec![0];
        let mut next: Vec<u32> = Vec::new();
        // By the crate's state ID, whether it was reached (a trie's states are reached once each).
        let mut reached: Vec<bool> = Vec::new();
        let mut at = 0;
        while let Some(&state) = states.get(at) {
            for (class, &byte) in representatives.iter().enumerate() {
                // The start's transitions go to itself where no spelling begins; another state's only
                // to its children.
                let (anchored, otherwise) = match at {
                    0 => (Anchored::No, 0),
                    _ => (Anchored::Yes, next[fail[at] as usize * classes + class]),
                };
                let to = nfa.next_state(anchored, state, byte);
                if nfa.is_dead(to) || to == start {
                    next.push(otherwise);
                    continue;
                }
                if reached.len() <= to.as_usize() {
                    reached.resize(to.as_usize() + 1, false);
                }
                if std::mem::replace(&mut reached[to.as_usize()], true) {
                    return None;
                }
                next.push(u32::try_from(states.len()).ok()?);
                states.push(to);
                spelled.push([&spelled[at][..], &[byte]].concat());
                fail.push(otherwise);
            }
            at += 1;
        }
        (states.len().checked_mul(classes + 1)).filter(|&n| n <= 1 << 31)?;
        Some(Dfa {
            states,
            spelled,
            next,
            classes,
        })
    }

    /// The table of [`AliasStarts`]: the states renumbered, those that report a match last, and each such
    /// state's reports made of the records of its matches' patterns (`records`, by pattern ID).
    fn laid_out(
        self,
        classes: [u8; 256],
        nfa: &NFA,
        records: &[Alias],
        groups: usize,
    ) -> AliasStarts {
        // A row is the transitions and the rank of a matching state.
        let stride = self.classes + 1;
        let reports: Vec<Vec<Report>> = (self.states.iter().zip(&self.spelled))
            .map(|(&state, spelled)| {
                let patterns = (0..nfa.match_len(state)).map(|i| nfa.match_pattern(state, i));
                patterns
                    .filter_map(|pattern| Report::of(&records[pattern.as_usize()], spelled))
                    .collect()
            })
            .collect();
        let all = 0..self.states.len();
        let order: Vec<usize> = (all.clone().filter(|&i| reports[i].is_empty()))
            .chain(all.filter(|&i| !reports[i].is_empty()))
            .collect();
        let not_matching = order.iter().take_while(|&&i| reports[i].is_empty()).count();
        let mut renumbered = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumbered[old] = (new * stride) as u32;
        }
        let mut table = vec![0u32; (order.len() * stride).next_power_of_two()];
        for (new, &old) in order.iter().enumerate() {
            let row = &mut table[new * stride..][..stride];
            let next = &self.next[old * self.classes..][..self.classes];
            for (to, &from) in row.iter_mut().zip(next) {
                *to = renumbered[from as usize];
            }
            row[self.classes] = new.saturating_sub(not_matching) as u32;
        }
        let mut match_ranges = vec![0];
        let mut matches = Vec::new();
        for &old in &order[not_matching..] {
            matches.extend_from_slice(&reports[old]);
            match_ranges.push(matches.len() as u32);
        }
        AliasStarts {
            classes,
            table: table.into(),
            first_match: (not_matching * stride) as u32,
            rank_at: self.classes,
            match_ranges: match_ranges.into(),
            matches: matches.into(),
            groups,
        }
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

    /// The rows made from the failure states' rows are the crate's own steps: over the shipped taxonomy's
    /// spellings and a text of them in other cases, inside words and beside other bytes, both automata
    /// are in the same state after every byte.
    #[test]
    fn the_table_steps_as_the_crates_automaton_does() {
        let taxonomy = crate::taxonomy::Taxonomy::builtin().unwrap();
        let (aliases, _) = crate::tag::targets::word_patterns(&taxonomy);
        let spellings: Vec<Vec<u8>> = (aliases.iter().filter(|a| !a.is_empty()))
            .map(|a| a.as_bytes().to_ascii_lowercase())
            .collect();
        let spellings: Vec<&[u8]> = spellings.iter().map(Vec::as_slice).collect();
        let nfa = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&spellings)
            .unwrap();
        let (classes, representatives) = byte_classes(&spellings);
        let dfa = Dfa::of(&nfa, &representatives).unwrap();
        let text: String = (aliases.iter())
            .map(|a| format!("x{a}s {}, é{a}_ ({a}) ", a.to_uppercase()))
            .collect();
        let (mut ours, mut theirs) = (0, nfa.start_state(Anchored::No).unwrap());
        let mut moves = 0;
        for &byte in text.as_bytes() {
            let class = usize::from(classes[usize::from(byte)]);
            ours = dfa.next[ours * dfa.classes + class] as usize;
            theirs = nfa.next_state(Anchored::No, theirs, byte);
            assert_eq!(dfa.states[ours], theirs, "{:?}", dfa.spelled[ours]);
            moves += usize::from(ours != 0);
        }
        assert!(moves > text.len() / 2, "{moves} of {}", text.len());
    }

    /// A match shorter than its state's spelling is tested against the byte before it when the automaton
    /// is built: "re" at the end of "are" is inside a word, so the state of "are" reports "are" alone.
    #[test]
    fn matches_inside_words_are_not_reported() {
        let aliases = ["are", "re", "-re"].map(String::from).to_vec();
        let automaton = AliasStarts::new(&aliases, &[]).unwrap();
        // "re" (read at run time), "are" (the same), "-re" and, after "-", "re".
        assert_eq!(automaton.matches.len(), 4);
        assert_eq!(automaton.match_ranges.len(), 4);
        let text = "are re -re fare";
        assert_eq!(found(&aliases, text), starts_by_search(&aliases, text));
        assert_eq!(found(&aliases, text), [(0, 3), (4, 2), (7, 3), (8, 2)]);
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
