// The portal's guards and helps: a required question blocks its step with the API's own
// message; an address typed without accents is found in the town's register, moves the pin
// and brings the duplicate nearby before the description; following it ends the wizard;
// the English switch translates the page and is remembered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, api, token, chooseNode, BASE, demoTown, waitForMail, linkIn } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a required question left empty blocks the step with the message", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("heading", { name: "Questions" }).waitFor();
  await page.getByRole("button", { name: "Suivant" }).click();
  const msg = page.locator(".field-error");
  await msg.first().waitFor();
  assert.equal((await msg.first().innerText()).trim(), "Ce champ est obligatoire.");
  // Still on the questions step.
  assert.equal(await page.getByRole("heading", { name: "Questions" }).count(), 1);
  // The summary names the field and links to it; the field is marked invalid.
  const size = page.getByLabel("Dimension approximative du nid-de-poule");
  assert.equal(await size.getAttribute("aria-invalid"), "true");
  const link = page.locator(".error-summary a", { hasText: "Dimension approximative du nid-de-poule" });
  assert.match(await page.locator(".error-summary li").first().innerText(), /Dimension approximative du nid-de-poule : Ce champ est obligatoire\./);
  await link.click();
  assert.equal(await size.evaluate((el) => el === document.activeElement), true);
  await shot(page, "portal-required-question");
  // Answering lets the citizen go on.
  await size.selectOption({ label: "Petit (moins de 30 cm)" });
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("heading", { name: "Localisation" }).waitFor();
});

test("number and date answers keep what is typed, key by key", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Permis", "Vente de garage");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Nombre de jours").pressSequentially("12");
  assert.equal(await page.getByLabel("Nombre de jours").inputValue(), "12");
  await page.getByLabel("Date de la vente").fill("2027-05-15");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("heading", { name: "Localisation" }).waitFor();
  // Back: the answers are still there.
  await page.getByRole("button", { name: "Précédent" }).click();
  assert.equal(await page.getByLabel("Nombre de jours").inputValue(), "12");
  assert.equal(await page.getByLabel("Date de la vente").inputValue(), "2027-05-15");
});

