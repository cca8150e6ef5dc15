/*
 * test_scan.c - QR codes drawn here (libqrencode) onto grey pages that
 * make the plain pass fail in known ways, read back with scan_grey();
 * the files in testdata/scans (made from a segel-render PDF, see its
 * README) through scan_file(); a PDF drawn with cairo for page numbers
 * and metadata; character sets; errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>

#include "scan.h"
#include "t.h"

typedef struct page {
	int w, h;
	unsigned char *px;
} page;

static page
page_new(int w, int h, unsigned char bg)
{
	page p;

	p.w = w;
	p.h = h;
	p.px = malloc((size_t)w * h);
	memset(p.px, bg, (size_t)w * h);
	return p;
}

/*
 * Draw data as a QR code: module px pixels, top-left corner at (x0, y0),
 * turned by deg about its centre; dark and light levels given.
 */
static void
draw_qr(page *p, const unsigned char *data, int n, int x0, int y0,
    int module, double deg, int dark, int light)
{
	QRcode *q = QRcode_encodeData(n, data, 0, QR_ECLEVEL_M);
	int side, x, y, mx, my, quiet = 4;
	double a = deg * M_PI / 180, c = cos(a), s = sin(a), cx, cy;

	if (q == NULL)
		return;
	side = (q->width + 2 * quiet) * module;
	cx = side / 2.0;
	cy = side / 2.0;
	/* Every page pixel of the turned square: which module is it? */
	for (y = -side / 2; y < side + side / 2; y++)
		for (x = -side / 2; x < side + side / 2; x++) {
			double u = c * (x - cx) + s * (y - cy) + cx;
			double v = -s * (x - cx) + c * (y - cy) + cy;
			int px = x0 + x, py = y0 + y, val;

			if (px < 0 || py < 0 || px >= p->w || py >= p->h ||
			    u < 0 || v < 0 || u >= side || v >= side)
				continue;
			mx = (int)(u / module) - quiet;
			my = (int)(v / module) - quiet;
			val = mx >= 0 && my >= 0 && mx < q->width &&
			    my < q->width && (q->data[my * q->width + mx] & 1) ?
			    dark : light;
			p->px[(size_t)py * p->w + px] = (unsigned char)val;
		}
	QRcode_free(q);
}

/* Codes found on a page, joined by "|" in the order given. */
static void
joined(const scan_found *f, char *out, size_t cap)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < f->n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "",
		    f->codes[i].text);
}

static void
check_page(const char *name, page *p, const scan_opts *o, const char *want)
{
	scan_found f = SCAN_FOUND_INIT;
	sg_err e;
	char got[4096];
	int rc;

	sg_err_clear(&e);
	rc = scan_grey(p->px, p->w, p->h, o, &f, &e);
	joined(&f, got, sizeof got);
	T_OK(name, rc == 0 && strcmp(got, want) == 0,
	    "rc %d, got \"%s\" (pass %s), want \"%s\" %s", rc, got,
	    f.n ? f.codes[0].pass : "-", want, e.message);
	scan_found_clear(&f);
	free(p->px);
}

