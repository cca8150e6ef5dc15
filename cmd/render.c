/*
 * segel-render - signed records in, printable PDF/A documents out.
 *
 * Every record is a job for the library's pool (pool.h): in this process
 * with -j 1, on N worker processes with -j N, the next record to the
 * first idle worker and the results written in input order.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "cli.h"
#include "i18n.h"
#include "codetab.h"
#include "doctype.h"
#include "opt.h"
#include "file.h"
#include "pdfsign.h"
#include "pool.h"
#include "profile.h"
#include "record.h"
#include "render.h"
#include "seal.h"

#define MAX_JOBS POOL_MAX_WORKERS

static const char synopsis[] =
    "segel-render -o DIR [-j N] [-r FILE] [--combined FILE] [-p PROFILE] "
    "[FILE...]";

enum {
	OPT_COMBINED = OPT_LONG, OPT_LOGO, OPT_PAPER, OPT_FONT, OPT_FONT_BOLD,
	OPT_NO_COMPRESS, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_NO_PDF_SIGNATURE
};

static const struct opt options[] = {
	{ 'o', "outdir", "DIR", OPT_ARG_DIR, NULL, 0,
	    N_("where the PDFs go (must exist)"), NULL },
	{ OPT_COMBINED, "combined", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("also write every document into one PDF for the printer "
	    "(replaced if it exists)"),
	    N_("The file is replaced atomically.  The fonts, the same in "
	    "every document, are in it once.") },
	{ 'r', "rejects", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write records that could not be rendered to FILE, each with "
	    "the reasons"), NULL },
	{ 'j', "jobs", "N", OPT_ARG_WORDS, "1 2 4", 0,
	    N_("render on N processes (default 1)"),
	    N_("From 1 to 256.  The output order does not depend on N.") },
	{ 'p', "profile", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("issuer profile: office, official, nip and logo (PNG or JPEG) "
	    "for records whose \"issue\" section does not name them"),
	    N_("The record, being what was signed, wins over the profile.  The "
	    "logo is drawn in the header.") },
	{ OPT_LOGO, "logo", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the office logo, overriding the profile"),
	    N_("PNG (any bit depth; transparency is flattened onto white, as "
	    "PDF/A-1 allows none) or JPEG, decoded once and drawn as a plain "
	    "8-bit RGB or grey image.") },
	{ OPT_PAPER, "paper", "a4|f4", OPT_ARG_WORDS, "a4 f4", 0,
	    N_("paper for every A4 layout (F4 is 215 x 330 mm)"),
	    N_("The card layout keeps its size.") },
	{ OPT_FONT, "font", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("regular TrueType font (default: the DejaVu Sans Condensed "
	    "subset in formats/fonts/)"),
	    N_("A font of its own (--font, --font-bold) needs the PDF "
	    "signature: an unsigned PDF is checked by drawing its page again "
	    "in segel's font (E-RENDER-FONT-UNSIGNED).") },
	{ OPT_FONT_BOLD, "font-bold", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bold TrueType font (default: --font when given)"),
	    N_("Without either, bold text is the regular font drawn with a "
	    "thin outline, which spares parsing and embedding a second font "
	    "in every document.") },
	{ OPT_NO_COMPRESS, "no-compress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("leave content streams uncompressed"),
	    N_("For debugging layouts.") },
	{ OPT_NO_PDF_SIGNATURE, "no-pdf-signature", NULL, OPT_ARG_NONE, NULL,
	    0, N_("leave the PDFs without their PDF signature"),
	    N_("By default every PDF, and the --combined book, carries a PDF "
	    "signature (PAdES) by the profile's key and certificate when the "
	    "profile names both.  For measuring; a PDF without it is checked "
	    "page by page by segel-verify.") },
	{ OPT_PROGRESS, "progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("a progress line on standard error even when it is not a "
	    "terminal"),
	    N_("The line shows the records done, the rate and the time left.  "
	    "By default it is shown only on a terminal.") },
	{ OPT_NO_PROGRESS, "no-progress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("never a progress line"), NULL },
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
"Read signed records (from segel-sign) and write one printable PDF/A-1b\n"
"per record into DIR, laid out from the document type's <layout> in\n"
"formats/types/: the office header, the title and number, the fields\n"
"with their Indonesian labels, dates in words where the form has them,\n"
"the member table of a Kartu Keluarga (continued on further pages when\n"
"long), the signing official and NIP, the statement that the document\n"
"was signed electronically, and the seal as a vector QR code.  The title,\n"
"number and seal text are also in the PDF's metadata.\n"
"\n"
"The page shows the seal's fields, number and date: a record whose fields\n"
"differ from its seal's is rejected (E-RENDER-MISMATCH).\n"
"Each PDF is named from the seal's number (characters other than\n"
"A-Z a-z 0-9 . _ - made '_'), written to a temporary file, synced and\n"
"linked into place.  A file already there with the same bytes counts as\n"
"written; one with different bytes is never overwritten: that record is\n"
"rejected.  Records are written to standard output with a \"pdf\" section\n"
"(path, sha256, pages), in input order.  Records come from the FILEs or\n"
"standard input.\n"
"\n"
), stdout);
	opt_help_print(&table);
	fputs(_(
"\n"
"Every record read is written out or rejected; the closing summary on\n"
"standard error counts them and they add up.\n"
"\n"
"Exit status: 0 every record was rendered, 1 some were rejected, 2 misuse\n"
"or a system error.\n"
"\n"
"Example:\n"
"  segel-sign -p 7501.conf < valid.jsonl |\n"
"      segel-render -j 2 -o out --combined print.pdf > rendered.jsonl\n"),
	    stdout);
}

struct cfg {
	const char *outdir;
	render *r;
	pdfsign *sign;   /* the PDF signature, or NULL */
	int quiet;
	int want_pdf;    /* results carry the PDF, for the book */
};

