//! JSON as the readers need it: parsed with the place of a syntax error, the line of each element of an
//! array (serde_json keeps no positions), and strings out of objects.

use std::path::Path;

use serde_json::{Map, Value};

use super::error::{IngestError, error_path};
use super::json_syntax::JsonSyntax;
use super::time::{TimestampError, seconds_of_number};

pub(super) fn parse(text: &str, path: Option<&Path>) -> Result<Value, IngestError> {
    let text = text.trim_start_matches('\u{feff}');
    serde_json::from_str(text).map_err(|e| {
        let syntax = JsonSyntax::new(text, e);
        IngestError::Malformed {
            path: error_path(path),
            format: "JSON",
            line: syntax.line,
            column: syntax.column,
            source: Box::new(syntax),
        }
    })
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

pub(super) fn strings(map: &Map<String, Value>, key: &str) -> Vec<String> {
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
    fn element_lines_skip_strings_and_nesting() {
        let text = "[\n{\"a\": \"[,]\\\"\"},\n [1, 2],\n 3\n]";
        assert_eq!(element_lines(text, None), vec![2, 3, 4]);
        let text = "{\"x\": [9], \"episodes\": [\n{}, \n{}]}";
        assert_eq!(element_lines(text, Some("episodes")), vec![2, 3]);
        assert_eq!(element_lines("[]", None), Vec::<usize>::new());
    }
}
