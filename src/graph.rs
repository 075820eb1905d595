//! Graph: tagged episodes -> the petgraph knowledge graph of the contract.
//!
//! Nodes are episodes, topics, PEPs, people, modules, releases, issues, CVEs and projects, each with a
//! stable id (`episode:13`, `pep:703`, `person:lukasz-langa`). Edges from an episode (`host`, `guest`,
//! `mentions`, `discusses`) keep their evidence (the chapter, its start and the words matched) and the
//! airtime they cover; taxonomy edges (`subtopic_of`, `about`, `authored`) carry none. `discusses` edges are
//! direct evidence only: hierarchy and PEP links are separate edges that queries may follow. The graph is a
//! `StableDiGraph` with an id-to-index map, so filters can remove nodes without invalidating the rest.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, NodeIndexable};
use serde::{Deserialize, Serialize};

use crate::ingest::{Chapters, Corpus, Episode, Timestamp};
use crate::model::slugify;
pub use crate::model::{EdgeKind, NodeKind};
use crate::tag::{Entity, Place, Role, Tagged, Tagger};
use crate::taxonomy::Taxonomy;

/// A node. Fields other than `id`, `kind` and `label` are present where they apply to the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    /// Episode or PEP number, issue number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Episode or PEP title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Episode length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapters: Option<Chapters>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Where to read more: peps.python.org, the CPython issue, the CVE record, the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    /// Releases: the versions named (`3.12.4`, `3.13b2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
}

impl Node {
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Self {
        Node {
            id: id.into(),
            kind,
            label: label.into(),
            number: None,
            title: None,
            date: None,
            description: None,
            duration: None,
            chapters: None,
            links: Vec::new(),
            url: None,
            github: None,
            versions: Vec::new(),
        }
    }
}

/// Where an edge's words were found, as text: the chapter's start and title (`None` for the
/// description) and the words matched. The form queries answer with and [`KnowledgeGraph::from_parts`]
/// takes; the graph itself stores evidence as [`EvidenceRef`]s into its episodes' text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// The chapter's start, `HH:MM:SS`; `None` for the description.
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    /// The chapter's title; `None` for the description.
    pub title: Option<Arc<str>>,
    /// The words matched.
    #[serde(rename = "match")]
    pub matched: String,
}

/// One item of an edge's evidence, borrowed from the graph: it serializes like [`Evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EvidenceRef<'a> {
    pub start: Option<Timestamp>,
    pub seconds: Option<u32>,
    pub title: Option<&'a str>,
    #[serde(rename = "match")]
    pub matched: &'a str,
}

impl EvidenceRef<'_> {
    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            start: self.start,
            seconds: self.seconds,
            title: self.title.map(Arc::from),
            matched: self.matched.to_string(),
        }
    }
}

/// Evidence as the graph keeps it, twelve bytes: the place in the source episode (0 for the description,
/// `i + 1` for chapter `i`) and the byte range of the words there. Millions of these cost little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoredEvidence {
    place: u32,
    start: u32,
    end: u32,
}

/// An edge: sixteen bytes, as a graph of an archive holds millions. Its evidence is read with
/// [`KnowledgeGraph::evidence`], its airtime with [`Edge::seconds`]. (No `PartialEq`: two edges' evidence
/// is compared through their graphs.)
#[derive(Debug, Clone)]
pub struct Edge {
    pub kind: EdgeKind,
    /// Airtime in seconds, or [`NO_AIRTIME`].
    airtime: u32,
    /// Where the evidence sits in the graph's evidence store: the first item and how many.
    evidence_start: u32,
    evidence_len: u32,
}

/// The airtime of an edge that has none (the taxonomy's edges).
const NO_AIRTIME: u32 = u32::MAX;

impl Edge {
    /// An edge without evidence or airtime (the taxonomy's edges).
    pub fn new(kind: EdgeKind) -> Self {
        Edge {
            kind,
            airtime: NO_AIRTIME,
            evidence_start: 0,
            evidence_len: 0,
        }
    }

    /// Airtime: the summed length of the distinct chapters that carry the evidence (episode edges only).
    pub fn seconds(&self) -> Option<u32> {
        (self.airtime != NO_AIRTIME).then_some(self.airtime)
    }

    /// How many items of evidence the edge has.
    pub fn evidence_count(&self) -> usize {
        self.evidence_len as usize
    }

    fn evidence_range(&self) -> std::ops::Range<usize> {
        let start = self.evidence_start as usize;
        start..start + self.evidence_len as usize
    }
}

