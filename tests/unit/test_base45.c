/* test_base45 - RFC 9285 vectors, invalid input, random round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base45.h"
#include "t.h"

/* RFC 9285 sections 4.3 and 4.4. */
static const struct vec_row {
	const char *bytes;
	size_t len;
	const char *text;
} vec_rows[] = {
	{ "", 0, "" },
	{ "AB", 2, "BB8" },
	{ "Hello!!", 7, "%69 VD92EX0" },
	{ "base-45", 7, "UJCLQE7W581" },
	{ "ietf!", 5, "QED8WEX0" },
	{ "\xff\xff", 2, "FGW" },	/* the largest triple, 65535 */
	{ "\xff", 1, "U5" },		/* the largest pair, 255 */
	{ "\0", 1, "00" },
	{ "\0\0", 2, "000" },
};

static void
test_vectors(void)
{
	char name[32], enc[64];
	unsigned char dec[64];
	const struct vec_row *t;
	size_t i, n;
	long got;

	for (i = 0; i < sizeof vec_rows / sizeof vec_rows[0]; i++) {
		t = &vec_rows[i];
		n = t->len;
		snprintf(name, sizeof name, "vec#%zu", i);
		T_OK(name, base45_encoded_len(n) == strlen(t->text),
		    "encoded_len %zu", base45_encoded_len(n));
		memset(enc, 'x', sizeof enc);
		base45_encode((const unsigned char *)t->bytes, n, enc);
		T_STREQ(name, enc, t->text);
		got = base45_decode(t->text, strlen(t->text), dec);
		T_OK(name, got == (long)n && memcmp(dec, t->bytes, n) == 0,
		    "decode gave %ld", got);
	}
}

static const struct bad_row {
	const char *text;
	const char *why;
} bad_rows[] = {
	{ "GGW", "triple 65536" },
	{ ":::", "triple 91124" },
	{ "V5", "pair 256" },
	{ "::", "pair 2024" },
	{ "BB8GGW", "second triple 65536" },
	{ "BB8V5", "final pair 256" },
	{ "A", "dangling single" },
	{ "BB8A", "dangling single after a triple" },
	{ "bb8", "lowercase" },
	{ "BB8 b", "lowercase in the pair" },
	{ "BB\n", "newline" },
	{ "BB=", "equals sign" },
};

static void
test_invalid(void)
{
	char name[32];
	unsigned char dec[16];
	size_t i;
	long got;

	for (i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		snprintf(name, sizeof name, "bad#%zu", i);
		got = base45_decode(bad_rows[i].text, strlen(bad_rows[i].text),
		    dec);
		T_OK(name, got == -1, "%s: got %ld", bad_rows[i].why, got);
	}
}

/* Each of the 256 byte values in each position of a triple and a pair. */
static void
test_every_char(void)
{
	static const char alpha[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	char in[4];
	unsigned char dec[4];
	int c, pos, bad = 0, valid;
	long got;

	for (c = 0; c < 256; c++) {
		valid = c != 0 && strchr(alpha, c) != NULL;
		for (pos = 0; pos < 3; pos++) {
			memcpy(in, "000", 4);
			in[pos] = (char)c;
			got = base45_decode(in, 3, dec);
			/* a third character past 'W' (32) exceeds 65535 */
			if (valid && !(pos == 2 && strchr(alpha, c) - alpha
			    > 32) ? got != 2 : got != -1)
				bad++;
		}
		for (pos = 0; pos < 2; pos++) {
			memcpy(in, "00", 3);
			in[pos] = (char)c;
			got = base45_decode(in, 2, dec);
			/* a valid char in the second place can exceed 255 */
			if (!valid && got != -1)
				bad++;
			if (valid && pos == 0 && got != 1)
				bad++;
		}
	}
	T_OK("every_char", bad == 0, "%d wrong answers", bad);
}

/* The largest valid values and one above, in every shape. */
static void
test_range_exhaustive(void)
{
	static const char alpha[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	char in[3];
	unsigned char dec[2];
	int a, b, c, bad = 0;
	long v, got;

	for (c = 0; c < 45; c++)
		for (b = 0; b < 45; b++)
			for (a = 0; a < 45; a++) {
				in[0] = alpha[a];
				in[1] = alpha[b];
				in[2] = alpha[c];
				v = a + b * 45L + c * 2025L;
				got = base45_decode(in, 3, dec);
				if (v > 65535 ? got != -1 : got != 2 ||
				    (dec[0] << 8 | dec[1]) != v)
					bad++;
				if (c == 0) {
					v = a + b * 45L;
					got = base45_decode(in, 2, dec);
					if (v > 255 ? got != -1 : got != 1 ||
					    dec[0] != v)
						bad++;
				}
			}
	T_OK("range", bad == 0, "%d wrong answers", bad);
}

/* xorshift32: a fixed sequence everywhere, so failures reproduce. */
static unsigned
rnd(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_roundtrip(void)
{
	unsigned char in[2001], dec[2001];
	char enc[3002];
	unsigned seed = 0x5e6e1u;
	size_t n, i;
	int bad = 0;
	long got;

	for (n = 0; n <= 2000; n++) {
		for (i = 0; i < n; i++)
			in[i] = (unsigned char)rnd(&seed);
		enc[base45_encoded_len(n)] = 'x';
		base45_encode(in, n, enc);
		if (enc[base45_encoded_len(n)] != '\0' ||
		    strlen(enc) != base45_encoded_len(n)) {
			bad++;
			continue;
		}
		dec[n] = 0xA5;
		got = base45_decode(enc, strlen(enc), dec);
		if (got != (long)n || memcmp(in, dec, n) != 0 ||
		    dec[n] != 0xA5)
			bad++;
	}
	T_OK("roundtrip", bad == 0, "%d lengths failed", bad);
}

static void
test_speed(void)
{
	unsigned char in[300], dec[300];
	char enc[451];
	unsigned seed = 7;
	clock_t t0;
	double s;
	size_t i;
	long sum = 0;
	int r;

	for (i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)rnd(&seed);
	base45_encode(in, sizeof in, enc);
	t0 = clock();
	for (r = 0; r < 100000; r++) {
		enc[0] = "0123"[r & 3];
		sum += base45_decode(enc, 450, dec);
	}
	s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("# base45: 100000 decodes of 450 chars in %.3f s\n", s);
	T_OK("speed", sum == 300L * 100000, "sum %ld", sum);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	test_vectors();
	test_invalid();
	test_every_char();
	test_range_exhaustive();
	test_roundtrip();
	test_speed();
	return T_DONE();
}
