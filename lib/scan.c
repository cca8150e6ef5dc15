/*
 * scan.c - QR codes out of grey pages: zbar, and a ladder of image
 * clean-ups for the pages where the plain pass does not find enough.
 *
 * zbar runs in binary mode: its own guess of the character set differs
 * from the other readers' (Shift_JIS half-width kana came out as kanji),
 * so the bytes are decoded here with the guess ZXing makes (valid UTF-8
 * with multi-byte characters, else Shift_JIS when it looks like
 * Japanese, else ISO-8859-1).  Seals are plain ASCII either way.
 */
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zbar.h>

#include "grey.h"
#include "file.h"
#include "pdfin.h"
#include "zxing.h"

#define SCAN_SECONDS 10.0
#define SCAN_MAX_BYTES ((size_t)256 << 20)
#define SCAN_MAX_TEXT (64u << 10)

static _Thread_local zbar_image_scanner_t *tl_zs;

void
scan_thread_done(void)
{
	if (tl_zs != NULL)
		zbar_image_scanner_destroy(tl_zs);
	tl_zs = NULL;
}

static zbar_image_scanner_t *
scanner(void)
{
	if (tl_zs == NULL) {
		tl_zs = zbar_image_scanner_create();
		if (tl_zs == NULL)
			return NULL;
		/* QR only: the other decoders cost time and (DataBar)
		 * flood stderr on text pages. */
		zbar_image_scanner_set_config(tl_zs, 0, ZBAR_CFG_ENABLE, 0);
		zbar_image_scanner_set_config(tl_zs, ZBAR_QRCODE,
		    ZBAR_CFG_ENABLE, 1);
		zbar_image_scanner_set_config(tl_zs, ZBAR_QRCODE,
		    ZBAR_CFG_BINARY, 1);
		zbar_image_scanner_enable_cache(tl_zs, 0);
	}
	return tl_zs;
}

/* The heap's spare room, left for the children, to be backed by huge
 * pages (scan.h): the heap grows 64 MB beyond what is asked, and its
 * top from here on is marked. */
#define HEAP_PAD (64u << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

void
scan_reuse_memory(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	void *p;
	uintptr_t a, e;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#if defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
	mallopt(M_TOP_PAD, HEAP_PAD);
	/* Below the mmap threshold: from the heap, which grows by it and
	 * the pad; [p, brk) is then the heap's free top.  Another malloc
	 * (a sanitizer's) gives memory elsewhere: nothing is marked. */
	if ((p = malloc(16u << 20)) == NULL)
		return;
	a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	e = (uintptr_t)sbrk(0);
	if (e > a && e - (uintptr_t)p <= (16u << 20) + 2 * HEAP_PAD)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
	free(p);
#endif
#endif
}

/*
 * The budget counts this thread's CPU time, not the wall clock: a verdict
 * must not depend on how busy the machine is (under load a wall-clock
 * budget cut the ladder short of the pass that reads a blurred scan).
 */
static double
now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- results ---- */

void
scan_found_clear(scan_found *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->codes[i].text);
	free(f->codes);
	free(f->subject);
	free(f->text);
	memset(f, 0, sizeof *f);
}

static int
found_add(scan_found *f, scan_source src, int page, const char *text,
    size_t len, const int box[4], const char *pass)
{
	scan_code *c;
	size_t cap;

	if (f->n == f->cap) {
		cap = f->cap ? 2 * f->cap : 8;
		c = realloc(f->codes, cap * sizeof *c);
		if (c == NULL)
			return -1;
		f->codes = c;
		f->cap = cap;
	}
	c = &f->codes[f->n];
	memset(c, 0, sizeof *c);
	c->text = malloc(len + 1);
	if (c->text == NULL)
		return -1;
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	c->len = len;
	c->source = src;
	c->page = page;
	c->pass = pass;
	if (box != NULL) {
		c->x = box[0];
		c->y = box[1];
		c->w = box[2];
		c->h = box[3];
	}
	f->n++;
	if (src == SCAN_META)
		f->meta_seals++;
	return 0;
}

/* ---- character sets ---- */

enum cs { CS_ASCII, CS_UTF8, CS_SJIS, CS_LATIN1 };

