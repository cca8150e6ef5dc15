/*
 * render_layout.c - interpreting a type's <layout> (layout.h) for one
 * record: templates expanded from the record's sealed values, then the
 * items (header, title, fields, member table, signature, QR, note) laid
 * out in millimetres from the top-left and drawn on the pages of the
 * libharu document that render.c opened.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <unistr.h>
#include <hpdf_pages.h>   /* the page's stream (draw_qr) */
#include <hpdf_streams.h>
#include <hpdf_utils.h>    /* HPDF_FToA (text_out) */

#include "attach.h"
#include "date.h"
#include "file.h"
#include "image.h"
#include "layout.h"
#include "qrdraw.h"
#include "record.h"
#include "region.h"
#include "render.h"
#include "render_impl.h"
#include "seal.h"
#include "text.h"
#include "words.h"

#define LINE 1.25           /* line height in font sizes */
#define CELL_LINE 1.05      /* the same, in a table cell wrapped */
#define MIN_SIZE LAYOUT_MIN_SIZE
#define QR_EDGE 10.0        /* mm the QR frame keeps from the page edge */
#define QR_MAX_VERSION 40
#define VAL_MAX 4096        /* longest expanded template */

/* What a record gives the templates. */
struct ctx {
	render *r;
	const doctype *t;
	const codetab_set *codes;
	const json_t *fields, *member;
	rec_issue_info iss;     /* number, issued, issuer from the seal */
	const char *seal;
	long row;              /* member row number, 1-based */
	const char *office, *official, *nip;
	int version;           /* the seal's type version */
	int checking;          /* drawn for the page check (d->collect) */
	const json_t *rec;     /* the record (its attachments, its source) */
	int *unsealed;         /* set when a value drawn is not sealed */
};

static const layout *
layout_for(const render *r, const doctype *t)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (doctype_set_at(r->types, i) == t)
			return r->layouts[i];
	return NULL;
}

/* ------------------------------------------------------------ templates */

