/*
 * trust.c - the verifier's trust directory.
 *
 * Everything is read once, at load: roots (self-signed CA certificates),
 * intermediates (other CA certificates, used only to build chains), issuer
 * certificates (everything else) and CRLs.  A bad file stops the load with
 * its name: a verifier that silently skipped a CRL it could not read would
 * accept revoked keys.
 *
 * Judging: OpenSSL builds and checks the chain with the check time set to
 * noon UTC on the seal's issue date, so a seal issued while its
 * certificate was valid stays valid after the certificate expires.  CRLs
 * are the newest word we have on revocation whatever their own
 * thisUpdate/nextUpdate say (an offline verifier cannot fetch a fresher
 * one, and a CRL published in 2026 is "not yet valid" for a seal of
 * 2022), so the CRL's own time errors are tolerated; the revocation
 * itself is judged by its reason:
 *
 *   keyCompromise, cACompromise, aACompromise: the key may be in other
 *     hands since an unknown time, so every seal of that certificate is
 *     void, whatever its issue date;
 *   any other reason (or none): seals issued before the revocation day
 *     stay valid; seals issued on that day or later are void.
 *
 * Only the newest CRL of each CA counts (the highest CRL number, then the
 * latest thisUpdate): an old CRL left beside the current one would
 * otherwise be picked by OpenSSL for seals dated inside its own validity
 * and hide every revocation made since.  Older CRLs are dropped at load.
 *
 * A key may have several certificates (renewed, or an old expired one).
 * The key is what signs, so the key is judged (trust_judge_key): a
 * revocation in any of its certificates revokes the key, by the rule
 * above; when none does, the seal stands when some certificate of the key
 * is valid on the issue date and covers the issuer code.
 *
 * A store is not safe to share between threads: trust_judge() writes its
 * verdict cache.  Use one store per thread.
 */
#include "trust.h"

#include "region.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define TRUST_MAX_FILE    (16u << 20) /* a national CRL is far smaller */
#define TRUST_MAX_FILES   10000
#define TRUST_MAX_OBJECTS 100000
#define TRUST_MAX_REGIONS 64          /* per certificate */
#define TRUST_REGION_MAX  24          /* "75.01.01.2001" is 13 */
#define TRUST_CACHE_SLOTS 512         /* power of two */
#define TRUST_DETAIL_MAX  200

static const char region_urn[] = "urn:segel:region:";

struct issuer_rec {
	trust_issuer pub;       /* first: callers hold &rec->pub */
	char *subject;
	char *name;
	char **regions;         /* NULL-terminated */
	unsigned char kid[KID_LEN];
	X509 *x;
	char *file;             /* where it came from, for details */
	int signing_ok;         /* keyUsage absent or has digitalSignature */
	int has_crl;            /* a CRL from its issuer is loaded */
	size_t group;           /* first record with the same public key */
	size_t next;            /* next record with that key, or NONE */
	int rev;                /* on the newest CRL of its issuer */
	int rev_reason;         /* CRL_REASON_*, -1 when absent */
	long rev_day;
	/* On the group's first record: the key's revocation. */
	size_t key_comp;        /* a compromise revocation, or NONE */
	size_t key_rev;         /* the earliest other revocation, or NONE */
};

#define NONE ((size_t)-1)

struct cache_slot {
	const struct issuer_rec *who;   /* NULL: empty */
	long day;
	enum trust_reason r;
	char detail[TRUST_DETAIL_MAX];
};

struct trust_store {
	X509_STORE *store;              /* roots and CRLs */
	STACK_OF(X509) *roots;
	STACK_OF(X509) *inter;          /* non-root CA certs: chain building */
	STACK_OF(X509_CRL) *crls;
	struct crl_file {               /* where each CRL came from */
		const X509_CRL *crl;
		char *file;
	} *crlf;
	size_t ncrlf;
	struct issuer_rec *iss;
	size_t niss, cap;
	unsigned long chain_checks;
	long newest_day;                /* newest date in the material */
	sg_err *notices;                /* W-… for the caller to print */
	size_t nnotices;
	struct cache_slot cache[TRUST_CACHE_SLOTS];
};

/* What the verify callback learns about a revocation. */
struct judge_ctx {
	trust_store *s;
	int revoked;
	int reason;                     /* CRL_REASON_*, -1 when absent */
	long rev_day;                   /* days since 1970-01-01 */
};

/* One object read from a file, before classification. */
struct loaded {
	X509 *x;
	char *file;
};

const char *
trust_reason_code(enum trust_reason r)
{
	switch (r) {
	case TRUST_OK:
		return "OK";
	case TRUST_UNKNOWN_KEY:
		return "R-UNKNOWN-KEY";
	case TRUST_UNTRUSTED:
		return "R-UNTRUSTED-CHAIN";
	case TRUST_NOT_VALID_AT:
		return "R-CERT-NOT-VALID";
	case TRUST_CERT_REVOKED:
		return "R-CERT-REVOKED";
	case TRUST_REGION:
		return "R-REGION";
	}
	return "R-UNKNOWN";
}

int
trust_region_covers(const char *const *regions, const char *code)
{
	if (regions == NULL || code == NULL || *code == '\0')
		return 0;
	for (; *regions != NULL; regions++) {
		if (region_code_covers(*regions, code))
			return 1;
	}
	return 0;
}

/* Digits in dot-separated groups: "75", "75.01", "75.01.01.2001". */
static int
region_code_ok(const char *s, size_t len)
{
	size_t i, group = 0;

	if (len == 0 || len > TRUST_REGION_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			group++;
		} else if (s[i] == '.' && group > 0) {
			group = 0;
		} else {
			return 0;
		}
	}
	return group > 0;
}

/* The first OpenSSL error as text, for messages; clears the queue. */
static const char *
ossl_why(char *buf, size_t sz)
{
	unsigned long e = ERR_peek_error();

	if (e == 0)
		snprintf(buf, sz, "no detail from OpenSSL");
	else
		ERR_error_string_n(e, buf, sz);
	ERR_clear_error();
	return buf;
}

