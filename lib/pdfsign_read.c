/*
 * pdfsign_read.c - a PDF's signature checked from hostile bytes
 * (pdfsign.h, "Reading").  Nothing here trusts the file: every offset is
 * checked against its length before it is used, the /Contents string is
 * bounded by PDF/A-1's 65535-byte string limit, and OpenSSL parses the
 * DER with the decoded length.
 */
#include "pdfsign.h"
#include "i18n.h"
#include "text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "pdfsign_impl.h"

#define CONTENTS_MAX 65535     /* PDF/A-1: the longest string, in bytes */

/* The first `what` in p[0..len), or NULL (memmem is not standard C). */
static const unsigned char *
find(const unsigned char *p, size_t len, const char *what, size_t w)
{
	const unsigned char *q, *end = p + len;

	for (q = p; (size_t)(end - q) >= w; q++) {
		if ((q = memchr(q, what[0], (size_t)(end - q) - w + 1)) ==
		    NULL)
			return NULL;
		if (memcmp(q, what, w) == 0)
			return q;
	}
	return NULL;
}

static size_t
count(const unsigned char *p, size_t len, const char *what)
{
	size_t n = 0, w = strlen(what);
	const unsigned char *q = p, *end = p + len;

	while ((size_t)(end - q) >= w &&
	    (q = find(q, (size_t)(end - q), what, w)) != NULL) {
		n++;
		q += w;
	}
	return n;
}

static void
broken(pdfsign_found *f, const char *why)
{
	f->state = PDFSIGN_BROKEN;
	f->why = why;
}

void
pdfsign_found_clear(pdfsign_found *f)
{
	X509_free(f->signer);
	memset(f, 0, sizeof *f);
}

int
pdfsign_check(const unsigned char *pdf, size_t len, pdfsign_found *f)
{
	const unsigned char *br, *dp;
	pdf_lexer l;
	size_t ts, te, v[4], i, n, hexlen, k;
	unsigned char *der = NULL, *data = NULL;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *signers = NULL;
	BIO *bio = NULL;
	ASN1_OCTET_STRING **pc;
	int rc = -1, hi, lo;

	memset(f, 0, sizeof *f);
	n = count(pdf, len, "/ByteRange");
	if (n == 0) {
		if (count(pdf, len, "/ETSI.CAdES.detached") > 0 ||
		    count(pdf, len, "/adbe.pkcs7.detached") > 0)
			broken(f, N_("a signature dictionary without a byte "
			    "range"));
		return 0;
	}
	if (n > 1) {
		broken(f, N_("the file has more than one PDF signature"));
		return 0;
	}
	br = find(pdf, len, "/ByteRange", 10);
	l.p = pdf;
	l.i = (size_t)(br - pdf) + 10;
	l.end = len;
	if (pdf_lex(&l, &ts, &te) != PT_AOPEN)
		goto badrange;
	for (i = 0; i < 4; i++)
		if (pdf_lex(&l, &ts, &te) != PT_NUM ||
		    pdf_uint(pdf, ts, te, &v[i]) != 0)
			goto badrange;
	if (pdf_lex(&l, &ts, &te) != PT_ACLOSE)
		goto badrange;
	/* [0 b c d]: from the first byte, around the /Contents string, to
	 * the last */
	if (v[0] != 0 || v[1] == 0 || v[1] >= len || v[2] <= v[1] + 1 ||
	    v[2] > len || v[3] != len - v[2]) {
		broken(f, N_("the signature's byte range does not cover the "
		    "whole file"));
		return 0;
	}
	if (pdf[v[1]] != '<' || pdf[v[2] - 1] != '>') {
		broken(f, N_("the signature's byte range leaves out more "
		    "than its /Contents"));
		return 0;
	}
	for (k = v[1]; k > 0 && strchr(" \t\r\n", pdf[k - 1]) &&
	    pdf[k - 1] != '\0'; k--)
		;
	if (k < 9 || memcmp(pdf + k - 9, "/Contents", 9) != 0) {
		broken(f, N_("the signature's byte range leaves out more "
		    "than its /Contents"));
		return 0;
	}
	hexlen = v[2] - v[1] - 2;
	if (hexlen % 2 != 0 || hexlen / 2 > CONTENTS_MAX || hexlen == 0) {
		broken(f, N_("the signature's /Contents is not a signature"));
		return 0;
	}
	if ((der = malloc(hexlen / 2)) == NULL)
		goto out;
	for (i = 0; i < hexlen / 2; i++) {
		hi = text_hex_digit(pdf[v[1] + 1 + 2 * i]);
		lo = text_hex_digit(pdf[v[1] + 2 + 2 * i]);
		if (hi < 0 || lo < 0) {
			broken(f, N_("the signature's byte range leaves out "
			    "more than its /Contents"));
			rc = 0;
			goto out;
		}
		der[i] = (unsigned char)(hi << 4 | lo);
	}
	dp = der;
	if ((cms = d2i_CMS_ContentInfo(NULL, &dp, (long)(hexlen / 2))) ==
	    NULL || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) != 1 ||
	    (pc = CMS_get0_content(cms)) == NULL || *pc != NULL) {
		broken(f, N_("the signature's /Contents is not a detached CMS "
		    "signature by one signer"));
		rc = 0;
		goto out;
	}
	/* the signed bytes: the file but the /Contents string */
	if (v[1] + v[3] > INT_MAX) {
		broken(f, N_("the file is too big for its signature to be "
		    "checked"));
		rc = 0;
		goto out;
	}
	if ((data = malloc(len - (v[2] - v[1]))) == NULL)
		goto out;
	memcpy(data, pdf, v[1]);
	memcpy(data + v[1], pdf + v[2], v[3]);
	if ((bio = BIO_new_mem_buf(data, (int)(v[1] + v[3]))) == NULL)
		goto out;
	if (CMS_verify(cms, NULL, NULL, bio, NULL, CMS_BINARY |
	    CMS_NO_SIGNER_CERT_VERIFY) != 1 ||
	    (signers = CMS_get0_signers(cms)) == NULL ||
	    sk_X509_num(signers) != 1) {
		ERR_clear_error();
		broken(f, N_("the PDF signature does not match the file's "
		    "bytes"));
		rc = 0;
		goto out;
	}
	f->signer = sk_X509_value(signers, 0);
	X509_up_ref(f->signer);
	f->state = PDFSIGN_VALID;
	rc = 0;
	goto out;
badrange:
	broken(f, N_("the signature's byte range cannot be read"));
	return 0;
out:
	ERR_clear_error();
	sk_X509_free(signers);
	BIO_free(bio);
	CMS_ContentInfo_free(cms);
	free(data);
	free(der);
	return rc;
}
