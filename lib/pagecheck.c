/*
 * pagecheck.c - the page as given against the page drawn from its seal.
 *
 * Both pages go through the same poppler and cairo at the same size from
 * the same drawing operations, so a genuine page comes out the same to
 * the pixel but for rounding; a tile is "different" when enough of its
 * pixels differ by more than rounding ever does (PIX_DIFF, TILE_PIXELS),
 * which one changed character in the smallest print always gives.
 */
#include "pagecheck.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdfdl.h"
#include "pdfsign_impl.h"
#include "record.h"
#include "render.h"

#define TILE 8            /* px: 1.4 mm at 150 dpi */
#define PIX_DIFF 48       /* grey levels: well past rounding */
#define TILE_PIXELS 2     /* such pixels that make a tile differ */
#define SCAN_PIX_DIFF 112 /* "is it only images?", at 50 dpi */
#define SCAN_TILE_PIXELS 4
#define MASK_PAD 1.0      /* mm around a masked box */
#define SIZE_SLACK 1.0    /* points of page size difference allowed */

struct pagecheck {
	const doctype_set *types;
	const codetab_set *codes;
	render *paper[2];  /* as laid out; F4 for A4 layouts */
	int tried[2];
};

/* One page rasterised, grey, w*h, at dpi. */
struct grey {
	unsigned char *px;
	int w, h;
	double wpt, hpt, dpi;
};

/*
 * Fine enough that one character changed in the smallest print (the KIA
 * card's 4.6 pt, the KK table's 6.5 pt) changes whole tiles: a card page
 * at PAGECHECK_DPI_CARD, a larger one at PAGECHECK_DPI.
 */
static double
dpi_for(double wpt, double hpt)
{
	return wpt < 400 && hpt < 400 ? PAGECHECK_DPI_CARD : PAGECHECK_DPI;
}

static void
grey_free(struct grey *g)
{
	free(g->px);
	memset(g, 0, sizeof *g);
}

pagecheck *
pagecheck_new(const doctype_set *types, const codetab_set *codes,
    sg_err *err)
{
	pagecheck *pc = calloc(1, sizeof *pc);

	if (pc == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return NULL;
	}
	pc->types = types;
	pc->codes = codes;
	return pc;
}

void
pagecheck_free(pagecheck *pc)
{
	if (pc == NULL)
		return;
	render_free(pc->paper[0]);
	render_free(pc->paper[1]);
	free(pc);
}

/* The renderer for paper i (0 as laid out, 1 F4), made on first use. */
static render *
renderer(pagecheck *pc, int i, sg_err *err)
{
	render_opts o;

	if (!pc->tried[i]) {
		pc->tried[i] = 1;
		memset(&o, 0, sizeof o);
		o.paper = i == 1 ? "f4" : NULL;
		pc->paper[i] = render_new(pc->types, pc->codes, NULL, &o, err);
	}
	return pc->paper[i];
}

static void
to_grey(cairo_surface_t *sf, struct grey *g)
{
	const unsigned char *data = cairo_image_surface_get_data(sf);
	int stride = cairo_image_surface_get_stride(sf), x, y;

	for (y = 0; y < g->h; y++) {
		const uint32_t *in = (const uint32_t *)(const void *)
		    (data + (size_t)stride * y);
		unsigned char *o = g->px + (size_t)g->w * y;

		for (x = 0; x < g->w; x++) {
			uint32_t p = in[x];

			o[x] = (unsigned char)((((p >> 16) & 255) * 77 +
			    ((p >> 8) & 255) * 150 + (p & 255) * 29 + 128) >>
			    8);
		}
	}
}

/* New white surface of g's size, scaled to points; NULL on failure. */
static cairo_t *
canvas(struct grey *g, cairo_surface_t **sf)
{
	cairo_t *cr;

	*sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, g->w, g->h);
	if (cairo_surface_status(*sf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(*sf);
		*sf = NULL;
		return NULL;
	}
	cr = cairo_create(*sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, g->dpi / 72.0, g->dpi / 72.0);
	return cr;
}

static int
raster(PopplerPage *page, struct grey *g)
{
	cairo_surface_t *sf = NULL;
	cairo_t *cr;

	poppler_page_get_size(page, &g->wpt, &g->hpt);
	if (!isfinite(g->wpt) || !isfinite(g->hpt) || g->wpt < 1 ||
	    g->hpt < 1 || g->wpt > 5000 || g->hpt > 5000)
		return -1;
	g->dpi = dpi_for(g->wpt, g->hpt);
	g->w = (int)ceil(g->wpt * g->dpi / 72.0);
	g->h = (int)ceil(g->hpt * g->dpi / 72.0);
	if ((g->px = malloc((size_t)g->w * (size_t)g->h)) == NULL ||
	    (cr = canvas(g, &sf)) == NULL) {
		grey_free(g);
		return -1;
	}
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	to_grey(sf, g);
	cairo_surface_destroy(sf);
	return 0;
}

