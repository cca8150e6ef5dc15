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
import zlib from "node:zlib";
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

// The camera's frames: a print photographed.  A region of the page around
// its QR (or a lone code on white paper), turned 4 degrees, the light
// falling off to the edges, out of focus, grainy, through JPEG at quality
// 60, as one 1280x720 frame of a Y4M file (grey: Y from the photo, U and V
// neutral) that Chromium's fake camera plays.
function photo(print, out) {
  execFileSync("convert", [print, "-colorspace", "gray", "-background", "#b8b8b8", "-rotate", "4",
    "-gravity", "center", "-crop", "1000x562+0+0", "+repage", "-resize", "1280x720!",
    "(", "-size", "1280x720", "radial-gradient:white-gray55", ")", "-compose", "multiply", "-composite",
    "-blur", "0x1.2", "-attenuate", "0.5", "+noise", "Gaussian", "-colorspace", "gray", "-quality", "60",
    out + ".jpg"]);
  const y = execFileSync("convert", [out + ".jpg", "-depth", "8", "gray:-"], { maxBuffer: 1 << 24 });
  const uv = Buffer.alloc(640 * 360 * 2, 128);
  fs.writeFileSync(out, Buffer.concat([Buffer.from("YUV4MPEG2 W1280 H720 F10:1 Ip A1:1 C420jpeg\nFRAME\n"), y, uv]));
  return out;
}
execFileSync("pdftoppm", ["-r", "200", "-gray", "-png", "-singlefile",
  path.join(top, "formats/vectors/pdf-valid/input.pdf"), path.join(tmp, "page200")]);
// the QR sits at 154-347 x 1913-2106 on the 200 dpi page: the region
// around it, the code near the middle as a reader aims
execFileSync("convert", [path.join(tmp, "page200.png"), "-bordercolor", "white", "-border", "400",
  "-crop", "1100x620+100+2099", "+repage", path.join(tmp, "print-valid.png")]);
execFileSync("convert", [path.join(tmp, "p256-tampered.png"), "-filter", "point", "-resize", "66%", "-background", "white",
  "-gravity", "center", "-extent", "1100x620", path.join(tmp, "print-tampered.png")]);
const camValid = photo(path.join(tmp, "print-valid.png"), path.join(tmp, "valid.y4m"));
const camTampered = photo(path.join(tmp, "print-tampered.png"), path.join(tmp, "tampered.y4m"));
if (process.env.CAMERA_FRAME) fs.copyFileSync(camValid + ".jpg", process.env.CAMERA_FRAME);

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