static const char *
str_of(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

/* Append s to out (bounded). */
static void
cat(char *out, size_t sz, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= sz)
		n = sz - *len - 1;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* The head of the member list, as the type declares it (<members
 * head-relation= head-code= head-name=>), or "". */
static const char *
members_head(const struct ctx *c)
{
	const doctype_field *rel, *name;
	const codetab *tab;
	const json_t *list, *m;
	const char *v;
	size_t i;
	int code, want;

	if (doctype_members_head(c->t, &rel, &want, &name) != 0 ||
	    (tab = codetab_find(c->codes, rel->table)) == NULL)
		return "";
	list = json_object_get(c->fields, doctype_members_name(c->t));
	json_array_foreach(list, i, m) {
		v = str_of(m, rel->name);
		if (codetab_lookup(tab, v, &code) != NULL && code == want)
			return str_of(m, name->name);
	}
	return "";
}

/*
 * The region table, read on first use: the names a surat pindah prints
 * and the place of issue.  NULL when formats/wilayah cannot be read; the
 * names are then left out (the rows print "-").
 */
static const region_table *
regions_of(render *r)
{
	sg_err e;

	if (!r->regions_tried) {
		r->regions_tried = 1;
		r->regions = region_table_load(r->fdir, &e);
	}
	return r->regions;
}

/*
 * A region code's name at one level ("desa", "kecamatan", "kabupaten",
 * "provinsi": the desa, or the kecamatan... it lies in), in capitals as
 * the form prints values; or, for "pindah", how a move from the type's
 * own region field to code is classified (formats/doctype.md).  1 when
 * fmt is one of these (out then holds the text, maybe ""), else 0.
 */
static int
region_value(const struct ctx *c, const char *code, const char *fmt,
    char *out, size_t sz)
{
	static const struct {
		const char *fmt;
		size_t len;  /* characters of the dotted code at that level */
	} levels[] = {
		{ "provinsi", 2 }, { "kabupaten", 5 }, { "kecamatan", 8 },
		{ "desa", 13 }
	};
	static const char *const moves[] = {
		"Antar provinsi",
		"Antar kabupaten/kota dalam satu provinsi",
		"Antar kecamatan dalam satu kabupaten/kota",
		"Antar desa/kelurahan dalam satu kecamatan",
		"Dalam satu desa/kelurahan"
	};
	const doctype_field *rf;
	const region_entry *e;
	const char *from;
	char part[16];
	size_t i, same;

	if (strcmp(fmt, "pindah") == 0) {
		rf = doctype_region_field(c->t);
		from = rf ? str_of(c->fields, rf->name) : "";
		if (strlen(code) != 13 || strlen(from) != 13)
			return 1;
		for (same = 0; same < 4 &&
		    strncmp(code, from, levels[same].len) == 0; same++)
			;
		snprintf(out, sz, "%s", moves[same]);
		return 1;
	}
	for (i = 0; i < 4; i++)
		if (strcmp(fmt, levels[i].fmt) == 0)
			break;
	if (i == 4)
		return 0;
	if (strlen(code) < levels[i].len || regions_of(c->r) == NULL)
		return 1;
	snprintf(part, sizeof part, "%.*s", (int)levels[i].len, code);
	if ((e = region_find(c->r->regions, part)) != NULL)
		text_upper(e->name, out, sz);
	return 1;
}

/*
 * Where the document is issued: the profile's place, else the name of
 * the seal's issuer region; "" when neither is known.  The page check
 * masks it (not in the seal), so it does not read the region list for it.
 */
static const char *
place_of(const struct ctx *c)
{
	const region_entry *e;

	if (c->checking)
		return "";
	if (c->r->place != NULL && *c->r->place != '\0')
		return c->r->place;
	if (c->iss.issuer != NULL && regions_of(c->r) != NULL &&
	    (e = region_find(c->r->regions, c->iss.issuer)) != NULL)
		return e->name;
	return "";
}

/*
 * One value as printed (layout_value_format): a field of the record, or
 * the seal's number, issue date, issuer, the office, official, NIP, the
 * place of issue,
 * type's title, the head of the member list, "#" the row.
 */
static void
value(const struct ctx *c, const char *name, const char *fmt, char *out,
    size_t sz)
{
	const doctype_field *f = NULL;
	const codetab *tab = NULL;
	const char *v = NULL;
	enum field_type type = FT_TEXT;

	out[0] = '\0';
	if (strcmp(name, "#") == 0) {
		snprintf(out, sz, "%ld", c->row);
		return;
	}
	if (strcmp(name, "number") == 0)
		v = c->iss.number;
	else if (strcmp(name, "issued") == 0)
		v = c->iss.issued, type = FT_DATE;
	else if (strcmp(name, "issuer") == 0)
		v = c->iss.issuer;
	else if (strcmp(name, "office") == 0)
		v = c->office, *c->unsealed = 1;
	else if (strcmp(name, "official") == 0)
		v = c->official, *c->unsealed = 1;
	else if (strcmp(name, "nip") == 0)
		v = c->nip, *c->unsealed = 1;
	else if (strcmp(name, "title") == 0)
		v = doctype_title(c->t);
	else if (strcmp(name, "place") == 0)
		v = place_of(c), *c->unsealed = 1;
	else if (strcmp(name, "head") == 0)
		v = members_head(c);
	else {
		f = doctype_field_find(c->t, name);
		if (f != NULL && f->member && c->member != NULL)
			v = json_string_value(json_object_get(c->member, name));
		else if (f != NULL && !f->member)
			v = json_string_value(json_object_get(c->fields, name));
		if (f != NULL) {
			type = f->type;
			if (f->type == FT_CODE)
				tab = codetab_find(c->codes, f->table);
		}
		/* a field an older seal version did not hold */
		if (f != NULL && !doctype_seal_holds(c->t, c->version, name))
			*c->unsealed = 1;
		if (f != NULL && f->type == FT_REGION && v != NULL &&
		    region_value(c, v, fmt, out, sz))
			return;
	}
	layout_value_format(type, tab, v, fmt, out, sz);
}

/* Does one condition ("name" or "name=VALUE", len bytes) hold? */
static int
cond_one(const struct ctx *c, const char *tok, size_t len)
{
	const doctype_field *f;
	const codetab *tab;
	const char *eq = memchr(tok, '=', len), *v;
	char name[64], want[256];
	int a, b;

	snprintf(name, sizeof name, "%.*s", (int)((eq ? eq : tok + len) -
	    tok), tok);
	if ((f = doctype_field_find(c->t, name)) == NULL)
		return 0;
	v = str_of(c->fields, name);
	if (eq == NULL)
		return *v != '\0';
	snprintf(want, sizeof want, "%.*s", (int)(tok + len - eq - 1), eq + 1);
	if (f->type == FT_CODE &&
	    (tab = codetab_find(c->codes, f->table)) != NULL)
		return codetab_lookup(tab, v, &a) != NULL &&
		    codetab_lookup(tab, want, &b) != NULL && a == b;
	return strcmp(v, want) == 0;
}

/* Is an item or row with these conditions drawn (layout.h lay_cond)? */
static int
cond_holds(const struct ctx *c, const lay_cond *k)
{
	const char *p;
	size_t len;
	int i;

	for (i = 0; i < 2; i++)
		for (p = i == 0 ? k->when_all : k->unless; p != NULL && *p;
		    p += len) {
			p += strspn(p, " \t\n");
			if ((len = strcspn(p, " \t\n")) == 0)
				break;
			if (cond_one(c, p, len) != (i == 0))
				return 0;
		}
	return 1;
}

/*
 * Expand "{name[:fmt]}" in tmpl up to end; "{{" is a literal brace.  A
 * segment in brackets, "[, anak {anak_ke:ordinal}]", is printed only when
 * every value in it is not empty; "[[" is a literal bracket.  *empty is
 * set when a value expanded to "".
 */
static void
expand_to(const struct ctx *c, const char *p, const char *end, char *out,
    size_t sz, size_t *len, int in_segment, int *empty)
{
	const char *close, *colon, *seg_end;
	char name[64], fmt[16], val[VAL_MAX];
	size_t n, keep;
	int seg_empty;

	while (p < end && *p) {
		if ((p[0] == '{' || p[0] == '[') && p + 1 < end &&
		    p[1] == p[0]) {
			cat(out, sz, len, p[0] == '{' ? "{" : "[");
			p += 2;
			continue;
		}
		if (*p == '[' && !in_segment &&
		    (seg_end = memchr(p, ']', (size_t)(end - p))) != NULL) {
			keep = *len;
			seg_empty = 0;
			expand_to(c, p + 1, seg_end, out, sz, len, 1, &seg_empty);
			if (seg_empty) {
				*len = keep;
				out[keep] = '\0';
			}
			p = seg_end + 1;
			continue;
		}
		if (*p != '{' || (close = memchr(p, '}', (size_t)(end - p)))
		    == NULL) {
			char one[2] = { *p, '\0' };

			cat(out, sz, len, one);
			p++;
			continue;
		}
		n = (size_t)(close - p - 1);
		colon = memchr(p + 1, ':', n);
		text_copy(name, sizeof name, p + 1,
		    (size_t)((colon ? colon : close) - p - 1));
		text_copy(fmt, sizeof fmt, colon ? colon + 1 : "",
		    colon ? (size_t)(close - colon - 1) : 0);
		value(c, name, fmt, val, sizeof val);
		if (val[0] == '\0')
			*empty = 1;
		cat(out, sz, len, val);
		p = close + 1;
	}
}

static void
expand(const render *r, const struct ctx *c, const char *tmpl, char *out,
    size_t sz)
{
	size_t len = 0;
	int empty = 0;

	out[0] = '\0';
	expand_to(c, tmpl, tmpl + strlen(tmpl), out, sz, &len, 0, &empty);
}

/* -------------------------------------------------------------- drawing */

/*
 * The width of s in mm at size pt.  libharu's measure of a string is the
 * sum of its characters' widths (a UTF-8 character's width on its last
 * byte), so each code point is measured by libharu once and kept in the
 * face's table; a string the table cannot take (not UTF-8, beyond the
 * BMP, no table) is measured by libharu whole.  Wrapping measures every
 * prefix of a line, so this was a tenth of a document's time.
 */
/* The width of code point cp, its k bytes of UTF-8 at p, from the face's
 * table, measured by libharu the first time. */
static unsigned
cp_width(const struct face *font, ucs4_t cp, const uint8_t *p, int k)
{
	if (font->w[cp] == FACE_UNMEASURED)
		font->w[cp] = (uint16_t)HPDF_Font_TextWidth(font->f, p,
		    (HPDF_UINT)k).width;
	return font->w[cp];
}

static long
tw_units(const struct face *font, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	unsigned long sum = 0;
	ucs4_t cp;
	int k;

	if (font->w == NULL)
		return -1;
	while (p < e) {
		if ((k = u8_mbtoucr(&cp, p, (size_t)(e - p))) <= 0 ||
		    cp > 0xFFFF)
			return -1;
		sum += cp_width(font, cp, p, k);
		p += k;
	}
	return (long)sum;
}

static double
units_mm(unsigned long units, double size)
{
	return (double)units * size / 1000.0 * MM_PER_PT;
}

static double
tw(const struct face *font, double size, const char *s)
{
	long u;

	if (*s == '\0')
		return 0;
	if ((u = tw_units(font, s, strlen(s))) < 0)
		u = (long)HPDF_Font_TextWidth(font->f, (const HPDF_BYTE *)s,
		    (HPDF_UINT)strlen(s)).width;
	return units_mm((unsigned long)u, size);
}

/* Is s's width not 0 (tw(), stopping at the first character with a
 * width)? */
static int
tw_nonzero(const struct face *font, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	ucs4_t cp;
	int k;

	while (font->w != NULL && *p != '\0') {
		if ((k = u8_strmbtouc(&cp, p)) <= 0 || cp > 0xFFFF)
			break;
		if (cp_width(font, cp, p, k) != 0)
			return 1;
		p += k;
	}
	return *p != '\0' && tw(font, 1, s) != 0;
}

/*
 * "x y Td" and "<...> Tj" for s at (x, y) pt in a fresh text object, as
 * libharu 2.3.0's HPDF_Page_TextOut writes them with a TrueType font and
 * its UTF-8 encoder: the position by HPDF_FToA, the text as two bytes a
 * character in hex (its UTF-8 decoder: a character beyond U+FFFF is a
 * space, a byte that cannot start one is skipped, one cut off at the end
 * left out), nothing when the text's width is 0.  libharu measured the
 * text again for the text position it keeps, and encoded it through a
 * malloc and a byte-at-a-time hex writer: a tenth of a document.
 */
static int
text_out(HPDF_Page pg, const struct face *font, double size, HPDF_REAL x,
    HPDF_REAL y, const char *s)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	static const char hex[] = "0123456789ABCDEF";
	char buf[512], *p = buf, *e = buf + sizeof buf;
	const unsigned char *t = (const unsigned char *)s;
	unsigned char b[4];
	unsigned cur = 0, end = 0, v;

	p = HPDF_FToA(p, x, e - 1);
	*p++ = ' ';
	p = HPDF_FToA(p, y, e - 1);
	memcpy(p, " Td\n", 4);
	p += 4;
	if (tw_nonzero(font, s)) {
		*p++ = '<';
		for (; *t != '\0'; t++) {
			if (cur == 0) {
				b[0] = *t;
				cur = 1;
				if (!(*t & 0x80))
					cur = end = 0;
				else if ((*t & 0xf8) == 0xf0)
					end = 3;
				else if ((*t & 0xf0) == 0xe0)
					end = 2;
				else if ((*t & 0xe0) == 0xc0)
					end = 1;
				else
					cur = 0;
				if (cur != 0 || (*t & 0x80))
					continue;
			} else {
				b[cur] = *t;
				if (cur++ != end)
					continue;
				cur = 0;
			}
			/* libharu's arithmetic, its unmasked second byte too */
			v = end == 3 ? ((b[0] & 0x7u) << 18) +
			    ((unsigned)b[1] << 12) + ((b[2] & 0x3fu) << 6) +
			    (b[3] & 0x3fu) : end == 2 ? ((b[0] & 0xfu) << 12) +
			    ((b[1] & 0x3fu) << 6) + (b[2] & 0x3fu) : end == 1 ?
			    ((b[0] & 0x1fu) << 6) + (b[1] & 0x3fu) : b[0];
			if (v > 0xFFFF)
				v = 32;
			if (e - p < 8) {
				if (HPDF_Stream_Write(attr->stream,
				    (HPDF_BYTE *)buf, (HPDF_UINT)(p - buf)) !=
				    HPDF_OK)
					return -1;
				p = buf;
			}
			p[0] = hex[v >> 12];
			p[1] = hex[(v >> 8) & 15];
			p[2] = hex[(v >> 4) & 15];
			p[3] = hex[v & 15];
			p += 4;
		}
		memcpy(p, "> Tj\n", 5);
		p += 5;
	}
	return HPDF_Stream_Write(attr->stream, (HPDF_BYTE *)buf,
	    (HPDF_UINT)(p - buf)) == HPDF_OK ? 0 : -1;
}

