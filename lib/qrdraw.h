/*
 * qrdraw.h - a QR code as a list of rectangles, ready to be drawn as
 * vectors.
 *
 * The text is encoded with libqrencode (alphanumeric mode when every
 * character allows it, as seal text does; 8-bit otherwise), and the dark
 * modules are merged: runs along each row, then equal runs of following
 * rows, so a version-25 symbol is a few hundred rectangles, not thousands.
 * Coordinates are in modules from the top-left corner of the symbol,
 * without the quiet zone.
 *
 * Ownership: a qrdraw owns its rectangles; qrdraw_rects() lends them until
 * qrdraw_free().
 */
#ifndef SEGEL_QRDRAW_H
#define SEGEL_QRDRAW_H

#include <stddef.h>

#include "err.h"

typedef struct qr_rect {
	int x, y, w, h; /* modules */
} qr_rect;

typedef struct qrdraw qrdraw;

/*
 * Encode text at error correction level M ('L', 'M', 'Q' or 'H' in
 * level), version at least min_version (1..40; 0 = smallest that fits) and
 * at most max_version (0 = 40).  E-QR-TOO-LONG when it does not fit.
 */
qrdraw *qrdraw_new(const char *text, char level, int min_version,
    int max_version, sg_err *err);
void qrdraw_free(qrdraw *q);
int qrdraw_version(const qrdraw *q);
int qrdraw_width(const qrdraw *q); /* modules per side */
const qr_rect *qrdraw_rects(const qrdraw *q, size_t *n);
/* Module (x, y) dark? For tests. */
int qrdraw_dark(const qrdraw *q, int x, int y);

#endif
