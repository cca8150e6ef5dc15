/*
 * render.c - records to PDF/A-1b with libharu.
 *
 * Everything is measured in millimetres from the top-left corner of the
 * page and turned into PDF points (origin bottom-left) only when drawn.
 * Colours are DeviceGray only, so the sRGB output intent covers them and
 * nothing needs transparency (PDF/A-1 forbids it).
 *
 * libharu reports errors through a callback; we keep the first one and
 * check it after each document instead of after every call: a failed call
 * leaves the document in a state where later calls fail too, and the
 * document is then thrown away.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hpdf.h>
#include <openssl/evp.h>

#include "book.h"
#include "date.h"
#include "layout.h"
#include "qrdraw.h"
#include "render.h"
#include "seal.h"
#include "words.h"

#define PT_PER_MM (72.0 / 25.4)
#define MM_PER_PT (25.4 / 72.0)
#define LINE 1.25           /* line height in font sizes */
#define MIN_TABLE_SIZE 3.5  /* pt: smallest shrink-to-fit size */
#define QR_EDGE 10.0        /* mm the QR frame keeps from the page edge */
#define QR_MAX_VERSION 40
#define VAL_MAX 4096        /* longest expanded template */
/*
 * libharu deflates at zlib's default level and has no setting for the
 * level, so it writes every stream raw and book_pack() deflates them at
 * level 1, the font's 128 KB CIDToGIDMap (the same in every document)
 * once per process.  Measured on an akta kelahiran (2026-11-28, zlib
 * 1.2.13): the streams deflated at the default level cost 1.36 ms of CPU
 * a document, at level 1 0.62 ms; files are 1.6 KB larger (24.3 KB
 * against 22.7 KB).  (This was had before by replacing zlib's
 * deflateInit_ in segel-render, and the figures then given were wrong.)
 */

struct render {
	struct doc *single;    /* reused for every render_pdf() */
	const doctype_set *types;
	const codetab_set *codes;
	layout **layouts;      /* one per type, same index */
	size_t n;
	char *font, *font_bold, *icc, *logo;
	char *office, *official, *nip;
	int compress;
};

/* A font as drawn: bold without a bold font is the regular one stroked
 * as well as filled, which saves parsing and embedding a second font in
 * every document (a third of the time; FACTS.md). */
struct face {
	HPDF_Font f;
	int fake_bold;
};

/* One PDF being drawn. */
struct doc {
	render *r;
	HPDF_Doc pdf;
	struct face reg, bold;
	HPDF_Image logo;
	HPDF_STATUS error;     /* first libharu error */
	HPDF_STATUS detail;
	int logo_tried;
	char reg_name[128], bold_name[128]; /* libharu's names of the fonts */
	/* the page check (render_pdf_check): a logo's room kept empty, and
	 * the boxes drawn from what the seal does not hold */
	int collect;           /* note the boxes */
	const lay_item *last_flow; /* the page flow's last item */
	double logo_aspect;
	int page;              /* page being drawn, from 1 */
	render_box *boxes;
	size_t nbox, capbox;
	int boxes_oom;
};

/* What a record gives the templates. */
struct ctx {
	const doctype *t;
	const json_t *fields, *issue, *member;
	const char *seal;
	long row;              /* member row number, 1-based */
	const char *office, *official, *nip;
	int version;           /* the seal's type version */
	int *unsealed;         /* set when a value drawn is not sealed */
};

static void doc_close(struct doc *d);

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct doc *d = user;

	if (d->error == 0) {
		d->error = error;
		d->detail = detail;
	}
}

static char *
xstrdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

static char *
join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* ---------------------------------------------------------------- setup */