/* Text with its baseline at (x, y) mm from the top-left corner. */
static void
put_text(HPDF_Page pg, const layout *l, const struct face *font, double size,
    double x, double y, const char *s)
{
	if (*s == '\0')
		return;
	HPDF_Page_BeginText(pg);
	HPDF_Page_SetFontAndSize(pg, font->f, (HPDF_REAL)size);
	if (font->fake_bold) {
		HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE);
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(size * 0.03));
	}
	/* libharu's own subset of an embedded font notes the glyphs its
	 * width measure meets: TextOut, which measures */
	if (font->whole)
		text_out(pg, font, size, (HPDF_REAL)(x * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - y) * PT_PER_MM), s);
	else
		HPDF_Page_TextOut(pg, (HPDF_REAL)(x * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - y) * PT_PER_MM), s);
	HPDF_Page_EndText(pg);
	if (font->fake_bold)
		HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL);
}

static void
put_aligned(HPDF_Page pg, const layout *l, const struct face *font, double size,
    double x, double w, double y, enum lay_align a, const char *s)
{
	if (a == ALIGN_CENTER)
		x += (w - tw(font, size, s)) / 2;
	else if (a == ALIGN_RIGHT)
		x += w - tw(font, size, s);
	put_text(pg, l, font, size, x, y, s);
}

static void
hline(HPDF_Page pg, const layout *l, double x0, double x1, double y,
    double width)
{
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(width * PT_PER_MM));
	HPDF_Page_MoveTo(pg, (HPDF_REAL)(x0 * PT_PER_MM),
	    (HPDF_REAL)((l->page_h - y) * PT_PER_MM));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(x1 * PT_PER_MM),
	    (HPDF_REAL)((l->page_h - y) * PT_PER_MM));
	HPDF_Page_Stroke(pg);
}

/* Rectangle path, top-left (x, y), w x h, in mm. */
static void
rect(HPDF_Page pg, const layout *l, double x, double y, double w, double h)
{
	HPDF_Page_Rectangle(pg, (HPDF_REAL)(x * PT_PER_MM),
	    (HPDF_REAL)((l->page_h - y - h) * PT_PER_MM),
	    (HPDF_REAL)(w * PT_PER_MM), (HPDF_REAL)(h * PT_PER_MM));
}

/*
 * Greedy word wrap of s into width mm: calls emit for each line (or only
 * counts when pg is NULL).  Returns the number of lines.  A word longer
 * than the width is broken between characters (UTF-8 aware).
 */
static int
wrap_lead(HPDF_Page pg, const layout *l, const struct face *font, double size,
    double x, double y, double width, enum lay_align a, const char *s,
    double lead)
{
	char line[VAL_MAX];
	const char *p = s, *best, *q, *word;
	unsigned long units;
	size_t n;
	long u;
	int lines = 0, over;
	double lh = size * lead * MM_PER_PT;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 0;
	/* the common case, one measurement: it all fits */
	if (tw(font, size, p) <= width) {
		if (pg != NULL)
			put_aligned(pg, l, font, size, x, width, y, a, p);
		return 1;
	}
	while (*p) {
		/* the longest prefix ending at a blank that fits, its width
		 * summed word by word (the same sum tw() makes of it) */
		best = NULL;
		units = 0;
		word = p;
		for (q = p; ; q++) {
			if (*q == ' ' || *q == '\0') {
				n = (size_t)(q - p);
				if (n >= sizeof line)
					break;
				if (word != NULL && (u = tw_units(font, word,
				    (size_t)(q - word))) >= 0) {
					units += (unsigned long)u;
					word = q;
					over = units_mm(units, size) > width;
				} else {
					word = NULL;
					memcpy(line, p, n);
					line[n] = '\0';
					over = tw(font, size, line) > width;
				}
				if (over && best != NULL)
					break;
				best = q;
				if (over || *q == '\0')
					break;
			}
		}
		n = (size_t)(best - p);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		/* one word too wide: cut it where it still fits */
		while (tw(font, size, line) > width && n > 1) {
			do
				n--;
			while (n > 1 && ((unsigned char)line[n] & 0xC0) == 0x80);
			line[n] = '\0';
			best = p + n;
		}
		if (pg != NULL)
			put_aligned(pg, l, font, size, x, width,
			    y + lines * lh, a, line);
		lines++;
		p = best;
		while (*p == ' ')
			p++;
	}
	return lines;
}

static int
wrap(HPDF_Page pg, const layout *l, const struct face *font, double size,
    double x, double y, double width, enum lay_align a, const char *s)
{
	return wrap_lead(pg, l, font, size, x, y, width, a, s, LINE);
}

