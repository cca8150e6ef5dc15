/*
 * test_grey.c - the pixel operations of the scanner's ladder (grey.h),
 * on small images whose answers can be worked out by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grey.h"
#include "t.h"

/* An image from a row-major list of pixel values. */
static grey
mk(int w, int h, const unsigned char *px)
{
	grey g = { 0, 0, NULL };

	if (grey_alloc(&g, w, h) == 0)
		memcpy(g.px, px, (size_t)w * h);
	return g;
}

static int
same(const grey *g, int w, int h, const unsigned char *want)
{
	return g->px != NULL && g->w == w && g->h == h &&
	    memcmp(g->px, want, (size_t)w * h) == 0;
}

static void
test_alloc(void)
{
	grey g = { 0, 0, NULL };

	T_OK("alloc", grey_alloc(&g, 3, 2) == 0 && g.w == 3 && g.h == 2 &&
	    g.px != NULL, "w %d h %d", g.w, g.h);
	grey_free(&g);
	T_OK("free-nulls", g.px == NULL, "px left");
	grey_free(&g);  /* twice is harmless */
}

static void
test_scale(void)
{
	static const unsigned char in4[] = {
		0, 10, 100, 200,
		20, 30, 100, 200,
		255, 255, 0, 0,
		255, 255, 0, 4,
	};
	static const unsigned char sh2[] = { 15, 150, 255, 1 };
	static const unsigned char in5[25] = { 8, 8, 0, 0, 99, 8, 8 };
	static const unsigned char sh5[] = { 8, 0, 0, 0 };
	static const unsigned char in2[] = { 0, 100, 200, 40 };
	grey g = mk(4, 4, in4), o = { 0, 0, NULL };

	T_OK("shrink#1", grey_shrink(&g, 2, &o) == 0 && same(&o, 2, 2, sh2),
	    "%d %d %d %d", o.px[0], o.px[1], o.px[2], o.px[3]);
	grey_free(&o);
	grey_free(&g);
	/* an odd edge that does not fill a block is dropped */
	g = mk(5, 5, in5);
	T_OK("shrink#2", grey_shrink(&g, 2, &o) == 0 && same(&o, 2, 2, sh5),
	    "%dx%d %d %d", o.w, o.h, o.px[0], o.px[1]);
	grey_free(&o);
	grey_free(&g);

	g = mk(2, 2, in2);
	T_OK("resample#1", grey_resample(&g, 1.0, &o) == 0 &&
	    same(&o, 2, 2, in2), "not the identity");
	grey_free(&o);
	/* doubled: corners keep their value (edges clamped), and the
	 * pixels between are blends */
	T_OK("resample#2", grey_resample(&g, 2.0, &o) == 0 && o.w == 4 &&
	    o.h == 4 && o.px[0] == 0 && o.px[3] == 100 && o.px[12] == 200 &&
	    o.px[15] == 40 && o.px[1] == 25 && o.px[2] == 75,
	    "%dx%d %d %d %d %d", o.w, o.h, o.px[0], o.px[1], o.px[2],
	    o.px[3]);
	grey_free(&o);
	T_OK("resample#3", grey_resample(&g, 0.1, &o) == -1 && o.px == NULL,
	    "an image of no pixels was made");
	grey_free(&g);
}

static void
test_levels(void)
{
	static const unsigned char ramp[] = { 100, 110, 120, 130, 140, 150 };
	static const unsigned char flat[] = { 77, 77, 77, 77 };
	static const unsigned char two[] = { 50, 60, 55, 200, 190, 210 };
	static const unsigned char two_bw[] = { 0, 0, 0, 255, 255, 255 };
	static const unsigned char half[] = { 0, 127, 128, 255 };
	static const unsigned char half_bw[] = { 0, 0, 255, 255 };
	static const unsigned char inv[] = { 255, 128, 127, 0 };
	grey g = mk(6, 1, ramp);

	grey_stretch(&g);
	T_OK("stretch#1", g.px[0] == 0 && g.px[5] == 255 && g.px[2] > g.px[1]
	    && g.px[3] > g.px[2], "%d %d %d %d", g.px[0], g.px[1], g.px[2],
	    g.px[5]);
	grey_free(&g);
	g = mk(2, 2, flat);
	grey_stretch(&g);
	T_OK("stretch#2", same(&g, 2, 2, flat), "a flat image changed");
	grey_free(&g);

	g = mk(6, 1, two);
	grey_otsu(&g);
	T_OK("otsu", same(&g, 6, 1, two_bw), "%d %d %d %d", g.px[0], g.px[2],
	    g.px[3], g.px[4]);
	grey_free(&g);

	g = mk(4, 1, half);
	grey_halfway(&g);
	T_OK("halfway", same(&g, 4, 1, half_bw), "%d %d", g.px[1], g.px[2]);
	grey_free(&g);

	g = mk(4, 1, half);
	grey_invert(&g);
	T_OK("invert", same(&g, 4, 1, inv), "%d %d", g.px[0], g.px[1]);
	grey_free(&g);
}

