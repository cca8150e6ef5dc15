#include "csv.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

/*
 * The reader works on a window [p, end) of UTF-8-ish bytes: the caller's
 * buffer itself (memory, UTF-8), a 64 KiB block read with fread (file,
 * UTF-8) or that block decoded from UTF-16.  Each field is copied once
 * into one growing row buffer, NUL-terminated, with its start in off[];
 * nothing else is allocated per row.  Windows-1252 is decided per field
 * once the field is complete, so memory is bounded by the row.
 */

#define CSV_BLOCK (64u << 10)

enum { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_UTF16BE };
enum { ST_START, ST_UNQ, ST_Q, ST_QQ };

/*
 * The UTF-16 decoder writes this byte for an unpaired surrogate or an odd
 * trailing byte.  It never occurs in UTF-8, so the field check catches it
 * and the row is reported as E-CSV-UTF16 instead of guessed at.
 */
#define U16_BAD 0xFF

struct csv_reader {
	FILE *fp;
	const unsigned char *mem;
	size_t memlen, mempos;
	char *name;

	int started, raw_eof, fatal;
	int enc, cp1252;
	char sep;
	sg_err ferr;			/* the fatal error, repeated on call */
	unsigned char cls_unq[256];	/* bytes that end a run outside quotes */
	unsigned char cls_q[256];	/* bytes that end a run inside quotes */

	const unsigned char *p, *end;	/* the window */
	unsigned char *raw;		/* file block */
	unsigned char *ubuf;		/* UTF-16 decoded */
	int u16_odd;
	unsigned char u16_oddbyte;
	unsigned long u16_hi;

	unsigned long line, row_line;
	int cr;				/* last byte consumed was CR */

	sg_buf row;           /* the fields, each NUL-ended */
	size_t rowbytes, fstart;
	size_t *off;
	size_t nfields, offcap;
	long undecodable;	/* field with bytes neither UTF-8 nor cp1252 */
	char *scratch;
	size_t scap;
	const char *bad_code;
	const char *bad_msg;  /* its sentence (a literal), in English */
};

static csv_reader *
reader_alloc(const char *name, const char *dflt)
{
	csv_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->name = strdup(name == NULL || strcmp(name, "-") == 0 ?
	    dflt : name);
	r->off = malloc(32 * sizeof *r->off);
	if (r->name == NULL || r->off == NULL ||
	    sg_buf_reserve(&r->row, 4096) != 0) {
		csv_reader_free(r);
		return NULL;
	}
	r->offcap = 32;
	r->line = 1;
	return r;
}

csv_reader *
csv_reader_new(FILE *fp, const char *name)
{
	csv_reader *r;

	if (fp == NULL)
		return NULL;
	if ((r = reader_alloc(name, "<stdin>")) == NULL)
		return NULL;
	r->fp = fp;
	if ((r->raw = malloc(CSV_BLOCK)) == NULL) {
		csv_reader_free(r);
		return NULL;
	}
	return r;
}

csv_reader *
csv_reader_new_mem(const char *buf, size_t len, const char *name)
{
	csv_reader *r;

	if (buf == NULL && len > 0)
		return NULL;
	if ((r = reader_alloc(name, "<memory>")) == NULL)
		return NULL;
	r->mem = (const unsigned char *)(buf != NULL ? buf : "");
	r->memlen = len;
	return r;
}

void
csv_reader_free(csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->scratch);
	free(r->off);
	sg_buf_free(&r->row);
	free(r->ubuf);
	free(r->raw);
	free(r->name);
	free(r);
}

long
csv_reader_undecodable(const csv_reader *r)
{
	return r->undecodable;
}

size_t
csv_reader_nfields(const csv_reader *r)
{
	return r->nfields;
}

const char *
csv_reader_field(const csv_reader *r, size_t i)
{
	if (i >= r->nfields)
		return NULL;
	return r->row.p + r->off[i];
}

unsigned long
csv_reader_line(const csv_reader *r)
{
	return r->row_line;
}

char
csv_reader_sep(const csv_reader *r)
{
	return r->sep;
}

const char *
csv_reader_encoding(const csv_reader *r)
{
	if (r->cp1252)
		return "Windows-1252";
	switch (r->enc) {
	case ENC_UTF8_BOM:
		return "UTF-8 (BOM)";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "UTF-8";
	}
}