/* Shrink to fit one line of width mm; returns the size used. */
static double
fit_size(const struct face *font, double size, double width, const char *s)
{
	double w = tw(font, size, s);

	if (w <= width || w == 0)
		return size;
	size *= width / w;
	return size < MIN_SIZE ? MIN_SIZE : size;
}

static double
pt2mm(double pt)
{
	return pt * MM_PER_PT;
}

/* ------------------------------------------------------------- pictures */

#define PICTURE_MAX_SIDE 6000
#define PICTURE_MAX_PIXELS ((size_t)12 * 1000 * 1000)

static int
picture_take(void *arg, int page, const image_page *pg, sg_err *err)
{
	struct picture *p = arg;
	size_t n = (size_t)pg->w * (size_t)pg->h * (size_t)pg->ch;

	(void)page;
	if ((p->px = malloc(n)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	memcpy(p->px, pg->px, n);
	p->w = pg->w;
	p->h = pg->h;
	p->ch = pg->ch;
	return 1;              /* the first page is the picture */
}

int
render_picture_decode(const unsigned char *buf, size_t n, const char *where,
    struct picture *p, sg_err *err)
{
	image_limits lim = { PICTURE_MAX_PIXELS, 1, PICTURE_MAX_SIDE, 1 };
	image_type t = image_sniff(buf, n);

	memset(p, 0, sizeof *p);
	if (t != IMAGE_PNG && t != IMAGE_JPEG) {
		sg_err_set(err, "E-IMAGE-FORMAT", where, "not a PNG or JPEG "
		    "image");
		return -1;
	}
	if (image_decode(buf, n, where, &lim, picture_take, p, err) < 0) {
		render_picture_clear(p);
		return -1;
	}
	return p->px != NULL ? 0 : -1;
}

void
render_picture_clear(struct picture *p)
{
	free(p->px);
	memset(p, 0, sizeof *p);
}

/* The picture as an image of pdf (plain 8-bit grey or RGB), or NULL. */
static HPDF_Image
picture_image(HPDF_Doc pdf, const struct picture *p)
{
	if (p->px == NULL)
		return NULL;
	return HPDF_LoadRawImageFromMem(pdf, p->px, (HPDF_UINT)p->w,
	    (HPDF_UINT)p->h, p->ch == 3 ? HPDF_CS_DEVICE_RGB :
	    HPDF_CS_DEVICE_GRAY, 8);
}

/* ---------------------------------------------------------------- items */

/* Note a box (mm, top-left) drawn from what the seal does not hold. */
static void
note_box(struct doc *d, double x, double y, double w, double h)
{
	render_box *nb;

	if (!d->collect || d->boxes_oom || w <= 0 || h <= 0)
		return;
	if (d->nbox == d->capbox) {
		size_t cap = d->capbox ? 2 * d->capbox : 16;

		if ((nb = realloc(d->boxes, cap * sizeof *nb)) == NULL) {
			d->boxes_oom = 1;
			return;
		}
		d->boxes = nb;
		d->capbox = cap;
	}
	d->boxes[d->nbox].page = d->page;
	d->boxes[d->nbox].x = x;
	d->boxes[d->nbox].y = y;
	d->boxes[d->nbox].w = w;
	d->boxes[d->nbox].h = h;
	d->nbox++;
}

static double
draw_header(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, double y)
{
	double x = l->margin, w = l->page_w - 2 * l->margin, lh, top = y;
	double logo_h = pt2mm(it->size) * 4.2;
	char up[512];
	int n;

	lh = pt2mm(it->size) * LINE;
	if (d->r->logo_pic.px != NULL && !d->logo_tried) {
		d->logo_tried = 1;
		d->logo = picture_image(d->pdf, &d->r->logo_pic);
	}
	if (d->logo != NULL) {
		double iw = HPDF_Image_GetWidth(d->logo);
		double ih = HPDF_Image_GetHeight(d->logo);
		double lw = ih > 0 ? logo_h * iw / ih : logo_h;

		HPDF_Page_DrawImage(pg, d->logo, (HPDF_REAL)(x * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - y - logo_h) * PT_PER_MM),
		    (HPDF_REAL)(lw * PT_PER_MM),
		    (HPDF_REAL)(logo_h * PT_PER_MM));
		note_box(d, x, y, lw, logo_h);
		x += lw + 2;
		w -= 2 * (lw + 2);
	} else if (d->logo_aspect > 0) {
		/* the page check: the logo is not the seal's; keep its room */
		double lw = logo_h * d->logo_aspect;

		note_box(d, x, y, lw, logo_h);
		x += lw + 2;
		w -= 2 * (lw + 2);
	}
	text_upper(c->office ? c->office : "", up, sizeof up);
	y += lh;
	put_aligned(pg, l, &d->reg, it->size, x, w, y, ALIGN_CENTER,
	    "REPUBLIK INDONESIA");
	y += lh * 0.2;
	n = wrap(pg, l, &d->bold, it->size * 1.15, x, y + lh * 1.1, w,
	    ALIGN_CENTER, up);
	note_box(d, x, y + lh * 0.1, w, lh * 1.15 * n + lh * 0.2);
	y += lh * 1.15 * n + lh * 0.4;
	if ((d->logo != NULL || d->logo_aspect > 0) && y < top + logo_h + 1)
		y = top + logo_h + 1;
	hline(pg, l, l->margin, l->page_w - l->margin, y, 0.5);
	hline(pg, l, l->margin, l->page_w - l->margin, y + 0.8, 0.2);
	return y + 0.8 + it->space;
}

static double
draw_text(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, double y, const char *dflt)
{
	char buf[VAL_MAX];
	double x = l->margin + it->x, w;
	double lh = pt2mm(it->size) * LINE;
	int n;

	w = it->width > 0 ? it->width : l->page_w - l->margin - x;
	*c->unsealed = 0;
	expand(d->r, c, it->text && *it->text ? it->text : dflt, buf,
	    sizeof buf);
	n = wrap(pg, l, it->bold ? &d->bold : &d->reg, it->size, x, y + lh * 0.8,
	    w, it->align, buf);
	/*
	 * How many lines an unsealed value wraps to is not known from the
	 * seal: the last text of the page flow is masked down to the bottom
	 * margin; an earlier one moves what follows, and the page check
	 * sees that.
	 */
	if (*c->unsealed)
		note_box(d, x, y, w, it == d->last_flow ? l->page_h -
		    l->margin - y : n * lh + lh * 0.2);
	return y + n * lh + it->space;
}

static double
draw_fields(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, double y)
{
	char buf[VAL_MAX];
	double x0 = l->margin + it->x, avail, colw, x, vy, ymax = y;
	double lh = pt2mm(it->size) * it->leading, vw;
	size_t i, per, col;
	int n;

	avail = (it->width > 0 ? it->width : l->page_w - l->margin - x0);
	colw = avail / it->columns;
	per = (it->n_cells + (size_t)it->columns - 1) / (size_t)it->columns;
	for (col = 0; col < (size_t)it->columns; col++) {
		x = x0 + col * colw;
		vy = y;
		for (i = col * per; i < (col + 1) * per && i < it->n_cells;
		    i++) {
			if (!cond_holds(c, &it->cells[i].cond))
				continue;
			*c->unsealed = 0;
			expand(d->r, c, it->cells[i].value, buf, sizeof buf);
			put_text(pg, l, &d->reg, it->size, x, vy + lh * 0.8,
			    it->cells[i].label);
			put_text(pg, l, &d->reg, it->size, x + it->label_width,
			    vy + lh * 0.8, ":");
			vw = colw - it->label_width - 4;
			n = wrap_lead(pg, l, &d->bold, it->size, x +
			    it->label_width + 2, vy + lh * 0.8, vw, ALIGN_LEFT,
			    buf[0] ? buf : "-", it->leading);
			if (*c->unsealed)
				note_box(d, x + it->label_width + 2, vy, vw,
				    (n > 0 ? n : 1) * lh + lh * 0.2);
			vy += (n > 0 ? n : 1) * lh;
		}
		if (vy > ymax)
			ymax = vy;
	}
	return ymax + it->space;
}

static double
draw_table(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    struct ctx *c, double y, size_t first)
{
	const json_t *list = json_object_get(c->fields,
	    doctype_members_name(c->t));
	double x0 = l->margin + it->x, avail, sum = 0, fixed = 0, x, size;
	double widths[64], rh = it->row_height, hh, lh;
	char buf[VAL_MAX];
	size_t i, k, unset = 0, nc = it->n_cells;
	int row, lines, maxl = 1;

	if (nc > 64)
		nc = 64;
	avail = it->width > 0 ? it->width : l->page_w - l->margin - x0;
	for (i = 0; i < nc; i++) {
		if (it->cells[i].width > 0)
			fixed += it->cells[i].width;
		else
			unset++;
	}
	for (i = 0; i < nc; i++) {
		widths[i] = it->cells[i].width > 0 ? it->cells[i].width :
		    (avail > fixed ? (avail - fixed) / (double)unset : 10);
		sum += widths[i];
	}
	if (sum > avail)
		for (i = 0; i < nc; i++)
			widths[i] *= avail / sum;
	/* header: labels wrapped, as many lines as the longest needs */
	lh = pt2mm(it->size) * 1.1;
	for (i = 0; i < nc; i++) {
		lines = wrap(NULL, l, &d->bold, it->size, 0, 0, widths[i] - 1,
		    ALIGN_CENTER, it->cells[i].label);
		if (lines > maxl)
			maxl = lines;
	}
	hh = maxl * lh + 1.5;
	HPDF_Page_SetGrayFill(pg, 0.88f);
	rect(pg, l, x0, y, avail, hh);
	HPDF_Page_Fill(pg);
	HPDF_Page_SetGrayFill(pg, 0);
	x = x0;
	for (i = 0; i < nc; i++) {
		lines = wrap(NULL, l, &d->bold, it->size, 0, 0, widths[i] - 1,
		    ALIGN_CENTER, it->cells[i].label);
		wrap(pg, l, &d->bold, it->size, x + 0.5, y + (hh - lines * lh) / 2
		    + lh * 0.8, widths[i] - 1, ALIGN_CENTER, it->cells[i].label);
		x += widths[i];
	}
	/* rows: always it->rows of them, as on the printed form */
	for (row = 0; row < it->rows; row++) {
		const json_t *m = json_array_get(list, first + (size_t)row);
		double ry = y + hh + row * rh;

		if (m == NULL)
			continue;
		c->member = m;
		c->row = (long)(first + (size_t)row + 1);
		x = x0;
		for (k = 0; k < nc; k++) {
			*c->unsealed = 0;
			expand(d->r, c, it->cells[k].value, buf, sizeof buf);
			if (*c->unsealed)
				note_box(d, x, ry, widths[k], rh);
			size = fit_size(&d->reg, it->size, widths[k] - 1.2, buf);
			lines = wrap_lead(NULL, l, &d->reg, size, 0, 0,
			    widths[k] - 1.2, ALIGN_LEFT, buf, CELL_LINE);
			lh = pt2mm(size) * CELL_LINE;
			if (lines > 1 && lines * lh > rh + 0.01 &&
			    d->overflow[0] == '\0')
				/* not even wrapped at the smallest size */
				snprintf(d->overflow, sizeof d->overflow,
				    "%s[%ld].%s", doctype_members_name(c->t),
				    c->row - 1, it->cells[k].label);
			wrap_lead(pg, l, &d->reg, size, x + 0.6,
			    ry + rh / 2 + pt2mm(size) * 0.35 - (lines - 1) *
			    lh / 2, widths[k] - 1.2,
			    strcmp(it->cells[k].value, "{#}") == 0 ?
			    ALIGN_CENTER : ALIGN_LEFT, buf, CELL_LINE);
			x += widths[k];
		}
	}
	c->member = NULL;
	/* grid */
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(0.2 * PT_PER_MM));
	rect(pg, l, x0, y, avail, hh + it->rows * rh);
	x = x0;
	for (i = 0; i + 1 < nc; i++) {
		x += widths[i];
		HPDF_Page_MoveTo(pg, (HPDF_REAL)(x * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - y) * PT_PER_MM));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - y - hh - it->rows * rh) *
		    PT_PER_MM));
	}
	for (row = 0; row <= it->rows; row++) {
		double ry = y + hh + row * rh;

		HPDF_Page_MoveTo(pg, (HPDF_REAL)(x0 * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - ry) * PT_PER_MM));
		HPDF_Page_LineTo(pg, (HPDF_REAL)((x0 + avail) * PT_PER_MM),
		    (HPDF_REAL)((l->page_h - ry) * PT_PER_MM));
	}
	HPDF_Page_Stroke(pg);
	return y + hh + it->rows * rh + it->space;
}

