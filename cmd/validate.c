/*
 * segel-validate - every record checked against the rules of its
 * document type; the good ones out, the others to --rejects.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "codes.h"
#include "codetab.h"
#include "doctype.h"
#include "i18n.h"
#include "opt.h"
#include "record.h"
#include "region.h"
#include "validate.h"

static const char synopsis[] =
    "segel-validate [-qs] [-r FILE] [--report FILE] [FILE...]";

enum { OPT_REPORT = OPT_LONG };

static const struct opt options[] = {
	{ 'r', "rejects", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write rejected records to FILE"),
	    N_("A line that is not a JSON object is written there too, with "
	    "\"type\" null, \"id\" FILE:LINE and its \"errors\".") },
	{ 's', "strict", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("reject records with warnings too"),
	    N_("Severities are one ordered scale (warning below error), so "
	    "this lowers the threshold; the codes stay as they are.") },
	{ OPT_REPORT, "report", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write a summary for the operator to FILE (- for standard "
	    "error): counts by code, first examples"),
	    N_("The summary comes at the end: the counts, the number of "
	    "problems by code, errors first, and the first three examples "
	    "of each.") },
	{ 'q', "quiet", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("no per-record diagnostics, only the summary"), NULL },
	OPT_HELP_VERSION
};
static const struct opt_table table = {
	options, sizeof options / sizeof options[0], "FILE", OPT_ARG_RECORDS
};

static void
help(void)
{
	printf(_("usage: %s\n\n"), synopsis);
	fputs(_(
"Check every record (JSON Lines from segel-intake, standard input when no\n"
"FILE is given or FILE is -) against the rules of its document type:\n"
"required fields, types, lengths, patterns and code tables from\n"
"formats/types/, then the domain checks the type names (NIK and KK number\n"
"structure, address codes and names, dates in order, one kepala keluarga,\n"
"NIKs unique in the batch).  Values are normalised on the way: code\n"
"values become the table's name (\"L\" -> \"LAKI-LAKI\", \"budha\" ->\n"
"\"BUDDHA\"), names are trimmed and upper-cased.\n"
"\n"
"Records that pass go to standard output with their warnings in\n"
"\"validation\"; the others go to the --rejects file with every problem\n"
"found in \"errors\", warnings included.  Each problem has a stable code\n"
"(E-... an error, W-... a warning), the field path and a message.\n"
"\n"), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"The closing summary on standard error counts the records: in = passed +\n"
"rejected.\n"
"\n"
"Exit status: 0 every record passed, 1 some were rejected, 2 misuse or a\n"
"system error.\n"
"\n"
"Example:\n"
"  segel-intake testdata/bulk | segel-validate -r rejects.jsonl \\\n"
"      --report - > valid.jsonl\n"),
	    stdout);
}

/* ---- the operator's report ---- */

#define REPORT_EXAMPLES 3

struct rcode {
	char code[32];
	unsigned long count;
	size_t n_ex;
	char *ex[REPORT_EXAMPLES];
};

struct report {
	struct rcode *c;
	size_t n, cap;
};

static int
report_add(struct report *r, const char *where, const val_problem *p)
{
	struct rcode *rc = NULL;
	size_t i, len;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->c[i].code, p->code) == 0) {
			rc = &r->c[i];
			break;
		}
	if (rc == NULL) {
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 32;
			struct rcode *nc = realloc(r->c, cap * sizeof *nc);

			if (nc == NULL)
				return -1;
			r->c = nc;
			r->cap = cap;
		}
		rc = &r->c[r->n++];
		memset(rc, 0, sizeof *rc);
		snprintf(rc->code, sizeof rc->code, "%s", p->code);
	}
	rc->count++;
	if (rc->n_ex < REPORT_EXAMPLES) {
		len = strlen(where) + strlen(p->path) + strlen(p->text) + 8;
		if ((rc->ex[rc->n_ex] = malloc(len)) == NULL)
			return -1;
		snprintf(rc->ex[rc->n_ex], len, "%s: %s%s%s", where, p->path,
		    *p->path ? ": " : "", p->text);
		rc->n_ex++;
	}
	return 0;
}

