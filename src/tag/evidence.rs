//! Evidence: how much an episode's words must say, and where, before the episode discusses a topic or
//! names a person or a module. A chapter title of a chapter list is strong: one word there is enough (the
//! tagger was made for them and keeps its behaviour there; an untimed item heading of show notes is read
//! as a sentence for words that are every project's: "Alpha release of the Ruff formatter"). A body text
//! (a description, the words under a heading) is weaker: a generic word ("community", "docs", "test") or
//! anything inside a URL says nothing on its own, and neither does a line that makes an offer (sponsor
//! copy). A word in an hour of speech is weakest: a topic of a transcript needs its own (not generic)
//! words in at least two separate minutes, English-word module names need "the X module", "import X" or
//! an attribute ("time.sleep"; in writing and an untimed item heading, code), and a module's name split
//! into words ("data classes") counts there only. In body text and speech a
//! first name resolves only to someone the episode names in full or whose episode it is, and a
//! capitalised pair whose words the episode also writes in lowercase ("Jupyter Notebooks") is not a new
//! person. docs/precision.md says why.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::types::{Entity, PersonCue, Place, Release, Rule, Tagged};
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
    "exceptions",
    "parser",
    "monitoring",
    "decorator",
    "compiler",
    "coverage",
    "CI",
    "continuous integration",
];

/// Topic words with an everyday sense that is not the topic's, found firing wrongly over the corpora
/// (docs/precision.md, "Words of another sense"): "a Trio of Pythonistas", "Justin" the guest, "specialize
/// in", "the arena of self-driving cars", "code block indentation", "printable certificates",
/// "implementations of algorithms". In a body or speech they name their topic only beside another word of
/// it in the episode (the CPython sense has company: "Trio" with "async", "arena" with "memory"); in a title
/// they still count. Compared with the matched words, lowercase.
const SENSE_WORDS: &[&str] = &[
    "trio",
    "justin",
    "specialize",
    "specializes",
    "specialise",
    "specialises",
    "specializing",
    "specialising",
    "specialization",
    "specializations",
    "specialisation",
    "specialisations",
    "arena",
    "arenas",
    "indentation",
    "certificate",
    "certificates",
    "python implementations",
    "cython",
    "ipython",
    "perf",
    "grammar",
    "grammars",
];

/// A topic word after these words is in another sense: "penetration testing", "beta testing", "user
/// testing"; a tool's blurb: "a high-performance web framework", "available on PyPI". (word, the words
/// before it), lowercase; the words before may be a phrase ("available on").
const SENSE_BEFORE: &[(&str, &[&str])] = &[
    (
        "testing",
        &["penetration", "pen", "beta", "user", "usability", "a/b"],
    ),
    ("performance", &["high"]),
    ("frame object", &["data"]),
    ("frame objects", &["data"]),
    ("thread", DISCUSSION_PLACES),
    ("threads", DISCUSSION_PLACES),
    (
        "pypi",
        &[
            "available on",
            "now on",
            "today on",
            "is on",
            "are on",
            "up on",
        ],
    ),
];

/// Where a thread is a discussion, not a thread of execution: "a Twitter thread", "the Reddit thread", "an
/// issue thread".
const DISCUSSION_PLACES: &[&str] = &[
    "twitter",
    "reddit",
    "mastodon",
    "bluesky",
    "discourse",
    "forum",
    "mailing list",
    "email",
    "discussion",
    "comment",
    "comments",
    "issue",
    "github",
    "hacker news",
    "hn",
    "python-dev",
    "python-ideas",
];

/// A topic word before these words is an instruction, not a discussion, or in another sense: "pip install
/// flet" says how to install a tool, "a syntax-highlighting printer" how it shows code. (word, the word
/// after it, after a space or a hyphen), lowercase.
const SENSE_AFTER: &[(&str, &[&str])] = &[
    ("pip", &["install", "installable", "install-able"]),
    // "syntax-highlighting" and "the syntax trees" are an editor's colours and a parser's output, not the
    // language's syntax ("syntax highlighting" is matched whole as the REPL's alias).
    (
        "syntax",
        &[
            "highlighting",
            "highlighted",
            "highlighter",
            "highlighters",
            "highlight",
            "highlights",
            "tree",
            "trees",
        ],
    ),
    // Visual Studio Code is an editor, not the MSVC toolchain that builds CPython on Windows.
    ("visual studio", &["code", "online"]),
];

/// Topic words that are everybody's: every project has a core team, release notes and a next release. In
/// a body or speech they name the topic (governance, releases) only in a sentence that names Python
/// ("the Python core team", "Python 3.12.6 security release"), not "the Kivy core team" or "Django security
/// releases". Compared with the matched words, lowercase.
const OWNED_WORDS: &[&str] = &[
    "core team",
    "core developer team",
    "core dev team",
    "triage team",
    "commit bit",
    "commit rights",
    "governance model",
    "deprecation policy",
    "backwards compatibility policy",
    "release notes",
    "release manager",
    "release candidate",
    "release schedule",
    "release cycle",
    "release process",
    "end of life",
    "end-of-life",
    "eol",
];

/// How far on each side of a word its sentence is looked for.
const SENTENCE_WINDOW_BYTES: usize = 400;

/// How far before or after a mention the words beside it are looked for ([`SENSE_BEFORE`],
/// [`SENSE_AFTER`]): longer than any of those words and the spaces or dash between.
const WORD_BEFORE_WINDOW_BYTES: usize = 64;

/// Separate minutes of speech a topic named only by common words must fall in.
const SPEECH_MINUTES_COMMON: usize = 4;

/// Separate mentions in a long body a topic named only by common words needs: one "notable exceptions"
/// or "move faster" in paragraphs about something else is that word's everyday sense.
const BODY_MENTIONS: usize = 2;

/// Headings of show-note and feed sections that list things rather than discuss them: a pick, a link's
/// title or a sponsor named there is not what the episode is about (topics.md allows either for link
/// lists; picks are the hosts' recommendations of anything, games and gin included).
const LIST_SECTIONS: &[&str] = &[
    "joke",
    "jokes",
    "keep in touch",
    "contact",
    "sponsors",
    "sponsored by",
];

/// Words that open a sponsor read: "Sponsored by DataDog", "This episode is brought to you by Linode".
const SPONSOR_OPENINGS: &[&str] = &[
    "sponsored by",
    "sponsored:",
    "sponsor:",
    "this episode is sponsored by",
    "this episode is brought to you by",
    "this episode was brought to you by",
    "brought to you by",
    "support our work",
];

/// How far around a mention a sponsor read's lines are looked for.
const SPONSOR_WINDOW_BYTES: usize = 2048;

/// Lines a sponsor read that ends in a colon may list after it ("Sponsored by us! Support our work
/// through:" then courses and books).
const SPONSOR_LIST_LINES: usize = 6;

/// Words of a body short enough to be a blurb (a few sentences), where every sentence is about the
/// item's subject and one common word says what it is about.
const SHORT_BODY_WORDS: usize = 60;

/// How strong the words at a place are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
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
    let strength = strength_of(episode);
    tagged.retain(|t| holds_alone(taxonomy, episode, strength(t.place), t));
    drop_versions_of_other_things(episode, tagged, &strength);
    keep_discussed_topics(taxonomy, episode, tagged, &strength);
    resolve_misheard_names(taxonomy, hosts, tagged, &strength);
    keep_present_first_names(taxonomy, episode, hosts, tagged, &strength);
    drop_ordinary_words_as_people(episode, tagged, &strength);
}

/// How strong the words at each place of an episode are.
pub(super) fn strength_of(episode: &Episode) -> impl Fn(Place) -> Strength + use<> {
    let speech = is_speech(episode);
    // A description beside a timed chapter list summarises the episode the way its titles do.
    let summary = !speech && episode.chapters.any_timed();
    move |place: Place| match place {
        Place::Passage(_) => Strength::Speech,
        Place::Chapter(_) if speech => Strength::Speech,
        Place::Chapter(_) => Strength::Heading,
        Place::Description if summary => Strength::Heading,
        Place::Description | Place::Text(_) => Strength::Body,
    }
}

/// The checks a mention passes or fails by its own words, whatever else the episode says: not inside a
/// URL, an English-word module said as a module in speech, not a weak subject. The tagger applies them as
/// it finds mentions, before it merges repeated ones (`compact`), and [`weigh`] again.
pub(super) fn holds_alone(
    taxonomy: &Taxonomy,
    episode: &Episode,
    strength: Strength,
    t: &Tagged,
) -> bool {
    let split_name = is_a_module_name_in_words(t);
    if strength == Strength::Heading {
        return !split_name && !english_word_module_in_an_item_heading(taxonomy, episode, t);
    }
    !((split_name && strength != Strength::Speech)
        || in_url(text_at(episode, t.place), &t.mention.span)
        || (strength == Strength::Speech && !module_said_as_module(taxonomy, episode, t))
        || (strength == Strength::Body && !module_written_as_code(taxonomy, episode, t))
        || is_a_weak_subject(episode, t))
}

