/*
 * keys.c - private and public keys, raw signatures, key ids, through the
 * OpenSSL 3 EVP interface only.
 *
 * Speed: a signer issues tens of thousands of seals a second and a
 * verifier checks as many, so each handle keeps a context initialised once
 * for its key (algorithm fetched, digest set) and every call works on a
 * copy of it.  That makes a handle unsafe to share between threads; give
 * each thread its own.
 *
 * Keys in a token go through OpenSSL's ENGINE interface, deprecated in
 * OpenSSL 3 but the only PKCS#11 route Debian 12 packages (the engine of
 * libengine-pkcs11-openssl, libp11 0.4.12; pkcs11-provider is not in
 * Debian 12): hence OPENSSL_SUPPRESS_DEPRECATED for this file.  The key
 * the engine gives is an EVP_PKEY whose EC_KEY method signs on the token
 * (C_Sign, CKM_ECDSA over our SHA-256 digest); libp11 hands the r || s
 * back as a DER ECDSA-Sig-Value, so key_sign's conversion is the same as
 * for a key in a file.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "keys.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/ui.h>
#include <openssl/x509.h>

#include "file.h"

#define KEY_FILE_MAX  (64 * 1024)	/* a PEM key is well under 4 KiB */
#define PASS_MAX      1024		/* including the NUL */
#define P256_LEN      32		/* bytes of r, of s */
#define PIN_MIN       4			/* what libp11's engine asks for */
#define PIN_MAX       32

struct sign_key {
	EVP_PKEY *pkey;
	ENGINE *engine;		/* a token's key: the engine, initialised */
	enum sig_alg alg;
	EVP_MD_CTX *tmpl;	/* initialised once for pkey */
	EVP_MD_CTX *work;	/* copy of tmpl, per signature */
	/* P-256: SHA-256 here, then the digest signed through one context
	 * set up once (OpenSSL 3 duplicates a digest-sign context on every
	 * signature, which cost a third of segel-sign's time) */
	EVP_PKEY_CTX *pctx;
};

struct verify_key {
	EVP_PKEY *pkey;
	enum sig_alg alg;
	EVP_MD_CTX *tmpl;
	EVP_MD_CTX *work;
};

/* The passphrase, read only when OpenSSL asks for it. */
struct pass_src {
	const char *file;
	int fd;
	int asked;		/* the key is encrypted */
	int loaded;		/* buf holds the passphrase */
	int failed;		/* reading the passphrase failed; err is set */
	int pin_len_bad;	/* a PIN outside PIN_MIN..PIN_MAX bytes */
	sg_err *err;
	char buf[PASS_MAX];
	size_t len;
};

/* The last OpenSSL error as text, and an empty queue for the next call. */
static const char *
ossl_reason(char *buf, size_t size)
{
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		snprintf(buf, size, "unknown OpenSSL error");
	else
		ERR_error_string_n(e, buf, size);
	ERR_clear_error();
	return buf;
}

/*
 * Supported key type, or -1 with err set.  EC keys must be on P-256; a key
 * with explicit parameters passes only where OpenSSL recognises them as
 * that named curve.  what names the key's home for the message.
 */
static int
pkey_alg(EVP_PKEY *pkey, enum sig_alg *alg, const char *what,
    const char *where, sg_err *err)
{
	const char *type;
	char group[64];
	size_t glen = 0;

	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		*alg = SIG_ED25519;
		return 0;
	}
	if (EVP_PKEY_is_a(pkey, "EC")) {
		if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &glen)
		    == 1 && OBJ_txt2nid(group) == NID_X9_62_prime256v1) {
			*alg = SIG_P256;
			return 0;
		}
		ERR_clear_error();
		sg_err_set(err, "E-KEY-ALG", where, "%s holds an EC key on "
		    "curve %s; only P-256 and Ed25519 keys are supported",
		    what, glen > 0 ? group : "(unnamed)");
		return -1;
	}
	type = EVP_PKEY_get0_type_name(pkey);
	sg_err_set(err, "E-KEY-ALG", where, "%s holds a key of type %s; only "
	    "EC P-256 and Ed25519 keys are supported", what,
	    type ? type : "unknown");
	return -1;
}

