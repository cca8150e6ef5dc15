/*
 * attach.h - attachments named in a bulk folder's rows.
 *
 * An attachment must be a regular file inside the folder: absolute paths,
 * ".." components and symlinks that resolve outside are refused.  Its type
 * is sniffed from its bytes (PDF, JPEG, PNG), its size capped, its SHA-256
 * recorded.
 */
#ifndef SEGEL_ATTACH_H
#define SEGEL_ATTACH_H

#include <stddef.h>
#include <jansson.h>

#include "err.h"

#define ATTACH_MAX_DEFAULT (10u << 20)

/*
 * Check root/rel.  On success returns 0 and a new object in *out:
 * {"path": rel, "media": "application/pdf", "bytes": N, "sha256": hex}.
 * On failure -1 with err->code one of E-ATTACH-ABSOLUTE, E-ATTACH-ESCAPE,
 * E-ATTACH-MISSING, E-ATTACH-NOT-FILE, E-ATTACH-TOO-BIG, E-ATTACH-TYPE,
 * E-ATTACH-READ.
 */
int attach_check(const char *root, const char *rel, size_t max_bytes,
    json_t **out, sg_err *err);
/* "application/pdf", "image/jpeg", "image/png" or NULL. */
const char *attach_sniff(const unsigned char *buf, size_t len);

#endif
