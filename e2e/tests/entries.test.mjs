// The web app's two entries: a citizen's browser downloads the portal's code alone (no
// staff code, no map library until a map opens); a staff page brings the staff entry.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, BASE, staffSignIn, chooseNode } from "./helpers.mjs";

const FILE = "Faire une requête";
const PUBLIC = "Requêtes publiques";
const browser = await launch();
after(() => browser.close());

/** The app's files a page asked for, by name without the hash (`portal/portal_bg.wasm`). */
function watch(page) {
  const seen = new Set();
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.slice(1).replace(/\.[0-9a-f]{10}\b/, "");
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
  assert.ok(seen.has("portal/portal_bg.wasm") && seen.has("portal/portal.js"), [...seen].join(", "));
  assert.deepEqual([...seen].filter((f) => /^(staff|leaflet|map)|split_portal_pages/.test(f)), []);

  // The public list: its part of the portal comes now, and with its map, Leaflet and its glue.
  await page.goBack();
  await page.getByRole("link", { name: PUBLIC }).first().click();
  await page.locator(".map.leaflet-container").waitFor();
  assert.ok(seen.has("leaflet.js") && seen.has("leaflet.css") && seen.has("map.js"), [...seen].join(", "));
  assert.ok(seen.has("portal/split_portal_pages.wasm"), [...seen].join(", "));
  assert.ok(!seen.has("staff/staff_bg.wasm"));

  // The staff's space: the address is the staff's, the page comes with the staff entry.
  await page.getByRole("link", { name: "Espace employés" }).click();
  await page.getByRole("heading", { name: "Connexion des employés" }).waitFor();
  assert.ok(seen.has("staff/staff_bg.wasm"), [...seen].join(", "));
  assert.deepEqual(page.errors, []);

  // Signed in, the dashboard and a staff page work within the staff entry.
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.getByRole("link", { name: "Nouvelle requête" }).click();
  await page.waitForFunction(() => document.querySelectorAll("#w-level-0 option").length > 1);
  assert.deepEqual(page.errors, []);
});

/** Blocks the parts loaded on demand until `open()`; the page's errors of the blocked
 *  fetches are cleared then. */
async function blockParts(page) {
  const parts = /\/(split_|chunk_)[^/]*\.wasm$/;
  let blocked = true;
  await page.route(parts, (route) => (blocked ? route.abort() : route.continue()));
  return () => {
    blocked = false;
    page.errors.length = 0;
  };
}

test("the form's first step needs no part loaded on demand; a part that cannot come is said, and comes when tried again", async () => {
  const page = await newPage(browser);
  const open = await blockParts(page);
  const asked = page.waitForRequest(/\/(split_|chunk_)[^/]*\.wasm$/);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await asked; // the steps' part is fetched while the citizen chooses
  assert.equal(await page.getByRole("alert").count(), 0, "the category step works without the part");

  await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator("#wizard-step-title", { hasText: "Questions" }).waitFor();
  await page.getByRole("alert").filter({ hasText: "Le serveur est injoignable" }).waitFor();

  open();
  await page.getByRole("button", { name: "Réessayer" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").waitFor();
  assert.deepEqual(page.errors, []);
});

test("a portal page whose part cannot come says so, and opens when tried again", async () => {
  const page = await newPage(browser);
  const open = await blockParts(page);
  await page.goto(`${BASE}/t/demo`);
  await page.getByRole("link", { name: PUBLIC }).first().click();
  await page.getByRole("alert").filter({ hasText: "Le serveur est injoignable" }).waitFor();
  open();
  await page.getByRole("button", { name: "Réessayer" }).click();
  await page.locator("h1", { hasText: PUBLIC }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("the portal's links are followed in place, and back and forward show the pages again", async () => {
  const page = await newPage(browser);
  const seen = [];
  page.on("request", (r) => /_bg\.wasm$/.test(r.url()) && seen.push(r.url()));
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
  await page.getByRole("link", { name: PUBLIC }).first().waitFor();
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
