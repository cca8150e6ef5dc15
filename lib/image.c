/*
 * image.c - the four image decoders, each feeding grey pages to a callback.
 *
 * libpng and libjpeg report errors by calling a function that must not
 * return: ours longjmp back to a setjmp() in the small function that owns
 * the decoder, and everything that must survive the jump lives in a
 * struct reached through a pointer (never in a local changed after the
 * setjmp).  libtiff takes per-handle handlers (TIFFOpenOptions), so it
 * never touches the process-wide ones.
 */
#include "image.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <tiffio.h>

struct lim {
	size_t max_pixels;
	int max_pages, max_side;
	int colour;
};

static void
lim_get(struct lim *l, const image_limits *in)
{
	l->max_pixels = in && in->max_pixels ? in->max_pixels :
	    IMAGE_MAX_PIXELS;
	l->max_pages = in && in->max_pages > 0 ? in->max_pages :
	    IMAGE_MAX_PAGES;
	l->max_side = in && in->max_side > 0 ? in->max_side : IMAGE_MAX_SIDE;
	l->colour = in != NULL && in->colour;
}

/* Refuse a page before allocating anything for it. */
static int
lim_check(const struct lim *l, long long w, long long h, const char *kind,
    const char *where, sg_err *err)
{
	if (w <= 0 || h <= 0) {
		sg_err_set(err, "E-IMAGE-CORRUPT", where,
		    "%s: the image has no pixels (%lldx%lld)", kind, w, h);
		return -1;
	}
	if (w > l->max_side || h > l->max_side ||
	    (unsigned long long)w * (unsigned long long)h > l->max_pixels) {
		sg_err_set(err, "E-IMAGE-TOO-BIG", where,
		    "%s: %lldx%lld pixels is over the limit (%zu pixels, "
		    "%d per side)", kind, w, h, l->max_pixels, l->max_side);
		return -1;
	}
	return 0;
}

image_type
image_sniff(const unsigned char *b, size_t n)
{
	size_t i, lim;

	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return IMAGE_PNG;
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return IMAGE_JPEG;
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 ||
	    memcmp(b, "MM\0*", 4) == 0 || memcmp(b, "II+\0", 4) == 0 ||
	    memcmp(b, "MM\0+", 4) == 0))
		return IMAGE_TIFF;
	if (n >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' &&
	    (b[2] == ' ' || b[2] == '\t' || b[2] == '\n' || b[2] == '\r' ||
	    b[2] == '#'))
		return IMAGE_PNM;
	/* The PDF header may follow junk; readers look in the first 1 KiB. */
	lim = n < 1024 ? n : 1024;
	for (i = 0; i + 5 <= lim; i++)
		if (b[i] == '%' && memcmp(b + i, "%PDF-", 5) == 0)
			return IMAGE_PDF;
	return IMAGE_UNKNOWN;
}

const char *
image_type_name(image_type t)
{
	switch (t) {
	case IMAGE_PNG: return "png";
	case IMAGE_JPEG: return "jpeg";
	case IMAGE_TIFF: return "tiff";
	case IMAGE_PNM: return "pnm";
	case IMAGE_PDF: return "pdf";
	default: return "unknown";
	}
}

/* Luma from 8-bit RGB (BT.601 weights, fixed point). */
static unsigned char
luma(unsigned r, unsigned g, unsigned b)
{
	return (unsigned char)((r * 77 + g * 150 + b * 29 + 128) >> 8);
}

/* Composite v with alpha a over white. */
static unsigned char
over_white(unsigned v, unsigned a)
{
	return (unsigned char)((v * a + 255 * (255 - a) + 127) / 255);
}

/* ---- PNG ---- */

struct png_job {
	const unsigned char *buf;
	size_t n, off;
	const struct lim *lim;
	const char *where;
	sg_err *err;
	char msg[200];
	unsigned char *grey, *rows;
	png_bytep *rowp;
	int w, h, och;         /* och: channels out, 1 or 3 */
	int limit_hit;
};

