//! Show notes without times: Markdown (and feed HTML turned into Markdown) whose items are headings.
//!
//! Python Bytes and most feeds write an episode's notes as items under headings rather than as a timed
//! chapter list: `## Title`, a bold line (`**Brian #1:** [Title](url)`, `**Extras**`, `[**Celery 4.0**](url)`).
//! Each such heading is a chapter without a time, and the words under it (link text kept, markup and URLs
//! removed) are its `text`. A list line that starts with a timestamp link (`[12:00](https://youtu.be/x?t=720)
//! Title`) is a timed chapter; nested under an item, it belongs to that item's words instead. The first
//! level-1 heading that carries a number (`# #484: Title`, `# Python Bytes 35`) names the episode, not a
//! chapter. pulldown-cmark reads the Markdown; this file only decides what is a heading.
//!
//! The markup goes, but every link keeps where its words are in the cleaned title, text or description
//! and the address it points to ([`Link`]): the tagger reads a link's words apart from running prose. A
//! line's link words are marked with two private-use characters before the line is cleaned and found by
//! them after; a line whose marks do not come out as they went in (a link whose words were an address,
//! removed with it) keeps no links, and its words are exactly those of the line cleaned without marks.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::chapter_list::Chapters;
use super::chapters::{Chapter, Link};
use super::time::parse_timestamp;

/// An item label that opens a line without bold: `Brian #1:`, `Kojo #2:`, `#3 (Michael):`.
static ITEM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}'’-]*\s+){1,2}#[0-9]+\s*:|^#[0-9]+\s*\(\p{Lu}[\p{L}'’-]*\)\s*:")
        .unwrap()
});

/// Where a link's words start and end in a line being cleaned: private-use characters, which notes do not
/// write (a line that does keeps no links).
const OPEN_MARK: char = '\u{E000}';
const CLOSE_MARK: char = '\u{E001}';

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:https?://|www\.)[^\s<>()\[\]]+").unwrap());

/// Markdown link syntax that a broken note leaves as text (`[a](b)` that pulldown-cmark did not take).
static LEFTOVER_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)?").unwrap());

/// What the number heading of an episode says: `# #484: All our tools`, `# Python Bytes 35`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct EpisodeHeading {
    /// The words before the number (`Python Bytes`), when there are any.
    pub(super) show: Option<String>,
    pub(super) number: Option<u32>,
    pub(super) title: Option<String>,
}

/// One episode's notes without times.
#[derive(Debug, Default)]
pub(super) struct UntimedNotes {
    /// The number heading, if the notes open with one.
    pub(super) heading: Option<EpisodeHeading>,
    /// The words before the first heading.
    pub(super) description: String,
    /// Where the description's links are in it.
    pub(super) description_links: Vec<Link>,
    /// Every web link, in order, once.
    pub(super) links: Vec<String>,
    /// Headings without times (with their words), and timestamp-link chapters.
    pub(super) chapters: Chapters,
}

/// Where a line sits in the Markdown structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Heading(HeadingLevel),
    Paragraph,
    /// The first line of a list item at this depth (1 = top level).
    ItemStart(usize),
    /// Any other line inside a list, or a code block.
    Inside,
}

/// A piece of a line's text, and whether it is bold.
#[derive(Debug)]
struct Span {
    text: String,
    strong: bool,
}

/// A line of the notes as pulldown-cmark gives it.
#[derive(Debug)]
struct Line {
    place: Place,
    spans: Vec<Span>,
    /// The seconds of a timestamp link the line starts with (its text is left out of `spans`).
    time: Option<u32>,
    /// The links of the line, in order: the `spans` that are their words, and their addresses.
    links: Vec<(Range<usize>, Box<str>)>,
}

impl Line {
    /// The line's words, cleaned, and where its links' words are in them.
    fn text(&self) -> (String, Vec<Link>) {
        let joined: String = self.spans.iter().map(|s| s.text.as_str()).collect();
        let plain = clean_words(&joined);
        if self.links.is_empty() || joined.contains([OPEN_MARK, CLOSE_MARK]) {
            return (plain, Vec::new());
        }
        let links = self.links_in(&joined, &plain).unwrap_or_default();
        (plain, links)
    }

