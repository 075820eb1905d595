//! An episode's chapters, stored compactly.
//!
//! Archives hold millions of chapters, so a chapter is not an owned struct with its own allocations: an
//! episode keeps every chapter title in one string and 12 bytes of metadata per chapter (start, where the
//! title ends, the kind and the index of the enclosing section heading). [`Chapter`] is the owned form readers
//! build and push; [`ChapterRef`] is the borrowed view that iteration and indexing give. Both serialize to
//! the same JSON object.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::chapters::{Chapter, ChapterKind, Link};
use super::time::Timestamp;

/// No enclosing section; also the largest section index a slot holds (an episode of a billion chapters
/// loses its sections beyond that).
const NO_SECTION: u32 = (1 << 30) - 1;

/// The start of a chapter that has no time (an untimed heading of show notes).
const NO_TIME: u32 = u32::MAX;

/// Twelve bytes per chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    /// Start in seconds, or [`NO_TIME`].
    seconds: u32,
    /// End of the title in `titles`; it starts where the previous title ends.
    title_end: u32,
    /// The kind in the top two bits; below, the index of the section heading this chapter sits in, or
    /// [`NO_SECTION`].
    kind_and_section: u32,
}

impl Slot {
    fn new(
        seconds: Option<u32>,
        title_end: usize,
        kind: ChapterKind,
        section: Option<usize>,
    ) -> Self {
        // A start of u32::MAX seconds (136 years) is kept as one second less.
        let seconds = seconds.map_or(NO_TIME, |s| s.min(NO_TIME - 1));
        let kind_bits = match kind {
            ChapterKind::Intro => 0,
            ChapterKind::Outro => 1,
            ChapterKind::Section => 2,
            ChapterKind::Chapter => 3,
        };
        let section = section.map_or(NO_SECTION, |i| (i as u32).min(NO_SECTION));
        Slot {
            seconds,
            title_end: u32::try_from(title_end).unwrap_or(u32::MAX),
            kind_and_section: kind_bits << 30 | section,
        }
    }

    fn seconds(self) -> Option<u32> {
        (self.seconds != NO_TIME).then_some(self.seconds)
    }

    fn kind(self) -> ChapterKind {
        match self.kind_and_section >> 30 {
            0 => ChapterKind::Intro,
            1 => ChapterKind::Outro,
            2 => ChapterKind::Section,
            _ => ChapterKind::Chapter,
        }
    }

    fn section(self) -> Option<usize> {
        let section = self.kind_and_section & NO_SECTION;
        (section != NO_SECTION).then_some(section as usize)
    }

    fn set_section(&mut self, section: Option<usize>) {
        *self = Slot::new(
            self.seconds(),
            self.title_end as usize,
            self.kind(),
            section,
        );
    }
}

/// The chapters of an episode, in the order written.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Chapters {
    titles: String,
    slots: Vec<Slot>,
    /// Sections that name no chapter of the episode, by chapter index (only JSON input gives them).
    other_sections: Vec<(usize, Box<str>)>,
    /// The words under untimed headings, by chapter index, in order (show notes without times).
    texts: Vec<(usize, Box<str>)>,
    /// The links of titles and texts, by chapter index, in order (Markdown notes).
    links: Vec<(usize, Box<[Link]>)>,
}

/// One chapter, borrowed from [`Chapters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChapterRef<'a> {
    /// Start time, written `HH:MM:SS`; `None` for a heading without a time.
    pub start: Option<Timestamp>,
    /// Start time in seconds from the start of the episode; `None` for a heading without a time.
    pub seconds: Option<u32>,
    /// The title as written, whitespace collapsed, markup and trailing link lists removed.
    pub title: &'a str,
    pub kind: ChapterKind,
    /// Title of the enclosing section (`PART 2: PR OF THE WEEK`), if any.
    pub section: Option<&'a str>,
    /// The words under an untimed heading, which count for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// The links of the title and the text (Markdown notes); not serialized.
    #[serde(skip)]
    pub links: &'a [Link],
}

