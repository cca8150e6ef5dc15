/*
 * bundle.c - the signed trust bundle (bundle.h, formats/trust.md):
 * reading one (every line bounded, the signature and the signer checked
 * before anything in it is used), writing one from a trust directory and
 * a formats folder, and describing one for segel-trust show.
 *
 * The bundle's certificates and CRLs are judged by lib/trust.c (a store
 * loaded from the bundle's items, exactly as from a directory) and its
 * status lists by lib/status.c; nothing here parses them again.
 */
#include "bundle.h"

#include "base64.h"
#include "doctype.h"
#include "file.h"
#include "keys.h"
#include "region.h"
#include "status.h"
#include "trust.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define BUNDLE_MAGIC      "SEGEL-TRUST 1"
#define BUNDLE_MAX_ITEMS  100000
#define BUNDLE_MAX_NAME   200           /* a status or file item's name */
#define BUNDLE_MAX_ITEM   (64u << 20)   /* decoded bytes of one item */
#define BUNDLE_HEAD_LINES 5             /* magic, sequence, made, next, signer */

static const char bundle_urn[] = "urn:segel:trust-bundle";
static const char region_urn[] = "urn:segel:region:";

struct bundle {
	char *path;                 /* as given, for messages */
	unsigned long sequence;
	time_t made, next;
	unsigned char *signer;      /* DER */
	size_t signer_len;
	bundle_item *items;
	unsigned long *lines;       /* each item's line number */
	size_t n, cap;
	size_t signed_len;          /* bytes before the sig line */
	unsigned char sig[SIG_LEN];
};

static const char *const kind_word[] = {
	"root", "cert", "crl", "status", "file"
};

/* ---- small things ---- */

/* base64 of len bytes into a new string. */
static char *
b64_encode(const unsigned char *p, size_t len)
{
	char *s;

	if (len > INT_MAX / 2 ||
	    (s = malloc(base64_encoded_len(len) + 1)) == NULL)
		return NULL;
	base64_encode(p, len, s);
	return s;
}

/* "2026-11-28T09:30:00Z" exactly; -1 when not that. */
static int
stamp_parse(const char *s, size_t len, time_t *out)
{
	sg_date d;
	char day[11];
	int hh, mm, ss, k;

	if (len != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return -1;
	for (k = 11; k < 19; k++)
		if (k != 13 && k != 16 && (s[k] < '0' || s[k] > '9'))
			return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &d) != 0)
		return -1;
	hh = (s[11] - '0') * 10 + (s[12] - '0');
	mm = (s[14] - '0') * 10 + (s[15] - '0');
	ss = (s[17] - '0') * 10 + (s[18] - '0');
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	*out = (time_t)date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

void
bundle_stamp(time_t t, char buf[32])
{
	long days = (long)(t / 86400), secs = (long)(t % 86400);
	char day[11];

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	date_format_iso(date_from_days(days), day);
	snprintf(buf, 32, "%.10sT%02ld:%02ld:%02ldZ", day, secs / 3600,
	    secs / 60 % 60, secs % 60);
}

/* A letter, digit, '.', '_' or '-': what item names are made of. */
static int
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A status item's name: "7501.status", no folder. */
static int
status_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len <= 7 || len > BUNDLE_MAX_NAME ||
	    memcmp(s + len - 7, ".status", 7) != 0 || s[0] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!name_char(s[i]))
			return 0;
	return 1;
}

/* A file item's path under formats/: "types/kk.xml"; components of
 * letters, digits, '.', '_', '-', none starting with '.', no empty one. */
static int
file_name_ok(const char *s, size_t len)
{
	size_t i;
	int start = 1;

	if (len == 0 || len > BUNDLE_MAX_NAME || s[len - 1] == '/')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '/') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (start && s[i] == '.')
			return 0;
		start = 0;
		if (!name_char(s[i]))
			return 0;
	}
	return 1;
}

static void
place_of(const char *where, unsigned long line, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s:%lu", where, line);
}

/* ---- reading ---- */

void
bundle_free(bundle *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free((char *)b->items[i].name);
		free((unsigned char *)b->items[i].data);
	}
	free(b->items);
	free(b->lines);
	free(b->signer);
	free(b->path);
	free(b);
}

static int
item_push(bundle *b, enum bundle_kind kind, char *name, unsigned char *data,
    size_t len, unsigned long line)
{
	bundle_item *ni;
	unsigned long *nl;

	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;

		if ((ni = realloc(b->items, ncap * sizeof *ni)) == NULL)
			return -1;
		b->items = ni;
		if ((nl = realloc(b->lines, ncap * sizeof *nl)) == NULL)
			return -1;
		b->lines = nl;
		b->cap = ncap;
	}
	b->items[b->n].kind = kind;
	b->items[b->n].name = name;
	b->items[b->n].data = data;
	b->items[b->n].len = len;
	b->lines[b->n] = line;
	b->n++;
	return 0;
}

/* Decode the base64 of [s, s+len) into a new buffer with a NUL after it. */
static unsigned char *
decode_new(const char *s, size_t len, size_t *outlen)
{
	unsigned char *out;
	long n;

	if (len / 4 * 3 > BUNDLE_MAX_ITEM + 3 ||
	    (out = malloc(len / 4 * 3 + 1)) == NULL)
		return NULL;
	if ((n = base64_decode(s, len, out)) < 0 || n == 0) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*outlen = (size_t)n;
	return out;
}

/* A head line's word, seen again after the head. */
static int
head_word(const char *w, size_t len)
{
	static const char *const words[] = {
		"sequence", "made", "next", "signer", "SEGEL-TRUST"
	};
	size_t k;

	for (k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == len && memcmp(w, words[k], len) == 0)
			return 1;
	return 0;
}

static int
word_kind(const char *w, size_t len)
{
	int k;

	for (k = 0; k < 5; k++)
		if (strlen(kind_word[k]) == len && memcmp(w, kind_word[k],
		    len) == 0)
			return k;
	return -1;
}

