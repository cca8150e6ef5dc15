/*
 * base64.h - RFC 4648 section 4 base64 (padded, no line breaks): the
 * signature lines of status lists and trust bundles, and a bundle's items.
 */
#ifndef SEGEL_BASE64_H
#define SEGEL_BASE64_H

#include <stddef.h>

/* Encoded length of n bytes (no NUL). */
size_t base64_encoded_len(size_t n);
/* Encode n bytes into out (room for base64_encoded_len(n) + 1; NUL-ended).
 * n at most INT_MAX / 2. */
void base64_encode(const unsigned char *in, size_t n, char *out);
/*
 * Decode len characters, strictly: a length that is a multiple of 4, the
 * alphabet only, "=" padding only at the end.  out holds at least
 * 3 * (len / 4) bytes.  Returns the byte count, or -1.
 */
long base64_decode(const char *in, size_t len, unsigned char *out);

#endif
