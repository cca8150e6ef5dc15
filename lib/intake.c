#include "intake.h"
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "attach.h"
#include "buf.h"
#include "csv.h"
#include "date.h"
#include "file.h"
#include "formats.h"
#include "record.h"
#include "region.h"
#include "siphash.h"
#include "text.h"
#include "workbook.h"
#include "xmlin.h"

#define INTAKE_MAX_DEPTH 16 /* folder nesting followed */
#define INTAKE_MAX_TITLE_ROWS 10 /* title rows above a header */

struct intake {
	const doctype_set *types;
	const doctype *forced;
	size_t max_attachment;
	char *xsd;
	intake_stats st;
	intake_emit_fn emit;
	void *ctx;
	int stop; /* emit asked to stop */
	/* "%p" of a record -> [its first problem in English, the same in the
	 * reader's language], until the record is emitted */
	json_t *texts;
	char *dir;                 /* the formats folder */
	region_table *regions;     /* loaded on first use */
	int regions_failed;        /* ... and not again after it failed */
	sg_err regions_err;
	char region[16];           /* --region: the desa/kelurahan code */
	char region_name[100];     /* ... and its name */
	char row_where[600];       /* "file:line" of the row being read */
	struct output {            /* intake_skip_output */
		dev_t dev;
		ino_t ino;
		int dir;
	} out[INTAKE_MAX_OUTPUTS];
	size_t nout;
};

/* Where the file being read stands: folder (its directory) and name. */
struct src {
	const char *path;  /* as reached */
	char *folder;
	const char *file;
	const char *where; /* for diagnostics: path, or path:sheet */
	const workbook *wb;     /* a workbook's sheet, or NULL */
	size_t sheet;
	const char *sheet_name;
	int sheet_in_id;        /* several sheets are read: ids name them */
};

intake *
intake_new(const doctype_set *types, const struct intake_opts *o)
{
	intake *in;
	const char *dir = o && o->formats_dir ? o->formats_dir : formats_dir();
	size_t n;

	if ((in = calloc(1, sizeof *in)) == NULL)
		return NULL;
	if ((in->texts = json_object()) == NULL) {
		free(in);
		return NULL;
	}
	in->types = types;
	in->forced = o ? o->type : NULL;
	in->max_attachment = o && o->max_attachment ? o->max_attachment :
	    ATTACH_MAX_DEFAULT;
	n = strlen(dir) + sizeof "/submission.xsd";
	if ((in->xsd = malloc(n)) == NULL || (in->dir = strdup(dir)) == NULL) {
		free(in->xsd);
		json_decref(in->texts);
		free(in);
		return NULL;
	}
	snprintf(in->xsd, n, "%s/submission.xsd", dir);
	return in;
}

void
intake_free(intake *in)
{
	if (in == NULL)
		return;
	free(in->xsd);
	free(in->dir);
	region_table_free(in->regions);
	json_decref(in->texts);
	free(in);
}

/* The region table, loaded on first use; NULL (once failed) with why in
 * in->regions_err. */
static const region_table *
regions(intake *in)
{
	if (in->regions == NULL && !in->regions_failed &&
	    (in->regions = region_table_load(in->dir, &in->regions_err)) ==
	    NULL)
		in->regions_failed = 1;
	return in->regions;
}

int
intake_set_region(intake *in, const char *code, sg_err *err)
{
	const region_table *t = regions(in);
	const region_entry *e;

	if (t == NULL) {
		*err = in->regions_err;
		return -1;
	}
	if ((e = region_find(t, code)) == NULL || e->level != REGION_DESA) {
		sg_err_set(err, "E-INTAKE-REGION", NULL, "--region \"%s\" is "
		    "not the code of a desa or kelurahan in the %d list (like "
		    "75.01.01.2001)", code, region_table_year(t));
		return -1;
	}
	snprintf(in->region, sizeof in->region, "%s", e->code);
	snprintf(in->region_name, sizeof in->region_name, "%s", e->name);
	return 0;
}

const intake_stats *
intake_get_stats(const intake *in)
{
	return &in->st;
}

static void
emit(intake *in, enum intake_kind kind, const json_t *obj)
{
	if (!in->stop && in->emit(in->ctx, kind, obj) != 0)
		in->stop = 1;
}

static void
notice(intake *in, const char *where, const char *code, const char *fmt, ...)
{
	char msg[1024], local[1024];
	va_list ap;
	json_t *n;

	va_start(ap, fmt);
	sg_text_vformat2(msg, sizeof msg, local, sizeof local, fmt, ap);
	va_end(ap);
	n = json_pack("{s:s, s:s, s:s, s:s}", "where", where, "code", code,
	    "message", msg, "text", local);
	if (n != NULL)
		emit(in, INTAKE_NOTICE, n);
	json_decref(n);
}

/* A new record envelope: type, id, source. */
static json_t *
envelope(const doctype *t, const struct src *s, unsigned long line)
{
	json_t *rec = json_object();

	if (rec == NULL)
		return NULL;
	rec_set_type(rec, t ? doctype_id(t) : NULL);
	rec_set_source(rec, s->folder, s->file, line);
	if (s->sheet_name != NULL)
		rec_set_source_sheet(rec, s->sheet_name, s->sheet_in_id);
	return rec;
}

static void
text_key(const json_t *rec, char key[32])
{
	snprintf(key, 32, "%p", (const void *)rec);
}

/*
 * A problem into rec's "errors", in English as records carry it; a
 * record's first problem is also kept in the reader's language (local)
 * for the caller's diagnostic, until the record is emitted
 * (intake_problem_text).
 */
static void
problem_add(intake *in, json_t *rec, const char *code, const char *path,
    const char *en, const char *local)
{
	const json_t *p;
	char key[32];
	size_t i;

	/* each problem once: the rows of a family repeat what they share
	 * (an attachment too big is named on every member's row) */
	json_array_foreach(rec_errors(rec), i, p)
		if (strcmp(rec_problem_code(p), code) == 0 &&
		    strcmp(rec_problem_path(p), path ? path : "") == 0 &&
		    strcmp(rec_problem_message(p), en) == 0)
			return;
	text_key(rec, key);
	if (rec_errors(rec) == NULL)
		json_object_set_new(in->texts, key, json_array());
	json_array_append_new(json_object_get(in->texts, key),
	    json_pack("[s?, s?]", en, local));
	rec_add_error(rec, code, path, "%s", en);
}

