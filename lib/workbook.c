/*
 * workbook.c - .xlsx, .ods and .xls into rows (see workbook.h).
 *
 * Zip parts are inflated by libzip (Debian's libzip-dev: kept up, reads
 * from a memory buffer, gives each entry's declared sizes before any
 * inflating and checks the CRC), XML is read by libxml2's streaming
 * reader (already segel's XML parser; a sheet is never held as a tree)
 * and .xls by libfreexl (the one maintained C reader of BIFF8).  Every
 * sheet is read whole at open into one text arena: cells are offsets in
 * it, so a sheet of 10,000 rows costs its text and 4 bytes a cell.
 */
#include "workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <freexl.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "buf.h"
#include "csv.h"
#include "date.h"
#include "file.h"
#include "pool.h"
#include "text.h"
#include "xmlin.h"

/* Start tags with more attributes are refused before libxml2 sees them
 * (xmlin.h); an .ods root declares some 40 namespaces. */
#define WB_MAX_ATTRS 128
#define WB_MAX_ROWS  (1u << 20)   /* Excel's own limit */
#define WB_MAX_XFS   65536u       /* cell styles */
#define WB_MAX_HIDDEN_STYLES 64u  /* .ods table styles hiding a sheet */

#define WB_MAX_MERGES (1u << 18)   /* merged ranges in a sheet */
/* cells a sheet's merged ranges may visit in all (overlapping hostile
 * ranges visit cells without adding any) */
#define WB_MAX_MERGE_WORK (4u * WORKBOOK_MAX_CELLS)

/* Why a row is bad; the first reason found stands, but a hidden row is
 * hidden whatever else is wrong with it. */
enum {
	BAD_NONE, BAD_LONG, BAD_COLUMNS, BAD_ERROR, BAD_CONTROL,
	BAD_DATE, BAD_HIDDEN_ROW, BAD_HIDDEN_SHEET
};

/*
 * A cell is its text's offset in wb->text; the offset's top bit says the
 * cell was a date typed as a date (a serial or an .ods date value), which
 * the check for dates turned month-first needs (offsets stay below
 * WORKBOOK_MAX_TEXT, far from the bit).
 */
#define CELL_DATE   0x80000000u
#define CELL_OFF(c) ((c) & ~CELL_DATE)

struct wrow {
	unsigned long line;
	size_t first;      /* index of the first cell in wb->cells */
	uint32_t n;
	uint8_t bad;
	uint8_t hidden;    /* the row is hidden in the sheet */
	uint32_t badcol;   /* the column the reason is about */
	uint32_t badarg;   /* BAD_ERROR: the error's text (offset in
			    * wb->text); BAD_CONTROL: the code point */
};

/* A merged range, rows and columns 1-based and 0-based as in struct wrow
 * and cells; off: the top-left cell's text once its row was read. */
struct merge {
	unsigned long r1, r2;
	uint32_t c1, c2;
	uint32_t off;
};

struct sheet {
	char *name;
	struct wrow *rows;
	size_t nrows, cap;
	int hidden;        /* the sheet is hidden: its rows are not data */
};

struct workbook {
	char *name;
	const char *kind;
	struct sheet *sheets;
	size_t nsheets, scap;
	sg_buf text;         /* every cell's text; text.p[0] is "" */
	uint32_t *cells;     /* offsets in text */
	size_t ncells, ccap;
	size_t inflated;     /* zip bytes inflated so far */
	/* the row being built */
	struct wrow cur;
	int open;
	int shared;          /* cur's cells are a committed row's too (an
			      * .ods row repeated) */
	/* the merged ranges of the sheet being read, by first row */
	struct merge *merges;
	size_t nmerges, mcap, mnext;
	size_t *active;      /* merges covering the row being built */
	size_t nactive;
	size_t mwork;
};

struct workbook_rows {
	const workbook *wb;
	const struct sheet *sh;
	size_t next;
	const struct wrow *row;
};

/*
 * A value's bytes go into an sg_buf bounded by CSV_MAX_FIELD; a value past
 * it is marked (SG_BUF_TOOBIG), not an error: its cell makes a bad row.
 */
#define VALUE_INIT { .max = CSV_MAX_FIELD }
#define value_over(b) ((b)->err == SG_BUF_TOOBIG)

/* 0, or -1 when memory ran out. */
static int
value_add(sg_buf *b, const char *s, size_t n)
{
	return sg_buf_add(b, s, n) != 0 && b->err == SG_BUF_NOMEM ? -1 : 0;
}

/* ---- building rows ---------------------------------------------------- */

static int
too_big(workbook *wb, sg_err *err, const char *what, unsigned long max)
{
	sg_err_set(err, "E-BOOK-TOO-BIG", wb->name, "more than %lu %s; a "
	    "village workbook is far smaller (a zip bomb?)", max, what);
	return -1;
}

static struct sheet *
sheet_add(workbook *wb, const char *name, sg_err *err)
{
	struct sheet *s;

	if (wb->nsheets >= WORKBOOK_MAX_SHEETS) {
		too_big(wb, err, "sheets", WORKBOOK_MAX_SHEETS);
		return NULL;
	}
	if (wb->nsheets == wb->scap) {
		size_t ncap = wb->scap ? 2 * wb->scap : 4;
		struct sheet *ns = realloc(wb->sheets, ncap * sizeof *ns);

		if (ns == NULL)
			goto nomem;
		wb->sheets = ns;
		wb->scap = ncap;
	}
	s = &wb->sheets[wb->nsheets];
	memset(s, 0, sizeof *s);
	if ((s->name = strdup(name ? name : "")) == NULL)
		goto nomem;
	wb->nsheets++;
	return s;
nomem:
	sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
	return NULL;
}

static void
row_begin(workbook *wb, unsigned long line)
{
	memset(&wb->cur, 0, sizeof wb->cur);
	wb->cur.line = line;
	wb->cur.first = wb->ncells;
	wb->open = 1;
	wb->shared = 0;
}

/* The open row is bad for why, about column col; the first reason
 * stands. */
static void
row_bad(workbook *wb, size_t col, int why, uint32_t arg)
{
	if (wb->cur.bad)
		return;
	wb->cur.bad = (uint8_t)why;
	wb->cur.badcol = (uint32_t)col;
	wb->cur.badarg = arg;
}

/* Text into the arena; its offset, or 0 for "" (and on error, -1). */
static long
text_put(workbook *wb, const char *s, size_t n, sg_err *err)
{
	size_t off;

	if (n == 0)
		return 0;
	if (wb->text.len + n + 1 > WORKBOOK_MAX_TEXT)
		return too_big(wb, err, "bytes of cell text",
		    WORKBOOK_MAX_TEXT);
	off = wb->text.len;
	sg_buf_add(&wb->text, s, n);
	if (sg_buf_add(&wb->text, "", 1) != 0) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		return -1;
	}
	return (long)off;
}

static int
cells_push(workbook *wb, uint32_t off, sg_err *err)
{
	if (wb->ncells >= WORKBOOK_MAX_CELLS)
		return too_big(wb, err, "cells", WORKBOOK_MAX_CELLS);
	if (wb->ncells == wb->ccap) {
		size_t ncap = wb->ccap ? 2 * wb->ccap : 4096;
		uint32_t *np = realloc(wb->cells, ncap * sizeof *np);

		if (np == NULL) {
			sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
			return -1;
		}
		wb->cells = np;
		wb->ccap = ncap;
	}
	wb->cells[wb->ncells++] = off;
	return 0;
}

/*
 * A cell of the open row at column col (0-based), columns in order.  An
 * empty cell only moves on; the gap before a cell is filled with "".
 */
static int
cell_put_as(workbook *wb, size_t col, const char *s, size_t n, int over,
    uint32_t flag, sg_err *err)
{
	struct wrow *r = &wb->cur;
	long off;

	if (r->bad)
		return 0;
	if (over || n > CSV_MAX_FIELD) {
		r->bad = BAD_LONG;
		return 0;
	}
	if (n == 0)
		return 0;
	if (col >= CSV_MAX_FIELDS) {
		r->bad = BAD_COLUMNS;
		return 0;
	}
	if (col < r->n) {
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "row %lu: cells "
		    "out of order", r->line);
		return -1;
	}
	while (r->n < col) {
		if (cells_push(wb, 0, err) != 0)
			return -1;
		r->n++;
	}
	if ((off = text_put(wb, s, n, err)) < 0 ||
	    cells_push(wb, (uint32_t)off | flag, err) != 0)
		return -1;
	r->n++;
	return 0;
}

static int
cell_put(workbook *wb, size_t col, const char *s, size_t n, int over,
    sg_err *err)
{
	return cell_put_as(wb, col, s, n, over, 0, err);
}

/* ---- merged cells ----------------------------------------------------- */

/*
 * A sheet shows a merged range's top-left value in every cell of it (a KK
 * sheet merges NO KK and the address down a family's rows), so every
 * cell of it is read as that value.  The ranges of a sheet are known
 * before its rows are built (.xlsx: a first pass over the part; .ods:
 * the spanning cell comes first) and sorted by first row; as rows come
 * in order, the ranges covering the row being built are kept in
 * wb->active.  Bounds: WB_MAX_MERGES ranges, columns past CSV_MAX_FIELDS
 * make the row bad as any cell there does, rows only as they are in the
 * sheet (a range over a million rows costs the rows that are there), and
 * WB_MAX_MERGE_WORK cells visited in all.
 */
static void
merges_reset(workbook *wb)
{
	wb->nmerges = wb->mnext = wb->nactive = 0;
	wb->mwork = 0;
}

