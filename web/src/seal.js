// seal.js - the segel seal read and judged in JavaScript (formats/seal.md),
// written once more from the format, for the browser (and Node for the
// conformance run, web/test/vectors.mjs).  ES module, no dependencies:
// base45, the header, a minimal DER reader for X.509, WebCrypto for
// ECDSA P-256 (raw r||s) and Ed25519.
//
// The body is read with the type files, code tables and region table the
// trust bundle carries (trust.formats, formatsFromFiles).

const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
const MAX_SEAL = 4096;

export class SealError extends Error {
  constructor(reason, msg) { super(msg); this.reason = reason; }
}
const malformed = (m) => new SealError("R-MALFORMED", m);

// RFC 9285, strict: refuses lowercase, other characters, values out of range.
export function base45Decode(s) {
  const v = [];
  for (let i = 0; i < s.length; i++) {
    const k = B45.indexOf(s[i]);
    if (k < 0) throw malformed(`character ${i + 1} is not base45`);
    v.push(k);
  }
  if (v.length % 3 === 1) throw malformed("base45 length");
  const out = [];
  for (let i = 0; i < v.length; i += 3) {
    if (i + 2 < v.length) {
      const n = v[i] + v[i + 1] * 45 + v[i + 2] * 2025;
      if (n > 0xffff) throw malformed(`base45 group at ${i + 1} out of range`);
      out.push(n >> 8, n & 0xff);
    } else {
      const n = v[i] + v[i + 1] * 45;
      if (n > 0xff) throw malformed(`base45 group at ${i + 1} out of range`);
      out.push(n);
    }
    if (out.length > MAX_SEAL) throw malformed("seal longer than 4096 bytes");
  }
  return Uint8Array.from(out);
}

class Reader {
  constructor(b, end) { this.b = b; this.p = 0; this.end = end ?? b.length; }
  u8() { if (this.p >= this.end) throw malformed("seal ends early"); return this.b[this.p++]; }
  bytes(n) {
    if (n > this.end - this.p) throw malformed("length beyond the seal");
    const r = this.b.subarray(this.p, this.p + n); this.p += n; return r;
  }
  uv() {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const c = this.u8();
      if (i > 0 && c === 0) throw malformed("non-minimal varint");
      v += (c & 0x7f) * 2 ** (7 * i);
      if (!(c & 0x80)) {
        if (v >= 2 ** 32) throw malformed("varint too large");
        return v;
      }
    }
    throw malformed("varint longer than 5 bytes");
  }
  sv() { const u = this.uv(); return (u % 2) ? -((u + 1) / 2) : u / 2; }
  str() {
    const n = this.uv(); const b = this.bytes(n);
    if (b.includes(0)) throw malformed("NUL in a string");
    try { return new TextDecoder("utf-8", { fatal: true }).decode(b); }
    catch { throw malformed("bad UTF-8"); }
  }
}

// Parses SG1:... into { signed, signature, header, bodyAt }.
export function sealParse(text) {
  if (typeof text !== "string" || !text.startsWith("SG1:"))
    throw malformed("no SG1: prefix");
  const bytes = base45Decode(text.slice(4));
  if (bytes.length < 4 + 1 + 8 + 1 + 1 + 64) throw malformed("seal too short");
  const signed = bytes.subarray(0, bytes.length - 64);
  const signature = bytes.subarray(bytes.length - 64);
  const r = new Reader(signed);
  const h = {};
  h.version = r.u8();
  if (h.version !== 1) throw malformed(`unknown version ${h.version}`);
  h.flags = r.u8();
  if (h.flags & ~0x0f) throw malformed("unknown flags");
  h.deflate = !!(h.flags & 1);
  const alg = (h.flags >> 1) & 7;
  if (alg > 1) throw malformed(`unknown algorithm ${alg}`);
  h.alg = alg === 0 ? "P-256" : "Ed25519";
  h.type = r.u8();
  h.typeVersion = r.u8();
  h.issuer = r.str();
  h.keyId = r.bytes(8);
  h.number = r.str();
  h.issued = r.sv();
  return { signed, signature, header: h, bodyAt: r.p };
}

// --- DER, just what a certificate needs -------------------------------
export function der(b, p, end) {
  if (p + 2 > end) throw new Error("DER: truncated");
  const tag = b[p]; let len = b[p + 1]; let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3 || q + n > end) throw new Error("DER: bad length");
    len = 0; for (let i = 0; i < n; i++) len = len * 256 + b[q++];
  }
  if (q + len > end) throw new Error("DER: length beyond the object");
  return { tag, start: p, body: q, end: q + len };
}
export function children(b, n) {
  const out = []; let p = n.body;
  while (p < n.end) { const c = der(b, p, n.end); out.push(c); p = c.end; }
  return out;
}
export const hex = (u) => Array.from(u, (x) => x.toString(16).padStart(2, "0")).join("");
const OID_ECDSA_SHA256 = "2a8648ce3d040302", OID_ED25519 = "2b6570";
const OID_SAN = "551d11", OID_BC = "551d13";

function derTime(b, n) {
  const s = new TextDecoder().decode(b.subarray(n.body, n.end));
  let y, rest;
  if (n.tag === 0x17) { y = +s.slice(0, 2); y += y < 50 ? 2000 : 1900; rest = s.slice(2); }
  else if (n.tag === 0x18) { y = +s.slice(0, 4); rest = s.slice(4); }
  else throw new Error("DER: bad time");
  return Date.UTC(y, +rest.slice(0, 2) - 1, +rest.slice(2, 4),
    +rest.slice(4, 6), +rest.slice(6, 8), +rest.slice(8, 10));
}

