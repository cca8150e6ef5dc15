/*
 * test_codetab.c - the shipped code tables (formats/codes, or
 * $SEGEL_FORMATS/codes) and the CSV reader's refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codetab.h"
#include "t.h"

static const struct {
	const char *table, *value, *want; /* want NULL: no match */
	int code;
} lookup_rows[] = {
	{ "agama", "ISLAM", "ISLAM", 1 },
	{ "agama", "islam", "ISLAM", 1 },
	{ "agama", "  Islam  ", "ISLAM", 1 },
	{ "agama", "1", "ISLAM", 1 },
	{ "agama", "KRISTEN", "KRISTEN", 2 },
	{ "agama", "Kristen Protestan", "KRISTEN", 2 },
	{ "agama", "KATOLIK", "KATOLIK", 3 },
	{ "agama", "KATHOLIK", "KATOLIK", 3 },
	{ "agama", "Katholik", "KATOLIK", 3 },
	{ "agama", "HINDU", "HINDU", 4 },
	{ "agama", "BUDDHA", "BUDDHA", 5 },
	{ "agama", "BUDHA", "BUDDHA", 5 },
	{ "agama", "KONGHUCU", "KONGHUCU", 6 },
	{ "agama", "KHONGHUCU", "KONGHUCU", 6 },
	{ "agama", "Kong Hu Cu", "KONGHUCU", 6 },
	{ "agama", "KEPERCAYAAN TERHADAP TUHAN YME",
	    "KEPERCAYAAN TERHADAP TUHAN YME", 7 },
	{ "agama", "Kepercayaan Terhadap Tuhan Y.M.E.",
	    "KEPERCAYAAN TERHADAP TUHAN YME", 7 },
	{ "agama", "kepercayaan  terhadap\ttuhan yme",
	    "KEPERCAYAAN TERHADAP TUHAN YME", 7 },
	{ "agama", "7", "KEPERCAYAAN TERHADAP TUHAN YME", 7 },
	{ "agama", "8", NULL, 0 },
	{ "agama", "0", NULL, 0 },
	{ "agama", "JEDI", NULL, 0 },
	{ "agama", "", NULL, 0 },
	{ "agama", "   ", NULL, 0 },
	{ "agama", "ISLAMX", NULL, 0 },
	{ "agama", "...", NULL, 0 },
	{ "agama", "I S L A M", "ISLAM", 1 },
	{ "agama", "isl\xC2\xA0" "am", "ISLAM", 1 },
	{ "jenis_kelamin", "LAKI-LAKI", "LAKI-LAKI", 1 },
	{ "jenis_kelamin", "Laki - Laki", "LAKI-LAKI", 1 },
	{ "jenis_kelamin", "laki laki", "LAKI-LAKI", 1 },
	{ "jenis_kelamin", "L", "LAKI-LAKI", 1 },
	{ "jenis_kelamin", "l", "LAKI-LAKI", 1 },
	{ "jenis_kelamin", "P", "PEREMPUAN", 2 },
	{ "jenis_kelamin", "Perempuan", "PEREMPUAN", 2 },
	{ "jenis_kelamin", "WANITA", "PEREMPUAN", 2 },
	{ "jenis_kelamin", "X", NULL, 0 },
	{ "status_perkawinan", "BELUM KAWIN", "BELUM KAWIN", 1 },
	{ "status_perkawinan", "KAWIN", "KAWIN TERCATAT", 2 },
	{ "status_perkawinan", "KAWIN TERCATAT", "KAWIN TERCATAT", 2 },
	{ "status_perkawinan", "Kawin Belum Tercatat", "KAWIN BELUM TERCATAT",
	    5 },
	{ "status_perkawinan", "CERAI HIDUP", "CERAI HIDUP", 3 },
	{ "status_perkawinan", "CERAI MATI", "CERAI MATI", 4 },
	{ "status_perkawinan", "CERAI", NULL, 0 },
	{ "hubungan_keluarga", "KEPALA KELUARGA", "KEPALA KELUARGA", 1 },
	{ "hubungan_keluarga", "SUAMI", "SUAMI", 2 },
	{ "hubungan_keluarga", "ISTRI", "ISTRI", 3 },
	{ "hubungan_keluarga", "ISTERI", "ISTRI", 3 },
	{ "hubungan_keluarga", "ANAK", "ANAK", 4 },
	{ "hubungan_keluarga", "FAMILI LAIN", "FAMILI LAIN", 9 },
	{ "hubungan_keluarga", "LAINNYA", "LAINNYA", 11 },
	{ "golongan_darah", "A", "A", 1 },
	{ "golongan_darah", "AB", "AB", 3 },
	{ "golongan_darah", "O", "O", 4 },
	{ "golongan_darah", "0", "O", 4 },
	{ "golongan_darah", "AB+", "AB+", 9 },
	{ "golongan_darah", "o-", "O-", 12 },
	{ "golongan_darah", "A +", "A+", 5 },
	{ "golongan_darah", "TIDAK TAHU", "TIDAK TAHU", 13 },
	{ "golongan_darah", "C", NULL, 0 },
	{ "kewarganegaraan", "WNI", "WNI", 1 },
	{ "kewarganegaraan", "wna", "WNA", 2 },
	{ "kewarganegaraan", "Warga Negara Indonesia", "WNI", 1 },
	{ "pendidikan", "TIDAK/BELUM SEKOLAH", "TIDAK/BELUM SEKOLAH", 1 },
	{ "pendidikan", "TAMAT SD/SEDERAJAT", "TAMAT SD/SEDERAJAT", 3 },
	{ "pendidikan", "SLTA/SEDERAJAT", "SLTA/SEDERAJAT", 5 },
	{ "pendidikan", "SLTA / SEDERAJAT", "SLTA/SEDERAJAT", 5 },
	{ "pendidikan", "AKADEMI/DIPLOMA III/S. MUDA",
	    "AKADEMI/DIPLOMA III/S. MUDA", 7 },
	{ "pendidikan", "Akademi/Diploma III/S.Muda",
	    "AKADEMI/DIPLOMA III/S. MUDA", 7 },
	{ "pendidikan", "DIPLOMA IV/STRATA I", "DIPLOMA IV/STRATA I", 8 },
	{ "pendidikan", "STRATA III", "STRATA III", 10 },
	{ "pekerjaan", "BELUM/TIDAK BEKERJA", "BELUM/TIDAK BEKERJA", 1 },
	{ "pekerjaan", "MENGURUS RUMAH TANGGA", "MENGURUS RUMAH TANGGA", 2 },
	{ "pekerjaan", "PELAJAR/MAHASISWA", "PELAJAR/MAHASISWA", 3 },
	{ "pekerjaan", "Pelajar / Mahasiswa", "PELAJAR/MAHASISWA", 3 },
	{ "pekerjaan", "PNS", "PEGAWAI NEGERI SIPIL", 5 },
	{ "pekerjaan", "TENTARA NASIONAL INDONESIA",
	    "TENTARA NASIONAL INDONESIA", 6 },
	{ "pekerjaan", "KEPOLISIAN RI", "KEPOLISIAN RI", 7 },
	{ "pekerjaan", "PETANI/PEKEBUN", "PETANI/PEKEBUN", 9 },
	{ "pekerjaan", "NELAYAN/PERIKANAN", "NELAYAN/PERIKANAN", 11 },
	{ "pekerjaan", "KARYAWAN SWASTA", "KARYAWAN SWASTA", 15 },
	{ "pekerjaan", "WIRASWASTA", "WIRASWASTA", 88 },
	{ "pekerjaan", "88", "WIRASWASTA", 88 },
	{ "pekerjaan", "ASTRONAUT", NULL, 0 },
};