static int
merge_add(workbook *wb, unsigned long r1, unsigned long r2, unsigned long c1,
    unsigned long c2, sg_err *err)
{
	struct merge *m;

	if (r1 == 0 || r2 < r1 || c2 < c1 || c1 >= CSV_MAX_FIELDS ||
	    (r1 == r2 && c1 == c2))
		return 0; /* no range, or one no row can reach */
	if (r2 > WB_MAX_ROWS)
		r2 = WB_MAX_ROWS;
	if (c2 > CSV_MAX_FIELDS)
		c2 = CSV_MAX_FIELDS; /* one past: the row is bad */
	if (wb->nmerges >= WB_MAX_MERGES)
		return too_big(wb, err, "merged ranges in a sheet",
		    WB_MAX_MERGES);
	if (wb->nmerges == wb->mcap) {
		size_t ncap = wb->mcap ? 2 * wb->mcap : 64;
		struct merge *nm = realloc(wb->merges, ncap * sizeof *nm);
		size_t *na = realloc(wb->active, ncap * sizeof *na);

		if (nm != NULL)
			wb->merges = nm;
		if (na != NULL)
			wb->active = na;
		if (nm == NULL || na == NULL) {
			sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
			return -1;
		}
		wb->mcap = ncap;
	}
	m = &wb->merges[wb->nmerges++];
	m->r1 = r1;
	m->r2 = r2;
	m->c1 = (uint32_t)c1;
	m->c2 = (uint32_t)c2;
	m->off = 0;
	return 0;
}

static int
merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;

	return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

/* The open row's cell col set to off; the row's cells are moved to the
 * end of wb->cells first when they are not there or not its own. */
static int
row_set(workbook *wb, size_t col, uint32_t off, sg_err *err)
{
	struct wrow *r = &wb->cur;
	size_t i, first;

	if (wb->shared || r->first + r->n != wb->ncells) {
		first = wb->ncells;
		for (i = 0; i < r->n; i++)
			if (cells_push(wb, wb->cells[r->first + i], err) != 0)
				return -1;
		r->first = first;
		wb->shared = 0;
	}
	if (col < r->n) {
		wb->cells[r->first + col] = off;
		return 0;
	}
	while (r->n < col) {
		if (cells_push(wb, 0, err) != 0)
			return -1;
		r->n++;
	}
	if (cells_push(wb, off, err) != 0)
		return -1;
	r->n++;
	return 0;
}

/* The open row filled from the merged ranges over it. */
static int
merges_fill(workbook *wb, sg_err *err)
{
	struct wrow *r = &wb->cur;
	size_t i, k;
	uint32_t c, end;

	if (wb->nmerges == 0)
		return 0;
	/* ranges that begin by this row join; those that ended leave */
	while (wb->mnext < wb->nmerges &&
	    wb->merges[wb->mnext].r1 <= r->line)
		wb->active[wb->nactive++] = wb->mnext++;
	for (i = k = 0; i < wb->nactive; i++)
		if (wb->merges[wb->active[i]].r2 >= r->line)
			wb->active[k++] = wb->active[i];
	wb->nactive = k;
	/* the top-left cells first, as the row has them */
	for (i = 0; i < wb->nactive; i++) {
		struct merge *m = &wb->merges[wb->active[i]];

		if (m->r1 == r->line)
			m->off = m->c1 < r->n && !r->bad ?
			    wb->cells[r->first + m->c1] : 0;
	}
	for (i = 0; i < wb->nactive && !r->bad; i++) {
		const struct merge *m = &wb->merges[wb->active[i]];

		if (m->off == 0)
			continue;
		end = m->c2 < CSV_MAX_FIELDS ? m->c2 : CSV_MAX_FIELDS - 1;
		wb->mwork += end - m->c1 + 1;
		if (wb->mwork > WB_MAX_MERGE_WORK)
			return too_big(wb, err, "cells in merged ranges",
			    WB_MAX_MERGE_WORK);
		for (c = m->c1; c <= end; c++)
			if ((c != m->c1 || r->line != m->r1) &&
			    row_set(wb, c, m->off, err) != 0)
				return -1;
		if (m->c2 >= CSV_MAX_FIELDS)
			row_bad(wb, CSV_MAX_FIELDS, BAD_COLUMNS, 0);
	}
	return 0;
}

static int
row_end(workbook *wb, struct sheet *sh, sg_err *err)
{
	if (!wb->open)
		return 0;
	wb->open = 0;
	if (merges_fill(wb, err) != 0)
		return -1;
	if (wb->cur.n == 0 && !wb->cur.bad)
		return 0; /* an empty row: as a blank line in a CSV */
	/* a hidden row, or a row of a hidden sheet past its first (the
	 * header, read to tell what the sheet holds), is no data the clerk
	 * sees: a bad row, counted, never read */
	if (wb->cur.hidden) {
		wb->cur.bad = BAD_HIDDEN_ROW;
	} else if (sh->hidden && sh->nrows > 0) {
		wb->cur.bad = BAD_HIDDEN_SHEET;
	}
	if (sh->nrows >= WB_MAX_ROWS)
		return too_big(wb, err, "rows in a sheet", WB_MAX_ROWS);
	if (sh->nrows == sh->cap) {
		size_t ncap = sh->cap ? 2 * sh->cap : 64;
		struct wrow *np = realloc(sh->rows, ncap * sizeof *np);

		if (np == NULL) {
			sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
			return -1;
		}
		sh->rows = np;
		sh->cap = ncap;
	}
	sh->rows[sh->nrows++] = wb->cur;
	return 0;
}

/* ---- dates turned month-first ---------------------------------------- */

/*
 * A clerk opens a day-first CSV in a month-first spreadsheet (en-US) and
 * saves it as a workbook: 06/04/2026 becomes the date June 4, 13/04/2026
 * stays text, as no month 13 exists.  So in a column holding dates typed
 * as dates and text that is a valid date only day first with a day past
 * 12, the dates cannot be trusted: their rows are bad (BAD_DATE).  The
 * text itself is read as the clerk typed it.
 */
static int
text_day_first(const char *s)
{
	sg_date d;
	sg_err e;

	if (strlen(s) > 10 || s[0] < '0' || s[0] > '9' ||
	    date_parse_iso(s, &d) == 0 || date_parse(s, &d, &e) != 0)
		return 0;
	return d.d > 12;
}

static void
sheet_dates(workbook *wb, struct sheet *sh)
{
	uint8_t seen[CSV_MAX_FIELDS];   /* 1 a date, 2 a day-first text */
	size_t i, k, any = 0;
	uint32_t c;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < sh->nrows; i++) {
		const struct wrow *r = &sh->rows[i];

		for (k = 0; r->bad == BAD_NONE && k < r->n &&
		    k < CSV_MAX_FIELDS; k++) {
			c = wb->cells[r->first + k];
			if (c & CELL_DATE)
				seen[k] |= 1;
			else if (c != 0 && !(seen[k] & 2) &&
			    text_day_first(wb->text.p + c))
				seen[k] |= 2;
			if (seen[k] == 3)
				any = 1;
		}
	}
	for (i = 0; any && i < sh->nrows; i++) {
		struct wrow *r = &sh->rows[i];

		for (k = 0; r->bad == BAD_NONE && k < r->n &&
		    k < CSV_MAX_FIELDS; k++)
			if ((wb->cells[r->first + k] & CELL_DATE) &&
			    seen[k] == 3) {
				r->bad = BAD_DATE;
				r->badcol = (uint32_t)k;
			}
	}
}

/* ---- numbers and dates ------------------------------------------------ */

/*
 * A number as the sheet shows it when typed in: integers in full, others
 * to 15 significant digits; from 1e15 on, as General shows it
 * (7.50102E+15), since the digits past the 15th are not what was typed.
 */
static void
number_text(double v, char *out, size_t sz)
{
	char m[64], *e, *z;

	if (!isfinite(v)) {
		snprintf(out, sz, "#NUM!");
	} else if (fabs(v) >= 1e15) {
		snprintf(m, sizeof m, "%.5E", v);
		e = strchr(m, 'E');
		*e = '\0';
		for (z = e - 1; *z == '0'; z--)
			*z = '\0';
		if (*z == '.')
			*z = '\0';
		snprintf(out, sz, "%.20sE%.6s", m, e + 1);
	} else if (v == floor(v)) {
		snprintf(out, sz, "%.0f", v);
	} else {
		snprintf(out, sz, "%.15g", v);
	}
}

/* A date serial (days since 1899-12-30; 1904 system: since 1904-01-01)
 * as YYYY-MM-DD, with the time when there is one; 0, or -1 when it is
 * no date (then it shows as a number). */
static int
serial_text(double v, int d1904, char *out, size_t sz)
{
	double day = floor(v), frac = v - day;
	long days, secs;
	char iso[11];

	if (!isfinite(v) || v < 0 || v > 2958465.0)
		return -1;
	if (d1904)
		day += 1462;
	else if (day < 61) {
		/* Excel counts 1900-02-29, a day that never was */
		if (day == 60 || day < 1)
			return -1;
		day += 1;
	}
	days = (long)day - 25569;
	date_format_iso(date_from_days(days), iso);
	secs = lround(frac * 86400.0);
	if (secs == 0 || secs >= 86400)
		snprintf(out, sz, "%s", iso);
	else
		snprintf(out, sz, "%s %02ld:%02ld:%02ld", iso, secs / 3600,
		    secs / 60 % 60, secs % 60);
	return 0;
}

#define SHOW_DATE 1
#define SHOW_TIME 2     /* HH:MM; + SHOW_SECS, + SHOW_HOURS */
#define SHOW_SECS 1     /* HH:MM:SS */
#define SHOW_HOURS 2    /* [h]: hours past a day, not the time of day */
#define SHOW_PAD  100   /* + digits */

/* A time serial (a fraction of a day) as HH:MM or HH:MM:SS, the seconds
 * rounded and not shown cut off, as a sheet shows it; -1 when it is no
 * time (then it shows as a number). */
