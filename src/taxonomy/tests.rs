//! The taxonomy's tests: what a valid file loads to, every refusal as a table of file -> message, and the
//! hostile taxonomies (markup in URLs, deep hierarchies, huge lines and patterns) that must load or fail fast.

use super::*;

const SMALL: &str = r#"
[[show]]
id = "corepy"
name = "core.py"
hosts = ["Łukasz Langa"]

[[topic]]
id = "performance"
label = "Performance"

[[topic]]
id = "jit"
label = "JIT"
parent = "performance"
aliases = ["JIT", "copy-and-patch"]
exact = ["Justin"]
patterns = ['just[- ]in[- ]time']
peps = [744]

[[pep]]
number = 744
title = "JIT Compilation"

[[person]]
name = "Łukasz Langa"
aliases = ["ambv"]

[[person]]
name = "Brandt Bucher"

[[person]]
name = "Eric Snow"

[[person]]
name = "Eric V. Smith"

[[person]]
name = "Skip Montanaro"
first_name = false

[modules]
names = ["asyncio", "time"]
code_only = ["time"]
aliases = { TaskGroup = "asyncio" }
"#;

fn load(text: &str) -> Result<Taxonomy, TaxonomyError> {
    Taxonomy::from_toml(text, "t.toml")
}

/// An error as the command line shows it: the message, then each source's.
fn error_of(text: &str) -> String {
    let error = load(text).unwrap_err();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    message
}

#[test]
fn loads_a_small_taxonomy() {
    let t = load(SMALL).unwrap();
    assert_eq!(t.topics.len(), 2);
    let jit = t.topic_index("jit").unwrap();
    assert_eq!(t.topics[jit].parent, t.topic_index("performance"));
    let performance = t.topic_index("performance").unwrap();
    assert_eq!(t.children(performance).collect::<Vec<_>>(), [jit]);
    assert_eq!(t.children(jit).count(), 0);
    assert_eq!(t.pep_owners(744), &[jit]);
    assert_eq!(
        t.shows[0].hosts,
        vec![crate::taxonomy::Host::always(
            t.person_by_name("Lukasz Langa").unwrap()
        )]
    );
    assert_eq!(t.people[0].id, "person:lukasz-langa");
    assert!(t.modules.code_only.contains("time"));
}

#[test]
fn every_load_numbers_the_terms_alike() {
    let texts = |t: Taxonomy| -> Vec<(String, Origin)> {
        t.terms
            .into_iter()
            .map(|term| (term.text, term.origin))
            .collect()
    };
    let first = texts(Taxonomy::builtin().unwrap());
    for _ in 0..4 {
        assert_eq!(texts(Taxonomy::builtin().unwrap()), first);
    }
}

#[test]
fn unique_first_names_are_derived_and_shared_ones_are_not() {
    let t = load(SMALL).unwrap();
    let firsts: Vec<&str> = t
        .terms
        .iter()
        .filter(|t| t.origin == Origin::FirstName)
        .map(|t| t.text.as_str())
        .collect();
    assert!(firsts.contains(&"Brandt"));
    assert!(firsts.contains(&"Łukasz"));
    assert!(!firsts.contains(&"Eric"), "{firsts:?}");
    assert!(
        !firsts.contains(&"Skip"),
        "`first_name = false` keeps an English word from resolving: {firsts:?}"
    );
}

#[test]
fn an_alias_that_is_the_first_name_is_a_first_name() {
    let t = load(&SMALL.replace(
        "name = \"Brandt Bucher\"\n",
        "name = \"Brandt Bucher\"\naliases = [\"brandt\", \"brandtbucher\"]\n",
    ))
    .unwrap();
    let origin = |text: &str| t.terms.iter().find(|t| t.text == text).map(|t| t.origin);
    assert_eq!(origin("brandt"), Some(Origin::FirstName));
    assert_eq!(origin("brandtbucher"), Some(Origin::Alias));
    assert_eq!(origin("ambv"), Some(Origin::Alias));
}

