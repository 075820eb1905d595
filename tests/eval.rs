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

/// The real corpora the shared gold annotates (`../shared/corpora`): `None` when they are absent here,
/// which only CI refuses.
fn shared_corpora() -> Option<&'static str> {
    let root = "../shared/corpora";
    if Path::new(root).is_dir() {
        Some(root)
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs {root} for the real-corpus gold"
        );
        None
    }
}

fn scores_of(gold: &str, inputs: &[String]) -> Vec<Score> {
    let tagger = Tagger::new(Taxonomy::builtin().unwrap()).unwrap();
    let paths: Vec<std::path::PathBuf> = inputs.iter().map(Into::into).collect();
    let corpus = ingest::read_inputs(&paths, &IngestOptions::default()).unwrap();
    eval::evaluate(&corpus, &tagger, &Gold::from_path(Path::new(gold)).unwrap()).unwrap()
}

fn score<'s>(scores: &'s [Score], kind: &str) -> &'s Score {
    scores.iter().find(|s| s.kind == kind).unwrap()
}

/// Each (kind, precision, recall) at least as measured when the rules were last changed (README,
/// Quality): a drop fails. The figures are what the rules reach, not the targets.
fn assert_at_least(scores: &[Score], floors: &[(&str, f64, f64)]) {
    for &(kind, precision, recall) in floors {
        let s = score(scores, kind);
        assert!(
            s.precision >= precision && s.recall >= recall,
            "{kind}: P {:.3} R {:.3} < {precision} / {recall}{}",
            s.precision,
            s.recall,
            misses(s)
        );
    }
}

/// The items a failing floor got wrong, only when asked for (`EVAL_MISSES=1`) or in CI: whoever writes
/// rules runs these tests too, and the blind samples stay blind only if a failure does not show their
/// annotations.
fn misses(s: &Score) -> String {
    let asked = |name| std::env::var(name).is_ok_and(|v| v == "1" || v == "true");
    if asked("EVAL_MISSES") || asked("CI") {
        format!(": fp {:?} fn {:?}", s.false_positives, s.false_negatives)
    } else {
        " (EVAL_MISSES=1 lists the misses: not for whoever tunes the rules)".to_string()
    }
}

#[test]
fn feed_items_keep_their_measured_figures() {
    let Some(root) = shared_corpora() else { return };
    let scores = scores_of("tests/gold/feeds.toml", &[format!("{root}/feeds")]);
    assert_at_least(
        &scores,
        &[
            ("peps", 1.0, 1.0),
            ("releases", 1.0, 1.0),
            ("topics", 0.77, 0.84),
            ("modules", 0.83, 1.0),
            ("people", 0.86, 0.76),
            ("mentions", 0.80, 0.72),
            ("hosts", 1.0, 1.0),
            ("guests", 0.92, 0.80),
        ],
    );
}

#[test]
fn python_bytes_notes_keep_their_measured_figures() {
    let Some(root) = shared_corpora() else { return };
    let scores = scores_of(
        "tests/gold/pythonbytes-notes.toml",
        &[format!("{root}/pythonbytes/show_notes")],
    );
    assert_at_least(
        &scores,
        &[
            ("peps", 1.0, 0.66),
            ("topics", 0.78, 0.87),
            ("modules", 1.0, 1.0),
            ("releases", 1.0, 0.90),
            ("people", 0.94, 0.79),
            ("mentions", 0.93, 0.78),
            ("hosts", 1.0, 1.0),
            ("guests", 1.0, 1.0),
        ],
    );
}

#[test]
fn transcripts_keep_their_measured_figures() {
    let Some(root) = shared_corpora() else { return };
    let inputs = [
        format!("{root}/talkpython/transcripts"),
        format!("{root}/pythonbytes/transcripts"),
    ];
    let scores = scores_of("tests/gold/transcripts.toml", &inputs);
    assert_at_least(
        &scores,
        &[
            ("topics", 0.85, 0.75),
            ("peps", 1.0, 1.0),
            ("modules", 0.84, 0.57),
            ("releases", 0.92, 0.92),
            ("people", 0.90, 0.36),
            ("mentions", 0.85, 0.27),
            ("guests", 1.0, 1.0),
        ],
    );
    // No person whose name starts with a word that opens sentences ("And Riot", "So Ngrok").
    let sentence_words = ["and-", "so-", "that-", "like-", "with-", "but-", "because-"];
    let people = score(&scores, "mentions");
    for fp in &people.false_positives {
        let id = fp.rsplit("person:").next().unwrap_or_default();
        assert!(
            !sentence_words.iter().any(|w| id.starts_with(w)),
            "{fp} is named by a sentence word"
        );
    }
}

