/*
 * test_verify.c - the verifier (lib/verify.h) on the conformance set
 * (formats/vectors/, its README): every case whose input is a seal text
 * is judged through the library alone, with the case's trust directory
 * and day, and must give the case's verdict and reason; a trust set the
 * case says is refused must not make a verifier.  Then what a verdict
 * carries (fields, issuer, the newer number) and the notices a trust
 * directory's status lists give.
 */
#include "verify.h"
#include "t.h"

#define VEC "formats/vectors/"

struct vcase {
	char trust[64], today[16], verdict[16], reason[32];
};

static int
read_case(const char *name, struct vcase *c, char *seal, size_t sz)
{
	char path[256], line[256], *eq;
	FILE *fp;
	size_t n;

	memset(c, 0, sizeof *c);
	snprintf(path, sizeof path, VEC "%s/expected", name);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "trust") == 0)
			snprintf(c->trust, sizeof c->trust, "%s", eq);
		else if (strcmp(line, "today") == 0)
			snprintf(c->today, sizeof c->today, "%s", eq);
		else if (strcmp(line, "verdict") == 0)
			snprintf(c->verdict, sizeof c->verdict, "%s", eq);
		else if (strcmp(line, "reason") == 0)
			snprintf(c->reason, sizeof c->reason, "%s", eq);
	}
	fclose(fp);
	snprintf(path, sizeof path, VEC "%s/seal.txt", name);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(seal, 1, sz - 1, fp);
	fclose(fp);
	seal[n] = '\0';
	seal[strcspn(seal, "\n")] = '\0';
	return 0;
}

/* Every case with a seal text, as formats/vectors/ holds them. */
static const char *const cases[] = {
	"p256-valid", "ed25519-valid", "kk-valid", "p256-tampered",
	"p256-stranger", "unknown-key", "malformed", "future-date",
	"future-notbefore", "clock-set-back", "cert-expired",
	"cert-expired-later", "cert-revoked", "cert-superseded-after",
	"cert-superseded-before", "intermediate-revoked", "key-old-cert",
	"key-revoked-renewed", "root-renewed-revoked", "root-renewed-valid",
	"crl-file-with-root", "crl-namesake", "crl-old-beside-new",
	"region-cert", "region-missing", "region-outside", "revoked",
	"superseded", "status-expired-key", "status-foreign-office",
	"status-newer-list", "status-not-listed",
};

static void
test_vectors(const doctype_set *types, const codetab_set *codes)
{
	char name[80], trust[128], seal[8192];
	struct vcase c;
	verifier *v;
	verdict d;
	sg_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(name, sizeof name, "vector#%zu-%s", i, cases[i]);
		if (!t_selected(name))
			continue;
		if (read_case(cases[i], &c, seal, sizeof seal) != 0) {
			T_OK(name, 0, "cannot read the case");
			continue;
		}
		setenv("SEGEL_TODAY", c.today, 1);
		snprintf(trust, sizeof trust, VEC "trust/%s", c.trust);
		v = verifier_new(trust, types, codes, &err);
		if (strcmp(c.verdict, "REFUSED") == 0) {
			T_OK(name, v == NULL && strcmp(err.code, c.reason) == 0,
			    "made a verifier, or %s", err.code);
			verifier_free(v);
			continue;
		}
		if (v == NULL) {
			T_OK(name, 0, "%s: %s [%s]", err.where, err.message,
			    err.code);
			continue;
		}
		rc = verifier_check(v, seal, strlen(seal), &d);
		T_OK(name, rc == 0 && strcmp(d.code, c.reason) == 0 &&
		    verdict_valid(&d) == (strcmp(c.verdict, "VALID") == 0),
		    "got %s (%s), want %s", d.code, d.message, c.reason);
		verdict_clear(&d);
		verifier_free(v);
	}
}

