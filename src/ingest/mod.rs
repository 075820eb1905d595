//! Ingest: show notes -> episodes with chapters.
//!
//! The first pipeline stage. It reads show notes in whatever form a podcast publishes them (one episode per
//! line as in the bundled corpus, Markdown or text with episode headings, RSS 2.0 and Atom feeds, JSON, and
//! transcripts) and produces [`Episode`]s whose [`Chapter`]s carry their start time, title as written, kind
//! and enclosing section. Input that cannot be read at all is an [`IngestError`]; input that is partly
//! wrong produces [`Warning`]s that name the file and line, and everything that can be kept is kept.
//! Nothing here prints.

mod chapter_list;
mod chapters;
mod html;
mod json;
mod rss;
mod text;
mod transcript;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use chapter_list::{ChapterRef, Chapters};
pub use chapters::{
    ChapterKind, Timestamp, format_timestamp, parse_duration, parse_time_with_fraction,
    parse_timestamp,
};

/// The corpus that ships inside the binary: 17 episodes of the core.py podcast, newest first.
pub const BUNDLED_CORPUS: &str = include_str!("../../examples/corepy-episodes.txt");
/// The name the bundled corpus is reported under in messages.
pub const BUNDLED_NAME: &str = "<bundled corpus: examples/corepy-episodes.txt>";
/// The show the bundled corpus belongs to, as defined in the shipped topics.toml.
pub const BUNDLED_SHOW: &str = "corepy";

/// One chapter of an episode: a timestamped line of the show notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// Start time, written `HH:MM:SS` (derived from `seconds`; ignored when deserializing).
    #[serde(default, skip_deserializing)]
    pub start: Timestamp,
    /// Start time in seconds from the start of the episode.
    pub seconds: u32,
    /// The title as written, whitespace collapsed, markup and trailing link lists removed.
    pub title: String,
    pub kind: ChapterKind,
    /// Title of the enclosing section (`PART 2: PR OF THE WEEK`), if any.
    pub section: Option<Arc<str>>,
}

impl Chapter {
    pub fn new(seconds: u32, title: impl Into<String>) -> Self {
        let title = title.into();
        Chapter {
            start: Timestamp(seconds),
            seconds,
            kind: ChapterKind::classify(&title),
            title,
            section: None,
        }
    }
}

/// A person credited by the feed itself (`podcast:person`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub name: String,
    /// `host`, `guest`, or whatever role the feed gives.
    pub role: String,
}

/// One episode of a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// Episode number from the feed, the headings, or the position in the input.
    pub number: Option<u32>,
    /// Used for the node id only when no number can be had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` where known.
    pub date: Option<String>,
    /// The text before the chapter list.
    pub description: String,
    /// Length in seconds, where the feed says.
    pub duration: Option<u32>,
    #[serde(default)]
    pub links: Vec<String>,
    pub chapters: Chapters,
    /// People the feed credits (`podcast:person`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Credit>,
    /// Where the episode was read from (file and 1-based line).
    #[serde(skip)]
    pub source: Source,
}

impl Episode {
    /// The graph node id: `episode:<number>`, or `episode:<slug>` when there is no number.
    pub fn id(&self) -> String {
        match (self.number, &self.slug) {
            (Some(n), _) => format!("episode:{n}"),
            (None, Some(slug)) => format!("episode:{slug}"),
            (None, None) => format!(
                "episode:{}",
                slugify(self.title.as_deref().unwrap_or("untitled"))
            ),
        }
    }

    /// A short human label: `Episode 13: Title`, or `Episode 13`.
    pub fn label(&self) -> String {
        match (self.number, &self.title) {
            (Some(n), Some(t)) => format!("Episode {n}: {t}"),
            (Some(n), None) => format!("Episode {n}"),
            (None, Some(t)) => t.clone(),
            (None, None) => self.id(),
        }
    }

    /// Length of chapter `index` in seconds: until the next chapter starts, or until the episode ends
    /// when the duration is known (0 otherwise).
    pub fn chapter_length(&self, index: usize) -> u32 {
        let Some(start) = self.chapters.seconds(index) else {
            return 0;
        };
        let end = match self.chapters.seconds(index + 1) {
            Some(next) => next,
            None => self.duration.unwrap_or(start),
        };
        end.saturating_sub(start)
    }

