/*
 * pdfsign.c - the PDF signature's incremental update and its CMS
 * (pdfsign.h).
 *
 * The PDFs signed here are segel's own (libharu's, book.h's): one classic
 * xref table, a trailer with /Root, /Info, /ID and /Size.  They are read
 * with a small bounded lexer all the same, and anything else is refused.
 *
 * OpenSSL's CMS_SignerInfo_sign() always adds a signing-time attribute,
 * which PAdES baseline leaves out (the time is /M): the signer info is
 * made with CMS_PARTIAL and the content-type and message-digest
 * attributes are added here, once per signer, as a template (building
 * the CMS anew cost four times the ECDSA signature); each document's
 * digest and signature go into a copy of its DER (make_cms).
 */
#include "pdfsign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "file.h"
#include "keys.h"
#include "pdfsign_impl.h"

#define CERT_FILE_MAX  (256 * 1024)
#define MAX_DEPTH      32
#define UPDATE_MAX     (1024 * 1024)

#define CMS_LEVELS     5
#define CMS_ATTRS_MAX  4096

/* The CMS of every signature but its digest and signature (cms_template) */
struct cms_tpl {
	unsigned char *der;             /* OpenSSL's DER, all below in it */
	size_t pre[CMS_LEVELS];         /* per container: after its header, */
	size_t pre_len[CMS_LEVELS];     /* the bytes before its last element */
	size_t attrs, attrs_len;        /* the signed attributes, [0] */
	size_t md;                      /* the message digest's 32 bytes */
};

struct pdfsign {
	sign_key *key;
	X509 *cert;
	size_t contents;   /* bytes the /Contents string holds (decoded) */
	struct cms_tpl t;
	unsigned char *cms; /* a document's CMS, contents bytes */
};

static int cms_template(pdfsign *s, sg_err *err);
static size_t cms_max(const struct cms_tpl *t);

pdfsign *
pdfsign_new(const char *key, const char *cert, const char *pass_file,
    int pass_fd, sg_err *err)
{
	pdfsign *s;
	char *pem = NULL;
	size_t pemlen = 0;
	BIO *bio = NULL;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	if ((s->key = key_load_private(key, pass_file, pass_fd, err)) == NULL)
		goto bad;
	/* OpenSSL 3.0 cannot verify an EdDSA CMS with signed attributes
	 * ("eddsa_digest_signverify_init: invalid digest"), nor can
	 * poppler's NSS: no signature nobody can check */
	if (key_alg(s->key) == SIG_ED25519) {
		sg_err_set(err, "W-RENDER-UNSIGNED", key, "an Ed25519 key makes "
		    "no PDF signature (OpenSSL 3.0 and poppler cannot check "
		    "EdDSA in CMS): the PDFs go without one, and segel-verify "
		    "checks their pages");
		goto bad;
	}
	if (file_read_all(cert, CERT_FILE_MAX, 0, "E-RENDER-SIGN", &pem,
	    &pemlen, err) != 0)
		goto bad;
	if ((bio = BIO_new_mem_buf(pem, (int)pemlen)) == NULL ||
	    (s->cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) == NULL) {
		ERR_clear_error();
		sg_err_set(err, "E-RENDER-SIGN", cert, "not a PEM certificate");
		goto bad;
	}
	if (key_matches_x509(s->key, s->cert) != 1) {
		sg_err_set(err, "E-RENDER-SIGN", cert, "the certificate is not "
		    "the key's (%s)", key);
		goto bad;
	}
	/* /Contents holds the longest CMS the template can give: every
	 * byte of it is written into, and hashed, in every signed PDF */
	if (cms_template(s, err) != 0)
		goto bad;
	s->contents = cms_max(&s->t);
	if ((s->cms = malloc(s->contents)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto bad;
	}
	BIO_free(bio);
	free(pem);
	return s;
bad:
	BIO_free(bio);
	free(pem);
	pdfsign_free(s);
	return NULL;
}

void
pdfsign_free(pdfsign *s)
{
	if (s == NULL)
		return;
	key_free(s->key);
	X509_free(s->cert);
	OPENSSL_free(s->t.der);
	free(s->cms);
	free(s);
}

/* ------------------------------------------------------------ the lexer */

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == '\0';
}

