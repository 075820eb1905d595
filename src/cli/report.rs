//! Human-readable reports: the episodes table, tagger findings, the topic tree, taxonomy and graph summaries.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use castgraph::graph::KnowledgeGraph;
use castgraph::model::ids;
use castgraph::model::{EdgeKind, NodeKind};
use castgraph::{ChapterKind, Episode, Tagger, Taxonomy, printable};

use super::color::{Paint, Style};

/// Episodes and their chapters as a table.
pub fn episodes_table(episodes: &[Episode], paint: Paint, out: &mut dyn Write) -> io::Result<()> {
    for (i, episode) in episodes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let date = episode
            .date
            .as_deref()
            .map(|d| format!("  {d}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}{date}  ({} chapters)",
            paint.paint(Style::Heading, &printable(&episode.label())),
            episode.chapters.len()
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
                chapter.start,
                printable(chapter.title)
            )?;
        }
    }
    Ok(())
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
    let width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:<width$}  \u{201c}{}\u{201d} at {}..{}  by {}",
            row.id,
            printable(&row.matched),
            row.start,
            row.end,
            row.rule
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
        t.id, t.label, counts[topic]
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
        "{name} is valid: {} topics ({subtopics} sub-topics), {} PEPs, {} people, {} projects, {} modules, {} shows, {} aliases, {} patterns",
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
            writeln!(out, "  {n:>3}  {:>4}m  {label} ({id})", seconds / 60)?;
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
