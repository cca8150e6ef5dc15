/*
 * test_status.c - the signed status list (lib/status.h) on the committed
 * test PKI (testdata/pki): written with an office's key and read back
 * through a trust directory, the newer list winning, an office speaking
 * only for its own documents, a revoked key's list left out, and lists
 * that are tampered with, malformed or not files at all.
 */
#include "status.h"
#include "t.h"
#include "tpki.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static char trustdir[64];
static doctype_set *types;

static int
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static char *
read_text(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* A trust directory: the test PKI's roots, issuers and CRL. */
static int
setup(void)
{
	static const char *const files[] = {
		"root.pem", "root.crl.pem", "issuer-7501.pem",
		"issuer-1708.pem", "issuer-1708-revoked.pem",
	};
	char from[256], to[256];
	size_t i;

	if (tpki_init() != 0)
		return -1;
	snprintf(trustdir, sizeof trustdir, "%s/trust", tpki_dir);
	if (mkdir(trustdir, 0755) != 0)
		return -1;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(from, sizeof from, PKI "trust/%s", files[i]);
		snprintf(to, sizeof to, "%s/%s", trustdir, files[i]);
		if (tpki_copy(from, to, 0644) != 0)
			return -1;
	}
	return 0;
}

static sign_key *
load_key(const char *name)
{
	char path[256];
	sg_err err;

	if (tpki_key(name, path, sizeof path) == NULL)
		return NULL;
	return key_load_private(path, NULL, -1, &err);
}

/* Ledger entries as lib/ledger.c keeps them. */
static json_t *
entries(const char *json)
{
	return json_loads(json, 0, NULL);
}

static void
test_write(sign_key *k7501)
{
	static const char want[] =
	    "SEGEL-STATUS 1\n"
	    "issuer 75.01\n"
	    "kid eb9bba45ff2c783b\n"
	    "date 2026-11-26\n"
	    "revoked 7501-KK-23112026-0001 2026-11-25\n"
	    "revoked 7501-KK-23112026-0002 2026-11-25\n"
	    "superseded 7501-LT-23112026-0004 7501-LT-23112026-0005 "
	    "2026-11-25\n"
	    "sig ";
	char path[PATH_MAX], *text;
	struct stat st;
	json_t *e;
	sg_err err;
	int rc;

	/* The last word on a number counts: 0002 superseded, then
	 * revoked; the list names it once, where its last entry stands. */
	e = entries("["
	    "{\"supersede\":\"7501-KK-23112026-0002\",\"by\":"
	    "\"7501-KK-23112026-0003\",\"date\":\"2026-11-24\",\"reason\":"
	    "\"salah cetak\"},"
	    "{\"revoke\":\"7501-KK-23112026-0001\",\"date\":\"2026-11-25\","
	    "\"reason\":\"\"},"
	    "{\"revoke\":\"7501-KK-23112026-0002\",\"date\":\"2026-11-25\","
	    "\"reason\":\"\"},"
	    "{\"supersede\":\"7501-LT-23112026-0004\",\"by\":"
	    "\"7501-LT-23112026-0005\",\"date\":\"2026-11-25\",\"reason\":"
	    "\"\"}]");
	snprintf(path, sizeof path, "%s/7501.status", trustdir);
	rc = status_list_write(path, "75.01", "eb9bba45ff2c783b",
	    tpki_day("2026-11-26"), e, k7501, &err);
	T_OK("write", rc == 0, "%s", err.message);
	text = read_text(path);
	T_OK("write-body", text != NULL && strncmp(text, want,
	    strlen(want)) == 0, "got %s", text ? text : "(none)");
	/* 64 bytes in base64: 88 characters, then LF, and nothing after */
	T_OK("write-sig", text != NULL && strlen(text) == strlen(want) + 89 &&
	    text[strlen(text) - 1] == '\n', "sig line of %zu bytes",
	    text ? strlen(text) - strlen(want) : 0);
	T_OK("write-mode", stat(path, &st) == 0 &&
	    (st.st_mode & 0777) == 0644, "mode %o", st.st_mode & 0777);
	/* the reason stays in the ledger */
	T_OK("write-no-reason", text != NULL &&
	    strstr(text, "salah cetak") == NULL, "reason published");
	json_decref(e);

	/* A folder that is not there: an error, nothing half-written. */
	e = entries("[]");
	rc = status_list_write("/nonexistent/dir/x.status", "75.01",
	    "eb9bba45ff2c783b", tpki_day("2026-11-26"), e, k7501, &err);
	T_OK("write-no-dir", rc == -1 && strcmp(err.code, "E-SYSTEM") == 0,
	    "rc %d code %s", rc, err.code);
	json_decref(e);
}

