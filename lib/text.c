#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

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

/* The length of the well-formed UTF-8 character at s (its code point in
 * *cp), or 0 when s does not start one. */
static size_t
utf8_one(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
		*cp = (unsigned long)(c & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && !(c == 0xE0 && s[1] < 0xA0) &&
	    !(c == 0xED && s[1] > 0x9F)) {
		*cp = (unsigned long)(c & 0x0F) << 12 |
		    (unsigned long)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 &&
	    !(c == 0xF0 && s[1] < 0x90) && !(c == 0xF4 && s[1] > 0x8F)) {
		*cp = (unsigned long)(c & 0x07) << 18 |
		    (unsigned long)(s[1] & 0x3F) << 12 |
		    (unsigned long)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		return 4;
	}
	return 0;
}

/* Characters that move the cursor, change the terminal, or reorder or
 * hide what follows. */
static int
is_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The escaping, into out when out is not NULL, with at most room bytes;
 * returns the bytes the whole escaped text takes (which may be more than
 * room: then out holds the characters that fit, and *used their length).
 */
static size_t
escape(const char *str, size_t len, char *out, size_t room, size_t *used,
    size_t *consumed)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, w = 0, k, e;
	unsigned long cp;
	char tmp[16];
	int full = 0;

	while (i < len) {
		k = utf8_one(s + i, len - i, &cp);
		if (k == 0) {
			e = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", s[i]);
			k = 1;
		} else if (is_control(cp)) {
			if (cp < 0x80)
				e = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x",
				    (unsigned)cp);
			else
				e = (size_t)snprintf(tmp, sizeof tmp, "\\u{%lx}",
				    cp);
		} else {
			memcpy(tmp, s + i, k);
			e = k;
		}
		if (out != NULL && !full) {
			if (w + e > room)
				full = 1;
			else {
				memcpy(out + w, tmp, e);
				*used = w + e;
				*consumed = i + k;
			}
		}
		w += e;
		i += k;
	}
	return w;
}

size_t
text_escape(const char *s, size_t len, char *buf, size_t n)
{
	size_t need, used = 0, consumed = 0;

	if (n == 0)
		return 0;
	need = escape(s, len, buf, n - 1, &used, &consumed);
	if (need <= n - 1) {
		buf[need] = '\0';
		return need;
	}
	/* Cut between characters, with "..." after. */
	if (n < 5) {
		buf[0] = '\0';
		return 0;
	}
	(void)escape(s, len, buf, n - 4, &used, &consumed);
	memcpy(buf + used, "...", 4);
	return used + 3;
}

char *
text_escape_dup(const char *s, size_t len)
{
	size_t used = 0, consumed = 0, need = escape(s, len, NULL, 0, &used,
	    &consumed);
	char *r = malloc(need + 1);

	if (r != NULL)
		text_escape(s, len, r, need + 1);
	return r;
}

void
text_vformat(char *buf, size_t n, const char *fmt, va_list ap)
{
	char tmp[8192];
	int k;

	if (n == 0)
		return;
	k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	if (k < 0)
		k = 0;
	text_escape(tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1,
	    buf, n);
}

void
text_format(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vformat(buf, n, fmt, ap);
	va_end(ap);
}

void
text_show(const char *s, size_t max, char *buf, size_t n)
{
	text_escape(s, strlen(s), buf, n < max + 4 ? n : max + 4);
}

/* ---- Unicode: character classes, upper case, NFC (libunistring) ---- */

int
text_char_is_blank(unsigned long cp, int lines)
{
	if (cp < 0x80)
		return cp == ' ' || (lines && (cp == '\t' || cp == '\r' ||
		    cp == '\n'));
	return cp <= 0x10ffff && uc_is_general_category((ucs4_t)cp,
	    UC_SPACE_SEPARATOR);
}

int
text_char_is_invisible(unsigned long cp)
{
	if (cp < 0x80)
		return cp < 0x20 || cp == 0x7f;
	/* The replacement character and the object replacement print as
	 * a box: whatever stood there is lost. */
	if (cp > 0x10ffff || cp == 0xfffc || cp == 0xfffd)
		return 1;
	return uc_is_general_category((ucs4_t)cp, UC_CONTROL) ||
	    uc_is_general_category((ucs4_t)cp, UC_FORMAT) ||
	    uc_is_general_category((ucs4_t)cp, UC_PRIVATE_USE) ||
	    uc_is_general_category((ucs4_t)cp, UC_SURROGATE) ||
	    uc_is_general_category((ucs4_t)cp, UC_LINE_SEPARATOR) ||
	    uc_is_general_category((ucs4_t)cp, UC_PARAGRAPH_SEPARATOR);
}

