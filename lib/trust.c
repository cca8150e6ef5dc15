/*
 * trust.c - the verifier's trust directory.
 *
 * Everything is read once, at load: roots (self-signed CA certificates,
 * from root*.pem / root*.crt files only), intermediates (other CA
 * certificates, used only to build chains), issuer certificates
 * (everything else) and CRLs (from *.crl / *.crl.pem files only, and only
 * when signed by a CA that chains to a root).  A bad file stops the load
 * with its name: a verifier that silently skipped a CRL it could not read
 * would accept revoked keys.
 *
 * Judging: OpenSSL builds and checks the chain with the check time set to
 * noon UTC on the seal's issue date, so a seal issued while its
 * certificate was valid stays valid after the certificate expires.
 * Revocation is judged here, not by OpenSSL: every certificate of the
 * chain below the root (the issuer's and each intermediate's) is looked
 * up on the newest CRL of the CA that issued it (same name and key).
 * CRLs are the newest word we have on revocation whatever their own
 * thisUpdate/nextUpdate say (an offline verifier cannot fetch a fresher
 * one, and a CRL published in 2026 is "not yet valid" for a seal of
 * 2022); the revocation itself is judged by its reason, the harshest
 * along the chain winning:
 *
 *   keyCompromise, cACompromise, aACompromise: the key may be in other
 *     hands since an unknown time, so every seal of that certificate is
 *     void, whatever its issue date;
 *   any other reason (or none): seals issued before the revocation day
 *     stay valid; seals issued on that day or later are void.
 *
 * Only the newest CRL of each CA counts (the highest CRL number, then the
 * latest thisUpdate): an old CRL left beside the current one would
 * otherwise hide every revocation made since.  A CA is its name and its
 * key: a renewed root with the old name is another CA, and each keeps
 * its own newest CRL.  Older CRLs are ignored, with a notice.
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
#include "i18n.h"

#include "file.h"
#include "region.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

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
	size_t group;           /* first record with the same public key */
	size_t next;            /* next record with that key, or NONE */
	int rev;                /* on the newest CRL of the CA above it */
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
	X509_STORE *store;              /* the roots */
	STACK_OF(X509) *roots;
	STACK_OF(X509) *inter;          /* non-root CA certs: chain building */
	STACK_OF(X509) *cas;            /* roots and the CA certs chained to
					 * one: the only CRL signers */
	struct crl_rec {                /* every CRL, in file order */
		X509_CRL *crl;
		X509 *signer;           /* its CA, from cas */
		char *file;
		int kept;               /* the newest of its CA */
	} *crl;
	size_t ncrl;
	struct issuer_rec *iss;
	size_t niss, cap;
	unsigned long chain_checks;
	long newest_day;                /* newest date in the material */
	sg_err *notices;                /* W-… for the caller to print */
	size_t nnotices;
	char **status;                  /* "dir/x.status" paths, sorted */
	size_t nstatus;
	struct cache_slot cache[TRUST_CACHE_SLOTS];
};

/* One object read from a file, before classification. */
struct loaded {
	X509 *x;
	char *file;
	int root_file;                  /* from a root*.pem file */
};

/* What a file may hold, by its name (see file_kind). */
enum file_kind {
	FILE_CERTS,                     /* issuers and intermediates */
	FILE_ROOTS,                     /* root*.pem, root*.crt */
	FILE_CRLS                       /* *.crl, *.crl.pem */
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

/* Whole file into memory, at most TRUST_MAX_FILE bytes; FIFO-safe. */
static int
read_file(const char *path, unsigned char **out, size_t *outlen, sg_err *err)
{
	if (file_read_all(path, TRUST_MAX_FILE, 0, "E-TRUST-FILE",
	    (char **)out, outlen, err) == 0)
		return 0;
	if (err != NULL)	/* every trust file that cannot be had is one */
		snprintf(err->code, sizeof err->code, "E-TRUST-FILE");
	return -1;
}

static int
push_cert(struct loaded **v, size_t *n, size_t *cap, X509 *x,
    const char *file, int root_file)
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
	(*v)[*n].root_file = root_file;
	(*n)++;
	return 0;
}

/* A CRL into s->crl, remembering its file; on failure the caller keeps
 * the CRL. */
static int
push_crl(trust_store *s, X509_CRL *crl, const char *file)
{
	struct crl_rec *nv;
	char *f;

	if ((nv = realloc(s->crl, (s->ncrl + 1) * sizeof *nv)) == NULL)
		return -1;
	s->crl = nv;
	if ((f = strdup(file)) == NULL)
		return -1;
	memset(&nv[s->ncrl], 0, sizeof nv[s->ncrl]);
	nv[s->ncrl].crl = crl;
	nv[s->ncrl].file = f;
	s->ncrl++;
	return 0;
}

