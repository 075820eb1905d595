//! The tagger's unit tests: what texts name, as the exact set of ids each finds (an extra id fails), the
//! roles people get, and both scan strategies held to the same mentions.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::scan::Strategy;
use super::*;
use crate::model::NodeKind;

fn tagger() -> &'static Tagger {
    crate::test_support::builtin_tagger()
}

/// The shipped taxonomy's tagger with each scan strategy: one pass per automaton, and the long-text scan.
static BUILTIN_BOTH_WAYS: LazyLock<[Tagger; 2]> =
    LazyLock::new(|| both(Taxonomy::builtin().expect("the shipped taxonomy loads")));

pub(super) fn builtin_both_ways() -> &'static [Tagger; 2] {
    &BUILTIN_BOTH_WAYS
}

/// A tagger for each scan strategy: one automaton at a time, and the long-text scan.
fn both(taxonomy: Taxonomy) -> [Tagger; 2] {
    [
        Tagger::with_strategy(taxonomy.clone(), Strategy::EachAutomaton).unwrap(),
        Tagger::with_strategy(taxonomy, Strategy::LongScan).unwrap(),
    ]
}

/// The ids of a text's mentions, in order of position.
fn ids(tagger: &Tagger, text: &str) -> Vec<String> {
    tagger
        .tag_text(text)
        .iter()
        .map(|m| m.entity.id(tagger.taxonomy()))
        .collect()
}

/// Each text names exactly these ids, of every kind: a missing id and an extra one both fail.
fn assert_exact_ids(cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        let found: BTreeSet<String> = ids(tagger(), text).into_iter().collect();
        let expected: BTreeSet<String> = expected.iter().map(|id| id.to_string()).collect();
        assert_eq!(found, expected, "{text:?}");
    }
}

#[test]
fn pep_numbers_in_every_form() {
    assert_exact_ids(&[
        (
            "2023: PEP 703 for Python 3.13",
            &["pep:703", "release:3.13", "topic:gil"],
        ),
        ("PEP-703", &["pep:703", "topic:gil"]),
        ("about pep703 today", &["pep:703", "topic:gil"]),
        ("PEPs 649 and 749", &["pep:649", "pep:749", "topic:typing"]),
        ("PEP 276 and PEP 284", &["pep:276", "pep:284"]),
        ("PEP 0008", &["pep:8"]),
        ("the PEP without a number", &[]),
    ]);
    let t = tagger();
    let spans: Vec<String> = t
        .tag_text("PEPs 649 and 749, PEP 276 and PEP 284")
        .into_iter()
        .filter(|m| m.entity.kind() == NodeKind::Pep)
        .map(|m| m.text.into())
        .collect();
    assert_eq!(
        spans,
        ["PEPs 649", "749", "PEP 276", "PEP 284"],
        "each number has its own words, not the whole list"
    );
    assert!(
        ids(t, "the PEP without a number")
            .iter()
            .all(|id| !id.starts_with("pep:"))
    );
}

#[test]
fn releases_and_non_releases() {
    assert_exact_ids(&[
        ("Python 3.13", &["release:3.13"]),
        ("3.13 beta 2", &["release:3.13", "topic:releases"]),
        ("3.12.4 released", &["release:3.12", "topic:releases"]),
        ("3.12.0a2", &["release:3.12", "topic:releases"]),
        ("Python 3.13.0 alpha 1", &["release:3.13", "topic:releases"]),
        ("You can still download Python 1.0!", &["release:1.0"]),
        (
            "Try out string exceptions with CentOS 5",
            &["topic:exceptions"],
        ),
        ("Upgrade Python.org to Django 4!", &["project:django"]),
        ("pickle protocol 5 will be the default", &["module:pickle"]),
        (
            "How would PyCon 2020 in Pittsburgh feel?",
            &["topic:events"],
        ),
        ("str.count 2X faster", &["topic:performance"]),
        ("Tier 2 interpreter updates", &["topic:tier2"]),
        ("version 10.3.13 of something", &[]),
    ]);
    let mentions = tagger().tag_text("3.12.0a2");
    assert!(matches!(&mentions[0].entity, Entity::Release(r) if r.version == "3.12.0a2"));
}

