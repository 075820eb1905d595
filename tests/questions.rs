//! The questions a listener asks (tests/questions.toml), each with the first answer read from the corpora:
//! the first result, how it was reached, the role, the show and, where summed by hand, the airtime; and for
//! every result of every answer, airtime that is the summed length of its distinct chapters and passages.
//! Questions on ../shared/corpora are skipped when it is absent, unless CI=true. A graph read back from
//! its JSON answers the same, for a graph of three shows too.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use castgraph::export::{self, Format};
use castgraph::graph::EvidenceSource;
use castgraph::ingest::{self, Corpus, IngestOptions};
use castgraph::query::{self, Answer, Hit, PassageIndex, QueryError, QueryOptions, Span};
use castgraph::{KnowledgeGraph, Node};

use common::tagger;

#[derive(Deserialize)]
struct Table {
    corpus: BTreeMap<String, Vec<String>>,
    question: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    ask: String,
    #[serde(default = "bundled")]
    corpus: String,
    first: Option<String>,
    #[serde(rename = "match")]
    match_kind: Option<String>,
    via: Option<String>,
    role: Option<String>,
    show: Option<String>,
    coverage: Option<String>,
    above: Option<String>,
    same_airtime_as: Option<String>,
    link: Option<String>,
    /// The first answer's airtime in seconds, worked out from the input's chapters or passages.
    seconds: Option<u32>,
    /// Where the first answer's first evidence starts (`HH:MM:SS`): for words said in a transcript, the
    /// start of the passage that says them, worked out from its cues.
    at: Option<String>,
    error: Option<String>,
    #[allow(dead_code)] // Read by people: why the first answer is what it is.
    why: String,
}

fn bundled() -> String {
    "bundled".to_string()
}

fn table() -> Table {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/questions.toml");
    let text = std::fs::read_to_string(&path).expect("tests/questions.toml is readable");
    toml::from_str(&text).expect("tests/questions.toml is a table of questions")
}

/// The graph of a corpus of the table, or `None` when its files are absent here (never on CI).
fn graph(table: &Table, corpus: &str) -> Option<KnowledgeGraph> {
    inputs(table, corpus).map(|(kg, _)| kg)
}

/// The graph of a corpus of the table and the corpus itself, whose transcripts a question's words are
/// looked up in as `castgraph query` looks them up in its inputs (the bundled corpus has none); `None`
/// when its files are absent here (never on CI).
fn inputs(table: &Table, corpus: &str) -> Option<(KnowledgeGraph, Option<Corpus>)> {
    if corpus == "bundled" {
        return Some((common::bundled_graph(), None));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<PathBuf> = table.corpus[corpus].iter().map(|p| root.join(p)).collect();
    if !paths.iter().all(|p| p.exists()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs ../shared/corpora: {paths:?}"
        );
        eprintln!("skipping corpus `{corpus}`: ../shared/corpora is absent");
        return None;
    }
    let corpus = ingest::read_inputs(&paths, &IngestOptions::default()).expect("the corpus reads");
    let kg = KnowledgeGraph::build(corpus.clone(), tagger(), &Default::default());
    Some((kg, Some(corpus)))
}

fn ask(kg: &KnowledgeGraph, question: &str) -> Result<Answer, QueryError> {
    query::answer(kg, tagger(), question, 50)
}

/// Ask as `castgraph query QUESTION INPUT...` does: the transcripts' passages searched too.
fn ask_inputs(
    kg: &KnowledgeGraph,
    corpus: Option<&Corpus>,
    question: &str,
) -> Result<Answer, QueryError> {
    let passages =
        corpus.map(|c| PassageIndex::scan(c, tagger().taxonomy(), question, query::EVIDENCE));
    let options = QueryOptions {
        limit: 50,
        passages: passages.as_ref(),
        ..Default::default()
    };
    query::answer_with(kg, tagger(), question, &options)
}

/// Length of chapter `i` of an episode node, as the graph counts airtime.
fn chapter_length(node: &Node, i: usize) -> Option<u32> {
    let chapters = node.chapters.as_ref()?;
    let start = chapters.seconds(i)?;
    let end = chapters.seconds(i + 1).or(node.duration).unwrap_or(start);
    Some(end.saturating_sub(start))
}

