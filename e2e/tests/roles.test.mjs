// Each role on its own screen: the department responsible starts on their department and
// hands a request to a colleague; the operator agent starts on "Non transférées"; the
// elected official reads without a single action button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, chooseNode, api, token, waitForMail, demoTown, BASE } from "./helpers.mjs";

let browser;
let town;
let pothole;
let sizeLabel;
let potholeBody;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const node = demo.node;
  const size = node("Nid-de-poule").questions[0];
  sizeLabel = size.options[0].label_fr;
  potholeBody = (description, latitude, longitude) => ({
    node_id: node("Nid-de-poule").id, description, address: "12, rue de la Caserne", latitude, longitude,
    answers: [{ question_id: size.id, value: size.options[0].code }],
    requester: { first_name: "Marc", email: "marc@exemple.ca" }, wants_followups: true,
  });
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: node("Nid-de-poule").id, description: "Nid-de-poule devant la caserne.",
      address: "12, rue de la Caserne", latitude: 45.868, longitude: -74.081,
      answers: [{ question_id: size.id, value: size.options[0].code }],
      requester: { first_name: "Marc", email: "marc@exemple.ca" }, wants_followups: true,
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  pothole = r.body;
  // Another department's request, which the department responsible does not start on.
  const other = await api("POST", `/towns/${town}/requests`, {
    body: { node_id: node("Animal errant").id, description: "Chien errant au parc.", requester: { first_name: "Ana", phone1: "450 555-0111" } },
  });
  assert.equal(other.status, 201);
});
after(async () => { await browser?.close(); });

test("the department responsible starts on their department and hands a request to a colleague", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "travaux@demo.civis.demo");
  await page.locator("table.requests tbody tr", { hasText: pothole.number }).waitFor();
  assert.equal(await page.locator("table.requests tbody tr", { hasText: "Chien errant" }).count(), 0);
  await shot(page, "staff-department-home");
  await page.getByRole("link", { name: pothole.number }).click();
  // The answer in words, and the place on a map (a marker even without tiles).
  await page.locator("dd", { hasText: sizeLabel }).waitFor();
  await page.locator(".location .leaflet-interactive").waitFor();
  await page.getByText("12, rue de la Caserne (45.86800, -74.08100)").waitFor();
  await shot(page, "staff-request-info");
  // The tabs follow the tab pattern: arrows, Home and End move the selection and the focus.
  await page.getByRole("tab", { name: "Informations" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.match(await page.getByRole("tab", { selected: true }).innerText(), /Suivis/);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-selected")), "true");
  await page.keyboard.press("End");
  assert.match(await page.getByRole("tab", { selected: true }).innerText(), /Historique/);
  await page.keyboard.press("Home");
  assert.match(await page.getByRole("tab", { selected: true }).innerText(), /Informations/);
  assert.equal(await page.getByRole("tab", { name: "Suivis" }).getAttribute("tabindex"), "-1");
  await page.getByLabel("Assignée à").selectOption({ label: "Paula Voirie" });
  await page.locator("dd", { hasText: "Paula Voirie" }).waitFor();
  await page.getByRole("tab", { name: "Historique" }).click();
  await page.locator("ol.timeline").getByText("Assignée à : Paula Voirie").waitFor();
  await shot(page, "staff-request-assigned");
  // Paula hears of it by email.
  await waitForMail((m) => m.to.includes("voirie@demo.civis.demo") && m.subject.startsWith(`Requête ${pothole.number} assignée à vous`));
  assert.deepEqual(page.errors, []);
});

test("the operator agent starts on the requests not yet transferred", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "agent311@civis.demo");
  const selected = page.getByRole("tab", { selected: true });
  assert.match(await selected.innerText(), /Non transférées/);
  // Saint-Exemple has its own departments and categories to file under.
  await page.getByRole("link", { name: "Nouvelle requête" }).click();
  await page.getByRole("combobox", { name: "Municipalité" }).selectOption({ label: "Municipalité de Saint-Exemple" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator("#w-level-0 option", { hasText: "Travaux publics" }).waitFor({ state: "attached" });
  assert.deepEqual(page.errors, []);
});