static void
test_shipped(const char *dir)
{
	static const char *const tables[] = {
		"agama", "golongan_darah", "hubungan_keluarga",
		"jenis_kelamin", "kewarganegaraan", "pekerjaan", "pendidikan",
		"status_perkawinan"
	};
	codetab_set *s;
	const codetab *t;
	const char *got;
	char name[64];
	sg_err err;
	size_t i;
	int code, prev;
	clock_t t0;
	double secs;

	sg_err_clear(&err);
	s = codetab_set_load(dir, &err);
	T_OK("load", s != NULL, "%s at %s: %s", err.code, err.where,
	    err.message);
	if (s == NULL)
		return;
	for (i = 0; i < sizeof tables / sizeof *tables; i++) {
		snprintf(name, sizeof name, "table#%zu", i);
		t = codetab_find(s, tables[i]);
		T_OK(name, t != NULL && strcmp(codetab_table_name(t),
		    tables[i]) == 0 && codetab_count(t) >= 2, "%s", tables[i]);
	}
	T_OK("table-missing", codetab_find(s, "hobi") == NULL, "hobi");
	t = codetab_find(s, "pekerjaan");
	T_OK("pekerjaan-size", t != NULL && codetab_count(t) >= 88, "%zu",
	    t ? codetab_count(t) : 0);

	for (i = 0; i < sizeof lookup_rows / sizeof *lookup_rows; i++) {
		snprintf(name, sizeof name, "lookup#%zu", i);
		t = codetab_find(s, lookup_rows[i].table);
		code = -1;
		got = t ? codetab_lookup(t, lookup_rows[i].value, &code) :
		    NULL;
		if (lookup_rows[i].want == NULL)
			T_OK(name, got == NULL && code == -1, "%s: \"%s\" gave "
			    "%s", lookup_rows[i].table, lookup_rows[i].value,
			    got);
		else
			T_OK(name, got != NULL &&
			    strcmp(got, lookup_rows[i].want) == 0 &&
			    code == lookup_rows[i].code, "%s: \"%s\" gave %s "
			    "%d", lookup_rows[i].table, lookup_rows[i].value,
			    got ? got : "NULL", code);
	}

	t = codetab_find(s, "agama");
	T_STREQ("name#0", codetab_name(t, 3), "KATOLIK");
	T_STREQ("name#1", codetab_name(t, 99), NULL);
	T_STREQ("name#2", codetab_name(t, -1), NULL);
	T_OK("lookup-null-code", codetab_lookup(t, "budha", NULL) != NULL,
	    "NULL code pointer");
	T_OK("lookup-null-value", codetab_lookup(t, NULL, NULL) == NULL,
	    "NULL value");

	/* Every canonical name finds itself; codes ascend. */
	for (i = 0; i < codetab_set_count(s); i++) {
		size_t j;
		int ok = 1;

		t = codetab_set_at(s, i);
		prev = -1;
		for (j = 0; j < codetab_count(t); j++) {
			const char *nm = codetab_at(t, j, &code);

			ok = ok && code > prev && codetab_lookup(t, nm, NULL)
			    == nm && codetab_name(t, code) == nm;
			prev = code;
		}
		snprintf(name, sizeof name, "self#%zu", i);
		T_OK(name, ok, "%s", codetab_table_name(t));
	}

	/* Speed: the validator does ~10 lookups a record, 50k records/s. */
	t = codetab_find(s, "pekerjaan");
	t0 = clock();
	for (i = 0; i < 1000000; i++)
		(void)codetab_lookup(t, (i & 1) ? "Wiraswasta" : "Pelajar / "
		    "Mahasiswa", NULL);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	T_OK("speed", secs < 2.0, "1e6 lookups took %.2fs", secs);
	codetab_set_free(s);
	codetab_set_free(NULL);
}

