//! Ingest: show notes -> episodes with chapters.
//!
//! The first pipeline stage. It reads show notes in whatever form a podcast publishes them (one episode per
//! line as in the bundled corpus, Markdown or text with episode headings, RSS 2.0 and Atom feeds, JSON, and
//! transcripts) and produces [`Episode`]s whose [`Chapter`]s carry their start time, title as written, kind
//! and enclosing section. Input that cannot be read at all is an [`IngestError`]; input that is partly
//! wrong produces [`Warning`]s that name the file and line, and everything that can be kept is kept.
//! Nothing here prints.
//!
//! This file reads inputs (files, folders, text in memory) and hands each to its format's reader; the
//! layers below it, each in its file: `model` (what is produced), `format` (the formats, sniffing and the
//! dispatch to readers), `stream` (large files in blocks), `numbering`, `time`, `podcasting` (Podcasting
//! 2.0 chapters files and roles), `notes` (the shared show-notes parser) and one reader per format.

mod chapter_list;
mod chapters;
mod credits;
mod error;
mod file_name;
mod format;
mod html;
mod json;
mod json_syntax;
mod json_value;
mod lines;
mod markdown;
mod model;
mod notes;
mod numbering;
mod open;
mod passages;
mod podcasting;
mod rss;
mod stream;
mod text;
mod time;
mod transcript;

use std::path::{Path, PathBuf};

pub use chapter_list::{ChapterRef, Chapters};
pub use chapters::{Chapter, ChapterKind, Link};
pub use error::IngestError;
pub use format::{InputFormat, looks_like_transcript};
pub(crate) use json_syntax::JsonSyntax;
pub use model::{BUNDLED_NAME, Corpus, Credit, Episode, Show, Source, Warning, WarningKind};

pub use numbering::Order;
pub(crate) use open::read_string;
pub use open::{InputFileError, LARGE_FILE_MAX, SMALL_FILE_MAX};
pub use passages::{PASSAGE_SECONDS, PAUSE_SECONDS, Passage, Transcript, TranscriptCounts};
pub use time::{
    Timestamp, TimestampError, format_timestamp, parse_duration, parse_time_with_fraction,
    parse_timestamp,
};

use error::decode_utf8;

/// The corpus that ships inside the binary: 17 episodes of the core.py podcast, newest first.
pub const BUNDLED_CORPUS: &str = include_str!("../../examples/corepy-episodes.txt");
/// The show the bundled corpus belongs to, as defined in the shipped topics.toml.
pub const BUNDLED_SHOW: &str = "corepy";

/// Options for reading inputs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The input format; found from the extension and the content when `None`.
    pub format: Option<InputFormat>,
    pub order: Order,
    /// A Podcasting 2.0 chapters file to attach (to the only episode of the input).
    pub chapters: Option<PathBuf>,
    /// The show every episode belongs to, whatever the inputs say (a show id, title or alias, or a new
    /// show's name).
    pub show: Option<String>,
    /// People who host every episode, besides the show's hosts.
    pub hosts: Vec<String>,
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
    corpus.set_show(Some(BUNDLED_SHOW), &[]);
    corpus
}

/// Read every input (files, or folders of them) into one corpus; no inputs means the bundled corpus.
/// Folders are read in name order, taking the files whose extension names a known format.
pub fn read_inputs(paths: &[PathBuf], options: &IngestOptions) -> Result<Corpus, IngestError> {
    if paths.is_empty() {
        return Ok(bundled());
    }
    read_files(&InputFiles::find(paths)?, options)
}

