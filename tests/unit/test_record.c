/*
 * test_record.c - the record stream and its envelope (lib/record.h): the
 * reader on realistic intake output (blank lines, CRLF, bad lines, a
 * line over the limit), the writer against jansson byte for byte, the
 * one reject shape, and the envelope accessors.
 */
#include "record.h"
#include "t.h"

/* A record as segel-intake writes it (one line). */
#define KK_REC \
	"{\"type\":\"kk\",\"id\":\"hunggaluwa/kk.csv:2\",\"source\":" \
	"{\"folder\":\"testdata/bulk/gorontalo/hunggaluwa\",\"file\":" \
	"\"kk.csv\",\"line\":2,\"lines\":[2,3]},\"fields\":{\"no_kk\":" \
	"\"7501012311260001\",\"kode_wilayah\":\"75.01.01.2001\"," \
	"\"anggota\":[{\"nik\":\"7501015003850001\",\"nama_lengkap\":" \
	"\"SITI AISYAH DJAFAR\",\"status_hubungan\":\"KEPALA KELUARGA\"}]}," \
	"\"attachments\":[{\"path\":\"lampiran/0002-f101.pdf\",\"media\":" \
	"\"application/pdf\",\"bytes\":731,\"sha256\":\"ab\"}]}"

static char *
dump_ref(const json_t *rec)
{
	char *s = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER), *t;
	size_t n;

	if (s == NULL || (t = realloc(s, (n = strlen(s)) + 2)) == NULL) {
		free(s);
		return NULL;
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	return t;
}

static void
test_reader(void)
{
	static const char stream[] =
	    KK_REC "\n"
	    "\n"
	    "   \t\n"
	    "{\"type\":\"akta-kelahiran\",\"fields\":{\"nama_lengkap\":"
	    "\"MOH. RIZKI DAUD\"}}\r\n"
	    "{\"type\":\"kk\",\"fields\":{}\n"
	    "[\"not\",\"an\",\"object\"]\n"
	    "{\"id\":\"a\",\"id\":\"b\"}\n"
	    "{\"weight\":3.25}";
	FILE *fp = fmemopen((void *)stream, sizeof stream - 1, "r");
	rec_reader *r = rec_reader_new(fp, "-");
	json_t *rec;
	sg_err err;
	int rc;

	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-first", rc == 1 && strcmp(rec_type(rec), "kk") == 0 &&
	    rec_reader_line(r) == 1, "rc %d line %lu", rc,
	    rec_reader_line(r));
	json_decref(rec);
	/* blank lines are skipped, CR before LF is tolerated */
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-crlf", rc == 1 && rec_reader_line(r) == 4 &&
	    strcmp(json_string_value(json_object_get(rec_fields(rec),
	    "nama_lengkap")), "MOH. RIZKI DAUD") == 0, "rc %d line %lu", rc,
	    rec_reader_line(r));
	T_STREQ("reader-where", rec_reader_where(r), "<stdin>:4");
	json_decref(rec);
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-bad-json", rc == -1 && rec == NULL &&
	    strcmp(err.code, "E-REC-JSON") == 0 &&
	    strcmp(err.where, "<stdin>:5") == 0, "rc %d %s at %s", rc,
	    err.code, err.where);
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-not-object", rc == -1 &&
	    strcmp(err.code, "E-REC-NOT-OBJECT") == 0, "rc %d %s", rc,
	    err.code);
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-duplicate-key", rc == -1 &&
	    strcmp(err.code, "E-REC-JSON") == 0, "rc %d %s", rc, err.code);
	/* a real number: outside the fast path, jansson reads it */
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-real", rc == 1 && json_real_value(json_object_get(rec,
	    "weight")) == 3.25, "rc %d", rc);
	json_decref(rec);
	rc = rec_reader_next(r, &rec, &err);
	T_OK("reader-end", rc == 0 && rec_reader_line(r) == 8, "rc %d", rc);
	rec_reader_free(r);
	rec_reader_free(NULL);
	fclose(fp);
}