#[test]
fn issues_and_cves() {
    assert_exact_ids(&[
        (
            "Pablo: gh-109181 -- traceback",
            &[
                "gh:109181",
                "person:pablo-galindo-salgado",
                "topic:error-messages",
            ],
        ),
        ("PR OF THE WEEK: GH-113745", &["gh:113745"]),
        ("see bpo-12345", &["bpo:12345"]),
        (
            "CVE-2024-7592 fixed",
            &["cve:CVE-2024-7592", "topic:security"],
        ),
    ]);
}

#[test]
fn word_boundaries_plurals_and_possessives() {
    assert_exact_ids(&[
        ("What even is a JIT?", &["topic:jit"]),
        ("All the JITs", &["topic:jit"]),
        ("Łukasz's pet peeve", &["person:lukasz-langa"]),
        ("Lukasz is skeptical", &["person:lukasz-langa"]),
        (
            "ŁUKASZ AND PABLO",
            &["person:lukasz-langa", "person:pablo-galindo-salgado"],
        ),
        ("abcd and jitter", &[]),
    ]);
}

#[test]
fn longest_match_wins() {
    assert_exact_ids(&[
        ("Free-threading changes galore", &["topic:gil"]),
        (
            "neonene and Eric Snow make datetime work better",
            &["module:datetime", "person:eric-snow", "person:neonene"],
        ),
    ]);
}

#[test]
fn modules_and_code_only_modules() {
    assert_exact_ids(&[
        ("New methods on pathlib.Path objects", &["module:pathlib"]),
        (
            "os.fwalk, os.walk, shutil.rmtree",
            &["module:os", "module:shutil"],
        ),
        (
            "What happens when you type \u{201c}import abc\u{201d}?",
            &["module:abc"],
        ),
        (
            "Argparse suggests correct spelling",
            &["module:argparse", "topic:error-messages"],
        ),
        ("String interning", &["topic:object-model"]),
        ("Where are the comments stored this time?", &[]),
        ("use time.sleep() here", &["module:time"]),
    ]);
}

#[test]
fn ambiguous_words_need_their_context() {
    assert_exact_ids(&[
        (
            "Black is stuck with LL1, can it cope?",
            &["project:black", "topic:ll1", "topic:parser"],
        ),
        ("a black cat", &[]),
        (
            "perf support with DWARF",
            &["topic:perf-profiler", "topic:profiling"],
        ),
        ("performance updates", &["topic:performance"]),
    ]);
}

#[test]
fn black_the_colour_and_perf_the_performance_are_not_the_tools() {
    assert_exact_ids(&[
        ("Black Friday sale", &[]),
        ("The Black Death", &[]),
        ("Black Box testing", &["topic:testing"]),
        (
            "perf improvements in 3.13",
            &["release:3.13", "topic:performance"],
        ),
        ("big perf wins", &["topic:performance"]),
        (
            "Linux perf support",
            &["topic:perf-profiler", "topic:profiling"],
        ),
    ]);
}

#[test]
fn nicknames_and_owned_peps() {
    assert_exact_ids(&[
        ("Justin, Swedish warships", &["topic:jit"]),
        (
            "Advantages of copy & patch",
            &["topic:copy-and-patch", "topic:jit"],
        ),
        (
            "How can you be mad about the Walrus?",
            &["pep:572", "topic:syntax"],
        ),
        (
            "2023: PEP 703 for Python 3.13",
            &["pep:703", "release:3.13", "topic:gil"],
        ),
    ]);
}

