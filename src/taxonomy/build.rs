//! Checking the raw files into one [`Taxonomy`]: ids declared first so references may point forwards and
//! across files, then each entry's vocabulary claimed, references resolved, the hierarchy checked for
//! cycles and unique first names derived.
//!
//! A taxonomy may come from anyone, so every check is linear in the size of the files: aliases are claimed
//! through a map, the hierarchy is walked once with memoised results, and locations come from the line index.
//! Values that end up in exported URLs (a person's `github`) are checked to be what they claim to be.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex_syntax::hir::Hir;
use toml::Spanned;

use super::Taxonomy;
use super::error::{PatternError, TaxonomyError, shown};
use super::pattern::{PATTERNS_AHEAD_TEXT_LIMIT, PATTERNS_SIZE_LIMIT, parse_and_size};
use super::raw::{RawFile, RawPerson, Vocabulary};
use super::shows;
use super::source::SourceFile;
use super::vocabulary::{
    CaseRule, Origin, PatternDef, PepInfo, Person, Project, ShowDef, Target, Term, Topic, fold,
};
use crate::model::ids;

/// An alias claimed by an entry: who, and where. The place is a span, turned into a line and column only
/// for the error that names it: locating each of the shipped taxonomy's 1,217 terms was 1.8 M of the
/// bundled build's instructions, all on the path that every other step waits for.
struct Claim<'a> {
    owner: std::rc::Rc<str>,
    file: &'a SourceFile,
    span: Range<usize>,
}

/// The builder's own maps: keys from the taxonomy file, looked up a few thousand times per load, by a
/// quicker hash than the standard one's SipHash (the maps are dropped with the builder; nothing iterates
/// them into an output).
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// A pattern's syntax tree and compiled size, or why it was refused.
type ParseResult = Result<(Hir, usize), PatternError>;

/// A pattern parsed ahead: its syntax tree and compiled size (or why it was refused), and how many more
/// times the files write it, so the last use takes the tree instead of cloning it.
pub(super) struct Parsed {
    result: ParseResult,
    uses_left: usize,
}

#[derive(Default)]
pub(super) struct Builder<'a> {
    taxonomy: Taxonomy,
    /// Folded alias -> the entry that claimed it.
    claimed: FastMap<String, Claim<'a>>,
    /// The files' patterns, parsed ahead (see [`parse_patterns_ahead`]), and their compiled sizes.
    parsed: FastMap<&'a str, Parsed>,
    /// The distinct patterns added so far, and what they compile to together.
    patterns_seen: FastSet<&'a str>,
    patterns_size: usize,
    /// Where each topic's id is written, for messages about the hierarchy.
    topic_spans: Vec<(&'a SourceFile, Range<usize>)>,
}

/// The distinct patterns of the files, in file order, parsed on all cores until their texts add up to
/// [`PATTERNS_AHEAD_TEXT_LIMIT`]: parsing and sizing the patterns is a third of loading the shipped
/// taxonomy, and each pattern is independent of the rest; past the budget, patterns are parsed as they are
/// added. Errors wait in the result until the builder reaches the pattern, so they are reported in file
/// order, after any error before them.
pub(super) fn parse_patterns_ahead(files: &[(SourceFile, RawFile)]) -> FastMap<&str, Parsed> {
    use rayon::prelude::*;
    let mut sources: Vec<&str> = files
        .iter()
        .flat_map(|(_, raw)| {
            let topics = raw.topic.iter().flat_map(|t| &t.patterns);
            topics.chain(raw.project.iter().flat_map(|p| &p.patterns))
        })
        .map(|pattern| pattern.get_ref().as_str())
        .collect();
    let mut uses: FastMap<&str, usize> = FastMap::default();
    sources.retain(|source| {
        let count = uses.entry(source).or_default();
        *count += 1;
        *count == 1
    });
    let mut text = 0;
    let ahead = sources
        .iter()
        .take_while(|source| {
            text += source.len();
            text <= PATTERNS_AHEAD_TEXT_LIMIT
        })
        .count();
    sources.truncate(ahead);
    let parsed: Vec<(&str, ParseResult)> = sources
        .into_par_iter()
        .map(|source| (source, parse_and_size(source)))
        .collect();
    parsed
        .into_iter()
        .map(|(source, result)| {
            let uses_left = uses.get(source).copied().unwrap_or(1);
            (source, Parsed { result, uses_left })
        })
        .collect()
}

