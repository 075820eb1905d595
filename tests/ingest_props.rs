//! Property tests for ingestion: no input, in any format, makes a reader panic, and every chapter's `start`
//! is its `seconds` written as `HH:MM:SS`.

use std::path::Path;

use proptest::prelude::*;

use castgraph::ingest::{self, IngestOptions, InputFormat, format_timestamp};

/// Read `text` in `format` and check what every successful read must satisfy.
fn check(text: &str, format: InputFormat) -> Result<(), TestCaseError> {
    let path = Path::new("prop-input.txt");
    if let Ok(corpus) = ingest::read_str(text, Some(path), format, &IngestOptions::default()) {
        for episode in &corpus.episodes {
            for chapter in &episode.chapters {
                prop_assert_eq!(
                    chapter.start.map(|s| s.to_string()),
                    chapter.seconds.map(format_timestamp)
                );
            }
        }
    }
    Ok(())
}

fn any_format() -> impl Strategy<Value = InputFormat> {
    proptest::sample::select(InputFormat::ALL.to_vec())
}

fn seed_line() -> impl Strategy<Value = String> {
    let lines: Vec<String> = ingest::BUNDLED_CORPUS.lines().map(str::to_string).collect();
    proptest::sample::select(lines)
}

/// Pieces that steer the readers into their interesting paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(00:75:00) ".to_string()),
        Just("\n00:01:02 ".to_string()),
        Just("[1:02:03] ".to_string()),
        Just("\n# Episode 7: ".to_string()),
        Just("\n\n".to_string()),
        Just("<item><title>".to_string()),
        Just("</item>".to_string()),
        Just("<![CDATA[<p>".to_string()),
        Just("&lol;".to_string()),
        Just("{\"chapters\": [".to_string()),
        Just("00:00:01.000 --> 00:00:02.000\n".to_string()),
        Just("<v Speaker>".to_string()),
        "\\PC{0,12}",
    ]
}

/// A seed line with a few fragments inserted at character boundaries and a few characters removed.
fn mutated_seed_line() -> impl Strategy<Value = String> {
    (
        seed_line(),
        proptest::collection::vec((any::<proptest::sample::Index>(), fragment()), 0..6),
        any::<proptest::sample::Index>(),
    )
        .prop_map(|(line, inserts, cut)| {
            let mut chars: Vec<char> = line.chars().collect();
            for (at, fragment) in inserts {
                let at = at.index(chars.len() + 1);
                chars.splice(at..at, fragment.chars());
            }
            let cut = cut.index(chars.len() + 1);
            chars.drain(cut..(cut + 7).min(chars.len()));
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}", format in any_format()) {
        check(&text, format)?;
    }

    #[test]
    fn arbitrary_structured_text_never_panics(
        parts in proptest::collection::vec(fragment(), 0..20),
        format in any_format(),
    ) {
        check(&parts.concat(), format)?;
    }

    #[test]
    fn mutated_seed_lines_never_panic(lines in proptest::collection::vec(mutated_seed_line(), 1..4), format in any_format()) {
        check(&lines.join("\n"), format)?;
    }
}
