/*
 * returns.h - the return list for the villages: the rows segel-intake
 * rejected, gathered per village folder and written back as the village
 * head's own spreadsheet (.xlsx, and .csv beside it), one line a problem:
 * file, sheet, row number as their spreadsheet shows it, the column (its
 * label), the value given, what to fix (the problem in the reader's
 * language) and the code.
 *
 * A village is the folder a rejected row came from (its source.folder);
 * its file name is that folder below the path intake was given, with '/'
 * made '-' ("gorontalo-limboto-biyonga-invalid.xlsx").  Every cell is
 * written as text: a value that looks like a formula ("=HYPERLINK(…)",
 * "+1", "-2", "@x") is never one in the .xlsx, and in the .csv it gets a
 * leading "'" so no spreadsheet runs it; control characters become
 * blanks, and a cell is cut at the 32,767 characters a sheet holds.
 * Files are written atomically (file_replace).
 *
 * Ownership: returns_free frees what returns_new made; returns_add copies
 * what it needs.
 */
#ifndef SEGEL_RETURNS_H
#define SEGEL_RETURNS_H

#include <stddef.h>

#include <jansson.h>

#include "doctype.h"
#include "err.h"

typedef struct returns returns;

/* root: the path intake was given (folders are named below it). */
returns *returns_new(const doctype_set *types, const char *root);
void returns_free(returns *r);
/*
 * One reject: a line for each of its problems; text(i) gives problem i
 * in the reader's language (NULL: its English message).  0 or -1 (out of
 * memory).
 */
int returns_add(returns *r, const json_t *reject,
    const char *(*text)(void *ctx, const json_t *reject, size_t i),
    void *ctx);
/*
 * Write dir/<village>.xlsx and dir/<village>.csv for every village with a
 * reject.  For each village written, fn(ctx, name, lines) is called (for
 * the operator's summary).  0, or -1 with err (E-SYSTEM, E-RETURNS-WRITE).
 */
int returns_write(returns *r, const char *dir,
    void (*fn)(void *ctx, const char *village, size_t lines), void *ctx,
    sg_err *err);

#endif
