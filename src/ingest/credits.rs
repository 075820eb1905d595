//! Who is on an episode, from the words shows use to say it: guests from "you'll meet X and Y", "X joins
//! us", "today I'm interviewing X", "Join me as I speak with X", "We have X", "we are here with the
//! creator of Y, X", "Guest: X" (and the names
//! listed under it), a "with X" at the end of a title or a title that is only a name, a "Guests" heading,
//! and a links line "First on Twitter: @x" that gives the first name of someone the notes name in full;
//! hosts from "Your host is X" and a feed's author ("Michael Kennedy (@mkennedy)", "X and Y").
//!
//! A name is taken only when it looks like a person's: two to four capitalised words ("Paul Ganssle",
//! "Guido van Rossum"), never a sentence fragment. Where the phrase is not followed by such a name,
//! nothing is taken.

use std::sync::LazyLock;

use regex::Regex;

use super::chapter_list::Chapters;
use super::model::Credit;
use crate::model::Role;

/// Words that join the parts of a surname ("Guido van Rossum"), never a name on their own.
const PARTICLES: [&str; 10] = [
    "van", "von", "de", "der", "den", "da", "del", "di", "du", "le",
];

/// Capitalised words that start phrases or name things, never a person's first name.
const NOT_NAMES: [&str; 12] = [
    "The", "This", "That", "Python", "We", "Our", "In", "On", "And", "But", "Today", "Your",
];

/// Phrases followed by the names of guests: "you'll meet X", "Special guest: X" (or without the colon),
/// "Guest co-host: X", "Join me as I speak with X", "Join me and X as we discuss", "I invited X", "we are
/// going to meet X", a sentence that opens "We have X" ("And we have X from Y here to ...").
static GUEST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:you['’]ll meet|you will meet|(?:going to|get to) meet|we welcome(?: back)?|(?:i['’]m|we['’]re|i am|we are) (?:interviewing|talking with|joined by)|special guests?:?|guest (?:co-?)?hosts?:|guests?:|join me and|join me as i [^.!?\n]{0,40}? with|(?:we are|we['’]re) (?:here )?with(?: the [^,.!?\n]{1,60},)?|(?:i|we) invited?\b)[ \t]*|(?:^|[.!?]\s+|\n)(?:(?:And|This week|Today|On this episode),? (?i:we have)|We have)[ \t]+",
    )
    .unwrap()
});

/// Phrases preceded by the names of guests.
static GUEST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?i:joins? us|(?:is|are) (?:back|here) with us|(?:is|are) here to|(?:is|are) (?:our|the) guests? )\b").unwrap()
});

/// Phrases followed by the names of hosts.
static HOST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:your hosts?(?: [a-z ,]{0,30}?)? (?:is|are)|hosted by)\s+").unwrap()
});

/// The credits a passage of show notes gives: guests and hosts, each once, in the order met.
pub(super) fn credits_in_text(text: &str) -> Vec<Credit> {
    let mut credits = Vec::new();
    for found in HOST_BEFORE.find_iter(text) {
        add_all(&mut credits, names_from(&text[found.end()..]), Role::Host);
    }
    for found in GUEST_BEFORE.find_iter(text) {
        add_all(&mut credits, names_after(&text[found.end()..]), Role::Guest);
    }
    for found in GUEST_AFTER.find_iter(text) {
        add_all(
            &mut credits,
            names_before(&text[..found.start()]),
            Role::Guest,
        );
    }
    credits
}

