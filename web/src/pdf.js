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
import { decompress, der, children, hex, certParseRaw, ecdsaRaw } from "./seal.js";

const SEAL_RE = /SG1:[0-9A-Z $%*+\-./:]+/g;
const MAX_INFLATED = 64 * 2 ** 20;

const inflate = (b, cap) => decompress(b, "deflate", cap, true);
const latin1 = (b) => { let s = ""; for (let i = 0; i < b.length; i += 65536) s += String.fromCharCode.apply(null, b.subarray(i, i + 65536)); return s; };

// The file's streams, inflated where Flate: [{ dict, data }].
async function streams(bytes, text) {
  const out = []; let budget = MAX_INFLATED;
  // "stream" that is no "endstream" (the end of one stream is followed
  // by the next object's, not by data)
  const re = /(?<!end)stream\r?\n/g; let m;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    re.lastIndex = end + 9;
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

// Does a content stream draw text invisibly: text render mode 3 (neither
// fill nor stroke) or 7 (clip only), an operand then "Tr" inside BT..ET?
const INVISIBLE_RE = /(?:^|[\s\]>)])[37]\s+Tr(?=[\s/\[<(]|$)/;
const hasText = (st) => /(?:^|\s)BT\s/.test(st) && /\sET(?:\s|$)/.test(st);

// { meta: [seal texts], page: [QR texts drawn], scan: [QR texts of its
// JPEG images, when no code is drawn], raster: bool (images and no drawn
// code), invisible: bool (a content stream draws text invisibly) }.
// read(ImageData) -> [texts]: the decoder.
export async function pdfSeals(bytes, read) {
  const text = latin1(bytes);
  if (!text.startsWith("%PDF-")) throw new Error("not a PDF file");
  if (/\/Encrypt\b/.test(text)) throw new Error("an encrypted PDF");
  const meta = new Set();
  metaSeals(text, meta);
  const page = [];
  let images = false, invisible = false;
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
    if (!/\/Length[123]\b|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType|XML)/.test(s.dict) && hasText(st) && INVISIBLE_RE.test(st))
      invisible = true; // (a font program is no content stream)
    for (const g of rectGroups(st)) {
      const img = rectsImage(g);
      if (img) page.push(...(await read(img)));
    }
  }
  // no code drawn: a scan saved as PDF goes the photo route (its JPEGs read)
  const scan = [];
  if (!page.length)
    for (const j of scans) scan.push(...(await read(new Blob([j], { type: "image/jpeg" }))));
  return { meta: [...meta], page, scan, raster: images && !page.length, invisible };
}

// --- the PDF's own signature (lib/pdfsign_read.c, line for line) -------
// { state: "none" | "valid" | "broken", why, spki (the signer's key, DER,
// when valid) }.  The same rules as segel-verify: one "/ByteRange" in the
// file's bytes, [0 b c d] with b the "<" of the hex string right after
// "/Contents", c just after its ">", c + d the file's length; the
// string's DER a CMS SignedData, detached, one signer whose certificate
// is in it, the message digest the hash of the two ranges, the signature
// (ECDSA P-256) over the signed attributes.  Whose key it is, is the
// caller's question (sealKeyIs).  Bounded: the hex string at most 65535
// bytes of DER (PDF/A-1's string limit), every offset checked.
const CONTENTS_MAX = 65535;
const OID = {
  signedData: "2a864886f70d010702", data: "2a864886f70d010701", messageDigest: "2a864886f70d010904",
  ecPublicKey: "2a8648ce3d0201", p256: "2a8648ce3d030107",
  sha256: "608648016503040201", sha384: "608648016503040202", sha512: "608648016503040203",
  ecdsaSha256: "2a8648ce3d040302", ecdsaSha384: "2a8648ce3d040303", ecdsaSha512: "2a8648ce3d040304",
};
const HASH = { [OID.sha256]: "SHA-256", [OID.sha384]: "SHA-384", [OID.sha512]: "SHA-512" };
const ECDSA = new Set([OID.ecPublicKey, OID.ecdsaSha256, OID.ecdsaSha384, OID.ecdsaSha512]);

function countOf(text, what) {
  let n = 0;
  for (let i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length)) n++;
  return n;
}
const isWs = (c) => c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\f" || c === "\0";

// The four numbers of "[a b c d]" from `at` (lib/pdfsign.c's pdf_lex and
// pdf_uint: comments skipped, each an unsigned integer of at most 12
// digits), or null.
function byteRange(text, at) {
  let i = at;
  const skip = () => {
    for (;;) {
      while (i < text.length && isWs(text[i])) i++;
      if (text[i] !== "%") return;
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    }
  };
  skip();
  if (text[i++] !== "[") return null;
  const v = [];
  for (let k = 0; k < 4; k++) {
    skip();
    const m = /^[0-9+\-.][0-9.]*/.exec(text.slice(i, i + 40));
    if (!m || !/^[0-9]{1,12}$/.test(m[0])) return null;
    v.push(Number(m[0])); i += m[0].length;
  }
  skip();
  return text[i] === "]" ? v : null;
}

// The DER node at p of b, the tag checked, or a throw.
function node(b, p, end, tag) {
  const n = der(b, p, end);
  if (tag !== undefined && n.tag !== tag) throw new Error("DER: unexpected tag");
  return n;
}
const oidOf = (b, n) => { if (n.tag !== 0x06) throw new Error("DER: not an OID"); return hex(b.subarray(n.body, n.end)); };
const algOf = (b, n) => oidOf(b, children(b, node(b, n.start, n.end, 0x30))[0]);