/* Whole file into memory, at most TRUST_MAX_FILE bytes. */
static int
read_file(const char *path, unsigned char **out, size_t *outlen, sg_err *err)
{
	FILE *f = NULL;
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;
	int rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		sg_err_set(err, "E-TRUST-FILE", path, "cannot open: %s",
		    strerror(errno));
		goto out;
	}
	for (;;) {
		if (n == cap) {
			unsigned char *nb;

			if (cap >= TRUST_MAX_FILE) {
				sg_err_set(err, "E-TRUST-FILE", path,
				    "larger than %u bytes", TRUST_MAX_FILE);
				goto out;
			}
			cap = cap ? cap * 2 : 8192;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				sg_err_set(err, "E-TRUST-FILE", path,
				    "out of memory");
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		sg_err_set(err, "E-TRUST-FILE", path, "cannot read: %s",
		    strerror(errno));
		goto out;
	}
	*out = buf;
	*outlen = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

static int
push_cert(struct loaded **v, size_t *n, size_t *cap, X509 *x,
    const char *file)
{
	struct loaded *nv;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		if ((nv = realloc(*v, *cap * sizeof **v)) == NULL)
			return -1;
		*v = nv;
	}
	if (((*v)[*n].file = strdup(file)) == NULL)
		return -1;
	(*v)[*n].x = x;
	(*n)++;
	return 0;
}

/* A CRL into s->crls, remembering its file; on failure the caller keeps
 * the CRL. */
static int
push_crl(trust_store *s, X509_CRL *crl, const char *file)
{
	struct crl_file *nv;
	char *f;

	if ((nv = realloc(s->crlf, (s->ncrlf + 1) * sizeof *nv)) == NULL)
		return -1;
	s->crlf = nv;
	if ((f = strdup(file)) == NULL)
		return -1;
	if (!sk_X509_CRL_push(s->crls, crl)) {
		free(f);
		return -1;
	}
	nv[s->ncrlf].crl = crl;
	nv[s->ncrlf].file = f;
	s->ncrlf++;
	return 0;
}

static const char *
crl_file_of(const trust_store *s, const X509_CRL *crl)
{
	size_t i;

	for (i = 0; i < s->ncrlf; i++)
		if (s->crlf[i].crl == crl)
			return s->crlf[i].file;
	return "?";
}

/*
 * Every PEM certificate and CRL in one file (DER accepted as a fallback
 * for a lone certificate or CRL).  Anything else in a PEM block is an
 * error: a private key in the trust directory is a mistake worth hearing
 * about.
 */
static int
load_file(trust_store *s, const char *path, struct loaded **certs,
    size_t *ncerts, size_t *capcerts, size_t *nobj, sg_err *err)
{
	unsigned char *buf = NULL;
	const unsigned char *p;
	size_t len = 0, count = 0;
	BIO *bio = NULL;
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long dlen;
	X509 *x = NULL;
	X509_CRL *crl = NULL;
	char why[256];
	int rc = -1;

	if (read_file(path, &buf, &len, err) != 0)
		goto out;
	buf[len] = '\0';
	if (len == 0) {
		sg_err_set(err, "E-TRUST-FILE", path, "empty file");
		goto out;
	}
	if (strstr((char *)buf, "-----BEGIN ") == NULL) {
		/* DER: one certificate or one CRL, nothing after it. */
		p = buf;
		if ((x = d2i_X509(NULL, &p, (long)len)) != NULL &&
		    p == buf + len) {
			if (push_cert(certs, ncerts, capcerts, x, path) != 0)
				goto nomem;
			x = NULL;
			(*nobj)++;
			rc = 0;
			goto out;
		}
		X509_free(x);
		x = NULL;
		p = buf;
		if ((crl = d2i_X509_CRL(NULL, &p, (long)len)) != NULL &&
		    p == buf + len) {
			if (push_crl(s, crl, path) != 0)
				goto nomem;
			crl = NULL;
			(*nobj)++;
			rc = 0;
			goto out;
		}
		ERR_clear_error();
		sg_err_set(err, "E-TRUST-FILE", path,
		    "neither a PEM file nor a DER certificate or CRL");
		goto out;
	}
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL)
		goto nomem;
	for (;;) {
		ERR_clear_error();
		if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
			unsigned long e = ERR_peek_last_error();

			if (ERR_GET_LIB(e) == ERR_LIB_PEM &&
			    ERR_GET_REASON(e) == PEM_R_NO_START_LINE &&
			    count > 0) {
				ERR_clear_error();
				break;
			}
			sg_err_set(err, "E-TRUST-FILE", path,
			    "PEM object %zu unreadable: %s", count + 1,
			    ossl_why(why, sizeof why));
			goto out;
		}
		count++;
		if (++*nobj > TRUST_MAX_OBJECTS) {
			sg_err_set(err, "E-TRUST-FILE", path,
			    "more than %d objects in the trust directory",
			    TRUST_MAX_OBJECTS);
			goto out;
		}
		p = data;
		if (strcmp(name, PEM_STRING_X509) == 0 ||
		    strcmp(name, PEM_STRING_X509_OLD) == 0) {
			if ((x = d2i_X509(NULL, &p, dlen)) == NULL ||
			    p != data + dlen) {
				sg_err_set(err, "E-TRUST-FILE", path,
				    "certificate %zu unreadable: %s", count,
				    ossl_why(why, sizeof why));
				goto out;
			}
			if (push_cert(certs, ncerts, capcerts, x, path) != 0)
				goto nomem;
			x = NULL;
		} else if (strcmp(name, PEM_STRING_X509_CRL) == 0) {
			if ((crl = d2i_X509_CRL(NULL, &p, dlen)) == NULL ||
			    p != data + dlen) {
				sg_err_set(err, "E-TRUST-FILE", path,
				    "CRL %zu unreadable: %s", count,
				    ossl_why(why, sizeof why));
				goto out;
			}
			if (push_crl(s, crl, path) != 0)
				goto nomem;
			crl = NULL;
		} else {
			sg_err_set(err, "E-TRUST-FILE", path,
			    "PEM object %zu is a \"%.60s\", not a certificate "
			    "or CRL", count, name);
			goto out;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		name = header = NULL;
		data = NULL;
	}
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-TRUST-FILE", path, "out of memory");
out:
	X509_free(x);
	X509_CRL_free(crl);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	BIO_free(bio);
	free(buf);
	return rc;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcmp(s + n - k, suf) == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the candidate files, so errors come in a fixed order. */