/// An edge's fields with its evidence resolved, serialized as the contract writes them: `kind`,
/// `evidence` (when there is some) and `seconds` (episode edges).
#[derive(Debug, Clone, Serialize)]
pub struct EdgeFields<'a> {
    pub kind: EdgeKind,
    #[serde(skip_serializing_if = "EvidenceList::is_empty")]
    pub evidence: EvidenceList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u32>,
}

/// An edge's evidence, resolved as it is iterated or serialized.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceList<'a> {
    kg: &'a KnowledgeGraph,
    source: NodeIndex,
    edge: &'a Edge,
}

impl<'a> EvidenceList<'a> {
    pub fn is_empty(&self) -> bool {
        self.edge.evidence_len == 0
    }

    pub fn len(&self) -> usize {
        self.edge.evidence_count()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = EvidenceRef<'a>> + 'a {
        self.kg.evidence(self.source, self.edge)
    }
}

impl Serialize for EvidenceList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// An edge as text, to assemble a graph from (as read back from JSON).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EdgeData {
    pub kind: EdgeKind,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub seconds: Option<u32>,
}

/// Facts about the whole graph, written into exports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphInfo {
    pub generator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    pub graph: StableDiGraph<Node, Edge>,
    pub info: GraphInfo,
    index: foldhash::HashMap<String, NodeIndex>,
    /// Every edge's evidence, each edge's items side by side.
    evidence: Vec<StoredEvidence>,
}

