#include "opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

#define HELP_COLUMN 27  /* where an option's text starts in --help */
#define HELP_WIDTH 77

static const char *const complete_names[] = {
	[OPT_ARG_NONE] = "none", [OPT_ARG_TEXT] = "text", [OPT_ARG_FILE] = "file",
	[OPT_ARG_DIR] = "dir", [OPT_ARG_RECORDS] = "records", [OPT_ARG_TYPE] = "type",
	[OPT_ARG_DATE] = "date", [OPT_ARG_WORDS] = "words"
};

/* One row per option, tab-separated; cmd/opt-gen.awk reads them. */
static void
table_print(const struct opt_table *t)
{
	const struct opt *o;
	size_t i;

	printf("operands\t%s\t%s\n", t->operands,
	    complete_names[t->operand_complete]);
	for (i = 0; i < t->n; i++) {
		o = &t->opts[i];
		printf("opt\t%c\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		    o->key < OPT_LONG ? o->key : '-', o->name,
		    o->arg ? o->arg : "", complete_names[o->complete],
		    o->flags & OPT_ALONE ? "alone" : "",
		    o->words ? o->words : "", o->help, o->more ? o->more : "");
	}
}

void
opt_parser_init(struct opt_parser *p, const struct opt_table *t, int argc,
    char **argv)
{
	const struct opt *o;
	char *s = p->shorts;
	size_t i;

	if (argc == 2 && strcmp(argv[1], "--options-table") == 0) {
		table_print(t);
		exit(cli_close_stdout() == 0 ? EXIT_ALL_GOOD : EXIT_TROUBLE);
	}
	if (t->n > OPT_MAX)
		abort(); /* a table too long for the arrays: a build error */
	p->t = t;
	for (i = 0; i < t->n; i++) {
		o = &t->opts[i];
		p->longs[i].name = o->name;
		p->longs[i].has_arg = o->arg ? required_argument : no_argument;
		p->longs[i].flag = NULL;
		p->longs[i].val = o->key;
		if (o->key < OPT_LONG) {
			*s++ = (char)o->key;
			if (o->arg)
				*s++ = ':';
		}
	}
	memset(&p->longs[t->n], 0, sizeof p->longs[t->n]);
	*s = '\0';
}

int
opt_next(struct opt_parser *p, int argc, char **argv, int *idx)
{
	return getopt_long(argc, argv, p->shorts, p->longs, idx);
}

/* Columns s takes on a terminal: UTF-8 continuation bytes take none. */
static size_t
columns(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* text from column col, wrapped at HELP_WIDTH, each line indented to col. */
static void
wrap_print(const char *text, size_t col)
{
	size_t at = col, w, len;
	const char *p = text;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len == 0)
			break;
		w = columns(p, len);
		if (at > col && at + 1 + w > HELP_WIDTH) {
			printf("\n%*s", (int)col, "");
			at = col;
		} else if (at > col) {
			putchar(' ');
			at++;
		}
		fwrite(p, 1, len, stdout);
		at += w;
		p += len;
	}
	putchar('\n');
}

void
opt_help_print(const struct opt_table *t)
{
	const struct opt *o;
	char left[128];
	size_t i;
	int n;

	fputs(_("Options:\n"), stdout);
	for (i = 0; i < t->n; i++) {
		o = &t->opts[i];
		if (o->key < OPT_LONG)
			n = snprintf(left, sizeof left, "  -%c, --%s%s%s",
			    o->key, o->name, o->arg ? " " : "",
			    o->arg ? o->arg : "");
		else
			n = snprintf(left, sizeof left, "      --%s%s%s",
			    o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		if (n < 0 || (size_t)n >= sizeof left)
			continue;
		if (n + 1 < HELP_COLUMN)
			printf("%s%*s", left, HELP_COLUMN - n, "");
		else
			printf("%s\n%*s", left, HELP_COLUMN, "");
		wrap_print(_(o->help), HELP_COLUMN);
	}
}
