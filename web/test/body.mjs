// body.mjs - a forger who holds an office's key signs bodies that are not
// what the type says: bytes changed, cut or added, a bad deflate stream,
// junk after it, a presence bit past the field list, a code not in its
// table, a region outside the issuer.  Each is signed with the test key
// of 75.01 (so the signature is good and the body is what is judged) and
// seal.js must give the verdict and reason segel-verify gives.
import "./compat.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { sealParse, verifySeal, trustFromFiles, formatsFromFiles } from "../src/seal.js";

const top = path.resolve(process.argv[2] ?? "..");
const bin = path.resolve(top, process.env.BIN ?? "bin");
const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
function b45(b) {
  let s = "";
  for (let i = 0; i + 1 < b.length; i += 2) {
    let n = b[i] * 256 + b[i + 1];
    s += B45[n % 45]; n = Math.floor(n / 45); s += B45[n % 45]; s += B45[Math.floor(n / 45)];
  }
  if (b.length % 2) { const n = b[b.length - 1]; s += B45[n % 45] + B45[Math.floor(n / 45)]; }
  return s;
}
const pem = fs.readFileSync(path.join(top, "testdata/pki/keys/issuer-7501.key.pem"), "utf8");
const key = await crypto.subtle.importKey("pkcs8", Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"),
  { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
async function seal(header, body, deflate) {
  const h = Uint8Array.from(header);
  h[1] = deflate ? h[1] | 1 : h[1] & ~1;
  const signed = Buffer.concat([h, body]);
  const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, signed));
  return "SG1:" + b45(Buffer.concat([signed, sig]));
}

const dir = path.join(top, "formats/vectors");
const s = sealParse(fs.readFileSync(path.join(dir, "p256-valid/seal.txt"), "utf8").trim());
const header = s.signed.subarray(0, s.bodyAt);
let body = Buffer.from(s.signed.subarray(s.bodyAt));
if (s.header.deflate) body = zlib.inflateRawSync(body);
const cases = [["as signed", body, true], ["as signed, not deflated", body, false]];
let seed = 7;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
for (let i = 0; i < 40; i++) {
  const b = Buffer.from(body), at = rnd(b.length);
  if (i % 4 === 0) b[at] ^= 1 << rnd(8);
  else if (i % 4 === 1) b[at] = rnd(256);
  if (i % 4 === 2) cases.push([`cut at ${at}`, b.subarray(0, at), i % 8 < 4]);
  else if (i % 4 === 3) cases.push([`byte ${rnd(256)} added`, Buffer.concat([b, Buffer.from([rnd(256)])]), i % 8 < 4]);
  else cases.push([`byte ${at} changed`, b, i % 8 < 4]);
}
const deflated = zlib.deflateRawSync(body);
const raw = [["deflate with junk after it", Buffer.concat([deflated, Buffer.from([1, 2, 3])])],
  ["deflate cut short", deflated.subarray(0, deflated.length - 3)],
  ["not deflate at all", body],
  ["deflate of 20 KiB", zlib.deflateRawSync(Buffer.concat([body, Buffer.alloc(20480)]))]];

const ff = {};
for (const sub of ["types", "codes", "wilayah"])
  for (const f of fs.readdirSync(path.join(top, "formats", sub))) ff[`${sub}/${f}`] = fs.readFileSync(path.join(top, "formats", sub, f));
const td = path.join(dir, "trust/base"), files = {};
for (const f of fs.readdirSync(td)) files[f] = fs.readFileSync(path.join(td, f), "utf8");
const trust = await trustFromFiles(files);
trust.formats = formatsFromFiles(ff);

const texts = [];
for (const [what, b, d] of cases) texts.push([what, await seal(header, d ? zlib.deflateRawSync(b) : b, d)]);
for (const [what, b] of raw) texts.push([what, await seal(header, b, true)]);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "segel-web-body-"));
const file = path.join(tmp, "seals.txt");
fs.writeFileSync(file, texts.map((t) => t[1]).join("\n") + "\n");
const c = spawnSync(path.join(bin, "segel-verify"), ["--json", "-t", td, file], { encoding: "utf8",
  env: { ...process.env, SEGEL_TODAY: "2026-11-28", SEGEL_FORMATS: path.join(top, "formats"), LC_ALL: "C.UTF-8", TZ: "UTC" } });
const cv = c.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
fs.rmSync(tmp, { recursive: true, force: true });
let bad = 0;
const kinds = {};
for (let i = 0; i < texts.length; i++) {
  const v = await verifySeal(texts[i][1], trust, Math.floor(Date.parse("2026-11-28T00:00:00Z") / 86400000));
  const want = cv[i] ? `${cv[i].verdict} ${cv[i].reason ?? cv[i].code}` : "nothing";
  const got = `${v.verdict} ${v.reason}`;
  kinds[got] = (kinds[got] ?? 0) + 1;
  if (got !== want) { bad++; console.log(`FAIL ${texts[i][0]}: page ${got}, segel-verify ${want}`); }
}
console.log(`body: ${texts.length - bad} of ${texts.length} forged bodies judged as segel-verify judges them (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ")})`);
process.exit(bad || texts.length < 40 ? 1 : 0);
