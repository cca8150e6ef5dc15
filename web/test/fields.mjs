// fields.mjs - the fields the page shows (verdict.js documentRows) are
// the lines segel-verify prints under "Compare every field below with
// the paper" (lib/verdict_text.c put_document), for every seal-text case
// of formats/vectors/ whose verdict shows them.  BIN: segel-verify's folder.
import "./compat.mjs";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { verifySeal, trustFromFiles, formatsFromFiles } from "../src/seal.js";
import { documentRows } from "../src/verdict.js";

const root = path.resolve(process.argv[2] ?? "..");
const bin = path.resolve(root, process.env.BIN ?? "bin");
const dir = path.join(root, "formats/vectors");
const ff = {};
for (const sub of ["types", "codes", "wilayah"])
  for (const f of fs.readdirSync(path.join(root, "formats", sub)))
    ff[`${sub}/${f}`] = fs.readFileSync(path.join(root, "formats", sub, f));
const formats = formatsFromFiles(ff);
let bad = 0, n = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const ef = path.join(dir, name, "expected");
  if (!fs.existsSync(ef)) continue;
  const e = Object.fromEntries(fs.readFileSync(ef, "utf8").split("\n").filter((l) => l.includes("="))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  if (e.input !== "seal.txt") continue;
  const td = path.join(dir, "trust", e.trust.replace(/^trust\//, "").replace(/\/$/, ""));
  const files = {};
  for (const f of fs.readdirSync(td)) files[f] = fs.readFileSync(path.join(td, f), "utf8");
  let trust;
  try { trust = await trustFromFiles(files); } catch { continue; } // a refused directory: vectors.mjs
  trust.formats = formats;
  const seal = path.join(dir, name, "seal.txt");
  const v = await verifySeal(fs.readFileSync(seal, "utf8").trim(), trust,
    Math.floor(Date.parse(e.today + "T00:00:00Z") / 86400000));
  const js = v.fields ? documentRows(v, formats).map(([l, val, d]) =>
    (d ? "    " : "  ") + (val ? `${l.padEnd(32)} ${val}` : l)) : [];
  let out = "";
  try {
    out = execFileSync(path.join(bin, "segel-verify"), ["-t", td, seal], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, SEGEL_TODAY: e.today, SEGEL_FORMATS: path.join(root, "formats"), LC_ALL: "C.UTF-8", TZ: "UTC" } });
  } catch (x) { out = x.stdout; }
  const lines = out.split("\n");
  const at = lines.findIndex((l) => /^  (Compare every field|What the QR code says)/.test(l));
  const c = at < 0 ? [] : lines.slice(at + 1).filter((l) => /^ {2}/.test(l));
  n++;
  if (JSON.stringify(js) === JSON.stringify(c)) { console.log(`ok ${name}: ${js.length} lines`); continue; }
  bad++;
  console.log(`FAIL ${name}:`);
  for (let i = 0; i < Math.max(js.length, c.length); i++)
    if (js[i] !== c[i]) console.log(`  page: ${js[i]}\n  C:    ${c[i]}`);
}
console.log(`fields: ${n - bad} of ${n} cases as segel-verify prints them`);
process.exit(bad ? 1 : 0);
