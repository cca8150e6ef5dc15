/*
 * err.h - the error value every libsegel call fills in.
 *
 * The library never prints and never exits: a call that fails returns a
 * negative number and leaves a stable code, the place the problem came from
 * and a sentence in the caller's sg_err.  The caller owns the struct; the
 * library only writes into it.  A NULL sg_err is allowed and ignored.
 *
 * The sentence is kept twice: in English (message: what records and JSON
 * carry, the same in every language) and in the reader's language (text:
 * the format translated through gettext, i18n.h; what a tool prints).
 */
#ifndef SEGEL_ERR_H
#define SEGEL_ERR_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sg_err {
	char code[40];     /* stable code, e.g. "E-CSV-QUOTE"; "" when unset */
	char where[512];   /* "file:line" or a path; "" when not known */
	char message[512]; /* one sentence for a person, in English */
	char text[512];    /* the same in the reader's language */
} sg_err;

void sg_err_clear(sg_err *e);
void sg_err_set(sg_err *e, const char *code, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* strerror(errnum) in English (the C locale), as records carry it:
 * strerror speaks the reader's language.  Static; valid until the next
 * call. */
const char *sg_err_reason(int errnum);
/*
 * fmt formatted twice: in English into en, and translated (gettext) into
 * local; the same bytes when the catalogue has no translation.  For every
 * sentence kept in English for records and shown translated to people.
 */
void sg_text_vformat2(char *en, size_t en_size, char *local,
    size_t local_size, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* sg_err_set for a caller's own variadic wrapper. */
void sg_err_vset(sg_err *e, const char *code, const char *where,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Like sg_err_set with ": strerror(errno)" appended (in English to message,
 * in the reader's language to text). */
void sg_err_errno(sg_err *e, const char *code, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* sg_err_errno with the code E-SYSTEM. */
void sg_err_sys(sg_err *e, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