/* ZXing's StringUtils.guessEncoding, so that both read the same text. */
static enum cs
guess_charset(const unsigned char *b, size_t n)
{
	int iso = 1, sjis = 1, utf8 = 1, high = 0;
	int u8left = 0, u8multi = 0, sjleft = 0, kata = 0, curkata = 0;
	int curdbl = 0, maxkata = 0, maxdbl = 0, isoother = 0;
	size_t i;

	for (i = 0; i < n && (iso || sjis || utf8); i++) {
		unsigned v = b[i];

		if (v & 0x80)
			high = 1;
		if (utf8) {
			if (u8left > 0) {
				if (!(v & 0x80) || (v & 0x40))
					utf8 = 0;
				else
					u8left--;
			} else if (v & 0x80) {
				if (!(v & 0x40)) {
					utf8 = 0;
				} else {
					u8left++;
					u8multi++;
					if (v & 0x20) {
						u8left++;
						if (v & 0x10) {
							u8left++;
							if (v & 0x08)
								utf8 = 0;
						}
					}
				}
			}
		}
		if (iso) {
			if (v > 0x7f && v < 0xa0)
				iso = 0;
			else if (v > 0x9f && (v < 0xc0 || v == 0xd7 ||
			    v == 0xf7))
				isoother++;
		}
		if (sjis) {
			if (sjleft > 0) {
				if (v < 0x40 || v == 0x7f || v > 0xfc)
					sjis = 0;
				else
					sjleft--;
			} else if (v == 0x80 || v == 0xa0 || v > 0xef) {
				sjis = 0;
			} else if (v > 0xa0 && v < 0xe0) {
				kata++;
				curdbl = 0;
				if (++curkata > maxkata)
					maxkata = curkata;
			} else if (v > 0x7f) {
				sjleft++;
				curkata = 0;
				if (++curdbl > maxdbl)
					maxdbl = curdbl;
			} else {
				curkata = curdbl = 0;
			}
		}
	}
	if (!high)
		return CS_ASCII;
	if (u8left > 0)
		utf8 = 0;
	if (sjleft > 0)
		sjis = 0;
	if (utf8 && (u8multi > 0 ||
	    (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)))
		return CS_UTF8;
	if (sjis && (maxkata >= 3 || maxdbl >= 3))
		return CS_SJIS;
	if (iso && sjis)
		return (maxkata == 2 && kata == 2) ||
		    (size_t)isoother * 10 >= n ? CS_SJIS : CS_LATIN1;
	if (iso)
		return CS_LATIN1;
	if (sjis)
		return CS_SJIS;
	return utf8 ? CS_UTF8 : CS_LATIN1;
}

/* The code's bytes as UTF-8 in *out (malloc'd). */
static int
to_utf8(const unsigned char *b, size_t n, char **out, size_t *outn)
{
	enum cs cs = guess_charset(b, n);
	char *r = NULL, *ip, *op;
	size_t i, o = 0, il, ol;
	iconv_t cd;

	if (cs == CS_SJIS) {
		/* CP932: 0x5c is the backslash, as other readers have it. */
		cd = iconv_open("UTF-8", "CP932");
		if (cd != (iconv_t)-1) {
			r = malloc(3 * n + 1);
			if (r == NULL) {
				iconv_close(cd);
				return -1;
			}
			ip = (char *)(uintptr_t)b;
			il = n;
			op = r;
			ol = 3 * n;
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
				iconv_close(cd);
				*op = '\0';
				*out = r;
				*outn = (size_t)(op - r);
				return 0;
			}
			iconv_close(cd);
			free(r);
			r = NULL;
		}
		cs = CS_LATIN1;
	}
	if (cs == CS_LATIN1) {
		r = malloc(2 * n + 1);
		if (r == NULL)
			return -1;
		for (i = 0; i < n; i++) {
			if (b[i] < 0x80) {
				r[o++] = (char)b[i];
			} else {
				r[o++] = (char)(0xc0 | b[i] >> 6);
				r[o++] = (char)(0x80 | (b[i] & 0x3f));
			}
		}
	} else {
		r = malloc(n + 1);
		if (r == NULL)
			return -1;
		memcpy(r, b, n);
		o = n;
	}
	r[o] = '\0';
	*out = r;
	*outn = o;
	return 0;
}

/* ---- the ladder ---- */

