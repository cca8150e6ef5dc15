/*
 * segel-render - signed records in, printable PDF/A documents out.
 *
 * With -j N the records are rendered by N worker processes.  The parent
 * reads the input, hands record k to worker k mod N over a pipe and takes
 * the results back in the same order, so the output order never depends
 * on timing.  A worker answers each record with zero or more "D message"
 * lines (diagnostics) and one "O pages same record", "X reject" or "T reject" (a system error:
 * the run exits 2) line.
 * The parent polls every pipe and buffers both ways, so neither side can
 * block the other whatever the record sizes; at most WINDOW records per
 * worker are in flight, so memory stays flat however long the stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "codetab.h"
#include "doctype.h"
#include "i18n.h"
#include "opt.h"
#include "pdfout.h"
#include "profile.h"
#include "record.h"
#include "render.h"
#include "seal.h"

#define WINDOW 4        /* records in flight per worker */
#define MAX_JOBS 256

static const char synopsis[] =
    "segel-render -o DIR [-j N] [-r FILE] [--combined FILE] [-p PROFILE] "
    "[FILE...]";

enum {
	OPT_COMBINED = OPT_LONG, OPT_LOGO, OPT_PAPER, OPT_FONT, OPT_FONT_BOLD,
	OPT_NO_COMPRESS, OPT_PROGRESS, OPT_NO_PROGRESS
};

static const struct opt options[] = {
	{ 'o', "outdir", "DIR", OPT_ARG_DIR, NULL, 0,
	    N_("where the PDFs go (must exist)"), NULL },
	{ OPT_COMBINED, "combined", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("also write every document into one PDF for the printer "
	    "(replaced if it exists)"),
	    N_("The file is replaced atomically.") },
	{ 'r', "rejects", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("write records that could not be rendered to FILE, each with "
	    "the reasons"), NULL },
	{ 'j', "jobs", "N", OPT_ARG_WORDS, "1 2 4", 0,
	    N_("render on N processes (default 1)"),
	    N_("From 1 to 256.  The output order does not depend on N.") },
	{ 'p', "profile", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("issuer profile: office, official, nip and logo (a PNG without "
	    "transparency) for records whose \"issue\" section does not name "
	    "them"),
	    N_("The record, being what was signed, wins over the profile.  The "
	    "logo is drawn in the header.") },
	{ OPT_LOGO, "logo", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("the office logo, overriding the profile"),
	    N_("A PNG without transparency (PDF/A-1 allows none).") },
	{ OPT_PAPER, "paper", "a4|f4", OPT_ARG_WORDS, "a4 f4", 0,
	    N_("paper for every A4 layout (F4 is 215 x 330 mm)"),
	    N_("The card layout keeps its size.") },
	{ OPT_FONT, "font", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("regular TrueType font (default: the DejaVu Sans Condensed "
	    "subset in formats/fonts/)"), NULL },
	{ OPT_FONT_BOLD, "font-bold", "FILE", OPT_ARG_FILE, NULL, 0,
	    N_("bold TrueType font (default: --font when given)"),
	    N_("Without either, bold text is the regular font drawn with a "
	    "thin outline, which spares parsing and embedding a second font "
	    "in every document.") },
	{ OPT_NO_COMPRESS, "no-compress", NULL, OPT_ARG_NONE, NULL, 0,
	    N_("leave content streams uncompressed"),
	    N_("For debugging layouts.") },
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
	int quiet;
};

/* The outcome of one record. */
struct result {
	int ok;          /* 1 rendered, 0 rejected */
	int trouble;     /* rejected for a system error (the output folder
			    full or read-only): the run exits 2 */
	int pages, same;
	char *json;      /* the record or reject line, with '\n' */
	char *diag;      /* diagnostics, '\n'-separated, or NULL */
};

static void
result_clear(struct result *res)
{
	free(res->json);
	free(res->diag);
	memset(res, 0, sizeof *res);
}