export function certParse(b) {
  try { return certParseRaw(b); }
  catch (e) { throw new SealError("E-BUNDLE", `a certificate that cannot be read: ${e.message}`); }
}
export function certParseRaw(b) {
  const top = der(b, 0, b.length);
  const [tbs, alg, sig] = children(b, top);
  const t = children(b, tbs);
  let i = t[0].tag === 0xa0 ? 1 : 0;
  const serial = hex(b.subarray(t[i].body, t[i].end)); i++;
  i++; // signature algorithm
  const issuer = t[i++], validity = t[i++], subject = t[i++], spki = t[i++];
  const [nb, na] = children(b, validity);
  const c = {
    der: b, tbs: b.subarray(tbs.start, tbs.end),
    sigAlg: hex(b.subarray(children(b, alg)[0].body, children(b, alg)[0].end)),
    sig: b.subarray(sig.body + 1, sig.end),
    issuer: hex(b.subarray(issuer.start, issuer.end)),
    subject: hex(b.subarray(subject.start, subject.end)),
    notBefore: derTime(b, nb), notAfter: derTime(b, na),
    spki: b.subarray(spki.start, spki.end),
    spkiAlg: hex((() => { const a = children(b, children(b, spki)[0])[0]; return b.subarray(a.body, a.end); })()),
    serial, ca: false, regions: [], markers: [], name: "",
  };
  for (const rdn of children(b, subject))
    for (const atv of children(b, rdn)) {
      const [o, v] = children(b, atv);
      if (hex(b.subarray(o.body, o.end)) === "550403")
        c.name = new TextDecoder().decode(b.subarray(v.body, v.end));
    }
  for (; i < t.length; i++) {
    if (t[i].tag !== 0xa3) continue;
    for (const ext of children(b, children(b, t[i])[0])) {
      const e = children(b, ext);
      const oid = hex(b.subarray(e[0].body, e[0].end));
      const val = e[e.length - 1];
      const inner = der(b, val.body, val.end);
      if (oid === "551d0e") c.ski = hex(b.subarray(inner.body, inner.end)); // subject key id
      else if (oid === OID_BC) {
        const bc = children(b, inner);
        c.ca = bc.length > 0 && bc[0].tag === 0x01 && b[bc[0].body] !== 0;
      } else if (oid === OID_SAN) {
        for (const g of children(b, inner)) {
          if (g.tag !== 0x86) continue;
          const u = new TextDecoder().decode(b.subarray(g.body, g.end));
          if (u.startsWith("urn:segel:region:")) c.regions.push(u.slice(17));
          else c.markers.push(u);
        }
      }
    }
  }
  return c;
}

