/*
 * segel-intake - bulk folders in, one record per application out.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "doctype.h"
#include "i18n.h"
#include "intake.h"
#include "opt.h"
#include "record.h"
#include "returns.h"

static const char synopsis[] =
    "segel-intake [-q] [-t TYPE] [--region CODE] [-r FILE] [options] PATH...\n"
    "       segel-intake --list-types";

enum {
	OPT_MAX_ATTACHMENT = OPT_LONG, OPT_LIST_TYPES, OPT_REGION, OPT_RETURN,
	OPT_PROGRESS, OPT_NO_PROGRESS
};

static const struct opt options[] = {
	{ 't', "type", "TYPE", OPT_ARG_TYPE, NULL, 0,
	    N_("read every file as TYPE (kk, akta-kelahiran, akta-kematian, "
	    "...; see --list-types)"),
	    N_("Without it the type is recognised from the columns.") },
	{ 'r', "rejects", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write rows that could not become records to FILE, each with "
	    "every reason found"),
	    N_("Each is a record with an \"errors\" list giving every problem "
	    "found (stable code, field path, message).  Whole files that "
	    "could not be read are written there too, with line 0.") },
	{ OPT_RETURN, "return", "DIR", OPT_ARG_DIR, NULL, 0,
	    N_("write each village's rejected rows to DIR as its own "
	    "spreadsheet (.xlsx and .csv) to send back"),
	    N_("One file a village folder (DIR/<folder>.xlsx and .csv, the "
	    "folder below PATH with / made -): the file, sheet and row number "
	    "as the village's spreadsheet shows them, the column, the value "
	    "given and what to fix (in Indonesian, whatever language these "
	    "messages are in, when the system has the id_ID.UTF-8 locale), "
	    "every cell as text.  The summary names how many lines each "
	    "village gets.  DIR is made when missing.") },
	{ OPT_REGION, "region", "CODE", OPT_ARG_TEXT, NULL, 0,
	    N_("the desa/kelurahan of rows that carry no address (CODE like "
	    "75.01.01.2001)"),
	    N_("For exports that hold no address, such as OpenSID's, whose "
	    "village is in its settings.  A row whose own region code or "
	    "address names are another place is rejected.  Without it, a row "
	    "with no region code gets the one its desa/kelurahan, kecamatan "
	    "and kabupaten/kota names resolve to.") },
	{ OPT_MAX_ATTACHMENT, "max-attachment", "SIZE", OPT_ARG_WORDS,
	    "1M 5M 10M 20M", 0,
	    N_("largest attachment accepted (default 10M; suffixes K, M)"),
	    N_("SIZE is in bytes, or with the suffix K or M.") },
	{ OPT_LIST_TYPES, "list-types", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("print the known document types and exit"), NULL },
	{ OPT_PROGRESS, "progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("a progress line on standard error even when it is not a "
	    "terminal"), NULL },
	{ OPT_NO_PROGRESS, "no-progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("never a progress line"), NULL },
	{ 'q', "quiet", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("no per-row diagnostics, only the summary"), NULL },
	OPT_HELP_VERSION
};
static const struct opt_table table = {
	options, sizeof options / sizeof options[0], "PATH", OPT_ARG_FILE
};

static void
help(void)
{
	printf(_("usage: %s\n\n"), synopsis);
	fputs(_(
"Read the bulk folders (or single files) handed in by villages and write\n"
"one JSON Lines record per application to standard output, ready for\n"
"segel-validate.  Folders are walked recursively in name order; files\n"
"ending in .csv, .tsv or .txt are read as spreadsheets, .xlsx, .ods and\n"
".xls as workbooks (every sheet that holds a document type), .xml as XML\n"
"submissions (formats/submission.md), .jsonl as records, which pass\n"
"through with their provenance added.  Other files (the scans in\n"
"lampiran/) are read only when a row names them.  A file that cannot be\n"
"read is a reject that names it.\n"
"\n"
"Spreadsheets: ',' ';' or TAB separated, UTF-8 (BOM or not), UTF-16 or\n"
"Windows-1252; headers as printed on the forms (\"NAMA LENGKAP\", \"NIK\",\n"
"\"STATUS HUBUNGAN DALAM KELUARGA\") or any alias the document type\n"
"declares.  The type is recognised from the columns unless --type names\n"
"it.  Kartu Keluarga rows (one per person) are grouped by KK number into\n"
"one record, wherever they stand in the file.  Dates become YYYY-MM-DD;\n"
"an ambiguous or impossible date is a reject, never a guess.\n"
"\n"), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"Every row read ends as a record or a reject; the closing summary on\n"
"standard error counts them and they add up.\n"
"\n"
"Exit status: 0 every row became a record, 1 some rows or files were\n"
"rejected, 2 misuse or a system error.\n"
"\n"
"Example:\n"
"  segel-intake -r rejects.jsonl testdata/bulk > records.jsonl\n"),
	    stdout);
}

struct out {
	const intake *in;
	returns *ret;
	FILE *rejects;
	const char *rejects_path;
	int quiet;
	int progress; /* a progress line */
	int failed; /* a write failed */
	/* --return: the library speaks Indonesian while it reads (the
	 * villages' lists), this tool the reader's language (0: one
	 * language for both) */
	locale_t village;
};

