/*
 * record.h - the record stream: JSON Lines through jansson.
 *
 * One UTF-8 JSON object per line (formats/records.md).  The reader keeps
 * the stream's name and line number so every diagnostic can say where a
 * record came from; one bad line is an error for that line and the next
 * call goes on with the line after it.  Keys the caller does not touch are
 * passed through as they came (object key order is kept).
 *
 * This module owns the record envelope (formats/records.md): the keys
 * every tool shares are read and set through the accessors below, never
 * spelled out elsewhere; a reject has one shape (rec_reject); every tool
 * writes its lines through rec_write() or rec_format().  It sits on
 * lib/jsonline.c (the fast path), which knows nothing of records.
 *
 * Ownership: rec_reader_next() hands the caller a new reference in *out,
 * which the caller json_decref()s.  rec_reader_where() lends a string that
 * is valid until the next call.  Getters lend what they return (valid
 * while the record holds it); setters that take a json_t * take over that
 * reference (as json_object_set_new), also when they fail; string setters
 * copy.
 */
#ifndef SEGEL_RECORD_H
#define SEGEL_RECORD_H

#include <stdio.h>
#include <jansson.h>

#include "err.h"

#define REC_MAX_LINE (16u << 20) /* longest line a reader accepts */

typedef struct rec_reader rec_reader;

/* name is used in diagnostics ("-" reads as "<stdin>"); fp is not closed. */
rec_reader *rec_reader_new(FILE *fp, const char *name);
void rec_reader_free(rec_reader *r);

/*
 * 1: *out holds the next record.  0: end of stream.
 * -1: this line is bad (err says why and where); call again for the next.
 * -2: the stream itself failed (read error); stop.
 */
int rec_reader_next(rec_reader *r, json_t **out, sg_err *err);
/* The same without parsing: the next non-blank line, lent until the next
 * call (for tools that hand lines on to workers).  Same returns. */
int rec_reader_next_raw(rec_reader *r, const char **line, size_t *len,
    sg_err *err);
unsigned long rec_reader_line(const rec_reader *r);
const char *rec_reader_name(const rec_reader *r);
/* "name:line" of the line last returned. */
const char *rec_reader_where(rec_reader *r);

/*
 * Parse one record from a buffer.  A fast path (lib/jsonline.c) builds the
 * same jansson tree for plain JSON and hands anything else to
 * rec_parse_jansson(), jansson itself, which is the reference: the fuzz
 * targets check that both accept and build the same.
 */
json_t *rec_parse(const char *buf, size_t len, sg_err *err);
json_t *rec_parse_jansson(const char *buf, size_t len, sg_err *err);

/*
 * Write one record (or any JSON object: a verdict, a ledger entry) as one
 * line: what json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) gives, and
 * '\n', in one fwrite from a reused per-thread buffer (json_dumpf()
 * writes in small pieces, which costs more than the checks the tools
 * make).  0, or -1 with errno set.
 */
int rec_write(FILE *fp, const json_t *rec);
/* The same line in a new string the caller frees (NUL after the '\n');
 * *len, when not NULL, gets its length.  NULL when memory ran out. */
char *rec_format(const json_t *rec, size_t *len);

/* Build "file:line" style ids and provenance for a record. */
int rec_set_source(json_t *rec, const char *folder, const char *file,
    unsigned long line);

/* ---- problems and rejects ---- */