export function pemObjects(text, label) {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`, "g");
  const out = [];
  for (const m of text.matchAll(re)) {
    const s = atob(m[1].replace(/\s+/g, ""));
    out.push(Uint8Array.from(s, (ch) => ch.charCodeAt(0)));
  }
  return out;
}

// --- signatures -------------------------------------------------------
const subtle = globalThis.crypto.subtle;
async function importKey(spki, alg) {
  const a = alg === "Ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" };
  return subtle.importKey("spki", spki, a, false, ["verify"]);
}
async function verifyRaw(spki, alg, sig, data) {
  try {
    const k = await importKey(spki, alg);
    const a = alg === "Ed25519" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" };
    return await subtle.verify(a, k, sig, data);
  } catch (e) {
    if (alg === "Ed25519" && /not supported|Unrecognized/i.test(String(e)))
      throw new SealError("E-ED25519-UNSUPPORTED", "this browser cannot check Ed25519");
    return false;
  }
}
// ECDSA-Sig-Value (DER) to raw r||s for P-256, or null: one SEQUENCE of
// exactly two positive minimal INTEGERs of at most 32 bytes, nothing
// after it (OpenSSL refuses a signature that is not its DER too).
export function ecdsaRaw(b) {
  let top, ints;
  try { top = der(b, 0, b.length); ints = children(b, top); } catch { return null; }
  if (top.tag !== 0x30 || top.end !== b.length || ints.length !== 2) return null;
  const out = new Uint8Array(64);
  for (let k = 0; k < 2; k++) {
    const n = ints[k];
    let v = b.subarray(n.body, n.end);
    if (n.tag !== 0x02 || v.length === 0 || v[0] & 0x80) return null;
    if (v[0] === 0 && (v.length === 1 || !(v[1] & 0x80))) return null; // not minimal (or zero)
    if (v[0] === 0) v = v.subarray(1);
    if (v.length > 32) return null;
    out.set(v, 32 * k + 32 - v.length);
  }
  return out;
}
async function signedBy(cert, by) {
  if (cert.issuer !== by.subject) return false;
  if (cert.sigAlg === OID_ECDSA_SHA256 && by.spkiAlg !== OID_ED25519) {
    const rs = ecdsaRaw(cert.sig);
    return rs ? verifyRaw(by.spki, "P-256", rs, cert.tbs) : false;
  }
  if (cert.sigAlg === OID_ED25519 && by.spkiAlg === OID_ED25519)
    return verifyRaw(by.spki, "Ed25519", cert.sig, cert.tbs);
  return false;
}

// --- trust ------------------------------------------------------------
// A trust set { roots, cas, asOf } from DER items; asOf is the newest CRL
// thisUpdate (ms), for "today is never earlier than the trust material".
async function trustFromItems(roots, cas, crls, what) {
  const t = { roots: [], cas: [], asOf: 0 };
  const certParse = (d) => {
    try { return certParseRaw(d); }
    catch (e) { throw new SealError(what.file, `a certificate that cannot be read: ${e.message}`); }
  };
  for (const d of roots) {
    const c = certParse(d);
    if (!(c.ca && c.issuer === c.subject && await signedBy(c, c)))
      throw new SealError(what.root, "a root that is no self-signed CA");
    t.roots.push(c);
  }
  for (const d of cas) {
    const c = certParse(d);
    if (c.ca && c.issuer === c.subject) throw new SealError(what.root, "a root outside the roots");
    t.cas.push(c);
  }
  for (const c of [...t.roots, ...t.cas])
    c.keyId = new Uint8Array(await subtle.digest("SHA-256", c.spki)).subarray(0, 8);
  t.crls = new Map();
  for (const d of crls) {
    let l;
    try { l = crlParse(d); }
    catch (e) { throw new SealError(what.crl, `a CRL that cannot be read: ${e.message}`); }
    if (l.refuse) throw new SealError(what.crl, `a CRL that is not complete: ${l.refuse}`);
    let by = null;
    for (const ca of [...t.roots, ...t.cas])
      if (ca.ca && await signedBy(l, ca) && (t.roots.includes(ca) || await chains(ca, t))) { by = ca; break; }
    if (!by) throw new SealError(what.crl, "a CRL signed by no CA that chains to a root");
    t.asOf = Math.max(t.asOf, l.thisUpdate);
    const k = caKey(by), old = t.crls.get(k);
    if (!old || l.number > old.number || (l.number === old.number && l.thisUpdate > old.thisUpdate))
      t.crls.set(k, l);
  }
  return t;
}

const caKey = (c) => c.subject + "/" + hex(c.spki);
const OID_CRL_NUMBER = "551d14", OID_REASON = "551d15";
const KNOWN_CRL_EXT = new Set([OID_CRL_NUMBER, "551d23" /* AKI */]);

// A CRL: issuer, thisUpdate, number, entries serial -> { day, reason };
// refuse says why it is no complete CRL (delta, scoped, unknown critical).
function crlParse(b) {
  const top = der(b, 0, b.length);
  const [tbs, alg, sig] = children(b, top);
  const t = children(b, tbs);
  let i = t[0].tag === 0x02 ? 1 : 0;
  i++; // signature algorithm
  const issuer = t[i++];
  const l = { tbs: b.subarray(tbs.start, tbs.end), sig: b.subarray(sig.body + 1, sig.end),
    sigAlg: hex((() => { const a = children(b, alg)[0]; return b.subarray(a.body, a.end); })()),
    issuer: hex(b.subarray(issuer.start, issuer.end)), thisUpdate: derTime(b, t[i++]),
    number: -1, entries: new Map(), refuse: "" };
  if (i < t.length && (t[i].tag === 0x17 || t[i].tag === 0x18)) i++;
  if (i < t.length && t[i].tag === 0x30) {
    for (const e of children(b, t[i++])) {
      const f = children(b, e);
      const ent = { day: Math.floor(derTime(b, f[1]) / DAY), reason: 0 };
      if (f[2]) for (const x of children(b, f[2])) {
        const g = children(b, x);
        const oid = hex(b.subarray(g[0].body, g[0].end));
        if (oid === OID_REASON) { const v = der(b, g[g.length - 1].body, g[g.length - 1].end); ent.reason = b[v.end - 1]; }
      }
      l.entries.set(hex(b.subarray(f[0].body, f[0].end)), ent);
    }
  }
  if (i < t.length && t[i].tag === 0xa0)
    for (const x of children(b, children(b, t[i])[0])) {
      const g = children(b, x);
      const oid = hex(b.subarray(g[0].body, g[0].end));
      const critical = g.length === 3 && g[1].tag === 0x01 && b[g[1].body] !== 0;
      if (oid === "551d1b") l.refuse = "a delta CRL";
      else if (oid === "551d1c") l.refuse = "scoped by an issuingDistributionPoint";
      else if (oid === OID_CRL_NUMBER) {
        const v = der(b, g[g.length - 1].body, g[g.length - 1].end);
        l.number = 0; for (let k = v.body; k < v.end; k++) l.number = l.number * 256 + b[k];
      } else if (critical && !KNOWN_CRL_EXT.has(oid)) l.refuse = "an unknown critical extension";
    }
  return l;
}
// keyCompromise, cACompromise, aACompromise void every seal; others from the day on.
const COMPROMISE = new Set([1, 2, 10]);
async function revokedAt(c, t, day) {
  for (const ca of [...t.roots, ...t.cas]) {
    if (ca === c || !(await signedBy(c, ca))) continue;
    const e = t.crls.get(caKey(ca))?.entries.get(c.serial);
    if (e && (COMPROMISE.has(e.reason) || day >= e.day)) return true;
  }
  return false;
}

// A trust directory given as name -> text (the rules by name, seal.md).
export async function trustFromFiles(files) {
  const roots = [], cas = [], crls = [];
  for (const [name, text] of Object.entries(files)) {
    if (name.startsWith(".")) continue;
    if (/\.crl(\.pem)?$/.test(name)) {
      if (/BEGIN CERTIFICATE/.test(text)) throw new SealError("E-TRUST-CRL", `${name}: a certificate in a CRL file`);
      crls.push(...pemObjects(text, "X509 CRL"));
    } else if (/\.(pem|crt)$/.test(name)) {
      (/^root/.test(name) ? roots : cas).push(...pemObjects(text, "CERTIFICATE"));
    }
  }
  const t = await trustFromItems(roots, cas, crls, { root: "E-TRUST-ROOT", file: "E-TRUST-FILE", crl: "E-TRUST-CRL" });
  t.warnings = [];
  for (const name of Object.keys(files).sort())
    if (!name.startsWith(".") && name.endsWith(".status")) {
      const w = await statusAdd(t, name, new TextEncoder().encode(files[name]));
      if (w) t.warnings.push(`${name} [${w}]`);
    }
  return t;
}

const b64 = (s) => {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s))
    throw new SealError("E-BUNDLE", "bad base64");
  const t = atob(s); return Uint8Array.from(t, (ch) => ch.charCodeAt(0));
};

// A trust bundle (formats/trust.md), fail-closed: its bytes -> the trust
// set, with { sequence, made, next } and status items as bytes.
export async function bundleLoad(bytes) {
  if (bytes.length > 256 * 2 ** 20) throw new SealError("E-BUNDLE", "bundle too big");
  for (const x of bytes)
    if (x !== 10 && (x < 0x20 || x > 0x7e)) throw new SealError("E-BUNDLE", "a byte outside ASCII text");
  const text = new TextDecoder().decode(bytes);
  const cut = text.lastIndexOf("\nsig ");
  if (cut < 0 || !text.endsWith("\n")) throw new SealError("E-BUNDLE", "no sig line");
  const signedBytes = bytes.subarray(0, cut + 1);
  const sig = b64(text.slice(cut + 5, -1));
  if (sig.length !== 64 || text.slice(cut + 5, -1).includes("\n")) throw new SealError("E-BUNDLE", "sig line");
  const lines = text.slice(0, cut).split("\n");
  const head = ["SEGEL-TRUST 1", "sequence ", "made ", "next ", "signer "];
  if (lines.length < 6 || lines[0] !== head[0]) throw new SealError("E-BUNDLE", "line 1: not SEGEL-TRUST 1");
  for (let i = 1; i < 5; i++)
    if (!lines[i].startsWith(head[i])) throw new SealError("E-BUNDLE", `line ${i + 1}: want ${head[i].trim()}`);
  const b = { sequence: lines[1].slice(9), made: lines[2].slice(5), next: lines[3].slice(5), status: {}, files: {} };
  if (!/^[1-9][0-9]{0,14}$/.test(b.sequence)) throw new SealError("E-BUNDLE", "line 2: sequence");
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
  if (!iso.test(b.made) || !iso.test(b.next) || !(b.next > b.made)) throw new SealError("E-BUNDLE", "lines 3-4: made, next");
  const signer = certParse(b64(lines[4].slice(7)));
  const kinds = ["root", "cert", "crl", "status", "file"], items = { root: [], cert: [], crl: [] };
  let k = 0;
  if (lines.length > 100005) throw new SealError("E-BUNDLE", "more than 100 000 items");
  for (let i = 5; i < lines.length; i++) {
    const f = lines[i].split(" ");
    const at = kinds.indexOf(f[0]);
    if (at < k) throw new SealError("E-BUNDLE", `line ${i + 1}: unknown or out of kind order`);
    k = at;
    if (at <= 2) { if (f.length !== 2) throw new SealError("E-BUNDLE", `line ${i + 1}`); items[f[0]].push(b64(f[1])); continue; }
    if (f.length !== 3 || f[1].length > 200) throw new SealError("E-BUNDLE", `line ${i + 1}`);
    const into = at === 3 ? b.status : b.files;
    if (at === 3 ? !/^[A-Za-z0-9._-]+\.status$/.test(f[1])
        : !/^(?!\.)[A-Za-z0-9._-]+(\/(?!\.)[A-Za-z0-9._-]+)*$/.test(f[1]))
      throw new SealError("E-BUNDLE", `line ${i + 1}: bad name`);
    if (f[1] in into) throw new SealError("E-BUNDLE", `line ${i + 1}: ${f[1]} twice`);
    into[f[1]] = b64(f[2]);
  }
  if (!items.root.length) throw new SealError("E-BUNDLE", "no root");
  const alg = signer.spkiAlg === OID_ED25519 ? "Ed25519" : "P-256";
  if (!(await verifyRaw(signer.spki, alg, sig, signedBytes)))
    throw new SealError("E-BUNDLE-SIGNATURE", "the bundle's signature does not verify");
  if (!signer.markers.includes("urn:segel:trust-bundle") || signer.regions.length || signer.ca)
    throw new SealError("E-BUNDLE-SIGNER", "the signer is no bundle signer");
  const t = await trustFromItems(items.root, items.cert, items.crl, { root: "E-BUNDLE-ITEM", file: "E-BUNDLE-ITEM", crl: "E-BUNDLE-ITEM" });
  const made = Date.parse(b.made);
  const why = await signerJudged(signer, t, made);
  if (why) throw new SealError("E-BUNDLE-SIGNER", `the signer ${why} of the bundle`);
  b.signer = signer; b.bytes = bytes;
  t.bundle = b;
  t.warnings = [];
  for (const name of Object.keys(b.status).sort()) {
    const w = await statusAdd(t, name, b.status[name]);
    if (w) t.warnings.push(`${name} [${w}]`);
  }
  t.asOf = Math.max(t.asOf, Math.floor(made / DAY) * DAY);
  t.formats = formatsFromFiles(b.files);
  return t;
}

// A bundle signer judged by a trust set at a time (ms): "" when it
// chains to a root, it and every CA above it valid then and none revoked
// (a compromise whenever, another reason on or before the day).
async function signerJudged(signer, t, at) {
  const path = await chains(signer, t);
  if (!path) return "does not chain to a root";
  if (![signer, ...path].every((c) => at >= c.notBefore && at <= c.notAfter)) return "is not valid at made by the roots";
  for (const x of [signer, ...path])
    if (!t.roots.includes(x) && await revokedAt(x, t, Math.floor(at / DAY)))
      return "is revoked by the CRLs";
  return "";
}

// Is the loaded bundle `next` an update of `old` (segel-trust check
// --against OLD NEW, formats/trust.md "Updates")?  "" when it is, else
// the refusal's code: its signer must chain to a root of OLD through
// OLD's certificates, valid and not revoked by OLD's CRLs when NEW was
// made (E-BUNDLE-ROOT); NEW not made before OLD and of a greater
// sequence (E-BUNDLE-SEQUENCE: a rollback, a replay, a backdated one).
export async function bundleUpdate(old, next) {
  const o = old.bundle, n = next.bundle;
  if (await signerJudged(n.signer, old, Date.parse(n.made))) return "E-BUNDLE-ROOT";
  if (Date.parse(n.made) < Date.parse(o.made)) return "E-BUNDLE-SEQUENCE";
  if (BigInt(n.sequence) <= BigInt(o.sequence)) return "E-BUNDLE-SEQUENCE";
  return "";
}

async function chains(c, t, depth = 0) {
  if (depth > 4) return null;
  for (const r of t.roots) if (await signedBy(c, r)) return [r];
  for (const ca of t.cas)
    if (ca !== c && ca.ca && await signedBy(c, ca)) {
      const up = await chains(ca, t, depth + 1);
      if (up) return [ca, ...up];
    }
  return null;
}

export function regionCovers(code, issuer) {
  return code === issuer || issuer.startsWith(code + ".");
}
// The office's UTC offset in minutes from the province (formats/seal.md step 5).
export function officeOffsetMin(issuer) {
  const p = +issuer.slice(0, 2);
  const wib = [11,12,13,14,15,16,17,18,19,21,31,32,33,34,35,36,61,62];
  const wita = [51,52,53,63,64,65,71,72,73,74,75,76];
  return wib.includes(p) ? 420 : wita.includes(p) ? 480 : 540;
}
const DAY = 86400000;

// Judges one seal text: { verdict, reason, header, signer }.
// today: days since 1970 in the office's zone, or undefined for the clock.
export async function verifySeal(text, trust, todayDays) {
  let s;
  try { s = sealParse(text); }
  catch (e) { if (e instanceof SealError) return { verdict: "INVALID", reason: e.reason, why: e.message }; throw e; }
  const h = s.header;
  const cands = [...t_all(trust)].filter((c) => hex(c.keyId) === hex(h.keyId));
  if (!cands.length) return { verdict: "INVALID", reason: "R-UNKNOWN-KEY", header: h };
  let signer = null;
  for (const c of cands)
    if (await verifyRaw(c.spki, h.alg, s.signature, s.signed)) { signer = c; break; }
  if (!signer) return { verdict: "INVALID", reason: "R-BAD-SIGNATURE", header: h };
  let today = todayDays ?? Math.floor((Date.now() + officeOffsetMin(h.issuer) * 60000) / DAY);
  if (trust.asOf) today = Math.max(today, Math.floor(trust.asOf / DAY));
  if (h.issued > today) return { verdict: "INVALID", reason: "R-FUTURE-DATE", header: h };
  const same = cands.filter((c) => hex(c.spki) === hex(signer.spki));
  const j = await judgeKey(trust, same, h.issuer, h.issued);
  if (j.reason !== "VALID") return { verdict: "INVALID", reason: j.reason, header: h };
  // the body, with the bundle's type files (step 7), and its region (step 8)
  let body;
  try { body = await sealBody(s, trust.formats ?? { types: new Map(), codes: new Map() }); }
  catch (e) { if (e instanceof SealError) return { verdict: "INVALID", reason: e.reason, why: e.message, header: h, signer: j.signer }; throw e; }
  const doc = { header: h, signer: j.signer, type: body.type, version: body.version, fields: body.fields };
  if (body.type.region) {
    const wil = body.fields[body.type.region];
    if (!wil || !regionCovers(h.issuer, wil))
      return { verdict: "INVALID", reason: "R-REGION", ...doc,
        why: wil ? `the document is for region ${wil}, outside the issuer's region ${h.issuer}` : `the seal carries no ${body.type.region}` };
  }
  const st = statusOf(trust, h.issuer, h.number);
  if (st) return { verdict: "INVALID", reason: st.kind === "revoked" ? "R-REVOKED" : "R-SUPERSEDED", ...doc, status: st };
  return { verdict: "VALID", reason: "VALID", ...doc };
}

