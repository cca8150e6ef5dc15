// browser.mjs - the page in headless Chromium (puppeteer-core), served
// from 127.0.0.1 with testdata/pki/trust.bundle beside it: a rendered
// segel page as an image file gives VALID; a tampered seal gives NOT
// VALID with R-BAD-SIGNATURE; a seal from a stranger R-UNKNOWN-KEY; the
// words are Indonesian, English when the browser asks; no request goes
// anywhere but the page's own origin.  Skips (exit 0, says so) when
// chromium is not installed.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import os from "node:os";
import { execFileSync } from "node:child_process";
import puppeteer from "puppeteer-core";
import { makeBundles } from "./update.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const top = path.resolve(here, "../..");
const dist = path.resolve(process.argv[2] ?? path.join(top, "build/web"));
const chrome = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!fs.existsSync(chrome)) {
  const need = process.env.SEGEL_WEB_NEED_CHROMIUM === "1";
  console.log(`browser.mjs: ${need ? "FAIL" : "SKIP"}, no ${chrome}`);
  process.exit(need ? 1 : 0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "segel-web-"));
// A rendered segel page as a photo would give it: the PDF rasterised.
execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile",
  path.join(top, "formats/vectors/pdf-valid/input.pdf"), path.join(tmp, "page")]);
for (const c of ["p256-tampered", "unknown-key", "revoked"])
  execFileSync("qrencode", ["-s", "6", "-o", path.join(tmp, `${c}.png`),
    fs.readFileSync(path.join(top, `formats/vectors/${c}/seal.txt`), "utf8").trim()]);

