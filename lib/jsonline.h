/*
 * jsonline.h - the record module's fast path.  lib/record.c is built on
 * it (this module knows nothing of records); tools call rec_parse(),
 * rec_write() and rec_format().  jansson's own reader and writer go
 * through a callback per character or token, which costs more than the
 * checks the tools make.
 *
 * jansson stays the model and the authority: jsonline_parse() builds the
 * same jansson tree json_loadb() would, and returns NULL on anything
 * outside its plain subset (reals, \u0000, lone surrogates, deep
 * nesting, duplicate keys, bad UTF-8, any syntax error), for the caller
 * to hand to jansson, so the result and the error message are jansson's
 * (rec_parse()).  jsonline_dump() writes what json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) would, byte for byte, into a reused buffer.  The
 * fuzz targets hold both to that.
 *
 * Ownership: the sg_buf is the caller's (buf.h), reused from line to
 * line.
 */
#ifndef SEGEL_JSONLINE_H
#define SEGEL_JSONLINE_H

#include <stdio.h>
#include <jansson.h>

#include "buf.h"

/* A JSON object, or NULL: not one, or not in the plain subset. */
json_t *jsonline_parse(const char *buf, size_t len);

/* Append rec and a newline to b.  0, or -1 when memory ran out (b as it
 * was, its error cleared). */
int jsonline_dump(const json_t *rec, sg_buf *b);

#endif