/*
 * Tiles where a and b differ, masked pixels (mask[i] != 0) left out.
 * Returns how many; *tx, *ty the first.
 */
static size_t
tiles_differ(const struct grey *a, const struct grey *b,
    const unsigned char *mask, int pixdiff, int tilepix, int *tx, int *ty)
{
	int x, y, i, j, cnt, d;
	size_t n = 0;
	size_t at;

	for (y = 0; y < a->h; y += TILE)
		for (x = 0; x < a->w; x += TILE) {
			cnt = 0;
			for (j = y; j < y + TILE && j < a->h; j++)
				for (i = x; i < x + TILE && i < a->w; i++) {
					at = (size_t)j * (size_t)a->w +
					    (size_t)i;
					if (mask != NULL && mask[at])
						continue;
					d = (int)a->px[at] - (int)b->px[at];
					if (d > pixdiff || d < -pixdiff)
						cnt++;
				}
			if (cnt >= tilepix) {
				if (n == 0) {
					*tx = x;
					*ty = y;
				}
				n++;
			}
		}
	return n;
}

/*
 * Does the page as drawn (a) have ink that its images redrawn (b) lack,
 * or the other way round?  At about 50 dpi, each pixel against the best
 * of its neighbours in b: poppler gives an image's place in whole points
 * and scales it with another filter than cairo, which moves edges by up
 * to a point.  Leniency costs nothing here: whatever slips through could
 * as well have been drawn into the image's own pixels.
 */
static int
ink_beyond_images(const struct grey *a, const struct grey *b)
{
	int x, y, dx, dy, d, best, cnt, tx, ty, i, j;

	for (ty = 0; ty < a->h; ty += TILE)
		for (tx = 0; tx < a->w; tx += TILE) {
			cnt = 0;
			for (y = ty; y < ty + TILE && y < a->h; y++)
				for (x = tx; x < tx + TILE && x < a->w; x++) {
					best = 255;
					for (dy = -1; dy <= 1; dy++)
						for (dx = -1; dx <= 1; dx++) {
							i = x + dx;
							j = y + dy;
							if (i < 0 || j < 0 ||
							    i >= b->w || j >= b->h)
								continue;
							d = abs((int)a->px[(size_t)y *
							    (size_t)a->w + (size_t)x] -
							    (int)b->px[(size_t)j *
							    (size_t)b->w + (size_t)i]);
							if (d < best)
								best = d;
						}
					cnt += best > SCAN_PIX_DIFF;
				}
			if (cnt >= SCAN_TILE_PIXELS)
				return 1;
		}
	return 0;
}

/* g averaged over blocks of about 1/50 inch, into *out (malloc'd). */
static int
shrink(const struct grey *g, struct grey *out)
{
	int k = (int)(g->dpi / 50 + 0.5), x, y, i, j;
	unsigned sum;

	if (k < 1)
		k = 1;
	out->w = g->w / k;
	out->h = g->h / k;
	out->dpi = g->dpi / k;
	if (out->w < 1 || out->h < 1 ||
	    (out->px = malloc((size_t)out->w * (size_t)out->h)) == NULL)
		return -1;
	for (y = 0; y < out->h; y++)
		for (x = 0; x < out->w; x++) {
			sum = 0;
			for (j = 0; j < k; j++)
				for (i = 0; i < k; i++)
					sum += g->px[(size_t)(y * k + j) *
					    (size_t)g->w + (size_t)(x * k + i)];
			out->px[(size_t)y * (size_t)out->w + (size_t)x] =
			    (unsigned char)(sum / (unsigned)(k * k));
		}
	return 0;
}

/*
 * Is every pixel of the page from a raster image?  The page is drawn
 * again from its images alone (each where poppler says it is) and
 * compared with the page as drawn: text or paths anywhere show up.
 */
