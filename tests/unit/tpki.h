/*
 * tpki.h - the unit tests' way to the committed test PKI (testdata/pki):
 * a scratch folder, and copies of its keys there with the mode a key
 * must have (git keeps no modes; a key readable by others is refused).
 */
#ifndef SEGEL_TPKI_H
#define SEGEL_TPKI_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"

#define PKI "testdata/pki/"

static char tpki_dir[] = "/tmp/segel-unit-XXXXXX";

static int
tpki_copy(const char *from, const char *to, mode_t mode)
{
	FILE *in = fopen(from, "rb"), *out = NULL;
	char buf[4096];
	size_t n;
	int rc = -1;

	if (in == NULL || (out = fopen(to, "wb")) == NULL)
		goto out;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			goto out;
	rc = chmod(to, mode);
out:
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* Make the scratch folder; 0 or -1. */
static int
tpki_init(void)
{
	return mkdtemp(tpki_dir) != NULL ? 0 : -1;
}

/* Copy testdata/pki/keys/<name>.key.pem to the scratch folder, mode
 * 0600; its path in buf. */
static const char *
tpki_key(const char *name, char *buf, size_t sz)
{
	char from[256];

	snprintf(from, sizeof from, PKI "keys/%s.key.pem", name);
	snprintf(buf, sz, "%s/%s.key.pem", tpki_dir, name);
	return tpki_copy(from, buf, 0600) == 0 ? buf : NULL;
}

/* A day the PKI's certificates are judged at ("2026-11-23"). */
static sg_date
tpki_day(const char *iso)
{
	sg_date d;

	memset(&d, 0, sizeof d);
	date_parse_iso(iso, &d);
	return d;
}

static void
tpki_done(void)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tpki_dir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", tpki_dir);
}

#endif
