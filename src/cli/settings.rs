//! Settings: raw arguments checked once and turned into what the library takes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use castgraph::graph::{Filter, NodeKind};
use castgraph::ingest::{self, Corpus, IngestOptions};
use castgraph::{BuildOptions, Format, PepCatalog, Tagger, Taxonomy};

use super::args::{CommonInputArgs, GraphArgs, TaxonomyArgs};

/// The taxonomy to use: the shipped one or a file.
pub fn load_taxonomy(args: &TaxonomyArgs) -> Result<Taxonomy> {
    match &args.topics {
        Some(path) => Taxonomy::from_path(path)
            .with_context(|| format!("loading taxonomy `{}`", path.display())),
        None => Taxonomy::builtin().context("loading the shipped taxonomy"),
    }
}

/// Read the inputs (the bundled corpus when there are none), with the show set from `--show`.
pub struct Inputs {
    pub corpus: Corpus,
    pub tagger: Tagger,
    pub quiet: bool,
}

impl Inputs {
    /// Load the taxonomy and compile the tagger on one core while the other reads the inputs: for one
    /// show, each side takes about as long. Errors are reported in the order of the steps: taxonomy,
    /// `--show`, `--chapters`, inputs, compilation.
    pub fn load(inputs: &[PathBuf], common: &CommonInputArgs) -> Result<Self> {
        let (tagger, corpus) = rayon::join(|| load_tagger(common), || read_corpus(inputs, common));
        let tagger = tagger?;
        let mut corpus = corpus?;
        if let Some(show) = &common.show {
            corpus.show.name = Some(show.clone());
        }
        Ok(Inputs {
            corpus,
            tagger: tagger.context("compiling the taxonomy")?,
            quiet: common.quiet,
        })
    }

    /// Print the ingest warnings to stderr, unless quiet.
    pub fn report_warnings(&self) {
        if self.quiet {
            return;
        }
        for warning in &self.corpus.warnings {
            eprintln!("warning: {warning}");
        }
    }

    /// The taxonomy indexes of the show's hosts.
    pub fn hosts(&self) -> Vec<usize> {
        castgraph::graph::host_people(&self.corpus, self.tagger.taxonomy())
    }
}

/// The show notes of the inputs, once `--chapters` is known to have its one input.
fn read_corpus(inputs: &[PathBuf], common: &CommonInputArgs) -> Result<Corpus> {
    if let Some(chapters) = &common.chapters
        && inputs.len() != 1
    {
        bail!(
            "--chapters `{}` needs exactly one input file holding the episode the chapters belong to",
            chapters.display()
        );
    }
    let options = IngestOptions {
        format: common.input_format.map(Into::into),
        order: common.order.into(),
        chapters: common.chapters.clone(),
    };
    ingest::read_inputs(inputs, &options).context("reading show notes")
}

/// The taxonomy, checked against `--show`, and then the tagger compiled from it. The outer error is the
/// taxonomy's or the show's, the inner one the compilation's, which is reported after the inputs' errors.
fn load_tagger(common: &CommonInputArgs) -> Result<Result<Tagger, castgraph::tag::TagError>> {
    let taxonomy = load_taxonomy(&common.taxonomy)?;
    if let Some(show) = &common.show
        && taxonomy.show(show).is_none()
    {
        let known: Vec<String> = taxonomy
            .shows
            .iter()
            .map(|s| format!("`{}`", s.id))
            .collect();
        bail!(
            "unknown show `{show}`; the taxonomy defines {}; add a [[show]] to your topics file",
            known.join(", ")
        );
    }
    Ok(Tagger::new(taxonomy))
}

/// Build options from `--peps`.
pub fn build_options(args: &GraphArgs) -> Result<BuildOptions> {
    let peps = match &args.peps {
        Some(path) => Some(PepCatalog::from_path(path)?),
        None => None,
    };
    Ok(BuildOptions { peps })
}

/// The export format: `--format`, else the output's extension, else JSON.
pub fn export_format(format: Option<&str>, output: Option<&Path>) -> Result<Format> {
    if let Some(name) = format {
        return Format::from_name(name).with_context(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format `{name}`; use one of {}", names.join(", "))
        });
    }
    match output {
        Some(path) => Format::from_extension(path).with_context(|| {
            format!(
                "cannot tell the format from `{}`; name it with --format (json, dot, graphml, cytoscape, mermaid, turtle, jsonld)",
                path.display()
            )
        }),
        None => Ok(Format::Json),
    }
}

/// The filter from `--kinds`, `--episode`, `--focus`/`--depth` and `--min-episodes`.
pub fn filter(
    kinds: &[String],
    episode: Option<&str>,
    focus: Option<&str>,
    depth: usize,
    min_episodes: Option<usize>,
) -> Result<Filter> {
    let mut parsed = Vec::new();
    for kind in kinds.iter().filter(|k| !k.trim().is_empty()) {
        let Some(k) = NodeKind::parse(kind) else {
            let names: Vec<&str> = NodeKind::ALL.iter().map(|k| k.as_str()).collect();
            bail!(
                "unknown node kind `{kind}` in --kinds; use {}",
                names.join(", ")
            );
        };
        parsed.push(k);
    }
    let episode = episode.map(|e| {
        if e.starts_with("episode:") {
            e.to_string()
        } else {
            format!("episode:{e}")
        }
    });
    Ok(Filter {
        kinds: parsed,
        episode,
        focus: focus.map(|f| (f.to_string(), depth)),
        min_episodes,
    })
}
