//! Untrusted text made safe for a terminal: what the query report and the command line print.

use std::borrow::Cow;

/// Text from the input made safe for a terminal: control characters (escape sequences, BEL, NUL, `\r`,
/// `\n`, the C1 controls) and the bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin, which
/// make a line read as another) are shown as `\u{..}` instead of acting on the terminal.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unprintable) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unprintable(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

fn unprintable(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The Unicode bidirectional formatting characters: the marks (U+061C, U+200E, U+200F), the embeddings and
/// overrides (U+202A..U+202E) and the isolates (U+2066..U+2069).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("red \u{1b}[31m"), "red \\u{1b}[31m");
        assert_eq!(
            printable("bel\u{7} nul\u{0} csi\u{9b}"),
            "bel\\u{7} nul\\u{0} csi\\u{9b}"
        );
    }

    #[test]
    fn bidi_controls_are_shown_not_obeyed() {
        assert_eq!(
            printable("x \u{202e}txt.exe\u{202c} \u{2067}y\u{2069} \u{200f}"),
            "x \\u{202e}txt.exe\\u{202c} \\u{2067}y\\u{2069} \\u{200f}"
        );
        // Right-to-left text itself is not a control: it is shown as it is.
        assert_eq!(printable("שלום مرحبا"), "שלום مرحبا");
    }
}