static int
is_delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != '\0';
}

/* The next token from l->i: its kind, [*ts, *te). */
enum pdf_tok
pdf_lex(pdf_lexer *l, size_t *ts, size_t *te)
{
	const unsigned char *p = l->p;
	size_t i = l->i, depth;

	for (;;) {
		while (i < l->end && is_ws(p[i]))
			i++;
		if (i < l->end && p[i] == '%') {
			while (i < l->end && p[i] != '\n' && p[i] != '\r')
				i++;
			continue;
		}
		break;
	}
	*ts = i;
	if (i >= l->end) {
		l->i = *te = i;
		return PT_END;
	}
	switch (p[i]) {
	case '<':
		if (i + 1 < l->end && p[i + 1] == '<') {
			l->i = *te = i + 2;
			return PT_DOPEN;
		}
		for (i++; i < l->end && p[i] != '>'; i++)
			if (!is_ws(p[i]) && !strchr("0123456789abcdefABCDEF",
			    p[i]))
				return PT_ERR;
		if (i >= l->end)
			return PT_ERR;
		l->i = *te = i + 1;
		return PT_HEX;
	case '>':
		if (i + 1 < l->end && p[i + 1] == '>') {
			l->i = *te = i + 2;
			return PT_DCLOSE;
		}
		return PT_ERR;
	case '[':
		l->i = *te = i + 1;
		return PT_AOPEN;
	case ']':
		l->i = *te = i + 1;
		return PT_ACLOSE;
	case '(':
		for (depth = 1, i++; i < l->end && depth > 0; i++) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '(')
				depth++;
			else if (p[i] == ')')
				depth--;
		}
		if (depth > 0 || i > l->end)
			return PT_ERR;
		l->i = *te = i;
		return PT_STR;
	case '/':
		for (i++; i < l->end && !is_ws(p[i]) && !is_delim(p[i]); i++)
			;
		l->i = *te = i;
		return PT_NAME;
	case ')': case '{': case '}':
		return PT_ERR;
	default:
		break;
	}
	if (strchr("0123456789+-.", p[i])) {
		for (i++; i < l->end && strchr("0123456789.", p[i]) &&
		    p[i] != '\0'; i++)
			;
		l->i = *te = i;
		return PT_NUM;
	}
	for (; i < l->end && !is_ws(p[i]) && !is_delim(p[i]); i++)
		;
	l->i = *te = i;
	return PT_WORD;
}

/* Skip one value whose first token was t: a dictionary or array whole,
 * "n g R" as one.  0 or -1. */
static int
skip_value(pdf_lexer *l, enum pdf_tok t)
{
	size_t ts, te, save;
	int depth = 0;

	if (t == PT_NUM) {
		save = l->i;
		if (pdf_lex(l, &ts, &te) == PT_NUM && pdf_lex(l, &ts, &te) ==
		    PT_WORD && te - ts == 1 && l->p[ts] == 'R')
			return 0;
		l->i = save;
		return 0;
	}
	if (t != PT_DOPEN && t != PT_AOPEN)
		return t == PT_END || t == PT_ERR || t == PT_DCLOSE ||
		    t == PT_ACLOSE ? -1 : 0;
	for (depth = 1; depth > 0; ) {
		t = pdf_lex(l, &ts, &te);
		if (t == PT_END || t == PT_ERR)
			return -1;
		if (t == PT_DOPEN || t == PT_AOPEN) {
			if (++depth > MAX_DEPTH)
				return -1;
		} else if (t == PT_DCLOSE || t == PT_ACLOSE)
			depth--;
	}
	return 0;
}