/*
 * One DER certificate or CRL, nothing after it, as kind allows: the
 * object of a DER file, or an item of a trust bundle (lib/bundle.h).
 * place names it in messages.
 */
static int
load_der(trust_store *s, const unsigned char *buf, size_t len,
    enum file_kind kind, const char *place, struct loaded **certs,
    size_t *ncerts, size_t *capcerts, size_t *nobj, sg_err *err)
{
	const unsigned char *p = buf;
	X509 *x = NULL;
	X509_CRL *crl = NULL;

	if (len == 0 || len > LONG_MAX) {
		sg_err_set(err, "E-TRUST-FILE", place, "empty");
		return -1;
	}
	if (++*nobj > TRUST_MAX_OBJECTS) {
		sg_err_set(err, "E-TRUST-FILE", place,
		    "more than %d objects in the trust material",
		    TRUST_MAX_OBJECTS);
		return -1;
	}
	if (kind != FILE_CRLS) {
		if ((x = d2i_X509(NULL, &p, (long)len)) != NULL &&
		    p == buf + len) {
			if (push_cert(certs, ncerts, capcerts, x, place,
			    kind == FILE_ROOTS) != 0)
				goto nomem;
			return 0;
		}
		X509_free(x);
		ERR_clear_error();
		sg_err_set(err, "E-TRUST-FILE", place, "neither a PEM "
		    "file nor a DER certificate (CRLs go in files "
		    "named *.crl or *.crl.pem)");
		return -1;
	}
	if ((crl = d2i_X509_CRL(NULL, &p, (long)len)) != NULL &&
	    p == buf + len) {
		if (push_crl(s, crl, place) != 0)
			goto nomem;
		return 0;
	}
	X509_CRL_free(crl);
	ERR_clear_error();
	sg_err_set(err, "E-TRUST-CRL", place, "neither a PEM "
	    "file nor a DER CRL (a *.crl file holds CRLs only)");
	return -1;
nomem:
	X509_free(x);
	X509_CRL_free(crl);
	sg_err_set(err, "E-TRUST-FILE", place, "out of memory");
	return -1;
}

/*
 * Every PEM certificate or CRL in one file (DER accepted as a fallback
 * for a lone certificate or CRL), as the file's name allows: a CRL file
 * holds CRLs only, a certificate file certificates only (a CRL is the
 * file an operator refreshes from a CA's public address; it must not
 * be able to carry a root).  Anything else in a PEM block is an error:
 * a private key in the trust directory is a mistake worth hearing
 * about.
 */
