//! RDF: the graph as Linked Data with schema.org, written as Turtle or JSON-LD (inline `@context`).
//!
//! Every node gets an IRI: [`BASE`] + its id with the first `:` turned into `/` and anything outside
//! RFC 3986's unreserved characters percent-encoded (`pep:703` -> `https://castgraph.dev/id/pep/703`).
//! The show is a `schema:PodcastSeries` (`.../show/<name>`), episodes `schema:PodcastEpisode`s
//! (`episodeNumber`, `name`, `description`, `partOfSeries`), and each chapter a `schema:Clip`
//! (`.../episode/2/chapter/3`, `startOffset` in seconds) that the episode `hasPart`, so the timestamps
//! survive. Edges become properties: `host`/`guest` -> `schema:actor` (and `cg:host`/`cg:guest`),
//! `mentions` -> `schema:mentions`, `discusses` -> `schema:about`, `subtopic_of` -> `skos:broader`, `about`
//! (PEP -> topic) -> `schema:about`, `authored` -> `schema:author` on the PEP. The evidence is kept on the
//! clips: a chapter that carries a `discusses` edge is `schema:about` its target, one that names a person
//! `schema:mentions` them. Topics are `schema:DefinedTerm`s (and `skos:Concept`s) in one
//! `schema:DefinedTermSet`; PEPs, issues and CVEs are `schema:CreativeWork`s with `schema:url` (PEPs also
//! `schema:sameAs` their peps.python.org page); modules are `schema:SoftwareSourceCode`, projects and
//! releases `schema:SoftwareApplication` (releases with `schema:softwareVersion`). Both serialisations
//! come from one list of resources, so they hold the same triples.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use super::Spec;
use super::text::web_url;
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::model::{EdgeKind, NodeKind};

pub(super) const TURTLE: Spec = Spec {
    name: "turtle",
    description: "RDF Turtle (schema.org)",
    aliases: &["ttl"],
    extensions: &["ttl"],
    write: |kg, _, out| write_turtle(kg, out),
};

pub(super) const JSONLD: Spec = Spec {
    name: "jsonld",
    description: "RDF JSON-LD (schema.org)",
    aliases: &["json-ld"],
    extensions: &["jsonld"],
    write: |kg, _, out| write_jsonld(kg, out),
};

/// The namespace of castgraph's node IRIs.
pub const BASE: &str = "https://castgraph.dev/id/";
/// The small vocabulary for what schema.org cannot say (`cg:host`, `cg:guest`).
pub const VOCAB: &str = "https://castgraph.dev/ns#";

const PREFIXES: [(&str, &str); 5] = [
    ("schema", "https://schema.org/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("cg", VOCAB),
];

/// An RDF object.
enum Object {
    Iri(String),
    Str(String),
    Int(u64),
    /// A literal with a datatype (a prefixed name such as `xsd:date`).
    Typed(String, &'static str),
}

/// A subject with its types and properties (prefixed names), in the order they were added.
struct Resource {
    iri: String,
    types: Vec<&'static str>,
    props: Vec<(&'static str, Object)>,
}

impl Resource {
    fn new(iri: String, types: &[&'static str]) -> Self {
        Resource {
            iri,
            types: types.to_vec(),
            props: Vec::new(),
        }
    }

    fn add(&mut self, predicate: &'static str, object: Object) {
        self.props.push((predicate, object));
    }

    fn add_text(&mut self, predicate: &'static str, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            self.add(predicate, Object::Str(text.to_string()));
        }
    }

    /// Properties grouped by predicate, in order of first appearance.
    fn grouped(&self) -> Vec<(&'static str, Vec<&Object>)> {
        let mut groups: Vec<(&'static str, Vec<&Object>)> = Vec::new();
        for (predicate, object) in &self.props {
            match groups.iter_mut().find(|(p, _)| p == predicate) {
                Some((_, objects)) => objects.push(object),
                None => groups.push((predicate, vec![object])),
            }
        }
        groups
    }
}

/// Write the graph as Turtle.
pub fn write_turtle(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    // The generator may come from a JSON file read back: keep it on the comment's line.
    let generator: String = kg
        .info()
        .generator
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    writeln!(out, "# {generator}: podcast knowledge graph (schema.org)")?;
    for (prefix, iri) in PREFIXES {
        writeln!(out, "@prefix {prefix}: <{iri}> .")?;
    }
    for resource in resources(kg) {
        writeln!(out)?;
        write_turtle_resource(&resource, out)?;
    }
    Ok(())
}

fn write_turtle_resource(resource: &Resource, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<{}> a {}", resource.iri, resource.types.join(", "))?;
    for (predicate, objects) in resource.grouped() {
        let objects: Vec<String> = objects.into_iter().map(turtle_object).collect();
        match objects.as_slice() {
            [one] => write!(out, " ;\n    {predicate} {one}")?,
            many => write!(
                out,
                " ;\n    {predicate}\n        {}",
                many.join(",\n        ")
            )?,
        }
    }
    writeln!(out, " .")
}

fn turtle_object(object: &Object) -> String {
    match object {
        Object::Iri(iri) => format!("<{iri}>"),
        Object::Str(text) => turtle_string(text),
        Object::Int(n) => n.to_string(),
        Object::Typed(text, datatype) => format!("{}^^{datatype}", turtle_string(text)),
    }
}

/// A Turtle `"..."` string: `\"`, `\\` and the ECHARs escaped, other control characters as `\uXXXX`.
fn turtle_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Write the graph as JSON-LD with an inline `@context`.
///
/// The document is streamed: each resource becomes a value only as it is written, so that a graph of many
/// edges is not held again as one tree of values (a megabyte title naming 53k entities made 321 MB of them).
pub fn write_jsonld(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    let resources = resources(kg);
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonLd {
            resources: &resources,
        },
    )?;
    out.write_all(b"\n")
}

/// `{"@context": {...}, "@graph": [...]}`, in the order `json!` wrote it.
struct JsonLd<'a> {
    resources: &'a [Resource],
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let context: Map<String, Value> = PREFIXES
            .iter()
            .map(|(prefix, iri)| (prefix.to_string(), Value::String(iri.to_string())))
            .collect();
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("@context", &context)?;
        map.serialize_entry("@graph", &Graph(self.resources))?;
        map.end()
    }
}

/// The resources as a sequence, each written straight from its properties.
struct Graph<'a>(&'a [Resource]);

