/*
 * test_xmlin.c - XML submissions: the sample bulk folder's files, the
 * broken files in testdata/broken/xml, and small in-memory cases.
 * Run from the top of the tree (tests/run.sh does); the schema is
 * $SEGEL_FORMATS/submission.xsd, else formats/submission.xsd.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"
#include "xmlin.h"

#define GOOD "testdata/bulk/rote-ndao/xml-oebou/"
#define BROKEN "testdata/broken/xml/"

static char xsd[1024];

static const char *
sget(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long
iget(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static json_t *
doc_at(json_t *sub, size_t i)
{
	return json_array_get(json_object_get(sub, "documents"), i);
}

static json_t *
member_at(json_t *d, size_t i)
{
	return json_array_get(json_object_get(d, "members"), i);
}

static void
test_kk(void)
{
	static const struct {
		long line;
		size_t members;
		const char *no_kk;
		long member0_line;
		const char *head_nik;
	} want[] = {
		{ 4, 4, "5314011203180001", 16, "5314011407790001" },
		{ 85, 3, "5314010508210002", 97, "5314012212650002" },
		{ 149, 2, "5314012710230001", 161, "5314017005900003" },
	};
	sg_err err;
	json_t *s, *d, *m, *f;
	size_t i, j, heads;
	char name[64];

	sg_err_clear(&err);
	s = xmlin_load(GOOD "pengajuan.xml", xsd, &err);
	T_OK("kk.load", s != NULL, "%s %s %s", err.code, err.where,
	    err.message);
	if (s == NULL)
		return;
	T_STREQ("kk.type", sget(s, "type"), "kk");
	T_OK("kk.root-line", iget(s, "line") == 3, "%ld", iget(s, "line"));
	T_OK("kk.documents",
	    json_array_size(json_object_get(s, "documents")) == 3, "%zu",
	    json_array_size(json_object_get(s, "documents")));
	for (i = 0; i < 3; i++) {
		d = doc_at(s, i);
		f = json_object_get(d, "fields");
		snprintf(name, sizeof name, "kk.doc#%zu", i + 1);
		T_OK(name, iget(d, "line") == want[i].line &&
		    json_object_size(f) == 11 &&
		    json_array_size(json_object_get(d, "members")) ==
		    want[i].members,
		    "line %ld, %zu fields, %zu members", iget(d, "line"),
		    json_object_size(f),
		    json_array_size(json_object_get(d, "members")));
		snprintf(name, sizeof name, "kk.no_kk#%zu", i + 1);
		T_STREQ(name, sget(f, "no_kk"), want[i].no_kk);
		snprintf(name, sizeof name, "kk.region#%zu", i + 1);
		T_STREQ(name, sget(f, "kode_wilayah"), "53.14.01.2006");
		snprintf(name, sizeof name, "kk.empty-value#%zu", i + 1);
		T_STREQ(name, sget(f, "lampiran"), "");
		m = member_at(d, 0);
		snprintf(name, sizeof name, "kk.member-line#%zu", i + 1);
		T_OK(name, iget(m, "line") == want[i].member0_line, "%ld",
		    iget(m, "line"));
		snprintf(name, sizeof name, "kk.head#%zu", i + 1);
		T_STREQ(name, sget(json_object_get(m, "fields"), "nik"),
		    want[i].head_nik);
		heads = 0;
		for (j = 0; j < want[i].members; j++) {
			f = json_object_get(member_at(d, j), "fields");
			if (json_object_size(f) != 15)
				heads = 99;
			if (strcmp(sget(f, "status_hubungan"),
			    "KEPALA KELUARGA") == 0)
				heads++;
		}
		snprintf(name, sizeof name, "kk.one-head#%zu", i + 1);
		T_OK(name, heads == 1, "%zu heads (99: a member without 15 "
		    "fields)", heads);
	}
	f = json_object_get(member_at(doc_at(s, 0), 1), "fields");
	T_STREQ("kk.apostrophe", sget(f, "tempat_lahir"), "BA'A");
	json_decref(s);
}

static void
test_akta(void)
{
	sg_err err;
	json_t *s, *d, *f;

	sg_err_clear(&err);
	s = xmlin_load(GOOD "akta.xml", xsd, &err);
	T_OK("akta.load", s != NULL, "%s %s %s", err.code, err.where,
	    err.message);
	if (s == NULL)
		return;
	T_STREQ("akta.type", sget(s, "type"), "akta-kelahiran");
	T_OK("akta.documents",
	    json_array_size(json_object_get(s, "documents")) == 2, "%zu",
	    json_array_size(json_object_get(s, "documents")));
	d = doc_at(s, 0);
	f = json_object_get(d, "fields");
	T_OK("akta.doc#1", iget(d, "line") == 4 &&
	    json_object_size(f) == 14 &&
	    json_object_get(d, "members") == NULL,
	    "line %ld, %zu fields", iget(d, "line"), json_object_size(f));
	T_STREQ("akta.nik-empty#1", sget(f, "nik"), "");
	T_STREQ("akta.jam#1", sget(f, "jam_lahir"), "04:35");
	d = doc_at(s, 1);
	f = json_object_get(d, "fields");
	T_OK("akta.doc#2", iget(d, "line") == 20 &&
	    json_object_size(f) == 14, "line %ld, %zu fields",
	    iget(d, "line"), json_object_size(f));
	T_STREQ("akta.nik#2", sget(f, "nik"), "5314015908260001");
	json_decref(s);
}

static void
test_broken(void)
{
	static const struct {
		const char *file, *code, *where;
	} rows[] = {
		{ "not-well-formed.xml", "E-XML-PARSE", ":8" },
		{ "schema-invalid.xml", "E-XML-SCHEMA", ":7" },
		{ "entity-bomb.xml", "E-XML-DTD", ":2" },
		{ "external-entity.xml", "E-XML-DTD", ":2" },
		{ "huge-depth.xml", "E-XML-DEPTH", ":19" },
		{ "duplicate-field.xml", "E-XML-DUPLICATE-FIELD", ":10" },
	};
	char name[64], path[256], where[300];
	sg_err err;
	json_t *s;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(path, sizeof path, BROKEN "%s", rows[i].file);
		snprintf(where, sizeof where, "%s%s", path, rows[i].where);
		sg_err_clear(&err);
		s = xmlin_load(path, xsd, &err);
		snprintf(name, sizeof name, "broken#%zu", i + 1);
		T_OK(name, s == NULL && strcmp(err.code, rows[i].code) == 0 &&
		    strcmp(err.where, where) == 0,
		    "%s: got %s at %s (%s), want %s at %s", rows[i].file,
		    err.code, err.where, err.message, rows[i].code, where);
		json_decref(s);
	}

	/* The type is not xmlin's to judge: intake checks it. */
	sg_err_clear(&err);
	s = xmlin_load(BROKEN "unknown-type.xml", xsd, &err);
	T_STREQ("broken.unknown-type", s ? sget(s, "type") : err.code,
	    "surat-jalan");
	T_OK("broken.unknown-type-line", s && iget(s, "line") == 4, "%ld",
	    s ? iget(s, "line") : -1L);
	json_decref(s);
}

