/*
 * grey.h - operations on 8-bit grey images (one byte a pixel, 0 black,
 * 255 white, rows w bytes apart, top row first): the clean-ups the
 * scanner (scan.h) tries on a page where the plain pass finds too little.
 *
 * Ownership: a grey owns px (malloc); grey_free() frees it and leaves px
 * NULL.  Operations that make a new image (shrink, resample, rotate) fill
 * out, which the caller frees; the others change g in place.  Functions
 * returning int give 0, or -1 when memory ran out (g is then unchanged,
 * out holds nothing to free).  No function keeps state: any thread may
 * call them on its own images.
 */
#ifndef SEGEL_GREY_H
#define SEGEL_GREY_H

typedef struct grey {
	int w, h;
	unsigned char *px;
} grey;

/* Allocate w*h pixels (uninitialised); free them. */
int grey_alloc(grey *g, int w, int h);
void grey_free(grey *g);

/* Shrink by an integer factor k, averaging k*k blocks (the edge rows and
 * columns that do not fill a block are dropped). */
int grey_shrink(const grey *in, int k, grey *out);
/* Bilinear resampling by factor s (any size), edges clamped. */
int grey_resample(const grey *in, double s, grey *out);
/*
 * Rotate by deg about the centre onto a
 * canvas that holds the whole image, white outside.  m receives the map
 * from the new image's coordinates back to the old:
 * old = (m0 x + m1 y + m2, m3 x + m4 y + m5).
 */
int grey_rotate(const grey *in, double deg, grey *out, double m[6]);

/* Map the 1st..99th percentile onto 0..255 (nothing when flat). */
void grey_stretch(grey *g);
/* Black and white at Otsu's threshold (pixels <= it become 0). */
void grey_otsu(grey *g);
/* Black where a pixel is darker than its (2 radius + 1)^2 window's mean
 * by more than bias, else white. */
int grey_adaptive(grey *g, int radius, int bias);
/* Black and white at 128. */
void grey_halfway(grey *g);
/* 3x3 box blur, edges averaged over the pixels inside. */
int grey_blur(grey *g);
/* Unsharp mask: (1 + amount) g - amount blur(g), clamped. */
int grey_sharpen(grey *g, int amount);
/* The same into out, from in and its blur (grey_blur of a copy), made
 * once for every pass that sharpens the same page. */
int grey_unsharp(const grey *in, const grey *blurred, int amount,
    grey *out);
/* 255 - v. */
void grey_invert(grey *g);

#endif