/// What [`keep_discussed_topics`] reads of a body topic mention's own position, beyond its words and
/// place: whether it is an aside, in a list of desktops, or in its everyday sense by the words around it.
/// Repeats of a topic at one place alike in this (and in entity, words and rule) weigh alike but for
/// being separate mentions, so the tagger merges them with a count (`compact`).
pub(super) fn body_position(episode: &Episode, t: &Tagged) -> bool {
    let text = text_at(episode, t.place);
    after_a_word_of_everyday_sense(text, t)
        || is_owned_or_a_desktop_without_python(text, t)
        || is_an_aside(episode, t.place, t.mention.span.start)
        || in_a_list_of_desktops(text, &t.mention.span)
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

/// How long a sponsor read in speech runs from its opening words: a read is a minute or so.
const SPONSOR_READ_SECONDS: u32 = 90;

/// Words that open a sponsor read in speech ("This episode is brought to you by Sentry").
const SPOKEN_SPONSOR_OPENINGS: &[&str] = &[
    "episode is brought to you by",
    "episode is sponsored by",
    "is brought to you by",
];

/// The second at which each sponsor read of a transcript (its passages, or cues read as chapters) opens.
fn sponsor_reads_in_speech(episode: &Episode) -> Vec<u32> {
    let opens = |text: &str| {
        let lower = text.to_lowercase();
        SPOKEN_SPONSOR_OPENINGS.iter().any(|o| lower.contains(o))
    };
    let mut starts = Vec::new();
    if let Some(transcript) = &episode.transcript {
        starts.extend(
            (0..transcript.len())
                .filter_map(|i| transcript.get(i))
                .filter(|p| opens(p.text))
                .map(|p| p.seconds),
        );
    } else if is_speech(episode) {
        starts.extend(
            (0..episode.chapters.len())
                .filter_map(|i| episode.chapters.seconds_and_title(i))
                .filter(|(_, title)| opens(title))
                .filter_map(|(seconds, _)| seconds),
        );
    }
    starts
}

/// Whether speech at `seconds` is in a sponsor read that opened at one of `starts`.
fn in_a_sponsor_read(starts: &[u32], seconds: Option<u32>) -> bool {
    seconds.is_some_and(|at| {
        starts
            .iter()
            .any(|&s| s <= at && at < s + SPONSOR_READ_SECONDS)
    })
}

/// The second a place of speech starts at, when it has a time.
fn seconds_of(episode: &Episode, place: Place) -> Option<u32> {
    match place {
        Place::Passage(i) => episode
            .transcript
            .as_ref()
            .and_then(|t| t.get(i))
            .map(|p| p.seconds),
        other => other.chapter().and_then(|i| episode.chapters.seconds(i)),
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
        || in_a_host_name(text, span)
}

/// Top-level domains a host name written without a scheme ends in, in the links of show notes and feeds
/// ("pypi.org/project/tqdm", "us.pycon.org/2020/online", "github.com").
const HOST_DOMAINS: &[&str] = &["com", "org", "io", "net", "dev", "fm", "edu", "gov", "ai"];

/// How far after a match its host name is looked for: a host name is short.
const HOST_LOOKAHEAD_BYTES: usize = 64;

/// Whether the word at `span` is a label of a host name written without a scheme: a dot follows it and the
/// labels after it end in a [`HOST_DOMAINS`] domain, then a slash, a space, a closing mark or the text's
/// end ("pypi.org/project/tqdm", "us.pycon.org/2020", "see github.com."). A site's name is no words about
/// a topic ("tqdm package: pypi.org").
fn in_a_host_name(text: &str, span: &Range<usize>) -> bool {
    let Some(rest) = text.get(span.end..) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let end = char_boundary_at_or_after(rest, HOST_LOOKAHEAD_BYTES.min(rest.len()));
    let host: &str = rest[..end]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .next()
        .unwrap_or_default();
    let host = host.trim_end_matches('.');
    let after = &rest[host.len()..];
    let ends = after.is_empty()
        || after.starts_with(|c: char| {
            c == '/' || c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '.' | ',' | ';')
        });
    ends && host
        .rsplit('.')
        .next()
        .is_some_and(|tld| HOST_DOMAINS.contains(&tld))
        && !host.contains("..")
}

/// Whether a module mention is the module's name said in words, as speech-to-text splits it ("data
/// classes", "iter tools", "path lib": a module alias with a space; class and function aliases have
/// none). Said, it is the module whatever follows; written, it is the words' own sense ("Python data
/// classes" in prose, "from app import lib" in code), so it counts only in speech.
fn is_a_module_name_in_words(t: &Tagged) -> bool {
    matches!(t.mention.rule, Rule::ModuleAlias) && t.mention.text.contains(' ')
}

/// In speech, whether a module that is also an English word ("this", "re", "time", "string") is said as a
/// module: "the time module", "import time". Other mentions pass, and so does a module's name said in
/// words ([`is_a_module_name_in_words`]).
fn module_said_as_module(taxonomy: &Taxonomy, episode: &Episode, t: &Tagged) -> bool {
    if is_a_module_name_in_words(t) {
        return true;
    }
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
    let name = &text[span.clone()];
    // Speech-to-text writes a module's function as code ("os.fwalk", "os.system", "time.sleep"): that is
    // the module said, but for `this.x` (JavaScript's `this`, not the Zen of Python).
    if names_an_attribute(name, &text[span.end..]) {
        return true;
    }
    if ends_with(before, "import") {
        let before_import = &before[..before.len() - "import".len()];
        return !is_a_phase(before_import) && !is_a_determiner(name, after);
    }
    // "this module", "this library": a determiner before a noun, not the Zen of Python.
    let determiner = name.eq_ignore_ascii_case("this");
    !determiner && (starts_with(after, "module") || starts_with(after, "library"))
}

/// In a body, whether a module that is also an English word ("this", "time", "random") is written as code,
/// read more strictly than the tagger's code context: "from this" is code only before "import" ("comes
/// from this.", "from time to time"), "X import" only with "import" a word of its own ("for this
/// important role"), "this module" is a determiner before a noun ("This module provides ..."), and "at
/// import time" is the phase, as in speech. Backticks, "X.attr" and "X(" stay code, and so does "from X" at
/// a clause's end ("Counter from collections"). Other mentions pass.
fn module_written_as_code(taxonomy: &Taxonomy, episode: &Episode, t: &Tagged) -> bool {
    let name = match (&t.mention.entity, &t.mention.rule) {
        (Entity::Module(name), Rule::Module { code_context: true })
            if taxonomy.modules.code_only.contains(name) =>
        {
            name
        }
        _ => return true,
    };
    let text = text_at(episode, t.place);
    let span = &t.mention.span;
    let (before, after) = (&text[..span.start], &text[span.end..]);
    let attribute = names_an_attribute(name, after);
    if before.ends_with('`') || after.starts_with(['`', '(']) || attribute {
        return true;
    }
    let before = before.trim_end_matches(' ').as_bytes();
    let after_word = |word: &str| {
        after.strip_prefix(' ').is_some_and(|rest| {
            rest.strip_prefix(word)
                .is_some_and(|tail| !tail.starts_with(|c: char| c.is_alphanumeric()))
        })
    };
    // The rest of the line: a body's lines are list items, and the next one's first word is no object.
    let rest_of_line = after.trim_start_matches(' ').as_bytes();
    if let Some(before_import) = strip_word_suffix(before, "import") {
        return !is_a_phase(before_import) && !is_a_determiner(name, rest_of_line);
    }
    if strip_word_suffix(before, "from").is_some() {
        // "Counter from collections", "types from typing." name the module; "from this year", "from time
        // to time" go on with a word, and "this" ends a clause as a pronoun ("comes from this.").
        let phrase = rest_of_line.first().is_some_and(u8::is_ascii_alphabetic);
        return after_word("import") || !(phrase || name.eq_ignore_ascii_case("this"));
    }
    before.ends_with(b"-m")
        || (after_word("module") && !name.eq_ignore_ascii_case("this"))
        || after_word("import")
}

/// Whether an English-word module in an untimed item heading of show notes is the word, not the module:
/// such a heading is a sentence ("Is there a danger of Python losing its momentum from this?"), read
/// as a body's sentence is ([`module_written_as_code`]); the tagger's code context takes "from this" as
/// code. A chapter title with a time keeps the title's rule.
fn english_word_module_in_an_item_heading(
    taxonomy: &Taxonomy,
    episode: &Episode,
    t: &Tagged,
) -> bool {
    let Place::Chapter(i) = t.place else {
        return false;
    };
    episode.chapters.seconds(i).is_none() && !module_written_as_code(taxonomy, episode, t)
}

/// Whether the text after an English-word module name reads an attribute of the module ("os.fwalk",
/// "time.sleep"): not a file name or a host ("code.py", "secrets.py", "cmd.exe", "platform.sh"), and not
/// `this.loadPayments` (JavaScript's or Java's `this`; nobody reads attributes of the Zen of Python).
fn names_an_attribute(name: &str, after: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "py", "pyc", "pyi", "exe", "sh", "bat", "txt", "md", "json", "toml", "cfg", "ini", "html",
        "js", "io", "com", "org", "net", "dev",
    ];
    let Some(rest) = after.strip_prefix('.') else {
        return false;
    };
    let word: &str = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    rest.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && !EXTENSIONS.iter().any(|e| word.eq_ignore_ascii_case(e))
        && !name.eq_ignore_ascii_case("this")
}

/// The bytes before a trailing whole word (`word` not preceded by a letter or digit), if they end with it.
fn strip_word_suffix<'a>(bytes: &'a [u8], word: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_suffix(word.as_bytes())?;
    (!rest.last().is_some_and(u8::is_ascii_alphanumeric)).then_some(rest)
}

