/*
 * segel-sign - give validated records their number and seal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "codetab.h"
#include "date.h"
#include "doctype.h"
#include "i18n.h"
#include "opt.h"
#include "profile.h"
#include "record.h"
#include "region.h"
#include "signer.h"

static const char synopsis[] =
    "segel-sign -p PROFILE [options] [FILE...]\n"
    "       segel-sign -p PROFILE --revoke NUMBER [--reason TEXT]\n"
    "       segel-sign -p PROFILE --supersede NUMBER --by NEWER [--reason TEXT]\n"
    "       segel-sign -p PROFILE --status-list FILE";

enum {
	OPT_PASSFD = OPT_LONG, OPT_DATE, OPT_REVOKE, OPT_SUPERSEDE, OPT_BY,
	OPT_REASON, OPT_STATUS, OPT_SETTING, OPT_BUNDLE
};

/* OPT_SETTING options are applied over the profile by their name. */
static const struct opt options[] = {
	{ 'p', "profile", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the issuer profile"),
	    N_("Without it, every setting the signer needs must come from the "
	    "options below.") },
	{ OPT_SETTING, "office", "TEXT", OPT_ARG_TEXT, NULL, 0,
	    N_("the office, overriding the profile's"), NULL },
	{ OPT_SETTING, "region", "CODE", OPT_ARG_TEXT, NULL, 0,
	    N_("the office's region code, overriding the profile's"), NULL },
	{ OPT_SETTING, "official", "NAME", OPT_ARG_TEXT, NULL, 0,
	    N_("the signing official, overriding the profile's"), NULL },
	{ OPT_SETTING, "nip", "NIP", OPT_ARG_TEXT, NULL, 0,
	    N_("the official's NIP, overriding the profile's"), NULL },
	{ OPT_SETTING, "key", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the private key, overriding the profile's"),
	    N_("Paths given in options are taken from the current "
	    "directory.") },
	{ OPT_SETTING, "cert", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the certificate, overriding the profile's"), NULL },
	{ OPT_SETTING, "ledger", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the ledger, overriding the profile's"), NULL },
	{ OPT_SETTING, "logo", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the office logo, overriding the profile's"), NULL },
	{ OPT_SETTING, "passphrase-file", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("read the key's passphrase from FILE"),
	    N_("The first line of FILE, which must not be readable by group "
	    "or others.  Overrides the profile's passphrase-file.") },
	{ OPT_PASSFD, "passphrase-fd", "N", OPT_ARG_WORDS, "0 3 4 5", 0,
	    N_("read the key's passphrase from descriptor N"),
	    N_("The first line read from the open descriptor N, for instance "
	    "a pipe from a secrets manager.  Ignored when a passphrase file "
	    "is set.") },
	{ OPT_DATE, "date", "YYYY-MM-DD", OPT_ARG_DATE, NULL, 0,
	    N_("issue date (default: today)"),
	    N_("The issue date of newly numbered documents, the date of a "
	    "revocation or supersession, and the date in a status list's "
	    "header.  Today is the local date (see TZ) or SEGEL_TODAY.  A "
	    "record issued before keeps its first issue date.") },
	{ 'r', "rejects", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write records that cannot be signed to FILE"),
	    N_("Each with an \"errors\" list saying why (stable code, field "
	    "path, message).") },
	{ 'b', "batch", "N", OPT_ARG_WORDS, "1 64 256 1024", 0,
	    N_("records per ledger sync (default 1024)"),
	    N_("From 1 to 100000.  Larger batches sync less often; no record "
	    "of a batch is let out before the batch is on disk.") },
	{ OPT_REVOKE, "revoke", "NUMBER", OPT_ARG_TEXT, NULL, 0,
	    N_("revoke a document this office issued"),
	    N_("--revoke, --supersede and --status-list go one at a time, and "
	    "take no record files.") },
	{ OPT_SUPERSEDE, "supersede", "NUMBER", OPT_ARG_TEXT, NULL, 0,
	    N_("mark a document replaced by a newer one (needs --by)"), NULL },
	{ OPT_BY, "by", "NEWER", OPT_ARG_TEXT, NULL, 0,
	    N_("the number of the document that replaces it (only with "
	    "--supersede)"), NULL },
	{ OPT_REASON, "reason", "TEXT", OPT_ARG_TEXT, NULL, 0,
	    N_("why (kept in the ledger)"),
	    N_("Not published in the status list.") },
	{ OPT_STATUS, "status-list", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write the signed status list verifiers read (public: mode "
	    "644)"), NULL },
	{ OPT_BUNDLE, "bundle", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("refuse to sign unless the verifiers' trust bundle FILE "
	    "trusts this office"),
	    N_("The office's certificate must be in the bundle "
	    "(formats/trust.md), and the bundle must trust its key today "
	    "for the office's region; otherwise nothing is signed, no "
	    "number is used, and the exit status is 2 (E-BUNDLE-OFFICE).") },
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
"Read validated records (from segel-validate) and write them back with an\n"
"\"issue\" section (document number, issue date, issuer, key id, office,\n"
"official) and the \"seal\": the QR text that carries the document's data\n"
"and a signature over it (formats/seal.md).  Records come from the FILEs\n"
"or standard input.\n"
"\n"
"Each record is checked again by the rules of its document type, with the\n"
"engine segel-validate runs; a record they reject is not signed\n"
"(E-SIGN-INVALID, with every problem in its \"errors\").  A NIK the\n"
"rules want unique must not repeat within the run.\n"
"\n"
"Every number issued is written to the ledger, an append-only file that is\n"
"locked against a second signer and synced to disk before the signed\n"
"records are let out.  Signing the same records again gives back the\n"
"numbers already issued; a signer killed mid-batch loses nothing, and a\n"
"re-run completes the batch without a duplicate.  A second copy of one\n"
"document in a run (E-SIGN-DUPLICATE), and a document revoked\n"
"(E-SIGN-REVOKED) or superseded (E-SIGN-SUPERSEDED), are rejects.  A\n"
"ledger shorter than its head file (LEDGER.head) says, or not the one it\n"
"describes, stops the signer (E-LEDGER-SHORT, E-LEDGER-TAIL,\n"
"E-LEDGER-HEAD; formats/ledger.md says how to recover).\n"
"\n"
"The issuer profile (formats/profile.md) names the office, its region, the\n"
"signing official, the key, the certificate and the ledger; each setting\n"
"can be overridden by the flag of the same name.\n"
"\n"), stdout);
	fputs(_(
"A key in a token or HSM is named by a PKCS#11 URI in place of the key\n"
"file: pkcs11:token=LABEL;object=LABEL, with ?module-path=MODULE unless\n"
"p11-kit knows the module.  The token's PIN is given as a passphrase.\n"
"\n"), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"Private keys must not be readable by group or others; passphrases never\n"
"come from the command line.\n"
"\n"
"Exit status: 0 every record was signed, 1 some were rejected, 2 misuse\n"
"or a system error (locked ledger, bad key, full disk).\n"
"\n"
"Example:\n"
"  segel-validate < records.jsonl | segel-sign -p /etc/segel/7501.conf \\\n"
"      -r unsigned.jsonl > signed.jsonl\n"),
	    stdout);
}

