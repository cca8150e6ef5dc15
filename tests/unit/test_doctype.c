/*
 * test_doctype.c - the shipped document types (formats/, or
 * $SEGEL_FORMATS) and the loader's refusals of bad definitions.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctype.h"
#include "t.h"

static const char *fmt_dir;

/* ---- shipped types: fields ---------------------------------------------- */

static const struct {
	const char *type, *field;
	enum field_type ft;
	const char *table;
	int required, member;
	const char *label;
} field_rows[] = {
	{ "kk", "no_kk", FT_KK, NULL, 1, 0, "Nomor KK" },
	{ "kk", "kode_wilayah", FT_REGION, NULL, 1, 0, "Kode Wilayah" },
	{ "kk", "rt", FT_DIGITS, NULL, 0, 0, "RT" },
	{ "kk", "kode_pos", FT_DIGITS, NULL, 0, 0, "Kode Pos" },
	{ "kk", "desa", FT_NAME, NULL, 0, 0, "Desa/Kelurahan" },
	{ "kk", "lampiran", FT_ATTACHMENTS, NULL, 0, 0, "Lampiran" },
	{ "kk", "nik", FT_NIK, NULL, 1, 1, "NIK" },
	{ "kk", "nama_lengkap", FT_NAME, NULL, 1, 1, "Nama Lengkap" },
	{ "kk", "jenis_kelamin", FT_CODE, "jenis_kelamin", 1, 1,
	    "Jenis Kelamin" },
	{ "kk", "tanggal_lahir", FT_DATE, NULL, 1, 1, "Tanggal Lahir" },
	{ "kk", "agama", FT_CODE, "agama", 1, 1, "Agama" },
	{ "kk", "pendidikan", FT_CODE, "pendidikan", 0, 1, "Pendidikan" },
	{ "kk", "pekerjaan", FT_CODE, "pekerjaan", 0, 1, "Jenis Pekerjaan" },
	{ "kk", "golongan_darah", FT_CODE, "golongan_darah", 0, 1,
	    "Golongan Darah" },
	{ "kk", "status_perkawinan", FT_CODE, "status_perkawinan", 1, 1,
	    "Status Perkawinan" },
	{ "kk", "status_hubungan", FT_CODE, "hubungan_keluarga", 1, 1,
	    "Status Hubungan Dalam Keluarga" },
	{ "kk", "kewarganegaraan", FT_CODE, "kewarganegaraan", 1, 1,
	    "Kewarganegaraan" },
	{ "kk", "nama_ibu", FT_NAME, NULL, 0, 1, "Nama Ibu" },
	{ "akta-kelahiran", "nik", FT_NIK, NULL, 0, 0, "NIK" },
	{ "akta-kelahiran", "jam_lahir", FT_TIME, NULL, 0, 0, "Jam Lahir" },
	{ "akta-kelahiran", "anak_ke", FT_INTEGER, NULL, 0, 0, "Anak Ke" },
	{ "akta-kelahiran", "nama_ibu", FT_NAME, NULL, 1, 0, "Nama Ibu" },
	{ "akta-kelahiran", "nik_ayah", FT_NIK, NULL, 0, 0, "NIK Ayah" },
	{ "akta-kelahiran", "kewarganegaraan", FT_CODE, "kewarganegaraan", 0,
	    0, "Kewarganegaraan" },
	{ "akta-kematian", "nik", FT_NIK, NULL, 1, 0, "NIK" },
	{ "akta-kematian", "tanggal_kematian", FT_DATE, NULL, 1, 0,
	    "Tanggal Kematian" },
	{ "akta-kematian", "sebab_kematian", FT_TEXT, NULL, 0, 0,
	    "Sebab Kematian" },
	{ "akta-kematian", "nama_pelapor", FT_NAME, NULL, 1, 0,
	    "Nama Pelapor" },
	{ "akta-kematian", "tempat_lahir", FT_NAME, NULL, 0, 0,
	    "Tempat Lahir" },
};

