// Late work in the dashboard: an overdue badge on the row, the overdue count on its tab,
// the "En retard seulement" filter, and the request page saying how late it is.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown } from "./helpers.mjs";

let browser;
let late;
let town;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const node = demo.node("Branche tombée").id;
  const clerk = await token("clic@demo.civis.demo");
  const r = await api("POST", `/towns/${town}/requests`, {
    token: clerk,
    body: { node_id: node, description: "Branche tombée sur le trottoir depuis des semaines, rue des Ormes.", requester: { first_name: "Rita", phone1: "450 555-0123" } },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  late = r.body;
  const res = await fetch(`${BASE}/api/v1/towns/${town}/requests/${late.id}`, { headers: { authorization: `Bearer ${clerk}` } });
  const past = new Date(Date.now() - 12 * 86400000).toISOString().slice(0, 10);
  const patch = await fetch(`${BASE}/api/v1/towns/${town}/requests/${late.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${clerk}`, "content-type": "application/json", "if-match": res.headers.get("etag") },
    body: JSON.stringify({ due_date: past, reason: "Échéance saisie en retard" }),
  });
  assert.equal(patch.status, 200);
});
after(async () => { await browser?.close(); });

test("an overdue request is flagged, counted on its tab and found by the late filter", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  const row = page.locator("table.requests tbody tr", { hasText: late.number });
  await row.locator(".late-overdue", { hasText: "En retard" }).waitFor();
  await page.getByRole("tab", { name: /Ouvertes/ }).locator(".late-count", { hasText: "en retard" }).waitFor();
  await shot(page, "staff-dashboard-late");
  await page.getByRole("button", { name: "Filtre avancé" }).click();
  await page.getByLabel("En retard seulement").check();
  await shot(page, "staff-filter-open");
  await page.getByRole("button", { name: "Appliquer" }).click();
  // Only late ones: this file's, and any other file's late request (they share the town).
  const clerk = await token("clic@demo.civis.demo");
  const lateOnes = (await api("GET", `/towns/${town}/requests?tab=open&overdue=true&saved=false&limit=100`, { token: clerk })).body.items.length;
  assert.ok(lateOnes >= 1);
  await page.waitForFunction((n) => document.querySelectorAll("table.requests tbody tr").length === n, lateOnes);
  assert.equal(await page.locator("table.requests tbody tr", { has: page.locator(".late-overdue") }).count(), lateOnes);
  await row.waitFor();
  // Changing the sort keeps the filter panel as it was (open here).
  await page.getByRole("button", { name: /Filtre avancé/ }).click();
  await page.getByLabel("Trier par").selectOption({ label: "Échéance" });
  assert.equal(await page.getByLabel("En retard seulement").isVisible(), true);
  // The view is in the address: the link opens the same list in another tab.
  await page.waitForFunction(() => location.search.includes("overdue=true") && location.search.includes("sort=due"));
  const link = page.url();
  assert.match(link, /tab=open/);
  const other = await page.context().newPage();
  await other.goto(link);
  await other.waitForFunction((n) => document.querySelectorAll("table.requests tbody tr").length === n, lateOnes);
  assert.equal(await other.getByRole("tab", { selected: true }).locator(".count").count(), 1);
  assert.match(await other.getByRole("tab", { selected: true }).innerText(), /Ouvertes/);
  assert.equal(await other.getByLabel("Trier par").inputValue(), "due");
  await other.close();
  await row.getByRole("link", { name: late.number }).click();
  await page.locator(".request-head .late-overdue", { hasText: /En retard de 1[12] j/ }).waitFor();
  await page.getByRole("link", { name: "Retour à la liste" }).click();
  await page.getByRole("button", { name: /Filtre avancé/ }).click();
  await page.getByRole("button", { name: "Effacer le filtre" }).click();
  await page.getByRole("button", { name: "Filtre avancé", exact: true }).waitFor();
  // The category filter offers every level: a sub-event alone.
  await page.getByRole("button", { name: "Filtre avancé", exact: true }).click();
  await page.locator("fieldset.tree").getByLabel("Branche tombée").check();
  await page.getByRole("button", { name: "Appliquer" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("table.requests tbody tr")].every((tr) => tr.innerText.includes("Branche tombée")));
  // At 1 280 px the table fits, and its dates stay on one line.
  const fits = await page.evaluate(() => {
    const table = document.querySelector("table.requests");
    const cell = table.querySelector("td.nowrap:last-child");
    const line = parseFloat(getComputedStyle(cell).lineHeight) || 24;
    const dateLine = document.createRange();
    dateLine.selectNodeContents(cell.firstChild);
    return table.scrollWidth <= table.parentElement.clientWidth && dateLine.getClientRects().length === 1 && line > 0;
  });
  assert.ok(fits, "the list fits 1 280 px with its dates on one line");
  await page.getByRole("button", { name: /Filtre avancé/ }).click();
  await page.getByRole("button", { name: "Effacer le filtre" }).click();
  assert.deepEqual(page.errors, []);
});