static void
test_local(void)
{
	unsigned char px[25];
	grey g;
	int i;

	/* one dark pixel on white: the blur spreads it over its window */
	memset(px, 255, sizeof px);
	px[12] = 0;
	g = mk(5, 5, px);
	T_OK("blur#1", grey_blur(&g) == 0 && g.px[12] == 226 &&
	    g.px[6] == 226 && g.px[0] == 255, "%d %d %d", g.px[12], g.px[6],
	    g.px[0]);
	grey_free(&g);
	/* a corner averages the four pixels it has */
	memset(px, 255, sizeof px);
	px[0] = 0;
	g = mk(5, 5, px);
	T_OK("blur#2", grey_blur(&g) == 0 && g.px[0] == 191,
	    "%d", g.px[0]);
	grey_free(&g);

	/* the same values as the plain nine-pixel average, edges, corners,
	 * one-row and one-column images included */
	{
		static const int dims[][2] = { { 7, 5 }, { 1, 6 }, { 6, 1 },
		    { 2, 2 }, { 1, 1 }, { 33, 17 } };
		unsigned char in[33 * 17], want[33 * 17];
		unsigned seed = 12345;
		int d, x, y, dx, dy, bad = -1;

		for (d = 0; d < (int)(sizeof dims / sizeof dims[0]); d++) {
			int w = dims[d][0], h = dims[d][1];

			for (i = 0; i < w * h; i++) {
				seed = seed * 1103515245u + 12345u;
				in[i] = i % 3 ? (unsigned char)(seed >> 16) :
				    (unsigned char)(i % 2 ? 255 : 0);
			}
			for (y = 0; y < h; y++)
				for (x = 0; x < w; x++) {
					int s = 0, c = 0;

					for (dy = -1; dy <= 1; dy++)
						for (dx = -1; dx <= 1; dx++) {
							if (x + dx < 0 ||
							    y + dy < 0 ||
							    x + dx >= w ||
							    y + dy >= h)
								continue;
							s += in[(y + dy) * w +
							    x + dx];
							c++;
						}
					want[y * w + x] = (unsigned char)(s / c);
				}
			g = mk(w, h, in);
			if (grey_blur(&g) != 0 || !same(&g, w, h, want))
				bad = d;
			grey_free(&g);
		}
		T_OK("blur#3", bad < 0, "image %d differs", bad);
	}

	/* sharpening leaves a flat image alone and deepens an edge */
	memset(px, 100, sizeof px);
	g = mk(5, 5, px);
	T_OK("sharpen#1", grey_sharpen(&g, 1) == 0 && g.px[12] == 100,
	    "%d", g.px[12]);
	grey_free(&g);
	for (i = 0; i < 25; i++)
		px[i] = i % 5 < 2 ? 60 : 200;
	g = mk(5, 5, px);
	T_OK("sharpen#2", grey_sharpen(&g, 2) == 0 && g.px[11] < 60 &&
	    g.px[12] > 200 && g.px[10] == 60 && g.px[14] == 200,
	    "%d %d %d %d", g.px[10], g.px[11], g.px[12], g.px[14]);
	grey_free(&g);

	/* sharpening from a blur made once (scan.c's ladder) gives the
	 * same pixels as grey_sharpen, for either amount, and refuses a
	 * blur of another size */
	{
		unsigned char big[37 * 23];
		unsigned seed = 7;
		grey b, u = { 0, 0, NULL }, o;
		int amount, bad = 0;

		for (i = 0; i < (int)sizeof big; i++) {
			seed = seed * 1103515245u + 12345u;
			big[i] = (unsigned char)(seed >> 16);
		}
		b = mk(37, 23, big);
		if (grey_blur(&b) != 0)
			bad = -1;
		for (amount = 1; amount <= 2 && !bad; amount++) {
			g = mk(37, 23, big);
			o = mk(37, 23, big);
			if (grey_sharpen(&g, amount) != 0 ||
			    grey_unsharp(&o, &b, amount, &u) != 0 ||
			    !same(&u, 37, 23, g.px))
				bad = amount;
			grey_free(&g);
			grey_free(&o);
			grey_free(&u);
		}
		T_OK("sharpen#3", bad == 0, "amount %d differs", bad);
		g = mk(5, 5, px);
		T_OK("sharpen#4", grey_unsharp(&g, &b, 1, &u) != 0 &&
		    u.px == NULL, "a 37x23 blur taken for a 5x5 page");
		grey_free(&g);
		grey_free(&b);
	}

	/* adaptive: dark against its own neighbourhood, whatever the light */
	for (i = 0; i < 25; i++)
		px[i] = i < 10 ? 240 : 120;
	px[7] = 150;   /* darker than its bright surroundings */
	px[17] = 90;   /* darker than its dim surroundings */
	g = mk(5, 5, px);
	T_OK("adaptive", grey_adaptive(&g, 1, 4) == 0 && g.px[7] == 0 &&
	    g.px[17] == 0 && g.px[0] == 255 && g.px[24] == 255,
	    "%d %d %d %d", g.px[7], g.px[17], g.px[0], g.px[24]);
	grey_free(&g);
}

