/*
 * test_keys - key loading, signing and verifying, checked against the
 * openssl command: keys and certificates are made with it, our
 * signatures are verified by it, its signatures are verified by us, and
 * our key ids match its SubjectPublicKeyInfo hashes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "keys.h"
#include "t.h"

static char dir[] = "/tmp/segel-test-keys-XXXXXX";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command in dir; its exit status. */
static int
sh(const char *fmt, ...)
{
	char cmd[2048];
	int n, rc;
	va_list ap;

	n = snprintf(cmd, sizeof cmd, "cd '%s' && ( ", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
	va_end(ap);
	strncat(cmd, " ) >/dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
	rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* First line of a shell command's output, in dir. */
static int
sh_line(char *out, size_t size, const char *cmd)
{
	char full[2048];
	FILE *f;
	int rc;

	snprintf(full, sizeof full, "cd '%s' && ( %s ) 2>&1", dir, cmd);
	if ((f = popen(full, "r")) == NULL)
		return -1;
	out[0] = '\0';
	if (fgets(out, (int)size, f) != NULL)
		out[strcspn(out, "\r\n")] = '\0';
	while (fgetc(f) != EOF)
		;
	rc = pclose(f);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static const char *
path(const char *name)
{
	return t_join(dir, name);
}

static int
write_file(const char *name, const void *data, size_t len, mode_t mode)
{
	FILE *f;
	int ok;

	if ((f = fopen(path(name), "wb")) == NULL)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	ok &= fclose(f) == 0;
	ok &= chmod(path(name), mode) == 0;
	return ok ? 0 : -1;
}

static X509 *
load_cert(const char *name)
{
	FILE *f;
	X509 *x;

	if ((f = fopen(path(name), "r")) == NULL)
		return NULL;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return x;
}

static int
setup(void)
{
	static const char *const cmds[] = {
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
		    " -out p256.pem",
		"openssl genpkey -algorithm ed25519 -out ed.pem",
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
		    " -aes256 -pass pass:sesame -out enc.pem",
		"openssl ec -in p256.pem -out trad.pem",
		"openssl ec -in p256.pem -aes256 -passout pass:sesame"
		    " -out tradenc.pem",
		"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024"
		    " -out rsa.pem",
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384"
		    " -out p384.pem",
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
		    " -out other.pem",
		"openssl req -x509 -key p256.pem -subj /CN=test -days 3650"
		    " -out p256.crt",
		"openssl req -x509 -key ed.pem -subj /CN=test -days 3650"
		    " -out ed.crt",
		"openssl req -x509 -key other.pem -subj /CN=test -days 3650"
		    " -out other.crt",
		"openssl req -x509 -key rsa.pem -subj /CN=test -days 3650"
		    " -out rsa.crt",
		"openssl pkey -in p256.pem -pubout -out p256.pub",
		"openssl pkey -in ed.pem -pubout -out ed.pub",
		"chmod 600 *.pem && grep -q 'BEGIN EC PRIVATE KEY' trad.pem"
		    " && grep -q 'Proc-Type' tradenc.pem",
		"printf 'not a key\\n' > junk.pem && chmod 600 junk.pem",
	};
	size_t i;

	if (mkdtemp(dir) == NULL)
		return -1;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (sh("%s", cmds[i]) != 0) {
			fprintf(stderr, "setup failed: %s\n", cmds[i]);
			return -1;
		}
	return 0;
}

static const struct load_row {
	const char *key;
	mode_t mode;
	const char *pass;	/* passphrase file contents; NULL: none */
	mode_t pass_mode;
	const char *code;	/* NULL: loads */
	int alg;
} load_rows[] = {
	{ "p256.pem", 0600, NULL, 0, NULL, SIG_P256 },
	{ "p256.pem", 0400, NULL, 0, NULL, SIG_P256 },
	{ "p256.pem", 0644, NULL, 0, "E-KEY-PERMS", 0 },
	{ "p256.pem", 0640, NULL, 0, "E-KEY-PERMS", 0 },
	{ "p256.pem", 0604, NULL, 0, "E-KEY-PERMS", 0 },
	{ "ed.pem", 0600, NULL, 0, NULL, SIG_ED25519 },
	{ "trad.pem", 0600, NULL, 0, NULL, SIG_P256 },
	{ "rsa.pem", 0600, NULL, 0, "E-KEY-ALG", 0 },
	{ "p384.pem", 0600, NULL, 0, "E-KEY-ALG", 0 },
	{ "junk.pem", 0600, NULL, 0, "E-KEY-FORMAT", 0 },
	{ "missing.pem", 0600, NULL, 0, "E-SYSTEM", 0 },
	{ "enc.pem", 0600, NULL, 0, "E-KEY-PASSPHRASE", 0 },
	{ "enc.pem", 0600, "sesame\n", 0600, NULL, SIG_P256 },
	{ "enc.pem", 0600, "sesame", 0600, NULL, SIG_P256 },
	{ "enc.pem", 0600, "sesame\r\nsecond line\n", 0600, NULL, SIG_P256 },
	{ "enc.pem", 0600, "wrong\n", 0600, "E-KEY-PASSPHRASE", 0 },
	{ "enc.pem", 0600, "\n", 0600, "E-KEY-PASSPHRASE", 0 },
	{ "enc.pem", 0600, "sesame\n", 0644, "E-KEY-PERMS", 0 },
	{ "tradenc.pem", 0600, NULL, 0, "E-KEY-PASSPHRASE", 0 },
	{ "tradenc.pem", 0600, "sesame\n", 0600, NULL, SIG_P256 },
	{ "tradenc.pem", 0600, "wrong\n", 0600, "E-KEY-PASSPHRASE", 0 },
	{ "p256.pem", 0600, "ignored\n", 0644, NULL, SIG_P256 },
};

static void
test_load(void)
{
	char name[32], want[512];
	const struct load_row *t;
	const char *pf;
	sign_key *k;
	sg_err err;
	size_t i;

	for (i = 0; i < sizeof load_rows / sizeof load_rows[0]; i++) {
		t = &load_rows[i];
		snprintf(name, sizeof name, "load#%zu", i);
		if (!t_selected(name))
			continue;
		chmod(path(t->key), t->mode);
		pf = NULL;
		if (t->pass != NULL) {
			write_file("pass.txt", t->pass, strlen(t->pass),
			    t->pass_mode);
			pf = path("pass.txt");
		}
		sg_err_clear(&err);
		k = key_load_private(path(t->key), pf, -1, &err);
		if (t->code == NULL) {
			T_OK(name, k != NULL && key_alg(k) == (enum sig_alg)
			    t->alg, "%s: %s", err.code, err.message);
		} else {
			T_OK(name, k == NULL && strcmp(err.code, t->code) == 0,
			    "got %s (%s), want %s", k ? "a key" : err.code,
			    err.message, t->code);
		}
		key_free(k);
		chmod(path(t->key), 0600);
	}

	chmod(path("p256.pem"), 0644);
	k = key_load_private(path("p256.pem"), NULL, -1, &err);
	snprintf(want, sizeof want, "key file %s is readable by others "
	    "(mode 0644); chmod 600 it", path("p256.pem"));
	T_STREQ("perms_message", err.message, want);
	T_STREQ("perms_where", err.where, path("p256.pem"));
	key_free(k);
	chmod(path("p256.pem"), 0600);

	k = key_load_private(dir, NULL, -1, &err);
	T_OK("load_dir", k == NULL && strcmp(err.code, "E-KEY-FORMAT") == 0,
	    "%s", err.code);
	key_free(k);
	key_free(NULL);
	verify_key_free(NULL);
}

/* Passphrase through a pipe: only the first line is consumed. */
static void
test_pass_fd(void)
{
	static const struct {
		const char *data;
		const char *code;
	} rows[] = {
		{ "sesame\nrest\n", NULL },
		{ "sesame", NULL },
		{ "wrong\nrest\n", "E-KEY-PASSPHRASE" },
		{ "", "E-KEY-PASSPHRASE" },
	};
	char name[32], rest[16];
	sign_key *k;
	sg_err err;
	size_t i;
	ssize_t n;
	int fds[2];

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(name, sizeof name, "pass_fd#%zu", i);
		if (!t_selected(name) || pipe(fds) < 0)
			continue;
		if (write(fds[1], rows[i].data, strlen(rows[i].data)) < 0)
			perror("write");
		close(fds[1]);
		sg_err_clear(&err);
		k = key_load_private(path("enc.pem"), NULL, fds[0], &err);
		if (rows[i].code == NULL)
			T_OK(name, k != NULL, "%s: %s", err.code, err.message);
		else
			T_OK(name, k == NULL &&
			    strcmp(err.code, rows[i].code) == 0,
			    "got %s, want %s", err.code, rows[i].code);
		if (strstr(rows[i].data, "rest")) {
			n = read(fds[0], rest, sizeof rest);
			T_OK(name, n == 5 && memcmp(rest, "rest\n", 5) == 0,
			    "read %zd bytes after the passphrase", n);
		}
		close(fds[0]);
		key_free(k);
	}
}

static void
flip(unsigned char *p, size_t bit)
{
	p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
}

/* Raw r || s to DER with OpenSSL, for the openssl command. */
static int
raw_to_der_file(const unsigned char *raw, const char *name)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32,
	    NULL);
	unsigned char *der = NULL;
	int n = -1;

	if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
		r = s = NULL;
		n = i2d_ECDSA_SIG(sig, &der);
	}
	if (n > 0)
		n = write_file(name, der, (size_t)n, 0644);
	OPENSSL_free(der);
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	return n;
}

