//! What the unit tests share: the tagger of the shipped taxonomy, built once for the whole test binary.

use std::sync::LazyLock;

use crate::tag::Tagger;
use crate::taxonomy::Taxonomy;

static BUILTIN_TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new(Taxonomy::builtin().expect("the shipped taxonomy loads")).expect("it compiles")
});

/// The tagger of the shipped taxonomy (building one takes most of a unit test's time in debug builds).
pub(crate) fn builtin_tagger() -> &'static Tagger {
    &BUILTIN_TAGGER
}

/// The ids of the entities of one kind the shipped taxonomy's tagger finds in a text, in order.
pub(crate) fn ids_found(text: &str, kind: crate::model::NodeKind) -> Vec<String> {
    let t = builtin_tagger();
    t.tag_text(text)
        .into_iter()
        .filter(|m| m.entity.kind() == kind)
        .map(|m| m.entity.id(t.taxonomy()))
        .collect()
}
