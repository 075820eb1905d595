//! What a question names: the entities the tagger finds in it (or a node's label or id), a PEP number
//! that no PEP has refused, and the nearest names for "did you mean".

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{EntityRef, QueryError};
use crate::graph::{KnowledgeGraph, PepCatalog};
use crate::model::NodeKind;
use crate::tag::{Entity, Rule, Tagger};
use crate::taxonomy::fold;

/// "which episodes discuss", "?" and the like: words that ask, not name.
static QUESTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:which|what)\s+episodes?\s+(?:discuss(?:es)?|mention|cover|talk about|are about|feature|have)\s+|episodes?\s+(?:about|on|with)\s+)|[?!.\s]+$").unwrap()
});

/// The question without the words that ask.
pub(super) fn strip_asking(question: &str) -> String {
    QUESTION_WORDS.replace_all(question, "").into_owned()
}

/// What a question names: the entities, and for each which name in the question it came from ("asyncio"
/// names both the module and the topic: one name, so an episode need not have both).
#[derive(Debug, Default)]
pub(super) struct Named {
    pub(super) entities: Vec<EntityRef>,
    pub(super) names: Vec<usize>,
    /// The words of the question that named them, folded ("pattern matching" names the syntax topic).
    pub(super) wordings: Vec<String>,
}

/// The entities a question names, in the order it names them: by the tagger, or failing that by a node's
/// label or id. None is not an error here: the words of the question may still find episodes. A PEP
/// number that neither the taxonomy, the catalogue nor the graph knows is [`QueryError::NoSuchPep`].
pub(super) fn entities(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
    peps: Option<&PepCatalog>,
) -> Result<Named, QueryError> {
    let taxonomy = tagger.taxonomy();
    let mut seen = HashSet::new();
    let mut named = Named::default();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for mention in tagger.tag_text(question) {
        if matches!(mention.rule, Rule::OwnedPep(_) | Rule::OwnedProject(_)) {
            continue; // "PEP 703" asks about the PEP; its topic is reached as related.
        }
        let id = mention.entity.id(taxonomy);
        if let Entity::Pep(number) = mention.entity {
            let known = kg.node(&id).is_some()
                || taxonomy.pep(number).is_some()
                || peps.is_some_and(|c| c.contains(number));
            if !known {
                return Err(QueryError::NoSuchPep { number });
            }
        }
        if seen.insert(id.clone()) {
            let label = kg
                .node(&id)
                .map_or_else(|| mention.entity.label(taxonomy), |n| n.label.clone());
            let span = mention.span.clone();
            let name = match spans
                .iter()
                .position(|s| s.start < span.end && span.start < s.end)
            {
                Some(name) => name,
                None => {
                    spans.push(span);
                    spans.len() - 1
                }
            };
            named.entities.push(EntityRef { id, label });
            named.names.push(name);
            named.wordings.push(super::rank::wording(&mention.text));
        }
    }
    if !named.entities.is_empty() {
        return Ok(named);
    }
    let wanted = fold(&strip_asking(question));
    if let Some(node) = kg.nodes().find(|n| {
        n.kind != NodeKind::Episode && (fold(&n.label) == wanted || n.id == wanted.trim())
    }) {
        named.entities.push(EntityRef {
            id: node.id.clone(),
            label: node.label.clone(),
        });
        named.names.push(0);
    }
    Ok(named)
}

/// The names closest to what was asked, for "did you mean".
pub(super) fn nearest_names(kg: &KnowledgeGraph, tagger: &Tagger, question: &str) -> Vec<String> {
    let wanted = fold(&strip_asking(question));
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = kg
        .nodes()
        .filter(|n| !matches!(n.kind, NodeKind::Episode | NodeKind::Show))
        .map(|n| n.label.clone())
        .collect();
    names.extend(tagger.taxonomy().terms.iter().map(|t| t.text.clone()));
    let mut scored: Vec<(f64, String)> = names
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&fold(&name), &wanted), name))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !out.iter().any(|o| fold(o) == fold(&name)) {
            out.push(name);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}