static int
load_file(trust_store *s, const char *path, enum file_kind kind,
    struct loaded **certs, size_t *ncerts, size_t *capcerts, size_t *nobj,
    sg_err *err)
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
		rc = load_der(s, buf, len, kind, path, certs, ncerts, capcerts,
		    nobj, err);
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
		if ((strcmp(name, PEM_STRING_X509) == 0 ||
		    strcmp(name, PEM_STRING_X509_OLD) == 0) &&
		    kind == FILE_CRLS) {
			sg_err_set(err, "E-TRUST-CRL", path, "PEM object %zu "
			    "is a certificate: a CRL file (*.crl, *.crl.pem) "
			    "holds CRLs only", count);
			goto out;
		} else if (strcmp(name, PEM_STRING_X509_CRL) == 0 &&
		    kind != FILE_CRLS) {
			sg_err_set(err, "E-TRUST-FILE", path, "PEM object %zu "
			    "is a CRL: CRLs go in files named *.crl or "
			    "*.crl.pem, certificates in the others", count);
			goto out;
		} else if (strcmp(name, PEM_STRING_X509) == 0 ||
		    strcmp(name, PEM_STRING_X509_OLD) == 0) {
			if ((x = d2i_X509(NULL, &p, dlen)) == NULL ||
			    p != data + dlen) {
				sg_err_set(err, "E-TRUST-FILE", path,
				    "certificate %zu unreadable: %s", count,
				    ossl_why(why, sizeof why));
				goto out;
			}
			if (push_cert(certs, ncerts, capcerts, x, path,
			    kind == FILE_ROOTS) != 0)
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

/*
 * What a file may hold, by its name: *.crl and *.crl.pem CRLs only;
 * root*.pem and root*.crt the roots (the only trust anchors: a
 * certificate file handed over by an office cannot add one); every other
 * *.pem and *.crt issuer and intermediate certificates.
 */
static enum file_kind
file_kind(const char *name)
{
	if (has_suffix(name, ".crl") || has_suffix(name, ".crl.pem"))
		return FILE_CRLS;
	if (strncmp(name, "root", 4) == 0)
		return FILE_ROOTS;
	return FILE_CERTS;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append a copy of name to the list v; 0 or -1 (memory). */
static int
names_add(char ***v, size_t *n, size_t *cap, const char *name)
{
	char **nv;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		if ((nv = realloc(*v, *cap * sizeof *nv)) == NULL)
			return -1;
		*v = nv;
	}
	if (((*v)[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static void
names_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The one reading of the directory: sorted names of the certificate and
 * CRL files, so errors come in a fixed order, and of the status lists
 * (*.status, formats/status.md), which the verifier reads (lib/status.h).
 */
static int
list_dir(const char *dir, char ***out, size_t *nout, char ***status,
    size_t *nstatus, sg_err *err)
{
	DIR *d = NULL;
	struct dirent *de;
	char **v = NULL, **st = NULL;
	size_t n = 0, cap = 0, ns = 0, scap = 0, l;
	int rc = -1;

	if ((d = opendir(dir)) == NULL) {
		sg_err_errno(err, "E-TRUST-DIR", dir, "cannot open");
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		/* Any name longer than ".status" that ends in it, as the
		 * verifier has always read them. */
		l = strlen(de->d_name);
		if (l > 7 && has_suffix(de->d_name, ".status")) {
			if (ns == TRUST_MAX_FILES) {
				sg_err_set(err, "E-TRUST-DIR", dir,
				    "more than %d status lists",
				    TRUST_MAX_FILES);
				goto out;
			}
			if (names_add(&st, &ns, &scap, de->d_name) != 0)
				goto nomem;
			continue;
		}
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
		if (names_add(&v, &n, &cap, de->d_name) != 0)
			goto nomem;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, cmp_names);
	if (ns > 0)
		qsort(st, ns, sizeof *st, cmp_names);
	*out = v;
	*nout = n;
	*status = st;
	*nstatus = ns;
	v = st = NULL;
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
out:
	names_free(v, n);
	names_free(st, ns);
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

/* Does a CA certificate chain to a root of the store?  (Its validity
 * period aside: an expired CA's last CRL still says what it revoked.) */
static int
chains_to_root(trust_store *s, X509 *x)
{
	X509_STORE_CTX *ctx;
	int ok = 0;

	if ((ctx = X509_STORE_CTX_new()) != NULL &&
	    X509_STORE_CTX_init(ctx, s->store, x, s->inter)) {
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
		ok = X509_verify_cert(ctx) == 1;
	}
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* The CA certificate that signed a CRL: a root, or a CA certificate that
 * chains to one (s->cas); NULL when none did. */
static X509 *
crl_signer(trust_store *s, X509_CRL *crl)
{
	X509 *ca;
	EVP_PKEY *pk;
	int i;

	for (i = 0; i < sk_X509_num(s->cas); i++) {
		ca = sk_X509_value(s->cas, i);
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
static int revocation_of(const trust_store *s, X509 *x, X509 *issuer,
    long *day, int *reason);

/*
 * Why a CRL is not a complete list of its CA's revocations, or NULL when
 * it is.  A delta CRL, or one scoped by its issuingDistributionPoint
 * (only some reasons, only CA or only end-entity certificates, an
 * indirect CRL), taken for the CA's newest CRL would hide what the
 * complete one lists.  An unknown critical extension cannot be
 * understood, so it is refused too.
 */
static const char *
crl_incomplete(const X509_CRL *crl)
{
	X509_EXTENSION *ext;
	ISSUING_DIST_POINT *idp;
	const char *why = NULL;
	int i, nid, crit;

	for (i = 0; i < X509_CRL_get_ext_count(crl); i++) {
		ext = X509_CRL_get_ext(crl, i);
		nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
		if (nid == NID_delta_crl)
			return "a delta CRL";
		if (X509_EXTENSION_get_critical(ext) &&
		    nid != NID_crl_number &&
		    nid != NID_authority_key_identifier &&
		    nid != NID_issuing_distribution_point)
			return "an unknown critical CRL extension";
	}
	idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, &crit,
	    NULL);
	if (idp != NULL) {
		if (idp->onlysomereasons != NULL)
			why = "a CRL for some reasons only";
		else if (idp->indirectCRL)
			why = "an indirect CRL";
		else if (idp->onlyuser || idp->onlyCA || idp->onlyattr)
			why = "a CRL for some kinds of certificate only";
		ISSUING_DIST_POINT_free(idp);
	} else if (crit != -1)
		why = "an unreadable issuingDistributionPoint";
	ERR_clear_error();
	return why;
}

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
	va_start(ap, fmt);
	sg_err_vset(nv, code, where, fmt, ap);
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
crl_dropped(trust_store *s, const struct crl_rec *old,
    const struct crl_rec *kept)
{
	char a[40], b[40], *who;

	crl_number_text(old->crl, a, sizeof a);
	crl_number_text(kept->crl, b, sizeof b);
	who = common_name(X509_CRL_get_issuer(old->crl));
	store_notice(s, "W-TRUST-OLD-CRL", old->file, "an older CRL "
	    "of \"%s\" (%s) is ignored: %s (%s) is newer", who ? who : "?",
	    a, kept->file, b);
	free(who);
}

/* Two CRLs of one CA: the same issuer name, signed by the same key (a
 * renewed root with the old name is another CA). */
static int
same_ca(const struct crl_rec *a, const struct crl_rec *b)
{
	int r = X509_NAME_cmp(X509_CRL_get_issuer(a->crl),
	    X509_CRL_get_issuer(b->crl)) == 0 &&
	    EVP_PKEY_eq(X509_get0_pubkey(a->signer),
	    X509_get0_pubkey(b->signer)) == 1;

	ERR_clear_error();
	return r;
}

/* Mark the newest CRL of each CA kept; name the others in notices.  The
 * trust directory holds a handful of CRLs: a pairwise scan is enough. */
static void
keep_newest_crls(trust_store *s)
{
	size_t i, j, best;

	for (i = 0; i < s->ncrl; i++) {
		best = i;
		for (j = 0; j < s->ncrl; j++)
			if (j != i && same_ca(&s->crl[i], &s->crl[j]) &&
			    (crl_newer(s->crl[j].crl, s->crl[best].crl) ||
			    (j < best && !crl_newer(s->crl[best].crl,
			    s->crl[j].crl))))
				best = j;
		s->crl[i].kept = best == i;
		if (best != i)
			crl_dropped(s, &s->crl[i], &s->crl[best]);
	}
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
		r->rev = revocation_of(s, r->x, NULL, &r->rev_day,
		    &r->rev_reason);
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

/*
 * The checks and caches every store gets, however its objects were read
 * (a directory's files or a bundle's items): roots from root files or
 * root items only, the CA certificates that may sign CRLs, the CRLs'
 * signers and completeness, the newest CRL of each CA, keys grouped.
 * where names the material in messages.
 */
static int
store_finish(trust_store *s, struct loaded *certs, size_t ncerts,
    const char *where, sg_err *err)
{
	struct crl_rec *c;
	X509 *x;
	const char *why;
	char *subj;
	size_t i;
	int j;

	/* Roots come from root files only, and a root file holds roots
	 * only: an office's certificate file cannot add a trust anchor. */
	for (i = 0; i < ncerts; i++) {
		x = certs[i].x;
		if (certs[i].root_file != is_root(x)) {
			subj = name_oneline(X509_get_subject_name(x));
			if (certs[i].root_file)
				sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
				    "\"%s\" is not a root certificate "
				    "(self-signed, CA:TRUE): a root*.pem file "
				    "holds roots only", subj ? subj : "?");
			else
				sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
				    "\"%s\" is a root certificate (self-signed, "
				    "CA:TRUE): roots are trusted only from files "
				    "named root*.pem or root*.crt",
				    subj ? subj : "?");
			free(subj);
			return -1;
		}
		if (!certs[i].root_file)
			continue;
		if (X509_verify(x, X509_get0_pubkey(x)) != 1) {
			ERR_clear_error();
			subj = name_oneline(X509_get_subject_name(x));
			sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
			    "root \"%s\": its self-signature does not verify",
			    subj ? subj : "?");
			free(subj);
			return -1;
		}
		if (!X509_STORE_add_cert(s->store, x) ||
		    !X509_up_ref(x) || !sk_X509_push(s->roots, x)) {
			sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
			    "cannot add the root");
			return -1;
		}
		if (!X509_up_ref(x) || !sk_X509_push(s->cas, x)) {
			sg_err_set(err, "E-TRUST-ROOT", certs[i].file,
			    "out of memory");
			return -1;
		}
	}
	for (i = 0; i < ncerts; i++) {
		x = certs[i].x;
		if (certs[i].root_file)
			continue;
		if (X509_get_extension_flags(x) & EXFLAG_CA) {
			if (!X509_up_ref(x) || !sk_X509_push(s->inter, x)) {
				sg_err_set(err, "E-TRUST-FILE", certs[i].file,
				    "out of memory");
				return -1;
			}
			continue;
		}
		if (add_issuer(s, x, certs[i].file, err) != 0)
			return -1;
	}
	if (sk_X509_num(s->roots) == 0) {
		sg_err_set(err, "E-TRUST-NOROOT", where,
		    "no root certificate (self-signed, CA:TRUE, in a file "
		    "named root*.pem or root*.crt)");
		return -1;
	}
	if (s->niss == 0) {
		sg_err_set(err, "E-TRUST-EMPTY", where,
		    "no issuer certificates");
		return -1;
	}
	/* The CAs that may sign a CRL: the roots, and the intermediates
	 * that chain to one. */
	for (j = 0; j < sk_X509_num(s->inter); j++) {
		x = sk_X509_value(s->inter, j);
		if (!chains_to_root(s, x))
			continue;
		if (!X509_up_ref(x)) {
			sg_err_set(err, "E-TRUST-DIR", where, "out of memory");
			return -1;
		}
		if (!sk_X509_push(s->cas, x)) {
			X509_free(x);
			sg_err_set(err, "E-TRUST-DIR", where, "out of memory");
			return -1;
		}
	}
	/* A CRL no trusted CA signed is either tampered with, belongs to
	 * another directory, or is a namesake's: all deserve a stop. */
	for (i = 0; i < s->ncrl; i++) {
		c = &s->crl[i];
		if ((c->signer = crl_signer(s, c->crl)) == NULL) {
			subj = name_oneline(X509_CRL_get_issuer(c->crl));
			sg_err_set(err, "E-TRUST-CRL", c->file,
			    "CRL from \"%s\": no CA certificate that chains "
			    "to a trusted root signed it", subj ? subj : "?");
			free(subj);
			return -1;
		}
		if ((why = crl_incomplete(c->crl)) != NULL) {
			sg_err_set(err, "E-TRUST-CRL", c->file, "%s: the trust "
			    "directory takes complete CRLs only", why);
			return -1;
		}
		/* Only the "as of" dates of accepted CRLs move today. */
		newer_day(s, X509_CRL_get0_lastUpdate(c->crl));
	}
	keep_newest_crls(s);
	if (group_keys(s) != 0) {
		sg_err_set(err, "E-TRUST-DIR", where, "out of memory");
		return -1;
	}
	/* The array no longer moves: publish the public views. */
	for (i = 0; i < s->niss; i++) {
		s->iss[i].pub.subject = s->iss[i].subject;
		s->iss[i].pub.name = s->iss[i].name;
		s->iss[i].pub.regions = (const char *const *)s->iss[i].regions;
		s->iss[i].pub.x509 = s->iss[i].x;
	}
	return 0;
}

static trust_store *
store_new(const char *where, sg_err *err)
{
	trust_store *s;

	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->store = X509_STORE_new()) == NULL ||
	    (s->roots = sk_X509_new_null()) == NULL ||
	    (s->inter = sk_X509_new_null()) == NULL ||
	    (s->cas = sk_X509_new_null()) == NULL) {
		sg_err_set(err, "E-TRUST-DIR", where, "out of memory");
		trust_store_free(s);
		return NULL;
	}
	return s;
}

static void
loaded_free(struct loaded *certs, size_t ncerts)
{
	size_t i;

	for (i = 0; i < ncerts; i++) {
		X509_free(certs[i].x);
		free(certs[i].file);
	}
	free(certs);
}

trust_store *
trust_store_load(const char *dir, sg_err *err)
{
	trust_store *s = NULL;
	char **names = NULL, **status = NULL, *path = NULL;
	size_t nnames = 0, nstatus = 0, i, ncerts = 0, capcerts = 0, nobj = 0;
	size_t plen;
	struct loaded *certs = NULL;
	int ok = 0;

	if (list_dir(dir, &names, &nnames, &status, &nstatus, err) != 0)
		goto out;
	if (nnames == 0) {
		sg_err_set(err, "E-TRUST-EMPTY", dir,
		    "no *.pem, *.crt or *.crl files");
		goto out;
	}
	if ((s = store_new(dir, err)) == NULL)
		goto out;
	for (i = 0; i < nnames; i++) {
		plen = strlen(dir) + strlen(names[i]) + 2;
		free(path);
		if ((path = malloc(plen)) == NULL) {
			sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
			goto out;
		}
		snprintf(path, plen, "%s/%s", dir, names[i]);
		if (load_file(s, path, file_kind(names[i]), &certs, &ncerts,
		    &capcerts, &nobj, err) != 0)
			goto out;
	}
	if (store_finish(s, certs, ncerts, dir, err) != 0)
		goto out;
	/* the status lists by path, for the verifier */
	for (i = 0; i < nstatus; i++) {
		plen = strlen(dir) + strlen(status[i]) + 2;
		free(path);
		if ((path = malloc(plen)) == NULL) {
			sg_err_set(err, "E-TRUST-DIR", dir, "out of memory");
			goto out;
		}
		snprintf(path, plen, "%s/%s", dir, status[i]);
		free(status[i]);
		status[i] = path;
		path = NULL;
	}
	s->status = status;
	s->nstatus = nstatus;
	status = NULL;
	ok = 1;
out:
	ERR_clear_error();
	loaded_free(certs, ncerts);
	names_free(names, nnames);
	names_free(status, nstatus);
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
	sk_X509_pop_free(s->cas, X509_free);
	X509_STORE_free(s->store);
	for (i = 0; i < s->ncrl; i++) {
		X509_CRL_free(s->crl[i].crl);
		free(s->crl[i].file);
	}
	free(s->crl);
	free(s->notices);
	names_free(s->status, s->nstatus);
	free(s);
}

size_t
trust_store_status_count(const trust_store *s)
{
	return s != NULL ? s->nstatus : 0;
}

const char *
trust_store_status_path(const trust_store *s, size_t i)
{
	return s != NULL && i < s->nstatus ? s->status[i] : NULL;
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

/*
 * The entry that revokes x on the newest CRL of the CA that issued it:
 * the CA is `issuer` when the chain is known, else any CA of the store
 * whose key verifies x.  A CRL of another CA with the same name (a
 * renewed root, a namesake) says nothing about x.
 */
static int
revocation_of(const trust_store *s, X509 *x, X509 *issuer, long *day,
    int *reason)
{
	X509_REVOKED *rev = NULL;
	const struct crl_rec *c;
	ASN1_ENUMERATED *e;
	size_t i;
	int crit, mine;

	for (i = 0; i < s->ncrl; i++) {
		c = &s->crl[i];
		if (!c->kept || X509_NAME_cmp(X509_CRL_get_issuer(c->crl),
		    X509_get_issuer_name(x)) != 0)
			continue;
		if (issuer != NULL)
			mine = EVP_PKEY_eq(X509_get0_pubkey(c->signer),
			    X509_get0_pubkey(issuer)) == 1;
		else
			mine = X509_verify(x, X509_get0_pubkey(c->signer)) == 1;
		ERR_clear_error();
		if (!mine)
			continue;
		if (X509_CRL_get0_by_cert(c->crl, &rev, x) != 1 || rev == NULL)
			continue;
		*day = asn1_day(X509_REVOKED_get0_revocationDate(rev));
		*reason = -1;
		e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);
		if (e != NULL) {
			*reason = (int)ASN1_ENUMERATED_get(e);
			ASN1_ENUMERATED_free(e);
		}
		ERR_clear_error();
		return 1;
	}
	return 0;
}

static const char *
reason_name(int r);

/*
 * Revocation along a verified chain: every certificate below the root
 * (the issuer's own and each CA's above it) against the newest CRL of
 * the CA that issued it, by the rule at the top of the file.  The
 * harshest wins: a compromise anywhere voids every seal; otherwise a
 * revocation on or before the issue day voids this one.  TRUST_OK when
 * nothing voids it.
 */
static enum trust_reason
chain_revocation(const trust_store *s, STACK_OF(X509) *chain, long day,
    char *detail, size_t dsz)
{
	X509 *cur;
	long rday, hit_day = 0;
	int k, rreason, hit = -1, hit_reason = -1, hit_comp = 0;
	char when[11], iso[11], *cn;

	for (k = 0; k + 1 < sk_X509_num(chain); k++) {
		cur = sk_X509_value(chain, k);
		if (!revocation_of(s, cur, sk_X509_value(chain, k + 1), &rday,
		    &rreason))
			continue;
		if (compromise(rreason)) {
			if (!hit_comp) {
				hit = k;
				hit_comp = 1;
				hit_day = rday;
				hit_reason = rreason;
			}
		} else if (day >= rday && hit < 0) {
			hit = k;
			hit_day = rday;
			hit_reason = rreason;
		}
	}
	if (hit < 0)
		return TRUST_OK;
	day_iso(hit_day, when);
	day_iso(day, iso);
	if (hit == 0) {
		if (hit_comp)
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s): every seal it made is void", when,
			    reason_name(hit_reason));
		else
			snprintf(detail, dsz, "the certificate was revoked on "
			    "%s (%s), on or before the issue date %s", when,
			    reason_name(hit_reason), iso);
		return TRUST_CERT_REVOKED;
	}
	cn = common_name(X509_get_subject_name(sk_X509_value(chain, hit)));
	if (hit_comp)
		snprintf(detail, dsz, "its CA certificate \"%s\" was revoked "
		    "on %s (%s): every seal under it is void", cn ? cn : "?",
		    when, reason_name(hit_reason));
	else
		snprintf(detail, dsz, "its CA certificate \"%s\" was revoked "
		    "on %s (%s), on or before the issue date %s", cn ? cn : "?",
		    when, reason_name(hit_reason), iso);
	free(cn);
	return TRUST_CERT_REVOKED;
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
	enum trust_reason verdict = TRUST_UNTRUSTED;
	char iso[11], stamp[64];
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
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    !X509_STORE_CTX_init(ctx, s->store, r->x, s->inter)) {
		snprintf(detail, dsz, "cannot set up the chain check");
		goto out;
	}
	/* Noon UTC on the issue day: the day itself, whatever the zone.
	 * Revocation is not OpenSSL's to judge (it would pick a CRL by
	 * name, and check the issuer's certificate only): see below. */
	X509_STORE_CTX_set_time(ctx, 0, (time_t)day * 86400 + 43200);
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
		default:
			verdict = TRUST_UNTRUSTED;
			snprintf(detail, dsz, "no chain to a trusted root "
			    "(depth %d: %s)", depth,
			    X509_verify_cert_error_string(err));
			break;
		}
		goto out;
	}
	verdict = chain_revocation(s, X509_STORE_CTX_get0_chain(ctx), day,
	    detail, dsz);
	if (verdict != TRUST_OK)
		goto out;
	verdict = TRUST_OK;
	snprintf(detail, dsz, "chain to a trusted root, valid on %s", iso);