static int
only_images(PopplerPage *page, const struct grey *g)
{
	GList *maps, *l;
	cairo_surface_t *sf = NULL, *img;
	cairo_t *cr;
	struct grey r = *g, sg = { 0 }, sr = { 0 };
	int scanned = 0, images = 0;

	if ((maps = poppler_page_get_image_mapping(page)) == NULL)
		return 0;
	if ((r.px = malloc((size_t)g->w * (size_t)g->h)) == NULL ||
	    (cr = canvas(&r, &sf)) == NULL)
		goto out;
	for (l = maps; l != NULL; l = l->next) {
		PopplerImageMapping *m = l->data;
		double iw, ih, x1 = m->area.x1, y1 = m->area.y1;
		double x2 = m->area.x2, y2 = m->area.y2;

		if ((img = poppler_page_get_image(page, m->image_id)) == NULL)
			continue;
		iw = cairo_image_surface_get_width(img);
		ih = cairo_image_surface_get_height(img);
		/* poppler gives the area in whole points: a scan that fills
		 * the page fills it, not 595 of its 595.28 points */
		if (fabs(x1) < 1.5)
			x1 = 0;
		if (fabs(y1) < 1.5)
			y1 = 0;
		if (fabs(x2 - g->wpt) < 1.5)
			x2 = g->wpt;
		if (fabs(y2 - g->hpt) < 1.5)
			y2 = g->hpt;
		if (iw > 0 && ih > 0) {
			cairo_save(cr);
			cairo_translate(cr, x1, y1);
			cairo_scale(cr, (x2 - x1) / iw, (y2 - y1) / ih);
			cairo_set_source_surface(cr, img, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
			images++;
		}
		cairo_surface_destroy(img);
	}
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	to_grey(sf, &r);
	/* at about 50 dpi: poppler and cairo scale an image with different
	 * filters, which moves its sharp edges by a pixel, not more */
	if (images > 0 && shrink(g, &sg) == 0 && shrink(&r, &sr) == 0)
		scanned = !ink_beyond_images(&sg, &sr);
	free(sg.px);
	free(sr.px);
out:
	if (sf != NULL)
		cairo_surface_destroy(sf);
	free(r.px);
	poppler_page_free_image_mapping(maps);
	return scanned;
}

/* The width over height of an image in the page's header, or 0. */
static double
header_logo(PopplerPage *page, double hpt)
{
	GList *maps, *l;
	double aspect = 0;

	if ((maps = poppler_page_get_image_mapping(page)) == NULL)
		return 0;
	for (l = maps; l != NULL && aspect == 0; l = l->next) {
		PopplerImageMapping *m = l->data;
		double w = m->area.x2 - m->area.x1, h = m->area.y2 - m->area.y1;

		if (m->area.y1 < hpt * 0.25 && w > 0 && h > 0) {
			/* the renderer keeps the picture's own aspect; the
			 * area poppler gives is rounded to whole points
			 * (a 120x100 logo 43 pt high reads 1.16, not 1.2),
			 * which moves the header's wrapped office name */
			cairo_surface_t *im = poppler_page_get_image(page,
			    m->image_id);

			aspect = w / h;
			if (im != NULL && cairo_image_surface_get_height(im) >
			    0 && fabs(aspect - (double)
			    cairo_image_surface_get_width(im) /
			    cairo_image_surface_get_height(im)) < 0.1 * aspect)
				aspect = (double)cairo_image_surface_get_width(
				    im) / cairo_image_surface_get_height(im);
			if (im != NULL)
				cairo_surface_destroy(im);
		}
	}
	poppler_page_free_image_mapping(maps);
	/* a logo's room is masked: a strip across the header is not one */
	return aspect >= 0.25 && aspect <= 4 ? aspect : 0;
}

/* Mask of the boxes on page pno, in g's pixels. */
static void
paint_mask(unsigned char *mask, const struct grey *g, const render_box *b,
    size_t nb, int pno)
{
	double s = g->dpi / 25.4;
	int x0, y0, x1, y1, y;
	size_t i;

	memset(mask, 0, (size_t)g->w * (size_t)g->h);
	for (i = 0; i < nb; i++) {
		if (b[i].page != pno)
			continue;
		x0 = (int)floor((b[i].x - MASK_PAD) * s);
		y0 = (int)floor((b[i].y - MASK_PAD) * s);
		x1 = (int)ceil((b[i].x + b[i].w + MASK_PAD) * s);
		y1 = (int)ceil((b[i].y + b[i].h + MASK_PAD) * s);
		if (x0 < 0)
			x0 = 0;
		if (y0 < 0)
			y0 = 0;
		if (x1 > g->w)
			x1 = g->w;
		if (y1 > g->h)
			y1 = g->h;
		for (y = y0; y < y1 && x0 < x1; y++)
			memset(mask + (size_t)y * (size_t)g->w + (size_t)x0, 1,
			    (size_t)(x1 - x0));
	}
}

/* The given pages, rasterised on demand. */
struct given {
	PopplerDocument *doc;
	int pages;
	struct grey *g;      /* [pages] */
	signed char *kind;   /* 0 unknown, 1 born-digital, 2 scanned, -1 bad */
};

static const struct grey *
given_page(struct given *gv, int pno)
{
	PopplerPage *page;

	if (pno < 1 || pno > gv->pages)
		return NULL;
	if (gv->kind[pno - 1] == 0) {
		gv->kind[pno - 1] = -1;
		if ((page = poppler_document_get_page(gv->doc, pno - 1)) ==
		    NULL)
			return NULL;
		if (raster(page, &gv->g[pno - 1]) == 0)
			gv->kind[pno - 1] = only_images(page,
			    &gv->g[pno - 1]) ? 2 : 1;
		g_object_unref(page);
	}
	return gv->kind[pno - 1] > 0 ? &gv->g[pno - 1] : NULL;
}

/*
 * Compare pages first.. first + pages - 1 of the given PDF with the pages
 * of edoc (the seal's document drawn again), boxes masked: 1 the same, 0
 * not (s->why says where), -1 on a system error.
 */
static int
compare_pages(struct given *gv, PopplerDocument *edoc,
    const render_box *boxes, size_t nbox, int first, int pages,
    pagecheck_seal *s, sg_err *err)
{
	const struct grey *g;
	struct grey e = { 0 };
	PopplerPage *page = NULL;
	unsigned char *mask = NULL;
	int i, tx = 0, ty = 0, rc = 0;

	if (first < 1 || first + pages - 1 > gv->pages) {
		sg_err_set(&s->why, "", NULL, "the sealed document has %d "
		    "pages, the PDF %d from page %d on", pages,
		    gv->pages - first + 1, first);
		return 0;
	}
	for (i = 0; i < pages; i++) {
		if ((g = given_page(gv, first + i)) == NULL ||
		    gv->kind[first + i - 1] != 1) {
			sg_err_set(&s->why, "", NULL, "page %d is not the "
			    "page the seal describes", first + i);
			goto out;
		}
		if ((page = poppler_document_get_page(edoc, i)) == NULL ||
		    raster(page, &e) != 0 || e.w != g->w || e.h != g->h) {
			sg_err_set(&s->why, "", NULL, "page %d is not the "
			    "size of the sealed document", first + i);
			goto out;
		}
		g_object_unref(page);
		page = NULL;
		free(mask);
		if ((mask = malloc((size_t)g->w * (size_t)g->h)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "out of memory");
			rc = -1;
			goto out;
		}
		paint_mask(mask, g, boxes, nbox, i + 1);
		if (tiles_differ(g, &e, mask, PIX_DIFF, TILE_PIXELS, &tx,
		    &ty) > 0) {
			sg_err_set(&s->why, "", NULL, "page %d does not show "
			    "what the seal says (first near %.0f mm from the "
			    "left, %.0f mm from the top)", first + i,
			    (tx + TILE / 2) * 25.4 / g->dpi,
			    (ty + TILE / 2) * 25.4 / g->dpi);
			goto out;
		}
		grey_free(&e);
	}
	rc = 1;
out:
	grey_free(&e);
	if (page != NULL)
		g_object_unref(page);
	free(mask);
	return rc;
}

/*
 * One seal: draw its record again and compare page by page.  0 with
 * s->result set; -1 on a system error.
 */
static int
check_seal(pagecheck *pc, struct given *gv, const char *author,
    pagecheck_seal *s, signed char *covered, sg_err *err)
{
	json_t *rec = NULL;
	rec_issue_info is;
	unsigned char *pdf = NULL;
	render_box *boxes = NULL;
	size_t len = 0, nbox = 0;
	PopplerDocument *edoc = NULL;
	PopplerPage *page = NULL;
	GBytes *bytes = NULL;
	render_check chk;
	const struct grey *g;
	render *r;
	int pages = 0, first, i, paper, rc = -1;
	double ew = 0, eh = 0;
	sg_err re;

	s->result = PAGECHECK_DIFFERS;
	sg_err_clear(&s->why);
	if ((g = given_page(gv, s->page)) == NULL) {
		sg_err_set(&s->why, "", NULL, "page %d cannot be drawn",
		    s->page);
		return 0;
	}
	if (gv->kind[s->page - 1] == 2) {
		s->result = PAGECHECK_SCANNED;
		covered[s->page - 1] = 1;
		return 0;
	}
	memset(&is, 0, sizeof is);
	is.number = s->number;
	is.office = author != NULL ? author : s->office;
	if ((rec = json_object()) == NULL ||
	    rec_set_type(rec, doctype_id(s->type)) != 0 ||
	    rec_set_issue(rec, &is) != 0 ||
	    rec_set_fields(rec, json_incref((json_t *)s->fields)) != 0 ||
	    rec_set_seal(rec, s->seal) != 0) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	/* the page size says A4 or F4 */
	for (paper = 0; paper < 2; paper++) {
		if ((r = renderer(pc, paper, err)) == NULL)
			goto out;
		memset(&chk, 0, sizeof chk);
		chk.no_logo = 1;
		page = poppler_document_get_page(gv->doc, s->page - 1);
		chk.logo_aspect = page ? header_logo(page, g->hpt) : 0;
		if (page != NULL)
			g_object_unref(page);
		page = NULL;
		/* the last try's document reads pdf: gone first */
		if (edoc != NULL)
			g_object_unref(edoc);
		if (bytes != NULL)
			g_bytes_unref(bytes);
		edoc = NULL;
		bytes = NULL;
		free(pdf);
		free(boxes);
		pdf = NULL;
		boxes = NULL;
		if (render_pdf_check(r, rec, &chk, &pdf, &len, &pages, &boxes,
		    &nbox, &re) != 0) {
			sg_err_set(&s->why, "", NULL, "the seal's record "
			    "cannot be drawn: %.300s", re.message);
			rc = 0;
			goto out;
		}
		bytes = g_bytes_new_static(pdf, len);
		edoc = poppler_document_new_from_bytes(bytes, NULL, NULL);
		if (edoc == NULL || (page = poppler_document_get_page(edoc,
		    0)) == NULL) {
			sg_err_set(err, "E-SYSTEM", "", "the page check cannot "
			    "read its own PDF");
			goto out;
		}
		poppler_page_get_size(page, &ew, &eh);
		g_object_unref(page);
		page = NULL;
		if (fabs(ew - g->wpt) <= SIZE_SLACK &&
		    fabs(eh - g->hpt) <= SIZE_SLACK)
			break;
	}
	if (paper == 2) {
		sg_err_set(&s->why, "", NULL, "page %d is %.0fx%.0f points, "
		    "not the size of the sealed document", s->page, g->wpt,
		    g->hpt);
		rc = 0;
		goto out;
	}
	/*
	 * Which pages are the document's: every page carries the seal (a
	 * page alone is checkable) and the scan names the first page it read
	 * the seal on, so the document starts there; in a PDF made when only
	 * the last page carried the seal, it ends there.
	 */
	first = s->page;
	i = compare_pages(gv, edoc, boxes, nbox, first, pages, s, err);
	if (i == 0 && pages > 1 && s->page - pages + 1 >= 1) {
		first = s->page - pages + 1;
		i = compare_pages(gv, edoc, boxes, nbox, first, pages, s, err);
	}
	if (i <= 0) {
		rc = i < 0 ? -1 : 0;
		goto out;
	}
	for (i = 0; i < pages; i++)
		covered[first + i - 1] = 1;
	s->result = PAGECHECK_SAME;
	rc = 0;
out:
	if (page != NULL)
		g_object_unref(page);
	if (edoc != NULL)
		g_object_unref(edoc);
	if (bytes != NULL)
		g_bytes_unref(bytes);
	free(boxes);
	free(pdf);
	json_decref(rec);
	return rc;
}

/*
 * The keys a catalog or a page may carry: what segel-render writes, what
 * a rewrite (qpdf, a viewer's "save") adds, and what only describes the
 * file.  Every other key is something a viewer may act on or show
 * instead of the page, which the pixels never see: an /OpenAction or /AA
 * (JavaScript run on opening or printing; poppler's JavaScript scan
 * misses the first), an XFA form (Adobe Reader draws it instead of the
 * page), a portfolio (/Collection: the attached files shown instead),
 * /Names (named JavaScript, attached files), /Outlines (bookmarks run
 * actions).  A list of what is allowed, not of what is known to harm.
 */
static const char *const catalog_keys[] = {
	"/Type", "/Pages", "/Metadata", "/OutputIntents", "/Version",
	"/Extensions", "/Lang", "/MarkInfo", "/StructTreeRoot",
	"/PageLabels", "/PageLayout", "/PageMode", "/ViewerPreferences",
	"/Dests", NULL
};
static const char *const page_keys[] = {
	"/Type", "/Parent", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox",
	"/ArtBox", "/Contents", "/Resources", "/Rotate", "/Group",
	"/StructParents", "/Tabs", "/Thumb", "/LastModified", "/PieceInfo",
	"/Metadata", "/UserUnit", "/ID", "/PZ", "/B", "/Dur", "/Trans",
	"/Annots", /* poppler's annotations: extras() */
	NULL
};

#define KEYS_MAX 64
#define KEY_LEN 64

/* dict's keys (qpdf) copied into keys: their number, or -1 when there
 * are more than KEYS_MAX or one is longer than KEY_LEN - 1 (no listed key
 * is: refused as such).  Copied because qpdf has one key iterator and
 * its keys live until the next call. */
static int
dict_keys(qpdf_data q, qpdf_oh dict, char keys[][KEY_LEN])
{
	const char *k;
	int n = 0;

	qpdf_oh_begin_dict_key_iter(q, dict);
	while (qpdf_oh_dict_more_keys(q)) {
		k = qpdf_oh_dict_next_key(q);
		if (n == KEYS_MAX || strlen(k) >= KEY_LEN)
			return -1;
		strcpy(keys[n++], k);
	}
	return n;
}

static int
listed(const char *const *list, const char *key)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

/*
 * The first key of a catalog (is_catalog) or a page dictionary that is
 * not allowed, or NULL.  A catalog's /OpenAction may be a destination
 * (an array: "open at this page"), not an action; its /Names may hold
 * only /Dests; its /AcroForm only no fields and no XFA (the empty form
 * some viewers add on saving).
 */
static const char *
unlisted(qpdf_data q, qpdf_oh dict, int is_catalog)
{
	static const char *const dests[] = { "/Dests", NULL };
	static char keys[KEYS_MAX][KEY_LEN], sub[KEYS_MAX][KEY_LEN];
	const char *k;
	qpdf_oh v, f;
	int i, j, n, m;

	if ((n = dict_keys(q, dict, keys)) < 0)
		return is_catalog ? "a catalog of odd keys" : "odd keys";
	for (i = 0; i < n; i++) {
		k = keys[i];
		if (listed(is_catalog ? catalog_keys : page_keys, k))
			continue;
		if (!is_catalog)
			return k;
		v = qpdf_oh_get_key(q, dict, k);
		if (strcmp(k, "/OpenAction") == 0 && qpdf_oh_is_array(q, v))
			continue;
		if (strcmp(k, "/AcroForm") == 0 && qpdf_oh_is_dictionary(q, v) &&
		    !qpdf_oh_has_key(q, v, "/XFA")) {
			f = qpdf_oh_get_key(q, v, "/Fields");
			if (!qpdf_oh_has_key(q, v, "/Fields") ||
			    (qpdf_oh_is_array(q, f) &&
			    qpdf_oh_get_array_n_items(q, f) == 0))
				continue;
		}
		if (strcmp(k, "/Names") == 0 && qpdf_oh_is_dictionary(q, v) &&
		    (m = dict_keys(q, v, sub)) >= 0) {
			for (j = 0; j < m && listed(dests, sub[j]); j++)
				;
			if (j == m)
				continue;
		}
		return k;
	}
	return NULL;
}

/* What a key that is not allowed may do, for the message (translated). */
static const char *
key_does(const char *key)
{
	static const char *const does[][2] = {
		{ "/OpenAction", N_("an action a viewer runs when it opens "
		    "the file") },
		{ "/AA", N_("actions a viewer runs when the file or page is "
		    "opened, closed or printed") },
		{ "/AcroForm", N_("form fields or an XFA form, which a viewer "
		    "may draw over the page or instead of it") },
		{ "/Names", N_("named JavaScript or attached files") },
		{ "/Collection", N_("a portfolio: a viewer shows its attached "
		    "files instead") },
		{ "/Outlines", N_("bookmarks, which may run actions") },
	};
	size_t i;

	for (i = 0; i < sizeof does / sizeof does[0]; i++)
		if (strcmp(does[i][0], key) == 0)
			return _(does[i][1]);
	return _("which a viewer may act on");
}

const char *
pagecheck_content_bad(const unsigned char *p, size_t n, char what[16])
{
	static const char *const ops[] = {
		"q", "Q", "cm", "BT", "ET", "Tf", "Td", "Tj", "Tr", "re", "m",
		"l", "f", "B", "S", "g", "G", "w", "Do", NULL
	};
	pdf_lexer lx = { p, 0, n };
	enum pdf_tok t;
	size_t ts, te, k;

	while ((t = pdf_lex(&lx, &ts, &te)) != PT_END) {
		if (t == PT_NAME || t == PT_NUM || t == PT_STR || t == PT_HEX)
			continue;
		if (t == PT_WORD) {
			for (k = 0; ops[k] != NULL; k++)
				if (strlen(ops[k]) == te - ts &&
				    memcmp(ops[k], p + ts, te - ts) == 0)
					break;
			if (ops[k] != NULL)
				continue;
		}
		/* the token, or where the lexer stopped: up to 15 bytes */
		for (k = 0; k < 15 && ts + k < n && (k == 0 ||
		    strchr(" \t\r\n\f()<>[]{}/%", p[ts + k]) == NULL) &&
		    p[ts + k] != '\0'; k++)
			what[k] = p[ts + k] >= 0x20 && p[ts + k] < 0x7f ?
			    (char)p[ts + k] : '?';
		if (k == 0)
			what[k++] = '?'; /* the end of the stream */
		what[k] = '\0';
		return what;
	}
	return NULL;
}

/*
 * What a page draws, as qpdf reads it: its content streams hold only
 * what segel-render writes (pagecheck_content_bad), and each XObject it
 * may draw is an image without print alternates or optional content
 * (segel-render draws an office's logo so; a form XObject would be
 * another content stream, /Alternates what Adobe Reader prints instead).
 * 1 with why set when not, else 0.
 */
static int
page_draws_bad(qpdf_data q, qpdf_oh page, int pno, sg_err *why)
{
	static char keys[KEYS_MAX][KEY_LEN];
	unsigned char *data = NULL;
	char what[16];
	size_t len = 0;
	qpdf_oh res, xo, x;
	int i, n;

	if (qpdf_oh_get_page_content_data(q, page, &data, &len) !=
	    QPDF_SUCCESS || data == NULL) {
		free(data);
		sg_err_set(why, "", NULL, "page %d's content cannot be read "
		    "by qpdf", pno);
		return 1;
	}
	if (pagecheck_content_bad(data, len, what) != NULL) {
		free(data);
		sg_err_set(why, "", NULL, "page %d draws with \"%s\", which "
		    "segel-render never writes (viewers may read it each "
		    "their own way)", pno, what);
		return 1;
	}
	free(data);
	res = qpdf_oh_get_key(q, page, "/Resources");
	xo = qpdf_oh_get_key(q, res, "/XObject");
	if (!qpdf_oh_is_dictionary(q, xo))
		return 0;
	if ((n = dict_keys(q, xo, keys)) < 0)
		n = KEYS_MAX + 1;
	for (i = 0; i < n; i++) {
		x = i < KEYS_MAX ? qpdf_oh_get_key(q, xo, keys[i]) : 0;
		if (i == KEYS_MAX || !qpdf_oh_is_stream(q, x) ||
		    !qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q,
		    qpdf_oh_get_dict(q, x), "/Subtype"), "/Image") ||
		    qpdf_oh_has_key(q, qpdf_oh_get_dict(q, x), "/Alternates") ||
		    qpdf_oh_has_key(q, qpdf_oh_get_dict(q, x), "/OC")) {
			sg_err_set(why, "", NULL, "page %d may draw an object "
			    "that is not a plain image (a form, print "
			    "alternates, optional content), which "
			    "segel-render never writes", pno);
			return 1;
		}
	}
	return 0;
}

