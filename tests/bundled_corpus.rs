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
