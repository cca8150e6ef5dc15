/*
 * test_validate - the rule engine on small records, one rule per row,
 * against the shipped formats/ ($SEGEL_FORMATS, default "formats") with
 * SEGEL_TODAY fixed at 2026-11-01; and the fast JSON Lines path against
 * jansson itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonline.h"
#include "record.h"
#include "validate.h"
#include "t.h"

/* A good Kartu Keluarga from testdata/bulk (limboto-biyonga-invalid). */
#define KK_HEAD "{" KK_BODY
#define KK_BODY "\"type\":\"kk\",\"id\":\"t\",\"fields\":{"                \
	"\"no_kk\":\"7501010504210002\",\"rt\":\"008\",\"rw\":\"002\","       \
	"\"kode_pos\":\"96212\",\"kode_wilayah\":\"75.01.01.1009\","          \
	"\"desa\":\"Biyonga\",\"kecamatan\":\"Limboto\","                     \
	"\"kabupaten\":\"Kabupaten Gorontalo\",\"provinsi\":\"Gorontalo\""
#define M_HEAD "{\"nik\":\"7501011508990005\",\"nama_lengkap\":"             \
	"\"ROSTAM PANIGORO\",\"jenis_kelamin\":\"LAKI-LAKI\",\"tempat_lahir\":" \
	"\"TIBAWA\",\"tanggal_lahir\":\"1999-08-15\",\"agama\":\"ISLAM\","    \
	"\"status_perkawinan\":\"KAWIN TERCATAT\",\"tanggal_perkawinan\":"    \
	"\"2020-10-10\",\"status_hubungan\":\"KEPALA KELUARGA\","             \
	"\"kewarganegaraan\":\"WNI\"}"
#define M_WIFE "{\"nik\":\"7501015106990003\",\"nama_lengkap\":"             \
	"\"WIWIN KADIR\",\"jenis_kelamin\":\"PEREMPUAN\",\"tempat_lahir\":"   \
	"\"GORONTALO\",\"tanggal_lahir\":\"1999-06-11\",\"agama\":\"ISLAM\"," \
	"\"status_perkawinan\":\"KAWIN TERCATAT\",\"tanggal_perkawinan\":"    \
	"\"2020-10-10\",\"status_hubungan\":\"ISTRI\",\"kewarganegaraan\":\"WNI\"}"
#define M_CHILD "{\"nik\":\"7501015602220001\",\"nama_lengkap\":"            \
	"\"SAFITRI PANIGORO\",\"jenis_kelamin\":\"PEREMPUAN\",\"tempat_lahir\":" \
	"\"BIYONGA\",\"tanggal_lahir\":\"2022-02-16\",\"agama\":\"ISLAM\","   \
	"\"status_perkawinan\":\"BELUM KAWIN\",\"status_hubungan\":\"ANAK\","  \
	"\"kewarganegaraan\":\"WNI\"}"
#define KK(extra, members) KK_HEAD extra ",\"anggota\":[" members "]}}"
/* A KK with header fields replaced ("over" is merged into "fields"). */
#define KKX(over, members) "{'over':{" over "}," KK_BODY ",\"anggota\":[" \
	members "]}}"
#define KK3 KK("", M_HEAD "," M_WIFE "," M_CHILD)

#define DEATH(over) "{'over':{" over "},\"type\":\"akta-kematian\",\"fields\":{"                \
	"\"nik\":\"7501012103340007\",\"nama_lengkap\":\"JUFRI NUSI\","       \
	"\"jenis_kelamin\":\"LAKI-LAKI\",\"tempat_lahir\":\"TIBAWA\","        \
	"\"tanggal_lahir\":\"1934-03-21\",\"tempat_kematian\":\"LIMBOTO\","   \
	"\"tanggal_kematian\":\"2025-06-15\",\"nama_pelapor\":\"KASIM NUSI\"," \
	"\"nik_pelapor\":\"7501012103660001\",\"kode_wilayah\":"              \
	"\"75.01.01.1009\"}}"

