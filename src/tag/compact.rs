//! Compact: the repeats of a mention at one place kept as one tagged mention with a count.
//!
//! A hostile cue or title of megabytes names the same few things hundreds of thousands of times, and a
//! list of every mention (over a hundred bytes each, and the graph's lists built from it) was most of the
//! memory such a text cost (docs/reliability.md). Of the mentions of one entity at one place by the same
//! words, rule and role, the graph quotes the first and the evidence rules read only how many there are,
//! so the tagger keeps the first and counts the rest as it places them. It first drops what the evidence
//! rules would drop by the mention's own position (inside a URL, a module word not said as a module), so
//! that the repeats it merges are alike. Mentions whose position the later rules compare with others' are
//! kept one by one: releases and projects ("pytest 3.3.0") and topics whose pattern matched a version
//! number or a bare version word (checked against the releases' spans and the words after). A topic in a description or body merges only with repeats alike in what
//! the body rules read of its position (an aside, a list of desktops, its everyday sense) that start
//! elsewhere than the first, so that its count says separate mentions.
//!
//! [`Repeats`] merges the same repeats earlier, as the scan finds them in one text, where nothing before
//! the compactor would tell them apart: a body of megabytes names a few things hundreds of thousands of
//! times, and its whole list of mentions was most of the 385 MB that 9.5 MiB of one body line cost.

use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::ops::Range;

use super::evidence::{self, Strength};
use super::people;
use super::types::{Entity, Mention, Place, Rule, Tagged};
use super::words;
use crate::ingest::{Episode, Transcript};
use crate::taxonomy::{Modules, Taxonomy};

/// The tagged mentions of one episode, merged as they are placed (see the module docs).
pub(super) struct Compactor<'e, S> {
    tagged: Vec<Tagged>,
    classes: Classes<'e, S>,
    /// The place of the last mention placed: merging is within one place, and mentions come place by place.
    place: Option<Place>,
    /// The merged mentions of that place, by a hash of their entity, words, rule and role: the firsts
    /// like them. Two alike that hash apart are only kept apart, which is always right.
    seen: foldhash::HashMap<u64, Firsts>,
}

/// What an episode's mentions are, for merging their repeats (see [`Classes::class_of`]).
pub(super) struct Classes<'e, S> {
    taxonomy: &'e Taxonomy,
    episode: &'e Episode,
    strength: S,
}

/// The classes of an episode's mentions.
pub(super) fn classes<'e>(
    taxonomy: &'e Taxonomy,
    episode: &'e Episode,
) -> Classes<'e, impl Fn(Place) -> Strength + use<>> {
    Classes {
        taxonomy,
        episode,
        strength: evidence::strength_of(episode),
    }
}

/// The compactor of an episode's mentions.
pub(super) fn compactor<'e>(
    taxonomy: &'e Taxonomy,
    episode: &'e Episode,
) -> Compactor<'e, impl Fn(Place) -> Strength + use<>> {
    Compactor {
        tagged: Vec::new(),
        classes: classes(taxonomy, episode),
        place: None,
        seen: foldhash::HashMap::default(),
    }
}

/// What the later rules read of a mergeable mention beyond its entity, words, rule, role and place: two
/// alike in these and in their class are repeats (see [`Classes::class_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Class {
    /// Whether the mention passes the checks of its own position (`evidence::holds_alone`).
    holds: bool,
    /// For a topic in a body, what the body rules read of its position (`evidence::body_position`); its
    /// repeats must start elsewhere than the first, for the count to say separate mentions.
    body: Option<bool>,
}

/// The firsts of the mentions alike in entity, words, rule and role at a place, by their index in the list.
/// A topic in a body has one for each answer of `evidence::body_position`, worked out only once a second
/// such mention comes: most are named once at their place.
#[derive(Debug, Clone, Copy)]
struct Firsts {
    first: usize,
    /// The first's `body_position`, once asked.
    first_body: Option<bool>,
    /// The first whose `body_position` is the other answer.
    other: Option<usize>,
}

