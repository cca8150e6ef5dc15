// hostile.mjs - changed seals and bundles (a seeded run) must give a
// SealError with a reason, never another exception or a hang.
import "./compat.mjs";
import fs from "node:fs";
import { sealParse, bundleLoad, verifySeal, SealError } from "../src/seal.js";

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
console.log(`hostile: ${n} changed inputs, ${other} not refused cleanly`);
process.exit(other ? 1 : 0);
