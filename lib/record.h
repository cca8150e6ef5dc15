/*
 * record.h - the record stream: JSON Lines through jansson.
 *
 * One UTF-8 JSON object per line (formats/records.md).  The reader keeps
 * the stream's name and line number so every diagnostic can say where a
 * record came from; one bad line is an error for that line and the next
 * call goes on with the line after it.  Keys the caller does not touch are
 * passed through as they came (object key order is kept).
 *
 * Ownership: rec_reader_next() hands the caller a new reference in *out,
 * which the caller json_decref()s.  rec_reader_where() lends a string that
 * is valid until the next call.
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

/* Write one record as one line; 0 or -1 with errno set.  Not for use from
 * several threads at once (one reused buffer). */
int rec_write(FILE *fp, const json_t *rec);

/* Build "file:line" style ids and provenance for a record. */
int rec_set_source(json_t *rec, const char *folder, const char *file,
    unsigned long line);

/* Append {"code","path","message"} to rec[key] (an array made on demand). */
int rec_add_problem(json_t *rec, const char *key, const char *code,
    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
