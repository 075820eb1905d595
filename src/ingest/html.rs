//! HTML to plain text, for feed descriptions and transcript cues.
//!
//! Feeds put their show notes in HTML (`<p>`, `<br>`, `<li>`, links), either in CDATA or escaped. The chapter
//! finder works on lines of text, so block-level tags become line breaks, every other tag is dropped, the
//! contents of `<script>` and `<style>` are dropped, and entities (named and numeric) are decoded. One pass,
//! linear in the input, never fails.

use memchr::{memchr, memrchr};

/// Tags that end a line of text.
const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dd",
    "dt",
    "dl",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
];

/// Tags whose contents are not text.
const DROPPED_TAGS: &[&str] = &["script", "style"];

/// The text of an HTML fragment: block tags become line breaks, other tags vanish, entities are decoded.
/// Lines are trimmed and runs of blank lines collapse to one.
pub(super) fn to_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    // With no `>` after a `<`, that `<` is text; knowing the last `>` keeps the scan linear.
    let last_gt = memrchr(b'>', html.as_bytes());
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &html.as_bytes()[pos..]) {
        let lt = pos + rel;
        out.push_str(&html[pos..lt]);
        let markup = if last_gt.is_some_and(|gt| gt > lt) {
            skip_markup(html, &lower, lt, &mut out)
        } else {
            None
        };
        pos = match markup {
            Some(next) => next,
            None => {
                out.push('<');
                lt + 1
            }
        };
    }
    out.push_str(&html[pos..]);
    tidy_lines(&html_escape::decode_html_entities(&out))
}

/// If a tag, comment or declaration starts at `lt`, write what it stands for and return the position after
/// it; `None` when the `<` is text.
fn skip_markup(html: &str, lower: &str, lt: usize, out: &mut String) -> Option<usize> {
    let rest = &lower[lt + 1..];
    if rest.starts_with("!--") {
        return Some(
            lower[lt..]
                .find("-->")
                .map_or(html.len(), |end| lt + end + 3),
        );
    }
    let first = rest.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!' || first == b'?') {
        return None;
    }
    let gt = lt + 1 + memchr(b'>', rest.as_bytes())?;
    let name = tag_name(&lower[lt + 1..gt]);
    // `</p><p>` and `<br><br>` make one line break, not a blank line.
    if BLOCK_TAGS.contains(&name) && !out.trim_end_matches([' ', '\t']).ends_with('\n') {
        out.push('\n');
    }
    let closing = rest.starts_with('/');
    let self_closing = lower[..gt].ends_with('/');
    if DROPPED_TAGS.contains(&name) && !closing && !self_closing {
        let end_tag = format!("</{name}");
        return Some(match lower[gt..].find(&end_tag) {
            Some(end) => {
                memchr(b'>', &lower.as_bytes()[gt + end..]).map_or(html.len(), |e| gt + end + e + 1)
            }
            None => html.len(),
        });
    }
    Some(gt + 1)
}

/// The lowercase name of the tag whose inside (between `<` and `>`) is given.
fn tag_name(inside: &str) -> &str {
    let inside = inside.trim_start_matches('/');
    let end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(inside.len());
    &inside[..end]
}

/// Trim every line, collapse runs of blank lines, drop leading and trailing blank lines.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_tags_become_line_breaks() {
        assert_eq!(
            to_text(
                "<p>About the JIT.</p><p>00:00:00 Intro<br>00:01:30 <b>Part</b> one<br/>00:02:00 Two</p>"
            ),
            "About the JIT.\n00:00:00 Intro\n00:01:30 Part one\n00:02:00 Two"
        );
        assert_eq!(to_text("<ul><li>a</li><li>b</li></ul>"), "a\nb");
    }

    #[test]
    fn entities_named_and_numeric_are_decoded_after_tags_are_stripped() {
        assert_eq!(
            to_text("copy &amp; patch &#8212; &lt;b&gt; &#x41;"),
            "copy & patch \u{2014} <b> A"
        );
    }

    #[test]
    fn script_style_and_comments_are_dropped() {
        assert_eq!(
            to_text(
                "a<script type=x>alert('<p>')</script>b<STYLE>p{}</STYLE>c<!-- <p> -->d<script/>e"
            ),
            "abcde"
        );
        assert_eq!(to_text("a<script>never closed"), "a");
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(to_text("1 < 2 and 3 <4"), "1 < 2 and 3 <4");
        assert_eq!(to_text("a <b unclosed"), "a <b unclosed");
        assert_eq!(to_text("ends with <"), "ends with <");
    }

    #[test]
    fn multibyte_text_survives() {
        assert_eq!(
            to_text("<p>Łukasz – Pablo</p><p>żółw</p>"),
            "Łukasz – Pablo\nżółw"
        );
    }
}
