//! What ingest produces: a corpus of episodes, each with its chapters and credits, the show they belong to,
//! and warnings that name the place in the input they are about.
//!
//! These are the views every later stage reads; the chapters themselves are kept packed (`Chapters`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::chapter_list::Chapters;
use super::chapters::Link;
use super::passages::Transcript;
use crate::model::{Role, ids, slugify};

/// The name the bundled corpus is reported under in messages.
pub const BUNDLED_NAME: &str = "<bundled corpus: examples/corepy-episodes.txt>";

/// A person credited by the feed itself (`podcast:person`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub name: String,
    /// What the feed credits them as: `host` is a host, any other role a guest.
    pub role: Role,
}

/// One episode of a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// The show as the input names it (a feed's channel title, a heading such as "# Python Bytes 35",
    /// the folder the file sits in, or what the user said); the graph matches it against the taxonomy's
    /// show table. `None` when the input does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    /// Episode number from the feed, the headings, or the position in the input.
    pub number: Option<u32>,
    /// Used for the node id only when no number can be had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` where known.
    pub date: Option<String>,
    /// The text before the chapter list.
    pub description: String,
    /// The links of the description, where its words are in it (Markdown notes and feed HTML read as
    /// Markdown); not serialized.
    #[serde(skip)]
    pub description_links: Vec<Link>,
    /// Length in seconds, where the feed says.
    pub duration: Option<u32>,
    /// The episode's web page, where the input gives one.
    #[serde(default)]
    pub url: Option<String>,
    /// The episode's audio file (a feed's enclosure), where the input gives one.
    #[serde(default)]
    pub audio: Option<String>,
    #[serde(default)]
    pub links: Vec<String>,
    pub chapters: Chapters,
    /// A transcript's passages and counts (none from show notes and feeds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Transcript>,
    /// People the feed credits (`podcast:person`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Credit>,
    /// Where the episode was read from (file and 1-based line).
    #[serde(skip)]
    pub source: Source,
}

impl Episode {
    /// The graph node id within show `show` (a show slug): `episode:<show>/<number>`, or
    /// `episode:<show>/<slug>` when there is no number.
    pub fn id_in(&self, show: &str) -> String {
        match (self.number, &self.slug) {
            (Some(n), _) => ids::episode(show, n),
            (None, Some(slug)) => ids::episode(show, slug),
            (None, None) => {
                ids::episode(show, slugify(self.title.as_deref().unwrap_or("untitled")))
            }
        }
    }

    /// A name for messages: `episode 13`, or the title when there is no number.
    pub fn describe(&self) -> String {
        match (self.number, &self.title, &self.slug) {
            (Some(n), _, _) => format!("episode {n}"),
            (None, Some(t), _) => format!("episode `{t}`"),
            (None, None, Some(slug)) => format!("episode `{slug}`"),
            (None, None, None) => "an untitled episode".to_string(),
        }
    }

    /// A short human label: `Episode 13: Title`, or `Episode 13`.
    pub fn label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), Some(t)) => format!("Episode {n}: {t}"),
            (Some(n), None) => format!("Episode {n}"),
            (None, Some(t)) => t.clone(),
            (None, None) => self
                .slug
                .clone()
                .unwrap_or_else(|| "Untitled episode".into()),
        }
    }

    /// Length of chapter `index` in seconds: until the next chapter starts, or until the episode ends
    /// when the duration is known (0 otherwise); `None` for a heading without a time.
    pub fn chapter_length(&self, index: usize) -> Option<u32> {
        let start = self.chapters.seconds(index)?;
        let end = match self.chapters.seconds(index + 1) {
            Some(next) => next,
            None => self.duration.unwrap_or(start),
        };
        Some(end.saturating_sub(start))
    }

    /// An episode with nothing in it yet.
    pub fn placeholder() -> Self {
        Episode {
            show: None,
            number: None,
            slug: None,
            title: None,
            date: None,
            description: String::new(),
            description_links: Vec::new(),
            duration: None,
            url: None,
            audio: None,
            links: Vec::new(),
            chapters: Chapters::new(),
            transcript: None,
            people: Vec::new(),
            source: Source::default(),
        }
    }

    /// Set every chapter's `kind` and `section` from the titles.
    pub fn assign_sections(&mut self) {
        self.chapters.classify_and_assign_sections();
    }
}

