//! Plain-text and Markdown show notes.
//!
//! Three layouts are read: one episode per line with an inline chapter list (the bundled corpus:
//! `... # Timestamps (00:00:00) INTRO (00:01:26) PART 1: ...`), files split by episode headings
//! (`# Episode 25: Title`, `## Episode 13`, `## 13. Title`), and blocks separated by blank lines. Inside an
//! episode, the shared show-notes parser (`notes`) finds the chapters.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::credits;
use super::error::IngestError;
use super::file_name::FileName;
use super::markdown;
use super::model::{Corpus, Episode, Source, Warning, WarningKind};
use super::notes::{
    CHAPTER_LINE, NotesReader, Scratch, clean_title, inline_stamps, is_blank, is_chapter_line,
    is_links_block,
};
use super::numbering::{BadNumber, bad_number_message, parse_number};

/// `# Episode 25: Title`, `## Episode 13`, `Episode 7 - Title`, `## 13. Title`.
static EPISODE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:#{1,6}\s*(?:episode|ep\.?)\s*#?(-?[0-9]+)|(?:episode|ep\.?)\s*#?(-?[0-9]+)(?:\s*[:.\-\u{2013}\u{2014}]|\s*$)|#{1,6}\s*(-?[0-9]+)\.)\s*[:.\-\u{2013}\u{2014}]?\s*(.*?)\s*$",
    )
    .unwrap()
});

/// Whether the text has Markdown or text episode headings.
pub(super) fn has_episode_headings(text: &str) -> bool {
    super::lines::lines(text)
        .take(HEADING_LINES)
        .any(is_episode_heading)
}

/// How many lines [`has_episode_headings`] looks at.
pub(super) const HEADING_LINES: usize = 10_000;

/// Whether a line is an episode heading.
pub(super) fn is_episode_heading(line: &str) -> bool {
    may_be_heading(line) && EPISODE_HEADING.is_match(line)
}

/// Whether a line can be an episode heading: after its leading whitespace, a `#` or the `e` of "episode"
/// or "ep". The heading regex on every line of a transcript (timestamps and words) was 4% of building a
/// folder of them; this test rejects those lines without it.
fn may_be_heading(line: &str) -> bool {
    super::lines::trim_start(line).starts_with(['#', 'e', 'E'])
}

/// An episode heading: its number as written and parsed, and its title.
#[derive(Debug, Default)]
pub(super) struct Heading<'a> {
    pub(super) written: &'a str,
    pub(super) number: Option<Result<u32, BadNumber>>,
    pub(super) title: Option<String>,
}

impl Heading<'_> {
    /// The number, when it can be used.
    pub(super) fn number(&self) -> Option<u32> {
        self.number.and_then(Result::ok)
    }

    /// The warning for a number that cannot be used (negative, too large), if any.
    pub(super) fn bad_number(&self, field: &str) -> Option<String> {
        let problem = self.number?.err()?;
        Some(bad_number_message(field, self.written, problem))
    }
}

/// The number and title of an episode heading (`# Episode 25: Title`, `Episode 7 - Title`, `## 13. Title`).
/// A negative number or one of 2^32 or more still makes a heading, with a number that cannot be used.
pub(super) fn episode_heading(line: &str) -> Option<Heading<'_>> {
    let caps = EPISODE_HEADING.captures(line)?;
    let number = [1, 2, 3].iter().find_map(|&g| caps.get(g));
    let mut written = number.map_or("", |m| m.as_str());
    // `Episode-3` is episode 3, its hyphen a separator; `Episode -3` is a negative number.
    if let Some(digits) = written.strip_prefix('-')
        && number
            .is_some_and(|m| line[..m.start()].ends_with(|c: char| c.is_alphabetic() || c == '.'))
    {
        written = digits;
    }
    let title = caps
        .get(4)
        .map(|m| clean_title(m.as_str()))
        .filter(|t| !t.is_empty());
    Some(Heading {
        written,
        number: (!written.is_empty()).then(|| parse_number(written)),
        title,
    })
}

/// Read plain-text or Markdown show notes.
pub(super) fn read(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut corpus = Corpus::default();
    corpus.episodes = if has_episode_headings(text) {
        by_headings(&mut NotesReader::new(path, &mut corpus.warnings), &lines)
    } else if is_one_episode_per_line(&lines) {
        by_lines(path, &mut corpus.warnings, &lines)
    } else if !lines.iter().any(|(_, l)| is_timed_line(l)) {
        untimed_episode(text, path).into_iter().collect()
    } else {
        by_blocks(&mut NotesReader::new(path, &mut corpus.warnings), &lines)
    };
    Ok(corpus)
}

