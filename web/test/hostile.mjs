// hostile.mjs - changed seals and bundles (a seeded run) must give a
// SealError with a reason, never another exception or a hang.
import "./compat.mjs";
import fs from "node:fs";
import { sealParse, bundleLoad, verifySeal, SealError } from "../src/seal.js";
import { pdfSignature } from "../src/pdf.js";

const top = process.argv[2] ?? "..";
let x = 12345;
const rnd = (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
let other = 0, n = 0;
const good = fs.readFileSync(`${top}/testdata/pki/trust.bundle`);
const trust = await bundleLoad(new Uint8Array(good));
for (let i = 0; i < 200; i++, n++) {
  const b = Buffer.from(good);
  for (let k = 0; k < 1 + rnd(4); k++) b[rnd(b.length)] = 0x20 + rnd(96);
  try { await bundleLoad(new Uint8Array(i % 10 ? b : b.subarray(0, rnd(b.length)))); }
  catch (e) { if (!(e instanceof SealError)) { other++; console.log(`bundle ${i}: ${e}`); } }
}
for (const c of ["p256-valid", "kk-valid", "ed25519-valid"]) {
  const s = fs.readFileSync(`${top}/formats/vectors/${c}/seal.txt`, "utf8").trim();
  for (let i = 0; i < 1000; i++, n++) {
    const a = s.split("");
    for (let k = 0; k < 1 + rnd(3); k++) a[4 + rnd(a.length - 4)] = B45[rnd(45)];
    const t = a.join("").slice(0, i % 7 ? a.length : 4 + rnd(a.length));
    try { sealParse(t); if (i % 50 === 0) await verifySeal(t, trust, 20785); }
    catch (e) { if (!(e instanceof SealError)) { other++; console.log(`${c} ${i}: ${e}`); } }
  }
}
// A signed PDF (formats/vectors/pdf-signed) damaged at random, mostly in
// its signature's dictionary and /Contents: pdfSignature gives a state,
// never an exception.
{
  const genuine = new Uint8Array(fs.readFileSync(`${top}/formats/vectors/pdf-signed/input.pdf`));
  const m = /\/ByteRange \[ *(\d+) +(\d+) +(\d+)/.exec(Buffer.from(genuine).toString("latin1"));
  const b1 = +m[2], c1 = +m[3];
  for (let i = 0; i < 600; i++) {
    const d = Uint8Array.from(genuine);
    // mostly inside the /Contents string and the signature's dictionary
    for (let k = 0; k < 1 + rnd(4); k++) {
      const p = i % 3 ? b1 + rnd(Math.min(c1 - b1 + 200, d.length - b1)) : rnd(d.length);
      d[p] = i % 2 ? "0123456789abcdefABCDEF"[rnd(22)].charCodeAt(0) : rnd(256);
    }
    try { const r = await pdfSignature(i % 11 ? d : d.subarray(0, rnd(d.length))); if (!["none", "valid", "broken"].includes(r.state)) throw new Error(r.state); }
    catch (e) { other++; console.log(`mutation ${i}: ${e}`); }
  }
  n += 600;
}
console.log(`hostile: ${n} changed inputs, ${other} not refused cleanly`);
process.exit(other ? 1 : 0);
