//! Query: a question in words -> the episodes to listen to, with the timestamps to jump to.
//!
//! The question is read by the same tagger that reads show notes, so "PEP 703", "free threading",
//! "Brandt" and "the JIT" all resolve to graph nodes. Episodes with direct evidence come first, ranked by
//! airtime; then episodes reached through the taxonomy (a PEP's topic, a topic's sub-topics and PEPs, a
//! person's PEPs), marked as related and by what.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::sync::LazyLock;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use regex::Regex;
use serde::Serialize;

use crate::graph::{Evidence, KnowledgeGraph, did_you_mean};
use crate::ingest::Timestamp;
use crate::model::{EdgeKind, NodeKind};
use crate::output::printable;
use crate::tag::{Rule, Tagger};
use crate::taxonomy::fold;

/// An entity the question names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    pub id: String,
    pub label: String,
}

/// How an episode was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Direct,
    Related,
}

/// One episode of an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub episode: String,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub label: String,
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// For related episodes: the node they were reached through (`topic:gil`).
    pub via: Option<String>,
    /// Airtime of the evidence, in seconds.
    pub seconds: u32,
    pub evidence: Vec<Evidence>,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub query: String,
    pub entities: Vec<EntityRef>,
    pub results: Vec<Hit>,
}

/// Errors answering a question.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error("no entity matches `{}`{}", printable(.query), suggest(.suggestions))]
    NoEntity {
        query: String,
        suggestions: Vec<String>,
    },
}

/// "; did you mean `a`, `b`?", each name made printable: they come from the input and the taxonomy.
fn suggest(suggestions: &[String]) -> String {
    let suggestions: Vec<String> = suggestions
        .iter()
        .map(|s| printable(s).into_owned())
        .collect();
    did_you_mean(
        &suggestions,
        "try a PEP number, a topic, a person or a module, e.g. \"PEP 703\", \"free threading\", \"Brandt Bucher\"",
    )
}

/// "which episodes discuss", "?" and the like: words that ask, not name.
static QUESTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:which|what)\s+episodes?\s+(?:discuss(?:es)?|mention|cover|talk about|are about|feature|have)\s+|episodes?\s+(?:about|on|with)\s+)|[?!.\s]+$").unwrap()
});

/// Answer a question from a graph.
pub fn answer(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
    limit: usize,
) -> Result<Answer, QueryError> {
    let entities = resolve(kg, tagger, question)?;
    let starts: Vec<NodeIndex> = entities
        .iter()
        .filter_map(|e| kg.node_index(&e.id))
        .collect();
    let mut direct: BTreeMap<NodeIndex, Hit> = BTreeMap::new();
    for &node in &starts {
        for (episode, kind_seconds, evidence) in episode_edges(kg, node) {
            let hit = direct
                .entry(episode)
                .or_insert_with(|| new_hit(kg, episode, MatchKind::Direct, None));
            hit.seconds += kind_seconds;
            hit.evidence.extend(evidence);
        }
    }
    let mut related: BTreeMap<NodeIndex, Hit> = BTreeMap::new();
    for &node in &starts {
        for via in related_nodes(kg, node) {
            for (episode, seconds, evidence) in episode_edges(kg, via) {
                if direct.contains_key(&episode) {
                    continue;
                }
                let via_id = kg.graph()[via].id.clone();
                let hit = related
                    .entry(episode)
                    .or_insert_with(|| new_hit(kg, episode, MatchKind::Related, Some(via_id)));
                hit.seconds += seconds;
                hit.evidence.extend(evidence);
            }
        }
    }
    let mut results = Vec::new();
    for hits in [direct, related] {
        let mut hits: Vec<Hit> = hits.into_values().collect();
        for hit in &mut hits {
            hit.evidence
                .sort_by_key(|e| (e.seconds.is_some(), e.seconds));
            hit.evidence.dedup_by(|a, b| {
                a.start == b.start && a.title == b.title && a.matched == b.matched
            });
        }
        hits.sort_by(|a, b| b.seconds.cmp(&a.seconds).then(b.number.cmp(&a.number)));
        results.extend(hits);
    }
    results.truncate(limit);
    Ok(Answer {
        query: question.to_string(),
        entities,
        results,
    })
}