static int
rcode_cmp(const void *a, const void *b)
{
	const struct rcode *x = a, *y = b;

	/* errors first, then by code */
	if (x->code[0] != y->code[0])
		return x->code[0] == 'E' ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void
report_print(struct report *r, FILE *fp, unsigned long in,
    unsigned long passed, unsigned long warned, unsigned long rejected)
{
	size_t i, k;

	if (r->n > 1)
		qsort(r->c, r->n, sizeof *r->c, rcode_cmp);
	fprintf(fp, "%s\n\n", _("Validation report"));
	fprintf(fp, "  %-17s %8lu\n", _("records read"), in);
	fprintf(fp, _("  %-17s %8lu  (%lu with warnings)\n"), _("passed"),
	    passed, warned);
	fprintf(fp, "  %-17s %8lu\n\n", _("rejected"), rejected);
	if (r->n == 0) {
		fprintf(fp, "%s\n", _("No problems found."));
		return;
	}
	fprintf(fp, "%s\n\n", _("Problems by code (E- rejects a record, W- is a "
	    "warning):"));
	for (i = 0; i < r->n; i++) {
		const char *what = codes_message(r->c[i].code);

		fprintf(fp, "  %-28s %8lu  %s\n", r->c[i].code, r->c[i].count,
		    what ? what : "");
	}
	for (i = 0; i < r->n; i++) {
		fprintf(fp, "\n%s (%lu):\n", r->c[i].code, r->c[i].count);
		for (k = 0; k < r->c[i].n_ex; k++)
			fprintf(fp, "  %s\n", r->c[i].ex[k]);
		if (r->c[i].count > r->c[i].n_ex)
			fprintf(fp, _("  ... and %lu more\n"),
			    r->c[i].count - r->c[i].n_ex);
	}
}

static void
report_free(struct report *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->c[i].n_ex; k++)
			free(r->c[i].ex[k]);
	free(r->c);
}

struct run {
	validator *v;
	FILE *rejects;
	const char *rejects_path;
	struct report *report;
	int strict, quiet, failed;
	unsigned long in, passed, warned, rejected;
};

static void
diag_reject(const char *where, const validator *v)
{
	const val_problem *p = NULL;
	size_t i, n = val_problem_count(v), errors = 0;

	for (i = 0; i < n; i++)
		if (val_problem_at(v, i)->severity >= VAL_WARN) {
			if (p == NULL || (p->severity < VAL_ERROR &&
			    val_problem_at(v, i)->severity == VAL_ERROR))
				p = val_problem_at(v, i);
			errors++;
		}
	if (p == NULL)
		return;
	if (errors > 1)
		cli_diag(where, "%s%s%s (and %zu more) [%s]", p->path,
		    *p->path ? ": " : "", p->text, errors - 1, p->code);
	else
		cli_diag(where, "%s%s%s [%s]", p->path, *p->path ? ": " : "",
		    p->text, p->code);
}