/*
 * Read the first line of fd into p->buf, newline (and a CR before it)
 * dropped.  Reads in small steps so nothing past the line is consumed
 * from a pipe shared with other data.
 */
static int
pass_read_fd(struct pass_src *p, int fd, const char *where)
{
	char c;
	ssize_t r;

	p->len = 0;
	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sg_err_sys(p->err, where, "cannot read the passphrase");
			return -1;
		}
		if (r == 0 || c == '\n')
			break;
		if (p->len + 1 >= sizeof p->buf) {
			sg_err_set(p->err, "E-KEY-PASSPHRASE", where,
			    "passphrase longer than %d bytes", PASS_MAX - 1);
			return -1;
		}
		p->buf[p->len++] = c;
	}
	c = 0;
	if (p->len > 0 && p->buf[p->len - 1] == '\r')
		p->len--;
	p->buf[p->len] = '\0';
	return 0;
}

static int
pass_load(struct pass_src *p)
{
	struct stat st;
	char where[32];
	int fd = -1, rc = -1;

	if (p->file == NULL) {
		snprintf(where, sizeof where, "fd %d", p->fd);
		return pass_read_fd(p, p->fd, where);
	}
	if ((fd = open(p->file, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		sg_err_sys(p->err, p->file, "cannot open the passphrase file");
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		sg_err_sys(p->err, p->file, "cannot stat the passphrase file");
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		sg_err_set(p->err, "E-KEY-PASSPHRASE", p->file,
		    "passphrase file %s is not a regular file", p->file);
		goto out;
	}
	if (st.st_mode & 077) {
		sg_err_set(p->err, "E-KEY-PERMS", p->file, "passphrase file "
		    "%s is readable by others (mode %04o); chmod 600 it",
		    p->file, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	rc = pass_read_fd(p, fd, p->file);
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The passphrase, read once when first asked for: 0, or -1 when there
 * is none to give or reading it failed (p->failed, err set). */
static int
pass_get(struct pass_src *p)
{
	p->asked = 1;
	if (p->file == NULL && p->fd < 0)
		return -1;
	if (!p->loaded && !p->failed) {
		if (pass_load(p) < 0) {
			p->failed = 1;
			OPENSSL_cleanse(p->buf, sizeof p->buf);
			p->len = 0;
		} else
			p->loaded = 1;
	}
	return p->failed ? -1 : 0;
}

static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	struct pass_src *p = u;

	(void)rwflag;
	if (pass_get(p) < 0 || size < 0 || p->len > (size_t)size)
		return -1;
	memcpy(buf, p->buf, p->len);
	return (int)p->len;
}

/* The contexts a key signs through (its own: not shared between threads). */
static int
sign_contexts(sign_key *k, const char *path, sg_err *err)
{
	char why[256];

	if ((k->tmpl = EVP_MD_CTX_new()) == NULL ||
	    (k->work = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit_ex(k->tmpl, NULL,
	    k->alg == SIG_P256 ? "SHA256" : NULL, NULL, NULL, k->pkey,
	    NULL) != 1 || (k->alg == SIG_P256 &&
	    ((k->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL)) ==
	    NULL || EVP_PKEY_sign_init(k->pctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(k->pctx, EVP_sha256()) != 1))) {
		sg_err_set(err, "E-KEY-SIGN", path, "cannot set up signing: "
		    "%s", ossl_reason(why, sizeof why));
		return -1;
	}
	return 0;
}

sign_key *
key_dup(const sign_key *k, sg_err *err)
{
	sign_key *d;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return NULL;
	}
	d->alg = k->alg;
	if (EVP_PKEY_up_ref(k->pkey) != 1) {
		free(d);
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return NULL;
	}
	d->pkey = k->pkey;
	/* a token's key signs through the engine: the copy holds it too */
	if (k->engine != NULL) {
		if (ENGINE_init(k->engine) != 1) {
			key_free(d);
			sg_err_set(err, "E-KEY-PKCS11", "", "cannot hold the "
			    "pkcs11 engine for a second signing thread");
			ERR_clear_error();
			return NULL;
		}
		d->engine = k->engine;
	}
	if (sign_contexts(d, "", err) != 0) {
		key_free(d);
		return NULL;
	}
	return d;
}

sign_key *
key_load_private(const char *path, const char *pass_file, int pass_fd,
    sg_err *err)
{
	struct pass_src pass;
	struct stat st;
	sign_key *k = NULL, *ret = NULL;
	char *pem = NULL;
	size_t pemlen = 0;
	BIO *bio = NULL;
	char why[256], what[600];
	int fd = -1;

	if (key_is_uri(path))
		return key_load_token(path, pass_file, pass_fd, err);
	memset(&pass, 0, sizeof pass);
	pass.file = pass_file;
	pass.fd = pass_file ? -1 : pass_fd;
	pass.err = err;

	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		sg_err_sys(err, path, "cannot open key file %s", path);
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		sg_err_sys(err, path, "cannot stat key file %s", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		sg_err_set(err, "E-KEY-FORMAT", path,
		    "key file %s is not a regular file", path);
		goto out;
	}
	/* Checked on the open file, so a rename in between cannot fool it. */
	if (st.st_mode & 077) {
		sg_err_set(err, "E-KEY-PERMS", path, "key file %s is readable "
		    "by others (mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (file_read_fd(fd, path, KEY_FILE_MAX - 1, FILE_SECRET, "E-KEY-FORMAT",
	    &pem, &pemlen, err) != 0)
		goto out;
	if ((bio = BIO_new_mem_buf(pem, (int)pemlen)) == NULL) {
		sg_err_set(err, "E-SYSTEM", path, "out of memory");
		goto out;
	}
	if ((k = calloc(1, sizeof *k)) == NULL) {
		sg_err_set(err, "E-SYSTEM", path, "out of memory");
		goto out;
	}
	ERR_clear_error();
	k->pkey = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, &pass);
	if (k->pkey == NULL) {
		if (pass.failed)
			;	/* err already says why */
		else if (pass.asked && pass.file == NULL && pass.fd < 0)
			sg_err_set(err, "E-KEY-PASSPHRASE", path, "key file %s "
			    "is encrypted and no passphrase was given", path);
		else if (pass.asked)
			sg_err_set(err, "E-KEY-PASSPHRASE", path, "wrong "
			    "passphrase for key file %s", path);
		else
			sg_err_set(err, "E-KEY-FORMAT", path, "key file %s "
			    "holds no PEM private key (%s)", path,
			    ossl_reason(why, sizeof why));
		ERR_clear_error();
		goto out;
	}
	snprintf(what, sizeof what, "key file %s", path);
	if (pkey_alg(k->pkey, &k->alg, what, path, err) < 0)
		goto out;
	if (sign_contexts(k, path, err) != 0)
		goto out;
	ret = k;
	k = NULL;
out:
	key_free(k);
	BIO_free(bio);
	file_secret_free(pem, pemlen);
	if (fd >= 0)
		close(fd);
	OPENSSL_cleanse(&pass, sizeof pass);
	return ret;
}

/* ---- Keys in a token: PKCS#11 URIs (RFC 7512) and the pkcs11 engine */

int
key_is_uri(const char *s)
{
	return s != NULL && strncasecmp(s, "pkcs11:", 7) == 0;
}

static int
uri_unreserved(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/*
 * Decode the value v[0..n) of an attribute: RFC 7512's pk11-pchar (path)
 * or pk11-qchar (query), %XX escapes decoded.  out gets the bytes and a
 * NUL; %00 only where binary (id).  Its length, or -1 with err set.
 */
static int
uri_value(const char *name, const char *v, size_t n, int query, int binary,
    char *out, size_t room, sg_err *err)
{
	size_t i, o = 0;
	int c, hi, lo;

	for (i = 0; i < n; i++) {
		c = (unsigned char)v[i];
		if (c == '%') {
			if (n - i < 3 || (hi = text_hex_digit(v[i + 1])) < 0 ||
			    (lo = text_hex_digit(v[i + 2])) < 0) {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "attribute %s has a %% not followed by two "
				    "hex digits", name);
				return -1;
			}
			c = hi << 4 | lo;
			i += 2;
			if (c == 0 && !binary) {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "attribute %s holds %%00", name);
				return -1;
			}
		} else if (!uri_unreserved(c) && !strchr(":[]@!$'()*+,=", c) &&
		    !(query ? strchr("/?|", c) != NULL : c == '&')) {
			if (c > ' ' && c < 127)
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "attribute %s has '%c', which must be "
				    "written %%%02X", name, c, (unsigned)c);
			else
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "attribute %s has a byte that must be "
				    "written %%%02X", name, (unsigned)c);
			return -1;
		}
		if (o + 1 >= room) {
			sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: attribute "
			    "%s is too long", name);
			return -1;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)o;
}

