#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "text.h"

#ifndef SEGEL_LOCALEDIR
#define SEGEL_LOCALEDIR "/usr/local/share/locale"
#endif

const char *cli_prog = "segel";

/*
 * Where the message catalogues are: $SEGEL_LOCALEDIR, else next to the
 * program as installed (<exe>/../share/locale) or as built (<exe>/../locale,
 * <exe>/../build/locale), else the folder make install filled.  A folder
 * counts when it holds a segel catalogue.
 */
static const char *
locale_dir(void)
{
	static const char *const beside[] = { "../share/locale", "../locale",
	    "../build/locale" };
	static char found[4096];
	char exe[4096], *slash;
	const char *env = getenv("SEGEL_LOCALEDIR");
	ssize_t n;
	size_t i;

	if (env != NULL && env[0] != '\0')
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
				char mo[sizeof found + 64];

				if ((size_t)snprintf(found, sizeof found, "%s/%s",
				    exe, beside[i]) >= sizeof found)
					continue;
				snprintf(mo, sizeof mo,
				    "%s/id/LC_MESSAGES/" SEGEL_TEXTDOMAIN ".mo",
				    found);
				if (access(mo, R_OK) == 0)
					return found;
			}
		}
	}
	return SEGEL_LOCALEDIR;
}

void
cli_init(const char *argv0)
{
	const char *s;

	/* The language of messages only: numbers, dates, sorting and the
	 * JSON stay the C locale's whatever the environment says. */
	setlocale(LC_MESSAGES, "");
	bindtextdomain(SEGEL_TEXTDOMAIN, locale_dir());
	bind_textdomain_codeset(SEGEL_TEXTDOMAIN, "UTF-8");
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

/* A progress line is on the terminal (cli_progress): a diagnostic wipes
 * it first, and the next progress line draws it again. */
static int progress_shown;

void
cli_progress(int final, const char *fmt, ...)
{
	static double last;
	struct timespec ts;
	double t;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	if (!final && t - last < 0.25)
		return;
	last = t;
	fprintf(stderr, "\r%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputs(final ? "\033[K\n" : "\033[K", stderr);
	progress_shown = !final;
}

void
cli_diag(const char *where, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
	fprintf(stderr, "%s: ", cli_prog);
	if (where != NULL && *where != '\0')
		fprintf(stderr, "%s: ", cli_show(where));
	va_start(ap, fmt);
	diag_put(_(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_diag_err(const sg_err *e)
{
	if (e->code[0] != '\0' && strcmp(e->code, "E-SYSTEM") != 0)
		cli_diag(e->where, "%s [%s]", e->text, e->code);
	else
		cli_diag(e->where, "%s", e->text);
}

int
cli_usage_error(const char *synopsis, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", cli_prog);
		va_start(ap, fmt);
		diag_put(_(fmt), ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, _("usage: %s\nTry '%s --help' for more.\n"), synopsis,
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