static status_table *
table(trust_store *ts, int *rc, sg_err *err)
{
	status_table *t = status_table_new(ts, types);
	size_t i;

	*rc = 0;
	for (i = 0; t != NULL && i < trust_store_status_count(ts) && *rc == 0;
	    i++)
		*rc = status_table_load(t, trust_store_status_path(ts, i), err);
	return t;
}

static void
test_read(void)
{
	trust_store *ts;
	status_table *t;
	status_entry e;
	sg_err err;
	sg_date nd;
	int rc;

	if ((ts = trust_store_load(trustdir, &err)) == NULL) {
		T_OK("read-trust", 0, "%s: %s", err.where, err.message);
		return;
	}
	T_OK("read-listed", trust_store_status_count(ts) == 1 &&
	    strstr(trust_store_status_path(ts, 0), "/7501.status") != NULL,
	    "%zu lists", trust_store_status_count(ts));
	t = table(ts, &rc, &err);
	T_OK("read", t != NULL && rc == 0, "%s", err.message);
	T_OK("read-revoked", status_table_find(t, "75.01",
	    "7501-KK-23112026-0001", &e) == 1 && e.revoked &&
	    strcmp(e.date, "2026-11-25") == 0 &&
	    strcmp(e.listed, "2026-11-26") == 0, "revoked %d date %s",
	    e.revoked, e.date);
	T_OK("read-superseded", status_table_find(t, "75.01",
	    "7501-LT-23112026-0004", &e) == 1 && !e.revoked &&
	    strcmp(e.by, "7501-LT-23112026-0005") == 0, "by %s", e.by);
	T_OK("read-last-word", status_table_find(t, "75.01",
	    "7501-KK-23112026-0002", &e) == 1 && e.revoked, "revoked %d",
	    e.revoked);
	T_OK("read-current", status_table_find(t, "75.01",
	    "7501-KK-23112026-0003", &e) == 0, "a current number listed");
	/* a kecamatan's seal: its kabupaten's list speaks for it */
	T_OK("read-office-below", status_table_find(t, "75.01.02",
	    "7501-KK-23112026-0001", &e) == 1, "not found");
	/* another office's seal with the same number: not this list's */
	T_OK("read-other-office", status_table_find(t, "17.08",
	    "7501-KK-23112026-0001", &e) == 0, "found");
	T_OK("read-office-above", status_table_find(t, "75",
	    "7501-KK-23112026-0001", &e) == 0, "found");
	nd = status_table_newest(t);
	T_OK("read-newest", date_cmp(nd, tpki_day("2026-11-26")) == 0,
	    "newest %d-%d-%d", nd.y, nd.m, nd.d);
	T_OK("read-no-notice", status_table_notice_count(t) == 0, "%zu",
	    status_table_notice_count(t));
	status_table_free(t);
	status_table_free(NULL);
	trust_store_free(ts);
}

/* Write a list of ledger entries (JSON) as trustdir/name. */
static void
put_list(const char *name, const char *issuer, const char *kid,
    const char *date, const char *json, sign_key *k)
{
	char path[PATH_MAX];
	json_t *e = entries(json);
	sg_err err;

	snprintf(path, sizeof path, "%s/%s", trustdir, name);
	if (e == NULL || status_list_write(path, issuer, kid,
	    tpki_day(date), e, k, &err) != 0)
		printf("# cannot write %s\n", path);
	json_decref(e);
}

