/*
 * formats.c - finding the formats folder (types, code tables, layouts,
 * schemas) that every tool reads.
 */
#include "formats.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SEGEL_FORMATS_DIR
#define SEGEL_FORMATS_DIR "/usr/local/share/segel/formats"
#endif

static char override[PATH_MAX];

static int
formats_dir_holds(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof p, "%s/doctype.xsd", dir) >= (int)sizeof p)
		return 0;
	return access(p, R_OK) == 0;
}

/* The folder the running program is in, into buf; 0 or -1. */
static int
exe_dir(char *buf, size_t sz)
{
	char *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", buf, sz - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

void
formats_dir_set(const char *dir)
{
	snprintf(override, sizeof override, "%s", dir != NULL ? dir : "");
}

const char *
formats_dir(void)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX];
	const char *env = getenv("SEGEL_FORMATS");

	if (env != NULL && env[0] != '\0')
		return env;
	if (override[0] != '\0')
		return override;
	if (found[0] != '\0')
		return found;
	if (exe_dir(exe, sizeof exe) == 0) {
		if ((size_t)snprintf(found, sizeof found,
		    "%s/../share/segel/formats", exe) < sizeof found &&
		    formats_dir_holds(found))
			return found;
		if ((size_t)snprintf(found, sizeof found,
		    "%s/../formats", exe) < sizeof found &&
		    formats_dir_holds(found))
			return found;
	}
	snprintf(found, sizeof found, "%s", SEGEL_FORMATS_DIR);
	return found;
}

const char *
formats_share_dir(void)
{
	static char share[PATH_MAX];
	char exe[PATH_MAX], f[PATH_MAX];
	size_t n;

	if (share[0] != '\0')
		return share;
	if (exe_dir(exe, sizeof exe) == 0 &&
	    (size_t)snprintf(f, sizeof f, "%s/../share/segel/formats", exe) <
	    sizeof f && formats_dir_holds(f)) {
		n = strlen(f) - 8;   /* without "/formats" */
		memcpy(share, f, n);
		share[n] = '\0';
		return share;
	}
	snprintf(share, sizeof share, "%s", SEGEL_FORMATS_DIR);
	n = strlen(share);
	if (n > 8 && strcmp(share + n - 8, "/formats") == 0)
		share[n - 8] = '\0';
	return share;
}
