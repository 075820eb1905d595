//! JSON episodes and Podcasting 2.0 chapters files.
//!
//! Three shapes are read: an array of episodes (as `castgraph episodes --json` prints, so its output reads
//! back unchanged), `{"episodes": [...]}`, and a Podcasting 2.0 chapters file (`{"version": "1.2.0",
//! "chapters": [{"startTime": 62.5, "title": "..."}]}`), which is one episode named by its file. Only
//! `description` is needed in an episode; explicit `chapters` win over the chapter lines of the description.
//! Chapters files are read by the Podcasting 2.0 module, which also reads those given beside show notes. A syntax error is an error with
//! line and column; an episode or chapter that cannot be used is a warning naming its line, and is skipped.

use std::path::Path;

use serde_json::Value;
use serde_json::value::RawValue;

use super::chapter_list::Chapters;
use super::error::{IngestError, error_path};
use super::file_name::FileName;
use super::json_value::{Object, array, element_lines, parse};
use super::json_value::{number_as_written, seconds_of_json_number};
use super::model::{Corpus, Credit, Episode, Source, Warning, WarningKind};
use super::notes;
use super::numbering::{BadNumber, bad_number_message, parse_number};
use super::podcasting::{credit_role, read_chapters};
use super::time::{TimestampError, normalize_date, parse_duration};

/// Read a JSON input.
pub(super) fn read(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    let checked = parse(text, path)?;
    let mut reader = JsonReader {
        path,
        warnings: Vec::new(),
    };
    let episodes = if let Some(items) = array(checked) {
        reader.episodes(&items, &element_lines(text, None))
    } else {
        let map = Object::of(checked).ok_or_else(|| shape_error(path))?;
        match map.array("episodes") {
            Some(items) => reader.episodes(&items, &element_lines(text, Some("episodes"))),
            None if map.contains_key("chapters") && !map.contains_key("description") => {
                vec![reader.chapters_file_episode(&map, text)]
            }
            None if map.contains_key("description") => {
                reader.episode_of(&map, 1, 1).into_iter().collect()
            }
            None => return Err(shape_error(path)),
        }
    };
    Ok(Corpus {
        episodes,
        warnings: reader.warnings,
        ..Corpus::default()
    })
}

fn shape_error(path: Option<&Path>) -> IngestError {
    IngestError::NotEpisodesJson {
        path: error_path(path),
    }
}

struct JsonReader<'a> {
    path: Option<&'a Path>,
    warnings: Vec<Warning>,
}

