//! People: unknown people named where titles name people ("X makes ...", "Interview with X", a part
//! heading that is a name), the capitalised words that are not names, and the role (host, guest, mentions)
//! each person found in an episode gets from the show, the feed's credits and interview cues.
//! One person spelt two ways in an episode (a credit and a misspelling, a name cut short) is made one.
//! A candidate's first word that the same text writes in lowercase, a gerund or a word that opens a
//! product's or a place's name is no first name; a title before a first name is no part of the name.
//! In speech, a guest is someone the intro names (or the outro credits), and a misheard core developer
//! ("Lucas Lange") is that person when both names sound alike.

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::ingest::Episode;
use crate::model::Role;
use crate::taxonomy::{Taxonomy, fold};

use super::fixed::ShortTextRegex;
use super::names;
use super::types::{Entity, Mention, PersonCue, Place, Rule, Tagged};

/// Words that introduce an interview: people named near them are guests.
static INTERVIEW_CUE: ShortTextRegex = ShortTextRegex::new(
    r"(?i-u)\b(?:interview(?:s|ed|ing)?|special guests?|our guests?|guest(?:s)?:|joined by|conversation with|chat(?:ting)? with|talk(?:s|ed|ing)? (?:to|with)|hosting|welcom(?:e|ing))\b",
);

/// A host welcoming the guests by first name, in speech: "Ben, welcome to Talk Python", "Anthony, Eric,
/// hello, and welcome to Talk Python", "Sydney, welcome back to the show".
static WELCOME: ShortTextRegex = ShortTextRegex::starting_uppercase(
    r"\p{Lu}\p{Ll}+(?:,?\s+(?:and\s+)?\p{Lu}\p{Ll}+)*,?\s+(?:(?:hello|hi|hey),?\s+(?:and\s+)?)?welcome\s+(?:back\s+)?to\s+(?:(?i:talk\s+python)|the\s+show|the\s+podcast|(?i:python\s+bytes)|the\s+program)",
);

/// Section titles whose chapters are the names of the people interviewed.
static INTERVIEW_SECTION: ShortTextRegex = ShortTextRegex::new(
    r"(?i-u)\b(?:interviews?|in their own words|voices|guests|conversations|meet the)\b",
);

/// What follows a person's name as the subject of a chapter title ("X makes str.count faster").
static PERSON_VERB: ShortTextRegex = ShortTextRegex::new(
    r"^(?:(?:'|\x{2019})s(?-u:\b)|\s+(?:and (?:her|his|their)(?-u:\b)|makes|made|improves|improved|implements|implemented|fixes|fixed|adds|added|exposes|exposed|folds|removes|rewrites|speeds|proposes|proposed|joins|joined|talks?|gives|gave|wins|won|is|was|nominated|elected|on|found|finds|reports|reported|wrote|writes|built|builds|maintains|leads|led|explains|presents|shows|showed|demos|ports|ported|ships|shipped|merges|merged|lands|landed|says|said|asks|answers|returns|joins)(?-u:\b)|,\s+(?:(?:the|a|an|our)\s+)?(?:creator|author|maintainer|founder|co-founder|cofounder|core developer|lead developer|developer|organi[sz]er)s?\s+of(?-u:\b)|,\s+who(?:'s|\x{2019}s|\s+(?:is|was|wrote|writes|works|worked|created|creates|maintains|runs|ran|built|builds|has|had|gave|gives|made|makes|did|does)(?-u:\b)))",
);

/// What precedes a person's name ("Interview with X", "guest: X", "by X").
static PERSON_BEFORE: ShortTextRegex = ShortTextRegex::new(PERSON_BEFORE_PATTERN);

/// [`PERSON_BEFORE`]'s pattern, for the tests of the place a search of it may start from
/// (`names::person_before_from`).
pub(super) const PERSON_BEFORE_PATTERN: &str = r"(?i)(?-u:\b)(?:interview(?:ing)? with|interviewing|guests?:|with guests?|(?:keynote|talk|article|post|blog post|essay|write-?up|tutorial|book|video|course|library|project|package|tool|paper|thread|newsletter|series|guide|piece|work)s? by|(?:written|created|maintained|built|made|started|authored|presented|developed|led|run) by|(?:suggested|recommended|reported|shared|sent|submitted|contributed|posted|found|requested|translated) by|thanks(?: to)?|via|author:|maintainer:|hosts? (?:is|are)|guest (?:is|are)|shout[- ]?outs? to|hat tip to|h/t|friend of the show)\s+(?-i:[\p{Ll}\s]+\s)?$|^[\s\-*+\x{2022}]*(?:by|from)\s+$";

/// A "by" that names a sponsor or an owner, not a person: "brought to you by Digital Ocean".
static SPONSOR_BY: ShortTextRegex = ShortTextRegex::new(
    r"(?i)(?-u:\b)(?:brought to you|sponsored|supported|powered|backed|funded|owned|acquired|hosted|made possible|followed|replaced|used|inspired|driven|affected|caused|blocked|bought|published|released|distributed|provided) by\s+$",
);

/// A part heading's prefix: `PART 1: `.
static PART_PREFIX: ShortTextRegex =
    ShortTextRegex::new(r"(?i)^\s*part\s+[0-9]+\s*[:.\-\x{2013}\x{2014}]\s*");

/// Every fixed regex for short texts.
#[cfg(test)]
static SHORT_TEXT_REGEXES: [&ShortTextRegex; 7] = [
    &INTERVIEW_CUE,
    &WELCOME,
    &INTERVIEW_SECTION,
    &PERSON_VERB,
    &PERSON_BEFORE,
    &PART_PREFIX,
    &SPONSOR_BY,
];

/// The fixed regexes compiled while the tagger is built: all but [`WELCOME`], which only transcripts
/// need (compiled on the first that says "welcome"). Capitalised names, the "and X" of a pair and a bare
/// "by" are read by hand (`names`): their Unicode classes were most of the compile.
static COMPILED_AT_START: [&ShortTextRegex; 6] = [
    &INTERVIEW_CUE,
    &INTERVIEW_SECTION,
    &PERSON_VERB,
    &PERSON_BEFORE,
    &PART_PREFIX,
    &SPONSOR_BY,
];

/// Compile the fixed regexes now, while the tagger is built, rather than on the first text tagged:
/// together they take a few milliseconds, as long as tagging a whole show. Each is compiled on its own
/// task: one after the other, they kept one core busy for as long as the other built the whole tagger.
pub(super) fn compile_fixed_regexes() {
    COMPILED_AT_START.par_iter().for_each(|regex| {
        regex.quick();
    });
}

/// A list of words, asked whether it holds a word: each capitalised name in a passage of speech looked
/// through the lists below word by word (hundreds of comparisons a candidate).
struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<foldhash::HashSet<&'static str>>,
}

impl WordSet {
    const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }
}

static NOT_NAME: WordSet = WordSet::new(NOT_NAMES);
static SENTENCE_WORD: WordSet = WordSet::new(SENTENCE_WORDS);
static NOT_SURNAME: WordSet = WordSet::new(NOT_SURNAMES);
static WORD_NAME: WordSet = WordSet::new(WORD_NAMES);
static TITLE: WordSet = WordSet::new(TITLES);
static NOT_FIRST_NAME: WordSet = WordSet::new(NOT_FIRST_NAMES);

/// Adjectives and nouns that open the names of products, places and events in speech, never a given name
/// though some are surnames ("Chris White"), so only a name's first word is compared: "Beautiful Soup",
/// "White House", "North Korea", "Formula One", "Internet Explorer", "Salt Lake City".
const NOT_FIRST_NAMES: &[&str] = &[
    "Black",
    "White",
    "North",
    "South",
    "East",
    "West",
    "Holy",
    "National",
    "Internet",
    "Beautiful",
    "Absolute",
    "Advanced",
    "Creative",
    "Industrial",
    "Formula",
    "Turbo",
    "Web",
    "Tower",
    "Salt",
    "Sample",
    "Matrix",
];

/// Titles and roles said before a person's name ("Professor David Alderson", "Listener Nathan Chowning",
/// "President Obama"): not the person's first name, and no ordinary word for [`is_an_ordinary_first_word`]
/// when the title and a surname are all the text says.
const TITLES: &[&str] = &[
    "Professor",
    "Prof",
    "Dr",
    "Doctor",
    "President",
    "Governor",
    "Senator",
    "Mayor",
    "Listener",
    "Mr",
    "Mrs",
    "Ms",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
    "Uncle",
    "Aunt",
    "Judge",
    "Captain",
    "Chancellor",
    "Minister",
    "Congressman",
    "Congresswoman",
    "Representative",
];

/// Given names that are also ordinary English words, written in lowercase in the same texts as the name
/// ("Will Vincent" beside "will", "Grant Jenks" beside "grant"): they stay first names.
const WORD_NAMES: &[&str] = &[
    "Will", "Mark", "Bill", "Rich", "Grant", "Chip", "Drew", "Hope", "Ray", "Pat", "Gene", "Art",
    "Jack", "Dean", "Chase", "Wade", "Cliff", "Rusty", "Sandy", "Don", "Frank", "Faith", "Joy",
    "Rose", "June", "May", "Summer", "Miles", "Max", "Guy", "Bob", "Sky", "Penny", "Ruby", "Jay",
    "Rob", "Sue", "Lance", "Sage", "Skip", "Carol", "Harry", "Ken", "Nick", "Bud", "Buck",
    "Hunter", "Ivy", "Holly", "Dawn", "Page", "Pierce", "Reed", "Brook", "Glen", "Sterling",
    "Carter", "Mason", "Tucker", "Victor", "Van", "Earl", "Duke", "King", "Prince", "Major",
    "Colt", "Gale", "Hal", "Sol", "Ward", "Wolf", "Ford", "Irving", "Channing",
];

/// Capitalised words that start titles but are not people.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "New",
    "Free",
    "Faster",
    "Python",
    "Core",
    "More",
    "Our",
    "How",
    "What",
    "Why",
    "When",
    "Where",
    "Who",
    "Which",
    "Is",
    "Are",
    "Do",
    "Does",
    "Can",
    "Will",
    "Let",
    "Big",
    "Hard",
    "First",
    "Better",
    "Other",
    "Steering",
    "Council",
    "Language",
    "Summit",
    "Static",
    "Strict",
    "Happy",
    "Surprise",
    "Fresh",
    "Pure",
    "Zero",
    "Control",
    "Memory",
    "Fast",
    "Slow",
    "Type",
    "Data",
    "Fine",
    "Incremental",
    "Tier",
    "Colored",
    "Developers",
    "Interview",
    "Part",
    "Episode",
    "Chapter",
    "Intro",
    "Outro",
    "Special",
    "Guest",
    "Favorite",
    "Favourite",
    "Hackable",
    "Shiny",
    "Getting",
    "Introducing",
    "Complaining",
    "Pedantic",
    "Sports",
    "News",
    "Security",
    "Performance",
    "Features",
    "Bug",
    "Fixes",
    "Updates",
    "Changes",
    "Support",
    // Companies, products and places that open capitalised pairs ("Google Lighthouse", "Red Hat").
    "Google",
    "Microsoft",
    "Amazon",
    "Apple",
    "Docker",
    "Flask",
    "Django",
    "Azure",
    "Kindle",
    "Adobe",
    "Raspberry",
    "United",
    "San",
    "Santa",
    "Los",
    "Silicon",
    "Stack",
    "Red",
    "Home",
    "Sublime",
    // An organisation named by its kind first: "Project Jupyter", "Project Pythia".
    "Project",
];