static int
time_text(double v, int show, char *out, size_t sz)
{
	long long secs;

	if (!isfinite(v) || v < 0 || v > 1e6)
		return -1;
	if (show & SHOW_HOURS)
		secs = llround(v * 86400.0);
	else
		secs = llround((v - floor(v)) * 86400.0) % 86400;
	if (show & SHOW_SECS)
		snprintf(out, sz, "%02lld:%02lld:%02lld", secs / 3600,
		    secs / 60 % 60, secs % 60);
	else
		snprintf(out, sz, "%02lld:%02lld", secs / 3600, secs / 60 % 60);
	return 0;
}

/* What a number format code shows of a serial: SHOW_DATE (d or y
 * outside quotes, brackets and escapes: a date, with the time when it
 * has one), SHOW_TIME (+ SHOW_SECS, + SHOW_HOURS: h or s and no date
 * part, or [h], [m], [s]), or 0. */
static int
format_is_date(const char *f)
{
	int q = 0, time = 0;

	for (; *f; f++) {
		if (q) {
			if (*f == '"')
				q = 0;
			continue;
		}
		switch (*f) {
		case '"':
			q = 1;
			break;
		case '\\':
		case '_':
		case '*':
			if (f[1])
				f++;
			break;
		case '[':
			/* [h] [mm] [ss]: elapsed time; [Red], [$-421]: not */
			if (strchr("hHmMsS", f[1]) != NULL) {
				time |= SHOW_TIME;
				if (f[1] == 'h' || f[1] == 'H')
					time |= SHOW_HOURS;
				if (f[1] == 's' || f[1] == 'S')
					time |= SHOW_SECS;
			}
			while (*f && *f != ']')
				f++;
			if (!*f)
				return 0;
			break;
		case 'd': case 'D': case 'y': case 'Y':
			return SHOW_DATE;
		case 'h': case 'H':
			time |= SHOW_TIME;
			break;
		case 's': case 'S':
			time |= SHOW_TIME | SHOW_SECS;
			break;
		case ';':
			return time; /* the positive section decides */
		default:
			break;
		}
	}
	return time;
}

/* What a custom number format changes in what the sheet shows: a date,
 * zeros padding an integer ("000" shows 1 as 001), or nothing (0). */
static int
format_show(const char *f)
{
	size_t n = strspn(f, "0");
	int show = format_is_date(f);

	if (show != 0)
		return show;
	if (n >= 2 && n <= 20 && f[n] == '\0')
		return SHOW_PAD + (int)n;
	return 0;
}

static int
builtin_is_date(long id)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return SHOW_DATE;
	switch (id) {
	case 18: case 20:       /* h:mm AM/PM, h:mm */
		return SHOW_TIME;
	case 19: case 21:       /* h:mm:ss AM/PM, h:mm:ss */
	case 45: case 47:       /* mm:ss, mmss.0 */
		return SHOW_TIME | SHOW_SECS;
	case 46:                /* [h]:mm:ss */
		return SHOW_TIME | SHOW_SECS | SHOW_HOURS;
	default:
		return 0;
	}
}

/* ---- XML -------------------------------------------------------------- */

struct xerr {
	int n;
	int line;
	char msg[300];
};

static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct xerr *x = ctx;
	size_t n;

	if (x->n++ > 0 || e == NULL)
		return;
	x->line = e->line;
	snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "");
	n = strlen(x->msg);
	while (n > 0 && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

static int
has(const char *buf, size_t len, const char *s)
{
	const char *p = buf, *end = buf + len;
	size_t n = strlen(s);

	while ((p = memchr(p, s[0], (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= n && memcmp(p, s, n) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* A streaming reader over part, after the checks libxml2 should not have
 * to survive: no DTD at all (so no entity can be declared), no start
 * tag with a quadratic number of attributes. */
static xmlTextReaderPtr
xml_open(workbook *wb, const char *part, const char *buf, size_t len,
    struct xerr *xe, sg_err *err)
{
	xmlTextReaderPtr r;
	long line;

	memset(xe, 0, sizeof *xe);
	if (has(buf, len, "<!DOCTYPE") || has(buf, len, "<!ENTITY")) {
		sg_err_set(err, "E-BOOK-DTD", wb->name, "%s has a <!DOCTYPE>, "
		    "which no spreadsheet program writes (entities are not "
		    "expanded)", part);
		return NULL;
	}
	if ((line = xmlin_attrs_over(buf, len, WB_MAX_ATTRS)) > 0) {
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s line %ld: an "
		    "element with more than %d attributes", part, line,
		    WB_MAX_ATTRS);
		return NULL;
	}
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	r = xmlReaderForMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, xe);
	return r;
}

/* After xmlTextReaderRead: 1 a node, 0 the end, -1 err set. */
static int
xml_next(workbook *wb, const char *part, xmlTextReaderPtr r, int rc,
    struct xerr *xe, sg_err *err)
{
	if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE)
		rc = -2;
	if (rc == 1 && xmlTextReaderDepth(r) > (int)WORKBOOK_MAX_DEPTH) {
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s: elements "
		    "nested deeper than %u", part, WORKBOOK_MAX_DEPTH);
		return -1;
	}
	if (rc == 1 && xe->n == 0)
		return 1;
	if (rc == 0 && xe->n == 0)
		return 0;
	if (rc == -2)
		sg_err_set(err, "E-BOOK-DTD", wb->name, "%s has a <!DOCTYPE>",
		    part);
	else if (xe->n > 0)
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s line %d: %s",
		    part, xe->line, xe->msg);
	else
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s is not "
		    "well-formed XML", part);
	return -1;
}

#define XNEXT(r) xml_next(wb, part, (r), xmlTextReaderRead(r), &xe, err)

static int
is_el(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static int
is_end(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

static int
is_text(xmlTextReaderPtr r)
{
	int t = xmlTextReaderNodeType(r);

	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	    t == XML_READER_TYPE_WHITESPACE;
}

/* An attribute by local name (any namespace), copied into out; 0 when
 * absent.  The reader stays on the element. */
static int
attr(xmlTextReaderPtr r, const char *local, char *out, size_t sz)
{
	int found = 0;

	out[0] = '\0';
	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return 0;
	do {
		if (strcmp((const char *)xmlTextReaderConstLocalName(r),
		    local) == 0) {
			const xmlChar *v = xmlTextReaderConstValue(r);

			snprintf(out, sz, "%s", v ? (const char *)v : "");
			found = 1;
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return found;
}

/* A code point no cell can hold as text: a control character other
 * than TAB, LF and CR, a noncharacter, half of a surrogate pair. */
static int
cp_refused(unsigned long cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Append a text node's value; OOXML escapes characters as _xHHHH_,
 * decoded here.  An escape of a character no cell holds (cp_refused)
 * puts nothing and sets *refused to it plus one, when not set yet (the
 * cell makes a bad row). */
static int
add_text(sg_buf *b, xmlTextReaderPtr r, int ooxml, uint32_t *refused)
{
	const char *v = (const char *)xmlTextReaderConstValue(r), *p, *q;
	char u[8];
	unsigned long cp;

	if (v == NULL)
		return 0;
	if (!ooxml)
		return value_add(b, v, strlen(v));
	for (p = v; (q = strstr(p, "_x")) != NULL; p = q) {
		if (value_add(b, p, (size_t)(q - p)) != 0)
			return -1;
		if (strspn(q + 2, "0123456789abcdefABCDEF") >= 4 && q[6] == '_') {
			cp = strtoul((char[]){ q[2], q[3], q[4], q[5], 0 },
			    NULL, 16);
			if (cp_refused(cp)) {
				if (*refused == 0)
					*refused = (uint32_t)cp + 1;
			} else if (value_add(b, u, text_utf8_put(u, cp)) != 0)
				return -1;
			q += 7;
		} else {
			if (value_add(b, q, 2) != 0)
				return -1;
			q += 2;
		}
	}
	return value_add(b, p, strlen(p));
}

/* ---- zip -------------------------------------------------------------- */

struct zip_in {
	zip_t *z;
	const char *name;
};

/*
 * The inflated bytes of part (NUL after them), or NULL: *missing set when
 * there is no such part, else err set.  Sizes are judged as declared
 * before inflating, and the inflated bytes held to the declared size.
 */
static char *
zip_part(workbook *wb, zip_t *z, const char *part, size_t *len,
    int *missing, sg_err *err)
{
	zip_int64_t i = zip_name_locate(z, part, 0), got;
	zip_file_t *f = NULL;
	zip_stat_t st;
	char *buf = NULL, extra;

	*missing = 0;
	if (i < 0 && (i = zip_name_locate(z, part, ZIP_FL_NOCASE)) < 0) {
		*missing = 1;
		return NULL;
	}
	if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s: the zip "
		    "entry cannot be read", part);
		return NULL;
	}
	if (st.size > WORKBOOK_MAX_ENTRY) {
		sg_err_set(err, "E-BOOK-TOO-BIG", wb->name, "%s would inflate "
		    "to %llu bytes, more than the limit of %u (a zip bomb?)",
		    part, (unsigned long long)st.size, WORKBOOK_MAX_ENTRY);
		return NULL;
	}
	if (st.size > (1u << 20) &&
	    st.size / (st.comp_size ? st.comp_size : 1) > WORKBOOK_MAX_RATIO) {
		sg_err_set(err, "E-BOOK-TOO-BIG", wb->name, "%s would inflate "
		    "%llu bytes to %llu, more than %u times (a zip bomb?)",
		    part, (unsigned long long)st.comp_size,
		    (unsigned long long)st.size, WORKBOOK_MAX_RATIO);
		return NULL;
	}
	if (st.size > WORKBOOK_MAX_INFLATED - wb->inflated) {
		sg_err_set(err, "E-BOOK-TOO-BIG", wb->name, "%s would take the "
		    "bytes inflated past %u (a zip bomb?)", part,
		    WORKBOOK_MAX_INFLATED);
		return NULL;
	}
	wb->inflated += (size_t)st.size;
	if ((buf = malloc((size_t)st.size + 1)) == NULL) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		return NULL;
	}
	if ((f = zip_fopen_index(z, (zip_uint64_t)i, 0)) == NULL) {
		zip_error_t *ze = zip_get_error(z);

		if (zip_error_code_zip(ze) == ZIP_ER_ENCRNOTSUPP ||
		    zip_error_code_zip(ze) == ZIP_ER_NOPASSWD)
			sg_err_set(err, "E-BOOK-ENCRYPTED", wb->name, "%s is "
			    "encrypted; save the workbook without a password",
			    part);
		else
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s: %s",
			    part, zip_strerror(z));
		goto bad;
	}
	got = st.size ? zip_fread(f, buf, st.size) : 0;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s: %s", part,
		    got < 0 ? zip_file_strerror(f) : "shorter than its zip "
		    "entry says");
		goto bad;
	}
	/* one byte more: the entry must end where it says it does */
	if (zip_fread(f, &extra, 1) != 0) {
		sg_err_set(err, "E-BOOK-TOO-BIG", wb->name, "%s inflates past "
		    "the size its zip entry declares (a zip bomb?)", part);
		goto bad;
	}
	zip_fclose(f);
	buf[st.size] = '\0';
	*len = (size_t)st.size;
	return buf;
