//! Ingestion through the library API: the same episodes written in every supported format give the same
//! chapters as the bundled corpus, and bad input gives a warning or a clear error, never a panic.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use castgraph::ingest::{self, Corpus, IngestError, IngestOptions, InputFormat};
use castgraph::model::Role;

mod common;

/// An episode's number and its chapters as (seconds, title).
type Chapters = BTreeMap<u32, Vec<(u32, String)>>;

/// A file under `tests/fixtures/ingest/`.
fn fixture(name: &str) -> PathBuf {
    common::fixture(&format!("ingest/{name}"))
}

fn read(name: &str) -> Corpus {
    read_with(name, &IngestOptions::default())
}

fn read_with(name: &str, options: &IngestOptions) -> Corpus {
    ingest::read_inputs(&[fixture(name)], options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn chapters_of(corpus: &Corpus) -> Chapters {
    corpus
        .episodes
        .iter()
        .map(|e| {
            (
                e.number.unwrap_or(0),
                e.chapters
                    .iter()
                    .map(|c| (c.seconds.unwrap_or(u32::MAX), c.title.to_string()))
                    .collect(),
            )
        })
        .collect()
}

/// Episodes 1, 2 and 13 of the bundled corpus.
fn bundled_1_2_13() -> Chapters {
    let mut chapters = chapters_of(&ingest::bundled());
    chapters.retain(|n, _| [1, 2, 13].contains(n));
    chapters
}

fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the temporary file");
    (dir, path)
}

fn read_bytes(name: &str, bytes: &[u8]) -> Result<Corpus, IngestError> {
    let (_dir, path) = write_temp(name, bytes);
    ingest::read_inputs(&[path], &IngestOptions::default())
}

fn warnings(corpus: &Corpus) -> Vec<String> {
    corpus.warnings.iter().map(ToString::to_string).collect()
}

// --- the same episodes in every format -------------------------------------------------------------------

#[test]
fn expected_chapters_fixture_matches_the_bundled_corpus() {
    let text = std::fs::read_to_string(fixture("expected-chapters.json")).expect("fixture");
    let expected: BTreeMap<u32, Vec<(u32, String)>> =
        serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(bundled_1_2_13(), expected);
}

#[test]
fn every_fixture_format_gives_the_bundled_chapters_of_episodes_1_2_13() {
    let expected = bundled_1_2_13();
    for name in [
        "episodes.md",
        "episodes.txt",
        "episodes-brackets.txt",
        "episodes-dashes.txt",
        "feed.rss",
        "feed.atom",
        "episodes.json",
        "feed-chapters.rss",
    ] {
        let corpus = read(name);
        assert!(
            corpus.warnings.is_empty(),
            "{name}: {:?}",
            warnings(&corpus)
        );
        assert_eq!(chapters_of(&corpus), expected, "{name}");
    }
}

#[test]
fn chapters_flag_replaces_the_chapters_of_a_single_episode() {
    let options = IngestOptions {
        chapters: Some(fixture("chapters/2.json")),
        ..IngestOptions::default()
    };
    let corpus = read_with("single-episode.md", &options);
    let mut expected = bundled_1_2_13();
    expected.retain(|n, _| *n == 2);
    assert_eq!(chapters_of(&corpus), expected);
    assert_eq!(
        corpus.episodes[0].chapters.get(2).unwrap().section,
        Some("CURRENT STATE OF THINGS")
    );
}

#[test]
fn chapters_for_one_episode_with_several_episodes_is_an_error_naming_the_count() {
    let options = IngestOptions {
        chapters: Some(fixture("chapters/2.json")),
        ..IngestOptions::default()
    };
    let err = ingest::read_inputs(&[fixture("episodes.md")], &options).unwrap_err();
    assert!(
        matches!(err, IngestError::ChaptersNeedOneEpisode { episodes: 3, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("but the input has 3 episodes"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("--"),
        "no flag in a library message: {err}"
    );
}

#[test]
fn a_podcasting_chapters_file_read_as_input_is_the_episode_its_name_gives() {
    let corpus = read("chapters/13.json");
    let mut expected = bundled_1_2_13();
    expected.retain(|n, _| *n == 13);
    assert_eq!(chapters_of(&corpus), expected);
}

#[test]
fn feed_metadata_is_read() {
    let corpus = read("feed.rss");
    assert_eq!(corpus.show.name.as_deref(), Some("core.py"));
    assert_eq!(
        corpus.show.hosts,
        vec!["Pablo Galindo Salgado", "Łukasz Langa"]
    );
    let got: Vec<_> = corpus
        .episodes
        .iter()
        .map(|e| {
            (
                e.number,
                e.title.as_deref(),
                e.date.as_deref(),
                e.duration,
                // The feed's own credits; the channel's hosts are credited on every episode.
                e.people
                    .iter()
                    .filter(|c| c.role != castgraph::model::Role::Host)
                    .count(),
            )
        })
        .collect();
    for episode in &corpus.episodes {
        assert_eq!(episode.show.as_deref(), Some("core.py"));
        let hosts: Vec<&str> = episode
            .people
            .iter()
            .filter(|c| c.role == castgraph::model::Role::Host)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(hosts, ["Pablo Galindo Salgado", "Łukasz Langa"]);
    }
    assert_eq!(
        got,
        vec![
            (
                Some(13),
                Some("Brandt Bucher on the JIT"),
                Some("2024-09-10"),
                Some(5580),
                1
            ),
            (
                Some(2),
                Some("Removing the GIL"),
                Some("2023-10-26"),
                Some(4410),
                0
            ),
            (
                Some(1),
                Some("The 2023 Core Developer Sprint"),
                Some("2023-10-12"),
                Some(4212),
                0
            ),
        ]
    );
    assert_eq!(corpus.episodes[0].people[0].role, Role::Guest);
    assert!(
        corpus.episodes[0]
            .description
            .starts_with("In this lucky episode")
    );
    let atom = read("feed.atom");
    assert_eq!(
        atom.episodes[2].title.as_deref(),
        Some("The 2023 Core Developer Sprint")
    );
    assert_eq!(atom.episodes[2].date.as_deref(), Some("2023-10-12"));
}

#[test]
fn episodes_json_output_reads_back_unchanged() {
    let corpus = ingest::bundled();
    let json = serde_json::to_string_pretty(&corpus.episodes).expect("episodes serialize");
    let back = ingest::read_str(
        &json,
        Some(Path::new("episodes.json")),
        InputFormat::Json,
        &IngestOptions::default(),
    )
    .expect("the output reads back");
    assert!(back.warnings.is_empty(), "{:?}", warnings(&back));
    assert_eq!(back.episodes.len(), corpus.episodes.len());
    for (a, b) in corpus.episodes.iter().zip(&back.episodes) {
        assert_eq!(
            (&a.number, &a.description, &a.links, &a.chapters),
            (&b.number, &b.description, &b.links, &b.chapters)
        );
    }
}

// --- transcripts -----------------------------------------------------------------------------------------

#[test]
fn transcripts_are_one_episode_named_by_the_file() {
    let cases: [(&str, u32, Option<&str>, usize); 3] = [
        ("transcripts/ep12_the-jit.vtt", 12, Some("the jit"), 3),
        (
            "transcripts/7-subinterpreters.srt",
            7,
            Some("subinterpreters"),
            3,
        ),
        ("transcripts/441-some-title.txt", 441, Some("some title"), 4),
    ];
    for (name, number, title, cues) in cases {
        let corpus = read(name);
        assert!(
            corpus.warnings.is_empty(),
            "{name}: {:?}",
            warnings(&corpus)
        );
        let episode = &corpus.episodes[0];
        let transcript = episode.transcript.as_ref().expect("a transcript");
        assert_eq!(
            (
                episode.number,
                episode.title.as_deref(),
                transcript.cues as usize
            ),
            (Some(number), title, cues),
            "{name}"
        );
        assert!(
            episode.chapters.is_empty(),
            "{name}: a transcript has no chapters"
        );
    }
    // A passage per speaker's turn (WebVTT voices, `Name:` before the words).
    let passages = |name| {
        let corpus = read(name);
        let transcript = corpus.episodes[0].transcript.clone().unwrap();
        let texts: Vec<(u32, String)> = transcript
            .iter()
            .map(|p| (p.seconds, p.text.to_string()))
            .collect();
        (texts, corpus.episodes[0].duration)
    };
    let (vtt, duration) = passages("transcripts/ep12_the-jit.vtt");
    assert_eq!(
        vtt[1],
        (4, "Today: the copy & patch JIT and PEP 744.".to_string())
    );
    assert_eq!((vtt.len(), duration), (3, Some(75)));
    let (txt, _) = passages("transcripts/441-some-title.txt");
    assert_eq!(
        txt[2],
        (
            12,
            "Pablo: Free threading, in Python 3.13. It took a while.".to_string()
        )
    );
}

#[test]
fn show_notes_with_a_description_are_not_taken_for_a_transcript() {
    let corpus = read("episodes-brackets.txt");
    assert_eq!(corpus.episodes.len(), 3);
    let (_dir, path) = write_temp(
        "notes.txt",
        b"About the JIT.\n\n00:00 Intro\n05:00 PART 1: JIT\n10:00 Details\n",
    );
    let corpus = ingest::read_inputs(&[path], &IngestOptions::default()).expect("show notes");
    assert_eq!(
        corpus.episodes[0].chapters.get(1).unwrap().kind,
        ingest::ChapterKind::Section
    );
}

#[test]
fn input_format_forces_a_transcript() {
    let (_dir, path) = write_temp(
        "12-notes.txt",
        b"About the JIT.\n00:00 Intro\n05:00 PART 1: JIT\n",
    );
    let options = IngestOptions {
        format: Some(InputFormat::Transcript),
        ..IngestOptions::default()
    };
    let corpus = ingest::read_inputs(&[path], &options).expect("a transcript");
    let episode = &corpus.episodes[0];
    assert_eq!(
        (episode.number, episode.description.as_str()),
        (Some(12), "About the JIT.")
    );
    assert_eq!(episode.transcript.as_ref().map(|t| t.cues), Some(2));
}

// --- bad input -------------------------------------------------------------------------------------------

#[test]
fn no_recognisable_episode_is_an_error() {
    let err = read_bytes("prose.txt", b"Just some prose.\nNo timestamps at all.\n").unwrap_err();
    assert!(matches!(err, IngestError::NoEpisodes { .. }));
    assert!(
        err.to_string().starts_with("no recognisable episode in `"),
        "{err}"
    );
}

#[test]
fn timestamps_going_backwards_warn_and_keep_the_chapter() {
    let corpus =
        read_bytes("back.txt", b"Desc.\n00:10:00 Later\n00:05:00 Earlier\n").expect("kept");
    assert_eq!(corpus.episodes[0].chapters.len(), 2);
    let got = warnings(&corpus);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].contains(
            "back.txt:3: chapter `Earlier` starts at 00:05:00, before the previous chapter"
        ),
        "{got:?}"
    );
}

#[test]
fn impossible_times_warn_and_skip_the_chapter() {
    let corpus = read_bytes(
        "bad-time.md",
        b"# Episode 4: X\nDesc.\n00:00:00 Intro\n00:75:00 Broken\n",
    )
    .expect("kept");
    assert_eq!(corpus.episodes[0].chapters.len(), 1);
    let got = warnings(&corpus);
    assert!(
        got[0].contains("bad-time.md:4: `00:75:00` is an impossible time"),
        "{got:?}"
    );
    assert!(
        got[0].contains("the chapter `Broken` is skipped"),
        "{got:?}"
    );
}

#[test]
fn duplicate_episode_numbers_warn_naming_both_places_and_skip_the_second() {
    let corpus = read_bytes(
        "dup.md",
        b"# Episode 5: A\n00:00 Intro\n\n# Episode 5: B\n00:00 Intro\n",
    )
    .expect("first kept");
    assert_eq!(corpus.episodes.len(), 1);
    assert_eq!(corpus.episodes[0].title.as_deref(), Some("A"));
    let got = warnings(&corpus);
    assert!(
        got[0].contains("dup.md:4: duplicate episode 5 (first seen at "),
        "{got:?}"
    );
    assert!(got[0].contains("dup.md:1)"), "{got:?}");
}

#[test]
fn one_episode_in_two_files_is_one_episode_and_a_disagreement_names_both_files() {
    let (_dir, first) = write_temp("a.md", b"# Episode 5: A\n00:00 Intro\n");
    let (_dir2, second) = write_temp("b.md", b"\n# Episode 5: B\n00:00 Intro\n01:00 More\n");
    let options = IngestOptions {
        show: Some("corepy".into()),
        ..Default::default()
    };
    let mut corpus = ingest::read_inputs(&[first, second], &options).expect("both read");
    assert_eq!(corpus.episodes.len(), 2, "ingest keeps both inputs");
    castgraph::graph::merge_episodes(&mut corpus, common::tagger().taxonomy());
    assert_eq!(corpus.episodes.len(), 1);
    assert_eq!(corpus.episodes[0].title.as_deref(), Some("A"));
    let got = warnings(&corpus);
    assert!(
        got[0].contains("b.md:2: this input and ")
            && got[0].contains("a.md:1 give episode 5 different timed chapters; the first is kept"),
        "{got:?}"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_line_and_column() {
    let err = read_bytes("latin1.txt", b"Desc.\n00:00 Caf\xe9\n").unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::NotUtf8 {
                line: 2,
                column: 10,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("is not valid UTF-8 (line 2, column 10)"),
        "{err}"
    );
}

#[test]
fn malformed_xml_and_json_are_errors_with_line_and_column() {
    for (name, bytes, line, format, place) in [
        (
            "bad.rss",
            &b"<rss>\n<channel>\n<item><title>x</titel></item>\n</channel></rss>"[..],
            3,
            "XML",
            "bad.rss`:3:",
        ),
        (
            "bad.json",
            b"[\n {\"description\": \"x\"\n]",
            3,
            "JSON",
            "bad.json`:3:",
        ),
    ] {
        let err = read_bytes(name, bytes).unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::Malformed { line: l, format: f, .. } if l == line && f == format
            ),
            "{err}"
        );
        assert!(err.to_string().contains(place), "{err}");
        assert!(
            std::error::Error::source(&err).is_some(),
            "the parser's message is the source: {err}"
        );
    }
}

#[test]
fn an_empty_file_is_an_error() {
    for bytes in [&b""[..], b"  \n\n\t\n"] {
        let err = read_bytes("empty.txt", bytes).unwrap_err();
        assert!(matches!(err, IngestError::Empty { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("is empty; give a file of show notes"),
            "{err}"
        );
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let err = ingest::read_inputs(
        &[PathBuf::from("/no/such/notes.txt")],
        &IngestOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, IngestError::Io { .. }));
    assert!(
        err.to_string()
            .starts_with("cannot read `/no/such/notes.txt`"),
        "{err}"
    );
}

#[test]
fn a_50_mb_line_is_read_without_a_panic() {
    let mut line = b"Prose with (00:00:01) a chapter, ".repeat(8);
    line.extend(b"x".repeat(50 * 1024 * 1024));
    line.extend(b" (00:00:02) end\n");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&line))
        .expect("write the line");
    // A quadratic reader would make this test crawl; speed itself is measured in benches/.
    let result = ingest::read_inputs(&[path], &IngestOptions::default());
    match result {
        Ok(corpus) => assert_eq!(corpus.episodes.len(), 1),
        Err(e) => assert!(matches!(e, IngestError::NoEpisodes { .. }), "{e}"),
    }
}

#[test]
fn doctype_entities_are_never_expanded() {
    let mut feed =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        feed.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!(
                "&lol{};",
                if i == 1 {
                    String::new()
                } else {
                    (i - 1).to_string()
                }
            )
            .repeat(10)
        ));
    }
    feed.push_str("]>\n<rss><channel><item><title>&lol9;</title><description>Desc\n00:00 Intro &lol9;</description></item></channel></rss>\n");
    let corpus = read_bytes("lol.rss", feed.as_bytes()).expect("read without expanding");
    let episode = &corpus.episodes[0];
    assert_eq!(episode.title.as_deref(), Some("&lol9;"));
    assert_eq!(episode.chapters.get(0).unwrap().title, "Intro &lol9;");
    let got = warnings(&corpus);
    assert!(
        got.iter().any(|w| w
            .contains("lol.rss:2: the DOCTYPE declares entities; castgraph never expands them")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|w| w.contains("unknown entity `&lol9;` is left as written")),
        "{got:?}"
    );
}