#[test]
fn extends_builtin_adds_to_the_shipped_taxonomy() {
    let builtin = Taxonomy::builtin().unwrap();
    let t = load(
        "extends = \"builtin\"\n[[topic]]\nid = \"my-topic\"\nlabel = \"Mine\"\nparent = \"jit\"\n",
    )
    .unwrap();
    assert_eq!(t.topics.len(), builtin.topics.len() + 1);
    assert!(t.topic("my-topic").is_some());
}

/// Every lookup by id agrees with the read-only lists, so no caller can see an index that points elsewhere.
fn assert_indexes_agree_with_lists(t: &Taxonomy) {
    for (i, topic) in t.topics().iter().enumerate() {
        assert_eq!(t.topic_index(&topic.id), Some(i), "topic `{}`", topic.id);
        assert!(std::ptr::eq(t.topic(&topic.id).unwrap(), topic));
        if let Some(parent) = topic.parent {
            assert!(
                t.children(parent).any(|c| c == i),
                "`{}` under its parent",
                topic.id
            );
        }
        assert_eq!(t.ancestors(i).next(), Some(i));
        for &pep in &topic.peps {
            assert!(
                t.pep_owners(pep).contains(&i),
                "`{}` owns PEP {pep}",
                topic.id
            );
        }
    }
    for (i, person) in t.people().iter().enumerate() {
        assert_eq!(
            t.person_index(&person.id),
            Some(i),
            "person `{}`",
            person.id
        );
        assert_eq!(
            t.person_by_name(&person.name),
            Some(i),
            "person `{}`",
            person.name
        );
    }
    for (i, project) in t.projects().iter().enumerate() {
        assert_eq!(
            t.project_index(&project.id),
            Some(i),
            "project `{}`",
            project.id
        );
        assert!(project.topic.is_none_or(|topic| topic < t.topics().len()));
    }
    for show in t.shows() {
        assert!(std::ptr::eq(t.show(&show.id).unwrap(), show));
        assert!(show.hosts.iter().all(|h| h.person < t.people().len()));
    }
    for (number, info) in t.peps() {
        assert!(std::ptr::eq(t.pep(number).unwrap(), info));
    }
}

#[test]
fn the_read_api_agrees_with_the_id_index_after_extends_builtin() {
    let merged = load(concat!(
        "extends = \"builtin\"\n",
        "[[topic]]\nid = \"my-topic\"\nlabel = \"Mine\"\nparent = \"jit\"\npeps = [9999]\n",
        "[[pep]]\nnumber = 9999\ntitle = \"Mine\"\n",
        "[[person]]\nname = \"Mallory Example\"\n",
        "[[project]]\nid = \"my-project\"\nlabel = \"Mine\"\ntopic = \"my-topic\"\n",
        "[[show]]\nid = \"my-show\"\nname = \"My Show\"\nhosts = [\"Mallory Example\"]\n",
    ))
    .unwrap();
    let builtin = Taxonomy::builtin().unwrap();
    assert_eq!(merged.topics().len(), builtin.topics().len() + 1);
    assert_eq!(merged.people().len(), builtin.people().len() + 1);
    assert_eq!(merged.projects().len(), builtin.projects().len() + 1);
    assert_eq!(merged.shows().len(), builtin.shows().len() + 1);
    assert_eq!(merged.peps().len(), builtin.peps().len() + 1);
    let mine = merged.topic_index("my-topic").unwrap();
    let jit = merged.topic_index("jit").unwrap();
    assert_eq!(merged.topics()[mine].parent, Some(jit));
    assert_eq!(merged.pep_owners(9999), [mine]);
    assert_eq!(
        merged.shows().last().unwrap().hosts,
        [crate::taxonomy::Host::always(merged.people().len() - 1)]
    );
    assert_indexes_agree_with_lists(&builtin);
    assert_indexes_agree_with_lists(&merged);
    assert_indexes_agree_with_lists(&load(SMALL).unwrap());
}

