/*
 * opt.h - a tool's options in one table.  From it come getopt_long's
 * arrays, the options part of --help and, through the hidden sole
 * argument --options-table, the rows cmd/opt-gen.awk turns into the
 * bash, zsh and fish completions (completions/) and the OPTIONS sections
 * of the man pages, English and Indonesian; tests/cli/options.sh fails
 * when any of them drifts from the table.
 *
 * Tables are static and outlive everything; a parser holds only
 * pointers into its table.  Help texts are marked N_() and translated
 * where they are shown.
 */
#ifndef SEGEL_OPT_H
#define SEGEL_OPT_H

#include <getopt.h>
#include <stddef.h>

#include "i18n.h"

/* What completes an option's argument, or the operands. */
enum opt_complete {
	OPT_ARG_NONE,       /* a flag: no argument */
	OPT_ARG_TEXT,       /* free text: nothing to offer */
	OPT_ARG_FILE,
	OPT_ARG_DIR,
	OPT_ARG_RECORDS,    /* JSON Lines record files (and folders) */
	OPT_ARG_TYPE,       /* a document type (segel-intake --list-types) */
	OPT_ARG_DATE,       /* YYYY-MM-DD: today is offered */
	OPT_ARG_WORDS       /* one of the words in opt.words */
};

/* A key from OPT_LONG up is a long-only option; below, the short letter. */
#define OPT_LONG 256
/* opt.flags: the option goes alone (--help, --version). */
#define OPT_ALONE 1

struct opt {
	int key;                /* what opt_next returns */
	const char *name;       /* the long name, without "--" */
	const char *arg;        /* the argument's name; NULL for a flag */
	enum opt_complete complete;
	const char *words;      /* OPT_ARG_WORDS: the words offered, by spaces */
	int flags;
	const char *help;       /* N_(): a line or two for --help */
	const char *more;       /* N_() or NULL: what the man page adds */
};

/* The last rows of every table: -h/--help and -V/--version. */
#define OPT_HELP_VERSION \
	{ 'h', "help", NULL, OPT_ARG_NONE, NULL, OPT_ALONE, \
	    N_("show this help and exit"), NULL }, \
	{ 'V', "version", NULL, OPT_ARG_NONE, NULL, OPT_ALONE, \
	    N_("show the version and exit"), NULL }

struct opt_table {
	const struct opt *opts;
	size_t n;
	const char *operands;           /* what the arguments are: "FILE" */
	enum opt_complete operand_complete;
};

#define OPT_MAX 32

struct opt_parser {
	const struct opt_table *t;
	struct option longs[OPT_MAX + 1];
	char shorts[2 * OPT_MAX + 1];
};

/*
 * Build p's arrays from t.  When the only argument is --options-table,
 * print t's rows (a build aid, not a user option) and exit.
 */
void opt_parser_init(struct opt_parser *p, const struct opt_table *t,
    int argc, char **argv);
/* getopt_long over p's arrays; *idx (may be NULL) indexes t->opts. */
int opt_next(struct opt_parser *p, int argc, char **argv, int *idx);
/* "Options:" and one entry per option, translated, to stdout. */
void opt_help_print(const struct opt_table *t);

#endif
