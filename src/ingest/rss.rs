//! RSS 2.0 and Atom podcast feeds.
//!
//! A streaming quick-xml reader walks the feed once. Each `<item>` or `<entry>` becomes an episode: its title
//! (`itunes:title` preferred), number (`itunes:episode`, else an `Episode 13:` title), date (`pubDate`,
//! `published`, `updated`, normalised to `YYYY-MM-DD`), duration (`itunes:duration`), people
//! (`podcast:person`), and show notes from the richest of `content:encoded`, `description`, `itunes:summary`,
//! Atom `content` and `summary`: the HTML is turned into lines of text and read by the same chapter finder as
//! plain-text notes. A local `podcast:chapters` file wins over the chapters in the notes; remote ones are
//! ignored (castgraph never uses the network). A DTD is never resolved: entities it declares are not
//! expanded but left as written, with a warning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::chapters::Chapter;
use super::credits;
use super::error::{IngestError, error_path, line_column, with_causes};
use super::html;
use super::markdown;
use super::model::{Corpus, Credit, Episode, Source, Warning, WarningKind};
use super::notes::{self, Notes};
use super::numbering::{bad_number_message, parse_number};
use super::podcasting::{credit_role, read_chapters_file};
use super::text;
use super::time::{normalize_date, parse_duration};
use crate::model::Role;

/// What a captured element holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    ChannelTitle,
    ChannelPerson(Role),
    ChannelAuthor,
    Link,
    Title,
    ItunesTitle,
    Number,
    PubDate,
    Published,
    Updated,
    Duration,
    ContentEncoded,
    Description,
    ItunesSummary,
    AtomContent,
    AtomSummary,
    Person(Role),
}

/// Show-notes fields, richest first.
const NOTES_FIELDS: [Field; 5] = [
    Field::ContentEncoded,
    Field::Description,
    Field::ItunesSummary,
    Field::AtomContent,
    Field::AtomSummary,
];

/// The text of an element being read, with its depth in the element stack and its line.
struct Capture {
    field: Field,
    depth: usize,
    line: usize,
    text: String,
}

/// The fields of the item or entry being read.
#[derive(Default)]
struct Item {
    depth: usize,
    line: usize,
    fields: Vec<(Field, String, usize)>,
    chapters_url: Option<(String, usize)>,
    /// The enclosure's `url`.
    audio: Option<String>,
    /// An Atom `<link href>` (RSS gives its page as the text of `<link>`).
    page: Option<String>,
}

impl Item {
    fn get(&self, field: &Field) -> Option<(&str, usize)> {
        self.fields
            .iter()
            .find(|(f, v, _)| f == field && !v.trim().is_empty())
            .map(|(_, v, l)| (v.as_str(), *l))
    }
}

/// Counts lines up to increasing byte offsets in linear total time.
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset > self.offset {
            self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
            self.offset = offset;
        }
        self.line
    }
}

struct FeedReader<'a> {
    text: &'a str,
    path: Option<&'a Path>,
    corpus: Corpus,
    /// Open elements: name and line.
    stack: Vec<(String, usize)>,
    item: Option<Item>,
    capture: Option<Capture>,
    lines: LineCounter,
    warned_entities: BTreeSet<String>,
}

/// Read an RSS 2.0 or Atom feed.
pub(super) fn read(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    let mut feed = FeedReader {
        text,
        path,
        corpus: Corpus::default(),
        stack: Vec::new(),
        item: None,
        capture: None,
        lines: LineCounter { offset: 0, line: 1 },
        warned_entities: BTreeSet::new(),
    };
    feed.run()?;
    let mut corpus = feed.corpus;
    drop_hosts_from_guests(&mut corpus);
    Ok(corpus)
}

