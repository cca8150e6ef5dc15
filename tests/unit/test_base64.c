/* test_base64 - RFC 4648 section 10 vectors, and what the strict decoder
 * refuses that OpenSSL's block decoder alone would take. */
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "t.h"

static const struct {
	const char *bytes, *text;
} vec[] = {
	{ "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

static const char *const bad[] = {
	"", "Zg=", "Zm9", " Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Z===",
	"Zg==Zm8=", "Zm-v", "Zm_v",
};

int
main(int argc, char **argv)
{
	char name[32], enc[16];
	unsigned char dec[16];
	size_t i;
	long n;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		snprintf(name, sizeof name, "vec.%zu", i);
		base64_encode((const unsigned char *)vec[i].bytes,
		    strlen(vec[i].bytes), enc);
		n = base64_decode(vec[i].text, strlen(vec[i].text), dec);
		T_OK(name, strcmp(enc, vec[i].text) == 0 &&
		    base64_encoded_len(strlen(vec[i].bytes)) ==
		    strlen(vec[i].text) && n == (long)strlen(vec[i].bytes) &&
		    memcmp(dec, vec[i].bytes, (size_t)n) == 0,
		    "%s: %s, decoded %ld", vec[i].bytes, enc, n);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "bad.%zu", i);
		n = base64_decode(bad[i], strlen(bad[i]), dec);
		T_OK(name, n == -1, "\"%s\" decoded to %ld bytes", bad[i], n);
	}
	return T_DONE();
}
