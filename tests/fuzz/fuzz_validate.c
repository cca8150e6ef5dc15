/*
 * fuzz_validate - arbitrary records through the fast JSON Lines path and
 * the rule engine.  The formats come from $SEGEL_FORMATS (default
 * "formats"); SEGEL_TODAY is fixed.  The validator lives for the whole
 * run, so the batch's NIK map is exercised too.
 *
 * Invariants: rec_parse() accepts exactly what jansson accepts and
 * builds an equal tree, and what jsonline_parse() takes, jansson takes
 * the same; val_check() returns the worst severity of the
 * problems it lists, never more than VAL_MAX_PROBLEMS, each with an E- or
 * W- code, a NUL-terminated path and a non-empty UTF-8 message; the
 * annotated record dumps and parses back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonline.h"
#include "record.h"
#include "text.h"
#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static doctype_set *types;
static codetab_set *codes;
static region_table *regions;
static validator *val;
static unsigned long runs;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	sg_err err;

	if (dir == NULL || *dir == '\0')
		dir = "formats";
	setenv("SEGEL_TODAY", "2026-11-01", 1);
	if ((types = doctype_set_load(dir, &err)) == NULL ||
	    (codes = codetab_set_load(dir, &err)) == NULL ||
	    (regions = region_table_load(dir, &err)) == NULL ||
	    (val = val_new(types, codes, regions, &err)) == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_buf b = { 0 };
	json_t *ref, *rec, *back;
	sg_err e1, e2;
	size_t i, n;
	int worst, seen;

	if (size > 65536)
		return 0;
	ref = rec_parse_jansson((const char *)data, size, &e1);
	rec = rec_parse((const char *)data, size, &e2);
	if ((ref == NULL) != (rec == NULL))
		abort();
	if (ref != NULL && !json_equal(ref, rec))
		abort();
	/* what the fast path takes, jansson takes the same */
	if ((back = jsonline_parse((const char *)data, size)) != NULL &&
	    (ref == NULL || !json_equal(ref, back)))
		abort();
	json_decref(back);
	json_decref(ref);
	if (rec == NULL)
		return 0;
	/* a batch grows without bound otherwise */
	if (++runs % 10000 == 0)
		val_batch_reset(val);
	if ((worst = val_check(val, rec)) < 0)
		abort();
	n = val_problem_count(val);
	if (n > VAL_MAX_PROBLEMS)
		abort();
	seen = VAL_OK;
	for (i = 0; i < n; i++) {
		const val_problem *p = val_problem_at(val, i);
		size_t ml = strnlen(p->message, sizeof p->message);

		if (p->code[0] != 'E' && p->code[0] != 'W')
			abort();
		if (p->code[1] != '-' || (p->code[0] == 'E') !=
		    (p->severity == VAL_ERROR))
			abort();
		if (strnlen(p->path, sizeof p->path) == sizeof p->path ||
		    ml == 0 || ml == sizeof p->message ||
		    !text_is_utf8(p->message, ml))
			abort();
		if ((int)p->severity > seen)
			seen = p->severity;
	}
	if (seen != worst)
		abort();
	if (val_annotate(val, rec, worst >= VAL_ERROR) != 0 ||
	    jsonline_dump(rec, &b) != 0)
		abort();
	if ((back = jsonline_parse(b.p, b.len - 1)) == NULL)
		abort();
	json_decref(back);
	json_decref(rec);
	sg_buf_free(&b);
	return 0;
}
