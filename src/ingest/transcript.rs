//! Transcripts: WebVTT, SubRip and plain timestamped lines.
//!
//! A transcript file is one episode with no chapters: its cues are joined into passages (see `passages`),
//! which the tagger reads and evidence points to; the episode keeps them and the counts. The episode's
//! number, title and date come from the file name (`441-some-title.txt`, `ep12_the-jit.vtt`). Cue text loses
//! its markup (`<v Speaker>`, `<c>`, `<i>`, inline timestamps, SubRip `{\an8}`; the voice names the speaker)
//! and multi-line cues are joined with spaces. One pass over the lines: large files are read in linear time.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::chapter_list::Chapters;
use super::chapters::excerpt;
use super::error::IngestError;
use super::file_name::FileName;
use super::model::{Corpus, Episode, Source, Warning, WarningKind};
use super::passages::{self, PassageBuilder};
use super::time::{Timestamp, parse_time_with_fraction};

const CUE_TS: &str = r"[0-9]{1,3}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]{1,3})?";

/// The start of a timestamped line, for sniffing (no capture of the rest, so long lines cost nothing).
static STAMPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:\[{CUE_TS}\]|\({CUE_TS}\)|{CUE_TS}(?:\s|$))"
    ))
    .unwrap()
});

/// How many lines sniffing looks at.
const SNIFF_LINES: usize = 2_000;

/// `WEBVTT` opens every WebVTT file.
pub(super) fn looks_like_vtt(head: &str) -> bool {
    head.starts_with("WEBVTT")
}

/// A SubRip file opens with a cue number, then a `start --> end` line.
pub(super) fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines();
    let first = lines.next().unwrap_or("").trim();
    !first.is_empty()
        && first.len() < 10
        && first.bytes().all(|b| b.is_ascii_digit())
        && lines.next().is_some_and(|l| l.contains("-->"))
}

/// Whether a text without episode headings is a transcript rather than show notes: the first non-empty line is timestamped, at least 3 in 4 of the
/// non-empty lines are, and there are at least three of them.
pub(super) fn looks_like_transcript(text: &str) -> bool {
    let mut stamps = Stamps::default();
    for line in super::lines::lines(text) {
        if stamps.is_full() {
            break;
        }
        stamps.add(line);
    }
    stamps.look_like_a_transcript()
}

/// The timestamped lines among a text's first [`SNIFF_LINES`] non-empty ones, counted a line at a time, so
/// that sniffing can look for headings in the same pass ([`super::format::InputFormat::sniff`]).
#[derive(Debug, Default)]
pub(super) struct Stamps {
    /// Non-empty lines counted.
    lines: usize,
    /// How many of them are timestamped.
    stamped: usize,
    /// Whether the first is.
    first_stamped: bool,
}

impl Stamps {
    /// Whether more lines can change the answer: not after [`SNIFF_LINES`], nor after a first line
    /// without a timestamp.
    pub(super) fn is_full(&self) -> bool {
        self.lines >= SNIFF_LINES || (self.lines > 0 && !self.first_stamped)
    }

    /// Count the next line of the text (nothing once full, or for a blank line).
    pub(super) fn add(&mut self, line: &str) {
        if self.is_full() || super::lines::is_blank(line) {
            return;
        }
        let stamped = is_stamped(line);
        if self.lines == 0 {
            self.first_stamped = stamped;
        }
        self.lines += 1;
        self.stamped += usize::from(stamped);
    }

    /// Whether the lines counted are a transcript's.
    pub(super) fn look_like_a_transcript(&self) -> bool {
        self.first_stamped && self.stamped >= 3 && self.stamped * 4 >= self.lines * 3
    }
}

/// Whether a line starts with a timestamp ([`STAMPED`]); the common `HH:MM:SS ` is read without the regex.
fn is_stamped(line: &str) -> bool {
    let plain = |b: &[u8]| {
        matches!(b, [h0, h1, b':', m0, m1, b':', s0, s1, b' ' | b'\t', ..]
            if [h0, h1, m0, m1, s0, s1].iter().all(|d| d.is_ascii_digit()))
    };
    plain(line.as_bytes()) || STAMPED.is_match(line)
}

