/*
 * test_image.c - the image loaders: each format written here with its own
 * library (or by hand for PNM), read back through image_decode(), pixels
 * compared; the bounds; damaged files are errors, not crashes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>
#include <tiffio.h>

#include "image.h"
#include "t.h"

#define W 37
#define H 23

/* The test picture: a diagonal ramp, grey level at (x, y). */
static unsigned char
pat(int x, int y, int salt)
{
	return (unsigned char)((x * 5 + y * 3 + salt * 40) & 255);
}

struct got {
	int pages, w[8], h[8];
	unsigned char first[8], last[8];
	int diff[8]; /* largest difference from pat() */
	int salt0;   /* pat salt of page 1 */
};

static int
take(void *arg, int page, const image_page *pg, sg_err *err)
{
	struct got *g = arg;
	int x, y, d, i = page - 1;

	(void)err;
	g->pages = page;
	if (i >= 8)
		return 0;
	g->w[i] = pg->w;
	g->h[i] = pg->h;
	g->first[i] = pg->px[0];
	g->last[i] = pg->px[(size_t)pg->w * pg->h - 1];
	g->diff[i] = 0;
	if (pg->w != W || pg->h != H)
		return 0;
	for (y = 0; y < pg->h; y++)
		for (x = 0; x < pg->w; x++) {
			d = abs(pg->px[y * pg->w + x] - pat(x, y, g->salt0 + i));
			if (d > g->diff[i])
				g->diff[i] = d;
		}
	return 0;
}

/* ---- writers ---- */

struct mem {
	unsigned char *b;
	size_t n, cap;
};

static void
mem_put(struct mem *m, const void *p, size_t n)
{
	if (m->n + n > m->cap) {
		m->cap = (m->n + n) * 2;
		m->b = realloc(m->b, m->cap);
	}
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
png_put(png_structp png, png_bytep p, size_t n)
{
	mem_put(png_get_io_ptr(png), p, n);
}

static void
png_flush_nop(png_structp png)
{
	(void)png;
}

/* kind: 0 grey, 1 RGB, 2 grey+alpha (opaque), 3 16-bit grey,
 * 4 interlaced grey, 5 palette. */
static struct mem
make_png(int kind)
{
	struct mem m = { NULL, 0, 0 };
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING,
	    NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	unsigned char row[W * 4];
	png_color pal[256];
	int x, y, ct, depth = 8, pass, npass, i;

	png_set_write_fn(png, &m, png_put, png_flush_nop);
	ct = kind == 1 ? PNG_COLOR_TYPE_RGB : kind == 2 ?
	    PNG_COLOR_TYPE_GRAY_ALPHA : kind == 5 ? PNG_COLOR_TYPE_PALETTE :
	    PNG_COLOR_TYPE_GRAY;
	if (kind == 3)
		depth = 16;
	png_set_IHDR(png, info, W, H, depth, ct, kind == 4 ?
	    PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (kind == 5) {
		for (i = 0; i < 256; i++)
			pal[i].red = pal[i].green = pal[i].blue =
			    (png_byte)i;
		png_set_PLTE(png, info, pal, 256);
	}
	png_write_info(png, info);
	npass = kind == 4 ? png_set_interlace_handling(png) : 1;
	for (pass = 0; pass < npass; pass++)
		for (y = 0; y < H; y++) {
			for (x = 0; x < W; x++) {
				unsigned char v = pat(x, y, 0);

				switch (kind) {
				case 1:
					row[3 * x] = row[3 * x + 1] =
					    row[3 * x + 2] = v;
					break;
				case 2:
					row[2 * x] = v;
					row[2 * x + 1] = 255;
					break;
				case 3:
					row[2 * x] = v;
					row[2 * x + 1] = 0x80;
					break;
				default:
					row[x] = v;
				}
			}
			png_write_row(png, row);
		}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return m;
}

static struct mem
make_jpeg(void)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *out = NULL, row[W];
	unsigned long n = 0;
	JSAMPROW rp = row;
	struct mem m;
	int x;

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &n);
	c.image_width = W;
	c.image_height = H;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 100, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < H) {
		for (x = 0; x < W; x++)
			row[x] = pat(x, (int)c.next_scanline, 0);
		jpeg_write_scanlines(&c, &rp, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	m.b = malloc(n);
	memcpy(m.b, out, n);
	m.n = m.cap = n;
	free(out);
	return m;
}

static struct mem
slurp(const char *path)
{
	struct mem m = { NULL, 0, 0 };
	unsigned char buf[4096];
	size_t r;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return m;
	while ((r = fread(buf, 1, sizeof buf, f)) > 0)
		mem_put(&m, buf, r);
	fclose(f);
	return m;
}

/* pages grey pages (salts 0..pages-1), a thumbnail directory after the
 * first; rgb: the second page in RGB. */
static struct mem
make_tiff(int pages, int thumb)
{
	char path[] = "/tmp/test_image_XXXXXX";
	unsigned char row[W * 3];
	struct mem m;
	TIFF *t;
	int fd, p, x, y, spp;

	fd = mkstemp(path);
	close(fd);
	t = TIFFOpen(path, "w");
	for (p = 0; p < pages; p++) {
		spp = p == 1 ? 3 : 1;
		TIFFSetField(t, TIFFTAG_IMAGEWIDTH, W);
		TIFFSetField(t, TIFFTAG_IMAGELENGTH, H);
		TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
		TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, spp);
		TIFFSetField(t, TIFFTAG_PHOTOMETRIC, spp == 3 ?
		    PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
		TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
		TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
		TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 5);
		TIFFSetField(t, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
		for (y = 0; y < H; y++) {
			for (x = 0; x < W; x++)
				row[spp * x] = row[spp * x + spp / 2] =
				    row[spp * x + spp - 1] = pat(x, y, p);
			TIFFWriteScanline(t, row, (uint32_t)y, 0);
		}
		TIFFWriteDirectory(t);
		if (thumb && p == 0) {
			TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 4);
			TIFFSetField(t, TIFFTAG_IMAGELENGTH, 4);
			TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
			TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
			TIFFSetField(t, TIFFTAG_PHOTOMETRIC,
			    PHOTOMETRIC_MINISBLACK);
			TIFFSetField(t, TIFFTAG_SUBFILETYPE,
			    FILETYPE_REDUCEDIMAGE);
			memset(row, 7, sizeof row);
			for (y = 0; y < 4; y++)
				TIFFWriteScanline(t, row, (uint32_t)y, 0);
			TIFFWriteDirectory(t);
		}
	}
	TIFFClose(t);
	m = slurp(path);
	unlink(path);
	return m;
}

