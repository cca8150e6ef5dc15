/*
 * test_trust.c - the trust store on the committed test PKI
 * (testdata/pki, see its README): verdicts at dates inside and outside
 * validity, revocation by reason, untrusted chains, regions, key ids
 * against openssl's own (testdata/pki/kids.txt) and load errors.
 */
#include "trust.h"
#include "t.h"

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#define PKI "testdata/pki/"

static const struct {
	const char *cert;       /* certs/<cert>.pem */
	const char *date;
	const char *code;
	enum trust_reason want;
} judge_rows[] = {
	{ "issuer-7501", "2021-01-01", "75.01", TRUST_OK },
	{ "issuer-7501", "2020-12-31", "75.01", TRUST_NOT_VALID_AT },
	{ "issuer-7501", "2044-12-31", "75.01", TRUST_OK },
	{ "issuer-7501", "2045-01-01", "75.01", TRUST_NOT_VALID_AT },
	{ "issuer-7501", "2026-11-23", "75.01.02", TRUST_OK },
	{ "issuer-7501", "2026-11-23", "75.01.02.2001", TRUST_OK },
	{ "issuer-7501", "2026-11-23", "17.08", TRUST_REGION },
	{ "issuer-7501", "2026-11-23", "75", TRUST_REGION },
	{ "issuer-7501", "2026-11-23", "75.011", TRUST_REGION },
	{ "issuer-7501", "2026-11-23", "", TRUST_REGION },
	{ "issuer-1708", "2022-06-01", "17.08", TRUST_OK },
	{ "issuer-1708", "2020-06-01", "17.08", TRUST_NOT_VALID_AT },
	{ "issuer-1708", "2022-06-01", "75.01", TRUST_REGION },
	{ "issuer-6409", "2025-03-01", "64.09", TRUST_OK },
	{ "issuer-6409", "2046-03-01", "64.09", TRUST_NOT_VALID_AT },
	{ "issuer-5314", "2023-01-01", "53.14", TRUST_OK },
	{ "issuer-5314", "2023-01-01", "53.14.01", TRUST_OK },
	{ "issuer-7501-ed25519", "2024-01-01", "75.01", TRUST_OK },
	{ "issuer-7501-ed25519", "2050-06-01", "75.01", TRUST_NOT_VALID_AT },
	{ "issuer-7501-expired", "2022-06-01", "75.01", TRUST_OK },
	{ "issuer-7501-expired", "2022-12-31", "75.01", TRUST_OK },
	{ "issuer-7501-expired", "2023-01-01", "75.01", TRUST_NOT_VALID_AT },
	{ "issuer-7501-expired", "2023-06-01", "75.01", TRUST_NOT_VALID_AT },
	{ "issuer-7501-expired", "2019-12-31", "75.01", TRUST_NOT_VALID_AT },
	/* keyCompromise on 2024-06-01: every seal is void. */
	{ "issuer-1708-revoked", "2022-06-01", "17.08", TRUST_CERT_REVOKED },
	{ "issuer-1708-revoked", "2024-05-31", "17.08", TRUST_CERT_REVOKED },
	{ "issuer-1708-revoked", "2025-01-01", "17.08", TRUST_CERT_REVOKED },
	/* validity still comes first */
	{ "issuer-1708-revoked", "2046-01-01", "17.08", TRUST_NOT_VALID_AT },
	/* superseded on 2024-06-01: earlier seals stand. */
	{ "issuer-6409-superseded", "2022-01-01", "64.09", TRUST_OK },
	{ "issuer-6409-superseded", "2024-05-31", "64.09", TRUST_OK },
	{ "issuer-6409-superseded", "2024-06-01", "64.09", TRUST_CERT_REVOKED },
	{ "issuer-6409-superseded", "2025-01-01", "64.09", TRUST_CERT_REVOKED },
	{ "issuer-6409-superseded", "2024-05-31", "75.01", TRUST_REGION },
	{ "stranger-7501", "2024-01-01", "75.01", TRUST_UNTRUSTED },
	{ "stranger-7501", "2024-01-01", "17.08", TRUST_UNTRUSTED },
};

