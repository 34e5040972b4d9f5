// Shared by the browser tests: Debian's Chromium driven by playwright-core, against the
// server started by e2e/run.sh (BASE_URL) on its own database.
import { chromium } from "playwright-core";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
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
  // A reader in Quebec: French, and the towns' time zone.
  const context = await browser.newContext({ viewport: { width, height }, locale: "fr-CA", timezoneId: "America/Toronto" });
  const page = await context.newPage();
  page.errors = [];
  // Also on the run's output: a test that times out shows what broke in the page.
  page.on("pageerror", (e) => { page.errors.push(String(e)); console.error(`page error at ${page.url()}: ${e}`); });
  page.on("console", (m) => { if (m.type() === "error") { page.errors.push(m.text()); if (process.env.E2E_CONSOLE) console.error(`console at ${page.url()}: ${m.text()}`); } });
  return page;
}

/** Today on the towns' calendar (America/Toronto, as the server reads it), as a Date at
 *  noon: its getFullYear/getMonth/getDate are the town's, whatever the machine's zone. On
 *  New Year's Eve evening, UTC is already in January; the town is not. */
export function townToday() {
  const ymd = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
  return new Date(`${ymd}T12:00:00`);
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

/** The town administrator signs in and lands on the administration. */
export async function adminSignIn(page) {
  await page.goto(`${BASE}/staff`);
  await page.getByLabel("Courriel").fill("admin@demo.civis.demo");
  await page.getByLabel("Mot de passe").fill("demo-civis-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Administration — Ville de Démo" }).waitFor();
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

/** The demo town's id and its taxonomy nodes by French name (from the public API). */
export async function demoTown() {
  const id = (await api("GET", "/towns")).body.find((t) => t.slug === "demo").id;
  const tree = (await api("GET", `/towns/${id}/taxonomy`)).body;
  return { id, node: (name) => tree.find((n) => n.name_fr === name) };
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

/** A header's text, with RFC 2047 encoded words (=?utf-8?b?…?= / ?q?) decoded. */
function decodeHeader(value) {
  // Whitespace between two encoded words is not part of the text (RFC 2047).
  return value.replace(/(\?=)\s+(=\?)/g, "$1$2").replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, text) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"));
}

/** The emails the SMTP server of the browser tests received (e2e/run.sh sets MAILDIR). */
export function mails() {
  const dir = process.env.MAILDIR;
  if (!dir) throw new Error("MAILDIR is not set: run the browser tests through e2e/run.sh");
  return readdirSync(path.join(dir, "new")).map((f) => {
    const raw = readFileSync(path.join(dir, "new", f), "utf8");
    const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
    const header = (name) => decodeHeader((head.match(new RegExp(`^${name}: (.*)$`, "mi")) || [])[1] || "");
    return { to: header("To"), subject: header("Subject"), raw };
  });
}

/** Waits until an email matching `pred` arrives (the worker polls every 200 ms). */
export async function waitForMail(pred, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = mails().find(pred);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no such email; received: ${mails().map((m) => `${m.to}: ${m.subject}`).join(" | ")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An email's text with quoted-printable soft breaks and `=3D` undone. */
export function mailText(mail) {
  return mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
}

/** The link of `path` in an email (its token after `#`), on the test server. */
export function linkIn(mail, linkPath) {
  const m = mailText(mail).match(new RegExp(`https?://[^/\\s]+${linkPath.replace(/[/?]/g, "\\$&")}#([A-Za-z0-9_.-]+)`));
  if (!m) throw new Error(`no ${linkPath} link in: ${mail.subject}`);
  return `${BASE}${linkPath}#${m[1]}`;
}

const AXE = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", "axe-core", "axe.min.js");

/** The WCAG 2.2 A and AA violations axe-core finds on the page as it is now, as lines. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    // Evaluated by the browser's debugging protocol: the page's CSP forbids inline scripts.
    await page.evaluate(readFileSync(AXE, "utf8"));
  }
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  return found;
}

/** "lundi 7 décembre 2026" / "Monday, December 7, 2026", as the explanation writes a day. */
export function longDay(iso, lang) {
  const d = new Date(`${iso}T12:00:00`);
  const opts = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
  if (lang === "fr") {
    const [weekday, day, month, year] = [
      d.toLocaleDateString("fr-CA", { weekday: "long" }),
      d.getDate(),
      d.toLocaleDateString("fr-CA", { month: "long" }),
      d.getFullYear(),
    ];
    return `${weekday} ${day}${day === 1 ? "er" : ""} ${month} ${year}`;
  }
  return d.toLocaleDateString("en-US", opts);
}