static void
png_on_error(png_structp png, png_const_charp msg)
{
	struct png_job *j = png_get_error_ptr(png);

	snprintf(j->msg, sizeof j->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void
png_on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void
png_on_read(png_structp png, png_bytep out, size_t len)
{
	struct png_job *j = png_get_io_ptr(png);

	if (len > j->n - j->off)
		png_error(png, "the file is truncated");
	memcpy(out, j->buf + j->off, len);
	j->off += len;
}

static void
grey_row(const unsigned char *in, unsigned char *out, int w, int ch)
{
	int x;

	switch (ch) {
	case 1:
		memcpy(out, in, (size_t)w);
		break;
	case 2:
		for (x = 0; x < w; x++)
			out[x] = over_white(in[2 * x], in[2 * x + 1]);
		break;
	case 3:
		for (x = 0; x < w; x++)
			out[x] = luma(in[3 * x], in[3 * x + 1], in[3 * x + 2]);
		break;
	default:
		for (x = 0; x < w; x++)
			out[x] = over_white(luma(in[4 * x], in[4 * x + 1],
			    in[4 * x + 2]), in[4 * x + 3]);
		break;
	}
}

/* A colour row (ch 3 or 4) as RGB, alpha composited over white. */
static void
rgb_row(const unsigned char *in, unsigned char *out, int w, int ch)
{
	int x, k;

	if (ch == 3) {
		memcpy(out, in, (size_t)w * 3);
		return;
	}
	for (x = 0; x < w; x++)
		for (k = 0; k < 3; k++)
			out[3 * x + k] = over_white(in[4 * x + k], in[4 * x + 3]);
}

static void
png_row(const struct png_job *j, const unsigned char *in, int y, int ch)
{
	if (j->och == 3)
		rgb_row(in, j->grey + (size_t)j->w * 3 * (size_t)y, j->w, ch);
	else
		grey_row(in, j->grey + (size_t)j->w * (size_t)y, j->w, ch);
}

/* Decode into j->grey; -1 with j->msg or j->limit_hit on failure. */
static int
png_load(struct png_job *j)
{
	png_structp png;
	png_infop info;
	volatile int rc = -1;
	int passes, ch, y;
	size_t rowbytes;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_on_error,
	    png_on_warning);
	if (png == NULL) {
		snprintf(j->msg, sizeof j->msg, "out of memory");
		return -1;
	}
	info = png_create_info_struct(png);
	if (info == NULL) {
		snprintf(j->msg, sizeof j->msg, "out of memory");
		goto out;
	}
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_set_read_fn(png, j, png_on_read);
	png_set_user_limits(png, (png_uint_32)j->lim->max_side,
	    (png_uint_32)j->lim->max_side);
	png_set_chunk_malloc_max(png, 8u << 20);
	/* Checksums guard against damage a QR code's own error correction
	 * and the seal's signature catch anyway; skipping them saves a
	 * tenth of the decoding time of a scanned page. */
	png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
	png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
	png_read_info(png, info);
	j->w = (int)png_get_image_width(png, info);
	j->h = (int)png_get_image_height(png, info);
	if (lim_check(j->lim, j->w, j->h, "PNG", j->where, j->err) < 0) {
		j->limit_hit = 1;
		goto out;
	}
	png_set_expand(png);
	png_set_strip_16(png);
	passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	ch = png_get_channels(png, info);
	rowbytes = png_get_rowbytes(png, info);
	if (ch < 1 || ch > 4 || rowbytes != (size_t)j->w * (size_t)ch)
		png_error(png, "unexpected pixel layout");
	j->och = j->lim->colour && ch >= 3 ? 3 : 1;
	j->grey = malloc((size_t)j->w * (size_t)j->h * (size_t)j->och);
	if (j->grey == NULL)
		png_error(png, "out of memory");
	if (passes > 1) {
		/* Interlaced: every pass revisits every row. */
		j->rows = malloc(rowbytes * (size_t)j->h);
		j->rowp = malloc(sizeof *j->rowp * (size_t)j->h);
		if (j->rows == NULL || j->rowp == NULL)
			png_error(png, "out of memory");
		for (y = 0; y < j->h; y++)
			j->rowp[y] = j->rows + rowbytes * (size_t)y;
		png_read_image(png, j->rowp);
		for (y = 0; y < j->h; y++)
			png_row(j, j->rowp[y], y, ch);
	} else if (ch == 1) {
		/* Grey already (scans, pdftoppm -gray): each row straight
		 * into its place, no copy. */
		for (y = 0; y < j->h; y++)
			png_read_row(png, j->grey + (size_t)j->w * (size_t)y,
			    NULL);
	} else {
		j->rows = malloc(rowbytes);
		if (j->rows == NULL)
			png_error(png, "out of memory");
		for (y = 0; y < j->h; y++) {
			png_read_row(png, j->rows, NULL);
			png_row(j, j->rows, y, ch);
		}
	}
	rc = 0;
out:
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	return rc;
}

static int
decode_png(const unsigned char *buf, size_t n, const char *where,
    const struct lim *lim, image_page_fn fn, void *arg, sg_err *err)
{
	struct png_job j;
	image_page pg = { 0, 0, NULL, 1 };
	int rc;

	memset(&j, 0, sizeof j);
	j.buf = buf;
	j.n = n;
	j.lim = lim;
	j.where = where;
	j.err = err;
	rc = png_load(&j);
	free(j.rows);
	free(j.rowp);
	j.rows = NULL;
	if (rc < 0) {
		if (!j.limit_hit)
			sg_err_set(err, "E-IMAGE-CORRUPT", where, "PNG: %s",
			    j.msg);
		goto out;
	}
	pg.w = j.w;
	pg.h = j.h;
	pg.px = j.grey;
	pg.ch = j.och;
	rc = fn(arg, 1, &pg, err);
out:
	free(j.grey);
	return rc;
}

/* ---- JPEG ---- */

struct jpg_job {
	struct jpeg_error_mgr pub; /* first: libjpeg casts to it */
	struct jpeg_progress_mgr prog;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
	const struct lim *lim;
	const char *where;
	sg_err *err;
	unsigned char *grey, *row;
	int w, h, limit_hit;
	int och;               /* channels out, 1 or 3 */
};

static void
jpg_on_error(j_common_ptr c)
{
	struct jpg_job *j = (struct jpg_job *)c->err;

	(*c->err->format_message)(c, j->msg);
	longjmp(j->jb, 1);
}

static void
jpg_on_output(j_common_ptr c)
{
	(void)c;
}

static void
jpg_on_emit(j_common_ptr c, int level)
{
	(void)c;
	(void)level;
}

/* A progressive JPEG can hold thousands of tiny scans, each a full pass
 * over the coefficients: cap them (libjpeg-turbo's advice). */
static void
jpg_on_progress(j_common_ptr c)
{
	struct jpg_job *j = (struct jpg_job *)c->err;

	if (c->is_decompressor &&
	    ((j_decompress_ptr)c)->input_scan_number > 200) {
		snprintf(j->msg, sizeof j->msg, "too many progressive scans");
		longjmp(j->jb, 1);
	}
}

static int
jpg_load(struct jpg_job *j, const unsigned char *buf, size_t n)
{
	struct jpeg_decompress_struct ci;
	volatile int rc = -1;
	int cmyk;
	JSAMPROW rp;
	unsigned x;

	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&j->pub);
	j->pub.error_exit = jpg_on_error;
	j->pub.output_message = jpg_on_output;
	j->pub.emit_message = jpg_on_emit;
	if (setjmp(j->jb))
		goto out;
	jpeg_create_decompress(&ci);
	j->prog.progress_monitor = jpg_on_progress;
	ci.progress = &j->prog;
	ci.mem->max_memory_to_use = 512L << 20;
	jpeg_mem_src(&ci, buf, (unsigned long)n);
	jpeg_read_header(&ci, TRUE);
	j->w = (int)ci.image_width;
	j->h = (int)ci.image_height;
	if (lim_check(j->lim, ci.image_width, ci.image_height, "JPEG",
	    j->where, j->err) < 0) {
		j->limit_hit = 1;
		goto out;
	}
	cmyk = ci.jpeg_color_space == JCS_CMYK ||
	    ci.jpeg_color_space == JCS_YCCK;
	j->och = j->lim->colour && ci.jpeg_color_space != JCS_GRAYSCALE ?
	    3 : 1;
	ci.out_color_space = cmyk ? JCS_CMYK : j->och == 3 ? JCS_RGB :
	    JCS_GRAYSCALE;
	ci.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&ci);
	if ((int)ci.output_width != j->w || (int)ci.output_height != j->h ||
	    ci.output_components != (cmyk ? 4 : j->och)) {
		snprintf(j->msg, sizeof j->msg, "unexpected output layout");
		goto out;
	}
	j->grey = malloc((size_t)j->w * (size_t)j->h * (size_t)j->och);
	j->row = malloc((size_t)j->w * 4);
	if (j->grey == NULL || j->row == NULL) {
		snprintf(j->msg, sizeof j->msg, "out of memory");
		goto out;
	}
	while (ci.output_scanline < ci.output_height) {
		unsigned char *dst = j->grey + (size_t)j->w * (size_t)j->och *
		    ci.output_scanline;

		rp = cmyk ? j->row : dst;
		if (jpeg_read_scanlines(&ci, &rp, 1) != 1) {
			snprintf(j->msg, sizeof j->msg, "no scanline");
			goto out;
		}
		/* Adobe writes CMYK inverted: each value is 255 - ink. */
		if (cmyk)
			for (x = 0; x < (unsigned)j->w; x++) {
				unsigned k = j->row[4 * x + 3];
				unsigned r = j->row[4 * x] * k / 255;
				unsigned g = j->row[4 * x + 1] * k / 255;
				unsigned b = j->row[4 * x + 2] * k / 255;

				if (j->och == 3) {
					dst[3 * x] = (unsigned char)r;
					dst[3 * x + 1] = (unsigned char)g;
					dst[3 * x + 2] = (unsigned char)b;
				} else
					dst[x] = luma(r, g, b);
			}
	}
	rc = 0;