// CPU throttling for the camera runs: 4x (a mid-range phone) unless
// SEGEL_WEB_THROTTLE says otherwise (1: this machine as it is).
const THROTTLE = +(process.env.SEGEL_WEB_THROTTLE ?? 4);
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
    // the page's own words (src/ui.js) in the browser's language, the
    // Indonesian from po/id.po
    const cam = await page.$eval("#camera", (e) => e.textContent);
    check(lang === "id" ? cam === "Buka kamera" && /^Bahan kepercayaan nomor \d+, dibuat /.test(head)
      : cam === "Open the camera" && /^Trust material number \d+, made /.test(head), `${lang}: the page's words: ${cam} / ${head}`);
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
      if (verdict === "VALID")
        check(/Cocokkan setiap isian|Compare every field/.test(r.text), `${lang}: the compare-with-the-paper instruction`);
      if (img === "page.png") // the fields as the paper prints them, from the bundle's type files
        check(/Nama Lengkap\s+\S/.test(r.text) && /Tanggal terbit\s+\d+ [A-Z][a-z]+ \d{4}/.test(r.text) &&
          /Kode Wilayah\s+[0-9.]+ \((Desa|Kelurahan) /.test(r.text), `${lang}: ${img}: the fields with labels, dates in words, region names`);
    }
    check(foreign.length === 0, `${lang}: no request off the origin${foreign.length ? ": " + foreign.join(" ") : ""}`);
    await page.close();
  }
  // The browser's own raw inflate, as the seal body needs it: a whole
  // stream only (junk after it, a cut one, over 16 KiB refused).
  {
    const page = await browser.newPage();
    await page.goto(origin + "/a/", { waitUntil: "networkidle0" });
    const d = [...zlib.deflateRawSync(Buffer.from("segel ".repeat(50)))];
    const big = [...zlib.deflateRawSync(Buffer.alloc(20000))];
    const r = await page.evaluate(async (d, big) => {
      const { inflateRaw } = await import("./seal.js");
      const n = async (a) => (await inflateRaw(Uint8Array.from(a)))?.length ?? null;
      return [await n(d), await n([...d, 1, 2, 3]), await n(d.slice(0, -2)), await n(big)];
    }, d, big);
    check(JSON.stringify(r) === "[300,null,null,null]", `the browser's inflate: whole ${r[0]}, junk after ${r[1]}, cut ${r[2]}, 20 KB ${r[3]}`);
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
  // The camera (Chromium's fake capture playing the photographed frames):
  // the document VALID with its fields, a tampered code NOT VALID with
  // its reason, the document revoked with the bundle that says so; each
  // timed on a CPU slowed 4 times (a mid-range phone).
  for (const [y4m, at, verdict, reason] of [[camValid, "/a/", "VALID", "VALID"],
    [camTampered, "/a/", "INVALID", "R-BAD-SIGNATURE"], [camValid, "/b/", "INVALID", "R-REVOKED"]]) {
    const cam = await puppeteer.launch({ executablePath: chrome, headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${y4m}`] });
    try {
      const page = await cam.newPage();
      await page.evaluateOnNewDocument(() => {
        Object.defineProperty(navigator, "languages", { get: () => ["id"] });
        Object.defineProperty(navigator, "language", { get: () => "id" });
      });
      await page.goto(origin + at, { waitUntil: "networkidle0" });
      await page.waitForFunction(() => document.body.dataset.ready);
      const cdp = await page.createCDPSession();
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
      await page.click("#camera");
      await page.waitForSelector("#result [data-ms]", { timeout: 60000 });
      const r = await page.$eval("#result [data-verdict]", (e) => ({ v: e.dataset.verdict, r: e.dataset.reason, ms: +e.dataset.ms, frames: e.dataset.frames, judge: e.dataset.judgeMs, grab: e.dataset.grabMs, decode: e.dataset.decodeMs, text: e.innerText }));
      const lines = r.text.split("\n").filter((l) => l.trim());
      check(r.v === verdict && r.r === reason, `camera ${path.basename(y4m)} at ${at}: ${r.v} ${r.r}: ${lines.slice(0, 2).join(" / ")}`);
      if (verdict === "VALID")
        check(/Nama Lengkap\s+\S/.test(r.text) && /Kode Wilayah\s+[0-9.]+ \((Desa|Kelurahan) /.test(r.text), "camera: the fields shown");
      console.log(`  timing: verdict ${r.ms} ms after the first camera frame (frame ${r.frames}: drawing ${r.grab} ms, decoding ${r.decode} ms, verifying and showing ${r.judge} ms), CPU throttled ${THROTTLE}x`);
      // The goal is under a second (issue 15); a shared, loaded machine
      // (the load average is printed) can take longer, so the test fails
      // only past 5 s unless SEGEL_WEB_STRICT_TIMING=1.
      const limit = process.env.SEGEL_WEB_STRICT_TIMING === "1" ? 1000 : 5000;
      check(r.ms < limit, `camera: the verdict in ${r.ms} ms on a 4x slower CPU (load average ${fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0]}), under ${limit} ms`);
      if (verdict === "VALID" && process.env.SCREENSHOT) {
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
        await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
        await page.screenshot({ path: process.env.SCREENSHOT, fullPage: false });
      }
    } finally { await cam.close(); }
  }

  // PDFs (formats/vectors/pdf-*): the page's QR against the metadata's
  // seal; the page itself is not compared (segel-verify's page check), so
  // the cases that only that check catches are listed, not failed.
  {
    const page = await browser.newPage();
    await page.goto(origin + "/a/", { waitUntil: "networkidle0" });
    // Exactly the unsigned forgeries only segel-verify's page check
    // catches (web/README.md, formats/vectors/README.md): each must still
    // differ (VALID with the page-not-compared note), every other case
    // must match, so a new mismatch, or one that went away, fails.
    const PAGE_ONLY = new Set(["pdf-added-page", "pdf-white-box", "pdf-ink-on-scan",
      "pdf-meta-altered", "pdf-meta-removed", "pdf-other-qr"]);
    let same = 0, all = 0;
    for (const name of fs.readdirSync(path.join(top, "formats/vectors")).filter((n) => n.startsWith("pdf-")).sort()) {
      const ef = path.join(top, "formats/vectors", name, "expected");
      if (!fs.existsSync(ef)) continue;
      const e = Object.fromEntries(fs.readFileSync(ef, "utf8").split("\n").filter((l) => l.includes("=")).map((l) => l.split("=")));
      await page.$eval("#result", (el) => el.replaceChildren());
      await (await page.$("#file")).uploadFile(path.join(top, "formats/vectors", name, e.input));
      await page.waitForFunction(() => document.querySelector("#result [data-verdict], #result p.invalid"), { timeout: 20000 });
      const r = await page.$eval("#result", (el) => { const v = el.querySelector("[data-verdict]");
        return v ? { v: v.dataset.verdict, r: v.dataset.reason, page: v.dataset.page, text: el.innerText } : { v: "UNREADABLE", r: "", text: el.innerText }; });
      all++;
      const match = r.v === e.verdict && r.r === e.reason;
      if (match) same++;
      if (PAGE_ONLY.has(name)) {
        console.log(`  ${name}: ${r.v} ${r.r}, segel-verify ${e.verdict} ${e.reason} (its page check; the page says it did not compare the page)`);
        check(!match && r.v === "VALID" && r.page === "not-compared", `pdf ${name}: listed as page-check-only, so VALID with the note (take it off the list if it matches now)`);
      }
      else check(match, `pdf ${name}: ${r.v} ${r.r}, segel-verify ${e.verdict} ${e.reason}`);
      // a VALID unsigned PDF says its page was not compared; a VALID
      // signed one says the whole file is the office's, and nothing else
      const notCompared = /tidak dibandingkan|was not compared/.test(r.text);
      const signedNote = /ditandatangani dengan kunci kantor|is signed with the same office key/.test(r.text);
      if (r.v === "VALID" && name.startsWith("pdf-signed"))
        check(signedNote && !notCompared && r.page === "signed", `  ${name}: says the whole file is the office's (no page-not-compared note)`);
      else if (r.v === "VALID")
        check(notCompared && !signedNote, `  ${name}: says the page was not compared`);
      else check(!signedNote, `  ${name}: no signed-file note on ${r.v}`);
    }
    console.log(`  pdf: ${same} of ${all} PDF cases as segel-verify`);
    await page.close();
  }

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
