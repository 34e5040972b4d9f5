// The staff dashboard's saved filter survives sign-out and sign-in, and clearing it
// brings the whole list back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE } from "./helpers.mjs";

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

test("an operator agent files a phone request for a town, which starts not transferred", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "agent311@civis.demo");
  await shot(page, "staff-dashboard");
  await page.getByRole("link", { name: "Nouvelle requête" }).click();
  // The agent serves two towns: the wizard asks which one first.
  await page.getByRole("combobox", { name: "Municipalité" }).selectOption({ label: "Ville de Démo" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator("#w-level-0").selectOption({ label: "Information" });
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Horaire de l'écocentre cet hiver?");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Suivant" }).click();
  // A named requester needs a name or a way to reach them: the API's rule, checked first.
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator(".field-error", { hasText: "Indiquez le nom du demandeur ou un moyen de le joindre." }).waitFor();
  await page.getByLabel("Téléphone", { exact: true }).fill("450 555-0199");
  assert.equal(await page.getByLabel("Canal de réception").inputValue(), "phone");
  await page.getByRole("button", { name: "Suivant" }).click();
  await shot(page, "staff-wizard-review");
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  await page.locator(".request-head .status-not_transferred").waitFor();
  await page.getByRole("button", { name: "Transférer à la municipalité" }).waitFor();
  assert.deepEqual(page.errors, []);

  // The town's clerk sends it on to a department: so named, and confirmed first.
  const clerk = await newPage(browser);
  await staffSignIn(clerk, "clic@demo.civis.demo");
  await clerk.goto(page.url());
  await clerk.getByRole("button", { name: "Transférer au service" }).waitFor();
  assert.equal(await clerk.getByRole("button", { name: "Transférer à la municipalité" }).count(), 0);
  const department = clerk.locator("#r-department");
  const before = await department.inputValue();
  await department.selectOption({ label: "Loisirs et culture" });
  const ask = clerk.getByRole("group", { name: "Changer de service" });
  await ask.getByText("Envoyer cette requête au service Loisirs et culture ?").waitFor();
  await shot(clerk, "staff-department-confirm");
  await ask.getByRole("button", { name: "Annuler" }).click();
  await ask.waitFor({ state: "detached" });
  assert.equal(await department.inputValue(), before, "nothing changed");
  await department.selectOption({ label: "Loisirs et culture" });
  await ask.getByRole("button", { name: "Confirmer le changement de service" }).click();
  await ask.waitFor({ state: "detached" });
  await clerk.waitForFunction(() => document.querySelector("#r-department").selectedOptions[0]?.textContent === "Loisirs et culture");
  // Saved: the request, read again, is Loisirs et culture's.
  const [, town, id] = clerk.url().match(/\/staff\/(\d+)\/requetes\/(\d+)/);
  const detail = await api("GET", `/towns/${town}/requests/${id}`, { token: await token("clic@demo.civis.demo") });
  assert.equal(String(detail.body.department_id), await department.inputValue());
  assert.deepEqual(clerk.errors, []);
});
