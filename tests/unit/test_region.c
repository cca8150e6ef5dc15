/*
 * test_region - region tables from $SEGEL_FORMATS/wilayah (default
 * formats/wilayah): lookups, history, names, the address check.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "region.h"
#include "t.h"

static const struct {
	const char *code;
	int level;        /* 0: not found */
	const char *name;
	const char *parent;
} find_rows[] = {
	{ "75", 1, "Gorontalo", NULL },
	{ "75.01", 2, "Kabupaten Gorontalo", "75" },
	{ "75.71", 2, "Kota Gorontalo", "75" },
	{ "75.01.01", 3, "Limboto", "75.01" },
	{ "75.01.01.1001", 4, "Kayubulan", "75.01.01" },
	{ "7501011001", 4, "Kayubulan", "75.01.01" },
	{ "17.08", 2, "Kabupaten Kepahiang", "17" },
	{ "17.08.04.1003", 4, "Pensiunan", "17.08.04" },
	{ "64.09", 2, "Kabupaten Penajam Paser Utara", "64" },
	{ "64.09.04.1005", 4, "Sepaku", "64.09.04" },
	{ "53.14", 2, "Kabupaten Rote Ndao", "53" },
	{ "53.14.11.2001", 4, "Oelua", "53.14.11" },
	{ "31.72", 2, "Kota Administrasi Jakarta Utara", "31" },
	{ "12.07.28.1007", 4, "Lubuk Pakam I,II", "12.07.28" },
	{ "53.07.01.2021", 4, "Regapu\xe2\x80\x99u", "53.07.01" },
	{ "91.01", 0, NULL, NULL },          /* Merauke moved to 93.01 */
	{ "91.01.01", 0, NULL, NULL },
	{ "93.01.01", 3, "Merauke", "93.01" },
	{ "75.01.01.9999", 0, NULL, NULL },
	{ "75.1.1", 0, NULL, NULL },
	{ "75.01.01.", 0, NULL, NULL },
	{ "75.0101", 0, NULL, NULL },
	{ "75010", 0, NULL, NULL },
	{ "", 0, NULL, NULL },
	{ "75.01.01.2001x", 0, NULL, NULL },
	{ "kode", 0, NULL, NULL },
};

static const struct {
	const char *code;
	int first, last;   /* 0: no history */
	const char *name;
} hist_rows[] = {
	{ "91.01.01", 2016, 2022, "Merauke" },
	{ "91.01", 2016, 2022, "KAB. MERAUKE" },
	{ "93.01", 2023, 2025, "Kabupaten Merauke" },
	{ "92.01.01", 2016, 2023, "Makbon" },
	{ "75.01.01", 2016, 2025, "Limboto" },
	{ "53.14.11", 2022, 2025, "Loaholu" },
	/* the history file stops at 2018 under "Ma\'u": merged */
	{ "12.04.28", 2016, 2025, "Ma'u" },
	/* missing from the history file: taken from the current list */
	{ "94.05.16", 2025, 2025, "Mage'abume" },
	{ "99.01.01", 0, 0, NULL },
	{ "75.01.01.1001", 0, 0, NULL },
};

static const struct {
	const char *nik6;
	region_status status;
	const char *name, *dotted;
} nik6_rows[] = {
	{ "750101", REGION_CURRENT, "Limboto", "75.01.01" },
	{ "170804", REGION_CURRENT, "Kepahiang", "17.08.04" },
	{ "640904", REGION_CURRENT, "Sepaku", "64.09.04" },
	{ "531411", REGION_CURRENT, "Loaholu", "53.14.11" },
	{ "910101", REGION_RETIRED, "Merauke", "91.01.01" },
	{ "920101", REGION_RETIRED, "Makbon", "92.01.01" },
	{ "930101", REGION_CURRENT, "Merauke", "93.01.01" },
	{ "750199", REGION_UNKNOWN, NULL, "75.01.99" },
	{ "990101", REGION_UNKNOWN, NULL, "99.01.01" },
	{ "7501015507900001", REGION_CURRENT, "Limboto", "75.01.01" },
	{ "75010", REGION_UNKNOWN, NULL, "" },
	{ "75 101", REGION_UNKNOWN, NULL, "" },
};

