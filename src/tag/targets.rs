//! Targets: what each alias spelling can name (a taxonomy term, a module, a module's class or function),
//! and the case, boundary and context rules a match must pass to name it where it stands.

use std::collections::HashMap;
use std::ops::Range;

use super::types::{Entity, Mention, Rule};
use super::words::{
    capitalise, ends_at_boundary, followed_by_capitalised_word, in_code_context,
    is_capitalised_word, plural_end, starts_title,
};
use crate::taxonomy::{CaseRule, Modules, Origin, Taxonomy};

/// What one alias spelling of the index can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WordTarget {
    Term(usize),
    Module(String),
    ModuleAlias(String),
}

/// The aliases the tagger looks for: each distinct spelling once (ASCII case folded), with every target it
/// names. Non-ASCII spellings get their lower, upper and ASCII-folded forms, so that "ŁUKASZ" and
/// "Lukasz" find "Łukasz".
pub(super) fn word_patterns(taxonomy: &Taxonomy) -> (Vec<String>, Vec<Vec<WordTarget>>) {
    // Sized for every term and module at once, and hashed by foldhash rather than SipHash: growing and
    // hashing this map was a third of the 2.6 M instructions of this function on the shipped taxonomy, on
    // the path every tagger build waits for (`callgrind`). Only looked up; its order reaches no output.
    let spellings =
        taxonomy.terms.len() + taxonomy.modules.names.len() + taxonomy.modules.aliases.len();
    let mut index: HashMap<String, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(spellings, Default::default());
    let mut patterns: Vec<String> = Vec::with_capacity(spellings);
    let mut targets: Vec<Vec<WordTarget>> = Vec::with_capacity(spellings);
    let mut add = |spelling: &str, target: WordTarget| {
        let mut forms = vec![spelling.to_string()];
        if !spelling.is_ascii() {
            forms.extend([
                spelling.to_lowercase(),
                spelling.to_uppercase(),
                deunicode::deunicode(spelling),
            ]);
        }
        for form in forms {
            let key = form.to_ascii_lowercase();
            let slot = *index.entry(key).or_insert_with(|| {
                patterns.push(form.clone());
                targets.push(Vec::new());
                patterns.len() - 1
            });
            if !targets[slot].contains(&target) {
                targets[slot].push(target.clone());
            }
        }
    };
    for (i, term) in taxonomy.terms.iter().enumerate() {
        add(&term.text, WordTarget::Term(i));
    }
    let mut modules: Vec<&String> = taxonomy.modules.names.iter().collect();
    modules.sort();
    for name in modules {
        add(name, WordTarget::Module(name.clone()));
    }
    let mut aliases: Vec<(&String, &String)> = taxonomy.modules.aliases.iter().collect();
    aliases.sort();
    for (alias, module) in aliases {
        add(alias, WordTarget::ModuleAlias(module.clone()));
    }
    (patterns, targets)
}

/// The mention a word match at `span` makes of `target`, if it passes the target's case, boundary and
/// context rules.
pub(super) fn check_word(
    taxonomy: &Taxonomy,
    text: &str,
    span: Range<usize>,
    target: &WordTarget,
) -> Option<Mention> {
    let matched = &text[span.clone()];
    let (entity, rule, end) = match target {
        WordTarget::Term(i) => {
            let term = &taxonomy.terms[*i];
            let case_ok = match term.case {
                CaseRule::Insensitive => true,
                CaseRule::Exact => {
                    matched == term.text
                        || deunicode::deunicode(matched) == deunicode::deunicode(&term.text)
                }
                CaseRule::Capitalized => matched.chars().next().is_some_and(char::is_uppercase),
            };
            let end = plural_end(text, span.end, matched)?;
            // "Pablo Hernández" is not the Pablo the first name resolves to: someone else's surname follows.
            // Likewise a capitalised word alias inside a longer name: "Black Friday" is not Black.
            let one_capitalised_word =
                term.case == CaseRule::Exact && is_capitalised_word(&term.text);
            if (term.origin == Origin::FirstName || one_capitalised_word)
                && followed_by_capitalised_word(text, end)
            {
                return None;
            }
            (
                case_ok.then(|| Entity::from_target(term.target))?,
                Rule::Term(*i),
                end,
            )
        }
        WordTarget::Module(name) => {
            let code = in_code_context(text, &span);
            let needs_code = taxonomy.modules.code_only.contains(name);
            // Speech-to-text and prose write some modules in capitals when they say so ("the JSON
            // module", "import OS"): said as a module, any case is the module.
            let said_as_module = matched.eq_ignore_ascii_case(name)
                && (text[span.end..].starts_with(" module")
                    || text[..span.start].ends_with("import "));
            // A name that is no English word keeps its sense in any mixed case ("Tkinter",
            // "TKinter", "Cprofile", "Datetime" in speech); in capitals it may be an acronym ("OS",
            // "IO", "UUID").
            let recased = !needs_code
                && matched.eq_ignore_ascii_case(name)
                && matched.chars().any(char::is_lowercase);
            let as_written = matched == name
                || (starts_title(text, span.start) && matched == capitalise(name))
                || said_as_module
                || recased;
            // `Path.copy()`: after a dot a name is an attribute, not a module.
            let attribute = text[..span.start].ends_with('.');
            if !as_written
                || attribute
                || (needs_code && !code)
                || !ends_at_boundary(text, span.end)
            {
                return None;
            }
            (
                Entity::Module(name.clone()),
                Rule::Module {
                    code_context: needs_code,
                },
                span.end,
            )
        }
        WordTarget::ModuleAlias(module) => {
            let alias_ok = taxonomy
                .modules
                .aliases
                .get(matched)
                .is_some_and(|m| m == module);
            // "Thread", "Queue", "Fraction" are also words: only as code ("Thread.join()").
            let is_word = matched.chars().skip(1).all(|c| c.is_lowercase());
            let context_ok = !is_word || in_code_context(text, &span);
            if !alias_ok || !context_ok || !ends_at_boundary(text, span.end) {
                return None;
            }
            (Entity::Module(module.clone()), Rule::ModuleAlias, span.end)
        }
    };
    Some(Mention::new(entity, span.start..end, text, rule))
}

/// A longer alias that is a dotted name ("sys.monitoring", "sys.__interactivehook__") still names its
/// module: the longest known module prefix.
pub(super) fn dotted_module(modules: &Modules, text: &str, span: Range<usize>) -> Option<Mention> {
    let matched = &text[span.clone()];
    let module = matched
        .rmatch_indices('.')
        .map(|(dot, _)| &matched[..dot])
        .find(|prefix| modules.names.contains(*prefix))?;
    let end = span.start + module.len();
    let entity = Entity::Module(module.to_string());
    Some(Mention::new(
        entity,
        span.start..end,
        text,
        Rule::Module { code_context: true },
    ))
}