enum op {
	OP_NONE,
	OP_STRETCH,
	OP_OTSU,
	OP_ADAPT,
	OP_BLUR,
	OP_INVERT,
	OP_BLUR_OTSU,
	OP_SHARPEN,
	OP_SHARPEN_OTSU,
	OP_UNSHARP_HALF,
	OP_SHARPEN_MORE
};

struct pass {
	const char *name;
	double scale;   /* < 1 shrinks, > 1 enlarges */
	enum op op;
	double angle;   /* degrees */
	int density;    /* zbar: scan every Nth line */
	int sizes;      /* PASS_SMALL, PASS_BIG: the pages it is for */
	int reader;     /* READ_ZBAR, READ_ZXING, READ_ZXING_ALL */
	int min_side;   /* its reads count only for codes this big (page px) */
};

#define READ_ZBAR 0
#define READ_ZXING 1       /* ZXing-C++ trying harder, the page as it is */
#define READ_ZXING_ALL 2   /* and downscaled and turned (ZXingReader's way) */

#define PASS_SMALL 1
#define PASS_BIG 2
#define PASS_ANY 3
#define PASS_HUGE 4       /* only pages of HUGE_PIXELS and more */
/* Pages of this many pixels and more are "big": scans and photos (a
 * 1600x1200 phone frame is; every image of the ZXing blackbox set, up to
 * 1280x960, is not). */
#define BIG_PIXELS 1500000
/* A 300-dpi A4 page is 8.7 million pixels. */
#define HUGE_PIXELS 6000000

/*
 * In order: likely and cheap first; the ladder stops at the first pass
 * that brings the page up to the codes wanted.  Small images (a QR code
 * photographed or cut out) get many tries; big ones (a 200-dpi A4 page is
 * 3.9 million pixels) fewer, each costing more.
 * The order is measured (issue 12, tests/bench/grid.sh: 90 pages, 6
 * documents x 15 conditions; tests/cli/scans.sh; tests/bench/blackbox.sh).
 * ZXing-C++ trying harder reads most pages; a 300-dpi page (HUGE_PIXELS)
 * first at half size, 15 ms instead of 60, counted at once only when the
 * codes it found are big (min_side: at 200 dpi, halved, a second copy of
 * the same code was missed); smaller ones are kept and counted after the
 * next pass, the page at full size, has looked for codes the half missed
 * (a 12-megapixel phone photo's noise, which half size averages away,
 * can keep ZXing from reading the page at full size: the ladder climbed
 * to its last pass, 820 ms for a photo instead of 140).  Then ZXing on the page unsharp-masked (amount
 * 2, then 1): on the grid they read every page ZXing alone missed and
 * zbar's ladder read (blur 0x1, perspective, skews, 100 dpi), and 100
 * dpi's KKs, which nothing read before (the KK of four only by ZXing on
 * the page doubled, small pages).  ZXing on the sharpened page binarised
 * (Otsu; halfway) replaces zbar's big-page passes of the same name:
 * scans.sh read two of its 150-dpi cases only with them, ZXing reads
 * them there too, in a tenth of zbar's time.  zbar's full-size passes
 * (fast, plain, adaptive, otsu) read nothing on a big page ZXing missed
 * and are gone from them; so are the reduced ones (half, half-adaptive,
 * third): each pass alone over the grid's 90 pages and scans.sh's 189,
 * they read 12 pages, all read by ZXing's first three, and cost a big
 * miss 36 of its 145 ms.  Only half-invert stays, the one pass for a
 * light-on-dark code on a big page; and on a huge page (a 12-megapixel
 * phone photo) zbar at half size, half-huge: of 24 such photos ZXing's
 * passes read 22 and zbarimg all, the two of a dense KK only zbar read
 * (a huge miss costs 0.15 s more; zbar at full size, 0.45 s).  A big miss (blur 0x2, the phone
 * frame) now costs about a quarter of what it did before ZXing.  Small
 * images keep the order measured on the ZXing QR blackbox set: 169 of
 * 179 (ZXing alone 162, the passes after it 7 more; ZXingReader 160).
 * ZXing once more at the end, downscaled and turned as ZXingReader does.
 */