static const struct {
	const char *code, *name;
	int want;
} name_rows[] = {
	{ "75.01", "KAB. GORONTALO", 1 },
	{ "75.01", "Kab Gorontalo", 1 },
	{ "75.01", "KAB.GORONTALO", 1 },
	{ "75.01", "kabupaten   gorontalo ", 1 },
	{ "75.01", "Gorontalo", 1 },
	{ "75.01", "Kota Gorontalo", 0 },
	{ "75.71", "KOTA GORONTALO", 1 },
	{ "75.71", "Kab. Gorontalo", 0 },
	{ "75.71", "Kabupaten Gorontalo", 0 },
	{ "75.71", "gorontalo", 1 },
	{ "75.01", "Kab. Gorontalo Utara", 0 },
	{ "75", "GORONTALO", 1 },
	{ "75", "Provinsi Gorontalo", 1 },
	{ "75", "Kabupaten Gorontalo", 0 },
	{ "17", "Bengkulu", 1 },
	{ "53", "NUSA TENGGARA TIMUR", 1 },
	{ "53", "Nusa Tenggara Barat", 0 },
	{ "64", "Prov. Kalimantan Timur", 1 },
	{ "31", "DKI Jakarta", 1 },
	{ "34", "DI Yogyakarta", 1 },
	{ "17.08", "KEPAHIANG", 1 },
	{ "17.08", "Kab. Kepahiang", 1 },
	{ "64.09", "PENAJAM PASER UTARA", 1 },
	{ "64.09", "KAB PENAJAM  PASER UTARA", 1 },
	{ "53.14", "Kab. Rote Ndao", 1 },
	{ "53.14", "Kota Rote Ndao", 0 },
	{ "31.72", "Jakarta Utara", 1 },
	{ "31.72", "Kota Jakarta Utara", 1 },
	{ "31.72", "Kota Administrasi Jakarta Utara", 1 },
	{ "31.72", "Kab. Jakarta Utara", 0 },
	{ "63.02", "KOTABARU", 1 },              /* Kabupaten Kotabaru */
	{ "63.02", "Kab. Kotabaru", 1 },
	{ "75.01.01", "LIMBOTO", 1 },
	{ "75.01.01", "Kec. Limboto", 1 },
	{ "75.01.01", "KECAMATAN LIMBOTO", 1 },
	{ "75.01.01", "Kec Limboto", 1 },
	{ "75.01.01", "Telaga", 0 },
	{ "75.01.01", "Kec.", 0 },
	{ "75.01.02.2011", "Desa Bulila", 1 },
	{ "75.01.02.2011", "BULILA", 1 },
	{ "75.01.01.1001", "Kel. Kayubulan", 1 },
	{ "75.01.01.1001", "KELURAHAN KAYUBULAN", 1 },
	{ "75.01.01.1001", "Kayu Bulan", 0 },
	{ "53.07.01.2021", "Regapu'u", 1 },
	{ "53.07.01.2021", "REGAPU\xe2\x80\x99U", 1 },
	{ "75.01.01.1001", "", 0 },
	{ "75.01.01.1001", "   ", 0 },
};

