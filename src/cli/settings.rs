//! Settings: raw arguments checked once and turned into what the library takes, with the command line's
//! hints (which flag to fix) added to the library's errors as context.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use castgraph::graph::Filter;
use castgraph::ingest::{self, Corpus, IngestError, IngestOptions};
use castgraph::model::NodeKind;
use castgraph::{BuildOptions, ExportOptions, Format, PepCatalog, Tagger, Taxonomy};

use super::args::{CommonInputArgs, GraphArgs, TaxonomyArgs};
use super::color::Colors;
use super::stdin;

/// The taxonomy to use: the shipped one or a file.
pub fn load_taxonomy(args: &TaxonomyArgs) -> Result<Taxonomy> {
    match &args.topics {
        Some(path) => Taxonomy::from_path(path)
            .with_context(|| format!("loading taxonomy `{}`", path.display())),
        None => Taxonomy::builtin().context("loading the shipped taxonomy"),
    }
}

/// The show notes read and the tagger for them.
pub struct Inputs {
    pub corpus: Corpus,
    pub tagger: Tagger,
    pub quiet: bool,
    /// Warnings about the options themselves (a `--show` the taxonomy does not know).
    pub notes: Vec<String>,
}

impl Inputs {
    /// Read the inputs (the bundled corpus when there are none, standard input for `-`) on one core while
    /// the other loads the taxonomy and builds the tagger: for one show, each side takes about as long.
    /// Errors are reported in the order of the steps: taxonomy, `--show`, tagger, `--chapters`, inputs.
    pub fn load(inputs: &[PathBuf], common: &CommonInputArgs) -> Result<Self> {
        let (tagger, corpus) = rayon::join(|| load_tagger(common), || read_corpus(inputs, common));
        let tagger = tagger?;
        let mut corpus = corpus?;
        castgraph::graph::merge_episodes(&mut corpus, tagger.taxonomy());
        let notes = common
            .show
            .as_deref()
            .and_then(|show| unknown_show_note(show, tagger.taxonomy()))
            .into_iter()
            .collect();
        Ok(Inputs {
            corpus,
            tagger,
            quiet: common.quiet,
            notes,
        })
    }

    /// Print the ingest warnings to stderr, unless quiet.
    pub fn report_warnings(&self, colors: Colors) {
        if self.quiet {
            return;
        }
        for note in &self.notes {
            colors.warn(note);
        }
        for warning in &self.corpus.warnings {
            colors.warn(warning);
        }
    }
}

/// The warning for a `--show` the taxonomy's show table does not know: it becomes a new show.
fn unknown_show_note(show: &str, taxonomy: &castgraph::Taxonomy) -> Option<String> {
    if taxonomy.show(show).is_some() {
        return None;
    }
    let known: Vec<String> = taxonomy
        .shows()
        .iter()
        .map(|s| format!("`{}`", s.id))
        .collect();
    Some(format!(
        "--show `{show}` is not in the taxonomy's show table ({}), so it is a new show with no hosts; \
         name its hosts with --host, or add a [[show]] to your topics file",
        known.join(", ")
    ))
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
        format: common.input_format,
        order: common.order.into(),
        chapters: common.chapters.clone(),
        show: common.show.clone(),
        hosts: common.hosts.clone(),
    };
    let paths = inputs
        .iter()
        .map(|path| stdin::path_for(path))
        .collect::<Result<Vec<_>>>()?;
    ingest::read_inputs(&paths, &options).map_err(|error| {
        let hint = match error {
            // `--input-format` says nothing about the chapters file.
            _ if common
                .chapters
                .as_deref()
                .is_some_and(|chapters| is_about(&error, chapters)) =>
            {
                "reading the chapters file given with --chapters"
            }
            IngestError::Malformed { .. } => {
                "reading show notes (if the file holds another format, name it with --input-format)"
            }
            _ => "reading show notes",
        };
        anyhow::Error::new(error).context(hint)
    })
}

/// Whether an ingest error is about the file `path`.
fn is_about(error: &IngestError, path: &Path) -> bool {
    match error {
        IngestError::Io { path: about, .. }
        | IngestError::NotUtf8 { path: about, .. }
        | IngestError::Empty { path: about }
        | IngestError::Malformed { path: about, .. }
        | IngestError::ChaptersNeedOneEpisode { path: about, .. }
        | IngestError::NotChaptersFile { path: about } => about == path,
        _ => false,
    }
}

/// The taxonomy and the tagger built from it.
fn load_tagger(common: &CommonInputArgs) -> Result<Tagger> {
    let taxonomy = load_taxonomy(&common.taxonomy)?;
    Tagger::new(taxonomy).context("compiling the taxonomy")
}

/// Build options from `--peps`.
pub fn build_options(args: &GraphArgs) -> Result<BuildOptions> {
    let peps = match &args.peps {
        Some(path) => Some(
            PepCatalog::from_path(path).context("reading the PEP metadata given with --peps")?,
        ),
        None => None,
    };
    Ok(BuildOptions {
        peps,
        ..Default::default()
    })
}

/// `build`'s checked output settings: where, in which format, with which options.
pub struct OutputSettings {
    /// `None` is standard output.
    pub path: Option<PathBuf>,
    pub format: Format,
    pub options: ExportOptions,
}

impl OutputSettings {
    /// From `--output` (`-` is standard output), `--format` (else the output's extension, else JSON),
    /// `--edges-key` and `--compact`.
    pub fn new(
        path: Option<PathBuf>,
        format: Option<Format>,
        edges_key: String,
        compact: bool,
    ) -> Result<Self> {
        let path = path.filter(|path| path.as_os_str() != "-");
        let format = match (format, &path) {
            (Some(format), _) => format,
            (None, Some(path)) => format_of(path)?,
            (None, None) => Format::Json,
        };
        Ok(OutputSettings {
            path,
            format,
            options: ExportOptions { edges_key, compact },
        })
    }
}

/// The format an output file's name asks for.
fn format_of(path: &Path) -> Result<Format> {
    Format::from_extension(path).with_context(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!(
            "cannot tell the format from `{}`; name it with --format ({})",
            path.display(),
            names.join(", ")
        )
    })
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
    let episode = episode.map(str::to_string);
    Ok(Filter {
        kinds: parsed,
        episode,
        focus: focus.map(|f| (f.to_string(), depth)),
        min_episodes,
    })
}
