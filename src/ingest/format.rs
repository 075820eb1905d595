//! The input formats: what each is called, which extensions name it, which reader reads it, and how a text
//! shows which one it is (sniffing).
//!
//! Everything about one format sits in its arm of [`InputFormat::spec`], so that messages, the command line
//! and the dispatch to readers all derive from one place (see docs/architecture-ingest.md).

use std::path::Path;

use super::error::IngestError;
use super::model::Corpus;
use super::{json, rss, text, transcript};

/// The input formats castgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text show notes: one episode per line, or blocks separated by blank lines.
    Text,
    /// Markdown with episode headings (`# Episode 13: Title`), or one episode's notes whose items are headings
    /// without times (`**Brian #1:** [Title](url)`).
    Markdown,
    /// RSS 2.0 or Atom podcast feed.
    Rss,
    /// JSON: an array of episodes, `{"episodes": [...]}`, or a Podcasting 2.0 chapters file.
    Json,
    /// WebVTT transcript (`.vtt`): one episode, a chapter per cue.
    Vtt,
    /// SubRip transcript (`.srt`): one episode, a chapter per cue.
    Srt,
    /// Plain transcript, a line per cue (`00:01:02 text`, `[00:01:02] Speaker: text`): one episode.
    Transcript,
}

/// A reader: show notes held in memory, named by `path` in messages (`None` for the bundled corpus).
pub(super) type Reader = fn(&str, Option<&Path>) -> Result<Corpus, IngestError>;

/// What castgraph knows of one format.
struct Spec {
    name: &'static str,
    extensions: &'static [&'static str],
    description: &'static str,
    read: Reader,
}

impl InputFormat {
    /// Every format, in the order of the enum.
    pub const ALL: [InputFormat; 7] = [
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Rss,
        InputFormat::Json,
        InputFormat::Vtt,
        InputFormat::Srt,
        InputFormat::Transcript,
    ];

    /// The one place a format is described.
    const fn spec(self) -> Spec {
        match self {
            InputFormat::Text => Spec {
                name: "text",
                extensions: &["txt", "text"],
                description: "Plain text show notes: one episode per line, or blocks separated by blank lines",
                read: text::read,
            },
            InputFormat::Markdown => Spec {
                name: "markdown",
                extensions: &["md", "markdown"],
                description: "Markdown with episode headings (`# Episode 13: Title`), or one episode whose items are headings without times (`## Title`, `**Brian #1:** Title`)",
                read: text::read,
            },
            InputFormat::Rss => Spec {
                name: "rss",
                extensions: &["rss", "xml", "atom"],
                description: "RSS 2.0 or Atom podcast feed",
                read: rss::read,
            },
            InputFormat::Json => Spec {
                name: "json",
                extensions: &["json"],
                description: "JSON: an array of episodes, `{\"episodes\": [...]}`, or a Podcasting 2.0 chapters file",
                read: json::read,
            },
            InputFormat::Vtt => Spec {
                name: "vtt",
                extensions: &["vtt"],
                description: "WebVTT transcript (`.vtt`): one episode, a chapter per cue",
                read: transcript::read_cues,
            },
            InputFormat::Srt => Spec {
                name: "srt",
                extensions: &["srt"],
                description: "SubRip transcript (`.srt`): one episode, a chapter per cue",
                read: transcript::read_cues,
            },
            InputFormat::Transcript => Spec {
                name: "transcript",
                extensions: &[],
                description: "Plain transcript, a line per cue (`00:01:02 text`, `[00:01:02] Speaker: text`): one episode",
                read: transcript::read_lines,
            },
        }
    }

