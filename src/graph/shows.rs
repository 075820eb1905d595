//! Shows: which show each episode belongs to, who hosts it, and one episode from every input that
//! describes it.
//!
//! An episode's show is the name its input gives (`--show`, a feed's channel, a heading, a JSON `show`)
//! or else the nearest folder it sits in that the taxonomy's show table names (a title, an id or an
//! alias, compared by letters and digits: the `pythonbytes/` folder is Python Bytes). A name the table
//! does not know is still a show, slugged from that name; with no name at all, the show is named after
//! the input's folder (or file). Hosts come from the table for the episode's number or date, and from the
//! credits the input gives (a feed's `podcast:person` and `itunes:author`, `--host`).

use std::collections::HashMap;
use std::path::Path;

use crate::ingest::{Chapter, Chapters, Corpus, Episode, Source, Warning, WarningKind};
use crate::model::{Role, ids, slugify};
use crate::taxonomy::{ShowDef, Taxonomy};

/// The show an episode belongs to.
#[derive(Debug, Clone)]
pub struct ShowKey<'t> {
    /// The slug in the show's and its episodes' ids.
    pub slug: String,
    /// The show's title.
    pub title: String,
    /// Its entry in the taxonomy's show table, if it has one.
    pub def: Option<&'t ShowDef>,
}

impl ShowKey<'_> {
    /// The show's node id, `show:<slug>`.
    pub fn id(&self) -> String {
        ids::show(&self.slug)
    }
}

/// The show `episode` belongs to.
pub fn show_of<'t>(episode: &Episode, taxonomy: &'t Taxonomy) -> ShowKey<'t> {
    if let Some(name) = episode.show.as_deref().filter(|n| !n.trim().is_empty()) {
        return match taxonomy.show(name) {
            Some(def) => known(def),
            None => unknown(name),
        };
    }
    // Standard input has no name to give.
    let path = episode
        .source
        .path
        .as_deref()
        .filter(|p| !p.starts_with("/dev") && !p.starts_with("/proc"));
    if path.is_none() && episode.source.path.is_some() {
        return unknown("stdin");
    }
    let folders = path.into_iter().flat_map(Path::ancestors).skip(1);
    let names = folders.filter_map(|folder| folder.file_name()?.to_str());
    if let Some(def) = names.clone().find_map(|name| taxonomy.show(name)) {
        return known(def);
    }
    if let Some(def) = path.and_then(|p| named_in_file_name(p, taxonomy)) {
        return known(def);
    }
    let stem = path.and_then(|p| p.file_stem()?.to_str());
    match names.into_iter().next().or(stem) {
        Some(name) => unknown(name),
        None => unknown("podcast"),
    }
}

/// The show a file is named after: its name's first words (`corepy-episodes.txt`,
/// `talkpython-2020.xml`), the most words first.
fn named_in_file_name<'t>(path: &Path, taxonomy: &'t Taxonomy) -> Option<&'t ShowDef> {
    let stem = path.file_stem()?.to_str()?;
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (1..=words.len().min(4))
        .rev()
        .find_map(|n| taxonomy.show(&words[..n].join(" ")))
}

fn known(def: &ShowDef) -> ShowKey<'_> {
    ShowKey {
        slug: def.id.clone(),
        title: def.name.clone(),
        def: Some(def),
    }
}

fn unknown<'t>(name: &str) -> ShowKey<'t> {
    let slug = slugify(name);
    ShowKey {
        slug: if slug.is_empty() {
            "podcast".into()
        } else {
            slug
        },
        title: name.trim().to_string(),
        def: None,
    }
}

/// The episode's node id, `episode:<show>/<number>`.
pub fn episode_id(episode: &Episode, taxonomy: &Taxonomy) -> String {
    episode.id_in(&show_of(episode, taxonomy).slug)
}

/// The taxonomy indexes of the people who host `episode`: the show's hosts for its number or date, and the
/// people its input credits as hosts.
pub fn episode_hosts(episode: &Episode, show: &ShowKey, taxonomy: &Taxonomy) -> Vec<usize> {
    let mut hosts: Vec<usize> = show
        .def
        .map(|def| {
            def.hosts_of(episode.number, episode.date.as_deref())
                .collect()
        })
        .unwrap_or_default();
    let credited = episode.people.iter().filter(|c| c.role == Role::Host);
    for person in credited.filter_map(|c| taxonomy.person_by_name(&c.name)) {
        if !hosts.contains(&person) {
            hosts.push(person);
        }
    }
    hosts
}

