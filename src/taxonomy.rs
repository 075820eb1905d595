//! Taxonomy: topics.toml -> the checked, compiled vocabulary the tagger matches.
//!
//! A taxonomy names the shows (and their hosts), the topics (with aliases, regex patterns, a parent and the
//! PEPs each owns), PEP titles and nicknames, people, external projects and the standard-library modules.
//! It is deserialized into typed structs that refuse unknown keys, then checked as a whole: duplicate ids,
//! an alias claimed by two entries, a parent that does not exist, a cycle, a regex that does not compile or
//! is too large. Every error carries the file, line and column and says what to do. A user's file may
//! `extends = "builtin"` to add to the shipped taxonomy instead of replacing it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::model::slugify;

/// The shipped CPython taxonomy.
pub const BUILTIN_TOML: &str = include_str!("../topics.toml");
const BUILTIN_NAME: &str = "topics.toml (shipped)";
/// The most a single pattern may compile to; a larger one is refused rather than slowing every run.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Where in which taxonomy file something was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Errors loading a taxonomy.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("cannot read taxonomy `{path}`: {error}; check the file's path")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
}

// ---------------------------------------------------------------------------------------------------------
// The file format, as serde reads it.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: Option<Spanned<u32>>,
    extends: Option<Spanned<String>>,
    #[serde(default)]
    show: Vec<RawShow>,
    #[serde(default)]
    topic: Vec<RawTopic>,
    #[serde(default)]
    pep: Vec<RawPep>,
    #[serde(default)]
    person: Vec<RawPerson>,
    #[serde(default)]
    project: Vec<RawProject>,
    #[serde(default)]
    modules: Option<RawModules>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShow {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    hosts: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    description: String,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    peps: Vec<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPep {
    number: Spanned<u32>,
    title: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    github: Option<String>,
    #[serde(default)]
    core: bool,
    /// `false` when the first name is an ordinary word ("Just", "Skip") that must not resolve on its own.
    #[serde(default = "yes")]
    first_name: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    id: Spanned<String>,
    label: String,
    topic: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModules {
    #[serde(default)]
    names: Vec<Spanned<String>>,
    #[serde(default)]
    code_only: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: BTreeMap<String, Spanned<String>>,
}

// ---------------------------------------------------------------------------------------------------------
// The checked taxonomy.

/// A show and its hosts.
#[derive(Debug, Clone)]
pub struct ShowDef {
    pub id: String,
    pub name: String,
    /// Indexes into [`Taxonomy::people`].
    pub hosts: Vec<usize>,
}

/// A topic of the hierarchy.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub label: String,
    pub description: String,
    /// Index of the parent topic.
    pub parent: Option<usize>,
    pub peps: Vec<u32>,
}

/// What is known of a PEP.
#[derive(Debug, Clone, Default)]
pub struct PepInfo {
    pub title: String,
    pub authors: Vec<String>,
}

/// A known person.
#[derive(Debug, Clone)]
pub struct Person {
    /// `person:<slug>`.
    pub id: String,
    pub name: String,
    pub github: Option<String>,
    pub core: bool,
    /// Whether the first name alone may resolve to this person (when it is unique).
    pub first_name: bool,
}

/// An external project or other implementation.
#[derive(Debug, Clone)]
pub struct Project {
    /// `project:<id>`.
    pub id: String,
    pub label: String,
    /// Index of the topic the project belongs to.
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

/// A word or phrase that names a target.
#[derive(Debug, Clone)]
pub struct Term {
    pub text: String,
    pub target: Target,
    pub case: CaseRule,
    /// Why the term exists, for `castgraph tag`: `alias`, `exact`, `name`, `first-name`, ...
    pub origin: &'static str,
}

/// A regex that names a target.
#[derive(Debug, Clone)]
pub struct PatternDef {
    pub source: String,
    pub target: Target,
    pub at: Location,
    /// The pattern parsed as the tagger runs it (see [`parse_pattern`]).
    pub hir: regex_syntax::hir::Hir,
}

/// Parse a taxonomy pattern as the tagger runs it: case-insensitive and ASCII (`\w`, `\b`, `\d`, `\s` and
/// case folding cover ASCII; non-ASCII letters match when written literally). CPython's vocabulary is
/// ASCII, and Unicode classes and word boundaries would make every search slower. The compiled size is
/// limited so that one pattern cannot slow every run.
pub fn parse_pattern(pattern: &str) -> Result<regex_syntax::hir::Hir, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or_default().trim().trim_start_matches("error: ");
            format!("{last}; write it in Rust regex syntax (matched case-insensitively, with ASCII classes)")
        })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(
            "it can match empty text, so it would match everywhere; require at least one character"
                .into(),
        );
    }
    let config =
        regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(PATTERN_SIZE_LIMIT));
    regex_automata::nfa::thompson::Compiler::new().configure(config).build_from_hir(&hir).map_err(|_| {
        format!("it compiles to more than {PATTERN_SIZE_LIMIT} bytes; make it smaller or split it into aliases")
    })?;
    Ok(hir)
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
}