render *
render_new(const doctype_set *types, const codetab_set *codes,
    const char *fdir, const render_opts *o, sg_err *err)
{
	render *r;
	const doctype *t;
	const char *xml;
	char where[600];
	size_t i;
	int line;
	FILE *fp;

	if (fdir == NULL)
		fdir = formats_dir();
	if ((r = calloc(1, sizeof *r)) == NULL)
		goto nomem;
	r->types = types;
	r->codes = codes;
	r->compress = o->compress;
	r->n = doctype_set_count(types);
	if ((r->layouts = calloc(r->n ? r->n : 1, sizeof *r->layouts)) == NULL)
		goto nomem;
	for (i = 0; i < r->n; i++) {
		t = doctype_set_at(types, i);
		xml = doctype_layout_xml(t, &line);
		snprintf(where, sizeof where, "%s:%d", doctype_file(t), line);
		r->layouts[i] = layout_parse(xml, where, t, err);
		if (r->layouts[i] == NULL)
			goto fail;
		if (o->paper != NULL &&
		    layout_set_paper(r->layouts[i], o->paper) != 0) {
			sg_err_set(err, "E-LAYOUT", "", "unknown paper \"%s\" "
			    "(a4, f4)", o->paper);
			goto fail;
		}
	}
	r->font = o->font ? xstrdup(o->font) :
	    join(fdir, "fonts/DejaVuSansCondensed-segel.ttf");
	/* No bold font: bold is drawn from the regular one (struct face). */
	r->font_bold = xstrdup(o->font_bold);
	r->icc = o->icc ? xstrdup(o->icc) : join(fdir, "icc/sRGB.icc");
	if (r->font == NULL || r->icc == NULL ||
	    (o->font_bold != NULL && r->font_bold == NULL))
		goto nomem;
	if (o->prof != NULL) {
		r->office = xstrdup(profile_get(o->prof, "office"));
		r->official = xstrdup(profile_get(o->prof, "official"));
		r->nip = xstrdup(profile_get(o->prof, "nip"));
		r->logo = xstrdup(profile_get(o->prof, "logo"));
	}
	/* Fail now, once, rather than on every record. */
	if ((fp = fopen(r->font, "rb")) == NULL) {
		sg_err_sys(err, r->font, "cannot read the font");
		goto fail;
	}
	fclose(fp);
	if (r->font_bold != NULL) {
		if ((fp = fopen(r->font_bold, "rb")) == NULL) {
			sg_err_sys(err, r->font_bold, "cannot read the font");
			goto fail;
		}
		fclose(fp);
	}
	if ((fp = fopen(r->icc, "rb")) == NULL) {
		sg_err_sys(err, r->icc, "cannot read the ICC profile");
		goto fail;
	}
	fclose(fp);
	if (r->logo != NULL) {
		if ((fp = fopen(r->logo, "rb")) == NULL) {
			sg_err_sys(err, r->logo, "cannot read the logo");
			goto fail;
		}
		fclose(fp);
	}
	return r;
nomem:
	sg_err_set(err, "E-SYSTEM", "", "out of memory");
fail:
	render_free(r);
	return NULL;
}

void
render_free(render *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->single != NULL) {
		doc_close(r->single);
		free(r->single);
	}
	for (i = 0; i < r->n && r->layouts; i++)
		layout_free(r->layouts[i]);
	free(r->layouts);
	free(r->font);
	free(r->font_bold);
	free(r->icc);
	free(r->logo);
	free(r->office);
	free(r->official);
	free(r->nip);
	free(r);
}

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

/* The head of the family: the member whose relation is the KK head. */
static const char *
family_head(const struct ctx *c)
{
	const char *mname = doctype_members_name(c->t);
	const json_t *list, *m;
	const char *rel;
	size_t i;

	if (mname == NULL)
		return str_of(c->fields, "nama_kepala_keluarga");
	list = json_object_get(c->fields, mname);
	json_array_foreach(list, i, m) {
		rel = str_of(m, "status_hubungan");
		if (strcasecmp(rel, "KEPALA KELUARGA") == 0 ||
		    strcmp(rel, "1") == 0)
			return str_of(m, "nama_lengkap");
	}
	return "";
}

/*
 * One value as printed.  fmt: "" plain (dates DD-MM-YYYY, codes by their
 * canonical name), "words" (dates and integers in words), "date"
 * (10 Maret 2021), "upper".
 */