/* A signed line held back, and its seal when that is signed later. */
struct held {
	size_t off, len;
	int later;          /* ends in an empty seal: signer_seal() fills it */
};

struct run {
	signer *s;
	char *held;         /* signed lines, waiting for their ledger commit */
	struct held *lines; /* where each is */
	size_t held_len, held_cap, nheld, batch;
	FILE *rejects;
	const char *rejects_path;
	int quiet;
	unsigned long in, out, rejected;
};

/* The held lines, each seal signed later put between its empty quotes. */
static int
write_held(struct run *r)
{
	const struct held *h;
	const char *seal;
	size_t i, k = 0, from = 0;

	for (i = 0; i < r->nheld; i++) {
		h = &r->lines[i];
		if (!h->later)
			continue;
		if ((seal = signer_seal(r->s, k++)) == NULL) {
			errno = EINVAL;
			return -1;
		}
		/* up to the closing quote of "seal":"", the seal, the rest */
		if (fwrite(r->held + from, 1, h->off + h->len - 3 - from,
		    stdout) != h->off + h->len - 3 - from ||
		    fputs(seal, stdout) == EOF)
			return -1;
		from = h->off + h->len - 3;
	}
	if (fwrite(r->held + from, 1, r->held_len - from, stdout) !=
	    r->held_len - from)
		return -1;
	return 0;
}