/* Append s[0..n) to the engine's URI, every byte but the unreserved
 * ones as %XX (enc) or as is; -1 when out of room (cannot happen for a
 * URI under KEY_URI_MAX: a byte becomes at most three). */
static int
uri_put(struct key_uri *u, size_t *at, const char *s, size_t n, int enc)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (*at + 4 > sizeof u->engine)
			return -1;
		if (!enc || uri_unreserved(c))
			u->engine[(*at)++] = (char)c;
		else {
			u->engine[(*at)++] = '%';
			u->engine[(*at)++] = hex[c >> 4];
			u->engine[(*at)++] = hex[c & 15];
		}
	}
	u->engine[*at] = '\0';
	return 0;
}

/* Is [p, p + n) an attribute name: lower-case letters and '-'? */
static int
uri_name_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || p[i] == '-'))
			return 0;
	return 1;
}

int
key_uri_parse(const char *uri, struct key_uri *u, sg_err *err)
{
	static const char *const path_attrs[] = { "token", "manufacturer",
	    "serial", "model", "object", "id", "type", NULL };
	enum { A_OBJECT = 4, A_ID = 5, A_TYPE = 6 };
	char name[40], val[KEY_URI_MAX];
	const char *p, *end, *stop, *eq, *q;
	unsigned seen = 0;
	size_t len, at = 0;
	int i, n, query, mod_seen = 0;

	memset(u, 0, sizeof *u);
	if (uri == NULL || !key_is_uri(uri)) {
		sg_err_set(err, "E-KEY-URI", "", "not a PKCS#11 URI (it "
		    "starts \"pkcs11:\")");
		return -1;
	}
	if ((len = strnlen(uri, KEY_URI_MAX)) >= KEY_URI_MAX) {
		sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI longer than %d "
		    "bytes", KEY_URI_MAX - 1);
		return -1;
	}
	if (strchr(uri, '#') != NULL) {
		sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI with a fragment "
		    "(#): write a '#' in a value as %%23");
		return -1;
	}
	uri_put(u, &at, "pkcs11:", 7, 0);
	q = strchr(uri + 7, '?');
	/* the path's attributes by ';', then the query's by '&' */
	for (query = 0; query < 2; query++) {
		if (query) {
			if (q == NULL)
				break;
			p = q + 1;
			stop = uri + len;
		} else {
			p = uri + 7;
			stop = q ? q : uri + len;
			if (p == stop)
				continue;	/* no path: caught below */
		}
		for (;;) {
			for (end = p; end < stop && *end != (query ? '&' :
			    ';'); end++)
				;
			/* no value is ever shown: it might be a PIN */
			eq = memchr(p, '=', (size_t)(end - p));
			if (eq == NULL) {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "an attribute without '=' (name=value)");
				return -1;
			}
			if (!uri_name_ok(p, (size_t)(eq - p))) {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "an attribute's name is not lower-case "
				    "letters and '-'");
				return -1;
			}
			snprintf(name, sizeof name, "%.*s", (int)(eq - p), p);
			if (!query) {
				for (i = 0; path_attrs[i] != NULL; i++)
					if (strcmp(path_attrs[i], name) == 0)
						break;
				if (path_attrs[i] == NULL) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: attribute %s is not "
					    "supported (token, manufacturer, "
					    "serial, model, object, id, type "
					    "are)", name);
					return -1;
				}
				if (seen & 1u << i) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: attribute %s given "
					    "twice", name);
					return -1;
				}
				seen |= 1u << i;
				if ((n = uri_value(name, eq + 1, (size_t)(end -
				    eq - 1), 0, i == A_ID, val, sizeof val,
				    err)) < 0)
					return -1;
				if (n == 0) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: attribute %s is "
					    "empty", name);
					return -1;
				}
				if (i == A_TYPE && strcmp(val, "private") != 0) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: only a private key "
					    "signs (type=private)");
					return -1;
				}
				if ((at > 7 && uri_put(u, &at, ";", 1, 0) < 0) ||
				    uri_put(u, &at, name, strlen(name), 0) < 0 ||
				    uri_put(u, &at, "=", 1, 0) < 0 ||
				    uri_put(u, &at, val, (size_t)n, 1) < 0) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI too long");
					return -1;
				}
			} else if (strcmp(name, "pin-value") == 0 ||
			    strcmp(name, "pin-source") == 0) {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI "
				    "with %s: the PIN is never part of the key's "
				    "name (a command line is seen by every "
				    "user); give it as a passphrase, with "
				    "passphrase-file or --passphrase-fd", name);
				return -1;
			} else if (strcmp(name, "module-path") == 0) {
				if (mod_seen++) {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: attribute %s given "
					    "twice", name);
					return -1;
				}
				if (uri_value(name, eq + 1, (size_t)(end - eq -
				    1), 1, 0, u->module, sizeof u->module,
				    err) < 0)
					return -1;
				if (u->module[0] != '/') {
					sg_err_set(err, "E-KEY-URI", "",
					    "PKCS#11 URI: module-path must be "
					    "an absolute path");
					return -1;
				}
			} else {
				sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI: "
				    "query attribute %s is not supported "
				    "(module-path is)", name);
				return -1;
			}
			if (end == stop)
				break;
			p = end + 1;
		}
	}
	if (!(seen & (1u << A_OBJECT | 1u << A_ID))) {
		sg_err_set(err, "E-KEY-URI", "", "PKCS#11 URI names no key: "
		    "give object= (the key's label) or id=");
		return -1;
	}
	return 0;
}