test("the elected official reads without any action", async () => {
  // More than a page of requests not completed (this file's own when the town has fewer).
  const elected = await token("elu@demo.civis.demo");
  const lists = (await api("GET", `/towns/${town}/monthly-lists`, { token: elected })).body;
  for (let n = lists.open.length; n < 30; n++) {
    const more = await api("POST", `/towns/${town}/requests`, { body: potholeBody(`Nid-de-poule n° ${n} rue de la Caserne.`, 45.868, -74.081) });
    assert.equal(more.status, 201, JSON.stringify(more.body));
  }
  const page = await newPage(browser);
  await staffSignIn(page, "elu@demo.civis.demo");
  assert.equal(await page.getByRole("link", { name: "Nouvelle requête" }).count(), 0);
  // The home page leads with the monthly lists: numbers and categories, never a person,
  // 25 rows at a time.
  await page.getByRole("heading", { name: "Listes mensuelles" }).waitFor();
  const open = page.locator(".monthly table").first();
  await open.locator("tbody tr").first().waitFor();
  assert.equal(await open.locator("tbody tr").count(), 25);
  const pager = page.locator(".monthly nav.pager").first();
  assert.match(await pager.innerText(), /1 à 25 sur \d+/);
  await pager.getByRole("button", { name: "25 suivantes" }).click();
  await pager.getByText(/26 à \d+ sur \d+/).waitFor();
  await pager.getByRole("button", { name: "25 précédentes" }).click();
  for (let i = 0; i < 20 && !(await page.locator(".monthly td", { hasText: pothole.number }).count()); i++) {
    await pager.getByRole("button", { name: "25 suivantes" }).click();
  }
  await page.locator(".monthly td", { hasText: pothole.number }).waitFor();
  await page.locator(".monthly", { hasText: "Plaintes (comptées, non listées)" }).waitFor();
  await shot(page, "staff-elected-home");
  // Its page (the list's newest rows are this file's other requests).
  await page.goto(`${BASE}/staff/${town}/requetes/${pothole.id}`);
  await page.getByText("Nid-de-poule devant la caserne.").waitFor();
  for (const name of ["Fermer…", "Mettre en traitement", "Rendre publique", "Ajouter le suivi"]) {
    assert.equal(await page.getByRole("button", { name }).count(), 0, name);
  }
  assert.equal(await page.getByLabel("Priorité", { exact: true }).count(), 0);
  await page.getByRole("tab", { name: "Suivis" }).click();
  assert.equal(await page.getByRole("button", { name: "Ajouter le suivi" }).count(), 0);
  assert.ok(!(await page.locator("main").innerText()).includes("marc@exemple.ca"));
  await shot(page, "staff-elected-request");
  assert.deepEqual(page.errors, []);
});

test("an agent taking a call sees the town's open requests at the same place, private ones too", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "agent311@civis.demo");
  await page.getByRole("link", { name: "Nouvelle requête" }).click();
  await page.getByRole("combobox", { name: "Municipalité" }).selectOption({ label: "Ville de Démo" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Suivant" }).click();
  // The map opens on the town: a click pins it, and the open requests nearby show at once,
  // before the agent writes anything. Other files file near the town's centre too, so this
  // test files its own private pothole exactly where the agent pins, then pins again.
  const map = page.locator(".map").first();
  const box = await map.boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  // A click before the map has settled (its first layout, the nearby markers' load) may
  // not pin: click again until the pin says where it is.
  const pin = async () => {
    for (let tries = 0; tries < 10; tries += 1) {
      await page.mouse.click(x, y);
      if (await page.getByText(/Épingle :/).isVisible()) return;
      await page.waitForTimeout(300);
    }
  };
  await pin();
  const pinned = await page.getByText(/Épingle :/).innerText();
  const [lat, lon] = pinned.match(/(-?\d+\.\d+), (-?\d+\.\d+)/).slice(1).map(Number);
  const here = await api("POST", `/towns/${town}/requests`, { body: potholeBody("Nid-de-poule signalé au téléphone.", lat, lon) });
  assert.equal(here.status, 201, JSON.stringify(here.body));
  await page.getByRole("button", { name: "Retirer l'épingle" }).click();
  await page.getByText(/Épingle :/).waitFor({ state: "detached" });
  await pin();
  await page.locator(".nearby-list li", { hasText: here.body.number }).waitFor();
  await shot(page, "staff-wizard-nearby");
  assert.deepEqual(page.errors, []);
});
