// Accounts and the web surface in the browser: a forgotten password reset from the
// emailed link, a password changed from the header, the session kept in an HttpOnly
// cookie across a reload, a request's emails stopped from their link, and every page
// working under the Content-Security-Policy (any violation is a console error, which
// fails the test).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, api, token, staffSignIn, BASE, demoTown, waitForMail, linkIn, axeViolations } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("pages carry the security headers", async () => {
  for (const path of ["/", "/staff", "/mot-de-passe/oublie"]) {
    const res = await fetch(`${BASE}${path}`);
    const csp = res.headers.get("content-security-policy");
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, path);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  }
});

test("a staff member resets a forgotten password by email, then changes it from the header", async () => {
  const town = await demoTown();
  const email = `oubli.${Date.now()}@demo.civis.demo`;
  const admin = await token("admin@demo.civis.demo");
  const made = await api("POST", `/admin/towns/${town.id}/users`, {
    token: admin,
    body: { email, password: "premier mot de passe long", first_name: "Olivia", last_name: "Oubli", roles: ["clerk"] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  const page = await newPage(browser);
  await page.goto(`${BASE}/staff`);
  await page.getByRole("link", { name: "Mot de passe oublié?" }).click();
  await page.getByRole("heading", { name: "Mot de passe oublié" }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel("Courriel").fill(email);
  await page.getByRole("button", { name: "Envoyer le lien" }).click();
  await page.getByText("Si cette adresse a un compte, un lien vient d'y être envoyé.").waitFor();
  await shot(page, "password-forgot");

  const mail = await waitForMail((m) => m.to.includes(email) && m.subject === "Nouveau mot de passe — Civis");
  await page.goto(linkIn(mail, "/mot-de-passe"));
  await page.getByRole("heading", { name: "Choisir un nouveau mot de passe" }).waitFor();
  await page.getByLabel("Nouveau mot de passe").fill("motdepasse123");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.locator(".field-error", { hasText: "trop courant" }).waitFor();
  await shot(page, "password-reset-refused");
  await page.getByLabel("Nouveau mot de passe").fill("le héron guette au bord du lac");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByText("Votre mot de passe est changé").waitFor();
  await page.locator("main").getByRole("link", { name: "Se connecter" }).click();
  await staffSignIn(page, email, "le héron guette au bord du lac");

  await page.getByRole("link", { name: "Mot de passe" }).click();
  await page.getByRole("heading", { name: "Changer mon mot de passe" }).waitFor();
  await page.getByLabel("Mot de passe actuel").fill("pas le bon mot de passe");
  await page.getByLabel("Nouveau mot de passe").fill("la marée monte vers midi");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.locator(".field-error", { hasText: "Le mot de passe actuel est incorrect." }).waitFor();
  await page.getByLabel("Mot de passe actuel").fill("le héron guette au bord du lac");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByText("Mot de passe changé. Vos autres sessions ont été fermées; celle-ci continue.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "password-changed");
  await waitForMail((m) => m.to.includes(email) && m.subject === "Votre mot de passe a été changé — Civis");
  assert.equal((await api("POST", "/auth/staff/sign-in", { body: { email, password: "la marée monte vers midi" } })).status, 200);
  // The refusals above are logged by the browser as failed loads; nothing else (no CSP report).
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

test("the session lives in an HttpOnly cookie: no token in the page's storage, and a reload keeps it", async () => {
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === "civis_refresh");
  assert.ok(refresh, JSON.stringify(cookies));
  assert.equal(refresh.httpOnly, true);
  assert.equal(refresh.sameSite, "Strict");
  assert.equal(refresh.path, "/api/v1/auth/refresh");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie);
  assert.doesNotMatch(stored, /token|civis_refresh/i, stored);
  await page.reload();
  // The list needs an access token: the app renews it with the cookie (an error would
  // show instead of the rows or the empty list's sentence).
  await page.locator("table.requests tbody tr, p:has-text('Aucune requête ne correspond.')").first().waitFor();
  assert.equal(await page.locator(".error").count(), 0);
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await page.waitForFunction(() => location.pathname === "/staff");
  assert.equal((await page.context().cookies()).filter((c) => c.name === "civis_refresh" && c.value).length, 0);
  assert.deepEqual(page.errors, []);
});

test("a citizen stops a request's emails from the link at the bottom of one", async () => {
  const town = await demoTown();
  const email = `arret.${Date.now()}@exemple.ca`;
  const filed = await api("POST", `/towns/${town.id}/requests`, {
    body: {
      node_id: town.node("Animal errant").id, description: "Un chat coincé dans un arbre.",
      requester: { first_name: "Ariane", last_name: "Arrêt", email }, wants_followups: true,
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const receipt = await waitForMail((m) => m.to.includes(email) && m.subject.includes(filed.body.number));
  const page = await newPage(browser);
  await page.goto(linkIn(receipt, "/desabonnement"));
  await page.getByRole("heading", { name: "Ne plus recevoir de courriels" }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "Arrêter les courriels de cette requête" }).click();
  await page.getByText("C'est fait : plus aucun courriel au sujet de cette requête ne vous sera envoyé.").waitFor();
  await shot(page, "unsubscribed");
  // Staff write to the requester: nothing more reaches her.
  const clerk = await token("clic@demo.civis.demo");
  const posted = await api("POST", `/towns/${town.id}/requests/${filed.body.id}/followups`, {
    token: clerk, body: { kind: "external", body: "Les pompiers sont prévenus." },
  });
  assert.equal(posted.status, 201);
  // A request filed after the follow-up: once its receipt has arrived, the worker has
  // delivered what was waiting before it (the outbox goes out in order).
  const marker = `apres.${Date.now()}@exemple.ca`;
  const after_ = await api("POST", `/towns/${town.id}/requests`, {
    body: { node_id: town.node("Animal errant").id, description: "Un autre chat.", requester: { first_name: "Témoin", email: marker }, wants_followups: true },
  });
  assert.equal(after_.status, 201);
  await waitForMail((m) => m.to.includes(marker));
  const { mails } = await import("./helpers.mjs");
  assert.equal(mails().filter((m) => m.to.includes(email)).length, 1, "only the receipt");
  assert.deepEqual(page.errors, []);
});