impl<'a> Builder<'a> {
    pub(super) fn build(
        mut self,
        files: &'a [(SourceFile, RawFile)],
    ) -> Result<Taxonomy, TaxonomyError> {
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
        self.check_cycles()?;
        let mut show_ids = HashSet::new();
        for (file, raw) in files {
            self.add_shows(file, raw, &mut show_ids)?;
        }
        self.derive_first_names();
        let t = &mut self.taxonomy;
        t.children = vec![Vec::new(); t.topics.len()];
        for (i, topic) in t.topics.iter().enumerate() {
            for &pep in &topic.peps {
                t.pep_owners.entry(pep).or_default().push(i);
            }
            if let Some(parent) = topic.parent {
                t.children[parent].push(i);
            }
        }
        t.topic_node_ids = t.topics.iter().map(|t| ids::topic(&t.id)).collect();
        t.show_keys = t.shows.iter().map(ShowDef::name_keys).collect();
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
                return Err(duplicate_id(file, &topic.id, "topic"));
            }
        }
        for project in &raw.project {
            check_id(file, &project.id, "project")?;
            let id = ids::project(project.id.get_ref());
            if t.project_ids.insert(id, t.project_ids.len()).is_some() {
                return Err(duplicate_id(file, &project.id, "project"));
            }
        }
        for person in &raw.person {
            let id = ids::person(person.name.get_ref());
            if id == ids::person("") {
                return Err(TaxonomyError::NamelessPerson {
                    at: file.locate(person.name.span()),
                });
            }
            if t.person_ids.insert(id, t.person_ids.len()).is_some() {
                return Err(TaxonomyError::DuplicatePerson {
                    at: file.locate(person.name.span()),
                    name: person.name.get_ref().clone(),
                });
            }
        }
        Ok(())
    }

    fn add_topics(&mut self, file: &'a SourceFile, raw: &'a RawFile) -> Result<(), TaxonomyError> {
        for topic in &raw.topic {
            let index = self.taxonomy.topics.len();
            let id = topic.id.get_ref();
            let parent = self.topic_reference(file, topic.parent.as_ref(), || {
                format!("topic `{id}` has parent")
            })?;
            let vocabulary = topic.vocabulary();
            self.add_vocabulary(
                file,
                &format!("topic `{id}`"),
                Target::Topic(index),
                vocabulary,
            )?;
            self.topic_spans.push((file, topic.id.span()));
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
        referrer: impl Fn() -> String,
    ) -> Result<Option<usize>, TaxonomyError> {
        let Some(reference) = reference else {
            return Ok(None);
        };
        let index = self
            .taxonomy
            .topic_index(reference.get_ref())
            .ok_or_else(|| TaxonomyError::UnknownTopic {
                at: file.locate(reference.span()),
                referrer: referrer(),
                reference: reference.get_ref().clone(),
            })?;
        Ok(Some(index))
    }

    /// An entry's aliases, exact aliases and patterns.
    fn add_vocabulary(
        &mut self,
        file: &'a SourceFile,
        owner: &str,
        target: Target,
        vocabulary: Vocabulary<'a>,
    ) -> Result<(), TaxonomyError> {
        let owner: std::rc::Rc<str> = owner.into();
        let terms = [
            (vocabulary.aliases, CaseRule::Insensitive, Origin::Alias),
            (vocabulary.exact, CaseRule::Exact, Origin::Exact),
        ];
        for (texts, case, origin) in terms {
            self.add_terms(file, &owner, target, texts, case, origin)?;
        }
        self.add_patterns(file, target, vocabulary.patterns)
    }

    fn add_peps(&mut self, file: &'a SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for pep in &raw.pep {
            let number = *pep.number.get_ref();
            let info = PepInfo {
                title: pep.title.clone(),
                authors: pep.authors.clone(),
            };
            if self.taxonomy.peps.insert(number, info).is_some() {
                return Err(TaxonomyError::DuplicatePep {
                    at: file.locate(pep.number.span()),
                    number,
                });
            }
            let owner = format!("PEP {number}").into();
            let target = Target::Pep(number);
            self.add_terms(
                file,
                &owner,
                target,
                &pep.aliases,
                CaseRule::Insensitive,
                Origin::PepAlias,
            )?;
        }
        Ok(())
    }

    fn add_people(&mut self, file: &'a SourceFile, raw: &RawFile) -> Result<(), TaxonomyError> {
        for person in &raw.person {
            let index = self.taxonomy.people.len();
            let name = person.name.get_ref();
            let owner: std::rc::Rc<str> = format!("person `{name}`").into();
            let target = Target::Person(index);
            let terms = [
                (
                    std::slice::from_ref(&person.name),
                    CaseRule::Insensitive,
                    Origin::Name,
                ),
                (&person.aliases[..], CaseRule::Insensitive, Origin::Alias),
                (&person.exact[..], CaseRule::Exact, Origin::Exact),
            ];
            let start = self.taxonomy.terms.len();
            for (texts, case, origin) in terms {
                self.add_terms(file, &owner, target, texts, case, origin)?;
            }
            // An alias that is the person's first name ("Guido") is a first name: in a body or speech it
            // names them only when they are present (docs/precision.md, People).
            let mut words = name.split_whitespace();
            if let (Some(first), Some(_)) = (words.next(), words.next()) {
                let first = fold(first);
                for term in &mut self.taxonomy.terms[start..] {
                    if term.origin == Origin::Alias && fold(&term.text) == first {
                        term.origin = Origin::FirstName;
                    }
                }
            }
            self.taxonomy.people.push(Person {
                id: ids::person(name),
                name: name.clone(),
                github: checked_github(file, person)?,
                core: person.core,
                first_name: person.first_name,
            });
        }
        Ok(())
    }

    fn add_projects(
        &mut self,
        file: &'a SourceFile,
        raw: &'a RawFile,
    ) -> Result<(), TaxonomyError> {
        for project in &raw.project {
            let index = self.taxonomy.projects.len();
            let id = project.id.get_ref();
            let topic = self.topic_reference(file, project.topic.as_ref(), || {
                format!("project `{id}` belongs to topic")
            })?;
            let vocabulary = project.vocabulary();
            self.add_vocabulary(
                file,
                &format!("project `{id}`"),
                Target::Project(index),
                vocabulary,
            )?;
            self.taxonomy.projects.push(Project {
                id: ids::project(id),
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
                return Err(TaxonomyError::BadModuleName {
                    at: file.locate(name.span()),
                    name: name.get_ref().clone(),
                });
            }
            m.names.insert(name.get_ref().clone());
        }
        for name in &modules.code_only {
            if !m.names.contains(name.get_ref()) {
                return Err(TaxonomyError::CodeOnlyNotAModule {
                    at: file.locate(name.span()),
                    name: name.get_ref().clone(),
                });
            }
            m.code_only.insert(name.get_ref().clone());
        }
        for (alias, module) in &modules.aliases {
            if !m.names.contains(module.get_ref()) {
                return Err(TaxonomyError::AliasOfNoModule {
                    at: file.locate(module.span()),
                    alias: alias.clone(),
                    module: module.get_ref().clone(),
                });
            }
            m.aliases.insert(alias.clone(), module.get_ref().clone());
        }
        Ok(())
    }

    fn add_shows(
        &mut self,
        file: &SourceFile,
        raw: &'a RawFile,
        show_ids: &mut HashSet<&'a str>,
    ) -> Result<(), TaxonomyError> {
        for show in &raw.show {
            check_id(file, &show.id, "show")?;
            if !show_ids.insert(show.id.get_ref()) {
                return Err(duplicate_id(file, &show.id, "show"));
            }
            let id = show.id.get_ref();
            let mut hosts = Vec::new();
            for host in &show.hosts {
                let name = host.get_ref().name();
                let person = self.taxonomy.person_by_name(name).ok_or_else(|| {
                    TaxonomyError::UnknownHost {
                        at: file.locate(host.span()),
                        host: shown(name),
                        show: id.clone(),
                    }
                })?;
                hosts.push(shows::host(file, id, person, host)?);
            }
            let url =
                |field, value: &Option<Spanned<String>>| shows::web_address(file, id, field, value);
            self.taxonomy.shows.push(ShowDef {
                id: id.clone(),
                name: show.title.clone(),
                aliases: show.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                site: url("site", &show.site)?,
                feed: url("feed", &show.feed)?,
                hosts,
            });
        }
        Ok(())
    }

    fn add_terms(
        &mut self,
        file: &'a SourceFile,
        owner: &std::rc::Rc<str>,
        target: Target,
        texts: &[Spanned<String>],
        case: CaseRule,
        origin: Origin,
    ) -> Result<(), TaxonomyError> {
        for text in texts {
            let key = fold(text.get_ref());
            if key.is_empty() {
                return Err(TaxonomyError::EmptyAlias {
                    at: file.locate(text.span()),
                    owner: owner.to_string(),
                });
            }
            if let Some(claim) = self.claimed.get(&key) {
                if claim.owner == *owner {
                    continue; // The same entry listing a spelling twice (or with and without diacritics) is harmless.
                }
                return Err(TaxonomyError::AliasClaimed {
                    at: file.locate(text.span()),
                    alias: shown(text.get_ref()),
                    owner: owner.to_string(),
                    other: claim.owner.to_string(),
                    other_at: Box::new(claim.file.locate(claim.span.clone())),
                });
            }
            let claim = Claim {
                owner: owner.clone(),
                file,
                span: text.span(),
            };
            self.claimed.insert(key, claim);
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
        patterns: &'a [Spanned<String>],
    ) -> Result<(), TaxonomyError> {
        for pattern in patterns {
            let at = file.locate(pattern.span());
            let hir = self.checked_pattern(pattern.get_ref()).map_err(|source| {
                TaxonomyError::Pattern {
                    at: at.clone(),
                    pattern: shown(pattern.get_ref()),
                    source,
                }
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

    /// A pattern parsed (ahead, once however often it is written: a sub-topic may repeat its parent's), and
    /// counted once towards the size of all the patterns together.
    fn checked_pattern(&mut self, source: &'a str) -> Result<Hir, PatternError> {
        let (hir, size) = match self.parsed.get_mut(source) {
            Some(parsed) if parsed.uses_left > 1 => {
                parsed.uses_left -= 1;
                parsed.result.clone()?
            }
            Some(_) => match self.parsed.remove(source) {
                Some(parsed) => parsed.result?,
                None => parse_and_size(source)?,
            },
            None => parse_and_size(source)?,
        };
        if self.patterns_seen.insert(source) {
            self.patterns_size += size;
            if self.patterns_size > PATTERNS_SIZE_LIMIT {
                return Err(PatternError::TooLargeTogether {
                    limit: PATTERNS_SIZE_LIMIT,
                });
            }
        }
        Ok(hir)
    }

    /// One walk up from every topic, each topic visited once: a walk stops at a topic already known to
    /// reach a root, so a deep hierarchy costs its size, not its size times its depth.
    fn check_cycles(&self) -> Result<(), TaxonomyError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            Not,
            OnThisWalk,
            ReachesARoot,
        }
        let topics = &self.taxonomy.topics;
        let mut seen = vec![Seen::Not; topics.len()];
        let mut walk = Vec::new();
        for start in 0..topics.len() {
            let mut current = Some(start);
            while let Some(t) = current {
                match seen[t] {
                    Seen::ReachesARoot => break,
                    Seen::OnThisWalk => {
                        walk.push(t);
                        let (file, span) = &self.topic_spans[start];
                        return Err(TaxonomyError::ParentCycle {
                            at: file.locate(span.clone()),
                            chain: walk.iter().map(|&i| topics[i].id.clone()).collect(),
                        });
                    }
                    Seen::Not => {
                        seen[t] = Seen::OnThisWalk;
                        walk.push(t);
                        current = topics[t].parent;
                    }
                }
            }
            for t in walk.drain(..) {
                seen[t] = Seen::ReachesARoot;
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
                origin: Origin::FirstName,
            });
        }
    }
}

fn check_id(
    file: &SourceFile,
    id: &Spanned<String>,
    kind: &'static str,
) -> Result<(), TaxonomyError> {
    let text = id.get_ref();
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(TaxonomyError::BadId {
            at: file.locate(id.span()),
            kind,
            id: shown(text),
        })
    }
}

fn duplicate_id(file: &SourceFile, id: &Spanned<String>, kind: &'static str) -> TaxonomyError {
    TaxonomyError::DuplicateId {
        at: file.locate(id.span()),
        kind,
        id: id.get_ref().clone(),
    }
}

/// A person's GitHub user name. It becomes `https://github.com/<name>` in every export (an SVG link through
/// Graphviz among them), so it must be a user name and nothing else: no URL, no quote, no markup.
fn checked_github(file: &SourceFile, person: &RawPerson) -> Result<Option<String>, TaxonomyError> {
    let Some(github) = &person.github else {
        return Ok(None);
    };
    if is_github_user_name(github.get_ref()) {
        return Ok(Some(github.get_ref().clone()));
    }
    Err(TaxonomyError::BadGithub {
        at: file.locate(github.span()),
        person: person.name.get_ref().clone(),
        handle: shown(github.get_ref()),
    })
}

/// GitHub's rule for user names: 1 to 39 ASCII letters, digits and hyphens, not starting with a hyphen.
fn is_github_user_name(name: &str) -> bool {
    (1..=39).contains(&name.len())
        && !name.starts_with('-')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
