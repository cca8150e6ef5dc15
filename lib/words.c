/*
 * words.c - Indonesian number words.  The language is regular: units,
 * "belas" for the teens, "puluh", "ratus", "ribu", "juta", "miliar", and
 * "se-" instead of "satu" before sepuluh, sebelas, seratus and seribu.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "words.h"

static const char *const ones[] = {
	"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh",
	"delapan", "sembilan"
};

static const char *const months[] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
};

struct sbuf {
	char *p;
	size_t sz, len;
	int over;
};

static void
put(struct sbuf *b, const char *s)
{
	size_t n = strlen(s), room;

	if (b->len > 0 && !b->over) {
		if (b->len + 1 >= b->sz) {
			b->over = 1;
			return;
		}
		b->p[b->len++] = ' ';
		b->p[b->len] = '\0';
	}
	if (b->over)
		return;
	room = b->sz - b->len - 1;
	if (n > room) {
		memcpy(b->p + b->len, s, room);
		b->len += room;
		b->p[b->len] = '\0';
		b->over = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* 1..999 */
static void
hundreds(struct sbuf *b, unsigned n)
{
	unsigned h = n / 100, t = n % 100;

	if (h == 1)
		put(b, "seratus");
	else if (h > 1) {
		put(b, ones[h]);
		put(b, "ratus");
	}
	if (t == 0)
		return;
	if (t < 10)
		put(b, ones[t]);
	else if (t == 10)
		put(b, "sepuluh");
	else if (t == 11)
		put(b, "sebelas");
	else if (t < 20) {
		put(b, ones[t % 10]);
		put(b, "belas");
	} else {
		put(b, ones[t / 10]);
		put(b, "puluh");
		if (t % 10)
			put(b, ones[t % 10]);
	}
}

int
words_number(unsigned long long n, char *buf, size_t sz)
{
	static const char *const scale[] = { "miliar", "juta", "ribu", "" };
	static const unsigned long long div[] = { 1000000000ULL, 1000000ULL,
	    1000ULL, 1ULL };
	struct sbuf b = { buf, sz, 0, 0 };
	unsigned part;
	int i;

	if (sz == 0)
		return -1;
	buf[0] = '\0';
	if (n >= 1000000000000ULL)
		return -1;
	if (n == 0)
		put(&b, ones[0]);
	for (i = 0; i < 4; i++) {
		part = (unsigned)(n / div[i] % 1000);
		if (i == 0)
			part = (unsigned)(n / div[i]);
		if (part == 0)
			continue;
		if (i == 2 && part == 1)
			put(&b, "seribu");
		else {
			hundreds(&b, part);
			if (*scale[i])
				put(&b, scale[i]);
		}
	}
	return b.over ? -1 : (int)b.len;
}

const char *
words_month(int m)
{
	return m >= 1 && m <= 12 ? months[m - 1] : NULL;
}

int
words_date(sg_date d, char *buf, size_t sz)
{
	char day[64], year[128];
	int n;

	if (!date_valid(d.y, d.m, d.d) || sz == 0)
		return -1;
	if (words_number((unsigned)d.d, day, sizeof day) < 0 ||
	    words_number((unsigned)d.y, year, sizeof year) < 0)
		return -1;
	n = snprintf(buf, sz, "%s %s %s", day, months[d.m - 1], year);
	return n < 0 || (size_t)n >= sz ? -1 : n;
}

int
words_date_short(sg_date d, char *buf, size_t sz)
{
	int n;

	if (!date_valid(d.y, d.m, d.d) || sz == 0)
		return -1;
	n = snprintf(buf, sz, "%d %s %d", d.d, months[d.m - 1], d.y);
	return n < 0 || (size_t)n >= sz ? -1 : n;
}

int
words_ordinal(unsigned long long n, char *buf, size_t sz)
{
	int len;

	if (sz == 0)
		return -1;
	buf[0] = '\0';
	if (n == 0)
		return -1;
	if (n == 1) {
		len = snprintf(buf, sz, "pertama");
		return (size_t)len >= sz ? -1 : len;
	}
	if (sz < 3)
		return -1;
	memcpy(buf, "ke", 2);
	len = words_number(n, buf + 2, sz - 2);
	return len < 0 ? -1 : len + 2;
}

void
words_case_apply(char *s, enum words_case c)
{
	int start = 1;

	for (; *s; s++) {
		if (c == WORDS_UPPER || (c == WORDS_TITLE && start))
			*s = (char)toupper((unsigned char)*s);
		start = *s == ' ' || *s == '-';
	}
}
