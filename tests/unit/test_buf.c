/* test_buf - the growable byte buffer (lib/buf.h): growth across many
 * appends, formatted appends at the room's edge and past it, the bound,
 * the sticky error, take and free. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

/* Many small appends, bytes and formatted, against a plain copy. */
static void
many(void)
{
	sg_buf b = { 0 };
	static char want[200000];
	size_t n = 0, i, grows = 0, cap = 0;
	int ok = 1;

	for (i = 0; n < sizeof want - 64; i++) {
		char piece[64];
		int k;

		if (i % 3 == 0) {
			k = snprintf(piece, sizeof piece, "%zu 0 obj\n", i);
			ok &= sg_buf_addf(&b, "%zu 0 obj\n", i) == 0;
		} else {
			k = (int)(i % 17) + 1;
			memset(piece, 'a' + (int)(i % 26), (size_t)k);
			piece[0] = '\0'; /* a NUL inside the bytes stays */
			ok &= sg_buf_add(&b, piece, (size_t)k) == 0;
		}
		memcpy(want + n, piece, (size_t)k);
		n += (size_t)k;
		if (b.cap != cap) {
			grows++;
			cap = b.cap;
		}
		ok &= b.len == n && b.cap > b.len;
	}
	T_OK("many.bytes", ok && b.err == 0 && b.len == n &&
	    memcmp(b.p, want, n) == 0, "len %zu want %zu err %d", b.len, n,
	    b.err);
	/* doubling: a few reallocs for ~200 KB, not one per append */
	T_OK("many.doubling", grows <= 12 && b.cap < 2 * n + 512,
	    "%zu growths, cap %zu for %zu bytes", grows, b.cap, n);
	T_STREQ("many.str", sg_buf_str(&b) + n - 4, want + n - 4);
	sg_buf_free(&b);
	T_OK("many.free", b.p == NULL && b.len == 0 && b.cap == 0,
	    "p %p len %zu", (void *)b.p, b.len);
}

/* A formatted append of exactly the spare room less the NUL, then one
 * larger than the room: both whole, the second after one growth. */