static void
test_too_long(void)
{
	size_t n = REC_MAX_LINE + 100;
	char *big = malloc(n + 40);
	FILE *fp;
	rec_reader *r;
	json_t *rec;
	sg_err err;
	int rc;

	if (big == NULL)
		return;
	memcpy(big, "{\"x\":\"", 6);
	memset(big + 6, 'a', n - 8);
	memcpy(big + n - 2, "\"}", 2);
	memcpy(big + n, "\n{\"type\":\"kk\"}\n", 16);
	fp = fmemopen(big, n + 16, "r");
	r = rec_reader_new(fp, "big.jsonl");
	rc = rec_reader_next(r, &rec, &err);
	T_OK("too-long", rc == -1 && strcmp(err.code, "E-REC-TOO-LONG") == 0 &&
	    strcmp(err.where, "big.jsonl:1") == 0, "rc %d %s %s", rc,
	    err.code, err.where);
	/* and the reader goes on with the next line */
	rc = rec_reader_next(r, &rec, &err);
	T_OK("too-long-next", rc == 1 && strcmp(rec_type(rec), "kk") == 0 &&
	    rec_reader_line(r) == 2, "rc %d", rc);
	json_decref(rec);
	rec_reader_free(r);
	fclose(fp);
	free(big);
}

/* The writer gives what json_dumps does, byte for byte. */
static const char *const write_rows[] = {
	KK_REC,
	"{}",
	"{\"type\":null,\"id\":\"<stdin>:3\",\"errors\":[{\"code\":"
	    "\"E-REC-JSON\",\"path\":\"\",\"message\":\"not a JSON record\"}]}",
	/* escapes, control characters, non-ASCII kept as UTF-8 */
	"{\"fields\":{\"nama\":\"A\\\"B\\\\C\\n\\t\\u0001\\u001f\xc3\xa9"
	    "\xe2\x80\x99\xf0\x9f\x98\x80\",\"alamat\":\"JL. \\/ PANJAITAN\"}}",
	/* numbers at the edges, reals through jansson */
	"{\"n\":-9223372036854775808,\"m\":9223372036854775807,\"r\":0.1,"
	    "\"e\":1e300,\"b\":[true,false,null]}",
	/* key order is kept */
	"{\"z\":1,\"a\":2,\"pdf\":{\"path\":\"out/x.pdf\",\"pages\":1}}",
};

static void
test_write(void)
{
	char name[64], *ref, *got, *buf = NULL;
	size_t i, len, blen = 0;
	json_t *rec;
	FILE *mem;

	for (i = 0; i < sizeof write_rows / sizeof write_rows[0]; i++) {
		snprintf(name, sizeof name, "write#%zu", i);
		rec = rec_parse(write_rows[i], strlen(write_rows[i]), NULL);
		ref = rec ? dump_ref(rec) : NULL;
		got = rec ? rec_format(rec, &len) : NULL;
		T_OK(name, ref != NULL && got != NULL && len == strlen(ref) &&
		    strcmp(got, ref) == 0, "got %s want %s", got ? got : "-",
		    ref ? ref : "-");
		/* rec_write writes the same bytes */
		snprintf(name, sizeof name, "write-file#%zu", i);
		if ((mem = open_memstream(&buf, &blen)) != NULL && rec != NULL) {
			int rc = rec_write(mem, rec);

			fclose(mem);
			T_OK(name, rc == 0 && ref != NULL && blen == strlen(ref) &&
			    memcmp(buf, ref, blen) == 0, "rc %d, %zu bytes", rc,
			    blen);
		}
		free(buf);
		buf = NULL;
		free(ref);
		free(got);
		json_decref(rec);
	}
	/* a full disk is an error, not a short file */
	rec = json_pack("{s:s}", "type", "kk");
	if ((mem = fopen("/dev/full", "w")) != NULL) {
		setvbuf(mem, NULL, _IONBF, 0);
		T_OK("write-full", rec_write(mem, rec) == -1, "no error");
		fclose(mem);
	}
	json_decref(rec);
}

