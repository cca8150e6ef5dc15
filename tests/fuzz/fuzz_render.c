/*
 * Fuzz segel-render's record path: one JSON record in, through the
 * record parser and render_pdf() to a PDF in memory.  Must not crash or
 * leak; a PDF that comes out has its pages.  Bounded: records over 32 KB
 * are skipped (segel-render's own line limit is larger, but the time a
 * record takes grows with its size, not its shape), and the member list
 * is bounded by the types' member limits before drawing.  Seeds are
 * signed records of every type (the seal must match the fields for a
 * record to be drawn, so the seeds are what reach the layout code;
 * mutations of the unsealed office, official and NIP keep reaching it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "render.h"

#define MAX_INPUT (32u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static doctype_set *types;
static codetab_set *codes;
static render *r;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fmt = getenv("SEGEL_FORMATS");
	render_opts o;
	unsigned char *pdf = NULL;
	size_t len = 0;
	json_t *rec;
	int pages = 0;
	sg_err e;

	if (r == NULL) {
		memset(&o, 0, sizeof o);
		types = doctype_set_load(fmt ? fmt : "formats", &e);
		codes = codetab_set_load(fmt ? fmt : "formats", &e);
		if (types == NULL || codes == NULL ||
		    (r = render_new(types, codes, fmt ? fmt : "formats", &o,
		    &e)) == NULL)
			abort();
	}
	if (size > MAX_INPUT)
		return 0;
	if ((rec = rec_parse((const char *)data, size, &e)) == NULL)
		return 0;
	if (render_pdf(r, rec, &pdf, &len, &pages, &e) == 0) {
		if (pdf == NULL || len < 100 || pages < 1 ||
		    memcmp(pdf, "%PDF-", 5) != 0)
			abort();
		free(pdf);
	}
	json_decref(rec);
	return 0;
}