/* Top-left corner of an anchored box of w x h mm. */
static void
place(const layout *l, const lay_item *it, double w, double h, double *x,
    double *y)
{
	switch (it->anchor) {
	case ANCHOR_TOP_LEFT:
	case ANCHOR_FLOW:
		*x = it->x, *y = it->y;
		break;
	case ANCHOR_TOP_RIGHT:
		*x = l->page_w - it->x - w, *y = it->y;
		break;
	case ANCHOR_BOTTOM_LEFT:
		*x = it->x, *y = l->page_h - it->y - h;
		break;
	case ANCHOR_BOTTOM_RIGHT:
		*x = l->page_w - it->x - w, *y = l->page_h - it->y - h;
		break;
	}
}

static void
draw_signature(struct doc *d, HPDF_Page pg, const layout *l,
    const lay_item *it, const struct ctx *c)
{
	char date[128], office[600], nip[128], where[400];
	const char *at;
	double w = it->width > 0 ? it->width : 75, h, x, y;
	double lh = pt2mm(it->size) * LINE;
	double small = it->size * 0.85 < MIN_SIZE ? MIN_SIZE : it->size * 0.85;
	int n_office;
	sg_date dt;

	/*
	 * "Dikeluarkan di <place>," and "tanggal <date>" on two lines: the
	 * place is not in the seal (the page check masks its line), the date
	 * is and stays checked.
	 */
	at = place_of(c);
	snprintf(where, sizeof where, "Dikeluarkan%s%s%s", *at ? " di " : "",
	    at, *at ? "," : "");
	date[0] = '\0';
	if (c->iss.issued != NULL &&
	    date_parse_iso(c->iss.issued, &dt) == 0) {
		snprintf(date, sizeof date, "tanggal ");
		words_date_short(dt, date + strlen(date),
		    sizeof date - strlen(date));
	}
	snprintf(office, sizeof office, "KEPALA %s", c->office ? c->office :
	    "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL");
	text_upper(office, office, sizeof office);
	snprintf(nip, sizeof nip, "NIP. %s", c->nip && *c->nip ? c->nip : "-");
	n_office = wrap(NULL, l, &d->reg, it->size, 0, 0, w, ALIGN_CENTER,
	    office);
	h = lh * (2 + n_office + 1) + pt2mm(small) * LINE * 2 + lh * 2.2;
	place(l, it, w, h, &x, &y);
	y += lh * 0.8;
	put_aligned(pg, l, &d->reg, it->size, x, w, y, ALIGN_CENTER, where);
	note_box(d, x, y - lh * 0.8, w, lh);
	y += lh;
	put_aligned(pg, l, &d->reg, it->size, x, w, y, ALIGN_CENTER, date);
	y += lh;
	wrap(pg, l, &d->reg, it->size, x, y, w, ALIGN_CENTER, office);
	note_box(d, x, y - lh * 0.8, w, lh * n_office + lh * 0.1);
	y += lh * n_office + lh * 0.3;
	/* the statement, framed where a wet signature would go */
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(0.2 * PT_PER_MM));
	rect(pg, l, x + w * 0.1, y - pt2mm(small), w * 0.8,
	    pt2mm(small) * LINE * 2 + 0.8);
	HPDF_Page_Stroke(pg);
	put_aligned(pg, l, &d->reg, small, x, w, y + 0.4, ALIGN_CENTER,
	    "Ditandatangani secara elektronik");
	put_aligned(pg, l, &d->reg, small, x, w, y + 0.4 + pt2mm(small) * LINE,
	    ALIGN_CENTER, "dengan segel elektronik (kode QR)");
	y += pt2mm(small) * LINE * 2 + lh * 1.2;
	note_box(d, x, y - lh * 0.8, w, lh * 2 + lh * 0.1);
	put_aligned(pg, l, &d->bold, it->size, x, w, y, ALIGN_CENTER,
	    c->official && *c->official ? c->official : "-");
	y += lh;
	put_aligned(pg, l, &d->reg, it->size, x, w, y, ALIGN_CENTER, nip);
}

