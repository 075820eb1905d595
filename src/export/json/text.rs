//! JSON text written straight into a buffer, byte for byte as `serde_json`'s compact form writes it, and
//! optionally with a line break before each item of the outermost array (one node or edge a line). The
//! node-link document of an archive is a gigabyte, and through `serde` most of its cost was keys escaped
//! again for every value, strings escaped a byte at a time and numbers formatted through intermediate
//! buffers. Short pieces are appended as whole words, cut to length: a copy of unknown length costs a
//! call to `memcpy`.

use crate::ingest::Timestamp;

/// A writer of JSON values into a buffer, inside some number of open objects and arrays.
pub(super) struct JsonText<'a> {
    out: &'a mut Vec<u8>,
    /// How many objects and arrays are open inside the writer's outermost level.
    depth: usize,
    /// Whether each item of the outermost level starts a line.
    lines: bool,
    /// Whether the innermost open object or array has no member yet.
    empty: bool,
}

impl<'a> JsonText<'a> {
    /// A writer of the items of an array that already has items: each item is written after a comma, and
    /// after a line break too when `lines`.
    pub fn items_of(out: &'a mut Vec<u8>, lines: bool) -> Self {
        JsonText {
            out,
            depth: 0,
            lines,
            empty: false,
        }
    }

    /// A writer of one value, compact.
    pub fn value(out: &'a mut Vec<u8>) -> Self {
        JsonText {
            out,
            depth: 0,
            lines: false,
            empty: true,
        }
    }

    /// An object, its members written by `members` (each through [`JsonText::key`]).
    pub fn object(&mut self, members: impl FnOnce(&mut Self)) {
        self.nest(b'{', b'}', members);
    }

    /// An array, its items written by `items` (each after [`JsonText::item`]).
    pub fn array(&mut self, items: impl FnOnce(&mut Self)) {
        self.nest(b'[', b']', items);
    }

    fn nest(&mut self, open: u8, close: u8, inside: impl FnOnce(&mut Self)) {
        self.out.push(open);
        self.depth += 1;
        self.empty = true;
        inside(self);
        self.depth -= 1;
        self.out.push(close);
        // The enclosing object or array holds at least this value.
        self.empty = false;
    }

    /// `"name":` before a member's value. Keys are the contract's, which never need escaping.
    #[inline(always)]
    pub fn key(&mut self, name: &'static str) -> &mut Self {
        debug_assert!(!name.bytes().any(needs_escape));
        self.separate();
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        // Two constant copies: one of two or three bytes would be a call to `memcpy`.
        self.out.extend_from_slice(b"\":");
        self
    }

    /// Before an item of an array.
    #[inline]
    pub fn item(&mut self) -> &mut Self {
        self.separate();
        self
    }

    #[inline]
    fn separate(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        if self.lines && self.depth == 0 {
            self.out.push(b'\n');
        }
    }

    pub fn string(&mut self, text: &str) {
        write_string::<true>(self.out, text);
    }

    /// A string, checked for bytes to escape unless it is known to have none.
    pub fn string_known(&mut self, text: &str, needs_no_escaping: bool) {
        match needs_no_escaping {
            true => write_string::<false>(self.out, text),
            false => write_string::<true>(self.out, text),
        }
    }

    /// A string known to need no escaping (an enum's name).
    #[inline(always)]
    pub fn plain(&mut self, text: &'static str) {
        debug_assert!(!text.bytes().any(needs_escape));
        self.out.push(b'"');
        self.out.extend_from_slice(text.as_bytes());
        self.out.push(b'"');
    }

    pub fn string_or_null(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.null(),
        }
    }

    pub fn u32(&mut self, n: u32) {
        let len = n.checked_ilog10().unwrap_or(0) as usize + 1;
        let mut digits = [0u8; 10];
        let mut rest = n;
        for digit in digits[..len].iter_mut().rev() {
            *digit = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        push_prefix(self.out, &digits, len);
    }

    pub fn u32_or_null(&mut self, n: Option<u32>) {
        match n {
            Some(n) => self.u32(n),
            None => self.null(),
        }
    }

    pub fn timestamp_or_null(&mut self, start: Option<Timestamp>) {
        match start {
            Some(start) => self.timestamp(start),
            None => self.null(),
        }
    }

    /// `"HH:MM:SS"`, as [`Timestamp`] serializes.
    pub fn timestamp(&mut self, start: Timestamp) {
        match start.hhmmss() {
            Some(text) => {
                self.out.push(b'"');
                self.out.extend_from_slice(&text);
                self.out.push(b'"');
            }
            None => self.string(&start.to_string()),
        }
    }

    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }
}