/// The entities a question names: by the tagger, or failing that by a node's label or id.
fn resolve(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
) -> Result<Vec<EntityRef>, QueryError> {
    let taxonomy = tagger.taxonomy();
    let mut seen = HashSet::new();
    let mut entities = Vec::new();
    for mention in tagger.tag_text(question) {
        if matches!(mention.rule, Rule::OwnedPep(_) | Rule::OwnedProject(_)) {
            continue; // "PEP 703" asks about the PEP; its topic is reached as related.
        }
        let id = mention.entity.id(taxonomy);
        if seen.insert(id.clone()) {
            let label = kg
                .node(&id)
                .map_or_else(|| mention.entity.label(taxonomy), |n| n.label.clone());
            entities.push(EntityRef { id, label });
        }
    }
    if !entities.is_empty() {
        return Ok(entities);
    }
    let wanted = fold(&QUESTION_WORDS.replace_all(question, ""));
    if let Some(node) = kg
        .nodes()
        .find(|n| fold(&n.label) == wanted || n.id == wanted.trim())
    {
        return Ok(vec![EntityRef {
            id: node.id.clone(),
            label: node.label.clone(),
        }]);
    }
    Err(QueryError::NoEntity {
        query: question.to_string(),
        suggestions: nearest_names(kg, tagger, &wanted),
    })
}