/*
 * The file as qpdf reads it, beside poppler: its catalog and every
 * page's dictionary hold only allowed keys (catalog_keys, page_keys),
 * every page draws only as segel-render does (page_draws_bad), it reads
 * and checks (every object, every stream: qpdf_check_pdf, 0.14 s for an
 * akta) without a warning (a damaged or ambiguous file: viewers repair
 * it each their own way) and has as many pages as poppler sees.  1 with
 * why set when not; -1 on a system error.
 */
static int
catalog(struct given *gv, const unsigned char *buf, size_t n, sg_err *why,
    sg_err *err)
{
	qpdf_data q;
	const char *k = NULL;
	int p, pages, rc = 1;

	if ((q = qpdf_init()) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "qpdf: out of memory");
		return -1;
	}
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "PDF", (const char *)buf, n, "") != QPDF_SUCCESS)
		goto damaged;
	if ((k = unlisted(q, qpdf_get_root(q), 1)) != NULL) {
		sg_err_set(why, "", NULL, "the PDF's catalog has %.64s (%s), "
		    "which segel-render never writes", k, key_does(k));
		goto out;
	}
	pages = qpdf_get_num_pages(q);
	if (pages != gv->pages) {
		if (pages < 0 || qpdf_has_error(q))
			goto damaged;
		sg_err_set(why, "", NULL, "poppler reads %d pages in the PDF "
		    "and qpdf %d: viewers may show other pages", gv->pages,
		    pages);
		goto out;
	}
	for (p = 0; p < pages && k == NULL; p++)
		k = unlisted(q, qpdf_get_page_n(q, (size_t)p), 0);
	if (k != NULL) {
		sg_err_set(why, "", NULL, "page %d has %.64s (%s), which "
		    "segel-render never writes", p, k, key_does(k));
		goto out;
	}
	for (p = 0; p < pages; p++)
		if (page_draws_bad(q, qpdf_get_page_n(q, (size_t)p), p + 1,
		    why))
			goto out;
	/* every object the file reaches, every stream decoded (qpdf
	 * --check): a duplicated key in a font, a stream that does not
	 * decode, is damage another viewer may read its own way */
	if (qpdf_check_pdf(q) != QPDF_SUCCESS || qpdf_has_error(q) ||
	    qpdf_more_warnings(q))
		goto damaged;
	rc = 0;
	goto out;
