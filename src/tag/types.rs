//! Types: what the tagger finds, for its users. An [`Entity`] is what a mention names, a [`Mention`] where
//! and by which [`Rule`] it was found, a [`Tagged`] mention sits at a [`Place`] of an episode and, for a
//! person, has a [`Role`](crate::model::Role). Node ids and kinds come from [`crate::model`].

use std::borrow::Cow;
use std::ops::Range;

use compact_str::CompactString;

use crate::model::{NodeKind, Role, ids};
use crate::taxonomy::{Target, Taxonomy};

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
    /// The person a credit names (a feed's guest, a PEP's author): the taxonomy's when it knows the name
    /// or gives it as an alias ("Travis Oliphant" is "Travis E. Oliphant"), a new person otherwise.
    pub(crate) fn credited(taxonomy: &Taxonomy, name: &str) -> Self {
        Self::known_or_new(taxonomy.person_by_full_name(name), name)
    }

    /// The person a PEP's author names: the taxonomy's when the name is a person's own, a new person
    /// otherwise. Unlike [`Entity::credited`] an alias does not resolve: the graph's PEP authors keep the
    /// ids of contract 1 (`tests/bundled_corpus.rs`; "Emily Morehouse-Valcarcel" authored PEP 762).
    pub(crate) fn author(taxonomy: &Taxonomy, name: &str) -> Self {
        Self::known_or_new(taxonomy.person_by_name(name), name)
    }

    fn known_or_new(known: Option<usize>, name: &str) -> Self {
        match known {
            Some(i) => Entity::Person(i),
            None => Entity::NewPerson(name.to_string()),
        }
    }

    /// The graph node id (`pep:703`, `topic:jit`, `person:lukasz-langa`, `gh:109181`, ...).
    pub fn id(&self, taxonomy: &Taxonomy) -> String {
        self.node_id(taxonomy).into_owned()
    }

    /// The graph node id, borrowed from the taxonomy for its topics, people and projects: the graph asks
    /// for the id of every mention.
    pub(crate) fn node_id<'t>(&self, taxonomy: &'t Taxonomy) -> Cow<'t, str> {
        match self {
            Entity::Topic(i) => taxonomy.target_node_id(Target::Topic(*i)),
            Entity::Person(i) => taxonomy.target_node_id(Target::Person(*i)),
            Entity::Project(i) => taxonomy.target_node_id(Target::Project(*i)),
            Entity::Pep(n) => Cow::Owned(ids::pep(*n)),
            Entity::NewPerson(name) => Cow::Owned(ids::person(name)),
            Entity::Module(name) => Cow::Owned(ids::module(name)),
            Entity::Release(r) => Cow::Owned(ids::release(&r.feature)),
            Entity::Issue(n) => Cow::Owned(ids::issue(*n)),
            Entity::Bpo(n) => Cow::Owned(ids::bpo(*n)),
            Entity::Cve(id) => Cow::Owned(ids::cve(id)),
        }
    }

    /// The kind of node the entity is in the graph.
    pub fn kind(&self) -> NodeKind {
        match self {
            Entity::Topic(_) => NodeKind::Topic,
            Entity::Pep(_) => NodeKind::Pep,
            Entity::Person(_) | Entity::NewPerson(_) => NodeKind::Person,
            Entity::Project(_) => NodeKind::Project,
            Entity::Module(_) => NodeKind::Module,
            Entity::Release(_) => NodeKind::Release,
            Entity::Issue(_) | Entity::Bpo(_) => NodeKind::Issue,
            Entity::Cve(_) => NodeKind::Cve,
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

    pub(super) fn from_target(target: Target) -> Self {
        match target {
            Target::Topic(i) => Entity::Topic(i),
            Target::Pep(n) => Entity::Pep(n),
            Target::Person(i) => Entity::Person(i),
            Target::Project(i) => Entity::Project(i),
        }
    }
}

/// The rule that found a mention.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// A PEP named by the page a link of the notes points to ("[the proposal](https://peps.python.org/pep-0703/)").
    LinkTarget,
}

