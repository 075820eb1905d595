//! Large files of one episode per line (the layout of generated archives), read a block of lines at a time
//! so that the whole file is never in memory beside its episodes.
//!
//! The next block is read while the one before is parsed on both cores; a README figure (100k episodes)
//! depends on it. Any other layout, or a file that is not UTF-8, is left to the whole-file reader, which
//! gives the same episodes or the error that names the line.

use std::path::Path;

use super::error::IngestError;
use super::format::InputFormat;
use super::model::{Corpus, Episode, Warning};
use super::text;

/// Files at least this large are read a block at a time when they hold one episode per line (the layout
/// of large generated archives), so that the whole file is never in memory beside its episodes.
const STREAM_BYTES: u64 = 16 << 20;
/// The size of a block; the first also holds at least [`SNIFF_LINES`] lines.
const BLOCK_BYTES: usize = 8 << 20;
/// The lines the format and layout are told from (see [`InputFormat::sniff`]).
const SNIFF_LINES: usize = 10_000;

/// A large plain-text file with one episode per line, read a block of lines at a time. `None` when the
/// file is small, not such a file, or not UTF-8: it is then read whole, which gives the same episodes, or
/// the error that names the line.
pub(super) fn read_lines_in_blocks(
    path: &Path,
    given: Option<InputFormat>,
) -> Result<Option<Corpus>, IngestError> {
    read_lines_in_blocks_of(path, given, STREAM_BYTES, BLOCK_BYTES, SNIFF_LINES)
}

fn read_lines_in_blocks_of(
    path: &Path,
    given: Option<InputFormat>,
    stream_bytes: u64,
    block_bytes: usize,
    sniff_lines: usize,
) -> Result<Option<Corpus>, IngestError> {
    use std::io::{BufRead, Read};
    let io_error = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Anything but a regular file (a pipe, a device) is left to the whole-file reader, which refuses or reads it.
    let Some(file) =
        super::open::open_regular(path, super::open::LARGE_FILE_MAX).map_err(io_error)?
    else {
        return Ok(None);
    };
    let size = file.metadata().map_err(io_error)?.len();
    if size < stream_bytes || given.is_some_and(|f| f != InputFormat::Text) {
        return Ok(None);
    }
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    // A block of whole lines, read into the room of a block already parsed; the first holds enough lines to
    // tell the format and layout as reading the whole file would.
    let mut read_block = |min_lines: usize, mut block: Vec<u8>| -> std::io::Result<Vec<u8>> {
        block.clear();
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
        if first_line == 1 && !is_one_episode_per_line_file(path, &block, given) {
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
fn is_one_episode_per_line_file(
    path: &Path,
    first_block: &[u8],
    given: Option<InputFormat>,
) -> bool {
    let Ok(text) = std::str::from_utf8(first_block) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return false; // The format shows only further on: the whole-file reader looks there.
    }
    match given {
        // Sniffing found no headings in the text, or it would be Markdown.
        None => InputFormat::of_file(path, text, None) == InputFormat::Text,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;
    use crate::ingest::numbering::number_and_dedupe;

    /// A file read in blocks (tiny ones), and read whole as `read_file` reads small files.
    fn in_blocks_and_whole(text: &str) -> (Option<Corpus>, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, text).unwrap();
        let options = IngestOptions::default();
        let blocks = read_lines_in_blocks_of(&path, options.format, 0, 64, 4)
            .unwrap()
            .map(|mut corpus| {
                number_and_dedupe(&mut corpus, options.order);
                corpus
            });
        (blocks, crate::ingest::read_file(&path, &options).unwrap())
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
}
