//! Run a parsed command line: call the library, print what it returns, say how it went as an exit code.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use castgraph::eval::{self, Gold};
use castgraph::export;
use castgraph::{Format, KnowledgeGraph, QueryError, Tagger, Taxonomy, query};

use super::args::{Cli, Command, CommonInputArgs, GraphArgs, InputArgs};
use super::atomic::write_atomically;
use super::color::Colors;
use super::settings::{self, Inputs, OutputSettings, Streamed};
use super::{progress, report, stdin};

/// The exit status of a query that finds nothing (as grep's and ripgrep's).
pub const FOUND_NOTHING: u8 = 1;
/// The exit status of an error (clap uses it for a wrong command line too).
pub const FAILED: u8 = 2;

pub fn run(cli: Cli, colors: Colors) -> Result<ExitCode> {
    match cli.command {
        Command::Episodes { input, json } => episodes(&input, json, colors)?,
        Command::Build {
            input,
            graph,
            format,
            output,
            edges_key,
            compact,
            kinds,
            episode,
            focus,
            depth,
            min_episodes,
            evidence,
        } => {
            let output = OutputSettings::new(output, format, edges_key, compact)?;
            let filter = settings::filter(
                &kinds,
                episode.as_deref(),
                focus.as_deref(),
                depth,
                min_episodes,
            )?;
            build(&input, &graph, evidence, &filter, &output, colors)?
        }
        Command::Map {
            input,
            graph,
            view,
            min_episodes,
            output,
        } => {
            let inputs = load(&input, colors)?;
            let options = settings::build_options(&graph)?;
            let kg = KnowledgeGraph::build(inputs.corpus, &inputs.tagger, &options);
            report_graph_warnings(&kg, inputs.quiet, colors);
            let output = output.filter(|path| path.as_os_str() != "-");
            write_output(
                output.as_deref(),
                &format!("the {} view", view.name()),
                |out| export::write_map(&kg, view, min_episodes, out),
            )?
        }
        Command::Query {
            question,
            mut input,
            input_option,
            graph_file,
            graph,
            json,
            limit,
            evidence,
        } => {
            input.inputs.extend(input_option);
            let evidence = evidence as usize;
            let options = castgraph::BuildOptions {
                transcript_evidence: evidence.max(castgraph::graph::TRANSCRIPT_EVIDENCE),
                ..settings::build_options(&graph)?
            };
            let (kg, tagger, passages) = match &graph_file {
                Some(path) => graph_from_file(path, &input.common)?,
                None => graph_from_inputs(&input, &options, colors, (&question, evidence))?,
            };
            let options = query::QueryOptions {
                limit: limit as usize,
                evidence,
                peps: options.peps.as_ref(),
                passages: passages.as_ref(),
            };
            return answer(&kg, &tagger, &question, &options, json, colors);
        }
        Command::Tag {
            text,
            taxonomy,
            json,
        } => {
            let text = stdin::text_or_stdin(text)?;
            let tagger = Tagger::new(settings::load_taxonomy(&taxonomy)?)?;
            to_stdout("the tagger's findings", |out| {
                report::tag(&tagger, &text, json, out)
            })?;
        }
        Command::Topics { input } => {
            let inputs = load(&input, colors)?;
            let kg = KnowledgeGraph::build(inputs.corpus, &inputs.tagger, &Default::default());
            report_graph_warnings(&kg, inputs.quiet, colors);
            to_stdout("the topic tree", |out| {
                report::topic_tree(inputs.tagger.taxonomy(), &kg, colors.stdout, out)
            })?;
        }
        Command::Check { file } => check(file.as_deref())?,
        Command::Eval { gold, input, json } => {
            let golds = gold
                .iter()
                .map(|path| Gold::from_path(path))
                .collect::<Result<Vec<_>, _>>()
                .context("reading the gold annotations given with --gold")?;
            eval::check_distinct(&golds)?;
            let inputs = load(&input, colors)?;
            let runs = golds
                .iter()
                .map(|gold| eval::evaluate(&inputs.corpus, &inputs.tagger, gold))
                .collect::<Result<Vec<_>, _>>()?;
            let scores = eval::pool(runs);
            to_stdout("the scores", |out| {
                if json {
                    write_json(&scores, out)
                } else {
                    eval::write_report(&scores, out)
                }
            })?;
        }
        Command::Stats { input, graph } => {
            let inputs = load(&input, colors)?;
            let options = settings::build_options(&graph)?;
            let kg = KnowledgeGraph::build(inputs.corpus, &inputs.tagger, &options);
            report_graph_warnings(&kg, inputs.quiet, colors);
            to_stdout("the statistics", |out| {
                report::stats(&kg, colors.stdout, out)
            })?;
        }
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails (a closed pipe): it writes to memory instead.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "castgraph", &mut script);
            to_stdout("the completion script", |out| out.write_all(&script))?
        }
        Command::Man { command } => {
            let page = manual_page(command.as_deref())?;
            to_stdout("the manual page", |out| page.render(out))?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Read the inputs and print their warnings.
fn load(input: &InputArgs, colors: Colors) -> Result<Inputs> {
    let inputs = Inputs::load(&input.inputs, &input.common)?;
    inputs.report_warnings(colors);
    Ok(inputs)
}

fn episodes(input: &InputArgs, json: bool, colors: Colors) -> Result<()> {
    let mut inputs = load(input, colors)?;
    // Each episode names its show by the id the graph gives it (`show:python-bytes`).
    let taxonomy = inputs.tagger.taxonomy();
    let mut shows = Vec::with_capacity(inputs.corpus.episodes.len());
    for episode in &mut inputs.corpus.episodes {
        let show = castgraph::graph::show_of(episode, taxonomy);
        episode.show = Some(show.id());
        shows.push(show.title);
    }
    let episodes = &inputs.corpus.episodes;
    to_stdout("the episodes", |out| {
        if json {
            write_json(episodes, out)
        } else {
            report::episodes_table(episodes, &shows, colors.stdout, out)
        }
    })
}

fn build(
    input: &InputArgs,
    graph: &GraphArgs,
    evidence: Option<usize>,
    filter: &castgraph::Filter,
    output: &OutputSettings,
    colors: Colors,
) -> Result<()> {
    // The files are read as they are tagged: the words of a folder of transcripts are never all held.
    let inputs = Streamed::load(&input.inputs, &input.common)?;
    let quiet = inputs.quiet;
    let bar = progress::tagging_bar(quiet);
    let options = castgraph::BuildOptions {
        evidence,
        ..settings::build_options(graph)?
    };
    let mut kg = inputs.build(&options, &|n| bar.set_position(n), &input.common, colors)?;
    bar.finish_and_clear();
    report_graph_warnings(&kg, quiet, colors);
    filter.apply(&mut kg)?;
    if output.format == Format::Mermaid
        && !quiet
        && let Some(warning) = export::mermaid_limits_exceeded(&kg)
    {
        colors.warn(warning);
    }
    let write = |out: &mut dyn Write| export::write(&kg, output.format, &output.options, out);
    let what = format!("the graph ({})", output.format.name());
    write_output(output.path.as_deref(), &what, write)
}

/// Print the build's warnings (an episode naming too many distinct entities), like the ingest warnings.
fn report_graph_warnings(kg: &KnowledgeGraph, quiet: bool, colors: Colors) {
    if quiet {
        return;
    }
    super::warnings::report(colors, kg.warnings());
}

/// Write a file atomically, or standard output when there is no path.
fn write_output(
    path: Option<&Path>,
    what: &str,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        Some(path) => write_atomically(path, write).with_context(|| {
            format!(
                "writing `{}`; the previous file, if any, is untouched",
                path.display()
            )
        }),
        None => to_stdout(what, write),
    }
}

