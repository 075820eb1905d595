//! The topic map: which topics go together. Topics sit on a circle, grouped under their broadest topic,
//! each a disc whose area grows with the number of episodes that discuss it; a curve joins two topics that
//! share episodes, wider and darker the more they share. Written as SVG directly (no Graphviz): the circle
//! keeps every label apart and readable, on a 1920 x 1080 screen for a show the size of core.py's 73
//! topics, and the circle grows with more. Hovering a disc or a curve names the episodes.

use std::collections::BTreeMap;
use std::f64::consts::TAU;
use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;

use super::palette;
use super::svg::{self, SCREEN, TopicEpisodes, text};
use super::text::shorten;
use crate::graph::KnowledgeGraph;
use crate::model::NodeKind;

/// The longest topic label, in characters, before it is cut.
const LABEL: usize = 30;
/// Room for a label beside the circle, in pixels (12 px Helvetica is about 6.6 px a character).
const LABEL_ROOM: f64 = 6.6 * LABEL as f64 + 24.0;
/// The smallest circle, and the arc each label needs along it.
const MIN_RADIUS: f64 = 300.0;
const LABEL_PITCH: f64 = 17.0;
/// At most this many curves per topic on average: the strongest pairs, so the map stays a picture.
const LINKS_PER_TOPIC: usize = 3;

/// Write the topic map of the graph's topics discussed in at least `min_episodes` episodes.
pub fn write(kg: &KnowledgeGraph, min_episodes: usize, out: &mut dyn Write) -> io::Result<()> {
    let topics = TopicEpisodes::of(kg, min_episodes);
    let n = topics.topics.len();
    let radius = MIN_RADIUS.max(n as f64 * LABEL_PITCH / TAU);
    let half = radius + LABEL_ROOM;
    let (width, height) = (
        SCREEN.0.max(2.0 * half + 40.0),
        SCREEN.1.max(2.0 * half + 20.0),
    );
    let centre = (width / 2.0, height / 2.0 + 10.0);
    let place = |k: usize| {
        // From the top, clockwise.
        let angle = TAU * k as f64 / n.max(1) as f64 - TAU / 4.0;
        (
            angle,
            centre.0 + radius * angle.cos(),
            centre.1 + radius * angle.sin(),
        )
    };
    let (links, pairs) = shared_episodes(&topics);
    svg::open(
        out,
        width,
        height,
        &svg::view_title(kg, "topics and the episodes they share"),
    )?;
    write_heading(kg, &topics, links.len(), pairs, min_episodes, out)?;
    let strongest = links.first().map_or(1, |l| l.2).max(1);
    writeln!(out, r#"<g fill="none" stroke-linecap="round">"#)?;
    for &(a, b, shared) in links.iter().rev() {
        let ((_, x1, y1), (_, x2, y2)) = (place(a), place(b));
        // Bent towards the centre, more for topics far apart on the circle.
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let (cx, cy) = (
            centre.0 + (mx - centre.0) * 0.2,
            centre.1 + (my - centre.1) * 0.2,
        );
        let share = f64::from(shared) / f64::from(strongest);
        writeln!(
            out,
            r#"<path d="M{x1:.1},{y1:.1} Q{cx:.1},{cy:.1} {x2:.1},{y2:.1}" stroke="{colour}" stroke-opacity="{opacity:.2}" stroke-width="{width:.1}"><title>{title}</title></path>"#,
            colour = palette::edge(crate::model::EdgeKind::Discusses).1,
            opacity = 0.25 + 0.6 * share,
            width = 1.0 + 5.0 * share,
            title = text(&format!(
                "{} and {}: {shared} episode(s) discuss both",
                kg.graph()[topics.topics[a]].label,
                kg.graph()[topics.topics[b]].label
            )),
        )?;
    }
    writeln!(out, "</g>")?;
    let (fill, stroke) = palette::colours(NodeKind::Topic);
    for (k, (&topic, episodes)) in topics.topics.iter().zip(&topics.airtime).enumerate() {
        let (angle, x, y) = place(k);
        let node = &kg.graph()[topic];
        let r = disc_radius(episodes.len());
        let tooltip = format!(
            "{} ({}): {} episode(s): {}",
            node.label,
            node.id,
            episodes.len(),
            episode_names(kg, episodes.keys())
        );
        writeln!(
            out,
            r#"<g><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"#,
            text(&tooltip)
        )?;
        write_label(
            out,
            angle,
            (
                centre.0 + (radius + 22.0) * angle.cos(),
                centre.1 + (radius + 22.0) * angle.sin(),
            ),
            &format!("{} ({})", shorten(&node.label, LABEL), episodes.len()),
        )?;
        writeln!(out, "</g>")?;
    }
    svg::close(out)
}

/// A disc's radius: its area grows with the number of episodes.
fn disc_radius(episodes: usize) -> f64 {
    3.0 + 3.2 * (episodes as f64).sqrt()
}

/// The pairs of topics (by place) that share episodes, strongest first, at most [`LINKS_PER_TOPIC`] per
/// topic on average and only pairs sharing more than one episode when there are that many; and how many
/// pairs share any.
fn shared_episodes(topics: &TopicEpisodes) -> (Vec<(usize, usize, u32)>, usize) {
    let mut by_episode: BTreeMap<NodeIndex, Vec<usize>> = BTreeMap::new();
    for (k, episodes) in topics.airtime.iter().enumerate() {
        for &episode in episodes.keys() {
            by_episode.entry(episode).or_default().push(k);
        }
    }
    let mut shared: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for places in by_episode.values() {
        for (i, &a) in places.iter().enumerate() {
            for &b in &places[i + 1..] {
                *shared.entry((a.min(b), a.max(b))).or_insert(0) += 1;
            }
        }
    }
    let pairs = shared.len();
    let mut links: Vec<(usize, usize, u32)> =
        shared.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    links.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let most = LINKS_PER_TOPIC * topics.topics.len();
    if links.len() > most {
        let floor = links[most - 1].2.max(2);
        links.retain(|l| l.2 >= floor);
        links.truncate(most);
    }
    (links, pairs)
}

/// A label beside the circle, along the radius, never upside down: on the left half it reads inwards
/// from its end.
fn write_label(out: &mut dyn Write, angle: f64, (x, y): (f64, f64), label: &str) -> io::Result<()> {
    let degrees = angle.to_degrees();
    let left = angle.cos() < -1e-9;
    let (rotate, anchor) = if left {
        (degrees + 180.0, "end")
    } else {
        (degrees, "start")
    };
    writeln!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="12" text-anchor="{anchor}" dominant-baseline="central" transform="rotate({rotate:.2} {x:.1} {y:.1})">{}</text>"#,
        text(label)
    )
}