/// A line with a timestamp of the episode itself: a chapter line, but not a link whose text is a time
/// (those point into a video, and the Markdown reader places them).
fn is_timed_line(line: &str) -> bool {
    is_chapter_line(line) && !markdown::is_timestamp_link_line(line)
}

/// A file of one episode whose notes have headings but no times (Python Bytes' Markdown): its number from
/// the number heading (`# #484: Title`, `# Python Bytes 35`) or the file name (`484-all-our-tools.md`), its
/// show from the words before the number. `None` when the notes have no heading at all.
fn untimed_episode(text: &str, path: Option<&Path>) -> Option<Episode> {
    let notes = markdown::read_untimed(text, true);
    if notes.chapters.is_empty() && notes.heading.is_none() {
        return None;
    }
    let heading = notes.heading.unwrap_or_default();
    let people = credits::credits_in_notes(&notes.description, &notes.chapters);
    Some(Episode {
        show: heading.show,
        number: heading.number.or_else(|| FileName::of(path).number),
        title: heading.title,
        description: notes.description,
        description_links: notes.description_links,
        links: notes.links,
        chapters: notes.chapters,
        people,
        source: Source::new(path, 1),
        ..Episode::placeholder()
    })
}

/// One block of a large file that holds one episode per line, its first line numbered `first_line`: the
/// episodes of its lines, or `None` when a line is not an episode line (the file has another layout, and is
/// read whole). A block of blank lines has no episodes.
pub(super) fn read_block_of_lines(
    block: &str,
    first_line: usize,
    path: Option<&Path>,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<Episode>> {
    let lines: Vec<(usize, &str)> = block
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i, l))
        .collect();
    if !every_line_blank_or_episode(&lines) {
        return None;
    }
    Some(by_lines(path, warnings, &lines))
}

/// Some line has text, and every non-empty line carries an inline chapter list after some text.
fn is_one_episode_per_line(lines: &[(usize, &str)]) -> bool {
    lines.iter().any(|(_, l)| !is_blank(l)) && every_line_blank_or_episode(lines)
}

fn every_line_blank_or_episode(lines: &[(usize, &str)]) -> bool {
    use rayon::prelude::*;
    let fits =
        |l: &str| is_blank(l) || (!CHAPTER_LINE.is_match(l) && inline_stamps(l).nth(1).is_some());
    // Large files are checked on every core, as they are then read.
    if lines.len() < 256 {
        lines.iter().all(|(_, l)| fits(l))
    } else {
        lines.par_iter().all(|(_, l)| fits(l))
    }
}

/// One episode per line: the lines are independent, so large files are read on every core.
fn by_lines(
    path: Option<&Path>,
    all_warnings: &mut Vec<Warning>,
    lines: &[(usize, &str)],
) -> Vec<Episode> {
    use rayon::prelude::*;
    // Each task keeps one scratch for all its lines.
    let read_line = |scratch: &mut Scratch, &(number, line): &(usize, &str)| {
        let mut warnings = Vec::new();
        let mut reader = NotesReader::with_scratch(path, &mut warnings, std::mem::take(scratch));
        let episode = episode(&mut reader, &[(number, line)], None, None);
        *scratch = reader.into_scratch();
        (episode, warnings)
    };
    let non_empty = |(_, l): &&(usize, &str)| !is_blank(l);
    // Starting the thread pool costs more than reading a small file.
    // The episodes go straight into their own vector, not through one of pairs.
    let (episodes, warnings): (Vec<Episode>, Vec<Vec<Warning>>) = if lines.len() < 256 {
        let mut scratch = Scratch::default();
        lines
            .iter()
            .filter(non_empty)
            .map(|line| read_line(&mut scratch, line))
            .unzip()
    } else {
        lines
            .par_iter()
            .filter(non_empty)
            .map_init(Scratch::default, read_line)
            .unzip()
    };
    all_warnings.extend(warnings.into_iter().flatten());
    episodes
}

