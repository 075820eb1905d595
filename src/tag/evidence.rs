//! Evidence: how much an episode's words must say, and where, before the episode discusses a topic or
//! names a person or a module. A chapter title of a chapter list is strong: one word there is enough (the
//! tagger was made for them and keeps its behaviour there). A body text (a description, the words under a
//! heading) is weaker: a generic word ("community", "docs", "test") or anything inside a URL says nothing
//! on its own. A word in an hour of speech is weakest: a topic of a transcript needs its own (not generic)
//! words in at least two separate minutes, and English-word module names need "the X module" or
//! "import X". In body text and speech a first name resolves only to someone the episode names in full or
//! whose episode it is, and a capitalised pair whose words the episode also writes in lowercase ("Jupyter
//! Notebooks") is not a new person. docs/precision.md says why.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::types::{Entity, Place, Rule, Tagged};
use crate::ingest::Episode;
use crate::model::Role;
use crate::taxonomy::{Origin, Taxonomy, fold};

/// Chapter titles adding up to this many bytes are speech (a transcript's cues or passages), not a
/// chapter list: sixty titles of a long chapter list come to a few KiB, ten minutes of talk to more.
const SPEECH_BYTES: usize = 8 << 10;

/// Separate minutes of speech a topic's own words must fall in.
const SPEECH_MINUTES: usize = 2;

/// Mentions of a topic's own words a transcript must have.
const SPEECH_MENTIONS: usize = 2;

/// Words a lowercase word is used this often in an episode to be an ordinary word, not part of a name.
const ORDINARY_WORD_USES: usize = 2;

/// Aliases that are filler in long text: each is in half or more of the transcripts or notes of a show
/// (measured over ../shared/corpora, docs/precision.md) or has an everyday sense that is not the topic ("a
/// test drive", "the Python interpreter", "import data"). In a title they count; in a body or speech they
/// only add to a topic that its other words give.
const FILLER_WORDS: &[&str] = &[
    "community",
    "contributor",
    "contributing",
    "open source",
    "open-source",
    "newcomer",
    "docs",
    "documentation",
    "test",
    "interpreter",
    "import",
    "importing",
    "keyword",
    "beta",
];

/// Aliases in a quarter or more of a show's transcripts (same measure): in speech they need a topic to
/// come up in [`SPEECH_MINUTES_COMMON`] separate minutes.
const COMMON_WORDS: &[&str] = &[
    "async",
    "await",
    "memory",
    "faster",
    "slower",
    "performance",
    "optimization",
    "testing",
    "tests",
    "security",
    "conference",
    "syntax",
    "Windows",
    "macOS",
    "typing",
    "debug",
    "debugging",
    "thread",
    "exception",
    "monitoring",
    "decorator",
    "compiler",
    "coverage",
    "CI",
    "continuous integration",
];

/// Separate minutes of speech a topic named only by common words must fall in.
const SPEECH_MINUTES_COMMON: usize = 4;

/// How strong the words at a place are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// A chapter title of a chapter list.
    Heading,
    /// A description, or the words under a heading.
    Body,
    /// A transcript's cue or passage.
    Speech,
}

/// Whether an episode's chapters are speech (a transcript's cues or passages) rather than a chapter list.
pub(super) fn is_speech(episode: &Episode) -> bool {
    let mut total = 0;
    episode.chapters.iter().any(|c| {
        total += c.title.len();
        total >= SPEECH_BYTES
    })
}

/// Drop what a place's words do not say strongly enough (module docs). `hosts` are the episode's hosts.
pub(super) fn weigh(
    taxonomy: &Taxonomy,
    episode: &Episode,
    hosts: &[usize],
    tagged: &mut Vec<Tagged>,
) {
    let speech = is_speech(episode);
    // A description beside a timed chapter list summarises the episode the way its titles do.
    let summary = !speech && episode.chapters.any_timed();
    let strength = |place: Place| match place {
        Place::Passage(_) => Strength::Speech,
        Place::Chapter(_) if speech => Strength::Speech,
        Place::Chapter(_) => Strength::Heading,
        Place::Description if summary => Strength::Heading,
        Place::Description | Place::Text(_) => Strength::Body,
    };
    tagged.retain(|t| {
        let strength = strength(t.place);
        strength == Strength::Heading
            || !(in_url(text_at(episode, t.place), &t.mention.span)
                || (strength == Strength::Speech && !module_said_as_module(taxonomy, episode, t)))
    });
    keep_discussed_topics(taxonomy, episode, tagged, &strength);
    resolve_misheard_names(taxonomy, hosts, tagged, &strength);
    keep_present_first_names(taxonomy, episode, hosts, tagged, &strength);
    drop_ordinary_words_as_people(episode, tagged, &strength);
}