// Is spki (DER) the key of a seal whose header is h: one of the trust's
// certificates for its key id (lib/verify.c same_key: the PDF signature's
// signer against the key the seal was judged on)?
export function sealKeyIs(trust, h, spki) {
  const want = hex(spki);
  return [...t_all(trust)].some((c) => hex(c.keyId) === hex(h.keyId) && hex(c.spki) === want);
}

// A key (its certificates) judged on a day for an issuer code (seal.md
// step 6): { reason, signer }.
async function judgeKey(trust, same, issuer, day) {
  for (const c of same)
    if (await revokedAt(c, trust, day)) return { reason: "R-CERT-REVOKED" };
  const rank = { "R-UNTRUSTED-CHAIN": 1, "R-CERT-REVOKED": 2, "R-CERT-NOT-VALID": 3, "R-REGION": 4 };
  let best = "R-UNTRUSTED-CHAIN";
  const at = day * DAY + DAY / 2; // noon UTC of the day, as lib/trust.c
  const inForce = (c) => at >= c.notBefore && at <= c.notAfter;
  for (const c of same) {
    let r;
    const path = await chains(c, trust);
    if (!path) r = "R-UNTRUSTED-CHAIN";
    else if (![c, ...path].every(inForce)) r = "R-CERT-NOT-VALID";
    else if (await (async () => { for (const x of path) if (!trust.roots.includes(x) && await revokedAt(x, trust, day)) return true; return false; })())
      r = "R-CERT-REVOKED";
    else if (!c.regions.some((g) => regionCovers(g, issuer))) r = "R-REGION";
    else return { reason: "VALID", signer: c };
    if (rank[r] > rank[best]) best = r;
  }
  return { reason: best };
}