bundle *
bundle_parse(const char *buf, size_t len, const char *where, sg_err *err)
{
	bundle *b = NULL;
	const char *p = buf, *end = buf + len, *nl, *sp, *val;
	unsigned long line = 0;
	size_t i, vlen, llen, dlen;
	char place[600], *name = NULL;
	unsigned char *data = NULL;
	int kind, last = -1, ok = 0, got_sig = 0;
	enum bundle_kind k;

	if (where == NULL)
		where = "bundle";
	if (len > BUNDLE_MAX_BYTES) {
		sg_err_set(err, "E-BUNDLE", where, "%zu bytes, more than the "
		    "limit of %u", len, BUNDLE_MAX_BYTES);
		return NULL;
	}
	/* ASCII text, LF line ends: anything else is not a bundle. */
	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] < 0x20 ? buf[i] != '\n' :
		    (unsigned char)buf[i] > 0x7e) {
			for (line = 1, p = buf; p < buf + i; p++)
				line += *p == '\n';
			place_of(where, line, place, sizeof place);
			sg_err_set(err, "E-BUNDLE", place, "byte 0x%02x at offset "
			    "%zu: a bundle is ASCII text with LF line ends",
			    (unsigned char)buf[i], i);
			return NULL;
		}
	if ((b = calloc(1, sizeof *b)) == NULL ||
	    (b->path = strdup(where)) == NULL)
		goto nomem;
	p = buf;
	while (p < end) {
		line++;
		place_of(where, line, place, sizeof place);
		if (got_sig) {
			sg_err_set(err, "E-BUNDLE", place, "something after the "
			    "sig line");
			goto out;
		}
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			sg_err_set(err, "E-BUNDLE", place, "the last line does "
			    "not end in LF (cut short?)");
			goto out;
		}
		llen = (size_t)(nl - p);
		sp = memchr(p, ' ', llen);
		val = sp != NULL ? sp + 1 : nl;
		vlen = (size_t)(nl - val);
		if (line == 1) {
			if (llen != strlen(BUNDLE_MAGIC) ||
			    memcmp(p, BUNDLE_MAGIC, llen) != 0) {
				sg_err_set(err, "E-BUNDLE", place, "not a segel "
				    "trust bundle (want \"%s\")", BUNDLE_MAGIC);
				goto out;
			}
		} else if (line == 2) {
			if (sp == NULL || (size_t)(sp - p) != 8 ||
			    memcmp(p, "sequence", 8) != 0 || vlen == 0 ||
			    vlen > 15 || (val[0] == '0') ||
			    strspn(val, "0123456789") < vlen) {
				sg_err_set(err, "E-BUNDLE", place, "want "
				    "\"sequence N\" (a whole number from 1)");
				goto out;
			}
			b->sequence = strtoul(val, NULL, 10);
		} else if (line == 3 || line == 4) {
			const char *w = line == 3 ? "made" : "next";

			if (sp == NULL || (size_t)(sp - p) != 4 ||
			    memcmp(p, w, 4) != 0 || stamp_parse(val, vlen,
			    line == 3 ? &b->made : &b->next) != 0) {
				sg_err_set(err, "E-BUNDLE", place, "want \"%s "
				    "YYYY-MM-DDTHH:MM:SSZ\"", w);
				goto out;
			}
			if (line == 4 && b->next <= b->made) {
				sg_err_set(err, "E-BUNDLE", place, "the next "
				    "bundle is due before this one was made");
				goto out;
			}
		} else if (line == 5) {
			if (sp == NULL || (size_t)(sp - p) != 6 ||
			    memcmp(p, "signer", 6) != 0 ||
			    (b->signer = decode_new(val, vlen,
			    &b->signer_len)) == NULL) {
				sg_err_set(err, "E-BUNDLE", place, "want \"signer "
				    "<base64 of a DER certificate>\"");
				goto out;
			}
		} else if (sp != NULL && (size_t)(sp - p) == 3 &&
		    memcmp(p, "sig", 3) == 0) {
			unsigned char sig[SIG_LEN + 3];

			if (vlen != 88 || base64_decode(val, vlen, sig) !=
			    SIG_LEN) {
				sg_err_set(err, "E-BUNDLE", place, "want \"sig "
				    "<base64 of the 64-byte signature>\" (88 "
				    "characters)");
				goto out;
			}
			memcpy(b->sig, sig, SIG_LEN);
			b->signed_len = (size_t)(p - buf);
			got_sig = 1;
		} else {
			kind = sp != NULL ? word_kind(p, (size_t)(sp - p)) : -1;
			if (kind < 0) {
				if (sp != NULL && head_word(p, (size_t)(sp - p)))
					sg_err_set(err, "E-BUNDLE", place,
					    "a second \"%.*s\" line",
					    (int)(sp - p), p);
				else
					sg_err_set(err, "E-BUNDLE", place, "not "
					    "a bundle line (root, cert, crl, "
					    "status, file or sig)");
				goto out;
			}
			if (kind < last) {
				sg_err_set(err, "E-BUNDLE", place, "a %s line "
				    "after a %s line: items come as root, cert, "
				    "crl, status, file", kind_word[kind],
				    kind_word[last]);
				goto out;
			}
			last = kind;
			k = (enum bundle_kind)kind;
			if (b->n == BUNDLE_MAX_ITEMS) {
				sg_err_set(err, "E-BUNDLE", place, "more than %d "
				    "items", BUNDLE_MAX_ITEMS);
				goto out;
			}
			if (k == BUNDLE_STATUS || k == BUNDLE_FILE) {
				const char *sp2 = memchr(val, ' ', vlen);
				size_t nlen = sp2 ? (size_t)(sp2 - val) : 0;

				if (sp2 == NULL || !(k == BUNDLE_STATUS ?
				    status_name_ok(val, nlen) :
				    file_name_ok(val, nlen))) {
					sg_err_set(err, "E-BUNDLE", place, "want "
					    "\"%s <%s> <base64>\"", kind_word[k],
					    k == BUNDLE_STATUS ? "name.status" :
					    "path under formats/");
					goto out;
				}
				for (i = 0; i < b->n; i++)
					if (b->items[i].kind == k &&
					    strlen(b->items[i].name) == nlen &&
					    memcmp(b->items[i].name, val,
					    nlen) == 0) {
						sg_err_set(err, "E-BUNDLE", place,
						    "a second %s \"%.*s\"",
						    kind_word[k], (int)nlen, val);
						goto out;
					}
				if ((name = strndup(val, nlen)) == NULL)
					goto nomem;
				val = sp2 + 1;
				vlen = (size_t)(nl - val);
			}
			if ((data = decode_new(val, vlen, &dlen)) == NULL) {
				sg_err_set(err, "E-BUNDLE", place, "the %s's "
				    "base64 is bad, empty or over %u bytes",
				    kind_word[k], BUNDLE_MAX_ITEM);
				goto out;
			}
			if (item_push(b, k, name, data, dlen, line) != 0)
				goto nomem;
			name = NULL;
			data = NULL;
		}
		p = nl + 1;
	}
	place_of(where, line + 1, place, sizeof place);
	if (line < BUNDLE_HEAD_LINES) {
		sg_err_set(err, "E-BUNDLE", place, "cut short: the head "
		    "(SEGEL-TRUST, sequence, made, next, signer) is "
		    "incomplete");
		goto out;
	}
	if (!got_sig) {
		sg_err_set(err, "E-BUNDLE", place, "no sig line (cut short?)");
		goto out;
	}
	for (i = 0; i < b->n && b->items[i].kind != BUNDLE_ROOT; i++)
		;
	if (i == b->n) {
		sg_err_set(err, "E-BUNDLE", where, "no root certificate");
		goto out;
	}
	ok = 1;
	goto out;
