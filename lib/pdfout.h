/*
 * pdfout.h - the old names of file.h's writer, until cmd/render.c calls
 * file_write_new, file_replace, file_sync_dir and file_sha256_hex itself
 * (issue 10: the lead renames the four calls there and deletes this file).
 */
#ifndef SEGEL_PDFOUT_H
#define SEGEL_PDFOUT_H

#include "file.h"

#define pdfout_write(d, n, b, l, e)  file_write_new(d, n, b, l, e)
#define pdfout_replace(p, b, l, e)   file_replace(p, b, l, 0644, e)
#define pdfout_sync_dir(d, e)        file_sync_dir(d, e)
#define pdfout_sha256_hex(b, l, h)   file_sha256_hex(b, l, h)

#endif