/* XXE: nothing of /etc/passwd may reach the result or the message. */
static void
test_xxe(void)
{
	static const char *const rows[] = {
		BROKEN "external-entity.xml",
		NULL, /* the inline cases below */
	};
	static const char *const inl[] = {
		"<!DOCTYPE submission SYSTEM \"file:///etc/passwd\">\n"
		"<submission xmlns=\"urn:segel:submission:1\" type=\"kk\"/>",
		"<!DOCTYPE submission [<!ENTITY % p SYSTEM "
		"\"file:///etc/passwd\"> %p;]>\n"
		"<submission xmlns=\"urn:segel:submission:1\" type=\"kk\"/>",
		"<submission xmlns=\"urn:segel:submission:1\" type=\"kk\" "
		"xmlns:xi=\"http://www.w3.org/2001/XInclude\"><document>"
		"<field name=\"a\"><xi:include href=\"file:///etc/passwd\" "
		"parse=\"text\"/></field></document></submission>",
	};
	char name[64], *dump;
	sg_err err;
	json_t *s;
	size_t i;
	int leaked;

	for (i = 0; i < 1 + sizeof inl / sizeof inl[0]; i++) {
		sg_err_clear(&err);
		if (i == 0)
			s = xmlin_load(rows[0], xsd, &err);
		else
			s = xmlin_load_mem(inl[i - 1], strlen(inl[i - 1]),
			    "xxe", xsd, &err);
		dump = s ? json_dumps(s, 0) : NULL;
		leaked = strstr(err.message, "root:") != NULL ||
		    (dump != NULL && strstr(dump, "root:") != NULL);
		snprintf(name, sizeof name, "xxe#%zu", i + 1);
		T_OK(name, s == NULL && !leaked && err.code[0] != '\0',
		    "got %s (%s), result %s", err.code, err.message,
		    dump ? dump : "NULL");
		free(dump);
		json_decref(s);
	}
}