impl Taxonomy {
    /// The shipped taxonomy.
    pub fn builtin() -> Result<Self, TaxonomyError> {
        Self::from_toml(BUILTIN_TOML, BUILTIN_NAME)
    }

    /// Load a taxonomy file; one that says `extends = "builtin"` adds to the shipped taxonomy.
    pub fn from_path(path: &Path) -> Result<Self, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|error| TaxonomyError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// Load a taxonomy from TOML text; `name` names it in messages.
    pub fn from_toml(text: &str, name: &str) -> Result<Self, TaxonomyError> {
        let file = SourceFile::new(name, text);
        let raw = file.parse()?;
        if let Some(version) = raw.version.as_ref().filter(|v| *v.get_ref() != 1) {
            return Err(file.error(
                version.span(),
                format!(
                    "taxonomy format version {} is not known; this castgraph reads version 1",
                    version.get_ref()
                ),
            ));
        }
        let mut files = Vec::new();
        if let Some(extends) = &raw.extends {
            if extends.get_ref() != "builtin" {
                return Err(file.error(
                    extends.span(),
                    format!(
                        "`extends = \"{}\"` is not known; the only value is \"builtin\"",
                        extends.get_ref()
                    ),
                ));
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
        (0..self.topics.len()).filter(move |&i| self.topics[i].parent == Some(topic))
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
        self.person_ids
            .get(&format!("person:{}", slugify(name)))
            .copied()
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
                None => Cow::Owned(format!("topic:{}", self.topics[i].id)),
            },
            Target::Pep(n) => Cow::Owned(format!("pep:{n}")),
            Target::Person(i) => Cow::Borrowed(&self.people[i].id),
            Target::Project(i) => Cow::Borrowed(&self.projects[i].id),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Loading and checking.

struct SourceFile {
    name: String,
    text: String,
    /// Byte offset of the start of each line, for locating spans without rescanning the file.
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn parse(&self) -> Result<RawFile, TaxonomyError> {
        toml::from_str(&self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim_end().to_string();
            self.error(
                span,
                format!("{message}; see the header of the shipped topics.toml for the format"),
            )
        })
    }

    fn new(name: &str, text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name: name.to_string(),
            text: text.to_string(),
            line_starts,
        }
    }

    fn locate(&self, span: std::ops::Range<usize>) -> Location {
        let offset = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |l| l.chars().count())
            + 1;
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }

    fn error(&self, span: std::ops::Range<usize>, message: String) -> TaxonomyError {
        TaxonomyError::Invalid {
            at: self.locate(span),
            message,
        }
    }
}