/// Transcript formats by the extensions a folder's files may have, the one read first: WebVTT keeps the
/// speakers and the cue ends (so pauses show), SubRip the cue ends; a plain text has starts alone.
pub(super) const BY_PREFERENCE: [&str; 3] = ["vtt", "srt", "txt"];

/// Leave one file of each episode that a folder holds in several transcript formats (`001-x.txt` and
/// `001-x.vtt`: the same name but for the extension), the one in the preferred format (see
/// [`BY_PREFERENCE`]); a warning per pair of formats says how many were left out, once for the folder.
pub(super) fn one_format_per_episode(folder: &Path, files: &mut Vec<PathBuf>) -> Vec<Warning> {
    let rank = |path: &Path| {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        BY_PREFERENCE.iter().position(|e| *e == ext)
    };
    let mut best: HashMap<&OsStr, usize> = HashMap::new();
    for path in files.iter() {
        if let (Some(stem), Some(r)) = (path.file_stem(), rank(path)) {
            let kept = best.entry(stem).or_insert(r);
            *kept = (*kept).min(r);
        }
    }
    // (read, left out) -> how many episodes.
    let mut left_out: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let keep: Vec<bool> = files
        .iter()
        .map(|path| match (path.file_stem(), rank(path)) {
            (Some(stem), Some(r)) if best[stem] < r => {
                *left_out.entry((best[stem], r)).or_default() += 1;
                false
            }
            _ => true,
        })
        .collect();
    let mut keep = keep.into_iter();
    files.retain(|_| keep.next().unwrap_or(true));
    left_out
        .into_iter()
        .map(|((read, other), n)| {
            let (read, other) = (BY_PREFERENCE[read], BY_PREFERENCE[other]);
            let episodes = if n == 1 { "episode is" } else { "episodes are" };
            Warning::new(
                Source::new(Some(folder), 0),
                WarningKind::TranscriptFormats,
                format!(
                    "{n} {episodes} in both .{other} and .{read}; the .{read} files are read (they keep {})",
                    if read == "vtt" { "speakers and pauses" } else { "pauses" }
                ),
            )
        })
        .collect()
}

/// Read a WebVTT or SubRip transcript as one episode.
pub(super) fn read_cues(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    Ok(read(text, path, Timing::Cues))
}

/// Read a plain transcript, a timestamped line per cue, as one episode.
pub(super) fn read_lines(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    Ok(read(text, path, Timing::Lines))
}

/// How a transcript times its cues.
#[derive(Debug, Clone, Copy)]
enum Timing {
    /// WebVTT and SubRip: a `start --> end` line over each cue.
    Cues,
    /// A timestamp at the start of each line.
    Lines,
}

fn read(text: &str, path: Option<&Path>, timing: Timing) -> Corpus {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = CueReader {
        path,
        warnings: Vec::new(),
        passages: PassageBuilder::with_capacity(text.len()),
        last_start: None,
        end: None,
        scratch: String::new(),
        words: String::new(),
    };
    let description = match timing {
        Timing::Cues => {
            reader.timed_blocks(text);
            String::new()
        }
        Timing::Lines => reader.stamped_lines(text),
    };
    let mut corpus = Corpus {
        warnings: reader.warnings,
        ..Corpus::default()
    };
    let transcript = reader.passages.finish();
    if transcript.is_empty() {
        return corpus;
    }
    let name = FileName::of(path);
    corpus.warnings.extend(name.number_warning(path));
    corpus.episodes.push(Episode {
        show: None,
        number: name.number,
        slug: None,
        title: name.title,
        date: name.date,
        description,
        description_links: Vec::new(),
        duration: reader.end,
        url: None,
        audio: None,
        links: Vec::new(),
        chapters: Chapters::new(),
        transcript: Some(transcript),
        people: Vec::new(),
        source: Source::new(path, 1),
    });
    corpus
}

/// Collects cues into passages.
struct CueReader<'a> {
    path: Option<&'a Path>,
    warnings: Vec<Warning>,
    passages: PassageBuilder,
    /// The start of the last cue kept, to warn of one out of order.
    last_start: Option<u32>,
    /// The latest cue end seen (WebVTT and SubRip give one): the episode's duration.
    end: Option<u32>,
    /// Where a line's markup is taken out, kept from line to line.
    scratch: String,
    /// The words of the cue being read: one buffer for every cue, not a string each.
    words: String,
}

