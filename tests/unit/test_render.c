/*
 * test_render.c - records to PDF bytes through the library (render.h):
 * page count and size, the seal and number in the metadata, the same
 * bytes for the same record, the printer's book, and the refusal of a
 * record whose fields, type or number differ from its seal.  The signed
 * records are the fuzz target's seeds (tests/fuzz/seeds/fuzz_render/),
 * made by segel-sign.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libdeflate.h>

#include "codetab.h"
#include "doctype.h"
#include "book.h"
#include "render.h"
#include "t.h"

#define SEEDS "tests/fuzz/seeds/fuzz_render/"

static const char *fmt_dir;
static doctype_set *types;
static codetab_set *codes;

static json_t *
load(const char *name)
{
	char path[256];
	json_error_t je;
	json_t *j;

	snprintf(path, sizeof path, SEEDS "%s", name);
	if ((j = json_load_file(path, 0, &je)) == NULL)
		printf("# %s: %s\n", path, je.text);
	return j;
}

/* Occurrences of s in the PDF's bytes. */
static size_t
count(const unsigned char *pdf, size_t len, const char *s)
{
	size_t n = 0, sl = strlen(s), i;

	for (i = 0; i + sl <= len; i++)
		if (memcmp(pdf + i, s, sl) == 0)
			n++;
	return n;
}

static int
holds(const unsigned char *pdf, size_t len, const char *s)
{
	return count(pdf, len, s) > 0;
}

/* The number of the object the first s in the PDF stands in; 0: none. */
static unsigned long
obj_of(const unsigned char *pdf, size_t len, const char *s)
{
	size_t sl = strlen(s), i, j;

	for (i = 0; i + sl <= len; i++)
		if (memcmp(pdf + i, s, sl) == 0)
			break;
	for (j = i; j >= 7 && i + sl <= len; j--)
		if (memcmp(pdf + j - 7, " 0 obj\n", 7) == 0) {
			j -= 7;
			while (j > 0 && pdf[j - 1] >= '0' && pdf[j - 1] <= '9')
				j--;
			return strtoul((const char *)pdf + j, NULL, 10);
		}
	return 0;
}

/* The first page's content stream, inflated when deflated, without its
 * last line breaks; malloc'd, *n bytes, or NULL. */
static unsigned char *
page_content(const unsigned char *pdf, size_t len, size_t *n)
{
	const unsigned char *c, *o, *st, *en;
	char key[32];
	unsigned long num;
	unsigned char *out;
	struct libdeflate_decompressor *z;
	size_t cap = 1 << 22;

	if ((c = memmem(pdf, len, "/Contents ", 10)) == NULL)
		return NULL;
	num = strtoul((const char *)c + 10, NULL, 10);
	snprintf(key, sizeof key, "\n%lu 0 obj", num);
	if ((o = memmem(pdf, len, key, strlen(key))) == NULL ||
	    (st = memmem(o, len - (size_t)(o - pdf), "stream", 6)) ==
	    NULL || (en = memmem(st, len - (size_t)(st - pdf), "endstream",
	    9)) == NULL || (out = malloc(cap)) == NULL)
		return NULL;
	/* "stream" and CR LF (libharu) or LF (book_pack) */
	for (st += 6; *st == '\r' || *st == '\n'; st++)
		;
	if (memmem(o, (size_t)(st - o), "/FlateDecode", 12) == NULL) {
		while (en > st && (en[-1] == '\n' || en[-1] == '\r'))
			en--;
		memcpy(out, st, (size_t)(en - st));
		*n = (size_t)(en - st);
		return out;
	}
	z = libdeflate_alloc_decompressor();
	if (z == NULL || libdeflate_zlib_decompress(z, st, (size_t)(en - st),
	    out, cap, n) != LIBDEFLATE_SUCCESS) {
		/* the stream's end may carry a line break */
		if (z == NULL || libdeflate_zlib_decompress(z, st,
		    (size_t)(en - st - 1), out, cap, n) != LIBDEFLATE_SUCCESS) {
			libdeflate_free_decompressor(z);
			free(out);
			return NULL;
		}
	}
	libdeflate_free_decompressor(z);
	while (*n > 0 && (out[*n - 1] == '\n' || out[*n - 1] == '\r'))
		(*n)--;
	return out;
}

