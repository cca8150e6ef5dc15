/*
 * trust.h - the verifier's trust directory: root certificates, issuer
 * certificates and CRLs (PEM or DER files, *.pem / *.crt / *.crl), and
 * the issuers' status lists (*.status: named here, read by lib/status.c).  A
 * file's name says what it may hold: *.crl and *.crl.pem CRLs only;
 * root*.pem and root*.crt root certificates only (the only trust
 * anchors); every other *.pem / *.crt issuer and intermediate
 * certificates only.
 *
 * An issuer certificate must chain to a root, be valid on the seal's issue
 * date (not today), neither it nor a CA certificate above it be revoked
 * by the newest CRL of the CA that issued it, and name the regions it may
 * issue for as subjectAltName URIs "urn:segel:region:75.01" (one per
 * region; a region covers its sub-regions: "75" covers "75.01" and
 * "75.01.02").
 *
 * A CRL counts only when a root, or a CA certificate that chains to one,
 * signed it.  Only the newest CRL of each CA (its name and key) counts
 * (highest CRL number, then latest thisUpdate); older ones are ignored.
 *
 * Chains are checked once per (certificate, date), not once per seal: the
 * store caches verdicts.
 *
 * Ownership: trust_store owns every certificate and key it returns.
 */
#ifndef SEGEL_TRUST_H
#define SEGEL_TRUST_H

#include <stddef.h>
#include <time.h>

#include "bundle.h"
#include "date.h"
#include "err.h"
#include "keys.h"

typedef struct trust_store trust_store;

trust_store *trust_store_load(const char *dir, sg_err *err);
/*
 * The same store from a trust bundle's root, cert and crl items (lib/
 * bundle.h): the same checks, caches and judgements as from the
 * equivalent directory (root items are the roots, crl items the CRLs,
 * cert items the rest); messages name an item as "bundle:LINE".  The
 * bundle's status lists are not named here (trust_store_status_count is
 * 0): read them with status_table_load_mem from the bundle's items.  The
 * store does not borrow b.
 */
trust_store *trust_store_load_bundle(const bundle *b, sg_err *err);
void trust_store_free(trust_store *s);

/* Verdict reasons (stable codes; see formats/seal.md). */
enum trust_reason {
	TRUST_OK = 0,
	TRUST_UNKNOWN_KEY,     /* "R-UNKNOWN-KEY": no issuer certificate with that key id */
	TRUST_UNTRUSTED,       /* "R-UNTRUSTED-CHAIN": does not chain to a root */
	TRUST_NOT_VALID_AT,    /* "R-CERT-NOT-VALID": expired or not yet valid on the issue date */
	TRUST_CERT_REVOKED,    /* "R-CERT-REVOKED": the certificate is on its root's CRL */
	TRUST_REGION           /* "R-REGION": issuer code outside the certificate's regions */
};
const char *trust_reason_code(enum trust_reason r);

typedef struct trust_issuer {
	const char *subject;        /* one-line subject, e.g. "CN=Dinas ... 75.01" */
	const char *name;           /* the certificate's CN */
	const char *const *regions; /* "75.01", ... NULL-terminated */
	verify_key *key;
	void *x509;                 /* X509 * */
} trust_issuer;

/*
 * Candidates for a key id (collisions: try each).  Fills up to max
 * pointers; returns how many there are.
 */
size_t trust_find_kid(trust_store *s, const unsigned char kid[KID_LEN],
    const trust_issuer **out, size_t max);
/*
 * Judge an issuer for a seal issued on `issued` for region `issuer_code`
 * ("75.01").  Returns TRUST_OK or the reason; detail gets a sentence.
 * Revocation: keyCompromise (and CA/AA compromise) voids every seal of
 * the certificate; any other reason voids seals issued on or after the
 * revocation day.  Writes the store's verdict cache: one store per thread.
 */
enum trust_reason trust_judge(trust_store *s, const trust_issuer *i,
    sg_date issued, const char *issuer_code, char *detail, size_t dsz);
