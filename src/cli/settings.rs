//! Settings: raw arguments checked once and turned into what the library takes, with the command line's
//! hints (which flag to fix) added to the library's errors as context.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use castgraph::graph::Filter;
use castgraph::ingest::{self, Corpus, IngestError, IngestOptions, InputFiles};
use castgraph::model::NodeKind;
use castgraph::{
    BuildOptions, ExportOptions, Format, KnowledgeGraph, PepCatalog, Tagger, Taxonomy,
};

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
        Ok(Inputs {
            corpus,
            notes: show_notes(common, &tagger),
            tagger,
            quiet: common.quiet,
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
        super::warnings::report(colors, &self.corpus.warnings);
    }
}

/// The warnings about the options themselves.
fn show_notes(common: &CommonInputArgs, tagger: &Tagger) -> Vec<String> {
    let show = common.show.as_deref();
    show.and_then(|show| unknown_show_note(show, tagger.taxonomy()))
        .into_iter()
        .collect()
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
    let (paths, options) = ingest_options(inputs, common)?;
    ingest::read_inputs(&paths, &options).map_err(|error| with_hint(error, common))
}

/// The paths to read (standard input's own file for `-`) and the options to read them with, once
/// `--chapters` is known to have its one input.
fn ingest_options(
    inputs: &[PathBuf],
    common: &CommonInputArgs,
) -> Result<(Vec<PathBuf>, IngestOptions)> {
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
    Ok((paths, options))
}

/// An ingest error with the flag to fix, where one is the cause.
fn with_hint(error: IngestError, common: &CommonInputArgs) -> anyhow::Error {
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
}

/// The files of the inputs and the tagger, for a build that reads the files as it tags them
/// ([`castgraph::KnowledgeGraph::build_from_inputs`]); `None` for no inputs (the bundled corpus).
pub struct Streamed {
    pub files: Option<InputFiles>,
    /// The bundled corpus, read beside the tagger when there are no inputs.
    bundled: Option<Corpus>,
    pub options: IngestOptions,
    pub tagger: Tagger,
    pub quiet: bool,
    /// Warnings about the options themselves (a `--show` the taxonomy does not know).
    pub notes: Vec<String>,
}

impl Streamed {
    /// Find the input files and build the tagger, with the errors of [`Inputs::load`] in its order.
    ///
    /// Without inputs, the bundled corpus is read (its notes parsed, the ingest regexes compiled) on one
    /// core while the other builds the tagger: read after the tagger, it was 6 M of the 61 M instructions
    /// on the bundled build's longest path, with both cores of the pool waiting (`callgrind
    /// --separate-threads=yes`).
    pub fn load(inputs: &[PathBuf], common: &CommonInputArgs) -> Result<Self> {
        let (tagger, bundled) = rayon::join(
            || load_tagger(common),
            || inputs.is_empty().then(|| read_corpus(inputs, common)),
        );
        let tagger = tagger?;
        let (paths, options) = ingest_options(inputs, common)?;
        let files = match paths.is_empty() {
            true => None,
            false => Some(InputFiles::find(&paths).map_err(|error| with_hint(error, common))?),
        };
        Ok(Streamed {
            files,
            bundled: bundled.transpose()?,
            options,
            notes: show_notes(common, &tagger),
            tagger,
            quiet: common.quiet,
        })
    }

    /// Read the files and build their graph (the bundled corpus's without files); the warnings of reading
    /// are printed once it is built, before the graph's own.
    pub fn build(
        self,
        options: &BuildOptions,
        progress: &(dyn Fn(u64) + Sync),
        common: &CommonInputArgs,
        colors: Colors,
    ) -> Result<KnowledgeGraph> {
        let Streamed {
            files,
            options: ingest,
            tagger,
            quiet,
            notes,
            bundled,
        } = self;
        let (kg, warnings) = match &files {
            Some(files) => {
                let (planned, warnings) =
                    KnowledgeGraph::plan_inputs(files, &ingest, &tagger, options, progress)
                        .map_err(|error| with_hint(error, common))?;
                // Files may be megabytes of transcripts: the tagger's automata and caches, and the pages
                // the tagging threads freed, are given back before the graph is made and written, so
                // that they are never held beside it (README, Speed: the peak).
                let taxonomy = tagger.into_taxonomy();
                crate::release_freed_memory();
                (planned.into_graph(&taxonomy), warnings)
            }
            None => {
                let mut corpus = match bundled {
                    Some(corpus) => corpus,
                    None => ingest::read_inputs(&[], &ingest)?,
                };
                castgraph::graph::merge_episodes(&mut corpus, tagger.taxonomy());
                let warnings = std::mem::take(&mut corpus.warnings);
                let kg = KnowledgeGraph::build_with_progress(corpus, &tagger, options, progress);
                // The process ends once the graph is written: freeing the tagger's automata now, before
                // the write, was 3% of the bundled corpus's instructions (`valgrind --tool=callgrind`),
                // all on the one thread.
                std::mem::forget(tagger);
                (kg, warnings)
            }
        };
        if !quiet {
            for note in &notes {
                colors.warn(note);
            }
            super::warnings::report(colors, &warnings);
        }
        Ok(kg)
    }
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

/// Load the taxonomy and build its tagger. The fixed regexes every tagger shares are compiled on the other
/// cores while the taxonomy loads: the two take about as long for the bundled corpus, a third of its run.
fn load_tagger(common: &CommonInputArgs) -> Result<Tagger> {
    let (taxonomy, ()) = rayon::join(
        || load_taxonomy(&common.taxonomy),
        castgraph::tag::compile_fixed_regexes,
    );
    Tagger::new(taxonomy?).context("compiling the taxonomy")
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::args::{Cli, Command};

    fn build_input(args: &[&str]) -> super::super::args::InputArgs {
        match Cli::parse_from(args).command {
            Command::Build { input, .. } => input,
            _ => unreachable!("`build` parses as the build command"),
        }
    }

    /// Without inputs, [`Streamed::load`] reads the bundled corpus beside the tagger, and the build uses it:
    /// the same episodes and warnings as reading it on its own; with inputs, nothing is read ahead.
    #[test]
    fn bundled_corpus_read_beside_the_tagger_is_the_bundled_corpus() {
        let input = build_input(&["castgraph", "build", "-q"]);
        let streamed = Streamed::load(&input.inputs, &input.common).unwrap();
        let ahead = streamed.bundled.as_ref().expect("read beside the tagger");
        let alone = ingest::read_inputs(&[], &IngestOptions::default()).unwrap();
        assert_eq!(format!("{ahead:?}"), format!("{alone:?}"));
        assert!(!ahead.episodes.is_empty());

        let input = build_input(&["castgraph", "build", "-q", "../shared/corpora/feeds"]);
        let streamed = Streamed::load(&input.inputs, &input.common).unwrap();
        assert!(streamed.bundled.is_none() && streamed.files.is_some());
    }

    /// An error of the options still comes after the tagger's, and before anything is read.
    #[test]
    fn chapters_without_one_input_is_refused_with_the_bundled_corpus() {
        let input = build_input(&["castgraph", "build", "--chapters", "c.json"]);
        let error = Streamed::load(&input.inputs, &input.common).err().unwrap();
        assert!(
            error.to_string().contains("needs exactly one input"),
            "{error}"
        );
    }
}