/// PEP metadata from a peps.json (the peps.python.org API format).
#[derive(Debug, Clone, Default)]
pub struct PepCatalog {
    pub peps: BTreeMap<u32, PepMeta>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PepMeta {
    pub title: String,
    #[serde(default)]
    pub author_names: Vec<String>,
    #[serde(default)]
    pub authors: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Errors reading PEP metadata.
#[derive(Debug, thiserror::Error)]
pub enum PepCatalogError {
    #[error("cannot read PEP metadata `{path}`: {error}; check the path given with --peps")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "`{path}`:{line}:{column}: not PEP metadata in the peps.python.org API format ({message}); expected an object of \"number\": {{\"title\", \"author_names\", ...}}"
    )]
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl PepCatalog {
    pub fn from_path(path: &Path) -> Result<Self, PepCatalogError> {
        let text = std::fs::read_to_string(path).map_err(|error| PepCatalogError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Self::from_json(&text).map_err(|e| PepCatalogError::Format {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let raw: BTreeMap<String, PepMeta> = serde_json::from_str(text)?;
        let peps = raw
            .into_iter()
            .filter_map(|(k, v)| Some((k.trim().parse().ok()?, v)))
            .collect();
        Ok(PepCatalog { peps })
    }

    fn authors(&self, number: u32) -> Option<Vec<String>> {
        let meta = self.peps.get(&number)?;
        if !meta.author_names.is_empty() {
            return Some(meta.author_names.clone());
        }
        meta.authors.as_ref().map(|a| {
            a.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }
}

/// Options for building a graph.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// PEP titles and authors; the taxonomy's titles are used otherwise.
    pub peps: Option<PepCatalog>,
}

/// The generator string written into exports.
pub fn generator() -> String {
    format!("castgraph {}", env!("CARGO_PKG_VERSION"))
}

impl KnowledgeGraph {
    /// Tag every episode of a corpus (on all cores) and build the graph. The episodes move into the graph's
    /// nodes rather than being copied, which keeps the peak memory of large corpora low.
    pub fn build(corpus: Corpus, tagger: &Tagger, options: &BuildOptions) -> Self {
        Self::build_with_progress(corpus, tagger, options, &|_| {})
    }

    /// [`KnowledgeGraph::build`], calling `progress` with the number of episodes tagged so far (from any
    /// thread), so that a front end can show a progress bar.
    pub fn build_with_progress(
        corpus: Corpus,
        tagger: &Tagger,
        options: &BuildOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Self {
        use rayon::prelude::*;
        let taxonomy = tagger.taxonomy();
        let hosts = host_people(&corpus, taxonomy);
        let mut builder = Builder {
            kg: KnowledgeGraph::default(),
            taxonomy,
            options,
        };
        builder.kg.info = GraphInfo {
            generator: generator(),
            show: show_name(&corpus, taxonomy),
        };
        // Chunks of episodes are tagged and planned on every core: the tags of the whole corpus are never
        // held at once.
        const CHUNK: usize = 2048;
        let plan = |episode: Episode| {
            let tagged = tagger.tag_episode(&episode, &hosts);
            plan_episode(taxonomy, episode, &tagged, &hosts)
        };
        let total = corpus.episodes.len();
        // Episodes, and room for the topics, PEPs and people they name.
        builder.kg.graph.reserve_exact_nodes(total + 1024);
        // Chunks are taken from the end of the reversed list, which then shrinks: the episodes not yet
        // added are all that is left of the corpus.
        let mut episodes = corpus.episodes;
        episodes.reverse();
        let mut next_chunk = || {
            let mut chunk = episodes.split_off(episodes.len().saturating_sub(CHUNK));
            chunk.reverse();
            episodes.shrink_to_fit();
            chunk
        };
        let tag_chunk = |chunk: Vec<Episode>| -> Vec<EpisodePlan> {
            // Each thread warms up its own regex caches, which for a first build of one show is most of the
            // work: two threads warming up on half the episodes each are done sooner than one on all.
            let min_len = if chunk.len() < 256 { 1 } else { 32 };
            chunk
                .into_par_iter()
                .with_min_len(min_len)
                .map(plan)
                .collect()
        };
        // A chunk is added to the graph (on one thread) while the next is tagged (on the others).
        let mut done = 0;
        let mut plans = tag_chunk(next_chunk());
        while !plans.is_empty() {
            let chunk = next_chunk();
            let added = plans.len();
            let mut add = |plans: Vec<EpisodePlan>| {
                for plan in plans {
                    builder.add_episode(plan);
                }
            };
            plans = if chunk.is_empty() {
                add(plans); // The last chunk: nothing to overlap, and no thread pool for a small show.
                Vec::new()
            } else {
                rayon::join(|| add(plans), || tag_chunk(chunk)).1
            };
            done += added;
            builder.reserve_for(done, total);
            progress(done as u64);
        }
        builder.add_taxonomy_edges();
        builder.kg
    }

    /// Assemble a graph from nodes and edges (as read back from JSON). Evidence must quote the source
    /// episode: its description, or a chapter it has (same start and title) and words of that chapter.
    pub fn from_parts(
        info: GraphInfo,
        nodes: Vec<Node>,
        edges: Vec<(String, String, EdgeData)>,
    ) -> Result<Self, String> {
        let mut kg = KnowledgeGraph {
            info,
            ..Default::default()
        };
        for node in nodes {
            if kg.index.contains_key(&node.id) {
                return Err(format!("node `{}` appears twice", node.id));
            }
            kg.add_node(node);
        }
        for (source, target, data) in edges {
            let (Some(&a), Some(&b)) = (kg.index.get(&source), kg.index.get(&target)) else {
                return Err(format!(
                    "edge `{source}` -> `{target}` names a node that is not in the graph"
                ));
            };
            let first = kg.evidence.len() as u32;
            for item in &data.evidence {
                let stored = locate_evidence(&kg.graph[a], item).ok_or_else(|| {
                    format!(
                        "the evidence `{}` of edge `{source}` -> `{target}` is not in `{source}`'s {}",
                        item.matched,
                        match &item.title {
                            Some(title) => format!("chapter `{title}`"),
                            None => "description".into(),
                        }
                    )
                })?;
                kg.evidence.push(stored);
            }
            kg.add_edge_to_evidence(a, b, data.kind, data.seconds, first);
        }
        Ok(kg)
    }

    /// Add an edge, its evidence to the pool and its airtime (`u32::MAX` seconds, 136 years, is kept as
    /// one second less).
    fn add_edge_with_evidence(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        kind: EdgeKind,
        seconds: Option<u32>,
        evidence: Vec<StoredEvidence>,
    ) {
        let first = self.evidence.len() as u32;
        self.evidence.extend(evidence);
        self.add_edge_to_evidence(a, b, kind, seconds, first);
    }

    /// Add an edge whose evidence is the pool's items from `first` on.
    fn add_edge_to_evidence(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        kind: EdgeKind,
        seconds: Option<u32>,
        first: u32,
    ) {
        let edge = Edge {
            kind,
            airtime: seconds.map_or(NO_AIRTIME, |s| s.min(NO_AIRTIME - 1)),
            evidence_start: first,
            evidence_len: self.evidence.len() as u32 - first,
        };
        self.graph.add_edge(a, b, edge);
    }

    /// An edge's fields with its evidence, to serialize or read.
    pub fn edge_fields<'a>(&'a self, source: NodeIndex, edge: &'a Edge) -> EdgeFields<'a> {
        EdgeFields {
            kind: edge.kind,
            evidence: EvidenceList {
                kg: self,
                source,
                edge,
            },
            seconds: edge.seconds(),
        }
    }

    /// The evidence of an edge whose source is `source`, resolved to text.
    pub fn evidence<'a>(
        &'a self,
        source: NodeIndex,
        edge: &Edge,
    ) -> impl ExactSizeIterator<Item = EvidenceRef<'a>> + 'a {
        let node = self.graph.node_weight(source);
        let stored = self.evidence.get(edge.evidence_range()).unwrap_or_default();
        stored.iter().map(move |e| resolve_evidence(node, e))
    }

    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_index(id).map(|i| &self.graph[i])
    }

    fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&node.id) {
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    /// Nodes in a stable order: by kind, then episodes by number and others by id.
    pub fn nodes_sorted(&self) -> Vec<NodeIndex> {
        let mut nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
        nodes
            .sort_unstable_by(|&a, &b| node_order(&self.graph[a]).cmp(&node_order(&self.graph[b])));
        nodes
    }

    /// Edges in a stable order: by source, then kind, then target (sources and targets in the order of
    /// [`KnowledgeGraph::nodes_sorted`]).
    pub fn edges_sorted(&self) -> Vec<(NodeIndex, NodeIndex, &Edge)> {
        let order = EdgeOrder::new(self);
        order
            .sources()
            .iter()
            .flat_map(|&node| order.edges_from(node))
            .collect()
    }

    /// How many nodes of each kind.
    pub fn count_by_kind(&self) -> BTreeMap<NodeKind, usize> {
        let mut counts = BTreeMap::new();
        for node in self.graph.node_weights() {
            *counts.entry(node.kind).or_insert(0) += 1;
        }
        counts
    }

    /// How many episodes have a direct edge to a node.
    pub fn episode_count(&self, node: NodeIndex) -> usize {
        self.graph
            .edges_directed(node, Direction::Incoming)
            .filter(|e| e.weight().kind.is_episode_edge())
            .map(|e| e.source())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Keep only the nodes `keep` accepts (and the edges between them).
    pub fn retain(&mut self, keep: impl Fn(NodeIndex, &Node) -> bool) {
        let drop: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| !keep(i, &self.graph[i]))
            .collect();
        for i in drop {
            if let Some(node) = self.graph.remove_node(i) {
                self.index.remove(&node.id);
            }
        }
    }
}

/// The stable edge order, a source at a time: a graph of millions of edges is written without sorting
/// (or holding) all of them at once.
pub struct EdgeOrder<'a> {
    kg: &'a KnowledgeGraph,
    sources: Vec<NodeIndex>,
    /// A node's place in `sources`, by node index (cheaper than a map for millions of edges).
    position: Vec<u32>,
}

impl<'a> EdgeOrder<'a> {
    pub fn new(kg: &'a KnowledgeGraph) -> Self {
        let sources = kg.nodes_sorted();
        let mut position = vec![0u32; kg.graph.node_bound()];
        for (place, node) in sources.iter().enumerate() {
            position[node.index()] = place as u32;
        }
        EdgeOrder {
            kg,
            sources,
            position,
        }
    }

    /// Every node, in the order of [`KnowledgeGraph::nodes_sorted`].
    pub fn sources(&self) -> &[NodeIndex] {
        &self.sources
    }

    /// The edges from `node`, by kind, then target.
    pub fn edges_from(&self, node: NodeIndex) -> Vec<(NodeIndex, NodeIndex, &'a Edge)> {
        let mut edges: Vec<(NodeIndex, NodeIndex, &Edge)> = self
            .kg
            .graph
            .edges(node)
            .map(|e| (e.source(), e.target(), e.weight()))
            .collect();
        edges.sort_unstable_by_key(|(_, b, e)| (e.kind, self.position[b.index()]));
        edges
    }
}

fn node_order(node: &Node) -> (NodeKind, u32, &str) {
    let number = if node.kind == NodeKind::Episode {
        node.number.unwrap_or(u32::MAX)
    } else {
        0
    };
    (node.kind, number, &node.id)
}

/// The taxonomy indexes of the corpus's hosts: from its show, or from the feed's `podcast:person` hosts.
pub fn host_people(corpus: &Corpus, taxonomy: &Taxonomy) -> Vec<usize> {
    let mut hosts: Vec<usize> = corpus
        .show
        .name
        .as_deref()
        .and_then(|name| taxonomy.show(name))
        .map(|show| show.hosts.clone())
        .unwrap_or_default();
    for name in &corpus.show.hosts {
        if let Some(person) = taxonomy.person_by_name(name).filter(|p| !hosts.contains(p)) {
            hosts.push(person);
        }
    }
    hosts
}

fn show_name(corpus: &Corpus, taxonomy: &Taxonomy) -> Option<String> {
    let name = corpus.show.name.as_deref()?;
    Some(
        taxonomy
            .show(name)
            .map_or_else(|| name.to_string(), |s| s.name.clone()),
    )
}

struct Builder<'a> {
    kg: KnowledgeGraph,
    taxonomy: &'a Taxonomy,
    options: &'a BuildOptions,
}

/// An episode and its edges, worked out on any thread: adding it to the graph is then only node lookups
/// and pushes.
struct EpisodePlan {
    episode: Episode,
    edges: Vec<PlannedEdge>,
    /// Releases named, with their ids, so their nodes keep every version (`3.12.1`).
    releases: Vec<(Entity, String)>,
}

struct PlannedEdge {
    target: String,
    entity: Entity,
    kind: EdgeKind,
    evidence: Vec<StoredEvidence>,
    seconds: u32,
}

/// Work out an episode's edges from its mentions: a person's edge kind is their best role (hosts from the
/// show, credits from the feed, roles from the tagger), evidence is grouped per target and kind, in place
/// order, one item per distinct wording per place.
fn plan_episode(
    taxonomy: &Taxonomy,
    episode: Episode,
    mentions: &[Tagged],
    hosts: &[usize],
) -> EpisodePlan {
    let ids: Vec<Cow<str>> = mentions
        .iter()
        .map(|t| t.mention.entity.node_id(taxonomy))
        .collect();
    let mut edges: BTreeMap<(&str, EdgeKind), (&Entity, Vec<&Tagged>)> = BTreeMap::new();
    let mut person_roles: foldhash::HashMap<&str, Role> = Default::default();
    for (tagged, id) in mentions.iter().zip(&ids) {
        if let Some(role) = tagged.role {
            let best = person_roles.entry(id).or_insert(role);
            *best = (*best).max(role);
        }
    }
    let host_entities: Vec<Entity> = hosts.iter().map(|&h| Entity::Person(h)).collect();
    for (&host, entity) in hosts.iter().zip(&host_entities) {
        let id = taxonomy.people[host].id.as_str();
        person_roles.insert(id, Role::Host);
        edges
            .entry((id, EdgeKind::Host))
            .or_insert((entity, Vec::new()));
    }
    let credited: Vec<(Entity, String, Role)> = episode
        .people
        .iter()
        .map(|credit| {
            let person = credited_person(taxonomy, &credit.name);
            let id = person.id(taxonomy);
            let role = credit.role;
            (person, id, role)
        })
        .collect();
    for (_, id, role) in &credited {
        let best = person_roles.entry(id).or_insert(*role);
        *best = (*best).max(*role);
    }
    for (person, id, _) in &credited {
        edges
            .entry((id, EdgeKind::from_role(person_roles[id.as_str()])))
            .or_insert((person, Vec::new()));
    }
    for (tagged, id) in mentions.iter().zip(&ids) {
        let kind = person_roles
            .get(id.as_ref())
            .map_or(EdgeKind::Discusses, |role| EdgeKind::from_role(*role));
        edges
            .entry((id, kind))
            .or_insert((&tagged.mention.entity, Vec::new()))
            .1
            .push(tagged);
    }
    let planned = edges
        .into_iter()
        // A person's edge kind is their best role; a weaker one left from the credits is dropped.
        .filter(|((id, kind), _)| {
            person_roles
                .get(id)
                .is_none_or(|r| EdgeKind::from_role(*r) == *kind)
        })
        .map(|((id, kind), (entity, tagged))| {
            let (evidence, seconds) = evidence_and_airtime(&episode, tagged);
            PlannedEdge {
                target: id.to_string(),
                entity: entity.clone(),
                kind,
                evidence,
                seconds,
            }
        })
        .collect();
    let releases = mentions
        .iter()
        .zip(&ids)
        .filter(|(t, _)| matches!(t.mention.entity, Entity::Release(_)))
        .map(|(t, id)| (t.mention.entity.clone(), id.to_string()))
        .collect();
    EpisodePlan {
        episode,
        edges: planned,
        releases,
    }
}

/// An edge's evidence, one item per distinct wording per place, in place order; and its airtime, the
/// summed length of the distinct chapters that carry it.
fn evidence_and_airtime(episode: &Episode, mut tagged: Vec<&Tagged>) -> (Vec<StoredEvidence>, u32) {
    tagged.sort_by(|a, b| (a.place, &a.mention.text).cmp(&(b.place, &b.mention.text)));
    tagged.dedup_by(|a, b| a.place == b.place && a.mention.text == b.mention.text);
    let mut seconds = 0;
    let mut last_chapter = None;
    let evidence = tagged
        .iter()
        .map(|t| {
            let place = match t.place {
                Place::Description => 0,
                Place::Chapter(i) => {
                    if last_chapter != Some(i) {
                        seconds = episode.chapter_length(i).saturating_add(seconds);
                        last_chapter = Some(i);
                    }
                    i as u32 + 1
                }
            };
            StoredEvidence {
                place,
                start: t.mention.span.start as u32,
                end: t.mention.span.end as u32,
            }
        })
        .collect();
    (evidence, seconds)
}

fn credited_person(taxonomy: &Taxonomy, name: &str) -> Entity {
    match taxonomy.person_by_name(name) {
        Some(i) => Entity::Person(i),
        None => Entity::NewPerson(name.to_string()),
    }
}

impl Builder<'_> {
    /// Make room for the edges and evidence of the episodes to come, at the rate of those added so far
    /// (and a little more): growing by doubling would copy millions of edges, and for a moment hold
    /// both copies.
    fn reserve_for(&mut self, done: usize, total: usize) {
        if done == 0 || done >= total {
            return;
        }
        let expected =
            |so_far: usize| (so_far as u64 * total as u64 / done as u64) as usize * 51 / 50;
        let edges = self.kg.graph.edge_count();
        let more_edges = expected(edges).saturating_sub(edges);
        if self.kg.graph.capacity().1 < edges + more_edges / 2 {
            self.kg.graph.reserve_exact_edges(more_edges);
        }
        let evidence = self.kg.evidence.len();
        let more_evidence = expected(evidence).saturating_sub(evidence);
        if self.kg.evidence.capacity() < evidence + more_evidence / 2 {
            self.kg.evidence.reserve_exact(more_evidence);
        }
    }

    fn add_episode(&mut self, plan: EpisodePlan) {
        let episode = plan.episode;
        let episode_node =
            self.kg
                .add_node(Node::new(episode.id(), NodeKind::Episode, episode.label()));
        for edge in plan.edges {
            let target = self.entity_node_with_id(&edge.entity, &edge.target);
            self.kg.add_edge_with_evidence(
                episode_node,
                target,
                edge.kind,
                Some(edge.seconds),
                edge.evidence,
            );
        }
        for (entity, id) in &plan.releases {
            self.note_version(entity, id);
        }
        fill_episode_node(&mut self.kg.graph[episode_node], episode);
    }

    /// The node for an entity, created on first use.
    fn entity_node(&mut self, entity: &Entity) -> NodeIndex {
        let id = entity.id(self.taxonomy);
        self.entity_node_with_id(entity, &id)
    }

    fn entity_node_with_id(&mut self, entity: &Entity, id: &str) -> NodeIndex {
        if let Some(i) = self.kg.node_index(id) {
            return i;
        }
        let id = id.to_string();
        let node = match entity {
            Entity::Pep(n) => self.pep_node(*n),
            Entity::Person(i) => {
                let person = &self.taxonomy.people[*i];
                let mut node = Node::new(id, NodeKind::Person, &person.name);
                node.github = person.github.clone();
                node.url = person
                    .github
                    .as_ref()
                    .map(|g| format!("https://github.com/{g}"));
                node
            }
            Entity::Topic(i) => {
                let topic = &self.taxonomy.topics[*i];
                let mut node = Node::new(id, NodeKind::Topic, &topic.label);
                node.description = Some(topic.description.clone()).filter(|d| !d.is_empty());
                node
            }
            Entity::Issue(n) => {
                let mut node = Node::new(id, NodeKind::Issue, entity.label(self.taxonomy));
                node.number = Some(*n);
                node.url = Some(format!("https://github.com/python/cpython/issues/{n}"));
                node
            }
            Entity::Bpo(n) => {
                let mut node = Node::new(id, NodeKind::Issue, entity.label(self.taxonomy));
                node.number = Some(*n);
                node.url = Some(format!("https://bugs.python.org/issue{n}"));
                node
            }
            Entity::Cve(cve) => {
                let mut node = Node::new(id, NodeKind::Cve, cve.clone());
                node.url = Some(format!("https://www.cve.org/CVERecord?id={cve}"));
                node
            }
            Entity::Release(_) => Node::new(id, NodeKind::Release, entity.label(self.taxonomy)),
            Entity::Module(name) => {
                let mut node = Node::new(id, NodeKind::Module, name.clone());
                let top = name.split('.').next().unwrap_or(name);
                node.url = Some(format!("https://docs.python.org/3/library/{top}.html"));
                node
            }
            Entity::Project(_) | Entity::NewPerson(_) => {
                let kind = if matches!(entity, Entity::Project(_)) {
                    NodeKind::Project
                } else {
                    NodeKind::Person
                };
                Node::new(id, kind, entity.label(self.taxonomy))
            }
        };
        self.kg.add_node(node)
    }

    /// Keep every version a release was named by (`3.12.1`, `3.12.4`) on its node.
    fn note_version(&mut self, entity: &Entity, id: &str) {
        let Entity::Release(release) = entity else {
            return;
        };
        let index = self.entity_node_with_id(entity, id);
        let versions = &mut self.kg.graph[index].versions;
        if release.version != release.feature && !versions.contains(&release.version) {
            versions.push(release.version.clone());
            versions.sort();
        }
    }

    fn pep_node(&self, number: u32) -> Node {
        let mut node = Node::new(
            format!("pep:{number}"),
            NodeKind::Pep,
            format!("PEP {number}"),
        );
        node.number = Some(number);
        node.url = Some(format!("https://peps.python.org/pep-{number:04}/"));
        let from_catalog = self
            .options
            .peps
            .as_ref()
            .and_then(|c| c.peps.get(&number))
            .map(|m| m.title.clone());
        node.title =
            from_catalog.or_else(|| self.taxonomy.peps.get(&number).map(|p| p.title.clone()));
        node
    }

    /// `subtopic_of` for every topic in the graph (adding ancestors), `about` from PEPs to the topics that
    /// own them, and `authored` from PEP authors to their PEPs.
    fn add_taxonomy_edges(&mut self) {
        let peps: Vec<u32> = self
            .kg
            .graph
            .node_weights()
            .filter(|n| n.kind == NodeKind::Pep)
            .filter_map(|n| n.number)
            .collect();
        for &pep in &peps {
            for &topic in self.taxonomy.pep_owners(pep) {
                self.link(&Entity::Pep(pep), &Entity::Topic(topic), EdgeKind::About);
            }
        }
        // Every topic in the graph (the `about` edges may have added some) and its ancestors.
        let mut topics: Vec<usize> = (0..self.taxonomy.topics.len())
            .filter(|&t| {
                self.kg
                    .index
                    .contains_key(&self.taxonomy.target_id(crate::taxonomy::Target::Topic(t)))
            })
            .collect();
        let mut done = HashSet::new();
        while let Some(topic) = topics.pop() {
            if !done.insert(topic) {
                continue;
            }
            if let Some(parent) = self.taxonomy.topics[topic].parent {
                self.link(
                    &Entity::Topic(topic),
                    &Entity::Topic(parent),
                    EdgeKind::SubtopicOf,
                );
                topics.push(parent);
            }
        }
        for pep in peps {
            for author in self.pep_authors(pep) {
                let person = credited_person(self.taxonomy, &author);
                self.link(&person, &Entity::Pep(pep), EdgeKind::Authored);
            }
        }
    }

    /// A taxonomy edge (no evidence, no airtime) between two entities' nodes.
    fn link(&mut self, from: &Entity, to: &Entity, kind: EdgeKind) {
        let (a, b) = (self.entity_node(from), self.entity_node(to));
        self.kg.graph.add_edge(a, b, Edge::new(kind));
    }

    fn pep_authors(&self, number: u32) -> Vec<String> {
        match &self.options.peps {
            Some(catalog) => catalog.authors(number).unwrap_or_default(),
            None => self
                .taxonomy
                .peps
                .get(&number)
                .map(|p| p.authors.clone())
                .unwrap_or_default(),
        }
    }
}

/// Text of stored evidence from its episode's node.
fn resolve_evidence<'a>(node: Option<&'a Node>, stored: &StoredEvidence) -> EvidenceRef<'a> {
    let words = |text: &'a str| {
        text.get(stored.start as usize..stored.end as usize)
            .unwrap_or("")
    };
    let chapter = (stored.place as usize)
        .checked_sub(1)
        .and_then(|i| node?.chapters.as_ref()?.seconds_and_title(i));
    match chapter {
        Some((seconds, title)) => EvidenceRef {
            start: Some(Timestamp(seconds)),
            seconds: Some(seconds),
            title: Some(title),
            matched: words(title),
        },
        None => EvidenceRef {
            start: None,
            seconds: None,
            title: None,
            matched: words(node.and_then(|n| n.description.as_deref()).unwrap_or("")),
        },
    }
}