test("an address from the register moves the pin; the duplicate nearby is offered and followed before writing", async () => {
  const staff = await token("clic@demo.civis.demo");
  const demo = await demoTown();
  const pothole = demo.node("Nid-de-poule");
  const size = pothole.questions.find((q) => q.qtype === "single_choice");
  // "12, rue des Érables" in the town's register, and an open public pothole there.
  const [twelve] = (await api("GET", `/towns/${demo.id}/public/addresses?q=12%20rue%20des%20%C3%A9rables`)).body;
  assert.equal(twelve.label, "12, rue des Érables");
  const existing = await api("POST", `/towns/${demo.id}/requests`, {
    token: staff,
    body: {
      node_id: pothole.id, description: "Gros trou dans la chaussée devant le 12",
      latitude: twelve.latitude + 0.0002, longitude: twelve.longitude, address: "14, rue des Érables",
      answers: [{ question_id: size.id, value: "grand" }], channel: "phone",
      requester: { first_name: "Marc", last_name: "Roy", phone1: "450 555-0101" }, public: true,
    },
  });
  assert.equal(existing.status, 201, JSON.stringify(existing.body));

  const page = await newPage(browser);
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Travaux publics", "Voirie", "Nid-de-poule");
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByLabel("Dimension approximative du nid-de-poule").selectOption({ label: "Grand (plus de 60 cm)" });
  await page.getByRole("button", { name: "Suivant" }).click();
  // No tiles here (MAP_TILE_URL is empty): the map says so and stays usable.
  await page.getByText(/Le fond de carte n'a pas pu être chargé/).waitFor();
  // The arrow keys place the pin in the middle of the map, then move it east; the pin
  // becomes the nearest address of the register.
  await page.locator(".map").focus();
  await page.keyboard.press("ArrowRight");
  const pinAt = async () => Number((await page.getByText(/Épingle :/).innerText()).match(/, (-[\d.]+)/)[1]);
  const placed = await pinAt();
  await page.keyboard.press("Shift+ArrowRight");
  await page.waitForFunction((lng) => {
    const m = document.body.innerText.match(/Épingle : [\d.]+, (-[\d.]+)/);
    return m && Number(m[1]) > lng;
  }, placed);
  await page.waitForFunction(() => document.querySelector("#w-address").value.includes(", "));
  await shot(page, "portal-pin-by-keys");
  const box = page.getByRole("combobox", { name: "Adresse ou lieu" });
  await box.fill("");
  // Picked from the suggestions while typing (typed in full, it would pin by itself).
  await box.pressSequentially("12 rue des erab");
  // The suggestions of the last keystroke, settled, before choosing among them.
  await page.waitForLoadState("networkidle");
  await page.getByRole("option", { name: /^12, rue des Érables/ }).click();
  assert.equal(await box.inputValue(), "12, rue des Érables");
  const pinText = page.getByText(/Épingle :/);
  await pinText.waitFor();
  assert.match(await pinText.innerText(), new RegExp(`${twelve.latitude.toFixed(5)}, ${twelve.longitude.toFixed(5)}`));
  // The duplicate shows on this step, before the description.
  const panel = page.locator(".nearby");
  await panel.getByText(existing.body.number).waitFor();
  assert.match(await panel.innerText(), /Gros trou dans la chaussée/);
  assert.doesNotMatch(await panel.innerText(), /Roy|450 555/);
  await shot(page, "portal-address-and-nearby");
  // "Suivre" ends the wizard instead of a second request; an address confirms by its link first.
  await panel.getByLabel(/courriel/i).fill("julie@exemple.ca");
  await panel.locator("li", { hasText: existing.body.number }).getByRole("button", { name: /Suivre cette requête/ }).click();
  await page.getByRole("heading", { name: `Confirmez par courriel pour suivre la requête ${existing.body.number}` }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Soumettre" }).count(), 0);
  await shot(page, "portal-followed-instead");
  const invitation = await waitForMail((m) => m.to.includes("julie@exemple.ca") && m.subject.startsWith(`Confirmez : suivre la requête ${existing.body.number}`));
  await page.goto(linkIn(invitation, "/t/demo/suivre"));
  await page.getByText("C'est confirmé : vous recevrez par courriel les suivis").waitFor();
  await shot(page, "portal-follow-confirmed");

  // Its public page: category, the citizen's status words, the expected date, the place on a map.
  await page.goto(`${BASE}/t/demo/publiques/${existing.body.id}`);
  await page.locator(".category", { hasText: "Nid-de-poule" }).waitFor();
  await page.locator(".badge", { hasText: "Reçue" }).waitFor();
  await page.getByText(/Traitement prévu d'ici le/).waitFor();
  await page.locator(".location .leaflet-interactive").waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /Roy|450 555/);
  // A visitor follows it from its page (an email is needed).
  const followBox = page.locator("form.follow");
  await followBox.getByRole("button", { name: "Suivre cette requête" }).click();
  await followBox.locator(".field-error").waitFor();
  await followBox.getByLabel(/courriel/i).fill("voisin@exemple.ca");
  await followBox.getByRole("button", { name: "Suivre cette requête" }).click();
  await followBox.getByText(`Confirmez par courriel pour suivre la requête ${existing.body.number}`).waitFor();
  await shot(page, "portal-public-request");
});

test("the English switch translates the page and is remembered", async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await page.getByRole("heading", { name: "Requêtes citoyennes" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Citizen requests" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("main").innerText(), /Choose your town/);
  await page.reload();
  await page.getByRole("heading", { name: "Citizen requests" }).waitFor();
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await page.getByRole("heading", { name: "Category" }).first().waitFor();
  assert.match(await page.locator("main").innerText(), /Review and submit/);
  await shot(page, "portal-english");
  await page.getByRole("button", { name: "Français" }).click();
  await page.getByRole("heading", { name: "Catégorie" }).first().waitFor();
});

test("a citizen signs up, files as themself and finds the request under my requests", async () => {
  const page = await newPage(browser);
  const email = `nouveau.${Date.now()}@exemple.ca`;
  await page.goto(`${BASE}/compte`);
  await page.getByRole("button", { name: "Créer un compte" }).click();
  await page.getByLabel("Prénom").fill("Noémie");
  await page.getByLabel("Nom", { exact: true }).fill("Gagnon");
  await page.getByLabel("Courriel").fill(email);
  await page.getByLabel("Mot de passe").fill("motdepasse-2026");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  // A common password is refused, with the reason under the field.
  await page.locator(".field-error", { hasText: "trop courant" }).waitFor();
  await page.getByLabel("Mot de passe").fill("une phrase de passe 2026");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await page.getByText(`Un lien de confirmation a été envoyé à ${email}`).waitFor();
  await shot(page, "portal-sign-up-sent");
  const confirmation = await waitForMail((m) => m.to.includes(email) && m.subject === "Confirmez votre adresse courriel — Civis");
  await page.goto(linkIn(confirmation, "/compte/confirmer"));
  await page.getByText("Votre adresse est confirmée et vous êtes connecté.").waitFor();
  await page.locator("main").getByRole("link", { name: "Mes requêtes" }).click();
  await page.getByRole("heading", { name: "Mes requêtes" }).waitFor();
  await page.getByText("Vous n'avez encore fait aucune requête.").waitFor();

  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Animaux", "Animal errant");
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Un chien sans laisse erre dans le parc Lafontaine.");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByText(`Requête faite au nom de Noémie Gagnon <${email}>`).waitFor();
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  const number = (await page.locator(".confirmation .number").innerText()).trim();

  await page.getByRole("link", { name: "Mes requêtes" }).click();
  // A list (number, town, category, status, dates), then the request's own page.
  const row = page.locator("table.mine tbody tr", { hasText: number });
  await row.getByText("Ville de Démo").waitFor();
  await row.getByText("Animal errant").waitFor();
  await row.getByText("Reçue").waitFor();
  await shot(page, "portal-my-requests");
  await row.getByRole("link", { name: number }).click();
  await page.locator(".tracked", { hasText: number }).getByText("Un chien sans laisse").waitFor();
  // The page is titled by its request.
  await page.getByRole("heading", { level: 1, name: new RegExp(`Requête ${number}`) }).waitFor();
  // The citizen adds information and a photo; staff then see both.
  await page.getByLabel("Information à ajouter").fill("Il porte un collier rouge.");
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 40; c.height = 30;
    c.getContext("2d").fillRect(0, 0, 40, 30);
    return c.toDataURL("image/jpeg", 0.9);
  });
  await page.getByLabel("Photos", { exact: true }).setInputFiles({
    name: "chien.jpg", mimeType: "image/jpeg", buffer: Buffer.from(dataUrl.split(",")[1], "base64"),
  });
  await page.getByRole("button", { name: "Envoyer à la municipalité" }).click();
  await page.getByText("Merci, le service responsable en est informé.").waitFor();
  await page.locator(".tracked").getByText("Il porte un collier rouge.").waitFor();
  // The photo is on the page for its author too.
  await page.getByRole("heading", { name: "Photos", level: 2 }).waitFor();
  await page.locator("ul.photos img[alt='chien.jpg']").waitFor();
  await shot(page, "portal-my-request");
  // The common password refused above is logged by the browser as a failed load; nothing else.
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);

  const clerk = await token("clic@demo.civis.demo");
  const town = (await demoTown()).id;
  const list = await api("GET", `/towns/${town}/requests?keywords=Lafontaine&saved=false`, { token: clerk });
  const id = list.body.items.find((r) => r.number === number).id;
  const photos = await api("GET", `/towns/${town}/requests/${id}/attachments`, { token: clerk });
  assert.ok(photos.body.some((a) => a.filename === "chien.jpg" && a.uploader_kind === "requester"), JSON.stringify(photos.body));
  const followups = await api("GET", `/towns/${town}/requests/${id}/followups`, { token: clerk });
  assert.ok(followups.body.some((f) => f.body === "Il porte un collier rouge."));
});

