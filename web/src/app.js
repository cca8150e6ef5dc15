// app.js - the page: the trust bundle from the page's own folder, a QR
// code from the camera or an image file (zxing-wasm's reader, its wasm
// served beside this file), the seal judged by seal.js, the verdict in
// words by verdict.js.  No request leaves the page's origin (and the
// Content-Security-Policy in index.html forbids any other).
import { prepareZXingModule, readBarcodes } from "./zxing/reader/index.js";
import { bundleLoad, bundleUpdate, verifySeal, sealKeyIs, SealError } from "./seal.js";
import { verdictWords, documentRows } from "./verdict.js";
import { pdfSeals, pdfSignature } from "./pdf.js";
import { UI } from "./ui.js";

const zxingReady = prepareZXingModule({
  overrides: { locateFile: (p, prefix) => p.endsWith(".wasm") ? new URL("zxing/zxing_reader.wasm", import.meta.url).href : prefix + p },
  fireImmediately: true, // compiled while the page loads, not at the first frame
});

// Indonesian unless the browser asks for English first.
const english = /^en\b/i.test((navigator.languages ?? [navigator.language])[0] ?? "");
let catalogue = {};
const tr = (s) => (english ? s : catalogue[s] ?? s);
const ui = (k, ...a) => { let i = 0; return tr(UI[k]).replace(/%s/g, () => a[i++]); };
const $ = (id) => document.getElementById(id);
const iso = (days) => new Date(days * 86400000).toISOString().slice(0, 10);

let trust = null;
async function start() {
  if (!english) catalogue = await (await fetch("id.json")).json();
  document.documentElement.lang = english ? "en" : "id";
  $("camera").textContent = ui("camera");
  $("filelabel").firstElementChild.textContent = ui("file");
  await bundleStart();
  await zxingReady;
  // one read of a blank image: the decoder's first call warmed up before
  // the camera's first frame
  await readBarcodes(new ImageData(64, 64), FAST);
  document.body.dataset.ready = "1";
  if ("serviceWorker" in navigator)
    navigator.serviceWorker.register("sw.js").catch((e) => console.log(`no service worker: ${e}`));
}

// The bundle: the one accepted before (kept in Cache Storage, so the page
// judges offline), then, when the network answers, the one beside the
// page, taken only as an update of the kept one (bundleUpdate: a newer
// sequence, not backdated, its signer chaining to a root of the kept
// bundle).  The first bundle is taken as the page's origin serves it.
const KEEP = "segel-bundle", KEY = "trust.bundle";
async function bundleStart() {
  let keep = null, note = "";
  try { keep = await caches.open(KEEP); } catch { /* no Cache Storage: no offline bundle */ }
  const kept = keep && await keep.match(KEY);
  if (kept) {
    try { trust = await bundleLoad(new Uint8Array(await kept.arrayBuffer())); }
    catch { trust = null; }
  }
  let bytes = null;
  try {
    const r = await fetch(KEY, { cache: "no-cache" });
    if (r.ok) bytes = new Uint8Array(await r.arrayBuffer());
  } catch { note = ui("offline"); }
  if (bytes && !(trust && same(bytes, trust.bundle.bytes))) {
    try {
      const next = await bundleLoad(bytes);
      const why = trust ? await bundleUpdate(trust, next) : "";
      if (why) note = ui("refused", why);
      else {
        if (trust) note = ui("updated", trust.bundle.sequence);
        trust = next;
        if (keep) await keep.put(KEY, new Response(bytes));
      }
    } catch (e) {
      if (!trust) { showNoBundle(e); return; }
      note = ui("refused", e instanceof SealError ? e.reason : "E-BUNDLE");
    }
  }
  if (!trust) { showNoBundle(null); return; }
  const b = trust.bundle;
  const age = Math.floor((Date.now() - Date.parse(b.made)) / 86400000);
  const over = Date.now() > Date.parse(b.next);
  $("bundle").textContent = ui(age === 1 ? "bundle1" : "bundle", b.sequence, b.made.slice(0, 10), age) +
    (over ? " " + ui("overdue", b.next.slice(0, 10)) : "") + (note ? " " + note : "");
  $("bundle").dataset.sequence = b.sequence;
  if (over) $("bundle").className = "overdue";
}
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function showNoBundle(e) {
  $("bundle").textContent = ui("nobundle") + (e instanceof SealError ? ` [${e.reason}]` : "");
  $("bundle").className = "overdue";
}