bad:
	if (f)
		zip_fclose(f);
	free(buf);
	return NULL;
}

/* ---- .xlsx ------------------------------------------------------------ */

struct xlsx {
	char **sst;          /* shared strings (pointers into sstbuf) */
	size_t nsst;
	size_t *sstoff;
	uint32_t *sstbad;    /* a refused escape's code point + 1, or 0 */
	sg_buf sstbuf;
	uint8_t *xf_date;    /* per cell style: SHOW_DATE, or SHOW_PAD + the
			      * digits a format such as "000" pads to */
	size_t nxf;
	int d1904;
};

static int
xlsx_sst(workbook *wb, struct xlsx *x, const char *buf, size_t len,
    sg_err *err)
{
	const char *part = "xl/sharedStrings.xml";
	struct xerr xe;
	sg_buf s = VALUE_INIT;
	xmlTextReaderPtr r;
	size_t cap = 0, n;
	uint32_t refused = 0;
	int rc, in_t = 0, in_si = 0, in_rph = 0;

	if ((r = xml_open(wb, part, buf, len, &xe, err)) == NULL)
		return -1;
	while ((rc = XNEXT(r)) == 1) {
		if (is_el(r, "si")) {
			sg_buf_reset(&s);
			refused = 0;
			in_si = 1;
		} else if (in_si && is_el(r, "rPh")) {
			/* a phonetic reading: not shown */
			in_rph = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "rPh")) {
			in_rph = 0;
		} else if (in_si && !in_rph && is_el(r, "t")) {
			in_t = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "t")) {
			in_t = 0;
		} else if (in_t && is_text(r)) {
			if (add_text(&s, r, 1, &refused) != 0)
				goto nomem;
		} else if (is_end(r, "si")) {
			in_si = 0;
			if (x->nsst == cap) {
				size_t ncap = cap ? 2 * cap : 256;
				size_t *np = realloc(x->sstoff,
				    ncap * sizeof *np);
				uint32_t *nb;

				if (np == NULL)
					goto nomem;
				x->sstoff = np;
				if ((nb = realloc(x->sstbad,
				    ncap * sizeof *nb)) == NULL)
					goto nomem;
				x->sstbad = nb;
				cap = ncap;
			}
			x->sstbad[x->nsst] = refused;
			/* an over-long string is kept as one byte too many,
			 * so a cell showing it is a bad row */
			n = value_over(&s) ? CSV_MAX_FIELD + 1 : s.len;
			if (x->sstbuf.len + n + 1 > WORKBOOK_MAX_TEXT) {
				too_big(wb, err, "bytes of shared strings",
				    WORKBOOK_MAX_TEXT);
				rc = -1;
				break;
			}
			if (sg_buf_reserve(&x->sstbuf, n + 1) != 0)
				goto nomem;
			x->sstoff[x->nsst++] = x->sstbuf.len;
			if (value_over(&s))
				memset(x->sstbuf.p + x->sstbuf.len, 'x', n);
			else if (n)
				memcpy(x->sstbuf.p + x->sstbuf.len, s.p, n);
			x->sstbuf.p[x->sstbuf.len + n] = '\0';
			x->sstbuf.len += n + 1;
		}
	}
	xmlFreeTextReader(r);
	sg_buf_free(&s);
	return rc < 0 ? -1 : 0;
nomem:
	sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
	xmlFreeTextReader(r);
	sg_buf_free(&s);
	return -1;
}

static int
xlsx_styles(workbook *wb, struct xlsx *x, const char *buf, size_t len,
    sg_err *err)
{
	const char *part = "xl/styles.xml";
	struct xerr xe;
	xmlTextReaderPtr r;
	char a[256], code[512];
	long *ids = NULL;      /* custom formats that show dates or pad */
	uint8_t *shows = NULL;
	size_t nids = 0, capx = 0, i;
	int rc, in_xfs = 0;
	long id;

	if ((r = xml_open(wb, part, buf, len, &xe, err)) == NULL)
		return -1;
	while ((rc = XNEXT(r)) == 1) {
		if (is_el(r, "numFmt")) {
			attr(r, "numFmtId", a, sizeof a);
			attr(r, "formatCode", code, sizeof code);
			int show = format_show(code);

			if (show != 0 && nids < 4096) {
				long *np = realloc(ids, (nids + 1) *
				    sizeof *np);
				uint8_t *sp;

				if (np == NULL)
					goto nomem;
				ids = np;
				if ((sp = realloc(shows, nids + 1)) == NULL)
					goto nomem;
				shows = sp;
				ids[nids] = strtol(a, NULL, 10);
				shows[nids++] = (uint8_t)show;
			}
		} else if (is_el(r, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "cellXfs")) {
			in_xfs = 0;
		} else if (in_xfs && is_el(r, "xf") &&
		    xmlTextReaderDepth(r) == 2) {
			int show;

			if (x->nxf >= WB_MAX_XFS) {
				too_big(wb, err, "cell styles", WB_MAX_XFS);
				rc = -1;
				break;
			}
			if (x->nxf == capx) {
				size_t ncap = capx ? 2 * capx : 64;
				uint8_t *np = realloc(x->xf_date, ncap);

				if (np == NULL)
					goto nomem;
				x->xf_date = np;
				capx = ncap;
			}
			attr(r, "numFmtId", a, sizeof a);
			id = strtol(a, NULL, 10);
			show = builtin_is_date(id);
			for (i = 0; i < nids && !show; i++)
				if (ids[i] == id)
					show = shows[i];
			x->xf_date[x->nxf++] = (uint8_t)show;
		}
	}
	xmlFreeTextReader(r);
	free(ids);
	free(shows);
	return rc < 0 ? -1 : 0;
nomem:
	sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
	xmlFreeTextReader(r);
	free(ids);
	free(shows);
	return -1;
}

/* "BC12" -> column 54 (0-based); -1 when it is no reference. */
static long
ref_col(const char *ref, unsigned long *row)
{
	long col = 0;
	int n = 0;

	for (; (*ref >= 'A' && *ref <= 'Z') || (*ref >= 'a' && *ref <= 'z');
	    ref++) {
		if (++n > 3)
			return -1;
		col = col * 26 + ((*ref | 0x20) - 'a' + 1);
	}
	if (n == 0)
		return -1;
	if (row)
		*row = strtoul(ref, NULL, 10);
	return col - 1;
}

/* An error value (#N/A, #REF!, ...) in the open row's column col:
 * the row is bad, naming it (at most 32 bytes of it). */
static int
cell_error(workbook *wb, size_t col, const char *s, size_t n, sg_err *err)
{
	long off;

	if (wb->cur.bad)
		return 0;
	if (n == 0)
		s = "#N/A", n = 4;
	if ((off = text_put(wb, s, n > 32 ? 32 : n, err)) < 0)
		return -1;
	row_bad(wb, col, BAD_ERROR, (uint32_t)off);
	return 0;
}

/* One finished cell: its shown text into the row; refused: a refused
 * _xHHHH_ escape's code point + 1 (add_text), or 0. */
