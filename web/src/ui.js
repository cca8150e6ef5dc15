// ui.js - the page's own words (not in the C library's catalogue), in
// English; their Indonesian is in po/id.po with every other sentence of
// segel (`make po` takes them from here: xgettext, keyword N_), and
// build.mjs puts it into id.json with the verdicts' (it stops when one has
// none).  "%s" is filled in order by app.js's ui().
const N_ = (s) => s;
export const UI = {
  camera: N_("Open the camera"),
  file: N_("or choose a photo:"),
  nobundle: N_("The trust material (trust.bundle) cannot be read; nothing can be checked."),
  bundle: N_("Trust material number %s, made %s (%s days ago)."),
  bundle1: N_("Trust material number %s, made %s (%s day ago)."),
  offline: N_("Offline: the kept trust material is used."),
  updated: N_("Updated from number %s."),
  refused: N_("A new trust material from the server was refused [%s]; the kept one is used."),
  pdfnote: N_("This PDF's page was not compared with its seal (segel-verify does that): compare every field below with what the PDF shows."),
  pdfsigned: N_("This PDF is signed with the same office key as its seal, over the whole file: it is the file the office made, unchanged."),
  pdfscan: N_("This PDF's page is a scanned image: choose a photo or an image of the page."),
  pdfbad: N_("This PDF file cannot be read"),
  overdue: N_("It is past its update time (%s)."),
  nocode: N_("No segel QR code could be read."),
  number: N_("Number"),
  issued: N_("Issue date"),
  issuer: N_("Issuer code"),
  type: N_("Type code"),
};
