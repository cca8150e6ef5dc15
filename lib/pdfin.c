/*
 * pdfin.c - poppler-glib and cairo: metadata, and pages as grey pixels.
 */
#include "pdfin.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdfdl.h"

int
pdfin_load(sg_err *err)
{
	return pdfdl_load(err);
}

static char *
dup_g(gchar *s)
{
	char *r = NULL;

	if (s != NULL) {
		r = strdup(s);
		g_free(s);
	}
	return r;
}

void
pdfin_meta_clear(pdfin_meta *m)
{
	if (m == NULL)
		return;
	free(m->title);
	free(m->subject);
	free(m->text);
	free(m->keywords);
	memset(m, 0, sizeof *m);
}

/* Rasterise one page at dpi (lowered to fit the limits) and hand it on. */
static int
pdf_page(PopplerPage *page, int pageno, const pdfin_opts *o,
    unsigned char **grey, size_t *greycap, const char *where,
    image_page_fn fn, void *arg, sg_err *err)
{
	cairo_surface_t *sf = NULL;
	cairo_t *cr = NULL;
	double wpt = 0, hpt = 0, dpi = o->dpi > 0 ? o->dpi : 200, s, f;
	size_t maxpx = o->max_pixels ? o->max_pixels : IMAGE_MAX_PIXELS;
	const unsigned char *data;
	image_page pg = { 0, 0, NULL, 1 };
	int w, h, stride, x, y, rc = -1;

	poppler_page_get_size(page, &wpt, &hpt);
	if (!isfinite(wpt) || !isfinite(hpt) || wpt < 1 || hpt < 1 ||
	    wpt > 14400 * 72.0 || hpt > 14400 * 72.0) {
		sg_err_set(err, "E-PDF-CORRUPT", where,
		    "page %d: size %.0fx%.0f points makes no sense", pageno,
		    wpt, hpt);
		goto out;
	}
	s = dpi / 72.0;
	/* A poster-sized page is drawn at a lower resolution, not refused. */
	f = wpt * s * hpt * s;
	if (f > (double)maxpx)
		s *= sqrt((double)maxpx / f) * 0.999;
	if (wpt * s > IMAGE_MAX_SIDE)
		s = IMAGE_MAX_SIDE / wpt;
	if (hpt * s > IMAGE_MAX_SIDE)
		s = IMAGE_MAX_SIDE / hpt;
	w = (int)ceil(wpt * s);
	h = (int)ceil(hpt * s);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	/* rounding up both sides can pass the limit (a long thin page):
	 * the longer side gives way (the shorter one is at most the limit's
	 * square root, rounded up) */
	if ((size_t)w * (size_t)h > maxpx) {
		if (w >= h)
			w = (int)(maxpx / (size_t)h);
		else
			h = (int)(maxpx / (size_t)w);
		if (w < 1 || h < 1) {
			sg_err_set(err, "E-PDF-TOO-BIG", where, "page %d: "
			    "%.0fx%.0f points cannot be drawn within %zu "
			    "pixels", pageno, wpt, hpt, maxpx);
			goto out;
		}
	}
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		sg_err_set(err, "E-SYSTEM", where,
		    "page %d: no %dx%d surface: %s", pageno, w, h,
		    cairo_status_to_string(cairo_surface_status(sf)));
		goto out;
	}
	cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_flush(sf);
	data = cairo_image_surface_get_data(sf);
	stride = cairo_image_surface_get_stride(sf);
	if ((size_t)w * (size_t)h > *greycap) {
		free(*grey);
		*greycap = 0;
		*grey = malloc((size_t)w * (size_t)h);
		if (*grey == NULL) {
			sg_err_set(err, "E-SYSTEM", where, "out of memory");
			goto out;
		}
		*greycap = (size_t)w * (size_t)h;
	}
	for (y = 0; y < h; y++) {
		const uint32_t *in = (const uint32_t *)(const void *)
		    (data + (size_t)stride * y);
		unsigned char *outp = *grey + (size_t)w * y;

		for (x = 0; x < w; x++) {
			uint32_t p = in[x];

			outp[x] = (unsigned char)((((p >> 16) & 255) * 77 +
			    ((p >> 8) & 255) * 150 + (p & 255) * 29 + 128) >>
			    8);
		}
	}
	cairo_surface_destroy(sf);
	sf = NULL;
	pg.w = w;
	pg.h = h;
	pg.px = *grey;
	rc = fn(arg, pageno, &pg, err);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (sf != NULL)
		cairo_surface_destroy(sf);
	return rc;
}