/// How `serde_json` escapes each byte: 0 for none, `u` for `\u00XX`, else the letter after the backslash.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = match byte {
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            _ => b'u',
        };
        byte += 1;
    }
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

fn needs_escape(byte: u8) -> bool {
    ESCAPE[byte as usize] != 0
}

/// Whether any byte of `text` needs escaping: one pass without branches, which the compiler vectorizes.
pub(super) fn needs_escaping(text: &str) -> bool {
    text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Write `text` as a JSON string: quotes, backslashes and control characters escaped as `serde_json`
/// escapes them, everything else (non-ASCII too) as it is. Most text needs no escaping: it is checked
/// (unless `CHECKED` is false: the caller knows) and copied eight bytes at a time.
fn write_string<const CHECKED: bool>(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut rest = bytes;
    out.reserve(rest.len() + 10);
    out.push(b'"');
    loop {
        let (word, len) = match rest.first_chunk::<8>() {
            Some(word) => (*word, 8),
            None => (tail_word(bytes, rest.len()), rest.len()),
        };
        let flags = if CHECKED {
            escape_flags(u64::from_le_bytes(word))
        } else {
            0
        };
        if flags == 0 {
            push_prefix(out, &word, len);
            if len < 8 {
                break;
            }
            rest = &rest[8..];
        } else {
            let at = first_flagged(flags);
            push_prefix(out, &word, at);
            push_escape(out, word[at]);
            rest = &rest[at + 1..];
        }
    }
    out.push(b'"');
}

/// The last `len` bytes of `bytes` (fewer than eight) as a word, padded with spaces (which need no
/// escaping). Made in a register: bytes stored one by one and read back as a word would stall the load.
fn tail_word(bytes: &[u8], len: usize) -> [u8; 8] {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    if len == 0 {
        return SPACES.to_le_bytes();
    }
    let tail = match bytes.last_chunk::<8>() {
        // The text's last eight bytes, shifted down to the ones not yet written.
        Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - len)),
        None => short_word(&bytes[bytes.len() - len..]),
    };
    (tail | SPACES << (8 * len)).to_le_bytes()
}

/// A text of fewer than eight bytes as a little-endian word, read four, two and one bytes at a time.
fn short_word(text: &[u8]) -> u64 {
    let mut word = 0;
    let mut at = 0;
    if let Some(four) = text.first_chunk::<4>().filter(|_| text.len() & 4 != 0) {
        word = u32::from_le_bytes(*four) as u64;
        at = 4;
    }
    if let Some(two) = text[at..]
        .first_chunk::<2>()
        .filter(|_| text.len() & 2 != 0)
    {
        word |= (u16::from_le_bytes(*two) as u64) << (8 * at);
        at += 2;
    }
    if let Some(&one) = text.get(at).filter(|_| text.len() & 1 != 0) {
        word |= (one as u64) << (8 * at);
    }
    word
}

/// Append the first `len` bytes of `bytes`: all of them are stored and the rest cut off again.
#[inline(always)]
fn push_prefix<const N: usize>(out: &mut Vec<u8>, bytes: &[u8; N], len: usize) {
    let end = out.len() + len;
    out.extend_from_slice(bytes);
    out.truncate(end);
}

/// The high bit of each byte of `word` that is a control character, `"` or `\`, and maybe of bytes after
/// such a byte (the classic "has a byte less than n" and "has a zero byte" tests: a borrow can flag bytes
/// above a flagged one, never below, so the lowest flag is exact).
fn escape_flags(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    below_space | zero_bytes(word ^ (ONES * b'"' as u64)) | zero_bytes(word ^ (ONES * b'\\' as u64))
}

/// The index of the first flagged byte of a word read little-endian.
fn first_flagged(flags: u64) -> usize {
    flags.trailing_zeros() as usize / 8
}

