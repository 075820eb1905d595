//! What a file's name says about the one episode it holds (transcripts and chapters files): its number,
//! title and date.

use std::path::Path;

use super::model::{Source, Warning, WarningKind};
use super::numbering::{BadNumber, bad_number_message};

/// What a file's name says about the one episode it holds: `441-some-title.txt` is episode 441, "some title";
/// `ep12_the-jit.vtt` is episode 12; `2024-09-10-title.srt` is dated 2024-09-10.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FileName {
    pub(super) number: Option<u32>,
    pub(super) title: Option<String>,
    pub(super) date: Option<String>,
    /// The number the name starts with, when it is 2^32 or more (the episode then has no number).
    pub(super) too_large: Option<String>,
}

impl FileName {
    /// The warning for a number too large to be the episode's, if the name starts with one.
    pub(super) fn number_warning(&self, path: Option<&Path>) -> Option<Warning> {
        let digits = self.too_large.as_deref()?;
        Some(Warning::new(
            Source::new(path, 0),
            WarningKind::Number,
            bad_number_message("the number in the file name", digits, BadNumber::TooLarge),
        ))
    }

    pub(super) fn of(path: Option<&Path>) -> Self {
        let Some(stem) = path.and_then(Path::file_stem).and_then(|s| s.to_str()) else {
            return FileName::default();
        };
        let stem = stem.strip_suffix(".chapters").unwrap_or(stem);
        let mut name = FileName::default();
        let rest = match date_prefix(stem) {
            Some(date) => {
                name.date = Some(date.to_string());
                &stem[date.len()..]
            }
            None => {
                let lower = stem.to_ascii_lowercase();
                let skip = ["episode", "ep"]
                    .iter()
                    .find(|p| lower.starts_with(*p))
                    .map_or(0, |p| p.len());
                let rest = stem[skip..].trim_start_matches(['-', '_', ' ', '.', '#']);
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                name.number = rest[..digits].parse().ok();
                if name.number.is_none() && digits > 0 {
                    name.too_large = Some(rest[..digits].to_string());
                }
                if name.number.is_none() && skip > 0 {
                    return FileName {
                        title: title_words(stem),
                        ..FileName::default()
                    };
                }
                &rest[digits..]
            }
        };
        name.title = title_words(rest);
        name
    }
}

/// `YYYY-MM-DD` at the start of a file stem.
fn date_prefix(stem: &str) -> Option<&str> {
    let date = stem.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(date)
}

/// `-some_title-` -> `some title`; `None` when nothing is left.
fn title_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_number_title_and_date() {
        let of = |name: &str| FileName::of(Some(Path::new(name)));
        assert_eq!(
            of("441-some-title.txt"),
            FileName {
                number: Some(441),
                title: Some("some title".into()),
                date: None,
                too_large: None,
            }
        );
        assert_eq!(of("ep12_the-jit.vtt").number, Some(12));
        assert_eq!(of("ep12_the-jit.vtt").title.as_deref(), Some("the jit"));
        assert_eq!(of("Episode-7.srt").number, Some(7));
        assert_eq!(
            of("2024-09-10-sprint.vtt").date.as_deref(),
            Some("2024-09-10")
        );
        assert_eq!(of("2024-09-10-sprint.vtt").number, None);
        assert_eq!(of("13.chapters.json").number, Some(13));
        assert_eq!(
            of("transcript.vtt"),
            FileName {
                number: None,
                title: Some("transcript".into()),
                date: None,
                too_large: None,
            }
        );
        assert_eq!(of("épisode.vtt").number, None);
        assert_eq!(FileName::of(None), FileName::default());
        let big = of("4294967296-big-one.vtt");
        assert_eq!(
            (big.number, big.title.as_deref(), big.too_large.as_deref()),
            (None, Some("big one"), Some("4294967296"))
        );
    }
}