static render *
mk(int compress)
{
	render_opts o;
	sg_err err;
	render *r;

	memset(&o, 0, sizeof o);
	o.compress = compress;
	if ((r = render_new(types, codes, fmt_dir, &o, &err)) == NULL)
		printf("# render_new: %s %s: %s\n", err.code, err.where,
		    err.message);
	return r;
}

static const struct {
	const char *file, *type;
	int pages;
	const char *mediabox; /* the page size in points */
} rows[] = {
	{ "signed-1.json", "kk", 1, "/MediaBox [ 0 0 841.88977 595.27557 ]" },
	{ "signed-2.json", "akta-kelahiran", 1, "/MediaBox [ 0 0 595.27557 841.88977 ]" },
	{ "signed-3.json", "akta-kematian", 1, "/MediaBox [ 0 0 595.27557 841.88977 ]" },
	{ "signed-6.json", "surat-pindah", 1, "/MediaBox [ 0 0 595.27557 841.88977 ]" },
	/* the KIA is card-sized, 85.6 x 54 mm, front and back */
	{ "signed-7.json", "kia", 2, "/MediaBox [ 0 0 242.64568 153.01418 ]" },
};

static void
test_records(render *r)
{
	unsigned char *pdf = NULL, *again = NULL;
	size_t len = 0, len2 = 0, i;
	char name[64], want[80];
	int pages = 0, pages2 = 0, rc;
	json_t *rec;
	sg_err err;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *seal, *number;

		if ((rec = load(rows[i].file)) == NULL) {
			snprintf(name, sizeof name, "record#%zu", i);
			T_OK(name, 0, "cannot read %s", rows[i].file);
			continue;
		}
		seal = json_string_value(json_object_get(rec, "seal"));
		number = json_string_value(json_object_get(json_object_get(
		    rec, "issue"), "number"));
		rc = render_pdf(r, rec, &pdf, &len, &pages, &err);
		snprintf(name, sizeof name, "record#%zu", i);
		T_OK(name, rc == 0 && len > 1000 &&
		    memcmp(pdf, "%PDF-", 5) == 0 && strcmp(json_string_value(
		    json_object_get(rec, "type")), rows[i].type) == 0,
		    "rc %d %s %s: %s", rc,
		    err.code, err.where, err.message);
		if (rc != 0)
			goto next;
		snprintf(name, sizeof name, "pages#%zu", i);
		snprintf(want, sizeof want, "/Count %d", rows[i].pages);
		T_OK(name, pages == rows[i].pages && holds(pdf, len, want) &&
		    count(pdf, len, "/Type /Page\r") + count(pdf, len,
		    "/Type /Page\n") == (size_t)rows[i].pages,
		    "%d pages", pages);
		snprintf(name, sizeof name, "size#%zu", i);
		T_OK(name, holds(pdf, len, rows[i].mediabox), "not %s",
		    rows[i].mediabox);
		/* Keywords = the seal, Subject = the number, in the Info
		 * dictionary (where '%' and '/' are escaped) and again,
		 * verbatim, in the XMP packet */
		snprintf(name, sizeof name, "meta-seal#%zu", i);
		snprintf(want, sizeof want, "/Keywords (%.20s", seal ?
		    seal : "-");
		T_OK(name, seal != NULL && holds(pdf, len, want) &&
		    holds(pdf, len, "<pdf:Keywords>") && holds(pdf, len, seal),
		    "the seal is not in the metadata");
		snprintf(name, sizeof name, "meta-number#%zu", i);
		T_OK(name, number != NULL && holds(pdf, len, number) &&
		    holds(pdf, len, "pdfaid:part"), "number or PDF/A id missing");
		snprintf(name, sizeof name, "same-bytes#%zu", i);
		rc = render_pdf(r, rec, &again, &len2, &pages2, &err);
		T_OK(name, rc == 0 && len2 == len && memcmp(pdf, again, len) == 0,
		    "a second render differs");
		free(again);
		again = NULL;
next:
		free(pdf);
		pdf = NULL;
		json_decref(rec);
	}
}