static int
der_file_to_raw(const char *name, unsigned char *raw)
{
	unsigned char der[128];
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	FILE *f;
	size_t n;
	int ok;

	if ((f = fopen(path(name), "rb")) == NULL)
		return -1;
	n = fread(der, 1, sizeof der, f);
	fclose(f);
	if ((sig = d2i_ECDSA_SIG(NULL, &p, (long)n)) == NULL)
		return -1;
	ECDSA_SIG_get0(sig, &r, &s);
	ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32)
	    == 32;
	ECDSA_SIG_free(sig);
	return ok ? 0 : -1;
}

static int
read_file(const char *name, unsigned char *buf, size_t size)
{
	FILE *f;
	size_t n;

	if ((f = fopen(path(name), "rb")) == NULL)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	return (int)n;
}

/* openssl verifies our signature over msg; its answer line. */
static int
openssl_verify(int alg, const unsigned char *sig, char *line, size_t size)
{
	if (alg == SIG_P256) {
		if (raw_to_der_file(sig, "sig.der") < 0)
			return -1;
		return sh_line(line, size, "openssl dgst -sha256 -verify "
		    "p256.pub -signature sig.der msg");
	}
	if (write_file("sig", sig, SIG_LEN, 0644) < 0)
		return -1;
	return sh_line(line, size, "openssl pkeyutl -verify -pubin -inkey "
	    "ed.pub -rawin -in msg -sigfile sig");
}