function say(text, cls = "invalid") {
  const p = document.createElement("p");
  p.className = cls; p.textContent = text;
  $("result").append(p);
}
// pdf: a PDF's own signature (pdfSignature) or null for a photo;
// tampered: the PDF's seals differ between its page and its metadata;
// hidden: its page draws text invisibly (a VALID seal R-TAMPERED).
// As segel-verify (lib/verify.c check_signature): a PDF signature that
// does not hold, or one by another key than a VALID seal's, makes that
// seal R-TAMPERED; a valid one by the seal's key proves the whole file
// (no page to compare); none leaves the page uncompared, and the page
// says so.
async function judge(texts, { pdf = null, tampered = false, hidden = false } = {}) {
  const out = $("result");
  out.replaceChildren();
  const seals = texts.filter((t) => t.startsWith("SG1:"));
  if (!seals.length && !tampered) {
    // codes, none a seal: R-MALFORMED (segel-verify's "a look-alike")
    if (texts.length) seals.push(texts[0]);
    else { say(ui("nocode")); return false; }
  }
  const vs = [];
  for (const t of tampered ? [""] : seals) {
    let v = tampered ? { verdict: "INVALID", reason: "R-TAMPERED" }
      : trust ? await verifySeal(t, trust) : { verdict: "INVALID", reason: "" };
    if (pdf && v.verdict === "VALID" && (hidden || pdf.state === "broken" ||
        (pdf.state === "valid" && !sealKeyIs(trust, v.header, pdf.spki))))
      v = { verdict: "INVALID", reason: "R-TAMPERED", header: v.header };
    vs.push(v);
  }
  if (pdf && !tampered) {
    if (pdf.state === "none" && !vs.every((v) => v.reason === "R-TAMPERED")) say(ui("pdfnote"), "note");
    else if (pdf.state === "valid" && vs.some((v) => v.verdict === "VALID")) say(ui("pdfsigned"), "note");
  }
  for (const v of vs) {
    const w = verdictWords(v, tr, iso);
    const s = document.createElement("div");
    s.className = w.valid ? "valid" : "invalid";
    s.dataset.verdict = v.verdict; s.dataset.reason = v.reason;
    const add = (tag, text, cls) => { const e = document.createElement(tag); e.textContent = text; if (cls) e.className = cls; s.append(e); return e; };
    add("p", w.word, "word"); add("p", w.head);
    if (w.todo) add("p", w.todo);
    if (w.compare && v.fields) {
      // the fields as the paper prints them (segel-verify's lines)
      add("p", w.compare, "compare");
      const dl = add("dl", "");
      for (const [k, val, depth] of documentRows(v, trust.formats)) {
        const dt = document.createElement("dt"); dt.textContent = k;
        const dd = document.createElement("dd"); dd.textContent = val;
        if (depth) { dt.className = dd.className = "member"; }
        if (!val) dt.className = "group";
        dl.append(dt, dd);
      }
    } else if (w.compare && v.header) {
      add("p", w.compare, "compare");
      const dl = add("dl", "");
      for (const [k, val] of [["number", v.header.number], ["issued", iso(v.header.issued)],
                              ["issuer", v.header.issuer], ["type", String(v.header.type)]]) {
        const dt = document.createElement("dt"); dt.textContent = ui(k);
        const dd = document.createElement("dd"); dd.textContent = val;
        dl.append(dt, dd);
      }
    }
    out.append(s);
  }
  return true;
}