static int
list_dir(const char *dir, char ***out, size_t *nout, sg_err *err)
{
	DIR *d = NULL;
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0, i;
	int rc = -1;

	if ((d = opendir(dir)) == NULL) {
		sg_err_set(err, "E-TRUST-DIR", dir, "cannot open: %s",
		    strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		/* Dot files: editors' backups and lock files. */
		if (de->d_name[0] == '.')
			continue;
		if (!has_suffix(de->d_name, ".pem") &&
		    !has_suffix(de->d_name, ".crt") &&
		    !has_suffix(de->d_name, ".crl"))
			continue;
		if (n == TRUST_MAX_FILES) {
			sg_err_set(err, "E-TRUST-DIR", dir,
			    "more than %d files", TRUST_MAX_FILES);
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL)
				goto nomem;
			v = nv;
		}
		if ((v[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, cmp_names);
	*out = v;
	*nout = n;
	v = NULL;
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
out:
	if (v != NULL) {
		for (i = 0; i < n; i++)
			free(v[i]);
		free(v);
	}
	if (d != NULL)
		closedir(d);
	return rc;
}

static char *
name_oneline(const X509_NAME *nm)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p = NULL, *out = NULL;
	long n;

	if (b == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, nm, 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0 &&
	    (n = BIO_get_mem_data(b, &p)) >= 0 &&
	    (out = malloc((size_t)n + 1)) != NULL) {
		memcpy(out, p, (size_t)n);
		out[n] = '\0';
	}
	BIO_free(b);
	return out;
}

static char *
common_name(const X509_NAME *nm)
{
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	unsigned char *u = NULL;
	char *out;
	int n;

	if (i < 0)
		return NULL;
	n = ASN1_STRING_to_UTF8(&u,
	    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i)));
	if (n < 0)
		return NULL;
	out = malloc((size_t)n + 1);
	if (out != NULL) {
		memcpy(out, u, (size_t)n);
		out[n] = '\0';
	}
	OPENSSL_free(u);
	return out;
}

static void
issuer_clear(struct issuer_rec *r)
{
	char **p;

	free(r->subject);
	free(r->name);
	if (r->regions != NULL)
		for (p = r->regions; *p != NULL; p++)
			free(*p);
	free(r->regions);
	free(r->file);
	verify_key_free(r->pub.key);
	X509_free(r->x);
	memset(r, 0, sizeof *r);
}

/* SAN URIs "urn:segel:region:<code>"; other names are not ours. */
static int
parse_regions(struct issuer_rec *r, sg_err *err)
{
	GENERAL_NAMES *gens;
	const GENERAL_NAME *g;
	const unsigned char *u;
	size_t ulen, n = 0, k = strlen(region_urn);
	int i, rc = -1;

	gens = X509_get_ext_d2i(r->x, NID_subject_alt_name, NULL, NULL);
	r->regions = calloc(TRUST_MAX_REGIONS + 1, sizeof *r->regions);
	if (r->regions == NULL) {
		sg_err_set(err, "E-TRUST-REGION", r->file, "out of memory");
		goto out;
	}
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		g = sk_GENERAL_NAME_value(gens, i);
		if (g->type != GEN_URI)
			continue;
		u = ASN1_STRING_get0_data(g->d.uniformResourceIdentifier);
		ulen = (size_t)ASN1_STRING_length(
		    g->d.uniformResourceIdentifier);
		if (ulen < k || memcmp(u, region_urn, k) != 0)
			continue;
		if (!region_code_ok((const char *)u + k, ulen - k)) {
			sg_err_set(err, "E-TRUST-REGION", r->file,
			    "certificate \"%s\": malformed region URI "
			    "\"%.*s\"", r->name, (int)(ulen > 60 ? 60 : ulen),
			    (const char *)u);
			goto out;
		}
		if (n == TRUST_MAX_REGIONS) {
			sg_err_set(err, "E-TRUST-REGION", r->file,
			    "certificate \"%s\": more than %d regions",
			    r->name, TRUST_MAX_REGIONS);
			goto out;
		}
		if ((r->regions[n] = malloc(ulen - k + 1)) == NULL) {
			sg_err_set(err, "E-TRUST-REGION", r->file,
			    "out of memory");
			goto out;
		}
		memcpy(r->regions[n], u + k, ulen - k);
		r->regions[n][ulen - k] = '\0';
		n++;
	}
	rc = 0;
out:
	GENERAL_NAMES_free(gens);
	ERR_clear_error();
	return rc;
}

static int
is_root(X509 *x)
{
	return (X509_get_extension_flags(x) & EXFLAG_CA) &&
	    X509_NAME_cmp(X509_get_subject_name(x),
	    X509_get_issuer_name(x)) == 0;
}

