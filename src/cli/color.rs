//! Colour for people, never for programs: `--color auto` colours a stream only when it is a terminal and
//! NO_COLOR is not set, so output in a pipe stays byte for byte what it was.

use std::io::IsTerminal;

use super::args::ColorChoice;

const RESET: &str = "\x1b[0m";

/// The styles castgraph uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The `error:` prefix.
    Error,
    /// The `warning:` prefix.
    Warning,
    /// A heading in a report.
    Heading,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Error => "\x1b[1;31m",
            Style::Warning => "\x1b[1;33m",
            Style::Heading => "\x1b[1m",
        }
    }
}

/// Whether one stream (standard output or standard error) is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    enabled: bool,
}

impl Paint {
    /// The choice for a stream, given whether it is a terminal and the NO_COLOR environment variable.
    pub fn new(choice: ColorChoice, is_terminal: bool, no_color: Option<&str>) -> Self {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: set and not empty means no colour.
            ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty),
        };
        Paint { enabled }
    }

    /// Whether this stream is coloured (and so a terminal that may show hyperlinks too).
    pub fn enabled(self) -> bool {
        self.enabled
    }

    /// `text` in `style`, or as it is when colour is off.
    pub fn paint(self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{}{text}{RESET}", style.code())
        } else {
            text.to_string()
        }
    }
}

/// Colour for standard output and standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    pub stdout: Paint,
    pub stderr: Paint,
}

impl Colors {
    /// What `--color` asks for, on this process's streams and environment.
    pub fn detect(choice: ColorChoice) -> Self {
        let no_color = std::env::var("NO_COLOR").ok();
        Colors {
            stdout: Paint::new(choice, std::io::stdout().is_terminal(), no_color.as_deref()),
            stderr: Paint::new(choice, std::io::stderr().is_terminal(), no_color.as_deref()),
        }
    }

    /// Print a warning on standard error.
    pub fn warn(self, message: impl std::fmt::Display) {
        let message = inert(&message.to_string());
        to_stderr(format_args!(
            "{} {message}",
            self.stderr.paint(Style::Warning, "warning:")
        ));
    }

    /// Print an error on standard error (`{:#}` shows an anyhow error's causes).
    pub fn error(self, message: impl std::fmt::Display) {
        let message = inert(&format!("{message:#}"));
        to_stderr(format_args!(
            "{} {message}",
            self.stderr.paint(Style::Error, "error:")
        ));
    }
}

/// A message that may quote the input (a name, a title, a path) made safe for a terminal line by line:
/// its own line breaks stay, while escape sequences, other control characters and bidi controls in the
/// quoted text are shown as `\u{..}`.
fn inert(message: &str) -> String {
    message
        .split('\n')
        .map(castgraph::printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line on standard error; when that fails (`2>/dev/full`) there is nowhere left to say so, and the exit
/// status still tells (`eprintln!` would panic instead).
fn to_stderr(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color_unless_forced() {
        let cases = [
            (ColorChoice::Auto, true, None, true),
            (ColorChoice::Auto, false, None, false),
            (ColorChoice::Auto, true, Some("1"), false),
            (ColorChoice::Auto, true, Some(""), true),
            (ColorChoice::Always, false, Some("1"), true),
            (ColorChoice::Never, true, None, false),
        ];
        for (choice, terminal, no_color, enabled) in cases {
            let paint = Paint::new(choice, terminal, no_color);
            assert_eq!(paint.enabled, enabled, "{choice:?} {terminal} {no_color:?}");
        }
    }

    #[test]
    fn warnings_and_errors_quote_the_input_inert_and_keep_their_lines() {
        let message = "no node `a\u{1b}[31mb\u{7}`\nknown: `c\u{202e}d`";
        assert_eq!(
            inert(message),
            "no node `a\\u{1b}[31mb\\u{7}`\nknown: `c\\u{202e}d`"
        );
        assert_eq!(inert("plain\ntext"), "plain\ntext");
    }

    #[test]
    fn without_colour_the_text_is_unchanged() {
        let off = Paint::new(ColorChoice::Never, true, None);
        assert_eq!(off.paint(Style::Heading, "PEPs:"), "PEPs:");
        let on = Paint::new(ColorChoice::Always, false, None);
        assert_eq!(on.paint(Style::Error, "error:"), "\x1b[1;31merror:\x1b[0m");
    }
}
