/*
 * test_formats.c - finding the formats folder.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"
#include "t.h"

int
main(int argc, char **argv)
{
	char exe[PATH_MAX];
	const char *d;

	T_INIT(argc, argv);
	setenv("SEGEL_FORMATS", "/some/where", 1);
	T_STREQ("formats-dir-env", formats_dir(), "/some/where");
	setenv("SEGEL_FORMATS", "", 1);
	d = formats_dir();
	T_OK("formats-dir-empty-env", d != NULL && strcmp(d, "") != 0,
	    "got \"%s\"", d ? d : "(null)");
	unsetenv("SEGEL_FORMATS");
	d = formats_dir();
	T_OK("formats-dir-default", d != NULL && d[0] != '\0', "empty");
	/* build/tests/test_formats: two folders up is the source tree. */
	snprintf(exe, sizeof exe, "%s/doctype.xsd", d ? d : "");
	T_OK("formats-dir-found", access(exe, R_OK) == 0 ||
	    strcmp(d, SEGEL_FORMATS_DIR) == 0, "%s", d);
	return T_DONE();
}
