/*
 * segel-trust - make, show and check the signed trust bundle
 * (formats/trust.md) that verifiers use.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bundle.h"
#include "cli.h"
#include "date.h"
#include "formats.h"
#include "i18n.h"
#include "opt.h"
#include "trustsrc.h"

static const char synopsis[] =
    "segel-trust bundle -t DIR -k KEY -c CERT -o FILE [options]\n"
    "       segel-trust show [--json] FILE\n"
    "       segel-trust check [--root ROOT.pem] [--against OLD] FILE\n"
    "       segel-trust install [--root ROOT.pem] [--to PATH] FILE";

enum {
	OPT_PASSFILE = OPT_LONG, OPT_NEXT, OPT_SEQUENCE, OPT_JSON, OPT_ROOT,
	OPT_AGAINST, OPT_TO
};

static const struct opt options[] = {
	{ 't', "trust", "DIR", OPT_ARG_DIR, NULL, 0,
	    N_("bundle: the trust directory to bundle"),
	    N_("Roots, issuer certificates, CRLs and status lists, read and "
	    "checked as segel-verify -t DIR reads them.") },
	{ 'f', "formats", "DIR", OPT_ARG_DIR, NULL, 0,
	    N_("bundle: the formats folder (default: the installed one)"),
	    N_("Its document types, code and region tables, font and colour "
	    "profile go into the bundle, so a verifier needs no formats "
	    "folder.") },
	{ 'k', "key", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bundle: the bundle key (PEM, not readable by others)"), NULL },
	{ 'c', "cert", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bundle: the bundle key's certificate"),
	    N_("A root of the trust directory certifies it, with the "
	    "subjectAltName URI urn:segel:trust-bundle and no region.") },
	{ OPT_PASSFILE, "passphrase-file", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bundle: read the key's passphrase from FILE"), NULL },
	{ OPT_NEXT, "next", "DAYS", OPT_ARG_WORDS, "1 7 14 30", 0,
	    N_("bundle: the next bundle is due in DAYS days (default 7)"),
	    N_("From 1 to 3660.  Verifiers say when their bundle is past "
	    "this date.") },
	{ OPT_SEQUENCE, "sequence", "N", OPT_ARG_TEXT, NULL, 0,
	    N_("bundle: the sequence number (default: the output's + 1)"),
	    N_("Must be greater than the sequence of the bundle already at "
	    "FILE: verifiers refuse a rollback.") },
	{ 'o', "output", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bundle: the bundle file to write (replaced atomically)"),
	    NULL },
	{ OPT_JSON, "json", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("show: one JSON object instead of text"), NULL },
	{ OPT_ROOT, "root", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("check, install: the bundle's signer must chain to this root"),
	    N_("The root certificate (PEM or DER) you got from its publisher "
	    "by a way you trust: a bundle is only as trusted as its "
	    "roots.") },
	{ OPT_AGAINST, "against", "OLD", OPT_ARG_FILE, NULL, 0,
	    N_("check: accept only an update of the bundle OLD"),
	    N_("The signer must chain to a root of OLD, and the sequence must "
	    "be greater than OLD's.") },
	{ OPT_TO, "to", "PATH", OPT_ARG_FILE, NULL, 0,
	    N_("install: where to install (default: the user's data "
	    "folder)"),
	    N_("Default $XDG_DATA_HOME/segel/trust.bundle (~/.local/share/"
	    "segel/trust.bundle), where segel-verify looks first; "
	    "/etc/segel/trust.bundle for every user of the machine.") },
	{ 'q', "quiet", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("no notices, only errors"), NULL },
	OPT_HELP_VERSION
};
static const struct opt_table table = {
	options, sizeof options / sizeof options[0],
	"bundle|show|check|install [FILE]", OPT_ARG_FILE
};

static void
help(void)
{
	printf(_("usage: %s\n\n"), synopsis);
	fputs(_(
"Make, show and check the trust bundle: one signed file with everything a\n"
"verifier needs (root and issuer certificates, the newest CRLs, every\n"
"office's status list, and the document types and tables the seals are\n"
"read with), so segel-verify needs nothing else (formats/trust.md).\n"
"\n"
"  bundle  assemble the bundle from a trust directory and formats/, sign\n"
"          it with the bundle key, and write it to -o FILE.  Untrusted or\n"
"          broken material is refused or left out, never bundled.\n"
"  show    what a bundle holds: sequence, age, signer, roots with their\n"
"          SHA-256 fingerprints, offices, CRLs, status lists, types.\n"
"  check   verify a bundle: its signature, its signer (a bundle signer\n"
"          certified by a root of the bundle, valid, not revoked); with\n"
"          --root, that root; with --against, an update of OLD.\n"
"  install put a bundle where segel-verify finds it, replacing the one\n"
"          there only by an update of it (as check --against); the\n"
"          first one only with --root.\n"
"\n"), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"A bundle is only as trusted as its roots: compare the fingerprints that\n"
"show prints with the ones the root's publisher gives, or check with\n"
"--root, and take updates with --against the bundle you have.\n"
"\n"
"Exit status: 0 good, 1 the bundle is bad or not an update (check,\n"
"install), 2 misuse or a system error.\n"
"\n"
"Examples:\n"
"  segel-trust bundle -t /etc/segel/trust -k bundle.key.pem \\\n"
"      -c bundle.pem -o trust.bundle\n"
"  segel-trust show trust.bundle\n"
"  segel-trust check --root root.pem --against old.bundle trust.bundle\n"
"  segel-trust install --root root.pem trust.bundle    (the first time)\n"
"  segel-trust install trust.bundle                    (each update)\n"),
	    stdout);
}

static int quiet;

static void
notice(void *ctx, const sg_err *e)
{
	(void)ctx;
	if (!quiet)
		cli_diag_err(e);
}

/* When now is: $SEGEL_TODAY at 00:00 UTC (tests), else the clock. */
static time_t
now_utc(void)
{
	sg_date d;
	const char *env = getenv("SEGEL_TODAY");

	if (env != NULL && date_parse_iso(env, &d) == 0)
		return (time_t)date_to_days(d) * 86400;
	return time(NULL);
}