static const struct pass passes[] = {
	{ "zxing-half", 0.5, OP_NONE, 0, 1, PASS_HUGE, READ_ZXING, 300 },
	{ "zxing", 1, OP_NONE, 0, 1, PASS_ANY, READ_ZXING, 0 },
	{ "zxing-sharpen", 1, OP_SHARPEN_MORE, 0, 1, PASS_ANY, READ_ZXING, 0 },
	{ "zxing-sharpen1", 1, OP_SHARPEN, 0, 1, PASS_ANY, READ_ZXING, 0 },
	{ "zxing-double", 2, OP_NONE, 0, 1, PASS_SMALL, READ_ZXING, 0 },
	{ "zxing-sharpen-otsu", 1, OP_SHARPEN_OTSU, 0, 1, PASS_BIG, READ_ZXING, 0 },
	{ "zxing-unsharp-half", 1, OP_UNSHARP_HALF, 0, 1, PASS_BIG, READ_ZXING, 0 },
	{ "plain", 1, OP_NONE, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "double", 2, OP_NONE, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "adaptive", 1, OP_ADAPT, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "double-adaptive", 2, OP_ADAPT, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "unsharp-half", 1, OP_UNSHARP_HALF, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "blur-otsu", 1, OP_BLUR_OTSU, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "blur", 1, OP_BLUR, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "double-sharpen", 2, OP_SHARPEN, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "stretch", 1, OP_STRETCH, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "otsu", 1, OP_OTSU, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "sharpen", 1, OP_SHARPEN, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "rot30", 1, OP_NONE, 30, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "rot-30", 1, OP_NONE, -30, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "rot45", 1, OP_NONE, 45, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "rot15", 1, OP_NONE, 15, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "rot-15", 1, OP_NONE, -15, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "invert", 1, OP_INVERT, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "half-huge", 0.5, OP_NONE, 0, 1, PASS_HUGE, READ_ZBAR, 0 },
	{ "half-invert", 0.5, OP_INVERT, 0, 1, PASS_BIG, READ_ZBAR, 0 },
	{ "triple", 3, OP_NONE, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "double-blur-otsu", 2, OP_BLUR_OTSU, 0, 1, PASS_SMALL, READ_ZBAR, 0 },
	{ "zxing-harder", 1, OP_NONE, 0, 1, PASS_ANY, READ_ZXING_ALL, 0 },
};

struct page_job {
	scan_found *f;
	const scan_opts *o;
	double deadline;
	int page;
	size_t first;   /* index in f->codes of this page's first code */
	int oom;
};

/*
 * Has this code been read already?  The same text where an earlier pass
 * read it (the centre of one box inside the other) is the same code; the
 * same text elsewhere on the page is a second copy, and is reported too
 * (scan.h).
 */
static int
seen(const struct page_job *pj, const char *t, size_t n, const int b[4])
{
	const scan_code *c;
	size_t i;
	int cx = b[0] + b[2] / 2, cy = b[1] + b[3] / 2, ox, oy;

	for (i = pj->first; i < pj->f->n; i++) {
		c = &pj->f->codes[i];
		if (c->len != n || memcmp(c->text, t, n) != 0)
			continue;
		ox = c->x + c->w / 2;
		oy = c->y + c->h / 2;
		if ((cx >= c->x && cx <= c->x + c->w && cy >= c->y &&
		    cy <= c->y + c->h) || (ox >= b[0] && ox <= b[0] + b[2] &&
		    oy >= b[1] && oy <= b[1] + b[3]))
			return 1;
	}
	return 0;
}

