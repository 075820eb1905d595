//! Chapter kinds and sections: what every show-notes reader shares once it has a chapter's time and title.
//!
//! `ChapterKind::classify` reads a title's first words byte by byte (a README figure depends on it); a
//! property test holds it to the word-by-word definition in its tests.
//!
//! A chapter read from Markdown notes also keeps its [`Link`]s: where each link's words are in its title or
//! text, and the address it points to, which the reader otherwise drops with the markup. They tell the
//! tagger a link's words from running prose (a name linked to a profile, a title and its author's byline, a
//! PEP named only by the page it links to); they are no part of the graph or of any JSON.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// One chapter of an episode: a timestamped line of the show notes, or an untimed heading (an item or section
/// of notes without times) with the words under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// Start time, written `HH:MM:SS` (derived from `seconds`; ignored when deserializing); `None` untimed.
    #[serde(default, skip_deserializing)]
    pub start: Option<Timestamp>,
    /// Start time in seconds from the start of the episode; `None` for a heading without a time.
    #[serde(default)]
    pub seconds: Option<u32>,
    /// The title as written, whitespace collapsed, markup and trailing link lists removed.
    pub title: String,
    pub kind: ChapterKind,
    /// Title of the enclosing section (`PART 2: PR OF THE WEEK`), if any.
    pub section: Option<Arc<str>>,
    /// The words under an untimed heading, which count for it (markup removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The links of the title and of the text, in the order written (Markdown notes only).
    #[serde(skip)]
    pub links: Vec<Link>,
}

/// A link of the notes: where its words are, and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Whether the words are in the chapter's title; else they are in its text (or, for an episode's
    /// description links, in the description).
    pub in_title: bool,
    /// The link's words: a byte range of the title, text or description, never empty.
    pub words: Range<usize>,
    /// The address as written (`https://peps.python.org/pep-0703/`, a relative path, `mailto:...`).
    pub url: Box<str>,
}

impl Link {
    /// The link's words in `text` (the title, text or description it was read from); `None` when the range
    /// is not in it, as after the text was replaced.
    pub fn words_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.words.clone())
    }

    /// The link in its text after the first `cut` bytes of it were removed; `false` when its words were
    /// among them.
    pub(super) fn shift_back(&mut self, cut: usize) -> bool {
        let kept = self.words.start >= cut;
        if kept {
            self.words = self.words.start - cut..self.words.end - cut;
        }
        kept
    }
}

impl Chapter {
    /// A chapter that starts at `seconds`.
    pub fn new(seconds: u32, title: impl Into<String>) -> Self {
        Self::at(Some(seconds), title)
    }

    /// A heading without a time.
    pub fn untimed(title: impl Into<String>) -> Self {
        Self::at(None, title)
    }

    /// A chapter that starts at `seconds`, where known.
    pub fn at(seconds: Option<u32>, title: impl Into<String>) -> Self {
        let title = title.into();
        Chapter {
            start: seconds.map(Timestamp),
            seconds,
            kind: ChapterKind::classify(&title),
            title,
            section: None,
            text: None,
            links: Vec::new(),
        }
    }
}

/// What a chapter is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    Intro,
    Outro,
    /// A part heading (`PART 2: PR OF THE WEEK`) or an all-caps heading (`WHAT'S GOING ON IN CPYTHON?`).
    Section,
    Chapter,
}

impl fmt::Display for ChapterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChapterKind::Intro => "intro",
            ChapterKind::Outro => "outro",
            ChapterKind::Section => "section",
            ChapterKind::Chapter => "chapter",
        })
    }
}

impl ChapterKind {
    /// Classify a chapter by its title.
    pub fn classify(title: &str) -> Self {
        // The first two words compared case-insensitively, in place: this runs for every chapter, and most
        // titles are ruled out by their first letter.
        let first = &title[word_start(title)..];
        let first_is = |word: &str| starts_with_word(first, word);
        let then = |word: &str, next: &str| {
            first_is(word) && {
                let rest = &first[word.len()..];
                starts_with_word(&rest[word_start(rest)..], next)
            }
        };
        let kind = match first.as_bytes().first().map(u8::to_ascii_lowercase) {
            Some(b'i') if first_is("intro") || first_is("introduction") => Some(ChapterKind::Intro),
            Some(b'w') if first_is("welcome") => Some(ChapterKind::Intro),
            Some(b'c') if then("cold", "open") => Some(ChapterKind::Intro),
            Some(b'o') if first_is("outro") || first_is("outtro") => Some(ChapterKind::Outro),
            Some(b'w') if then("wrap", "up") => Some(ChapterKind::Outro),
            Some(b'c') if then("closing", "thoughts") => Some(ChapterKind::Outro),
            _ => None,
        };
        match kind {
            Some(kind) => kind,
            None if is_part_heading(title) || is_all_caps_heading(title) => ChapterKind::Section,
            None => ChapterKind::Chapter,
        }
    }
}