static int
add_issuer(trust_store *s, X509 *x, const char *file, sg_err *err)
{
	struct issuer_rec *r, *nv;
	sg_err kerr;
	size_t i;

	for (i = 0; i < s->niss; i++)
		if (X509_cmp(s->iss[i].x, x) == 0)
			return 0;       /* the same certificate twice */
	if (s->niss == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;

		if ((nv = realloc(s->iss, ncap * sizeof *nv)) == NULL)
			goto nomem;
		s->iss = nv;
		s->cap = ncap;
	}
	r = &s->iss[s->niss];
	memset(r, 0, sizeof *r);
	s->niss++;              /* counted now so that free cleans it */
	if (!X509_up_ref(x))
		goto nomem;
	r->x = x;
	if ((r->file = strdup(file)) == NULL ||
	    (r->subject = name_oneline(X509_get_subject_name(x))) == NULL)
		goto nomem;
	if ((r->name = common_name(X509_get_subject_name(x))) == NULL &&
	    (r->name = strdup(r->subject)) == NULL)
		goto nomem;
	if (parse_regions(r, err) != 0)
		return -1;
	sg_err_clear(&kerr);
	if ((r->pub.key = verify_key_from_x509(x, &kerr)) == NULL) {
		sg_err_set(err, "E-TRUST-KEY", file,
		    "certificate \"%s\": %s", r->name,
		    kerr.message[0] ? kerr.message : "unusable public key");
		return -1;
	}
	if (key_id_of_x509(x, r->kid) != 0) {
		sg_err_set(err, "E-TRUST-KEY", file,
		    "certificate \"%s\": cannot compute the key id", r->name);
		return -1;
	}
	r->signing_ok = (X509_get_key_usage(x) & KU_DIGITAL_SIGNATURE) != 0;
	return 0;
nomem:
	sg_err_set(err, "E-TRUST-FILE", file, "out of memory");
	return -1;
}

/* The CA certificate (root or intermediate) that signed a CRL, or NULL. */
static X509 *
crl_signer(trust_store *s, X509_CRL *crl)
{
	STACK_OF(X509) *sets[2] = { s->roots, s->inter };
	X509 *ca;
	EVP_PKEY *pk;
	int i, j;

	for (j = 0; j < 2; j++)
		for (i = 0; i < sk_X509_num(sets[j]); i++) {
			ca = sk_X509_value(sets[j], i);
			if (X509_NAME_cmp(X509_get_subject_name(ca),
			    X509_CRL_get_issuer(crl)) != 0)
				continue;
			pk = X509_get0_pubkey(ca);
			if (pk != NULL && X509_CRL_verify(crl, pk) == 1)
				return ca;
			ERR_clear_error();
		}
	return NULL;
}

static long asn1_day(const ASN1_TIME *t);
static int revocation_of(trust_store *s, X509 *x, long *day, int *reason);

/* Is CRL a newer than CRL b (same issuer)?  The CRL number decides (a CRL
 * without one is older than any with one), then thisUpdate. */
static int
crl_newer(const X509_CRL *a, const X509_CRL *b)
{
	ASN1_INTEGER *na, *nb;
	int c;

	na = X509_CRL_get_ext_d2i(a, NID_crl_number, NULL, NULL);
	nb = X509_CRL_get_ext_d2i(b, NID_crl_number, NULL, NULL);
	if (na != NULL && nb != NULL)
		c = ASN1_INTEGER_cmp(na, nb);
	else
		c = (na != NULL) - (nb != NULL);
	ASN1_INTEGER_free(na);
	ASN1_INTEGER_free(nb);
	if (c == 0)
		c = ASN1_TIME_compare(X509_CRL_get0_lastUpdate(a),
		    X509_CRL_get0_lastUpdate(b));
	ERR_clear_error();
	return c > 0;
}

#define TRUST_MAX_NOTICES 100

static void
store_notice(trust_store *s, const char *code, const char *where,
    const char *fmt, ...)
{
	sg_err *nv;
	va_list ap;

	if (s->nnotices >= TRUST_MAX_NOTICES || (nv = realloc(s->notices,
	    (s->nnotices + 1) * sizeof *nv)) == NULL)
		return;
	s->notices = nv;
	nv = &nv[s->nnotices++];
	sg_err_set(nv, code, where, "%s", "");
	va_start(ap, fmt);
	vsnprintf(nv->message, sizeof nv->message, fmt, ap);
	va_end(ap);
}

/* "number 1" or "no number", for notices. */
static void
crl_number_text(const X509_CRL *crl, char *buf, size_t sz)
{
	ASN1_INTEGER *n = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL,
	    NULL);
	long v = n != NULL ? ASN1_INTEGER_get(n) : -1;

	if (n == NULL)
		snprintf(buf, sz, "no CRL number");
	else if (v < 0)
		snprintf(buf, sz, "a large CRL number");
	else
		snprintf(buf, sz, "CRL number %ld", v);
	ASN1_INTEGER_free(n);
	ERR_clear_error();
}

/* An older CRL is dropped: say so, for the operator to clean up. */
static void
crl_dropped(trust_store *s, const X509_CRL *old, const X509_CRL *kept)
{
	char a[40], b[40], *who;

	crl_number_text(old, a, sizeof a);
	crl_number_text(kept, b, sizeof b);
	who = common_name(X509_CRL_get_issuer(old));
	store_notice(s, "W-TRUST-OLD-CRL", crl_file_of(s, old), "an older CRL "
	    "of \"%s\" (%s) is ignored: %s (%s) is newer", who ? who : "?",
	    a, crl_file_of(s, kept), b);
	free(who);
}

/* Keep only the newest CRL of each issuer in s->crls. */
static int
keep_newest_crls(trust_store *s)
{
	STACK_OF(X509_CRL) *keep;
	X509_CRL *crl, *k = NULL;
	int i, j;

	if ((keep = sk_X509_CRL_new_null()) == NULL)
		return -1;
	for (i = 0; i < sk_X509_CRL_num(s->crls); i++) {
		crl = sk_X509_CRL_value(s->crls, i);
		for (j = 0; j < sk_X509_CRL_num(keep); j++) {
			k = sk_X509_CRL_value(keep, j);
			if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
			    X509_CRL_get_issuer(k)) == 0)
				break;
		}
		if (j == sk_X509_CRL_num(keep)) {
			if (!sk_X509_CRL_push(keep, crl))
				goto fail;
		} else if (crl_newer(crl, k)) {
			crl_dropped(s, k, crl);
			(void)sk_X509_CRL_set(keep, j, crl);
			X509_CRL_free(k);
		} else {
			crl_dropped(s, crl, k);
			X509_CRL_free(crl);
		}
		(void)sk_X509_CRL_set(s->crls, i, NULL);
	}
	sk_X509_CRL_free(s->crls);
	s->crls = keep;
	return 0;