/* Fatal errors are kept on the handle: a second call gets the same. */
static int
reader_fatal(csv_reader *r, const char *code, unsigned long line,
    const char *msg)
{
	char where[512];

	if (line > 0)
		snprintf(where, sizeof where, "%s:%lu", r->name, line);
	else
		snprintf(where, sizeof where, "%s", r->name);
	if (strcmp(code, "E-SYSTEM") == 0)
		sg_err_sys(&r->ferr, where, "%s", msg);
	else {
		sg_err_set(&r->ferr, code, where, "%s", msg);
		snprintf(r->ferr.text, sizeof r->ferr.text, "%s", _(msg));
	}
	r->fatal = 1;
	return -2;
}

/* ---- input ---------------------------------------------------------- */

static void
u16_emit(csv_reader *r, unsigned char **op, unsigned long u)
{
	unsigned char *o = *op;

	if (r->u16_hi != 0) {
		if (u >= 0xDC00 && u <= 0xDFFF) {
			u = 0x10000 + ((r->u16_hi - 0xD800) << 10) +
			    (u - 0xDC00);
			r->u16_hi = 0;
			*op = o + text_utf8_put((char *)o, u);
			return;
		}
		*o++ = U16_BAD;
		r->u16_hi = 0;
	}
	if (u >= 0xD800 && u <= 0xDBFF)
		r->u16_hi = u;
	else if (u >= 0xDC00 && u <= 0xDFFF)
		*o++ = U16_BAD;
	else
		o += text_utf8_put((char *)o, u);
	*op = o;
}

/* Decode s[0..n) into ubuf and make it the window; state carries over. */
static void
u16_decode(csv_reader *r, const unsigned char *s, size_t n)
{
	unsigned char *o = r->ubuf;
	int be = r->enc == ENC_UTF16BE;
	size_t i = 0;
	unsigned long u;

	if (r->u16_odd && n > 0) {
		u = be ? (unsigned long)r->u16_oddbyte << 8 | s[0] :
		    (unsigned long)s[0] << 8 | r->u16_oddbyte;
		r->u16_odd = 0;
		u16_emit(r, &o, u);
		i = 1;
	}
	for (; i + 1 < n; i += 2) {
		u = be ? (unsigned long)s[i] << 8 | s[i + 1] :
		    (unsigned long)s[i + 1] << 8 | s[i];
		if (u < 0x80 && r->u16_hi == 0)
			*o++ = (unsigned char)u;
		else
			u16_emit(r, &o, u);
	}
	if (i < n) {
		r->u16_odd = 1;
		r->u16_oddbyte = s[i];
	}
	r->p = r->ubuf;
	r->end = o;
}

/* The next raw block: 1 with *sp, *np set, 0 at the end, -2 on error. */
static int
raw_next(csv_reader *r, const unsigned char **sp, size_t *np)
{
	size_t n;

	if (r->fp == NULL) {
		n = r->memlen - r->mempos;
		if (n == 0)
			return 0;
		if (r->enc >= ENC_UTF16LE && n > CSV_BLOCK)
			n = CSV_BLOCK;
		*sp = r->mem + r->mempos;
		*np = n;
		r->mempos += n;
		return 1;
	}
	n = fread(r->raw, 1, CSV_BLOCK, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return reader_fatal(r, "E-SYSTEM", r->line,
			    "cannot read");
		return 0;
	}
	*sp = r->raw;
	*np = n;
	return 1;
}

/* Make the window non-empty: 1, or 0 at the end of input, or -2. */
static int
reader_fill(csv_reader *r)
{
	const unsigned char *s = NULL;
	size_t n = 0;
	int rc;

	while (!r->raw_eof) {
		if ((rc = raw_next(r, &s, &n)) < 0)
			return rc;
		if (rc == 0) {
			r->raw_eof = 1;
			if (r->enc >= ENC_UTF16LE &&
			    (r->u16_hi != 0 || r->u16_odd)) {
				r->ubuf[0] = U16_BAD;
				r->p = r->ubuf;
				r->end = r->ubuf + 1;
				r->u16_hi = 0;
				r->u16_odd = 0;
				return 1;
			}
			return 0;
		}
		if (r->enc >= ENC_UTF16LE) {
			u16_decode(r, s, n);
		} else {
			r->p = s;
			r->end = s + n;
		}
		if (r->p < r->end)
			return 1;
	}
	return 0;
}

