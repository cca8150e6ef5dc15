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

#include "date.h"
#include "err.h"
#include "keys.h"

typedef struct trust_store trust_store;

trust_store *trust_store_load(const char *dir, sg_err *err);
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
/* How many full chain checks the store has run (the rest came from its
 * verdict cache); for tests and benchmarks. */
unsigned long trust_store_chain_checks(const trust_store *s);

#endif
