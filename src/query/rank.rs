//! One ranking for every question: each episode once, with its airtime counted once (the distinct
//! chapters that carry evidence, however many entities or paths reach them), direct evidence before
//! related, related through the closest link first, a guest before a mention, then airtime.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::resolve::Named;
use super::{Coverage, Hit, MatchKind, Span, reach};
use crate::graph::{Evidence, EvidenceSource, EvidenceView, KnowledgeGraph, Node, PassageSpan};
use crate::ingest::{ChapterKind, Timestamp};
use crate::model::{EdgeKind, NodeKind};
use crate::taxonomy::{Taxonomy, fold};

/// Where in an episode evidence sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    Description,
    /// Chapter `i` (its title or the words under it).
    Chapter(usize),
    /// A transcript passage, by its start.
    Passage(Option<u32>),
}

/// One way an episode is reached: from entity `entity`, `links` links away through `via`, by an edge of
/// `kind`, whose evidence is carried by those places and transcript passages.
struct Reach<'g> {
    entity: usize,
    links: u32,
    via: NodeIndex,
    kind: EdgeKind,
    evidence: Vec<EvidenceView<'g>>,
    passages: &'g [PassageSpan],
}

/// The episodes that discuss what the question names, best first.
/// Each hit gives at most `cap` places of evidence.
pub(super) fn rank(
    kg: &KnowledgeGraph,
    taxonomy: &Taxonomy,
    named: &Named,
    cap: usize,
) -> Vec<Hit> {
    let mut by_episode: BTreeMap<NodeIndex, Vec<Reach>> = BTreeMap::new();
    for (k, entity) in named.entities.iter().enumerate() {
        for (via, links) in reach::related(kg, taxonomy, &entity.id) {
            for edge in kg.edges_directed(via, Direction::Incoming) {
                if !edge.kind().is_episode_edge() || edge.source_node().kind != NodeKind::Episode {
                    continue;
                }
                by_episode.entry(edge.source()).or_default().push(Reach {
                    entity: k,
                    links,
                    via,
                    kind: edge.kind(),
                    evidence: edge.evidence().collect(),
                    passages: edge.passages(),
                });
            }
        }
    }
    let mut ranked: Vec<(Key, Hit)> = by_episode
        .into_iter()
        .map(|(episode, reaches)| hit(kg, named, (episode, &reaches), cap))
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0));
    ranked.into_iter().map(|(_, hit)| hit).collect()
}

/// The order of hits: direct before related, more of the names covered, closer links, guests, more
/// airtime on the thinnest name, then in all (see [`weight_of`]), a title that names it, more places of
/// evidence (feeds without chapters have no airtime), newer episodes, then by id.
type Key = (
    MatchKind,
    std::cmp::Reverse<usize>,
    u32,
    bool,
    std::cmp::Reverse<u32>,
    std::cmp::Reverse<u32>,
    bool,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<Option<u32>>,
    String,
);

fn hit(
    kg: &KnowledgeGraph,
    named: &Named,
    (episode, reaches): (NodeIndex, &[Reach]),
    cap: usize,
) -> (Key, Hit) {
    let node = &kg.graph()[episode];
    let links = reaches.iter().map(|r| r.links).min().unwrap_or(0);
    let closest: Vec<&Reach> = reaches.iter().filter(|r| r.links == links).collect();
    let match_kind = if links == 0 {
        MatchKind::Direct
    } else {
        MatchKind::Related
    };
    let via = (links > 0).then(|| best_via(kg, node, &closest)).flatten();
    let role = reaches
        .iter()
        .filter(|r| r.links == 0 && kg.graph()[r.via].kind == NodeKind::Person)
        .find_map(|r| role_name(r.kind));
    let (seconds, spans) = airtime_of(node, &closest);
    // An entity covers the episode when it reaches it as closely as the closest does: an episode that
    // names one directly and reaches the other through the taxonomy has only the one.
    let covered: BTreeSet<usize> = closest.iter().map(|r| r.entity).collect();
    let (coverage, covers) = coverage(named, &covered);
    let names_covered: BTreeSet<usize> = covered.iter().map(|&k| named.names[k]).collect();
    let (evidence, count) = evidence(&closest, cap);
    let weight = weight_of(node, named, &closest);
    // For "X and Y", an episode is as good as its thinnest part: 22 seconds on one and ten minutes on the
    // other ranks below five minutes on each.
    let balance = names_covered
        .iter()
        .map(|&name| {
            let part: Vec<&Reach> = closest
                .iter()
                .copied()
                .filter(|r| named.names[r.entity] == name)
                .collect();
            weight_of(node, named, &part)
        })
        .min()
        .unwrap_or(0);
    let key = (
        match_kind,
        std::cmp::Reverse(names_covered.len()),
        links,
        role != Some("guest"),
        std::cmp::Reverse(balance),
        std::cmp::Reverse(weight),
        !titled_after(node, named),
        std::cmp::Reverse(count),
        std::cmp::Reverse(node.number),
        node.id.clone(),
    );
    let hit = Hit {
        episode: node.id.clone(),
        show: node.show.clone(),
        number: node.number,
        title: node.title.clone(),
        label: node.label.clone(),
        match_kind,
        via,
        role,
        seconds,
        spans,
        coverage,
        covers,
        count,
        evidence,
    };
    (key, hit)
}

