//! The builder: tagged episodes -> nodes and edges. Episodes are tagged and planned on every core, a chunk
//! at a time; each plan (a person's edge kind from their best role, evidence grouped per target and kind,
//! airtime from the chapters that carry it) is then added on one thread, which is only lookups and pushes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use petgraph::stable_graph::NodeIndex;

use super::model::{IN_SNIPPET, IN_TEXT, NO_SECONDS, SNIPPET_CHARS, StoredEvidence};
use super::shows::{ShowKey, episode_hosts, merge_episodes, show_of};
use super::{Edge, GraphInfo, KnowledgeGraph, Node, PassageSpan, PepCatalog, generator};
use crate::ingest::{Corpus, Episode, Transcript, Warning, WarningKind};
use crate::model::{EdgeKind, NodeKind, Role, ids};
use crate::tag::{Dropped, Entity, Place, Tagged, Tagger};
use crate::taxonomy::{Target, Taxonomy};

/// Options for building a graph.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// PEP titles and authors; the taxonomy's titles are used otherwise.
    pub peps: Option<PepCatalog>,
    /// The most items of evidence an edge keeps (the first, in place order); its count is still the
    /// total. `None`: every chapter's and the description's, and the first `transcript_evidence` of a
    /// transcript's passages.
    pub evidence: Option<usize>,
    /// Without `evidence`, from how many transcript passages an edge keeps an item (the first item of
    /// each of the first passages; [`TRANSCRIPT_EVIDENCE`] unless told: a query that shows more asks for
    /// more).
    pub transcript_evidence: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            peps: None,
            evidence: None,
            transcript_evidence: TRANSCRIPT_EVIDENCE,
        }
    }
}

/// The transcript evidence an edge keeps unless told otherwise: a word said in fifty passages of an
/// episode makes fifty items, each with the words around it, and outputs stay readable with a few.
pub const TRANSCRIPT_EVIDENCE: usize = 1;

/// Episodes tagged per chunk: the tags of the whole corpus are never held at once.
const CHUNK: usize = 2048;

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
        let taxonomy = tagger.taxonomy();
        let mut corpus = corpus;
        merge_episodes(&mut corpus, taxonomy);
        let mut builder = Builder::new(taxonomy, options, only_show(&corpus, taxonomy));
        let plan = |episode: Episode| plan_one(tagger, options, episode);
        // Chunks are taken from the end of the reversed list: the episodes not yet added are all that is
        // left of the corpus.
        let mut episodes = corpus.episodes;
        episodes.reverse();
        let mut next_chunk = || {
            let mut chunk = episodes.split_off(episodes.len().saturating_sub(CHUNK));
            chunk.reverse();
            chunk
        };
        // A chunk is added to the graph (on one thread) while the next is tagged (on the others).
        let mut done = 0;
        let mut plans = plan_chunk(next_chunk(), &plan);
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
                rayon::join(|| add(plans), || plan_chunk(chunk, &plan)).1
            };
            done += added;
            progress(done as u64);
        }
        builder.finish()
    }
}

/// Tag an episode and work out its edges (on any thread): what adding it to the graph needs, without
/// its transcript's words.
pub(super) fn plan_one(tagger: &Tagger, options: &BuildOptions, episode: Episode) -> EpisodePlan {
    let taxonomy = tagger.taxonomy();
    let show = show_of(&episode, taxonomy);
    let hosts = episode_hosts(&episode, &show, taxonomy);
    let (tagged, dropped) = tagger.tag_episode_capped(&episode, &hosts);
    let warnings = dropped
        .iter()
        .map(|d| dropped_warning(&episode, d))
        .collect();
    let plan = plan_episode(taxonomy, episode, show, &tagged, &hosts, options);
    EpisodePlan { warnings, ..plan }
}