static void
edge(void)
{
	sg_buf b = { 0 };
	char text[2048];
	size_t room, cap;

	sg_buf_add(&b, "x", 1);
	room = b.cap - b.len;           /* a NUL needs one of these */
	cap = b.cap;
	memset(text, 'e', room - 1);
	text[room - 1] = '\0';
	T_OK("edge.fits", sg_buf_addf(&b, "%s", text) == 0 && b.cap == cap &&
	    b.len == room && memcmp(b.p + 1, text, room - 1) == 0 &&
	    b.p[b.len] == '\0', "len %zu cap %zu (was %zu)", b.len, b.cap,
	    cap);
	/* now no room at all: the next formatted append must grow */
	memset(text, 'f', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	T_OK("edge.larger", sg_buf_addf(&b, "<%s>%d", text, 42) == 0 &&
	    b.len == room + sizeof text + 3 && b.cap > b.len &&
	    b.p[room] == '<' && memcmp(b.p + room + 1, text,
	    sizeof text - 1) == 0 && memcmp(b.p + b.len - 3, ">42", 3) == 0 &&
	    b.p[b.len] == '\0', "len %zu cap %zu", b.len, b.cap);
	sg_buf_reset(&b);
	T_OK("edge.reset", b.len == 0 && b.cap >= sizeof text &&
	    sg_buf_addf(&b, "%05d", 7) == 0 && strcmp(b.p, "00007") == 0,
	    "len %zu", b.len);
	/* the first append of all formatted: no room yet */
	sg_buf_free(&b);
	T_OK("edge.first", sg_buf_addf(&b, "%s-%u", "abc", 12u) == 0 &&
	    b.len == 6 && memcmp(b.p, "abc-12", 6) == 0, "len %zu", b.len);
	sg_buf_free(&b);
}

/* The bound, the size_t overflow and (outside ASan, which will not hand
 * out NULL) a real failed realloc: each sticky, checked once at the end. */
static void
sticky(void)
{
	sg_buf b;
	void *p;
	size_t n;

	sg_buf_init(&b, 10);
	T_OK("bound.upto", sg_buf_add(&b, "0123456789", 10) == 0 &&
	    b.len == 10, "len %zu err %d", b.len, b.err);
	T_OK("bound.past", sg_buf_add(&b, "a", 1) == -1 &&
	    b.err == SG_BUF_TOOBIG && b.len == 10, "err %d", b.err);
	/* everything after a failure does nothing, even what would fit */
	sg_buf_reset(&b);
	sg_buf_add(&b, "abc", 3);
	sg_buf_addf(&b, "%s", "too long for ten");
	T_OK("sticky.add", sg_buf_add(&b, "d", 1) == -1 &&
	    sg_buf_addf(&b, "e") == -1 && sg_buf_reserve(&b, 0) == -1 &&
	    b.len == 3 && b.err == SG_BUF_TOOBIG, "len %zu err %d", b.len,
	    b.err);
	T_OK("sticky.take", (p = sg_buf_take(&b, &n)) == NULL && n == 0 &&
	    b.p == NULL && b.err == 0, "took %p (%zu)", p, n);
	sg_buf_free(&b);

	sg_buf_init(&b, 0);
	sg_buf_add(&b, "abc", 3);
	T_OK("overflow", sg_buf_reserve(&b, SIZE_MAX - 2) == -1 &&
	    b.err == SG_BUF_TOOBIG && b.len == 3, "err %d", b.err);
	sg_buf_free(&b);
#ifndef __SANITIZE_ADDRESS__
	sg_buf_add(&b, "abc", 3);
	T_OK("nomem", sg_buf_reserve(&b, SIZE_MAX / 4) == -1 &&
	    b.err == SG_BUF_NOMEM && sg_buf_add(&b, "d", 1) == -1 &&
	    b.len == 3 && memcmp(b.p, "abc", 3) == 0, "err %d len %zu",
	    b.err, b.len);
	sg_buf_free(&b);
#endif
}

/* take hands the bytes over and leaves an empty, usable buffer. */
static void
take(void)
{
	sg_buf b = { 0 };
	char *p;
	size_t n = 99;

	T_OK("take.empty", sg_buf_take(&b, &n) == NULL && n == 0, "n %zu",
	    n);
	sg_buf_addf(&b, "%s %d", "seal", 1);
	p = sg_buf_take(&b, &n);
	T_OK("take.bytes", p != NULL && n == 6 && memcmp(p, "seal 1", 6) ==
	    0 && b.p == NULL && b.len == 0 && b.cap == 0, "n %zu", n);
	free(p);
	T_OK("take.again", sg_buf_add(&b, "x", 1) == 0 && b.len == 1 &&
	    (p = sg_buf_take(&b, NULL)) != NULL && *p == 'x', "len %zu",
	    b.len);
	free(p);
	sg_buf_free(&b);
	sg_buf_free(&b);        /* twice: nothing */
}

/* reserve: the room asked for and one more for a NUL, written into and
 * counted by hand, as an escaper does. */
static void
reserve(void)
{
	sg_buf b = { 0 };
	size_t i;

	T_OK("reserve.room", sg_buf_reserve(&b, 256) == 0 && b.len == 0 &&
	    b.cap >= 257, "cap %zu", b.cap);
	for (i = 0; i < 256; i++)
		b.p[b.len + i] = (char)('a' + i % 26);
	b.len += 256;
	T_OK("reserve.str", sg_buf_str(&b) != NULL && strlen(b.p) == 256 &&
	    b.p[255] == (char)('a' + 255 % 26), "len %zu", strlen(b.p));
	sg_buf_free(&b);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	many();
	edge();
	sticky();
	take();
	reserve();
	return T_DONE();
}
