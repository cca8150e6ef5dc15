/*
 * gen-ledger - write a ledger of N issued akta (and its head) for the
 * signer's startup and memory figures: gen-ledger FILE N.  A thousand
 * numbers a day from 2020-01-01, each with its own content key; written
 * through lib/ledger.h, so the lines and the head are the signer's own.
 * FILE must not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "date.h"
#include "ledger.h"

int
main(int argc, char **argv)
{
	char number[64], key[65], prefix[32], seed[64];
	unsigned char md[32];
	unsigned long i, n;
	struct stat st;
	sg_date d;
	sg_err err;
	ledger *l;
	int j;

	if (argc != 3 || (n = strtoul(argv[2], NULL, 10)) == 0) {
		fputs("usage: gen-ledger FILE N\n", stderr);
		return 2;
	}
	if (stat(argv[1], &st) == 0) {
		fprintf(stderr, "gen-ledger: %s exists\n", argv[1]);
		return 2;
	}
	if ((l = ledger_open(argv[1], &err)) == NULL) {
		fprintf(stderr, "gen-ledger: %s\n", err.message);
		return 2;
	}
	for (i = 0; i < n; i++) {
		date_parse_iso("2020-01-01", &d);
		d = date_from_days(date_to_days(d) + (long)(i / 1000));
		snprintf(prefix, sizeof prefix, "7501-LT-%02d%02d%04d-", d.d,
		    d.m, d.y);
		snprintf(number, sizeof number, "%s%04lu", prefix, i % 1000 + 1);
		snprintf(seed, sizeof seed, "gen-ledger\n%lu", i);
		EVP_Digest(seed, strlen(seed), md, NULL, EVP_sha256(), NULL);
		for (j = 0; j < 32; j++)
			snprintf(key + 2 * j, 3, "%02x", md[j]);
		if (ledger_add_issue(l, number, i % 1000 + 1, "akta-kelahiran",
		    "75.01", d, key, &err) != 0 ||
		    (i % 65536 == 65535 && ledger_commit(l, &err) != 0)) {
			fprintf(stderr, "gen-ledger: %s\n", err.message);
			return 2;
		}
	}
	if (ledger_close(l, &err) != 0) {
		fprintf(stderr, "gen-ledger: %s\n", err.message);
		return 2;
	}
	return 0;
}