/// A cue being read: its start as written, its end (WebVTT and SubRip), the speaker its voice names
/// (WebVTT `<v Name>`), the line of its timing. Its words are in [`CueReader::words`].
struct Cue<'a> {
    start: &'a str,
    end: Option<u32>,
    voice: Option<&'a str>,
    line: usize,
}

impl<'a> CueReader<'a> {
    fn warn(&mut self, line: usize, kind: WarningKind, message: String) {
        self.warnings
            .push(Warning::new(Source::new(self.path, line), kind, message));
    }

    /// WebVTT and SubRip: blocks whose timing line is `start --> end [settings]`, then the cue text.
    fn timed_blocks(&mut self, text: &'a str) {
        let mut cue: Option<Cue<'a>> = None;
        let mut lines = text.lines().enumerate().peekable();
        while let Some((index, line)) = lines.next() {
            let next_is_timing = lines.peek().is_some_and(|(_, next)| next.contains("-->"));
            if let Some((start, end)) = line.split_once("-->") {
                self.flush(cue.take());
                cue = Some(Cue {
                    start: start.trim(),
                    end: self.note_end(end),
                    voice: None,
                    line: index + 1,
                });
            } else if line.trim().is_empty()
                || (next_is_timing && line.trim().bytes().all(|b| b.is_ascii_digit()))
            {
                self.flush(cue.take());
            } else if let Some(cue) = &mut cue {
                if cue.voice.is_none() {
                    cue.voice = voice(line);
                }
                push_cue_words(&mut self.words, line, &mut self.scratch);
            }
        }
        self.flush(cue);
    }

    /// Plain transcripts: a cue per timestamped line; other lines continue the cue before them, or (before
    /// the first cue) form the description.
    fn stamped_lines(&mut self, text: &'a str) -> String {
        let mut cue: Option<Cue<'a>> = None;
        let mut description = String::new();
        for (index, line) in super::lines::lines(text).enumerate() {
            if let Some((start, rest)) = cue_line(line) {
                self.flush(cue.take());
                push_cue_words(&mut self.words, rest, &mut self.scratch);
                cue = Some(Cue {
                    start,
                    end: None,
                    voice: None,
                    line: index + 1,
                });
            } else if cue.is_some() {
                push_cue_words(&mut self.words, line, &mut self.scratch);
            } else {
                push_words(&mut description, line);
            }
        }
        self.flush(cue);
        description
    }

    /// A cue's end, which the episode's duration takes in.
    fn note_end(&mut self, end: &str) -> Option<u32> {
        let end = end.split_whitespace().next().unwrap_or("");
        let seconds = parse_time_with_fraction(end).ok()?;
        self.end = Some(self.end.map_or(seconds, |e| e.max(seconds)));
        Some(seconds)
    }

    /// Hand a finished cue to the passages; an empty cue is dropped, an impossible time warns. The words
    /// buffer is left empty for the next cue.
    fn flush(&mut self, cue: Option<Cue<'a>>) {
        let words = std::mem::take(&mut self.words);
        if let Some(cue) = cue.filter(|_| !words.is_empty()) {
            self.hand_over(cue, &words);
        }
        self.words = words;
        self.words.clear();
        if self.words.capacity() > 1 << 16 {
            self.words = String::new(); // Not kept after a long cue.
        }
    }

    /// A cue with its words to the passages, or a warning when its time is impossible.
    fn hand_over(&mut self, cue: Cue<'a>, words: &str) {
        let seconds = match parse_time_with_fraction(cue.start) {
            Ok(seconds) => seconds,
            Err(e) => {
                let message = format!(
                    "{e}; the cue `{}` is skipped: correct its timestamp",
                    excerpt(words)
                );
                self.warn(cue.line, WarningKind::Time, message);
                return;
            }
        };
        if let Some(previous) = self.last_start
            && seconds < previous
        {
            let message = format!(
                "cue `{}` starts at {}, before the cue before it ({}); it is kept where it is: check the timestamps",
                excerpt(words),
                cue.start,
                Timestamp(previous)
            );
            self.warn(cue.line, WarningKind::Order, message);
        }
        self.last_start = Some(seconds);
        let speaker = cue
            .voice
            .or_else(|| passages::speaker_prefix(words).map(|(name, _)| name));
        self.passages.push(passages::Cue {
            start: seconds,
            end: cue.end,
            speaker,
            text: words,
        });
    }
}

