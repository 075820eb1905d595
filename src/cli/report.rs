//! Human-readable reports: the episodes table, tagger findings, the topic tree, taxonomy and graph summaries.
//!
//! Every name, title, label, id and rule quoted from the input or a taxonomy goes through [`printable`], so
//! no escape sequence, BEL, NUL or bidi override in them reaches the terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use castgraph::graph::KnowledgeGraph;
use castgraph::model::ids;
use castgraph::model::{EdgeKind, NodeKind};
use castgraph::{ChapterKind, Episode, Tagger, Taxonomy, printable};

use super::color::{Paint, Style};

/// Episodes and their chapters as a table, each episode under its show's title when `shows` (one title
/// per episode) names more than one show. A transcript is told by its passages, cues and length: its
/// passages are not chapters.
pub fn episodes_table(
    episodes: &[Episode],
    shows: &[String],
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let several_shows = shows.iter().any(|s| Some(s) != shows.first());
    for (i, episode) in episodes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let date = episode
            .date
            .as_deref()
            .map(|d| format!("  {d}"))
            .unwrap_or_default();
        let show = match shows.get(i) {
            Some(show) if several_shows => format!("{} \u{b7} ", printable(show)),
            _ => String::new(),
        };
        writeln!(
            out,
            "{}{date}  ({})",
            paint.paint(
                Style::Heading,
                &format!("{show}{}", printable(&episode.label()))
            ),
            contents(episode)
        )?;
        if !episode.description.is_empty() {
            writeln!(out, "  {}", printable(&shorten(&episode.description, 96)))?;
        }
        for chapter in &episode.chapters {
            let kind = match chapter.kind {
                ChapterKind::Chapter => "",
                other => &other.to_string(),
            };
            writeln!(
                out,
                "  {}  {kind:<7}  {}",
                chapter
                    .start
                    .map_or_else(|| "--:--:--".to_string(), |s| s.to_string()),
                printable(chapter.title)
            )?;
        }
    }
    Ok(())
}

