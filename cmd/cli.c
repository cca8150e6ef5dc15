#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

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

/* A ring of escaped copies: each stays valid for CLI_SHOW_RING calls. */
#define CLI_SHOW_RING 8

const char *
cli_shown(const char *s, size_t len)
{
	static char *ring[CLI_SHOW_RING];
	static unsigned next;
	char *e;

	if (s == NULL)
		return "";
	if ((e = text_escape_dup(s, len)) == NULL)
		return "(out of memory)";
	free(ring[next]);
	ring[next] = e;
	next = (next + 1) % CLI_SHOW_RING;
	return e;
}

const char *
cli_show(const char *s)
{
	return cli_shown(s, s ? strlen(s) : 0);
}

/* fmt formatted, then escaped, to stderr. */
static void
diag_put(const char *fmt, va_list ap)
{
	va_list aq;
	char *msg;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n >= 0 && (msg = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		fputs(cli_shown(msg, (size_t)n), stderr);
		free(msg);
	} else
		fputs("(out of memory)", stderr);
}

void
cli_diag(const char *where, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli_prog);
	if (where != NULL && *where != '\0')
		fprintf(stderr, "%s: ", cli_show(where));
	va_start(ap, fmt);
	diag_put(fmt, ap);
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
		diag_put(fmt, ap);
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
