/*
 * record.c - the record stream and its envelope (record.h), on the fast
 * path of lib/jsonline.c.
 */
#include "record.h"
#include "buf.h"
#include "jsonline.h"
#include "text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define REC_BLOCK 65536

/* The envelope's keys (formats/records.md): spelled here only. */
#define K_TYPE        "type"
#define K_ID          "id"
#define K_SOURCE      "source"
#define K_FOLDER      "folder"
#define K_FILE        "file"
#define K_LINE        "line"
#define K_LINES       "lines"
#define K_ADDRESS     "address"
#define K_EXTRA       "extra"
#define K_SHEET       "sheet"
#define K_FIELDS      "fields"
#define K_ATTACHMENTS "attachments"
#define K_MEDIA       "media"
#define K_BYTES       "bytes"
#define K_VALIDATION  "validation"
#define K_WARNINGS    "warnings"
#define K_ISSUE       "issue"
#define K_NUMBER      "number"
#define K_ISSUED      "issued"
#define K_ISSUER      "issuer"
#define K_KID         "kid"
#define K_OFFICE      "office"
#define K_OFFICIAL    "official"
#define K_NIP         "nip"
#define K_SEAL        "seal"
#define K_PDF         "pdf"
#define K_SHA256      "sha256"
#define K_PAGES       "pages"
#define K_ERRORS      "errors"
#define K_CODE        "code"
#define K_PATH        "path"
#define K_MESSAGE     "message"

struct rec_reader {
	FILE *fp;
	char *name;
	sg_buf buf;              /* the current line, at most REC_MAX_LINE */
	char *blk;               /* read-ahead block */
	size_t bpos, blen;
	int eof, err;
	unsigned long line;
	char where[512];
};

