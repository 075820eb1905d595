//! The show table's values checked as untrusted input: a host's episode range or date range, and a show's
//! site and feed URLs (http or https, a host, no spaces or quotes), each error with file:line:column.

use toml::Spanned;

use super::error::{TaxonomyError, shown};
use super::raw::RawHost;
use super::source::SourceFile;
use super::vocabulary::Host;

/// A checked host of show `show`.
pub(super) fn host(
    file: &SourceFile,
    show: &str,
    person: usize,
    raw: &Spanned<RawHost>,
) -> Result<Host, TaxonomyError> {
    let RawHost::During(span) = raw.get_ref() else {
        return Ok(Host::always(person));
    };
    let bad =
        |field: &'static str, value: &String, expected: &'static str| TaxonomyError::BadHostRange {
            at: file.locate(raw.span()),
            field,
            value: shown(value),
            show: show.to_string(),
            expected,
        };
    let episodes = match &span.episodes {
        Some(value) => Some(episode_range(value).ok_or_else(|| {
            bad(
                "episodes",
                value,
                "write the first and last episode hosted, as `1-482`, `483-` or `-100`",
            )
        })?),
        None => None,
    };
    let dates = match &span.dates {
        Some(value) => Some(date_range(value).ok_or_else(|| {
            bad(
                "dates",
                value,
                "write the first and last day hosted, as `2016-11-01..2026-06-30`, `2026-07-01..` or `..2020-01-01`",
            )
        })?),
        None => None,
    };
    Ok(Host {
        person,
        episodes,
        dates,
    })
}

/// `1-482`, `483-`, `-100`: the ends, at least one given, in order.
fn episode_range(text: &str) -> Option<(Option<u32>, Option<u32>)> {
    let (first, last) = text.trim().split_once('-')?;
    let end = |s: &str| -> Option<Option<u32>> {
        let s = s.trim();
        if s.is_empty() {
            Some(None)
        } else {
            s.parse().ok().map(Some)
        }
    };
    let (first, last) = (end(first)?, end(last)?);
    let ordered = match (first, last) {
        (Some(f), Some(l)) => f <= l,
        (None, None) => false,
        _ => true,
    };
    ordered.then_some((first, last))
}

/// `2016-11-01..2026-06-30`, `2026-07-01..`, `..2020-01-01`.
fn date_range(text: &str) -> Option<(Option<String>, Option<String>)> {
    let (from, until) = text.trim().split_once("..")?;
    let end = |s: &str| -> Option<Option<String>> {
        let s = s.trim();
        if s.is_empty() {
            return Some(None);
        }
        let valid = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        valid.then(|| Some(s.to_string()))
    };
    let (from, until) = (end(from)?, end(until)?);
    let ordered = match (&from, &until) {
        (Some(f), Some(u)) => f <= u,
        (None, None) => false,
        _ => true,
    };
    ordered.then_some((from, until))
}

/// A show's `site` or `feed`: an http(s) URL with a host and nothing a link could be broken out of.
pub(super) fn web_address(
    file: &SourceFile,
    show: &str,
    field: &'static str,
    value: &Option<Spanned<String>>,
) -> Result<Option<String>, TaxonomyError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let url = value.get_ref().trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let clean = !url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    });
    match host {
        Some(host) if clean && !host.is_empty() && !host.contains('@') => Ok(Some(url.to_string())),
        _ => Err(TaxonomyError::BadShowUrl {
            at: file.locate(value.span()),
            field,
            value: shown(value.get_ref()),
            show: show.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episode_ranges_have_an_end_and_keep_their_order() {
        assert_eq!(episode_range("1-482"), Some((Some(1), Some(482))));
        assert_eq!(episode_range("483-"), Some((Some(483), None)));
        assert_eq!(episode_range("-100"), Some((None, Some(100))));
        for bad in ["-", "482-1", "a-b", "12", "1-2-3", "-5-"] {
            assert_eq!(episode_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_ranges_are_iso_days_in_order() {
        assert_eq!(
            date_range("2016-11-01..2026-06-30"),
            Some((Some("2016-11-01".into()), Some("2026-06-30".into())))
        );
        assert_eq!(
            date_range("2026-07-01.."),
            Some((Some("2026-07-01".into()), None))
        );
        for bad in [
            "..",
            "2026-07-01..2016-01-01",
            "2026-7-1..",
            "yesterday..",
            "2020-01-01",
        ] {
            assert_eq!(date_range(bad), None, "{bad}");
        }
    }
}