impl FeedReader<'_> {
    fn run(&mut self) -> Result<(), IngestError> {
        let mut reader = Reader::from_str(self.text);
        loop {
            let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let line = self.lines.line_at(self.text, offset);
            match reader.read_event() {
                Ok(Event::Start(_)) if self.stack.len() >= MAX_DEPTH => {
                    return Err(self.malformed(offset, Box::new(TooDeep { limit: MAX_DEPTH })));
                }
                Ok(Event::Start(e)) => self.start(&e, line),
                Ok(Event::Empty(e)) => self.empty(&e, line),
                Ok(Event::End(e)) => self.end(e.name().0),
                Ok(Event::Text(t)) => self.push_text(&t.xml10_content()),
                Ok(Event::CData(c)) => self.push_text(&c.xml10_content()),
                Ok(Event::GeneralRef(r)) => self.reference(&r, line, offset),
                Ok(Event::DocType(d)) => self.doctype(&d, line),
                Ok(Event::Eof) => return self.finish(),
                Ok(_) => {}
                Err(e) => {
                    let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    return Err(self.malformed(offset, Box::new(XmlSyntax(e))));
                }
            }
        }
    }

    fn malformed(
        &self,
        offset: usize,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> IngestError {
        let (line, column) = line_column(self.text, offset);
        IngestError::Malformed {
            path: error_path(self.path),
            format: "XML",
            line,
            column,
            source,
        }
    }

    fn warn(&mut self, line: usize, kind: WarningKind, message: String) {
        let source = Source::new(self.path, line);
        self.corpus
            .warnings
            .push(Warning::new(source, kind, message));
    }

    fn finish(&mut self) -> Result<(), IngestError> {
        match self.stack.last() {
            Some((name, line)) => Err(self.malformed(
                self.text.len(),
                Box::new(Unclosed {
                    name: name.clone(),
                    line: *line,
                }),
            )),
            None => Ok(()),
        }
    }

    fn start(&mut self, e: &BytesStart, line: usize) {
        let name = e.name().0.to_string();
        if let Some(capture) = &mut self.capture {
            capture.text.push_str(&format!("<{name}>"));
        } else if let Some(field) = self.field_for(&name, e) {
            self.capture = Some(Capture {
                field,
                depth: self.stack.len() + 1,
                line,
                text: String::new(),
            });
        } else if self.item_attributes(e) {
        } else if self.item.is_none() && matches!(name.as_str(), "item" | "entry" | "atom:entry") {
            self.item = Some(Item {
                depth: self.stack.len() + 1,
                line,
                ..Item::default()
            });
        }
        self.stack.push((name, line));
    }

    fn empty(&mut self, e: &BytesStart, line: usize) {
        let name = e.name().0;
        if let Some(capture) = &mut self.capture {
            capture.text.push_str(&format!("<{name}/>"));
        } else if self.item_attributes(e) {
        } else if name == "podcast:chapters"
            && let Some(item) = &mut self.item
            && self.stack.len() == item.depth
            && let Some(url) = attribute(e, "url")
        {
            item.chapters_url = Some((url, line));
        }
    }

    /// Keep what an element of the item says in its attributes: the enclosure's audio, an Atom link's page.
    /// Whether the element was one of those.
    fn item_attributes(&mut self, e: &BytesStart) -> bool {
        let Some(item) = &mut self.item else {
            return false;
        };
        if self.stack.len() != item.depth {
            return false;
        }
        match e.name().0 {
            "enclosure" => {
                if item.audio.is_none() {
                    item.audio = attribute(e, "url").filter(|u| !u.trim().is_empty());
                }
                true
            }
            "link" | "atom:link" if attribute(e, "href").is_some() => {
                let rel = attribute(e, "rel");
                if item.page.is_none() && rel.as_deref().is_none_or(|r| r == "alternate") {
                    item.page = attribute(e, "href").map(|h| h.trim().to_string());
                }
                true
            }
            _ => false,
        }
    }

    fn end(&mut self, name: &str) {
        let depth = self.stack.len();
        match &mut self.capture {
            Some(capture) if capture.depth == depth => {
                if let Some(capture) = self.capture.take() {
                    self.store(capture);
                }
            }
            Some(capture) => capture.text.push_str(&format!("</{name}>")),
            None => {
                if self.item.as_ref().is_some_and(|item| item.depth == depth)
                    && let Some(item) = self.item.take()
                {
                    self.finish_item(item);
                }
            }
        }
        self.stack.pop();
    }

    fn push_text(&mut self, text: &str) {
        if let Some(capture) = &mut self.capture {
            capture.text.push_str(text);
        }
    }

    /// `&lt;` and `&#233;` are resolved; any other entity is left as written (HTML entities such as `&nbsp;`
    /// are decoded later with the HTML), never looked up in a DTD. A character reference XML does not allow
    /// (`&#0;`, `&#xFFFE;`, a surrogate, beyond U+10FFFF, not a number) is left out with a warning naming its
    /// line and column. `offset` is where the reference starts.
    fn reference(&mut self, r: &BytesRef, line: usize, offset: usize) {
        let name: &str = r.as_ref();
        if let Some(number) = name.strip_prefix('#') {
            match char_ref(number) {
                Ok(c) => self.push_text(c.encode_utf8(&mut [0; 4])),
                Err(problem) => {
                    if self.warned_entities.insert(name.to_string()) {
                        let (line, column) = line_column(self.text, offset);
                        self.corpus.warnings.push(Warning::new(
                            Source::at(self.path, line, column),
                            WarningKind::Entity,
                            format!(
                                "the character reference `&{name};` {problem}; it is left out: remove it, or \
                                 write the character itself"
                            ),
                        ));
                    }
                }
            }
            return;
        }
        let resolved = quick_xml::escape::resolve_predefined_entity(name).map(str::to_string);
        let unknown = resolved.is_none();
        let text = resolved.unwrap_or_else(|| format!("&{name};"));
        let unknown = unknown && html_escape::decode_html_entities(&text) == text;
        if unknown && self.capture.is_some() && self.warned_entities.insert(name.to_string()) {
            self.warn(
                line,
                WarningKind::Entity,
                format!("unknown entity `&{name};` is left as written; castgraph never expands DTD entities"),
            );
        }
        self.push_text(&text);
    }

    fn doctype(&mut self, doctype: &str, line: usize) {
        if doctype.contains("<!ENTITY") {
            self.warn(
                line,
                WarningKind::Entity,
                "the DOCTYPE declares entities; castgraph never expands them: references to them are left as \
                 written"
                    .to_string(),
            );
        }
    }

    /// The field an element starting here holds, if castgraph reads it.
    fn field_for(&self, name: &str, e: &BytesStart) -> Option<Field> {
        let parent = self.stack.last().map(|(n, _)| n.as_str());
        let Some(item) = &self.item else {
            let in_channel = matches!(parent, Some("channel" | "feed" | "atom:feed"));
            return match name {
                "title" | "atom:title" if in_channel => Some(Field::ChannelTitle),
                "podcast:person" if in_channel => Some(Field::ChannelPerson(role(e))),
                "itunes:author" if in_channel => Some(Field::ChannelAuthor),
                _ => None,
            };
        };
        if self.stack.len() != item.depth {
            return None;
        }
        Some(match name.strip_prefix("atom:").unwrap_or(name) {
            "title" => Field::Title,
            "link" => Field::Link,
            "itunes:title" => Field::ItunesTitle,
            "itunes:episode" => Field::Number,
            "pubDate" | "pubdate" => Field::PubDate,
            "published" | "dc:date" => Field::Published,
            "updated" => Field::Updated,
            "itunes:duration" => Field::Duration,
            "content:encoded" => Field::ContentEncoded,
            "description" => Field::Description,
            "itunes:summary" => Field::ItunesSummary,
            "content" => Field::AtomContent,
            "summary" => Field::AtomSummary,
            "podcast:person" => Field::Person(role(e)),
            _ => return None,
        })
    }

    fn store(&mut self, capture: Capture) {
        match capture.field {
            Field::ChannelTitle => {
                let title = notes::clean_title(&html::to_text(&capture.text));
                if self.corpus.show.name.is_none() && !title.is_empty() {
                    self.corpus.show.name = Some(title);
                }
            }
            Field::ChannelPerson(role) => {
                let name = notes::clean_title(&capture.text);
                if role == Role::Host && !name.is_empty() && !self.corpus.show.hosts.contains(&name)
                {
                    self.corpus.show.hosts.push(name);
                }
            }
            Field::ChannelAuthor => {
                for name in credits::authors(&html::to_text(&capture.text)) {
                    if !self.corpus.show.hosts.contains(&name) {
                        self.corpus.show.hosts.push(name);
                    }
                }
            }
            field => {
                if let Some(item) = &mut self.item {
                    item.fields.push((field, capture.text, capture.line));
                }
            }
        }
    }

    fn finish_item(&mut self, item: Item) {
        let mut warnings = Vec::new();
        let episode = ItemReader {
            path: self.path,
            warnings: &mut warnings,
        }
        .episode(&item);
        self.corpus.warnings.extend(warnings);
        self.corpus.episodes.push(episode);
    }
}

