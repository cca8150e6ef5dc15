/*
 * The verdict for a person (lib/verdict_text.h) and the one way a value
 * is printed (layout_value_format, shared with segel-render): values as
 * the paper prints them, the revocation news line by line, outside text
 * escaped, -q.  (The whole output in both languages: tests/cli/
 * verify-person.sh.)
 */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "t.h"
#include "verdict_text.h"

static int
has(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

int
main(int argc, char **argv)
{
	static const struct {
		enum field_type type;
		const char *table, *v, *fmt, *want;
	} vals[] = {
		{ FT_DATE, NULL, "2021-03-10", "", "10-03-2021" },
		{ FT_DATE, NULL, "2021-03-10", "date", "10 Maret 2021" },
		{ FT_DATE, NULL, "2021-03-10", "words",
		    "sepuluh Maret dua ribu dua puluh satu" },
		{ FT_DATE, NULL, "2021-13-10", "date", "2021-13-10" },
		{ FT_INTEGER, NULL, "2", "words", "dua" },
		{ FT_INTEGER, NULL, "2", "", "2" },
		{ FT_CODE, "agama", "budha", "", "BUDDHA" },
		{ FT_CODE, "agama", "Kong Hu Cu", "upper", "KONGHUCU" },
		{ FT_CODE, "agama", "nothing like it", "", "nothing like it" },
		{ FT_NAME, NULL, "Siti", "upper", "SITI" },
		{ FT_NAME, NULL, "", "upper", "" },
		{ FT_NAME, NULL, NULL, "", "" },
	};
	static const struct {
		const char *type, *field, *want;
	} fmts[] = {
		{ "akta-kelahiran", "tanggal_lahir", "date" }, /* the field
		    block's "{tempat_lahir}, {tanggal_lahir:date}" */
		{ "akta-kelahiran", "nama_lengkap", "" },
		{ "kk", "tanggal_lahir", "" },   /* the table: DD-MM-YYYY */
		{ "kk", "no_such_field", "" },
	};
	static const struct {
		int y, m, d, age, stale;
		const char *want, *not;
	} news[] = {
		{ 0, 0, 0, 0, 0, NULL, "Revocation" },  /* not filled in */
		{ 2026, 11, 20, 8, 0, "Revocation checked as of 2026-11-20, "
		    "8 days ago.\n", "Notice" },
		{ 2026, 11, 27, 1, 0, "as of 2026-11-27, 1 day ago.", NULL },
		{ 2026, 11, 28, 0, 0, "as of 2026-11-28, today.", NULL },
		{ 2026, 10, 1, 58, 1, "past its due date", NULL },
		{ 0, 0, 0, -1, 1, "revocation list is missing", "checked" },
	};
	const char *dir = getenv("SEGEL_FORMATS") ? getenv("SEGEL_FORMATS") :
	    "formats";
	char name[64], out[300], fmt[16];
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	region_table *regions = NULL;
	vtext *vt = NULL;
	vtext_lines l;
	verdict d;
	size_t i;
	sg_err e;

	T_INIT(argc, argv);
	if ((types = doctype_set_load(dir, &e)) == NULL ||
	    (codes = codetab_set_load(dir, &e)) == NULL ||
	    (regions = region_table_load(dir, &e)) == NULL ||
	    (vt = vtext_new(types, codes, regions, &e)) == NULL) {
		T_OK("setup", 0, "%s", e.message);
		return T_DONE();
	}
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		snprintf(name, sizeof name, "value#%zu", i);
		T_STREQ(name, layout_value_format(vals[i].type, vals[i].table ?
		    codetab_find(codes, vals[i].table) : NULL, vals[i].v,
		    vals[i].fmt, out, sizeof out), vals[i].want);
	}
	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		const doctype *t = doctype_set_find(types, fmts[i].type);
		const char *xml;
		layout *lay;
		int line;

		snprintf(name, sizeof name, "format#%zu", i);
		xml = doctype_layout_xml(t, &line);
		lay = layout_parse(xml, "test", t, &e);
		layout_field_format(lay, fmts[i].field, fmt, sizeof fmt);
		T_STREQ(name, fmt, fmts[i].want);
		layout_free(lay);
	}

	/* The revocation news: nothing until the verifier says, then a
	 * line, and a notice when the list is old or missing. */
	for (i = 0; i < sizeof news / sizeof news[0]; i++) {
		memset(&d, 0, sizeof d);
		snprintf(d.code, sizeof d.code, "VALID");
		snprintf(d.issuer_name, sizeof d.issuer_name, "Dinas X");
		d.revocation_asof.y = news[i].y;
		d.revocation_asof.m = news[i].m;
		d.revocation_asof.d = news[i].d;
		d.revocation_age = news[i].age;
		d.revocation_stale = news[i].stale;
		snprintf(name, sizeof name, "news#%zu", i);
		if (vtext_verdict(vt, &d, "scan.png", 0, &l) != 0) {
			T_OK(name, 0, "out of memory");
			continue;
		}
		T_OK(name, (news[i].want == NULL || has(l.more,
		    news[i].want)) && (news[i].not == NULL ||
		    !has(l.more, news[i].not)), "got \"%s\"", l.more);
		vtext_lines_clear(&l);
	}

	/* A reason in words, with what it names; -q keeps the line. */
	memset(&d, 0, sizeof d);
	snprintf(d.code, sizeof d.code, "R-SUPERSEDED");
	snprintf(d.superseded_by, sizeof d.superseded_by, "7501-LT-1");
	snprintf(d.status_date, sizeof d.status_date, "2026-11-23");
	d.revocation_asof.y = 2026, d.revocation_asof.m = 11;
	d.revocation_asof.d = 20, d.revocation_age = 3;
	if (vtext_verdict(vt, &d, "a.png", 1, &l) == 0) {
		T_STREQ("superseded-head", l.head, " (R-SUPERSEDED) a.png: the "
		    "issuing office replaced this document with a newer one, "
		    "number 7501-LT-1, on 2026-11-23");
		T_STREQ("quiet", l.more, "");
		T_STREQ("word", l.word, "NOT VALID");
		vtext_lines_clear(&l);
	}
	/* Outside text never reaches the terminal raw. */
	snprintf(d.code, sizeof d.code, "R-TAMPERED");
	snprintf(d.text, sizeof d.text, "page 1\033[2K\rVALID");
	if (vtext_verdict(vt, &d, "x\033[8m.pdf", 0, &l) == 0) {
		T_OK("escaped", !strchr(l.head, '\033') &&
		    !strchr(l.more, '\033') && !strchr(l.more, '\r') &&
		    has(l.head, "x\\x1b[8m.pdf") && has(l.more,
		    "What was found: page 1\\x1b[2K\\x0dVALID"), "got \"%s\" "
		    "\"%s\"", l.head, l.more);
		vtext_lines_clear(&l);
	}
	/* Could not be read: why, and what to do by the reason. */
	if (vtext_unreadable("blur.jpg", "E-SCAN-NO-CODE", "no QR code found",
	    0, &l) == 0) {
		T_OK("unreadable", strcmp(l.word, "COULD NOT BE READ") == 0 &&
		    strcmp(l.head, " (E-SCAN-NO-CODE) blur.jpg: no QR code "
		    "found") == 0 && has(l.more, "200 dpi") && has(l.more,
		    "whole QR code"), "got \"%s\" \"%s\"", l.head, l.more);
		vtext_lines_clear(&l);
	}
	if (vtext_unreadable("a.txt", "E-SCAN-FORMAT", "not an image", 0,
	    &l) == 0) {
		T_OK("unreadable-format", has(l.more, "PNG, JPEG") &&
		    !has(l.more, "dpi"), "got \"%s\"", l.more);
		vtext_lines_clear(&l);
	}
	vtext_free(vt);
	region_table_free(regions);
	codetab_set_free(codes);
	doctype_set_free(types);
	return T_DONE();
}