/* The page's text after what is there, within PDFIN_MAX_TEXT. */
static void
add_text(pdfin_meta *m, PopplerPage *page)
{
	char *t = poppler_page_get_text(page), *nt;
	size_t have = m->text ? strlen(m->text) : 0, n;

	if (t == NULL)
		return;
	n = strlen(t);
	if (have + n + 2 <= PDFIN_MAX_TEXT &&
	    (nt = realloc(m->text, have + n + 2)) != NULL) {
		memcpy(nt + have, t, n);
		nt[have + n] = '\n';
		nt[have + n + 1] = '\0';
		m->text = nt;
	}
	g_free(t);
}

int
pdfin_read(const unsigned char *buf, size_t n, const char *where,
    const pdfin_opts *o, pdfin_meta *meta, image_page_fn fn, void *arg,
    sg_err *err)
{
	static const pdfin_opts none;
	GBytes *bytes = NULL;
	GError *gerr = NULL;
	PopplerDocument *doc = NULL;
	PopplerPage *page = NULL;
	unsigned char *grey = NULL;
	size_t greycap = 0;
	int rc = -1, i, pages, maxpages;

	if (o == NULL)
		o = &none;
	maxpages = o->max_pages > 0 ? o->max_pages : IMAGE_MAX_PAGES;
	if (pdfdl_load(err) < 0)
		goto out;
	if (n > INT32_MAX) {
		sg_err_set(err, "E-PDF-TOO-BIG", where, "the file is too big");
		goto out;
	}
	bytes = g_bytes_new_static(buf, n);
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (doc == NULL) {
		int enc = gerr != NULL && gerr->domain == POPPLER_ERROR &&
		    gerr->code == POPPLER_ERROR_ENCRYPTED;

		sg_err_set(err, enc ? "E-PDF-ENCRYPTED" : "E-PDF-CORRUPT",
		    where, "PDF: %s", gerr && gerr->message ? gerr->message :
		    "poppler cannot open it");
		goto out;
	}
	pages = poppler_document_get_n_pages(doc);
	if (meta != NULL) {
		meta->title = dup_g(poppler_document_get_title(doc));
		meta->subject = dup_g(poppler_document_get_subject(doc));
		meta->keywords = dup_g(poppler_document_get_keywords(doc));
		meta->pages = pages;
	}
	if (pages < 1) {
		sg_err_set(err, "E-PDF-CORRUPT", where, "PDF: no pages");
		goto out;
	}
	if (pages > maxpages) {
		sg_err_set(err, "E-PDF-TOO-BIG", where,
		    "PDF: %d pages, over the limit of %d", pages, maxpages);
		goto out;
	}
	rc = 0;
	for (i = 0; i < pages && !o->no_raster; i++) {
		page = poppler_document_get_page(doc, i);
		if (page == NULL) {
			sg_err_set(err, "E-PDF-CORRUPT", where,
			    "PDF: page %d cannot be read", i + 1);
			rc = -1;
			break;
		}
		if (meta != NULL)
			add_text(meta, page);
		rc = pdf_page(page, i + 1, o, &grey, &greycap, where, fn, arg,
		    err);
		g_object_unref(page);
		page = NULL;
		if (rc != 0)
			break;
	}
out:
	free(grey);
	if (doc != NULL)
		g_object_unref(doc);
	if (bytes != NULL)
		g_bytes_unref(bytes);
	if (gerr != NULL)
		g_error_free(gerr);
	return rc;
}
