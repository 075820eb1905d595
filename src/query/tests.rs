//! Unit tests of the query: what reaches a terminal is inert, links are safe, airtime counts once.

use super::*;
use crate::graph::Node;
use crate::model::NodeKind;

/// ESC (a colour sequence), BEL, NUL and a right-to-left override, and how the terminal is shown them.
const HOSTILE: &str = "x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";
const SHOWN: &str = r"x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";

fn assert_inert(text: &str) {
    let acting = |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}');
    assert!(!text.contains(acting), "{text:?}");
}

#[test]
fn did_you_mean_quotes_the_question_and_the_names_inert() {
    let error = QueryError::NoEntity {
        query: HOSTILE.to_string(),
        suggestions: vec![HOSTILE.to_string(), "Fred".to_string()],
        note: None,
    };
    let message = error.to_string();
    assert_inert(&message);
    assert_eq!(
        message,
        format!(
            "no entity or word of the inputs matches `{SHOWN}`; did you mean `{SHOWN}`, `Fred`?"
        )
    );
}

#[test]
fn the_suggestions_for_a_near_name_are_shown_inert() {
    let mut episode = Node::new("episode:1", NodeKind::Episode, "Episode 1");
    episode.number = Some(1);
    let person = Node::new("person:x", NodeKind::Person, HOSTILE);
    let kg = KnowledgeGraph::from_parts(Default::default(), vec![episode, person], vec![])
        .expect("a consistent graph");
    let tagger = crate::test_support::builtin_tagger();
    let error = answer(&kg, tagger, "x red evil", 5).expect_err("no entity is named");
    let message = error.to_string();
    assert_inert(&message);
    assert!(message.contains(&format!("`{SHOWN}`")), "{message}");
}

#[test]
fn answers_show_ids_labels_and_titles_inert() {
    let mut person = Node::new(format!("person:{HOSTILE}"), NodeKind::Person, HOSTILE);
    person.title = Some(format!("title {HOSTILE}"));
    let kg = KnowledgeGraph::from_parts(Default::default(), vec![person], vec![])
        .expect("a consistent graph");
    let answer = Answer {
        query: HOSTILE.to_string(),
        entities: vec![EntityRef {
            id: format!("person:{HOSTILE}"),
            label: HOSTILE.to_string(),
        }],
        results: Vec::new(),
        note: None,
    };
    let mut out = Vec::new();
    write_text(&answer, &kg, &mut out).expect("writing to memory succeeds");
    let text = String::from_utf8(out).expect("UTF-8");
    assert_inert(&text);
    assert!(
        text.starts_with(&format!("{SHOWN} (person:{SHOWN}): title {SHOWN}\n")),
        "{text}"
    );
}

#[test]
fn urls_given_to_a_terminal_are_printable_ascii_only() {
    let url = "https://e.org/a b\u{1b}]8;;x\u{7}\u{9c}é";
    let safe = render::safe_url(url);
    assert_eq!(safe, "https://e.org/a%20b%1B]8;;x%07%C2%9C%C3%A9");
    assert!(safe.bytes().all(|b| (0x21..=0x7e).contains(&b)));
}

#[test]
fn a_link_is_a_hyperlink_on_a_terminal_and_a_plain_url_elsewhere() {
    let mut episode = Node::new("episode:corepy/1", NodeKind::Episode, "Episode 1");
    episode.audio = Some("https://e.org/1.mp3".into());
    let kg = KnowledgeGraph::from_parts(Default::default(), vec![episode], vec![])
        .expect("a consistent graph");
    let evidence = Evidence {
        source: Some(crate::graph::EvidenceSource::Chapter),
        start: Some(Timestamp(60)),
        seconds: Some(60),
        title: Some("The GIL".into()),
        matched: "GIL".into(),
        text: None,
        link: Some("https://e.org/1.mp3#t=60".into()),
    };
    let answer = Answer {
        query: "GIL".into(),
        entities: Vec::new(),
        results: vec![Hit {
            episode: "episode:corepy/1".into(),
            show: None,
            number: Some(1),
            title: None,
            label: "Episode 1".into(),
            match_kind: MatchKind::Direct,
            via: None,
            role: None,
            seconds: 0,
            spans: Vec::new(),
            coverage: None,
            covers: Vec::new(),
            count: 1,
            evidence: vec![evidence],
        }],
        note: None,
    };
    let render = |links| {
        let mut out = Vec::new();
        write_text_with(&answer, &kg, links, &mut out).expect("writing to memory succeeds");
        String::from_utf8(out).expect("UTF-8")
    };
    assert!(render(Links::Plain).contains("    00:01:00  The GIL  https://e.org/1.mp3#t=60\n"));
    assert!(render(Links::Hyperlinks).contains(
        "    \u{1b}]8;;https://e.org/1.mp3#t=60\u{1b}\\00:01:00\u{1b}]8;;\u{1b}\\  The GIL\n"
    ));
}