test("on a phone's width the wizard and the public list fit the screen", async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  for (const url of ["/t/demo/nouvelle", "/t/demo/publiques"]) {
    await page.goto(`${BASE}${url}`);
    await page.locator("main h1").waitFor();
    // Settled: the page's parts and data have come (no request for half a second).
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} overflows by ${overflow}px`);
  }
  await shot(page, "portal-phone-public");
});

test("the page shows before the app loads, and each page has its own title", async () => {
  // index.html draws a light page at once; the app replaces it when it starts.
  const html = await (await fetch(`${BASE}/t/demo/suivi`)).text();
  assert.match(html, /id="shell"/);
  assert.match(html, /Chargement…/);
  const page = await newPage(browser);
  for (const [path, title] of [
    ["/", "Choisissez votre municipalité"],
    ["/t/demo/nouvelle", "Faire une requête"],
    ["/t/demo/publiques", "Requêtes publiques"],
    ["/t/demo/suivi", "Suivre une requête"],
    ["/compte", "Mon compte"],
    ["/staff", "Connexion des employés"],
  ]) {
    await page.goto(`${BASE}${path}`);
    await page.waitForFunction((t) => document.title.startsWith(t), title);
    assert.equal(await page.title(), `${title} — Civis — requêtes citoyennes`);
    assert.equal(await page.locator("#shell").count(), 0);
  }
  assert.deepEqual(page.errors, []);
});

test("a filing refused for too many from one place keeps what was typed and offers the other ways", async () => {
  const page = await newPage(browser);
  // The API's answer past the visitors' filing limits, as tests/api/limits.rs gets it (a
  // browser test cannot file a hundred times in a minute from one address): once, then
  // the real server again.
  let refusals = 0;
  await page.route("**/api/v1/towns/*/requests", async (route) => {
    if (route.request().method() !== "POST" || refusals > 0) return route.continue();
    refusals += 1;
    await route.fulfill({
      status: 429,
      headers: { "retry-after": "720", "content-type": "application/problem+json" },
      body: JSON.stringify({
        type: "urn:civis:problem:too_many_attempts", title: "Too Many Requests", status: 429, code: "too_many_attempts",
        detail: "Too many attempts in a short time.",
        message_fr: "Trop de tentatives en peu de temps. Réessayez dans 12 minutes.",
        message_en: "Too many attempts in a short time. Try again in 12 minutes.",
      }),
    });
  });
  await page.goto(`${BASE}/t/demo/nouvelle`);
  await chooseNode(page, "Animaux", "Animal errant");
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Un chat coincé dans un arbre au parc du Ruisseau.");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Suivant" }).click();
  await page.locator("#w-first").fill("Rita");
  await page.locator("#w-last").fill("Kiosque");
  await page.locator("#w-email").fill(`rita.${Date.now()}@exemple.ca`);
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  await page.getByText("Trop de tentatives en peu de temps. Réessayez dans 12 minutes.").waitFor();
  await page.getByText("Votre demande est gardée telle que vous l'avez écrite").waitFor();
  await page.getByRole("link", { name: "Ouvrir une session ou créer un compte" }).waitFor();
  // Or the town's phone (its setting), as a link a phone dials.
  assert.equal(await page.getByRole("link", { name: "450 555-0100" }).getAttribute("href"), "tel:4505550100");
  await page.getByText("Un chat coincé dans un arbre au parc du Ruisseau.").waitFor();
  await shot(page, "portal-filing-too-many");
  // At the time given, the same request goes as it was typed.
  await page.getByRole("button", { name: "Soumettre la requête" }).click();
  const number = (await page.locator(".confirmation .number").innerText()).trim();
  assert.match(number, /^\d{4}-\d+$/);
  assert.equal(refusals, 1);
});
