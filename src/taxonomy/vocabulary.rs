//! The checked taxonomy's entries: shows, topics, PEPs, people, projects and modules, and the terms and
//! patterns that name them, which the tagger compiles.
//!
//! The entries are public and read through `Taxonomy`'s accessors; the terms, patterns, modules and their
//! targets and case rules are the tagger's vocabulary and stay inside the crate.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::error::Location;

/// A show and its hosts.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ShowDef {
    pub id: String,
    /// The show's title (`Talk Python To Me`).
    pub name: String,
    /// Other names inputs use for it (`Talk Python`, `talkpython`).
    pub aliases: Vec<String>,
    /// The show's web site.
    pub site: Option<String>,
    /// The show's feed URL.
    pub feed: Option<String>,
    /// The hosts, in file order, each with the episodes or dates they host.
    pub hosts: Vec<Host>,
}

impl ShowDef {
    /// The taxonomy indexes of the people who host an episode with this number and date.
    pub fn hosts_of<'a>(
        &'a self,
        number: Option<u32>,
        date: Option<&'a str>,
    ) -> impl Iterator<Item = usize> + 'a {
        self.hosts
            .iter()
            .filter(move |h| h.hosts(number, date))
            .map(|h| h.person)
    }

    /// Whether `name` (a feed's channel title, a heading, a folder name) names this show: its id, title or
    /// an alias, compared by their letters and digits only, in any case. A name that starts with one of
    /// them of eight letters or more names it too, as channel titles add to the name
    /// (`Podcast.__init__('Python')`).
    pub fn is_named(&self, name: &str) -> bool {
        keys_name(&self.name_keys(), &name_key(name))
    }

    /// The keys of the show's id, title and aliases (see [`name_key`]), which a name's key is compared with.
    pub(crate) fn name_keys(&self) -> Vec<String> {
        std::iter::once(self.id.as_str())
            .chain(std::iter::once(self.name.as_str()))
            .chain(self.aliases.iter().map(String::as_str))
            .map(name_key)
            .collect()
    }
}

/// Whether a name's key (see [`name_key`]) names the show whose id, title and aliases have `keys`: it is
/// one of them, or starts with one of eight letters or more.
pub(crate) fn keys_name(keys: &[String], key: &str) -> bool {
    const PREFIX_MIN: usize = 8;
    !key.is_empty()
        && keys
            .iter()
            .any(|n| n == key || (n.len() >= PREFIX_MIN && key.starts_with(n.as_str())))
}

/// A name's letters and digits, lowercase, diacritics folded: `Talk Python` and `talkpython` agree. (What
/// is left of its slug without the dashes; an ASCII name, which folding leaves as it is, is not copied
/// first: the graph asks this of every folder of every episode's path.)
pub(crate) fn name_key(name: &str) -> String {
    let folded = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(name))
    };
    folded
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A host of a show, and which episodes they host.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Host {
    /// Index into [`Taxonomy::people`](super::Taxonomy::people).
    pub person: usize,
    /// The episode numbers hosted, ends included (`None`: no bound).
    pub episodes: Option<(Option<u32>, Option<u32>)>,
    /// The dates hosted, `YYYY-MM-DD`, ends included.
    pub dates: Option<(Option<String>, Option<String>)>,
}

impl Host {
    /// A host of every episode.
    pub fn always(person: usize) -> Self {
        Host {
            person,
            episodes: None,
            dates: None,
        }
    }

    /// Whether they host an episode with this number and date. A host with a range hosts an episode only
    /// when the episode's number (or else its date) is known and in range.
    pub fn hosts(&self, number: Option<u32>, date: Option<&str>) -> bool {
        match (&self.episodes, &self.dates) {
            (None, None) => true,
            (Some((first, last)), _) if number.is_some() => {
                let n = number.unwrap_or_default();
                first.is_none_or(|f| n >= f) && last.is_none_or(|l| n <= l)
            }
            (_, Some((from, until))) if date.is_some() => {
                let d = date.unwrap_or_default();
                from.as_deref().is_none_or(|f| d >= f) && until.as_deref().is_none_or(|u| d <= u)
            }
            _ => false,
        }
    }
}

/// A topic of the hierarchy.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Topic {
    pub id: String,
    pub label: String,
    pub description: String,
    /// Index of the parent topic in [`Taxonomy::topics`](super::Taxonomy::topics).
    pub parent: Option<usize>,
    pub peps: Vec<u32>,
}

/// What is known of a PEP.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PepInfo {
    pub title: String,
    pub authors: Vec<String>,
}

/// A known person.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Person {
    /// `person:<slug>`.
    pub id: String,
    pub name: String,
    /// The GitHub user name (checked: ASCII letters, digits and `-`).
    pub github: Option<String>,
    pub core: bool,
    /// Whether the first name alone may resolve to this person (when it is unique).
    pub first_name: bool,
}