/* rectangles rs[0, n) as "x y w h re" lines on pg's content stream */
static int
qr_rects_write(HPDF_Page pg, const qr_rect *rs, size_t n)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	char buf[4096], *p = buf;
	size_t i;
	int j;

	/* "%d %d %d %d re\n" by hand: snprintf was a tenth of a document */
	for (i = 0; i < n; i++) {
		if ((size_t)(buf + sizeof buf - p) < 4 * 12 + 3) {
			if (HPDF_Stream_Write(attr->stream, (HPDF_BYTE *)buf,
			    (HPDF_UINT)(p - buf)) != HPDF_OK)
				return -1;
			p = buf;
		}
		const int v4[4] = { rs[i].x, rs[i].y, rs[i].w, rs[i].h };

		for (j = 0; j < 4; j++) {
			int v = v4[j];
			unsigned long u = v < 0 ? -(unsigned long)v :
			    (unsigned long)v;
			char d[12];
			int k = 0;

			do
				d[k++] = (char)('0' + u % 10);
			while ((u /= 10) != 0);
			if (v < 0)
				*p++ = '-';
			while (k > 0)
				*p++ = d[--k];
			*p++ = ' ';
		}
		memcpy(p, "re\n", 3);
		p += 3;
	}
	if (p > buf && HPDF_Stream_Write(attr->stream, (HPDF_BYTE *)buf,
	    (HPDF_UINT)(p - buf)) != HPDF_OK)
		return -1;
	/* as HPDF_Page_Rectangle leaves them */
	attr->cur_pos.x = (HPDF_REAL)rs[n - 1].x;
	attr->cur_pos.y = (HPDF_REAL)rs[n - 1].y;
	attr->str_pos = attr->cur_pos;
	attr->gmode = HPDF_GMODE_PATH_OBJECT;
	return 0;
}

static int
draw_qr(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, sg_err *err)
{
	qrdraw *q;
	const qr_rect *rs;
	size_t n;
	double m = it->module, side, x, y, ox, oy;

	if ((q = qrdraw_new(c->seal, 'M', 0, QR_MAX_VERSION, err)) == NULL) {
		if (strcmp(err->code, "E-QR-TOO-LONG") == 0)
			snprintf(err->code, sizeof err->code, "E-RENDER-SEAL");
		snprintf(err->where, sizeof err->where, "seal");
		return -1;
	}
	side = (qrdraw_width(q) + 2 * it->quiet) * m;
	place(l, it, side, side, &x, &y);
	/* keep the frame QR_EDGE inside every page edge */
	if (x < QR_EDGE)
		x = QR_EDGE;
	if (y < QR_EDGE)
		y = QR_EDGE;
	if (x + side > l->page_w - QR_EDGE)
		x = l->page_w - QR_EDGE - side;
	if (y + side > l->page_h - QR_EDGE)
		y = l->page_h - QR_EDGE - side;
	/* white frame: the quiet zone, painted, with a hairline around it */
	HPDF_Page_SetGrayFill(pg, 1);
	HPDF_Page_SetGrayStroke(pg, 0.5f);
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(0.15 * PT_PER_MM));
	rect(pg, l, x, y, side, side);
	HPDF_Page_FillStroke(pg);
	HPDF_Page_SetGrayFill(pg, 0);
	HPDF_Page_SetGrayStroke(pg, 0);
	rs = qrdraw_rects(q, &n);
	ox = x + it->quiet * m;
	oy = y + it->quiet * m;
	/* In module units, y down from the symbol's top-left corner: small
	 * integers make a content stream half the size, quicker to deflate. */
	HPDF_Page_GSave(pg);
	HPDF_Page_Concat(pg, (HPDF_REAL)(m * PT_PER_MM), 0, 0,
	    (HPDF_REAL)(-m * PT_PER_MM), (HPDF_REAL)(ox * PT_PER_MM),
	    (HPDF_REAL)((l->page_h - oy) * PT_PER_MM));
	/* The first rectangle through libharu (it checks and sets the
	 * page's state), the others as the same text written straight to
	 * the page's stream: HPDF_Page_Rectangle clears a 512-byte buffer
	 * byte by byte and formats four floats for each of some 800
	 * rectangles (10 % of segel-render's time, perf).  The bytes are
	 * the same: libharu writes whole numbers without a point. */
	if (n > 0)
		HPDF_Page_Rectangle(pg, (HPDF_REAL)rs[0].x, (HPDF_REAL)rs[0].y,
		    (HPDF_REAL)rs[0].w, (HPDF_REAL)rs[0].h);
	if (n > 1 && d->error == 0 && qr_rects_write(pg, rs + 1, n - 1) != 0) {
		sg_err_set(err, "E-RENDER-PDF", "seal", "cannot draw the "
		    "seal's QR code");
		qrdraw_free(q);
		return -1;
	}
	HPDF_Page_Fill(pg);
	HPDF_Page_GRestore(pg);
	qrdraw_free(q);
	return 0;
}

