//! Text helpers the exporters share: labels and tooltips cut to a length, and links kept only when they
//! are web links.

/// The URL if it is an absolute `http(s)` URL (not `javascript:`, `data:` or a relative path).
pub(super) fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.split_once("://")?.0;
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")).then_some(url)
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

    #[test]
    fn shorten_cuts_at_words_and_marks_the_cut() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("the global interpreter lock", 15), "the global…");
        assert_eq!(shorten("ŁŁŁŁŁŁ", 3), "ŁŁ…");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            web_url(" https://peps.python.org/pep-0703/"),
            Some("https://peps.python.org/pep-0703/")
        );
        assert_eq!(web_url("HTTP://x.org"), Some("HTTP://x.org"));
        assert_eq!(web_url("javascript:alert(1)//://"), None);
        assert_eq!(web_url("data:text/html,x"), None);
    }
}