impl ChapterRef<'_> {
    pub fn to_chapter(&self) -> Chapter {
        Chapter {
            start: self.start,
            seconds: self.seconds,
            title: self.title.to_string(),
            kind: self.kind,
            section: self.section.map(Into::into),
            text: self.text.map(str::to_string),
            links: self.links.to_vec(),
        }
    }
}

impl Chapters {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Append a chapter. Its section is kept as a reference to the nearest earlier chapter with that
    /// title, or as text of its own when it names none (JSON input may give any section).
    pub fn push(&mut self, chapter: Chapter) {
        let section = chapter
            .section
            .as_deref()
            .and_then(|s| self.heading_named(s));
        if let (None, Some(text)) = (section, chapter.section.as_deref()) {
            self.other_sections.push((self.len(), text.into()));
        }
        if let Some(text) = chapter.text.filter(|t| !t.is_empty()) {
            self.texts.push((self.len(), text.into()));
        }
        if !chapter.links.is_empty() {
            self.links.push((self.len(), chapter.links.into()));
        }
        self.titles.push_str(&chapter.title);
        let slot = Slot::new(chapter.seconds, self.titles.len(), chapter.kind, section);
        self.slots.push(slot);
    }

    /// Append a chapter by its start and title, its kind classified from the title, in no section yet
    /// (see [`Chapters::assign_sections`]). The title is copied straight into the episode's text.
    pub fn push_title(&mut self, seconds: u32, title: &str) {
        self.titles.push_str(title);
        let slot = Slot::new(
            Some(seconds),
            self.titles.len(),
            ChapterKind::classify(title),
            None,
        );
        self.slots.push(slot);
    }

    /// The nearest earlier chapter titled `section`: the previous chapter's section or the previous chapter
    /// itself first, which is where it is in a run of chapters (a search back for each would be quadratic).
    fn heading_named(&self, section: &str) -> Option<usize> {
        let previous = self.len().checked_sub(1)?;
        let candidates = [self.slots[previous].section(), Some(previous)];
        candidates
            .into_iter()
            .flatten()
            .find(|&i| self.title(i) == section)
            .or_else(|| (0..self.len()).rev().find(|&i| self.title(i) == section))
    }

    /// Give every chapter its kind, read from its title, and then its section (see
    /// [`Chapters::assign_sections`]).
    pub fn classify_and_assign_sections(&mut self) {
        for i in 0..self.slots.len() {
            let kind = ChapterKind::classify(self.title(i));
            let slot = self.slots[i];
            self.slots[i] = Slot::new(slot.seconds(), slot.title_end as usize, kind, None);
        }
        self.assign_sections();
    }

