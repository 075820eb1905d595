//! What ingest produces: a corpus of episodes, each with its chapters and credits, the show they belong to,
//! and warnings that name the place in the input they are about.
//!
//! These are the views every later stage reads; the chapters themselves are kept packed (`Chapters`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::chapter_list::Chapters;
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
    /// Length in seconds, where the feed says.
    pub duration: Option<u32>,
    #[serde(default)]
    pub links: Vec<String>,
    pub chapters: Chapters,
    /// People the feed credits (`podcast:person`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Credit>,
    /// Where the episode was read from (file and 1-based line).
    #[serde(skip)]
    pub source: Source,
}

impl Episode {
    /// The graph node id: `episode:<number>`, or `episode:<slug>` when there is no number.
    pub fn id(&self) -> String {
        match (self.number, &self.slug) {
            (Some(n), _) => ids::episode(n),
            (None, Some(slug)) => ids::episode(slug),
            (None, None) => ids::episode(slugify(self.title.as_deref().unwrap_or("untitled"))),
        }
    }

    /// A short human label: `Episode 13: Title`, or `Episode 13`.
    pub fn label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), Some(t)) => format!("Episode {n}: {t}"),
            (Some(n), None) => format!("Episode {n}"),
            (None, Some(t)) => t.clone(),
            (None, None) => self.id(),
        }
    }

    /// Length of chapter `index` in seconds: until the next chapter starts, or until the episode ends
    /// when the duration is known (0 otherwise).
    pub fn chapter_length(&self, index: usize) -> u32 {
        let Some(start) = self.chapters.seconds(index) else {
            return 0;
        };
        let end = match self.chapters.seconds(index + 1) {
            Some(next) => next,
            None => self.duration.unwrap_or(start),
        };
        end.saturating_sub(start)
    }

    #[cfg(test)]
    pub(super) fn new_for_tests() -> Self {
        Episode {
            number: None,
            slug: None,
            title: None,
            date: None,
            description: String::new(),
            duration: None,
            links: Vec::new(),
            chapters: Chapters::new(),
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
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// Episodes read from one or more inputs.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub show: Show,
    pub episodes: Vec<Episode>,
    pub warnings: Vec<Warning>,
}