static void
test_bomb_fast(void)
{
	struct timespec t0, t1;
	sg_err err;
	json_t *s;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = xmlin_load(BROKEN "entity-bomb.xml", xsd, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	T_OK("bomb.fast", s == NULL && ms < 200, "%.1f ms", ms);
	json_decref(s);
}

static void
test_mem(void)
{
	static const struct {
		const char *xml;
		int schema;       /* 1: validate; 0: the walker alone */
		const char *code; /* NULL: must load */
		long line;
		const char *key, *value; /* fields of document 0, if loaded */
	} rows[] = {
		/* 1 */ { "", 1, "E-XML-PARSE", 1, NULL, NULL },
		/* 2 */ { "<submission type=\"kk\"/>", 1, "E-XML-SCHEMA", 1,
		    NULL, NULL },
		/* 3 */ { "<submission xmlns=\"urn:segel:submission:1\"/>", 1,
		    "E-XML-SCHEMA", 1, NULL, NULL },
		/* 4 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"KK\"/>", 1, "E-XML-SCHEMA", 1, NULL, NULL },
		/* 5 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\">\n<document>\n<field name=\"alamat\">"
		    "JL. TIMOR RAYA &amp; &#x41;<![CDATA[<B>]]></field>\n"
		    "</document></submission>", 1, NULL, 0, "alamat",
		    "JL. TIMOR RAYA & A<B>" },
		/* 6 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>\n<member/>\n</document>"
		    "</submission>", 1, "E-XML-SCHEMA", 2, NULL, NULL },
		/* 7 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>\n<member/>\n</document>"
		    "</submission>", 0, "E-XML-SCHEMA", 2, NULL, NULL },
		/* 8 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>\n\n<x/></document>"
		    "</submission>", 0, "E-XML-SCHEMA", 3, NULL, NULL },
		/* 9 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>\n<field name=\"a\">1</field>\n"
		    "<field name=\"a\">2</field></document></submission>", 0,
		    "E-XML-DUPLICATE-FIELD", 3, NULL, NULL },
		/* 10 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>\n<field name=\"a\">&xxe;</field>"
		    "</document></submission>", 1, "E-XML-PARSE", 2, NULL,
		    NULL },
		/* 11 */ { "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		    "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document><field name=\"nama_lengkap\">"
		    "REN\xc9</field></document></submission>", 1, NULL, 0,
		    "nama_lengkap", "REN\xc3\x89" },
		/* 12 */ { "<s:submission xmlns:s=\"urn:segel:submission:1\" "
		    "type=\"kk\"><s:document><s:field name=\"rt\"> 003 "
		    "</s:field></s:document></s:submission>", 1, NULL, 0,
		    "rt", " 003 " },
		/* 13 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document>text<field name=\"a\"/>"
		    "</document></submission>", 0, "E-XML-SCHEMA", 1, NULL,
		    NULL },
		/* 14 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document><field name=\"a\"><b/></field>"
		    "</document></submission>", 0, "E-XML-SCHEMA", 1, NULL,
		    NULL },
		/* 15 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"><document><field name=\"Nama\">x</field>"
		    "</document></submission>", 1, "E-XML-SCHEMA", 1, NULL,
		    NULL },
		/* 16 */ { "<submission xmlns=\"urn:segel:submission:1\" "
		    "type=\"kk\"></submission>\n<again/>", 1, "E-XML-PARSE",
		    2, NULL, NULL },
	};
	char name[64];
	sg_err err;
	json_t *s, *f;
	size_t i;
	long line;
	const char *w;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sg_err_clear(&err);
		s = xmlin_load_mem(rows[i].xml, strlen(rows[i].xml), "m",
		    rows[i].schema ? xsd : NULL, &err);
		snprintf(name, sizeof name, "mem#%zu", i + 1);
		if (rows[i].code == NULL) {
			f = json_object_get(doc_at(s, 0), "fields");
			T_STREQ(name, s ? sget(f, rows[i].key) : err.message,
			    rows[i].value);
		} else {
			w = strchr(err.where, ':');
			line = w ? strtol(w + 1, NULL, 10) : 0;
			T_OK(name, s == NULL &&
			    strcmp(err.code, rows[i].code) == 0 &&
			    line == rows[i].line,
			    "got %s at %s (%s), want %s at line %ld",
			    err.code, err.where, err.message, rows[i].code,
			    rows[i].line);
		}
		json_decref(s);
	}
}