static void
value(const struct ctx *c, const char *name, const char *fmt, char *out,
    size_t sz)
{
	const doctype_field *f = NULL;
	const char *v = NULL;
	sg_date dt;
	char *p, *end;
	unsigned long long n;
	int is_date = 0;

	out[0] = '\0';
	if (strcmp(name, "#") == 0) {
		snprintf(out, sz, "%ld", c->row);
		return;
	}
	if (strcmp(name, "number") == 0)
		v = str_of(c->issue, "number");
	else if (strcmp(name, "issued") == 0)
		v = str_of(c->issue, "issued"), is_date = 1;
	else if (strcmp(name, "issuer") == 0)
		v = str_of(c->issue, "issuer");
	else if (strcmp(name, "office") == 0)
		v = c->office, *c->unsealed = 1;
	else if (strcmp(name, "official") == 0)
		v = c->official, *c->unsealed = 1;
	else if (strcmp(name, "nip") == 0)
		v = c->nip, *c->unsealed = 1;
	else if (strcmp(name, "title") == 0)
		v = doctype_title(c->t);
	else if (strcmp(name, "kepala_keluarga") == 0 &&
	    doctype_field_find(c->t, name) == NULL)
		v = family_head(c);
	else {
		f = doctype_field_find(c->t, name);
		if (f != NULL && f->member && c->member != NULL)
			v = json_string_value(json_object_get(c->member, name));
		else if (f != NULL && !f->member)
			v = json_string_value(json_object_get(c->fields, name));
		if (f != NULL && f->type == FT_DATE)
			is_date = 1;
		/* a field an older seal version did not hold */
		if (f != NULL && !doctype_seal_holds(c->t, c->version, name))
			*c->unsealed = 1;
	}
	if (v == NULL || *v == '\0')
		return;
	if (is_date && date_parse_iso(v, &dt) == 0) {
		if (strcmp(fmt, "words") == 0 && words_date(dt, out, sz) >= 0)
			return;
		if (strcmp(fmt, "date") == 0 &&
		    words_date_short(dt, out, sz) >= 0)
			return;
		snprintf(out, sz, "%02d-%02d-%04d", dt.d, dt.m, dt.y);
		return;
	}
	if (strcmp(fmt, "words") == 0 && f != NULL &&
	    f->type == FT_INTEGER) {
		n = strtoull(v, &end, 10);
		if (*end == '\0' && words_number(n, out, sz) >= 0)
			return;
	}
	snprintf(out, sz, "%s", v);
	if (strcmp(fmt, "upper") == 0)
		for (p = out; *p; p++)
			*p = (char)toupper((unsigned char)*p);
}

/* Expand "{name[:fmt]}" in tmpl; "{{" is a literal brace. */
static void
expand(const render *r, const struct ctx *c, const char *tmpl, char *out,
    size_t sz)
{
	const char *p = tmpl, *close, *colon;
	char name[64], fmt[16], val[VAL_MAX];
	const doctype_field *f;
	const codetab *tab;
	const char *canon;
	size_t len = 0, n;

	out[0] = '\0';
	while (*p) {
		if (p[0] == '{' && p[1] == '{') {
			cat(out, sz, &len, "{");
			p += 2;
			continue;
		}
		if (*p != '{' || (close = strchr(p, '}')) == NULL) {
			char one[2] = { *p, '\0' };

			cat(out, sz, &len, one);
			p++;
			continue;
		}
		n = (size_t)(close - p - 1);
		colon = memchr(p + 1, ':', n);
		snprintf(name, sizeof name, "%.*s",
		    (int)((colon ? colon : close) - p - 1), p + 1);
		snprintf(fmt, sizeof fmt, "%.*s",
		    colon ? (int)(close - colon - 1) : 0, colon ? colon + 1 : "");
		value(c, name, fmt, val, sizeof val);
		f = doctype_field_find(c->t, name);
		if (f != NULL && f->type == FT_CODE && val[0] != '\0' &&
		    (tab = codetab_find(r->codes, f->table)) != NULL &&
		    (canon = codetab_lookup(tab, val, NULL)) != NULL)
			snprintf(val, sizeof val, "%s", canon);
		cat(out, sz, &len, val);
		p = close + 1;
	}
}

