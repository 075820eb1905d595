//! JSON as the readers need it: checked with the place of a syntax error, the line of each element of an
//! array (serde_json keeps no positions), and objects and arrays whose values stay text until asked for.
//!
//! A whole file is never held as a `Value` tree: that tree takes some 15 times the size of the text (issue
//! 17: 145 MB for 9.5 MiB of chapters). The text is checked once as serde_json checks a `Value` (the same
//! errors at the same places), then read as borrowed [`RawValue`]s, and only the one element or field at
//! hand becomes a `Value`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::error::{IngestError, error_path};
use super::json_syntax::JsonSyntax;
use super::time::{TimestampError, seconds_of_number};

/// The JSON `text`, checked (without a byte order mark), for [`array`] and [`Object::of`]: a syntax error is
/// an error with line and column.
pub(super) fn parse<'a>(text: &'a str, path: Option<&Path>) -> Result<&'a str, IngestError> {
    let text = text.trim_start_matches('\u{feff}');
    let malformed = |e| {
        let syntax = JsonSyntax::new(text, e);
        IngestError::Malformed {
            path: error_path(path),
            format: "JSON",
            line: syntax.line,
            column: syntax.column,
            source: Box::new(syntax),
        }
    };
    // Reading `RawValue`s alone checks less than a `Value` does (numbers out of range, lone surrogates, depth).
    serde_json::from_str::<Checked>(text).map_err(malformed)?;
    Ok(text)
}

/// Any JSON value, read the way serde_json reads a `Value` (every scalar parsed, the same depth limit) but
/// kept nowhere.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_key::<Checked>()?.is_some() {
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// `raw` (checked text) as a `Value`.
pub(super) fn value(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// The elements of checked JSON `text` (a [`RawValue`]'s, or what [`parse`] gives) if it is an array, as raw
/// text.
pub(super) fn array(text: &str) -> Option<Vec<&RawValue>> {
    // Checked text opens with JSON whitespace at most.
    text.trim_start()
        .starts_with('[')
        .then(|| serde_json::from_str(text).ok())
        .flatten()
}

/// A JSON object whose values stay raw text. As in a `Value`, the last of repeated keys wins.
pub(super) struct Object<'a>(HashMap<String, &'a RawValue>);

impl<'a> Object<'a> {
    /// Checked JSON `text` as an object, or `None` if it is another kind of value.
    pub(super) fn of(text: &'a str) -> Option<Self> {
        text.trim_start()
            .starts_with('{')
            .then(|| serde_json::from_str(text).ok().map(Object))
            .flatten()
    }

    pub(super) fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The value at `key`, parsed.
    pub(super) fn get(&self, key: &str) -> Option<Value> {
        self.0.get(key).map(|raw| value(raw))
    }

    /// The elements of the array at `key`, as raw text.
    pub(super) fn array(&self, key: &str) -> Option<Vec<&'a RawValue>> {
        self.0.get(key).and_then(|raw| array(raw.get()))
    }

    /// The string at `key`.
    pub(super) fn string(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The strings of the array at `key`; other elements are left out.
    pub(super) fn strings(&self, key: &str) -> Vec<String> {
        let items = self.array(key).unwrap_or_default();
        items
            .into_iter()
            .filter_map(|raw| match value(raw) {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect()
    }
}

/// Seconds given as a JSON number, named as written in messages (`1.8446744073709552e19` in full digits).
pub(super) fn seconds_of_json_number(n: &serde_json::Number) -> Result<u32, TimestampError> {
    seconds_of_number(n.as_f64().unwrap_or(f64::NAN), &number_as_written(n))
}

/// A JSON number as written: a whole float (`1.8446744073709552e19`, how serde_json keeps an integer beyond
/// 64 bits) in full digits.
pub(super) fn number_as_written(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e30 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

pub(super) fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The line of each element of the top-level array (`key` `None`) or of the array under a top-level `key`,
/// in one pass over valid JSON.
pub(super) fn element_lines(text: &str, key: Option<&str>) -> Vec<usize> {
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

    #[test]
    fn checked_text_fails_where_a_value_parse_fails_and_at_the_same_place() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for text in [
            "[\"a \\ud800 b\"]",
            "[1e400]",
            "[01]",
            "{\"a\": 1,}",
            "[1] x",
            "{1: 2}",
            "[\"\n\"]",
            deep.as_str(),
        ] {
            let value = serde_json::from_str::<Value>(text).unwrap_err();
            let value = JsonSyntax::new(text, value);
            let Err(IngestError::Malformed {
                line,
                column,
                source,
                ..
            }) = parse(text, None)
            else {
                panic!("{text:?} was not refused");
            };
            assert_eq!(
                (line, column, source.to_string()),
                (value.line, value.column, value.to_string()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn objects_keep_the_last_of_repeated_keys_and_values_as_text_until_asked() {
        let raw = parse(
            "{\"a\": 1, \"\\u0061\": [\"x\", 2, \"y\"], \"b\": {}}",
            None,
        )
        .unwrap();
        let object = Object::of(raw).unwrap();
        assert_eq!(object.strings("a"), ["x", "y"]);
        assert_eq!(object.get("b"), Some(Value::Object(Map::new())));
        assert!(Object::of(object.array("a").unwrap()[0].get()).is_none());
        assert!(array(raw).is_none());
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
