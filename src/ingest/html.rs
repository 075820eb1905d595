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

/// An HTML fragment as Markdown, for the reader of notes without times: headings stay headings (`<h3>` ->
/// `###`), bold stays bold, links keep their targets, list items stay items (nested ones indented), `<pre>`
/// becomes a code block, and every other tag is dropped. Text is unescaped from HTML and escaped for
/// Markdown, so nothing in it reads as markup. A fragment without tags is plain text, a paragraph a line.
pub(super) fn to_markdown(html: &str) -> String {
    let has_tags = html.contains('<') && html.contains('>');
    if !has_tags {
        let lines: Vec<String> = html
            .lines()
            .map(|line| escape_markdown(html_escape::decode_html_entities(line.trim()).as_ref()))
            .filter(|line| !line.is_empty())
            .collect();
        return lines.join("\n\n");
    }
    let mut writer = MarkdownWriter::default();
    let lower = html.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &html.as_bytes()[pos..]) {
        let lt = pos + rel;
        writer.text(&html[pos..lt]);
        pos = match tag_at(html, &lower, lt) {
            Some(TagAt::Skip(next)) => next,
            Some(TagAt::Tag { gt, name, closing }) => {
                writer.tag(name, closing, &html[lt + 1..gt]);
                gt + 1
            }
            None => {
                writer.text("<");
                lt + 1
            }
        };
    }
    writer.text(&html[pos..]);
    writer.finish()
}

/// What starts at a `<`.
enum TagAt<'a> {
    /// A comment, a declaration, or a dropped element (`<script>`): where the text goes on.
    Skip(usize),
    Tag {
        gt: usize,
        name: &'a str,
        closing: bool,
    },
}

fn tag_at<'a>(html: &str, lower: &'a str, lt: usize) -> Option<TagAt<'a>> {
    let rest = &lower[lt + 1..];
    if rest.starts_with("!--") {
        let end = lower[lt..]
            .find("-->")
            .map_or(html.len(), |end| lt + end + 3);
        return Some(TagAt::Skip(end));
    }
    let first = rest.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!' || first == b'?') {
        return None;
    }
    let gt = lt + 1 + memchr(b'>', rest.as_bytes())?;
    let name = tag_name(&lower[lt + 1..gt]);
    let closing = rest.starts_with('/');
    if first == b'!' || first == b'?' {
        return Some(TagAt::Skip(gt + 1));
    }
    if DROPPED_TAGS.contains(&name) && !closing && !lower[..gt].ends_with('/') {
        let end_tag = format!("</{name}");
        let end = match lower[gt..].find(&end_tag) {
            Some(end) => {
                memchr(b'>', &lower.as_bytes()[gt + end..]).map_or(html.len(), |e| gt + end + e + 1)
            }
            None => html.len(),
        };
        return Some(TagAt::Skip(end));
    }
    Some(TagAt::Tag { gt, name, closing })
}

/// Writes Markdown as the tags of an HTML fragment open and close.
#[derive(Default)]
struct MarkdownWriter {
    out: String,
    /// Open `<b>`/`<strong>` elements; `**` is written once, before the first word inside them.
    strong: usize,
    strong_written: bool,
    /// The targets of the open links (`None` for an `<a>` without `href`).
    links: Vec<Option<String>>,
    lists: usize,
    pre: bool,
}