/* One list alone in the directory (text NULL: the file is there):
 * load it; the rc of status_table_load, err says why. */
static int
load_one(const char *name, const char *text, sg_err *err)
{
	char path[PATH_MAX];
	trust_store *ts;
	status_table *tab;
	int rc = -1;

	snprintf(path, sizeof path, "%s/7501.status", trustdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/%s", trustdir, name);
	if (text != NULL && write_text(path, text) != 0)
		return -2;
	if ((ts = trust_store_load(trustdir, err)) == NULL)
		return -2;
	tab = table(ts, &rc, err);
	status_table_free(tab);
	trust_store_free(ts);
	return rc;
}

/* A signature line of the right length (64 zero bytes). */
#define SIG0 "sig AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	"AAAAAAAAAAAAAAAAAAA==\n"

static const struct {
	const char *text, *code, *message;
} bad_rows[] = {
	{ "SEGEL-STATUS 1\nissuer 75.01\nkid eb9bba45ff2c783b\ndate "
	    "2026-11-26\nrevoked 7501-KK-23112026-0001 2026-11-25\nsig AAAA\n",
	    "E-STATUS", "bad signature line" },
	{ "SEGEL-STATUS 2\n", "E-STATUS", "not a segel status list" },
	{ "SEGEL-STATUS 1\nissuer 75.01\nkid xyz\ndate 2026-11-26\n" SIG0,
	    "E-STATUS", "no issuer, key id or date" },
	{ "SEGEL-STATUS 1\nissuer 75.01\nkid eb9bba45ff2c783b\ndate "
	    "26-11-2026\n" SIG0, "E-STATUS",
	    "bad date line \"26-11-2026\"" },
};

static void
test_bad(sign_key *k7501)
{
	char path[PATH_MAX], good[8192], name[32], *t;
	sg_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		snprintf(name, sizeof name, "bad#%zu", i);
		rc = load_one("a.status", bad_rows[i].text, &err);
		T_OK(name, rc == -1 && strcmp(err.code, bad_rows[i].code) == 0 &&
		    strcmp(err.message, bad_rows[i].message) == 0,
		    "rc %d %s %s", rc, err.code, err.message);
	}

	/* one digit of a number changed: the signature no longer holds */
	put_list("7501.status", "75.01", "eb9bba45ff2c783b", "2026-11-26",
	    "[{\"revoke\":\"7501-KK-23112026-0001\",\"date\":\"2026-11-25\"}]",
	    k7501);
	snprintf(path, sizeof path, "%s/7501.status", trustdir);
	snprintf(good, sizeof good, "%s", read_text(path));
	t = strstr(good, "0001");
	t[3] = '2';
	rc = load_one("a.status", good, &err);
	T_OK("bad-tampered", rc == -1 &&
	    strcmp(err.code, "E-STATUS-SIGNATURE") == 0, "rc %d %s", rc,
	    err.code);

	/* a FIFO named *.status is never waited on */
	snprintf(path, sizeof path, "%s/a.status", trustdir);
	unlink(path);
	if (mkfifo(path, 0644) == 0) {
		rc = load_one("a.status", NULL, &err);
		T_OK("bad-fifo", rc == -1 && strcmp(err.code, "E-STATUS") == 0 &&
		    strstr(err.message, "regular") != NULL, "rc %d %s %s", rc,
		    err.code, err.message);
	}
	unlink(path);
}

