//! Tag: episodes + taxonomy -> mentions with evidence.
//!
//! The tagger reads each chapter title and the description once (an episode's texts in one pass). Every
//! alias, name and module of the taxonomy is in one index by spelling (the longest alias that names
//! something wins, so "Eric Snow" beats "Eric" and "free-threading" beats "threading"), the built-in
//! extractors (PEP numbers, releases, CPython issues, CVEs) are one multi-pattern regex and the taxonomy's
//! own patterns another; large inputs merge all three into one regex, so the cost of a text does not grow
//! with the number of aliases. Matches are then checked for word boundaries, case rules and code
//! context, and people get their role (host, guest, mentions) from the show and from interview cues. Every
//! [`Mention`] keeps its span, the words matched and the [`Rule`] that fired.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use compact_str::CompactString;
use regex::Regex;
use regex_automata::meta;

use self::scan::{Automata, Extracted};

use crate::ingest::{ChapterKind, Episode};
pub use crate::model::Role;
use crate::model::slugify;
use crate::taxonomy::{CaseRule, Modules, Origin, Target, Taxonomy, fold};

mod aliases;
mod scan;

/// A Python release named in text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Release {
    /// `X.Y`, the node id's part.
    pub feature: String,
    /// The version as written, normalised (`3.12.4`, `3.13b2`, `3.12.0a2`).
    pub version: String,
}

/// What a mention names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Topic(usize),
    Pep(u32),
    /// A person of the taxonomy.
    Person(usize),
    /// A person the taxonomy does not know, by name as written.
    NewPerson(String),
    Project(usize),
    Module(String),
    /// A Python release (boxed: it is rare, and two strings would make every mention larger).
    Release(Box<Release>),
    /// A CPython GitHub issue or pull request.
    Issue(u32),
    /// An issue of the old bugs.python.org tracker.
    Bpo(u32),
    Cve(String),
}

impl Entity {
    /// The graph node id (`pep:703`, `topic:jit`, `person:lukasz-langa`, `gh:109181`, ...).
    pub fn id(&self, taxonomy: &Taxonomy) -> String {
        self.node_id(taxonomy).into_owned()
    }

    /// The graph node id, borrowed from the taxonomy for its topics, people and projects: the graph asks
    /// for the id of every mention.
    pub fn node_id<'t>(&self, taxonomy: &'t Taxonomy) -> Cow<'t, str> {
        match self {
            Entity::Topic(i) => taxonomy.target_node_id(Target::Topic(*i)),
            Entity::Person(i) => taxonomy.target_node_id(Target::Person(*i)),
            Entity::Project(i) => taxonomy.target_node_id(Target::Project(*i)),
            Entity::Pep(n) => Cow::Owned(format!("pep:{n}")),
            Entity::NewPerson(name) => Cow::Owned(format!("person:{}", slugify(name))),
            Entity::Module(name) => Cow::Owned(format!("module:{name}")),
            Entity::Release(r) => Cow::Owned(format!("release:{}", r.feature)),
            Entity::Issue(n) => Cow::Owned(format!("gh:{n}")),
            Entity::Bpo(n) => Cow::Owned(format!("bpo:{n}")),
            Entity::Cve(id) => Cow::Owned(format!("cve:{id}")),
        }
    }

    /// The node kind (`topic`, `pep`, `person`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Entity::Topic(_) => "topic",
            Entity::Pep(_) => "pep",
            Entity::Person(_) | Entity::NewPerson(_) => "person",
            Entity::Project(_) => "project",
            Entity::Module(_) => "module",
            Entity::Release(_) => "release",
            Entity::Issue(_) | Entity::Bpo(_) => "issue",
            Entity::Cve(_) => "cve",
        }
    }

    /// A human label.
    pub fn label(&self, taxonomy: &Taxonomy) -> String {
        match self {
            Entity::Topic(i) => taxonomy.topics[*i].label.clone(),
            Entity::Pep(n) => format!("PEP {n}"),
            Entity::Person(i) => taxonomy.people[*i].name.clone(),
            Entity::NewPerson(name) => name.clone(),
            Entity::Project(i) => taxonomy.projects[*i].label.clone(),
            Entity::Module(name) => name.clone(),
            Entity::Release(r) => format!("Python {}", r.feature),
            Entity::Issue(n) => format!("gh-{n}"),
            Entity::Bpo(n) => format!("bpo-{n}"),
            Entity::Cve(id) => id.clone(),
        }
    }

    fn from_target(target: Target) -> Self {
        match target {
            Target::Topic(i) => Entity::Topic(i),
            Target::Pep(n) => Entity::Pep(n),
            Target::Person(i) => Entity::Person(i),
            Target::Project(i) => Entity::Project(i),
        }
    }
}

/// The rule that found a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A taxonomy term (alias, exact alias, name, derived first name), by index into `Taxonomy::terms`.
    Term(usize),
    /// A taxonomy regex, by index into `Taxonomy::patterns`.
    Pattern(usize),
    /// A standard-library module name (`code` when it needed code-like context).
    Module {
        code_context: bool,
    },
    /// A class or function name that names a module (`TaskGroup` -> asyncio).
    ModuleAlias,
    PepNumber,
    Release,
    Issue,
    Cve,
    /// A capitalised "First Last" where a person is named.
    PersonCue(PersonCue),
    /// A PEP the topic owns was mentioned.
    OwnedPep(u32),
    /// A project that belongs to the topic was mentioned.
    OwnedProject(usize),
}

/// Where a title names a person the taxonomy does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonCue {
    /// "X makes str.count faster".
    SubjectOfTitle,
    /// "Interview with X".
    AfterInterviewCue,
    /// "PART 1: Emily Morehouse".
    PartHeading,
    /// A chapter of a section that lists interviews.
    InterviewList,
}

impl PersonCue {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonCue::SubjectOfTitle => "subject of a title",
            PersonCue::AfterInterviewCue => "after an interview cue",
            PersonCue::PartHeading => "part heading that is a name",
            PersonCue::InterviewList => "a name in a list of interviews",
        }
    }
}

impl Rule {
    /// A short description for `castgraph tag`.
    pub fn describe(&self, taxonomy: &Taxonomy) -> String {
        match self {
            Rule::Term(i) => {
                let term = &taxonomy.terms[*i];
                format!("{} `{}`", term.origin, term.text)
            }
            Rule::Pattern(i) => {
                let p = &taxonomy.patterns[*i];
                format!("pattern `{}` ({})", p.source, p.at)
            }
            Rule::Module {
                code_context: false,
            } => "module name".into(),
            Rule::Module { code_context: true } => "module name in code".into(),
            Rule::ModuleAlias => "module alias".into(),
            Rule::PepNumber => "PEP number".into(),
            Rule::Release => "Python version".into(),
            Rule::Issue => "issue number".into(),
            Rule::Cve => "CVE id".into(),
            Rule::PersonCue(cue) => format!(
                "unknown person named where people are named ({})",
                cue.as_str()
            ),
            Rule::OwnedPep(n) => format!("topic owns PEP {n}"),
            Rule::OwnedProject(i) => format!("topic owns {}", taxonomy.projects[*i].label),
        }
    }
}

/// One thing found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub entity: Entity,
    /// Byte span in the text.
    pub span: Range<usize>,
    /// The words matched (kept inline up to 24 bytes: most matches allocate nothing).
    pub text: CompactString,
    pub rule: Rule,
}

/// Where in an episode a mention sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Description,
    Chapter(usize),
}

/// A mention in an episode, with its place and, for people, their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub place: Place,
    pub mention: Mention,
    pub role: Option<Role>,
}

/// What one alias string of the automaton can name.
#[derive(Debug, Clone)]
enum WordTarget {
    Term(usize),
    Module(String),
    ModuleAlias(String),
}

/// Which extractor a regex of the multi-pattern set is.
#[derive(Debug, Clone, Copy)]
enum Extractor {
    Pep,
    Release,
    Issue,
    Cve,
}

const BUILTIN_PATTERNS: [(&str, Extractor); 4] = [
    // "PEP 703", "PEP-703", "pep703", "PEPs 649 and 749", "PEP 276 and PEP 284".
    (
        r"(?i-u)\bpeps?[ \t\-]*0*[0-9]{1,4}(?-u:\b)(?:[ \t]*(?:,|and|&|or|/|\+)[ \t]*(?:peps?[ \t\-]*)?0*[0-9]{1,4}(?-u:\b))*",
        Extractor::Pep,
    ),
    // "Python 3.13", "3.13 beta 2", "3.12.4", "3.12.0a2", "Python 3.13.0 alpha 1", "Python 1.6", "3.13t".
    (
        r"(?i-u)\b(?:c?python[ \t]?|py)?[1-3]\.[0-9]{1,2}(?:\.[0-9]{1,2})?t?(?:[ \t]?(?:a|b|rc|alpha|beta|release candidate)[ \t]?[0-9]{1,2})?(?-u:\b)",
        Extractor::Release,
    ),
    // "gh-109181", "GH-113745", "bpo-12345", "python/cpython#12345".
    (
        r"(?i-u)\b(?:gh|bpo)-?[0-9]{2,7}\b|\bpython/cpython#[0-9]{1,7}\b",
        Extractor::Issue,
    ),
    (r"(?i-u)\bcve-[0-9]{4}-[0-9]{4,7}\b", Extractor::Cve),
];

