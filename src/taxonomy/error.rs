//! Errors loading a taxonomy: where in which file, what is wrong, and what to do about it.
//!
//! Each problem is its own variant so that a caller can tell them apart; every message starts with the
//! file:line:column of the offending text, names it in backticks and says how to fix it. The parsers'
//! own errors (io, TOML, regex) are the `source` of the variant, shown after its message.

use std::fmt;
use std::path::PathBuf;

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
#[non_exhaustive]
pub enum TaxonomyError {
    #[error("cannot read taxonomy `{}` (check the file's path)", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "taxonomy `{name}` is larger than {} KiB, the most castgraph loads (the shipped one is under 100 KiB); \
         keep to the vocabulary of the shows, or split it and load the part you need",
        .limit >> 10
    )]
    TooLarge { name: String, limit: usize },
    #[error(
        "{at}: not a valid taxonomy (see the header of the shipped topics.toml for the format)"
    )]
    Syntax {
        at: Location,
        #[source]
        source: SyntaxError,
    },
    #[error("{at}: taxonomy format version {version} is not known; this castgraph reads version 1")]
    UnknownVersion { at: Location, version: u32 },
    #[error("{at}: `extends = \"{extends}\"` is not known; the only value is \"builtin\"")]
    UnknownExtends { at: Location, extends: String },
    #[error("{at}: {kind} id `{id}` must be lowercase letters, digits and `-`; rename it")]
    BadId {
        at: Location,
        kind: &'static str,
        id: String,
    },
    #[error("{at}: duplicate {kind} id `{id}`; each [[{kind}]] needs its own id")]
    DuplicateId {
        at: Location,
        kind: &'static str,
        id: String,
    },
    #[error("{at}: duplicate [[pep]] {number}; keep one entry per PEP")]
    DuplicatePep { at: Location, number: u32 },
    #[error("{at}: a person's name needs letters or digits")]
    NamelessPerson { at: Location },
    #[error("{at}: duplicate person `{name}`; merge the two [[person]] entries into one")]
    DuplicatePerson { at: Location, name: String },
    #[error(
        "{at}: github `{handle}` of person `{person}` is not a GitHub user name; write the handle alone \
         (ASCII letters, digits and `-`, at most 39), not a URL"
    )]
    BadGithub {
        at: Location,
        person: String,
        /// The value as written, shortened and with control characters escaped.
        handle: String,
    },
    #[error("{at}: {referrer} `{reference}`, which is not a topic; define it or fix the id")]
    UnknownTopic {
        at: Location,
        /// "topic `jit` has parent", "project `pypy` belongs to topic".
        referrer: String,
        reference: String,
    },
    #[error("{at}: topic parents form a cycle: {}; give one of them another parent", chain.join(" -> "))]
    ParentCycle { at: Location, chain: Vec<String> },
    #[error("{at}: {owner} has an empty alias; remove it")]
    EmptyAlias { at: Location, owner: String },
    #[error(
        "{at}: alias `{alias}` of {owner} is already claimed by {other} (at {other_at}); keep it in one entry"
    )]
    AliasClaimed {
        at: Location,
        alias: String,
        owner: String,
        other: String,
        /// Where the other entry claims it.
        other_at: Box<Location>,
    },
    #[error("{at}: pattern `{pattern}`")]
    Pattern {
        at: Location,
        /// The pattern as written, shortened and with control characters escaped.
        pattern: String,
        #[source]
        source: PatternError,
    },
    #[error("{at}: `{name}` is not a module name; write dotted identifiers such as `os.path`")]
    BadModuleName { at: Location, name: String },
    #[error("{at}: code_only module `{name}` is not in [modules] names; add it there first")]
    CodeOnlyNotAModule { at: Location, name: String },
    #[error("{at}: module alias `{alias}` points at `{module}`, which is not in [modules] names")]
    AliasOfNoModule {
        at: Location,
        alias: String,
        module: String,
    },
    #[error(
        "{at}: host `{host}` of show `{show}` is not a [[person]]; add the person or use their canonical name"
    )]
    UnknownHost {
        at: Location,
        host: String,
        show: String,
    },
    #[error("{at}: {field} `{value}` of show `{show}` is not a range; {expected}")]
    BadHostRange {
        at: Location,
        field: &'static str,
        value: String,
        show: String,
        expected: &'static str,
    },
    #[error(
        "{at}: {field} `{value}` of show `{show}` is not a web address; write an `https://` URL"
    )]
    BadShowUrl {
        at: Location,
        field: &'static str,
        value: String,
        show: String,
    },
}

/// Why a taxonomy pattern is refused.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum PatternError {
    #[error(
        "not a valid regex; write it in Rust regex syntax (matched case-insensitively, with ASCII classes)"
    )]
    Syntax {
        #[source]
        source: SyntaxError,
    },
    #[error(
        "it can match empty text, so it would match everywhere; require at least one character"
    )]
    MatchesEmpty,
    #[error(
        "it compiles to more than {limit} bytes, which would slow every search; make it smaller or split \
         it into aliases"
    )]
    TooLarge { limit: usize },
    #[error(
        "it is longer than {limit} bytes; write a long list of words as aliases, or split the pattern"
    )]
    TooLong { limit: usize },
    #[error(
        "with the patterns before it, the taxonomy's patterns compile to more than {limit} bytes, which would \
         slow every search; simplify or remove some patterns, or write them as aliases"
    )]
    TooLargeTogether { limit: usize },
}

/// A TOML or regex syntax error, shown as the parser's one-line message; the parser's full error (with its
/// own rendering of the location) is kept for callers that want it.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    message: String,
    parser: Box<ParserError>,
}

#[derive(Debug, Clone)]
enum ParserError {
    Toml(toml::de::Error),
    Regex(regex_syntax::Error),
}

impl SyntaxError {
    pub(crate) fn toml(error: toml::de::Error) -> Self {
        SyntaxError {
            message: error.message().trim_end().to_string(),
            parser: Box::new(ParserError::Toml(error)),
        }
    }

    pub(crate) fn regex(error: regex_syntax::Error) -> Self {
        // The regex parser draws the pattern with a caret; its last line is the message.
        let detail = error.to_string();
        let last = detail.lines().last().unwrap_or_default().trim();
        SyntaxError {
            message: last.trim_start_matches("error: ").to_string(),
            parser: Box::new(ParserError::Regex(error)),
        }
    }

    /// The TOML parser's error, when the TOML did not parse.
    pub fn toml_error(&self) -> Option<&toml::de::Error> {
        match self.parser.as_ref() {
            ParserError::Toml(e) => Some(e),
            ParserError::Regex(_) => None,
        }
    }

    /// The regex parser's error, when a pattern did not parse.
    pub fn regex_error(&self) -> Option<&regex_syntax::Error> {
        match self.parser.as_ref() {
            ParserError::Regex(e) => Some(e),
            ParserError::Toml(_) => None,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The parser's error is reachable through [`SyntaxError::toml_error`] and [`SyntaxError::regex_error`]
/// rather than as a source: its text repeats this message with a drawing of the location.
impl std::error::Error for SyntaxError {}

/// A value from the file as a message shows it: at most 80 characters, control characters escaped, so
/// that an 800 KB pattern or a name with terminal escapes cannot flood or colour the terminal.
pub(crate) fn shown(value: &str) -> String {
    const MOST: usize = 80;
    let mut shown: String = value
        .chars()
        .take(MOST)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if value.chars().nth(MOST).is_some() {
        shown.push('…');
    }
    shown
}
