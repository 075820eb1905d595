//! An answer for people to read: what the question names, then the episodes under headings that say how
//! they were reached, each with its airtime, role, path and the moments to jump to. Every label, title,
//! id and quoted word goes through [`printable`]; a link is shown as a terminal hyperlink (OSC 8) or as a
//! plain URL, made of printable ASCII only either way.

use std::io::{self, Write};

use super::{Answer, Coverage, Hit, MatchKind};
use crate::graph::{Evidence, EvidenceSource, KnowledgeGraph, quote_title};
use crate::ingest::ChapterKind;
use crate::output::printable;

/// How links to the moment are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Links {
    /// As plain URLs after the line (in a pipe, a file, or with colour turned off).
    #[default]
    Plain,
    /// As OSC 8 hyperlinks on the timestamp (on a terminal that shows them).
    Hyperlinks,
}

/// [`write_text_with`] with plain URLs.
pub fn write_text(answer: &Answer, kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    write_text_with(answer, kg, Links::Plain, out)
}

/// Write an answer for people to read.
pub fn write_text_with(
    answer: &Answer,
    kg: &KnowledgeGraph,
    links: Links,
    out: &mut dyn Write,
) -> io::Result<()> {
    for entity in &answer.entities {
        let title = kg
            .node(&entity.id)
            .and_then(|n| n.title.clone())
            .filter(|t| *t != entity.label);
        let name = format!("{} ({})", printable(&entity.label), printable(&entity.id));
        match title {
            Some(title) => writeln!(out, "{name}: {}", printable(&title))?,
            None => writeln!(out, "{name}")?,
        }
    }
    if answer.results.is_empty() {
        writeln!(out, "\nno episode discusses it in this input")?;
        return write_note(answer, out);
    }
    let several_shows = answer
        .results
        .iter()
        .any(|h| h.show != answer.results[0].show);
    // Words found in speech are said to be: the notes alone are a smaller place to look.
    let spoken = answer.results.iter().any(|h| {
        h.match_kind == MatchKind::Words
            && h.spans
                .iter()
                .any(|s| s.source == EvidenceSource::Transcript)
    });
    let mut heading = None;
    for hit in &answer.results {
        let group = (hit.match_kind, hit.coverage);
        if heading != Some(group) {
            // A blank line after what came before, if anything did.
            let gap = if heading.is_some() || !answer.entities.is_empty() {
                "\n"
            } else {
                ""
            };
            heading = Some(group);
            writeln!(
                out,
                "{gap}{}",
                heading_for(hit.match_kind, hit.coverage, spoken)
            )?;
        }
        write_hit(hit, kg, several_shows, links, out)?;
    }
    write_note(answer, out)
}

/// What the answer could not look at, on a line of its own after it.
fn write_note(answer: &Answer, out: &mut dyn Write) -> io::Result<()> {
    match answer.note {
        Some(note) => writeln!(out, "\nnote: {note}"),
        None => Ok(()),
    }
}

fn heading_for(kind: MatchKind, coverage: Option<Coverage>, spoken: bool) -> String {
    let (entities, words) = match coverage {
        None => ("", ""),
        Some(Coverage::Both) => (" for both", ", both words"),
        Some(Coverage::Either) => (" for either, not both", ", either word"),
        Some(Coverage::All) => (" for all of them", ", all the words"),
        Some(Coverage::Any) => (" for some of them", ", some of the words"),
    };
    // With all of several names, an episode is as good as its thinnest part.
    let order = match coverage {
        Some(Coverage::Both | Coverage::All) => "by the airtime of the least discussed",
        _ => "by airtime",
    };
    match kind {
        MatchKind::Direct => format!("Direct evidence{entities}, {order}:"),
        MatchKind::Related => format!("Related through the taxonomy{entities}, closest first:"),
        MatchKind::Words => {
            let notes = if spoken {
                "the notes and transcripts"
            } else {
                "the notes"
            };
            format!("No episode is tagged with it; found in the words of {notes}{words}:")
        }
    }
}

fn write_hit(
    hit: &Hit,
    kg: &KnowledgeGraph,
    several_shows: bool,
    links: Links,
    out: &mut dyn Write,
) -> io::Result<()> {
    let show = match (several_shows, &hit.show) {
        (true, Some(show)) => format!(
            "{} \u{b7} ",
            printable(kg.node(show).map_or(show.as_str(), |n| n.label.as_str()))
        ),
        _ => String::new(),
    };
    let role = hit.role.map(|r| format!("  {r}")).unwrap_or_default();
    let via = match &hit.via {
        Some(via) => format!(
            "  via {}",
            kg.node(via)
                .map_or(printable(via).into_owned(), |n| format!(
                    "{} ({})",
                    printable(&n.label),
                    printable(via)
                ))
        ),
        None => String::new(),
    };
    // Evidence without a time (notes without timestamps, a description) has no airtime to show.
    let airtime = if hit.seconds == 0 && hit.evidence.iter().all(|e| e.seconds.is_none()) {
        String::new()
    } else {
        format!("  [{} of airtime]", minutes(hit.seconds))
    };
    writeln!(out, "  {show}{}{airtime}{role}{via}", printable(&hit.label),)?;
    // The answer holds one item per place (chapter, passage, wording of untimed notes), the first few.
    let mut last_link: Option<&str> = None;
    for e in &hit.evidence {
        let link = e.link.as_deref().filter(|l| Some(*l) != last_link);
        if link.is_some() {
            last_link = link;
        }
        write_evidence(e, link, links, out)?;
        if let Some(until) = section_end(hit, kg, e) {
            writeln!(out, "              (the whole section, until {until})")?;
        }
    }
    let more = hit.count.saturating_sub(hit.evidence.len());
    match (more, hit.evidence.is_empty()) {
        (0, _) => {}
        (1, true) => writeln!(out, "    evidence in 1 place")?,
        (_, true) => writeln!(out, "    evidence in {more} places")?,
        (_, false) => writeln!(out, "    and {more} more")?,
    }
    Ok(())
}

