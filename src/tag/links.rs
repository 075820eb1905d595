//! Links: what a link of the notes says beside its words (issue 14).
//!
//! The notes reader keeps where each link's words are and the address it points to ([`Link`]); the scan
//! reads the words as prose. Three things follow from the link that its words alone do not say:
//! - **A name linked to its profile**: link words that are a capitalised "First Last" and an address that
//!   is a person's page on a social or code site (`github.com/USER`, `twitter.com/USER`, `x.com/USER`,
//!   `bsky.app/profile/USER`, `linkedin.com/in/USER`, a Mastodon or Medium `/@USER`) name that person. A
//!   link to one of their posts does when the handle fits the name ("nletcher" for Ned Letcher), since a
//!   post's link words are as often its joke or its subject ("Neue Rich", "Sure Grandma"). A name linked
//!   to a project, a product or an article is no evidence of a person.
//! - **An author after a link**: a name right after a link and a dash ("[Please publish and share
//!   more](https://...) - Jeff Triplett", "- by X", "- from X") is the link's author, when it ends the line
//!   or a clause. The link's bounds tell it from a subtitle written inside the link's words ("[PEP 690 –
//!   Lazy Imports](...)"); a link whose words name a PEP is followed by its title, not an author.
//! - **A PEP numbered by its page**: link words that give a number without saying "PEP" ("[557, data
//!   classes](...)") name that PEP when the link goes to its page, `peps.python.org/pep-NNNN` (or the old
//!   `python.org/dev/peps/pep-NNNN`), unless the same text already names it. Words that only describe the
//!   PEP ("[the proposal](...)", "[Python 3.14 release schedule](...)") name it by the address alone, which
//!   the blind samples' annotators did not count (docs/precision.md, "Links"). A discussion of a PEP
//!   elsewhere is not its page.
//!
//! Each mention's words are the link's words (or the author's name), as for any other match; the people
//! pass the same checks as a name found in the words (`people::find_new_people`), and then the evidence
//! rules like every mention.

use std::ops::Range;

use super::names;
use super::people::{self, Body};
use super::types::{Entity, Mention, PersonCue, Rule};
use crate::ingest::Link;
use crate::taxonomy::{Taxonomy, fold};

/// What the link rules ask of the tagger: the taxonomy (a known person's name), whether words are a
/// taxonomy term, and whether a word is the first name of a person the taxonomy knows.
pub(super) struct LinkRules<'a> {
    pub(super) taxonomy: &'a Taxonomy,
    pub(super) is_alias: &'a dyn Fn(&str) -> bool,
    pub(super) is_first_name: &'a dyn Fn(&str) -> bool,
}

