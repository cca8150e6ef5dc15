/*
 * render.h - signed records to printable PDF/A-1b documents.
 *
 * A renderer holds what every document of a batch shares: the document
 * types with their parsed layouts, the code tables, the fonts, the sRGB
 * output intent and the issuer profile.  render_pdf() lays one record out
 * from its type's <layout> (layout.h) into a PDF in memory: office
 * header, title and number, the fields with their Indonesian labels,
 * dates in words where the layout says so, the member table (continued on
 * further pages when it is long), the signing official and NIP with the
 * statement that the document was signed electronically, and the seal as
 * a vector QR code.  The title, document number and seal text also go in
 * the PDF's metadata (Info and XMP: Title, Subject = number, Keywords =
 * seal), so a born-digital PDF can be checked without rasterising it.
 *
 * The printer's book is made from the records' PDFs (book.h) in the
 * shell render_book_shell() gives.
 *
 * Ownership: render_new() copies the options' strings; the doctype_set,
 * codetab_set and profile passed in are borrowed and must outlive the
 * renderer.  PDF buffers returned are the caller's (free()).  A renderer
 * is not thread-safe: use one per process or thread.
 */
#ifndef SEGEL_RENDER_H
#define SEGEL_RENDER_H

#include <stddef.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "codetab.h"
#include "doctype.h"
#include "err.h"
#include "profile.h"

typedef struct render_opts {
	const char *font;      /* regular TTF; NULL: formats/fonts/ */
	const char *font_bold; /* bold TTF; NULL: the regular one, stroked */
	const char *icc;       /* sRGB profile; NULL: formats/icc/sRGB.icc */
	const char *paper;     /* "a4" or "f4" for every A4 layout; NULL */
	const profile *prof;   /* office, official, nip, logo; may be NULL */
	int compress;          /* deflate content streams and fonts */
} render_opts;

typedef struct render render;

/*
 * Parse the layout of every type in types.  fdir is the formats directory
 * (for the default fonts and profile); NULL means formats_dir().
 * E-LAYOUT (naming the type file and line), E-RENDER-FONT, E-SYSTEM.
 */
render *render_new(const doctype_set *types, const codetab_set *codes,
    const char *fdir, const render_opts *o, sg_err *err);
void render_free(render *r);

/*
 * One record to one PDF: *pdf (malloc'd, *len bytes), *pages.  Errors,
 * with err->where the field path when one is to blame:
 *   E-RENDER-TYPE     no "type", or a type not loaded
 *   E-RENDER-SEAL     no "seal" string, or it does not fit a QR code
 *                     of version 40 (the layout's limit)
 *   E-RENDER-ISSUE    no "issue" section with a number
 *   E-RENDER-FIELD    "fields" missing or not an object
 *   E-RENDER-PDF      libharu failed (its error number in the message)
 */
int render_pdf(render *r, const json_t *rec, unsigned char **pdf,
    size_t *len, int *pages, sg_err *err);
/*
 * The SHA-256 (64 lowercase hex digits and a NUL) of the PDF the last
 * successful render_pdf() returned, had from the same pass that made its
 * /ID: the PDF is hashed once.
 */
void render_pdf_sha256(const render *r, char hex[65]);
/*
 * The same pass's SHA-256 state after the last byte of that PDF (not
 * finalised), for pdfsign_append(), which goes on from it over the
 * update it appends; NULL if there is none.
 */
const EVP_MD_CTX *render_pdf_sha256_state(const render *r);

/*
 * What the page shows comes from the record's seal (decoded, not
 * verified: that is segel-verify's job): its fields, number and issue
 * date.  A record whose fields, type or issue.number differ from its
 * seal's is refused:
 *   E-RENDER-MISMATCH  err->where "fields" (the message names the first
 *                      field that differs), "type" or "issue.number"
 *   E-RENDER-SEAL      the seal text cannot be decoded
 */

/*
 * The page check (lib/pagecheck.h) draws a page again from a seal:
 * render_pdf_check() is render_pdf() that also returns the boxes (mm
 * from the page's top-left corner, page from 1) drawn from what the seal
 * does not hold: the office name in the header and the signature, the
 * official and NIP, the logo, and fields an older seal version left out.
 * With logo_aspect > 0 the header keeps room for a logo of that width
 * over height without drawing one; no_logo ignores the profile's logo.
 * *boxes is malloc'd, the caller's.
 */
typedef struct render_box {
	int page;
	double x, y, w, h;
} render_box;

typedef struct render_check {
	double logo_aspect;
	int no_logo;
} render_check;

int render_pdf_check(render *r, const json_t *rec, const render_check *chk,
    unsigned char **pdf, size_t *len, int *pages, render_box **boxes,
    size_t *nbox, sg_err *err);

/*
 * The printer's book's shell (book.h): a document with the catalog, the
 * XMP and Info metadata ("segel-render: N documents"), the sRGB output
 * intent and no page, for the records' pages to be copied into.
 */
int render_book_shell(render *r, size_t records, unsigned char **pdf,
    size_t *len, sg_err *err);

/* The file name for a document number: [A-Za-z0-9._-] kept, anything
 * else made '_', no leading dot, ".pdf" appended; -1 when it would be
 * empty or longer than sz. */
int render_file_name(const char *number, char *out, size_t sz);

#endif
