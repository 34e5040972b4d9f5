// The town's clock (issue 32): every due date says how it was counted, under the date, in
// the reader's language — on the staff's request page, on the citizen's tracking page and
// right after filing — and the administrator sets whether a category counts working or
// calendar days. The expected words come from the API's `due_explanation` (the start, the
// days, what was skipped), so the test holds on any day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, waitForMail, mailText, longDay, adminSignIn } from "./helpers.mjs";

let browser;
let town;
let filed;
let explanation;
const email = `horloge-${Date.now()}@example.com`;

/** The town administrator's taxonomy screen (administrators land on Administration). */
async function adminTaxonomy(page) {
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Taxonomie et questions" }).click();
}

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const pothole = demo.node("Nid-de-poule");
  const size = pothole.questions[0].id;
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: pothole.id, description: "Nid-de-poule profond devant le 40, rue des Érables.",
      answers: [{ question_id: size, value: "grand" }],
      requester: { first_name: "Horace", last_name: "Loge", email }, wants_followups: true,
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
  const clerk = await token("clic@demo.civis.demo");
  explanation = (await api("GET", `/towns/${town}/requests/${filed.id}`, { token: clerk })).body.due_explanation;
  assert.equal(explanation.unit, "working_days");
  assert.equal(explanation.days, 5);
});
after(async () => { await browser?.close(); });

test("the staff's request page says how its due date was counted, in French and in English", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  const why = page.locator("dl.summary .due-why");
  await why.waitFor();
  const fr = await why.innerText();
  assert.ok(fr.startsWith(`5 jours ouvrables à partir du ${longDay(explanation.start, "fr")}`), fr);
  if (explanation.skipped.some((s) => s.why === "weekend")) assert.match(fr, /fins de semaine/);
  for (const s of explanation.skipped.filter((s) => s.why === "holiday")) assert.ok(fr.includes(`(${s.name})`), fr);
  await shot(page, "clock-staff-due-fr");
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForFunction(() => document.querySelector("dl.summary .due-why")?.innerText.includes("working days"));
  const en = await why.innerText();
  assert.ok(en.startsWith(`5 working days from ${longDay(explanation.start, "en")}`), en);
  await shot(page, "clock-staff-due-en");
  assert.deepEqual(page.errors, []);
});

