// A request's whole life through the browser: a citizen files it (with a question
// answered) and sees its number; staff find it with a keyword, change its priority, add
// an external and an internal follow-up and close it; the citizen then sees the external
// follow-up and the closed status, never the internal one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, chooseNode, waitForMail, axeViolations, BASE } from "./helpers.mjs";

let browser;
const word = `lampadaire${Date.now() % 100000}`;
const email = `citoyen.${Date.now()}@exemple.ca`;
let number;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a citizen files a request with a question answered and sees its number", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await shot(page, "portal-wizard-category");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").selectOption({ label: "Moyen (30 à 60 cm)" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Adresse ou lieu").fill("123, rue Principale");
  await shot(page, "portal-wizard-location");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill(`Nid-de-poule profond devant le ${word}, près de l'école.`);
  await page.getByRole("button", { name: "Suivant" }).click();
  // A photo, drawn by the browser itself as a real JPEG.
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 64; c.height = 48;
    const g = c.getContext("2d");
    g.fillStyle = "#a33"; g.fillRect(0, 0, 64, 48);
    return c.toDataURL("image/jpeg", 0.9);
  });
  await page.getByLabel("Photos", { exact: true }).setInputFiles({
    name: "trou.jpg", mimeType: "image/jpeg", buffer: Buffer.from(dataUrl.split(",")[1], "base64"),
  });
  await page.getByText("trou.jpg").waitFor();
  await page.getByRole("button", { name: "Suivant" }).click(); // photos and files
  await page.getByLabel("Prénom").fill("Léa");
  await page.getByLabel("Nom", { exact: true }).fill("Tremblay");
  await page.getByLabel("Courriel", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Suivant" }).click();
  // The review says everything the request will say, each with "Modifier".
  const review = page.locator("dl.review");
  for (const part of ["Dimension approximative du nid-de-poule : Moyen (30 à 60 cm)", "123, rue Principale", "trou.jpg", "Léa Tremblay", word]) {
    await review.getByText(part, { exact: false }).first().waitFor();
  }
  await shot(page, "portal-wizard-review");
  await page.getByRole("button", { name: "Modifier — Description" }).click();
  await page.getByRole("heading", { name: "Description" }).waitFor();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("heading", { name: "Vérifier et soumettre" }).waitFor();
  // Made public: anyone will read its page, never who asked.
  await page.getByLabel("Rendre la requête publique").check();
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  const shown = page.locator(".confirmation .number");
  await shown.waitFor();
  number = (await shown.innerText()).trim();
  assert.match(number, /^\d{4}-\d{5}$/);
  // In the citizen's words, and the tracking link carries the number.
  await page.locator(".confirmation .badge", { hasText: "Reçue" }).waitFor();
  const link = await page.getByRole("link", { name: "Suivre une requête" }).getAttribute("href");
  assert.ok(link.endsWith(`?numero=${number}`), link);
  await shot(page, "portal-confirmation");
  assert.deepEqual(page.errors, []);
});