static void
test_reject(void)
{
	json_t *rec, *r;
	sg_err err;
	char *s;

	/* a line that is no record: the one shape, whatever the tool */
	sg_err_set(&err, "E-REC-JSON", "bad.jsonl:2", "not a JSON record: "
	    "'[' or '{' expected near 'not' (column 3)");
	r = rec_reject(NULL, "bad.jsonl:2", &err);
	s = r ? rec_format(r, NULL) : NULL;
	T_STREQ("reject-line", s, "{\"type\":null,\"id\":\"bad.jsonl:2\","
	    "\"errors\":[{\"code\":\"E-REC-JSON\",\"path\":\"\",\"message\":"
	    "\"not a JSON record: '[' or '{' expected near 'not' (column 3)\""
	    "}]}\n");
	free(s);
	json_decref(r);

	/* a record read whole: kept as it came, the problem appended with
	 * its field path */
	rec = rec_parse(KK_REC, strlen(KK_REC), NULL);
	rec_add_error(rec, "E-NIK-FORMAT", "anggota[0].nik", "NIK %s is "
	    "not 16 digits", "75010150");
	sg_err_set(&err, "E-SIGN-REGION", "kode_wilayah", "the document is "
	    "for region 75.01.01.2001; this office signs for 17.08");
	r = rec_reject(rec, "kk.jsonl:7", &err);
	T_OK("reject-record", r == rec && json_array_size(rec_errors(r)) == 2
	    && strcmp(rec_problem_code(json_array_get(rec_errors(r), 1)),
	    "E-SIGN-REGION") == 0 &&
	    strcmp(rec_problem_path(json_array_get(rec_errors(r), 1)),
	    "kode_wilayah") == 0 && strcmp(rec_id(r),
	    "hunggaluwa/kk.csv:2") == 0, "errors %zu",
	    json_array_size(rec_errors(r)));
	T_STREQ("reject-first-message",
	    rec_problem_message(json_array_get(rec_errors(r), 0)),
	    "NIK 75010150 is not 16 digits");
	json_decref(r);
	/* "errors" that is not a list cannot take a problem */
	json_object_set_new(rec, "errors", json_string("x"));
	T_OK("reject-bad-errors", rec_reject(rec, "kk.jsonl:7", &err) ==
	    NULL && rec_add_error(rec, "E-X", "", "x") == -1, "accepted");
	json_decref(rec);
	T_STREQ("problem-missing", rec_problem_code(NULL), "");
}

static void
test_envelope(void)
{
	json_t *rec = rec_parse(KK_REC, strlen(KK_REC), NULL), *w, *issue;
	rec_issue_info in, out;
	char *s;

	T_STREQ("env-type", rec_type(rec), "kk");
	T_STREQ("env-id", rec_id(rec), "hunggaluwa/kk.csv:2");
	T_OK("env-fields", json_object_size(rec_fields(rec)) == 3, "fields");
	T_OK("env-unsigned", rec_issue(rec) == NULL &&
	    rec_issue_number(rec) == NULL && rec_seal(rec) == NULL &&
	    rec_errors(rec) == NULL, "signed?");

	memset(&in, 0, sizeof in);
	in.number = "7501-KK-23112026-0001";
	in.issued = "2026-11-23";
	in.issuer = "75.01";
	in.kid = "eb9bba45ff2c783b";
	in.office = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten "
	    "Gorontalo";
	in.official = "Drs. MUHTAR NUNA, M.Si";
	in.nip = "";
	T_OK("env-set-issue", rec_set_issue(rec, &in) == 0 &&
	    rec_set_seal(rec, "SG1:6BFOXN*TS0BI$ZD4N9:9") == 0, "set");
	T_STREQ("env-number", rec_issue_number(rec), "7501-KK-23112026-0001");
	T_STREQ("env-seal", rec_seal(rec), "SG1:6BFOXN*TS0BI$ZD4N9:9");
	s = json_dumps(rec_issue(rec), JSON_COMPACT | JSON_PRESERVE_ORDER);
	T_STREQ("env-issue-order", s, "{\"number\":\"7501-KK-23112026-0001\","
	    "\"issued\":\"2026-11-23\",\"issuer\":\"75.01\",\"kid\":"
	    "\"eb9bba45ff2c783b\",\"office\":\"Dinas Kependudukan dan "
	    "Pencatatan Sipil Kabupaten Gorontalo\",\"official\":\"Drs. "
	    "MUHTAR NUNA, M.Si\",\"nip\":\"\"}");
	free(s);
	rec_issue_get(rec_issue(rec), &out);
	T_OK("env-issue-get", strcmp(out.kid, in.kid) == 0 &&
	    strcmp(out.official, in.official) == 0 && out.nip[0] == '\0',
	    "kid %s", out.kid ? out.kid : "-");
	/* only the parts given */
	memset(&in, 0, sizeof in);
	in.number = "7501-KK-23112026-0001";
	in.office = "Kecamatan Limboto";
	issue = rec_issue_new(&in);
	s = json_dumps(issue, JSON_COMPACT | JSON_PRESERVE_ORDER);
	T_STREQ("env-issue-part", s, "{\"number\":\"7501-KK-23112026-0001\","
	    "\"office\":\"Kecamatan Limboto\"}");
	free(s);
	json_decref(issue);

	/* a record that passed loses its old errors, and the other way */
	rec_add_error(rec, "E-FIELD-REQUIRED", "no_kk", "required");
	w = json_array();
	json_array_append_new(w, rec_problem_new("W-NIK-SEX", "anggota[0].nik",
	    "the NIK says female"));
	T_OK("env-validation", rec_set_validation(rec, w) == 0 &&
	    rec_errors(rec) == NULL && json_array_size(json_object_get(
	    json_object_get(rec, "validation"), "warnings")) == 1, "set");
	T_OK("env-errors", rec_set_errors(rec, json_array()) == 0 &&
	    json_object_get(rec, "validation") == NULL &&
	    rec_errors(rec) != NULL, "set");
	/* errors go last, after the data they speak of */
	rec_set_pdf(rec, "out/7501-KK-23112026-0001.pdf", "cd", 1);
	rec_errors_last(rec);
	s = rec_format(rec, NULL);
	T_OK("env-errors-last", s != NULL && strstr(s, ",\"errors\":[]}\n") !=
	    NULL && strstr(s, "\"pdf\":{\"path\":\"out/7501-KK-23112026-0001"
	    ".pdf\",\"sha256\":\"cd\",\"pages\":1}") != NULL, "%s", s);
	free(s);
	T_OK("env-lines", rec_set_source_lines(rec, json_pack("[i,i,i]", 2, 3,
	    4)) == 0 && json_array_size(json_object_get(rec_source(rec),
	    "lines")) == 3, "lines");

	w = rec_attachment_new("lampiran/0002-f101.pdf", "application/pdf",
	    731, "ab");
	s = w ? rec_format(w, NULL) : NULL;
	T_STREQ("env-attachment", s, "{\"path\":\"lampiran/0002-f101.pdf\","
	    "\"media\":\"application/pdf\",\"bytes\":731,\"sha256\":\"ab\"}\n");
	free(s);
	json_decref(w);

	/* a type that is not known is null, a non-object "fields" none */
	T_OK("env-type-null", rec_set_type(rec, NULL) == 0 &&
	    rec_type(rec) == NULL && json_is_null(json_object_get(rec,
	    "type")), "type");
	json_object_set_new(rec, "fields", json_string("7501"));
	T_OK("env-fields-not-object", rec_fields(rec) == NULL, "fields");
	json_decref(rec);
}