/// The minute of the episode a place of speech starts in (a cue or a passage); its index when it has no
/// time.
fn minute_of(episode: &Episode, place: Place) -> u32 {
    match place {
        Place::Passage(i) => episode
            .transcript
            .as_ref()
            .and_then(|t| t.get(i))
            .map_or(i as u32, |p| p.seconds / 60),
        other => {
            let chapter = other.chapter().unwrap_or(0);
            episode
                .chapters
                .seconds(chapter)
                .map_or(chapter as u32, |s| s / 60)
        }
    }
}

/// The text a place's mentions are in.
fn text_at(episode: &Episode, place: Place) -> &str {
    match place {
        Place::Description => &episode.description,
        Place::Chapter(i) => episode
            .chapters
            .seconds_and_title(i)
            .map_or("", |(_, title)| title),
        Place::Text(i) => episode.chapters.text(i).unwrap_or(""),
        Place::Passage(i) => episode
            .transcript
            .as_ref()
            .and_then(|t| t.get(i))
            .map_or("", |p| p.text),
    }
}

/// How far back from a match a URL is looked for: a link in show notes is far shorter, and looking back
/// without a bound made every match in a text without spaces (a megabyte of one word) cost the text so far.
const URL_LOOKBACK_BYTES: usize = 2048;

/// Whether `span` is inside a URL (`https://docs.python.org/...`, `www.example.com/docs`): a link's
/// address is not words about anything. Only the [`URL_LOOKBACK_BYTES`] before the span are read.
fn in_url(text: &str, span: &Range<usize>) -> bool {
    let Some(before) = text.get(..span.start) else {
        return false;
    };
    let mut from = span.start.saturating_sub(URL_LOOKBACK_BYTES);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let token_start = before[from..]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '"' | '\'' | '['))
        .map_or(from, |i| from + i + 1);
    let token = &text[token_start..span.start];
    token.contains("://")
        || token.starts_with("www.")
        || token.contains(".com/")
        || token.contains(".org/")
}

