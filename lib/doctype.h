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
 * returned by the getters are lent until doctype_set_free().  A doctype
 * from doctype_parse_mem() is the caller's, freed with doctype_free().
 * A loaded set is read-only: getters may be called from several threads.
 * The file format is described in formats/doctype.md.
 */
#ifndef SEGEL_DOCTYPE_H
#define SEGEL_DOCTYPE_H

#include <stddef.h>

#include "err.h"
#include "formats.h"          /* formats_dir(), the default dir */

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
	/* FT_INTEGER bounds from min= and max=; has_* 0 when not declared. */
	int has_int_min, has_int_max;
	long int_min, int_max;
} doctype_field;

/* Ordered: a comparison says which is worse. */
enum doctype_severity {
	DOCTYPE_WARNING = 1,
	DOCTYPE_ERROR = 2
};

/*
 * A named domain check (<checks><check name= field= with= severity=/>)
 * that the validator implements in C; the loader only keeps the list and
 * makes sure the paths name fields of the type.  Paths are "nik",
 * "anggota[].nik", or the member list itself, "anggota".
 */
typedef struct doctype_check {
	const char *name;    /* "nik", "kk", "address", "kk-family", ... */
	const char *field;   /* the path the check is about */
	const char *const *with; /* other paths it reads, NULL-terminated */
	size_t n_with;
	enum doctype_severity severity; /* DOCTYPE_ERROR unless declared */
	int line;
} doctype_check;

typedef struct doctype doctype;
typedef struct doctype_set doctype_set;

/*
 * Load every *.xml in dir/types (in file-name order), validating each
 * against dir/doctype.xsd; code tables are looked for in dir/codes.  dir
 * is the formats directory; NULL means formats_dir().  NULL on error, with
 * err->where naming the file and line ("formats/types/kk.xml:12").
 */
doctype_set *doctype_set_load(const char *formats_dir, sg_err *err);
void doctype_set_free(doctype_set *s);

size_t doctype_set_count(const doctype_set *s);
const doctype *doctype_set_at(const doctype_set *s, size_t i);
/* The type whose id is id, case not minded ("KK", "Akta-Kelahiran"). */
const doctype *doctype_set_find(const doctype_set *s, const char *id);

/*
 * Recognise a spreadsheet from its columns (canonical field names, as
 * doctype_field_for_header() gives them; NULL entries are unknown columns).
 * Returns the single best match, or NULL with err saying why (no type
 * matches, or several match equally well).  A type matches when all its
 * <detect> columns are present and none of its <absent> ones; types
 * without <detect> never match.  Codes: E-DOCTYPE-UNKNOWN,
 * E-DOCTYPE-AMBIGUOUS (err->where is left empty for the caller's file).
 */
const doctype *doctype_set_detect(const doctype_set *s,
    const char *const *columns, size_t n, sg_err *err);

/*
 * Do the columns (as for doctype_set_detect; headers, the same columns as
 * written, may be NULL) fit t, named by the user?
 * They do when t has no <detect>, or all its <detect> columns are there
 * and none of its <absent> ones.  1, or 0 with err (E-INTAKE-TYPE, saying
 * which column is missing or out of place; err->where left empty).
 */
int doctype_fits(const doctype *t, const char *const *columns,
    const char *const *headers, size_t n, sg_err *err);

/*
 * The canonical field name a spreadsheet header means in any type of the
 * set ("SHDK" -> "status_hubungan"), for building the columns given to
 * doctype_set_detect() before the type is known.  NULL when no type knows
 * the header, or when two types read it as different fields.
 */
const char *doctype_set_column(const doctype_set *s, const char *header);

const char *doctype_id(const doctype *t);       /* "kk", "akta-kelahiran" */
const char *doctype_title(const doctype *t);    /* "Kartu Keluarga" */
int doctype_version(const doctype *t);
const char *doctype_file(const doctype *t);     /* file it came from */

/* Header fields (member == 0) followed by member fields (member == 1). */
size_t doctype_field_count(const doctype *t);
const doctype_field *doctype_field_at(const doctype *t, size_t i);
/* The region a document belongs to: its first header field of type
 * region (kode_wilayah; for a surat pindah the region it moves from), or
 * NULL when the type has none.  Signer and verifier judge this one. */