/// Words that introduce an interview: people named near them are guests.
static INTERVIEW_CUE: ShortTextRegex = ShortTextRegex::new(
    r"(?i-u)\b(?:interview(?:s|ed|ing)?|special guests?|our guests?|guest(?:s)?:|joined by|conversation with|chat(?:ting)? with|talk(?:s|ed|ing)? (?:to|with)|hosting|welcom(?:e|ing))\b",
);

/// Section titles whose chapters are the names of the people interviewed.
static INTERVIEW_SECTION: ShortTextRegex = ShortTextRegex::new(
    r"(?i-u)\b(?:interviews?|in their own words|voices|guests|conversations|meet the)\b",
);

/// A capitalised name of two or three words, possibly with particles ("Hugo van Kemenade").
static CAPITALISED_NAME: ShortTextRegex = ShortTextRegex::new(
    // No `\b`: Unicode word boundaries would slow every title down; the start is checked in code.
    r"\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?(?:\s+(?:van|von|de|der|da|del|la|le|di)){0,2}(?:\s+\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?){1,2}",
);

/// What follows a person's name as the subject of a chapter title ("X makes str.count faster").
static PERSON_VERB: ShortTextRegex = ShortTextRegex::new(
    r"^(?:(?:'|\x{2019})s(?-u:\b)|\s+(?:and (?:her|his|their)(?-u:\b)|makes|made|improves|improved|implements|implemented|fixes|fixed|adds|added|exposes|exposed|folds|removes|rewrites|speeds|proposes|proposed|joins|joined|talks?|gives|gave|wins|won|is|was|nominated|elected|on|found|finds|reports|reported|wrote|writes|built|builds|maintains|leads|led|explains|presents|shows|showed|demos|ports|ported|ships|shipped|merges|merged|lands|landed|says|said|asks|answers|returns|joins)(?-u:\b))",
);

/// What precedes a person's name ("Interview with X", "guest: X", "by X").
static PERSON_BEFORE: ShortTextRegex = ShortTextRegex::new(
    r"(?i)(?-u:\b)(?:interview(?:ing)? with|interviewing|guests?:|with guests?|keynote by|talk by|thanks to)\s+(?:[\p{Ll}\s]+\s)?$",
);

/// A part heading's prefix: `PART 1: `.
static PART_PREFIX: ShortTextRegex =
    ShortTextRegex::new(r"(?i)^\s*part\s+[0-9]+\s*[:.\-\x{2013}\x{2014}]\s*");

/// "and Laysa Uchoa" after a name: the second name of a pair.
static AND_NAME: ShortTextRegex =
    ShortTextRegex::new(r"^\s+(?:and|&)\s+\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){0,2}");

/// Every fixed regex for short texts.
static SHORT_TEXT_REGEXES: [&ShortTextRegex; 7] = [
    &INTERVIEW_CUE,
    &INTERVIEW_SECTION,
    &CAPITALISED_NAME,
    &PERSON_VERB,
    &PERSON_BEFORE,
    &PART_PREFIX,
    &AND_NAME,
];

/// Compile the fixed regexes now (on another thread while the taxonomy loads, say) rather than on the first
/// text tagged: together they take a few milliseconds, as long as tagging a whole show.
pub fn compile_fixed_regexes() {
    for regex in SHORT_TEXT_REGEXES {
        regex.quick();
    }
    LazyLock::force(&IMPORT_STATEMENT);
}

/// Bytes a fixed regex searches on engines that need no warming up before it moves to the lazy DFA. The
/// backtracker and the PikeVM take about 10 ns a byte more than a warm lazy DFA, whose states cost about a
/// millisecond or more to build for the texts of one show: the switch pays off after a few hundred KiB.
const QUICK_START_BYTES: usize = 256 << 10;

/// A text this long goes straight to the lazy DFA, which is linear where the others are not.
const QUICK_TEXT_MAX: usize = 4 << 10;

/// A fixed regex for short texts (titles, sentences, section names) that starts quickly. A lazy DFA builds
/// its states as searches first need them, which for the few hundred titles of a show costs more than the
/// searches themselves (4 ms for [`PERSON_VERB`] alone). So the first searches run on engines that need no
/// warming up (the bounded backtracker, or the PikeVM), and once enough text has been searched for the
/// lazy DFA to pay off, the default engines take over. Both are compiled from the same pattern with the
/// same syntax, so they match exactly the same.
struct ShortTextRegex {
    pattern: &'static str,
    searched: AtomicUsize,
    quick: OnceLock<meta::Regex>,
    steady: OnceLock<meta::Regex>,
}

impl ShortTextRegex {
    const fn new(pattern: &'static str) -> Self {
        ShortTextRegex {
            pattern,
            searched: AtomicUsize::new(0),
            quick: OnceLock::new(),
            steady: OnceLock::new(),
        }
    }

    /// The engines for a search of `text`.
    fn for_text(&self, text: &str) -> &meta::Regex {
        if let Some(steady) = self.steady.get() {
            return steady;
        }
        let searched = self.searched.fetch_add(text.len(), Ordering::Relaxed);
        if searched < QUICK_START_BYTES && text.len() <= QUICK_TEXT_MAX {
            return self.quick();
        }
        self.steady
            .get_or_init(|| compile_fixed(self.pattern, meta::Config::new()))
    }

    /// The backtracker and the PikeVM only: no lazy DFA to warm up, and no one-pass DFA to build (which
    /// takes longer than [`PERSON_VERB`]'s searches in a whole show).
    fn quick(&self) -> &meta::Regex {
        self.quick.get_or_init(|| {
            let config = meta::Config::new().hybrid(false).dfa(false).onepass(false);
            compile_fixed(self.pattern, config)
        })
    }

    fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_match(text)
    }

    fn find(&self, text: &str) -> Option<regex_automata::Match> {
        self.for_text(text).find(text)
    }

    fn find_iter<'r, 'h>(&'r self, text: &'h str) -> meta::FindMatches<'r, 'h> {
        self.for_text(text).find_iter(text)
    }
}

/// Compile a fixed regex with the `regex` crate's syntax (Unicode, UTF-8).
fn compile_fixed(pattern: &str, config: meta::Config) -> meta::Regex {
    meta::Builder::new()
        .configure(config)
        .build(pattern)
        .expect("the fixed regexes compile")
}

/// Capitalised words that start titles but are not people.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "New",
    "Free",
    "Faster",
    "Python",
    "Core",
    "More",
    "Our",
    "How",
    "What",
    "Why",
    "When",
    "Where",
    "Who",
    "Which",
    "Is",
    "Are",
    "Do",
    "Does",
    "Can",
    "Will",
    "Let",
    "Big",
    "Hard",
    "First",
    "Better",
    "Other",
    "Steering",
    "Council",
    "Language",
    "Summit",
    "Static",
    "Strict",
    "Happy",
    "Surprise",
    "Fresh",
    "Pure",
    "Zero",
    "Control",
    "Memory",
    "Fast",
    "Slow",
    "Type",
    "Data",
    "Fine",
    "Incremental",
    "Tier",
    "Colored",
    "Developers",
    "Interview",
    "Part",
    "Episode",
    "Chapter",
    "Intro",
    "Outro",
    "Special",
    "Guest",
    "Favorite",
    "Favourite",
    "Hackable",
    "Shiny",
    "Getting",
    "Introducing",
    "Complaining",
    "Pedantic",
    "Sports",
    "News",
    "Security",
    "Performance",
    "Features",
    "Bug",
    "Fixes",
    "Updates",
    "Changes",
    "Support",
];

/// How much text a tagger is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Workload {
    /// A show or a few: quick to build.
    #[default]
    Small,
    /// Archives and transcripts (megabytes and more): slower to build, faster to scan.
    Large,
}

impl Workload {
    /// The workload for inputs of this many bytes in all.
    pub fn for_input_bytes(bytes: u64) -> Self {
        if bytes >= 4 << 20 {
            Workload::Large
        } else {
            Workload::Small
        }
    }
}

