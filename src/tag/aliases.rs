//! Aliases: which alias a span of text spells, and the longest alias at a position.
//!
//! Every alias, name and module of the taxonomy is indexed by its spelling, ASCII case folded. Hashing the
//! shipped taxonomy's 1,800 spellings takes a fraction of a millisecond, where an Aho-Corasick automaton of
//! them took 5 ms to build: longer than tagging a whole show. A text is only looked at where an alias can
//! start, and there only the lengths of the aliases that begin with its first two bytes and end with the
//! byte at that length are hashed, longest first.

mod starts;
pub(super) use starts::{AliasStarts, LITERAL_GROUPS, Literal};

/// The aliases by spelling.
pub(super) struct AliasIndex {
    /// Each alias's index by its ASCII-lowercased spelling.
    by_spelling: foldhash::HashMap<Box<[u8]>, usize>,
    /// The lengths and last bytes of the aliases of two bytes and more, longest first, by their first two
    /// bytes (all ASCII-lowercased).
    lengths: foldhash::HashMap<[u8; 2], Box<[(usize, u8)]>>,
    /// The first bytes (ASCII-lowercased) of the aliases.
    first_bytes: [bool; 256],
    /// The one-byte aliases (ASCII-lowercased).
    one_byte: [bool; 256],
}

impl AliasIndex {
    /// Index `aliases`, whose spellings differ after ASCII case folding (the first of two that do not is
    /// the one found). Empty aliases are left out: they would match everywhere.
    pub fn new(aliases: &[String]) -> Self {
        let mut by_length: foldhash::HashMap<[u8; 2], Vec<(usize, u8)>> = Default::default();
        let mut by_spelling: foldhash::HashMap<Box<[u8]>, usize> = Default::default();
        let mut first_bytes = [false; 256];
        let mut one_byte = [false; 256];
        for (index, alias) in aliases.iter().enumerate() {
            let spelling = alias.as_bytes().to_ascii_lowercase();
            match spelling[..] {
                [] => continue,
                [only] => one_byte[usize::from(only)] = true,
                [a, b, ..] => {
                    let last = spelling[spelling.len() - 1];
                    by_length
                        .entry([a, b])
                        .or_default()
                        .push((spelling.len(), last));
                }
            }
            first_bytes[usize::from(spelling[0])] = true;
            by_spelling
                .entry(spelling.into_boxed_slice())
                .or_insert(index);
        }
        let lengths = by_length
            .into_iter()
            .map(|(prefix, mut lengths)| {
                lengths.sort_unstable_by(|a, b| b.cmp(a));
                lengths.dedup();
                (prefix, lengths.into_boxed_slice())
            })
            .collect();
        AliasIndex {
            by_spelling,
            lengths,
            first_bytes,
            one_byte,
        }
    }

    /// The alias that `bytes` spell, ASCII case-insensitively. `key` is room for the spelling.
    pub fn spelled(&self, bytes: &[u8], key: &mut Vec<u8>) -> Option<usize> {
        key.clear();
        key.extend(bytes.iter().map(u8::to_ascii_lowercase));
        self.by_spelling.get(key.as_slice()).copied()
    }

    /// The longest alias that `text[start..end]` begins with, as its end and index.
    pub fn longest(
        &self,
        text: &str,
        start: usize,
        end: usize,
        key: &mut Vec<u8>,
    ) -> Option<(usize, usize)> {
        let rest = &text.as_bytes()[start..end];
        let lengths = match rest {
            [a, b, ..] => self
                .lengths
                .get(&[a.to_ascii_lowercase(), b.to_ascii_lowercase()])
                .map_or(&[][..], |lengths| &lengths[..]),
            _ => &[],
        };
        let ends_alike = |&&(len, last): &&(usize, u8)| {
            rest.get(len - 1)
                .is_some_and(|b| b.to_ascii_lowercase() == last)
        };
        let one_byte = rest
            .first()
            .is_some_and(|b| self.one_byte[usize::from(b.to_ascii_lowercase())]);
        lengths
            .iter()
            .filter(ends_alike)
            .map(|&(len, _)| len)
            .chain(one_byte.then_some(1))
            .find_map(|len| Some((start + len, self.spelled(&rest[..len], key)?)))
    }

