/*
 * codes-md - formats/codes.md from the code registry (lib/codes.def):
 *   codes-md          the Markdown page (make codes-md writes it)
 *   codes-md --list   "code TAB severity" a line, for tests/cli/codes.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

static const struct {
	const char *prefix, *title, *text;
} groups[] = {
	{ "R-", "Verdict reasons",
	  "Why `segel-verify` judged a seal INVALID (formats/seal.md). "
	  "`VALID` has no reason; an unreadable file has the error code "
	  "that says why." },
	{ "E-", "Errors",
	  "A record with an error is rejected: it goes to `--rejects` with "
	  "every problem in `errors` and the tool exits 1. An error about "
	  "the tool's own files (document types, tables, profile, ledger, "
	  "trust folder) or the system stops the tool with exit 2." },
	{ "W-", "Warnings",
	  "A warning is reported and the record goes on (`segel-validate "
	  "--strict` rejects at warnings). A `<check>` declared "
	  "`severity=\"warning\"` in a type turns its `E-` codes into `W-` "
	  "codes of the same meaning." },
};

static int
by_code(const void *a, const void *b)
{
	return strcmp((*(const code_info *const *)a)->code,
	    (*(const code_info *const *)b)->code);
}

static void
put_cell(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else
			putchar(*s);
	}
}

int
main(int argc, char **argv)
{
	size_t g, i, n = codes_count();
	const code_info *c, *sorted[1024];

	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; i < n; i++) {
			c = codes_at(i);
			printf("%s\t%s\n", c->code,
			    codes_severity_name(c->severity));
		}
		return 0;
	}
	if (n > sizeof sorted / sizeof sorted[0])
		return 1;
	for (i = 0; i < n; i++)
		sorted[i] = codes_at(i);
	qsort(sorted, n, sizeof sorted[0], by_code);
	puts("# Problem codes\n");
	puts("<!-- Generated from lib/codes.def by `make codes-md`; "
	    "do not edit. -->\n");
	puts("Every code a segel tool can emit, in one list. A code is "
	    "stable and never\ntranslated: scripts may match on it. Its "
	    "first letter is its severity (`E`\nerror, `W` warning, `R` a "
	    "verdict's reason). The message is the short\nsentence for the "
	    "code (translated with the rest of segel's messages); the\n"
	    "tools' own messages add the details (which field, which line, "
	    "which number).");
	printf("\n%zu codes.\n", n);
	for (g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		printf("\n## %s\n\n%s\n\n", groups[g].title, groups[g].text);
		puts("| code | message | meaning |");
		puts("|------|---------|---------|");
		for (i = 0; i < n; i++) {
			c = sorted[i];
			if (strncmp(c->code, groups[g].prefix, 2) != 0)
				continue;
			printf("| `%s` | ", c->code);
			put_cell(c->message);
			fputs(" | ", stdout);
			put_cell(c->meaning);
			puts(" |");
		}
	}
	return ferror(stdout) || fflush(stdout) != 0;
}