/// Turns the fields of one item into an episode.
struct ItemReader<'a> {
    path: Option<&'a Path>,
    warnings: &'a mut Vec<Warning>,
}

impl ItemReader<'_> {
    fn warn(&mut self, line: usize, kind: WarningKind, message: String) {
        self.warnings
            .push(Warning::new(Source::new(self.path, line), kind, message));
    }

    fn episode(&mut self, item: &Item) -> Episode {
        let (number, title) = self.number_and_title(item);
        let notes = self.notes(item);
        let mut episode = Episode {
            show: None,
            number,
            slug: None,
            title,
            date: self.date(item),
            description: notes.description,
            description_links: notes.description_links,
            duration: self.duration(item),
            url: item
                .get(&Field::Link)
                .map(|(link, _)| link.trim().to_string())
                .or_else(|| item.page.clone()),
            audio: item.audio.clone(),
            links: notes.links,
            chapters: notes.chapters,
            transcript: None,
            people: people(item),
            source: Source::new(self.path, item.line),
        };
        add_credits_of_the_notes(&mut episode);
        if let Some((url, line)) = &item.chapters_url
            && let Some(chapters) = self.linked_chapters(url, *line)
        {
            episode.chapters = chapters.into();
            episode.assign_sections();
        }
        episode
    }

    /// `itunes:episode`, else a number in an `Episode 13: Title` title (which then loses that prefix).
    fn number_and_title(&mut self, item: &Item) -> (Option<u32>, Option<String>) {
        // `#22: Title` is read before cleaning, which takes a leading `#` for Markdown.
        let written = item
            .get(&Field::ItunesTitle)
            .or_else(|| item.get(&Field::Title))
            .map(|(t, _)| html::to_text(t));
        let title = written
            .as_deref()
            .map(notes::clean_title)
            .filter(|t| !t.is_empty());
        let number = item.get(&Field::Number).and_then(|(n, line)| {
            parse_number(n)
                .map_err(|problem| {
                    self.warn(
                        line,
                        WarningKind::Number,
                        bad_number_message("`itunes:episode`", n.trim(), problem),
                    );
                })
                .ok()
        });
        let heading = title
            .as_deref()
            .and_then(text::episode_heading)
            .and_then(|h| Some((h.number()?, h.title)))
            .or_else(|| {
                let (n, rest) = hash_number_prefix(written.as_deref()?)?;
                let rest = notes::clean_title(rest);
                Some((n, (!rest.is_empty()).then_some(rest)))
            });
        match heading {
            Some((n, heading_title)) if number.is_none_or(|m| m == n) => {
                (Some(n), heading_title.or(title))
            }
            _ => (number, title),
        }
    }

    fn date(&mut self, item: &Item) -> Option<String> {
        let (raw, line) = [Field::PubDate, Field::Published, Field::Updated]
            .iter()
            .find_map(|f| item.get(f))?;
        let date = normalize_date(raw);
        if date.is_none() {
            self.warn(
                line,
                WarningKind::Date,
                format!(
                    "date `{}` is not understood; write it as RFC 2822 (`Tue, 10 Sep 2024 07:00:00 +0000`) or \
                     `YYYY-MM-DD`",
                    raw.trim()
                ),
            );
        }
        date
    }

    fn duration(&mut self, item: &Item) -> Option<u32> {
        let (raw, line) = item.get(&Field::Duration)?;
        match parse_duration(raw) {
            Ok(seconds) => Some(seconds),
            Err(e) => {
                self.warn(
                    line,
                    WarningKind::Duration,
                    format!("`itunes:duration`: {e}; the duration is left out"),
                );
                None
            }
        }
    }

    /// The notes field that gives the most timed chapters (the richest first on a tie), read as plain-text
    /// notes; when none has a timed chapter, the richest field read as notes without times (its headings
    /// and bold lines are the chapters, and its links are kept).
    fn notes(&mut self, item: &Item) -> Notes {
        let mut best: Option<(Notes, Vec<Warning>)> = None;
        for (raw, line) in NOTES_FIELDS.iter().filter_map(|f| item.get(f)) {
            let mut warnings = Vec::new();
            let notes = notes::read_notes(&html::to_text(raw), self.path, line, &mut warnings);
            if best
                .as_ref()
                .is_none_or(|(b, _)| notes.chapters.len() > b.chapters.len())
            {
                best = Some((notes, warnings));
            }
        }
        let (notes, warnings) = best.unwrap_or_default();
        self.warnings.extend(warnings);
        if !notes.chapters.is_empty() {
            return notes;
        }
        let Some((richest, _)) = NOTES_FIELDS.iter().find_map(|f| item.get(f)) else {
            return notes;
        };
        let untimed = markdown::read_untimed(&html::to_markdown(richest), false);
        Notes {
            description: untimed.description,
            description_links: untimed.description_links,
            links: untimed.links,
            chapters: untimed.chapters,
        }
    }

    /// The chapters of a local `podcast:chapters` file; `None` (with a warning when it cannot be read) to keep
    /// the chapters of the notes.
    fn linked_chapters(&mut self, url: &str, line: usize) -> Option<Vec<Chapter>> {
        let path = match chapters_location(url, self.path) {
            ChaptersAt::Local(path) => path,
            ChaptersAt::Remote => return None,
            ChaptersAt::Unsupported => {
                self.warn(line, WarningKind::ChaptersFile, format!("`podcast:chapters` url `{url}` is not a file in the feed's folder nor http(s); it is ignored (castgraph reads no file outside the feed's folder)"));
                return None;
            }
        };
        let mut warnings = Vec::new();
        let read = read_chapters_file(&path, &mut warnings);
        self.warnings.extend(warnings);
        match read {
            Ok(chapters) => Some(chapters),
            Err(e) => {
                self.warn(line, WarningKind::ChaptersFile, format!("cannot use `podcast:chapters` `{url}`: {}; the chapters in the notes are kept", with_causes(&e)));
                None
            }
        }
    }
}