#[test]
fn a_first_name_followed_by_another_surname_is_someone_else() {
    assert_exact_ids(&[
        (
            "MicroPython on a $4 board, with Pablo Hern\u{e1}ndez's demo",
            &[
                "person:pablo-hernandez",
                "project:micropython",
                "topic:alt-implementations",
            ],
        ),
        (
            "Pablo's pitch for a sampling profiler",
            &["person:pablo-galindo-salgado", "topic:profiling"],
        ),
    ]);
}

#[test]
fn versions_of_other_projects_are_not_python_releases() {
    assert_exact_ids(&[
        (
            "Cython 3.1, pybind11 and NumPy catching up",
            &[
                "project:cython",
                "project:numpy",
                "project:pybind11",
                "topic:c-api",
            ],
        ),
        (
            "OpenSSL 3.0 vs 3.5 in the installers",
            &["project:openssl", "topic:security"],
        ),
        (
            "Python 3.12 and 3.13 side by side",
            &["release:3.12", "release:3.13"],
        ),
        (
            "What did we get wrong in 3.13t?",
            &["release:3.13", "topic:gil"],
        ),
        (
            "Pablo's 3.14 plans",
            &["person:pablo-galindo-salgado", "release:3.14"],
        ),
    ]);
}

#[test]
fn import_statements_name_modules_not_the_import_system() {
    assert_exact_ids(&[
        (
            "Why `from __future__ import annotations` never became the default",
            &["module:__future__"],
        ),
        ("the joy of import side effects", &["topic:import-system"]),
        (
            "\"Did you mean: import tomllib?\"",
            &["module:tomllib", "topic:error-messages"],
        ),
    ]);
}

#[test]
fn a_method_is_not_a_module() {
    assert_exact_ids(&[
        ("adds `pathlib.Path.copy()`", &["module:pathlib"]),
        ("use `copy.deepcopy()`", &["module:copy"]),
    ]);
}

#[test]
fn first_names_resolve_only_when_unique() {
    assert_exact_ids(&[
        (
            "Jelle is implementing PEP 649",
            &["pep:649", "person:jelle-zijlstra", "topic:typing"],
        ),
        ("Eric talks", &[]),
    ]);
}

#[test]
fn unknown_people_where_people_are_named() {
    assert_exact_ids(&[
        (
            "Zbigniew Kowalczyk makes str.count 2X faster",
            &["person:zbigniew-kowalczyk", "topic:performance"],
        ),
        (
            "Ada Quill and her keynote",
            &["person:ada-quill", "topic:events"],
        ),
        (
            "Ola Nowak and Ewa Lis talk memory management",
            &["person:ewa-lis", "person:ola-nowak", "topic:memory"],
        ),
        (
            "Steering Council members",
            &["topic:governance", "topic:steering-council"],
        ),
        ("Swedish Warships sink", &[]),
    ]);
}

#[test]
fn section_headings_are_not_topics() {
    assert_exact_ids(&[
        ("PART 3: WHAT'S GOING ON IN CPYTHON", &[]),
        ("PR OF THE WEEK", &[]),
        ("INTRO", &[]),
        ("OUTRO", &[]),
    ]);
}

fn episode(description: &str, titles: &[&str]) -> Episode {
    let mut e = Episode {
        show: Some("corepy".into()),
        url: None,
        audio: None,
        number: Some(1),
        slug: None,
        title: None,
        date: None,
        description: description.into(),
        description_links: vec![],
        duration: None,
        links: vec![],
        chapters: titles
            .iter()
            .enumerate()
            .map(|(i, t)| crate::ingest::Chapter::new(i as u32 * 60, *t))
            .collect(),
        transcript: None,
        people: vec![],
        source: Default::default(),
    };
    e.assign_sections();
    e
}

/// Every person an episode names, with their best role.
fn roles(t: &Tagger, e: &Episode) -> Vec<(String, Role)> {
    let hosts: Vec<usize> = t
        .taxonomy()
        .show("corepy")
        .unwrap()
        .hosts_of(None, None)
        .collect();
    let mut r: Vec<(String, Role)> = t
        .tag_episode(e, &hosts)
        .into_iter()
        .filter_map(|x| x.role.map(|role| (x.mention.entity.id(t.taxonomy()), role)))
        .collect();
    r.sort();
    r.dedup();
    r
}

