/*
 * test_pdfsign.c - the PDF signature's CMS, made from a template once per
 * signer (pdfsign.c): one akta signed many times, each signature checked
 * by OpenSSL's CMS_verify (pdfsign_check), its DER the same bytes OpenSSL
 * writes when it re-encodes what it read (the lengths written per
 * document are DER's), every ECDSA signature length met (70 to 72 bytes
 * change the five lengths around it), and the file's SHA-256 the file's.
 * A signature over another digest, or with a byte of its signed
 * attributes changed, does not hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/cms.h>
#include <openssl/evp.h>

#include "codetab.h"
#include "doctype.h"
#include "pdfsign.h"
#include "render.h"
#include "text.h"
#include "t.h"
#include "tpki.h"

#define SIGNS 64

/* The CMS DER in a signed PDF's /Contents (trailing zeros dropped by
 * its own length): malloc'd, *n bytes; NULL when there is none. */
static unsigned char *
contents(const unsigned char *pdf, size_t len, size_t *n)
{
	const unsigned char *p = NULL, *q;
	unsigned char *der;
	size_t i, hl;

	for (i = 0; i + 10 < len; i++)
		if (memcmp(pdf + i, "/Contents <", 11) == 0)
			p = pdf + i + 11;
	if (p == NULL || (q = memchr(p, '>', len - (size_t)(p - pdf))) ==
	    NULL || (der = calloc(1, (size_t)(q - p) / 2 + 1)) == NULL)
		return NULL;
	for (i = 0; p + 2 * i + 1 < q; i++)
		der[i] = (unsigned char)(text_hex_digit(p[2 * i]) << 4 |
		    text_hex_digit(p[2 * i + 1]));
	/* 30 82 hh ll: the ContentInfo's own length */
	hl = der[1] == 0x82 ? 4 : 0;
	*n = hl ? hl + ((size_t)der[2] << 8 | der[3]) : 0;
	return der;
}

static void
test_signs(render *r, pdfsign *s, const json_t *rec)
{
	unsigned char *pdf = NULL, *der, *re, fsha[32], want[32];
	size_t len = 0, base, n, i;
	int pages, seen[80] = { 0 }, kinds = 0, rc, ok_all = 1, k;
	const unsigned char *dp;
	CMS_ContentInfo *cms;
	pdfsign_found f = { PDFSIGN_NONE, NULL, NULL };
	sg_err err;

	rc = render_pdf(r, rec, &pdf, &len, &pages, &err);
	T_OK("render", rc == 0, "%s: %s", err.code, err.message);
	if (rc != 0)
		return;
	base = len;
	for (i = 0; i < SIGNS; i++) {
		unsigned char *p = malloc(base);
		size_t l = base;
		int good;

		memcpy(p, pdf, base);
		rc = pdfsign_append(s, &p, &l, 1795392000, NULL, fsha, &err);
		der = rc == 0 ? contents(p, l, &n) : NULL;
		dp = der;
		cms = der != NULL && n > 0 ? d2i_CMS_ContentInfo(NULL, &dp,
		    (long)n) : NULL;
		re = NULL;
		k = cms != NULL ? i2d_CMS_ContentInfo(cms, &re) : 0;
		good = rc == 0 && cms != NULL && k > 0 && (size_t)k == n &&
		    memcmp(re, der, n) == 0 &&
		    pdfsign_check(p, l, &f) == 0 && f.state == PDFSIGN_VALID &&
		    EVP_Digest(p, l, want, NULL, EVP_sha256(), NULL) == 1 &&
		    memcmp(want, fsha, 32) == 0;
		if (cms != NULL) {
			CMS_SignerInfo *si = sk_CMS_SignerInfo_value(
			    CMS_get0_SignerInfos(cms), 0);
			int sl = ASN1_STRING_length(
			    CMS_SignerInfo_get0_signature(si));

			if (sl > 0 && sl < 80 && seen[sl]++ == 0)
				kinds++;
		}
		if (!good && ok_all) {
			ok_all = 0;
			T_OK("sign-each", 0, "signature #%zu: rc %d %s, DER %s, "
			    "check %s", i, rc, err.message, k > 0 &&
			    (size_t)k == n ? "as OpenSSL's" : "not OpenSSL's",
			    f.state == PDFSIGN_VALID ? "valid" : f.why);
		}
		/* a byte of the signed attributes changed: broken */
		if (i == 0 && der != NULL) {
			unsigned char *hex = (unsigned char *)strstr(
			    (char *)p + base, "/Contents <");
			/* the message digest's last byte: after its OID
			 * (1.2.840.113549.1.9.4), SET { OCTET STRING } */
			static const unsigned char oid[] = { 0x06, 0x09, 0x2a,
			    0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04,
			    0x31, 0x22, 0x04, 0x20 };
			size_t at = 0, j;

			for (j = 0; j + sizeof oid + 32 <= n; j++)
				if (memcmp(der + j, oid, sizeof oid) == 0)
					at = j + sizeof oid + 31;
			if (hex != NULL && at != 0) {
				pdfsign_found_clear(&f);
				hex[11 + 2 * at + 1] ^= 1;
				T_OK("attrs-changed", pdfsign_check(p, l, &f) ==
				    0 && f.state == PDFSIGN_BROKEN, "a changed "
				    "message digest: %s", f.state ==
				    PDFSIGN_VALID ? "valid" : "none");
				pdfsign_found_clear(&f);
			} else
				T_OK("attrs-changed", 0, "no digest found");
		}
		pdfsign_found_clear(&f);
		OPENSSL_free(re);
		CMS_ContentInfo_free(cms);
		free(der);
		free(p);
	}
	if (ok_all)
		T_OK("sign-each", 1, "%s", "");
	/* 70, 71 and 72 bytes each come a quarter, half, quarter of the
	 * time: in 64 signatures all three */
	T_OK("sig-lengths", kinds >= 3, "%d signature lengths in %d", kinds,
	    SIGNS);
	free(pdf);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("SEGEL_FORMATS"), *fmt;
	char key[512];
	doctype_set *types;
	codetab_set *codes = NULL;
	render_opts o;
	render *r = NULL;
	pdfsign *s = NULL;
	json_t *rec;
	json_error_t je;
	sg_err err = { "", "", "", "" };

	T_INIT(argc, argv);
	(void)tpki_day;
	fmt = env && env[0] ? env : "formats";
	types = doctype_set_load(fmt, &err);
	codes = types ? codetab_set_load(fmt, &err) : NULL;
	memset(&o, 0, sizeof o);
	o.compress = 1;
	if (codes != NULL)
		r = render_new(types, codes, fmt, &o, &err);
	rec = json_load_file("tests/fuzz/seeds/fuzz_render/signed-2.json", 0,
	    &je);
	if (tpki_init() == 0 && tpki_key("issuer-7501", key, sizeof key))
		s = pdfsign_new(key, PKI "certs/issuer-7501.pem", NULL, -1,
		    &err);
	T_OK("setup", r != NULL && rec != NULL && s != NULL, "%s %s: %s",
	    err.code, err.where, err.message);
	if (r != NULL && rec != NULL && s != NULL)
		test_signs(r, s, rec);
	pdfsign_free(s);
	json_decref(rec);
	render_free(r);
	codetab_set_free(codes);
	doctype_set_free(types);
	tpki_done();
	return T_DONE();
}
