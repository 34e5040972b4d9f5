// First contact in the browser: an agent takes a call and answers from the knowledge base
// with a misspelt, accent-free query, and logs it; a voicemail left on a Friday before a
// holiday Monday is due at the end of Tuesday and shows overdue after; an agent sends an
// article's PDF to a citizen, who receives it attached; a citizen picking a category sees
// a public answer and marks it as answering the question.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, chooseNode, waitForMail, api, token, demoTown, BASE, townToday, adminSignIn } from "./helpers.mjs";

let browser;
let town;

before(async () => {
  browser = await launch();
  town = await demoTown();
});
after(async () => { await browser?.close(); });

async function console_(page, email) {
  await staffSignIn(page, email);
  await page.getByRole("link", { name: "Premier contact" }).click();
  await page.getByRole("heading", { name: "Premier contact", level: 1 }).waitFor();
}

test("an agent finds the answer with a misspelt, accent-free query and logs the call as answered with it", async () => {
  const page = await newPage(browser);
  await console_(page, "agent311@civis.demo");
  await page.getByLabel("Rechercher une réponse").fill("heures biblioteqe");
  const first = page.locator(".kb-hits li").first();
  await first.getByText("Heures d'ouverture de la bibliothèque").waitFor();
  await first.getByRole("button").click();
  await page.getByRole("heading", { name: "Heures d'ouverture de la bibliothèque", level: 2 }).waitFor();
  await page.locator(".kb-article").getByText("mardi au jeudi : 10 h à 20 h").waitFor();
  await page.getByRole("button", { name: "Utiliser dans le contact" }).click();
  await page.getByLabel("Canal").selectOption({ label: "Téléphone" });
  await page.getByLabel("Répondu au premier contact").check();
  await page.locator(".chips").getByText("Heures d'ouverture de la bibliothèque").waitFor();
  await shot(page, "console-answer");
  await page.getByRole("button", { name: "Consigner", exact: true }).click();
  await page.locator(".log-form .success").getByText("Contact consigné : Téléphone · Répondu au premier contact").waitFor();
  // The contact is in the town's log, answered, with the article.
  const agent = await token("agent311@civis.demo");
  const recent = (await api("GET", `/towns/${town.id}/interactions`, { token: agent })).body;
  const article = (await api("GET", `/towns/${town.id}/kb/articles?q=bibliotheque`, { token: agent })).body
    .find((a) => a.title_fr === "Heures d'ouverture de la bibliothèque");
  assert.equal(recent[0].outcome, "answered");
  assert.equal(recent[0].channel, "phone");
  assert.deepEqual(recent[0].article_ids, [article.id]);
  assert.deepEqual(page.errors, []);
});

/** The latest Friday whose following Tuesday is past (local dates, YYYY-MM-DD). */
function fridayBefore(today) {
  const d = new Date(today);
  d.setDate(d.getDate() - 5);
  while (d.getDay() !== 5) d.setDate(d.getDate() - 1);
  return d;
}
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

test("a voicemail left on a Friday before a holiday Monday is due at the end of Tuesday, and overdue after", async () => {
  const friday = fridayBefore(townToday());
  const monday = new Date(friday); monday.setDate(friday.getDate() + 3);
  const tuesday = new Date(friday); tuesday.setDate(friday.getDate() + 4);
  // The town's administrator adds the holiday.
  const admin = await token("admin@demo.civis.demo");
  const current = (await api("GET", `/admin/towns/${town.id}`, { token: admin })).body.settings;
  const settings = { ...current, holidays: [...current.holidays.filter((h) => h.day !== iso(monday)), { day: iso(monday), name: "Congé" }] };
  assert.equal((await api("PUT", `/admin/towns/${town.id}/settings`, { token: admin, body: settings })).status, 200);

  const page = await newPage(browser);
  await console_(page, "clic@demo.civis.demo");
  await page.getByLabel("Canal").selectOption({ label: "Boîte vocale" });
  await page.getByLabel("Reçu le").fill(`${iso(friday)}T15:00`);
  await page.getByLabel("Note (ce qui a été demandé)").fill("Rappeler au sujet du bac brisé");
  await page.getByText("Coordonnées du citoyen (facultatif)").click();
  await page.getByLabel("Nom", { exact: true }).fill("Marc Vocal");
  await page.getByLabel("Téléphone").fill("450 555-0199");
  await page.getByLabel("Rappel à faire").check();
  await page.getByRole("button", { name: "Consigner", exact: true }).click();
  const logged = page.locator(".log-form .success");
  await logged.waitFor();
  const day = tuesday.getDate();
  assert.match(await logged.innerText(), new RegExp(`Rappel à faire d'ici le ${day} .* 16 h 30`));
  // The queue shows it overdue, with who to call back.
  const item = page.locator(".callbacks li", { hasText: "Marc Vocal" });
  await item.getByText("En retard").waitFor();
  await shot(page, "console-callbacks");
  await item.getByRole("button", { name: "Rappel fait" }).click();
  await page.locator(".callbacks li", { hasText: "Marc Vocal" }).waitFor({ state: "detached" });
  assert.deepEqual(page.errors, []);
});