test("staff find it by keyword, change its priority, add both follow-ups and close it", async () => {
  assert.ok(number, "the filing test ran first");
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.getByRole("button", { name: "Filtre avancé" }).click();
  await page.getByRole("button", { name: "Effacer le filtre" }).click();
  await page.getByRole("button", { name: "Filtre avancé" }).click();
  await page.getByLabel("Mot clé").fill(word);
  await page.getByLabel("Mot clé").press("Enter");
  await page.getByRole("button", { name: "Appliquer" }).click();
  const rows = page.locator("table.requests tbody tr");
  await page.waitForFunction(() => document.querySelectorAll("table.requests tbody tr").length === 1);
  await shot(page, "staff-dashboard-filtered");
  await rows.first().getByRole("link", { name: number }).click();
  await page.getByRole("heading", { name: new RegExp(number) }).waitFor();

  // The citizen's photo, with its thumbnail.
  await page.getByRole("tab", { name: "Photos (1)" }).click();
  await page.waitForFunction(() => {
    const img = document.querySelector(".photos img");
    return img && img.complete && img.naturalWidth > 0;
  });
  await shot(page, "staff-request-photos");
  await page.getByRole("tab", { name: "Informations" }).click();

  await page.getByLabel("Priorité", { exact: true }).selectOption({ label: "Urgent" });
  await page.locator(".prio-urgent").first().waitFor();

  // Start the closure, then add the follow-ups: what was typed stays while the page reloads.
  await page.getByRole("button", { name: "Fermer…" }).click();
  await page.getByLabel("Résolution").fill("Nid-de-poule colmaté.");
  await page.getByRole("tab", { name: "Suivis" }).click();
  await page.getByLabel("Suivi externe (envoyé au demandeur)").check();
  await page.getByLabel("Texte du suivi").fill("Une équipe passera jeudi pour réparer la chaussée.");
  await page.getByRole("button", { name: "Ajouter le suivi" }).click();
  await page.getByText("Une équipe passera jeudi").waitFor();
  // Back to internal after an external one: the next note must not reach the citizen by mistake.
  assert.equal(await page.getByLabel("Suivi interne").isChecked(), true);
  await page.getByLabel("Suivi interne").check();
  await page.getByLabel("Texte du suivi").fill("Note interne : asphalte froid en stock au garage.");
  await page.getByRole("button", { name: "Ajouter le suivi" }).click();
  await page.getByText("asphalte froid").waitFor();
  await shot(page, "staff-request-followups");

  await page.getByRole("tab", { name: "Historique" }).click();
  await page.locator("ol.timeline").getByText("Priorité : Important → Urgent").waitFor();

  assert.equal(await page.getByLabel("Résolution").inputValue(), "Nid-de-poule colmaté.");
  // Without the message to a requester who can be reached, nor the town's code and date: refused, field by field.
  await page.getByRole("button", { name: "Fermer la requête" }).click();
  await page.locator("#c-message_to_requester-err").waitFor();
  assert.match(await page.locator("#c-message_to_requester-err").innerText(), /Écrivez le message au demandeur/);
  assert.equal(await page.locator("#c-message_to_requester").getAttribute("aria-invalid"), "true");
  await page.locator("#c-intervention_code-err").waitFor();
  await shot(page, "staff-request-close-refused");
  await page.getByLabel("Information disponible pour le demandeur").fill("La réparation est faite. Merci de votre signalement.");
  await page.getByLabel("Code d'intervention").fill("238 – Demande complétée");
  await page.getByLabel("Date réalisée").fill("2026-11-20");
  await shot(page, "staff-request-close");
  await page.getByRole("button", { name: "Fermer la requête" }).click();
  await page.locator(".request-head .status-closed_processed").waitFor();
  // The form is gone once closed; reopening asks for a reason, then its form is gone too.
  assert.equal(await page.getByRole("button", { name: "Fermer la requête" }).count(), 0);
  await page.getByRole("button", { name: "Rouvrir" }).click();
  // Without a reason: refused, and the keyboard is brought back to the reason.
  await page.locator(".field", { has: page.locator("#r-reason") }).getByRole("button", { name: "Rouvrir" }).click();
  await page.locator("#r-reason-err").waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "r-reason");
  await page.getByLabel("Raison de la réouverture").fill("Vérification demandée par le citoyen.");
  await page.locator(".field", { has: page.locator("#r-reason") }).getByRole("button", { name: "Rouvrir" }).click();
  await page.locator(".request-head .status-in_progress").waitFor();
  assert.equal(await page.getByLabel("Raison de la réouverture").count(), 0);
  // The citizen is told, by email, that the request is open again.
  const reopened = await waitForMail((m) => m.to.includes(email) && m.subject === `Votre requête ${number} est rouverte`);
  assert.ok(!reopened.raw.includes("Vérification demandée"), "the town's reason stays with the town");
  await page.getByRole("button", { name: "Fermer…" }).click();
  await page.getByLabel("Résolution").fill("Nid-de-poule colmaté de nouveau.");
  await page.getByLabel("Information disponible pour le demandeur").fill("Réparé de nouveau, avec un enrobé à chaud.");
  await page.getByLabel("Code d'intervention").fill("238 – Demande complétée");
  await page.getByLabel("Date réalisée").fill("2026-11-21");
  await page.getByRole("button", { name: "Fermer la requête" }).click();
  await page.locator(".request-head .status-closed_processed").waitFor();
  // The timeline: the status changes, the closure, the reopening with its reason and the follow-ups, in order.
  await page.getByRole("tab", { name: "Historique" }).click();
  await page.locator("ol.timeline li.change").last().getByText("Statut : En traitement → Fermée – traitée").waitFor();
  const entries = await page.locator("ol.timeline li").allInnerTexts();
  const at = (re) => entries.findIndex((e) => re.test(e));
  assert.ok(at(/Statut : Transférée → En traitement/) >= 0, entries.join("\n"));
  assert.ok(at(/Une équipe passera jeudi/) < at(/Fermée – traitée/));
  assert.ok(at(/Fermée – traitée/) < at(/Raison : Vérification demandée par le citoyen/));
  assert.match(entries[at(/Raison : Vérification/)], /Claire Technicienne/);
  // Each closure stays, with what it said: the first one's resolution, code, date and message
  // are still there after the reopening and the second closure.
  const closures = entries.filter((e) => /^Fermeture · Traitée/.test(e));
  assert.equal(closures.length, 2, entries.join("\n"));
  assert.match(closures[0], /Nid-de-poule colmaté\.[\s\S]*238 – Demande complétée[\s\S]*La réparation est faite[\s\S]*20 nov/);
  assert.match(closures[1], /Nid-de-poule colmaté de nouveau[\s\S]*Réparé de nouveau[\s\S]*21 nov/);
  assert.ok(at(/^Fermeture · Traitée[\s\S]*colmaté\./) < at(/Raison : Vérification demandée par le citoyen/));
  await shot(page, "staff-request-timeline");
  await page.getByLabel("Afficher").selectOption({ label: "Priorité" });
  assert.equal(await page.locator("ol.timeline li").count(), 1);
  // The refused attempt is the only error the browser saw.
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
});