/* A record changed after signing is refused, naming what differs. */
static void
test_mismatch(render *r)
{
	static const struct {
		const char *what, *path, *value, *code, *where;
	} bad[] = {
		{ "field", "fields", "nama_lengkap", "E-RENDER-MISMATCH", "fields" },
		{ "type", "", "akta-kematian", "E-RENDER-MISMATCH", "type" },
		{ "number", "issue", "7501-LT-23112026-0002",
		    "E-RENDER-MISMATCH", "issue.number" },
		{ "seal", "", "SG1:NOT A SEAL", "E-RENDER-SEAL", NULL },
	};
	unsigned char *pdf = NULL;
	size_t len = 0, i;
	char name[64];
	int pages = 0, rc;
	json_t *rec, *o;
	sg_err err;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "mismatch#%zu", i);
		if ((rec = load("signed-2.json")) == NULL) {
			T_OK(name, 0, "cannot read signed-2.json");
			continue;
		}
		if (strcmp(bad[i].what, "field") == 0) {
			o = json_object_get(rec, "fields");
			json_object_set_new(o, bad[i].value,
			    json_string("BUDI DIUBAH"));
		} else if (strcmp(bad[i].what, "number") == 0) {
			o = json_object_get(rec, "issue");
			json_object_set_new(o, "number",
			    json_string(bad[i].value));
		} else {
			json_object_set_new(rec, bad[i].what,
			    json_string(bad[i].value));
		}
		memset(&err, 0, sizeof err);
		rc = render_pdf(r, rec, &pdf, &len, &pages, &err);
		T_OK(name, rc != 0 && pdf == NULL &&
		    strcmp(err.code, bad[i].code) == 0 && (bad[i].where == NULL
		    || strcmp(err.where, bad[i].where) == 0),
		    "rc %d %s %s: %s", rc, err.code, err.where, err.message);
		free(pdf);
		pdf = NULL;
		json_decref(rec);
	}
	/* a good record still renders after the refusals */
	rec = load("signed-2.json");
	rc = rec ? render_pdf(r, rec, &pdf, &len, &pages, &err) : -1;
	T_OK("mismatch-recovers", rc == 0, "%s: %s", err.code, err.message);
	free(pdf);
	json_decref(rec);
}