/* Commit the ledger, then let the held records out. */
static int
flush(struct run *r)
{
	sg_err err;
	int rc = 0;

	if (signer_commit(r->s, &err) != 0) {
		cli_diag_err(&err);
		rc = -1;
	}
	if (rc == 0 && write_held(r) != 0) {
		cli_diag("<stdout>", "write error: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		r->out += r->nheld;
	r->held_len = 0;
	r->nheld = 0;
	if (rc == 0 && fflush(stdout) != 0) {
		cli_diag("<stdout>", "write error: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

/* rec NULL: the line at where is no record. */
static int
reject(struct run *r, json_t *rec, const char *where, const sg_err *err)
{
	json_t *out;
	int rc = 0;

	r->rejected++;
	if (!r->quiet)
		cli_diag(where, "%s%s%s [%s]", rec ? err->where : "",
		    rec && *err->where ? ": " : "", err->text, err->code);
	if ((out = rec_reject(rec, where, err)) == NULL) {
		cli_diag(NULL, "out of memory");
		return -1;
	}
	if (r->rejects != NULL && rec_write(r->rejects, out) != 0) {
		cli_diag(r->rejects_path, "write error: %s", strerror(errno));
		rc = -1;
	}
	json_decref(out);
	return rc;
}

/* Keep a signed record's line until its ledger commit. */
static int
hold(struct run *r, const json_t *rec)
{
	size_t len, cap = r->held_cap ? r->held_cap : 1 << 16;
	const char *seal;
	char *line, *np;

	if ((line = rec_format(rec, &len)) == NULL)
		return -1;
	while (cap < r->held_len + len)
		cap *= 2;
	if (cap != r->held_cap) {
		if ((np = realloc(r->held, cap)) == NULL) {
			free(line);
			return -1;
		}
		r->held = np;
		r->held_cap = cap;
	}
	memcpy(r->held + r->held_len, line, len);
	r->lines[r->nheld].off = r->held_len;
	r->lines[r->nheld].len = len;
	r->lines[r->nheld].later = 0;
	seal = rec_seal(rec);
	if (seal != NULL && *seal == '\0') {
		/* signed later: the signer left the seal empty, and last */
		if (len < 12 || memcmp(line + len - 12, ",\"seal\":\"\"}\n",
		    12) != 0) {
			free(line);
			return -1;
		}
		r->lines[r->nheld].later = 1;
	}
	r->held_len += len;
	r->nheld++;
	free(line);
	return 0;
}

static int
sign_stream(struct run *r, FILE *fp, const char *name)
{
	rec_reader *rd = rec_reader_new(fp, name);
	json_t *rec;
	sg_err err;
	int rc, status = 0;

	if (rd == NULL)
		return -1;
	while (status == 0 && (rc = rec_reader_next(rd, &rec, &err)) != 0) {
		if (rc == -2) {
			cli_diag_err(&err);
			status = -1;
			break;
		}
		r->in++;
		if (rc == -1) {
			status = reject(r, NULL, rec_reader_where(rd), &err);
			continue;
		}
		rc = signer_sign(r->s, rec, &err);
		if (rc == -2) {
			cli_diag_err(&err);
			json_decref(rec);
			status = -1;
			break;
		}
		if (rc == -1) {
			status = reject(r, rec, rec_reader_where(rd), &err);
			json_decref(rec);
			continue;
		}
		/* held as its line: the record itself is done with */
		if (hold(r, rec) != 0) {
			cli_diag(NULL, "out of memory");
			json_decref(rec);
			status = -1;
			break;
		}
		json_decref(rec);
		if (r->nheld == r->batch)
			status = flush(r);
	}
	rec_reader_free(rd);
	return status;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	size_t i;
	struct run r = { 0 };
	const char *profile_path = NULL, *revoke = NULL, *supersede = NULL,
	    *by = NULL, *reason = NULL, *status_list = NULL,
	    *bundle_path = NULL;
	profile *prof = NULL;
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	region_table *regions = NULL;
	sg_date today = date_today();
	int c, idx, pass_fd = -1, status = EXIT_TROUBLE, failed = 0;
	char *end;
	long l;
	sg_err err;
	FILE *fp;

	cli_init(argv[0]);
	argv[0] = (char *)cli_prog; /* getopt names the program by it */
	r.batch = 1024;
	opt_parser_init(&op, &table, argc, argv);
	while ((c = opt_next(&op, argc, argv, &idx)) != -1) {
		switch (c) {
		case 'p':
			profile_path = optarg;
			break;
		case OPT_SETTING:
			break; /* applied over the profile file, below */
		case OPT_PASSFD:
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno || *end || l < 0 || l > 1 << 20)
				return cli_usage_error(synopsis,
				    "--passphrase-fd: \"%s\" is not a "
				    "descriptor", optarg);
			pass_fd = (int)l;
			break;
		case OPT_DATE:
			if (date_parse_iso(optarg, &today) != 0)
				return cli_usage_error(synopsis, "--date: \"%s\" "
				    "is not a YYYY-MM-DD date", optarg);
			break;
		case 'r':
			r.rejects_path = optarg;
			break;
		case 'b':
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno || *end || l < 1 || l > 100000)
				return cli_usage_error(synopsis, "--batch: \"%s\" "
				    "is not a number from 1 to 100000", optarg);
			r.batch = (size_t)l;
			break;
		case OPT_REVOKE:
			revoke = optarg;
			break;
		case OPT_SUPERSEDE:
			supersede = optarg;
			break;
		case OPT_BY:
			by = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		case OPT_STATUS:
			status_list = optarg;
			break;
		case OPT_BUNDLE:
			bundle_path = optarg;
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
	if ((revoke != NULL) + (supersede != NULL) + (status_list != NULL) > 1)
		return cli_usage_error(synopsis, "--revoke, --supersede and "
		    "--status-list go one at a time");
	if ((supersede != NULL) != (by != NULL))
		return cli_usage_error(synopsis, "--supersede needs --by, and "
		    "--by needs --supersede");
	if ((revoke || supersede || status_list) && optind < argc)
		return cli_usage_error(synopsis, "no record files with "
		    "--revoke, --supersede or --status-list");

	if ((prof = profile_new()) == NULL)
		goto out;
	if (profile_path != NULL && profile_load(prof, profile_path, &err)) {
		cli_diag_err(&err);
		goto out;
	}
	/* a second pass over the flags: they override the profile's file */
	optind = 1;
	opterr = 0;
	while ((c = opt_next(&op, argc, argv, &idx)) != -1)
		if (c == OPT_SETTING)
			profile_set(prof, options[idx].name, optarg);
	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    (codes = codetab_set_load(formats_dir(), &err)) == NULL ||
	    (regions = region_table_load(formats_dir(), &err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	if ((r.s = signer_new(prof, types, codes, regions, today, pass_fd,
	    &err)) == NULL) {
		cli_diag_err(&err);
		if (profile_path == NULL && strcmp(err.code, "E-PROFILE") == 0)
			cli_diag(NULL, "no profile given: -p PROFILE names the "
			    "office, its key and its ledger (segel-sign --help)");
		goto out;
	}
	if (bundle_path != NULL &&
	    signer_check_bundle(r.s, bundle_path, &err) != 0) {
		cli_diag_err(&err);
		goto out;
	}
	if (revoke || supersede) {
		if (signer_set_status(r.s, revoke ? revoke : supersede, by,
		    reason, &err) != 0) {
			cli_diag_err(&err);
			goto out;
		}
		if (revoke)
			cli_diag(revoke, "revoked%s%s%s; the next status list "
			    "(--status-list) tells verifiers", reason ? " (" :
			    "", reason ? reason : "", reason ? ")" : "");
		else
			cli_diag(supersede, "superseded by %s%s%s%s; the next "
			    "status list (--status-list) tells verifiers", by,
			    reason ? " (" : "", reason ? reason : "",
			    reason ? ")" : "");
		status = EXIT_ALL_GOOD;
		goto out;
	}
	if (status_list) {
		if (signer_write_status_list(r.s, status_list, &err) != 0) {
			cli_diag_err(&err);
			goto out;
		}
		status = EXIT_ALL_GOOD;
		goto out;
	}
	if ((r.lines = calloc(r.batch, sizeof *r.lines)) == NULL)
		goto out;
	/* the signatures on a second thread while the next records come */
	if (signer_sign_later(r.s, &err) != 0) {
		cli_diag_err(&err);
		goto out;
	}
	if (r.rejects_path != NULL &&
	    (r.rejects = cli_open_output(r.rejects_path)) == NULL)
		goto out;
	if (optind == argc)
		failed = sign_stream(&r, stdin, "-") != 0;
	for (i = (size_t)optind; !failed && i < (size_t)argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			failed = sign_stream(&r, stdin, "-") != 0;
			continue;
		}
		if ((fp = fopen(argv[i], "r")) == NULL) {
			cli_diag(argv[i], "cannot open: %s", strerror(errno));
			failed = 1;
			break;
		}
		failed = sign_stream(&r, fp, argv[i]) != 0;
		fclose(fp);
	}
	if (!failed && r.nheld > 0)
		failed = flush(&r) != 0;
	fprintf(stderr, _("%s: %lu records read: %lu signed, %lu rejected\n"),
	    cli_prog, r.in, r.out, r.rejected);
	if (cli_close_output(r.rejects, r.rejects_path) != 0)
		failed = 1;
	r.rejects = NULL;
	if (cli_close_stdout() != 0)
		failed = 1;
	status = failed ? EXIT_TROUBLE : r.rejected ? EXIT_NEGATIVE :
	    EXIT_ALL_GOOD;
out:
	free(r.held); /* what is still held never goes out: not in the ledger */
	free(r.lines);
	if (r.rejects != NULL)
		fclose(r.rejects);
	if (signer_free(r.s, &err) != 0) {
		cli_diag_err(&err);
		status = EXIT_TROUBLE;
	}
	doctype_set_free(types);
	codetab_set_free(codes);
	region_table_free(regions);
	profile_free(prof);
	return status;
}