static void problem(intake *in, json_t *rec, const char *code,
    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
problem(intake *in, json_t *rec, const char *code, const char *path,
    const char *fmt, ...)
{
	char en[1024], local[1024];
	va_list ap;

	va_start(ap, fmt);
	sg_text_vformat2(en, sizeof en, local, sizeof local, fmt, ap);
	va_end(ap);
	problem_add(in, rec, code, path, en, local);
}

/* Another module's problem (e), after "label: " when label is not NULL. */
static void
problem_err(intake *in, json_t *rec, const char *path, const char *label,
    const sg_err *e)
{
	char en[1200], local[1200];

	snprintf(en, sizeof en, "%s%s%s", label ? label : "",
	    label ? ": " : "", e->message);
	snprintf(local, sizeof local, "%s%s%s", label ? label : "",
	    label ? ": " : "", e->text);
	problem_add(in, rec, e->code, path, en, local);
}

/* Hand over a reject; its kept sentence goes with it. */
static void
emit_reject(intake *in, json_t *rec)
{
	char key[32];

	emit(in, INTAKE_REJECT, rec);
	text_key(rec, key);
	json_object_del(in->texts, key);
}

const char *
intake_problem_text_at(const intake *in, const json_t *rec, size_t i)
{
	const json_t *kept, *e = json_array_get(rec_errors(rec), i);
	const char *en, *msg = rec_problem_message(e);
	char key[32];

	text_key(rec, key);
	kept = json_array_get(json_object_get(in->texts, key), i);
	en = json_string_value(json_array_get(kept, 0));
	/* kept for this record's problem, not an older record's */
	if (en == NULL || msg == NULL || strcmp(en, msg) != 0)
		return msg;
	return json_string_value(json_array_get(kept, 1));
}

const char *
intake_problem_text(const intake *in, const json_t *rec)
{
	return intake_problem_text_at(in, rec, 0);
}

/* The whole file could not be read: one reject, counted as a file. */
static void
reject_file_at(intake *in, const doctype *t, const struct src *s,
    unsigned long line, const sg_err *e)
{
	json_t *rec = envelope(t, s, line);

	if (rec == NULL) {
		in->stop = 1;
		return;
	}
	problem_err(in, rec, "", NULL, e);
	in->st.files_rejected++;
	in->st.rejects++;
	emit_reject(in, rec);
	json_decref(rec);
}

static void
reject_file(intake *in, const doctype *t, const struct src *s,
    const sg_err *e)
{
	reject_file_at(in, t, s, 0, e);
}

/* Excel turns long numbers into 7.50101E+15: the digits are gone. */
static int
looks_mangled_number(const char *v)
{
	const char *e = strpbrk(v, "eE");

	return e != NULL && strchr(v, '.') != NULL && (e[1] == '+') &&
	    strspn(v, "0123456789.,eE+") == strlen(v);
}

/*
 * Put one raw value into obj under f->name, converted for its type.
 * Problems go to errs with the given path prefix ("" or "anggota[2].").
 */
static void
put_value(intake *in, const char *root, const doctype_field *f,
    const char *raw, json_t *obj, json_t *atts, json_t *rec,
    const char *prefix)
{
	char buf[CSV_MAX_FIELD + 1], path[256], iso[11];
	const char *v;
	sg_err e;
	sg_date dt;

	size_t n = strlen(raw);

	if (n > CSV_MAX_FIELD)
		n = CSV_MAX_FIELD;
	memcpy(buf, raw, n);
	buf[n] = '\0';
	v = text_trim(buf);
	path[0] = '\0'; /* made when a problem needs it */
	if (strcmp(v, "-") == 0)
		return; /* a village's "unknown" (OpenSID's RT and RW) */
	if ((f->type == FT_NIK || f->type == FT_KK || f->type == FT_DIGITS) &&
	    *v == '\'')
		v = text_trim((char *)v + 1); /* Excel's text marker */
	if (*v == '\0')
		return;
	switch (f->type) {
	case FT_DATE:
		if (date_parse(v, &dt, &e) != 0) {
			snprintf(path, sizeof path, "%s%s", prefix, f->name);
			problem_err(in, rec, path, f->label, &e);
			break;
		}
		date_format_iso(dt, iso);
		json_object_set_new(obj, f->name, json_string(iso));
		return;
	case FT_NIK:
	case FT_KK:
		if (looks_mangled_number(v)) {
			snprintf(path, sizeof path, "%s%s", prefix, f->name);
			problem(in, rec, "E-INTAKE-NUMBER-MANGLED", path, "%s \"%s\" was turned into a number by the "
			    "spreadsheet and its digits are lost; format the "
			    "column as text", f->label, v);
			break;
		}
		if (f->type == FT_NIK && v[0] == '0' &&
		    strspn(v, "0123456789") == strlen(v)) {
			/* no NIK starts with 0: a register's placeholder
			 * (OpenSID's "NIK sementara") for someone who has
			 * none yet; never a NIK to seal */
			notice(in, in->row_where, "W-INTAKE-NIK-TEMPORARY",
			    "%s%s \"%s\" is a temporary number, not a NIK: "
			    "read as no NIK", prefix, f->name, v);
			return;
		}
		json_object_set_new(obj, f->name, json_string(v));
		return;
	case FT_ATTACHMENTS: {
		char *p = (char *)v, *bar;
		json_t *a;
		size_t i;
		int seen;

		for (; p != NULL; p = bar) {
			if ((bar = strchr(p, '|')) != NULL)
				*bar++ = '\0';
			p = text_trim(p);
			if (*p == '\0')
				continue;
			seen = 0;
			json_array_foreach(atts, i, a)
				if (strcmp(json_string_value(json_object_get(a,
				    "path")), p) == 0)
					seen = 1;
			if (seen)
				continue;
			if (attach_check(root, p, in->max_attachment, &a,
			    &e) != 0) {
				snprintf(path, sizeof path, "%s%s", prefix,
				    f->name);
				problem_err(in, rec, path, NULL, &e);
				continue;
			}
			json_array_append_new(atts, a);
		}
		return;
	}
	default:
		json_object_set_new(obj, f->name, json_string(v));
		return;
	}
	/* Conversion failed: keep the value as written, nothing is lost. */
	json_object_set_new(obj, f->name, json_string(v));
}

/* Count and hand over a finished record or reject. */
static void
finish(intake *in, json_t *rec, json_t *atts, unsigned long nrows)
{
	int bad = rec_errors(rec) != NULL;

	if (atts != NULL && json_array_size(atts) > 0)
		rec_set_attachments(rec, json_incref(atts));
	if (bad) {
		/* keep "errors" last, after the data it speaks of */
		rec_errors_last(rec);
		in->st.rows_rejected += nrows;
		in->st.rejects++;
		emit_reject(in, rec);
	} else {
		in->st.rows_in_records += nrows;
		in->st.records++;
		emit(in, INTAKE_RECORD, rec);
	}
}

/* ---- Rows: a CSV file or a workbook's sheet ---------------------------- */

/*
 * Where rows come from: a CSV file (csv.h) or a sheet of a workbook
 * (workbook.h).  Both give the same rows, so everything below treats a
 * sheet as it treats a CSV file: one way to map columns, gather families
 * and reject.
 */
struct rows {
	csv_reader *csv;
	workbook_rows *sheet;
};

static int
rows_next(struct rows *r, sg_err *e)
{
	return r->csv ? csv_reader_next(r->csv, e) :
	    workbook_rows_next(r->sheet, e);
}

static size_t
rows_nfields(const struct rows *r)
{
	return r->csv ? csv_reader_nfields(r->csv) :
	    workbook_rows_nfields(r->sheet);
}

static const char *
rows_field(const struct rows *r, size_t i)
{
	return r->csv ? csv_reader_field(r->csv, i) :
	    workbook_rows_field(r->sheet, i);
}

static unsigned long
rows_line(const struct rows *r)
{
	return r->csv ? csv_reader_line(r->csv) :
	    workbook_rows_line(r->sheet);
}

/* Bytes neither UTF-8 nor Windows-1252: only a CSV file has them. */
static long
rows_undecodable(const struct rows *r)
{
	return r->csv ? csv_reader_undecodable(r->csv) : -1;
}

/*
 * The row under a header that numbers its columns (1, 2, 3, ... or (1),
 * (2), ... or 1., 2., ... as Indonesian forms print them): every cell
 * empty or its column's number, at least three numbered.
 */
static int
numbers_row(const struct rows *r)
{
	char v[32], *t;
	size_t i, n = 0, len;

	for (i = 0; i < rows_nfields(r); i++) {
		snprintf(v, sizeof v, "%s", rows_field(r, i));
		if (*(t = text_trim(v)) == '\0')
			continue;
		len = strlen(t);
		if (t[0] == '(' && len > 2 && t[len - 1] == ')') {
			t[len - 1] = '\0';
			t++;
		} else if (len > 1 && t[len - 1] == '.') {
			t[len - 1] = '\0';
		}
		if (strspn(t, "0123456789") != strlen(t) || strlen(t) > 4 ||
		    strtoul(t, NULL, 10) != i + 1 || t[0] == '0')
			return 0;
		n++;
	}
	return n >= 3;
}

/* ---- CSV ---------------------------------------------------------------- */

/* One Kartu Keluarga being gathered from rows anywhere in the file. */
struct group {
	json_t *rec, *fields, *members, *atts, *lines;
	json_t *extra;             /* per row: the columns of no field */
	unsigned long nrows;
};

/*
 * The families of a file, by key: how many rows each has in the file
 * (counted in a first pass) and the open group gathering them.  What a
 * family costs for as long as the file is read: a 16-byte slot at most
 * half full and its key in one arena (about 50 bytes for a 16-digit
 * Nomor KK), not a JSON object per family.
 */
struct fam_ent {
	uint32_t koff;             /* key in the arena + 1; 0: empty slot */
	uint32_t hash;
	uint32_t want;             /* rows of the family in the file */
	uint32_t gix;              /* open group's index in g + 1; 0: none */
};

struct famtab {
	struct fam_ent *slot;
	size_t cap, n;             /* cap is a power of two */
	sg_buf arena;
	const siphash_key *key;    /* lent: the process's */
};

struct csvctx {
	const doctype *t;
	const doctype_field **col; /* field per column, NULL when unknown */
	size_t ncol;
	size_t nneed;              /* columns up to the last named one */
	const char *members;       /* "anggota" or NULL */
	const char *group_by;
	struct group *g;
	size_t ng, gcap;           /* slots in g used (open or free), room */
	size_t *gfree, nfree;      /* slots of g whose family went out */
	size_t addr[REGION_DESA + 1]; /* address name column + 1, by level;
	                               0: none (the type has no such field) */
	int has_addr;
	char **heads;              /* header of each column of no field */
	size_t akta_kawin;         /* a marriage certificate number column
	                              + 1 (OpenSID's akta_perkawinan); 0 */
	size_t status_dasar;       /* OpenSID's status_dasar column + 1; 0 */
	size_t keycol;             /* the group-by column */
	unsigned long first_line;  /* the header's line, below a title */
	struct famtab fam;
};

/*
 * The type of a file from its header row: the one its columns fit
 * (doctype_set_detect), or the forced one when they fit it
 * (doctype_fits): a file whose columns are another type's is refused,
 * never read as the wrong type.
 */
static const doctype *
recognise(intake *in, const struct rows *r, sg_err *err)
{
	const char **cols;
	const doctype_field *f;
	const doctype *t;
	size_t i, j, n = rows_nfields(r);

	if ((cols = calloc(n ? n : 1, sizeof *cols)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	if (in->forced != NULL) {
		const char **heads = calloc(n ? n : 1, sizeof *heads);

		if (heads == NULL) {
			free(cols);
			sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
			return NULL;
		}
		for (i = 0; i < n; i++) {
			heads[i] = rows_field(r, i);
			f = doctype_field_for_header(in->forced,
			    rows_field(r, i));
			cols[i] = f != NULL ? f->name : NULL;
			for (j = 0; cols[i] == NULL &&
			    j < doctype_set_count(in->types); j++)
				if ((f = doctype_field_for_header(
				    doctype_set_at(in->types, j),
				    rows_field(r, i))) != NULL)
					cols[i] = f->name;
		}
		t = doctype_fits(in->forced, cols, heads, n, err) ?
		    in->forced : NULL;
		free(heads);
		free(cols);
		return t;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < doctype_set_count(in->types); j++) {
			f = doctype_field_for_header(doctype_set_at(in->types,
			    j), rows_field(r, i));
			if (f != NULL) {
				cols[i] = f->name;
				break;
			}
		}
	t = doctype_set_detect(in->types, cols, n, err);
	free(cols);
	return t;
}

/* ---- Addresses as names --------------------------------------------- */

/* The names of the address fields, by level (a type that has them, like
 * the Kartu Keluarga, maps their columns as fields; for the others the
 * columns below are read as the address) */
static const char *const addr_field[REGION_DESA + 1] = {
	NULL, "provinsi", "kabupaten", "kecamatan", "desa"
};

/* Which level an address column's header names, as villages head them
 * ("DESA/KELURAHAN", "Kab/Kota", "NAMA KECAMATAN"); 0 for none.  Only
 * letters count, in upper case. */
static int
addr_header(const char *h)
{
	static const struct {
		const char *head;
		int level;
	} heads[] = {
		{ "DESA", REGION_DESA }, { "KELURAHAN", REGION_DESA },
		{ "DESAKELURAHAN", REGION_DESA },
		{ "KELURAHANDESA", REGION_DESA }, { "DESAKEL", REGION_DESA },
		{ "KELDESA", REGION_DESA }, { "NAMADESA", REGION_DESA },
		{ "NAMADESAKELURAHAN", REGION_DESA },
		{ "KECAMATAN", REGION_KECAMATAN }, { "KEC", REGION_KECAMATAN },
		{ "NAMAKECAMATAN", REGION_KECAMATAN },
		{ "KABUPATEN", REGION_KABUPATEN }, { "KOTA", REGION_KABUPATEN },
		{ "KABUPATENKOTA", REGION_KABUPATEN },
		{ "KABKOTA", REGION_KABUPATEN }, { "KAB", REGION_KABUPATEN },
		{ "NAMAKABUPATEN", REGION_KABUPATEN },
		{ "NAMAKABUPATENKOTA", REGION_KABUPATEN },
		{ "PROVINSI", REGION_PROVINSI }, { "PROV", REGION_PROVINSI },
		{ "NAMAPROVINSI", REGION_PROVINSI },
	};
	char k[32];
	size_t n = 0, i;

	for (; *h != '\0'; h++) {
		if (*h >= 'a' && *h <= 'z')
			k[n++] = (char)(*h - 'a' + 'A');
		else if (*h >= 'A' && *h <= 'Z')
			k[n++] = *h;
		if (n == sizeof k - 1)
			return 0;
	}
	k[n] = '\0';
	for (i = 0; i < sizeof heads / sizeof heads[0]; i++)
		if (strcmp(k, heads[i].head) == 0)
			return heads[i].level;
	return 0;
}

/* The address names of a row read from its address columns, kept in the
 * record's source (nothing is lost; the region code comes from them). */
static void
addr_keep(const struct csvctx *c, const struct rows *r, json_t *rec)
{
	json_t *a;
	int l;

	if (!c->has_addr || (a = json_object()) == NULL)
		return;
	for (l = REGION_PROVINSI; l <= REGION_DESA; l++) {
		char v[CSV_MAX_FIELD + 1];

		if (c->addr[l] == 0 || c->addr[l] - 1 >= rows_nfields(r))
			continue;
		snprintf(v, sizeof v, "%s", rows_field(r, c->addr[l] - 1));
		if (*text_trim(v) != '\0')
			json_object_set_new(a, addr_field[l],
			    json_string(text_trim(v)));
	}
	if (json_object_size(a) > 0)
		rec_set_source_address(rec, a);
	else
		json_decref(a);
}

/* "75.01.01.2001 (Kayubulan, Kecamatan Limboto)", the candidates of a
 * name, up to the room in buf. */
static void
addr_candidates(const region_table *t, const region_entry *const *e,
    size_t n, char *buf, size_t sz)
{
	const region_entry *kec;
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < n && at < sz; i++) {
		kec = region_parent(t, e[i]);
		at += (size_t)snprintf(buf + at, sz - at, "%s%s (%s, Kecamatan "
		    "%s)", i ? ", " : "", e[i]->code, e[i]->name,
		    kec ? kec->name : "?");
	}
}

/*
 * Set the region field to code, and the type's own address name fields
 * (desa, kecamatan, kabupaten, provinsi) the record leaves empty to the
 * names of code's places; then put the keys back in the type's order (the
 * order records keep everywhere else), the others (the member list) last.
 */
static void
region_set(const region_table *rt, const doctype *t, json_t *fields,
    const char *name, const char *code)
{
	const region_entry *e = region_find(rt, code);
	const doctype_field *f;
	json_t *v, *sorted;
	const char *k;
	size_t i;
	int l;

	json_object_set_new(fields, name, json_string(code));
	for (l = REGION_DESA; e != NULL && l >= REGION_PROVINSI; l--) {
		if (doctype_field_find(t, addr_field[l]) != NULL &&
		    json_object_get(fields, addr_field[l]) == NULL)
			json_object_set_new(fields, addr_field[l],
			    json_string(e->name));
		e = region_parent(rt, e);
	}
	if ((sorted = json_object()) == NULL)
		return;
	for (i = 0; i < doctype_field_count(t); i++) {
		f = doctype_field_at(t, i);
		if ((v = json_object_get(fields, f->name)) != NULL)
			json_object_set(sorted, f->name, v);
	}
	json_object_foreach(fields, k, v) {
		if (json_object_get(sorted, k) == NULL)
			json_object_set(sorted, k, v);
	}
	json_object_clear(fields);
	json_object_update(fields, sorted);
	json_decref(sorted);
}

/* The same region code, dotted or not ("7501011001", "75.01.01.1001"). */
static int
same_code(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '.')
			a++;
		while (*b == '.')
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
	}
}