out:
	jpeg_destroy_decompress(&ci);
	return rc;
}

static int
decode_jpeg(const unsigned char *buf, size_t n, const char *where,
    const struct lim *lim, image_page_fn fn, void *arg, sg_err *err)
{
	struct jpg_job *j;
	image_page pg = { 0, 0, NULL, 1 };
	int rc;

	/* Heap, not stack: the struct holds a jmp_buf and a message. */
	j = calloc(1, sizeof *j);
	if (j == NULL) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		return -1;
	}
	j->lim = lim;
	j->where = where;
	j->err = err;
	rc = jpg_load(j, buf, n);
	free(j->row);
	if (rc < 0) {
		if (!j->limit_hit)
			sg_err_set(err, "E-IMAGE-CORRUPT", where, "JPEG: %s",
			    j->msg);
		goto out;
	}
	pg.w = j->w;
	pg.h = j->h;
	pg.px = j->grey;
	pg.ch = j->och;
	rc = fn(arg, 1, &pg, err);
out:
	free(j->grey);
	free(j);
	return rc;
}

/* ---- TIFF ---- */

struct tif_src {
	const unsigned char *buf;
	uint64_t n, off;
	char msg[256];
};

static tmsize_t
tif_read(thandle_t h, void *out, tmsize_t len)
{
	struct tif_src *s = h;
	uint64_t left = s->off < s->n ? s->n - s->off : 0;

	if (len < 0)
		return -1;
	if ((uint64_t)len > left)
		len = (tmsize_t)left;
	memcpy(out, s->buf + s->off, (size_t)len);
	s->off += (uint64_t)len;
	return len;
}