    /// The format's name, lowercase, as messages and the command line spell it (`rss`).
    pub const fn name(self) -> &'static str {
        self.spec().name
    }

    /// The file extensions that name the format, lowercase and without the dot; none for a format that is
    /// only told by its content.
    pub const fn extensions(self) -> &'static [&'static str] {
        self.spec().extensions
    }

    /// One line on what the format is, as help texts show it.
    pub const fn description(self) -> &'static str {
        self.spec().description
    }

    /// The reader of the format.
    pub(super) const fn reader(self) -> Reader {
        self.spec().read
    }

    /// The format a file name's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&ext.as_str()))
    }

    /// `.txt, .text, .md, ...`: every extension that names a format, in the order of the formats.
    pub(super) fn known_extensions() -> String {
        let extensions: Vec<String> = Self::ALL
            .iter()
            .flat_map(|format| format.extensions())
            .map(|ext| format!(".{ext}"))
            .collect();
        extensions.join(", ")
    }

    /// The format the content looks like. A text is a [`InputFormat::Transcript`] only when nearly every line
    /// is timestamped from the first one on (see [`looks_like_transcript`]).
    pub fn sniff(text: &str) -> Self {
        let head = text.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed") {
            InputFormat::Rss
        } else if looks_like_json(head) {
            InputFormat::Json
        } else if transcript::looks_like_vtt(head) {
            InputFormat::Vtt
        } else if transcript::looks_like_srt(head) {
            InputFormat::Srt
        } else {
            sniff_lines(text)
        }
    }

    /// The format of a file: `given`, else the one its extension names (but `.txt` may hold anything), else
    /// the one its text looks like.
    pub(super) fn of_file(path: &Path, text: &str, given: Option<InputFormat>) -> InputFormat {
        given
            .or_else(|| InputFormat::from_extension(path).filter(|f| *f != InputFormat::Text))
            .unwrap_or_else(|| InputFormat::sniff(text))
    }
}

/// Markdown when an episode heading is among the first lines ([`text::has_episode_headings`]), else a
/// transcript when it looks like one ([`looks_like_transcript`]), else text: both tests in one pass over
/// the lines. One after the other they went through each line of a transcript twice before it was read
/// (5% of the instructions of building Talk Python's transcripts, most of it finding and trimming lines).
fn sniff_lines(text: &str) -> InputFormat {
    let mut stamps = transcript::Stamps::default();
    for (index, line) in super::lines::lines(text).enumerate() {
        let heading_may_follow = index < text::HEADING_LINES;
        if !heading_may_follow && stamps.is_full() {
            break;
        }
        if heading_may_follow && text::is_episode_heading(line) {
            return InputFormat::Markdown;
        }
        stamps.add(line);
    }
    if stamps.look_like_a_transcript() {
        InputFormat::Transcript
    } else {
        InputFormat::Text
    }
}

/// `{...}`, or `[` followed by an object, an array, a string or `]` (so `[00:01:02] text` is not JSON).
fn looks_like_json(head: &str) -> bool {
    match head.strip_prefix('[') {
        Some(rest) => rest.trim_start().starts_with(['{', '[', '"', ']']),
        None => head.starts_with('{'),
    }
}