fn role_list(people: &[(&str, Role)]) -> Vec<(String, Role)> {
    people
        .iter()
        .map(|(id, role)| (id.to_string(), *role))
        .collect()
}

#[test]
fn roles_from_cues() {
    let e = episode(
        "we're interviewing fellow core developer Brandt Bucher to talk about Justin.",
        &[
            "INTRO",
            "PART 1: Emily Morehouse",
            "Carol Willing's nudge",
            "Pabluco",
            "Interview with sprint organizer Itamar Oren",
        ],
    );
    assert_eq!(
        roles(tagger(), &e),
        role_list(&[
            ("person:brandt-bucher", Role::Guest),
            ("person:carol-willing", Role::Mentions),
            ("person:emily-morehouse", Role::Guest),
            ("person:itamar-oren", Role::Guest),
            ("person:pablo-galindo-salgado", Role::Host),
        ])
    );
}

#[test]
fn names_in_an_interview_list_section_are_guests() {
    let e = episode(
        "",
        &[
            "PART 2: DEVELOPERS IN THEIR OWN WORDS",
            "Brandt Bucher",
            "Thomas Wow-ters",
            "Janitor 1",
            "OUTRO",
        ],
    );
    assert_eq!(
        roles(tagger(), &e),
        role_list(&[
            ("person:brandt-bucher", Role::Guest),
            ("person:thomas-wouters", Role::Guest),
        ])
    );
}

/// Tagging an episode's titles together must find exactly what tagging each alone finds.
fn assert_together_as_alone(tagger: &Tagger, titles: &[&str]) {
    let expected = vec![false; titles.len()];
    let together = tagger.tag_many_collected(titles, &expected, &mut super::cap::Cap::default());
    for (title, found) in titles.iter().zip(&together) {
        assert_eq!(
            found,
            &tagger.tag_with(title, false, &mut super::cap::Cap::default()),
            "title {title:?}"
        );
    }
}

#[test]
fn titles_tagged_together_find_what_each_finds_alone() {
    for tagger in builtin_both_ways() {
        // An episode's description goes with its titles (`tag_episode`).
        for episode in crate::ingest::bundled().episodes {
            let texts: Vec<&str> = [episode.description.as_str()]
                .into_iter()
                .chain(episode.chapters.iter().map(|c| c.title))
                .collect();
            assert_together_as_alone(tagger, &texts);
        }
        // Matches that would run into the next title, titles holding newlines, empty titles, non-ASCII.
        assert_together_as_alone(
            tagger,
            &[
                "constant fold",
                "constants everywhere",
                "PEP 7",
                "03 is not a PEP",
                "",
                "free",
                "threading and the GIL",
                "line one\nPEP 703 line two",
                "Łukasz on asyncio",
                "Python 3.",
                "13 beta",
                "gh-",
                "109181",
            ],
        );
    }
    // A pattern whose longer form would take in the next title: alone, the title keeps the shorter.
    let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\npatterns = ['\\bzork(?:\\s+engine)?']\n";
    for custom in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
        assert_together_as_alone(&custom, &["the zork", "engine room", "zork engine"]);
        let found = custom.tag_many_collected(
            &["the zork", "engine room"],
            &[false, false],
            &mut super::cap::Cap::default(),
        );
        assert_eq!(found[0].last().map(|m| m.text.as_str()), Some("zork"));
    }
    // The longer form crossing into the next title ends inside a character there: it still counts as
    // crossing, and the title alone keeps its shorter match.
    let unicode = toml.replace("\\bzork(?:\\s+engine)?", "zork(?:\\s\\S)?");
    for custom in both(Taxonomy::from_toml(&unicode, "t.toml").unwrap()) {
        assert_together_as_alone(&custom, &["zork", "été talk", "zork é", "[^a] zork"]);
    }
    // A pattern anchored to the start of a text: joining would move the start, so patterns run alone.
    let anchored = toml.replace("\\bzork(?:\\s+engine)?", "^zork");
    for custom in both(Taxonomy::from_toml(&anchored, "t.toml").unwrap()) {
        assert!(!custom.patterns_join);
        assert_together_as_alone(&custom, &["a zork", "zork b", "zork"]);
    }
}

