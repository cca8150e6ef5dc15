/*
 * xmlin.h - XML submissions (formats/submission.md) read into JSON.
 *
 * A submission is parsed with libxml2 as hostile input: no network, no
 * DTD (any <!DOCTYPE> is refused, so external entities and "billion
 * laughs" never expand), no entity substitution, no XML_PARSE_HUGE, a
 * size cap checked before parsing and a nesting bound enforced while
 * parsing.  It is then validated against formats/submission.xsd and
 * turned into
 *
 *   {"type":"kk","line":1,
 *    "documents":[{"line":2,"fields":{"no_kk":"…",…},
 *                  "members":[{"line":9,"fields":{"nik":"…",…}},…]},…]}
 *
 * "line" is where the element starts; "members" is present only when the
 * document has <member>s.  Values are the raw text as typed (entities and
 * character references resolved, nothing trimmed); intake normalises them
 * and checks field names against the document type.
 *
 * Errors (err->where is "name:line" when a line is known):
 *   E-SYSTEM                the file cannot be read
 *   E-XML-TOO-BIG           over XMLIN_MAX_BYTES (checked before parsing)
 *   E-XML-PARSE             not well-formed (also namespace errors)
 *   E-XML-DTD               a <!DOCTYPE> (entities, external subsets)
 *   E-XML-DEPTH             nesting deeper than XMLIN_MAX_DEPTH
 *   E-XML-XSD               the schema itself cannot be loaded
 *   E-XML-SCHEMA            not valid against the schema; the message of
 *                           the first problem, with a count of the others
 *   E-XML-DUPLICATE-FIELD   one field name twice in a document or member
 *   E-XML-VALUE-TOO-LONG    a value over XMLIN_MAX_VALUE bytes
 *   E-XML-TOO-MANY          over XMLIN_MAX_FIELDS or XMLIN_MAX_MEMBERS, or
 *                           an element with over 64 attributes
 *   E-XML-ENCODING          a value that is not valid UTF-8 for JSON
 *
 * The library never prints: libxml2's messages are caught for the length
 * of each call and the previous handlers put back afterwards.
 *
 * Ownership: the returned object is a new reference for the caller to
 * json_decref().  Compiled schemas are cached per process, keyed on the
 * xsd path (a few paths at most); the cache is guarded by a mutex and
 * freed by xmlin_cleanup().
 */
#ifndef SEGEL_XMLIN_H
#define SEGEL_XMLIN_H

#include <stddef.h>
#include <jansson.h>

#include "err.h"

#define XMLIN_MAX_BYTES   (32u << 20) /* a submission file */
#define XMLIN_MAX_DEPTH   16u         /* element nesting; the format uses 4 */
#define XMLIN_MAX_VALUE   (64u << 10) /* one field's value, in bytes */
#define XMLIN_MAX_FIELDS  256u        /* fields in one document or member */
#define XMLIN_MAX_MEMBERS 1000u       /* members in one document */

/*
 * Load and validate the submission at path against the schema at
 * xsd_path (NULL: no schema validation, the structure is still checked
 * while converting).  NULL on error, with err filled in.
 */
json_t *xmlin_load(const char *path, const char *xsd_path, sg_err *err);

/* The same from memory; name is used in err->where.  buf need not be
 * NUL-terminated. */
json_t *xmlin_load_mem(const char *buf, size_t len, const char *name,
    const char *xsd_path, sg_err *err);

/*
 * The line of the first start tag in buf with more than max attributes
 * (namespace declarations counted), or 0: libxml2 2.9 checks each new
 * attribute against all before it, so 200,000 of them take minutes.
 * Every reader of XML from outside (workbook.c too) asks this first.
 */
long xmlin_attrs_over(const char *buf, size_t len, unsigned max);

/* Free the cached schemas (optional, at exit; for leak checkers). */
void xmlin_cleanup(void);

#endif