nomem:
	sg_err_set(err, "E-SYSTEM", where, "out of memory");
out:
	free(name);
	free(data);
	if (!ok) {
		bundle_free(b);
		b = NULL;
	}
	return b;
}

/* Does the signer certificate say "bundle signer", and nothing else? */
static int
signer_marked(X509 *x, const char *place, sg_err *err)
{
	GENERAL_NAMES *gens;
	const GENERAL_NAME *g;
	const unsigned char *u;
	size_t ulen, k = strlen(region_urn);
	int i, marked = 0, region = 0;

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		g = sk_GENERAL_NAME_value(gens, i);
		if (g->type != GEN_URI)
			continue;
		u = ASN1_STRING_get0_data(g->d.uniformResourceIdentifier);
		ulen = (size_t)ASN1_STRING_length(
		    g->d.uniformResourceIdentifier);
		if (ulen == strlen(bundle_urn) && memcmp(u, bundle_urn,
		    ulen) == 0)
			marked = 1;
		if (ulen >= k && memcmp(u, region_urn, k) == 0)
			region = 1;
	}
	GENERAL_NAMES_free(gens);
	ERR_clear_error();
	if (!marked) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate is not a bundle signer's (no subjectAltName "
		    "URI %s): an office's key cannot sign a bundle",
		    bundle_urn);
		return -1;
	}
	if (region) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate also names regions (%s...): a bundle signer "
		    "must not be an office", region_urn);
		return -1;
	}
	if (X509_get_extension_flags(x) & EXFLAG_CA) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate is a CA certificate");
		return -1;
	}
	if (!(X509_get_key_usage(x) & KU_DIGITAL_SIGNATURE)) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate's keyUsage does not allow digital "
		    "signatures");
		return -1;
	}
	return 0;
}

static X509 *
der_cert(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x;

	if (len > LONG_MAX)
		return NULL;
	x = d2i_X509(NULL, &p, (long)len);
	if (x != NULL && p != der + len) {
		X509_free(x);
		x = NULL;
	}
	ERR_clear_error();
	return x;
}

/* The trust store of a bundle's items; a failure is E-BUNDLE-ITEM. */
static trust_store *
store_of(const bundle *b, sg_err *err)
{
	trust_store *ts;
	sg_err e2;

	sg_err_clear(&e2);
	if ((ts = trust_store_load_bundle(b, &e2)) == NULL)
		sg_err_set(err, "E-BUNDLE-ITEM", e2.where, "%s [%s]",
		    e2.message, e2.code);
	return ts;
}

static X509 *
signer_of(const bundle *b, sg_err *err)
{
	X509 *x = der_cert(b->signer, b->signer_len);

	if (x == NULL)
		sg_err_set(err, "E-BUNDLE-SIGNER", b->path, "no signer "
		    "certificate");
	return x;
}

static void
fingerprint(X509 *x, char hex[65])
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	if (n > 0)
		file_sha256_hex(der, (size_t)n, hex);
	else
		snprintf(hex, 65, "?");
	OPENSSL_free(der);
}

/* The signature, and the signer's standing in the bundle's own store. */
static int
bundle_verify(bundle *b, const char *buf, sg_err *err)
{
	X509 *x = NULL;
	verify_key *vk = NULL;
	trust_store *ts = NULL;
	enum trust_reason r;
	char place[600], detail[300], made[32];
	sg_err e2;
	int rc = -1, v;

	place_of(b->path, 5, place, sizeof place);
	if ((x = der_cert(b->signer, b->signer_len)) == NULL) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer line "
		    "holds no DER certificate");
		goto out;
	}
	if (signer_marked(x, place, err) != 0)
		goto out;
	sg_err_clear(&e2);
	if ((vk = verify_key_from_x509(x, &e2)) == NULL) {
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate: %s", e2.message);
		goto out;
	}
	v = verify_key_check(vk, (const unsigned char *)buf, b->signed_len,
	    b->sig, &e2);
	if (v != 1) {
		sg_err_set(err, "E-BUNDLE-SIGNATURE", b->path, "the bundle's "
		    "signature does not verify with its signer certificate: "
		    "the file was changed after it was signed");
		goto out;
	}
	if ((ts = store_of(b, err)) == NULL)
		goto out;
	r = trust_store_judge_cert(ts, x, b->made, detail, sizeof detail);
	if (r != TRUST_OK) {
		bundle_stamp(b->made, made);
		sg_err_set(err, "E-BUNDLE-SIGNER", place, "the signer "
		    "certificate is not trusted by the bundle's roots when "
		    "it was made (%s): %s", made, detail);
		goto out;
	}
	rc = 0;
