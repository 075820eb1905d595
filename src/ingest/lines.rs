//! The lines of a text exactly as [`str::lines`] gives them, found with `memchr`: reading a folder of
//! transcripts goes through each file's lines up to three times (sniffing its format twice, then parsing
//! it), and `str::lines`, a character search per line, was 5% of building Talk Python's transcripts.

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

#[cfg(test)]
mod tests {
    use super::*;

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
