//! Alias starts: one immutable automaton, built once and shared by every thread, that finds in one pass
//! over a long text every position where an alias may begin, for the alias index to be asked there.
//!
//! It is an Aho-Corasick automaton of the spellings (ASCII case-insensitive), made a dense DFA over byte
//! classes, with the cheapest tests of a mention's edges built in, so that it does not stop inside words:
//! an alias that begins with an ASCII word character starts only after a byte that is not one (two start
//! states, after a word byte and after any other), and an alias's match counts only when the bytes after it
//! pass its end test ([`EndTest`], the same tests the merged regex of the aliases had). Each test is implied
//! by the tagger's own, Unicode-aware checks, so the positions found are a superset of those where an alias
//! names something; they are all where one can.
//!
//! The merged regex it replaces was a lazy DFA, whose states each thread built for itself and held in its
//! own cache (the transcripts visit thousands); this automaton is built once, in a few milliseconds, and
//! read by both threads.

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
    /// Each byte's class: the ASCII-lowercased bytes the aliases use each have one; the others are one
    /// class of ASCII word bytes and one of the rest.
    classes: [u8; 256],
    /// The transitions, `state + class`, where a state is its index times the number of classes.
    next: Box<[u32]>,
    /// States at or above this one end an alias (premultiplied, like the states).
    first_matching: u32,
    /// For each matching state (by its index less the first matching one's), its aliases' lengths and end
    /// tests as a range of `ends`.
    matches: Box<[(u32, u32)]>,
    ends: Box<[(u32, EndTest)]>,
    /// The start state: at the start of a text, no word goes on.
    start: u32,
    class_count: u32,
}

/// A state while the automaton is built.
#[derive(Default, Clone)]
struct Node {
    children: Vec<(u8, u32)>,
    fail: u32,
    /// The aliases that end here (own, then the failure states'), as length and end test.
    ends: Vec<(u32, EndTest)>,
}

/// The two start states: after a byte that is not an ASCII word byte (or at the start), and after one.
const AFTER_OTHER: u32 = 0;
const AFTER_WORD: u32 = 1;

impl AliasStarts {
    /// The automaton of `aliases` (empty spellings are left out).
    pub fn new(aliases: &[String]) -> Self {
        let (classes, class_count, word_class) = byte_classes(aliases);
        let mut nodes = vec![Node::default(), Node::default()];
        for alias in aliases.iter().map(String::as_bytes) {
            if alias.is_empty() {
                continue;
            }
            let mut at = AFTER_OTHER;
            for &byte in alias {
                let class = classes[usize::from(byte)];
                let found = nodes[at as usize].children.iter().find(|c| c.0 == class);
                at = match found {
                    Some(&(_, child)) => child,
                    None => {
                        let child = nodes.len() as u32;
                        nodes.push(Node::default());
                        nodes[at as usize].children.push((class, child));
                        child
                    }
                };
            }
            let end = (alias.len() as u32, EndTest::of(alias));
            if !nodes[at as usize].ends.contains(&end) {
                nodes[at as usize].ends.push(end);
            }
        }
        let next = transitions(&mut nodes, class_count, &word_class);
        Self::renumbered(nodes, next, classes, class_count)
    }

    /// The automaton with the matching states last, so that the scan tests one comparison a byte.
    fn renumbered(
        nodes: Vec<Node>,
        next: Vec<u32>,
        classes: [u8; 256],
        class_count: usize,
    ) -> Self {
        let (mut order, matching): (Vec<usize>, Vec<usize>) =
            (0..nodes.len()).partition(|&s| nodes[s].ends.is_empty());
        let first_matching = order.len();
        order.extend(matching);
        let mut new_of = vec![0u32; nodes.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = (new * class_count) as u32;
        }
        let mut table = Vec::with_capacity(next.len());
        let (mut matches, mut ends) = (Vec::new(), Vec::new());
        for &old in &order {
            let row = &next[old * class_count..(old + 1) * class_count];
            table.extend(row.iter().map(|&to| new_of[to as usize]));
            if !nodes[old].ends.is_empty() {
                let from = ends.len() as u32;
                ends.extend_from_slice(&nodes[old].ends);
                matches.push((from, ends.len() as u32));
            }
        }
        AliasStarts {
            classes,
            next: table.into_boxed_slice(),
            first_matching: (first_matching * class_count) as u32,
            matches: matches.into_boxed_slice(),
            ends: ends.into_boxed_slice(),
            start: new_of[AFTER_OTHER as usize],
            class_count: class_count as u32,
        }
    }

