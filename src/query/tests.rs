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
    };
    let message = error.to_string();
    assert_inert(&message);
    assert_eq!(
        message,
        format!(
            "no entity or word of the notes matches `{SHOWN}`; did you mean `{SHOWN}`, `Fred`?"
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