static void
draw_note(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c)
{
	char buf[VAL_MAX];
	double w = it->width > 0 ? it->width : l->page_w - 2 * l->margin;
	double lh = pt2mm(it->size) * LINE;
	int n;

	expand(d->r, c, it->text, buf, sizeof buf);
	n = wrap(NULL, l, &d->reg, it->size, 0, 0, w, it->align, buf);
	wrap(pg, l, &d->reg, it->size, l->margin,
	    l->page_h - l->margin - it->y - (n - 1) * lh, w, it->align, buf);
}

/* The child's age in whole years on the issue date, or -1. */
static int
age_on_issue(const struct ctx *c, const char *born_field)
{
	sg_date b, at;
	int a;

	if (born_field == NULL || c->iss.issued == NULL ||
	    date_parse_iso(str_of(c->fields, born_field), &b) != 0 ||
	    date_parse_iso(c->iss.issued, &at) != 0)
		return -1;
	a = at.y - b.y;
	if (at.m < b.m || (at.m == b.m && at.d < b.d))
		a--;
	return a;
}

/*
 * The record's photo: its first JPEG or PNG attachment, read from the
 * folder intake found it in, inside that folder (attach_check), and the
 * same bytes intake hashed.  0, or -1 with err (E-RENDER-PHOTO).
 */
static int
photo_load(const json_t *rec, struct picture *p, sg_err *err)
{
	const json_t *atts = rec_attachments(rec), *a = NULL;
	const char *folder, *rel = NULL, *media, *want;
	char path[4096], hex[65], *buf = NULL;
	size_t i, len = 0;
	json_t *got = NULL;
	sg_err e;
	int rc = -1;

	for (i = 0; i < json_array_size(atts) && rel == NULL; i++) {
		a = json_array_get(atts, i);
		media = json_string_value(json_object_get(a, "media"));
		if (media != NULL && (strcmp(media, "image/jpeg") == 0 ||
		    strcmp(media, "image/png") == 0))
			rel = json_string_value(json_object_get(a, "path"));
	}
	folder = json_string_value(json_object_get(rec_source(rec), "folder"));
	if (rel == NULL || folder == NULL) {
		sg_err_set(err, "E-RENDER-PHOTO", "attachments", "no photo: "
		    "the record names no JPEG or PNG attachment in its folder");
		return -1;
	}
	want = json_string_value(json_object_get(a, "sha256"));
	snprintf(path, sizeof path, "%s/%s", folder, rel);
	if (attach_check(folder, rel, ATTACH_MAX_DEFAULT, &got, &e) != 0 ||
	    file_read_all(path, ATTACH_MAX_DEFAULT, FILE_NOFOLLOW,
	    "E-RENDER-PHOTO", &buf, &len, &e) != 0) {
		sg_err_set(err, "E-RENDER-PHOTO", "attachments", "the photo "
		    "%s: %s", rel, e.message);
		goto out;
	}
	file_sha256_hex(buf, len, hex);
	if (want == NULL || strcmp(want, hex) != 0) {
		sg_err_set(err, "E-RENDER-PHOTO", "attachments", "the photo "
		    "%s is not the file intake checked (SHA-256 differs)", rel);
		goto out;
	}
	if (render_picture_decode((unsigned char *)buf, len, rel, p, &e) != 0) {
		sg_err_set(err, "E-RENDER-PHOTO", "attachments", "the photo "
		    "%s: %s", rel, e.message);
		goto out;
	}
	rc = 0;
out:
	json_decref(got);
	free(buf);
	return rc;
}

/*
 * The photo frame, when the child is old enough for one: the picture
 * scaled into it (kept in proportion, centred).  The page check draws
 * the frame only (the seal does not hold the picture) and masks it.
 */
static int
draw_photo(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, sg_err *err)
{
	struct picture p = { 0 };
	HPDF_Image im;
	double x, y, w = it->width, h = it->height, pw, ph;

	if (it->born != NULL && age_on_issue(c, it->born) < it->from_age)
		return 0;
	place(l, it, w, h, &x, &y);
	HPDF_Page_SetGrayStroke(pg, 0.5f);
	HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(0.15 * PT_PER_MM));
	rect(pg, l, x, y, w, h);
	HPDF_Page_Stroke(pg);
	HPDF_Page_SetGrayStroke(pg, 0);
	note_box(d, x, y, w, h);
	if (d->collect)
		return 0;
	if (photo_load(c->rec, &p, err) != 0)
		return -1;
	if ((im = picture_image(d->pdf, &p)) != NULL) {
		pw = w - 0.4;
		ph = pw * p.h / p.w;
		if (ph > h - 0.4) {
			ph = h - 0.4;
			pw = ph * p.w / p.h;
		}
		HPDF_Page_DrawImage(pg, im, (HPDF_REAL)((x + (w - pw) / 2) *
		    PT_PER_MM), (HPDF_REAL)((l->page_h - y - (h + ph) / 2) *
		    PT_PER_MM), (HPDF_REAL)(pw * PT_PER_MM),
		    (HPDF_REAL)(ph * PT_PER_MM));
	}
	render_picture_clear(&p);
	return 0;
}

/* Pages a record needs: its member list over the smallest table. */
static int
page_count(const layout *l, const struct ctx *c, int *per_page)
{
	const char *mname = doctype_members_name(c->t);
	size_t i, members;
	int rows = 0;

	for (i = 0; i < l->n_items; i++)
		if (l->items[i].kind == LAY_TABLE &&
		    (rows == 0 || l->items[i].rows < rows))
			rows = l->items[i].rows;
	*per_page = rows;
	if (rows == 0 || mname == NULL)
		return 1;
	members = json_array_size(json_object_get(c->fields, mname));
	return members <= (size_t)rows ? 1 :
	    (int)((members + (size_t)rows - 1) / (size_t)rows);
}

/*
 * What the page shows comes from the seal, not from the record beside it:
 * the seal's fields (decoded), number and issue date.  A record whose
 * own fields, type or number say something else is refused, so that a
 * page never shows one record under another record's seal.  *fields and
 * *issue are new references the caller drops.
 */
