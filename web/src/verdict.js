// verdict.js - the verdict in words, as lib/verdict_text.c says it
// (formats/verdict.md).  The English sentences are the C msgids, word for
// word; `make web` (build.mjs) takes their Indonesian from po/id.po and
// stops when one is missing there, so the page cannot drift from the
// catalogue unnoticed.
export const REASONS = {
  "R-BAD-SIGNATURE": ["the data in this QR code was changed after it was signed, or someone other than the office made it",
    "Do not accept the document."],
  "R-UNKNOWN-KEY": ["it was not signed by any office this verifier knows",
    "Either the trust material of this verifier is out of date, or the document is forged: update the trust material and check again; until then, do not accept the document."],
  "R-UNTRUSTED-CHAIN": ["the office that signed it is not recognised by the authority this verifier trusts",
    "Do not accept the document; the issuing office can tell whether it is genuine."],
  "R-CERT-NOT-VALID": ["the signing office's key was not in force on the issue date the document gives",
    "Do not accept the document; the issuing office can tell whether it is genuine."],
  "R-CERT-REVOKED": ["the signing office's key was withdrawn, so what it signed on that date no longer counts",
    "Do not accept the document; the holder can ask the issuing office for a new one."],
  "R-REGION": ["it was signed by an office that may not issue documents for the region it names",
    "Do not accept the document."],
  "R-REVOKED": ["the issuing office cancelled this document on %s",
    "It no longer counts: do not accept it; the holder can ask the issuing office why."],
  "R-SUPERSEDED": ["the issuing office replaced this document with a newer one, number %s, on %s",
    "Ask for the newer document and check that one instead."],
  "R-FUTURE-DATE": ["it says it was issued on %s, which is after today",
    "Do not accept the document.  If the paper gives the same date, check the date of this computer."],
  "R-TAMPERED": ["this PDF file was changed after the office made it",
    "Do not accept this file; ask for the original from the holder or the issuing office."],
  "R-MALFORMED": ["this QR code is not a segel seal, or it is too damaged to read",
    "A QR code that is not a segel seal cannot show that a document is genuine.  If the QR code on the paper is damaged, scan it again at 200 dpi or more."],
  "": ["this verifier could not judge it",
    "Do not accept the document; tell whoever runs this verifier."],
};
export const SENTENCES = [
  "VALID", "NOT VALID",
  "issued by %s (%s) on %s, unchanged since it was signed",
  "Compare every field below with the paper: a genuine QR code can be stuck onto a false page.  Accept the document only if they are all the same.",
  "What the QR code says, for reference only (it does not make the document valid):",
  ...Object.values(REASONS).flat(),
];

// tr: msgid -> the reader's language (the catalogue build.mjs wrote, or
// the identity for English).  Returns { word, head, todo, compare }.
export function verdictWords(v, tr, dateIso) {
  const f = (s, ...a) => { let i = 0; return tr(s).replace(/%s/g, () => a[i++]); };
  const h = v.header;
  if (v.verdict === "VALID")
    return {
      word: tr("VALID"), valid: true,
      head: `(${v.reason}): ` + f("issued by %s (%s) on %s, unchanged since it was signed", v.signer.name, h.issuer, dateIso(h.issued)),
      todo: "",
      compare: tr("Compare every field below with the paper: a genuine QR code can be stuck onto a false page.  Accept the document only if they are all the same."),
    };
  const r = REASONS[v.reason] ?? REASONS[""];
  return {
    word: tr("NOT VALID"), valid: false,
    head: `(${v.reason}): ` + (v.reason === "R-FUTURE-DATE" ? f(r[0], dateIso(h.issued))
      : v.reason === "R-REVOKED" ? f(r[0], v.status.date)
      : v.reason === "R-SUPERSEDED" ? f(r[0], v.status.newer, v.status.date) : tr(r[0])),
    todo: tr(r[1]),
    compare: h ? tr("What the QR code says, for reference only (it does not make the document valid):") : "",
  };
}

// ---- the fields, as the paper prints them (verdict_text.c put_document)
const ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
  "September", "Oktober", "November", "Desember"];