/// A graph to ask, the tagger to read the question, and the transcript passages that say its words.
type Asked = (KnowledgeGraph, Tagger, Option<query::PassageIndex>);

/// `query --graph FILE`: the graph as `build` wrote it, and a tagger to read the question; no transcript
/// words, which a graph does not keep.
fn graph_from_file(path: &Path, common: &CommonInputArgs) -> Result<Asked> {
    let kg = export::read_json(path).context("reading the graph given with --graph")?;
    let tagger = Tagger::new(settings::load_taxonomy(&common.taxonomy)?)?;
    Ok((kg, tagger, None))
}

/// `query QUESTION INPUT...`: the graph of the inputs, and their transcript passages that say the words
/// of the question (read before the graph is built, which drops the transcripts' words), quoting as many
/// per episode as the answer shows.
fn graph_from_inputs(
    input: &InputArgs,
    options: &castgraph::BuildOptions,
    colors: Colors,
    (question, evidence): (&str, usize),
) -> Result<Asked> {
    let inputs = load(input, colors)?;
    let passages =
        query::PassageIndex::scan(&inputs.corpus, inputs.tagger.taxonomy(), question, evidence);
    let kg = KnowledgeGraph::build(inputs.corpus, &inputs.tagger, options);
    report_graph_warnings(&kg, inputs.quiet, colors);
    Ok((kg, inputs.tagger, Some(passages)))
}

