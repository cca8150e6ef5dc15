/*
 * nik.h - the structure of a NIK (Nomor Induk Kependudukan) and of a KK
 * (Kartu Keluarga) number.
 *
 * Both are 16 digits: PPRRDD (the kecamatan of first registration, kept
 * for life, so a code retired since is still good), DDMMYY, then a
 * 4-digit serial that is never 0000.  In a NIK, DDMMYY is the birth date
 * with 40 added to the day for women; in a KK number it is the date the
 * card was first registered, without the +40.
 *
 * Problems come back in a small array the caller owns, each with a stable
 * code ("E-NIK-DATE", "W-NIK-SEX", ...) whose first letter is its weight:
 * E is an error, W a warning (by regulation a NIK never changes, even when
 * it was typed wrong at registration, so disagreement with the record is
 * only a warning).  The messages quote the number and say what is wrong
 * in words an operator at the counter understands.  Nothing allocates;
 * the region table (may be NULL: the kecamatan is then not checked) is
 * only read.
 */
#ifndef SEGEL_NIK_H
#define SEGEL_NIK_H

#include <stddef.h>

#include "date.h"
#include "region.h"

#define NIK_MAXPROBS 4 /* one call never reports more */

typedef struct nik_problem {
	char code[28];     /* "E-NIK-FORMAT", "W-KK-DISTRICT-RETIRED", ... */
	char message[320]; /* English, for records */
	char text[320];    /* the same in the reader's language (err.h) */
} nik_problem;

typedef struct nik_info {
	char number[17];    /* the 16 digits ("" after E-NIK-FORMAT) */
	char district[9];   /* "75.01.01" */
	region_status district_status; /* REGION_UNKNOWN when no table */
	int sex;            /* 0 male, 1 female, -1 when the day is invalid */
	int day, month, yy; /* day without the +40; yy is 0..99 */
	int date_ok;        /* 1 when day-month-yy exists in 19yy or 20yy */
	int serial;         /* last four digits */
} nik_info;

typedef struct kk_info {
	char number[17];
	char district[9];
	region_status district_status;
	sg_date registered; /* century resolved against date_today() */
	int date_ok;        /* 1 when the date exists and is not future */
	int serial;
} kk_info;

/*
 * Check s as a NIK.  out is always filled as far as s allows.  Problems:
 * E-NIK-FORMAT (not exactly 16 digits; nothing else is checked then),
 * E-NIK-DISTRICT (kecamatan code neither current nor in the history),
 * W-NIK-DISTRICT-RETIRED (only in the history), E-NIK-DATE (no such
 * birth date, women counted with +40; 29-02 needs YY divisible by 4),
 * E-NIK-SERIAL (0000).  Up to maxprobs go into probs, their number into
 * *nprobs.  Returns -1 when an E- problem was found, else 0.
 */
int nik_parse(const region_table *t, const char *s, nik_info *out,
    nik_problem *probs, size_t maxprobs, size_t *nprobs);

/*
 * Compare a parsed NIK with the record's person: W-NIK-BIRTHDATE when
 * day, month or year mod 100 differ from birth (skipped when birth is not
 * a valid date or the NIK's own date is invalid), W-NIK-SEX when the +40
 * disagrees with sex (0 male, 1 female; negative skips).  Returns the
 * number of problems stored in probs (also in *nprobs when not NULL).
 */
int nik_compare_person(const nik_info *info, sg_date birth, int sex,
    nik_problem *probs, size_t maxprobs, size_t *nprobs);

/*
 * Check s as a KK number: E-KK-FORMAT, E-KK-DISTRICT,
 * W-KK-DISTRICT-RETIRED, E-KK-DATE (no +40 here; the date must exist and
 * not lie after date_today(); YY above this year's is 19YY, else 20YY),
 * E-KK-SERIAL.  As nik_parse otherwise.
 */
int kk_parse(const region_table *t, const char *s, kk_info *out,
    nik_problem *probs, size_t maxprobs, size_t *nprobs);

#endif
