#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

const char *cli_prog = "segel";

void
cli_init(const char *argv0)
{
	const char *s;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	s = strrchr(argv0, '/');
	cli_prog = s ? s + 1 : argv0;
}

void
cli_diag(const char *where, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli_prog);
	if (where != NULL && *where != '\0')
		fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_diag_err(const sg_err *e)
{
	if (e->code[0] != '\0' && strcmp(e->code, "E-SYSTEM") != 0)
		cli_diag(e->where, "%s [%s]", e->message, e->code);
	else
		cli_diag(e->where, "%s", e->message);
}

int
cli_usage_error(const char *synopsis, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", cli_prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s\nTry '%s --help' for more.\n", synopsis,
	    cli_prog);
	return EXIT_TROUBLE;
}

void
cli_version(void)
{
	printf("%s (segel) %s\n", cli_prog, SEGEL_VERSION);
}

int
cli_close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		cli_diag("<stdout>", "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

FILE *
cli_open_output(const char *path)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		cli_diag(path, "cannot open for writing: %s", strerror(errno));
	return fp;
}

int
cli_close_output(FILE *fp, const char *path)
{
	if (fp == NULL)
		return 0;
	if (fflush(fp) != 0 || ferror(fp) || fclose(fp) != 0) {
		cli_diag(path, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}