const OPTS = { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 4 };
$("file").addEventListener("change", async (ev) => {
  const f = ev.target.files[0];
  if (!f) return;
  const head = new Uint8Array(await f.slice(0, 5).arrayBuffer());
  if (String.fromCharCode(...head) !== "%PDF-") {
    await judge((await readBarcodes(f, OPTS)).map((r) => r.text));
    return;
  }
  // A PDF: the QR drawn on its page against the seal in its metadata
  // (formats/seal.md: differing, the file is R-TAMPERED), then its own
  // signature (pdfSignature); an unsigned page is not compared with its
  // seal (segel-verify's page check), and the page says so.
  let s, sig;
  try {
    const bytes = new Uint8Array(await f.arrayBuffer());
    s = await pdfSeals(bytes, async (img) => (await readBarcodes(img, OPTS)).map((r) => r.text));
    sig = await pdfSignature(bytes);
  } catch (e) { $("result").replaceChildren(); say(`${ui("pdfbad")}: ${e.message}`); return; }
  const pageSeals = s.page.filter((t) => t.startsWith("SG1:"));
  if (!s.page.length && s.raster) {
    // a scan saved as PDF: judged as a photo, the reader compares the paper
    if (s.scan.length) await judge(s.scan, { pdf: sig });
    else { $("result").replaceChildren(); say(ui("pdfscan")); }
    for (const e of $("result").querySelectorAll("[data-verdict]")) e.dataset.page = sig.state === "valid" ? "signed" : "not-compared";
    return;
  }
  const differ = pageSeals.length && s.meta.length &&
    (pageSeals.some((t) => !s.meta.includes(t)) || s.meta.some((t) => !pageSeals.includes(t)));
  const texts = s.page.length ? s.page : s.meta;
  // Text drawn invisible (render mode 3 or 7) on a born-digital page:
  // segel-render never draws any (lib/render_layout.c: modes 0 and 2), so
  // an unsigned file that has it was changed after it was made (the
  // forger's "signed name kept invisible, another drawn").  A signed file
  // is judged by its signature.
  const hidden = !differ && sig.state === "none" && s.page.length > 0 && s.invisible;
  await judge(texts, { pdf: sig, tampered: !!differ, hidden });
  for (const e of $("result").querySelectorAll("[data-verdict]")) e.dataset.page = sig.state === "valid" ? "signed" : "not-compared";
});

// The camera: each frame is tried first as its centre (where the reader
// points the phone) at most 800 pixels wide, quickly; then, every third
// frame, whole at most 1280 wide with ZXing's harder search.  The verdict
// carries how long it took from the first frame (data-ms): the code is in
// view from then on.
const FAST = { formats: ["QRCode"], tryHarder: false, tryRotate: false, tryInvert: false, tryDownscale: false, maxNumberOfSymbols: 1 };
function grab(video, canvas, ctx, frac, maxW) {
  const vw = video.videoWidth, vh = video.videoHeight;
  const sw = Math.round(vw * frac), sh = Math.round(vh * frac);
  const k = Math.min(1, maxW / sw);
  canvas.width = Math.round(sw * k); canvas.height = Math.round(sh * k);
  ctx.drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}
$("camera").addEventListener("click", async () => {
  const video = $("video");
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: { ideal: 1280 } } });
  video.srcObject = stream; video.hidden = false; await video.play();
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  let t0 = 0;
  for (let n = 0; ; n++) {
    if (video.videoWidth) {
      t0 ||= performance.now();
      const ta = performance.now(), img = grab(video, canvas, ctx, 0.6, 800), tb = performance.now();
      let r = await readBarcodes(img, FAST);
      const tc = performance.now();
      if (!r.some((x) => x.text.startsWith("SG1:")) && n % 3 === 2)
        r = await readBarcodes(grab(video, canvas, ctx, 1, 1280), OPTS);
      const texts = r.map((x) => x.text).filter((t) => t.startsWith("SG1:"));
      if (texts.length) {
        const t1 = performance.now();
        await judge(texts);
        const ms = Math.round(performance.now() - t0);
        for (const e of $("result").querySelectorAll("[data-verdict]")) {
          e.dataset.ms = ms; e.dataset.frames = n + 1;
          e.dataset.judgeMs = Math.round(performance.now() - t1);
          e.dataset.grabMs = Math.round(tb - ta); e.dataset.decodeMs = Math.round(tc - tb);
        }
        break;
      }
    }
    await new Promise((ok) => setTimeout(ok, 30));
  }
  stream.getTracks().forEach((t) => t.stop()); video.hidden = true;
});

start();