// --- status lists (formats/status.md) ----------------------------------
const dayOf = (iso) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
  const ms = Date.parse(iso + "T00:00:00Z");
  return new Date(ms).toISOString().slice(0, 10) === iso ? ms / DAY : NaN;
};
// Reads one list into trust.status; a list whose key is revoked is left
// out (returns "W-STATUS-KEY-REVOKED"); any other failure throws.
export async function statusAdd(trust, name, bytes) {
  const bad = (m) => new SealError("E-STATUS", `${name}: ${m}`);
  if (bytes.length > 64 * 2 ** 20) throw bad("too big");
  const text = new TextDecoder().decode(bytes);
  if (!text.startsWith("SEGEL-STATUS 1\n")) throw bad("not SEGEL-STATUS 1");
  const cut = text.startsWith("sig ") ? -1 : text.indexOf("\nsig ");
  if (cut < 0 || !text.endsWith("\n")) throw bad("no sig line");
  const sigText = text.slice(cut + 5, -1);
  if (sigText.includes("\n")) throw bad("something after the sig line");
  let sig;
  try { sig = b64(sigText); } catch { throw bad("sig is no base64"); }
  if (sig.length !== 64) throw bad("sig is not 64 bytes");
  const lines = text.slice(0, cut).split("\n");
  const issuer = lines[1]?.match(/^issuer ([0-9]{2}(\.[0-9]{2,4})*)$/)?.[1];
  const kid = lines[2]?.match(/^kid ([0-9a-f]{16})$/)?.[1];
  const date = dayOf(lines[3]?.match(/^date (.*)$/)?.[1] ?? "");
  if (!issuer || !kid || isNaN(date)) throw bad("lines 2-4: issuer, kid, date");
  const cands = [...t_all(trust)].filter((c) => hex(c.keyId) === kid);
  let signer = null;
  for (const c of cands) {
    const alg = c.spkiAlg === OID_ED25519 ? "Ed25519" : "P-256";
    if (await verifyRaw(c.spki, alg, sig, bytes.subarray(0, cut + 1))) { signer = c; break; }
  }
  if (!signer) throw new SealError("E-STATUS-SIGNATURE", `${name}: no certificate with key id ${kid} verifies it`);
  const j = await judgeKey(trust, cands.filter((c) => hex(c.spki) === hex(signer.spki)), issuer, date);
  if (j.reason === "R-CERT-REVOKED") return "W-STATUS-KEY-REVOKED";
  if (j.reason !== "VALID") throw new SealError("E-STATUS-SIGNATURE", `${name}: its key is not trusted for ${issuer} on its date (${j.reason})`);
  const entries = [];
  for (let i = 4; i < lines.length; i++) {
    const f = lines[i].split(" ");
    const num = /^[^ ]{1,63}$/;
    if (f[0] === "revoked" && f.length === 3 && num.test(f[1]) && !isNaN(dayOf(f[2])))
      entries.push({ kind: "revoked", number: f[1], date: f[2] });
    else if (f[0] === "superseded" && f.length === 4 && num.test(f[1]) && num.test(f[2]) && !isNaN(dayOf(f[3])))
      entries.push({ kind: "superseded", number: f[1], newer: f[2], date: f[3] });
    else throw bad(`line ${i + 1}: no revoked or superseded entry`);
  }
  trust.status ??= new Map();
  for (const e of entries) {
    const k = issuer + " " + e.number, old = trust.status.get(k);
    e.listDate = date;
    if (!old || date > old.listDate || (date === old.listDate && e.kind === "revoked"))
      trust.status.set(k, e);
  }
  trust.asOf = Math.max(trust.asOf, date * DAY);
  return "";
}
// The entry for a seal's number from its office's list or those above;
// a revocation beats a supersession.
function statusOf(trust, issuer, number) {
  if (!trust.status) return null;
  let found = null;
  for (let code = issuer; code; code = code.includes(".") ? code.slice(0, code.lastIndexOf(".")) : "") {
    const e = trust.status.get(code + " " + number);
    if (e && (!found || (e.kind === "revoked" && found.kind !== "revoked"))) found = e;
  }
  return found;
}
function* t_all(t) { yield* t.cas; yield* t.roots; }