// The bundles served: segel-trust's, from the vectors' trust sets: /a/
// the base set, /b/ the set with a status list (a revoked document).
const bin = process.env.BIN ?? path.join(top, "bin");
fs.copyFileSync(path.join(top, "testdata/pki/keys/bundle.key.pem"), path.join(tmp, "bundle.key.pem"));
fs.chmodSync(path.join(tmp, "bundle.key.pem"), 0o600);
for (const [set, at] of [["base", "a"], ["status", "b"]])
  execFileSync(path.join(bin, "segel-trust"), ["bundle", "-q", "-t", path.join(top, "formats/vectors/trust", set),
    "-k", path.join(tmp, "bundle.key.pem"), "-c", path.join(top, "testdata/pki/certs/bundle.pem"),
    "-o", path.join(tmp, `${at}.bundle`)], { env: { ...process.env, SEGEL_FORMATS: path.join(top, "formats") } });

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm" };
// /c/: the bundle served there changes (updates, a rollback, a
// stranger's: test/update.mjs makes them), and the network is cut.
makeBundles(tmp, top, path.join(bin, "segel-trust"));
let cBundle = "b1", down = false;
const served = [];
const server = http.createServer((req, res) => {
  if (down) { res.socket.destroy(); return; }
  served.push(req.url);
  const m = decodeURIComponent(new URL(req.url, "http://x").pathname).match(/^\/([abc])(\/.*)$/);
  const u = m ? m[2] : "/none";
  const f = u === "/trust.bundle" ? path.join(tmp, m[1] === "c" ? cBundle : `${m[1]}.bundle`)
    : path.join(dist, path.normalize(u === "/" ? "/index.html" : u));
  if (!f.startsWith(dist) && !f.startsWith(tmp) || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "Content-Type": TYPES[path.extname(f)] ?? "application/octet-stream" });
  fs.createReadStream(f).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

let bad = 0;
const check = (ok, what) => { console.log(`${ok ? "ok" : "FAIL"} ${what}`); if (!ok) bad++; };
const browser = await puppeteer.launch({ executablePath: chrome, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
try {
  for (const lang of ["id", "en"]) {
    const page = await browser.newPage();
    const foreign = [];
    page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url()); });
    page.on("console", (m) => { if (m.type() === "error") console.log(`  console: ${m.text()}`); });
    await page.evaluateOnNewDocument((l) => {
      Object.defineProperty(navigator, "languages", { get: () => [l] });
      Object.defineProperty(navigator, "language", { get: () => l });
    }, lang);
    await page.goto(origin + "/a/", { waitUntil: "networkidle0" });
    const head = await page.$eval("#bundle", (e) => e.textContent);
    check(/\d/.test(head) && !/tidak dapat|cannot/.test(head), `${lang}: bundle read: ${head}`);
    for (const [img, verdict, reason, word, at] of [
      ["page.png", "VALID", "VALID", lang === "id" ? "SAH" : "VALID"],
      ["p256-tampered.png", "INVALID", "R-BAD-SIGNATURE", lang === "id" ? "TIDAK SAH" : "NOT VALID"],
      ["unknown-key.png", "INVALID", "R-UNKNOWN-KEY", lang === "id" ? "TIDAK SAH" : "NOT VALID"],
      ["revoked.png", "INVALID", "R-REVOKED", lang === "id" ? "TIDAK SAH" : "NOT VALID", "/b/"],
      ["page.png", "INVALID", "R-REVOKED", lang === "id" ? "TIDAK SAH" : "NOT VALID", "/b/"]]) {
      if (at && !page.url().endsWith(at)) await page.goto(origin + at, { waitUntil: "networkidle0" });
      await page.$eval("#result", (e) => e.replaceChildren());
      const t0 = Date.now();
      await (await page.$("#file")).uploadFile(path.join(tmp, img));
      await page.waitForSelector("#result [data-verdict]", { timeout: 20000 });
      const r = await page.$eval("#result [data-verdict]", (e) => ({ v: e.dataset.verdict, r: e.dataset.reason, text: e.innerText }));
      const lines = r.text.split("\n").filter((l) => l.trim());
      check(r.v === verdict && r.r === reason && lines[0] === word,
        `${lang}: ${img}: ${r.v} ${r.r} in ${Date.now() - t0} ms: ${lines.slice(0, 2).join(" / ")}`);
      if (verdict === "VALID" && lang === "id" && process.env.SCREENSHOT) {
        await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
        await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
      }
      if (verdict === "VALID")
        check(/Cocokkan setiap isian|Compare every field/.test(r.text), `${lang}: the compare-with-the-paper instruction`);
      if (img === "page.png") // the fields as the paper prints them, from the bundle's type files
        check(/Nama Lengkap\s+\S/.test(r.text) && /Tanggal terbit\s+\d+ [A-Z][a-z]+ \d{4}/.test(r.text) &&
          /Kode Wilayah\s+[0-9.]+ \((Desa|Kelurahan) /.test(r.text), `${lang}: ${img}: the fields with labels, dates in words, region names`);
    }
    check(foreign.length === 0, `${lang}: no request off the origin${foreign.length ? ": " + foreign.join(" ") : ""}`);
    await page.close();
  }
  // A stale bundle: the clock 30 days on, past the bundle's next.
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const now = Date.now; Date.now = () => now() + 30 * 86400000;
  });
  await page.goto(origin + "/a/", { waitUntil: "networkidle0" });
  const stale = await page.$eval("#bundle", (e) => ({ cls: e.className, text: e.textContent }));
  check(stale.cls === "overdue" && /lewat waktunya|past its update/.test(stale.text), `a stale bundle is shown as such: ${stale.text}`);
  // CSP: a request to another origin is refused by the page itself
  await page.goto(origin + "/a/", { waitUntil: "networkidle0" });
  // (a fetch failing proves nothing offline: the policy must say it refused)
  const blocked = await page.evaluate(() => new Promise((ok) => {
    document.addEventListener("securitypolicyviolation", (e) => ok(e.violatedDirective));
    fetch("https://example.org/").catch(() => {});
    setTimeout(() => ok(""), 3000);
  }));
  check(blocked.startsWith("connect-src"), `the Content-Security-Policy refuses another origin (${blocked || "nothing refused"})`);
  // The service worker and bundle updates, then the network cut.
  {
    const page = await browser.newPage();
    const seq = async (want, what) => {
      await page.goto(origin + "/c/", { waitUntil: "networkidle0" });
      await page.waitForFunction(() => document.getElementById("bundle").textContent !== "");
      const b = await page.$eval("#bundle", (e) => ({ seq: e.dataset.sequence, text: e.textContent }));
      check(b.seq === want, `${what}: bundle ${b.seq}, want ${want}: ${b.text}`);
      return b.text;
    };
    await seq("1", "first load takes the origin's bundle");
    await page.evaluate(() => navigator.serviceWorker.ready);
    cBundle = "b2"; await seq("2", "a newer bundle (sequence 2) is taken");
    cBundle = "b1"; let t = await seq("2", "a rollback to sequence 1 is refused");
    check(/E-BUNDLE-SEQUENCE/.test(t), "  ... saying E-BUNDLE-SEQUENCE");
    cBundle = "back"; t = await seq("2", "a backdated bundle (sequence 5, made earlier) is refused");
    check(/E-BUNDLE-SEQUENCE/.test(t), "  ... saying E-BUNDLE-SEQUENCE");
    cBundle = "sb"; t = await seq("2", "a stranger's bundle (its own root, sequence 9) is refused");
    check(/E-BUNDLE-ROOT/.test(t), "  ... saying E-BUNDLE-ROOT");
    // the network cut: the browser offline and the server answering nothing
    cBundle = "b2";
    await page.setOfflineMode(true); down = true;
    const before = served.length;
    t = await seq("2", "offline after the first load: the page from the service worker, the kept bundle");
    await (await page.$("#file")).uploadFile(path.join(tmp, "page.png"));
    await page.waitForSelector("#result [data-verdict]", { timeout: 20000 });
    const r = await page.$eval("#result [data-verdict]", (e) => e.dataset.verdict);
    check(r === "VALID" && served.length === before, `offline: a page photo gives ${r}, ${served.length - before} requests reached the server`);
    await page.setOfflineMode(false); down = false;
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
const size = fs.readdirSync(dist, { recursive: true }).map((f) => path.join(dist, f))
  .filter((f) => fs.statSync(f).isFile()).reduce((a, f) => a + fs.statSync(f).size, 0);
check(size < 2 * 2 ** 20, `the page is ${size} bytes, under 2 MB`);
process.exit(bad ? 1 : 0);
