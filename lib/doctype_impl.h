/*
 * doctype_impl.h - the insides of a document type, shared by the loader
 * (doctype.c) and the queries (doctype_query.c) and nothing else.
 *
 * Ownership: every string and array of a doctype lives in its arena and
 * is freed with it (doctype_free); a doctype_set owns its types, its
 * column table and its arena (doctype_set_free).
 */
#ifndef SEGEL_DOCTYPE_IMPL_H
#define SEGEL_DOCTYPE_IMPL_H

#include <stddef.h>

#include <libxml/xmlschemas.h>

#include "doctype.h"

#define DT_KEY_MAX     256        /* longer headers never match */

struct arena;                    /* doctype.c */

struct alias_ent {
	const char *key;             /* normalised, blanks removed */
	const doctype_field *field;
	int line;
};

/* One version of the seal field list. */
struct dt_seal {
	int version;
	const doctype_field **seal[2];
	size_t n_seal[2];
	int members;
};

struct doctype {
	struct arena *arena;
	const char *id, *title, *file;
	int version;
	doctype_field *fields;       /* header fields, then member fields */
	size_t n_fields, n_header;
	const doctype_field **by_name; /* sorted by name */
	const char *members_name, *members_label, *group_by;
	size_t members_max;
	const doctype_field *head_relation, *head_name; /* <members head-*> */
	int head_code;
	const char **detect_cols, **detect_absent;
	size_t n_cols, n_absent;
	doctype_check *checks;
	size_t n_checks;
	struct alias_ent *aliases;   /* sorted by key */
	size_t n_aliases;
	int **alias_lines;           /* per field, the line of each alias */
	int seal_code, seal_version; /* 0 when the type has no seal */
	const doctype_field **seal[2]; /* header, member seal fields */
	size_t n_seal[2];
	int seal_members;            /* the newest list, above; all below */
	struct dt_seal *seals;       /* every <seal>, any order */
	size_t n_seals;
	const char *number_code, *number_pattern;
	const char *layout_xml;      /* the <layout> element as written */
	int layout_line;
};

struct col_ent {
	const char *key;
	const char *name;            /* NULL when types disagree */
};

struct doctype_set {
	doctype **types;             /* sorted by file name */
	size_t n;
	struct arena *arena;
	struct col_ent *cols;        /* union of every type's aliases */
	size_t n_cols;
};

struct doctype_schema {
	xmlSchemaPtr schema;
	char **tables;               /* code table names, sorted */
	size_t n_tables;
};


/*
 * The lookup key of a header: doctype_header_normalise() without its
 * blanks.  Returns its length, or -1 when out was too small.
 */
int doctype_header_key(const char *header, char *out, size_t outsz);
/* Orders struct alias_ent by key, struct col_ent by key (qsort, bsearch). */
int doctype_key_cmp(const void *a, const void *b);
int doctype_col_cmp(const void *a, const void *b);

#endif