/* zbar over one prepared image; m maps its pixels to the page's. */
static int
zscan(struct page_job *pj, const grey *g, const double m[6],
    const char *name, int density)
{
	zbar_image_scanner_t *zs = scanner();
	zbar_image_t *img;
	const zbar_symbol_t *sym;
	int found = 0;

	if (zs == NULL)
		return -1;
	zbar_image_scanner_set_config(zs, 0, ZBAR_CFG_X_DENSITY, density);
	zbar_image_scanner_set_config(zs, 0, ZBAR_CFG_Y_DENSITY, density);
	img = zbar_image_create();
	if (img == NULL)
		return -1;
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)g->w, (unsigned)g->h);
	zbar_image_set_data(img, g->px, (unsigned long)g->w * g->h, NULL);
	if (zbar_scan_image(zs, img) <= 0)
		goto out;
	for (sym = zbar_image_first_symbol(img); sym != NULL;
	    sym = zbar_symbol_next(sym)) {
		const unsigned char *d;
		unsigned len, i, nloc;
		double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
		int box[4];
		char *t = NULL;
		size_t tn;

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
			continue;
		d = (const unsigned char *)zbar_symbol_get_data(sym);
		len = zbar_symbol_get_data_length(sym);
		if (d == NULL || len > SCAN_MAX_TEXT)
			continue;
		if (to_utf8(d, len, &t, &tn) < 0) {
			pj->oom = 1;
			break;
		}
		nloc = zbar_symbol_get_loc_size(sym);
		for (i = 0; i < nloc; i++) {
			double sx = zbar_symbol_get_loc_x(sym, i);
			double sy = zbar_symbol_get_loc_y(sym, i);
			double px = m[0] * sx + m[1] * sy + m[2];
			double py = m[3] * sx + m[4] * sy + m[5];

			x0 = fmin(x0, px);
			y0 = fmin(y0, py);
			x1 = fmax(x1, px);
			y1 = fmax(y1, py);
		}
		if (nloc == 0)
			x0 = y0 = x1 = y1 = 0;
		box[0] = (int)floor(x0);
		box[1] = (int)floor(y0);
		box[2] = (int)ceil(x1 - x0);
		box[3] = (int)ceil(y1 - y0);
		if (seen(pj, t, tn, box)) {
			free(t);
			continue;
		}
		if (found_add(pj->f, SCAN_QR, pj->page, t, tn, box, name) < 0)
			pj->oom = 1;
		free(t);
		if (pj->oom)
			break;
		found++;
	}
out:
	zbar_image_destroy(img);
	return pj->oom ? -1 : found;
}

struct zx_job {
	struct page_job *pj;
	const double *m;
	const char *name;
	int found;
};

/* One code from ZXing: its corners mapped back to the page's pixels. */
static int
zx_code(void *arg, const char *text, size_t len, const int c[8])
{
	struct zx_job *zj = arg;
	const double *m = zj->m;
	double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
	int box[4], i;
	char *t = NULL;
	size_t tn;

	if (len > SCAN_MAX_TEXT)
		return 0;
	if (to_utf8((const unsigned char *)text, len, &t, &tn) < 0) {
		zj->pj->oom = 1;
		return -1;
	}
	for (i = 0; i < 4; i++) {
		double px = m[0] * c[2 * i] + m[1] * c[2 * i + 1] + m[2];
		double py = m[3] * c[2 * i] + m[4] * c[2 * i + 1] + m[5];

		x0 = fmin(x0, px);
		y0 = fmin(y0, py);
		x1 = fmax(x1, px);
		y1 = fmax(y1, py);
	}
	box[0] = (int)floor(x0);
	box[1] = (int)floor(y0);
	box[2] = (int)ceil(x1 - x0);
	box[3] = (int)ceil(y1 - y0);
	if (seen(zj->pj, t, tn, box)) {
		free(t);
		return 0;
	}
	if (found_add(zj->pj->f, SCAN_QR, zj->pj->page, t, tn, box,
	    zj->name) < 0) {
		free(t);
		zj->pj->oom = 1;
		return -1;
	}
	free(t);
	zj->found++;
	return 0;
}

/* ZXing-C++ over one prepared image.  A failure inside ZXing (an
 * exception: out of memory, a bug) is a miss, not an error, unless it
 * was our own allocation that failed. */
static int
zxscan(struct page_job *pj, const grey *g, const double m[6],
    const struct pass *p)
{
	struct zx_job zj = { pj, m, p->name, 0 };

	zx_read(g->px, g->w, g->h, p->reader == READ_ZXING_ALL ? ZX_ALL :
	    ZX_HARDER, zx_code, &zj);
	return pj->oom ? -1 : zj.found;
}

/* One pass's reader over its image. */
static int
read_pass(struct page_job *pj, const grey *g, const double m[6],
    const struct pass *p)
{
	if (p->reader != READ_ZBAR)
		return zxscan(pj, g, m, p);
	return zscan(pj, g, m, p->name, p->density);
}