damaged:
	sg_err_set(why, "", NULL, "the PDF is damaged (%.200s): viewers "
	    "repair it each their own way", qpdf_has_error(q) ?
	    qpdf_get_error_full_text(q, qpdf_get_error(q)) :
	    qpdf_more_warnings(q) ? qpdf_get_error_full_text(q,
	    qpdf_next_warning(q)) : "qpdf cannot read it");
out:
	qpdf_cleanup(&q);
	return rc;
}

/*
 * What a viewer may show or print besides the pages' content, which the
 * comparison never sees: annotations (print-only ones, form fields, a
 * note over a name), JavaScript, optional content (a layer off on the
 * screen, on in print), and what catalog() finds.  segel-render writes
 * none of them into a PDF it does not sign (a signed PDF's signature
 * field is judged by its signature, not here).  1 with why set when the
 * PDF has one, -1 on a system error.
 */
static int
extras(struct given *gv, const unsigned char *buf, size_t n, sg_err *why,
    sg_err *err)
{
	PopplerLayersIter *it;
	PopplerPage *page;
	GList *a;
	int p;

	if (poppler_document_has_javascript(gv->doc)) {
		sg_err_set(why, "", NULL, "the PDF carries JavaScript");
		return 1;
	}
	if ((it = poppler_layers_iter_new(gv->doc)) != NULL) {
		poppler_layers_iter_free(it);
		sg_err_set(why, "", NULL, "the PDF has optional content "
		    "(layers a viewer may show or print differently)");
		return 1;
	}
	for (p = 0; p < gv->pages; p++) {
		if ((page = poppler_document_get_page(gv->doc, p)) == NULL)
			continue;
		a = poppler_page_get_annot_mapping(page);
		g_object_unref(page);
		if (a != NULL) {
			poppler_page_free_annot_mapping(a);
			sg_err_set(why, "", NULL, "page %d carries annotations "
			    "(notes, stamps or form fields a viewer may show "
			    "or print over the page)", p + 1);
			return 1;
		}
	}
	return catalog(gv, buf, n, why, err);
}

