//! Text helpers the exporters share: labels and tooltips cut to a length, the characters XML can carry,
//! and links kept only when they are web links of the expected shape.

use std::borrow::Cow;

use crate::output::is_bidi_control;

/// Whether XML 1.0 allows `c` (its `Char` production): tab, line feed, carriage return and everything from
/// U+0020 but the surrogates (which a `char` cannot be), U+FFFE and U+FFFF.
///
/// The other noncharacters (U+FDD0..U+FDEF, U+1FFFE, U+10FFFF, ...) are allowed: XML only discourages
/// them, expat and libxml2 accept them, and replacing them would lose text that every parser reads back.
pub(super) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `c`, or U+FFFD (the replacement character) when XML 1.0 forbids it: what every export whose text ends
/// up in XML (GraphML, DOT through Graphviz's SVG, Mermaid through its SVG) writes for a character.
pub(super) fn xml_safe(c: char) -> char {
    if xml_char(c) { c } else { '\u{fffd}' }
}

/// The URL as a link every format can carry, if it is an absolute `http(s)` URL of the expected shape:
/// `http(s)://host[:port]` and then a path, query or fragment. The host is ASCII letters, digits, `-` and
/// `.` (or an IPv6 address in brackets), with no user name; in the rest, whitespace, control characters
/// and `"`, `'`, `<`, `>`, `\`, `` ` ``, `{`, `}`, `|`, `^` are percent-encoded, so the link cannot leave
/// an attribute or a Turtle IRI. Anything else (`javascript:`, `data:`, a relative path, `https://a@b`,
/// a host with a quote in it) is no link: `None`.
pub(super) fn web_url(url: &str) -> Option<Cow<'_, str>> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.starts_with('[') || host.ends_with(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(ipv6) => !ipv6.is_empty() && ipv6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
        None => {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        }
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if !host_ok || !port_ok {
        return None;
    }
    if !tail.chars().any(url_unsafe) {
        return Some(Cow::Borrowed(url));
    }
    let mut safe = String::with_capacity(url.len() + 16);
    safe.push_str(&url[..url.len() - tail.len()]);
    for c in tail.chars() {
        if url_unsafe(c) {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                safe.push_str(&format!("%{byte:02X}"));
            }
        } else {
            safe.push(c);
        }
    }
    Some(Cow::Owned(safe))
}

/// A character a link's path, query or fragment carries percent-encoded: it could end an attribute, a
/// Turtle IRI or a DOT string, it could make the link read as another (a bidi control), or it is not a
/// character a URL may hold.
fn url_unsafe(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || !xml_char(c)
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
        )
}

/// At most `max` characters of `text`, cut at a word boundary where possible and marked with `…`.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Option<String> {
        web_url(url).map(Cow::into_owned)
    }

    #[test]
    fn shorten_cuts_at_words_and_marks_the_cut() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("the global interpreter lock", 15), "the global…");
        assert_eq!(shorten("ŁŁŁŁŁŁ", 3), "ŁŁ…");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            link(" https://peps.python.org/pep-0703/"),
            Some("https://peps.python.org/pep-0703/".into())
        );
        assert_eq!(link("HTTP://x.org"), Some("HTTP://x.org".into()));
        assert_eq!(
            link("https://x.org:8080?q=1&r=2#f"),
            Some("https://x.org:8080?q=1&r=2#f".into())
        );
        assert_eq!(link("http://[::1]:80/x"), Some("http://[::1]:80/x".into()));
        for refused in [
            "javascript:alert(1)//://",
            "data:text/html,x",
            "/relative/path",
            "https://",
            "https:///path",
            "https://user@evil.org/",
            "https://x\"><script>alert(1)</script>",
            "https://a b.org/",
            "https://x.org:80a/",
            "https://[::1/",
            "https://ex\u{202e}ample.org/",
            "jAvAsCrIpT://x.org/",
        ] {
            assert_eq!(link(refused), None, "{refused}");
        }
    }

    #[test]
    fn links_cannot_leave_an_attribute_or_an_iri() {
        assert_eq!(
            link("https://github.com/x\"><script>alert(1)</script>"),
            Some("https://github.com/x%22%3E%3Cscript%3Ealert(1)%3C/script%3E".into())
        );
        assert_eq!(
            link("https://x.org/a b<\"'{|}^`\\>\u{1b}\u{fffe}\u{a0}\u{202e}x"),
            Some(
                "https://x.org/a%20b%3C%22%27%7B%7C%7D%5E%60%5C%3E%1B%EF%BF%BE%C2%A0%E2%80%AEx"
                    .into()
            )
        );
        assert_eq!(
            link("https://x.org/ł?a=1"),
            Some("https://x.org/ł?a=1".into())
        );
    }

    #[test]
    fn only_what_xml_forbids_is_replaced() {
        let kept: String = "a\t\n\r\u{7f}\u{85}\u{fdd0}\u{fffd}\u{1fffe}\u{10ffff}"
            .chars()
            .map(xml_safe)
            .collect();
        assert_eq!(
            kept,
            "a\t\n\r\u{7f}\u{85}\u{fdd0}\u{fffd}\u{1fffe}\u{10ffff}"
        );
        let replaced: String = "\u{0}\u{1b}\u{7}\u{fffe}\u{ffff}"
            .chars()
            .map(xml_safe)
            .collect();
        assert_eq!(replaced, "\u{fffd}".repeat(5));
    }
}