/*
 * Judge the key of issuer i (every certificate in the store with the same
 * public key): TRUST_CERT_REVOKED when any of them is revoked (by the rule
 * above: compromise voids every seal, another reason the seals from the
 * revocation day on), else TRUST_OK when some certificate of the key is
 * trusted on `issued` for `issuer_code` (*used gets it), else the reason
 * of the certificate that came nearest (*used gets that one).  This is
 * what a verifier calls; trust_judge judges one certificate alone.
 */
enum trust_reason trust_judge_key(trust_store *s, const trust_issuer *i,
    sg_date issued, const char *issuer_code, const trust_issuer **used,
    char *detail, size_t dsz);
/*
 * The newest "as of" date of the trust material: the latest thisUpdate
 * of its accepted CRLs (older CRLs included).  {0,0,0} when there is
 * none.  Certificates' notBefore dates do not count: a certificate issued
 * ahead of time says nothing about what day it is.  A verifier's "today"
 * is never earlier than this: a clock set back cannot make a future seal
 * current.
 */
sg_date trust_store_newest(const trust_store *s);
/*
 * What the load noticed without failing (W-TRUST-OLD-CRL: an older CRL of
 * a CA, ignored), for the caller to print; lent until trust_store_free.
 */
size_t trust_store_notice_count(const trust_store *s);
const sg_err *trust_store_notice(const trust_store *s, size_t i);
/*
 * The status lists (*.status, lib/status.h) found in the directory when
 * the store was loaded, as "dir/name" paths in file-name order: the
 * directory is read once.  Lent until trust_store_free.
 */
size_t trust_store_status_count(const trust_store *s);
const char *trust_store_status_path(const trust_store *s, size_t i);
/* Does a region list cover a code?  ("75" covers "75.01.02".) */
int trust_region_covers(const char *const *regions, const char *code);
/*
 * Judge a certificate (an OpenSSL X509 *, not necessarily the store's) at
 * the instant `at`: it chains to a root of the store through the store's
 * CA certificates, it and they are valid at `at`, and none of them is
 * revoked by the rule above (a compromise whenever, another reason on or
 * before the day of `at`).  For a bundle's signer (lib/bundle.c).
 */
enum trust_reason trust_store_judge_cert(trust_store *s, void *x509,
    time_t at, char *detail, size_t dsz);
/* The root (the store's X509 *, lent) a certificate chains to, whatever
 * the dates; NULL when none. */
void *trust_store_chain_root(trust_store *s, void *x509);
/* The issuer certificates, in load order; lent. */
size_t trust_store_issuer_count(const trust_store *s);
const trust_issuer *trust_store_issuer(const trust_store *s, size_t i);
/* Is the certificate itself on its CA's newest CRL?  1 with the day and
 * the reason's name ("keyCompromise"; lent, static), else 0. */
int trust_issuer_revoked(const trust_store *s, const trust_issuer *i,
    sg_date *day, const char **reason);
/*
 * What the store holds, as DER for a bundle (segel-trust bundle): the
 * roots, the CA certificates, the issuer certificates, and the newest
 * CRL of each CA (the older ones are left out), in that order.  file is
 * where it came from (NULL for roots and CAs); chained says whether a
 * certificate chains to a root of the store (whatever the dates).  fn
 * returns 0 to go on; trust_store_parts returns what stopped it, or -1
 * when a part cannot be encoded.
 */
enum trust_part {
	TRUST_PART_ROOT, TRUST_PART_CA, TRUST_PART_ISSUER, TRUST_PART_CRL
};
typedef int (*trust_part_fn)(void *ctx, enum trust_part kind,
    const unsigned char *der, size_t len, const char *file, int chained);
int trust_store_parts(trust_store *s, trust_part_fn fn, void *ctx);
/* How many full chain checks the store has run (the rest came from its
 * verdict cache); for tests and benchmarks. */
unsigned long trust_store_chain_checks(const trust_store *s);

#endif