/*
 * The dictionary starting at or after `at` (its "<<"), up to end: 0 with
 * [*ds, *de) from "<<" to after ">>", or -1.
 */
int
pdf_dict_at(const unsigned char *p, size_t at, size_t end, size_t *ds,
    size_t *de)
{
	pdf_lexer l = { p, at, end };
	size_t ts, te;

	if (pdf_lex(&l, &ts, &te) != PT_DOPEN)
		return -1;
	*ds = ts;
	l.i = ts;
	if (skip_value(&l, pdf_lex(&l, &ts, &te)) != 0)
		return -1;
	*de = l.i;
	return 0;
}

/* The value of a top-level key of the dictionary [ds, de): 1 with
 * [*vs, *ve), 0 when absent, -1 when the dictionary is not one. */
int
pdf_dict_get(const unsigned char *p, size_t ds, size_t de, const char *key,
    size_t *vs, size_t *ve)
{
	pdf_lexer l = { p, ds, de };
	size_t ts, te, klen = strlen(key);
	enum pdf_tok t;
	int match;

	if (pdf_lex(&l, &ts, &te) != PT_DOPEN)
		return -1;
	for (;;) {
		t = pdf_lex(&l, &ts, &te);
		if (t == PT_DCLOSE)
			return 0;
		if (t != PT_NAME)
			return -1;
		match = te - ts == klen && memcmp(p + ts, key, klen) == 0;
		t = pdf_lex(&l, vs, ve);
		if (skip_value(&l, t) != 0)
			return -1;
		*ve = l.i;
		if (match)
			return 1;
	}
}

/* A non-negative integer of at most 12 digits in [s, e), whitespace
 * around it allowed.  0 or -1. */
int
pdf_uint(const unsigned char *p, size_t s, size_t e, size_t *v)
{
	size_t n = 0, digits = 0;

	while (s < e && is_ws(p[s]))
		s++;
	for (; s < e && p[s] >= '0' && p[s] <= '9'; s++) {
		if (++digits > 12)
			return -1;
		n = n * 10 + (size_t)(p[s] - '0');
	}
	while (s < e && is_ws(p[s]))
		s++;
	if (digits == 0 || s != e)
		return -1;
	*v = n;
	return 0;
}

/* "n 0 R" in [s, e): its object number. */
static int
ref_value(const unsigned char *p, size_t s, size_t e, size_t *obj)
{
	pdf_lexer l = { p, s, e };
	size_t a, b, gen;

	if (pdf_lex(&l, &a, &b) != PT_NUM || pdf_uint(p, a, b, obj) != 0 ||
	    pdf_lex(&l, &a, &b) != PT_NUM || pdf_uint(p, a, b, &gen) != 0 ||
	    gen != 0 || pdf_lex(&l, &a, &b) != PT_WORD || b - a != 1 ||
	    p[a] != 'R' || pdf_lex(&l, &a, &b) != PT_END)
		return -1;
	return 0;
}

/* ------------------------------------------------------- the old file */

struct old {
	const unsigned char *p;
	size_t len;
	size_t xref, trailer;        /* "xref", "trailer" */
	size_t ts, te;               /* the trailer dictionary */
	size_t root, size, info;     /* info 0: none */
	size_t id_s, id_e;           /* the /ID array's text */
};

/* Where object n starts ("n 0 obj"), from the xref table; 0 or -1. */
static int
old_offset(const struct old *o, size_t n, size_t *off)
{
	pdf_lexer l = { o->p, o->xref + 4, o->trailer };
	size_t a, b, start, count, e;

	for (;;) {
		if (pdf_lex(&l, &a, &b) != PT_NUM ||
		    pdf_uint(o->p, a, b, &start) != 0 ||
		    pdf_lex(&l, &a, &b) != PT_NUM ||
		    pdf_uint(o->p, a, b, &count) != 0)
			return -1;
		while (l.i < o->trailer && is_ws(o->p[l.i]))
			l.i++;
		if (count > o->trailer || l.i + 20 * count > o->trailer)
			return -1;
		if (n >= start && n - start < count) {
			e = l.i + 20 * (n - start);
			if (o->p[e + 17] != 'n' ||
			    pdf_uint(o->p, e, e + 10, off) != 0 ||
			    *off >= o->xref)
				return -1;
			return 0;
		}
		l.i += 20 * count;
	}
}