/// The warning for the distinct entities of one kind an episode named beyond the cap: "episode 12 names
/// 402,113 distinct issues; only the first 5,000 are kept".
fn dropped_warning(episode: &Episode, dropped: &Dropped) -> Warning {
    let kind = match dropped.kind {
        NodeKind::Pep => "PEPs",
        NodeKind::Release => "releases",
        NodeKind::Issue => "issues",
        NodeKind::Cve => "CVEs",
        NodeKind::Person => "people the taxonomy does not know",
        other => other.as_str(),
    };
    Warning::new(
        episode.source.clone(),
        WarningKind::Capped,
        format!(
            "{} names {} distinct {kind}; only the first {} are kept",
            episode.describe(),
            thousands(dropped.kept + dropped.dropped),
            thousands(dropped.kept),
        ),
    )
}

/// A count with thousands separated by commas, as people read them (402,113).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Tag and plan a chunk of episodes on every core.
fn plan_chunk(
    chunk: Vec<Episode>,
    plan: &(impl Fn(Episode) -> EpisodePlan + Sync),
) -> Vec<EpisodePlan> {
    use rayon::prelude::*;
    // Each thread warms up its own regex caches, which for a first build of one show is most of the work:
    // two threads warming up on half the episodes each are done sooner than one on all.
    let min_len = if chunk.len() < 256 { 1 } else { 32 };
    chunk
        .into_par_iter()
        .with_min_len(min_len)
        .map(plan)
        .collect()
}

/// The title of the corpus's show, when all its episodes belong to one.
fn only_show(corpus: &Corpus, taxonomy: &Taxonomy) -> Option<String> {
    let mut shows = corpus.episodes.iter().map(|e| show_of(e, taxonomy));
    let first = shows.next()?;
    shows.all(|s| s.slug == first.slug).then_some(first.title)
}

/// Adds planned episodes to a graph, in the order they come.
pub(super) struct Builder<'a> {
    kg: KnowledgeGraph,
    taxonomy: &'a Taxonomy,
    options: &'a BuildOptions,
}

/// An episode and its edges, worked out on any thread: adding it to the graph is then only node lookups
/// and pushes.
pub(super) struct EpisodePlan {
    episode: Episode,
    /// The words around the transcript evidence kept, one snippet a line; the evidence's places in it
    /// move to the graph's snippets when the episode is added.
    snippets: String,
    show: PlannedShow,
    edges: Vec<PlannedEdge>,
    /// Releases named, with their ids, so their nodes keep every version (`3.12.1`).
    releases: Vec<(Entity, String)>,
    /// Distinct entities beyond the cap, dropped while tagging.
    warnings: Vec<Warning>,
}

struct PlannedEdge {
    target: String,
    entity: Entity,
    kind: EdgeKind,
    /// The evidence kept; a transcript item's words are in the plan's snippets.
    evidence: Vec<StoredEvidence>,
    /// How many items of evidence there were, kept or not.
    count: u32,
    seconds: Option<u32>,
    /// Every transcript passage that carries the evidence, with its length.
    passages: Vec<PassageSpan>,
}

/// The show an episode belongs to, as its node will say.
struct PlannedShow {
    slug: String,
    title: String,
    site: Option<String>,
    feed: Option<String>,
}

impl PlannedShow {
    fn of(show: ShowKey) -> Self {
        PlannedShow {
            site: show.def.and_then(|d| d.site.clone()),
            feed: show.def.and_then(|d| d.feed.clone()),
            slug: show.slug,
            title: show.title,
        }
    }
}

/// Each person's best role in an episode, by node id.
type BestRoles<'i> = foldhash::HashMap<&'i str, Role>;

/// Merge a role into a person's best role so far (the one rule is [`Role::best`]).
fn merge_role<'i>(roles: &mut BestRoles<'i>, id: &'i str, role: Role) {
    Role::merge(roles.entry(id).or_insert(role), role);
}