/// Whether a text without episode headings is a transcript rather than show notes: its first non-empty line
/// starts with a timestamp (show notes open with a description), at least 3 in 4 of its non-empty lines do,
/// and there are at least three of them. Only the first 2,000 lines are looked at.
pub fn looks_like_transcript(text: &str) -> bool {
    transcript::looks_like_transcript(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_tells_formats_apart() {
        for (text, format) in [
            ("<?xml version=\"1.0\"?><rss/>", InputFormat::Rss),
            ("[{\"number\": 1}]", InputFormat::Json),
            ("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", InputFormat::Vtt),
            ("1\n00:00:00,000 --> 00:00:01,000\nhi\n", InputFormat::Srt),
            (
                "[00:00:01] A: hi\n[00:00:05] B: yo\n[00:00:09] A: so\n",
                InputFormat::Transcript,
            ),
            (
                "About it.\n00:00 Intro\n01:00 A\n02:00 B\n",
                InputFormat::Text,
            ),
            (super::super::BUNDLED_CORPUS, InputFormat::Text),
            ("# Episode 1: X\n00:00 Intro\n", InputFormat::Markdown),
        ] {
            assert_eq!(InputFormat::sniff(text), format, "{text:.40}");
        }
    }

    /// Sniffing as it was written: the heading test over the text, then the transcript test over it.
    fn sniff_in_two_passes(text: &str) -> InputFormat {
        if text::has_episode_headings(text) {
            InputFormat::Markdown
        } else if looks_like_transcript(text) {
            InputFormat::Transcript
        } else {
            InputFormat::Text
        }
    }

    #[test]
    fn one_pass_sniffing_tells_what_the_two_tests_tell() {
        let kinds = [
            "00:00:01 a",
            "",
            " \t",
            "# Episode 3: x",
            "  episode 4 - y",
            "words",
            "[00:01] b",
            "\u{a0}00:00:02 c",
            "Episode: none",
            "\r",
        ];
        let mut texts: Vec<String> = Vec::new();
        // Every text of up to five lines of those kinds.
        let mut lines: Vec<Vec<&str>> = vec![Vec::new()];
        for _ in 0..5 {
            lines = lines
                .iter()
                .flat_map(|l| kinds.iter().map(move |k| [l.as_slice(), &[*k]].concat()))
                .collect();
            texts.extend(lines.iter().map(|l| l.join("\n")));
        }
        // Headings at the last line looked at and just after; enough non-empty lines to fill the count,
        // before and after the lines looked at for headings.
        let stamped = |n: usize| "00:00:01 a\n".repeat(n);
        for (blank, heading_at) in [(9_999, 0), (10_000, 0), (9_000, 1)] {
            let heading = "# Episode 1: X\n".repeat(heading_at);
            texts.push(format!("{}{}{heading}", stamped(3), "\n".repeat(blank - 3)));
            texts.push(format!(
                "{}{}{}",
                stamped(3),
                "\n".repeat(blank),
                stamped(2_000)
            ));
            texts.push(format!(
                "{}{}words\nwords\n",
                stamped(1_999),
                "\n".repeat(blank)
            ));
            texts.push(format!(
                "{}{}",
                stamped(1_000),
                "words\n".repeat(334 + heading_at)
            ));
        }
        // The corpora, when they are there.
        for folder in [
            "talkpython/transcripts",
            "pythonbytes/transcripts",
            "pythonbytes/show_notes",
        ] {
            let Ok(entries) = std::fs::read_dir(format!("../shared/corpora/{folder}")) else {
                continue;
            };
            for entry in entries.flatten().take(40) {
                texts.extend(std::fs::read_to_string(entry.path()));
            }
        }
        for text in &texts {
            assert_eq!(sniff_lines(text), sniff_in_two_passes(text), "{text:.80?}");
        }
    }

    #[test]
    fn extensions_name_their_formats_in_any_case() {
        for (name, format) in [
            ("a.txt", Some(InputFormat::Text)),
            ("a.TEXT", Some(InputFormat::Text)),
            ("a.md", Some(InputFormat::Markdown)),
            ("a.markdown", Some(InputFormat::Markdown)),
            ("a.rss", Some(InputFormat::Rss)),
            ("a.XML", Some(InputFormat::Rss)),
            ("a.atom", Some(InputFormat::Rss)),
            ("a.json", Some(InputFormat::Json)),
            ("a.vtt", Some(InputFormat::Vtt)),
            ("a.srt", Some(InputFormat::Srt)),
            ("a.pdf", None),
            ("noextension", None),
        ] {
            assert_eq!(
                InputFormat::from_extension(Path::new(name)),
                format,
                "{name}"
            );
        }
        assert_eq!(
            InputFormat::known_extensions(),
            ".txt, .text, .md, .markdown, .rss, .xml, .atom, .json, .vtt, .srt"
        );
    }

    #[test]
    fn every_format_has_a_distinct_name() {
        let names: std::collections::BTreeSet<&str> =
            InputFormat::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), InputFormat::ALL.len());
    }
}