    #[cfg(test)]
    fn new_for_tests() -> Self {
        Episode {
            number: None,
            slug: None,
            title: None,
            date: None,
            description: String::new(),
            duration: None,
            links: Vec::new(),
            chapters: Chapters::new(),
            people: Vec::new(),
            source: Source::default(),
        }
    }

    /// Set every chapter's `kind` and `section` from the titles.
    pub fn assign_sections(&mut self) {
        self.chapters.classify_and_assign_sections();
    }
}

/// The show a corpus belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    pub name: Option<String>,
    pub hosts: Vec<String>,
}

/// Where something was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub path: Option<PathBuf>,
    pub line: usize,
}

impl Source {
    pub fn new(path: Option<&Path>, line: usize) -> Self {
        Source {
            path: path.map(Path::to_path_buf),
            line,
        }
    }

    fn display_path(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => BUNDLED_NAME.to_string(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.display_path(), self.line)
        } else {
            write!(f, "{}", self.display_path())
        }
    }
}

/// Something in the input that was wrong but did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub source: Source,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// Episodes read from one or more inputs.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub show: Show,
    pub episodes: Vec<Episode>,
    pub warnings: Vec<Warning>,
}

/// Errors that stop ingestion of an input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read `{path}`: {error}; check that the file exists and is readable")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "`{path}` is not valid UTF-8 (line {line}, column {column}); save it as UTF-8 and try again"
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("`{path}` is empty; give a file of show notes, or no input to use the bundled corpus")]
    Empty { path: PathBuf },
    #[error(
        "no recognisable episode in `{path}`; castgraph reads episodes with chapter timestamps such as \
         `(00:18:22) Title`, RSS/Atom feeds, JSON and transcripts (see `castgraph episodes --help`)"
    )]
    NoEpisodes { path: PathBuf },
    #[error(
        "`{path}`:{line}:{column}: malformed {format}: {message}; correct the {format} there, or name the format with --input-format"
    )]
    Malformed {
        path: PathBuf,
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("`{path}`: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The order of episodes in a file that does not number them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// The first episode in the file is the newest (as in feeds and the bundled corpus).
    #[default]
    NewestFirst,
    /// The first episode in the file is episode 1.
    OldestFirst,
}

/// Options for reading inputs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The input format; found from the extension and the content when `None`.
    pub format: Option<InputFormat>,
    pub order: Order,
    /// A Podcasting 2.0 chapters file to attach (to the only episode of the input).
    pub chapters: Option<PathBuf>,
}

/// The input formats castgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text show notes: one episode per line, or blocks separated by blank lines.
    Text,
    /// Markdown with episode headings (`# Episode 13: Title`).
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

    /// The format a file name's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => InputFormat::Text,
            "md" | "markdown" => InputFormat::Markdown,
            "rss" | "xml" | "atom" => InputFormat::Rss,
            "json" => InputFormat::Json,
            "vtt" => InputFormat::Vtt,
            "srt" => InputFormat::Srt,
            _ => return None,
        })
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
        } else if text::has_episode_headings(text) {
            InputFormat::Markdown
        } else if looks_like_transcript(text) {
            InputFormat::Transcript
        } else {
            InputFormat::Text
        }
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

/// Read the bundled corpus.
pub fn bundled() -> Corpus {
    let mut corpus = read_str(
        BUNDLED_CORPUS,
        None,
        InputFormat::Text,
        &IngestOptions::default(),
    )
    .expect("the bundled corpus is valid show notes");
    corpus.show.name = Some(BUNDLED_SHOW.to_string());
    corpus
}