static tmsize_t
tif_write(thandle_t h, void *in, tmsize_t len)
{
	(void)h;
	(void)in;
	(void)len;
	return -1;
}

static toff_t
tif_seek(thandle_t h, toff_t off, int whence)
{
	struct tif_src *s = h;
	uint64_t base = whence == SEEK_CUR ? s->off :
	    whence == SEEK_END ? s->n : 0;

	if (off > UINT64_MAX - base)
		return (toff_t)-1;
	s->off = base + off;
	return s->off;
}

static int
tif_close(thandle_t h)
{
	(void)h;
	return 0;
}

static toff_t
tif_size(thandle_t h)
{
	return ((struct tif_src *)h)->n;
}

static int
tif_map(thandle_t h, void **base, toff_t *size)
{
	(void)h;
	(void)base;
	(void)size;
	return 0;
}

static void
tif_unmap(thandle_t h, void *base, toff_t size)
{
	(void)h;
	(void)base;
	(void)size;
}

static int
tif_on_error(TIFF *t, void *user, const char *module, const char *fmt,
    va_list ap)
{
	struct tif_src *s = user;

	(void)t;
	(void)module;
	if (s->msg[0] == '\0')
		vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	return 1;
}

static int
tif_on_warning(TIFF *t, void *user, const char *module, const char *fmt,
    va_list ap)
{
	(void)t;
	(void)user;
	(void)module;
	(void)fmt;
	(void)ap;
	return 1;
}

