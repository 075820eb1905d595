//! Measured quality: the tagger against the hand annotations, at the F1 the README states.
//! `tests/gold/corepy.toml` annotates the bundled corpus; `tests/gold/heldout.md` is a dozen episodes of
//! other shows, annotated without looking at the rules (see tests/gold/README.md).

use std::path::Path;

use castgraph::eval::{self, Gold, Score};
use castgraph::ingest::{self, IngestOptions};
use castgraph::{Tagger, Taxonomy};

fn scores(gold: &str, input: Option<&str>) -> Vec<Score> {
    let tagger = Tagger::new(Taxonomy::builtin().unwrap()).unwrap();
    let corpus = match input {
        Some(path) => ingest::read_inputs(&[path.into()], &IngestOptions::default()).unwrap(),
        None => ingest::bundled(),
    };
    eval::evaluate(&corpus, &tagger, &Gold::from_path(Path::new(gold)).unwrap()).unwrap()
}

fn assert_targets_met(scores: &[Score]) {
    let missed: Vec<String> = scores
        .iter()
        .filter(|s| !s.meets_target())
        .map(|s| {
            format!(
                "{} F1 {:.3} < {:.2}: fp {:?} fn {:?}",
                s.kind,
                s.f1,
                s.target.unwrap_or(0.0),
                s.false_positives,
                s.false_negatives
            )
        })
        .collect();
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn bundled_corpus_meets_the_f1_targets() {
    assert_targets_met(&scores("tests/gold/corepy.toml", None));
}

#[test]
fn held_out_episodes_meet_the_f1_targets() {
    assert_targets_met(&scores(
        "tests/gold/heldout.toml",
        Some("tests/gold/heldout.md"),
    ));
}

#[test]
fn every_targeted_kind_is_scored() {
    let kinds: Vec<String> = scores("tests/gold/corepy.toml", None)
        .into_iter()
        .filter(|s| s.target.is_some())
        .map(|s| s.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "peps", "issues", "cves", "people", "topics", "modules", "releases"
        ]
    );
}