test("the citizen's tracking page says it under the expected date", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/suivi?numero=${filed.number}`);
  await page.getByLabel("Courriel", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Voir la requête" }).click();
  const why = page.locator(".tracked .due-why");
  await why.waitFor();
  assert.ok((await why.innerText()).startsWith("5 jours ouvrables à partir du"), await why.innerText());
  await shot(page, "clock-tracking-due");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "clock-tracking-due-phone");
  assert.deepEqual(page.errors, []);
});

test("the administrator sees a category's unit and what a child inherits", async () => {
  const page = await newPage(browser);
  await adminTaxonomy(page);
  await page.getByRole("button", { name: "Nid-de-poule" }).click();
  const unit = page.getByLabel("Le délai compte");
  await unit.waitFor();
  assert.equal(await unit.inputValue(), "", "the pothole inherits");
  assert.equal(await unit.locator("option:checked").innerText(), "— Hérité : Jours ouvrables —");
  await shot(page, "clock-admin-unit");
  assert.deepEqual(page.errors, []);
});

test("staff put a request on hold; the citizen sees it, answers by email, and the work resumes", async () => {
  const demo = await demoTown();
  const pothole = demo.node("Nid-de-poule");
  const who = `attente-${Date.now()}@example.com`;
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: pothole.id, description: "Nid-de-poule quelque part sur la rue des Pins.",
      answers: [{ question_id: pothole.questions[0].id, value: "petit" }],
      requester: { first_name: "Paule", last_name: "Attente", email: who }, wants_followups: true,
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${r.body.id}`);
  await page.getByText("Attendre le citoyen").click();
  await page.getByLabel("Raison (interne)").fill("Adresse à confirmer");
  await page.getByLabel("Message au citoyen (ce qui manque)").fill("Pouvez-vous nous donner l'adresse exacte? Répondez à ce courriel.");
  await page.getByRole("button", { name: "Mettre en attente" }).click();
  const banner = page.locator(".waiting", { hasText: "En attente du citoyen." });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Adresse à confirmer/);
  await shot(page, "clock-waiting-staff");

  // The citizen's tracking page says the town waits on them.
  const citizen = await newPage(browser);
  await citizen.goto(`${BASE}/t/demo/suivi?numero=${r.body.number}`);
  await citizen.getByLabel("Courriel", { exact: true }).fill(who);
  await citizen.getByRole("button", { name: "Voir la requête" }).click();
  await citizen.locator(".tracked .waiting", { hasText: "La Ville attend votre réponse" }).waitFor();
  await shot(citizen, "clock-waiting-tracking");

  // They answer the email; the mail provider posts the reply to the inbound hook.
  const asked = await waitForMail((m) => m.to.includes(who) && mailText(m).includes("adresse exacte"));
  const replyTo = (asked.raw.match(/^Reply-To: (?:.*<)?([^>\s]+)>?\s*$/mi) || [])[1];
  assert.ok(replyTo?.includes("@reply.civis.test"), asked.raw.slice(0, 600));
  const raw = `From: Paule <${who}>\r\nTo: ${replyTo}\r\nSubject: Re: Suivi\r\nMessage-ID: <e2e-${Date.now()}@mail.example>\r\n`
    + "Content-Type: text/plain; charset=utf-8\r\n\r\nC'est devant le 12, rue des Pins.\r\n";
  const posted = await fetch(`${BASE}/api/v1/inbound/email`, {
    method: "POST", body: raw,
    headers: { "content-type": "message/rfc822", authorization: `Bearer ${process.env.INBOUND_TOKEN}` },
  });
  assert.equal(posted.status, 201, await posted.text());

  await page.reload();
  await page.locator("dl.summary .due-why").waitFor();
  assert.equal(await page.locator(".waiting").count(), 0, "no longer waiting");
  await page.getByRole("tab", { name: "Historique" }).click();
  await page.getByLabel("Afficher").selectOption({ label: "En attente du citoyen" });
  const entries = page.locator("ol.timeline li");
  await entries.nth(1).waitFor();
  const text = await page.locator("ol.timeline").innerText();
  assert.match(text, /Raison : Adresse à confirmer/);
  assert.match(text, /Raison : réponse du citoyen/);
  await shot(page, "clock-waiting-resumed-history");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(citizen.errors, []);
});

test("the administrator sends a category's after-hours requests to another department, then back", async () => {
  const page = await newPage(browser);
  await adminTaxonomy(page);
  await page.getByRole("button", { name: "Routes provinciales" }).click();
  const select = page.getByLabel("Hors des heures d'ouverture, envoyer à");
  await select.waitFor();
  assert.equal(await select.locator("option:checked").innerText(), "— Hérité : le service habituel —");
  await select.selectOption({ label: "Environnement" });
  const form = page.locator("form.admin-form", { hasText: "Hors des heures d'ouverture" });
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/taxonomy/") && r.request().method() === "PUT" && r.ok()),
    form.getByRole("button", { name: /Enregistrer/ }).click(),
  ]);
  // The form, drawn again from the saved node, shows the choice.
  await page.waitForFunction(() => document.querySelector("#n-after-hours")?.selectedOptions[0]?.textContent === "Environnement");
  await shot(page, "clock-admin-after-hours");
  // Saved: the API says so; then back to the usual department, as the other tests expect.
  const admin = await token("admin@demo.civis.demo");
  const node = (await api("GET", `/towns/${town}/taxonomy`)).body.find((n) => n.name_fr === "Routes provinciales");
  const environment = (await api("GET", `/towns/${town}/departments`, { token: admin })).body.find((d) => d.code === "environnement");
  assert.equal(node.after_hours_department_id, environment.id);
  await select.selectOption({ index: 0 });
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/taxonomy/") && r.request().method() === "PUT" && r.ok()),
    form.getByRole("button", { name: /Enregistrer/ }).click(),
  ]);
  const back = (await api("GET", `/towns/${town}/taxonomy`)).body.find((n) => n.name_fr === "Routes provinciales");
  assert.equal(back.after_hours_department_id, null);
  assert.deepEqual(page.errors, []);
});
