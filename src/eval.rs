//! Eval: the tagger against hand annotations -> precision, recall and F1 per entity kind.
//!
//! A gold file (TOML) lists, per episode, the PEPs per chapter, the guests and the people mentioned, the
//! topics, modules, releases, issues, CVEs and (optionally) projects that a careful reader finds. The tagger's
//! findings are compared with it as sets of (episode, item) pairs; topics are compared at the granularity of
//! the gold file's vocabulary (a sub-topic the tagger finds counts for its nearest ancestor in it).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ingest::{Corpus, format_timestamp};
use crate::model::{NodeKind, Role};
use crate::tag::{Entity, Place, Tagger};
use crate::taxonomy::Taxonomy;

/// Errors reading a gold file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GoldError {
    #[error("cannot read gold file `{path}`; check that the file exists and is readable")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("`{path}`:{line}:{column}: {message}; see tests/gold/corepy.toml for the format")]
    Format {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "`{path}`: episode {episode} is not in the input; give the input the gold file annotates"
    )]
    MissingEpisode { path: PathBuf, episode: String },
    #[error(
        "episode {episode} is annotated in both `{first}` and `{second}`; pool only gold files of distinct episodes"
    )]
    SameEpisode {
        first: PathBuf,
        second: PathBuf,
        episode: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldFile {
    meta: GoldMeta,
    episode: Vec<GoldEpisode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldMeta {
    /// The topic ids the annotations use.
    topics: Vec<String>,
    /// Where the annotated texts are, under `../shared/corpora` (gold for other shows).
    #[serde(default)]
    corpus: Option<String>,
    /// What kind of text: `notes`, `feed` or `transcript` (for people reading the file).
    #[serde(default, rename = "source")]
    _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEpisode {
    /// The show's id in the taxonomy's show table; the input's show when absent.
    #[serde(default)]
    show: Option<String>,
    number: u32,
    /// The annotated file (and feed item), for people reading the gold file.
    #[serde(default, rename = "file")]
    _file: Option<String>,
    #[serde(default, rename = "item")]
    _item: Option<String>,
    /// The episode's hosts, scored when given.
    #[serde(default)]
    hosts: Option<Vec<String>>,
    guests: Vec<String>,
    mentions: Vec<String>,
    topics: Vec<String>,
    modules: Vec<String>,
    releases: Vec<String>,
    issues: Vec<String>,
    cves: Vec<String>,
    projects: Option<Vec<String>>,
    #[serde(default)]
    peps: GoldPeps,
}

/// The PEPs of an episode: per place (`"00:18:22"`, `"description"`) for chapter-level gold, or one list
/// for the episode.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum GoldPeps {
    ByPlace(BTreeMap<String, Vec<u32>>),
    Episode(Vec<u32>),
}

impl Default for GoldPeps {
    fn default() -> Self {
        GoldPeps::ByPlace(BTreeMap::new())
    }
}

impl GoldEpisode {
    /// The key items are scored under: `python-bytes/35` for gold of a named show, else the number.
    fn key(&self) -> String {
        match &self.show {
            Some(show) => format!("{show}/{}", self.number),
            None => self.number.to_string(),
        }
    }
}

/// A gold person as a node id: `person:carl-meyer` as written; a name the taxonomy knows as one of its
/// people's names or aliases (`Pablo Galindo`) as that person's id, since the tagger resolves the same
/// words to them; any other name (`Carl Meyer`) slugged to one.
fn person_id(taxonomy: &Taxonomy, name: &str) -> String {
    if name.starts_with("person:") {
        return name.to_string();
    }
    let folded = crate::taxonomy::fold(name);
    let known = taxonomy.person_by_name(name).or_else(|| {
        taxonomy.terms.iter().find_map(|term| match term.target {
            crate::taxonomy::Target::Person(i)
                if term.origin != crate::taxonomy::Origin::FirstName
                    && crate::taxonomy::fold(&term.text) == folded =>
            {
                Some(i)
            }
            _ => None,
        })
    });
    match known {
        Some(i) => taxonomy.people[i].id.clone(),
        None => crate::model::ids::person(name),
    }
}

/// A gold issue as a node id: `gh:109181` as written, or `gh-109181` / `bpo-12345` spelled as ids.
fn issue_id(issue: &str) -> String {
    let lower = issue.to_ascii_lowercase();
    match lower.split_once('-') {
        Some((tracker @ ("gh" | "bpo"), number)) => format!("{tracker}:{number}"),
        _ => lower,
    }
}

/// Hand annotations of a corpus.
#[derive(Debug)]
pub struct Gold {
    path: PathBuf,
    file: GoldFile,
}

impl Gold {
    pub fn from_path(path: &Path) -> Result<Self, GoldError> {
        let text =
            crate::ingest::read_string(path, crate::ingest::SMALL_FILE_MAX).map_err(|source| {
                GoldError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Self::from_toml(&text, path)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Self, GoldError> {
        let file: GoldFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let before = &text[..offset.min(text.len())];
            GoldError::Format {
                path: path.to_path_buf(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: e.message().trim_end().to_string(),
            }
        })?;
        Ok(Gold {
            path: path.to_path_buf(),
            file,
        })
    }
}

/// Scores for one kind of entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub kind: String,
    pub true_positives: usize,
    pub false_positives: Vec<String>,
    pub false_negatives: Vec<String>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// The F1 the project holds itself to for this kind, if any.
    pub target: Option<f64>,
}

impl Score {
    fn new(
        kind: &str,
        predicted: &BTreeSet<String>,
        gold: &BTreeSet<String>,
        target: Option<f64>,
    ) -> Self {
        Score::from_counts(
            kind.to_string(),
            predicted.intersection(gold).count(),
            predicted.difference(gold).cloned().collect(),
            gold.difference(predicted).cloned().collect(),
            target,
        )
    }

    fn from_counts(
        kind: String,
        true_positives: usize,
        false_positives: Vec<String>,
        false_negatives: Vec<String>,
        target: Option<f64>,
    ) -> Self {
        let precision = ratio(true_positives, true_positives + false_positives.len());
        let recall = ratio(true_positives, true_positives + false_negatives.len());
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            kind,
            true_positives,
            false_positives,
            false_negatives,
            precision,
            recall,
            f1,
            target,
        }
    }

    /// Whether the score reaches its target (true when it has none).
    pub fn meets_target(&self) -> bool {
        self.target.is_none_or(|t| self.f1 >= t)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// What is scored: the items of one node kind, or people by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scored {
    /// PEPs by place (description or chapter start).
    Peps,
    Issues,
    Cves,
    /// People with their roles (guest or mentions).
    People,
    Hosts,
    Guests,
    Mentions,
    /// Topics at the gold file's granularity.
    Topics,
    Modules,
    Releases,
    Projects,
}

impl Scored {
    /// The kinds scored, in report order, with their F1 targets.
    const ALL: [(Scored, Option<f64>); 11] = [
        (Scored::Peps, Some(0.98)),
        (Scored::Issues, Some(0.98)),
        (Scored::Cves, Some(0.98)),
        (Scored::People, Some(0.93)),
        (Scored::Hosts, None),
        (Scored::Guests, None),
        (Scored::Mentions, None),
        (Scored::Topics, Some(0.93)),
        (Scored::Modules, Some(0.93)),
        (Scored::Releases, Some(0.93)),
        (Scored::Projects, None),
    ];

    /// The name in reports.
    fn as_str(self) -> &'static str {
        match self {
            Scored::Peps => "peps",
            Scored::Issues => "issues",
            Scored::Cves => "cves",
            Scored::People => "people",
            Scored::Hosts => "hosts",
            Scored::Guests => "guests",
            Scored::Mentions => "mentions",
            Scored::Topics => "topics",
            Scored::Modules => "modules",
            Scored::Releases => "releases",
            Scored::Projects => "projects",
        }
    }

    /// What the items of a node kind are scored as; people go by role (see [`Scored::of_role`]).
    fn of_node(kind: NodeKind) -> Option<Scored> {
        match kind {
            NodeKind::Pep => Some(Scored::Peps),
            NodeKind::Issue => Some(Scored::Issues),
            NodeKind::Cve => Some(Scored::Cves),
            NodeKind::Topic => Some(Scored::Topics),
            NodeKind::Module => Some(Scored::Modules),
            NodeKind::Release => Some(Scored::Releases),
            NodeKind::Project => Some(Scored::Projects),
            NodeKind::Person | NodeKind::Episode | NodeKind::Show => None,
        }
    }

    /// The people scored by a role; hosts are not scored.
    fn of_role(role: Role) -> Option<Scored> {
        match role {
            Role::Host => None,
            Role::Guest => Some(Scored::Guests),
            Role::Mentions => Some(Scored::Mentions),
        }
    }
}

/// Compare the tagger's findings on a corpus with the gold annotations.
pub fn evaluate(corpus: &Corpus, tagger: &Tagger, gold: &Gold) -> Result<Vec<Score>, GoldError> {
    let taxonomy = tagger.taxonomy();
    let vocabulary: Vec<&str> = gold.file.meta.topics.iter().map(String::as_str).collect();
    let mut predicted: HashMap<Scored, BTreeSet<String>> = HashMap::new();
    let mut expected: HashMap<Scored, BTreeSet<String>> = HashMap::new();
    let with_projects = gold.file.episode.iter().any(|e| e.projects.is_some());
    let with_hosts = gold.file.episode.iter().any(|e| e.hosts.is_some());
    for annotated in &gold.file.episode {
        let in_show = |e: &&crate::ingest::Episode| {
            annotated
                .show
                .as_deref()
                .is_none_or(|show| crate::graph::show_of(e, taxonomy).slug == show)
        };
        let episode = corpus
            .episodes
            .iter()
            .filter(in_show)
            .find(|e| e.number == Some(annotated.number))
            .ok_or_else(|| GoldError::MissingEpisode {
                path: gold.path.clone(),
                episode: annotated.key(),
            })?;
        let n = annotated.key();
        let per_episode_peps = matches!(annotated.peps, GoldPeps::Episode(_));
        let top_level_modules = gold.file.meta.corpus.is_some();
        add_gold(taxonomy, &mut expected, annotated);
        let show = crate::graph::show_of(episode, taxonomy);
        let hosts = crate::graph::episode_hosts(episode, &show, taxonomy);
        // The roles the graph gives: the episode's hosts and the input's credits, then the tagger's.
        let mut roles: BTreeMap<String, Role> = BTreeMap::new();
        for &host in &hosts {
            roles.insert(taxonomy.people[host].id.clone(), Role::Host);
        }
        for credit in &episode.people {
            let id = match taxonomy.person_by_name(&credit.name) {
                Some(i) => taxonomy.people[i].id.clone(),
                None => crate::model::ids::person(&credit.name),
            };
            Role::merge(roles.entry(id).or_insert(credit.role), credit.role);
        }
        for tagged in tagger.tag_episode(episode, &hosts) {
            let entity = &tagged.mention.entity;
            let item = match entity {
                Entity::Pep(number) if per_episode_peps => number.to_string(),
                Entity::Pep(number) => {
                    let place = match tagged.place {
                        Place::Description => "description".to_string(),
                        Place::Chapter(i) | Place::Text(i) => {
                            format_timestamp(episode.chapters.seconds(i).unwrap_or(0))
                        }
                        Place::Passage(i) => format_timestamp(
                            (episode.transcript.as_ref().and_then(|t| t.get(i)))
                                .map_or(0, |p| p.seconds),
                        ),
                    };
                    format!("{place} {number}")
                }
                Entity::Topic(t) => match roll_up(taxonomy, *t, &vocabulary) {
                    Some(level) => level.to_string(),
                    None => continue,
                },
                Entity::Person(_) | Entity::NewPerson(_) => {
                    if let Some(role) = tagged.role {
                        Role::merge(roles.entry(entity.id(taxonomy)).or_insert(role), role);
                    }
                    continue;
                }
                // Gold of other shows names top-level modules only.
                Entity::Module(name) if top_level_modules => {
                    name.split('.').next().unwrap_or(name).to_string()
                }
                Entity::Module(name) => name.clone(),
                Entity::Release(r) => r.feature.clone(),
                Entity::Issue(_) | Entity::Bpo(_) => entity.id(taxonomy),
                Entity::Cve(cve) => cve.clone(),
                // The gold file names a project by the slug of its node id (`project:<slug>`).
                Entity::Project(p) if with_projects => {
                    let id = &taxonomy.projects[*p].id;
                    id.trim_start_matches("project:").to_string()
                }
                Entity::Project(_) => continue,
            };
            if let Some(scored) = Scored::of_node(entity.kind()) {
                predicted
                    .entry(scored)
                    .or_default()
                    .insert(format!("{n} {item}"));
            }
        }
        for (id, role) in roles {
            if role == Role::Host {
                predicted
                    .entry(Scored::Hosts)
                    .or_default()
                    .insert(format!("{n} {id}"));
            }
            let Some(scored) = Scored::of_role(role) else {
                continue;
            };
            predicted
                .entry(scored)
                .or_default()
                .insert(format!("{n} {id}"));
            predicted
                .entry(Scored::People)
                .or_default()
                .insert(format!("{n} {id} {role}"));
        }
    }
    let empty = BTreeSet::new();
    Ok(Scored::ALL
        .iter()
        .filter(|(scored, _)| *scored != Scored::Projects || with_projects)
        .filter(|(scored, _)| *scored != Scored::Hosts || with_hosts)
        .map(|(scored, target)| {
            Score::new(
                scored.as_str(),
                predicted.get(scored).unwrap_or(&empty),
                expected.get(scored).unwrap_or(&empty),
                *target,
            )
        })
        .collect())
}

fn add_gold(
    taxonomy: &Taxonomy,
    expected: &mut HashMap<Scored, BTreeSet<String>>,
    e: &GoldEpisode,
) {
    let n = e.key();
    let person = |p: &String| person_id(taxonomy, p);
    let guests: Vec<String> = e.guests.iter().map(person).collect();
    let mentions: Vec<String> = e.mentions.iter().map(person).collect();
    let hosts: Vec<String> = e.hosts.iter().flatten().map(person).collect();
    let issues: Vec<String> = e.issues.iter().map(|i| issue_id(i)).collect();
    let mut add = |scored: Scored, items: &[String]| {
        let set = expected.entry(scored).or_default();
        set.extend(items.iter().map(|i| format!("{n} {i}")));
    };
    add(Scored::Hosts, &hosts);
    add(Scored::Guests, &guests);
    add(Scored::Mentions, &mentions);
    add(Scored::Topics, &e.topics);
    add(Scored::Modules, &e.modules);
    add(Scored::Releases, &e.releases);
    add(Scored::Issues, &issues);
    add(Scored::Cves, &e.cves);
    add(Scored::Projects, e.projects.as_deref().unwrap_or_default());
    let people = expected.entry(Scored::People).or_default();
    people.extend(guests.iter().map(|p| format!("{n} {p} guest")));
    people.extend(mentions.iter().map(|p| format!("{n} {p} mentions")));
    let peps = expected.entry(Scored::Peps).or_default();
    match &e.peps {
        GoldPeps::ByPlace(places) => {
            for (place, numbers) in places {
                peps.extend(numbers.iter().map(|p| format!("{n} {place} {p}")));
            }
        }
        GoldPeps::Episode(numbers) => peps.extend(numbers.iter().map(|p| format!("{n} {p}"))),
    }
}

/// The topic id at the gold file's granularity: the topic itself or its nearest ancestor in the vocabulary.
fn roll_up<'v>(taxonomy: &Taxonomy, topic: usize, vocabulary: &[&'v str]) -> Option<&'v str> {
    taxonomy.ancestors(topic).find_map(|t| {
        vocabulary
            .iter()
            .find(|v| **v == taxonomy.topics[t].id)
            .copied()
    })
}