#[test]
fn ancestors_and_children_of_an_unknown_topic_index_are_empty() {
    let t = load(SMALL).unwrap();
    let past_the_end = t.topics().len();
    assert_eq!(t.ancestors(past_the_end).count(), 0);
    assert_eq!(t.children(past_the_end).count(), 0);
    assert_eq!(t.ancestors(usize::MAX).count(), 0);
}

#[test]
fn shipped_taxonomy_defines_every_contract_topic() {
    let t = Taxonomy::builtin().unwrap();
    for id in [
        "interpreter",
        "compiler",
        "specialization",
        "tier2",
        "jit",
        "performance",
        "memory",
        "gc",
        "refcounting",
        "gil",
        "subinterpreters",
        "parser",
        "tokenizer",
        "syntax",
        "exceptions",
        "error-messages",
        "pyrepl",
        "import-system",
        "c-api",
        "typing",
        "asyncio",
        "debugging",
        "profiling",
        "testing",
        "docs",
        "security",
        "releases",
        "governance",
        "events",
        "platforms",
        "alt-implementations",
    ] {
        assert!(t.topic(id).is_some(), "missing topic `{id}`");
    }
    for (pep, topic) in [
        (703, "gil"),
        (744, "jit"),
        (617, "parser"),
        (659, "specialization"),
        (669, "profiling"),
        (572, "syntax"),
        (654, "exceptions"),
        (762, "pyrepl"),
    ] {
        let owners: Vec<&str> = t
            .pep_owners(pep)
            .iter()
            .map(|&i| t.topics[i].id.as_str())
            .collect();
        assert!(
            owners.contains(&topic),
            "PEP {pep} should be under `{topic}`, is under {owners:?}"
        );
    }
    assert!(t.show("corepy").is_some_and(|s| s.hosts.len() == 2));
}

