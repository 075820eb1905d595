//! The bundled corpus comes out exactly as written: 17 episodes, 504 chapters, every title as in the seed.
//!
//! The expectation is computed here independently of the ingest code: split each line at `(HH:MM:SS)`.

use castgraph::ingest::{self, BUNDLED_CORPUS};

/// (start, title) per episode, newest first, by a plain split of each seed line.
fn expected_chapters() -> Vec<Vec<(String, String)>> {
    let stamp = regex::Regex::new(r"\((\d\d:\d\d:\d\d)\)").unwrap();
    BUNDLED_CORPUS
        .lines()
        .map(|line| {
            let starts: Vec<_> = stamp.captures_iter(line).collect();
            starts
                .iter()
                .enumerate()
                .map(|(k, caps)| {
                    let whole = caps.get(0).unwrap();
                    let end = starts
                        .get(k + 1)
                        .map_or(line.len(), |n| n.get(0).unwrap().start());
                    let mut title = line[whole.end()..end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some(cut) = title.find(" # Links ") {
                        title.truncate(cut);
                    }
                    (caps[1].to_string(), title)
                })
                .collect()
        })
        .collect()
}

#[test]
fn bundled_chapters_match_the_seed_exactly() {
    let corpus = ingest::bundled();
    let expected = expected_chapters();
    assert_eq!(corpus.episodes.len(), 17);
    assert_eq!(expected.iter().map(Vec::len).sum::<usize>(), 504);
    for (episode, want) in corpus.episodes.iter().zip(&expected) {
        let got: Vec<(String, String)> = episode
            .chapters
            .iter()
            .map(|c| (c.start.unwrap_or_default().to_string(), c.title.to_string()))
            .collect();
        assert_eq!(&got, want, "episode {:?}", episode.number);
    }
}

#[test]
fn bundled_episodes_are_numbered_newest_first() {
    let numbers: Vec<u32> = ingest::bundled()
        .episodes
        .iter()
        .filter_map(|e| e.number)
        .collect();
    assert_eq!(numbers, (1..=17).rev().collect::<Vec<_>>());
}

#[test]
fn titles_keep_asterisks_and_dunder_names() {
    let corpus = ingest::bundled();
    let titles: Vec<&str> = corpus
        .episodes
        .iter()
        .flat_map(|e| e.chapters.iter().map(|c| c.title))
        .collect();
    assert!(titles.contains(&"Savannah at ***** Maps"));
    assert!(titles.contains(&"__cause__, __context__, __traceback__"));
}

#[test]
fn trailing_links_become_the_episodes_links() {
    let corpus = ingest::bundled();
    let episode6 = corpus
        .episodes
        .iter()
        .find(|e| e.number == Some(6))
        .unwrap();
    assert_eq!(episode6.chapters.last().unwrap().title, "OUTRO");
    assert_eq!(episode6.links, vec!["https://compilercrim.es/rust-np/"]);
}

#[test]
fn descriptions_stop_before_the_chapter_heading() {
    let corpus = ingest::bundled();
    for episode in &corpus.episodes {
        let d = episode.description.to_lowercase();
        assert!(
            !d.ends_with("timestamps") && !d.ends_with("outline") && !d.contains('#'),
            "{:?}: {d}",
            episode.number
        );
    }
}

/// Graph contract 2 changes ids and adds the show, fields and counts, nothing else: the bundled corpus's graph
/// has the nodes, edges, evidence and airtime that castgraph 0.1 wrote under contract 1
/// (`tests/fixtures/contract-v1/corepy.json`, written at commit 0ba053b), with `episode:<n>` read as
/// `episode:corepy/<n>`, one `show:corepy` node and one `part_of` edge per episode more. Airtime that was
/// `0` only because no evidence had a time is `null` now.
#[test]
fn the_bundled_graph_is_version_1_plus_the_show() {
    use serde_json::Value;
    use std::collections::BTreeMap;
    let v1: Value = serde_json::from_str(include_str!("fixtures/contract-v1/corepy.json")).unwrap();
    let kg = castgraph::KnowledgeGraph::build(
        ingest::bundled(),
        &castgraph::Tagger::new(castgraph::Taxonomy::builtin().unwrap()).unwrap(),
        &Default::default(),
    );
    let mut out = Vec::new();
    castgraph::export::write(
        &kg,
        castgraph::export::Format::Json,
        &Default::default(),
        &mut out,
    )
    .unwrap();
    let v2: Value = serde_json::from_slice(&out).unwrap();
    let episode = regex::Regex::new(r"^episode:(\d+)$").unwrap();
    let id = |v: &Value| {
        episode
            .replace(v.as_str().unwrap(), "episode:corepy/$1")
            .into_owned()
    };
    let nodes = |doc: &Value, skip: &str| -> Vec<String> {
        let mut ids: Vec<String> = doc["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] != skip)
            .map(|n| id(&n["id"]))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(nodes(&v1, ""), nodes(&v2, "show"));
    let shows: Vec<&Value> = v2["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "show")
        .collect();
    assert_eq!(shows.len(), 1);
    assert_eq!(shows[0]["id"], "show:corepy");
    // (source, target, kind) -> (evidence as start/title/match, airtime).
    type Edges = BTreeMap<(String, String, String), (Vec<(Value, Value, Value)>, Value)>;
    let edges = |doc: &Value| -> Edges {
        doc["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] != "part_of")
            .map(|e| {
                let evidence = e["evidence"]
                    .as_array()
                    .map(|items| {
                        items
                            .iter()
                            .map(|x| (x["start"].clone(), x["title"].clone(), x["match"].clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                let seconds = match &e["seconds"] {
                    Value::Number(n) if n.as_u64() == Some(0) && evidence_untimed(e) => Value::Null,
                    other => other.clone(),
                };
                let key = (
                    id(&e["source"]),
                    id(&e["target"]),
                    e["kind"].as_str().unwrap().to_string(),
                );
                (key, (evidence, seconds))
            })
            .collect()
    };
    let (old, new) = (edges(&v1), edges(&v2));
    assert_eq!(old.len(), new.len());
    for (key, value) in &old {
        assert_eq!(Some(value), new.get(key), "{key:?}");
    }
    let part_of = v2["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "part_of")
        .count();
    assert_eq!(part_of, 17);
}

/// Whether no evidence item of an edge has a time (an edge with none included).
fn evidence_untimed(edge: &serde_json::Value) -> bool {
    edge["evidence"]
        .as_array()
        .is_none_or(|items| items.iter().all(|x| x["seconds"].is_null()))
}