static const struct alg_case {
	const char *name, *key, *cert;
	int alg;
	const char *ok_line;
} alg_cases[] = {
	{ "p256", "p256.pem", "p256.crt", SIG_P256, "Verified OK" },
	{ "ed25519", "ed.pem", "ed.crt", SIG_ED25519,
	    "Signature Verified Successfully" },
};

static void
test_sign_verify(const struct alg_case *c)
{
	static const size_t lens[] = { 0, 1, 31, 64, 200, 1000 };
	unsigned char msg[1000], sig[SIG_LEN], bad[SIG_LEN];
	char name[64], line[256];
	sign_key *k = NULL;
	verify_key *v = NULL;
	X509 *x = NULL;
	sg_err err;
	size_t i, j;
	int rc;

	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)(i * 7 + 3);
	snprintf(name, sizeof name, "%s_setup", c->name);
	k = key_load_private(path(c->key), NULL, -1, &err);
	x = load_cert(c->cert);
	v = x ? verify_key_from_x509(x, &err) : NULL;
	T_OK(name, k && x && v && verify_key_alg(v) == (enum sig_alg)c->alg,
	    "%s", err.message);
	if (!k || !x || !v)
		goto out;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		snprintf(name, sizeof name, "%s_sign#%zu", c->name, i);
		if (!t_selected(name))
			continue;
		rc = key_sign(k, msg, lens[i], sig, &err);
		T_OK(name, rc == 0, "%s", err.message);
		T_OK(name, verify_key_check(v, msg, lens[i], sig, &err) == 1,
		    "own signature rejected");
		memcpy(bad, sig, SIG_LEN);
		flip(bad, 77);
		T_OK(name, verify_key_check(v, msg, lens[i], bad, &err) == 0,
		    "flipped signature bit accepted");
		if (lens[i] > 0) {
			flip(msg, 5);
			T_OK(name, verify_key_check(v, msg, lens[i], sig,
			    &err) == 0, "flipped message bit accepted");
			flip(msg, 5);
		}

		/*
		 * The openssl command agrees, both ways.  openssl pkeyutl
		 * cannot read an empty message, so Ed25519 skips that row.
		 */
		if (c->alg == SIG_ED25519 && lens[i] == 0)
			continue;
		write_file("msg", msg, lens[i], 0644);
		rc = openssl_verify(c->alg, sig, line, sizeof line);
		T_OK(name, rc == 0 && strcmp(line, c->ok_line) == 0,
		    "openssl said \"%s\" (exit %d)", line, rc);
		rc = openssl_verify(c->alg, bad, line, sizeof line);
		T_OK(name, rc != 0 && strcmp(line, c->ok_line) != 0,
		    "openssl accepted a flipped bit: \"%s\"", line);
		if (lens[i] > 0) {
			flip(msg, 5);
			write_file("msg", msg, lens[i], 0644);
			flip(msg, 5);
			rc = openssl_verify(c->alg, sig, line, sizeof line);
			T_OK(name, rc != 0, "openssl accepted a flipped "
			    "message bit: \"%s\"", line);
			write_file("msg", msg, lens[i], 0644);
		}
		if (c->alg == SIG_P256)
			rc = sh("openssl dgst -sha256 -sign p256.pem "
			    "-out osig.der msg") == 0 &&
			    der_file_to_raw("osig.der", sig) == 0;
		else
			rc = sh("openssl pkeyutl -sign -inkey ed.pem -rawin "
			    "-in msg -out osig") == 0 &&
			    read_file("osig", sig, SIG_LEN) == SIG_LEN;
		T_OK(name, rc && verify_key_check(v, msg, lens[i], sig,
		    &err) == 1, "openssl's signature rejected");
	}

	/* Degenerate signatures are invalid, not errors. */
	snprintf(name, sizeof name, "%s_degenerate", c->name);
	for (j = 0; j < 3; j++) {
		memset(sig, j == 0 ? 0 : j == 1 ? 0xFF : 0x01, SIG_LEN);
		rc = verify_key_check(v, msg, 10, sig, &err);
		T_OK(name, rc == 0, "pattern %zu gave %d", j, rc);
	}

	snprintf(name, sizeof name, "%s_matches", c->name);
	T_OK(name, key_matches_x509(k, x) == 1, "own certificate");
	X509_free(x);
	x = load_cert("other.crt");
	T_OK(name, x && key_matches_x509(k, x) == 0, "other certificate");
	verify_key_free(v);
	v = x ? verify_key_from_x509(x, &err) : NULL;
	if (v != NULL) {
		key_sign(k, msg, 10, sig, &err);
		T_OK(name, verify_key_check(v, msg, 10, sig, &err) == 0,
		    "other key accepted the signature");
	}