/// Whether the words before "import" make "import X" a noun ("at import time", "your import time").
fn is_a_phase(before_import: &[u8]) -> bool {
    let word = last_word(before_import);
    [
        "at", "the", "your", "my", "our", "their", "its", "of", "slow", "fast",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// Whether a module name said after "import" is a word of a longer phrase: "import this thing", "import
/// this class", "don't import this until". Said as a module it ends the clause or a small word follows
/// ("import this in the REPL", "import json and ...").
fn is_a_determiner(name: &str, after: &[u8]) -> bool {
    let next = after
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .copied()
        .collect::<Vec<u8>>();
    const CLAUSE_WORDS: &[&str] = &[
        "and", "in", "into", "at", "then", "you", "or", "from", "so", "to", "it", "which", "with",
        "on", "as", "inside", "there", "here", "we", "i",
    ];
    name.eq_ignore_ascii_case("this")
        && !next.is_empty()
        && !CLAUSE_WORDS
            .iter()
            .any(|w| next.eq_ignore_ascii_case(w.as_bytes()))
}

/// The last word of some bytes (after trailing spaces).
fn last_word(bytes: &[u8]) -> &[u8] {
    let trimmed = bytes.trim_ascii_end();
    let start = trimmed
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    &trimmed[start..]
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
        /// Separate mentions in bodies, a blurb's counting as [`BODY_MENTIONS`].
        body: usize,
        body_spans: HashSet<(Place, usize)>,
    }
    let mut support: HashMap<usize, Support> = HashMap::new();
    let speaks_of_topics = tagged.iter().any(|t| {
        matches!(t.mention.entity, Entity::Topic(_)) && strength(t.place) == Strength::Speech
    });
    let sponsor_reads = if speaks_of_topics {
        sponsor_reads_in_speech(episode)
    } else {
        Vec::new()
    };
    let accompanied = topics_with_plain_words(tagged);
    for t in tagged.iter() {
        let Entity::Topic(topic) = t.mention.entity else {
            continue;
        };
        let word = match t.mention.rule {
            Rule::Term(i) => Some(taxonomy.terms[i].text.as_str()),
            _ => None,
        };
        let generic = word.is_some_and(|w| is_in(FILLER_WORDS, w))
            || is_an_exception_class(&t.mention.text)
            || in_another_sense(
                episode,
                t,
                &accompanied,
                strength(t.place) == Strength::Body,
            );
        let common = word.is_some_and(|w| is_in(COMMON_WORDS, w));
        let s = support.entry(topic).or_default();
        match strength(t.place) {
            Strength::Heading if names_what_is_not_python(episode, t) => {}
            Strength::Heading => s.strong = true,
            Strength::Body
                if generic
                    || is_an_aside(episode, t.place, t.mention.span.start)
                    || in_a_list_of_desktops(text_at(episode, t.place), &t.mention.span) => {}
            Strength::Body if !common => s.strong = true,
            Strength::Body => {
                // A word matched by a topic and its sub-topic, or by an alias and a pattern, is one mention.
                if s.body_spans.insert((t.place, t.mention.span.start)) {
                    let text = text_at(episode, t.place);
                    // Counted only as far as the bound: a body may be a megabyte of mentions.
                    let short = text.split_whitespace().nth(SHORT_BODY_WORDS).is_none();
                    s.body += if short { BODY_MENTIONS } else { 1 };
                }
                // Repeats merged with a count (`compact`) start elsewhere than the first: separate.
                s.strong |= s.body >= BODY_MENTIONS || t.count > 1;
            }
            Strength::Speech
                if !generic && !in_a_sponsor_read(&sponsor_reads, seconds_of(episode, t.place)) =>
            {
                let minute = minute_of(episode, t.place);
                s.minutes.insert(minute);
                if !common {
                    s.rare_minutes.insert(minute);
                }
                // A mention repeated in one place was merged with a count (`compact`).
                s.mentions += t.count as usize;
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

/// Whether a topic mention in an item's heading (an untimed heading of show notes or a feed item: "Alpha
/// release of the Ruff formatter", "Contacting the Kivy Core Team") is an [`OWNED_WORDS`] word in a
/// heading that does not name Python: another project's release or team. Such a heading is a sentence
/// about its item, read as a body's sentence is; a chapter title with a time keeps the title's rule (one
/// word is enough). A desktop system in a heading still counts: the blind gold reads "Git's virtual file
/// system comes to macOS" as platform support.
fn names_what_is_not_python(episode: &Episode, t: &Tagged) -> bool {
    let Place::Chapter(i) = t.place else {
        return false;
    };
    episode.chapters.seconds(i).is_none()
        && is_an_owned_word(&t.mention.text)
        && !sentence_names_python(text_at(episode, t.place), &t.mention.span)
}

/// The topics some mention names by a word that is not a [`SENSE_WORDS`] word: their sense words are
/// in company.
fn topics_with_plain_words(tagged: &[Tagged]) -> HashSet<usize> {
    tagged
        .iter()
        .filter_map(|t| match t.mention.entity {
            Entity::Topic(topic) if !is_a_sense_word(&t.mention.text) => Some(topic),
            _ => None,
        })
        .collect()
}

/// Whether a topic mention (in a body or speech; the caller decides) is a word used in another sense: a
/// [`SENSE_WORDS`] word without another word of its topic in the episode, or, `in_writing` (a body, not
/// speech, whose sentences seldom say "Python"), an [`OWNED_WORDS`] word or a desktop system ("handy on
/// Windows", "a macOS menu bar app": where a tool runs) in a sentence that does not name Python.
fn in_another_sense(
    episode: &Episode,
    t: &Tagged,
    accompanied: &HashSet<usize>,
    in_writing: bool,
) -> bool {
    let Entity::Topic(topic) = t.mention.entity else {
        return false;
    };
    if is_a_sense_word(&t.mention.text) && !accompanied.contains(&topic) {
        return true;
    }
    if after_a_word_of_everyday_sense(text_at(episode, t.place), t) {
        return true;
    }
    in_writing
        && (is_owned_or_a_desktop_without_python(text_at(episode, t.place), t)
            || is_an_acronym_written_as_a_word(&t.mention.text))
}

/// Acronyms whose letters written in lowercase are an everyday word: "a clothes peg", "peg your scripts
/// to a Python version" are no parsing expression grammar. In writing the grammar is "PEG" (speech-to-text
/// writes it in lowercase, so speech keeps it).
const ACRONYMS_OF_WORDS: &[&str] = &["peg", "pegs"];

/// Whether a mention is one of [`ACRONYMS_OF_WORDS`] written all in lowercase.
fn is_an_acronym_written_as_a_word(words: &str) -> bool {
    is_in(ACRONYMS_OF_WORDS, words) && !words.chars().any(|c| c.is_uppercase())
}

/// Whether a body's mention is an [`OWNED_WORDS`] word or a desktop system in a sentence that does not
/// name Python: another project's release or team, where a tool runs ("a native macOS app"). Part of
/// [`body_position`] too: a repeat in a sentence that names Python is not merged into one that does not.
fn is_owned_or_a_desktop_without_python(text: &str, t: &Tagged) -> bool {
    (is_an_owned_word(&t.mention.text) || is_a_desktop(&t.mention.text))
        && !sentence_names_python(text, &t.mention.span)
}

/// Whether the words before or after a mention give it another sense ([`SENSE_BEFORE`]: "beta testing",
/// "high-performance"; [`SENSE_AFTER`]: "pip install").
fn after_a_word_of_everyday_sense(text: &str, t: &Tagged) -> bool {
    let matched = |rules: &[(&str, &'static [&'static str])]| {
        rules
            .iter()
            .find(|(word, _)| word.eq_ignore_ascii_case(&t.mention.text))
            .map(|&(_, words)| words)
    };
    if let Some(before_words) = matched(SENSE_BEFORE) {
        // Only the last few bytes are read: the words before the mention are short, and a text without
        // spaces must not be read back to its start for every mention in it.
        let window = char_boundary_at_or_after(
            text,
            t.mention
                .span
                .start
                .saturating_sub(WORD_BEFORE_WINDOW_BYTES),
        );
        let before = text[window..t.mention.span.start]
            .trim_end_matches([' ', '-'])
            .to_lowercase();
        if before_words.iter().any(|w| ends_with_words(&before, w)) {
            return true;
        }
    }
    matched(SENSE_AFTER).is_some_and(|after_words| {
        let end = char_boundary_at_or_after(
            text,
            (t.mention.span.end + WORD_BEFORE_WINDOW_BYTES).min(text.len()),
        );
        let word = text[t.mention.span.end..end]
            .trim_start_matches([' ', '-'])
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';' | ')'))
            .next()
            .unwrap_or_default();
        after_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    })
}

/// Whether `text` ends with the words `words` at a word's start ("is available on" ends with "available
/// on"; "unavailable on" does not).
fn ends_with_words(text: &str, words: &str) -> bool {
    text.strip_suffix(words).is_some_and(|rest| {
        rest.chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '\u{201c}'))
    })
}

fn is_a_sense_word(words: &str) -> bool {
    is_in(SENSE_WORDS, words)
}

/// An [`OWNED_WORDS`] word, or a release of no one in particular ("new release", "security releases").
fn is_an_owned_word(words: &str) -> bool {
    let lower = words.to_ascii_lowercase();
    // An alias matches its plural too: "release schedules", "release managers".
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    is_in(OWNED_WORDS, &lower)
        || is_in(OWNED_WORDS, singular)
        || ((lower.ends_with(" release") || lower.ends_with(" releases"))
            && !lower.contains("python"))
}

/// Whether the sentence around `span` names Python ("Python", "CPython", "python3"), not counting a
/// "Python" inside a longer word ("Pythonistas"). Only [`SENTENCE_WINDOW_BYTES`] on each side are read.
fn sentence_names_python(text: &str, span: &Range<usize>) -> bool {
    let start = char_boundary_at_or_after(text, span.start.saturating_sub(SENTENCE_WINDOW_BYTES));
    let end = char_boundary_at_or_after(text, (span.end + SENTENCE_WINDOW_BYTES).min(text.len()));
    let before = &text[start..span.start];
    let after = &text[span.end..end];
    let from = sentence_ends(before).last().unwrap_or(0);
    let to = sentence_ends(after).next().unwrap_or(after.len());
    names_python(&before[from..]) || names_python(&text[span.clone()]) || names_python(&after[..to])
}

/// Where sentences end in a text: after a full stop, question or exclamation mark followed by a space
/// ("3.12.1" is no end), and at a line's end (list items and lines of show notes end without a stop).
fn sentence_ends(text: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(move |&i| {
            bytes[i] == b'\n'
                || (matches!(bytes[i], b'.' | b'?' | b'!')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace))
        })
        .map(|i| i + 1)
}

/// Whether words name Python as a word: "Python", "CPython", "python3", "Python's"; not "Pythonistas" or
/// "MicroPython".
fn names_python(words: &str) -> bool {
    let lower = words.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    lower.match_indices("python").any(|(i, _)| {
        let start = if lower[..i].ends_with('c') { i - 1 } else { i };
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = &lower[i + "python".len()..];
        let after_ok = after
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphabetic());
        before_ok && after_ok
    })
}

/// Whether a body's words at `at` are an aside the episode does not discuss: a section that lists things
/// (links, picks, sponsors) or a sponsor read ("Sponsored by us! Support our work through:" and its list).
fn is_an_aside(episode: &Episode, place: Place, at: usize) -> bool {
    if let Place::Text(i) = place
        && let Some((_, heading)) = episode.chapters.seconds_and_title(i)
        && is_a_list_section(heading)
    {
        return true;
    }
    in_sponsor_read(text_at(episode, place), at)
}

/// The desktop systems a tool runs on: named together ("runs on Windows, Mac and Linux", "macOS/Linux")
/// they say where a tool runs, not that the episode discusses platform support.
const DESKTOPS: &[&str] = &["windows", "mac", "macos", "osx", "linux"];

/// Bytes read on each side of a desktop's name for the list it is in.
const DESKTOP_WINDOW_BYTES: usize = 64;

/// Whether the desktop system at `span` is listed beside another ("Windows, macOS, and Linux", "Mac /
/// Windows", "Linux and MacOS"): up to three separators and an "and", "or" or "&" between them.
fn in_a_list_of_desktops(text: &str, span: &Range<usize>) -> bool {
    if !is_a_desktop(&text[span.clone()]) {
        return false;
    }
    // The few words on each side are all a list needs: a body may be a megabyte without a newline.
    let end = char_boundary_at_or_after(text, (span.end + DESKTOP_WINDOW_BYTES).min(text.len()));
    let start = char_boundary_at_or_after(text, span.start.saturating_sub(DESKTOP_WINDOW_BYTES));
    let after = list_words(&text[span.end..end]);
    let mut before = list_words(&text[start..span.start]);
    before.reverse();
    next_is_a_desktop(&after) || next_is_a_desktop(&before)
}