/* Limits: size before parsing, value length, and lines past 65535. */
static void
test_limits(void)
{
	const char *head = "<submission xmlns=\"urn:segel:submission:1\" "
	    "type=\"kk\"><document><field name=\"a\">";
	const char *tail = "</field></document></submission>";
	char *buf, path[] = "/tmp/test_xmlin.XXXXXX";
	size_t n, lines = 70000;
	sg_err err;
	json_t *s;
	int fd;

	/* A sparse file over the cap is refused without being read. */
	fd = mkstemp(path);
	T_OK("limits.mkstemp", fd >= 0, "mkstemp");
	if (fd >= 0) {
		T_OK("limits.truncate",
		    ftruncate(fd, (off_t)XMLIN_MAX_BYTES + 1) == 0, "ftruncate");
		close(fd);
		sg_err_clear(&err);
		s = xmlin_load(path, xsd, &err);
		T_STREQ("limits.file-too-big", err.code, "E-XML-TOO-BIG");
		json_decref(s);
		unlink(path);
	}
	sg_err_clear(&err);
	s = xmlin_load("testdata/broken/xml/no-such-file.xml", xsd, &err);
	T_STREQ("limits.missing", err.code, "E-SYSTEM");
	json_decref(s);

	buf = malloc(XMLIN_MAX_VALUE + 1024);
	if (buf == NULL)
		return;
	n = (size_t)sprintf(buf, "%s", head);
	memset(buf + n, 'x', XMLIN_MAX_VALUE + 1);
	n += XMLIN_MAX_VALUE + 1;
	n += (size_t)sprintf(buf + n, "%s", tail);
	sg_err_clear(&err);
	s = xmlin_load_mem(buf, n, "m", xsd, &err);
	T_STREQ("limits.value-too-long", err.code, "E-XML-VALUE-TOO-LONG");
	json_decref(s);
	/* Exactly at the bound is fine. */
	n = (size_t)sprintf(buf, "%s", head);
	memset(buf + n, 'x', XMLIN_MAX_VALUE);
	n += XMLIN_MAX_VALUE;
	n += (size_t)sprintf(buf + n, "%s", tail);
	s = xmlin_load_mem(buf, n, "m", xsd, &err);
	T_OK("limits.value-at-bound", s != NULL, "%s", err.message);
	json_decref(s);
	free(buf);

	sg_err_clear(&err);
	s = xmlin_load_mem("x", (size_t)XMLIN_MAX_BYTES + 1, "m", xsd, &err);
	T_STREQ("limits.mem-too-big", err.code, "E-XML-TOO-BIG");
	json_decref(s);

	/* libxml2 keeps lines in 16 bits; ours must not saturate. */
	buf = malloc(lines + 512);
	if (buf == NULL)
		return;
	n = (size_t)sprintf(buf, "<submission xmlns=\"urn:segel:"
	    "submission:1\" type=\"kk\">");
	memset(buf + n, '\n', lines);
	n += lines;
	n += (size_t)sprintf(buf + n, "<document><field name=\"a\"/>\n"
	    "<field name=\"a\"/></document>\n<bad/></submission>");
	sg_err_clear(&err);
	s = xmlin_load_mem(buf, n, "m", NULL, &err);
	T_STREQ("limits.big-line-dup", err.where, "m:70002");
	json_decref(s);
	sg_err_clear(&err);
	s = xmlin_load_mem(buf, n, "m", xsd, &err);
	T_OK("limits.big-line-schema", strcmp(err.code, "E-XML-SCHEMA") == 0 &&
	    strcmp(err.where, "m:70003") == 0, "%s at %s: %s", err.code,
	    err.where, err.message);
	json_decref(s);
	free(buf);

	sg_err_clear(&err);
	s = xmlin_load_mem("<a/>", 4, "m", "formats/no-such.xsd", &err);
	T_STREQ("limits.bad-xsd", err.code, "E-XML-XSD");
	json_decref(s);
}

/* The library never prints: run the noisy cases with stderr captured. */
static void
test_quiet(void)
{
	char path[] = "/tmp/test_xmlin_err.XXXXXX";
	int fd, saved;
	off_t size;

	fflush(stderr);
	fd = mkstemp(path);
	saved = dup(2);
	if (fd < 0 || saved < 0) {
		T_OK("quiet.setup", 0, "mkstemp/dup");
		return;
	}
	dup2(fd, 2);
	test_broken();
	test_xxe();
	test_mem();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	T_OK("quiet.stderr-empty", size == 0, "%lld bytes on stderr",
	    (long long)size);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");

	T_INIT(argc, argv);
	snprintf(xsd, sizeof xsd, "%s/submission.xsd",
	    dir && *dir ? dir : "formats");
	test_kk();
	test_akta();
	test_bomb_fast();
	test_limits();
	test_quiet();
	xmlin_cleanup();
	return T_DONE();
}