/// Check that no episode is annotated in two of `golds`, so that their scores can be pooled.
pub fn check_distinct(golds: &[Gold]) -> Result<(), GoldError> {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for gold in golds {
        for episode in &gold.file.episode {
            if let Some(first) = seen.insert(episode.key(), &gold.path) {
                return Err(GoldError::SameEpisode {
                    first: first.to_path_buf(),
                    second: gold.path.clone(),
                    episode: episode.key(),
                });
            }
        }
    }
    Ok(())
}

/// The scores of several gold files of distinct episodes, pooled: per kind the true positives summed and
/// the misses listed together, so every annotated item weighs the same whichever sample it is in.
pub fn pool(runs: Vec<Vec<Score>>) -> Vec<Score> {
    let mut pooled: Vec<Score> = Vec::new();
    for score in runs.into_iter().flatten() {
        match pooled.iter_mut().find(|p| p.kind == score.kind) {
            Some(into) => {
                into.true_positives += score.true_positives;
                into.false_positives.extend(score.false_positives);
                into.false_negatives.extend(score.false_negatives);
            }
            None => pooled.push(score),
        }
    }
    pooled
        .into_iter()
        .map(|s| {
            Score::from_counts(
                s.kind,
                s.true_positives,
                s.false_positives,
                s.false_negatives,
                s.target,
            )
        })
        .collect()
}