/* The outcome of one record. */
struct result {
	int ok;          /* 1 rendered, 0 rejected */
	int trouble;     /* rejected for a system error (the output folder
			    full or read-only): the run exits 2 */
	int pages, same;
	char *json;      /* the record or reject line, with '\n' */
	char *diag;      /* diagnostics, '\n'-separated, or NULL */
	unsigned char *pdf; /* the PDF, when the book wants it */
	size_t pdflen;
	char *tmp;       /* staged (pdf_put), to be linked in as name */
	char *name;
	char *where;     /* the input line, for a reject made late */
};

static void
result_clear(struct result *res)
{
	free(res->json);
	free(res->diag);
	free(res->pdf);
	free(res->tmp);
	free(res->name);
	free(res->where);
	memset(res, 0, sizeof *res);
}

static void
set_diag(struct result *res, const char *where, const sg_err *e)
{
	size_t n = strlen(where) + strlen(e->where) + strlen(e->text) +
	    strlen(e->code) + 16;

	free(res->diag);
	if ((res->diag = malloc(n)) != NULL)
		snprintf(res->diag, n, "%s: %s%s%s [%s]", where, e->where,
		    *e->where ? ": " : "", e->text, e->code);
}

/* A reject in the one shape (rec_reject): the record as far as it could
 * be read, plus "errors". */
static void
reject(struct result *res, json_t *rec, const char *where, const sg_err *e)
{
	json_t *r = rec_reject(rec, where, e);

	res->ok = 0;
	res->json = r != NULL ? rec_format(r, NULL) : NULL;
	set_diag(res, where, e);
	json_decref(r);
}

/*
 * The one place a finished PDF, whole in memory, goes to disk.  The PDF is
 * staged beside its name, not synced: the parent syncs a group of them at
 * once and links them in before their records go out (flush_group).
 * pdf[0..len) is the file, pdf[0..ulen) libharu's PDF before its
 * signature (len == ulen: unsigned).  *hex gets its SHA-256: of an
 * unsigned PDF from the pass render_pdf made, of a signed one sha (the
 * same pass, gone on by pdfsign_append): each PDF is hashed once.  0 staged, 1 the same
 * document is already there (a signed one: the same PDF signed on an
 * earlier run, ECDSA signatures differing every time; *hex then the file
 * there), -1 error (e).
 */
static int
pdf_put(const struct cfg *cfg, const char *name, const unsigned char *pdf,
    size_t len, size_t ulen, const unsigned char sha[32], char hex[65],
    struct result *res, sg_err *e)
{
	char tmp[4200], path[4400];
	char *have = NULL;
	size_t hlen;
	sg_err why;
	int w;

