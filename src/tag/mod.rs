//! Tag: episodes + taxonomy -> mentions with evidence.
//!
//! The tagger reads each chapter title and the description once (an episode's texts in one pass). Every
//! alias, name and module of the taxonomy is in one index by spelling (the longest alias that names
//! something wins, so "Eric Snow" beats "Eric" and "free-threading" beats "threading"), the built-in
//! extractors (PEP numbers, releases, CPython issues, CVEs) are one multi-pattern regex and the taxonomy's
//! own patterns another; once the tagger has read megabytes it merges all three into one regex, so the cost
//! of a text does not grow with the number of aliases. Matches are then checked for word boundaries, case
//! rules and code context, and people get their role (host, guest, mentions) from the show and from
//! interview cues. Every [`Mention`] keeps its span, the words matched and the [`Rule`] that fired.
//!
//! This file is the [`Tagger`] façade; the parts live beside it: `types` and `error` (what users get),
//! `targets` (what an alias names), `words` (boundaries and context), `extractors` (PEPs, releases,
//! issues, CVEs), `people`, `fixed` (the fixed regexes' engines), `scan` and `aliases` (the automata),
//! `joined` (an episode's texts scanned as one), `links` (what a link of the notes says beside its words).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use self::cap::Cap;
use self::compact::{ClassOf, Compactor, Counts, Repeats};
use self::joined::Joined;
use self::people::Cast;
use self::scan::{Automata, Extracted, Strategy};
use self::targets::WordTarget;

use crate::ingest::{ChapterKind, Episode, Link};
use crate::model::NodeKind;
use crate::taxonomy::Taxonomy;

pub use self::cap::{Dropped, ENTITIES_PER_KIND};
pub use self::error::TagError;
pub use self::types::{Entity, Mention, PersonCue, Place, Release, Rule, Tagged};
pub use crate::model::Role;

mod aliases;
mod cap;
mod compact;
mod error;
mod evidence;
mod extractors;
mod fixed;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod joined;
mod links;
mod names;
mod patterns;
mod people;
mod scan;
mod targets;
mod types;
mod words;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

/// A text this long is hostile or an archive, never a real title, cue or description.
const LONG_TEXT_BYTES: usize = 1 << 20;

/// A text of an episode's description and titles this long has its repeated mentions merged as the scan
/// finds them (`compact::Repeats`); a shorter one's list is short, and the compactor merges them.
const MERGE_FROM_BYTES: usize = 2_000;

/// How an episode's description and titles have their repeats merged as the scan finds them: the place of
/// each text, by its index, and the class of a mention there ([`compact::Classes::class_of`]).
#[derive(Clone, Copy)]
struct Merging<'m> {
    place_of: &'m dyn Fn(usize) -> Place,
    class: &'m ClassOf<'m>,
}

/// Room for the mentions of a text, reserved before it is scanned. Talk names up to one thing in a hundred
/// bytes; a long text gets room for one in eight (the hostile sweep's cues of vocabulary words name one in
/// fifteen), because a list grown by doubling copies itself and leaves the old copy in memory a while. Room
/// never written to costs no memory: its pages are never touched (README, Speed; docs/reliability.md), so
/// it is reserved where repeats are merged as found too (a text of distinct tokens merges none).
fn room_for_mentions(text: &str) -> usize {
    text.len() / if text.len() >= LONG_TEXT_BYTES { 8 } else { 64 }
}

/// Room in `mentions` for `more`, grown by doubling from what is needed rather than from four mentions, a
/// pushed list's least.
fn make_room(mentions: &mut Vec<Mention>, more: usize) {
    if mentions.capacity() - mentions.len() < more {
        let wanted = (mentions.len() + more).max(2 * mentions.capacity());
        mentions.reserve_exact(wanted - mentions.len());
    }
}