/// Work out an episode's edges from its mentions: a person's edge kind is their best role (hosts from the
/// show, credits from the feed, roles from the tagger), evidence is grouped per target and kind, in place
/// order, one item per distinct wording per place.
fn plan_episode(
    taxonomy: &Taxonomy,
    episode: Episode,
    show: ShowKey,
    mentions: &[Tagged],
    hosts: &[usize],
    options: &BuildOptions,
) -> EpisodePlan {
    let ids: Vec<Cow<str>> = mentions
        .iter()
        .map(|t| t.mention.entity.node_id(taxonomy))
        .collect();
    let mut edges: BTreeMap<(&str, EdgeKind), (&Entity, Vec<&Tagged>)> = BTreeMap::new();
    let mut person_roles = BestRoles::default();
    for (tagged, id) in mentions.iter().zip(&ids) {
        if let Some(role) = tagged.role {
            merge_role(&mut person_roles, id, role);
        }
    }
    let host_entities: Vec<Entity> = hosts.iter().map(|&h| Entity::Person(h)).collect();
    for (&host, entity) in hosts.iter().zip(&host_entities) {
        let id = taxonomy.people[host].id.as_str();
        merge_role(&mut person_roles, id, Role::Host);
        edges
            .entry((id, EdgeKind::Host))
            .or_insert((entity, Vec::new()));
    }
    let credited: Vec<(Entity, String, Role)> = episode
        .people
        .iter()
        .map(|credit| {
            let person = Entity::credited(taxonomy, &credit.name);
            let id = person.id(taxonomy);
            (person, id, credit.role)
        })
        .collect();
    for (_, id, role) in &credited {
        merge_role(&mut person_roles, id, *role);
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
    let mut snippets = Snippets::default();
    let planned = edges
        .into_iter()
        // A person's edge kind is their best role; a weaker one left from the credits is dropped.
        .filter(|((id, kind), _)| {
            person_roles
                .get(id)
                .is_none_or(|r| EdgeKind::from_role(*r) == *kind)
        })
        .map(|((id, kind), (entity, tagged))| {
            let found = evidence_and_airtime(&episode, tagged, options, &mut snippets);
            PlannedEdge {
                target: id.to_string(),
                entity: entity.clone(),
                kind,
                evidence: found.evidence,
                count: found.count,
                seconds: found.seconds,
                passages: found.passages,
            }
        })
        .collect();
    let releases = mentions
        .iter()
        .zip(&ids)
        .filter(|(t, _)| matches!(t.mention.entity, Entity::Release(_)))
        .map(|(t, id)| (t.mention.entity.clone(), id.to_string()))
        .collect();
    // Plans are held until every file is read: grown a snippet and an edge at a time, they kept a quarter
    // more room than they used on average (README, Speed: the peak of a folder of transcripts).
    let mut snippets = snippets.text;
    snippets.shrink_to_fit();
    let mut planned: Vec<PlannedEdge> = planned;
    planned.shrink_to_fit();
    EpisodePlan {
        episode: without_transcript_words(episode),
        snippets,
        show: PlannedShow::of(show),
        edges: planned,
        releases,
        warnings: Vec::new(),
    }
}

/// The episode as its node keeps it: a transcript's counts, not its words. The words around its evidence
/// are in the plan's snippets; dropped here, on the thread that tagged them, the words of a corpus of
/// transcripts are not all held until the last plan is added (README, Speed: peak memory).
fn without_transcript_words(mut episode: Episode) -> Episode {
    if let Some(transcript) = &mut episode.transcript {
        *transcript = Transcript::from_counts(transcript.counts());
    }
    episode
}

/// The most evidence items an edge keeps per place (chapter or description): each repeats the chapter's
/// title, so a long title naming one thing in many wordings made output quadratic in its length. (The
/// bundled corpus has up to three.)
const EVIDENCE_PER_PLACE: usize = 4;

/// What an edge keeps of its mentions.
struct Found {
    /// One item per distinct wording per place (the first [`EVIDENCE_PER_PLACE`] in order of wording), in
    /// place order, at most `cap` of them (see [`BuildOptions::evidence`]).
    evidence: Vec<StoredEvidence>,
    /// How many items there were, kept or not.
    count: u32,
    /// The airtime: the summed length of the distinct timed chapters and passages that carry the
    /// mentions (`None` when none has a time).
    seconds: Option<u32>,
    /// The distinct passages among those, each with its length: all of them, kept as evidence or not.
    passages: Vec<PassageSpan>,
}

/// An edge's evidence, how many items there were, its airtime and its passages (see [`Found`]).
fn evidence_and_airtime(
    episode: &Episode,
    mut tagged: Vec<&Tagged>,
    options: &BuildOptions,
    snippets: &mut Snippets,
) -> Found {
    let cap = options.evidence;
    tagged.sort_by(|a, b| (a.place, &a.mention.text).cmp(&(b.place, &b.mention.text)));
    tagged.dedup_by(|a, b| a.place == b.place && a.mention.text == b.mention.text);
    let mut in_place = 0;
    let mut last_place = None;
    tagged.retain(|t| {
        in_place = if last_place == Some(t.place) {
            in_place + 1
        } else {
            1
        };
        last_place = Some(t.place);
        in_place <= EVIDENCE_PER_PLACE
    });
    let mut seconds: Option<u32> = None;
    let mut add = |length: Option<u32>| {
        if let Some(length) = length {
            seconds = Some(seconds.unwrap_or(0).saturating_add(length));
        }
    };
    let (mut last_chapter, mut last_passage) = (None, None);
    let mut passages = Vec::new();
    for t in &tagged {
        match t.place {
            Place::Passage(i) if last_passage != Some(i) => {
                last_passage = Some(i);
                let transcript = episode.transcript.as_ref();
                let start = transcript.and_then(|t| t.get(i)).map(|p| p.seconds);
                let length = transcript.and_then(|t| t.length(i));
                add(length);
                if let (Some(start), Some(seconds)) = (start, length) {
                    passages.push(PassageSpan { start, seconds });
                }
            }
            place => {
                if let Some(i) = place.chapter()
                    && last_chapter != Some(i)
                {
                    last_chapter = Some(i);
                    add(episode.chapter_length(i));
                }
            }
        }
    }
    let count = u32::try_from(tagged.len()).unwrap_or(u32::MAX);
    // Without a cap, one item from each of the first few passages: the words around it say the rest.
    let mut quoted = 0;
    let mut last_quoted = None;
    let kept = tagged.iter().filter(|t| {
        let Place::Passage(i) = t.place else {
            return true;
        };
        if cap.is_some() {
            return true;
        }
        if last_quoted == Some(i) || quoted == options.transcript_evidence {
            return false;
        }
        last_quoted = Some(i);
        quoted += 1;
        true
    });
    let evidence = kept
        .take(cap.unwrap_or(usize::MAX))
        .filter_map(|t| {
            let place = match t.place {
                Place::Description => 0,
                Place::Chapter(i) => i as u32 + 1,
                Place::Text(i) => (i as u32 + 1) | IN_TEXT,
                Place::Passage(i) => return snippets.evidence(episode, i, &t.mention.span),
            };
            Some(StoredEvidence {
                place,
                start: t.mention.span.start as u32,
                end: t.mention.span.end as u32,
            })
        })
        .collect::<Vec<_>>();
    // Held in the plan until every file is read: no room beyond what they use.
    let (mut evidence, mut passages) = (evidence, passages);
    evidence.shrink_to_fit();
    passages.shrink_to_fit();
    Found {
        evidence,
        count,
        seconds,
        passages,
    }
}

/// The words around an episode's transcript evidence, one snippet a line, each window kept once.
#[derive(Default)]
struct Snippets {
    text: String,
    /// Each snippet made so far: its passage and window there, and where it is in `text`.
    made: foldhash::HashMap<(usize, usize, usize), usize>,
}

impl Snippets {
    /// Evidence of the words at `span` of passage `index`: the words around them, in the plan's snippets.
    fn evidence(
        &mut self,
        episode: &Episode,
        index: usize,
        span: &Range<usize>,
    ) -> Option<StoredEvidence> {
        let passage = episode.transcript.as_ref()?.get(index)?;
        let window = window_around(passage.text, span.clone(), SNIPPET_CHARS);
        let text = &mut self.text;
        let at = *self
            .made
            .entry((index, window.start, window.end))
            .or_insert_with(|| {
                let at = text.len();
                text.push_str(&passage.text[window.clone()]);
                text.push('\n');
                at
            });
        let start = at + span.start - window.start;
        Some(StoredEvidence {
            place: IN_SNIPPET | passage.seconds.min(NO_SECONDS - 1),
            start: start as u32,
            end: (start + span.len()) as u32,
        })
    }
}

/// The words of `text` around `span`, at most `max` characters (unless the span alone is longer), cut at
/// word boundaries: as many before as after where the text allows.
pub(crate) fn window_around(text: &str, span: Range<usize>, max: usize) -> Range<usize> {
    let (head, tail) = (&text[..span.start], &text[span.end..]);
    let room = max.saturating_sub(text[span.clone()].chars().count());
    // Counted only as far as the room reaches: a title or passage may be megabytes long.
    let head_chars = head.chars().rev().take(room).count();
    let tail_chars = tail.chars().take(room).count();
    // Half the room each side; what one side cannot use goes to the other.
    let before = (room / 2).min(head_chars);
    let after = (room - before).min(tail_chars);
    let before = (room - after).min(head_chars);
    let mut start = match before {
        0 => span.start,
        n => head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i),
    };
    let mut end = tail
        .char_indices()
        .nth(after)
        .map_or(text.len(), |(i, _)| span.end + i);
    // A word cut in two is left out.
    if start > 0 && !text[..start].ends_with(' ') {
        start = text[start..span.start]
            .find(' ')
            .map_or(span.start, |i| start + i + 1);
    }
    if end < text.len() && !text[end..].starts_with(' ') {
        end = text[span.end..end]
            .rfind(' ')
            .map_or(span.end, |i| span.end + i);
    }
    let start = span.start - text[start..span.start].trim_start().len();
    let end = span.end + text[span.end..end].trim_end().len();
    start..end
}