static char *
dump(const json_t *rec)
{
	char *s = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER), *t;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((t = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	return t;
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

/* A reject: the record as far as it could be read, plus "errors". */
static void
reject(struct result *res, json_t *rec, const char *where, const sg_err *e)
{
	json_t *own = NULL;

	if (rec == NULL) {
		own = rec = json_object();
		json_object_set_new(rec, "id", json_string(where));
	}
	rec_add_problem(rec, "errors", e->code, e->where, "%s", e->message);
	res->ok = 0;
	res->json = dump(rec);
	set_diag(res, where, e);
	json_decref(own);
}

/* Render one input line; never fails as a whole (a reject is a result). */
static void
process(const struct cfg *cfg, const char *line, size_t len,
    const char *where, int too_long, struct result *res)
{
	json_t *rec = NULL, *pdf;
	unsigned char *buf = NULL;
	size_t blen = 0;
	char name[300], hex[65], path[4400], number[64];
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
	/* named from the seal's number: the one the page shows */
	seal_text = json_string_value(json_object_get(rec, "seal"));
	if (seal_unpack(seal_text, strlen(seal_text), &sp, &e) != 0)
		goto bad;
	snprintf(number, sizeof number, "%s", sp.h.number);
	seal_parsed_clear(&sp);
	if (render_file_name(number, name, sizeof name) != 0) {
		sg_err_set(&e, "E-RENDER-ISSUE", "issue.number", "\"%s\" makes "
		    "no usable file name", number);
		goto bad;
	}
	if ((w = pdfout_write(cfg->outdir, name, buf, blen, &e)) < 0) {
		/* a full or read-only folder is the system's trouble, not
		 * the record's */
		res->trouble = strcmp(e.code, "E-RENDER-EXISTS") != 0;
		goto bad;
	}
	pdfout_sha256_hex(buf, blen, hex);
	snprintf(path, sizeof path, "%s/%s", cfg->outdir, name);
	pdf = json_pack("{s:s, s:s, s:i}", "path", path, "sha256", hex,
	    "pages", pages);
	json_object_set_new(rec, "pdf", pdf);
	res->ok = 1;
	res->pages = pages;
	res->same = w == 1;
	res->json = dump(rec);
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
	render_book *book;
	const char *combined;
	int quiet, failed;
	struct totals t;
	/* progress */
	int progress;
	double start, last;
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

	if (!o->progress || (!final && t - o->last < 0.25))
		return;
	o->last = t;
	rate = el > 0 ? done / el : 0;
	if (o->in_size > 0 && o->in_pos > 0 && o->in_pos <= o->in_size &&
	    el > 0.5) {
		double secs = el * (double)(o->in_size - o->in_pos) /
		    (double)o->in_pos;

		snprintf(left, sizeof left, _(", %d:%02d left"), (int)secs / 60,
		    (int)secs % 60);
	}
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %lu done, %.0f/s%s\033[K%s"), cli_prog, done,
	    rate, left, final ? "\n" : "");
}

/* Output one result in order. */
static void
emit(struct out *o, struct result *res)
{
	char *line, *nl;
	json_t *rec;
	sg_err e;
	int pages;

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
	if (o->book != NULL) {
		rec = json_loads(res->json, 0, NULL);
		if (rec == NULL || render_book_add(o->book, rec, &pages, &e)
		    != 0) {
			cli_diag(o->combined, "cannot add a record to the "
			    "combined PDF");
			o->failed = 1;
			render_book_free(o->book);
			o->book = NULL;
		}
		json_decref(rec);
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

/* ----------------------------------------------------------- the workers */

struct buf {
	char *p;
	size_t len, off, cap;
};

static int
buf_add(struct buf *b, const void *data, size_t n)
{
	char *p;
	size_t cap;

	if (b->off > 0 && b->off == b->len)
		b->off = b->len = 0;
	if (b->len + n + 1 > b->cap) {
		if (b->off > 0) {
			memmove(b->p, b->p + b->off, b->len - b->off);
			b->len -= b->off;
			b->off = 0;
		}
		cap = b->cap ? b->cap : 65536;
		while (b->len + n + 1 > cap)
			cap *= 2;
		if (cap != b->cap) {
			if ((p = realloc(b->p, cap)) == NULL)
				return -1;
			b->p = p;
			b->cap = cap;
		}
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

struct worker {
	pid_t pid;
	int to, from;     /* pipe ends in the parent */
	struct buf w, r;  /* pending writes, unparsed reads */
	int eof;
};

/* Worker side: one record per line in, one result out, until EOF. */
static int
worker_main(const struct cfg *cfg, int in, int out)
{
	FILE *fin = fdopen(in, "r"), *fout = fdopen(out, "w");
	char *line = NULL, *tab, *p, *nl;
	size_t cap = 0, len;
	ssize_t n;
	struct result res;
	int rc = 0;

	if (fin == NULL || fout == NULL)
		return EXIT_TROUBLE;
	while ((n = getline(&line, &cap, fin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		len = (size_t)(n - (tab + 1 - line));
		process(cfg, tab + 1, len, line + 1, line[0] == 'L', &res);
		for (p = res.diag; p != NULL && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(fout, "D %.*s\n", nl ? (int)(nl - p) :
			    (int)strlen(p), p);
			if (nl == NULL)
				break;
		}
		if (res.json == NULL)
			fputs("X {}\n", fout);
		else if (res.ok)
			fprintf(fout, "O %d %d %s", res.pages, res.same,
			    res.json);
		else
			fprintf(fout, "%c %s", res.trouble ? 'T' : 'X',
			    res.json);
		result_clear(&res);
		if (fflush(fout) != 0) {
			rc = EXIT_TROUBLE;
			break;
		}
	}
	free(line);
	fclose(fin);
	if (fclose(fout) != 0)
		rc = EXIT_TROUBLE;
	return rc;
}

static int
start_workers(struct worker *wk, int n, const struct cfg *cfg)
{
	int i, j, a[2], b[2];

	for (i = 0; i < n; i++) {
		if (pipe(a) != 0 || pipe(b) != 0) {
			cli_diag(NULL, "pipe: %s", strerror(errno));
			return -1;
		}
		fflush(NULL);
		wk[i].pid = fork();
		if (wk[i].pid < 0) {
			cli_diag(NULL, "fork: %s", strerror(errno));
			return -1;
		}
		if (wk[i].pid == 0) {
			close(a[1]);
			close(b[0]);
			/* the other workers' pipes are not ours */
			for (j = 0; j < i; j++) {
				close(wk[j].to);
				close(wk[j].from);
			}
			_exit(worker_main(cfg, a[0], b[1]));
		}
		close(a[0]);
		close(b[1]);
		wk[i].to = a[1];
		wk[i].from = b[0];
		fcntl(wk[i].to, F_SETFL, fcntl(wk[i].to, F_GETFL) | O_NONBLOCK);
		fcntl(wk[i].to, F_SETFD, FD_CLOEXEC);
		fcntl(wk[i].from, F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

/*
 * Take one complete result off the front of w->r, if there is one: D
 * lines up to and including an O or X line.
 */
static int
take_result(struct worker *w, struct result *res)
{
	char *s = w->r.p + w->r.off, *nl, *end = w->r.p + w->r.len;
	char *p, *q;
	size_t dlen = 0;

	/* is there a complete O/X line? */
	for (p = s; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		if (*p == 'O' || *p == 'X' || *p == 'T')
			break;
	}
	if (p >= end)
		return 0;
	memset(res, 0, sizeof *res);
	for (q = s; q < p; q = nl + 1) {
		nl = memchr(q, '\n', (size_t)(end - q));
		if (*q == 'D') {
			char *d = realloc(res->diag, dlen + (size_t)(nl - q));

			if (d == NULL)
				continue;
			res->diag = d;
			if (dlen > 0)
				res->diag[dlen - 1] = '\n';
			memcpy(res->diag + dlen, q + 2, (size_t)(nl - q - 2));
			dlen += (size_t)(nl - q - 1);
			res->diag[dlen - 1] = '\0';
		}
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	if (*p == 'O') {
		res->ok = 1;
		res->pages = (int)strtol(p + 2, &q, 10);
		res->same = (int)strtol(q, &q, 10);
		q++;
	} else {
		res->trouble = *p == 'T';
		q = p + 2;
	}
	if ((res->json = malloc((size_t)(nl - q) + 2)) != NULL) {
		memcpy(res->json, q, (size_t)(nl - q) + 1);
		res->json[nl - q + 1] = '\0';
	}
	w->r.off = (size_t)(nl + 1 - w->r.p);
	return 1;
}

static int
run_parallel(struct input *in, struct out *o, int jobs,
    const struct cfg *cfg)
{
	struct worker wk[MAX_JOBS];
	struct pollfd pf[2 * MAX_JOBS];
	int who[2 * MAX_JOBS];
	unsigned long next = 0, head = 0;
	int i, np, eof = 0, rc = 0, too_long, status, r;
	char *line, where[1200], chunk[65536];
	size_t len;
	ssize_t n;
	struct result res;

	memset(wk, 0, sizeof wk);
	for (i = 0; i < jobs; i++)
		wk[i].to = wk[i].from = -1;
	if (start_workers(wk, jobs, cfg) != 0) {
		rc = -1;
		goto out;
	}
	while (!eof || head < next) {
		/* feed: keep every worker's window full */
		while (!eof && next - head < (unsigned long)jobs * WINDOW &&
		    wk[next % jobs].w.len - wk[next % jobs].w.off < (1u << 20)) {
			r = next_line(in, &line, &len, where, sizeof where,
			    &too_long);
			if (r <= 0) {
				if (r < 0)
					rc = -1;
				eof = 1;
				for (i = 0; i < jobs; i++)
					if (wk[i].w.len == wk[i].w.off) {
						close(wk[i].to);
						wk[i].to = -1;
					}
				break;
			}
			o->t.read++;
			struct buf *b = &wk[next % jobs].w;
			if (buf_add(b, too_long ? "L" : "R", 1) != 0 ||
			    buf_add(b, where, strlen(where)) != 0 ||
			    buf_add(b, "\t", 1) != 0 ||
			    buf_add(b, too_long ? "" : line, too_long ? 0 : len)
			    != 0 || buf_add(b, "\n", 1) != 0) {
				cli_diag(NULL, "out of memory");
				rc = -1;
				goto out;
			}
			next++;
		}
		/* results in order */
		while (head < next && take_result(&wk[head % jobs], &res)) {
			emit(o, &res);
			result_clear(&res);
			head++;
		}
		if (eof && head == next)
			break;
		np = 0;
		for (i = 0; i < jobs; i++) {
			if (wk[i].to >= 0 && wk[i].w.len > wk[i].w.off) {
				pf[np].fd = wk[i].to;
				pf[np].events = POLLOUT;
				who[np++] = i;
			}
			if (!wk[i].eof) {
				pf[np].fd = wk[i].from;
				pf[np].events = POLLIN;
				who[np++] = i + MAX_JOBS;
			}
		}
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			cli_diag(NULL, "poll: %s", strerror(errno));
			rc = -1;
			goto out;
		}
		for (i = 0; i < np; i++) {
			struct worker *w = &wk[who[i] % MAX_JOBS];

			if (pf[i].revents == 0)
				continue;
			if (who[i] < MAX_JOBS) {
				n = write(w->to, w->w.p + w->w.off,
				    w->w.len - w->w.off);
				if (n < 0 && errno != EAGAIN && errno != EINTR) {
					cli_diag(NULL, "worker %d: %s",
					    who[i], strerror(errno));
					rc = -1;
					goto out;
				}
				if (n > 0)
					w->w.off += (size_t)n;
				if (w->w.off == w->w.len) {
					w->w.off = w->w.len = 0;
					if (eof) {
						close(w->to);
						w->to = -1;
					}
				}
				continue;
			}
			n = read(w->from, chunk, sizeof chunk);
			if (n > 0) {
				if (buf_add(&w->r, chunk, (size_t)n) != 0) {
					cli_diag(NULL, "out of memory");
					rc = -1;
					goto out;
				}
			} else if (n == 0 || (errno != EAGAIN &&
			    errno != EINTR)) {
				w->eof = 1;
				/* a worker that stops early has failed */
				if (head < next && (unsigned long)(who[i] -
				    MAX_JOBS) == head % (unsigned long)jobs &&
				    !take_result(w, &res)) {
					cli_diag(NULL, "a worker process "
					    "stopped");
					rc = -1;
					goto out;
				}
			}
		}
	}
out:
	for (i = 0; i < jobs; i++) {
		if (wk[i].to >= 0)
			close(wk[i].to);
		if (wk[i].from >= 0 && wk[i].pid > 0)
			close(wk[i].from);
		if (wk[i].pid > 0) {
			if (rc != 0)
				kill(wk[i].pid, SIGTERM);
			waitpid(wk[i].pid, &status, 0);
			if (rc == 0 && (!WIFEXITED(status) ||
			    WEXITSTATUS(status) != 0)) {
				cli_diag(NULL, "a worker process failed");
				rc = -1;
			}
		}
		free(wk[i].w.p);
		free(wk[i].r.p);
	}
	return rc;
}

static int
run_serial(struct input *in, struct out *o, const struct cfg *cfg)
{
	char *line, where[1200];
	size_t len;
	int r, too_long;
	struct result res;

	while ((r = next_line(in, &line, &len, where, sizeof where,
	    &too_long)) > 0) {
		o->t.read++;
		process(cfg, line, len, where, too_long, &res);
		emit(o, &res);
		result_clear(&res);
		if (o->failed)
			return -1;
	}
	return r;
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
	unsigned char *pdf = NULL;
	size_t pdflen;
	struct stat st;
	char *end;
	long jobs = 1;
	int c, status = EXIT_TROUBLE, trouble = 0, want_progress = -1;
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
	if (o.combined != NULL &&
	    (o.book = render_book_new(cfg.r, &err)) == NULL) {
		cli_diag_err(&err);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	o.start = o.last = now();
	if ((jobs > 1 ? run_parallel(&in, &o, (int)jobs, &cfg) :
	    run_serial(&in, &o, &cfg)) != 0)
		trouble = 1;
	if (in.fp != NULL && in.fp != stdin)
		fclose(in.fp);
	rec_reader_free(in.rd);
	progress(&o, 1);
	if (pdfout_sync_dir(cfg.outdir, &err) != 0) {
		cli_diag_err(&err);
		trouble = 1;
	}
	if (o.book != NULL && !trouble) {
		if (o.t.rendered == 0)
			cli_diag(o.combined, "nothing rendered; not written");
		else if (render_book_finish(o.book, &pdf, &pdflen, &err) != 0 ||
		    pdfout_replace(o.combined, pdf, pdflen, &err) != 0) {
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
	if (o.rejects != NULL)
		fclose(o.rejects);
	render_book_free(o.book);
	render_free(cfg.r);
	codetab_set_free(codes);
	doctype_set_free(types);
	profile_free(prof);
	return status;
}

/*
 * libharu deflates every stream at zlib's default level, and every
 * document carries a 128 KB CIDToGIDMap for its TrueType font: that
 * deflate is a third of the render time.  Level 1 makes it three times
 * quicker for a few hundred bytes more per file.  This definition takes
 * the place of zlib's for libharu's calls (the executable's symbols come
 * first in dynamic lookup); nothing else in segel-render deflates.
 */
#include <zlib.h>

__attribute__((visibility("default"))) int
deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	(void)level;
	return deflateInit2_(strm, 1, Z_DEFLATED, MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY, version, stream_size);
}
