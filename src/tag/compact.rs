//! Compact: the repeats of a mention at one place kept as one tagged mention with a count.
//!
//! A hostile cue or title of megabytes names the same few things hundreds of thousands of times, and a
//! list of every mention (over a hundred bytes each, and the graph's lists built from it) was most of the
//! memory such a text cost (docs/reliability.md). Of the mentions of one entity at one place by the same
//! words, rule and role, the graph quotes the first and the evidence rules read only how many there are,
//! so the tagger keeps the first and counts the rest as it places them. It first drops what the evidence
//! rules would drop by the mention's own position (inside a URL, a module word not said as a module), so
//! that the repeats it merges are alike. Mentions whose position the later rules compare with others' are
//! kept one by one: releases and projects ("pytest 3.3.0"), topics matched by a pattern (checked against
//! the releases' spans), and topics in a description or body (asides, lists of desktops, separate
//! mentions).

use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

use super::evidence::{self, Strength};
use super::types::{Entity, Place, Rule, Tagged};
use crate::ingest::Episode;
use crate::taxonomy::Taxonomy;

/// The tagged mentions of one episode, merged as they are placed (see the module docs).
pub(super) struct Compactor<'e, S> {
    tagged: Vec<Tagged>,
    taxonomy: &'e Taxonomy,
    episode: &'e Episode,
    strength: S,
    /// The place of the last mention placed: merging is within one place, and mentions come place by place.
    place: Option<Place>,
    /// The merged mentions of that place, by a hash of their entity, words, rule and role: their index in
    /// the list. Two alike that hash apart are only kept apart, which is always right.
    seen: foldhash::HashMap<u64, usize>,
}

/// The compactor of an episode's mentions.
pub(super) fn compactor<'e>(
    taxonomy: &'e Taxonomy,
    episode: &'e Episode,
) -> Compactor<'e, impl Fn(Place) -> Strength + use<>> {
    Compactor {
        tagged: Vec::new(),
        taxonomy,
        episode,
        strength: evidence::strength_of(episode),
        place: None,
        seen: foldhash::HashMap::default(),
    }
}

impl<S: Fn(Place) -> Strength> Compactor<'_, S> {
    /// Add a mention: dropped if its own position fails the evidence rules, counted on the first like it
    /// at its place, or kept.
    pub(super) fn push(&mut self, t: Tagged) {
        let tagged = &mut self.tagged;
        let strength = (self.strength)(t.place);
        if !evidence::holds_alone(self.taxonomy, self.episode, strength, &t) {
            return;
        }
        if self.place != Some(t.place) {
            self.place = Some(t.place);
            self.seen.clear();
        }
        if !mergeable(&t, strength) {
            tagged.push(t);
            return;
        }
        // A fixed seed: the same mentions merge the same way on every run.
        let hash = foldhash::fast::FixedState::default().hash_one((
            &t.mention.entity,
            t.mention.text.as_str(),
            &t.mention.rule,
            t.role,
        ));
        match self.seen.entry(hash) {
            Entry::Occupied(first) => match tagged.get_mut(*first.get()) {
                Some(first) if alike(first, &t) => {
                    first.count = first.count.saturating_add(t.count)
                }
                _ => tagged.push(t),
            },
            Entry::Vacant(slot) => {
                slot.insert(tagged.len());
                tagged.push(t);
            }
        }
    }

    /// The mentions kept, in the order they were first placed.
    pub(super) fn finish(self) -> Vec<Tagged> {
        self.tagged
    }
}

/// Whether later rules read nothing of a mention's position but its place (see the module docs).
fn mergeable(t: &Tagged, strength: Strength) -> bool {
    match (&t.mention.entity, &t.mention.rule) {
        (Entity::Release(_) | Entity::Project(_), _) | (Entity::Topic(_), Rule::Pattern(_)) => {
            false
        }
        (Entity::Topic(_), _) => strength != Strength::Body,
        _ => true,
    }
}

/// Whether two mentions at one place are repeats: the same entity by the same words, rule and role.
fn alike(a: &Tagged, b: &Tagged) -> bool {
    a.place == b.place
        && a.role == b.role
        && a.mention.entity == b.mention.entity
        && a.mention.text == b.mention.text
        && a.mention.rule == b.mention.rule
}
