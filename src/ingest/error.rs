//! Why an input could not be read at all, and where: the errors of ingest and the helpers that locate them
//! (a path for in-memory input, the line and column of a byte offset, the first byte that is not UTF-8).
//!
//! Messages name the file and place and say what to fix; they never name a command-line flag (the CLI adds
//! those hints as context).

use std::path::{Path, PathBuf};

use super::model::{BUNDLED_NAME, Warning};

/// Errors that stop ingestion of an input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    #[error("cannot read `{path}` (check that it exists and is readable)")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
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
         `(00:18:22) Title`, notes whose items are headings (`## Title`, `**Title**`), RSS/Atom feeds, JSON \
         and transcripts"
    )]
    NoEpisodes { path: PathBuf },
    /// Everything the input held was rejected: every warning saying why is kept, the first few are shown.
    #[error("no episode could be read from `{path}`; everything in it was rejected:{}", summary(.warnings))]
    AllRejected {
        path: PathBuf,
        warnings: Vec<Warning>,
    },
    /// A syntax error of the input's format (`XML`, `JSON`); the parser's own message is the source.
    #[error("`{path}`:{line}:{column}: malformed {format} (correct the {format} there)")]
    Malformed {
        path: PathBuf,
        format: &'static str,
        line: usize,
        column: usize,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// `extensions` lists those of every format (`.txt, .md, ...`).
    #[error(
        "the folder `{path}` holds no show notes ({extensions}); give the files one of these extensions"
    )]
    NoShowNotesInFolder { path: PathBuf, extensions: String },
    #[error(
        "`{path}` gives the chapters of one episode, but the input has {episodes} episodes; give the show \
         notes of that one episode"
    )]
    ChaptersNeedOneEpisode { path: PathBuf, episodes: usize },
    #[error(
        "`{path}` is not a Podcasting 2.0 chapters file; write it as `{{\"version\": \"1.2.0\", \"chapters\": \
         [{{\"startTime\": 0, \"title\": \"Intro\"}}]}}`"
    )]
    NotChaptersFile { path: PathBuf },
    #[error(
        "`{path}`: the JSON is not a list of episodes; give an array of episodes (`[{{\"number\": 1, \
         \"description\": \"...\"}}]`), `{{\"episodes\": [...]}}`, or a Podcasting 2.0 chapters file"
    )]
    NotEpisodesJson { path: PathBuf },
    /// A file read twice (its episode is merged with another input's, after its words were let go) gave
    /// other episodes the second time.
    #[error("`{path}` changed while it was read; run again once nothing writes to it")]
    ChangedWhileRead { path: PathBuf },
}

impl IngestError {
    pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IngestError + '_ {
        move |source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How many warnings an [`IngestError::AllRejected`] message shows.
const SHOWN_WARNINGS: usize = 3;

/// The first warnings, a line each, and how many more there are.
fn summary(warnings: &[Warning]) -> String {
    let mut text = String::new();
    for warning in warnings.iter().take(SHOWN_WARNINGS) {
        text.push_str(&format!("\n  {warning}"));
    }
    if let Some(more) = warnings
        .len()
        .checked_sub(SHOWN_WARNINGS)
        .filter(|&n| n > 0)
    {
        text.push_str(&format!("\n  (and {more} more)"));
    }
    text
}

/// An error and its causes, `: `-separated, for a warning that reports an error in its text.
pub(super) fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        text.push_str(": ");
        text.push_str(&error.to_string());
        cause = error.source();
    }
    text
}

/// The path to name in an error about input read from `path` (`None`: the bundled corpus).
pub(super) fn error_path(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from(BUNDLED_NAME), Path::to_path_buf)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`; an offset past the end or inside a
/// character counts up to there.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
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

/// The bytes as text, or the error naming the line and column of the first byte that is not UTF-8.
pub(super) fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, IngestError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column_of_bytes(&bytes[..e.valid_up_to()]);
        IngestError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// The line and column just after `valid`, which is valid UTF-8.
fn line_column_of_bytes(valid: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(valid).unwrap_or_default();
    line_column(text, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_and_tolerates_odd_offsets() {
        assert_eq!(line_column("ab\nłcd", 6), (2, 3));
        assert_eq!(line_column("ab\nłcd", 4), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn messages_name_the_file_and_no_command_line_flag() {
        let path = || PathBuf::from("in.txt");
        let errors = [
            IngestError::io(Path::new("in.txt"))(std::io::Error::other("gone")),
            IngestError::NotUtf8 {
                path: path(),
                line: 1,
                column: 1,
            },
            IngestError::Empty { path: path() },
            IngestError::NoEpisodes { path: path() },
            IngestError::AllRejected {
                path: path(),
                warnings: Vec::new(),
            },
            IngestError::Malformed {
                path: path(),
                format: "XML",
                line: 1,
                column: 1,
                source: "bad".into(),
            },
            IngestError::NoShowNotesInFolder {
                path: path(),
                extensions: ".txt".into(),
            },
            IngestError::ChaptersNeedOneEpisode {
                path: path(),
                episodes: 2,
            },
            IngestError::NotChaptersFile { path: path() },
            IngestError::NotEpisodesJson { path: path() },
            IngestError::ChangedWhileRead { path: path() },
        ];
        for err in errors {
            let message = err.to_string();
            assert!(message.contains("`in.txt`"), "{message}");
            assert!(!message.contains("--"), "{message}");
            assert!(
                message.starts_with(|c: char| !c.is_uppercase()),
                "{message}"
            );
        }
    }

    #[test]
    fn causes_follow_the_error() {
        let err = IngestError::io(Path::new("x.txt"))(std::io::Error::other("gone"));
        assert_eq!(
            with_causes(&err),
            "cannot read `x.txt` (check that it exists and is readable): gone"
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
}
