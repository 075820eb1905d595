//! The show-notes parser every reader shares: one episode's lines split into description, chapters (with
//! kinds and sections) and links.
//!
//! Chapters are lines starting with a timestamp (`00:00 Intro`, `1:02:03 Title`, `[00:12:34] Title`,
//! `00:12:34 - Title`, Markdown bullets) or inline `(HH:MM:SS) Title` runs; titles lose Markdown markup and
//! trailing link lists. Inline stamps, chapter-list headings and clean titles are read byte by byte (a README
//! figure depends on it); property tests hold each to the regex it replaces.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::chapter_list::Chapters;
use super::chapters::{self, Link};
use super::model::{Source, Warning, WarningKind};
use super::time::{Timestamp, parse_timestamp};

// Wider than a valid time on purpose: `00:00:99999` is found, and then refused with a warning. ASCII
// digits: Unicode's `\d` took milliseconds to compile, a third of reading a show's notes.
const TS: &str = r"[0-9]{1,12}:[0-9]{1,12}(?::[0-9]{1,12})?";

/// A chapter line: optional bullet, then `(ts)`, `[ts]` or a bare `ts`, an optional separator, the title.
pub(super) static CHAPTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:[-*+\u{{2022}}]\s+)?(?:\(({TS})\)|\[({TS})\]|({TS})(?:\s|$))\s*(?:[-\u{{2013}}\u{{2014}}:|]\s+)?(.*)$"
    ))
    .unwrap()
});

/// A trailing links section: `# Links https://...`.
pub(super) static LINKS_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?:^|\s)#*\s*(?:links|resources|references)\s*:?(?:\s+|$)").unwrap()
});

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>()\[\]]+").unwrap());

static BOLD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*").unwrap());

static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());

/// One episode's show notes split into their parts.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// The text before the chapter list.
    pub(super) description: String,
    /// Where the links of the description are in it (notes read as Markdown only).
    pub(super) description_links: Vec<Link>,
    pub(super) links: Vec<String>,
    /// Chapters in the order written, kinds and sections assigned.
    pub(super) chapters: Chapters,
}

/// Turn one episode's text (a feed item's description, a JSON `description`) into description, chapters and
/// links exactly as for plain-text show notes. Every warning names `line`.
pub(super) fn read_notes(
    text: &str,
    path: Option<&Path>,
    line: usize,
    warnings: &mut Vec<Warning>,
) -> Notes {
    let lines: Vec<(usize, &str)> = text.lines().map(|l| (line, l)).collect();
    NotesReader::new(path, warnings).notes(&lines)
}

/// Reads the show notes of one episode after another, keeping its buffers between them.
pub(super) struct NotesReader<'a> {
    path: Option<&'a Path>,
    warnings: &'a mut Vec<Warning>,
    scratch: Scratch,
}

/// Buffers that keep their room from episode to episode, in place of growing allocations per episode.
#[derive(Default)]
pub(super) struct Scratch {
    /// Where an episode's chapters are gathered before they are copied out at their final size.
    chapters: Chapters,
    /// Where each chapter title is cleaned before it is copied into the chapters.
    title: String,
}

impl<'a> NotesReader<'a> {
    pub(super) fn new(path: Option<&'a Path>, warnings: &'a mut Vec<Warning>) -> Self {
        Self::with_scratch(path, warnings, Scratch::default())
    }

    /// A reader that starts with the buffers another one left (see [`NotesReader::into_scratch`]).
    pub(super) fn with_scratch(
        path: Option<&'a Path>,
        warnings: &'a mut Vec<Warning>,
        scratch: Scratch,
    ) -> Self {
        NotesReader {
            path,
            warnings,
            scratch,
        }
    }

    pub(super) fn into_scratch(self) -> Scratch {
        self.scratch
    }

