//! Words as a fallback: when a question names nothing an episode discusses, its words are looked up in
//! the notes themselves (chapter titles, the words under untimed headings, descriptions) and, when the
//! question was asked of the inputs, in the transcript passages ([`super::passages`]), ranked by BM25
//! over all those places as one collection, episodes with all the words first. Sixty lines of scoring do
//! not need a search engine's crate; the graph is already in memory.

use std::collections::{BTreeMap, BTreeSet};

use super::passages::{PassageIndex, PassageMatch};
use super::rank::{Place, airtime};
use super::{Coverage, Hit, MatchKind};
use crate::graph::{Evidence, EvidenceSource, KnowledgeGraph, Node, PassageSpan};
use crate::ingest::Timestamp;
use crate::model::NodeKind;

/// BM25's usual constants: how soon repeating a word stops adding, and how much a long place is damped.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Words that ask or join rather than name.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "by",
    "cover",
    "covers",
    "did",
    "discuss",
    "discusses",
    "do",
    "does",
    "episode",
    "episodes",
    "for",
    "from",
    "has",
    "have",
    "how",
    "i",
    "in",
    "is",
    "it",
    "mention",
    "mentions",
    "of",
    "on",
    "or",
    "talk",
    "talks",
    "that",
    "the",
    "this",
    "to",
    "was",
    "we",
    "what",
    "where",
    "which",
    "who",
    "with",
];

/// One place's words: the episode, where, the text's kind and the words in it.
struct Doc<'g> {
    episode: &'g Node,
    place: Place,
    /// (folded term, original word) for each word of the place.
    words: Vec<(String, &'g str)>,
}

/// The terms a question is searched by: its words folded, without those that ask or join, each once.
pub(super) fn question_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = words(&super::resolve::strip_asking(text))
        .map(|(term, _)| term)
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// BM25's collection: how many places there are, their average length in words, and for each term its
/// inverse document frequency.
struct Collection {
    average: f64,
    idf: Vec<f64>,
}

impl Collection {
    fn new(terms: &[String], docs: &[Doc], passages: Option<&PassageIndex>) -> Self {
        let passage_count = passages.map_or(0, |p| p.passages);
        let n = (docs.len() + passage_count) as f64;
        let words =
            docs.iter().map(|d| d.words.len()).sum::<usize>() + passages.map_or(0, |p| p.words);
        let idf = terms
            .iter()
            .enumerate()
            .map(|(k, term)| {
                let in_notes = docs
                    .iter()
                    .filter(|d| d.words.iter().any(|(t, _)| t == term))
                    .count();
                let df = (in_notes + passages.map_or(0, |p| p.df[k])) as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        Collection {
            average: (words as f64 / n.max(1.0)).max(1.0),
            idf,
        }
    }

    /// The BM25 score of a place `length` words long that says term `k` `tf` times.
    fn score(&self, k: usize, tf: f64, length: usize) -> f64 {
        let damp = K1 * (1.0 - B + B * length as f64 / self.average);
        self.idf[k] * tf * (K1 + 1.0) / (tf + damp)
    }
}

/// The episodes whose notes (and, given `passages` scanned for the same question, whose transcripts) say
/// the words of the question `text`, best first: all the words before some of them (only all of them
/// when `require_all`), then by BM25 score summed over the places that say them.
pub(super) fn search(
    kg: &KnowledgeGraph,
    text: &str,
    require_all: bool,
    passages: Option<&PassageIndex>,
) -> Vec<Hit> {
    let terms = question_terms(text);
    // An index scanned for another question has other terms: its passages cannot be scored by these.
    let passages = passages.filter(|p| p.terms == terms);
    if terms.is_empty() {
        return Vec::new();
    }
    let docs: Vec<Doc> = kg
        .nodes()
        .filter(|n| n.kind == NodeKind::Episode)
        .flat_map(docs_of)
        .collect();
    if docs.is_empty() && passages.is_none_or(PassageIndex::is_empty) {
        return Vec::new();
    }
    let collection = Collection::new(&terms, &docs, passages);
    let mut episodes: BTreeMap<&str, Found> = BTreeMap::new();
    for doc in &docs {
        for (k, term) in terms.iter().enumerate() {
            let tf = doc.words.iter().filter(|(t, _)| t == term).count();
            if tf == 0 {
                continue;
            }
            let found = episodes
                .entry(&doc.episode.id)
                .or_insert_with(|| Found::new(doc.episode));
            found.score += collection.score(k, tf as f64, doc.words.len());
            found.terms.insert(k);
            let word = doc.words.iter().find(|(t, _)| t == term).map(|w| w.1);
            found
                .evidence
                .push((doc.place, word.unwrap_or(term.as_str()).to_string()));
        }
    }
    for (id, matches) in passages.iter().flat_map(|p| &p.episodes) {
        let Some(node) = kg.node(id) else {
            continue;
        };
        let found = episodes
            .entry(node.id.as_str())
            .or_insert_with(|| Found::new(node));
        for m in matches {
            found.add_passage(&collection, m);
        }
    }
    let mut found: Vec<Found> = episodes
        .into_values()
        .filter(|f| !require_all || f.terms.len() == terms.len())
        .collect();
    found.sort_by(|a, b| {
        b.terms
            .len()
            .cmp(&a.terms.len())
            .then(b.score.total_cmp(&a.score))
            .then(b.episode.number.cmp(&a.episode.number))
            .then(a.episode.id.cmp(&b.episode.id))
    });
    found.into_iter().map(|f| f.into_hit(&terms)).collect()
}

/// An episode the words were found in.
struct Found<'g> {
    episode: &'g Node,
    score: f64,
    /// Which terms (by index) it says.
    terms: BTreeSet<usize>,
    /// Where in the notes, and the word as written there.
    evidence: Vec<(Place, String)>,
    /// The transcript passages that say them, and the words around them in the first few.
    passages: Vec<PassageSpan>,
    quoted: Vec<Evidence>,
}

impl<'g> Found<'g> {
    fn new(episode: &'g Node) -> Self {
        Found {
            episode,
            score: 0.0,
            terms: BTreeSet::new(),
            evidence: Vec::new(),
            passages: Vec::new(),
            quoted: Vec::new(),
        }
    }

