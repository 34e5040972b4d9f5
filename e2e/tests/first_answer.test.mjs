// The next-working-day answer and the hours per weekday (issue 32): the clerk reads, under a
// request's due date, by when the citizen was promised a first answer and, once an update
// was sent, when it was given; the administrator gives Fridays their own hours. The promised
// day comes from the API (the town's calendar counts it), so the test holds on any day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, shot, staffSignIn, api, token, BASE, demoTown, longDay, adminSignIn } from "./helpers.mjs";

let browser;
let town;
let filed;
let clerk;

before(async () => {
  browser = await launch();
  const demo = await demoTown();
  town = demo.id;
  const r = await api("POST", `/towns/${town}/requests`, {
    body: {
      node_id: demo.node("Information").id, description: "Quand passe la collecte des feuilles rue des Pins?",
      requester: { first_name: "Paule", last_name: "Réponse", email: `reponse-${Date.now()}@example.com` },
      wants_followups: true,
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  filed = r.body;
  clerk = await token("clic@demo.civis.demo");
});
after(async () => { await browser?.close(); });

test("the clerk reads by when a first answer is promised, then when it was given", async () => {
  const promised = (await api("GET", `/towns/${town}/requests/${filed.id}`, { token: clerk })).body.first_answer;
  assert.equal(promised.answered_at, null);
  const page = await newPage(browser);
  await staffSignIn(page, "clic@demo.civis.demo");
  await page.goto(`${BASE}/staff/${town}/requetes/${filed.id}`);
  const line = page.locator("dl.summary dt", { hasText: "Première réponse" }).locator("xpath=following-sibling::dd[1]");
  await line.waitFor();
  assert.ok((await line.innerText()).startsWith(`Promise d'ici la fin du ${longDay(promised.due, "fr")}`), await line.innerText());
  await shot(page, "first-answer-promised");

  const sent = await api("POST", `/towns/${town}/requests/${filed.id}/followups`, {
    token: clerk, body: { kind: "external", body: "La collecte des feuilles passe le 15 novembre." },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  await page.reload();
  await line.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("dl.summary dd")].some((d) => d.innerText.includes("donnée le")));
  assert.match(await line.innerText(), /· donnée le /);
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("dl.summary dd")].some((d) => d.innerText.includes("given")));
  assert.ok((await page.locator("dl.summary").first().innerText()).includes(`Promised by the end of ${longDay(promised.due, "en")}`));
  await shot(page, "first-answer-given-en");
  assert.deepEqual(page.errors, []);
});

test("the administrator closes the offices at noon on Fridays, then back to the usual hours", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("tab", { name: "Options" }).click();
  const closes = page.getByLabel("vendredi — Fermeture");
  await closes.waitFor();
  assert.equal(await closes.getAttribute("placeholder"), "16:30", "empty: the usual hours");
  assert.ok(await page.getByLabel("samedi — Fermeture").isDisabled(), "a closed day has no hours");
  await page.getByLabel("vendredi — Ouverture").fill("08:30");
  await closes.fill("12:00");
  const save = () => Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/settings") && r.request().method() === "PUT"),
    page.getByRole("button", { name: "Enregistrer", exact: true }).click(),
  ]);
  let [res] = await save();
  assert.equal(res.status(), 200, await res.text());
  await page.getByRole("status").waitFor();
  await shot(page, "first-answer-friday-hours");
  const admin = await token("admin@demo.civis.demo");
  const saved = (await api("GET", `/admin/towns/${town}`, { token: admin })).body.settings.weekday_hours;
  assert.deepEqual(saved, [{ weekday: 5, opens: "08:30:00", closes: "12:00:00" }]);

  // One time alone is refused with a message by the field; both emptied, Friday is usual again.
  await page.getByLabel("vendredi — Ouverture").fill("");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.locator("#s-hours-err").waitFor();
  assert.ok((await page.locator("#s-hours-err").innerText()).length > 0);
  await closes.fill("");
  [res] = await save();
  assert.equal(res.status(), 200);
  const back = (await api("GET", `/admin/towns/${town}`, { token: admin })).body.settings.weekday_hours;
  assert.deepEqual(back, []);
  assert.deepEqual(page.errors, []);
});
