/*
 * fuzz_bundle - arbitrary bytes through the trust bundle reader
 * (lib/bundle.h).  Invariants: the syntax-only parse accepts only what
 * the format allows (items in kind order, every item non-empty, names
 * where and only where they belong), a refusal always has an E-BUNDLE
 * code, and the full load (signature, signer, trust store from the
 * items) never accepts what the parse refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bundle *b, *v;
	const bundle_item *it;
	sg_err err;
	size_t i;
	int last = -1;

	sg_err_clear(&err);
	b = bundle_parse((const char *)data, size, "fuzz.bundle", &err);
	if (b == NULL && strncmp(err.code, "E-BUNDLE", 8) != 0 &&
	    strcmp(err.code, "E-SYSTEM") != 0)
		abort();
	for (i = 0; b != NULL && i < bundle_count(b); i++) {
		it = bundle_at(b, i);
		if (it == NULL || it->len == 0 || it->data == NULL ||
		    (int)it->kind < last)
			abort();
		last = (int)it->kind;
		if ((it->kind == BUNDLE_STATUS || it->kind == BUNDLE_FILE) !=
		    (it->name != NULL))
			abort();
		if (it->name != NULL && (strstr(it->name, "..") == it->name ||
		    it->name[0] == '/' || strchr(it->name, ' ')))
			abort();
	}
	if (bundle_at(b, bundle_count(b)) != NULL)
		abort();
	v = bundle_load_mem((const char *)data, size, "fuzz.bundle", &err);
	if (v != NULL && b == NULL)
		abort();
	bundle_free(v);
	bundle_free(b);
	return 0;
}