/// Read every input (files, or folders of them) into one corpus; no inputs means the bundled corpus.
/// Folders are read in name order, taking the files whose extension names a known format.
pub fn read_inputs(paths: &[PathBuf], options: &IngestOptions) -> Result<Corpus, IngestError> {
    if paths.is_empty() {
        return Ok(bundled());
    }
    // (file, named on the command line): files found in a folder that hold no show notes are skipped.
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = folder_files(path)?;
            files.extend(found.into_iter().map(|f| (f, false)));
        } else {
            files.push((path.clone(), true));
        }
    }
    let mut corpus = Corpus::default();
    let mut parts_read = 0;
    for (file, named) in &files {
        let part = match read_file(file, options) {
            Ok(part) => part,
            Err(error) if !named && !matches!(error, IngestError::Io { .. }) => {
                corpus.warnings.push(Warning {
                    source: Source::new(Some(file), 0),
                    message: format!("skipped: {error}"),
                });
                continue;
            }
            Err(error) => return Err(error),
        };
        if corpus.show.name.is_none() {
            corpus.show.name = part.show.name;
        }
        for host in part.show.hosts {
            if !corpus.show.hosts.contains(&host) {
                corpus.show.hosts.push(host);
            }
        }
        if corpus.episodes.is_empty() {
            corpus.episodes = part.episodes; // No copy of a large file's episodes.
        } else {
            corpus.episodes.extend(part.episodes);
        }
        corpus.warnings.extend(part.warnings);
        parts_read += 1;
    }
    if corpus.episodes.is_empty() {
        let path = paths.first().cloned().unwrap_or_default();
        return Err(IngestError::NoEpisodes { path });
    }
    // Each file's episodes are one per id already: only episodes of different files can collide.
    if parts_read > 1 {
        check_duplicates(&mut corpus);
    }
    if let Some(chapters) = &options.chapters {
        attach_chapters(&mut corpus, chapters)?;
    }
    Ok(corpus)
}

/// The files of a folder whose extension names a format, in name order.
fn folder_files(path: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let entries = std::fs::read_dir(path).map_err(|error| IngestError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && InputFormat::from_extension(p).is_some())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(IngestError::Invalid {
            path: path.to_path_buf(),
            message:
                "the folder holds no show notes (.txt, .md, .rss, .xml, .atom, .json, .vtt, .srt); \
                      give the files one of these extensions"
                    .into(),
        });
    }
    Ok(found)
}

/// Read one input file (and attach `options.chapters`, if given).
pub fn read_path(path: &Path, options: &IngestOptions) -> Result<Corpus, IngestError> {
    let mut corpus = read_file(path, options)?;
    if let Some(chapters) = &options.chapters {
        attach_chapters(&mut corpus, chapters)?;
    }
    Ok(corpus)
}

/// Replace the chapters of the corpus's only episode with those of a Podcasting 2.0 chapters file
/// (`--chapters FILE`). An error when the corpus has more than one episode.
pub fn attach_chapters(corpus: &mut Corpus, chapters_path: &Path) -> Result<(), IngestError> {
    let [episode] = corpus.episodes.as_mut_slice() else {
        return Err(IngestError::Invalid {
            path: chapters_path.to_path_buf(),
            message: format!(
                "`--chapters` gives the chapters of one episode, but the input has {} episodes; drop `--chapters`, \
                 or give the show notes of that one episode",
                corpus.episodes.len()
            ),
        });
    };
    let chapters = json::read_chapters_file(chapters_path, &mut corpus.warnings)?;
    episode.chapters = chapters.into();
    episode.assign_sections();
    Ok(())
}

/// Files at least this large are read a block at a time when they hold one episode per line (the layout
/// of large generated archives), so that the whole file is never in memory beside its episodes.
const STREAM_BYTES: u64 = 16 << 20;
/// The size of a block; the first also holds at least [`SNIFF_LINES`] lines.
const BLOCK_BYTES: usize = 8 << 20;
/// The lines the format and layout are told from (see [`InputFormat::sniff`]).
const SNIFF_LINES: usize = 10_000;