#[test]
fn a_bad_chapters_file_named_by_a_feed_warns_and_keeps_the_notes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("c.json"), b"{\"chapters\": 3}").expect("write");
    let feed = dir.path().join("feed.rss");
    std::fs::write(
        &feed,
        "<rss><channel><item><title>T</title><podcast:chapters url=\"c.json\"/>\n<description>D\n00:00 Intro</description></item></channel></rss>",
    )
    .expect("write");
    let corpus = ingest::read_inputs(&[feed], &IngestOptions::default()).expect("kept");
    assert_eq!(corpus.episodes[0].chapters.get(0).unwrap().title, "Intro");
    let got = warnings(&corpus);
    assert!(
        got[0].contains("feed.rss:1: cannot use `podcast:chapters` `c.json`: ")
            && got[0].contains("not a Podcasting 2.0 chapters file"),
        "{got:?}"
    );
}

#[test]
fn pathological_inputs_do_not_panic_in_any_format() {
    let size = 1024 * 1024;
    let patterns = [
        "<a", "<!--", "(00:01:0", "[", "{", "&", "-->", "00:00 ", "<script>", "\"", "{\\", "\n\n",
    ];
    for pattern in patterns {
        let text = pattern.repeat(size / pattern.len());
        for &format in &InputFormat::ALL {
            let _ = ingest::read_str(
                &text,
                Some(Path::new("big")),
                format,
                &IngestOptions::default(),
            );
        }
    }
}

