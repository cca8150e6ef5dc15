/*
 * csv.h - a streaming reader for CSV as spreadsheets really export it.
 *
 * Handles: ',' ';' or TAB separators (detected from the first record),
 * quoted fields with embedded separators, newlines and doubled quotes,
 * UTF-8 with or without BOM, UTF-16LE/BE with BOM (Excel "Unicode text"),
 * Windows-1252 (each field not valid UTF-8 is converted), CRLF, LF or CR
 * line ends, blank lines (skipped).  A file with NUL bytes that is not
 * UTF-16 is refused as binary.
 *
 * Like Excel, a quote inside an unquoted field is kept as it is; unlike
 * Excel, text after a closing quote ("abc"def, which Excel reads abcdef)
 * makes the row bad (E-CSV-QUOTE) rather than a changed value; blanks
 * there are kept.  Fields are not
 * trimmed.  A line of blanks (and, with TAB as separator, of TABs) is
 * skipped; ";;" is a row of empty fields.  With no separator in the first
 * record the file is one column, read with ','.  A first line "sep=X"
 * (Excel's, X one of , ; TAB |) names the separator and is no row.
 * UTF-16 without a BOM is
 * not guessed at: its NUL bytes refuse it as binary.
 *
 * Bounds: CSV_MAX_FIELD bytes a field, CSV_MAX_FIELDS fields a row,
 * CSV_MAX_ROW bytes a row.  A row over a bound is an error for that row;
 * reading goes on with the next one.
 *
 * Ownership: fields returned by csv_reader_field() are UTF-8, lent until
 * the next csv_reader_next() or csv_reader_free().
 */
#ifndef SEGEL_CSV_H
#define SEGEL_CSV_H

#include <stdio.h>
#include <stddef.h>

#include "err.h"

#define CSV_MAX_FIELD  (64u << 10)
#define CSV_MAX_FIELDS 512u
#define CSV_MAX_ROW    (1u << 20)

typedef struct csv_reader csv_reader;

/* fp is read from, not closed.  name is used in err->where ("name:line"). */
csv_reader *csv_reader_new(FILE *fp, const char *name);
/* Read from memory (the fuzz target and unit tests); buf must outlive r. */
csv_reader *csv_reader_new_mem(const char *buf, size_t len, const char *name);
void csv_reader_free(csv_reader *r);

/*
 * 1: a row is ready.  0: end of file.
 * -1: this row is bad (err: code, "name:line", message); call again.
 * -2: the file cannot be read as CSV at all (binary, read error); stop.
 * Codes: E-CSV-QUOTE (a quoted field still open at the end of the file,
 * or text after a closing quote),
 * E-CSV-FIELD-TOO-LONG, E-CSV-TOO-MANY-FIELDS, E-CSV-ROW-TOO-LONG (the
 * bounds apply to the UTF-8 text), E-CSV-UTF16 (an unpaired surrogate or
 * odd trailing byte in a UTF-16 file), and for -2: E-CSV-BINARY,
 * E-SYSTEM.  After -2 every call returns -2 with the same error.  After
 * -1 or -2 the row has no fields.
 */
int csv_reader_next(csv_reader *r, sg_err *err);
size_t csv_reader_nfields(const csv_reader *r);
/* NULL when i >= csv_reader_nfields(r) (ragged rows). */
const char *csv_reader_field(const csv_reader *r, size_t i);
/*
 * The index of the first field of the last row holding bytes that are
 * neither UTF-8 nor defined in Windows-1252 (0x81 0x8D 0x8F 0x90 0x9D,
 * shown as U+FFFD), or -1.  Such a row is not what its writer meant: the
 * caller rejects it, with its fields at hand to say which record it hurts.
 */
long csv_reader_undecodable(const csv_reader *r);
/* Physical line (1-based) where the last row started. */
unsigned long csv_reader_line(const csv_reader *r);
/* Separator in use (0 before the first row). */
char csv_reader_sep(const csv_reader *r);
/* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE"; "Windows-1252" once a
 * field needed conversion. */
const char *csv_reader_encoding(const csv_reader *r);

#endif
