// Town administration through the browser: the administrator lands on it, adds a
// department, and adds a question to a category that citizens then answer on the portal.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, chooseNode, BASE } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the town administrator adds a department and a question citizens then see", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/staff`);
  await page.getByLabel("Courriel").fill("admin@demo.civis.demo");
  await page.getByLabel("Mot de passe").fill("demo-civis-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Administration — Ville de Démo" }).waitFor();

  await page.getByRole("button", { name: "Ajouter un service" }).click();
  await page.getByLabel("Code").fill("sports");
  await page.getByLabel("Nom français").fill("Sports et plein air");
  await page.getByLabel("Nom anglais").fill("Sports and outdoors");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByRole("cell", { name: "Sports et plein air" }).waitFor();
  await shot(page, "admin-departments");

  await page.getByRole("tab", { name: "Taxonomie et questions" }).click();
  // A node no other browser test files under (they share the database).
  await page.getByRole("button", { name: "Lampadaire défectueux" }).click();
  await page.getByRole("button", { name: "Ajouter une question" }).click();
  await page.getByLabel("Type de question").selectOption({ label: "Oui/Non" });
  await page.getByLabel("Libellé français").fill("Le stationnement est-il dégagé?");
  await page.getByLabel("Libellé anglais").fill("Is parking clear?");
  await page.getByLabel("Obligatoire").check();
  await page.locator("form.admin-form", { hasText: "Type de question" }).getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Le stationnement est-il dégagé?").waitFor();
  await shot(page, "admin-taxonomy");
  assert.deepEqual(page.errors, []);

  const citizen = await newPage(browser);
  await citizen.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(citizen, "Travaux publics", "Voirie", "Lampadaire défectueux");
  await citizen.getByRole("button", { name: "Suivant" }).click();
  await citizen.getByText("Le stationnement est-il dégagé?").waitFor();
  assert.equal(await citizen.getByRole("radio", { name: "Oui" }).count(), 1);
});
