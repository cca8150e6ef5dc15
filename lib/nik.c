/*
 * nik.c - NIK and KK number checks.
 *
 * The two numbers share their shape, so one static checker does the
 * format, kecamatan and serial for both; only the date part differs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "nik.h"
#include "text.h"

static const char *const nik_month_name[] = {
	"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Where problems go: the caller's array, and a count of errors. */
struct nik_out {
	nik_problem *probs;
	size_t max, n;
	int errors;
};

static void nik_add(struct nik_out *o, const char *code, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
nik_add(struct nik_out *o, const char *code, const char *fmt, ...)
{
	nik_problem *p;
	va_list ap;

	if (code[0] == 'E')
		o->errors++;
	if (o->probs == NULL || o->n >= o->max)
		return;
	p = &o->probs[o->n++];
	snprintf(p->code, sizeof p->code, "%s", code);
	va_start(ap, fmt);
	sg_text_vformat2(p->message, sizeof p->message, p->text,
	    sizeof p->text, fmt, ap);
	va_end(ap);
}

/* What the operator typed, fit for a message. */
static void
nik_show(const char *s, char *buf, size_t n)
{
	text_show(s, 40, buf, n);
}

static int
nik_2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * The shared part: 16 digits, the kecamatan, the serial.  what is "NIK"
 * or "KK number", pfx "NIK" or "KK" for the codes.  -1 when the format is
 * wrong (nothing else was checked).
 */
static int
nik_common(const region_table *t, const char *s, const char *what,
    const char *pfx, char *number, char *district, region_status *status,
    int *serial, struct nik_out *o)
{
	char shown[48], code[28];
	const char *name;
	const region_hist *h;
	size_t len, i;

	number[0] = district[0] = '\0';
	*status = REGION_UNKNOWN;
	*serial = 0;
	snprintf(code, sizeof code, "E-%s-FORMAT", pfx);
	if (s == NULL || *s == '\0') {
		nik_add(o, code, "%s is empty; it must be 16 "
		    "digits", what);
		return -1;
	}
	len = strnlen(s, 64);
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	nik_show(s, shown, sizeof shown);
	if (i < len) {
		nik_add(o, code, "%s \"%s\" has %s at position "
		    "%zu; it must be 16 digits with no spaces, dots or letters",
		    what, shown, s[i] == ' ' ? "a space" : "a character that "
		    "is not a digit", i + 1);
		return -1;
	}
	if (len != 16) {
		nik_add(o, code, "%s \"%s\" has %s%zu digits; it "
		    "must have 16", what, shown, len == 64 ? "more than " : "",
		    len);
		return -1;
	}
	memcpy(number, s, 16);
	number[16] = '\0';
	name = region_district_from_nik6(t, s, status, district);
	if (t != NULL && *status == REGION_UNKNOWN) {
		snprintf(code, sizeof code, "E-%s-DISTRICT", pfx);
		nik_add(o, code, "%s %s: the first six digits "
		    "(%s) are not a kecamatan code, neither today nor in the "
		    "lists since 2016", what, number, district);
	} else if (*status == REGION_RETIRED) {
		h = region_history(t, district);
		snprintf(code, sizeof code, "W-%s-DISTRICT-RETIRED", pfx);
		nik_add(o, code, "%s %s: kecamatan %s (\"%s\") "
		    "was last listed in %d; the number keeps the code of its "
		    "first registration, so this is accepted", what, number,
		    district, name != NULL ? name : "?",
		    h != NULL ? h->last_year : 0);
	}
	*serial = nik_2(s + 12) * 100 + nik_2(s + 14);
	return 0;
}

static void
nik_serial(const char *number, int serial, const char *what,
    const char *pfx, struct nik_out *o)
{
	char code[28];

	if (serial != 0)
		return;
	snprintf(code, sizeof code, "E-%s-SERIAL", pfx);
	nik_add(o, code, "%s %s ends in 0000; the last four "
	    "digits are a serial number that starts at 0001", what, number);
}

int
nik_parse(const region_table *t, const char *s, nik_info *out,
    nik_problem *probs, size_t maxprobs, size_t *nprobs)
{
	const char *p;
	struct nik_out o = { probs, maxprobs, 0, 0 };
	int raw;

	memset(out, 0, sizeof *out);
	out->sex = -1;
	if (nik_common(t, s, "NIK", "NIK", out->number, out->district,
	    &out->district_status, &out->serial, &o) < 0)
		goto out;
	p = s + 6;
	raw = nik_2(p);
	out->month = nik_2(p + 2);
	out->yy = nik_2(p + 4);
	if (raw >= 1 && raw <= 31) {
		out->sex = 0;
		out->day = raw;
	} else if (raw >= 41 && raw <= 71) {
		out->sex = 1;
		out->day = raw - 40;
	}
	if (out->sex < 0) {
		nik_add(&o, "E-NIK-DATE", "NIK %s: birth "
		    "date part %.2s-%.2s-%.2s has day %.2s, which is neither "
		    "01-31 (a man) nor 41-71 (a woman: day + 40)", out->number,
		    p, p + 2, p + 4, p);
	} else if (out->month < 1 || out->month > 12) {
		nik_add(&o, "E-NIK-DATE", "NIK %s: birth "
		    "date part %.2s-%.2s-%.2s has month %.2s, which does not "
		    "exist", out->number, p, p + 2, p + 4, p + 2);
	} else if (!date_valid(2000 + out->yy, out->month, out->day)) {
		/*
		 * The century is unknown; 20YY is a leap year whenever 19YY
		 * or 20YY is one (2000 is, 1900 is not), so it decides.
		 */
		if (out->month == 2 && out->day == 29)
			nik_add(&o, "E-NIK-DATE", "NIK %s: "
			    "birth date part %.2s-%.2s-%.2s gives 29 February,"
			    " but neither 19%02d nor 20%02d is a leap year",
			    out->number, p, p + 2, p + 4, out->yy, out->yy);
		else
			nik_add(&o, "E-NIK-DATE", "NIK %s: "
			    "birth date part %.2s-%.2s-%.2s gives %d %s, "
			    "which does not exist", out->number, p, p + 2,
			    p + 4, out->day, nik_month_name[out->month]);
	} else
		out->date_ok = 1;
	nik_serial(out->number, out->serial, "NIK", "NIK", &o);
out:
	if (nprobs != NULL)
		*nprobs = o.n;
	return o.errors > 0 ? -1 : 0;
}

int
nik_compare_person(const nik_info *info, sg_date birth, int sex,
    nik_problem *probs, size_t maxprobs, size_t *nprobs)
{
	sg_date today = date_today();
	struct nik_out o = { probs, maxprobs, 0, 0 };
	int year;

	if (info->number[0] == '\0')
		goto out;
	if (info->date_ok && date_valid(birth.y, birth.m, birth.d) &&
	    (info->day != birth.d || info->month != birth.m ||
	    info->yy != ((birth.y % 100) + 100) % 100)) {
		/* the century is not in the NIK: show the likelier one */
		year = info->yy > today.y % 100 ? 1900 + info->yy :
		    2000 + info->yy;
		nik_add(&o, "W-NIK-BIRTHDATE", "NIK %s: "
		    "birth date part %.2s-%.2s-%.2s gives %d %s %d%s, but "
		    "the record says %04d-%02d-%02d", info->number,
		    info->number + 6, info->number + 8, info->number + 10,
		    info->day, nik_month_name[info->month], year,
		    info->sex == 1 ? " for a woman" : "", birth.y, birth.m,
		    birth.d);
	}
	if (sex >= 0 && info->sex >= 0 && (sex != 0) != (info->sex != 0))
		nik_add(&o, "W-NIK-SEX", "NIK %s: the day "
		    "part %.2s marks a %s (women have 40 added to the day), "
		    "but the record says %s", info->number, info->number + 6,
		    info->sex == 1 ? "woman" : "man",
		    sex != 0 ? "female (PEREMPUAN)" : "male (LAKI-LAKI)");
out:
	if (nprobs != NULL)
		*nprobs = o.n;
	return (int)o.n;
}

int
kk_parse(const region_table *t, const char *s, kk_info *out,
    nik_problem *probs, size_t maxprobs, size_t *nprobs)
{
	sg_date today = date_today();
	const char *p;
	struct nik_out o = { probs, maxprobs, 0, 0 };
	int d, m, yy;

	memset(out, 0, sizeof *out);
	if (nik_common(t, s, "KK number", "KK", out->number, out->district,
	    &out->district_status, &out->serial, &o) < 0)
		goto out;
	p = s + 6;
	d = nik_2(p);
	m = nik_2(p + 2);
	yy = nik_2(p + 4);
	out->registered.d = d;
	out->registered.m = m;
	out->registered.y = yy > today.y % 100 ? 1900 + yy : 2000 + yy;
	if (d < 1 || d > 31)
		nik_add(&o, "E-KK-DATE", "KK number %s: "
		    "registration date part %.2s-%.2s-%.2s has day %.2s; a KK "
		    "number has the day as 01-31 (no +40: is this a NIK?)",
		    out->number, p, p + 2, p + 4, p);
	else if (m < 1 || m > 12)
		nik_add(&o, "E-KK-DATE", "KK number %s: "
		    "registration date part %.2s-%.2s-%.2s has month %.2s, "
		    "which does not exist", out->number, p, p + 2, p + 4,
		    p + 2);
	else if (!date_valid(out->registered.y, m, d))
		nik_add(&o, "E-KK-DATE", "KK number %s: "
		    "registration date part %.2s-%.2s-%.2s gives %d %s %d, "
		    "which does not exist", out->number, p, p + 2, p + 4, d,
		    nik_month_name[m], out->registered.y);
	else if (date_cmp(out->registered, today) > 0)
		nik_add(&o, "E-KK-DATE", "KK number %s: "
		    "registration date part %.2s-%.2s-%.2s gives %d %s %d, "
		    "which is after today (%04d-%02d-%02d)", out->number, p,
		    p + 2, p + 4, d, nik_month_name[m], out->registered.y,
		    today.y, today.m, today.d);
	else
		out->date_ok = 1;
	nik_serial(out->number, out->serial, "KK number", "KK", &o);
out:
	if (nprobs != NULL)
		*nprobs = o.n;
	return o.errors > 0 ? -1 : 0;
}
