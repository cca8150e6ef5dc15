/*
 * segel-verify - is this document real?  Seal text, scans, photos, PDFs;
 * offline, field by field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "cli.h"
#include "i18n.h"
#include "codetab.h"
#include "doctype.h"
#include "file.h"
#include "opt.h"
#include "pdfin.h"
#include "pool.h"
#include "record.h"
#include "region.h"
#include "scan.h"
#include "text.h"
#include "trustsrc.h"
#include "verdict_text.h"
#include "verify.h"

#define MAX_JOBS 64
#define STDIN_MAX (256u << 20)
/* The ladder's budget is SCAN_CPU seconds of CPU time (scan.h); the child
 * that reads a file is killed at SCAN_CPU_KILL, whatever it is doing. */
#define SCAN_CPU 10
#define SCAN_CPU_KILL 13

static const char synopsis[] =
    "segel-verify [-qv] [--json] [--decode-only] [-j N] [-t BUNDLE|DIR] "
    "[--max-age DAYS] [SEAL | FILE | DIR | -]...";

enum { OPT_JSON = OPT_LONG, OPT_DECODE, OPT_PROGRESS, OPT_NOPROGRESS,
    OPT_MAXAGE };

static const struct opt options[] = {
	{ 't', "trust", "BUNDLE|DIR", OPT_ARG_FILE, NULL, 0,
	    N_("the trust material: a trust bundle (segel-trust), or a trust "
	    "directory of root and issuer certificates, CRLs and status lists "
	    "(*.status); default: the first of the places below"),
	    N_("Without it: $SEGEL_TRUST; then trust.bundle or trust in "
	    "$XDG_DATA_HOME/segel (~/.local/share/segel), /etc/segel and the "
	    "installed share/segel folder.") },
	{ OPT_MAXAGE, "max-age", "DAYS", OPT_ARG_TEXT, NULL, 0,
	    N_("exit 2 when a verdict's revocation news is older than DAYS "
	    "days or missing (for automated checks); the verdicts are still "
	    "printed"),
	    N_("From 0 to 3650.") },
	{ OPT_JSON, "json", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("one JSON object per seal found, with its source file and "
	    "page"), NULL },
	{ OPT_DECODE, "decode-only", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("print the barcode texts found, one a line, without verifying "
	    "(for looking into a print); with --json, one object per code"),
	    N_("No trust directory is needed.") },
	{ 'j', "jobs", "N", OPT_ARG_WORDS, "1 2 4", 0,
	    N_("work on N files at once (default 1); output keeps the order "
	    "of the inputs"),
	    N_("From 1 to 64.") },
	{ OPT_PROGRESS, "progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("a progress line on standard error even when it is not a "
	    "terminal"),
	    N_("By default the line is shown only on a terminal, and only "
	    "for more than 20 inputs.") },
	{ OPT_NOPROGRESS, "no-progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("never a progress line"), NULL },
	{ 'q', "quiet", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("print only the verdict lines"), NULL },
	{ 'v', "verbose", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("say on standard error which trust material is used"), NULL },
	OPT_HELP_VERSION
};
static const struct opt_table table = {
	options, sizeof options / sizeof options[0], "SEAL|FILE|DIR|-",
	OPT_ARG_FILE
};

