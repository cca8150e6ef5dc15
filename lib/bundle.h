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

#include <jansson.h>

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

/* ---- added for segel-trust, segel-sign --bundle and the verifier ---- */

/* The same as bundle_load for a bundle in memory; where names it. */
bundle *bundle_load_mem(const char *buf, size_t len, const char *where,
    sg_err *err);
/*
 * The syntax only (every bound of formats/trust.md), with NO signature or
 * signer check: for tests, fuzzing and reading an old bundle's sequence.
 * Never trust what it returns.
 */
bundle *bundle_parse(const char *buf, size_t len, const char *where,
    sg_err *err);
/* The path (or name) the bundle was read from; lent. */
const char *bundle_path(const bundle *b);
/* Where item i is, for messages: "path:LINE". */
void bundle_item_place(const bundle *b, size_t i, char *buf, size_t sz);
/* The STATUS or FILE item with that name ("types/kk.xml"), or NULL. */
const bundle_item *bundle_find(const bundle *b, enum bundle_kind kind,
    const char *name);
/* The signer certificate (DER); lent. */
const unsigned char *bundle_signer(const bundle *b, size_t *len);
/* "2026-11-28T09:30:00Z" (UTC) into buf. */
void bundle_stamp(time_t t, char buf[32]);

/*
 * segel-sign --bundle: is the office's certificate (an OpenSSL X509 *)
 * in the bundle, and does the bundle's trust store trust its key on day
 * for region ("75.01"), as a verifier with the bundle would judge a seal
 * issued that day?  0 yes; -1 with err (E-BUNDLE-OFFICE: why not).
 */
int bundle_office_check(const bundle *b, void *x509, const char *region,
    sg_date day, sg_err *err);

/*
 * segel-trust check --root: the bundle's signer chains to the root in
 * root_path (PEM or DER).  0, or -1 (E-BUNDLE-ROOT: it does not).
 */
int bundle_check_root(const bundle *b, const char *root_path, sg_err *err);
/*
 * segel-trust check --against: b is an update a verifier holding old may
 * take: b's signer chains to a root of old (through old's certificates)
 * and is trusted by old's CRLs when b was made, and b's sequence is
 * greater.  0, or -1 (E-BUNDLE-ROOT, E-BUNDLE-SEQUENCE).
 */
int bundle_check_update(const bundle *old, const bundle *b, sg_err *err);
/*
 * What a bundle holds, for segel-trust show (its --json output is this
 * object): sequence, made, next, age_days and overdue (against now),
 * signer and roots (name, sha256, validity), offices (each issuer
 * certificate: name, subject, regions, kid, validity, revoked), crls,
 * status_lists (office, kid, date, age_days, counts), types, files.
 * New reference, or NULL with err.
 */
json_t *bundle_describe(const bundle *b, time_t now, sg_err *err);

/* What segel-trust bundle makes a bundle from. */
struct bundle_make {
	const char *trust_dir;    /* the trust directory (lib/trust.h) */
	const char *formats_dir;  /* formats/: types, tables, font, ICC */
	const char *key_path;     /* the bundle key (lib/keys.h) */
	const char *pass_file;    /* its passphrase file, or NULL */
	const char *cert_path;    /* its certificate (urn:segel:trust-bundle) */
	time_t made;              /* when, UTC */
	long next_days;           /* the next bundle is due this many days on */
	unsigned long sequence;   /* 0: the output's + 1, or 1 */
	const char *out;          /* the bundle file, replaced atomically */
};
/* A notice while making (W-BUNDLE-LEFT-OUT, W-TRUST-OLD-CRL, …). */
typedef void (*bundle_notice_fn)(void *ctx, const sg_err *notice);
/*
 * Make a bundle: the trust directory read and checked by trust_store_load
 * (a broken file stops it), its certificates that chain to a root and the
 * newest CRL of each CA, every status list verified as a verifier does
 * (a bad one stops it; the newest of each office and key goes in), the
 * verifier's files of formats/; signed, read back with bundle_load_mem
 * (a bundle verifiers would refuse is not written), written with
 * file_replace.  A sequence not above the output's is refused
 * (E-BUNDLE-SEQUENCE).  0, or -1 with err.
 */
int bundle_write(const struct bundle_make *m, bundle_notice_fn fn,
    void *ctx, sg_err *err);

#endif