#[test]
fn the_long_text_scan_finds_what_each_automaton_finds() {
    let [small, large] = builtin_both_ways();
    let transcript = crate::synth::transcript(200_000, 3);
    assert_eq!(small.tag_text(&transcript), large.tag_text(&transcript));
    assert!(large.automata.uses_long_scan() && !small.automata.uses_long_scan());
    let notes = crate::synth::show_notes(300, 5);
    let corpus = crate::ingest::read_str(
        &notes,
        None,
        crate::ingest::InputFormat::Text,
        &Default::default(),
    )
    .unwrap();
    for episode in corpus
        .episodes
        .iter()
        .chain(&crate::ingest::bundled().episodes)
    {
        assert_eq!(
            small.tag_episode(episode, &[0]),
            large.tag_episode(episode, &[0])
        );
    }
    // Where the long-text scan stops and the automata are asked: a builtin and a pattern at one position,
    // patterns inside aliases, Unicode neighbours that ASCII boundaries miss, plurals, dotted names,
    // case, a start inside a character.
    for text in [
        "3.12.0a2 and Python 3.13t, PEP 703's free-threading memory leaks",
        "gh-109181 bpo-12345 CVE-2024-1234 python/cpython#12345 pep703 PEPs 649 and 749",
        "éasyncio asyncioé Łukasz ŁUKASZ Lukasz Langa's JITs JITes JITS GILs",
        "sys.monitoring sys.monitoringx os.path.join re.compile() `time` import abc from time import",
        "the re module, really, os, io_uring, asyncio.TaskGroup, TaskGroup.create_task()",
        "Pablo Galindo Salgado and Pablo Hernández on the JIT compiler's tier 2 optimizer",
        "free-threaded free threading nogil no-GIL sub-interpreters subinterpreters",
        "\u{301}re \u{301}PEP 8 x\u{200d}asyncio",
    ] {
        assert_eq!(small.tag_text(text), large.tag_text(text), "{text}");
    }
}

#[test]
fn the_tagger_switches_to_the_long_text_scan_after_megabytes() {
    let zork =
        "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['zork']\n";
    let t = Tagger::new(Taxonomy::from_toml(zork, "t.toml").unwrap()).unwrap();
    t.tag_text("a zork");
    assert!(
        !t.automata.uses_long_scan(),
        "a short text keeps one pass per automaton"
    );
    let long = format!("{}a zork", " ".repeat(4 << 20));
    assert_eq!(ids(&t, &long), ["topic:zork"]);
    assert!(
        t.automata.uses_long_scan(),
        "4 MiB of text in all take the long-text scan"
    );
    assert_eq!(ids(&t, "a zork"), ["topic:zork"]);
}

#[test]
fn a_tagger_built_ahead_takes_the_long_text_scan_from_its_first_text_and_finds_the_same() {
    let taxonomy = Taxonomy::builtin().unwrap();
    let ahead = Tagger::new(taxonomy.clone()).unwrap();
    ahead.build_ahead();
    assert!(ahead.automata.uses_long_scan(), "built before any text");
    let each = Tagger::with_strategy(taxonomy, Strategy::EachAutomaton).unwrap();
    each.build_ahead();
    assert!(
        !each.automata.uses_long_scan(),
        "a tagger held to one pass per automaton keeps it"
    );
    let transcript = crate::synth::transcript(20_000, 3);
    for text in [
        "a PEP 703 talk",
        "Łukasz Langa's JITs and sys.monitoring in 3.13t, gh-109181",
        "a ValueError, 16-byte alignment, with statements",
        transcript.as_str(),
    ] {
        assert_eq!(ahead.tag_text(text), each.tag_text(text), "{text:.60}");
    }
    for episode in &crate::ingest::bundled().episodes {
        assert_eq!(
            ahead.tag_episode(episode, &[0]),
            each.tag_episode(episode, &[0])
        );
    }
}