    /// Whether an alias may start at `at`: an alias begins with its byte, and no word goes on through it
    /// ([`super::starts_at_boundary`], tested first on bytes: no alias starts inside a run of ASCII word
    /// characters).
    pub fn may_start(&self, text: &str, at: usize) -> bool {
        let bytes = text.as_bytes();
        let is_ascii_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        if !self.first_bytes[usize::from(bytes[at].to_ascii_lowercase())] {
            return false;
        }
        if at > 0 && is_ascii_word(bytes[at]) && is_ascii_word(bytes[at - 1]) {
            return false;
        }
        super::words::starts_at_boundary(text, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`AliasIndex::longest`] must find: of the aliases `text[start..end]` begins with (ASCII
    /// case-insensitively), the longest, and of equal spellings the first.
    fn longest_by_search(
        aliases: &[String],
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let rest = &text.as_bytes()[start..end];
        let begins_with = |alias: &String| {
            !alias.is_empty()
                && rest.len() >= alias.len()
                && rest[..alias.len()].eq_ignore_ascii_case(alias.as_bytes())
        };
        let mut best: Option<(usize, usize)> = None;
        for (index, alias) in aliases.iter().enumerate() {
            if begins_with(alias) && best.is_none_or(|(end, _)| start + alias.len() > end) {
                best = Some((start + alias.len(), index));
            }
        }
        best
    }

    fn aliases(spellings: &[&str]) -> Vec<String> {
        spellings.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_index_finds_the_longest_alias_a_search_of_every_alias_finds() {
        let aliases = aliases(&[
            "Python",
            "Python 3",
            "py",
            "p",
            "PyPy",
            "PEP",
            "Łukasz",
            "łukasz langa",
            "3.13",
            "_ast",
            "C API",
            "c",
            "asyncio",
            "async",
            "a",
            "ab",
            "abc",
            "abd",
            "abcd",
            "x.y",
        ]);
        let index = AliasIndex::new(&aliases);
        let text = "Python 3x, PYPY and pep 8; Łukasz Langa; ŁUKASZ; 3.13 _ast C-API c api abcd abce ab a x.yz";
        let mut key = Vec::new();
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    index.longest(text, start, end, &mut key),
                    longest_by_search(&aliases, text, start, end),
                    "{:?}",
                    &text[start..end]
                );
            }
        }
    }

    #[test]
    fn a_spelling_names_its_alias_in_any_ascii_case_only() {
        let aliases = aliases(&["Free-Threading", "Łukasz"]);
        let index = AliasIndex::new(&aliases);
        let mut key = Vec::new();
        assert_eq!(index.spelled(b"free-THREADING", &mut key), Some(0));
        assert_eq!(index.spelled("Łukasz".as_bytes(), &mut key), Some(1));
        // ASCII case folding only: `ł` is not `Ł`.
        assert_eq!(index.spelled("łukasz".as_bytes(), &mut key), None);
        assert_eq!(index.spelled(b"free-threadin", &mut key), None);
    }

    #[test]
    fn an_alias_may_start_only_where_no_word_goes_on_through_it() {
        let index = AliasIndex::new(&aliases(&["jit", "éa", ".pth"]));
        // After `é`, a word character that is not ASCII, `jit` is inside a word too.
        let text = "a jit, ajit, éjit é.pth_x éa";
        let starts: Vec<usize> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i) && index.may_start(text, i))
            .collect();
        let words: Vec<&str> = starts.iter().map(|&i| &text[i..]).collect();
        assert_eq!(
            words,
            [
                "jit, ajit, éjit é.pth_x éa",
                "éjit é.pth_x éa",
                "é.pth_x éa",
                ".pth_x éa",
                "éa"
            ]
        );
    }
}
