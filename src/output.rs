//! Untrusted text made safe for a terminal: what the query report and the command line print.

/// Text from the input made safe for a terminal: control characters (escape sequences, `\r`) are shown
/// as `\u{..}` instead of acting on the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("red \u{1b}[31m"), "red \\u{1b}[31m");
    }
}
