//! Joined texts: an episode's texts joined by newlines, to be scanned as one, and where each match falls
//! back in its own text.

use std::ops::Range;

/// Where the texts joined by newlines, to be scanned as one, are in the joined text.
pub(super) struct Joined<'t> {
    texts: &'t [&'t str],
    /// Where each text starts in the joined text, and the joined text's length at the end.
    starts: Vec<usize>,
    /// The texts a match ran past the end of: they are tagged alone.
    pub(super) alone: Vec<bool>,
}

impl<'t> Joined<'t> {
    /// The joined text and where its texts are.
    pub(super) fn new(texts: &'t [&'t str]) -> (String, Self) {
        let mut text = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        let mut starts = Vec::with_capacity(texts.len() + 1);
        for t in texts {
            starts.push(text.len());
            text.push_str(t);
            text.push('\n');
        }
        starts.push(text.len());
        let joined = Joined {
            texts,
            starts,
            alone: vec![false; texts.len()],
        };
        (text, joined)
    }

    /// The text a match starts in, and the match relative to it; `None` (and those texts marked to be
    /// tagged alone) when it runs past its text's end.
    pub(super) fn place(&mut self, span: Range<usize>) -> Option<(usize, Range<usize>)> {
        let starts = &self.starts;
        let i = starts.partition_point(|&s| s <= span.start) - 1;
        let end = starts[i] + self.texts[i].len();
        if span.end > end {
            let last = starts.partition_point(|&s| s < span.end) - 1;
            self.alone[i..=last.min(self.texts.len() - 1)].fill(true);
            return None;
        }
        Some((i, span.start - starts[i]..span.end - starts[i]))
    }
}