/// Words that open sentences and cues but never start a name: "And Riot", "So Ngrok", "That Toml", "Like
/// Pandas", "With Rollbar". A capitalised word at the start of a sentence is no evidence of a first name.
const SENTENCE_WORDS: &[&str] = &[
    "And",
    "But",
    "Or",
    "Nor",
    "So",
    "Yet",
    "Then",
    "Now",
    "Well",
    "Yeah",
    "Yes",
    "No",
    "Not",
    "Oh",
    "Okay",
    "Ok",
    "Right",
    "Sure",
    "Also",
    // "- From Ben Sandofsky": a list item's byline (`PERSON_BEFORE`), never a first name.
    "From",
    "Just",
    "Like",
    "With",
    "Without",
    "That",
    "This",
    "These",
    "Those",
    "There",
    "Here",
    "Because",
    "Since",
    "If",
    "Unless",
    "Although",
    "Though",
    "While",
    "Whereas",
    "As",
    "At",
    "By",
    "For",
    "From",
    "In",
    "Into",
    "Of",
    "On",
    "Onto",
    "To",
    "Over",
    "Under",
    "Up",
    "Down",
    "Out",
    "About",
    "After",
    "Before",
    "Between",
    "Through",
    "Via",
    "Per",
    "Than",
    "Maybe",
    "Perhaps",
    "Actually",
    "Really",
    "Basically",
    "Honestly",
    "Obviously",
    "Certainly",
    "Anyway",
    "Even",
    "Only",
    "All",
    "Any",
    "Some",
    "Every",
    "Each",
    "Both",
    "Either",
    "Neither",
    "Many",
    "Most",
    "Much",
    "Few",
    "Several",
    "Another",
    "Such",
    "It",
    "Its",
    "We",
    "Our",
    "You",
    "Your",
    "They",
    "Their",
    "He",
    "His",
    "She",
    "Her",
    "I",
    "My",
    "Me",
    "Us",
    "Them",
    "Was",
    "Were",
    "Be",
    "Been",
    "Has",
    "Have",
    "Had",
    "Did",
    "Would",
    "Could",
    "Should",
    "Must",
    "May",
    "Might",
    "Shall",
    // Imperatives before a name: "Meet Meredith Loof", "Follow Palette's team on Twitter".
    "Meet",
    "Follow",
    "Join",
    "Visit",
    "Get",
    "Got",
    "Go",
    "Use",
    "Using",
    "Check",
    "See",
    "Look",
    "Try",
    "Make",
    "Take",
    "Say",
    "Said",
    "Thanks",
    "Thank",
    "Hey",
    "Hi",
    "Hello",
    "Welcome",
    "Please",
    "Whether",
    "Whatever",
    "Whoever",
    "Plus",
    "Until",
    "Once",
    "Except",
    "Including",
    "Instead",
    "Otherwise",
    "Still",
    "Already",
    "Again",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Sometimes",
    "Often",
    "Always",
    "Never",
    "Usually",
    "Anyone",
    "Everyone",
    "Someone",
    "Nobody",
    "Something",
    "Everything",
    "Nothing",
    "Anything",
    "Definitely",
    "Exactly",
    "Totally",
    "Absolutely",
    "Cool",
    "Great",
    "Nice",
    "Awesome",
    "Wow",
    "Hmm",
    "Um",
    "Uh",
    "Ah",
    "Whoa",
    "Indeed",
    "Meanwhile",
    "However",
    "Therefore",
    "Thus",
    "Hence",
    "Besides",
    "Finally",
    "Lastly",
    "Next",
    "Last",
    "Second",
    "Third",
    "Speaking",
    "Talking",
    "According",
    "Unlike",
    "Against",
    "Toward",
    "Towards",
    "Across",
    "Behind",
    "Beyond",
    "Inside",
    "Outside",
    "Within",
    "Around",
    "Along",
    "Among",
    "During",
];

/// Last words of the names of products, companies, organisations and days, never of a person's:
/// "Posit Connect", "Founders Hub", "National Science Foundation", "Jupyter Notebooks", "April Fool".
const NOT_SURNAMES: &[&str] = &[
    "Hub",
    "Connect",
    "Foundation",
    "Foundations",
    "Notebook",
    "Notebooks",
    "Lab",
    "Labs",
    "Cloud",
    "Studio",
    "Server",
    "Servers",
    "Project",
    "Projects",
    "Team",
    "Teams",
    "Conference",
    "Institute",
    "University",
    "College",
    "School",
    "Academy",
    "Society",
    "Association",
    "Committee",
    "Software",
    "Systems",
    "System",
    "Group",
    "Inc",
    "Corp",
    "Company",
    "Co",
    "Ltd",
    "Day",
    "Days",
    "Fool",
    "Fools",
    "Code",
    "App",
    "Apps",
    "Framework",
    "Library",
    "Toolkit",
    "Tools",
    "Data",
    "Science",
    "Services",
    "Service",
    "Platform",
    "Network",
    "Networks",
    "Center",
    "Centre",
    "Press",
    "Media",
    "Magazine",
    "Weekly",
    "Podcast",
    "Podcasts",
    "Show",
    "Bytes",
    "Edition",
    "Pro",
    "Engine",
    "Works",
    "Technologies",
    "Technology",
    "Tech",
    "Solutions",
    "Partners",
    "Capital",
    "Ventures",
    "Bank",
    "Times",
    "Post",
    "Review",
    "Journal",
    "Docs",
    "Python",
    "Summit",
    "Conf",
    "Sprint",
    "Sprints",
    "Meetup",
    "Office",
    "Store",
    "Market",
    "Shop",
    "Studios",
    "Games",
    "Game",
    "Learning",
    "Intelligence",
    "Analytics",
    "Dashboard",
    "Notes",
    "Guide",
    "Tutorial",
    "Course",
    "Courses",
    "Edition",
    "Release",
    "Version",
    "Update",
    "Updates",
    "Studio",
    "Console",
    "Desktop",
    "Mobile",
    "Web",
    "Browser",
    "Extension",
    "Extensions",
    "Plugin",
    "Plugins",
    "Package",
    "Packages",
    "Actions",
    "Pages",
    "Copilot",
    "Workspace",
    "Workspaces",
    "Manager",
    "Monitor",
    "Security",
    "Insights",
    "Cluster",
    "Database",
    "Queue",
    "Functions",
    "Function",
    "Lambda",
    "Container",
    "Containers",
    "Registry",
    "Index",
    "Wiki",
    "List",
    "Lists",
    "Channel",
    "Chatroom",
    "Movie",
    // Job titles after a name are its appositive, not a surname ("Allen Downey, Prolific Author").
    "Author",
    "Authors",
    "Professor",
    "Engineer",
    "Developer",
    "Developers",
    "Scientist",
    "Evangelist",
    "Advocate",
    // A template's placeholder ("Interview with Firstname Lastname about Topic").
    "Lastname",
    "Music",
    "Contact",
    "Techniques",
];

/// The longest text searched for people as a whole; longer texts are searched line by line.
const WHOLE_TEXT_MAX: usize = 2_000;

/// The parts of a text where [`find_new_people`] looks for no one, in order: the whole text when it has
/// no capital, else its lines longer than [`WHOLE_TEXT_MAX`] (a shorter text of one line is read whole).
/// A mention found there is beside no new person, so its repeats need not be kept one by one for the
/// names to be checked against (`Tagger::tag_as` merges them as the scan finds them).
pub(super) fn parts_without_names(text: &str) -> Vec<Range<usize>> {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        let whole = 0..text.len();
        return vec![whole];
    }
    if text.len() <= WHOLE_TEXT_MAX && !text.contains('\n') {
        return Vec::new();
    }
    let mut start = 0;
    let mut parts = Vec::new();
    for line in text.split_inclusive('\n') {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        if range.len() > WHOLE_TEXT_MAX {
            parts.push(range);
        }
    }
    parts
}

/// People the taxonomy does not know, where a title names people: "X makes ...", "X and her keynote",
/// "Interview with X", "an article by X", or a part heading or interview-list chapter that is only a name.
/// A long text (a description, the words under a heading) is searched line by line, and there a line or a
/// list item that is only a name names a person too. `names_something_else` says whether a candidate
/// name is a taxonomy term (a topic, project or module); `is_first_name` whether a word is the first name
/// of a person the taxonomy knows (a line that is only a name must start with one: link lists are full of
/// capitalised pairs).
pub(super) fn find_new_people(
    text: &str,
    (names_expected, body): (bool, Body),
    (mentions, merged): (&mut Vec<Mention>, Vec<(usize, usize)>),
    names_something_else: impl Fn(&str) -> bool,
    is_first_name: impl Fn(&str) -> bool,
) {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return;
    }
    let mut known = Known::new(mentions.len(), merged);
    if text.len() <= WHOLE_TEXT_MAX && !text.contains('\n') {
        let words = (&names_something_else, &is_first_name);
        find_in_line(
            text,
            0..text.len(),
            names_expected,
            List::No,
            &mut known,
            mentions,
            words,
        );
        return;
    }
    let byline = match body {
        Body::UnderItemHeading => byline_line(text),
        Body::People | Body::Other | Body::Speech => None,
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        if range.len() <= WHOLE_TEXT_MAX {
            let words = (&names_something_else, &is_first_name);
            let list = if body == Body::People || byline == Some(range.start) {
                List::FirstLine
            } else if body == Body::Speech {
                List::Spoken
            } else {
                List::Item
            };
            find_in_line(text, range, false, list, &mut known, mentions, words);
        }
    }
}

/// What a long text is, for the line that may be an item's byline.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Body {
    /// The words under a show-notes item's heading ("Brian #3: Small Functions considered Harmful"):
    /// their first line, when only a name followed by prose, is the item's byline.
    UnderItemHeading,
    /// The words under a heading that says they are people ("Special guests", "Panelists"): every line
    /// that is only a name is a person.
    People,
    /// Anything else written: a title, a description, the words under a section heading that lists
    /// things ("Links", "Picks", "Joke"), where a first line is the first thing listed.
    Other,
    /// A transcript's passages: read as `Other`, except that speech-to-text misspells surnames, so a
    /// known first name before a capitalised word is no evidence of a person ("Brian Aukin").
    Speech,
}