static void
help(void)
{
	printf(_("usage: %s\n\n"), synopsis);
	fputs(_(
"Check segel seals with no network: the seal is the QR code printed on a\n"
"document, carrying its data and a signature over it.  segel-verify finds\n"
"every seal in what it is given, checks the signature, the issuing office's\n"
"certificate (chained to a trusted root, valid on the issue date, not\n"
"revoked, allowed to issue for the document's region) and the office's\n"
"status list (documents revoked or replaced), and says for each document,\n"
"in the reader's language: VALID, NOT VALID (why, and what to do), or\n"
"COULD NOT BE READ (how to scan again); then up to when revocations were\n"
"checked, and every signed field with its label as the paper prints it\n"
"(dates in words, names for codes and regions), to compare with the\n"
"paper: a genuine QR code can be stuck onto a false page.  A file is one\n"
"document however often it carries its seal; with --json, one object per\n"
"document, its keys in English whatever the language (formats/verdict.md).\n"
"\n"
), stdout);
	fputs(_(
"What it reads:\n"
"  SG1:...        seal text, as a phone scanner app shows it\n"
"  FILE           an image (PNG, JPEG, TIFF with every page, PNM: scans and\n"
"                 phone photos), a PDF (born-digital from segel-render: its\n"
"                 pages must show what its seal says, compared with the\n"
"                 pages drawn again from the seal, and the seal in its\n"
"                 metadata must match the QR; or scanned: every page), or\n"
"                 a text of seals, one a line (a file starting SG1:)\n"
"  DIR            the images, PDFs and .txt files in it and in its\n"
"                 sub-folders, in name order\n"
"  -              standard input: an image, a PDF or seal lines\n"
"With no argument, standard input.\n"
"\n"
), stdout);
	fputs(_(
"The trust material (-t) is a trust bundle or a trust directory.  Without\n"
"-t, segel-verify uses $SEGEL_TRUST, else the first that exists of\n"
"trust.bundle and trust in the user's data folder ($XDG_DATA_HOME/segel,\n"
"by default ~/.local/share/segel), in /etc/segel and in the installed\n"
"share/segel folder.  A bundle also carries the formats seals are read\n"
"with, so the program and a bundle are all a verifier needs.\n"
"\n"
"Each verdict says up to which date revocation was checked: the date of\n"
"the office's newest status list.  A list more than 7 days old, or none,\n"
"is stale: the verdict stands, with a notice (--max-age makes it an\n"
"error).\n"
"\n"
), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"Reasons: R-MALFORMED, R-BAD-SIGNATURE, R-UNKNOWN-KEY, R-UNTRUSTED-CHAIN,\n"
"R-CERT-NOT-VALID, R-CERT-REVOKED, R-REGION, R-REVOKED, R-SUPERSEDED,\n"
"R-FUTURE-DATE, R-TAMPERED (formats/seal.md says what each means).\n"
"\n"
"Every file has bounds (size, pixels, pages, 10 seconds of CPU time; a\n"
"file still being read after 13 is stopped): a hostile file is an\n"
"unreadable file, never a crash or a hang.  Text from a file (a QR code\n"
"that is no seal, a file name) is shown with control characters escaped.\n"
"\n"
"Exit status: 0 every input verified, 1 some seal is invalid, 2 some input\n"
"was unreadable, revocation news older than --max-age, misuse, or a system\n"
"error.\n"
"\n"
"Examples:\n"
"  segel-verify scan.png\n"
"  segel-verify -t segel-trust.bundle -j 2 --json kiriman-whatsapp/\n"),
	    stdout);
}

struct opts {
	int json, quiet, colour, decode_only, progress;
	verifier *v;
	vtext *vt;               /* the verdict for a person */
	region_table *regions;   /* its region names; NULL: codes alone */
	scan_opts so;
};

struct counts {
	unsigned long valid, invalid, unreadable;
	unsigned long too_old;  /* revocation news older than --max-age */
};

/*
 * What the trust material says beside each verdict, set once in main
 * before any job: --max-age (-1: none) and the bundle's sequence number.
 */
static struct {
	long max_age;
	int bundled;
	unsigned long seq;
} trust_info = { -1, 0, 0 };

/* ---- printing ---------------------------------------------------------- */

/*
 * Outside text for JSON: jansson escapes control characters but refuses
 * text that is not UTF-8 (a file name in Latin-1, a binary QR code), and
 * the member would be lost; such text is given escaped (text.h).
 */
static json_t *
jtext(const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	char *e;

	if (j == NULL && (e = text_escape_dup(s, len)) != NULL) {
		j = json_string(e);
		free(e);
	}
	return j;
}

static json_t *
jstr(const char *s)
{
	return jtext(s ? s : "", s ? strlen(s) : 0);
}

/* The lines verdict_text.h made: the verdict word (VALID green, NOT
 * VALID red on a terminal), the rest. */