impl LinkRules<'_> {
    /// The mentions the `links` of `text` make beyond `found`, the mentions the scan found in it. A new
    /// person the scan found by the very words a link gives as a name takes the link's cue (the link is
    /// the stronger evidence: "[Ann Doe](https://github.com/anndoe) is on fire" is no weak subject).
    pub(super) fn mentions<'l>(
        &self,
        text: &str,
        links: impl Iterator<Item = &'l Link>,
        found: &mut [Mention],
    ) -> Vec<Mention> {
        let mut made: Vec<Mention> = Vec::new();
        for link in links {
            // A range that is not the text's (its words were replaced) is no link of it.
            if link.words_in(text).is_none() {
                continue;
            }
            // Every rule reads a web address; most links of notes are to project pages.
            let Some(address) = Address::of(&link.url) else {
                continue;
            };
            let words = link.words.clone();
            let names_a_pep = found
                .iter()
                .any(|m| matches!(m.entity, Entity::Pep(_)) && overlaps(&m.span, &words));
            if let Some(pep) = pep_of_page(&address)
                && !names_a_pep
                && gives_the_number(&text[words.clone()], &pep)
                && !found.iter().chain(&made).any(|m| m.entity == pep)
            {
                made.push(Mention::new(pep, words.clone(), text, Rule::LinkTarget));
            }
            if let Some(profile) = profile_of(&address)
                && (!profile.post || handle_fits(profile.handle, &text[words.clone()]))
                && !names_the_site(&text[words.clone()], &address)
            {
                self.person(
                    text,
                    words.clone(),
                    PersonCue::LinkedProfile,
                    found,
                    &mut made,
                );
            }
            if !names_a_pep && let Some(name) = author_after(text, words.end) {
                self.person(text, name, PersonCue::LinkAuthor, found, &mut made);
            }
        }
        made
    }

    /// The person the words at `span` of `text` name, pushed to `made`, when they are a name by the checks
    /// of a name found in prose and nothing found there overlaps them.
    fn person(
        &self,
        text: &str,
        span: Range<usize>,
        cue: PersonCue,
        found: &mut [Mention],
        made: &mut Vec<Mention>,
    ) {
        let same = found
            .iter()
            .position(|m| m.span == span && matches!(m.entity, Entity::NewPerson(_)));
        if let Some(i) = same {
            found[i].rule = Rule::PersonCue(cue);
            return;
        }
        let taken = |m: &Mention| overlaps(&m.span, &span);
        if found.iter().chain(made.iter()).any(taken) || !self.is_a_name(text, &span) {
            return;
        }
        let person = Entity::credited(self.taxonomy, &text[span.clone()]);
        made.push(Mention::new(person, span, text, Rule::PersonCue(cue)));
    }

    /// Whether the words at `span` of `text` are a person's name, whole: a capitalised name that the
    /// search for new people takes alone as a name (no sentence word, product or place word, taxonomy term
    /// or job title in it), whose first word the text does not also write as an ordinary word.
    fn is_a_name(&self, text: &str, span: &Range<usize>) -> bool {
        let name = &text[span.clone()];
        let mut alone = Vec::new();
        people::find_new_people(
            name,
            (true, Body::Other),
            (&mut alone, Vec::new()),
            self.is_alias,
            self.is_first_name,
        );
        let whole = alone.iter().any(|m| m.span == (0..name.len()));
        let mut words = name.split_whitespace();
        let first = words.next().unwrap_or_default();
        whole
            && !people::is_an_ordinary_first_word(text, first, &self.is_first_name)
            && !words.any(|word| written_in_lowercase(text, word))
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether a later word of a name is also written in lowercase as a word of `text` ("Baidu Open Source"
/// beside "open source"): a surname is not, a word of a product's or a group's name is.
fn written_in_lowercase(text: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower == word {
        return false;
    }
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + lower.len()..].chars().next();
        !before.is_some_and(|c| is_word_char(c) || c == '.' || c == '/' || c == '@')
            && !after.is_some_and(is_word_char)
    })
}

/// Whether a word of the link's words is a name of the site it points to ("Github Repo" to
/// github.com/...): the words name the page, not a person.
fn names_the_site(words: &str, address: &Address<'_>) -> bool {
    words.split_whitespace().any(|w| {
        address
            .host
            .split('.')
            .any(|label| label.eq_ignore_ascii_case(w))
    })
}

/// A web address in parts: its host in lowercase without `www.`, and the segments of its path (query and
/// fragment left out).
struct Address<'u> {
    host: String,
    path: Vec<&'u str>,
}

impl<'u> Address<'u> {
    /// The parts of `url`; `None` for an address that is not `http(s)://` (a relative path, `mailto:`).
    fn of(url: &'u str) -> Option<Self> {
        let url = url.trim();
        let scheme = ["https://", "http://"].into_iter().find(|s| {
            url.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        })?;
        let rest = &url[scheme.len()..];
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let mut parts = rest.split('/');
        let host = parts.next()?;
        let host = ["www.", "mobile.", "m."]
            .into_iter()
            .find_map(|p| {
                host.get(..p.len())
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| &host[p.len()..])
            })
            .unwrap_or(host);
        Some(Address {
            host: host.to_ascii_lowercase(),
            path: parts.filter(|s| !s.is_empty()).collect(),
        })
    }
}

/// The PEP whose page `url` is: `peps.python.org/pep-0703/`, `www.python.org/dev/peps/pep-0703/`
/// (fragments and queries aside). PEP 0, the index, names no PEP.
fn pep_of_page(address: &Address<'_>) -> Option<Entity> {
    let page = match (address.host.as_str(), address.path.as_slice()) {
        ("peps.python.org", [page]) => page,
        ("python.org" | "legacy.python.org", ["dev", "peps", page]) => page,
        _ => return None,
    };
    let digits = page
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("pep-"))
        .map(|_| &page[4..])?;
    let digits = digits
        .strip_suffix(".html")
        .or_else(|| digits.strip_suffix(".txt"))
        .unwrap_or(digits);
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    (1..=9999).contains(&number).then_some(Entity::Pep(number))
}

/// Whether link words give the PEP's number as a number of their own ("557, data classes"): words that
/// only describe the PEP's subject ("7 governance proposals", "Python 3.14.0 final scheduled for Oct 7")
/// name it by the address alone, which the annotators of the blind samples did not count.
fn gives_the_number(words: &str, pep: &Entity) -> bool {
    let Entity::Pep(number) = pep else {
        return false;
    };
    words
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.parse::<u32>().is_ok_and(|n| n == *number))
}