fail:
	/* moved ones are out of s->crls (NULL there), the rest still in */
	sk_X509_CRL_pop_free(keep, X509_CRL_free);
	return -1;
}

/* Was x signed by a root or intermediate of the store? */
static int
signed_by_ca(trust_store *s, X509 *x)
{
	STACK_OF(X509) *sets[2] = { s->roots, s->inter };
	X509 *ca;
	EVP_PKEY *pk;
	int i, j;

	for (j = 0; j < 2; j++)
		for (i = 0; i < sk_X509_num(sets[j]); i++) {
			ca = sk_X509_value(sets[j], i);
			if (X509_NAME_cmp(X509_get_subject_name(ca),
			    X509_get_issuer_name(x)) != 0)
				continue;
			pk = X509_get0_pubkey(ca);
			if (pk != NULL && X509_verify(x, pk) == 1)
				return 1;
			ERR_clear_error();
		}
	return 0;
}

static void
newer_day(trust_store *s, const ASN1_TIME *t)
{
	long d = asn1_day(t);

	if (d > s->newest_day)
		s->newest_day = d;
}

static int
compromise(int reason)
{
	return reason == CRL_REASON_KEY_COMPROMISE ||
	    reason == CRL_REASON_CA_COMPROMISE ||
	    reason == CRL_REASON_AA_COMPROMISE;
}

struct kid_ix {
	unsigned char kid[KID_LEN];
	size_t i;
};

static int
cmp_kid_ix(const void *a, const void *b)
{
	const struct kid_ix *x = a, *y = b;
	int c = memcmp(x->kid, y->kid, KID_LEN);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Certificates of one key form a group (linked through next, in file
 * order); the group's first record holds the key's revocation: any
 * certificate of the key on its CA's newest CRL.  Sorted by key id, so a
 * directory of many certificates costs n log n, not n squared.
 */
static int
group_keys(trust_store *s)
{
	struct issuer_rec *r, *q, *g;
	struct kid_ix *ix;
	size_t i, j, run, start, *tail;

	if (s->niss == 0)
		return 0;
	ix = calloc(s->niss, sizeof *ix);
	tail = calloc(s->niss, sizeof *tail);
	if (ix == NULL || tail == NULL) {
		free(ix);
		free(tail);
		return -1;
	}
	for (i = 0; i < s->niss; i++) {
		r = &s->iss[i];
		r->group = tail[i] = i;
		r->next = r->key_comp = r->key_rev = NONE;
		r->rev_reason = -1;
		r->rev = revocation_of(s, r->x, &r->rev_day, &r->rev_reason);
		memcpy(ix[i].kid, r->kid, KID_LEN);
		ix[i].i = i;
	}
	qsort(ix, s->niss, sizeof *ix, cmp_kid_ix);
	for (start = run = 0; run < s->niss; run++) {
		r = &s->iss[ix[run].i];
		if (memcmp(ix[start].kid, r->kid, KID_LEN) != 0)
			start = run;
		/* the first earlier group of this key id with the same key */
		for (j = start; j < run; j++) {
			q = &s->iss[ix[j].i];
			if (q->group != ix[j].i ||
			    EVP_PKEY_eq(X509_get0_pubkey(q->x),
			    X509_get0_pubkey(r->x)) != 1)
				continue;
			r->group = ix[j].i;
			s->iss[tail[r->group]].next = ix[run].i;
			tail[r->group] = ix[run].i;
			break;
		}
		ERR_clear_error();
	}
	for (i = 0; i < s->niss; i++) {
		r = &s->iss[i];
		if (!r->rev)
			continue;
		g = &s->iss[r->group];
		if (compromise(r->rev_reason)) {
			if (g->key_comp == NONE)
				g->key_comp = i;
		} else if (g->key_rev == NONE ||
		    r->rev_day < s->iss[g->key_rev].rev_day)
			g->key_rev = i;
	}
	free(ix);
	free(tail);
	return 0;
}

trust_store *
trust_store_load(const char *dir, sg_err *err)
{
	trust_store *s = NULL;
	char **names = NULL, *path = NULL;
	size_t nnames = 0, i, ncerts = 0, capcerts = 0, nobj = 0, plen;
	struct loaded *certs = NULL;
	struct stat st;
	X509 *x;
	X509_CRL *crl;
	char *subj;
	int ok = 0, j;

	if (list_dir(dir, &names, &nnames, err) != 0)
		goto out;
	if (nnames == 0) {
		sg_err_set(err, "E-TRUST-EMPTY", dir,
		    "no *.pem, *.crt or *.crl files");
		goto out;
	}
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->store = X509_STORE_new()) == NULL ||
	    (s->roots = sk_X509_new_null()) == NULL ||
	    (s->inter = sk_X509_new_null()) == NULL ||
	    (s->crls = sk_X509_CRL_new_null()) == NULL) {
		sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
		goto out;
	}
	for (i = 0; i < nnames; i++) {
		plen = strlen(dir) + strlen(names[i]) + 2;
		free(path);
		if ((path = malloc(plen)) == NULL) {
			sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
			goto out;
		}
		snprintf(path, plen, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0) {
			sg_err_set(err, "E-TRUST-FILE", path,
			    "cannot stat: %s", strerror(errno));
			goto out;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (load_file(s, path, &certs, &ncerts, &capcerts, &nobj,
		    err) != 0)
			goto out;
	}

	/* Roots first: whether a certificate is an issuer or an
	 * intermediate does not depend on file order. */
	for (i = 0; i < ncerts; i++) {
		x = certs[i].x;
		if (!is_root(x))
			continue;
		if (X509_verify(x, X509_get0_pubkey(x)) != 1) {
			ERR_clear_error();
			subj = name_oneline(X509_get_subject_name(x));
			sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
			    "root \"%s\": its self-signature does not verify",
			    subj ? subj : "?");
			free(subj);
			goto out;
		}
		if (!X509_STORE_add_cert(s->store, x) ||
		    !X509_up_ref(x) || !sk_X509_push(s->roots, x)) {
			sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
			    "cannot add the root");
			goto out;
		}
	}
	for (i = 0; i < ncerts; i++) {
		x = certs[i].x;
		if (is_root(x))
			continue;
		if (X509_get_extension_flags(x) & EXFLAG_CA) {
			if (!X509_up_ref(x) || !sk_X509_push(s->inter, x)) {
				sg_err_set(err, "E-TRUST-FILE", certs[i].file,
				    "out of memory");
				goto out;
			}
			continue;
		}
		if (add_issuer(s, x, certs[i].file, err) != 0)
			goto out;
	}
	if (sk_X509_num(s->roots) == 0) {
		sg_err_set(err, "E-TRUST-NOROOT", dir,
		    "no root certificate (self-signed, CA:TRUE)");
		goto out;
	}
	if (s->niss == 0) {
		sg_err_set(err, "E-TRUST-EMPTY", dir,
		    "no issuer certificates");
		goto out;
	}
	/* A CRL nobody in the directory signed is either tampered with or
	 * belongs to another directory; both deserve a stop. */
	for (j = 0; j < sk_X509_CRL_num(s->crls); j++) {
		crl = sk_X509_CRL_value(s->crls, j);
		if (crl_signer(s, crl) == NULL) {
			subj = name_oneline(X509_CRL_get_issuer(crl));
			sg_err_set(err, "E-TRUST-CRL", dir,
			    "CRL from \"%s\": no CA certificate in the "
			    "directory signed it", subj ? subj : "?");
			free(subj);
			goto out;
		}
		newer_day(s, X509_CRL_get0_lastUpdate(crl));
	}
	if (keep_newest_crls(s) != 0) {
		sg_err_set(err, "E-TRUST-CRL", dir, "out of memory");
		goto out;
	}
	for (j = 0; j < sk_X509_CRL_num(s->crls); j++) {
		crl = sk_X509_CRL_value(s->crls, j);
		if (!X509_STORE_add_crl(s->store, crl)) {
			sg_err_set(err, "E-TRUST-CRL", dir,
			    "cannot add a CRL");
			goto out;
		}
		for (i = 0; i < s->niss; i++)
			if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
			    X509_get_issuer_name(s->iss[i].x)) == 0)
				s->iss[i].has_crl = 1;
	}
	if (group_keys(s) != 0) {
		sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
		goto out;
	}
	/* The newest day of the material: CRLs (above), the roots, and
	 * the certificates a CA of the store signed. */
	for (j = 0; j < sk_X509_num(s->roots); j++)
		newer_day(s, X509_get0_notBefore(sk_X509_value(s->roots, j)));
	for (i = 0; i < s->niss; i++)
		if (signed_by_ca(s, s->iss[i].x))
			newer_day(s, X509_get0_notBefore(s->iss[i].x));
	/* The array no longer moves: publish the public views. */
	for (i = 0; i < s->niss; i++) {
		s->iss[i].pub.subject = s->iss[i].subject;
		s->iss[i].pub.name = s->iss[i].name;
		s->iss[i].pub.regions = (const char *const *)s->iss[i].regions;
		s->iss[i].pub.x509 = s->iss[i].x;
	}
	ok = 1;
