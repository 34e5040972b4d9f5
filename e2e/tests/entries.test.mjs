// The web app's two entries: a citizen's browser downloads the portal's code alone (no
// staff code, no map library until a map opens); a staff page brings the staff entry.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, BASE, staffSignIn } from "./helpers.mjs";

const FILE = "Faire une requête";
const PUBLIC = "Requêtes publiques";
const browser = await launch();
after(() => browser.close());

/** The app's files a page asked for, by name without the hash (`portal_bg.wasm`). */
function watch(page) {
  const seen = new Set();
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.slice(1).replace(/\.[0-9a-f]{10}\./, ".");
    if (/\.(wasm|js|css)$/.test(name)) seen.add(name);
  });
  return seen;
}

test("a citizen gets the portal alone, the map's files with the first map, and a staff page gets the staff entry", async () => {
  const page = await newPage(browser);
  const seen = watch(page);
  await page.goto(`${BASE}/t/demo`);
  await page.getByRole("link", { name: FILE }).first().click();
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  assert.ok(seen.has("portal_bg.wasm") && seen.has("portal.js"), [...seen].join(", "));
  assert.deepEqual([...seen].filter((f) => f.startsWith("staff") || f.startsWith("leaflet") || f.startsWith("map")), []);

  // The public list has a map: Leaflet and its glue come now.
  await page.goBack();
  await page.getByRole("link", { name: PUBLIC }).first().click();
  await page.locator(".map.leaflet-container").waitFor();
  assert.ok(seen.has("leaflet.js") && seen.has("leaflet.css") && seen.has("map.js"), [...seen].join(", "));
  assert.ok(!seen.has("staff_bg.wasm"));

  // The staff's space: the address is the staff's, the page comes with the staff entry.
  await page.getByRole("link", { name: "Espace employés" }).click();
  await page.getByRole("heading", { name: "Connexion des employés" }).waitFor();
  assert.ok(seen.has("staff_bg.wasm"), [...seen].join(", "));
  assert.deepEqual(page.errors, []);

  // Signed in, the dashboard and a staff page work within the staff entry.
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.getByRole("link", { name: "Nouvelle requête" }).click();
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  assert.deepEqual(page.errors, []);
});

test("the portal's links are followed in place, and back and forward show the pages again", async () => {
  const page = await newPage(browser);
  const seen = [];
  page.on("request", (r) => /_bg\.[0-9a-f]+\.wasm$/.test(r.url()) && seen.push(r.url()));
  await page.goto(`${BASE}/t/demo`);
  await page.getByRole("link", { name: FILE }).first().waitFor();
  await page.evaluate(() => (window.__samePage = true));

  await page.getByRole("link", { name: FILE }).first().click();
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  assert.equal(new URL(page.url()).pathname, "/t/demo/nouvelle");
  assert.match(await page.title(), /^Faire une requête — /);

  await page.goBack();
  await page.getByRole("link", { name: PUBLIC }).first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/t/demo");
  await page.goForward();
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);

  // The skip link goes to the page's content without leaving the page.
  await page.goto(`${BASE}/t/demo`);
  await page.evaluate(() => (window.__samePage = true));
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  assert.equal(new URL(page.url()).hash, "#main");
  await page.getByRole("link", { name: PUBLIC }).first().click();
  await page.locator("h1", { hasText: PUBLIC }).waitFor();
  assert.equal(await page.evaluate(() => window.__samePage), true, "the app was loaded again");
  assert.equal(seen.length, 2, "one load of the app per page.goto");
  assert.deepEqual(page.errors, []);
});