/// The credits of an episode's notes: phrases in its description and in the words under its headings, and
/// the names under a "Guests" heading.
pub(super) fn credits_in_notes(description: &str, chapters: &Chapters) -> Vec<Credit> {
    let mut credits = credits_in_text(description);
    for (index, chapter) in chapters.iter().enumerate() {
        let Some(text) = chapters.text(index) else {
            continue;
        };
        let found = if is_guests_heading(chapter.title) {
            names_in_list(text)
                .into_iter()
                .map(|name| Credit {
                    name,
                    role: Role::Guest,
                })
                .collect()
        } else {
            credits_in_text(text)
        };
        for credit in found {
            if !credits.iter().any(|c| c.name == credit.name) {
                credits.push(credit);
            }
        }
        let named = profiled_people(text).filter_map(|(first, handle)| {
            full_name_in(description, first).filter(|name| is_handle_of(handle, name))
        });
        add_all(&mut credits, named.collect(), Role::Guest);
    }
    credits
}

/// A link to someone's profile named by their first name, in the links of an interview: "Matthew on
/// Twitter: @mrocklin", "Philipp on Twitter: @PhilippJFR".
static PROFILE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t*\-+]*(\p{Lu}\p{Ll}+) on (?:Twitter|X|GitHub|LinkedIn|Mastodon|Bluesky|Fosstodon)\s*:\s*@([\w.]+)",
    )
    .unwrap()
});

/// The first names and handles of the people whose profiles a text links ("Hugo on Twitter: @hugobowne").
fn profiled_people(text: &str) -> impl Iterator<Item = (&str, &str)> {
    PROFILE_LINK
        .captures_iter(text)
        .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
}

/// Whether a handle is a person's: it holds the start of their surname ("@mrocklin" of Matthew Rocklin)
/// or their first name and more ("@PhilippJFR"). A project's handle is its name alone ("Panel on
/// Twitter: @Panel_org" aside, "Sourcery on Twitter: @sourceryai" has no surname to hold).
fn is_handle_of(handle: &str, name: &str) -> bool {
    let handle = handle.to_lowercase();
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let surname: String = last.chars().filter(|c| c.is_alphabetic()).take(4).collect();
    (surname.chars().count() >= 3 && handle.contains(&surname))
        || (handle.starts_with(first.as_str())
            && handle.len() > first.len()
            && !handle[first.len()..].starts_with(['_', '.']))
}

/// The first full name in `text` that starts with the word `first` ("That's why Matthew Rocklin has
/// teamed up ..." for "Matthew"): the person whose profile an episode's links give by first name is its guest.
fn full_name_in(text: &str, first: &str) -> Option<String> {
    text.match_indices(first).find_map(|(at, _)| {
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let (name, _) = leading_name(&text[at..]);
        name.filter(|_| starts_word)
    })
}

/// The guests a title names at its end: `... with Daniel Goldberg`, `... with X and Y`, `... with Dr. X`;
/// or the title when it is only a name (an interview show's "Reuven Lerner").
pub(super) fn guests_in_title(title: &str) -> Vec<String> {
    if let Some(name) = person_name(title.trim()) {
        return vec![name];
    }
    let Some((_, after)) = title.rsplit_once(" with ") else {
        return Vec::new();
    };
    let names = names_from(after);
    // The names must be all that follows, so that "with Python Notebooks at Work" names nobody.
    let rest: usize = names.iter().map(|n| n.split_whitespace().count()).sum();
    let listed = after
        .split_whitespace()
        .filter(|w| !matches!(*w, "and" | "&") && !HONORIFICS.contains(w))
        .count();
    if rest == listed { names } else { Vec::new() }
}

/// The names of a "Guests" list: one per line, each a person's name.
pub(super) fn names_in_list(text: &str) -> Vec<String> {
    text.lines()
        .map(list_entry)
        .filter_map(|line| person_name(line.trim_end_matches([',', '.', ';'])))
        .collect()
}

/// The people a feed's author field names: "Michael Kennedy (@mkennedy)", "X and Y", "X, Y & Z".
pub(super) fn authors(field: &str) -> Vec<String> {
    let without_notes = Regex::new(r"\([^)]*\)|<[^>]*>")
        .map(|re| re.replace_all(field, " ").into_owned())
        .unwrap_or_else(|_| field.to_string());
    split_list(&without_notes)
        .into_iter()
        .filter_map(|part| person_name(part.trim()))
        .collect()
}

