/*
 * grey.c - operations on 8-bit grey pixels, for the scanner's ladder of
 * clean-ups (scan.c): scaling, contrast, thresholds, blur, sharpening,
 * rotation.  Pure functions of the pixels: no I/O, no decoder.
 */
#include "grey.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
grey_free(grey *g)
{
	free(g->px);
	g->px = NULL;
}

int
grey_alloc(grey *g, int w, int h)
{
	g->w = w;
	g->h = h;
	g->px = malloc((size_t)w * (size_t)h);
	return g->px ? 0 : -1;
}

/* Shrink by an integer factor k, averaging k*k blocks. */
int
grey_shrink(const grey *in, int k, grey *out)
{
	int x, y, i, j, w = in->w / k, h = in->h / k;
	unsigned *acc;

	if (grey_alloc(out, w, h) < 0)
		return -1;
	acc = calloc((size_t)w, sizeof *acc);
	if (acc == NULL) {
		grey_free(out);
		return -1;
	}
	for (y = 0; y < h; y++) {
		memset(acc, 0, (size_t)w * sizeof *acc);
		for (j = 0; j < k; j++) {
			const unsigned char *r = in->px +
			    (size_t)in->w * (y * k + j);

			for (x = 0; x < w; x++)
				for (i = 0; i < k; i++)
					acc[x] += r[x * k + i];
		}
		for (x = 0; x < w; x++)
			out->px[(size_t)w * y + x] =
			    (unsigned char)(acc[x] / (unsigned)(k * k));
	}
	free(acc);
	return 0;
}

/* Bilinear resampling by factor s (any size), edges clamped. */
int
grey_resample(const grey *in, double s, grey *out)
{
	int x, y, w = (int)(in->w * s), h = (int)(in->h * s);

	if (w < 1 || h < 1 || grey_alloc(out, w, h) < 0)
		return -1;
	for (y = 0; y < h; y++) {
		double fy = (y + 0.5) / s - 0.5;
		int y0 = (int)floor(fy), y1;
		double dy = fy - y0;

		if (y0 < 0) {
			y0 = 0;
			dy = 0;
		}
		y1 = y0 + 1 < in->h ? y0 + 1 : in->h - 1;
		if (y0 > in->h - 1)
			y0 = in->h - 1;
		for (x = 0; x < w; x++) {
			double fx = (x + 0.5) / s - 0.5, dx, v;
			int x0 = (int)floor(fx), x1;
			const unsigned char *r0, *r1;

			if (x0 < 0) {
				x0 = 0;
				fx = 0;
			}
			if (x0 > in->w - 1)
				x0 = in->w - 1;
			dx = fx - x0;
			if (dx < 0)
				dx = 0;
			x1 = x0 + 1 < in->w ? x0 + 1 : in->w - 1;
			r0 = in->px + (size_t)in->w * y0;
			r1 = in->px + (size_t)in->w * y1;
			v = (r0[x0] * (1 - dx) + r0[x1] * dx) * (1 - dy) +
			    (r1[x0] * (1 - dx) + r1[x1] * dx) * dy;
			out->px[(size_t)w * y + x] = (unsigned char)(v + 0.5);
		}
	}
	return 0;
}

static void
grey_histogram(const grey *g, unsigned long hist[256])
{
	size_t i, n = (size_t)g->w * g->h;

	memset(hist, 0, 256 * sizeof *hist);
	for (i = 0; i < n; i++)
		hist[g->px[i]]++;
}

/* Map the 1st..99th percentile onto 0..255. */
void
grey_stretch(grey *g)
{
	unsigned long hist[256], acc = 0, n = (unsigned long)g->w * g->h;
	unsigned char map[256];
	int lo = 0, hi = 255, v;
	size_t i;

	grey_histogram(g, hist);
	for (lo = 0; lo < 255 && (acc += hist[lo]) <= n / 100; lo++)
		;
	acc = 0;
	for (hi = 255; hi > 0 && (acc += hist[hi]) <= n / 100; hi--)
		;
	if (hi <= lo)
		return;
	for (v = 0; v < 256; v++)
		map[v] = v <= lo ? 0 : v >= hi ? 255 :
		    (unsigned char)((v - lo) * 255 / (hi - lo));
	for (i = 0; i < n; i++)
		g->px[i] = map[g->px[i]];
}