fn is_a_desktop(word: &str) -> bool {
    let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    DESKTOPS.iter().any(|d| d.eq_ignore_ascii_case(&word)) || word.eq_ignore_ascii_case("macosx")
}

/// The words and list separators of a text, in order ("Mac, and Linux" -> "Mac", ",", "and", "Linux").
fn list_words(text: &str) -> Vec<&str> {
    let separator = |c: char| c.is_whitespace() || matches!(c, ',' | '/' | '&');
    let mut words = Vec::new();
    for piece in text.split_inclusive(separator) {
        let word = piece.trim_end_matches(separator);
        let sep = piece[word.len()..].trim();
        let word = word.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ';' | ':'));
        words.extend([word, sep].into_iter().filter(|w| !w.is_empty()));
    }
    words
}

/// Whether, reading from a desktop's name, one to three separators lead to another desktop's name.
fn next_is_a_desktop(words: &[&str]) -> bool {
    let joiners = words
        .iter()
        .take_while(|w| matches!(**w, "and" | "or" | "&" | "/" | ","))
        .count();
    (1..=3).contains(&joiners) && words.get(joiners).is_some_and(|w| is_a_desktop(w))
}

/// Whether a word is an exception class's name ("ValueError", "RuntimeError", "DeprecationWarning"): in a
/// body or speech it is code or an error's output ("a ValueError is raised", "TypeError: can only
/// concatenate"), not a discussion of exceptions; it adds to the topic only when other words give it.
fn is_an_exception_class(word: &str) -> bool {
    let stem = ["Error", "Exception", "Warning"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix));
    stem.is_some_and(|stem| {
        stem.starts_with(|c: char| c.is_ascii_uppercase())
            && stem.chars().all(char::is_alphanumeric)
    })
}

/// Whether a heading names a section that lists things ("Links from the show", "Picks:").
fn is_a_list_section(heading: &str) -> bool {
    let words = heading
        .trim()
        .trim_end_matches([':', '.', '!'])
        .trim()
        .to_lowercase();
    LIST_SECTIONS.contains(&words.as_str())
}

/// Whether the line at `at` of a body is a sponsor read: a line that opens with a sponsor's words, or
/// one of the short lines listed after such a line that ends in a colon. A line about a PEP is never
/// one ("sponsored by Brett Cannon" is a PEP's sponsor).
fn in_sponsor_read(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    // Only a bounded window is read: every topic mention of a body asks, and a body may be a megabyte
    // without a newline.
    let from = char_boundary_at_or_after(before, at.saturating_sub(SPONSOR_WINDOW_BYTES));
    let window = &before[from..];
    let mut lines = window.rsplit('\n');
    let this = lines.next().unwrap_or_default();
    if from > 0 && this.len() == window.len() {
        return false; // A line longer than the window: its opening is out of sight.
    }
    let to = char_boundary_at_or_after(text, (at + SPONSOR_WINDOW_BYTES).min(text.len()));
    let rest = text[at..to].split('\n').next().unwrap_or_default();
    // `this` ends where `rest` starts: the line is one slice of the text.
    let line = &text[at - this.len()..at + rest.len()];
    if opens_a_sponsor_read(line) || is_a_call_to_action(line) {
        return true;
    }
    for line in lines.take(SPONSOR_LIST_LINES) {
        let line = line.trim();
        if line.ends_with(':') {
            return opens_a_sponsor_read(line);
        }
        if line.is_empty() || opens_a_sponsor_read(line) {
            return false;
        }
    }
    false
}

