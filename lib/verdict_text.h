/*
 * verdict_text.h - a verdict in the words a person reads (formats/verdict.md,
 * "The verdict for a person"): the verdict first (VALID, NOT VALID, COULD
 * NOT BE READ), what it means and what to do, how fresh the revocation
 * news is, then the signed fields as the paper prints them (layout.h's
 * formats: dates in Indonesian words where the page has them, codes by
 * their names, region codes with the names of their desa, kecamatan,
 * kabupaten and provinsi) under the instruction to compare them with the
 * paper.  Sentences in the reader's language (i18n.h); labels and values
 * as the paper has them.  Outside text (sources, numbers, values) comes
 * escaped (text.h), ready to print.
 *
 * Ownership: a vtext borrows the types, code tables and region table
 * (each may outlive it; regions may be NULL: codes are then shown without
 * names) and owns the layouts it parsed.  The lines a call fills in are
 * the caller's until vtext_lines_clear().
 */
#ifndef SEGEL_VERDICT_TEXT_H
#define SEGEL_VERDICT_TEXT_H

#include "codetab.h"
#include "doctype.h"
#include "err.h"
#include "region.h"
#include "verify.h"

typedef struct vtext vtext;

enum vtext_kind { VTEXT_VALID, VTEXT_INVALID, VTEXT_UNREADABLE };

typedef struct vtext_lines {
	enum vtext_kind kind;
	const char *word; /* "VALID", "NOT VALID", "COULD NOT BE READ" in the
	                     reader's language; static */
	char *head;       /* the rest of the verdict line, no newline:
	                     " (R-REVOKED) scan.png: the issuing office ..." */
	char *more;       /* the lines after it, each ending in a newline;
	                     "" when quiet */
} vtext_lines;

/* E-LAYOUT when a type's layout does not parse, E-SYSTEM. */
vtext *vtext_new(const doctype_set *types, const codetab_set *codes,
    const region_table *regions, sg_err *err);
void vtext_free(vtext *vt);
/*
 * The lines for verdict d of source (a file, "argument 2"; NULL for
 * none); quiet: the verdict line only.  0, or -1 when out of memory.
 */
int vtext_verdict(const vtext *vt, const verdict *d, const char *source,
    int quiet, vtext_lines *out);
/*
 * The lines for a file nothing could be read from: code is the reason
 * (E-SCAN-NO-CODE, E-IMAGE-CORRUPT, ...: it chooses what to do), why
 * the sentence in the reader's language.  0, or -1.
 */
int vtext_unreadable(const char *source, const char *code, const char *why,
    int quiet, vtext_lines *out);
void vtext_lines_clear(vtext_lines *l);

#endif
