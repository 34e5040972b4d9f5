// The public wording (Loi 25) in the browser: a clerk reads what the public reads of a
// description (a neighbour's phone masked), rewrites it without the neighbour's name, and
// the public page shows the new wording while the clerk still reads the citizen's words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, BASE, demoTown, axeViolations } from "./helpers.mjs";

let browser;
let town;
let filed;
const stamp = Date.now();

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const pothole = demo.node("Nid-de-poule");
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: pothole.id, public: true, latitude: 45.868, longitude: -74.081,
      description: `Trou devant chez Gérard Voisin-${stamp} (819 556-0000).`,
      answers: [{ question_id: pothole.questions[0].id, value: "grand" }],
      requester: { first_name: "Ida", last_name: "Publique", phone1: "450 555-0150" },
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
});
after(async () => { await browser?.close(); });

test("a clerk rewords what the public reads of a description", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  await page.getByText("Texte public", { exact: true }).click();
  const box = page.locator("details.public-wording");
  assert.match(await box.locator(".public-preview").innerText(), /\(\[téléphone masqué\]\)/);
  await box.getByLabel("Texte pour le public").fill("Trou profond devant le 12, rue des Érables.");
  await box.getByLabel("Motif (historique)").fill("Nom d'un voisin");
  await box.getByRole("button", { name: "Enregistrer le texte public" }).click();
  await page.locator("details.public-wording .public-preview", { hasText: "Trou profond devant le 12" }).waitFor();
  // Staff still read the citizen's words.
  assert.match(await page.locator("dl.summary").first().innerText(), new RegExp(`Gérard Voisin-${stamp}`));
  await page.locator("details.public-wording").evaluate((d) => { d.open = true; });
  await shot(page, "staff-public-wording");
  assert.deepEqual(await axeViolations(page), []);

  const visitor = await newPage(browser);
  await visitor.goto(`${BASE}/t/demo/publiques/${filed.id}`);
  await visitor.getByText("Trou profond devant le 12, rue des Érables.").waitFor();
  assert.doesNotMatch(await visitor.locator("main").innerText(), /Gérard|556-0000/);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(visitor.errors, []);
});