static int
cmd_bundle(struct bundle_make *m)
{
	bundle *b;
	sg_err err;
	size_t i, n[5] = { 0 };
	char next[32];

	if (m->trust_dir == NULL || m->key_path == NULL ||
	    m->cert_path == NULL || m->out == NULL)
		return cli_usage_error(synopsis, "bundle needs -t DIR, -k KEY, "
		    "-c CERT and -o FILE");
	if (m->formats_dir == NULL)
		m->formats_dir = formats_dir();
	m->made = now_utc();
	if (bundle_write(m, notice, NULL, &err) != 0) {
		cli_diag_err(&err);
		return EXIT_TROUBLE;
	}
	if ((b = bundle_load(m->out, &err)) == NULL) {
		cli_diag_err(&err);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < bundle_count(b); i++)
		n[bundle_at(b, i)->kind]++;
	bundle_stamp(bundle_next(b), next);
	if (!quiet)
		fprintf(stderr, _("%s: %s: sequence %lu: %zu roots, %zu "
		    "certificates, %zu CRLs, %zu status lists, %zu formats "
		    "files; the next is due %s\n"), cli_prog,
		    cli_show(m->out), bundle_sequence(b), n[BUNDLE_ROOT],
		    n[BUNDLE_CERT], n[BUNDLE_CRL], n[BUNDLE_STATUS],
		    n[BUNDLE_FILE], next);
	bundle_free(b);
	return EXIT_ALL_GOOD;
}

static const char *
jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "?";
}

static long long
jint(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* "2045-01-01T00:00:00Z" -> "2045-01-01" */
static const char *
jday(const json_t *o, const char *k)
{
	static char buf[4][11];
	static int n;
	const char *s = jstr(o, k);

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof buf[n], "%.10s", s);
	return buf[n];
}

