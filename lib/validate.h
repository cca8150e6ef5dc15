/*
 * validate.h - the rule engine: every record checked against the rules of
 * its document type.
 *
 * The generic rules are data in the type files (required, type, length,
 * pattern, code table, date and integer bounds); the domain checks are
 * named C functions (nik, kk, address, kk-family, date-order, nik-unique)
 * that a type lists in <checks>.  A validator is made once per run: it
 * compiles every pattern, resolves every check path and refuses a type
 * that names an unknown check.  val_check() then checks one record in
 * place: code values become the table's canonical name, names are
 * trimmed, folded and upper-cased, and every problem found is collected
 * with a stable code, the field path ("anggota[3].nik") and a message for
 * the operator (formats/records.md, "Validation").
 *
 * The validator also remembers, for the whole batch, every NIK seen by a
 * nik-unique check, so the second record carrying one is told which
 * record had it first.  One validator is therefore used by one thread,
 * and records must be given in input order.
 *
 * Ownership: the validator borrows the doctype set, code tables and
 * region table (they must outlive it; the region table may be NULL, and
 * then codes are checked for shape only).  Problems returned by
 * val_problem_at() are lent until the next val_check() or val_free().
 */
#ifndef SEGEL_VALIDATE_H
#define SEGEL_VALIDATE_H

#include <stddef.h>
#include <jansson.h>

#include "codetab.h"
#include "date.h"
#include "doctype.h"
#include "err.h"
#include "region.h"

/* One ordered scale, so --strict is a comparison. */
enum val_severity {
	VAL_OK = 0,
	VAL_WARN = 1,  /* a W-... code: the record passes with it attached */
	VAL_ERROR = 2  /* an E-... code: the record is rejected */
};

#define VAL_MAX_PROBLEMS 200 /* per record; the last says more were cut */

typedef struct val_problem {
	enum val_severity severity;
	char code[32];     /* "E-NIK-DATE", "W-KK-CHILD-AGE", ... */
	char path[96];     /* "anggota[3].nik"; "" for the whole record */
	char message[400]; /* one sentence for a Dukcapil operator, English */
	char text[400];    /* the same in the reader's language (err.h) */
} val_problem;

typedef struct validator validator;

/*
 * Build a validator for every type in types.  NULL on error: a pattern
 * that does not compile, a check name the engine does not know
 * (E-VALIDATE-CHECK, err->where "formats/types/x.xml:LINE"), a check
 * whose paths do not fit it, or no memory.
 */
validator *val_new(const doctype_set *types, const codetab_set *codes,
    const region_table *regions, sg_err *err);
void val_free(validator *v);

/*
 * Check rec in place, normalising its values.  Returns the worst
 * severity found (VAL_OK, VAL_WARN or VAL_ERROR), or -1 when memory ran
 * out (rec may then be half normalised).
 */
int val_check(validator *v, json_t *rec);
size_t val_problem_count(const validator *v);
const val_problem *val_problem_at(const validator *v, size_t i);

/*
 * Write the problems of the last val_check() into rec: when reject is 0,
 * "validation":{"warnings":[...]} (every problem, which the caller has
 * judged acceptable) and no "errors"; when reject is 1, "errors":[...]
 * with every problem, warnings included, and no "validation".  0 or -1.
 */
int val_annotate(const validator *v, json_t *rec, int reject);

/* Judge dates against this day instead of today (a signer's issue date). */
void val_set_today(validator *v, sg_date today);

/* Forget the NIKs and records seen so far (a new batch). */
void val_batch_reset(validator *v);

/* A record whose type and fields are an earlier one's of the batch is
 * E-RECORD-DUPLICATE (on by default); off for a caller that judges
 * repeats itself (segel-sign: E-SIGN-DUPLICATE, with the number issued). */
void val_set_duplicates(validator *v, int on);

/* The names of the checks the engine implements, NULL-terminated. */
const char *const *val_check_names(void);

#endif