fn by_headings(reader: &mut NotesReader, lines: &[(usize, &str)]) -> Vec<Episode> {
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| EPISODE_HEADING.is_match(lines[i].1))
        .collect();
    let mut episodes = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let heading = episode_heading(lines[start].1).unwrap_or_default();
        if let Some(message) = heading.bad_number("the episode number") {
            reader.warn(lines[start].0, WarningKind::Number, message);
        }
        let number = heading.number();
        let body = &lines[start + 1..end];
        let mut episode = episode(reader, body, number, heading.title);
        episode.source = Source::new(reader.path(), lines[start].0);
        episodes.push(episode);
    }
    episodes
}

/// Blocks separated by blank lines; text blocks before a chapter block belong to its episode, and a
/// links block after it too.
fn by_blocks(reader: &mut NotesReader, lines: &[(usize, &str)]) -> Vec<Episode> {
    let mut episodes = Vec::new();
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let mut pending_has_chapters = false;
    for block in lines.split(|(_, l)| is_blank(l)).filter(|b| !b.is_empty()) {
        let has_chapters = block.iter().any(|(_, l)| is_chapter_line(l));
        let starts_with_text = !is_chapter_line(block[0].1) && !is_links_block(block);
        if pending_has_chapters && starts_with_text {
            episodes.push(episode(reader, &pending, None, None));
            pending.clear();
            pending_has_chapters = false;
        }
        pending.extend_from_slice(block);
        pending_has_chapters |= has_chapters;
    }
    if pending_has_chapters {
        episodes.push(episode(reader, &pending, None, None));
    }
    episodes
}

