// Town administration through the browser: the administrator lands on it, adds a
// department, and adds a question to a category that citizens then answer on the portal.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, chooseNode, BASE, waitForMail, linkIn, axeViolations, adminSignIn } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });

after(async () => { await browser?.close(); });

test("the town administrator adds a department and a question citizens then see", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);

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

test("a choice question is written choice by choice, and citizens pick among them", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Taxonomie et questions" }).click();
  await page.getByRole("button", { name: "Rues municipales" }).click();
  await page.getByRole("button", { name: "Ajouter une question" }).click();
  await page.getByLabel("Type de question").selectOption({ label: "Choix unique" });
  await page.getByLabel("Libellé français", { exact: true }).fill("Quel côté de la rue?");
  await page.getByLabel("Libellé anglais", { exact: true }).fill("Which side of the street?");
  await page.getByLabel("Code 1").fill("pair");
  await page.getByLabel("Libellé français 1").fill("Côté pair");
  await page.getByLabel("Libellé anglais 1").fill("Even side");
  await page.getByLabel("Code 2").fill("impair");
  await page.getByLabel("Libellé français 2").fill("Côté impair");
  await page.getByRole("button", { name: "Ajouter un choix" }).click();
  await page.getByLabel("Code 3").fill("deux");
  await page.getByLabel("Libellé français 3").fill("Les deux côtés");
  await shot(page, "admin-choice-rows");
  await page.locator("form.admin-form", { hasText: "Type de question" }).getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Quel côté de la rue?").waitFor();
  assert.deepEqual(page.errors, []);

  const citizen = await newPage(browser);
  await citizen.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(citizen, "Travaux publics", "Déneigement", "Rues municipales");
  await citizen.getByRole("button", { name: "Suivant" }).click();
  await citizen.getByText("Quel côté de la rue?").waitFor();
  const text = await citizen.locator("main").innerText();
  for (const label of ["Côté pair", "Côté impair", "Les deux côtés"]) assert.ok(text.includes(label), label);
});

test("the category form always saves, or says why not", async () => {
  const page = await newPage(browser);
  const sent = [];
  page.on("request", (r) => { if (r.method() === "POST" && /\/taxonomy$/.test(r.url())) sent.push(r.url()); });
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Taxonomie et questions" }).click();
  // Right away, after choosing another level, and again: each is sent and appears.
  for (const [i, before] of [[1, null], [2, "Permis"], [3, null]]) {
    if (before) await page.getByRole("button", { name: before, exact: true }).click();
    await page.getByRole("button", { name: "Ajouter une catégorie" }).click();
    await page.getByLabel("Nom français").fill(`Catégorie d'essai ${i}`);
    await page.getByLabel("Nom anglais").fill(`Test category ${i}`);
    await page.getByRole("button", { name: "Enregistrer le niveau" }).click();
    await page.getByRole("button", { name: `Catégorie d'essai ${i}`, exact: true }).waitFor();
    assert.equal(sent.length, i);
  }
  // Without a name: the reason, under the field.
  await page.getByRole("button", { name: "Ajouter une catégorie" }).click();
  await page.getByRole("button", { name: "Enregistrer le niveau" }).click();
  await page.locator(".field-error", { hasText: "Ce champ est obligatoire." }).first().waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
});

test("an empty choice says what it inherits; retiring asks first, then the category says it is retired", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Taxonomie et questions" }).click();
  // Under "Voirie" (Travaux publics), a new level's empty choices name what they inherit.
  await page.getByRole("button", { name: "Voirie", exact: true }).click();
  await page.getByRole("button", { name: "Ajouter un sous-niveau" }).click();
  const inherited = await page.getByLabel("Service", { exact: true }).locator("option:checked").innerText();
  assert.equal(inherited, "— Hérité : Travaux publics —");
  const name = `Niveau à retirer ${Date.now()}`;
  await page.getByLabel("Nom français").fill(name);
  await page.getByLabel("Nom anglais").fill("Level to retire");
  await page.getByRole("button", { name: "Enregistrer le niveau" }).click();
  await page.getByRole("button", { name, exact: true }).click();
  // "Retirer" asks first; cancelling leaves it as it was.
  await page.getByRole("button", { name: /^Retirer \(reste lisible/ }).click();
  await page.getByText(`Retirer « ${name} »?`).waitFor();
  await shot(page, "admin-retire-confirm");
  await page.getByRole("button", { name: "Annuler" }).click();
  assert.equal(await page.getByText(`Retirer « ${name} »?`).count(), 0);
  await page.getByRole("button", { name: /^Retirer \(reste lisible/ }).click();
  await page.getByRole("button", { name: "Confirmer le retrait" }).click();
  // Retired: said in the tree and on its page, not by a line-through alone.
  await page.getByRole("button", { name: `${name} retirée` }).waitFor();
  await page.getByText("Retirée : les citoyens et les employés ne peuvent plus la choisir").waitFor();
  await page.getByRole("button", { name: "Réactiver" }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
});

test("a department's new notice address is used only once confirmed from the email sent to it", async () => {
  const stamp = Date.now();
  const address = `avis.${stamp}@services.example`;
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("button", { name: "Ajouter un service" }).click();
  await page.getByLabel("Code").fill(`avis-${stamp}`);
  await page.getByLabel("Nom français").fill(`Avis ${stamp}`);
  await page.getByLabel("Nom anglais").fill(`Notices ${stamp}`);
  await page.getByLabel("Courriel de notification").fill(address);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  const row = page.getByRole("row", { name: new RegExp(`Avis ${stamp}`) });
  await row.getByText(`En attente de confirmation : ${address}`).waitFor();
  await shot(page, "admin-department-email-pending");

  const mail = await waitForMail((m) => m.to.includes(address) && m.subject.startsWith("Confirmez l'adresse des avis"));
  const other = await newPage(browser);
  await other.goto(linkIn(mail, "/service/confirmer"));
  await other.getByRole("heading", { name: "Adresse des avis d'un service" }).waitFor();
  assert.deepEqual(await axeViolations(other), []);
  await other.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await other.getByText("C'est confirmé : les avis du service iront à").waitFor();
  await shot(other, "department-email-confirmed");

  await page.reload();
  await page.getByRole("heading", { name: "Administration — Ville de Démo" }).waitFor();
  const confirmed = page.getByRole("row", { name: new RegExp(`Avis ${stamp}`) });
  await confirmed.getByRole("cell", { name: address, exact: true }).waitFor();
  assert.equal(await confirmed.getByText("En attente de confirmation").count(), 0);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
});
