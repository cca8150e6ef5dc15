/*
 * jsonline.h - the record module's fast path (lib/record.c uses it; tools
 * call rec_parse() and rec_write()).  jansson's own reader and writer go
 * through a callback per character or token, which costs more than the
 * checks the tools make.
 *
 * jansson stays the model and the authority: jsonline_parse() builds the
 * same jansson tree rec_parse_jansson() would, and on anything outside its
 * plain subset (reals, \u0000, lone surrogates, deep nesting, duplicate
 * keys, bad UTF-8, any syntax error) it hands the line to
 * rec_parse_jansson() so the result and the error message are jansson's.
 * jsonline_dump() writes what json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) would, byte for byte, into a reused buffer.  The
 * fuzz targets hold both to that.
 *
 * Ownership: a jsonline_buf is the caller's (zero it to start, free
 * buf->p at the end).
 */
#ifndef SEGEL_JSONLINE_H
#define SEGEL_JSONLINE_H

#include <stdio.h>
#include <jansson.h>

#include "err.h"

/* As rec_parse_jansson(): a JSON object, or NULL with err set. */
json_t *jsonline_parse(const char *buf, size_t len, sg_err *err);

typedef struct jsonline_buf {
	char *p;
	size_t n, cap;
} jsonline_buf;

/* Append rec and a newline to b.  0, or -1 when memory ran out. */
int jsonline_dump(const json_t *rec, jsonline_buf *b);

#endif