int
text_normalise(const char *s, size_t len, int flags, sg_buf *buf,
    text_norm *out)
{
	const uint8_t *p = (const uint8_t *)s;
	uint8_t *res = NULL;
	size_t i = 0, n = 0, k, rlen, pos = 0;
	int space = 0, ascii = 1;
	ucs4_t cp;
	char *o;

	memset(out, 0, sizeof *out);
	sg_buf_reset(buf);
	if (sg_buf_reserve(buf, len) != 0)
		return -1;
	o = buf->p;
	/* Blanks folded, invisibles left out, into buf's room: never longer
	 * than s. */
	while (i < len) {
		k = (size_t)u8_mbtouc(&cp, p + i, len - i);
		i += k;
		pos++;
		if (text_char_is_blank(cp, flags & TEXT_LINES)) {
			space = n > 0;
			continue;
		}
		if (text_char_is_invisible(cp)) {
			if (out->bad == 0) {
				out->bad = cp;
				out->bad_pos = pos;
			}
			continue;
		}
		if (space)
			o[n++] = ' ';
		space = 0;
		if (cp >= 0x80)
			ascii = 0;
		n += (size_t)u8_uctomb((uint8_t *)o + n, cp, 4);
	}
	o[n] = '\0';
	buf->len = n;
	/* ASCII is its own NFC and upper-cases by table: the common case
	 * pays no conversion. */
	if (ascii) {
		if (flags & TEXT_UPPER)
			for (k = 0; k < n; k++)
				if (o[k] >= 'a' && o[k] <= 'z')
					o[k] = (char)(o[k] - 32);
		out->len = out->chars = n;
		return 0;
	}
	rlen = 0;
	res = flags & TEXT_UPPER ?
	    u8_toupper((const uint8_t *)o, n, NULL, UNINORM_NFC, NULL,
	    &rlen) :
	    u8_normalize(UNINORM_NFC, (const uint8_t *)o, n, NULL, &rlen);
	sg_buf_reset(buf);
	if (res == NULL || sg_buf_add(buf, res, rlen) != 0 ||
	    sg_buf_str(buf) == NULL) {
		free(res);
		return -1;
	}
	free(res);
	out->len = rlen;
	out->chars = u8_mbsnlen((const uint8_t *)buf->p, rlen);
	return 0;
}

size_t
text_upper(const char *s, char *out, size_t n)
{
	uint8_t *res;
	size_t rlen = 0, k;

	if (n == 0)
		return 0;
	/* ASCII upper-cases by table (and is its own NFC): the keys and
	 * labels that are all ASCII pay no conversion. */
	for (k = 0; s[k] != '\0' && (unsigned char)s[k] < 0x80; k++)
		;
	if (s[k] == '\0') {
		for (k = 0; s[k] != '\0' && k + 1 < n; k++)
			out[k] = s[k] >= 'a' && s[k] <= 'z' ?
			    (char)(s[k] - 32) : s[k];
		out[k] = '\0';
		return k;
	}
	res = u8_toupper((const uint8_t *)s, strlen(s), NULL, UNINORM_NFC,
	    NULL, &rlen);
	if (res == NULL) {
		/* no memory: the text as it is, rather than nothing */
		if (out != s)
			snprintf(out, n, "%s", s);
		return strlen(out);
	}
	k = rlen < n ? rlen : n - 1;
	/* cut between characters, never inside one */
	while (k > 0 && k < rlen && (res[k] & 0xc0) == 0x80)
		k--;
	memcpy(out, res, k);
	out[k] = '\0';
	free(res);
	return k;
}

int
text_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
text_copy(char *out, size_t n, const char *s, size_t len)
{
	if (n == 0)
		return 0;
	len = strnlen(s, len);
	if (len > n - 1)
		len = n - 1;
	memmove(out, s, len);
	out[len] = '\0';
	return len;
}