const doctype_field *doctype_region_field(const doctype *t);
/* Find a field by canonical name; member fields are found too. */
const doctype_field *doctype_field_find(const doctype *t, const char *name);

/*
 * Map a spreadsheet header ("NAMA LENGKAP", "Nama_Lengkap", "NO. KK") to a
 * field: the header is normalised (upper-cased and made NFC by
 * text_upper(), '_' '-' and runs of blanks made one space, dots dropped,
 * trimmed) and compared with each field's
 * name and aliases normalised the same way.  The comparison also ignores
 * the blanks left, so "NO.KK", "NO. KK" and "NOKK" are one header.  NULL
 * when unknown.
 */
const doctype_field *doctype_field_for_header(const doctype *t,
    const char *header);
/* The normalisation used above, into out (NUL-terminated, truncated). */
void doctype_header_normalise(const char *header, char *out, size_t outsz);

/* Member list: its key in "fields" ("anggota") and the grouping field
 * ("no_kk"); both NULL for types without members. */
const char *doctype_members_name(const doctype *t);
const char *doctype_members_label(const doctype *t); /* "Anggota Keluarga" */
const char *doctype_group_by(const doctype *t);
size_t doctype_members_max(const doctype *t); /* 0 when unbounded */
/*
 * The head of the member list, as <members head-relation= head-code=
 * head-name=> declares it (a KK's kepala keluarga): the member whose
 * relation field (a code field) holds code, named by its name field.
 * 0, or -1 when the type declares no head.
 */
int doctype_members_head(const doctype *t, const doctype_field **relation,
    int *code, const doctype_field **name);

/* The <checks> list, in file order. */
size_t doctype_check_count(const doctype *t);
const doctype_check *doctype_check_at(const doctype *t, size_t i);

/*
 * The seal field list (formats/seal.md): the type's code and list version
 * in the seal header (0 when the type has no <seal>), the header fields
 * (member 0) and member fields (member 1) in seal order, and whether the
 * member list is sealed at all.
 */
int doctype_seal_code(const doctype *t);
int doctype_seal_version(const doctype *t);
size_t doctype_seal_count(const doctype *t, int member);
const doctype_field *doctype_seal_at(const doctype *t, int member, size_t i);
int doctype_seal_members(const doctype *t);
/*
 * Every version of the list stays loaded (a type file may hold several
 * <seal> elements, one per version; the newest is the one above, the one
 * segel-sign uses), so a seal made with an older list still decodes.
 * The _v calls answer for one version: 0 or NULL when the type has no
 * such version.  doctype_seal_holds() says whether a (header or member)
 * field is in that version's list.
 */
int doctype_seal_has_version(const doctype *t, int version);
size_t doctype_seal_count_v(const doctype *t, int version, int member);
const doctype_field *doctype_seal_at_v(const doctype *t, int version,
    int member, size_t i);
int doctype_seal_members_v(const doctype *t, int version);
int doctype_seal_holds(const doctype *t, int version, const char *name);
/* Document number: letter code ("LT") and pattern with {issuer} {code}
 * {date} {serial}; NULL when the type declares no <number>. */
const char *doctype_number_code(const doctype *t);
const char *doctype_number_pattern(const doctype *t);

/*
 * The <layout> element as the type file has it, serialised (namespace
 * declarations made on <doctype> are not repeated on it), for the
 * renderer to parse; NULL when the type has none.  *line gets its line in doctype_file(t).
 */
const char *doctype_layout_xml(const doctype *t, int *line);

/*
 * Loading one definition on its own (the fuzz target, tools that check a
 * new type file): a doctype_schema is the compiled formats_dir/doctype.xsd
 * and the list of code tables in formats_dir/codes; compile it once and
 * parse as many buffers as needed.  name is used in diagnostics
 * ("formats/types/kk.xml").  Both NULL on error.
 */
typedef struct doctype_schema doctype_schema;
doctype_schema *doctype_schema_load(const char *formats_dir, sg_err *err);
void doctype_schema_free(doctype_schema *sc);
doctype *doctype_parse_mem(const doctype_schema *sc, const char *buf,
    size_t len, const char *name, sg_err *err);
void doctype_free(doctype *t);

#endif