/// One line of evidence: where (clickable when hyperlinks are on), what, and the URL when they are off.
fn write_evidence(
    e: &Evidence,
    link: Option<&str>,
    links: Links,
    out: &mut dyn Write,
) -> io::Result<()> {
    let at = match (e.source, e.start) {
        (_, Some(start)) => start.to_string(),
        (Some(EvidenceSource::Transcript), None) => "(transcript)".to_string(),
        // An item of show notes without times.
        (Some(EvidenceSource::Chapter), None) if e.title.is_some() => "(notes)".to_string(),
        _ => "(description)".to_string(),
    };
    let what = match (&e.title, e.source) {
        (Some(title), _) => printable(&quote_title(title, &e.matched)).into_owned(),
        (None, Some(EvidenceSource::Transcript)) if e.start.is_some() => {
            let words = e.text.as_deref().unwrap_or(&e.matched);
            let quote = around(words, &e.matched, QUOTE_CHARS);
            format!("(transcript)  \u{201c}{}\u{201d}", printable(&quote))
        }
        _ => format!("\u{201c}{}\u{201d}", printable(&e.matched)),
    };
    match (link.map(safe_url), links) {
        (Some(url), Links::Hyperlinks) => {
            writeln!(out, "    \x1b]8;;{url}\x1b\\{at}\x1b]8;;\x1b\\  {what}")
        }
        (Some(url), Links::Plain) => writeln!(out, "    {at}  {what}  {url}"),
        (None, _) => writeln!(out, "    {at}  {what}"),
    }
}

/// The most characters of a passage quoted on an evidence line: the words around the match, not the
/// whole snippet the graph keeps, so that a line fits a terminal.
const QUOTE_CHARS: usize = 100;

/// The words of `text` around the first `matched` in it, at most about `max` characters, cut between
/// words, with an ellipsis where words were left out.
fn around(text: &str, matched: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let at = text.find(matched).unwrap_or(0);
    let room = max.saturating_sub(matched.chars().count()) / 2;
    let before: Vec<&str> = text[..at].split(' ').collect();
    let after: Vec<&str> = text[at + matched.len()..].split(' ').collect();
    let head = words_within(before.iter().rev(), room);
    let tail = words_within(after.iter(), room);
    let mut quote = String::new();
    if head < before.len() {
        quote.push('\u{2026}');
    }
    quote.push_str(&before[before.len() - head..].join(" "));
    quote.push_str(matched);
    quote.push_str(&after[..tail].join(" "));
    if tail < after.len() {
        quote.push('\u{2026}');
    }
    quote
}

/// How many of `words` (the first one may be a part word against the match) fit in `room` characters.
fn words_within<'w>(words: impl Iterator<Item = &'w &'w str>, room: usize) -> usize {
    let mut used = 0;
    let mut count = 0;
    for word in words {
        used += word.chars().count() + 1;
        if used > room + 1 {
            break;
        }
        count += 1;
    }
    count
}

/// When `e` is a section heading with chapters under it, which count as airtime with it: where the
/// section ends (the next chapter outside it, or the episode's end).
fn section_end(hit: &Hit, kg: &KnowledgeGraph, e: &Evidence) -> Option<String> {
    let node = kg.node(&hit.episode)?;
    let chapters = node.chapters.as_ref()?;
    let title = e.title.as_deref()?;
    let i = (0..chapters.len()).find(|&i| {
        chapters
            .get(i)
            .is_some_and(|c| c.title == title && c.seconds == e.seconds)
    })?;
    if chapters.get(i)?.kind != ChapterKind::Section {
        return None;
    }
    let under = (i + 1..chapters.len())
        .take_while(|&j| chapters.get(j).and_then(|c| c.section) == Some(title))
        .count();
    if under == 0 {
        return None;
    }
    let end = chapters.seconds(i + under + 1).or(node.duration)?;
    Some(crate::ingest::Timestamp(end).to_string())
}

/// A URL as a terminal may be given it: printable ASCII only; anything else (ESC, BEL, spaces, non-ASCII)
/// percent-encoded, so no URL can end the hyperlink or act on the terminal.
pub fn safe_url(url: &str) -> String {
    let mut safe = String::with_capacity(url.len());
    for byte in url.bytes() {
        if (0x21..=0x7e).contains(&byte) {
            safe.push(byte as char);
        } else {
            safe.push_str(&format!("%{byte:02X}"));
        }
    }
    safe
}

fn minutes(seconds: u32) -> String {
    if seconds >= 3600 {
        format!("{}h{:02}m", seconds / 3600, seconds / 60 % 60)
    } else {
        format!("{}m{:02}s", seconds / 60, seconds % 60)
    }
}
