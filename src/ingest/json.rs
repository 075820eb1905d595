//! JSON episodes and Podcasting 2.0 chapters files.
//!
//! Three shapes are read: an array of episodes (as `castgraph episodes --json` prints, so its output reads
//! back unchanged), `{"episodes": [...]}`, and a Podcasting 2.0 chapters file (`{"version": "1.2.0",
//! "chapters": [{"startTime": 62.5, "title": "..."}]}`), which is one episode named by its file. Only
//! `description` is needed in an episode; explicit `chapters` win over the chapter lines of the description.
//! Chapters files also come in through `--chapters` and `podcast:chapters`. A syntax error is an error with
//! line and column; an episode or chapter that cannot be used is a warning naming its line, and is skipped.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::chapters::{self, parse_duration, parse_time_with_fraction};
use super::{
    Chapter, ChapterKind, Chapters, Corpus, Credit, Episode, FileName, IngestError, Source,
    Warning, decode_utf8, error_path, rss, text,
};

/// Read a JSON input.
pub(super) fn read(text: &str, path: Option<&Path>) -> Result<Corpus, IngestError> {
    let value = parse(text, path)?;
    let mut reader = JsonReader {
        path,
        warnings: Vec::new(),
    };
    let episodes = match &value {
        Value::Array(items) => reader.episodes(items, &element_lines(text, None)),
        Value::Object(map) => match map.get("episodes") {
            Some(Value::Array(items)) => {
                reader.episodes(items, &element_lines(text, Some("episodes")))
            }
            _ if map.contains_key("chapters") && !map.contains_key("description") => {
                vec![reader.chapters_file_episode(map, text)]
            }
            _ if map.contains_key("description") => {
                reader.episode(&value, 1, 1).into_iter().collect()
            }
            _ => return Err(shape_error(path)),
        },
        _ => return Err(shape_error(path)),
    };
    Ok(Corpus {
        episodes,
        warnings: reader.warnings,
        ..Corpus::default()
    })
}

