// Shared by the browser tests: Debian's Chromium driven by playwright-core, against the
// server started by e2e/run.sh (BASE_URL) on its own database.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const SHOTS = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "screenshots");
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A fresh browser context (no storage shared with other tests) and a page in it. */
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: "fr-CA" });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export async function staffSignIn(page, email, password = "demo-civis-2026") {
  await page.goto(`${BASE}/staff`);
  await page.getByLabel("Courriel").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Requêtes", exact: true }).waitFor();
}

/** Calls the REST API directly (to set up data the way an integrator would). */
export async function api(method, url, { token, body } = {}) {
  const res = await fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function token(email, kind = "staff", password = "demo-civis-2026") {
  const r = await api("POST", `/auth/${kind}/sign-in`, { body: { email, password } });
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status}`);
  return r.body.access_token;
}

/** Chooses category → event → sub-event in the wizard, by their French names. */
export async function chooseNode(page, ...names) {
  for (const [i, name] of names.entries()) {
    await page.locator(`#w-level-${i}`).selectOption({ label: name });
  }
}