static int
one_record(struct run *r, json_t *rec, const char *stream_where)
{
	char where[1100];
	size_t i, n;
	int worst, reject;

	r->in++;
	if ((worst = val_check(r->v, rec)) < 0) {
		cli_diag(stream_where, "out of memory");
		return -1;
	}
	reject = worst >= (r->strict ? VAL_WARN : VAL_ERROR);
	n = val_problem_count(r->v);
	if (n > 0 && (reject || r->report != NULL))
		rec_where(rec, stream_where, where, sizeof where);
	if (r->report != NULL)
		for (i = 0; i < n; i++)
			if (report_add(r->report, where,
			    val_problem_at(r->v, i)) != 0) {
				cli_diag(NULL, "out of memory");
				return -1;
			}
	if (val_annotate(r->v, rec, reject) != 0) {
		cli_diag(stream_where, "out of memory");
		return -1;
	}
	if (!reject) {
		r->passed++;
		r->warned += n > 0;
		if (rec_write(stdout, rec) != 0) {
			cli_diag("<stdout>", "write error: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	r->rejected++;
	if (!r->quiet)
		diag_reject(where, r->v);
	if (r->rejects != NULL && rec_write(r->rejects, rec) != 0) {
		cli_diag(r->rejects_path, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A line that is no record: a reject of its own, so the numbers add up. */
static int
bad_line(struct run *r, const sg_err *err)
{
	json_t *rec;
	int rc = 0;

	r->in++;
	r->rejected++;
	if (!r->quiet)
		cli_diag_err(err);
	if (r->report != NULL) {
		val_problem p;

		memset(&p, 0, sizeof p);
		p.severity = VAL_ERROR;
		snprintf(p.code, sizeof p.code, "%.31s", err->code);
		snprintf(p.text, sizeof p.text, "%.399s", err->text);
		if (report_add(r->report, err->where, &p) != 0)
			return -1;
	}
	if (r->rejects == NULL)
		return 0;
	if ((rec = rec_reject(NULL, err->where, err)) == NULL)
		rc = -1;
	else if (rec_write(r->rejects, rec) != 0) {
		cli_diag(r->rejects_path, "write error: %s", strerror(errno));
		rc = -1;
	}
	json_decref(rec);
	return rc;
}

static int
run_stream(struct run *r, FILE *fp, const char *name)
{
	rec_reader *rd;
	json_t *rec;
	sg_err err;
	int rc, status = 0;

	if ((rd = rec_reader_new(fp, name)) == NULL) {
		cli_diag(NULL, "out of memory");
		return -1;
	}
	for (;;) {
		rc = rec_reader_next(rd, &rec, &err);
		if (rc == 0)
			break;
		if (rc == -2) {
			cli_diag_err(&err);
			status = -1;
			break;
		}
		if (rc == -1) {
			if (bad_line(r, &err) != 0) {
				status = -1;
				break;
			}
			continue;
		}
		rc = one_record(r, rec, rec_reader_where(rd));
		json_decref(rec);
		if (rc != 0) {
			status = -1;
			break;
		}
	}
	rec_reader_free(rd);
	return status;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	struct run r;
	struct report rep = { NULL, 0, 0 };
	const char *report_path = NULL;
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	region_table *regions = NULL;
	FILE *report_fp = NULL, *fp;
	int c, i, status = EXIT_TROUBLE, trouble = 0;
	sg_err err;

	memset(&r, 0, sizeof r);
	cli_init(argv[0]);
	argv[0] = (char *)cli_prog; /* getopt names the program by it */
	opt_parser_init(&op, &table, argc, argv);
	while ((c = opt_next(&op, argc, argv, NULL)) != -1) {
		switch (c) {
		case 'r':
			r.rejects_path = optarg;
			break;
		case 's':
			r.strict = 1;
			break;
		case OPT_REPORT:
			report_path = optarg;
			break;
		case 'q':
			r.quiet = 1;
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
	if (r.rejects_path != NULL && report_path != NULL &&
	    strcmp(r.rejects_path, report_path) == 0)
		return cli_usage_error(synopsis, "--rejects and --report "
		    "name the same file");

	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    (codes = codetab_set_load(formats_dir(), &err)) == NULL ||
	    (regions = region_table_load(formats_dir(), &err)) == NULL ||
	    (r.v = val_new(types, codes, regions, &err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	if (r.rejects_path != NULL &&
	    (r.rejects = cli_open_output(r.rejects_path)) == NULL)
		goto out;
	if (report_path != NULL) {
		if (strcmp(report_path, "-") == 0)
			report_fp = stderr;
		else if ((report_fp = cli_open_output(report_path)) == NULL)
			goto out;
		r.report = &rep;
	}
	/* records are big: write them in big blocks */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (optind == argc) {
		if (run_stream(&r, stdin, "-") != 0)
			trouble = 1;
	}
	for (i = optind; i < argc && !trouble; i++) {
		if (strcmp(argv[i], "-") == 0) {
			if (run_stream(&r, stdin, "-") != 0)
				trouble = 1;
			continue;
		}
		if ((fp = fopen(argv[i], "r")) == NULL) {
			cli_diag(argv[i], "cannot open: %s", strerror(errno));
			trouble = 1;
			break;
		}
		if (run_stream(&r, fp, argv[i]) != 0)
			trouble = 1;
		fclose(fp);
	}

	if (report_fp != NULL) {
		report_print(&rep, report_fp, r.in, r.passed, r.warned,
		    r.rejected);
		if (report_fp != stderr) {
			if (cli_close_output(report_fp, report_path) != 0)
				trouble = 1;
		} else
			fputc('\n', stderr);
		report_fp = NULL;
	}
	fprintf(stderr, _("%s: %lu records in: %lu passed (%lu with warnings), "
	    "%lu rejected\n"), cli_prog, r.in, r.passed, r.warned, r.rejected);
	if (cli_close_output(r.rejects, r.rejects_path) != 0)
		trouble = 1;
	r.rejects = NULL;
	if (cli_close_stdout() != 0)
		trouble = 1;
	if (trouble)
		status = EXIT_TROUBLE;
	else if (r.rejected > 0)
		status = EXIT_NEGATIVE;
	else
		status = EXIT_ALL_GOOD;
out:
	if (r.rejects != NULL)
		fclose(r.rejects);
	if (report_fp != NULL && report_fp != stderr)
		fclose(report_fp);
	report_free(&rep);
	val_free(r.v);
	region_table_free(regions);
	codetab_set_free(codes);
	doctype_set_free(types);
	return status;
}