/// Read one input file, without `options.chapters`.
fn read_file(path: &Path, options: &IngestOptions) -> Result<Corpus, IngestError> {
    if let Some(mut corpus) = read_lines_in_blocks(path, options)? {
        number_and_dedupe(&mut corpus, options);
        return Ok(corpus);
    }
    let bytes = std::fs::read(path).map_err(|error| IngestError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let text = decode_utf8(path, &bytes)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let corpus = read_str(text, Some(path), file_format(path, text, options), options)?;
    if corpus.episodes.is_empty() {
        return Err(IngestError::NoEpisodes {
            path: path.to_path_buf(),
        });
    }
    Ok(corpus)
}

/// A large plain-text file with one episode per line, read a block of lines at a time. `None` when the
/// file is small, not such a file, or not UTF-8: it is then read whole, which gives the same episodes, or
/// the error that names the line.
fn read_lines_in_blocks(
    path: &Path,
    options: &IngestOptions,
) -> Result<Option<Corpus>, IngestError> {
    read_lines_in_blocks_of(path, options, STREAM_BYTES, BLOCK_BYTES, SNIFF_LINES)
}

fn read_lines_in_blocks_of(
    path: &Path,
    options: &IngestOptions,
    stream_bytes: u64,
    block_bytes: usize,
    sniff_lines: usize,
) -> Result<Option<Corpus>, IngestError> {
    use std::io::{BufRead, Read};
    let io_error = |error| IngestError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size < stream_bytes || options.format.is_some_and(|f| f != InputFormat::Text) {
        return Ok(None);
    }
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    // A block of whole lines, read into the room of a block already parsed; the first holds enough lines to
    // tell the format and layout as reading the whole file would.
    let mut read_block = |min_lines: usize, mut block: Vec<u8>| -> std::io::Result<Vec<u8>> {
        block.clear();
        block.reserve(block_bytes + (64 << 10));
        (&mut reader)
            .take(block_bytes as u64)
            .read_to_end(&mut block)?;
        reader.read_until(b'\n', &mut block)?;
        if min_lines > 0 {
            let mut lines = memchr::memchr_iter(b'\n', &block).count();
            while lines < min_lines && reader.read_until(b'\n', &mut block)? > 0 {
                lines += 1;
            }
        }
        Ok(block)
    };
    let mut corpus = Corpus::default();
    let mut first_line = 1;
    let mut block = read_block(sniff_lines, Vec::new()).map_err(io_error)?;
    let mut spare = Vec::new();
    loop {
        if block.is_empty() {
            break;
        }
        if first_line == 1 && !is_one_episode_per_line_file(path, &block, options) {
            return Ok(None);
        }
        // The next block is read while this one is checked and parsed.
        let (next, parsed) = rayon::join(
            || read_block(0, std::mem::take(&mut spare)),
            || parse_block(&block, first_line, path, &mut corpus.warnings),
        );
        let Some((episodes, lines)) = parsed else {
            return Ok(None);
        };
        if first_line == 1 {
            // Room for the whole file's episodes at the first block's rate, instead of growing by copies.
            let rate = episodes.len() as f64 / block.len().max(1) as f64;
            corpus
                .episodes
                .reserve((rate * size as f64 * 1.05) as usize);
        }
        corpus.episodes.extend(episodes);
        first_line += lines;
        spare = std::mem::replace(&mut block, next.map_err(io_error)?);
    }
    if corpus.episodes.is_empty() {
        return Ok(None);
    }
    Ok(Some(corpus))
}

/// Whether the first block of a large file shows the layout [`read_lines_in_blocks`] reads: text, one
/// episode per line, no episode headings. `false` too when it is not UTF-8 or only blank lines.
fn is_one_episode_per_line_file(path: &Path, first_block: &[u8], options: &IngestOptions) -> bool {
    let Ok(text) = std::str::from_utf8(first_block) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return false; // The format shows only further on: the whole-file reader looks there.
    }
    match options.format {
        // Sniffing found no headings in the text, or it would be Markdown.
        None => file_format(path, text, options) == InputFormat::Text,
        Some(format) => format == InputFormat::Text && !text::has_episode_headings(text),
    }
}

