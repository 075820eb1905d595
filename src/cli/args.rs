//! Command-line arguments, as clap parses them. `settings.rs` turns them into checked settings.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use castgraph::Format;
use castgraph::export::MapView;
use castgraph::ingest::{InputFormat, Order};

const EXAMPLES: &str = "\
Examples:
  castgraph episodes                         the bundled core.py corpus as a table
  castgraph episodes feed.xml --json         a podcast feed's episodes and chapters as JSON
  castgraph build -o graph.json              the graph of the bundled corpus as NetworkX JSON
  castgraph build --focus pep:703 -o pep703.dot && dot -Tsvg pep703.dot -o pep703.svg
  castgraph map -o topics.svg                the topic map: which topics share episodes (SVG)
  castgraph map --view grid -o grid.svg      episodes by topic, shaded by airtime (SVG)
  castgraph query \"which episodes discuss PEP 703?\"
  castgraph tag \"Brandt Bucher on the copy & patch JIT (PEP 744)\"
  castgraph topics                           the taxonomy as a tree, with episode counts
  castgraph check my-topics.toml             validate a taxonomy file
  castgraph eval --gold tests/gold/corepy.toml
  castgraph eval --gold a.toml --gold b.toml DIR   two gold files of one input, scored as one
  curl -s https://example.org/feed.xml | castgraph build - -o feed.json

Exit status: 0 on success, 1 when a query finds nothing, 2 on an error or a wrong command line.";

/// Turn podcast show notes about Python's internals into a knowledge graph of episodes, topics, PEPs and
/// people, with the chapter and timestamp behind every edge.
#[derive(Debug, Parser)]
#[command(name = "castgraph", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour warnings, errors and headings (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