static int
xlsx_cell(workbook *wb, const struct xlsx *x, size_t col, const char *t,
    long style, sg_buf *v, uint32_t refused, sg_err *err)
{
	char num[64];
	char *end;
	double d;
	const char *s;
	size_t n = v->len;

	if (value_over(v))
		return cell_put(wb, col, "", 0, 1, err);
	if ((s = sg_buf_str(v)) == NULL) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		return -1;
	}
	if (strcmp(t, "e") == 0) /* #N/A, #REF!, #DIV/0! ... */
		return cell_error(wb, col, s, n, err);
	if (strcmp(t, "s") == 0) {
		unsigned long k = strtoul(s, &end, 10);

		if (*end == '\0' && k < x->nsst && x->sstbad[k] != 0)
			refused = x->sstbad[k];
	}
	if (refused != 0) {
		row_bad(wb, col, BAD_CONTROL, refused - 1);
		return 0;
	}
	if (strcmp(t, "s") == 0) {
		unsigned long k = strtoul(s, &end, 10);

		if (*end != '\0' || k >= x->nsst) {
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "row %lu: "
			    "shared string %s is not there", wb->cur.line, s);
			return -1;
		}
		s = x->sstbuf.p + x->sstoff[k];
		n = strlen(s);
		return cell_put(wb, col, s, n, n > CSV_MAX_FIELD, err);
	}
	if (strcmp(t, "b") == 0)
		return cell_put(wb, col, *s == '1' ? "TRUE" : "FALSE",
		    *s == '1' ? 4 : 5, 0, err);
	if (strcmp(t, "d") == 0) /* an ISO date written as text */
		return cell_put(wb, col, s, n > 10 && s[10] == 'T' &&
		    strspn(s + 11, "0:.Z") == strlen(s + 11) ? 10 : n, 0, err);
	if (strcmp(t, "n") == 0 || *t == '\0') {
		if (n == 0)
			return 0;
		d = strtod(s, &end);
		if (*end == '\0') {
			int show = style >= 0 && (size_t)style < x->nxf ?
			    x->xf_date[style] : 0;

			if (show == SHOW_DATE &&
			    serial_text(d, x->d1904, num, sizeof num) == 0)
				return cell_put_as(wb, col, num, strlen(num), 0,
				    CELL_DATE, err);
			if (show >= SHOW_TIME && show < SHOW_PAD &&
			    time_text(d, show, num, sizeof num) == 0)
				return cell_put(wb, col, num, strlen(num), 0,
				    err);
			number_text(d, num, sizeof num);
			/* RT 001 typed as 1 under the format "000" */
			if (show > SHOW_PAD && d >= 0 && d < 1e15 &&
			    d == floor(d))
				snprintf(num, sizeof num, "%0*.0f",
				    show - SHOW_PAD, d);
			return cell_put(wb, col, num, strlen(num), 0, err);
		}
	}
	/* str, inlineStr */
	return cell_put(wb, col, s, n, 0, err);
}

/* The sheet's merged ranges (<mergeCell ref="A2:A5"/>, after the rows
 * in the part), read in a pass of their own before the rows. */
static int
xlsx_merges(workbook *wb, const char *part, const char *buf, size_t len,
    sg_err *err)
{
	struct xerr xe;
	xmlTextReaderPtr r;
	char a[64], *colon;
	unsigned long r1, r2;
	long c1, c2;
	int rc;

	merges_reset(wb);
	if (!has(buf, len, "mergeCell"))
		return 0;
	if ((r = xml_open(wb, part, buf, len, &xe, err)) == NULL)
		return -1;
	while ((rc = XNEXT(r)) == 1) {
		if (!is_el(r, "mergeCell") || !attr(r, "ref", a, sizeof a) ||
		    (colon = strchr(a, ':')) == NULL)
			continue;
		*colon = '\0';
		r1 = r2 = 0;
		if ((c1 = ref_col(a, &r1)) < 0 ||
		    (c2 = ref_col(colon + 1, &r2)) < 0)
			continue;
		if (merge_add(wb, r1, r2, (unsigned long)c1,
		    (unsigned long)c2, err) != 0) {
			rc = -1;
			break;
		}
	}
	xmlFreeTextReader(r);
	if (rc < 0)
		return -1;
	qsort(wb->merges, wb->nmerges, sizeof *wb->merges, merge_cmp);
	return 0;
}

static int
is_true(const char *a)
{
	return strcmp(a, "1") == 0 || strcmp(a, "true") == 0;
}

static int
xlsx_sheet(workbook *wb, const struct xlsx *x, struct sheet *sh,
    const char *part, const char *buf, size_t len, sg_err *err)
{
	struct xerr xe;
	sg_buf v = VALUE_INIT;
	xmlTextReaderPtr r;
	char a[64], t[16];
	unsigned long line = 0, rr;
	long col = -1, c, style = -1;
	uint32_t refused = 0;
	int rc, in_v = 0, in_c = 0, in_rph = 0, hidden;

	if (xlsx_merges(wb, part, buf, len, err) != 0)
		return -1;
	if ((r = xml_open(wb, part, buf, len, &xe, err)) == NULL)
		return -1;
	while ((rc = XNEXT(r)) == 1) {
		int type = xmlTextReaderNodeType(r);

		if (type == XML_READER_TYPE_ELEMENT) {
			const char *n = (const char *)
			    xmlTextReaderConstLocalName(r);

			if (strcmp(n, "row") == 0) {
				if (row_end(wb, sh, err) != 0) {
					rc = -1;
					break;
				}
				rr = attr(r, "r", a, sizeof a) ?
				    strtoul(a, NULL, 10) : 0;
				if (rr <= line) {
					if (rr != 0) {
						sg_err_set(err, "E-BOOK-CORRUPT",
						    wb->name, "%s: row %lu "
						    "after row %lu", part, rr,
						    line);
						rc = -1;
						break;
					}
					rr = line + 1;
				}
				line = rr;
				col = -1;
				/* hidden by hand or filtered out */
				hidden = attr(r, "hidden", a, sizeof a) &&
				    is_true(a);
				row_begin(wb, line);
				wb->cur.hidden = (uint8_t)hidden;
				if (xmlTextReaderIsEmptyElement(r) &&
				    row_end(wb, sh, err) != 0) {
					rc = -1;
					break;
				}
			} else if (strcmp(n, "c") == 0 && wb->open) {
				c = attr(r, "r", a, sizeof a) ?
				    ref_col(a, NULL) : col + 1;
				col = c < 0 ? col + 1 : c;
				attr(r, "t", t, sizeof t);
				style = attr(r, "s", a, sizeof a) ?
				    strtol(a, NULL, 10) : -1;
				sg_buf_reset(&v);
				refused = 0;
				in_c = !xmlTextReaderIsEmptyElement(r);
			} else if (in_c && !in_rph && (strcmp(n, "v") == 0 ||
			    strcmp(n, "t") == 0)) {
				in_v = !xmlTextReaderIsEmptyElement(r);
			} else if (in_c && strcmp(n, "rPh") == 0) {
				in_rph = !xmlTextReaderIsEmptyElement(r);
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			const char *n = (const char *)
			    xmlTextReaderConstLocalName(r);

			if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)
				in_v = 0;
			else if (strcmp(n, "rPh") == 0)
				in_rph = 0;
			else if (strcmp(n, "c") == 0 && in_c) {
				in_c = 0;
				if (xlsx_cell(wb, x, (size_t)col, t, style, &v,
				    refused, err) != 0) {
					rc = -1;
					break;
				}
			} else if (strcmp(n, "row") == 0 &&
			    row_end(wb, sh, err) != 0) {
				rc = -1;
				break;
			}
		} else if (in_v && is_text(r)) {
			if (add_text(&v, r, 1, &refused) != 0) {
				sg_err_set(err, "E-SYSTEM", wb->name,
				    "out of memory");
				rc = -1;
				break;
			}
		}
	}
	if (rc == 0 && row_end(wb, sh, err) != 0)
		rc = -1;
	if (rc == 0)
		sheet_dates(wb, sh);
	xmlFreeTextReader(r);
	sg_buf_free(&v);
	return rc < 0 ? -1 : 0;
}

/* Sheets in workbook order: their names and parts (through the rels). */
static int
xlsx_read(workbook *wb, zip_t *z, sg_err *err)
{
	struct xlsx x;
	struct xerr xe;
	xmlTextReaderPtr r = NULL;
	char *wbx = NULL, *rels = NULL, *p = NULL;
	size_t wlen, rlen, plen, i;
	char name[512], rid[256], id[256], target[512], path[600];
	int missing, rc = -1, st;
	const char *part;
	struct { char *name, *rid; int hidden; } *sheets = NULL;
	size_t ns = 0;

	memset(&x, 0, sizeof x);
	wb->kind = "xlsx";
	part = "xl/workbook.xml";
	if ((wbx = zip_part(wb, z, part, &wlen, &missing, err)) == NULL)
		goto out;
	if ((r = xml_open(wb, part, wbx, wlen, &xe, err)) == NULL)
		goto out;
	while ((st = XNEXT(r)) == 1) {
		if (is_el(r, "workbookPr") && attr(r, "date1904", name,
		    sizeof name))
			x.d1904 = strcmp(name, "1") == 0 ||
			    strcasecmp(name, "true") == 0;
		else if (is_el(r, "sheet")) {
			void *np;

			if (ns >= WORKBOOK_MAX_SHEETS) {
				too_big(wb, err, "sheets", WORKBOOK_MAX_SHEETS);
				st = -1;
				break;
			}
			attr(r, "name", name, sizeof name);
			attr(r, "id", rid, sizeof rid);
			if ((np = realloc(sheets, (ns + 1) *
			    sizeof *sheets)) == NULL)
				goto nomem;
			sheets = np;
			sheets[ns].name = strdup(name);
			sheets[ns].rid = strdup(rid);
			/* "hidden" or "veryHidden": not what the clerk sees */
			sheets[ns].hidden = attr(r, "state", rid, sizeof rid) &&
			    strncmp(rid, "visible", 7) != 0;
			ns++;
			if (!sheets[ns - 1].name || !sheets[ns - 1].rid)
				goto nomem;
		}
	}
	xmlFreeTextReader(r);
	r = NULL;
	if (st < 0)
		goto out;
	part = "xl/_rels/workbook.xml.rels";
	if ((rels = zip_part(wb, z, part, &rlen, &missing, err)) == NULL) {
		if (missing)
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s is "
			    "missing", part);
		goto out;
	}
	if ((p = zip_part(wb, z, "xl/sharedStrings.xml", &plen, &missing,
	    err)) != NULL) {
		if (xlsx_sst(wb, &x, p, plen, err) != 0)
			goto out;
	} else if (!missing)
		goto out;
	free(p);
	if ((p = zip_part(wb, z, "xl/styles.xml", &plen, &missing, err)) !=
	    NULL) {
		if (xlsx_styles(wb, &x, p, plen, err) != 0)
			goto out;
	} else if (!missing)
		goto out;
	free(p);
	p = NULL;
	for (i = 0; i < ns; i++) {
		struct sheet *sh;

		target[0] = '\0';
		if ((r = xml_open(wb, part, rels, rlen, &xe, err)) == NULL)
			goto out;
		while ((st = XNEXT(r)) == 1)
			if (is_el(r, "Relationship") && attr(r, "Id", id,
			    sizeof id) && strcmp(id, sheets[i].rid) == 0) {
				attr(r, "Target", target, sizeof target);
				break;
			}
		xmlFreeTextReader(r);
		r = NULL;
		if (st < 0)
			goto out;
		if (target[0] == '\0') {
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "sheet "
			    "\"%s\" has no part", sheets[i].name);
			goto out;
		}
		if (target[0] == '/')
			snprintf(path, sizeof path, "%s", target + 1);
		else
			snprintf(path, sizeof path, "xl/%s", target);
		if ((p = zip_part(wb, z, path, &plen, &missing, err)) ==
		    NULL) {
			if (missing)
				sg_err_set(err, "E-BOOK-CORRUPT", wb->name,
				    "sheet \"%s\": %s is missing",
				    sheets[i].name, path);
			goto out;
		}
		if ((sh = sheet_add(wb, sheets[i].name, err)) == NULL)
			goto out;
		sh->hidden = sheets[i].hidden;
		if (xlsx_sheet(wb, &x, sh, path, p, plen, err) != 0)
			goto out;
		free(p);
		p = NULL;
	}
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
out:
	if (r)
		xmlFreeTextReader(r);
	for (i = 0; i < ns; i++) {
		free(sheets[i].name);
		free(sheets[i].rid);
	}
	free(sheets);
	free(wbx);
	free(rels);
	free(p);
	free(x.sstoff);
	free(x.sstbad);
	sg_buf_free(&x.sstbuf);
	free(x.xf_date);
	return rc;
}