/// The episodes of a block of lines whose first line is numbered `first_line`, and the number of lines
/// that it ends (a block is whole lines); `None` when it is not UTF-8 or not one episode per line.
fn parse_block(
    block: &[u8],
    first_line: usize,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Option<(Vec<Episode>, usize)> {
    let text = std::str::from_utf8(block).ok()?;
    let text = match first_line {
        1 => text.trim_start_matches('\u{feff}'),
        _ => text,
    };
    let episodes = text::read_block_of_lines(text, first_line, Some(path), warnings)?;
    Some((episodes, memchr::memchr_iter(b'\n', block).count()))
}

/// Read show notes held in memory. `path` names them in messages (`None` for the bundled corpus).
pub fn read_str(
    text: &str,
    path: Option<&Path>,
    format: InputFormat,
    options: &IngestOptions,
) -> Result<Corpus, IngestError> {
    let mut corpus = match format {
        InputFormat::Text | InputFormat::Markdown => text::read(text, path),
        InputFormat::Rss => rss::read(text, path)?,
        InputFormat::Json => json::read(text, path)?,
        InputFormat::Vtt | InputFormat::Srt | InputFormat::Transcript => {
            transcript::read(text, path, format)
        }
    };
    number_and_dedupe(&mut corpus, options);
    Ok(corpus)
}

/// The format of a file: as given, else by its extension (but `.txt` may hold anything), else by its text.
fn file_format(path: &Path, text: &str, options: &IngestOptions) -> InputFormat {
    options
        .format
        .or_else(|| InputFormat::from_extension(path).filter(|f| *f != InputFormat::Text))
        .unwrap_or_else(|| InputFormat::sniff(text))
}

/// What every reader's episodes get: numbers by position where the input gives none, and one episode
/// per id.
fn number_and_dedupe(corpus: &mut Corpus, options: &IngestOptions) {
    number_episodes(corpus, options.order);
    check_duplicates(corpus);
}

/// Give numbers by position when the input numbers no episode.
fn number_episodes(corpus: &mut Corpus, order: Order) {
    if corpus.episodes.iter().any(|e| e.number.is_some()) {
        // Mixed numbered and unnumbered episodes (a feed's trailers and bonus episodes): the unnumbered get a
        // slug from their title, or from their position when they have none, so that no two ids collide.
        for (position, episode) in corpus.episodes.iter_mut().enumerate() {
            if episode.number.is_none() {
                let title = episode
                    .title
                    .as_deref()
                    .map(slugify)
                    .filter(|s| !s.is_empty());
                episode.slug = Some(title.unwrap_or_else(|| format!("untitled-{}", position + 1)));
            }
        }
        return;
    }
    let count = corpus.episodes.len() as u32;
    for (position, episode) in corpus.episodes.iter_mut().enumerate() {
        let position = position as u32;
        episode.number = Some(match order {
            Order::NewestFirst => count - position,
            Order::OldestFirst => position + 1,
        });
    }
}

/// Keep the first of two episodes with the same id, and warn about the second.
fn check_duplicates(corpus: &mut Corpus) {
    let duplicates = if corpus.episodes.iter().all(|e| e.number.is_some()) {
        // Every id is `episode:<number>`: the numbers compare as the ids do, without formatting them.
        duplicates_by(&corpus.episodes, |e| e.number)
    } else {
        duplicates_by(&corpus.episodes, Episode::id)
    };
    if duplicates.is_empty() {
        return;
    }
    for &(duplicate, first) in &duplicates {
        let episode = &corpus.episodes[duplicate];
        corpus.warnings.push(Warning {
            source: episode.source.clone(),
            message: format!(
                "duplicate episode `{}` (first seen at {}); this one is skipped: give each episode its own number",
                episode.id(),
                corpus.episodes[first].source
            ),
        });
    }
    let mut index = 0;
    let mut skipped = duplicates
        .iter()
        .map(|&(duplicate, _)| duplicate)
        .peekable();
    corpus.episodes.retain(|_| {
        let keep = skipped.next_if_eq(&index).is_none();
        index += 1;
        keep
    });
}

/// `(duplicate, first)` for every episode whose key an earlier episode has, by index, in order.
fn duplicates_by<K: std::hash::Hash + Eq>(
    episodes: &[Episode],
    key: impl Fn(&Episode) -> K,
) -> Vec<(usize, usize)> {
    use std::collections::hash_map::Entry;
    let mut first_of: foldhash::HashMap<K, usize> = Default::default();
    first_of.reserve(episodes.len());
    let mut duplicates = Vec::new();
    for (index, episode) in episodes.iter().enumerate() {
        match first_of.entry(key(episode)) {
            Entry::Occupied(first) => duplicates.push((index, *first.get())),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }
    duplicates
}

/// The path to name in an error about input read from `path` (`None`: the bundled corpus).
fn error_path(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from(BUNDLED_NAME), Path::to_path_buf)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`; an offset past the end or inside a
/// character counts up to there.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    // Count characters by their first bytes, so an offset inside a character is fine.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

/// What a file's name says about the one episode it holds: `441-some-title.txt` is episode 441, "some title";
/// `ep12_the-jit.vtt` is episode 12; `2024-09-10-title.srt` is dated 2024-09-10.
#[derive(Debug, Default, PartialEq, Eq)]
struct FileName {
    number: Option<u32>,
    title: Option<String>,
    date: Option<String>,
}

impl FileName {
    fn of(path: Option<&Path>) -> Self {
        let Some(stem) = path.and_then(Path::file_stem).and_then(|s| s.to_str()) else {
            return FileName::default();
        };
        let stem = stem.strip_suffix(".chapters").unwrap_or(stem);
        let mut name = FileName::default();
        let rest = match date_prefix(stem) {
            Some(date) => {
                name.date = Some(date.to_string());
                &stem[date.len()..]
            }
            None => {
                let lower = stem.to_ascii_lowercase();
                let skip = ["episode", "ep"]
                    .iter()
                    .find(|p| lower.starts_with(*p))
                    .map_or(0, |p| p.len());
                let rest = stem[skip..].trim_start_matches(['-', '_', ' ', '.', '#']);
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                name.number = rest[..digits].parse().ok();
                if name.number.is_none() && skip > 0 {
                    return FileName {
                        title: title_words(stem),
                        ..FileName::default()
                    };
                }
                &rest[digits..]
            }
        };
        name.title = title_words(rest);
        name
    }
}

/// `YYYY-MM-DD` at the start of a file stem.
fn date_prefix(stem: &str) -> Option<&str> {
    let date = stem.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(date)
}

/// `-some_title-` -> `some title`; `None` when nothing is left.
fn title_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, IngestError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        IngestError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

pub use crate::model::slugify;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_corpus_has_17_episodes_with_504_chapters() {
        let corpus = bundled();
        assert_eq!(corpus.episodes.len(), 17);
        assert_eq!(
            corpus
                .episodes
                .iter()
                .map(|e| e.chapters.len())
                .sum::<usize>(),
            504
        );
        assert_eq!(corpus.episodes.last().unwrap().number, Some(1));
        assert_eq!(corpus.episodes[0].number, Some(17));
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    }

    #[test]
    fn file_names_give_number_title_and_date() {
        let of = |name: &str| FileName::of(Some(Path::new(name)));
        assert_eq!(
            of("441-some-title.txt"),
            FileName {
                number: Some(441),
                title: Some("some title".into()),
                date: None
            }
        );
        assert_eq!(of("ep12_the-jit.vtt").number, Some(12));
        assert_eq!(of("ep12_the-jit.vtt").title.as_deref(), Some("the jit"));
        assert_eq!(of("Episode-7.srt").number, Some(7));
        assert_eq!(
            of("2024-09-10-sprint.vtt").date.as_deref(),
            Some("2024-09-10")
        );
        assert_eq!(of("2024-09-10-sprint.vtt").number, None);
        assert_eq!(of("13.chapters.json").number, Some(13));
        assert_eq!(
            of("transcript.vtt"),
            FileName {
                number: None,
                title: Some("transcript".into()),
                date: None
            }
        );
        assert_eq!(of("épisode.vtt").number, None);
        assert_eq!(FileName::of(None), FileName::default());
    }

    #[test]
    fn line_column_counts_characters_and_tolerates_odd_offsets() {
        assert_eq!(line_column("ab\nłcd", 6), (2, 3));
        assert_eq!(line_column("ab\nłcd", 4), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn sniffing_tells_formats_apart() {
        assert_eq!(
            InputFormat::sniff("<?xml version=\"1.0\"?><rss/>"),
            InputFormat::Rss
        );
        assert_eq!(InputFormat::sniff("[{\"number\": 1}]"), InputFormat::Json);
        assert_eq!(
            InputFormat::sniff("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n"),
            InputFormat::Vtt
        );
        assert_eq!(
            InputFormat::sniff("1\n00:00:00,000 --> 00:00:01,000\nhi\n"),
            InputFormat::Srt
        );
        assert_eq!(
            InputFormat::sniff("[00:00:01] A: hi\n[00:00:05] B: yo\n[00:00:09] A: so\n"),
            InputFormat::Transcript
        );
        assert_eq!(
            InputFormat::sniff("About it.\n00:00 Intro\n01:00 A\n02:00 B\n"),
            InputFormat::Text
        );
        assert_eq!(InputFormat::sniff(BUNDLED_CORPUS), InputFormat::Text);
        assert_eq!(
            InputFormat::sniff("# Episode 1: X\n00:00 Intro\n"),
            InputFormat::Markdown
        );
    }

    #[test]
    fn unnumbered_episodes_among_numbered_ones_get_distinct_ids() {
        let mut corpus = Corpus::default();
        for (number, title) in [
            (Some(5), None),
            (None, None),
            (None, None),
            (None, Some("Bonus: Q&A")),
        ] {
            let mut episode = Episode::new_for_tests();
            episode.number = number;
            episode.title = title.map(String::from);
            corpus.episodes.push(episode);
        }
        number_episodes(&mut corpus, Order::NewestFirst);
        let ids: Vec<String> = corpus.episodes.iter().map(Episode::id).collect();
        assert_eq!(
            ids,
            [
                "episode:5",
                "episode:untitled-2",
                "episode:untitled-3",
                "episode:bonus-q-a"
            ]
        );
    }

    #[test]
    fn not_utf8_names_line_and_column() {
        let err = decode_utf8(Path::new("x.txt"), b"ok\nab\xffc").unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::NotUtf8 {
                    line: 2,
                    column: 3,
                    ..
                }
            ),
            "{err}"
        );
    }

    /// A file read in blocks (tiny ones), and read whole as `read_file` reads small files.
    fn in_blocks_and_whole(text: &str) -> (Option<Corpus>, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, text).unwrap();
        let options = IngestOptions::default();
        let blocks = read_lines_in_blocks_of(&path, &options, 0, 64, 4)
            .unwrap()
            .map(|mut corpus| {
                number_and_dedupe(&mut corpus, &options);
                corpus
            });
        (blocks, read_file(&path, &options).unwrap())
    }

    #[test]
    fn a_large_file_of_episode_lines_reads_the_same_in_blocks() {
        let mut text = String::from("\u{feff}");
        for n in 0..40 {
            text.push_str(&format!(
                "About PEP {n} # Timestamps (00:00:00) INTRO (00:0{}:00) PEP {n} (00:00:01) Out of order\r\n\n",
                n % 10
            ));
        }
        let (blocks, whole) = in_blocks_and_whole(&text);
        let blocks = blocks.expect("one episode per line");
        assert_eq!(blocks.episodes.len(), 40);
        assert!(blocks.episodes == whole.episodes, "the same episodes");
        assert!(!whole.warnings.is_empty());
        assert_eq!(
            blocks.warnings, whole.warnings,
            "warnings name the same lines"
        );
    }

    #[test]
    fn a_large_file_of_another_layout_is_read_whole() {
        let lines = "About X # Timestamps (00:00:00) INTRO (00:01:00) PEP 703\n".repeat(20);
        // A later block breaks the layout; a Markdown file has headings from the start.
        assert!(
            in_blocks_and_whole(&format!("{lines}Just a line\n{lines}"))
                .0
                .is_none()
        );
        // A first block of blank lines shows no format: the whole-file reader looks further.
        let blank_first = format!("{}{lines}", "\n".repeat(100));
        assert!(in_blocks_and_whole(&blank_first).0.is_none());
        assert!(
            in_blocks_and_whole(&format!("# Episode 1: A\n{lines}"))
                .0
                .is_none()
        );
        assert!(in_blocks_and_whole(&lines).0.is_some());
    }

    fn episode_at(number: Option<u32>, title: Option<&str>, line: usize) -> Episode {
        let mut episode = Episode::new_for_tests();
        episode.number = number;
        episode.title = title.map(String::from);
        episode.source = Source::new(Some(Path::new("notes.txt")), line);
        episode
    }

    fn kept_and_warned(episodes: Vec<Episode>) -> (Vec<usize>, Vec<String>) {
        let mut corpus = Corpus {
            episodes,
            ..Corpus::default()
        };
        check_duplicates(&mut corpus);
        let kept = corpus.episodes.iter().map(|e| e.source.line).collect();
        (
            kept,
            corpus.warnings.iter().map(Warning::to_string).collect(),
        )
    }

    #[test]
    fn duplicate_numbers_keep_the_first_and_warn_in_order() {
        let (kept, warned) = kept_and_warned(vec![
            episode_at(Some(3), None, 1),
            episode_at(Some(2), None, 2),
            episode_at(Some(3), None, 3),
            episode_at(Some(2), None, 4),
            episode_at(Some(3), None, 5),
        ]);
        assert_eq!(kept, [1, 2]);
        assert_eq!(
            warned,
            [3, 4, 5].map(|line| {
                let (id, first) = if line == 4 { (2, 2) } else { (3, 1) };
                format!(
                    "notes.txt:{line}: duplicate episode `episode:{id}` (first seen at notes.txt:{first}); \
                     this one is skipped: give each episode its own number"
                )
            })
        );
    }

    #[test]
    fn an_unnumbered_episode_whose_slug_is_a_number_duplicates_that_number() {
        let (kept, warned) = kept_and_warned(vec![
            episode_at(Some(5), None, 1),
            episode_at(None, Some("5"), 2),
            episode_at(None, Some("Bonus"), 3),
        ]);
        assert_eq!(kept, [1, 3]);
        assert_eq!(warned.len(), 1);
        assert!(warned[0].starts_with("notes.txt:2: duplicate episode `episode:5`"));
    }
}