out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return verdict;
}

/* What every judgement checks first: the issuer is this store's (*r) and
 * the issue date exists.  TRUST_OK, or the reason with detail. */
static enum trust_reason
judge_start(const trust_store *s, const trust_issuer *i, sg_date issued,
    const struct issuer_rec **r, char *detail, size_t dsz)
{
	if (s == NULL || i == NULL || (*r = rec_of(s, i)) == NULL) {
		snprintf(detail, dsz, "the issuer is not from this trust store");
		return TRUST_UNKNOWN_KEY;
	}
	if (!date_valid(issued.y, issued.m, issued.d)) {
		snprintf(detail, dsz, "impossible issue date");
		return TRUST_NOT_VALID_AT;
	}
	return TRUST_OK;
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
	if ((verdict = judge_start(s, i, issued, &r, detail, dsz)) !=
	    TRUST_OK)
		return verdict;
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
	if ((verdict = judge_start(s, i, issued, &r, detail, dsz)) !=
	    TRUST_OK)
		return verdict;
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

/* ---- trust from a bundle, and what a bundle is made of ---- */

trust_store *
trust_store_load_bundle(const bundle *b, sg_err *err)
{
	trust_store *s = NULL;
	const bundle_item *it;
	struct loaded *certs = NULL;
	size_t i, ncerts = 0, capcerts = 0, nobj = 0;
	char place[600];
	enum file_kind kind;
	int ok = 0;

	if (b == NULL) {
		sg_err_set(err, "E-TRUST-DIR", "", "no bundle");
		return NULL;
	}
	if ((s = store_new(bundle_path(b), err)) == NULL)
		goto out;
	for (i = 0; i < bundle_count(b); i++) {
		it = bundle_at(b, i);
		if (it->kind == BUNDLE_ROOT)
			kind = FILE_ROOTS;
		else if (it->kind == BUNDLE_CERT)
			kind = FILE_CERTS;
		else if (it->kind == BUNDLE_CRL)
			kind = FILE_CRLS;
		else
			continue;
		bundle_item_place(b, i, place, sizeof place);
		if (load_der(s, it->data, it->len, kind, place, &certs,
		    &ncerts, &capcerts, &nobj, err) != 0)
			goto out;
	}
	if (store_finish(s, certs, ncerts, bundle_path(b), err) != 0)
		goto out;
	ok = 1;
out:
	ERR_clear_error();
	loaded_free(certs, ncerts);
	if (!ok) {
		trust_store_free(s);
		s = NULL;
	}
	return s;
}

enum trust_reason
trust_store_judge_cert(trust_store *s, void *x509, time_t at, char *detail,
    size_t dsz)
{
	X509_STORE_CTX *ctx = NULL;
	X509 *x = x509, *cur;
	enum trust_reason verdict = TRUST_UNTRUSTED;
	char stamp[64];
	int err, depth;

	detail[0] = '\0';
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    !X509_STORE_CTX_init(ctx, s->store, x, s->inter)) {
		snprintf(detail, dsz, "cannot set up the chain check");
		goto out;
	}
	X509_STORE_CTX_set_time(ctx, 0, at);
	if (X509_verify_cert(ctx) != 1) {
		err = X509_STORE_CTX_get_error(ctx);
		depth = X509_STORE_CTX_get_error_depth(ctx);
		cur = X509_STORE_CTX_get_current_cert(ctx);
		if (err == X509_V_ERR_CERT_HAS_EXPIRED ||
		    err == X509_V_ERR_CERT_NOT_YET_VALID) {
			verdict = TRUST_NOT_VALID_AT;
			asn1_stamp(cur ? (err == X509_V_ERR_CERT_HAS_EXPIRED ?
			    X509_get0_notAfter(cur) : X509_get0_notBefore(cur)) :
			    NULL, stamp, sizeof stamp);
			snprintf(detail, dsz, "%s is valid %s %s only",
			    depth == 0 ? "the certificate" :
			    "its CA certificate",
			    err == X509_V_ERR_CERT_HAS_EXPIRED ? "until" :
			    "from", stamp);
		} else {
			snprintf(detail, dsz, "no chain to a trusted root "
			    "(depth %d: %s)", depth,
			    X509_verify_cert_error_string(err));
		}
		goto out;
	}
	verdict = chain_revocation(s, X509_STORE_CTX_get0_chain(ctx),
	    (long)(at / 86400), detail, dsz);
	if (verdict == TRUST_OK)
		snprintf(detail, dsz, "chain to a trusted root");
out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return verdict;
}

