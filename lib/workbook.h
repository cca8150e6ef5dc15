/*
 * workbook.h - spreadsheets as villages save them (.xlsx, .ods, .xls),
 * read into the rows the CSV reader (csv.h) gives.
 *
 * The kind is told by the bytes, not the name: a zip holding
 * xl/workbook.xml is Office Open XML (.xlsx, .xlsm), a zip whose mimetype
 * is an OpenDocument spreadsheet is .ods (both through libzip and
 * libxml2's streaming reader), and a Compound File is an Excel 97-2003
 * .xls (through libfreexl; an encrypted .xlsx is stored the same way and
 * is refused as password-protected).
 *
 * Cells come out as text the way the sheet shows them: text as typed
 * (shared, inline and rich text joined), dates as YYYY-MM-DD (serial
 * numbers under a date format, the 1900 and 1904 systems), numbers as
 * typed (integers in full, fractions to 15 significant digits; padded
 * under a format of zeros: "000" shows RT 1 as 001, except in .xls,
 * whose reader knows no number formats).  A number
 * of 16 or more digits cannot be what was typed (a spreadsheet keeps 15
 * significant digits), so it is shown as Excel's General format shows it,
 * 7.50102E+15: a NIK that became a number is seen for what it is.
 * ODS cells other than dates are the cell's own displayed text.
 *
 * Rows that are wholly empty are left out, as the CSV reader skips blank
 * lines; every row keeps its number in the sheet (workbook_rows_line).
 *
 * Bounds (hostile files are normal): WORKBOOK_MAX_FILE bytes of file,
 * WORKBOOK_MAX_ENTRIES zip entries, WORKBOOK_MAX_ENTRY bytes inflated for
 * one part, WORKBOOK_MAX_INFLATED for all of them, and WORKBOOK_MAX_RATIO
 * inflated to compressed (zip bombs, told
 * from the declared sizes before inflating and held to them while
 * inflating), WORKBOOK_MAX_TEXT bytes of cell text and WORKBOOK_MAX_CELLS
 * cells in all (shared strings repeated a million times), no DTD (no
 * entities, nothing fetched), nesting WORKBOOK_MAX_DEPTH deep.  A cell
 * over CSV_MAX_FIELD bytes or a column past CSV_MAX_FIELDS makes its row
 * a bad row; the others are read.
 *
 * Ownership: a workbook owns its sheets' text; names and fields are lent
 * until workbook_free (fields: until the next workbook_rows_next).
 */
#ifndef SEGEL_WORKBOOK_H
#define SEGEL_WORKBOOK_H

#include <stddef.h>

#include "err.h"

#define WORKBOOK_MAX_FILE    (64u << 20)
#define WORKBOOK_MAX_ENTRIES 4096u
#define WORKBOOK_MAX_ENTRY   (128u << 20)
#define WORKBOOK_MAX_RATIO   500u
#define WORKBOOK_MAX_INFLATED (512u << 20)
#define WORKBOOK_MAX_TEXT    (128u << 20)
#define WORKBOOK_MAX_CELLS   (16u << 20)
#define WORKBOOK_MAX_SHEETS  256u
#define WORKBOOK_MAX_DEPTH   64u

typedef struct workbook workbook;
typedef struct workbook_rows workbook_rows;

/* True when the first bytes are a zip or a Compound File (a workbook
 * whatever its name says). */
int workbook_sniff(const void *buf, size_t len);
/*
 * Read a whole workbook, or NULL with err (E-BOOK-CORRUPT, E-BOOK-KIND,
 * E-BOOK-TOO-BIG, E-BOOK-DTD, E-BOOK-ENCRYPTED, E-SYSTEM), err->where the
 * name, with the part or sheet when it helps.
 */
workbook *workbook_open(const char *path, sg_err *err);
/* From memory (the fuzz target); .xls needs a file (libfreexl). */
workbook *workbook_open_mem(const void *buf, size_t len, const char *name,
    sg_err *err);
void workbook_free(workbook *wb);

/* "xlsx", "ods" or "xls". */
const char *workbook_kind(const workbook *wb);
size_t workbook_nsheets(const workbook *wb);
const char *workbook_sheet_name(const workbook *wb, size_t sheet);
/* Rows with something in them. */
size_t workbook_sheet_nrows(const workbook *wb, size_t sheet);

/* A reader over one sheet's rows, as csv_reader_next (csv.h) reads a
 * file: 1 a row, 0 the end, -1 a bad row (E-BOOK-CELL-TOO-LONG,
 * E-BOOK-TOO-MANY-COLUMNS; the row then has no fields). */
workbook_rows *workbook_rows_new(const workbook *wb, size_t sheet);
void workbook_rows_free(workbook_rows *r);
int workbook_rows_next(workbook_rows *r, sg_err *err);
size_t workbook_rows_nfields(const workbook_rows *r);
/* NULL when i >= workbook_rows_nfields(r). */
const char *workbook_rows_field(const workbook_rows *r, size_t i);
/* The row's number in the sheet (1-based). */
unsigned long workbook_rows_line(const workbook_rows *r);

#endif