/// A blind sample's floors per source: its three gold files (`tests/gold/feeds-7.toml` and its notes and
/// transcripts for `suffix` "-7") scored on the corpora they annotate, each held to its floors.
struct SampleFloors<'f> {
    suffix: &'f str,
    feeds: &'f [(&'f str, f64, f64)],
    notes: &'f [(&'f str, f64, f64)],
    transcripts: &'f [(&'f str, f64, f64)],
}

impl SampleFloors<'_> {
    fn assert_kept(&self) {
        let Some(root) = shared_corpora() else { return };
        let suffix = self.suffix;
        let feeds = scores_of(
            &format!("tests/gold/feeds{suffix}.toml"),
            &[format!("{root}/feeds")],
        );
        assert_at_least(&feeds, self.feeds);
        let notes = scores_of(
            &format!("tests/gold/pythonbytes-notes{suffix}.toml"),
            &[format!("{root}/pythonbytes/show_notes")],
        );
        assert_at_least(&notes, self.notes);
        let transcripts = scores_of(
            &format!("tests/gold/transcripts{suffix}.toml"),
            &[
                format!("{root}/talkpython/transcripts"),
                format!("{root}/pythonbytes/transcripts"),
            ],
        );
        assert_at_least(&transcripts, self.transcripts);
    }
}

/// The second blind sample (`tests/gold/*-2.toml`, `sample2.py`): annotated after this stop's rules were
/// written, by a helper who had not read them, and first scored on the rules before them. Its floors are the
/// figures the rules reach on it (README, Quality), the honest measure of how they generalise.
#[test]
fn second_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-2",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.68, 0.78),
            ("modules", 1.0, 1.0),
            ("people", 1.0, 0.86),
            ("guests", 1.0, 0.87),
            ("releases", 0.83, 1.0),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.83, 0.78),
            ("modules", 0.90, 0.95),
            ("people", 0.84, 0.72),
            ("releases", 0.92, 1.0),
        ],
        transcripts: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.76, 0.82),
            ("people", 0.75, 0.34),
            ("guests", 1.0, 1.0),
            ("releases", 1.0, 0.75),
        ],
    }
    .assert_kept();
}

/// The third blind sample (`tests/gold/*-3.toml`, `sample3.py`): annotated at the start of a stop by a helper
/// who had not read the rules, and first scored on the rules of then (f26ecde). Its floors are what the rules
/// reach on it now (README, Quality), so a rule that costs episodes nobody tuned on fails here.
#[test]
fn third_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-3",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.72, 0.75),
            ("people", 0.84, 0.80),
            ("guests", 0.87, 0.87),
            ("releases", 0.85, 1.0),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.74, 0.72),
            ("modules", 0.81, 0.86),
            ("people", 0.97, 0.75),
            ("releases", 1.0, 0.82),
        ],
        transcripts: &[
            ("peps", 1.0, 0.6),
            ("topics", 0.70, 0.65),
            ("people", 0.80, 0.38),
            ("guests", 0.66, 0.5),
            ("releases", 1.0, 0.8),
        ],
    }
    .assert_kept();
}

/// The fourth blind sample (`tests/gold/*-4.toml`, `sample4.py`): annotated at the start of a stop by a helper
/// who had not read the rules, and first scored on the rules of then (12c5338). Its floors are what the rules
/// reach on it now (README, Quality); the notes' PEPs went from 0.5 to 1.0 recall with the PEP lists that end
/// in ", and" or hold asides in brackets, a general fix of the extractor that this sample showed.
#[test]
fn fourth_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-4",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.70, 0.62),
            ("people", 0.83, 0.68),
            ("guests", 0.80, 0.66),
            ("modules", 0.83, 0.83),
            ("releases", 1.0, 0.66),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.77, 0.64),
            ("modules", 0.64, 0.81),
            ("people", 1.0, 0.86),
            ("releases", 1.0, 1.0),
        ],
        transcripts: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.86, 0.79),
            ("people", 0.72, 0.39),
            ("releases", 0.75, 1.0),
        ],
    }
    .assert_kept();
}

