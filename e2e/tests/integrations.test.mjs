// Integrations (issue 33): the town administrator issues a key to an integrator's app in the
// browser, copies its secret (shown once), the app files through Open311 with it, the clerk
// reads "Application tierce — <the app>" on the request, and the administrator revokes the
// key (asked first): the app's next filing is refused. Each run names its own app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, adminSignIn, axeViolations } from "./helpers.mjs";

let browser;
let town;
let pothole;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  pothole = demo.node("Nid-de-poule");
});
after(async () => { await browser?.close(); });

/** Files a pothole through Open311 as the app would (the spec's form). */
async function fileWith(key) {
  const form = new URLSearchParams({
    api_key: key, jurisdiction_id: "demo", service_code: String(pothole.id),
    lat: "45.8617", long: "-74.0873", description: "Nid-de-poule signalé par l'application",
    [`attribute[${pothole.questions[0].id}]`]: pothole.questions[0].options[2].code,
  });
  const res = await fetch(`${BASE}/open311/v2/requests.json`, { method: "POST", body: form });
  return { status: res.status, body: await res.json() };
}

test("an administrator issues a key, the app files with it, the clerk sees the app, the key is revoked", async () => {
  const app = `Voirie mobile ${Date.now()}`;
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Intégrations" }).click();
  await page.getByLabel("Nom de l'application").fill(app);
  await page.getByLabel("Requêtes par heure").fill("500");
  await page.getByRole("button", { name: "Émettre une clé" }).click();
  const secret = page.locator("code.secret");
  await secret.waitFor();
  const key = (await secret.innerText()).trim();
  assert.match(key, /^civis_[A-Za-z0-9_-]{43}$/);
  assert.ok((await page.getByRole("status").innerText()).includes("ne sera plus jamais affichée"));
  const row = page.locator("tr", { hasText: app });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(key.slice(0, 12)));
  assert.ok(!(await page.locator("table").innerText()).includes(key), "the table never shows the secret");
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "integrations-issued");

  // The app files; the clerk reads who filed it.
  const filed = await fileWith(key);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const number = filed.body[0].service_request_id;
  const clerk = await token("clic@demo.civis.demo");
  const found = (await api("GET", `/towns/${town}/requests?q=${number}`, { token: clerk })).body.items.find((r) => r.number === number);
  assert.ok(found, `the clerk finds ${number}`);
  const staff = await newPage(browser);
  await staffSignIn(staff, "clic@demo.civis.demo");
  await staff.goto(`${BASE}/staff/${town}/requetes/${found.id}`);
  const channel = staff.locator("dl.summary dt", { hasText: "Canal" }).locator("xpath=following-sibling::dd[1]");
  await channel.waitFor();
  assert.equal((await channel.innerText()).trim(), `Application tierce — ${app}`);
  await shot(staff, "integrations-request-by-app");

  // Revoking asks first; then the app is refused.
  await page.reload();
  await page.getByRole("tab", { name: "Intégrations" }).click();
  await row.getByRole("button", { name: "Révoquer" }).click();
  assert.ok((await row.innerText()).includes(`Révoquer la clé de « ${app} »`));
  await row.getByRole("button", { name: "Oui, révoquer" }).click();
  await row.getByText("Révoquée").waitFor();
  await shot(page, "integrations-revoked");
  const refused = await fileWith(key);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body[0].code, 403);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(staff.errors, []);
});

test("an empty name is refused in French and English where it is typed", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Intégrations" }).click();
  await page.getByRole("button", { name: "Émettre une clé" }).click();
  await page.locator("#k-name-err").waitFor();
  assert.equal(await page.getByLabel("Nom de l'application").getAttribute("aria-invalid"), "true");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel("App name").waitFor();
  assert.ok((await page.locator("#k-name-err").innerText()).length > 0);
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
});

test("an administrator registers a webhook, reads its deliveries, sends one again and pauses it", async () => {
  const url = `https://travaux-${Date.now()}.example.org/civis`;
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Intégrations" }).click();
  await page.getByLabel("Adresse (https://)").fill(url);
  await page.getByLabel("Description", { exact: true }).fill("Bons de travail");
  await page.getByLabel("Suivi envoyé au citoyen").uncheck();
  await page.getByRole("button", { name: "Enregistrer le webhook" }).click();
  const secret = page.locator("code.secret");
  await secret.waitFor();
  assert.match(await secret.innerText(), /^whsec_[A-Za-z0-9+/]{43}=$/);
  const card = page.locator("section.card", { hasText: url });
  await card.waitFor();
  assert.ok((await card.innerText()).includes("Requête déposée · Statut modifié · Requête fermée"), await card.innerText());
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "webhooks-registered");

  // A filing is written as a delivery (the address does not resolve here: it waits).
  const filed = await api("POST", `/towns/${town}/requests`, {
    body: { node_id: pothole.id, description: "Nid-de-poule pour le webhook", latitude: 45.8617, longitude: -74.0873,
      answers: [{ question_id: pothole.questions[0].id, value: pothole.questions[0].options[2].code }], requester_mode: "anonymous" },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  await card.getByRole("button", { name: "Dernières livraisons" }).click();
  const row = card.locator("tbody tr", { hasText: String(filed.body.id) });
  await row.waitFor();
  assert.ok((await row.innerText()).includes("Requête déposée"), await row.innerText());
  await row.getByRole("button", { name: /Renvoyer/ }).click();
  await card.locator("tbody tr", { hasText: String(filed.body.id) }).getByText(/En attente/).waitFor();
  await shot(page, "webhooks-deliveries");

  await card.getByRole("button", { name: "Mettre en pause" }).click();
  await page.locator("section.card", { hasText: url }).getByText("En pause").waitFor();
  assert.deepEqual(page.errors, []);
});
