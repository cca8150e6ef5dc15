/*
 * test_returns - the return list for the villages: hostile values are
 * written as text (the .xlsx read back with the project's own workbook
 * reader, the .csv as bytes), rows land in their village's file, and the
 * value, label and member line are the ones the reject names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "doctype.h"
#include "file.h"
#include "formats.h"
#include "returns.h"
#include "workbook.h"
#include "t.h"

static const char *
text(void *ctx, const json_t *reject, size_t i)
{
	(void)ctx;
	(void)reject;
	return i == 0 ? "perbaiki tanggal lahirnya" : NULL;
}

static void
seen(void *ctx, const char *village, size_t lines)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 200 - n, "%s=%zu;", village, lines);
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/test_returns.XXXXXX", path[300], got[200] = "";
	const char *hostile = "=HYPERLINK(\"http://x\",\"klik\")\x01\x1f";
	doctype_set *types;
	returns *r;
	json_t *rej, *rej2;
	workbook *wb;
	workbook_rows *rows;
	char *buf = NULL;
	size_t len = 0;
	sg_err err;
	int rc;

	T_INIT(argc, argv);
	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    mkdtemp(dir) == NULL) {
		printf("not ok setup: %s\n", err.message);
		return 1;
	}
	rej = json_pack("{s:s, s:{s:s, s:s, s:i, s:[i,i,i]}, s:{s:s, s:[{s:s},"
	    "{s:s},{s:s}]}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
	    "type", "kk",
	    "source", "folder", "kiriman/gorontalo/hunggaluwa", "file", "kk.csv",
	    "line", 2, "lines", 2, 5, 9,
	    "fields", "no_kk", "7501011406220031", "anggota",
	    "nama_lengkap", "A", "nama_lengkap", "B", "tanggal_lahir", hostile,
	    "errors", "code", "E-DATE-INVALID", "path",
	    "anggota[2].tanggal_lahir", "message", "not a date",
	    "code", "E-INTAKE-CONFLICT", "path", "no_kk", "message",
	    "+1 conflicting");
	rej2 = json_pack("{s:s, s:{s:s, s:s, s:i}, s:[{s:s, s:s, s:s}]}",
	    "type", "akta-kelahiran",
	    "source", "folder", "kiriman/rote-ndao/oebou", "file",
	    "lahir.xlsx", "line", 0,
	    "errors", "code", "E-INTAKE-EMPTY", "path", "", "message",
	    "the file is empty");
	r = returns_new(types, "kiriman");
	T_OK("add", r != NULL && returns_add(r, rej, text, NULL) == 0 &&
	    returns_add(r, rej2, text, NULL) == 0, "add failed\n");
	rc = returns_write(r, dir, seen, got, &err);
	T_OK("write", rc == 0, "%s\n", err.message);
	T_OK("villages", strcmp(got, "gorontalo-hunggaluwa=2;"
	    "rote-ndao-oebou=1;") == 0, "got %s\n", got);

	/* the .csv: formulas defused, quotes doubled, control characters
	 * blank, the member's own line and the field's label */
	snprintf(path, sizeof path, "%s/gorontalo-hunggaluwa.csv", dir);
	T_OK("csv-read", file_read_all(path, 1 << 20, 0, "E-X", &buf, &len,
	    &err) == 0, "%s\n", err.message);
	T_OK("csv-member-line", buf != NULL && strstr(buf, "\"kk.csv\",\"\","
	    "\"9\",\"Tanggal Lahir\",\"'=HYPERLINK(\"\"http://x\"\",\"\"klik"
	    "\"\")  \",\"perbaiki tanggal lahirnya\",\"E-DATE-INVALID\"\r\n") !=
	    NULL, "%s\n", buf ? buf : "");
	T_OK("csv-plus-defused", buf != NULL && strstr(buf, "\"'+1 "
	    "conflicting\"") != NULL, "%s\n", buf ? buf : "");
	free(buf);

	/* the .xlsx, read back: every cell text, as written */
	snprintf(path, sizeof path, "%s/gorontalo-hunggaluwa.xlsx", dir);
	wb = workbook_open(path, &err);
	T_OK("xlsx-open", wb != NULL, "%s\n", err.message);
	if (wb != NULL) {
		rows = workbook_rows_new(wb, 0);
		T_OK("xlsx-head", rows != NULL &&
		    workbook_rows_next(rows, &err) > 0 &&
		    strcmp(workbook_rows_field(rows, 5),
		    "Yang harus diperbaiki") == 0, "head\n");
		T_OK("xlsx-formula-as-text", rows != NULL &&
		    workbook_rows_next(rows, &err) > 0 &&
		    strcmp(workbook_rows_field(rows, 4),
		    "=HYPERLINK(\"http://x\",\"klik\")  ") == 0 &&
		    strcmp(workbook_rows_field(rows, 2), "9") == 0,
		    "got \"%s\"\n", rows ? workbook_rows_field(rows, 4) : "");
		workbook_rows_free(rows);
		workbook_free(wb);
	}
	/* a folder that cannot be written is an error, not a silent skip */
	rc = returns_write(r, "/nonexistent/dir", NULL, NULL, &err);
	T_OK("unwritable", rc != 0, "wrote to /nonexistent\n");

	returns_free(r);
	json_decref(rej);
	json_decref(rej2);
	doctype_set_free(types);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return T_DONE();
}