static void
print_lines(FILE *out, const vtext_lines *l, const struct opts *o)
{
	int colour = o->colour && l->kind != VTEXT_UNREADABLE;

	fprintf(out, "%s%s%s%s\n%s", colour ? l->kind == VTEXT_VALID ?
	    "\033[1;32m" : "\033[1;31m" : "", l->word, colour ? "\033[0m" :
	    "", l->head, l->more);
}

static int
print_person(FILE *out, const verdict *d, const char *source,
    const struct opts *o)
{
	vtext_lines l;

	if (vtext_verdict(o->vt, d, source, o->quiet, &l) != 0)
		return -1;
	print_lines(out, &l, o);
	vtext_lines_clear(&l);
	return 0;
}

/* Every sealed field's label, by name (the members' too): what the
 * paper calls it. */
static json_t *
labels_of(const verdict *d)
{
	const doctype_field *f;
	json_t *o = json_object();
	int ver = d->h.type_version, member;
	size_t i;

	for (member = 0; member < 2; member++)
		for (i = 0; i < doctype_seal_count_v(d->type, ver, member);
		    i++) {
			f = doctype_seal_at_v(d->type, ver, member, i);
			json_object_set_new(o, f->name, jstr(f->label));
		}
	if (doctype_seal_members_v(d->type, ver))
		json_object_set_new(o, doctype_members_name(d->type),
		    jstr(doctype_members_label(d->type) ?
		    doctype_members_label(d->type) :
		    doctype_members_name(d->type)));
	return o;
}

/*
 * A verdict's revocation news and trust source, for --json
 * (formats/status.md, "How fresh"): "revocation_asof" (a date, or null
 * when there is no list or the signature did not verify),
 * "revocation_age" (days, or null), "revocation_stale", and
 * "bundle_sequence" when the trust material is a bundle.
 */
static void
json_trust_info(json_t *o, const verdict *d)
{
	char iso[11];
	int known = d->revocation_asof.y != 0;

	if (known)
		date_format_iso(d->revocation_asof, iso);
	json_object_set_new(o, "revocation_asof", known ? json_string(iso) :
	    json_null());
	json_object_set_new(o, "revocation_age", known && d->revocation_age >=
	    0 ? json_integer(d->revocation_age) : json_null());
	json_object_set_new(o, "revocation_stale",
	    json_boolean(d->revocation_stale));
	if (trust_info.bundled)
		json_object_set_new(o, "bundle_sequence",
		    json_integer((json_int_t)trust_info.seq));
}

static void
print_json(FILE *out, const verdict *d, const char *source, int page)
{
	json_t *o;
	char iso[11];

	o = json_pack("{s:o}", "source", jstr(source));
	if (page > 0)
		json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "verdict", json_string(verdict_valid(d) ?
	    "VALID" : "INVALID"));
	json_object_set_new(o, "reason", json_string(d->code));
	json_object_set_new(o, "message", jstr(d->message));
	if (d->have_header) {
		date_format_iso(d->h.issued, iso);
		json_object_set_new(o, "number", jstr(d->h.number));
		json_object_set_new(o, "issued", json_string(iso));
		json_object_set_new(o, "issuer", jstr(d->h.issuer));
	}
	if (d->issuer_name[0])
		json_object_set_new(o, "issuer_name", jstr(d->issuer_name));
	if (d->superseded_by[0])
		json_object_set_new(o, "superseded_by",
		    jstr(d->superseded_by));
	if (d->status_date[0])
		json_object_set_new(o, "status_date", jstr(d->status_date));
	if (d->pdf_signature[0])
		json_object_set_new(o, "pdf_signature",
		    json_string(d->pdf_signature));
	if (d->fields != NULL) {
		json_object_set_new(o, "type", json_string(doctype_id(d->type)));
		json_object_set_new(o, "title", jstr(doctype_title(d->type)));
		json_object_set(o, "fields", d->fields);
		json_object_set_new(o, "labels", labels_of(d));
	}
	json_trust_info(o, d);
	rec_write(out, o);
	json_decref(o);
}

/* A file nothing could be read from: code the reason, en its sentence
 * in English (the JSON's), local in the reader's language. */