out:
	verify_key_free(v);
	X509_free(x);
	key_free(k);
}

static void
test_key_id(void)
{
	static const char *const certs[] = { "p256.crt", "ed.crt",
	    "rsa.crt" };
	char name[32], cmd[256], line[256], hex[2 * KID_LEN + 1];
	unsigned char kid[KID_LEN];
	X509 *x;
	size_t i, j;
	int rc;

	for (i = 0; i < sizeof certs / sizeof certs[0]; i++) {
		snprintf(name, sizeof name, "key_id#%zu", i);
		x = load_cert(certs[i]);
		rc = x ? key_id_of_x509(x, kid) : -1;
		for (j = 0; j < KID_LEN; j++)
			snprintf(hex + 2 * j, 3, "%02x", kid[j]);
		snprintf(cmd, sizeof cmd, "openssl x509 -in %s -pubkey -noout"
		    " | openssl pkey -pubin -outform DER | sha256sum",
		    certs[i]);
		sh_line(line, sizeof line, cmd);
		line[2 * KID_LEN] = '\0';
		T_OK(name, rc == 0 && strcmp(hex, line) == 0,
		    "ours %s, openssl %s", hex, line);
		X509_free(x);
	}
	T_OK("key_id_null", key_id_of_x509(NULL, kid) == -1, "NULL cert");
}

