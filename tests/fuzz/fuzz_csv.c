/*
 * fuzz_csv - arbitrary bytes through the CSV reader.  Invariants: every
 * field handed out is valid UTF-8 within the bounds, a bad row never
 * stops the reader, -2 is final, and the reader terminates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_reader *r;
	sg_err err;
	const char *f;
	size_t i, n, len, row;
	unsigned long line, last = 0;
	int rc;

	if ((r = csv_reader_new_mem((const char *)data, size, "fuzz.csv")) ==
	    NULL)
		return 0;
	for (;;) {
		rc = csv_reader_next(r, &err);
		if (rc == 0 || rc == -2)
			break;
		if (rc == -1) {
			if (err.code[0] == '\0' || csv_reader_nfields(r) != 0)
				abort();
			continue;
		}
		if (rc != 1)
			abort();
		/* rows start on ever later lines */
		line = csv_reader_line(r);
		if (line == 0 || line <= last)
			abort();
		last = line;
		n = csv_reader_nfields(r);
		if (n == 0 || n > CSV_MAX_FIELDS)
			abort();
		row = 0;
		for (i = 0; i < n; i++) {
			f = csv_reader_field(r, i);
			len = strlen(f);
			if (len > CSV_MAX_FIELD || !text_is_utf8(f, len))
				abort();
			row += len;
		}
		if (row > CSV_MAX_ROW || csv_reader_field(r, n) != NULL)
			abort();
	}
	if (rc == -2 && csv_reader_next(r, &err) != -2)
		abort();
	if (rc == 0 && csv_reader_next(r, &err) != 0)
		abort();
	csv_reader_free(r);
	return 0;
}