#[test]
fn texts_tagged_while_the_automaton_is_built_ahead_take_one_pass_per_automaton_rather_than_wait() {
    let zork =
        "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['zork']\n";
    let t = Tagger::new(Taxonomy::from_toml(zork, "t.toml").unwrap()).unwrap();
    // Another thread has begun building it: megabytes of text neither build it again nor wait for it.
    t.automata.mark_built_ahead();
    let long = format!("{}a zork", " ".repeat(4 << 20));
    assert_eq!(ids(&t, &long), ["topic:zork"]);
    assert!(!t.automata.uses_long_scan());
}

#[test]
fn a_longer_alias_that_names_nothing_gives_way_to_a_shorter_one() {
    let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['zork engine']\n[[topic]]\nid = \"zorkish\"\nlabel = \"Zorkish\"\naliases = ['zork']\n";
    for tagger in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
        // "zork engines" is the longer alias in the plural; "zork engineer" is not, but it is zork.
        assert_eq!(ids(&tagger, "a zork engines talk"), ["topic:zork"]);
        assert_eq!(ids(&tagger, "a zork engineer"), ["topic:zorkish"]);
    }
}

#[test]
fn a_match_inside_a_word_hides_no_word_after_it() {
    let toml = "extends = \"builtin\"\n[[topic]]\nid = \"zork\"\nlabel = \"Zork\"\naliases = ['k engine']\n[[topic]]\nid = \"engine\"\nlabel = \"Engine\"\naliases = ['engine']\n";
    for tagger in both(Taxonomy::from_toml(toml, "t.toml").unwrap()) {
        // "k engine" inside "zork engine" starts inside a word: it names nothing and hides nothing.
        assert_eq!(ids(&tagger, "the zork engine"), ["topic:engine"]);
    }
}

#[test]
fn people_the_feed_credits_as_guests_are_guests() {
    for (credit, role) in [
        ("guest", Role::Guest),
        ("GUEST", Role::Guest),
        ("host", Role::Mentions),
    ] {
        let mut e = episode("", &["Ada Quill and her keynote"]);
        e.people = vec![crate::ingest::Credit {
            name: "ada quill".into(),
            role: Role::from_credit(credit),
        }];
        assert_eq!(
            roles(tagger(), &e),
            role_list(&[("person:ada-quill", role)]),
            "{credit}"
        );
    }
}

/// A small taxonomy (aliases, a person, and one topic with these patterns), tagged both ways. Small, so
/// that building its two taggers takes milliseconds: the built-in extractors are in every tagger anyway.
fn both_with_patterns(patterns: &str) -> [Tagger; 2] {
    let toml = format!(
        "version = 1\n\
         [[topic]]\nid = \"gil\"\nlabel = \"GIL\"\naliases = [\"GIL\", \"free-threading\"]\n\
         [[person]]\nname = \"Łukasz Langa\"\n\
         [[topic]]\nid = \"zork\"\nlabel = \"Zork\"\npatterns = [{patterns}]\n"
    );
    both(Taxonomy::from_toml(&toml, "t.toml").unwrap())
}

/// The words of a text's pattern mentions.
fn pattern_words(tagger: &Tagger, text: &str) -> Vec<String> {
    let found = tagger.tag_text(text);
    let patterns = found.iter().filter(|m| matches!(m.rule, Rule::Pattern(_)));
    patterns.map(|m| m.text.to_string()).collect()
}