impl<S: Fn(Place) -> Strength> Compactor<'_, S> {
    /// Add a mention: dropped if its own position fails the evidence rules, counted on the first like it
    /// at its place, or kept.
    pub(super) fn push(&mut self, t: Tagged) {
        let classes = &self.classes;
        let Some(body_topic) = classes.mergeable(&t) else {
            let strength = (classes.strength)(t.place);
            if evidence::holds_alone(classes.taxonomy, classes.episode, strength, &t) {
                self.at_place(t.place);
                self.tagged.push(t);
            }
            return;
        };
        let strength = (classes.strength)(t.place);
        if !evidence::holds_alone(classes.taxonomy, classes.episode, strength, &t) {
            return;
        }
        self.at_place(t.place);
        let (classes, tagged) = (&self.classes, &mut self.tagged);
        // A fixed seed: the same mentions merge the same way on every run.
        let hash = foldhash::fast::FixedState::default().hash_one((
            &t.mention.entity,
            t.mention.text.as_str(),
            &t.mention.rule,
            t.role,
        ));
        let firsts = match self.seen.entry(hash) {
            Entry::Occupied(firsts) => firsts.into_mut(),
            Entry::Vacant(slot) => {
                slot.insert(Firsts {
                    first: tagged.len(),
                    first_body: None,
                    other: None,
                });
                tagged.push(t);
                return;
            }
        };
        let first = match body_topic {
            false => Some(firsts.first),
            true => {
                let body = classes.body_position(&t);
                let first_body = *firsts
                    .first_body
                    .get_or_insert_with(|| classes.body_position(&tagged[firsts.first]));
                match body == first_body {
                    true => Some(firsts.first),
                    false if firsts.other.is_none() => {
                        firsts.other = Some(tagged.len());
                        tagged.push(t);
                        return;
                    }
                    false => firsts.other,
                }
            }
        };
        match first.and_then(|i| tagged.get_mut(i)) {
            Some(first) if repeats(first, &t, body_topic) => {
                first.count = first.count.saturating_add(t.count)
            }
            _ => tagged.push(t),
        }
    }

    /// A mention comes at `place`: merging is within one place.
    fn at_place(&mut self, place: Place) {
        if self.place != Some(place) {
            self.place = Some(place);
            self.seen.clear();
        }
    }

    /// The mentions kept, in the order they were first placed.
    pub(super) fn finish(self) -> Vec<Tagged> {
        self.tagged
    }
}

impl<S: Fn(Place) -> Strength> Classes<'_, S> {
    /// The class of a mention whose repeats may be merged, `None` for one the later rules read one by one
    /// (see the module docs).
    pub(super) fn class_of(&self, t: &Tagged) -> Option<Class> {
        let body_topic = self.mergeable(t)?;
        let strength = (self.strength)(t.place);
        let holds = evidence::holds_alone(self.taxonomy, self.episode, strength, t);
        let body = (holds && body_topic).then(|| self.body_position(t));
        Some(Class { holds, body })
    }

    /// Whether the repeats of a mention may be merged (`None` if not), and whether it is a topic in a body.
    fn mergeable(&self, t: &Tagged) -> Option<bool> {
        match (&t.mention.entity, &t.mention.rule) {
            (Entity::Release(_) | Entity::Project(_), _) => None,
            (Entity::Topic(_), Rule::Pattern(_))
                if evidence::pattern_words_read_in_place(&t.mention.text) =>
            {
                None
            }
            (Entity::Topic(_), _) => Some((self.strength)(t.place) == Strength::Body),
            _ => Some(false),
        }
    }

    fn body_position(&self, t: &Tagged) -> bool {
        evidence::body_position(self.episode, t)
    }
}

