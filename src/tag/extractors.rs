//! Extractors: the built-in patterns for PEP numbers, Python releases, CPython issues and CVEs, and the
//! parsing of their matches into entities ("PEPs 649 and 749" is two PEPs; "Cython 3.1" is no release).

use std::ops::Range;

use super::types::{Entity, Mention, Release, Rule};

/// Which extractor a regex of the multi-pattern set is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Extractor {
    Pep,
    Release,
    Issue,
    Cve,
}

/// The extractors' patterns, in the order of their ids in the multi-pattern regex.
pub(super) const BUILTIN_PATTERNS: [(&str, Extractor); 4] = [
    // "PEP 703", "PEP-703", "pep703", "PEPs 649 and 749", "PEP 276 and PEP 284", "PEPs 518, 517, and
    // 621", "PEPs 518 (2016), 517 (2017)": a number of a list may be followed by a short aside in brackets
    // (ASCII: a class that can match part of a UTF-8 sequence is refused in `-u` mode). The first number
    // comes within 16 separators and 16 zeros, so that every builtin's shortest match is short.
    (
        r"(?i-u)\bpeps?[ \t\-]{0,16}0{0,16}[0-9]{1,4}(?-u:\b)(?:(?:[ \t]*\([\t\x20-\x27\x2A-\x7E]{1,32}\))?[ \t]*(?:,[ \t]*(?:and|or|&)?|and|&|or|/|\+)[ \t]*(?:peps?[ \t\-]*)?0*[0-9]{1,4}(?-u:\b))*",
        Extractor::Pep,
    ),
    // "Python 3.13", "3.13 beta 2", "3.12.4", "3.12.0a2", "Python 3.13.0 alpha 1", "Python 1.6", "3.13t".
    (
        r"(?i-u)\b(?:c?python[ \t]?|py)?[1-3]\.[0-9]{1,2}(?:\.[0-9]{1,2})?t?(?:[ \t]?(?:a|b|rc|alpha|beta|release candidate)[ \t]?[0-9]{1,2})?(?-u:\b)",
        Extractor::Release,
    ),
    // "gh-109181", "GH-113745", "bpo-12345", "python/cpython#12345".
    (
        r"(?i-u)\b(?:gh|bpo)-?[0-9]{2,7}\b|\bpython/cpython#[0-9]{1,7}\b",
        Extractor::Issue,
    ),
    (r"(?i-u)\bcve-[0-9]{4}-[0-9]{4,7}\b", Extractor::Cve),
];

/// The mentions of one extractor's match at `span` of `text`: the PEPs, release, issue or CVE it names.
pub(super) fn mentions_of(
    extractor: Extractor,
    text: &str,
    span: Range<usize>,
    mentions: &mut Vec<Mention>,
) {
    let matched = &text[span.clone()];
    match extractor {
        Extractor::Pep => {
            // "PEP 7.3.4" (speech for 734), "PEP 3.12": a dotted number is no PEP number.
            let rest = &text[span.end..];
            if rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                return;
            }
            // "PEP6... I can't remember": a short number that trails off is a number cut off in
            // speech (PEP 6-something), not PEP 6.
            let digits = matched.bytes().rev().take_while(u8::is_ascii_digit).count();
            if digits <= 2 && (rest.starts_with("..") || rest.starts_with('\u{2026}')) {
                return;
            }
            for (number, within) in pep_numbers(matched) {
                let at = span.start + within.start..span.start + within.end;
                mentions.push(Mention::new(Entity::Pep(number), at, text, Rule::PepNumber));
            }
        }
        Extractor::Release => {
            if let Some(release) = parse_release(text, span.clone()) {
                let release = Entity::Release(Box::new(release));
                mentions.push(Mention::new(release, span, text, Rule::Release));
            }
        }
        Extractor::Issue => {
            let number = numbers_in(matched).next().unwrap_or(0);
            let entity = if matched.to_ascii_lowercase().starts_with("bpo") {
                Entity::Bpo(number)
            } else {
                Entity::Issue(number)
            };
            mentions.push(Mention::new(entity, span, text, Rule::Issue));
        }
        Extractor::Cve => {
            let cve = Entity::Cve(matched.to_ascii_uppercase());
            mentions.push(Mention::new(cve, span, text, Rule::Cve));
        }
    }
}