/// The first character boundary of `text` at or after byte `i`.
fn char_boundary_at_or_after(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Words of an offer, which only sponsor copy and announcements of paid events make ("Go to
/// podcastinit.com/linode to get a $20 credit", "use the promo code podcastinit during checkout", "start
/// your free trial", "register and save 20%"). An event's announcement without an offer ("still time to get
/// your tickets for PyCon Colombia") is left alone: a Python conference's is the events topic. Lowercase.
const OFFER_WORDS: &[&str] = &[
    "promo code",
    "coupon code",
    "discount code",
    "free trial",
    "special offer",
    "to get a $",
    "register and save",
    "% off",
    "% discount",
];

/// Whether a body's line makes an offer ([`OFFER_WORDS`]): it is sponsor copy or a paid event's
/// announcement, however it opens ("When you're ready to launch your next app ... check out Linode ... even
/// faster ... Go to podcastinit.com/linode to get a $20 credit"), and says nothing the episode discusses.
/// A line about a PEP is never one.
fn is_a_call_to_action(line: &str) -> bool {
    let lower = line.to_lowercase();
    OFFER_WORDS.iter().any(|w| lower.contains(w)) && !lower.contains("pep")
}

/// Whether a line opens a sponsor read (and is not about a PEP).
fn opens_a_sponsor_read(line: &str) -> bool {
    let lower = line
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    SPONSOR_OPENINGS.iter().any(|o| lower.starts_with(o)) && !lower.contains("pep")
}

/// In a body or speech, a name found as the subject of a sentence by a verb as weak as "is" or "was"
/// ("Python for Absolute Beginners is out"): in a title "X is the new release manager" names a person, in
/// a sentence the pair is as often a product or a phrase.
fn is_a_weak_subject(episode: &Episode, t: &Tagged) -> bool {
    if !matches!(t.mention.rule, Rule::PersonCue(PersonCue::SubjectOfTitle)) {
        return false;
    }
    let rest = &text_at(episode, t.place)[t.mention.span.end..];
    let verb = rest.trim_start().split(|c: char| !c.is_alphabetic()).next();
    rest.starts_with(char::is_whitespace) && matches!(verb, Some("is" | "was"))
}

/// Versions that are not Python's: a release right after a project's name ("pytest 3.3.0"), a bare
/// number that is a measurement ("3.12 m +/- 2.6%", "2.5%"), and the releases topic's
/// version words where they name no Python release ("3.5.0" of RustPython; in a body or speech, "a new
/// version" not "of Python").
fn drop_versions_of_other_things(
    episode: &Episode,
    tagged: &mut Vec<Tagged>,
    strength: &impl Fn(Place) -> Strength,
) {
    let ends_of_projects: HashSet<(Place, usize)> = tagged
        .iter()
        .filter(|t| matches!(t.mention.entity, Entity::Project(_)))
        .map(|t| (t.place, t.mention.span.end))
        .collect();
    tagged.retain(|t| {
        let Entity::Release(_) = t.mention.entity else {
            return true;
        };
        let text = text_at(episode, t.place);
        let before = &text[..t.mention.span.start];
        let owner_end = before.trim_end().len();
        let after_project =
            before.len() > owner_end && ends_of_projects.contains(&(t.place, owner_end));
        let measured = !names_python_before(before)
            && (is_a_measurement(&text[t.mention.span.end..]) || is_a_pin(before));
        let bare = t.mention.text.starts_with(|c: char| c.is_ascii_digit());
        let linked_owner = bare && owned_by_a_link(episode, before);
        let old_and_ownerless = bare
            && strength(t.place) != Strength::Heading
            && is_of_an_old_line(&t.mention.entity)
            && !python_just_before(before);
        !(after_project || measured || linked_owner || old_and_ownerless)
    });
    drop_lists_past_their_lines(episode, tagged);
    let releases = SpansByPlace::new(
        tagged
            .iter()
            .filter(|t| matches!(t.mention.entity, Entity::Release(_)))
            .map(|t| (t.place, t.mention.span.clone())),
    );
    tagged.retain(|t| {
        let (Entity::Topic(_), Rule::Pattern(_)) = (&t.mention.entity, &t.mention.rule) else {
            return true;
        };
        let text = text_at(episode, t.place);
        let span = &t.mention.span;
        let words = &text[span.clone()];
        if is_a_version_number(words) {
            releases.overlaps(t.place, span)
        } else if strength(t.place) != Strength::Heading && is_a_bare_version_word(words) {
            let after = text[span.end..].trim_start().to_ascii_lowercase();
            after.starts_with("of python") || after.starts_with("of cpython")
        } else {
            true
        }
    });
}

/// Python's lines that ended before 2008 (1.x, 2.0 to 2.5): said or written bare in a body or speech, such a
/// number is another project's ("Django 2.0", "version 2.4 of TurboGears", "SQLAlchemy 2.0", "web 2.0"),
/// unless Python was named just before ("Python was around version 2.3 then").
fn is_of_an_old_line(entity: &Entity) -> bool {
    let Entity::Release(release) = entity else {
        return false;
    };
    let mut parts = release.feature.split('.');
    let major = parts.next().and_then(|p| p.parse::<u32>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
    match (major, minor) {
        (Some(1), _) => true,
        (Some(2), Some(minor)) => minor <= OLD_LINE_LAST_MINOR,
        _ => false,
    }
}

/// The last minor version of Python 2 counted as an old line: 2.6 (2008) and 2.7 are said bare of
/// Python as often as not ("on 2.6 and 2.7").
const OLD_LINE_LAST_MINOR: u32 = 5;

/// How far before a bare old version "Python" must be to make it Python's: a sentence or two.
const OLD_LINE_WINDOW_BYTES: usize = 150;

/// Whether "Python" is in the [`OLD_LINE_WINDOW_BYTES`] before a version ("What was the version of Python
/// you started on? It was 2.5").
fn python_just_before(before: &str) -> bool {
    let start =
        char_boundary_at_or_after(before, before.len().saturating_sub(OLD_LINE_WINDOW_BYTES));
    before[start..].to_ascii_lowercase().contains("python")
}

/// Words before a version that are no project's name, though a link's path may hold them.
const NOT_VERSION_OWNERS: &[&str] = &[
    "python",
    "python2",
    "python3",
    "cpython",
    "py",
    "version",
    "versions",
    "release",
    "releases",
    "download",
    "downloads",
    "docs",
    "en",
    "latest",
    "stable",
    "dev",
    "main",
    "master",
    "blob",
    "tree",
    "wiki",
    "project",
    "projects",
    "issues",
    "pull",
    "whatsnew",
    "library",
];

/// Whether the lowercase word right before a bare version is the name of a project the episode links to:
/// "What's new in matplotlib 2.0" beside a link to matplotlib.org, "peewee 3.0 is out" beside
/// github.com/coleifer/peewee, "flit 3.4" beside pypi.org/project/flit. A host label or a whole path
/// segment of one of the episode's links is compared, so a slug's words ("what-s-new-in-python") are not.
fn owned_by_a_link(episode: &Episode, before: &str) -> bool {
    let Some(word) = before.split_whitespace().next_back() else {
        return false;
    };
    if before.ends_with(|c: char| !c.is_whitespace())
        || word.len() < 3
        || !word.starts_with(|c: char| c.is_ascii_lowercase())
        || !word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        || NOT_VERSION_OWNERS.contains(&word)
    {
        return false;
    }
    episode.links.iter().any(|link| link_names(link, word))
}

/// Whether `word` is a host label or a whole path segment of a link (case ignored).
fn link_names(link: &str, word: &str) -> bool {
    let rest = link.split_once("://").map_or(link, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default();
    host.split('.')
        .any(|label| label.eq_ignore_ascii_case(word))
        || parts.any(|segment| segment.eq_ignore_ascii_case(word))
}

/// The last release of each Python line that has ended (python.org's release history): a later one is no
/// Python release ("3.2.11", "2.0.8" are Django's).
const LAST_MICROS: &[(&str, u32)] = &[
    ("2.0", 1),
    ("2.1", 3),
    ("2.2", 3),
    ("2.3", 7),
    ("2.4", 6),
    ("2.5", 6),
    ("2.6", 9),
    ("2.7", 18),
    ("3.0", 1),
    ("3.1", 5),
    ("3.2", 6),
    ("3.3", 7),
    ("3.4", 10),
    ("3.5", 10),
    ("3.6", 15),
    ("3.7", 17),
    ("3.8", 20),
];

/// Whether a release's micro number is past the last release of its line ("3.2.11": Python 3.2 ended at
/// 3.2.6).
fn is_past_its_line(release: &Release) -> bool {
    let Some(micro) = release
        .version
        .strip_prefix(release.feature.as_str())
        .and_then(|rest| rest.strip_prefix('.'))
    else {
        return false;
    };
    let digits = micro.bytes().take_while(u8::is_ascii_digit).count();
    let micro: Option<u32> = micro[..digits].parse().ok();
    LAST_MICROS
        .iter()
        .any(|&(feature, last)| feature == release.feature && micro.is_some_and(|m| m > last))
}

/// Drop the versions that cannot be Python's ([`is_past_its_line`]) and the versions listed with them
/// ("Django security releases issued: 3.2.4, 3.1.12, and 2.2.24": 3.1.12 never was Python's, so 3.2.4
/// beside it is Django's too). A list is versions at one place with only commas, "and", "or", "/" or "&"
/// between them.
fn drop_lists_past_their_lines(episode: &Episode, tagged: &mut Vec<Tagged>) {
    let mut releases: Vec<(Place, Range<usize>, bool)> = tagged
        .iter()
        .filter_map(|t| match &t.mention.entity {
            Entity::Release(r) => Some((t.place, t.mention.span.clone(), is_past_its_line(r))),
            _ => None,
        })
        .collect();
    if !releases.iter().any(|(_, _, past)| *past) {
        return;
    }
    releases.sort_by_key(|(place, span, _)| (*place, span.start));
    let joined = |a: &(Place, Range<usize>, bool), b: &(Place, Range<usize>, bool)| {
        let text = text_at(episode, a.0);
        a.0 == b.0
            && a.1.end <= b.1.start
            && text.get(a.1.end..b.1.start).is_some_and(|between| {
                between
                    .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '&'))
                    .all(|w| matches!(w, "" | "and" | "or"))
            })
    };
    let mut dropped: HashSet<(Place, usize)> = HashSet::new();
    let mut group_start = 0;
    for i in 1..=releases.len() {
        if i < releases.len() && joined(&releases[i - 1], &releases[i]) {
            continue;
        }
        let group = &releases[group_start..i];
        if group.iter().any(|(_, _, past)| *past) {
            dropped.extend(group.iter().map(|(place, span, _)| (*place, span.start)));
        }
        group_start = i;
    }
    tagged.retain(|t| {
        !(matches!(t.mention.entity, Entity::Release(_))
            && dropped.contains(&(t.place, t.mention.span.start)))
    });
}

/// Spans of mentions by place, asked whether any overlaps a span in time logarithmic in their number (a
/// title of tens of thousands of releases and version numbers made a scan of every release per number
/// quadratic: 9 s of CPU for 9.5 MiB).
struct SpansByPlace {
    /// Each place's spans by start, with the greatest end of the spans up to each.
    places: HashMap<Place, Vec<(usize, usize)>>,
}

impl SpansByPlace {
    fn new(spans: impl Iterator<Item = (Place, Range<usize>)>) -> Self {
        let mut places: HashMap<Place, Vec<(usize, usize)>> = HashMap::new();
        for (place, span) in spans {
            places
                .entry(place)
                .or_default()
                .push((span.start, span.end));
        }
        for spans in places.values_mut() {
            spans.sort_unstable();
            let mut furthest = 0;
            for (_, end) in spans.iter_mut() {
                furthest = furthest.max(*end);
                *end = furthest;
            }
        }
        SpansByPlace { places }
    }

    /// Whether a span at `place` overlaps `span`: of the spans starting before `span` ends, one ends after
    /// it starts.
    fn overlaps(&self, place: Place, span: &Range<usize>) -> bool {
        let Some(spans) = self.places.get(&place) else {
            return false;
        };
        let before_end = spans.partition_point(|&(start, _)| start < span.end);
        before_end > 0 && spans[before_end - 1].1 > span.start
    }
}

/// Whether [`drop_versions_of_other_things`] reads where a pattern's topic mention stands, by its words: a
/// version number or a bare version word. Any other is kept wherever it is, so `compact` may merge its
/// repeats.
pub(super) fn pattern_words_read_in_place(words: &str) -> bool {
    is_a_version_number(words) || is_a_bare_version_word(words)
}

/// Whether matched words are a dotted version number ("3.5.0"), not a number with a unit ("8-byte").
fn is_a_version_number(words: &str) -> bool {
    let digits = words.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && words[digits..].starts_with('.')
}

/// Whether matched words speak of a version without saying whose ("new version", "latest versions").
fn is_a_bare_version_word(words: &str) -> bool {
    let lower = words.to_ascii_lowercase();
    (lower.ends_with("version") || lower.ends_with("versions")) && !lower.contains("python")
}

/// Units a number is followed by when it is a size, a time or a count, never a Python version: "3.5 M
/// times", "2.5 GB", "2.5 hours", "2.5-fold", "3.14 foot long". Lowercase.
const UNITS: &[&str] = &[
    "k",
    "m",
    "kb",
    "mb",
    "gb",
    "tb",
    "kib",
    "mib",
    "gib",
    "ms",
    "sec",
    "secs",
    "seconds",
    "min",
    "mins",
    "minutes",
    "hours",
    "hrs",
    "days",
    "weeks",
    "months",
    "years",
    "times",
    "x",
    "fold",
    "foot",
    "feet",
    "inch",
    "inches",
    "km",
    "miles",
    "million",
    "billion",
    "thousand",
    "percent",
    "stars",
    "downloads",
    "ghz",
    "mhz",
];

/// Whether the text after a number makes it a measurement: a percentage or an uncertainty, perhaps
/// after a unit ("2.5%", "2.00+/-0.20", "3.12 m +/- 2.6%"), or a unit of size, time or count ("3.5 M
/// times", "2.5 GB", "2.5-fold").
fn is_a_measurement(after: &str) -> bool {
    let is_error = |t: &str| t.starts_with(['%', '\u{b1}']) || t.starts_with("+/-");
    let raw = after;
    let after = after.trim_start();
    if is_error(after) {
        return true;
    }
    let unit_end = after
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after.len());
    if (1..=3).contains(&unit_end) && is_error(after[unit_end..].trim_start()) {
        return true;
    }
    // "2.5-fold" joins its unit; "python3.6 -m pip" is an option, not metres.
    let word = raw.strip_prefix('-').unwrap_or(after);
    let word_end = word
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(word.len());
    UNITS
        .iter()
        .any(|u| u.eq_ignore_ascii_case(&word[..word_end]))
}

/// Whether a version is a requirement's pin of a package: "tinydb==3.15.2", "fades >= 2.1"; not Python's
/// own ("python_requires >= 3.9", `requires-python = ">=3.10"`).
fn is_a_pin(before: &str) -> bool {
    let before = before.trim_end();
    let Some(op) = ["==", ">=", "<=", "~=", "!="]
        .iter()
        .find(|op| before.ends_with(**op))
    else {
        return false;
    };
    let requirement = before[..before.len() - op.len()]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '='))
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '[' | '('))
        .next()
        .unwrap_or_default();
    !requirement.to_ascii_lowercase().contains("python")
}

/// Whether the few words before a version name Python ("Python 3.12", "python3.12 -m").
fn names_python_before(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    tail.to_ascii_lowercase().contains("python")
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
    let known_names = taxonomy.folded_person_names().iter().enumerate();
    let mut found = known_names.filter(|(_, known)| {
        known.split_once(' ').is_some_and(|(f, s)| {
            f == first
                && strsim::jaro_winkler(particles_off(s), particles_off(surname))
                    >= MISHEARD_SURNAME
        })
    });
    let (person, _) = found.next()?;
    found.next().is_none().then_some(person)
}