static void
test_verify_refusals(void)
{
	verify_key *v;
	sg_err err;
	X509 *x;

	x = load_cert("rsa.crt");
	sg_err_clear(&err);
	v = x ? verify_key_from_x509(x, &err) : NULL;
	T_OK("verify_rsa", x && v == NULL &&
	    strcmp(err.code, "E-KEY-ALG") == 0, "%s", err.code);
	verify_key_free(v);
	X509_free(x);
	v = verify_key_from_x509(NULL, &err);
	T_OK("verify_null", v == NULL && err.code[0] != '\0', "NULL cert");
	verify_key_free(v);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Rough rates in the output; timing is not asserted. */
static void
test_speed(const struct alg_case *c)
{
	unsigned char msg[200], sig[SIG_LEN];
	char name[64];
	sign_key *k;
	verify_key *v = NULL;
	X509 *x;
	sg_err err;
	double t0, ts, tv;
	int i, n = 5000, bad = 0;

	snprintf(name, sizeof name, "%s_speed", c->name);
	if (!t_selected(name))
		return;
	memset(msg, 'S', sizeof msg);
	k = key_load_private(path(c->key), NULL, -1, &err);
	x = load_cert(c->cert);
	if (x)
		v = verify_key_from_x509(x, &err);
	if (!k || !v) {
		T_OK(name, 0, "setup: %s", err.message);
		goto out;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		msg[i % sizeof msg]++;
		bad += key_sign(k, msg, sizeof msg, sig, &err) != 0;
	}
	ts = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++)
		bad += verify_key_check(v, msg, sizeof msg, sig, &err) != 1;
	tv = now() - t0;
	printf("# %s: %.0f signatures/s, %.0f verifications/s\n", c->name,
	    n / ts, n / tv);
	T_OK(name, bad == 0, "%d failures", bad);
out:
	verify_key_free(v);
	X509_free(x);
	key_free(k);
}

/*
 * PKCS#11 URIs (RFC 7512) as key_uri_parse takes them: what the engine is
 * handed (every value re-encoded) and the module, or a refusal.  Rows are
 * "uri#N".
 */
static const struct uri_case {
	const char *uri;
	const char *engine;	/* NULL: refused with E-KEY-URI */
	const char *module;
} uri_cases[] = {
	/* 1 */ { "pkcs11:token=segel-7501;object=office",
	    "pkcs11:token=segel-7501;object=office", "" },
	/* 2 */ { "PKCS11:object=office%20key;id=%75%01",
	    "pkcs11:object=office%20key;id=u%01", "" },
	/* 3 */ { "pkcs11:token=t;object=o?module-path=/usr/lib/softhsm/"
	    "libsofthsm2.so", "pkcs11:token=t;object=o",
	    "/usr/lib/softhsm/libsofthsm2.so" },
	/* 4: RFC 7512's sub-delimiters and '&' in a path value */
	{ "pkcs11:object=a&b:c(d)*e;type=private",
	    "pkcs11:object=a%26b%3Ac%28d%29%2Ae;type=private", "" },
	/* 5: a binary id may hold %00 */
	{ "pkcs11:id=%00%ff", "pkcs11:id=%00%FF", "" },
	/* 6..: refused */
	{ "pkcs11:token=t;object=o?pin-value=1234", NULL, NULL },
	{ "pkcs11:object=o?pin-source=/etc/pin", NULL, NULL },
	{ "pkcs11:object=o?module-name=softhsm2", NULL, NULL },
	{ "pkcs11:object=o?module-path=relative.so", NULL, NULL },
	/* 10 */ { "pkcs11:object=o?module-path=/a&module-path=/b", NULL,
	    NULL },
	{ "pkcs11:token=t", NULL, NULL },		/* names no key */
	{ "pkcs11:", NULL, NULL },
	{ "pkcs11:object=o;object=p", NULL, NULL },
	{ "pkcs11:object=o;slot-id=1", NULL, NULL },
	/* 15 */ { "pkcs11:object=o;type=public", NULL, NULL },
	{ "pkcs11:object=of%2", NULL, NULL },
	{ "pkcs11:object=of%zz", NULL, NULL },
	{ "pkcs11:token=a%00b;object=o", NULL, NULL },	/* NUL in a label */
	{ "pkcs11:object=o;", NULL, NULL },
	/* 20 */ { "pkcs11:object=o;;token=t", NULL, NULL },
	{ "pkcs11:object=o#frag", NULL, NULL },
	{ "pkcs11:object=with space", NULL, NULL },
	{ "pkcs11:object=", NULL, NULL },
	{ "pkcs11:Object=o", NULL, NULL },
	/* 25 */ { "pkcs11:object=o?", NULL, NULL },
	{ "pkcs11:object=a/b", NULL, NULL },		/* '/' only in query */
	{ "/etc/segel/k.pem", NULL, NULL },
	{ "pkcs11:object=\xc3\xa9", NULL, NULL },
};