impl<'a> Builder<'a> {
    /// A builder of a graph whose episodes all belong to `show` (its title), if they do.
    pub(super) fn new(
        taxonomy: &'a Taxonomy,
        options: &'a BuildOptions,
        show: Option<String>,
    ) -> Self {
        let kg = KnowledgeGraph {
            info: GraphInfo {
                generator: generator(),
                show,
            },
            ..KnowledgeGraph::default()
        };
        Builder {
            kg,
            taxonomy,
            options,
        }
    }

    /// Room for the edges, evidence and snippets of `plans`, made at once: grown as they are added, the
    /// graph's pools held up to twice what they keep, and each was copied when it grew, the old beside
    /// the new (the peak of a folder of transcripts; README, Speed).
    pub(super) fn reserve_for(&mut self, plans: &[EpisodePlan]) {
        let edges: usize = plans.iter().map(|p| p.edges.len() + 1).sum();
        let evidence = plans
            .iter()
            .flat_map(|p| &p.edges)
            .map(|e| e.evidence.len());
        let with_passages = plans.iter().flat_map(|p| &p.edges);
        let kg = &mut self.kg;
        kg.graph.reserve_exact_edges(edges);
        kg.evidence.reserve_exact(evidence.sum());
        kg.snippets
            .reserve_exact(plans.iter().map(|p| p.snippets.len()).sum());
        kg.passages
            .reserve(with_passages.filter(|e| !e.passages.is_empty()).count());
    }