static void
print_unreadable(FILE *out, const char *source, const char *code,
    const char *en, const char *local, const struct opts *o)
{
	vtext_lines l;
	json_t *j;

	if (o->json) {
		j = json_pack("{s:o, s:s, s:s, s:o}", "source", jstr(source),
		    "verdict", "UNREADABLE", "reason", code, "message",
		    jstr(en));
		rec_write(out, j);
		json_decref(j);
	} else if (vtext_unreadable(source, code, local, o->quiet, &l) == 0) {
		print_lines(out, &l, o);
		vtext_lines_clear(&l);
	} else
		fprintf(out, "%s %s: %s\n", _("COULD NOT BE READ"),
		    cli_show(source), cli_show(local));
}

static void
tally(struct counts *c, const verdict *d)
{
	if (verdict_valid(d))
		c->valid++;
	else
		c->invalid++;
	/* --max-age: news older than it, or none, for a seal whose office
	 * is known (its signature verified) */
	if (trust_info.max_age >= 0 && d->issuer_name[0] != '\0' &&
	    (d->revocation_age < 0 || d->revocation_age > trust_info.max_age))
		c->too_old++;
}

/* ---- one input --------------------------------------------------------- */

static int
check_text(FILE *out, const struct opts *o, struct counts *c,
    const char *text, size_t len, const char *source)
{
	verdict d;

	if (o->decode_only) {
		fprintf(out, "%s\n", cli_shown(text, len));
		return 0;
	}
	if (verifier_check(o->v, text, len, &d) != 0)
		return -1;
	tally(c, &d);
	if (o->json)
		print_json(out, &d, source, 0);
	else if (print_person(out, &d, source, o) != 0) {
		verdict_clear(&d);
		return -1;
	}
	verdict_clear(&d);
	return 0;
}