/// A person's page on a social or code site, by its handle; `post` when the address is one of their
/// posts rather than the page itself.
#[derive(Debug, PartialEq, Eq)]
struct Profile<'u> {
    handle: &'u str,
    post: bool,
}

/// The first path words of the sites below that are the site's own pages, not a person's.
const SITE_PAGES: &[&str] = &[
    "about",
    "apps",
    "collections",
    "enterprise",
    "events",
    "explore",
    "features",
    "hashtag",
    "home",
    "i",
    "intent",
    "login",
    "marketplace",
    "orgs",
    "pricing",
    "search",
    "settings",
    "share",
    "sponsors",
    "topics",
    "trending",
];

/// The person's page or post `url` is: `github.com/USER`, `gitlab.com/USER`, `twitter.com/USER` and
/// `x.com/USER` (a post: `/USER/status/N`), `bsky.app/profile/USER` (a post: `/post/X`),
/// `linkedin.com/in/USER`, and any site's `/@USER` (Mastodon servers, Medium; a post: a further path word).
fn profile_of<'u>(address: &Address<'u>) -> Option<Profile<'u>> {
    let (handle, post) = match (address.host.as_str(), address.path.as_slice()) {
        ("github.com" | "gitlab.com", [user]) => (*user, false),
        ("twitter.com" | "x.com", [user]) => (*user, false),
        ("twitter.com" | "x.com", [user, "status", _, ..]) => (*user, true),
        ("bsky.app", ["profile", user]) => (*user, false),
        ("bsky.app", ["profile", user, "post", _, ..]) => (*user, true),
        ("linkedin.com", ["in", user]) => (*user, false),
        (_, [user, rest @ ..]) if user.len() > 1 && user.starts_with('@') => {
            (&user[1..], !rest.is_empty())
        }
        _ => return None,
    };
    let own_page = SITE_PAGES.iter().any(|p| p.eq_ignore_ascii_case(handle));
    (!own_page).then_some(Profile { handle, post })
}

