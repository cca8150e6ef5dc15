/*
 * date.h - calendar dates as Indonesian forms and spreadsheets write them.
 *
 * Accepted: DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY (day and month may have one
 * digit) and ISO YYYY-MM-DD.  Day before month is the Indonesian order;
 * a year must have four digits.  Two-digit years, month names, serial
 * numbers from a spreadsheet and impossible dates are refused, never
 * guessed.
 */
#ifndef SEGEL_DATE_H
#define SEGEL_DATE_H

#include "err.h"

typedef struct sg_date {
	int y, m, d;
} sg_date;

/* 0 and *out set, or -1 with err (code E-DATE-FORMAT or E-DATE-INVALID). */
int date_parse(const char *s, sg_date *out, sg_err *err);
/* Strict ISO 8601 YYYY-MM-DD only (what records carry after intake). */
int date_parse_iso(const char *s, sg_date *out);
int date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void date_format_iso(sg_date dt, char *buf);
/* Days since 1970-01-01 (negative before), and back. */
long date_to_days(sg_date dt);
sg_date date_from_days(long days);
int date_cmp(sg_date a, sg_date b);
/* Today in local time (TZ), or $SEGEL_TODAY (YYYY-MM-DD) so tests do not
 * depend on the clock. */
sg_date date_today(void);
/* Today at a fixed offset from UTC (minutes east: 420 for WIB, UTC+7),
 * whatever TZ says, or $SEGEL_TODAY as above.  The verifier judges a
 * seal's issue date against the issuing office's own calendar day. */
sg_date date_today_at(int utc_offset_min);

#endif
