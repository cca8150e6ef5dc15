/*
 * bundle.h - the signed trust bundle (formats/trust.md): one file with
 * everything a verifier needs (root and issuer certificates, the newest
 * CRLs, every office's status list, and the document types' definitions
 * and tables the seals are read with), signed by a bundle key that a
 * root certifies.  Made by segel-trust, read by segel-verify and
 * segel-sign --bundle.
 *
 * A bundle is complete, never a delta: a reader takes all of it or
 * nothing (bundle_load fails closed on any bad byte).
 *
 * Ownership: a bundle owns its items; item pointers are lent until
 * bundle_free().
 */
#ifndef SEGEL_BUNDLE_H
#define SEGEL_BUNDLE_H

#include <stddef.h>
#include <time.h>

#include "date.h"
#include "err.h"

#define BUNDLE_MAX_BYTES (256u << 20) /* the biggest bundle a reader takes */

typedef struct bundle bundle;

enum bundle_kind {
	BUNDLE_ROOT,    /* a root certificate (DER): a trust anchor */
	BUNDLE_CERT,    /* an issuer or intermediate certificate (DER) */
	BUNDLE_CRL,     /* a CRL (DER), the newest of its CA */
	BUNDLE_STATUS,  /* an office's status list (formats/status.md), its bytes */
	BUNDLE_FILE     /* a formats file ("types/kk.xml"), its bytes */
};

typedef struct bundle_item {
	enum bundle_kind kind;
	const char *name;           /* STATUS: the list's file name
	                               ("7501.status"); FILE: its path
	                               under formats/; else NULL */
	const unsigned char *data;
	size_t len;
} bundle_item;

/*
 * Does a file start like a bundle ("SEGEL-TRUST ")?  For telling a bundle
 * from a trust directory.  1 yes, 0 no (or unreadable).
 */
int bundle_sniff(const char *path);
/*
 * Read a bundle file and verify it: its syntax, its signature, and that
 * its signer certificate (urn:segel:trust-bundle) chains to one of its
 * roots, is valid when the bundle was made and is not revoked by its
 * CRLs.  NULL with err set (E-BUNDLE…) on any failure: fail closed.
 */
bundle *bundle_load(const char *path, sg_err *err);
void bundle_free(bundle *b);

unsigned long bundle_sequence(const bundle *b);
time_t bundle_made(const bundle *b);   /* when it was made (UTC) */
time_t bundle_next(const bundle *b);   /* when the next one is due */
size_t bundle_count(const bundle *b);
const bundle_item *bundle_at(const bundle *b, size_t i);

#endif