impl Cli {
    /// Whether the command builds the bundled corpus's graph: no input, so a run of a few milliseconds
    /// that holds a few megabytes (the memory pages it takes are then much of its time; `main`).
    pub fn builds_the_bundled_corpus(&self) -> bool {
        matches!(&self.command, Command::Build { input, .. } if input.inputs.is_empty())
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the episodes and their chapters, as a table or as JSON.
    Episodes {
        #[command(flatten)]
        input: InputArgs,
        /// Print a JSON array of episodes (the contract's episode-node fields).
        #[arg(long)]
        json: bool,
    },
    /// Build the knowledge graph and export it (JSON, DOT, GraphML, Cytoscape, Mermaid, Turtle, JSON-LD).
    Build {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        graph: GraphArgs,
        /// Output format; taken from the output file's extension when not given (default: json).
        #[arg(long, short = 'f', value_name = "FORMAT", value_parser = NamedParser::<Format>::new())]
        format: Option<Format>,
        /// Write to FILE (atomically) instead of standard output (`-` is standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The key under which JSON edges are listed: `edges` (NetworkX 3.6+) or `links` (d3, older NetworkX).
        #[arg(long, value_name = "KEY", default_value = "edges", value_parser = ["edges", "links"])]
        edges_key: String,
        /// Write JSON on one line instead of one node or edge a line (a byte less per node and edge).
        #[arg(long)]
        compact: bool,
        /// Keep only nodes of these kinds (comma-separated: episode,pep,topic,person,module,release,issue,cve,project).
        #[arg(long, value_name = "KINDS", value_delimiter = ',')]
        kinds: Vec<String>,
        /// Keep one episode and its neighbours.
        #[arg(long, value_name = "N")]
        episode: Option<String>,
        /// Keep the nodes within --depth steps of this node id (e.g. `pep:703`, `topic:jit`).
        #[arg(long, value_name = "ID")]
        focus: Option<String>,
        /// How many steps from --focus to keep.
        #[arg(long, value_name = "K", default_value_t = 1, requires = "focus")]
        depth: usize,
        /// Keep only non-episode nodes discussed in at least N episodes.
        #[arg(long, value_name = "N")]
        min_episodes: Option<usize>,
        /// Keep at most N items of evidence per edge (each edge's `count` still says how many there were);
        /// by default every chapter's and the first transcript passage's.
        #[arg(long, value_name = "N")]
        evidence: Option<usize>,
    },
    /// Draw the show's topics as SVG, without Graphviz: the topic map or the episode-by-topic grid.
    Map {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        graph: GraphArgs,
        /// The view to draw.
        #[arg(long, value_name = "VIEW", default_value = "topics", value_parser = NamedParser::<MapView>::new())]
        view: MapView,
        /// Draw only the topics discussed in at least N episodes.
        #[arg(long, value_name = "N", default_value_t = 1)]
        min_episodes: usize,
        /// Write to FILE (atomically) instead of standard output (`-` is standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Answer "which episodes discuss X?" with the chapters and timestamps to jump to.
    Query {
        /// The question, in words: "PEP 703", "free threading", "Brandt", "which episodes discuss the JIT?".
        question: String,
        #[command(flatten)]
        input: InputArgs,
        /// An input, as before inputs were positional (the same as giving FILE after the question).
        #[arg(long = "input", short = 'i', value_name = "FILE", hide = true)]
        input_option: Vec<PathBuf>,
        /// Answer from a graph written by `castgraph build` (JSON) instead of show notes.
        #[arg(long = "graph", value_name = "FILE", conflicts_with_all = ["inputs", "input_option"])]
        graph_file: Option<PathBuf>,
        #[command(flatten)]
        graph: GraphArgs,
        /// Print the answer as JSON.
        #[arg(long)]
        json: bool,
        /// How many episodes to list at most.
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
        /// How many chapters or transcript passages to show per episode ("and 14 more" says how many
        /// others carry evidence); 0 shows only the counts.
        #[arg(long, value_name = "N", default_value_t = castgraph::query::EVIDENCE as u32)]
        evidence: u32,
    },
    /// Show what the tagger finds in a piece of text and which rule fired.
    Tag {
        /// The text to tag, e.g. a chapter title (`-` reads it from standard input).
        text: String,
        #[command(flatten)]
        taxonomy: TaxonomyArgs,
        /// Print the mentions as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the taxonomy as a tree, with how many episodes of the input discuss each topic.
    Topics {
        #[command(flatten)]
        input: InputArgs,
    },
    /// Validate a taxonomy file (default: the shipped topics.toml).
    Check {
        /// The taxonomy file to check (`-` reads it from standard input).
        file: Option<PathBuf>,
    },
    /// Measure the tagger against hand annotations: precision, recall and F1 per entity kind.
    Eval {
        /// The gold annotations (TOML), e.g. tests/gold/corepy.toml. Repeat it to pool several gold files
        /// of distinct episodes of the same input into one score.
        #[arg(long, value_name = "FILE", required = true)]
        gold: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Counts per kind and the most discussed topics, PEPs and people.
    Stats {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        graph: GraphArgs,
    },
    /// Print a shell completion script (`castgraph completions bash > /etc/bash_completion.d/castgraph`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`castgraph man > castgraph.1 && man ./castgraph.1`).
    Man {
        /// A command's own page (`castgraph man build` is castgraph-build(1)) instead of castgraph(1).
        command: Option<String>,
    },
}

/// Inputs and how to read them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Show notes files or folders (text, Markdown, RSS/Atom, JSON, transcripts); `-` reads standard
    /// input. Default: the bundled core.py corpus.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonInputArgs,
}

/// How to read inputs, shared by every command that reads show notes.
#[derive(Debug, Args)]
pub struct CommonInputArgs {
    /// The input format, when the extension and content do not tell.
    #[arg(long, value_name = "FORMAT", value_parser = NamedParser::<InputFormat>::new())]
    pub input_format: Option<InputFormat>,
    /// The order of episodes in files that do not number them.
    #[arg(long, value_name = "ORDER", default_value = "newest-first")]
    pub order: OrderArg,
    /// The show every input belongs to: an id, title or alias from the taxonomy's [[show]] table (which
    /// gives its hosts), or a new show's name. Without it, a feed's channel, a heading such as
    /// "# Python Bytes 35" or the folder an input sits in names the show.
    #[arg(long, value_name = "SHOW")]
    pub show: Option<String>,
    /// A person who hosts every episode of the inputs, besides the show's hosts (repeat for several).
    #[arg(long = "host", value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub hosts: Vec<String>,
    /// A Podcasting 2.0 chapters JSON file for a single-episode input.
    #[arg(long, value_name = "FILE")]
    pub chapters: Option<PathBuf>,
    #[command(flatten)]
    pub taxonomy: TaxonomyArgs,
    /// Print no warnings or progress.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Which taxonomy to use.
#[derive(Debug, Args)]
pub struct TaxonomyArgs {
    /// A taxonomy file to use instead of the shipped topics.toml (it may extend the shipped one).
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
}

/// Options for building the graph.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// PEP metadata (peps.python.org API format) for PEP titles and `authored` edges.
    #[arg(long, value_name = "FILE")]
    pub peps: Option<PathBuf>,
}

/// `--order`: the library's `Order`, as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    /// The first episode in the file is the newest (as in feeds and the bundled corpus).
    NewestFirst,
    /// The first episode in the file is episode 1.
    OldestFirst,
}

impl From<OrderArg> for Order {
    fn from(arg: OrderArg) -> Self {
        match arg {
            OrderArg::NewestFirst => Order::NewestFirst,
            OrderArg::OldestFirst => Order::OldestFirst,
        }
    }
}

/// A library enum the command line takes by name, listing its values and what each is for in `--help`:
/// the lists come from the library, so a format added there is offered here with no change.
pub trait Named: Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn description(self) -> &'static str;
    /// The value a name gives: by default only the listed names.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.name().eq_ignore_ascii_case(name))
    }
}

