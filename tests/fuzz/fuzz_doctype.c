/*
 * fuzz_doctype.c - libFuzzer target for document-type definitions
 * (lib/doctype.c): each input is loaded as one formats/types/ *.xml file
 * against the real schema ($SEGEL_FORMATS, else where formats_dir()
 * finds it, else ./formats).  A refusal must say why and
 * where; an accepted type must hold together (every field findable by its
 * name and by each of its aliases, check paths and lists terminated) and
 * its layout parses or says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctype.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static doctype_schema *schema;

static void
exercise(const doctype *t)
{
	const doctype_field *f, *g;
	const doctype_check *k;
	size_t i, j;

	if (doctype_id(t) == NULL || doctype_title(t) == NULL ||
	    doctype_version(t) < 1)
		abort();
	for (i = 0; i < doctype_field_count(t); i++) {
		f = doctype_field_at(t, i);
		if (doctype_field_find(t, f->name) != f)
			abort();
		if (doctype_field_for_header(t, f->name) != f)
			abort();
		for (j = 0; j < f->n_aliases; j++) {
			g = doctype_field_for_header(t, f->aliases[j]);
			if (g != f)
				abort();
		}
		if (f->aliases[f->n_aliases] != NULL)
			abort();
		if ((f->table != NULL) != (f->type == FT_CODE))
			abort();
	}
	for (i = 0; i < doctype_check_count(t); i++) {
		k = doctype_check_at(t, i);
		if (k->name == NULL || k->field == NULL ||
		    k->with[k->n_with] != NULL)
			abort();
	}
	if ((doctype_members_name(t) == NULL) != (doctype_group_by(t) == NULL))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	doctype *t;
	layout *l;
	const char *xml;
	sg_err err;
	int line;

	if (schema == NULL) {
		sg_err_clear(&err);
		schema = doctype_schema_load(formats_dir(), &err);
		/* make fuzz runs from the top of the tree. */
		if (schema == NULL)
			schema = doctype_schema_load("formats", &err);
		if (schema == NULL) {
			fprintf(stderr, "fuzz_doctype: %s: %s; set "
			    "SEGEL_FORMATS\n", err.where, err.message);
			abort();
		}
	}
	sg_err_clear(&err);
	t = doctype_parse_mem(schema, (const char *)data, size,
	    "fuzz.xml", &err);
	if (t == NULL) {
		/* Every failure must say why and name the file. */
		if (err.code[0] == '\0' || err.message[0] == '\0' ||
		    strncmp(err.where, "fuzz.xml", 8) != 0)
			abort();
		return 0;
	}
	exercise(t);
	/* its layout: conditions (if=, unless=) and cells name fields */
	xml = doctype_layout_xml(t, &line);
	if ((l = layout_parse(xml, "fuzz.xml", t, &err)) == NULL &&
	    err.code[0] == '\0')
		abort();
	layout_free(l);
	doctype_free(t);
	return 0;
}