/* A seal-like text (base45 alphabet), n characters. */
static char *
seal_text(int n, int salt)
{
	static const char a[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	char *s = malloc((size_t)n + 1);
	int i;

	memcpy(s, "SG1:", 4);
	for (i = 4; i < n; i++)
		s[i] = a[(i * 7 + salt * 13 + i * i) % 45];
	s[n] = '\0';
	return s;
}

static void
pages(void)
{
	scan_opts o;
	page p;
	char *s1 = seal_text(300, 1), *s2 = seal_text(250, 2), two[700];
	scan_found f = SCAN_FOUND_INIT;
	sg_err e;
	size_t i;

	memset(&o, 0, sizeof o);
	p = page_new(400, 400, 255);
	draw_qr(&p, (const unsigned char *)"HELLO", 5, 100, 100, 4, 0, 0,
	    255);
	check_page("page#1-plain", &p, &o, "HELLO");

	p = page_new(900, 500, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 10, 10, 4, 0, 0, 255);
	draw_qr(&p, (const unsigned char *)s2, 250, 470, 20, 4, 0, 0, 255);
	snprintf(two, sizeof two, "%s|%s", s1, s2);
	check_page("page#2-two-codes", &p, &o, two);

	/* The second code is light on dark, read by a later pass: the
	 * ladder goes on while fewer than want were found. */
	p = page_new(900, 500, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 10, 10, 4, 0, 0, 255);
	draw_qr(&p, (const unsigned char *)s2, 250, 470, 20, 4, 0, 255, 0);
	o.want = 2;
	check_page("page#3-want-two", &p, &o, two);
	o.want = 0;

	/* The same text twice on a page is two codes (scan.h): a copy of
	 * a seal pasted beside the genuine one is reported, not folded. */
	p = page_new(900, 500, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 10, 10, 4, 0, 0, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 470, 20, 4, 0, 0, 255);
	snprintf(two, sizeof two, "%s|%s", s1, s1);
	check_page("page#2-same-text-twice", &p, &o, two);
	/* ... and one code read by every pass of the ladder is one code. */
	p = page_new(500, 500, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 40, 60, 4, 0, 0, 255);
	o.thorough = 1;
	check_page("page#2-one-code-every-pass", &p, &o, s1);
	o.thorough = 0;
	snprintf(two, sizeof two, "%s|%s", s1, s2);

	p = page_new(400, 400, 0);
	draw_qr(&p, (const unsigned char *)"INVERTED", 8, 100, 100, 4, 0, 255,
	    0);
	check_page("page#4-inverted", &p, &o, "INVERTED");

	p = page_new(500, 500, 255);
	draw_qr(&p, (const unsigned char *)"TURNED 30", 9, 120, 120, 4, 30,
	    0, 255);
	check_page("page#5-turned", &p, &o, "TURNED 30");

	p = page_new(400, 400, 150);
	draw_qr(&p, (const unsigned char *)"LOW CONTRAST", 12, 100, 100, 4,
	    0, 120, 150);
	check_page("page#6-low-contrast", &p, &o, "LOW CONTRAST");

	p = page_new(200, 200, 255);
	draw_qr(&p, (const unsigned char *)"TINY", 4, 50, 50, 2, 0, 0, 255);
	check_page("page#7-small-modules", &p, &o, "TINY");

	/* An A4 page at 200 dpi with the seal in a corner, 0.4 mm modules
	 * (3 pixels): the first pass, ZXing's. */
	p = page_new(1654, 2339, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 140, 1900, 3, 0, 0, 255);
	sg_err_clear(&e);
	T_OK("page#8-a4", scan_grey(p.px, p.w, p.h, &o, &f, &e) == 0 &&
	    f.n == 1 && strcmp(f.codes[0].text, s1) == 0 &&
	    strcmp(f.codes[0].pass, "zxing") == 0 &&
	    abs(f.codes[0].x - 152) <= 6 && abs(f.codes[0].y - 1912) <= 6,
	    "%zu codes, pass %s at %d,%d", f.n, f.n ? f.codes[0].pass : "-",
	    f.n ? f.codes[0].x : -1, f.n ? f.codes[0].y : -1);
	scan_found_clear(&f);
	free(p.px);

	/* A 300-dpi A4 page (HUGE_PIXELS) with a code under min_side: read
	 * at half size, kept, and counted after the full-size pass found
	 * nothing more; the ladder stops there (it used to climb to its
	 * end: a 12-megapixel phone photo of an akta took 820 ms, not 140). */
	p = page_new(2480, 3508, 255);
	draw_qr(&p, (const unsigned char *)s1, 300, 300, 3000, 4, 0, 0, 255);
	sg_err_clear(&e);
	T_OK("page#11-huge-small-code", scan_grey(p.px, p.w, p.h, &o, &f,
	    &e) == 0 && f.n == 1 && strcmp(f.codes[0].text, s1) == 0 &&
	    strcmp(f.codes[0].pass, "zxing-half") == 0 && f.codes[0].w < 300 &&
	    f.passes == 2, "%zu codes, pass %s, %d px, %d passes", f.n,
	    f.n ? f.codes[0].pass : "-", f.n ? f.codes[0].w : 0, f.passes);
	scan_found_clear(&f);
	free(p.px);

	p = page_new(600, 600, 255);
	check_page("page#9-nothing", &p, &o, "");

	/* The time budget: nothing beyond the first pass. */
	p = page_new(600, 600, 255);
	o.seconds = 1e-9;
	sg_err_clear(&e);
	T_OK("page#10-budget", scan_grey(p.px, p.w, p.h, &o, &f, &e) == 0 &&
	    f.timed_out == 1 && f.n == 0, "timed_out %d", f.timed_out);
	o.seconds = 0;
	scan_found_clear(&f);
	free(p.px);

	/* Character sets, as other readers decode them. */
	{
		static const struct {
			const char *bytes, *utf8;
		} cs[] = {
			{ "caf\xe9", "caf\xc3\xa9" },
			{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
			{ "\x83\x65\x83\x58\x83\x67", "\xe3\x83\x86\xe3\x82"
			    "\xb9\xe3\x83\x88" },
			{ "\xc3\xde\xbb\xde\xb2\xdd", "\xef\xbe\x83\xef\xbe"
			    "\x9e\xef\xbd\xbb\xef\xbe\x9e\xef\xbd\xb2\xef\xbe"
			    "\x9d" },
			{ "plain ascii", "plain ascii" },
		};
		char name[32];

		for (i = 0; i < sizeof cs / sizeof cs[0]; i++) {
			snprintf(name, sizeof name, "charset#%zu", i + 1);
			p = page_new(400, 400, 255);
			draw_qr(&p, (const unsigned char *)cs[i].bytes,
			    (int)strlen(cs[i].bytes), 100, 100, 4, 0, 0, 255);
			check_page(name, &p, &o, cs[i].utf8);
		}
	}
	free(s1);
	free(s2);
}

static void
fixtures(void)
{
	static const char *const scans[] = {
		"testdata/scans/akta-150dpi.png",
		"testdata/scans/akta-150dpi.jpg",
		"testdata/scans/akta-150dpi.tif",
	};
	static const char *const types[] = { "png", "jpeg", "tiff" };
	scan_found f = SCAN_FOUND_INIT, g = SCAN_FOUND_INIT;
	scan_opts o;
	sg_err e;
	char name[64];
	size_t i;
	int rc;

	memset(&o, 0, sizeof o);
	rc = scan_file("testdata/scans/akta.pdf", &o, &f, &e);
	T_OK("pdf#1-born-digital", rc == 0 && f.type == IMAGE_PDF &&
	    f.n == 2 && f.meta_seals == 1 && f.pages == 1 &&
	    f.codes[0].source == SCAN_QR && f.codes[0].page == 1 &&
	    f.codes[1].source == SCAN_META && f.codes[1].page == 0 &&
	    strcmp(f.codes[0].text, f.codes[1].text) == 0 &&
	    strncmp(f.codes[0].text, "SG1:", 4) == 0,
	    "rc %d, %zu codes, %d meta: %s", rc, f.n, f.meta_seals,
	    e.message);
	T_STREQ("pdf#1-subject", f.subject, "7501-LT-23112026-0001");

	rc = scan_file("testdata/scans/akta-tampered.pdf", &o, &g, &e);
	T_OK("pdf#2-tampered", rc == 0 && g.n == 2 &&
	    g.codes[0].source == SCAN_QR && g.codes[1].source == SCAN_META &&
	    strcmp(g.codes[0].text, g.codes[1].text) != 0 && f.n == 2 &&
	    strcmp(g.codes[0].text, f.codes[0].text) == 0,
	    "rc %d, %zu codes", rc, g.n);
	scan_found_clear(&g);

	o.no_raster = 1;
	rc = scan_file("testdata/scans/akta.pdf", &o, &g, &e);
	T_OK("pdf#3-metadata-only", rc == 0 && g.n == 1 &&
	    g.codes[0].source == SCAN_META, "rc %d, %zu codes", rc, g.n);
	scan_found_clear(&g);
	o.no_raster = 0;

	for (i = 0; i < sizeof scans / sizeof scans[0]; i++) {
		snprintf(name, sizeof name, "scan#%zu-%s", i + 1, types[i]);
		sg_err_clear(&e);
		rc = scan_file(scans[i], &o, &g, &e);
		T_OK(name, rc == 0 && g.n == 1 && f.n == 2 &&
		    strcmp(image_type_name(g.type), types[i]) == 0 &&
		    strcmp(g.codes[0].text, f.codes[1].text) == 0 &&
		    g.codes[0].page == 1, "rc %d, %zu codes: %s", rc, g.n,
		    e.message);
		scan_found_clear(&g);
	}
	scan_found_clear(&f);

	sg_err_clear(&e);
	rc = scan_file("testdata/scans/no-such-file.png", &o, &g, &e);
	T_OK("error#1-missing", rc < 0 && strcmp(e.code, "E-SYSTEM") == 0,
	    "rc %d %s", rc, e.code);
	rc = scan_file("testdata/scans/README.md", &o, &g, &e);
	T_OK("error#2-not-an-image", rc < 0 &&
	    strcmp(e.code, "E-SCAN-FORMAT") == 0 &&
	    strcmp(e.where, "testdata/scans/README.md") == 0, "rc %d %s %s",
	    rc, e.code, e.where);
	o.max_bytes = 1000;
	rc = scan_file("testdata/scans/akta.pdf", &o, &g, &e);
	T_OK("error#3-too-big", rc < 0 &&
	    strcmp(e.code, "E-SCAN-TOO-BIG") == 0, "rc %d %s", rc, e.code);
	o.max_bytes = 0;
	rc = scan_buffer((const unsigned char *)"%PDF-1.4\nrubbish", 16,
	    "x.pdf", &o, &g, &e);
	T_OK("error#4-bad-pdf", rc < 0 && strcmp(e.code, "E-PDF-CORRUPT") == 0,
	    "rc %d %s", rc, e.code);
	scan_found_clear(&g);
}

struct pdfbuf {
	unsigned char *b;
	size_t n;
};

static cairo_status_t
pdf_put(void *arg, const unsigned char *d, unsigned int n)
{
	struct pdfbuf *p = arg;

	p->b = realloc(p->b, p->n + n);
	memcpy(p->b + p->n, d, n);
	p->n += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Two A4 pages drawn with cairo, a code on each; two seals in Keywords. */
static void
drawn_pdf(void)
{
	struct pdfbuf pb = { NULL, 0 };
	cairo_surface_t *sf;
	cairo_t *cr;
	scan_found f = SCAN_FOUND_INIT;
	scan_opts o;
	sg_err e;
	const char *texts[2] = { "SG1:PAGE ONE", "SG1:PAGE TWO" };
	char got[256];
	int pg, x, y, rc;

	sf = cairo_pdf_surface_create_for_stream(pdf_put, &pb, 595, 842);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT,
	    "DOC-1");
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_KEYWORDS,
	    "SG1:META ONE, SG1:META TWO; keyword;SG1:META ONE");
	cr = cairo_create(sf);
	for (pg = 0; pg < 2; pg++) {
		QRcode *q = QRcode_encodeString8bit(texts[pg], 0,
		    QR_ECLEVEL_M);

		cairo_set_source_rgb(cr, 0, 0, 0);
		for (y = 0; y < q->width; y++)
			for (x = 0; x < q->width; x++)
				if (q->data[y * q->width + x] & 1)
					cairo_rectangle(cr, 60 + x * 2.0,
					    600 + y * 2.0, 2, 2);
		cairo_fill(cr);
		QRcode_free(q);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	cairo_surface_destroy(sf);

	memset(&o, 0, sizeof o);
	sg_err_clear(&e);
	rc = scan_buffer(pb.b, pb.n, "drawn.pdf", &o, &f, &e);
	joined(&f, got, sizeof got);
	T_OK("pdf#4-two-pages", rc == 0 && f.pages == 2 && f.n == 4 &&
	    f.codes[0].page == 1 && f.codes[1].page == 2 &&
	    f.meta_seals == 2, "rc %d pages %d: %s %s", rc, f.pages, got,
	    e.message);
	T_STREQ("pdf#4-texts", got,
	    "SG1:PAGE ONE|SG1:PAGE TWO|SG1:META ONE|SG1:META TWO");
	T_STREQ("pdf#4-subject", f.subject, "DOC-1");
	scan_found_clear(&f);

	o.max_pages = 1;
	sg_err_clear(&e);
	rc = scan_buffer(pb.b, pb.n, "drawn.pdf", &o, &f, &e);
	T_OK("pdf#5-page-limit", rc < 0 && strcmp(e.code, "E-PDF-TOO-BIG") ==
	    0, "rc %d %s", rc, e.code);
	scan_found_clear(&f);
	free(pb.b);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	pages();
	fixtures();
	drawn_pdf();
	scan_thread_done();
	return T_DONE();
}