    /// Give every chapter the section it sits in: the nearest section heading before it. Intros and
    /// outros close the current section.
    pub fn assign_sections(&mut self) {
        self.other_sections.clear();
        let mut current = None;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            match slot.kind() {
                ChapterKind::Section => {
                    slot.set_section(None);
                    current = Some(i);
                }
                ChapterKind::Intro | ChapterKind::Outro => {
                    slot.set_section(None);
                    current = None;
                }
                ChapterKind::Chapter => slot.set_section(current),
            }
        }
    }

    /// Remove every chapter, keeping the room they took.
    pub(super) fn clear(&mut self) {
        self.titles.clear();
        self.slots.clear();
        self.other_sections.clear();
        self.texts.clear();
        self.links.clear();
    }

    pub fn get(&self, index: usize) -> Option<ChapterRef<'_>> {
        let slot = *self.slots.get(index)?;
        Some(ChapterRef {
            start: slot.seconds().map(Timestamp),
            seconds: slot.seconds(),
            title: self.title(index),
            kind: slot.kind(),
            section: slot
                .section()
                .map(|i| self.title(i))
                .or_else(|| self.other_section(index)),
            text: self.text(index),
            links: self.links(index),
        })
    }

    pub fn first(&self) -> Option<ChapterRef<'_>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<ChapterRef<'_>> {
        self.get(self.len().checked_sub(1)?)
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            chapters: self,
            indexes: 0..self.len(),
        }
    }

    /// The chapters as owned values.
    pub fn to_vec(&self) -> Vec<Chapter> {
        self.iter().map(|c| c.to_chapter()).collect()
    }

    /// Start of chapter `index` in seconds (`None` past the end or for a heading without a time).
    pub fn seconds(&self, index: usize) -> Option<u32> {
        self.slots.get(index).and_then(|s| s.seconds())
    }

    /// Whether any chapter has a time.
    pub fn any_timed(&self) -> bool {
        self.slots.iter().any(|s| s.seconds().is_some())
    }

    /// The words under chapter `index`'s heading, where the notes have some.
    pub fn text(&self, index: usize) -> Option<&str> {
        let found = self.texts.binary_search_by_key(&index, |(i, _)| *i);
        found.ok().map(|k| &*self.texts[k].1)
    }

    /// The links of chapter `index`'s title and text, where the notes have some.
    pub fn links(&self, index: usize) -> &[Link] {
        let found = self.links.binary_search_by_key(&index, |(i, _)| *i);
        found.map_or(&[], |k| &self.links[k].1)
    }

    /// Give chapter `index` the words under its heading (replacing any, and the links of the words it
    /// had). Chapters take their words in order: a chapter before the last one given words cannot be
    /// given any.
    pub fn set_text(&mut self, index: usize, text: &str) {
        let len = self.len();
        match self.texts.last_mut() {
            Some((last, words)) if *last == index => {
                *words = text.into();
                self.drop_text_links(index);
            }
            Some((last, _)) if *last > index => {}
            _ if index < len && !text.is_empty() => self.texts.push((index, text.into())),
            _ => {}
        }
    }

    /// Forget the links of chapter `index`'s text (its title's stay): its words were replaced.
    fn drop_text_links(&mut self, index: usize) {
        if let Ok(k) = self.links.binary_search_by_key(&index, |(i, _)| *i) {
            let kept: Vec<Link> = self.links[k]
                .1
                .iter()
                .filter(|l| l.in_title)
                .cloned()
                .collect();
            self.links[k].1 = kept.into();
        }
    }

    /// Every title, one after another: the text evidence in chapters points into.
    pub fn titles(&self) -> &str {
        &self.titles
    }

    /// Start of chapter `index` in seconds and its title: what evidence shows of a chapter, without
    /// looking up its section.
    pub fn seconds_and_title(&self, index: usize) -> Option<(Option<u32>, &str)> {
        let slot = self.slots.get(index)?;
        Some((slot.seconds(), self.title(index)))
    }

    fn other_section(&self, index: usize) -> Option<&str> {
        let found = self
            .other_sections
            .binary_search_by_key(&index, |(i, _)| *i);
        found.ok().map(|k| &*self.other_sections[k].1)
    }

    fn title(&self, index: usize) -> &str {
        let start = match index {
            0 => 0,
            _ => self.slots[index - 1].title_end as usize,
        };
        self.titles
            .get(start..self.slots[index].title_end as usize)
            .unwrap_or_default()
    }
}