#[test]
fn a_folder_skips_files_that_hold_no_show_notes_with_a_warning() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("a.txt"),
        "Notes # Timestamps (00:00:00) INTRO (00:01:00) PEP 703\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.json"), "{\"not\": \"episodes\"}").unwrap();
    let corpus =
        ingest::read_inputs(&[dir.path().to_path_buf()], &IngestOptions::default()).unwrap();
    assert_eq!(corpus.episodes.len(), 1);
    assert!(
        corpus
            .warnings
            .iter()
            .any(|w| w.to_string().contains("b.json") && w.message.starts_with("skipped"))
    );
    // Named on the command line, the same file is an error.
    let named = ingest::read_inputs(&[dir.path().join("b.json")], &IngestOptions::default());
    assert!(named.is_err());
}

// --- issue 17: nothing dropped in silence, messages that say what is wrong ------------------------------

#[test]
fn when_every_cue_is_rejected_the_error_keeps_the_warnings_saying_why() {
    for (name, rejected, text, shown, more) in [
        (
            "t.txt",
            3,
            "00:75:00 a\n00:75:01 b\n00:99:00 c\n",
            &[
                "t.txt:1: `00:75:00` is an impossible time",
                "t.txt:3: `00:99:00`",
            ][..],
            None,
        ),
        (
            "t.vtt",
            1,
            "WEBVTT\n\n00:75:00.000 --> 00:75:01.000\nhi\n",
            &[
                "t.vtt:3: `00:75:00` is an impossible time",
                "the cue `hi` is skipped",
            ][..],
            None,
        ),
        (
            "many.txt",
            5,
            "00:75:00 a\n00:75:01 b\n00:75:02 c\n00:75:03 d\n00:75:04 e\n",
            &["many.txt:3: `00:75:02`"][..],
            Some("(and 2 more)"),
        ),
    ] {
        let err = read_bytes(name, text.as_bytes()).unwrap_err();
        let IngestError::AllRejected { path, warnings } = &err else {
            panic!("{name}: {err}");
        };
        assert_eq!(warnings.len(), rejected, "{name}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "no episode could be read from `{}`; everything in it was rejected:\n  ",
                path.display()
            )),
            "{message}"
        );
        for part in shown {
            assert!(message.contains(part), "{name}: {message}");
        }
        assert_eq!(
            more.is_some_and(|m| message.ends_with(m)),
            more.is_some(),
            "{message}"
        );
    }
}