static void
progress(const struct out *o, int final)
{
	const intake_stats *st = intake_get_stats(o->in);

	if (o->progress)
		cli_progress(final, "%lu files, %lu rows: %lu records, %lu "
		    "rows rejected", st->files, st->rows, st->records,
		    st->rows_rejected);
}

static const char *
problem_text(void *ctx, const json_t *reject, size_t i)
{
	return intake_problem_text_at(ctx, reject, i);
}

static void
returned(void *ctx, const char *village, size_t lines)
{
	const char *dir = ctx;

	fprintf(stderr, _("%s: return list %s/%s.xlsx (and .csv): %zu to "
	    "fix\n"), cli_prog, cli_show(dir), village, lines);
}

static int emit_one(struct out *o, enum intake_kind kind, const json_t *obj);

/*
 * The return lists are in Indonesian whatever the reader's language (the
 * issue: what to fix, in Indonesian, to send back): with o->village the
 * library finds the problems in Indonesian, and the tool, in the reader's
 * language, shows each problem's English message when that language is
 * not Indonesian.
 */
static int
on_emit(void *ctx, enum intake_kind kind, const json_t *obj)
{
	struct out *o = ctx;
	int rc;

	if (o->village == (locale_t)0)
		return emit_one(o, kind, obj);
	uselocale(LC_GLOBAL_LOCALE);
	rc = emit_one(o, kind, obj);
	uselocale(o->village);
	return rc;
}

/* A problem's sentence in the reader's language. */
static const char *
shown(const struct out *o, const char *text, const char *english)
{
	return o->village != (locale_t)0 ? english : text;
}

/*
 * Indonesian for the library while it reads, when the reader's language
 * is another: 0, or -1 with a warning when the system has no Indonesian
 * locale (the lists are then in the reader's language).
 */
static void
speak_indonesian(struct out *o)
{
	/* a sentence of the catalogue: translated means the reader's
	 * language already is Indonesian, the catalogue's one language */
	static const char probe[] = N_("no per-row diagnostics, only the "
	    "summary");
	static const char *const names[] = { "id_ID.UTF-8", "id_ID.utf8",
	    "id_ID" };
	size_t i;

	if (strcmp(_(probe), probe) != 0)
		return;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((o->village = newlocale(LC_MESSAGES_MASK, names[i],
		    (locale_t)0)) != (locale_t)0)
			return;
	cli_diag(NULL, "--return: this system has no Indonesian locale "
	    "(id_ID.UTF-8), so what to fix is written in the language of "
	    "these messages; make it with 'localedef -i id_ID -f UTF-8 "
	    "id_ID.UTF-8' or dpkg-reconfigure locales");
}

