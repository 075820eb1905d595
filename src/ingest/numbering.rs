//! Episode numbers and ids: numbers by position where the input gives none, a slug where some episodes are
//! numbered and others not, and one episode per id.

use super::model::{Corpus, Episode, Warning, WarningKind};
use crate::model::slugify;

/// The order of episodes in a file that does not number them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// The first episode in the file is the newest (as in feeds and the bundled corpus).
    #[default]
    NewestFirst,
    /// The first episode in the file is episode 1.
    OldestFirst,
}

/// What every reader's episodes get: numbers by position where the input gives none, and one episode
/// per id.
pub(super) fn number_and_dedupe(corpus: &mut Corpus, order: Order) {
    number_episodes(corpus, order);
    check_duplicates(corpus);
}

/// Give numbers by position when the input numbers no episode.
fn number_episodes(corpus: &mut Corpus, order: Order) {
    if corpus.episodes.iter().any(|e| e.number.is_some()) {
        // Mixed numbered and unnumbered episodes (a feed's trailers and bonus episodes): the unnumbered get a
        // slug from their title, or from their position when they have none, so that no two ids collide.
        for (position, episode) in corpus.episodes.iter_mut().enumerate() {
            if episode.number.is_none() {
                let title = episode
                    .title
                    .as_deref()
                    .map(slugify)
                    .filter(|s| !s.is_empty());
                episode.slug = Some(title.unwrap_or_else(|| format!("untitled-{}", position + 1)));
            }
        }
        return;
    }
    let count = corpus.episodes.len() as u32;
    for (position, episode) in corpus.episodes.iter_mut().enumerate() {
        let position = position as u32;
        episode.number = Some(match order {
            Order::NewestFirst => count - position,
            Order::OldestFirst => position + 1,
        });
    }
}

/// Why a written episode number cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadNumber {
    Negative,
    TooLarge,
    NotWhole,
}

/// An episode number as written (`13`, ` 13 `): a whole number from 0 to `u32::MAX`.
pub(super) fn parse_number(written: &str) -> Result<u32, BadNumber> {
    let written = written.trim();
    let digits = written.strip_prefix(['-', '+']).unwrap_or(written);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadNumber::NotWhole);
    }
    if written.starts_with('-') && digits.bytes().any(|b| b != b'0') {
        return Err(BadNumber::Negative);
    }
    digits.parse().map_err(|_| BadNumber::TooLarge)
}

/// The warning for episode number `written`, found in `field`, that cannot be used: what is wrong, the
/// range, and what happens instead.
pub(super) fn bad_number_message(field: &str, written: &str, problem: BadNumber) -> String {
    let what = match problem {
        BadNumber::Negative => "is negative",
        BadNumber::TooLarge => "is too large",
        BadNumber::NotWhole => "is not a whole number",
    };
    format!(
        "{field} `{written}` {what}; it is ignored (the episode gets a number from its position, or an id from \
         its title): give a whole number from 0 to {}",
        u32::MAX
    )
}

/// Keep the first of two episodes with the same id, and warn about the second.
pub(super) fn check_duplicates(corpus: &mut Corpus) {
    let duplicates = if corpus.episodes.iter().all(|e| e.number.is_some()) {
        // Every key is a show and a number: they compare as the ids do, without formatting them.
        duplicates_by(&corpus.episodes, |e| (e.show.clone(), e.number))
    } else {
        duplicates_by(&corpus.episodes, |e| (e.show.clone(), e.id_in("")))
    };
    if duplicates.is_empty() {
        return;
    }
    for &(duplicate, first) in &duplicates {
        let episode = &corpus.episodes[duplicate];
        corpus.warnings.push(Warning::new(
            episode.source.clone(),
            WarningKind::DuplicateEpisode,
            format!(
                "duplicate {} (first seen at {}); this one is skipped: give each episode its own number",
                episode.describe(),
                corpus.episodes[first].source
            ),
        ));
    }
    let mut index = 0;
    let mut skipped = duplicates
        .iter()
        .map(|&(duplicate, _)| duplicate)
        .peekable();
    corpus.episodes.retain(|_| {
        let keep = skipped.next_if_eq(&index).is_none();
        index += 1;
        keep
    });
}

