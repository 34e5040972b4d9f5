// A person's file (Loi 25) in the browser: the director looks a person up by email from the
// dashboard's "Renseignements personnels", reads their requests and calls, and downloads
// the file; a clerk is offered no such page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, axeViolations } from "./helpers.mjs";

let browser;
let town;
let filed;
const email = `ophelie.${Date.now()}@exemple.ca`;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: demo.node("Animal errant").id, description: "Un renard dans la cour d'école.",
      requester: { first_name: "Ophélie", last_name: "Dossier", email, phone1: "450 555-0163" },
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
  const clerk = await token("clic@demo.civis.demo");
  const call = await api("POST", `/towns/${town}/interactions`, {
    token: clerk,
    body: { channel: "phone", note: "Veut des nouvelles du renard", outcome: "answered", contact: { name: "Ophélie D.", email } },
  });
  assert.equal(call.status, 201, JSON.stringify(call.body));
});
after(async () => { await browser?.close(); });

test("the director finds a person's file by email and downloads it", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.getByRole("link", { name: "Renseignements personnels" }).click();
  await page.getByRole("heading", { name: "Renseignements personnels", level: 1 }).waitFor();
  await page.getByLabel("Courriel").fill(email);
  await page.getByRole("button", { name: "Chercher" }).click();
  const file = page.locator("section.person-file");
  await file.getByRole("link", { name: filed.number }).waitFor();
  assert.match(await file.innerText(), /Requêtes \(1\)/);
  assert.match(await file.innerText(), /Appels et rappels \(1\)/);
  assert.match(await file.innerText(), /450 555-0163/);
  await shot(page, "staff-person-file");
  assert.deepEqual(await axeViolations(page), []);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Télécharger le dossier (JSON)" }).click(),
  ]);
  const json = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(json.requests[0].number, filed.number);
  assert.equal(json.calls[0].note, "Veut des nouvelles du renard");
  assert.deepEqual(page.errors, []);
});

test("a clerk has no personal-information page", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  assert.equal(await page.getByRole("link", { name: "Renseignements personnels" }).count(), 0);
  await page.goto(`${BASE}/staff/${town}/renseignements`);
  await page.getByLabel("Courriel").fill(email);
  await page.getByRole("button", { name: "Chercher" }).click();
  await page.getByRole("alert").waitFor();
  assert.equal(await page.locator("section.person-file").count(), 0);
});
