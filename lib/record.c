#include "record.h"
#include "text.h"

#include "jsonline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define REC_BLOCK 65536

struct rec_reader {
	FILE *fp;
	char *name;
	char *buf;               /* the current line */
	size_t cap;
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
	free(r->buf);
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
	return jsonline_parse(buf, len, err);
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

/* Append n bytes to the line being built, bounded by REC_MAX_LINE. */
static int
line_put(rec_reader *r, size_t *n, const char *p, size_t k, int *toolong)
{
	if (*toolong)
		return 0;
	if (*n + k + 1 > REC_MAX_LINE + 1) {
		*toolong = 1;
		return 0;
	}
	if (*n + k + 1 > r->cap) {
		size_t ncap = r->cap ? r->cap : 4096;
		char *nb;

		while (ncap < *n + k + 1)
			ncap *= 2;
		if ((nb = realloc(r->buf, ncap)) == NULL)
			return -1;
		r->buf = nb;
		r->cap = ncap;
	}
	memcpy(r->buf + *n, p, k);
	*n += k;
	return 0;
}

/*
 * Read one line into r->buf from 64 KiB blocks.  Returns its length, -1 at
 * end of stream, -2 on a read error, -3 when the line was longer than
 * REC_MAX_LINE (the rest of it is skipped).
 */
static long
reader_getline(rec_reader *r)
{
	size_t n = 0, k;
	char *nl;
	int toolong = 0, got = 0;

	if (r->blk == NULL && (r->blk = malloc(REC_BLOCK)) == NULL)
		return -2;
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
		if (line_put(r, &n, r->blk + r->bpos, k, &toolong) != 0)
			return -2;
		r->bpos += k;
		if (nl != NULL) {
			r->bpos++;
			break;
		}
	}
	if (!got && n == 0)
		return -1;
	r->line++;
	if (toolong)
		return -3;
	if (n > 0 && r->buf[n - 1] == '\r')
		n--;
	if (r->buf == NULL && line_put(r, &n, "", 0, &toolong) != 0)
		return -2;
	r->buf[n] = '\0';
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
			if (r->buf[i] != ' ' && r->buf[i] != '\t')
				break;
		if (i < (size_t)n)
			break; /* blank lines are allowed and skipped */
	}
	*line = r->buf;
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

int
rec_write(FILE *fp, const json_t *rec)
{
	static jsonline_buf b; /* tools are single-threaded */

	b.n = 0;
	if (jsonline_dump(rec, &b) != 0) {
		errno = ENOMEM;
		return -1;
	}
	if (fwrite(b.p, 1, b.n, fp) != b.n) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
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
	if (json_object_get(rec, "id") == NULL &&
	    json_object_set_new(rec, "id", json_string(id)) != 0)
		goto out;
	src = json_pack("{s:s, s:s, s:I}", "folder", fo, "file", fi, "line",
	    (json_int_t)line);
	if (src == NULL || json_object_set_new(rec, "source", src) != 0)
		goto out;
	rc = 0;
out:
	free(fo);
	free(fi);
	return rc;
}

int
rec_add_problem(json_t *rec, const char *key, const char *code,
    const char *path, const char *fmt, ...)
{
	json_t *list, *p;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	text_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if ((list = json_object_get(rec, key)) == NULL) {
		if (json_object_set_new(rec, key, json_array()) != 0)
			return -1;
		list = json_object_get(rec, key);
	}
	if (!json_is_array(list))
		return -1;
	p = json_pack("{s:s, s:s, s:s}", "code", code, "path",
	    path ? path : "", "message", msg);
	return p == NULL ? -1 : json_array_append_new(list, p);
}