/// [`read_inputs`] of files already found.
pub(crate) fn read_files(
    files: &InputFiles,
    options: &IngestOptions,
) -> Result<Corpus, IngestError> {
    let mut corpus = Corpus {
        warnings: files.warnings.clone(),
        ..Corpus::default()
    };
    // The show of the inputs as a whole: the one every input names, if they agree. Each input's show and
    // hosts are already given to its own episodes, so inputs of several shows keep theirs.
    let mut shows: Vec<Show> = Vec::new();
    // Files are read and parsed on every core (a folder of transcripts is hundreds of files), then taken
    // in name order, so the corpus, its warnings and the first error are those of reading them in turn.
    let parts: Vec<Result<FileRead, IngestError>> = {
        use rayon::prelude::*;
        (0..files.len())
            .into_par_iter()
            .map(|index| files.read(index, options))
            .collect()
    };
    for part in parts {
        let part = match part? {
            FileRead::Read(part) => part,
            FileRead::Skipped(warning) => {
                corpus.warnings.push(warning);
                continue;
            }
        };
        if !shows.contains(&part.show) {
            shows.push(part.show);
        }
        if corpus.episodes.is_empty() {
            corpus.episodes = part.episodes; // No copy of a large file's episodes.
        } else {
            corpus.episodes.extend(part.episodes);
        }
        corpus.warnings.extend(part.warnings);
    }
    if let [only] = shows.as_slice() {
        corpus.show = only.clone();
    }
    if corpus.episodes.is_empty() {
        return Err(files.no_episodes());
    }
    // Episodes of different files with the same show and number are one episode: the graph merges them.
    if let Some(chapters) = &options.chapters {
        attach_chapters(&mut corpus, chapters)?;
    }
    corpus.set_show(options.show.as_deref(), &options.hosts);
    Ok(corpus)
}

/// The files that inputs name, in the order they are read: a file as given, a folder's files in name
/// order (one format of each transcript, see [`looks_like_transcript`]). Reading them one at a time is
/// what lets a graph be built without holding every file's words at once
/// ([`crate::KnowledgeGraph::build_from_inputs`]).
#[derive(Debug, Clone)]
pub struct InputFiles {
    /// Each file, and whether it was named as an input (a file found in a folder that holds no show
    /// notes is skipped with a warning; one named is an error).
    files: Vec<(PathBuf, bool)>,
    /// What finding them said: the transcripts left out for another format of the same episode.
    warnings: Vec<Warning>,
    /// The first input, for the error of inputs that hold no episode.
    first: PathBuf,
}

/// What reading one input file gave: its episodes, or why it was skipped.
#[derive(Debug)]
pub(crate) enum FileRead {
    Read(Corpus),
    Skipped(Warning),
}

impl InputFiles {
    /// The files of `paths` (files, or folders of them). An error for a folder that cannot be listed or
    /// holds no file of a known format.
    pub fn find(paths: &[PathBuf]) -> Result<Self, IngestError> {
        let mut files: Vec<(PathBuf, bool)> = Vec::new();
        let mut warnings = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut found = folder_files(path)?;
                warnings.extend(transcript::one_format_per_episode(path, &mut found));
                files.extend(found.into_iter().map(|f| (f, false)));
            } else {
                files.push((path.clone(), true));
            }
        }
        let first = paths.first().cloned().unwrap_or_default();
        Ok(InputFiles {
            files,
            warnings,
            first,
        })
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files, in the order they are read.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(path, _)| path.as_path())
    }

    /// What finding the files warned of, before any is read.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Read file `index` as [`read_inputs`] reads it, before `options.show`, `options.hosts` and
    /// `options.chapters` are given to the episodes ([`Corpus::set_show`] does the first two). A file
    /// found in a folder that turns out to hold no show notes is skipped, with a warning; any other error
    /// is the caller's.
    pub(crate) fn read(
        &self,
        index: usize,
        options: &IngestOptions,
    ) -> Result<FileRead, IngestError> {
        let (file, named) = &self.files[index];
        match read_file(file, options) {
            Ok(part) => Ok(FileRead::Read(part)),
            Err(error) if !named && !matches!(error, IngestError::Io { .. }) => {
                Ok(FileRead::Skipped(Warning::new(
                    Source::new(Some(file), 0),
                    WarningKind::SkippedFile,
                    format!("skipped: {}", error::with_causes(&error)),
                )))
            }
            Err(error) => Err(error),
        }
    }

    /// Whether file `index` gives the same episodes when read again: a regular file, not standard input
    /// or a pipe.
    pub(crate) fn rereadable(&self, index: usize) -> bool {
        let path = &self.files[index].0;
        !path.starts_with("/dev")
            && !path.starts_with("/proc")
            && std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }

    /// Whether file `index` may be a transcript, by its extension (`.vtt`, `.srt`, `.txt`): the files
    /// whose words are worth letting go of early. Others (notes, feeds) are small beside them.
    pub(crate) fn may_be_transcript(&self, index: usize) -> bool {
        let path = &self.files[index].0;
        let ext = path.extension().and_then(|e| e.to_str());
        ext.is_some_and(|ext| {
            transcript::BY_PREFERENCE
                .iter()
                .any(|t| t.eq_ignore_ascii_case(ext))
        })
    }

    /// The error of a file that gave other episodes when read again.
    pub(crate) fn changed(&self, index: usize) -> IngestError {
        IngestError::ChangedWhileRead {
            path: self.files[index].0.clone(),
        }
    }

    /// The error of inputs whose files hold no episode.
    pub(crate) fn no_episodes(&self) -> IngestError {
        IngestError::NoEpisodes {
            path: self.first.clone(),
        }
    }
}