// --- the bundle's formats: type files, code tables, regions -------------
// The seal's body is read with the type files the bundle carries
// (formats/trust.md, "What file lines carry"), never with files of the
// page's own: the formats in the bundle are the truth.

// A minimal XML reader, enough for formats/types/*.xml: elements,
// attributes in double or single quotes, text, comments, the five named
// entities and numeric ones.  Bounded (a type file is at most 1 MiB).
function xmlParse(text) {
  if (text.length > 2 ** 20) throw new Error("type file over 1 MiB");
  const ent = (s) => s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : +e.slice(1))
      : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e]);
  const root = { name: "", attrs: {}, kids: [], text: "" };
  const stack = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m, at = 0;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== at) throw new Error(`XML: cannot read at offset ${at}`);
    at = re.lastIndex;
    const top = stack[stack.length - 1];
    if (m[6] !== undefined) { top.text += ent(m[6]); continue; }
    if (m[1] !== undefined) { top.text += m[1]; continue; }
    if (!m[3]) continue; // comment, declaration
    if (m[2]) {
      if (top.name !== m[3]) throw new Error(`XML: </${m[3]}> closes <${top.name}>`);
      stack.pop(); continue;
    }
    const el = { name: m[3], attrs: {}, kids: [], text: "" };
    for (const a of m[4].matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      el.attrs[a[1]] = ent(a[2] ?? a[3]);
    top.kids.push(el);
    if (!m[5]) { if (stack.length > 64) throw new Error("XML: too deep"); stack.push(el); }
  }
  if (at !== text.length || stack.length !== 1) throw new Error("XML: unfinished");
  return root;
}
const kid = (el, name) => el?.kids.find((k) => k.name === name);
const kidsOf = (el, name) => el ? el.kids.filter((k) => k.name === name) : [];

