//! The error of building a tagger. (Its own file, so that the automata that report it need not import the
//! façade.)

/// Errors building a tagger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// The taxonomy's patterns, each valid, are too large to compile together.
    #[error(
        "cannot compile the taxonomy's patterns together; simplify the patterns in the taxonomy"
    )]
    Patterns {
        #[source]
        source: Box<regex_automata::meta::BuildError>,
    },
}
