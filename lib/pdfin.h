/*
 * pdfin.h - a PDF's metadata and its pages as grey pixels, via poppler.
 *
 * pdfin_read() opens a PDF held in memory, copies the Info dictionary's
 * Title, Subject and Keywords (segel-render writes the document number to
 * Subject and the seal text to Keywords), then rasterises each page at
 * the requested resolution (lowered for a page so large that it would
 * pass the pixel limit) onto white and hands it, grey, to the callback
 * (image.h's image_page_fn; a non-zero return stops).  An encrypted PDF
 * that needs a password is E-PDF-ENCRYPTED; one poppler cannot open is
 * E-PDF-CORRUPT; more pages than the limit is E-PDF-TOO-BIG.
 *
 * poppler prints its complaints about damaged files to stderr by default;
 * the first call here routes them to nowhere, for the whole process
 * (poppler's error callback is process-wide), and GLib messages from the
 * "Poppler" log domain likewise.  poppler, cairo and GLib are loaded by
 * that first call (pdfdl.h), not at the program's start; pdfin_load()
 * loads them ahead, before forking children that read PDFs.
 *
 * Ownership: pdfin_meta's strings are malloc'd copies, freed by
 * pdfin_meta_clear(); pixels are lent to the callback for the call.
 */
#ifndef SEGEL_PDFIN_H
#define SEGEL_PDFIN_H

#include <stddef.h>

#include "err.h"
#include "image.h"

typedef struct pdfin_opts {
	int dpi;           /* 0 = 200 */
	size_t max_pixels; /* per page; 0 = IMAGE_MAX_PIXELS */
	int max_pages;     /* 0 = IMAGE_MAX_PAGES */
	int no_raster;     /* metadata only */
} pdfin_opts;

typedef struct pdfin_meta {
	char *title, *subject, *keywords; /* NULL when absent */
	char *text;     /* the pages' text, as poppler extracts it (at most
			   PDFIN_MAX_TEXT bytes), or NULL */
	int pages;                        /* in the document */
} pdfin_meta;

#define PDFIN_MAX_TEXT (1u << 20)

int pdfin_read(const unsigned char *buf, size_t n, const char *where,
    const pdfin_opts *o, pdfin_meta *meta, image_page_fn fn, void *arg,
    sg_err *err);
void pdfin_meta_clear(pdfin_meta *m);

/* Load poppler-glib now; 0, or -1 and E-SYSTEM when it cannot be. */
int pdfin_load(sg_err *err);

#endif