/* A new problem {"code","path","message"} (path NULL: ""), or NULL. */
json_t *rec_problem_new(const char *code, const char *path, const char *msg);
/* Append a problem to rec's "errors" (an array made on demand); 0 or -1. */
int rec_add_error(json_t *rec, const char *code, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The one reject shape (formats/records.md, "Rejects").  A record a tool
 * read but cannot accept: rec with err added to its "errors" (path
 * err->where: a field path).  A line that is no record (rec NULL):
 * {"type":null,"id":where,"errors":[{code,"",message}]}, where being the
 * stream's "name:line".  Returns a new reference the caller
 * json_decref()s, or NULL when memory ran out.
 */
json_t *rec_reject(json_t *rec, const char *where, const sg_err *err);

/* ---- the envelope ---- */

const char *rec_type(const json_t *rec);      /* "type", or NULL */
const char *rec_id(const json_t *rec);        /* "id", or NULL */
json_t *rec_fields(const json_t *rec);        /* "fields" object, or NULL */
json_t *rec_source(const json_t *rec);        /* "source" as it is, or NULL */
json_t *rec_issue(const json_t *rec);         /* "issue" as it is, or NULL */
const char *rec_issue_number(const json_t *rec); /* "issue"."number" */
const char *rec_seal(const json_t *rec);      /* "seal" text, or NULL */
json_t *rec_errors(const json_t *rec);        /* "errors" as it is, or NULL */

/* NULL type: JSON null (a record whose type is not known). */
int rec_set_type(json_t *rec, const char *type);
int rec_set_fields(json_t *rec, json_t *fields);
/* "source"."sheet": the workbook sheet a record was read from; in_id
 * names it in the id too ("folder/book.xlsx:Sheet2:12"), for a workbook
 * with several sheets read. */
int rec_set_source_sheet(json_t *rec, const char *sheet, int in_id);
/* "source"."lines": every line a record was gathered from. */
int rec_set_source_lines(json_t *rec, json_t *lines);
/* "source"."address": the address names of a row's address columns
 * ({"desa", "kecamatan", "kabupaten", "provinsi"}), for a type that has
 * only a region code. */
int rec_set_source_address(json_t *rec, json_t *address);
json_t *rec_source_address(const json_t *rec); /* it, or NULL */
/* "source"."extra": the values of a row's columns that are no field of
 * the type, by header; for a member list, one object a member. */
int rec_set_source_extra(json_t *rec, json_t *extra);
int rec_set_attachments(json_t *rec, json_t *attachments);
/* The "attachments" array (lent), or NULL. */
const json_t *rec_attachments(const json_t *rec);
/* One entry of "attachments": {"path","media","bytes","sha256"}, or NULL. */
json_t *rec_attachment_new(const char *path, const char *media,
    unsigned long long bytes, const char *sha256);
/* The "issue" section (formats/records.md); NULL: not there. */
typedef struct rec_issue_info {
	const char *number, *issued, *issuer, *kid;
	const char *office, *official, *nip;
} rec_issue_info;
/* Its parts as strings (lent; NULL when missing or not a string); from
 * an "issue" object (rec_issue()), not from the record. */
void rec_issue_get(const json_t *issue, rec_issue_info *out);
/* A new "issue" object with the parts that are not NULL, in the order
 * above, or NULL when memory ran out. */
json_t *rec_issue_new(const rec_issue_info *in);
int rec_set_issue(json_t *rec, const rec_issue_info *in);
int rec_set_seal(json_t *rec, const char *text);
/* The "pdf" section (path, sha256, pages); path NULL removes it. */
int rec_set_pdf(json_t *rec, const char *path, const char *sha256,
    int pages);
/* A record that passed: "validation":{"warnings":list}, no "errors". */
int rec_set_validation(json_t *rec, json_t *warnings);
/* A record that failed: "errors":list, no "validation". */
int rec_set_errors(json_t *rec, json_t *errors);
/* Move "errors" (if any) to the end, after the data it speaks of. */
int rec_errors_last(json_t *rec);
/* "folder/file:line" from the record's "source" ("folder/file" for a
 * whole-file reject, line 0; "folder/file:sheet:line" for a workbook's
 * sheet, as intake names it); fallback when it has none. */
void rec_where(const json_t *rec, const char *fallback, char *buf,
    size_t sz);
/* The line a problem of rec is on: for a member's field ("anggota[3].nik")
 * the line of that member's row ("source"."lines"[3]), else the record's
 * first line; 0 when not known. */
long rec_problem_line(const json_t *rec, const json_t *problem);
/* rec_where at that line. */
void rec_problem_where(const json_t *rec, const json_t *problem,
    const char *fallback, char *buf, size_t sz);
/* A problem's parts (lent; "" when missing). */
const char *rec_problem_code(const json_t *problem);
const char *rec_problem_path(const json_t *problem);
const char *rec_problem_message(const json_t *problem);

#endif