/// What orders episodes by airtime: the airtime of some reaches, where the very words asked are said
/// counting twice. A broad topic is named by many words ("pattern matching" names the syntax topic), and
/// an episode that says the words asked is the better answer; the airtime shown is never doubled.
fn weight_of(node: &Node, named: &Named, reaches: &[&Reach]) -> u32 {
    // Only chapters say the words twice: a graph keeps the words of a few passages per edge, not of all,
    // and the order must not depend on how many it kept.
    let says: Vec<Place> = reaches
        .iter()
        .flat_map(|r| r.evidence.iter())
        .filter(|e| named.wordings.contains(&wording(e.matched)))
        .map(|e| place_of(node, e))
        .collect();
    airtime_of(node, reaches)
        .0
        .saturating_add(airtime(node, &says, &[]).0)
}

/// The airtime of the places and passages of some reaches, each counted once.
fn airtime_of(node: &Node, reaches: &[&Reach]) -> (u32, Vec<Span>) {
    let places: Vec<Place> = reaches
        .iter()
        .flat_map(|r| r.evidence.iter().map(|e| place_of(node, e)))
        .collect();
    let passages: Vec<PassageSpan> = reaches
        .iter()
        .flat_map(|r| r.passages.iter().copied())
        .collect();
    airtime(node, &places, &passages)
}

/// Whether the episode's title says what the question names: with no airtime to tell (a feed without
/// chapters), the episode named after it comes first.
fn titled_after(node: &Node, named: &Named) -> bool {
    let title = node.title.as_deref().map(fold).unwrap_or_default();
    named
        .wordings
        .iter()
        .chain(named.entities.iter().map(|e| &e.label))
        .any(|w| !w.is_empty() && title.contains(&fold(w)))
}

/// The node the closest paths go through that gives the episode the most airtime (then the first by id).
fn best_via(kg: &KnowledgeGraph, node: &Node, closest: &[&Reach]) -> Option<String> {
    closest
        .iter()
        .map(|r| (airtime_of(node, &[r]).0, &kg.graph()[r.via].id))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, id)| id.clone())
}

fn role_name(kind: EdgeKind) -> Option<&'static str> {
    match kind {
        EdgeKind::Host => Some("host"),
        EdgeKind::Guest => Some("guest"),
        EdgeKind::Mentions => Some("mentions"),
        _ => None,
    }
}

/// Words as the question and the notes are compared: folded, without a leading article ("the JIT").
pub(super) fn wording(text: &str) -> String {
    let folded = fold(text);
    ["the ", "a ", "an "]
        .iter()
        .find_map(|article| folded.strip_prefix(article))
        .map_or_else(|| folded.clone(), str::to_string)
}

/// With several names in the question: whether the episode reaches all of them, and the ids of the
/// entities it reaches.
fn coverage(named: &Named, covered: &BTreeSet<usize>) -> (Option<Coverage>, Vec<String>) {
    let names = named.names.iter().max().map_or(0, |&n| n + 1);
    if names < 2 {
        return (None, Vec::new());
    }
    let entities = &named.entities;
    let names_covered: BTreeSet<usize> = covered.iter().map(|&k| named.names[k]).collect();
    let all = names_covered.len() == names;
    let coverage = match (names, all) {
        (2, true) => Coverage::Both,
        (2, false) => Coverage::Either,
        (_, true) => Coverage::All,
        (_, false) => Coverage::Any,
    };
    let ids = covered.iter().map(|&k| entities[k].id.clone()).collect();
    (Some(coverage), ids)
}