static struct mem
make_pnm(int kind, int maxval)
{
	struct mem m = { NULL, 0, 0 };
	char hdr[64], num[16];
	int x, y, c, ch = kind == 3 || kind == 6 ? 3 : 1;
	unsigned char b[2];

	snprintf(hdr, sizeof hdr, "P%d\n# a comment\n%d %d\n%d\n", kind, W, H,
	    maxval);
	mem_put(&m, hdr, strlen(hdr));
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			for (c = 0; c < ch; c++) {
				unsigned v = pat(x, y, 0) * (unsigned)maxval /
				    255;

				if (kind <= 3) {
					snprintf(num, sizeof num, "%u%c", v,
					    x % 8 == 7 ? '\n' : ' ');
					mem_put(&m, num, strlen(num));
				} else if (maxval > 255) {
					b[0] = (unsigned char)(v >> 8);
					b[1] = (unsigned char)v;
					mem_put(&m, b, 2);
				} else {
					b[0] = (unsigned char)v;
					mem_put(&m, b, 1);
				}
			}
	return m;
}

static void
check_decode(const char *name, struct mem m, int pages, int tol)
{
	struct got g;
	sg_err e;
	char n2[80];
	int rc, i;

	memset(&g, 0, sizeof g);
	sg_err_clear(&e);
	rc = image_decode(m.b, m.n, "x", NULL, take, &g, &e);
	T_OK(name, rc == 0 && g.pages == pages, "rc %d pages %d: %s %s", rc,
	    g.pages, e.code, e.message);
	for (i = 0; i < pages && i < 8; i++) {
		snprintf(n2, sizeof n2, "%s.page%d", name, i + 1);
		T_OK(n2, g.w[i] == W && g.h[i] == H && g.diff[i] <= tol,
		    "%dx%d, off by up to %d", g.w[i], g.h[i], g.diff[i]);
	}
	free(m.b);
}