/* The engine asks for the token's PIN: the passphrase, if there is one. */
static int
pin_reader(UI *ui, UI_STRING *uis)
{
	struct pass_src *p = UI_get0_user_data(ui);

	switch (UI_get_string_type(uis)) {
	case UIT_PROMPT:
	case UIT_VERIFY:
		break;
	default:
		return 1;	/* a notice to show: nothing to do */
	}
	if (p == NULL || pass_get(p) < 0)
		return 0;
	if (p->len < PIN_MIN || p->len > PIN_MAX) {
		p->pin_len_bad = 1;
		return 0;
	}
	return UI_set_result(ui, uis, p->buf) == 0 ? 1 : 0;
}

/*
 * Why the engine gave no key, from OpenSSL's error queue (emptied):
 * libp11 puts a module's CKR_ value there as the reason, under its library
 * "PKCS#11 module", and a module it could not load or start under
 * "libp11" (or as the engine's "invalid parameter", 0x67).  *pin_rv gets a
 * failed login's CKR_PIN_ value or 0; 1 when the module failed.
 */
static int
engine_failure(unsigned long *pin_rv)
{
	unsigned long e;
	const char *lib;
	int module = 0, r;

	*pin_rv = 0;
	while ((e = ERR_get_error()) != 0) {
		if ((lib = ERR_lib_error_string(e)) == NULL)
			continue;
		r = ERR_GET_REASON(e);
		if (strcmp(lib, "libp11") == 0 ||
		    (strcmp(lib, "pkcs11 engine") == 0 && r == 0x67))
			module = 1;
		else if (strcmp(lib, "PKCS#11 module") == 0 && r >= 0xA0 &&
		    r <= 0xA4)	/* CKR_PIN_INCORRECT ... CKR_PIN_LOCKED */
			*pin_rv = (unsigned long)r;
	}
	return module;
}

