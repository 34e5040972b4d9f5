// Two-factor sign-in in the browser: in a town that asks it of its director (the default
// for a new town), a new director is led from the password to adding an authenticator
// (the test computes the codes as a phone app would, RFC 6238), notes the recovery codes,
// then signs in with a code, and in English with a recovery code. Every screen is axe-clean.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { launch, newPage, shot, api, token, BASE, axeViolations, waitForMail } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The bytes of a base32 secret (RFC 4648, no padding). */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/[=\s]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The six digits an authenticator shows at `at` (ms): HMAC-SHA1 over the 30-second step. */
function totp(secret, at = Date.now()) {
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = createHmac("sha1", base32(secret)).update(step).digest();
  const offset = h[h.length - 1] & 15;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, "0");
}

async function signInWithPassword(page, email, password) {
  await page.goto(`${BASE}/staff`);
  await page.getByLabel("Courriel").fill(email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

test("a new town's director adds an authenticator, then signs in with a code and with a recovery code", async () => {
  const stamp = Date.now();
  const platform = await token("plateforme@civis.demo");
  const town = await api("POST", "/platform/towns", { token: platform, body: { slug: `deux-facteurs-${stamp}`, name: `Deux-Facteurs ${stamp}` } });
  assert.equal(town.status, 201, JSON.stringify(town.body));
  assert.equal(town.body.settings.second_factor, "privileged", "a new town asks it of its administrators and director");
  const email = `directrice.${stamp}@deux-facteurs.example`;
  const password = "une longue phrase pour la directrice";
  const made = await api("POST", `/admin/towns/${town.body.id}/users`, {
    token: platform,
    body: { email, password, first_name: "Denise", last_name: "Directrice", roles: ["director"] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  // The password alone leads to the enrolment, and nowhere else.
  const page = await newPage(browser);
  await signInWithPassword(page, email, password);
  await page.getByRole("heading", { name: "Double authentification", level: 1 }).waitFor();
  await page.getByText("votre municipalité exige un deuxième facteur").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-required");
  await page.goto(`${BASE}/staff/${town.body.id}`);
  await page.getByRole("button", { name: "Ajouter une application d'authentification" }).waitFor();

  await page.getByRole("button", { name: "Ajouter une application d'authentification" }).click();
  await page.getByRole("img", { name: "Code QR à lire avec l'application d'authentification" }).waitFor();
  const secret = (await page.locator("#f-secret").textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-qr");
  await page.getByLabel("Code à six chiffres affiché par l'application").fill("000000");
  await page.getByRole("button", { name: "Confirmer" }).click();
  await page.locator(".field-error", { hasText: "n'est pas valide" }).waitFor();
  const enrolledAt = Date.now();
  await page.getByLabel("Code à six chiffres affiché par l'application").fill(totp(secret, enrolledAt));
  await page.getByRole("button", { name: "Confirmer" }).click();
  await page.getByRole("heading", { name: "Vos codes de récupération" }).waitFor();
  const codes = (await page.locator(".recovery-codes li").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c)), codes.join(" "));
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-codes");
  await page.getByRole("button", { name: "J'ai noté mes codes — continuer" }).click();
  await page.getByRole("heading", { name: "Requêtes", exact: true }).waitFor();

  // Next sign-in: the password, then the code of the step after the enrolment's (that one was
  // spent), wherever the clock now is within the accepted drift.
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await signInWithPassword(page, email, password);
  const code = page.getByLabel("Code de vérification");
  await code.waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-sign-in");
  await code.fill(totp(secret, enrolledAt + 30000));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Requêtes", exact: true }).waitFor();

  // In English, with a recovery code (a lost phone); the same code does not work twice.
  await page.getByRole("button", { name: "Sign out" }).or(page.getByRole("button", { name: "Se déconnecter" })).click();
  await page.goto(`${BASE}/staff`);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Verification code").waitFor();
  await page.getByText("The six digits from your authenticator app, or one of your recovery codes.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-sign-in-en");
  await page.getByLabel("Verification code").fill(codes[0]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Requests", exact: true }).waitFor();
  await page.getByRole("link", { name: "Two-factor sign-in" }).click();
  await page.getByText("Your account already has two-factor sign-in").waitFor();
  await shot(page, "second-factor-already-en");

  const again = await api("POST", "/auth/staff/sign-in", { body: { email, password, code: codes[0] } });
  assert.equal(again.status, 401);
  assert.equal(again.body.code, "second_factor_invalid");
  // The refused code (422) and the two sign-ins that asked for a code (401) are answers the
  // page shows; nothing else went wrong in it.
  assert.deepEqual(page.errors.filter((e) => !/status of (401|422)/.test(e)), []);
});

/** A new staff account of `town` with `roles`, enrolled through the API as an integrator
 *  would: its password, its authenticator's secret. */
async function enrolledStaff(platform, town, roles, name) {
  const email = `${name}.${Date.now()}@deux-facteurs.example`;
  const password = `une longue phrase pour ${name}`;
  const made = await api("POST", `/admin/towns/${town}/users`, {
    token: platform,
    body: { email, password, first_name: name, last_name: "Essai", roles },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const signed = await api("POST", "/auth/staff/sign-in", { body: { email, password } });
  const access = signed.body.access_token;
  const started = await api("POST", "/auth/second-factor", { token: access });
  assert.equal(started.status, 200);
  const at = Date.now();
  const done = await api("POST", "/auth/second-factor/confirm", { token: access, body: { code: totp(started.body.secret, at) } });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  return { email, password, secret: started.body.secret, id: made.body.id, at };
}

test("a town administrator chooses who must use a second factor and resets a lost one", async () => {
  const stamp = Date.now();
  const platform = await token("plateforme@civis.demo");
  const town = await api("POST", "/platform/towns", { token: platform, body: { slug: `perdu-${stamp}`, name: `Perdu ${stamp}` } });
  assert.equal(town.status, 201);
  const admin = await enrolledStaff(platform, town.body.id, ["town_admin"], "admin");
  const director = await enrolledStaff(platform, town.body.id, ["director"], "directeur");

  const page = await newPage(browser);
  await signInWithPassword(page, admin.email, admin.password);
  await page.getByLabel("Code de vérification").fill(totp(admin.secret, admin.at + 30000));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: `Administration — Perdu ${stamp}` }).waitFor();

  // The town's policy: administrators and the director (the default), or all staff.
  await page.getByRole("tab", { name: "Options" }).click();
  const policy = page.getByRole("group", { name: "Double authentification exigée" });
  await policy.getByLabel("Des administrateurs et de la direction").waitFor();
  assert.equal(await policy.getByLabel("Des administrateurs et de la direction").isChecked(), true);
  assert.equal(await policy.getByRole("radio").count(), 2, "off is the demo's only");
  await policy.getByLabel("De tout le personnel").check();
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Enregistré").first().waitFor();
  assert.equal((await api("GET", `/admin/towns/${town.body.id}`, { token: platform })).body.settings.second_factor, "all");
  await shot(page, "second-factor-town-policy");

  // The director lost their phone: reset, after a confirmation.
  await page.getByRole("tab", { name: "Utilisateurs" }).click();
  const row = page.getByRole("row", { name: new RegExp(director.email.replace(/\./g, "\\.")) });
  await row.getByText("Activée").waitFor();
  await row.getByRole("button", { name: /Réinitialiser/ }).click();
  await row.getByRole("button", { name: "Confirmer la réinitialisation" }).click();
  await row.getByText("Activée").waitFor({ state: "detached" });
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, "second-factor-reset");
  const again = await api("POST", "/auth/staff/sign-in", { body: { email: director.email, password: director.password } });
  assert.equal(again.status, 200, "the password alone, then the enrolment again");
  assert.deepEqual(again.body.user.second_factor, { required: true, enrolled: false });
  const told = await waitForMail((m) => m.to.includes(director.email) && m.subject.startsWith("Double authentification réinitialisée"));
  assert.ok(told);
  // The one 401 is the sign-in that asked for the code.
  assert.deepEqual(page.errors.filter((e) => !/status of 401/.test(e)), []);
});