static const struct {
	const char *folder, *file;
	unsigned long line;
	const char *id, *where;
} source_rows[] = {
	{ "testdata/bulk/gorontalo/hunggaluwa", "kk.csv", 2,
	    "hunggaluwa/kk.csv:2", "testdata/bulk/gorontalo/hunggaluwa/kk.csv:2" },
	{ "hunggaluwa/", "kk.csv", 0, "hunggaluwa//kk.csv:0",
	    "hunggaluwa//kk.csv" },
	{ ".", "akta.xml", 14, "akta.xml:14", "./akta.xml:14" },
	{ NULL, "akta.xml", 14, "akta.xml:14", "akta.xml:14" },
	/* a name from the file system holding a control character */
	{ "desa", "a\nb.csv", 3, "desa/a\\x0ab.csv:3", "desa/a\\x0ab.csv:3" },
};

static void
test_source(void)
{
	char name[64], where[256];
	size_t i;
	json_t *rec;

	for (i = 0; i < sizeof source_rows / sizeof source_rows[0]; i++) {
		snprintf(name, sizeof name, "source#%zu", i);
		rec = json_object();
		T_OK(name, rec_set_source(rec, source_rows[i].folder,
		    source_rows[i].file, source_rows[i].line) == 0 &&
		    strcmp(rec_id(rec), source_rows[i].id) == 0, "id %s",
		    rec_id(rec) ? rec_id(rec) : "-");
		snprintf(name, sizeof name, "where#%zu", i);
		rec_where(rec, "<stdin>:9", where, sizeof where);
		T_STREQ(name, where, source_rows[i].where);
		json_decref(rec);
	}
	/* an id already there is kept */
	rec = json_pack("{s:s}", "id", "mine");
	rec_set_source(rec, "desa", "kk.csv", 5);
	T_STREQ("source-keeps-id", rec_id(rec), "mine");
	json_decref(rec);
	rec = json_object();
	rec_where(rec, "<stdin>:9", where, sizeof where);
	T_STREQ("where-fallback", where, "<stdin>:9");
	json_decref(rec);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	test_reader();
	test_too_long();
	test_write();
	test_reject();
	test_envelope();
	test_source();
	return T_DONE();
}