/// Where the first word (run of alphanumeric characters) of `text` starts; its length when there is none.
fn word_start(text: &str) -> usize {
    match text.as_bytes().first() {
        Some(byte) if byte.is_ascii_alphanumeric() => 0, // The common case, without decoding.
        _ => text.find(char::is_alphanumeric).unwrap_or(text.len()),
    }
}

/// `text.trim_start()`, without a look at the characters when the first is printable ASCII (as cleaned
/// titles start).
fn trim_start(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(byte) if byte.is_ascii_graphic() => text,
        _ => text.trim_start(),
    }
}

/// Whether `text` starts with the whole word `word` (ASCII, in any case): no alphanumeric character follows it.
fn starts_with_word(text: &str, word: &str) -> bool {
    let head = text.as_bytes().get(..word.len());
    // An ASCII head of the text ends where a character starts, so the slicing below is safe.
    head.is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
        && !text[word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// `PART 2: ...`, `Part 1 - ...`: a numbered part of the episode.
fn is_part_heading(title: &str) -> bool {
    let trimmed = trim_start(title);
    let Some(rest) = trimmed
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("part"))
        .map(|_| &trimmed[4..])
    else {
        return false;
    };
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && rest[digits..]
            .trim_start()
            .starts_with([':', '-', '.', '\u{2013}', '\u{2014}'])
}

/// A heading written in capitals (`WHAT'S GOING ON IN CPYTHON?`, `CINDER`): at least two letters, none lowercase.
/// Not a heading: a short acronym (`GIL`, `JIT`, `Q&A`) or a PEP named on its own (`PEP 762`); "PEP 703 IN
/// DETAIL" is one.
fn is_all_caps_heading(title: &str) -> bool {
    // Most titles have a lowercase letter early: look for one before anything else, an ASCII one first.
    if title.bytes().any(|b| b.is_ascii_lowercase()) || title.chars().any(char::is_lowercase) {
        return false;
    }
    let trimmed = trim_start(title);
    let names_a_pep = trimmed
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("pep"))
        && trimmed[3..]
            .trim_start_matches([' ', '-'])
            .starts_with(|c: char| c.is_ascii_digit());
    let letters =
        title.chars().filter(|c| c.is_alphabetic()).count() - if names_a_pep { 3 } else { 0 };
    letters >= 4
}

/// Give every chapter its kind, from its title, and the section it sits in: the nearest section heading
/// before it. Intros and outros close the current section.
pub(super) fn assign_sections(chapters: &mut [Chapter]) {
    // One shared copy of each section title, however many chapters it encloses.
    let mut current: Option<Arc<str>> = None;
    for chapter in chapters {
        chapter.kind = ChapterKind::classify(&chapter.title);
        match chapter.kind {
            ChapterKind::Section => {
                chapter.section = None;
                current = Some(Arc::from(chapter.title.as_str()));
            }
            ChapterKind::Intro | ChapterKind::Outro => {
                chapter.section = None;
                current = None;
            }
            ChapterKind::Chapter => chapter.section = current.clone(),
        }
    }
}

/// Append `chapter`, calling `warn` when it starts before the previous chapter; it is kept all the same, in
/// the order written (it then has no airtime). `written` is the timestamp as the input gives it.
pub(super) fn push_in_order(
    chapters: &mut Vec<Chapter>,
    chapter: Chapter,
    written: &str,
    mut warn: impl FnMut(String),
) {
    // An untimed heading has no order to keep.
    if let Some(previous) = chapters.last()
        && let (Some(seconds), Some(before)) = (chapter.seconds, previous.start)
        && seconds < before.0
    {
        warn(out_of_order(&chapter.title, written, before));
    }
    chapters.push(chapter);
}

/// The warning for a chapter that starts before the one written above it.
pub(super) fn out_of_order(title: &str, written: &str, previous: Timestamp) -> String {
    format!(
        "chapter `{}` starts at {written}, before the previous chapter ({previous}); it is kept in the order \
         written, with no airtime: check the timestamps",
        excerpt(title)
    )
}

/// How many characters of a title or cue a warning quotes.
const EXCERPT_CHARS: usize = 80;

