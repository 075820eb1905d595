//! The explorer page in a real browser: Debian's Chromium, driven by playwright-core (`tests/browser/`,
//! pinned in its package-lock.json), opens the page built from the bundled corpus, types a query, clicks a
//! result and reads the entity page and the graph view; the console stays free of errors and warnings, the
//! page fetches nothing, and hostile titles stay text. The SVG views print on one page.
//!
//! Needs `/usr/bin/chromium` (Debian `chromium`), `node` and `npm ci --prefix tests/browser`, which
//! `.ci/run` does; without them the tests print "skipped" and pass, except under `CI=true`, where they
//! fail. `CASTGRAPH_SCREENSHOTS=docs/images cargo test --test browser` also writes the README's pictures.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use castgraph::export::{self, ExportOptions, Format, MapView};
use castgraph::{InputFormat, KnowledgeGraph, NodeKind};
use serde_json::Value;
use sha2::{Digest, Sha256};

use common::{bundled_graph, tagger};

/// The SHA-256 of vendor/cytoscape/cytoscape.min.js, cytoscape 3.35.0 from the npm registry.
const CYTOSCAPE_SHA256: &str = "71fa9ebec21a7ca2c40cff6aacc30d1f6464e363662ad4b2c197e1adc770cd94";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_embedded_cytoscape_is_the_pinned_file_with_its_licence() {
    let digest = Sha256::digest(export::CYTOSCAPE_JS.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, CYTOSCAPE_SHA256);
    let vendor = root().join("vendor/cytoscape");
    let licence = std::fs::read_to_string(vendor.join("LICENSE")).expect("the licence is kept");
    assert!(licence.contains("Permission is hereby granted, free of charge"));
    let readme = std::fs::read_to_string(vendor.join("README.md")).expect("the vendor README");
    assert!(readme.contains(&format!("cytoscape {}", export::CYTOSCAPE_VERSION)));
    assert!(readme.contains(CYTOSCAPE_SHA256));
    let page = render(&bundled_graph(), Format::Html);
    assert!(page.contains(export::CYTOSCAPE_JS), "the page embeds it");
}

