/*
 * fuzz_content - arbitrary bytes through pagecheck_content_bad, the page
 * check's lexer of content streams.  Invariants: it answers (no read
 * past the end: the input is an exact-size copy), and what it reports is
 * a NUL-ended token of 1 to 15 printable bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagecheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	char what[16];
	const char *bad;
	size_t n;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	bad = pagecheck_content_bad(copy, size, what);
	if (bad != NULL) {
		n = strlen(bad);
		if (bad != what || n == 0 || n > 15)
			abort();
	}
	free(copy);
	return 0;
}