/// The section headings whose words are a list of things, not an item with a byline: their first line
/// is the first link, pick or joke ("Infection Monkey" under "Links", "Vim Escape Rooms" under "Joke").
const LIST_SECTIONS: &[&str] = &[
    "links",
    "extras",
    "extra",
    "picks",
    "pick",
    "joke",
    "jokes",
    "keep in touch",
    "contact",
    "resources",
    "sponsors",
    "sponsored by",
    "on twitter",
];

/// The section headings whose words are a list of people: every name on a line of its own is a person
/// ("* Andrea Mah" under "Guests").
const PEOPLE_SECTIONS: &[&str] = &[
    "guests",
    "guest",
    "special guests",
    "special guest",
    "panelists",
    "panel",
    "hosts",
    "speakers",
];

impl Body {
    /// The body under a chapter's heading.
    pub(crate) fn under(heading: &str) -> Self {
        let words = heading
            .trim()
            .trim_end_matches([':', '.'])
            .trim()
            .to_lowercase();
        if LIST_SECTIONS.contains(&words.as_str()) {
            Body::Other
        } else if PEOPLE_SECTIONS.contains(&words.as_str()) {
            Body::People
        } else {
            Body::UnderItemHeading
        }
    }
}

/// Where the first line of a body starts, when a sentence soon follows it: a byline comes before the
/// item's prose ("Cindy Sridharan" then "General programming advice doled out ..."), while a first line
/// followed by more capitalised lines is the head of a list ("Infection Monkey", "Guardicore", "Stack
/// Overflow").
fn byline_line(text: &str) -> Option<usize> {
    let mut lines = text
        .split_inclusive('\n')
        .scan(0, |start, line| {
            let at = *start;
            *start += line.len();
            Some((at, line))
        })
        .filter(|(_, line)| !line.trim().is_empty());
    let (first, _) = lines.next()?;
    lines
        .take(BYLINE_PROSE_WITHIN)
        .any(|(_, line)| is_a_sentence(line))
        .then_some(first)
}

/// How many lines after a byline the item's prose may start: a link or two often come first ("Ben Hoyt",
/// "From Jetsetter.com, Invitation-Only Travel Community", then the sentences).
const BYLINE_PROSE_WITHIN: usize = 3;

/// Whether a line reads as prose, not as the next entry of a list of names and links: it has a word in
/// lowercase ("Came up on episode 143", "Suggested by Owen"), while link texts and names are capitalised
/// ("Guardicore", "Stack Overflow", "Happiness").
fn is_a_sentence(line: &str) -> bool {
    line.split_whitespace()
        .filter_map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
        })
        .any(char::is_lowercase)
}

/// Where a line of a long text stands, for a line that is only a name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    /// A short text searched whole: a name alone there is a title's business.
    No,
    /// The first line of the words under an item's heading when prose follows it, or any line under a
    /// heading of people: a name alone there is the item's byline ("- Simon Willison" under "How to cheat
    /// at unit tests") or a guest.
    FirstLine,
    /// Any other line: a name alone there names a person when it starts with a known first name (link
    /// lists are full of capitalised pairs: "Donegal Ireland"), and so does a name in a sentence.
    Item,
    /// A passage of speech: a name alone there names a person as in `Item`, but a name in a sentence
    /// needs a cue other than its first name.
    Spoken,
}

/// [`find_new_people`] in one line of `text` (`line` is its range); `list` says where the line stands in
/// a long text, for a line (a list item) that is only a name.
fn find_in_line(
    text: &str,
    line: Range<usize>,
    names_expected: bool,
    list: List,
    known: &mut Known,
    mentions: &mut Vec<Mention>,
    (names_something_else, is_first_name): (&impl Fn(&str) -> bool, &impl Fn(&str) -> bool),
) {
    let line_text = &text[line.clone()];
    // Where a part heading's name would start, looked for only when a name might be one.
    let mut body_start = None;
    for found in names::capitalised_names(line_text) {
        let Some(span) = without_sentence_words(line_text, found) else {
            continue;
        };
        if line_text[..span.start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue; // Inside a word ("McDonald").
        }
        let at = line.start + span.start..line.start + span.end;
        // A known person's name in a candidate's surname place is a first name read as the surname it
        // is here ("Interview with Damien George" is not George Yoshida): the candidate takes its place.
        let replaces = if known.index(mentions).overlaps(&at) {
            match first_name_as_surname(&at, known, mentions) {
                Some(j) => Some(j),
                None => continue,
            }
        } else {
            None
        };
        let name = &line_text[span.clone()];
        let last = name.split_whitespace().next_back().unwrap_or_default();
        if name.split_whitespace().any(|w| NOT_NAME.contains(w))
            || NOT_SURNAME.contains(last)
            || names_something_else(name)
        {
            continue;
        }
        let rest = &line_text[span.end..];
        let cue = if PERSON_VERB.is_match(rest) || followed_by_person_verb(line_text, span.end) {
            PersonCue::SubjectOfTitle
        } else if person_before(&line_text[..span.start])
            || named_by(&line_text[..span.start])
            || listed_after_a_person(text, line.start + span.start, known, mentions)
        {
            PersonCue::AfterInterviewCue
        } else if list != List::Spoken && after_a_link(line_text, &span) {
            PersonCue::LinkAuthor
        } else if list != List::No
            && only_a_name_on_the_line(line_text, &span).is_some_and(|handle| {
                handle
                    || list == List::FirstLine
                    || name.split_whitespace().next().is_some_and(is_first_name)
            })
        {
            PersonCue::NameLine
        } else if matches!(list, List::Item | List::FirstLine)
            && name.split_whitespace().next().is_some_and(is_first_name)
        {
            PersonCue::KnownFirstName
        } else if rest.trim().is_empty()
            && (span.start > 0 || names_expected)
            && span.start
                == *body_start
                    .get_or_insert_with(|| PART_PREFIX.find(line_text).map_or(0, |m| m.end()))
        {
            if span.start > 0 {
                PersonCue::PartHeading
            } else {
                PersonCue::InterviewList
            }
        } else {
            continue;
        };
        if known.starts_with_an_ordinary_word(text, name, is_first_name) {
            continue;
        }
        let person = Entity::NewPerson(name.to_string());
        let mention = Mention::new(person, at, text, Rule::PersonCue(cue));
        match replaces {
            Some(j) => mentions[j] = mention,
            None => mentions.push(mention),
        }
    }
}

/// Whether a candidate name's first word (`first`) is an ordinary word, not a first name: one of
/// [`NOT_FIRST_NAMES`], a word the same text also writes in lowercase ("Taking Barry's idea" beside "taking", "Working Effectively with Legacy Code"
/// beside "working"), or a gerund ("Googling Twitter", "Announcing Target's open source fund"). A first
/// name is not written in lowercase; a verb, an adjective or a heading's word is. A known person's first
/// name (`is_first_name`: "Mark", "Bill") or a common given name that is also a word ([`WORD_NAMES`]:
/// "Will", "Grant", "Sterling") stays a first name whatever the text writes.
pub(super) fn is_an_ordinary_first_word(
    text: &str,
    first: &str,
    is_first_name: &impl Fn(&str) -> bool,
) -> bool {
    if NOT_FIRST_NAME.contains(first) {
        return true;
    }
    if is_first_name(first) || WORD_NAME.contains(first) || TITLE.contains(first) {
        return false;
    }
    let lower = first.to_lowercase();
    if lower == first {
        return false;
    }
    is_a_gerund(&lower)
        || memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes())
            .any(|at| is_a_word_of_prose(text, at..at + lower.len()))
}

/// Whether a lowercase word is a gerund or a present participle: "-ing" after three letters or more
/// ("taking", "googling", "boeing" too). Shorter words ending so are names as often ("Ming", "King").
fn is_a_gerund(word: &str) -> bool {
    word.strip_suffix("ing")
        .is_some_and(|stem| stem.chars().count() >= 3)
}

/// Whether the word at `span` of a text stands as a word of prose, between spaces and punctuation, not
/// inside a URL, a handle or an identifier ("dev.to/mauricehayward", "@maurice_hayward").
fn is_a_word_of_prose(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let mut after = text[span.end..].chars();
    let opens = before.is_none_or(|c| c.is_whitespace() || "(\"'[*\u{201C}\u{2018}".contains(c));
    let closes = match after.next() {
        None => true,
        Some('.') => !after.next().is_some_and(char::is_alphanumeric),
        Some(c) => c.is_whitespace() || ",;:!?)\"'[]*\u{201D}\u{2019}".contains(c),
    };
    opens && closes
}

/// The known mention (its index) that is a one-word person's name in the last word of the candidate name
/// at `at`, when nothing else the scan found overlaps the candidate: "George" in "Damien George". A
/// capitalised word before a first name makes it a surname (a first name is not preceded by another),
/// so the whole is one person's name, and the one-word person is not there.
fn first_name_as_surname(
    at: &Range<usize>,
    known: &mut Known,
    mentions: &[Mention],
) -> Option<usize> {
    let j = mentions[..known.count].iter().position(|m| {
        is_person(m) && m.span.end == at.end && m.span.start > at.start && !m.text.contains(' ')
    })?;
    let before = at.start..mentions[j].span.start;
    (!known.index(mentions).overlaps(&before)).then_some(j)
}

/// Whether the words before a name end with a "by" that credits a person ("a nice idea by X"), not a
/// sponsor or an owner ("brought to you by X", "acquired by X").
fn named_by(before: &str) -> bool {
    names::ends_with_by(before) && !SPONSOR_BY.is_match(before)
}

/// Whether the words before a name introduce a person ("interview with X", "thanks to X"), searched for
/// in their last words only: a search of the whole passage of speech before every candidate name read
/// it all, on the PikeVM while the regex is new.
fn person_before(before: &str) -> bool {
    PERSON_BEFORE.is_match_from(before, names::person_before_from(before))
}

/// Whether the name at `at` of `text` is the next of a list that a person's name starts: "by Jake
/// VanderPlas and Andrew Godwin", "thanks to X, Y and Z". A list that starts with a person goes on with people.
/// The person before is a mention the scan found (one of `known`) or the last new person found: new people
/// are found in order.
fn listed_after_a_person(text: &str, at: usize, known: &mut Known, mentions: &[Mention]) -> bool {
    let before = text[..at].trim_end();
    let Some(joined) = before
        .strip_suffix(" and")
        .or_else(|| before.strip_suffix(" &"))
        .or_else(|| before.strip_suffix(','))
    else {
        return false;
    };
    let end = joined.trim_end_matches(',').len();
    let last_new = mentions[known.count..].last();
    end > 0
        && (last_new.is_some_and(|m| m.span.end == end && is_person(m))
            || known.index(mentions).person_ends_at(end))
}

/// Whether a mention names a person, known or not.
fn is_person(m: &Mention) -> bool {
    matches!(m.entity, Entity::Person(_) | Entity::NewPerson(_))
}

