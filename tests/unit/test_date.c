#include "date.h"

#include <stdlib.h>
#include <time.h>

#include "t.h"

static const struct {
	const char *in, *want; /* want NULL: refused; code in "code" */
	const char *code;
} rows[] = {
	{ "10-03-2021", "2021-03-10", NULL },
	{ "10/03/2021", "2021-03-10", NULL },
	{ "2021-03-10", "2021-03-10", NULL },
	{ "10.03.2021", "2021-03-10", NULL },
	{ "1/3/2021", "2021-03-01", NULL },
	{ "29-02-2020", "2020-02-29", NULL },
	{ "29-02-2021", NULL, "E-DATE-INVALID" },
	{ "29-02-1900", NULL, "E-DATE-INVALID" },
	{ "29-02-2000", "2000-02-29", NULL },
	{ "31-04-2020", NULL, "E-DATE-INVALID" },
	{ "31-02-2020", NULL, "E-DATE-INVALID" },
	{ "2021-13-01", NULL, "E-DATE-INVALID" },
	{ "10-03-21", NULL, "E-DATE-FORMAT" },
	{ "03/25/2021", NULL, "E-DATE-INVALID" },
	{ "kemarin", NULL, "E-DATE-FORMAT" },
	{ "44265", NULL, "E-DATE-FORMAT" },
	{ "", NULL, "E-DATE-FORMAT" },
	{ "10-03/2021", NULL, "E-DATE-FORMAT" },
	{ "10-03-2021x", NULL, "E-DATE-FORMAT" },
	{ "00-01-2020", NULL, "E-DATE-INVALID" },
	{ "2021/03/10", NULL, "E-DATE-FORMAT" },
	{ "100-03-2021", NULL, "E-DATE-FORMAT" },
};

int
main(int argc, char **argv)
{
	char name[32], iso[11];
	sg_date d;
	sg_err e;
	size_t i;
	long k;
	int rc, bad = 0;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(name, sizeof name, "parse#%zu", i);
		sg_err_clear(&e);
		rc = date_parse(rows[i].in, &d, &e);
		if (rows[i].want != NULL) {
			date_format_iso(d, iso);
			T_OK(name, rc == 0 && strcmp(iso, rows[i].want) == 0,
			    "\"%s\": rc %d, got %s (%s)", rows[i].in, rc,
			    rc == 0 ? iso : "-", e.message);
		} else {
			T_OK(name, rc == -1 && strcmp(e.code, rows[i].code)
			    == 0, "\"%s\": rc %d code %s, want %s",
			    rows[i].in, rc, e.code, rows[i].code);
		}
	}
	for (k = -800000; k <= 800000; k += 7)
		if (date_to_days(date_from_days(k)) != k)
			bad++;
	T_OK("days-roundtrip", bad == 0, "%d days did not round-trip", bad);
	T_OK("days-epoch", date_to_days((sg_date){ 1970, 1, 1 }) == 0,
	    "epoch not day 0");
	T_OK("days-2000", date_to_days((sg_date){ 2000, 3, 1 }) == 11017,
	    "2000-03-01 is not day 11017");
	T_OK("iso-strict", date_parse_iso("2021-3-10", &d) == -1,
	    "ISO parse accepted one-digit month");
	setenv("SEGEL_TODAY", "2026-11-23", 1);
	d = date_today();
	T_OK("today-env", d.y == 2026 && d.m == 11 && d.d == 23,
	    "SEGEL_TODAY ignored");
	d = date_today_at(540);
	T_OK("today-at-env", d.y == 2026 && d.m == 11 && d.d == 23,
	    "SEGEL_TODAY ignored at an offset");
	unsetenv("SEGEL_TODAY");
	{
		time_t now = time(NULL);
		long day = (long)(now / 86400);
		long east = date_to_days(date_today_at(540));
		long w = date_to_days(date_today_at(-900));

		/* 24 hours apart: always one calendar day apart */
		T_OK("today-at", (east == day || east == day + 1) &&
		    east - w == 1, "UTC+9 day %ld, UTC-15 day %ld, UTC day "
		    "%ld", east, w, day);
	}
	return T_DONE();
}
