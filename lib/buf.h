/*
 * buf.h - the library's one growable byte buffer: bytes and printf-made
 * text appended, the result taken at the end (a PDF's body, a seal, a
 * record's line, a ledger's queued lines).
 *
 * Failure is sticky: once an append could not be done (memory ran out,
 * or the buffer would pass its bound) every later append does nothing
 * and b->err says why, so a writer of many pieces checks once at the
 * end.  Each call also returns 0 or -1 for callers that stop at once.
 *
 * Ownership: the sg_buf is the caller's, usually on the stack or inside
 * its own struct; zero it (or sg_buf_init) to start, sg_buf_free() at the
 * end.  b->p (NULL until something is appended) and b->len are for
 * reading and for writing in place below b->len; a writer that knows its
 * most may sg_buf_reserve() it, write into the room and add what it
 * wrote to b->len (an escaper, deflate).  sg_buf_take() hands the bytes
 * over and leaves the buffer empty.
 */
#ifndef SEGEL_BUF_H
#define SEGEL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

enum {
	SG_BUF_NOMEM = 1,       /* realloc failed */
	SG_BUF_TOOBIG = 2       /* more than b->max, or than size_t holds */
};

typedef struct sg_buf {
	char *p;                /* the bytes */
	size_t len, cap;        /* cap > len once p is set: room for a NUL */
	size_t max;             /* bound on len; 0: none but size_t */
	int err;                /* 0, or SG_BUF_NOMEM / SG_BUF_TOOBIG */
} sg_buf;

/* An empty buffer that never holds more than max bytes (0: no bound). */
void sg_buf_init(sg_buf *b, size_t max);
/* Room for n more bytes without moving: p[len .. len + n] is writable
 * (len unchanged; the one past them is for a NUL).  Grows by doubling.
 * 0, or -1 (b->err set). */
int sg_buf_reserve(sg_buf *b, size_t n);
/* sg_buf_add's slow path (below): call sg_buf_add. */
int sg_buf_add_grow(sg_buf *b, const void *s, size_t n);
/* Append printf-formatted text (no NUL counted; one is written after
 * it while there is room).  0, or -1 (b->err set). */
int sg_buf_addf(sg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sg_buf_vaddf(sg_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The bytes as a NUL-ended string (the NUL not counted in len), or NULL
 * after a failure. */
char *sg_buf_str(sg_buf *b);
/* Empty again, the error cleared; the room and the bound are kept. */
void sg_buf_reset(sg_buf *b);
/* Back to the first n bytes (n at most len), the error cleared: a piece
 * that failed half-way taken back. */
void sg_buf_truncate(sg_buf *b, size_t n);
/* The bytes (the caller frees them; NULL when nothing was appended or
 * after a failure), their count in *len if len; the buffer is left empty,
 * its error cleared. */
void *sg_buf_take(sg_buf *b, size_t *len);
/* Frees the bytes; the buffer is left empty, its bound kept, and may be
 * used again. */
void sg_buf_free(sg_buf *b);

/* Append n bytes.  0, or -1 (b->err set).  Inline: the PDF writers call
 * it for every token. */
static inline int
sg_buf_add(sg_buf *b, const void *s, size_t n)
{
	if (b->err == 0 && n < b->cap - b->len) {
		if (n > 0)
			memcpy(b->p + b->len, s, n);
		b->len += n;
		return 0;
	}
	return sg_buf_add_grow(b, s, n);
}

#endif