static int
emit_one(struct out *o, enum intake_kind kind, const json_t *obj)
{
	const json_t *errs, *e0;
	const char *path;
	char where[1100];

	progress(o, 0);
	switch (kind) {
	case INTAKE_RECORD:
		if (rec_write(stdout, obj) != 0) {
			cli_diag("<stdout>", "write error: %s",
			    strerror(errno));
			o->failed = 1;
			return -1;
		}
		return 0;
	case INTAKE_NOTICE:
		if (!o->quiet)
			cli_diag(json_string_value(json_object_get(obj,
			    "where")), "%s", shown(o,
			    json_string_value(json_object_get(obj, "text")),
			    json_string_value(json_object_get(obj,
			    "message"))));
		return 0;
	case INTAKE_REJECT:
		break;
	}
	if (o->ret != NULL && returns_add(o->ret, obj, problem_text,
	    (void *)o->in) != 0) {
		cli_diag(NULL, "out of memory");
		o->failed = 1;
		return -1;
	}
	if (o->rejects != NULL && rec_write(o->rejects, obj) != 0) {
		cli_diag(o->rejects_path, "write error: %s", strerror(errno));
		o->failed = 1;
		return -1;
	}
	if (o->quiet)
		return 0;
	errs = rec_errors(obj);
	e0 = json_array_get(errs, 0);
	path = rec_problem_path(e0);
	rec_problem_where(obj, e0, "", where, sizeof where);
	if (json_array_size(errs) > 1)
		cli_diag(where, "%s%s%s (and %zu more) [%s]", path,
		    *path ? ": " : "", shown(o, intake_problem_text(o->in,
		    obj), rec_problem_message(e0)),
		    json_array_size(errs) - 1, rec_problem_code(e0));
	else
		cli_diag(where, "%s%s%s [%s]", path, *path ? ": " : "",
		    shown(o, intake_problem_text(o->in, obj),
		    rec_problem_message(e0)), rec_problem_code(e0));
	return 0;
}

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end != '\0' || v == 0 || v > (1ULL << 32))
		return -1;
	*out = (size_t)v;
	return 0;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	struct intake_opts io = { 0 };
	struct out o = { 0 };
	const char *type = NULL, *region = NULL, *retdir = NULL;
	int want_progress = -1;
	const intake_stats *st;
	doctype_set *types = NULL;
	intake *in = NULL;
	int c, i, list = 0, status = EXIT_TROUBLE, trouble = 0, rc;
	sg_err err;

	cli_init(argv[0]);
	argv[0] = (char *)cli_prog; /* getopt names the program by it */
	opt_parser_init(&op, &table, argc, argv);
	while ((c = opt_next(&op, argc, argv, NULL)) != -1) {
		switch (c) {
		case 't':
			type = optarg;
			break;
		case 'r':
			o.rejects_path = optarg;
			break;
		case OPT_MAX_ATTACHMENT:
			if (parse_size(optarg, &io.max_attachment) != 0)
				return cli_usage_error(synopsis, "--max-"
				    "attachment: \"%s\" is not a size", optarg);
			break;
		case OPT_LIST_TYPES:
			list = 1;
			break;
		case OPT_REGION:
			region = optarg;
			break;
		case OPT_RETURN:
			retdir = optarg;
			break;
		case OPT_PROGRESS:
			want_progress = 1;
			break;
		case OPT_NO_PROGRESS:
			want_progress = 0;
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
	if (optind == argc && !list)
		return cli_usage_error(synopsis, "no folder or file given");

	if ((types = doctype_set_load(formats_dir(), &err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	if (list) {
		for (i = 0; (size_t)i < doctype_set_count(types); i++)
			printf("%s\t%s\n", doctype_id(doctype_set_at(types, i)),
			    doctype_title(doctype_set_at(types, i)));
		status = cli_close_stdout() == 0 ? EXIT_ALL_GOOD : EXIT_TROUBLE;
		goto out;
	}
	if (type != NULL && (io.type = doctype_set_find(types, type)) == NULL) {
		status = cli_usage_error(synopsis, "--type: unknown document "
		    "type \"%s\" (see --list-types)", type);
		goto out;
	}
	if (o.rejects_path != NULL &&
	    (o.rejects = cli_open_output(o.rejects_path)) == NULL)
		goto out;
	if ((in = intake_new(types, &io)) == NULL) {
		cli_diag(NULL, "out of memory");
		goto out;
	}
	if (region != NULL && intake_set_region(in, region, &err) != 0) {
		status = cli_usage_error(synopsis, "%s", err.text);
		goto out;
	}
	o.in = in;
	/* output written into the folder being read is not read back */
	intake_skip_output(in, STDOUT_FILENO, NULL);
	if (o.rejects != NULL)
		intake_skip_output(in, fileno(o.rejects), NULL);
	o.progress = want_progress >= 0 ? want_progress : isatty(2);
	if (retdir != NULL) {
		struct stat sb;

		if ((mkdir(retdir, 0755) != 0 && errno != EEXIST) ||
		    stat(retdir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			cli_diag(retdir, "--return: not a folder that can be "
			    "made or written");
			goto out;
		}
		intake_skip_output(in, -1, retdir);
		if ((o.ret = returns_new(types, argv[optind])) == NULL) {
			cli_diag(NULL, "out of memory");
			goto out;
		}
	}
	if (o.ret != NULL)
		speak_indonesian(&o);
	for (i = optind; i < argc && !o.failed; i++) {
		if (o.village != (locale_t)0)
			uselocale(o.village);
		rc = intake_path(in, argv[i], on_emit, &o, &err);
		uselocale(LC_GLOBAL_LOCALE);
		if (rc != 0) {
			if (o.village != (locale_t)0)
				memcpy(err.text, err.message, sizeof err.text);
			if (!o.failed)
				cli_diag_err(&err);
			trouble = 1;
		}
	}
	if (o.ret != NULL && !o.failed &&
	    returns_write(o.ret, retdir, o.quiet ? NULL : returned,
	    (void *)retdir, &err) != 0) {
		cli_diag_err(&err);
		trouble = 1;
	}

	if (o.progress)
		fputs("\r\033[K", stderr);
	st = intake_get_stats(in);
	fprintf(stderr, _("%s: %lu files, %lu rows read: %lu rows into %lu "
	    "records, %lu rows rejected"), cli_prog, st->files, st->rows,
	    st->rows_in_records, st->records, st->rows_rejected);
	if (st->files_rejected > 0)
		fprintf(stderr, _("; %lu files rejected"), st->files_rejected);
	fputc('\n', stderr);
	if (cli_close_output(o.rejects, o.rejects_path) != 0)
		trouble = 1;
	o.rejects = NULL;
	if (cli_close_stdout() != 0)
		trouble = 1;
	if (trouble || o.failed)
		status = EXIT_TROUBLE;
	else if (st->rows_rejected > 0 || st->files_rejected > 0)
		status = EXIT_NEGATIVE;
	else
		status = EXIT_ALL_GOOD;
out:
	if (o.rejects != NULL)
		fclose(o.rejects);
	returns_free(o.ret);
	if (o.village != (locale_t)0)
		freelocale(o.village);
	intake_free(in);
	doctype_set_free(types);
	return status;
}
