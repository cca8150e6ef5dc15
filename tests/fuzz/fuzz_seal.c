/*
 * Fuzz the seal decoder: arbitrary barcode text through seal_unpack and,
 * without the signature check, seal_decode_body, so the body parser sees
 * hostile bytes too.  Seeds are real seals.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static doctype_set *types;
static codetab_set *codes;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fmt = getenv("SEGEL_FORMATS");
	const doctype *t;
	seal_parsed p;
	json_t *fields;
	sg_err e;

	if (types == NULL) {
		types = doctype_set_load(fmt ? fmt : "formats", &e);
		codes = codetab_set_load(fmt ? fmt : "formats", &e);
		if (types == NULL || codes == NULL)
			abort();
	}
	if (seal_unpack((const char *)data, size, &p, &e) != 0)
		return 0;
	if (p.signed_len + SIG_LEN != p.len || p.body_off > p.signed_len)
		abort();
	if (seal_decode_body(&p, types, codes, &t, &fields, &e) == 0) {
		if (!json_is_object(fields))
			abort();
		json_decref(fields);
	}
	seal_parsed_clear(&p);
	return 0;
}