#[test]
fn pattern_matches_do_not_overlap_and_are_bounded() {
    // `a+` on a long word: one match per 256 bytes, not one per position (quadratic in the text).
    let text = "a".repeat(1000);
    for tagger in both_with_patterns("'a+'") {
        let words = pattern_words(&tagger, &text);
        let lengths: Vec<usize> = words.iter().map(String::len).collect();
        assert_eq!(lengths, [256, 256, 256, 232]);
    }
    // Different patterns' matches may overlap; one pattern's next match is looked for after its end.
    for tagger in both_with_patterns("'zork engine', 'engine room', 'o+'") {
        let words = pattern_words(&tagger, "the zork engine room; an engine room");
        assert_eq!(
            words,
            ["zork engine", "o", "engine room", "oo", "engine room", "oo"]
        );
    }
}

#[test]
fn a_pattern_match_longer_than_the_bound_is_not_found() {
    // `a[a-z]*!` on a long word searched every `a` to the end of the text: quadratic.
    for tagger in both_with_patterns("'a[a-z]*!'") {
        let short = format!("{}!", "a".repeat(100));
        assert_eq!(pattern_words(&tagger, &short), std::slice::from_ref(&short));
        let long = format!("{}!", "a".repeat(300));
        // From the 45th `a` on, the rest fits in 256 bytes.
        assert_eq!(pattern_words(&tagger, &long), [long[45..].to_string()]);
        let word = "a".repeat(50_000);
        assert!(pattern_words(&tagger, &word).is_empty());
    }
}

#[test]
fn the_long_text_scan_agrees_on_hostile_patterns_and_long_gaps() {
    let texts = [
        "a".repeat(5000),
        format!(
            "{}PEP 703 and {}Lukasz Langa",
            " ".repeat(10_000),
            "b".repeat(3000)
        ),
        format!(
            "gil {} free-threading {}!",
            "a".repeat(2000),
            "aa ".repeat(500)
        ),
        format!("PEP{}8 and PEP  8", " ".repeat(40)),
        format!("PEP 8,{} 9 and more", " ".repeat(2000)),
        "a.".repeat(3000),
    ];
    for patterns in [
        "'a+'",
        "'(?:.*a){3}'",
        "'a[a-z]*!', 'a'",
        "'\\bgil\\b.*free'",
    ] {
        let [each, merged] = both_with_patterns(patterns);
        for text in &texts {
            assert_eq!(
                each.tag_text(text),
                merged.tag_text(text),
                "{patterns} on {text:.60?}"
            );
        }
    }
    // The PEP extractor's first number comes within 16 separators.
    let [each, _] = builtin_both_ways();
    assert_eq!(ids(each, &format!("PEP{}8", " ".repeat(16))), ["pep:8"]);
    assert!(ids(each, &format!("PEP{}8", " ".repeat(17))).is_empty());
}

#[test]
fn a_title_naming_people_many_times_gives_each_the_role_of_one_naming() {
    let corpus = crate::ingest::read_str(
        &format!(
            "Episode 1: A\n- (00:00:01) Interview with {}\n- (00:00:02) {}\n",
            "Lukasz Langa, ".repeat(2000),
            "Brett Cannon, ".repeat(2000)
        ),
        None,
        crate::ingest::InputFormat::Text,
        &Default::default(),
    )
    .unwrap();
    let tagged = tagger().tag_episode(&corpus.episodes[0], &[]);
    let roles = |chapter: usize| -> BTreeSet<Option<Role>> {
        let people = tagged.iter().filter(|t| t.place == Place::Chapter(chapter));
        people
            .filter(|t| t.role.is_some())
            .map(|t| t.role)
            .collect()
    };
    assert_eq!(roles(0), BTreeSet::from([Some(Role::Guest)]));
    assert_eq!(roles(1), BTreeSet::from([Some(Role::Mentions)]));
}

