/*
 * fuzz_pdfin.c - libFuzzer targets for PDF input (lib/pdfin.c): any bytes,
 * given a PDF header when they lack one, through pdfin_read() alone, not
 * the QR ladder (lib/scan.c, fuzz_image).  Built as two targets, since
 * drawing a page costs forty times the parsing (poppler builds its
 * colour transforms and loads the fonts for every document):
 *   fuzz_pdfin     the parser and the metadata, no page drawn;
 *   fuzz_pdfpage   the same file (FUZZ_PDF_PAGES) with the pages' text and
 *                  every page (at most three) drawn at 8 dpi, a thumbnail.
 * Whatever the bytes, the result is pages of sane size or an error with a
 * code; poppler must never print.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdfin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* The pixels' sum goes here, so that reading them is not optimised out. */
volatile unsigned fuzz_sink;

#define FUZZ_MAX_PIXELS (128 * 128)

/*
 * fontconfig, which poppler asks for fonts a PDF names but does not
 * embed, keeps a few hundred bytes for the life of the process by
 * design; LeakSanitizer calls them leaks.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static int
on_page(void *arg, int pageno, const image_page *pg, sg_err *err)
{
	unsigned *sum = arg;
	size_t i, n;

	(void)err;
	if (pageno < 1 || pageno > 3 || pg->w < 1 || pg->h < 1 ||
	    (size_t)pg->w * (size_t)pg->h > FUZZ_MAX_PIXELS || pg->px == NULL)
		abort();
	n = (size_t)pg->w * (size_t)pg->h;
	for (i = 0; i < n; i++)
		*sum += pg->px[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char hdr[] = "%PDF-1.4\n";
	unsigned char *buf;
	pdfin_opts o;
	pdfin_meta m;
	unsigned sum = 0;
	sg_err e;
	size_t n = size;

	if (size > (1u << 20))
		return 0;
	buf = malloc(size + sizeof hdr);
	if (buf == NULL)
		return 0;
	if (image_sniff(data, size) == IMAGE_PDF) {
		memcpy(buf, data, size);
	} else {
		memcpy(buf, hdr, sizeof hdr - 1);
		memcpy(buf + sizeof hdr - 1, data, size);
		n += sizeof hdr - 1;
	}
	memset(&o, 0, sizeof o);
	memset(&m, 0, sizeof m);
	o.dpi = 8;
	o.max_pixels = FUZZ_MAX_PIXELS;
	o.max_pages = 3;
#ifndef FUZZ_PDF_PAGES
	o.no_raster = 1;
#endif
	sg_err_clear(&e);
	if (pdfin_read(buf, n, "fuzz.pdf", &o, &m, on_page, &sum, &e) < 0 &&
	    e.code[0] == '\0')
		abort();
	if (m.text != NULL && strlen(m.text) > PDFIN_MAX_TEXT)
		abort();
	pdfin_meta_clear(&m);
	free(buf);
	fuzz_sink = sum;
	return 0;
}