static int
seal_view(render *r, const json_t *rec, const doctype *t, const char *seal,
    json_t **fields, json_t **issue, int *version, sg_err *err)
{
	rec_issue_info ri, vi = { 0 };
	const doctype *st = NULL;
	seal_parsed p;
	char path[128], iso[11];
	int rc = -1;

	rec_issue_get(rec_issue(rec), &ri);

	*fields = *issue = NULL;
	if (seal_unpack(seal, strlen(seal), &p, err) != 0) {
		sg_err_set(err, "E-RENDER-SEAL", "seal", "the seal cannot be "
		    "read: %s", err->message);
		return -1;
	}
	if (seal_decode_body(&p, r->types, r->codes, &st, fields, err) != 0) {
		sg_err_set(err, "E-RENDER-SEAL", "seal", "the seal's fields "
		    "cannot be read: %s", err->message);
		goto out;
	}
	if (st != t) {
		sg_err_set(err, "E-RENDER-MISMATCH", "type", "the record is a "
		    "%s but its seal is a %s", doctype_id(t), doctype_id(st));
		goto out;
	}
	if (ri.number != NULL && strcmp(ri.number, p.h.number) != 0) {
		sg_err_set(err, "E-RENDER-MISMATCH", "issue.number", "the "
		    "record says %s but its seal says %s", ri.number, p.h.number);
		goto out;
	}
	if (seal_fields_differ(t, p.h.type_version, r->codes,
	    rec_fields(rec), *fields, path, sizeof path)) {
		sg_err_set(err, "E-RENDER-MISMATCH", "fields", "fields.%s is "
		    "not what the record's seal says: the seal belongs to "
		    "another record, or the record was changed after signing",
		    path);
		goto out;
	}
	date_format_iso(p.h.issued, iso);
	/* number and date from the seal; who signed, by name, from the
	 * record: not in the seal (the page check masks it) */
	vi.number = p.h.number;
	vi.issued = iso;
	vi.issuer = p.h.issuer;
	vi.office = ri.office;
	vi.official = ri.official;
	vi.nip = ri.nip;
	if ((*issue = rec_issue_new(&vi)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	*version = p.h.type_version;
	rc = 0;
out:
	if (rc != 0) {
		json_decref(*fields);
		*fields = NULL;
	}
	seal_parsed_clear(&p);
	return rc;
}

int
render_record_draw(struct doc *d, const json_t *rec, int *pages_out,
    char *number, size_t numsz, char *issued, size_t issz, sg_err *err)
{
	render *r = d->r;
	const doctype *t;
	const layout *l;
	const lay_item *it;
	struct ctx c = { 0 };
	char title[256], pageno[128];
	json_t *vfields = NULL, *vissue = NULL;
	HPDF_Page pg;
	int pages, per = 0, p, sheet, sheets, unsealed = 0, rc = -1;
	size_t i;
	double y;
	const char *type = rec_type(rec);
	rec_issue_info ri;

	if (type == NULL || (t = doctype_set_find(r->types, type)) == NULL) {
		sg_err_set(err, "E-RENDER-TYPE", "type", "unknown document "
		    "type \"%s\"", type ? type : "");
		return -1;
	}
	l = layout_for(r, t);
	c.r = r;
	c.checking = d->collect;
	c.t = t;
	c.codes = r->codes;
	c.unsealed = &unsealed;
	c.fields = rec_fields(rec);
	rec_issue_get(rec_issue(rec), &ri);
	c.seal = rec_seal(rec);
	if (c.fields == NULL) {
		sg_err_set(err, "E-RENDER-FIELD", "fields", "no \"fields\" "
		    "object");
		return -1;
	}
	if (ri.number == NULL) {
		sg_err_set(err, "E-RENDER-ISSUE", "issue", "not signed: no "
		    "\"issue\" section with a number (run segel-sign first)");
		return -1;
	}
	if (c.seal == NULL || strncmp(c.seal, "SG1:", 4) != 0) {
		sg_err_set(err, "E-RENDER-SEAL", "seal", "no seal text (run "
		    "segel-sign first)");
		return -1;
	}
	if (seal_view(r, rec, t, c.seal, &vfields, &vissue, &c.version,
	    err) != 0)
		return -1;
	c.fields = vfields;
	rec_issue_get(vissue, &c.iss);
	snprintf(number, numsz, "%s", c.iss.number ? c.iss.number : "");
	snprintf(issued, issz, "%s", c.iss.issued ? c.iss.issued : "");
	/* The signed record names who signed; the profile fills gaps. */
	c.office = c.iss.office;
	c.official = c.iss.official;
	c.nip = c.iss.nip;
	if (c.office == NULL)
		c.office = r->office;
	if (c.official == NULL)
		c.official = r->official;
	if (c.nip == NULL)
		c.nip = r->nip;
	text_upper(doctype_title(t), title, sizeof title);

	d->overflow[0] = '\0';
	c.rec = rec;
	/* a layout with <page/>: one page per part (a card's two sides) */
	for (i = 0, sheets = 1; i < l->n_items; i++)
		sheets += l->items[i].kind == LAY_PAGE;
	pages = sheets > 1 ? sheets : page_count(l, &c, &per);
	d->last_flow = NULL;
	for (i = 0; i < l->n_items; i++)
		if (l->items[i].anchor == ANCHOR_FLOW &&
		    l->items[i].kind != LAY_SPACE &&
		    cond_holds(&c, &l->items[i].cond))
			d->last_flow = &l->items[i];
	for (p = 0; p < pages; p++) {
		int last = sheets > 1 || p == pages - 1;

		pg = HPDF_AddPage(d->pdf);
		HPDF_Page_SetWidth(pg, (HPDF_REAL)(l->page_w * PT_PER_MM));
		HPDF_Page_SetHeight(pg, (HPDF_REAL)(l->page_h * PT_PER_MM));
		d->page = p + 1;
		y = l->margin;
		for (i = 0, sheet = 0; i < l->n_items; i++) {
			it = &l->items[i];
			if (it->kind == LAY_PAGE)
				sheet++;
			if ((sheets > 1 && sheet != p) ||
			    !cond_holds(&c, &it->cond))
				continue;
			switch (it->kind) {
			case LAY_PAGE:
				break;
			case LAY_PHOTO:
				if (draw_photo(d, pg, l, it, &c, err) != 0)
					goto out;
				break;
			case LAY_HEADER:
				y = draw_header(d, pg, l, it, &c, y);
				break;
			case LAY_TITLE:
				y = draw_text(d, pg, l, it, &c, y, title);
				break;
			case LAY_TEXT:
				y = draw_text(d, pg, l, it, &c, y, "");
				break;
			case LAY_FIELDS:
				y = draw_fields(d, pg, l, it, &c, y);
				break;
			case LAY_TABLE:
				y = draw_table(d, pg, l, it, &c, y,
				    (size_t)p * (size_t)per);
				break;
			case LAY_SPACE:
				y += it->space;
				break;
			case LAY_RULE:
				hline(pg, l, l->margin, l->page_w - l->margin,
				    y, 0.3);
				y += it->space;
				break;
			case LAY_SIGNATURE:
				if (last)
					draw_signature(d, pg, l, it, &c);
				break;
			case LAY_QR:
				/* every page: a page alone is checkable */
				if (draw_qr(d, pg, l, it, &c, err) != 0)
					goto out;
				break;
			case LAY_NOTE:
				if (last)
					draw_note(d, pg, l, it, &c);
				break;
			}
		}
		/* the flow past the bottom margin: not printed over it */
		if (y > l->page_h - l->margin + 0.01 && d->overflow[0] == '\0')
			snprintf(d->overflow, sizeof d->overflow, "page %d", p +
			    1);
		if (pages > 1 && sheets == 1) {
			snprintf(pageno, sizeof pageno, "Halaman %d dari %d%s",
			    p + 1, pages, last ? "" :
			    " \xe2\x80\x94 bersambung ke halaman berikutnya");
			put_aligned(pg, l, &d->reg, 7, l->margin,
			    l->page_w - 2 * l->margin, l->page_h - l->margin / 2,
			    ALIGN_RIGHT, pageno);
		}
	}
	if (d->overflow[0] != '\0') {
		if (strncmp(d->overflow, "page ", 5) == 0)
			sg_err_set(err, "E-RENDER-TOO-LONG", d->overflow, "the "
			    "text runs past the page's bottom margin even "
			    "wrapped at %.0f pt", MIN_SIZE);
		else
			sg_err_set(err, "E-RENDER-TOO-LONG", d->overflow, "the "
			    "value does not fit its box even wrapped at %.0f pt",
			    MIN_SIZE);
		goto out;
	}
	*pages_out = pages;
	rc = 0;
out:
	json_decref(vfields);
	json_decref(vissue);
	return rc;
}
