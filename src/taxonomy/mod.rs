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
mod shows;
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
pub(crate) use self::vocabulary::{CaseRule, Modules, Origin, PatternDef, Target, Term};
pub use self::vocabulary::{Host, PepInfo, Person, Project, ShowDef, Topic};

/// The shipped CPython taxonomy.
/// The largest taxonomy loaded, in bytes: ten times the shipped one. The TOML parser holds about 40 bytes
/// per byte of the file while it reads it (its tokens, then a tree of values), so a larger file could not
/// load within issue 17's memory figure (100 MB + 8 times the input); a 9.5 MiB taxonomy took 360-440 MB.
pub const TAXONOMY_FILE_MAX: usize = 1 << 20;
pub const BUILTIN_TOML: &str = include_str!("../../topics.toml");
const BUILTIN_NAME: &str = "topics.toml (shipped)";

/// A checked taxonomy: read through its accessors, built only by loading a file, so its entries and the
/// indexes over them always agree.
///
/// Entries are numbered by their position in file order: a topic's `parent`, a show's `hosts` and a
/// project's `topic` are indexes into [`topics`](Self::topics) and [`people`](Self::people).
///
/// ```
/// use castgraph::Taxonomy;
///
/// let taxonomy = Taxonomy::builtin()?;
/// let gil = taxonomy.topic("gil").expect("the shipped taxonomy has a `gil` topic");
/// assert!(gil.peps.contains(&703));
/// let i = taxonomy.topic_index("gil").unwrap();
/// assert_eq!(taxonomy.topics()[i].id, "gil");
/// for ancestor in taxonomy.ancestors(i).skip(1) {
///     assert!(taxonomy.children(ancestor).count() > 0);
/// }
/// assert!(taxonomy.pep(703).is_some());
/// assert!(taxonomy.is_module("asyncio"));
/// assert!(taxonomy.show("corepy").is_some_and(|s| !s.hosts.is_empty()));
/// # Ok::<(), castgraph::TaxonomyError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub(crate) shows: Vec<ShowDef>,
    pub(crate) topics: Vec<Topic>,
    pub(crate) peps: BTreeMap<u32, PepInfo>,
    pub(crate) people: Vec<Person>,
    pub(crate) projects: Vec<Project>,
    pub(crate) modules: Modules,
    pub(crate) terms: Vec<Term>,
    pub(crate) patterns: Vec<PatternDef>,
    topic_ids: HashMap<String, usize>,
    person_ids: HashMap<String, usize>,
    project_ids: HashMap<String, usize>,
    /// Topics that own each PEP.
    pep_owners: HashMap<u32, Vec<usize>>,
    /// Each topic's node id (`topic:<id>`), made once: the graph asks for one per mention.
    topic_node_ids: Vec<String>,
    /// Each topic's children, in file order: printing the tree asks for them topic by topic.
    children: Vec<Vec<usize>>,
    /// Each show's name keys ([`ShowDef::is_named`]), made once: the graph asks which show each episode
    /// is of, by each folder of its path, and folding the names anew each time was a quarter of a 10k
    /// episode build.
    show_keys: Vec<Vec<String>>,
    /// Each person's name folded ([`fold`]), made the first time it is asked for: the evidence rules
    /// compare the names a text gives with every known person's, and folding them anew for each was 6.6%
    /// of a build of Python Bytes' transcripts (`valgrind --tool=callgrind`).
    folded_names: std::sync::OnceLock<Vec<String>>,
    /// The node id each person's other full names make (`aliases`, `exact` of more than one word), to the
    /// person, made the first time a credit's name is not a person's own: a feed credits "Travis
    /// Oliphant", the taxonomy's person is "Travis E. Oliphant" with that alias.
    alias_ids: std::sync::OnceLock<HashMap<String, usize>>,
}

impl Taxonomy {
    /// Each person's name folded ([`fold`]), by person index.
    pub(crate) fn folded_person_names(&self) -> &[String] {
        self.folded_names
            .get_or_init(|| self.people.iter().map(|p| fold(&p.name)).collect())
    }

    /// The shipped taxonomy.
    pub fn builtin() -> Result<Self, TaxonomyError> {
        Self::from_toml(BUILTIN_TOML, BUILTIN_NAME)
    }

