/*
 * Layouts of every shipped type parse; bad references are refused; the
 * default layout covers a type without one; file names from document
 * numbers (the writer is in test_file.c).
 */
#include <stdlib.h>
#include <unistd.h>

#include "layout.h"
#include "render.h"
#include "t.h"

/*
 * Every "{name}" a template prints: a field of the type's newest seal
 * list, or one of the placeholders the seal's header or the layout gives
 * (number, issued, issuer, title, row number), or the head of the family
 * (drawn from the sealed member names and relations), or the office,
 * official and NIP, which the page check masks (formats/seal.md).
 * Returns the first reference outside that, or NULL.
 */
static const char *
unsealed_ref(const doctype *t, const char *tmpl, char *name, size_t sz)
{
	static const char *const given[] = { "number", "issued", "issuer",
	    "title", "#", "office", "official", "nip", "place" };
	const doctype_field *rel, *head;
	const char *p = tmpl, *close;
	size_t n, k;
	int ok, code, v = doctype_seal_version(t);

	while (p != NULL && (p = strchr(p, '{')) != NULL) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		if ((close = strchr(p, '}')) == NULL)
			break;
		n = strcspn(p + 1, ":}");
		snprintf(name, sz, "%.*s", (int)n, p + 1);
		ok = doctype_seal_holds(t, v, name);
		for (k = 0; !ok && k < sizeof given / sizeof given[0]; k++)
			ok = strcmp(name, given[k]) == 0;
		/* {head}: the member list's head, found and named by
		 * member fields the seal must hold */
		if (!ok && strcmp(name, "head") == 0 &&
		    doctype_members_head(t, &rel, &code, &head) == 0)
			ok = doctype_seal_members_v(t, v) &&
			    doctype_seal_holds(t, v, rel->name) &&
			    doctype_seal_holds(t, v, head->name);
		if (!ok)
			return name;
		p = close + 1;
	}
	return NULL;
}

/* The first field a condition list tests that the newest seal does not
 * hold, or NULL. */