impl MarkdownWriter {
    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        if self.pre {
            self.out.push_str(&decoded);
            return;
        }
        let collapsed: Vec<&str> = decoded.split_whitespace().collect();
        if collapsed.is_empty() {
            if !decoded.is_empty() && !self.at_line_start() && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
            return;
        }
        if decoded.starts_with(char::is_whitespace)
            && !self.at_line_start()
            && !self.out.ends_with(' ')
        {
            self.out.push(' ');
        }
        if self.strong > 0 && !self.strong_written {
            self.out.push_str("**");
            self.strong_written = true;
        }
        self.out.push_str(&escape_markdown(&collapsed.join(" ")));
        if decoded.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    /// At the start of a line or of a list item, where a space would indent.
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n') || self.out.ends_with("- ")
    }

    fn tag(&mut self, name: &str, closing: bool, inside: &str) {
        match (name, closing) {
            ("b" | "strong", false) => self.strong += 1,
            ("b" | "strong", true) => self.close_strong(),
            ("a", false) => {
                self.out.push('[');
                self.links.push(attribute_value(inside, "href"));
            }
            ("a", true) => {
                if let Some(link) = self.links.pop() {
                    self.trim_trailing_spaces();
                    match link {
                        Some(href) => {
                            self.out.push_str("](");
                            self.out.push_str(&link_destination(&href));
                            self.out.push(')');
                        }
                        None => self.out.push_str("]()"),
                    }
                }
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.block_break();
                let level = name[1..].parse::<usize>().unwrap_or(1);
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
            }
            ("ul" | "ol", false) => {
                self.line_break();
                self.lists += 1;
            }
            ("ul" | "ol", true) => {
                self.lists = self.lists.saturating_sub(1);
                if self.lists == 0 {
                    self.block_break();
                }
            }
            ("li", false) => {
                self.line_break();
                self.out
                    .push_str(&"  ".repeat(self.lists.saturating_sub(1)));
                self.out.push_str("- ");
            }
            ("pre", false) => {
                self.block_break();
                self.out.push_str("```\n");
                self.pre = true;
            }
            ("pre", true) => {
                self.pre = false;
                self.line_break();
                self.out.push_str("```");
                self.block_break();
            }
            ("br", _) if self.lists > 0 => self.out.push(' '),
            ("br", _) => self.line_break(),
            (name, _) if BLOCK_TAGS.contains(&name) && self.lists > 0 => self.out.push(' '),
            (name, _) if BLOCK_TAGS.contains(&name) => self.block_break(),
            _ => {}
        }
    }

    fn close_strong(&mut self) {
        self.strong = self.strong.saturating_sub(1);
        if self.strong == 0 && self.strong_written {
            let trailing = self.trim_trailing_spaces();
            self.out.push_str("**");
            if trailing {
                self.out.push(' ');
            }
            self.strong_written = false;
        }
    }

    /// Remove spaces at the end; whether there were any.
    fn trim_trailing_spaces(&mut self) -> bool {
        let kept = self.out.trim_end_matches(' ').len();
        let had = kept < self.out.len();
        self.out.truncate(kept);
        had
    }

    fn line_break(&mut self) {
        if self.strong > 0 && self.strong_written {
            // Bold never runs over a line: close it here, open it again on the next word.
            self.trim_trailing_spaces();
            self.out.push_str("**");
            self.strong_written = false;
        }
        self.trim_trailing_spaces();
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn block_break(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.out.trim().to_string()
    }
}

/// The value of attribute `name` in the inside of a tag (`a href="x" target=_blank`), entities decoded.
fn attribute_value(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        let boundary = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = inside[from..].trim_start();
        let (true, Some(value)) = (boundary, rest.strip_prefix('=')) else {
            continue;
        };
        let value = value.trim_start();
        let raw = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        return Some(html_escape::decode_html_entities(raw.trim()).into_owned());
    }
    None
}

/// A link target as Markdown reads it whole: spaces and brackets percent-encoded.
fn link_destination(href: &str) -> String {
    href.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

/// Text with every ASCII punctuation character backslash-escaped, so that none reads as Markdown.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    fn html_becomes_markdown_with_headings_bold_links_and_nested_items() {
        assert_eq!(
            to_markdown(
                "<h3>Summary</h3><p>About <b>this</b> &amp; that.</p><p><strong>Ann #1: </strong> <a href=\"https://x.example/a?b=1&amp;c=2\">Tool</a></p>\
                 <ul><li>One</li><li>Two<ul><li>Deep</li></ul></li></ul>"
            ),
            "### Summary\n\nAbout **this** \\& that\\.\n\n**Ann \\#1\\:** [Tool](https://x.example/a?b=1&c=2)\n\n- One\n- Two\n  - Deep"
        );
        assert_eq!(
            to_markdown("plain *text*\nsecond"),
            "plain \\*text\\*\n\nsecond"
        );
        assert_eq!(to_markdown("<pre>a  *b*\n c</pre>"), "```\na  *b*\n c\n```");
    }

    #[test]
    fn multibyte_text_survives() {
        assert_eq!(
            to_text("<p>Łukasz – Pablo</p><p>żółw</p>"),
            "Łukasz – Pablo\nżółw"
        );
    }
}