/// An external project or other implementation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Project {
    /// `project:<id>`.
    pub id: String,
    pub label: String,
    /// Index of the topic the project belongs to, in [`Taxonomy::topics`](super::Taxonomy::topics).
    pub topic: Option<usize>,
}

/// What a matched word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Topic(usize),
    Pep(u32),
    Person(usize),
    Project(usize),
}

/// How the case of a term must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case.
    Insensitive,
    /// Exactly as written in the taxonomy.
    Exact,
    /// Any case, but the first letter must be a capital (derived first names: "Brandt", not "brandt").
    Capitalized,
}

/// Why a term exists: the key it was written under, or how it was derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// `aliases` of a topic, person or project.
    Alias,
    /// `exact` of a topic, person or project.
    Exact,
    /// A person's canonical name.
    Name,
    /// A person's first name, derived when it is unique.
    FirstName,
    /// `aliases` of a PEP.
    PepAlias,
}

impl Origin {
    /// The name `castgraph tag` shows: `alias`, `exact`, `name`, `first-name`, `pep-alias`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Alias => "alias",
            Origin::Exact => "exact",
            Origin::Name => "name",
            Origin::FirstName => "first-name",
            Origin::PepAlias => "pep-alias",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word or phrase that names a target.
#[derive(Debug, Clone)]
pub struct Term {
    pub text: String,
    pub target: Target,
    pub case: CaseRule,
    /// Why the term exists, for `castgraph tag`.
    pub origin: Origin,
}

/// A regex that names a target.
#[derive(Debug, Clone)]
pub struct PatternDef {
    pub source: String,
    pub target: Target,
    pub at: Location,
    /// The pattern parsed as the tagger runs it: case-insensitive, ASCII classes.
    pub(crate) hir: regex_syntax::hir::Hir,
}

/// Standard-library modules.
#[derive(Debug, Clone, Default)]
pub struct Modules {
    pub names: HashSet<String>,
    /// Names that are also English words: they count only in code-like context.
    pub code_only: HashSet<String>,
    /// Class or function names (exact case) that name a module.
    pub aliases: HashMap<String, String>,
}

/// Folded form used to detect two entries claiming the same alias: diacritics, case and spacing ignored.
pub(crate) fn fold(text: &str) -> String {
    if text.bytes().all(|b| b < 0x7F) {
        return fold_ascii(text);
    }
    deunicode::deunicode(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`fold`] of ASCII text without DEL, in one pass and one allocation: `deunicode` leaves such text as it
/// is (it drops DEL), and its lower case and whitespace are ASCII's. Four allocations per term were 1.9 M of the 21 M instructions of
/// loading the shipped taxonomy (`callgrind`), on the path every other step of a run waits for.
fn fold_ascii(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    let words = text.split(|c: char| c.is_ascii_whitespace() || c == '\x0B');
    for word in words.filter(|word| !word.is_empty()) {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folding the taxonomy had before its ASCII path: the definition the quick path must keep.
    fn fold_by_unicode(text: &str) -> String {
        deunicode::deunicode(text)
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn ascii_fold_is_the_unicode_fold() {
        // Every ASCII character, alone, between letters and in runs, and the shipped taxonomy's terms.
        let mut texts: Vec<String> = (0u8..128)
            .map(char::from)
            .flat_map(|c| {
                [
                    c.to_string(),
                    format!("Ab{c}Cd"),
                    format!("{c}{c}x{c}{c}y{c}"),
                ]
            })
            .collect();
        let taxonomy = crate::Taxonomy::builtin().unwrap();
        texts.extend(taxonomy.terms.iter().map(|term| term.text.clone()));
        texts.push(" \t\x0B\x0C\r\n  Free-Threading \x0B  PEP 703 ".to_string());
        for text in texts.iter().filter(|text| text.is_ascii()) {
            assert_eq!(fold(text), fold_by_unicode(text), "{text:?}");
        }
    }

    #[test]
    fn a_name_key_is_the_slug_without_its_dashes_whether_or_not_the_name_is_ascii() {
        let names = [
            "Talk Python To Me",
            "talkpython",
            "Podcast.__init__('Python')",
            "  --Python   Bytes--  ",
            "Łukasz Langa",
            "Café—Bar №5",
            "Python Bytes 🐍",
            "日本語",
            "",
            "---",
        ];
        for name in names {
            let slug = crate::model::slugify(name);
            assert_eq!(name_key(name), slug.replace('-', ""), "{name:?}");
        }
        assert_eq!(name_key("Talk Python"), "talkpython");
    }
}
