/*
 * segel-verify - is this seal real?  Offline, field by field.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "codetab.h"
#include "doctype.h"
#include "verify.h"

static const char synopsis[] =
    "segel-verify [-q] [--json] [-t DIR] [SEAL | FILE | -]...";

static void
help(void)
{
	printf("usage: %s\n\n", synopsis);
	fputs(
"Check segel seals, the text of the QR code printed on a document, with no\n"
"network: the signature, the issuing office's certificate (chained to a\n"
"trusted root, valid on the issue date, not revoked, allowed to issue for\n"
"the document's region) and the office's status list (documents revoked\n"
"or replaced).  For each seal it says VALID or INVALID with the reason,\n"
"then the issuer, the number and date, and every signed field with its\n"
"label, to compare with the paper.\n"
"\n"
"Arguments are seal texts (starting SG1:) or files holding one seal per\n"
"line; with none, or with -, seals are read from standard input, one per\n"
"line.\n"
"\n"
"Options:\n"
"  -t, --trust DIR     the trust directory: root and issuer certificates,\n"
"                      CRLs, status lists (*.status); default $SEGEL_TRUST\n"
"      --json          one JSON object per seal, for scripts\n"
"  -q, --quiet         print only the verdict lines\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Reasons: R-MALFORMED, R-BAD-SIGNATURE, R-UNKNOWN-KEY, R-UNTRUSTED-CHAIN,\n"
"R-CERT-NOT-VALID, R-CERT-REVOKED, R-REGION, R-REVOKED, R-SUPERSEDED\n"
"(formats/seal.md says what each means).\n"
"\n"
"Exit status: 0 every seal is valid, 1 some seal is invalid, 2 misuse, an\n"
"unreadable input or a system error.\n"
"\n"
"Example:\n"
"  zbarimg -q --raw scan.png | segel-verify -t /etc/segel/trust -\n",
	    stdout);
}

struct out {
	int json, quiet, colour;
	unsigned long valid, invalid, unreadable;
};

static void
print_fields(const doctype *t, const json_t *obj, int member,
    const char *indent)
{
	const doctype_field *f;
	const json_t *v;
	size_t i;

	for (i = 0; i < doctype_seal_count(t, member); i++) {
		f = doctype_seal_at(t, member, i);
		v = json_object_get(obj, f->name);
		if (v != NULL)
			printf("%s%-32s %s\n", indent, f->label,
			    json_string_value(v));
	}
}

static void
print_person(const verdict *d, const struct out *o)
{
	const json_t *list, *m;
	size_t i;

	if (verdict_valid(d))
		printf("%sVALID%s", o->colour ? "\033[1;32m" : "",
		    o->colour ? "\033[0m" : "");
	else
		printf("%sINVALID%s (%s)", o->colour ? "\033[1;31m" : "",
		    o->colour ? "\033[0m" : "", d->code);
	printf(": %s\n", d->message);
	if (o->quiet || d->fields == NULL)
		return;
	printf("  %-32s %s\n", "Dokumen", doctype_title(d->type));
	printf("  %-32s %s\n", "Nomor", d->h.number);
	printf("  %-32s %04d-%02d-%02d\n", "Tanggal terbit", d->h.issued.y,
	    d->h.issued.m, d->h.issued.d);
	printf("  %-32s %s (%s)\n", "Penerbit", d->issuer_name, d->h.issuer);
	print_fields(d->type, d->fields, 0, "  ");
	if (doctype_seal_members(d->type)) {
		list = json_object_get(d->fields, doctype_members_name(d->type));
		json_array_foreach(list, i, m) {
			printf("  %s %zu\n", doctype_members_label(d->type) ?
			    doctype_members_label(d->type) :
			    doctype_members_name(d->type), i + 1);
			print_fields(d->type, m, 1, "    ");
		}
	}
}

static void
print_json(const verdict *d, const char *source)
{
	json_t *o;
	char iso[11];

	o = json_pack("{s:s, s:s, s:s}", "source", source, "verdict",
	    verdict_valid(d) ? "VALID" : "INVALID", "reason", d->code);
	json_object_set_new(o, "message", json_string(d->message));
	if (d->have_header) {
		date_format_iso(d->h.issued, iso);
		json_object_set_new(o, "number", json_string(d->h.number));
		json_object_set_new(o, "issued", json_string(iso));
		json_object_set_new(o, "issuer", json_string(d->h.issuer));
	}
	if (d->issuer_name[0])
		json_object_set_new(o, "issuer_name",
		    json_string(d->issuer_name));
	if (d->superseded_by[0])
		json_object_set_new(o, "superseded_by",
		    json_string(d->superseded_by));
	if (d->fields != NULL) {
		json_object_set_new(o, "type", json_string(doctype_id(d->type)));
		json_object_set(o, "fields", d->fields);
	}
	json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

static int
check_one(verifier *v, struct out *o, const char *text, size_t len,
    const char *source)
{
	verdict d;

	if (verifier_check(v, text, len, &d) != 0) {
		cli_diag(source, "out of memory");
		return -1;
	}
	if (verdict_valid(&d))
		o->valid++;
	else
		o->invalid++;
	if (o->json)
		print_json(&d, source);
	else
		print_person(&d, o);
	verdict_clear(&d);
	return 0;
}

/* One seal per line; blank lines skipped. */
static int
check_lines(verifier *v, struct out *o, FILE *fp, const char *name)
{
	char *line = NULL, where[600];
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    line[n - 1] == ' '))
			line[--n] = '\0';
		if (n == 0)
			continue;
		snprintf(where, sizeof where, "%s:%lu", name, lineno);
		rc = check_one(v, o, line, (size_t)n, where);
	}
	if (ferror(fp)) {
		cli_diag(name, "read error: %s", strerror(errno));
		o->unreadable++;
	}
	free(line);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *trust = getenv("SEGEL_TRUST");
	struct out o = { 0 };
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	verifier *v = NULL;
	int c, i, status = EXIT_TROUBLE, failed = 0;
	char where[64];
	sg_err err;
	FILE *fp;

	cli_init(argv[0]);
	argv[0] = (char *)cli_prog; /* getopt names the program by it */
	while ((c = getopt_long(argc, argv, "t:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			trust = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			help();
			return EXIT_ALL_GOOD;
		case 'V':
			cli_version();
			return EXIT_ALL_GOOD;
		default:
			return cli_usage_error(synopsis, NULL);
		}
	}
	if (trust == NULL || *trust == '\0')
		return cli_usage_error(synopsis, "no trust directory: give "
		    "--trust DIR or set SEGEL_TRUST");
	o.colour = !o.json && isatty(STDOUT_FILENO) &&
	    getenv("NO_COLOR") == NULL;
	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    (codes = codetab_set_load(formats_dir(), &err)) == NULL ||
	    (v = verifier_new(trust, types, codes, &err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	if (optind == argc)
		failed = check_lines(v, &o, stdin, "<stdin>") != 0;
	for (i = optind; i < argc && !failed; i++) {
		if (strcmp(argv[i], "-") == 0) {
			failed = check_lines(v, &o, stdin, "<stdin>") != 0;
		} else if (strncmp(argv[i], "SG1:", 4) == 0 ||
		    (fp = fopen(argv[i], "r")) == NULL) {
			if (strncmp(argv[i], "SG1:", 4) != 0 &&
			    errno != ENOENT) {
				cli_diag(argv[i], "cannot open: %s",
				    strerror(errno));
				o.unreadable++;
				continue;
			}
			snprintf(where, sizeof where, "argument %d",
			    i - optind + 1);
			failed = check_one(v, &o, argv[i], strlen(argv[i]),
			    where) != 0;
		} else {
			failed = check_lines(v, &o, fp, argv[i]) != 0;
			fclose(fp);
		}
	}
	if (!o.json || o.valid + o.invalid + o.unreadable > 1)
		fprintf(stderr, "%s: %lu valid, %lu invalid, %lu unreadable\n",
		    cli_prog, o.valid, o.invalid, o.unreadable);
	if (cli_close_stdout() != 0)
		failed = 1;
	status = failed || o.unreadable ? EXIT_TROUBLE : o.invalid ?
	    EXIT_NEGATIVE : o.valid ? EXIT_ALL_GOOD : EXIT_TROUBLE;
out:
	verifier_free(v);
	doctype_set_free(types);
	codetab_set_free(codes);
	return status;
}
