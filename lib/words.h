/*
 * words.h - numbers and dates written out in Indonesian, as civil
 * registration forms print them: "sepuluh Maret dua ribu dua puluh satu".
 *
 * Every function writes a NUL-terminated string into the caller's buffer
 * and returns its length, or -1 when the buffer is too small (the buffer
 * then holds a truncated string) or the value is out of range.
 */
#ifndef SEGEL_WORDS_H
#define SEGEL_WORDS_H

#include <stddef.h>

#include "date.h"

/* "nol", "sebelas", "dua ribu dua puluh satu"; n below 10^12. */
int words_number(unsigned long long n, char *buf, size_t sz);
/* "Januari" .. "Desember"; NULL outside 1..12. */
const char *words_month(int m);
/* "sepuluh Maret dua ribu dua puluh satu". */
int words_date(sg_date d, char *buf, size_t sz);
/* "10 Maret 2021". */
int words_date_short(sg_date d, char *buf, size_t sz);
/* The ordinal: "pertama" for 1, else "ke" joined to the number,
 * "kedua", "kesebelas", "kedua puluh satu"; n from 1 below 10^12. */
int words_ordinal(unsigned long long n, char *buf, size_t sz);

/* How a form capitalises words (in place; the words are ASCII). */
enum words_case {
	WORDS_LOWER,  /* as written: "sepuluh Maret" */
	WORDS_TITLE,  /* each word capitalised: "Sepuluh Maret" */
	WORDS_UPPER   /* "SEPULUH MARET" */
};
void words_case_apply(char *s, enum words_case c);

#endif
