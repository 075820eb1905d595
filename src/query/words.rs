//! Words as a fallback: when a question names nothing an episode discusses, its words are looked up in
//! the notes themselves (chapter titles, the words under untimed headings, descriptions), ranked by BM25
//! over those places, episodes with all the words first. Sixty lines of scoring do not need a search
//! engine's crate; the graph is already in memory.

use std::collections::{BTreeMap, BTreeSet};

use super::rank::{Place, airtime};
use super::{Coverage, Hit, MatchKind};
use crate::graph::{Evidence, EvidenceSource, KnowledgeGraph, Node};
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

/// The episodes whose notes say the words of `text`, best first: all the words before some of them
/// (only all of them when `require_all`), then by BM25 score.
pub(super) fn search(kg: &KnowledgeGraph, text: &str, require_all: bool) -> Vec<Hit> {
    let mut terms: Vec<String> = words(text)
        .map(|(term, _)| term)
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .collect();
    terms.sort();
    terms.dedup();
    if terms.is_empty() {
        return Vec::new();
    }
    let docs: Vec<Doc> = kg
        .nodes()
        .filter(|n| n.kind == NodeKind::Episode)
        .flat_map(docs_of)
        .collect();
    if docs.is_empty() {
        return Vec::new();
    }
    let average = docs.iter().map(|d| d.words.len()).sum::<usize>() as f64 / docs.len() as f64;
    let idf: Vec<f64> = terms
        .iter()
        .map(|term| {
            let df = docs
                .iter()
                .filter(|d| d.words.iter().any(|(t, _)| t == term))
                .count() as f64;
            (1.0 + (docs.len() as f64 - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    let mut episodes: BTreeMap<&str, Found> = BTreeMap::new();
    for doc in &docs {
        let mut score = 0.0;
        for (k, term) in terms.iter().enumerate() {
            let tf = doc.words.iter().filter(|(t, _)| t == term).count() as f64;
            if tf == 0.0 {
                continue;
            }
            let damp = K1 * (1.0 - B + B * doc.words.len() as f64 / average.max(1.0));
            score += idf[k] * tf * (K1 + 1.0) / (tf + damp);
            let found = episodes.entry(&doc.episode.id).or_insert_with(|| Found {
                episode: doc.episode,
                score: 0.0,
                terms: BTreeSet::new(),
                evidence: Vec::new(),
            });
            found.terms.insert(k);
            let word = doc.words.iter().find(|(t, _)| t == term).map(|w| w.1);
            found
                .evidence
                .push((doc.place, word.unwrap_or(term.as_str()).to_string()));
        }
        if let Some(found) = episodes.get_mut(doc.episode.id.as_str()) {
            found.score += score;
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
    /// Where, and the word as written there.
    evidence: Vec<(Place, String)>,
}

impl Found<'_> {
    fn into_hit(self, terms: &[String]) -> Hit {
        let node = self.episode;
        let places: Vec<Place> = self.evidence.iter().map(|(p, _)| *p).collect();
        let (seconds, spans) = airtime(node, &places, &[]);
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
            .collect();
        evidence.sort_by(|a, b| {
            (a.seconds.is_some(), a.seconds, &a.title).cmp(&(
                b.seconds.is_some(),
                b.seconds,
                &b.title,
            ))
        });
        let evidence = super::one_per_place(evidence);
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
            count: evidence.len(),
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
fn words(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (term(w), w))
}

/// A word folded for matching: "Terminals" and "terminal" are one term, "Łukasz" and "lukasz" too.
fn term(word: &str) -> String {
    let folded = deunicode::deunicode(word).to_lowercase();
    if folded.len() > 4 && folded.ends_with("ies") {
        format!("{}y", &folded[..folded.len() - 3])
    } else if folded.len() > 3 && folded.ends_with('s') && !folded.ends_with("ss") {
        folded[..folded.len() - 1].to_string()
    } else {
        folded
    }
}
