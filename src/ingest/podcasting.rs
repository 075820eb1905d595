//! Podcasting 2.0: chapters files (`{"version": "1.2.0", "chapters": [{"startTime": 62.5, "title": "..."}]}`)
//! and the roles of `podcast:person` credits.
//!
//! Chapters files come in three ways: as an input of their own (read by the JSON reader), beside the show
//! notes of one episode, and named by a feed's `podcast:chapters`; all go through [`read_chapters`].

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use serde_json::value::RawValue;

use super::chapters::{self, Chapter, ChapterKind};
use super::error::{IngestError, decode_utf8};
use super::json_value::{Object, element_lines, parse, seconds_of_json_number, string, value};
use super::model::{Source, Warning, WarningKind};
use super::notes;
use super::time::parse_time_with_fraction;
use crate::model::Role;

/// Read a Podcasting 2.0 chapters file (given beside the show notes, or named by a feed's `podcast:chapters`).
pub(super) fn read_chapters_file(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Chapter>, IngestError> {
    let bytes = super::open::read_bytes(path, super::open::SMALL_FILE_MAX)
        .map_err(IngestError::io(path))?;
    let text = decode_utf8(path, &bytes)?;
    let checked = parse(text, Some(path))?;
    let Some(items) = Object::of(checked).and_then(|map| map.array("chapters")) else {
        return Err(IngestError::NotChaptersFile {
            path: path.to_path_buf(),
        });
    };
    let lines = element_lines(text, Some("chapters"));
    Ok(read_chapters(&items, &lines, 1, Some(path), warnings))
}

/// Chapters from a JSON array (a chapters file's `chapters`, an episode's explicit `chapters`); `lines` has
/// each element's line (else `line` is named). Chapters that cannot be used are skipped with a warning. Each
/// element becomes a `Value` only while it is read.
pub(super) fn read_chapters(
    items: &[&RawValue],
    lines: &[usize],
    line: usize,
    path: Option<&Path>,
    warnings: &mut Vec<Warning>,
) -> Vec<Chapter> {
    let mut warn = |line: usize, kind: WarningKind, message: String| {
        warnings.push(Warning::new(Source::new(path, line), kind, message))
    };
    let mut chapters = Vec::new();
    let mut all_kinds = true;
    for (i, raw) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(line);
        let item = value(raw);
        if item.get("toc").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        match chapter(&item) {
            Ok((chapter, has_kind)) => {
                all_kinds &= has_kind;
                let written = chapter.start.map(|s| s.to_string()).unwrap_or_default();
                chapters::push_in_order(&mut chapters, chapter, &written, |m| {
                    warn(line, WarningKind::Order, m)
                });
            }
            Err(message) => warn(
                line,
                WarningKind::Time,
                format!("chapter {}: {message}; it is skipped", i + 1),
            ),
        }
    }
    if !all_kinds {
        chapters::assign_sections(&mut chapters);
    }
    chapters
}

/// One chapter, and whether it gives its own `kind`. The start is `seconds`, `startTime` (Podcasting 2.0) or
/// `start` (`HH:MM:SS`).
fn chapter(value: &Value) -> Result<(Chapter, bool), String> {
    let map = value
        .as_object()
        .ok_or("not an object: write it as `{\"startTime\": 62, \"title\": \"...\"}`")?;
    let title = string(map, "title")
        .map(|t| notes::clean_title(&t))
        .filter(|t| !t.is_empty())
        .ok_or("it has no `title`")?;
    let seconds = match (map.get("seconds"), map.get("startTime"), map.get("start")) {
        // Graph contract 2 writes an untimed heading as `"seconds": null`.
        (Some(Value::Null), None | Some(Value::Null), None | Some(Value::Null)) => None,
        (Some(v), _, _) | (None, Some(v), _) => Some(seconds(v)?),
        (None, None, Some(Value::String(s))) => {
            Some(parse_time_with_fraction(s.trim()).map_err(|e| e.to_string())?)
        }
        _ => {
            return Err(format!(
                "`{title}` has no `startTime`, `seconds` or `start`"
            ));
        }
    };
    let mut chapter = Chapter::at(seconds, title);
    chapter.text = string(map, "text").filter(|t| !t.trim().is_empty());
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
    match value {
        Value::Number(n) => seconds_of_json_number(n).map_err(|e| format!("start {e}")),
        _ => Err(format!("start `{value}` is not a number of seconds")),
    }
}

/// The role of a credit, as written (`role="guest"`, JSON `"role": "Guest"`): the Podcasting 2.0 default,
/// when none is written, is host.
pub(super) fn credit_role(written: Option<&str>) -> Role {
    written.map_or(Role::Host, Role::from_credit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_hosts_unless_they_say_otherwise() {
        for (written, role) in [
            (None, Role::Host),
            (Some("host"), Role::Host),
            (Some(" Host "), Role::Host),
            (Some("guest"), Role::Guest),
            (Some("Guest"), Role::Guest),
            (Some("moderator"), Role::Guest),
        ] {
            assert_eq!(credit_role(written), role, "{written:?}");
        }
    }
}
