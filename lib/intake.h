/*
 * intake.h - turning bulk folders into records.
 *
 * A bulk folder holds spreadsheets (CSV), XML submissions and record
 * streams (JSON Lines), plus the scans they name as attachments.  intake
 * walks a folder (recursively, in name order) or takes one file, and hands
 * every record, every reject and every notice to the caller's emit
 * function as soon as it is known (Kartu Keluarga rows are grouped by KK
 * number, so their records come at the end of their file).
 *
 * Counting: every data row read ends in a record or a reject, so
 * rows == rows_in_records + rows_rejected.  A file that cannot be read as
 * a whole (binary, empty, of no known type) is a file reject on its own,
 * counted in files_rejected.  An XML <document> counts as one row.
 *
 * Ownership: objects passed to emit are lent for the call.
 */
#ifndef SEGEL_INTAKE_H
#define SEGEL_INTAKE_H

#include <stddef.h>
#include <jansson.h>

#include "doctype.h"
#include "err.h"

enum intake_kind { INTAKE_RECORD, INTAKE_REJECT, INTAKE_NOTICE };

/* Return 0 to go on, -1 to stop (e.g. a write error). */
typedef int (*intake_emit_fn)(void *ctx, enum intake_kind kind,
    const json_t *obj);

struct intake_opts {
	const doctype *type;       /* forced type, or NULL to recognise */
	size_t max_attachment;     /* bytes; 0 means ATTACH_MAX_DEFAULT */
	const char *formats_dir;   /* for formats/submission.xsd */
};

typedef struct intake_stats {
	unsigned long files, files_rejected;
	unsigned long rows, rows_in_records, rows_rejected;
	unsigned long records, rejects;
} intake_stats;

typedef struct intake intake;

intake *intake_new(const doctype_set *types, const struct intake_opts *o);
/*
 * --region: code (a desa/kelurahan of the current region list) is the
 * region of every row that carries none (OpenSID's exports hold no
 * address); a row whose own code or address names say otherwise is a
 * reject (E-INTAKE-REGION).  0, or -1 with err (E-INTAKE-REGION, the
 * region table's E-REGION-…).
 *
 * Without it, a row with no region code but desa/kelurahan, kecamatan,
 * kabupaten/kota (and provinsi) names, in the type's own fields or in
 * address columns ("DESA/KELURAHAN", "KAB/KOTA", …, kept in
 * source.address), gets the code the names resolve to
 * (region_resolve_names); names that fit several places or none are a
 * reject listing the candidates (E-INTAKE-REGION-NAME).
 */
int intake_set_region(intake *in, const char *code, sg_err *err);
void intake_free(intake *in);
/*
 * What this run writes: an open file (fd >= 0: standard output, the
 * --rejects file) or a folder (path: --return).  A file intake_path would
 * read that is one of them, or lies in such a folder, is skipped with a
 * notice (W-INTAKE-OWN-OUTPUT): output written into the folder being read
 * is never read back.  Anything but a regular file or a folder (a pipe,
 * a terminal) is no matter.  0, or -1 when more than INTAKE_MAX_OUTPUTS.
 */
#define INTAKE_MAX_OUTPUTS 8
int intake_skip_output(intake *in, int fd, const char *path);
/*
 * Take one folder or file.  Row and file problems are not errors: they are
 * emitted as rejects.  Returns 0, or -1 when it had to stop (the path
 * cannot be opened, emit asked to stop, out of memory) with err set.
 */
int intake_path(intake *in, const char *path, intake_emit_fn emit,
    void *ctx, sg_err *err);
const intake_stats *intake_get_stats(const intake *in);

/*
 * The first problem of a reject being emitted, in the reader's language
 * (its "errors" carry it in English): for the caller's diagnostic, valid
 * during the emit call.  Falls back to the English sentence.
 */
const char *intake_problem_text(const intake *in, const json_t *rec);
/* The same for the reject's problem i (its "errors"[i]). */
const char *intake_problem_text_at(const intake *in, const json_t *rec,
    size_t i);

#endif