rec_reader *
rec_reader_new(FILE *fp, const char *name)
{
	rec_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->fp = fp;
	r->buf.max = REC_MAX_LINE;
	r->name = strdup(name == NULL || strcmp(name, "-") == 0 ?
	    "<stdin>" : name);
	if (r->name == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

void
rec_reader_free(rec_reader *r)
{
	if (r == NULL)
		return;
	sg_buf_free(&r->buf);
	free(r->blk);
	free(r->name);
	free(r);
}

unsigned long
rec_reader_line(const rec_reader *r)
{
	return r->line;
}

const char *
rec_reader_name(const rec_reader *r)
{
	return r->name;
}

const char *
rec_reader_where(rec_reader *r)
{
	snprintf(r->where, sizeof r->where, "%s:%lu", r->name, r->line);
	return r->where;
}

json_t *
rec_parse(const char *buf, size_t len, sg_err *err)
{
	json_t *v;

	if ((v = jsonline_parse(buf, len)) != NULL)
		return v;
	return rec_parse_jansson(buf, len, err);
}

json_t *
rec_parse_jansson(const char *buf, size_t len, sg_err *err)
{
	json_error_t je;
	json_t *v;

	v = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (v == NULL) {
		sg_err_set(err, "E-REC-JSON", NULL, "not a JSON record: %s "
		    "(column %d)", je.text, je.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		sg_err_set(err, "E-REC-NOT-OBJECT", NULL,
		    "a record must be a JSON object");
		return NULL;
	}
	return v;
}

/*
 * Read one line into r->buf from 64 KiB blocks.  Returns its length, -1 at
 * end of stream, -2 on a read error, -3 when the line was longer than
 * REC_MAX_LINE (the rest of it is skipped).
 */
static long
reader_getline(rec_reader *r)
{
	size_t n, k;
	char *nl;
	int got = 0;

	if (r->blk == NULL && (r->blk = malloc(REC_BLOCK)) == NULL)
		return -2;
	sg_buf_reset(&r->buf);
	for (;;) {
		if (r->bpos == r->blen) {
			if (r->eof)
				break;
			r->blen = fread(r->blk, 1, REC_BLOCK, r->fp);
			r->bpos = 0;
			if (r->blen == 0) {
				if (ferror(r->fp))
					return -2;
				r->eof = 1;
				break;
			}
		}
		got = 1;
		k = r->blen - r->bpos;
		nl = memchr(r->blk + r->bpos, '\n', k);
		if (nl != NULL)
			k = (size_t)(nl - (r->blk + r->bpos));
		/* past REC_MAX_LINE the rest of the line is skipped */
		if (sg_buf_add(&r->buf, r->blk + r->bpos, k) != 0 &&
		    r->buf.err == SG_BUF_NOMEM)
			return -2;
		r->bpos += k;
		if (nl != NULL) {
			r->bpos++;
			break;
		}
	}
	if (!got && r->buf.len == 0)
		return -1;
	r->line++;
	if (r->buf.err == SG_BUF_TOOBIG)
		return -3;
	n = r->buf.len;
	if (n > 0 && r->buf.p[n - 1] == '\r')
		sg_buf_truncate(&r->buf, --n);
	if (sg_buf_str(&r->buf) == NULL)
		return -2;
	return (long)n;
}

int
rec_reader_next_raw(rec_reader *r, const char **line, size_t *len,
    sg_err *err)
{
	long n;
	size_t i;

	for (;;) {
		n = reader_getline(r);
		if (n == -1)
			return 0;
		if (n == -2) {
			sg_err_sys(err, r->name, "cannot read");
			return -2;
		}
		if (n == -3) {
			sg_err_set(err, "E-REC-TOO-LONG", rec_reader_where(r),
			    "line longer than %u bytes", REC_MAX_LINE);
			return -1;
		}
		for (i = 0; i < (size_t)n; i++)
			if (r->buf.p[i] != ' ' && r->buf.p[i] != '\t')
				break;
		if (i < (size_t)n)
			break; /* blank lines are allowed and skipped */
	}
	*line = r->buf.p;
	*len = (size_t)n;
	return 1;
}

int
rec_reader_next(rec_reader *r, json_t **out, sg_err *err)
{
	const char *line;
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = rec_reader_next_raw(r, &line, &n, err)) != 1)
		return rc;
	if ((*out = rec_parse(line, n, err)) == NULL) {
		snprintf(err ? err->where : r->where,
		    err ? sizeof err->where : sizeof r->where, "%s:%lu",
		    r->name, r->line);
		return -1;
	}
	return 1;
}

/* The line of rec in the calling thread's buffer, or NULL. */
static const sg_buf *
rec_line(const json_t *rec)
{
	static _Thread_local sg_buf b;

	sg_buf_reset(&b);
	if (jsonline_dump(rec, &b) != 0)
		return NULL;
	return &b;
}

int
rec_write(FILE *fp, const json_t *rec)
{
	const sg_buf *b;

	if ((b = rec_line(rec)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (fwrite(b->p, 1, b->len, fp) != b->len) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

char *
rec_format(const json_t *rec, size_t *len)
{
	const sg_buf *b;
	char *s;

	if ((b = rec_line(rec)) == NULL || (s = malloc(b->len + 1)) == NULL)
		return NULL;
	memcpy(s, b->p, b->len);
	s[b->len] = '\0';
	if (len != NULL)
		*len = b->len;
	return s;
}
int
rec_set_source(json_t *rec, const char *folder, const char *file,
    unsigned long line)
{
	json_t *src;
	char id[1024], *fo, *fi;
	int rc = -1;

	/* Names from the file system may hold anything: escaped (text.h),
	 * so that JSON takes them and a terminal shows them harmlessly. */
	fo = text_escape_dup(folder ? folder : "", folder ? strlen(folder) : 0);
	fi = text_escape_dup(file, strlen(file));
	if (fo == NULL || fi == NULL)
		goto out;
	if (*fo != '\0' && strcmp(fo, ".") != 0) {
		const char *base = strrchr(fo, '/');

		base = base && base[1] ? base + 1 : fo;
		text_format(id, sizeof id, "%s/%s:%lu", base, fi, line);
	}
	else
		text_format(id, sizeof id, "%s:%lu", fi, line);
	if (json_object_get(rec, K_ID) == NULL &&
	    json_object_set_new(rec, K_ID, json_string(id)) != 0)
		goto out;
	src = json_pack("{s:s, s:s, s:I}", K_FOLDER, fo, K_FILE, fi, K_LINE,
	    (json_int_t)line);
	if (src == NULL || json_object_set_new(rec, K_SOURCE, src) != 0)
		goto out;
	rc = 0;
out:
	free(fo);
	free(fi);
	return rc;
}

int
rec_set_source_sheet(json_t *rec, const char *sheet, int in_id)
{
	json_t *src = rec_source(rec);
	const char *id = rec_id(rec), *colon;
	char *sh, nid[1024];
	int rc = -1;

	if (!json_is_object(src) ||
	    (sh = text_escape_dup(sheet, strlen(sheet))) == NULL)
		return -1;
	if (json_object_set_new(src, K_SHEET, json_string(sh)) != 0)
		goto out;
	/* "folder/book.xlsx:12" -> "folder/book.xlsx:Sheet2:12" */
	if (in_id && id != NULL && (colon = strrchr(id, ':')) != NULL) {
		text_format(nid, sizeof nid, "%.*s:%s%s", (int)(colon - id),
		    id, sh, colon);
		if (json_object_set_new(rec, K_ID, json_string(nid)) != 0)
			goto out;
	}
	rc = 0;
out:
	free(sh);
	return rc;
}

/* ---- problems and rejects ---- */

json_t *
rec_problem_new(const char *code, const char *path, const char *msg)
{
	return json_pack("{s:s, s:s, s:s}", K_CODE, code, K_PATH,
	    path ? path : "", K_MESSAGE, msg);
}

/* Append a problem to the array rec[key], made on demand. */
static int
add_problem(json_t *rec, const char *key, const char *code,
    const char *path, const char *fmt, va_list ap)
{
	json_t *list;
	char msg[1024];

	text_vformat(msg, sizeof msg, fmt, ap);
	if ((list = json_object_get(rec, key)) == NULL) {
		if (json_object_set_new(rec, key, json_array()) != 0)
			return -1;
		list = json_object_get(rec, key);
	}
	if (!json_is_array(list))
		return -1;
	return json_array_append_new(list, rec_problem_new(code, path, msg));
}

int
rec_add_error(json_t *rec, const char *code, const char *path,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add_problem(rec, K_ERRORS, code, path, fmt, ap);
	va_end(ap);
	return rc;
}

json_t *
rec_reject(json_t *rec, const char *where, const sg_err *err)
{
	json_t *r;

	if (rec != NULL) {
		r = json_incref(rec);
		if (rec_add_error(r, err->code, err->where, "%s",
		    err->message) == 0)
			return r;
	} else {
		r = json_pack("{s:n, s:s}", K_TYPE, K_ID, where ? where : "");
		if (r != NULL && rec_add_error(r, err->code, "", "%s",
		    err->message) == 0)
			return r;
	}
	json_decref(r);
	return NULL;
}

/* ---- the envelope ---- */

static const char *
str_at(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static json_t *
obj_at(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_object(v) ? v : NULL;
}

const char *
rec_type(const json_t *rec)
{
	return str_at(rec, K_TYPE);
}

const char *
rec_id(const json_t *rec)
{
	return str_at(rec, K_ID);
}

json_t *
rec_fields(const json_t *rec)
{
	return obj_at(rec, K_FIELDS);
}

json_t *
rec_source(const json_t *rec)
{
	return json_object_get(rec, K_SOURCE);
}

json_t *
rec_issue(const json_t *rec)
{
	return json_object_get(rec, K_ISSUE);
}

const char *
rec_issue_number(const json_t *rec)
{
	return str_at(rec_issue(rec), K_NUMBER);
}

const char *
rec_seal(const json_t *rec)
{
	return str_at(rec, K_SEAL);
}

json_t *
rec_errors(const json_t *rec)
{
	return json_object_get(rec, K_ERRORS);
}

int
rec_set_type(json_t *rec, const char *type)
{
	return json_object_set_new(rec, K_TYPE, type != NULL ?
	    json_string(type) : json_null());
}

/* Set key in the record's "source", taking value's reference. */
static int
source_set(json_t *rec, const char *key, json_t *value)
{
	json_t *src = rec_source(rec);

	if (!json_is_object(src)) {
		json_decref(value);
		return -1;
	}
	return json_object_set_new(src, key, value);
}

int
rec_set_source_lines(json_t *rec, json_t *lines)
{
	return source_set(rec, K_LINES, lines);
}

json_t *
rec_source_address(const json_t *rec)
{
	return json_object_get(rec_source(rec), K_ADDRESS);
}

int
rec_set_source_extra(json_t *rec, json_t *extra)
{
	return source_set(rec, K_EXTRA, extra);
}

int
rec_set_source_address(json_t *rec, json_t *address)
{
	return source_set(rec, K_ADDRESS, address);
}

int
rec_set_fields(json_t *rec, json_t *fields)
{
	return json_object_set_new(rec, K_FIELDS, fields);
}

int
rec_set_attachments(json_t *rec, json_t *attachments)
{
	return json_object_set_new(rec, K_ATTACHMENTS, attachments);
}

const json_t *
rec_attachments(const json_t *rec)
{
	const json_t *a = json_object_get(rec, K_ATTACHMENTS);

	return json_is_array(a) ? a : NULL;
}

json_t *
rec_attachment_new(const char *path, const char *media,
    unsigned long long bytes, const char *sha256)
{
	return json_pack("{s:s, s:s, s:I, s:s}", K_PATH, path, K_MEDIA, media,
	    K_BYTES, (json_int_t)bytes, K_SHA256, sha256);
}

void
rec_issue_get(const json_t *issue, rec_issue_info *out)
{
	out->number = str_at(issue, K_NUMBER);
	out->issued = str_at(issue, K_ISSUED);
	out->issuer = str_at(issue, K_ISSUER);
	out->kid = str_at(issue, K_KID);
	out->office = str_at(issue, K_OFFICE);
	out->official = str_at(issue, K_OFFICIAL);
	out->nip = str_at(issue, K_NIP);
}

json_t *
rec_issue_new(const rec_issue_info *in)
{
	const struct {
		const char *key, *val;
	} part[] = {
		{ K_NUMBER, in->number }, { K_ISSUED, in->issued },
		{ K_ISSUER, in->issuer }, { K_KID, in->kid },
		{ K_OFFICE, in->office }, { K_OFFICIAL, in->official },
		{ K_NIP, in->nip },
	};
	json_t *o;
	size_t i;

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < sizeof part / sizeof part[0]; i++)
		if (part[i].val != NULL && json_object_set_new(o, part[i].key,
		    json_string(part[i].val)) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

int
rec_set_issue(json_t *rec, const rec_issue_info *in)
{
	return json_object_set_new(rec, K_ISSUE, rec_issue_new(in));
}

int
rec_set_seal(json_t *rec, const char *text)
{
	return json_object_set_new(rec, K_SEAL, json_string(text));
}

int
rec_set_pdf(json_t *rec, const char *path, const char *sha256, int pages)
{
	if (path == NULL)
		return json_object_del(rec, K_PDF), 0;
	return json_object_set_new(rec, K_PDF, json_pack("{s:s, s:s, s:i}",
	    K_PATH, path, K_SHA256, sha256, K_PAGES, pages));
}

int
rec_set_validation(json_t *rec, json_t *warnings)
{
	json_object_del(rec, K_ERRORS);
	return json_object_set_new(rec, K_VALIDATION, json_pack("{s:o}",
	    K_WARNINGS, warnings));
}

int
rec_set_errors(json_t *rec, json_t *errors)
{
	json_object_del(rec, K_VALIDATION);
	return json_object_set_new(rec, K_ERRORS, errors);
}

int
rec_errors_last(json_t *rec)
{
	json_t *errs = json_object_get(rec, K_ERRORS);

	if (errs == NULL)
		return 0;
	json_incref(errs);
	json_object_del(rec, K_ERRORS);
	return json_object_set_new(rec, K_ERRORS, errs);
}

/* "folder/file", with ":sheet" when the record came from a workbook's
 * sheet (the way intake names the sheet it reads), then ":line" when
 * line > 0. */
static void
place(const json_t *src, long long line, char *buf, size_t sz)
{
	const char *folder = str_at(src, K_FOLDER);
	const char *file = str_at(src, K_FILE);
	const char *sheet = str_at(src, K_SHEET);
	int n;

	n = snprintf(buf, sz, "%s%s%s%s%s", folder != NULL && *folder != '\0' ?
	    folder : "", folder != NULL && *folder != '\0' ? "/" : "", file,
	    sheet != NULL ? ":" : "", sheet != NULL ? sheet : "");
	if (line > 0 && n >= 0 && (size_t)n < sz)
		snprintf(buf + n, sz - (size_t)n, ":%lld", line);
}

void
rec_where(const json_t *rec, const char *fallback, char *buf, size_t sz)
{
	const json_t *src = rec_source(rec);

	if (str_at(src, K_FILE) == NULL)
		snprintf(buf, sz, "%s", fallback ? fallback : "");
	else
		place(src, (long long)json_integer_value(json_object_get(src,
		    K_LINE)), buf, sz);
}

long
rec_problem_line(const json_t *rec, const json_t *problem)
{
	const json_t *src = rec_source(rec);
	const char *path = rec_problem_path(problem), *b;
	json_t *lines = json_object_get(src, K_LINES), *l;
	char *end;
	unsigned long k;

	if ((b = strchr(path, '[')) != NULL && b[1] >= '0' && b[1] <= '9') {
		k = strtoul(b + 1, &end, 10);
		if (*end == ']' && (l = json_array_get(lines, k)) != NULL &&
		    json_integer_value(l) > 0)
			return (long)json_integer_value(l);
	}
	return (long)json_integer_value(json_object_get(src, K_LINE));
}

void
rec_problem_where(const json_t *rec, const json_t *problem,
    const char *fallback, char *buf, size_t sz)
{
	const json_t *src = rec_source(rec);
	long line = rec_problem_line(rec, problem);

	if (str_at(src, K_FILE) == NULL || line <= 0)
		rec_where(rec, fallback, buf, sz);
	else
		place(src, line, buf, sz);
}

static const char *
str_or_empty(const json_t *obj, const char *key)
{
	const char *s = str_at(obj, key);

	return s != NULL ? s : "";
}

const char *
rec_problem_code(const json_t *problem)
{
	return str_or_empty(problem, K_CODE);
}

const char *
rec_problem_path(const json_t *problem)
{
	return str_or_empty(problem, K_PATH);
}

const char *
rec_problem_message(const json_t *problem)
{
	return str_or_empty(problem, K_MESSAGE);
}