/// A plain transcript line's timestamp and text: `00:01:02 text`, `[00:01:02] Speaker: text`,
/// `(1:02:03) - text`. Read by hand rather than by a regex with captures: a transcript has a line per cue,
/// and the regex engine's capture search was a fifth of the time of a whole build.
fn cue_line(line: &str) -> Option<(&str, &str)> {
    use super::lines::trim_start;
    let line = trim_start(line);
    let (stamp, rest) = match line.as_bytes().first()? {
        b'[' => closed_by(&line[1..], ']')?,
        b'(' => closed_by(&line[1..], ')')?,
        _ => {
            let (stamp, rest) = cue_stamp(line)?;
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                return None;
            }
            (stamp, rest)
        }
    };
    let rest = trim_start(rest);
    // An optional separator before the text: `-`, an en or em dash, `|`, then whitespace.
    let after_separator = rest
        .strip_prefix(['-', '\u{2013}', '\u{2014}', '|'])
        .filter(|r| r.starts_with(char::is_whitespace));
    Some((stamp, after_separator.map_or(rest, trim_start)))
}

/// A timestamp closed by `close` at the start of `text`, and what follows the closer.
fn closed_by(text: &str, close: char) -> Option<(&str, &str)> {
    let (stamp, rest) = cue_stamp(text)?;
    Some((stamp, rest.strip_prefix(close)?))
}

/// The timestamp at the start of `text` (`[0-9]{1,3}:[0-9]{2}(:[0-9]{2})?([.,][0-9]{1,3})?`, each part as
/// long as it goes), and the rest.
fn cue_stamp(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let digits_at = |at: usize, most: usize| {
        bytes[at.min(bytes.len())..]
            .iter()
            .take(most)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let hours = digits_at(0, 4);
    if !(1..=3).contains(&hours) || bytes.get(hours) != Some(&b':') || digits_at(hours + 1, 2) != 2
    {
        return None;
    }
    let mut end = hours + 3;
    if bytes.get(end) == Some(&b':') && digits_at(end + 1, 2) == 2 {
        end += 3;
    }
    if matches!(bytes.get(end), Some(b'.' | b',')) {
        let fraction = digits_at(end + 1, 3);
        if fraction > 0 {
            end += 1 + fraction;
        }
    }
    Some((&text[..end], &text[end..]))
}

/// The speaker a WebVTT voice tag at the start of a cue line names: `<v Name>` or `<v.class Name>`.
fn voice(line: &str) -> Option<&str> {
    let tag = line.trim_start().strip_prefix("<v")?;
    let tag = &tag[..tag.find('>')?];
    let name = match tag.strip_prefix('.') {
        Some(classes) => classes.split_once(' ')?.1,
        None => tag.strip_prefix(' ')?,
    };
    Some(name.trim()).filter(|n| !n.is_empty())
}

/// Append the words of `text` to `out`, one space between words.
fn push_words(out: &mut String, text: &str) {
    if is_spaced_ascii(text) {
        // Speech-to-text lines are nearly all like this: copied whole, not word by word.
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text);
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Whether `text` is ASCII words with one space between them and none around them: its words, as
/// [`str::split_whitespace`] gives them and one space between, are the text itself.
fn is_spaced_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // Folds without an early exit, which the compiler vectorizes: with a `memmem` searcher for the double
    // space built for each line, or one loop byte by byte, `push_words` took 237 M instructions on Python
    // Bytes' transcripts; so, 129 M.
    let printable = bytes
        .iter()
        .fold(true, |ok, &b| ok & ((b == b' ') | b.is_ascii_graphic()));
    let double_space = bytes
        .windows(2)
        .fold(false, |found, w| found | ((w[0] == b' ') & (w[1] == b' ')));
    printable && !double_space && first != b' ' && last != b' '
}

/// Whether a cue line is copied whole: printable ASCII words one space apart with none around them (see
/// [`is_spaced_ascii`]), and no `<`, `{` or `&` that may start markup or an entity. One look at each byte,
/// in folds without an early exit, which the compiler vectorizes: the markup search (`memchr3`) and then
/// [`is_spaced_ascii`] were 300 instructions a cue of Talk Python's transcripts. (A loop over chunks of 16
/// bytes took 1.3 times the instructions of these folds.)
fn is_plain_cue_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let plain = bytes.iter().fold(true, |ok, &b| {
        let word = b.is_ascii_graphic() & (b != b'<') & (b != b'{') & (b != b'&');
        ok & (word | (b == b' '))
    });
    let double_space = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    plain && !double_space && first != b' ' && last != b' '
}