/// Write the scores as a table, with the false positives and negatives listed.
pub fn write_report(scores: &[Score], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<10} {:>9} {:>7} {:>5} {:>5} {:>5}  target",
        "kind", "precision", "recall", "F1", "fp", "fn"
    )?;
    for s in scores {
        let target = match s.target {
            Some(t) if s.f1 >= t => format!(">= {t:.2} ok"),
            Some(t) => format!(">= {t:.2} MISSED"),
            None => String::new(),
        };
        writeln!(
            out,
            "{:<10} {:>9.3} {:>7.3} {:>5.3} {:>5} {:>5}  {target}",
            s.kind,
            s.precision,
            s.recall,
            s.f1,
            s.false_positives.len(),
            s.false_negatives.len()
        )?;
    }
    for s in scores {
        for (label, items) in [
            ("false positive", &s.false_positives),
            ("false negative", &s.false_negatives),
        ] {
            for item in items {
                writeln!(out, "{} {label}: episode {item}", s.kind)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_counts_and_ratios() {
        let p: BTreeSet<String> = ["1 a", "1 b", "2 c"].map(String::from).into();
        let g: BTreeSet<String> = ["1 a", "2 c", "2 d"].map(String::from).into();
        let s = Score::new("x", &p, &g, Some(0.9));
        assert_eq!(s.true_positives, 2);
        assert_eq!(s.false_positives, vec!["1 b"]);
        assert_eq!(s.false_negatives, vec!["2 d"]);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!(!s.meets_target());
    }

    #[test]
    fn pooled_scores_count_every_item_once_whichever_run_it_is_in() {
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let first = Score::new("x", &set(&["1 a", "1 b"]), &set(&["1 a"]), Some(0.9));
        let second = Score::new("x", &set(&["2 c"]), &set(&["2 c", "2 d", "2 e"]), Some(0.9));
        let pooled = pool(vec![vec![first], vec![second]]);
        let whole = Score::new(
            "x",
            &set(&["1 a", "1 b", "2 c"]),
            &set(&["1 a", "2 c", "2 d", "2 e"]),
            Some(0.9),
        );
        assert_eq!(pooled, vec![whole]);
        assert!(pool(Vec::new()).is_empty());
    }

    #[test]
    fn gold_files_annotating_one_episode_twice_are_not_pooled() {
        let gold = |name: &str, number: u32| {
            let text = format!(
                "[meta]\ntopics = []\n[[episode]]\nnumber = {number}\nguests = []\nmentions = []\n\
                 topics = []\nmodules = []\nreleases = []\nissues = []\ncves = []\n"
            );
            Gold::from_toml(&text, Path::new(name)).unwrap()
        };
        assert!(check_distinct(&[gold("a.toml", 1), gold("b.toml", 2)]).is_ok());
        let err = check_distinct(&[gold("a.toml", 1), gold("b.toml", 1)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "episode 1 is annotated in both `a.toml` and `b.toml`; pool only gold files of distinct episodes"
        );
    }

    #[test]
    fn gold_of_other_shows_names_people_issues_and_peps_as_written() {
        let gold = Gold::from_toml(
            "[meta]\ntopics = [\"gil\"]\ncorpus = \"feeds\"\nsource = \"feed\"\n\
             [[episode]]\nshow = \"talk-python-to-me\"\nnumber = 271\nfile = \"feeds/x.xml\"\nitem = \"#271\"\n\
             hosts = [\"Michael Kennedy\"]\nguests = [\"Paul Ganssle\"]\nmentions = []\ntopics = []\n\
             peps = [495, 615]\nmodules = []\nreleases = []\nissues = [\"GH-109181\", \"bpo-12345\"]\ncves = []\n",
            Path::new("g.toml"),
        )
        .unwrap();
        let mut expected = HashMap::new();
        add_gold(
            &Taxonomy::builtin().unwrap(),
            &mut expected,
            &gold.file.episode[0],
        );
        let items = |scored| expected[&scored].iter().cloned().collect::<Vec<String>>();
        assert_eq!(
            items(Scored::Guests),
            ["talk-python-to-me/271 person:paul-ganssle"]
        );
        assert_eq!(
            items(Scored::Hosts),
            ["talk-python-to-me/271 person:michael-kennedy"]
        );
        assert_eq!(
            items(Scored::Peps),
            ["talk-python-to-me/271 495", "talk-python-to-me/271 615"]
        );
        assert_eq!(
            items(Scored::Issues),
            [
                "talk-python-to-me/271 bpo:12345",
                "talk-python-to-me/271 gh:109181"
            ]
        );
    }

    #[test]
    fn gold_names_the_taxonomy_knows_by_an_alias_are_that_person() {
        let taxonomy = Taxonomy::builtin().unwrap();
        assert_eq!(
            person_id(&taxonomy, "Pablo Galindo"),
            "person:pablo-galindo-salgado"
        );
        assert_eq!(person_id(&taxonomy, "Vicki Boykis"), "person:vicki-boykis");
        assert_eq!(person_id(&taxonomy, "person:x-y"), "person:x-y");
    }

    #[test]
    fn gold_format_errors_name_the_line() {
        let err = Gold::from_toml(
            "[meta]\ntopics = []\n[[episode]]\nnumber = 1\nguest = []\n",
            Path::new("g.toml"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("`g.toml`:5:1: unknown field `guest`"),
            "{err}"
        );
    }
}