    /// Load a taxonomy file; one that says `extends = "builtin"` adds to the shipped taxonomy.
    pub fn from_path(path: &Path) -> Result<Self, TaxonomyError> {
        let text =
            crate::ingest::read_string(path, TAXONOMY_FILE_MAX as u64).map_err(|source| {
                if source.kind() == std::io::ErrorKind::FileTooLarge {
                    TaxonomyError::TooLarge {
                        name: path.display().to_string(),
                        limit: TAXONOMY_FILE_MAX,
                    }
                } else {
                    TaxonomyError::Io {
                        path: path.to_path_buf(),
                        source,
                    }
                }
            })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Load a taxonomy from TOML text; `name` names it in messages.
    pub fn from_toml(text: &str, name: &str) -> Result<Self, TaxonomyError> {
        if text.len() > TAXONOMY_FILE_MAX {
            return Err(TaxonomyError::TooLarge {
                name: name.to_string(),
                limit: TAXONOMY_FILE_MAX,
            });
        }
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

    /// The shows, in file order.
    pub fn shows(&self) -> &[ShowDef] {
        &self.shows
    }

    /// The topics, in file order; [`topic_index`](Self::topic_index) finds one by id.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The known PEPs (a title, a nickname or an owning topic), by number.
    pub fn peps(&self) -> impl ExactSizeIterator<Item = (u32, &PepInfo)> + '_ {
        self.peps.iter().map(|(&n, info)| (n, info))
    }

    /// What the taxonomy knows of a PEP.
    pub fn pep(&self, number: u32) -> Option<&PepInfo> {
        self.peps.get(&number)
    }

    /// The people, in file order; [`person_index`](Self::person_index) finds one by id.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The external projects, in file order; [`project_index`](Self::project_index) finds one by id.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// How many standard-library modules the taxonomy names.
    pub fn module_count(&self) -> usize {
        self.modules.names.len()
    }

    /// Whether `name` is a standard-library module the taxonomy names (`asyncio`, `os.path`).
    pub fn is_module(&self, name: &str) -> bool {
        self.modules.names.contains(name)
    }

    /// How many words and phrases name an entry: aliases, exact aliases, names and derived first names.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// How many regex patterns name an entry.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// A topic by id (`gil`, not `topic:gil`).
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_ids.get(id).map(|&i| &self.topics[i])
    }

    /// The index of a topic in [`topics`](Self::topics), by id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topic_ids.get(id).copied()
    }

    /// The index of a person in [`people`](Self::people), by id (`person:<slug>`).
    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.person_ids.get(id).copied()
    }

    /// The index of a project in [`projects`](Self::projects), by id (`project:<id>`).
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

    /// A topic and its ancestors, nearest first; nothing for an index past the last topic.
    pub fn ancestors(&self, topic: usize) -> impl Iterator<Item = usize> + '_ {
        let first = (topic < self.topics.len()).then_some(topic);
        std::iter::successors(first, |&t| self.topics.get(t).and_then(|t| t.parent))
    }

    /// Find a show by id, title or alias (letters and digits compared, in any case).
    pub fn show(&self, key: &str) -> Option<&ShowDef> {
        let key = vocabulary::name_key(key);
        let found = self
            .show_keys
            .iter()
            .position(|keys| vocabulary::keys_name(keys, &key));
        found.map(|i| &self.shows[i])
    }

    /// Find a person by canonical name or slug.
    pub fn person_by_name(&self, name: &str) -> Option<usize> {
        self.person_ids.get(&ids::person(name)).copied()
    }

    /// Find a person by canonical name or by another full name the taxonomy gives them (an alias of
    /// two words or more; a first name alone is no full name), as a credit names them. An alias that two
    /// people share names neither.
    pub(crate) fn person_by_full_name(&self, name: &str) -> Option<usize> {
        let id = ids::person(name);
        self.person_ids
            .get(&id)
            .or_else(|| self.alias_ids().get(&id))
            .copied()
    }

    /// The node id of each person's other full names, to the person (see `alias_ids`), made once.
    fn alias_ids(&self) -> &HashMap<String, usize> {
        self.alias_ids.get_or_init(|| {
            let mut ids: HashMap<String, Option<usize>> = HashMap::new();
            for term in &self.terms {
                if let Target::Person(i) = term.target
                    && matches!(term.origin, Origin::Alias | Origin::Exact)
                    && term.text.split_whitespace().nth(1).is_some()
                {
                    let entry = ids.entry(ids::person(&term.text)).or_insert(Some(i));
                    if *entry != Some(i) {
                        *entry = None;
                    }
                }
            }
            ids.into_iter()
                .filter_map(|(id, i)| Some((id, i?)))
                .collect()
        })
    }

    /// The node id a target is written as.
    pub(crate) fn target_id(&self, target: Target) -> String {
        self.target_node_id(target).into_owned()
    }

    /// The node id of a target, borrowed where the taxonomy holds it.
    pub(crate) fn target_node_id(&self, target: Target) -> Cow<'_, str> {
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
