//! Unit tests of the query: what reaches a terminal is inert, links are safe, airtime counts once.

use super::*;
use crate::graph::Node;

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