/// Read a Podcasting 2.0 chapters file (`--chapters`, `podcast:chapters`).
pub(super) fn read_chapters_file(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Chapter>, IngestError> {
    let bytes = std::fs::read(path).map_err(|error| IngestError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let text = decode_utf8(path, &bytes)?;
    let value = parse(text, Some(path))?;
    let Some(Value::Array(items)) = value.get("chapters") else {
        return Err(IngestError::Invalid {
            path: path.to_path_buf(),
            message: "not a Podcasting 2.0 chapters file; write it as `{\"version\": \"1.2.0\", \"chapters\": \
                      [{\"startTime\": 0, \"title\": \"Intro\"}]}`"
                .into(),
        });
    };
    let mut reader = JsonReader {
        path: Some(path),
        warnings: Vec::new(),
    };
    let chapters = reader.chapters(items, &element_lines(text, Some("chapters")), 1);
    warnings.extend(reader.warnings);
    Ok(chapters)
}

fn parse(text: &str, path: Option<&Path>) -> Result<Value, IngestError> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| IngestError::Malformed {
        path: error_path(path),
        format: "JSON",
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

fn shape_error(path: Option<&Path>) -> IngestError {
    IngestError::Invalid {
        path: error_path(path),
        message: "the JSON is not a list of episodes; give an array of episodes (`[{\"number\": 1, \"description\": \
                  \"...\"}]`), `{\"episodes\": [...]}`, or a Podcasting 2.0 chapters file"
            .into(),
    }
}

struct JsonReader<'a> {
    path: Option<&'a Path>,
    warnings: Vec<Warning>,
}

impl JsonReader<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            source: Source::new(self.path, line),
            message,
        });
    }

    fn episodes(&mut self, items: &[Value], lines: &[usize]) -> Vec<Episode> {
        let line_of = |i: usize| lines.get(i).copied().unwrap_or(0);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.episode(item, i + 1, line_of(i)))
            .collect()
    }

    /// Episode `position` (1-based) of the input, at `line`.
    fn episode(&mut self, value: &Value, position: usize, line: usize) -> Option<Episode> {
        let Some(map) = value.as_object() else {
            self.warn(line, format!("episode {position} is not an object; it is skipped: write it as `{{\"description\": ...}}`"));
            return None;
        };
        let description = string(map, "description");
        let explicit = map
            .get("chapters")
            .and_then(Value::as_array)
            .filter(|c| !c.is_empty());
        if description.is_none() && explicit.is_none() {
            self.warn(
                line,
                format!(
                    "episode {position} has no `description`; it is skipped: give its show notes"
                ),
            );
            return None;
        }
        let mut episode = Episode {
            number: self.number(map, line),
            slug: string(map, "slug").filter(|s| !s.is_empty()),
            title: string(map, "title")
                .map(|t| text::clean_title(&t))
                .filter(|t| !t.is_empty()),
            date: self.date(map, line),
            description: String::new(),
            duration: self.duration(map, line),
            links: strings(map, "links"),
            chapters: Chapters::new(),
            people: people(map),
            source: Source::new(self.path, line),
        };
        let description = description.unwrap_or_default();
        match explicit {
            Some(items) => {
                episode.description = description.trim().to_string();
                episode.chapters = self.chapters(items, &[], line).into();
            }
            None => {
                let notes = text::read_notes(&description, self.path, line, &mut self.warnings);
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
    fn chapters_file_episode(&mut self, map: &Map<String, Value>, text: &str) -> Episode {
        let name = FileName::of(self.path);
        let items = map
            .get("chapters")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let chapters = self.chapters(items, &element_lines(text, Some("chapters")), 1);
        Episode {
            number: name.number,
            slug: None,
            title: string(map, "title").or(name.title),
            date: name.date,
            description: String::new(),
            duration: None,
            links: Vec::new(),
            chapters: chapters.into(),
            people: Vec::new(),
            source: Source::new(self.path, 1),
        }
    }

    fn number(&mut self, map: &Map<String, Value>, line: usize) -> Option<u32> {
        let value = map.get("number").filter(|v| !v.is_null())?;
        let number = match value {
            Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if number.is_none() {
            self.warn(line, format!("episode number `{value}` is not a whole number; it is ignored (the episode gets a number from its position, or an id from its title)"));
        }
        number
    }

    fn date(&mut self, map: &Map<String, Value>, line: usize) -> Option<String> {
        let raw = string(map, "date")?;
        let date = rss::normalize_date(&raw);
        if date.is_none() {
            self.warn(
                line,
                format!("date `{raw}` is not understood; write it as `YYYY-MM-DD`"),
            );
        }
        date
    }

    fn duration(&mut self, map: &Map<String, Value>, line: usize) -> Option<u32> {
        let value = map.get("duration").filter(|v| !v.is_null())?;
        let duration = match value {
            Value::Number(n) => n
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0 && *s < f64::from(u32::MAX))
                .map(|s| s as u32),
            Value::String(s) => parse_duration(s).ok(),
            _ => None,
        };
        if duration.is_none() {
            self.warn(
                line,
                format!("duration `{value}` is not understood; give seconds (`4521`) or `1:15:21`"),
            );
        }
        duration
    }

    /// Chapters from a JSON array; `lines` has each element's line (else `line` is named).
    fn chapters(&mut self, items: &[Value], lines: &[usize], line: usize) -> Vec<Chapter> {
        let mut chapters = Vec::new();
        let mut all_kinds = true;
        for (i, item) in items.iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(line);
            if item.get("toc").and_then(Value::as_bool) == Some(false) {
                continue;
            }
            match chapter(item) {
                Ok((chapter, has_kind)) => {
                    all_kinds &= has_kind;
                    let written = chapter.start.to_string();
                    chapters::push_in_order(&mut chapters, chapter, &written, |m| {
                        self.warn(line, m)
                    });
                }
                Err(message) => {
                    self.warn(line, format!("chapter {}: {message}; it is skipped", i + 1))
                }
            }
        }
        if !all_kinds {
            chapters::assign_sections(&mut chapters);
        }
        chapters
    }
}

/// One chapter, and whether it gives its own `kind`. The start is `seconds`, `startTime` (Podcasting 2.0) or
/// `start` (`HH:MM:SS`).
fn chapter(value: &Value) -> Result<(Chapter, bool), String> {
    let map = value
        .as_object()
        .ok_or("not an object: write it as `{\"startTime\": 62, \"title\": \"...\"}`")?;
    let title = string(map, "title")
        .map(|t| text::clean_title(&t))
        .filter(|t| !t.is_empty())
        .ok_or("it has no `title`")?;
    let seconds = match (map.get("seconds"), map.get("startTime"), map.get("start")) {
        (Some(v), _, _) | (None, Some(v), _) => seconds(v)?,
        (None, None, Some(Value::String(s))) => {
            parse_time_with_fraction(s.trim()).map_err(|e| e.to_string())?
        }
        _ => {
            return Err(format!(
                "`{title}` has no `startTime`, `seconds` or `start`"
            ));
        }
    };
    let mut chapter = Chapter::new(seconds, title);
    let kind = map
        .get("kind")
        .and_then(|k| serde_json::from_value::<ChapterKind>(k.clone()).ok());
    if let Some(kind) = kind {
        chapter.kind = kind;
        chapter.section = string(map, "section").map(Arc::from);
    }
    Ok((chapter, kind.is_some()))
}

fn seconds(value: &Value) -> Result<u32, String> {
    value
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0 && *s < f64::from(u32::MAX))
        .map(|s| s as u32)
        .ok_or_else(|| format!("start `{value}` is not a number of seconds"))
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(map: &Map<String, Value>, key: &str) -> Vec<String> {
    let items = map
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn people(map: &Map<String, Value>) -> Vec<Credit> {
    let items = map
        .get("people")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter_map(|p| {
            let map = p.as_object()?;
            let name = string(map, "name")?;
            Some(Credit {
                name,
                role: string(map, "role").unwrap_or_else(|| "host".into()),
            })
        })
        .collect()
}

/// The line of each element of the top-level array (`key` `None`) or of the array under a top-level `key`,
/// in one pass over valid JSON.
fn element_lines(text: &str, key: Option<&str>) -> Vec<usize> {
    let mut scan = Scan {
        line: 1,
        depth: 0,
        in_string: false,
        escaped: false,
        last_key: (0, 0),
    };
    let mut target: Option<usize> = None;
    let mut expecting = false;
    let mut lines = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        if scan.in_string {
            scan.string_byte(b, i);
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            lines.push(scan.line);
            expecting = false;
        }
        match b {
            b'\n' => scan.line += 1,
            b'"' => {
                scan.in_string = true;
                scan.last_key.0 = i + 1;
            }
            b'[' | b'{' => {
                scan.depth += 1;
                let is_target = match key {
                    None => scan.depth == 1,
                    Some(k) => {
                        scan.depth == 2 && text.get(scan.last_key.0..scan.last_key.1) == Some(k)
                    }
                };
                if b == b'[' && is_target && target.is_none() {
                    target = Some(scan.depth);
                    expecting = true;
                }
            }
            b']' | b'}' => scan.depth = scan.depth.saturating_sub(1),
            b',' if target == Some(scan.depth) => expecting = true,
            _ => {}
        }
        if target.is_some_and(|t| scan.depth < t) {
            break;
        }
    }
    lines
}

/// Where a scan over JSON text is.
struct Scan {
    line: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Byte range of the last string at depth 1 (the key before a value).
    last_key: (usize, usize),
}

impl Scan {
    fn string_byte(&mut self, b: u8, i: usize) {
        if self.escaped {
            self.escaped = false;
        } else if b == b'\\' {
            self.escaped = true;
        } else if b == b'"' {
            self.in_string = false;
            self.last_key.1 = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(second, vec![(62, "A"), (90, "B"), (100, "C")]);
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
                .contains("chapter 3: start `-1` is not a number of seconds")
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

    #[test]
    fn element_lines_skip_strings_and_nesting() {
        let text = "[\n{\"a\": \"[,]\\\"\"},\n [1, 2],\n 3\n]";
        assert_eq!(element_lines(text, None), vec![2, 3, 4]);
        let text = "{\"x\": [9], \"episodes\": [\n{}, \n{}]}";
        assert_eq!(element_lines(text, Some("episodes")), vec![2, 3]);
        assert_eq!(element_lines("[]", None), Vec::<usize>::new());
    }
}