static void
check_error(const char *name, const unsigned char *b, size_t n,
    const image_limits *lim, const char *code)
{
	struct got g;
	sg_err e;
	int rc;

	memset(&g, 0, sizeof g);
	sg_err_clear(&e);
	rc = image_decode(b, n, "bad", lim, take, &g, &e);
	T_OK(name, rc < 0 && strcmp(e.code, code) == 0 &&
	    strcmp(e.where, "bad") == 0, "rc %d code %s (%s), want %s", rc,
	    e.code, e.message, code);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *bytes;
		size_t n;
		image_type t;
	} sniffs[] = {
		{ "\x89PNG\r\n\x1a\n", 8, IMAGE_PNG },
		{ "\xff\xd8\xff\xe0", 4, IMAGE_JPEG },
		{ "II*\0", 4, IMAGE_TIFF },
		{ "MM\0*", 4, IMAGE_TIFF },
		{ "P5\n", 3, IMAGE_PNM },
		{ "P7\n", 3, IMAGE_UNKNOWN },
		{ "%PDF-1.4", 8, IMAGE_PDF },
		{ "junk\n%PDF-1.7", 13, IMAGE_PDF },
		{ "GIF89a", 6, IMAGE_UNKNOWN },
		{ "", 0, IMAGE_UNKNOWN },
	};
	image_limits lim;
	struct mem m;
	char name[64];
	size_t i;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof sniffs / sizeof sniffs[0]; i++) {
		snprintf(name, sizeof name, "sniff#%zu", i + 1);
		T_OK(name, image_sniff((const unsigned char *)sniffs[i].bytes,
		    sniffs[i].n) == sniffs[i].t, "got %s",
		    image_type_name(image_sniff((const unsigned char *)
		    sniffs[i].bytes, sniffs[i].n)));
	}

	check_decode("png#1-grey", make_png(0), 1, 0);
	check_decode("png#2-rgb", make_png(1), 1, 1);
	check_decode("png#3-grey-alpha", make_png(2), 1, 0);
	check_decode("png#4-16bit", make_png(3), 1, 0);
	check_decode("png#5-interlaced", make_png(4), 1, 0);
	check_decode("png#6-palette", make_png(5), 1, 0);
	check_decode("jpeg#1-grey", make_jpeg(), 1, 3);
	check_decode("tiff#1-three-pages", make_tiff(3, 0), 3, 1);
	check_decode("tiff#2-thumbnail-skipped", make_tiff(2, 1), 2, 1);
	check_decode("pnm#1-P2", make_pnm(2, 255), 1, 0);
	check_decode("pnm#2-P3", make_pnm(3, 255), 1, 1);
	check_decode("pnm#3-P5", make_pnm(5, 255), 1, 0);
	check_decode("pnm#4-P6", make_pnm(6, 255), 1, 1);
	check_decode("pnm#5-P5-16bit", make_pnm(5, 65535), 1, 1);
	check_decode("pnm#6-P5-maxval-15", make_pnm(5, 15), 1, 17);

	/* Bilevel PNM: 1 is black. */
	{
		static const unsigned char p4[] = "P4\n9 2\n\x80\x00\x7f\x80";
		static const unsigned char p1[] = "P1 3 1 1 0 1";
		struct got g;
		sg_err e;

		memset(&g, 0, sizeof g);
		T_OK("pnm#7-P4", image_decode(p4, sizeof p4 - 1, "x", NULL,
		    take, &g, &e) == 0 && g.w[0] == 9 && g.h[0] == 2 &&
		    g.first[0] == 0 && g.last[0] == 0, "%dx%d %d %d", g.w[0],
		    g.h[0], g.first[0], g.last[0]);
		memset(&g, 0, sizeof g);
		T_OK("pnm#8-P1", image_decode(p1, sizeof p1 - 1, "x", NULL,
		    take, &g, &e) == 0 && g.w[0] == 3 && g.first[0] == 0 &&
		    g.last[0] == 0, "%dx%d", g.w[0], g.h[0]);
	}

	/* Errors. */
	check_error("error#1-format", (const unsigned char *)"hello", 5, NULL,
	    "E-IMAGE-FORMAT");
	check_error("error#2-pnm-huge", (const unsigned char *)
	    "P5 100000 100000 255\n", 21, NULL, "E-IMAGE-TOO-BIG");
	/* a 50-megapixel phone photo's size is under the default limit
	 * (the header passes; the missing pixels are what is wrong), one
	 * of 52.5 million is over it */
	check_error("error#2-pnm-50mp", (const unsigned char *)
	    "P5 8160 6120 255\n", 17, NULL, "E-IMAGE-CORRUPT");
	check_error("error#2-pnm-52mp", (const unsigned char *)
	    "P5 8200 6400 255\n", 17, NULL, "E-IMAGE-TOO-BIG");
	check_error("error#3-pnm-truncated", (const unsigned char *)
	    "P5 10 10 255\nabc", 16, NULL, "E-IMAGE-CORRUPT");
	check_error("error#4-pnm-no-header", (const unsigned char *)"P5 ",
	    3, NULL, "E-IMAGE-CORRUPT");
	m = make_png(0);
	check_error("error#5-png-truncated", m.b, m.n / 2, NULL,
	    "E-IMAGE-CORRUPT");
	memset(&lim, 0, sizeof lim);
	lim.max_pixels = W * H - 1;
	check_error("error#6-png-over-limit", m.b, m.n, &lim,
	    "E-IMAGE-TOO-BIG");
	free(m.b);
	m = make_jpeg();
	check_error("error#7-jpeg-truncated", m.b, 300 < m.n ? 300 : m.n / 2,
	    NULL, "E-IMAGE-CORRUPT");
	check_error("error#8-jpeg-over-limit", m.b, m.n, &lim,
	    "E-IMAGE-TOO-BIG");
	free(m.b);
	m = make_tiff(3, 0);
	memset(&lim, 0, sizeof lim);
	lim.max_pages = 2;
	check_error("error#9-tiff-pages", m.b, m.n, &lim, "E-IMAGE-TOO-BIG");
	check_error("error#10-tiff-truncated", m.b, 40, NULL,
	    "E-IMAGE-CORRUPT");
	free(m.b);
	lim.max_pages = 0;
	lim.max_side = 10;
	check_error("error#11-pnm-side", (const unsigned char *)
	    "P5 11 1 255\n01234567890", 23, &lim, "E-IMAGE-TOO-BIG");
	return T_DONE();
}