/* The dictionary of object n: [*ds, *de). */
static int
old_object(const struct old *o, size_t n, size_t *ds, size_t *de)
{
	pdf_lexer l;
	size_t off, a, b, v;

	if (old_offset(o, n, &off) != 0)
		return -1;
	l.p = o->p;
	l.i = off;
	l.end = o->xref;
	if (pdf_lex(&l, &a, &b) != PT_NUM || pdf_uint(o->p, a, b, &v) != 0 ||
	    v != n || pdf_lex(&l, &a, &b) != PT_NUM ||
	    pdf_lex(&l, &a, &b) != PT_WORD || b - a != 3 ||
	    memcmp(o->p + a, "obj", 3) != 0)
		return -1;
	return pdf_dict_at(o->p, l.i, o->xref, ds, de);
}

static int
old_ref(const struct old *o, size_t ds, size_t de, const char *key,
    size_t *obj)
{
	size_t vs, ve;

	return pdf_dict_get(o->p, ds, de, key, &vs, &ve) == 1 &&
	    ref_value(o->p, vs, ve, obj) == 0 ? 0 : -1;
}

static int
old_read(struct old *o, const unsigned char *p, size_t len)
{
	size_t i, from, vs, ve, x;
	static const char sx[] = "startxref";

	memset(o, 0, sizeof *o);
	o->p = p;
	o->len = len;
	from = len > 1024 ? len - 1024 : 0;
	for (i = len - (len >= 9 ? 9 : len); ; i--) {
		if (len >= 9 && memcmp(p + i, sx, 9) == 0)
			break;
		if (i <= from)
			return -1;
	}
	for (x = i + 9; x < len && p[x] != '%'; x++)
		;
	if (pdf_uint(p, i + 9, x, &o->xref) != 0 || o->xref + 4 > i ||
	    memcmp(p + o->xref, "xref", 4) != 0)
		return -1;
	for (o->trailer = o->xref; o->trailer + 7 <= i &&
	    memcmp(p + o->trailer, "trailer", 7) != 0; o->trailer++)
		;
	if (o->trailer + 7 > i || pdf_dict_at(p, o->trailer + 7, i, &o->ts,
	    &o->te) != 0)
		return -1;
	if (pdf_dict_get(p, o->ts, o->te, "/Prev", &vs, &ve) != 0 ||
	    pdf_dict_get(p, o->ts, o->te, "/Encrypt", &vs, &ve) != 0)
		return -1;     /* one revision, never encrypted (PDF/A) */
	if (pdf_dict_get(p, o->ts, o->te, "/Size", &vs, &ve) != 1 ||
	    pdf_uint(p, vs, ve, &o->size) != 0 || o->size < 2 ||
	    o->size > 10000000)
		return -1;
	if (old_ref(o, o->ts, o->te, "/Root", &o->root) != 0)
		return -1;
	if (pdf_dict_get(p, o->ts, o->te, "/Info", &vs, &ve) == 1 &&
	    ref_value(p, vs, ve, &o->info) != 0)
		return -1;
	if (pdf_dict_get(p, o->ts, o->te, "/ID", &o->id_s, &o->id_e) != 1 ||
	    p[o->id_s] != '[')
		return -1;
	return 0;
}

/* ----------------------------------------------------------- the update */

