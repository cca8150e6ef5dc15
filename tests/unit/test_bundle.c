/*
 * test_bundle.c - the trust bundle reader (lib/bundle.h) on the committed
 * vectors (formats/trust-vectors) and test bundle (testdata/pki/
 * trust.bundle): every bound of the format (truncation at every byte,
 * huge and malformed lines, repeated head lines, a missing sig line),
 * and the trust store from a bundle judging exactly as the directory it
 * was made from.
 */
#include "bundle.h"
#include "doctype.h"
#include "file.h"
#include "status.h"
#include "trust.h"
#include "t.h"

#include <openssl/x509.h>

#define VEC "formats/trust-vectors/"

static char *valid;     /* valid.bundle */
static size_t valid_len;

/* valid.bundle with the first line starting with `from` replaced by
 * `to` (NULL: removed); "" appends `to` at the end. */
static char *
edit(const char *from, const char *to)
{
	size_t n = valid_len + (to ? strlen(to) : 0) + 2;
	char *out = malloc(n), *p;
	const char *q;

	if (out == NULL)
		abort();
	if (*from == '\0') {
		snprintf(out, n, "%s%s", valid, to);
		return out;
	}
	q = strstr(valid, from);
	if (q == NULL || (q != valid && q[-1] != '\n'))
		abort();
	memcpy(out, valid, (size_t)(q - valid));
	p = out + (q - valid);
	if (to != NULL)
		p += sprintf(p, "%s", to);
	q = strchr(q, '\n');
	strcpy(p, q + (to == NULL ? 1 : 0));
	return out;
}

static const struct {
	const char *name, *from, *to;
	const char *msg;        /* in the E-BUNDLE message */
} bad_rows[] = {
	{ "magic", "SEGEL-TRUST 1", "SEGEL-TRUST 2", "not a segel trust" },
	{ "seq-zero", "sequence ", "sequence 0", "sequence N" },
	{ "seq-lead0", "sequence ", "sequence 01", "sequence N" },
	{ "seq-huge", "sequence ", "sequence 1234567890123456", "sequence N" },
	{ "seq-sign", "sequence ", "sequence -1", "sequence N" },
	{ "seq-missing", "sequence ", NULL, "sequence N" },
	{ "made-bad-day", "made ", "made 2026-02-30T00:00:00Z", "want \"made" },
	{ "made-bad-hour", "made ", "made 2026-11-28T24:00:00Z", "want \"made" },
	{ "made-local", "made ", "made 2026-11-28T00:00:00+07:00", "want \"made" },
	{ "next-before", "next ", "next 2026-11-27T00:00:00Z", "due before" },
	{ "signer-b64", "signer ", "signer ****", "signer <base64" },
	{ "signer-empty", "signer ", "signer ", "signer <base64" },
	{ "dup-sequence", "root ", "sequence 2\nroot AAAA", "second \"sequence\"" },
	{ "dup-signer", "root ", "signer AAAA", "second \"signer\"" },
	{ "dup-magic", "root ", "SEGEL-TRUST 1", "second \"SEGEL-TRUST\"" },
	{ "unknown-line", "root ", "rot AAAA", "not a bundle line" },
	{ "no-space", "root ", "root", "not a bundle line" },
	{ "order", "crl ", "root AAAA", "root line after a cert line" },
	{ "b64-char", "crl ", "crl AA-A", "base64" },
	{ "b64-pad-mid", "crl ", "crl AA==AAAA", "base64" },
	{ "b64-short", "crl ", "crl AAA", "base64" },
	{ "b64-space", "crl ", "crl AAAA AAAA", "base64" },
	{ "no-root", "root ", NULL, "no root" },
	{ "sig-short", "sig ", "sig AAAA", "88 characters" },
	{ "sig-missing", "sig ", NULL, "no sig line" },
	{ "after-sig", "", "root AAAA\n", "after the sig" },
	{ "status-slash", "sig ", "status a/b.status AAAA", "name.status" },
	{ "status-noext", "sig ", "status ab AAAA", "name.status" },
	{ "file-dotdot", "sig ", "file types/../../etc AAAA", "path under" },
	{ "file-abs", "sig ", "file /etc/passwd AAAA", "path under" },
	{ "file-hidden", "sig ", "file types/.x AAAA", "path under" },
	{ "file-empty-part", "sig ", "file types//kk.xml AAAA", "path under" },
	{ "file-no-data", "sig ", "file types/kk.xml", "path under" },
	{ "crlf", "made ", "made 2026-11-28T00:00:00Z\r", "byte 0x0d" },
	{ "tab", "crl ", "crl\tAAAA", "byte 0x09" },
	{ "high-byte", "crl ", "crl \xc3\xa9", "byte 0xc3" },
};

