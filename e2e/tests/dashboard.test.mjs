// The staff dashboard's saved filter survives sign-out and sign-in, and clearing it
// brings the whole list back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, BASE } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the saved filter survives sign-out and sign-in", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.getByRole("button", { name: "Filtre avancé" }).click();
  await page.getByLabel("Mot clé").fill("inexistant");
  await page.getByLabel("Mot clé").press("Enter");
  await page.getByLabel("Urgent").check();
  await page.getByRole("button", { name: "Appliquer" }).click();
  await page.getByText("Aucune requête ne correspond.").waitFor();
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await page.getByRole("heading", { name: "Connexion des employés" }).waitFor();

  await staffSignIn(page, "directeur@demo.civis.demo");
  await page.getByRole("button", { name: /Filtre avancé\s*actif/ }).waitFor();
  await page.getByText("Aucune requête ne correspond.").waitFor();
  await page.getByRole("button", { name: /Filtre avancé/ }).click();
  await page.locator(".chips li", { hasText: "inexistant" }).waitFor();
  assert.equal(await page.getByLabel("Urgent").isChecked(), true);
  await shot(page, "staff-saved-filter");

  await page.getByRole("button", { name: "Effacer le filtre" }).click();
  await page.getByRole("button", { name: "Filtre avancé", exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});