/* Excel writes a BOM before UTF-16 and before "CSV UTF-8". */
static int
detect_encoding(const unsigned char *b, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		*skip = 3;
		return ENC_UTF8_BOM;
	}
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		*skip = 2;
		return ENC_UTF16LE;
	}
	if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		*skip = 2;
		return ENC_UTF16BE;
	}
	/* UTF-16 without a BOM is not guessed at: its NULs refuse it. */
	return ENC_UTF8;
}

/*
 * The separator is whichever of ';' ',' TAB occurs most outside quotes in
 * the first non-blank record, ties going ';' then ',' then TAB (Excel in
 * an Indonesian locale writes ';').  No separator at all: one column,
 * read with ','.
 */
static char
detect_sep(const unsigned char *s, const unsigned char *end)
{
	size_t nc = 0, ns = 0, nt = 0;
	int inq = 0, blank = 1;

	for (; s < end; s++) {
		if (inq) {
			if (*s == '"')
				inq = 0;
			continue;
		}
		switch (*s) {
		case '"':
			inq = 1;
			blank = 0;
			break;
		case ',':
			nc++;
			blank = 0;
			break;
		case ';':
			ns++;
			blank = 0;
			break;
		case '\t':
			nt++;
			break;
		case ' ':
		case '\v':
		case '\f':
			break;
		case '\r':
		case '\n':
			if (!blank)
				goto done;
			nc = ns = nt = 0;
			break;
		default:
			blank = 0;
			break;
		}
	}
done:
	if (ns > 0 && ns >= nc && ns >= nt)
		return ';';
	if (nc > 0 && nc >= nt)
		return ',';
	if (nt > 0)
		return '\t';
	return ',';
}

static int
reader_start(csv_reader *r)
{
	const unsigned char *b;
	size_t n, skip;

	r->started = 1;
	if (r->fp != NULL) {
		n = fread(r->raw, 1, CSV_BLOCK, r->fp);
		if (n < CSV_BLOCK && ferror(r->fp))
			return reader_fatal(r, "E-SYSTEM", 0, "cannot read");
		b = r->raw;
	} else {
		b = r->mem;
		n = r->memlen;
	}
	r->enc = detect_encoding(b, n, &skip);
	if (r->enc >= ENC_UTF16LE) {
		if ((r->ubuf = malloc(CSV_BLOCK / 2 * 3 + 16)) == NULL)
			return reader_fatal(r, "E-SYSTEM", 0, "out of memory");
		if (r->fp == NULL && n > CSV_BLOCK)
			n = CSV_BLOCK;
	}
	if (r->fp == NULL)
		r->mempos = n;
	if (r->fp != NULL && n == 0)
		r->raw_eof = 1;
	b += skip;
	n -= skip;
	if (r->enc >= ENC_UTF16LE) {
		u16_decode(r, b, n);
	} else {
		r->p = b;
		r->end = b + n;
	}
	/*
	 * Refuse a binary file before it yields a row of garbage.  Only the
	 * first block, so memory and FILE behave alike; a NUL later is
	 * caught where the parser meets it.
	 */
	n = (size_t)(r->end - r->p);
	if (memchr(r->p, 0, n < CSV_BLOCK ? n : CSV_BLOCK) != NULL)
		return reader_fatal(r, "E-CSV-BINARY", 0,
		    "binary file, not CSV (it contains NUL bytes; UTF-16 "
		    "needs its byte-order mark: save as \"CSV UTF-8\")");
	r->sep = detect_sep(r->p, r->end);
	/* Excel's "sep=;" first line names the separator (a CSV written for
	 * an Excel of another locale): taken, and the line is no row. */
	n = (size_t)(r->end - r->p);
	if (n >= 5 && memcmp(r->p, "sep=", 4) == 0 &&
	    strchr(",;\t|", r->p[4]) != NULL && r->p[4] != '\0' &&
	    (n == 5 || r->p[5] == '\r' || r->p[5] == '\n')) {
		r->sep = (char)r->p[4];
		r->p += 5;
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
	}
	r->cls_unq[(unsigned char)r->sep] = 1;
	r->cls_unq['\r'] = r->cls_unq['\n'] = r->cls_unq[0] = 1;
	r->cls_q['"'] = r->cls_q['\r'] = r->cls_q['\n'] = r->cls_q[0] = 1;
	return 0;
}

/* ---- the row ---------------------------------------------------------- */

