//! Cap: at most [`ENTITIES_PER_KIND`] distinct PEPs, releases, issues and CVEs in one episode.
//!
//! The built-in extractors name anything that looks like a number: a hostile text of a few megabytes names
//! hundreds of thousands of distinct issues, each a node, an edge and a mention, and the graph of one such
//! episode no longer fits the memory a run may use (docs/reliability.md). No real episode names more than a
//! few dozen of one kind, so an episode keeps the first [`ENTITIES_PER_KIND`] of each kind it names, in the
//! order the tagger finds them, and the mentions of any further one are dropped as they are found, so the
//! tagger's own lists stay bounded too. What was dropped is counted (distinct entities, by a 64-bit hash
//! each: 8 bytes, not the entity) and reported as a [`Dropped`] for the caller to warn about.

use std::hash::BuildHasher;

use super::types::{Entity, Mention};
use crate::model::NodeKind;

/// The most distinct entities of one extracted kind an episode keeps. In the real corpora (../shared/corpora
/// and the bundled one) an episode names at most 13 distinct PEPs, 11 releases, 11 issues and 5 CVEs:
/// hundreds of times that is room for any real episode.
pub const ENTITIES_PER_KIND: usize = 5_000;

/// The kinds the cap bounds: those of the built-in extractors, which are not limited by the taxonomy.
const KINDS: [NodeKind; 4] = [
    NodeKind::Pep,
    NodeKind::Release,
    NodeKind::Issue,
    NodeKind::Cve,
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

    /// Drop the mentions from `from` on whose entity is one too many of its kind.
    pub(super) fn retain_from(&mut self, mentions: &mut Vec<Mention>, from: usize) {
        let mut i = from;
        while i < mentions.len() {
            if self.admit(&mentions[i].entity) {
                i += 1;
            } else {
                mentions.remove(i);
            }
        }
    }

    /// Whether a mention of `entity` is kept: it is of an unbounded kind, already kept, or there is room.
    fn admit(&mut self, entity: &Entity) -> bool {
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
}