/// Make the episodes that several inputs describe (a feed item, its Markdown note, its transcript: the same
/// show and number) one episode, with the chapters, description and credits of all of them. A warning
/// only where two inputs really disagree: different timed chapters, or different dates.
pub fn merge_episodes(corpus: &mut Corpus, taxonomy: &Taxonomy) {
    let mut first_of: HashMap<String, usize> = HashMap::with_capacity(corpus.episodes.len());
    let mut merged_into = Vec::new();
    for (index, episode) in corpus.episodes.iter().enumerate() {
        let id = episode_id(episode, taxonomy);
        match first_of.get(&id) {
            Some(&first) => merged_into.push((index, first)),
            None => {
                first_of.insert(id, index);
            }
        }
    }
    if merged_into.is_empty() {
        return;
    }
    for &(later, first) in &merged_into {
        let episode = std::mem::replace(&mut corpus.episodes[later], Episode::placeholder());
        let warnings = merge_into(&mut corpus.episodes[first], episode);
        corpus.warnings.extend(warnings);
    }
    let mut index = 0;
    let mut gone = merged_into
        .iter()
        .map(|&(later, _)| later)
        .collect::<Vec<_>>();
    gone.sort_unstable();
    let mut gone = gone.into_iter().peekable();
    corpus.episodes.retain(|_| {
        let keep = gone.next_if_eq(&index).is_none();
        index += 1;
        keep
    });
}

/// Fold `other` into `episode`: what `episode` lacks is taken, words and credits are joined.
pub(super) fn merge_into(episode: &mut Episode, other: Episode) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut disagree = |what: &str, kept: &Source| {
        warnings.push(Warning::new(
            other.source.clone(),
            WarningKind::Disagreement,
            format!(
                "this input and {kept} give {} different {what}; the first is kept",
                episode_name(episode),
            ),
        ))
    };
    if let (Some(a), Some(b)) = (&episode.date, &other.date)
        && a != b
    {
        disagree("dates", &episode.source);
    }
    let timed = |c: &Chapters| c.any_timed();
    match (timed(&episode.chapters), timed(&other.chapters)) {
        _ if other.chapters.is_empty() || episode.chapters == other.chapters => {}
        _ if episode.chapters.is_empty() => episode.chapters = other.chapters,
        (true, true) => disagree("timed chapters", &episode.source),
        // Two sets of untimed headings (a feed item and its Markdown notes) tell the same items: the
        // fuller one is kept, rather than every item twice.
        (false, false) => {
            if words(&other.chapters) > words(&episode.chapters) {
                episode.chapters = other.chapters;
            }
        }
        _ => episode.chapters = joined_chapters(&episode.chapters, &other.chapters),
    }
    episode.title = episode.title.take().or(other.title);
    episode.date = episode.date.take().or(other.date);
    episode.duration = episode.duration.or(other.duration);
    episode.transcript = episode.transcript.take().or(other.transcript);
    episode.url = episode.url.take().or(other.url);
    episode.audio = episode.audio.take().or(other.audio);
    let description = other.description.trim();
    if !description.is_empty() && !episode.description.contains(description) {
        if !episode.description.is_empty() {
            episode.description.push_str("\n\n");
        }
        episode.description.push_str(description);
    }
    for link in other.links {
        if !episode.links.contains(&link) {
            episode.links.push(link);
        }
    }
    for credit in other.people {
        match episode.people.iter_mut().find(|c| c.name == credit.name) {
            Some(known) => Role::merge(&mut known.role, credit.role),
            None => episode.people.push(credit),
        }
    }
    warnings
}

fn episode_name(episode: &Episode) -> String {
    episode.describe()
}

/// How many bytes of titles and words under headings the chapters hold.
fn words(chapters: &Chapters) -> usize {
    chapters
        .iter()
        .map(|c| c.title.len() + c.text.map_or(0, str::len))
        .sum()
}

