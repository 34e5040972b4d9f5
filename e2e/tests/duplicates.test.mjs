// Duplicates a citizen can see: a neighbour's private pothole is shown to a visitor about to
// file nearby as what it is, how far and where it stands (never its words or who asked),
// drawn on the map; "Signaler aussi" links the visitor's own request to it. An address typed
// in full that the register has pins it without picking a suggestion. Lateness on the
// public pages is said in the citizen's words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, api, token, chooseNode, BASE, demoTown, axeViolations } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a private pothole nearby is shown without its words, on the map, and the new request is linked to it", async () => {
  const staff = await token("clic@demo.civis.demo");
  const demo = await demoTown();
  const pothole = demo.node("Nid-de-poule");
  const size = pothole.questions.find((q) => q.qtype === "single_choice");
  const [forty] = (await api("GET", `/towns/${demo.id}/public/addresses?q=40%20rue%20saint-jean`)).body;
  assert.equal(forty.label, "40, rue Saint-Jean");
  const neighbour = await api("POST", `/towns/${demo.id}/requests`, {
    token: staff,
    body: {
      node_id: pothole.id, description: "Trou profond signalé par Hélène Voisine",
      latitude: forty.latitude, longitude: forty.longitude, address: "40, rue Saint-Jean",
      answers: [{ question_id: size.id, value: "grand" }], channel: "phone",
      requester: { first_name: "Hélène", last_name: "Voisine", phone1: "450 555-0177" }, public: false,
    },
  });
  assert.equal(neighbour.status, 201, JSON.stringify(neighbour.body));

  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").selectOption({ label: "Grand (plus de 60 cm)" });
  await page.getByRole("button", { name: "Suivant" }).click();
  // Typed in full, not picked: the register's address pins it, and the text stays as typed.
  const box = page.getByRole("combobox", { name: "Adresse ou lieu" });
  await box.pressSequentially("42 rue saint-jean");
  await page.getByText(/Épingle :/).waitFor();
  assert.equal(await box.inputValue(), "42 rue saint-jean");
  // The neighbour's request: what it is, how far and where it stands; not its words, nor who.
  const panel = page.locator(".nearby");
  const item = panel.locator("li.private");
  await item.getByText("Requête non publique").waitFor();
  const text = await panel.innerText();
  assert.match(text, /Nid-de-poule/);
  assert.match(text, /\d+ m/);
  assert.doesNotMatch(text, /Trou profond|Hélène|Voisine|450 555|2\d{3}-\d{5}/);
  assert.doesNotMatch(await page.content(), /Hélène|Trou profond/);
  // Drawn on the map beside the pin.
  assert.ok(await page.locator(".map path.leaflet-interactive").count() >= 1, "a marker for the duplicate");
  assert.deepEqual(await axeViolations(page), []);
  await item.getByRole("button", { name: "Signaler aussi : Nid-de-poule" }).click();
  await item.getByText("Votre requête sera liée à celle-ci").waitFor();
  await shot(page, "portal-duplicate-private");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Le même trou, il s'agrandit.");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator("#w-first").fill("Paul");
  await page.locator("#w-last").fill("Passant");
  await page.locator("#w-email").fill(`paul.${Date.now()}@exemple.ca`);
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  const number = (await page.locator(".confirmation .number").innerText()).trim();
  // The town sees the two linked, each in its history.
  const found = (await api("GET", `/towns/${demo.id}/requests?keywords=${number}&saved=false`, { token: staff })).body.items[0];
  const mine = (await api("GET", `/towns/${demo.id}/requests/${found.id}/history?field=also_reports`, { token: staff })).body;
  assert.equal(mine[0].new_value, neighbour.body.number);
  const theirs = (await api("GET", `/towns/${demo.id}/requests/${neighbour.body.id}/history?field=also_reported`, { token: staff })).body;
  assert.equal(theirs[0].new_value, number);
  assert.deepEqual(page.errors, []);
});

test("a late public request says so in the citizen's words, on the list and on its page", async () => {
  const staff = await token("clic@demo.civis.demo");
  const demo = await demoTown();
  const node = demo.node("Nid-de-poule");
  const size = node.questions.find((q) => q.qtype === "single_choice");
  const filed = await api("POST", `/towns/${demo.id}/requests`, {
    token: staff,
    body: {
      node_id: node.id, description: "Trou en retard de réparation", address: "60, rue Principale",
      answers: [{ question_id: size.id, value: "petit" }], channel: "phone", public: true,
      requester: { first_name: "Rita", phone1: "450 555-0123" },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  // Its due date moved before its filing, as a late request's would be.
  const res = await fetch(`${BASE}/api/v1/towns/${demo.id}/requests/${filed.body.id}`, { headers: { authorization: `Bearer ${staff}` } });
  const created = (await res.json()).created_at;
  const past = new Date(Date.parse(created) - 3 * 86400000).toISOString().slice(0, 10);
  const patch = await fetch(`${BASE}/api/v1/towns/${demo.id}/requests/${filed.body.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${staff}`, "content-type": "application/json", "if-match": res.headers.get("etag") },
    body: JSON.stringify({ due_date: past, reason: "Échéance saisie en retard" }),
  });
  assert.equal(patch.status, 200);
  // On the public list, a badge; on its page, the words.
  const list = await newPage(browser);
  await list.goto(`${BASE}/t/demo/publiques`);
  await list.locator("li", { hasText: filed.body.number }).locator(".late-overdue", { hasText: "En retard" }).waitFor();
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/publiques/${filed.body.id}`);
  await page.getByText(/En retard : le délai prévu est dépassé; la municipalité y travaille toujours\./).waitFor();
  await shot(page, "portal-public-late");
  assert.deepEqual(page.errors, []);
});