#[test]
fn the_warning_about_a_skipped_cue_quotes_only_its_start() {
    let text = format!(
        "00:00:01 a\n00:00:02 b\n00:75:00 {}\n",
        "word ".repeat(100_000)
    );
    let corpus = read_bytes("long.txt", text.as_bytes()).expect("two cues kept");
    let got = warnings(&corpus);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].len() < 300, "{}", got[0].len());
    assert!(got[0].contains("the cue `word word"), "{}", got[0]);
    assert!(got[0].contains("word...` is skipped"), "{}", got[0]);
}

#[test]
fn a_single_long_cue_is_one_passage_with_all_its_words() {
    let words = "word <i>x</i> &amp; ".repeat(50_000);
    for (name, text) in [
        ("one.txt", format!("00:00:01 {words}\n")),
        (
            "one.vtt",
            format!("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{words}\n"),
        ),
    ] {
        let (_dir, path) = write_temp(name, text.as_bytes());
        let options = IngestOptions {
            format: Some(match name {
                "one.vtt" => InputFormat::Vtt,
                _ => InputFormat::Transcript,
            }),
            ..IngestOptions::default()
        };
        let corpus = ingest::read_inputs(&[path], &options).expect("read");
        let transcript = corpus.episodes[0]
            .transcript
            .as_ref()
            .expect("a transcript");
        assert_eq!(transcript.len(), 1, "{name}: one passage");
        let passage = transcript.get(0).unwrap();
        assert_eq!(passage.text.len(), "word x & ".len() * 50_000 - 1, "{name}");
        assert!(passage.text.starts_with("word x & word x &"), "{name}");
    }
}