/// Whether a mention is a repeat of `first`: the same entity by the same words, rule and role at the same
/// place, and, for a topic in a body, elsewhere than the first.
fn repeats(first: &Tagged, t: &Tagged, body_topic: bool) -> bool {
    first.place == t.place
        && first.role == t.role
        && first.mention.entity == t.mention.entity
        && first.mention.text == t.mention.text
        && first.mention.rule == t.mention.rule
        && (!body_topic || first.mention.span.start != t.mention.span.start)
}

/// The repeats among one text's mentions, merged as the scan finds them (see the module docs). A mention
/// is merged into the first alike in the compactor's sense (entity, words, rule and [`Class`]) only where
/// nothing that reads the text's list before the compactor tells them apart: it is a topic (not a
/// pattern's) or a module, so it has no role and owns nothing (`Tagger::add_owning_topics`); it is in no
/// import statement (whose topic words are dropped). Where new people are looked for, each candidate name is
/// checked against every mention's span: the spans of the repeats merged there are kept for it (16 bytes
/// each, where a mention took 88). The compactor would merge it into the same first, which comes first in
/// the sorted list too: only the first's count changes.
pub(super) struct Repeats<'c> {
    place: Place,
    class: &'c ClassOf<'c>,
    without_names: Vec<Range<usize>>,
    statements: Vec<Range<usize>>,
    /// Each first, by the hash of its entity, words, rule and class: its index in the text's list and its
    /// class (two that hash alike but differ are only kept apart).
    firsts: foldhash::HashMap<u64, (usize, Class, Place)>,
    /// The repeats merged into each first, by its index in the list.
    merged: foldhash::HashMap<usize, u32>,
    /// The mentions of the last match, looked at one by one (kept to reuse its room).
    last: Vec<Mention>,
    /// The spans of the repeats merged where new people are looked for: each candidate name is checked
    /// against them too (`people::find_new_people`).
    spans_among_names: Vec<(usize, usize)>,
    /// A transcript's passages, when the text is a transcript: each mention's place is its passage.
    passages: Option<&'c Transcript>,
}

impl<'c> Repeats<'c> {
    /// The repeats of `text` at `place`; `class` is [`Classes::class_of`].
    pub(super) fn new(text: &str, place: Place, modules: &Modules, class: &'c ClassOf<'c>) -> Self {
        let without_names = people::parts_without_names(text);
        let statements = words::import_statements(text, modules);
        Repeats {
            place,
            class,
            without_names,
            statements,
            firsts: foldhash::HashMap::default(),
            merged: foldhash::HashMap::default(),
            last: Vec::new(),
            spans_among_names: Vec::new(),
            passages: None,
        }
    }

    /// The repeats of a transcript's text, each placed in its passage: a repeat merges only into a first of
    /// its own passage, and a mention that runs into the next passage (which the tagger drops) is neither.
    pub(super) fn in_passages(
        transcript: &'c Transcript,
        modules: &Modules,
        class: &'c ClassOf<'c>,
    ) -> Self {
        let repeats = Repeats::new(transcript.text(), Place::Passage(0), modules, class);
        Repeats {
            passages: Some(transcript),
            ..repeats
        }
    }

    /// A mention's place and where that place starts in the text; `None` for a mention across passages.
    fn place_of(&self, span: &Range<usize>) -> Option<(Place, usize)> {
        let Some(transcript) = self.passages else {
            return Some((self.place, 0));
        };
        let (index, start) = transcript.passage_of(span)?;
        Some((Place::Passage(index), start))
    }