/// Every refusal: the file, then the start of the message the command line shows (location first).
const REFUSALS: &[(&str, &str)] = &[
    (
        "[[topic]]\nid = \"x\"\nlabel = \"X\"\nalias = [\"y\"]\n",
        "t.toml:4:1: not a valid taxonomy (see the header of the shipped topics.toml for the format): \
         unknown field `alias`",
    ),
    (
        "[[topic]]\nid = \"x\"\nlabel = \"X\"\n[[topic]]\nid = \"x\"\nlabel = \"Y\"\n",
        "t.toml:5:6: duplicate topic id `x`; each [[topic]] needs its own id",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\naliases = [\"GIL\"]\n[[topic]]\nid = \"b\"\nlabel = \"B\"\naliases = [\"gil\"]\n",
        "t.toml:8:12: alias `gil` of topic `b` is already claimed by topic `a` (at t.toml:4:12); keep it in one entry",
    ),
    (
        // Diacritics are ignored when aliases are compared.
        "[[person]]\nname = \"Łukasz Langa\"\n[[person]]\nname = \"X\"\naliases = [\"Lukasz Langa\"]\n",
        "t.toml:5:12: alias `Lukasz Langa` of person `X` is already claimed by person `Łukasz Langa` (at t.toml:2:8)",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\nparent = \"nope\"\n",
        "t.toml:4:10: topic `a` has parent `nope`, which is not a topic; define it or fix the id",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\nparent = \"b\"\n[[topic]]\nid = \"b\"\nlabel = \"B\"\nparent = \"a\"\n",
        "t.toml:2:6: topic parents form a cycle: a -> b -> a; give one of them another parent",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['(unclosed']\n",
        "t.toml:4:13: pattern `(unclosed`: not a valid regex; write it in Rust regex syntax \
         (matched case-insensitively, with ASCII classes): unclosed group",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['(?:\\w{1000}){100}']\n",
        "t.toml:4:13: pattern `(?:\\w{1000}){100}`: it compiles to more than 1048576 bytes",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['x*']\n",
        "t.toml:4:13: pattern `x*`: it can match empty text, so it would match everywhere",
    ),
    (
        "version = 2\n",
        "t.toml:1:11: taxonomy format version 2 is not known; this castgraph reads version 1",
    ),
    (
        "extends = \"mine\"\n",
        "t.toml:1:11: `extends = \"mine\"` is not known; the only value is \"builtin\"",
    ),
    (
        "[[topic]]\nid = \"Big Topic\"\nlabel = \"A\"\n",
        "t.toml:2:6: topic id `Big Topic` must be lowercase letters, digits and `-`; rename it",
    ),
    (
        "[[show]]\nid = \"s\"\nname = \"S\"\nhosts = [\"Nobody\"]\n",
        "t.toml:4:10: host `Nobody` of show `s` is not a [[person]]; add the person or use their canonical name",
    ),
    (
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\naliases = [\" \"]\n",
        "t.toml:4:12: topic `a` has an empty alias; remove it",
    ),
    ("[[topic]\nid = 1\n", "t.toml:1:"),
];

#[test]
fn every_refusal_names_its_place_and_says_what_to_do() {
    for (text, expected) in REFUSALS {
        let message = error_of(text);
        assert!(
            message.starts_with(expected),
            "{message}\nshould start with\n{expected}"
        );
    }
}

/// A taxonomy that extends the shipped one with a person whose `github` is `value`.
fn person_with_github(value: &str) -> String {
    format!("extends = \"builtin\"\n[[person]]\nname = \"Mallory Example\"\ngithub = '{value}'\n")
}

#[test]
fn a_github_value_with_markup_cannot_reach_an_export() {
    let message = error_of(&person_with_github("x\"><script>alert(1)</script>"));
    assert!(
        message.starts_with(
            "t.toml:4:10: github `x\"><script>alert(1)</script>` of person `Mallory Example` is not a GitHub user name"
        ),
        "{message}"
    );
}

#[test]
fn a_github_value_that_is_a_url_is_refused() {
    for value in [
        "javascript:alert(1)",
        "https://github.com/ambv",
        "ambv ",
        "-ambv",
        "a\\b",
        &"a".repeat(40),
    ] {
        let message = error_of(&person_with_github(value));
        assert!(
            message.starts_with("t.toml:4:10: github `"),
            "{value}: {message}"
        );
        assert!(message.contains("write the handle alone"), "{message}");
    }
    let ok = load(&person_with_github("mallory-ex4mple")).unwrap();
    assert!(
        ok.people
            .iter()
            .any(|p| p.github.as_deref() == Some("mallory-ex4mple"))
    );
}

#[test]
fn a_huge_pattern_is_shown_shortened_in_its_error() {
    let pattern = format!("(?:{}){{100}}", "\\w".repeat(20_000));
    let message = error_of(&format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['{pattern}']\n"
    ));
    assert!(
        message.starts_with("t.toml:4:13: pattern `(?:\\w\\w"),
        "{}",
        &message[..200]
    );
    assert!(
        message.contains("…`: it compiles to more than"),
        "{}",
        &message[..200]
    );
    assert!(message.len() < 400, "{} bytes", message.len());
}

#[test]
fn a_taxonomy_larger_than_the_limit_is_refused_before_it_is_parsed() {
    // Not TOML at all: a syntax error would show it was parsed.
    let text = "[".repeat(TAXONOMY_FILE_MAX + 1);
    assert!(matches!(
        load(&text),
        Err(TaxonomyError::TooLarge {
            limit: TAXONOMY_FILE_MAX,
            ..
        })
    ));
    assert!(matches!(
        load(&text[1..]),
        Err(TaxonomyError::Syntax { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &text).unwrap();
    let error = Taxonomy::from_path(&path).unwrap_err();
    assert!(
        error.to_string().ends_with("big.toml` is larger than 1024 KiB, the most castgraph loads (the shipped one is under 100 KiB); keep to the vocabulary of the shows, or split it and load the part you need"),
        "{error}"
    );
}

#[test]
fn a_pattern_longer_than_the_text_limit_is_refused_before_it_is_parsed() {
    use super::pattern::PATTERN_TEXT_LIMIT;
    // Unbalanced parentheses: parsing would call it a syntax error, so `TooLong` shows it was not parsed.
    let pattern = "(".repeat(PATTERN_TEXT_LIMIT + 1);
    let message = error_of(&format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['{pattern}']\n"
    ));
    assert!(
        message.contains("…`: it is longer than 65536 bytes"),
        "{}",
        &message[..300]
    );
    // One byte shorter, it is parsed (and then refused for what it compiles to).
    let longest = format!("{}(", "a".repeat(PATTERN_TEXT_LIMIT - 1));
    assert!(matches!(
        pattern::parse_and_size(&longest),
        Err(PatternError::Syntax { .. })
    ));
}

#[test]
fn patterns_are_parsed_ahead_only_up_to_the_text_budget() {
    use super::pattern::PATTERNS_AHEAD_TEXT_LIMIT;
    // Spaces are ignored in `(?x)` mode: long texts that compile small, so that all of them load.
    let each = format!("(?x)zq[a-z]{{2}}{}", " ".repeat(1000));
    let count = 2 * PATTERNS_AHEAD_TEXT_LIMIT / (each.len() + 8);
    let mut text = String::new();
    for i in 0..count {
        text.push_str(&format!(
            "[[topic]]\nid = \"t{i}\"\nlabel = \"T{i}\"\npatterns = ['{each}{i:07}']\n"
        ));
    }
    let file = source::SourceFile::new("t.toml", &text);
    let raw = file.parse().unwrap();
    let files = [(file, raw)];
    let ahead = build::parse_patterns_ahead(&files);
    let ahead_text: usize = ahead.keys().map(|source| source.len()).sum();
    assert!(
        ahead.len() < count,
        "{} of {count} parsed ahead",
        ahead.len()
    );
    assert!(
        ahead_text <= PATTERNS_AHEAD_TEXT_LIMIT,
        "{ahead_text} bytes"
    );
    assert!(
        ahead.contains_key(format!("{each}{:07}", 0).as_str()),
        "file order"
    );
    // Those past the budget are still parsed, as they are added.
    assert_eq!(load(&text).unwrap().pattern_count(), count);
}

#[test]
fn control_characters_of_a_value_are_escaped_in_messages() {
    let message = error_of("[[topic]]\nid = \"a\\u001b[31m\"\nlabel = \"A\"\n");
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("`a\\u{1b}[31m`"), "{message:?}");
}

/// A chain of `depth` topics, each the parent of the next, with `last_parent` as the first one's parent.
/// Written tightly, so that 20,000 fit in [`TAXONOMY_FILE_MAX`].
fn chain_of_topics(depth: usize, first_parent: Option<usize>) -> String {
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(&format!("[[topic]]\nid = \"t{i}\"\nlabel=\"T\"\n"));
        match (i, first_parent) {
            (0, Some(parent)) => text.push_str(&format!("parent=\"t{parent}\"\n")),
            (0, None) => {}
            _ => text.push_str(&format!("parent=\"t{}\"\n", i - 1)),
        }
    }
    text
}

#[test]
fn a_twenty_thousand_deep_hierarchy_loads_in_linear_time() {
    let t = load(&chain_of_topics(20_000, None)).unwrap();
    assert_eq!(
        t.ancestors(t.topic_index("t19999").unwrap()).count(),
        20_000
    );
}

#[test]
fn a_cycle_through_a_deep_hierarchy_is_found() {
    let message = error_of(&chain_of_topics(20_000, Some(19_999)));
    assert!(
        message.starts_with("t.toml:2:6: topic parents form a cycle: t0 -> t19999 -> t19998"),
        "{}",
        &message[..100]
    );
    assert!(message.contains("t1 -> t0; give one of them another parent"));
}

#[test]
fn fifty_thousand_aliases_on_one_line_load_in_linear_time() {
    let aliases: Vec<String> = (0..50_000).map(|i| format!("\"wörd{i}\"")).collect();
    let text = format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\naliases = [{}, \"wörd7\"]\n",
        aliases.join(", ")
    );
    let t = load(&text).unwrap();
    assert_eq!(t.terms.len(), 50_000);
    // The last of them still points at the right column: counted in characters, not bytes.
    let clash = format!("{text}[[topic]]\nid = \"b\"\nlabel = \"B\"\naliases = [\"WÖRD49999\"]\n");
    let column = text.lines().nth(3).unwrap().find("\"wörd49999\"").unwrap() - 49_999 + 1;
    let expected = format!("already claimed by topic `a` (at t.toml:4:{column})");
    assert!(error_of(&clash).contains(&expected), "{expected}");
}

#[test]
fn patterns_too_large_together_are_refused_at_the_one_past_the_limit() {
    // Each compiles to about 550 KiB, under the limit of one pattern; the eighth takes them past 4 MiB.
    let patterns: Vec<String> = (0..8)
        .map(|i| format!("'x{i}(?:\\w{{1000}}){{10}}'"))
        .collect();
    let text = format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = [\n{}\n]\n",
        patterns.join(",\n")
    );
    let message = error_of(&text);
    assert!(
        message
            .starts_with("t.toml:12:1: pattern `x7(?:\\w{1000}){10}`: with the patterns before it"),
        "{message}"
    );
    assert!(
        message.contains("compile to more than 4194304 bytes"),
        "{message}"
    );
    // Repeating a pattern costs nothing more: the tagger compiles each distinct pattern once.
    let repeated = [patterns[0].as_str(); 8].join(", ");
    load(&format!(
        "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = [{repeated}]\n"
    ))
    .unwrap();
}