/*
 * The CMS.  OpenSSL builds it once (cms_template), with a mark for the
 * message digest and a one-byte signature; every document's is that DER
 * with its digest and signature in place.  The signature is the last
 * element of five nested containers (ContentInfo, its [0], SignedData,
 * the SET of signer infos, the SignerInfo), so the template keeps, per
 * container, its tag and the bytes before its last element; the lengths
 * are written anew for each signature (DER ECDSA signatures are 70 to 72
 * bytes).  The signed attributes are signed as the SET OF they are
 * (RFC 5652 5.4: the [0] IMPLICIT tag read as SET OF), exactly the bytes
 * the CMS carries.
 */
static const unsigned char cms_tags[CMS_LEVELS] = {
	0x30, 0xA0, 0x30, 0x31, 0x30
};
static const unsigned char cms_mark[32] = "segel: the message digest here";

/* One DER element at p (n bytes): its tag, header and content lengths.
 * 0, or -1 when it is not one or overruns n. */
static int
der_elem(const unsigned char *p, size_t n, unsigned char *tag, size_t *hl,
    size_t *cl)
{
	size_t i, k;

	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return -1;
	*tag = p[0];
	if (p[1] < 0x80) {
		*hl = 2;
		*cl = p[1];
	} else {
		k = p[1] & 0x7f;
		if (k == 0 || k > 3 || n < 2 + k)
			return -1;
		for (*cl = 0, i = 0; i < k; i++)
			*cl = *cl << 8 | p[2 + i];
		*hl = 2 + k;
	}
	return *cl <= n - *hl ? 0 : -1;
}

/* The bytes a DER header for content length cl takes. */
static size_t
der_head_len(size_t cl)
{
	return cl < 0x80 ? 2 : cl < 0x100 ? 3 : cl < 0x10000 ? 4 : 5;
}

static size_t
der_head(unsigned char *p, unsigned char tag, size_t cl)
{
	size_t hl = der_head_len(cl), i;

	p[0] = tag;
	if (hl == 2)
		p[1] = (unsigned char)cl;
	else {
		p[1] = (unsigned char)(0x80 | (hl - 2));
		for (i = hl; i-- > 2; cl >>= 8)
			p[i] = (unsigned char)cl;
	}
	return hl;
}

static int
cms_template(pdfsign *s, sg_err *err)
{
	struct cms_tpl *t = &s->t;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	unsigned char *der = NULL, tag = 0, at_tag;
	size_t at, end, c, last, hl, cl, ehl, ecl, i, n;
	int len, rc = -1;
	char why[256];

	if ((cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL |
	    CMS_DETACHED | CMS_BINARY)) == NULL ||
	    (si = CMS_add1_signer(cms, s->cert, key_evp(s->key),
	    EVP_sha256(), CMS_PARTIAL | CMS_BINARY | CMS_CADES |
	    CMS_NOSMIMECAP)) == NULL ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType,
	    V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest,
	    V_ASN1_OCTET_STRING, cms_mark, sizeof cms_mark) != 1 ||
	    ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), "", 1) != 1 ||
	    (len = i2d_CMS_ContentInfo(cms, &der)) <= 0) {
		sg_err_set(err, "E-RENDER-SIGN", NULL, "the PDF signature "
		    "cannot be made: %s", key_openssl_reason(why,
		    sizeof why));
		goto out;
	}
	/* down the last elements: the five containers, then the signature */
	for (at = 0, end = (size_t)len, i = 0; i <= CMS_LEVELS; i++) {
		if (der_elem(der + at, end - at, &at_tag, &hl, &cl) != 0 ||
		    at + hl + cl != end)
			goto odd;
		if (i == CMS_LEVELS) {
			if (at_tag != 0x04 || cl != 1)
				goto odd;
			break;
		}
		if (at_tag != cms_tags[i])
			goto odd;
		for (c = last = at + hl; c < end; c += ehl + ecl) {
			if (der_elem(der + c, end - c, &tag, &ehl, &ecl) != 0)
				goto odd;
			if (i == CMS_LEVELS - 1 && tag == 0xA0) {
				t->attrs = c;
				t->attrs_len = ehl + ecl;
			}
			last = c;
		}
		t->pre[i] = at + hl;
		t->pre_len[i] = last - (at + hl);
		at = last;
	}
	/* the digest's mark: once, in the signed attributes */
	for (n = 0, c = 0; c + sizeof cms_mark <= (size_t)len; c++)
		if (memcmp(der + c, cms_mark, sizeof cms_mark) == 0) {
			t->md = c;
			n++;
		}
	if (t->attrs_len == 0 || t->attrs_len > CMS_ATTRS_MAX || n != 1 ||
	    t->md < t->attrs || t->md + sizeof cms_mark > t->attrs +
	    t->attrs_len)
		goto odd;
	rc = 0;
	goto out;