test("the citizen sees the external follow-up and the closed status, never the internal one", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/suivi?numero=${number}`);
  assert.equal(await page.getByLabel("Numéro de la requête").inputValue(), number);
  // An empty number: the field says so, and is marked invalid.
  await page.getByLabel("Numéro de la requête").fill("");
  await page.getByLabel("Courriel", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Voir la requête" }).click();
  await page.locator("#t-number-err").waitFor();
  assert.equal(await page.getByLabel("Numéro de la requête").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Numéro de la requête").fill(number);
  // A wrong email says what to check.
  await page.getByLabel("Courriel", { exact: true }).fill("quelquun@exemple.ca");
  await page.getByRole("button", { name: "Voir la requête" }).click();
  await page.getByText(/Vérifiez le numéro/).waitFor();
  await page.getByLabel("Courriel", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Voir la requête" }).click();
  await page.locator(".tracked").waitFor();
  const text = await page.locator(".tracked").innerText();
  assert.match(text, /Traitée/);
  assert.match(text, /Nid-de-poule/, "the category");
  assert.match(text, /Fermée le/, "the closing date");
  assert.doesNotMatch(text, /Fermée –/, "the citizen's words, not the staff's");
  assert.match(text, /Une équipe passera jeudi/);
  // What the town said at each closure, the latest first: the first is not lost to the reopening.
  assert.match(text, /Réparé de nouveau[\s\S]*La réparation est faite/);
  assert.doesNotMatch(text, /colmaté/, "the resolution is the town's; the message is the citizen's");
  assert.doesNotMatch(text, /asphalte froid/);
  assert.doesNotMatch(await page.content(), /asphalte froid/);
  await shot(page, "portal-tracking");
});

test("the closed request's public page shows its category, the citizen's status words, the closing date and its photo", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/publiques`);
  await page.getByRole("link", { name: number }).click();
  await page.locator(".category").waitFor();
  const main = page.locator("main");
  await main.locator("ul.photos img").waitFor();
  await main.getByText("Une équipe passera jeudi").waitFor();
  const text = await main.innerText();
  assert.match(text, /Nid-de-poule/, "the category");
  assert.match(text, /Traitée/, "the status in the citizen's words");
  assert.doesNotMatch(text, /Fermée –/);
  assert.match(text, /Fermée le/, "the closing date");
  // The photo is served to anyone, and it is the real image.
  const img = main.locator("ul.photos img").first();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), "the thumbnail loads");
  // The public never sees who asked, nor the internal follow-up.
  const html = await page.content();
  for (const secret of ["Tremblay", "Léa", email, "asphalte froid"]) assert.ok(!html.includes(secret), secret);
  await shot(page, "portal-public-closed");
  assert.deepEqual(page.errors, []);
});

test("the closure email's survey link: one answer, in the citizen's words, never twice", async () => {
  const closed = await waitForMail((m) => m.to.includes(email) && m.subject === `Votre requête ${number} est fermée`);
  const body = closed.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const link = body.match(/https?:\/\/[^\s"<]*\/t\/demo\/satisfaction#[0-9a-f.]+/)[0];
  const page = await newPage(browser);
  await page.goto(`${BASE}${new URL(link).pathname}${new URL(link).hash}`);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await page.locator(".field-error").first().waitFor();
  await page.getByLabel("5 — Très satisfait").check();
  await page.getByLabel("Commentaire (facultatif)").fill("Réparé en deux jours, merci.");
  await shot(page, "portal-survey");
  assert.deepEqual(await axeViolations(page), [], "the survey page meets WCAG 2.2 AA");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await page.getByText("Merci! Votre réponse a été reçue.").waitFor();
  const again = await newPage(browser);
  await again.goto(page.url());
  await again.getByLabel("3 — Neutre").check();
  await again.getByRole("button", { name: "Envoyer" }).click();
  await again.getByText("votre réponse à ce sondage a déjà été reçue").waitFor();
  assert.deepEqual(page.errors, []);
});