out:
	ERR_clear_error();
	for (i = 0; i < ncerts; i++) {
		X509_free(certs[i].x);
		free(certs[i].file);
	}
	free(certs);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(path);
	if (!ok) {
		trust_store_free(s);
		s = NULL;
	}
	return s;
}

void
trust_store_free(trust_store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->niss; i++)
		issuer_clear(&s->iss[i]);
	free(s->iss);
	sk_X509_pop_free(s->roots, X509_free);
	sk_X509_pop_free(s->inter, X509_free);
	sk_X509_CRL_pop_free(s->crls, X509_CRL_free);
	X509_STORE_free(s->store);
	for (i = 0; i < s->ncrlf; i++)
		free(s->crlf[i].file);
	free(s->crlf);
	free(s->notices);
	free(s);
}

size_t
trust_store_notice_count(const trust_store *s)
{
	return s != NULL ? s->nnotices : 0;
}

const sg_err *
trust_store_notice(const trust_store *s, size_t i)
{
	return s != NULL && i < s->nnotices ? &s->notices[i] : NULL;
}

size_t
trust_find_kid(trust_store *s, const unsigned char kid[KID_LEN],
    const trust_issuer **out, size_t max)
{
	size_t i, n = 0;

	if (s == NULL || kid == NULL)
		return 0;
	for (i = 0; i < s->niss; i++)
		if (memcmp(s->iss[i].kid, kid, KID_LEN) == 0) {
			if (out != NULL && n < max)
				out[n] = &s->iss[i].pub;
			n++;
		}
	return n;
}

unsigned long
trust_store_chain_checks(const trust_store *s)
{
	return s != NULL ? s->chain_checks : 0;
}

/* The record behind a public view, or NULL when it is not ours. */
static const struct issuer_rec *
rec_of(const trust_store *s, const trust_issuer *i)
{
	uintptr_t p = (uintptr_t)i, a = (uintptr_t)s->iss;
	size_t k;

	if (s->niss == 0 || p < a ||
	    p >= a + s->niss * sizeof *s->iss)
		return NULL;
	k = (size_t)(p - a) / sizeof *s->iss;
	return &s->iss[k].pub == i ? &s->iss[k] : NULL;
}

static long
asn1_day(const ASN1_TIME *t)
{
	struct tm tm;
	sg_date d;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return date_to_days(d);
}

static void
day_iso(long day, char buf[11])
{
	date_format_iso(date_from_days(day), buf);
}

