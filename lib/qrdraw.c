/*
 * qrdraw.c - libqrencode to merged rectangles.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qrdraw.h"

struct qrdraw {
	int version, width;
	unsigned char *dark; /* width * width, 1 = dark */
	qr_rect *rects;
	size_t n, cap;
};

static int
alnum_only(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    strchr(" $%*+-./:", *s) != NULL))
			return 0;
	return 1;
}

static int
add_rect(qrdraw *q, int x, int y, int w)
{
	qr_rect *r;

	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;

		if ((r = realloc(q->rects, cap * sizeof *r)) == NULL)
			return -1;
		q->rects = r;
		q->cap = cap;
	}
	q->rects[q->n].x = x;
	q->rects[q->n].y = y;
	q->rects[q->n].w = w;
	q->rects[q->n].h = 1;
	q->n++;
	return 0;
}

/*
 * Row runs first; a run that has exactly the same extent as a rectangle
 * ending on the row above grows that rectangle downwards.  "open" holds,
 * for each column where a rectangle of the previous row starts, its index.
 */
static int
merge(qrdraw *q)
{
	int w = q->width, x, y, x0;
	long *open = NULL, *next = NULL, *tmp;
	int rc = -1;

	open = malloc((size_t)w * sizeof *open);
	next = malloc((size_t)w * sizeof *next);
	if (open == NULL || next == NULL)
		goto out;
	for (x = 0; x < w; x++)
		open[x] = -1;
	for (y = 0; y < w; y++) {
		for (x = 0; x < w; x++)
			next[x] = -1;
		for (x = 0; x < w; ) {
			if (!q->dark[y * w + x]) {
				x++;
				continue;
			}
			x0 = x;
			while (x < w && q->dark[y * w + x])
				x++;
			if (open[x0] >= 0 && q->rects[open[x0]].w == x - x0) {
				q->rects[open[x0]].h++;
				next[x0] = open[x0];
			} else {
				if (add_rect(q, x0, y, x - x0) != 0)
					goto out;
				next[x0] = (long)q->n - 1;
			}
		}
		tmp = open, open = next, next = tmp;
	}
	rc = 0;
out:
	free(open);
	free(next);
	return rc;
}

qrdraw *
qrdraw_new(const char *text, char level, int min_version, int max_version,
    sg_err *err)
{
	QRecLevel lv;
	QRcode *code = NULL;
	QRinput *in = NULL;
	qrdraw *q = NULL;
	int i;

	switch (level) {
	case 'L': lv = QR_ECLEVEL_L; break;
	case 'Q': lv = QR_ECLEVEL_Q; break;
	case 'H': lv = QR_ECLEVEL_H; break;
	default: lv = QR_ECLEVEL_M; break;
	}
	if (min_version < 0 || min_version > 40)
		min_version = 0;
	if (max_version <= 0 || max_version > 40)
		max_version = 40;
	/* One alphanumeric segment: QRcode_encodeString() would split the
	 * text into mixed modes, which reads the same but is harder to
	 * reason about. */
	if (alnum_only(text) && *text != '\0') {
		if ((in = QRinput_new2(min_version, lv)) != NULL &&
		    QRinput_append(in, QR_MODE_AN, (int)strlen(text),
		    (const unsigned char *)text) == 0)
			code = QRcode_encodeInput(in);
		QRinput_free(in);
	} else
		code = QRcode_encodeString(text, min_version, lv, QR_MODE_8, 1);
	if (code == NULL) {
		if (errno == ERANGE)
			sg_err_set(err, "E-QR-TOO-LONG", "", "%zu characters do "
			    "not fit a QR code", strlen(text));
		else
			sg_err_sys(err, "", "QR encoding failed");
		return NULL;
	}
	if (code->version > max_version) {
		sg_err_set(err, "E-QR-TOO-LONG", "", "%zu characters need QR "
		    "version %d, more than %d", strlen(text), code->version,
		    max_version);
		goto fail;
	}
	if ((q = calloc(1, sizeof *q)) == NULL)
		goto nomem;
	q->version = code->version;
	q->width = code->width;
	if ((q->dark = malloc((size_t)q->width * q->width)) == NULL)
		goto nomem;
	for (i = 0; i < q->width * q->width; i++)
		q->dark[i] = code->data[i] & 1;
	if (merge(q) != 0)
		goto nomem;
	QRcode_free(code);
	return q;
nomem:
	sg_err_set(err, "E-SYSTEM", "", "out of memory");
fail:
	QRcode_free(code);
	qrdraw_free(q);
	return NULL;
}

void
qrdraw_free(qrdraw *q)
{
	if (q == NULL)
		return;
	free(q->dark);
	free(q->rects);
	free(q);
}

int
qrdraw_version(const qrdraw *q)
{
	return q->version;
}

int
qrdraw_width(const qrdraw *q)
{
	return q->width;
}

const qr_rect *
qrdraw_rects(const qrdraw *q, size_t *n)
{
	*n = q->n;
	return q->rects;
}

int
qrdraw_dark(const qrdraw *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->dark[y * q->width + x];
}