static const struct {
	const char *regions[4];
	const char *code;
	int want;
} cover_rows[] = {
	{ { "75", NULL }, "75.01", 1 },
	{ { "75", NULL }, "75.01.02", 1 },
	{ { "75", NULL }, "75", 1 },
	{ { "75", NULL }, "7", 0 },
	{ { "75", NULL }, "751", 0 },
	{ { "75.01", NULL }, "75.01", 1 },
	{ { "75.01", NULL }, "75.01.02", 1 },
	{ { "75.01", NULL }, "75.011", 0 },
	{ { "75.01", NULL }, "75", 0 },
	{ { "75.01", NULL }, "75.02", 0 },
	{ { "75.01", NULL }, "", 0 },
	{ { "75.0", NULL }, "75.01", 0 },
	{ { "75.01", "17.08", NULL }, "17.08.05", 1 },
	{ { "75.01", "17.08", NULL }, "17", 0 },
	{ { NULL }, "75.01", 0 },
	{ { "", NULL }, "75.01", 0 },
};

static const struct {
	enum trust_reason r;
	const char *code;
} code_rows[] = {
	{ TRUST_OK, "OK" },
	{ TRUST_UNKNOWN_KEY, "R-UNKNOWN-KEY" },
	{ TRUST_UNTRUSTED, "R-UNTRUSTED-CHAIN" },
	{ TRUST_NOT_VALID_AT, "R-CERT-NOT-VALID" },
	{ TRUST_CERT_REVOKED, "R-CERT-REVOKED" },
	{ TRUST_REGION, "R-REGION" },
};

static X509 *
read_cert(const char *name)
{
	char path[256];
	FILE *f;
	X509 *x;

	snprintf(path, sizeof path, PKI "certs/%s.pem", name);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return x;
}

/* The store's record for a certificate file, via its key id. */
static const trust_issuer *
find_issuer(trust_store *s, const char *name)
{
	const trust_issuer *c[8];
	unsigned char kid[KID_LEN];
	X509 *x = read_cert(name);
	const trust_issuer *found = NULL;
	size_t n, i;

	if (x == NULL || key_id_of_x509(x, kid) != 0)
		goto out;
	n = trust_find_kid(s, kid, c, 8);
	for (i = 0; i < n && i < 8; i++)
		if (X509_cmp(c[i]->x509, x) == 0)
			found = c[i];
out:
	X509_free(x);
	return found;
}