    /// The graph, once every episode is added: the taxonomy's edges between the nodes it has.
    pub(super) fn finish(mut self) -> KnowledgeGraph {
        self.add_taxonomy_edges();
        self.kg
    }

    pub(super) fn add_episode(&mut self, plan: EpisodePlan) {
        self.kg.warnings.extend(plan.warnings);
        let episode = plan.episode;
        let show = self.show_node(plan.show);
        let id = episode.id_in(&self.kg.graph[show].id["show:".len()..]);
        let episode_node = self
            .kg
            .add_node(Node::new(id, NodeKind::Episode, episode.label()));
        self.kg.graph[episode_node].show = Some(self.kg.graph[show].id.clone());
        let none = self.kg.evidence.len() as u32;
        self.kg.graph.add_edge(
            episode_node,
            show,
            Edge::new(EdgeKind::PartOf, None, none..none, 0),
        );
        let base = self.kg.snippets.len() as u32;
        self.kg.snippets.push_str(&plan.snippets);
        for edge in plan.edges {
            let target = self.entity_node_with_id(&edge.entity, &edge.target);
            let first = self.kg.evidence.len() as u32;
            self.kg
                .evidence
                .extend(edge.evidence.into_iter().map(|mut e| {
                    if e.place & IN_SNIPPET != 0 {
                        e.start += base;
                        e.end += base;
                    }
                    e
                }));
            self.kg.add_edge_to_evidence(
                (episode_node, target),
                edge.kind,
                edge.seconds,
                (first, edge.count),
                edge.passages,
            );
        }
        for (entity, id) in &plan.releases {
            self.note_version(entity, id);
        }
        fill_episode_node(&mut self.kg.graph[episode_node], episode);
    }