void *
trust_store_chain_root(trust_store *s, void *x509)
{
	X509_STORE_CTX *ctx;
	STACK_OF(X509) *chain;
	X509 *root = NULL;

	if ((ctx = X509_STORE_CTX_new()) != NULL &&
	    X509_STORE_CTX_init(ctx, s->store, x509, s->inter)) {
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
		if (X509_verify_cert(ctx) == 1 &&
		    (chain = X509_STORE_CTX_get0_chain(ctx)) != NULL &&
		    sk_X509_num(chain) > 0)
			root = sk_X509_value(chain, sk_X509_num(chain) - 1);
	}
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	/* the store's own copy, which lives as long as the store */
	if (root != NULL) {
		int i;

		for (i = 0; i < sk_X509_num(s->roots); i++)
			if (X509_cmp(sk_X509_value(s->roots, i), root) == 0)
				return sk_X509_value(s->roots, i);
	}
	return NULL;
}

size_t
trust_store_issuer_count(const trust_store *s)
{
	return s != NULL ? s->niss : 0;
}

const trust_issuer *
trust_store_issuer(const trust_store *s, size_t i)
{
	return s != NULL && i < s->niss ? &s->iss[i].pub : NULL;
}

int
trust_issuer_revoked(const trust_store *s, const trust_issuer *i,
    sg_date *day, const char **reason)
{
	const struct issuer_rec *r;

	if (s == NULL || (r = rec_of(s, i)) == NULL || !r->rev)
		return 0;
	if (day != NULL)
		*day = date_from_days(r->rev_day);
	if (reason != NULL)
		*reason = reason_name(r->rev_reason);
	return 1;
}