impl Serialize for Graph<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for resource in self.0 {
            seq.serialize_element(&JsonLdResource(resource))?;
        }
        seq.end()
    }
}

/// A resource as a JSON-LD node: `@id`, `@type`, then each predicate with its one value or an array.
struct JsonLdResource<'a>(&'a Resource);

impl Serialize for JsonLdResource<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let resource = self.0;
        let groups = resource.grouped();
        let mut map = serializer.serialize_map(Some(2 + groups.len()))?;
        map.serialize_entry("@id", &resource.iri)?;
        map.serialize_entry("@type", &resource.types)?;
        for (predicate, objects) in groups {
            match objects.as_slice() {
                [one] => map.serialize_entry(predicate, &JsonLdObject(one))?,
                many => map.serialize_entry(
                    predicate,
                    &many.iter().map(|o| JsonLdObject(o)).collect::<Vec<_>>(),
                )?,
            }
        }
        map.end()
    }
}

/// An RDF object as JSON-LD: an IRI as `{"@id": ...}`, a typed literal as `{"@value": ..., "@type": ...}`.
struct JsonLdObject<'a>(&'a Object);

impl Serialize for JsonLdObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Object::Iri(iri) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("@id", iri)?;
                map.end()
            }
            Object::Str(text) => serializer.serialize_str(text),
            Object::Int(n) => serializer.serialize_u64(*n),
            Object::Typed(text, datatype) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("@value", text)?;
                map.serialize_entry("@type", datatype)?;
                map.end()
            }
        }
    }
}

/// The resources of a graph: the show, the topic set, every node, every chapter; then the edges added as
/// properties of their subjects.
fn resources(kg: &KnowledgeGraph) -> Vec<Resource> {
    let mut builder = Builder::default();
    let show = kg.info().show.as_deref().map(|name| builder.show(name));
    if kg.count_by_kind().contains_key(&NodeKind::Topic) {
        let mut set = Resource::new(
            format!("{BASE}taxonomy"),
            &["schema:DefinedTermSet", "skos:ConceptScheme"],
        );
        set.add("schema:name", Object::Str("castgraph topics".into()));
        builder.resources.push(set);
    }
    for i in kg.nodes_sorted() {
        builder.node(i, &kg.graph()[i], show.as_deref());
    }
    for edge in kg.edges_sorted() {
        builder.edge(edge);
    }
    builder.resources
}

#[derive(Default)]
struct Builder {
    resources: Vec<Resource>,
    /// Where each node's resource is.
    nodes: HashMap<NodeIndex, usize>,
    /// Where each chapter's clip is, by episode and the chapter's index.
    clips: HashMap<(NodeIndex, usize), usize>,
    /// The properties each clip has been given from evidence (its position, predicate and target), so that
    /// a chapter naming thousands of entities is not searched once per item.
    clip_links: HashSet<(usize, &'static str, String)>,
}

impl Builder {
    fn show(&mut self, name: &str) -> String {
        let iri = format!("{BASE}show/{}", percent_encode(name));
        let mut show = Resource::new(iri.clone(), &["schema:PodcastSeries"]);
        show.add("schema:name", Object::Str(name.to_string()));
        self.resources.push(show);
        iri
    }