    /// The node of a show, created on first use.
    fn show_node(&mut self, show: PlannedShow) -> NodeIndex {
        let id = ids::show(&show.slug);
        if let Some(i) = self.kg.node_index(&id) {
            return i;
        }
        let mut node = Node::new(id, NodeKind::Show, &show.title);
        node.title = Some(show.title);
        node.url = show.site;
        node.feed = show.feed;
        self.kg.add_node(node)
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
        let node = self.entity_node_of(entity, id.to_string());
        self.kg.add_node(node)
    }

    /// A new node for an entity, with the fields of its kind.
    fn entity_node_of(&self, entity: &Entity, id: String) -> Node {
        match entity {
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
            Entity::Project(_) => Node::new(id, NodeKind::Project, entity.label(self.taxonomy)),
            Entity::NewPerson(_) => Node::new(id, NodeKind::Person, entity.label(self.taxonomy)),
        }
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
        let mut node = Node::new(ids::pep(number), NodeKind::Pep, format!("PEP {number}"));
        node.number = Some(number);
        node.url = Some(format!("https://peps.python.org/pep-{number:04}/"));
        let from_catalog = self.options.peps.as_ref().and_then(|c| c.title(number));
        node.title = from_catalog
            .map(str::to_string)
            .or_else(|| self.taxonomy.peps.get(&number).map(|p| p.title.clone()));
        node
    }