#[test]
fn markdown_episode_numbers_out_of_range_warn_and_negative_ones_still_start_an_episode() {
    // (heading, the number the episode gets, the warning's start; None: no warning)
    for (heading, number, warning) in [
        ("# Episode 7: Fine", Some(7), None),
        (
            "# Episode 4294967296: Big",
            None,
            Some("n.md:4: the episode number `4294967296` is too large; it is ignored"),
        ),
        (
            "# Episode 99999999999999999999999: Huge",
            None,
            Some("n.md:4: the episode number `99999999999999999999999` is too large"),
        ),
        (
            "# Episode -3: Minus",
            None,
            Some("n.md:4: the episode number `-3` is negative; it is ignored"),
        ),
        (
            "Episode -3 - Minus",
            None,
            Some("n.md:4: the episode number `-3` is negative"),
        ),
        (
            "## -3. Minus",
            None,
            Some("n.md:4: the episode number `-3` is negative"),
        ),
        ("# Episode 4294967295: Last", Some(u32::MAX), None),
        ("# Episode-9: Hyphen", Some(9), None),
        ("Ep.-9 - Hyphen", Some(9), None),
    ] {
        let text = format!("# Episode 1: First\nDesc.\n00:00 Intro\n{heading}\nOther.\n00:00 Hi\n");
        let corpus = read_bytes("n.md", text.as_bytes()).expect("read");
        assert_eq!(
            corpus.episodes.len(),
            2,
            "{heading}: never merged into episode 1"
        );
        assert_eq!(corpus.episodes[0].chapters.len(), 1, "{heading}");
        let second = &corpus.episodes[1];
        assert_eq!(second.number, number, "{heading}");
        assert_eq!(second.description, "Other.", "{heading}");
        let got = warnings(&corpus);
        match warning {
            Some(start) => {
                assert_eq!(got.len(), 1, "{heading}: {got:?}");
                assert!(got[0].contains(&format!("/{start}")), "{heading}: {got:?}");
                assert!(
                    got[0].ends_with("give a whole number from 0 to 4294967295"),
                    "{got:?}"
                );
            }
            None => assert!(got.is_empty(), "{heading}: {got:?}"),
        }
    }
}