int
trust_store_parts(trust_store *s, trust_part_fn fn, void *ctx)
{
	unsigned char *der = NULL;
	X509 *x;
	int i, n, rc = 0;
	size_t k;

#define PART(kind, obj, i2d, file, chained) do { \
		der = NULL; \
		if ((n = i2d(obj, &der)) <= 0) { \
			rc = -1; \
			goto out; \
		} \
		rc = fn(ctx, kind, der, (size_t)n, file, chained); \
		OPENSSL_free(der); \
		der = NULL; \
		if (rc != 0) \
			goto out; \
	} while (0)

	for (i = 0; i < sk_X509_num(s->roots); i++)
		PART(TRUST_PART_ROOT, sk_X509_value(s->roots, i), i2d_X509,
		    NULL, 1);
	for (i = 0; i < sk_X509_num(s->inter); i++) {
		x = sk_X509_value(s->inter, i);
		PART(TRUST_PART_CA, x, i2d_X509, NULL, chains_to_root(s, x));
	}
	for (k = 0; k < s->niss; k++)
		PART(TRUST_PART_ISSUER, s->iss[k].x, i2d_X509, s->iss[k].file,
		    chains_to_root(s, s->iss[k].x));
	for (k = 0; k < s->ncrl; k++)
		if (s->crl[k].kept)
			PART(TRUST_PART_CRL, s->crl[k].crl, i2d_X509_CRL,
			    s->crl[k].file, 1);
#undef PART
out:
	OPENSSL_free(der);
	ERR_clear_error();
	return rc;
}