static const char *
cond_unsealed(const doctype *t, const lay_cond *c, char *name, size_t sz)
{
	const char *lists[2] = { c->when_all, c->unless }, *p;
	size_t n;
	int i;

	for (i = 0; i < 2; i++)
		for (p = lists[i]; p != NULL && *p; p += n) {
			p += strspn(p, " ");
			n = strcspn(p, " =");
			if (n == 0)
				break;
			snprintf(name, sz, "%.*s", (int)n, p);
			if (!doctype_seal_holds(t, doctype_seal_version(t),
			    name))
				return name;
			n = strcspn(p, " ");
		}
	return NULL;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *xml;
		int good;
	} conds[] = {
		{ "<layout><text if=\"nama_ayah\">x</text></layout>", 1 },
		{ "<layout><text if=\"nama_ayah status_perkawinan_ortu=5\" "
		    "unless=\"anak_ke\">x</text></layout>", 1 },
		{ "<layout><fields><field ref=\"nik_ayah\" if=\"nama_ayah\"/>"
		    "</fields></layout>", 1 },
		{ "<layout><text if=\"nope\">x</text></layout>", 0 },
		{ "<layout><text unless=\"nama_ayah nope=1\">x</text></layout>",
		    0 },
		{ "<layout><fields><field ref=\"nik\" if=\"=5\"/></fields>"
		    "</layout>", 0 },
		{ "<layout><text if=\"nik nik nik nik nik nik nik nik nik\">x"
		    "</text></layout>", 0 },
	};
	static const struct {
		enum field_type type;
		const char *v, *fmt, *want;
	} fmts[] = {
		{ FT_DATE, "2025-11-10", "words",
		    "sepuluh November dua ribu dua puluh lima" },
		{ FT_DATE, "2025-11-10", "words-upper",
		    "SEPULUH NOVEMBER DUA RIBU DUA PULUH LIMA" },
		{ FT_DATE, "2025-11-10", "words-title",
		    "Sepuluh November Dua Ribu Dua Puluh Lima" },
		{ FT_DATE, "2025-11-10", "ordinal", "10-11-2025" },
		{ FT_INTEGER, "10", "words-upper", "SEPULUH" },
		{ FT_INTEGER, "2", "ordinal-title", "Kedua" },
		{ FT_INTEGER, "1", "ordinal", "pertama" },
		{ FT_INTEGER, "0", "ordinal", "0" },
		{ FT_INTEGER, "10", "words-bogus", "10" },
		{ FT_TEXT, "abc", "words-upper", "abc" },
		{ FT_INTEGER, "", "words", "" },
	};
	static const struct {
		const char *number, *want;
	} names[] = {
		{ "7501-LT-23112026-0001", "7501-LT-23112026-0001.pdf" },
		{ "7501/KK/2026/0001", "7501_KK_2026_0001.pdf" },
		{ "../../etc/passwd", "_._.._etc_passwd.pdf" },
		{ ".hidden", "_hidden.pdf" },
		{ "Nomor \xc3\xa9", "Nomor___.pdf" },
		{ "", NULL },
	};
	const char *dir = getenv("SEGEL_FORMATS") ? getenv("SEGEL_FORMATS") :
	    "formats";
	char name[64], out[300];
	doctype_set *ds;
	const doctype *t;
	const char *xml;
	layout *l;
	size_t i;
	sg_err e;
	int line;

	T_INIT(argc, argv);
	ds = doctype_set_load(dir, &e);
	T_OK("load", ds != NULL, "%s", e.message);
	if (ds == NULL)
		return T_DONE();
	for (i = 0; i < doctype_set_count(ds); i++) {
		t = doctype_set_at(ds, i);
		xml = doctype_layout_xml(t, &line);
		snprintf(name, sizeof name, "shipped#%zu", i);
		l = layout_parse(xml, doctype_file(t), t, &e);
		T_OK(name, xml != NULL && l != NULL && l->n_items > 3,
		    "%s: %s", doctype_id(t), l ? "no layout" : e.message);
		layout_free(l);
	}
	/* every printed field is sealed (issue 9), and conditions read
	 * sealed fields only: the page check redraws from the seal and must
	 * choose the same variant */
	for (i = 0; i < doctype_set_count(ds); i++) {
		const char *bad = NULL, *badc = NULL;
		char ref[64], cref[64];
		size_t k, c;
		const lay_item *it;

		t = doctype_set_at(ds, i);
		xml = doctype_layout_xml(t, &line);
		l = layout_parse(xml, doctype_file(t), t, &e);
		for (k = 0; l != NULL && k < l->n_items; k++) {
			it = &l->items[k];
			if (bad == NULL)
				bad = unsealed_ref(t, it->text, ref, sizeof ref);
			if (badc == NULL)
				badc = cond_unsealed(t, &it->cond, cref,
				    sizeof cref);
			for (c = 0; c < it->n_cells; c++) {
				if (bad == NULL)
					bad = unsealed_ref(t, it->cells[c].value,
					    ref, sizeof ref);
				if (badc == NULL)
					badc = cond_unsealed(t,
					    &it->cells[c].cond, cref,
					    sizeof cref);
			}
		}
		snprintf(name, sizeof name, "printed-is-sealed#%zu", i);
		T_OK(name, l != NULL && bad == NULL, "%s prints %s, which its "
		    "seal (version %d) does not hold", doctype_id(t),
		    bad ? bad : "?", doctype_seal_version(t));
		snprintf(name, sizeof name, "condition-is-sealed#%zu", i);
		T_OK(name, l != NULL && badc == NULL, "%s tests %s, which its "
		    "seal does not hold", doctype_id(t), badc ? badc : "?");
		layout_free(l);
	}
	t = doctype_set_find(ds, "akta-kelahiran");
	for (i = 0; i < sizeof conds / sizeof conds[0]; i++) {
		snprintf(name, sizeof name, "cond#%zu", i);
		l = layout_parse(conds[i].xml, "x", t, &e);
		T_OK(name, conds[i].good ? l != NULL : l == NULL &&
		    strcmp(e.code, "E-LAYOUT") == 0, "%s: %s", conds[i].xml,
		    l ? "accepted" : e.message);
		layout_free(l);
	}
	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		snprintf(name, sizeof name, "format#%zu", i);
		layout_value_format(fmts[i].type, NULL, fmts[i].v, fmts[i].fmt,
		    out, sizeof out);
		T_STREQ(name, out, fmts[i].want);
	}
	t = doctype_set_find(ds, "kk");
	l = layout_parse("<layout><fields><field ref=\"nope\"/></fields>"
	    "</layout>", "x", t, &e);
	T_OK("bad-ref", l == NULL && strcmp(e.code, "E-LAYOUT") == 0,
	    "accepted");
	layout_free(l);
	l = layout_parse("<layout><table><column ref=\"no_kk\"/></table>"
	    "</layout>", "x", t, &e);
	T_OK("header-in-table", l == NULL, "accepted a header field column");
	layout_free(l);
	l = layout_parse("<layout><qr module=\"0.1\"/></layout>", "x", t, &e);
	T_OK("module-floor", l != NULL && l->items[0].module >= 0.35,
	    "module below 0.35 mm kept");
	layout_free(l);
	l = layout_parse(NULL, "x", t, &e);
	T_OK("default", l != NULL && l->page_w == 210, "no default layout");
	T_OK("paper-f4", l != NULL && layout_set_paper(l, "f4") == 0 &&
	    l->page_w == 215 && l->page_h == 330, "not F4");
	T_OK("paper-bad", l != NULL && layout_set_paper(l, "letter") == -1,
	    "accepted letter");
	layout_free(l);
	layout_free(NULL);

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(name, sizeof name, "file-name#%zu", i);
		T_STREQ(name, render_file_name(names[i].number, out,
		    sizeof out) == 0 ? out : NULL, names[i].want);
	}

	doctype_set_free(ds);
	return T_DONE();
}