/* What one verdict carries besides its code. */
static void
test_verdicts(const doctype_set *types, const codetab_set *codes)
{
	char seal[8192];
	struct vcase c;
	verifier *v;
	verdict d;
	sg_err err;
	size_t i;

	read_case("kk-valid", &c, seal, sizeof seal);
	setenv("SEGEL_TODAY", c.today, 1);
	if ((v = verifier_new(VEC "trust/base", types, codes, &err)) == NULL) {
		T_OK("verdict-trust", 0, "%s", err.message);
		return;
	}
	verifier_check(v, seal, strlen(seal), &d);
	T_OK("verdict-fields", verdict_valid(&d) && d.have_header &&
	    d.type != NULL && strcmp(doctype_id(d.type), "kk") == 0 &&
	    json_array_size(json_object_get(d.fields, "anggota")) > 0 &&
	    strncmp(d.h.issuer, "75.01", 5) == 0 && d.issuer_name[0] != '\0',
	    "%s: %s", d.code, d.message);
	verdict_clear(&d);
	/* text that is no seal, and the empty text */
	verifier_check(v, "HC1:NCFOXN%TS3DH", 16, &d);
	T_OK("verdict-not-seal", strcmp(d.code, "R-MALFORMED") == 0 &&
	    !d.have_header && d.fields == NULL, "%s", d.code);
	verdict_clear(&d);
	verifier_check(v, "", 0, &d);
	T_OK("verdict-empty", strcmp(d.code, "R-MALFORMED") == 0, "%s",
	    d.code);
	verdict_clear(&d);
	/* one character of a genuine seal changed */
	for (i = strlen(seal) / 2; seal[i] == 'A'; i++)
		continue;
	seal[i] = 'A';
	verifier_check(v, seal, strlen(seal), &d);
	T_OK("verdict-one-char", !verdict_valid(&d) && d.fields == NULL,
	    "%s", d.code);
	verdict_clear(&d);
	T_OK("verdict-no-notices", verifier_notice_count(v) == 0 &&
	    verifier_notice(v, 0) == NULL, "%zu",
	    verifier_notice_count(v));
	verifier_free(v);
	verifier_free(NULL);

	/* the newer number of a superseded document */
	read_case("superseded", &c, seal, sizeof seal);
	setenv("SEGEL_TODAY", c.today, 1);
	if ((v = verifier_new(VEC "trust/status", types, codes, &err)) != NULL) {
		verifier_check(v, seal, strlen(seal), &d);
		T_OK("verdict-superseded-by", strcmp(d.code, "R-SUPERSEDED") ==
		    0 && d.superseded_by[0] != '\0' &&
		    strstr(d.message, d.superseded_by) != NULL, "%s by '%s'",
		    d.code, d.superseded_by);
		verdict_clear(&d);
		verifier_free(v);
	}
	/* a list about another office's documents: said, not taken */
	read_case("status-foreign-office", &c, seal, sizeof seal);
	setenv("SEGEL_TODAY", c.today, 1);
	if ((v = verifier_new(VEC "trust/status-foreign", types, codes,
	    &err)) != NULL) {
		int foreign = 0;

		for (i = 0; i < verifier_notice_count(v); i++)
			foreign += strcmp(verifier_notice(v, i)->code,
			    "W-STATUS-FOREIGN") == 0;
		T_OK("notice-foreign", foreign == 1, "%d foreign notices",
		    foreign);
		verifier_free(v);
	} else
		T_OK("notice-foreign", 0, "%s", err.message);
	/* a trust directory that is not there */
	v = verifier_new(VEC "trust/nonexistent", types, codes, &err);
	T_OK("trust-missing", v == NULL && strcmp(err.code, "E-TRUST-DIR") ==
	    0, "%s", v ? "made" : err.code);
	verifier_free(v);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv("SEGEL_FORMATS");
	doctype_set *types;
	codetab_set *codes;
	sg_err err;

	T_INIT(argc, argv);
	if (dir == NULL || *dir == '\0')
		dir = "formats";
	if ((types = doctype_set_load(dir, &err)) == NULL ||
	    (codes = codetab_set_load(dir, &err)) == NULL) {
		printf("not ok load: %s: %s\n", err.where, err.message);
		return 1;
	}
	test_vectors(types, codes);
	test_verdicts(types, codes);
	codetab_set_free(codes);
	doctype_set_free(types);
	return T_DONE();
}
