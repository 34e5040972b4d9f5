// `make web-bench`: the web app's size and the time until the request form is
// interactive (the category list filled from the API), on localhost, in headless
// Chromium: cold (empty cache, new browser context) and warm (cached files). Prints a
// Markdown table for docs/PERFORMANCE.md.
import { launch, BASE } from "./tests/helpers.mjs";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const RUNS = Number(process.env.RUNS ?? 20);
const dist = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "frontend", "dist");
const wasm = readdirSync(dist).find((f) => f.endsWith(".wasm"));
const size = (f) => statSync(path.join(dist, f)).size;

async function interactive(page) {
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  return page.evaluate(() => performance.now());
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const browser = await launch();
const cold = [], warm = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  cold.push(await interactive(page));
  warm.push(await interactive(page));
  await context.close();
}
await browser.close();

const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
console.log(`| measure | value |\n| --- | --- |`);
console.log(`| release wasm, raw | ${kb(size(wasm))} (${size(wasm)} bytes) |`);
console.log(`| release wasm, gzip (as served) | ${kb(size(wasm + ".gz"))} (${size(wasm + ".gz")} bytes) |`);
const js = readdirSync(dist).filter((f) => f.endsWith(".js.gz") || f.endsWith(".css.gz")).reduce((a, f) => a + size(f), 0);
console.log(`| JS + CSS, gzip (Leaflet included) | ${kb(js)} |`);
for (const [name, xs] of [["cold (empty cache)", cold], ["warm (cached)", warm]]) {
  console.log(`| form interactive, ${name}, median / p95 of ${RUNS} | ${pct(xs, 50).toFixed(0)} ms / ${pct(xs, 95).toFixed(0)} ms |`);
}