/// The files of a folder whose extension names a format, in name order.
fn folder_files(path: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let entries = std::fs::read_dir(path).map_err(IngestError::io(path))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && InputFormat::from_extension(p).is_some())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(IngestError::NoShowNotesInFolder {
            path: path.to_path_buf(),
            extensions: InputFormat::known_extensions(),
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
    corpus.set_show(options.show.as_deref(), &options.hosts);
    Ok(corpus)
}

/// Replace the chapters of the corpus's only episode with those of a Podcasting 2.0 chapters file. An error
/// when the corpus has more than one episode.
pub fn attach_chapters(corpus: &mut Corpus, chapters_path: &Path) -> Result<(), IngestError> {
    let [episode] = corpus.episodes.as_mut_slice() else {
        return Err(IngestError::ChaptersNeedOneEpisode {
            path: chapters_path.to_path_buf(),
            episodes: corpus.episodes.len(),
        });
    };
    let chapters = podcasting::read_chapters_file(chapters_path, &mut corpus.warnings)?;
    episode.chapters = chapters.into();
    episode.assign_sections();
    Ok(())
}

/// Read one input file, without `options.chapters`.
fn read_file(path: &Path, options: &IngestOptions) -> Result<Corpus, IngestError> {
    if let Some(mut corpus) = stream::read_lines_in_blocks(path, options.format)? {
        numbering::number_and_dedupe(&mut corpus, options.order);
        corpus.apply_show();
        return Ok(corpus);
    }
    let bytes = open::read_bytes(path, open::LARGE_FILE_MAX).map_err(IngestError::io(path))?;
    let text = decode_utf8(path, &bytes)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let format = InputFormat::of_file(path, text, options.format);
    let corpus = read_str(text, Some(path), format, options)?;
    if corpus.episodes.is_empty() {
        return Err(IngestError::NoEpisodes {
            path: path.to_path_buf(),
        });
    }
    Ok(corpus)
}

/// Read show notes held in memory. `path` names them in messages (`None` for the bundled corpus).
pub fn read_str(
    text: &str,
    path: Option<&Path>,
    format: InputFormat,
    options: &IngestOptions,
) -> Result<Corpus, IngestError> {
    let mut corpus = format.reader()(text, path)?;
    if corpus.episodes.is_empty() && !corpus.warnings.is_empty() {
        // Nothing to show but the warnings: they say why, and go with the error.
        return Err(IngestError::AllRejected {
            path: error::error_path(path),
            warnings: corpus.warnings,
        });
    }
    numbering::number_and_dedupe(&mut corpus, options.order);
    corpus.apply_show();
    Ok(corpus)
}

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
}