/// Print the answer; [`FOUND_NOTHING`] when the question names nothing in the graph, names a PEP that
/// does not exist, or no episode discusses what it names. Links to the moment are hyperlinks where
/// colour would be shown (a terminal, `--color` and NO_COLOR agreeing), plain URLs elsewhere.
fn answer(
    kg: &KnowledgeGraph,
    tagger: &Tagger,
    question: &str,
    options: &query::QueryOptions,
    json: bool,
    colors: Colors,
) -> Result<ExitCode> {
    let answer = match query::answer_with(kg, tagger, question, options) {
        Ok(answer) => answer,
        Err(error @ (QueryError::NoEntity { .. } | QueryError::NoSuchPep { .. })) => {
            colors.error(&error);
            return Ok(ExitCode::from(FOUND_NOTHING));
        }
        Err(error) => return Err(error.into()),
    };
    let links = if colors.stdout.enabled() {
        query::Links::Hyperlinks
    } else {
        query::Links::Plain
    };
    to_stdout("the answer", |out| {
        if json {
            write_json(&answer, out)
        } else {
            query::write_text_with(&answer, kg, links, out)
        }
    })?;
    Ok(if answer.results.is_empty() {
        ExitCode::from(FOUND_NOTHING)
    } else {
        ExitCode::SUCCESS
    })
}

/// `check [FILE]`: the file given (`-` is standard input), else `topics.toml` here, else the shipped one.
fn check(file: Option<&Path>) -> Result<()> {
    let local = Path::new("topics.toml");
    let (taxonomy, shown) = match file {
        Some(path) if stdin::is_stdin(path) => (
            Taxonomy::from_path(&stdin::path_for(path)?)?,
            "standard input".to_string(),
        ),
        Some(path) => (Taxonomy::from_path(path)?, path.display().to_string()),
        None if local.exists() => (Taxonomy::from_path(local)?, local.display().to_string()),
        None => (Taxonomy::builtin()?, "the shipped topics.toml".to_string()),
    };
    Tagger::new(taxonomy.clone())
        .context("compiling the taxonomy's aliases and patterns together")?;
    to_stdout("the summary", |out| {
        report::check_summary(&shown, &taxonomy, out)
    })
}

/// castgraph(1), or a command's page, castgraph-COMMAND(1), which castgraph(1) refers to.
fn manual_page(command: Option<&str>) -> Result<clap_mangen::Man> {
    let mut cli = Cli::command();
    cli.build(); // Gives the commands the global `--color`.
    let Some(name) = command else {
        return Ok(clap_mangen::Man::new(cli));
    };
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let sub = cli.find_subcommand(name).cloned().with_context(|| {
        format!(
            "no command `{name}` has a manual page; use one of {}",
            names.join(", ")
        )
    })?;
    let page_name = format!("castgraph-{}", sub.get_name());
    let source = format!("castgraph {}", env!("CARGO_PKG_VERSION"));
    Ok(
        clap_mangen::Man::new(sub.display_name(page_name.clone()).bin_name(page_name))
            .source(source),
    )
}

/// Write `what` to standard output through a buffer. An error (a full disk) says what was being written
/// and how much of it got out: what standard output received is incomplete.
fn to_stdout(what: &str, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut counted = Counted {
        inner: io::stdout().lock(),
        written: 0,
    };
    let mut out = io::BufWriter::new(&mut counted);
    let result = write(&mut out).and_then(|()| out.flush());
    drop(out);
    result.with_context(|| {
        format!(
            "writing {what} to standard output stopped after {} bytes; what was written is incomplete",
            counted.written
        )
    })
}

/// A writer that counts the bytes its inner writer took.
struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A value as indented JSON and a newline.
fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