/// The tagger, built once from a taxonomy.
pub struct Tagger {
    taxonomy: Taxonomy,
    automata: Automata,
    word_targets: Vec<Vec<WordTarget>>,
    /// For each distinct taxonomy pattern, every pattern definition (index into `Taxonomy::patterns`) that
    /// wrote it: a sub-topic may repeat its parent's pattern.
    pattern_defs: Vec<Vec<usize>>,
    /// Whether the patterns can run over texts joined by newlines: none of them anchors to the start or
    /// end of a text or line, which joining would move.
    patterns_join: bool,
    /// The first names of the taxonomy's people ("Brett"), shared or not.
    first_names: std::collections::HashSet<String>,
}

impl fmt::Debug for Tagger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tagger")
            .field("words", &self.word_targets.len())
            .finish_non_exhaustive()
    }
}

/// Compile the fixed regexes every tagger shares (the people's and the import statement's), each on a core
/// of the rayon pool, unless done before. They need no taxonomy, so a caller with a core to spare while the
/// taxonomy loads may call this first (the command line does); [`Tagger::new`] calls it otherwise.
pub fn compile_fixed_regexes() {
    rayon::join(people::compile_fixed_regexes, words::compile_fixed_regexes);
}

impl Tagger {
    /// Build the tagger of a taxonomy: its alias index and regexes, and the fixed regexes every tagger
    /// shares (on the rayon pool, beside each other). How it scans a text is its own choice: one pass per
    /// automaton, quick to build, and an alias automaton shared by the threads once it has read megabytes.
    pub fn new(taxonomy: Taxonomy) -> Result<Self, TagError> {
        Self::with_strategy(taxonomy, Strategy::ByVolume)
    }

    fn with_strategy(taxonomy: Taxonomy, strategy: Strategy) -> Result<Self, TagError> {
        let (tagger, ()) = rayon::join(|| Self::build(taxonomy, strategy), compile_fixed_regexes);
        tagger
    }