/* ---- .ods ------------------------------------------------------------- */

static unsigned long
repeat_attr(xmlTextReaderPtr r, const char *name)
{
	char a[32];
	unsigned long n;

	if (!attr(r, name, a, sizeof a))
		return 1;
	n = strtoul(a, NULL, 10);
	return n == 0 ? 1 : n;
}

/* Does some attribute of the element named local (any namespace) have
 * the value want?  (.ods cells carry office:value-type and
 * calcext:value-type both.) */
static int
attr_is(xmlTextReaderPtr r, const char *local, const char *want)
{
	int found = 0;

	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return 0;
	do {
		const xmlChar *v = xmlTextReaderConstValue(r);

		if (strcmp((const char *)xmlTextReaderConstLocalName(r),
		    local) == 0 && v != NULL &&
		    strcmp((const char *)v, want) == 0)
			found = 1;
	} while (!found && xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return found;
}

/* A formula's result as a sheet shows an error: #N/A and friends, or
 * LibreOffice's Err:502. */
static int
is_error_text(const char *s)
{
	static const char *const errs[] = { "#N/A", "#REF!", "#DIV/0!",
	    "#VALUE!", "#NAME?", "#NUM!", "#NULL!" };
	size_t i;

	for (i = 0; i < sizeof errs / sizeof errs[0]; i++)
		if (strcmp(s, errs[i]) == 0)
			return 1;
	return strncmp(s, "Err:", 4) == 0 && s[4] != '\0' &&
	    strspn(s + 4, "0123456789") == strlen(s + 4);
}

/* The finished cell's shown text, put crep times; error: the cell is a
 * formula whose value is an error (calcext:value-type="error"), or a
 * formula (-1) whose text may show one. */
static int
ods_cell(workbook *wb, size_t *col, unsigned long crep, const char *vtype,
    const char *value, int error, sg_buf *b, sg_err *err)
{
	char num[64];
	const char *s = value_over(b) ? "" : sg_buf_str(b);
	size_t n = b->len;
	unsigned long k;
	uint32_t flag = 0;

	if (s == NULL) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		return -1;
	}
	if (error > 0 || (error < 0 && is_error_text(s))) {
		if (cell_error(wb, *col, s, n, err) != 0)
			return -1;
		*col += crep;
		return 0;
	}

	if (strcmp(vtype, "date") == 0 && strlen(value) >= 10) {
		/* 2026-05-13 or 2026-05-13T00:00:00 */
		if (strlen(value) == 10 || strspn(value + 11, "0:.") ==
		    strlen(value + 11))
			snprintf(num, sizeof num, "%.10s", value);
		else
			snprintf(num, sizeof num, "%.10s %.8s", value,
			    value + 11);
		s = num;
		n = strlen(num);
		flag = CELL_DATE;
	} else if ((strcmp(vtype, "float") == 0 ||
	    strcmp(vtype, "percentage") == 0 ||
	    strcmp(vtype, "currency") == 0) && fabs(strtod(value, NULL)) >=
	    1e15) {
		number_text(strtod(value, NULL), num, sizeof num);
		s = num;
		n = strlen(num);
	}
	if (n == 0 && !value_over(b)) {
		*col += crep;
		return 0;
	}
	for (k = 0; k < crep; k++) {
		if (cell_put_as(wb, *col, s, n, value_over(b), flag, err) != 0)
			return -1;
		if (++*col > CSV_MAX_FIELDS)
			break; /* the row is bad already */
	}
	*col += crep - k;
	return 0;
}

static int
ods_read(workbook *wb, zip_t *z, sg_err *err)
{
	const char *part = "content.xml";
	struct xerr xe;
	sg_buf b = VALUE_INIT;
	xmlTextReaderPtr r = NULL;
	struct sheet *sh = NULL;
	char *buf = NULL, a[512], vtype[32], value[128];
	/* table styles that hide a sheet (table:display="false") */
	char style[64], hidden[WB_MAX_HIDDEN_STYLES][64];
	size_t len, col = 0, k, nhidden = 0;
	unsigned long line = 0, rrep = 1, crep = 1, rspan, cspan;
	int rc = -1, st, missing, in_cell = 0, np = 0, skip = 0, cerr = 0;

	wb->kind = "ods";
	style[0] = '\0';
	if ((buf = zip_part(wb, z, part, &len, &missing, err)) == NULL) {
		if (missing)
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "%s is "
			    "missing", part);
		goto out;
	}
	if ((r = xml_open(wb, part, buf, len, &xe, err)) == NULL)
		goto out;
	while ((st = XNEXT(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *n = (const char *)xmlTextReaderConstLocalName(r);

		if (skip > 0) {
			if (type == XML_READER_TYPE_END_ELEMENT &&
			    xmlTextReaderDepth(r) == skip)
				skip = 0;
			continue;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			if (strcmp(n, "style") == 0 && sh == NULL) {
				if (!attr_is(r, "family", "table") ||
				    !attr(r, "name", style, sizeof style))
					style[0] = '\0';
			} else if (strcmp(n, "table-properties") == 0 &&
			    sh == NULL && style[0] != '\0' &&
			    attr_is(r, "display", "false") &&
			    nhidden < WB_MAX_HIDDEN_STYLES) {
				memcpy(hidden[nhidden++], style, sizeof style);
			} else if (strcmp(n, "table") == 0 && sh == NULL) {
				attr(r, "name", a, sizeof a);
				if ((sh = sheet_add(wb, a, err)) == NULL)
					goto out;
				if (attr(r, "style-name", style, sizeof style))
					for (k = 0; k < nhidden; k++)
						if (strcmp(style,
						    hidden[k]) == 0)
							sh->hidden = 1;
				style[0] = '\0';
				line = 0;
				merges_reset(wb);
				if (xmlTextReaderIsEmptyElement(r))
					sh = NULL;
			} else if (sh == NULL) {
				continue;
			} else if (strcmp(n, "table-row") == 0) {
				rrep = repeat_attr(r, "number-rows-repeated");
				row_begin(wb, line + 1);
				/* hidden by hand or filtered out */
				wb->cur.hidden = (uint8_t)(
				    attr_is(r, "visibility", "collapse") ||
				    attr_is(r, "visibility", "filter"));
				col = 0;
				if (xmlTextReaderIsEmptyElement(r)) {
					wb->open = 0;
					line += rrep;
				}
			} else if ((strcmp(n, "table-cell") == 0 ||
			    strcmp(n, "covered-table-cell") == 0) &&
			    wb->open) {
				crep = repeat_attr(r,
				    "number-columns-repeated");
				attr(r, "value-type", vtype, sizeof vtype);
				if (strcmp(vtype, "date") == 0)
					attr(r, "date-value", value,
					    sizeof value);
				else
					attr(r, "value", value, sizeof value);
				cerr = attr_is(r, "value-type", "error") ? 1 :
				    attr(r, "formula", a, sizeof a) ? -1 : 0;
				/* a merged range: its cells show this one */
				rspan = repeat_attr(r, "number-rows-spanned");
				cspan = repeat_attr(r,
				    "number-columns-spanned");
				if ((rspan > 1 || cspan > 1) &&
				    strcmp(n, "table-cell") == 0 &&
				    merge_add(wb, wb->cur.line, wb->cur.line +
				    (rspan < WB_MAX_ROWS ? rspan : WB_MAX_ROWS) -
				    1, col, col + (cspan < CSV_MAX_FIELDS ?
				    cspan : CSV_MAX_FIELDS) - 1, err) != 0)
					goto out;
				sg_buf_reset(&b);
				np = 0;
				if (xmlTextReaderIsEmptyElement(r)) {
					if (ods_cell(wb, &col, crep, vtype,
					    value, cerr, &b, err) != 0)
						goto out;
				} else
					in_cell = 1;
			} else if (in_cell && (strcmp(n, "annotation") == 0 ||
			    strcmp(n, "frame") == 0 ||
			    strcmp(n, "custom-shape") == 0)) {
				/* a comment or a drawing: not the cell's text */
				if (!xmlTextReaderIsEmptyElement(r))
					skip = xmlTextReaderDepth(r);
			} else if (in_cell && strcmp(n, "p") == 0) {
				if (np++ > 0 && value_add(&b, "\n", 1) != 0)
					goto nomem;
			} else if (in_cell && strcmp(n, "s") == 0) {
				unsigned long c = repeat_attr(r, "c");

				for (k = 0; k < c && !value_over(&b); k++)
					if (value_add(&b, " ", 1) != 0)
						goto nomem;
			} else if (in_cell && strcmp(n, "tab") == 0) {
				if (value_add(&b, "\t", 1) != 0)
					goto nomem;
			} else if (in_cell && strcmp(n, "line-break") == 0) {
				if (value_add(&b, "\n", 1) != 0)
					goto nomem;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && sh) {
			if (strcmp(n, "table-cell") == 0 ||
			    strcmp(n, "covered-table-cell") == 0) {
				in_cell = 0;
				if (ods_cell(wb, &col, crep, vtype, value,
				    cerr, &b, err) != 0)
					goto out;
			} else if (strcmp(n, "table-row") == 0 && wb->open) {
				struct wrow one = wb->cur;
				size_t had = sh->nrows;

				if (row_end(wb, sh, err) != 0)
					goto out;
				/* a repeated row with something in it */
				for (k = 1; sh->nrows > had && k < rrep; k++) {
					one.line = line + 1 + k;
					if (sh->nrows >= WB_MAX_ROWS) {
						too_big(wb, err, "rows in a "
						    "sheet", WB_MAX_ROWS);
						goto out;
					}
					wb->cur = one;
					wb->open = 1;
					wb->shared = 1;
					if (row_end(wb, sh, err) != 0)
						goto out;
				}
				line += rrep;
			} else if (strcmp(n, "table") == 0) {
				sheet_dates(wb, sh);
				sh = NULL;
			}
		} else if (in_cell && is_text(r)) {
			if (add_text(&b, r, 0, NULL) != 0)
				goto nomem;
		}
	}
	if (st < 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
out:
	if (r)
		xmlFreeTextReader(r);
	free(buf);
	sg_buf_free(&b);
	return rc;
}

/* ---- zip kinds -------------------------------------------------------- */

static int
zip_read(workbook *wb, const void *data, size_t len, sg_err *err)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z = NULL;
	char *mt = NULL;
	size_t mlen;
	int missing, rc = -1;
	zip_int64_t n;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		sg_err_set(err, "E-SYSTEM", wb->name, "out of memory");
		goto out;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zip_source_free(src);
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "damaged: %s "
		    "(open it in the spreadsheet program and save it again)",
		    zip_error_strerror(&ze));
		goto out;
	}
	n = zip_get_num_entries(z, 0);
	if (n < 0 || (zip_uint64_t)n > WORKBOOK_MAX_ENTRIES) {
		too_big(wb, err, "zip entries", WORKBOOK_MAX_ENTRIES);
		goto out;
	}
	if (zip_name_locate(z, "xl/workbook.xml", ZIP_FL_NOCASE) >= 0) {
		rc = xlsx_read(wb, z, err);
		goto out;
	}
	if (zip_name_locate(z, "xl/workbook.bin", ZIP_FL_NOCASE) >= 0) {
		sg_err_set(err, "E-BOOK-KIND", wb->name, "an Excel binary "
		    "workbook (.xlsb), which segel does not read; save it as "
		    ".xlsx");
		goto out;
	}
	if ((mt = zip_part(wb, z, "mimetype", &mlen, &missing, err)) != NULL &&
	    strncmp(mt, "application/vnd.oasis.opendocument.spreadsheet",
	    46) == 0) {
		rc = ods_read(wb, z, err);
		goto out;
	}
	if (mt != NULL || missing)
		sg_err_set(err, "E-BOOK-KIND", wb->name, "a zip archive but "
		    "not a spreadsheet (%s); save the sheet as .xlsx, .ods "
		    "or .csv", mt ? mt : "no workbook in it");
out:
	free(mt);
	if (z)
		zip_discard(z);
	zip_error_fini(&ze);
	return rc;
}

