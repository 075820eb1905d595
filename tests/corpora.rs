//! The real corpora beside the project (`../shared/corpora`, see its README): every Python Bytes note and
//! every item of the three feeds is read with the right show, number, hosts and clean untimed chapters, and
//! the inputs of one show build one graph with no episode lost.
//!
//! Skipped when `../shared/corpora` is absent, unless `CI=true`: then its absence is a failure.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use castgraph::Taxonomy;
use castgraph::graph::{KnowledgeGraph, episode_hosts, merge_episodes, show_of};
use castgraph::ingest::{self, Corpus, Episode, IngestOptions};

use common::{shared_corpus, tagger};

/// The shared corpora, or `None` (the test is skipped) when they are absent outside CI.
fn corpora() -> Option<PathBuf> {
    let root = shared_corpus("");
    if root.is_dir() {
        return Some(root);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !in_ci,
        "`{}` is missing; CI must lay ../shared beside the project",
        root.display()
    );
    eprintln!("skipped: `{}` is absent", root.display());
    None
}

fn taxonomy() -> &'static Taxonomy {
    tagger().taxonomy()
}

fn read(path: &Path) -> Corpus {
    ingest::read_path(path, &IngestOptions::default())
        .unwrap_or_else(|e| panic!("`{}` is not read: {e}", path.display()))
}

/// The names of the people who host `episode`, sorted.
fn hosts(episode: &Episode) -> Vec<String> {
    let show = show_of(episode, taxonomy());
    let mut names: Vec<String> = episode_hosts(episode, &show, taxonomy())
        .into_iter()
        .map(|i| taxonomy().people()[i].name.clone())
        .collect();
    names.sort();
    names
}

/// Every chapter is untimed (or a timestamp link's), and no title keeps markup or a URL.
fn assert_clean_chapters(episode: &Episode, place: &str) {
    for chapter in episode.chapters.iter() {
        let title = chapter.title;
        assert!(
            !title.is_empty()
                && !title.contains("](")
                && !title.contains("**")
                && !title.contains("://"),
            "{place}: chapter title `{title}`"
        );
    }
}