/* The sharpening amount of an operation that unsharp-masks, else 0. */
static int
sharpens(enum op op)
{
	switch (op) {
	case OP_SHARPEN:
	case OP_SHARPEN_OTSU:
		return 1;
	case OP_SHARPEN_MORE:
	case OP_UNSHARP_HALF:
		return 2;
	default:
		return 0;
	}
}

/*
 * A full-size pass that blurs or sharpens, from the page's blur in
 * *blurred, made by the first of them (a big page's ladder sharpens it
 * four times: one blur instead of four, and no copies of the page).
 * The pixels are the same as grey_blur or grey_sharpen on a copy.
 */
static int
from_blurred(const grey *page, grey *blurred, const struct pass *p,
    grey *g)
{
	size_t n = (size_t)page->w * page->h;

	if (blurred->px == NULL) {
		if (grey_alloc(blurred, page->w, page->h) < 0)
			return -1;
		memcpy(blurred->px, page->px, n);
		if (grey_blur(blurred) < 0) {
			grey_free(blurred);
			return -1;
		}
	}
	if (sharpens(p->op))
		return grey_unsharp(page, blurred, sharpens(p->op), g);
	if (grey_alloc(g, page->w, page->h) < 0)
		return -1;
	memcpy(g->px, blurred->px, n);
	return 0;
}

/* Make the pass's image from the page; m maps it back.  g->px is NULL
 * when the pass takes the page as it is. */
static int
prepare(const grey *page, grey *blurred, const struct pass *p, grey *g,
    double m[6])
{
	grey tmp = { 0, 0, NULL };
	double rm[6];
	int k, radius;

	m[0] = m[4] = 1;
	m[1] = m[2] = m[3] = m[5] = 0;
	g->px = NULL;
	if (p->scale == 1 && p->op == OP_NONE && p->angle == 0)
		return 0;
	k = (int)(1 / p->scale + 0.5);
	if (p->scale == 1 && p->angle == 0 && (sharpens(p->op) ||
	    p->op == OP_BLUR || p->op == OP_BLUR_OTSU)) {
		if (from_blurred(page, blurred, p, g) < 0)
			return -1;
		if (p->op == OP_SHARPEN_OTSU || p->op == OP_BLUR_OTSU)
			grey_otsu(g);
		else if (p->op == OP_UNSHARP_HALF)
			grey_halfway(g);
		return 0;
	}
	if (p->scale < 1 && fabs(1.0 / k - p->scale) < 1e-9) {
		if (grey_shrink(page, k, g) < 0)
			return -1;
		m[0] = m[4] = k;
	} else if (p->scale != 1) {
		if (grey_resample(page, p->scale, g) < 0)
			return -1;
		m[0] = m[4] = 1 / p->scale;
	} else {
		if (grey_alloc(g, page->w, page->h) < 0)
			return -1;
		memcpy(g->px, page->px, (size_t)page->w * page->h);
	}
	switch (p->op) {
	case OP_STRETCH:
		grey_stretch(g);
		break;
	case OP_OTSU:
		grey_otsu(g);
		break;
	case OP_ADAPT:
		radius = (g->w < g->h ? g->w : g->h) / 16;
		if (radius < 7)
			radius = 7;
		if (grey_adaptive(g, radius, 4) < 0)
			goto fail;
		break;
	case OP_BLUR:
		if (grey_blur(g) < 0)
			goto fail;
		break;
	case OP_BLUR_OTSU:
		if (grey_blur(g) < 0)
			goto fail;
		grey_otsu(g);
		break;
	case OP_INVERT:
		grey_invert(g);
		break;
	case OP_SHARPEN:
		if (grey_sharpen(g, 1) < 0)
			goto fail;
		break;
	case OP_SHARPEN_MORE:
		if (grey_sharpen(g, 2) < 0)
			goto fail;
		break;
	case OP_SHARPEN_OTSU:
		if (grey_sharpen(g, 1) < 0)
			goto fail;
		grey_otsu(g);
		break;
	case OP_UNSHARP_HALF:
		if (grey_sharpen(g, 2) < 0)
			goto fail;
		grey_halfway(g);
		break;
	case OP_NONE:
		break;
	}
	if (p->angle != 0) {
		if (grey_rotate(g, p->angle, &tmp, rm) < 0)
			goto fail;
		grey_free(g);
		*g = tmp;
		/* page = m(rm(new)) */
		{
			double a = m[0], d = m[4];

			m[0] = a * rm[0];
			m[1] = a * rm[1];
			m[2] = a * rm[2];
			m[3] = d * rm[3];
			m[4] = d * rm[4];
			m[5] = d * rm[5];
		}
	}
	return 0;
fail:
	grey_free(g);
	return -1;
}