/// What an episode holds: its chapters, and its transcript's passages, cues and length.
fn contents(episode: &Episode) -> String {
    let chapters = plural(episode.chapters.len(), "chapter");
    let Some(transcript) = episode.transcript.as_ref() else {
        return chapters;
    };
    let counts = transcript.counts();
    let transcript = format!(
        "a transcript of {}, {}, {}",
        plural(counts.passages as usize, "passage"),
        plural(counts.cues as usize, "cue"),
        castgraph::ingest::Timestamp(counts.seconds)
    );
    if episode.chapters.is_empty() {
        transcript
    } else {
        format!("{chapters}; {transcript}")
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

#[derive(Serialize)]
struct TagRow {
    id: String,
    kind: &'static str,
    label: String,
    #[serde(rename = "match")]
    matched: String,
    start: usize,
    end: usize,
    rule: String,
}

/// What the tagger finds in a text and which rule fired.
pub fn tag(tagger: &Tagger, text: &str, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let taxonomy = tagger.taxonomy();
    let rows: Vec<TagRow> = tagger
        .tag_text(text)
        .into_iter()
        .map(|m| TagRow {
            id: m.entity.id(taxonomy),
            kind: m.entity.kind().as_str(),
            label: m.entity.label(taxonomy),
            matched: m.text.into(),
            start: m.span.start,
            end: m.span.end,
            rule: m.rule.describe(taxonomy),
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    if rows.is_empty() {
        return writeln!(out, "nothing found");
    }
    let ids: Vec<_> = rows.iter().map(|r| printable(&r.id)).collect();
    let width = ids.iter().map(|id| id.chars().count()).max().unwrap_or(0);
    for (row, id) in rows.iter().zip(&ids) {
        writeln!(
            out,
            "{id:<width$}  \u{201c}{}\u{201d} at {}..{}  by {}",
            printable(&row.matched),
            row.start,
            row.end,
            printable(&row.rule)
        )?;
    }
    Ok(())
}

/// The taxonomy as a tree, with how many episodes discuss each topic.
pub fn topic_tree(
    taxonomy: &Taxonomy,
    kg: &KnowledgeGraph,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts: Vec<usize> = taxonomy
        .topics()
        .iter()
        .map(|t| {
            kg.node_index(&ids::topic(&t.id))
                .map_or(0, |i| kg.episode_count(i))
        })
        .collect();
    let episodes = kg
        .graph()
        .node_weights()
        .filter(|n| n.kind == NodeKind::Episode)
        .count();
    let heading = format!(
        "{} topics; episodes discussing each, of {episodes}:",
        taxonomy.topics().len()
    );
    writeln!(out, "{}", paint.paint(Style::Heading, &heading))?;
    let roots: Vec<usize> = (0..taxonomy.topics().len())
        .filter(|&i| taxonomy.topics()[i].parent.is_none())
        .collect();
    for (k, root) in roots.iter().enumerate() {
        branch(taxonomy, &counts, *root, "", k + 1 == roots.len(), out)?;
    }
    Ok(())
}

fn branch(
    taxonomy: &Taxonomy,
    counts: &[usize],
    topic: usize,
    prefix: &str,
    last: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = &taxonomy.topics()[topic];
    let (joint, indent) = if last {
        ("\u{2514}\u{2500} ", "   ")
    } else {
        ("\u{251c}\u{2500} ", "\u{2502}  ")
    };
    let peps = if t.peps.is_empty() {
        String::new()
    } else {
        format!(
            "  [PEP {}]",
            t.peps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    writeln!(
        out,
        "{prefix}{joint}{} ({}) {}{peps}",
        printable(&t.id),
        printable(&t.label),
        counts[topic]
    )?;
    let children: Vec<usize> = taxonomy.children(topic).collect();
    let prefix = format!("{prefix}{indent}");
    for (k, child) in children.iter().enumerate() {
        branch(
            taxonomy,
            counts,
            *child,
            &prefix,
            k + 1 == children.len(),
            out,
        )?;
    }
    Ok(())
}

/// What a valid taxonomy holds.
pub fn check_summary(name: &str, taxonomy: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    let subtopics = taxonomy
        .topics()
        .iter()
        .filter(|t| t.parent.is_some())
        .count();
    writeln!(
        out,
        "{} is valid: {} topics ({subtopics} sub-topics), {} PEPs, {} people, {} projects, {} modules, {} shows, {} aliases, {} patterns",
        printable(name),
        taxonomy.topics().len(),
        taxonomy.peps().len(),
        taxonomy.people().len(),
        taxonomy.projects().len(),
        taxonomy.module_count(),
        taxonomy.shows().len(),
        taxonomy.term_count(),
        taxonomy.pattern_count(),
    )
}

/// Counts per kind and the most discussed topics, PEPs and people.
pub fn stats(kg: &KnowledgeGraph, paint: Paint, out: &mut dyn Write) -> io::Result<()> {
    let counts = kg.count_by_kind();
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "{} nodes: {}",
        kg.graph().node_count(),
        parts.join(", ")
    )?;
    let mut edges: BTreeMap<EdgeKind, usize> = BTreeMap::new();
    for e in kg.graph().edge_weights() {
        *edges.entry(e.kind()).or_insert(0) += 1;
    }
    let parts: Vec<String> = edges.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "{} edges: {}",
        kg.graph().edge_count(),
        parts.join(", ")
    )?;
    for (kind, title) in [
        (NodeKind::Topic, "topics"),
        (NodeKind::Pep, "PEPs"),
        (NodeKind::Person, "people"),
    ] {
        let heading = format!("most discussed {title} (episodes, airtime):");
        writeln!(out, "\n{}", paint.paint(Style::Heading, &heading))?;
        for (n, seconds, id, label) in most_discussed(kg, kind) {
            writeln!(
                out,
                "  {n:>3}  {:>4}m  {} ({})",
                seconds / 60,
                printable(label),
                printable(id)
            )?;
        }
    }
    Ok(())
}

/// The ten nodes of a kind discussed in the most episodes (then with the most airtime, then by id):
/// (episodes, airtime in seconds, id, label).
fn most_discussed(kg: &KnowledgeGraph, kind: NodeKind) -> Vec<(usize, u32, &str, &str)> {
    let mut ranked: Vec<(usize, u32, &str, &str)> = kg
        .graph()
        .node_indices()
        .filter(|&i| kg.graph()[i].kind == kind)
        .map(|i| {
            (
                kg.episode_count(i),
                airtime(kg, i),
                kg.graph()[i].id.as_str(),
                kg.graph()[i].label.as_str(),
            )
        })
        .filter(|r| r.0 > 0)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    ranked.truncate(10);
    ranked
}

fn airtime(kg: &KnowledgeGraph, node: petgraph::stable_graph::NodeIndex) -> u32 {
    kg.graph()
        .edges_directed(node, petgraph::Direction::Incoming)
        .filter_map(|e| e.weight().seconds())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use castgraph::{BuildOptions, InputFormat};

    /// A guest whose name carries ESC (a colour sequence), BEL, NUL and a right-to-left override.
    const HOSTILE_NAME: &str = "x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";
    /// The same name as the terminal is shown it.
    const SHOWN: &str = r"x \u{1b}[31mRED\u{7}\u{0} \u{202e}evil";

    /// Fail if `text` holds anything but line feeds that acts on a terminal.
    fn assert_inert(text: &str) {
        let acting = |c: char| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        };
        assert!(!text.contains(acting), "{text:?}");
    }

    fn render(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("writing to memory succeeds");
        String::from_utf8(out).expect("reports are UTF-8")
    }

    fn taxonomy(toml: &str) -> Taxonomy {
        Taxonomy::from_toml(toml, "test.toml").expect("the taxonomy loads")
    }

    #[test]
    fn stats_print_names_from_the_input_inert() {
        let notes = serde_json::json!([{
            "number": 1,
            "description": "We talk about the GIL with our guest.\n\n00:00 Intro\n01:00 The GIL",
            "people": [{"name": HOSTILE_NAME, "role": "guest"}],
        }]);
        let corpus = castgraph::ingest::read_str(
            &notes.to_string(),
            None,
            InputFormat::Json,
            &Default::default(),
        )
        .expect("the notes are read");
        let tagger = Tagger::new(taxonomy("version = 1")).expect("the tagger compiles");
        let kg = KnowledgeGraph::build(corpus, &tagger, &BuildOptions::default());
        let text = render(|out| stats(&kg, Paint::default(), out));
        assert_inert(&text);
        assert!(text.contains(SHOWN), "{text}");
    }

    #[test]
    fn topic_tree_and_check_summary_print_taxonomy_text_inert() {
        // The label as a TOML string: JSON's escapes of control characters are TOML's too.
        let label = serde_json::to_string(HOSTILE_NAME).expect("a string serializes");
        let taxonomy = taxonomy(&format!(
            "version = 1\n[[topic]]\nid = \"gil\"\nlabel = {label}\ndescription = \"d\"\naliases = [\"GIL\"]\n",
        ));
        let text =
            render(|out| topic_tree(&taxonomy, &KnowledgeGraph::default(), Paint::default(), out));
        assert_inert(&text);
        assert!(text.contains(&format!("gil ({SHOWN}) 0")), "{text}");
        let text = render(|out| check_summary(HOSTILE_NAME, &taxonomy, out));
        assert_inert(&text);
        assert!(text.starts_with(&format!("{SHOWN} is valid")), "{text}");
    }

    #[test]
    fn tag_prints_rules_and_matches_inert() {
        let taxonomy = taxonomy(
            "version = 1\n[[topic]]\nid = \"rtl\"\nlabel = \"RTL\"\ndescription = \"d\"\naliases = [\"abc\u{202e}def\"]\n",
        );
        let tagger = Tagger::new(taxonomy).expect("the tagger compiles");
        let text = render(|out| tag(&tagger, "say abc\u{202e}def \u{1b}[2J", false, out));
        assert_inert(&text);
        assert!(
            text.contains(r"“abc\u{202e}def”") && text.contains(r"`abc\u{202e}def`"),
            "{text}"
        );
    }
}