/// Where evidence given as text sits in an episode's node.
fn locate_evidence(node: &Node, evidence: &Evidence) -> Option<StoredEvidence> {
    let (place, text) = match (&evidence.title, evidence.seconds) {
        (None, _) => (0, node.description.as_deref()?),
        (Some(title), seconds) => {
            let chapters = node.chapters.as_ref()?;
            let (i, chapter) = chapters.iter().enumerate().find(|(_, c)| {
                c.title == title.as_ref() && seconds.is_none_or(|s| s == c.seconds)
            })?;
            (i as u32 + 1, chapter.title)
        }
    };
    let start = text.find(evidence.matched.as_str())?;
    Some(StoredEvidence {
        place,
        start: start as u32,
        end: (start + evidence.matched.len()) as u32,
    })
}

/// Move an episode's fields into its node.
fn fill_episode_node(node: &mut Node, episode: Episode) {
    node.number = episode.number;
    node.title = episode.title;
    node.date = episode.date;
    node.description = Some(episode.description);
    node.duration = episode.duration;
    node.chapters = Some(episode.chapters);
    node.links = episode.links;
}

/// Filters that keep a picture readable.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep only these kinds (all when empty).
    pub kinds: Vec<NodeKind>,
    /// Keep one episode (by id) and its neighbours.
    pub episode: Option<String>,
    /// Keep the nodes within `depth` steps of this node id.
    pub focus: Option<(String, usize)>,
    /// Keep non-episode nodes discussed in at least this many episodes.
    pub min_episodes: Option<usize>,
}