static const struct {
	const char *csv, *code, *where; /* code NULL: must load */
} csv_rows[] = {
	{ "kode,nama,varian\n1,SATU,ESA|EKA\n2,DUA,DWI\n", NULL, NULL },
	{ "\xEF\xBB\xBFkode,nama,varian\r\n1,SATU,\r\n\r\n", NULL, NULL },
	{ "kode,nama,varian\n1,\"SATU\",\"E\"\"SA|KESATU, PERTAMA\"\n", NULL,
	    NULL },
	{ "kode,nama\n1,SATU\n", "E-CODE-CSV", "t.csv:1" },
	{ "kode,nama,varian\n1,SATU\n", "E-CODE-CSV", "t.csv:2" },
	{ "kode,nama,varian\nx,SATU,\n", "E-CODE-CSV", "t.csv:2" },
	{ "kode,nama,varian\n1,,\n", "E-CODE-CSV", "t.csv:2" },
	{ "kode,nama,varian\n1,SATU,\n2,DUA,\n1,ESA,\n", "E-CODE-DUP",
	    "t.csv:4" },
	{ "kode,nama,varian\n1,SATU,\n2,DUA,satu\n", "E-CODE-DUP", "t.csv:3" },
	{ "kode,nama,varian\n1,SATU,2\n2,DUA,\n", "E-CODE-DUP", "t.csv:2" },
	{ "kode,nama,varian\n1,\"SATU,\n", "E-CODE-CSV", "t.csv:2" },
	{ "kode,nama,varian\n", "E-CODE-CSV", "t.csv" },
	{ "kode,nama,varian\n1234567,SATU,\n", "E-CODE-CSV", "t.csv:2" },
};

static void
test_csv(void)
{
	codetab *t;
	sg_err err;
	char name[64];
	size_t i;
	int code;

	for (i = 0; i < sizeof csv_rows / sizeof *csv_rows; i++) {
		snprintf(name, sizeof name, "csv#%zu", i);
		sg_err_clear(&err);
		t = codetab_parse_mem(csv_rows[i].csv, strlen(csv_rows[i].csv),
		    "t", "t.csv", &err);
		if (csv_rows[i].code == NULL)
			T_OK(name, t != NULL && codetab_lookup(t, "satu",
			    &code) != NULL && code == 1, "%s at %s: %s",
			    err.code, err.where, err.message);
		else
			T_OK(name, t == NULL && strcmp(err.code,
			    csv_rows[i].code) == 0 && strcmp(err.where,
			    csv_rows[i].where) == 0, "got %s at %s (%s)",
			    err.code, err.where, err.message);
		codetab_free(t);
	}
	t = codetab_parse_mem(csv_rows[2].csv, strlen(csv_rows[2].csv), "t",
	    "t.csv", NULL);
	T_STREQ("csv-quoted#0", t ? codetab_lookup(t, "e\"sa", NULL) : NULL,
	    "SATU");
	T_STREQ("csv-quoted#1", t ? codetab_lookup(t, "Kesatu, pertama",
	    NULL) : NULL, "SATU");
	codetab_free(t);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");

	T_INIT(argc, argv);
	test_shipped(dir && dir[0] ? dir : "formats");
	test_csv();
	return T_DONE();
}
