// bundle.mjs - the JS bundle reader against formats/trust-vectors/ and
// testdata/pki/trust.bundle: the good ones load, a changed byte and an
// office-signed bundle are refused, and a seal judged with a bundle gets
// the verdict it gets with the directory.
import "./compat.mjs";
import fs from "node:fs";
import { bundleLoad, verifySeal } from "../src/seal.js";

const top = process.argv[2] ?? "..";
let bad = 0;
async function expect(file, code) {
  let got = "OK";
  try { await bundleLoad(new Uint8Array(fs.readFileSync(file))); }
  catch (e) { got = e.reason ?? String(e); }
  console.log(`${got === code ? "ok" : "FAIL"} ${file}: ${got}${got === code ? "" : ", want " + code}`);
  if (got !== code) bad++;
}
await expect(`${top}/formats/trust-vectors/valid.bundle`, "OK");
await expect(`${top}/formats/trust-vectors/changed.bundle`, "E-BUNDLE-SIGNATURE");
await expect(`${top}/formats/trust-vectors/office-signed.bundle`, "E-BUNDLE-SIGNER");
await expect(`${top}/testdata/pki/trust.bundle`, "OK");
// one byte changed before the sig line: a digit of the made time
const b = new Uint8Array(fs.readFileSync(`${top}/testdata/pki/trust.bundle`));
const at = Buffer.from(b).indexOf("\nmade ") + 17;
b[at] = b[at] === 0x31 ? 0x32 : 0x31;
const flip = `${process.env.TMPDIR ?? "/tmp"}/segel-web-flip-${process.pid}.bundle`;
fs.writeFileSync(flip, b);
await expect(flip, "E-BUNDLE-SIGNATURE");
fs.unlinkSync(flip);
const t = await bundleLoad(new Uint8Array(fs.readFileSync(`${top}/testdata/pki/trust.bundle`)));
for (const [c, want] of [["p256-valid", "VALID"], ["p256-tampered", "R-BAD-SIGNATURE"], ["p256-stranger", "R-UNKNOWN-KEY"], ["cert-revoked", "R-CERT-REVOKED"]]) {
  const r = await verifySeal(fs.readFileSync(`${top}/formats/vectors/${c}/seal.txt`, "utf8").trim(), t, 20785);
  console.log(`${r.reason === want ? "ok" : "FAIL"} ${c} with the bundle: ${r.reason}`);
  if (r.reason !== want) bad++;
}
process.exit(bad ? 1 : 0);
