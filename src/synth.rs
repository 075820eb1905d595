//! Synthetic corpora for benchmarks and scale tests, made from the bundled corpus's vocabulary.
//!
//! [`show_notes`] writes N episodes in the bundled one-episode-per-line format: each takes a real
//! description and 17 to 40 real chapter titles, with timestamps that grow like a real episode's, so lengths
//! and the density of mentions are realistic. [`transcript`] writes timestamped transcript lines from the
//! words of the chapter titles. Both are deterministic: the same arguments give the same text.
//!
//! Not part of the library's API: the unit tests use it as `mod synth`, and `benches/pipeline.rs` and
//! `examples/synth.rs` include this file with `#[path]` beside a `use castgraph::ingest;` (the
//! `crate::ingest` named below).

use crate::ingest::format_timestamp;

/// A small, fast, deterministic random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The descriptions and chapter titles of the bundled corpus.
struct Vocabulary {
    descriptions: Vec<String>,
    titles: Vec<String>,
}

fn vocabulary() -> Vocabulary {
    let corpus = crate::ingest::bundled();
    Vocabulary {
        descriptions: corpus
            .episodes
            .iter()
            .map(|e| e.description.clone())
            .collect(),
        titles: corpus
            .episodes
            .iter()
            .flat_map(|e| e.chapters.iter().map(|c| c.title.to_string()))
            .collect(),
    }
}

/// `episodes` synthetic episodes in the bundled format, newest first.
pub fn show_notes(episodes: usize, seed: u64) -> String {
    let vocabulary = vocabulary();
    let mut rng = SplitMix64::new(seed);
    let mut out = String::new();
    for _ in 0..episodes {
        out.push_str(&vocabulary.descriptions[rng.below(vocabulary.descriptions.len())]);
        out.push_str(" ## Timestamps (00:00:00) INTRO");
        let chapters = 17 + rng.below(24);
        let mut seconds = 0u32;
        for _ in 0..chapters {
            seconds += 30 + rng.below(300) as u32;
            out.push_str(" (");
            out.push_str(&format_timestamp(seconds));
            out.push_str(") ");
            out.push_str(&vocabulary.titles[rng.below(vocabulary.titles.len())]);
        }
        seconds += 30 + rng.below(120) as u32;
        out.push_str(&format!(" ({}) OUTRO\n", format_timestamp(seconds)));
    }
    out
}

/// About `bytes` of transcript text, one `HH:MM:SS text` cue per line, made of chapter-title words.
pub fn transcript(bytes: usize, seed: u64) -> String {
    let vocabulary = vocabulary();
    let words: Vec<&str> = vocabulary
        .titles
        .iter()
        .flat_map(|t| t.split_whitespace())
        .collect();
    let fillers = [
        "so", "and", "the", "we", "really", "I", "think", "that", "is", "you", "know", "it",
    ];
    let mut rng = SplitMix64::new(seed);
    let mut out = String::new();
    let mut seconds = 0u32;
    while out.len() < bytes {
        out.push_str(&format_timestamp(seconds));
        for _ in 0..(8 + rng.below(16)) {
            out.push(' ');
            // Real talk is mostly filler with a name or a term now and then.
            if rng.below(4) == 0 {
                out.push_str(words[rng.below(words.len())]);
            } else {
                out.push_str(fillers[rng.below(fillers.len())]);
            }
        }
        out.push('\n');
        seconds += 2 + rng.below(6) as u32;
    }
    out
}

#[cfg(test)]
mod tests {
    // Paths in full, not imports: the benches and the example include this file, without the tests.
    #[test]
    fn show_notes_are_deterministic_and_readable() {
        let a = super::show_notes(50, 7);
        assert_eq!(a, super::show_notes(50, 7));
        assert_ne!(a, super::show_notes(50, 8));
        let options = crate::ingest::IngestOptions::default();
        let text = crate::ingest::InputFormat::Text;
        let corpus = crate::ingest::read_str(&a, None, text, &options).unwrap();
        assert_eq!(corpus.episodes.len(), 50);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings.first());
        assert!(
            corpus
                .episodes
                .iter()
                .all(|e| (19..=42).contains(&e.chapters.len()))
        );
    }

    #[test]
    fn synthetic_episodes_are_about_as_long_as_real_ones() {
        let per_episode = super::show_notes(200, 1).len() / 200;
        let real = crate::ingest::BUNDLED_CORPUS.len() / 17;
        assert!(
            per_episode > real / 2 && per_episode < real * 2,
            "{per_episode} vs {real}"
        );
    }

    #[test]
    fn transcript_has_the_size_asked() {
        let t = super::transcript(10_000, 3);
        assert!(t.len() >= 10_000 && t.len() < 10_400);
        assert!(t.lines().all(|l| l.as_bytes()[2] == b':'));
    }
}