/// The start of `text` for a warning to quote: all of it up to [`EXCERPT_CHARS`] characters, else that many
/// and `...` (a transcript cue may be megabytes long).
pub(super) fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.into(),
        Some((end, _)) => format!("{}...", text[..end].trim_end()).into(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn chapter_kinds_from_titles() {
        use ChapterKind::*;
        for (title, kind) in [
            ("INTRO", Intro),
            ("Intro", Intro),
            ("OUTRO", Outro),
            ("WRAP UP", Outro),
            ("Closing thoughts", Outro),
            ("PART 2: PR OF THE WEEK", Section),
            ("PART 1: EuroPython highlights", Section),
            ("WHAT'S GOING ON IN CPYTHON?", Section),
            ("PR OF THE WEEK: GH-113745", Section),
            ("CINDER", Section),
            ("PEP 744: The JIT", Chapter),
            ("Partial application", Chapter),
            (
                "End of an era: docs get rid of Python 2 migration info",
                Chapter,
            ),
            ("HACL* blake2", Chapter),
            ("PEP 762", Chapter),
            ("PEP 703 IN DETAIL", Section),
            ("GIL", Chapter),
            ("JIT", Chapter),
        ] {
            assert_eq!(ChapterKind::classify(title), kind, "{title}");
        }
    }

    /// The fast paths are checked against the plain definitions they replace.
    mod reference {
        use super::ChapterKind;

        pub(super) fn classify(title: &str) -> ChapterKind {
            // The first two words, compared case-insensitively without allocating: this runs for every chapter.
            let mut words = title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty());
            let first = words.next().unwrap_or("");
            let second = words.next().unwrap_or("");
            let is =
                |word: &str, options: &[&str]| options.iter().any(|o| word.eq_ignore_ascii_case(o));
            if is(first, &["intro", "introduction", "welcome"])
                || (is(first, &["cold"]) && is(second, &["open"]))
            {
                ChapterKind::Intro
            } else if is(first, &["outro", "outtro"])
                || (is(first, &["wrap"]) && is(second, &["up"]))
                || (is(first, &["closing"]) && is(second, &["thoughts"]))
            {
                ChapterKind::Outro
            } else if super::super::is_part_heading(title) || is_all_caps_heading(title) {
                ChapterKind::Section
            } else {
                ChapterKind::Chapter
            }
        }

        fn is_all_caps_heading(title: &str) -> bool {
            let trimmed = title.trim_start();
            let names_a_pep = trimmed
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("pep"))
                && trimmed[3..]
                    .trim_start_matches([' ', '-'])
                    .starts_with(|c: char| c.is_ascii_digit());
            // Most titles have a lowercase letter early: look for one before counting letters.
            if title.chars().any(char::is_lowercase) {
                return false;
            }
            let letters = title.chars().filter(|c| c.is_alphabetic()).count()
                - if names_a_pep { 3 } else { 0 };
            letters >= 4
        }
    }

    use proptest::prelude::*;

    /// Titles and times made of the pieces that matter to them.
    pub(in crate::ingest) fn tricky_text() -> impl Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "intro",
            "INTRODUCTION",
            "Welcome",
            "cold",
            "Open",
            "outro",
            "OutTro",
            "wrap",
            "UP",
            "closing",
            "thoughts",
            "part",
            "PART",
            "pep",
            "PEP",
            "703",
            "1",
            "0",
            "00",
            "123",
            "1234",
            ":",
            " ",
            "  ",
            "-",
            ".",
            "\u{2013}",
            "–",
            "_",
            "'",
            "Ł",
            "ł",
            "é",
            "ǅ",
            "Ⅻ",
            "ß",
            "x",
            "GIL",
            "?",
            "\t",
            "\u{a0}",
        ]);
        proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn classifying_matches_the_word_by_word_definition(title in tricky_text()) {
            prop_assert_eq!(ChapterKind::classify(&title), reference::classify(&title));
        }

    }

    #[test]
    fn intro_and_outro_words_must_be_whole_words() {
        use ChapterKind::*;
        for (title, kind) in [
            ("Introspection", Chapter),
            ("--intro: hello", Intro),
            ("Cold", Chapter),
            ("cold, open!", Intro),
            ("Cold opening", Chapter),
            ("Wrap-up", Outro),
            ("Wrapup", Chapter),
            ("Closing thoughts", Outro),
            ("Closing", Chapter),
            ("Outroł", Chapter),
            ("Introé", Chapter),
            ("Intro\u{2013}part", Intro),
        ] {
            assert_eq!(ChapterKind::classify(title), kind, "{title}");
        }
    }
}