    /// The input the notes are read from, for the episodes' sources.
    pub(super) fn path(&self) -> Option<&'a Path> {
        self.path
    }

    pub(super) fn warn(&mut self, line: usize, kind: WarningKind, message: String) {
        self.warnings
            .push(Warning::new(Source::new(self.path, line), kind, message));
    }

    /// Split an episode's lines into description, chapters (with kinds and sections) and links.
    pub(super) fn notes(&mut self, lines: &[(usize, &str)]) -> Notes {
        let mut description: Vec<String> = Vec::new();
        let mut chapters = std::mem::take(&mut self.scratch.chapters);
        let mut links = Vec::new();
        let mut in_links = false;
        for &(line_no, line) in lines {
            let mut stamps = inline_stamps(line);
            let has_stamp = stamps.next().is_some();
            let inline_run = has_stamp && stamps.next().is_some();
            if !inline_run && let Some(caps) = CHAPTER_LINE.captures(line) {
                let ts = caps
                    .get(1)
                    .or(caps.get(2))
                    .or(caps.get(3))
                    .map_or("", |m| m.as_str());
                let rest = caps.get(4).map_or("", |m| m.as_str());
                let mut title = String::new();
                links.extend(split_links(rest, &mut title));
                self.push_chapter(&mut chapters, line_no, ts, &title);
                in_links = false;
            } else if has_stamp {
                let before = self.inline_chapters(&mut chapters, &mut links, line_no, line);
                if !before.is_empty() {
                    description.push(before);
                }
            } else if LINKS_SECTION.find(line).is_some_and(|m| m.start() == 0) {
                in_links = true;
                links.extend(URL.find_iter(line).map(|m| m.as_str().to_string()));
            } else if in_links || (!chapters.is_empty() && is_url_line(line)) {
                links.extend(URL.find_iter(line).map(|m| m.as_str().to_string()));
            } else if chapter_list_heading(line).is_none()
                || !description.is_empty() && line.len() > 40
            {
                description.push(clean_title(line));
            }
        }
        let mut description = match <[String; 1]>::try_from(description) {
            Ok([only]) => only, // The common case, without a copy.
            Err(pieces) => pieces.join("\n"),
        };
        if let Some(heading) = chapter_list_heading(&description) {
            description.truncate(heading);
        }
        trim_in_place(&mut description);
        chapters.assign_sections();
        // A clone holds no spare room: the episode keeps exactly its chapters.
        let notes = Notes {
            description,
            description_links: Vec::new(),
            links,
            chapters: chapters.clone(),
        };
        chapters.clear();
        self.scratch.chapters = chapters;
        notes
    }

    /// Split a line holding `description (00:00:00) Title (00:01:02) Title ...`; returns the text before
    /// the first timestamp, without its `# Timestamps` heading.
    fn inline_chapters(
        &mut self,
        chapters: &mut Chapters,
        links: &mut Vec<String>,
        line_no: usize,
        line: &str,
    ) -> String {
        let mut stamps = inline_stamps(line).peekable();
        let first = stamps.peek().map_or(line.len(), |stamp| stamp.start);
        // Checked once for the whole chapter list rather than title by title: then an ASCII title needs
        // only trimming.
        let plain = is_plain_text(&line.as_bytes()[first..]);
        // One buffer for every title: each is cleaned into it, then copied into the episode's text.
        let mut title = std::mem::take(&mut self.scratch.title);
        while let Some(stamp) = stamps.next() {
            let next = stamps.peek().map(|next| next.start);
            let raw = &line[stamp.end..next.unwrap_or(line.len())];
            title.clear();
            if next.is_none() {
                links.extend(split_links(raw, &mut title));
            } else if plain && raw.is_ascii() {
                title.push_str(raw.trim_ascii());
            } else {
                clean_title_into(raw, &mut title);
            }
            self.push_chapter(chapters, line_no, stamp.time, &title);
        }
        self.scratch.title = title;
        let before = &line[..first];
        let before = match chapter_list_heading(before) {
            Some(heading) => &before[..heading],
            None => before,
        };
        clean_title(before)
    }

    fn push_chapter(&mut self, chapters: &mut Chapters, line_no: usize, ts: &str, title: &str) {
        let seconds = match parse_timestamp(ts) {
            Ok(s) => s,
            Err(e) => {
                self.warn(
                    line_no,
                    WarningKind::Time,
                    format!("{e}; the chapter `{title}` is skipped: correct its timestamp"),
                );
                return;
            }
        };
        let previous = chapters
            .len()
            .checked_sub(1)
            .and_then(|i| chapters.seconds(i));
        if let Some(previous) = previous
            && seconds < previous
        {
            let message = chapters::out_of_order(title, ts, Timestamp(previous));
            self.warn(line_no, WarningKind::Order, message);
        }
        chapters.push_title(seconds, title);
    }
}