/// A hit's airtime is its spans' total; each chapter span is whole chapters in a row whose lengths it
/// sums, each transcript span lasts as long as it says; spans of one source do not overlap; and every
/// timed chapter of the evidence lies in a span, as does every passage quoted.
fn assert_airtime_once(kg: &KnowledgeGraph, question: &str, hit: &Hit) {
    let context = format!("`{question}`: {}", hit.episode);
    let spans_total: u32 = hit.spans.iter().map(|s| s.seconds).sum();
    assert_eq!(
        hit.seconds, spans_total,
        "{context}: airtime is not the spans' total"
    );
    let (chapter_spans, passage_spans): (Vec<Span>, Vec<Span>) = hit
        .spans
        .iter()
        .partition(|s| s.source == EvidenceSource::Chapter);
    for spans in [&chapter_spans, &passage_spans] {
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{context}: spans overlap");
        }
    }
    for span in &passage_spans {
        assert_eq!(span.source, EvidenceSource::Transcript, "{context}");
        assert_eq!(
            span.seconds,
            span.end.0 - span.start.0,
            "{context}: {span:?}"
        );
    }
    for evidence in &hit.evidence {
        if let (Some(EvidenceSource::Transcript), Some(seconds)) =
            (evidence.source, evidence.seconds)
        {
            assert!(
                passage_spans
                    .iter()
                    .any(|s| s.start.0 <= seconds && seconds < s.end.0.max(s.start.0 + 1)),
                "{context}: the passage at {seconds}s is evidence but not airtime"
            );
        }
    }
    let node = kg
        .node(&hit.episode)
        .expect("the hit's episode is in the graph");
    let Some(chapters) = node.chapters.as_ref() else {
        assert!(
            chapter_spans.is_empty(),
            "{context}: airtime without chapters"
        );
        return;
    };
    for span in &chapter_spans {
        let inside: u32 = (0..chapters.len())
            .filter(|&i| {
                chapters
                    .seconds(i)
                    .is_some_and(|s| span.start.0 <= s && s < span.end.0)
            })
            .filter_map(|i| chapter_length(node, i))
            .sum();
        assert_eq!(
            span.seconds, inside,
            "{context}: span {span:?} is not its chapters' lengths"
        );
        assert!(
            (0..chapters.len()).any(|i| chapters.seconds(i) == Some(span.start.0)),
            "{context}: span {span:?} does not start at a chapter"
        );
    }
    for evidence in &hit.evidence {
        if let (Some(seconds), Some(_)) = (evidence.seconds, &evidence.title) {
            assert!(
                chapter_spans
                    .iter()
                    .any(|s| s.start.0 <= seconds && (seconds < s.end.0 || s.seconds == 0)),
                "{context}: the chapter at {seconds}s is evidence but not airtime"
            );
        }
    }
}

fn check(kg: &KnowledgeGraph, corpus: Option<&Corpus>, q: &Question) {
    let answer = ask_inputs(kg, corpus, &q.ask);
    if let Some(error) = &q.error {
        let err = answer.expect_err(&format!("`{}` is refused", q.ask));
        let expected = match error.as_str() {
            "no-such-pep" => matches!(err, QueryError::NoSuchPep { .. }),
            "no-entity" => matches!(err, QueryError::NoEntity { .. }),
            other => panic!("unknown error kind `{other}` in tests/questions.toml"),
        };
        assert!(expected, "`{}`: {err}", q.ask);
        return;
    }
    let answer = answer.unwrap_or_else(|e| panic!("`{}`: {e}", q.ask));
    for hit in &answer.results {
        assert_airtime_once(kg, &q.ask, hit);
    }
    let first = answer
        .results
        .first()
        .unwrap_or_else(|| panic!("`{}` finds nothing", q.ask));
    let shown = |h: &Hit| {
        format!(
            "{} ({:?} via {:?}, {:?}, {}s)",
            h.episode, h.match_kind, h.via, h.role, h.seconds
        )
    };
    let ranking: Vec<String> = answer.results.iter().take(5).map(shown).collect();
    let context = format!("`{}` ({}) ranks {ranking:#?}", q.ask, q.corpus);
    if let Some(expected) = &q.first {
        assert_eq!(&first.episode, expected, "{context}");
    }
    let kind = serde_json::to_value(first.match_kind).unwrap();
    if let Some(expected) = &q.match_kind {
        assert_eq!(kind.as_str(), Some(expected.as_str()), "{context}");
    }
    if let Some(expected) = &q.via {
        assert_eq!(first.via.as_ref(), Some(expected), "{context}");
    }
    if let Some(expected) = &q.role {
        assert_eq!(first.role, Some(expected.as_str()), "{context}");
    }
    if let Some(expected) = &q.show {
        assert_eq!(first.show.as_ref(), Some(expected), "{context}");
    }
    if let Some(expected) = &q.coverage {
        let coverage = serde_json::to_value(first.coverage).unwrap();
        assert_eq!(coverage.as_str(), Some(expected.as_str()), "{context}");
    }
    if let Some(below) = &q.above {
        let at = |id: &str| answer.results.iter().position(|h| h.episode == id);
        assert!(
            at(below).is_none_or(|k| k > 0),
            "{context}: {below} is first"
        );
    }
    if let Some(other) = &q.same_airtime_as {
        let other = ask(kg, other).expect("the other question is answered");
        assert_eq!(first.seconds, other.results[0].seconds, "{context}");
    }
    if let Some(expected) = q.seconds {
        assert_eq!(first.seconds, expected, "{context}: airtime");
    }
    if let Some(expected) = &q.at {
        let at = first.evidence.first().and_then(|e| e.start);
        assert_eq!(
            at.map(|t| t.to_string()).as_deref(),
            Some(expected.as_str()),
            "{context}: where the first evidence starts"
        );
    }
    if let Some(expected) = &q.link {
        let link = first.evidence.iter().find_map(|e| e.link.as_deref());
        assert!(
            link.is_some_and(|l| l.contains(expected.as_str())),
            "{context}: first link {link:?}"
        );
    }
}

