//! Cap: at most [`ENTITIES_PER_KIND`] distinct PEPs, releases, issues, CVEs and people the taxonomy does
//! not know in one episode.
//!
//! The built-in extractors name anything that looks like a number, and an interview cue anyone: a hostile
//! text of a few megabytes names hundreds of thousands of distinct issues or new people, each a node, an
//! edge and a mention, and the graph of one such episode no longer fits the memory a run may use
//! (docs/reliability.md). No real episode names more than a
//! few dozen of one kind, so an episode keeps the first [`ENTITIES_PER_KIND`] of each kind it names, in the
//! order the tagger finds them, and the mentions of any further one are dropped as they are found, so the
//! tagger's own lists stay bounded too. What was dropped is counted (distinct entities, by a 64-bit hash
//! each: 8 bytes, not the entity) and reported as a [`Dropped`] for the caller to warn about.

use std::hash::BuildHasher;

use super::types::{Entity, Mention};
use crate::model::NodeKind;

/// The most distinct entities of one extracted kind an episode keeps. In the real corpora (../shared/corpora
/// and the bundled one) an episode names at most 13 distinct PEPs, 11 releases, 11 issues and 5 CVEs, and
/// 24 people, known to the taxonomy or not: hundreds of times that is room for any real episode.
pub const ENTITIES_PER_KIND: usize = 5_000;

/// The kinds the cap bounds: those the taxonomy does not limit, the built-in extractors' and people it does
/// not know ([`Entity::NewPerson`]; its own people are bounded by it).
const KINDS: [NodeKind; 5] = [
    NodeKind::Pep,
    NodeKind::Release,
    NodeKind::Issue,
    NodeKind::Cve,
    NodeKind::Person,
];

/// Distinct entities of one kind an episode named beyond the cap: their mentions were dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub kind: NodeKind,
    /// How many distinct entities of the kind were kept (the cap).
    pub kept: usize,
    /// How many further distinct entities were named and dropped.
    pub dropped: usize,
}

/// The entities of one episode kept and dropped so far, per bounded kind.
#[derive(Debug)]
pub(super) struct Cap {
    limit: usize,
    kinds: [KindCount; KINDS.len()],
}

#[derive(Debug, Default)]
struct KindCount {
    kept: foldhash::HashSet<Entity>,
    /// The hashes of the dropped entities: counting them distinct without keeping them.
    dropped: foldhash::HashSet<u64>,
}

impl Default for Cap {
    fn default() -> Self {
        Cap::new(ENTITIES_PER_KIND)
    }
}

impl Cap {
    pub(super) fn new(limit: usize) -> Self {
        Cap {
            limit,
            kinds: Default::default(),
        }
    }

    /// Drop the mentions from `from` on whose entity is one too many of its kind, in one pass over them:
    /// a text may name a hundred thousand people, and removing each in turn moved all that followed.
    pub(super) fn retain_from(&mut self, mentions: &mut Vec<Mention>, from: usize) {
        let mut kept = from;
        for i in from..mentions.len() {
            if self.admit(&mentions[i].entity) {
                mentions.swap(kept, i);
                kept += 1;
            }
        }
        mentions.truncate(kept);
    }

    /// Whether a mention of `entity` is kept: it is of an unbounded kind, already kept, or there is room.
    fn admit(&mut self, entity: &Entity) -> bool {
        if matches!(entity, Entity::Person(_)) {
            return true;
        }
        let Some(slot) = KINDS.iter().position(|k| *k == entity.kind()) else {
            return true;
        };
        let count = &mut self.kinds[slot];
        if count.kept.contains(entity) {
            return true;
        }
        if count.kept.len() < self.limit {
            count.kept.insert(entity.clone());
            return true;
        }
        // A fixed seed: the same entities give the same count on every run.
        let hash = foldhash::fast::FixedState::default().hash_one(entity);
        count.dropped.insert(hash);
        false
    }

    /// The kinds that lost entities, and how many.
    pub(super) fn dropped(&self) -> Vec<Dropped> {
        KINDS
            .iter()
            .zip(&self.kinds)
            .filter(|(_, count)| !count.dropped.is_empty())
            .map(|(&kind, count)| Dropped {
                kind,
                kept: count.kept.len(),
                dropped: count.dropped.len(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(n: u32) -> Mention {
        let text = format!("gh-{n}");
        Mention::new(
            Entity::Issue(n),
            0..text.len(),
            &text,
            super::super::Rule::Issue,
        )
    }

    #[test]
    fn cap_keeps_the_first_entities_of_a_kind_and_counts_the_rest_once() {
        let mut cap = Cap::new(3);
        let mut mentions: Vec<Mention> = [1, 2, 1, 3, 4, 2, 5, 4].into_iter().map(issue).collect();
        mentions.push(Mention::new(
            Entity::Pep(8),
            0..5,
            "PEP 8",
            super::super::Rule::PepNumber,
        ));
        cap.retain_from(&mut mentions, 0);
        let kept: Vec<&Entity> = mentions.iter().map(|m| &m.entity).collect();
        let expected = [1, 2, 1, 3, 2].map(Entity::Issue);
        assert_eq!(kept[..5], expected.iter().collect::<Vec<_>>()[..]);
        assert_eq!(kept[5], &Entity::Pep(8));
        let dropped = vec![Dropped {
            kind: NodeKind::Issue,
            kept: 3,
            dropped: 2,
        }];
        assert_eq!(cap.dropped(), dropped);
    }

    #[test]
    fn cap_bounds_people_the_taxonomy_does_not_know_and_never_its_own() {
        let mut cap = Cap::new(2);
        let person = |entity: Entity| Mention::new(entity, 0..1, "X", super::super::Rule::Term(0));
        let mut mentions: Vec<Mention> = ["A", "B", "A", "C", "D"]
            .into_iter()
            .map(|n| person(Entity::NewPerson(n.into())))
            .chain((0..5).map(|i| person(Entity::Person(i))))
            .collect();
        cap.retain_from(&mut mentions, 0);
        let new_people = mentions
            .iter()
            .filter(|m| matches!(m.entity, Entity::NewPerson(_)))
            .count();
        assert_eq!((new_people, mentions.len()), (3, 8));
        let dropped = vec![Dropped {
            kind: NodeKind::Person,
            kept: 2,
            dropped: 2,
        }];
        assert_eq!(cap.dropped(), dropped);
    }
}
