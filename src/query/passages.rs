//! Transcript passages for the words fallback. A graph keeps none of a transcript's words (the contract
//! keeps its counts), so the passages are read from the inputs before the graph is built, once per
//! question: only the passages that say one of the question's words are kept (their start, length, word
//! counts and the words around the first match), with what BM25 needs of the rest (how many passages,
//! how many words). An index of every word of a thousand transcripts would hold their text twice over;
//! this holds a few lines per matching passage.

use std::collections::BTreeMap;

use super::words::{question_terms, term};
use crate::graph::{SNIPPET_CHARS, episode_id, window_around};
use crate::ingest::{Corpus, Passage, Transcript};
use crate::taxonomy::Taxonomy;

/// The transcript passages that say a question's words, by episode; see the module's documentation.
#[derive(Debug, Clone, Default)]
pub struct PassageIndex {
    /// The question's terms, folded as [`super::words`] folds them.
    pub(super) terms: Vec<String>,
    /// How many passages were read, matching or not, and their words in all: BM25's collection.
    pub(super) passages: usize,
    pub(super) words: usize,
    /// How many passages say each term (by index in `terms`).
    pub(super) df: Vec<usize>,
    /// The matching passages of each episode (by node id), in time order.
    pub(super) episodes: BTreeMap<String, Vec<PassageMatch>>,
}

/// A passage that says at least one of the question's words.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PassageMatch {
    /// Its start and how long it lasts, in seconds.
    pub(super) start: u32,
    pub(super) seconds: u32,
    /// How many words it has.
    pub(super) words: usize,
    /// How often it says each term (by index in the index's `terms`; zero for those it does not say).
    pub(super) tf: Vec<u32>,
    /// The first word matched, as written, and the words around it; the words only for the first
    /// passages of an episode (as many as an answer shows), the rest are counted, not quoted.
    pub(super) matched: String,
    pub(super) snippet: Option<String>,
}

impl PassageIndex {
    /// Read the transcripts of `corpus` for the words of `question`, keeping the words around a match for
    /// the first `quote` matching passages of each episode. An episode given by several inputs is read
    /// once, from the first transcript given, as the graph keeps it.
    pub fn scan(corpus: &Corpus, taxonomy: &Taxonomy, question: &str, quote: usize) -> Self {
        let terms = question_terms(question);
        let mut index = PassageIndex {
            df: vec![0; terms.len()],
            terms,
            ..Default::default()
        };
        if index.terms.is_empty() {
            return index;
        }
        let mut seen = std::collections::HashSet::new();
        for episode in &corpus.episodes {
            let Some(transcript) = episode.transcript.as_ref().filter(|t| !t.is_empty()) else {
                continue;
            };
            let id = episode_id(episode, taxonomy);
            if seen.insert(id.clone()) {
                index.read(id, transcript, quote);
            }
        }
        index
    }

    /// Whether any passage says any of the words.
    pub fn is_empty(&self) -> bool {
        self.episodes.is_empty()
    }

    /// Read one episode's transcript.
    fn read(&mut self, id: String, transcript: &Transcript, quote: usize) {
        let mut found = Vec::new();
        for (i, passage) in transcript.iter().enumerate() {
            self.passages += 1;
            let seconds = transcript.length(i).unwrap_or(0);
            let quoted = found.len() < quote;
            if let Some(m) = self.match_passage(passage, seconds, quoted) {
                found.push(m);
            }
        }
        if !found.is_empty() {
            self.episodes.insert(id, found);
        }
    }

    /// The passage's words counted into the collection, and a match when it says a term; with `quoted`,
    /// the words around the first word matched.
    fn match_passage(
        &mut self,
        passage: Passage<'_>,
        seconds: u32,
        quoted: bool,
    ) -> Option<PassageMatch> {
        let mut tf = vec![0u32; self.terms.len()];
        let mut first: Option<std::ops::Range<usize>> = None;
        let mut words = 0;
        for (at, word) in word_spans(passage.text) {
            words += 1;
            if !could_be_a_term(word, &self.terms) {
                continue;
            }
            let folded = term(word);
            if let Some(k) = self.terms.iter().position(|t| *t == folded) {
                tf[k] += 1;
                first.get_or_insert(at..at + word.len());
            }
        }
        self.words += words;
        let span = first?;
        for (k, &n) in tf.iter().enumerate() {
            if n > 0 {
                self.df[k] += 1;
            }
        }
        let snippet = quoted.then(|| {
            let window = window_around(passage.text, span.clone(), SNIPPET_CHARS);
            passage.text[window].to_string()
        });
        Some(PassageMatch {
            start: passage.seconds,
            seconds,
            words,
            tf,
            matched: passage.text[span].to_string(),
            snippet,
        })
    }
}

/// The words of a text and where each starts, split as [`super::words`] splits them.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether folding `word` could give one of `terms`: an ASCII word folds to itself lowercased, less a
/// plural's `s` or `ies` (one or two bytes longer than the term), so most words are ruled out by their
/// length and first letter without folding them. Other words are folded to be sure.
fn could_be_a_term(word: &str, terms: &[String]) -> bool {
    if !word.is_ascii() {
        return true;
    }
    let first = word.as_bytes()[0].to_ascii_lowercase();
    terms.iter().any(|t| {
        (t.len()..=t.len() + 2).contains(&word.len()) && t.as_bytes().first() == Some(&first)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_too_short_or_too_long_for_every_term_is_not_folded() {
        let terms = vec!["terminal".to_string(), "library".to_string()];
        assert!(could_be_a_term("Terminals", &terms));
        assert!(could_be_a_term("libraries", &terms));
        assert!(!could_be_a_term("term", &terms));
        assert!(!could_be_a_term("terminology", &terms));
        assert!(!could_be_a_term("xerminal", &terms));
        // Non-ASCII words fold to ASCII ("Łukasz" is "lukasz"): always folded.
        assert!(could_be_a_term("Łukasz", &terms));
    }

    #[test]
    fn word_spans_say_where_each_word_starts() {
        let spans: Vec<(usize, &str)> = word_spans("so, the Vasa—sank.").collect();
        assert_eq!(spans, [(0, "so"), (4, "the"), (8, "Vasa"), (15, "sank")]);
    }
}