/// The tagger, built once from a taxonomy.
pub struct Tagger {
    taxonomy: Taxonomy,
    automata: Automata,
    word_targets: Vec<Vec<WordTarget>>,
    builtin_kinds: Vec<Extractor>,
    /// For each distinct taxonomy pattern, every pattern definition (index into `Taxonomy::patterns`) that
    /// wrote it: a sub-topic may repeat its parent's pattern.
    pattern_defs: Vec<Vec<usize>>,
    /// Whether the patterns can run over texts joined by newlines: none of them anchors to the start or
    /// end of a text or line, which joining would move.
    patterns_join: bool,
}

impl fmt::Debug for Tagger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tagger")
            .field("words", &self.word_targets.len())
            .finish_non_exhaustive()
    }
}

/// Errors building a tagger.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    #[error(
        "cannot compile the taxonomy's patterns together: {0}; simplify the patterns in the taxonomy"
    )]
    Patterns(String),
}

impl Tagger {
    /// Build the automaton and the multi-pattern regex for a taxonomy.
    pub fn new(taxonomy: Taxonomy) -> Result<Self, TagError> {
        Self::with_workload(taxonomy, Workload::Small)
    }

    /// Build a tagger for a workload: a large one reads each text once with one regex that merges the
    /// aliases, the built-in extractors and the patterns; it takes longer to build and to warm up, and then
    /// scans long texts faster.
    pub fn with_workload(taxonomy: Taxonomy, workload: Workload) -> Result<Self, TagError> {
        let (aliases, word_targets) = word_patterns(&taxonomy);
        let mut sources: Vec<&str> = Vec::new();
        let mut pattern_defs: Vec<Vec<usize>> = Vec::new();
        for (i, pattern) in taxonomy.patterns.iter().enumerate() {
            match sources.iter().position(|s| *s == pattern.source) {
                Some(slot) => pattern_defs[slot].push(i),
                None => {
                    sources.push(&pattern.source);
                    pattern_defs.push(vec![i]);
                }
            }
        }
        let hirs: Vec<&regex_syntax::hir::Hir> = pattern_defs
            .iter()
            .map(|defs| &taxonomy.patterns[defs[0]].hir)
            .collect();
        let patterns_join = taxonomy
            .patterns
            .iter()
            .all(|p| !p.hir.properties().look_set().contains_anchor());
        let builtins = BUILTIN_PATTERNS.map(|(p, _)| p);
        let automata = Automata::new(&aliases, &builtins, &hirs, workload, patterns_join)?;
        Ok(Tagger {
            automata,
            word_targets,
            builtin_kinds: BUILTIN_PATTERNS.iter().map(|(_, k)| *k).collect(),
            pattern_defs,
            patterns_join,
            taxonomy,
        })
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Find every mention in a text, in order of position. People get no role here; see [`Tagger::tag_episode`].
    pub fn tag_text(&self, text: &str) -> Vec<Mention> {
        self.tag_with(text, false)
    }

    /// Tag a text; `names_expected` says that a text which is only a capitalised name names a person (a
    /// chapter in a list of interviews).
    fn tag_with(&self, text: &str, names_expected: bool) -> Vec<Mention> {
        // Up to one mention in a hundred bytes of talk: room for them without growing a long text's list,
        // which would copy megabytes. (Room never written to costs a long text no memory: its pages are
        // never touched.)
        let mut mentions = Vec::with_capacity(text.len() / 64);
        let found = self.automata.scan(text, true, |span, alias| {
            self.word_found(text, span, alias, &mut mentions)
        });
        self.extracted_found(text, found, &mut mentions);
        self.finish(text, names_expected, &mut mentions);
        mentions
    }

    /// What follows the automata: import statements, people the taxonomy does not know, the topics that
    /// own PEPs and projects, and the order of position.
    fn finish(&self, text: &str, names_expected: bool, mentions: &mut Vec<Mention>) {
        drop_words_in_import_statements(text, &self.taxonomy.modules, mentions);
        self.find_new_people(text, names_expected, mentions);
        self.add_owning_topics(mentions);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }

    /// Tag an episode's description and chapter titles, and give every person a role. `hosts` are the
    /// indexes of the show's hosts in the taxonomy's people.
    pub fn tag_episode(&self, episode: &Episode, hosts: &[usize]) -> Vec<Tagged> {
        let mut tagged = Vec::new();
        let credited_guests: Vec<String> = episode
            .people
            .iter()
            .filter(|c| c.role == Role::Guest)
            .map(|c| fold(&c.name))
            .collect();
        // The description is tagged together with the titles: one scan for the episode.
        let texts: Vec<&str> = [episode.description.as_str()]
            .into_iter()
            .chain(episode.chapters.iter().map(|c| c.title))
            .collect();
        let mut names_expected = vec![false];
        // Chapters of a section share its title: look at each section once.
        let mut last_section: Option<(&str, bool)> = None;
        names_expected.extend(episode.chapters.iter().map(|c| {
            c.section.is_some_and(|section| match last_section {
                Some((s, is)) if s == section => is,
                _ => {
                    last_section
                        .insert((section, INTERVIEW_SECTION.is_match(section)))
                        .1
                }
            })
        }));
        let mut found = self.tag_many(&texts, &names_expected).into_iter();
        for mention in found.next().unwrap_or_default() {
            let role = self.person_role(&mention, hosts, &credited_guests, || {
                sentence_around(&episode.description, &mention.span)
                    .is_some_and(|s| INTERVIEW_CUE.is_match(s))
            });
            tagged.push(Tagged {
                place: Place::Description,
                mention,
                role,
            });
        }
        for ((index, chapter), mentions) in episode.chapters.iter().enumerate().zip(found) {
            let interview_list = names_expected[index + 1];
            for mention in mentions {
                let role = self.person_role(&mention, hosts, &credited_guests, || {
                    let only_name = is_only_a_name(chapter.title, &mention.span);
                    INTERVIEW_CUE.is_match(chapter.title)
                        || (only_name && (chapter.kind == ChapterKind::Section || interview_list))
                });
                tagged.push(Tagged {
                    place: Place::Chapter(index),
                    mention,
                    role,
                });
            }
        }
        tagged
    }

    fn person_role(
        &self,
        mention: &Mention,
        hosts: &[usize],
        credited_guests: &[String],
        interviewed: impl FnOnce() -> bool,
    ) -> Option<Role> {
        let (is_host, name) = match &mention.entity {
            Entity::Person(i) => (hosts.contains(i), fold(&self.taxonomy.people[*i].name)),
            Entity::NewPerson(name) => (false, fold(name)),
            _ => return None,
        };
        Some(if is_host {
            Role::Host
        } else if credited_guests.contains(&name) || interviewed() {
            Role::Guest
        } else {
            Role::Mentions
        })
    }

    /// An alias found in a text: the mentions its targets make there, and whether there are any.
    fn word_found(
        &self,
        text: &str,
        span: Range<usize>,
        pattern: usize,
        mentions: &mut Vec<Mention>,
    ) -> bool {
        if !starts_at_boundary(text, span.start) {
            return false;
        }
        let before = mentions.len();
        for target in &self.word_targets[pattern] {
            if let Some(mention) = self.check_word(text, span.clone(), target) {
                mentions.push(mention);
            }
        }
        let found_module = mentions[before..]
            .iter()
            .any(|m| matches!(m.entity, Entity::Module(_)));
        if !found_module && let Some(module) = self.dotted_module(text, span) {
            mentions.push(module);
        }
        mentions.len() > before
    }

    /// Check a word match against the target's case, boundary and context rules.
    fn check_word(&self, text: &str, span: Range<usize>, target: &WordTarget) -> Option<Mention> {
        let matched = &text[span.clone()];
        let (entity, rule, end) = match target {
            WordTarget::Term(i) => {
                let term = &self.taxonomy.terms[*i];
                let case_ok = match term.case {
                    CaseRule::Insensitive => true,
                    CaseRule::Exact => {
                        matched == term.text
                            || deunicode::deunicode(matched) == deunicode::deunicode(&term.text)
                    }
                    CaseRule::Capitalized => matched.chars().next().is_some_and(char::is_uppercase),
                };
                let end = plural_end(text, span.end, matched)?;
                // "Pablo Hernández" is not the Pablo the first name resolves to: someone else's surname follows.
                // Likewise a capitalised word alias inside a longer name: "Black Friday" is not Black.
                let one_capitalised_word =
                    term.case == CaseRule::Exact && is_capitalised_word(&term.text);
                if (term.origin == Origin::FirstName || one_capitalised_word)
                    && followed_by_capitalised_word(text, end)
                {
                    return None;
                }
                (
                    case_ok.then(|| Entity::from_target(term.target))?,
                    Rule::Term(*i),
                    end,
                )
            }
            WordTarget::Module(name) => {
                let code = in_code_context(text, &span);
                let as_written = matched == name
                    || (starts_title(text, span.start) && matched == capitalise(name));
                let needs_code = self.taxonomy.modules.code_only.contains(name);
                // `Path.copy()`: after a dot a name is an attribute, not a module.
                let attribute = text[..span.start].ends_with('.');
                if !as_written
                    || attribute
                    || (needs_code && !code)
                    || !ends_at_boundary(text, span.end)
                {
                    return None;
                }
                (
                    Entity::Module(name.clone()),
                    Rule::Module {
                        code_context: needs_code,
                    },
                    span.end,
                )
            }
            WordTarget::ModuleAlias(module) => {
                let alias_ok = self
                    .taxonomy
                    .modules
                    .aliases
                    .get(matched)
                    .is_some_and(|m| m == module);
                // "Thread", "Queue", "Fraction" are also words: only as code ("Thread.join()").
                let is_word = matched.chars().skip(1).all(|c| c.is_lowercase());
                let context_ok = !is_word || in_code_context(text, &span);
                if !alias_ok || !context_ok || !ends_at_boundary(text, span.end) {
                    return None;
                }
                (Entity::Module(module.clone()), Rule::ModuleAlias, span.end)
            }
        };
        Some(Mention {
            entity,
            text: CompactString::from(&text[span.start..end]),
            span: span.start..end,
            rule,
        })
    }

    /// A longer alias that is a dotted name ("sys.monitoring", "sys.__interactivehook__") still names its
    /// module: the longest known module prefix.
    fn dotted_module(&self, text: &str, span: Range<usize>) -> Option<Mention> {
        let matched = &text[span.clone()];
        let names = &self.taxonomy.modules.names;
        let module = matched
            .rmatch_indices('.')
            .map(|(dot, _)| &matched[..dot])
            .find(|prefix| names.contains(*prefix))?;
        let end = span.start + module.len();
        Some(self.mention(
            Entity::Module(module.to_string()),
            span.start..end,
            text,
            Rule::Module { code_context: true },
        ))
    }

    /// The mentions of the built-in extractors' and the patterns' matches, in that order.
    fn extracted_found(&self, text: &str, found: Extracted, mentions: &mut Vec<Mention>) {
        for (span, kind) in found.builtins {
            self.builtin_found(text, span, kind, mentions);
        }
        for m in found.patterns.into_iter().filter(|m| m.whole_chars) {
            self.pattern_found(text, m.span, m.slot, mentions);
        }
    }

    /// A built-in extractor's match: the PEPs, release, issue or CVE it names.
    fn builtin_found(
        &self,
        text: &str,
        span: Range<usize>,
        kind: usize,
        mentions: &mut Vec<Mention>,
    ) {
        let matched = &text[span.clone()];
        match self.builtin_kinds[kind] {
            Extractor::Pep => {
                for (number, within) in pep_numbers(matched) {
                    let at = span.start + within.start..span.start + within.end;
                    mentions.push(self.mention(Entity::Pep(number), at, text, Rule::PepNumber));
                }
            }
            Extractor::Release => {
                if let Some(release) = parse_release(text, span.clone()) {
                    mentions.push(self.mention(
                        Entity::Release(Box::new(release)),
                        span,
                        text,
                        Rule::Release,
                    ));
                }
            }
            Extractor::Issue => {
                let number = numbers_in(matched).next().unwrap_or(0);
                let entity = if matched.to_ascii_lowercase().starts_with("bpo") {
                    Entity::Bpo(number)
                } else {
                    Entity::Issue(number)
                };
                mentions.push(self.mention(entity, span, text, Rule::Issue));
            }
            Extractor::Cve => {
                let cve = Entity::Cve(matched.to_ascii_uppercase());
                mentions.push(self.mention(cve, span, text, Rule::Cve));
            }
        }
    }

    /// A taxonomy pattern's match: a mention for every definition that wrote the pattern.
    fn pattern_found(
        &self,
        text: &str,
        span: Range<usize>,
        slot: usize,
        mentions: &mut Vec<Mention>,
    ) {
        for &def in &self.pattern_defs[slot] {
            let entity = Entity::from_target(self.taxonomy.patterns[def].target);
            mentions.push(self.mention(entity, span.clone(), text, Rule::Pattern(def)));
        }
    }

    /// Tag many texts (an episode's chapter titles) at once: the automata run once over the texts joined
    /// by newlines, which costs far less than a search per short title. A match is then checked against its
    /// own text alone, exactly as [`Tagger::tag_with`] checks it. A text touched by a pattern match that
    /// runs into the next one is tagged on its own: there the longer match could not exist, and another
    /// might take its place. (Aliases and extractors cannot cross a newline.)
    fn tag_many(&self, texts: &[&str], names_expected: &[bool]) -> Vec<Vec<Mention>> {
        let (text, mut joined) = Joined::new(texts);
        let mut found: Vec<Vec<Mention>> = vec![Vec::new(); texts.len()];
        let extracted = self
            .automata
            .scan(&text, self.patterns_join, |span, alias| {
                joined
                    .place(span)
                    .is_some_and(|(i, span)| self.word_found(texts[i], span, alias, &mut found[i]))
            });
        for (span, kind) in extracted.builtins {
            if let Some((i, span)) = joined.place(span) {
                self.builtin_found(texts[i], span, kind, &mut found[i]);
            }
        }
        for m in extracted.patterns {
            // A match that crosses into the next title counts even if it ends inside a character: alone,
            // its title might keep a shorter match.
            if let Some((i, span)) = joined.place(m.span)
                && m.whole_chars
            {
                self.pattern_found(texts[i], span, m.slot, &mut found[i]);
            }
        }
        if !self.patterns_join {
            for (text, mentions) in texts.iter().zip(&mut found) {
                let patterns = Extracted {
                    builtins: Vec::new(),
                    patterns: self.automata.pattern_matches(text),
                };
                self.extracted_found(text, patterns, mentions);
            }
        }
        for (i, mentions) in found.iter_mut().enumerate() {
            if joined.alone[i] {
                *mentions = self.tag_with(texts[i], names_expected[i]);
            } else {
                self.finish(texts[i], names_expected[i], mentions);
            }
        }
        found
    }

    fn mention(&self, entity: Entity, span: Range<usize>, text: &str, rule: Rule) -> Mention {
        Mention {
            entity,
            text: CompactString::from(&text[span.clone()]),
            span,
            rule,
        }
    }

    /// People the taxonomy does not know, where a title names people: "X makes ...", "X and her keynote",
    /// "Interview with X", or a part heading or interview-list chapter that is only a name.
    fn find_new_people(&self, text: &str, names_expected: bool, mentions: &mut Vec<Mention>) {
        if !text.bytes().any(|b| b.is_ascii_uppercase()) || text.len() > 2_000 {
            return;
        }
        let known = mentions.len();
        // Where a part heading's name would start, looked for only when a name might be one.
        let mut body_start = None;
        for found in CAPITALISED_NAME.find_iter(text) {
            let span = found.range();
            if text[..span.start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue; // Inside a word ("McDonald").
            }
            if mentions[..known]
                .iter()
                .any(|k| k.span.start < span.end && span.start < k.span.end)
            {
                continue;
            }
            let name = &text[span.clone()];
            if name.split_whitespace().any(|w| NOT_NAMES.contains(&w))
                || self.names_something_else(name)
            {
                continue;
            }
            let cue = if PERSON_VERB.is_match(&text[span.end..])
                || self.followed_by_person_verb(text, span.end)
            {
                PersonCue::SubjectOfTitle
            } else if PERSON_BEFORE.is_match(&text[..span.start]) {
                PersonCue::AfterInterviewCue
            } else if text[span.end..].trim().is_empty()
                && (span.start > 0 || names_expected)
                && span.start
                    == *body_start
                        .get_or_insert_with(|| PART_PREFIX.find(text).map_or(0, |m| m.end()))
            {
                if span.start > 0 {
                    PersonCue::PartHeading
                } else {
                    PersonCue::InterviewList
                }
            } else {
                continue;
            };
            mentions.push(self.mention(
                Entity::NewPerson(name.to_string()),
                span,
                text,
                Rule::PersonCue(cue),
            ));
        }
    }

    /// "Yuliia Barabash and Laysa Uchoa talk ...": the first name of a pair is a subject too.
    fn followed_by_person_verb(&self, text: &str, end: usize) -> bool {
        AND_NAME
            .find(&text[end..])
            .is_some_and(|m| PERSON_VERB.is_match(&text[end + m.end()..]))
    }

    /// Whether any word of a candidate name is a taxonomy term (a topic, project or module word).
    fn names_something_else(&self, name: &str) -> bool {
        self.automata.is_alias(name)
    }

    /// A PEP owned by a topic, or a project belonging to one, is words about that topic too.
    fn add_owning_topics(&self, mentions: &mut Vec<Mention>) {
        let mut owned = Vec::new();
        for mention in mentions.iter() {
            let (topics, rule): (Vec<usize>, Rule) = match mention.entity {
                Entity::Pep(n) => (self.taxonomy.pep_owners(n).to_vec(), Rule::OwnedPep(n)),
                Entity::Project(p) => (
                    self.taxonomy.projects[p].topic.into_iter().collect(),
                    Rule::OwnedProject(p),
                ),
                _ => continue,
            };
            for topic in topics {
                owned.push(Mention {
                    entity: Entity::Topic(topic),
                    rule: rule.clone(),
                    ..mention.clone()
                });
            }
        }
        mentions.extend(owned);
    }
}

/// Where the texts joined by newlines, to be scanned as one, are in the joined text.
struct Joined<'t> {
    texts: &'t [&'t str],
    /// Where each text starts in the joined text, and the joined text's length at the end.
    starts: Vec<usize>,
    /// The texts a match ran past the end of: they are tagged alone.
    alone: Vec<bool>,
}