static void
show_text(const json_t *d)
{
	const json_t *a, *e, *r, *v;
	size_t i, k;
	long long age = jint(d, "age_days");

	printf(_("bundle %s\n"), cli_show(jstr(d, "file")));
	printf(_("  format version %lld, sequence %lld\n"),
	    jint(d, "version"), jint(d, "sequence"));
	printf(_("  made %s (%lld days ago)\n"), jstr(d, "made"), age);
	if (json_is_true(json_object_get(d, "overdue")))
		printf(_("  next due %s: OVERDUE, get a newer bundle\n"),
		    jstr(d, "next"));
	else
		printf(_("  next due %s\n"), jstr(d, "next"));
	if ((e = json_object_get(d, "signer")) != NULL)
		printf(_("  signed by \"%s\" (valid %s to %s)\n"),
		    cli_show(jstr(e, "name")), jday(e, "not_before"),
		    jday(e, "not_after"));
	a = json_object_get(d, "roots");
	printf(_("roots (%zu): compare each fingerprint with the one its "
	    "publisher gives\n"), json_array_size(a));
	json_array_foreach(a, i, e)
		printf("  %s\n    SHA-256 %s\n", cli_show(jstr(e, "name")),
		    jstr(e, "sha256"));
	a = json_object_get(d, "offices");
	printf(_("offices (%zu certificates)\n"), json_array_size(a));
	json_array_foreach(a, i, e) {
		printf("  %s\n   ", cli_show(jstr(e, "name")));
		json_array_foreach(json_object_get(e, "regions"), k, v)
			printf("%s%s", k ? ", " : _(" regions "),
			    json_string_value(v));
		printf(_("; key id %s; valid %s to %s"), jstr(e, "kid"),
		    jday(e, "not_before"), jday(e, "not_after"));
		r = json_object_get(e, "revoked");
		if (json_is_object(r))
			printf(_("; REVOKED %s (%s)"), jstr(r, "date"),
			    jstr(r, "reason"));
		putchar('\n');
	}
	a = json_object_get(d, "crls");
	printf(_("CRLs (%zu)\n"), json_array_size(a));
	json_array_foreach(a, i, e)
		printf(_("  %s: number %lld, issued %s, next %s, %lld "
		    "revoked\n"), cli_show(jstr(e, "issuer")),
		    jint(e, "number"), jday(e, "this_update"),
		    jday(e, "next_update"), jint(e, "revoked"));
	a = json_object_get(d, "status_lists");
	printf(_("status lists (%zu)\n"), json_array_size(a));
	json_array_foreach(a, i, e)
		printf(_("  %s: office %s, dated %s (%lld days ago), %lld "
		    "revoked, %lld superseded\n"), cli_show(jstr(e, "file")),
		    jstr(e, "office"), jstr(e, "date"), jint(e, "age_days"),
		    jint(e, "revoked"), jint(e, "superseded"));
	a = json_object_get(d, "types");
	printf(_("document types (%zu):"), json_array_size(a));
	json_array_foreach(a, i, e)
		printf(" %s", cli_show(json_string_value(e)));
	putchar('\n');
	printf(_("formats files: %zu\n"),
	    json_array_size(json_object_get(d, "files")));
}

static int
cmd_show(const char *path, int json)
{
	bundle *b;
	json_t *d;
	sg_err err;
	char *s;

	if ((b = bundle_load(path, &err)) == NULL) {
		cli_diag_err(&err);
		return EXIT_TROUBLE;
	}
	if ((d = bundle_describe(b, now_utc(), &err)) == NULL) {
		cli_diag_err(&err);
		bundle_free(b);
		return EXIT_TROUBLE;
	}
	if (json) {
		s = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (s != NULL)
			printf("%s\n", s);
		free(s);
	} else
		show_text(d);
	json_decref(d);
	bundle_free(b);
	return EXIT_ALL_GOOD;
}

static int
cmd_check(const char *path, const char *root, const char *against)
{
	bundle *b = NULL, *old = NULL;
	sg_err err;
	int status = EXIT_NEGATIVE;

	if (!bundle_sniff(path) && access(path, R_OK) != 0) {
		cli_diag(path, "cannot read: %s", strerror(errno));
		return EXIT_TROUBLE;
	}
	if ((b = bundle_load(path, &err)) == NULL) {
		cli_diag_err(&err);
		status = strcmp(err.code, "E-SYSTEM") == 0 ? EXIT_TROUBLE :
		    EXIT_NEGATIVE;
		goto out;
	}
	if (root != NULL && bundle_check_root(b, root, &err) != 0) {
		cli_diag_err(&err);
		status = strcmp(err.code, "E-BUNDLE-ROOT") == 0 ?
		    EXIT_NEGATIVE : EXIT_TROUBLE;
		goto out;
	}
	if (against != NULL) {
		if ((old = bundle_load(against, &err)) == NULL) {
			cli_diag_err(&err);
			status = EXIT_TROUBLE;
			goto out;
		}
		if (bundle_check_update(old, b, &err) != 0) {
			cli_diag_err(&err);
			goto out;
		}
	}
	if (!quiet)
		fprintf(stderr, _("%s: %s: good (sequence %lu)\n"), cli_prog,
		    cli_show(path), bundle_sequence(b));
	status = EXIT_ALL_GOOD;
out:
	bundle_free(b);
	bundle_free(old);
	return status;
}

