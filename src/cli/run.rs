//! Run a parsed command line: call the library, print what it returns.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use castgraph::eval::{self, Gold};
use castgraph::export::{self, ExportOptions};
use castgraph::output::write_atomically;
use castgraph::{KnowledgeGraph, Tagger, query};

use super::args::{Cli, Command};
use super::settings::{self, Inputs};
use super::{progress, report};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Episodes { input, json } => {
            let inputs = Inputs::load(&input.inputs, &input.common)?;
            inputs.report_warnings();
            let mut out = io::BufWriter::new(io::stdout().lock());
            if json {
                serde_json::to_writer_pretty(&mut out, &inputs.corpus.episodes)?;
                writeln!(out)?;
            } else {
                report::episodes_table(&inputs.corpus.episodes, &mut out)?;
            }
            out.flush()?;
        }
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
        } => {
            let output = output.filter(|path| path.as_os_str() != "-");
            let format = settings::export_format(format.as_deref(), output.as_deref())?;
            if edges_key != "edges" && edges_key != "links" {
                anyhow::bail!("--edges-key must be `edges` or `links`, not `{edges_key}`");
            }
            let filter = settings::filter(
                &kinds,
                episode.as_deref(),
                focus.as_deref(),
                depth,
                min_episodes,
            )?;
            let inputs = Inputs::load(&input.inputs, &input.common)?;
            inputs.report_warnings();
            let inputs_quiet = inputs.quiet;
            let bar = progress::episodes_bar(inputs.quiet, inputs.corpus.episodes.len(), "tagging");
            let options = settings::build_options(&graph)?;
            let mut kg = KnowledgeGraph::build_with_progress(
                inputs.corpus,
                &inputs.tagger,
                &options,
                &|n| bar.set_position(n),
            );
            bar.finish_and_clear();
            filter.apply(&mut kg)?;
            if format == castgraph::Format::Mermaid
                && !inputs_quiet
                && let Some(warning) = export::mermaid_limits_exceeded(&kg)
            {
                eprintln!("warning: {warning}");
            }
            let options = ExportOptions { edges_key, compact };
            write_output(output.as_deref(), |out| {
                export::write(&kg, format, &options, out)
            })?;
            // The process ends here: its exit frees the graph and the tagger at once, where dropping them
            // would free their thousands of allocations one by one.
            std::mem::forget(kg);
            std::mem::forget(inputs.tagger);
        }
        Command::Query {
            question,
            inputs,
            graph_file,
            common,
            graph,
            json,
            limit,
        } => {
            let (kg, tagger) = match &graph_file {
                Some(path) => {
                    let kg = export::read_json(path)?;
                    (kg, Tagger::new(settings::load_taxonomy(&common.taxonomy)?)?)
                }
                None => {
                    let loaded = Inputs::load(&inputs, &common)?;
                    loaded.report_warnings();
                    let kg = KnowledgeGraph::build(
                        loaded.corpus,
                        &loaded.tagger,
                        &settings::build_options(&graph)?,
                    );
                    (kg, loaded.tagger)
                }
            };
            let answer = query::answer(&kg, &tagger, &question, limit as usize)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            if json {
                serde_json::to_writer_pretty(&mut out, &answer)?;
                writeln!(out)?;
            } else {
                query::write_text(&answer, &kg, &mut out)?;
            }
            out.flush()?;
        }
        Command::Tag {
            text,
            taxonomy,
            json,
        } => {
            let tagger = Tagger::new(settings::load_taxonomy(&taxonomy)?)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            report::tag(&tagger, &text, json, &mut out)?;
            out.flush()?;
        }
        Command::Topics { input } => {
            let inputs = Inputs::load(&input.inputs, &input.common)?;
            inputs.report_warnings();
            let kg = KnowledgeGraph::build(inputs.corpus, &inputs.tagger, &Default::default());
            let mut out = io::BufWriter::new(io::stdout().lock());
            report::topic_tree(inputs.tagger.taxonomy(), &kg, &mut out)?;
            out.flush()?;
        }
        Command::Check { file } => {
            let path = file.as_deref().unwrap_or(Path::new("topics.toml"));
            let taxonomy = match &file {
                Some(path) => castgraph::Taxonomy::from_path(path)?,
                None if path.exists() => castgraph::Taxonomy::from_path(path)?,
                None => castgraph::Taxonomy::builtin()?,
            };
            Tagger::new(taxonomy.clone())
                .context("compiling the taxonomy's aliases and patterns together")?;
            let shown = if file.is_some() || path.exists() {
                path.display().to_string()
            } else {
                "the shipped topics.toml".into()
            };
            report::check_summary(&shown, &taxonomy, &mut io::stdout().lock())?;
        }
        Command::Eval { gold, input, json } => {
            let gold = Gold::from_path(&gold)?;
            let inputs = Inputs::load(&input.inputs, &input.common)?;
            inputs.report_warnings();
            let scores = eval::evaluate(&inputs.corpus, &inputs.tagger, &inputs.hosts(), &gold)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            if json {
                serde_json::to_writer_pretty(&mut out, &scores)?;
                writeln!(out)?;
            } else {
                eval::write_report(&scores, &mut out)?;
            }
            out.flush()?;
        }
        Command::Stats { input, graph } => {
            let inputs = Inputs::load(&input.inputs, &input.common)?;
            inputs.report_warnings();
            let kg = KnowledgeGraph::build(
                inputs.corpus,
                &inputs.tagger,
                &settings::build_options(&graph)?,
            );
            let mut out = io::BufWriter::new(io::stdout().lock());
            report::stats(&kg, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Write to a file atomically, or to standard output.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        Some(path) => write_atomically(path, |out| write(out).map_err(anyhow::Error::from))
            .with_context(|| {
                format!(
                    "writing `{}`; the previous file, if any, is untouched",
                    path.display()
                )
            }),
        None => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}
