//! The episode-by-topic grid: a row per topic (grouped under its broadest topic), a column per episode (in
//! number order), each cell shaded by the airtime the episode gives the topic. Written as SVG directly: a
//! show the size of core.py (73 topics, 17 episodes) fits a 1920 x 1080 screen; a larger one gets rows and
//! columns no smaller than reading needs, and a larger picture. Hovering a cell lists the chapters.

use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;

use super::palette;
use super::svg::{self, SCREEN, TopicEpisodes, minutes, shade, text};
use super::text::shorten;
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, NodeKind};

/// The longest row label (a topic) and column label (an episode), in characters.
const ROW_LABEL: usize = 32;
const COLUMN_LABEL: usize = 18;
/// Where the grid starts: room for the title and the slanted episode labels above it, the topic labels
/// beside it, the legend below.
const LEFT: f64 = 24.0 + 6.2 * ROW_LABEL as f64;
const TOP: f64 = 140.0;
const BOTTOM: f64 = 60.0;
/// Row heights and column widths, in pixels: what a screen allows, within what reads.
const ROW: (f64, f64) = (12.0, 24.0);
const COLUMN: (f64, f64) = (16.0, 64.0);
/// The longest cell tooltip, in characters.
const TOOLTIP: usize = 600;

/// Write the grid of the graph's episodes and its topics discussed in at least `min_episodes` episodes.
pub fn write(kg: &KnowledgeGraph, min_episodes: usize, out: &mut dyn Write) -> io::Result<()> {
    let topics = TopicEpisodes::of(kg, min_episodes);
    let episodes: Vec<NodeIndex> = kg
        .nodes_sorted()
        .into_iter()
        .filter(|&i| kg.graph()[i].kind == NodeKind::Episode)
        .collect();
    let (rows, columns) = (
        topics.topics.len().max(1) as f64,
        episodes.len().max(1) as f64,
    );
    let row = ((SCREEN.1 - TOP - BOTTOM) / rows).clamp(ROW.0, ROW.1);
    let column = ((SCREEN.0 - LEFT - 160.0) / columns).clamp(COLUMN.0, COLUMN.1);
    let width = SCREEN.0.max(LEFT + columns * column + 160.0);
    let height = SCREEN.1.max(TOP + rows * row + BOTTOM);
    let font = (row - 1.5).min(13.0);
    svg::open(
        out,
        width,
        height,
        &svg::view_title(kg, "episodes by topic"),
    )?;
    writeln!(
        out,
        r#"<text x="24" y="40" font-size="22" font-weight="bold">{}</text>"#,
        text(&svg::view_title(kg, "episodes by topic"))
    )?;
    writeln!(
        out,
        r#"<text class="small" x="24" y="64">{} topics discussed in at least {} episode(s) by {} episodes; a cell's shade is the airtime the episode gives the topic (hover for the chapters)</text>"#,
        topics.topics.len(),
        min_episodes.max(1),
        episodes.len()
    )?;
    for (c, &episode) in episodes.iter().enumerate() {
        let node = &kg.graph()[episode];
        let x = LEFT + (c as f64 + 0.5) * column;
        let y = TOP - 6.0;
        writeln!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="12" transform="rotate(-50 {x:.1} {y:.1})"><title>{}</title>{}</text>"#,
            text(node.title.as_deref().unwrap_or(&node.label)),
            text(&shorten(&node.label, COLUMN_LABEL))
        )?;
    }
    let most = topics
        .airtime
        .iter()
        .flat_map(|episodes| episodes.values())
        .copied()
        .max()
        .unwrap_or(0)
        .max(60);
    let colour = palette::edge(EdgeKind::Discusses).1;
    for (r, (&topic, airtime)) in topics.topics.iter().zip(&topics.airtime).enumerate() {
        let y = TOP + r as f64 * row;
        let node = &kg.graph()[topic];
        writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{font:.1}" text-anchor="end" dominant-baseline="central"><title>{}</title>{}</text>"#,
            LEFT - 8.0,
            y + row / 2.0,
            text(&node.id),
            text(&shorten(&node.label, ROW_LABEL))
        )?;
        for (c, &episode) in episodes.iter().enumerate() {
            let x = LEFT + c as f64 * column;
            let Some(&seconds) = airtime.get(&episode) else {
                writeln!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{column:.1}\" height=\"{row:.1}\" fill=\"#fafafa\" stroke=\"#e4e4e4\" stroke-width=\"0.5\"/>"
                )?;
                continue;
            };
            let share = (f64::from(seconds) / f64::from(most)).sqrt();
            writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{column:.1}\" height=\"{row:.1}\" fill=\"{}\" stroke=\"#e4e4e4\" stroke-width=\"0.5\"><title>{}</title></rect>",
                shade(colour, 0.12 + 0.88 * share),
                text(&cell_tooltip(kg, episode, topic, seconds))
            )?;
        }
        let total: u32 = airtime.values().sum();
        writeln!(
            out,
            r#"<text class="small" x="{:.1}" y="{:.1}" dominant-baseline="central">{} ep., {}</text>"#,
            LEFT + columns * column + 8.0,
            y + row / 2.0,
            airtime.len(),
            text(&minutes(total))
        )?;
    }
    write_legend(out, colour, most, height - BOTTOM + 24.0)?;
    svg::close(out)
}

/// `Episode 2 × GIL and free-threading: 21 min` and the chapters that carry the evidence.
fn cell_tooltip(kg: &KnowledgeGraph, episode: NodeIndex, topic: NodeIndex, seconds: u32) -> String {
    let (e, t) = (&kg.graph()[episode], &kg.graph()[topic]);
    let mut lines = vec![format!(
        "{} \u{d7} {}: {}",
        e.label,
        t.label,
        minutes(seconds)
    )];
    if let Some(edge) = kg.edge_between(&e.id, &t.id) {
        for evidence in edge.evidence() {
            match (evidence.start, evidence.title_excerpt()) {
                (Some(start), Some(title)) => lines.push(format!("{start} {title}")),
                _ => lines.push(format!("description: \u{201c}{}\u{201d}", evidence.matched)),
            }
        }
    }
    shorten(&lines.join("\n"), TOOLTIP)
}

/// Sample cells from a minute to the most airtime any cell has.
fn write_legend(out: &mut dyn Write, colour: &str, most: u32, y: f64) -> io::Result<()> {
    writeln!(
        out,
        r#"<text class="small" x="24" y="{:.1}" dominant-baseline="central">airtime:</text>"#,
        y + 8.0
    )?;
    let samples = [60, most / 8, most / 4, most / 2, most];
    for (k, seconds) in samples.into_iter().enumerate() {
        let x = 90.0 + k as f64 * 90.0;
        let share = (f64::from(seconds) / f64::from(most.max(1))).sqrt();
        writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"22\" height=\"16\" fill=\"{}\" stroke=\"#e4e4e4\"/><text class=\"small\" x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"central\">{}</text>",
            shade(colour, 0.12 + 0.88 * share),
            x + 28.0,
            y + 8.0,
            text(&minutes(seconds))
        )?;
    }
    Ok(())
}