/// Each PEP number of a list with its own span: "PEPs 649 and PEP 749" -> (649, "PEPs 649"), (749, "PEP 749");
/// "PEPs 649 and 749" -> (649, "PEPs 649"), (749, "749"); "PEPs 518 (2016), 517" -> 518, 517.
fn pep_numbers(matched: &str) -> Vec<(u32, Range<usize>)> {
    let lower = matched.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut previous_end = 0;
    let bytes = matched.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            // An aside ("PEPs 518 (2016), 517"): its numbers are no PEPs. The pattern closes every one.
            i += bytes[i..]
                .iter()
                .position(|&b| b == b')')
                .unwrap_or(bytes.len() - i);
            previous_end = i;
            continue;
        }
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let digits = i..i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let start = lower[previous_end..digits.start]
            .rfind("pep")
            .map_or(digits.start, |p| previous_end + p);
        let (number, digits) = with_thousands(matched, digits);
        if let Some(number) = number {
            found.push((number, start..digits.end));
        }
        previous_end = digits.end;
        i = digits.end;
    }
    found
}

/// The number written at `digits` of `matched`, read on over a thousands separator as speech-to-text
/// writes one ("PEP 8,001" is PEP 8001, not PEPs 8 and 1), and where it ends.
fn with_thousands(matched: &str, digits: Range<usize>) -> (Option<u32>, Range<usize>) {
    let bytes = matched.as_bytes();
    let group = digits.end + 1..digits.end + 4;
    let grouped = digits.len() == 1
        && bytes.get(digits.end) == Some(&b',')
        && bytes
            .get(group.clone())
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !bytes.get(group.end).is_some_and(u8::is_ascii_digit);
    if grouped {
        let written = format!("{}{}", &matched[digits.clone()], &matched[group.clone()]);
        return (written.parse().ok(), digits.start..group.end);
    }
    (matched[digits.clone()].parse().ok(), digits)
}

/// The numbers in a matched text ("gh-109181" -> 109181).
fn numbers_in(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
}