/// Where a title names a person the taxonomy does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonCue {
    /// "X makes str.count faster".
    SubjectOfTitle,
    /// "Interview with X".
    AfterInterviewCue,
    /// "PART 1: Emily Morehouse".
    PartHeading,
    /// A chapter of a section that lists interviews.
    InterviewList,
    /// A line or list item of a longer text that is only a name ("- Ned Batchelder").
    NameLine,
    /// A guest the host of a transcript welcomes by first name, named in full in the intro ("Join Ben
    /// Kane and me ... Ben, welcome to Talk Python").
    Welcomed,
    /// A guest who introduces themselves in a transcript's intro ("And I'm Ian Hellen.").
    Introduced,
    /// A name after a link or a quote and a dash, its author ("[A post](https://...) - Jeff Triplett",
    /// "“...” - Kent Beck").
    LinkAuthor,
    /// In a long text, a capitalised pair that starts with the first name of someone castgraph knows
    /// ("Andrew Godwin" beside Andrew Svetlov).
    KnownFirstName,
    /// A link of the notes whose words are a name and whose address is that person's profile
    /// ("[Ann Doe](https://github.com/anndoe)").
    LinkedProfile,
}

impl PersonCue {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonCue::SubjectOfTitle => "subject of a title",
            PersonCue::AfterInterviewCue => "after an interview cue",
            PersonCue::PartHeading => "part heading that is a name",
            PersonCue::InterviewList => "a name in a list of interviews",
            PersonCue::NameLine => "a line that is only a name",
            PersonCue::Welcomed => "a guest the host welcomes",
            PersonCue::Introduced => "a guest who introduces themselves",
            PersonCue::LinkAuthor => "the author a link or quote is credited to",
            PersonCue::KnownFirstName => "a known first name and a surname",
            PersonCue::LinkedProfile => "a name linked to the person's profile",
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
            Rule::LinkTarget => "the PEP a link points to".into(),
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

impl Mention {
    /// The mention of `entity` by the words of `text` at `span`.
    pub(super) fn new(entity: Entity, span: Range<usize>, text: &str, rule: Rule) -> Self {
        Mention {
            entity,
            text: CompactString::from(&text[span.clone()]),
            span,
            rule,
        }
    }
}

/// Where in an episode a mention sits. Places order as the episode reads: the description, then each
/// chapter's title followed by the words under its heading, then the transcript's passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Description,
    /// Chapter `i`'s title.
    Chapter(usize),
    /// The words under chapter `i`'s heading (show notes without times).
    Text(usize),
    /// The transcript's passage `i` (the mention's span is in the passage's words).
    Passage(usize),
}

impl Place {
    /// The chapter the place belongs to, if any.
    pub fn chapter(self) -> Option<usize> {
        match self {
            Place::Description | Place::Passage(_) => None,
            Place::Chapter(i) | Place::Text(i) => Some(i),
        }
    }

    fn reading_order(self) -> (bool, usize, bool) {
        match self {
            Place::Description => (false, 0, false),
            Place::Chapter(i) => (false, i + 1, false),
            Place::Text(i) => (false, i + 1, true),
            Place::Passage(i) => (true, i, false),
        }
    }
}

impl PartialOrd for Place {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Place {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.reading_order().cmp(&other.reading_order())
    }
}

/// A mention in an episode, with its place and, for people, their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub place: Place,
    /// The first of the mentions of this entity at this place by the same words, rule and role.
    pub mention: Mention,
    pub role: Option<Role>,
    /// How many such mentions the place has (1 but where the tagger merged repeated ones: see
    /// [`Tagger::tag_episode`](super::Tagger::tag_episode)).
    pub count: u32,
}

impl Tagged {
    /// A mention placed once.
    pub(super) fn once(place: Place, mention: Mention, role: Option<Role>) -> Self {
        Tagged {
            place,
            mention,
            role,
            count: 1,
        }
    }

    /// The mention standing for `count` mentions (a first and its repeats merged).
    pub(super) fn counted(self, count: u32) -> Self {
        Tagged { count, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards a README speed figure (transcripts at 215 MB/s): a transcript makes a mention every hundred
    /// bytes or so, so their size is most of the memory a long text costs to tag (and the kernel's page
    /// faults for it). A rare payload goes in a box. A refactor that grows `Mention` fails here on purpose.
    #[test]
    fn performance_guard_a_mention_stays_within_88_bytes() {
        assert!(std::mem::size_of::<Mention>() <= 88);
    }
}
