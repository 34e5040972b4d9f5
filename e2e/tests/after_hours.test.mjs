// After-hours routing in the browser (issue 32), each moment set by the test's clock: a
// second `civis serve` runs under libfaketime on the same database (its instant is the
// filing's, seen on the town's clock). A water-main break filed at 22:00 on a Saturday goes
// to the public works' on-call department, which is emailed at once, and the request page
// says it came in after hours; the Monday morning, the day staff's "overnight" filter lists
// it; one filed at 10:00 on a Tuesday goes to the usual department.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { launch, newPage, shot, api, token, demoTown, waitForMail, mailText, linkIn } from "./helpers.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
let browser;
let town;
let node;
let garde;
let works;
const stamp = Date.now();
const gardeEmail = `garde.${stamp}@services.example`;
const servers = [];

/** libfaketime's library (scripts/setup.sh installs it). */
function libfaketime() {
  for (const dir of fs.readdirSync("/usr/lib")) {
    const lib = path.join("/usr/lib", dir, "faketime", "libfaketime.so.1");
    if (fs.existsSync(lib)) return lib;
  }
  throw new Error("libfaketime is not installed (scripts/setup.sh)");
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** The product served on the e2e database with its clock at `utc` (then running on). */
async function serveAt(utc) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(root, "target/debug/civis"), ["serve"], {
    cwd: root, stdio: "ignore",
    env: { ...process.env, BIND: `127.0.0.1:${port}`, PUBLIC_URL: base, TZ: "UTC", RUST_LOG: "warn",
      LD_PRELOAD: libfaketime(), FAKETIME: `@${utc}`, FAKETIME_DONT_FAKE_MONOTONIC: "1" },
  });
  servers.push(child);
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/ready`)).ok) return { base, stop: () => child.kill() }; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server at ${utc} did not start`);
}

/** Files a water-main break on `base` (as a citizen would through the API). */
async function file(base, description) {
  const res = await fetch(`${base}/api/v1/towns/${town}/requests`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ node_id: node, description, wants_followups: true,
      requester: { first_name: "Nuit", last_name: "Blanche", email: `nuit.${stamp}@example.com` } }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text);
}

/** A page of `base` where the clerk is signed in. */
async function clerkOn(base) {
  const page = await newPage(browser);
  await page.goto(`${base}/staff`);
  await page.getByLabel("Courriel").fill("clic@demo.civis.demo");
  await page.getByLabel("Mot de passe").fill("demo-civis-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("heading", { name: "Requêtes", exact: true }).waitFor();
  return page;
}

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const admin = await token("admin@demo.civis.demo");
  // The on-call department, its notice address confirmed from the email sent to it.
  const dep = await api("POST", `/admin/towns/${town}/departments`, {
    token: admin,
    body: { code: `garde-${stamp}`, name_fr: `Garde des travaux publics ${stamp}`, name_en: `Public works on call ${stamp}`,
      notification_email: gardeEmail, active: true },
  });
  assert.equal(dep.status, 201, JSON.stringify(dep.body));
  garde = dep.body;
  const confirm = await waitForMail((m) => m.to.includes(gardeEmail) && m.subject.startsWith("Confirmez l'adresse des avis"));
  const page = await newPage(browser);
  await page.goto(linkIn(confirm, "/service/confirmer"));
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await page.getByText("C'est confirmé").waitFor();
  await page.close();
  // A water-main break under Voirie (Travaux publics by day), its nights to the on-call team.
  const voirie = demo.node("Voirie");
  works = voirie.effective.department_id;
  const created = await api("POST", `/admin/towns/${town}/taxonomy`, {
    token: admin,
    body: { parent_id: voirie.id, name_fr: `Bris d'aqueduc ${stamp}`, name_en: `Water main break ${stamp}`,
      after_hours_department_id: garde.id },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  node = created.body.id;
});

after(async () => {
  for (const s of servers) s.kill();
  // The node is retired: the other files' trees stay as the demo has them.
  const admin = await token("admin@demo.civis.demo");
  if (node) await api("POST", `/admin/towns/${town}/taxonomy/${node}/retire`, { token: admin });
  await browser?.close();
});

test("Saturday 22:00 goes to the on-call department, Monday morning lists it overnight, Tuesday 10:00 to the usual one", async () => {
  // Saturday 12 December 2026, 22:00 in Montréal (03:00 UTC on the 13th).
  const saturday = await serveAt("2026-12-13 03:00:00");
  const night = await file(saturday.base, "Geyser dans la rue, samedi soir");
  const page = await clerkOn(saturday.base);
  await page.goto(`${saturday.base}/staff/${town}/requetes/${night.id}`);
  await page.getByText("Reçue hors des heures").waitFor();
  assert.equal(await page.locator("#r-department").evaluate((s) => s.selectedOptions[0].textContent), garde.name_fr);
  await shot(page, "after-hours-saturday-night");
  const mail = await waitForMail((m) => m.to.includes(gardeEmail) && m.subject.startsWith("Nouvelle requête"));
  assert.match(mailText(mail), new RegExp(night.number));
  assert.deepEqual(page.errors, []);
  saturday.stop();

  // Monday 14 December, 8:00: the day staff's "overnight" filter lists what came in since
  // Friday's closing.
  const monday = await serveAt("2026-12-14 13:00:00");
  const morning = await clerkOn(monday.base);
  await morning.goto(`${monday.base}/staff/${town}?tab=open&after_hours=true`);
  await morning.getByRole("link", { name: night.number }).waitFor();
  await shot(morning, "after-hours-monday-overnight");
  assert.deepEqual(morning.errors, []);
  monday.stop();

  // Tuesday 15 December, 10:00: the usual department.
  const tuesday = await serveAt("2026-12-15 15:00:00");
  const day = await file(tuesday.base, "Fuite d'eau, mardi matin");
  const clerk = await token("clic@demo.civis.demo");
  const d = (await api("GET", `/towns/${town}/requests/${day.id}`, { token: clerk })).body;
  assert.equal(d.department_id, works);
  assert.equal(d.after_hours, false);
  tuesday.stop();
});