sign_key *
key_load_token(const char *uri, const char *pass_file, int pass_fd,
    sg_err *err)
{
	struct key_uri *u = NULL;
	struct pass_src pass;
	UI_METHOD *ui = NULL;
	ENGINE *e = NULL;
	sign_key *k = NULL, *ret = NULL;
	const char *module, *where;
	char why[256], what[sizeof u->engine + 16];
	unsigned long rv;
	struct stat st;
	int module_failed;

	memset(&pass, 0, sizeof pass);
	pass.file = pass_file;
	pass.fd = pass_file ? -1 : pass_fd;
	pass.err = err;
	if ((u = malloc(sizeof *u)) == NULL || (k = calloc(1, sizeof *k)) ==
	    NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	if (key_uri_parse(uri, u, err) != 0)
		goto out;
	where = u->engine;	/* what the URI says, never a PIN */
	module = u->module[0] ? u->module : KEY_PKCS11_MODULE;
	/* said here: libp11 would print dlopen's complaint on our stderr */
	if (u->module[0] && (stat(module, &st) != 0 || !S_ISREG(st.st_mode))) {
		sg_err_set(err, "E-KEY-PKCS11", where, "the PKCS#11 module %s "
		    "is not a file", module);
		goto out;
	}
	ERR_clear_error();
	if ((e = ENGINE_by_id("pkcs11")) == NULL) {
		sg_err_set(err, "E-KEY-PKCS11", where, "OpenSSL's pkcs11 engine "
		    "cannot be loaded (Debian: libengine-pkcs11-openssl): %s",
		    ossl_reason(why, sizeof why));
		goto out;
	}
	/* QUIET: the engine's own messages would go to our stderr */
	if (ENGINE_ctrl_cmd_string(e, "QUIET", NULL, 0) != 1 ||
	    ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0) != 1 ||
	    ENGINE_init(e) != 1) {
		sg_err_set(err, "E-KEY-PKCS11", where, "cannot set up the "
		    "pkcs11 engine with module %s: %s", module,
		    ossl_reason(why, sizeof why));
		goto out;
	}
	k->engine = e;		/* the functional reference the key keeps, */
	ENGINE_free(e);		/* not the structural one from by_id */
	e = NULL;
	if ((ui = UI_create_method("segel PIN")) == NULL ||
	    UI_method_set_reader(ui, pin_reader) != 0) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		goto out;
	}
	ERR_clear_error();
	k->pkey = ENGINE_load_private_key(k->engine, u->engine, ui, &pass);
	if (k->pkey == NULL) {
		module_failed = engine_failure(&rv);
		if (pass.failed)
			;	/* err says why */
		else if (pass.asked && pass.file == NULL && pass.fd < 0)
			sg_err_set(err, "E-KEY-PIN", where, "the token asks for "
			    "its PIN and none was given (passphrase-file or "
			    "--passphrase-fd)");
		else if (pass.pin_len_bad)
			sg_err_set(err, "E-KEY-PIN", where, "the PIN given is "
			    "not %d to %d bytes long, as the pkcs11 engine "
			    "takes it", PIN_MIN, PIN_MAX);
		else if (rv == 0xA4)
			sg_err_set(err, "E-KEY-PIN", where, "the token's PIN "
			    "is locked (too many wrong PINs); its security "
			    "officer must unlock it");
		else if (rv != 0)
			sg_err_set(err, "E-KEY-PIN", where, "wrong PIN for the "
			    "token (the token counts failed logins and may "
			    "lock)");
		else if (pass.asked)
			sg_err_set(err, "E-KEY-OBJECT", where, "the token "
			    "holds no private key matching the URI");
		else if (module_failed)
			sg_err_set(err, "E-KEY-PKCS11", where, "the PKCS#11 "
			    "module %s cannot be loaded or started", module);
		else
			sg_err_set(err, "E-KEY-TOKEN", where, "no single token "
			    "of module %s matches the URI", module);
		goto out;
	}
	snprintf(what, sizeof what, "the token's key %s", where);
	if (pkey_alg(k->pkey, &k->alg, what, where, err) < 0)
		goto out;
	if (sign_contexts(k, where, err) != 0)
		goto out;
	ret = k;
	k = NULL;