    /// Where the line's links are in its cleaned words `plain`: the line (`joined`) cleaned again with
    /// each link's words between marks (inside its leading and trailing spaces, which cleaning
    /// collapses), the marks then taken out. `None` when that is not `plain` (a mark was lost with an
    /// address, or kept a piece of markup from being removed).
    fn links_in(&self, joined: &str, plain: &str) -> Option<Vec<Link>> {
        let mut starts = Vec::with_capacity(self.spans.len() + 1);
        let mut at = 0;
        for span in &self.spans {
            starts.push(at);
            at += span.text.len();
        }
        starts.push(at);
        let mut marked = String::with_capacity(joined.len() + 6 * self.links.len());
        let mut copied = 0;
        let mut urls = Vec::with_capacity(self.links.len());
        for (spans, url) in &self.links {
            let (Some(&from), Some(&to)) = (starts.get(spans.start), starts.get(spans.end)) else {
                continue;
            };
            let words = &joined[from..to];
            let start = from + (words.len() - words.trim_start().len());
            let end = to - (words.len() - words.trim_end().len());
            // A link with no words says nothing apart from prose; links do not nest.
            if start >= end || start < copied {
                continue;
            }
            marked.push_str(&joined[copied..start]);
            marked.push(OPEN_MARK);
            marked.push_str(&joined[start..end]);
            marked.push(CLOSE_MARK);
            copied = end;
            urls.push(url);
        }
        marked.push_str(&joined[copied..]);
        let cleaned = clean_words(&marked);
        let mut text = String::with_capacity(plain.len());
        let mut links = Vec::with_capacity(urls.len());
        let mut open = None;
        for c in cleaned.chars() {
            match (c, open) {
                (OPEN_MARK, None) => open = Some(text.len()),
                (CLOSE_MARK, Some(start)) => {
                    let url = urls.get(links.len())?;
                    links.push(Link {
                        in_title: false,
                        words: start..text.len(),
                        url: (*url).clone(),
                    });
                    open = None;
                }
                (OPEN_MARK | CLOSE_MARK, _) => return None,
                _ => text.push(c),
            }
        }
        let whole = open.is_none() && links.len() == urls.len() && text == plain;
        // Tidying brackets may leave a space inside a link's words (`[( ) x](...)` reads " x").
        let trimmed = |mut link: Link| {
            let words = &plain[link.words.clone()];
            let start = link.words.start + (words.len() - words.trim_start().len());
            link.words = start..start + words.trim().len();
            (!link.words.is_empty()).then_some(link)
        };
        whole.then(|| links.into_iter().filter_map(trimmed).collect())
    }

    /// A bold line: its words are all bold (punctuation aside), or it opens with bold words ending in `:`
    /// (`**Brian #1:** [Title](url)`), outside lists.
    fn is_bold_item(&self) -> bool {
        if self.place != Place::Paragraph {
            return false;
        }
        let mut spans = self.spans.iter().filter(|s| !s.text.trim().is_empty());
        let Some(first) = spans.next() else {
            return false;
        };
        if !first.strong {
            return false;
        }
        let rest_is_punctuation = |s: &&Span| {
            s.strong
                || s.text
                    .chars()
                    .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
        };
        let all_bold = self.spans.iter().all(|s| rest_is_punctuation(&s));
        all_bold || first.text.trim_end().ends_with(':')
    }
}