/* One directory to grey, in chunks of whole strips or tiles. */
static int
tif_page(TIFF *t, struct tif_src *s, int w, int h, unsigned char *grey,
    const char *where, sg_err *err)
{
	TIFFRGBAImage img;
	char emsg[1024] = "";
	uint32_t *raster = NULL, rps = 0, th = 0;
	size_t chunk;
	int rc = -1, y, n, x, r, began = 0;

	if (!TIFFRGBAImageOK(t, emsg) || !TIFFRGBAImageBegin(&img, t, 0,
	    emsg)) {
		sg_err_set(err, "E-IMAGE-CORRUPT", where, "TIFF: %s",
		    emsg[0] ? emsg : s->msg);
		goto out;
	}
	began = 1;
	img.req_orientation = ORIENTATION_TOPLEFT;
	/* Whole strips (or tile rows) per call, or each call would decode
	 * the strip again. */
	if (TIFFIsTiled(t))
		TIFFGetField(t, TIFFTAG_TILELENGTH, &th);
	else
		TIFFGetFieldDefaulted(t, TIFFTAG_ROWSPERSTRIP, &rps);
	chunk = th ? th : rps;
	if (chunk < 64)
		chunk = 64;
	if (chunk > (size_t)h)
		chunk = (size_t)h;
	raster = malloc((size_t)w * chunk * sizeof *raster);
	if (raster == NULL) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		goto out;
	}
	for (y = 0; y < h; y += n) {
		n = h - y < (int)chunk ? h - y : (int)chunk;
		img.row_offset = y;
		img.col_offset = 0;
		if (!TIFFRGBAImageGet(&img, raster, (uint32_t)w,
		    (uint32_t)n)) {
			sg_err_set(err, "E-IMAGE-CORRUPT", where, "TIFF: %s",
			    s->msg[0] ? s->msg : "cannot read the pixels");
			goto out;
		}
		for (r = 0; r < n; r++) {
			const uint32_t *in = raster + (size_t)w * r;
			unsigned char *o = grey + (size_t)w * (y + r);

			for (x = 0; x < w; x++)
				o[x] = over_white(luma(TIFFGetR(in[x]),
				    TIFFGetG(in[x]), TIFFGetB(in[x])),
				    TIFFGetA(in[x]));
		}
	}
	rc = 0;
out:
	if (began)
		TIFFRGBAImageEnd(&img);
	free(raster);
	return rc;
}