/// The chapters of an episode, in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    chapters: &'a Chapters,
    indexes: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = ChapterRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.chapters.get(self.indexes.next()?)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indexes.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.chapters.get(self.indexes.next_back()?)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Chapters {
    type Item = ChapterRef<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl From<Vec<Chapter>> for Chapters {
    fn from(chapters: Vec<Chapter>) -> Self {
        chapters.into_iter().collect()
    }
}

impl FromIterator<Chapter> for Chapters {
    fn from_iter<I: IntoIterator<Item = Chapter>>(iter: I) -> Self {
        let mut chapters = Chapters::new();
        for chapter in iter {
            chapters.push(chapter);
        }
        chapters
    }
}

impl fmt::Debug for Chapters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Chapters {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Chapters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Chapter>::deserialize(deserializer).map(Chapters::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chapters {
        let mut chapters = vec![
            Chapter::new(0, "INTRO"),
            Chapter::new(60, "PART 1: THE GIL"),
            Chapter::new(90, "PEP 703"),
            Chapter::new(120, "OUTRO"),
        ];
        super::super::chapters::assign_sections(&mut chapters);
        chapters.into()
    }

    #[test]
    fn titles_sections_and_kinds_survive_compaction() {
        let chapters = sample();
        assert_eq!(chapters.len(), 4);
        let third = chapters.get(2).unwrap();
        assert_eq!(third.title, "PEP 703");
        assert_eq!(third.section, Some("PART 1: THE GIL"));
        assert_eq!(third.start, Some(Timestamp(90)));
        assert_eq!(chapters.get(1).unwrap().kind, ChapterKind::Section);
        assert_eq!(chapters.last().unwrap().title, "OUTRO");
        assert!(chapters.get(4).is_none());
    }

    #[test]
    fn serializes_like_the_owned_chapters() {
        let chapters = sample();
        assert_eq!(
            serde_json::to_value(&chapters).unwrap(),
            serde_json::to_value(chapters.to_vec()).unwrap()
        );
        let back: Chapters =
            serde_json::from_str(&serde_json::to_string(&chapters).unwrap()).unwrap();
        assert_eq!(back, chapters);
    }

    #[test]
    fn pushing_titles_then_assigning_sections_matches_the_owned_path() {
        let mut direct = Chapters::new();
        for (seconds, title) in [
            (0, "INTRO"),
            (60, "PART 1: THE GIL"),
            (90, "PEP 703"),
            (120, "OUTRO"),
        ] {
            direct.push_title(seconds, title);
        }
        direct.assign_sections();
        assert_eq!(direct, sample());
    }

    #[test]
    fn a_chapter_costs_twelve_bytes_beside_its_title() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
        for kind in [
            ChapterKind::Intro,
            ChapterKind::Outro,
            ChapterKind::Section,
            ChapterKind::Chapter,
        ] {
            for section in [None, Some(0), Some(NO_SECTION as usize - 1)] {
                let slot = Slot::new(Some(7), 3, kind, section);
                assert_eq!((slot.kind(), slot.section()), (kind, section));
            }
        }
    }

    #[test]
    fn a_section_that_names_no_chapter_is_kept() {
        let mut chapter = Chapter::new(60, "Jane Doe");
        chapter.section = Some("Interviews".into());
        let chapters: Chapters =
            vec![Chapter::new(0, "INTRO"), chapter, Chapter::new(90, "x")].into();
        assert_eq!(chapters.get(1).unwrap().section, Some("Interviews"));
        assert_eq!(chapters.get(2).unwrap().section, None);
        assert_eq!(chapters.to_vec()[1].section.as_deref(), Some("Interviews"));
    }

    #[test]
    fn a_long_section_is_found_without_searching_back_each_time() {
        let mut owned = vec![Chapter::new(0, "PART 1: THE GIL")];
        owned.extend((1..100_000).map(|s| Chapter::new(s, "a chapter")));
        super::super::chapters::assign_sections(&mut owned);
        let started = std::time::Instant::now();
        let chapters: Chapters = owned.into();
        assert_eq!(chapters.last().unwrap().section, Some("PART 1: THE GIL"));
        // Quadratic, this took seconds; linear, milliseconds (a debug build, a busy machine: generous).
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn empty_titles_keep_their_place() {
        let chapters: Chapters = vec![Chapter::new(0, ""), Chapter::new(5, "b")].into();
        assert_eq!(chapters.get(0).unwrap().title, "");
        assert_eq!(chapters.get(1).unwrap().title, "b");
    }
}