static void
row_fail(csv_reader *r, const char *code, const char *msg)
{
	if (r->bad_code != NULL)
		return;
	r->bad_code = code;
	r->bad_msg = msg;
}

static int
field_begin(csv_reader *r)
{
	size_t *p;

	if (r->bad_code != NULL)
		return 0;
	if (r->nfields == CSV_MAX_FIELDS) {
		row_fail(r, "E-CSV-TOO-MANY-FIELDS", "more than 512 fields "
		    "in a row");
		return 0;
	}
	if (r->nfields == r->offcap) {
		if ((p = realloc(r->off, 2 * r->offcap * sizeof *p)) == NULL)
			return -1;
		r->off = p;
		r->offcap *= 2;
	}
	r->off[r->nfields++] = r->row.len;
	r->fstart = r->row.len;
	return 0;
}

static int
append(csv_reader *r, const unsigned char *s, size_t n)
{
	if (r->bad_code != NULL)
		return 0;
	if (r->row.len - r->fstart + n > CSV_MAX_FIELD) {
		row_fail(r, "E-CSV-FIELD-TOO-LONG", "a field is longer than "
		    "64 KiB");
		return 0;
	}
	if (r->rowbytes + n > CSV_MAX_ROW) {
		row_fail(r, "E-CSV-ROW-TOO-LONG", "the row is longer than "
		    "1 MiB");
		return 0;
	}
	if (sg_buf_add(&r->row, s, n) != 0)
		return -1;
	r->rowbytes += n;
	return 0;
}

/* Close the current field: settle its encoding, then NUL-terminate. */
static int
field_end(csv_reader *r)
{
	size_t n, m;
	char *p;

	if (r->bad_code != NULL)
		return 0;
	n = r->row.len - r->fstart;
	if (n > 0 && !text_is_utf8(r->row.p + r->fstart, n)) {
		if (r->enc >= ENC_UTF16LE) {
			row_fail(r, "E-CSV-UTF16", "broken UTF-16 (an unpaired "
			    "surrogate or an odd byte at the end)");
			return 0;
		}
		if (r->scap < 3 * n) {
			if ((p = realloc(r->scratch, 3 * n)) == NULL)
				return -1;
			r->scratch = p;
			r->scap = 3 * n;
		}
		m = text_cp1252_to_utf8_buf(r->row.p + r->fstart, n,
		    r->scratch);
		if (m > CSV_MAX_FIELD) {
			row_fail(r, "E-CSV-FIELD-TOO-LONG", "a field is "
			    "longer than 64 KiB in UTF-8");
			return 0;
		}
		if (r->rowbytes - n + m > CSV_MAX_ROW) {
			row_fail(r, "E-CSV-ROW-TOO-LONG", "the row is longer "
			    "than 1 MiB in UTF-8");
			return 0;
		}
		/* the field rewritten in place, m bytes instead of n */
		if (m > n && sg_buf_reserve(&r->row, m - n) != 0)
			return -1;
		if (r->undecodable < 0 &&
		    text_cp1252_undefined(r->row.p + r->fstart, n))
			r->undecodable = (long)r->nfields - 1;
		memcpy(r->row.p + r->fstart, r->scratch, m);
		r->row.len = r->fstart + m;
		r->rowbytes = r->rowbytes - n + m;
		r->cp1252 = 1;
	}
	if (sg_buf_add(&r->row, "", 1) != 0)
		return -1;
	return 0;
}

/* A line of blanks; with TAB as separator, a line of TABs too. */
static int
row_blank(const csv_reader *r)
{
	size_t i;
	char c;

	if (r->nfields != 1 && r->sep != '\t')
		return 0;
	for (i = 0; i < r->row.len; i++) {
		c = r->row.p[i];
		if (c != ' ' && c != '\t' && c != '\v' && c != '\f' &&
		    c != '\0')
			return 0;
	}
	return 1;
}

static void
newline(csv_reader *r, unsigned c)
{
	if (c == '\r')
		r->line++;
	else if (!r->cr)
		r->line++;
	r->cr = c == '\r';
}