/* A text of seals, one a line; blank lines skipped. */
static int
check_lines(FILE *out, const struct opts *o, struct counts *c,
    const char *buf, size_t len, const char *name)
{
	char where[600];
	unsigned long lineno = 0;
	const char *p = buf, *end = buf + len, *nl;
	size_t n;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n > 0) {
			snprintf(where, sizeof where, "%s:%lu", name, lineno);
			if (check_text(out, o, c, p, n, where) != 0)
				return -1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static void
print_decoded(FILE *out, const struct opts *o, const scan_found *f,
    const char *name)
{
	size_t i;
	json_t *j;

	for (i = 0; i < f->n; i++) {
		const scan_code *sc = &f->codes[i];

		if (!o->json) {
			fprintf(out, "%s\n", cli_shown(sc->text, sc->len));
			continue;
		}
		j = json_pack("{s:o, s:i, s:s, s:o}", "source", jstr(name),
		    "page", sc->page, "from", sc->source == SCAN_META ?
		    "metadata" : "qr", "text", jtext(sc->text, sc->len));
		rec_write(out, j);
		json_decref(j);
	}
}

/* What a scan found, judged; 0, or -1 on a system error. */
static int
judge_found(FILE *out, const struct opts *o, struct counts *c,
    const scan_found *f, const unsigned char *buf, size_t len,
    const char *name)
{
	verify_item *it;
	char where[600];
	size_t n, i;

	if (o->decode_only) {
		print_decoded(out, o, f, name);
		if (f->n == 0) {
			c->unreadable++;
			print_unreadable(out, name, "E-SCAN-NO-CODE",
			    "no QR code found", _("no QR code found"), o);
		}
		return 0;
	}
	if (verifier_check_pdf(o->v, f, buf, len, &it, &n) != 0)
		return -1;
	if (n == 0) {
		c->unreadable++;
		if (f->timed_out)
			print_unreadable(out, name, "E-SCAN-NO-CODE",
			    "no QR code found in the time allowed",
			    _("no QR code found in the time allowed"), o);
		else
			print_unreadable(out, name, "E-SCAN-NO-CODE",
			    "no QR code found", _("no QR code found"), o);
	}
	for (i = 0; i < n; i++) {
		tally(c, &it[i].d);
		if (o->json)
			print_json(out, &it[i].d, name, it[i].page);
		else {
			if (it[i].page > 0 && f->pages > 1)
				snprintf(where, sizeof where, _("%s, page %d"),
				    name, it[i].page);
			else
				snprintf(where, sizeof where, "%s", name);
			if (print_person(out, &it[i].d, where, o) != 0) {
				verify_items_free(it, n);
				return -1;
			}
		}
	}
	verify_items_free(it, n);
	return 0;
}

static int
looks_like_text(const unsigned char *b, size_t n)
{
	return n >= 4 && memcmp(b, "SG1:", 4) == 0;
}

/* The scan and its verdicts, printed into out. */
static int
scan_judge(FILE *out, const struct opts *o, struct counts *c,
    const unsigned char *buf, size_t n, const char *name)
{
	scan_found f = SCAN_FOUND_INIT;
	sg_err e;
	int rc;

	if (scan_buffer(buf, n, name, &o->so, &f, &e) != 0) {
		c->unreadable++;
		print_unreadable(out, name, e.code, e.message, e.text, o);
		scan_found_clear(&f);
		return 0;
	}
	rc = judge_found(out, o, c, &f, buf, n, name);
	scan_found_clear(&f);
	return rc;
}

/* One file (or standard input): a scan, a PDF, or seal lines. */
static int
check_buffer(FILE *out, const struct opts *o, struct counts *c,
    const unsigned char *buf, size_t n, const char *name)
{
	if (looks_like_text(buf, n))
		return check_lines(out, o, c, (const char *)buf, n, name);
	return scan_judge(out, o, c, buf, n, name);
}

static int
check_file(FILE *out, const struct opts *o, struct counts *c,
    const char *path)
{
	unsigned char *buf = NULL;
	size_t n = 0;
	size_t max = o->so.max_bytes ? o->so.max_bytes : STDIN_MAX;
	sg_err e;
	int rc, why;

	rc = file_read_all(path, max, FILE_ANY_KIND | FILE_STDIN,
	    "E-SCAN-TOO-BIG", (char **)&buf, &n, &e);
	why = errno;
	if (rc == FILE_ENOMEM)
		return -1;
	if (rc != 0) {
		c->unreadable++;
		if (rc == FILE_ETOOBIG)
			print_unreadable(out, path, "E-SCAN-TOO-BIG",
			    "the file is too big", _("the file is too big"), o);
		else
			print_unreadable(out, path, "E-SCAN-READ",
			    sg_err_reason(why), strerror(why), o);
		return 0;
	}
	rc = check_buffer(out, o, c, buf, n, strcmp(path, "-") == 0 ?
	    "<stdin>" : path);
	free(buf);
	return rc;
}

/* ---- the list of inputs ------------------------------------------------ */

struct input {
	char *arg;     /* a path, "-", or seal text */
	int is_text;
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

static int
add_input(struct inputs *in, const char *arg, int is_text)
{
	if (in->n == in->cap) {
		size_t ncap = in->cap ? in->cap * 2 : 16;
		struct input *nv = realloc(in->v, ncap * sizeof *nv);

		if (nv == NULL)
			return -1;
		in->v = nv;
		in->cap = ncap;
	}
	if ((in->v[in->n].arg = strdup(arg)) == NULL)
		return -1;
	in->v[in->n++].is_text = is_text;
	return 0;
}

/* In a folder, the files that can hold a seal, by name: a verifier's
 * download folder holds much else. */
static int
wanted(const char *name)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".tif",
	    ".tiff", ".pnm", ".pgm", ".ppm", ".pbm", ".pdf", ".txt", NULL };
	const char *dot = strrchr(name, '.');
	int i;

	for (i = 0; dot != NULL && ext[i] != NULL; i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return 1;
	return 0;
}

static int
pdf_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && strcasecmp(dot, ".pdf") == 0;
}

/* A folder's files, in name order, recursively (file_walk). */
static int
add_walked(void *ctx, const char *path, const char *name,
    const sg_err *problem)
{
	struct inputs *in = ctx;

	if (problem != NULL) {
		cli_diag(path, "%s", problem->text);
		return add_input(in, path, 0); /* reported as unreadable */
	}
	return wanted(name) ? add_input(in, path, 0) : 0;
}

