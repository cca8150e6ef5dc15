/*
 * err.h - the error value every libsegel call fills in.
 *
 * The library never prints and never exits: a call that fails returns a
 * negative number and leaves a stable code, the place the problem came from
 * and a sentence in the caller's sg_err.  The caller owns the struct; the
 * library only writes into it.  A NULL sg_err is allowed and ignored.
 */
#ifndef SEGEL_ERR_H
#define SEGEL_ERR_H

#include <stddef.h>

typedef struct sg_err {
	char code[40];     /* stable code, e.g. "E-CSV-QUOTE"; "" when unset */
	char where[512];   /* "file:line" or a path; "" when not known */
	char message[512]; /* one sentence for a person */
} sg_err;

void sg_err_clear(sg_err *e);
void sg_err_set(sg_err *e, const char *code, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like sg_err_set with ": strerror(errno)" appended. */
void sg_err_sys(sg_err *e, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
