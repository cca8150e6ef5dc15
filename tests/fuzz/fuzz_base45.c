/*
 * fuzz_base45 - arbitrary bytes through the base45 decoder and encoder.
 * Invariants: the decoder writes no more than len * 2 / 3 + 1 bytes;
 * valid text is canonical (decode then encode gives the same text back);
 * any bytes survive encode then decode.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base45.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *dec = NULL, *back = NULL;
	char *enc = NULL;
	size_t room = size * 2 / 3 + 1;
	long n;

	/* Exact-size buffers so ASan sees any overrun. */
	if ((dec = malloc(room)) == NULL)
		goto out;
	n = base45_decode((const char *)data, size, dec);
	if (n >= 0) {
		if ((size_t)n > room || base45_encoded_len((size_t)n) != size)
			abort();
		if ((enc = malloc(size + 1)) == NULL)
			goto out;
		base45_encode(dec, (size_t)n, enc);
		if (memcmp(enc, data, size) != 0 || enc[size] != '\0')
			abort();
		free(enc);
		enc = NULL;
	}

	if ((enc = malloc(base45_encoded_len(size) + 1)) == NULL)
		goto out;
	base45_encode(data, size, enc);
	if (strlen(enc) != base45_encoded_len(size))
		abort();
	if ((back = malloc(size + 1)) == NULL)
		goto out;
	n = base45_decode(enc, base45_encoded_len(size), back);
	if (n != (long)size || memcmp(back, data, size) != 0)
		abort();
out:
	free(back);
	free(enc);
	free(dec);
	return 0;
}
