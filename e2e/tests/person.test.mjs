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
  // Who read her contacts: the director's own reading of the file, just now.
  await file.locator("table.journal-table tr", { hasText: "Denis Directeur" }).first().waitFor();
  await shot(page, "staff-person-file");
  assert.deepEqual(await axeViolations(page), []);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Télécharger le dossier (JSON)" }).click(),
  ]);
  const json = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(json.requests[0].number, filed.number);
  assert.equal(json.calls[0].note, "Veut des nouvelles du renard");
  // The archive: the data and a readable summary, in one ZIP made by the server.
  const [archive] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger l'archive (JSON et résumé lisible)" }).click(),
  ]);
  assert.equal(archive.suggestedFilename(), "dossier-renseignements.zip");
  const zip = readFileSync(await archive.path());
  assert.equal(zip.subarray(0, 2).toString(), "PK");
  for (const name of ["dossier.json", "dossier.html"]) assert.ok(zip.includes(name), `${name} in the archive`);
  assert.deepEqual(page.errors, []);
});

test("a citizen downloads their own file from Mes requêtes", async () => {
  const demo = await demoTown();
  const own = await api("POST", `/towns/${town}/requests`, {
    token: await token("citoyen@civis.demo", "citizen"),
    body: { node_id: demo.node("Animal errant").id, description: "Un raton laveur dans ma cour." },
  });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  const page = await newPage(browser);
  await page.goto(`${BASE}/compte`);
  await page.getByLabel("Courriel").fill("citoyen@civis.demo");
  await page.getByLabel("Mot de passe").fill("demo-civis-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Mes renseignements personnels" }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger mon dossier" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "dossier-renseignements.zip");
  const zip = readFileSync(await download.path());
  assert.equal(zip.subarray(0, 2).toString(), "PK");
  assert.ok(zip.includes("dossier.html"));
  await shot(page, "portal-own-file");
  assert.deepEqual(await axeViolations(page), []);
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