	if (len == ulen)
		render_pdf_sha256(cfg->r, hex);
	else
		file_md_hex(sha, hex);
	w = file_stage_new(cfg->outdir, name, pdf, len, tmp, sizeof tmp, e);
	if (w < 0 && len != ulen && strcmp(e->code, "E-RENDER-EXISTS") == 0) {
		why = *e;
		snprintf(path, sizeof path, "%s/%s", cfg->outdir, name);
		if (file_read_all(path, len + (1 << 20), 0, "E-RENDER-EXISTS",
		    &have, &hlen, e) == 0 && pdfsign_same_document(
		    (unsigned char *)have, hlen, pdf, ulen)) {
			file_sha256_hex(have, hlen, hex);
			w = 1;
		} else
			*e = why;
		free(have);
		return w;
	}
	if (w == 0 && ((res->tmp = strdup(tmp)) == NULL ||
	    (res->name = strdup(name)) == NULL)) {
		unlink(tmp);
		sg_err_set(e, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	return w;
}

/* Render one input line; never fails as a whole (a reject is a result). */
static void
process(const struct cfg *cfg, const char *line, size_t len,
    const char *where, int too_long, struct result *res)
{
	json_t *rec = NULL;
	unsigned char *buf = NULL;
	size_t blen = 0, ulen;
	char name[300], hex[65], path[4400], number[64];
	unsigned char sha[32];
	const char *seal_text;
	seal_parsed sp;
	sg_err e;
	int pages = 0, w;

	memset(res, 0, sizeof *res);
	sg_err_clear(&e);
	if (too_long) {
		sg_err_set(&e, "E-REC-TOO-LONG", "", "line longer than %u bytes",
		    REC_MAX_LINE);
		reject(res, NULL, where, &e);
		return;
	}
	if ((rec = rec_parse(line, len, &e)) == NULL) {
		reject(res, NULL, where, &e);
		return;
	}
	if (render_pdf(cfg->r, rec, &buf, &blen, &pages, &e) != 0)
		goto bad;
	/* the PDF signature, an update appended: the first ulen bytes are
	 * the unsigned PDF, which the book takes */
	ulen = blen;
	if (cfg->sign != NULL && pdfsign_append(cfg->sign, &buf, &blen,
	    time(NULL), render_pdf_sha256_state(cfg->r), sha, &e) != 0)
		goto bad;
	/* named from the seal's number: the one the page shows */
	seal_text = rec_seal(rec);
	if (seal_unpack(seal_text, strlen(seal_text), &sp, &e) != 0)
		goto bad;
	snprintf(number, sizeof number, "%s", sp.h.number);
	seal_parsed_clear(&sp);
	if (render_file_name(number, name, sizeof name) != 0) {
		sg_err_set(&e, "E-RENDER-ISSUE", "issue.number", "\"%s\" makes "
		    "no usable file name", number);
		goto bad;
	}
	if ((w = pdf_put(cfg, name, buf, blen, ulen, sha, hex, res, &e)) < 0) {
		/* a full or read-only folder is the system's trouble, not
		 * the record's */
		res->trouble = strcmp(e.code, "E-RENDER-EXISTS") != 0;
		goto bad;
	}
	snprintf(path, sizeof path, "%s/%s", cfg->outdir, name);
	rec_set_pdf(rec, path, hex, pages);
	res->ok = 1;
	res->pages = pages;
	res->same = w == 1;
	res->json = rec_format(rec, NULL);
	if (cfg->want_pdf) {
		res->pdf = buf;
		res->pdflen = ulen;
		buf = NULL;
	}
	free(buf);
	json_decref(rec);
	return;
bad:
	free(buf);
	reject(res, rec, where, &e);
	json_decref(rec);
}

/* ------------------------------------------------------------ the parent */

struct totals {
	unsigned long read, rendered, rejected, pages, same;
};

struct out {
	FILE *rejects;
	const char *rejects_path;
	book *book;
	const char *combined;
	int quiet, failed;
	struct totals t;
	/* progress */
	int progress;
	double start;
	long long in_size, in_pos;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
progress(struct out *o, int final)
{
	double t = now(), el = t - o->start, rate;
	unsigned long done = o->t.rendered + o->t.rejected;
	char left[64] = "";

	if (!o->progress)
		return;
	rate = el > 0 ? done / el : 0;
	if (o->in_size > 0 && o->in_pos > 0 && o->in_pos <= o->in_size &&
	    el > 0.5) {
		double secs = el * (double)(o->in_size - o->in_pos) /
		    (double)o->in_pos;

		snprintf(left, sizeof left, _(", %d:%02d left"), (int)secs / 60,
		    (int)secs % 60);
	}
	cli_progress(final, "%lu done, %.0f/s%s", done, rate, left);
}

/* Output one result in order. */
static void
emit(struct out *o, struct result *res)
{
	char *line, *nl;
	sg_err e;

	if (res->diag != NULL && !o->quiet) {
		if (o->progress)
			fputs("\r\033[K", stderr);
		for (line = res->diag; *line; line = nl + 1) {
			if ((nl = strchr(line, '\n')) == NULL)
				nl = line + strlen(line) - 1 + 1;
			fprintf(stderr, "%s: %s\n", cli_prog,
			    cli_shown(line, (size_t)(nl - line)));
			if (*nl == '\0')
				break;
		}
	}
	if (res->json == NULL) {
		cli_diag(NULL, "out of memory");
		o->failed = 1;
		return;
	}
	if (!res->ok) {
		o->t.rejected++;
		if (res->trouble)
			o->failed = 1;
		if (o->rejects != NULL &&
		    fputs(res->json, o->rejects) == EOF) {
			cli_diag(o->rejects_path, "write error: %s",
			    strerror(errno));
			o->failed = 1;
		}
		return;
	}
	o->t.rendered++;
	o->t.pages += (unsigned long)res->pages;
	o->t.same += (unsigned long)res->same;
	if (fputs(res->json, stdout) == EOF) {
		cli_diag("<stdout>", "write error: %s", strerror(errno));
		o->failed = 1;
	}
	if (o->book != NULL && book_add(o->book, res->pdf, res->pdflen, &e)
	    != 0) {
		cli_diag(o->combined, "cannot add a record to the combined "
		    "PDF");
		o->failed = 1;
		book_free(o->book);
		o->book = NULL;
	}
	progress(o, 0);
}

/* Input: the files in turn, stdin when none; blank lines skipped. */
struct input {
	char **files;
	int nfiles, i;
	FILE *fp;
	rec_reader *rd;
	const char *name;
	struct out *o;
};

/*
 * 1 and the line (without its newline) in *line, *len, *where; 0 at the
 * end; -1 on a read error (diagnosed).  *too_long when over REC_MAX_LINE.
 */
static int
next_line(struct input *in, char **line, size_t *len, char *where,
    size_t wsz, int *too_long)
{
	const char *raw;
	struct stat st;
	sg_err e;
	int rc;

	for (;;) {
		if (in->fp == NULL) {
			if (in->nfiles == 0 && in->i == 0) {
				in->fp = stdin;
				in->name = "<stdin>";
			} else if (in->i < in->nfiles) {
				in->name = in->files[in->i];
				if (strcmp(in->name, "-") == 0) {
					in->fp = stdin;
					in->name = "<stdin>";
				} else if ((in->fp = fopen(in->name, "r")) ==
				    NULL) {
					cli_diag(in->name, "%s",
					    strerror(errno));
					return -1;
				}
			} else
				return 0;
			in->i++;
			if ((in->rd = rec_reader_new(in->fp, in->name)) ==
			    NULL) {
				cli_diag(in->name, "out of memory");
				return -1;
			}
			if (fstat(fileno(in->fp), &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				in->o->in_size += st.st_size;
			}
		}
		rc = rec_reader_next_raw(in->rd, &raw, len, &e);
		if (rc == -2) {
			cli_diag_err(&e);
			return -1;
		}
		if (rc == 0) {
			rec_reader_free(in->rd);
			in->rd = NULL;
			if (in->fp != stdin)
				fclose(in->fp);
			in->fp = NULL;
			if (in->nfiles == 0)
				return 0;
			continue;
		}
		/* a line over REC_MAX_LINE comes as -1: a reject of its own */
		*too_long = rc == -1;
		*line = (char *)(rc == -1 ? "" : raw);
		if (rc == -1)
			*len = 0;
		in->o->in_pos += *len + 1;
		snprintf(where, wsz, "%s", rec_reader_where(in->rd));
		return 1;
	}
}

/* -------------------------------------------------------------- the jobs */

/*
 * A job is one input line for the pool (pool.h): 'R', or 'L' for a line
 * over REC_MAX_LINE, where it came from, a tab, the line.  Its result:
 * "ok trouble pages same dlen jlen\n", dlen bytes of diagnostics, jlen of
 * the record or reject line, then the PDF when the book wants it.
 */
static int
render_job(void *arg, const unsigned char *job, size_t len,
    unsigned char **out, size_t *outlen)
{
	const struct cfg *cfg = arg;
	const char *j = (const char *)job, *tab;
	char where[1200], head[160];
	unsigned char *p;
	struct result res;
	size_t dlen, jlen, tlen, nlen, wlen;
	int hn, rc = -1;

	if (len < 1 || (tab = memchr(j, '\t', len)) == NULL)
		return -1;
	snprintf(where, sizeof where, "%.*s", (int)(tab - j - 1), j + 1);
	process(cfg, tab + 1, len - (size_t)(tab + 1 - j), where, j[0] == 'L',
	    &res);
	if (res.json == NULL) {
		if (res.tmp != NULL)
			unlink(res.tmp);
		goto out;
	}
	dlen = res.diag != NULL ? strlen(res.diag) : 0;
	jlen = strlen(res.json);
	tlen = res.tmp != NULL ? strlen(res.tmp) : 0;
	nlen = res.name != NULL ? strlen(res.name) : 0;
	wlen = strlen(where);
	hn = snprintf(head, sizeof head, "%d %d %d %d %zu %zu %zu %zu %zu\n",
	    res.ok, res.trouble, res.pages, res.same, dlen, jlen, tlen, nlen,
	    wlen);
	if ((*out = malloc((size_t)hn + dlen + jlen + tlen + nlen + wlen +
	    res.pdflen)) == NULL)
		goto out;
	p = *out;
	memcpy(p, head, (size_t)hn), p += hn;
	/* (a missing part is NULL: memcpy must not be given it) */
	if (dlen > 0)
		memcpy(p, res.diag, dlen), p += dlen;
	memcpy(p, res.json, jlen), p += jlen;
	if (tlen > 0)
		memcpy(p, res.tmp, tlen), p += tlen;
	if (nlen > 0)
		memcpy(p, res.name, nlen), p += nlen;
	memcpy(p, where, wlen), p += wlen;
	if (res.pdflen > 0)
		memcpy(p, res.pdf, res.pdflen), p += res.pdflen;
	*outlen = (size_t)(p - *out);
	rc = 0;
out:
	result_clear(&res);
	return rc;
}

/*
 * Records go out in groups: a PDF is staged by its worker (pdf_put), and
 * before a group's records are written the parent syncs the file system
 * once, links every staged PDF in under its name and syncs the folder
 * once.  A crash leaves no PDF under its name that is not whole on disk,
 * and no record out whose PDF is not (docs/DESIGN.md); one sync a group
 * instead of one a PDF is what lets -j scale on a disk.  A group is
 * GROUP_MAX records or what came in GROUP_SECS, whichever is first.
 */
#define GROUP_MAX 128
#define GROUP_SECS 0.25

struct feed {
	struct input *in;
	struct out *o;
	const struct cfg *cfg;
	char *job;
	size_t cap;
	int failed;     /* the input could not be read */
	struct result group[GROUP_MAX];
	size_t ngroup;
	double first;   /* when the group's first record came */
};

/* A staged record that cannot go out after all: its reject instead. */
static void
unstage(struct result *res, const sg_err *e, int trouble)
{
	json_t *rec;
	sg_err pe;

	rec = rec_parse(res->json, strlen(res->json), &pe);
	if (rec != NULL)
		rec_set_pdf(rec, NULL, NULL, 0);
	free(res->json);
	res->json = NULL;
	free(res->pdf);
	res->pdf = NULL;
	res->pdflen = 0;
	reject(res, rec, res->where ? res->where : "", e);
	res->trouble = trouble;
	json_decref(rec);
}

static void
flush_group(struct feed *f)
{
	const char *dir = f->cfg->outdir;
	struct result *res;
	size_t i, staged = 0, linked = 0;
	sg_err e;
	int w;

	for (i = 0; i < f->ngroup; i++)
		staged += f->group[i].tmp != NULL;
	if (staged > 0 && file_sync_fs(dir, &e) != 0) {
		for (i = 0; i < f->ngroup; i++)
			if ((res = &f->group[i])->tmp != NULL) {
				unlink(res->tmp);
				unstage(res, &e, 1);
			}
		staged = 0;
	}
	for (i = 0; i < f->ngroup && staged > 0; i++) {
		if ((res = &f->group[i])->tmp == NULL)
			continue;
		w = file_commit_new(res->tmp, dir, res->name, &e);
		if (w < 0)
			unstage(res, &e, strcmp(e.code, "E-RENDER-EXISTS") != 0);
		else {
			res->same = w == 1;
			linked++;
		}
	}
	if (linked > 0 && file_sync_dir(dir, &e) != 0)
		for (i = 0; i < f->ngroup; i++)
			if ((res = &f->group[i])->ok && res->tmp != NULL)
				unstage(res, &e, 1);
	for (i = 0; i < f->ngroup; i++) {
		emit(f->o, &f->group[i]);
		result_clear(&f->group[i]);
	}
	f->ngroup = 0;
}

static int
render_next(void *ctx, const unsigned char **job, size_t *len)
{
	struct feed *f = ctx;
	char *line, where[1200], *nj;
	size_t n, wl, need;
	int r, too_long;

	if ((r = next_line(f->in, &line, &n, where, sizeof where,
	    &too_long)) <= 0) {
		/* a read error ends the input; what was read is finished */
		f->failed = r < 0;
		return 0;
	}
	f->o->t.read++;
	wl = strlen(where);
	need = 2 + wl + n;
	if (need > f->cap) {
		if ((nj = realloc(f->job, need)) == NULL) {
			cli_diag(NULL, "out of memory");
			f->failed = 1;
			return -1;
		}
		f->job = nj;
		f->cap = need;
	}
	f->job[0] = too_long ? 'L' : 'R';
	memcpy(f->job + 1, where, wl);
	f->job[1 + wl] = '\t';
	memcpy(f->job + 2 + wl, line, n);
	*job = (const unsigned char *)f->job;
	*len = need;
	return 1;
}

static char *
part(const char **p, size_t n)
{
	char *s = n > 0 ? strndup(*p, n) : NULL;

	*p += n;
	return s;
}

static int
render_done(void *ctx, const pool_result *pr)
{
	struct feed *f = ctx;
	struct result *res;
	const char *d = (const char *)pr->data, *nl;
	size_t dlen, jlen, tlen, nlen, wlen, rest;
	int ok, trouble, pages, same;

	if (pr->status == POOL_SIGNALLED) {
		cli_diag(NULL, "a worker process stopped (signal %d)",
		    pr->signal);
		f->o->failed = 1;
		return 1;
	}
	if (pr->status != POOL_OK || pr->len == 0 ||
	    (nl = memchr(d, '\n', pr->len)) == NULL ||
	    sscanf(d, "%d %d %d %d %zu %zu %zu %zu %zu", &ok, &trouble,
	    &pages, &same, &dlen, &jlen, &tlen, &nlen, &wlen) != 9 ||
	    (rest = pr->len - (size_t)(nl + 1 - d)) < dlen ||
	    (rest -= dlen) < jlen || (rest -= jlen) < tlen ||
	    (rest -= tlen) < nlen || (rest -= nlen) < wlen ||
	    (tlen > 0) != (nlen > 0)) {
		cli_diag(NULL, "a worker process failed");
		f->o->failed = 1;
		return 1;
	}
	rest -= wlen;
	if (f->ngroup == 0)
		f->first = now();
	res = &f->group[f->ngroup++];
	memset(res, 0, sizeof *res);
	res->ok = ok, res->trouble = trouble, res->pages = pages;
	res->same = same;
	nl++;
	res->diag = part(&nl, dlen);
	res->json = part(&nl, jlen);
	res->tmp = part(&nl, tlen);
	res->name = part(&nl, nlen);
	res->where = part(&nl, wlen);
	if (rest > 0 && (res->pdf = malloc(rest)) != NULL) {
		memcpy(res->pdf, nl, rest);
		res->pdflen = rest;
	}
	if ((tlen > 0 && (res->tmp == NULL || res->name == NULL)) ||
	    (rest > 0 && res->pdf == NULL)) {
		/* emit() says "out of memory" for a NULL json */
		if (res->tmp != NULL)
			unlink(res->tmp);
		free(res->json);
		res->json = NULL;
		free(res->tmp);
		res->tmp = NULL;
	}
	if (f->ngroup == GROUP_MAX || now() - f->first >= GROUP_SECS)
		flush_group(f);
	return f->o->failed;
}

/* Every record through the pool: -j 1 in this process, -j N on N
 * worker processes. */
static int
run_jobs(struct input *in, struct out *o, int jobs, struct cfg *cfg)
{
	pool_opts po = { 0 };
	struct feed f = { 0 };
	sg_err e;
	int rc;

	po.workers = jobs > 1 ? jobs : 0;
	f.in = in;
	f.o = o;
	f.cfg = cfg;
	if ((rc = pool_run(&po, render_job, cfg, render_next, render_done,
	    &f, &e)) < 0)
		cli_diag_err(&e);
	/* the last group; after a failure its staged PDFs still go in
	 * with their records, which are whole */
	flush_group(&f);
	free(f.job);
	return rc != 0 || f.failed ? -1 : 0;
}

/* Can the book be written where --combined says?  Asked before any
 * record is rendered, not after the last. */
static int
combined_writable(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		cli_diag(path, "--combined names a folder, not a file");
		return -1;
	}
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 :
		    (int)(slash - path), path);
	if (access(dir, W_OK) != 0) {
		cli_diag(path, "--combined: cannot write in the folder %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opt_parser op;
	struct cfg cfg = { 0 };
	struct out o = { 0 };
	struct input in = { 0 };
	render_opts ro = { 0 };
	const char *profile_path = NULL, *logo = NULL;
	doctype_set *types = NULL;
	codetab_set *codes = NULL;
	profile *prof = NULL;
	unsigned char *pdf = NULL, *shell = NULL;
	size_t pdflen, shell_len;
	struct stat st;
	char *end;
	long jobs = 1;
	int c, status = EXIT_TROUBLE, trouble = 0, want_progress = -1;
	int pdf_signature = 1;
	sg_err err;

	cli_init(argv[0]);
	argv[0] = (char *)cli_prog;
	ro.compress = 1;
	opt_parser_init(&op, &table, argc, argv);
	while ((c = opt_next(&op, argc, argv, NULL)) != -1) {
		switch (c) {
		case 'o':
			cfg.outdir = optarg;
			break;
		case OPT_COMBINED:
			o.combined = optarg;
			break;
		case 'r':
			o.rejects_path = optarg;
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || jobs < 1 || jobs > MAX_JOBS)
				return cli_usage_error(synopsis, "--jobs: "
				    "\"%s\" is not a number from 1 to %d",
				    optarg, MAX_JOBS);
			break;
		case 'p':
			profile_path = optarg;
			break;
		case OPT_LOGO:
			logo = optarg;
			break;
		case OPT_PAPER:
			if (strcmp(optarg, "a4") != 0 &&
			    strcmp(optarg, "f4") != 0)
				return cli_usage_error(synopsis, "--paper: "
				    "\"%s\" is not a4 or f4", optarg);
			ro.paper = optarg;
			break;
		case OPT_FONT:
			ro.font = optarg;
			break;
		case OPT_FONT_BOLD:
			ro.font_bold = optarg;
			break;
		case OPT_NO_COMPRESS:
			ro.compress = 0;
			break;
		case OPT_NO_PDF_SIGNATURE:
			pdf_signature = 0;
			break;
		case OPT_PROGRESS:
			want_progress = 1;
			break;
		case OPT_NO_PROGRESS:
			want_progress = 0;
			break;
		case 'q':
			o.quiet = cfg.quiet = 1;
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
	if (cfg.outdir == NULL)
		return cli_usage_error(synopsis, "no --outdir given");
	if (stat(cfg.outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cli_diag(cfg.outdir, "not a folder%s%s", errno ? ": " : "",
		    errno ? strerror(errno) : "");
		return EXIT_TROUBLE;
	}
	in.files = argv + optind;
	in.nfiles = argc - optind;
	in.o = &o;
	o.progress = want_progress >= 0 ? want_progress : isatty(2);

	if ((prof = profile_new()) == NULL) {
		cli_diag(NULL, "out of memory");
		goto out;
	}
	if (profile_path != NULL && profile_load(prof, profile_path, &err)
	    != 0) {
		cli_diag_err(&err);
		goto out;
	}
	if (logo != NULL)
		profile_set(prof, "logo", logo);
	ro.prof = prof;
	if (pdf_signature && profile_get(prof, "key") != NULL &&
	    profile_get(prof, "cert") != NULL && (cfg.sign = pdfsign_new(
	    profile_get(prof, "key"), profile_get(prof, "cert"),
	    profile_get(prof, "passphrase-file"), -1, &err)) == NULL) {
		cli_diag_err(&err);
		if (strcmp(err.code, "W-RENDER-UNSIGNED") != 0)
			goto out;
	}
	/* An unsigned PDF is checked by drawing its page again with
	 * segel's font: in another font every genuine one would differ. */
	if (cfg.sign == NULL && (ro.font != NULL || ro.font_bold != NULL)) {
		sg_err_set(&err, "E-RENDER-FONT-UNSIGNED", ro.font != NULL ?
		    "--font" : "--font-bold", "the PDFs go without a PDF "
		    "signature, so segel-verify checks their pages by drawing "
		    "them again in segel's own font: in another font every "
		    "genuine PDF would be called changed; sign them (a P-256 "
		    "key and its certificate in the profile) or leave the "
		    "font out");
		cli_diag_err(&err);
		goto out;
	}
	if ((types = doctype_set_load(formats_dir(), &err)) == NULL ||
	    (codes = codetab_set_load(formats_dir(), &err)) == NULL ||
	    (cfg.r = render_new(types, codes, formats_dir(), &ro, &err))
	    == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	if (o.rejects_path != NULL &&
	    (o.rejects = cli_open_output(o.rejects_path)) == NULL)
		goto out;
	if (o.combined != NULL && combined_writable(o.combined) != 0)
		goto out;
	if (o.combined != NULL &&
	    (o.book = book_new(&err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	cfg.want_pdf = o.book != NULL;
	signal(SIGPIPE, SIG_IGN);
	o.start = now();
	if (run_jobs(&in, &o, (int)jobs, &cfg) != 0)
		trouble = 1;
	if (in.fp != NULL && in.fp != stdin)
		fclose(in.fp);
	rec_reader_free(in.rd);
	progress(&o, 1);
	if (file_sync_dir(cfg.outdir, &err) != 0) {
		cli_diag_err(&err);
		trouble = 1;
	}
	if (o.book != NULL && !trouble) {
		if (o.t.rendered == 0)
			cli_diag(o.combined, "nothing rendered; not written");
		else if (render_book_shell(cfg.r, book_count(o.book), &shell,
		    &shell_len, &err) != 0 || book_finish(o.book, shell,
		    shell_len, &pdf, &pdflen, &err) != 0 ||
		    (cfg.sign != NULL && pdfsign_append(cfg.sign, &pdf,
		    &pdflen, time(NULL), NULL, NULL, &err) != 0) ||
		    file_replace(o.combined, pdf, pdflen, 0644,
		    &err) != 0) {
			cli_diag_err(&err);
			trouble = 1;
		}
	}
	fprintf(stderr, _("%s: %lu records read: %lu rendered (%lu pages"),
	    cli_prog, o.t.read, o.t.rendered, o.t.pages);
	if (o.t.same > 0)
		fprintf(stderr, _("; %lu already there"), o.t.same);
	fprintf(stderr, _("), %lu rejected\n"), o.t.rejected);
	if (cli_close_output(o.rejects, o.rejects_path) != 0)
		trouble = 1;
	o.rejects = NULL;
	if (cli_close_stdout() != 0)
		trouble = 1;
	if (trouble || o.failed)
		status = EXIT_TROUBLE;
	else if (o.t.rejected > 0)
		status = EXIT_NEGATIVE;
	else
		status = EXIT_ALL_GOOD;
out:
	free(pdf);
	free(shell);
	if (o.rejects != NULL)
		fclose(o.rejects);
	book_free(o.book);
	render_free(cfg.r);
	pdfsign_free(cfg.sign);
	codetab_set_free(codes);
	doctype_set_free(types);
	profile_free(prof);
	return status;
}