fn push_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match ESCAPE[byte as usize] {
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(byte >> 4) as usize],
            HEX[(byte & 0xf) as usize],
        ]),
        letter => out.extend_from_slice(&[b'\\', letter]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        write_string::<true>(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    /// Untrusted titles: every escape, at every offset of the eight-byte words, beside non-ASCII text.
    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = [
            "",
            "plain ASCII title, long enough for several words",
            "say \"hi\"",
            r"C:\path\to\file",
            "tab\there\nnew line\r\u{8}\u{c}",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "U+2028 \u{2028} U+2029 \u{2029}",
            "emoji 🐍🎙️ and Łukasz’s “quotes”",
            "\u{1b}[31mred\u{1b}[0m",
        ]
        .map(String::from)
        .to_vec();
        for special in ['"', '\\', '\n', '\u{0}', '\u{1f}', '\u{7f}', 'é', '🐍'] {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrstuvwxyz".chars().take(at).collect();
                text.push(special);
                text.push_str("0123456789");
                texts.push(text);
            }
        }
        // Every length, for the tails shorter than a word.
        for len in 0..=24 {
            texts.push("ab€🐍".chars().cycle().take(len).collect());
            for at in 0..len {
                for special in ['"', '\\', '\u{1}'] {
                    let mut text: Vec<char> =
                        "abcdefghijklmnopqrstuvwx".chars().take(len).collect();
                    text[at] = special;
                    texts.push(text.into_iter().collect());
                }
            }
        }
        texts.extend((0u8..=0x7f).map(|b| {
            format!(
                "{}{}{}",
                "x".repeat(b as usize % 9),
                b as char,
                "y".repeat(9)
            )
        }));
        for text in &texts {
            let expected = serde_json::to_string(text).unwrap();
            assert_eq!(escaped(text), expected, "{text:?}");
            let plain = !text.bytes().any(needs_escape);
            assert_eq!(needs_escaping(text), !plain, "{text:?}");
            if plain {
                let mut out = Vec::new();
                JsonText::value(&mut out).string_known(text, true);
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn every_byte_value_is_classified_like_serde_json() {
        for byte in 0..=u8::MAX {
            let word = u64::from_le_bytes([b'a', b'b', byte, b'c', b'd', b'e', b'f', b'g']);
            let flags = escape_flags(word);
            assert_eq!(flags != 0, needs_escape(byte), "{byte:#x}");
            if flags != 0 {
                assert_eq!(first_flagged(flags), 2);
            }
            assert_eq!(
                needs_escape(byte),
                byte < 0x20 || byte == b'"' || byte == b'\\'
            );
        }
    }

    /// Borrows between neighbouring bytes must never hide the first byte to escape.
    #[test]
    fn the_first_flagged_byte_of_a_word_is_the_first_to_escape() {
        let values = [
            0x00, 0x01, 0x08, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xa0,
            0xff,
        ];
        for i in 0..8 {
            for j in i + 1..8 {
                for (&a, &b) in values
                    .iter()
                    .flat_map(|a| values.iter().map(move |b| (a, b)))
                {
                    let mut word = [b'a'; 8];
                    (word[i], word[j]) = (a, b);
                    let expected = word.iter().position(|&b| needs_escape(b));
                    let flags = escape_flags(u64::from_le_bytes(word));
                    let found = (flags != 0).then(|| first_flagged(flags));
                    assert_eq!(found, expected, "{word:x?}");
                }
            }
        }
    }

    #[test]
    fn nested_values_are_laid_out_like_serde_json() {
        let value = serde_json::json!({
            "a": [1, {"b": null, "c": []}, "x"],
            "d": {},
            "e": [[]],
            "f": null,
        });
        let mut out = Vec::new();
        JsonText::value(&mut out).object(|w| {
            w.key("a").array(|w| {
                w.item().u32(1);
                w.item().object(|w| {
                    w.key("b").null();
                    w.key("c").array(|_| {});
                });
                w.item().plain("x");
            });
            w.key("d").object(|_| {});
            w.key("e").array(|w| w.item().array(|_| {}));
            w.key("f").null();
        });
        let expected = serde_json::to_string(&value).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    /// One item a line: a line break after each comma between the outermost items, none inside them.
    #[test]
    fn items_one_per_line_break_only_between_the_outermost_items() {
        let mut out = Vec::new();
        let mut w = JsonText::items_of(&mut out, true);
        for n in [1, 2] {
            w.item().object(|w| {
                w.key("n").u32(n);
                w.key("l").array(|w| {
                    w.item().u32(n);
                    w.item().null();
                });
            });
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            ",\n{\"n\":1,\"l\":[1,null]},\n{\"n\":2,\"l\":[2,null]}"
        );
    }

    #[test]
    fn numbers_and_timestamps_are_written_like_serde() {
        for n in [0, 7, 10, 99, 12_345, u32::MAX] {
            let mut out = Vec::new();
            JsonText::value(&mut out).u32(n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
        for seconds in [0, 59, 3600, 99 * 3600 + 3599, 100 * 3600, u32::MAX] {
            let mut out = Vec::new();
            JsonText::value(&mut out).timestamp(Timestamp(seconds));
            assert_eq!(out, serde_json::to_vec(&Timestamp(seconds)).unwrap());
        }
    }
}
