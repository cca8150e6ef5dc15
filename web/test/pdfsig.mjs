// pdfsig.mjs - the PDF's own signature (web/src/pdf.js pdfSignature, the
// key compared with the seal's by seal.js sealKeyIs) against
// segel-verify's "pdf_signature" (lib/pdfsign_read.c, lib/verify.c
// check_signature): every pdf-* case of formats/vectors/, then forgeries
// of pdf-signed made here (bytes changed in either signed range and in
// the CMS, an update appended, byte ranges that skip or overrun, a second
// /ByteRange, a cut file, the /Contents string damaged), each judged by
// both (hostile.mjs damages it at random).  Then the page's structural
// check of unsigned PDFs (text drawn invisibly) on genuine PDFs of every
// type: never tripped.  BIN: segel-verify's folder.
import "./compat.mjs";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { trustFromFiles, sealParse, sealKeyIs } from "../src/seal.js";
import { pdfSignature, pdfSeals } from "../src/pdf.js";

globalThis.ImageData ??= class { constructor(w, h) { this.width = w; this.height = h; this.data = new Uint8ClampedArray(w * h * 4); } };
const root = path.resolve(process.argv[2] ?? "..");
const bin = path.resolve(root, process.env.BIN ?? "bin");
const vec = path.join(root, "formats/vectors");
const td = path.join(vec, "trust/base");
const files = {};
for (const f of fs.readdirSync(td)) files[f] = fs.readFileSync(path.join(td, f), "utf8");
const trust = await trustFromFiles(files);
const tmp = fs.mkdtempSync("/tmp/segel-pdfsig-");

// The page's word for a PDF: none, valid (by the key of the seal in its
// metadata) or invalid.
async function jsWord(bytes, seal) {
  const r = await pdfSignature(bytes);
  if (r.state === "none") return "none";
  if (r.state === "broken") return "invalid";
  return sealKeyIs(trust, sealParse(seal).header, r.spki) ? "valid" : "invalid";
}
function cWord(file) {
  let out = "";
  try {
    out = execFileSync(path.join(bin, "segel-verify"), ["-q", "-t", td, "--json", file],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, SEGEL_TODAY: "2026-11-28" } });
  } catch (e) { out = e.stdout ?? ""; }
  const w = [...new Set(out.split("\n").filter(Boolean).map((l) => JSON.parse(l).pdf_signature ?? "-"))];
  return w.join(",");
}
let bad = 0, n = 0;
const cmp = async (what, bytes, seal, cfile) => {
  n++;
  const js = await jsWord(bytes, seal), c = cWord(cfile);
  if (js === c) console.log(`ok ${what}: ${js}`);
  else { bad++; console.log(`FAIL ${what}: the page says ${js}, segel-verify ${c}`); }
};

const genuine = new Uint8Array(fs.readFileSync(path.join(vec, "pdf-signed/input.pdf")));
const seal = (await pdfSeals(genuine, async () => [])).meta[0];
for (const name of fs.readdirSync(vec).filter((d) => d.startsWith("pdf-")).sort()) {
  const f = path.join(vec, name, "input.pdf");
  const b = new Uint8Array(fs.readFileSync(f));
  const s = (await pdfSeals(b, async () => [])).meta[0] ?? seal;
  // a file whose metadata and page differ is R-TAMPERED before its
  // signature is asked (lib/verify.c): no pdf_signature to compare
  if (name === "pdf-tampered") continue;
  await cmp(name, b, s, f);
}