/* "2045-01-01 00:00 UTC": a certificate ends at an instant, not a day. */
static void
asn1_stamp(const ASN1_TIME *t, char *buf, size_t sz)
{
	struct tm tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm)) {
		snprintf(buf, sz, "(unreadable time)");
		return;
	}
	snprintf(buf, sz, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* Find the CRL entry that revokes x (any loaded CRL from its issuer). */
static int
revocation_of(trust_store *s, X509 *x, long *day, int *reason)
{
	X509_REVOKED *rev = NULL;
	X509_CRL *crl;
	ASN1_ENUMERATED *e;
	int i, crit;

	for (i = 0; i < sk_X509_CRL_num(s->crls); i++) {
		crl = sk_X509_CRL_value(s->crls, i);
		if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
		    X509_get_issuer_name(x)) != 0)
			continue;
		if (X509_CRL_get0_by_cert(crl, &rev, x) != 1 || rev == NULL)
			continue;
		*day = asn1_day(X509_REVOKED_get0_revocationDate(rev));
		*reason = -1;
		e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);
		if (e != NULL) {
			*reason = (int)ASN1_ENUMERATED_get(e);
			ASN1_ENUMERATED_free(e);
		}
		return 1;
	}
	return 0;
}

static int
verify_cb(int ok, X509_STORE_CTX *ctx)
{
	struct judge_ctx *jc;
	X509 *cur;

	if (ok)
		return 1;
	jc = X509_STORE_CTX_get_app_data(ctx);
	switch (X509_STORE_CTX_get_error(ctx)) {
	case X509_V_ERR_CRL_NOT_YET_VALID:
	case X509_V_ERR_CRL_HAS_EXPIRED:
		/* The CRL is the newest we have; see the top of the file. */
		return 1;
	case X509_V_ERR_CERT_REVOKED:
		/* Decided after the rest of the chain is checked. */
		cur = X509_STORE_CTX_get_current_cert(ctx);
		if (jc == NULL || cur == NULL)
			return 0;
		jc->revoked = 1;
		jc->reason = -1;
		jc->rev_day = 0;
		if (!revocation_of(jc->s, cur, &jc->rev_day, &jc->reason))
			return 0;       /* should not happen: void it */
		return 1;
	default:
		return 0;
	}
}

static const char *
reason_name(int r)
{
	switch (r) {
	case CRL_REASON_UNSPECIFIED: return "unspecified";
	case CRL_REASON_KEY_COMPROMISE: return "keyCompromise";
	case CRL_REASON_CA_COMPROMISE: return "cACompromise";
	case CRL_REASON_AFFILIATION_CHANGED: return "affiliationChanged";
	case CRL_REASON_SUPERSEDED: return "superseded";
	case CRL_REASON_CESSATION_OF_OPERATION: return "cessationOfOperation";
	case CRL_REASON_CERTIFICATE_HOLD: return "certificateHold";
	case CRL_REASON_PRIVILEGE_WITHDRAWN: return "privilegeWithdrawn";
	case CRL_REASON_AA_COMPROMISE: return "aACompromise";
	default: return "no reason given";
	}
}

/* The chain verdict for one issuer on one day (not cached here). */
static enum trust_reason
judge_chain(trust_store *s, const struct issuer_rec *r, sg_date issued,
    char *detail, size_t dsz)
{
	X509_STORE_CTX *ctx = NULL;
	struct judge_ctx jc;
	enum trust_reason verdict = TRUST_UNTRUSTED;
	char iso[11], when[11], stamp[64];
	X509 *cur;
	int vr, err, depth;
	long day = date_to_days(issued);

	date_format_iso(issued, iso);
	s->chain_checks++;
	if (!r->signing_ok) {
		snprintf(detail, dsz, "%s: keyUsage does not allow digital "
		    "signatures", r->file);
		goto out;
	}
	memset(&jc, 0, sizeof jc);
	jc.s = s;
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    !X509_STORE_CTX_init(ctx, s->store, r->x, s->inter)) {
		snprintf(detail, dsz, "cannot set up the chain check");
		goto out;
	}
	X509_STORE_CTX_set_app_data(ctx, &jc);
	X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
	/* Noon UTC on the issue day: the day itself, whatever the zone. */
	X509_STORE_CTX_set_time(ctx, 0, (time_t)day * 86400 + 43200);
	if (r->has_crl)
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_CRL_CHECK);
	vr = X509_verify_cert(ctx);
	if (vr != 1) {
		err = X509_STORE_CTX_get_error(ctx);
		depth = X509_STORE_CTX_get_error_depth(ctx);
		cur = X509_STORE_CTX_get_current_cert(ctx);
		switch (err) {
		case X509_V_ERR_CERT_HAS_EXPIRED:
			verdict = TRUST_NOT_VALID_AT;
			asn1_stamp(cur ? X509_get0_notAfter(cur) : NULL, stamp,
			    sizeof stamp);
			snprintf(detail, dsz, "%s was valid until %s, not on "
			    "the issue date %s", depth == 0 ? "the certificate"
			    : "its CA certificate", stamp, iso);
			break;
		case X509_V_ERR_CERT_NOT_YET_VALID:
			verdict = TRUST_NOT_VALID_AT;
			asn1_stamp(cur ? X509_get0_notBefore(cur) : NULL, stamp,
			    sizeof stamp);
			snprintf(detail, dsz, "%s is valid only from %s, not on "
			    "the issue date %s", depth == 0 ? "the certificate"
			    : "its CA certificate", stamp, iso);
			break;
		case X509_V_ERR_CERT_REVOKED:
			verdict = TRUST_CERT_REVOKED;
			snprintf(detail, dsz, "the certificate is revoked");
			break;
		default:
			verdict = TRUST_UNTRUSTED;
			snprintf(detail, dsz, "no chain to a trusted root "
			    "(depth %d: %s)", depth,
			    X509_verify_cert_error_string(err));
			break;
		}
		goto out;
	}
	if (jc.revoked) {
		day_iso(jc.rev_day, when);
		if (compromise(jc.reason)) {
			verdict = TRUST_CERT_REVOKED;
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s): every seal it made is void", when,
			    reason_name(jc.reason));
			goto out;
		}
		if (day >= jc.rev_day) {
			verdict = TRUST_CERT_REVOKED;
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s), on or before the issue date %s", when,
			    reason_name(jc.reason), iso);
			goto out;
		}
		/* Revoked later, not for compromise: the seal stands. */
	}
	verdict = TRUST_OK;
	snprintf(detail, dsz, "chain to a trusted root, valid on %s", iso);