/* Every field the team agreed on (fields.md), per type, in order. */
static const char *const kk_fields[] = {
	"no_kk", "alamat", "rt", "rw", "kode_pos", "kode_wilayah", "desa",
	"kecamatan", "kabupaten", "provinsi", "lampiran", "nik",
	"nama_lengkap", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
	"agama", "pendidikan", "pekerjaan", "golongan_darah",
	"status_perkawinan", "tanggal_perkawinan", "status_hubungan",
	"kewarganegaraan", "no_paspor", "no_kitap", "nama_ayah", "nama_ibu",
	NULL
};
static const char *const lahir_fields[] = {
	"no_kk", "nik", "nama_lengkap", "jenis_kelamin", "tempat_lahir",
	"tanggal_lahir", "jam_lahir", "anak_ke", "nama_ayah", "nik_ayah",
	"nama_ibu", "nik_ibu", "status_perkawinan_ortu", "kewarganegaraan",
	"kode_wilayah", "lampiran",
	NULL
};
static const char *const mati_fields[] = {
	"no_kk", "nik", "nama_lengkap", "jenis_kelamin", "tempat_lahir",
	"tanggal_lahir", "tempat_kematian", "tanggal_kematian",
	"sebab_kematian", "nama_pelapor", "nik_pelapor", "kode_wilayah",
	"lampiran", NULL
};

/* ---- shipped types: headers --------------------------------------------- */

static const struct {
	const char *type, *header, *want; /* want NULL: unknown */
} header_rows[] = {
	{ "kk", "NAMA LENGKAP", "nama_lengkap" },
	{ "kk", "Nama_Lengkap", "nama_lengkap" },
	{ "kk", "  nama   lengkap ", "nama_lengkap" },
	{ "kk", "NAMA", "nama_lengkap" },
	{ "kk", "No. KK", "no_kk" },
	{ "kk", "NO.KK", "no_kk" },
	{ "kk", "no_kk", "no_kk" },
	{ "kk", "NOMOR KARTU KELUARGA", "no_kk" },
	{ "kk", "shdk", "status_hubungan" },
	{ "kk", "Status Hubungan Dalam Keluarga", "status_hubungan" },
	{ "kk", "HUBUNGAN KELUARGA", "status_hubungan" },
	{ "kk", "JK", "jenis_kelamin" },
	{ "kk", "L/P", "jenis_kelamin" },
	{ "kk", "Jenis-Kelamin", "jenis_kelamin" },
	{ "kk", "Tgl. Lahir", "tanggal_lahir" },
	{ "kk", "TANGGAL LAHIR", "tanggal_lahir" },
	{ "kk", "JENIS PEKERJAAN", "pekerjaan" },
	{ "kk", "GOL. DARAH", "golongan_darah" },
	{ "kk", "DESA/KELURAHAN", "desa" },
	{ "kk", "Desa / Kelurahan", "desa" },
	{ "kk", "KELURAHAN", "desa" },
	{ "kk", "KABUPATEN/KOTA", "kabupaten" },
	{ "kk", "KODE DESA", "kode_wilayah" },
	{ "kk", "Kode Wilayah", "kode_wilayah" },
	{ "kk", "BERKAS", "lampiran" },
	{ "kk", "\xEF\xBB\xBFNIK", "nik" },
	{ "kk", "NIK\xC2\xA0", "nik" },
	{ "kk", "NO PASPOR", "no_paspor" },
	{ "kk", "NO. KITAP", "no_kitap" },
	{ "kk", "TANGGAL PERKAWINAN", "tanggal_perkawinan" },
	{ "kk", "Pendidikan", "pendidikan" },
	{ "kk", "AGAMA", "agama" },
	{ "kk", "KEWARGANEGARAAN", "kewarganegaraan" },
	{ "kk", "NAMA AYAH", "nama_ayah" },
	{ "kk", "TANGGAL KEMATIAN", NULL },
	{ "kk", "KETERANGAN", NULL },
	{ "kk", "", NULL },
	{ "kk", "...", NULL },
	{ "akta-kelahiran", "NIK AYAH", "nik_ayah" },
	{ "akta-kelahiran", "NIK IBU", "nik_ibu" },
	{ "akta-kelahiran", "NAMA IBU", "nama_ibu" },
	{ "akta-kelahiran", "ANAK KE", "anak_ke" },
	{ "akta-kelahiran", "Anak Ke-", "anak_ke" },
	{ "akta-kelahiran", "JAM LAHIR", "jam_lahir" },
	{ "akta-kelahiran", "NAMA", "nama_lengkap" },
	{ "akta-kelahiran", "SHDK", NULL },
	{ "akta-kematian", "TANGGAL KEMATIAN", "tanggal_kematian" },
	{ "akta-kematian", "TGL MENINGGAL", "tanggal_kematian" },
	{ "akta-kematian", "TEMPAT KEMATIAN", "tempat_kematian" },
	{ "akta-kematian", "SEBAB KEMATIAN", "sebab_kematian" },
	{ "akta-kematian", "NAMA PELAPOR", "nama_pelapor" },
	{ "akta-kematian", "NIK PELAPOR", "nik_pelapor" },
	{ "akta-kematian", "NAMA IBU", NULL },
};