// Forgeries of pdf-signed's own bytes.
const text = Buffer.from(genuine).toString("latin1");
const m = /\/ByteRange \[ *(\d+) +(\d+) +(\d+) +(\d+) *\]/.exec(text);
const [b1, c1] = [+m[2], +m[3]];
const at = (s) => text.indexOf(s);
const flip = (i) => { const x = Uint8Array.from(genuine); x[i] ^= 1; return x; };
const cat = (...p) => Buffer.concat(p.map((x) => Buffer.from(x)));
const range = (a, b, c, d) => { const x = Buffer.from(genuine); const s = `/ByteRange [ ${a} ${b} ${c} ${d} ]`.padEnd(m[0].length); x.write(s, m.index, "latin1"); return x; };
const hexAt = (k) => { const x = Uint8Array.from(genuine); x[b1 + 1 + k] = x[b1 + 1 + k] === 0x30 ? 0x31 : 0x30; return x; };
const forged = {
  "byte-first-range": flip(at("/Producer") + 12),
  "byte-second-range": flip(genuine.length - 3),
  "cms-certificate-byte": hexAt(400),
  "cms-signature-byte": hexAt(2 * (4 + parseInt(text.slice(b1 + 5, b1 + 9), 16) - 10)),
  "cms-padding-byte": hexAt(c1 - b1 - 4),
  "appended-update": cat(genuine, "\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
  "range-skips": range(0, b1 - 40, c1, genuine.length - c1),
  "range-overruns": range(0, b1, c1, genuine.length - c1 + 5),
  "range-not-zero": range(1, b1, c1, genuine.length - c1),
  "range-letters": range(0, b1, c1, "x"),
  "second-byterange": cat(genuine, "%/ByteRange [ 0 1 2 3 ]\n"),
  "cut": genuine.subarray(0, genuine.length - 10),
  "contents-not-hex": (() => { const x = Uint8Array.from(genuine); x[b1 + 3] = 0x47; return x; })(),
  "contents-odd": range(0, b1, c1 - 1, genuine.length - c1 + 1),
};
for (const [name, bytes] of Object.entries(forged)) {
  const f = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(f, bytes);
  await cmp(name, new Uint8Array(bytes), seal, f);
}

// The structural check (pdf.js: text drawn invisibly) never trips on a
// genuine segel PDF: every type of testdata/render/largest.jsonl rendered
// unsigned and signed, the combined book, each also rewritten by qpdf,
// and the seal-v1 PDFs; it does trip on the invisible-text forgeries.
execFileSync("sh", ["-c", `set -e
  W=${tmp}/gen; mkdir -p $W/pdf $W/plain
  cp testdata/pki/keys/issuer-7501.key.pem $W/k.pem; chmod 600 $W/k.pem
  printf 'office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo\nregion = 75.01\nofficial = Drs. MUHTAR NUNA, M.Si\nnip = 196805121994031007\nkey = %s\ncert = %s\nledger = %s\n' $W/k.pem $PWD/testdata/pki/certs/issuer-7501.pem $W/ledger >$W/p.conf
  ${bin}/segel-sign -q -p $W/p.conf --date 2026-11-23 testdata/render/largest.jsonl >$W/signed.jsonl
  ${bin}/segel-render -q -p $W/p.conf -o $W/pdf --combined $W/pdf/book.pdf $W/signed.jsonl >/dev/null
  ${bin}/segel-render -q -p $W/p.conf --no-pdf-signature -o $W/plain --combined $W/plain/book.pdf $W/signed.jsonl >/dev/null
  for f in $W/pdf/*.pdf $W/plain/*.pdf; do qpdf --object-streams=generate --compress-streams=y --recompress-flate $f $f.qpdf.pdf || [ $? = 3 ]; done`],
{ cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, SEGEL_FORMATS: path.join(root, "formats"), LC_ALL: "C.UTF-8", TZ: "UTC" } });
const genuinePdfs = [...["pdf", "plain"].flatMap((d) => fs.readdirSync(path.join(tmp, "gen", d)).map((f) => path.join(tmp, "gen", d, f))),
  ...fs.readdirSync(path.join(root, "testdata/render/seal-v1")).filter((f) => f.endsWith(".pdf")).map((f) => path.join(root, "testdata/render/seal-v1", f)),
  ...["pdf-genuine", "pdf-no-metadata", "pdf-valid", "pdf-seal-v1", "pdf-signed", "pdf-scan"].map((c) => path.join(vec, c, "input.pdf"))];
const read1 = async () => ["x"];
let gen = 0;
for (const f of genuinePdfs) {
  const r = await pdfSeals(new Uint8Array(fs.readFileSync(f)), read1);
  gen++;
  if (r.invisible || (!r.raster && !r.page.length)) { bad++; console.log(`FAIL genuine ${path.basename(f)}: invisible text ${r.invisible}, QR drawn ${r.page.length}`); }
}
for (const c of ["pdf-invisible-text", "pdf-signed-invisible-text"]) {
  const r = await pdfSeals(new Uint8Array(fs.readFileSync(path.join(vec, c, "input.pdf"))), read1);
  if (!r.invisible) { bad++; console.log(`FAIL ${c}: its invisible text not seen`); }
}
console.log(`ok ${gen} genuine PDFs (every type, signed and not, books, qpdf rewrites, seal-v1): no invisible text`);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`pdfsig: ${n} PDFs, ${bad} differ from segel-verify`);
process.exit(bad ? 1 : 0);