/* ---- .xls ------------------------------------------------------------- */

/*
 * libfreexl is not safe on hostile files (fuzz_workbook found a stack
 * over-read in its text conversion within a minute), so it runs in a
 * child process of its own with a CPU limit (pool.h, as segel-verify
 * runs its decoders), and sends the cells back as plain frames:
 *   'S' name NUL                      a sheet
 *   'R' line(4) ncells(4) {len(4) bytes}...   a row
 *   'E' code NUL message NUL          it could not read the file
 * The parent reads the frames with every bound of its own (a child that
 * was fooled can only send bad rows).
 */
#define XLS_CPU_SECONDS 20

static void
out_u32(sg_buf *o, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	sg_buf_add(o, b, 4);
}

static void
out_fail(sg_buf *o, const char *code, const char *msg)
{
	sg_buf_reset(o);
	sg_buf_add(o, "E", 1);
	sg_buf_add(o, code, strlen(code) + 1);
	sg_buf_add(o, msg, strlen(msg) + 1);
}

/* In the child: the whole .xls into frames. */
static int
xls_child(void *arg, const unsigned char *job, size_t len,
    unsigned char **out, size_t *outlen)
{
	sg_buf o;
	const void *h = NULL;
	unsigned int info, rows, i, rr;
	unsigned short cols, c;
	FreeXL_CellValue v;
	const char *sname;
	char path[4096], num[64], msg[300];
	int fr, fd;

	sg_buf_init(&o, (size_t)WORKBOOK_MAX_TEXT * 2);
	/* whatever it says as it fails (a sanitizer's report) is not ours
	 * to show: the parent says what failed */
	if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	snprintf(path, sizeof path, "%.*s", (int)len, (const char *)job);
	if ((fr = freexl_open(path, &h)) != FREEXL_OK) {
		snprintf(msg, sizeof msg, "%d", fr);
		out_fail(&o, fr == FREEXL_INSUFFICIENT_MEMORY ? "E-SYSTEM" :
		    "E-BOOK-CORRUPT", msg);
		goto out;
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
	    info == FREEXL_BIFF_OBFUSCATED) {
		out_fail(&o, "E-BOOK-ENCRYPTED", "");
		goto out;
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK)
		info = 0;
	for (i = 0; i < info && i < WORKBOOK_MAX_SHEETS && o.err == 0; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &sname) !=
		    FREEXL_OK || freexl_select_active_worksheet(h,
		    (unsigned short)i) != FREEXL_OK ||
		    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
			snprintf(msg, sizeof msg, "sheet %u", i + 1);
			out_fail(&o, "E-BOOK-CORRUPT", msg);
			goto out;
		}
		sg_buf_add(&o, "S", 1);
		if (sname == NULL)
			sname = "";
		sg_buf_add(&o, sname, strlen(sname) + 1);
		for (rr = 0; rr < rows && o.err == 0; rr++) {
			sg_buf_add(&o, "R", 1);
			out_u32(&o, rr + 1);
			out_u32(&o, cols);
			for (c = 0; c < cols; c++) {
				const char *t = "";

				if (freexl_get_cell_value(h, rr, c, &v) ==
				    FREEXL_OK) {
					t = num;
					switch (v.type) {
					case FREEXL_CELL_INT:
						snprintf(num, sizeof num, "%d",
						    v.value.int_value);
						break;
					case FREEXL_CELL_DOUBLE:
						number_text(v.value.double_value,
						    num, sizeof num);
						break;
					case FREEXL_CELL_TEXT:
					case FREEXL_CELL_SST_TEXT:
					case FREEXL_CELL_DATE:
					case FREEXL_CELL_DATETIME:
					case FREEXL_CELL_TIME:
						t = v.value.text_value ?
						    v.value.text_value : "";
						break;
					default:
						t = "";
						break;
					}
				}
				out_u32(&o, (uint32_t)strlen(t));
				sg_buf_add(&o, t, strlen(t));
			}
		}
	}
	if (o.err != 0)
		out_fail(&o, "E-BOOK-TOO-BIG", "");
out:
	if (h)
		freexl_close(h);
	*out = sg_buf_take(&o, outlen);
	return 0;
}

struct xls_job {
	const char *path;
	int taken;
	int status, signal;
	unsigned char *data;
	size_t len;
};

static int
xls_next(void *ctx, const unsigned char **job, size_t *len)
{
	struct xls_job *j = ctx;

	if (j->taken++)
		return 0;
	*job = (const unsigned char *)j->path;
	*len = strlen(j->path);
	return 1;
}

