//! Timestamps, chapter kinds and sections: what every show-notes reader shares.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

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
pub(super) fn assign_sections(chapters: &mut [super::Chapter]) {
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

/// A chapter's start: seconds from the start of the episode, written `HH:MM:SS` (in JSON too). Four bytes
/// rather than a string per chapter, which matters for archives of millions of chapters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u32);

impl Timestamp {
    /// `HH:MM:SS` as bytes, made by hand: millions of chapters and evidence items are written, and `fmt`
    /// is slow at it. `None` from 100 hours on, which needs more digits.
    pub(crate) fn hhmmss(self) -> Option<[u8; 8]> {
        let s = self.0;
        if s >= 100 * 3600 {
            return None;
        }
        let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        let ([h1, h2], [m1, m2], [s1, s2]) = (two(s / 3600), two(s / 60 % 60), two(s % 60));
        Some([h1, h2, b':', m1, m2, b':', s1, s2])
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hhmmss() {
            Some(text) => f.write_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => {
                let s = self.0;
                write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            }
        }
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        parse_timestamp(other) == Ok(self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.hhmmss() {
            Some(text) => serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_timestamp(&text)
            .map(Timestamp)
            .map_err(serde::de::Error::custom)
    }
}

/// Why a timestamp is not a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    #[error("`{0}` is not a timestamp (expected HH:MM:SS, H:MM:SS or MM:SS)")]
    Syntax(String),
    #[error("`{0}` is an impossible time: minutes and seconds must be below 60")]
    Impossible(String),
}

/// Parse `HH:MM:SS`, `H:MM:SS`, `MM:SS` or `M:SS` into seconds. In the two-part form the minutes may
/// exceed 59 (`75:30` is common in show notes); in the three-part form they may not.
pub fn parse_timestamp(text: &str) -> Result<u32, TimestampError> {
    // `HH:MM:SS`, as nearly every chapter writes it, read straight from its digits.
    if let &[h1, h2, b':', m1, m2, b':', s1, s2] = text.as_bytes()
        && [h1, h2, m1, m2, s1, s2].iter().all(u8::is_ascii_digit)
    {
        let two = |tens: u8, ones: u8| u32::from(tens - b'0') * 10 + u32::from(ones - b'0');
        let (hours, minutes, seconds) = (two(h1, h2), two(m1, m2), two(s1, s2));
        if minutes >= 60 || seconds >= 60 {
            return Err(TimestampError::Impossible(text.to_string()));
        }
        return Ok(hours * 3600 + minutes * 60 + seconds);
    }
    let syntax = || TimestampError::Syntax(text.to_string());
    // One pass over the bytes, without allocating: this runs for every chapter. Each part is 1 to 3 digits.
    let mut parts = [(0u32, 0usize); 3]; // (value, digits)
    let mut count = 1;
    for &byte in text.as_bytes() {
        if byte == b':' {
            if count == 3 {
                return Err(syntax());
            }
            count += 1;
            continue;
        }
        let (value, digits) = &mut parts[count - 1];
        if !byte.is_ascii_digit() || *digits == 3 {
            return Err(syntax());
        }
        *value = *value * 10 + u32::from(byte - b'0');
        *digits += 1;
    }
    if count < 2 || parts[..count].iter().any(|&(_, digits)| digits == 0) {
        return Err(syntax());
    }
    // Right-aligned: the last part is the seconds. Seconds always have two digits; so do minutes when hours
    // are given.
    let [hours, (minutes, minute_digits), (seconds, second_digits)] = match count {
        2 => [(0, 0), parts[0], parts[1]],
        _ => parts,
    };
    if second_digits != 2 || (count == 3 && minute_digits != 2) {
        return Err(syntax());
    }
    if seconds >= 60 || (count == 3 && minutes >= 60) {
        return Err(TimestampError::Impossible(text.to_string()));
    }
    Ok(hours.0 * 3600 + minutes * 60 + seconds)
}

/// Seconds as `HH:MM:SS`.
pub fn format_timestamp(seconds: u32) -> String {
    Timestamp(seconds).to_string()
}

/// Append `chapter`, calling `warn` when it starts before the previous chapter; it is kept all the same, in
/// the order written (it then has no airtime). `written` is the timestamp as the input gives it.
pub(super) fn push_in_order(
    chapters: &mut Vec<super::Chapter>,
    chapter: super::Chapter,
    written: &str,
    mut warn: impl FnMut(String),
) {
    if let Some(previous) = chapters.last()
        && chapter.seconds < previous.seconds
    {
        warn(out_of_order(&chapter.title, written, previous.start));
    }
    chapters.push(chapter);
}

/// The warning for a chapter that starts before the one written above it.
pub(super) fn out_of_order(title: &str, written: &str, previous: Timestamp) -> String {
    format!(
        "chapter `{title}` starts at {written}, before the previous chapter ({previous}); it is kept in the order \
         written, with no airtime: check the timestamps"
    )
}

/// Parse a time that may carry a fraction of a second (`00:01:02.500`, `00:01:02,500`, `01:02.5`), as cues
/// and durations write it; the fraction is dropped.
pub fn parse_time_with_fraction(text: &str) -> Result<u32, TimestampError> {
    let whole = match text.rfind(['.', ',']) {
        Some(dot)
            if !text[dot + 1..].is_empty()
                && text[dot + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &text[..dot]
        }
        _ => text,
    };
    parse_timestamp(whole)
}

/// Parse a duration: plain seconds (`4521`), `H:MM:SS` (`1:15:21`) or `MM:SS` (`75:21`), with an optional
/// fraction of a second.
pub fn parse_duration(text: &str) -> Result<u32, TimestampError> {
    let text = text.trim();
    let seconds = text.split(['.', ',']).next().unwrap_or(text);
    if !seconds.is_empty() && seconds.len() <= 9 && seconds.bytes().all(|b| b.is_ascii_digit()) {
        return seconds
            .parse()
            .map_err(|_| TimestampError::Syntax(text.to_string()));
    }
    parse_time_with_fraction(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_seconds_and_clock_forms() {
        assert_eq!(parse_duration("4521"), Ok(4521));
        assert_eq!(parse_duration("1:15:21"), Ok(4521));
        assert_eq!(parse_duration("75:21"), Ok(4521));
        assert_eq!(parse_duration("4521.7"), Ok(4521));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn cue_times_drop_the_fraction() {
        assert_eq!(parse_time_with_fraction("00:01:02.500"), Ok(62));
        assert_eq!(parse_time_with_fraction("00:01:02,500"), Ok(62));
        assert_eq!(parse_time_with_fraction("01:02.5"), Ok(62));
        assert!(parse_time_with_fraction("00:01:02.").is_err());
        assert!(matches!(
            parse_time_with_fraction("00:75:00.000"),
            Err(TimestampError::Impossible(_))
        ));
    }

    #[test]
    fn timestamps_serialize_as_they_display() {
        for seconds in [0, 59, 61, 3599, 3600, 86_399, 359_999, 360_000, u32::MAX] {
            let json = serde_json::to_string(&Timestamp(seconds)).unwrap();
            assert_eq!(json, format!("\"{}\"", Timestamp(seconds)));
        }
        assert_eq!(
            serde_json::to_string(&Timestamp(3723)).unwrap(),
            "\"01:02:03\""
        );
    }

    #[test]
    fn timestamps_in_every_form() {
        assert_eq!(parse_timestamp("00:18:22"), Ok(1102));
        assert_eq!(parse_timestamp("1:02:03"), Ok(3723));
        assert_eq!(parse_timestamp("00:00"), Ok(0));
        assert_eq!(parse_timestamp("5:07"), Ok(307));
        assert_eq!(parse_timestamp("75:30"), Ok(4530));
        assert_eq!(format_timestamp(3723), "01:02:03");
    }

    #[test]
    fn impossible_times_are_refused() {
        assert!(matches!(
            parse_timestamp("00:75:00"),
            Err(TimestampError::Impossible(_))
        ));
        assert!(matches!(
            parse_timestamp("00:10:61"),
            Err(TimestampError::Impossible(_))
        ));
        assert!(matches!(
            parse_timestamp("1:2:3"),
            Err(TimestampError::Syntax(_))
        ));
        assert!(matches!(
            parse_timestamp("12"),
            Err(TimestampError::Syntax(_))
        ));
        assert!(matches!(
            parse_timestamp("99999:00"),
            Err(TimestampError::Syntax(_))
        ));
    }

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
        use super::super::{ChapterKind, TimestampError};

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

        pub(super) fn parse_timestamp(text: &str) -> Result<u32, TimestampError> {
            let syntax = || TimestampError::Syntax(text.to_string());
            // Up to three parts, without allocating: this runs for every chapter.
            let mut split = text.split(':');
            let mut parts = [""; 3];
            let mut count = 0;
            for part in split.by_ref().take(3) {
                parts[count] = part;
                count += 1;
            }
            if !(2..=3).contains(&count) || split.next().is_some() {
                return Err(syntax());
            }
            let parts = &parts[..count];
            let mut numbers = [0u32; 3];
            for (slot, part) in numbers[3 - parts.len()..].iter_mut().zip(parts) {
                if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(syntax());
                }
                *slot = part.parse().map_err(|_| syntax())?;
            }
            let [hours, minutes, seconds] = numbers;
            // Seconds always have two digits; so do minutes when hours are given.
            let last_two = |p: &str| p.len() == 2;
            if !last_two(parts[parts.len() - 1]) || (parts.len() == 3 && !last_two(parts[1])) {
                return Err(syntax());
            }
            if seconds >= 60 || (parts.len() == 3 && minutes >= 60) {
                return Err(TimestampError::Impossible(text.to_string()));
            }
            Ok(hours * 3600 + minutes * 60 + seconds)
        }
    }

    use proptest::prelude::*;

    /// Titles and times made of the pieces that matter to them.
    fn tricky_text() -> impl Strategy<Value = String> {
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

        #[test]
        fn parsing_timestamps_matches_the_part_by_part_definition(text in tricky_text()) {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
        }

        #[test]
        fn parsing_digit_runs_matches_the_part_by_part_definition(text in "[0-9:]{0,12}") {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
        }

        #[test]
        fn parsing_hh_mm_ss_matches_the_part_by_part_definition(text in "[0-9]{2}:[0-9]{2}:[0-9]{2}") {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
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