/// Read one episode's notes. `numbered_heading` says whether a first `#` heading with a number names the
/// episode (a Markdown file of one episode) or is a chapter like any other (a feed item's HTML).
pub(super) fn read_untimed(markdown: &str, numbered_heading: bool) -> UntimedNotes {
    let prepared = separate_bold_lines(markdown);
    let (lines, links) = lines_of(&prepared);
    let mut notes = UntimedNotes {
        links,
        ..UntimedNotes::default()
    };
    let mut description = Words::default();
    // The chapter being read: title and its links, time, words.
    let mut current: Option<(String, Vec<Link>, Option<u32>, Words)> = None;
    let finish = |current: &mut Option<(String, Vec<Link>, Option<u32>, Words)>,
                  chapters: &mut Chapters| {
        if let Some((title, title_links, seconds, words)) = current.take() {
            let mut chapter = Chapter::at(seconds, title);
            let (text, text_links) = words.joined();
            chapter.text = (!text.is_empty()).then_some(text);
            chapter.links = title_links;
            chapter.links.extend(text_links);
            chapters.push(chapter);
        }
    };
    for line in &lines {
        let (mut text, mut links) = line.text();
        if line.time.is_some() {
            // What separated the time from the title (`[00:12](...) - Title`) goes with the time.
            let kept = text.trim_start_matches(['-', '\u{2013}', '\u{2014}', ':', ' ']);
            let cut = text.len() - kept.len();
            text = kept.to_string();
            links.retain_mut(|link| link.shift_back(cut));
        }
        if let Place::Heading(HeadingLevel::H1) = line.place
            && numbered_heading
            && notes.heading.is_none()
            && notes.chapters.is_empty()
            && current.is_none()
            && let Some(heading) = episode_heading(&text)
        {
            notes.heading = Some(heading);
            continue;
        }
        let timed = line
            .time
            .filter(|_| matches!(line.place, Place::Paragraph | Place::ItemStart(1)));
        let heading = matches!(line.place, Place::Heading(_))
            || line.is_bold_item()
            || (line.place == Place::Paragraph && ITEM_LABEL.is_match(&text));
        if (heading || timed.is_some()) && !text.is_empty() {
            finish(&mut current, &mut notes.chapters);
            links.iter_mut().for_each(|link| link.in_title = true);
            current = Some((text, links, timed, Words::default()));
        } else if !text.is_empty() {
            match &mut current {
                Some((_, _, _, words)) => words.push(text, links),
                None => description.push(text, links),
            }
        }
    }
    finish(&mut current, &mut notes.chapters);
    (notes.description, notes.description_links) = description.joined();
    notes.chapters.assign_sections();
    notes
}

/// The lines of a chapter's text (or of the description) as they are read, and their links, placed in
/// the lines joined by newlines.
#[derive(Default)]
struct Words {
    lines: Vec<String>,
    links: Vec<Link>,
    /// The length of the lines joined so far.
    len: usize,
}

impl Words {
    fn push(&mut self, line: String, links: Vec<Link>) {
        let at = if self.lines.is_empty() {
            0
        } else {
            self.len + 1
        };
        self.links.extend(links.into_iter().map(|link| Link {
            words: link.words.start + at..link.words.end + at,
            ..link
        }));
        self.len = at + line.len();
        self.lines.push(line);
    }

    fn joined(self) -> (String, Vec<Link>) {
        (self.lines.join("\n"), self.links)
    }
}

/// Whether a line (as written) opens with a timestamp link: `[00:12](https://...)`, `- [1:02:03](...)`.
pub(super) fn is_timestamp_link_line(line: &str) -> bool {
    let line = line.trim_start();
    let line = line
        .strip_prefix(['-', '*', '+'])
        .map_or(line, str::trim_start);
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    rest.split_once("](")
        .is_some_and(|(text, _)| parse_timestamp(text.trim()).is_ok())
}

