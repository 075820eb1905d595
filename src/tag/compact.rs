//! Compact: the repeats of a mention at one place kept as one tagged mention with a count.
//!
//! A hostile cue or title of megabytes names the same few things hundreds of thousands of times, and a
//! list of every mention (over a hundred bytes each, and the graph's lists built from it) was most of the
//! memory such a text cost (docs/reliability.md). Of the mentions of one entity at one place by the same
//! words, rule and role, the graph quotes the first and the evidence rules read only how many there are,
//! so the tagger keeps the first and counts the rest as it places them. It first drops what the evidence
//! rules would drop by the mention's own position (inside a URL, a module word not said as a module), so
//! that the repeats it merges are alike. Mentions whose position the later rules compare with others' are
//! kept one by one: releases and projects ("pytest 3.3.0") and topics matched by a pattern (checked
//! against the releases' spans). A topic in a description or body merges only with repeats alike in what
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
use crate::ingest::Episode;
use crate::taxonomy::{Modules, Taxonomy};

/// The tagged mentions of one episode, merged as they are placed (see the module docs).
pub(super) struct Compactor<'e, S> {
    tagged: Vec<Tagged>,
    classes: Classes<'e, S>,
    /// The place of the last mention placed: merging is within one place, and mentions come place by place.
    place: Option<Place>,
    /// The merged mentions of that place, by a hash of their entity, words, rule, role and class: their
    /// index in the list and their class. Two alike that hash apart are only kept apart, which is always
    /// right.
    seen: foldhash::HashMap<u64, (usize, Class)>,
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

impl<S: Fn(Place) -> Strength> Compactor<'_, S> {
    /// Add a mention: dropped if its own position fails the evidence rules, counted on the first like it
    /// at its place, or kept.
    pub(super) fn push(&mut self, t: Tagged) {
        let classes = &self.classes;
        let class = classes.class_of(&t);
        let holds = match class {
            Some(class) => class.holds,
            None => {
                let strength = (classes.strength)(t.place);
                evidence::holds_alone(classes.taxonomy, classes.episode, strength, &t)
            }
        };
        if !holds {
            return;
        }
        let tagged = &mut self.tagged;
        if self.place != Some(t.place) {
            self.place = Some(t.place);
            self.seen.clear();
        }
        let Some(class) = class else {
            tagged.push(t);
            return;
        };
        // A fixed seed: the same mentions merge the same way on every run.
        let hash = foldhash::fast::FixedState::default().hash_one((
            &t.mention.entity,
            t.mention.text.as_str(),
            &t.mention.rule,
            t.role,
            class,
        ));
        match self.seen.entry(hash) {
            Entry::Occupied(first) => match tagged.get_mut(first.get().0) {
                Some(first_tagged)
                    if first.get().1 == class && repeats(first_tagged, &t, class) =>
                {
                    first_tagged.count = first_tagged.count.saturating_add(t.count)
                }
                _ => tagged.push(t),
            },
            Entry::Vacant(slot) => {
                slot.insert((tagged.len(), class));
                tagged.push(t);
            }
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
        let strength = (self.strength)(t.place);
        let body_topic = match (&t.mention.entity, &t.mention.rule) {
            (Entity::Release(_) | Entity::Project(_), _) => return None,
            (Entity::Topic(_), Rule::Pattern(_))
                if evidence::pattern_words_read_in_place(&t.mention.text) =>
            {
                return None;
            }
            (Entity::Topic(_), _) => strength == Strength::Body,
            _ => false,
        };
        let holds = evidence::holds_alone(self.taxonomy, self.episode, strength, t);
        let body = (holds && body_topic).then(|| evidence::body_position(self.episode, t));
        Some(Class { holds, body })
    }
}

/// Whether a mention is a repeat of `first`, alike in `class`: the same entity by the same words, rule and
/// role at the same place, and, for a topic in a body, elsewhere than the first.
fn repeats(first: &Tagged, t: &Tagged, class: Class) -> bool {
    first.place == t.place
        && first.role == t.role
        && first.mention.entity == t.mention.entity
        && first.mention.text == t.mention.text
        && first.mention.rule == t.mention.rule
        && (class.body.is_none() || first.mention.span.start != t.mention.span.start)
}