/*
 * What the verdict for a person needs: the types' layouts and, for the
 * fields, the region names.  Without the region list (a verifier with a
 * bundle alone) codes are shown without their names.
 */
static int
person_setup(struct opts *o, const doctype_set *types,
    const codetab_set *codes, sg_err *err)
{
	sg_err e;

	if (o->json || o->decode_only)
		return 0;
	if (!o->quiet)
		o->regions = region_table_load(formats_dir(), &e);
	return (o->vt = vtext_new(types, codes, o->regions, err)) != NULL ?
	    0 : -1;
}

static int
run_one(FILE *out, const struct opts *o, struct counts *c,
    const struct input *in, size_t idx)
{
	char where[32];

	if (in->is_text) {
		snprintf(where, sizeof where, "argument %zu", idx + 1);
		return check_text(out, o, c, in->arg, strlen(in->arg), where);
	}
	return check_file(out, o, c, in->arg);
}

static void
progress(const struct opts *o, size_t done, size_t total, time_t t0,
    int last)
{
	double el = difftime(time(NULL), t0), rate = el > 0 ? done / el : 0;
	long left = rate > 0 ? (long)((total - done) / rate) : 0;

	if (!o->progress)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %zu/%zu inputs, %.1f/s, %ld:%02ld left "),
	    cli_prog, done, total, rate, left / 60, left % 60);
	if (last)
		fputc('\n', stderr);
}

/*
 * Every input is a job for the library's pool (pool.h), run in a child
 * of its own: decoders (poppler above all: nested form XObjects) can run
 * for minutes inside one call, where no budget check is reached, so the
 * child's CPU time is limited (RLIMIT_CPU) and it is killed at
 * SCAN_CPU_KILL seconds, whatever it is doing.  CPU time, not wall time:
 * a verdict must not depend on the machine's load.  With -j N, N workers
 * take the inputs as they come free; the output keeps the input order.
 * A job's result: "valid invalid unreadable\n" and what it printed.
 */
struct run {
	const struct opts *o;
	const struct inputs *in;
	struct counts *c;
	size_t next, cur, done;
	time_t t0;
};

static int
verify_job(void *arg, const unsigned char *job, size_t len,
    unsigned char **out, size_t *outlen)
{
	const struct run *ru = arg;
	struct counts c = { 0 };
	char *text = NULL, head[80];
	size_t tlen = 0, idx;
	FILE *mem;
	int hn, rc = -1;

	if (len != sizeof idx)
		return -1;
	memcpy(&idx, job, sizeof idx);
	if (idx >= ru->in->n || (mem = open_memstream(&text, &tlen)) == NULL)
		return -1;
	if (run_one(mem, ru->o, &c, &ru->in->v[idx], idx) != 0) {
		fclose(mem);
		goto out;
	}
	if (fclose(mem) != 0)
		goto out;
	hn = snprintf(head, sizeof head, "%lu %lu %lu %lu\n", c.valid,
	    c.invalid, c.unreadable, c.too_old);
	if ((*out = malloc((size_t)hn + tlen)) == NULL)
		goto out;
	memcpy(*out, head, (size_t)hn);
	memcpy(*out + hn, text, tlen);
	*outlen = (size_t)hn + tlen;
	rc = 0;
out:
	free(text);
	return rc;
}

static int
verify_next(void *ctx, const unsigned char **job, size_t *len)
{
	struct run *ru = ctx;

	if (ru->next == ru->in->n)
		return 0;
	ru->cur = ru->next++;
	*job = (const unsigned char *)&ru->cur;
	*len = sizeof ru->cur;
	return 1;
}