/* Whether a pass makes sense for a page of this size. */
static int
pass_fits(const struct pass *p, int w, int h)
{
	double sw = w * p->scale, sh = h * p->scale;
	int big = (double)w * h >= BIG_PIXELS;

	if (p->sizes == PASS_HUGE) {
		if ((double)w * h < HUGE_PIXELS)
			return 0;
	} else if (!(p->sizes & (big ? PASS_BIG : PASS_SMALL)))
		return 0;
	if (sw < 40 || sh < 40)
		return 0;
	/* Enlarging is for small images. */
	if (p->scale > 1 && sw * sh > 4e6)
		return 0;
	return 1;
}

/* a before b in reading order: rows top down (codes whose tops are less
 * than half a code apart share a row), then left to right. */
static int
reads_before(const scan_code *a, const scan_code *b)
{
	int h = a->h < b->h ? a->h : b->h;

	if (abs(a->y - b->y) * 2 >= h)
		return a->y < b->y;
	return a->x < b->x;
}

/* Insertion sort: stable, and a handful of codes per page. */
static void
reading_order(scan_code *c, size_t n)
{
	size_t i, j;
	scan_code t;

	for (i = 1; i < n; i++) {
		t = c[i];
		for (j = i; j > 0 && reads_before(&t, &c[j - 1]); j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
}

/* Are the codes from index i on at least side pixels a side? */
static int
all_big(const struct page_job *pj, size_t i, int side)
{
	for (; i < pj->f->n; i++)
		if (pj->f->codes[i].w < side || pj->f->codes[i].h < side)
			return 0;
	return 1;
}

static int
scan_page(void *arg, int pageno, const image_page *pg, sg_err *err)
{
	struct page_job *pj = arg;
	const scan_opts *o = pj->o;
	grey page = { pg->w, pg->h, pg->px }, g, blurred = { 0, 0, NULL };
	double m[6];
	int want = o->want > 0 ? o->want : 1, got = 0, held = 0, r;
	size_t i;

	/* Out of time: stop here rather than decode pages not scanned. */
	if (now() > pj->deadline) {
		pj->f->timed_out = 1;
		return 1;
	}
	pj->page = pageno;
	pj->first = pj->f->n;
	pj->f->pages++;
	for (i = 0; i < sizeof passes / sizeof passes[0]; i++) {
		if (!pass_fits(&passes[i], pg->w, pg->h))
			continue;
		if (now() > pj->deadline) {
			pj->f->timed_out = 1;
			break;
		}
		if (prepare(&page, &blurred, &passes[i], &g, m) < 0)
			goto oom;
		pj->f->passes++;
		if (g.px == NULL) {
			/* The page as it is: no copy. */
			r = read_pass(pj, &page, m, &passes[i]);
		} else {
			r = read_pass(pj, &g, m, &passes[i]);
			grey_free(&g);
		}
		if (r < 0)
			goto oom;
		if (r > 0 && passes[i].min_side > 0 &&
		    !all_big(pj, pj->f->n - (size_t)r, passes[i].min_side)) {
			/* kept, and counted once the next pass (the page
			 * at full size) has looked for codes it missed */
			held += r;
			r = 0;
		} else if (held > 0) {
			r += held;
			held = 0;
		}
		got += r;
		if (got >= want && !o->thorough)
			break;
	}
	grey_free(&blurred);
	if (pj->f->n > pj->first + 1)
		reading_order(pj->f->codes + pj->first, pj->f->n - pj->first);
	return 0;
oom:
	grey_free(&blurred);
	sg_err_set(err, "E-SYSTEM", NULL, "page %d: out of memory", pageno);
	return -1;
}

/*
 * Every seal in the Keywords, each once.  segel-render writes the seal
 * alone; other tools join keywords with commas or semicolons.  A seal's
 * base45 holds spaces but never ',', ';' or a line break, so those
 * separate, and each piece that starts with "SG1:" is a seal.
 */
static int
meta_seals(scan_found *f, const char *kw)
{
	const char *p = kw, *e;
	size_t i, n;
	int dup;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == ',' || *p == ';')
			p++;
		e = p + strcspn(p, ",;\r\n");
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 4 && n <= SCAN_MAX_TEXT && memcmp(p, "SG1:", 4) == 0) {
			dup = 0;
			for (i = 0; i < f->n; i++)
				if (f->codes[i].source == SCAN_META &&
				    f->codes[i].len == n &&
				    memcmp(f->codes[i].text, p, n) == 0)
					dup = 1;
			if (!dup && found_add(f, SCAN_META, 0, p, n, NULL,
			    "metadata") < 0)
				return -1;
		}
		p = e;
	}
	return 0;
}