/*
 * The region code of a record that has none, from --region or from its
 * address names (the type's own fields desa, kecamatan, kabupaten,
 * provinsi, else the address columns kept in the source).  A code the
 * record carries is left to validation, except that it must be the one
 * --region names.
 */
static void
region_fill(intake *in, const doctype *t, json_t *rec, json_t *fields)
{
	static const char *const lvname[REGION_DESA + 1] = {
		NULL, "provinsi", "kabupaten/kota", "kecamatan",
		"desa/kelurahan"
	};
	const doctype_field *rf = doctype_region_field(t);
	const region_entry *out[8], *scope;
	const region_table *rt;
	const char *nm[REGION_DESA + 1] = { NULL }, *have;
	json_t *addr, *v;
	char cand[600];
	const char *pre;
	size_t n;
	int l, any = 0, level;

	if (rf == NULL || fields == NULL)
		return;
	addr = rec_source_address(rec);
	for (l = REGION_PROVINSI; l <= REGION_DESA; l++) {
		v = json_object_get(fields, addr_field[l]);
		if (!json_is_string(v) || *json_string_value(v) == '\0')
			v = json_object_get(addr, addr_field[l]);
		nm[l] = json_string_value(v);
		if (nm[l] != NULL && *nm[l] != '\0')
			any = 1;
		else
			nm[l] = NULL;
	}
	have = json_string_value(json_object_get(fields, rf->name));
	if (have != NULL && *have != '\0') {
		if (in->region[0] != '\0' && !same_code(have, in->region))
			problem(in, rec, "E-INTAKE-REGION", rf->name, "the row's "
			    "%s %s is not %s %s, named with --region",
			    rf->label, have, in->region, in->region_name);
		return;
	}
	if (in->region[0] == '\0' && !any)
		return; /* validation says the code is missing */
	if ((rt = regions(in)) == NULL) {
		problem_err(in, rec, rf->name, NULL, &in->regions_err);
		return;
	}
	if (in->region[0] != '\0') {
		/* each name given must name its level of --region's place */
		const region_entry *e = region_find(rt, in->region);

		for (l = REGION_DESA; e != NULL && l >= REGION_PROVINSI; l--) {
			if (nm[l] != NULL && !region_name_matches(e, nm[l])) {
				problem(in, rec, "E-INTAKE-REGION", rf->name,
				    "the row's %s \"%s\" is not %s, the %s of "
				    "%s %s named with --region", lvname[l],
				    nm[l], e->name, lvname[l], in->region,
				    in->region_name);
				return;
			}
			e = region_parent(rt, e);
		}
		region_set(rt, t, fields, rf->name, in->region);
		return;
	}
	if (nm[REGION_DESA] == NULL || (nm[REGION_KECAMATAN] == NULL &&
	    nm[REGION_KABUPATEN] == NULL)) {
		if (nm[REGION_DESA] != NULL)
			problem(in, rec, "E-INTAKE-REGION-NAME", rf->name,
			    "the address names the desa/kelurahan \"%s\" but "
			    "neither its kecamatan nor its kabupaten/kota; one "
			    "of them is needed to find its region code",
			    nm[REGION_DESA]);
		else
			problem(in, rec, "E-INTAKE-REGION-NAME", rf->name,
			    "the address has no desa/kelurahan name, which the "
			    "region code is found by");
		return;
	}
	n = region_resolve_names(rt, nm[REGION_DESA], nm[REGION_KECAMATAN],
	    nm[REGION_KABUPATEN], nm[REGION_PROVINSI], out,
	    sizeof out / sizeof out[0], &level, &scope);
	if (n == 1) {
		region_set(rt, t, fields, rf->name, out[0]->code);
		return;
	}
	if (n > 1) {
		addr_candidates(rt, out, n < 8 ? n : 8, cand, sizeof cand);
		problem(in, rec, "E-INTAKE-REGION-NAME", rf->name, "\"%s\" "
		    "names %zu places: %s%s; give the kecamatan (or the "
		    "region code) to tell them apart", nm[REGION_DESA], n,
		    cand, n > 8 ? ", …" : "");
		return;
	}
	/* none: the level that matched nothing, and where it was looked
	 * for; a desa of that name in another kecamatan of the same
	 * kabupaten is named as a candidate */
	if (level < REGION_PROVINSI || level > REGION_DESA)
		level = REGION_DESA;
	n = 0;
	if (level >= REGION_KECAMATAN && nm[REGION_KABUPATEN] != NULL)
		n = region_resolve_names(rt, nm[REGION_DESA], NULL,
		    nm[REGION_KABUPATEN], nm[REGION_PROVINSI], out,
		    sizeof out / sizeof out[0], NULL, NULL);
	addr_candidates(rt, out, n < 8 ? n : 8, cand, sizeof cand);
	pre = scope == NULL ? "" : scope->level == REGION_KECAMATAN ?
	    "Kecamatan " : scope->level == REGION_PROVINSI ? "Provinsi " : "";
	if (scope == NULL)
		problem(in, rec, "E-INTAKE-REGION-NAME", rf->name, "no %s "
		    "\"%s\" in the region list", lvname[level],
		    nm[level] ? nm[level] : "");
	else if (n == 0)
		problem(in, rec, "E-INTAKE-REGION-NAME", rf->name, "no %s "
		    "\"%s\" in %s%s", lvname[level], nm[level] ? nm[level] :
		    "", pre, scope->name);
	else
		problem(in, rec, "E-INTAKE-REGION-NAME", rf->name, "no %s "
		    "\"%s\" in %s%s; the name is found in %s at %s",
		    lvname[level], nm[level] ? nm[level] : "", pre,
		    scope->name, nm[REGION_KABUPATEN], cand);
}

