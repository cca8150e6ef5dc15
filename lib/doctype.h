/*
 * doctype.h - document types, loaded from formats/types/ *.xml.
 *
 * Each document type is one XML file validated against
 * formats/doctype.xsd on load; errors name the file and line.  A type
 * declares its header fields, optionally a member list (the people of a
 * Kartu Keluarga, one spreadsheet row each, grouped by a key field), how
 * intake recognises its spreadsheets, and (in later issues) its rules,
 * seal field list, number pattern and layout.
 *
 * Ownership: a doctype_set owns every doctype and field in it; pointers
 * returned by the getters are lent until doctype_set_free().
 */
#ifndef SEGEL_DOCTYPE_H
#define SEGEL_DOCTYPE_H

#include <stddef.h>

#include "err.h"

enum field_type {
	FT_TEXT,    /* free text */
	FT_NAME,    /* a person's or place's name */
	FT_NIK,     /* 16-digit NIK */
	FT_KK,      /* 16-digit KK number */
	FT_DATE,    /* ISO 8601 date after intake */
	FT_TIME,    /* HH:MM */
	FT_CODE,    /* value from a code table (field->table) */
	FT_REGION,  /* dotted region code, e.g. 75.01.01.2001 */
	FT_INTEGER, /* decimal integer */
	FT_DIGITS,  /* string of digits (RT, RW, postal code) */
	FT_ATTACHMENTS /* list of attachment paths inside the bulk folder */
};

typedef struct doctype_field {
	const char *name;    /* key in "fields", e.g. "nama_lengkap" */
	const char *label;   /* Indonesian label, e.g. "Nama Lengkap" */
	enum field_type type;
	const char *table;   /* code table name for FT_CODE, else NULL */
	int required;
	int member;          /* 1 when the field belongs to the member list */
	size_t min_len, max_len; /* 0 when not declared */
	const char *pattern; /* POSIX extended regex, or NULL */
	const char *date_min, *date_max; /* "YYYY-MM-DD", "today", or NULL */
	const char *const *aliases; /* spreadsheet headers, NULL-terminated */
	size_t n_aliases;
	int line;            /* line of the definition, for diagnostics */
} doctype_field;

typedef struct doctype doctype;
typedef struct doctype_set doctype_set;

/*
 * Load every *.xml in dir/types, validating each against dir/doctype.xsd.
 * dir is the formats directory (see formats_dir()).  NULL on error.
 */
doctype_set *doctype_set_load(const char *formats_dir, sg_err *err);
void doctype_set_free(doctype_set *s);

size_t doctype_set_count(const doctype_set *s);
const doctype *doctype_set_at(const doctype_set *s, size_t i);
const doctype *doctype_set_find(const doctype_set *s, const char *id);

/*
 * Recognise a spreadsheet from its columns (canonical field names, as
 * doctype_field_for_header() gives them; NULL entries are unknown columns).
 * Returns the single best match, or NULL with err saying why (no type
 * matches, or several match equally well).
 */
const doctype *doctype_set_detect(const doctype_set *s,
    const char *const *columns, size_t n, sg_err *err);

const char *doctype_id(const doctype *t);       /* "kk", "akta-kelahiran" */
const char *doctype_title(const doctype *t);    /* "Kartu Keluarga" */
int doctype_version(const doctype *t);
const char *doctype_file(const doctype *t);     /* file it came from */

/* Header fields (member == 0) followed by member fields (member == 1). */
size_t doctype_field_count(const doctype *t);
const doctype_field *doctype_field_at(const doctype *t, size_t i);
/* Find a field by canonical name; member fields are found too. */
const doctype_field *doctype_field_find(const doctype *t, const char *name);

/*
 * Map a spreadsheet header ("NAMA LENGKAP", "Nama_Lengkap", "NO. KK") to a
 * field: the header is normalised (case folded, '_' '-' and runs of blanks
 * made one space, dots dropped, trimmed) and compared with each field's
 * name and aliases normalised the same way.  NULL when unknown.
 */
const doctype_field *doctype_field_for_header(const doctype *t,
    const char *header);
/* The normalisation used above, into out (NUL-terminated, truncated). */
void doctype_header_normalise(const char *header, char *out, size_t outsz);

/* Member list: its key in "fields" ("anggota") and the grouping field
 * ("no_kk"); both NULL for types without members. */
const char *doctype_members_name(const doctype *t);
const char *doctype_group_by(const doctype *t);
size_t doctype_members_max(const doctype *t); /* 0 when unbounded */

/*
 * Where formats/ is: $SEGEL_FORMATS, else <exe>/../share/segel/formats,
 * else <exe>/../formats (running from the source tree), else the compiled
 * default SEGEL_FORMATS_DIR.  Lends a static string.
 */
const char *formats_dir(void);

#endif