    /// Merge the mentions of `mentions` from `from` on (those of one match) that repeat an earlier one.
    pub(super) fn merge_from(&mut self, mentions: &mut Vec<Mention>, from: usize) {
        let mut last = std::mem::take(&mut self.last);
        last.extend(mentions.drain(from..));
        for mention in last.drain(..) {
            let place = match self.may_merge(&mention) {
                true => self.place_of(&mention.span),
                false => None,
            };
            let Some((place, offset)) = place else {
                mentions.push(mention);
                continue;
            };
            // The class reads the mention where it is: in its passage, for a transcript.
            let mut t = Tagged::once(place, mention, None);
            t.mention.span = t.mention.span.start - offset..t.mention.span.end - offset;
            let class = (self.class)(&t);
            let mut mention = t.mention;
            mention.span = mention.span.start + offset..mention.span.end + offset;
            let Some(class) = class else {
                mentions.push(mention);
                continue;
            };
            let hash = foldhash::fast::FixedState::default().hash_one((
                &mention.entity,
                mention.text.as_str(),
                &mention.rule,
                class,
                place,
            ));
            match self.firsts.entry(hash) {
                Entry::Occupied(first) => {
                    let (index, first_class, first_place) = *first.get();
                    let repeat = first_class == class
                        && first_place == place
                        && mentions.get(index).is_some_and(|first| {
                            first.entity == mention.entity
                                && first.text == mention.text
                                && first.rule == mention.rule
                                && (class.body.is_none() || first.span.start != mention.span.start)
                        });
                    if repeat {
                        let count = self.merged.entry(index).or_insert(0);
                        *count = count.saturating_add(1);
                        if !self.is_without_names(&mention.span) {
                            let span = (mention.span.start, mention.span.end);
                            self.spans_among_names.push(span);
                        }
                    } else {
                        mentions.push(mention);
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert((mentions.len(), class, place));
                    mentions.push(mention);
                }
            }
        }
        self.last = last;
    }

    /// Whether nothing before the compactor reads a mention one by one but for its span (see the type's
    /// docs).
    fn may_merge(&self, mention: &Mention) -> bool {
        match mention.entity {
            Entity::Topic(_) => !words::in_a_statement(&self.statements, &mention.span),
            Entity::Module(_) => true,
            _ => false,
        }
    }

    /// Whether a span is in a part of the text where no new person is looked for.
    fn is_without_names(&self, span: &Range<usize>) -> bool {
        let part = self
            .without_names
            .partition_point(|p| p.start <= span.start);
        part > 0 && span.end <= self.without_names[part - 1].end
    }

    /// Done merging: `mentions` is the text's list before it is finished (sorted, and so on). Each first's
    /// count, for the finished list, and the spans of the repeats merged where new people are looked for.
    pub(super) fn settle(self, mentions: &[Mention]) -> (Counts, Vec<(usize, usize)>) {
        let mut counts = Counts::default();
        for (index, merged) in self.merged {
            if let Some(first) = mentions.get(index) {
                counts
                    .firsts
                    .entry((first.span.start, first.span.end))
                    .or_default()
                    .push((first.entity.clone(), first.rule.clone(), merged));
            }
        }
        (counts, self.spans_among_names)
    }
}

/// A first of merged repeats: its entity and rule (its span is its key), and how many were merged into it.
type Merged = (Entity, Rule, u32);

/// The class of a mention at its place ([`Classes::class_of`]), for [`Repeats`].
pub(super) type ClassOf<'c> = dyn Fn(&Tagged) -> Option<Class> + 'c;

/// The firsts of a text's merged repeats, by span, with their entity, rule and the repeats merged.
#[derive(Default)]
pub(super) struct Counts {
    firsts: foldhash::HashMap<(usize, usize), Vec<Merged>>,
}

impl Counts {
    /// How many mentions a finished mention stands for: 1, or a first and the repeats merged into it
    /// (counted once, for the first like it in the sorted list).
    pub(super) fn count_of(&mut self, mention: &Mention) -> u32 {
        if self.firsts.is_empty() {
            return 1;
        }
        let Some(firsts) = self.firsts.get_mut(&(mention.span.start, mention.span.end)) else {
            return 1;
        };
        let Some(i) = firsts
            .iter()
            .position(|(entity, rule, _)| *entity == mention.entity && *rule == mention.rule)
        else {
            return 1;
        };
        let (_, _, merged) = firsts.swap_remove(i);
        merged.saturating_add(1)
    }
}