int
scan_buffer(const unsigned char *buf, size_t n, const char *where,
    const scan_opts *o, scan_found *out, sg_err *err)
{
	static const scan_opts none;
	struct page_job pj;
	image_limits lim;
	pdfin_opts po;
	pdfin_meta meta;
	int rc;

	if (o == NULL)
		o = &none;
	memset(&pj, 0, sizeof pj);
	pj.f = out;
	pj.o = o;
	pj.deadline = now() + (o->seconds > 0 ? o->seconds : SCAN_SECONDS);
	out->type = image_sniff(buf, n);
	if (out->type == IMAGE_UNKNOWN) {
		sg_err_set(err, "E-SCAN-FORMAT", where,
		    "not a PNG, JPEG, TIFF, PNM or PDF file");
		return -1;
	}
	if (out->type != IMAGE_PDF) {
		memset(&lim, 0, sizeof lim);
		lim.max_pixels = o->max_pixels;
		lim.max_pages = o->max_pages;
		rc = image_decode(buf, n, where, &lim, scan_page, &pj, err);
		if (rc < 0 && err && err->where[0] == '\0' && where)
			snprintf(err->where, sizeof err->where, "%s", where);
		return rc < 0 ? -1 : 0;
	}
	memset(&po, 0, sizeof po);
	memset(&meta, 0, sizeof meta);
	po.dpi = o->dpi;
	po.max_pixels = o->max_pixels;
	po.max_pages = o->max_pages;
	po.no_raster = o->no_raster;
	rc = pdfin_read(buf, n, where, &po, &meta, scan_page, &pj, err);
	if (!o->no_meta) {
		if (meta.subject != NULL) {
			out->subject = meta.subject;
			meta.subject = NULL;
		}
		out->text = meta.text;
		meta.text = NULL;
		if (meta.keywords != NULL && meta_seals(out, meta.keywords) <
		    0 && rc == 0) {
			sg_err_set(err, "E-SYSTEM", where, "out of memory");
			rc = -1;
		}
	}
	pdfin_meta_clear(&meta);
	if (rc < 0 && err && err->where[0] == '\0' && where)
		snprintf(err->where, sizeof err->where, "%s", where);
	return rc < 0 ? -1 : 0;
}

int
scan_grey(const unsigned char *px, int w, int h, const scan_opts *o,
    scan_found *out, sg_err *err)
{
	static const scan_opts none;
	struct page_job pj;
	image_page pg = { 0, 0, NULL, 1 };

	if (o == NULL)
		o = &none;
	memset(&pj, 0, sizeof pj);
	pj.f = out;
	pj.o = o;
	pj.deadline = now() + (o->seconds > 0 ? o->seconds : SCAN_SECONDS);
	pg.w = w;
	pg.h = h;
	pg.px = (unsigned char *)(uintptr_t)px;
	return scan_page(&pj, 1, &pg, err) < 0 ? -1 : 0;
}

int
scan_file(const char *path, const scan_opts *o, scan_found *out,
    sg_err *err)
{
	unsigned char *buf = NULL;
	size_t n = 0, max = o && o->max_bytes ? o->max_bytes : SCAN_MAX_BYTES;
	int rc;

	if (file_read_all(path, max, FILE_ANY_KIND | FILE_STDIN,
	    "E-SCAN-TOO-BIG", (char **)&buf, &n, err) != 0)
		return -1;
	rc = scan_buffer(buf, n, path, o, out, err);
	free(buf);
	return rc;
}
