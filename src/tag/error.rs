//! The error of building a tagger. (Its own file, so that the automata that report it need not import the
//! façade.)

/// Errors building a tagger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// The taxonomy's patterns, each valid, are too large to compile together. (The taxonomy loader
    /// refuses patterns that compile to more than 4 MiB together, under the 10 MiB the regex engine
    /// allows, so a loaded taxonomy does not get here; one whose patterns were added in code may.)
    #[error(
        "cannot compile the {count} patterns of `{file}` together, the largest `{largest}` at {at}: \
         {source}; simplify or remove patterns"
    )]
    Patterns {
        /// The taxonomy file(s) the patterns come from.
        file: String,
        /// How many distinct patterns there are.
        count: usize,
        /// The pattern that compiles to the most, cut to a readable length.
        largest: String,
        /// Where the largest pattern is written (`file:line:column`).
        at: String,
        #[source]
        source: Box<regex_automata::meta::BuildError>,
    },
}

/// The error of the taxonomy's patterns failing to compile together: which files they come from, and the
/// one that compiles to the most (`pattern_defs`: each distinct pattern's definitions).
pub(super) fn patterns_error(
    taxonomy: &crate::taxonomy::Taxonomy,
    pattern_defs: &[Vec<usize>],
    source: Box<regex_automata::meta::BuildError>,
) -> TagError {
    use regex_automata::nfa::thompson::Compiler;
    let mut files: Vec<&str> = Vec::new();
    for pattern in &taxonomy.patterns {
        if !files.contains(&pattern.at.file.as_str()) {
            files.push(&pattern.at.file);
        }
    }
    // Compiling each alone says which weighs most (only on this error's path).
    let size = |def: usize| {
        Compiler::new()
            .build_from_hir(&taxonomy.patterns[def].hir)
            .map_or(usize::MAX, |nfa| nfa.memory_usage())
    };
    let largest = pattern_defs
        .iter()
        .map(|defs| defs[0])
        .min_by_key(|&def| std::cmp::Reverse(size(def)));
    let (largest, at) = largest.map_or_else(Default::default, |def| {
        let pattern = &taxonomy.patterns[def];
        (shortened(&pattern.source), pattern.at.to_string())
    });
    TagError::Patterns {
        file: files.join("`, `"),
        count: pattern_defs.len(),
        largest,
        at,
        source,
    }
}

/// A pattern cut to 60 characters, so that a huge one is not echoed whole.
fn shortened(pattern: &str) -> String {
    match pattern.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", &pattern[..cut]),
        None => pattern.to_string(),
    }
}