impl<'t> Joined<'t> {
    /// The joined text and where its texts are.
    fn new(texts: &'t [&'t str]) -> (String, Self) {
        let mut text = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        let mut starts = Vec::with_capacity(texts.len() + 1);
        for t in texts {
            starts.push(text.len());
            text.push_str(t);
            text.push('\n');
        }
        starts.push(text.len());
        let joined = Joined {
            texts,
            starts,
            alone: vec![false; texts.len()],
        };
        (text, joined)
    }

    /// The text a match starts in, and the match relative to it; `None` (and those texts marked to be
    /// tagged alone) when it runs past its text's end.
    fn place(&mut self, span: Range<usize>) -> Option<(usize, Range<usize>)> {
        let starts = &self.starts;
        let i = starts.partition_point(|&s| s <= span.start) - 1;
        let end = starts[i] + self.texts[i].len();
        if span.end > end {
            let last = starts.partition_point(|&s| s < span.end) - 1;
            self.alone[i..=last.min(self.texts.len() - 1)].fill(true);
            return None;
        }
        Some((i, span.start - starts[i]..span.end - starts[i]))
    }
}

/// The aliases the tagger looks for: each distinct spelling once (ASCII case folded), with every target it
/// names. Non-ASCII spellings get their lower, upper and ASCII-folded forms, so that "ŁUKASZ" and
/// "Lukasz" find "Łukasz".
fn word_patterns(taxonomy: &Taxonomy) -> (Vec<String>, Vec<Vec<WordTarget>>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut targets: Vec<Vec<WordTarget>> = Vec::new();
    let mut add = |spelling: &str, target: WordTarget| {
        let mut forms = vec![spelling.to_string()];
        if !spelling.is_ascii() {
            forms.extend([
                spelling.to_lowercase(),
                spelling.to_uppercase(),
                deunicode::deunicode(spelling),
            ]);
        }
        for form in forms {
            let key = form.to_ascii_lowercase();
            let slot = *index.entry(key).or_insert_with(|| {
                patterns.push(form.clone());
                targets.push(Vec::new());
                patterns.len() - 1
            });
            if !targets[slot].iter().any(|t| same_target(t, &target)) {
                targets[slot].push(target.clone());
            }
        }
    };
    for (i, term) in taxonomy.terms.iter().enumerate() {
        add(&term.text, WordTarget::Term(i));
    }
    let mut modules: Vec<&String> = taxonomy.modules.names.iter().collect();
    modules.sort();
    for name in modules {
        add(name, WordTarget::Module(name.clone()));
    }
    let mut aliases: Vec<(&String, &String)> = taxonomy.modules.aliases.iter().collect();
    aliases.sort();
    for (alias, module) in aliases {
        add(alias, WordTarget::ModuleAlias(module.clone()));
    }
    (patterns, targets)
}

