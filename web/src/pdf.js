// pdf.js - the seals of a segel PDF without a PDF library (pdf.js the
// library is several MB against the page's 2 MB): the seal text in the
// metadata (the XMP and the document information's Keywords, read from
// the file's bytes and its Flate streams), and the QR on the page, which
// segel-render draws as filled rectangles ("x y w h re" ... "f") in the
// page's content stream: those rectangles are drawn again into an image,
// module by module, and read with the same decoder as a photo.
//
// What this cannot do is segel-verify's page check (formats/seal.md, "The
// page check"): laying the seal's record out again and comparing pixels
// needs segel-render's layout, fonts and a rasteriser.  The page says so.
import { decompress } from "./seal.js";

const SEAL_RE = /SG1:[0-9A-Z $%*+\-./:]+/g;
const MAX_INFLATED = 64 * 2 ** 20;

const inflate = (b, cap) => decompress(b, "deflate", cap, true);
const latin1 = (b) => { let s = ""; for (let i = 0; i < b.length; i += 65536) s += String.fromCharCode.apply(null, b.subarray(i, i + 65536)); return s; };

// The file's streams, inflated where Flate: [{ dict, data }].
async function streams(bytes, text) {
  const out = []; let budget = MAX_INFLATED;
  const re = /stream\r?\n/g; let m;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    const dictAt = text.lastIndexOf("<<", m.index);
    const dict = dictAt >= 0 ? text.slice(dictAt, m.index) : "";
    let data = bytes.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) {
      data = await inflate(data, budget);
      if (!data) continue;
      budget -= data.length;
    } else if (/\/Filter\s*\/DCTDecode/.test(dict)) {
      // a JPEG image as it stands (a scan saved as PDF)
    } else if (/\/Filter/.test(dict)) continue;
    out.push({ dict, data });
    re.lastIndex = end;
  }
  return out;
}

// The filled rectangles of a content stream, by fill: [[x, y, w, h], ...].
function rectGroups(s) {
  const groups = []; let cur = [], nums = [];
  for (const t of s.match(/-?\d*\.?\d+|[A-Za-z*'"]+|\S/g) ?? []) {
    if (/^-?\d*\.?\d+$/.test(t)) { nums.push(+t); if (nums.length > 6) nums.shift(); continue; }
    if (t === "re" && nums.length >= 4) cur.push(nums.slice(-4));
    else if (/^(f\*?|F|B\*?)$/.test(t)) { if (cur.length) groups.push(cur); cur = []; }
    else if (t === "n" || t === "S") cur = [];
    nums = [];
  }
  return groups;
}

// A group of rectangles that is a QR code drawn into an ImageData (4
// pixels a module, 4 modules of quiet zone), or null.
function rectsImage(g) {
  if (g.length < 40) return null;
  const m = Math.min(...g.map((r) => Math.min(Math.abs(r[2]), Math.abs(r[3]))));
  if (!(m > 0)) return null;
  const x0 = Math.min(...g.map((r) => Math.min(r[0], r[0] + r[2])));
  const y1 = Math.max(...g.map((r) => Math.max(r[1], r[1] + r[3])));
  const y0 = Math.min(...g.map((r) => Math.min(r[1], r[1] + r[3])));
  const n = Math.round((y1 - y0) / m);
  if (n < 21 || n > 177) return null;
  const px = 4, q = 4, side = (n + 2 * q) * px;
  const img = new ImageData(side, side);
  img.data.fill(255);
  for (const [x, y, w, h] of g) {
    const cx = Math.round((Math.min(x, x + w) - x0) / m), cy = Math.round((y1 - Math.max(y, y + h)) / m);
    const cw = Math.round(Math.abs(w) / m), ch = Math.round(Math.abs(h) / m);
    for (let yy = (cy + q) * px; yy < (cy + ch + q) * px && yy < side; yy++)
      for (let xx = (cx + q) * px; xx < (cx + cw + q) * px && xx < side; xx++) {
        const i = (yy * side + xx) * 4; img.data[i] = img.data[i + 1] = img.data[i + 2] = 0;
      }
  }
  return img;
}

// The seals in the metadata of some PDF text into the set: the XMP's
// pdf:Keywords, and the document information's /Keywords string (a
// literal string, its escapes undone, or a hex string).
function metaSeals(text, set) {
  for (const m of text.matchAll(/<pdf:Keywords>([^<]*)<\/pdf:Keywords>/g))
    for (const x of m[1].match(SEAL_RE) ?? []) set.add(x);
  for (const m of text.matchAll(/\/Keywords\s*(?:\(((?:\\[\s\S]|[^\\)])*)\)|<([0-9A-Fa-f\s]*)>)/g)) {
    const v = m[1] !== undefined
      ? m[1].replace(/\\(?:([0-7]{1,3})|\r?\n|([\s\S]))/g, (_, o, c) => o ? String.fromCharCode(parseInt(o, 8) & 255)
        : c === undefined ? "" : ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" })[c] ?? c)
      : m[2].replace(/\s/g, "").replace(/(..)/g, (h) => String.fromCharCode(parseInt(h, 16)));
    for (const x of v.match(SEAL_RE) ?? []) set.add(x);
  }
}

// { meta: [seal texts], page: [QR texts drawn], scan: [QR texts of its
// JPEG images, when no code is drawn], raster: bool (images and no drawn
// code) }.  read(ImageData) -> [texts]: the decoder.
export async function pdfSeals(bytes, read) {
  const text = latin1(bytes);
  if (!text.startsWith("%PDF-")) throw new Error("not a PDF file");
  if (/\/Encrypt\b/.test(text)) throw new Error("an encrypted PDF");
  const meta = new Set();
  metaSeals(text, meta);
  const page = [];
  let images = false;
  const scans = [];
  for (const s of await streams(bytes, text)) {
    if (/\/Subtype\s*\/Image/.test(s.dict)) {
      images = true;
      if (/\/DCTDecode/.test(s.dict)) scans.push(s.data);
      continue;
    }
    const st = latin1(s.data);
    if (/\/Type\s*\/Metadata/.test(s.dict) || /\/Type\s*\/ObjStm/.test(s.dict)) {
      metaSeals(st, meta);
      continue;
    }
    for (const g of rectGroups(st)) {
      const img = rectsImage(g);
      if (img) page.push(...(await read(img)));
    }
  }
  // no code drawn: a scan saved as PDF goes the photo route (its JPEGs read)
  const scan = [];
  if (!page.length)
    for (const j of scans) scan.push(...(await read(new Blob([j], { type: "image/jpeg" }))));
  return { meta: [...meta], page, scan, raster: images && !page.length };
}