#[test]
fn json_numbers_and_durations_out_of_range_say_what_is_wrong() {
    // (field and value, the warning)
    for (field, warning) in [
        (
            r#""number": 18446744073709551616"#,
            "episode `number` `18446744073709551616` is too large; it is ignored",
        ),
        (
            r#""number": 4294967296"#,
            "episode `number` `4294967296` is too large",
        ),
        (r#""number": -3"#, "episode `number` `-3` is negative"),
        (r#""number": "-3""#, "episode `number` `-3` is negative"),
        (
            r#""number": "99999999999""#,
            "episode `number` `99999999999` is too large",
        ),
        (
            r#""number": 2.5"#,
            "episode `number` `2.5` is not a whole number",
        ),
        (
            r#""number": true"#,
            "episode `number` `true` is not a whole number",
        ),
        (
            r#""duration": 18446744073709551616"#,
            "`duration`: `18446744073709551616` is too large: times and durations go up to 4294967295 seconds",
        ),
        (
            r#""duration": -5"#,
            "`duration`: `-5` is negative: times and durations start at 0",
        ),
        (
            r#""duration": "99999999999""#,
            "`duration`: `99999999999` is too large",
        ),
        (r#""duration": "-5""#, "`duration`: `-5` is negative"),
    ] {
        let text = format!("[\n{{\"description\": \"D 00:00 Intro\", {field}}}\n]");
        let corpus = read_bytes("e.json", text.as_bytes()).expect("read");
        assert_eq!(corpus.episodes.len(), 1, "{field}");
        let got = warnings(&corpus);
        assert_eq!(got.len(), 1, "{field}: {got:?}");
        assert!(
            got[0].contains(&format!("/e.json:2: {warning}")),
            "{field}: {got:?}"
        );
    }
    for (field, number) in [
        (r#""number": 13.0"#, 13),
        (r#""number": 4294967295"#, u32::MAX),
    ] {
        let text = format!("[{{\"description\": \"D\", {field}}}]");
        let corpus = read_bytes("e.json", text.as_bytes()).expect("read");
        assert_eq!(corpus.episodes[0].number, Some(number), "{field}");
        assert!(corpus.warnings.is_empty(), "{field}: {:?}", corpus.warnings);
    }
}

#[test]
fn chapter_starts_out_of_range_say_what_is_wrong() {
    for (start, warning) in [
        (
            "-1",
            "chapter 2: start `-1` is negative: times and durations start at 0; it is skipped",
        ),
        ("1e300", "chapter 2: start `1e+300` is too large"),
        (
            "18446744073709551616",
            "chapter 2: start `18446744073709551616` is too large",
        ),
        (
            r#""soon""#,
            "chapter 2: start `\"soon\"` is not a number of seconds",
        ),
    ] {
        let text = format!(
            "{{\"version\": \"1.2.0\", \"chapters\": [\n{{\"startTime\": 0, \"title\": \"A\"}},\n{{\"startTime\": {start}, \"title\": \"B\"}}]}}"
        );
        let corpus = read_bytes("c.json", text.as_bytes()).expect("read");
        assert_eq!(corpus.episodes[0].chapters.len(), 1, "{start}");
        let got = warnings(&corpus);
        assert_eq!(got.len(), 1, "{start}: {got:?}");
        assert!(
            got[0].contains(&format!("/c.json:3: {warning}")),
            "{start}: {got:?}"
        );
    }
}

#[test]
fn feed_numbers_and_durations_out_of_range_say_what_is_wrong() {
    for (field, warning) in [
        (
            "<itunes:episode>4294967296</itunes:episode>",
            "`itunes:episode` `4294967296` is too large; it is ignored",
        ),
        (
            "<itunes:episode>-3</itunes:episode>",
            "`itunes:episode` `-3` is negative",
        ),
        (
            "<itunes:episode>three</itunes:episode>",
            "`itunes:episode` `three` is not a whole number",
        ),
        (
            "<itunes:duration>99999999999</itunes:duration>",
            "`itunes:duration`: `99999999999` is too large: times and durations go up to 4294967295 seconds",
        ),
        (
            "<itunes:duration>-60</itunes:duration>",
            "`itunes:duration`: `-60` is negative",
        ),
    ] {
        let text = format!(
            "<rss><channel><title>S</title>\n<item><title>T</title>\n{field}\n<description>D 00:00 Intro</description></item></channel></rss>"
        );
        let corpus = read_bytes("f.rss", text.as_bytes()).expect("read");
        let got = warnings(&corpus);
        assert_eq!(got.len(), 1, "{field}: {got:?}");
        assert!(
            got[0].contains(&format!("/f.rss:3: {warning}")),
            "{field}: {got:?}"
        );
    }
}

#[test]
fn character_references_xml_does_not_allow_are_named_with_line_and_column() {
    for (reference, warning) in [
        (
            "&#0;",
            "the character reference `&#0;` names U+0000 (NUL), which XML does not allow",
        ),
        (
            "&#x0;",
            "the character reference `&#x0;` names U+0000 (NUL)",
        ),
        (
            "&#1;",
            "the character reference `&#1;` names U+0001, which XML does not allow",
        ),
        (
            "&#xD800;",
            "the character reference `&#xD800;` names U+D800 (a surrogate)",
        ),
        (
            "&#xFFFE;",
            "the character reference `&#xFFFE;` names U+FFFE (a noncharacter)",
        ),
        (
            "&#x110000;",
            "the character reference `&#x110000;` is beyond U+10FFFF",
        ),
        (
            "&#99999999999;",
            "the character reference `&#99999999999;` is beyond U+10FFFF",
        ),
        ("&#xZZ;", "the character reference `&#xZZ;` is not a number"),
    ] {
        let text = format!(
            "<rss><channel><title>S</title>\n<item><title>A{reference}B</title><description>D 00:00 Intro</description></item></channel></rss>"
        );
        let corpus = read_bytes("f.rss", text.as_bytes()).expect("read");
        assert_eq!(
            corpus.episodes[0].title.as_deref(),
            Some("AB"),
            "{reference}: left out"
        );
        let got = warnings(&corpus);
        assert_eq!(got.len(), 1, "{reference}: {got:?}");
        assert!(
            got[0].contains(&format!("/f.rss:2:15: {warning}")),
            "{reference}: {got:?}"
        );
        assert!(got[0].ends_with("it is left out: remove it, or write the character itself"));
    }
    for (reference, title) in [("&#233;", "AéB"), ("&#x9;", "A B"), ("&lt;", "A<B")] {
        let text = format!(
            "<rss><channel><item><title>A{reference}B</title><description>D 00:00 Intro</description></item></channel></rss>"
        );
        let corpus = read_bytes("f.rss", text.as_bytes()).expect("read");
        assert_eq!(
            corpus.episodes[0].title.as_deref(),
            Some(title),
            "{reference}"
        );
        assert!(
            corpus.warnings.is_empty(),
            "{reference}: {:?}",
            corpus.warnings
        );
    }
}

#[test]
fn a_file_name_number_too_large_warns_and_the_episode_keeps_its_title() {
    for (name, text) in [
        (
            "4294967296-big-one.txt",
            "00:00:01 a\n00:00:02 b\n00:00:03 c\n",
        ),
        (
            "4294967296-big-one.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n",
        ),
        (
            "4294967296-big-one.json",
            r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A"}]}"#,
        ),
    ] {
        let corpus = read_bytes(name, text.as_bytes()).expect("read");
        let episode = &corpus.episodes[0];
        assert_eq!(episode.title.as_deref(), Some("big one"), "{name}");
        assert_eq!(episode.number, Some(1), "{name}: numbered by position");
        let got = warnings(&corpus);
        assert_eq!(got.len(), 1, "{name}: {got:?}");
        assert!(
            got[0].contains(&format!(
                "/{name}: the number in the file name `4294967296` is too large; it is ignored"
            )),
            "{got:?}"
        );
    }
}

// --- show notes without times, feeds as they are (tests/fixtures/untimed/) -------------------------------

fn untimed(name: &str) -> Corpus {
    let path = common::fixture(&format!("untimed/{name}"));
    ingest::read_inputs(&[path], &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each chapter's (seconds, title, text).
fn untimed_chapters(episode: &ingest::Episode) -> Vec<(Option<u32>, String, Option<String>)> {
    episode
        .chapters
        .iter()
        .map(|c| (c.seconds, c.title.to_string(), c.text.map(str::to_string)))
        .collect()
}

fn credited(episode: &ingest::Episode, role: Role) -> Vec<&str> {
    episode
        .people
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name.as_str())
        .collect()
}

#[test]
fn markdown_items_without_times_are_untimed_chapters_with_their_words() {
    let corpus = untimed("show-heading.md");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let [episode] = corpus.episodes.as_slice() else {
        panic!("{} episodes", corpus.episodes.len())
    };
    assert_eq!(episode.show.as_deref(), Some("Tiny Show"));
    assert_eq!(episode.number, Some(35));
    assert_eq!(
        episode.description,
        "Sponsored by nobody: tiny.example/sponsor\nSpecial guest: Cy Guestworthy"
    );
    let chapters = untimed_chapters(episode);
    let titles: Vec<&str> = chapters.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Ann #1: The first item",
            "Connect with the hosts",
            "Bob #2: Second item + more",
            "Cy #3:",
            "Extras",
            "Joke: A joke"
        ]
    );
    assert!(chapters.iter().all(|c| c.0.is_none()), "{chapters:?}");
    assert_eq!(
        chapters[0].2.as_deref(),
        Some("Read the post about PEP 703\nSecond point, with in it")
    );
    // A timestamp link nested under an item points into another video: its words are the item's.
    assert_eq!(
        chapters[2].2.as_deref(),
        Some("Words about asyncio.\nA part of another video")
    );
    assert_eq!(chapters[4].2.as_deref(), Some("Ann:\nOne more thing."));
    assert_eq!(credited(episode, Role::Guest), ["Cy Guestworthy"]);
    assert!(episode.links.contains(&"https://two.example/".to_string()));
    assert!(
        episode
            .links
            .contains(&"https://joke.example/j?s=1".to_string())
    );
}

#[test]
fn a_file_name_numbers_notes_without_a_heading() {
    let corpus = untimed("042-file-name-number.md");
    let episode = &corpus.episodes[0];
    assert_eq!((episode.number, episode.show.as_deref()), (Some(42), None));
    let titles: Vec<String> = untimed_chapters(episode).into_iter().map(|c| c.1).collect();
    assert_eq!(
        titles,
        [
            "An item named by a bold link",
            "#2 (Bob): Numbered the old way"
        ]
    );
    assert!(episode.description.starts_with("Welcome to the show"));
}

#[test]
fn a_number_heading_gives_number_and_title_and_timestamp_links_carry_their_time() {
    let corpus = untimed("number-heading.md");
    let episode = &corpus.episodes[0];
    assert_eq!(episode.number, Some(484));
    assert_eq!(episode.title.as_deref(), Some("All our made-up tools"));
    assert_eq!(episode.show, None);
    assert_eq!(
        untimed_chapters(episode),
        vec![
            (Some(0), "Welcome".to_string(), None),
            (Some(720), "The first tool".to_string(), None),
            (
                None,
                "Ann #1: A tool".to_string(),
                Some("Its words.".to_string())
            ),
        ]
    );
}

#[test]
fn a_feed_as_it_is_gives_hosts_guests_links_page_audio_and_untimed_chapters() {
    let corpus = untimed("untimed-feed.rss");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.show.name.as_deref(), Some("Tiny Show"));
    assert_eq!(corpus.show.hosts, ["Ann Hostley", "Bob Hostman"]);
    let [first, second, third] = corpus.episodes.as_slice() else {
        panic!("{} episodes", corpus.episodes.len())
    };
    // `#22: Title`: the number comes out of the title.
    assert_eq!(first.number, Some(22));
    assert_eq!(first.title.as_deref(), Some("Time zones, explained"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://tiny.example/episodes/22")
    );
    assert_eq!(
        first.audio.as_deref(),
        Some("https://tiny.example/audio/22.mp3")
    );
    assert_eq!(first.duration, Some(3723));
    // The description, richer than `itunes:summary`, wins, with its link list.
    assert!(first.description.starts_with("A long description."));
    assert_eq!(first.links, ["https://peps.example/pep-0495/"]);
    let chapters = untimed_chapters(first);
    assert_eq!(chapters[1].1, "Links from the show");
    assert_eq!(
        chapters[1].2.as_deref(),
        Some("PEP 495: Local time disambiguation: peps.example\nDocs: tiny.example")
    );
    assert_eq!(
        credited(first, Role::Guest),
        ["Dora Exampleton", "Eli Sampleson", "Fay Listed"]
    );
    assert_eq!(credited(first, Role::Host), ["Ann Hostley", "Bob Hostman"]);
    // `#23 Title`, content:encoded the richest; a guest in the title, the notes, and `podcast:person`.
    assert_eq!(second.number, Some(23));
    assert_eq!(second.title.as_deref(), Some("Packaging with Gil Namely"));
    assert_eq!(
        credited(second, Role::Guest),
        ["Hal Credited", "Gil Namely"]
    );
    let titles: Vec<String> = untimed_chapters(second).into_iter().map(|c| c.1).collect();
    assert_eq!(titles, ["Summary", "Preface", "Interview"]);
    // A title's "with ..." that is no person, and a "joins us" after no name, credit nobody.
    assert_eq!(credited(third, Role::Guest), Vec::<&str>::new());
    assert_eq!(third.number, Some(24));
}

#[test]
fn inputs_of_two_shows_keep_their_own_hosts_and_show() {
    let inputs = [
        "untimed/untimed-feed.rss",
        "untimed/042-file-name-number.md",
    ]
    .map(common::fixture);
    let corpus = ingest::read_inputs(&inputs, &IngestOptions::default()).unwrap();
    let note = corpus
        .episodes
        .iter()
        .find(|e| e.number == Some(42))
        .unwrap();
    assert_eq!(note.show, None, "the feed's show is not the note's");
    assert!(note.people.is_empty(), "{:?}", note.people);
    let item = corpus
        .episodes
        .iter()
        .find(|e| e.number == Some(22))
        .unwrap();
    assert_eq!(credited(item, Role::Host), ["Ann Hostley", "Bob Hostman"]);
}