impl JsonReader<'_> {
    fn warn(&mut self, line: usize, kind: WarningKind, message: String) {
        self.warnings
            .push(Warning::new(Source::new(self.path, line), kind, message));
    }

    /// The episodes of an array, each read (and its `Value`s dropped) before the next.
    fn episodes(&mut self, items: &[&RawValue], lines: &[usize]) -> Vec<Episode> {
        let line_of = |i: usize| lines.get(i).copied().unwrap_or(0);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.episode(item, i + 1, line_of(i)))
            .collect()
    }

    /// Episode `position` (1-based) of the input, at `line`.
    fn episode(&mut self, raw: &RawValue, position: usize, line: usize) -> Option<Episode> {
        let Some(map) = Object::of(raw.get()) else {
            self.warn(line, WarningKind::SkippedEpisode, format!("episode {position} is not an object; it is skipped: write it as `{{\"description\": ...}}`"));
            return None;
        };
        self.episode_of(&map, position, line)
    }

    /// Episode `position`, given as `map`.
    fn episode_of(&mut self, map: &Object, position: usize, line: usize) -> Option<Episode> {
        let description = map.string("description");
        let explicit = map.array("chapters").filter(|c| !c.is_empty());
        if description.is_none() && explicit.is_none() {
            self.warn(
                line,
                WarningKind::SkippedEpisode,
                format!(
                    "episode {position} has no `description`; it is skipped: give its show notes"
                ),
            );
            return None;
        }
        let mut episode = Episode {
            show: map
                .string("show")
                .map(|s| s.strip_prefix("show:").map(str::to_string).unwrap_or(s))
                .filter(|s| !s.trim().is_empty()),
            number: self.number(map, line),
            slug: map.string("slug").filter(|s| !s.is_empty()),
            title: map
                .string("title")
                .map(|t| notes::clean_title(&t))
                .filter(|t| !t.is_empty()),
            date: self.date(map, line),
            description: String::new(),
            description_links: Vec::new(),
            duration: self.duration(map, line),
            url: map.string("url").filter(|s| !s.trim().is_empty()),
            audio: map.string("audio").filter(|s| !s.trim().is_empty()),
            links: map.strings("links"),
            chapters: Chapters::new(),
            transcript: None,
            people: people(map),
            source: Source::new(self.path, line),
        };
        let description = description.unwrap_or_default();
        match explicit {
            Some(items) => {
                episode.description = description.trim().to_string();
                episode.chapters =
                    read_chapters(&items, &[], line, self.path, &mut self.warnings).into();
            }
            None => {
                let notes = notes::read_notes(&description, self.path, line, &mut self.warnings);
                episode.description = notes.description;
                for link in notes.links {
                    if !episode.links.contains(&link) {
                        episode.links.push(link);
                    }
                }
                episode.chapters = notes.chapters;
            }
        }
        Some(episode)
    }

    /// A chapters file given as an input: one episode, named by the file.
    fn chapters_file_episode(&mut self, map: &Object, text: &str) -> Episode {
        let name = FileName::of(self.path);
        self.warnings.extend(name.number_warning(self.path));
        let items = map.array("chapters").unwrap_or_default();
        let lines = element_lines(text, Some("chapters"));
        let chapters = read_chapters(&items, &lines, 1, self.path, &mut self.warnings);
        Episode {
            show: None,
            number: name.number,
            slug: None,
            title: map.string("title").or(name.title),
            date: name.date,
            description: String::new(),
            description_links: Vec::new(),
            duration: None,
            url: None,
            audio: None,
            links: Vec::new(),
            chapters: chapters.into(),
            transcript: None,
            people: Vec::new(),
            source: Source::new(self.path, 1),
        }
    }

    fn number(&mut self, map: &Object, line: usize) -> Option<u32> {
        let value = map.get("number").filter(|v| !v.is_null())?;
        let (number, written) = match &value {
            Value::Number(n) => (json_number(n), number_as_written(n)),
            Value::String(s) => (parse_number(s), s.trim().to_string()),
            _ => (Err(BadNumber::NotWhole), value.to_string()),
        };
        number
            .map_err(|problem| {
                self.warn(
                    line,
                    WarningKind::Number,
                    bad_number_message("episode `number`", &written, problem),
                );
            })
            .ok()
    }

    fn date(&mut self, map: &Object, line: usize) -> Option<String> {
        let raw = map.string("date")?;
        let date = normalize_date(&raw);
        if date.is_none() {
            self.warn(
                line,
                WarningKind::Date,
                format!("date `{raw}` is not understood; write it as `YYYY-MM-DD`"),
            );
        }
        date
    }

    fn duration(&mut self, map: &Object, line: usize) -> Option<u32> {
        let value = map.get("duration").filter(|v| !v.is_null())?;
        let duration = match &value {
            Value::Number(n) => seconds_of_json_number(n),
            Value::String(s) => parse_duration(s),
            _ => Err(TimestampError::Syntax(value.to_string())),
        };
        duration
            .map_err(|e| {
                self.warn(
                    line,
                    WarningKind::Duration,
                    format!("`duration`: {e}; it is left out: give seconds (`4521`) or `1:15:21`"),
                );
            })
            .ok()
    }
}

/// A JSON number as an episode number. serde_json reads an integer beyond 64 bits as a float: a whole float
/// (`13.0`, `1e3`) is a whole number too, in range or not.
fn json_number(n: &serde_json::Number) -> Result<u32, BadNumber> {
    if let Some(n) = n.as_u64() {
        return u32::try_from(n).map_err(|_| BadNumber::TooLarge);
    }
    if n.as_i64().is_some() {
        return Err(BadNumber::Negative);
    }
    match n.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 && f < 0.0 => Err(BadNumber::Negative),
        Some(f) if f.fract() == 0.0 && f <= f64::from(u32::MAX) => Ok(f as u32),
        Some(f) if f.is_finite() && f.fract() == 0.0 => Err(BadNumber::TooLarge),
        _ => Err(BadNumber::NotWhole),
    }
}