/// Where the heading that introduces the chapter list (`## Timestamps`, `Chapters:`) starts, when `text` ends
/// with one: the group of `(?i-u)(?:^|[\s.!?])(#*\s*(?:timestamps|outline|chapters|show notes|contents)\s*:?\s*#*\s*)$`,
/// read backwards from the end rather than searched for.
fn chapter_list_heading(text: &str) -> Option<usize> {
    const NAMES: [&[u8]; 5] = [
        b"timestamps",
        b"outline",
        b"chapters",
        b"show notes",
        b"contents",
    ];
    let bytes = text.as_bytes();
    let is_hash = |b: u8| b == b'#';
    // `\s*:?\s*#*\s*` after the name, backwards.
    let mut end = skip_back(bytes, bytes.len(), is_space);
    end = skip_back(bytes, skip_back(bytes, end, is_hash), is_space);
    if end > 0 && bytes[end - 1] == b':' {
        end -= 1;
    }
    end = skip_back(bytes, end, is_space);
    let name = NAMES.iter().find(|name| {
        end.checked_sub(name.len())
            .is_some_and(|start| bytes[start..end].eq_ignore_ascii_case(name))
    })?;
    // `#*\s*` before the name, after the start of the text, a space or the end of a sentence. The match
    // that starts leftmost takes in every `#` when it can, else all but the first of the spaces.
    let name_start = end - name.len();
    let spaces_start = skip_back(bytes, name_start, is_space);
    let hashes_start = skip_back(bytes, spaces_start, is_hash);
    let follows_a_break = |at: usize| {
        at == 0 || matches!(bytes[at - 1], b'.' | b'!' | b'?') || is_space(bytes[at - 1])
    };
    if follows_a_break(hashes_start) {
        Some(hashes_start)
    } else if spaces_start < name_start {
        Some(spaces_start + 1)
    } else {
        None
    }
}

/// `\s` of a regex without Unicode: an ASCII space, tab, line break, vertical tab or form feed.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Where the run of bytes that satisfy `in_run` and end at `end` starts.
fn skip_back(bytes: &[u8], end: usize, in_run: impl Fn(u8) -> bool) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| !in_run(b))
        .map_or(0, |last_outside| last_outside + 1)
}

/// Remove leading and trailing whitespace without copying what is left when nothing leads.
fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
}

/// Whether a line is empty or all whitespace; most lines start with a letter, which settles it.
pub(super) fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(byte) if byte.is_ascii_graphic() => false,
        _ => line.trim().is_empty(),
    }
}

pub(super) fn is_chapter_line(line: &str) -> bool {
    CHAPTER_LINE.is_match(line) || inline_stamps(line).next().is_some()
}

/// An inline timestamp `(00:18:22)`: where it starts and ends in its line (brackets included), and the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct InlineStamp<'a> {
    start: usize,
    end: usize,
    time: &'a str,
}

/// Every `(TS)` of a line, left to right, as a regex search for `\(TS\)` finds them. A byte scan, not a regex:
/// this runs over every byte of large archives. No stamp holds a `(` but its first, so trying each `(` in
/// turn finds the same stamps as a search that resumes after each match.
pub(super) fn inline_stamps(line: &str) -> impl Iterator<Item = InlineStamp<'_>> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'(', bytes).filter_map(move |open| {
        let time_end = open + 1 + time_len(&bytes[open + 1..])?;
        (bytes.get(time_end) == Some(&b')')).then(|| InlineStamp {
            start: open,
            end: time_end + 1,
            time: &line[open + 1..time_end],
        })
    })
}

/// The length of the [`TS`] that `bytes` start with: two or three runs of 1 to 12 ASCII digits joined by
/// `:`. The longest, as the regex takes the optional third run whenever it can.
fn time_len(bytes: &[u8]) -> Option<usize> {
    let digits_at = |at: usize| {
        let run = bytes.get(at..).unwrap_or_default();
        let count = run
            .iter()
            .take(13)
            .take_while(|b| b.is_ascii_digit())
            .count();
        (1..=12).contains(&count).then_some(count)
    };
    let first = digits_at(0)?;
    if bytes.get(first) != Some(&b':') {
        return None;
    }
    let two = first + 1 + digits_at(first + 1)?;
    match bytes.get(two) {
        Some(b':') => Some(digits_at(two + 1).map_or(two, |third| two + 1 + third)),
        _ => Some(two),
    }
}

fn is_url_line(line: &str) -> bool {
    let trimmed = line.trim().trim_start_matches(['-', '*', '+']).trim();
    URL.find(trimmed)
        .is_some_and(|m| m.start() == 0 && m.end() == trimmed.len())
}

pub(super) fn is_links_block(block: &[(usize, &str)]) -> bool {
    block
        .iter()
        .all(|(_, l)| is_url_line(l) || LINKS_SECTION.find(l).is_some_and(|m| m.start() == 0))
}

