/*
 * scan.h - find every QR code (and, in a born-digital PDF, the seal in the
 * metadata) in an image or PDF file, offline.
 *
 * scan_file() is the front door: it reads the file (bounded), sniffs its
 * type from the first bytes (PNG, JPEG, TIFF with every page, PNM, PDF;
 * anything else is E-SCAN-FORMAT), turns each page into grey pixels
 * (image.h, pdfin.h) and looks for QR codes, QR only, with two readers:
 * ZXing-C++ (lib/zxing.h, trying harder: the first pass on every page)
 * and zbar.  When the first pass over a page finds fewer codes than
 * wanted it climbs a ladder of further passes (zbar on the page
 * sharpened, thresholded, scaled, contrast-stretched, blurred, rotated;
 * ZXing downscaling and turning last) and stops at
 * the first pass that brings the page up to the number wanted; codes
 * found by any pass are kept.  Every code on a page is reported, the
 * same text twice too: two codes with the same text at different places
 * (a seal printed twice, a copy pasted beside the genuine one) are two
 * scan_codes; a code read again by a later pass (the same text, the
 * centre of one box inside the other) is one.  Judging copies is the
 * caller's: lib/verify.c gives one verdict per distinct seal, so two
 * copies of one seal are one piece of evidence, never two.
 * The time budget (CPU time of the calling thread, so that a busy machine
 * does not change the result) is checked between passes and pages: when
 * it runs out the codes found so far are returned and found->timed_out is
 * set.  It is not checked inside a decoder: a caller that must stop a
 * hostile file in time runs the scan in a process with a CPU limit
 * (cmd/verify.c does).
 *
 * What the caller gets, for the verifier (cmd/verify.c):
 *   - one scan_code per QR code read, source SCAN_QR, with its page
 *     (from 1) and bounding box;
 *   - for a PDF, one scan_code per seal in the Info Keywords (pieces
 *     between ',', ';' or line breaks that start with "SG1:"; a seal
 *     has spaces), source SCAN_META, page 0; found->subject is the Info Subject (the
 *     document number segel-render writes), found->meta_seals counts the
 *     META codes.  When a PDF has META seals and the QR codes on its pages
 *     say something else, the file has been tampered with: that rule is
 *     the caller's.
 * Codes come in page order, on a page in reading order (rows from the
 * top, each left to right), the META codes last.
 *
 * Ownership: scan_found is the caller's struct; scan_file() fills it
 * (initialise it with SCAN_FOUND_INIT or memset 0) and scan_found_clear()
 * frees what it holds.  Texts are NUL-terminated copies (len excludes the
 * NUL; a binary payload may hold NULs).  A text that is not UTF-8 in the
 * code (Shift_JIS, ISO-8859-1) is converted to UTF-8.
 *
 * Threads: ZXing keeps no state; each thread keeps one zbar scanner, made on first use and
 * reused; scan_thread_done() frees the calling thread's one.  The PDF
 * path silences poppler's messages for the whole process (poppler has
 * no per-document switch).
 *
 * Errors (return -1, found holds what was read before the error):
 *   E-SCAN-FORMAT     not an image or PDF we read
 *   E-SCAN-TOO-BIG    the file is over max_bytes
 *   E-IMAGE-*, E-PDF-*  from the decoders (image.h, pdfin.h)
 *   E-SYSTEM          open/read failed, out of memory
 */
#ifndef SEGEL_SCAN_H
#define SEGEL_SCAN_H

#include <stddef.h>

#include "err.h"
#include "image.h"

typedef struct scan_opts {
	double seconds;     /* CPU-time budget per file; 0 = 10 */
	size_t max_bytes;   /* file size; 0 = 256 MiB */
	size_t max_pixels;  /* per page; 0 = 52 million */
	int max_pages;      /* 0 = 64 */
	int dpi;            /* PDF pages rasterised at; 0 = 200 */
	int want;           /* codes wanted per page before the ladder
	                       stops; 0 = 1 */
	int thorough;       /* climb the whole ladder on every page */
	int no_meta;        /* PDF: skip the metadata */
	int no_raster;      /* PDF: metadata only, no pages rasterised */
} scan_opts;

typedef enum scan_source {
	SCAN_QR = 1,  /* read from a QR code on a page */
	SCAN_META = 2 /* a PDF's metadata (Keywords) */
} scan_source;

typedef struct scan_code {
	scan_source source;
	int page;           /* from 1; 0 for SCAN_META */
	char *text;         /* NUL-terminated */
	size_t len;         /* bytes, without the NUL */
	int x, y, w, h;     /* SCAN_QR: bounding box, page pixels */
	const char *pass;   /* SCAN_QR: the pass that read it (static) */
} scan_code;

typedef struct scan_found {
	image_type type;    /* what the file turned out to be */
	int pages;          /* pages looked at */
	int meta_seals;     /* SCAN_META codes among codes */
	int timed_out;      /* the budget ran out before the last pass */
	int passes;         /* passes of the ladder run, all pages */
	char *subject;      /* PDF Info Subject, or NULL */
	char *text;         /* PDF: the pages' text (pdfin.h), or NULL */
	scan_code *codes;
	size_t n;
	size_t cap;
} scan_found;

#define SCAN_FOUND_INIT { IMAGE_UNKNOWN, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0 }

/* A file by name; "-" is standard input. */
int scan_file(const char *path, const scan_opts *o, scan_found *out,
    sg_err *err);
/* The same on a file already in memory (where names it in errors). */
int scan_buffer(const unsigned char *buf, size_t n, const char *where,
    const scan_opts *o, scan_found *out, sg_err *err);
/* One grey page (w*h bytes, rows w apart) as page 1. */
int scan_grey(const unsigned char *px, int w, int h, const scan_opts *o,
    scan_found *out, sg_err *err);

void scan_found_clear(scan_found *f);
void scan_thread_done(void);

/*
 * For a process that scans (segel-verify's children): freed page-sized
 * buffers stay in the process for the next pass instead of going back to
 * the system and being faulted in afresh, page by page, by the next
 * (glibc's mmap and trim thresholds raised to 32 and 256 MB).  Every pass
 * of the ladder makes a page-sized image, ZXing several more; on a
 * virtual machine those page faults were half a miss's time (issue 12's
 * grid, a blurred 200-dpi page: 3.0 s of CPU for six, 1.4 s with this).
 * Each child is forked fresh, so it still faults in its whole working set
 * (the page, ZXing's bit matrix, a pass's copy: 7 to 15 MB, 1,700 to
 * 2,500 faults a page on the grid) at 13 us a 4 KB page on the machine
 * measured, a third of a page's CPU time; so the heap is also grown with
 * 64 MB to spare (M_TOP_PAD) and that spare room marked for transparent
 * huge pages (MADV_HUGEPAGE, untouched by the caller: it costs nothing
 * until a child writes it), one fault per 2 MB.  Call it early: what the
 * caller allocates later (trust store, types) comes out of the same room.
 * Process-wide, so the tool calls it, not the library; a no-op outside
 * glibc, and where the kernel has no huge pages.
 */
void scan_reuse_memory(void);

#endif
