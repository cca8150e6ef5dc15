/*
 * pdfout.h - writing finished files safely: a temporary file in the same
 * folder, fsync, then link() to the final name, which fails rather than
 * replace a file that is already there.  An existing file with exactly the
 * same bytes counts as written (a re-run of the same batch); one with
 * other bytes is never touched.
 */
#ifndef SEGEL_PDFOUT_H
#define SEGEL_PDFOUT_H

#include <stddef.h>

#include "err.h"

/*
 * Write buf to dir/name.  0: written; 1: the same bytes were already
 * there; -1: error (E-RENDER-EXISTS when a different file has the name,
 * E-SYSTEM otherwise, err->where the path).
 */
int pdfout_write(const char *dir, const char *name, const void *buf,
    size_t len, sg_err *err);
/*
 * Write buf to path, replacing it (the combined print file): temporary
 * file, fsync, rename.
 */
int pdfout_replace(const char *path, const void *buf, size_t len,
    sg_err *err);
/* fsync a folder, so the names written into it last. */
int pdfout_sync_dir(const char *dir, sg_err *err);
/* SHA-256 of buf as 64 lowercase hex digits and a NUL. */
void pdfout_sha256_hex(const void *buf, size_t len, char hex[65]);

#endif
