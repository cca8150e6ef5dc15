/*
 * base64.c - strict base64 on OpenSSL's block codec (which alone would
 * skip blanks and count the padding as bytes).
 */
#include <limits.h>

#include <openssl/evp.h>

#include "base64.h"

size_t
base64_encoded_len(size_t n)
{
	return 4 * ((n + 2) / 3);
}

void
base64_encode(const unsigned char *in, size_t n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

long
base64_decode(const char *s, size_t len, unsigned char *out)
{
	size_t i, pad = 0;
	int n;

	if (len == 0 || len % 4 != 0 || len > INT_MAX)
		return -1;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - pad; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return -1;
	}
	n = EVP_DecodeBlock(out, (const unsigned char *)s, (int)len);
	if (n < 0 || (size_t)n < pad)
		return -1;
	return (long)((size_t)n - pad);
}