/// Append the words of a cue line to `out`, without markup (see [`strip_cue_markup`]). A line without
/// markup or entities is not copied first; `scratch` holds the text of one that has them.
fn push_cue_words(out: &mut String, line: &str, scratch: &mut String) {
    if line.is_empty() {
        return; // The blank line after each cue of a transcript: no words, nothing to look for.
    }
    if out.is_empty() {
        out.reserve_exact(line.len()); // A cue of one long line takes no more than its length.
    }
    if is_plain_cue_line(line) {
        // Speech-to-text lines are nearly all like this: copied whole, after one look at their bytes.
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
        return;
    }
    // By bytes (`memchr3`): `str::contains` of a set of chars decodes each char of every line.
    if memchr::memchr3(b'<', b'{', b'&', line.as_bytes()).is_none() {
        push_words(out, line);
        return;
    }
    strip_cue_markup(line, scratch);
    push_words(out, &html_escape::decode_html_entities(scratch));
    if scratch.capacity() > 1 << 16 {
        *scratch = String::new(); // Not kept after a long line.
    }
}

/// Cue text without `<...>` tags (voices, classes, inline timestamps) and SubRip `{\...}` tags, into `out`
/// (cleared first); entities are left to the caller.
fn strip_cue_markup(line: &str, out: &mut String) {
    out.clear();
    let mut rest = line;
    // Whether a `>` / `}` may still follow: once a search fails, later openers are text (keeps this linear).
    let mut closers_left = [true, true];
    while let Some(open) = rest.find(['<', '{']) {
        let (close, slot) = if rest.as_bytes()[open] == b'<' {
            ('>', 0)
        } else {
            ('}', 1)
        };
        let is_tag = close == '>' || rest[open + 1..].starts_with('\\');
        let len = if is_tag && closers_left[slot] {
            rest[open..].find(close)
        } else {
            None
        };
        closers_left[slot] &= !is_tag || len.is_some();
        match len {
            Some(len) => {
                out.push_str(&rest[..open]);
                rest = &rest[open + len + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cue line's words as they were appended before [`is_plain_cue_line`]: markup looked for first.
    fn push_cue_words_by_markup(out: &mut String, line: &str) {
        if memchr::memchr3(b'<', b'{', b'&', line.as_bytes()).is_none() {
            push_words(out, line);
            return;
        }
        let mut scratch = String::new();
        strip_cue_markup(line, &mut scratch);
        push_words(out, &html_escape::decode_html_entities(&scratch));
    }

    /// Lines of every length up to 48 bytes (past the widths the folds are vectorized in), each with one
    /// byte changed at every place: a plain line is one spaced as its words with nothing that may be markup.
    #[test]
    fn plain_lines_are_told_at_every_length_and_place() {
        for len in 1..=48 {
            let words: String = (0..len)
                .map(|i| if i % 3 == 2 { ' ' } else { 'a' })
                .collect();
            for at in 0..len {
                for changed in [' ', '<', '{', '&', '\t', '\u{7f}', 'b'] {
                    let mut line = words.clone();
                    line.replace_range(at..at + 1, changed.encode_utf8(&mut [0; 4]));
                    let expected = is_spaced_ascii(&line)
                        && memchr::memchr3(b'<', b'{', b'&', line.as_bytes()).is_none();
                    assert_eq!(is_plain_cue_line(&line), expected, "{line:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_plain_cue_line_is_copied_as_its_words_without_markup(
            line in r"[a <>{}&;.\t\u{a0}\u{7f}\\]{0,40}",
            before in "(|earlier)",
        ) {
            let (mut ours, mut theirs, mut scratch) = (before.clone(), before, String::new());
            push_cue_words(&mut ours, &line, &mut scratch);
            push_cue_words_by_markup(&mut theirs, &line);
            proptest::prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn a_line_copied_whole_is_its_words_one_space_apart(line in "[a \t\u{a0}.]{0,16}") {
            let words: Vec<&str> = line.split_whitespace().collect();
            proptest::prop_assert_eq!(is_spaced_ascii(&line), !line.is_empty() && words.join(" ") == line);
        }
    }

    /// The shortcut for `HH:MM:SS ` agrees with the regex, on lines it reads and lines it leaves to it.
    #[test]
    fn a_stamped_line_is_told_as_the_regex_tells_it() {
        let lines = [
            "00:00:04 to your earbuds.",
            "01:02:03\tword",
            "00:00:04",
            "00:00:04words",
            "0:00:04 x",
            " 00:00:04 x",
            "[00:00:04] x",
            "(01:02) x",
            "00:0a:04 x",
            "123:00 x",
            "about 00:00:04 x",
            "",
        ];
        for line in lines {
            assert_eq!(is_stamped(line), STAMPED.is_match(line), "{line:?}");
        }
    }

    fn passages(corpus: &Corpus) -> Vec<(u32, &str)> {
        let transcript = corpus.episodes[0]
            .transcript
            .as_ref()
            .expect("a transcript");
        transcript.iter().map(|p| (p.seconds, p.text)).collect()
    }

    #[test]
    fn webvtt_cues_lose_markup_and_join_lines() {
        let corpus = read(
            "WEBVTT - core.py\n\nNOTE a comment\n\nintro\n00:00:01.000 --> 00:00:04.500 align:start\n<v Pablo>Welcome to\n<c.loud>core.py</c> &amp; friends\n\n\
             00:05.000 --> 01:02:03.000\n<00:00:05.500><i>INTRO</i>\n",
            Some(Path::new("ep12_the-jit.vtt")),
            Timing::Cues,
        );
        assert_eq!(
            passages(&corpus),
            vec![(1, "Welcome to core.py & friends INTRO")]
        );
        let episode = &corpus.episodes[0];
        assert_eq!((episode.number, episode.duration), (Some(12), Some(3723)));
        assert!(episode.chapters.is_empty(), "a transcript has no chapters");
        let transcript = episode.transcript.as_ref().unwrap();
        assert_eq!((transcript.cues, transcript.seconds), (2, 3723));
    }

    #[test]
    fn webvtt_voices_name_the_speakers_who_close_passages() {
        let corpus = read(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Pablo>Welcome\n\n00:02.000 --> 00:03.000\n<v Pablo>back.\n\n\
             00:03.000 --> 00:04.000\n<v.loud Łukasz Langa>Thanks\n\n00:04.000 --> 00:05.000\nfor having me.\n",
            None,
            Timing::Cues,
        );
        assert_eq!(
            passages(&corpus),
            vec![(1, "Welcome back."), (3, "Thanks for having me.")]
        );
        assert_eq!(voice("<v.a.b Ann Lee>hi"), Some("Ann Lee"));
        assert_eq!(voice("<vx>hi"), None);
    }

    #[test]
    fn subrip_cues_with_and_without_blank_lines() {
        let corpus = read(
            "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Hello\nthere\n2\n00:00:03,000 --> 00:00:04,000\nBye {not a tag}\n\
             3\n00:00:10,000 --> 00:00:11,000\nAfter a pause.\n",
            Some(Path::new("441-some-title.srt")),
            Timing::Cues,
        );
        assert_eq!(
            passages(&corpus),
            vec![(1, "Hello there Bye {not a tag}"), (10, "After a pause.")]
        );
        assert_eq!(corpus.episodes[0].title.as_deref(), Some("some title"));
    }

    #[test]
    fn plain_transcript_lines_with_speakers_and_continuations() {
        let corpus = read(
            "Recorded live.\n[00:00:01] Pablo: hi\n(00:00:09) - Łukasz: hello\nand more\n00:01:00.5 Pablo: PEP 703\n",
            None,
            Timing::Lines,
        );
        assert_eq!(
            passages(&corpus),
            vec![
                (1, "Pablo: hi"),
                (9, "Łukasz: hello and more"),
                (60, "Pablo: PEP 703")
            ]
        );
        assert_eq!(corpus.episodes[0].description, "Recorded live.");
    }

    #[test]
    fn cue_lines_are_read_by_hand_as_the_pattern_reads_them() {
        for (line, expected) in [
            ("00:01:02 text", Some(("00:01:02", "text"))),
            ("  [00:01:02] Pablo: hi", Some(("00:01:02", "Pablo: hi"))),
            ("(1:02:03) - text", Some(("1:02:03", "text"))),
            ("(1:02:03) \u{2014} text", Some(("1:02:03", "text"))),
            ("1:02 -x", Some(("1:02", "-x"))),
            ("00:01:02.5 x", Some(("00:01:02.5", "x"))),
            ("00:01:02", Some(("00:01:02", ""))),
            ("00:01:02.5000 x", None),
            ("1234:56 x", None),
            ("00:1 x", None),
            ("[00:01:02 x", None),
            ("00:01:02x", None),
            ("text 00:01:02", None),
        ] {
            assert_eq!(cue_line(line), expected, "{line:?}");
        }
    }

    #[test]
    fn cue_words_copied_whole_are_the_words_split_one_by_one() {
        for line in [
            "plain words here",
            "one",
            "",
            " leading",
            "trailing ",
            "two  spaces",
            "a\ttab",
            "no\u{a0}break",
            "em\u{2003}space",
            "it\u{2019}s fine",
            "x\u{1}y",
        ] {
            for before in ["", "earlier"] {
                let mut by_words = before.to_string();
                for word in line.split_whitespace() {
                    if !by_words.is_empty() {
                        by_words.push(' ');
                    }
                    by_words.push_str(word);
                }
                let mut out = before.to_string();
                push_words(&mut out, line);
                assert_eq!(out, by_words, "{line:?} after {before:?}");
            }
        }
        assert!(is_spaced_ascii("plain words here"));
        assert!(!is_spaced_ascii("two  spaces"));
        assert!(!is_spaced_ascii("it\u{2019}s"));
    }

    #[test]
    fn one_buffer_of_words_serves_every_cue() {
        let corpus = read(
            "00:00:01 first cue\ngoes on\n00:00:02 second.\n\n00:00:03\n00:00:04 fourth\n",
            None,
            Timing::Lines,
        );
        // The empty third cue is dropped; no cue's words run into the next's.
        assert_eq!(
            passages(&corpus),
            vec![(1, "first cue goes on second. fourth")]
        );
        assert_eq!(corpus.episodes[0].transcript.as_ref().unwrap().cues, 3);
    }

    #[test]
    fn bad_cue_times_warn_with_their_line() {
        let corpus = read(
            "00:00:05 a\n00:75:00 b\n00:00:01 c\n",
            Some(Path::new("t.txt")),
            Timing::Lines,
        );
        assert_eq!(passages(&corpus), vec![(5, "a c")]);
        assert_eq!(corpus.episodes[0].transcript.as_ref().unwrap().cues, 2);
        let got: Vec<_> = corpus.warnings.iter().map(|w| w.source.line).collect();
        assert_eq!(got, vec![2, 3]);
    }

    #[test]
    fn sniffing_needs_timestamps_from_the_first_line() {
        for (text, transcript) in [
            ("00:01 a\n00:02 b\n00:03 c\n", true),
            ("Description first.\n00:01 a\n00:02 b\n00:03 c\n", false),
            ("00:01 a\n00:02 b\ncontinued\n00:03 c\n", true),
            ("00:01 a\nnot\nstamped\n00:03 c\n00:04 d\n", false),
            ("00:01 a\n00:02 b\n", false),
        ] {
            assert_eq!(looks_like_transcript(text), transcript, "{text:?}");
        }
        for (text, srt) in [
            ("12\n00:00:01,000 --> 00:00:02,000\n", true),
            ("12 monkeys\n", false),
        ] {
            assert_eq!(looks_like_srt(text), srt, "{text:?}");
        }
    }
}