static int
decode_tiff(const unsigned char *buf, size_t n, const char *where,
    const struct lim *lim, image_page_fn fn, void *arg, sg_err *err)
{
	struct tif_src s;
	TIFFOpenOptions *opt = NULL;
	TIFF *t = NULL;
	unsigned char *grey = NULL;
	image_page pg = { 0, 0, NULL, 1 };
	uint32_t w, h, sub;
	int rc = -1, page = 0, dirs = 0;

	memset(&s, 0, sizeof s);
	s.buf = buf;
	s.n = n;
	opt = TIFFOpenOptionsAlloc();
	if (opt == NULL) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		goto out;
	}
	TIFFOpenOptionsSetMaxSingleMemAlloc(opt, (tmsize_t)256 << 20);
	TIFFOpenOptionsSetErrorHandlerExtR(opt, tif_on_error, &s);
	TIFFOpenOptionsSetWarningHandlerExtR(opt, tif_on_warning, &s);
	t = TIFFClientOpenExt(where ? where : "tiff", "rm", &s, tif_read,
	    tif_write, tif_seek, tif_close, tif_size, tif_map, tif_unmap,
	    opt);
	if (t == NULL) {
		sg_err_set(err, "E-IMAGE-CORRUPT", where, "TIFF: %s",
		    s.msg[0] ? s.msg : "cannot open");
		goto out;
	}
	do {
		/* Thumbnails and masks beside the pages are not pages, but
		 * every directory costs: bound them too. */
		if (++dirs > 4 * lim->max_pages) {
			sg_err_set(err, "E-IMAGE-TOO-BIG", where,
			    "TIFF: more than %d directories",
			    4 * lim->max_pages);
			goto out;
		}
		sub = 0;
		TIFFGetField(t, TIFFTAG_SUBFILETYPE, &sub);
		if (sub & (FILETYPE_REDUCEDIMAGE | FILETYPE_MASK))
			continue;
		if (++page > lim->max_pages) {
			sg_err_set(err, "E-IMAGE-TOO-BIG", where,
			    "TIFF: more than %d pages", lim->max_pages);
			goto out;
		}
		w = h = 0;
		TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
		TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
		if (lim_check(lim, w, h, "TIFF", where, err) < 0)
			goto out;
		grey = malloc((size_t)w * h);
		if (grey == NULL) {
			sg_err_set(err, "E-SYSTEM", where, "out of memory");
			goto out;
		}
		if (tif_page(t, &s, (int)w, (int)h, grey, where, err) < 0)
			goto out;
		pg.w = (int)w;
		pg.h = (int)h;
		pg.px = grey;
		rc = fn(arg, page, &pg, err);
		free(grey);
		grey = NULL;
		if (rc != 0)
			goto out;
		rc = -1;
	} while (TIFFReadDirectory(t));
	if (page == 0) {
		sg_err_set(err, "E-IMAGE-CORRUPT", where, "TIFF: no pages");
		goto out;
	}
	rc = 0;
out:
	free(grey);
	if (t != NULL)
		TIFFClose(t);
	if (opt != NULL)
		TIFFOpenOptionsFree(opt);
	return rc;
}

/* ---- PNM (P1-P6), by hand ---- */

struct pnm {
	const unsigned char *b;
	size_t n, off;
};

static int
pnm_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Skip blanks and # comments. */
static void
pnm_skip(struct pnm *p)
{
	while (p->off < p->n) {
		if (p->b[p->off] == '#') {
			while (p->off < p->n && p->b[p->off] != '\n' &&
			    p->b[p->off] != '\r')
				p->off++;
		} else if (pnm_space(p->b[p->off])) {
			p->off++;
		} else {
			break;
		}
	}
}

/* A decimal number up to max; -1 when there is none or it is larger. */
static long
pnm_num(struct pnm *p, long max)
{
	long v = 0;
	int any = 0;

	pnm_skip(p);
	while (p->off < p->n && p->b[p->off] >= '0' && p->b[p->off] <= '9') {
		v = v * 10 + (p->b[p->off++] - '0');
		any = 1;
		if (v > max)
			return -1;
	}
	return any ? v : -1;
}

/* One plain (ASCII) bit of P1: a 0 or 1, spaces optional. */
static int
pnm_bit(struct pnm *p)
{
	pnm_skip(p);
	if (p->off < p->n && (p->b[p->off] == '0' || p->b[p->off] == '1'))
		return p->b[p->off++] - '0';
	return -1;
}