void
grey_otsu(grey *g)
{
	unsigned long hist[256], n = (unsigned long)g->w * g->h, wb = 0;
	double sum = 0, sumb = 0, best = -1, between, mb, mf;
	int t, thr = 128;
	size_t i;

	grey_histogram(g, hist);
	for (t = 0; t < 256; t++)
		sum += (double)t * hist[t];
	for (t = 0; t < 256; t++) {
		wb += hist[t];
		if (wb == 0)
			continue;
		if (wb == n)
			break;
		sumb += (double)t * hist[t];
		mb = sumb / wb;
		mf = (sum - sumb) / (n - wb);
		between = (double)wb * (n - wb) * (mb - mf) * (mb - mf);
		if (between > best) {
			best = between;
			thr = t;
		}
	}
	for (i = 0; i < n; i++)
		g->px[i] = g->px[i] <= thr ? 0 : 255;
}

/*
 * Local threshold: dark where a pixel is darker than the mean of the
 * window around it by more than a little.  Windows of 1/8 of the short
 * side (at least 15 pixels) follow uneven light across a photo.
 */
int
grey_adaptive(grey *g, int radius, int bias)
{
	int w = g->w, h = g->h, x, y, x0, x1, y0, y1;
	uint32_t *ii;
	unsigned char *out;
	size_t stride = (size_t)w + 1;

	ii = calloc(stride * (size_t)(h + 1), sizeof *ii);
	out = malloc((size_t)w * h);
	if (ii == NULL || out == NULL) {
		free(ii);
		free(out);
		return -1;
	}
	for (y = 0; y < h; y++) {
		uint32_t row = 0;

		for (x = 0; x < w; x++) {
			row += g->px[(size_t)w * y + x];
			ii[stride * (y + 1) + x + 1] = ii[stride * y + x + 1] +
			    row;
		}
	}
	for (y = 0; y < h; y++) {
		y0 = y - radius < 0 ? 0 : y - radius;
		y1 = y + radius + 1 > h ? h : y + radius + 1;
		for (x = 0; x < w; x++) {
			uint32_t s;
			int area;

			x0 = x - radius < 0 ? 0 : x - radius;
			x1 = x + radius + 1 > w ? w : x + radius + 1;
			s = ii[stride * y1 + x1] - ii[stride * y0 + x1] -
			    ii[stride * y1 + x0] + ii[stride * y0 + x0];
			area = (x1 - x0) * (y1 - y0);
			out[(size_t)w * y + x] =
			    (int)g->px[(size_t)w * y + x] * area + bias * area <
			    (int64_t)s ? 0 : 255;
		}
	}
	free(ii);
	free(g->px);
	g->px = out;
	return 0;
}

/* 3x3 box blur: halftone dots and sensor noise become grey.  Column
 * sums of three rows, then three of them side by side; inside the page
 * the sum of 9 pixels (at most 2295) is divided by 9 as (s * 7282) >> 16,
 * exact in that range; at the edges by the pixels there are.  The same
 * values as the plain nine-pixel loop (test_grey.c), in a fraction of its
 * time: the sharpening passes rest on it. */
int
grey_blur(grey *g)
{
	int w = g->w, h = g->h, x, y;
	unsigned char *out = malloc((size_t)w * h);
	unsigned short *col = malloc(sizeof *col * (size_t)(w > 0 ? w : 1));

	if (out == NULL || col == NULL) {
		free(out);
		free(col);
		return -1;
	}
	for (y = 0; y < h; y++) {
		const unsigned char *r = g->px + (size_t)w * y;
		const unsigned char *up = y > 0 ? r - w : NULL;
		const unsigned char *dn = y + 1 < h ? r + w : NULL;
		unsigned char *o = out + (size_t)w * y;
		int cy = 1 + (up != NULL) + (dn != NULL);

		for (x = 0; x < w; x++)
			col[x] = (unsigned short)(r[x] + (up ? up[x] : 0) +
			    (dn ? dn[x] : 0));
		if (w == 1) {
			o[0] = (unsigned char)(col[0] / cy);
			continue;
		}
		o[0] = (unsigned char)((col[0] + col[1]) / (2 * cy));
		if (cy == 3)
			for (x = 1; x + 1 < w; x++)
				o[x] = (unsigned char)(((unsigned)(col[x - 1] +
				    col[x] + col[x + 1]) * 7282u) >> 16);
		else
			for (x = 1; x + 1 < w; x++)
				o[x] = (unsigned char)((col[x - 1] + col[x] +
				    col[x + 1]) / (3 * cy));
		o[w - 1] = (unsigned char)((col[w - 2] + col[w - 1]) /
		    (2 * cy));
	}
	free(col);
	free(g->px);
	g->px = out;
	return 0;
}

