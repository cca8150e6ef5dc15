/*
 * pdfsign_impl.h - the PDF lexer the signature's writer (pdfsign.c) and
 * reader (pdfsign_read.c) share, and the page check reads content
 * streams with (pagecheck.c).  Bounded: every function stays inside
 * [start, end) of the buffer it is given.
 */
#ifndef SEGEL_PDFSIGN_IMPL_H
#define SEGEL_PDFSIGN_IMPL_H

#include <stddef.h>

typedef struct pdf_lexer {
	const unsigned char *p;
	size_t i, end;
} pdf_lexer;

enum pdf_tok {
	PT_END, PT_ERR, PT_NAME, PT_NUM, PT_WORD, PT_STR, PT_HEX,
	PT_DOPEN, PT_DCLOSE, PT_AOPEN, PT_ACLOSE
};

enum pdf_tok pdf_lex(pdf_lexer *l, size_t *ts, size_t *te);
int pdf_dict_at(const unsigned char *p, size_t at, size_t end, size_t *ds,
    size_t *de);
int pdf_dict_get(const unsigned char *p, size_t ds, size_t de,
    const char *key, size_t *vs, size_t *ve);
int pdf_uint(const unsigned char *p, size_t s, size_t e, size_t *v);

#endif