impl Named for Format {
    const ALL: &'static [Self] = &Format::ALL;
    fn name(self) -> &'static str {
        Format::name(self)
    }
    fn description(self) -> &'static str {
        Format::description(self)
    }
    /// The listed names and the library's other spellings (`gv`, `ttl`, `mmd`, ...).
    fn from_name(name: &str) -> Option<Self> {
        Format::from_name(name)
    }
}

impl Named for MapView {
    const ALL: &'static [Self] = &MapView::ALL;
    fn name(self) -> &'static str {
        MapView::name(self)
    }
    fn description(self) -> &'static str {
        MapView::description(self)
    }
}

impl Named for InputFormat {
    const ALL: &'static [Self] = &InputFormat::ALL;
    fn name(self) -> &'static str {
        InputFormat::name(self)
    }
    fn description(self) -> &'static str {
        InputFormat::description(self)
    }
}

/// The parser of a [`Named`] value (`--format`, `--input-format`).
#[derive(Debug, Clone, Copy)]
pub struct NamedParser<T>(std::marker::PhantomData<T>);

impl<T: Named> NamedParser<T> {
    pub fn new() -> Self {
        NamedParser(std::marker::PhantomData)
    }

    fn value(item: T) -> PossibleValue {
        PossibleValue::new(item.name()).help(item.description())
    }

    fn names() -> PossibleValuesParser {
        PossibleValuesParser::new(T::ALL.iter().map(|&item| Self::value(item)))
    }
}

impl<T: Named> TypedValueParser for NamedParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // Not a name: clap's own error, which lists the names and suggests the nearest.
        let name = match value.to_str().and_then(T::from_name) {
            Some(item) => return Ok(item),
            None => Self::names().parse_ref(cmd, arg, value)?,
        };
        T::from_name(&name).ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::ALL.iter().map(|&item| Self::value(item))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_build_without_inputs_keeps_huge_pages() {
        let builds_bundled = |args: &[&str]| {
            let args = std::iter::once("castgraph").chain(args.iter().copied());
            Cli::try_parse_from(args)
                .unwrap()
                .builds_the_bundled_corpus()
        };
        assert!(builds_bundled(&["build", "-q", "-o", "x.json"]));
        assert!(builds_bundled(&[
            "build",
            "--compact",
            "--topics",
            "t.toml"
        ]));
        assert!(!builds_bundled(&["build", "notes.txt", "-o", "x.json"]));
        assert!(!builds_bundled(&["build", "-"]));
        assert!(!builds_bundled(&["episodes"]));
        assert!(!builds_bundled(&["query", "free threading"]));
    }
}
