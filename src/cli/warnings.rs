//! Warnings on standard error, capped: a file of 20,000 chapters out of order gave 19,999 lines alike but
//! for the chapter, which buried every other message. Of the warnings of one kind about one file the first
//! [`SHOWN_PER_KIND`] are printed, then one line says how many more there were. Two warnings are of one
//! kind when their messages differ only in what they quote (in backticks) and in their numbers: the
//! library's messages name things in backticks. The library still returns every warning.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use castgraph::ingest::{Source, Warning};

use super::color::Colors;

/// The warnings of one kind about one file printed before the rest are counted.
pub const SHOWN_PER_KIND: usize = 5;

/// What is printed of some warnings: the messages shown, in order, then one line per capped kind.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Capped {
    pub shown: Vec<String>,
    pub more: Vec<String>,
}

/// Cap `warnings` at `per_kind` of each kind per file (see the module docs).
pub fn cap<'w>(warnings: impl IntoIterator<Item = &'w Warning>, per_kind: usize) -> Capped {
    let mut capped = Capped::default();
    // Per file and kind: how many were seen, and the kind's place among those over the cap.
    let mut seen: HashMap<(Option<PathBuf>, String), (usize, Option<usize>)> = HashMap::new();
    let mut over: Vec<(Source, String, usize)> = Vec::new();
    for warning in warnings {
        let kind = kind_of(&warning.message);
        let key = (warning.source.path.clone(), kind);
        let (count, slot) = seen.entry(key).or_insert((0, None));
        *count += 1;
        if *count <= per_kind {
            capped.shown.push(warning.to_string());
            continue;
        }
        let index = *slot.get_or_insert_with(|| {
            let file = Source::new(warning.source.path.as_deref(), 0);
            over.push((file, label(&warning.message), 0));
            over.len() - 1
        });
        over[index].2 += 1;
    }
    capped.more = over
        .into_iter()
        .map(|(file, label, n)| {
            let s = if n == 1 { "" } else { "s" };
            format!("and {n} more warning{s} in `{file}` like: {label}")
        })
        .collect();
    capped
}

/// Print warnings on standard error, capped (see the module docs).
pub fn report<'w>(colors: Colors, warnings: impl IntoIterator<Item = &'w Warning>) {
    let capped = cap(warnings, SHOWN_PER_KIND);
    for line in capped.shown.iter().chain(&capped.more) {
        colors.warn(line);
    }
}

/// A message's kind: its words, with what it quotes in backticks and its numbers left out.
fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len());
    let mut quoted = false;
    let mut in_number = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            kind.push(c);
            if quoted {
                kind.push('…');
            }
        } else if quoted {
            // What is quoted is the one warning's, not its kind's.
        } else if c.is_ascii_digit() {
            if !in_number {
                kind.push('N');
            }
        } else {
            kind.push(c);
        }
        in_number = !quoted && c.is_ascii_digit();
    }
    kind
}

/// What a capped kind's line says it is like: its kind up to the end of its first clause.
fn label(message: &str) -> String {
    let kind = kind_of(message);
    let clause = kind.split("; ").next().unwrap_or_default();
    let mut label = String::new();
    for (i, c) in clause.chars().enumerate() {
        if i == 120 {
            let _ = write!(label, "…");
            break;
        }
        label.push(c);
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn warning(path: &str, line: usize, message: &str) -> Warning {
        Warning {
            source: Source::new(Some(Path::new(path)), line),
            message: message.to_string(),
        }
    }

    fn out_of_order(path: &str, i: usize) -> Warning {
        let message = format!(
            "chapter `part {i}` starts at 00:{:02}, before the previous chapter (00:{:02}); it is kept",
            59 - i % 60,
            60 - i % 60
        );
        warning(path, i + 1, &message)
    }

    #[test]
    fn warnings_of_one_kind_in_one_file_are_capped_with_a_count_of_the_rest() {
        let mut warnings: Vec<Warning> = (0..20).map(|i| out_of_order("a.json", i)).collect();
        warnings.insert(7, warning("a.json", 3, "an impossible time `00:75:00`"));
        warnings.extend((0..6).map(|i| out_of_order("b.json", i)));
        let capped = cap(&warnings, 3);
        let shown: Vec<&str> = capped.shown.iter().map(String::as_str).collect();
        assert_eq!(shown.len(), 3 + 1 + 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("a.json:1: chapter `part 0`"),
            "{shown:?}"
        );
        assert!(shown[3].contains("impossible time"), "{shown:?}");
        assert!(
            shown[4].starts_with("b.json:1: chapter `part 0`"),
            "{shown:?}"
        );
        assert_eq!(
            capped.more,
            [
                "and 17 more warnings in `a.json` like: chapter `…` starts at N:N, before the previous \
                 chapter (N:N)",
                "and 3 more warnings in `b.json` like: chapter `…` starts at N:N, before the previous \
                 chapter (N:N)",
            ]
        );
    }

    #[test]
    fn warnings_under_the_cap_are_all_shown_and_nothing_more() {
        let warnings: Vec<Warning> = (0..3).map(|i| out_of_order("a.json", i)).collect();
        let capped = cap(&warnings, 3);
        let all: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            capped,
            Capped {
                shown: all,
                more: Vec::new()
            }
        );
    }

    #[test]
    fn kinds_differ_by_their_words_not_by_what_they_quote_or_count() {
        assert_eq!(
            kind_of("chapter `a` starts at 00:59"),
            kind_of("chapter `b c` starts at 01:02")
        );
        assert_ne!(
            kind_of("chapter `a` is skipped"),
            kind_of("chapter `a` is kept")
        );
    }
}