/* -------------------------------------------------------------- drawing */

static double
tw(const struct face *font, double size, const char *s)
{
	HPDF_TextWidth w;

	if (*s == '\0')
		return 0;
	w = HPDF_Font_TextWidth(font->f, (const HPDF_BYTE *)s,
	    (HPDF_UINT)strlen(s));
	return w.width * size / 1000.0 * MM_PER_PT;
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
wrap(HPDF_Page pg, const layout *l, const struct face *font, double size, double x,
    double y, double width, enum lay_align a, const char *s)
{
	char line[VAL_MAX];
	const char *p = s, *best, *q;
	size_t n;
	int lines = 0;
	double lh = size * LINE * MM_PER_PT;

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
		/* the longest prefix ending at a blank that fits */
		best = NULL;
		for (q = p; ; q++) {
			if (*q == ' ' || *q == '\0') {
				n = (size_t)(q - p);
				if (n >= sizeof line)
					break;
				memcpy(line, p, n);
				line[n] = '\0';
				if (tw(font, size, line) > width && best != NULL)
					break;
				best = q;
				if (tw(font, size, line) > width || *q == '\0')
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

/* Shrink to fit one line of width mm; returns the size used. */
static double
fit_size(const struct face *font, double size, double width, const char *s)
{
	double w = tw(font, size, s);

	if (w <= width || w == 0)
		return size;
	size *= width / w;
	return size < MIN_TABLE_SIZE ? MIN_TABLE_SIZE : size;
}

static double
pt2mm(double pt)
{
	return pt * MM_PER_PT;
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
	size_t i;
	int n;

	lh = pt2mm(it->size) * LINE;
	if (d->r->logo != NULL && !d->logo_tried) {
		d->logo_tried = 1;
		d->logo = HPDF_LoadPngImageFromFile(d->pdf, d->r->logo);
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
	snprintf(up, sizeof up, "%s", c->office ? c->office : "");
	for (i = 0; up[i]; i++)
		up[i] = (char)toupper((unsigned char)up[i]);
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
	double lh = pt2mm(it->size) * LINE, vw;
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
			*c->unsealed = 0;
			expand(d->r, c, it->cells[i].value, buf, sizeof buf);
			put_text(pg, l, &d->reg, it->size, x, vy + lh * 0.8,
			    it->cells[i].label);
			put_text(pg, l, &d->reg, it->size, x + it->label_width,
			    vy + lh * 0.8, ":");
			vw = colw - it->label_width - 4;
			n = wrap(pg, l, &d->bold, it->size, x + it->label_width
			    + 2, vy + lh * 0.8, vw, ALIGN_LEFT, buf[0] ? buf :
			    "-");
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
			put_aligned(pg, l, &d->reg, size, x + 0.6,
			    widths[k] - 1.2, ry + rh / 2 + pt2mm(size) * 0.35,
			    strcmp(it->cells[k].value, "{#}") == 0 ?
			    ALIGN_CENTER : ALIGN_LEFT, buf);
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
	char date[128], office[600], nip[128];
	double w = it->width > 0 ? it->width : 75, h, x, y;
	double lh = pt2mm(it->size) * LINE, small = it->size * 0.85;
	int n_office;
	sg_date dt;

	date[0] = '\0';
	if (date_parse_iso(str_of(c->issue, "issued"), &dt) == 0) {
		snprintf(date, sizeof date, "Dikeluarkan tanggal ");
		words_date_short(dt, date + strlen(date),
		    sizeof date - strlen(date));
	}
	snprintf(office, sizeof office, "KEPALA %s", c->office ? c->office :
	    "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL");
	for (x = 0; office[(size_t)x]; x++)
		office[(size_t)x] = (char)toupper((unsigned char)
		    office[(size_t)x]);
	snprintf(nip, sizeof nip, "NIP. %s", c->nip && *c->nip ? c->nip : "-");
	n_office = wrap(NULL, l, &d->reg, it->size, 0, 0, w, ALIGN_CENTER,
	    office);
	h = lh * (1 + n_office + 1) + pt2mm(small) * LINE * 2 + lh * 2.2;
	place(l, it, w, h, &x, &y);
	y += lh * 0.8;
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

static int
draw_qr(struct doc *d, HPDF_Page pg, const layout *l, const lay_item *it,
    const struct ctx *c, sg_err *err)
{
	qrdraw *q;
	const qr_rect *rs;
	size_t n, i;
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
	for (i = 0; i < n; i++)
		HPDF_Page_Rectangle(pg, (HPDF_REAL)rs[i].x, (HPDF_REAL)rs[i].y,
		    (HPDF_REAL)rs[i].w, (HPDF_REAL)rs[i].h);
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
	const json_t *ri = json_object_get(rec, "issue");
	const char *num = json_string_value(json_object_get(ri, "number"));
	const char *k;
	const doctype *st = NULL;
	seal_parsed p;
	char path[128], iso[11];
	json_t *v;
	int rc = -1;

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
	if (num != NULL && strcmp(num, p.h.number) != 0) {
		sg_err_set(err, "E-RENDER-MISMATCH", "issue.number", "the "
		    "record says %s but its seal says %s", num, p.h.number);
		goto out;
	}
	if (seal_fields_differ(t, p.h.type_version, r->codes,
	    json_object_get(rec, "fields"), *fields, path, sizeof path)) {
		sg_err_set(err, "E-RENDER-MISMATCH", "fields", "fields.%s is "
		    "not what the record's seal says: the seal belongs to "
		    "another record, or the record was changed after signing",
		    path);
		goto out;
	}
	date_format_iso(p.h.issued, iso);
	if ((*issue = json_pack("{s:s, s:s, s:s}", "number", p.h.number,
	    "issued", iso, "issuer", p.h.issuer)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	/* who signed, by name: not in the seal (the page check masks it) */
	json_object_foreach((json_t *)ri, k, v)
		if (strcmp(k, "office") == 0 || strcmp(k, "official") == 0 ||
		    strcmp(k, "nip") == 0)
			json_object_set(*issue, k, v);
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

static int
draw_record(struct doc *d, const json_t *rec, int *pages_out,
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
	int pages, per, p, unsealed = 0, rc = -1;
	size_t i;
	double y;
	const char *type = json_string_value(json_object_get(rec, "type"));

	if (type == NULL || (t = doctype_set_find(r->types, type)) == NULL) {
		sg_err_set(err, "E-RENDER-TYPE", "type", "unknown document "
		    "type \"%s\"", type ? type : "");
		return -1;
	}
	l = layout_for(r, t);
	c.t = t;
	c.unsealed = &unsealed;
	c.fields = json_object_get(rec, "fields");
	c.issue = json_object_get(rec, "issue");
	c.seal = json_string_value(json_object_get(rec, "seal"));
	if (!json_is_object(c.fields)) {
		sg_err_set(err, "E-RENDER-FIELD", "fields", "no \"fields\" "
		    "object");
		return -1;
	}
	if (!json_is_object(c.issue) ||
	    json_string_value(json_object_get(c.issue, "number")) == NULL) {
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
	c.issue = vissue;
	snprintf(number, numsz, "%s", str_of(vissue, "number"));
	snprintf(issued, issz, "%s", str_of(vissue, "issued"));
	/* The signed record names who signed; the profile fills gaps. */
	c.office = json_string_value(json_object_get(c.issue, "office"));
	c.official = json_string_value(json_object_get(c.issue, "official"));
	c.nip = json_string_value(json_object_get(c.issue, "nip"));
	if (c.office == NULL)
		c.office = r->office;
	if (c.official == NULL)
		c.official = r->official;
	if (c.nip == NULL)
		c.nip = r->nip;
	snprintf(title, sizeof title, "%s", doctype_title(t));
	for (i = 0; title[i]; i++)
		title[i] = (char)toupper((unsigned char)title[i]);

	pages = page_count(l, &c, &per);
	d->last_flow = NULL;
	for (i = 0; i < l->n_items; i++)
		if (l->items[i].anchor == ANCHOR_FLOW &&
		    l->items[i].kind != LAY_SPACE)
			d->last_flow = &l->items[i];
	for (p = 0; p < pages; p++) {
		int last = p == pages - 1;

		pg = HPDF_AddPage(d->pdf);
		HPDF_Page_SetWidth(pg, (HPDF_REAL)(l->page_w * PT_PER_MM));
		HPDF_Page_SetHeight(pg, (HPDF_REAL)(l->page_h * PT_PER_MM));
		d->page = p + 1;
		y = l->margin;
		for (i = 0; i < l->n_items; i++) {
			it = &l->items[i];
			switch (it->kind) {
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
				if (last && draw_qr(d, pg, l, it, &c, err) != 0)
					goto out;
				break;
			case LAY_NOTE:
				if (last)
					draw_note(d, pg, l, it, &c);
				break;
			}
		}
		if (pages > 1) {
			snprintf(pageno, sizeof pageno, "Halaman %d dari %d%s",
			    p + 1, pages, last ? "" :
			    " \xe2\x80\x94 bersambung ke halaman berikutnya");
			put_aligned(pg, l, &d->reg, 7, l->margin,
			    l->page_w - 2 * l->margin, l->page_h - l->margin / 2,
			    ALIGN_RIGHT, pageno);
		}
	}
	*pages_out = pages;
	rc = 0;
out:
	json_decref(vfields);
	json_decref(vissue);
	return rc;
}

/* ------------------------------------------------------------ documents */

static void
doc_close(struct doc *d)
{
	if (d->pdf != NULL)
		HPDF_Free(d->pdf);
	d->pdf = NULL;
}

static int
doc_open(struct doc *d, render *r, sg_err *err)
{
	const char *fname;

	memset(d, 0, sizeof *d);
	d->r = r;
	if ((d->pdf = HPDF_New(on_error, d)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_NONE);
	HPDF_UseUTFEncodings(d->pdf);
	if ((fname = HPDF_LoadTTFontFromFile(d->pdf, r->font, HPDF_TRUE))
	    != NULL) {
		snprintf(d->reg_name, sizeof d->reg_name, "%s", fname);
		d->reg.f = HPDF_GetFont(d->pdf, fname, "UTF-8");
	}
	d->bold = d->reg;
	d->bold.fake_bold = r->font_bold == NULL;
	if (r->font_bold != NULL && (fname = HPDF_LoadTTFontFromFile(d->pdf,
	    r->font_bold, HPDF_TRUE)) != NULL) {
		snprintf(d->bold_name, sizeof d->bold_name, "%s", fname);
		d->bold.f = HPDF_GetFont(d->pdf, fname, "UTF-8");
	}
	if (d->reg.f == NULL || d->bold.f == NULL || d->error) {
		sg_err_set(err, "E-RENDER-FONT", r->font, "cannot load the "
		    "font (libharu error 0x%04X)", (unsigned)d->error);
		doc_close(d);
		return -1;
	}
	return 0;
}

/*
 * The next document in the same HPDF_Doc: HPDF_NewDoc() drops the pages
 * and objects but keeps the parsed font definitions and encoders, so the
 * TrueType file is read and parsed once per process, not per document.
 */
static struct doc *
doc_again(render *r, sg_err *err)
{
	struct doc *d = r->single;

	if (d == NULL) {
		if ((d = calloc(1, sizeof *d)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "out of memory");
			return NULL;
		}
		if (doc_open(d, r, err) != 0) {
			free(d);
			return NULL;
		}
		r->single = d;
		return d;
	}
	d->error = d->detail = 0;
	d->logo = NULL;
	d->logo_tried = 0;
	if (HPDF_NewDoc(d->pdf) != HPDF_OK)
		goto fail;
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_NONE);
	d->reg.f = HPDF_GetFont(d->pdf, d->reg_name, "UTF-8");
	d->bold.f = d->bold_name[0] ? HPDF_GetFont(d->pdf, d->bold_name,
	    "UTF-8") : d->reg.f;
	if (d->reg.f == NULL || d->bold.f == NULL || d->error)
		goto fail;
	return d;
fail:
	sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X starting a "
	    "document", (unsigned)d->error);
	doc_close(d);
	free(d);
	r->single = NULL;
	return NULL;
}

/*
 * libharu derives the trailer's /ID from the clock; make it a digest of
 * everything before the trailer instead, so the same record always gives
 * the same bytes.  Same length, so no offset moves.
 */
static void
fix_id(unsigned char *buf, size_t len)
{
	static const char key[] = "/ID [ <";
	unsigned char md[32];
	unsigned int n = 0, i;
	size_t at, from = len > 2048 ? len - 2048 : 0, j;
	char hex[33];

	for (at = len - sizeof key; at > from; at--)
		if (memcmp(buf + at, key, sizeof key - 1) == 0)
			break;
	if (at <= from || at + 7 + 32 + 3 + 32 > len)
		return;
	EVP_Digest(buf, at, md, &n, EVP_sha256(), NULL);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", md[i]);
	j = at + sizeof key - 1;
	/* "/ID [ <32 hex> <32 hex> ]" */
	if (buf[j + 32] != '>' || buf[j + 34] != '<' || j + 35 + 32 > len)
		return;
	memcpy(buf + j, hex, 32);
	memcpy(buf + j + 35, hex, 32);
}

/*
 * Metadata first: libharu builds the XMP packet from the Info entries at
 * the moment PDF/A conformance is set (FACTS.md).
 */
static int
doc_finish(struct doc *d, const char *title, const char *subject,
    const char *keywords, const char *author, const char *issued,
    unsigned char **pdf, size_t *len, sg_err *err)
{
	HPDF_OutputIntent icc;
	HPDF_Date hd;
	sg_date dt;
	HPDF_UINT32 size = 0;
	HPDF_STATUS st;
	unsigned char *buf = NULL;

	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
	if (subject != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, subject);
	if (keywords != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_KEYWORDS, keywords);
	if (author != NULL)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, author);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "segel-render");
	/* The issue date, not the clock: the same record gives the same
	 * bytes, so a re-run can tell an identical file from a different
	 * one. */
	if (issued != NULL && date_parse_iso(issued, &dt) == 0) {
		memset(&hd, 0, sizeof hd);
		hd.year = dt.y, hd.month = dt.m, hd.day = dt.d;
		/* 'Z' makes 2.3.0's XMP writer fail; +00'00 says the same. */
		hd.ind = '+';
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, hd);
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, hd);
	}
	HPDF_PDFA_SetPDFAConformance(d->pdf, HPDF_PDFA_1B);
	icc = HPDF_LoadIccProfileFromFile(d->pdf, d->r->icc, 3);
	if (icc != NULL)
		HPDF_PDFA_AppendOutputIntents(d->pdf, "sRGB IEC61966-2.1", icc);
	if (d->error == 0 && HPDF_SaveToStream(d->pdf) == HPDF_OK) {
		size = HPDF_GetStreamSize(d->pdf);
		if ((buf = malloc(size ? size : 1)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "out of memory");
			return -1;
		}
		HPDF_ResetStream(d->pdf);
		st = HPDF_ReadFromStream(d->pdf, buf, &size);
		if (st == HPDF_OK || st == HPDF_STREAM_EOF)
			d->error = 0;
		else if (d->error == 0)
			d->error = st;
	}
	if (d->error != 0) {
		free(buf);
		sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X "
		    "(detail %u)", (unsigned)d->error, (unsigned)d->detail);
		return -1;
	}
	fix_id(buf, size);
	if (d->r->compress) {
		unsigned char *z;
		size_t zlen;

		if (book_pack(buf, size, &z, &zlen, err) != 0) {
			free(buf);
			return -1;
		}
		free(buf);
		buf = z;
		size = zlen;
	}
	*pdf = buf;
	*len = size;
	return 0;
}

static int
render_one(render *r, const json_t *rec, const render_check *chk,
    unsigned char **pdf, size_t *len, int *pages, render_box **boxes,
    size_t *nbox, sg_err *err)
{
	struct doc *dp;
	const json_t *issue = json_object_get(rec, "issue");
	const char *office;
	const doctype *t;
	char title[300], number[64], issued[16];
	int rc = -1;

	*pdf = NULL;
	*len = 0;
	if ((dp = doc_again(r, err)) == NULL)
		return -1;
#define d (*dp)
	d.collect = chk != NULL;
	d.logo_aspect = chk != NULL ? chk->logo_aspect : 0;
	if (chk != NULL && chk->no_logo) {
		d.logo = NULL;
		d.logo_tried = 1;
	}
	if (draw_record(&d, rec, pages, number, sizeof number, issued,
	    sizeof issued, err) != 0)
		goto out;
	if (d.error != 0 || d.boxes_oom) {
		sg_err_set(err, "E-RENDER-PDF", "", "libharu error 0x%04X "
		    "(detail %u)", (unsigned)d.error, (unsigned)d.detail);
		goto out;
	}
	t = doctype_set_find(r->types,
	    json_string_value(json_object_get(rec, "type")));
	office = json_string_value(json_object_get(issue, "office"));
	snprintf(title, sizeof title, "%s %s", doctype_title(t), number);
	rc = doc_finish(&d, title, number,
	    json_string_value(json_object_get(rec, "seal")),
	    office ? office : r->office, issued, pdf, len, err);
	if (rc == 0 && boxes != NULL) {
		*boxes = d.boxes;
		*nbox = d.nbox;
		d.boxes = NULL;
	}
out:
	free(d.boxes);
	d.boxes = NULL;
	d.nbox = d.capbox = 0;
	d.boxes_oom = d.collect = 0;
	d.logo_aspect = 0;
#undef d
	/* a failed document may leave libharu in an error state: start over */
	if (rc != 0) {
		doc_close(dp);
		free(dp);
		r->single = NULL;
	}
	return rc;
}

int
render_pdf(render *r, const json_t *rec, unsigned char **pdf, size_t *len,
    int *pages, sg_err *err)
{
	return render_one(r, rec, NULL, pdf, len, pages, NULL, NULL, err);
}

int
render_pdf_check(render *r, const json_t *rec, const render_check *chk,
    unsigned char **pdf, size_t *len, int *pages, render_box **boxes,
    size_t *nbox, sg_err *err)
{
	static const render_check none;

	*boxes = NULL;
	*nbox = 0;
	return render_one(r, rec, chk ? chk : &none, pdf, len, pages, boxes,
	    nbox, err);
}

int
render_book_shell(render *r, size_t records, unsigned char **pdf,
    size_t *len, sg_err *err)
{
	struct doc d;
	char title[64];
	int rc;

	if (doc_open(&d, r, err) != 0)
		return -1;
	snprintf(title, sizeof title, "segel-render: %zu documents", records);
	rc = doc_finish(&d, title, NULL, NULL, r->office, NULL, pdf, len, err);
	doc_close(&d);
	return rc;
}

int
render_file_name(const char *number, char *out, size_t sz)
{
	size_t i, n = 0;
	char ch;

	for (i = 0; number[i] != '\0'; i++) {
		ch = number[i];
		if (!(isalnum((unsigned char)ch) || ch == '.' || ch == '-' ||
		    ch == '_') || (unsigned char)ch >= 0x80)
			ch = '_';
		if (n == 0 && ch == '.')
			ch = '_';
		if (n + 5 >= sz)
			return -1;
		out[n++] = ch;
	}
	if (n == 0 || n + 5 > sz)
		return -1;
	memcpy(out + n, ".pdf", 5);
	return 0;
}
