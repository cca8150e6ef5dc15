/*
 * test_nik - NIK and KK number checks against the region tables in
 * $SEGEL_FORMATS/wilayah (default formats/wilayah), with SEGEL_TODAY
 * fixed at 2025-06-30 so "not in the future" does not depend on the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nik.h"
#include "t.h"

/* Problems as "CODE CODE ..." in the order found; "" for none. */
static const struct {
	const char *s, *want;
	int sex, day, month, yy;  /* checked when want has no E-NIK-FORMAT */
	const char *district;
} nik_rows[] = {
	{ "7501015507900001", "", 1, 15, 7, 90, "75.01.01" },
	{ "7501011507900001", "", 0, 15, 7, 90, "75.01.01" },
	/* the women's +40 */
	{ "7501014101000001", "", 1, 1, 1, 0, "75.01.01" },
	{ "7501017112990001", "", 1, 31, 12, 99, "75.01.01" },
	{ "7501017201990001", "E-NIK-DATE", -1, 0, 1, 99, "75.01.01" },
	{ "7501014001990001", "E-NIK-DATE", -1, 0, 1, 99, "75.01.01" },
	{ "7501010001990001", "E-NIK-DATE", -1, 0, 1, 99, "75.01.01" },
	{ "7501013201990001", "E-NIK-DATE", -1, 0, 1, 99, "75.01.01" },
	{ "7501017101990001", "", 1, 31, 1, 99, "75.01.01" },
	{ "7501017102990001", "E-NIK-DATE", 1, 31, 2, 99, "75.01.01" },
	/* 29 February: 00 (2000 leap), 04, not 01 */
	{ "7501012902000001", "", 0, 29, 2, 0, "75.01.01" },
	{ "7501016902040001", "", 1, 29, 2, 4, "75.01.01" },
	{ "7501012902010001", "E-NIK-DATE", 0, 29, 2, 1, "75.01.01" },
	{ "7501016902010001", "E-NIK-DATE", 1, 29, 2, 1, "75.01.01" },
	{ "7501013002040001", "E-NIK-DATE", 0, 30, 2, 4, "75.01.01" },
	{ "7501013104900001", "E-NIK-DATE", 0, 31, 4, 90, "75.01.01" },
	{ "7501011513900001", "E-NIK-DATE", 0, 15, 13, 90, "75.01.01" },
	{ "7501011500900001", "E-NIK-DATE", 0, 15, 0, 90, "75.01.01" },
	/* serial */
	{ "7501011507900000", "E-NIK-SERIAL", 0, 15, 7, 90, "75.01.01" },
	{ "7501011507909999", "", 0, 15, 7, 90, "75.01.01" },
	/* retired and unknown kecamatan */
	{ "9101011507900001", "W-NIK-DISTRICT-RETIRED", 0, 15, 7, 90,
	  "91.01.01" },
	{ "9201015507900001", "W-NIK-DISTRICT-RETIRED", 1, 15, 7, 90,
	  "92.01.01" },
	{ "9301011507900001", "", 0, 15, 7, 90, "93.01.01" },
	{ "7501991507900001", "E-NIK-DISTRICT", 0, 15, 7, 90, "75.01.99" },
	{ "7571001507900001", "E-NIK-DISTRICT", 0, 15, 7, 90, "75.71.00" },
	{ "9901017201990000", "E-NIK-DISTRICT E-NIK-DATE E-NIK-SERIAL", -1,
	  0, 1, 99, "99.01.01" },
	/* the four regencies */
	{ "1708045507900001", "", 1, 15, 7, 90, "17.08.04" },
	{ "6409041010850123", "", 0, 10, 10, 85, "64.09.04" },
	{ "5314116312010002", "", 1, 23, 12, 1, "53.14.11" },
	{ "7501025005750001", "", 1, 10, 5, 75, "75.01.02" },
	/* format */
	{ "750101550790001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "75010155079000011", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "7501 01550790001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ " 7501015507900001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "7501015507900001 ", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "75010155O7900001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "7501.01.550790.0001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "7.501015507900E15", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ NULL, "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
	{ "\xef\xbc\x97" "501015507900001", "E-NIK-FORMAT", 0, 0, 0, 0, NULL },
};

static const struct {
	const char *nik, *birth; /* birth NULL: no valid date */
	int sex;
	const char *want, *says;
} cmp_rows[] = {
	{ "7501015507900001", "1990-07-15", 1, "", NULL },
	{ "7501015507900001", "1990-07-16", 1, "W-NIK-BIRTHDATE",
	  "NIK 7501015507900001: birth date part 55-07-90 gives 15 July 1990 "
	  "for a woman, but the record says 1990-07-16" },
	{ "7501015507900001", "1990-07-15", 0, "W-NIK-SEX",
	  "marks a woman" },
	{ "7501011507900001", "1990-07-15", 1, "W-NIK-SEX", "marks a man" },
	{ "7501015507900001", "1990-06-16", 0,
	  "W-NIK-BIRTHDATE W-NIK-SEX", NULL },
	{ "7501015507900001", "1991-07-15", 1, "W-NIK-BIRTHDATE", NULL },
	{ "7501015507900001", "1990-08-15", 1, "W-NIK-BIRTHDATE", NULL },
	/* the year is compared mod 100: the century is not in a NIK */
	{ "7501015507900001", "2090-07-15", 1, "", NULL },
	{ "7501011512990001", "1999-12-15", 0, "", NULL },
	{ "7501011512990001", "2099-12-15", 0, "", NULL },
	{ "7501011512990001", "1998-12-15", 0, "W-NIK-BIRTHDATE",
	  "gives 15 December 1999" },
	{ "7501011512050001", "1905-12-15", 0, "", NULL },
	{ "7501011512050001", "2006-12-15", 0, "W-NIK-BIRTHDATE",
	  "gives 15 December 2005" },
	{ "7501012902000001", "2000-02-29", 0, "", NULL },
	/* an invalid NIK date is E-NIK-DATE already: no second warning */
	{ "7501017201990001", "1999-01-31", 1, "", NULL },
	/* unknown birth date or sex: nothing to compare */
	{ "7501015507900001", NULL, 1, "", NULL },
	{ "7501015507900001", "1990-07-16", -1, "W-NIK-BIRTHDATE", NULL },
	{ "7501015507900001", NULL, -1, "", NULL },
	{ "75010155079", "1990-07-16", 0, "", NULL },
};

static const struct {
	const char *s, *want, *registered; /* registered when no format err */
} kk_rows[] = {
	{ "7501011507100001", "", "2010-07-15" },
	{ "1708040102150003", "", "2015-02-01" },
	{ "6409042001150001", "", "2015-01-20" },
	{ "5314110101230001", "", "2023-01-01" },
	/* not after today (2025-06-30); YY above 25 is 19YY */
	{ "7501013006250001", "", "2025-06-30" },
	{ "7501010107250001", "E-KK-DATE", "2025-07-01" },
	{ "7501013112250001", "E-KK-DATE", "2025-12-31" },
	{ "7501011507260001", "", "1926-07-15" },
	{ "7501011507990001", "", "1999-07-15" },
	/* no +40 in a KK number */
	{ "7501015507100001", "E-KK-DATE", "2010-07-55" },
	{ "7501014101100001", "E-KK-DATE", "2010-01-41" },
	{ "7501010001100001", "E-KK-DATE", "2010-01-00" },
	{ "7501013201100001", "E-KK-DATE", "2010-01-32" },
	{ "7501011513100001", "E-KK-DATE", "2010-13-15" },
	/* 29 February with the century resolved */
	{ "7501012902000001", "", "2000-02-29" },
	{ "7501012902960001", "", "1996-02-29" },
	{ "7501012902970001", "E-KK-DATE", "1997-02-29" },
	{ "7501012902240001", "", "2024-02-29" },
	{ "7501013104100001", "E-KK-DATE", "2010-04-31" },
	{ "7501011507100000", "E-KK-SERIAL", "2010-07-15" },
	{ "9101011507100001", "W-KK-DISTRICT-RETIRED", "2010-07-15" },
	{ "7501991507100001", "E-KK-DISTRICT", "2010-07-15" },
	{ "750101150710001", "E-KK-FORMAT", NULL },
	{ "75010115071000011", "E-KK-FORMAT", NULL },
	{ "7501-0115-0710-0001", "E-KK-FORMAT", NULL },
	{ "", "E-KK-FORMAT", NULL },
	{ NULL, "E-KK-FORMAT", NULL },
};

static void
codes(const nik_problem *p, size_t n, char *buf, size_t sz)
{
	size_t j;

	buf[0] = '\0';
	for (j = 0; j < n; j++) {
		if (strlen(buf) + strlen(p[j].code) + 2 > sz)
			break;
		if (j > 0)
			strcat(buf, " ");
		strcat(buf, p[j].code);
	}
}

static int
has_error(const char *want)
{
	return strstr(want, "E-") != NULL;
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	nik_problem probs[NIK_MAXPROBS];
	region_table *t;
	nik_info ni;
	kk_info ki;
	sg_date bd;
	sg_err err;
	char name[32], got[200], iso[24];
	size_t i, j, n;
	int rc;

	T_INIT(argc, argv);
	setenv("SEGEL_TODAY", "2025-06-30", 1);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	t = region_table_load(dir, &err);
	T_OK("load", t != NULL, "%s: %s: %s", err.code, err.where,
	    err.message);
	if (t == NULL)
		return T_DONE();

	for (i = 0; i < sizeof nik_rows / sizeof nik_rows[0]; i++) {
		snprintf(name, sizeof name, "nik#%zu", i);
		rc = nik_parse(t, nik_rows[i].s, &ni, probs, NIK_MAXPROBS, &n);
		codes(probs, n, got, sizeof got);
		if (strstr(nik_rows[i].want, "FORMAT") != NULL)
			T_OK(name, rc == -1 && strcmp(got, nik_rows[i].want)
			    == 0 && ni.number[0] == '\0', "\"%s\": rc %d, "
			    "got \"%s\"", nik_rows[i].s ? nik_rows[i].s :
			    "(null)", rc, got);
		else
			T_OK(name, rc == (has_error(nik_rows[i].want) ? -1 :
			    0) && strcmp(got, nik_rows[i].want) == 0 &&
			    ni.sex == nik_rows[i].sex &&
			    (ni.sex < 0 || ni.day == nik_rows[i].day) &&
			    ni.month == nik_rows[i].month &&
			    ni.yy == nik_rows[i].yy &&
			    ni.date_ok == !strstr(nik_rows[i].want, "DATE") &&
			    strcmp(ni.district, nik_rows[i].district) == 0 &&
			    strcmp(ni.number, nik_rows[i].s) == 0,
			    "\"%s\": rc %d, got \"%s\" want \"%s\"; sex %d "
			    "day %d month %d yy %d district %s",
			    nik_rows[i].s, rc, got, nik_rows[i].want, ni.sex,
			    ni.day, ni.month, ni.yy, ni.district);
		for (j = 0; t_selected(name) && j < n; j++)
			printf("#   %s: %s\n", probs[j].code, probs[j].message);
	}

	/* No table: the kecamatan is not judged. */
	rc = nik_parse(NULL, "9901011507900001", &ni, probs, NIK_MAXPROBS,
	    &n);
	T_OK("nik.notable", rc == 0 && n == 0 && ni.district_status ==
	    REGION_UNKNOWN && strcmp(ni.district, "99.01.01") == 0,
	    "rc %d n %zu", rc, n);
	/* Errors still count when there is no room to store them. */
	rc = nik_parse(t, "9901017201990000", &ni, NULL, 0, &n);
	T_OK("nik.noroom", rc == -1 && n == 0, "rc %d n %zu", rc, n);
	rc = nik_parse(t, "9901017201990000", &ni, probs, 1, &n);
	T_OK("nik.oneroom", rc == -1 && n == 1 &&
	    strcmp(probs[0].code, "E-NIK-DISTRICT") == 0, "rc %d n %zu",
	    rc, n);

	for (i = 0; i < sizeof cmp_rows / sizeof cmp_rows[0]; i++) {
		snprintf(name, sizeof name, "nikcmp#%zu", i);
		nik_parse(t, cmp_rows[i].nik, &ni, NULL, 0, NULL);
		memset(&bd, 0, sizeof bd);
		if (cmp_rows[i].birth != NULL)
			date_parse_iso(cmp_rows[i].birth, &bd);
		rc = nik_compare_person(&ni, bd, cmp_rows[i].sex, probs,
		    NIK_MAXPROBS, &n);
		codes(probs, n, got, sizeof got);
		T_OK(name, rc == (int)n && strcmp(got, cmp_rows[i].want) == 0
		    && (cmp_rows[i].says == NULL ||
		    (n > 0 && strstr(probs[0].message, cmp_rows[i].says))),
		    "%s vs %s/%d: got \"%s\" want \"%s\"; %s",
		    cmp_rows[i].nik, cmp_rows[i].birth ? cmp_rows[i].birth :
		    "-", cmp_rows[i].sex, got, cmp_rows[i].want,
		    n ? probs[0].message : "");
		for (j = 0; t_selected(name) && j < n; j++)
			printf("#   %s: %s\n", probs[j].code, probs[j].message);
	}

	for (i = 0; i < sizeof kk_rows / sizeof kk_rows[0]; i++) {
		snprintf(name, sizeof name, "kk#%zu", i);
		rc = kk_parse(t, kk_rows[i].s, &ki, probs, NIK_MAXPROBS, &n);
		codes(probs, n, got, sizeof got);
		snprintf(iso, sizeof iso, "%04d-%02d-%02d",
		    ki.registered.y % 10000, ki.registered.m % 100,
		    ki.registered.d % 100);
		T_OK(name, rc == (has_error(kk_rows[i].want) ? -1 : 0) &&
		    strcmp(got, kk_rows[i].want) == 0 &&
		    (kk_rows[i].registered == NULL ||
		    strcmp(iso, kk_rows[i].registered) == 0) &&
		    ki.date_ok == (kk_rows[i].registered != NULL &&
		    !strstr(kk_rows[i].want, "DATE")),
		    "\"%s\": rc %d, got \"%s\" want \"%s\"; registered %s "
		    "date_ok %d", kk_rows[i].s ? kk_rows[i].s : "(null)", rc,
		    got, kk_rows[i].want, iso, ki.date_ok);
		for (j = 0; t_selected(name) && j < n; j++)
			printf("#   %s: %s\n", probs[j].code, probs[j].message);
	}

	region_table_free(t);
	return T_DONE();
}