static void
test_offices(sign_key *k7501, sign_key *k1708r, sign_key *k1708)
{
	status_table *tab = NULL;
	trust_store *ts = NULL;
	status_entry se;
	sg_err err;
	int rc;

	/* 75.01's list naming a 17.08 number: left out, with a notice */
	put_list("7501.status", "75.01", "eb9bba45ff2c783b", "2026-11-26",
	    "[{\"revoke\":\"1708-KK-23112026-0001\",\"date\":\"2026-11-25\"},"
	    "{\"revoke\":\"7501-KK-23112026-0009\",\"date\":\"2026-11-25\"}]",
	    k7501);
	/* an older list of the same office superseding what the newer one
	 * revokes: the newer list counts, whatever the file order */
	put_list("0-old.status", "75.01", "eb9bba45ff2c783b", "2026-11-21",
	    "[{\"supersede\":\"7501-KK-23112026-0009\",\"by\":"
	    "\"7501-KK-23112026-0010\",\"date\":\"2026-11-20\"}]", k7501);
	/* the list of a key revoked for compromise: left out */
	put_list("1708.status", "17.08", "43c482625b0c584e", "2026-11-26",
	    "[{\"revoke\":\"1708-KK-23112026-0002\",\"date\":\"2026-11-25\"}]",
	    k1708r);
	/* a dot file counts as the verifier has always read it */
	put_list(".1708b.status", "17.08", "a87b03a5618cd175", "2026-11-27",
	    "[{\"revoke\":\"1708-KK-23112026-0003\",\"date\":\"2026-11-25\"}]",
	    k1708);

	if ((ts = trust_store_load(trustdir, &err)) == NULL) {
		T_OK("offices-trust", 0, "%s", err.message);
		return;
	}
	T_OK("offices-order", trust_store_status_count(ts) == 4 &&
	    strstr(trust_store_status_path(ts, 0), "/.1708b.status") &&
	    strstr(trust_store_status_path(ts, 1), "/0-old.status") &&
	    strstr(trust_store_status_path(ts, 3), "/7501.status"),
	    "%zu lists", trust_store_status_count(ts));
	tab = table(ts, &rc, &err);
	T_OK("offices-load", rc == 0, "%s: %s", err.where, err.message);
	T_OK("offices-foreign", status_table_find(tab, "17.08",
	    "1708-KK-23112026-0001", &se) == 0 &&
	    status_table_find(tab, "75.01", "1708-KK-23112026-0001", &se) ==
	    0, "a foreign entry taken");
	T_OK("offices-newer", status_table_find(tab, "75.01",
	    "7501-KK-23112026-0009", &se) == 1 && se.revoked &&
	    strcmp(se.listed, "2026-11-26") == 0, "revoked %d listed %s",
	    se.revoked, se.listed);
	T_OK("offices-revoked-key", status_table_find(tab, "17.08",
	    "1708-KK-23112026-0002", &se) == 0, "taken");
	T_OK("offices-dot-file", status_table_find(tab, "17.08",
	    "1708-KK-23112026-0003", &se) == 1, "not taken");
	T_OK("offices-notices", status_table_notice_count(tab) == 2 &&
	    strcmp(status_table_notice(tab, 0)->code,
	    "W-STATUS-KEY-REVOKED") == 0 &&
	    strcmp(status_table_notice(tab, 1)->code,
	    "W-STATUS-FOREIGN") == 0 &&
	    status_table_notice(tab, 2) == NULL, "%zu notices",
	    status_table_notice_count(tab));
	T_OK("offices-newest", date_cmp(status_table_newest(tab),
	    tpki_day("2026-11-27")) == 0, "newest");
	status_table_free(tab);
	trust_store_free(ts);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	sign_key *k7501, *k1708r, *k1708;
	sg_err err;

	T_INIT(argc, argv);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	if ((types = doctype_set_load(dir, &err)) == NULL || setup() != 0 ||
	    (k7501 = load_key("issuer-7501")) == NULL ||
	    (k1708r = load_key("issuer-1708-revoked")) == NULL ||
	    (k1708 = load_key("issuer-1708")) == NULL) {
		printf("not ok setup: %s\n", strerror(errno));
		return 1;
	}
	test_write(k7501);
	test_read();
	test_bad(k7501);
	test_offices(k7501, k1708r, k1708);
	key_free(k7501);
	key_free(k1708r);
	key_free(k1708);
	doctype_set_free(types);
	tpki_done();
	return T_DONE();
}
