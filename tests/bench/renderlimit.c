/*
 * renderlimit - the physical limit of issuing one PDF, for the render
 * benchmark: per record, the QR encoding of its seal text (qrdraw, as
 * segel-render draws it), one ECDSA P-256 signature (as segel-sign makes
 * one) and writing BYTES bytes to a new file in DIR (as one PDF), no
 * more.  Prints "limit: MS ms CPU per document" (user + system CPU over
 * the records, from getrusage) on standard output.
 *   renderlimit RECORDS.jsonl DIR BYTES
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "qrdraw.h"
#include "record.h"

static double
cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	char **seals = NULL, path[4200], *line = NULL;
	unsigned char sig[128], *bytes;
	size_t n = 0, cap = 0, i, len, sl, want;
	ssize_t got;
	EVP_PKEY *key;
	EVP_MD_CTX *c;
	FILE *fp;
	json_t *rec;
	qrdraw *q;
	sg_err e;
	double t0, t1;
	int fd;

	if (argc != 4 || (fp = fopen(argv[1], "r")) == NULL) {
		fputs("usage: renderlimit RECORDS.jsonl DIR BYTES\n", stderr);
		return 2;
	}
	want = (size_t)strtoul(argv[3], NULL, 10);
	while ((got = getline(&line, &cap, fp)) > 0) {
		if ((rec = rec_parse(line, (size_t)got, &e)) == NULL ||
		    rec_seal(rec) == NULL)
			continue;
		if ((n & (n - 1)) == 0 &&
		    (seals = realloc(seals, (n ? 2 * n : 1) * sizeof *seals))
		    == NULL)
			return 2;
		seals[n++] = strdup(rec_seal(rec));
		json_decref(rec);
	}
	fclose(fp);
	if (n == 0 || (bytes = calloc(1, want ? want : 1)) == NULL ||
	    (key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL ||
	    (c = EVP_MD_CTX_new()) == NULL)
		return 2;
	t0 = cpu();
	for (i = 0; i < n; i++) {
		if ((q = qrdraw_new(seals[i], 'M', 0, 40, &e)) == NULL)
			return 2;
		qrdraw_free(q);
		sl = sizeof sig;
		if (EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL, key) != 1 ||
		    EVP_DigestSign(c, sig, &sl, (unsigned char *)seals[i],
		    strlen(seals[i])) != 1)
			return 2;
		snprintf(path, sizeof path, "%s/%zu.pdf", argv[2], i);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
			return 2;
		len = want;
		memcpy(bytes, sig, sl < len ? sl : len);
		if (write(fd, bytes, len) != (ssize_t)len || close(fd) != 0)
			return 2;
	}
	t1 = cpu();
	printf("limit: %.3f ms CPU per document\n", (t1 - t0) * 1000 / n);
	return 0;
}