odd:
	sg_err_set(err, "E-RENDER-SIGN", NULL, "the PDF signature cannot be "
	    "made: OpenSSL's CMS is not as expected");
out:
	if (rc == 0)
		t->der = der;
	else
		OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	return rc;
}

/* The CMS's length around a signature of sl bytes. */
static size_t
cms_len(const struct cms_tpl *t, size_t sl, size_t c[CMS_LEVELS + 1])
{
	size_t i;

	c[CMS_LEVELS] = sl;
	for (i = CMS_LEVELS; i-- > 0;)
		c[i] = t->pre_len[i] + der_head_len(c[i + 1]) + c[i + 1];
	return der_head_len(c[0]) + c[0];
}

/* The longest CMS a signature can make (a DER ECDSA signature is at
 * most KEY_DER_MAX bytes). */
static size_t
cms_max(const struct cms_tpl *t)
{
	size_t c[CMS_LEVELS + 1];

	return cms_len(t, KEY_DER_MAX, c);
}

/* The CMS for the message digest md of the byte ranges, in s->cms:
 * *derlen bytes. */
static int
make_cms(pdfsign *s, const unsigned char md[32], size_t *derlen,
    sg_err *err)
{
	const struct cms_tpl *t = &s->t;
	unsigned char attrs[CMS_ATTRS_MAX], sig[KEY_DER_MAX], *p = s->cms;
	size_t c[CMS_LEVELS + 1], sl, i;

	memcpy(attrs, t->der + t->attrs, t->attrs_len);
	attrs[0] = 0x31;
	memcpy(attrs + (t->md - t->attrs), md, 32);
	if (key_sign_der(s->key, attrs, t->attrs_len, sig, &sl, err) != 0)
		return -1;
	if (cms_len(t, sl, c) > s->contents) {
		sg_err_set(err, "E-RENDER-SIGN", NULL, "the signature (%zu "
		    "bytes) does not fit its place (%zu)", cms_len(t, sl, c),
		    s->contents);
		return -1;
	}
	for (i = 0; i < CMS_LEVELS; i++) {
		p += der_head(p, cms_tags[i], c[i]);
		memcpy(p, t->der + t->pre[i], t->pre_len[i]);
		if (i == CMS_LEVELS - 1)
			memcpy(p + (t->md - t->pre[i]), md, 32);
		p += t->pre_len[i];
	}
	p += der_head(p, 0x04, sl);
	memcpy(p, sig, sl);
	*derlen = (size_t)(p + sl - s->cms);
	return 0;
}

struct xent {
	size_t obj, off;
};

static int
xent_cmp(const void *a, const void *b)
{
	const struct xent *x = a, *y = b;

	return x->obj < y->obj ? -1 : x->obj > y->obj;
}

