/* Fuzz the record reader: arbitrary bytes as a JSON Lines stream. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fmemopen((void *)data, size, "rb");
	rec_reader *r;
	json_t *rec;
	sg_err e;
	int rc;

	if (size == 0 || fp == NULL) {
		if (fp)
			fclose(fp);
		return 0;
	}
	r = rec_reader_new(fp, "fuzz");
	while ((rc = rec_reader_next(r, &rec, &e)) != 0) {
		if (rc == -2)
			break;
		if (rc == 1) {
			if (!json_is_object(rec))
				abort();
			json_decref(rec);
		}
	}
	rec_reader_free(r);
	fclose(fp);
	return 0;
}