static int
verify_done(void *ctx, const pool_result *pr)
{
	struct run *ru = ctx;
	const struct input *in = &ru->in->v[pr->seq];
	const char *d = (const char *)pr->data, *nl = NULL;
	unsigned long v, i, u, old;
	char head[80];
	sg_err e;

	/* the counts line, copied: the result is not NUL-terminated */
	if (pr->status == POOL_OK && pr->len > 0 &&
	    (nl = memchr(d, '\n', pr->len)) != NULL &&
	    (size_t)(nl - d) < sizeof head)
		snprintf(head, sizeof head, "%.*s", (int)(nl - d), d);
	else
		head[0] = '\0';
	if (head[0] != '\0' &&
	    sscanf(head, "%lu %lu %lu %lu", &v, &i, &u, &old) == 4) {
		ru->c->valid += v;
		ru->c->invalid += i;
		ru->c->unreadable += u;
		ru->c->too_old += old;
		fwrite(nl + 1, 1, pr->len - (size_t)(nl + 1 - d), stdout);
	} else {
		if (pr->status == POOL_SIGNALLED && (pr->signal == SIGXCPU ||
		    pr->signal == SIGKILL))
			sg_err_set(&e, "E-SCAN-TIME", NULL, "gave up after %d "
			    "seconds of CPU time: the file takes too long to "
			    "read", SCAN_CPU_KILL);
		else if (pr->status == POOL_SIGNALLED)
			sg_err_set(&e, "E-SCAN-CRASH", NULL, "the file crashed "
			    "the reader (signal %d)", pr->signal);
		else
			sg_err_set(&e, "E-SYSTEM", NULL, "the reader failed "
			    "(out of memory?)");
		ru->c->unreadable++;
		print_unreadable(stdout, in->is_text || strcmp(in->arg, "-")
		    != 0 ? in->arg : "<stdin>", e.code, e.message, e.text,
		    ru->o);
	}
	ru->done++;
	if (ru->o->progress && (ru->done == ru->in->n || ru->done % 10 == 0))
		progress(ru->o, ru->done, ru->in->n, ru->t0,
		    ru->done == ru->in->n);
	return 0;
}

static int
run_jobs(const struct opts *o, const struct inputs *in, int jobs,
    struct counts *c)
{
	pool_opts po = { 0 };
	struct run ru = { 0 };
	sg_err e;
	int rc;

	po.workers = jobs > 1 ? jobs : 0;
	po.isolate = 1;
	po.cpu_seconds = SCAN_CPU_KILL;
	ru.o = o;
	ru.in = in;
	ru.c = c;
	ru.t0 = time(NULL);
	if ((rc = pool_run(&po, verify_job, &ru, verify_next, verify_done,
	    &ru, &e)) < 0)
		cli_diag_err(&e);
	return rc != 0 ? -1 : 0;
}

