// The access journal (Loi 25) in the browser: a clerk reads a requester's contact; the
// director opens the request's "Journal d'accès" tab and sees who read it and when, with
// no contact in it; the clerk is offered no such tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, axeViolations } from "./helpers.mjs";

let browser;
let town;
let filed;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const node = demo.node("Animal errant");
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: node.id, description: "Chat perdu près de la bibliothèque.",
      requester: { first_name: "Iphigénie", last_name: "Journal", email: "iphigenie@exemple.ca", phone1: "450 555-0177" },
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
});
after(async () => { await browser?.close(); });

test("the clerk reads the contact and has no journal tab", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  await page.getByText("iphigenie@exemple.ca").waitFor();
  assert.equal(await page.getByRole("tab", { name: "Journal d'accès" }).count(), 0);
  assert.deepEqual(page.errors, []);
});

test("the director reads who saw the requester's contact, and no contact in it", async () => {
  // The clerk's read is in before the director looks (the test above, or this call alone).
  const clerk = await token("clic@demo.civis.demo");
  assert.equal((await api("GET", `/towns/${town}/requests/${filed.id}`, { token: clerk })).status, 200);
  const page = await newPage(browser);
  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  await page.getByRole("tab", { name: "Journal d'accès" }).click();
  const table = page.locator("table.journal-table");
  await table.locator("tr", { hasText: "Claire Technicienne" }).first().waitFor();
  const text = await table.innerText();
  assert.match(text, /Coordonnées du demandeur/);
  for (const secret of ["Iphigénie", "iphigenie@exemple.ca", "555-0177"]) {
    assert.ok(!text.includes(secret), `the journal shows ${secret}`);
  }
  await shot(page, "staff-access-journal");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
});
