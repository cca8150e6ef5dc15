/*
 * pagecheck.h - does a born-digital PDF's page show what its seal says?
 * (formats/seal.md, "The page check")
 *
 * The page is drawn again from the seal alone, with segel-render's own
 * layout code (render.h), and both the page as given and the page as
 * expected are rasterised by poppler at PAGECHECK_DPI (a card at PAGECHECK_DPI_CARD) and
 * compared tile
 * by tile.  A tile that differs beyond anti-aliasing noise makes the page
 * PAGECHECK_DIFFERS.  Only the boxes the seal does not hold (the office
 * name, the official and NIP, the logo: render_pdf_check()) are left out
 * of the comparison.  What the PDF's text layer or metadata say plays no
 * part: invisible text, a white box over a name, another document's QR,
 * altered or missing metadata all change pixels or the seal drawn from.
 *
 * A page whose every pixel comes from raster images (a scanned paper,
 * with or without an invisible OCR layer) is PAGECHECK_SCANNED: it goes
 * the scan route, where the reader compares the signed fields with the
 * paper.  Any ink that is not an image (text, vector paths) makes the
 * page born-digital.  In a PDF where a seal's born-digital pages match,
 * a page that is not born-digital is a page added (*stray below), and
 * annotations, optional content or JavaScript (what a viewer may show
 * or print that the screen's pixels do not) make the matching seals
 * PAGECHECK_DIFFERS.
 *
 * Ownership: a pagecheck borrows the doctype and code sets (they must
 * outlive it); the seal texts and fields passed in are borrowed for the
 * call.  Not for use from several threads at once.
 */
#ifndef SEGEL_PAGECHECK_H
#define SEGEL_PAGECHECK_H

#include <stddef.h>
#include <jansson.h>

#include "codetab.h"
#include "doctype.h"
#include "err.h"

#define PAGECHECK_DPI 150      /* A4, F4 */
#define PAGECHECK_DPI_CARD 300 /* the KIA card */

enum pagecheck_result {
	PAGECHECK_SAME = 0,   /* born-digital, shows what the seal says */
	PAGECHECK_DIFFERS,    /* born-digital, does not */
	PAGECHECK_SCANNED     /* image-only page: the scan route */
};

typedef struct pagecheck_seal {
	/* in */
	const char *seal;         /* the seal text */
	const char *number;       /* from its header */
	const json_t *fields;     /* its decoded fields */
	const doctype *type;
	const char *office;       /* the signer's name, when the PDF does
	                             not name its office (may be NULL) */
	int page;                 /* page its QR was read on, from 1 */
	/* out */
	enum pagecheck_result result;
	sg_err why;               /* DIFFERS: the sentence, in English and
				     the reader's language */
} pagecheck_seal;

typedef struct pagecheck pagecheck;

pagecheck *pagecheck_new(const doctype_set *types, const codetab_set *codes,
    sg_err *err);
void pagecheck_free(pagecheck *pc);

/*
 * Judge each seal's pages in the PDF buf[0..n): the record a seal
 * describes ends on the page its QR is on, and starts as many pages
 * before as segel-render draws for it.  *stray gets the first
 * born-digital page up to stray_upto that no seal accounts for, or when a
 * seal's pages matched, the first page up to stray_upto that is not
 * born-digital (0: none): a page added to a sealed PDF; stray_upto 0
 * looks for none.
 * Only pages up to the last seal's and up to stray_upto are drawn: give
 * the pages the scan has already drawn in its time budget, so that this
 * check takes no longer than the scan did.  -1 with err on a PDF poppler
 * cannot open or a system error.
 */
int pagecheck_pdf(pagecheck *pc, const unsigned char *buf, size_t n,
    pagecheck_seal *s, size_t ns, int stray_upto, int *stray, sg_err *err);

/*
 * Is the content stream p[0..n) (decoded) made of only what segel-render
 * writes: numbers, names, literal and hex strings as operands, and the
 * operators q Q cm BT ET Tf Td Tj Tr re m l f B S g G w Do?  Anything else
 * (an inline image BI...ID...EI, whose end viewers find each their own
 * way; arrays, dictionaries, compatibility sections, any other
 * operator) is a place where one viewer may draw what another does not.
 * NULL when so, else the first token that is not, in what (at most 15
 * bytes, NUL-ended).  Read with the lexer the PDF signature's reader
 * uses (pdfsign_impl.h: bounded, linear; comments are white space).
 */
const char *pagecheck_content_bad(const unsigned char *p, size_t n,
    char what[16]);

#endif