#[test]
fn each_question_gets_the_first_answer_a_reader_would_give() {
    let table = table();
    assert!(
        table.question.len() >= 30,
        "the table keeps at least 30 questions"
    );
    let mut graphs: BTreeMap<&str, Option<(KnowledgeGraph, Option<Corpus>)>> = BTreeMap::new();
    for q in &table.question {
        let asked = graphs
            .entry(q.corpus.as_str())
            .or_insert_with(|| inputs(&table, &q.corpus));
        if let Some((kg, corpus)) = asked {
            check(kg, corpus.as_ref(), q);
        }
    }
}

/// The graph as `query --graph` sees it: written as JSON to a file and read back.
fn through_json(kg: &KnowledgeGraph) -> KnowledgeGraph {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("graph.json");
    let mut json = Vec::new();
    export::write(kg, Format::Json, &Default::default(), &mut json).expect("JSON is written");
    std::fs::write(&path, json).expect("the graph is saved");
    export::read_json(&path).expect("the graph reads back")
}

/// `query --graph graph.json` answers from the graph `build` wrote: the same answers as from the inputs,
/// for a graph of two shows.
#[test]
fn a_graph_read_back_from_json_answers_the_same() {
    let table = table();
    for corpus in ["bundled", "shows", "field"] {
        let Some(kg) = graph(&table, corpus) else {
            continue;
        };
        let read = through_json(&kg);
        for q in table.question.iter().filter(|q| q.corpus == corpus) {
            let from_inputs = ask(&kg, &q.ask).map(|a| serde_json::to_value(a).unwrap());
            let from_graph = ask(&read, &q.ask).map(|a| serde_json::to_value(a).unwrap());
            match (from_inputs, from_graph) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "`{}` ({corpus})", q.ask),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("`{}` ({corpus}): {a:?} against {b:?}", q.ask),
            }
        }
    }
}

/// Evidence links to the moment: the audio at the chapter's start, the page for the description.
#[test]
fn answers_link_to_the_moment_in_the_audio_or_the_page() {
    let notes = serde_json::json!([{
        "number": 7,
        "title": "Ships",
        "url": "https://example.org/7",
        "audio": "https://example.org/7.mp3",
        "description": "We talk about the GIL and a ship.\n\n00:00 Intro\n01:00 The GIL\n03:00 The Vasa Question\n05:00 Outro",
    }]);
    let corpus = ingest::read_str(
        &notes.to_string(),
        None,
        ingest::InputFormat::Json,
        &IngestOptions::default(),
    )
    .expect("the notes read");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    for (question, start, link) in [
        ("the GIL", Some(60), "https://example.org/7.mp3#t=60"),
        ("the GIL", None, "https://example.org/7"),
        ("Vasa", Some(180), "https://example.org/7.mp3#t=180"),
    ] {
        let answer = ask(&kg, question).expect("answered");
        let evidence = answer.results[0]
            .evidence
            .iter()
            .find(|e| e.seconds == start)
            .unwrap_or_else(|| panic!("`{question}` has evidence at {start:?}"));
        assert_eq!(evidence.link.as_deref(), Some(link), "`{question}`");
    }
}

/// An episode's airtime is the same whichever question reaches it through the same node: episode 3
/// through PEP 703's topic has the airtime "free threading" gives it directly (it was counted twice).
#[test]
fn airtime_through_a_topic_is_the_topics_own() {
    let kg = common::bundled_graph();
    let seconds = |question: &str| {
        let answer = ask(&kg, question).expect("answered");
        let hit = answer
            .results
            .iter()
            .find(|h| h.episode == "episode:corepy/3")
            .unwrap_or_else(|| panic!("`{question}` reaches episode 3"))
            .clone();
        (hit.seconds, hit.via)
    };
    let (direct, _) = seconds("free threading");
    let (related, via) = seconds("PEP 703");
    assert_eq!(via.as_deref(), Some("topic:gil"));
    assert_eq!(related, direct);
}

/// An edge's airtime follows the rule answers follow: on an episode whose only times are its transcript's,
/// the summed length of its distinct passages; and a graph read back from JSON keeps every passage.
#[test]
fn an_edges_airtime_is_its_passages_lengths_and_survives_json() {
    let table = table();
    let Some(kg) = graph(&table, "pythonbytes-transcripts") else {
        return;
    };
    let read = through_json(&kg);
    let mut checked = 0;
    for edge in kg.edges().filter(|e| !e.passages().is_empty()) {
        let total: u32 = edge.passages().iter().map(|p| p.seconds).sum();
        assert_eq!(edge.seconds(), Some(total), "{edge:?}");
        let again = read
            .edge_between(&edge.source_node().id, &edge.target_node().id)
            .expect("the edge is read back");
        assert_eq!(again.passages(), edge.passages());
        assert_eq!(again.seconds(), edge.seconds());
        checked += 1;
    }
    assert!(checked > 10, "only {checked} edges with passages");
}
