// Complaints in the browser: the portal asks for the employee concerned and never offers
// to make a complaint public; the director sees the complainant and the employee; the
// clerk sees neither, is told why, and is offered no visibility switch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, chooseNode, api, token, BASE, demoTown } from "./helpers.mjs";

let browser;
let complaint;
let town;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const node = demo.node("Plainte").id;
  // Even where a town lets the category be public, a complaint never is.
  const admin = await token("admin@demo.civis.demo");
  const deps = await api("GET", `/admin/towns/${town}/departments`, { token: admin });
  const sac = deps.body.find((d) => d.code === "service-citoyens").id;
  const put = await api("PUT", `/admin/towns/${town}/taxonomy/${node}`, {
    token: admin,
    body: { name_fr: "Plainte", name_en: "Complaint", kind: "complaint", department_id: sac, delay_days: 30, public_allowed: true },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: node, description: "Accueil désagréable au comptoir des permis.",
      requester: { first_name: "Gisèle", last_name: "Plaignante", email: "gisele@exemple.ca" },
      wants_followups: true, date_of_facts: today, attested: true, employee_concerned: "Hubert Guichet",
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  complaint = r.body;
});
after(async () => { await browser?.close(); });

test("the portal asks who the complaint concerns and never offers to make it public", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Plainte");
  const description = page.getByRole("textbox", { name: "Description" });
  for (let i = 0; i < 4 && !(await description.isVisible()); i++) {
    await page.getByRole("button", { name: "Suivant" }).click();
  }
  await description.fill("Le préposé a refusé de prendre ma demande.");
  const employee = page.getByLabel("Employé concerné (facultatif)");
  await employee.fill("Le préposé du comptoir");
  assert.ok(await page.getByText("Seul le directeur du service aux citoyens verra ce nom.").isVisible());
  await shot(page, "portal-complaint-description");
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
  await page.getByLabel("Date des faits").fill(today);
  await page.getByLabel("J'atteste que les renseignements de ma plainte sont exacts (signature).").check();
  const review = page.getByRole("heading", { name: "Vérifier et soumettre" });
  for (let i = 0; i < 4 && !(await review.isVisible()); i++) {
    if (await page.getByLabel("Prénom").isVisible()) {
      await page.getByLabel("Prénom").fill("Rémi");
      await page.getByLabel("Nom", { exact: true }).fill("Plaignant");
      await page.getByLabel("Courriel", { exact: true }).fill("remi@exemple.ca");
    }
    await page.getByRole("button", { name: "Suivant" }).click();
  }
  await review.waitFor();
  assert.equal(await page.getByLabel("Rendre la requête publique").count(), 0, "no public choice for a complaint");
  await shot(page, "portal-complaint-review");
  assert.deepEqual(page.errors, []);
});

test("the director sees the complainant and the employee concerned", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${complaint.id}`);
  await page.getByText("Hubert Guichet").waitFor();
  await page.locator("dd", { hasText: "Service aux citoyens" }).waitFor();
  assert.ok(await page.getByText("gisele@exemple.ca").isVisible());
  assert.equal(await page.getByRole("button", { name: "Rendre publique" }).count(), 0);
  await shot(page, "staff-complaint-director");
  assert.deepEqual(page.errors, []);
});

test("the clerk sees the complaint without who filed it or whom it concerns", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${complaint.id}`);
  await page.getByText("Accueil désagréable au comptoir des permis.").waitFor();
  await page.getByText(/Plainte confidentielle/).waitFor();
  await page.locator("dd", { hasText: "Service aux citoyens" }).waitFor();
  const text = await page.locator("main").innerText();
  for (const secret of ["Hubert", "Gisèle", "gisele@exemple.ca"]) {
    assert.ok(!text.includes(secret), `the clerk reads ${secret}`);
  }
  assert.equal(await page.getByRole("button", { name: "Rendre publique" }).count(), 0);
  await shot(page, "staff-complaint-clerk");
  assert.deepEqual(page.errors, []);
});
