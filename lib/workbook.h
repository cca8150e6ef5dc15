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
 * Times under a time format (.xlsx built-in formats 18-21 and 45-47,
 * custom ones with h or s and no d or y: h:mm, hh:mm:ss, [h]:mm) as
 * HH:MM, or HH:MM:SS when the format shows seconds; a date and time
 * format shows the date as above.  ODS cells other than dates are the
 * cell's own displayed text.
 *
 * What the sheet does not show as data is never read as data; each such
 * row is a bad row, counted (workbook_rows_next):
 *   - a cell showing an error value (.xlsx t="e"; .ods a formula whose
 *     value is an error, calcext:value-type="error", or whose text is
 *     #N/A, #REF!, ..., Err:502): E-BOOK-CELL-ERROR naming the column
 *     and the error;
 *   - an .xlsx escape _xHHHH_ of a control character other than TAB, LF
 *     and CR, a noncharacter or half a surrogate pair: E-FIELD-CONTROL
 *     naming the column and the character;
 *   - a hidden row with something in it (.xlsx hidden="1", which
 *     autofilter also writes; .ods table:visibility "collapse" or
 *     "filter"), and every row past the first (the header, read so the
 *     caller can tell what the sheet holds) of a hidden sheet (.xlsx
 *     state "hidden" or "veryHidden"; .ods a table whose style has
 *     table:display="false"): E-BOOK-HIDDEN;
 *   - in .xlsx and .ods, a date typed as a date (a serial under a date
 *     format, an .ods date value) in a column that also holds text that
 *     is a valid date only read day first with a day past 12 (d/m/yyyy,
 *     d-m-yyyy, d.m.yyyy): E-BOOK-DATE-AMBIGUOUS, since a month-first
 *     spreadsheet turns a day-first 06/04/2026 into June 4 and leaves
 *     13/04/2026 as text.  The text cells themselves are read.
 * .xls cells come through libfreexl, which gives no error cells, hidden
 * rows or sheets, merges or formats: none of this is checked there.
 *
 * Merged cells (.xlsx <mergeCell ref="A2:A5"/>; .ods
 * table:number-rows-spanned and number-columns-spanned over covered
 * cells) are read as the sheet shows them: every cell of the range holds
 * its top-left value, in every row of the range the sheet has (a row the
 * part leaves out is not made up).  Bounds: WORKBOOK_MAX_CELLS, a range
 * past column CSV_MAX_FIELDS makes its rows bad as any cell there does,
 * 262,144 ranges a sheet, and the cells ranges may visit in all.  .xls
 * (libfreexl) does not see merges: there only the top-left cell holds
 * the value.
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
 * E-BOOK-TOO-MANY-COLUMNS, E-BOOK-CELL-ERROR, E-BOOK-HIDDEN,
 * E-BOOK-DATE-AMBIGUOUS, E-FIELD-CONTROL).  A bad row keeps its fields,
 * as the sheet shows them, so that the caller knows whose row it is
 * (never to read as data), except a row too long or too wide
 * (E-BOOK-CELL-TOO-LONG, E-BOOK-TOO-MANY-COLUMNS), which has none. */
workbook_rows *workbook_rows_new(const workbook *wb, size_t sheet);
void workbook_rows_free(workbook_rows *r);
int workbook_rows_next(workbook_rows *r, sg_err *err);
size_t workbook_rows_nfields(const workbook_rows *r);
/* NULL when i >= workbook_rows_nfields(r). */
const char *workbook_rows_field(const workbook_rows *r, size_t i);
/* The row's number in the sheet (1-based). */
unsigned long workbook_rows_line(const workbook_rows *r);

#endif
