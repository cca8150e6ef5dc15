/*
 * pdfsign.h - the PDF signature of a born-digital document: PAdES
 * baseline B-B (/SubFilter /ETSI.CAdES.detached) by the office's key and
 * certificate, written as a small incremental update after the PDF
 * libharu made (libharu cannot sign).
 *
 * The update appends, after the original bytes (which stay as they are):
 *   - the signature field and its invisible widget in one object
 *     (/FT /Sig, /Rect [0 0 0 0], /F 132 = Print | Locked, /P the first
 *     page), the field's value
 *   - the /Sig dictionary: /Filter /Adobe.PPKLite, /SubFilter
 *     /ETSI.CAdES.detached, /M the signing time, /ByteRange written with
 *     ten-digit numbers and filled in place, /Contents a hex string of a
 *     fixed size (from the certificate's size) filled with the CMS
 *   - the Catalog again with /AcroForm << /Fields [field] /SigFlags 3 >>
 *   - the first page again with /Annots [widget]
 *   - a classic xref section (PDF/A-1 has no xref streams) and a trailer
 *     with /Prev, the same /ID, /Root and /Info.
 * The CMS is a detached SignedData over the two byte ranges (the whole
 * file but the /Contents string) with the signed attributes content-type,
 * message-digest and signing-certificate-v2 (ESS), no signing-time (the
 * time is the dictionary's /M), and the signer's certificate.
 *
 * Ownership: pdfsign_new() copies what it needs from the paths; the
 * buffer pdfsign_append() grows is the caller's.  A signer is used from
 * one thread at a time (its key's contexts, keys.h).
 */
#ifndef SEGEL_PDFSIGN_H
#define SEGEL_PDFSIGN_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>

#include "err.h"

typedef struct pdfsign pdfsign;

/* The office's key (key.h: a PEM file or whatever key_load_private
 * takes, passphrase from pass_file or pass_fd, -1 when unused) and its
 * certificate (PEM).  E-KEY-…, E-RENDER-SIGN (the certificate unreadable
 * or not the key's), E-SYSTEM; W-RENDER-UNSIGNED for an Ed25519 key
 * (P-256 only: OpenSSL 3.0 cannot verify EdDSA in CMS). */
pdfsign *pdfsign_new(const char *key, const char *cert,
    const char *pass_file, int pass_fd, sg_err *err);
void pdfsign_free(pdfsign *s);

/*
 * Sign the PDF in *pdf (*len bytes, a single-revision PDF as libharu or
 * book.h write it: one classic xref table, no /Prev): the update is
 * appended, *pdf realloc'd and *len grown; the first *len bytes stay as
 * they were.  when is the signing time (/M).  head, when not NULL, is a
 * SHA-256 state over exactly the *len bytes given (render_pdf_sha256_
 * state()), from which the signature's digest goes on instead of reading
 * them again; file_sha, when not NULL, gets the SHA-256 of the whole
 * signed file.  E-RENDER-SIGN (the PDF is not one this writer knows, or
 * OpenSSL failed), E-SYSTEM.
 */
int pdfsign_append(pdfsign *s, unsigned char **pdf, size_t *len,
    time_t when, const EVP_MD_CTX *head, unsigned char file_sha[32],
    sg_err *err);

/* Is `have` the signed form of `unsigned_pdf`: the same bytes followed by
 * one incremental update?  (A re-run signs again with a new signature:
 * the same document all the same.)  1 yes, 0 no. */
int pdfsign_same_document(const unsigned char *have, size_t have_len,
    const unsigned char *unsigned_pdf, size_t len);

/*
 * Reading a PDF's signature (segel-verify), from hostile bytes: every
 * "/ByteRange" in the file is counted; one only, [0 b c d] with b the
 * "<" of a hex string right after "/Contents", c just after its ">",
 * c + d the file's length (the whole file but /Contents: an update
 * appended after signing leaves bytes outside), the string's DER a CMS
 * SignedData with one signer, detached, verified over the two ranges
 * (its signer's certificate is not judged here: the caller compares its
 * key with the seal's, judged by lib/trust.c).
 */
enum pdfsign_state {
	PDFSIGN_NONE = 0,   /* no signature in the file */
	PDFSIGN_VALID,      /* one signature, whole file, CMS verified */
	PDFSIGN_BROKEN      /* a signature that does not hold (why) */
};

typedef struct pdfsign_found {
	enum pdfsign_state state;
	void *signer;       /* X509 *, PDFSIGN_VALID: the caller's, freed by
			       pdfsign_found_clear */
	const char *why;    /* PDFSIGN_BROKEN: what is wrong, an English
			       sentence (static; _() gives the reader's) */
} pdfsign_found;

/* 0 with *f filled in, -1 out of memory. */
int pdfsign_check(const unsigned char *pdf, size_t len, pdfsign_found *f);
void pdfsign_found_clear(pdfsign_found *f);

#endif
