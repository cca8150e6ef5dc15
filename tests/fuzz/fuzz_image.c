/*
 * fuzz_image.c - libFuzzer target for the image decoders (lib/image.c):
 * PNG, JPEG, TIFF (every page) and PNM, through image_decode() alone with
 * small bounds.  The QR ladder (lib/scan.c) is not run per input: it
 * costs a hundred times the decoding and has its own unit tests; only a
 * page small enough to be cheap (64x64 and under) goes through
 * scan_grey(), so that zbar still sees fuzzed pixels.  PDF inputs are
 * fuzz_pdfin's: they are skipped.  Whatever the bytes, every page handed
 * on has sane sizes and readable pixels, and a failure has a code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pixels' sum goes here, so that reading them is not optimised out. */
volatile unsigned fuzz_sink;

#define FUZZ_MAX_PIXELS (256 * 256)

static int
on_page(void *arg, int pageno, const image_page *pg, sg_err *err)
{
	unsigned *sum = arg;
	scan_found f = SCAN_FOUND_INIT;
	scan_opts o;
	size_t i, n;

	if (pageno < 1 || pg->w < 1 || pg->h < 1 ||
	    (size_t)pg->w * (size_t)pg->h > FUZZ_MAX_PIXELS || pg->px == NULL)
		abort();
	if (pg->ch != 1 && pg->ch != 3)
		abort();
	/* Every pixel is read: ASan finds a short buffer. */
	n = (size_t)pg->w * (size_t)pg->h * (size_t)pg->ch;
	for (i = 0; i < n; i++)
		*sum += pg->px[i];
	if (pg->ch == 1 && n <= 64 * 64) {
		memset(&o, 0, sizeof o);
		o.seconds = 1;
		if (scan_grey(pg->px, pg->w, pg->h, &o, &f, err) < 0 &&
		    err->code[0] == '\0')
			abort();
		for (i = 0; i < f.n; i++)
			if (f.codes[i].text[f.codes[i].len] != '\0')
				abort();
		scan_found_clear(&f);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	image_limits lim;
	unsigned sum = 0;
	sg_err e;

	if (image_sniff(data, size) == IMAGE_PDF)
		return 0;
	memset(&lim, 0, sizeof lim);
	lim.max_pixels = FUZZ_MAX_PIXELS;
	lim.max_pages = 4;
	/* the colour path too (a logo, a child's photo) */
	lim.colour = size > 0 && (data[size - 1] & 1);
	sg_err_clear(&e);
	if (image_decode(data, size, "fuzz", &lim, on_page, &sum, &e) < 0 &&
	    e.code[0] == '\0')
		abort();
	fuzz_sink = sum;
	return 0;
}
