/*
 * profile.h - the issuer profile: one file per office saying who signs
 * (formats/profile.md).  Lines "key = value"; '#' starts a comment.
 *
 *   office      = Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gorontalo
 *   region      = 75.01
 *   official    = Drs. MUHTAR NUNA, M.Si
 *   nip         = 196805121994031007
 *   key         = /etc/segel/7501.key.pem
 *   cert        = /etc/segel/7501.pem
 *   ledger      = /var/lib/segel/7501.ledger
 *   passphrase-file = /etc/segel/7501.pass     (optional)
 *   logo        = /etc/segel/logo.png          (optional)
 *
 * Relative paths are taken from the profile's own folder.  Every setting
 * can be overridden by the tool's flags (profile_set).
 *
 * Ownership: strings returned are lent until profile_free().
 */
#ifndef SEGEL_PROFILE_H
#define SEGEL_PROFILE_H

#include "err.h"

typedef struct profile profile;

/* An empty profile (everything from flags), or one read from path. */
profile *profile_new(void);
int profile_load(profile *p, const char *path, sg_err *err);
void profile_free(profile *p);
/* Set (override) one key; 0, or -1 for an unknown key. */
int profile_set(profile *p, const char *key, const char *value);
/* The value of a key, or NULL. */
const char *profile_get(const profile *p, const char *key);
/* Check that the settings a signer needs are there and sane. */
int profile_check(const profile *p, sg_err *err);

#endif