/*
 * The values of a row's columns that are no field of the type (OpenSID's
 * dusun, akta_lahir, suku, …), by their header: kept in the record's
 * source, so that nothing the village gave is lost.  NULL when none has a
 * value.
 */
static json_t *
row_extra(const struct csvctx *c, const struct rows *r)
{
	json_t *x = NULL;
	char v[CSV_MAX_FIELD + 1];
	size_t i;
	int l, addr;

	for (i = 0; i < c->ncol && i < rows_nfields(r); i++) {
		if (c->col[i] != NULL)
			continue;
		for (addr = 0, l = REGION_PROVINSI; l <= REGION_DESA; l++)
			if (c->addr[l] == i + 1)
				addr = 1;
		if (addr || c->heads == NULL || c->heads[i] == NULL)
			continue;
		snprintf(v, sizeof v, "%s", rows_field(r, i));
		if (*text_trim(v) == '\0')
			continue;
		if (x == NULL && (x = json_object()) == NULL)
			return NULL;
		json_object_set_new(x, c->heads[i], json_string(text_trim(v)));
	}
	return x;
}

/*
 * OpenSID numbers a marriage 2 ("KAWIN") whether or not it is registered;
 * the KK tells them apart (formats/codes/status_perkawinan.csv: 2 KAWIN
 * TERCATAT, 5 KAWIN BELUM TERCATAT).  Where the file has a marriage
 * certificate column, a 2 with no certificate number is 5.  Only the bare
 * code: a status written in words is taken as written.
 */
static void
marriage_unregistered(const struct csvctx *c, const struct rows *r,
    json_t *obj)
{
	const char *st = json_string_value(json_object_get(obj,
	    "status_perkawinan"));
	char akta[64];

	if (c->akta_kawin == 0 || st == NULL || strcmp(st, "2") != 0 ||
	    c->akta_kawin - 1 >= rows_nfields(r))
		return;
	snprintf(akta, sizeof akta, "%s", rows_field(r, c->akta_kawin - 1));
	if (*text_trim(akta) == '\0' || strcmp(text_trim(akta), "-") == 0)
		json_object_set_new(obj, "status_perkawinan", json_string("5"));
}