/// The mentions the scan found in a text (the first `count` of its list), as the search for new people asks
/// about them: whether a candidate name overlaps one, whether a person's name ends at a byte. They are
/// indexed the first time they are asked about: a scan of the list for every candidate name was quadratic
/// (2 MiB of lines "Alice Smith on the JIT" took 17 s; docs/reliability.md).
struct Known {
    count: usize,
    /// The spans of repeats merged away before (`compact::Repeats`), until the index takes them.
    merged: Vec<(usize, usize)>,
    index: Option<KnownIndex>,
    /// The first words of candidate names already looked for in lowercase in the text, with the answer:
    /// a name said again is not searched for again (a search of an hour of speech per candidate was 5% of
    /// building Talk Python's transcripts).
    ordinary: Vec<(String, bool)>,
}

/// The spans of the scan's mentions (and of the repeats merged away) sorted by start, each with the
/// furthest end of those up to it in place of its own, and the ends of the people's names, sorted.
struct KnownIndex {
    reach: Vec<(usize, usize)>,
    person_ends: Vec<usize>,
}

impl Known {
    fn new(count: usize, merged: Vec<(usize, usize)>) -> Self {
        Known {
            count,
            merged,
            index: None,
            ordinary: Vec::new(),
        }
    }

    /// Whether `name` starts with an ordinary word ([`is_an_ordinary_first_word`]), answered once per
    /// first word of the text.
    fn starts_with_an_ordinary_word(
        &mut self,
        text: &str,
        name: &str,
        is_first_name: &impl Fn(&str) -> bool,
    ) -> bool {
        let first = name.split_whitespace().next().unwrap_or_default();
        if let Some((_, answer)) = self.ordinary.iter().find(|(word, _)| word == first) {
            return *answer;
        }
        let answer = is_an_ordinary_first_word(text, first, is_first_name);
        self.ordinary.push((first.to_string(), answer));
        answer
    }

    /// The index of the first `count` of `mentions` and the merged spans, made the first time.
    fn index(&mut self, mentions: &[Mention]) -> &KnownIndex {
        let known = &mentions[..self.count];
        let merged = &mut self.merged;
        self.index
            .get_or_insert_with(|| KnownIndex::new(known, std::mem::take(merged)))
    }
}

impl KnownIndex {
    fn new(known: &[Mention], mut spans: Vec<(usize, usize)>) -> Self {
        spans.extend(known.iter().map(|m| (m.span.start, m.span.end)));
        spans.sort_unstable();
        let mut furthest = 0;
        for (_, end) in &mut spans {
            furthest = furthest.max(*end);
            *end = furthest;
        }
        let mut person_ends: Vec<usize> = known
            .iter()
            .filter(|m| is_person(m))
            .map(|m| m.span.end)
            .collect();
        person_ends.sort_unstable();
        KnownIndex {
            reach: spans,
            person_ends,
        }
    }

    /// Whether a mention's span overlaps `at`: of those that start before its end, the furthest reaching
    /// ends after its start.
    fn overlaps(&self, at: &Range<usize>) -> bool {
        let before_end = self.reach.partition_point(|&(start, _)| start < at.end);
        before_end > 0 && self.reach[before_end - 1].1 > at.start
    }

    fn person_ends_at(&self, end: usize) -> bool {
        self.person_ends.binary_search(&end).is_ok()
    }
}

/// A name's span without the sentence words it starts with ("And Carl Shapiro" -> "Carl Shapiro"), or
/// `None` when fewer than two words are left. A title before a first name and a surname goes too
/// ("Professor David Alderson", "Listener Nathan Chowning"); before a surname alone it stays, as the only
/// way the text names the person ("President Obama").
fn without_sentence_words(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let mut start = span.start;
    loop {
        let rest = &text[start..span.end];
        let word_end = rest.find(char::is_whitespace)?;
        let word = &rest[..word_end];
        let next = rest[word_end..].trim_start();
        // Most names are two words: the title is looked up only before three or more.
        if !(SENTENCE_WORD.contains(word)
            || next.contains(char::is_whitespace) && TITLE.contains(word))
        {
            break;
        }
        start += word_end + rest[word_end..].len() - next.len();
    }
    text[start..span.end]
        .contains(char::is_whitespace)
        .then_some(start..span.end)
}

/// Whether a line is a list item, or a line, that is nothing but the name at `span` ("- Ned Batchelder"),
/// or the name and a social handle ("- Anton Zhiyanov, [@ohmypy](...)"): `Some(true)` for a name with its
/// handle, `Some(false)` for a name alone.
fn only_a_name_on_the_line(line: &str, span: &Range<usize>) -> Option<bool> {
    let before = line[..span.start].trim();
    let after = line[span.end..].trim();
    let marker = before.is_empty() || matches!(before, "-" | "*" | "+" | "•" | "\u{2013}");
    if !marker {
        return None;
    }
    if after
        .chars()
        .all(|c| matches!(c, '.' | ',' | ':' | ';' | '!'))
    {
        return Some(false);
    }
    is_a_handle(after.trim_start_matches([',', ':', '-', '\u{2013}', ' '])).then_some(true)
}

/// Whether the name at `span` of a line is the author a link or a quote is credited to: it follows a
/// Markdown link and a dash ("[Please publish and share more](https://...) - Jeff Triplett") or a closing
/// quote and a dash ("... that humans can understand.” - Kent Beck"), and ends the line or comes before
/// another dash, a comma or a parenthesis ("- Evan Boehs - recommended read").
fn after_a_link(line: &str, span: &Range<usize>) -> bool {
    let before = line[..span.start].trim_end();
    let Some(credited) = before
        .strip_suffix(['-', '\u{2013}', '\u{2014}'])
        .map(str::trim_end)
    else {
        return false;
    };
    let after = line[span.end..].trim_start();
    let link = credited.ends_with(')') && credited.contains("](");
    let quote = credited.ends_with(['\u{201D}', '"']) && after.is_empty();
    (link || quote)
        && (after.is_empty() || after.starts_with(['-', '\u{2013}', '\u{2014}', ',', '(']))
}

/// Whether a text is a social handle, bare or linked: "@ohmypy", "[@ohmypy](https://...)", "(@ohmypy)".
/// A name followed by its handle is a person's.
fn is_a_handle(text: &str) -> bool {
    let handle = text.trim_start_matches(['[', '(']);
    let Some(rest) = handle.strip_prefix('@') else {
        return false;
    };
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(rest.len());
    end > 0 && {
        let tail = rest[end..].trim_start_matches([']', ')']);
        tail.is_empty() || tail.starts_with('(') || tail.trim().is_empty()
    }
}

/// "Yuliia Barabash and Laysa Uchoa talk ...": the first name of a pair is a subject too.
fn followed_by_person_verb(text: &str, end: usize) -> bool {
    names::and_name_end(&text[end..]).is_some_and(|m| PERSON_VERB.is_match(&text[end + m..]))
}

/// For the description and then each chapter of an episode, whether a text that is only a capitalised
/// name names a person: a chapter of a section that lists interviews.
pub(super) fn names_expected(episode: &Episode) -> Vec<bool> {
    let mut names_expected = vec![false];
    // Chapters of a section share its title: look at each section once.
    let mut last_section: Option<(&str, bool)> = None;
    names_expected.extend(episode.chapters.iter().map(|c| {
        c.section.is_some_and(|section| match last_section {
            Some((s, is)) if s == section => is,
            _ => {
                last_section
                    .insert((section, INTERVIEW_SECTION.is_match(section)))
                    .1
            }
        })
    }));
    names_expected
}

/// Who is who in an episode: the show's hosts and the guests its feed credits.
pub(super) struct Cast<'a> {
    taxonomy: &'a Taxonomy,
    /// Indexes of the show's hosts in the taxonomy's people.
    hosts: &'a [usize],
    /// The folded names of the people the feed credits as guests.
    credited_guests: Vec<String>,
}

impl<'a> Cast<'a> {
    pub(super) fn new(taxonomy: &'a Taxonomy, hosts: &'a [usize], episode: &Episode) -> Self {
        let credited_guests = episode
            .people
            .iter()
            .filter(|c| c.role == Role::Guest)
            .map(|c| fold(&c.name))
            .collect();
        Cast {
            taxonomy,
            hosts,
            credited_guests,
        }
    }

    /// A person's role, `None` for a mention of anything else; `interviewed` says whether the text
    /// around the mention interviews them.
    pub(super) fn role(
        &self,
        mention: &Mention,
        interviewed: impl FnOnce() -> bool,
    ) -> Option<Role> {
        let (is_host, name) = match &mention.entity {
            Entity::Person(i) => (self.hosts.contains(i), &self.taxonomy.people[*i].name),
            Entity::NewPerson(name) => (false, name),
            _ => return None,
        };
        // The name is folded only when there are credits to compare it with: a transcript has none, and
        // folding every person's mention in it was 5% of building Talk Python's transcripts.
        let credited =
            || !self.credited_guests.is_empty() && self.credited_guests.contains(&fold(name));
        Some(if is_host {
            Role::Host
        } else if credited() || interviewed() {
            Role::Guest
        } else {
            Role::Mentions
        })
    }
}

/// How far into a transcript's words the host welcomes the guests: the intro and a sponsor read or two
/// come first (about ten minutes of speech).
const WELCOME_WITHIN: usize = 12_000;

/// How close (Jaro-Winkler) the surnames of two names with the same first name must be for one episode to
/// spell one person two ways ("Al Sweigart" in the title, "Al Sweigert" in a chapter).
const SPELT_OTHERWISE: f64 = 0.88;

/// Which of two spellings of a person is kept, greatest first: credited by the feed, known to castgraph,
/// times said, words.
type SpellingRank = (bool, bool, u32, usize);

/// One person spelt two ways in an episode is one person: a new person whose first name is another's in
/// the episode (a person tagged or credited) and whose surname is close to theirs ("Al Sweigert" beside
/// the title's "Al Sweigart"), or whose words begin the other's ("Bryan Van" beside "Bryan Van de Ven"),
/// becomes that other. Of two spellings the one kept is the feed's credit, else a person castgraph knows,
/// else the one the episode says more often, else the longer. First, in speech, a misheard core
/// developer becomes that person ([`resolve_misheard_in_speech`]); last, a transcript's guests are the
/// people its intro names ([`guests_are_named_in_the_intro`]).
pub(super) fn merge_spelling_variants(
    taxonomy: &Taxonomy,
    episode: &Episode,
    tagged: &mut [Tagged],
) {
    resolve_misheard_in_speech(taxonomy, episode, tagged);
    merge_variants(taxonomy, episode, tagged);
    guests_are_named_in_the_intro(taxonomy, episode, tagged);
}