/// A blank line before every bold line at the start of a line (`**Extras**`, `[**Title**](url)`), so that one
/// written right under a list item is a paragraph of its own rather than part of the item.
fn separate_bold_lines(markdown: &str) -> Cow<'_, str> {
    let opens_bold = |line: &str| line.starts_with("**") || line.starts_with("[**");
    let mut previous_blank = true;
    let mut needs_change = false;
    for line in markdown.lines() {
        if opens_bold(line) && !previous_blank {
            needs_change = true;
            break;
        }
        previous_blank = line.trim().is_empty();
    }
    if !needs_change {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut previous_blank = true;
    for line in markdown.lines() {
        if opens_bold(line) && !previous_blank {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_blank = line.trim().is_empty();
    }
    Cow::Owned(out)
}

/// The lines of the notes, with their places, and the web links they hold.
fn lines_of(markdown: &str) -> (Vec<Line>, Vec<String>) {
    let mut reader = LineReader::default();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(markdown, options) {
        reader.event(event);
    }
    reader.end_block();
    (reader.lines, reader.links)
}

/// Turns pulldown-cmark's events into lines.
#[derive(Default)]
struct LineReader {
    lines: Vec<Line>,
    links: Vec<String>,
    spans: Vec<Span>,
    place: Option<Place>,
    list_depth: usize,
    item_starts: bool,
    strong: usize,
    /// The open links: their target and where their text starts in `spans`.
    open_links: Vec<(String, usize)>,
    /// The links of the line being read: the `spans` that are their words, and their targets.
    line_links: Vec<(Range<usize>, Box<str>)>,
    time: Option<u32>,
}

impl LineReader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push(&text),
            Event::SoftBreak | Event::HardBreak => self.end_line(),
            Event::FootnoteReference(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Rule
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => self.begin(Place::Heading(level)),
            Tag::Paragraph => self.begin(if self.list_depth > 0 {
                Place::Inside
            } else {
                Place::Paragraph
            }),
            Tag::List(_) => {
                self.end_block();
                self.list_depth += 1;
            }
            Tag::Item => {
                self.end_block();
                self.item_starts = true;
            }
            Tag::CodeBlock(_) => self.begin(Place::Inside),
            Tag::Strong => self.strong += 1,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                if is_web_link(url) && !self.links.iter().any(|l| l == url) {
                    self.links.push(url.to_string());
                }
                self.open_links.push((url.to_string(), self.spans.len()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Item => {
                self.end_block();
            }
            TagEnd::List(_) => {
                self.end_block();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    /// A link that opens its line with a timestamp as its text gives the line its time; its text is left
    /// out. Any other link of one line is kept with the line.
    fn end_link(&mut self) {
        let Some((url, first)) = self.open_links.pop() else {
            return;
        };
        // A link broken over lines opens none of them, and is no link of either.
        let Some(before) = self.spans.get(..first) else {
            return;
        };
        let opens_line = before.iter().all(|s| s.text.trim().is_empty());
        if opens_line && self.time.is_none() {
            let text: String = self.spans[first..]
                .iter()
                .map(|s| s.text.as_str())
                .collect();
            if let Ok(written) = parse_timestamp(text.trim()) {
                self.time = Some(seconds_in_url(&url).unwrap_or(written));
                self.spans.truncate(first);
                return;
            }
        }
        if first < self.spans.len() {
            self.line_links.push((first..self.spans.len(), url.into()));
        }
    }

    fn begin(&mut self, place: Place) {
        self.end_block();
        self.place = Some(place);
    }

    fn push(&mut self, text: &str) {
        if self.place.is_none() {
            // Text straight inside a list item (a tight list) has no paragraph of its own.
            self.place = Some(if self.list_depth > 0 {
                Place::Inside
            } else {
                Place::Paragraph
            });
        }
        self.spans.push(Span {
            text: text.to_string(),
            strong: self.strong > 0,
        });
    }

    /// The end of a block: its last line ends, and what follows is in no block yet.
    fn end_block(&mut self) {
        self.end_line();
        self.place = None;
    }

    /// The end of a line; a paragraph or heading goes on after a line break.
    fn end_line(&mut self) {
        let Some(place) = self.place else {
            return;
        };
        let place = match place {
            Place::Inside | Place::Paragraph if self.item_starts && self.list_depth > 0 => {
                Place::ItemStart(self.list_depth)
            }
            other => other,
        };
        if !self.spans.is_empty() {
            self.item_starts = false;
            self.lines.push(Line {
                place,
                spans: std::mem::take(&mut self.spans),
                time: self.time.take(),
                links: std::mem::take(&mut self.line_links),
            });
        }
        self.time = None;
        self.line_links.clear();
        // A link still open goes on at the start of the next line.
        for (_, start) in &mut self.open_links {
            *start = usize::MAX;
        }
        // A paragraph or heading goes on after a line break in the same place.
        if matches!(place, Place::ItemStart(_)) {
            self.place = Some(Place::Inside);
        }
    }
}

/// An absolute web address (relative links of a feed name nothing outside it).
fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The time a video link points at: `t=720`, `t=720s`, `t=12m0s`, `t=1h2m3s` (YouTube's forms).
pub(super) fn seconds_in_url(url: &str) -> Option<u32> {
    let query = url.split_once(['?', '#'])?.1;
    let value = query
        .split(['&', '#', '?'])
        .find_map(|pair| pair.strip_prefix("t="))?;
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(seconds);
    }
    let mut total: u32 = 0;
    let mut digits = String::new();
    for c in value.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let amount: u32 = digits.parse().ok()?;
        total = total.checked_add(amount.checked_mul(unit)?)?;
        digits.clear();
    }
    digits.is_empty().then_some(total)
}

/// Words as they read: URLs and leftover link or bold markup removed, whitespace collapsed.
///
/// Each step runs only where the text has what it removes, and the words are collapsed in one pass: every
/// line of the notes is cleaned, a line with links twice (`Line::links_in`), and the four `replace`s and
/// the collected words of the plain definition (`tests::reference::clean_words`) cost more than reading
/// the links (docs/precision.md, "Links").
fn clean_words(text: &str) -> String {
    let unlinked = match text.contains('[') {
        true => LEFTOVER_LINK.replace_all(text, "$1"),
        false => Cow::Borrowed(text),
    };
    let no_urls = match unlinked.contains("http") || unlinked.contains("www.") {
        true => URL.replace_all(&unlinked, " "),
        false => Cow::Borrowed(unlinked.as_ref()),
    };
    let no_bold = match no_urls.contains("**") {
        true => Cow::Owned(no_urls.replace("**", "")),
        false => Cow::Borrowed(no_urls.as_ref()),
    };
    let mut joined = String::with_capacity(no_bold.len());
    for word in no_bold.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    if !joined.contains([')', '(']) {
        return joined; // Collapsed, so trimmed already.
    }
    // A URL removed from `(see https://x)` leaves `(see )`: tidy the empty brackets it leaves.
    joined
        .replace("( )", "")
        .replace("()", "")
        .replace(" )", ")")
        .trim()
        .to_string()
}

/// The number heading of an episode: the words before the number name the show (`Python Bytes 35`,
/// `PB 485`, `Python Bytes Episode 35`), and a title may follow a separator (`#484: All our tools`,
/// `Python Bytes 93 - Title`). `None` when the heading carries no episode number.
pub(super) fn episode_heading(text: &str) -> Option<EpisodeHeading> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let before_ok =
            at == 0 || matches!(bytes[at - 1], b' ' | b'#') || bytes[at - 1].is_ascii_alphabetic();
        let after = &text[end..];
        let title = title_after_number(after);
        if before_ok && let Some(title) = title {
            return Some(EpisodeHeading {
                show: show_words(&text[..at]),
                number: text[at..end].parse().ok(),
                title: (!title.is_empty()).then(|| clean_words(title)),
            });
        }
        at = end;
    }
    None
}

/// What follows an episode number: nothing, or a separator (`:`, `.`, `-`, `–`, `—`, `|`) and the title.
fn title_after_number(after: &str) -> Option<&str> {
    let rest = after.trim_start();
    if rest.is_empty() {
        return Some("");
    }
    let separated = rest
        .strip_prefix([':', '-', '\u{2013}', '\u{2014}', '|'])
        .or_else(|| {
            rest.strip_prefix('.')
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        })?;
    // `3.14` is a version, not episode 3; a separator must not be glued to a following digit.
    if after.starts_with(['.', '-']) && separated.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(separated.trim())
}

/// The show named before an episode number: `Python Bytes` of `Python Bytes Episode #35`; `None` when no
/// letter is left.
fn show_words(before: &str) -> Option<String> {
    let mut words: Vec<&str> = before
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '#' || c == ':'))
        .filter(|w| !w.is_empty())
        .collect();
    while words.last().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "episode" | "ep" | "ep." | "no" | "no."
        )
    }) {
        words.pop();
    }
    let show = words.join(" ");
    show.chars().any(char::is_alphabetic).then_some(show)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definitions the fast paths are held to.
    mod reference {
        use super::super::{LEFTOVER_LINK, URL};

        pub(super) fn clean_words(text: &str) -> String {
            let unlinked = LEFTOVER_LINK.replace_all(text, "$1");
            let no_urls = URL.replace_all(&unlinked, " ");
            let no_bold = no_urls.replace("**", "");
            let words: Vec<&str> = no_bold.split_whitespace().collect();
            let joined = words.join(" ");
            joined
                .replace("( )", "")
                .replace("()", "")
                .replace(" )", ")")
                .trim()
                .to_string()
        }
    }

    use proptest::prelude::*;

    /// Lines made of the pieces cleaning reads: markup, addresses, brackets, spaces of every kind, the
    /// marks that place links.
    fn tricky_line() -> impl Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "[", "]", "(", ")", "*", "**", " ", "  ", "\t", "\u{a0}", "\u{2003}", "http",
            "https://", "://", "www.", "x.org", "/", "a", "Ann", "é", "\u{E000}", "\u{E001}", ".",
            "-", "( )", "()", " )",
        ]);
        proptest::collection::vec(piece, 0..14).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6000, ..ProptestConfig::default() })]

        #[test]
        fn cleaning_matches_the_plain_definition(line in tricky_line()) {
            prop_assert_eq!(clean_words(&line), reference::clean_words(&line));
        }

        #[test]
        fn links_read_from_any_line_lie_in_its_words(pieces in proptest::collection::vec(
            (tricky_line(), proptest::bool::ANY), 1..6)) {
            // Every other piece a link: `[words](https://l.example/n)`.
            let markdown: String = pieces
                .iter()
                .enumerate()
                .map(|(i, (words, link))| match link {
                    true => format!("[{words}](https://l.example/{i})"),
                    false => words.clone(),
                })
                .collect();
            let notes = read_untimed(&format!("**Item**\n\n{markdown}\n"), true);
            for chapter in notes.chapters.iter() {
                for link in chapter.links {
                    let text = if link.in_title { chapter.title } else { chapter.text.unwrap_or_default() };
                    let words = link.words_in(text);
                    prop_assert!(words.is_some_and(|w| !w.is_empty() && w.trim() == w), "{:?} in {:?}", link, text);
                }
            }
        }
    }

    fn chapters(notes: &UntimedNotes) -> Vec<(Option<u32>, String, Option<String>)> {
        notes
            .chapters
            .iter()
            .map(|c| (c.seconds, c.title.to_string(), c.text.map(str::to_string)))
            .collect()
    }

    #[test]
    fn number_headings_give_show_number_and_title() {
        let heading = |text: &str| episode_heading(text).unwrap();
        assert_eq!(
            heading("#484: All our tools"),
            EpisodeHeading {
                show: None,
                number: Some(484),
                title: Some("All our tools".into())
            }
        );
        assert_eq!(
            heading("Python Bytes 35").show.as_deref(),
            Some("Python Bytes")
        );
        assert_eq!(heading("Python Bytes 35").number, Some(35));
        assert_eq!(heading("PB485").show.as_deref(), Some("PB"));
        assert_eq!(heading("PB485").number, Some(485));
        assert_eq!(
            heading("Python Bytes Episode 12").show.as_deref(),
            Some("Python Bytes")
        );
        let titled = heading("Python Bytes 93 - Will a black hole devour this episode?");
        assert_eq!(
            (titled.number, titled.title.as_deref()),
            (Some(93), Some("Will a black hole devour this episode?"))
        );
        assert_eq!(heading("15").number, Some(15));
        assert_eq!(episode_heading("Python 3.14 is out"), None);
        assert_eq!(episode_heading("News items"), None);
    }

    #[test]
    fn bold_item_lines_and_headings_are_untimed_chapters_with_their_words() {
        let notes = read_untimed(
            "# Show 7\n\nWelcome to the show.\n\n**Ann #1:** [The *first* item](https://a.example/1)\n\n\
             - Read [the post](https://a.example/post) at https://b.example/x\n- Second point\n\n\
             ## **Bob #2: [Second](https://a.example/2)**\n\nWords here.\n\n**Extras**\nAnn:\n- one more\n",
            true,
        );
        let heading = notes.heading.as_ref().unwrap();
        assert_eq!(
            (heading.show.as_deref(), heading.number),
            (Some("Show"), Some(7))
        );
        assert_eq!(notes.description, "Welcome to the show.");
        assert_eq!(
            chapters(&notes),
            vec![
                (
                    None,
                    "Ann #1: The first item".to_string(),
                    Some("Read the post at\nSecond point".to_string())
                ),
                (
                    None,
                    "Bob #2: Second".to_string(),
                    Some("Words here.".to_string())
                ),
                (
                    None,
                    "Extras".to_string(),
                    Some("Ann:\none more".to_string())
                ),
            ]
        );
        assert_eq!(
            notes.links,
            [
                "https://a.example/1",
                "https://a.example/post",
                "https://a.example/2"
            ]
        );
    }

    #[test]
    fn item_labels_without_bold_are_headings() {
        let notes = read_untimed(
            "Brian #1: [**Title one**](https://a.example)\n\n- point\n\nKojo #2:\n\n- other\n\nWe say #1: not a label\n",
            true,
        );
        let titles: Vec<String> = chapters(&notes).into_iter().map(|c| c.1).collect();
        assert_eq!(titles, ["Brian #1: Title one", "Kojo #2:"]);
    }

    #[test]
    fn a_bold_line_under_a_list_item_is_a_heading_not_part_of_the_item() {
        let notes = read_untimed(
            "**Intro**\n- Sponsor line\n**Connect**\n- Host: [me](https://m.example)\n",
            true,
        );
        let titles: Vec<String> = chapters(&notes).into_iter().map(|c| c.1).collect();
        assert_eq!(titles, ["Intro", "Connect"]);
    }

    #[test]
    fn bold_words_inside_items_and_sentences_are_not_headings() {
        let notes = read_untimed(
            "**Topic**\n\n- **How I use it**:\n  - daily\n- **The combo** is great\n\n**Sponsored** by a friend, who says hi.\n",
            true,
        );
        assert_eq!(notes.chapters.len(), 1);
        assert_eq!(
            notes.chapters.text(0),
            Some("How I use it:\ndaily\nThe combo is great\nSponsored by a friend, who says hi.")
        );
    }

    #[test]
    fn timestamp_links_are_timed_chapters_at_the_top_and_words_when_nested() {
        let notes = read_untimed(
            "- [00:12](https://youtu.be/x?t=720) - Welcome\n- [1:02](https://youtu.be/x) Next one\n\n\
             **Item**\n\n- A video\n    - [03:15](https://www.youtube.com/watch?v=y&t=195s) - Part two\n",
            true,
        );
        assert_eq!(
            chapters(&notes),
            vec![
                (Some(720), "Welcome".to_string(), None),
                (Some(62), "Next one".to_string(), None),
                (
                    None,
                    "Item".to_string(),
                    Some("A video\nPart two".to_string())
                ),
            ]
        );
        assert!(is_timestamp_link_line(
            "    - [03:15](https://x.example) - Part"
        ));
        assert!(!is_timestamp_link_line("- [Title](https://x.example)"));
    }

    #[test]
    fn video_times_in_urls_in_every_form() {
        assert_eq!(seconds_in_url("https://youtu.be/x?t=720"), Some(720));
        assert_eq!(seconds_in_url("https://y/watch?v=a&t=195s"), Some(195));
        assert_eq!(seconds_in_url("https://youtu.be/x?t=25m20s"), Some(1520));
        assert_eq!(seconds_in_url("https://youtu.be/x?t=1h0m1s"), Some(3601));
        assert_eq!(seconds_in_url("https://youtu.be/x?t=soon"), None);
        assert_eq!(seconds_in_url("https://youtu.be/x"), None);
    }

    /// Each link of `notes`'s chapters as (in the title, its words, its address).
    fn links_of(notes: &UntimedNotes) -> Vec<Vec<(bool, String, String)>> {
        notes
            .chapters
            .iter()
            .map(|c| {
                c.links
                    .iter()
                    .map(|l| {
                        let text = if l.in_title { c.title } else { c.text.unwrap() };
                        (
                            l.in_title,
                            text[l.words.clone()].to_string(),
                            l.url.to_string(),
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn links_keep_where_their_words_are_in_the_cleaned_text_and_where_they_point() {
        let notes = read_untimed(
            "Intro by [Ann Example](https://social.example/@ann).\n\n\
             **Bob #1:** [**A *fine* tool**](https://tools.example/fine)\n\n\
             - Made by [ Cy  Dee ](https://git.example/cydee) and [**Eve**](/eve), see https://x.example/y\n\
             - [Read it](https://blog.example/post) - Fay Gee\n\
             - [](https://empty.example) nothing\n",
            true,
        );
        assert_eq!(notes.description, "Intro by Ann Example.");
        assert_eq!(
            notes
                .description_links
                .iter()
                .map(|l| (&notes.description[l.words.clone()], &*l.url))
                .collect::<Vec<_>>(),
            [("Ann Example", "https://social.example/@ann")]
        );
        let text = "Made by Cy Dee and Eve, see\nRead it - Fay Gee\nnothing";
        assert_eq!(notes.chapters.text(0), Some(text));
        let link =
            |in_title, words: &str, url: &str| (in_title, words.to_string(), url.to_string());
        assert_eq!(
            links_of(&notes),
            [vec![
                link(true, "A fine tool", "https://tools.example/fine"),
                link(false, "Cy Dee", "https://git.example/cydee"),
                link(false, "Eve", "/eve"),
                link(false, "Read it", "https://blog.example/post"),
            ]]
        );
    }

    #[test]
    fn a_link_whose_words_are_an_address_leaves_its_line_without_links_and_its_words_unchanged() {
        let markdown = "**Item**\n\n- [https://a.example/x](https://a.example/x)[Ann Example](https://b.example)\n";
        let notes = read_untimed(markdown, true);
        // The address runs on into the next link's words, and takes the first of them with it.
        assert_eq!(notes.chapters.text(0), Some("Example"));
        assert_eq!(links_of(&notes), [vec![]]);
        let timed = read_untimed(
            "- [00:12](https://youtu.be/x?t=720) - [Ann Example](https://b.example/ann)\n",
            true,
        );
        assert_eq!(
            chapters(&timed),
            vec![(Some(720), "Ann Example".to_string(), None)]
        );
        assert_eq!(
            links_of(&timed),
            [vec![(
                true,
                "Ann Example".to_string(),
                "https://b.example/ann".to_string()
            )]]
        );
    }

    #[test]
    fn titles_never_keep_markup_or_urls() {
        let notes = read_untimed(
            "**[https://example.com/a](https://example.com/a) Tool**\n\n**Joke: [No date](https://x.example/j?s=1)**\n\n**Half [open](https://y.example**\n",
            true,
        );
        for chapter in notes.chapters.iter() {
            assert!(
                !chapter.title.contains("](")
                    && !chapter.title.contains("**")
                    && !chapter.title.contains("http"),
                "{}",
                chapter.title
            );
        }
        assert_eq!(notes.chapters.get(1).unwrap().title, "Joke: No date");
    }
}