fn render(kg: &KnowledgeGraph, format: Format) -> String {
    let mut out = Vec::new();
    export::write(kg, format, &ExportOptions::default(), &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8")
}

/// Skip (or fail under `CI=true`) when a tool is missing.
fn missing(what: &str) -> Option<()> {
    let install =
        "install Debian's chromium and run `npm ci --prefix tests/browser` (bash .ci/run does)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what}, and CI=true: {install}");
    }
    eprintln!("skipped: {what}");
    None
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Chromium, node and playwright-core are all there (else skipped, or a failure under CI).
fn browser_ready() -> Option<()> {
    if !chromium().exists() {
        return missing(&format!("{} is not installed", chromium().display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return missing("node is not installed");
    }
    if !root()
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        return missing("playwright-core is not installed in tests/browser");
    }
    Some(())
}

/// Run `tests/browser/explorer.mjs` with `args` and parse what it saw.
fn drive(args: &[&str]) -> Value {
    let output = Command::new("node")
        .arg(root().join("tests/browser/explorer.mjs"))
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "explorer.mjs {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "explorer.mjs printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// Where screenshots go, when asked for with `CASTGRAPH_SCREENSHOTS`.
fn screenshot(name: &str) -> Option<String> {
    let dir = std::env::var_os("CASTGRAPH_SCREENSHOTS")?;
    let dir = root().join(dir);
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    Some(dir.join(name).to_str().expect("UTF-8 path").to_string())
}

/// The issue's test: the page of the bundled corpus, a query typed letter by letter ("free thr"), a click
/// on the result `topic:gil`: the entity page lists the 13 episodes that discuss it, in number order, with
/// the chapter times of the evidence, the graph view draws its neighbourhood, and the console is clean.
#[test]
fn the_explorer_finds_and_opens_an_entity_in_chromium() {
    if browser_ready().is_none() {
        return;
    }
    let kg = bundled_graph();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let page = dir.path().join("corepy.html");
    std::fs::write(&page, render(&kg, Format::Html)).expect("writable");
    let page = page.to_str().expect("UTF-8 path");
    let shot = screenshot("explorer.png");
    let mut args = vec!["search", page, "free thr", "topic:gil"];
    args.extend(shot.as_deref());
    let seen = drive(&args);
    assert_eq!(
        strings(&seen["problems"]),
        Vec::<String>::new(),
        "console, requests, dialogs"
    );
    assert!(strings(&seen["results"]).contains(&"topic:gil".to_string()));
    assert_eq!(seen["hash"], "#topic:gil");
    assert_eq!(seen["results_left"], 0, "the results close after the click");
    assert_eq!(
        seen["title"],
        kg.node("topic:gil").expect("topic:gil").label
    );
    let gil = kg.node_index("topic:gil").expect("topic:gil");
    let mut expected: Vec<(u32, String)> = kg
        .edges_directed(gil, petgraph::Direction::Incoming)
        .filter(|e| e.source_node().kind == NodeKind::Episode)
        .map(|e| {
            (
                e.source_node().number.unwrap_or(0),
                e.source_node().id.clone(),
            )
        })
        .collect();
    expected.sort();
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    assert_eq!(strings(&seen["episodes"]), expected);
    let times = strings(&seen["times"]);
    assert!(times.contains(&"00:18:22".to_string()), "{times:?}");
    let evidence = strings(&seen["evidence"]);
    assert!(evidence.contains(&"00:18:222023: PEP 703 for Python 3.13".to_string()));
    assert!(
        seen["canvases"].as_u64().unwrap_or(0) >= 1,
        "cytoscape draws"
    );
    let caption = seen["caption"].as_str().expect("a caption");
    assert!(
        caption.starts_with("GIL and free-threading and its neighbours"),
        "{caption}"
    );
}

/// Chapter titles that are markup, script, quotes and bidi controls reach the page as text: no dialog opens,
/// no element but the page's own appears, and the titles read as written.
#[test]
fn hostile_titles_stay_text_in_chromium() {
    if browser_ready().is_none() {
        return;
    }
    let notes = "# Episode 1: \"<img src=x onerror=alert(1)>\"\n\n\
                 00:00 PEP 703 <script>alert(2)</script>\n\
                 01:00 PEP 703 \u{202e}rtl \"quoted\" &amp; '\n\
                 02:00 PEP 703 </script><b>bold</b> \u{2028} end\n";
    let corpus =
        castgraph::ingest::read_str(notes, None, InputFormat::Markdown, &Default::default())
            .expect("the notes are read");
    let kg = KnowledgeGraph::build(corpus, tagger(), &Default::default());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let page = dir.path().join("hostile.html");
    std::fs::write(&page, render(&kg, Format::Html)).expect("writable");
    let seen = drive(&["open", page.to_str().expect("UTF-8"), "pep:703"]);
    assert_eq!(strings(&seen["problems"]), Vec::<String>::new());
    assert_eq!(seen["scripts"], 3, "the page's own scripts only");
    let elements = strings(&seen["elements"]);
    for element in &elements {
        assert!(
            [
                "a", "button", "canvas", "div", "h1", "h2", "h3", "header", "input", "li", "main",
                "ol", "p", "script", "section", "span", "ul"
            ]
            .contains(&element.as_str()),
            "<{element}> in the page: {elements:?}"
        );
    }
    let text = seen["text"].as_str().expect("the page's text");
    for written in [
        "<script>alert(2)</script>",
        "\u{202e}rtl \"quoted\" &amp; '",
        "</script><b>bold</b>",
    ] {
        assert!(text.contains(written), "`{written}` in {text}");
    }
}

/// The topic map and the grid of the bundled corpus print on one page (Chromium's print to PDF).
#[test]
fn the_svg_views_print_on_one_page() {
    if browser_ready().is_none() {
        return;
    }
    let kg = bundled_graph();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let page_objects = regex::bytes::Regex::new(r"/Type\s*/Page[^s]").expect("compiles");
    for view in MapView::ALL {
        let svg = dir.path().join(format!("{}.svg", view.name()));
        let mut out = Vec::new();
        export::write_map(&kg, view, 1, &mut out).expect("drawn");
        std::fs::write(&svg, &out).expect("writable");
        let pdf = dir.path().join(format!("{}.pdf", view.name()));
        let profile = tempfile::tempdir().expect("a fresh profile");
        let status = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", svg.display()))
            .output()
            .expect("chromium runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let bytes = std::fs::read(&pdf).expect("a PDF");
        let pages = page_objects.find_iter(&bytes).count();
        assert_eq!(pages, 1, "the {} view prints on {pages} pages", view.name());
        // One page of the whole picture, not of its corner: laid out for print, it fits the page.
        let printed = drive(&["print", svg.to_str().expect("UTF-8")]);
        assert_eq!(strings(&printed["problems"]), Vec::<String>::new());
        let fits = |what: &str, at: usize| {
            printed[what].as_f64().expect("a size") <= printed["page"][at].as_f64().expect("a size")
        };
        assert!(
            fits("width", 0) && fits("height", 1),
            "{}: {printed}",
            view.name()
        );
        if let Some(shot) = screenshot(&format!("{}.png", view.name())) {
            drive(&[
                "screenshot",
                svg.to_str().expect("UTF-8"),
                &shot,
                "1920",
                "1080",
            ]);
        }
    }
}
