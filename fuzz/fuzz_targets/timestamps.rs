//! Fuzz the time parsers every reader uses for chapter starts, cue times and durations
//! (`parse_timestamp`, `parse_time_with_fraction`, `parse_duration`): any text is refused with an error or
//! read as seconds, and a time castgraph writes (`format_timestamp`) reads back as the same seconds.

#![no_main]

use castgraph::ingest::{
    format_timestamp, parse_duration, parse_time_with_fraction, parse_timestamp,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for seconds in [
        parse_timestamp(text),
        parse_time_with_fraction(text),
        parse_duration(text),
    ]
    .into_iter()
    .flatten()
    {
        let written = format_timestamp(seconds);
        assert_eq!(
            parse_timestamp(&written).ok(),
            Some(seconds),
            "{text:?} read as {seconds} s, written {written:?}, does not read back"
        );
    }
});