/// Whether a handle is the name's, as people make theirs: it starts with the first name's first four
/// letters ("chrisjrn" for Christopher Neugebauer, "willmcgugan"), or with its initial and holds the
/// surname's first five ("nletcher" for Ned Letcher, "gmcconnaughey").
fn handle_fits(handle: &str, name: &str) -> bool {
    let letters = |s: &str| -> String {
        fold(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let handle = letters(handle);
    let mut words = name.split_whitespace();
    let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
        return false;
    };
    let (first, last) = (letters(first), letters(last));
    let start = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let (Some(initial), false) = (first.chars().next(), last.is_empty()) else {
        return false;
    };
    handle.starts_with(&start(&first, 4))
        || (handle.starts_with(initial) && handle.contains(&start(&last, 5)))
}

/// The author named right after a link that ends at `end` of `text`: a dash after a space ("- Jeff
/// Triplett", "– by X", "- From X"), then a capitalised name that ends the line or a clause (a comma,
/// semicolon, full stop, bracket or another dash follows).
fn author_after(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = text.get(end..)?;
    let line = rest.split('\n').next().unwrap_or_default();
    let dashed = line.strip_prefix(' ')?.trim_start();
    let after_dash = dashed.strip_prefix(['-', '\u{2013}', '\u{2014}'])?;
    let mut name = after_dash.strip_prefix(' ')?.trim_start();
    for word in ["by ", "By ", "from ", "From "] {
        if let Some(after) = name.strip_prefix(word) {
            name = after.trim_start();
        }
    }
    let start = end + (line.len() - name.len());
    // Read in the line alone: a name runs on over a line's end.
    let line_end = end + line.len();
    let name_end = names::capitalised_name_at(&text[..line_end], start)?;
    let tail = &text[name_end..line_end];
    let ends_clause = tail.trim().is_empty()
        || tail.starts_with([',', ';', '.', '('])
        || tail.strip_prefix(' ').is_some_and(|t| {
            t.trim_start()
                .starts_with(['-', '\u{2013}', '\u{2014}', '('])
        });
    ends_clause.then_some(start..name_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::InputFormat;
    use crate::tag::Tagged;

    /// What the tagger keeps of a made-up input read in `format`: each person's or PEP's id with its
    /// words, in order.
    fn kept(text: &str, format: InputFormat) -> Vec<(String, String)> {
        let t = crate::test_support::builtin_tagger();
        let corpus = crate::ingest::read_str(text, None, format, &Default::default()).unwrap();
        let tagged: Vec<Tagged> = corpus
            .episodes
            .iter()
            .flat_map(|e| t.tag_episode(e, &[]))
            .collect();
        tagged
            .iter()
            .filter(|m| {
                matches!(
                    m.mention.entity,
                    Entity::NewPerson(_) | Entity::Person(_) | Entity::Pep(_)
                )
            })
            .map(|m| {
                (
                    m.mention.entity.id(t.taxonomy()),
                    m.mention.text.to_string(),
                )
            })
            .collect()
    }

    fn notes(text: &str) -> Vec<(String, String)> {
        kept(text, InputFormat::Markdown)
    }

    fn pair(id: &str, words: &str) -> (String, String) {
        (id.to_string(), words.to_string())
    }

    #[test]
    fn a_name_linked_to_its_profile_names_a_person_a_name_linked_to_a_project_does_not() {
        let found = notes(
            "# Show 9\n\n**Ann #1:** [Quill](https://quill.example/)\n\n\
             - The work of [Orla Fenwick](https://github.com/ofenwick) and [Teodor Blum](https://fosstodon.example/@tblum).\n\
             - Its site is [Harbor Lights](https://github.com/harbor/lights) and [Marlow Quince](https://quince.example/).\n\
             - Thanks [Pell Crane](https://twitter.com/pellcrane) for the tip, and [Vesna Ilic](https://www.linkedin.com/in/vilic/).\n",
        );
        assert_eq!(
            found,
            [
                pair("person:orla-fenwick", "Orla Fenwick"),
                pair("person:teodor-blum", "Teodor Blum"),
                pair("person:pell-crane", "Pell Crane"),
                pair("person:vesna-ilic", "Vesna Ilic"),
            ]
        );
    }

    #[test]
    fn a_post_names_its_author_only_when_the_handle_fits_the_name() {
        let found = notes(
            "# Show 9\n\n**Joke:** [Proud Parents](https://x.com/funnyposts/status/17)\n\n\
             - Said best by [Orla Fenwick](https://x.com/ofenwick/status/99) and [Sure Thing](https://x.com/jokes/status/1).\n",
        );
        assert_eq!(found, [pair("person:orla-fenwick", "Orla Fenwick")]);
    }

    #[test]
    fn a_profile_link_whose_words_name_the_site_or_say_something_else_is_no_person() {
        let found = notes(
            "# Show 9\n\n**Ann #1:** Tools\n\n\
             - The [Github Repo](https://github.com/toolsmith) is open to all: [Open Mesh](https://github.com/openmesh).\n",
        );
        assert_eq!(found, []);
    }

    #[test]
    fn a_link_turns_a_weak_subject_into_a_person() {
        let text = "# Show 9\n\n**Ann #1:** Tools\n\n- [Orla Fenwick](https://github.com/ofenwick) is on fire.\n";
        assert_eq!(notes(text), [pair("person:orla-fenwick", "Orla Fenwick")]);
        let unlinked = "# Show 9\n\n**Ann #1:** Tools\n\n- Orla Fenwick is on fire.\n";
        assert_eq!(notes(unlinked), []);
    }

    #[test]
    fn the_name_after_a_link_and_a_dash_is_its_author_a_subtitle_in_the_link_is_not() {
        let found = notes(
            "# Show 9\n\n**Ann #1:** Reading\n\n\
             - [Why small tools win](https://blog.example/small) - Orla Fenwick\n\
             - [Notes on a long week](https://blog.example/week) – by Teodor Blum, recommended\n\
             - [Quill – Paper Lanterns](https://blog.example/quill), a good read\n\
             - [PEP 9 notes](https://blog.example/pep) - Paper Lanterns\n\
             - [Mesh](https://mesh.example) - Fast Local Storage for apps\n",
        );
        assert_eq!(
            found,
            [
                pair("person:orla-fenwick", "Orla Fenwick"),
                pair("person:teodor-blum", "Teodor Blum"),
                pair("pep:9", "PEP 9"),
            ]
        );
    }

    #[test]
    fn a_link_to_a_peps_page_names_the_pep_when_its_words_give_the_number() {
        let found = notes(
            "# Show 9\n\n**Ann #1:** [557, data classes](https://peps.python.org/pep-0557/)\n\n\
             - See [the proposal](https://www.python.org/dev/peps/pep-0703/), [703](https://peps.python.org/pep-0703/).\n\
             - Not [the index](https://peps.python.org/pep-0000/) nor [a thread](https://discuss.python.org/t/pep-690-lazy/1).\n\n\
             **Kai #2:** Typing\n\n\
             - [Its PEP](https://peps.python.org/pep-0484/): the text names PEP 484 already.\n",
        );
        assert_eq!(
            found,
            [
                pair("pep:557", "557, data classes"),
                pair("pep:703", "703"),
                pair("pep:484", "PEP 484"),
            ]
        );
    }

    #[test]
    fn feed_html_links_say_the_same() {
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Show</title><item><title>Ep 1</title>\
            <description><![CDATA[<p>We talk to <a href=\"https://github.com/ofenwick\">Orla Fenwick</a> about \
            <a href=\"https://www.python.org/dev/peps/pep-0492/\">492, async/await</a>.</p>]]></description></item></channel></rss>";
        assert_eq!(
            kept(feed, InputFormat::Rss),
            [
                pair("person:orla-fenwick", "Orla Fenwick"),
                pair("pep:492", "492, async/await")
            ]
        );
    }

    #[test]
    fn a_peps_page_names_it_a_discussion_of_it_does_not() {
        let pep = |url: &str| match Address::of(url).as_ref().and_then(pep_of_page) {
            Some(Entity::Pep(n)) => Some(n),
            _ => None,
        };
        assert_eq!(pep("https://peps.python.org/pep-0557/"), Some(557));
        assert_eq!(
            pep("https://www.python.org/dev/peps/pep-0703/#abstract"),
            Some(703)
        );
        assert_eq!(
            pep("http://python.org/dev/peps/pep-3333?utm_source=rss"),
            Some(3333)
        );
        assert_eq!(pep("https://peps.python.org/pep-0000/"), None);
        assert_eq!(
            pep("https://discuss.python.org/t/pep-690-lazy-imports/15474"),
            None
        );
        assert_eq!(pep("https://peps.python.org/pep-0008/extra/"), None);
        assert_eq!(pep("https://peps.python.org/topic/packaging/"), None);
        assert_eq!(pep("pep-0557"), None);
    }

    #[test]
    fn profiles_and_posts_are_told_from_projects_and_site_pages() {
        fn profile(url: &str) -> Option<(&str, bool)> {
            profile_of(&Address::of(url)?).map(|p| (p.handle, p.post))
        }
        assert_eq!(
            profile("https://github.com/AnnDoe"),
            Some(("AnnDoe", false))
        );
        assert_eq!(profile("https://github.com/anndoe/tool"), None);
        assert_eq!(profile("https://github.com/sponsors"), None);
        assert_eq!(
            profile("https://www.twitter.com/ann?lang=en"),
            Some(("ann", false))
        );
        assert_eq!(profile("https://x.com/ann/status/1"), Some(("ann", true)));
        assert_eq!(
            profile("https://bsky.app/profile/ann.example"),
            Some(("ann.example", false))
        );
        assert_eq!(
            profile("https://bsky.app/profile/ann.example/post/3x"),
            Some(("ann.example", true))
        );
        assert_eq!(
            profile("https://www.linkedin.com/in/ann-doe/"),
            Some(("ann-doe", false))
        );
        assert_eq!(profile("https://social.example/@ann"), Some(("ann", false)));
        assert_eq!(
            profile("https://social.example/@ann/1123"),
            Some(("ann", true))
        );
        assert_eq!(profile("https://ann.example/about"), None);
        assert_eq!(profile("/ann"), None);
    }

    #[test]
    fn a_handle_fits_a_name_by_its_first_name_or_its_initial_and_surname() {
        assert!(handle_fits("annedoe", "Anne Doemling"));
        assert!(handle_fits("adoemling", "Anne Doemling"));
        assert!(handle_fits("Anne_D", "Anne Doemling"));
        assert!(!handle_fits("jokes_daily", "Anne Doemling"));
        assert!(!handle_fits("doemling", "Anne Doemling"));
        assert!(!handle_fits("annedoe", "Anne"));
    }

    #[test]
    fn an_author_follows_a_link_and_a_dash_and_ends_the_line_or_a_clause() {
        let text = "A post - Jo Writer\nA post - by Jo Writer, shared\nA post - Jo Writer and more\nA post-Jo Writer\nA post - Jo\nWriter";
        let authors: Vec<&str> = [0, 19, 49, 77, 94]
            .into_iter()
            .filter_map(|end| author_after(text, end + 6))
            .map(|span| &text[span])
            .collect();
        assert_eq!(authors, ["Jo Writer", "Jo Writer"]);
    }
}