out:
	ERR_clear_error();
	key_free(k);
	if (e != NULL)
		ENGINE_free(e);
	UI_destroy_method(ui);
	free(u);
	OPENSSL_cleanse(&pass, sizeof pass);
	return ret;
}

void
key_free(sign_key *k)
{
	if (k == NULL)
		return;
	EVP_MD_CTX_free(k->work);
	EVP_MD_CTX_free(k->tmpl);
	EVP_PKEY_CTX_free(k->pctx);
	EVP_PKEY_free(k->pkey);	/* clears the private key material */
	/* after the key: the engine's last reference unloads the module */
	if (k->engine != NULL)
		ENGINE_finish(k->engine);
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

enum sig_alg
key_alg(const sign_key *k)
{
	return k->alg;
}

/* DER ECDSA-Sig-Value to r || s, each left-padded to 32 bytes. */
static int
der_to_raw(const unsigned char *der, size_t len, unsigned char *raw)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	int ok;

	if ((sig = d2i_ECDSA_SIG(NULL, &p, (long)len)) == NULL)
		return -1;
	ECDSA_SIG_get0(sig, &r, &s);
	ok = BN_bn2binpad(r, raw, P256_LEN) == P256_LEN &&
	    BN_bn2binpad(s, raw + P256_LEN, P256_LEN) == P256_LEN;
	ECDSA_SIG_free(sig);
	return ok ? 0 : -1;
}