/// The character of a character reference (`#` left off: `233`, `xE9`), if XML allows it: what is wrong
/// otherwise.
fn char_ref(number: &str) -> Result<char, String> {
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    let valid_digits = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
    if !valid_digits {
        return Err("is not a number (write `&#233;` or `&#xE9;`)".to_string());
    }
    let code = u32::from_str_radix(digits, radix).unwrap_or(u32::MAX);
    let named = match code {
        0 => " (NUL)",
        0xD800..=0xDFFF => " (a surrogate)",
        0xFFFE | 0xFFFF => " (a noncharacter)",
        _ => "",
    };
    // XML 1.0's `Char`: tab, newline, carriage return, and U+0020 up, without surrogates, U+FFFE and U+FFFF.
    let allowed =
        matches!(code, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
    match char::from_u32(code).filter(|_| allowed) {
        Some(c) => Ok(c),
        None if code > 0x10FFFF => Err("is beyond U+10FFFF, the last character".to_string()),
        None => Err(format!(
            "names U+{code:04X}{named}, which XML does not allow"
        )),
    }
}

/// Add the people the notes name (guests, hosts) and the guests a title names (`... with X`) to those the
/// feed credits.
fn add_credits_of_the_notes(episode: &mut Episode) {
    let mut found = credits::credits_in_notes(&episode.description, &episode.chapters);
    // A name in the title is a guest only when the notes name them too (a product is seldom written the
    // same way twice: "with Device Simulator Express" in a title, "Device simulator express" in the notes).
    let notes_name = |name: &String| {
        episode.description.contains(name.as_str())
            || (0..episode.chapters.len()).any(|i| {
                episode
                    .chapters
                    .text(i)
                    .is_some_and(|t| t.contains(name.as_str()))
            })
    };
    let title_guests = episode.title.as_deref().map(credits::guests_in_title);
    let title_guests = title_guests.into_iter().flatten().filter(notes_name);
    found.extend(title_guests.map(|name| Credit {
        name,
        role: Role::Guest,
    }));
    for credit in found {
        if !episode.people.iter().any(|c| c.name == credit.name) {
            episode.people.push(credit);
        }
    }
}

/// A host is never a guest of the show: the guests found in the words lose anyone the feed names as host.
fn drop_hosts_from_guests(corpus: &mut Corpus) {
    let channel_hosts = corpus.show.hosts.clone();
    for episode in &mut corpus.episodes {
        let hosts: Vec<String> = episode
            .people
            .iter()
            .filter(|c| c.role == Role::Host)
            .map(|c| c.name.clone())
            .chain(channel_hosts.iter().cloned())
            .collect();
        episode
            .people
            .retain(|c| c.role != Role::Guest || !hosts.contains(&c.name));
    }
}

/// `#22: Title`, `#271 Title`: the number a title opens with, and the rest of the title.
fn hash_number_prefix(title: &str) -> Option<(u32, &str)> {
    let rest = title.trim_start().strip_prefix('#')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with([' ', ':', '.', '-', '\u{2013}', '\u{2014}'])) {
        return None;
    }
    let title = after
        .trim_start_matches([':', '.', '-', '\u{2013}', '\u{2014}'])
        .trim();
    Some((number, title))
}

