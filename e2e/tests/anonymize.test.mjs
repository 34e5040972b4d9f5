// Anonymization (Loi 25) in the browser: the director finds a person, is told it cannot be
// undone, must tick that they understand, gives a reason, and anonymizes; the file is then
// empty, the run is recorded without whom, and the request shows a tombstone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, axeViolations } from "./helpers.mjs";

let browser;
let town;
let filed;
const email = `anatole.${Date.now()}@exemple.ca`;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: demo.node("Animal errant").id,
      description: "Un chien errant; rappelez Anatole Effacé au 450 555-0178.",
      requester: { first_name: "Anatole", last_name: "Effacé", email, phone1: "450 555-0178" },
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
  const clerk = await token("clic@demo.civis.demo");
  const call = await api("POST", `/towns/${town}/interactions`, {
    token: clerk,
    body: { channel: "phone", note: "Anatole Effacé rappelle pour le chien", outcome: "answered", contact: { name: "Anatole Effacé", email } },
  });
  assert.equal(call.status, 201, JSON.stringify(call.body));
});
after(async () => { await browser?.close(); });

test("the director anonymizes a person after confirming it cannot be undone", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/renseignements`);
  await page.getByLabel("Courriel").fill(email);
  await page.getByRole("button", { name: "Chercher" }).click();
  await page.locator("section.person-file").getByRole("link", { name: filed.number }).waitFor();
  const form = page.locator("section.anonymize");
  assert.match(await form.getByRole("note").innerText(), /ne peut pas être annulée/);
  await form.getByLabel("Motif (consigné)").fill("Demande écrite de la personne");
  // Without ticking the box: refused, and said so.
  await form.getByRole("button", { name: "Anonymiser définitivement" }).click();
  await form.getByText("Confirmez que l'anonymisation est définitive").first().waitFor();
  await form.getByLabel("Je comprends que l'anonymisation ne peut pas être annulée.").check();
  await form.getByRole("button", { name: "Anonymiser définitivement" }).click();
  const done = page.getByRole("status").filter({ hasText: "Anonymisation faite" });
  await done.waitFor();
  assert.match(await done.innerText(), /1 requête\(s\), 1 appel\(s\)/);
  await page.getByText("Requêtes (0)").waitFor();
  const runs = page.locator("section.anonymizations");
  await runs.getByRole("cell", { name: "Demande écrite de la personne" }).waitFor();
  assert.doesNotMatch(await runs.innerText(), /Anatole|Effacé|anatole\./);
  await shot(page, "staff-anonymized");
  assert.deepEqual(await axeViolations(page), []);

  // The request stays, with a tombstone for a contact and no trace of the person.
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  await page.getByRole("heading", { name: new RegExp(filed.number) }).waitFor();
  await page.getByText("[anonymisé]", { exact: true }).first().waitFor();
  const text = await page.locator("main").innerText();
  assert.doesNotMatch(text, /Anatole|Effacé|450 555-0178|anatole\./);
  await shot(page, "staff-request-anonymized");
  // The one refusal above is the 422 the browser logs.
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
});
