/*
 * fuzz_keyuri - arbitrary bytes as a key's PKCS#11 URI (key_uri_parse).
 *
 * Invariants: 0 or -1; on -1 the code is E-KEY-URI with a message; on 0
 * the engine's URI is "pkcs11:" and attributes with nothing but
 * unreserved bytes, '%XX', ';' and '=' (no query, so never a PIN), the
 * module empty or absolute, and the engine's URI parses again to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct key_uri u, again;
	char *s;
	sg_err err;
	size_t i;
	int rc;

	if (size > 2 * KEY_URI_MAX || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = key_uri_parse(s, &u, &err);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1) {
		if (strcmp(err.code, "E-KEY-URI") != 0 || err.message[0] == '\0')
			abort();
		free(s);
		return 0;
	}
	if (strncmp(u.engine, "pkcs11:", 7) != 0 ||
	    (u.module[0] != '\0' && u.module[0] != '/'))
		abort();
	for (i = 7; u.engine[i] != '\0'; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-._~%;=", u.engine[i]))
			abort();
	/* the engine's URI is longer than the input at most threefold */
	if (strlen(u.engine) < KEY_URI_MAX) {
		if (key_uri_parse(u.engine, &again, &err) != 0 ||
		    strcmp(again.engine, u.engine) != 0)
			abort();
	}
	free(s);
	return 0;
}
