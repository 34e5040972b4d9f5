// Reports in the browser: the elected official opens the quarter's report, sees the charts
// and downloads the workbook, which opens with the expected sheets and numbers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { launch, newPage, shot, staffSignIn, api, token, demoTown, townToday } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

test("the elected official opens the quarter's report, sees its charts and downloads the workbook", async () => {
  const town = await demoTown();
  const now = townToday();
  const q = Math.floor(now.getMonth() / 3);
  const from = iso(new Date(now.getFullYear(), q * 3, 1));
  const to = iso(new Date(now.getFullYear(), q * 3 + 3, 0));
  // A request of the quarter, filed by the call centre.
  const pothole = town.node("Nid-de-poule");
  const filed = await api("POST", `/towns/${town.id}/requests`, {
    token: await token("agent311@civis.demo"),
    body: {
      node_id: pothole.id, description: "Trou devant le 40", channel: "phone",
      answers: [{ question_id: pothole.questions[0].id, value: "grand" }],
      requester: { first_name: "Rita", last_name: "Côté", phone1: "450 555-0177" },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const elected = await token("elu@demo.civis.demo");
  const expected = (await api("GET", `/towns/${town.id}/reports?from=${from}&to=${to}`, { token: elected })).body;

  const page = await newPage(browser);
  await staffSignIn(page, "elu@demo.civis.demo");
  await page.getByRole("link", { name: "Reddition de comptes" }).click();
  await page.getByRole("heading", { name: "Reddition de comptes", level: 1 }).waitFor();
  await page.getByLabel("Période", { exact: true }).selectOption({ label: `T${q + 1} ${now.getFullYear()}` });
  await page.getByRole("img", { name: "Requêtes reçues et fermées, mois par mois" }).waitFor();
  await page.getByRole("img", { name: "Requêtes reçues par service" }).waitFor();
  // The period is in the address: the report can be bookmarked and reloaded as it was.
  await page.waitForURL((u) => u.search.includes(`periode=${from}..${to}`));
  await page.reload();
  await page.getByRole("img", { name: "Requêtes reçues par service" }).waitFor();
  assert.equal(await page.getByLabel("Période", { exact: true }).inputValue(), `${from}..${to}`);
  // Chart text as drawn on the screen: at least 12 px.
  const chartPx = await page.evaluate(() => {
    const svg = document.querySelector("svg.chart");
    const label = svg.querySelector(".chart-label");
    return parseFloat(getComputedStyle(label).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  });
  assert.ok(chartPx >= 12, `chart text at ${chartPx.toFixed(1)} px`);
  // Each chart's numbers are in a table too.
  const contacts = page.locator("section", { has: page.getByRole("heading", { name: "Indicateurs" }) });
  await contacts.getByRole("rowheader", { name: "Contacts (premier contact)" }).waitFor();
  // Complaints counted apart for the elected official: said on the page.
  await page.getByText("Les plaintes sont comptées à part").waitFor();
  await shot(page, "reports-elected");
  // Each table's CSV button says which table it exports (not eight buttons named "CSV").
  const csv = page.locator(".report-table .toolbar button");
  const csvNames = await csv.evaluateAll((bs) => bs.map((b) => b.textContent.trim()));
  assert.ok(csvNames.length >= 6, csvNames.join(" | "));
  assert.equal(new Set(csvNames).size, csvNames.length, csvNames.join(" | "));
  await page.getByRole("button", { name: "CSV — Indicateurs" }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger (Excel)" }).click(),
  ]);
  const file = path.join(process.env.TMPDIR ?? "/tmp", `rapport-${Date.now()}.xlsx`);
  await download.saveAs(file);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const book = JSON.parse(execFileSync("python3", [path.join(here, "xlsx_read.py"), file], { encoding: "utf8" }));
  const names = book.sheets.map((s) => s.name);
  assert.equal(names[0], "Rapport");
  for (const sheet of ["Indicateurs", "Par service", "Mois par mois", "Contacts", "Par type", "Satisfaction"]) {
    assert.ok(names.includes(sheet), `${sheet} in ${names}`);
  }
  const summary = book.sheets.find((s) => s.name === "Indicateurs").rows;
  const row = (label) => summary.find((r) => r[0] === label);
  assert.equal(row("Requêtes reçues")[1], expected.current.received, "numbers stay numbers");
  assert.equal(row("Contacts (premier contact)")[1], expected.current.first_contact.interactions);
  assert.ok(expected.current.first_contact.interactions > 0, "the demo's week of contacts");
  assert.ok(expected.current.received > 0);
  // No one's name in the workbook.
  assert.ok(!JSON.stringify(book).includes("Côté") && !JSON.stringify(book).includes("555-0177"));
  const months = book.sheets.find((s) => s.name === "Mois par mois").rows;
  assert.equal(months.length, 4, "a header and three months");
  assert.equal(typeof months[1][0], "number", "months are dates (serial numbers) in the workbook");
  assert.deepEqual(page.errors, []);
});