/// Split a trailing `# Links https://...` section from the last chapter's title: the title is cleaned into
/// `title`, the links are returned.
fn split_links(raw: &str, title: &mut String) -> Vec<String> {
    let cut = LINKS_SECTION.find_iter(raw).find(|m| {
        URL.find(&raw[m.end()..])
            .is_some_and(|u| raw[m.end()..m.end() + u.start()].trim().is_empty())
    });
    match cut {
        Some(m) => {
            clean_title_into(&raw[..m.start()], title);
            URL.find_iter(&raw[m.end()..])
                .map(|u| u.as_str().to_string())
                .collect()
        }
        None => {
            clean_title_into(raw, title);
            Vec::new()
        }
    }
}

/// Collapse whitespace and remove Markdown emphasis, heading marks and link markup.
pub(super) fn clean_title(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    clean_title_into(raw, &mut out);
    out
}

/// [`clean_title`], appending to `out`.
fn clean_title_into(raw: &str, out: &mut String) {
    if memchr::memchr3(b'[', b'*', b'#', raw.as_bytes()).is_none() {
        return collapse_whitespace(raw, out); // The common case, without a regex pass.
    }
    // Each regex runs only where its literal part is: `](` of a link, `**` of bold text.
    let has = |text: &str, literal: &str| {
        memchr::memmem::find(text.as_bytes(), literal.as_bytes()).is_some()
    };
    let unlinked = if has(raw, "](") {
        MARKDOWN_LINK.replace_all(raw, "$1")
    } else {
        raw.into()
    };
    // Only `**bold**` around words: `*****` and dunder names such as `__module__` are text, not markup.
    let stripped = if has(&unlinked, "**") {
        BOLD.replace_all(&unlinked, "$1")
    } else {
        unlinked.as_ref().into()
    };
    collapse_whitespace(stripped.trim().trim_start_matches('#'), out)
}

/// Append `text` with its whitespace collapsed: the words, as `split_whitespace` finds them, joined by single
/// spaces. Runs that are already single spaces are copied as they stand, so a title such as ` PEP 703 ` is
/// one copy after a scan of its bytes.
fn collapse_whitespace(text: &str, out: &mut String) {
    let text = text.trim();
    if is_single_spaced_ascii(text.as_bytes()) {
        return out.push_str(text); // The common case: nothing to collapse.
    }
    let mut copied = 0;
    let mut at = 0;
    while at < text.len() {
        let Some(width) = whitespace_width(text, at) else {
            at += 1;
            continue;
        };
        if text.as_bytes()[at] == b' ' && whitespace_width(text, at + 1).is_none() {
            at += 1; // A single space between words stays.
            continue;
        }
        out.push_str(&text[copied..at]);
        out.push(' ');
        at += width;
        while let Some(width) = whitespace_width(text, at) {
            at += width;
        }
        copied = at;
    }
    out.push_str(&text[copied..]);
}

/// Text whose ASCII titles [`clean_title`] would only trim: no markup characters (`[`, `*`, `#`), no ASCII
/// control characters (tabs, line breaks) and no two spaces in a row. Without early exits, so that the loops
/// are vectorised.
fn is_plain_text(bytes: &[u8]) -> bool {
    let ordinary = |b: u8| b >= 0x20 && !matches!(b, b'[' | b'*' | b'#');
    let all_ordinary = bytes.iter().fold(true, |all, &b| all & ordinary(b));
    let pairs = bytes.iter().zip(bytes.iter().skip(1));
    let double_space = pairs.fold(false, |any, (a, b)| any | (*a == b' ' && *b == b' '));
    all_ordinary && !double_space
}

/// Printable ASCII without two spaces in a row. Without early exits, so that the loops are vectorised.
fn is_single_spaced_ascii(bytes: &[u8]) -> bool {
    let printable = bytes
        .iter()
        .fold(true, |all, b| all & (0x20..0x7f).contains(b));
    let pairs = bytes.iter().zip(bytes.iter().skip(1));
    let double_space = pairs.fold(false, |any, (a, b)| any | (*a == b' ' && *b == b' '));
    printable && !double_space
}