/// The made-up interview of tests/fixtures/cli: one passage per turn (the speaker changes), at 0, 10,
/// 30, 40, 70, 80 and 120 s of 125; the GIL is named at 0, 10, 40, 70 and 80, PEP 703 at 80. Each edge
/// quotes its first three passages, as `query --evidence 3` builds it.
fn interview() -> KnowledgeGraph {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli/007-free-threading.vtt");
    let corpus = crate::ingest::read_inputs(&[path], &Default::default()).expect("it reads");
    let options = crate::graph::BuildOptions {
        transcript_evidence: 3,
        ..Default::default()
    };
    KnowledgeGraph::build(corpus, crate::test_support::builtin_tagger(), &options)
}

/// A passage two names reach is airtime once: PEP 703's passage at 80 s is one of the GIL's five
/// (10 + 20 + 30 + 10 + 40 s), so both together have the GIL's 110 s, not 150.
#[test]
fn a_passage_two_names_reach_counts_once() {
    let kg = interview();
    let tagger = crate::test_support::builtin_tagger();
    let seconds = |question: &str| {
        let answer = answer(&kg, tagger, question, 5).expect("answered");
        let hit = &answer.results[0];
        (hit.seconds, hit.coverage, hit.count)
    };
    assert_eq!(seconds("PEP 703"), (40, None, 1));
    assert_eq!(seconds("free threading"), (110, None, 5));
    assert_eq!(
        seconds("PEP 703 and free threading"),
        (110, Some(Coverage::Both), 5)
    );
}

/// `evidence` caps the places given, never the count or the airtime; the places of several names are
/// taken from each in turn.
#[test]
fn the_evidence_cap_keeps_the_count_and_takes_each_name_in_turn() {
    let kg = interview();
    let tagger = crate::test_support::builtin_tagger();
    let ask = |question: &str, evidence| {
        let options = QueryOptions {
            evidence,
            ..Default::default()
        };
        let answer = answer_with(&kg, tagger, question, &options).expect("answered");
        let hit = answer.results[0].clone();
        let starts: Vec<Option<u32>> = hit.evidence.iter().map(|e| e.seconds).collect();
        (hit.seconds, hit.count, starts)
    };
    assert_eq!(ask("free threading", 0), (110, 5, vec![]));
    assert_eq!(ask("free threading", 2), (110, 5, vec![Some(0), Some(10)]));
    // PEP 703's one passage is taken before the GIL's second.
    assert_eq!(ask("PEP 703 and free threading", 2).2, [Some(0), Some(80)]);
}

/// Transcripts of made-up episodes (`00:00:00 words` lines, 60 s apart: each line is a passage of its
/// own), their graph and the passages that say the question's words, asked as `castgraph query` asks.
fn ask_transcripts(episodes: &[(u32, &[&str])], question: &str) -> Result<Answer, QueryError> {
    let mut corpus = crate::ingest::Corpus::default();
    for (number, lines) in episodes {
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(i, words)| format!("00:{:02}:00 {words}\n", i))
            .collect();
        let name = format!("{number:03}-made-up.txt");
        let read = crate::ingest::read_str(
            &text,
            Some(std::path::Path::new(&name)),
            crate::ingest::InputFormat::Transcript,
            &Default::default(),
        )
        .expect("the transcript reads");
        corpus.episodes.extend(read.episodes);
    }
    corpus.set_show(Some("Made Up"), &[]);
    let tagger = crate::test_support::builtin_tagger();
    let passages = PassageIndex::scan(&corpus, tagger.taxonomy(), question, EVIDENCE);
    let kg = KnowledgeGraph::build(corpus, tagger, &Default::default());
    let options = QueryOptions {
        passages: Some(&passages),
        ..Default::default()
    };
    answer_with(&kg, tagger, question, &options)
}

fn ranked(answer: &Answer) -> Vec<(Option<u32>, u32)> {
    answer
        .results
        .iter()
        .map(|h| (h.number, h.seconds))
        .collect()
}

#[test]
fn a_transcript_that_says_every_word_ranks_before_one_that_says_more_of_one() {
    let answer = ask_transcripts(
        &[
            (
                1,
                &[
                    "The lighthouse keeper.",
                    "A lighthouse.",
                    "Lighthouse again.",
                ],
            ),
            (2, &["A lighthouse and a badger.", "Nothing here."]),
        ],
        "lighthouse badger",
    )
    .expect("answered");
    // The last passage lasts until the transcript ends, which without cue ends is where it starts.
    assert_eq!(ranked(&answer), [(Some(2), 60), (Some(1), 120)]);
    assert_eq!(answer.results[0].coverage, Some(Coverage::Both));
    assert_eq!(answer.results[1].coverage, Some(Coverage::Either));
}