/// [`merge_spelling_variants`]'s merge of one person's two spellings.
fn merge_variants(taxonomy: &Taxonomy, episode: &Episode, tagged: &mut [Tagged]) {
    let new_people = tagged
        .iter()
        .filter(|t| matches!(t.mention.entity, Entity::NewPerson(_)))
        .count();
    if new_people == 0 {
        return;
    }
    // Each person of the episode once: entity, folded name, rank (greater is kept).
    let mut people: Vec<(Entity, String, SpellingRank)> = Vec::new();
    let mut add = |entity: &Entity, credited: bool, count: u32| {
        let name = fold(&entity.label(taxonomy));
        match people.iter_mut().find(|(e, _, _)| e == entity) {
            Some((_, _, rank)) => {
                rank.0 |= credited;
                rank.2 += count;
            }
            None => {
                let known = matches!(entity, Entity::Person(_));
                let words = name.split_whitespace().count();
                people.push((entity.clone(), name, (credited, known, count, words)));
            }
        }
    };
    for credit in &episode.people {
        let entity = Entity::credited(taxonomy, &credit.name);
        add(&entity, true, 0);
    }
    for t in tagged.iter() {
        if matches!(t.mention.entity, Entity::Person(_) | Entity::NewPerson(_)) {
            add(&t.mention.entity, false, t.count);
        }
    }
    for t in tagged.iter_mut() {
        let Entity::NewPerson(_) = &t.mention.entity else {
            continue;
        };
        let Some((_, name, rank)) = people.iter().find(|(e, _, _)| *e == t.mention.entity) else {
            continue;
        };
        let better = people
            .iter()
            .filter(|(_, other, other_rank)| other_rank > rank && spelt_otherwise(name, other))
            .max_by_key(|(_, _, other_rank)| *other_rank);
        if let Some((entity, _, _)) = better {
            t.mention.entity = entity.clone();
        }
    }
}

/// In a transcript, the guests are people its intro names (the first [`WELCOME_WITHIN`] bytes: "This
/// week, you'll meet X", "Join X and me", then "X, welcome to the show"), or the feed credits: an
/// interview cue later on is about another interview ("I interviewed Alex Waygood last week", "a recent
/// interview with Brett Cannon on changelog", "the technical editors, Alex Martelli, ..., and Victor
/// Stinner, who was a special guest tech editor"). Someone named first after the intro is a mention.
/// A guest the intro names keeps the role an interview cue later gives ("We have Carol Willing and Brett
/// Cannon both joining us", then their first names in questions), and so does a guest the outro credits
/// ("Our guests on this episode were Damien George and Scott Shawcroft").
fn guests_are_named_in_the_intro(taxonomy: &Taxonomy, episode: &Episode, tagged: &mut [Tagged]) {
    let Some(transcript) = &episode.transcript else {
        return;
    };
    let late = |t: &Tagged| match t.place {
        Place::Passage(i) => transcript
            .offset(i)
            .is_none_or(|at| at + t.mention.span.start >= WELCOME_WITHIN),
        Place::Description | Place::Chapter(_) | Place::Text(_) => false,
    };
    if !tagged
        .iter()
        .any(|t| t.role == Some(Role::Guest) && late(t))
    {
        return;
    }
    let introduced: Vec<Entity> = tagged
        .iter()
        .filter(|t| is_person(&t.mention) && !late(t))
        .map(|t| t.mention.entity.clone())
        .chain(
            episode
                .people
                .iter()
                .filter(|c| c.role == Role::Guest)
                .map(|c| Entity::credited(taxonomy, &c.name)),
        )
        .collect();
    let credited_by_the_outro = |t: &Tagged| match t.place {
        Place::Passage(i) => transcript
            .get(i)
            .and_then(|p| p.text.get(..t.mention.span.start))
            .is_some_and(outro_credits_guests),
        Place::Description | Place::Chapter(_) | Place::Text(_) => false,
    };
    for t in tagged.iter_mut() {
        if t.role == Some(Role::Guest)
            && late(t)
            && !introduced.contains(&t.mention.entity)
            && !credited_by_the_outro(t)
        {
            t.role = Some(Role::Mentions);
        }
    }
}

/// Whether the sentence that `before` (the words of a passage up to a name) ends credits the episode's
/// guests: "Our guests on this episode were X", "Our guests today have been X, Y, and", but not the
/// sponsor after them ("Our guest on this episode was X, and it's been brought to you by Linode and").
fn outro_credits_guests(before: &str) -> bool {
    let start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let sentence = before[start..].to_ascii_lowercase();
    sentence.find("our guest").is_some_and(|at| {
        !sentence[at..]
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "by")
    })
}

/// How close (Jaro-Winkler) a heard surname must be to a known person's when the first name is theirs
/// exactly: speech-to-text spells an unfamiliar surname by its sound ("Armin Roeneker" is Armin Ronacher
/// at 0.80, "Christian Himes" Christian Heimes at 0.86, "Paul Gensel" Paul Ganssle at 0.80).
const MISHEARD_SURNAME_SAME_FIRST: f64 = 0.80;

/// How close a heard first name (with the same first letter) and surname must both be when the first
/// name is not theirs exactly: "Lucas Lange" is Łukasz Langa (0.86, 0.92), "Yuri Selibanov" Yury Selivanov, "Brant Bucher" Brandt
/// Bucher, "Peter Victorin" Petr Viktorin.
const MISHEARD_FIRST: f64 = 0.85;
const MISHEARD_SURNAME: f64 = 0.88;

/// In speech, a new person found by a cue ("by Armin Roeneker", "Lucas Lange's keynote") whose first name
/// and surname both sound like those of exactly one person castgraph knows is that person, when the
/// context makes it sure: the person is a core developer (whom Python shows talk about, and whose names
/// speech-to-text does not know), or named otherwise in the episode. Never on one word alone, never in
/// writing (a written "Chris White" is Chris White).
fn resolve_misheard_in_speech(taxonomy: &Taxonomy, episode: &Episode, tagged: &mut [Tagged]) {
    let strength = super::evidence::strength_of(episode);
    let heard = |t: &Tagged| {
        matches!(t.mention.entity, Entity::NewPerson(_))
            && strength(t.place) == super::evidence::Strength::Speech
    };
    if !tagged.iter().any(heard) {
        return;
    }
    let present: Vec<(usize, Option<Role>)> = tagged
        .iter()
        .filter_map(|t| match t.mention.entity {
            Entity::Person(i) => Some((i, t.role)),
            _ => None,
        })
        .collect();
    for t in tagged.iter_mut() {
        if !heard(t) {
            continue;
        }
        let Entity::NewPerson(name) = &t.mention.entity else {
            continue;
        };
        let Some(person) = misheard_known_person(taxonomy, name) else {
            continue;
        };
        let mut roles = present.iter().filter(|(i, _)| *i == person);
        let is_present = roles.clone().next().is_some();
        if !(taxonomy.people[person].core || is_present) {
            continue;
        }
        t.mention.entity = Entity::Person(person);
        if roles.any(|(_, role)| *role == Some(Role::Host)) {
            t.role = Some(Role::Host);
        }
    }
}

/// The one person castgraph knows whom a heard name of two words or more sounds like (see
/// [`MISHEARD_SURNAME_SAME_FIRST`] and [`MISHEARD_FIRST`]), compared by first name and last surname word,
/// without particles and initials ("Guido Von Rossum", "Travis E. Oliphant").
fn misheard_known_person(taxonomy: &Taxonomy, name: &str) -> Option<usize> {
    let folded = fold(name);
    let (first, surname) = first_and_surname(&folded)?;
    let mut found = taxonomy
        .folded_person_names()
        .iter()
        .enumerate()
        .filter(|(_, known)| {
            // Misheard first names keep their first letter ("Lucas" / "Łukasz", "Yuri" / "Yury"): only
            // the known names that start with it are split and compared (all of them, with Jaro-Winkler,
            // were 5% of building Talk Python's transcripts; split, 2%).
            may_start_with(known, first.as_bytes().first())
                && first_and_surname(known).is_some_and(|(f, s)| {
                    let same_first = f == first;
                    if !same_first && f.as_bytes().first() != first.as_bytes().first() {
                        return false;
                    }
                    let surname_close = strsim::jaro_winkler(s, surname);
                    (same_first && surname_close >= MISHEARD_SURNAME_SAME_FIRST)
                        || (!same_first
                            && surname_close >= MISHEARD_SURNAME
                            && strsim::jaro_winkler(f, first) >= MISHEARD_FIRST)
                })
        });
    let (person, _) = found.next()?;
    found.next().is_none().then_some(person)
}

/// The particles of a surname, which speech-to-text mishears ("Guido Von Rossum") and which are too short
/// for Jaro-Winkler to weigh fairly.
const SURNAME_PARTICLES: [&str; 11] = [
    "van", "von", "de", "der", "den", "da", "del", "di", "du", "la", "le",
];

/// Whether a folded known name's first word (as [`first_and_surname`] reads it) may start with `letter`:
/// it does, or the name starts with a word that reading skips (a particle, an initial).
fn may_start_with(known: &str, letter: Option<&u8>) -> bool {
    let word = known.split([' ', '-']).next().unwrap_or_default();
    word.as_bytes().first() == letter
        || word.is_empty()
        || word.ends_with('.')
        || SURNAME_PARTICLES.contains(&word)
}

/// A folded name's first word and last surname word, skipping particles and initials, split at spaces
/// and hyphens ("russell keith-magee" -> "russell", "magee"); `None` for one word.
fn first_and_surname(folded: &str) -> Option<(&str, &str)> {
    let mut words = folded
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && !w.ends_with('.') && !SURNAME_PARTICLES.contains(w));
    let first = words.next()?;
    let last = words.next_back()?;
    Some((first, last))
}

/// Whether two folded names of two words or more may be one person's: the same first name and close
/// surnames (the last words), or the words of one beginning the other's.
fn spelt_otherwise(a: &str, b: &str) -> bool {
    let (a_words, b_words): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if a_words.len() < 2 || b_words.len() < 2 || a_words[0] != b_words[0] || a == b {
        return false;
    }
    let (short, long) = if a_words.len() <= b_words.len() {
        (&a_words, &b_words)
    } else {
        (&b_words, &a_words)
    };
    let prefix = long.starts_with(short);
    let (a_last, b_last) = (a_words[a_words.len() - 1], b_words[b_words.len() - 1]);
    prefix || strsim::jaro_winkler(a_last, b_last) >= SPELT_OTHERWISE
}

/// The guests a transcript's host welcomes by first name ("Ben, welcome to Talk Python"), each as the
/// span of the full name the intro gave them before ("Join Ben Kane and me to discuss ..."). A first name
/// the intro never gave in full is nobody's (speech-to-text often mishears it). Over the 992 transcripts of
/// ../shared/corpora a welcome by first name is in 428, and 365 of them name the guest in full before it.
pub(super) fn welcomed_guests(text: &str) -> Vec<Range<usize>> {
    let mut end = WELCOME_WITHIN.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let intro = &text[..end];
    let mut guests = Vec::new();
    // Every match has "welcome" in lowercase (the regex is case-sensitive there): an intro without it is
    // not searched, and the regex is compiled only for one with it.
    if memchr::memmem::find(intro.as_bytes(), b"welcome").is_none() {
        return guests;
    }
    for welcome in WELCOME.find_iter(intro) {
        let greeting = &intro[welcome.start()..welcome.end()];
        let first_names = greeting
            .split(|c: char| c == ',' || c.is_whitespace())
            .take_while(|w| !w.eq_ignore_ascii_case("welcome"))
            .filter(|w| w.starts_with(char::is_uppercase) && !SENTENCE_WORD.contains(w))
            .filter(|w| {
                !matches!(
                    *w,
                    "Hello" | "Hi" | "Hey" | "Well" | "Everyone" | "Everybody"
                )
            });
        for first in first_names {
            if let Some(name) = full_name_before(&intro[..welcome.start()], first)
                && !guests.contains(&name)
            {
                guests.push(name);
            }
        }
    }
    guests
}