/// Whether a chapter title introduces a list of guests.
pub(super) fn is_guests_heading(title: &str) -> bool {
    let title = title.trim().trim_end_matches(':').to_ascii_lowercase();
    matches!(
        title.as_str(),
        "guest" | "guests" | "special guest" | "special guests" | "our guest" | "our guests"
    )
}

fn add_all(credits: &mut Vec<Credit>, names: Vec<String>, role: Role) {
    for name in names {
        if !credits.iter().any(|c| c.name == name) {
            credits.push(Credit { name, role });
        }
    }
}

/// The names after a phrase that introduces guests: on the rest of its line ("Special guest: Ann Smith"),
/// or, when the phrase ends its line ("Special guest:"), one a line on the lines below it.
fn names_after(text: &str) -> Vec<String> {
    match text.split_once('\n') {
        Some((line, below)) if line.trim().is_empty() => names_listed(below),
        _ => names_from(text),
    }
}

/// The names at the start of a list of one name a line, up to the first line that is not a name.
fn names_listed(text: &str) -> Vec<String> {
    text.lines()
        .map(list_entry)
        .map_while(|line| person_name(line.trim_end_matches([',', '.', ';'])))
        .collect()
}

/// A line of a list without its marker and a social handle after the name: "- Ann Smith", "Brendan
/// Maginnis: @brendan_m6s", "Nick Thapen (@nthapen)".
fn list_entry(line: &str) -> &str {
    let entry = line
        .trim()
        .trim_start_matches(['*', '-', '+', '\u{2022}', ' ']);
    match entry.find('@') {
        Some(at) if at > 0 => entry[..at].trim_end_matches([' ', ':', ',', '(', '-', '\u{2013}']),
        _ => entry,
    }
}

/// The names listed at the start of `text`: "X", "X and Y", "X, Y and Z"; the list ends at the first
/// part that is not a name, and a part must be a name from its first word.
fn names_from(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    // A name never runs over a line break.
    let mut rest = text.lines().next().unwrap_or_default();
    loop {
        let (name, used) = leading_name(rest);
        let Some(name) = name else { break };
        names.push(name);
        rest = &rest[used..];
        let next = rest.trim_start();
        let Some(after) = next
            .strip_prefix(", and ")
            .or_else(|| next.strip_prefix("and "))
            .or_else(|| next.strip_prefix("& "))
            .or_else(|| next.strip_prefix(", "))
        else {
            break;
        };
        rest = after;
    }
    names
}

/// The names listed just before the end of `text`: "X joins us", "X and Y join us".
fn names_before(text: &str) -> Vec<String> {
    let line = text.rsplit('\n').next().unwrap_or_default();
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut start = name_run_before(&words, words.len());
    let mut end = words.len();
    // "Attila Tóth from ScrapingHub is here to": the person is before where they come from.
    if start >= 2 && words[start - 1] == "from" {
        end = start - 1;
        start = name_run_before(&words, end);
    }
    let mut names = vec![words[start..end].join(" ")];
    // "X and Y join us": one more name before "and".
    if start >= 2 && words[start - 1] == "and" {
        let first = name_run_before(&words, start - 1);
        names.insert(0, words[first..start - 1].join(" "));
    }
    names.into_iter().filter_map(|n| person_name(&n)).collect()
}

/// Where the run of name words (and surname particles inside it) that ends at `end` starts.
fn name_run_before(words: &[&str], end: usize) -> usize {
    let mut start = end;
    while start > 0 && (is_name_word(words[start - 1]) || PARTICLES.contains(&words[start - 1])) {
        start -= 1;
    }
    while start < end && PARTICLES.contains(&words[start]) {
        start += 1;
    }
    start
}