// "{name:fmt}" formats of a layout: a labelled value first (fields and
// table cells, as the reader compares it), then a sentence (layout.c's
// layout_field_format).
function layoutFormats(layout) {
  const fmts = new Map();
  const scan = (s) => { for (const m of s.matchAll(/\{([a-z0-9_#]+)(?::([a-z]*))?\}/g)) if (!fmts.has(m[1])) fmts.set(m[1], m[2] ?? ""); };
  const walk = (el, pass) => {
    for (const k of el.kids) {
      const cell = k.name === "fields" || k.name === "table";
      if (pass === 0 && cell)
        for (const c of k.kids) scan(c.attrs.ref !== undefined ? `{${c.attrs.ref}${c.attrs.format ? ":" + c.attrs.format : ""}}` : c.text);
      else if (pass === 1 && !cell) scan(k.text);
    }
  };
  if (layout) { walk(layout, 0); walk(layout, 1); }
  return fmts;
}

// One type file into { id, title, code, fields, members, seals, region, fmts }.
function typeParse(text, where) {
  let doc;
  try { doc = kid(xmlParse(text), "doctype"); } catch (e) { throw new SealError("E-BUNDLE", `${where}: ${e.message}`); }
  if (!doc) throw new SealError("E-BUNDLE", `${where}: no <doctype>`);
  const fields = new Map();
  const fl = kid(doc, "fields");
  const add = (f, member) => fields.set((member ? "1 " : "0 ") + f.attrs.name,
    { name: f.attrs.name, type: f.attrs.type, label: f.attrs.label ?? f.attrs.name, table: f.attrs.table, member });
  let region = null;
  for (const f of kidsOf(fl, "field")) { add(f, false); if (!region && f.attrs.type === "region") region = f.attrs.name; }
  const mem = kid(doc, "members") ?? kid(fl, "members");
  for (const f of kidsOf(mem, "field")) add(f, true);
  const t = { id: doc.attrs.id, title: kid(doc, "title")?.text.trim() ?? doc.attrs.id, code: -1,
    members: mem ? { name: mem.attrs.name, label: mem.attrs.label ?? mem.attrs.name, max: +(mem.attrs.max ?? 0) } : null,
    seals: new Map(), region, fmts: layoutFormats(kid(doc, "layout")) };
  const ref = (r, member) => {
    const f = fields.get((member ? "1 " : "0 ") + r.attrs.ref);
    if (!f) throw new SealError("E-BUNDLE", `${where}: seal field ${r.attrs.ref} is not defined`);
    return f;
  };
  for (const s of kidsOf(doc, "seal")) {
    t.code = +s.attrs.code;
    const sm = kid(s, "members");
    t.seals.set(+(s.attrs.version ?? 1), { top: kidsOf(s, "field").map((r) => ref(r, false)),
      members: sm ? kidsOf(sm, "field").map((r) => ref(r, true)) : null });
  }
  return t;
}

// A CSV line (quotes, "" for a quote) into its fields.
function csvLine(line) {
  const out = []; let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"') q = true;
    else if (c === ",") { out.push(cur); cur = ""; }
    else cur += c;
  }
  out.push(cur);
  return out;
}
const csvRows = (text) => text.replace(/\r/g, "").split("\n").slice(1).filter((l) => l).map(csvLine);

// The formats from files { path: bytes or text } (a bundle's file items
// or a formats/ folder): { types: Map(code -> type), codes, regions }.
export function formatsFromFiles(files) {
  const txt = (v) => typeof v === "string" ? v : new TextDecoder().decode(v);
  const f = { types: new Map(), codes: new Map(), regions: new Map() };
  for (const [p, v] of Object.entries(files)) {
    let m;
    if ((m = p.match(/^types\/[^/]+\.xml$/))) {
      const t = typeParse(txt(v), p);
      if (t.code >= 0) f.types.set(t.code, t);
    } else if ((m = p.match(/^codes\/([^/]+)\.csv$/))) {
      f.codes.set(m[1], new Map(csvRows(txt(v)).map((r) => [+r[0], r[1]])));
    } else if (/^wilayah\/wilayah_[0-9]+\.csv$/.test(p)) {
      for (const r of csvRows(txt(v))) if (r[0]) f.regions.set(r[0], r[1]);
    }
  }
  return f;
}

// Raw deflate (RFC 1951), at most 16 KiB out, all input one whole stream
// (lib/seal.c: Z_STREAM_END with no input left).  Some DecompressionStream
// implementations (Node 20) ignore bytes after the stream's end, so the
// input less its last byte must NOT inflate: if it does, the stream ended
// before the last byte and the rest is junk a forger added.
const MAX_BODY = 16384;
export async function inflateRaw(b) {
  const out = await inflateOnce(b);
  if (!out || (b.length > 0 && await inflateOnce(b.subarray(0, b.length - 1)))) return null;
  return out;
}
async function inflateOnce(b) {
  try { new DecompressionStream("deflate-raw"); }
  catch (e) { // Node 18 (Debian 12) has no deflate-raw: test/compat.mjs gives zlib's
    if (globalThis.segelInflateRaw) return globalThis.segelInflateRaw(b, MAX_BODY);
    throw e;
  }
  return decompress(b, "deflate-raw", MAX_BODY);
}
// b through a DecompressionStream of format, at most cap bytes out, else
// null; a damaged stream is null, or what came before the damage when
// partial (pdf.js: a PDF's streams).
export async function decompress(b, format, cap, partial = false) {
  let total = 0;
  const parts = [];
  try {
    const ds = new DecompressionStream(format);
    const w = ds.writable.getWriter();
    w.write(b).catch(() => {}); w.close().catch(() => {});
    const rd = ds.readable.getReader();
    for (;;) {
      const { done, value } = await rd.read();
      if (done) break;
      total += value.length;
      if (total > cap) { rd.cancel().catch(() => {}); return null; }
      parts.push(value);
    }
  } catch { if (!partial || !total) return null; }
  const out = new Uint8Array(total);
  let p = 0; for (const x of parts) { out.set(x, p); p += x.length; }
  return out;
}

const daysIso = (d) => {
  const t = new Date(d * DAY);
  return isNaN(t) ? null : t.toISOString().slice(0, 10);
};
function getField(r, f, codes) {
  switch (f.type) {
    case "nik": case "kk": {
      let n = 0n;
      for (let i = 0; i < 7; i++) n = (n << 8n) | BigInt(r.u8());
      if (n >= 10n ** 16n) throw malformed("a NIK or KK number over 16 digits");
      return n.toString().padStart(16, "0");
    }
    case "date": {
      const d = r.sv();
      const s = daysIso(d);
      if (!s || !/^\d{4}-/.test(s)) throw malformed("a date out of range");
      return s;
    }
    case "code": {
      const n = r.uv(), name = codes.get(f.table)?.get(n);
      if (name === undefined) throw malformed(`code ${n} is not in table ${f.table}`);
      return name;
    }
    case "integer": return String(r.sv());
    default: return r.str();
  }
}
function getGroup(r, list, codes) {
  const n = list.length, nb = Math.ceil(n / 8);
  const bits = r.bytes(nb);
  for (let i = n; i < nb * 8; i++) if (bits[i >> 3] & (1 << (i & 7))) throw malformed("an unused presence bit is set");
  const obj = {};
  for (let i = 0; i < n; i++) if (bits[i >> 3] & (1 << (i & 7))) obj[list[i].name] = getField(r, list[i], codes);
  return obj;
}

// The body's fields (formats/seal.md step 7): { type, fields } or a
// SealError R-MALFORMED.
export async function sealBody(s, formats) {
  const h = s.header;
  const t = formats.types.get(h.type), v = t?.seals.get(h.typeVersion);
  if (!v) throw malformed(`the seal is of document type ${h.type} version ${h.typeVersion}, which this verifier does not know`);
  let b = s.signed.subarray(s.bodyAt);
  if (h.deflate && !(b = await inflateRaw(b))) throw malformed("the seal's data is damaged (deflate)");
  const r = new Reader(b);
  const fields = getGroup(r, v.top, formats.codes);
  if (v.members) {
    const count = r.uv();
    if ((t.members.max && count > t.members.max) || count > b.length) throw malformed("too many members");
    fields[t.members.name] = [];
    for (let i = 0; i < count; i++) fields[t.members.name].push(getGroup(r, v.members, formats.codes));
  }
  if (r.p !== b.length) throw malformed("bytes after the seal's data");
  return { type: t, version: v, fields };
}