static void
test_rotate(void)
{
	unsigned char px[12];
	grey g, g2, o = { 0, 0, NULL };
	double m[6];
	int i, dark;

	for (i = 0; i < 12; i++)
		px[i] = (unsigned char)(i * 20);
	g = mk(4, 3, px);
	T_OK("rotate#1", grey_rotate(&g, 0, &o, m) == 0 && same(&o, 4, 3, px)
	    && m[0] == 1 && m[2] == 0 && m[4] == 1 && m[5] == 0,
	    "0 degrees is not the identity");
	grey_free(&o);
	/* half a turn: the centre stays, the top-left corner goes to the
	 * bottom right */
	memset(px, 255, sizeof px);
	px[0] = 0;
	g2 = mk(4, 3, px);
	T_OK("rotate#2", grey_rotate(&g2, 180, &o, m) == 0 &&
	    fabs(m[0] + 1) < 1e-9 && fabs(m[4] + 1) < 1e-9 &&
	    fabs(m[0] * o.w / 2.0 + m[1] * o.h / 2.0 + m[2] - 2.0) < 1e-9 &&
	    fabs(m[3] * o.w / 2.0 + m[4] * o.h / 2.0 + m[5] - 1.5) < 1e-9,
	    "m = %g %g %g / %g %g %g", m[0], m[1], m[2], m[3], m[4], m[5]);
	for (i = 0, dark = 0; o.px != NULL && i < o.w * o.h; i++)
		if (o.px[i] < o.px[dark])
			dark = i;
	T_OK("rotate#3", o.px != NULL && dark % o.w >= o.w / 2 &&
	    dark / o.w >= o.h / 2 && o.px[0] == 255, "darkest at %d,%d of "
	    "%dx%d", dark % o.w, dark / o.w, o.w, o.h);
	grey_free(&o);
	grey_free(&g2);
	/* a quarter turn: the canvas holds the whole image, white around */
	T_OK("rotate#4", grey_rotate(&g, 45, &o, m) == 0 && o.w >= 4 &&
	    o.h >= 4 && o.px[0] == 255, "%dx%d %d", o.w, o.h, o.px[0]);
	grey_free(&o);
	grey_free(&g);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	test_alloc();
	test_scale();
	test_levels();
	test_local();
	test_rotate();
	return T_DONE();
}