static const struct {
	const char *in, *want;
} norm_rows[] = {
	{ "Nama_Lengkap", "NAMA LENGKAP" },
	{ "  no.  kk ", "NO KK" },
	{ "tgl-lahir", "TGL LAHIR" },
	{ "\tJenis\r\nKelamin\t", "JENIS KELAMIN" },
	{ "", "" },
	{ "___", "" },
	{ "Nama\xC2\xA0Ibu", "NAMA IBU" },
	/* non-ASCII letters fold too (libunistring), decomposed ones to NFC */
	{ "Ayah \xC3\xA9", "AYAH \xC3\x89" },
	{ "Ayah e\xCC\x81", "AYAH \xC3\x89" },
	{ "pe\xC3\xB1" "a", "PE\xC3\x91" "A" },
};

/* ---- detection ---------------------------------------------------------- */

static const struct {
	const char *headers[12];
	const char *want;      /* type id, or NULL */
	const char *code;      /* error code when want is NULL */
} detect_rows[] = {
	{ { "NO KK", "NIK", "NAMA LENGKAP", "SHDK", "TANGGAL LAHIR" }, "kk",
	    NULL },
	{ { "Nomor KK", "Status Hubungan Dalam Keluarga", "Keterangan" },
	    "kk", NULL },
	{ { "NIK", "NAMA", "TGL LAHIR", "NAMA IBU", "NAMA AYAH" },
	    "akta-kelahiran", NULL },
	{ { "NAMA BAYI", "TANGGAL LAHIR", "NAMA IBU", "ANAK KE" },
	    "akta-kelahiran", NULL },
	{ { "NIK", "NAMA LENGKAP", "TANGGAL KEMATIAN", "NAMA PELAPOR" },
	    "akta-kematian", NULL },
	/* A death file with the mother's name is still a death file. */
	{ { "NAMA", "TGL MENINGGAL", "NAMA IBU", "TANGGAL LAHIR" },
	    "akta-kematian", NULL },
	{ { "NO KK", "SHDK", "NAMA", "TANGGAL KEMATIAN" }, NULL,
	    "E-DOCTYPE-AMBIGUOUS" },
	{ { "FOO", "BAR" }, NULL, "E-DOCTYPE-UNKNOWN" },
	{ { "NIK", "NAMA LENGKAP" }, NULL, "E-DOCTYPE-UNKNOWN" },
	{ { "NO KK", "NIK" }, NULL, "E-DOCTYPE-UNKNOWN" },
	{ { NULL }, NULL, "E-DOCTYPE-UNKNOWN" },
};

/* ---- checks list -------------------------------------------------------- */

static const struct {
	const char *type, *check, *field, *with0;
} check_rows[] = {
	{ "kk", "nik", "anggota[].nik", "anggota[].tanggal_lahir" },
	{ "kk", "nik-unique", "anggota[].nik", NULL },
	{ "kk", "kk", "no_kk", "kode_wilayah" },
	{ "kk", "address", "kode_wilayah", "desa" },
	{ "kk", "kk-family", "anggota", "anggota[].status_hubungan" },
	{ "akta-kelahiran", "nik", "nik_ibu", NULL },
	{ "akta-kelahiran", "nik-unique", "nik", "nik_ayah" },
	{ "akta-kematian", "date-order", "tanggal_lahir", "tanggal_kematian" },
	{ "akta-kematian", "nik", "nik_pelapor", NULL },
};

static const doctype_check *
find_check(const doctype *t, const char *name, const char *field)
{
	size_t i;
	const doctype_check *k;

	for (i = 0; i < doctype_check_count(t); i++) {
		k = doctype_check_at(t, i);
		if (strcmp(k->name, name) == 0 && strcmp(k->field, field) == 0)
			return k;
	}
	return NULL;
}