int
pdfsign_append(pdfsign *s, unsigned char **pdf, size_t *len, time_t when,
    const EVP_MD_CTX *head, unsigned char file_sha[32], sg_err *err)
{
	struct old o;
	sg_buf b;
	struct xent x[4];
	struct tm tm;
	size_t cs, ce, ps, pe, vs, ve, node, page = 0, fld, sig, base, i;
	size_t br, hex, hexend, xref, total;
	unsigned char md[32], *der, *np;
	static const char hexd[] = "0123456789ABCDEF";
	EVP_MD_CTX *dctx = NULL, *fctx = NULL;
	char brtext[64], mtime[32];
	size_t derlen = 0;
	int rc = -1, depth;

	sg_buf_init(&b, UPDATE_MAX + 64 * 1024 * 1024);
	if (old_read(&o, *pdf, *len) != 0 ||
	    old_object(&o, o.root, &cs, &ce) != 0 ||
	    pdf_dict_get(o.p, cs, ce, "/AcroForm", &vs, &ve) != 0 ||
	    old_ref(&o, cs, ce, "/Pages", &node) != 0)
		goto notours;
	/* the first page, down the page tree */
	for (depth = 0; depth < MAX_DEPTH && page == 0; depth++) {
		if (old_object(&o, node, &ps, &pe) != 0 ||
		    pdf_dict_get(o.p, ps, pe, "/Type", &vs, &ve) != 1)
			goto notours;
		if (ve - vs == 5 && memcmp(o.p + vs, "/Page", 5) == 0) {
			page = node;
			break;
		}
		if (pdf_dict_get(o.p, ps, pe, "/Kids", &vs, &ve) != 1 ||
		    o.p[vs] != '[')
			goto notours;
		/* "[ n 0 R ..." : the first kid */
		{
			pdf_lexer l = { o.p, vs + 1, ve };
			size_t a, e2, k0;

			if (pdf_lex(&l, &a, &e2) != PT_NUM ||
			    pdf_uint(o.p, a, e2, &k0) != 0)
				goto notours;
			node = k0;
		}
	}
	if (page == 0 || pdf_dict_get(o.p, ps, pe, "/Annots", &vs, &ve) != 0)
		goto notours;

	fld = o.size;
	sig = o.size + 1;
	base = *len;
	gmtime_r(&when, &tm);
	strftime(mtime, sizeof mtime, "D:%Y%m%d%H%M%SZ", &tm);

	sg_buf_add(&b, "\n", 1);
	x[0].obj = fld;
	x[0].off = base + b.len;
	sg_buf_addf(&b, "%zu 0 obj\n<<\n/Type /Annot\n/Subtype /Widget\n"
	    "/FT /Sig\n/T (Signature1)\n/V %zu 0 R\n/Rect [ 0 0 0 0 ]\n"
	    "/F 132\n/P %zu 0 R\n>>\nendobj\n", fld, sig, page);
	x[1].obj = sig;
	x[1].off = base + b.len;
	sg_buf_addf(&b, "%zu 0 obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n"
	    "/SubFilter /ETSI.CAdES.detached\n/M (%s)\n/ByteRange ", sig,
	    mtime);
	br = b.len;
	sg_buf_addf(&b, "[ 0 %010u %010u %010u ]\n/Contents ", 0u, 0u, 0u);
	hex = b.len;
	sg_buf_add(&b, "<", 1);
	for (i = 0; i < s->contents; i++)
		sg_buf_add(&b, "00", 2);
	sg_buf_add(&b, ">", 1);
	hexend = b.len;
	sg_buf_add(&b, "\n>>\nendobj\n", 11);
	x[2].obj = o.root;
	x[2].off = base + b.len;
	sg_buf_addf(&b, "%zu 0 obj\n", o.root);
	sg_buf_add(&b, o.p + cs, ce - cs - 2);
	sg_buf_addf(&b, "/AcroForm << /Fields [ %zu 0 R ] /SigFlags 3 "
	    ">>\n>>\nendobj\n", fld);
	x[3].obj = page;
	x[3].off = base + b.len;
	sg_buf_addf(&b, "%zu 0 obj\n", page);
	sg_buf_add(&b, o.p + ps, pe - ps - 2);
	sg_buf_addf(&b, "/Annots [ %zu 0 R ]\n>>\nendobj\n", fld);
	xref = base + b.len;
	qsort(x, 4, sizeof x[0], xent_cmp);
	sg_buf_add(&b, "xref\n", 5);
	for (i = 0; i < 4; i++)
		sg_buf_addf(&b, "%zu 1\n%010zu 00000 n\r\n", x[i].obj,
		    x[i].off);
	sg_buf_addf(&b, "trailer\n<<\n/Size %zu\n/Root %zu 0 R\n", o.size + 2,
	    o.root);
	if (o.info != 0)
		sg_buf_addf(&b, "/Info %zu 0 R\n", o.info);
	sg_buf_add(&b, "/ID ", 4);
	sg_buf_add(&b, o.p + o.id_s, o.id_e - o.id_s);
	sg_buf_addf(&b, "\n/Prev %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", o.xref,
	    xref);
	if (b.err != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	total = base + b.len;
	/* the byte ranges: all but the /Contents string, its < > included */
	snprintf(brtext, sizeof brtext, "[ 0 %010zu %010zu %010zu ]",
	    base + hex, base + hexend, total - (base + hexend));
	if (strlen(brtext) != hex - br - strlen("\n/Contents ")) {
		sg_err_set(err, "E-RENDER-SIGN", NULL, "the PDF is too big to "
		    "sign");
		goto out;
	}
	memcpy(b.p + br, brtext, strlen(brtext));
	/* One pass over the bytes: the PDF given (or the state the caller
	 * has after it), the update up to /Contents; there the whole file's
	 * digest branches off, to go on over /Contents once it is written. */
	if ((dctx = EVP_MD_CTX_new()) == NULL ||
	    (head != NULL ? EVP_MD_CTX_copy_ex(dctx, head) != 1 :
	    (EVP_DigestInit_ex(dctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(dctx, *pdf, base) != 1)) ||
	    EVP_DigestUpdate(dctx, b.p, hex) != 1 ||
	    (file_sha != NULL && ((fctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_MD_CTX_copy_ex(fctx, dctx) != 1)) ||
	    EVP_DigestUpdate(dctx, b.p + hexend, b.len - hexend) != 1 ||
	    EVP_DigestFinal_ex(dctx, md, NULL) != 1) {
		sg_err_set(err, "E-SYSTEM", NULL, "SHA-256 failed");
		goto out;
	}
	if (make_cms(s, md, &derlen, err) != 0)
		goto out;
	der = s->cms;
	for (i = 0; i < derlen; i++) {
		b.p[hex + 1 + 2 * i] = hexd[der[i] >> 4];
		b.p[hex + 2 + 2 * i] = hexd[der[i] & 15];
	}
	if (file_sha != NULL &&
	    (EVP_DigestUpdate(fctx, b.p + hex, b.len - hex) != 1 ||
	    EVP_DigestFinal_ex(fctx, file_sha, NULL) != 1)) {
		sg_err_set(err, "E-SYSTEM", NULL, "SHA-256 failed");
		goto out;
	}
	if ((np = realloc(*pdf, total)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	memcpy(np + base, b.p, b.len);
	*pdf = np;
	*len = total;
	rc = 0;
	goto out;
notours:
	sg_err_set(err, "E-RENDER-SIGN", NULL, "the PDF is not one segel "
	    "can sign (one revision, a catalog without a form, a first page "
	    "without annotations)");
out:
	EVP_MD_CTX_free(dctx);
	EVP_MD_CTX_free(fctx);
	sg_buf_free(&b);
	return rc;
}

int
pdfsign_same_document(const unsigned char *have, size_t have_len,
    const unsigned char *unsigned_pdf, size_t len)
{
	static const char tail[] = "%%EOF\n";

	return have_len > len + 6 && have_len - len < UPDATE_MAX &&
	    memcmp(have, unsigned_pdf, len) == 0 && have[len] == '\n' &&
	    memcmp(have + have_len - 6, tail, 6) == 0;
}
