//! Warnings on standard error, capped: a file of 20,000 chapters out of order gave 19,999 lines alike but
//! for the chapter, which buried every other message. Of the warnings of one [`WarningKind`] about one
//! file the first [`SHOWN_PER_KIND`] are printed, then one line says how many more there were and of what
//! kind. The library still returns every warning.

use std::collections::HashMap;
use std::path::PathBuf;

use castgraph::ingest::{Source, Warning, WarningKind};

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
    let mut seen: HashMap<(Option<PathBuf>, WarningKind), (usize, Option<usize>)> = HashMap::new();
    let mut over: Vec<(Source, WarningKind, usize)> = Vec::new();
    for warning in warnings {
        let key = (warning.source.path.clone(), warning.kind);
        let (count, slot) = seen.entry(key).or_insert((0, None));
        *count += 1;
        if *count <= per_kind {
            capped.shown.push(warning.to_string());
            continue;
        }
        let index = *slot.get_or_insert_with(|| {
            let file = Source::new(warning.source.path.as_deref(), 0);
            over.push((file, warning.kind, 0));
            over.len() - 1
        });
        over[index].2 += 1;
    }
    capped.more = over
        .into_iter()
        .map(|(file, kind, n)| {
            let s = if n == 1 { "" } else { "s" };
            format!("and {n} more warning{s} in `{file}`: {}", plural(kind))
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

/// What the warnings of a kind are about, said of several.
fn plural(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::SkippedFile => "files skipped",
        WarningKind::SkippedEpisode => "episodes skipped",
        WarningKind::DuplicateEpisode => "duplicate episodes skipped",
        WarningKind::TranscriptFormats => "episodes in several transcript formats",
        WarningKind::Disagreement => "inputs that disagree about an episode",
        WarningKind::Number => "numbers not understood",
        WarningKind::Date => "dates not understood",
        WarningKind::Duration => "durations not understood",
        WarningKind::Time => "chapters or cues skipped for their time",
        WarningKind::Order => "chapters or cues out of order",
        WarningKind::Entity => "entities left as written",
        WarningKind::ChaptersFile => "chapter files not used",
        WarningKind::Capped => "episodes with more entities than are kept",
        // A kind added to the library that this list does not know yet.
        _ => "of the same kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn warning(path: &str, line: usize, kind: WarningKind, message: &str) -> Warning {
        Warning::new(
            Source::new(Some(Path::new(path)), line),
            kind,
            message.to_string(),
        )
    }

    fn out_of_order(path: &str, i: usize) -> Warning {
        let message = format!(
            "chapter `part {i}` starts at 00:{:02}, before the previous chapter (00:{:02}); it is kept",
            59 - i % 60,
            60 - i % 60
        );
        warning(path, i + 1, WarningKind::Order, &message)
    }

    #[test]
    fn warnings_of_one_kind_in_one_file_are_capped_with_a_count_of_the_rest() {
        let mut warnings: Vec<Warning> = (0..20).map(|i| out_of_order("a.json", i)).collect();
        let time = "an impossible time `00:75:00`";
        warnings.insert(7, warning("a.json", 3, WarningKind::Time, time));
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
                "and 17 more warnings in `a.json`: chapters or cues out of order",
                "and 3 more warnings in `b.json`: chapters or cues out of order",
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
    fn warnings_of_one_file_are_counted_per_kind_whatever_their_words() {
        // Out of order and an impossible time: two kinds; alike in their words or not, the kind decides.
        let mut warnings: Vec<Warning> = (0..4).map(|i| out_of_order("a.json", i)).collect();
        let times = [
            "a time `x`",
            "an hour of 75 minutes",
            "no time at all",
            "a date, not a time",
        ];
        warnings.extend((0..4).map(|i| warning("a.json", i, WarningKind::Time, times[i])));
        let capped = cap(&warnings, 2);
        assert_eq!(
            capped.more,
            [
                "and 2 more warnings in `a.json`: chapters or cues out of order",
                "and 2 more warnings in `a.json`: chapters or cues skipped for their time",
            ]
        );
    }
}
