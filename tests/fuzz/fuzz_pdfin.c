/*
 * fuzz_pdfin.c - libFuzzer target for PDF input (lib/pdfin.c through
 * scan_buffer()): any bytes, given a PDF header when they lack one, read
 * for the metadata and rasterised at a low resolution with few pages,
 * then scanned.  Whatever the bytes, the result is a scan or an error
 * with a code; poppler must never print.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char hdr[] = "%PDF-1.4\n";
	scan_found f = SCAN_FOUND_INIT;
	unsigned char *buf;
	scan_opts o;
	sg_err e;
	size_t i, n = size;

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
	o.dpi = 24;
	o.max_pixels = 256 * 256;
	o.max_pages = 3;
	o.seconds = 2;
	sg_err_clear(&e);
	if (scan_buffer(buf, n, "fuzz.pdf", &o, &f, &e) < 0 &&
	    e.code[0] == '\0')
		abort();
	for (i = 0; i < f.n; i++)
		if (f.codes[i].text[f.codes[i].len] != '\0' ||
		    (f.codes[i].source == SCAN_META) != (f.codes[i].page == 0))
			abort();
	scan_found_clear(&f);
	free(buf);
	return 0;
}