/// Read one episode from its lines.
fn episode(
    reader: &mut NotesReader,
    lines: &[(usize, &str)],
    number: Option<u32>,
    title: Option<String>,
) -> Episode {
    let first_line = lines.first().map_or(0, |(n, _)| *n);
    let notes = reader.notes(lines);
    Episode {
        number,
        title,
        description: notes.description,
        links: notes.links,
        chapters: notes.chapters,
        source: Source::new(reader.path(), first_line),
        ..Episode::placeholder()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test before the heading regex never turns a heading away.
    #[test]
    fn every_line_the_heading_regex_matches_passes_the_quick_test() {
        let lines = [
            "# Episode 25: Title",
            "  ## 13. Title",
            "\u{2003}Episode 7 - Title",
            "EP. 3: x",
            "ep 4",
            "\tepisode #5",
            "00:00:01 Episode 3 was great",
            "Our episode 3: x",
            "",
            "#",
        ];
        for line in lines {
            if EPISODE_HEADING.is_match(line) {
                assert!(may_be_heading(line), "{line:?}");
            }
        }
        assert!(!may_be_heading("00:00:01 Episode 3: x") && !may_be_heading("Our episode 3: x"));
        assert!(EPISODE_HEADING.is_match("\u{2003}Episode 7 - Title"));
    }

    fn read_text(text: &str) -> Corpus {
        read(text, Some(Path::new("notes.txt"))).unwrap()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn titles(episode: &Episode) -> Vec<(String, String)> {
        episode
            .chapters
            .iter()
            .map(|c| (c.start.unwrap_or_default().to_string(), c.title.to_string()))
            .collect()
    }

    #[test]
    fn seed_line_with_glued_heading() {
        let corpus = read_text(
            "Cake!## Timestamps(00:00:00) INTRO(00:02:05) PART 1: THE CAKE IS NOT A LIE(00:04:09) Interview with X\n\
             Other. Timestamps (00:00:00) Intro (00:00:50) CURRENT STATE (00:00:58) Reference counting\n",
        );
        assert_eq!(corpus.episodes.len(), 2);
        let first = &corpus.episodes[0];
        assert_eq!(first.description, "Cake!");
        assert_eq!(
            titles(first)[1..2],
            owned(&[("00:02:05", "PART 1: THE CAKE IS NOT A LIE")])
        );
        assert_eq!(
            first.chapters.get(2).unwrap().section,
            Some("PART 1: THE CAKE IS NOT A LIE")
        );
        assert_eq!(corpus.episodes[1].description, "Other.");
    }

    #[test]
    fn trailing_links_section_is_not_part_of_a_chapter_title() {
        let corpus = read_text(
            "Desc # Timestamps (00:00:00) INTRO (01:29:54) OUTRO # Links https://compilercrim.es/rust-np/\n",
        );
        let episode = &corpus.episodes[0];
        assert_eq!(episode.chapters.get(1).unwrap().title, "OUTRO");
        assert_eq!(episode.links, vec!["https://compilercrim.es/rust-np/"]);
    }

    #[test]
    fn line_start_chapters_in_every_form() {
        let corpus = read_text(
            "An episode about things.\n\n\
             00:00 Intro\n\
             1:02:03 Late chapter\n\
             [01:03:00] Bracketed\n\
             01:04:00 - Dashed\n\
             01:05:00 \u{2013} En dash\n\
             01:06:00 \u{2014} Em dash\n\
             - (01:07:00) Bullet paren\n\
             * 01:08:00 Bullet bare\n\
             - [01:09:00] Bullet bracket\n",
        );
        assert_eq!(corpus.episodes.len(), 1, "{:?}", corpus.warnings);
        let episode = &corpus.episodes[0];
        assert_eq!(episode.description, "An episode about things.");
        assert_eq!(
            titles(episode),
            owned(&[
                ("00:00:00", "Intro"),
                ("01:02:03", "Late chapter"),
                ("01:03:00", "Bracketed"),
                ("01:04:00", "Dashed"),
                ("01:05:00", "En dash"),
                ("01:06:00", "Em dash"),
                ("01:07:00", "Bullet paren"),
                ("01:08:00", "Bullet bare"),
                ("01:09:00", "Bullet bracket"),
            ])
        );
    }

    #[test]
    fn blank_line_blocks_are_episodes() {
        let corpus = read_text(
            "First episode.\n\n00:00 Intro\n05:00 Topic\n\nSecond episode.\n00:00 Intro\n",
        );
        assert_eq!(corpus.episodes.len(), 2);
        assert_eq!(corpus.episodes[0].description, "First episode.");
        assert_eq!(corpus.episodes[1].description, "Second episode.");
    }

    #[test]
    fn episode_headings_set_number_and_title() {
        let corpus = read_text(
            "# My show\n\n# Episode 25: A Python That Never Was\nDesc.\n00:00 Intro\n\n## Episode 13\n00:00 Hi\n\n## 12. Twelve\n00:00 Yo\n",
        );
        let got: Vec<_> = corpus
            .episodes
            .iter()
            .map(|e| (e.number, e.title.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(25), Some("A Python That Never Was".to_string())),
                (Some(13), None),
                (Some(12), Some("Twelve".to_string()))
            ]
        );
        assert_eq!(corpus.episodes[0].description, "Desc.");
    }

    #[test]
    fn impossible_time_warns_and_skips_the_chapter() {
        let corpus = read_text("Desc.\n00:00:00 Intro\n00:75:00 Broken\n80:00 Fine\n");
        assert_eq!(
            titles(&corpus.episodes[0]),
            owned(&[("00:00:00", "Intro"), ("01:20:00", "Fine")])
        );
        assert_eq!(corpus.warnings.len(), 1);
        assert_eq!(corpus.warnings[0].source.line, 3);
        assert!(
            corpus.warnings[0]
                .message
                .contains("`00:75:00` is an impossible time")
        );
    }

    #[test]
    fn oversized_timestamps_warn_instead_of_joining_a_title() {
        let corpus =
            read_text("Desc # Timestamps (00:00:00) Intro (00:00:99999) Big (00:01:00) Next\n");
        let titles: Vec<&str> = corpus.episodes[0]
            .chapters
            .iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles, ["Intro", "Next"]);
        assert!(
            corpus.warnings[0].message.contains("`00:00:99999`"),
            "{:?}",
            corpus.warnings
        );
    }

    #[test]
    fn timestamps_going_backwards_warn_and_keep_the_chapter() {
        let corpus = read_text("Desc.\n00:10:00 B\n00:05:00 A\n");
        assert_eq!(corpus.episodes[0].chapters.len(), 2);
        assert_eq!(corpus.warnings.len(), 1);
        assert_eq!(corpus.warnings[0].source.line, 3);
        assert!(
            corpus.warnings[0]
                .message
                .contains("before the previous chapter")
        );
    }

    #[test]
    fn lines_with_markup_or_odd_spacing_are_cleaned_title_by_title() {
        let corpus = read_text(
            "D # Timestamps (00:00:00) **Bold**  move (00:01:00) Łukasz\tand  [a](b) (00:02:00) x\u{a0}y (00:03:00) OUTRO\n",
        );
        let titles: Vec<&str> = corpus.episodes[0]
            .chapters
            .iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles, ["Bold move", "Łukasz and a", "x y", "OUTRO"]);
    }
}
