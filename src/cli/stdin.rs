//! `-` as an input: standard input, read as a file would be (its format from `--input-format` or its
//! content), so every reader and every error message of the library applies to it unchanged.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Whether a path given on the command line means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The path to read for an input: standard input's own file for `-`, else the path as given.
pub fn path_for(path: &Path) -> Result<PathBuf> {
    if !is_stdin(path) {
        return Ok(path.to_path_buf());
    }
    if cfg!(unix) {
        Ok(PathBuf::from("/dev/stdin"))
    } else {
        anyhow::bail!(
            "`-` (standard input) is read on Unix only; save the input to a file and give its path"
        )
    }
}

/// The text of an argument that may be `-`: standard input's whole text for `-`, else the argument. Standard
/// input gives at most as much as a small input file may hold.
pub fn text_or_stdin(text: String) -> Result<String> {
    if text != "-" {
        return Ok(text);
    }
    let limit = castgraph::ingest::SMALL_FILE_MAX;
    let mut read = String::new();
    std::io::stdin()
        .take(limit + 1)
        .read_to_string(&mut read)
        .context("reading standard input (as UTF-8 text)")?;
    if read.len() as u64 > limit {
        return Err(castgraph::ingest::InputFileError::TooLarge { limit })
            .context("reading standard input");
    }
    Ok(read)
}