/// A release from a version match, or `None` when the number is not a Python version.
fn parse_release(text: &str, span: Range<usize>) -> Option<Release> {
    // Part of a longer dotted number ("10.3.13") or a word ("v3.2")?
    if text[..span.start].ends_with(['.', '-'])
        || text[span.end..].starts_with(['.', '-'])
            && text[span.end..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let span_start = span.start;
    let matched = &text[span];
    let lower = matched.to_ascii_lowercase();
    let prefixed =
        lower.starts_with("python") || lower.starts_with("cpython") || lower.starts_with("py");
    let digits_at = matched.find(|c: char| c.is_ascii_digit())?;
    let version_text = &lower[digits_at..];
    let number_end = version_text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(version_text.len());
    let number = version_text[..number_end].trim_end_matches('.');
    let parts: Vec<u32> = number.split('.').filter_map(|p| p.parse().ok()).collect();
    let (major, minor) = (*parts.first()?, *parts.get(1)?);
    let plausible = match major {
        3 => minor <= 30,
        2 => minor <= 7,
        1 => prefixed && minor <= 6,
        _ => false,
    };
    if !plausible {
        return None;
    }
    if !prefixed && names_another_project(text, digits_at + span_start) {
        return None;
    }
    let mut version = number.to_string();
    let mut tail = version_text[number_end..].trim();
    if let Some(rest) = tail.strip_prefix('t') {
        version.push('t'); // The free-threaded build: "3.13t".
        tail = rest.trim();
    }
    if !tail.is_empty() {
        let pre: String = tail.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        let n: String = tail.chars().filter(char::is_ascii_digit).collect();
        let short = match pre.as_str() {
            "a" | "alpha" => "a",
            "b" | "beta" => "b",
            _ => "rc",
        };
        version = format!("{version}{short}{n}");
    }
    Some(Release {
        feature: format!("{major}.{minor}"),
        version,
    })
}

/// Whether a bare version at `start` belongs to another project: "Cython 3.1", "OpenSSL 3.0 vs 3.5",
/// "NumPy 2.1". Looks back past connectors and earlier versions to the word that owns the version.
fn names_another_project(text: &str, start: usize) -> bool {
    const CONNECTORS: &[&str] = &[
        "vs", "vs.", "versus", "and", "or", "to", "/", "&", ",", "->", "\u{2192}",
    ];
    const NOT_OWNERS: &[&str] = &[
        "in", "for", "since", "until", "before", "after", "from", "with", "the", "a", "an", "on",
        "of", "by", "about", "is", "are", "was", "why", "how", "what", "when", "where", "which",
        "only", "also", "then", "now", "new", "next", "latest", "into", "through", "than", "both",
        "all", "every", "each", "python", "cpython", "pythons", "py", "beta", "alpha", "release",
        "released", "releases", "version", "versions", "up",
    ];
    let mut words = text[..start].split_whitespace().rev().map(|w| {
        w.trim_end_matches([',', ':', ';'])
            .trim_start_matches(['(', '['])
    });
    let owner = words.find(|w| {
        let lower = w.to_ascii_lowercase();
        !w.is_empty()
            && !CONNECTORS.contains(&lower.as_str())
            && !w.starts_with(|c: char| c.is_ascii_digit())
    });
    owner.is_some_and(|w| {
        let possessive = w.ends_with("'s") || w.ends_with("\u{2019}s"); // "Pablo's 3.14 plans"
        let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
        starts_upper && !possessive && !NOT_OWNERS.contains(&w.to_ascii_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    /// The PEP ids the shipped taxonomy's tagger finds in a text.
    fn peps(text: &str) -> Vec<String> {
        crate::test_support::ids_found(text, crate::model::NodeKind::Pep)
    }

    #[test]
    fn a_dotted_number_after_pep_is_no_pep() {
        assert_eq!(peps("PEP 7.3.4 is the one"), Vec::<String>::new());
        assert_eq!(peps("PEP 734."), ["pep:734"]);
    }

    #[test]
    fn a_list_of_peps_may_end_in_comma_and_and_hold_asides_in_brackets() {
        assert_eq!(
            peps("PEPs 518, 517, 621, and 658 made it possible"),
            ["pep:518", "pep:517", "pep:621", "pep:658"]
        );
        assert_eq!(
            peps(
                "Recent standards, PEPs 518 (2016), 517 (2017), 621 (2020), and 658 (2022) made it"
            ),
            ["pep:518", "pep:517", "pep:621", "pep:658"]
        );
        // An aside that does not go on to another number ends the list where it was.
        assert_eq!(
            peps("PEP 581 (Using GitHub issues for CPython) is accepted, 3 years on"),
            ["pep:581"]
        );
        // A long aside is a sentence of its own, not a list's.
        assert_eq!(
            peps("PEP 8 (which everybody reads and nobody follows to the letter), and 20 more"),
            ["pep:8"]
        );
    }

    #[test]
    fn a_pep_number_said_with_a_thousands_separator_is_one_pep() {
        assert_eq!(
            peps("So there's PEP 8,001, 8,002 and 8,010 about voting"),
            ["pep:8001", "pep:8002", "pep:8010"]
        );
        // Not a separator: a list without spaces, and a longer number before the comma.
        assert_eq!(peps("PEPs 8,20"), ["pep:8", "pep:20"]);
        assert_eq!(peps("PEPs 10,100"), ["pep:10", "pep:100"]);
    }

    #[test]
    fn a_short_pep_number_that_trails_off_is_cut_off_not_a_pep() {
        assert_eq!(
            peps("what was from PEP6... I can't remember"),
            Vec::<String>::new()
        );
        assert_eq!(peps("PEP 6\u{2026} no"), Vec::<String>::new());
        assert_eq!(peps("PEP734... and more"), ["pep:734"]);
        assert_eq!(peps("see PEP 8."), ["pep:8"]);
    }
}
