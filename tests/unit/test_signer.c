/*
 * test_signer.c - issuing (lib/signer.h) with the test PKI's office
 * 75.01 (Kabupaten Gorontalo) on records of testdata/validate/cases.jsonl:
 * the issue section and seal a signed record gets, numbers that a re-run
 * gives back and never twice, the records that are not signed (invalid,
 * another region, a reject, a duplicate, revoked or superseded), the
 * status bookkeeping, and a seal the verifier accepts.
 */
#include "signer.h"
#include "record.h"
#include "seal.h"
#include "status.h"
#include "verify.h"
#include "t.h"
#include "tpki.h"

#include <unistd.h>

static doctype_set *types;
static codetab_set *codes;
static region_table *regions;
static char keypath[256], ledger[256];

/* One record of testdata/validate/cases.jsonl by its id, or NULL. */
static json_t *
case_record(const char *id)
{
	FILE *fp = fopen("testdata/validate/cases.jsonl", "r");
	rec_reader *r;
	json_t *rec = NULL;
	sg_err err;
	int rc;

	if (fp == NULL || (r = rec_reader_new(fp, "cases.jsonl")) == NULL) {
		if (fp != NULL)
			fclose(fp);
		return NULL;
	}
	while ((rc = rec_reader_next(r, &rec, &err)) != 0) {
		if (rc == 1 && rec_id(rec) != NULL &&
		    strcmp(rec_id(rec), id) == 0)
			break;
		json_decref(rec);
		rec = NULL;
	}
	rec_reader_free(r);
	fclose(fp);
	return rec;
}

static profile *
office(const char *region, const char *key, const char *cert)
{
	profile *p = profile_new();
	char certpath[256];

	snprintf(certpath, sizeof certpath, PKI "certs/%s.pem", cert);
	if (p == NULL || profile_set(p, "office", "Dinas Kependudukan dan "
	    "Pencatatan Sipil Kabupaten Gorontalo") != 0 ||
	    profile_set(p, "region", region) != 0 ||
	    profile_set(p, "official", "Drs. MUHTAR NUNA, M.Si") != 0 ||
	    profile_set(p, "nip", "196805121994031007") != 0 ||
	    profile_set(p, "key", key) != 0 ||
	    profile_set(p, "cert", certpath) != 0 ||
	    profile_set(p, "ledger", ledger) != 0) {
		profile_free(p);
		return NULL;
	}
	return p;
}

