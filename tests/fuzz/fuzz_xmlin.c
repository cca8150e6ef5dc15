/*
 * fuzz_xmlin.c - libFuzzer target for XML submissions (lib/xmlin.c).
 *
 * Each input is loaded twice: against the real schema
 * ($SEGEL_FORMATS/submission.xsd, else formats/submission.xsd), and with
 * no schema, so the tree walker also sees structures the schema would
 * have refused.  A result must be an object with a type and documents.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xmlin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char xsd[1024];

static const char *
schema_path(void)
{
	static int done;
	const char *dir;
	FILE *fp;

	if (!done) {
		done = 1;
		dir = getenv("SEGEL_FORMATS");
		snprintf(xsd, sizeof xsd, "%s/submission.xsd",
		    dir && *dir ? dir : "formats");
		if ((fp = fopen(xsd, "r")) == NULL) {
			fprintf(stderr, "fuzz_xmlin: %s not found; set "
			    "SEGEL_FORMATS\n", xsd);
			abort();
		}
		fclose(fp);
	}
	return xsd;
}

static void
check(json_t *s, const sg_err *err)
{
	if (s == NULL) {
		/* Every failure must say why. */
		if (err->code[0] == '\0' || err->message[0] == '\0')
			abort();
		return;
	}
	if (!json_is_string(json_object_get(s, "type")) ||
	    !json_is_array(json_object_get(s, "documents")))
		abort();
	json_decref(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = schema_path();
	sg_err err;

	sg_err_clear(&err);
	check(xmlin_load_mem((const char *)data, size, "fuzz", path, &err),
	    &err);
	sg_err_clear(&err);
	check(xmlin_load_mem((const char *)data, size, "fuzz", NULL, &err),
	    &err);
	return 0;
}
