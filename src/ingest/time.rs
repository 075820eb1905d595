//! Times and dates as show notes and feeds write them: chapter timestamps (`HH:MM:SS`, `MM:SS`), cue times
//! with fractions, durations, and publication dates normalised to `YYYY-MM-DD`.
//!
//! Every reader shares these; `parse_timestamp` runs for every chapter, so it reads `HH:MM:SS` byte by byte
//! (a README figure depends on it), and a property test holds it to the part-by-part definition below.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A chapter's start: seconds from the start of the episode, written `HH:MM:SS` (in JSON too). Four bytes
/// rather than a string per chapter, which matters for archives of millions of chapters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u32);

impl Timestamp {
    /// `HH:MM:SS` as bytes, made by hand: millions of chapters and evidence items are written, and `fmt`
    /// is slow at it. `None` from 100 hours on, which needs more digits.
    pub(crate) fn hhmmss(self) -> Option<[u8; 8]> {
        let s = self.0;
        if s >= 100 * 3600 {
            return None;
        }
        let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        let ([h1, h2], [m1, m2], [s1, s2]) = (two(s / 3600), two(s / 60 % 60), two(s % 60));
        Some([h1, h2, b':', m1, m2, b':', s1, s2])
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hhmmss() {
            Some(text) => f.write_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => {
                let s = self.0;
                write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            }
        }
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        parse_timestamp(other) == Ok(self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.hhmmss() {
            Some(text) => serializer.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_timestamp(&text)
            .map(Timestamp)
            .map_err(serde::de::Error::custom)
    }
}

/// Why a timestamp is not a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    #[error("`{0}` is not a timestamp (expected HH:MM:SS, H:MM:SS or MM:SS)")]
    Syntax(String),
    #[error("`{0}` is an impossible time: minutes and seconds must be below 60")]
    Impossible(String),
    #[error("`{0}` is too large: times and durations go up to {max} seconds (136 years)", max = u32::MAX)]
    TooLarge(String),
    #[error("`{0}` is negative: times and durations start at 0")]
    Negative(String),
}

/// Seconds given as a number (JSON `4521`, `62.5`); the fraction is dropped.
pub(super) fn seconds_of_number(seconds: f64, written: &str) -> Result<u32, TimestampError> {
    if seconds.is_nan() {
        Err(TimestampError::Syntax(written.to_string()))
    } else if seconds < 0.0 {
        Err(TimestampError::Negative(written.to_string()))
    } else if seconds >= f64::from(u32::MAX) + 1.0 {
        Err(TimestampError::TooLarge(written.to_string()))
    } else {
        Ok(seconds as u32)
    }
}

/// Parse `HH:MM:SS`, `H:MM:SS`, `MM:SS` or `M:SS` into seconds. In the two-part form the minutes may
/// exceed 59 (`75:30` is common in show notes); in the three-part form they may not. Hours go up to the
/// 1,193,046 of the largest time (`u32::MAX` seconds), so that every time castgraph writes reads back.
pub fn parse_timestamp(text: &str) -> Result<u32, TimestampError> {
    // `HH:MM:SS`, as nearly every chapter writes it, read straight from its digits.
    if let &[h1, h2, b':', m1, m2, b':', s1, s2] = text.as_bytes()
        && [h1, h2, m1, m2, s1, s2].iter().all(u8::is_ascii_digit)
    {
        let two = |tens: u8, ones: u8| u32::from(tens - b'0') * 10 + u32::from(ones - b'0');
        let (hours, minutes, seconds) = (two(h1, h2), two(m1, m2), two(s1, s2));
        if minutes >= 60 || seconds >= 60 {
            return Err(TimestampError::Impossible(text.to_string()));
        }
        return Ok(hours * 3600 + minutes * 60 + seconds);
    }
    let syntax = || TimestampError::Syntax(text.to_string());
    // One pass over the bytes, without allocating: this runs for every chapter. Each part is 1 to 3 digits,
    // but hours, which may have up to 7 (the first of three parts).
    let mut parts = [(0u32, 0usize); 3]; // (value, digits)
    let mut count = 1;
    for &byte in text.as_bytes() {
        if byte == b':' {
            if count == 3 {
                return Err(syntax());
            }
            count += 1;
            continue;
        }
        let (value, digits) = &mut parts[count - 1];
        if !byte.is_ascii_digit() || *digits == if count == 1 { HOUR_DIGITS } else { 3 } {
            return Err(syntax());
        }
        *value = *value * 10 + u32::from(byte - b'0');
        *digits += 1;
    }
    if count < 2
        || parts[..count].iter().any(|&(_, digits)| digits == 0)
        || (count == 2 && parts[0].1 > 3)
    {
        return Err(syntax());
    }
    // Right-aligned: the last part is the seconds. Seconds always have two digits; so do minutes when hours
    // are given.
    let [hours, (minutes, minute_digits), (seconds, second_digits)] = match count {
        2 => [(0, 0), parts[0], parts[1]],
        _ => parts,
    };
    if second_digits != 2 || (count == 3 && minute_digits != 2) {
        return Err(syntax());
    }
    if seconds >= 60 || (count == 3 && minutes >= 60) {
        return Err(TimestampError::Impossible(text.to_string()));
    }
    hours
        .0
        .checked_mul(3600)
        .and_then(|h| h.checked_add(minutes * 60 + seconds))
        .ok_or_else(|| TimestampError::TooLarge(text.to_string()))
}

/// The most digits of the hours of a timestamp: those of the largest time, `u32::MAX` seconds.
const HOUR_DIGITS: usize = 7;

/// Seconds as `HH:MM:SS`.
pub fn format_timestamp(seconds: u32) -> String {
    Timestamp(seconds).to_string()
}

/// Parse a time that may carry a fraction of a second (`00:01:02.500`, `00:01:02,500`, `01:02.5`), as cues
/// and durations write it; the fraction is dropped.
pub fn parse_time_with_fraction(text: &str) -> Result<u32, TimestampError> {
    // `HH:MM:SS` without a fraction, as every cue of a plain transcript starts: no mark to look for.
    if let [h1, h2, b':', m1, m2, b':', s1, s2] = text.as_bytes()
        && [h1, h2, m1, m2, s1, s2].iter().all(|d| d.is_ascii_digit())
    {
        return parse_timestamp(text);
    }
    // By bytes: `rfind` of a set of chars decodes each char (half of this function's time on transcripts,
    // which parse a time a cue); both marks are ASCII, so the byte found is the char found.
    let whole = match text.bytes().rposition(|b| b == b'.' || b == b',') {
        Some(dot)
            if !text[dot + 1..].is_empty()
                && text[dot + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &text[..dot]
        }
        _ => text,
    };
    parse_timestamp(whole)
}

/// Parse a duration: plain seconds (`4521`), `H:MM:SS` (`1:15:21`) or `MM:SS` (`75:21`), with an optional
/// fraction of a second.
pub fn parse_duration(text: &str) -> Result<u32, TimestampError> {
    let text = text.trim();
    let seconds = text.split(['.', ',']).next().unwrap_or(text);
    let digits = seconds.strip_prefix('-').unwrap_or(seconds);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return if digits.len() < seconds.len() && digits.bytes().any(|b| b != b'0') {
            Err(TimestampError::Negative(text.to_string()))
        } else {
            digits
                .parse()
                .map_err(|_| TimestampError::TooLarge(text.to_string()))
        };
    }
    parse_time_with_fraction(text)
}
/// A date as `YYYY-MM-DD`: from RFC 2822 (`Tue, 10 Sep 2024 07:00:00 +0000`, the date as written in its own
/// zone) or from a date that starts `YYYY-MM-DD` (Atom, ISO 8601).
pub(super) fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    iso_date(raw).or_else(|| rfc2822_date(raw))
}