    /// A passage that says some of the terms: its score, its terms, its airtime and, when the index kept
    /// its words, an item of evidence with the link to its start.
    fn add_passage(&mut self, collection: &Collection, m: &PassageMatch) {
        for (k, &tf) in m.tf.iter().enumerate() {
            if tf > 0 {
                self.score += collection.score(k, f64::from(tf), m.words);
                self.terms.insert(k);
            }
        }
        self.passages.push(PassageSpan {
            start: m.start,
            seconds: m.seconds,
        });
        if let Some(snippet) = &m.snippet {
            let node = self.episode;
            self.quoted.push(Evidence {
                source: Some(EvidenceSource::Transcript),
                start: Some(Timestamp(m.start)),
                seconds: Some(m.start),
                title: None,
                matched: m.matched.clone(),
                text: Some(snippet.clone()),
                link: crate::graph::moment_link(
                    node.audio.as_deref(),
                    node.url.as_deref(),
                    Some(m.start),
                ),
            });
        }
    }

    fn into_hit(self, terms: &[String]) -> Hit {
        let node = self.episode;
        let places: Vec<Place> = self.evidence.iter().map(|(p, _)| *p).collect();
        let (seconds, spans) = airtime(node, &places, &self.passages);
        let coverage = match (terms.len(), self.terms.len() == terms.len()) {
            (1, _) => None,
            (2, true) => Some(Coverage::Both),
            (2, false) => Some(Coverage::Either),
            (_, true) => Some(Coverage::All),
            (_, false) => Some(Coverage::Any),
        };
        let covers = if coverage.is_some() {
            self.terms.iter().map(|&k| terms[k].clone()).collect()
        } else {
            Vec::new()
        };
        let mut evidence: Vec<Evidence> = self
            .evidence
            .into_iter()
            .map(|(place, word)| evidence_at(node, place, word))
            .chain(self.quoted)
            .collect();
        evidence.sort_by(|a, b| {
            (a.seconds.is_some(), a.seconds, &a.title).cmp(&(
                b.seconds.is_some(),
                b.seconds,
                &b.title,
            ))
        });
        let evidence = super::one_per_place(evidence);
        // Passages past the first few are counted, not quoted.
        let quoted: BTreeSet<u32> = evidence
            .iter()
            .filter(|e| e.source == Some(EvidenceSource::Transcript))
            .filter_map(|e| e.seconds)
            .collect();
        let unquoted = self
            .passages
            .iter()
            .filter(|p| !quoted.contains(&p.start))
            .count();
        Hit {
            episode: node.id.clone(),
            show: node.show.clone(),
            number: node.number,
            title: node.title.clone(),
            label: node.label.clone(),
            match_kind: MatchKind::Words,
            via: None,
            role: None,
            seconds,
            spans,
            coverage,
            covers,
            count: evidence.len() + unquoted,
            evidence,
        }
    }
}

/// An item of evidence for a word found at `place`, with the link to that moment.
fn evidence_at(node: &Node, place: Place, word: String) -> Evidence {
    let chapter = match place {
        Place::Chapter(i) => node.chapters.as_ref().and_then(|c| c.seconds_and_title(i)),
        _ => None,
    };
    let (source, seconds, title) = match chapter {
        Some((seconds, title)) => (EvidenceSource::Chapter, seconds, Some(title.into())),
        None => (EvidenceSource::Description, None, None),
    };
    Evidence {
        source: Some(source),
        start: seconds.map(Timestamp),
        seconds,
        title,
        matched: word,
        text: None,
        link: crate::graph::moment_link(node.audio.as_deref(), node.url.as_deref(), seconds),
    }
}

/// An episode's places with their words: the description and each chapter's title with the words under it.
fn docs_of(node: &Node) -> Vec<Doc<'_>> {
    let mut docs = Vec::new();
    // The title is read with the description: both say what the whole episode is about.
    let about: Vec<(String, &str)> = node
        .title
        .iter()
        .chain(&node.description)
        .flat_map(|text| words(text))
        .collect();
    if !about.is_empty() {
        docs.push(Doc {
            episode: node,
            place: Place::Description,
            words: about,
        });
    }
    if let Some(chapters) = node.chapters.as_ref() {
        for (i, chapter) in chapters.iter().enumerate() {
            let mut words: Vec<(String, &str)> = words(chapter.title).collect();
            words.extend(chapter.text.into_iter().flat_map(self::words));
            docs.push(Doc {
                episode: node,
                place: Place::Chapter(i),
                words,
            });
        }
    }
    docs
}

/// The words of a text, each as a folded term (lowercase ASCII, a plural's `s` dropped) and as written.
pub(super) fn words(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (term(w), w))
}

/// A word folded for matching: "Terminals" and "terminal" are one term, "Łukasz" and "lukasz" too.
pub(super) fn term(word: &str) -> String {
    let folded = deunicode::deunicode(word).to_lowercase();
    if folded.len() > 4 && folded.ends_with("ies") {
        format!("{}y", &folded[..folded.len() - 3])
    } else if folded.len() > 3 && folded.ends_with('s') && !folded.ends_with("ss") {
        folded[..folded.len() - 1].to_string()
    } else {
        folded
    }
}
