// castgraph explorer. Reads the graph from the page's JSON, searches it as you type, shows an entity's
// page (its episodes, chapters and times) and its neighbourhood with cytoscape.js. Every text from the
// graph is inserted as text (textContent, text nodes, cytoscape's canvas labels), never as markup, and
// links are made only of http(s) URLs.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("castgraph-data").textContent);
  var nodes = data.nodes;
  var edges = data.edges;
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k[0]] = { fill: k[1], stroke: k[2], shape: k[3] }; });
  var edgeKinds = {};
  data.edge_kinds.forEach(function (k) { edgeKinds[k[0]] = { color: k[1], style: k[2], width: k[3] }; });
  var DEFAULT_KIND = { fill: "#dddddd", stroke: "#888888", shape: "ellipse" };
  var DEFAULT_EDGE = { color: "#999999", style: "solid", width: 1 };
  var MAX_RESULTS = 30;
  var MAX_GRAPH = 150;
  var RING = 24;

  var byId = new Map();
  var outgoing = nodes.map(function () { return []; });
  var incoming = nodes.map(function () { return []; });
  nodes.forEach(function (n, i) { byId.set(n.id, i); });
  edges.forEach(function (e, i) { outgoing[e[0]].push(i); incoming[e[1]].push(i); });

  // Case, accents and punctuation aside: "free thr" finds "free-threading", "lukasz" finds "Łukasz".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0142/g, "l").replace(/[^\p{L}\p{N}]+/gu, " ");
  }
  var searchText = nodes.map(function (n) { return fold(n.label + " " + (n.title || "") + " " + n.id); });
  var foldedLabels = nodes.map(function (n) { return fold(n.label); });

  // ---- small DOM helpers: text only ----
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function webUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s"'<>\\]+$/i.test(url) ? url : null;
  }
  function outLink(url, text, className) {
    var safe = webUrl(url);
    if (!safe) { return el("span", className, text); }
    var a = el("a", className, text);
    a.href = safe;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function hms(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return [h, m, s].map(function (x) { return String(x).padStart(2, "0"); }).join(":");
  }
  function minutes(seconds) {
    var m = Math.floor(seconds / 60);
    return m > 0 ? m + " min" : "<1 min";
  }
  function kindOf(kind) { return kinds[kind] || DEFAULT_KIND; }
  function badge(kind) {
    var b = el("span", "kind", kind);
    b.style.background = kindOf(kind).fill;
    b.style.borderColor = kindOf(kind).stroke;
    return b;
  }
  function entityButton(i, text) {
    var b = el("button", "entity-link", text === undefined ? nodes[i].label : text);
    b.type = "button";
    b.dataset.id = nodes[i].id;
    b.addEventListener("click", function () { open(i); });
    return b;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ---- search ----
  var search = document.getElementById("search");
  var results = document.getElementById("results");

  function matches(query) {
    var q = fold(query).trim();
    if (!q) { return []; }
    var found = [];
    for (var i = 0; i < nodes.length; i++) {
      var at = searchText[i].indexOf(q);
      if (at < 0) { continue; }
      var label = foldedLabels[i];
      var rank = label === q ? 0 : label.indexOf(q) === 0 ? 1 : label.indexOf(q) > 0 ? 2 : 3;
      found.push([rank, -nodes[i].episodes, nodes[i].label, i]);
    }
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return found.slice(0, MAX_RESULTS).map(function (f) { return f[3]; });
  }

  function showResults() {
    results.replaceChildren();
    matches(search.value).forEach(function (i) {
      var n = nodes[i];
      var li = el("li");
      li.setAttribute("role", "option");
      var b = el("button");
      b.type = "button";
      b.dataset.id = n.id;
      b.append(badge(n.kind), el("span", "label", n.label));
      if (n.title) { b.append(el("span", "subtitle", n.title.length > 70 ? n.title.slice(0, 69) + "…" : n.title)); }
      if (n.kind !== "episode") { b.append(el("span", "count", plural(n.episodes, "episode"))); }
      b.addEventListener("click", function () { pick(i); });
      b.addEventListener("keydown", function (event) { moveFocus(event, li); });
      li.append(b);
      results.append(li);
    });
  }

  function pick(i) {
    results.replaceChildren();
    open(i);
  }

  function moveFocus(event, li) {
    var next = event.key === "ArrowDown" ? li.nextElementSibling : event.key === "ArrowUp" ? li.previousElementSibling : null;
    if (event.key === "Escape") { results.replaceChildren(); search.focus(); return; }
    if (!next && event.key === "ArrowUp") { search.focus(); event.preventDefault(); return; }
    if (next) { next.querySelector("button").focus(); event.preventDefault(); }
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    var first = results.querySelector("button");
    if (event.key === "Enter" && first) { first.click(); event.preventDefault(); }
    if (event.key === "ArrowDown" && first) { first.focus(); event.preventDefault(); }
    if (event.key === "Escape") { results.replaceChildren(); }
  });
  document.addEventListener("click", function (event) {
    if (!results.contains(event.target) && event.target !== search) { results.replaceChildren(); }
  });

  // ---- an entity's page ----
  var entity = document.getElementById("entity");

  function open(i) {
    var hash = "#" + encodeURIComponent(nodes[i].id);
    if (location.hash !== hash) {
      location.hash = hash;
    } else {
      render(i);
    }
  }

  function evidenceList(items) {
    var list = el("ul", "evidence");
    var shown = new Set();
    items.forEach(function (item) {
      // Several words matched in one chapter are one line.
      var key = item[0] + "\u0000" + (item[1] === null ? "\u0000" + item[2] : item[1]);
      if (shown.has(key)) { return; }
      shown.add(key);
      var seconds = item[0], title = item[1], words = item[2], link = item[3];
      var li = el("li");
      if (seconds !== null && seconds !== undefined) {
        li.append(outLink(link, hms(seconds), "time"));
      } else if (webUrl(link)) {
        li.append(outLink(link, "open", "time"));
      }
      li.append(document.createTextNode(title !== null && title !== undefined ? title : "description: \u201c" + words + "\u201d"));
      list.append(li);
    });
    return list;
  }

  function edgeLine(e, other, prefix) {
    var line = el("div", "episode-line");
    if (prefix) { line.append(el("span", "count", prefix)); }
    line.append(badge(nodes[other].kind), entityButton(other));
    if (nodes[other].title) { line.append(el("span", "subtitle", nodes[other].title)); }
    if (e[3] !== null && e[3] !== undefined) { line.append(el("span", "count", minutes(e[3]) + " of airtime")); }
    return line;
  }

  function byEpisodeNumber(a, b) {
    var x = nodes[a.other], y = nodes[b.other];
    return (x.number === undefined ? Infinity : x.number) - (y.number === undefined ? Infinity : y.number) ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  }

  function render(i) {
    var n = nodes[i];
    entity.replaceChildren();
    var heading = el("h2", null, n.label);
    heading.id = "entity-title";
    entity.append(heading);
    var sub = el("p", "subtitle");
    sub.append(badge(n.kind), document.createTextNode(" " + n.id));
    if (n.date) { sub.append(document.createTextNode(" \u00b7 " + n.date)); }
    entity.append(sub);
    if (n.title) { entity.append(el("p", null, n.title)); }
    if (webUrl(n.url)) { entity.append(outLink(n.url, n.url, "entity-link")); }

    var episodes = [], related = [];
    incoming[i].forEach(function (k) {
      var e = edges[k];
      (nodes[e[0]].kind === "episode" ? episodes : related).push({ edge: e, other: e[0], into: true });
    });
    outgoing[i].forEach(function (k) {
      var e = edges[k];
      (n.kind !== "episode" && nodes[e[1]].kind === "episode" ? episodes : related).push({ edge: e, other: e[1], into: false });
    });

    if (n.kind === "episode") {
      var groups = {};
      related.filter(function (r) { return !r.into; }).forEach(function (r) {
        (groups[r.edge[2]] = groups[r.edge[2]] || []).push(r);
      });
      Object.keys(groups).sort().forEach(function (kind) {
        entity.append(el("h3", null, kind + " (" + groups[kind].length + ")"));
        var list = el("ol", "episodes");
        groups[kind].forEach(function (r) {
          var li = el("li");
          li.append(edgeLine(r.edge, r.other), evidenceList(r.edge[4]));
          list.append(li);
        });
        entity.append(list);
      });
      related = related.filter(function (r) { return r.into; });
    } else {
      entity.append(el("h3", null, plural(episodes.length, "episode")));
      var list = el("ol", "episodes");
      list.id = "episode-list";
      episodes.sort(byEpisodeNumber).forEach(function (r) {
        var li = el("li");
        li.append(edgeLine(r.edge, r.other, r.edge[2] === "discusses" ? "" : r.edge[2]), evidenceList(r.edge[4]));
        list.append(li);
      });
      entity.append(list);
    }
    if (related.length) {
      entity.append(el("h3", null, "Related"));
      var chips = el("div", "chips");
      related.forEach(function (r) {
        var chip = el("span");
        var kind = r.edge[2].replace(/_/g, " ");
        chip.append(document.createTextNode(r.into ? kind + " \u2190 " : kind + " \u2192 "), entityButton(r.other));
        chips.append(chip);
      });
      entity.append(chips);
    }
    document.title = n.label + " \u2014 " + data.title;
    drawNeighbourhood(i);
  }

  // ---- the graph view ----
  var cy = null;

  function fontSize(n) {
    if (n.kind === "episode") { return 10; }
    return Math.min(30, Math.round((10 + 2 * Math.sqrt(Math.max(n.episodes, 1) - 1)) * 2) / 2);
  }
  function penWidth(seconds, kind) {
    if (seconds === null || seconds === undefined) { return (edgeKinds[kind] || DEFAULT_EDGE).width; }
    return Math.min(5, 0.8 + 0.45 * Math.sqrt(seconds / 60));
  }

  function elementsOf(chosen, focus) {
    var els = [];
    chosen.forEach(function (i) {
      var n = nodes[i], k = kindOf(n.kind), font = fontSize(n);
      var label = n.label.length > 40 ? n.label.slice(0, 39) + "…" : n.label;
      els.push({ group: "nodes", classes: i === focus ? "focus" : "", data: {
        id: "n" + i, index: i, label: label, fill: k.fill, stroke: k.stroke, shape: k.shape, font: font,
        w: Math.min(label.length, 22) * font * 0.6 + 14, h: font * (label.length > 22 ? 2.6 : 1.5) + 8 } });
    });
    edges.forEach(function (e, k) {
      if (chosen.has(e[0]) && chosen.has(e[1])) {
        var style = edgeKinds[e[2]] || DEFAULT_EDGE;
        els.push({ group: "edges", data: { id: "e" + k, source: "n" + e[0], target: "n" + e[1],
          color: style.color, style: style.style, width: penWidth(e[3], e[2]) } });
      }
    });
    return els;
  }

  function ensureGraph() {
    if (cy || typeof cytoscape !== "function") { return cy; }
    cy = cytoscape({
      container: document.getElementById("cy"),
      elements: [],
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "shape": "data(shape)", "background-color": "data(fill)",
          "border-color": "data(stroke)", "border-width": 1.5, "font-size": "data(font)",
          "font-family": "Helvetica, Arial, sans-serif", "text-valign": "center", "text-halign": "center",
          "text-wrap": "wrap", "text-max-width": "170px", "width": "data(w)", "height": "data(h)" } },
        { selector: "node.focus", style: { "border-width": 4 } },
        { selector: "edge", style: {
          "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
          "arrow-scale": 0.7, "curve-style": "bezier", "line-style": "data(style)", "width": "data(width)",
          "opacity": 0.75 } }
      ]
    });
    cy.on("tap", "node", function (event) { open(event.target.data("index")); });
    return cy;
  }

  var kindOrder = Object.keys(kinds);

  function draw(chosen, focus, caption) {
    document.getElementById("graph-caption").textContent = caption;
    var graph = ensureGraph();
    if (!graph) { return; }
    graph.elements().remove();
    graph.add(elementsOf(chosen, focus));
    // A neighbourhood in rings of at most RING nodes around the entity, by kind and then the most discussed
    // first; the overview by forces.
    var ring = new Map();
    Array.from(chosen).filter(function (i) { return i !== focus; }).sort(function (a, b) {
      return kindOrder.indexOf(nodes[a].kind) - kindOrder.indexOf(nodes[b].kind) || nodes[b].episodes - nodes[a].episodes || a - b;
    }).forEach(function (i, rank) { ring.set(i, Math.floor(rank / RING)); });
    var layout = focus >= 0
      ? { name: "concentric", animate: false, padding: 20, minNodeSpacing: 4, spacingFactor: 0.6, levelWidth: function () { return 1; },
          concentric: function (node) {
            var i = node.data("index");
            return i === focus ? 1000 : 999 - ring.get(i);
          } }
      : { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 20, randomize: true,
          nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 60; } };
    graph.layout(layout).run();
  }

  function neighbours(i) {
    var seen = new Set([i]);
    outgoing[i].forEach(function (k) { seen.add(edges[k][1]); });
    incoming[i].forEach(function (k) { seen.add(edges[k][0]); });
    return seen;
  }

  function strongest(candidates, limit, keep) {
    var list = Array.from(candidates);
    if (list.length <= limit) { return new Set(list); }
    list.sort(function (a, b) { return (b === keep) - (a === keep) || nodes[b].episodes - nodes[a].episodes || a - b; });
    return new Set(list.slice(0, limit));
  }

  function drawNeighbourhood(i) {
    var all = neighbours(i);
    var chosen = strongest(all, MAX_GRAPH, i);
    var caption = nodes[i].label + " and its neighbours: " + plural(chosen.size - 1, "node") +
      (chosen.size < all.size ? " (the " + (chosen.size - 1) + " discussed most of " + (all.size - 1) + ")" : "") +
      "; click a node to open it";
    draw(chosen, i, caption);
  }

  function drawOverview() {
    var all = new Set(nodes.map(function (_, i) { return i; }));
    var chosen = strongest(all, MAX_GRAPH, -1);
    draw(chosen, -1, chosen.size < all.size
      ? "The " + chosen.size + " nodes discussed most, of " + all.size + "; search or click a node"
      : "The whole graph: " + plural(all.size, "node") + "; search or click a node");
  }

  function fromHash() {
    var id = "";
    try { id = decodeURIComponent(location.hash.replace(/^#/, "")); } catch (e) { id = ""; }
    if (id && byId.has(id)) { render(byId.get(id)); } else { drawOverview(); }
  }

  document.getElementById("title").textContent = data.title;
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
