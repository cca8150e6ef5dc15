/*
 * image.h - PNG, JPEG, TIFF and PNM files to 8-bit grey pages (or, asked,
 * a colour PNG or JPEG to 8-bit RGB: a logo or a photo to print).
 *
 * The file is in memory; its type comes from its first bytes, never from
 * its name.  Colour is made grey (alpha composited over white), every
 * bit depth becomes 8 bits, 0 black and 255 white.  A TIFF gives every
 * page (reduced-resolution subfiles such as thumbnails are skipped); the
 * others give one page.
 *
 * Pages are handed one at a time to a callback so that a 64-page scan is
 * never held in memory at once.  Bounds are checked before anything is
 * allocated for a page: a file that would make us decode more than the
 * limits allow is an error for that file (E-IMAGE-TOO-BIG), and a file
 * the decoders reject is E-IMAGE-CORRUPT.  The decoding libraries never
 * print: their messages end up in the sg_err.
 *
 * Ownership: the page's pixels are lent to the callback for the duration
 * of the call only.  Nothing here keeps state between calls; the
 * functions are safe to call from several threads at once.
 */
#ifndef SEGEL_IMAGE_H
#define SEGEL_IMAGE_H

#include <stddef.h>

#include "err.h"

typedef enum image_type {
	IMAGE_UNKNOWN = 0,
	IMAGE_PNG,
	IMAGE_JPEG,
	IMAGE_TIFF,
	IMAGE_PNM,
	IMAGE_PDF /* sniffed here, decoded by pdfin.h */
} image_type;

/* One page; rows are w * ch bytes apart, top row first.  ch is 1 (grey)
 * unless the limits ask for colour. */
typedef struct image_page {
	int w, h;
	unsigned char *px;
	int ch;
} image_page;

typedef struct image_limits {
	size_t max_pixels; /* per page; 0 = IMAGE_MAX_PIXELS */
	int max_pages;     /* 0 = IMAGE_MAX_PAGES */
	int max_side;      /* per side, pixels; 0 = IMAGE_MAX_SIDE */
	int colour;        /* a colour PNG or JPEG as 8-bit RGB (ch 3),
	                    * alpha composited over white; grey stays ch 1 */
} image_limits;

/* A phone's 48- or 50-megapixel photo (8000x6000, 8160x6120) reads in
 * about 0.3 s CPU and 80 MB. */
#define IMAGE_MAX_PIXELS ((size_t)52 * 1000 * 1000)
#define IMAGE_MAX_PAGES 64
#define IMAGE_MAX_SIDE 30000

/*
 * Called once per page, page numbers from 1.  A non-zero return stops the
 * decoding and is returned by image_decode() (fill err when negative).
 */
typedef int (*image_page_fn)(void *arg, int page, const image_page *pg,
    sg_err *err);

/* The type of a file from its first bytes (n may be short). */
image_type image_sniff(const unsigned char *buf, size_t n);
/* "png", "jpeg", "tiff", "pnm", "pdf" or "unknown". */
const char *image_type_name(image_type t);

/*
 * Decode every page of buf (n bytes) and give each to fn.  where names
 * the file in errors.  Returns 0, fn's non-zero return, or -1 with err:
 *   E-IMAGE-FORMAT    not PNG, JPEG, TIFF or PNM
 *   E-IMAGE-TOO-BIG   a page over the pixel or side limit, too many pages
 *   E-IMAGE-CORRUPT   the decoder gave up (its message in err)
 *   E-SYSTEM          out of memory
 */
int image_decode(const unsigned char *buf, size_t n, const char *where,
    const image_limits *lim, image_page_fn fn, void *arg, sg_err *err);

#endif