/// The evidence of the closest paths, one item per place (see [`super::one_per_place`]), the description
/// first and then in time order, at most `cap` places; and how many places carry it, counting the
/// passages whose words the graph did not keep. With several entities the places are taken from each in
/// turn, so that an episode about both shows both.
fn evidence(closest: &[&Reach], cap: usize) -> (Vec<Evidence>, usize) {
    let mut items: Vec<(Evidence, usize)> = closest
        .iter()
        .flat_map(|r| r.evidence.iter().map(|e| (e.to_evidence(), r.entity)))
        .collect();
    items.sort_by(|(a, _), (b, _)| {
        (a.seconds.is_some(), a.seconds, &a.title, &a.matched).cmp(&(
            b.seconds.is_some(),
            b.seconds,
            &b.title,
            &b.matched,
        ))
    });
    let places = super::one_per_place(items.iter().map(|(e, _)| e.clone()).collect());
    // Which places each entity has evidence at, in order.
    let mut by_entity: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (e, entity) in &items {
        let key = super::place_key(e);
        if let Some(at) = places.iter().position(|p| super::place_key(p) == key) {
            let own = by_entity.entry(*entity).or_default();
            if !own.contains(&at) {
                own.push(at);
            }
        }
    }
    // A moment to jump to says more than the description: timed places are taken first.
    for own in by_entity.values_mut() {
        own.sort_by_key(|&at| (places[at].seconds.is_none(), at));
    }
    let mut chosen = BTreeSet::new();
    let mut queues: Vec<std::vec::IntoIter<usize>> =
        by_entity.into_values().map(Vec::into_iter).collect();
    while chosen.len() < cap.min(places.len()) {
        let before = chosen.len();
        for queue in &mut queues {
            if chosen.len() == cap {
                break;
            }
            if let Some(at) = queue.find(|at| !chosen.contains(at)) {
                chosen.insert(at);
            }
        }
        if chosen.len() == before {
            break;
        }
    }
    let quoted: BTreeSet<u32> = places
        .iter()
        .filter(|e| e.source == Some(EvidenceSource::Transcript))
        .filter_map(|e| e.seconds)
        .collect();
    let unquoted = closest
        .iter()
        .flat_map(|r| r.passages.iter().map(|p| p.start))
        .filter(|start| !quoted.contains(start))
        .collect::<BTreeSet<u32>>()
        .len();
    let count = places.len() + unquoted;
    let shown = places
        .into_iter()
        .enumerate()
        .filter(|(at, _)| chosen.contains(at))
        .map(|(_, e)| e)
        .collect();
    (shown, count)
}

/// Where an item of evidence sits in its episode.
pub(super) fn place_of(node: &Node, evidence: &EvidenceView) -> Place {
    match evidence.source {
        EvidenceSource::Description => Place::Description,
        EvidenceSource::Transcript => Place::Passage(evidence.seconds),
        // By the chapter's index: a long title is not compared with every chapter's.
        EvidenceSource::Chapter => evidence
            .chapter_index()
            .filter(|&i| node.chapters.as_ref().is_some_and(|c| i < c.len()))
            .map_or(Place::Description, Place::Chapter),
    }
}

/// The airtime of some places and transcript passages in an episode, each distinct chapter and passage
/// counted once, and the stretches it is made of (in time order). A section heading (`PART 1: BRANDT
/// BUCHER INTERVIEW`) counts with the chapters under it: the section is about what its heading names.
pub(super) fn airtime(node: &Node, places: &[Place], passages: &[PassageSpan]) -> (u32, Vec<Span>) {
    let mut spans = chapter_spans(node, places);
    spans.extend(passage_spans(passages));
    spans.sort_by_key(|s| (s.start, s.source));
    (spans.iter().map(|s| s.seconds).sum(), spans)
}

/// The distinct passages, passages in a row joined into one span.
fn passage_spans(passages: &[PassageSpan]) -> Vec<Span> {
    let distinct: BTreeMap<u32, u32> = passages.iter().map(|p| (p.start, p.seconds)).collect();
    let mut spans: Vec<Span> = Vec::new();
    for (start, length) in distinct {
        match spans.last_mut() {
            Some(span) if span.end.0 == start => {
                span.seconds += length;
                span.end = Timestamp(start + length);
            }
            _ => spans.push(Span {
                source: EvidenceSource::Transcript,
                start: Timestamp(start),
                end: Timestamp(start + length),
                seconds: length,
            }),
        }
    }
    spans
}

/// The distinct chapters of some places, a section with the chapters under it, chapters in a row joined
/// into one span.
fn chapter_spans(node: &Node, places: &[Place]) -> Vec<Span> {
    let Some(chapters) = node.chapters.as_ref() else {
        return Vec::new();
    };
    let mut indexes = BTreeSet::new();
    for place in places {
        if let Place::Chapter(i) = *place {
            indexes.insert(i);
            if chapters
                .get(i)
                .is_some_and(|c| c.kind == ChapterKind::Section)
            {
                let heading = chapters.get(i).map(|c| c.title);
                indexes.extend(
                    (i + 1..chapters.len())
                        .take_while(|&j| chapters.get(j).and_then(|c| c.section) == heading),
                );
            }
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut last = None;
    for i in indexes {
        let (Some(start), Some(length)) = (chapters.seconds(i), chapter_length(node, i)) else {
            continue;
        };
        match spans.last_mut() {
            Some(span) if last == Some(i - 1) => {
                span.seconds += length;
                span.end = Timestamp(span.end.0 + length);
            }
            _ => spans.push(Span {
                source: EvidenceSource::Chapter,
                start: Timestamp(start),
                end: Timestamp(start + length),
                seconds: length,
            }),
        }
        last = Some(i);
    }
    spans
}

/// Length of chapter `i`: until the next chapter starts, or until the episode ends when its duration is
/// known (as the graph counts an edge's airtime).
pub(super) fn chapter_length(node: &Node, i: usize) -> Option<u32> {
    let chapters = node.chapters.as_ref()?;
    let start = chapters.seconds(i)?;
    let end = chapters.seconds(i + 1).or(node.duration).unwrap_or(start);
    Some(end.saturating_sub(start))
}
