/*
 * base45.h - RFC 9285 base45, the text form of a seal (QR alphanumeric
 * mode: 0-9 A-Z space $ % * + - . / :).
 */
#ifndef SEGEL_BASE45_H
#define SEGEL_BASE45_H

#include <stddef.h>

/* Encoded length of n bytes (no NUL). */
size_t base45_encoded_len(size_t n);
/* Encode n bytes into out (room for base45_encoded_len(n) + 1; NUL-ended). */
void base45_encode(const unsigned char *in, size_t n, char *out);
/*
 * Decode len characters into out (room for at least len * 2 / 3 + 1 bytes).
 * Returns the byte count, or -1 on a character outside the alphabet, a
 * dangling single character, or a triple/pair whose value is out of range
 * (RFC 9285 section 4.2: such input is invalid, not wrapped).
 */
long base45_decode(const char *in, size_t len, unsigned char *out);

#endif