/// The names closest to what was asked, for "did you mean".
fn nearest_names(kg: &KnowledgeGraph, tagger: &Tagger, wanted: &str) -> Vec<String> {
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = kg
        .nodes()
        .filter(|n| n.kind != NodeKind::Episode)
        .map(|n| n.label.clone())
        .collect();
    names.extend(tagger.taxonomy().terms.iter().map(|t| t.text.clone()));
    let mut scored: Vec<(f64, String)> = names
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&fold(&name), wanted), name))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !out.iter().any(|o| fold(o) == fold(&name)) {
            out.push(name);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Episodes with a direct edge to `node`: (episode, airtime, evidence).
fn episode_edges(kg: &KnowledgeGraph, node: NodeIndex) -> Vec<(NodeIndex, u32, Vec<Evidence>)> {
    kg.edges_directed(node, Direction::Incoming)
        .filter(|e| e.kind().is_episode_edge() && e.source_node().kind == NodeKind::Episode)
        .map(|e| {
            (
                e.source(),
                e.seconds().unwrap_or(0),
                e.evidence().map(|ev| ev.to_evidence()).collect(),
            )
        })
        .collect()
}

/// Nodes reached through the taxonomy: a PEP's topics and their sub-topics, a topic's sub-topics and
/// PEPs, a person's PEPs.
fn related_nodes(kg: &KnowledgeGraph, node: NodeIndex) -> Vec<NodeIndex> {
    let neighbours = |n: NodeIndex, kind: EdgeKind, dir: Direction| -> Vec<NodeIndex> {
        kg.edges_directed(n, dir)
            .filter(|e| e.kind() == kind)
            .map(|e| {
                if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
            .collect()
    };
    let subtopics = |root: NodeIndex| -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(t) = stack.pop() {
            for child in neighbours(t, EdgeKind::SubtopicOf, Direction::Incoming) {
                if !out.contains(&child) {
                    out.push(child);
                    stack.push(child);
                }
            }
        }
        out
    };
    let mut out = Vec::new();
    match kg.graph()[node].kind {
        NodeKind::Pep => {
            for topic in neighbours(node, EdgeKind::About, Direction::Outgoing) {
                out.push(topic);
                out.extend(subtopics(topic));
            }
        }
        NodeKind::Topic => {
            let mut topics = vec![node];
            topics.extend(subtopics(node));
            out.extend(topics.iter().skip(1));
            for topic in topics {
                out.extend(neighbours(topic, EdgeKind::About, Direction::Incoming));
            }
        }
        NodeKind::Person => out.extend(neighbours(node, EdgeKind::Authored, Direction::Outgoing)),
        _ => {}
    }
    out.retain(|&n| n != node);
    out
}

fn new_hit(
    kg: &KnowledgeGraph,
    episode: NodeIndex,
    match_kind: MatchKind,
    via: Option<String>,
) -> Hit {
    let node = &kg.graph()[episode];
    Hit {
        episode: node.id.clone(),
        number: node.number,
        title: node.title.clone(),
        label: node.label.clone(),
        match_kind,
        via,
        seconds: 0,
        evidence: Vec::new(),
    }
}

/// Write an answer for people to read: every label, title, id and quoted word goes through [`printable`].
pub fn write_text(answer: &Answer, kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    for entity in &answer.entities {
        let title = kg
            .node(&entity.id)
            .and_then(|n| n.title.clone())
            .filter(|t| *t != entity.label);
        match title {
            Some(title) => writeln!(
                out,
                "{} ({}): {}",
                printable(&entity.label),
                printable(&entity.id),
                printable(&title)
            )?,
            None => writeln!(
                out,
                "{} ({})",
                printable(&entity.label),
                printable(&entity.id)
            )?,
        }
    }
    if answer.results.is_empty() {
        writeln!(out, "\nno episode discusses it in this input")?;
        return Ok(());
    }
    let mut heading = None;
    for hit in &answer.results {
        if heading != Some(hit.match_kind) {
            heading = Some(hit.match_kind);
            match hit.match_kind {
                MatchKind::Direct => writeln!(out, "\nDirect evidence, by airtime:")?,
                MatchKind::Related => writeln!(out, "\nRelated through the taxonomy:")?,
            }
        }
        let via = match &hit.via {
            Some(via) => format!(
                "  via {}",
                kg.node(via)
                    .map_or(printable(via).into_owned(), |n| format!(
                        "{} ({})",
                        printable(&n.label),
                        printable(via)
                    ))
            ),
            None => String::new(),
        };
        writeln!(
            out,
            "  {}  [{} of airtime]{via}",
            printable(&hit.label),
            minutes(hit.seconds)
        )?;
        let mut printed: Vec<(Option<Timestamp>, Option<&str>)> = Vec::new();
        for e in &hit.evidence {
            let place = (e.start, e.title.as_deref());
            if e.start.is_some() && printed.contains(&place) {
                continue; // One line per chapter, however many words in it matched.
            }
            printed.push(place);
            match (&e.start, &e.title) {
                (Some(start), Some(title)) => writeln!(out, "    {start}  {}", printable(title))?,
                _ => writeln!(
                    out,
                    "    (description)  \u{201c}{}\u{201d}",
                    printable(&e.matched)
                )?,
            }
        }
    }
    Ok(())
}

fn minutes(seconds: u32) -> String {
    if seconds >= 3600 {
        format!("{}h{:02}m", seconds / 3600, seconds / 60 % 60)
    } else {
        format!("{}m{:02}s", seconds / 60, seconds % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;

    /// ESC (a colour sequence), BEL, NUL and a right-to-left override, and how the terminal is shown them.
    const HOSTILE: &str = "x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";
    const SHOWN: &str = r"x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";

    fn assert_inert(text: &str) {
        let acting =
            |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}');
        assert!(!text.contains(acting), "{text:?}");
    }

    #[test]
    fn did_you_mean_quotes_the_question_and_the_names_inert() {
        let error = QueryError::NoEntity {
            query: HOSTILE.to_string(),
            suggestions: vec![HOSTILE.to_string(), "Fred".to_string()],
        };
        let message = error.to_string();
        assert_inert(&message);
        assert_eq!(
            message,
            format!("no entity matches `{SHOWN}`; did you mean `{SHOWN}`, `Fred`?")
        );
    }

    #[test]
    fn the_suggestions_for_a_near_name_are_shown_inert() {
        let mut episode = Node::new("episode:1", NodeKind::Episode, "Episode 1");
        episode.number = Some(1);
        let person = Node::new("person:x", NodeKind::Person, HOSTILE);
        let kg = KnowledgeGraph::from_parts(Default::default(), vec![episode, person], vec![])
            .expect("a consistent graph");
        let tagger = crate::test_support::builtin_tagger();
        let error = answer(&kg, tagger, "x red evil", 5).expect_err("no entity is named");
        let message = error.to_string();
        assert_inert(&message);
        assert!(message.contains(&format!("`{SHOWN}`")), "{message}");
    }

    #[test]
    fn answers_show_ids_labels_and_titles_inert() {
        let mut person = Node::new(format!("person:{HOSTILE}"), NodeKind::Person, HOSTILE);
        person.title = Some(format!("title {HOSTILE}"));
        let kg = KnowledgeGraph::from_parts(Default::default(), vec![person], vec![])
            .expect("a consistent graph");
        let answer = Answer {
            query: HOSTILE.to_string(),
            entities: vec![EntityRef {
                id: format!("person:{HOSTILE}"),
                label: HOSTILE.to_string(),
            }],
            results: Vec::new(),
        };
        let mut out = Vec::new();
        write_text(&answer, &kg, &mut out).expect("writing to memory succeeds");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_inert(&text);
        assert!(
            text.starts_with(&format!("{SHOWN} (person:{SHOWN}): title {SHOWN}\n")),
            "{text}"
        );
    }
}