    /// Every position of `text` where an alias may begin, in order and once each, with the length of the
    /// longest alias there that passes its end test, into `starts`.
    pub fn find(&self, text: &str, starts: &mut Vec<(usize, usize)>) {
        starts.clear();
        let bytes = text.as_bytes();
        let (next, classes, first_matching) = (&self.next[..], &self.classes, self.first_matching);
        let mut state = self.start;
        for (at, &byte) in bytes.iter().enumerate() {
            state = next[(state + u32::from(classes[usize::from(byte)])) as usize];
            if state >= first_matching {
                self.push_ends(bytes, at + 1, state, starts);
            }
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

    /// The aliases that end at `end` in the matching `state` and pass their end tests, as start and length.
    /// Not inlined: in the scan's loop it took the registers the loop's state needs (17 instructions a byte
    /// with spills).
    #[inline(never)]
    fn push_ends(&self, bytes: &[u8], end: usize, state: u32, starts: &mut Vec<(usize, usize)>) {
        let index = ((state - self.first_matching) / self.class_count) as usize;
        let (from, to) = self.matches[index];
        for &(len, test) in &self.ends[from as usize..to as usize] {
            if test.passes(bytes, end) {
                starts.push((end - len as usize, len as usize));
            }
        }
    }

    /// The bytes the automaton holds.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.next.len() * 4 + self.matches.len() * 8 + self.ends.len() * 8
    }
}

/// Each byte's class, how many there are, and which are ASCII word bytes: a class for each ASCII-lowercased
/// byte an alias uses (an ASCII letter's two cases share it), one for the other ASCII word bytes, one for
/// the rest.
fn byte_classes(aliases: &[String]) -> ([u8; 256], usize, Vec<bool>) {
    let mut used = [false; 256];
    for byte in aliases.iter().flat_map(|a| a.bytes()) {
        used[usize::from(byte.to_ascii_lowercase())] = true;
    }
    let (other, other_word) = (0u8, 1u8);
    let mut word_class = vec![false, true];
    let mut own = [0u8; 256];
    for byte in 0..=255u8 {
        if used[usize::from(byte)] {
            own[usize::from(byte)] = word_class.len() as u8;
            word_class.push(is_ascii_word(byte));
        }
    }
    let mut classes = [0u8; 256];
    for byte in 0..=255u8 {
        let lower = byte.to_ascii_lowercase();
        classes[usize::from(byte)] = if used[usize::from(lower)] {
            own[usize::from(lower)]
        } else if is_ascii_word(byte) {
            other_word
        } else {
            other
        };
    }
    (classes, word_class.len(), word_class)
}

/// The dense transitions of the trie `nodes` (the two start states first), made an Aho-Corasick automaton
/// breadth first: from a state, a byte with no child goes where it goes from the state's failure state, the
/// longest proper suffix of its spelling that may begin an alias where it stands. A word byte starts an
/// alias only from [`AFTER_OTHER`]. Each state's ends gain those of its failure state.
fn transitions(nodes: &mut [Node], class_count: usize, word_class: &[bool]) -> Vec<u32> {
    let mut next = vec![0u32; nodes.len() * class_count];
    let after = |class: usize| {
        if word_class[class] {
            AFTER_WORD
        } else {
            AFTER_OTHER
        }
    };
    let mut queue = std::collections::VecDeque::new();
    for class in 0..class_count {
        let child = nodes[AFTER_OTHER as usize]
            .children
            .iter()
            .find(|c| usize::from(c.0) == class)
            .map(|c| c.1);
        next[AFTER_OTHER as usize * class_count + class] = child.unwrap_or(after(class));
        next[AFTER_WORD as usize * class_count + class] = match child {
            Some(child) if !word_class[class] => child,
            _ => after(class),
        };
        if let Some(child) = child {
            nodes[child as usize].fail = after(class);
            queue.push_back(child);
        }
    }
    while let Some(state) = queue.pop_front() {
        let (state, fail) = (state as usize, nodes[state as usize].fail as usize);
        let inherited = nodes[fail].ends.clone();
        nodes[state].ends.extend(inherited);
        for class in 0..class_count {
            let child = nodes[state]
                .children
                .iter()
                .find(|c| usize::from(c.0) == class)
                .map(|c| c.1);
            let from_fail = next[fail * class_count + class];
            next[state * class_count + class] = match child {
                Some(child) => {
                    nodes[child as usize].fail = from_fail;
                    queue.push_back(child);
                    child
                }
                None => from_fail,
            };
        }
    }
    next
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
        AliasStarts::new(aliases).find(text, &mut starts);
        starts
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
        let automaton = AliasStarts::new(&aliases);
        let bytes = automaton.heap_bytes();
        eprintln!("{} aliases: {bytes} bytes", aliases.len());
        assert!(bytes < 8 << 20, "{bytes} bytes");
    }

    proptest! {
        #[test]
        fn alias_starts_agree_with_a_search_of_every_alias(
            aliases in prop::collection::vec("[aAbB1_ .é-]{1,5}", 0..12),
            text in "[aAbBsSeE1_ .é-]{0,80}",
        ) {
            prop_assert_eq!(found(&aliases, &text), starts_by_search(&aliases, &text));
        }
    }
}