/// In speech, whether a module that is also an English word ("this", "re", "time", "string") is said as a
/// module: "the time module", "import time". Other mentions pass.
fn module_said_as_module(taxonomy: &Taxonomy, episode: &Episode, t: &Tagged) -> bool {
    let word_like = match (&t.mention.entity, &t.mention.rule) {
        (Entity::Module(name), _) => taxonomy.modules.code_only.contains(name),
        _ => false,
    } || matches!(t.mention.rule, Rule::ModuleAlias);
    if !word_like {
        return true;
    }
    let text = text_at(episode, t.place);
    let span = &t.mention.span;
    // Only the words next to the mention are compared: a copy of the text on each side made every such
    // mention cost the whole text.
    let before = text[..span.start].trim_end().as_bytes();
    let after = text[span.end..].trim_start().as_bytes();
    let ends_with = |b: &[u8], word: &str| {
        b.len() >= word.len() && b[b.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    let starts_with = |b: &[u8], word: &str| {
        b.len() >= word.len() && b[..word.len()].eq_ignore_ascii_case(word.as_bytes())
    };
    ends_with(before, "import") || starts_with(after, "module") || starts_with(after, "library")
}

/// Keep the mentions of the topics the episode discusses: a topic named in a heading, by its own words in
/// a body, or by its own words in at least [`SPEECH_MINUTES`] minutes and [`SPEECH_MENTIONS`] mentions of
/// speech. Filler words count only for a topic that is discussed anyway.
fn keep_discussed_topics(
    taxonomy: &Taxonomy,
    episode: &Episode,
    tagged: &mut Vec<Tagged>,
    strength: &impl Fn(Place) -> Strength,
) {
    #[derive(Default)]
    struct Support {
        strong: bool,
        minutes: HashSet<u32>,
        /// Minutes with a word that is not common.
        rare_minutes: HashSet<u32>,
        mentions: usize,
    }
    let mut support: HashMap<usize, Support> = HashMap::new();
    for t in tagged.iter() {
        let Entity::Topic(topic) = t.mention.entity else {
            continue;
        };
        let word = match t.mention.rule {
            Rule::Term(i) => Some(taxonomy.terms[i].text.as_str()),
            _ => None,
        };
        let generic = word.is_some_and(|w| is_in(FILLER_WORDS, w));
        let common = word.is_some_and(|w| is_in(COMMON_WORDS, w));
        let s = support.entry(topic).or_default();
        match strength(t.place) {
            Strength::Heading => s.strong = true,
            Strength::Body => s.strong |= !generic,
            Strength::Speech if !generic => {
                let minute = minute_of(episode, t.place);
                s.minutes.insert(minute);
                if !common {
                    s.rare_minutes.insert(minute);
                }
                s.mentions += 1;
                let minutes = s.minutes.len();
                s.strong |= s.mentions >= SPEECH_MENTIONS
                    && (minutes >= SPEECH_MINUTES_COMMON
                        || (minutes >= SPEECH_MINUTES && !s.rare_minutes.is_empty()));
            }
            Strength::Speech => {}
        }
    }
    tagged.retain(|t| match t.mention.entity {
        Entity::Topic(topic) => support.get(&topic).is_some_and(|s| s.strong),
        _ => true,
    });
}

fn is_in(words: &[&str], alias: &str) -> bool {
    words.iter().any(|g| g.eq_ignore_ascii_case(alias))
}

/// How close (Jaro-Winkler) a surname must be to a known person's, with the same first name, for a name
/// the taxonomy does not know to be that person misheard or misspelt ("Lukasz Langer", "Raymond
/// Hittinger", "Paul Everett").
const MISHEARD_SURNAME: f64 = 0.88;

/// In a body or speech, a new person whose first name is a known person's and whose surname is close to
/// theirs is that person, misheard or misspelt; the first name is the context that makes it sure.
fn resolve_misheard_names(
    taxonomy: &Taxonomy,
    hosts: &[usize],
    tagged: &mut [Tagged],
    strength: &impl Fn(Place) -> Strength,
) {
    for t in tagged.iter_mut() {
        let Entity::NewPerson(name) = &t.mention.entity else {
            continue;
        };
        if strength(t.place) == Strength::Heading {
            continue;
        }
        if let Some(person) = misheard(taxonomy, name) {
            t.mention.entity = Entity::Person(person);
            if hosts.contains(&person) {
                t.role = Some(Role::Host);
            }
        }
    }
}

/// The one known person a name may be a mishearing of: same first name (folded), close surname.
fn misheard(taxonomy: &Taxonomy, name: &str) -> Option<usize> {
    let folded = fold(name);
    let (first, surname) = folded.split_once(' ')?;
    let mut found = taxonomy.people.iter().enumerate().filter(|(_, p)| {
        let known = fold(&p.name);
        known.split_once(' ').is_some_and(|(f, s)| {
            f == first && strsim::jaro_winkler(s, surname) >= MISHEARD_SURNAME
        })
    });
    let (person, _) = found.next()?;
    found.next().is_none().then_some(person)
}

/// In a body or speech, a first name alone names a known person only when the episode is theirs (a host,
/// a credited guest) or names them in full elsewhere: "Uncle Bob" is not Bob Ippolito.
fn keep_present_first_names(
    taxonomy: &Taxonomy,
    episode: &Episode,
    hosts: &[usize],
    tagged: &mut Vec<Tagged>,
    strength: &impl Fn(Place) -> Strength,
) {
    let is_first_name = |t: &Tagged| matches!(t.mention.rule, Rule::Term(i) if taxonomy.terms[i].origin == Origin::FirstName);
    let credited: HashSet<String> = episode.people.iter().map(|c| fold(&c.name)).collect();
    let present: HashSet<usize> = tagged
        .iter()
        .filter(|t| !is_first_name(t) || strength(t.place) == Strength::Heading)
        .filter_map(|t| match t.mention.entity {
            Entity::Person(i) => Some(i),
            _ => None,
        })
        .chain(hosts.iter().copied())
        .collect();
    tagged.retain(|t| match t.mention.entity {
        Entity::Person(i) if is_first_name(t) && strength(t.place) != Strength::Heading => {
            present.contains(&i) || credited.contains(&fold(&taxonomy.people[i].name))
        }
        _ => true,
    });
}

/// In a body or speech, a new person whose words the episode also uses as lowercase words ("Jupyter
/// Notebooks" beside "notebooks", "Posit Connect" beside "connect") is a product or a phrase, not a name.
fn drop_ordinary_words_as_people(
    episode: &Episode,
    tagged: &mut Vec<Tagged>,
    strength: &impl Fn(Place) -> Strength,
) {
    let candidates = tagged.iter().any(|t| {
        matches!(t.mention.entity, Entity::NewPerson(_)) && strength(t.place) != Strength::Heading
    });
    if !candidates {
        return;
    }
    let mut uses: HashMap<String, usize> = HashMap::new();
    let texts = std::iter::once(episode.description.as_str()).chain(
        episode
            .chapters
            .iter()
            .flat_map(|c| std::iter::once(c.title).chain(c.text)),
    );
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.starts_with(char::is_lowercase) {
                *uses.entry(word.to_string()).or_default() += 1;
            }
        }
    }
    tagged.retain(|t| match &t.mention.entity {
        Entity::NewPerson(name) if strength(t.place) != Strength::Heading => {
            let credited = t.role == Some(Role::Guest);
            credited
                || !name.split_whitespace().any(|w| {
                    uses.get(&w.to_lowercase())
                        .is_some_and(|&n| n >= ORDINARY_WORD_USES)
                })
        }
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Chapter;
    use crate::tag::Tagger;

    fn tagger() -> &'static Tagger {
        crate::test_support::builtin_tagger()
    }

    fn episode(description: &str, chapters: Vec<Chapter>) -> Episode {
        let mut e = Episode::placeholder();
        e.show = Some("talk-python-to-me".into());
        e.number = Some(1);
        e.description = description.into();
        e.chapters = chapters.into_iter().collect();
        e.assign_sections();
        e
    }

    /// An hour of talk: a cue every 10 seconds saying nothing, with `said` put at the given seconds.
    fn speech(said: &[(u32, &str)]) -> Episode {
        let filler =
            "and then we talked for a while about how the project got started and where it goes";
        let cues = (0..360u32).map(|i| {
            let at = i * 10;
            let text = said
                .iter()
                .find(|(s, _)| *s == at)
                .map_or(filler, |(_, t)| *t);
            Chapter::new(at, text)
        });
        episode("", cues.collect())
    }

    fn ids(e: &Episode) -> Vec<String> {
        let t = tagger();
        let mut ids: Vec<String> = t
            .tag_episode(e, &[])
            .into_iter()
            .map(|x| x.mention.entity.id(t.taxonomy()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    #[test]
    fn a_topic_said_once_in_an_hour_of_speech_is_not_discussed() {
        let e = speech(&[(600, "it still has the GIL, you know")]);
        assert!(is_speech(&e));
        assert!(!ids(&e).contains(&"topic:gil".to_string()));
        let e = speech(&[
            (600, "it still has the GIL, you know"),
            (1200, "so removing the GIL means free-threading"),
        ]);
        assert!(ids(&e).contains(&"topic:gil".to_string()));
    }

    #[test]
    fn filler_words_in_speech_or_a_body_are_no_topic_but_in_a_title_they_are() {
        let said: Vec<(u32, &str)> = (0..10)
            .map(|i| (i * 300, "the community is great"))
            .collect();
        assert!(!ids(&speech(&said)).contains(&"topic:community".to_string()));
        let body = episode("Join the community and read the docs at the link.", vec![]);
        assert!(
            ids(&body)
                .iter()
                .all(|id| id != "topic:community" && id != "topic:docs")
        );
        let titles = episode("", vec![Chapter::new(0, "Community news")]);
        assert!(ids(&titles).contains(&"topic:community".to_string()));
    }

    #[test]
    fn english_word_modules_in_speech_need_to_be_said_as_modules() {
        let plain = speech(&[
            (60, "this time it is different"),
            (120, "string them together"),
        ]);
        assert!(ids(&plain).iter().all(|id| !id.starts_with("module:")));
        let said = speech(&[
            (60, "you can import this and see"),
            (120, "the time module is old"),
        ]);
        let found = ids(&said);
        assert!(found.contains(&"module:this".to_string()), "{found:?}");
        assert!(found.contains(&"module:time".to_string()), "{found:?}");
    }

    #[test]
    fn modules_said_as_modules_are_read_next_to_the_mention_beside_any_characters() {
        let said = speech(&[
            (60, "né, you can import this and see"),
            (120, "the time module is old é"),
        ]);
        let found = ids(&said);
        assert!(found.contains(&"module:this".to_string()), "{found:?}");
        assert!(found.contains(&"module:time".to_string()), "{found:?}");
    }

    #[test]
    fn in_url_reads_only_a_bounded_look_back() {
        // One unbroken token: a match near the address is in it, one past the look-back is not read back to
        // the address (reading back from every match of a long token was quadratic).
        let text = format!("https://x.org/{}", "é".repeat(URL_LOOKBACK_BYTES));
        assert!(in_url(&text, &(100..102)));
        assert!(!in_url(&text, &(text.len() - 2..text.len())));
    }

    #[test]
    fn a_first_name_in_a_body_names_only_someone_present() {
        let absent = episode("Uncle Brandt said so, and we laughed.", vec![]);
        assert!(!ids(&absent).contains(&"person:brandt-bucher".to_string()));
        let present = episode("Brandt Bucher joined us. Brandt said so.", vec![]);
        assert!(ids(&present).contains(&"person:brandt-bucher".to_string()));
    }

    #[test]
    fn words_the_episode_writes_in_lowercase_are_not_a_new_persons_name() {
        let e = episode(
            "Jupyter Notebooks is the tool. We love notebooks, and notebooks love us.",
            vec![],
        );
        assert!(!ids(&e).contains(&"person:jupyter-notebooks".to_string()));
    }

    #[test]
    fn words_inside_a_url_are_not_words_about_anything() {
        let text =
            "see [the guide](https://docs.python.org/3/library/asyncio.html) and www.x.org/docs";
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            start..start + word.len()
        };
        assert!(in_url(text, &at("docs.python")));
        assert!(in_url(text, &at("asyncio")));
        assert!(in_url(text, &at("x.org/docs")) || in_url(text, &(text.len() - 4..text.len())));
        assert!(!in_url(text, &at("guide")));
        assert!(!in_url(text, &at("see")));
    }

    #[test]
    fn misheard_names_resolve_only_when_close_with_the_same_first_name() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let name = |i: Option<usize>| i.map(|i| taxonomy.people[i].name.clone());
        assert_eq!(
            name(misheard(&taxonomy, "Lukasz Langer")).as_deref(),
            Some("Łukasz Langa")
        );
        assert_eq!(
            name(misheard(&taxonomy, "Lukasz Lange")).as_deref(),
            Some("Łukasz Langa")
        );
        assert_eq!(
            name(misheard(&taxonomy, "Brett Canon")).as_deref(),
            Some("Brett Cannon")
        );
        assert_eq!(misheard(&taxonomy, "Brett Smith"), None, "another surname");
        assert_eq!(
            misheard(&taxonomy, "Lucas Langa"),
            None,
            "another first name"
        );
    }

    #[test]
    fn filler_words_are_matched_whatever_their_case() {
        assert!(is_in(FILLER_WORDS, "Community"));
        assert!(is_in(COMMON_WORDS, "windows"));
        assert!(!is_in(FILLER_WORDS, "free-threading"));
    }
}