static void
test_bad_rows(void)
{
	char name[64], *text;
	bundle *b;
	sg_err err;
	size_t i;

	for (i = 0; i < sizeof bad_rows / sizeof *bad_rows; i++) {
		snprintf(name, sizeof name, "bad#%zu-%s", i, bad_rows[i].name);
		text = edit(bad_rows[i].from, bad_rows[i].to);
		sg_err_clear(&err);
		b = bundle_parse(text, strlen(text), "t.bundle", &err);
		T_OK(name, b == NULL && strcmp(err.code, "E-BUNDLE") == 0 &&
		    strstr(err.message, bad_rows[i].msg) != NULL,
		    "parsed: %s; %s %s: %s", b ? "yes" : "no", err.code,
		    err.where, err.message);
		bundle_free(b);
		free(text);
	}
}

/* Every prefix of a good bundle is refused, without a crash or a read
 * past the end (the copy is exactly as long as the prefix). */
static void
test_truncation(void)
{
	size_t n, bad = 0;
	bundle *b;
	sg_err err;
	char *cut;

	for (n = 0; n < valid_len; n++) {
		if ((cut = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(cut, valid, n);
		b = bundle_parse(cut, n, "t.bundle", &err);
		if (b != NULL || strcmp(err.code, "E-BUNDLE") != 0)
			bad++;
		bundle_free(b);
		free(cut);
	}
	T_OK("truncated-every-byte", bad == 0, "%zu prefixes accepted", bad);
}

/* Long lines: a name over 200 characters, a head line of a megabyte, an
 * item whose base64 is a megabyte (parsed, bounded by the item limit). */
static void
test_huge(void)
{
	size_t big = 1u << 20, n;
	char *line = malloc(big + 64), *text;
	bundle *b;
	sg_err err;

	if (line == NULL)
		abort();
	memcpy(line, "file types/", 11);
	memset(line + 11, 'a', 300);
	strcpy(line + 311, ".xml AAAA");
	text = edit("sig ", line);
	b = bundle_parse(text, strlen(text), "t.bundle", &err);
	T_OK("huge-name", b == NULL && strstr(err.message, "path under"),
	    "%s", err.message);
	bundle_free(b);
	free(text);

	memcpy(line, "sequence ", 9);
	memset(line + 9, '7', big);
	line[9 + big] = '\0';
	text = edit("sequence ", line);
	b = bundle_parse(text, strlen(text), "t.bundle", &err);
	T_OK("huge-sequence", b == NULL && strstr(err.message, "sequence N"),
	    "%s", err.message);
	bundle_free(b);
	free(text);

	memcpy(line, "file types/x.xml ", 17);
	memset(line + 17, 'Q', big);
	line[17 + big] = '\0';
	text = edit("sig ", line);
	/* put the sig line back after the new item */
	n = strlen(text);
	free(text);
	text = malloc(valid_len + big + 64);
	{
		const char *sig = strstr(valid, "\nsig ") + 1;

		memcpy(text, valid, (size_t)(sig - valid));
		n = (size_t)(sig - valid);
		n += (size_t)sprintf(text + n, "%s\n", line);
		strcpy(text + n, sig);
	}
	b = bundle_parse(text, strlen(text), "t.bundle", &err);
	T_OK("huge-item-parsed", b != NULL && bundle_find(b, BUNDLE_FILE,
	    "types/x.xml") != NULL && bundle_find(b, BUNDLE_FILE,
	    "types/x.xml")->len == big / 4 * 3, "%s", err.message);
	bundle_free(b);
	/* ... and the signature no longer verifies */
	b = bundle_load_mem(text, strlen(text), "t.bundle", &err);
	T_OK("huge-item-unsigned", b == NULL &&
	    strcmp(err.code, "E-BUNDLE-SIGNATURE") == 0, "%s", err.code);
	bundle_free(b);
	free(text);
	free(line);
}

static void
test_duplicates(void)
{
	char *text;
	bundle *b;
	sg_err err;

	text = edit("sig ", "file types/a.xml AAAA\nfile types/a.xml AAAA");
	b = bundle_parse(text, strlen(text), "t.bundle", &err);
	T_OK("dup-file", b == NULL && strstr(err.message, "a second file"),
	    "%s", err.message);
	bundle_free(b);
	free(text);
	text = edit("sig ", "status 7501.status AAAA\nstatus 7501.status AAAA");
	b = bundle_parse(text, strlen(text), "t.bundle", &err);
	T_OK("dup-status", b == NULL && strstr(err.message, "a second status"),
	    "%s", err.message);
	bundle_free(b);
	free(text);
}

static void
test_valid(void)
{
	bundle *b;
	sg_err err;
	const bundle_item *it;
	char stamp[32];

	b = bundle_load_mem(valid, valid_len, VEC "valid.bundle", &err);
	T_OK("valid-loads", b != NULL, "%s: %s", err.code, err.message);
	if (b == NULL)
		return;
	T_OK("valid-sequence", bundle_sequence(b) == 1, "%lu",
	    bundle_sequence(b));
	bundle_stamp(bundle_made(b), stamp);
	T_STREQ("valid-made", stamp, "2026-11-28T00:00:00Z");
	bundle_stamp(bundle_next(b), stamp);
	T_STREQ("valid-next", stamp, "2026-12-05T00:00:00Z");
	T_OK("valid-count", bundle_count(b) == 3, "%zu", bundle_count(b));
	it = bundle_at(b, 0);
	T_OK("valid-root-first", it != NULL && it->kind == BUNDLE_ROOT &&
	    it->name == NULL && it->len > 100, "kind %d",
	    it ? (int)it->kind : -1);
	T_OK("valid-at-end", bundle_at(b, 3) == NULL, "item past the end");
	{
		char place[600];

		bundle_item_place(b, 2, place, sizeof place);
		T_STREQ("valid-place", place, VEC "valid.bundle:8");
	}
	bundle_free(b);
	bundle_free(NULL);
	T_OK("sniff-bundle", bundle_sniff(VEC "valid.bundle") == 1, "no");
	T_OK("sniff-dir", bundle_sniff(VEC "trust") == 0, "a folder");
	T_OK("sniff-pem", bundle_sniff(VEC "root.pem") == 0, "a PEM file");
	b = bundle_load(VEC "office-signed.bundle", &err);
	T_OK("office-signed", b == NULL &&
	    strcmp(err.code, "E-BUNDLE-SIGNER") == 0, "%s", err.code);
	bundle_free(b);
	b = bundle_load(VEC "changed.bundle", &err);
	T_OK("changed", b == NULL &&
	    strcmp(err.code, "E-BUNDLE-SIGNATURE") == 0, "%s", err.code);
	bundle_free(b);
}

/* The store from testdata/pki/trust.bundle judges every certificate of
 * testdata/pki/trust/ (but the stranger's, left out) exactly as the
 * directory does, on dates around every boundary of the test PKI. */
static void
test_same_judgements(void)
{
	static const char *const days[] = {
		"2019-12-31", "2020-06-01", "2021-01-01", "2022-12-31",
		"2023-01-01", "2024-05-31", "2024-06-01", "2026-11-28",
		"2045-01-01"
	};
	static const char *const codes[] = {
		"75.01", "75.01.09", "17.08", "64.09", "53.14", "75", ""
	};
	trust_store *dir, *bun;
	bundle *b;
	sg_err err;
	const trust_issuer *i, *cand[8];
	unsigned char kid[KID_LEN];
	char d1[300], d2[300];
	size_t k, m, c, n, checked = 0, diff = 0, missing = 0;
	enum trust_reason r1, r2;
	sg_date day;

	dir = trust_store_load("testdata/pki/trust", &err);
	b = bundle_load("testdata/pki/trust.bundle", &err);
	bun = b ? trust_store_load_bundle(b, &err) : NULL;
	T_OK("same-loaded", dir && b && bun, "%s: %s", err.code, err.message);
	if (!dir || !b || !bun)
		goto out;
	T_OK("same-count", trust_store_issuer_count(bun) + 1 ==
	    trust_store_issuer_count(dir), "%zu in the bundle, %zu in the "
	    "directory", trust_store_issuer_count(bun),
	    trust_store_issuer_count(dir));
	T_OK("same-newest", date_cmp(trust_store_newest(dir),
	    trust_store_newest(bun)) == 0, "newest dates differ");
	T_OK("no-status-paths", trust_store_status_count(bun) == 0, "some");
	for (k = 0; k < trust_store_issuer_count(dir); k++) {
		i = trust_store_issuer(dir, k);
		if (strstr(i->subject, "O=Bukan") != NULL ||
		    key_id_of_x509(i->x509, kid) != 0)
			continue;
		n = trust_find_kid(bun, kid, cand, 8);
		for (m = 0; m < n && X509_cmp(cand[m]->x509, i->x509); m++)
			;
		if (m == n) {
			/* stranger-7501 only: its root is not there */
			if (trust_judge_key(dir, i, date_from_days(20000),
			    "75.01", NULL, d1, sizeof d1) != TRUST_UNTRUSTED)
				missing++;
			continue;
		}
		for (c = 0; c < sizeof days / sizeof *days; c++)
			for (n = 0; n < sizeof codes / sizeof *codes; n++) {
				date_parse_iso(days[c], &day);
				r1 = trust_judge_key(dir, i, day, codes[n], NULL,
				    d1, sizeof d1);
				r2 = trust_judge_key(bun, cand[m], day, codes[n],
				    NULL, d2, sizeof d2);
				checked++;
				if (r1 != r2 || (strcmp(d1, d2) != 0 &&
				    strstr(d1, ".pem") == NULL)) {
					diff++;
					printf("# %s %s %s: %s (%s) / %s (%s)\n",
					    i->name, days[c], codes[n],
					    trust_reason_code(r1), d1,
					    trust_reason_code(r2), d2);
				}
			}
	}
	T_OK("same-judgements", diff == 0 && checked > 400 && missing == 0,
	    "%zu of %zu differ, %zu missing", diff, checked, missing);
out:
	trust_store_free(dir);
	trust_store_free(bun);
	bundle_free(b);
}

/* status_table_load_mem takes what status_table_load takes. */
static void
test_status_mem(void)
{
	trust_store *ts = trust_store_load("formats/vectors/trust/status", NULL);
	doctype_set *types = doctype_set_load("formats", NULL);
	status_table *t1 = NULL, *t2 = NULL;
	status_entry e1, e2;
	char *buf = NULL;
	size_t len = 0;
	sg_err err;
	int a, c;

	if (ts == NULL || types == NULL ||
	    file_read_all("formats/vectors/trust/status/7501.status", 1 << 20,
	    0, "E-STATUS", &buf, &len, &err) != 0) {
		T_OK("status-mem-setup", 0, "cannot set up");
		goto out;
	}
	t1 = status_table_new(ts, types);
	t2 = status_table_new(ts, types);
	a = status_table_load(t1, "formats/vectors/trust/status/7501.status",
	    &err);
	c = status_table_load_mem(t2, "bundle:9", buf, len, &err);
	T_OK("status-mem-same", a == 0 && c == 0 &&
	    date_cmp(status_table_newest(t1), status_table_newest(t2)) == 0,
	    "%d %d %s", a, c, err.message);
	a = status_table_find(t1, "75.01", "7501-KK-23112026-0001", &e1);
	c = status_table_find(t2, "75.01", "7501-KK-23112026-0001", &e2);
	T_OK("status-mem-entry", a == c && (!a || (e1.revoked == e2.revoked &&
	    strcmp(e1.date, e2.date) == 0)), "%d %d", a, c);
	buf[len - 3] ^= 1;
	c = status_table_load_mem(t2, "bundle:9", buf, len, &err);
	T_OK("status-mem-tampered", c == -1 && strncmp(err.code, "E-STATUS",
	    8) == 0 && strcmp(err.where, "bundle:9") == 0, "%d %s %s", c,
	    err.code, err.where);
	c = status_table_load_mem(t2, "bundle:9", "SEGEL", 5, &err);
	T_OK("status-mem-short", c == -1 && strcmp(err.code, "E-STATUS") == 0,
	    "%d %s", c, err.code);
out:
	free(buf);
	status_table_free(t1);
	status_table_free(t2);
	doctype_set_free(types);
	trust_store_free(ts);
}

int
main(int argc, char **argv)
{
	sg_err err;

	T_INIT(argc, argv);
	if (file_read_all(VEC "valid.bundle", 1 << 20, 0, "E-BUNDLE", &valid,
	    &valid_len, &err) != 0) {
		printf("not ok setup: %s\n", err.message);
		return 1;
	}
	test_valid();
	test_bad_rows();
	test_truncation();
	test_huge();
	test_duplicates();
	test_same_judgements();
	test_status_mem();
	free(valid);
	return T_DONE();
}
