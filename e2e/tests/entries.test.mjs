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