static void
test_uri(void)
{
	struct key_uri u;
	char name[32], big[KEY_URI_MAX + 8];
	const struct uri_case *c;
	sg_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof uri_cases / sizeof uri_cases[0]; i++) {
		c = &uri_cases[i];
		snprintf(name, sizeof name, "uri#%zu", i + 1);
		sg_err_clear(&err);
		rc = key_uri_parse(c->uri, &u, &err);
		if (c->engine == NULL)
			T_OK(name, rc == -1 && strcmp(err.code, "E-KEY-URI") ==
			    0 && strstr(err.message, "1234") == NULL,
			    "rc %d, %s %s", rc, err.code, err.message);
		else
			T_OK(name, rc == 0 && strcmp(u.engine, c->engine) == 0 &&
			    strcmp(u.module, c->module) == 0, "rc %d, \"%s\" "
			    "\"%s\" (%s)", rc, u.engine, u.module, err.message);
	}
	/* KEY_URI_MAX bytes and more are refused, one fewer taken */
	memset(big, 0, sizeof big);
	memcpy(big, "pkcs11:object=", 14);
	memset(big + 14, 'a', KEY_URI_MAX - 1 - 14);
	T_OK("uri-longest", key_uri_parse(big, &u, &err) == 0 &&
	    strlen(u.engine) == KEY_URI_MAX - 1, "%s", err.message);
	big[KEY_URI_MAX - 1] = 'a';
	T_OK("uri-too-long", key_uri_parse(big, &u, &err) == -1,
	    "a URI of %d bytes taken", KEY_URI_MAX);
	/* every byte %XX: three times as long, still room */
	memset(big, 0, sizeof big);
	memcpy(big, "pkcs11:object=", 14);
	for (i = 14; i + 3 < KEY_URI_MAX; i += 3)
		memcpy(big + i, "%41", 3);
	T_OK("uri-escaped", key_uri_parse(big, &u, &err) == 0, "%s",
	    err.message);
	/* a key named by a URI with a refused PIN: key_load_private says
	 * E-KEY-URI and does not touch the engine */
	sg_err_clear(&err);
	T_OK("uri-load-refused", key_load_private("pkcs11:object=o?pin-value="
	    "1234", NULL, -1, &err) == NULL && strcmp(err.code, "E-KEY-URI")
	    == 0 && strstr(err.message, "1234") == NULL, "%s %s", err.code,
	    err.message);
}

int
main(int argc, char **argv)
{
	size_t i;

	T_INIT(argc, argv);
	test_uri();
	if (setup() < 0) {
		printf("not ok setup: cannot make keys with openssl in %s\n",
		    dir);
		return 1;
	}
	test_load();
	test_pass_fd();
	for (i = 0; i < sizeof alg_cases / sizeof alg_cases[0]; i++)
		test_sign_verify(&alg_cases[i]);
	test_key_id();
	test_verify_refusals();
	for (i = 0; i < sizeof alg_cases / sizeof alg_cases[0]; i++)
		test_speed(&alg_cases[i]);
	if (getenv("SEGEL_KEEP_TMP") == NULL)
		sh("cd / && rm -rf '%s'", dir);
	else
		printf("# kept %s\n", dir);
	return T_DONE();
}