out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return verdict;
}

enum trust_reason
trust_judge(trust_store *s, const trust_issuer *i, sg_date issued,
    const char *issuer_code, char *detail, size_t dsz)
{
	const struct issuer_rec *r;
	struct cache_slot *c;
	enum trust_reason verdict;
	char tmp[TRUST_DETAIL_MAX], regs[128];
	const char *const *p;
	size_t k, n;
	long day;
	unsigned long h;

	if (detail == NULL || dsz == 0) {
		detail = tmp;
		dsz = sizeof tmp;
	}
	detail[0] = '\0';
	if (s == NULL || i == NULL || (r = rec_of(s, i)) == NULL) {
		snprintf(detail, dsz, "the issuer is not from this trust store");
		return TRUST_UNKNOWN_KEY;
	}
	if (!date_valid(issued.y, issued.m, issued.d)) {
		snprintf(detail, dsz, "impossible issue date");
		return TRUST_NOT_VALID_AT;
	}
	day = date_to_days(issued);
	h = ((unsigned long)(r - s->iss) * 2654435761u) ^
	    ((unsigned long)day * 40503u);
	c = &s->cache[h & (TRUST_CACHE_SLOTS - 1)];
	if (c->who != r || c->day != day) {
		c->r = judge_chain(s, r, issued, c->detail,
		    sizeof c->detail);
		c->who = r;
		c->day = day;
	}
	verdict = c->r;
	snprintf(detail, dsz, "%s", c->detail);
	if (verdict != TRUST_OK)
		return verdict;
	if (!trust_region_covers(i->regions, issuer_code)) {
		regs[0] = '\0';
		for (p = i->regions; p != NULL && *p != NULL; p++) {
			k = strlen(regs);
			n = (size_t)snprintf(regs + k, sizeof regs - k, "%s%s",
			    k ? ", " : "", *p);
			if (n >= sizeof regs - k)
				break;
		}
		snprintf(detail, dsz, "issuer code %.24s is outside the "
		    "certificate's regions (%s)", issuer_code ? issuer_code :
		    "(none)", regs[0] ? regs : "none");
		return TRUST_REGION;
	}
	return TRUST_OK;
}

sg_date
trust_store_newest(const trust_store *s)
{
	sg_date zero = { 0, 0, 0 };

	if (s == NULL || s->newest_day <= 0)
		return zero;
	return date_from_days(s->newest_day);
}

/* How near a certificate came to carrying the seal: the best is reported. */
static int
reason_rank(enum trust_reason r)
{
	switch (r) {
	case TRUST_REGION:
		return 4;
	case TRUST_NOT_VALID_AT:
		return 3;
	case TRUST_CERT_REVOKED:
		return 2;
	default:
		return 1;
	}
}

enum trust_reason
trust_judge_key(trust_store *s, const trust_issuer *i, sg_date issued,
    const char *issuer_code, const trust_issuer **used, char *detail,
    size_t dsz)
{
	const struct issuer_rec *r, *g, *q;
	enum trust_reason verdict, best = TRUST_UNKNOWN_KEY;
	char tmp[TRUST_DETAIL_MAX], d1[TRUST_DETAIL_MAX], when[11], iso[11];
	size_t k;
	long day;
	int alone;

	if (used != NULL)
		*used = i;
	if (detail == NULL || dsz == 0) {
		detail = tmp;
		dsz = sizeof tmp;
	}
	detail[0] = '\0';
	if (s == NULL || i == NULL || (r = rec_of(s, i)) == NULL) {
		snprintf(detail, dsz, "the issuer is not from this trust store");
		return TRUST_UNKNOWN_KEY;
	}
	if (!date_valid(issued.y, issued.m, issued.d)) {
		snprintf(detail, dsz, "impossible issue date");
		return TRUST_NOT_VALID_AT;
	}
	day = date_to_days(issued);
	g = &s->iss[r->group];
	alone = g->next == NONE;
	/* A revocation in any certificate of the key revokes the key. */
	if (g->key_comp != NONE) {
		q = &s->iss[g->key_comp];
		day_iso(q->rev_day, when);
		if (alone)
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s): every seal it made is void", when,
			    reason_name(q->rev_reason));
		else
			snprintf(detail, dsz, "the key's certificate %s was "
			    "revoked on %s (%s): every seal of the key is void",
			    q->file, when, reason_name(q->rev_reason));
		if (used != NULL)
			*used = &q->pub;
		return TRUST_CERT_REVOKED;
	}
	if (g->key_rev != NONE && day >= s->iss[g->key_rev].rev_day) {
		q = &s->iss[g->key_rev];
		day_iso(q->rev_day, when);
		date_format_iso(issued, iso);
		if (alone)
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s), on or before the issue date %s", when,
			    reason_name(q->rev_reason), iso);
		else
			snprintf(detail, dsz, "the key's certificate %s was "
			    "revoked on %s (%s), on or before the issue date %s",
			    q->file, when, reason_name(q->rev_reason), iso);
		if (used != NULL)
			*used = &q->pub;
		return TRUST_CERT_REVOKED;
	}
	/* Not revoked: some certificate of the key must carry the seal. */
	for (k = r->group; k != NONE; k = s->iss[k].next) {
		q = &s->iss[k];
		verdict = trust_judge(s, &q->pub, issued, issuer_code, d1,
		    sizeof d1);
		if (verdict == TRUST_OK) {
			if (used != NULL)
				*used = &q->pub;
			snprintf(detail, dsz, "%s", d1);
			return TRUST_OK;
		}
		if (best == TRUST_UNKNOWN_KEY ||
		    reason_rank(verdict) > reason_rank(best)) {
			best = verdict;
			if (used != NULL)
				*used = &q->pub;
			if (alone)
				snprintf(detail, dsz, "%s", d1);
			else
				snprintf(detail, dsz, "%s (%s)", d1, q->file);
		}
	}
	return best;
}
