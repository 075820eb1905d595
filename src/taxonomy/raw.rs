//! The taxonomy file as serde reads it: typed structs that refuse unknown keys, with the span of every
//! value a message may need to point at. Nothing here is checked beyond its type; `build` does that.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) version: Option<Spanned<u32>>,
    pub(super) extends: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) show: Vec<RawShow>,
    #[serde(default)]
    pub(super) topic: Vec<RawTopic>,
    #[serde(default)]
    pub(super) pep: Vec<RawPep>,
    #[serde(default)]
    pub(super) person: Vec<RawPerson>,
    #[serde(default)]
    pub(super) project: Vec<RawProject>,
    #[serde(default)]
    pub(super) modules: Option<RawModules>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShow {
    pub(super) id: Spanned<String>,
    /// The show's title; `name` is the key taxonomies written for castgraph 0.1 use.
    #[serde(alias = "name")]
    pub(super) title: String,
    #[serde(default)]
    pub(super) aliases: Vec<Spanned<String>>,
    pub(super) site: Option<Spanned<String>>,
    pub(super) feed: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) hosts: Vec<Spanned<RawHost>>,
}

/// A host of a show: a name (hosts every episode), or a table saying which episodes or dates they host.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawHost {
    Always(String),
    During(RawHostSpan),
}

/// (Spans do not survive an untagged enum: errors point at the whole host entry.)
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHostSpan {
    pub(super) name: String,
    /// `"1-482"`, `"483-"` or `"-100"`: the episode numbers hosted, ends included.
    pub(super) episodes: Option<String>,
    /// `"2016-11-01..2026-06-30"`, `"2026-07-01.."` or `"..2020-01-01"`: the dates hosted, ends included.
    pub(super) dates: Option<String>,
}

impl RawHost {
    pub(super) fn name(&self) -> &str {
        match self {
            RawHost::Always(name) => name,
            RawHost::During(span) => &span.name,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    #[serde(default)]
    pub(super) description: String,
    pub(super) parent: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) exact: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) peps: Vec<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPep {
    pub(super) number: Spanned<u32>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) authors: Vec<String>,
    #[serde(default)]
    pub(super) aliases: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub(super) name: Spanned<String>,
    #[serde(default)]
    pub(super) aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) exact: Vec<Spanned<String>>,
    pub(super) github: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) core: bool,
    /// `false` when the first name is an ordinary word ("Just", "Skip") that must not resolve on its own.
    #[serde(default = "yes")]
    pub(super) first_name: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProject {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    pub(super) topic: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) exact: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModules {
    #[serde(default)]
    pub(super) names: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) code_only: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) aliases: BTreeMap<String, Spanned<String>>,
}

/// The words and patterns of one taxonomy entry.
pub(super) struct Vocabulary<'a> {
    pub(super) aliases: &'a [Spanned<String>],
    pub(super) exact: &'a [Spanned<String>],
    pub(super) patterns: &'a [Spanned<String>],
}

impl RawTopic {
    pub(super) fn vocabulary(&self) -> Vocabulary<'_> {
        Vocabulary {
            aliases: &self.aliases,
            exact: &self.exact,
            patterns: &self.patterns,
        }
    }
}

impl RawProject {
    pub(super) fn vocabulary(&self) -> Vocabulary<'_> {
        Vocabulary {
            aliases: &self.aliases,
            exact: &self.exact,
            patterns: &self.patterns,
        }
    }
}
