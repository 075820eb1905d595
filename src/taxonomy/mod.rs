//! Taxonomy: topics.toml -> the checked, compiled vocabulary the tagger matches.
//!
//! A taxonomy names the shows (and their hosts), the topics (with aliases, regex patterns, a parent and the
//! PEPs each owns), PEP titles and nicknames, people, external projects and the standard-library modules.
//! It is deserialized into typed structs that refuse unknown keys (`raw`), then checked as a whole (`build`):
//! duplicate ids, an alias claimed by two entries, a parent that does not exist, a cycle, a regex that does
//! not compile or is too large (`pattern`), a GitHub user name that is not one. Every error carries the
//! file, line and column and says what to do (`error`). A user's file may `extends = "builtin"` to add to
//! the shipped taxonomy instead of replacing it. A taxonomy may come from anyone: loading is linear in its
//! size and nothing in it reaches an export unchecked.

mod build;
mod error;
mod pattern;
mod raw;
mod source;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use self::build::Builder;
use self::source::SourceFile;
use crate::model::ids;

pub use self::error::{Location, PatternError, SyntaxError, TaxonomyError};
#[cfg(test)]
pub(crate) use self::pattern::parse_pattern;
pub(crate) use self::vocabulary::fold;
pub use self::vocabulary::{
    CaseRule, Modules, Origin, PatternDef, PepInfo, Person, Project, ShowDef, Target, Term, Topic,
};

/// The shipped CPython taxonomy.
pub const BUILTIN_TOML: &str = include_str!("../../topics.toml");
const BUILTIN_NAME: &str = "topics.toml (shipped)";

/// A checked taxonomy.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub shows: Vec<ShowDef>,
    pub topics: Vec<Topic>,
    pub peps: BTreeMap<u32, PepInfo>,
    pub people: Vec<Person>,
    pub projects: Vec<Project>,
    pub modules: Modules,
    pub terms: Vec<Term>,
    pub patterns: Vec<PatternDef>,
    topic_ids: HashMap<String, usize>,
    person_ids: HashMap<String, usize>,
    project_ids: HashMap<String, usize>,
    /// Topics that own each PEP.
    pep_owners: HashMap<u32, Vec<usize>>,
    /// Each topic's node id (`topic:<id>`), made once: the graph asks for one per mention.
    topic_node_ids: Vec<String>,
    /// Each topic's children, in file order: printing the tree asks for them topic by topic.
    children: Vec<Vec<usize>>,
}

impl Taxonomy {
    /// The shipped taxonomy.
    pub fn builtin() -> Result<Self, TaxonomyError> {
        Self::from_toml(BUILTIN_TOML, BUILTIN_NAME)
    }

    /// Load a taxonomy file; one that says `extends = "builtin"` adds to the shipped taxonomy.
    pub fn from_path(path: &Path) -> Result<Self, TaxonomyError> {
        let text =
            crate::ingest::read_string(path, crate::ingest::SMALL_FILE_MAX).map_err(|source| {
                TaxonomyError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Load a taxonomy from TOML text; `name` names it in messages.
    pub fn from_toml(text: &str, name: &str) -> Result<Self, TaxonomyError> {
        let file = SourceFile::new(name, text);
        let raw = file.parse()?;
        if let Some(version) = raw.version.as_ref().filter(|v| *v.get_ref() != 1) {
            return Err(TaxonomyError::UnknownVersion {
                at: file.locate(version.span()),
                version: *version.get_ref(),
            });
        }
        let mut files = Vec::new();
        if let Some(extends) = &raw.extends {
            if extends.get_ref() != "builtin" {
                return Err(TaxonomyError::UnknownExtends {
                    at: file.locate(extends.span()),
                    extends: error::shown(extends.get_ref()),
                });
            }
            let builtin = SourceFile::new(BUILTIN_NAME, BUILTIN_TOML);
            let builtin_raw = builtin.parse()?;
            files.push((builtin, builtin_raw));
        }
        files.push((file, raw));
        Builder::default().build(&files)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_ids.get(id).map(|&i| &self.topics[i])
    }

    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topic_ids.get(id).copied()
    }

    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.person_ids.get(id).copied()
    }

    pub fn project_index(&self, id: &str) -> Option<usize> {
        self.project_ids.get(id).copied()
    }

    /// Topics that own a PEP (`peps = [703]` under `gil`).
    pub fn pep_owners(&self, number: u32) -> &[usize] {
        self.pep_owners.get(&number).map_or(&[], Vec::as_slice)
    }

    /// The children of a topic, in file order.
    pub fn children(&self, topic: usize) -> impl Iterator<Item = usize> + '_ {
        self.children.get(topic).into_iter().flatten().copied()
    }

    /// A topic and its ancestors, nearest first.
    pub fn ancestors(&self, topic: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(topic), |&t| self.topics[t].parent)
    }

    /// Find a show by id or name (case-insensitive).
    pub fn show(&self, key: &str) -> Option<&ShowDef> {
        self.shows
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(key) || s.name.eq_ignore_ascii_case(key))
    }

    /// Find a person by canonical name or slug.
    pub fn person_by_name(&self, name: &str) -> Option<usize> {
        self.person_ids.get(&ids::person(name)).copied()
    }

    /// The node id a target is written as.
    pub fn target_id(&self, target: Target) -> String {
        self.target_node_id(target).into_owned()
    }

    /// The node id of a target, borrowed where the taxonomy holds it.
    pub fn target_node_id(&self, target: Target) -> Cow<'_, str> {
        match target {
            Target::Topic(i) => match self.topic_node_ids.get(i) {
                Some(id) => Cow::Borrowed(id),
                None => Cow::Owned(ids::topic(&self.topics[i].id)),
            },
            Target::Pep(n) => Cow::Owned(ids::pep(n)),
            Target::Person(i) => Cow::Borrowed(&self.people[i].id),
            Target::Project(i) => Cow::Borrowed(&self.projects[i].id),
        }
    }
}