/// A pattern written by several entries is parsed once ahead; each entry gets the same tree (the last use
/// takes the parsed one, the others a copy), in file order, and the one parsed beside them is the same.
#[test]
fn a_pattern_written_several_times_gives_each_entry_its_tree() {
    let text = r#"
[[topic]]
id = "a"
label = "A"
patterns = ['just[- ]in[- ]time', 'pep\s*7\d\d']

[[topic]]
id = "b"
label = "B"
parent = "a"
patterns = ['just[- ]in[- ]time']

[[project]]
id = "c"
label = "C"
patterns = ['just[- ]in[- ]time']
"#;
    let taxonomy = load(text).unwrap();
    let expected = parse_pattern("just[- ]in[- ]time").unwrap();
    let jit: Vec<_> = taxonomy
        .patterns
        .iter()
        .filter(|p| p.source == "just[- ]in[- ]time")
        .collect();
    assert_eq!(jit.len(), 3);
    assert!(jit.iter().all(|p| p.hir == expected));
    let lines: Vec<usize> = jit.iter().map(|p| p.at.line).collect();
    assert_eq!(lines, [5, 11, 16]);
    assert_eq!(
        taxonomy.patterns[1].hir,
        parse_pattern(r"pep\s*7\d\d").unwrap()
    );
    // A refused pattern written twice is reported where it is first written.
    let twice = "[[topic]]\nid = \"a\"\nlabel = \"A\"\npatterns = ['a*']\n\n\
                 [[topic]]\nid = \"b\"\nlabel = \"B\"\npatterns = ['a*']\n";
    assert!(
        error_of(twice).starts_with("t.toml:4:13: pattern `a*`"),
        "{}",
        error_of(twice)
    );
}
