/*
 * fuzz_workbook.c - libFuzzer target for workbooks (lib/workbook.c).
 *
 * Zips (.xlsx, .ods) are read from memory.  A Compound File (.xls) is
 * left out: libfreexl runs in a child process of its own (workbook.c),
 * which it can crash (it does, on damaged files) without harm, while
 * libFuzzer would take every such crash in a forked copy of itself for
 * one of ours.  testdata/workbooks/hostile/freexl-overread.xls and
 * tests/cli/workbooks.sh keep that path tested.
 * Every failure must say why, and every row of every sheet must read
 * back within the bounds the CSV reader keeps (csv.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(workbook *wb)
{
	workbook_rows *r;
	size_t s, i, n;
	sg_err err;
	int rc;

	if (workbook_kind(wb) == NULL)
		abort();
	for (s = 0; s < workbook_nsheets(wb); s++) {
		if (workbook_sheet_name(wb, s) == NULL ||
		    (r = workbook_rows_new(wb, s)) == NULL)
			abort();
		n = 0;
		while ((rc = workbook_rows_next(r, &err)) != 0) {
			n++;
			if (rc < 0) {
				if (err.code[0] == '\0' ||
				    workbook_rows_nfields(r) != 0)
					abort();
				continue;
			}
			if (workbook_rows_nfields(r) == 0 ||
			    workbook_rows_nfields(r) > CSV_MAX_FIELDS)
				abort();
			for (i = 0; i < workbook_rows_nfields(r); i++)
				if (strlen(workbook_rows_field(r, i)) >
				    CSV_MAX_FIELD)
					abort();
		}
		if (n != workbook_sheet_nrows(wb, s))
			abort();
		workbook_rows_free(r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	workbook *wb;
	sg_err err;

	memset(&err, 0, sizeof err);
	if (size >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)
		return 0;
	wb = workbook_open_mem(data, size, "fuzz", &err);
	if (wb == NULL) {
		if (err.code[0] == '\0' || err.message[0] == '\0')
			abort();
		return 0;
	}
	walk(wb);
	workbook_free(wb);
	return 0;
}
