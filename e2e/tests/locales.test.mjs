// Every label comes from the translation files: both languages hold the same keys, no
// text is empty or left untranslated, and every key the app's code names exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const front = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "..", "frontend");
const fr = JSON.parse(readFileSync(path.join(front, "locales", "fr.json"), "utf8"));
const en = JSON.parse(readFileSync(path.join(front, "locales", "en.json"), "utf8"));

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".rs") ? [p] : [];
  });
}

test("French and English hold the same keys, none empty", () => {
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(fr)) {
    assert.ok(v.trim() && en[k].trim(), k);
  }
  const same = Object.keys(fr).filter((k) => fr[k] === en[k] && !/^(Description|Options|Photos|Urgent|Important|Dates)$/.test(fr[k]));
  assert.ok(same.length < 10, `too many texts identical in both languages: ${same}`);
});

test("every key the app names is translated", () => {
  const prefixes = new Set(Object.keys(fr).map((k) => k.split(".")[0]));
  const missing = [];
  for (const file of sources(path.join(front, "src"))) {
    for (const [, key] of readFileSync(file, "utf8").matchAll(/"([a-z_]+\.[a-z_.0-9]+)"/g)) {
      if (prefixes.has(key.split(".")[0]) && !(key in fr)) missing.push(`${path.basename(file)}: ${key}`);
    }
  }
  for (const code of ["network", "server", "session_expired", "validation"]) {
    if (!(`error.${code}` in fr)) missing.push(`error.${code}`);
  }
  assert.deepEqual(missing, []);
});
