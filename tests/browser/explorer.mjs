// Drive Debian's Chromium (headless) through castgraph's explorer page and print what it saw, as JSON, for
// tests/browser.rs to check.
//
// Usage: node explorer.mjs search PAGE.html QUERY ID [SCREENSHOT.png]
//          types QUERY into the search box, clicks the result whose node id is ID, reads the entity page
//        node explorer.mjs open PAGE.html ID
//          opens the page at #ID (an entity page straight away) and reads it
//        node explorer.mjs screenshot FILE.svg|FILE.html SCREENSHOT.png [WIDTH HEIGHT]
//        node explorer.mjs print FILE.svg
//          lays the file out as for printing on an A4 landscape page and reports its size and the page's
//
// Every console error or warning, uncaught exception, dialog (alert) and request that is not the file
// itself is reported in `problems`. The browser is /usr/bin/chromium unless CHROMIUM names another.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [mode, file, ...rest] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
});
const problems = [];
try {
  const [width, height] = mode === "screenshot" ? [Number(rest[1] || 1600), Number(rest[2] || 1000)] : [1600, 1000];
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(10000);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("dialog", async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  const url = pathToFileURL(file).href;
  page.on("request", (r) => { if (!r.url().startsWith(url)) problems.push(`request: ${r.url()}`); });
  const started = Date.now();
  const result = { problems };
  if (mode === "print") {
    // A4 landscape at 96 px to the inch, less 8 mm margins: what the page's @page rule asks for.
    await page.setViewportSize({ width: 1062, height: 733 });
    await page.emulateMedia({ media: "print" });
    await page.goto(url);
    Object.assign(result, await page.evaluate(() => {
      const box = document.documentElement.getBoundingClientRect();
      return { width: box.width, height: box.height, page: [innerWidth, innerHeight] };
    }));
  } else if (mode === "screenshot") {
    await page.goto(url);
    await page.waitForTimeout(300);
    await page.screenshot({ path: rest[0] });
  } else if (mode === "search") {
    const [query, id, screenshot] = rest;
    await page.goto(url);
    await page.waitForSelector("#cy canvas");
    result.loaded_ms = Date.now() - started;
    await page.locator("#search").pressSequentially(query, { delay: 15 });
    await page.waitForSelector("#results button");
    result.results = await page.locator("#results button").evaluateAll((bs) => bs.map((b) => b.dataset.id));
    await page.locator(`#results button[data-id="${id}"]`).click();
    await page.waitForSelector("#entity-title");
    Object.assign(result, await readEntity(page));
    if (screenshot) { await page.waitForTimeout(300); await page.screenshot({ path: screenshot }); }
  } else if (mode === "open") {
    await page.goto(`${url}#${encodeURIComponent(rest[0])}`);
    await page.waitForSelector("#entity-title");
    Object.assign(result, await readEntity(page));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`${error.message}\nproblems seen: ${JSON.stringify(problems)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** What the entity page and the graph view show. */
async function readEntity(page) {
  await page.waitForTimeout(200);
  return page.evaluate(() => ({
    hash: decodeURIComponent(location.hash),
    results_left: document.querySelectorAll("#results li").length,
    title: document.querySelector("#entity-title").textContent,
    episodes: Array.from(document.querySelectorAll("#episode-list > li .episode-line .entity-link"))
      .map((b) => b.dataset.id),
    evidence: Array.from(document.querySelectorAll("#entity .evidence li")).map((li) => li.textContent),
    times: Array.from(document.querySelectorAll("#entity .evidence .time")).map((t) => t.textContent),
    links: Array.from(document.querySelectorAll("#entity a")).map((a) => a.href),
    text: document.querySelector("#entity").textContent,
    scripts: document.querySelectorAll("script").length,
    elements: Array.from(new Set(Array.from(document.querySelectorAll("body *")).map((e) => e.tagName.toLowerCase()))).sort(),
    caption: document.querySelector("#graph-caption").textContent,
    canvases: document.querySelectorAll("#cy canvas").length,
  }));
}