fn people(item: &Item) -> Vec<Credit> {
    item.fields
        .iter()
        .filter_map(|(field, value, _)| match field {
            Field::Person(role) => Some(Credit {
                name: notes::clean_title(value),
                role: *role,
            }),
            _ => None,
        })
        .filter(|c| !c.name.is_empty())
        .collect()
}

/// The value of attribute `key`, unescaped where possible.
fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    let attr = e.attributes().flatten().find(|a| a.key.0 == key)?;
    Some(
        attr.normalized_value(XmlVersion::Implicit1_0)
            .map_or_else(|_| attr.value.to_string(), |v| v.into_owned()),
    )
}

/// A `podcast:person` role; an empty one is the Podcasting 2.0 default, `host`.
fn role(e: &BytesStart) -> Role {
    let written = attribute(e, "role");
    credit_role(written.as_deref().filter(|r| !r.trim().is_empty()))
}

/// quick-xml's own message, without the chain of causes that repeats it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct XmlSyntax(quick_xml::Error);

/// The end of the feed came with an element still open.
#[derive(Debug, thiserror::Error)]
#[error(
    "`<{name}>` opened at line {line} is never closed; close it or check that the file is whole"
)]
struct Unclosed {
    name: String,
    line: usize,
}

/// The deepest elements may nest: a feed nests a few levels (XHTML content a few dozen), and each open
/// element is held until it closes, so 3 million unclosed `<x>`s took 190 MB before they were refused.
const MAX_DEPTH: usize = 256;