/* Map the header row to fields; 0, or -1 with a file-level problem. */
static int
map_columns(intake *in, struct csvctx *c, const struct rows *r,
    const struct src *s, sg_err *err)
{
	char unknown[1024] = "", where[600];
	const doctype_field *f;
	size_t i, j, ul = 0;

	c->ncol = rows_nfields(r);
	if ((c->col = calloc(c->ncol, sizeof *c->col)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	for (i = 0; i < c->ncol; i++) {
		const char *h = rows_field(r, i);

		f = doctype_field_for_header(c->t, h);
		c->col[i] = f;
		if (f == NULL && (j = (size_t)addr_header(h)) != 0 &&
		    doctype_region_field(c->t) != NULL &&
		    doctype_field_find(c->t, addr_field[j]) == NULL &&
		    c->addr[j] == 0) {
			c->addr[j] = i + 1;
			c->has_addr = 1;
			continue;
		}
		if (f == NULL && c->akta_kawin == 0 &&
		    doctype_field_find(c->t, "status_perkawinan") != NULL) {
			char key[64];

			doctype_header_normalise(h, key, sizeof key);
			if (strcmp(key, "AKTA PERKAWINAN") == 0 ||
			    strcmp(key, "NO AKTA PERKAWINAN") == 0 ||
			    strcmp(key, "NOMOR AKTA PERKAWINAN") == 0)
				c->akta_kawin = i + 1; /* and kept as extra */
		}
		if (f == NULL && c->members != NULL && c->status_dasar == 0) {
			char key[64];

			doctype_header_normalise(h, key, sizeof key);
			if (strcmp(key, "STATUS DASAR") == 0)
				c->status_dasar = i + 1; /* and kept as extra */
		}
		if (f == NULL) {
			char hb[128];

			snprintf(hb, sizeof hb, "%s", h);
			if (*text_trim(hb) == '\0' && i + 1 == c->ncol)
				continue; /* a trailing separator */
			if (*text_trim(hb) != '\0' && (c->heads != NULL ||
			    (c->heads = calloc(c->ncol, sizeof *c->heads)) !=
			    NULL))
				c->heads[i] = strdup(text_trim(hb));
			ul += (size_t)snprintf(unknown + ul, ul < sizeof unknown ?
			    sizeof unknown - ul : 0, "%s\"%s\"", ul ? ", " : "",
			    hb);
			if (ul >= sizeof unknown)
				ul = sizeof unknown - 1;
			continue;
		}
		for (j = 0; j < i; j++)
			if (c->col[j] == f) {
				sg_err_set(err, "E-INTAKE-DUP-COLUMN", NULL,
				    "columns %zu and %zu are both \"%s\"; "
				    "keep one", j + 1, i + 1, f->label);
				return -1;
			}
	}
	/* Rows may leave out the header's trailing empty columns. */
	for (c->nneed = c->ncol; c->nneed > 0; c->nneed--) {
		char hb[64];

		snprintf(hb, sizeof hb, "%s", rows_field(r,
		    c->nneed - 1));
		if (*text_trim(hb) != '\0')
			break;
	}
	if (c->group_by != NULL) {
		for (i = 0; i < c->ncol; i++)
			if (c->col[i] && strcmp(c->col[i]->name,
			    c->group_by) == 0)
				break;
		c->keycol = i;
		if (i == c->ncol) {
			f = doctype_field_find(c->t, c->group_by);
			sg_err_set(err, "E-INTAKE-NO-KEY-COLUMN", NULL,
			    "a %s file needs a \"%s\" column to group its "
			    "rows", doctype_title(c->t),
			    f ? f->label : c->group_by);
			return -1;
		}
	}
	if (ul > 0) {
		snprintf(where, sizeof where, "%s:%lu", s->where,
		    rows_line(r));
		notice(in, where, "W-INTAKE-UNKNOWN-COLUMN", "columns not in "
		    "%s, kept in each record's source.extra: %s",
		    doctype_id(c->t), unknown);
	}
	return 0;
}

/* True when every field is blank (Excel's ";;;;" rows). */
static int
row_blank(const struct rows *r)
{
	size_t i;
	const char *p;

	for (i = 0; i < rows_nfields(r); i++)
		for (p = rows_field(r, i); *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

/* Are the fields past the last named column all blank? */
static int
tail_blank(const struct rows *r, size_t from)
{
	size_t i;
	const char *p;

	for (i = from; i < rows_nfields(r); i++)
		for (p = rows_field(r, i); *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

/*
 * The family of key k, added when missing; NULL on no memory.  The key is
 * the spreadsheet's: hashed with the process's secret key (siphash.h), so
 * a file cannot pick family numbers that share one probe run.
 */
static struct fam_ent *
fam_get(struct famtab *t, const char *k)
{
	size_t i, n = strlen(k) + 1, at;
	uint32_t h = (uint32_t)siphash(t->key, k, n - 1);
	struct fam_ent *e;

	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024, j;
		struct fam_ent *ns = calloc(cap, sizeof *ns);

		if (ns == NULL)
			return NULL;
		for (i = 0; i < t->cap; i++) {
			if (t->slot[i].koff == 0)
				continue;
			for (j = t->slot[i].hash & (cap - 1); ns[j].koff != 0;
			    j = (j + 1) & (cap - 1))
				;
			ns[j] = t->slot[i];
		}
		free(t->slot);
		t->slot = ns;
		t->cap = cap;
	}
	for (i = h & (t->cap - 1); (e = &t->slot[i])->koff != 0;
	    i = (i + 1) & (t->cap - 1))
		if (e->hash == h && strcmp(t->arena.p + e->koff - 1, k) == 0)
			return e;
	at = t->arena.len;
	if (at + n >= UINT32_MAX || sg_buf_add(&t->arena, k, n) != 0)
		return NULL;
	e->koff = (uint32_t)at + 1;
	e->hash = h;
	t->n++;
	return e;
}

static void
fam_free(struct famtab *t)
{
	free(t->slot);
	sg_buf_free(&t->arena);
	memset(t, 0, sizeof *t);
}

static struct group *
group_for(struct csvctx *c, struct fam_ent *fe, const doctype *t,
    const struct src *s, unsigned long line)
{
	struct group *g;
	size_t ix;

	if (fe->gix != 0)
		return &c->g[fe->gix - 1];
	if (c->nfree > 0) {
		ix = c->gfree[--c->nfree];
	} else {
		if (c->ng == c->gcap) {
			size_t ncap = c->gcap ? 2 * c->gcap : 64;
			struct group *ng = realloc(c->g, ncap * sizeof *ng);
			size_t *nf = realloc(c->gfree, ncap * sizeof *nf);

			if (nf != NULL)
				c->gfree = nf;
			if (ng != NULL)
				c->g = ng;
			if (ng == NULL || nf == NULL)
				return NULL;
			c->gcap = ncap;
		}
		ix = c->ng++;
	}
	g = &c->g[ix];
	memset(g, 0, sizeof *g);
	g->rec = envelope(t, s, line);
	g->fields = json_object();
	g->members = json_array();
	g->atts = json_array();
	g->lines = json_array();
	fe->gix = (uint32_t)ix + 1;
	if (!g->rec || !g->fields || !g->members || !g->atts || !g->lines)
		return NULL;
	rec_set_fields(g->rec, json_incref(g->fields));
	return g;
}

static void
group_free(struct group *g)
{
	json_decref(g->rec);
	json_decref(g->fields);
	json_decref(g->members);
	json_decref(g->atts);
	json_decref(g->lines);
	json_decref(g->extra);
}

/*
 * A problem with a whole row found before its values are read (ragged,
 * undecodable bytes): it still belongs to its record, so a family is
 * rejected whole rather than emitted without a member.
 */
struct rowerr {
	const char *code;
	char msg[600];     /* in English */
	char text[600];    /* in the reader's language */
	int skip_values;   /* the fields cannot be trusted to be in place */
};

static void rowerr_set(struct rowerr *re, const char *code, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
rowerr_set(struct rowerr *re, const char *code, const char *fmt, ...)
{
	va_list ap;

	re->code = code;
	va_start(ap, fmt);
	sg_text_vformat2(re->msg, sizeof re->msg, re->text, sizeof re->text,
	    fmt, ap);
	va_end(ap);
}

static void
add_rowerr(intake *in, json_t *rec, const struct rowerr *re,
    unsigned long line)
{
	char en[700], local[700];

	if (re == NULL || re->code == NULL)
		return;
	snprintf(en, sizeof en, "line %lu: %s", line, re->msg);
	snprintf(local, sizeof local, _("line %lu: %s"), line, re->text);
	problem_add(in, rec, re->code, "", en, local);
}

/* The family key of a row ("" when it has none), trimmed, in buf. */
static const char *
row_key(const struct csvctx *c, const struct rows *r, char *buf, size_t sz)
{
	const char *f = rows_field(r, c->keycol);
	char *k;

	snprintf(buf, sz, "%s", f ? f : "");
	k = text_trim(buf);
	if (*k == '\'')
		k = text_trim(k + 1); /* Excel's text marker */
	return k;
}

/*
 * OpenSID keeps everyone who ever lived in the village: its status_dasar
 * (tweb_penduduk_status_dasar) is 1 HIDUP for the living residents, 2
 * MATI, 3 PINDAH, 4 HILANG, 5 PERGI, 6 TIDAK VALID for those who are not
 * (an export with its filter off holds them).  Such a person is no member
 * of a family card: the row's status, or NULL when the row is a member.
 */
static const char *
not_living(const struct csvctx *c, const struct rows *r, char *buf,
    size_t size)
{
	if (c->status_dasar == 0 || c->status_dasar - 1 >= rows_nfields(r))
		return NULL;
	snprintf(buf, size, "%s", rows_field(r, c->status_dasar - 1));
	if (*text_trim(buf) == '\0' || strcmp(text_trim(buf), "1") == 0 ||
	    strcasecmp(text_trim(buf), "HIDUP") == 0)
		return NULL;
	return text_trim(buf);
}

/*
 * A first pass over the file counts each family's rows, so a family can
 * go out as soon as its last row is read: memory then holds only the
 * families still open, not the whole file.
 */
static int
count_rows(struct csvctx *c, const struct src *s)
{
	char key[128], st[64];
	const char *k;
	struct rows r = { NULL, NULL };
	struct fam_ent *fe;
	FILE *fp = NULL;
	int rc, first = 1, data = 0, ret = 0;

	if (s->wb != NULL)
		r.sheet = workbook_rows_new(s->wb, s->sheet);
	else if ((fp = fopen(s->path, "rb")) != NULL)
		r.csv = csv_reader_new(fp, s->path);
	if (r.csv != NULL || r.sheet != NULL)
		while ((rc = rows_next(&r, NULL)) != 0 && rc != -2) {
			if ((rc != 1 && !(rc == -1 && rows_nfields(&r) > 0)) ||
			    first || (rc == 1 && row_blank(&r)) ||
			    rows_line(&r) <= c->first_line ||
			    (rc == 1 && !data && numbers_row(&r))) {
				first = 0;
				continue;
			}
			data = 1;
			k = row_key(c, &r, key, sizeof key);
			if (*k == '\0' || not_living(c, &r, st, sizeof st))
				continue;
			if ((fe = fam_get(&c->fam, k)) == NULL) {
				ret = -1;
				break;
			}
			if (fe->want < UINT32_MAX)
				fe->want++;
		}
	csv_reader_free(r.csv);
	workbook_rows_free(r.sheet);
	if (fp != NULL)
		fclose(fp);
	return ret;
}

static void emit_group(intake *in, struct csvctx *c, struct group *g);

/*
 * Every row of a family repeats its household fields; when one reads as
 * the family already has it (a plain value, compared trimmed), there is
 * nothing to convert or check.
 */
static int
same_as_before(const json_t *fields, const doctype_field *f, const char *raw)
{
	const char *have = json_string_value(json_object_get(fields, f->name));
	size_t n;

	if (have == NULL || f->type == FT_ATTACHMENTS || f->type == FT_DATE)
		return 0;
	while (*raw == ' ' || *raw == '\t')
		raw++;
	n = strlen(have);
	if (strncmp(raw, have, n) != 0)
		return 0;
	for (raw += n; *raw == ' ' || *raw == '\t'; raw++)
		;
	return *raw == '\0';
}

/* One row of a grouped (member-list) type. */
static int
csv_row_grouped(intake *in, struct csvctx *c, const struct rows *r,
    const struct src *s, const struct rowerr *re)
{
	char key[128], prefix[64], where[600];
	json_t *hdr, *mem, *tmp, *v;
	struct group *g;
	struct fam_ent *fe;
	const char *fam, *k;
	size_t i;

	if ((k = not_living(c, r, key, sizeof key)) != NULL) {
		json_t *rec = envelope(c->t, s, rows_line(r));

		if (rec == NULL)
			return -1;
		add_rowerr(in, rec, re, rows_line(r));
		problem(in, rec, "E-INTAKE-NOT-LIVING", "status_dasar",
		    "status_dasar is %s (OpenSID: 2 died, 3 moved away, 4 "
		    "missing, 5 left, 6 not valid): the person is not put on "
		    "the family card; if the status is wrong, correct it in "
		    "OpenSID and export again", k);
		finish(in, rec, NULL, 1);
		json_decref(rec);
		return 0;
	}
	fam = row_key(c, r, key, sizeof key);
	if (*fam == '\0') {
		json_t *rec = envelope(c->t, s, rows_line(r));

		if (rec == NULL)
			return -1;
		if (re != NULL && re->code != NULL)
			add_rowerr(in, rec, re, rows_line(r));
		else
			problem(in, rec, "E-INTAKE-NO-KEY",
			    c->group_by, "the row has no %s, so it belongs to "
			    "no family", c->group_by);
		finish(in, rec, NULL, 1);
		json_decref(rec);
		return 0;
	}
	if ((fe = fam_get(&c->fam, fam)) == NULL ||
	    (g = group_for(c, fe, c->t, s, rows_line(r))) == NULL)
		return -1;
	if (g->nrows++ == 0)
		addr_keep(c, r, g->rec);
	json_array_append_new(g->lines, json_integer(
	    (json_int_t)rows_line(r)));
	snprintf(prefix, sizeof prefix, "%s[%zu].", c->members,
	    json_array_size(g->members));
	add_rowerr(in, g->rec, re, rows_line(r));
	hdr = json_object();
	mem = json_object();
	snprintf(in->row_where, sizeof in->row_where, "%s:%lu", s->where,
	    rows_line(r));
	for (i = 0; i < c->ncol && i < rows_nfields(r) &&
	    !(re && re->skip_values); i++) {
		const doctype_field *f = c->col[i];

		if (f == NULL)
			continue;
		if (!f->member && same_as_before(g->fields, f,
		    rows_field(r, i)))
			continue; /* the family's household field, again */
		put_value(in, s->folder, f, rows_field(r, i),
		    f->member ? mem : hdr, g->atts, g->rec,
		    f->member ? prefix : "");
	}
	marriage_unregistered(c, r, mem);
	marriage_unregistered(c, r, hdr);
	if (!(re && re->skip_values)) {
		json_t *x = row_extra(c, r);

		if (x != NULL && g->extra == NULL &&
		    (g->extra = json_array()) != NULL)
			while (json_array_size(g->extra) <
			    json_array_size(g->members))
				json_array_append_new(g->extra, json_object());
		if (g->extra != NULL)
			json_array_append_new(g->extra, x ? x : json_object());
	}
	/* Header fields must agree across the family's rows. */
	snprintf(where, sizeof where, "%lu", rows_line(r));
	json_object_foreach(hdr, k, v) {
		tmp = json_object_get(g->fields, k);
		if (tmp == NULL) {
			json_object_set(g->fields, k, v);
		} else if (!json_equal(tmp, v)) {
			problem(in, g->rec, "E-INTAKE-CONFLICT", k,
			    "line %s gives \"%s\" but an earlier row of this "
			    "family gives \"%s\"", where, json_string_value(v),
			    json_string_value(tmp));
		}
	}
	json_array_append_new(g->members, mem);
	json_decref(hdr);
	if (g->nrows == fe->want) {
		emit_group(in, c, g);
		fe->gix = 0;
	}
	return 0;
}

static int
csv_row_single(intake *in, struct csvctx *c, const struct rows *r,
    const struct src *s, const struct rowerr *re)
{
	json_t *rec, *fields, *atts;
	size_t i;

	rec = envelope(c->t, s, rows_line(r));
	fields = json_object();
	atts = json_array();
	if (!rec || !fields || !atts) {
		json_decref(rec);
		json_decref(fields);
		json_decref(atts);
		return -1;
	}
	rec_set_fields(rec, json_incref(fields));
	add_rowerr(in, rec, re, rows_line(r));
	snprintf(in->row_where, sizeof in->row_where, "%s:%lu", s->where,
	    rows_line(r));
	for (i = 0; i < c->ncol && i < rows_nfields(r) &&
	    !(re && re->skip_values); i++)
		if (c->col[i] != NULL)
			put_value(in, s->folder, c->col[i],
			    rows_field(r, i), fields, atts, rec, "");
	if (!(re && re->skip_values)) {
		json_t *x = row_extra(c, r);

		if (x != NULL)
			rec_set_source_extra(rec, x);
		marriage_unregistered(c, r, fields);
		addr_keep(c, r, rec);
		region_fill(in, c->t, rec, fields);
	}
	finish(in, rec, atts, 1);
	json_decref(rec);
	json_decref(fields);
	json_decref(atts);
	return 0;
}

/* A family is complete: out it goes, and its memory with it. */
static void
emit_group(intake *in, struct csvctx *c, struct group *g)
{
	size_t max = doctype_members_max(c->t);

	json_object_set(g->fields, c->members, g->members);
	if (g->extra != NULL) {
		while (json_array_size(g->extra) < json_array_size(g->members))
			json_array_append_new(g->extra, json_object());
		rec_set_source_extra(g->rec, json_incref(g->extra));
	}
	region_fill(in, c->t, g->rec, g->fields);
	if (json_array_size(g->lines) > 1)
		rec_set_source_lines(g->rec, json_incref(g->lines));
	if (max != 0 && json_array_size(g->members) > max)
		problem(in, g->rec, "E-INTAKE-TOO-MANY",
		    c->members, "%zu members, more than the %zu a %s holds",
		    json_array_size(g->members), max, doctype_title(c->t));
	finish(in, g->rec, g->atts, g->nrows);
	group_free(g);
	memset(g, 0, sizeof *g);
	c->gfree[c->nfree++] = (size_t)(g - c->g);
}

/* Families still open at the end (the file changed under us). */
static void
flush_groups(intake *in, struct csvctx *c)
{
	size_t i;

	for (i = 0; i < c->ng; i++)
		if (c->g[i].rec != NULL)
			emit_group(in, c, &c->g[i]);
}

/*
 * A row that may be a title above the header: at most two cells with
 * something in them ("DATA PENDUDUK DESA KAYUBULAN", a date), where a
 * header names many columns.
 */
static int
title_row(const struct rows *r)
{
	size_t i, n = 0;

	for (i = 0; i < rows_nfields(r) && n <= 2; i++) {
		const char *f = rows_field(r, i);

		while (*f == ' ' || *f == '\t')
			f++;
		n += *f != '\0';
	}
	return n <= 2;
}

/*
 * The type of the rows whose first row r has just read: that row is the
 * header, or, when it does not fit and is a title row, the first row that
 * fits below at most INTAKE_MAX_TITLE_ROWS title rows (r is left on it,
 * *from and *to are the title rows' lines; else both 0).  NULL with err
 * saying why the first row does not fit.
 */
static const doctype *
header(intake *in, struct rows *r, sg_err *err, unsigned long *from,
    unsigned long *to)
{
	const doctype *t;
	sg_err first, e;
	int n, rc;

	*from = *to = 0;
	if ((t = recognise(in, r, err)) != NULL || !title_row(r))
		return t;
	first = *err;
	*from = *to = rows_line(r);
	for (n = 1; n <= INTAKE_MAX_TITLE_ROWS &&
	    (rc = rows_next(r, &e)) == 1; n++) {
		if ((t = recognise(in, r, &e)) != NULL)
			return t;
		if (!title_row(r))
			break;
		*to = rows_line(r);
	}
	*err = first;
	*from = *to = 0;
	return NULL;
}

/* The rows of one CSV file or sheet, the first being the header (or the
 * first that fits a type below at most INTAKE_MAX_TITLE_ROWS title
 * rows). */
static void
intake_rows(intake *in, const struct src *s, struct rows *r)
{
	struct csvctx c;
	struct rowerr re;
	unsigned long from, to;
	int data = 0; /* a row below the header was read */
	long u;
	sg_err e;
	int rc;
	size_t i;

	memset(&c, 0, sizeof c);
	rc = rows_next(r, &e);
	if (rc == 0) {
		sg_err_set(&e, "E-INTAKE-EMPTY", NULL, "the file is empty");
		reject_file(in, in->forced, s, &e);
		goto out;
	}
	if (rc < 0) {
		reject_file(in, in->forced, s, &e);
		goto out;
	}
	c.t = header(in, r, &e, &from, &to);
	if (c.t != NULL && from != 0) {
		c.first_line = rows_line(r);
		if (from == to)
			notice(in, s->where, "W-INTAKE-TITLE-ROWS", "row %lu, "
			    "above the header, is taken as the sheet's title "
			    "and not read", from);
		else
			notice(in, s->where, "W-INTAKE-TITLE-ROWS", "rows %lu "
			    "to %lu, above the header, are taken as the "
			    "sheet's title and not read", from, to);
	}
	if (c.t == NULL && in->forced != NULL) {
		reject_file(in, in->forced, s, &e);
		goto out;
	}
	if (c.t == NULL) {
		sg_err why;

		sg_err_set(&why, "E-INTAKE-TYPE-UNKNOWN", NULL,
		    "%s (name it with --type)", e.message);
		snprintf(why.text, sizeof why.text,
		    _("%s (name it with --type)"), e.text);
		reject_file(in, NULL, s, &why);
		goto out;
	}
	c.members = doctype_members_name(c.t);
	c.group_by = c.members ? doctype_group_by(c.t) : NULL;
	if (map_columns(in, &c, r, s, &e) != 0) {
		reject_file(in, c.t, s, &e);
		goto out;
	}
	if (c.members != NULL &&
	    (c.fam.key = siphash_process_key(&e)) == NULL) {
		reject_file(in, c.t, s, &e);
		in->stop = 1;
		goto out;
	}
	if (c.members != NULL && count_rows(&c, s) != 0) {
		in->stop = 1; /* no memory */
		goto out;
	}
	while (!in->stop && (rc = rows_next(r, &e)) != 0) {
		if (rc == -2) {
			reject_file(in, c.t, s, &e);
			break;
		}
		in->st.rows++;
		if (rc == -1 && (rows_nfields(r) == 0 || c.members == NULL)) {
			json_t *rec = envelope(c.t, s, rows_line(r));

			problem_err(in, rec, "", NULL, &e);
			finish(in, rec, NULL, 1);
			json_decref(rec);
			continue;
		}
		if (rc == 1 && row_blank(r)) {
			in->st.rows--; /* not an application */
			continue;
		}
		if (rc == 1 && !data && numbers_row(r)) {
			in->st.rows--;
			notice(in, s->where, "W-INTAKE-COLUMN-NUMBERS", "row %lu "
			    "numbers the columns (1, 2, 3, ...) and is not "
			    "read", rows_line(r));
			continue;
		}
		data = 1;
		re.code = NULL;
		re.skip_values = 0;
		if (rc == -1) {
			/* a bad row whose cells the reader kept (workbook.h)
			 * in a family: a reject, and its family held back
			 * with it */
			re.code = e.code;
			snprintf(re.msg, sizeof re.msg, "%s", e.message);
			snprintf(re.text, sizeof re.text, "%s", e.text);
			re.skip_values = 1;
		} else if (r->sheet != NULL && (rows_nfields(r) > c.ncol ||
		    !tail_blank(r, c.nneed))) {
			/* a sheet leaves out empty cells at the end: only a
			 * value past the header is out of place */
			re.skip_values = 1;
			rowerr_set(&re, "E-INTAKE-RAGGED", "column %zu has a "
			    "value but no heading; the header ends at column "
			    "%zu", rows_nfields(r), c.nneed);
		} else if (r->csv != NULL && (rows_nfields(r) < c.nneed ||
		    rows_nfields(r) > c.ncol ||
		    !tail_blank(r, c.nneed))) {
			re.skip_values = 1;
			rowerr_set(&re, "E-INTAKE-RAGGED", "the row has %zu "
			    "fields but the header has %zu; a separator is "
			    "missing or one too many", rows_nfields(r),
			    c.nneed);
		} else if ((u = rows_undecodable(r)) >= 0) {
			rowerr_set(&re, "E-CSV-ENCODING", "column %ld has bytes "
			    "that are neither UTF-8 nor Windows-1252; save the "
			    "file as \"CSV UTF-8\"", u + 1);
		}
		if ((c.members ? csv_row_grouped(in, &c, r, s, &re) :
		    csv_row_single(in, &c, r, s, &re)) != 0)
			in->stop = 1;
	}
	if (c.members)
		flush_groups(in, &c);
	if (in->st.rows == 0 && c.ng == 0 && !in->stop)
		notice(in, s->where, "W-INTAKE-NO-ROWS", "the file has a header "
		    "but no rows");
out:
	for (i = 0; i < c.ng; i++)
		group_free(&c.g[i]);
	free(c.g);
	free(c.gfree);
	fam_free(&c.fam);
	if (c.heads != NULL)
		for (i = 0; i < c.ncol; i++)
			free(c.heads[i]);
	free(c.heads);
	free(c.col);
}


static void
intake_csv(intake *in, const struct src *s)
{
	struct rows r = { NULL, NULL };
	FILE *fp;
	sg_err e;

	if ((fp = fopen(s->path, "rb")) == NULL) {
		sg_err_errno(&e, "E-INTAKE-OPEN", NULL, "cannot open");
		reject_file(in, in->forced, s, &e);
		return;
	}
	if ((r.csv = csv_reader_new(fp, s->path)) == NULL)
		in->stop = 1;
	else
		intake_rows(in, s, &r);
	csv_reader_free(r.csv);
	fclose(fp);
}

/* ---- Workbooks ---------------------------------------------------------- */

/*
 * Does a sheet hold a document type?  Its first row is the header: with
 * --type, one heading of that type is enough; else the columns must tell
 * a type (doctype_set_detect).  0 yes, -1 no with why.
 */
static int
sheet_holds(intake *in, const workbook *wb, size_t sheet, sg_err *why)
{
	struct rows r = { NULL, NULL };
	unsigned long from, to;
	int ok = -1;

	if ((r.sheet = workbook_rows_new(wb, sheet)) == NULL) {
		sg_err_set(why, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	if (rows_next(&r, why) < 0)
		goto out;
	ok = header(in, &r, why, &from, &to) != NULL ? 0 : -1;
out:
	workbook_rows_free(r.sheet);
	return ok;
}

/*
 * A workbook: every sheet that holds a document type is read as a CSV
 * file is; a sheet with other things on it (instructions, a summary) is
 * named in a notice.  When no sheet holds one, the workbook is a file
 * reject saying why, as a CSV file of no known type is.
 */
static void
intake_book(intake *in, struct src *s)
{
	workbook *wb;
	unsigned char *holds = NULL;
	size_t i, n, taken = 0, first = (size_t)-1;
	char where[600];
	sg_err e, firstwhy;

	if ((wb = workbook_open(s->path, &e)) == NULL) {
		reject_file(in, in->forced, s, &e);
		return;
	}
	n = workbook_nsheets(wb);
	if ((holds = calloc(n ? n : 1, 1)) == NULL) {
		in->stop = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (workbook_sheet_nrows(wb, i) == 0)
			continue; /* an empty sheet: nothing to say */
		if (sheet_holds(in, wb, i, &e) == 0) {
			holds[i] = 1;
			taken++;
		} else if (first == (size_t)-1) {
			first = i;
			firstwhy = e;
		}
	}
	if (first == (size_t)-1 && taken == 0) {
		sg_err_set(&e, "E-INTAKE-EMPTY", NULL, "the workbook has no "
		    "rows in any sheet");
		reject_file(in, in->forced, s, &e);
		goto out;
	}
	if (taken == 0) {
		sg_err why;

		sg_err_set(&why, in->forced ? "E-INTAKE-TYPE" :
		    "E-INTAKE-TYPE-UNKNOWN", NULL, "sheet \"%s\": %s (name it "
		    "with --type)", workbook_sheet_name(wb, first),
		    firstwhy.message);
		snprintf(why.text, sizeof why.text, _("sheet \"%s\": %s (name "
		    "it with --type)"), workbook_sheet_name(wb, first),
		    firstwhy.text);
		reject_file(in, in->forced, s, &why);
		goto out;
	}
	for (i = 0; i < n && !in->stop; i++) {
		struct src ss = *s;
		struct rows r = { NULL, NULL };

		snprintf(where, sizeof where, "%s:%s", s->path,
		    workbook_sheet_name(wb, i));
		if (!holds[i]) {
			if (workbook_sheet_nrows(wb, i) > 0)
				notice(in, where, "W-INTAKE-SHEET-SKIPPED",
				    "the sheet holds no document type, not "
				    "read");
			continue;
		}
		ss.where = where;
		ss.wb = wb;
		ss.sheet = i;
		ss.sheet_name = workbook_sheet_name(wb, i);
		ss.sheet_in_id = taken > 1;
		if ((r.sheet = workbook_rows_new(wb, i)) == NULL) {
			in->stop = 1;
			break;
		}
		intake_rows(in, &ss, &r);
		workbook_rows_free(r.sheet);
	}
out:
	free(holds);
	workbook_free(wb);
}

/* ---- XML ---------------------------------------------------------------- */

/* Fields of one <document> or <member> into obj; unknown names are errors. */
static void
xml_fields(intake *in, const doctype *t, const struct src *s, json_t *src,
    int member, json_t *obj, json_t *atts, json_t *rec, const char *prefix)
{
	const doctype_field *f;
	const char *k;
	json_t *v;

	json_object_foreach(src, k, v) {
		f = doctype_field_find(t, k);
		if (f == NULL || f->member != member) {
			if (member)
				problem(in, rec, "E-INTAKE-UNKNOWN-FIELD", k,
				    "\"%s\" is not a member field of %s", k,
				    doctype_id(t));
			else
				problem(in, rec, "E-INTAKE-UNKNOWN-FIELD", k,
				    "\"%s\" is not a document field of %s",
				    k, doctype_id(t));
			continue;
		}
		put_value(in, s->folder, f, json_string_value(v), obj, atts,
		    rec, prefix);
	}
}

static void
intake_xml(intake *in, const struct src *s)
{
	json_t *doc, *d, *m, *rec, *fields, *members, *atts, *mf;
	const doctype *t;
	const char *tid;
	char prefix[64];
	size_t i, j;
	sg_err e;

	if ((doc = xmlin_load(s->path, in->xsd, &e)) == NULL) {
		const char *colon = strrchr(e.where, ':');

		reject_file_at(in, in->forced, s, colon ? strtoul(colon + 1,
		    NULL, 10) : 0, &e);
		return;
	}
	tid = json_string_value(json_object_get(doc, "type"));
	t = doctype_set_find(in->types, tid ? tid : "");
	if (t == NULL || (in->forced != NULL && in->forced != t)) {
		if (t != NULL)
			sg_err_set(&e, "E-INTAKE-TYPE", NULL, "the submission "
			    "is of type \"%s\", not the --type given", tid);
		else
			sg_err_set(&e, "E-INTAKE-TYPE", NULL, "unknown "
			    "document type \"%s\"", tid ? tid : "");
		reject_file(in, in->forced, s, &e);
		json_decref(doc);
		return;
	}
	json_array_foreach(json_object_get(doc, "documents"), i, d) {
		if (in->stop)
			break;
		in->st.rows++;
		rec = envelope(t, s, (unsigned long)json_integer_value(
		    json_object_get(d, "line")));
		fields = json_object();
		atts = json_array();
		rec_set_fields(rec, json_incref(fields));
		xml_fields(in, t, s, json_object_get(d, "fields"), 0, fields,
		    atts, rec, "");
		members = json_object_get(d, "members");
		if (json_array_size(members) > 0 &&
		    doctype_members_name(t) == NULL)
			problem(in, rec, "E-INTAKE-UNKNOWN-FIELD", "member", "%s has no member list", doctype_id(t));
		else if (doctype_members_name(t) != NULL) {
			json_t *list = json_array();

			json_array_foreach(members, j, m) {
				snprintf(prefix, sizeof prefix, "%s[%zu].",
				    doctype_members_name(t), j);
				mf = json_object();
				xml_fields(in, t, s, json_object_get(m,
				    "fields"), 1, mf, atts, rec, prefix);
				json_array_append_new(list, mf);
			}
			json_object_set_new(fields, doctype_members_name(t),
			    list);
		}
		finish(in, rec, atts, 1);
		json_decref(rec);
		json_decref(fields);
		json_decref(atts);
	}
	json_decref(doc);
}

/* ---- JSON Lines --------------------------------------------------------- */

static void
intake_jsonl(intake *in, const struct src *s)
{
	rec_reader *r = NULL;
	json_t *rec;
	const doctype *t;
	const char *tid;
	FILE *fp;
	sg_err e;
	int rc;

	if ((fp = fopen(s->path, "rb")) == NULL) {
		sg_err_errno(&e, "E-INTAKE-OPEN", NULL, "cannot open");
		reject_file(in, in->forced, s, &e);
		return;
	}
	if ((r = rec_reader_new(fp, s->path)) == NULL) {
		in->stop = 1;
		goto out;
	}
	while (!in->stop && (rc = rec_reader_next(r, &rec, &e)) != 0) {
		if (rc == -2) {
			reject_file(in, in->forced, s, &e);
			break;
		}
		in->st.rows++;
		if (rc == -1) {
			rec = envelope(in->forced, s, rec_reader_line(r));
			problem_err(in, rec, "", NULL, &e);
			finish(in, rec, NULL, 1);
			json_decref(rec);
			continue;
		}
		tid = rec_type(rec);
		t = tid ? doctype_set_find(in->types, tid) : NULL;
		if (rec_source(rec) == NULL)
			rec_set_source(rec, s->folder, s->file,
			    rec_reader_line(r));
		if (t == NULL)
			problem(in, rec, "E-INTAKE-TYPE", "type",
			    "unknown document type \"%s\"", tid ? tid : "");
		else if (in->forced != NULL && t != in->forced)
			problem(in, rec, "E-INTAKE-TYPE", "type",
			    "record of type \"%s\", not the --type given", tid);
		else if (rec_fields(rec) == NULL)
			problem(in, rec, "E-REC-NO-FIELDS",
			    "fields", "the record has no \"fields\" object");
		finish(in, rec, NULL, 1);
		json_decref(rec);
	}
out:
	rec_reader_free(r);
	fclose(fp);
}

/* ---- Walking ------------------------------------------------------------ */

enum ftype { F_OTHER, F_CSV, F_XML, F_JSONL, F_BOOK, F_UNREADABLE,
	F_ARCHIVE };

struct walk {
	intake *in;
	sg_err *err;
};

static enum ftype
file_kind(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL)
		return F_OTHER;
	if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") == 0 ||
	    strcasecmp(dot, ".txt") == 0)
		return F_CSV;
	if (strcasecmp(dot, ".xml") == 0)
		return F_XML;
	if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0)
		return F_JSONL;
	if (strcasecmp(dot, ".xlsx") == 0 || strcasecmp(dot, ".xlsm") == 0 ||
	    strcasecmp(dot, ".ods") == 0 || strcasecmp(dot, ".xls") == 0 ||
	    strcasecmp(dot, ".xltx") == 0 || strcasecmp(dot, ".xltm") == 0 ||
	    strcasecmp(dot, ".ots") == 0)
		return F_BOOK; /* (templates are workbooks too) */
	/* a village's folder sent packed: said, never skipped */
	if (strcasecmp(dot, ".zip") == 0 || strcasecmp(dot, ".rar") == 0 ||
	    strcasecmp(dot, ".7z") == 0)
		return F_ARCHIVE;
	/* spreadsheets segel does not read: said, never skipped */
	if (strcasecmp(dot, ".xlsb") == 0 || strcasecmp(dot, ".numbers") == 0 ||
	    strcasecmp(dot, ".et") == 0 || strcasecmp(dot, ".fods") == 0)
		return F_UNREADABLE;
	return F_OTHER;
}

/* Do the first bytes say zip or Compound File (workbook.h)? */
static int
looks_like_book(const char *path)
{
	unsigned char head[8];
	size_t n = 0;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	return workbook_sniff(head, n);
}

static void
intake_file(intake *in, const char *path, enum ftype k)
{
	struct src s;
	char *slash;

	s.path = path;
	if ((s.folder = strdup(path)) == NULL) {
		in->stop = 1;
		return;
	}
	if ((slash = strrchr(s.folder, '/')) != NULL) {
		*slash = '\0';
		s.file = path + (slash - s.folder) + 1;
		if (s.folder[0] == '\0')
			strcpy(s.folder, "/");
	} else {
		strcpy(s.folder, ".");
		s.file = path;
	}
	s.where = path;
	s.wb = NULL;
	s.sheet = 0;
	s.sheet_name = NULL;
	s.sheet_in_id = 0;
	in->st.files++;
	if ((k == F_CSV || k == F_OTHER) && looks_like_book(path))
		k = F_BOOK; /* a workbook saved under a .csv name, or none */
	switch (k) {
	case F_BOOK:
		intake_book(in, &s);
		break;
	case F_UNREADABLE: {
		sg_err e;

		sg_err_set(&e, "E-BOOK-KIND", NULL, "a spreadsheet segel does "
		    "not read (%s); save it as .xlsx, .ods or .csv",
		    strrchr(path, '.'));
		reject_file(in, in->forced, &s, &e);
		break;
	}
	case F_ARCHIVE: {
		sg_err e;

		sg_err_set(&e, "E-INTAKE-ARCHIVE", NULL, "an archive (%s): "
		    "segel-intake does not unpack; unpack it into the folder "
		    "and read that", strrchr(path, '.'));
		reject_file(in, in->forced, &s, &e);
		break;
	}
	case F_XML:
		intake_xml(in, &s);
		break;
	case F_JSONL:
		intake_jsonl(in, &s);
		break;
	default:
		intake_csv(in, &s);
		break;
	}
	free(s.folder);
}

int
intake_skip_output(intake *in, int fd, const char *path)
{
	struct stat st;

	if ((fd >= 0 ? fstat(fd, &st) : stat(path, &st)) != 0 ||
	    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return 0;
	if (in->nout == INTAKE_MAX_OUTPUTS)
		return -1;
	in->out[in->nout].dev = st.st_dev;
	in->out[in->nout].ino = st.st_ino;
	in->out[in->nout++].dir = S_ISDIR(st.st_mode);
	return 0;
}

/* Is the file at path one this run writes, or in a folder it writes into
 * (every folder on the way up, as far as path names them)?  With a
 * notice when it is. */
static int
own_output(intake *in, const char *path)
{
	char up[4200];
	struct stat st;
	size_t i, n;
	char *slash;
	int dir = 0;

	if (in->nout == 0 || strlen(path) >= sizeof up)
		return 0;
	strcpy(up, path);
	for (;;) {
		if (stat(up, &st) != 0)
			return 0;
		for (i = 0; i < in->nout; i++)
			if (in->out[i].dev == st.st_dev &&
			    in->out[i].ino == st.st_ino &&
			    in->out[i].dir == dir) {
				if (dir)
					notice(in, path, "W-INTAKE-OWN-OUTPUT",
					    "not read: it is in the folder "
					    "this run writes into (--return)");
				else
					notice(in, path, "W-INTAKE-OWN-OUTPUT",
					    "not read: this run writes it "
					    "(standard output or --rejects)");
				return 1;
			}
		for (i = 0; i < in->nout && !in->out[i].dir; i++)
			;
		if (i == in->nout || (slash = strrchr(up, '/')) == NULL)
			return 0;
		n = (size_t)(slash - up);
		up[n > 0 ? n : 1] = '\0';
		if (n == 0 && dir)
			return 0; /* "/" seen */
		dir = 1;
	}
}

/* A file the walk found (file.h): taken when its name says it holds data. */
static int
walk_file(void *ctx, const char *path, const char *name,
    const sg_err *problem)
{
	struct walk *w = ctx;

	if (problem != NULL) {
		*w->err = *problem;
		return -1;
	}
	if (file_kind(name) != F_OTHER && !own_output(w->in, path))
		intake_file(w->in, path, file_kind(name));
	return w->in->stop;
}

int
intake_path(intake *in, const char *path, intake_emit_fn fn, void *ctx,
    sg_err *err)
{
	struct stat st;
	int rc;

	in->emit = fn;
	in->ctx = ctx;
	if (stat(path, &st) != 0) {
		sg_err_sys(err, path, "cannot open");
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		struct walk w = { in, err };

		rc = file_walk(path, INTAKE_MAX_DEPTH, walk_file, &w, err);
		if (rc > 0)
			rc = 0;	/* stopped: said below */
	} else {
		if (!own_output(in, path))
			intake_file(in, path, file_kind(path));
		rc = 0;
	}
	if (in->stop && rc == 0) {
		sg_err_set(err, "E-SYSTEM", path, "stopped");
		rc = -1;
	}
	return rc;
}