/* JSON text with every ' made a ": keeps the table readable. */
static char *
q(const char *s)
{
	char *r = strdup(s), *p;

	for (p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

/*
 * Each row: a record, the problem codes expected in order ("" none), and
 * optionally a path and the value it must have after normalisation.  A
 * member substitution: "@" in rec is replaced by sub (used to vary one
 * member of the three-member KK).
 */
static const struct row {
	const char *rec, *want, *path, *value;
} rows[] = {
	/* 0: the good KK passes untouched */
	{ KK3, "", "anggota.1.nama_lengkap", "WIWIN KADIR" },
	/* code tables: variants, codes given as number and as text */
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'rostam  panigoro',"
	  "'jenis_kelamin':'l','tempat_lahir':'tibawa','tanggal_lahir':"
	  "'1999-08-15','agama':1,'golongan_darah':'0','status_perkawinan':"
	  "'Kawin','tanggal_perkawinan':'2020-10-10','status_hubungan':'KK',"
	  "'kewarganegaraan':'Indonesia','pendidikan':'SMA'}"), "",
	  "anggota.0.agama", "ISLAM" },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':' rostam  panigoro ',"
	  "'jenis_kelamin':'l','tempat_lahir':'tibawa','tanggal_lahir':"
	  "'1999-08-15','agama':'1','status_perkawinan':'2',"
	  "'status_hubungan':'1','kewarganegaraan':'1','pendidikan':'SMA'}"),
	  "", "anggota.0.nama_lengkap", "ROSTAM PANIGORO" },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'josé\\u00a0lenggu',"
	  "'jenis_kelamin':'L','tempat_lahir':'BA\\u2019A','tanggal_lahir':"
	  "'1999-08-15','agama':'katholik','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"), "",
	  "anggota.0.nama_lengkap", "JOS\xc3\x89 LENGGU" },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'JOSE',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'budha','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"), "",
	  "anggota.0.agama", "BUDDHA" },
	/* 5: unknown code value, control character, over-long name */
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'X','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'JEDI','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-CODE-UNKNOWN E-CODE-UNKNOWN", "anggota.0.agama", "JEDI" },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'ROS\\u0007TAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X\\u200bY','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-FIELD-CONTROL E-FIELD-CONTROL", NULL, NULL },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'ABCDEFGHIJ "
	  "ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-FIELD-LENGTH", NULL, NULL },
	/* required, type, pattern, digits */
	{ KKX("'rt':'1a'", M_HEAD), "E-FIELD-DIGITS", NULL, NULL },
	{ "{'type':'kk','fields':{'no_kk':7501010504210002,"
	  "'kode_wilayah':'75.01.01.1009','anggota':[" M_HEAD "]}}",
	  "E-FIELD-TYPE", NULL, NULL },
	/* 10 */
	{ "{'type':'kk','fields':{'kode_wilayah':'75.01.01.1009',"
	  "'anggota':[" M_HEAD "]}}", "E-FIELD-REQUIRED", NULL, NULL },
	{ "{'type':'kk','fields':{'no_kk':'7501010504210002',"
	  "'kode_wilayah':'75.1.1.1009','anggota':[" M_HEAD "]}}",
	  "E-FIELD-PATTERN", NULL, NULL },
	/* NIK: women's +40 missing, date mismatch, retired and unknown
	 * district, 29 February, serial 0000 */
	{ KK("", M_HEAD ",{'nik':'7501011106990003','nama_lengkap':'WIWIN',"
	  "'jenis_kelamin':'P','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-06-11','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'ISTRI','kewarganegaraan':'WNI'}"), "W-NIK-SEX",
	  NULL, NULL },
	{ KK("", "{'nik':'7501011508980005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "W-NIK-BIRTHDATE", NULL, NULL },
	{ KK("", "{'nik':'9101011508990005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "W-NIK-DISTRICT-RETIRED", NULL, NULL },
	/* 15 */
	{ KK("", "{'nik':'7501991508990005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-NIK-DISTRICT", NULL, NULL },
	{ KK("", "{'nik':'7501012902010005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'2001-03-01','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-NIK-DATE", NULL, NULL },
	{ KK("", "{'nik':'7501016902000005','nama_lengkap':'SITI',"
	  "'jenis_kelamin':'P','tempat_lahir':'X','tanggal_lahir':"
	  "'2000-02-29','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "", NULL, NULL },
	{ KK("", "{'nik':'7501011508990000','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-NIK-SERIAL", NULL, NULL },
	{ KK("", "{'nik':'750101150899','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-NIK-FORMAT", NULL, NULL },
	/* 20: KK number */
	{ "{'type':'kk','fields':{'no_kk':'7501010504210000',"
	  "'kode_wilayah':'75.01.01.1009','anggota':[" M_HEAD "]}}",
	  "E-KK-SERIAL", NULL, NULL },
	{ "{'type':'kk','fields':{'no_kk':'7501014504210001',"
	  "'kode_wilayah':'75.01.01.1009','anggota':[" M_HEAD "]}}",
	  "E-KK-DATE", NULL, NULL },
	{ "{'type':'kk','fields':{'no_kk':'9101010504210001',"
	  "'kode_wilayah':'75.01.01.1009','anggota':[" M_HEAD "]}}",
	  "W-KK-DISTRICT-RETIRED", NULL, NULL },
	{ "{'type':'kk','fields':{'no_kk':'7501020504210001',"
	  "'kode_wilayah':'75.01.01.1009','anggota':[" M_HEAD "]}}",
	  "W-KK-REGION", NULL, NULL },
	/* address: names forgiven, Kota is not Kabupaten, retired code */
	{ KKX("'kabupaten':'KAB. GORONTALO','kecamatan':'KEC. LIMBOTO'",
	  M_HEAD), "", NULL, NULL },
	/* 25 */
	{ KKX("'kabupaten':'Kota Gorontalo'", M_HEAD), "E-ADDR-NAME",
	  "kabupaten", "KOTA GORONTALO" },
	{ "{'type':'kk','fields':{'no_kk':'9101010504210001',"
	  "'kode_wilayah':'91.01.01.1002','anggota':[{'nik':"
	  "'9101011508990005','nama_lengkap':'ROSTAM','jenis_kelamin':'L',"
	  "'tempat_lahir':'X','tanggal_lahir':'1999-08-15','agama':'ISLAM',"
	  "'status_perkawinan':'KAWIN','status_hubungan':'KEPALA KELUARGA',"
	  "'kewarganegaraan':'WNI'}]}}",
	  "W-NIK-DISTRICT-RETIRED W-KK-DISTRICT-RETIRED E-ADDR-UNKNOWN", NULL,
	  NULL },
	{ KKX("'desa':'Hunggaluwa'", M_HEAD), "E-ADDR-NAME", NULL, NULL },
	/* family */
	{ KK("", M_HEAD "," M_HEAD), "E-KK-HEADS E-KK-NIK-DUP", NULL, NULL },
	{ KK("", M_WIFE), "E-KK-NO-HEAD", NULL, NULL },
	/* 30 */
	{ KK("", M_HEAD ",{'nik':'7501015106990003','nama_lengkap':'WIWIN',"
	  "'jenis_kelamin':'P','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-06-11','agama':'ISLAM','status_perkawinan':'BELUM KAWIN',"
	  "'status_hubungan':'ISTRI','kewarganegaraan':'WNI'}"),
	  "E-KK-SPOUSE-STATUS", NULL, NULL },
	{ KK("", M_HEAD ",{'nik':'7501015602900001','nama_lengkap':'SAFITRI',"
	  "'jenis_kelamin':'P','tempat_lahir':'X','tanggal_lahir':"
	  "'1990-02-16','agama':'ISLAM','status_perkawinan':'BELUM KAWIN',"
	  "'status_hubungan':'ANAK','kewarganegaraan':'WNI'}"),
	  "W-KK-CHILD-AGE", NULL, NULL },
	{ KK("", "{'nik':'7501011508140005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'2014-08-15','agama':'ISLAM','status_perkawinan':'BELUM KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "W-KK-HEAD-AGE", NULL, NULL },
	/* dates: future, invalid, marriage before birth */
	{ KK("", "{'nik':'7501011508270005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'2027-08-15','agama':'ISLAM','status_perkawinan':'BELUM KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-DATE-FUTURE", NULL, NULL },
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-02-30','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-DATE-INVALID", NULL, NULL },
	/* 35 */
	{ KK("", "{'nik':'7501011508990005','nama_lengkap':'ROSTAM',"
	  "'jenis_kelamin':'L','tempat_lahir':'X','tanggal_lahir':"
	  "'1999-08-15','agama':'ISLAM','status_perkawinan':'KAWIN',"
	  "'tanggal_perkawinan':'1999-01-01',"
	  "'status_hubungan':'KEPALA KELUARGA','kewarganegaraan':'WNI'}"),
	  "E-DATE-ORDER", NULL, NULL },
	{ DEATH(""), "", NULL, NULL },
	{ DEATH("'tanggal_kematian':'1930-01-01'"), "E-DATE-ORDER", NULL,
	  NULL },
	{ DEATH("'nik_pelapor':'7501012103340007'"), "E-NIK-SAME", NULL,
	  NULL },
	/* the record itself */
	{ "{'type':'surat','fields':{}}", "E-RECORD-TYPE", NULL, NULL },
	/* 40 */
	{ "{'type':'kk','fields':[]}", "E-RECORD-FIELDS", NULL, NULL },
	{ KK("", "1"), "E-FIELD-TYPE E-KK-NO-HEAD", NULL, NULL },
};

/* "anggota.1.nama_lengkap": a dotted path into fields. */
static const char *
value_at(json_t *rec, const char *path)
{
	json_t *j = json_object_get(rec, "fields");
	char buf[128], *tok, *save;

	snprintf(buf, sizeof buf, "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && j;
	    tok = strtok_r(NULL, ".", &save))
		j = json_is_array(j) ? json_array_get(j, atoi(tok)) :
		    json_object_get(j, tok);
	return json_string_value(j);
}

static void
codes_of(const validator *v, char *buf, size_t sz)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < val_problem_count(v); i++)
		n += (size_t)snprintf(buf + n, n < sz ? sz - n : 0, "%s%s",
		    i ? " " : "", val_problem_at(v, i)->code);
}

static void
test_rows(validator *v)
{
	char name[64], got[512];
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *text = q(rows[i].rec);
		json_t *rec = rec_parse(text, strlen(text), NULL);
		int worst;

		snprintf(name, sizeof name, "rows#%zu", i);
		if (rec == NULL) {
			T_OK(name, 0, "row does not parse: %s", text);
			free(text);
			continue;
		}
		if (json_object_get(rec, "over") != NULL) {
			json_object_update(json_object_get(rec, "fields"),
			    json_object_get(rec, "over"));
			json_object_del(rec, "over");
		}
		val_batch_reset(v);
		worst = val_check(v, rec);
		codes_of(v, got, sizeof got);
		T_STREQ(name, got, rows[i].want);
		snprintf(name, sizeof name, "rows-worst#%zu", i);
		T_OK(name, worst == (strstr(rows[i].want, "E-") ? VAL_ERROR :
		    *rows[i].want ? VAL_WARN : VAL_OK), "worst %d", worst);
		if (rows[i].path != NULL) {
			snprintf(name, sizeof name, "rows-value#%zu", i);
			T_STREQ(name, value_at(rec, rows[i].path),
			    rows[i].value);
		}
		json_decref(rec);
		free(text);
	}
}

/* The second record with a NIK is told where the first was. */
static void
test_batch(validator *v)
{
	char *text = q(KK3);
	json_t *a = rec_parse(text, strlen(text), NULL);
	json_t *b = rec_parse(text, strlen(text), NULL);
	char got[512];

	val_batch_reset(v);
	json_object_set_new(a, "id", json_string("desa/kk.csv:2"));
	json_object_set_new(b, "id", json_string("desa/kk.csv:9"));
	T_OK("batch-first", val_check(v, a) == VAL_OK, "first rejected");
	T_OK("batch-second", val_check(v, b) == VAL_ERROR, "second passed");
	codes_of(v, got, sizeof got);
	T_STREQ("batch-codes", got, "E-NIK-DUP E-NIK-DUP E-NIK-DUP");
	T_OK("batch-names-first", val_problem_count(v) > 0 &&
	    strstr(val_problem_at(v, 0)->message, "desa/kk.csv:2") != NULL &&
	    strcmp(val_problem_at(v, 0)->path, "anggota[0].nik") == 0,
	    "message \"%s\"", val_problem_at(v, 0)->message);
	/* annotate: passed records carry warnings, rejects carry errors */
	T_OK("annotate-reject", val_annotate(v, b, 1) == 0 &&
	    json_array_size(json_object_get(b, "errors")) == 3 &&
	    json_object_get(b, "validation") == NULL, "errors not written");
	val_batch_reset(v);
	T_OK("batch-reset", val_check(v, b) == VAL_OK, "still remembered");
	T_OK("annotate-pass", val_annotate(v, b, 0) == 0 &&
	    json_object_get(b, "errors") == NULL &&
	    json_is_array(json_object_get(json_object_get(b, "validation"),
	    "warnings")), "validation not written");
	json_decref(a);
	json_decref(b);
	free(text);
}

/* rec_parse (jsonline_parse, jansson for the rest) and jsonline_dump
 * agree with jansson byte for byte. */
static const char *const json_rows[] = {
	"{}",
	"{\"a\":\"b\",\"c\":[1,-2,0,true,false,null,{},[]]}",
	"{\"e\":\"q\\\"b\\\\s\\/n\\n\\r\\t\\b\\f\\u0001\\u00e9\\ud83d\\ude00\"}",
	"{\"z\":1,\"a\":2,\"m\":{\"y\":\"\xc3\xa9\xe2\x80\x99\"}}",
	"  {\"r\":1.5e3,\"big\":123456789012345678901}  ",
	"{\"nul\":\"a\\u0000b\"}",
	"{\"ctl\":\"\\u000b\\u001f\\u007f\"}",
	"{\"a\":1,\"a\":2}",
	"{\"a\":01}",
	"{\"a\":\"\xff\"}",
	"{\"a\":\"\\ud800\"}",
	"[1]",
	"{\"a\":[1,]}",
	"{\"a\" 1}",
	"{\"a\":\"x\"} x",
	"{\"a\":\"\x01\"}",
	"{\"k\\u00e9y\":tru}",
	"{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]]}",
};

static void
test_jsonline(void)
{
	sg_buf b = { 0 };
	char name[64];
	size_t i;

	for (i = 0; i < sizeof json_rows / sizeof json_rows[0]; i++) {
		const char *s = json_rows[i];
		sg_err e1, e2;
		json_t *a = rec_parse_jansson(s, strlen(s), &e1);
		json_t *f = rec_parse(s, strlen(s), &e2);
		char *ref = NULL;

		snprintf(name, sizeof name, "jsonline#%zu", i);
		if (a == NULL || f == NULL) {
			T_OK(name, a == NULL && f == NULL &&
			    strcmp(e1.message, e2.message) == 0,
			    "jansson %s, fast %s", a ? "ok" : e1.message,
			    f ? "ok" : e2.message);
		} else {
			ref = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
			sg_buf_reset(&b);
			T_OK(name, ref != NULL && jsonline_dump(f, &b) == 0 &&
			    b.len == strlen(ref) + 1 &&
			    memcmp(b.p, ref, b.len - 1) == 0 &&
			    json_equal(a, f), "got %.*s want %s", (int)b.len,
			    b.p, ref);
		}
		free(ref);
		json_decref(a);
		json_decref(f);
	}
	sg_buf_free(&b);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	doctype_set *types;
	codetab_set *codes;
	region_table *regions;
	validator *v;
	sg_err err;

	T_INIT(argc, argv);
	setenv("SEGEL_TODAY", "2026-11-01", 1);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	types = doctype_set_load(dir, &err);
	codes = codetab_set_load(dir, &err);
	regions = region_table_load(dir, &err);
	if (types == NULL || codes == NULL || regions == NULL ||
	    (v = val_new(types, codes, regions, &err)) == NULL) {
		printf("not ok load: %s: %s\n", err.where, err.message);
		return 1;
	}
	test_rows(v);
	test_batch(v);
	test_jsonline();
	T_OK("check-names", val_check_names()[0] != NULL, "no names");
	val_free(v);
	val_free(NULL);
	region_table_free(regions);
	codetab_set_free(codes);
	doctype_set_free(types);
	return T_DONE();
}