/* The trust material: -t, or the first default place (trustsrc.h). */
static trust_source *
open_trust(const char *given, int verbose)
{
	trust_source *src;
	const bundle *b;
	char made[11];
	sg_err err;

	if ((src = trust_source_open(given, &err)) == NULL) {
		cli_diag_err(&err);
		return NULL;
	}
	trust_source_on_signal(src);
	if (!verbose)
		return src;
	if ((b = trust_source_bundle(src)) != NULL) {
		date_format_iso(date_from_days((long)(bundle_made(b) / 86400)),
		    made);
		fprintf(stderr, _("%s: trust: %s (bundle %lu, made %s)\n"),
		    cli_prog, cli_show(trust_source_path(src)),
		    bundle_sequence(b), made);
	} else
		fprintf(stderr, _("%s: trust: %s (trust directory)\n"),
		    cli_prog, cli_show(trust_source_path(src)));
	return src;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	const char *trust = NULL;
	trust_source *src = NULL;
	struct opts o;
	struct counts c = { 0 };
	struct inputs in = { 0 };
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	int ch, i, jobs = 1, status = EXIT_TROUBLE, failed = 0, prog = -1;
	int verbose = 0;
	struct stat st;
	size_t k;
	char *end;
	long l;
	sg_err err;

	memset(&o, 0, sizeof o);
	o.so.seconds = SCAN_CPU;
	cli_init(argv[0]);
	scan_reuse_memory();
	argv[0] = (char *)cli_prog; /* getopt names the program by it */
	opt_parser_init(&op, &table, argc, argv);
	while ((ch = opt_next(&op, argc, argv, NULL)) != -1) {
		switch (ch) {
		case 't':
			trust = optarg;
			break;
		case OPT_JSON:
			o.json = 1;
			break;
		case OPT_DECODE:
			o.decode_only = 1;
			break;
		case 'j':
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno || *end || l < 1 || l > MAX_JOBS)
				return cli_usage_error(synopsis, "--jobs: \"%s\" "
				    "is not a number from 1 to %d", optarg,
				    MAX_JOBS);
			jobs = (int)l;
			break;
		case OPT_PROGRESS:
			prog = 1;
			break;
		case OPT_NOPROGRESS:
			prog = 0;
			break;
		case OPT_MAXAGE:
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || l < 0 || l > 3650)
				return cli_usage_error(synopsis, "--max-age: "
				    "\"%s\" is not a number of days from 0 to "
				    "3650", optarg);
			trust_info.max_age = l;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'v':
			verbose = 1;
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
	o.colour = !o.json && isatty(STDOUT_FILENO) &&
	    getenv("NO_COLOR") == NULL;
	if (optind == argc)
		failed = add_input(&in, "-", 0) != 0;
	for (i = optind; i < argc && !failed; i++) {
		if (strncmp(argv[i], "SG1:", 4) == 0)
			failed = add_input(&in, argv[i], 1) != 0;
		else if (strcmp(argv[i], "-") != 0 &&
		    stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			failed = file_walk(argv[i], 8, add_walked, &in, NULL) != 0;
		else
			failed = add_input(&in, argv[i], 0) != 0;
	}
	o.progress = prog >= 0 ? prog : isatty(STDERR_FILENO) && in.n > 20;
	if (failed) {
		cli_diag(NULL, "out of memory");
		goto out;
	}
	/* A bundle's formats are what the types are read with. */
	if (!o.decode_only && (src = open_trust(trust, verbose)) == NULL)
		goto out;
	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    (codes = codetab_set_load(formats_dir(), &err)) == NULL ||
	    (!o.decode_only &&
	    (o.v = verifier_new_source(src, types, codes, &err)) == NULL)) {
		cli_diag_err(&err);
		goto out;
	}
	trust_info.bundled = verifier_bundle(o.v, &trust_info.seq);
	if (person_setup(&o, types, codes, &err) != 0) {
		cli_diag_err(&err);
		goto out;
	}
	/* What the trust directory's loading noticed (W-…). */
	for (k = 0; o.v != NULL && k < verifier_notice_count(o.v); k++)
		cli_diag_err(verifier_notice(o.v, k));
	if ((size_t)jobs > in.n)
		jobs = (int)in.n;
	/* poppler is loaded on the first PDF (pdfin.h): here once, when
	 * the names say PDFs come, rather than in each child.  A failure
	 * shows in the child that needs it. */
	for (k = 0; k < in.n; k++)
		if (!in.v[k].is_text && pdf_name(in.v[k].arg)) {
			(void)pdfin_load(NULL);
			break;
		}
	failed = run_jobs(&o, &in, jobs, &c) != 0;
	if (failed)
		cli_diag(NULL, "stopped: out of memory or a job failed");
	if (!o.decode_only && (!o.json || c.valid + c.invalid +
	    c.unreadable > 1))
		fprintf(stderr, _("%s: %lu valid, %lu invalid, %lu unreadable\n"),
		    cli_prog, c.valid, c.invalid, c.unreadable);
	if (c.too_old > 0)
		fprintf(stderr, _("%s: %lu verdicts with revocation news older "
		    "than %ld days, or none (--max-age)\n"), cli_prog,
		    c.too_old, trust_info.max_age);
	if (cli_close_stdout() != 0)
		failed = 1;
	status = failed || c.unreadable || c.too_old ? EXIT_TROUBLE : c.invalid ?
	    EXIT_NEGATIVE : (c.valid || o.decode_only) ? EXIT_ALL_GOOD :
	    EXIT_TROUBLE;
out:
	for (k = 0; k < in.n; k++)
		free(in.v[k].arg);
	free(in.v);
	verifier_free(o.v);
	vtext_free(o.vt);
	region_table_free(o.regions);
	trust_source_free(src);
	doctype_set_free(types);
	codetab_set_free(codes);
	return status;
}