#[test]
fn more_passages_that_say_a_word_rank_higher_and_count_as_airtime_once_each() {
    let answer = ask_transcripts(
        &[
            (
                1,
                &["Say marmalade once.", "Then nothing.", "Nothing still."],
            ),
            (2, &["Marmalade.", "More marmalade, marmalade.", "Nothing."]),
        ],
        "marmalade",
    )
    .expect("answered");
    // Two passages of a minute each, however often each says the word.
    assert_eq!(ranked(&answer), [(Some(2), 120), (Some(1), 60)]);
    let hit = &answer.results[0];
    assert_eq!(hit.match_kind, MatchKind::Words);
    assert_eq!(hit.count, 2);
    let starts: Vec<Option<u32>> = hit.evidence.iter().map(|e| e.seconds).collect();
    assert_eq!(starts, [Some(0), Some(60)]);
    assert_eq!(hit.evidence[1].matched, "marmalade");
    assert_eq!(hit.evidence[1].source, Some(EvidenceSource::Transcript));
}

#[test]
fn a_rare_word_outweighs_a_common_one_in_a_passage_of_the_same_length() {
    // "kettle" is said in every passage of both episodes, "zeppelin" in one: the episode that says the
    // rare word ranks first though each says one word of the question once.
    let answer = ask_transcripts(
        &[
            (1, &["A kettle boils.", "A kettle sings.", "The kettle."]),
            (2, &["A zeppelin flies.", "A kettle sings.", "The kettle."]),
        ],
        "kettle zeppelin",
    )
    .expect("answered");
    assert_eq!(answer.results[0].number, Some(2));
}

#[test]
fn passages_past_the_quoted_ones_are_counted_not_quoted() {
    let lines = ["Quokka.", "Quokka.", "Quokka.", "Quokka.", "Quokka."];
    let answer = ask_transcripts(&[(1, &lines)], "quokka").expect("answered");
    let hit = &answer.results[0];
    assert_eq!(
        (hit.count, hit.evidence.len(), hit.seconds),
        (5, EVIDENCE, 240)
    );
}

#[test]
fn without_the_passages_a_graph_with_transcripts_says_their_words_were_not_searched() {
    let tagger = crate::test_support::builtin_tagger();
    let corpus = crate::ingest::read_str(
        "00:00:00 A quokka.\n",
        Some(std::path::Path::new("001-q.txt")),
        crate::ingest::InputFormat::Transcript,
        &Default::default(),
    )
    .expect("the transcript reads");
    let kg = KnowledgeGraph::build(corpus, tagger, &Default::default());
    match answer_with(&kg, tagger, "quokka", &QueryOptions::default()) {
        Err(QueryError::NoEntity { note, .. }) => assert_eq!(note, Some(TRANSCRIPTS_NOT_SEARCHED)),
        other => panic!("{other:?}"),
    }
}

/// One episode whose only chapter is a title of about 100 KB naming PEP 703 in its middle.
fn long_title() -> KnowledgeGraph {
    let filler = "lorem ipsum ".repeat(4_000);
    let notes = format!("Episode 1: Long\nAbout.\n\n00:00:00 {filler}PEP 703 {filler}\n");
    let corpus = crate::ingest::read_str(
        &notes,
        None,
        crate::ingest::InputFormat::Text,
        &Default::default(),
    )
    .expect("the notes read");
    KnowledgeGraph::build(
        corpus,
        crate::test_support::builtin_tagger(),
        &Default::default(),
    )
}

/// An answer quotes a long chapter title around the match, in text and JSON, as the graph's evidence
/// does, instead of printing the whole title.
#[test]
fn an_answer_quotes_a_long_chapter_title_around_the_match() {
    let kg = long_title();
    let answer =
        answer(&kg, crate::test_support::builtin_tagger(), "PEP 703", 5).expect("answered");
    assert_eq!(answer.results.len(), 1);
    let mut text = Vec::new();
    render::write_text(&answer, &kg, &mut text).expect("writing to memory");
    let text = String::from_utf8(text).expect("UTF-8");
    let line = text
        .lines()
        .find(|l| l.contains("00:00:00"))
        .expect("an evidence line");
    assert!(
        line.contains("PEP 703") && line.contains(crate::graph::CUT_BEFORE),
        "{line}"
    );
    assert!(
        text.len() < 2 * crate::graph::TITLE_CHARS * 4,
        "{} bytes",
        text.len()
    );

    let json = serde_json::to_value(&answer).expect("JSON");
    let title = json["results"][0]["evidence"][0]["title"]
        .as_str()
        .expect("a title");
    assert!(
        title.chars().count() <= crate::graph::TITLE_CHARS,
        "{}",
        title.len()
    );
    assert!(title.contains("PEP 703"), "{title}");
}