fn iso_date(raw: &str) -> Option<String> {
    let date = raw.get(..10)?;
    let rest = &raw[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    checked_date(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn rfc2822_date(raw: &str) -> Option<String> {
    let after_weekday = raw.split_once(',').map_or(raw, |(_, rest)| rest);
    let mut words = after_weekday.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month = words.next()?.to_ascii_lowercase();
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| month.starts_with(m))? as u32
        + 1;
    let year: u32 = words.next()?.parse().ok()?;
    let year = match year {
        0..=49 => year + 2000,
        50..=99 => year + 1900,
        _ => year,
    };
    checked_date(year, month, day)
}

fn checked_date(year: u32, month: u32, day: u32) -> Option<String> {
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_time_with_fraction` as first written: the mark found by `rfind` of the two chars.
    fn by_chars(text: &str) -> Result<u32, TimestampError> {
        match text.rfind(['.', ',']) {
            Some(dot)
                if !text[dot + 1..].is_empty()
                    && text[dot + 1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                parse_timestamp(&text[..dot])
            }
            _ => parse_timestamp(text),
        }
    }

    proptest::proptest! {
        /// The fraction's mark is found by bytes as `rfind` of the two chars found it.
        #[test]
        fn a_fraction_is_cut_where_rfind_cuts_it(text in "[0-9:.,é]{0,12}") {
            proptest::prop_assert_eq!(parse_time_with_fraction(&text), by_chars(&text));
        }

        /// `HH:MM:SS` is read without looking for a mark, and what looks like it but is not takes the
        /// long way to the same answer.
        #[test]
        fn clock_times_without_a_fraction_take_the_short_way(
            text in "[0-9]{2}:[0-9.,]{2}:[0-9.,]{2}([.,][0-9]{0,3})?"
        ) {
            proptest::prop_assert_eq!(parse_time_with_fraction(&text), by_chars(&text));
        }
    }

    #[test]
    fn durations_in_seconds_and_clock_forms() {
        for (text, seconds) in [
            ("4521", 4521),
            ("1:15:21", 4521),
            ("75:21", 4521),
            ("4521.7", 4521),
        ] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
        for text in ["soon", ""] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        for (text, error) in [
            ("4294967295", None),
            (
                "4294967296",
                Some(TimestampError::TooLarge("4294967296".into())),
            ),
            (
                "99999999999.5",
                Some(TimestampError::TooLarge("99999999999.5".into())),
            ),
            ("-5", Some(TimestampError::Negative("-5".into()))),
            ("-0", None),
        ] {
            assert_eq!(parse_duration(text).err(), error, "{text}");
        }
        for (seconds, ok) in [
            (0.0, true),
            (62.5, true),
            (4294967295.9, true),
            (4294967296.0, false),
            (-0.5, false),
            (f64::NAN, false),
            (f64::INFINITY, false),
        ] {
            assert_eq!(seconds_of_number(seconds, "x").is_ok(), ok, "{seconds}");
        }
    }

    #[test]
    fn cue_times_drop_the_fraction() {
        for text in ["00:01:02.500", "00:01:02,500", "01:02.5"] {
            assert_eq!(parse_time_with_fraction(text), Ok(62), "{text}");
        }
        assert!(parse_time_with_fraction("00:01:02.").is_err());
        assert!(matches!(
            parse_time_with_fraction("00:75:00.000"),
            Err(TimestampError::Impossible(_))
        ));
    }

    #[test]
    fn timestamps_serialize_as_they_display() {
        for seconds in [0, 59, 61, 3599, 3600, 86_399, 359_999, 360_000, u32::MAX] {
            let json = serde_json::to_string(&Timestamp(seconds)).unwrap();
            assert_eq!(json, format!("\"{}\"", Timestamp(seconds)));
        }
        assert_eq!(
            serde_json::to_string(&Timestamp(3723)).unwrap(),
            "\"01:02:03\""
        );
    }

    #[test]
    fn timestamps_in_every_form() {
        for (text, seconds) in [
            ("00:18:22", 1102),
            ("1:02:03", 3723),
            ("00:00", 0),
            ("5:07", 307),
            ("75:30", 4530),
        ] {
            assert_eq!(parse_timestamp(text), Ok(seconds), "{text}");
        }
        assert_eq!(format_timestamp(3723), "01:02:03");
    }

    /// A chapter at 1,000 hours or more was written `1000:00:00` but refused when read back, so a graph
    /// with one (from JSON seconds) could not be read by `query --graph` (found by fuzz/timestamps).
    #[test]
    fn every_time_castgraph_writes_reads_back() {
        for seconds in [
            0,
            3599,
            359_999,
            3_599_999,
            3_600_000,
            4_294_967_256,
            u32::MAX,
        ] {
            assert_eq!(
                parse_timestamp(&format_timestamp(seconds)),
                Ok(seconds),
                "{seconds}"
            );
        }
        assert_eq!(
            parse_timestamp("1193047:00:00"),
            Err(TimestampError::TooLarge("1193047:00:00".to_string()))
        );
        assert_eq!(
            parse_timestamp("12345678:00:00"),
            Err(TimestampError::Syntax("12345678:00:00".to_string()))
        );
        assert_eq!(
            parse_timestamp("1000:00"),
            Err(TimestampError::Syntax("1000:00".to_string()))
        );
    }

    #[test]
    fn impossible_times_are_refused() {
        use TimestampError::{Impossible, Syntax};
        for (text, expected) in [
            ("00:75:00", Impossible("00:75:00".to_string())),
            ("00:10:61", Impossible("00:10:61".to_string())),
            ("1:2:3", Syntax("1:2:3".to_string())),
            ("12", Syntax("12".to_string())),
            ("99999:00", Syntax("99999:00".to_string())),
        ] {
            assert_eq!(parse_timestamp(text), Err(expected), "{text}");
        }
    }

    #[test]
    fn dates_in_rfc_2822_and_iso_forms() {
        for (raw, date) in [
            ("Tue, 10 Sep 2024 07:00:00 +0000", Some("2024-09-10")),
            ("1 Feb 24 07:00 GMT", Some("2024-02-01")),
            ("2024-09-10T07:00:00Z", Some("2024-09-10")),
            ("2024-09-10", Some("2024-09-10")),
            ("2024-13-10", None),
            ("yesterday", None),
            ("Tue, 10 Sept 2024", Some("2024-09-10")),
            ("ż", None),
        ] {
            assert_eq!(normalize_date(raw).as_deref(), date, "{raw}");
        }
    }

    /// The fast path is checked against the plain definition it replaces.
    mod reference {
        use super::super::TimestampError;

        pub(super) fn parse_timestamp(text: &str) -> Result<u32, TimestampError> {
            let syntax = || TimestampError::Syntax(text.to_string());
            // Up to three parts, without allocating: this runs for every chapter.
            let mut split = text.split(':');
            let mut parts = [""; 3];
            let mut count = 0;
            for part in split.by_ref().take(3) {
                parts[count] = part;
                count += 1;
            }
            if !(2..=3).contains(&count) || split.next().is_some() {
                return Err(syntax());
            }
            let parts = &parts[..count];
            let mut numbers = [0u32; 3];
            let hours_given = parts.len() == 3;
            for (i, (slot, part)) in numbers[3 - parts.len()..].iter_mut().zip(parts).enumerate() {
                let most = if hours_given && i == 0 { 7 } else { 3 };
                if part.is_empty() || part.len() > most || !part.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(syntax());
                }
                *slot = part.parse().map_err(|_| syntax())?;
            }
            let [hours, minutes, seconds] = numbers;
            // Seconds always have two digits; so do minutes when hours are given.
            let last_two = |p: &str| p.len() == 2;
            if !last_two(parts[parts.len() - 1]) || (parts.len() == 3 && !last_two(parts[1])) {
                return Err(syntax());
            }
            if seconds >= 60 || (parts.len() == 3 && minutes >= 60) {
                return Err(TimestampError::Impossible(text.to_string()));
            }
            let total = u64::from(hours) * 3600 + u64::from(minutes) * 60 + u64::from(seconds);
            u32::try_from(total).map_err(|_| TimestampError::TooLarge(text.to_string()))
        }
    }

    use crate::ingest::chapters::tests::tricky_text;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn parsing_timestamps_matches_the_part_by_part_definition(text in tricky_text()) {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
        }

        #[test]
        fn parsing_digit_runs_matches_the_part_by_part_definition(text in "[0-9:]{0,16}") {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
        }

        #[test]
        fn parsing_hh_mm_ss_matches_the_part_by_part_definition(text in "[0-9]{2}:[0-9]{2}:[0-9]{2}") {
            prop_assert_eq!(parse_timestamp(&text), reference::parse_timestamp(&text));
        }
    }
}