static int
copy_file(const char *from, const char *dir, const char *to, int append)
{
	char path[512], buf[4096];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	snprintf(path, sizeof path, "%s/%s", dir, to);
	if ((in = fopen(from, "rb")) == NULL)
		return -1;
	if ((out = fopen(path, append ? "ab" : "wb")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int
append_text(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "a")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void
rm_dir(const char *dir)
{
	char path[512];
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static char *
new_dir(char *buf, size_t sz)
{
	const char *t = getenv("TMPDIR");

	snprintf(buf, sz, "%s/segel-trust-XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(buf);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_judge(trust_store *s, const char *prefix)
{
	const trust_issuer *i;
	enum trust_reason r;
	char name[48], detail[256];
	sg_date d;
	size_t k;

	for (k = 0; k < sizeof judge_rows / sizeof judge_rows[0]; k++) {
		snprintf(name, sizeof name, "%s#%zu", prefix, k);
		i = find_issuer(s, judge_rows[k].cert);
		if (i == NULL || date_parse_iso(judge_rows[k].date, &d) != 0) {
			T_OK(name, 0, "%s: not in the store", judge_rows[k].cert);
			continue;
		}
		r = trust_judge(s, i, d, judge_rows[k].code, detail,
		    sizeof detail);
		T_OK(name, r == judge_rows[k].want && detail[0] != '\0',
		    "%s at %s for \"%s\": got %s (%s), want %s",
		    judge_rows[k].cert, judge_rows[k].date, judge_rows[k].code,
		    trust_reason_code(r), detail,
		    trust_reason_code(judge_rows[k].want));
	}
}

static void
test_kids(trust_store *s)
{
	const trust_issuer *c[4];
	unsigned char kid[KID_LEN], zero[KID_LEN] = { 0 };
	char line[256], name[128], hex[64], tname[64];
	FILE *f = fopen(PKI "kids.txt", "r");
	unsigned v;
	size_t n, k, row = 0;
	X509 *x;
	int bad, want, same;

	T_OK("kids-file", f != NULL, "cannot open " PKI "kids.txt");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		snprintf(tname, sizeof tname, "kid#%zu", row++);
		bad = sscanf(line, "%127s %63s", name, hex) != 2 ||
		    strlen(hex) != 2 * KID_LEN;
		for (k = 0; !bad && k < KID_LEN; k++) {
			bad = sscanf(hex + 2 * k, "%2x", &v) != 1;
			kid[k] = (unsigned char)v;
		}
		/* In the store: every issuer of trust/; not the roots,
		 * nor the certificates kept out of trust/. */
		want = strncmp(name, "issuer-", 7) == 0 ||
		    strcmp(name, "stranger-7501") == 0;
		n = bad ? 0 : trust_find_kid(s, kid, c, 4);
		x = read_cert(name);
		same = n == 1 && x != NULL && X509_cmp(c[0]->x509, x) == 0;
		T_OK(tname, !bad && (want ? same : n == 0),
		    "%s %s: %zu matches, want %d", name, hex, n, want);
		X509_free(x);
	}
	fclose(f);
	T_OK("kid-unknown", trust_find_kid(s, zero, c, 4) == 0,
	    "the zero key id matched");
}

static void
test_issuer_fields(trust_store *s)
{
	const trust_issuer *i = find_issuer(s, "issuer-6409");

	T_OK("fields#0", i != NULL && i->regions != NULL &&
	    i->regions[0] != NULL && strcmp(i->regions[0], "64.09") == 0 &&
	    i->regions[1] == NULL, "regions of issuer-6409");
	T_STREQ("fields#1", i ? i->name : NULL,
	    "Dinas Kependudukan dan Pencatatan Sipil Kab. Penajam Paser Utara");
	T_OK("fields#2", i != NULL && i->subject != NULL &&
	    strstr(i->subject, "O=Pemerintah Kabupaten Penajam Paser Utara")
	    != NULL, "subject \"%s\"", i && i->subject ? i->subject : "");
	T_OK("fields#3", i != NULL && i->key != NULL &&
	    verify_key_alg(i->key) == SIG_P256, "P-256 key");
	i = find_issuer(s, "issuer-7501-ed25519");
	T_OK("fields#4", i != NULL && i->key != NULL &&
	    verify_key_alg(i->key) == SIG_ED25519, "Ed25519 key");
}

/* 10,000 seals of one issuer on one day: one chain check. */
static void
test_cache(trust_store *s)
{
	const trust_issuer *i = find_issuer(s, "issuer-7501");
	sg_date d = { 2025, 2, 3 };
	unsigned long before;
	enum trust_reason r = TRUST_OK;
	double t0, t1;
	int k, bad = 0;

	if (i == NULL) {
		T_OK("cache", 0, "issuer-7501 missing");
		return;
	}
	before = trust_store_chain_checks(s);
	t0 = now_s();
	for (k = 0; k < 10000; k++)
		if ((r = trust_judge(s, i, d, "75.01.03", NULL, 0)) != TRUST_OK)
			bad++;
	t1 = now_s();
	T_OK("cache#0", bad == 0 && trust_store_chain_checks(s) - before == 1,
	    "%d bad, %lu chain checks", bad,
	    trust_store_chain_checks(s) - before);
	printf("# trust_judge cached: 10000 seals in %.2f ms (%.0f/s)\n",
	    (t1 - t0) * 1e3, 10000 / (t1 - t0));
	before = trust_store_chain_checks(s);
	t0 = now_s();
	for (k = 0; k < 300; k++) {
		d.y = 2022 + k / 100;
		d.m = 1 + k % 12;
		d.d = 1 + k % 28;
		if (trust_judge(s, i, d, "75.01", NULL, 0) != TRUST_OK)
			bad++;
	}
	t1 = now_s();
	T_OK("cache#1", bad == 0 && trust_store_chain_checks(s) - before <= 300
	    && trust_store_chain_checks(s) - before >= 1,
	    "%d bad, %lu chain checks", bad,
	    trust_store_chain_checks(s) - before);
	printf("# trust_judge uncached: %lu chain checks in %.2f ms "
	    "(%.0f/s)\n", trust_store_chain_checks(s) - before,
	    (t1 - t0) * 1e3,
	    (double)(trust_store_chain_checks(s) - before) / (t1 - t0));
	(void)r;
}

static void
expect_load_error(const char *name, const char *dir, const char *code,
    const char *where_has)
{
	trust_store *s;
	sg_err e;

	sg_err_clear(&e);
	s = trust_store_load(dir, &e);
	T_OK(name, s == NULL && strcmp(e.code, code) == 0 &&
	    strstr(e.where, where_has) != NULL && e.message[0] != '\0',
	    "got %s at \"%s\" (%s), want %s at *%s*", s ? "a store" : e.code,
	    e.where, e.message, code, where_has);
	trust_store_free(s);
}

static void
test_load_errors(void)
{
	char dir[256], path[300];
	trust_store *s;
	sg_err e;

	if (new_dir(dir, sizeof dir) == NULL) {
		T_OK("load", 0, "mkdtemp failed");
		return;
	}
	expect_load_error("load#0", dir, "E-TRUST-EMPTY", dir);
	write_file(dir, "README.txt", "not a certificate\n");
	expect_load_error("load#1", dir, "E-TRUST-EMPTY", dir);
	expect_load_error("load#2", PKI "no-such-dir", "E-TRUST-DIR",
	    "no-such-dir");

	/* A good directory plus one garbage file: the file is named. */
	copy_file(PKI "certs/root.pem", dir, "root.pem", 0);
	copy_file(PKI "certs/issuer-7501.pem", dir, "gorontalo.crt", 0);
	sg_err_clear(&e);
	s = trust_store_load(dir, &e);
	T_OK("load#3", s != NULL, "%s: %s", e.code, e.message);
	trust_store_free(s);
	write_file(dir, "junk.pem", "\x01\x02garbage, not PEM\n");
	expect_load_error("load#4", dir, "E-TRUST-FILE", "junk.pem");
	write_file(dir, "junk.pem", "-----BEGIN CERTIFICATE-----\n"
	    "!!!not base64!!!\n-----END CERTIFICATE-----\n");
	expect_load_error("load#5", dir, "E-TRUST-FILE", "junk.pem");
	write_file(dir, "junk.pem", "-----BEGIN CERTIFICATE-----\n"
	    "AAAA\n-----END CERTIFICATE-----\n");
	expect_load_error("load#6", dir, "E-TRUST-FILE", "junk.pem");
	write_file(dir, "junk.pem", "");
	expect_load_error("load#7", dir, "E-TRUST-FILE", "junk.pem");
	copy_file(PKI "keys/issuer-7501.key.pem", dir, "junk.pem", 0);
	expect_load_error("load#8", dir, "E-TRUST-FILE", "junk.pem");
	snprintf(path, sizeof path, "%s/junk.pem", dir);
	unlink(path);

	/* A region URI that is not a region code. */
	copy_file(PKI "certs/bad-region.pem", dir, "bad.pem", 0);
	expect_load_error("load#9", dir, "E-TRUST-REGION", "bad.pem");
	rm_dir(dir);

	/* Issuers without their root; a CRL without its root. */
	if (new_dir(dir, sizeof dir) == NULL)
		return;
	copy_file(PKI "certs/issuer-7501.pem", dir, "a.pem", 0);
	expect_load_error("load#10", dir, "E-TRUST-NOROOT", dir);
	copy_file(PKI "certs/stranger-root.pem", dir, "root-b.pem", 0);
	copy_file(PKI "certs/root.crl.pem", dir, "c.crl", 0);
	expect_load_error("load#11", dir, "E-TRUST-CRL", dir);
	rm_dir(dir);

	/* What a file may hold follows from its name. */
	if (new_dir(dir, sizeof dir) == NULL)
		return;
	copy_file(PKI "certs/root.pem", dir, "root.pem", 0);
	copy_file(PKI "certs/issuer-7501.pem", dir, "issuer.pem", 0);
	copy_file(PKI "certs/root.crl.pem", dir, "root.crl.pem", 0);
	sg_err_clear(&e);
	s = trust_store_load(dir, &e);
	T_OK("kind#0", s != NULL, "%s: %s", e.code, e.message);
	trust_store_free(s);
	/* a CRL in a certificate file */
	copy_file(PKI "certs/root.crl.pem", dir, "issuer.pem", 1);
	expect_load_error("kind#1", dir, "E-TRUST-FILE", "issuer.pem");
	copy_file(PKI "certs/issuer-7501.pem", dir, "issuer.pem", 0);
	/* a certificate in a CRL file (either ending) */
	copy_file(PKI "certs/stranger-root.pem", dir, "root.crl.pem", 1);
	expect_load_error("kind#2", dir, "E-TRUST-CRL", "root.crl.pem");
	copy_file(PKI "certs/root.crl.pem", dir, "root.crl.pem", 0);
	copy_file(PKI "certs/issuer-1708.pem", dir, "extra.crl", 0);
	expect_load_error("kind#3", dir, "E-TRUST-CRL", "extra.crl");
	snprintf(path, sizeof path, "%s/extra.crl", dir);
	unlink(path);
	/* a root outside a root file; a non-root in a root file */
	copy_file(PKI "certs/stranger-root.pem", dir, "office.pem", 0);
	expect_load_error("kind#4", dir, "E-TRUST-ROOT", "office.pem");
	snprintf(path, sizeof path, "%s/office.pem", dir);
	unlink(path);
	copy_file(PKI "certs/issuer-1708.pem", dir, "root-2.pem", 0);
	expect_load_error("kind#5", dir, "E-TRUST-ROOT", "root-2.pem");
	snprintf(path, sizeof path, "%s/root-2.pem", dir);
	unlink(path);
	/* a FIFO is refused, not waited on */
	snprintf(path, sizeof path, "%s/fifo.pem", dir);
	if (mkfifo(path, 0600) == 0) {
		expect_load_error("kind#6", dir, "E-TRUST-FILE", "fifo.pem");
		unlink(path);
	}
	rm_dir(dir);

	/* Only a root: nothing could ever verify. */
	if (new_dir(dir, sizeof dir) == NULL)
		return;
	copy_file(PKI "certs/root.pem", dir, "root.pem", 0);
	expect_load_error("load#12", dir, "E-TRUST-EMPTY", dir);
	rm_dir(dir);
}

/* Every issuer in one file, in an odd order, with text between the
 * blocks, and the same certificate twice; the root and the CRL in files
 * of their own (what a file may hold follows from its name). */
static void
test_bundle(void)
{
	static const char *const parts[] = {
		"issuer-1708-revoked", "issuer-7501",
		"issuer-6409-superseded", "issuer-7501",
	};
	const trust_issuer *i, *c[4];
	unsigned char kid[KID_LEN];
	char dir[256], path[300];
	trust_store *s;
	sg_err e;
	sg_date d = { 2022, 6, 1 };
	size_t k;
	X509 *x;

	if (new_dir(dir, sizeof dir) == NULL)
		return;
	for (k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		snprintf(path, sizeof path, PKI "certs/%s.pem", parts[k]);
		copy_file(path, dir, "all.pem", 1);
		append_text(dir, "all.pem", "text between the blocks\n");
	}
	copy_file(PKI "certs/root.pem", dir, "root.pem", 0);
	copy_file(PKI "certs/root.crl.pem", dir, "root.crl.pem", 0);
	write_file(dir, ".hidden.pem", "ignored: a dot file\n");
	sg_err_clear(&e);
	s = trust_store_load(dir, &e);
	T_OK("bundle#0", s != NULL, "%s %s: %s", e.code, e.where, e.message);
	if (s != NULL) {
		i = find_issuer(s, "issuer-1708-revoked");
		T_OK("bundle#1", i != NULL && trust_judge(s, i, d, "17.08",
		    NULL, 0) == TRUST_CERT_REVOKED, "revoked in a bundle");
		i = find_issuer(s, "issuer-6409-superseded");
		T_OK("bundle#2", i != NULL && trust_judge(s, i, d, "64.09",
		    NULL, 0) == TRUST_OK, "superseded later, in a bundle");
		x = read_cert("issuer-7501");
		T_OK("bundle#3", x != NULL && key_id_of_x509(x, kid) == 0 &&
		    trust_find_kid(s, kid, c, 4) == 1, "duplicate kept once");
		X509_free(x);
	}
	trust_store_free(s);
	rm_dir(dir);
}

/* The trust directory plus extras of testdata/pki/certs, under names that
 * sort before the regular files (the order OpenSSL and the store see). */
static trust_store *
load_with(char *dir, size_t dsz, const char *const *extra, size_t n)
{
	static const char *const base[] = {
		"root", "root.crl", "issuer-7501", "issuer-1708",
		"issuer-1708-revoked", "issuer-6409-superseded",
	};
	char from[256], to[64];
	trust_store *s;
	sg_err e;
	size_t k;

	if (new_dir(dir, dsz) == NULL)
		return NULL;
	for (k = 0; k < sizeof base / sizeof base[0]; k++) {
		snprintf(from, sizeof from, PKI "certs/%s.pem", base[k]);
		/* roots only from root*.pem; CRLs only from *.crl.pem */
		snprintf(to, sizeof to, "%s%s.pem", k == 0 ? "" : "m-",
		    base[k]);
		copy_file(from, dir, to, 0);
	}
	for (k = 0; k < n; k++) {
		snprintf(from, sizeof from, PKI "certs/%s.pem", extra[k]);
		snprintf(to, sizeof to, "a-%s.pem", extra[k]);
		copy_file(from, dir, to, 0);
	}
	sg_err_clear(&e);
	s = trust_store_load(dir, &e);
	T_OK("with-load", s != NULL, "%s %s: %s", e.code, e.where, e.message);
	return s;
}

/* Newest CRL, several certificates for a key, the newest day. */
static void
test_key_and_crl(void)
{
	static const char *const oldcrl[] = { "root-2021.crl" };
	static const char *const renewed[] = { "issuer-1708-renewed" };
	static const char *const oldcert[] = { "issuer-7501-2019" };
	const trust_issuer *i, *used;
	char dir[256], detail[256];
	sg_date d2023 = { 2023, 6, 1 }, d2024 = { 2024, 7, 1 };
	sg_date d2026 = { 2026, 11, 23 }, d2020 = { 2020, 6, 1 }, nd;
	trust_store *s;

	/* An old empty CRL beside the current one hides nothing. */
	if ((s = load_with(dir, sizeof dir, oldcrl, 1)) != NULL) {
		i = find_issuer(s, "issuer-1708-revoked");
		T_OK("crl-newest#0", i != NULL && trust_judge_key(s, i, d2023,
		    "17.08", NULL, detail, sizeof detail) ==
		    TRUST_CERT_REVOKED, "keyCompromise hidden: %s", detail);
		i = find_issuer(s, "issuer-6409-superseded");
		T_OK("crl-newest#1", i != NULL && trust_judge(s, i, d2024,
		    "64.09", detail, sizeof detail) == TRUST_CERT_REVOKED,
		    "superseded hidden: %s", detail);
		T_OK("crl-newest#2", trust_store_notice_count(s) == 1 &&
		    strcmp(trust_store_notice(s, 0)->code,
		    "W-TRUST-OLD-CRL") == 0 && strstr(trust_store_notice(s,
		    0)->where, "root-2021.crl") != NULL, "no notice");
		nd = trust_store_newest(s);
		T_OK("newest-day", date_to_days(nd) >= date_to_days(d2026),
		    "%04d-%02d-%02d", nd.y, nd.m, nd.d);
	}
	trust_store_free(s);
	rm_dir(dir);

	/* A clean second certificate does not un-revoke the key. */
	if ((s = load_with(dir, sizeof dir, renewed, 1)) != NULL) {
		i = find_issuer(s, "issuer-1708-renewed");
		T_OK("key-renewed#0", i != NULL && trust_judge(s, i, d2026,
		    "17.08", NULL, 0) == TRUST_OK, "the certificate alone");
		T_OK("key-renewed#1", i != NULL && trust_judge_key(s, i, d2026,
		    "17.08", &used, detail, sizeof detail) ==
		    TRUST_CERT_REVOKED, "the key: %s", detail);
	}
	trust_store_free(s);
	rm_dir(dir);

	/* An old expired certificate does not void the key's seals; each
	 * date is carried by the certificate valid then. */
	if ((s = load_with(dir, sizeof dir, oldcert, 1)) != NULL) {
		i = find_issuer(s, "issuer-7501-2019");
		used = NULL;
		T_OK("key-old#0", i != NULL && trust_judge_key(s, i, d2026,
		    "75.01", &used, detail, sizeof detail) == TRUST_OK &&
		    used == find_issuer(s, "issuer-7501"), "%s", detail);
		T_OK("key-old#1", i != NULL && trust_judge_key(s, i, d2020,
		    "75.01", &used, NULL, 0) == TRUST_OK && used == i,
		    "2020 by the old certificate");
		T_OK("key-old#2", i != NULL && trust_judge_key(s, i, d2026,
		    "17.08", NULL, detail, sizeof detail) == TRUST_REGION,
		    "region: %s", detail);
	}
	trust_store_free(s);
	rm_dir(dir);
}

int
main(int argc, char **argv)
{
	trust_store *s, *other;
	const trust_issuer *i;
	char name[32], detail[128];
	sg_err e;
	sg_date d = { 2024, 1, 1 };
	size_t k;

	T_INIT(argc, argv);
	for (k = 0; k < sizeof cover_rows / sizeof cover_rows[0]; k++) {
		snprintf(name, sizeof name, "covers#%zu", k);
		T_OK(name, trust_region_covers(cover_rows[k].regions,
		    cover_rows[k].code) == cover_rows[k].want,
		    "\"%s\": want %d", cover_rows[k].code, cover_rows[k].want);
	}
	T_OK("covers-null", !trust_region_covers(NULL, "75") &&
	    !trust_region_covers(cover_rows[0].regions, NULL), "NULL");
	for (k = 0; k < sizeof code_rows / sizeof code_rows[0]; k++) {
		snprintf(name, sizeof name, "reason#%zu", k);
		T_STREQ(name, trust_reason_code(code_rows[k].r),
		    code_rows[k].code);
	}

	sg_err_clear(&e);
	s = trust_store_load(PKI "trust", &e);
	T_OK("load-trust", s != NULL, "%s %s: %s", e.code, e.where,
	    e.message);
	if (s == NULL)
		return T_DONE();
	test_judge(s, "judge");
	/* The same rows again, now from the verdict cache. */
	test_judge(s, "judge-cached");
	test_kids(s);
	test_issuer_fields(s);
	test_cache(s);

	/* An issuer from another store is not ours to judge. */
	other = trust_store_load(PKI "trust", &e);
	i = other ? find_issuer(other, "issuer-7501") : NULL;
	T_OK("foreign", i != NULL && trust_judge(s, i, d, "75.01", detail,
	    sizeof detail) == TRUST_UNKNOWN_KEY, "foreign issuer accepted");
	trust_store_free(other);
	trust_store_free(s);
	trust_store_free(NULL);

	test_load_errors();
	test_bundle();
	test_key_and_crl();
	return T_DONE();
}