/// Errors applying a filter.
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    #[error("no node `{id}` in the graph{hint}")]
    UnknownNode { id: String, hint: String },
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.episode.is_none()
            && self.focus.is_none()
            && self.min_episodes.is_none()
    }

    /// Apply the filter to a graph.
    pub fn apply(&self, kg: &mut KnowledgeGraph) -> Result<(), FilterError> {
        if let Some(min) = self.min_episodes {
            let counts: HashMap<NodeIndex, usize> = kg
                .graph
                .node_indices()
                .map(|i| (i, kg.episode_count(i)))
                .collect();
            kg.retain(|i, node| node.kind == NodeKind::Episode || counts[&i] >= min);
        }
        if let Some(id) = &self.episode {
            let keep = neighbourhood(kg, id, 1)?;
            kg.retain(|i, _| keep.contains(&i));
        }
        if let Some((id, depth)) = &self.focus {
            let keep = neighbourhood(kg, id, *depth)?;
            kg.retain(|i, _| keep.contains(&i));
        }
        if !self.kinds.is_empty() {
            kg.retain(|_, node| self.kinds.contains(&node.kind));
        }
        Ok(())
    }
}

/// The nodes within `depth` steps of `id`, following edges both ways.
fn neighbourhood(
    kg: &KnowledgeGraph,
    id: &str,
    depth: usize,
) -> Result<HashSet<NodeIndex>, FilterError> {
    let start = kg.node_index(id).ok_or_else(|| {
        let slug = slugify(id.split(':').next_back().unwrap_or(id));
        let near: Vec<&str> = kg
            .graph
            .node_weights()
            .map(|n| n.id.as_str())
            .filter(|n| !slug.is_empty() && n.contains(&slug))
            .take(5)
            .collect();
        let hint = if near.is_empty() {
            "; ids look like `episode:13`, `pep:703`, `topic:jit`, `person:brandt-bucher`"
                .to_string()
        } else {
            format!(
                "; did you mean {}?",
                near.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        FilterError::UnknownNode {
            id: id.to_string(),
            hint,
        }
    })?;
    let mut seen = HashSet::from([start]);
    let mut frontier = vec![start];
    for _ in 0..depth {
        let mut next = Vec::new();
        for node in frontier {
            for neighbour in kg.graph.neighbors_undirected(node) {
                if seen.insert(neighbour) {
                    next.push(neighbour);
                }
            }
        }
        frontier = next;
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive's graph holds millions of edges and evidence items.
    #[test]
    fn an_edge_costs_sixteen_bytes_and_evidence_twelve() {
        assert_eq!(std::mem::size_of::<Edge>(), 16);
        assert_eq!(std::mem::size_of::<StoredEvidence>(), 12);
    }
}
