/*
 * signer.h - issuing: numbers from the ledger, the seal, the status list.
 *
 * A signer holds the office's key and certificate, the ledger (locked for
 * as long as the signer lives) and the settings of the issuer profile.
 * signer_sign() gives a record its "issue" section and "seal" and queues
 * its ledger entry; the caller lets the record out only after
 * signer_commit() (group commit: many records, one fdatasync).
 *
 * Ownership: the signer borrows the profile, types, code tables and
 * region table, which must outlive it.
 */
#ifndef SEGEL_SIGNER_H
#define SEGEL_SIGNER_H

#include <jansson.h>

#include "codetab.h"
#include "date.h"
#include "doctype.h"
#include "err.h"
#include "profile.h"
#include "region.h"

typedef struct signer signer;

/* pass_fd: descriptor to read the key's passphrase from, or -1.  regions
 * may be NULL (region codes then checked for shape only). */
signer *signer_new(const profile *p, const doctype_set *types,
    const codetab_set *codes, const region_table *regions, sg_date today,
    int pass_fd, sg_err *err);
/* Commit what is pending, release the ledger; 0 or -1. */
int signer_free(signer *s, sg_err *err);

/*
 * Sign one record in place.  The record is first checked by the rules of
 * its type, with the engine segel-validate runs (lib/validate.h; one
 * validator for the signer's life, so a NIK seen twice in a run is caught
 * as in segel-validate): values are normalised in place, and a record
 * with errors is not signed (its "errors" get every problem, err says
 * E-SIGN-INVALID).  0: done (entry queued, or found already issued: the
 * same number comes back).  -1: this record cannot be signed (err says
 * why; nothing queued): invalid, another region, a document revoked or
 * superseded (E-SIGN-REVOKED, E-SIGN-SUPERSEDED), or one already signed
 * in this run (E-SIGN-DUPLICATE).  -2: the signer cannot go on.
 */
int signer_sign(signer *s, json_t *rec, sg_err *err);
int signer_commit(signer *s, sg_err *err);
/*
 * Refuse to sign for verifiers who could not verify: 0 when the trust
 * bundle at path (lib/bundle.h, verified) holds the office's certificate
 * and trusts its key on the signer's today for the profile's region;
 * else -1 with err (E-BUNDLE-OFFICE, or the bundle's own E-BUNDLE…).
 * Uses no number.
 */
int signer_check_bundle(signer *s, const char *path, sg_err *err);
size_t signer_pending(const signer *s);

/*
 * Sign in the background, on a thread of the signer's own (with its own
 * copy of the key's contexts): from now on signer_sign() gives a record
 * without a seal an empty "seal", its last key, and signs it while the
 * next records are read; signer_commit() waits for every signature of
 * the batch before the ledger commit.  Then signer_seal(s, i) is the seal
 * text of the batch's i-th such record (0 <= i < signer_deferred(s)),
 * for the line writer to put between the empty seal's quotes; lent until
 * the next signer_sign().  A record that cannot have its seal last is
 * sealed at once, as without this.
 */
int signer_sign_later(signer *s, sg_err *err);
size_t signer_deferred(const signer *s);
const char *signer_seal(const signer *s, size_t i);

/* Revoke a number, or mark it superseded by another; both must have been
 * issued here, a revoked number stays revoked, and the newer one must be
 * current.  Committed at once. */
int signer_set_status(signer *s, const char *number, const char *by,
    const char *reason, sg_err *err);
/* Write the signed status list (formats/status.md) atomically to path. */
int signer_write_status_list(signer *s, const char *path, sg_err *err);

#endif
