#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int
date_days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

int
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= date_days_in_month(y, m);
}

/* Read 1..max digits; returns the count read, 0 when none. */
static int
read_num(const char **sp, int max, int *out)
{
	const char *s = *sp;
	int n = 0, v = 0;

	while (n < max && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*sp = s + n;
	*out = v;
	return n;
}

int
date_parse_iso(const char *s, sg_date *out)
{
	const char *p = s;
	int y, m, d;

	if (read_num(&p, 4, &y) != 4 || *p++ != '-' ||
	    read_num(&p, 2, &m) != 2 || *p++ != '-' ||
	    read_num(&p, 2, &d) != 2 || *p != '\0' || !date_valid(y, m, d))
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

int
date_parse(const char *s, sg_date *out, sg_err *err)
{
	const char *p = s;
	int a, b, c, na, nb, nc;
	char sep;

	na = read_num(&p, 5, &a);
	sep = *p;
	if (na == 0 || (sep != '-' && sep != '/' && sep != '.'))
		goto format;
	p++;
	nb = read_num(&p, 3, &b);
	if (nb == 0 || *p != sep)
		goto format;
	p++;
	nc = read_num(&p, 5, &c);
	if (nc == 0 || *p != '\0')
		goto format;
	if (na == 4 && sep == '-' && nb == 2 && nc == 2) {
		/* ISO: year first */
		if (!date_valid(a, b, c)) {
			sg_err_set(err, "E-DATE-INVALID", NULL, "\"%s\" is not a "
			    "date that exists (read as YYYY-MM-DD)", s);
			return -1;
		}
		out->y = a;
		out->m = b;
		out->d = c;
		return 0;
	}
	if (na > 2 || nb > 2)
		goto format;
	if (nc != 4) {
		sg_err_set(err, "E-DATE-FORMAT", NULL, "\"%s\" has no "
		    "four-digit year; write it as DD-MM-YYYY", s);
		return -1;
	}
	if (b > 12 && a <= 12) {
		sg_err_set(err, "E-DATE-INVALID", NULL, "\"%s\": month %d does "
		    "not exist (dates are read day first, DD%cMM%cYYYY)", s,
		    b, sep, sep);
		return -1;
	}
	if (!date_valid(c, b, a)) {
		sg_err_set(err, "E-DATE-INVALID", NULL, "\"%s\" is not a date "
		    "that exists (read as DD%cMM%cYYYY)", s, sep, sep);
		return -1;
	}
	out->y = c;
	out->m = b;
	out->d = a;
	return 0;
format:
	if (strspn(s, "0123456789") == strlen(s) && *s != '\0')
		sg_err_set(err, "E-DATE-FORMAT", NULL, "\"%s\" looks like a "
		    "spreadsheet date number; format the column as text "
		    "DD-MM-YYYY", s);
	else
		sg_err_set(err, "E-DATE-FORMAT", NULL, "\"%s\" is not a date "
		    "in DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD form", s);
	return -1;
}

void
date_format_iso(sg_date dt, char *buf)
{
	static const char dig[] = "0123456789";

	buf[0] = dig[dt.y / 1000 % 10];
	buf[1] = dig[dt.y / 100 % 10];
	buf[2] = dig[dt.y / 10 % 10];
	buf[3] = dig[dt.y % 10];
	buf[4] = '-';
	buf[5] = dig[dt.m / 10 % 10];
	buf[6] = dig[dt.m % 10];
	buf[7] = '-';
	buf[8] = dig[dt.d / 10 % 10];
	buf[9] = dig[dt.d % 10];
	buf[10] = '\0';
}

/* Howard Hinnant's days_from_civil. */
long
date_to_days(sg_date dt)
{
	long y = dt.y - (dt.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

sg_date
date_from_days(long z)
{
	sg_date dt;
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(y + (dt.m <= 2));
	return dt;
}

int
date_cmp(sg_date a, sg_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

sg_date
date_today(void)
{
	const char *env = getenv("SEGEL_TODAY");
	sg_date dt;

	time_t now = time(NULL);
	struct tm tm;

	if (env != NULL && date_parse_iso(env, &dt) == 0)
		return dt;
	/* the office's own calendar day (TZ=Asia/Jakarta, say) */
	if (localtime_r(&now, &tm) == NULL)
		return date_from_days((long)(now / 86400));
	dt.y = tm.tm_year + 1900;
	dt.m = tm.tm_mon + 1;
	dt.d = tm.tm_mday;
	return dt;
}

sg_date
date_today_at(int utc_offset_min)
{
	const char *env = getenv("SEGEL_TODAY");
	time_t now = time(NULL);
	long long t;
	sg_date dt;

	if (env != NULL && date_parse_iso(env, &dt) == 0)
		return dt;
	t = (long long)now + (long long)utc_offset_min * 60;
	/* floor division: days since 1970-01-01 at that offset */
	return date_from_days((long)(t >= 0 ? t / 86400 :
	    -((-t + 86399) / 86400)));
}