static int
cmd_install(const char *path, const char *root, const char *to)
{
	char dest[PATH_MAX];
	unsigned long old_seq = 0;
	sg_err err;
	int r;

	r = trust_source_install(path, root, to, dest, &old_seq, &err);
	if (r < 0) {
		cli_diag_err(&err);
		if (strcmp(err.code, "E-BUNDLE-INSTALL") == 0 && root == NULL)
			fprintf(stderr, _("%s: compare the root fingerprints of "
			    "\"segel-trust show %s\" with its publisher's, then "
			    "install with --root ROOT.pem\n"), cli_prog,
			    cli_show(path));
		return strcmp(err.code, "E-SYSTEM") == 0 ||
		    strcmp(err.code, "E-BUNDLE-INSTALL") == 0 ? EXIT_TROUBLE :
		    EXIT_NEGATIVE;
	}
	if (!quiet) {
		if (r == 1)
			fprintf(stderr, _("%s: %s: already installed\n"),
			    cli_prog, cli_show(dest));
		else if (old_seq > 0)
			fprintf(stderr, _("%s: %s: sequence %lu replaced by "
			    "the update\n"), cli_prog, cli_show(dest), old_seq);
		else
			fprintf(stderr, _("%s: %s: installed\n"), cli_prog,
			    cli_show(dest));
	}
	return EXIT_ALL_GOOD;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	struct bundle_make m;
	const char *cmd, *root = NULL, *against = NULL, *to = NULL;
	int c, json = 0, status = EXIT_TROUBLE;
	char *end;
	long l;
	unsigned long long ul;

	cli_init(argv[0]);
	argv[0] = (char *)cli_prog;
	memset(&m, 0, sizeof m);
	m.next_days = 7;
	opt_parser_init(&op, &table, argc, argv);
	while ((c = opt_next(&op, argc, argv, NULL)) != -1) {
		switch (c) {
		case 't':
			m.trust_dir = optarg;
			break;
		case 'f':
			m.formats_dir = optarg;
			break;
		case 'k':
			m.key_path = optarg;
			break;
		case 'c':
			m.cert_path = optarg;
			break;
		case OPT_PASSFILE:
			m.pass_file = optarg;
			break;
		case OPT_NEXT:
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || l < 1 || l > 3660)
				return cli_usage_error(synopsis, "--next: \"%s\" "
				    "is not a number of days from 1 to 3660",
				    optarg);
			m.next_days = l;
			break;
		case OPT_SEQUENCE:
			errno = 0;
			ul = strtoull(optarg, &end, 10);
			if (errno || *end || end == optarg || *optarg == '-' ||
			    ul < 1 || ul > 999999999999999ull)
				return cli_usage_error(synopsis, "--sequence: "
				    "\"%s\" is not a whole number from 1",
				    optarg);
			m.sequence = (unsigned long)ul;
			break;
		case 'o':
			m.out = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_ROOT:
			root = optarg;
			break;
		case OPT_AGAINST:
			against = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case 'q':
			quiet = 1;
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
	if (optind >= argc)
		return cli_usage_error(synopsis, "no command (bundle, show, "
		    "check or install)");
	cmd = argv[optind++];
	if (strcmp(cmd, "bundle") == 0) {
		if (optind < argc)
			return cli_usage_error(synopsis, "bundle takes no "
			    "operands (the output is -o FILE)");
		status = cmd_bundle(&m);
	} else if (strcmp(cmd, "install") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(synopsis, "install takes one "
			    "bundle file");
		if (against != NULL)
			return cli_usage_error(synopsis, "install checks against "
			    "the bundle installed: no --against");
		status = cmd_install(argv[optind], root, to);
	} else if (strcmp(cmd, "show") == 0 || strcmp(cmd, "check") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(synopsis, "%s takes one bundle "
			    "file", cmd);
		if (strcmp(cmd, "show") == 0)
			status = cmd_show(argv[optind], json);
		else
			status = cmd_check(argv[optind], root, against);
	} else {
		return cli_usage_error(synopsis, "unknown command \"%s\" (want "
		    "bundle, show, check or install)", cmd);
	}
	if (cli_close_stdout() != 0)
		status = EXIT_TROUBLE;
	return status;
}