out:
	trust_store_free(ts);
	verify_key_free(vk);
	X509_free(x);
	ERR_clear_error();
	return rc;
}

bundle *
bundle_load_mem(const char *buf, size_t len, const char *where, sg_err *err)
{
	bundle *b;

	if ((b = bundle_parse(buf, len, where, err)) == NULL)
		return NULL;
	if (bundle_verify(b, buf, err) != 0) {
		bundle_free(b);
		return NULL;
	}
	return b;
}

bundle *
bundle_load(const char *path, sg_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	bundle *b;

	if (file_read_all(path, BUNDLE_MAX_BYTES, 0, "E-BUNDLE", &buf, &len,
	    err) != 0)
		return NULL;
	b = bundle_load_mem(buf, len, path, err);
	free(buf);
	return b;
}

int
bundle_sniff(const char *path)
{
	char head[12];
	struct stat st;
	ssize_t n;
	int fd, r = 0;

	/* only the first bytes matter: not file_read_all's whole file, and
	 * never a FIFO or device (O_NONBLOCK, then a regular file only) */
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)) < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (n = read(fd, head, sizeof head)) == (ssize_t)sizeof head)
		r = memcmp(head, "SEGEL-TRUST ", sizeof head) == 0;
	close(fd);
	return r;
}

unsigned long
bundle_sequence(const bundle *b)
{
	return b->sequence;
}

time_t
bundle_made(const bundle *b)
{
	return b->made;
}

time_t
bundle_next(const bundle *b)
{
	return b->next;
}

size_t
bundle_count(const bundle *b)
{
	return b != NULL ? b->n : 0;
}

const bundle_item *
bundle_at(const bundle *b, size_t i)
{
	return b != NULL && i < b->n ? &b->items[i] : NULL;
}

const char *
bundle_path(const bundle *b)
{
	return b->path;
}

void
bundle_item_place(const bundle *b, size_t i, char *buf, size_t sz)
{
	if (i < b->n)
		place_of(b->path, b->lines[i], buf, sz);
	else
		snprintf(buf, sz, "%s", b->path);
}

const bundle_item *
bundle_find(const bundle *b, enum bundle_kind kind, const char *name)
{
	size_t i;

	for (i = 0; b != NULL && i < b->n; i++)
		if (b->items[i].kind == kind && b->items[i].name != NULL &&
		    strcmp(b->items[i].name, name) == 0)
			return &b->items[i];
	return NULL;
}

const unsigned char *
bundle_signer(const bundle *b, size_t *len)
{
	*len = b->signer_len;
	return b->signer;
}

/* ---- the office check (segel-sign --bundle) ---- */

int
bundle_office_check(const bundle *b, void *x509, const char *region,
    sg_date day, sg_err *err)
{
	trust_store *ts = NULL;
	const trust_issuer *cand[16], *used = NULL;
	unsigned char kid[KID_LEN];
	enum trust_reason r = TRUST_UNKNOWN_KEY;
	char detail[300] = "", iso[11];
	size_t i, n;
	int rc = -1, found = 0;

	date_format_iso(day, iso);
	if ((ts = store_of(b, err)) == NULL)
		goto out;
	if (key_id_of_x509(x509, kid) != 0) {
		sg_err_set(err, "E-SYSTEM", bundle_path(b), "cannot compute the "
		    "key id");
		goto out;
	}
	n = trust_find_kid(ts, kid, cand, 16);
	for (i = 0; i < n && i < 16; i++)
		if (X509_cmp(cand[i]->x509, x509) == 0) {
			found = 1;
			r = trust_judge_key(ts, cand[i], day, region, &used,
			    detail, sizeof detail);
			break;
		}
	if (!found) {
		sg_err_set(err, "E-BUNDLE-OFFICE", bundle_path(b), "the office's "
		    "certificate is not in the bundle that verifiers use: "
		    "documents signed now could not be verified; send the "
		    "certificate to whoever makes the bundle");
		goto out;
	}
	if (r != TRUST_OK) {
		sg_err_set(err, "E-BUNDLE-OFFICE", bundle_path(b), "the bundle "
		    "would not trust the office's key for %s on %s (%s: %s): "
		    "documents signed now would not verify",
		    region ? region : "?", iso, trust_reason_code(r), detail);
		goto out;
	}
	rc = 0;
out:
	trust_store_free(ts);
	ERR_clear_error();
	return rc;
}

/* ---- writing (segel-trust bundle) ---- */

struct make_ctx {
	FILE *mem;
	const struct bundle_make *m;
	bundle_notice_fn fn;
	void *fctx;
	size_t counts[5];
	int failed;
};