test("an agent sends an article's PDF to a citizen, who receives it attached", async () => {
  const page = await newPage(browser);
  await console_(page, "agent311@civis.demo");
  await page.getByLabel("Rechercher une réponse").fill("vente de garage");
  await page.locator(".kb-hits li").first().getByRole("button", { name: "Permis de vente de garage" }).click();
  await page.getByRole("button", { name: "formulaire-vente-de-garage.pdf" }).waitFor();
  const email = `vente.${Date.now()}@exemple.ca`;
  await page.getByLabel("Envoyer les documents au courriel du citoyen").fill(email);
  await page.getByRole("button", { name: "Envoyer les documents" }).click();
  await page.getByText("Documents envoyés").waitFor();
  await shot(page, "console-send-documents");
  const mail = await waitForMail((m) => m.to.includes(email));
  assert.equal(mail.subject, "Documents : Permis de vente de garage — Ville de Démo");
  assert.match(mail.raw, /Content-Disposition: attachment;\s*filename="?formulaire-vente-de-garage\.pdf/i);
  assert.match(mail.raw, /Content-Type: application\/pdf/i);
  assert.deepEqual(page.errors, []);
});

test("a citizen picking a category sees a public answer and marks it as answering the question", async () => {
  const admin = await token("admin@demo.civis.demo");
  // The town's day (Quebec), not this machine's: at 20:00 in Quebec it is already
  // tomorrow in UTC.
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
  const before = (await api("GET", `/towns/${town.id}/first-contact/counts?from=${today}&to=${today}`, { token: admin })).body;
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Animaux", "Animal errant");
  const answers = page.getByRole("region", { name: "Ces réponses pourraient vous aider" });
  await answers.getByText("Animal errant : que faire").click();
  await answers.getByText("contrôleur animalier").waitFor();
  await shot(page, "portal-help-suggestions");
  await answers.locator(".help-item", { hasText: "Animal errant : que faire" }).getByRole("button", { name: "Cette réponse a répondu à ma question" }).click();
  await page.getByText("Tant mieux! Aucune requête n'est nécessaire.").waitFor();
  const after = (await api("GET", `/towns/${town.id}/first-contact/counts?from=${today}&to=${today}`, { token: admin })).body;
  assert.equal(after.resolved_without_request, before.resolved_without_request + 1);
  assert.deepEqual(page.errors, []);
});

test("the portal's help page finds a public answer and offers its form", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo`);
  await page.getByRole("link", { name: "Aide et réponses" }).click();
  await page.getByLabel("Rechercher").fill("medaille chien");
  await page.getByText("Médaille pour chien (licence)").click();
  const link = page.getByRole("link", { name: "formulaire-medaille-chien.pdf" });
  await link.waitFor();
  const res = await fetch(new URL(await link.getAttribute("href"), BASE));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  // An internal article never shows on the portal.
  await page.getByLabel("Rechercher").fill("aqueduc urgence");
  await page.getByText("Aucune réponse ne correspond.").waitFor();
  await shot(page, "portal-help");
  assert.deepEqual(page.errors, []);
});

test("a town administrator rewrites an article, adds a form, and the versions say who saved what", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("link", { name: "Base de connaissances" }).click();
  await page.getByLabel("Seulement ceux à vérifier").check();
  const row = page.locator("tbody tr", { hasText: "Écocentre : heures et matières acceptées" });
  await row.getByRole("button", { name: "Ouvrir" }).click();
  const body = page.getByLabel("Texte (français)");
  await body.waitFor();
  await body.fill(`${await body.inputValue()}\n\nNouveau : ouvert aussi le dimanche en mai.`);
  await page.getByLabel("À vérifier d'ici le").fill("2031-01-01");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Enregistré : version 2").waitFor();
  const versions = page.locator("section", { has: page.getByRole("heading", { name: "Historique des versions" }) });
  await versions.getByText("Version 2").waitFor();
  assert.match(await versions.innerText(), /Version 2 — .* — Alain Administrateur/);
  await page.getByLabel(/Ajouter un document/).setInputFiles({
    name: "horaire-ecocentre.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% horaire\n"),
  });
  await page.locator(".documents").getByText("horaire-ecocentre.pdf").waitFor();
  await shot(page, "kb-article-edit");
  // No longer stale: it leaves the list of articles to verify.
  await page.getByRole("button", { name: "Fermer" }).click();
  await page.locator("tbody tr", { hasText: "Écocentre" }).waitFor({ state: "detached" });
  assert.deepEqual(page.errors, []);
});

test("a call turned into a request carries its caller, note and channel into the wizard, and the two point at each other", async () => {
  const page = await newPage(browser);
  await console_(page, "agent311@civis.demo");
  await page.getByLabel("Sujet").selectOption({ label: "\u00a0\u00a0\u00a0\u00a0Nid-de-poule" });
  await page.getByLabel("Note (ce qui a été demandé)").fill("Trou profond devant le 123, une roue crevée.");
  await page.getByText("Coordonnées du citoyen (facultatif)").click();
  await page.getByLabel("Nom", { exact: true }).fill("Lucie Appelante");
  await page.getByLabel("Téléphone").fill("450 555-0142");
  await page.getByLabel("Transformé en requête").check();
  await page.getByRole("button", { name: "Consigner", exact: true }).click();
  await page.getByText("Requête créée à partir d'un contact").waitFor();
  assert.equal(await page.locator("#w-level-2 option:checked").innerText(), "Nid-de-poule");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").selectOption({ label: "Petit (moins de 30 cm)" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Adresse ou lieu").fill("123, rue Principale");
  await page.getByRole("button", { name: "Suivant" }).click();
  // The call's note is the description; the caller is the requester; the channel is the call's.
  assert.equal(await page.getByRole("textbox", { name: "Description" }).inputValue(), "Trou profond devant le 123, une roue crevée.");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Suivant" }).click();
  assert.equal(await page.getByLabel("Prénom").inputValue(), "Lucie");
  assert.equal(await page.getByLabel("Nom", { exact: true }).inputValue(), "Appelante");
  assert.equal(await page.getByLabel("Téléphone", { exact: true }).inputValue(), "450 555-0142");
  assert.equal(await page.locator("#w-channel option:checked").innerText(), "Téléphone");
  await shot(page, "console-call-to-request-requester");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  await page.locator(".request-head").waitFor();
  const requestId = Number(page.url().match(/requetes\/(\d+)/)[1]);
  // The request says it came from a call; the console's latest contacts link to the request.
  await page.getByRole("tab", { name: "Historique" }).click();
  await page.locator("ol.timeline").getByText("Issue d'un contact : Téléphone").waitFor();
  const agent = await token("agent311@civis.demo");
  const detail = (await api("GET", `/towns/${town.id}/requests/${requestId}`, { token: agent })).body;
  assert.equal(detail.channel, "phone");
  await page.goto(`${BASE}/staff/${town.id}/premier-contact`);
  const link = page.locator(".recent li", { hasText: "Trou profond devant le 123" }).getByRole("link", { name: `Requête ${detail.number}` });
  await link.waitFor();
  await shot(page, "console-recent-contacts");
  await link.click();
  await page.waitForURL(new RegExp(`requetes/${requestId}$`));
  assert.deepEqual(page.errors, []);
});

test("a callback needs a way to reach the person and a note; the form keeps its outcome and says what was logged", async () => {
  const page = await newPage(browser);
  await console_(page, "clic@demo.civis.demo");
  await page.getByLabel("Rappel à faire").check();
  // The contact section opens by itself and says a phone or an email is required.
  await page.getByText("Coordonnées du citoyen (téléphone ou courriel requis pour un rappel)").waitFor();
  await page.getByRole("button", { name: "Consigner", exact: true }).click();
  await page.locator("#log-phone-err").getByText("Pour un rappel, inscrivez le téléphone ou le courriel de la personne.").waitFor();
  await page.locator("#log-note-err").getByText("Pour un rappel, notez ce que la personne demande.").waitFor();
  await shot(page, "console-callback-refused");
  await page.getByLabel("Note (ce qui a été demandé)").fill("Rappeler pour la collecte des encombrants");
  await page.getByLabel("Courriel").fill("rappel@exemple.ca");
  await page.getByRole("button", { name: "Consigner", exact: true }).click();
  const logged = page.locator(".log-form .success");
  await logged.waitFor();
  assert.match(await logged.innerText(), /Contact consigné : Téléphone · Rappel à faire · rappel@exemple\.ca · Rappel à faire d'ici le/);
  // Ready for the next call: the texts are gone, the outcome stays.
  assert.equal(await page.getByLabel("Note (ce qui a été demandé)").inputValue(), "");
  assert.equal(await page.getByLabel("Rappel à faire").isChecked(), true);
  assert.deepEqual(page.errors.filter((e) => !/status of 422/.test(e)), []);
});