/// Titles before a name that are not part of it: "Nuclear Engineering with Dr. Katy Huff".
const HONORIFICS: [&str; 5] = ["Dr.", "Dr", "Prof.", "Prof", "Professor"];

/// How many bytes an honorific and the space after it take at the start of `text` ("Dr. "), or 0.
fn honorific_len(text: &str) -> usize {
    HONORIFICS
        .iter()
        .find_map(|h| {
            let rest = text.strip_prefix(h)?;
            let name = rest.trim_start_matches(' ');
            (name.len() < rest.len()).then(|| text.len() - name.len())
        })
        .unwrap_or(0)
}

/// A person's name that `text` starts with (after an honorific), and how many bytes of `text` it takes.
fn leading_name(text: &str) -> (Option<String>, usize) {
    let skipped = honorific_len(text);
    let text = &text[skipped..];
    let (name, used) = leading_plain_name(text);
    (name, skipped + used)
}

/// A person's name that `text` starts with, and how many bytes of `text` it takes.
fn leading_plain_name(text: &str) -> (Option<String>, usize) {
    let mut words = Vec::new();
    let mut used = 0;
    for (start, word) in word_positions(text) {
        let bare = word.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
        let inside = !words.is_empty() && (PARTICLES.contains(&bare) || is_nickname(bare));
        if !(is_name_word(bare) || inside) {
            break;
        }
        words.push(bare);
        used = start + bare.len();
        if bare.len() != word.len() || words.len() == 4 {
            break; // Punctuation ends a name.
        }
    }
    while words.last().is_some_and(|w| PARTICLES.contains(w)) {
        words.pop();
    }
    let name = person_name(&words.join(" "));
    (name, used)
}

fn word_positions(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// `text` when it reads as a person's name: two to four words, the first and last capitalised, none of them
/// a word that starts phrases.
fn person_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let first = words[0];
    let last = words[words.len() - 1];
    let middle_ok = words[1..words.len() - 1]
        .iter()
        .all(|w| is_name_word(w) || PARTICLES.contains(w) || is_nickname(w));
    (is_name_word(first) && is_name_word(last) && middle_ok && !NOT_NAMES.contains(&first))
        .then(|| words.join(" "))
}

/// A capitalised word of letters (with `'`, `-` or `.` inside, as in "O'Neil", "Hendryx-Parker"), or an
/// initial ("J."); not a word in capitals ("NASA").
fn is_name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    let letters = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-' | '.'));
    let initial = word.chars().count() == 2 && word.ends_with('.');
    // A possessive is the word before a thing: "Gwendolyn’s YouTube".
    let possessive = word.ends_with("'s") || word.ends_with("\u{2019}s");
    first.is_uppercase()
        && letters
        && !possessive
        && (word.chars().any(char::is_lowercase) || initial)
}

/// A nickname in quotes inside a name: `"Kane"` of `Robert "Kane" Replogle`.
fn is_nickname(word: &str) -> bool {
    let inner = word
        .strip_prefix(['"', '\u{201c}'])
        .and_then(|w| w.strip_suffix(['"', '\u{201d}']));
    inner.is_some_and(is_name_word)
}

