/*
 * QR rectangles: they cover exactly the dark modules, once each, and
 * merging actually merges.
 */
#include "qrdraw.h"
#include "t.h"

static int
covers_exactly(const qrdraw *q)
{
	int w = qrdraw_width(q), x, y, bad = 0;
	unsigned char *hit = calloc((size_t)w * w, 1);
	const qr_rect *r;
	size_t n, i;

	r = qrdraw_rects(q, &n);
	for (i = 0; i < n; i++)
		for (y = r[i].y; y < r[i].y + r[i].h; y++)
			for (x = r[i].x; x < r[i].x + r[i].w; x++)
				if (x >= w || y >= w || hit[y * w + x]++)
					bad++;
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++)
			if (hit[y * w + x] != qrdraw_dark(q, x, y))
				bad++;
	free(hit);
	return bad == 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		size_t len;
		int version;
	} rows[] = {
		/* docs/FACTS.md: alphanumeric capacity at level M. */
		{ 20, 1 }, { 800, 20 }, { 1000, 23 }, { 1200, 25 },
	};
	char text[1600], name[64];
	qrdraw *q;
	size_t i, j, n, dark;
	sg_err e;
	int x, y;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (j = 0; j < rows[i].len; j++)
			text[j] = "SG1:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./"
			    [(j * 7 + i) % 47];
		text[rows[i].len] = '\0';
		q = qrdraw_new(text, 'M', 0, 0, &e);
		snprintf(name, sizeof name, "version#%zu", i);
		T_OK(name, q != NULL && qrdraw_version(q) <= rows[i].version,
		    "version %d for %zu chars", q ? qrdraw_version(q) : -1,
		    rows[i].len);
		snprintf(name, sizeof name, "cover#%zu", i);
		T_OK(name, q != NULL && covers_exactly(q), "bad cover");
		if (q != NULL) {
			dark = 0;
			for (y = 0; y < qrdraw_width(q); y++)
				for (x = 0; x < qrdraw_width(q); x++)
					dark += (size_t)qrdraw_dark(q, x, y);
			qrdraw_rects(q, &n);
			snprintf(name, sizeof name, "merged#%zu", i);
			T_OK(name, n * 2 < dark, "%zu rects for %zu modules",
			    n, dark);
		}
		qrdraw_free(q);
	}
	q = qrdraw_new("SG1:ABC", 'M', 0, 0, &e);
	T_OK("width", q && qrdraw_width(q) == 21, "not version 1");
	qrdraw_free(q);
	memset(text, 'A', 1500);
	text[1500] = '\0';
	q = qrdraw_new(text, 'M', 0, 25, &e);
	T_OK("max-version", q == NULL && strcmp(e.code, "E-QR-TOO-LONG") == 0,
	    "accepted");
	qrdraw_free(q);
	q = qrdraw_new("lower case ü", 'M', 0, 0, &e);
	T_OK("8bit", q != NULL && covers_exactly(q), "failed");
	qrdraw_free(q);
	qrdraw_free(NULL);
	return T_DONE();
}