static void
test_shipped(void)
{
	sg_err err;
	doctype_set *s;
	const doctype *t;
	const doctype_field *f;
	const char *const *want;
	const char *cols[12];
	char name[64], buf[64];
	size_t i, j, n;

	sg_err_clear(&err);
	s = doctype_set_load(fmt_dir, &err);
	T_OK("load", s != NULL, "%s: %s: %s", err.code, err.where,
	    err.message);
	if (s == NULL)
		return;
	T_OK("load-count", doctype_set_count(s) >= 3, "%zu types",
	    doctype_set_count(s));

	t = doctype_set_find(s, "kk");
	T_OK("kk", t != NULL, "no kk");
	if (t == NULL)
		goto out;
	T_STREQ("kk-title", doctype_title(t), "Kartu Keluarga");
	T_OK("kk-version", doctype_version(t) == 2, "%d", doctype_version(t));
	n = strlen(doctype_file(t));
	T_OK("kk-file", n > 12 && strcmp(doctype_file(t) + n - 12,
	    "types/kk.xml") == 0, "%s", doctype_file(t));
	T_STREQ("kk-members", doctype_members_name(t), "anggota");
	T_STREQ("kk-members-label", doctype_members_label(t),
	    "Anggota Keluarga");
	T_STREQ("kk-group-by", doctype_group_by(t), "no_kk");
	T_OK("kk-members-max", doctype_members_max(t) == 20, "%zu",
	    doctype_members_max(t));
	f = doctype_field_find(t, "nama_lengkap");
	T_OK("kk-nama-max", f != NULL && f->max_len == 60, "max_len");
	f = doctype_field_find(t, "tanggal_lahir");
	T_OK("kk-lahir-bounds", f != NULL && f->date_min && f->date_max &&
	    strcmp(f->date_min, "1900-01-01") == 0 &&
	    strcmp(f->date_max, "today") == 0, "date bounds");
	f = doctype_field_find(t, "no_kk");
	T_OK("kk-no-kk-pattern", f != NULL && f->pattern &&
	    strcmp(f->pattern, "^[0-9]{16}$") == 0, "pattern");
	t = doctype_set_find(s, "akta-kelahiran");
	f = t ? doctype_field_find(t, "anak_ke") : NULL;
	T_OK("lahir-anak-ke-bounds", f != NULL && f->has_int_min &&
	    f->int_min == 1 && f->has_int_max && f->int_max >= 20, "bounds");
	T_OK("lahir-no-members", t != NULL && doctype_members_name(t) == NULL &&
	    doctype_group_by(t) == NULL && doctype_members_max(t) == 0,
	    "members");
	T_OK("missing-type", doctype_set_find(s, "ktp") == NULL, "ktp");

	for (i = 0; i < sizeof field_rows / sizeof *field_rows; i++) {
		snprintf(name, sizeof name, "field#%zu", i);
		t = doctype_set_find(s, field_rows[i].type);
		f = t ? doctype_field_find(t, field_rows[i].field) : NULL;
		T_OK(name, f != NULL && f->type == field_rows[i].ft &&
		    f->required == field_rows[i].required &&
		    f->member == field_rows[i].member &&
		    ((f->table == NULL && field_rows[i].table == NULL) ||
		    (f->table && field_rows[i].table &&
		    strcmp(f->table, field_rows[i].table) == 0)) &&
		    strcmp(f->label, field_rows[i].label) == 0 && f->line > 0,
		    "%s %s: wrong definition", field_rows[i].type,
		    field_rows[i].field);
	}

	/* Field order: header fields first, then members, as listed. */
	for (j = 0; j < 3; j++) {
		const char *id = j == 0 ? "kk" : j == 1 ? "akta-kelahiran" :
		    "akta-kematian";

		want = j == 0 ? kk_fields : j == 1 ? lahir_fields :
		    mati_fields;
		t = doctype_set_find(s, id);
		for (n = 0; want[n]; n++)
			;
		snprintf(name, sizeof name, "fields-%s", id);
		T_OK(name, t != NULL && doctype_field_count(t) == n,
		    "%zu fields, want %zu", t ? doctype_field_count(t) : 0, n);
		for (i = 0; t != NULL && i < n && i < doctype_field_count(t);
		    i++) {
			snprintf(name, sizeof name, "fields-%s#%zu", id, i);
			T_STREQ(name, doctype_field_at(t, i)->name, want[i]);
			/* Every field's own name is a header for it. */
			snprintf(name, sizeof name, "self-header-%s#%zu", id,
			    i);
			f = doctype_field_for_header(t, want[i]);
			T_STREQ(name, f ? f->name : NULL, want[i]);
		}
	}

	for (i = 0; i < sizeof header_rows / sizeof *header_rows; i++) {
		snprintf(name, sizeof name, "header#%zu", i);
		t = doctype_set_find(s, header_rows[i].type);
		f = t ? doctype_field_for_header(t, header_rows[i].header) :
		    NULL;
		T_STREQ(name, f ? f->name : NULL, header_rows[i].want);
	}

	for (i = 0; i < sizeof norm_rows / sizeof *norm_rows; i++) {
		snprintf(name, sizeof name, "normalise#%zu", i);
		doctype_header_normalise(norm_rows[i].in, buf, sizeof buf);
		T_STREQ(name, buf, norm_rows[i].want);
	}
	doctype_header_normalise("NAMA LENGKAP", buf, 5);
	T_STREQ("normalise-truncate", buf, "NAMA");

	T_STREQ("set-column#0", doctype_set_column(s, "SHDK"),
	    "status_hubungan");
	T_STREQ("set-column#1", doctype_set_column(s, "Tgl Meninggal"),
	    "tanggal_kematian");
	T_STREQ("set-column#2", doctype_set_column(s, "NIK AYAH"),
	    "nik_ayah");
	T_STREQ("set-column#3", doctype_set_column(s, "HOBI"), NULL);

	for (i = 0; i < sizeof detect_rows / sizeof *detect_rows; i++) {
		const doctype *got;

		snprintf(name, sizeof name, "detect#%zu", i);
		for (n = 0; detect_rows[i].headers[n]; n++)
			cols[n] = doctype_set_column(s,
			    detect_rows[i].headers[n]);
		sg_err_clear(&err);
		got = doctype_set_detect(s, cols, n, &err);
		if (detect_rows[i].want != NULL)
			T_STREQ(name, got ? doctype_id(got) : err.message,
			    detect_rows[i].want);
		else
			T_OK(name, got == NULL && strcmp(err.code,
			    detect_rows[i].code) == 0, "got %s, code %s",
			    got ? doctype_id(got) : "NULL", err.code);
	}

	for (i = 0; i < sizeof check_rows / sizeof *check_rows; i++) {
		const doctype_check *k;

		snprintf(name, sizeof name, "check#%zu", i);
		t = doctype_set_find(s, check_rows[i].type);
		k = t ? find_check(t, check_rows[i].check,
		    check_rows[i].field) : NULL;
		T_OK(name, k != NULL && k->severity == DOCTYPE_ERROR &&
		    k->line > 0 && (check_rows[i].with0 == NULL ?
		    k->n_with == 0 || k->with[0] != NULL :
		    k->n_with > 0 && strcmp(k->with[0],
		    check_rows[i].with0) == 0) && k->with[k->n_with] == NULL,
		    "%s %s on %s missing or wrong", check_rows[i].type,
		    check_rows[i].check, check_rows[i].field);
	}
out:
	doctype_set_free(s);
}