/// The parts of "X, Y and Z" / "X & Y".
fn split_list(text: &str) -> Vec<&str> {
    text.split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guests(text: &str) -> Vec<String> {
        credits_in_text(text)
            .into_iter()
            .filter(|c| c.role == Role::Guest)
            .map(|c| c.name)
            .collect()
    }

    fn hosts(text: &str) -> Vec<String> {
        credits_in_text(text)
            .into_iter()
            .filter(|c| c.role == Role::Host)
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn youll_meet_names_every_guest_of_the_list() {
        assert_eq!(
            guests(
                "On this episode, you'll meet Ann Smith, Bob Jones and Cy Twombly. They build things."
            ),
            ["Ann Smith", "Bob Jones", "Cy Twombly"]
        );
        assert_eq!(
            guests("You’ll meet Ann Smith and Bob Jones."),
            ["Ann Smith", "Bob Jones"]
        );
    }

    #[test]
    fn joins_us_names_the_people_just_before_it() {
        assert_eq!(
            guests("This week Ann Smith joins us to talk."),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("Ann Smith and Bob de Jong join us."),
            ["Ann Smith", "Bob de Jong"]
        );
        assert!(guests("Everyone who joins us is welcome.").is_empty());
        assert_eq!(
            guests("That API is screen scraping and Ann Smith from ScrapeCorp is here to tell us."),
            ["Ann Smith"]
        );
    }

    #[test]
    fn welcome_back_here_to_and_our_guest_name_guests() {
        assert_eq!(
            guests("On this episode, we welcome back Ann Smith to talk."),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("Bob Jones is here to give us his take."),
            ["Bob Jones"]
        );
        assert_eq!(
            guests("Cy Twombly is our guest on this episode."),
            ["Cy Twombly"]
        );
        assert_eq!(
            guests("you'll meet Robert \"Kane\" Replogle, who works on it"),
            ["Robert \"Kane\" Replogle"]
        );
        assert!(guests("The author from Acme is here to help.").is_empty());
    }

    #[test]
    fn interviewing_and_guest_lines_name_guests() {
        assert_eq!(
            guests("today I'm interviewing Ann Smith about her project"),
            ["Ann Smith"]
        );
        assert_eq!(guests("Special guest: Pat Decker"), ["Pat Decker"]);
        assert_eq!(
            guests("Guests: Ann Smith, Bob Jones"),
            ["Ann Smith", "Bob Jones"]
        );
    }

    #[test]
    fn your_host_names_hosts() {
        assert_eq!(
            hosts("Your host as usual is Ann Smith and today I'm interviewing Bob Jones about it"),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("Your host as usual is Ann Smith and today I'm interviewing Bob Jones about it"),
            ["Bob Jones"]
        );
        assert_eq!(
            hosts("Your hosts are Ann Smith and Bob Jones."),
            ["Ann Smith", "Bob Jones"]
        );
    }

    #[test]
    fn invitations_and_introductions_in_a_description_name_guests() {
        assert_eq!(
            guests(
                "Join me as I discuss packaging with Ann Smith and Bob Jones as well as their tool."
            ),
            ["Ann Smith", "Bob Jones"]
        );
        assert_eq!(
            guests("Join me and Cy Twombly as we discuss search engines."),
            ["Cy Twombly"]
        );
        assert_eq!(
            guests("For this one I invited Ann Smith, who runs a shop on Django."),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("It is a great story. We are going to meet Bob Jones who wrote the tools."),
            ["Bob Jones"]
        );
        assert_eq!(
            guests("It is a big project. And we have Cy Twombly from Acme here to guide us."),
            ["Cy Twombly"]
        );
        assert_eq!(
            guests("This week we have Ann Smith, author of a book."),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("That's why we are here with the creator of FooAPI, Ann Smith to dive in."),
            ["Ann Smith"]
        );
        assert!(guests("Here we have seen Big Data Frameworks grow.").is_empty());
        assert!(guests("We have seen a jump in new frameworks.").is_empty());
    }

    #[test]
    fn special_guest_without_a_colon_and_guest_hosts_are_guests() {
        assert_eq!(
            guests("Special guest Ann Smith: @ann\n\nBrian #1: responses"),
            ["Ann Smith"]
        );
        assert_eq!(guests("Guest co-host: Bob Jones"), ["Bob Jones"]);
    }

    #[test]
    fn a_guest_line_that_ends_introduces_the_names_below_it() {
        assert_eq!(
            guests(
                "Sponsored by Acme\nSpecial guests:\n- Ann Smith\n- Bob Jones\nBrian #1: a library"
            ),
            ["Ann Smith", "Bob Jones"]
        );
        assert_eq!(
            guests("Special guests:\n- Ann Smith\n- Ann\u{2019}s YouTube\n"),
            ["Ann Smith"],
            "a possessive is no name"
        );
    }

    #[test]
    fn a_profile_link_by_first_name_credits_the_person_the_notes_name_in_full() {
        let mut chapters = Chapters::default();
        chapters.push(super::super::Chapter::untimed("Links from the show"));
        chapters.set_text(0, "Ann on Twitter: @annsmith\nAcme on Twitter: @acme\nPanel on Twitter: @Panel_org\nDocs: acme.io");
        let credits = credits_in_notes(
            "That's why Ann Smith has teamed up with Acme Corp. Panel Discussions follow.",
            &chapters,
        );
        let names: Vec<&str> = credits.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Ann Smith"]);
    }

    #[test]
    fn an_honorific_is_not_part_of_a_name() {
        assert_eq!(
            guests_in_title("Nuclear Engineering with Dr. Ann Smith"),
            ["Ann Smith"]
        );
        assert_eq!(guests("This week we have Prof. Bob Jones."), ["Bob Jones"]);
    }

    #[test]
    fn a_title_that_is_only_a_name_names_the_guest() {
        assert_eq!(guests_in_title("Ann Smith"), ["Ann Smith"]);
        assert!(guests_in_title("Retrospective").is_empty());
    }

    #[test]
    fn guests_lists_drop_the_handle_after_a_name() {
        assert_eq!(
            names_in_list("Ann Smith: @ann_s\nBob Jones (@bobj)\n- Cy Twombly, @cy"),
            ["Ann Smith", "Bob Jones", "Cy Twombly"]
        );
    }

    #[test]
    fn names_end_at_line_breaks() {
        assert_eq!(
            guests("Special guest: Ann Smith\nSponsored by Acme"),
            ["Ann Smith"]
        );
        assert_eq!(
            guests("Sponsored by Acme\nAnn Smith joins us"),
            ["Ann Smith"]
        );
    }

    #[test]
    fn sentence_fragments_are_never_names() {
        assert!(guests("you'll meet the team behind it").is_empty());
        assert!(guests("you'll meet Python And Friends").is_empty());
        assert!(guests("you'll meet Ann").is_empty());
        assert!(guests("guest: The Python Steering Council").is_empty());
    }

    #[test]
    fn with_at_the_end_of_a_title_names_guests_only_when_names_are_all_that_follows() {
        assert_eq!(
            guests_in_title("Secure systems with Ann Smith"),
            ["Ann Smith"]
        );
        assert_eq!(
            guests_in_title("Packaging with Ann Smith and Bob Jones"),
            ["Ann Smith", "Bob Jones"]
        );
        assert!(guests_in_title("Fast APIs with FastAPI").is_empty());
        assert!(guests_in_title("Unlock the mysteries of time with Python's datetime").is_empty());
        assert!(guests_in_title("Working with Data Frames at Scale").is_empty());
    }

    #[test]
    fn authors_drop_handles_and_split_lists() {
        assert_eq!(authors("Ann Smith (@ann)"), ["Ann Smith"]);
        assert_eq!(
            authors("Ann Smith and Bob Jones"),
            ["Ann Smith", "Bob Jones"]
        );
        assert_eq!(
            authors("Ann Smith, Bob Jones & Cy Twombly"),
            ["Ann Smith", "Bob Jones", "Cy Twombly"]
        );
        assert!(authors("podcast@example.com").is_empty());
    }

    #[test]
    fn guests_lists_give_one_name_a_line() {
        assert!(is_guests_heading("Guests:"));
        assert!(!is_guests_heading("Guest speakers on testing"));
        assert_eq!(
            names_in_list("Ann Smith\n* Bob Jones,\nnot a name here\n- Xuan-Nam Kevin Nguyen"),
            ["Ann Smith", "Bob Jones", "Xuan-Nam Kevin Nguyen"]
        );
    }
}