/* r || s to DER; returns the DER length or -1. */
static int
raw_to_der(const unsigned char *raw, unsigned char *der, size_t room)
{
	ECDSA_SIG *sig = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *p = der;
	int n = -1;

	if ((sig = ECDSA_SIG_new()) == NULL ||
	    (r = BN_bin2bn(raw, P256_LEN, NULL)) == NULL ||
	    (s = BN_bin2bn(raw + P256_LEN, P256_LEN, NULL)) == NULL)
		goto out;
	if (ECDSA_SIG_set0(sig, r, s) != 1)
		goto out;
	r = s = NULL;	/* owned by sig now */
	if ((n = i2d_ECDSA_SIG(sig, NULL)) <= 0 || (size_t)n > room) {
		n = -1;
		goto out;
	}
	n = i2d_ECDSA_SIG(sig, &p);
out:
	BN_free(s);
	BN_free(r);
	ECDSA_SIG_free(sig);
	return n;
}

int
key_sign_der(sign_key *k, const unsigned char *msg, size_t len,
    unsigned char der[KEY_DER_MAX], size_t *derlen, sg_err *err)
{
	unsigned char md[32];
	char why[256];

	*derlen = KEY_DER_MAX;
	if (k->alg == SIG_P256 &&
	    EVP_Digest(msg, len, md, NULL, EVP_sha256(), NULL) == 1 &&
	    EVP_PKEY_sign(k->pctx, der, derlen, md, sizeof md) == 1)
		return 0;
	sg_err_set(err, "E-KEY-SIGN", "", "signing failed: %s",
	    k->alg == SIG_P256 ? ossl_reason(why, sizeof why) :
	    "not an ECDSA key");
	return -1;
}

int
key_sign(sign_key *k, const unsigned char *msg, size_t len,
    unsigned char sig[SIG_LEN], sg_err *err)
{
	unsigned char der[KEY_DER_MAX];
	size_t siglen;
	char why[256];

	if (k->alg == SIG_ED25519) {
		siglen = SIG_LEN;
		if (EVP_MD_CTX_copy_ex(k->work, k->tmpl) != 1 ||
		    EVP_DigestSign(k->work, sig, &siglen, msg, len) != 1 ||
		    siglen != SIG_LEN)
			goto fail;
		return 0;
	}
	if (key_sign_der(k, msg, len, der, &siglen, err) != 0)
		return -1;
	if (der_to_raw(der, siglen, sig) < 0)
		goto fail;
	return 0;
fail:
	sg_err_set(err, "E-KEY-SIGN", "", "signing failed: %s",
	    ossl_reason(why, sizeof why));
	return -1;
}