function hundreds(n, out) {
  const h = Math.floor(n / 100), t = n % 100;
  if (h === 1) out.push("seratus"); else if (h > 1) out.push(ONES[h], "ratus");
  if (t === 0) return;
  if (t < 10) out.push(ONES[t]);
  else if (t === 10) out.push("sepuluh");
  else if (t === 11) out.push("sebelas");
  else if (t < 20) out.push(ONES[t % 10], "belas");
  else { out.push(ONES[Math.floor(t / 10)], "puluh"); if (t % 10) out.push(ONES[t % 10]); }
}
// words.c words_number: 2026 -> "dua ribu dua puluh enam".
export function wordsNumber(n) {
  if (!(n >= 0 && n < 1e12)) return null;
  const out = [];
  if (n === 0) out.push(ONES[0]);
  const scale = [[1e9, "miliar"], [1e6, "juta"], [1e3, "ribu"], [1, ""]];
  scale.forEach(([d, w], i) => {
    const part = i === 0 ? Math.floor(n / d) : Math.floor(n / d) % 1000;
    if (!part) return;
    if (i === 2 && part === 1) { out.push("seribu"); return; }
    hundreds(part, out); if (w) out.push(w);
  });
  return out.join(" ");
}
const ymd = (iso) => iso.split("-").map(Number);
export const dateShort = (iso) => { const [y, m, d] = ymd(iso); return `${d} ${MONTHS[m - 1]} ${y}`; };
export const dateWords = (iso) => { const [y, m, d] = ymd(iso); return `${wordsNumber(d)} ${MONTHS[m - 1]} ${wordsNumber(y)}`; };

// layout.c layout_value_format: a value as the layout prints it.
function valueFormat(type, v, fmt) {
  if (!v) return "";
  if (type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (fmt === "words") return dateWords(v);
    if (fmt === "date") return dateShort(v);
    const [y, m, d] = ymd(v);
    return `${String(d).padStart(2, "0")}-${String(m).padStart(2, "0")}-${String(y).padStart(4, "0")}`;
  }
  if (fmt === "words" && type === "integer" && /^[0-9]+$/.test(v)) return wordsNumber(+v) ?? v;
  return fmt === "upper" ? v.toUpperCase() : v;
}
// "53.14.03.1001" -> "Kelurahan …, Kecamatan …, Kabupaten …, Provinsi …"
// from the bundle's region table (verdict_text.c region_names).
function regionNames(regions, code) {
  const out = [];
  for (let c = code; c && regions?.has(c); c = c.includes(".") ? c.slice(0, c.lastIndexOf(".")) : "") {
    const level = c.split(".").length;
    const kind = level === 4 ? (c.slice(c.lastIndexOf(".") + 1)[0] === "1" ? "Kelurahan " : "Desa ")
      : level === 3 ? "Kecamatan " : level === 1 ? "Provinsi " : "";
    out.push(kind + regions.get(c));
  }
  return out.join(", ");
}
// The rows of a verdict's document: [label, value, depth] (depth 1 for a
// member's fields, a member's heading at depth 0 with an empty value).
export function documentRows(v, formats) {
  const t = v.type, h = v.header, rows = [];
  rows.push(["Dokumen", t.title, 0], ["Nomor", h.number, 0],
    ["Tanggal terbit", dateShort(new Date(h.issued * 86400000).toISOString().slice(0, 10)), 0],
    ["Penerbit", `${v.signer?.name ?? ""} (${h.issuer})`, 0]);
  const group = (list, obj, depth) => {
    for (const f of list) {
      const s = obj[f.name];
      if (s === undefined) continue;
      const val = valueFormat(f.type, s, t.fmts.get(f.name) ?? "");
      const names = f.type === "region" ? regionNames(formats?.regions, s) : "";
      rows.push([f.label, (val || "-") + (names ? ` (${names})` : ""), depth]);
    }
  };
  group(v.version.top, v.fields, 0);
  if (v.version.members)
    (v.fields[t.members.name] ?? []).forEach((m, i) => {
      rows.push([`${t.members.label} ${i + 1}`, "", 0]);
      group(v.version.members, m, 1);
    });
  return rows;
}