/* ---- bad definitions ---------------------------------------------------- */

/*
 * Each definition marks the line the error must name with "<!--X-->".
 * Lines are counted from the start of the text.
 */
#define HEAD "<?xml version=\"1.0\"?>\n" \
	"<doctype xmlns=\"urn:segel:doctype:1\" id=\"t\" version=\"1\">\n" \
	"<title>T</title>\n"

static const struct {
	const char *code, *xml;
} bad_rows[] = {
	{ "E-DOCTYPE-SCHEMA", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "<field name=\"b\" type=\"bogus\" label=\"B\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-SCHEMA", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-SCHEMA", HEAD
	    "<fields/><!--X-->\n"
	    "</doctype>\n" },
	{ "E-DOCTYPE-SCHEMA", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n"
	    "<detect><column>a</column></detect><!--X-->\n"
	    "</doctype>\n" },
	{ "E-DOCTYPE-DUP", HEAD
	    "<fields>\n"
	    "<field name=\"nik\" type=\"nik\" label=\"NIK\"/>\n"
	    "<field name=\"nama\" type=\"name\" label=\"Nama\"/>\n"
	    "<field name=\"nik\" type=\"text\" label=\"NIK lagi\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-DUP", HEAD
	    "<fields>\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/>\n"
	    "</fields>\n"
	    "<members name=\"m\" label=\"M\" group-by=\"k\">\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/><!--X-->\n"
	    "</members>\n</doctype>\n" },
	{ "E-DOCTYPE-TABLE", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"code\" table=\"nosuch\" label=\"A\"/>"
	    "<!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-TABLE", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"code\" label=\"A\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	/* A start tag over three lines is named by its first line. */
	{ "E-DOCTYPE-TABLE", HEAD
	    "<fields>\n"
	    "<!--X--><field name=\"a\"\n"
	    "    type=\"code\" table=\"nosuch\"\n"
	    "    label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-SCHEMA", HEAD
	    "<fields>\n"
	    "<!--X--><field name=\"a\"\n"
	    "    type=\"bogus\"\n"
	    "    label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-TABLE", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" table=\"agama\" label=\"A\"/>"
	    "<!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-PATTERN", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "<field name=\"b\" type=\"text\" label=\"B\" pattern=\"^[0-9\"/>"
	    "<!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-PATTERN", HEAD
	    "<fields>\n"
	    "<field name=\"b\" type=\"text\" label=\"B\" "
	    "pattern=\"((a{99}){99}){99}\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-PATTERN", HEAD
	    "<fields>\n"
	    "<field name=\"b\" type=\"text\" label=\"B\" "
	    "pattern=\"((a{,99}){,99}){,99}\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-PATTERN", HEAD
	    "<fields>\n"
	    "<field name=\"b\" type=\"text\" label=\"B\" "
	    "pattern=\"a{5000}\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-DETECT", HEAD
	    "<detect>\n"
	    "<column>a</column>\n"
	    "<column>zzz</column><!--X-->\n"
	    "</detect>\n"
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-DETECT", HEAD
	    "<detect>\n"
	    "<column>a</column>\n"
	    "<absent>a</absent><!--X-->\n"
	    "</detect>\n"
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-GROUP", HEAD
	    "<fields>\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/>\n"
	    "</fields>\n"
	    "<members name=\"m\" label=\"M\" group-by=\"n\"><!--X-->\n"
	    "<field name=\"n\" type=\"nik\" label=\"NIK\"/>\n"
	    "</members>\n</doctype>\n" },
	{ "E-DOCTYPE-HEAD", HEAD
	    "<fields>\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/>\n"
	    "</fields>\n"
	    "<members name=\"m\" label=\"M\" group-by=\"k\" "
	    "head-code=\"1\" head-name=\"n\"><!--X-->\n"
	    "<field name=\"n\" type=\"nik\" label=\"NIK\"/>\n"
	    "</members>\n</doctype>\n" },
	{ "E-DOCTYPE-HEAD", HEAD
	    "<fields>\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/>\n"
	    "</fields>\n"
	    "<members name=\"m\" label=\"M\" group-by=\"k\" "
	    "head-relation=\"n\" head-code=\"1\" head-name=\"n\"><!--X-->\n"
	    "<field name=\"n\" type=\"nik\" label=\"NIK\"/>\n"
	    "</members>\n</doctype>\n" },
	{ "E-DOCTYPE-HEAD", HEAD
	    "<fields>\n"
	    "<field name=\"k\" type=\"kk\" label=\"KK\"/>\n"
	    "</fields>\n"
	    "<members name=\"m\" label=\"M\" group-by=\"k\" "
	    "head-relation=\"r\" head-code=\"1\" head-name=\"k\"><!--X-->\n"
	    "<field name=\"r\" type=\"code\" table=\"agama\" label=\"R\"/>\n"
	    "</members>\n</doctype>\n" },
	{ "E-DOCTYPE-ALIAS", HEAD
	    "<fields>\n"
	    "<field name=\"nama_ayah\" type=\"name\" label=\"Ayah\">\n"
	    "<alias>NAMA</alias>\n"
	    "</field>\n"
	    "<field name=\"nama_ibu\" type=\"name\" label=\"Ibu\">\n"
	    "<alias>Nama.</alias><!--X-->\n"
	    "</field>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-ALIAS", HEAD
	    "<fields>\n"
	    "<field name=\"no_kk\" type=\"kk\" label=\"KK\"/>\n"
	    "<field name=\"x\" type=\"text\" label=\"X\">\n"
	    "<alias>NO-KK</alias><!--X-->\n"
	    "</field>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-BOUND", HEAD
	    "<fields>\n"
	    "<field name=\"d\" type=\"date\" label=\"D\" min=\"2020-02-30\"/>"
	    "<!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-BOUND", HEAD
	    "<fields>\n"
	    "<field name=\"d\" type=\"date\" label=\"D\" max=\"12\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-BOUND", HEAD
	    "<fields>\n"
	    "<field name=\"d\" type=\"text\" label=\"D\" max=\"12\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-BOUND", HEAD
	    "<fields>\n"
	    "<field name=\"d\" type=\"integer\" label=\"D\" min=\"5\" "
	    "max=\"2\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-LENGTH", HEAD
	    "<fields>\n"
	    "<field name=\"d\" type=\"text\" label=\"D\" min-length=\"5\" "
	    "max-length=\"2\"/><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-CHECK", HEAD
	    "<fields>\n"
	    "<field name=\"nik\" type=\"nik\" label=\"NIK\"/>\n"
	    "</fields>\n"
	    "<checks>\n"
	    "<check name=\"nik\" field=\"nik\"/>\n"
	    "<check name=\"nik\" field=\"anggota[].nik\"/><!--X-->\n"
	    "</checks>\n</doctype>\n" },
	{ "E-DOCTYPE-CHECK", HEAD
	    "<fields>\n"
	    "<field name=\"nik\" type=\"nik\" label=\"NIK\"/>\n"
	    "</fields>\n"
	    "<checks>\n"
	    "<check name=\"nik\" field=\"nik\" with=\"nik tanggal\"/><!--X-->\n"
	    "</checks>\n</doctype>\n" },
	{ "E-DOCTYPE-XML", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\">\n"
	    "</fieldz><!--X-->\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-XML", "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE doctype [ <!ENTITY e \"x\"> ]>\n"
	    "<doctype xmlns=\"urn:segel:doctype:1\" id=\"t\" version=\"1\">"
	    "\n<title>&e;</title>\n<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
	{ "E-DOCTYPE-SEAL", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n"
	    "<seal code=\"1\" version=\"1\">\n"
	    "<field ref=\"b\"/><!--X-->\n"
	    "</seal>\n</doctype>\n" },
	{ "E-DOCTYPE-SEAL", HEAD
	    "<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n"
	    "<seal code=\"1\" version=\"1\">\n"
	    "<field ref=\"a\"/>\n"
	    "<members><!--X-->\n<field ref=\"a\"/></members>\n"
	    "</seal>\n</doctype>\n" },
	{ "E-DOCTYPE-SCHEMA", "<?xml version=\"1.0\"?>\n"
	    "<doctype id=\"t\" version=\"1\"><!--X-->\n"
	    "<title>T</title>\n<fields>\n"
	    "<field name=\"a\" type=\"text\" label=\"A\"/>\n"
	    "</fields>\n</doctype>\n" },
};

static const char good_xml[] = HEAD
    "<detect><column>a</column><absent>zz</absent></detect>\n"
    "<fields>\n"
    "<field name=\"a\" type=\"code\" table=\"agama\" label=\"A\">\n"
    "<alias>  Agama   Saya </alias>\n"
    "</field>\n"
    "</fields>\n"
    "<checks><check name=\"x\" field=\"a\" severity=\"warning\"/></checks>\n"
    "<seal code=\"9\" version=\"1\"><field ref=\"a\"/></seal>\n"
    "<number code=\"XX\"/>\n"
    "</doctype>\n";

static int
write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return -1;
	if (fwrite(text, 1, len, fp) != len) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

static int
copy_file(const char *from, const char *to)
{
	static char buf[1 << 16];
	FILE *fp = fopen(from, "rb");
	size_t n;

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	return write_file(to, buf, n);
}

static int
marker_line(const char *text)
{
	const char *m = strstr(text, "<!--X-->"), *p;
	int line = 1;

	if (m == NULL)
		return 1;
	for (p = text; p < m; p++)
		line += *p == '\n';
	return line;
}

static void
test_bad(void)
{
	char tmpl[] = "/tmp/segel-doctype-XXXXXX", *dir;
	char path[PATH_MAX], types[1024], file[2048], want[PATH_MAX],
	    codes[1024], name[64], real[PATH_MAX];
	sg_err err;
	doctype_set *s;
	const doctype *t;
	const doctype_field *f;
	size_t i;
	int ok;

	if ((dir = mkdtemp(tmpl)) == NULL) {
		T_OK("bad-setup", 0, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/doctype.xsd", fmt_dir);
	snprintf(file, sizeof file, "%s/doctype.xsd", dir);
	snprintf(types, sizeof types, "%s/types", dir);
	snprintf(codes, sizeof codes, "%s/codes", dir);
	snprintf(want, sizeof want, "%s/codes", fmt_dir);
	/* Outside T_OK: its condition is skipped when rows are filtered. */
	ok = copy_file(path, file) == 0 && mkdir(types, 0755) == 0 &&
	    realpath(want, real) != NULL && symlink(real, codes) == 0;
	T_OK("bad-setup", ok, "cannot build %s", dir);
	snprintf(file, sizeof file, "%s/t.xml", types);

	/* No types at all is an error, not an empty set. */
	sg_err_clear(&err);
	s = doctype_set_load(dir, &err);
	T_OK("bad-empty", s == NULL && strcmp(err.code, "E-DOCTYPE-DIR") == 0,
	    "code %s", err.code);
	doctype_set_free(s);

	for (i = 0; i < sizeof bad_rows / sizeof *bad_rows; i++) {
		snprintf(name, sizeof name, "bad#%zu", i);
		if (write_file(file, bad_rows[i].xml, strlen(bad_rows[i].xml))
		    != 0) {
			T_OK(name, 0, "cannot write %s", file);
			continue;
		}
		snprintf(want, sizeof want, "%s:%d", file,
		    marker_line(bad_rows[i].xml));
		sg_err_clear(&err);
		s = doctype_set_load(dir, &err);
		T_OK(name, s == NULL && strcmp(err.code, bad_rows[i].code) == 0 &&
		    strcmp(err.where, want) == 0, "got %s at %s (%s), want %s "
		    "at %s", err.code, err.where, err.message,
		    bad_rows[i].code, want);
		doctype_set_free(s);
	}

	/* A good minimal type, open content in seal and layout. */
	write_file(file, good_xml, strlen(good_xml));
	sg_err_clear(&err);
	s = doctype_set_load(dir, &err);
	T_OK("good-minimal", s != NULL, "%s at %s: %s", err.code, err.where,
	    err.message);
	t = s ? doctype_set_find(s, "t") : NULL;
	f = t ? doctype_field_for_header(t, "AGAMA SAYA") : NULL;
	T_OK("good-alias-collapsed", f != NULL && f->n_aliases == 1 &&
	    strcmp(f->aliases[0], "Agama Saya") == 0 &&
	    f->aliases[1] == NULL, "alias");
	T_OK("good-severity", t && doctype_check_count(t) == 1 &&
	    doctype_check_at(t, 0)->severity == DOCTYPE_WARNING &&
	    doctype_check_at(t, 0)->n_with == 0, "severity");
	T_OK("good-no-members", t && doctype_members_name(t) == NULL,
	    "members");
	doctype_set_free(s);

	/* The same id in two files. */
	snprintf(path, sizeof path, "%s/u.xml", types);
	write_file(path, good_xml, strlen(good_xml));
	sg_err_clear(&err);
	s = doctype_set_load(dir, &err);
	T_OK("bad-dup-id", s == NULL && strcmp(err.code, "E-DOCTYPE-DUP") == 0
	    && strcmp(err.where, path) == 0, "got %s at %s", err.code,
	    err.where);
	doctype_set_free(s);
	unlink(path);

	/* A missing schema. */
	snprintf(path, sizeof path, "%s/doctype.xsd", dir);
	unlink(path);
	sg_err_clear(&err);
	s = doctype_set_load(dir, &err);
	T_OK("bad-no-xsd", s == NULL && strcmp(err.code, "E-SYSTEM") == 0 &&
	    strcmp(err.where, path) == 0, "got %s at %s", err.code,
	    err.where);
	doctype_set_free(s);

	unlink(file);
	unlink(codes);
	rmdir(types);
	rmdir(dir);
}

static void
test_members_head(void)
{
	sg_err err;
	doctype_set *s = doctype_set_load(fmt_dir, &err);
	const doctype_field *rel = NULL, *name = NULL;
	int code = -1;

	T_OK("members-head#0", s != NULL && doctype_members_head(
	    doctype_set_find(s, "kk"), &rel, &code, &name) == 0 &&
	    strcmp(rel->name, "status_hubungan") == 0 && code == 1 &&
	    strcmp(name->name, "nama_lengkap") == 0, "kk declares no head");
	T_OK("members-head#1", s != NULL && doctype_members_head(
	    doctype_set_find(s, "akta-kelahiran"), &rel, &code, &name) == -1,
	    "a head without members");
	doctype_set_free(s);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	{
	static char dir[PATH_MAX];
	const char *env = getenv("SEGEL_FORMATS");

	/* Copied: the environment is changed under it later. */
	snprintf(dir, sizeof dir, "%s", env && env[0] ? env : "formats");
	fmt_dir = dir;
	}
	test_shipped();
	test_bad();
	test_members_head();
	return T_DONE();
}