/// The repeats among one text's mentions, merged as the scan finds them (see the module docs). A mention
/// is merged into the first alike in the compactor's sense (entity, words, rule and [`Class`]) only where
/// nothing that reads the text's list before the compactor tells them apart: it is a topic (not a
/// pattern's) or a module, so it has no role and owns nothing (`Tagger::add_owning_topics`); it is in no
/// import statement (whose topic words are dropped); and it is in a part of the text where no new person
/// is looked for (each candidate name is checked against every mention's span). The compactor would merge
/// it into the same first, which comes first in the sorted list too: only the first's count changes.
pub(super) struct Repeats<'c> {
    place: Place,
    class: &'c ClassOf<'c>,
    without_names: Vec<Range<usize>>,
    statements: Vec<Range<usize>>,
    /// Each first, by the hash of its entity, words, rule and class: its index in the text's list and its
    /// class (two that hash alike but differ are only kept apart).
    firsts: foldhash::HashMap<u64, (usize, Class)>,
    /// The repeats merged into each first, by its index in the list.
    merged: foldhash::HashMap<usize, u32>,
    /// The mentions of the last match, looked at one by one (kept to reuse its room).
    last: Vec<Mention>,
}

impl<'c> Repeats<'c> {
    /// The repeats of `text` at `place`; `class` is [`Classes::class_of`].
    pub(super) fn new(text: &str, place: Place, modules: &Modules, class: &'c ClassOf<'c>) -> Self {
        let without_names = people::parts_without_names(text);
        let statements = match without_names.is_empty() {
            true => Vec::new(),
            false => words::import_statements(text, modules),
        };
        Repeats {
            place,
            class,
            without_names,
            statements,
            firsts: foldhash::HashMap::default(),
            merged: foldhash::HashMap::default(),
            last: Vec::new(),
        }
    }

    /// Whether any part of the text may have its repeats merged.
    pub(super) fn merges_anywhere(&self) -> bool {
        !self.without_names.is_empty()
    }

    /// Merge the mentions of `mentions` from `from` on (those of one match) that repeat an earlier one.
    pub(super) fn merge_from(&mut self, mentions: &mut Vec<Mention>, from: usize) {
        if self.without_names.is_empty() {
            return;
        }
        let mut last = std::mem::take(&mut self.last);
        last.extend(mentions.drain(from..));
        for mention in last.drain(..) {
            if !self.may_merge(&mention) {
                mentions.push(mention);
                continue;
            }
            let t = Tagged::once(self.place, mention, None);
            let class = (self.class)(&t);
            let mention = t.mention;
            let Some(class) = class else {
                mentions.push(mention);
                continue;
            };
            let hash = foldhash::fast::FixedState::default().hash_one((
                &mention.entity,
                mention.text.as_str(),
                &mention.rule,
                class,
            ));
            match self.firsts.entry(hash) {
                Entry::Occupied(first) => {
                    let (index, first_class) = *first.get();
                    let repeat = first_class == class
                        && mentions.get(index).is_some_and(|first| {
                            first.entity == mention.entity
                                && first.text == mention.text
                                && first.rule == mention.rule
                                && (class.body.is_none() || first.span.start != mention.span.start)
                        });
                    if repeat {
                        let count = self.merged.entry(index).or_insert(0);
                        *count = count.saturating_add(1);
                    } else {
                        mentions.push(mention);
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert((mentions.len(), class));
                    mentions.push(mention);
                }
            }
        }
        self.last = last;
    }

    /// Whether nothing before the compactor reads a mention one by one (see the type's docs).
    fn may_merge(&self, mention: &Mention) -> bool {
        let topic = match mention.entity {
            Entity::Topic(_) => true,
            Entity::Module(_) => false,
            _ => return false,
        };
        let span = &mention.span;
        let part = self
            .without_names
            .partition_point(|p| p.start <= span.start);
        part > 0
            && span.end <= self.without_names[part - 1].end
            && !(topic && words::in_a_statement(&self.statements, span))
    }

    /// Done merging: `mentions` is the text's list before it is finished (sorted, and so on). Each first's
    /// count, for the finished list.
    pub(super) fn settle(self, mentions: &[Mention]) -> Counts {
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
        counts
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