fn same_target(a: &WordTarget, b: &WordTarget) -> bool {
    match (a, b) {
        (WordTarget::Term(x), WordTarget::Term(y)) => x == y,
        (WordTarget::Module(x), WordTarget::Module(y))
        | (WordTarget::ModuleAlias(x), WordTarget::ModuleAlias(y)) => x == y,
        _ => false,
    }
}

/// `import tomllib`, `from __future__ import annotations`: code names modules, not the import system.
static IMPORT_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)\b(?:from\s+[A-Za-z_][\w.]*\s+)?import\s+[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*",
    )
    .unwrap()
});

/// Drop topic and project words inside import statements; the modules they name stay. A statement is
/// `from X import Y`, or `import X` where X is a module ("import side effects" is prose).
fn drop_words_in_import_statements(text: &str, modules: &Modules, mentions: &mut Vec<Mention>) {
    if !text.contains("import") {
        return;
    }
    let is_statement = |statement: &str| {
        let imported = statement
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let top = imported.split('.').next().unwrap_or_default();
        statement.starts_with("from")
            || modules.names.contains(imported)
            || modules.names.contains(top)
    };
    let statements: Vec<Range<usize>> = IMPORT_STATEMENT
        .find_iter(text)
        .filter(|m| is_statement(m.as_str()))
        .map(|m| m.range())
        .collect();
    if statements.is_empty() {
        return;
    }
    mentions.retain(|m| {
        let is_word = matches!(m.entity, Entity::Topic(_) | Entity::Project(_));
        !(is_word
            && statements
                .iter()
                .any(|s| s.start <= m.span.start && m.span.end <= s.end))
    });
}

