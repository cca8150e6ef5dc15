/*
 * trustsrc.h - where segel-verify's trust material comes from: a signed
 * trust bundle (lib/bundle.h, formats/trust.md) or a trust directory
 * (lib/trust.h), given with -t or found in the default places.
 *
 * The default places, in order (formats/status.md, "Where a verifier
 * finds its trust material"): $SEGEL_TRUST (when set, it must exist, as -t must); then in
 * each of the user's data folder ($XDG_DATA_HOME/segel, default
 * ~/.local/share/segel), /etc/segel and the installed share folder
 * (formats_share_dir()): first a bundle file "trust.bundle", then
 * "trust" (a trust directory, or a bundle file).  The first that exists
 * is used; a bad one is an error, never a reason to try the next.
 *
 * A bundle's formats files (types, code tables, fonts, ICC profile) are
 * written once into a private folder (mkdtemp, 0700) that the loaders
 * read as the formats folder (formats_dir_set), unless SEGEL_FORMATS is
 * set; the folder is removed by trust_source_free.
 *
 * Ownership: a trust_source owns its bundle and folder; the strings and
 * the bundle it returns are lent until trust_source_free().
 */
#ifndef SEGEL_TRUSTSRC_H
#define SEGEL_TRUSTSRC_H

#include <limits.h>
#include <stddef.h>

#include "err.h"

#define TRUST_PLACES_MAX 8

typedef struct trust_source trust_source;
struct bundle;

/*
 * The default places in the order they are tried (the environment read
 * now): fills up to max paths (PATH_MAX each), returns how many.
 */
size_t trust_source_places(char (*out)[PATH_MAX], size_t max);
/*
 * Open path (a bundle file or a trust directory; NULL: the first default
 * place that exists).  A bundle is loaded and verified (bundle_load) and
 * its formats unpacked.  NULL with err set: E-TRUST-NONE when no place
 * exists, a bundle's E-BUNDLE… code, E-TRUST-FORMATS, E-SYSTEM.
 */
trust_source *trust_source_open(const char *path, sg_err *err);
void trust_source_free(trust_source *s);
/*
 * Remove s's private formats folder also when the process is killed
 * (SIGINT, SIGTERM, SIGHUP, SIGPIPE; signals already ignored stay
 * ignored): the handler removes it and dies of the same signal.  For the
 * main program, once; only the process that made the folder removes it.
 */
void trust_source_on_signal(trust_source *s);
/* The path used. */
const char *trust_source_path(const trust_source *s);
/* The bundle, or NULL for a trust directory. */
const struct bundle *trust_source_bundle(const trust_source *s);

/*
 * segel-trust install: put the bundle file at path in place at dest (NULL:
 * trust.bundle in the user's data folder, the first default place, whose
 * folder is made when missing).  The file is read once and the bytes
 * checked are the bytes written (file_replace: atomic, synced).
 *   - With a bundle already at dest, the new one must be an update of it
 *     (bundle_check_update: signer chains to a root of the old, greater
 *     sequence, not backdated), so an older bundle, or one from another
 *     root, cannot be played back.  The same bytes again are no change.
 *   - With none there, root_path is required: a first bundle is only as
 *     good as the root it was checked against (bundle_check_root).
 *   - A bundle at dest that no longer loads is replaced only with
 *     root_path.
 * Returns 0 installed, 1 the same bundle was already there, -1 with err
 * (the bundle's E-BUNDLE… code, E-BUNDLE-ROOT, E-BUNDLE-SEQUENCE,
 * E-BUNDLE-INSTALL, E-SYSTEM).  dest_used (PATH_MAX) gets the path and
 * *old_seq the sequence replaced (0: none).
 */
int trust_source_install(const char *path, const char *root_path,
    const char *dest, char dest_used[PATH_MAX], unsigned long *old_seq,
    sg_err *err);

#endif