    fn build(taxonomy: Taxonomy, strategy: Strategy) -> Result<Self, TagError> {
        let (aliases, word_targets) = targets::word_patterns(&taxonomy);
        // Each distinct pattern's slot, by its source: a map, since thousands of patterns were quadratic.
        let mut slots: HashMap<&str, usize> = HashMap::new();
        let mut pattern_defs: Vec<Vec<usize>> = Vec::new();
        for (i, pattern) in taxonomy.patterns.iter().enumerate() {
            let slot = *slots
                .entry(pattern.source.as_str())
                .or_insert(pattern_defs.len());
            match pattern_defs.get_mut(slot) {
                Some(defs) => defs.push(i),
                None => pattern_defs.push(vec![i]),
            }
        }
        let hirs: Vec<&regex_syntax::hir::Hir> = pattern_defs
            .iter()
            .map(|defs| &taxonomy.patterns[defs[0]].hir)
            .collect();
        let patterns_join = taxonomy
            .patterns
            .iter()
            .all(|p| !p.hir.properties().look_set().contains_anchor());
        let builtins = extractors::BUILTIN_PATTERNS.map(|(p, _)| p);
        let automata = Automata::new(aliases, &builtins, &hirs, patterns_join, strategy)
            .map_err(|source| error::patterns_error(&taxonomy, &pattern_defs, source))?;
        let first_names = taxonomy
            .people
            .iter()
            .filter_map(|p| p.name.split_whitespace().next())
            .filter(|first| first.chars().count() > 1)
            .map(str::to_string)
            .collect();
        Ok(Tagger {
            first_names,
            automata,
            word_targets,
            pattern_defs,
            patterns_join,
            taxonomy,
        })
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Whether `bytes` of input files that may be transcripts are enough text for the tagger's long-text
    /// scan to repay building its automaton ahead ([`Tagger::build_ahead`]): at least twice the text it
    /// takes over at, since a transcript file's timestamps and markup are not text (a VTT cue's times are
    /// about a third of it).
    pub fn long_input(bytes: u64) -> bool {
        bytes >= 2 * scan::LONG_SCAN_BYTES as u64
    }

    /// Build now, on this thread, the automaton the tagger scans long texts with (otherwise built once it
    /// has tagged 1 MiB): for a caller that knows megabytes of text are coming ([`Tagger::long_input`]),
    /// with a core to spare while the first files are read. Texts tagged meanwhile on other threads do not
    /// wait for it, and every text tagged after takes it. The mentions are the same either way.
    pub fn build_ahead(&self) {
        self.automata.build_long_scan_ahead();
    }

    /// The taxonomy, the tagger's automata and caches freed: once tagging is done, a graph is made with
    /// the taxonomy alone ([`crate::graph::Planned::into_graph`]).
    pub fn into_taxonomy(self) -> Taxonomy {
        self.taxonomy
    }

    /// Find every mention in a text, in order of position. People get no role here; see [`Tagger::tag_episode`].
    pub fn tag_text(&self, text: &str) -> Vec<Mention> {
        self.tag_with(text, false, &mut Cap::default())
    }

    /// Tag an episode's description and chapter titles, and give every person a role. `hosts` are the
    /// indexes of the show's hosts in the taxonomy's people. The repeats of a mention at one place (the same
    /// entity by the same words, rule and role) are one [`Tagged`], the first, with their
    /// [`count`](Tagged::count): all the graph and the evidence rules read of them.
    pub fn tag_episode(&self, episode: &Episode, hosts: &[usize]) -> Vec<Tagged> {
        self.tag_episode_capped(episode, hosts).0
    }

    /// [`Tagger::tag_episode`], and the kinds of which the episode named more than [`ENTITIES_PER_KIND`]
    /// distinct entities: the mentions of the further ones are dropped (see `cap`), for the caller to warn.
    pub fn tag_episode_capped(
        &self,
        episode: &Episode,
        hosts: &[usize],
    ) -> (Vec<Tagged>, Vec<Dropped>) {
        let mut cap = Cap::default();
        let cast = Cast::new(&self.taxonomy, hosts, episode);
        // The description is tagged together with the titles: one scan for the episode.
        let texts: Vec<&str> = [episode.description.as_str()]
            .into_iter()
            .chain(episode.chapters.iter().map(|c| c.title))
            .collect();
        let names_expected = people::names_expected(episode);
        let mut compact = compact::compactor(&self.taxonomy, episode);
        let classes = compact::classes(&self.taxonomy, episode);
        let class = |t: &Tagged| classes.class_of(t);
        let mut description_cues = people::DescriptionCues::new(&episode.description);
        let place_of = |i: usize| i.checked_sub(1).map_or(Place::Description, Place::Chapter);
        let merging = Merging {
            place_of: &place_of,
            class: &class,
        };
        self.tag_many(
            &texts,
            &names_expected,
            &mut cap,
            Some(merging),
            |i, mut mentions, mut counts, cap| {
                let place = place_of(i);
                let Some(index) = i.checked_sub(1) else {
                    let links = episode.description_links.iter();
                    self.add_link_mentions(texts[0], links, &mut mentions, cap);
                    for mention in mentions {
                        let count = counts.count_of(&mention);
                        let role =
                            cast.role(&mention, || description_cues.interviewed(&mention.span));
                        compact.push(Tagged::once(place, mention, role).counted(count));
                    }
                    return;
                };
                let Some(chapter) = episode.chapters.get(index) else {
                    return;
                };
                let links = chapter.links.iter().filter(|l| l.in_title);
                self.add_link_mentions(chapter.title, links, &mut mentions, cap);
                let is_section = chapter.kind == ChapterKind::Section;
                let cues = people::ChapterCues::new(chapter.title, is_section, names_expected[i]);
                for mention in mentions {
                    let count = counts.count_of(&mention);
                    let role = cast.role(&mention, || cues.interviewed(&mention.span));
                    compact.push(Tagged::once(place, mention, role).counted(count));
                }
            },
        );
        self.tag_heading_texts(episode, &cast, (&mut compact, &class), &mut cap);
        self.tag_passages(episode, &cast, (&mut compact, &class), &mut cap);
        let mut tagged = compact.finish();
        evidence::weigh(&self.taxonomy, episode, hosts, &mut tagged);
        people::merge_spelling_variants(&self.taxonomy, episode, &mut tagged);
        (tagged, cap.dropped())
    }

    /// Tag a transcript's passages as one long text (one passage a line), each mention placed in its
    /// passage; a pattern's match that runs from one passage into the next is dropped.
    fn tag_passages<S: Fn(Place) -> evidence::Strength>(
        &self,
        episode: &Episode,
        cast: &people::Cast,
        (tagged, class): (&mut Compactor<'_, S>, &ClassOf<'_>),
        cap: &mut Cap,
    ) {
        let Some(transcript) = &episode.transcript else {
            return;
        };
        let text = transcript.text();
        // Worked out only when someone is named who is not a host or a credited guest.
        let mut cues = None;
        let strategy = self.automata.strategy();
        // Repeats in a passage are counted as the scan finds them: a transcript's list of mentions was its
        // whole memory (docs/reliability.md).
        let repeats = Repeats::in_passages(transcript, &self.taxonomy.modules, class);
        let expected = (false, people::Body::Speech);
        let (mut mentions, mut counts) =
            self.tag_merging(strategy, text, expected, cap, Some(repeats));
        // A welcomed name the taxonomy knows is already a mention; one with a taxonomy term in it names a
        // topic, project or module.
        let guests = cast.transcript_guests(text);
        for (name, cue) in &guests {
            let known = mentions
                .iter()
                .any(|m| m.span == *name && m.entity.kind() == NodeKind::Person);
            if !known && !self.automata.is_alias(&text[name.clone()]) {
                let person = Entity::NewPerson(text[name.clone()].to_string());
                let cue = Rule::PersonCue(*cue);
                mentions.push(Mention::new(person, name.clone(), text, cue));
            }
        }
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        for mut mention in mentions {
            let Some((index, start)) = transcript.passage_of(&mention.span) else {
                continue;
            };
            let role = cast.role(&mention, || {
                guests.iter().any(|(span, _)| *span == mention.span)
                    || cues
                        .get_or_insert_with(|| people::DescriptionCues::new(text))
                        .interviewed(&mention.span)
            });
            let count = counts.count_of(&mention);
            mention.span = mention.span.start - start..mention.span.end - start;
            tagged.push(Tagged::once(Place::Passage(index), mention, role).counted(count));
        }
    }

    /// Tag the words under untimed headings (show notes without times), each read like a description.
    fn tag_heading_texts<S: Fn(Place) -> evidence::Strength>(
        &self,
        episode: &Episode,
        cast: &people::Cast,
        (tagged, class): (&mut Compactor<'_, S>, &ClassOf<'_>),
        cap: &mut Cap,
    ) {
        for (index, chapter) in episode.chapters.iter().enumerate() {
            let Some(text) = chapter.text else { continue };
            let mut cues = people::DescriptionCues::new(text);
            let body = people::Body::under(chapter.title);
            let place = Place::Text(index);
            let repeats = Repeats::new(text, place, &self.taxonomy.modules, class);
            let strategy = self.automata.strategy();
            let (mut mentions, mut counts) =
                self.tag_merging(strategy, text, (false, body), cap, Some(repeats));
            let links = chapter.links.iter().filter(|l| !l.in_title);
            self.add_link_mentions(text, links, &mut mentions, cap);
            for mention in mentions {
                let count = counts.count_of(&mention);
                let role = cast.role(&mention, || cues.interviewed(&mention.span));
                tagged.push(Tagged::once(place, mention, role).counted(count));
            }
        }
    }

    /// Add to the `mentions` found in a text those its `links` make (`links.rs`: a name linked to its
    /// profile, an author after a link, a PEP's page), within the cap, in order of position.
    fn add_link_mentions<'l>(
        &self,
        text: &str,
        links: impl Iterator<Item = &'l Link>,
        mentions: &mut Vec<Mention>,
        cap: &mut Cap,
    ) {
        let mut links = links.peekable();
        if links.peek().is_none() {
            return;
        }
        let rules = links::LinkRules {
            taxonomy: &self.taxonomy,
            is_alias: &|name| self.automata.is_alias(name),
            is_first_name: &|word| self.first_names.contains(word),
        };
        let made = rules.mentions(text, links, mentions);
        if made.is_empty() {
            return;
        }
        let before = mentions.len();
        mentions.extend(made);
        cap.retain_from(mentions, before);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }

    /// Tag a text; `names_expected` says that a text which is only a capitalised name names a person (a
    /// chapter in a list of interviews).
    fn tag_with(&self, text: &str, names_expected: bool, cap: &mut Cap) -> Vec<Mention> {
        self.tag_as(
            self.automata.strategy(),
            text,
            names_expected,
            people::Body::Other,
            cap,
        )
    }

    /// [`Tagger::tag_text`] with the scan chosen by `strategy` (for the fuzz targets).
    #[cfg(feature = "fuzzing")]
    fn tag_text_with(&self, text: &str, strategy: Strategy) -> Vec<Mention> {
        self.tag_as(
            strategy,
            text,
            false,
            people::Body::Other,
            &mut Cap::default(),
        )
    }

    /// [`Tagger::tag_with`] with the scan chosen by `strategy`; `body` says whether the text is the words
    /// under an item's heading (where a first line that is only a name is the item's byline).
    fn tag_as(
        &self,
        strategy: Strategy,
        text: &str,
        names_expected: bool,
        body: people::Body,
        cap: &mut Cap,
    ) -> Vec<Mention> {
        self.tag_merging(strategy, text, (names_expected, body), cap, None)
            .0
    }

    /// [`Tagger::tag_as`], merging `repeats` as the scan finds them (see `compact`), and how many
    /// mentions each one handed back stands for.
    fn tag_merging(
        &self,
        strategy: Strategy,
        text: &str,
        expected: (bool, people::Body),
        cap: &mut Cap,
        mut repeats: Option<Repeats<'_>>,
    ) -> (Vec<Mention>, Counts) {
        let mut mentions = Vec::with_capacity(room_for_mentions(text));
        let found = self.automata.scan_as(strategy, text, true, |span, alias| {
            let before = mentions.len();
            let any = self.word_found(text, span, alias, &mut mentions);
            if let Some(repeats) = repeats.as_mut() {
                repeats.merge_from(&mut mentions, before);
            }
            any
        });
        self.extracted_found(text, found, &mut mentions, cap, repeats.as_mut());
        let (counts, merged) = repeats.map_or_else(Default::default, |r| r.settle(&mentions));
        self.finish(text, expected, (&mut mentions, merged), cap);
        (mentions, counts)
    }

