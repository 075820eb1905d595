//! One taxonomy file's text, parsed, and the index that turns a byte span into line and column.
//!
//! Every alias, pattern and id carries a location, so locating must not rescan the text: the index holds
//! where each line starts and how many characters precede every 256-byte block, so a column costs at most
//! one block's worth of counting however long the line (200,000 aliases may share one line).

use std::ops::Range;

use super::error::{Location, SyntaxError, TaxonomyError};
use super::raw::RawFile;

/// Characters are counted from a checkpoint every `1 << BLOCK_BITS` bytes.
const BLOCK_BITS: u32 = 8;

pub(super) struct SourceFile {
    name: String,
    text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Characters before the start of each block of `1 << BLOCK_BITS` bytes.
    block_chars: Vec<usize>,
}

impl SourceFile {
    pub(super) fn new(name: &str, text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let mut block_chars = vec![0];
        for block in text.as_bytes().chunks(1 << BLOCK_BITS) {
            let before = block_chars.last().copied().unwrap_or_default();
            block_chars.push(before + char_starts(block));
        }
        SourceFile {
            name: name.to_string(),
            text: text.to_string(),
            line_starts,
            block_chars,
        }
    }

    pub(super) fn parse(&self) -> Result<RawFile, TaxonomyError> {
        toml::from_str(&self.text).map_err(|e| TaxonomyError::Syntax {
            at: self.locate(e.span().unwrap_or(0..0)),
            source: SyntaxError::toml(e),
        })
    }

    pub(super) fn locate(&self, span: Range<usize>) -> Location {
        let offset = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        Location {
            file: self.name.clone(),
            line,
            column: self.chars_before(offset) - self.chars_before(line_start) + 1,
        }
    }

    /// How many characters precede a byte offset.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset >> BLOCK_BITS;
        let block_start = block << BLOCK_BITS;
        self.block_chars[block] + char_starts(&self.text.as_bytes()[block_start..offset])
    }
}

/// How many characters start in these bytes (UTF-8 continuation bytes are `10xxxxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes_across_blocks() {
        let line = format!("{}ł{}x", "é".repeat(300), "a".repeat(400));
        let text = format!("first\n{line}\n");
        let file = SourceFile::new("f", &text);
        let x = text.find('x').unwrap();
        let at = file.locate(x..x + 1);
        assert_eq!((at.line, at.column), (2, line.chars().count()));
        assert_eq!(file.locate(0..1).column, 1);
        let end = file.locate(text.len()..text.len());
        assert_eq!((end.line, end.column), (3, 1));
    }
}
