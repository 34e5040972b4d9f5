// `make web-bench`: per entry of the web app (the citizen portal; the staff dashboard),
// the bytes the browser downloads to show the request form (wasm + JS + CSS, as served:
// the compressed body) and the time until that form is interactive (the category list
// filled from the API), on localhost, in headless Chromium: cold (empty cache, new
// browser context) and warm (cached files). Also the files' brotli and gzip weights, the
// encodings a browser gets over HTTPS. Prints Markdown tables for docs/PERFORMANCE.md.
import { launch, BASE, staffSignIn } from "./tests/helpers.mjs";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const RUNS = Number(process.env.RUNS ?? 20);
const dist = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "frontend", "dist");
const size = (f) => statSync(path.join(dist, f)).size;
const file = (re) => readdirSync(dist).find((f) => re.test(f));
const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const PART = /\/(split_|chunk_)[^/]*\.wasm$/;

/** Opens the form; returns the time it became interactive, and the bytes downloaded: the
 *  first load (the entry's files) and, fetched while the citizen chooses a category, the
 *  parts of the entry the next steps need (`split_*`, `chunk_*`). */
async function interactive(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  const ms = await page.evaluate(() => performance.now());
  await page.waitForLoadState("networkidle");
  return page.evaluate(([ms, part]) => {
    const files = performance.getEntriesByType("resource").filter((r) => /\.(wasm|js|css)$/.test(new URL(r.name).pathname));
    const first = files.filter((r) => !new RegExp(part).test(r.name));
    const parts = files.filter((r) => new RegExp(part).test(r.name));
    const sum = (xs) => xs.reduce((a, r) => a + r.encodedBodySize, 0);
    return {
      ms,
      bytes: sum(first),
      parts: sum(parts),
      names: first.map((r) => new URL(r.name).pathname.replace(/\.[0-9a-f]{10}\b/, "")),
    };
  }, [ms, PART.source]);
}

async function entry(browser, name, url, storageState) {
  const cold = [], warm = [];
  let first;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ storageState });
    const page = await context.newPage();
    const c = await interactive(page, url);
    first ??= c;
    cold.push(c.ms);
    warm.push((await interactive(page, url)).ms);
    await context.close();
  }
  return { name, url, first, cold, warm };
}

const browser = await launch();
const signIn = await browser.newContext();
const page = await signIn.newPage();
await staffSignIn(page, "clic@demo.civis.demo");
const town = new URL(page.url()).pathname.split("/")[2];
const staffState = await signIn.storageState();
await signIn.close();
const results = [
  await entry(browser, "portal", `${BASE}/t/demo/nouvelle`),
  await entry(browser, "staff", `${BASE}/staff/${town}/nouvelle`, staffState),
];
await browser.close();

console.log(`| entry | first load: downloaded until the form is interactive (as served here) | files | then, the next steps' parts | form interactive, cold: median / p95 of ${RUNS} | warm |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const r of results) {
  console.log(`| ${r.name} (${new URL(r.url).pathname}) | ${kb(r.first.bytes)} (${r.first.bytes} bytes) | ${r.first.names.join(", ")} ` +
    `| ${kb(r.first.parts)} | ${pct(r.cold, 50).toFixed(0)} ms / ${pct(r.cold, 95).toFixed(0)} ms | ${pct(r.warm, 50).toFixed(0)} ms / ${pct(r.warm, 95).toFixed(0)} ms |`);
}
console.log(`\n| entry | main wasm raw | first load (wasm + JS + CSS), brotli | gzip | parts loaded on demand, brotli |\n| --- | --- | --- | --- | --- |`);
for (const name of ["portal", "staff"]) {
  const dir = file(new RegExp(`^${name}\\.[0-9a-f]{10}$`));
  const inDir = (re) => readdirSync(path.join(dist, dir)).filter((f) => re.test(f)).map((f) => path.join(dir, f));
  const wasm = path.join(dir, `${name}_bg.wasm`);
  const all = [wasm, ...inDir(/\.js$/), file(/^style\.[0-9a-f]+\.css$/), file(/^boot\.[0-9a-f]+\.js$/)];
  const sum = (files, ext) => files.reduce((a, f) => a + size(f + ext), 0);
  const parts = inDir(/^(split_|chunk_).*\.wasm$/);
  const each = parts.map((f) => `${path.basename(f, ".wasm")} ${kb(size(f + ".br"))}`).join(", ");
  console.log(`| ${name} | ${kb(size(wasm))} | ${kb(sum(all, ".br"))} (${sum(all, ".br")} bytes) | ${kb(sum(all, ".gz"))} | ${kb(sum(parts, ".br"))} (${each}) |`);
}
const map = [file(/^leaflet\.[0-9a-f]+\.js$/), file(/^leaflet\.[0-9a-f]+\.css$/), file(/^map\.[0-9a-f]+\.js$/)];
console.log(`| map (Leaflet + glue, when a map first opens) | — | ${kb(map.reduce((a, f) => a + size(f + ".br"), 0))} | ${kb(map.reduce((a, f) => a + size(f + ".gz"), 0))} |`);
