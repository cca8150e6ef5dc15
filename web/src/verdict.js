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
