// build.mjs - `make web`: the page into DIST (argument), nothing fetched
// at run time: the page, its modules, zxing-wasm's reader and its wasm,
// and the Indonesian sentences taken from po/id.po (the verdicts' and the
// page's own, src/ui.js).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SENTENCES } from "./src/verdict.js";
import { UI } from "./src/ui.js";

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(process.argv[2] ?? path.join(here, "dist"));
const po = fs.readFileSync(path.join(here, "../po/id.po"), "utf8");

// The PO file's msgid/msgstr pairs (continuation lines joined).
function poRead(text) {
  const m = new Map(); let id = null, cur = null, key = null;
  const un = (s) => s.slice(1, -1).replace(/\\(.)/g, (_, c) => ({ n: "\n", t: "\t" })[c] ?? c);
  for (const line of text.split("\n")) {
    let x;
    if ((x = line.match(/^msgid (".*")$/))) { if (key === "str" && id) m.set(id, cur); id = un(x[1]); key = "id"; }
    else if ((x = line.match(/^msgstr (".*")$/))) { key = "str"; cur = un(x[1]); }
    else if ((x = line.match(/^(".*")$/))) { if (key === "id") id += un(x[1]); else if (key === "str") cur += un(x[1]); }
    else if (!line.trim()) { if (key === "str" && id) m.set(id, cur); key = null; }
  }
  if (key === "str" && id) m.set(id, cur);
  return m;
}
const cat = poRead(po), id = {};
for (const s of [...SENTENCES, ...Object.values(UI)]) {
  const t = cat.get(s);
  if (!t) { console.error(`build.mjs: "${s}" has no Indonesian in po/id.po`); process.exit(1); }
  id[s] = t;
}
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, "zxing/reader"), { recursive: true });
const z = path.join(here, "node_modules/zxing-wasm/dist");
const copy = (from, to) => fs.copyFileSync(from, path.join(dist, to));
copy(path.join(z, "es/share.js"), "zxing/share.js");
copy(path.join(z, "es/reader/index.js"), "zxing/reader/index.js");
copy(path.join(z, "reader/zxing_reader.wasm"), "zxing/zxing_reader.wasm");
for (const f of ["index.html", "style.css"]) copy(path.join(here, f), f);
for (const f of ["seal.js", "verdict.js", "pdf.js", "ui.js", "app.js"]) copy(path.join(here, "src", f), f);
fs.writeFileSync(path.join(dist, "id.json"), JSON.stringify(id));
// The service worker: every file of the page (not the bundle), and a
// version that changes when any of them does.
const files = fs.readdirSync(dist, { recursive: true }).map(String)
  .filter((f) => fs.statSync(path.join(dist, f)).isFile()).sort();
const h = crypto.createHash("sha256");
for (const f of files) h.update(f + "\0").update(fs.readFileSync(path.join(dist, f)));
fs.writeFileSync(path.join(dist, "sw.js"), fs.readFileSync(path.join(here, "src/sw.js"), "utf8")
  .replace("@VERSION@", h.digest("hex").slice(0, 16)).replace("@FILES@", JSON.stringify(files)));
let total = 0;
for (const f of fs.readdirSync(dist, { recursive: true }))
  if (fs.statSync(path.join(dist, f)).isFile()) total += fs.statSync(path.join(dist, f)).size;
console.log(`web: ${dist}, ${total} bytes`);