static void
make_notice(struct make_ctx *c, const char *code, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
make_notice(struct make_ctx *c, const char *code, const char *where,
    const char *fmt, ...)
{
	sg_err e;
	va_list ap;

	va_start(ap, fmt);
	sg_err_vset(&e, code, where, fmt, ap);
	va_end(ap);
	if (c->fn != NULL)
		c->fn(c->fctx, &e);
}

static int
put_item(struct make_ctx *c, enum bundle_kind k, const char *name,
    const unsigned char *data, size_t len)
{
	char *b64 = b64_encode(data, len);

	if (b64 == NULL)
		return -1;
	if (name != NULL)
		fprintf(c->mem, "%s %s %s\n", kind_word[k], name, b64);
	else
		fprintf(c->mem, "%s %s\n", kind_word[k], b64);
	free(b64);
	c->counts[k]++;
	return 0;
}

static int
put_part(void *ctx, enum trust_part kind, const unsigned char *der,
    size_t len, const char *file, int chained)
{
	struct make_ctx *c = ctx;
	X509 *x;
	char *subj;

	if (!chained) {
		x = der_cert(der, len);
		subj = x != NULL ? X509_NAME_oneline(X509_get_subject_name(x),
		    NULL, 0) : NULL;
		make_notice(c, "W-BUNDLE-LEFT-OUT", file ? file :
		    c->m->trust_dir, "\"%s\" is left out: it does not chain to "
		    "a root of the trust directory", subj ? subj : "?");
		OPENSSL_free(subj);
		X509_free(x);
		return 0;
	}
	switch (kind) {
	case TRUST_PART_ROOT:
		return put_item(c, BUNDLE_ROOT, NULL, der, len);
	case TRUST_PART_CA:
	case TRUST_PART_ISSUER:
		return put_item(c, BUNDLE_CERT, NULL, der, len);
	case TRUST_PART_CRL:
		return put_item(c, BUNDLE_CRL, NULL, der, len);
	}
	return -1;
}

struct status_cand {
	const char *path;
	char *buf;
	size_t len;
	char issuer[32], kid[32];
	sg_date date;
	int keep;
};

/* Every status list of the directory, checked as a verifier checks it;
 * the newest of each office and key goes in. */
static int
put_status(struct make_ctx *c, trust_store *ts, const doctype_set *types,
    sg_err *err)
{
	struct status_cand *v = NULL;
	status_table *tab = NULL;
	size_t n = trust_store_status_count(ts), i, j, before;
	const sg_err *no;
	const char *name;
	int rc = -1;

	if (n == 0)
		return 0;
	if ((v = calloc(n, sizeof *v)) == NULL ||
	    (tab = status_table_new(ts, types)) == NULL) {
		sg_err_set(err, "E-SYSTEM", c->m->trust_dir, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		v[i].path = trust_store_status_path(ts, i);
		if (file_read_all(v[i].path, STATUS_MAX_BYTES, 0, "E-STATUS",
		    &v[i].buf, &v[i].len, err) != 0)
			goto out;
		if (status_list_head(v[i].buf, v[i].len, v[i].issuer, v[i].kid,
		    &v[i].date, err) != 0) {
			snprintf(err->where, sizeof err->where, "%s", v[i].path);
			goto out;
		}
		before = status_table_notice_count(tab);
		if (status_table_load_mem(tab, v[i].path, v[i].buf, v[i].len,
		    err) != 0)
			goto out;
		v[i].keep = 1;
		for (j = before; j < status_table_notice_count(tab); j++) {
			no = status_table_notice(tab, j);
			if (strcmp(no->code, "W-STATUS-KEY-REVOKED") == 0)
				v[i].keep = 0;
			if (c->fn != NULL)
				c->fn(c->fctx, no);
		}
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n && v[i].keep; j++)
			if (j != i && v[j].keep &&
			    strcmp(v[i].issuer, v[j].issuer) == 0 &&
			    strcmp(v[i].kid, v[j].kid) == 0 &&
			    (date_cmp(v[j].date, v[i].date) > 0 ||
			    (date_cmp(v[j].date, v[i].date) == 0 && j > i))) {
				v[i].keep = 0;
				make_notice(c, "W-BUNDLE-LEFT-OUT", v[i].path,
				    "an older status list of %s is left out: %s "
				    "is newer", v[i].issuer, v[j].path);
			}
	for (i = 0; i < n; i++) {
		if (!v[i].keep)
			continue;
		name = strrchr(v[i].path, '/');
		name = name != NULL ? name + 1 : v[i].path;
		if (!status_name_ok(name, strlen(name))) {
			sg_err_set(err, "E-BUNDLE-INPUT", v[i].path, "a status "
			    "list's name must be letters, digits, '.', '_' or "
			    "'-' and end in .status");
			goto out;
		}
		if (put_item(c, BUNDLE_STATUS, name, (unsigned char *)v[i].buf,
		    v[i].len) != 0) {
			sg_err_set(err, "E-SYSTEM", v[i].path, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; v != NULL && i < n; i++)
		free(v[i].buf);
	free(v);
	status_table_free(tab);
	return rc;
}

/* What of formats/ a verifier needs: the schema, the document types, the
 * code and region tables, the font and colour profile (with their
 * licences).  Not the prose (*.md), not the vectors. */
static int
wanted_file(const char *rel)
{
	static const char *const dirs[] = {
		"types/", "codes/", "wilayah/", "fonts/", "icc/"
	};
	const char *base = strrchr(rel, '/');
	size_t k;

	if (strcmp(rel, "doctype.xsd") == 0)
		return 1;
	if (base == NULL || strcmp(base + 1, "README.md") == 0)
		return 0;
	for (k = 0; k < sizeof dirs / sizeof *dirs; k++)
		if (strncmp(rel, dirs[k], strlen(dirs[k])) == 0 &&
		    strchr(rel + strlen(dirs[k]), '/') == NULL)
			return 1;
	return 0;
}

struct walk_ctx {
	struct make_ctx *c;
	trust_store *ts;        /* whose offices' regions are kept */
	size_t skip;            /* strlen(formats dir) + 1 */
	sg_err *err;
};

/* Is a region row of use to a verifier of these offices: an office's
 * region, a region above one (its name is printed) or below one. */
static int
region_wanted(trust_store *ts, const char *code)
{
	const trust_issuer *is;
	size_t i, k;

	for (i = 0; i < trust_store_issuer_count(ts); i++) {
		is = trust_store_issuer(ts, i);
		for (k = 0; is->regions != NULL && is->regions[k] != NULL; k++)
			if (region_code_covers(is->regions[k], code) ||
			    region_code_covers(code, is->regions[k]))
				return 1;
	}
	return 0;
}

/*
 * The region tables trimmed to the bundle's offices: the header line and
 * every row whose code (the first column) region_wanted keeps.  In
 * place; returns the new length.
 */
static size_t
trim_regions(trust_store *ts, char *buf, size_t len)
{
	char *r = buf, *w = buf, *nl, *end = buf + len, code[32];
	size_t n, c;
	int first = 1;

	while (r < end) {
		nl = memchr(r, '\n', (size_t)(end - r));
		n = nl != NULL ? (size_t)(nl - r) + 1 : (size_t)(end - r);
		c = strcspn(r, ",\n");
		if (c > n)
			c = n;
		if (first || (c < sizeof code && (memcpy(code, r, c),
		    code[c] = '\0', region_wanted(ts, code)))) {
			memmove(w, r, n);
			w += n;
		}
		first = 0;
		r += n;
	}
	return (size_t)(w - buf);
}

static int
put_file(void *ctx, const char *path, const char *name, const sg_err *problem)
{
	struct walk_ctx *w = ctx;
	const char *rel = path + w->skip;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (problem != NULL) {
		*w->err = *problem;
		return -1;
	}
	if (strlen(path) < w->skip || !wanted_file(rel))
		return 0;
	if (!file_name_ok(rel, strlen(rel))) {
		sg_err_set(w->err, "E-BUNDLE-INPUT", path, "a formats file's "
		    "name must be letters, digits, '.', '_' or '-'");
		return -1;
	}
	if (file_read_all(path, BUNDLE_MAX_ITEM, 0, "E-BUNDLE-INPUT", &buf,
	    &len, w->err) != 0)
		return -1;
	if (strncmp(rel, "wilayah/", 8) == 0 && strlen(rel) > 12 &&
	    strcmp(rel + strlen(rel) - 4, ".csv") == 0)
		len = trim_regions(w->ts, buf, len);
	rc = len == 0 ? 0 : put_item(w->c, BUNDLE_FILE, rel,
	    (unsigned char *)buf, len);
	free(buf);
	if (rc != 0)
		sg_err_set(w->err, "E-SYSTEM", path, "out of memory");
	return rc;
}

static X509 *
read_cert_file(const char *path, sg_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	BIO *bio;
	X509 *x = NULL;

	if (file_read_all(path, 1u << 20, 0, "E-BUNDLE-INPUT", &buf, &len,
	    err) != 0)
		return NULL;
	if ((bio = BIO_new_mem_buf(buf, (int)len)) != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL)
		x = der_cert((unsigned char *)buf, len);
	free(buf);
	ERR_clear_error();
	if (x == NULL)
		sg_err_set(err, "E-BUNDLE-INPUT", path, "not a certificate "
		    "(PEM or DER)");
	return x;
}

int
bundle_write(const struct bundle_make *m, bundle_notice_fn fn, void *fctx,
    sg_err *err)
{
	struct make_ctx c;
	struct walk_ctx w;
	trust_store *ts = NULL;
	doctype_set *types = NULL;
	sign_key *key = NULL;
	X509 *signer = NULL;
	bundle *old = NULL, *check = NULL;
	unsigned char *der = NULL, sig[SIG_LEN];
	char *buf = NULL, *oldbuf = NULL, *b64 = NULL, made[32], next[32];
	size_t len = 0, oldlen = 0, i;
	unsigned long seq = m->sequence;
	struct stat st;
	sg_err e2;
	int n, rc = -1;

	memset(&c, 0, sizeof c);
	c.m = m;
	c.fn = fn;
	c.fctx = fctx;
	/* No rollback: the output's sequence only goes up. */
	if (lstat(m->out, &st) == 0) {
		if (file_read_all(m->out, BUNDLE_MAX_BYTES, 0, "E-BUNDLE-OUTPUT",
		    &oldbuf, &oldlen, err) != 0)
			goto out;
		sg_err_clear(&e2);
		if ((old = bundle_parse(oldbuf, oldlen, m->out, &e2)) == NULL) {
			sg_err_set(err, "E-BUNDLE-OUTPUT", m->out, "is there and "
			    "is not a trust bundle (%s): not replaced",
			    e2.message);
			goto out;
		}
		if (seq == 0)
			seq = bundle_sequence(old) + 1;
		else if (seq <= bundle_sequence(old)) {
			sg_err_set(err, "E-BUNDLE-SEQUENCE", m->out, "sequence "
			    "%lu is not greater than the bundle's there (%lu): "
			    "verifiers would refuse it as a rollback", seq,
			    bundle_sequence(old));
			goto out;
		}
	} else if (seq == 0)
		seq = 1;
	if (seq > 999999999999999ul) {
		sg_err_set(err, "E-BUNDLE-SEQUENCE", m->out, "sequence %lu is "
		    "too large", seq);
		goto out;
	}
	if (m->next_days < 1 || m->next_days > 3660) {
		sg_err_set(err, "E-BUNDLE-INPUT", m->out, "the next bundle must "
		    "be due in 1 to 3660 days, not %ld", m->next_days);
		goto out;
	}
	/* The signer: key, certificate, marker. */
	if ((key = key_load_private(m->key_path, m->pass_file, -1,
	    err)) == NULL)
		goto out;
	if ((signer = read_cert_file(m->cert_path, err)) == NULL)
		goto out;
	if (key_matches_x509(key, signer) != 1) {
		sg_err_set(err, "E-BUNDLE-SIGNER", m->cert_path, "the "
		    "certificate is not the key's (%s)", m->key_path);
		goto out;
	}
	if (signer_marked(signer, m->cert_path, err) != 0)
		goto out;
	/* What goes in, read and checked as verifiers will. */
	if ((ts = trust_store_load(m->trust_dir, err)) == NULL)
		goto out;
	for (i = 0; i < trust_store_notice_count(ts); i++)
		if (fn != NULL)
			fn(fctx, trust_store_notice(ts, i));
	if ((types = doctype_set_load(m->formats_dir, err)) == NULL)
		goto out;
	if ((c.mem = open_memstream(&buf, &len)) == NULL) {
		sg_err_sys(err, m->out, "cannot assemble the bundle");
		goto out;
	}
	bundle_stamp(m->made, made);
	bundle_stamp(m->made + (time_t)m->next_days * 86400, next);
	if ((n = i2d_X509(signer, &der)) <= 0 ||
	    (b64 = b64_encode(der, (size_t)n)) == NULL) {
		sg_err_set(err, "E-SYSTEM", m->cert_path, "cannot encode the "
		    "certificate");
		goto out;
	}
	fprintf(c.mem, "%s\nsequence %lu\nmade %s\nnext %s\nsigner %s\n",
	    BUNDLE_MAGIC, seq, made, next, b64);
	if (trust_store_parts(ts, put_part, &c) != 0) {
		sg_err_set(err, "E-SYSTEM", m->trust_dir, "cannot encode the "
		    "trust material");
		goto out;
	}
	if (put_status(&c, ts, types, err) != 0)
		goto out;
	w.c = &c;
	w.ts = ts;
	w.skip = strlen(m->formats_dir) + 1;
	w.err = err;
	if (file_walk(m->formats_dir, 2, put_file, &w, err) != 0)
		goto out;
	if (fflush(c.mem) != 0) {
		sg_err_sys(err, m->out, "cannot assemble the bundle");
		goto out;
	}
	if (key_sign(key, (unsigned char *)buf, len, sig, err) != 0)
		goto out;
	free(b64);
	if ((b64 = b64_encode(sig, SIG_LEN)) == NULL) {
		sg_err_set(err, "E-SYSTEM", m->out, "out of memory");
		goto out;
	}
	fprintf(c.mem, "sig %s\n", b64);
	if (fclose(c.mem) != 0) {
		c.mem = NULL;
		sg_err_sys(err, m->out, "cannot assemble the bundle");
		goto out;
	}
	c.mem = NULL;
	/* Read back as a verifier will: a bundle nobody could take (a
	 * signer not certified by its roots, or revoked, or expired) is
	 * refused here, not at every verifier. */
	if ((check = bundle_load_mem(buf, len, m->out, err)) == NULL)
		goto out;
	if (file_replace(m->out, buf, len, 0644, err) != 0)
		goto out;
	rc = 0;
out:
	if (c.mem != NULL)
		fclose(c.mem);
	OPENSSL_free(der);
	free(b64);
	free(buf);
	free(oldbuf);
	bundle_free(old);
	bundle_free(check);
	doctype_set_free(types);
	trust_store_free(ts);
	X509_free(signer);
	key_free(key);
	OPENSSL_cleanse(sig, sizeof sig);
	ERR_clear_error();
	return rc;
}

/* ---- checking against a pinned root or an older bundle ---- */

int
bundle_check_root(const bundle *b, const char *root_path, sg_err *err)
{
	trust_store *ts = NULL;
	X509 *pin = NULL, *signer = NULL, *root;
	char fp1[65], fp2[65];
	int rc = -1;

	if ((pin = read_cert_file(root_path, err)) == NULL)
		goto out;
	if ((ts = store_of(b, err)) == NULL)
		goto out;
	if ((signer = signer_of(b, err)) == NULL)
		goto out;
	root = trust_store_chain_root(ts, signer);
	fingerprint(pin, fp1);
	if (root == NULL || X509_cmp(root, pin) != 0) {
		if (root != NULL) {
			fingerprint(root, fp2);
			sg_err_set(err, "E-BUNDLE-ROOT", b->path, "the bundle's "
			    "signer does not chain to the root %s (SHA-256 %s) "
			    "but to SHA-256 %s: do not use this bundle",
			    root_path, fp1, fp2);
		} else
			sg_err_set(err, "E-BUNDLE-ROOT", b->path, "the bundle's "
			    "signer does not chain to the root %s (SHA-256 %s): "
			    "do not use this bundle", root_path, fp1);
		goto out;
	}
	rc = 0;
out:
	X509_free(pin);
	X509_free(signer);
	trust_store_free(ts);
	ERR_clear_error();
	return rc;
}

int
bundle_check_update(const bundle *old, const bundle *b, sg_err *err)
{
	trust_store *ts = NULL;
	X509 *signer = NULL;
	enum trust_reason r;
	char detail[300];
	int rc = -1;

	if ((ts = store_of(old, err)) == NULL)
		goto out;
	if ((signer = signer_of(b, err)) == NULL)
		goto out;
	r = trust_store_judge_cert(ts, signer, b->made, detail, sizeof detail);
	if (r != TRUST_OK) {
		sg_err_set(err, "E-BUNDLE-ROOT", b->path, "the bundle's signer "
		    "is not trusted by the roots of %s: %s", old->path, detail);
		goto out;
	}
	if (b->made < old->made) {
		bundle_stamp(b->made, detail);
		sg_err_set(err, "E-BUNDLE-SEQUENCE", b->path, "made %s, before "
		    "%s was made: not an update", detail, old->path);
		goto out;
	}
	if (b->sequence <= old->sequence) {
		sg_err_set(err, "E-BUNDLE-SEQUENCE", b->path, "sequence %lu is "
		    "not greater than %lu of %s: not an update (a rollback "
		    "or a replay)", b->sequence, old->sequence, old->path);
		goto out;
	}
	rc = 0;
out:
	X509_free(signer);
	trust_store_free(ts);
	ERR_clear_error();
	return rc;
}

/* ---- describing (segel-trust show) ---- */

static json_t *
time_json(const ASN1_TIME *t)
{
	struct tm tm;
	char buf[80];

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return json_null();
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
	    tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
	    tm.tm_sec % 100);
	return json_string(buf);
}

/* The CN of a name, UTF-8, or "?"; a new string. */
static char *
name_cn(const X509_NAME *nm)
{
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	unsigned char *u = NULL;
	char *out = NULL;
	int n;

	if (i >= 0 && (n = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(nm, i)))) >= 0)
		out = strndup((char *)u, (size_t)n);
	OPENSSL_free(u);
	ERR_clear_error();
	return out != NULL ? out : strdup("?");
}

static json_t *
cert_json(X509 *x)
{
	json_t *o = json_object();
	char fp[65], *cn = name_cn(X509_get_subject_name(x));

	fingerprint(x, fp);
	json_object_set_new(o, "name", json_string(cn ? cn : "?"));
	json_object_set_new(o, "sha256", json_string(fp));
	json_object_set_new(o, "not_before", time_json(X509_get0_notBefore(x)));
	json_object_set_new(o, "not_after", time_json(X509_get0_notAfter(x)));
	free(cn);
	return o;
}

static long
age_days(time_t now, long day)
{
	return (long)(now >= 0 ? now / 86400 : (now - 86399) / 86400) - day;
}

json_t *
bundle_describe(const bundle *b, time_t now, sg_err *err)
{
	json_t *o = NULL, *roots, *offices, *crls, *lists, *files, *types, *e;
	json_t *regs;
	trust_store *ts = NULL;
	const trust_issuer *is;
	const bundle_item *it;
	const unsigned char *p;
	X509 *x = NULL;
	X509_CRL *crl = NULL;
	ASN1_INTEGER *num;
	STACK_OF(X509_REVOKED) *rv;
	unsigned char kid[KID_LEN];
	char buf[64], iss[32], kidhex[32], kh[2 * KID_LEN + 4], *cn;
	const char *reason, *s, *q;
	sg_date d;
	size_t i, k, nrev, nsup;
	sg_err e2;

	if ((ts = store_of(b, err)) == NULL)
		return NULL;
	o = json_object();
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "file", json_string(b->path));
	json_object_set_new(o, "sequence", json_integer((json_int_t)
	    b->sequence));
	bundle_stamp(b->made, buf);
	json_object_set_new(o, "made", json_string(buf));
	bundle_stamp(b->next, buf);
	json_object_set_new(o, "next", json_string(buf));
	json_object_set_new(o, "age_days", json_integer(age_days(now,
	    (long)(b->made / 86400))));
	json_object_set_new(o, "overdue", json_boolean(now > b->next));
	if ((x = der_cert(b->signer, b->signer_len)) != NULL)
		json_object_set_new(o, "signer", cert_json(x));
	X509_free(x);
	x = NULL;
	json_object_set_new(o, "roots", roots = json_array());
	json_object_set_new(o, "offices", offices = json_array());
	json_object_set_new(o, "crls", crls = json_array());
	json_object_set_new(o, "status_lists", lists = json_array());
	json_object_set_new(o, "types", types = json_array());
	json_object_set_new(o, "files", files = json_array());
	for (i = 0; i < b->n; i++) {
		it = &b->items[i];
		switch (it->kind) {
		case BUNDLE_ROOT:
			if ((x = der_cert(it->data, it->len)) != NULL)
				json_array_append_new(roots, cert_json(x));
			X509_free(x);
			x = NULL;
			break;
		case BUNDLE_CRL:
			p = it->data;
			if ((crl = d2i_X509_CRL(NULL, &p, (long)it->len)) ==
			    NULL)
				break;
			e = json_object();
			cn = name_cn(X509_CRL_get_issuer(crl));
			json_object_set_new(e, "issuer", json_string(cn ? cn :
			    "?"));
			free(cn);
			num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL,
			    NULL);
			json_object_set_new(e, "number", num ? json_integer(
			    ASN1_INTEGER_get(num)) : json_null());
			ASN1_INTEGER_free(num);
			json_object_set_new(e, "this_update", time_json(
			    X509_CRL_get0_lastUpdate(crl)));
			json_object_set_new(e, "next_update", time_json(
			    X509_CRL_get0_nextUpdate(crl)));
			rv = X509_CRL_get_REVOKED(crl);
			json_object_set_new(e, "revoked", json_integer(
			    rv ? sk_X509_REVOKED_num(rv) : 0));
			json_array_append_new(crls, e);
			X509_CRL_free(crl);
			crl = NULL;
			break;
		case BUNDLE_STATUS:
			e = json_object();
			json_object_set_new(e, "file", json_string(it->name));
			if (status_list_head((const char *)it->data, it->len,
			    iss, kidhex, &d, &e2) == 0) {
				date_format_iso(d, buf);
				json_object_set_new(e, "office",
				    json_string(iss));
				json_object_set_new(e, "kid",
				    json_string(kidhex));
				json_object_set_new(e, "date", json_string(buf));
				json_object_set_new(e, "age_days", json_integer(
				    age_days(now, date_to_days(d))));
			}
			nrev = nsup = 0;
			s = (const char *)it->data;
			for (q = s; q != NULL && q < s + it->len;
			    q = memchr(q, '\n', it->len - (size_t)(q - s)),
			    q = q ? q + 1 : NULL) {
				if (strncmp(q, "revoked ", 8) == 0)
					nrev++;
				else if (strncmp(q, "superseded ", 11) == 0)
					nsup++;
			}
			json_object_set_new(e, "revoked", json_integer(
			    (json_int_t)nrev));
			json_object_set_new(e, "superseded", json_integer(
			    (json_int_t)nsup));
			json_array_append_new(lists, e);
			break;
		case BUNDLE_FILE:
			e = json_object();
			json_object_set_new(e, "path", json_string(it->name));
			json_object_set_new(e, "bytes", json_integer(
			    (json_int_t)it->len));
			json_array_append_new(files, e);
			if (strncmp(it->name, "types/", 6) == 0 &&
			    (k = strlen(it->name)) > 10 &&
			    strcmp(it->name + k - 4, ".xml") == 0)
				json_array_append_new(types, json_stringn(
				    it->name + 6, k - 10));
			break;
		default:
			break;
		}
	}
	for (i = 0; i < trust_store_issuer_count(ts); i++) {
		is = trust_store_issuer(ts, i);
		e = json_object();
		json_object_set_new(e, "name", json_string(is->name));
		json_object_set_new(e, "subject", json_string(is->subject));
		json_object_set_new(e, "regions", regs = json_array());
		for (k = 0; is->regions && is->regions[k]; k++)
			json_array_append_new(regs, json_string(
			    is->regions[k]));
		if (key_id_of_x509(is->x509, kid) == 0) {
			for (k = 0; k < KID_LEN; k++)
				snprintf(kh + 2 * k, 3, "%02x", kid[k]);
			json_object_set_new(e, "kid", json_string(kh));
		}
		json_object_set_new(e, "not_before", time_json(
		    X509_get0_notBefore(is->x509)));
		json_object_set_new(e, "not_after", time_json(
		    X509_get0_notAfter(is->x509)));
		if (trust_issuer_revoked(ts, is, &d, &reason)) {
			json_t *r = json_object();

			date_format_iso(d, buf);
			json_object_set_new(r, "date", json_string(buf));
			json_object_set_new(r, "reason", json_string(reason));
			json_object_set_new(e, "revoked", r);
		} else
			json_object_set_new(e, "revoked", json_null());
		json_array_append_new(offices, e);
	}
	trust_store_free(ts);
	ERR_clear_error();
	return o;
}