/// The fifth blind sample (`tests/gold/*-5.toml`, `sample5.py`): annotated at the start of a stop by a helper
/// who had not read the rules, first scored on the rules of then (7ed0a69) and again once this stop's people,
/// module and release rules were merged. Its floors are what the rules reach on it now (README, Quality).
#[test]
fn fifth_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-5",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.50, 0.50),
            ("people", 0.80, 0.84),
            ("guests", 1.0, 1.0),
            ("modules", 1.0, 0.83),
            ("releases", 1.0, 1.0),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.72, 0.79),
            ("modules", 0.63, 1.0),
            ("people", 0.93, 0.62),
            ("releases", 0.87, 1.0),
        ],
        transcripts: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.78, 0.51),
            ("people", 0.72, 0.44),
            ("guests", 1.0, 0.5),
            ("modules", 1.0, 0.28),
            ("releases", 1.0, 1.0),
        ],
    }
    .assert_kept();
}

/// The sixth blind sample (`tests/gold/*-6.toml`, `sample6.py`): annotated at the start of a stop by a helper
/// who had not read the rules, first scored on the rules of then (456fb00) and again once that stop's rules
/// were merged, which moved none of its figures. Its floors are what the rules reach on it (README, Quality).
#[test]
fn sixth_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-6",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.80, 0.77),
            ("people", 0.90, 0.83),
            ("guests", 0.88, 0.88),
            ("modules", 1.0, 1.0),
            ("releases", 1.0, 1.0),
        ],
        notes: &[
            ("peps", 0.90, 1.0),
            ("topics", 0.76, 0.82),
            ("modules", 0.86, 0.86),
            ("people", 0.93, 0.80),
            ("releases", 0.91, 1.0),
        ],
        transcripts: &[
            ("peps", 0.66, 1.0),
            ("topics", 0.76, 0.71),
            ("people", 0.83, 0.48),
            ("guests", 0.66, 0.66),
            ("modules", 0.71, 0.45),
            ("releases", 1.0, 0.72),
        ],
    }
    .assert_kept();
}

/// The seventh blind sample (`tests/gold/*-7.toml`, `sample7.py`): annotated at the start of a stop by a
/// helper who had not read the rules, first scored on the rules of then (a381dfa) and again once that stop's
/// rules were merged, which moved its transcripts' people precision only. Its floors are what the rules
/// reach on it (README, Quality).
#[test]
fn seventh_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-7",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.89, 0.81),
            ("people", 0.84, 0.84),
            ("guests", 0.90, 0.90),
            ("modules", 1.0, 1.0),
            ("releases", 1.0, 1.0),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.65, 0.74),
            ("modules", 0.79, 0.85),
            ("people", 0.93, 0.74),
            ("releases", 0.91, 1.0),
        ],
        // No module of the sample's speech is found (recall 0), and none is found wrongly: precision 1.
        transcripts: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.64, 0.61),
            ("people", 0.53, 0.25),
            ("guests", 0.66, 1.0),
            ("modules", 1.0, 0.0),
            ("releases", 0.92, 0.85),
        ],
    }
    .assert_kept();
}

/// The eighth blind sample (`tests/gold/*-8.toml`, `sample8.py`): annotated at the start of a stop by a
/// helper who had not read the rules, first scored on the rules of then (65c44ab) and again once that stop's
/// rules were merged, which moved its notes' modules only (one found module fewer). Its floors are what the
/// rules reach on it (README, Quality).
#[test]
fn eighth_blind_sample_keeps_its_measured_figures() {
    SampleFloors {
        suffix: "-8",
        feeds: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.69, 0.69),
            ("people", 0.72, 0.68),
            ("guests", 0.85, 0.66),
            ("modules", 0.50, 0.66),
            ("releases", 1.0, 1.0),
        ],
        notes: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.75, 0.73),
            ("modules", 0.54, 0.66),
            ("people", 0.90, 0.73),
            ("releases", 0.66, 1.0),
        ],
        transcripts: &[
            ("peps", 1.0, 1.0),
            ("topics", 0.86, 0.61),
            ("people", 0.44, 0.18),
            ("guests", 1.0, 1.0),
            ("modules", 0.88, 0.28),
            ("releases", 1.0, 0.20),
        ],
    }
    .assert_kept();
}