/* A PDF as libharu lays one out (xref in order) of objects 1..n. */
static unsigned char *
mini_pdf(const char *const *obj, size_t n, size_t *len)
{
	static char p[4096];
	size_t off[16], k, l, x;

	l = (size_t)snprintf(p, sizeof p, "%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n");
	for (k = 0; k < n && k < 16; k++) {
		off[k] = l;
		l += (size_t)snprintf(p + l, sizeof p - l,
		    "%zu 0 obj\n%s\nendobj\n", k + 1, obj[k]);
	}
	x = l;
	l += (size_t)snprintf(p + l, sizeof p - l,
	    "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
	for (k = 0; k < n; k++)
		l += (size_t)snprintf(p + l, sizeof p - l,
		    "%010zu 00000 n\r\n", off[k]);
	l += (size_t)snprintf(p + l, sizeof p - l, "trailer\n<<\n/Root 1 0 R"
	    "\n/Size %zu\n>>\nstartxref\n%zu\n%%%%EOF\n", n + 1, x);
	*len = l;
	return (unsigned char *)p;
}

/* The number at pdf[*i, len) followed by s, *i past both; -1 if none. */
static long
num_then(const unsigned char *pdf, size_t len, size_t *i, const char *s)
{
	size_t j = *i, sl = strlen(s);
	long n = 0;

	if (j >= len || pdf[j] < '0' || pdf[j] > '9')
		return -1;
	for (; j < len && pdf[j] >= '0' && pdf[j] <= '9' && n < 1000000; j++)
		n = n * 10 + (pdf[j] - '0');
	if (len - j < sl || memcmp(pdf + j, s, sl) != 0)
		return -1;
	*i = j + sl;
	return n;
}

/* Every "N 0 R" in pdf's dictionaries names an object the file has. */
static int
refs_resolve(const unsigned char *pdf, size_t len)
{
	char have[256] = { 0 };
	long n;
	size_t i, j;

	for (i = 0; i < len; i++)
		if ((i == 0 || pdf[i - 1] == '\n') && (j = i,
		    n = num_then(pdf, len, &j, " 0 obj")) >= 0 &&
		    n < (long)sizeof have)
			have[n] = 1;
	for (i = 0; i + 1 < len; i++) {
		if (i >= 6 && memcmp(pdf + i - 6, "stream", 6) == 0 &&
		    (i < 9 || memcmp(pdf + i - 9, "end", 3) != 0))
			while (i + 9 < len && memcmp(pdf + i, "endstream", 9))
				i++;    /* not in stream data */
		if ((pdf[i] == ' ' || pdf[i] == '[') && (j = i + 1,
		    n = num_then(pdf, len, &j, " 0 R")) >= 0 &&
		    (n >= (long)sizeof have || !have[n]))
			return 0;
	}
	return 1;
}

static void
test_book(render *r)
{
	unsigned char *pa = NULL, *pb = NULL, *shell = NULL, *pdf = NULL;
	size_t la = 0, lb = 0, ls = 0, len = 0;
	int p1 = 0, p2 = 0, rc;
	json_t *a = load("signed-2.json"), *b = load("signed-1.json");
	book *bk = book_new(NULL);
	sg_err err;

	sg_err_clear(&err);
	rc = bk != NULL && a != NULL && b != NULL &&
	    render_pdf(r, a, &pa, &la, &p1, &err) == 0 &&
	    render_pdf(r, b, &pb, &lb, &p2, &err) == 0 &&
	    book_add(bk, pa, la, &err) == 0 &&
	    book_add(bk, pb, lb, &err) == 0 &&
	    render_book_shell(r, book_count(bk), &shell, &ls, &err) == 0 &&
	    book_finish(bk, shell, ls, &pdf, &len, &err) == 0 ? 0 : -1;
	/* the fonts' objects made once (render.c's stand-ins): copied
	 * into each document after its own, so the descendant font comes
	 * after the page (libharu itself makes it before) */
	T_OK("fonts-once", pa != NULL && obj_of(pa, la, "/Subtype "
	    "/CIDFontType2") > obj_of(pa, la, "/Type /Page\n") &&
	    obj_of(pa, la, "/Type /Page\n") > 0 &&
	    count(pa, la, "/DescendantFonts") == 1 &&
	    count(pa, la, "/FontFile2") == 1, "descendant %lu, page %lu",
	    pa ? obj_of(pa, la, "/Subtype /CIDFontType2") : 0,
	    pa ? obj_of(pa, la, "/Type /Page\n") : 0);
	T_OK("book", rc == 0 && p1 == 1 && p2 == 1 &&
	    holds(pdf, len, "/Count 2") &&
	    holds(pdf, len, "segel-render: 2 documents"),
	    "rc %d pages %d+%d: %s", rc, p1, p2, err.message);
	/* what both documents repeat (the fonts' objects) is there once */
	T_OK("book-shared", rc == 0 && count(pdf, len, "/FontFile2") == 1 &&
	    count(pdf, len, "/DescendantFonts") == 1 &&
	    count(pdf, len, "/Type /Page\n") == 2 && refs_resolve(pdf, len),
	    "font files %zu, pages %zu", count(pdf, len, "/FontFile2"),
	    count(pdf, len, "/Type /Page\n"));
	book_free(bk);
	free(pdf);
	pdf = NULL;
	/* a cycle (4 -> 5 -> 4): copied whole, each document its own; the
	 * same content (6) once */
	{
		static const char *const o[] = {
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << "
			    "/F1 4 0 R >> >> /Contents 6 0 R >>",
			"<< /Type /Font /Next 5 0 R >>",
			"<< /Back 4 0 R >>",
			"<< /Filler (same in both) >>",
		};
		unsigned char *m;
		size_t ml;

		bk = book_new(NULL);
		free(shell);
		shell = NULL;
		m = mini_pdf(o, 6, &ml);
		rc = bk != NULL && book_add(bk, m, ml, &err) == 0 &&
		    book_add(bk, m, ml, &err) == 0 &&
		    render_book_shell(r, book_count(bk), &shell, &ls,
		    &err) == 0 ? 0 : -1;
		free(pdf);
		pdf = NULL;
		rc = rc == 0 ? book_finish(bk, shell, ls, &pdf, &len, &err) :
		    rc;
		T_OK("book-cycle", rc == 0 && count(pdf, len, "/Next") == 2 &&
		    count(pdf, len, "/Back") == 2 &&
		    count(pdf, len, "(same in both)") == 1 &&
		    count(pdf, len, "/Type /Page ") == 2 &&
		    refs_resolve(pdf, len), "rc %d %s: /Next %zu /Back %zu "
		    "content %zu", rc, err.message, pdf ? count(pdf, len,
		    "/Next") : 0, pdf ? count(pdf, len, "/Back") : 0,
		    pdf ? count(pdf, len, "(same in both)") : 0);
		book_free(bk);
	}
	/* only render_pdf()'s own PDFs are taken */
	bk = book_new(NULL);
	rc = bk != NULL && pa != NULL ?
	    book_add(bk, pa, la / 2, &err) : 0;
	T_OK("book-refuses-cut-pdf", rc != 0 &&
	    strcmp(err.code, "E-BOOK-PDF") == 0, "rc %d %s", rc, err.code);
	rc = bk != NULL ? book_add(bk, (const unsigned char *)"%PDF-1.4\n", 9,
	    &err) : 0;
	T_OK("book-refuses-other-pdf", rc != 0, "rc %d", rc);
	book_free(bk);
	free(pa);
	free(pb);
	free(shell);
	free(pdf);
	json_decref(a);
	json_decref(b);
}

static const struct {
	const char *number, *want;
	size_t sz;
} names[] = {
	{ "7501-LT-23112026-0001", "7501-LT-23112026-0001.pdf", 64 },
	{ "a/b c", "a_b_c.pdf", 64 },
	{ ".hidden", "_hidden.pdf", 64 },
	{ "caf\xC3\xA9", "caf__.pdf", 64 },
	{ "", NULL, 64 },
	{ "toolong", NULL, 8 },
};

static void
test_file_name(void)
{
	char out[64], name[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(name, sizeof name, "file-name#%zu", i);
		rc = render_file_name(names[i].number, out, names[i].sz);
		if (names[i].want == NULL)
			T_OK(name, rc == -1, "accepted \"%s\"", out);
		else
			T_OK(name, rc == 0 && strcmp(out, names[i].want) == 0,
			    "rc %d \"%s\"", rc, out);
	}
}

/*
 * The page's text as libharu writes it (uncompressed: its own TextOut,
 * the fonts its subset) and as render_layout.c's text_out writes it
 * (compressed, the fonts embedded whole): the same content stream, byte
 * for byte, for a KK, an akta and a KIA.
 */
static void
test_text_out(render *r, render *rz)
{
	static const char *const files[] = { "signed-1.json", "signed-2.json",
	    "signed-7.json" };
	unsigned char *pa, *pb, *ca, *cb;
	size_t la, lb, na = 0, nb = 0, i;
	int pages;
	char name[32];
	json_t *rec;
	sg_err err;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		pa = pb = ca = cb = NULL;
		snprintf(name, sizeof name, "text-out#%zu", i);
		if ((rec = load(files[i])) != NULL &&
		    render_pdf(r, rec, &pa, &la, &pages, &err) == 0 &&
		    render_pdf(rz, rec, &pb, &lb, &pages, &err) == 0) {
			ca = page_content(pa, la, &na);
			cb = page_content(pb, lb, &nb);
		}
		T_OK(name, ca != NULL && cb != NULL && na == nb && na > 1000 &&
		    memcmp(ca, cb, na) == 0 && memmem(ca, na, "> Tj\n", 5),
		    "%s: %zu bytes against %zu", files[i], na, nb);
		/* render.c's HPDF_PDFA_GenerateID writes zeros, fix_id the
		 * document's digest over them */
		snprintf(name, sizeof name, "id-digest#%zu", i);
		T_OK(name, pa != NULL && pb != NULL && holds(pa, la, "/ID [ <") &&
		    !holds(pa, la, "<00000000000000000000000000000000>") &&
		    !holds(pb, lb, "<00000000000000000000000000000000>"),
		    "%s: the /ID left as zeros", files[i]);
		free(pa);
		free(pb);
		free(ca);
		free(cb);
		json_decref(rec);
	}
}

int
main(int argc, char **argv)
{
	const char *env = getenv("SEGEL_FORMATS");
	render *r = NULL, *rz = NULL;
	sg_err err = { "", "", "", "" };

	T_INIT(argc, argv);
	fmt_dir = env && env[0] ? env : "formats";
	types = doctype_set_load(fmt_dir, &err);
	codes = types ? codetab_set_load(fmt_dir, &err) : NULL;
	T_OK("load", types != NULL && codes != NULL, "%s %s: %s", err.code,
	    err.where, err.message);
	if (codes != NULL && (r = mk(0)) != NULL && (rz = mk(1)) != NULL) {
		test_records(r);
		test_mismatch(r);
		test_book(rz);
	}
	test_file_name();
	if (r != NULL && rz != NULL)
		test_text_out(r, rz);
	render_free(r);
	render_free(rz);
	codetab_set_free(codes);
	doctype_set_free(types);
	return T_DONE();
}