#[derive(Debug, thiserror::Error)]
#[error(
    "elements nest more than {limit} deep; a feed nests a few levels: check that its elements are closed"
)]
struct TooDeep {
    limit: usize,
}

/// Where a `podcast:chapters` url points.
#[derive(Debug, PartialEq, Eq)]
enum ChaptersAt {
    Local(PathBuf),
    Remote,
    /// Another scheme, or a path that leaves the feed's folder.
    Unsupported,
}

/// Resolve a `podcast:chapters` url. Only a relative path inside the feed's own folder is read: a feed is
/// untrusted input and must not make castgraph read other files (`/etc/...`, `file://`, `../`).
fn chapters_location(url: &str, feed: Option<&Path>) -> ChaptersAt {
    use std::path::Component;
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return ChaptersAt::Remote;
    }
    let scheme = url.split_once(':').map(|(s, _)| s);
    if scheme.is_some_and(|s| s.len() > 1 && s.bytes().all(|b| b.is_ascii_alphabetic())) {
        return ChaptersAt::Unsupported;
    }
    let relative = Path::new(url);
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || url.is_empty() {
        return ChaptersAt::Unsupported;
    }
    let base = feed.and_then(Path::parent).unwrap_or(Path::new(""));
    ChaptersAt::Local(base.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(text: &str) -> Corpus {
        read(text, Some(Path::new("feed.xml"))).unwrap()
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>core.py</title>
  <image><title>not the show</title></image>
  <podcast:person role="host">Pablo Galindo Salgado</podcast:person>
  <podcast:person>Łukasz Langa</podcast:person>
  <item>
    <title>Ep 13: The JIT</title>
    <itunes:title>Brandt &amp; the JIT</itunes:title>
    <itunes:episode>13</itunes:episode>
    <pubDate>Tue, 10 Sep 2024 07:00:00 +0000</pubDate>
    <itunes:duration>1:30:00</itunes:duration>
    <podcast:person role="guest">Brandt Bucher</podcast:person>
    <description>short</description>
    <content:encoded><![CDATA[<p>We talk &amp; laugh.</p><p>00:00:00 INTRO<br>00:01:43 PART 1: INTERVIEW<br/>00:03:04 Beginnings</p>]]></content:encoded>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss_item_gives_number_title_date_duration_people_and_chapters() {
        let corpus = feed(RSS);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        assert_eq!(corpus.show.name.as_deref(), Some("core.py"));
        assert_eq!(
            corpus.show.hosts,
            vec!["Pablo Galindo Salgado", "Łukasz Langa"]
        );
        let episode = &corpus.episodes[0];
        assert_eq!(episode.number, Some(13));
        assert_eq!(episode.title.as_deref(), Some("Brandt & the JIT"));
        assert_eq!(episode.date.as_deref(), Some("2024-09-10"));
        assert_eq!(episode.duration, Some(5400));
        assert_eq!(episode.description, "We talk & laugh.");
        assert_eq!(
            episode.people,
            vec![Credit {
                name: "Brandt Bucher".into(),
                role: Role::Guest
            }]
        );
        let chapters: Vec<_> = episode
            .chapters
            .iter()
            .map(|c| (c.seconds.unwrap_or(u32::MAX), c.title))
            .collect();
        assert_eq!(
            chapters,
            vec![
                (0, "INTRO"),
                (103, "PART 1: INTERVIEW"),
                (184, "Beginnings")
            ]
        );
        assert_eq!(
            episode.chapters.get(2).unwrap().section,
            Some("PART 1: INTERVIEW")
        );
        assert_eq!(episode.source.line, 9);
    }

    #[test]
    fn atom_entries_with_escaped_and_xhtml_content() {
        let corpus = feed(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Show</title>
<entry><title>Episode 2: GIL</title><published>2023-10-12T08:00:00Z</published>
<content type="html">&lt;p&gt;Desc&lt;/p&gt;&lt;p&gt;(00:00:00) Intro (00:00:50) Next&lt;/p&gt;</content></entry>
<entry><title>Three</title><updated>2023-11-01</updated><itunes:episode>3</itunes:episode>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>D</p><p>00:00 Intro</p><p>01:00 More</p></div></content></entry>
</feed>"#,
        );
        assert_eq!(corpus.show.name.as_deref(), Some("Show"));
        let got: Vec<_> = corpus
            .episodes
            .iter()
            .map(|e| (e.number, e.title.clone(), e.date.clone(), e.chapters.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(2), Some("GIL".into()), Some("2023-10-12".into()), 2),
                (Some(3), Some("Three".into()), Some("2023-11-01".into()), 2)
            ]
        );
    }

    #[test]
    fn malformed_xml_names_line_and_column() {
        let err = read(
            "<rss>\n<channel>\n  <item></channel>\n</rss>",
            Some(Path::new("bad.xml")),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::Malformed {
                    line: 3,
                    format: "XML",
                    ..
                }
            ),
            "{err}"
        );
        let err = read("<rss>\n<channel>\n<item>", Some(Path::new("cut.xml"))).unwrap_err();
        let detail = std::error::Error::source(&err).map(ToString::to_string);
        assert!(
            detail.is_some_and(|d| d.contains("`<item>` opened at line 3 is never closed")),
            "{err}"
        );
    }

    #[test]
    fn elements_nested_past_the_depth_limit_are_refused_where_they_go_too_deep() {
        // Each open element is held until it closes: nesting is refused at the limit, not after reading
        // millions of unclosed elements.
        let nested = |depth: usize| {
            let head = "<rss><channel><item><title>T</title><description>x</description>";
            let open = "<x>".repeat(depth - 3);
            let close = "</x>".repeat(depth - 3);
            format!("{head}{open}{close}</item></channel></rss>")
        };
        assert_eq!(feed(&nested(MAX_DEPTH)).episodes.len(), 1);
        let too_deep = format!("{}\n{}", nested(MAX_DEPTH + 1), "<x>".repeat(1_000_000));
        let err = read(&too_deep, Some(Path::new("deep.xml"))).unwrap_err();
        let detail = std::error::Error::source(&err).map(ToString::to_string);
        assert!(
            detail.is_some_and(|d| d.contains("elements nest more than 256 deep")),
            "{err}"
        );
        let IngestError::Malformed { line, column, .. } = err else {
            panic!("{err}");
        };
        let at = too_deep.rfind("<x></x>").unwrap();
        assert_eq!(
            (line, column),
            (1, too_deep[..at].rfind("<x>").unwrap() + 1 + 3)
        );
    }

    #[test]
    fn doctype_entities_are_never_expanded() {
        let corpus = feed(
            r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><title>T &lol2;</title><description>Desc &nbsp;x
00:00 Intro</description></item></channel></rss>"#,
        );
        let episode = &corpus.episodes[0];
        assert_eq!(episode.title.as_deref(), Some("T &lol2;"));
        assert_eq!(episode.chapters.len(), 1);
        assert!(
            corpus
                .warnings
                .iter()
                .any(|w| w.message.contains("DOCTYPE declares entities"))
        );
        assert!(
            corpus
                .warnings
                .iter()
                .any(|w| w.message.contains("`&lol2;`") && w.source.line == 3)
        );
        assert!(!corpus.warnings.iter().any(|w| w.message.contains("nbsp")));
    }

    #[test]
    fn remote_chapters_are_ignored_silently_and_missing_local_ones_warn() {
        let item = |url: &str| {
            format!(
                "<rss><channel><item><title>T</title><podcast:chapters url=\"{url}\" type=\"application/json+chapters\"/>\
                 <description>D\n00:00 Intro</description></item></channel></rss>"
            )
        };
        let remote = feed(&item("https://example.com/c.json"));
        assert!(remote.warnings.is_empty());
        assert_eq!(remote.episodes[0].chapters.len(), 1);
        let missing = feed(&item("no-such-chapters.json"));
        assert_eq!(missing.episodes[0].chapters.len(), 1);
        assert!(
            missing.warnings[0]
                .message
                .contains("cannot use `podcast:chapters` `no-such-chapters.json`")
        );
    }

    #[test]
    fn chapters_urls_resolve_against_the_feed() {
        let feed = Some(Path::new("/feeds/show.xml"));
        assert_eq!(
            chapters_location("c/1.json", feed),
            ChaptersAt::Local("/feeds/c/1.json".into())
        );
        for outside in [
            "file:///tmp/1.json",
            "/etc/passwd",
            "../secret.json",
            "c/../../x.json",
            "",
        ] {
            assert_eq!(
                chapters_location(outside, feed),
                ChaptersAt::Unsupported,
                "{outside}"
            );
        }
        assert_eq!(
            chapters_location("HTTPS://x/1.json", feed),
            ChaptersAt::Remote
        );
        assert_eq!(
            chapters_location("ftp://x/1.json", feed),
            ChaptersAt::Unsupported
        );
    }
}