    fn node(&mut self, index: NodeIndex, node: &Node, show: Option<&str>) {
        let mut resource = Resource::new(node_iri(&node.id), node_types(node.kind));
        resource.add("schema:identifier", Object::Str(node.id.clone()));
        let mut clips = Vec::new();
        match node.kind {
            NodeKind::Episode => clips = episode(node, show, &mut resource),
            NodeKind::Topic => topic(node, &mut resource),
            NodeKind::Pep => pep(node, &mut resource),
            NodeKind::Release => release(node, &mut resource),
            _ => resource.add("schema:name", Object::Str(node.label.clone())),
        }
        if node.kind != NodeKind::Pep {
            add_url(&mut resource, "schema:url", node.url.as_deref());
        }
        self.nodes.insert(index, self.resources.len());
        self.resources.push(resource);
        for (chapter, clip) in clips.into_iter().enumerate() {
            self.clips.insert((index, chapter), self.resources.len());
            self.resources.push(clip);
        }
    }

    fn edge(&mut self, edge: EdgeView) {
        let (a, b) = (edge.source(), edge.target());
        let (source_iri, target_iri) = (
            node_iri(&edge.source_node().id),
            node_iri(&edge.target_node().id),
        );
        let (subject, predicates, object): (NodeIndex, &[&'static str], String) = match edge.kind()
        {
            EdgeKind::PartOf => (a, &["schema:partOfSeries"], target_iri),
            EdgeKind::Host => (a, &["schema:actor", "cg:host"], target_iri),
            EdgeKind::Guest => (a, &["schema:actor", "cg:guest"], target_iri),
            EdgeKind::Mentions => (a, &["schema:mentions"], target_iri),
            EdgeKind::Discusses | EdgeKind::About => (a, &["schema:about"], target_iri),
            EdgeKind::SubtopicOf => (a, &["skos:broader"], target_iri),
            EdgeKind::Authored => (b, &["schema:author"], source_iri),
        };
        if let Some(&position) = self.nodes.get(&subject) {
            for predicate in predicates {
                self.resources[position].add(predicate, Object::Iri(object.clone()));
            }
        }
        self.evidence(a, &node_iri(&edge.target_node().id), &edge);
    }

    /// The chapters that carry an episode edge's evidence are about (or mention) its target.
    fn evidence(&mut self, episode: NodeIndex, target: &str, edge: &EdgeView) {
        let predicate = match edge.kind() {
            EdgeKind::Discusses => "schema:about",
            EdgeKind::Host | EdgeKind::Guest | EdgeKind::Mentions => "schema:mentions",
            _ => return,
        };
        for evidence in edge.evidence() {
            // By the chapter's index: a long title is not hashed once per item.
            let Some(chapter) = evidence.chapter_index() else {
                continue;
            };
            let Some(&position) = self.clips.get(&(episode, chapter)) else {
                continue;
            };
            if self
                .clip_links
                .insert((position, predicate, target.to_string()))
            {
                self.resources[position].add(predicate, Object::Iri(target.to_string()));
            }
        }
    }
}

/// An episode's properties; its chapters as clips, to follow it.
fn episode(node: &Node, show: Option<&str>, resource: &mut Resource) -> Vec<Resource> {
    let name = node.title.clone().unwrap_or_else(|| node.label.clone());
    resource.add("schema:name", Object::Str(name));
    if let Some(number) = node.number {
        resource.add("schema:episodeNumber", Object::Int(number.into()));
    }
    resource.add_text("schema:description", node.description.as_deref());
    if let Some(date) = &node.date {
        resource.add("schema:datePublished", date_literal(date));
    }
    if let Some(duration) = node.duration {
        resource.add(
            "schema:duration",
            Object::Typed(iso_duration(duration), "xsd:duration"),
        );
    }
    if let Some(show) = show {
        resource.add("schema:partOfSeries", Object::Iri(show.to_string()));
    }
    for link in &node.links {
        add_url(resource, "rdfs:seeAlso", Some(link));
    }
    clips(node, resource)
}

/// One `schema:Clip` per chapter, which the episode `hasPart`.
/// They are in the chapters' order.
fn clips(node: &Node, episode: &mut Resource) -> Vec<Resource> {
    let Some(chapters) = node.chapters.as_ref() else {
        return Vec::new();
    };
    let mut clips = Vec::with_capacity(chapters.len());
    for (n, chapter) in chapters.iter().enumerate() {
        let iri = format!("{}/chapter/{}", episode.iri, n + 1);
        episode.add("schema:hasPart", Object::Iri(iri.clone()));
        let mut clip = Resource::new(iri, &["schema:Clip"]);
        clip.add("schema:name", Object::Str(chapter.title.to_string()));
        clip.add("schema:position", Object::Int(n as u64 + 1));
        if let Some(start) = chapter.seconds {
            clip.add("schema:startOffset", Object::Int(start.into()));
            let next = chapters
                .get(n + 1)
                .and_then(|c| c.seconds)
                .or(node.duration);
            if let Some(end) = next.filter(|&end| end > start) {
                clip.add("schema:endOffset", Object::Int(end.into()));
            }
        }
        clip.add("schema:isPartOf", Object::Iri(episode.iri.clone()));
        clips.push(clip);
    }
    clips
}

/// `YYYY-MM-DD` as an `xsd:date`; anything else as it is.
fn date_literal(date: &str) -> Object {
    let iso = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if iso {
        Object::Typed(date.to_string(), "xsd:date")
    } else {
        Object::Str(date.to_string())
    }
}

fn node_types(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Show => &["schema:PodcastSeries"],
        NodeKind::Episode => &["schema:PodcastEpisode"],
        NodeKind::Topic => &["schema:DefinedTerm", "skos:Concept"],
        NodeKind::Pep | NodeKind::Issue | NodeKind::Cve => &["schema:CreativeWork"],
        NodeKind::Person => &["schema:Person"],
        NodeKind::Module => &["schema:SoftwareSourceCode"],
        NodeKind::Release | NodeKind::Project => &["schema:SoftwareApplication"],
    }
}

fn topic(node: &Node, resource: &mut Resource) {
    resource.add("schema:name", Object::Str(node.label.clone()));
    resource.add_text("schema:description", node.description.as_deref());
    let code = node
        .id
        .split_once(':')
        .map_or(node.id.as_str(), |(_, code)| code);
    resource.add("schema:termCode", Object::Str(code.to_string()));
    resource.add(
        "schema:inDefinedTermSet",
        Object::Iri(format!("{BASE}taxonomy")),
    );
}

fn pep(node: &Node, resource: &mut Resource) {
    resource.add("schema:name", Object::Str(node.label.clone()));
    resource.add_text("schema:headline", node.title.as_deref());
    add_url(resource, "schema:url", node.url.as_deref());
    add_url(resource, "schema:sameAs", node.url.as_deref());
}

fn release(node: &Node, resource: &mut Resource) {
    resource.add("schema:name", Object::Str(node.label.clone()));
    let feature = node.id.split_once(':').map(|(_, v)| v.to_string());
    for version in feature.iter().chain(&node.versions) {
        resource.add("schema:softwareVersion", Object::Str(version.clone()));
    }
}

/// A web link as an IRI (percent-encoded where Turtle forbids a character in `<...>`); anything else
/// (`javascript:`, a relative path, a host with a quote in it) as a plain string.
fn add_url(resource: &mut Resource, predicate: &'static str, url: Option<&str>) {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return;
    };
    match web_url(url) {
        Some(iri) => resource.add(predicate, Object::Iri(iri.into_owned())),
        None => resource.add(predicate, Object::Str(url.to_string())),
    }
}

/// The IRI of a node id: `pep:703` -> `https://castgraph.dev/id/pep/703`.
pub fn node_iri(id: &str) -> String {
    match id.split_once(':') {
        Some((kind, rest)) => format!("{BASE}{}/{}", percent_encode(kind), percent_encode(rest)),
        None => format!("{BASE}{}", percent_encode(id)),
    }
}

/// Percent-encode every byte outside RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Seconds as an `xsd:duration`: `PT1H2M3S`.
fn iso_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = String::from("PT");
    if h > 0 {
        text.push_str(&format!("{h}H"));
    }
    if m > 0 {
        text.push_str(&format!("{m}M"));
    }
    if s > 0 || seconds == 0 {
        text.push_str(&format!("{s}S"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_iris_percent_encode_outside_unreserved() {
        assert_eq!(node_iri("pep:703"), "https://castgraph.dev/id/pep/703");
        assert_eq!(
            node_iri("cve:CVE-2024-7592"),
            "https://castgraph.dev/id/cve/CVE-2024-7592"
        );
        assert_eq!(
            node_iri("episode:a b<c>:d"),
            "https://castgraph.dev/id/episode/a%20b%3Cc%3E%3Ad"
        );
    }

    #[test]
    fn turtle_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            turtle_string("\"\"\" \\ \n\r\t\u{1}"),
            r#""\"\"\" \\ \n\r\t\u0001""#
        );
    }

    #[test]
    fn only_iso_dates_are_typed_as_xsd_date() {
        assert!(matches!(
            date_literal("2024-05-01"),
            Object::Typed(_, "xsd:date")
        ));
        assert!(matches!(date_literal("May 2024!!"), Object::Str(_)));
        assert!(matches!(date_literal("2024/05/01"), Object::Str(_)));
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(3723), "PT1H2M3S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(600), "PT10M");
    }
}