/* out = (1 + amount) orig - amount blurred, clamped; out may be
 * blurred. */
static void
unsharp_px(const unsigned char *orig, const unsigned char *blurred,
    unsigned char *out, size_t n, int amount)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int v = (1 + amount) * orig[i] - amount * blurred[i];

		out[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
}

/* Unsharp mask: edges between modules that blur has smeared. */
int
grey_sharpen(grey *g, int amount)
{
	size_t n = (size_t)g->w * g->h;
	unsigned char *orig = malloc(n);

	if (orig == NULL)
		return -1;
	memcpy(orig, g->px, n);
	if (grey_blur(g) < 0) {
		free(orig);
		return -1;
	}
	unsharp_px(orig, g->px, g->px, n, amount);
	free(orig);
	return 0;
}

int
grey_unsharp(const grey *in, const grey *blurred, int amount, grey *out)
{
	if (blurred->w != in->w || blurred->h != in->h ||
	    grey_alloc(out, in->w, in->h) < 0)
		return -1;
	unsharp_px(in->px, blurred->px, out->px, (size_t)in->w * in->h,
	    amount);
	return 0;
}

/* One threshold halfway: for a page whose modules a soft focus has made
 * grey, after sharpening. */
void
grey_halfway(grey *g)
{
	size_t i, n = (size_t)g->w * g->h;

	for (i = 0; i < n; i++)
		g->px[i] = g->px[i] < 128 ? 0 : 255;
}

void
grey_invert(grey *g)
{
	size_t i, n = (size_t)g->w * g->h;

	for (i = 0; i < n; i++)
		g->px[i] = (unsigned char)(255 - g->px[i]);
}

/*
 * Rotate by deg about the centre onto a canvas that holds the whole
 * image, white outside.  m receives the map from the new image's
 * coordinates back to the old: old = (m0 x + m1 y + m2, m3 x + m4 y + m5).
 */
int
grey_rotate(const grey *in, double deg, grey *out, double m[6])
{
	double a = deg * M_PI / 180, c = cos(a), s = sin(a);
	double cx = in->w / 2.0, cy = in->h / 2.0, ncx, ncy;
	int w, h, x, y;

	w = (int)ceil(fabs(in->w * c) + fabs(in->h * s));
	h = (int)ceil(fabs(in->w * s) + fabs(in->h * c));
	if (grey_alloc(out, w, h) < 0)
		return -1;
	ncx = w / 2.0;
	ncy = h / 2.0;
	m[0] = c;
	m[1] = s;
	m[2] = cx - c * ncx - s * ncy;
	m[3] = -s;
	m[4] = c;
	m[5] = cy + s * ncx - c * ncy;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double fx = m[0] * (x + 0.5) + m[1] * (y + 0.5) + m[2] -
			    0.5;
			double fy = m[3] * (x + 0.5) + m[4] * (y + 0.5) + m[5] -
			    0.5;
			int x0 = (int)floor(fx), y0 = (int)floor(fy);
			double dx = fx - x0, dy = fy - y0, v = 0;
			int i, j;

			for (j = 0; j < 2; j++)
				for (i = 0; i < 2; i++) {
					int xx = x0 + i, yy = y0 + j;
					double wt = (i ? dx : 1 - dx) *
					    (j ? dy : 1 - dy);

					v += wt * (xx < 0 || yy < 0 ||
					    xx >= in->w || yy >= in->h ? 255 :
					    in->px[(size_t)in->w * yy + xx]);
				}
			out->px[(size_t)w * y + x] = (unsigned char)(v + 0.5);
		}
	return 0;
}