/// How a speaker introduces themselves: "And I'm Ian Hellen.", "Hi, my name is Kelly Schuster-Paredes, and
/// I'm ...", "I am Carol Willing."
const SELF_INTRODUCTIONS: [&str; 5] =
    ["I'm ", "I\u{2019}m ", "I am ", "my name is ", "My name is "];

impl Cast<'_> {
    /// The guests of a transcript, each as the span of their name and the cue that found them: those the
    /// host welcomes by first name ([`welcomed_guests`]) and those who introduce themselves in the intro
    /// ([`Cast::introduced_guests`]).
    pub(super) fn transcript_guests(&self, text: &str) -> Vec<(Range<usize>, PersonCue)> {
        let mut guests: Vec<(Range<usize>, PersonCue)> = welcomed_guests(text)
            .into_iter()
            .map(|span| (span, PersonCue::Welcomed))
            .collect();
        for span in self.introduced_guests(text) {
            if !guests.iter().any(|(s, _)| *s == span) {
                guests.push((span, PersonCue::Introduced));
            }
        }
        guests
    }

    /// The names speakers other than the hosts introduce themselves by in the first
    /// [`WELCOME_WITHIN`] bytes of a transcript ("I'm Michael Kennedy. And I'm Brian Okken. And I'm Ian
    /// Hellen."): in Python Bytes the hosts and then a guest co-host say who they are, in Talk Python
    /// the guests of a panel. A host says their name first and speech-to-text often mishears it ("I'm
    /// Brian Ecken", "I'm Brian Ogden, and Michael is on vacation"): the first self-introduction with a
    /// host's first name is that host, unless the host's full name was said before it ("And I'm Brian
    /// Okken. And I'm Brian Skin." is a guest), and so is one with a host's surname ("I'm Adam Kennedy.
    /// Brian is @brianokken." is the host's handle misheard). A speaker introducing themselves again ("I'm Calvin
    /// Hundix Parker" after "I'm Calvin Hendryx-Parker") is not another guest.
    fn introduced_guests(&self, text: &str) -> Vec<Range<usize>> {
        let mut end = WELCOME_WITHIN.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let intro = &text[..end];
        let hosts: Vec<(String, &str)> = self
            .hosts
            .iter()
            .filter_map(|&i| self.taxonomy.people.get(i))
            .map(|p| (fold(&p.name), p.name.as_str()))
            .collect();
        // Host first names already taken by their host, and guests' first names already introduced.
        let mut hosts_heard = vec![false; hosts.len()];
        let mut guests_first: Vec<String> = Vec::new();
        let mut guests = Vec::new();
        for at in self_introduced_names(intro) {
            let name = fold(&intro[at.clone()]);
            let first = name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            for (heard, (_, full)) in hosts_heard.iter_mut().zip(&hosts) {
                *heard |= intro[..at.start].contains(full);
            }
            let host = hosts
                .iter()
                .position(|(host, _)| *host == name || spelt_otherwise(host, &name));
            let last = name.split_whitespace().next_back().unwrap_or_default();
            let misheard_host = hosts
                .iter()
                .zip(&hosts_heard)
                .position(|((host, _), heard)| {
                    host.split_whitespace().next_back() == Some(last)
                        || (!heard && host.split_whitespace().next() == Some(first.as_str()))
                });
            if let Some(i) = host.or(misheard_host) {
                hosts_heard[i] = true;
            } else if !guests_first.contains(&first) {
                guests_first.push(first);
                guests.push(at);
            }
        }
        guests
    }
}

/// The names after "I'm", "I am" or "my name is" in `text` that end a clause ("I'm Ian Hellen.", "my
/// name is Kelly Schuster-Paredes, and"): "I'm Not Feeling the Async Pressure" (an article's title) is
/// no one.
fn self_introduced_names(text: &str) -> Vec<Range<usize>> {
    let mut names = Vec::new();
    for cue in SELF_INTRODUCTIONS {
        for (at, _) in text.match_indices(cue) {
            let start = at + cue.len();
            let starts_word = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let Some(end) = names::capitalised_name_at(text, start) else {
                continue;
            };
            let name = &text[start..end];
            let mut words = name.split_whitespace();
            let first = words.next().unwrap_or_default();
            let last = words.next_back().unwrap_or_default();
            let rest = &text[end..];
            let ends_clause = rest.is_empty()
                || rest.starts_with(['.', ',', '!', '?', ';', '\n'])
                || rest.starts_with(" and ");
            if starts_word
                && ends_clause
                && !SENTENCE_WORD.contains(first)
                && !name.split_whitespace().any(|w| NOT_NAME.contains(w))
                && !NOT_SURNAME.contains(last)
            {
                names.push(start..end);
            }
        }
    }
    names.sort_by_key(|r| r.start);
    names
}

/// The first "First Last" in `text` that starts with the first name `first` ("Join Ben Kane and me":
/// the name starts at "Ben", not at "Join").
fn full_name_before(text: &str, first: &str) -> Option<Range<usize>> {
    text.match_indices(first).find_map(|(at, _)| {
        let starts_the_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let end = names::capitalised_name_at(text, at)?;
        let name = &text[at..end];
        let last = name.split_whitespace().next_back().unwrap_or_default();
        (starts_the_word
            && name.split_whitespace().next() == Some(first)
            && !name.split_whitespace().any(|w| NOT_NAME.contains(w))
            && !NOT_SURNAME.contains(last))
        .then_some(at..end)
    })
}

/// Where the sentences of `text` end (`.`, `!`, `?`, newline), in order. Found with `memchr`: over a
/// transcript's text a byte-by-byte filter was 6% of a build's instructions.
fn sentence_ends(text: &[u8]) -> Vec<usize> {
    let mut ends: Vec<usize> = memchr::memchr3_iter(b'.', b'!', b'?', text).collect();
    let newlines = memchr::memchr_iter(b'\n', text);
    if ends.is_empty() {
        return newlines.collect();
    }
    ends.extend(newlines);
    ends.sort_unstable();
    ends
}

/// Whether the sentences of a description are about an interview, each worked out once: a description
/// with many people in one long sentence was searched whole for every one of them.
pub(super) struct DescriptionCues<'t> {
    description: &'t str,
    /// Where the sentence ends (`.`, `!`, `?`, newline) are, in order.
    ends: Vec<usize>,
    /// The last sentence looked at, and whether it is about an interview.
    last: Option<(Range<usize>, bool)>,
}

impl<'t> DescriptionCues<'t> {
    pub(super) fn new(description: &'t str) -> Self {
        DescriptionCues {
            description,
            ends: sentence_ends(description.as_bytes()),
            last: None,
        }
    }

    /// Whether the sentence of the description around `span` is about an interview.
    pub(super) fn interviewed(&mut self, span: &Range<usize>) -> bool {
        let before = self.ends.partition_point(|&i| i < span.start);
        let start = before.checked_sub(1).map_or(0, |i| self.ends[i] + 1);
        let after = self.ends.partition_point(|&i| i < span.end);
        let end = self
            .ends
            .get(after)
            .copied()
            .unwrap_or(self.description.len());
        if let Some((last, cue)) = &self.last
            && *last == (start..end)
        {
            return *cue;
        }
        let cue = self
            .description
            .get(start..end)
            .is_some_and(|s| INTERVIEW_CUE.is_match(s));
        self.last = Some((start..end, cue));
        cue
    }
}

/// Whether a chapter interviews the people named in its title: the title says so, or it is only a name
/// and the chapter is a section heading or in a list of interviews. What concerns the whole title is
/// worked out once per chapter, not once per person named (a title naming a person thousands of times
/// was quadratic).
pub(super) struct ChapterCues<'t> {
    title: &'t str,
    /// Whether a title that is only a name is an interview.
    only_name_counts: bool,
    /// Whether the title has an interview cue, once asked.
    cue: std::cell::OnceCell<bool>,
    /// Where the title's body starts (after a `PART N:` prefix), once asked.
    body_start: std::cell::OnceCell<usize>,
}

impl<'t> ChapterCues<'t> {
    pub(super) fn new(title: &'t str, is_section: bool, interview_list: bool) -> Self {
        ChapterCues {
            title,
            only_name_counts: is_section || interview_list,
            cue: std::cell::OnceCell::new(),
            body_start: std::cell::OnceCell::new(),
        }
    }

    /// Whether the chapter interviews the person named at `span` of its title.
    pub(super) fn interviewed(&self, span: &Range<usize>) -> bool {
        *self.cue.get_or_init(|| INTERVIEW_CUE.is_match(self.title))
            || (self.only_name_counts && self.is_only_a_name(span))
    }

    /// Whether the title is nothing but the name at `span` (after an optional `PART N:` prefix and around
    /// punctuation).
    fn is_only_a_name(&self, span: &Range<usize>) -> bool {
        let body_start = *self
            .body_start
            .get_or_init(|| PART_PREFIX.find(self.title).map_or(0, |m| m.end()));
        let before = self.title.get(body_start..span.start).unwrap_or("x");
        let after = &self.title[span.end..];
        let filler = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
        filler(before) && filler(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tag::fixed::compile_fixed;

    fn people_in(text: &str) -> Vec<String> {
        crate::test_support::ids_found(text, crate::model::NodeKind::Person)
    }

    #[test]
    fn sentence_ends_are_every_end_byte_in_order() {
        for text in [
            "",
            "no end here",
            "One. Two! Three? Four\nFive.",
            "line\nline\nend.",
            "Łukasz said: ok?\n\n— yes. ¿Qué?",
        ] {
            let naive: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b'\n'))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(sentence_ends(text.as_bytes()), naive, "{text:?}");
        }
    }

