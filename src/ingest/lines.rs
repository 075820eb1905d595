//! The lines of a text exactly as [`str::lines`] gives them, found with `memchr`, and their leading
//! whitespace taken off as [`str::trim_start`] does: reading a folder of transcripts goes through each
//! file's lines twice (sniffing its format, then parsing it), and `str::lines`, a character search per
//! line, was 5% of building Talk Python's transcripts.

/// The lines of `text`, each without its `\n` or `\r\n`, the last one without it too when it has none.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || match ends.next() {
        Some(end) => {
            let line = &text[start..end];
            start = end + 1;
            Some(line.strip_suffix('\r').unwrap_or(line))
        }
        // A last line without a line ending keeps a `\r` it ends with, as `str::lines` does.
        None if start < text.len() => {
            let line = &text[start..];
            start = text.len();
            Some(line)
        }
        None => None,
    })
}

/// `text.trim_start()`, without decoding a character when the text starts with an ASCII byte that is not
/// whitespace, as a transcript's lines start with their timestamps: `str::trim_start` decodes the first
/// character and asks the Unicode tables (79 instructions a cue of Talk Python's transcripts, three calls
/// each).
pub(super) fn trim_start(text: &str) -> &str {
    match text.as_bytes().first() {
        // A blank line between cues: half the lines of a transcript.
        None => text,
        // The ASCII whitespace of `char::is_whitespace`: tab, line feed, vertical tab, form feed, carriage
        // return and space.
        Some(&b) if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ') => text,
        _ => text.trim_start(),
    }
}

/// Whether a line is blank: whitespace only, as `line.trim().is_empty()` says.
pub(super) fn is_blank(line: &str) -> bool {
    trim_start(line).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_start_is_the_standard_one() {
        let mut texts: Vec<String> = (0..=0x7f_u8)
            .flat_map(|b| {
                let c = char::from(b);
                [format!("{c}"), format!("{c}x "), format!("{c} {c}y")]
            })
            .collect();
        for c in [
            '\u{85}', '\u{a0}', '\u{2003}', '\u{3000}', '\u{feff}', 'é', '\u{1c}',
        ] {
            texts.push(format!("{c}x"));
            texts.push(format!(" {c}x"));
        }
        texts.push(String::new());
        for text in &texts {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(is_blank(text), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn lines_are_those_str_lines_gives() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\r",
            "a\r",
            "\r\n\r\n",
            "\r",
            "é\n\u{2028}x\r\n\r",
            "00:00:01 Hi\n\n00:00:04 there.\r\n",
        ];
        for text in texts {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }
}