static int
decode_pnm(const unsigned char *buf, size_t n, const char *where,
    const struct lim *lim, image_page_fn fn, void *arg, sg_err *err)
{
	struct pnm p = { buf, n, 2 };
	unsigned char *grey = NULL;
	image_page pg = { 0, 0, NULL, 1 };
	long w, h, maxv = 1, v[3];
	int kind = buf[1] - '0', rc = -1, c, ch, bps;
	size_t i, npx, need, x, y, stride;

	w = pnm_num(&p, INT_MAX);
	h = pnm_num(&p, INT_MAX);
	if (kind != 1 && kind != 4)
		maxv = pnm_num(&p, 65535);
	if (w < 0 || h < 0 || maxv < 1) {
		sg_err_set(err, "E-IMAGE-CORRUPT", where,
		    "PNM: bad header");
		goto out;
	}
	if (lim_check(lim, w, h, "PNM", where, err) < 0)
		goto out;
	npx = (size_t)w * (size_t)h;
	ch = kind == 3 || kind == 6 ? 3 : 1;
	if (kind >= 4) {
		/* Exactly one blank after the header, then binary. */
		if (p.off >= n || !pnm_space(buf[p.off])) {
			sg_err_set(err, "E-IMAGE-CORRUPT", where,
			    "PNM: bad header");
			goto out;
		}
		p.off++;
		bps = maxv > 255 ? 2 : 1;
		stride = kind == 4 ? ((size_t)w + 7) / 8 :
		    (size_t)w * ch * bps;
		need = stride * (size_t)h;
		if (n - p.off < need) {
			sg_err_set(err, "E-IMAGE-CORRUPT", where,
			    "PNM: the file is truncated");
			goto out;
		}
	} else {
		/* Plain: at least one byte per sample. */
		bps = 0;
		stride = 0;
		if ((n - p.off) / ch < npx) {
			sg_err_set(err, "E-IMAGE-CORRUPT", where,
			    "PNM: the file is truncated");
			goto out;
		}
	}
	grey = malloc(npx);
	if (grey == NULL) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		goto out;
	}
	for (y = 0; y < (size_t)h; y++) {
		const unsigned char *row = buf + p.off + stride * y;

		for (x = 0; x < (size_t)w; x++) {
			if (kind == 1) {
				if ((v[0] = pnm_bit(&p)) < 0)
					goto short_plain;
				grey[y * w + x] = v[0] ? 0 : 255;
				continue;
			}
			if (kind == 4) {
				grey[y * w + x] = (row[x / 8] >>
				    (7 - x % 8)) & 1 ? 0 : 255;
				continue;
			}
			for (c = 0; c < ch; c++) {
				if (kind <= 3) {
					v[c] = pnm_num(&p, maxv);
					if (v[c] < 0)
						goto short_plain;
				} else if (bps == 1) {
					v[c] = row[x * ch + c];
				} else {
					i = (x * ch + c) * 2;
					v[c] = row[i] << 8 | row[i + 1];
				}
				if (v[c] > maxv)
					v[c] = maxv;
				v[c] = v[c] * 255 / maxv;
			}
			grey[y * w + x] = ch == 1 ? (unsigned char)v[0] :
			    luma(v[0], v[1], v[2]);
		}
	}
	pg.w = (int)w;
	pg.h = (int)h;
	pg.px = grey;
	rc = fn(arg, 1, &pg, err);
	goto out;
short_plain:
	sg_err_set(err, "E-IMAGE-CORRUPT", where,
	    "PNM: the file is truncated or holds a bad sample");
out:
	free(grey);
	return rc;
}

int
image_decode(const unsigned char *buf, size_t n, const char *where,
    const image_limits *limits, image_page_fn fn, void *arg, sg_err *err)
{
	struct lim lim;

	lim_get(&lim, limits);
	switch (image_sniff(buf, n)) {
	case IMAGE_PNG:
		return decode_png(buf, n, where, &lim, fn, arg, err);
	case IMAGE_JPEG:
		return decode_jpeg(buf, n, where, &lim, fn, arg, err);
	case IMAGE_TIFF:
		return decode_tiff(buf, n, where, &lim, fn, arg, err);
	case IMAGE_PNM:
		return decode_pnm(buf, n, where, &lim, fn, arg, err);
	default:
		sg_err_set(err, "E-IMAGE-FORMAT", where,
		    "not a PNG, JPEG, TIFF or PNM image");
		return -1;
	}
}
