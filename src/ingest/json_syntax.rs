//! A JSON syntax error placed where the text goes wrong: every JSON castgraph reads (show notes, chapters
//! files, graphs, PEP metadata) reports its errors through this.
//!
//! serde_json counts a newline as column 0 of the next line, so a file cut short after a newline is placed
//! at column 0 of a line past its end, and a newline inside a string at column 0 of the line after it. Here
//! an error at the end of the text is placed just after its last character, one at a newline at that
//! newline; the message is serde_json's without its own position, which would contradict the one given.

use std::fmt;

/// A serde_json syntax error with its 1-based line and column in the text that was parsed.
#[derive(Debug)]
pub(crate) struct JsonSyntax {
    pub(crate) line: usize,
    pub(crate) column: usize,
    error: serde_json::Error,
}

impl JsonSyntax {
    /// `error`, from parsing `text`, placed in `text`.
    pub(crate) fn new(text: &str, error: serde_json::Error) -> Self {
        let (line, column) = position(text, &error);
        JsonSyntax {
            line,
            column,
            error,
        }
    }
}

impl fmt::Display for JsonSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.error.to_string();
        match message.rsplit_once(" at line ") {
            Some((message, _)) => f.write_str(message),
            None => f.write_str(&message),
        }
    }
}

impl std::error::Error for JsonSyntax {}

fn position(text: &str, error: &serde_json::Error) -> (usize, usize) {
    let after = |text: &str| {
        let line_start = text.rfind('\n').map_or(0, |i| i + 1);
        (
            text.matches('\n').count() + 1,
            text[line_start..].chars().count() + 1,
        )
    };
    if error.is_eof() {
        return after(text.trim_end());
    }
    match (error.line(), error.column()) {
        (line, 0) if line > 1 => {
            // The newline that ends line `line - 1`.
            let end = text
                .match_indices('\n')
                .nth(line - 2)
                .map_or(text.len(), |(i, _)| i);
            after(&text[..end])
        }
        (line, column) => (line, column.max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(text: &str) -> JsonSyntax {
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        JsonSyntax::new(text, error)
    }

    #[test]
    fn a_text_cut_after_a_newline_is_placed_after_its_last_character_not_at_column_0() {
        let text = "{\"1\": {\"title\": \"Ä x\"\n\n";
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!((error.line(), error.column()), (3, 0));
        let error = JsonSyntax::new(text, error);
        assert_eq!((error.line, error.column), (1, 22));
        assert_eq!(error.to_string(), "EOF while parsing an object");
    }

    #[test]
    fn an_error_at_a_newline_is_placed_at_that_newline() {
        // A newline inside a string: serde_json says line 2, column 0.
        let error = syntax("{\"1\n\": {}}");
        assert_eq!((error.line, error.column), (1, 4));
        let error = syntax("{\"1\": {\"title\": \"A\"}\n\n]");
        assert_eq!((error.line, error.column), (3, 1));
    }

    #[test]
    fn an_error_inside_a_line_keeps_serde_jsons_place() {
        let error = syntax("[1,\n  2 x]");
        assert_eq!((error.line, error.column), (2, 5));
        assert_eq!(error.to_string(), "expected `,` or `]`");
    }
}