/// The show a corpus belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    pub name: Option<String>,
    pub hosts: Vec<String>,
}

/// Where something was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub path: Option<PathBuf>,
    pub line: usize,
    /// The 1-based column in characters, where one is known; 0 otherwise.
    pub column: usize,
}

impl Source {
    pub fn new(path: Option<&Path>, line: usize) -> Self {
        Source {
            path: path.map(Path::to_path_buf),
            line,
            column: 0,
        }
    }

    /// A place with its column.
    pub fn at(path: Option<&Path>, line: usize, column: usize) -> Self {
        Source {
            column,
            ..Source::new(path, line)
        }
    }

    fn display_path(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => BUNDLED_NAME.to_string(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 && self.column > 0 {
            write!(f, "{}:{}:{}", self.display_path(), self.line, self.column)
        } else if self.line > 0 {
            write!(f, "{}:{}", self.display_path(), self.line)
        } else {
            write!(f, "{}", self.display_path())
        }
    }
}

/// Something in the input that was wrong but did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub source: Source,
    /// What is wrong, as a kind: the command line shows a few of each kind per file and counts the rest.
    pub kind: WarningKind,
    pub message: String,
}

impl Warning {
    pub fn new(source: Source, kind: WarningKind, message: String) -> Self {
        Warning {
            source,
            kind,
            message,
        }
    }
}

/// The kinds of [`Warning`]: what was wrong, whatever its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WarningKind {
    /// A file of a folder that is not an input castgraph reads; it is skipped.
    SkippedFile,
    /// An episode that cannot be read (not an object, no show notes); it is skipped.
    SkippedEpisode,
    /// An episode given twice (the same show and number); the later one is skipped.
    DuplicateEpisode,
    /// The same episode in several transcript formats; one is read.
    TranscriptFormats,
    /// Two inputs of one episode that disagree (its title, date, ...); the first is kept.
    Disagreement,
    /// An episode number that is not understood or too large.
    Number,
    /// A date that is not understood.
    Date,
    /// A duration that is not understood.
    Duration,
    /// A chapter or cue whose time is not understood (or a chapter that cannot be read); it is skipped.
    Time,
    /// A chapter or cue that starts before the one before it.
    Order,
    /// An XML entity or character reference left as written.
    Entity,
    /// A `podcast:chapters` file that cannot be used.
    ChaptersFile,
    /// More distinct entities in one episode than are kept.
    Capped,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// Episodes read from one or more inputs.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The show an input names as a whole (a feed's channel), before [`Corpus::apply_show`] gives it to
    /// the episodes.
    pub show: Show,
    pub episodes: Vec<Episode>,
    pub warnings: Vec<Warning>,
}

impl Corpus {
    /// Give every episode that names no show of its own the corpus's show, and credit the corpus's hosts
    /// (a feed's channel author, its `podcast:person` hosts) on every episode.
    pub fn apply_show(&mut self) {
        let Show { name, hosts } = &self.show;
        for episode in &mut self.episodes {
            if episode.show.is_none() {
                episode.show.clone_from(name);
            }
            for host in hosts {
                if !episode.people.iter().any(|c| &c.name == host) {
                    episode.people.push(Credit {
                        name: host.clone(),
                        role: Role::Host,
                    });
                }
            }
        }
    }

    /// Put every episode in show `name` (what the user said), and credit `hosts` on every episode.
    pub fn set_show(&mut self, name: Option<&str>, hosts: &[String]) {
        if let Some(name) = name {
            self.show.name = Some(name.to_string());
            for episode in &mut self.episodes {
                episode.show = Some(name.to_string());
            }
        }
        for host in hosts {
            if !self.show.hosts.contains(host) {
                self.show.hosts.push(host.clone());
            }
        }
        self.apply_show();
    }
}
