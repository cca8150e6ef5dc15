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

static int
formats_dir_holds(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof p, "%s/doctype.xsd", dir) >= (int)sizeof p)
		return 0;
	return access(p, R_OK) == 0;
}

const char *
formats_dir(void)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX], *slash;
	const char *env = getenv("SEGEL_FORMATS");
	ssize_t n;

	if (env != NULL && env[0] != '\0')
		return env;
	if (found[0] != '\0')
		return found;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(found, sizeof found,
			    "%s/../share/segel/formats", exe) < sizeof found &&
			    formats_dir_holds(found))
				return found;
			if ((size_t)snprintf(found, sizeof found,
			    "%s/../formats", exe) < sizeof found &&
			    formats_dir_holds(found))
				return found;
		}
	}
	snprintf(found, sizeof found, "%s", SEGEL_FORMATS_DIR);
	return found;
}
