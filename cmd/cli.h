/*
 * cli.h - what every segel tool's main() shares: the program name,
 * diagnostics in the house form "segel-x: place: message", and the
 * closing checks on stdout.  Only cmd/ prints.
 */
#ifndef SEGEL_CLI_H
#define SEGEL_CLI_H

#include <stdio.h>

#include "err.h"

/* Exit statuses, the same in every tool and man page. */
enum { EXIT_ALL_GOOD = 0, EXIT_NEGATIVE = 1, EXIT_TROUBLE = 2 };

extern const char *cli_prog;

void cli_init(const char *argv0);
/*
 * Outside text (a file name, a QR code's text, a field) as it may be
 * printed: escaped by text_escape_dup (text.h).  The copy stays valid for
 * the next 8 calls.  Every tool prints outside text only through these.
 */
const char *cli_show(const char *s);
const char *cli_shown(const char *s, size_t len);
/* "prog: where: message" (where may be NULL or ""), both escaped. */
void cli_diag(const char *where, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An sg_err as "prog: where: message [code]". */
void cli_diag_err(const sg_err *e);
/*
 * A progress line on standard error ("\r<prog>: <text>"), drawn over
 * itself at most four times a second; final ends it with a newline.  The
 * caller decides whether to show one (a terminal, --progress); cli_diag
 * wipes a line that is showing before it writes.
 */
void cli_progress(int final, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "Try 'prog --help'." after a usage message; returns EXIT_TROUBLE. */
int cli_usage_error(const char *synopsis, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_version(void);
/* Flush and close stdout; a full disk is an error (diagnosed, -1). */
int cli_close_stdout(void);
/* Open a file for writing records ("-" is refused: stdout carries records). */
FILE *cli_open_output(const char *path);
int cli_close_output(FILE *fp, const char *path);

#endif
