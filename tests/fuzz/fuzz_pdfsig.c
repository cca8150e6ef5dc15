/*
 * fuzz_pdfsig - arbitrary bytes as a born-digital PDF whose own signature
 * segel-verify reads (lib/pdfsign.h, pdfsign_check): the /ByteRange
 * parsing, the /Contents hex string and the CMS DER.  The seed is a PDF
 * segel-render signed.
 *
 * Invariants: 0 (never a crash or a read outside the input), a state
 * among the three, a signer exactly when VALID, a reason exactly when
 * BROKEN.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdfsign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pdfsign_found f;

	if (pdfsign_check(data, size, &f) != 0)
		return 0;
	if ((f.state == PDFSIGN_VALID) != (f.signer != NULL))
		abort();
	if ((f.state == PDFSIGN_BROKEN) != (f.why != NULL && *f.why != '\0'))
		abort();
	if (f.state != PDFSIGN_NONE && f.state != PDFSIGN_VALID &&
	    f.state != PDFSIGN_BROKEN)
		abort();
	pdfsign_found_clear(&f);
	return 0;
}