    /// Tag many texts (an episode's chapter titles) at once, handing each text's mentions to `each` in
    /// order: the automata run once over the texts joined by newlines, which costs far less than a search
    /// per short title. A match is then checked against its own text alone, exactly as
    /// [`Tagger::tag_with`] checks it. A text touched by a pattern match that runs into the next one is
    /// tagged on its own: there the longer match could not exist, and another might take its place.
    /// (Aliases and extractors cannot cross a newline.) Each text's list is finished (people the taxonomy
    /// does not know, owning topics) and handed on in turn, and its alias mentions take only the room they
    /// need: a list grown by pushing holds room for four mentions from its first, 352 bytes, and a quarter
    /// of a million one-line chapters, each finished only once all were, held 88 MB (docs/reliability.md).
    fn tag_many(
        &self,
        texts: &[&str],
        names_expected: &[bool],
        cap: &mut Cap,
        merging: Option<Merging<'_>>,
        mut each: impl FnMut(usize, Vec<Mention>, Counts, &mut Cap),
    ) {
        let (text, mut joined) = Joined::new(texts);
        // Repeats are merged as they are found in the long texts only: a title's list is short.
        let mut repeats: foldhash::HashMap<usize, Repeats<'_>> = match merging {
            Some(Merging { place_of, class }) => (texts.iter().enumerate())
                .filter(|(_, t)| t.len() >= MERGE_FROM_BYTES)
                .map(|(i, t)| {
                    (
                        i,
                        Repeats::new(t, place_of(i), &self.taxonomy.modules, class),
                    )
                })
                .collect(),
            None => foldhash::HashMap::default(),
        };
        let mut found: Vec<Vec<Mention>> = texts
            .iter()
            .map(|t| match t.len() >= LONG_TEXT_BYTES {
                true => Vec::with_capacity(room_for_mentions(t)),
                false => Vec::new(),
            })
            .collect();
        let extracted = self
            .automata
            .scan(&text, self.patterns_join, |span, alias| {
                joined.place(span).is_some_and(|(i, span)| {
                    let mentions = &mut found[i];
                    make_room(mentions, self.word_targets[alias].len() + 1);
                    let before = mentions.len();
                    let any = self.word_found(texts[i], span, alias, mentions);
                    if let Some(repeats) = repeats.get_mut(&i) {
                        repeats.merge_from(mentions, before);
                    }
                    any
                })
            });
        for (span, kind) in extracted.builtins {
            if let Some((i, span)) = joined.place(span) {
                self.builtin_found(texts[i], span, kind, &mut found[i], cap);
            }
        }
        for m in extracted.patterns {
            // A match that crosses into the next title counts even if it ends inside a character: alone,
            // its title might keep a shorter match.
            if let Some((i, span)) = joined.place(m.span)
                && m.whole_chars
            {
                let before = found[i].len();
                self.pattern_found(texts[i], span, m.slot, &mut found[i]);
                if let Some(repeats) = repeats.get_mut(&i) {
                    repeats.merge_from(&mut found[i], before);
                }
            }
        }
        for (i, (text, mut mentions)) in texts.iter().zip(found).enumerate() {
            if !self.patterns_join {
                let patterns = Extracted {
                    builtins: Vec::new(),
                    patterns: self.automata.pattern_matches(text),
                };
                self.extracted_found(text, patterns, &mut mentions, cap, repeats.get_mut(&i));
            }
            let repeats = repeats.remove(&i);
            if joined.alone[i] {
                mentions = self.tag_with(text, names_expected[i], cap);
                each(i, mentions, Counts::default(), cap);
            } else {
                let (counts, merged) =
                    repeats.map_or_else(Default::default, |r| r.settle(&mentions));
                let expected = (names_expected[i], people::Body::Other);
                self.finish(text, expected, (&mut mentions, merged), cap);
                each(i, mentions, counts, cap);
            }
        }
    }

    /// [`Tagger::tag_many`]'s mentions, a list per text (for the tests).
    #[cfg(test)]
    fn tag_many_collected(
        &self,
        texts: &[&str],
        names_expected: &[bool],
        cap: &mut Cap,
    ) -> Vec<Vec<Mention>> {
        let mut found = Vec::with_capacity(texts.len());
        self.tag_many(texts, names_expected, cap, None, |_, mentions, _, _| {
            found.push(mentions)
        });
        found
    }

    /// What follows the automata: import statements, people the taxonomy does not know (one too many for
    /// the episode dropped as found, see `cap`), the topics that own PEPs and projects, and the order of
    /// position. `merged` are the spans of the repeats merged away where new people are looked for.
    fn finish(
        &self,
        text: &str,
        (names_expected, body): (bool, people::Body),
        (mentions, merged): (&mut Vec<Mention>, Vec<(usize, usize)>),
        cap: &mut Cap,
    ) {
        words::drop_words_in_import_statements(text, &self.taxonomy.modules, mentions);
        let known = mentions.len();
        people::find_new_people(
            text,
            (names_expected, body),
            (mentions, merged),
            // A candidate name with a taxonomy term in it names a topic, project or module.
            |name| self.automata.is_alias(name),
            |word| self.first_names.contains(word),
        );
        cap.retain_from(mentions, known);
        self.add_owning_topics(mentions);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }

    /// An alias found in a text: the mentions its targets make there, and whether there are any.
    fn word_found(
        &self,
        text: &str,
        span: Range<usize>,
        pattern: usize,
        mentions: &mut Vec<Mention>,
    ) -> bool {
        if !words::starts_at_boundary(text, span.start) {
            return false;
        }
        let before = mentions.len();
        for target in &self.word_targets[pattern] {
            if let Some(mention) = targets::check_word(&self.taxonomy, text, span.clone(), target) {
                mentions.push(mention);
            }
        }
        let found_module = mentions[before..]
            .iter()
            .any(|m| matches!(m.entity, Entity::Module(_)));
        if !found_module
            && let Some(module) = targets::dotted_module(&self.taxonomy.modules, text, span)
        {
            mentions.push(module);
        }
        mentions.len() > before
    }

    /// The mentions of the built-in extractors' and the patterns' matches, in that order.
    fn extracted_found(
        &self,
        text: &str,
        found: Extracted,
        mentions: &mut Vec<Mention>,
        cap: &mut Cap,
        mut repeats: Option<&mut Repeats<'_>>,
    ) {
        for (span, kind) in found.builtins {
            self.builtin_found(text, span, kind, mentions, cap);
        }
        for m in found.patterns.into_iter().filter(|m| m.whole_chars) {
            let before = mentions.len();
            self.pattern_found(text, m.span, m.slot, mentions);
            if let Some(repeats) = repeats.as_deref_mut() {
                repeats.merge_from(mentions, before);
            }
        }
    }

    /// A built-in extractor's match, by its index in the extractors' regex; a mention of one entity too
    /// many of its kind for the episode is dropped here, as it is found.
    fn builtin_found(
        &self,
        text: &str,
        span: Range<usize>,
        kind: usize,
        mentions: &mut Vec<Mention>,
        cap: &mut Cap,
    ) {
        let (_, extractor) = extractors::BUILTIN_PATTERNS[kind];
        let before = mentions.len();
        extractors::mentions_of(extractor, text, span, mentions);
        cap.retain_from(mentions, before);
    }

    /// A taxonomy pattern's match: a mention for every definition that wrote the pattern.
    fn pattern_found(
        &self,
        text: &str,
        span: Range<usize>,
        slot: usize,
        mentions: &mut Vec<Mention>,
    ) {
        for &def in &self.pattern_defs[slot] {
            let entity = Entity::from_target(self.taxonomy.patterns[def].target);
            mentions.push(Mention::new(entity, span.clone(), text, Rule::Pattern(def)));
        }
    }

    /// A PEP owned by a topic, or a project belonging to one, is words about that topic too.
    fn add_owning_topics(&self, mentions: &mut Vec<Mention>) {
        let mut owned = Vec::new();
        for mention in mentions.iter() {
            let (topics, rule): (Vec<usize>, Rule) = match mention.entity {
                Entity::Pep(n) => (self.taxonomy.pep_owners(n).to_vec(), Rule::OwnedPep(n)),
                Entity::Project(p) => (
                    self.taxonomy.projects[p].topic.into_iter().collect(),
                    Rule::OwnedProject(p),
                ),
                _ => continue,
            };
            for topic in topics {
                owned.push(Mention {
                    entity: Entity::Topic(topic),
                    rule: rule.clone(),
                    ..mention.clone()
                });
            }
        }
        mentions.extend(owned);
    }
}
