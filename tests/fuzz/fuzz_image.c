/*
 * fuzz_image.c - libFuzzer target for image files (lib/image.c) and the
 * QR scanning ladder behind them (lib/scan.c): any bytes through
 * scan_buffer() with small bounds, so that an input that decodes runs
 * every pass quickly.  PDF inputs are fuzz_pdfin's: they are skipped.
 * Whatever the bytes, the result is a scan or an error with a code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	scan_found f = SCAN_FOUND_INIT;
	scan_opts o;
	sg_err e;
	size_t i;

	if (image_sniff(data, size) == IMAGE_PDF)
		return 0;
	memset(&o, 0, sizeof o);
	o.max_pixels = 128 * 128;
	o.max_pages = 4;
	o.seconds = 2;
	sg_err_clear(&e);
	if (scan_buffer(data, size, "fuzz", &o, &f, &e) < 0 &&
	    e.code[0] == '\0')
		abort();
	for (i = 0; i < f.n; i++)
		if (f.codes[i].text[f.codes[i].len] != '\0' ||
		    f.codes[i].page < 1 || f.codes[i].page > f.pages)
			abort();
	scan_found_clear(&f);
	return 0;
}
