//! Benchmarks of every pipeline stage: `cargo bench` (or `cargo bench -- tag` for one group).
//! The figures and the commands that reproduce them are in the README's "Speed" section.

use std::hint::black_box;
use std::time::Duration;

use castgraph::export::{self, ExportOptions, Format};
use castgraph::ingest::{self, Corpus, IngestOptions, InputFormat};
use castgraph::taxonomy::BUILTIN_TOML;
use castgraph::{KnowledgeGraph, Tagger, Taxonomy};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The synthetic corpus generator, private to the library (it names `crate::ingest`, imported above).
#[path = "../src/synth.rs"]
mod synth;

// The allocator the `castgraph` binary uses, so that the figures are the command's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SIZES: [usize; 3] = [17, 10_000, 100_000];

fn tagger() -> Tagger {
    Tagger::new(Taxonomy::builtin().expect("shipped taxonomy")).expect("tagger")
}

fn notes(episodes: usize) -> String {
    if episodes == 17 {
        ingest::BUNDLED_CORPUS.to_string()
    } else {
        synth::show_notes(episodes, 42)
    }
}

fn ingest_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for n in SIZES {
        let text = notes(n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                ingest::read_str(
                    black_box(text),
                    None,
                    InputFormat::Text,
                    &IngestOptions::default(),
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

fn tag_bench(c: &mut Criterion) {
    // A text of 1 MiB or more takes the long-text scan: built on the first, warm-up, iteration.
    let tagger = tagger();
    let text = synth::transcript(8 << 20, 42);
    let mut group = c.benchmark_group("tag");
    group
        .sample_size(10)
        .throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("transcript-8MiB", |b| {
        b.iter(|| tagger.tag_text(black_box(&text)).len())
    });
    // The same text with ten times the aliases: the cost must not grow with them.
    let tenfold = Tagger::new(Taxonomy::from_toml(&tenfold_aliases(), "tenfold.toml").unwrap())
        .expect("tagger");
    group.bench_function("transcript-8MiB-10x-aliases", |b| {
        b.iter(|| tenfold.tag_text(black_box(&text)).len())
    });
    // Criterion repeats the show until this tagger has read megabytes: then it takes the long-text scan, as
    // a long run would.
    let tagger = self::tagger();
    let corpus = ingest::bundled();
    group.throughput(Throughput::Elements(corpus.episodes.len() as u64));
    group.bench_function("bundled-episodes", |b| {
        b.iter(|| {
            corpus
                .episodes
                .iter()
                .map(|e| tagger.tag_episode(e, &[]).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// The shipped taxonomy plus nine made-up aliases per real one, on a topic of their own.
fn tenfold_aliases() -> String {
    let taxonomy = Taxonomy::builtin().unwrap();
    let mut rng = synth::SplitMix64::new(9);
    let syllables = [
        "ka", "zo", "mi", "tre", "lu", "qua", "vex", "dor", "pli", "sna",
    ];
    let mut aliases = Vec::new();
    for _ in 0..taxonomy.term_count() * 9 {
        let word: String = (0..3 + rng.below(3))
            .map(|_| syllables[rng.below(syllables.len())])
            .collect();
        aliases.push(format!("\"{word}{}\"", aliases.len()));
    }
    format!(
        "extends = \"builtin\"\n[[topic]]\nid = \"tenfold\"\nlabel = \"Tenfold\"\naliases = [{}]\n",
        aliases.join(", ")
    )
}

fn build_bench(c: &mut Criterion) {
    let tagger = tagger();
    let mut group = c.benchmark_group("build+export-json");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in SIZES {
        let corpus = ingest::read_str(
            &notes(n),
            None,
            InputFormat::Text,
            &IngestOptions::default(),
        )
        .unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &corpus, |b, corpus| {
            b.iter(|| build_and_write_json(corpus, &tagger))
        });
    }
    group.finish();
}

fn taxonomy_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("taxonomy");
    group.throughput(Throughput::Bytes(BUILTIN_TOML.len() as u64));
    group.bench_function("load", |b| {
        b.iter(|| Taxonomy::from_toml(black_box(BUILTIN_TOML), "topics.toml").unwrap())
    });
    group.bench_function("load+compile", |b| {
        b.iter(|| {
            Tagger::new(Taxonomy::from_toml(black_box(BUILTIN_TOML), "topics.toml").unwrap())
                .unwrap()
        })
    });
    group.finish();
}

/// A transcript shaped like the speech-to-text ones of ../shared/corpora: a cue every 4 to 7 seconds of 8 to
/// 20 words (60 bytes on average, as there), a blank line between cues, sentences of 6 to 20 words that start
/// with a capital and run across cues, the taxonomy's terms now and then among everyday words.
fn real_shaped_transcript(bytes: usize, seed: u64) -> String {
    let words: Vec<String> = synth::transcript(1 << 16, seed)
        .split_whitespace()
        .filter(|w| !w.contains(':'))
        .map(str::to_string)
        .collect();
    let everyday = [
        "so", "and", "the", "we", "really", "I", "think", "that", "is", "you", "know", "it",
        "like", "yeah", "people", "there", "was", "this", "a", "of", "to", "have", "just", "kind",
    ];
    let mut rng = synth::SplitMix64::new(seed);
    let mut out = String::with_capacity(bytes + 256);
    let (mut seconds, mut sentence_left) = (0u32, 0usize);
    while out.len() < bytes {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
        for _ in 0..8 + rng.below(13) {
            let word = if rng.below(8) == 0 {
                words[rng.below(words.len())].as_str()
            } else {
                everyday[rng.below(everyday.len())]
            };
            out.push(' ');
            if sentence_left == 0 {
                sentence_left = 6 + rng.below(15);
                let mut chars = word.chars();
                out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(chars.as_str());
            } else {
                out.push_str(word);
            }
            sentence_left -= 1;
            if sentence_left == 0 {
                out.push(if rng.below(6) == 0 { '?' } else { '.' });
            }
        }
        out.push_str("\n\n");
        seconds += 4 + rng.below(4) as u32;
    }
    out
}

/// Whole transcripts to a graph and its JSON, as `castgraph build DIR -o x.json` does after reading: 64
/// real-shaped ones of 74 KB (the Talk Python average), and the real corpora when ../shared has them.
fn transcripts_bench(c: &mut Criterion) {
    let tagger = tagger();
    let mut group = c.benchmark_group("transcripts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let texts: Vec<(std::path::PathBuf, String)> = (0..64u64)
        .map(|n| {
            let path = std::path::PathBuf::from(format!("talk/{n:03}-episode.txt"));
            (path, real_shaped_transcript(74 << 10, n))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, text)| text.len()).sum();
    let read = |texts: &[(std::path::PathBuf, String)]| {
        let mut corpus = ingest::Corpus::default();
        for (path, text) in texts {
            let options = Default::default();
            let part = ingest::read_str(text, Some(path), InputFormat::Transcript, &options);
            corpus.episodes.extend(part.unwrap().episodes);
        }
        corpus
    };
    // Reading alone: cues to passages, a sixth of `castgraph build`'s instructions on real transcripts.
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read/real-shaped-64x74KB", |b| {
        b.iter(|| read(&texts).episodes.len())
    });
    let corpus = read(&texts);
    let mut cases = vec![("real-shaped-64x74KB", corpus, bytes)];
    for show in ["talkpython", "pythonbytes"] {
        let folder = std::path::PathBuf::from(format!("../shared/corpora/{show}/transcripts"));
        if let Ok(corpus) =
            ingest::read_inputs(std::slice::from_ref(&folder), &IngestOptions::default())
        {
            let bytes = std::fs::read_dir(&folder)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len() as usize)
                .sum();
            cases.push((show, corpus, bytes));
        }
    }
    for (name, corpus, bytes) in cases {
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("build+json", name),
            &corpus,
            |b, corpus| b.iter(|| build_and_write_json(corpus, &tagger)),
        );
    }
    group.finish();
}

/// Build the graph of a corpus and write it as JSON in memory: the whole of `castgraph build` but reading.
fn build_and_write_json(corpus: &Corpus, tagger: &Tagger) -> usize {
    let kg = KnowledgeGraph::build(corpus.clone(), tagger, &Default::default());
    let mut out = Vec::with_capacity(1 << 20);
    export::write(&kg, Format::Json, &ExportOptions::default(), &mut out).unwrap();
    out.len()
}

criterion_group!(
    benches,
    taxonomy_bench,
    ingest_bench,
    tag_bench,
    build_bench,
    transcripts_bench
);
criterion_main!(benches);