/// "Black", "Justin": a capital and then lowercase letters.
fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// Whether the next word after `end` (past one space) is capitalised like a surname: "Hernández", not "AND".
fn followed_by_capitalised_word(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    rest.next() == Some(' ')
        && rest.next().is_some_and(char::is_uppercase)
        && rest.next().is_some_and(char::is_lowercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn starts_at_boundary(text: &str, start: usize) -> bool {
    let first_is_word = text[start..].chars().next().is_some_and(is_word_char);
    !first_is_word || !text[..start].chars().next_back().is_some_and(is_word_char)
}

fn ends_at_boundary(text: &str, end: usize) -> bool {
    let last_is_word = text[..end].chars().next_back().is_some_and(is_word_char);
    !last_is_word || !text[end..].chars().next().is_some_and(is_word_char)
}

/// Where a term's match ends, allowing a plural `s`/`es` ("JITs"); `None` when it ends inside a word.
fn plural_end(text: &str, end: usize, matched: &str) -> Option<usize> {
    if ends_at_boundary(text, end) {
        return Some(end);
    }
    let last_is_letter = matched.chars().next_back().is_some_and(char::is_alphabetic);
    let upper = matched
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    for suffix in ["s", "es"] {
        let rest = &text[end..];
        let fits = rest
            .get(..suffix.len())
            .is_some_and(|s| s == suffix || (upper && s.eq_ignore_ascii_case(suffix)));
        if last_is_letter && fits && ends_at_boundary(text, end + suffix.len()) {
            return Some(end + suffix.len());
        }
    }
    None
}

/// Code-like context for module names that are also words: `import abc`, `from time import`, `` `time` ``,
/// `python -m code`, `time.sleep`, `time()`, "the time module".
fn in_code_context(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end_matches(' ');
    let after = &text[span.end..];
    let before_ok = before.ends_with("import")
        || before.ends_with("from")
        || before.ends_with("-m")
        || text[..span.start].ends_with('`');
    let after_ok = after.starts_with('`')
        || after.starts_with('(')
        || (after.starts_with('.')
            && after[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_'))
        || after.starts_with(" module")
        || after.starts_with(" import");
    before_ok || after_ok
}

/// Whether `start` is where a title or sentence begins (so a module name may be capitalised).
fn starts_title(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    before.is_empty() || before.ends_with([':', '.', '!', '?', '(', '-', '\u{2013}', '\u{2014}'])
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Each PEP number of a list with its own span: "PEPs 649 and PEP 749" -> (649, "PEPs 649"), (749, "PEP 749");
/// "PEPs 649 and 749" -> (649, "PEPs 649"), (749, "749").
fn pep_numbers(matched: &str) -> Vec<(u32, Range<usize>)> {
    let lower = matched.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut previous_end = 0;
    let bytes = matched.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let digits = i..i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let start = lower[previous_end..digits.start]
            .rfind("pep")
            .map_or(digits.start, |p| previous_end + p);
        if let Ok(number) = matched[digits.clone()].parse() {
            found.push((number, start..digits.end));
        }
        previous_end = digits.end;
        i = digits.end;
    }
    found
}

/// The numbers in a matched text ("gh-109181" -> 109181).
fn numbers_in(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
}

/// A release from a version match, or `None` when the number is not a Python version.
fn parse_release(text: &str, span: Range<usize>) -> Option<Release> {
    // Part of a longer dotted number ("10.3.13") or a word ("v3.2")?
    if text[..span.start].ends_with(['.', '-'])
        || text[span.end..].starts_with(['.', '-'])
            && text[span.end..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let span_start = span.start;
    let matched = &text[span];
    let lower = matched.to_ascii_lowercase();
    let prefixed =
        lower.starts_with("python") || lower.starts_with("cpython") || lower.starts_with("py");
    let digits_at = matched.find(|c: char| c.is_ascii_digit())?;
    let version_text = &lower[digits_at..];
    let number_end = version_text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(version_text.len());
    let number = version_text[..number_end].trim_end_matches('.');
    let parts: Vec<u32> = number.split('.').filter_map(|p| p.parse().ok()).collect();
    let (major, minor) = (*parts.first()?, *parts.get(1)?);
    let plausible = match major {
        3 => minor <= 30,
        2 => minor <= 7,
        1 => prefixed && minor <= 6,
        _ => false,
    };
    if !plausible {
        return None;
    }
    if !prefixed && names_another_project(text, digits_at + span_start) {
        return None;
    }
    let mut version = number.to_string();
    let mut tail = version_text[number_end..].trim();
    if let Some(rest) = tail.strip_prefix('t') {
        version.push('t'); // The free-threaded build: "3.13t".
        tail = rest.trim();
    }
    if !tail.is_empty() {
        let pre: String = tail.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        let n: String = tail.chars().filter(char::is_ascii_digit).collect();
        let short = match pre.as_str() {
            "a" | "alpha" => "a",
            "b" | "beta" => "b",
            _ => "rc",
        };
        version = format!("{version}{short}{n}");
    }
    Some(Release {
        feature: format!("{major}.{minor}"),
        version,
    })
}

/// Whether a bare version at `start` belongs to another project: "Cython 3.1", "OpenSSL 3.0 vs 3.5",
/// "NumPy 2.1". Looks back past connectors and earlier versions to the word that owns the version.
fn names_another_project(text: &str, start: usize) -> bool {
    const CONNECTORS: &[&str] = &[
        "vs", "vs.", "versus", "and", "or", "to", "/", "&", ",", "->", "\u{2192}",
    ];
    const NOT_OWNERS: &[&str] = &[
        "in", "for", "since", "until", "before", "after", "from", "with", "the", "a", "an", "on",
        "of", "by", "about", "is", "are", "was", "why", "how", "what", "when", "where", "which",
        "only", "also", "then", "now", "new", "next", "latest", "into", "through", "than", "both",
        "all", "every", "each", "python", "cpython", "pythons", "py", "beta", "alpha", "release",
        "released", "releases", "version", "versions", "up",
    ];
    let mut words = text[..start]
        .split_whitespace()
        .rev()
        .map(|w| w.trim_end_matches([',', ':', ';']));
    let owner = words.find(|w| {
        let lower = w.to_ascii_lowercase();
        !w.is_empty()
            && !CONNECTORS.contains(&lower.as_str())
            && !w.starts_with(|c: char| c.is_ascii_digit())
    });
    owner.is_some_and(|w| {
        let possessive = w.ends_with("'s") || w.ends_with("\u{2019}s"); // "Pablo's 3.14 plans"
        let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
        starts_upper && !possessive && !NOT_OWNERS.contains(&w.to_ascii_lowercase().as_str())
    })
}

/// The sentence of `text` that holds `span`.
fn sentence_around<'t>(text: &'t str, span: &Range<usize>) -> Option<&'t str> {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..span.start].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find(is_end)
        .map_or(text.len(), |i| span.end + i);
    text.get(start..end)
}

/// Whether a title is nothing but the name at `span` (after an optional `PART N:` prefix and around
/// punctuation).
fn is_only_a_name(title: &str, span: &Range<usize>) -> bool {
    let body_start = PART_PREFIX.find(title).map_or(0, |m| m.end());
    let before = title.get(body_start..span.start).unwrap_or("x");
    let after = &title[span.end..];
    let filler = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
    filler(before) && filler(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both engines of every fixed regex find exactly what the `regex` crate finds, on every suffix and
    /// prefix of titles with non-ASCII names, dashes, apostrophes and odd spacing (the way the tagger runs
    /// them on the text around a name).
    #[test]
    fn fixed_regexes_match_as_the_regex_crate_does() {
        let titles = [
            "Łukasz Langa and Pablo Galindo Salgado talk about PEP 703",
            "Interview with Hernández, guest: Zoë Ñúñez-Ødegård",
            "PART 1: Emily Morehouse",
            "part 12 \u{2013} Hugo van Kemenade",
            "Part 3 \u{2014}\tÉric Lévénez’s keynote",
            "Yuliia Barabash & Laysa Uchoa improved the docs",
            "Welcoming special guests: Ünal Ütkü and Þórr Ásgeirsson",
            "GRAHAM Dumpleton, McDonald de la Vega, Jean-Luc Picard was here",
            "DEVELOPERS IN THEIR OWN WORDS / Meet the Core Team / voices",
            "we had a chat with Mark Shannon; chatting with ANDRÉ; talked to José Ramírez",
            "from __future__ import annotations; import os.path, sys",
            "Σωκράτης Παπαδόπουλος makes str.count faster",
            "\u{301}Accent first Ğüneş Özdemir\u{308} was elected",
            "  thanks to   the people Brett Cannon ",
            "",
        ];
        // Past the backtracker's limit the quick engines are the PikeVM.
        let long = titles.join(" ").repeat(8);
        for fixed in SHORT_TEXT_REGEXES {
            let plain = Regex::new(fixed.pattern).unwrap();
            let steady = compile_fixed(fixed.pattern, meta::Config::new());
            for title in titles {
                let cuts = (0..=title.len()).filter(|&i| title.is_char_boundary(i));
                let texts = cuts.flat_map(|i| [&title[i..], &title[..i]]);
                for text in texts.chain([long.as_str()]) {
                    let want: Vec<Range<usize>> =
                        plain.find_iter(text).map(|m| m.range()).collect();
                    for regex in [fixed.quick(), &steady] {
                        let found: Vec<Range<usize>> =
                            regex.find_iter(text).map(|m| m.range()).collect();
                        assert_eq!(found, want, "{} on {text:?}", fixed.pattern);
                        assert_eq!(regex.is_match(text), plain.is_match(text));
                    }
                }
            }
        }
    }

    fn tagger() -> &'static Tagger {
        crate::test_support::builtin_tagger()
    }

    /// Tagging an episode's titles together must find exactly what tagging each alone finds.
    fn assert_together_as_alone(tagger: &Tagger, titles: &[&str]) {
        let expected = vec![false; titles.len()];
        let together = tagger.tag_many(titles, &expected);
        for (title, found) in titles.iter().zip(&together) {
            assert_eq!(found, &tagger.tag_with(title, false), "title {title:?}");
        }
    }

    #[test]
    fn titles_tagged_together_find_what_each_finds_alone() {
        for tagger in both(Taxonomy::builtin().unwrap()) {
            // An episode's description goes with its titles (`tag_episode`).
            for episode in crate::ingest::bundled().episodes {
                let texts: Vec<&str> = [episode.description.as_str()]
                    .into_iter()
                    .chain(episode.chapters.iter().map(|c| c.title))
                    .collect();
                assert_together_as_alone(&tagger, &texts);
            }
            // Matches that would run into the next title, titles holding newlines, empty titles, non-ASCII.
            assert_together_as_alone(
                &tagger,
                &[
                    "constant fold",
                    "constants everywhere",
                    "PEP 7",
                    "03 is not a PEP",
                    "",
                    "free",
                    "threading and the GIL",
                    "line one\nPEP 703 line two",
                    "Łukasz on asyncio",
                    "Python 3.",
                    "13 beta",
                    "gh-",
                    "109181",
                ],
            );
        }
        // A pattern whose longer form would take in the next title: alone, the title keeps the shorter.
        let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\npatterns = ['\\bzork(?:\\s+engine)?']\n";
        for custom in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
            assert_together_as_alone(&custom, &["the zork", "engine room", "zork engine"]);
            let found = custom.tag_many(&["the zork", "engine room"], &[false, false]);
            assert_eq!(found[0].last().map(|m| m.text.as_str()), Some("zork"));
        }
        // The longer form crossing into the next title ends inside a character there: it still counts as
        // crossing, and the title alone keeps its shorter match.
        let unicode = toml.replace("\\bzork(?:\\s+engine)?", "zork(?:\\s\\S)?");
        for custom in both(Taxonomy::from_toml(&unicode, "t.toml").unwrap()) {
            assert_together_as_alone(&custom, &["zork", "été talk", "zork é", "[^a] zork"]);
        }
        // A pattern anchored to the start of a text: joining would move the start, so patterns run alone.
        let anchored = toml.replace("\\bzork(?:\\s+engine)?", "^zork");
        for custom in both(Taxonomy::from_toml(&anchored, "t.toml").unwrap()) {
            assert!(!custom.patterns_join);
            assert_together_as_alone(&custom, &["a zork", "zork b", "zork"]);
        }
    }

    /// A tagger for each workload: one automaton at a time, and the merged scan.
    fn both(taxonomy: Taxonomy) -> [Tagger; 2] {
        [
            Tagger::with_workload(taxonomy.clone(), Workload::Small).unwrap(),
            Tagger::with_workload(taxonomy, Workload::Large).unwrap(),
        ]
    }

    #[test]
    fn the_merged_scan_finds_what_each_automaton_finds() {
        let [small, large] = both(Taxonomy::builtin().unwrap());
        assert!(small.automata.is_merged() != large.automata.is_merged());
        let transcript = crate::synth::transcript(200_000, 3);
        assert_eq!(small.tag_text(&transcript), large.tag_text(&transcript));
        let notes = crate::synth::show_notes(300, 5);
        let corpus = crate::ingest::read_str(
            &notes,
            None,
            crate::ingest::InputFormat::Text,
            &Default::default(),
        )
        .unwrap();
        for episode in corpus
            .episodes
            .iter()
            .chain(&crate::ingest::bundled().episodes)
        {
            assert_eq!(
                small.tag_episode(episode, &[0]),
                large.tag_episode(episode, &[0])
            );
        }
        // Where the merged scan stops and the automata are asked: a builtin and a pattern at one position,
        // patterns inside aliases, Unicode neighbours that ASCII boundaries miss, plurals, dotted names,
        // case, a start inside a character.
        for text in [
            "3.12.0a2 and Python 3.13t, PEP 703's free-threading memory leaks",
            "gh-109181 bpo-12345 CVE-2024-1234 python/cpython#12345 pep703 PEPs 649 and 749",
            "éasyncio asyncioé Łukasz ŁUKASZ Lukasz Langa's JITs JITes JITS GILs",
            "sys.monitoring sys.monitoringx os.path.join re.compile() `time` import abc from time import",
            "the re module, really, os, io_uring, asyncio.TaskGroup, TaskGroup.create_task()",
            "Pablo Galindo Salgado and Pablo Hernández on the JIT compiler's tier 2 optimizer",
            "free-threaded free threading nogil no-GIL sub-interpreters subinterpreters",
            "\u{301}re \u{301}PEP 8 x\u{200d}asyncio",
        ] {
            assert_eq!(small.tag_text(text), large.tag_text(text), "{text}");
        }
    }

    /// A transcript makes a mention every hundred bytes or so: their size is most of the memory a long text
    /// costs to tag (and the kernel's page faults for it). A rare payload goes in a box.
    #[test]
    fn a_mention_stays_small() {
        assert!(std::mem::size_of::<Mention>() <= 88);
    }

    #[test]
    fn a_longer_alias_that_names_nothing_gives_way_to_a_shorter_one() {
        let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['zork engine']\n[[topic]]\nid = \"zorkish\"\nlabel = \"Zorkish\"\naliases = ['zork']\n";
        for tagger in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
            // "zork engines" is the longer alias in the plural; "zork engineer" is not, but it is zork.
            assert_eq!(ids(&tagger, "a zork engines talk"), ["topic:zork"]);
            assert_eq!(ids(&tagger, "a zork engineer"), ["topic:zorkish"]);
        }
    }

    #[test]
    fn a_match_inside_a_word_hides_no_word_after_it() {
        let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['k engine']\n[[topic]]\nid = \"engine\"\nlabel = \"Engine\"\naliases = ['engine']\n";
        for tagger in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
            // "k engine" inside "zork engine" starts inside a word: it names nothing and hides nothing.
            assert_eq!(ids(&tagger, "the zork engine"), ["topic:engine"]);
        }
    }

    fn ids(tagger: &Tagger, text: &str) -> Vec<String> {
        tagger
            .tag_text(text)
            .iter()
            .map(|m| m.entity.id(tagger.taxonomy()))
            .collect()
    }

    #[test]
    fn pep_numbers_in_every_form() {
        let t = tagger();
        for (text, expected) in [
            ("2023: PEP 703 for Python 3.13", vec!["pep:703"]),
            ("PEP-703", vec!["pep:703"]),
            ("about pep703 today", vec!["pep:703"]),
            ("PEPs 649 and 749", vec!["pep:649", "pep:749"]),
            ("PEP 276 and PEP 284", vec!["pep:276", "pep:284"]),
            ("PEP 0008", vec!["pep:8"]),
        ] {
            let found: Vec<String> = ids(t, text)
                .into_iter()
                .filter(|id| id.starts_with("pep:"))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
        let spans: Vec<String> = t
            .tag_text("PEPs 649 and 749, PEP 276 and PEP 284")
            .into_iter()
            .filter(|m| m.entity.kind() == "pep")
            .map(|m| m.text.into())
            .collect();
        assert_eq!(
            spans,
            ["PEPs 649", "749", "PEP 276", "PEP 284"],
            "each number has its own words, not the whole list"
        );
        assert!(
            ids(t, "the PEP without a number")
                .iter()
                .all(|id| !id.starts_with("pep:"))
        );
    }

    #[test]
    fn releases_and_non_releases() {
        let t = tagger();
        for (text, expected) in [
            ("Python 3.13", Some("release:3.13")),
            ("3.13 beta 2", Some("release:3.13")),
            ("3.12.4 released", Some("release:3.12")),
            ("3.12.0a2", Some("release:3.12")),
            ("Python 3.13.0 alpha 1", Some("release:3.13")),
            ("You can still download Python 1.0!", Some("release:1.0")),
            ("Try out string exceptions with CentOS 5", None),
            ("Upgrade Python.org to Django 4!", None),
            ("pickle protocol 5 will be the default", None),
            ("How would PyCon 2020 in Pittsburgh feel?", None),
            ("str.count 2X faster", None),
            ("Tier 2 interpreter updates", None),
            ("version 10.3.13 of something", None),
        ] {
            let found: Vec<String> = ids(t, text)
                .into_iter()
                .filter(|id| id.starts_with("release:"))
                .collect();
            assert_eq!(found.first().map(String::as_str), expected, "{text}");
        }
        let mentions = t.tag_text("3.12.0a2");
        assert!(matches!(&mentions[0].entity, Entity::Release(r) if r.version == "3.12.0a2"));
    }

    #[test]
    fn issues_and_cves() {
        let t = tagger();
        let found = ids(t, "Pablo: gh-109181 -- traceback");
        assert!(found.contains(&"gh:109181".to_string()), "{found:?}");
        assert!(ids(t, "PR OF THE WEEK: GH-113745").contains(&"gh:113745".to_string()));
        assert!(ids(t, "see bpo-12345").contains(&"bpo:12345".to_string()));
        assert!(ids(t, "CVE-2024-7592 fixed").contains(&"cve:CVE-2024-7592".to_string()));
    }

    #[test]
    fn word_boundaries_plurals_and_possessives() {
        let t = tagger();
        assert!(ids(t, "What even is a JIT?").contains(&"topic:jit".to_string()));
        assert!(ids(t, "All the JITs").contains(&"topic:jit".to_string()));
        assert!(ids(t, "Łukasz's pet peeve").contains(&"person:lukasz-langa".to_string()));
        assert!(ids(t, "Lukasz is skeptical").contains(&"person:lukasz-langa".to_string()));
        assert!(ids(t, "ŁUKASZ AND PABLO").contains(&"person:lukasz-langa".to_string()));
        assert!(
            !ids(t, "abcd and jitter")
                .iter()
                .any(|id| id == "module:abc" || id == "topic:jit")
        );
    }

    #[test]
    fn longest_match_wins() {
        let t = tagger();
        let found = ids(t, "Free-threading changes galore");
        assert!(found.contains(&"topic:gil".to_string()));
        assert!(
            !found.contains(&"module:threading".to_string()),
            "{found:?}"
        );
        let found = ids(t, "neonene and Eric Snow make datetime work better");
        assert!(found.contains(&"person:eric-snow".to_string()), "{found:?}");
    }

    #[test]
    fn modules_and_code_only_modules() {
        let t = tagger();
        assert!(
            ids(t, "New methods on pathlib.Path objects").contains(&"module:pathlib".to_string())
        );
        assert!(ids(t, "os.fwalk, os.walk, shutil.rmtree").contains(&"module:shutil".to_string()));
        assert!(
            ids(t, "What happens when you type \u{201c}import abc\u{201d}?")
                .contains(&"module:abc".to_string())
        );
        assert!(
            ids(t, "Argparse suggests correct spelling").contains(&"module:argparse".to_string())
        );
        assert!(!ids(t, "String interning").contains(&"module:string".to_string()));
        assert!(
            !ids(t, "Where are the comments stored this time?")
                .iter()
                .any(|id| id == "module:this" || id == "module:time")
        );
        assert!(ids(t, "use time.sleep() here").contains(&"module:time".to_string()));
    }

    #[test]
    fn ambiguous_words_need_their_context() {
        let t = tagger();
        assert!(
            ids(t, "Black is stuck with LL1, can it cope?").contains(&"project:black".to_string())
        );
        assert!(!ids(t, "a black cat").contains(&"project:black".to_string()));
        assert!(ids(t, "perf support with DWARF").contains(&"topic:profiling".to_string()));
        assert!(!ids(t, "performance updates").contains(&"topic:profiling".to_string()));
    }

    #[test]
    fn black_the_colour_and_perf_the_performance_are_not_the_tools() {
        let t = tagger();
        for text in ["Black Friday sale", "The Black Death", "Black Box testing"] {
            assert!(
                !ids(t, text).contains(&"project:black".to_string()),
                "{text}"
            );
        }
        for text in ["perf improvements in 3.13", "big perf wins"] {
            let found = ids(t, text);
            assert!(
                found.contains(&"topic:performance".to_string()),
                "{text}: {found:?}"
            );
            assert!(
                !found.iter().any(|id| id.contains("profil")),
                "{text}: {found:?}"
            );
        }
        assert!(
            ids(t, "Linux perf support")
                .iter()
                .any(|id| id.contains("profil"))
        );
    }

    #[test]
    fn nicknames_and_owned_peps() {
        let t = tagger();
        assert!(ids(t, "Justin, Swedish warships").contains(&"topic:jit".to_string()));
        assert!(ids(t, "Advantages of copy & patch").contains(&"topic:jit".to_string()));
        let found = ids(t, "How can you be mad about the Walrus?");
        assert!(
            found.contains(&"pep:572".to_string()) && found.contains(&"topic:syntax".to_string()),
            "{found:?}"
        );
        assert!(ids(t, "2023: PEP 703 for Python 3.13").contains(&"topic:gil".to_string()));
    }

    #[test]
    fn a_first_name_followed_by_another_surname_is_someone_else() {
        let t = tagger();
        let found = ids(
            t,
            "MicroPython on a $4 board, with Pablo Hern\u{e1}ndez's demo",
        );
        assert!(
            found.contains(&"person:pablo-hernandez".to_string()),
            "{found:?}"
        );
        assert!(
            !found.contains(&"person:pablo-galindo-salgado".to_string()),
            "{found:?}"
        );
        assert!(
            ids(t, "Pablo's pitch for a sampling profiler")
                .contains(&"person:pablo-galindo-salgado".to_string())
        );
    }

    #[test]
    fn versions_of_other_projects_are_not_python_releases() {
        let t = tagger();
        let releases = |text: &str| -> Vec<String> {
            ids(t, text)
                .into_iter()
                .filter(|id| id.starts_with("release:"))
                .collect()
        };
        assert_eq!(
            releases("Cython 3.1, pybind11 and NumPy catching up"),
            Vec::<String>::new()
        );
        assert_eq!(
            releases("OpenSSL 3.0 vs 3.5 in the installers"),
            Vec::<String>::new()
        );
        assert_eq!(
            releases("Python 3.12 and 3.13 side by side"),
            ["release:3.12", "release:3.13"]
        );
        assert_eq!(
            releases("What did we get wrong in 3.13t?"),
            ["release:3.13"]
        );
        assert_eq!(releases("Pablo's 3.14 plans"), ["release:3.14"]);
    }

    #[test]
    fn import_statements_name_modules_not_the_import_system() {
        let t = tagger();
        let found = ids(
            t,
            "Why `from __future__ import annotations` never became the default",
        );
        assert!(
            !found.contains(&"topic:import-system".to_string()),
            "{found:?}"
        );
        assert!(
            ids(t, "the joy of import side effects").contains(&"topic:import-system".to_string())
        );
        assert!(
            ids(t, "\"Did you mean: import tomllib?\"").contains(&"module:tomllib".to_string())
        );
    }

    #[test]
    fn a_method_is_not_a_module() {
        let t = tagger();
        assert!(!ids(t, "adds `pathlib.Path.copy()`").contains(&"module:copy".to_string()));
        assert!(ids(t, "use `copy.deepcopy()`").contains(&"module:copy".to_string()));
    }

    #[test]
    fn first_names_resolve_only_when_unique() {
        let t = tagger();
        assert!(
            ids(t, "Jelle is implementing PEP 649").contains(&"person:jelle-zijlstra".to_string())
        );
        assert!(
            !ids(t, "Eric talks")
                .iter()
                .any(|id| id.starts_with("person:eric")),
            "{:?}",
            ids(t, "Eric talks")
        );
    }

    #[test]
    fn unknown_people_where_people_are_named() {
        let t = tagger();
        assert!(
            ids(t, "Zbigniew Kowalczyk makes str.count 2X faster")
                .contains(&"person:zbigniew-kowalczyk".to_string())
        );
        assert!(ids(t, "Ada Quill and her keynote").contains(&"person:ada-quill".to_string()));
        let pair = ids(t, "Ola Nowak and Ewa Lis talk memory management");
        assert!(
            pair.contains(&"person:ola-nowak".to_string())
                && pair.contains(&"person:ewa-lis".to_string()),
            "{pair:?}"
        );
        assert!(
            !ids(t, "Steering Council members")
                .iter()
                .any(|id| id.starts_with("person:"))
        );
        assert!(
            !ids(t, "Swedish Warships sink")
                .iter()
                .any(|id| id.starts_with("person:"))
        );
    }

    fn episode(description: &str, titles: &[&str]) -> Episode {
        let mut e = Episode {
            number: Some(1),
            slug: None,
            title: None,
            date: None,
            description: description.into(),
            duration: None,
            links: vec![],
            chapters: titles
                .iter()
                .enumerate()
                .map(|(i, t)| crate::ingest::Chapter::new(i as u32 * 60, *t))
                .collect(),
            people: vec![],
            source: Default::default(),
        };
        e.assign_sections();
        e
    }

    fn roles(t: &Tagger, e: &Episode) -> Vec<(String, Role)> {
        let hosts = &t.taxonomy().show("corepy").unwrap().hosts;
        let mut r: Vec<(String, Role)> = t
            .tag_episode(e, hosts)
            .into_iter()
            .filter_map(|x| x.role.map(|role| (x.mention.entity.id(t.taxonomy()), role)))
            .collect();
        r.sort();
        r.dedup();
        r
    }

    fn assert_has_role(roles: &[(String, Role)], id: &str, role: Role) {
        assert!(roles.contains(&(id.to_string(), role)), "{roles:?}");
    }

    #[test]
    fn roles_from_cues() {
        let t = tagger();
        let e = episode(
            "we're interviewing fellow core developer Brandt Bucher to talk about Justin.",
            &[
                "INTRO",
                "PART 1: Emily Morehouse",
                "Carol Willing's nudge",
                "Pabluco",
                "Interview with sprint organizer Itamar Oren",
            ],
        );
        let r = roles(t, &e);
        assert_has_role(&r, "person:brandt-bucher", Role::Guest);
        assert_has_role(&r, "person:emily-morehouse", Role::Guest);
        assert_has_role(&r, "person:carol-willing", Role::Mentions);
        assert_has_role(&r, "person:pablo-galindo-salgado", Role::Host);
        assert_has_role(&r, "person:itamar-oren", Role::Guest);
    }

    #[test]
    fn names_in_an_interview_list_section_are_guests() {
        let t = tagger();
        let e = episode(
            "",
            &[
                "PART 2: DEVELOPERS IN THEIR OWN WORDS",
                "Brandt Bucher",
                "Thomas Wow-ters",
                "Janitor 1",
                "OUTRO",
            ],
        );
        let r = roles(t, &e);
        assert_has_role(&r, "person:brandt-bucher", Role::Guest);
        assert_has_role(&r, "person:thomas-wouters", Role::Guest);
        assert_eq!(r.len(), 2, "{r:?}");
    }

    #[test]
    fn section_headings_are_not_topics() {
        let t = tagger();
        for title in [
            "PART 3: WHAT'S GOING ON IN CPYTHON",
            "PR OF THE WEEK",
            "INTRO",
            "OUTRO",
        ] {
            assert!(
                ids(t, title).iter().all(|id| !id.starts_with("topic:")),
                "{title}: {:?}",
                ids(t, title)
            );
        }
    }
}