/// The width in bytes of the whitespace character (`char::is_whitespace`) at byte `at`, if one starts there.
fn whitespace_width(text: &str, at: usize) -> Option<usize> {
    match *text.as_bytes().get(at)? {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => Some(1),
        byte if byte < 0xc0 => None, // Other ASCII, or inside a character.
        _ => {
            let c = text[at..].chars().next()?;
            c.is_whitespace().then(|| c.len_utf8())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths below are checked against the plain definitions they replace.
    mod reference {
        use super::*;

        pub(super) fn inline_stamps(line: &str) -> Vec<(usize, usize, &str)> {
            let inline = Regex::new(&format!(r"\(({TS})\)")).unwrap();
            inline
                .captures_iter(line)
                .map(|c| {
                    let (whole, time) = (c.get(0).unwrap(), c.get(1).unwrap());
                    (whole.start(), whole.end(), time.as_str())
                })
                .collect()
        }

        pub(super) fn collapse_whitespace(text: &str) -> String {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        }

        pub(super) fn chapter_list_heading(text: &str) -> Option<usize> {
            let heading = Regex::new(
                r"(?i-u)(?:^|[\s.!?])(#*\s*(?:timestamps|outline|chapters|show notes|contents)\s*:?\s*#*\s*)$",
            )
            .unwrap();
            let captures = heading.captures(text)?;
            captures.get(1).map(|heading| heading.start())
        }
    }

    /// Text made of the pieces that matter to timestamps, whitespace and markup.
    fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "(",
            ")",
            ":",
            "0",
            "12",
            "000000000000",
            "1234567890123",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{a0}",
            "\u{85}",
            "\u{3000}",
            "\u{2003}",
            "Ł",
            "é",
            "–",
            "a",
            "Z",
            "#",
            "*",
            "[",
            "]",
            "**",
            "](x)",
            "[l](u)",
            "Timestamps",
            "timestamps:",
            "Chapters",
            ".",
            "!",
            "\u{7f}",
            "?",
            "show notes",
            "SHOW NOTES",
            "Outline",
            "contents",
            "show",
            "notes",
            "#Contents: #",
            "x",
        ]);
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn inline_stamps_are_the_regex_matches(line in tricky_text()) {
            let fast: Vec<_> = inline_stamps(&line).map(|s| (s.start, s.end, s.time)).collect();
            prop_assert_eq!(fast, reference::inline_stamps(&line));
        }

        #[test]
        fn collapsing_whitespace_joins_the_words_with_single_spaces(text in tricky_text()) {
            let mut out = String::from("kept ");
            collapse_whitespace(&text, &mut out);
            prop_assert_eq!(out, format!("kept {}", reference::collapse_whitespace(&text)));
        }

        #[test]
        fn plain_ascii_titles_need_only_trimming(text in tricky_text()) {
            if is_plain_text(text.as_bytes()) && text.is_ascii() {
                prop_assert_eq!(text.trim_ascii(), clean_title(&text));
            }
        }

        #[test]
        fn the_chapter_list_heading_is_where_the_captures_put_it(text in tricky_text()) {
            prop_assert_eq!(chapter_list_heading(&text), reference::chapter_list_heading(&text));
        }

        #[test]
        fn the_chapter_list_heading_is_where_the_captures_put_it_among_headings(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "x", "é", ".", "!", "?", " ", "\t", "\u{b}", "\u{c}", "\u{a0}", "#", ":", "Timestamps",
                "show notes", "show  notes", "CHAPTERS", "outline", "contents", "content",
            ]), 0..9)
        ) {
            let text = pieces.concat();
            prop_assert_eq!(chapter_list_heading(&text), reference::chapter_list_heading(&text));
        }
    }

    #[test]
    fn inline_stamps_take_two_or_three_runs_of_up_to_twelve_digits() {
        fn times(line: &str) -> Vec<&str> {
            inline_stamps(line).map(|s| s.time).collect()
        }
        assert_eq!(
            times("a (1:02) b (00:00:00)(1:2:3) c"),
            ["1:02", "00:00:00", "1:2:3"]
        );
        assert_eq!(times("(000000000000:1)"), ["000000000000:1"]);
        assert!(times("(0000000000000:1) (1:2:3:4) (1:2:) (1) (:1) (1:a) (1:2").is_empty());
        assert_eq!(times("((1:02))"), ["1:02"]);
    }

    #[test]
    fn whitespace_is_collapsed_across_kinds_and_characters() {
        let collapsed = |text: &str| {
            let mut out = String::new();
            collapse_whitespace(text, &mut out);
            out
        };
        assert_eq!(collapsed(" PEP 703 "), "PEP 703");
        assert_eq!(
            collapsed("\u{a0}Łukasz\t\u{3000} and\u{b}\u{c}\r\nyou\u{85}"),
            "Łukasz and you"
        );
        assert_eq!(collapsed(" \u{2003} "), "");
    }
}