/// A taxonomy of one topic with `count` patterns that compile to about 550 KiB each.
fn big_patterns(count: usize) -> String {
    let patterns: Vec<String> = (0..count)
        .map(|i| format!("'x{i}(?:\\w{{1000}}){{10}}'"))
        .collect();
    format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = [\n{}\n]\n",
        patterns.join(",\n")
    )
}

#[test]
fn patterns_too_large_together_name_the_file_and_the_largest_pattern() {
    // The loader refuses these past 4 MiB together; added in code, they fail in the tagger.
    let toml = big_patterns(2);
    let mut taxonomy = Taxonomy::from_toml(&toml, "big.toml").unwrap();
    let first = taxonomy.patterns[0].clone();
    for i in 0..20 {
        taxonomy.patterns.push(crate::taxonomy::PatternDef {
            source: format!("copy {i}"),
            ..first.clone()
        });
    }
    let message = Tagger::new(taxonomy).unwrap_err().to_string();
    assert!(
        message.starts_with("cannot compile the 22 patterns of `big.toml` together, the largest `x0(?:\\w{1000}){10}` at big.toml:5:1: "),
        "{message}"
    );
    assert!(
        message.ends_with("; simplify or remove patterns"),
        "{message}"
    );
}

#[test]
fn patterns_the_loader_accepts_compile_together_in_the_tagger() {
    // Seven of about 550 KiB each: just under the loader's 4 MiB.
    let toml = big_patterns(7);
    Tagger::new(Taxonomy::from_toml(&toml, "t.toml").unwrap()).unwrap();
}

/// The new people an input names, by id, read in `format`.
fn new_people_read(text: &str, format: crate::ingest::InputFormat) -> Vec<String> {
    let t = crate::test_support::builtin_tagger();
    let corpus = crate::ingest::read_str(text, None, format, &Default::default()).unwrap();
    let mut ids: Vec<String> = corpus
        .episodes
        .iter()
        .flat_map(|e| t.tag_episode(e, &[]))
        .filter(|m| matches!(m.mention.entity, Entity::NewPerson(_)))
        .map(|m| m.mention.entity.id(t.taxonomy()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn an_item_byline_is_a_name_line_followed_by_prose_under_an_item_heading() {
    let notes = "# Python Bytes 300\n\n\
        **Brian #1:** How to cheat at unit tests\n\n\
        - Ada Quist\n\
        - A long look at the ways tests pass without testing anything at all.\n\n\
        **Michael #2:** Tools we like\n\n\
        Infection Monkey\n\
        Stack Overflow\n";
    assert_eq!(
        new_people_read(notes, crate::ingest::InputFormat::Markdown),
        ["person:ada-quist"],
        "a first line followed by more capitalised entries heads a list"
    );
}

#[test]
fn every_name_line_under_a_guests_heading_is_a_person() {
    let notes = "# Python Bytes 302\n\n## Special guests\n\n* Ada Quist\n* Zeb Orrin\n";
    assert_eq!(
        new_people_read(notes, crate::ingest::InputFormat::Markdown),
        ["person:ada-quist", "person:zeb-orrin"]
    );
}

#[test]
fn a_links_section_first_line_is_a_link_not_a_byline() {
    for heading in ["Links", "Joke:", "Keep In Touch"] {
        let notes = format!(
            "# Python Bytes 301\n\n## {heading}\n\nInfection Monkey\n\
             A tool that attacks your own network to find the holes in it first.\n"
        );
        assert_eq!(
            new_people_read(&notes, crate::ingest::InputFormat::Markdown),
            Vec::<String>::new(),
            "{heading}"
        );
    }
}

#[test]
fn a_transcript_first_passage_is_speech_not_a_byline() {
    // A cue that is only two capitalised words, then another speaker: the first passage is that cue.
    let transcript = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Michael>Groove Theory.\n\n\
        00:00:09.000 --> 00:00:15.000\n<v Brian>Welcome to the show, today we talk about packaging.\n";
    assert_eq!(
        new_people_read(transcript, crate::ingest::InputFormat::Vtt),
        Vec::<String>::new()
    );
}
