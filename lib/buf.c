/*
 * buf.c - the growable byte buffer (buf.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

#define BUF_FIRST 256   /* the first room: most buffers are small */

void
sg_buf_init(sg_buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

int
sg_buf_reserve(sg_buf *b, size_t n)
{
	size_t need, cap, top;
	char *np;

	if (b->err != 0)
		return -1;
	/* len + n bytes and a NUL; the bound is on len */
	top = b->max != 0 && b->max < SIZE_MAX ? b->max + 1 : SIZE_MAX;
	if (n >= top - b->len) {
		b->err = SG_BUF_TOOBIG;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : BUF_FIRST;
	while (cap < need)
		cap = cap > top / 2 ? top : cap * 2;
	if (cap > top)
		cap = top;
	if ((np = realloc(b->p, cap)) == NULL) {
		b->err = SG_BUF_NOMEM;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

int
sg_buf_add_grow(sg_buf *b, const void *s, size_t n)
{
	if (sg_buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

int
sg_buf_vaddf(sg_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	size_t room;
	int n;

	if (b->err != 0)
		return -1;
	/* formatted straight into the spare room; once more if it did not
	 * fit, after growing to what vsnprintf said it needs */
	room = b->cap - b->len;
	va_copy(again, ap);
	n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
	if (n >= 0 && (size_t)n >= room && sg_buf_reserve(b, (size_t)n) == 0)
		n = vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	if (b->err != 0)
		return -1;
	if (n < 0) {
		/* an encoding error: nothing appended, the NUL put back */
		if (b->p != NULL)
			b->p[b->len] = '\0';
		b->err = SG_BUF_TOOBIG;
		return -1;
	}
	b->len += (size_t)n;
	return 0;
}

int
sg_buf_addf(sg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sg_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
sg_buf_str(sg_buf *b)
{
	if (sg_buf_reserve(b, 0) != 0)
		return NULL;
	b->p[b->len] = '\0';
	return b->p;
}

void
sg_buf_reset(sg_buf *b)
{
	b->len = 0;
	b->err = 0;
}

void
sg_buf_truncate(sg_buf *b, size_t n)
{
	if (n < b->len)
		b->len = n;
	b->err = 0;
}

void *
sg_buf_take(sg_buf *b, size_t *len)
{
	char *p = b->err == 0 ? b->p : NULL;

	if (len != NULL)
		*len = p != NULL ? b->len : 0;
	if (p == NULL)
		free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = 0;
	return p;
}

void
sg_buf_free(sg_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}