/// `(duplicate, first)` for every episode whose key an earlier episode has, by index, in order.
fn duplicates_by<K: std::hash::Hash + Eq>(
    episodes: &[Episode],
    key: impl Fn(&Episode) -> K,
) -> Vec<(usize, usize)> {
    use std::collections::hash_map::Entry;
    let mut first_of: foldhash::HashMap<K, usize> = Default::default();
    first_of.reserve(episodes.len());
    let mut duplicates = Vec::new();
    for (index, episode) in episodes.iter().enumerate() {
        match first_of.entry(key(episode)) {
            Entry::Occupied(first) => duplicates.push((index, *first.get())),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }
    duplicates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::model::Source;
    use std::path::Path;

    #[test]
    fn written_numbers_are_whole_in_range_or_say_what_is_wrong() {
        for (written, parsed) in [
            ("13", Ok(13)),
            (" 13 ", Ok(13)),
            ("+13", Ok(13)),
            ("-0", Ok(0)),
            ("4294967295", Ok(u32::MAX)),
            ("4294967296", Err(BadNumber::TooLarge)),
            ("18446744073709551616", Err(BadNumber::TooLarge)),
            ("-3", Err(BadNumber::Negative)),
            ("-99999999999", Err(BadNumber::Negative)),
            ("2.5", Err(BadNumber::NotWhole)),
            ("three", Err(BadNumber::NotWhole)),
            ("", Err(BadNumber::NotWhole)),
            ("-", Err(BadNumber::NotWhole)),
        ] {
            assert_eq!(parse_number(written), parsed, "{written:?}");
        }
    }

    #[test]
    fn unnumbered_episodes_among_numbered_ones_get_distinct_ids() {
        let mut corpus = Corpus::default();
        for (number, title) in [
            (Some(5), None),
            (None, None),
            (None, None),
            (None, Some("Bonus: Q&A")),
        ] {
            let mut episode = Episode::placeholder();
            episode.number = number;
            episode.title = title.map(String::from);
            corpus.episodes.push(episode);
        }
        number_episodes(&mut corpus, Order::NewestFirst);
        let ids: Vec<String> = corpus.episodes.iter().map(|e| e.id_in("s")).collect();
        assert_eq!(
            ids,
            [
                "episode:s/5",
                "episode:s/untitled-2",
                "episode:s/untitled-3",
                "episode:s/bonus-q-a"
            ]
        );
    }

    fn episode_at(number: Option<u32>, title: Option<&str>, line: usize) -> Episode {
        let mut episode = Episode::placeholder();
        episode.number = number;
        episode.title = title.map(String::from);
        episode.source = Source::new(Some(Path::new("notes.txt")), line);
        episode
    }

    fn kept_and_warned(episodes: Vec<Episode>) -> (Vec<usize>, Vec<String>) {
        let mut corpus = Corpus {
            episodes,
            ..Corpus::default()
        };
        check_duplicates(&mut corpus);
        let kept = corpus.episodes.iter().map(|e| e.source.line).collect();
        (
            kept,
            corpus.warnings.iter().map(Warning::to_string).collect(),
        )
    }

    #[test]
    fn duplicate_numbers_keep_the_first_and_warn_in_order() {
        let (kept, warned) = kept_and_warned(vec![
            episode_at(Some(3), None, 1),
            episode_at(Some(2), None, 2),
            episode_at(Some(3), None, 3),
            episode_at(Some(2), None, 4),
            episode_at(Some(3), None, 5),
        ]);
        assert_eq!(kept, [1, 2]);
        assert_eq!(
            warned,
            [3, 4, 5].map(|line| {
                let (id, first) = if line == 4 { (2, 2) } else { (3, 1) };
                format!(
                    "notes.txt:{line}: duplicate episode {id} (first seen at notes.txt:{first}); \
                     this one is skipped: give each episode its own number"
                )
            })
        );
    }

    #[test]
    fn an_unnumbered_episode_whose_slug_is_a_number_duplicates_that_number() {
        let (kept, warned) = kept_and_warned(vec![
            episode_at(Some(5), None, 1),
            episode_at(None, Some("5"), 2),
            episode_at(None, Some("Bonus"), 3),
        ]);
        assert_eq!(kept, [1, 3]);
        assert_eq!(warned.len(), 1);
        assert!(
            warned[0].starts_with("notes.txt:2: duplicate episode `5`"),
            "{warned:?}"
        );
    }
}