fn people(map: &Object) -> Vec<Credit> {
    let items = map.array("people").unwrap_or_default();
    items
        .into_iter()
        .filter_map(|p| {
            let map = Object::of(p.get())?;
            let name = map.string("name")?;
            Some(Credit {
                name,
                role: credit_role(map.string("role").as_deref()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ChapterKind;
    use crate::model::Role;

    fn json(text: &str) -> Corpus {
        read(text, Some(Path::new("episodes.json"))).unwrap()
    }

    #[test]
    fn episodes_with_explicit_and_described_chapters() {
        let corpus = json(
            r#"[
  {"number": 13, "title": "JIT", "date": "2024-01-01", "duration": 4521,
   "description": "About the JIT.\n00:00:00 Intro\n00:01:02 PART 1: X\n00:02:00 Y"},
  {"number": "2", "description": "Ignored 00:00 chapters",
   "chapters": [{"start": "00:01:02", "title": "A"}, {"seconds": 90, "title": "B"}, {"startTime": 100.7, "title": "C"}]}
]"#,
        );
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        let first = &corpus.episodes[0];
        assert_eq!(
            (first.number, first.duration, first.date.as_deref()),
            (Some(13), Some(4521), Some("2024-01-01"))
        );
        assert_eq!(first.description, "About the JIT.");
        assert_eq!(first.chapters.get(2).unwrap().section, Some("PART 1: X"));
        let second: Vec<_> = corpus.episodes[1]
            .chapters
            .iter()
            .map(|c| (c.seconds, c.title))
            .collect();
        assert_eq!(
            second,
            vec![(Some(62), "A"), (Some(90), "B"), (Some(100), "C")]
        );
        assert_eq!(corpus.episodes[1].source.line, 4);
    }

    #[test]
    fn given_kinds_and_sections_are_kept_and_mixed_kinds_are_read_from_titles() {
        let corpus = json(include_str!(
            "../../tests/fixtures/ingest/kinds-and-sections.json"
        ));
        let chapters = |n: usize| -> Vec<(String, ChapterKind, Option<String>)> {
            corpus.episodes[n]
                .chapters
                .iter()
                .map(|c| (c.title.to_string(), c.kind, c.section.map(String::from)))
                .collect()
        };
        let owned = |t: &str, k, s: Option<&str>| (t.to_string(), k, s.map(String::from));
        // Every chapter gives its kind: kinds and sections stay as written, even sections no chapter names.
        assert_eq!(
            chapters(0),
            vec![
                owned("Welcome", ChapterKind::Intro, None),
                owned("Jane Placeholder", ChapterKind::Chapter, Some("Interviews")),
                owned("The JIT", ChapterKind::Chapter, Some("Deep dives")),
            ]
        );
        // Some do not: every kind is read from its title, and sections follow.
        assert_eq!(
            chapters(1),
            vec![
                owned("Intro", ChapterKind::Intro, None),
                owned("our guests", ChapterKind::Chapter, None),
                owned("Jane Placeholder", ChapterKind::Chapter, None),
                owned("Outro", ChapterKind::Outro, None),
            ]
        );
    }

    #[test]
    fn credits_read_as_roles_and_write_them_lowercase() {
        let corpus = json(
            r#"[{"number": 1, "description": "D", "people": [{"name": "A", "role": "Guest"}, {"name": "B"}, {"name": "C", "role": "HOST"}]}]"#,
        );
        let roles: Vec<Role> = corpus.episodes[0].people.iter().map(|c| c.role).collect();
        assert_eq!(roles, [Role::Guest, Role::Host, Role::Host]);
        let written = serde_json::to_string(&corpus.episodes[0].people).unwrap();
        assert_eq!(
            written,
            r#"[{"name":"A","role":"guest"},{"name":"B","role":"host"},{"name":"C","role":"host"}]"#
        );
    }

    #[test]
    fn wrapped_episodes_and_bad_ones_warn_with_their_line() {
        let corpus = json(
            "{\"episodes\": [\n  {\"description\": \"ok\"},\n  42,\n  {\"title\": \"no notes\"}\n]}",
        );
        assert_eq!(corpus.episodes.len(), 1);
        let lines: Vec<_> = corpus.warnings.iter().map(|w| w.source.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(
            corpus.warnings[1]
                .message
                .contains("episode 3 has no `description`")
        );
    }

    #[test]
    fn podcasting_chapters_file_is_one_episode_named_by_its_file() {
        let corpus = read(
            r#"{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 62.5, "title": "x", "toc": false}, {"startTime": -1, "title": "Bad"}]}"#,
            Some(Path::new("441-chapters-talk.json")),
            ).unwrap();
        let episode = &corpus.episodes[0];
        assert_eq!(episode.number, Some(441));
        assert_eq!(episode.chapters.len(), 1);
        assert!(
            corpus.warnings[0]
                .message
                .contains("chapter 3: start `-1` is negative: times and durations start at 0")
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = read(
            "[\n  {\"description\": \"x\",}\n]",
            Some(Path::new("bad.json")),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::Malformed {
                    line: 2,
                    format: "JSON",
                    ..
                }
            ),
            "{err}"
        );
    }
}