static int
xls_done(void *ctx, const pool_result *res)
{
	struct xls_job *j = ctx;

	j->status = res->status;
	j->signal = res->signal;
	if (res->status == POOL_OK && res->len > 0) {
		if ((j->data = malloc(res->len)) == NULL)
			return 1;
		memcpy(j->data, res->data, res->len);
		j->len = res->len;
	}
	return 0;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
xls_read(workbook *wb, const char *path, sg_err *err)
{
	pool_opts o = { 0, 0, 1, XLS_CPU_SECONDS };
	struct xls_job j;
	struct sheet *sh = NULL;
	const unsigned char *p, *end, *z;
	uint32_t line, n, k, l;
	int rc = -1;

	wb->kind = "xls";
	memset(&j, 0, sizeof j);
	j.path = path;
	if (pool_run(&o, xls_child, NULL, xls_next, xls_done, &j, err) != 0)
		goto out;
	if (j.status != POOL_OK) {
		/* the reader crashed or ran out of time on it */
		sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "cannot be read "
		    "as an Excel 97-2003 workbook; a password-protected .xlsx "
		    "is stored like this: save it without a password");
		goto out;
	}
	if (j.len == 0) {
		rc = 0; /* no sheets */
		goto out;
	}
	p = j.data;
	end = p + j.len;
	if (*p == 'E') {
		const char *code = (const char *)p + 1;

		if (memchr(p, '\0', j.len) == NULL)
			code = "E-BOOK-CORRUPT";
		if (strcmp(code, "E-BOOK-ENCRYPTED") == 0)
			sg_err_set(err, code, wb->name, "the workbook is "
			    "password-protected; save it without a password");
		else if (strcmp(code, "E-BOOK-TOO-BIG") == 0)
			too_big(wb, err, "bytes of cell text",
			    WORKBOOK_MAX_TEXT);
		else if (strcmp(code, "E-SYSTEM") == 0)
			sg_err_set(err, code, wb->name, "out of memory");
		else
			sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "cannot "
			    "be read as an Excel 97-2003 workbook; a "
			    "password-protected .xlsx is stored like this: "
			    "save it without a password");
		goto out;
	}
	while (p < end) {
		if (*p == 'S') {
			if ((z = memchr(p + 1, '\0', (size_t)(end - p - 1))) ==
			    NULL)
				goto bad;
			if ((sh = sheet_add(wb, (const char *)p + 1, err)) ==
			    NULL)
				goto out;
			p = z + 1;
		} else if (*p == 'R' && sh != NULL && end - p >= 9) {
			line = get_u32(p + 1);
			n = get_u32(p + 5);
			p += 9;
			row_begin(wb, line);
			for (k = 0; k < n; k++) {
				if (end - p < 4 || (l = get_u32(p)) >
				    (size_t)(end - p - 4))
					goto bad;
				if (text_is_utf8((const char *)p + 4, l)) {
					if (cell_put(wb, k, (const char *)p + 4,
					    l, 0, err) != 0)
						goto out;
				} else {
					/* freexl gives UTF-8; a fooled one may
					 * not: read as Windows-1252, as csv.c */
					size_t cl;
					char *cv = text_cp1252_to_utf8(
					    (const char *)p + 4, l, &cl);
					int bad = cv == NULL ||
					    cell_put(wb, k, cv, cl, 0, err) != 0;

					free(cv);
					if (bad)
						goto out;
				}
				p += 4 + l;
			}
			if (row_end(wb, sh, err) != 0)
				goto out;
		} else
			goto bad;
	}
	rc = 0;
	goto out;
bad:
	sg_err_set(err, "E-BOOK-CORRUPT", wb->name, "the Excel 97-2003 "
	    "reader sent back something else than rows");
out:
	free(j.data);
	return rc;
}

/* ---- the workbook ----------------------------------------------------- */

static const unsigned char zip_magic[4] = { 'P', 'K', 3, 4 };
static const unsigned char cfb_magic[8] = {
	0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

int
workbook_sniff(const void *buf, size_t len)
{
	return (len >= 4 && memcmp(buf, zip_magic, 4) == 0) ||
	    (len >= 8 && memcmp(buf, cfb_magic, 8) == 0);
}

static workbook *
wb_new(const char *name, sg_err *err)
{
	workbook *wb = calloc(1, sizeof *wb);

	if (wb == NULL || (wb->name = strdup(name ? name : "")) == NULL ||
	    sg_buf_reserve(&wb->text, 1 << 16) != 0 ||
	    sg_buf_add(&wb->text, "", 1) != 0) {
		if (wb) {
			free(wb->name);
			sg_buf_free(&wb->text);
		}
		free(wb);
		sg_err_set(err, "E-SYSTEM", name, "out of memory");
		return NULL;
	}
	return wb;
}

static workbook *
wb_read(const void *buf, size_t len, const char *name, const char *path,
    sg_err *err)
{
	workbook *wb;
	int rc;

	if ((wb = wb_new(name, err)) == NULL)
		return NULL;
	if (len >= 4 && memcmp(buf, zip_magic, 4) == 0)
		rc = zip_read(wb, buf, len, err);
	else if (len >= 8 && memcmp(buf, cfb_magic, 8) == 0 && path != NULL)
		rc = xls_read(wb, path, err);
	else {
		sg_err_set(err, len >= 8 && memcmp(buf, cfb_magic, 8) == 0 ?
		    "E-BOOK-KIND" : "E-BOOK-CORRUPT", name, len == 0 ?
		    "the file is empty" : "not a workbook: neither a zip "
		    "(.xlsx, .ods) nor an Excel 97-2003 file (.xls)");
		rc = -1;
	}
	if (rc != 0) {
		workbook_free(wb);
		return NULL;
	}
	return wb;
}

workbook *
workbook_open(const char *path, sg_err *err)
{
	workbook *wb;
	char *buf = NULL;
	size_t len = 0;

	if (file_read_all(path, WORKBOOK_MAX_FILE, 0, "E-BOOK-TOO-BIG", &buf,
	    &len, err) != 0)
		return NULL;
	wb = wb_read(buf, len, path, path, err);
	free(buf);
	return wb;
}

workbook *
workbook_open_mem(const void *buf, size_t len, const char *name,
    sg_err *err)
{
	if (len > WORKBOOK_MAX_FILE) {
		sg_err_set(err, "E-BOOK-TOO-BIG", name, "%zu bytes, more than "
		    "the limit of %u", len, WORKBOOK_MAX_FILE);
		return NULL;
	}
	return wb_read(buf, len, name, NULL, err);
}

void
workbook_free(workbook *wb)
{
	size_t i;

	if (wb == NULL)
		return;
	for (i = 0; i < wb->nsheets; i++) {
		free(wb->sheets[i].name);
		free(wb->sheets[i].rows);
	}
	free(wb->sheets);
	sg_buf_free(&wb->text);
	free(wb->cells);
	free(wb->merges);
	free(wb->active);
	free(wb->name);
	free(wb);
}

const char *
workbook_kind(const workbook *wb)
{
	return wb->kind;
}

size_t
workbook_nsheets(const workbook *wb)
{
	return wb->nsheets;
}

const char *
workbook_sheet_name(const workbook *wb, size_t sheet)
{
	return sheet < wb->nsheets ? wb->sheets[sheet].name : NULL;
}

size_t
workbook_sheet_nrows(const workbook *wb, size_t sheet)
{
	return sheet < wb->nsheets ? wb->sheets[sheet].nrows : 0;
}

workbook_rows *
workbook_rows_new(const workbook *wb, size_t sheet)
{
	workbook_rows *r;

	if (sheet >= wb->nsheets || (r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->wb = wb;
	r->sh = &wb->sheets[sheet];
	return r;
}

void
workbook_rows_free(workbook_rows *r)
{
	free(r);
}

/* Column 0 as "A", 27 as "AB". */
static void
col_name(uint32_t col, char out[8])
{
	char rev[8];
	int n = 0, i = 0;

	col++;
	while (col > 0 && n < 7) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n > 0)
		out[i++] = rev[--n];
	out[i] = '\0';
}

int
workbook_rows_next(workbook_rows *r, sg_err *err)
{
	char where[600], cn[8];

	if (r->next >= r->sh->nrows) {
		r->row = NULL;
		return 0;
	}
	r->row = &r->sh->rows[r->next++];
	if (r->row->bad == BAD_NONE)
		return 1;
	snprintf(where, sizeof where, "%s:%s:%lu", r->wb->name, r->sh->name,
	    r->row->line);
	col_name(r->row->badcol, cn);
	switch (r->row->bad) {
	case BAD_LONG:
		sg_err_set(err, "E-BOOK-CELL-TOO-LONG", where, "a cell of the "
		    "row holds more than %u bytes", CSV_MAX_FIELD);
		break;
	case BAD_ERROR:
		sg_err_set(err, "E-BOOK-CELL-ERROR", where, "column %s shows "
		    "the error %s, not a value: correct the formula or type "
		    "the value", cn, r->wb->text.p + r->row->badarg);
		break;
	case BAD_CONTROL:
		sg_err_set(err, "E-FIELD-CONTROL", where, "column %s holds "
		    "the character U+%04lX (written _x%04lX_), which no text "
		    "may hold: retype the cell", cn,
		    (unsigned long)r->row->badarg,
		    (unsigned long)r->row->badarg);
		break;
	case BAD_DATE:
		sg_err_set(err, "E-BOOK-DATE-AMBIGUOUS", where, "column %s "
		    "holds dates as dates and as text written day first: "
		    "this date may have been turned month-first by the "
		    "spreadsheet; type it as text DD-MM-YYYY", cn);
		break;
	case BAD_HIDDEN_ROW:
		sg_err_set(err, "E-BOOK-HIDDEN", where, "row %lu is hidden "
		    "in the sheet (or filtered out): show it, or delete it "
		    "if it is not to be read", r->row->line);
		break;
	case BAD_HIDDEN_SHEET:
		sg_err_set(err, "E-BOOK-HIDDEN", where, "the sheet is "
		    "hidden: show it, or delete its rows if they are not to "
		    "be read");
		break;
	default:
		sg_err_set(err, "E-BOOK-TOO-MANY-COLUMNS", where, "the row "
		    "has cells past column %u", CSV_MAX_FIELDS);
		break;
	}
	return -1;
}

size_t
workbook_rows_nfields(const workbook_rows *r)
{
	/* a row too long or too wide was not kept whole: no fields; the
	 * other bad rows keep theirs, so that the caller can tell whose
	 * row it is (lib/intake.c holds the row's family back with it) */
	return r->row && r->row->bad != BAD_LONG &&
	    r->row->bad != BAD_COLUMNS ? r->row->n : 0;
}

const char *
workbook_rows_field(const workbook_rows *r, size_t i)
{
	if (i >= workbook_rows_nfields(r))
		return NULL;
	return r->wb->text.p + CELL_OFF(r->wb->cells[r->row->first + i]);
}

unsigned long
workbook_rows_line(const workbook_rows *r)
{
	return r->row ? r->row->line : 0;
}