/// Folded form used to detect two entries claiming the same alias: diacritics, case and spacing ignored.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words and patterns of one taxonomy entry.
struct Vocabulary<'a> {
    aliases: &'a [Spanned<String>],
    exact: &'a [Spanned<String>],
    patterns: &'a [Spanned<String>],
}

#[derive(Default)]
struct Builder<'a> {
    taxonomy: Taxonomy,
    /// Folded alias -> (owner description, where).
    claimed: HashMap<String, (String, Location)>,
    /// The files' patterns, parsed ahead (see [`parse_patterns_ahead`]).
    parsed: HashMap<&'a str, Result<regex_syntax::hir::Hir, String>>,
}

/// Every distinct pattern of the files, parsed on all cores: parsing and sizing the patterns is a third of
/// loading the shipped taxonomy, and each pattern is independent of the rest. Errors wait in the result
/// until the builder reaches the pattern, so they are reported in file order, after any error before them.
fn parse_patterns_ahead(
    files: &[(SourceFile, RawFile)],
) -> HashMap<&str, Result<regex_syntax::hir::Hir, String>> {
    use rayon::prelude::*;
    let mut sources: Vec<&str> = files
        .iter()
        .flat_map(|(_, raw)| {
            let topics = raw.topic.iter().flat_map(|t| &t.patterns);
            topics.chain(raw.project.iter().flat_map(|p| &p.patterns))
        })
        .map(|pattern| pattern.get_ref().as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    sources
        .into_par_iter()
        .map(|source| (source, parse_pattern(source)))
        .collect()
}

impl<'a> Builder<'a> {
    fn build(mut self, files: &'a [(SourceFile, RawFile)]) -> Result<Taxonomy, TaxonomyError> {
        self.parsed = parse_patterns_ahead(files);
        // Ids first, so that references may point forwards and across files.
        for (file, raw) in files {
            self.declare_ids(file, raw)?;
        }
        for (file, raw) in files {
            self.add_topics(file, raw)?;
            self.add_peps(file, raw)?;
            self.add_people(file, raw)?;
            self.add_projects(file, raw)?;
            self.add_modules(file, raw)?;
        }
        self.check_cycles(files)?;
        for (file, raw) in files {
            self.add_shows(file, raw)?;
        }
        self.derive_first_names();
        let t = &mut self.taxonomy;
        for (i, topic) in t.topics.iter().enumerate() {
            for &pep in &topic.peps {
                t.pep_owners.entry(pep).or_default().push(i);
            }
        }
        t.topic_node_ids = t.topics.iter().map(|t| format!("topic:{}", t.id)).collect();
        Ok(self.taxonomy)
    }

    fn declare_ids(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        let t = &mut self.taxonomy;
        for topic in &raw.topic {
            check_id(file, &topic.id, "topic")?;
            if t.topic_ids
                .insert(topic.id.get_ref().clone(), t.topic_ids.len())
                .is_some()
            {
                return Err(file.error(
                    topic.id.span(),
                    format!(
                        "duplicate topic id `{}`; each [[topic]] needs its own id",
                        topic.id.get_ref()
                    ),
                ));
            }
        }
        for project in &raw.project {
            check_id(file, &project.id, "project")?;
            let id = format!("project:{}", project.id.get_ref());
            if t.project_ids.insert(id, t.project_ids.len()).is_some() {
                return Err(file.error(
                    project.id.span(),
                    format!(
                        "duplicate project id `{}`; each [[project]] needs its own id",
                        project.id.get_ref()
                    ),
                ));
            }
        }
        for person in &raw.person {
            let id = format!("person:{}", slugify(person.name.get_ref()));
            if id == "person:" {
                return Err(file.error(
                    person.name.span(),
                    "a person's name needs letters or digits".into(),
                ));
            }
            if t.person_ids.insert(id, t.person_ids.len()).is_some() {
                return Err(file.error(
                    person.name.span(),
                    format!(
                        "duplicate person `{}`; merge the two [[person]] entries into one",
                        person.name.get_ref()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn add_topics(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for topic in &raw.topic {
            let index = self.taxonomy.topics.len();
            let id = topic.id.get_ref();
            let parent = self.topic_reference(file, topic.parent.as_ref(), || {
                format!("topic `{id}` has parent")
            })?;
            let vocabulary = Vocabulary {
                aliases: &topic.aliases,
                exact: &topic.exact,
                patterns: &topic.patterns,
            };
            self.add_vocabulary(
                file,
                &format!("topic `{id}`"),
                Target::Topic(index),
                vocabulary,
            )?;
            self.taxonomy.topics.push(Topic {
                id: id.clone(),
                label: topic.label.clone(),
                description: topic.description.clone(),
                parent,
                peps: topic.peps.iter().map(|p| *p.get_ref()).collect(),
            });
        }
        Ok(())
    }

    /// A reference to a topic (a parent, a project's topic): its index, or an error at the reference.
    fn topic_reference(
        &self,
        file: &SourceFile,
        reference: Option<&Spanned<String>>,
        what: impl Fn() -> String,
    ) -> Result<Option<usize>, TaxonomyError> {
        let Some(reference) = reference else {
            return Ok(None);
        };
        let index = self
            .taxonomy
            .topic_index(reference.get_ref())
            .ok_or_else(|| {
                file.error(
                    reference.span(),
                    format!(
                        "{} `{}`, which is not a topic; define it or fix the id",
                        what(),
                        reference.get_ref()
                    ),
                )
            })?;
        Ok(Some(index))
    }

    /// An entry's aliases, exact aliases and patterns.
    fn add_vocabulary(
        &mut self,
        file: &SourceFile,
        owner: &str,
        target: Target,
        vocabulary: Vocabulary,
    ) -> Result<(), TaxonomyError> {
        self.add_terms(
            file,
            owner,
            target,
            vocabulary.aliases,
            CaseRule::Insensitive,
            "alias",
        )?;
        self.add_terms(
            file,
            owner,
            target,
            vocabulary.exact,
            CaseRule::Exact,
            "exact",
        )?;
        self.add_patterns(file, target, vocabulary.patterns)
    }

    fn add_peps(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for pep in &raw.pep {
            let number = *pep.number.get_ref();
            let info = PepInfo {
                title: pep.title.clone(),
                authors: pep.authors.clone(),
            };
            if self.taxonomy.peps.insert(number, info).is_some() {
                return Err(file.error(
                    pep.number.span(),
                    format!("duplicate [[pep]] {number}; keep one entry per PEP"),
                ));
            }
            let owner = format!("PEP {number}");
            self.add_terms(
                file,
                &owner,
                Target::Pep(number),
                &pep.aliases,
                CaseRule::Insensitive,
                "pep-alias",
            )?;
        }
        Ok(())
    }

    fn add_people(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for person in &raw.person {
            let index = self.taxonomy.people.len();
            let name = person.name.get_ref();
            let owner = format!("person `{name}`");
            let target = Target::Person(index);
            self.add_terms(
                file,
                &owner,
                target,
                std::slice::from_ref(&person.name),
                CaseRule::Insensitive,
                "name",
            )?;
            self.add_terms(
                file,
                &owner,
                target,
                &person.aliases,
                CaseRule::Insensitive,
                "alias",
            )?;
            self.add_terms(
                file,
                &owner,
                target,
                &person.exact,
                CaseRule::Exact,
                "exact",
            )?;
            self.taxonomy.people.push(Person {
                id: format!("person:{}", slugify(name)),
                name: name.clone(),
                github: person.github.clone(),
                core: person.core,
                first_name: person.first_name,
            });
        }
        Ok(())
    }

    fn add_projects(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for project in &raw.project {
            let index = self.taxonomy.projects.len();
            let id = project.id.get_ref();
            let topic = self.topic_reference(file, project.topic.as_ref(), || {
                format!("project `{id}` belongs to topic")
            })?;
            let vocabulary = Vocabulary {
                aliases: &project.aliases,
                exact: &project.exact,
                patterns: &project.patterns,
            };
            self.add_vocabulary(
                file,
                &format!("project `{id}`"),
                Target::Project(index),
                vocabulary,
            )?;
            self.taxonomy.projects.push(Project {
                id: format!("project:{id}"),
                label: project.label.clone(),
                topic,
            });
        }
        Ok(())
    }

    fn add_modules(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        let Some(modules) = &raw.modules else {
            return Ok(());
        };
        let m = &mut self.taxonomy.modules;
        for name in &modules.names {
            let valid = name.get_ref().split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if !valid {
                return Err(file.error(
                    name.span(),
                    format!(
                        "`{}` is not a module name; write dotted identifiers such as `os.path`",
                        name.get_ref()
                    ),
                ));
            }
            m.names.insert(name.get_ref().clone());
        }
        for name in &modules.code_only {
            if !m.names.contains(name.get_ref()) {
                return Err(file.error(
                    name.span(),
                    format!(
                        "code_only module `{}` is not in [modules] names; add it there first",
                        name.get_ref()
                    ),
                ));
            }
            m.code_only.insert(name.get_ref().clone());
        }
        for (alias, module) in &modules.aliases {
            if !m.names.contains(module.get_ref()) {
                return Err(file.error(
                    module.span(),
                    format!(
                        "module alias `{alias}` points at `{}`, which is not in [modules] names",
                        module.get_ref()
                    ),
                ));
            }
            m.aliases.insert(alias.clone(), module.get_ref().clone());
        }
        Ok(())
    }

    fn add_shows(&mut self, file: &SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for show in &raw.show {
            check_id(file, &show.id, "show")?;
            if self
                .taxonomy
                .shows
                .iter()
                .any(|s| s.id == *show.id.get_ref())
            {
                return Err(file.error(
                    show.id.span(),
                    format!(
                        "duplicate show id `{}`; each [[show]] needs its own id",
                        show.id.get_ref()
                    ),
                ));
            }
            let mut hosts = Vec::new();
            for host in &show.hosts {
                let person = self.taxonomy.person_by_name(host.get_ref()).ok_or_else(|| {
                    file.error(
                        host.span(),
                        format!(
                            "host `{}` of show `{}` is not a [[person]]; add the person or use their canonical name",
                            host.get_ref(),
                            show.id.get_ref()
                        ),
                    )
                })?;
                hosts.push(person);
            }
            self.taxonomy.shows.push(ShowDef {
                id: show.id.get_ref().clone(),
                name: show.name.clone(),
                hosts,
            });
        }
        Ok(())
    }

    fn add_terms(
        &mut self,
        file: &SourceFile,
        owner: &str,
        target: Target,
        texts: &[Spanned<String>],
        case: CaseRule,
        origin: &'static str,
    ) -> Result<(), TaxonomyError> {
        for text in texts {
            let at = file.locate(text.span());
            let key = fold(text.get_ref());
            if key.is_empty() {
                return Err(TaxonomyError::Invalid {
                    at,
                    message: format!("{owner} has an empty alias; remove it"),
                });
            }
            if let Some((other, other_at)) = self.claimed.get(&key) {
                if other == owner {
                    continue; // The same entry listing a spelling twice (or with and without diacritics) is harmless.
                }
                return Err(TaxonomyError::Invalid {
                    at,
                    message: format!(
                        "alias `{}` of {owner} is already claimed by {other} (at {other_at}); keep it in one entry",
                        text.get_ref()
                    ),
                });
            }
            self.claimed.insert(key, (owner.to_string(), at));
            self.taxonomy.terms.push(Term {
                text: text.get_ref().clone(),
                target,
                case,
                origin,
            });
        }
        Ok(())
    }

    fn add_patterns(
        &mut self,
        file: &SourceFile,
        target: Target,
        patterns: &[Spanned<String>],
    ) -> Result<(), TaxonomyError> {
        for pattern in patterns {
            let at = file.locate(pattern.span());
            // Every pattern was parsed ahead, once however often it is written; a sub-topic may repeat
            // its parent's.
            let parsed = match self.parsed.get(pattern.get_ref().as_str()) {
                Some(parsed) => parsed.clone(),
                None => parse_pattern(pattern.get_ref()),
            };
            let hir = parsed.map_err(|detail| TaxonomyError::Invalid {
                at: at.clone(),
                message: format!(
                    "pattern `{}` is not a valid regex: {detail}",
                    pattern.get_ref()
                ),
            })?;
            self.taxonomy.patterns.push(PatternDef {
                source: pattern.get_ref().clone(),
                target,
                at,
                hir,
            });
        }
        Ok(())
    }

    fn check_cycles(&self, files: &[(SourceFile, RawFile)]) -> Result<(), TaxonomyError> {
        let topics = &self.taxonomy.topics;
        for start in 0..topics.len() {
            let mut seen = HashSet::new();
            let mut current = Some(start);
            while let Some(t) = current {
                if !seen.insert(t) {
                    let chain: Vec<&str> = self
                        .taxonomy
                        .ancestors(start)
                        .take(seen.len() + 1)
                        .map(|i| topics[i].id.as_str())
                        .collect();
                    let (file, raw) = files
                        .iter()
                        .find_map(|(f, r)| {
                            r.topic
                                .iter()
                                .find(|rt| *rt.id.get_ref() == topics[start].id)
                                .map(|rt| (f, rt))
                        })
                        .expect("every topic comes from a file");
                    return Err(file.error(
                        raw.id.span(),
                        format!(
                            "topic parents form a cycle: {}; give one of them another parent",
                            chain.join(" -> ")
                        ),
                    ));
                }
                current = topics[t].parent;
            }
        }
        Ok(())
    }

    /// A first name resolves on its own only when exactly one known person has it and nothing else claims it.
    fn derive_first_names(&mut self) {
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, person) in self.taxonomy.people.iter().enumerate() {
            let mut words = person.name.split_whitespace();
            if let (Some(first), Some(_)) = (words.next(), words.next()) {
                let entry = counts.entry(fold(first)).or_insert((0, i));
                entry.0 += 1;
            }
        }
        // In the order of the people, so that every load numbers its terms alike.
        let mut counts: Vec<(String, (usize, usize))> = counts.into_iter().collect();
        counts.sort_by_key(|(_, (_, person))| *person);
        for (key, (count, person)) in counts {
            let allowed = self.taxonomy.people[person].first_name;
            if count != 1 || !allowed || self.claimed.contains_key(&key) || key.chars().count() < 3
            {
                continue;
            }
            let first = self.taxonomy.people[person]
                .name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            self.taxonomy.terms.push(Term {
                text: first,
                target: Target::Person(person),
                case: CaseRule::Capitalized,
                origin: "first-name",
            });
        }
    }
}

fn check_id(file: &SourceFile, id: &Spanned<String>, kind: &str) -> Result<(), TaxonomyError> {
    let valid = !id.get_ref().is_empty()
        && id
            .get_ref()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.get_ref().starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(file.error(
            id.span(),
            format!(
                "{kind} id `{}` must be lowercase letters, digits and `-`; rename it",
                id.get_ref()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[[show]]
id = "corepy"
name = "core.py"
hosts = ["Łukasz Langa"]

[[topic]]
id = "performance"
label = "Performance"

[[topic]]
id = "jit"
label = "JIT"
parent = "performance"
aliases = ["JIT", "copy-and-patch"]
exact = ["Justin"]
patterns = ['just[- ]in[- ]time']
peps = [744]

[[pep]]
number = 744
title = "JIT Compilation"

[[person]]
name = "Łukasz Langa"
aliases = ["ambv"]

[[person]]
name = "Brandt Bucher"

[[person]]
name = "Eric Snow"

[[person]]
name = "Eric V. Smith"

[[person]]
name = "Skip Montanaro"
first_name = false

[modules]
names = ["asyncio", "time"]
code_only = ["time"]
aliases = { TaskGroup = "asyncio" }
"#;

    fn load(text: &str) -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::from_toml(text, "t.toml")
    }

    fn error_of(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    #[test]
    fn loads_a_small_taxonomy() {
        let t = load(SMALL).unwrap();
        assert_eq!(t.topics.len(), 2);
        let jit = t.topic_index("jit").unwrap();
        assert_eq!(t.topics[jit].parent, t.topic_index("performance"));
        assert_eq!(t.pep_owners(744), &[jit]);
        assert_eq!(
            t.shows[0].hosts,
            vec![t.person_by_name("Lukasz Langa").unwrap()]
        );
        assert_eq!(t.people[0].id, "person:lukasz-langa");
        assert!(t.modules.code_only.contains("time"));
    }

    #[test]
    fn every_load_numbers_the_terms_alike() {
        let texts = |t: Taxonomy| -> Vec<(String, &'static str)> {
            t.terms
                .into_iter()
                .map(|term| (term.text, term.origin))
                .collect()
        };
        let first = texts(Taxonomy::builtin().unwrap());
        for _ in 0..4 {
            assert_eq!(texts(Taxonomy::builtin().unwrap()), first);
        }
    }

    #[test]
    fn unique_first_names_are_derived_and_shared_ones_are_not() {
        let t = load(SMALL).unwrap();
        let firsts: Vec<&str> = t
            .terms
            .iter()
            .filter(|t| t.origin == "first-name")
            .map(|t| t.text.as_str())
            .collect();
        assert!(firsts.contains(&"Brandt"));
        assert!(firsts.contains(&"Łukasz"));
        assert!(!firsts.contains(&"Eric"), "{firsts:?}");
        assert!(
            !firsts.contains(&"Skip"),
            "`first_name = false` keeps an English word from resolving: {firsts:?}"
        );
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = error_of("[[topic]]\nid = \"x\"\nlabel = \"X\"\nalias = [\"y\"]\n");
        assert!(
            err.starts_with("t.toml:4:1: unknown field `alias`"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_topic_id_is_refused() {
        let err = error_of(
            "[[topic]]\nid = \"x\"\nlabel = \"X\"\n[[topic]]\nid = \"x\"\nlabel = \"Y\"\n",
        );
        assert!(
            err.starts_with("t.toml:5:6: duplicate topic id `x`"),
            "{err}"
        );
    }

    #[test]
    fn alias_claimed_by_two_entries_is_refused() {
        let err = error_of(
            "[[topic]]\nid = \"a\"\nlabel = \"A\"\naliases = [\"GIL\"]\n[[topic]]\nid = \"b\"\nlabel = \"B\"\naliases = [\"gil\"]\n",
        );
        assert!(err.starts_with("t.toml:8:12: alias `gil` of topic `b` is already claimed by topic `a` (at t.toml:4:12)"), "{err}");
    }

    #[test]
    fn alias_clash_ignores_diacritics() {
        let err = error_of(
            "[[person]]\nname = \"Łukasz Langa\"\n[[person]]\nname = \"X\"\naliases = [\"Lukasz Langa\"]\n",
        );
        assert!(
            err.contains("already claimed by person `Łukasz Langa`"),
            "{err}"
        );
    }

    #[test]
    fn missing_parent_is_refused() {
        let err = error_of("[[topic]]\nid = \"a\"\nlabel = \"A\"\nparent = \"nope\"\n");
        assert!(
            err.starts_with("t.toml:4:10: topic `a` has parent `nope`, which is not a topic"),
            "{err}"
        );
    }

    #[test]
    fn parent_cycle_is_refused() {
        let err = error_of(
            "[[topic]]\nid = \"a\"\nlabel = \"A\"\nparent = \"b\"\n[[topic]]\nid = \"b\"\nlabel = \"B\"\nparent = \"a\"\n",
        );
        assert!(
            err.contains("topic parents form a cycle: a -> b -> a"),
            "{err}"
        );
        assert!(err.starts_with("t.toml:2:6:"), "{err}");
    }

    #[test]
    fn bad_regex_names_its_place() {
        let err = error_of("[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['(unclosed']\n");
        assert!(
            err.starts_with("t.toml:4:13: pattern `(unclosed` is not a valid regex"),
            "{err}"
        );
    }

    #[test]
    fn huge_regex_is_refused() {
        let err =
            error_of("[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['(?:\\w{1000}){100}']\n");
        assert!(err.contains("compiles to more than"), "{err}");
    }

    #[test]
    fn a_pattern_that_matches_empty_text_is_refused() {
        let err = error_of("[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['x*']\n");
        assert!(
            err.starts_with(
                "t.toml:4:13: pattern `x*` is not a valid regex: it can match empty text"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_format_version_is_refused() {
        let err = error_of("version = 2\n");
        assert!(
            err.starts_with("t.toml:1:11: taxonomy format version 2 is not known"),
            "{err}"
        );
    }

    #[test]
    fn bad_id_and_unknown_host_are_refused() {
        assert!(
            error_of("[[topic]]\nid = \"Big Topic\"\nlabel = \"A\"\n")
                .contains("must be lowercase letters")
        );
        let err = error_of("[[show]]\nid = \"s\"\nname = \"S\"\nhosts = [\"Nobody\"]\n");
        assert!(
            err.contains("host `Nobody` of show `s` is not a [[person]]"),
            "{err}"
        );
    }

    #[test]
    fn toml_syntax_error_has_a_location() {
        let err = error_of("[[topic]\nid = 1\n");
        assert!(err.starts_with("t.toml:1:"), "{err}");
    }

    #[test]
    fn extends_builtin_adds_to_the_shipped_taxonomy() {
        let builtin = Taxonomy::builtin().unwrap();
        let t = load("extends = \"builtin\"\n[[topic]]\nid = \"my-topic\"\nlabel = \"Mine\"\nparent = \"jit\"\n").unwrap();
        assert_eq!(t.topics.len(), builtin.topics.len() + 1);
        assert!(t.topic("my-topic").is_some());
    }

    #[test]
    fn shipped_taxonomy_defines_every_contract_topic() {
        let t = Taxonomy::builtin().unwrap();
        for id in [
            "interpreter",
            "compiler",
            "specialization",
            "tier2",
            "jit",
            "performance",
            "memory",
            "gc",
            "refcounting",
            "gil",
            "subinterpreters",
            "parser",
            "tokenizer",
            "syntax",
            "exceptions",
            "error-messages",
            "pyrepl",
            "import-system",
            "c-api",
            "typing",
            "asyncio",
            "debugging",
            "profiling",
            "testing",
            "docs",
            "security",
            "releases",
            "governance",
            "events",
            "platforms",
            "alt-implementations",
        ] {
            assert!(t.topic(id).is_some(), "missing topic `{id}`");
        }
        for (pep, topic) in [
            (703, "gil"),
            (744, "jit"),
            (617, "parser"),
            (659, "specialization"),
            (669, "profiling"),
            (572, "syntax"),
            (654, "exceptions"),
            (762, "pyrepl"),
        ] {
            let owners: Vec<&str> = t
                .pep_owners(pep)
                .iter()
                .map(|&i| t.topics[i].id.as_str())
                .collect();
            assert!(
                owners.contains(&topic),
                "PEP {pep} should be under `{topic}`, is under {owners:?}"
            );
        }
        assert!(t.show("corepy").is_some_and(|s| s.hosts.len() == 2));
    }
}