static unsigned long
ledger_lines(void)
{
	FILE *fp = fopen(ledger, "r");
	unsigned long n = 0;
	int c;

	if (fp == NULL)
		return 0;
	while ((c = getc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

static char number1[64], seal1[4096];

static void
test_sign(profile *p)
{
	signer *s;
	json_t *rec, *again;
	rec_issue_info is;
	seal_parsed sp;
	sg_err err;
	int rc;

	if ((s = signer_new(p, types, codes, regions, tpki_day("2026-11-23"), -1,
	    &err)) == NULL) {
		T_OK("sign-new", 0, "%s: %s [%s]", err.where, err.message,
		    err.code);
		return;
	}
	rec = case_record("cases/kelahiran-good");
	rc = signer_sign(s, rec, &err);
	T_OK("sign", rc == 0, "rc %d: %s [%s]", rc, err.message, err.code);
	rec_issue_get(rec_issue(rec), &is);
	T_STREQ("sign-number", is.number, "7501-LT-23112026-0001");
	T_STREQ("sign-issued", is.issued, "2026-11-23");
	T_STREQ("sign-issuer", is.issuer, "75.01");
	T_STREQ("sign-kid", is.kid, "eb9bba45ff2c783b");
	T_STREQ("sign-nip", is.nip, "196805121994031007");
	snprintf(number1, sizeof number1, "%s", is.number ? is.number : "");
	snprintf(seal1, sizeof seal1, "%s", rec_seal(rec) ? rec_seal(rec) :
	    "");
	/* the seal says what the issue section says */
	T_OK("sign-seal", rec_seal(rec) != NULL &&
	    seal_unpack(rec_seal(rec), strlen(rec_seal(rec)), &sp, &err) ==
	    0 && strcmp(sp.h.number, number1) == 0 &&
	    strcmp(sp.h.issuer, "75.01") == 0, "seal %s",
	    rec_seal(rec) ? rec_seal(rec) : "-");
	seal_parsed_clear(&sp);
	T_OK("sign-pending", signer_pending(s) == 1 && ledger_lines() == 0,
	    "%zu pending, %lu lines", signer_pending(s), ledger_lines());
	T_OK("sign-commit", signer_commit(s, &err) == 0 &&
	    signer_pending(s) == 0 && ledger_lines() == 1, "%lu lines",
	    ledger_lines());

	/* the same document twice in one run: once (the rules see its
	 * NIK a second time, as segel-validate would) */
	again = case_record("cases/kelahiran-good");
	rc = signer_sign(s, again, &err);
	T_OK("sign-duplicate", rc == -1 &&
	    strcmp(err.code, "E-SIGN-INVALID") == 0 &&
	    strcmp(rec_problem_code(json_array_get(rec_errors(again), 0)),
	    "E-NIK-DUP") == 0 && rec_issue(again) == NULL, "rc %d %s", rc,
	    err.code);
	json_decref(again);

	/* a KK: the next number of its own series */
	again = case_record("cases/kk-good");
	rc = signer_sign(s, again, &err);
	T_OK("sign-kk", rc == 0 && strcmp(rec_issue_number(again),
	    "7501-KK-23112026-0001") == 0, "rc %d %s: %s", rc, err.code,
	    err.message);
	json_decref(again);
	T_OK("sign-free", signer_free(s, &err) == 0 && ledger_lines() == 2,
	    "%lu lines", ledger_lines());
	json_decref(rec);
}

static void
test_refused(profile *p)
{
	signer *s;
	json_t *rec;
	sg_err err;
	int rc;

	if ((s = signer_new(p, types, codes, regions, tpki_day("2026-11-24"), -1,
	    &err)) == NULL) {
		T_OK("refused-new", 0, "%s", err.message);
		return;
	}
	/* the type's rules: every problem into "errors", nothing issued */
	rec = case_record("cases/kelahiran-bad-time-and-order");
	rc = signer_sign(s, rec, &err);
	T_OK("refused-invalid", rc == -1 &&
	    strcmp(err.code, "E-SIGN-INVALID") == 0 &&
	    json_array_size(rec_errors(rec)) >= 2 && rec_issue(rec) == NULL &&
	    rec_seal(rec) == NULL, "rc %d %s, %zu errors", rc, err.code,
	    json_array_size(rec_errors(rec)));
	json_decref(rec);
	/* a reject of an earlier tool stays one */
	rec = case_record("cases/kelahiran-good");
	rec_add_error(rec, "E-NIK-DUP", "nik", "NIK already in record 3");
	rc = signer_sign(s, rec, &err);
	T_OK("refused-reject", rc == -1 &&
	    strcmp(err.code, "E-SIGN-REJECTED") == 0, "rc %d %s", rc,
	    err.code);
	json_decref(rec);
	/* an unknown type */
	rec = case_record("cases/kelahiran-good");
	rec_set_type(rec, "surat-nikah");
	rc = signer_sign(s, rec, &err);
	T_OK("refused-type", rc == -1 && rec_issue(rec) == NULL, "rc %d %s",
	    rc, err.code);
	json_decref(rec);
	/* the same document signed the day before comes back with its
	 * number; nothing new in the ledger */
	rec = case_record("cases/kelahiran-good");
	rc = signer_sign(s, rec, &err);
	T_OK("refused-none-again", rc == 0 && rec_issue_number(rec) != NULL &&
	    strcmp(rec_issue_number(rec), number1) == 0 &&
	    signer_commit(s, &err) == 0 && ledger_lines() == 2, "rc %d %s, "
	    "%lu lines", rc, rec_issue_number(rec) ? rec_issue_number(rec) :
	    "-", ledger_lines());
	json_decref(rec);
	signer_free(s, &err);
}

/* An office signs only for its own region (doctype_region_field). */
static void
test_region(void)
{
	char key[256];
	profile *p;
	signer *s;
	json_t *rec;
	sg_err err;
	int rc;

	if (tpki_key("issuer-1708", key, sizeof key) == NULL ||
	    (p = office("17.08", key, "issuer-1708")) == NULL)
		return;
	snprintf(ledger, sizeof ledger, "%s/1708.ledger", tpki_dir);
	profile_set(p, "ledger", ledger);
	if ((s = signer_new(p, types, codes, regions, tpki_day("2026-11-23"), -1,
	    &err)) == NULL) {
		T_OK("region-new", 0, "%s", err.message);
		profile_free(p);
		return;
	}
	rec = case_record("cases/kelahiran-good");
	rc = signer_sign(s, rec, &err);
	T_OK("region-other", rc == -1 && strcmp(err.code, "E-SIGN-REGION") ==
	    0 && strcmp(err.where, "kode_wilayah") == 0 &&
	    strstr(err.message, "75.01.03.2004") != NULL, "rc %d %s at %s",
	    rc, err.code, err.where);
	json_decref(rec);
	rec = case_record("cases/kelahiran-good");
	json_object_del(rec_fields(rec), "kode_wilayah");
	rc = signer_sign(s, rec, &err);
	T_OK("region-none", rc == -1 && rec_issue(rec) == NULL, "rc %d %s",
	    rc, err.code);
	json_decref(rec);
	signer_free(s, &err);
	profile_free(p);
	snprintf(ledger, sizeof ledger, "%s/7501.ledger", tpki_dir);
}

static void
test_status(profile *p)
{
	char path[256], body[4096], seal[4096];
	signer *s;
	json_t *rec;
	sg_err err;
	FILE *fp;
	size_t n;
	int rc;

	if ((s = signer_new(p, types, codes, regions, tpki_day("2026-11-25"), -1,
	    &err)) == NULL) {
		T_OK("status-new", 0, "%s", err.message);
		return;
	}
	rc = signer_set_status(s, number1, NULL, "salah cetak", &err);
	T_OK("status-revoke", rc == 0 && ledger_lines() == 3, "rc %d %s",
	    rc, err.message);
	rc = signer_set_status(s, "7501-LT-23112026-0099", NULL, NULL, &err);
	T_OK("status-unknown", rc == -1, "revoked a number never issued");
	rc = signer_set_status(s, "7501-KK-23112026-0001", number1, NULL,
	    &err);
	T_OK("status-by-revoked", rc == -1, "superseded by a revoked number");
	/* a revoked document is not issued again */
	rec = case_record("cases/kelahiran-good");
	rc = signer_sign(s, rec, &err);
	T_OK("status-no-reissue", rc == -1 &&
	    strcmp(err.code, "E-SIGN-REVOKED") == 0 &&
	    strstr(err.message, "salah cetak") != NULL, "rc %d %s", rc,
	    err.code);
	json_decref(rec);

	/* the list the verifier reads, in a trust folder of its own */
	snprintf(path, sizeof path, "%s/trust", tpki_dir);
	mkdir(path, 0755);
	tpki_copy(PKI "trust/root.pem", strcat(strcpy(body, path),
	    "/root.pem"), 0644);
	tpki_copy(PKI "trust/root.crl.pem", strcat(strcpy(body, path),
	    "/root.crl.pem"), 0644);
	tpki_copy(PKI "trust/issuer-7501.pem", strcat(strcpy(body, path),
	    "/issuer-7501.pem"), 0644);
	snprintf(path, sizeof path, "%s/trust/7501.status", tpki_dir);
	rc = signer_write_status_list(s, path, &err);
	body[0] = '\0';
	if ((fp = fopen(path, "r")) != NULL) {
		n = fread(body, 1, sizeof body - 1, fp);
		body[n] = '\0';
		fclose(fp);
	}
	snprintf(seal, sizeof seal, "SEGEL-STATUS 1\nissuer 75.01\nkid "
	    "eb9bba45ff2c783b\ndate 2026-11-25\nrevoked %s 2026-11-25\nsig ",
	    number1);
	T_OK("status-list", rc == 0 && strncmp(body, seal, strlen(seal)) == 0,
	    "rc %d: %s", rc, body);
	signer_free(s, &err);
}

/* A seal the signer makes is VALID for a verifier, until revoked. */
static void
test_verify(profile *p)
{
	char trust[256];
	verifier *v;
	signer *s;
	verdict d;
	json_t *rec;
	sg_err err;

	setenv("SEGEL_TODAY", "2026-11-23", 1);
	if ((s = signer_new(p, types, codes, regions, tpki_day("2026-11-23"), -1,
	    &err)) == NULL)
		return;
	rec = case_record("cases/kk-good");
	signer_sign(s, rec, &err);
	signer_free(s, &err);
	if ((v = verifier_new(PKI "trust", types, codes, &err)) == NULL) {
		T_OK("verify-new", 0, "%s", err.message);
		json_decref(rec);
		return;
	}
	verifier_check(v, rec_seal(rec), strlen(rec_seal(rec)), &d);
	T_OK("verify-valid", verdict_valid(&d) && strcmp(d.h.number,
	    rec_issue_number(rec)) == 0 && json_equal(d.fields,
	    rec_fields(rec)), "%s: %s", d.code, d.message);
	verdict_clear(&d);
	verifier_free(v);
	/* with the office's status list, the revoked LT is revoked */
	snprintf(trust, sizeof trust, "%s/trust", tpki_dir);
	setenv("SEGEL_TODAY", "2026-11-28", 1);
	if ((v = verifier_new(trust, types, codes, &err)) == NULL) {
		T_OK("verify-status", 0, "%s: %s", err.where, err.message);
		json_decref(rec);
		return;
	}
	verifier_check(v, rec_seal(rec), strlen(rec_seal(rec)), &d);
	T_OK("verify-status-kk", verdict_valid(&d), "%s", d.code);
	verdict_clear(&d);
	verifier_check(v, seal1, strlen(seal1), &d);
	T_OK("verify-status-revoked", strcmp(d.code, "R-REVOKED") == 0 &&
	    strstr(d.message, "2026-11-25") != NULL, "%s", d.code);
	verdict_clear(&d);
	json_decref(rec);
	verifier_free(v);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	profile *p = NULL;
	signer *s;
	sg_err err;

	T_INIT(argc, argv);
	setenv("SEGEL_TODAY", "2026-11-23", 1);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	if ((types = doctype_set_load(dir, &err)) == NULL ||
	    (codes = codetab_set_load(dir, &err)) == NULL ||
	    (regions = region_table_load(dir, &err)) == NULL ||
	    tpki_init() != 0 ||
	    tpki_key("issuer-7501", keypath, sizeof keypath) == NULL) {
		printf("not ok setup: %s\n", err.message);
		return 1;
	}
	snprintf(ledger, sizeof ledger, "%s/7501.ledger", tpki_dir);
	p = office("75.01", keypath, "issuer-7501");
	test_sign(p);
	test_refused(p);
	test_region();
	test_status(p);
	test_verify(p);

	/* a key others may read is refused */
	chmod(keypath, 0644);
	s = signer_new(p, types, codes, regions, tpki_day("2026-11-23"), -1, &err);
	T_OK("key-perms", s == NULL && strcmp(err.code, "E-KEY-PERMS") == 0,
	    "%s", s ? "signer made" : err.code);
	signer_free(s, &err);
	/* the certificate of another key */
	chmod(keypath, 0600);
	profile_set(p, "cert", PKI "certs/issuer-1708.pem");
	s = signer_new(p, types, codes, regions, tpki_day("2026-11-23"), -1, &err);
	T_OK("key-cert", s == NULL && strcmp(err.code, "E-SIGN-CERT") == 0,
	    "%s", s ? "signer made" : err.code);
	signer_free(s, &err);

	profile_free(p);
	region_table_free(regions);
	codetab_set_free(codes);
	doctype_set_free(types);
	tpki_done();
	return T_DONE();
}