/// The number a Python Bytes note's file name carries (`484-all-our-tools.md`, `035.md`, `PB 485.md`).
fn number_in_file_name(path: &Path) -> u32 {
    let name = path.file_name().unwrap().to_str().unwrap();
    let digits: String = name
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

fn python_bytes_hosts(number: u32) -> Vec<String> {
    let second = if number <= 482 {
        "Brian Okken"
    } else {
        "Calvin Hendryx-Parker"
    };
    let mut hosts = vec!["Michael Kennedy".to_string(), second.to_string()];
    hosts.sort();
    hosts
}

fn note_files(root: &Path) -> Vec<PathBuf> {
    let folder = root.join("pythonbytes/show_notes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_python_bytes_note_is_one_episode_of_python_bytes_with_its_number_hosts_and_items() {
    let Some(root) = corpora() else { return };
    let files = note_files(&root);
    assert_eq!(files.len(), 448);
    let mut numbers = BTreeSet::new();
    for file in &files {
        let corpus = read(file);
        let place = file.display().to_string();
        let [episode] = corpus.episodes.as_slice() else {
            panic!("{place}: {} episodes", corpus.episodes.len());
        };
        assert_eq!(show_of(episode, taxonomy()).slug, "python-bytes", "{place}");
        let number = number_in_file_name(file);
        assert_eq!(episode.number, Some(number), "{place}");
        numbers.insert(number);
        assert_eq!(hosts(episode), python_bytes_hosts(number), "{place}");
        assert!(!episode.chapters.is_empty(), "{place}: no item");
        assert!(!episode.chapters.any_timed(), "{place}: a timed chapter");
        assert_clean_chapters(episode, &place);
        assert!(corpus.warnings.is_empty(), "{place}: {:?}", corpus.warnings);
    }
    assert_eq!(numbers.len(), 448, "two notes give one number");
}

/// (file, show id, items, hosts).
const FEEDS: [(&str, &str, usize, &[&str]); 3] = [
    (
        "feeds/podcastinit-2015-2018.xml",
        "podcast-init",
        182,
        &["Tobias Macey"],
    ),
    ("feeds/pythonbytes-2016-2018.xml", "python-bytes", 97, &[]),
    (
        "feeds/talkpython-2020.xml",
        "talk-python-to-me",
        26,
        &["Michael Kennedy"],
    ),
];

#[test]
fn every_feed_item_is_an_episode_of_its_show_with_number_hosts_links_and_untimed_chapters() {
    let Some(root) = corpora() else { return };
    for (file, show, items, show_hosts) in FEEDS {
        let path = root.join(file);
        let corpus = read(&path);
        assert_eq!(corpus.episodes.len(), items, "{file}");
        assert!(corpus.warnings.is_empty(), "{file}: {:?}", corpus.warnings);
        for episode in &corpus.episodes {
            let place = format!("{file}: {}", episode.describe());
            assert_eq!(show_of(episode, taxonomy()).slug, show, "{place}");
            let number = episode
                .number
                .unwrap_or_else(|| panic!("{place}: no number"));
            let hosts = hosts(episode);
            let expected: Vec<String> = if show == "python-bytes" {
                python_bytes_hosts(number)
            } else {
                show_hosts.iter().map(|h| h.to_string()).collect()
            };
            for host in &expected {
                assert!(hosts.contains(host), "{place}: hosts {hosts:?}");
            }
            assert!(
                episode
                    .url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                "{place}"
            );
            assert!(
                episode
                    .audio
                    .as_deref()
                    .is_some_and(|u| u.starts_with("http")),
                "{place}"
            );
            assert!(!episode.links.is_empty(), "{place}: no links");
            assert!(!episode.chapters.any_timed(), "{place}: a timed chapter");
            assert_clean_chapters(episode, &place);
            let title = episode.title.as_deref().unwrap_or_default();
            assert!(
                !title.starts_with('#'),
                "{place}: title `{title}` keeps its number"
            );
        }
        let numbers: BTreeSet<u32> = corpus.episodes.iter().filter_map(|e| e.number).collect();
        assert_eq!(numbers.len(), items, "{file}: numbers repeat");
    }
}

#[test]
fn talk_python_271_on_time_cites_pep_495_and_pep_615() {
    let Some(root) = corpora() else { return };
    let mut corpus = read(&root.join("feeds/talkpython-2020.xml"));
    corpus.episodes.retain(|e| e.number == Some(271));
    assert_eq!(corpus.episodes.len(), 1);
    assert!(
        corpus.episodes[0]
            .title
            .as_deref()
            .unwrap()
            .starts_with("Unlock the mysteries of time")
    );
    let graph = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    for pep in ["pep:495", "pep:615"] {
        assert!(
            graph
                .edge_between("episode:talk-python-to-me/271", pep)
                .is_some(),
            "no edge to `{pep}`"
        );
    }
}

#[test]
fn python_bytes_notes_and_feed_together_lose_no_episode() {
    let Some(root) = corpora() else { return };
    let inputs = [
        root.join("pythonbytes/show_notes"),
        root.join("feeds/pythonbytes-2016-2018.xml"),
    ];
    let mut corpus = ingest::read_inputs(&inputs, &IngestOptions::default()).unwrap();
    let expected: BTreeSet<u32> = corpus.episodes.iter().filter_map(|e| e.number).collect();
    assert_eq!(corpus.episodes.len(), 448 + 97);
    merge_episodes(&mut corpus, taxonomy());
    let merged: BTreeSet<u32> = corpus.episodes.iter().filter_map(|e| e.number).collect();
    assert_eq!(
        corpus.episodes.len(),
        expected.len(),
        "one episode per number"
    );
    assert_eq!(merged, expected);
    // Episode 95 has both a note and a feed item: its chapters and links come from both.
    let both = corpus
        .episodes
        .iter()
        .find(|e| e.number == Some(95))
        .unwrap();
    assert!(both.audio.is_some() && both.chapters.len() >= 6);
    let graph = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    for number in expected {
        let id = format!("episode:python-bytes/{number}");
        assert!(graph.node(&id).is_some(), "`{id}` is lost");
    }
}
