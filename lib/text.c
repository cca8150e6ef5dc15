#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Windows-1252 0x80-0x9F.  0 marks the five bytes the code page leaves
 * undefined; they become U+FFFD rather than C1 controls, which no
 * spreadsheet meant.
 */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

int
text_is_utf8(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	const unsigned char *end = s + len;
	uint64_t w;
	unsigned c;

	while (s < end) {
		/* ASCII is most of every spreadsheet: eight bytes a step. */
		while (end - s >= 8) {
			memcpy(&w, s, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			s += 8;
		}
		while (s < end && *s < 0x80)
			s++;
		if (s == end)
			break;
		c = *s;
		if (c >= 0xC2 && c <= 0xDF) {
			if (end - s < 2 || (s[1] & 0xC0) != 0x80)
				return 0;
			s += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (end - s < 3 || (s[1] & 0xC0) != 0x80 ||
			    (s[2] & 0xC0) != 0x80)
				return 0;
			if (c == 0xE0 && s[1] < 0xA0)	/* overlong */
				return 0;
			if (c == 0xED && s[1] > 0x9F)	/* surrogate */
				return 0;
			s += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (end - s < 4 || (s[1] & 0xC0) != 0x80 ||
			    (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
				return 0;
			if (c == 0xF0 && s[1] < 0x90)	/* overlong */
				return 0;
			if (c == 0xF4 && s[1] > 0x8F)	/* over U+10FFFF */
				return 0;
			s += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

size_t
text_utf8_put(char *out, unsigned long cp)
{
	unsigned char *o = (unsigned char *)out;

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
text_cp1252_to_utf8_buf(const char *buf, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i, n = 0;
	unsigned long cp;

	for (i = 0; i < len; i++) {
		cp = s[i];
		if (cp < 0x80) {
			out[n++] = (char)cp;
			continue;
		}
		if (cp < 0xA0) {
			cp = cp1252_c1[cp - 0x80];
			if (cp == 0)
				cp = 0xFFFD;
		}
		n += text_utf8_put(out + n, cp);
	}
	return n;
}

char *
text_cp1252_to_utf8(const char *buf, size_t len, size_t *outlen)
{
	char *out;
	size_t n;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	if ((out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	n = text_cp1252_to_utf8_buf(buf, len, out);
	out[n] = '\0';
	if (outlen != NULL)
		*outlen = n;
	return out;
}

int
text_cp1252_undefined(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 0x80 && s[i] < 0xA0 && cp1252_c1[s[i] - 0x80] == 0)
			return 1;
	return 0;
}

char *
text_to_utf8(const char *buf, size_t len, size_t *outlen)
{
	char *out;

	if (!text_is_utf8(buf, len))
		return text_cp1252_to_utf8(buf, len, outlen);
	if (len == SIZE_MAX || (out = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(out, buf, len);
	out[len] = '\0';
	if (outlen != NULL)
		*outlen = len;
	return out;
}

char *
text_utf16_to_utf8(const char *buf, size_t len, int big_endian,
    size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)buf;
	char *out;
	size_t i, n = 0;
	unsigned long u, lo;

	/* Each 2-byte unit gives at most 3 bytes, a pair 4 for 4 bytes. */
	if (len / 2 > (SIZE_MAX - 4) / 3)
		return NULL;
	if ((out = malloc(len / 2 * 3 + 4)) == NULL)
		return NULL;
	for (i = 0; i + 1 < len; i += 2) {
		u = big_endian ? (unsigned long)s[i] << 8 | s[i + 1] :
		    (unsigned long)s[i + 1] << 8 | s[i];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			lo = big_endian ? (unsigned long)s[i + 2] << 8 |
			    s[i + 3] : (unsigned long)s[i + 3] << 8 | s[i + 2];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 2;
			}
		}
		/* A lone surrogate is left as is: text_utf8_put makes it
		 * U+FFFD. */
		n += text_utf8_put(out + n, u);
	}
	if (len % 2)
		n += text_utf8_put(out + n, 0xFFFD);
	out[n] = '\0';
	if (outlen != NULL)
		*outlen = n;
	return out;
}

char *
text_trim(char *s)
{
	size_t b = 0, e;

	if (s == NULL)
		return NULL;
	e = strlen(s);
	while (b < e && (s[b] == ' ' || (s[b] >= '\t' && s[b] <= '\r')))
		b++;
	while (e > b && (s[e - 1] == ' ' ||
	    (s[e - 1] >= '\t' && s[e - 1] <= '\r')))
		e--;
	if (b > 0)
		memmove(s, s + b, e - b);
	s[e - b] = '\0';
	return s;
}

void
text_show(const char *s, size_t max, char *buf, size_t n)
{
	size_t i, w = 0, lim = n - 4 < max ? n - 4 : max;

	for (i = 0; s[i] != '\0' && w < lim; i++)
		buf[w++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i];
	if (s[i] != '\0') {
		/* the next byte is inside a character: do not cut it */
		while (w > 0 && ((unsigned char)s[w] & 0xc0) == 0x80)
			w--;
		memcpy(buf + w, "...", 3);
		w += 3;
	}
	buf[w] = '\0';
	if (!text_is_utf8(buf, w))
		for (i = 0; i < w; i++)
			if ((unsigned char)buf[i] >= 0x80)
				buf[i] = '?';
}