/* Expected problems as "CODE:field" joined by spaces ("" for none). */
static const struct {
	const char *kode, *desa, *kec, *kab, *prov;
	const char *want;
	const char *says; /* a piece the first message must contain */
} addr_rows[] = {
	{ "75.01.02.2011", "Bulila", "Telaga", "Kab. Gorontalo", "Gorontalo",
	  "", NULL },
	{ "75.01.02.2011", "DESA BULILA", "KEC. TELAGA", "KABUPATEN GORONTALO",
	  "PROVINSI GORONTALO", "", NULL },
	{ "75.01.02.2011", NULL, NULL, NULL, NULL, "", NULL },
	{ "17.08.04.1003", "Pensiunan", "Kepahiang", "Kepahiang", "Bengkulu",
	  "", NULL },
	{ "64.09.04.1005", "Kel. Sepaku", "Sepaku", "Penajam Paser Utara",
	  "Kalimantan Timur", "", NULL },
	{ "53.14.11.2001", "Oelua", "Loaholu", "Rote Ndao",
	  "Nusa Tenggara Timur", "", NULL },
	/* the regency of the other Gorontalo */
	{ "75.01.02.2011", "Bulila", "Telaga", "Kota Gorontalo", "Gorontalo",
	  "E-ADDR-NAME:kabupaten", "75.71" },
	/* desa names that belong to another kecamatan (Limboto) */
	{ "75.01.02.2011", "Kayubulan", "Limboto", "Gorontalo", "Gorontalo",
	  "E-ADDR-NAME:kecamatan E-ADDR-NAME:desa", "kecamatan 75.01.01" },
	{ "75.01.02.2011", "Bulila", "Batudaa", NULL, NULL,
	  "E-ADDR-NAME:kecamatan", "75.01.03" },
	{ "75.01.02.2011", "Bulila", "Telaga", "Gorontalo", "Bengkulu",
	  "E-ADDR-NAME:provinsi", "\"Bengkulu\" is provinsi 17" },
	/* kecamatan code given where a desa code belongs */
	{ "75.01.02", "Bulila", "Telaga", "Gorontalo", "Gorontalo",
	  "E-ADDR-LEVEL:kode_wilayah", "kecamatan code" },
	{ "75.01", NULL, NULL, "Gorontalo", NULL,
	  "E-ADDR-LEVEL:kode_wilayah", "kabupaten/kota code" },
	{ "75.01.02.2999", "Bulila", "Telaga", NULL, NULL,
	  "E-ADDR-UNKNOWN:kode_wilayah", "not in the 2025" },
	{ "75.01.02.2999", "Bulila", "Limboto", NULL, NULL,
	  "E-ADDR-UNKNOWN:kode_wilayah E-ADDR-NAME:kecamatan", NULL },
	{ "91.01.01.2001", "Kelapa Lima", "Merauke", "Merauke", "Papua",
	  "E-ADDR-UNKNOWN:kode_wilayah", "last listed in 2022" },
	{ "75.99.01.2001", NULL, NULL, NULL, NULL,
	  "E-ADDR-UNKNOWN:kode_wilayah", "no kabupaten/kota 75.99" },
	{ "75-01-02-2011", NULL, NULL, NULL, NULL,
	  "E-ADDR-FORMAT:kode_wilayah", "not a region code" },
	{ "", NULL, NULL, NULL, NULL, "E-ADDR-FORMAT:kode_wilayah", NULL },
	{ NULL, NULL, NULL, NULL, NULL, "E-ADDR-FORMAT:kode_wilayah", NULL },
	{ "7501022011", "Bulila", "Telaga", "Gorontalo", "Gorontalo", "",
	  NULL },
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	const region_entry *e, *p;
	const region_hist *h;
	region_problem probs[REGION_ADDR_MAXPROBS];
	region_table *t;
	region_status st;
	char name[32], got[256], one[48], dotted[9];
	const char *nm;
	double t0, t1;
	size_t i, j, n;
	sg_err err;
	long k, found = 0;
	int rc;

	T_INIT(argc, argv);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	t0 = now_ms();
	t = region_table_load(dir, &err);
	t1 = now_ms();
	T_OK("load", t != NULL, "%s: %s: %s", err.code, err.where,
	    err.message);
	if (t == NULL)
		return T_DONE();
	printf("# region_table_load: %.1f ms, %zu entries\n", t1 - t0,
	    region_table_count(t));
	T_OK("load.count", region_table_count(t) == 91599, "%zu entries",
	    region_table_count(t));
	T_OK("load.year", region_table_year(t) == 2025, "year %d",
	    region_table_year(t));

	for (i = 0; i < sizeof find_rows / sizeof find_rows[0]; i++) {
		snprintf(name, sizeof name, "find#%zu", i);
		e = region_find(t, find_rows[i].code);
		if (find_rows[i].level == 0) {
			T_OK(name, e == NULL, "\"%s\" found as %s",
			    find_rows[i].code, e ? e->code : "");
			continue;
		}
		p = e != NULL ? region_parent(t, e) : NULL;
		T_OK(name, e != NULL && e->level == find_rows[i].level &&
		    strcmp(e->name, find_rows[i].name) == 0 &&
		    (find_rows[i].parent == NULL ? p == NULL :
		    p != NULL && strcmp(p->code, find_rows[i].parent) == 0),
		    "\"%s\": level %d name \"%s\" parent %s",
		    find_rows[i].code, e ? e->level : 0, e ? e->name : "",
		    p ? p->code : "(none)");
	}

	for (i = 0; i < sizeof hist_rows / sizeof hist_rows[0]; i++) {
		snprintf(name, sizeof name, "history#%zu", i);
		h = region_history(t, hist_rows[i].code);
		if (hist_rows[i].first == 0) {
			T_OK(name, h == NULL, "%s has history",
			    hist_rows[i].code);
			continue;
		}
		T_OK(name, h != NULL && h->first_year == hist_rows[i].first &&
		    h->last_year == hist_rows[i].last &&
		    strcmp(h->last_name, hist_rows[i].name) == 0,
		    "%s: %d-%d \"%s\"", hist_rows[i].code,
		    h ? h->first_year : 0, h ? h->last_year : 0,
		    h ? h->last_name : "");
	}

	for (i = 0; i < sizeof nik6_rows / sizeof nik6_rows[0]; i++) {
		snprintf(name, sizeof name, "nik6#%zu", i);
		nm = region_district_from_nik6(t, nik6_rows[i].nik6, &st,
		    dotted);
		T_OK(name, st == nik6_rows[i].status &&
		    strcmp(dotted, nik6_rows[i].dotted) == 0 &&
		    (nik6_rows[i].name == NULL ? nm == NULL :
		    nm != NULL && strcmp(nm, nik6_rows[i].name) == 0),
		    "%s: status %d name %s dotted \"%s\"", nik6_rows[i].nik6,
		    (int)st, nm ? nm : "(null)", dotted);
	}

	for (i = 0; i < sizeof name_rows / sizeof name_rows[0]; i++) {
		snprintf(name, sizeof name, "name#%zu", i);
		e = region_find(t, name_rows[i].code);
		T_OK(name, e != NULL && region_name_matches(e,
		    name_rows[i].name) == name_rows[i].want,
		    "%s (%s) vs \"%s\": want %d", name_rows[i].code,
		    e ? e->name : "missing", name_rows[i].name,
		    name_rows[i].want);
	}

	for (i = 0; i < sizeof addr_rows / sizeof addr_rows[0]; i++) {
		snprintf(name, sizeof name, "region#%zu", i);
		rc = region_check_address(t, addr_rows[i].kode,
		    addr_rows[i].desa, addr_rows[i].kec, addr_rows[i].kab,
		    addr_rows[i].prov, probs, REGION_ADDR_MAXPROBS, &n);
		got[0] = '\0';
		for (j = 0; j < n; j++) {
			snprintf(one, sizeof one, "%s%.23s:%.15s", j ? " " : "",
			    probs[j].code, probs[j].field);
			if (strlen(got) + strlen(one) < sizeof got)
				strcat(got, one);
		}
		T_OK(name, strcmp(got, addr_rows[i].want) == 0 &&
		    rc == (n ? -1 : 0) && (addr_rows[i].says == NULL ||
		    (n > 0 && strstr(probs[0].message, addr_rows[i].says))),
		    "%s: got \"%s\" want \"%s\"; first message: %s",
		    addr_rows[i].kode ? addr_rows[i].kode : "(null)", got,
		    addr_rows[i].want, n ? probs[0].message : "-");
		for (j = 0; t_selected(name) && j < n; j++)
			printf("#   %s %s: %s\n", probs[j].code, probs[j].field,
			    probs[j].message);
	}

	/* Names to a code: real names of the four regencies in testdata. */
	{
		static const struct {
			const char *desa, *kec, *kab, *prov;
			size_t want;       /* how many desa fit */
			const char *first; /* the first candidate's code */
			int miss;          /* when none: the level that failed */
		} rs[] = {
			{ "Kayubulan", "Limboto", "Gorontalo", NULL, 1,
			  "75.01.01.1001", 0 },
			{ "KEL. KAYUBULAN", "KEC.  LIMBOTO", "KAB. GORONTALO",
			  "GORONTALO", 1, "75.01.01.1001", 0 },
			/* two Kayubulan in Kabupaten Gorontalo */
			{ "Kayubulan", NULL, "Kabupaten Gorontalo", NULL, 2,
			  "75.01.01.1001", 0 },
			{ "Kayubulan", "Batudaa Pantai", "Gorontalo", NULL, 1,
			  "75.01.05.2006", 0 },
			{ "Bulila", "Telaga", "Gorontalo", "Gorontalo", 1,
			  "75.01.02.2011", 0 },
			/* KOTA Gorontalo is another regency */
			{ "Bulila", "Telaga", "Kota Gorontalo", NULL, 0, NULL,
			  REGION_KECAMATAN },
			{ "Kel. Sepaku", "Sepaku", "Penajam Paser Utara",
			  "Kalimantan Timur", 1, "64.09.04.1005", 0 },
			{ "Oelua", "Loaholu", "Kab. Rote Ndao", NULL, 1,
			  "53.14.11.2001", 0 },
			{ "Nowhere", "Limboto", "Gorontalo", NULL, 0, NULL,
			  REGION_DESA },
			{ "Kayubulan", "Nowhere", "Gorontalo", NULL, 0, NULL,
			  REGION_KECAMATAN },
			{ "Kayubulan", "Limboto", "Atlantis", NULL, 0, NULL,
			  REGION_KABUPATEN },
			{ "Kayubulan", "Limboto", "Gorontalo", "Bengkulu", 0,
			  NULL, REGION_KABUPATEN },
			/* a desa name alone is no address */
			{ "Kayubulan", NULL, NULL, "Gorontalo", 0, NULL, 0 },
			{ "", "Limboto", "Gorontalo", NULL, 0, NULL, 0 },
		};
		const region_entry *cand[4], *deep;
		size_t r, nf;
		int miss;

		for (r = 0; r < sizeof rs / sizeof rs[0]; r++) {
			snprintf(name, sizeof name, "resolve.%zu", r);
			nf = region_resolve_names(t, rs[r].desa, rs[r].kec,
			    rs[r].kab, rs[r].prov, cand, 4, &miss, &deep);
			T_OK(name, nf == rs[r].want && (nf == 0 ||
			    strcmp(cand[0]->code, rs[r].first) == 0) &&
			    (nf != 0 || miss == rs[r].miss),
			    "%s/%s/%s: %zu found (%s), miss %d", rs[r].desa,
			    rs[r].kec ? rs[r].kec : "-",
			    rs[r].kab ? rs[r].kab : "-", nf,
			    nf ? cand[0]->code : "-", miss);
		}
		/* more candidates than room: counted, not written past max */
		nf = region_resolve_names(t, "Kayubulan", NULL, "Gorontalo",
		    NULL, cand, 1, NULL, NULL);
		T_OK("resolve.max", nf == 2, "%zu", nf);
		t0 = now_ms();
		for (k = 0; k < 2000; k++)
			nf += region_resolve_names(t, "Kayubulan", "Limboto",
			    "Gorontalo", NULL, cand, 4, NULL, NULL);
		t1 = now_ms();
		printf("# region_resolve_names: %.1f us per address\n",
		    (t1 - t0) * 1000 / 2000);
	}

	/* Problems beyond maxprobs are dropped, never written. */
	rc = region_check_address(t, "75.01.02.2011", "x", "x", "x", "x",
	    probs, 2, &n);
	T_OK("region.maxprobs", rc == -1 && n == 2, "rc %d n %zu", rc, n);

	/* Timing for the record, not asserted: a validator does a few of
	 * these per record at 50,000 records/s. */
	t0 = now_ms();
	for (k = 0; k < 1000000; k++) {
		static const char *const codes[] = { "75.01.02.2011",
		    "17.08.04.1003", "64.09.04.1005", "53.14.11.2001" };

		if (region_find(t, codes[k & 3]) != NULL)
			found++;
	}
	t1 = now_ms();
	printf("# region_find: %.0f ns per lookup\n", (t1 - t0) * 1e6 / 1e6);
	T_OK("find.loop", found == 1000000, "%ld found", found);

	/* Every province of the table has a time zone. */
	{
		size_t np = 0, bad = 0;
		char c[3];

		for (k = 10; k < 100; k++) {
			snprintf(c, sizeof c, "%ld", (long)k);
			if (region_find(t, c) == NULL)
				continue;
			np++;
			if (region_utc_offset_min(c) < 0)
				bad++;
		}
		T_OK("zone.all", np == 38 && bad == 0, "%zu provinces, %zu "
		    "without a zone", np, bad);
	}
	T_OK("zone.wib", region_utc_offset_min("31.71") == 420 &&
	    region_utc_offset_min("62") == 420, "Jakarta, Kalteng");
	T_OK("zone.wita", region_utc_offset_min("75.01.02") == 480 &&
	    region_utc_offset_min("65.01") == 480, "Gorontalo, Kaltara");
	T_OK("zone.wit", region_utc_offset_min("91.01") == 540 &&
	    region_utc_offset_min("96.71") == 540 &&
	    region_utc_offset_min("82") == 540, "Papua, PBD, Malut");
	T_OK("zone.unknown", region_utc_offset_min("99.01") == -1 &&
	    region_utc_offset_min("7") == -1 &&
	    region_utc_offset_min("750") == -1 &&
	    region_utc_offset_min(NULL) == -1, "unknown");
	region_table_free(t);
	region_table_free(NULL);
	t = region_table_load("/nonexistent", &err);
	T_OK("load.missing", t == NULL && strcmp(err.code, "") != 0,
	    "no error for a missing directory");
	return T_DONE();
}