fn write_heading(
    kg: &KnowledgeGraph,
    topics: &TopicEpisodes,
    links: usize,
    pairs: usize,
    min_episodes: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        r#"<text x="24" y="40" font-size="22" font-weight="bold">{}</text>"#,
        text(&svg::view_title(kg, "topic map"))
    )?;
    let lines = [
        format!(
            "{} topics discussed in at least {} episode(s)",
            topics.topics.len(),
            min_episodes.max(1)
        ),
        "disc area: episodes that discuss the topic".to_string(),
        format!("curves: the {links} strongest of {pairs} pairs"),
        "of topics discussed in the same episode;".to_string(),
        "wider and darker: more episodes shared".to_string(),
        "topics grouped under their broadest topic".to_string(),
    ];
    for (k, line) in lines.iter().enumerate() {
        writeln!(
            out,
            r#"<text class="small" x="24" y="{}">{}</text>"#,
            68 + 18 * k,
            text(line)
        )?;
    }
    Ok(())
}

/// `Episode 2, Episode 5, ...`: the episodes' labels, in number order.
pub(super) fn episode_names<'a>(
    kg: &KnowledgeGraph,
    episodes: impl Iterator<Item = &'a NodeIndex>,
) -> String {
    let mut nodes: Vec<_> = episodes.map(|&i| &kg.graph()[i]).collect();
    nodes.sort_by_key(|n| (n.number.unwrap_or(u32::MAX), n.id.as_str()));
    let names: Vec<&str> = nodes.iter().map(|n| n.label.as_str()).collect();
    shorten(&names.join(", "), 400)
}