/// A folded surname without the particles it starts with: speech-to-text mishears them ("Guido Von
/// Rossum"), and a particle is too short a word for Jaro-Winkler to weigh fairly.
fn particles_off(surname: &str) -> &str {
    let mut rest = surname;
    while let Some((word, after)) = rest.split_once(' ')
        && matches!(
            word,
            "van" | "von" | "de" | "der" | "den" | "da" | "del" | "di" | "du" | "la" | "le"
        )
    {
        rest = after;
    }
    rest
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
            present.contains(&i) || credited.contains(&taxonomy.folded_person_names()[i])
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

    #[test]
    fn spans_by_place_find_an_overlap_behind_a_longer_span_and_only_in_their_place() {
        let spans = SpansByPlace::new(
            [
                (Place::Chapter(0), 0..100),
                (Place::Chapter(0), 10..12),
                (Place::Chapter(0), 200..210),
                (Place::Chapter(1), 50..60),
            ]
            .into_iter(),
        );
        // Inside the long first span, though the span starting just before ends earlier.
        assert!(spans.overlaps(Place::Chapter(0), &(20..30)));
        assert!(spans.overlaps(Place::Chapter(0), &(205..220)));
        assert!(!spans.overlaps(Place::Chapter(0), &(100..200)));
        assert!(!spans.overlaps(Place::Chapter(0), &(210..300)));
        assert!(spans.overlaps(Place::Chapter(1), &(55..56)));
        assert!(!spans.overlaps(Place::Chapter(1), &(20..30)));
        assert!(!spans.overlaps(Place::Description, &(0..100)));
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
    fn a_line_that_makes_an_offer_is_sponsor_copy_whatever_it_opens_with() {
        let read = "Hello and welcome to the show.\n\
            When you ship your next app, check out Hostly: automated testing and deploys even faster. \
            Go to example.com/hostly to get a $20 credit.\n\
            The Data Conference is in May: use the link example.com/dataconf to register and save 20%.\n\
            Today we talk with a maintainer about their new web framework.";
        let e = episode(
            "",
            vec![Chapter::untimed("Preface"), Chapter::untimed("Interview")],
        );
        let mut e = e;
        e.chapters.set_text(0, read);
        for topic in ["topic:testing", "topic:performance", "topic:events"] {
            assert!(!has(&e, topic), "{topic} from sponsor copy");
        }
        // The same words in a line that offers nothing are the episode's.
        e.chapters.set_text(
            1,
            "We talk about automated testing of the framework with pytest.",
        );
        assert!(has(&e, "topic:testing"));
        // A PEP's line is never sponsor copy, whatever it says.
        assert!(!is_a_call_to_action(
            "PEP 8000: save 20% of the steering council's time"
        ));
        assert!(is_a_call_to_action(
            "Use the promo code PODCAST during checkout."
        ));
    }

    #[test]
    fn an_item_heading_of_another_projects_release_or_team_names_no_python_topic() {
        let others = episode(
            "",
            vec![
                Chapter::untimed("Alpha release of the Ruff formatter"),
                Chapter::untimed("Contacting the Kivy core team"),
            ],
        );
        assert!(!has(&others, "topic:releases"));
        assert!(!has(&others, "topic:governance"));
        let python = episode(
            "",
            vec![
                Chapter::untimed("Visualizing the Python release process"),
                Chapter::untimed("Our tool now runs on macOS"),
            ],
        );
        assert!(has(&python, "topic:releases"));
        // A desktop system in a heading is still platform support.
        assert!(has(&python, "topic:macos"));
        // A timed chapter title keeps the title's rule: one word is enough.
        let timed = episode(
            "",
            vec![Chapter::new(60, "Alpha release of the Ruff formatter")],
        );
        assert!(has(&timed, "topic:releases"));
    }

    #[test]
    fn a_module_name_split_into_words_counts_in_speech_only() {
        let said = speech(&[
            (60, "it parses options much like arg parse does"),
            (120, "have a look at the iter tools and path lib modules"),
            (180, "instead of URL lib, use a higher level client"),
        ]);
        let found = ids(&said);
        for module in ["argparse", "itertools", "pathlib", "urllib"] {
            assert!(found.contains(&format!("module:{module}")), "{found:?}");
        }
        // Written, the words keep their own sense: `from app import lib`, a path lib of one's own.
        let written = episode(
            "Then from app import lib.",
            vec![Chapter::untimed("A path lib for seismology data")],
        );
        assert!(!has(&written, "module:importlib"));
        assert!(!has(&written, "module:pathlib"));
        // The concept the module is named for is not the module: "run it in a sub process", a library's
        // data classes, C's types.
        let concept = speech(&[
            (60, "go run that in a sub process and give me the answer"),
            (120, "it has data classes for seismology data"),
            (180, "between the Python types and the underlying C types"),
        ]);
        for module in ["subprocess", "dataclasses", "ctypes"] {
            assert!(!has(&concept, &format!("module:{module}")), "{module}");
        }
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
            name(misheard(&taxonomy, "Guido Von Rossum")).as_deref(),
            Some("Guido van Rossum"),
            "a misheard particle"
        );
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

    /// A long paragraph about something else, to make a body longer than a blurb.
    const PADDING: &str = "The team wrote about how the service grew over the years, which parts they \
        kept and which they rewrote, how the on-call rotation worked, what the users asked for and what \
        they never used, and how the build was split into many small pieces that were later merged again.";

    #[test]
    fn a_common_word_once_in_a_long_body_is_no_topic_but_twice_or_in_a_blurb_it_is() {
        let once = episode(
            &format!("{PADDING} {PADDING} Notable exceptions aside."),
            vec![],
        );
        assert!(!ids(&once).contains(&"topic:exceptions".to_string()));
        let twice = episode(
            &format!("{PADDING} {PADDING} Notable exceptions aside. Exceptions were logged."),
            vec![],
        );
        assert!(ids(&twice).contains(&"topic:exceptions".to_string()));
        let blurb = episode("A tracing tool that helps with debugging.", vec![]);
        assert!(ids(&blurb).contains(&"topic:debugging".to_string()));
    }

    #[test]
    fn a_version_after_a_project_or_a_measurement_is_no_release() {
        let found = ids(&episode(
            "pytest 3.3.0 is out. The width is 3.12 m +/- 2.6% and 2.5% more.",
            vec![],
        ));
        assert!(
            found.iter().all(|id| !id.starts_with("release:")),
            "{found:?}"
        );
        assert!(!found.contains(&"topic:releases".to_string()), "{found:?}");
        let python = ids(&episode("Python 3.12.4 is out, 5% faster.", vec![]));
        assert!(python.contains(&"release:3.12".to_string()), "{python:?}");
        assert!(python.contains(&"topic:releases".to_string()), "{python:?}");
    }

    #[test]
    fn a_version_after_a_linked_projects_lowercase_name_is_no_release() {
        let mut linked = episode("What's new in quuxplot 3.0, and it runs on 3.6.", vec![]);
        linked.links = vec!["https://quuxplot.org/users/whats_new.html".into()];
        let found = ids(&linked);
        assert!(!found.contains(&"release:3.0".to_string()), "{found:?}");
        assert!(found.contains(&"release:3.6".to_string()), "{found:?}");
        // 3.0, not 2.0: a bare 2.0 is no release anyway (an old line, `is_of_an_old_line`).
        let mut slug = episode("What's new in quuxplot 3.0", vec![]);
        slug.links = vec!["https://example.com/what-s-new-in-quuxplot".into()];
        assert!(ids(&slug).contains(&"release:3.0".to_string()));
        assert!(link_names(
            "https://github.com/coleifer/peewee?tab=1",
            "peewee"
        ));
        assert!(link_names("pypi.org/project/flit/", "flit"));
        assert!(!link_names("https://x.com/what-s-new-in-python-3-7", "in"));
    }

    #[test]
    fn a_new_version_of_another_project_is_not_the_releases_topic() {
        let other = ids(&episode(
            "A major new version of MicroPython is out.",
            vec![],
        ));
        assert!(!other.contains(&"topic:releases".to_string()), "{other:?}");
        let python = ids(&episode(
            "Drop all but the latest version of Python from your CI.",
            vec![],
        ));
        assert!(python.contains(&"topic:releases".to_string()), "{python:?}");
    }

    #[test]
    fn a_pair_that_is_or_was_something_in_a_body_is_no_person() {
        let e = episode(
            "Now that Python for Absolute Beginners is out, more.",
            vec![],
        );
        assert!(!ids(&e).contains(&"person:absolute-beginners".to_string()));
        let e = episode("Quentin Pradet fixed the wheel cache.", vec![]);
        assert!(ids(&e).contains(&"person:quentin-pradet".to_string()));
    }

    #[test]
    fn bylines_and_handles_name_people_in_long_text_a_descriptions_first_line_does_not() {
        let e = episode(
            "Vicki Boykis\nA long look at data science.\n- Anton Zhiyanov, [@ohmypy](https://x.com/ohmypy)\n\
             - Suggested by Kim van Wyk\n- by Chad Smith\n- Donegal Ireland\n",
            vec![],
        );
        let found = ids(&e);
        for person in [
            "person:anton-zhiyanov",
            "person:kim-van-wyk",
            "person:chad-smith",
        ] {
            assert!(found.contains(&person.to_string()), "{person}: {found:?}");
        }
        // An item's byline is the first line under its heading (src/tag/tests.rs); a description's
        // first line may be anything.
        for thing in ["person:donegal-ireland", "person:vicki-boykis"] {
            assert!(!found.contains(&thing.to_string()), "{thing}: {found:?}");
        }
    }

    #[test]
    fn measurements_are_told_from_versions() {
        assert!(is_a_measurement("% of users"));
        assert!(is_a_measurement(" m +/- 2.6%"));
        assert!(is_a_measurement("+/-0.20"));
        assert!(!is_a_measurement(" is out"));
        assert!(!is_a_measurement(" and 3.13"));
        assert!(is_a_version_number("3.5.0"));
        assert!(!is_a_version_number("8-byte alignment"));
    }

    #[test]
    fn a_sponsor_read_gives_no_topic_but_a_peps_sponsor_is_no_sponsor_read() {
        let read = episode(
            "Sponsored by us! Support our work through:\nOur courses\nThe Complete pytest Course\n\
             Patreon Supporters",
            vec![],
        );
        assert!(!ids(&read).contains(&"topic:testing".to_string()));
        let brought = episode("This episode is brought to you by a PyCon sponsor.", vec![]);
        assert!(!ids(&brought).contains(&"topic:events".to_string()));
        let pep = episode(
            "Sponsored by Brett Cannon, PEP 750 adds template strings.",
            vec![],
        );
        assert!(ids(&pep).contains(&"pep:750".to_string()));
        let after = episode(
            "Sponsored by DataDog\nWe talk about pytest fixtures and parametrize.",
            vec![],
        );
        assert!(ids(&after).contains(&"topic:testing".to_string()));
    }

    #[test]
    fn a_desktop_system_listed_beside_another_says_where_a_tool_runs() {
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            in_a_list_of_desktops(text, &(start..start + word.len()))
        };
        assert!(at("Run on Windows, Mac, and Linux", "Windows"));
        assert!(at("in your shell (macOS/Linux): see", "macOS"));
        assert!(at(
            "works on Debian based Linux, macOS and Windows systems",
            "Windows"
        ));
        assert!(at("a native window on Mac, Windows or Linux", "Windows"));
        assert!(!at("Windows support for the JIT landed", "Windows"));
        assert!(!at(
            "Python on Windows is better now, and Linux users",
            "Windows"
        ));
        assert!(!at("iOS and Android are tier 3", "iOS"));
        let e = episode(
            &format!("{PADDING} A native app window on Mac, Windows or Linux."),
            vec![],
        );
        assert!(!ids(&e).contains(&"topic:platforms".to_string()));
    }

    #[test]
    fn asides_and_desktop_lists_read_a_bounded_window_of_a_long_line() {
        // One unbroken megabyte of words with a mention at the end: each check reads a window, not the
        // text so far (reading back over it for every mention was quadratic).
        let text = format!("{} Windows, and Linux", "né ".repeat(400_000));
        let at = text.len() - "Windows, and Linux".len();
        assert!(!in_sponsor_read(&text, at));
        assert!(in_a_list_of_desktops(&text, &(at..at + "Windows".len())));
        let read = format!("Sponsored by X: {}", "é".repeat(3000));
        assert!(!in_sponsor_read(&read, read.len()));
        assert!(in_sponsor_read("Sponsored by X and pytest", 19));
    }

    #[test]
    fn a_sponsor_read_in_speech_gives_no_topic() {
        let read = speech(&[
            (
                600,
                "This episode is brought to you by Sentry, for asyncio errors",
            ),
            (630, "Sentry watches your asyncio code and await calls"),
            (660, "asyncio and async code get their traces"),
        ]);
        assert!(!ids(&read).contains(&"topic:asyncio".to_string()));
        let talk = speech(&[
            (600, "we moved the service to asyncio"),
            (1200, "and asyncio made the sockets simple"),
        ]);
        assert!(ids(&talk).contains(&"topic:asyncio".to_string()));
        assert!(in_a_sponsor_read(&[600], Some(660)));
        assert!(!in_a_sponsor_read(&[600], Some(700)));
        assert!(!in_a_sponsor_read(&[600], None));
    }

    #[test]
    fn a_data_frame_object_is_no_frame_object() {
        // "data frame object" is a pandas DataFrame, not CPython's frame object.
        let frames = speech(&[
            (600, "it returns a data frame object"),
            (1200, "a data frame object with your columns"),
            (1800, "so the data frame object is what you get"),
        ]);
        assert!(!has(&frames, "topic:frames") && !has(&frames, "topic:interpreter"));
        let frame = speech(&[
            (600, "the frame object holds the locals"),
            (1200, "and each frame object points back"),
        ]);
        assert!(has(&frame, "topic:frames"));
    }

    #[test]
    fn syntax_highlighting_and_syntax_trees_are_not_the_languages_syntax() {
        let printer = episode(
            "A syntax-highlighting pretty printer for the terminal, and it walks the syntax trees of \
             your code.",
            vec![],
        );
        assert!(!has(&printer, "topic:syntax"));
        let syntax = episode(
            "A proposal for new syntax: a struct syntax for data-only classes in Python.",
            vec![],
        );
        assert!(has(&syntax, "topic:syntax"));
    }

    #[test]
    fn a_host_name_without_a_scheme_is_a_link_not_words() {
        let text =
            "tqdm package: pypi.org/project/tqdm, the talk: us.pycon.org/2020 and see github.com.";
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            start..start + word.len()
        };
        assert!(in_url(text, &at("pypi")));
        assert!(in_url(text, &at("pycon")));
        assert!(in_url(text, &at("github")));
        assert!(!in_url(text, &at("tqdm")));
        assert!(!in_a_host_name("asyncio.run(main)", &(0..7)));
        assert!(!in_a_host_name("os.path.join", &(0..2)));
        assert!(!in_a_host_name("Python 3.12.", &(7..11)));
        let links = episode("Links: NBStripout: pypi.org/project/nbstripout", vec![]);
        assert!(!ids(&links).contains(&"topic:packaging".to_string()));
        let words = episode("How to publish your first package to PyPI", vec![]);
        assert!(ids(&words).contains(&"topic:packaging".to_string()));
    }

    #[test]
    fn an_exception_class_in_a_body_is_code_not_a_discussion_of_exceptions() {
        assert!(is_an_exception_class("ValueError"));
        assert!(is_an_exception_class("DeprecationWarning"));
        assert!(is_an_exception_class("HTTPException"));
        assert!(!is_an_exception_class("Exception"));
        assert!(!is_an_exception_class("exceptions"));
        assert!(!is_an_exception_class("ExceptionGroup"));
        let code = episode(
            "When enabled, a ValueError is raised if one is exhausted.",
            vec![],
        );
        assert!(!ids(&code).contains(&"topic:exceptions".to_string()));
        let title = episode("", vec![Chapter::new(0, "Why RuntimeError is raised here")]);
        assert!(ids(&title).contains(&"topic:exceptions".to_string()));
    }

    #[test]
    fn sponsor_reads_are_told_by_their_first_line() {
        let text =
            "Sponsored by us! Support our work through:\nOur courses\nA pytest book\n\nWords";
        assert!(in_sponsor_read(text, text.find("pytest").unwrap()));
        assert!(!in_sponsor_read(text, text.find("Words").unwrap()));
        assert!(!in_sponsor_read("PEP 750, sponsored by Brett", 0));
        assert!(is_a_list_section("Joke:"));
        assert!(!is_a_list_section("Michael #1: Joke driven development"));
    }

    #[test]
    fn this_and_import_time_in_speech_are_words_not_modules() {
        let words = speech(&[
            (60, "at import time it is slow"),
            (120, "you import this thing and go"),
            (180, "this module does the work"),
        ]);
        let found = ids(&words);
        assert!(
            found
                .iter()
                .all(|id| id != "module:this" && id != "module:time"),
            "{found:?}"
        );
        let said = speech(&[
            (60, "type import this in the REPL"),
            (120, "then import time."),
        ]);
        let found = ids(&said);
        assert!(found.contains(&"module:this".to_string()), "{found:?}");
        assert!(found.contains(&"module:time".to_string()), "{found:?}");
    }

    #[test]
    fn english_word_modules_in_a_body_need_code_not_from_this_or_this_module() {
        let words = episode(
            "The idea comes from this. It fails from time to time. Thanks for this important \
             work. This module draws charts. Lazy loading at import time is slow.",
            vec![],
        );
        let found = ids(&words);
        assert!(
            found
                .iter()
                .all(|id| id != "module:this" && id != "module:time"),
            "{found:?}"
        );
        let code = episode(
            "The Zen: import this\nThen from time import sleep, and the random module, and \
             `secrets` with json.dumps() too.\nCounter from collections",
            vec![],
        );
        let found = ids(&code);
        for m in [
            "module:this",
            "module:time",
            "module:random",
            "module:secrets",
            "module:json",
            "module:collections",
        ] {
            assert!(found.contains(&m.to_string()), "{m}: {found:?}");
        }
    }

    #[test]
    fn an_english_word_module_in_an_item_heading_needs_code_as_in_a_body() {
        let words = episode(
            "",
            vec![Chapter::untimed(
                "Is there a danger of Python losing its momentum from this?",
            )],
        );
        assert!(!has(&words, "module:this"), "{:?}", ids(&words));
        let code = episode(
            "",
            vec![
                Chapter::untimed("The Zen of Python: import this"),
                Chapter::untimed("Counter from collections"),
            ],
        );
        assert!(has(&code, "module:this"), "{:?}", ids(&code));
        assert!(has(&code, "module:collections"), "{:?}", ids(&code));
    }

    #[test]
    fn javascripts_this_dot_attribute_is_not_the_zen_of_python() {
        let js = episode("It came down to a bad use of this.loadPayments.", vec![]);
        assert!(!has(&js, "module:this"), "{:?}", ids(&js));
        let zen = episode("Open a REPL and type `this` or import this.", vec![]);
        assert!(has(&zen, "module:this"), "{:?}", ids(&zen));
    }

    #[test]
    fn a_lowercase_os_in_prose_is_the_operating_system_not_the_module() {
        let system = episode(
            "Used for other cross platform os things. Docker brought os-level \
             virtualization, with os specific wheels.",
            vec![],
        );
        assert!(!has(&system, "module:os"), "{:?}", ids(&system));
        for text in [
            "The os.fwalk function is twice as fast.",
            "pathlib combines operations from os, os.path, and glob.",
            "A few os module functions, then import os at the top.",
        ] {
            let module = episode(text, vec![]);
            assert!(has(&module, "module:os"), "{text}: {:?}", ids(&module));
        }
    }

    #[test]
    fn a_module_function_written_in_speech_is_the_module_said() {
        let said = speech(&[
            (60, "Really quickly, os.fwalk creates a tree of files."),
            (200, "There's os.system, and you can give it a command."),
            (400, "And then you call time.sleep for a second."),
        ]);
        let files = speech(&[
            (60, "you edit the code.py file on the drive"),
            (200, "stop using cmd.exe and keep secrets.py out of git"),
        ]);
        for m in ["module:code", "module:cmd", "module:secrets"] {
            assert!(!has(&files, m), "{m}: {:?}", ids(&files));
        }
        assert!(has(&said, "module:os"), "{:?}", ids(&said));
        assert!(has(&said, "module:time"), "{:?}", ids(&said));
        let words = speech(&[
            (60, "If you're in a folder on mac os you can type open."),
            (200, "It calls this.render on the component."),
        ]);
        assert!(!has(&words, "module:os"), "{:?}", ids(&words));
        assert!(!has(&words, "module:this"), "{:?}", ids(&words));
    }

    #[test]
    fn a_bare_version_of_an_old_line_is_another_projects_unless_python_is_named_before() {
        let other = episode(
            "The team shipped 2.0 last week, with a new router. We are on 2.4 at work and it runs \
             fine. In 2.2 the tool got plugins.",
            vec![],
        );
        let found = ids(&other);
        assert!(
            found.iter().all(|id| !id.starts_with("release:2.")),
            "{found:?}"
        );
        let python = episode(
            "I started with Python a long time ago; back then it was 2.3. Python 3.12 is out, and \
             the team shipped 2.7 support.",
            vec![],
        );
        let found = ids(&python);
        for r in ["release:2.3", "release:3.12", "release:2.7"] {
            assert!(found.contains(&r.to_string()), "{r}: {found:?}");
        }
    }

    #[test]
    fn modules_said_as_modules_in_capitals_or_recased_are_modules() {
        let said = speech(&[
            (60, "the JSON module is fine"),
            (120, "you type import PDB there"),
            (180, "I built it with Tkinter and Cprofile"),
        ]);
        let found = ids(&said);
        for m in [
            "module:json",
            "module:pdb",
            "module:tkinter",
            "module:cProfile",
        ] {
            assert!(found.contains(&m.to_string()), "{m}: {found:?}");
        }
        let acronyms = speech(&[(60, "the OS is Linux and the IO is slow")]);
        let found = ids(&acronyms);
        assert!(
            found
                .iter()
                .all(|id| id != "module:os" && id != "module:io"),
            "{found:?}"
        );
    }

    #[test]
    fn filler_words_are_matched_whatever_their_case() {
        assert!(is_in(FILLER_WORDS, "Community"));
        assert!(is_in(COMMON_WORDS, "windows"));
        assert!(!is_in(FILLER_WORDS, "free-threading"));
    }

    fn has(e: &Episode, id: &str) -> bool {
        ids(e).iter().any(|found| found == id)
    }

    #[test]
    fn a_topic_word_of_another_sense_needs_another_word_of_its_topic_in_a_body() {
        let alone = episode(
            "Lead by a Trio of Pythonistas, like the status quo.",
            vec![],
        );
        assert!(!has(&alone, "topic:asyncio"));
        let company = episode("Trio brings structured concurrency to your code.", vec![]);
        assert!(has(&company, "topic:asyncio"));
        let in_a_title = episode("", vec![Chapter::new(0, "Trio 0.20 is out")]);
        assert!(has(&in_a_title, "topic:asyncio"));
        let guest = episode(
            "Justin: needed a way to get order data to a processor.",
            vec![],
        );
        assert!(!has(&guest, "topic:jit"));
        let host = episode(
            "fly.io is a host that specialize in running containers.",
            vec![],
        );
        assert!(!has(&host, "topic:specialization"));
    }

    #[test]
    fn a_topic_word_of_another_sense_needs_company_in_speech_too() {
        let said: Vec<(u32, &str)> = (0..6)
            .map(|i| (i * 300, "people who specialize in DevOps"))
            .collect();
        assert!(!has(&speech(&said), "topic:specialization"));
        let said: Vec<(u32, &str)> = (0..6)
            .map(|i| {
                (
                    i * 300,
                    "the specializing adaptive interpreter specializes it",
                )
            })
            .collect();
        assert!(has(&speech(&said), "topic:specialization"));
    }

    #[test]
    fn owned_words_in_a_body_need_python_in_their_sentence() {
        let kivy = episode("The Kivy core team is looking for new hardware.", vec![]);
        assert!(!has(&kivy, "topic:governance"));
        let python = episode("The Python core team chose to make all([]) True.", vec![]);
        assert!(has(&python, "topic:governance"));
        let pandas = episode("The next release of Pandas will have pd.col.", vec![]);
        assert!(!has(&pandas, "topic:releases"));
        let notes = episode("Scan the changelog and release notes, then merge.", vec![]);
        assert!(!has(&notes, "topic:releases"));
        let cpython = episode("Python 3.12.1 is out. Read the release notes.", vec![]);
        assert!(has(&cpython, "topic:releases"));
    }

    #[test]
    fn sentences_end_at_a_stop_before_a_space_not_inside_a_version() {
        let text = "Out now. Python 3.12.1 release notes are here. Next.";
        let at = text.find("release notes").unwrap();
        assert!(sentence_names_python(text, &(at..at + 13)));
        let text = "Python is great. The release notes are here.";
        let at = text.find("release notes").unwrap();
        assert!(!sentence_names_python(text, &(at..at + 13)));
        assert!(names_python("CPython's"));
        assert!(names_python("python3 -m"));
        assert!(!names_python("Pythonistas and MicroPython"));
    }

    #[test]
    fn a_desktop_system_alone_in_a_body_needs_python_in_its_sentence() {
        let app = episode(
            "Command Book App is a native macOS app for developers.",
            vec![],
        );
        assert!(!has(&app, "topic:macos"));
        assert!(!has(&app, "topic:platforms"));
        let tool = episode("Especially handy on Windows, which has no gzip.", vec![]);
        assert!(!has(&tool, "topic:windows"));
        let python = episode(
            "Python 3.13 ships a free-threaded installer for macOS.",
            vec![],
        );
        assert!(has(&python, "topic:macos"));
    }

    #[test]
    fn a_peg_in_lowercase_is_no_grammar_in_writing() {
        let clothes = episode("Hang it up with a clothes peg and some string.", vec![]);
        assert!(!has(&clothes, "topic:peg"));
        assert!(!has(&clothes, "topic:parser"));
        let grammar = episode("Python 3.9 ships the new PEG parser.", vec![]);
        assert!(has(&grammar, "topic:peg"));
    }

    #[test]
    fn a_sponsored_line_with_a_colon_is_a_sponsor_read() {
        let e = episode(
            "Sponsored: Acme: Compiler Podcast\nThis week we look at the Python compiler and the \
             compiler passes of CPython in some depth, one at a time, with many examples of the \
             bytecode it emits for loops, comprehensions, generators and more, and the rest.",
            vec![],
        );
        assert!(has(&e, "topic:compiler"));
        let sponsor = episode("Sponsored: Acme: Compiler Podcast", vec![]);
        assert!(!has(&sponsor, "topic:compiler"));
    }

    #[test]
    fn visual_studio_code_is_an_editor_not_the_build_toolchain() {
        let editor = episode("Available today as a Visual Studio Code extension.", vec![]);
        assert!(!has(&editor, "topic:build"));
        let toolchain = episode(
            "Building the C extension needs Visual Studio and its compiler.",
            vec![],
        );
        assert!(has(&toolchain, "topic:build"));
    }

    #[test]
    fn a_system_named_with_python_is_not_merged_into_an_earlier_one_without() {
        // The second "Windows" names Python; merged into the first as a repeat it was read at the first's
        // sentence and lost.
        let e = episode(
            "Tested on Windows only, and it works well for me.\n\
             The Windows installer of Python 3.13 is signed now, and that is very good news for all \
             of us here today.",
            vec![],
        );
        assert!(has(&e, "topic:windows"));
    }

    #[test]
    fn a_high_performance_tool_is_no_discussion_of_performance() {
        let tool = episode(
            "Robyn is a fast, high-performance web framework with a Rust runtime.",
            vec![],
        );
        assert!(!has(&tool, "topic:performance"));
        let spaced = episode("A high performance caching library for Python.", vec![]);
        assert!(!has(&spaced, "topic:performance"));
        let work = episode(
            "The team improved the performance of the interpreter.",
            vec![],
        );
        assert!(has(&work, "topic:performance"));
    }

    #[test]
    fn pip_install_and_available_on_pypi_say_how_to_get_a_tool_not_packaging() {
        let install = episode("Installation is just pip install flet.", vec![]);
        assert!(!has(&install, "topic:packaging"));
        let installable = episode("It's not pip installable yet, so clone it.", vec![]);
        assert!(!has(&installable, "topic:packaging"));
        let available = episode("Fixit 2 is available today on PyPI.", vec![]);
        assert!(!has(&available, "topic:packaging"));
        let resolver = episode("The pip resolver got a new backtracking strategy.", vec![]);
        assert!(has(&resolver, "topic:packaging"));
        let publish = episode("How to publish a package on PyPI.", vec![]);
        assert!(has(&publish, "topic:packaging"));
    }

    #[test]
    fn sizes_times_and_counts_are_no_releases() {
        let found = ids(&episode(
            "The corpus is 2.5 GB and took 3.4 hours. Downloaded 3.5 M times, 2.5-fold more.",
            vec![],
        ));
        assert!(
            found.iter().all(|id| !id.starts_with("release:")),
            "{found:?}"
        );
        let option = episode("Run python3.6 -m pip download to fill the store.", vec![]);
        assert!(has(&option, "release:3.6"));
    }

    #[test]
    fn a_pinned_requirement_is_no_release_but_a_python_requirement_is() {
        let pins = ids(&episode(
            "You need pip install tinydb==3.15.2 and fades >= 2.1 to run it.",
            vec![],
        ));
        assert!(
            pins.iter().all(|id| !id.starts_with("release:")),
            "{pins:?}"
        );
        let requires = episode("Set python_requires >= 3.8 in setup.py.", vec![]);
        assert!(has(&requires, "release:3.8"));
        let toml = episode(
            "Set requires-python = \">=3.10\" in pyproject.toml.",
            vec![],
        );
        assert!(has(&toml, "release:3.10"));
    }

    #[test]
    fn a_version_past_the_last_of_its_line_and_its_list_are_another_projects() {
        let django = ids(&episode(
            "Django security releases issued: 3.2.4, 3.1.12, and 2.2.24",
            vec![],
        ));
        assert!(
            django.iter().all(|id| !id.starts_with("release:")),
            "{django:?}"
        );
        let python = episode("Python 3.12.6, 3.11.10 and 3.8.20 are out.", vec![]);
        assert!(has(&python, "release:3.12"));
        assert!(has(&python, "release:3.8"));
    }

    #[test]
    fn a_twitter_or_reddit_thread_is_a_discussion_not_concurrency() {
        let tweet = episode("Twitter thread by Yury Selivanov on the docs.", vec![]);
        assert!(!has(&tweet, "topic:concurrency"));
        let reddit = episode("See the Reddit threads about it.", vec![]);
        assert!(!has(&reddit, "topic:concurrency"));
        let worker = episode("Run the blocking call in a background thread.", vec![]);
        assert!(has(&worker, "topic:concurrency"));
    }

    #[test]
    fn owned_words_are_read_in_the_plural_too() {
        let zerover = episode(
            "We hope no project release schedules were harmed by this joke.",
            vec![],
        );
        assert!(!has(&zerover, "topic:releases"));
    }

    #[test]
    fn penetration_and_beta_testing_are_not_the_testing_topic() {
        let pen = episode("Python is used a lot for penetration testing.", vec![]);
        assert!(!has(&pen, "topic:testing"));
        let beta = episode("JupyterLab is still in beta testing.", vec![]);
        assert!(!has(&beta, "topic:testing"));
        let unit = episode("Python is used a lot for unit testing.", vec![]);
        assert!(has(&unit, "topic:testing"));
    }

    #[test]
    fn a_capital_plural_is_read_only_among_capitals() {
        let gc = |text: &str| {
            tagger()
                .tag_text(text)
                .iter()
                .any(|m| m.entity.id(tagger().taxonomy()) == "topic:gc")
        };
        assert!(!gc("Store results in GCS and delete the cluster"));
        assert!(!gc("any local, GCS, or S3 path"));
        assert!(gc("Too many GCs for a single page view"));
        assert!(gc("WHY SO MANY GCS TODAY"));
        assert!(gc("GCS"));
        assert!(!gc("Google GCS"));
    }
}