/* One record: 1 row, 2 blank line, 0 end, -1 bad row, -2 fatal. */
static int
reader_record(csv_reader *r, sg_err *err)
{
	const unsigned char *p, *end, *s;
	unsigned char c, sep = (unsigned char)r->sep;
	int state = ST_START, started = 0, quoted = 0, rc;
	char where[512];

	sg_buf_reset(&r->row);
	r->rowbytes = r->fstart = r->nfields = 0;
	r->bad_code = NULL;
	r->undecodable = -1;
	if (field_begin(r) < 0)
		goto nomem;
	for (;;) {
		if (r->p == r->end) {
			if ((rc = reader_fill(r)) < 0)
				return rc;
			if (rc == 0)
				break;
		}
		p = r->p;
		end = r->end;
		if (!started) {
			/* The LF of a CRLF that ended the last record. */
			if (*p == '\n' && r->cr) {
				r->cr = 0;
				r->p++;
				continue;
			}
			started = 1;
			r->row_line = r->line;
		}
		switch (state) {
		case ST_START:
			if (*p == '"') {
				p++;
				state = ST_Q;
				quoted = 1;
				r->cr = 0;
				break;
			}
			state = ST_UNQ;
			/* FALLTHROUGH */
		case ST_UNQ:
			s = p;
			while (p < end && !r->cls_unq[*p])
				p++;
			if (p > s) {
				r->cr = 0;
				if (append(r, s, (size_t)(p - s)) < 0)
					goto nomem;
			}
			if (p == end)
				break;
			c = *p++;
			if (c == sep) {
				r->cr = 0;
				if (field_end(r) < 0 || field_begin(r) < 0)
					goto nomem;
				state = ST_START;
				break;
			}
			if (c == '\r' || c == '\n') {
				newline(r, c);
				r->p = p;
				goto record_end;
			}
			goto binary;
		case ST_Q:
			s = p;
			while (p < end && !r->cls_q[*p])
				p++;
			if (p > s) {
				r->cr = 0;
				if (append(r, s, (size_t)(p - s)) < 0)
					goto nomem;
			}
			if (p == end)
				break;
			c = *p++;
			if (c == '"') {
				r->cr = 0;
				state = ST_QQ;
				break;
			}
			if (c == '\r' || c == '\n') {
				newline(r, c);
				if (append(r, &c, 1) < 0)
					goto nomem;
				break;
			}
			goto binary;
		case ST_QQ:
			c = *p++;
			if (c == '\r' || c == '\n') {
				newline(r, c);
				r->p = p;
				goto record_end;
			}
			r->cr = 0;
			if (c == sep) {
				if (field_end(r) < 0 || field_begin(r) < 0)
					goto nomem;
				state = ST_START;
				break;
			}
			if (c == 0)
				goto binary;
			/* "" inside quotes is one quote.  Blanks after the
			 * closing quote are kept (values are trimmed later);
			 * other text there ("abc"def) would change the value
			 * silently (Excel reads abcdef): the row is bad, read
			 * to its end. */
			if (c != '"' && c != ' ' && c != '\t')
				row_fail(r, "E-CSV-QUOTE", "text follows the "
				    "closing quote of a field (\"abc\"def); "
				    "quote the whole field and double each "
				    "quote inside it (\"abc\"\"def\")");
			if (append(r, &c, 1) < 0)
				goto nomem;
			state = c == '"' ? ST_Q : ST_UNQ;
			break;
		}
		r->p = p;
	}
	/* End of input. */
	if (!started)
		return 0;
	if (state == ST_Q) {
		r->bad_code = NULL;
		row_fail(r, "E-CSV-QUOTE", "a quoted field is not closed "
		    "before the end of the file");
	}
record_end:
	if (field_end(r) < 0)
		goto nomem;
	if (r->bad_code != NULL) {
		snprintf(where, sizeof where, "%s:%lu", r->name, r->row_line);
		sg_err_set(err, r->bad_code, where, "%s", r->bad_msg);
		if (err != NULL)
			snprintf(err->text, sizeof err->text, "%s",
			    _(r->bad_msg));
		return -1;
	}
	if (!quoted && row_blank(r))
		return 2;
	return 1;
binary:
	return reader_fatal(r, "E-CSV-BINARY", r->line,
	    "binary file, not CSV (it contains a NUL byte)");
nomem:
	return reader_fatal(r, "E-SYSTEM", r->row_line, "out of memory");
}

int
csv_reader_next(csv_reader *r, sg_err *err)
{
	int rc;

	if (!r->fatal && !r->started)
		reader_start(r);
	rc = -2;
	while (!r->fatal && (rc = reader_record(r, err)) == 2)
		continue;
	if (rc != 1)
		r->nfields = 0;
	if (rc == -2 && err != NULL)
		*err = r->ferr;
	return rc;
}