/// The timed chapters first (they give airtime), then the untimed headings of the other.
fn joined_chapters(a: &Chapters, b: &Chapters) -> Chapters {
    let (first, second) = if !a.any_timed() && b.any_timed() {
        (b, a)
    } else {
        (a, b)
    };
    let mut chapters: Vec<Chapter> = first.to_vec();
    chapters.extend(second.to_vec());
    let mut joined: Chapters = chapters.into();
    joined.assign_sections();
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, InputFormat};

    fn taxonomy() -> &'static Taxonomy {
        crate::test_support::builtin_tagger().taxonomy()
    }

    fn episode_at(path: &str, show: Option<&str>) -> Episode {
        let mut episode = Episode::placeholder();
        episode.number = Some(7);
        episode.show = show.map(str::to_string);
        episode.source = Source::new(Some(Path::new(path)), 1);
        episode
    }

    #[test]
    fn a_show_is_found_by_its_name_or_by_the_folder_it_sits_in() {
        let t = taxonomy();
        let by = |path, show| show_of(&episode_at(path, show), t).slug;
        assert_eq!(by("x/notes.md", Some("Python Bytes")), "python-bytes");
        assert_eq!(
            by("x/notes.md", Some("talk-python-to-me")),
            "talk-python-to-me"
        );
        assert_eq!(
            by("corpora/pythonbytes/show_notes/035-x.md", None),
            "python-bytes"
        );
        assert_eq!(
            by("corpora/talkpython/transcripts/001-x.txt", None),
            "talk-python-to-me"
        );
        assert_eq!(by("shows/My Cast/001.md", None), "my-cast");
        assert_eq!(by("x/notes.md", Some("Brand New Show!")), "brand-new-show");
        assert_eq!(
            by("x.xml", Some("Podcast.__init__('Python')")),
            "podcast-init"
        );
        assert_eq!(by("x.xml", Some("core.py.extra")), "core-py-extra");
        assert_eq!(by("notes.md", None), "notes");
        assert_eq!(by("examples/corepy-episodes.txt", None), "corepy");
        assert_eq!(by("feeds/talkpython-2020.xml", None), "talk-python-to-me");
        assert_eq!(by("x/python-3-13-notes.md", None), "x");
    }

    #[test]
    fn hosts_come_from_the_range_they_host() {
        let t = taxonomy();
        let hosts_of = |number| {
            let mut episode = episode_at("x.md", Some("python-bytes"));
            episode.number = Some(number);
            let show = show_of(&episode, t);
            let mut names: Vec<&str> = episode_hosts(&episode, &show, t)
                .into_iter()
                .map(|i| t.people()[i].name.as_str())
                .collect();
            names.sort_unstable();
            names
        };
        assert_eq!(hosts_of(400), ["Brian Okken", "Michael Kennedy"]);
        assert_eq!(hosts_of(483), ["Calvin Hendryx-Parker", "Michael Kennedy"]);
    }

    #[test]
    fn inputs_of_one_episode_become_one_episode_with_the_words_of_both() {
        let notes = "# Episode 5: Free threading\n\n00:00 INTRO\n10:00 PEP 703 in 3.13\n";
        let mut corpus = ingest::read_str(
            notes,
            Some(Path::new("a.md")),
            InputFormat::Markdown,
            &Default::default(),
        )
        .unwrap();
        let mut feed = episode_at("b.xml", None);
        feed.number = Some(5);
        feed.description = "With a guest on the JIT.".into();
        feed.audio = Some("https://example.org/5.mp3".into());
        corpus.episodes.push(feed);
        corpus.set_show(Some("corepy"), &[]);
        merge_episodes(&mut corpus, taxonomy());
        assert_eq!(corpus.episodes.len(), 1, "{:?}", corpus.warnings);
        let episode = &corpus.episodes[0];
        assert_eq!(episode.chapters.len(), 2);
        assert!(episode.description.contains("JIT"));
        assert_eq!(episode.audio.as_deref(), Some("https://example.org/5.mp3"));
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    }

    #[test]
    fn a_feed_item_and_its_untimed_notes_keep_their_items_once() {
        let untimed = |titles: &[&str]| -> Chapters {
            titles
                .iter()
                .map(|t| Chapter::untimed(*t))
                .collect::<Vec<_>>()
                .into()
        };
        let mut feed = episode_at("feed.xml", Some("python-bytes"));
        feed.chapters = untimed(&["Item one", "Item two"]);
        let mut notes = episode_at("notes/007.md", Some("python-bytes"));
        notes.chapters = untimed(&["Item one", "Item two", "Extras"]);
        let mut corpus = Corpus {
            episodes: vec![feed, notes],
            ..Corpus::default()
        };
        merge_episodes(&mut corpus, taxonomy());
        let titles: Vec<&str> = corpus.episodes[0]
            .chapters
            .iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles, ["Item one", "Item two", "Extras"]);
        assert!(corpus.warnings.is_empty());
    }
}
