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
/* The path used. */
const char *trust_source_path(const trust_source *s);
/* The bundle, or NULL for a trust directory. */
const struct bundle *trust_source_bundle(const trust_source *s);

#endif