    /// `subtopic_of` for every topic in the graph (adding ancestors), `about` from PEPs to the topics that
    /// own them, and `authored` from PEP authors to their PEPs.
    fn add_taxonomy_edges(&mut self) {
        let peps: Vec<u32> = self
            .kg
            .nodes()
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
                    .contains_key(&self.taxonomy.target_id(Target::Topic(t)))
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
                let person = Entity::author(self.taxonomy, &author);
                self.link(&person, &Entity::Pep(pep), EdgeKind::Authored);
            }
        }
    }

    /// A taxonomy edge (no evidence, no airtime) between two entities' nodes.
    fn link(&mut self, from: &Entity, to: &Entity, kind: EdgeKind) {
        let (a, b) = (self.entity_node(from), self.entity_node(to));
        let none = self.kg.evidence.len() as u32;
        self.kg
            .graph
            .add_edge(a, b, Edge::new(kind, None, none..none, 0));
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

/// Move an episode's fields into its node.
fn fill_episode_node(node: &mut Node, episode: Episode) {
    node.number = episode.number;
    node.title = episode.title;
    node.url = episode.url;
    node.audio = episode.audio;
    node.date = episode.date;
    node.description = Some(episode.description);
    node.duration = episode.duration;
    node.chapters = Some(episode.chapters);
    node.transcript = episode.transcript.as_ref().map(|t| t.counts());
    node.links = episode.links;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, InputFormat};

    #[test]
    fn an_edge_keeps_at_most_four_wordings_per_place() {
        let notes = "Episode 1: A\n\
            - (00:00:01) PEP 703, PEP-703, pep703, PEP 0703, Pep 703, pep 703\n\
            - (00:00:02) PEP 703 and pep703\n";
        let mut corpus =
            ingest::read_str(notes, None, InputFormat::Text, &Default::default()).unwrap();
        corpus.set_show(Some("notes"), &[]);
        let tagger = crate::test_support::builtin_tagger();
        let kg = KnowledgeGraph::build(corpus, tagger, &Default::default());
        let edge = kg.edge_between("episode:notes/1", "pep:703").unwrap();
        let words: Vec<(Option<String>, &str)> = edge
            .evidence()
            .map(|e| (e.start.map(|s| s.to_string()), e.matched))
            .collect();
        let first = Some("00:00:01".to_string());
        let second = Some("00:00:02".to_string());
        assert_eq!(
            words,
            [
                (first.clone(), "PEP 0703"),
                (first.clone(), "PEP 703"),
                (first.clone(), "PEP-703"),
                (first, "Pep 703"),
                (second.clone(), "PEP 703"),
                (second, "pep703"),
            ]
        );
    }

    /// A transcript with passages at 0, 20, 40, 60 and 90 s (a pause over 5 s closes each), ending at
    /// 100 s; PEP 703 is said in the first, second, fourth and fifth.
    const TRANSCRIPT: &str = "WEBVTT\n\n\
        00:00:00.000 --> 00:00:05.000\nToday PEP 703.\n\n\
        00:00:20.000 --> 00:00:25.000\nPEP 703 makes the GIL optional.\n\n\
        00:00:40.000 --> 00:00:45.000\nNothing here.\n\n\
        00:01:00.000 --> 00:01:10.000\nAgain PEP 703.\n\n\
        00:01:30.000 --> 00:01:40.000\nAnd PEP 703 once more.\n";

    fn transcript_graph(options: &BuildOptions) -> KnowledgeGraph {
        let path = std::path::Path::new("7-gil.vtt");
        let mut corpus = ingest::read_str(
            TRANSCRIPT,
            Some(path),
            InputFormat::Vtt,
            &Default::default(),
        )
        .unwrap();
        corpus.set_show(Some("notes"), &[]);
        KnowledgeGraph::build(corpus, crate::test_support::builtin_tagger(), options)
    }

    /// An edge keeps every passage that carries it, with its length (until the next passage starts, the
    /// last until the transcript ends), however few items of evidence it keeps; its airtime is their sum.
    #[test]
    fn an_edge_keeps_all_its_passages_and_their_lengths_whatever_evidence_it_keeps() {
        let expected = [(0, 20), (20, 20), (60, 30), (90, 10)]
            .map(|(start, seconds)| PassageSpan { start, seconds });
        for options in [
            BuildOptions::default(),
            BuildOptions {
                evidence: Some(0),
                ..Default::default()
            },
            BuildOptions {
                transcript_evidence: 3,
                ..Default::default()
            },
        ] {
            let kg = transcript_graph(&options);
            let edge = kg.edge_between("episode:notes/7", "pep:703").unwrap();
            assert_eq!(edge.passages(), expected, "{options:?}");
            assert_eq!(edge.seconds(), Some(80), "{options:?}");
            assert_eq!(edge.evidence_count(), 4, "{options:?}");
        }
    }

    /// The graph's pools are made to the plans' size before the plans are added: grown as each was added,
    /// they held up to twice what they kept, and the copy each growth made beside the old.
    #[test]
    fn the_graph_is_made_with_room_for_its_plans_and_no_more() {
        let options = BuildOptions {
            transcript_evidence: 3,
            ..Default::default()
        };
        let plans: Vec<EpisodePlan> = (1..=3)
            .map(|n| {
                let name = format!("{n}-gil.vtt");
                let corpus = ingest::read_str(
                    TRANSCRIPT,
                    Some(std::path::Path::new(&name)),
                    InputFormat::Vtt,
                    &Default::default(),
                )
                .unwrap();
                let episode = corpus.episodes.into_iter().next().unwrap();
                plan_one(crate::test_support::builtin_tagger(), &options, episode)
            })
            .collect();
        let taxonomy = crate::test_support::builtin_tagger().taxonomy();
        let mut builder = Builder::new(taxonomy, &options, None);
        builder.reserve_for(&plans);
        for plan in plans {
            builder.add_episode(plan);
        }
        let kg = &builder.kg;
        assert!(kg.evidence.len() > 3 && !kg.snippets.is_empty());
        assert_eq!(kg.evidence.capacity(), kg.evidence.len());
        assert_eq!(kg.snippets.capacity(), kg.snippets.len());
        assert_eq!(kg.graph.capacity().1, kg.graph.edge_count());
    }

    /// Without `--evidence`, an edge quotes one item from each of its first `transcript_evidence`
    /// passages.
    #[test]
    fn an_edge_quotes_its_first_passages_one_item_each() {
        let quoted = |transcript_evidence| {
            let kg = transcript_graph(&BuildOptions {
                transcript_evidence,
                ..Default::default()
            });
            let edge = kg.edge_between("episode:notes/7", "pep:703").unwrap();
            edge.evidence().map(|e| e.seconds).collect::<Vec<_>>()
        };
        assert_eq!(quoted(TRANSCRIPT_EVIDENCE), [Some(0)]);
        assert_eq!(quoted(3), [Some(0), Some(20), Some(60)]);
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;
    use crate::ingest::{self, InputFormat};
    use crate::tag::ENTITIES_PER_KIND;

    /// A made-up episode naming ten distinct issues more than the cap (and the first again at the end)
    /// keeps the first `ENTITIES_PER_KIND` and warns once, naming the file, the episode, the kind and the
    /// counts.
    #[test]
    fn an_episode_naming_too_many_distinct_issues_keeps_the_cap_and_warns_once() {
        let issues: Vec<String> = (0..ENTITIES_PER_KIND + 10)
            .map(|i| format!("gh-{}", 100_000 + i))
            .collect();
        let text = format!(
            "# Episode 12: Issues\n\n{} gh-100000 and PEP 703\n",
            issues.join(" ")
        );
        let path = std::path::Path::new("x.md");
        let mut corpus = ingest::read_str(
            &text,
            Some(path),
            InputFormat::Markdown,
            &Default::default(),
        )
        .unwrap();
        corpus.set_show(Some("notes"), &[]);
        let kg = KnowledgeGraph::build(
            corpus,
            crate::test_support::builtin_tagger(),
            &BuildOptions::default(),
        );
        let kept = |kind| kg.graph().node_weights().filter(|n| n.kind == kind).count();
        assert_eq!(kept(NodeKind::Issue), ENTITIES_PER_KIND);
        assert!(kg.node_index("gh:100000").is_some());
        assert!(kg.node_index("gh:105000").is_none());
        assert_eq!(kept(NodeKind::Pep), 1, "other kinds are kept");
        let warnings: Vec<String> = kg.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("x.md:1: "), "{warnings:?}");
        assert!(
            warnings[0]
                .ends_with("episode 12 names 5,010 distinct issues; only the first 5,000 are kept"),
            "{warnings:?}"
        );
    }

    #[test]
    fn thousands_are_separated_by_commas() {
        let shown = [0, 999, 1_000, 402_113, 1_234_567].map(thousands);
        assert_eq!(shown, ["0", "999", "1,000", "402,113", "1,234,567"]);
    }
}
