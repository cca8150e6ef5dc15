// vectors.mjs - runs every seal-text case of formats/vectors/ through the
// JavaScript verifier (web/src/seal.js) and compares verdict and reason
// with the case's expected ones (those segel-verify gives,
// tests/cli/vectors.sh).  Cases whose rule the JS does not implement yet
// are listed in PENDING: they must still fail here (so the list shrinks
// when the rule comes), and every other case must match.
import "./compat.mjs";
import fs from "node:fs";
import path from "node:path";
import { verifySeal, trustFromFiles, formatsFromFiles, SealError } from "../src/seal.js";

const dir = process.argv[2] ?? "../formats/vectors";
const PENDING = new Set([]);
// The formats a bundle made from this tree would carry (formats/trust.md).
const fdir = path.join(dir, "..");
const ffiles = {};
for (const sub of ["types", "codes", "wilayah"])
  for (const f of fs.readdirSync(path.join(fdir, sub)))
    ffiles[`${sub}/${f}`] = fs.readFileSync(path.join(fdir, sub, f));
const formats = formatsFromFiles(ffiles);
let bad = 0, ok = 0, pend = 0, skipped = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const ef = path.join(dir, name, "expected");
  if (!fs.existsSync(ef)) continue;
  const e = Object.fromEntries(fs.readFileSync(ef, "utf8").split("\n")
    .filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  if (e.input !== "seal.txt") { skipped++; continue; } // scans: the browser test's part
  const td = path.join(dir, "trust", e.trust.replace(/^trust\//, "").replace(/\/$/, ""));
  const files = {};
  for (const f of fs.readdirSync(td)) files[f] = fs.readFileSync(path.join(td, f), "utf8");
  let got;
  try {
    const trust = await trustFromFiles(files);
    trust.formats = formats;
    const today = Math.floor(Date.parse(e.today + "T00:00:00Z") / 86400000);
    got = await verifySeal(fs.readFileSync(path.join(dir, name, "seal.txt"), "utf8").trim(), trust, today);
  } catch (x) {
    if (!(x instanceof SealError)) throw x;
    got = { verdict: "REFUSED", reason: x.reason };
  }
  const match = got.verdict === e.verdict && got.reason === e.reason;
  if (PENDING.has(name)) {
    if (match) { console.log(`FAIL ${name}: matches now, take it off PENDING`); bad++; }
    else { console.log(`pending ${name}: ${got.verdict} ${got.reason}, want ${e.verdict} ${e.reason}`); pend++; }
  } else if (match) { console.log(`ok ${name}: ${got.verdict} ${got.reason}`); ok++; }
  else { console.log(`FAIL ${name}: ${got.verdict} ${got.reason}, want ${e.verdict} ${e.reason}`); bad++; }
}
console.log(`vectors: ${ok} ok, ${pend} pending, ${skipped} files left to the browser test, ${bad} failed`);
process.exit(bad ? 1 : 0);