    #[test]
    fn a_sentence_word_is_not_a_first_name() {
        for text in [
            "And Riot is a thing",
            "So Ngrok is great",
            "That Toml is fine",
            "Like Pandas is",
            "With Rollbar you see",
            "But Hypercorn was fast",
        ] {
            assert_eq!(people_in(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(
            people_in("And Carl Shapiro said so"),
            ["person:carl-shapiro"]
        );
    }

    #[test]
    fn products_companies_and_organisations_are_not_people() {
        for text in [
            "Posit Connect is great",
            "Founders Hub is open",
            "National Science Foundation is funding it",
            "Jupyter Notebooks is everywhere",
            "April Fool was yesterday",
            "Stack Overflow is down",
        ] {
            assert_eq!(people_in(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_guest_welcomed_by_first_name_is_the_full_name_the_intro_gave() {
        let names = |text: &str| -> Vec<String> {
            welcomed_guests(text)
                .into_iter()
                .map(|span| text[span].to_string())
                .collect()
        };
        assert_eq!(
            names(
                "Join Ben Kane and me to discuss uWSGI.\nNow let's get to the interview. Ben, welcome to Talk Python."
            ),
            ["Ben Kane"]
        );
        assert_eq!(
            names(
                "We have Eric Snow, who spearheaded the work, along with Anthony Shaw, who pushes.\nThis is Talk Python To Me.\nAnthony, Eric, hello, and welcome to Talk Python."
            ),
            ["Anthony Shaw", "Eric Snow"]
        );
        assert_eq!(
            names("Sydney, welcome back to the show. Sydney Runkle is here."),
            Vec::<String>::new(),
            "a first name the intro never gave in full is nobody's"
        );
        assert_eq!(
            names("Hey, welcome to the show, Hey There."),
            Vec::<String>::new()
        );
    }

    /// The guests a made-up transcript's speakers introduce themselves as, the show hosted by Michael
    /// Kennedy and Brian Okken.
    fn introduced(text: &str) -> Vec<String> {
        let taxonomy = crate::test_support::builtin_tagger().taxonomy();
        let hosts: Vec<usize> = ["Michael Kennedy", "Brian Okken"]
            .iter()
            .map(|name| taxonomy.person_by_name(name).expect("a shipped host"))
            .collect();
        let cast = Cast {
            taxonomy,
            hosts: &hosts,
            credited_guests: Vec::new(),
        };
        cast.introduced_guests(text)
            .into_iter()
            .map(|span| text[span].to_string())
            .collect()
    }

    #[test]
    fn a_speaker_introducing_themselves_in_the_intro_is_a_guest_not_a_host() {
        assert_eq!(
            introduced("I'm Michael Kennedy.\nAnd I'm Brian Okken.\nAnd I'm Ian Hellen.\nWelcome."),
            ["Ian Hellen"]
        );
        assert_eq!(
            introduced("Hi, my name is Kelly Schuster-Paredes, and I teach.\nSo I am Sean Tyber."),
            ["Kelly Schuster-Paredes", "Sean Tyber"]
        );
    }

    #[test]
    fn a_misheard_host_introducing_themselves_first_is_the_host() {
        assert_eq!(
            introduced("I'm Michael Kennedy.\nAnd I'm Brian Ecken.\nAnd I'm Max Sklar."),
            ["Max Sklar"],
            "the first Brian to say his name is the host"
        );
        assert_eq!(
            introduced(
                "I'm Michael Kennedy.\nAnd I'm Brian Okken.\nI'm Adam Kennedy.\nBrian is @brianokken."
            ),
            Vec::<String>::new(),
            "a host's surname with another first name is the host misheard"
        );
        assert_eq!(
            introduced("I'm Michael Kennedy.\nAnd I'm Brian Okken.\nAnd I'm Brian Skin."),
            ["Brian Skin"],
            "a second Brian after the host said his name is a guest"
        );
    }

    #[test]
    fn a_speaker_introducing_themselves_twice_or_a_title_after_im_is_no_new_guest() {
        assert_eq!(
            introduced("And I'm Calvin Hendryx-Parker.\nSo, I'm Calvin Hundix Parker."),
            ["Calvin Hendryx-Parker"]
        );
        assert_eq!(
            introduced("He wrote an article called, I'm Not Feeling the Async Pressure."),
            Vec::<String>::new()
        );
        assert_eq!(
            introduced("I'm Guido van Rossum's fan club president."),
            Vec::<String>::new(),
            "a name that does not end the clause"
        );
        let late = format!(
            "{}\nHi, I'm Mark Pilgrim.",
            "words ".repeat(WELCOME_WITHIN / 6)
        );
        assert_eq!(introduced(&late), Vec::<String>::new(), "past the intro");
    }

    #[test]
    fn a_credit_by_a_known_persons_alias_is_that_person() {
        let taxonomy = crate::test_support::builtin_tagger().taxonomy();
        let travis = taxonomy
            .person_by_name("Travis E. Oliphant")
            .expect("shipped");
        assert_eq!(
            Entity::credited(taxonomy, "Travis Oliphant"),
            Entity::Person(travis)
        );
        assert_eq!(
            Entity::credited(taxonomy, "Travis E. Oliphant"),
            Entity::Person(travis)
        );
        assert_eq!(
            Entity::credited(taxonomy, "Travis"),
            Entity::NewPerson("Travis".to_string()),
            "a first name is no full name"
        );
        assert_eq!(
            Entity::credited(taxonomy, "Travis Nobody"),
            Entity::NewPerson("Travis Nobody".to_string())
        );
    }

    #[test]
    fn the_author_after_a_link_or_a_quote_and_a_dash_is_a_person() {
        for (text, who) in [
            (
                "Brian:\n- [Please publish more](https://example.org/p) - Jeff Triplett\n- more",
                "person:jeff-triplett",
            ),
            (
                "Quote:\n“Any fool can write code.” - Kent Beck\nok",
                "person:kent-beck",
            ),
            (
                "Links:\n[Post](https://example.org/b) \u{2013} Evan Boehs - recommended read\nok",
                "person:evan-boehs",
            ),
            (
                "Item:\n- From Ben Sandofsky\n- Q: how many?",
                "person:ben-sandofsky",
            ),
        ] {
            assert_eq!(people_in(text), [who], "{text}");
        }
    }

    #[test]
    fn a_dash_and_words_after_a_title_or_a_pep_are_no_author() {
        for text in [
            "Michael:\n- Serpent.AI - Game Agent Framework\n- more",
            "New modules:\nPEP 557 \u{2013} Data Classes\nok",
            "Tools:\nPlotly - Graph Objects\nok",
            "Serpent.AI - Game Agent Framework and more words",
            "Said:\n“Nice.” - Zorblat Quist fans agree\nok",
            "Links:\n[Post](https://example.org/b) - Red Hat\nok",
        ] {
            assert_eq!(people_in(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn bylines_and_name_lines_name_people() {
        assert_eq!(people_in("an article by Ada Quist"), ["person:ada-quist"]);
        assert_eq!(
            people_in("a new library via Ada Quist"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("Links:\n- Brett Quist\n- Donegal Ireland\n- Tom Bihn Bags"),
            ["person:brett-quist"],
            "a line that is only a name starts with a known first name"
        );
        assert_eq!(
            people_in("Peter McCormick talks"),
            ["person:peter-mccormick"]
        );
    }

    #[test]
    fn a_bare_by_names_a_person_but_not_a_sponsor() {
        assert_eq!(people_in("a nice idea by Ada Quist."), ["person:ada-quist"]);
        assert_eq!(
            people_in("this one is by Ada Quist, you know"),
            ["person:ada-quist"]
        );
        for text in [
            "This episode is brought to you by Digital Ocean.",
            "sponsored by Ada Quist",
            "the company was acquired by Ada Quist",
        ] {
            assert_eq!(people_in(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn only_lowercase_words_may_stand_between_a_cue_and_the_name_it_introduces() {
        // The cue's words are matched in any case, the words between it and the name in lowercase only:
        // a name read past is no gap ("interviewing Ada Quist on Algorithmic Trading").
        assert_eq!(
            people_in("Today we are interviewing Ada Quist on Algorithmic Trading"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("Today we are interviewing Ada Quist about the Apache Frobnicate project"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("Thanks to our good friend Ada Quist for this"),
            ["person:ada-quist"]
        );
    }

    #[test]
    fn a_known_first_name_after_a_capitalised_word_is_a_surname() {
        // "George" alone is George Yoshida's first name; after "Damien" it is a surname.
        assert_eq!(
            people_in("Interview with Damien George"),
            ["person:damien-george"]
        );
        assert_eq!(
            people_in("Interview with George Yoshida"),
            ["person:george-yoshida"]
        );
    }

    #[test]
    fn a_job_title_or_a_placeholder_is_not_a_surname() {
        assert_eq!(
            people_in("Interview with Ada Quist, Prolific Author and Professor of Physics"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("Interview with Firstname Lastname about Topic"),
            Vec::<String>::new()
        );
    }

    /// The people of an episode with these credits, description and chapter titles, as ids.
    fn people_of(credits: &[&str], description: &str, titles: &[&str]) -> Vec<String> {
        let mut e = Episode::placeholder();
        e.show = Some("podcast-init".into());
        e.number = Some(1);
        e.description = description.into();
        e.people = credits
            .iter()
            .map(|name| crate::ingest::Credit {
                name: (*name).to_string(),
                role: Role::Guest,
            })
            .collect();
        e.chapters = titles
            .iter()
            .enumerate()
            .map(|(i, t)| crate::ingest::Chapter::new(i as u32 * 60, *t))
            .collect();
        e.assign_sections();
        let tagger = crate::test_support::builtin_tagger();
        let mut ids: Vec<String> = tagger
            .tag_episode(&e, &[])
            .into_iter()
            .filter(|t| t.mention.entity.kind() == crate::model::NodeKind::Person)
            .map(|t| t.mention.entity.id(tagger.taxonomy()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    #[test]
    fn one_person_spelt_two_ways_in_an_episode_is_one_person() {
        // The credit's spelling is kept; a close surname with the same first name is it misspelt.
        assert_eq!(
            people_of(&["Ada Quistorp"], "", &["Interview with Ada Quistrop"]),
            ["person:ada-quistorp"]
        );
        // A name cut short (the scan reads "Bryan Van" of "Bryan Van de Ven") is the credit's whole name.
        assert_eq!(
            people_of(
                &["Ada Van de Quist"],
                "",
                &["Interview with Ada Van de Quist"]
            ),
            ["person:ada-van-de-quist"]
        );
        // Another surname, or another first name, is another person.
        assert_eq!(
            people_of(
                &["Ada Quistorp"],
                "",
                &["Interview with Ada Lovelock and Bea Quistorp"]
            ),
            ["person:ada-lovelock", "person:bea-quistorp"]
        );
    }

    #[test]
    fn a_list_that_starts_with_a_person_goes_on_with_people() {
        assert_eq!(
            people_in("thanks to Ada Quist, Brett Quist and Cyd Quist for sending it"),
            ["person:ada-quist", "person:brett-quist", "person:cyd-quist"]
        );
        assert_eq!(
            people_in("an article by Ada Quist & Brett Quist"),
            ["person:ada-quist", "person:brett-quist"]
        );
        assert_eq!(
            people_in("Ada Quist and Acme Labs"),
            Vec::<String>::new(),
            "no person opens the list"
        );
    }

    #[test]
    fn an_appositive_or_a_who_clause_names_a_person() {
        assert_eq!(
            people_in("Ada Quist, the creator of Foo, has a new post"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("we talked to Ada Quist, who's been on the show before"),
            ["person:ada-quist"]
        );
        assert_eq!(
            people_in("a shout out to Ada Quist for this"),
            ["person:ada-quist"]
        );
    }

    #[test]
    fn the_index_of_known_spans_answers_as_a_scan_of_every_span_would() {
        let spans: Vec<(usize, usize)> = (0..6).flat_map(|s| (s..7).map(move |e| (s, e))).collect();
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i..] {
                for c in spans.iter().step_by(3) {
                    let set = vec![*a, *b, *c];
                    let index = KnownIndex::new(&[], set.clone());
                    for &(start, end) in &spans {
                        let scan = set.iter().any(|&(s, e)| s < end && start < e);
                        assert_eq!(
                            index.overlaps(&(start..end)),
                            scan,
                            "{set:?} {start}..{end}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_known_first_name_before_a_capitalised_word_names_a_person_in_writing_not_in_speech() {
        let text = "we talked for a while\nthen Brian Aukin came along with Donegal Ireland\n";
        let found = |body| {
            let mut mentions = Vec::new();
            find_new_people(
                text,
                (false, body),
                (&mut mentions, Vec::new()),
                |_| false,
                |w| w == "Brian",
            );
            let names: Vec<String> = mentions
                .iter()
                .map(|m| text[m.span.clone()].to_string())
                .collect();
            names
        };
        assert_eq!(found(Body::Other), ["Brian Aukin"]);
        assert_eq!(
            found(Body::Speech),
            Vec::<String>::new(),
            "speech-to-text misspells surnames"
        );
    }

    /// The new people `find_new_people` finds in a passage of speech, by their words; `first` is the only
    /// known first name.
    fn spoken_people(text: &str, first: &str) -> Vec<String> {
        let mut mentions = Vec::new();
        find_new_people(
            text,
            (false, Body::Speech),
            (&mut mentions, Vec::new()),
            |_| false,
            |w| w == first,
        );
        mentions
            .iter()
            .map(|m| text[m.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn a_first_word_the_text_writes_in_lowercase_is_no_first_name() {
        let text = "a quick fix.\nQuick Start's files go.\nAnd Carl Shapiro's idea too.\n";
        assert_eq!(spoken_people(text, "Brian"), ["Carl Shapiro"]);
        // Written only capitalised, the word may be a first name.
        let text = "a fix\nQuick Start's files go.\n";
        assert_eq!(spoken_people(text, "Brian"), ["Quick Start"]);
        // A known first name, or a given name that is a word too, stays a first name.
        let text = "we grant it, mark my words\nGrant Jenks's talk\nMark Smith's talk\n";
        assert_eq!(spoken_people(text, "Mark"), ["Grant Jenks", "Mark Smith"]);
        // A use inside a URL or a handle is no ordinary word.
        let text = "see dev.to/maurice-hayward and @maurice_hayward\nMaurice Hayward's post\n";
        assert_eq!(spoken_people(text, "Brian"), ["Maurice Hayward"]);
    }

    #[test]
    fn a_gerund_is_no_first_name() {
        let text =
            "news\nGoogling Twitter's news is funny.\nAnnouncing Target's fund.\nTed Ming's talk\n";
        assert_eq!(spoken_people(text, "Brian"), ["Ted Ming"]);
        assert!(is_a_gerund("announcing") && is_a_gerund("boeing"));
        assert!(!is_a_gerund("ming") && !is_a_gerund("king") && !is_a_gerund("sing"));
    }

    #[test]
    fn a_word_that_opens_a_product_or_a_place_is_no_first_name_but_may_be_a_surname() {
        let text =
            "news\nBeautiful Soup's parser and Salt Lake City's venue.\nChris White's talk\n";
        assert_eq!(spoken_people(text, "Chris"), ["Chris White"]);
    }

    #[test]
    fn a_title_before_a_first_name_and_a_surname_is_not_part_of_the_name() {
        let text = "the professor said\nProfessor David Alderson, who's my advisor\nListener Nathan Chowning's tip\nsigned by President Obama's staff, the president\n";
        assert_eq!(
            spoken_people(text, "Brian"),
            ["David Alderson", "Nathan Chowning", "President Obama"]
        );
    }

    #[test]
    fn a_first_name_the_taxonomy_lists_as_an_alias_names_only_someone_present() {
        let t = crate::test_support::builtin_tagger();
        let people = |description: &str| -> Vec<String> {
            let mut e = Episode::placeholder();
            e.show = Some("talk-python-to-me".into());
            e.number = Some(1);
            e.description = description.into();
            t.tag_episode(&e, &[])
                .into_iter()
                .filter(|x| x.mention.entity.kind() == crate::model::NodeKind::Person)
                .map(|x| x.mention.entity.id(t.taxonomy()))
                .collect()
        };
        assert_eq!(
            people("We wondered what Guido would say about it."),
            Vec::<String>::new()
        );
        let mut present = people("Guido van Rossum wrote it. Guido would say so.");
        present.dedup();
        assert_eq!(present, ["person:guido-van-rossum"]);
    }

    /// Both engines of every fixed regex find exactly what the `regex` crate finds, on every suffix and
    /// prefix of titles with non-ASCII names, dashes, apostrophes and odd spacing (the way the tagger runs
    /// them on the text around a name).
    /// The people a transcript of `lines` (`(minute, words)`) names, with the best role each gets.
    fn spoken_roles(lines: &[(u32, &str)]) -> Vec<(String, Role)> {
        let text: String = lines
            .iter()
            .map(|(minute, words)| format!("{:02}:{:02}:00 {words}\n", minute / 60, minute % 60))
            .collect();
        let format = crate::ingest::InputFormat::Transcript;
        let corpus = crate::ingest::read_str(&text, None, format, &Default::default()).unwrap();
        let tagger = crate::test_support::builtin_tagger();
        let mut roles: Vec<(String, Role)> = Vec::new();
        for t in tagger.tag_episode(&corpus.episodes[0], &[]) {
            let (true, Some(role)) = (is_person(&t.mention), t.role) else {
                continue;
            };
            let id = t.mention.entity.id(tagger.taxonomy());
            match roles.iter_mut().find(|(known, _)| *known == id) {
                Some((_, best)) => Role::merge(best, role),
                None => roles.push((id, role)),
            }
        }
        roles.sort_by(|a, b| a.0.cmp(&b.0));
        roles
    }

    /// Minutes of talk about nothing in particular: more than the intro's bytes.
    fn filler(from: u32) -> Vec<(u32, &'static str)> {
        (from..from + 300)
            .map(|minute| {
                (
                    minute,
                    "and then we went on about packaging tools for a while",
                )
            })
            .collect()
    }

    #[test]
    fn a_transcript_guest_is_named_in_the_intro_or_credited_by_the_outro() {
        let mut lines = vec![(0, "Today I'm talking with Carol Willing about notebooks.")];
        lines.extend(filler(1));
        lines.push((
            400,
            "I had a conversation with Brett Cannon last week on another show.",
        ));
        lines.push((
            401,
            "Thanks for talking with us, Carol Willing. Our guests on this episode were Carol \
             Willing and Guido van Rossum. This has been brought to you by Ada Quist and Bea Quist.",
        ));
        assert_eq!(
            spoken_roles(&lines),
            [
                ("person:brett-cannon".to_string(), Role::Mentions),
                ("person:carol-willing".to_string(), Role::Guest),
                ("person:guido-van-rossum".to_string(), Role::Guest),
            ]
        );
        // The same interview cue in the intro makes a guest.
        let lines = [(0, "I had a conversation with Brett Cannon about packaging.")];
        assert_eq!(
            spoken_roles(&lines),
            [("person:brett-cannon".to_string(), Role::Guest)]
        );
    }

    #[test]
    fn a_misheard_core_developer_resolves_in_speech_on_both_names() {
        let lines = [
            (
                0,
                "This one is a library by Lucas Lange, and a tool by Armin Roeneker.",
            ),
            (1, "Another by Brett Smith, and a post by Sam Colvin."),
        ];
        let ids: Vec<String> = spoken_roles(&lines).into_iter().map(|(id, _)| id).collect();
        assert_eq!(
            ids,
            [
                "person:armin-ronacher",
                "person:brett-smith",
                "person:lukasz-langa",
                "person:sam-colvin",
            ],
            "both names close to a core developer's; a far surname or someone castgraph knows who is \
             no core developer and not named otherwise stays as heard"
        );
        // Named otherwise in the episode, a person who is no core developer is in context.
        let lines = [(0, "A post by Sam Colvin. Samuel Colvin wrote Pydantic.")];
        let ids: Vec<String> = spoken_roles(&lines).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["person:samuel-colvin"]);
        // Written, a close name is another person.
        assert_eq!(
            people_in("a library by Lucas Lange"),
            ["person:lucas-lange"]
        );
    }

    #[test]
    fn fixed_regexes_match_as_the_regex_crate_does() {
        let titles = [
            "Łukasz Langa and Pablo Galindo Salgado talk about PEP 703",
            "Interview with Hernández, guest: Zoë Ñúñez-Ødegård",
            "PART 1: Emily Morehouse",
            "part 12 \u{2013} Hugo van Kemenade",
            "Part 3 \u{2014}\tÉric Lévénez’s keynote",
            "Yuliia Barabash & Laysa Uchoa improved the docs",
            "Welcoming special guests: Ünal Ütkü and Þórr Ásgeirsson",
            "GRAHAM Dumpleton, McDonald de la Vega, Jean-Luc Picard was here",
            "DEVELOPERS IN THEIR OWN WORDS / Meet the Core Team / voices",
            "we had a chat with Mark Shannon; chatting with ANDRÉ; talked to José Ramírez",
            "from __future__ import annotations; import os.path, sys",
            "Σωκράτης Παπαδόπουλος makes str.count faster",
            "\u{301}Accent first Ğüneş Özdemir\u{308} was elected",
            "  thanks to   the people Brett Cannon ",
            "",
        ];
        // Past the backtracker's limit the quick engines are the PikeVM.
        let long = titles.join(" ").repeat(8);
        for fixed in SHORT_TEXT_REGEXES {
            let plain = regex::Regex::new(fixed.pattern()).unwrap();
            let steady = compile_fixed(fixed.pattern(), regex_automata::meta::Config::new());
            let fresh = fixed.fresh();
            for title in titles {
                let cuts = (0..=title.len()).filter(|&i| title.is_char_boundary(i));
                let texts = cuts.flat_map(|i| [&title[i..], &title[..i]]);
                for text in texts.chain([long.as_str()]) {
                    let want: Vec<Range<usize>> =
                        plain.find_iter(text).map(|m| m.range()).collect();
                    for regex in [fixed.quick(), &steady] {
                        let found: Vec<Range<usize>> =
                            regex.find_iter(text).map(|m| m.range()).collect();
                        assert_eq!(found, want, "{} on {text:?}", fixed.pattern());
                        assert_eq!(regex.is_match(text), plain.is_match(text));
                    }
                    // As the tagger searches: from each uppercase letter, for those that start with one.
                    let found: Vec<Range<usize>> =
                        fresh.find_iter(text).map(|m| m.range()).collect();
                    assert_eq!(
                        found,
                        want,
                        "{} from uppercase on {text:?}",
                        fixed.pattern()
                    );
                }
            }
        }
    }
}
