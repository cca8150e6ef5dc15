/*
 * base45.c - RFC 9285 base45.  Table lookups only, no allocation: the
 * verifier decodes thousands of seals a second.
 */
#include "base45.h"

#include <stdint.h>

static const char b45_alphabet[45] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/*
 * Character value plus one, 0 for a character outside the alphabet, so the
 * table can be a zero-initialised static array.  Lowercase is not in the
 * alphabet (RFC 9285 section 4: the QR alphanumeric set has none).
 */
static const unsigned char b45_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['G'] = 17, ['H'] = 18, ['I'] = 19, ['J'] = 20,
	['K'] = 21, ['L'] = 22, ['M'] = 23, ['N'] = 24, ['O'] = 25,
	['P'] = 26, ['Q'] = 27, ['R'] = 28, ['S'] = 29, ['T'] = 30,
	['U'] = 31, ['V'] = 32, ['W'] = 33, ['X'] = 34, ['Y'] = 35,
	['Z'] = 36, [' '] = 37, ['$'] = 38, ['%'] = 39, ['*'] = 40,
	['+'] = 41, ['-'] = 42, ['.'] = 43, ['/'] = 44, [':'] = 45,
};

size_t
base45_encoded_len(size_t n)
{
	return n / 2 * 3 + (n % 2) * 2;
}

void
base45_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i;
	unsigned v;

	for (i = 0; i + 1 < n; i += 2) {
		v = (unsigned)in[i] << 8 | in[i + 1];
		*out++ = b45_alphabet[v % 45];
		v /= 45;
		*out++ = b45_alphabet[v % 45];
		*out++ = b45_alphabet[v / 45];
	}
	if (i < n) {
		v = in[i];
		*out++ = b45_alphabet[v % 45];
		*out++ = b45_alphabet[v / 45];
	}
	*out = '\0';
}

long
base45_decode(const char *in, size_t len, unsigned char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	unsigned char *o = out;
	uint32_t a, b, c, v;
	size_t i;

	if (len % 3 == 1)
		return -1;
	for (i = 0; i + 2 < len; i += 3) {
		a = b45_value[s[i]];
		b = b45_value[s[i + 1]];
		c = b45_value[s[i + 2]];
		if (a == 0 || b == 0 || c == 0)
			return -1;
		v = (a - 1) + (b - 1) * 45 + (c - 1) * 45 * 45;
		if (v > 0xFFFF)
			return -1;
		*o++ = (unsigned char)(v >> 8);
		*o++ = (unsigned char)v;
	}
	if (i < len) {
		a = b45_value[s[i]];
		b = b45_value[s[i + 1]];
		if (a == 0 || b == 0)
			return -1;
		v = (a - 1) + (b - 1) * 45;
		if (v > 0xFF)
			return -1;
		*o++ = (unsigned char)v;
	}
	return (long)(o - out);
}