int
pagecheck_pdf(pagecheck *pc, const unsigned char *buf, size_t n,
    pagecheck_seal *s, size_t ns, int stray_upto, int *stray, sg_err *err)
{
	struct given gv = { 0 };
	GBytes *bytes = NULL;
	signed char *covered = NULL;
	char *author = NULL;
	size_t i;
	int p, same = 0, rc = -1;
	sg_err why;

	*stray = 0;
	if (pdfdl_load(err) < 0)
		return -1;
	bytes = g_bytes_new_static(buf, n);
	gv.doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	if (gv.doc == NULL) {
		sg_err_set(err, "E-PDF-CORRUPT", "", "PDF: poppler cannot "
		    "open it");
		goto out;
	}
	gv.pages = poppler_document_get_n_pages(gv.doc);
	if (gv.pages < 1 || gv.pages > 1000) {
		sg_err_set(err, "E-PDF-CORRUPT", "", "PDF: %d pages", gv.pages);
		goto out;
	}
	gv.g = calloc((size_t)gv.pages, sizeof *gv.g);
	gv.kind = calloc((size_t)gv.pages, 1);
	covered = calloc((size_t)gv.pages, 1);
	if (gv.g == NULL || gv.kind == NULL || covered == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	/* The office's name as segel-render wrote it (Author); not sealed,
	 * so only the layout follows it and its boxes are masked. */
	author = poppler_document_get_author(gv.doc);
	if (author != NULL && *author == '\0') {
		g_free(author);
		author = NULL;
	}
	for (i = 0; i < ns; i++)
		if (check_seal(pc, &gv, author, &s[i], covered, err) != 0)
			goto out;
	for (i = 0; i < ns; i++)
		if (s[i].result == PAGECHECK_SAME)
			same = 1;
	/* A born-digital page no seal accounts for is a page added; in a
	 * PDF whose seal's pages are born-digital, so is any page that is
	 * not (a scan of a forged page, with or without a seal, appended;
	 * a page poppler cannot draw). */
	for (p = 1; p <= gv.pages && p <= stray_upto && *stray == 0; p++)
		if (given_page(&gv, p) != NULL && gv.kind[p - 1] == 1 ?
		    !covered[p - 1] : same)
			*stray = p;
	if (same && (same = extras(&gv, buf, n, &why, err)) < 0)
		goto out;
	if (same)
		for (i = 0; i < ns; i++)
			if (s[i].result == PAGECHECK_SAME) {
				s[i].result = PAGECHECK_DIFFERS;
				s[i].why = why;
			}
	rc = 0;
out:
	for (p = 0; gv.g != NULL && p < gv.pages; p++)
		grey_free(&gv.g[p]);
	free(gv.g);
	free(gv.kind);
	free(covered);
	g_free(author);
	if (gv.doc != NULL)
		g_object_unref(gv.doc);
	if (bytes != NULL)
		g_bytes_unref(bytes);
	return rc;
}