verify_key *
verify_key_from_x509(void *x509, sg_err *err)
{
	verify_key *v = NULL, *ret = NULL;
	char why[256];

	if ((v = calloc(1, sizeof *v)) == NULL) {
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		goto out;
	}
	if (x509 == NULL || (v->pkey = X509_get_pubkey(x509)) == NULL) {
		sg_err_set(err, "E-KEY-FORMAT", "", "certificate has no "
		    "usable public key (%s)", ossl_reason(why, sizeof why));
		goto out;
	}
	if (pkey_alg(v->pkey, &v->alg, "certificate", "", err) < 0)
		goto out;
	if ((v->tmpl = EVP_MD_CTX_new()) == NULL ||
	    (v->work = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(v->tmpl, NULL,
	    v->alg == SIG_P256 ? "SHA256" : NULL, NULL, NULL, v->pkey,
	    NULL) != 1) {
		sg_err_set(err, "E-KEY-VERIFY", "", "cannot set up "
		    "verification: %s", ossl_reason(why, sizeof why));
		goto out;
	}
	ret = v;
	v = NULL;
out:
	verify_key_free(v);
	return ret;
}

void
verify_key_free(verify_key *v)
{
	if (v == NULL)
		return;
	EVP_MD_CTX_free(v->work);
	EVP_MD_CTX_free(v->tmpl);
	EVP_PKEY_free(v->pkey);
	free(v);
}

enum sig_alg
verify_key_alg(const verify_key *v)
{
	return v->alg;
}

int
verify_key_check(verify_key *v, const unsigned char *msg, size_t len,
    const unsigned char sig[SIG_LEN], sg_err *err)
{
	unsigned char der[KEY_DER_MAX];
	const unsigned char *s = sig;
	size_t slen = SIG_LEN;
	char why[256];
	int n, rc;

	if (v->alg == SIG_P256) {
		if ((n = raw_to_der(sig, der, sizeof der)) < 0)
			goto fail;
		s = der;
		slen = (size_t)n;
	}
	if (EVP_MD_CTX_copy_ex(v->work, v->tmpl) != 1)
		goto fail;
	/*
	 * 0 is a bad signature; a negative answer for a well-formed call is
	 * also a bad signature (e.g. r or s out of range), not our failure.
	 */
	rc = EVP_DigestVerify(v->work, s, slen, msg, len);
	ERR_clear_error();
	return rc == 1 ? 1 : 0;
fail:
	sg_err_set(err, "E-KEY-VERIFY", "", "verification failed to run: %s",
	    ossl_reason(why, sizeof why));
	return -1;
}

int
key_id_of_x509(void *x509, unsigned char kid[KID_LEN])
{
	X509_PUBKEY *pub;
	unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int n, rc = -1;

	if (x509 == NULL || (pub = X509_get_X509_PUBKEY(x509)) == NULL)
		goto out;
	if ((n = i2d_X509_PUBKEY(pub, &der)) <= 0)
		goto out;
	if (EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < KID_LEN)
		goto out;
	memcpy(kid, md, KID_LEN);
	rc = 0;
out:
	OPENSSL_free(der);
	ERR_clear_error();
	return rc;
}

int
key_matches_x509(const sign_key *k, void *x509)
{
	EVP_PKEY *pub;
	int rc;

	if (k == NULL || x509 == NULL ||
	    (pub = X509_get0_pubkey(x509)) == NULL) {
		ERR_clear_error();
		return 0;
	}
	rc = EVP_PKEY_eq(k->pkey, pub) == 1;
	ERR_clear_error();
	return rc;
}

void *
key_evp(const sign_key *k)
{
	return k != NULL ? k->pkey : NULL;
}

int
key_same_public(void *x509a, void *x509b)
{
	EVP_PKEY *a, *b;
	int rc;

	if (x509a == NULL || x509b == NULL ||
	    (a = X509_get0_pubkey(x509a)) == NULL ||
	    (b = X509_get0_pubkey(x509b)) == NULL) {
		ERR_clear_error();
		return 0;
	}
	rc = EVP_PKEY_eq(a, b) == 1;
	ERR_clear_error();
	return rc;
}

const char *
key_openssl_reason(char *buf, size_t size)
{
	return ossl_reason(buf, size);
}
