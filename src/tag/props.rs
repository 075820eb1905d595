//! Property tests for tagging: no text makes the tagger panic, and the long-text scan of large inputs finds
//! exactly the mentions that one pass per automaton finds. (Moved from `tests/tag_props.rs`: the scan
//! strategies are private. Past failures are replayed from `props.proptest-regressions` beside this file.)

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use super::tests::builtin_both_ways;

fn check(text: &str) -> Result<(), TestCaseError> {
    let [each, merged] = builtin_both_ways();
    prop_assert_eq!(each.tag_text(text), merged.tag_text(text), "{:?}", text);
    Ok(())
}

fn seed_line() -> impl Strategy<Value = String> {
    let lines: Vec<String> = crate::ingest::BUNDLED_CORPUS
        .lines()
        .map(str::to_string)
        .collect();
    proptest::sample::select(lines)
}

/// Pieces that start or end aliases, extractors and patterns, or sit at their boundaries.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "PEP 703",
            "PEPs 649 and 749",
            "Python 3.13t",
            "3.12.0a2",
            "gh-109181",
            "bpo-1234",
            "CVE-2024-1234",
            "python/cpython#12",
            "free-threading",
            "free threading",
            "JIT",
            "JITs",
            "GILes",
            "Łukasz",
            "ŁUKASZ",
            "Lukasz Langa's",
            "sys.monitoring",
            "sys.monitoringx",
            "`time`",
            "import os",
            "from time import",
            "asyncio.TaskGroup",
            "re",
            "really",
            "eval breaker",
            "computed gotos",
            "LOAD_ATTR",
            "é",
            "\u{301}",
            "_",
            "'",
            "-",
            ".",
            "\n",
            " ",
        ])
        .prop_map(str::to_string),
        "\\PC{0,8}",
    ]
}

/// A line of the bundled corpus with fragments inserted at character boundaries.
fn mutated_seed_line() -> impl Strategy<Value = String> {
    (
        seed_line(),
        proptest::collection::vec((any::<proptest::sample::Index>(), fragment()), 0..8),
    )
        .prop_map(|(line, inserts)| {
            let mut chars: Vec<char> = line.chars().collect();
            for (at, fragment) in inserts {
                let at = at.index(chars.len() + 1);
                chars.splice(at..at, fragment.chars());
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_is_tagged_alike_both_ways(text in "\\PC{0,200}") {
        check(&text)?;
    }

    #[test]
    fn fragments_are_tagged_alike_both_ways(parts in proptest::collection::vec(fragment(), 0..24)) {
        check(&parts.concat())?;
    }

    #[test]
    fn mutated_seed_lines_are_tagged_alike_both_ways(line in mutated_seed_line()) {
        check(&line)?;
    }
}