// The CMS: { signer cert, hash, signedAttrs (DER as a SET) | null,
// digest (the message-digest attribute) | null, sig } or null when it is
// not a detached SignedData by one signer whose certificate it carries.
function cmsRead(der8) {
  const b = der8;
  const ci = node(b, 0, b.length, 0x30);
  const [ct, exp] = children(b, ci);
  if (oidOf(b, ct) !== OID.signedData || !exp || exp.tag !== 0xa0) return null;
  const sd = children(b, node(b, exp.body, exp.end, 0x30));
  let i = 1; // version
  i++; // digestAlgorithms
  const enc = children(b, node(b, sd[i].start, sd[i].end, 0x30)); i++;
  if (enc.length !== 1) return null; // content present: not detached
  const certs = [];
  if (sd[i]?.tag === 0xa0) { for (const c of children(b, sd[i])) if (c.tag === 0x30) certs.push(certParseRaw(b.subarray(c.start, c.end))); i++; }
  if (sd[i]?.tag === 0xa1) i++; // crls
  const sis = children(b, node(b, sd[i].start, sd[i].end, 0x31));
  if (sis.length !== 1) return null;
  const si = children(b, node(b, sis[0].start, sis[0].end, 0x30));
  let j = 1;
  const sid = si[j++];
  let cert = null;
  if (sid.tag === 0x30) {
    const [iss, ser] = children(b, sid);
    const issuer = hex(b.subarray(iss.start, iss.end)), serial = hex(b.subarray(ser.body, ser.end));
    cert = certs.find((c) => c.issuer === issuer && c.serial === serial) ?? null;
  } else if (sid.tag === 0x80) {
    const ski = hex(b.subarray(sid.body, sid.end));
    cert = certs.find((c) => c.ski === ski) ?? null;
  }
  if (!cert) return null;
  const hash = HASH[algOf(b, si[j++])];
  let attrs = null, digest = null;
  if (si[j]?.tag === 0xa0) {
    const a = si[j++];
    attrs = new Uint8Array(b.subarray(a.start, a.end)); attrs[0] = 0x31; // signed as a SET
    for (const at of children(b, a)) {
      const [o, vals] = children(b, node(b, at.start, at.end, 0x30));
      if (oidOf(b, o) !== OID.messageDigest) continue;
      const vs = children(b, node(b, vals.start, vals.end, 0x31));
      if (digest || vs.length !== 1 || vs[0].tag !== 0x04) return null;
      digest = b.subarray(vs[0].body, vs[0].end);
    }
    if (!digest) return null;
  }
  const salg = algOf(b, si[j++]);
  const sig = node(b, si[j].start, si[j].end, 0x04);
  return { cert, hash, sigAlg: salg, attrs, digest, sig: b.subarray(sig.body, sig.end) };
}

const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function pdfSignature(bytes, text = latin1(bytes)) {
  const broken = (why) => ({ state: "broken", why });
  const n = countOf(text, "/ByteRange");
  if (n === 0)
    return text.includes("/ETSI.CAdES.detached") || text.includes("/adbe.pkcs7.detached")
      ? broken("a signature dictionary without a byte range") : { state: "none" };
  if (n > 1) return broken("the file has more than one PDF signature");
  const v = byteRange(text, text.indexOf("/ByteRange") + 10);
  if (!v) return broken("the signature's byte range cannot be read");
  const len = bytes.length;
  if (v[0] !== 0 || v[1] === 0 || v[1] >= len || v[2] <= v[1] + 1 || v[2] > len || v[3] !== len - v[2])
    return broken("the signature's byte range does not cover the whole file");
  const outside = "the signature's byte range leaves out more than its /Contents";
  if (text[v[1]] !== "<" || text[v[2] - 1] !== ">") return broken(outside);
  let k = v[1];
  while (k > 0 && " \t\r\n".includes(text[k - 1])) k--;
  if (k < 9 || text.slice(k - 9, k) !== "/Contents") return broken(outside);
  const hexlen = v[2] - v[1] - 2;
  if (hexlen % 2 !== 0 || hexlen / 2 > CONTENTS_MAX || hexlen === 0)
    return broken("the signature's /Contents is not a signature");
  const hs = text.slice(v[1] + 1, v[2] - 1);
  if (!/^[0-9A-Fa-f]*$/.test(hs)) return broken(outside);
  const d = new Uint8Array(hexlen / 2);
  for (let i = 0; i < d.length; i++) d[i] = parseInt(hs.substr(2 * i, 2), 16);
  let cms = null;
  try { cms = cmsRead(d); } catch { cms = null; }
  if (!cms) return broken("the signature's /Contents is not a detached CMS signature by one signer");
  const mismatch = broken("the PDF signature does not match the file's bytes");
  const c = cms.cert;
  if (!cms.hash || !ECDSA.has(cms.sigAlg) || c.spkiAlg !== OID.ecPublicKey) return mismatch;
  const rs = ecdsaRaw(cms.sig);
  if (!rs) return mismatch;
  const subtle = globalThis.crypto.subtle;
  const data = new Uint8Array(v[1] + v[3]);
  data.set(bytes.subarray(0, v[1]), 0);
  data.set(bytes.subarray(v[2], v[2] + v[3]), v[1]);
  try {
    if (cms.attrs) {
      const md = new Uint8Array(await subtle.digest(cms.hash, data));
      if (!eq(md, cms.digest)) return mismatch;
    }
    const key = await subtle.importKey("spki", c.spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    if (!(await subtle.verify({ name: "ECDSA", hash: cms.hash }, key, rs, cms.attrs ?? data))) return mismatch;
  } catch { return mismatch; }
  return { state: "valid", spki: c.spki };
}
