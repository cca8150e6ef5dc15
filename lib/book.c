/*
 * book.c - the printer's book from the records' own PDFs (book.h).
 *
 * The PDFs are the ones render_pdf() made (libharu: one xref table, the
 * objects in order, no object streams), so the merge is a copy: each
 * record's pages and the objects they refer to (fonts, content, images)
 * are appended to the book under new numbers, the references in their
 * dictionaries renumbered and their stream data copied as it is, neither
 * inflated nor deflated again; an object the book has already, byte for
 * byte, is referred to, not copied (struct seen).  The record's catalog,
 * page tree, Info, XMP and OutputIntent are not reached from a page and
 * stay behind; the book's come from the shell, copied in the same way at
 * the end.  Object 1 is the book's page tree, written last.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "book.h"
#include "buf.h"
#include "siphash.h"

#define BOOK_PAGES 1UL          /* the book's page tree */
#define MAX_OBJECTS 1000000UL   /* in one source PDF */

struct book {
	sg_buf body;            /* the body so far */
	size_t *xoff;           /* offset of object k in p */
	unsigned long next;     /* the next object number */
	unsigned long *kids;
	size_t nkids, kcap;
	struct seen *seen;      /* the objects in body by their bytes */
	size_t nseen, seencap;  /* seencap a power of two, or 0 */
	const siphash_key *key;
	int failed;             /* out of memory once (body.err the same for
				 * the body), or finished: the book is lost */
};

/* One PDF being copied from. */
struct src {
	const unsigned char *p;
	size_t n;
	size_t *off;            /* object i at off[i]; 0: none */
	unsigned long nobj;
	size_t xref;            /* where the xref table starts */
	unsigned long root, info, pages;
	const unsigned char *id;        /* the trailer's /ID array */
	size_t idlen;
	unsigned long *map;     /* old number -> new; 0: not copied */
	unsigned char *open;    /* being copied (its references first) */
};

/*
 * An object in the book under its bytes after "N 0 obj" (its references
 * renumbered): an object of a record the same byte for byte as one the
 * book has is not copied again, the book's is used.  What each record's
 * PDF repeats (the fonts' objects: 18 of an akta's 24 KB) is in the book
 * once.  Only page objects keep a copy each (a page is in the tree once).
 */
struct seen {
	uint64_t h;
	unsigned long num;      /* 0: a free slot */
	size_t at, len;         /* the bytes in body */
};

static void graph_free(struct book_graph *g);

book *
book_new(sg_err *err)
{
	book *b = calloc(1, sizeof *b);

	/* the binary comment marks the file as binary (PDF/A-1 6.1.2) */
	if (b == NULL || sg_buf_reserve(&b->body, 1 << 16) != 0 ||
	    sg_buf_add(&b->body, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15) != 0) {
		book_free(b);
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return NULL;
	}
	b->next = BOOK_PAGES + 1;
	if ((b->key = siphash_process_key(err)) == NULL) {
		book_free(b);
		return NULL;
	}
	return b;
}

void
book_free(book *b)
{
	if (b == NULL)
		return;
	sg_buf_free(&b->body);
	free(b->xoff);
	free(b->kids);
	free(b->seen);
	free(b);
}

size_t
book_count(const book *b)
{
	return b->nkids;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == '\0';
}

static int
is_delim(int c)
{
	switch (c) {
	case '(': case ')': case '<': case '>': case '[': case ']':
	case '{': case '}': case '/': case '%':
		return 1;
	}
	return 0;
}

/* Neither white space nor a delimiter (every byte of a PDF is looked at
 * here: a test of its own, not strchr) */
static int
is_regular(int c)
{
	return !is_space(c) && !is_delim(c);
}

static int
digits(const unsigned char *p, size_t a, size_t e, unsigned long *v)
{
	size_t i;

	if (a == e || e - a > 9)
		return 0;
	*v = 0;
	for (i = a; i < e; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		*v = *v * 10 + (unsigned long)(p[i] - '0');
	}
	return 1;
}

/*
 * The next reference "N G R" in p[*pos, e), outside strings and
 * comments: 1 with its extent and N; 0 at e or at the keyword "stream"
 * (*pos left there).
 */
static int
next_ref(const unsigned char *p, size_t *pos, size_t e, size_t *ra,
    size_t *rb, unsigned long *num)
{
	size_t i = *pos, t, j, k;
	unsigned long gen;
	int depth;

	while (i < e) {
		if (p[i] == '(') {
			for (depth = 1, i++; i < e && depth > 0; i++) {
				if (p[i] == '\\')
					i++;
				else if (p[i] == '(')
					depth++;
				else if (p[i] == ')')
					depth--;
			}
			continue;
		}
		if (p[i] == '<' && i + 1 < e && p[i + 1] == '<') {
			i += 2;         /* a dictionary, not a hex string */
			continue;
		}
		if (p[i] == '<') {
			while (i < e && p[i] != '>')
				i++;
			i++;
			continue;
		}
		if (p[i] == '%') {
			while (i < e && p[i] != '\n' && p[i] != '\r')
				i++;
			continue;
		}
		if (!is_regular(p[i])) {
			i++;
			continue;
		}
		for (t = i; i < e && is_regular(p[i]); i++)
			;
		if (i - t == 6 && memcmp(p + t, "stream", 6) == 0) {
			*pos = t;
			return 0;
		}
		if (!digits(p, t, i, num))
			continue;
		for (j = i; j < e && is_space(p[j]); j++)
			;
		for (k = j; k < e && is_regular(p[k]); k++)
			;
		if (j == i || !digits(p, j, k, &gen))
			continue;
		for (j = k; j < e && is_space(p[j]); j++)
			;
		if (j == k || j >= e || p[j] != 'R' ||
		    (j + 1 < e && is_regular(p[j + 1])))
			continue;
		*ra = t;
		*rb = j + 1;
		*pos = j + 1;
		return 1;
	}
	*pos = e;
	return 0;
}

static const unsigned char *
find(const unsigned char *p, size_t a, size_t e, const char *s)
{
	size_t n = strlen(s), i;

	for (i = a; i + n <= e; i++)
		if (memcmp(p + i, s, n) == 0)
			return p + i;
	return NULL;
}

/* "/Key N 0 R" in p[a, e): N, or 0. */
static unsigned long
key_ref(const unsigned char *p, size_t a, size_t e, const char *key)
{
	const unsigned char *k = find(p, a, e, key);
	size_t pos, ra, rb;
	unsigned long num;

	if (k == NULL)
		return 0;
	pos = (size_t)(k - p) + strlen(key);
	if (!next_ref(p, &pos, e, &ra, &rb, &num) ||
	    ra != (size_t)(k - p) + strlen(key) + 1)
		return 0;
	return num;
}

/* The end of object i (where the next one or the xref starts). */
static size_t
obj_end(const struct src *s, unsigned long i)
{
	return i + 1 < s->nobj ? s->off[i + 1] : s->xref;
}

/* The xref table and trailer of a libharu PDF; -1 when it is not one. */
static int
src_read(struct src *s)
{
	const unsigned char *p = s->p, *t;
	size_t i, pos, e;
	unsigned long first, n, k, v;

	if (s->n < 64)
		return -1;
	for (i = s->n - 9; i > s->n - 64; i--)
		if (memcmp(p + i, "startxref", 9) == 0)
			break;
	if (i == s->n - 64)
		return -1;
	for (pos = i + 9; pos < s->n && is_space(p[pos]); pos++)
		;
	for (e = pos; e < s->n && p[e] >= '0' && p[e] <= '9'; e++)
		;
	if (!digits(p, pos, e, &v) || v + 5 > i || memcmp(p + v, "xref", 4))
		return -1;
	s->xref = v;
	pos = v + 4;
	/* "0 N" then N entries of 20 bytes */
	if (sscanf((const char *)p + pos, "%lu %lu", &first, &n) != 2 ||
	    first != 0 || n < 2 || n > MAX_OBJECTS)
		return -1;
	while (pos < i && is_space(p[pos]))
		pos++;
	while (pos < i && p[pos] != '\n')
		pos++;
	pos++;
	if (pos + 20 * n > i || (s->off = calloc(n, sizeof *s->off)) == NULL ||
	    (s->map = calloc(n, sizeof *s->map)) == NULL)
		return -1;
	s->nobj = n;
	for (k = 0; k < n; k++, pos += 20) {
		if (!digits(p, pos, pos + 9, &v) || p[pos + 17] != (k ? 'n' :
		    'f'))
			return -1;
		v = v * 10 + (unsigned long)(p[pos + 9] - '0');
		if (k > 0 && (v < 15 || v >= s->xref ||
		    (k > 1 && v <= s->off[k - 1])))
			return -1;  /* libharu writes them in order */
		s->off[k] = k ? v : 0;
	}
	if ((t = find(p, pos, i, "trailer")) == NULL)
		return -1;
	pos = (size_t)(t - p);
	s->root = key_ref(p, pos, i, "/Root");
	s->info = key_ref(p, pos, i, "/Info");
	if ((t = find(p, pos, i, "/ID")) != NULL) {
		s->id = t + 3;
		for (e = (size_t)(s->id - p); e < i && p[e] != ']'; e++)
			;
		s->idlen = e + 1 - (size_t)(s->id - p);
	}
	if (s->root == 0 || s->root >= n)
		return -1;
	s->pages = key_ref(p, s->off[s->root], obj_end(s, s->root), "/Pages");
	return s->pages > 0 && s->pages < n ? 0 : -1;
}

static void
src_clear(struct src *s)
{
	free(s->off);
	free(s->map);
	free(s->open);
}

/* The book's object the same as body[at, at + len) with hash h, or 0. */
static unsigned long
seen_find(const book *b, uint64_t h, size_t at, size_t len)
{
	size_t k;
	const struct seen *x;

	if (b->seencap == 0)
		return 0;
	for (k = (size_t)h & (b->seencap - 1); b->seen[k].num != 0;
	    k = (k + 1) & (b->seencap - 1)) {
		x = &b->seen[k];
		if (x->h == h && x->len == len &&
		    memcmp(b->body.p + x->at, b->body.p + at, len) == 0)
			return x->num;
	}
	return 0;
}

static int
seen_add(book *b, uint64_t h, unsigned long num, size_t at, size_t len)
{
	struct seen *t, *old = b->seen;
	size_t i, k, cap = b->seencap;

	if (2 * (b->nseen + 1) > cap) {
		cap = cap ? 2 * cap : 1024;
		if ((t = calloc(cap, sizeof *t)) == NULL) {
			b->failed = 1;
			return -1;
		}
		b->seen = t;
		b->seencap = cap;
		b->nseen = 0;
		for (i = 0; old != NULL && i < cap / 2; i++)
			if (old[i].num != 0 && seen_add(b, old[i].h,
			    old[i].num, old[i].at, old[i].len) != 0)
				return -1;
		free(old);
	}
	for (k = (size_t)h & (cap - 1); b->seen[k].num != 0;
	    k = (k + 1) & (cap - 1))
		;
	b->seen[k] = (struct seen){ h, num, at, len };
	b->nseen++;
	return 0;
}

/*
 * Object i into the book, its references renumbered (every object it
 * refers to is in already), under s->map[i] when it has a number, else
 * under the number of the book's object with the same bytes when share
 * and there is one (nothing written), else under a new one.
 */
static int
place_obj(book *b, struct src *s, unsigned long i, int share)
{
	const unsigned char *p = s->p;
	size_t a = s->off[i], e = obj_end(s, i), pos, ra, rb, from, start,
	    rest;
	const unsigned char *o = find(p, a, a + 24 < e ? a + 24 : e, "obj");
	unsigned long num, to = s->map[i] ? s->map[i] : b->next, same;
	uint64_t h;
	size_t *nx;

	if (o == NULL)
		return -1;
	start = b->body.len;
	if (sg_buf_addf(&b->body, "%lu 0 obj", to) != 0)
		return -1;
	rest = b->body.len;
	from = pos = (size_t)(o - p) + 3;
	while (next_ref(p, &pos, e, &ra, &rb, &num)) {
		if (num >= s->nobj || s->map[num] == 0)
			return -1;
		if (sg_buf_add(&b->body, p + from, ra - from) != 0 ||
		    sg_buf_addf(&b->body, "%lu 0 R", s->map[num]) != 0)
			return -1;
		from = rb;
	}
	if (sg_buf_add(&b->body, p + from, e - from) != 0)
		return -1;
	h = siphash(b->key, b->body.p + rest, b->body.len - rest);
	if (share && s->map[i] == 0 &&
	    (same = seen_find(b, h, rest, b->body.len - rest)) != 0) {
		sg_buf_truncate(&b->body, start);
		s->map[i] = same;
		return 0;
	}
	if (s->map[i] == 0)
		s->map[i] = b->next++;
	if ((nx = realloc(b->xoff, b->next * sizeof *nx)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->xoff = nx;
	b->xoff[s->map[i]] = start;
	return share ? seen_add(b, h, s->map[i], rest, b->body.len - rest) : 0;
}

/*
 * Copy object root and everything it refers to, depth first, each object
 * after those it refers to (so that its bytes are known before it is
 * placed); objects already mapped are not followed (the page tree, which
 * maps to the book's).  An object met again while its own references are
 * being copied (a cycle) gets its number then and no sharing.  root, a
 * page or the shell's catalog, is never shared.
 */
static int
copy_tree(book *b, struct src *s, unsigned long root)
{
	struct frame {
		unsigned long i;
		size_t pos;
	} *st;
	size_t n = 0, ra, rb;
	unsigned long num;
	int rc = -1;

	if (s->map[root] != 0)
		return 0;
	if (s->open == NULL && (s->open = calloc(s->nobj, 1)) == NULL) {
		b->failed = 1;
		return -1;
	}
	if ((st = malloc(s->nobj * sizeof *st)) == NULL) {
		b->failed = 1;
		return -1;
	}
	if (s->off[root] == 0)
		goto out;
	s->open[root] = 1;
	st[n++] = (struct frame){ root, s->off[root] };
	while (n > 0) {
		struct frame *f = &st[n - 1];

		if (next_ref(s->p, &f->pos, obj_end(s, f->i), &ra, &rb,
		    &num)) {
			if (num == 0 || num >= s->nobj || s->off[num] == 0)
				goto out;
			if (s->open[num]) {
				if (s->map[num] == 0)
					s->map[num] = b->next++;
			} else if (s->map[num] == 0) {
				/* each object is on the stack once */
				s->open[num] = 1;
				st[n++] = (struct frame){ num, s->off[num] };
			}
			continue;
		}
		if (place_obj(b, s, f->i, f->i != root) != 0)
			goto out;
		s->open[f->i] = 0;
		n--;
	}
	rc = 0;
out:
	free(st);
	return rc;
}

static int
bad(book *b, sg_err *err)
{
	if (b->failed || b->body.err != 0)
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
	else
		sg_err_set(err, "E-BOOK-PDF", "", "a record's PDF is not "
		    "as segel-render makes them");
	return -1;
}

int
book_add(book *b, const unsigned char *pdf, size_t len, sg_err *err)
{
	struct src s;
	const unsigned char *k;
	unsigned long kid, *nk;
	size_t pos, ra, rb, e;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.p = pdf;
	s.n = len;
	if (b->failed || src_read(&s) != 0)
		goto out;
	/* the record's page tree is the book's */
	s.map[s.pages] = BOOK_PAGES;
	e = obj_end(&s, s.pages);
	if ((k = find(pdf, s.off[s.pages], e, "/Kids")) == NULL)
		goto out;
	pos = (size_t)(k - pdf);
	while (next_ref(pdf, &pos, e, &ra, &rb, &kid)) {
		if (kid == 0 || kid >= s.nobj || s.map[kid] != 0 ||
		    copy_tree(b, &s, kid) != 0)
			goto out;
		if (b->nkids == b->kcap) {
			b->kcap = b->kcap ? 2 * b->kcap : 256;
			if ((nk = realloc(b->kids, b->kcap * sizeof *nk)) ==
			    NULL) {
				b->failed = 1;
				goto out;
			}
			b->kids = nk;
		}
		b->kids[b->nkids++] = s.map[kid];
	}
	rc = 0;
out:
	src_clear(&s);
	return rc == 0 ? 0 : bad(b, err);
}

int
book_finish(book *b, const unsigned char *shell, size_t shell_len,
    unsigned char **pdf, size_t *len, sg_err *err)
{
	sg_buf *o = &b->body;
	struct src s;
	size_t i, xref, *nx;
	unsigned long info = 0;
	int rc = -1;

	*pdf = NULL;
	*len = 0;
	memset(&s, 0, sizeof s);
	s.p = shell;
	s.n = shell_len;
	if (b->failed || src_read(&s) != 0 || s.id == NULL)
		goto out;
	s.map[s.pages] = BOOK_PAGES;
	if (copy_tree(b, &s, s.root) != 0 || (s.info != 0 && s.info <
	    s.nobj && copy_tree(b, &s, s.info) != 0))
		goto out;
	info = s.info != 0 ? s.map[s.info] : 0;
	if ((nx = realloc(b->xoff, b->next * sizeof *nx)) == NULL) {
		b->failed = 1;
		goto out;
	}
	b->xoff = nx;
	b->xoff[BOOK_PAGES] = o->len;
	/* the body's bytes, one check at the end (the error is sticky) */
	sg_buf_addf(o, "%lu 0 obj\n<<\n/Type /Pages\n/Kids [", BOOK_PAGES);
	for (i = 0; i < b->nkids; i++)
		sg_buf_addf(o, " %lu 0 R", b->kids[i]);
	sg_buf_addf(o, " ]\n/Count %zu\n>>\nendobj\n", b->nkids);
	xref = o->len;
	sg_buf_addf(o, "xref\n0 %lu\n0000000000 65535 f\r\n", b->next);
	for (i = 1; i < b->next; i++)
		sg_buf_addf(o, "%010zu 00000 n\r\n", b->xoff[i]);
	sg_buf_addf(o, "trailer\n<<\n/Root %lu 0 R\n", s.map[s.root]);
	if (info != 0)
		sg_buf_addf(o, "/Info %lu 0 R\n", info);
	sg_buf_add(o, "/ID", 3);
	sg_buf_add(o, s.id, s.idlen);
	sg_buf_addf(o, "\n/Size %lu\n>>\nstartxref\n%zu\n%%%%EOF\n", b->next,
	    xref);
	if (o->err != 0)
		goto out;
	*pdf = sg_buf_take(o, len);
	b->failed = 1;          /* finished: nothing more goes in */
	rc = 0;
out:
	src_clear(&s);
	return rc == 0 ? 0 : bad(b, err);
}

/*
 * Streams are deflated (zlib format, as /FlateDecode wants) by libdeflate
 * at level 1: it takes a whole buffer at once, which is what a stream is
 * here, and on a page's content stream it is 2.5 times faster than zlib's
 * level 1 and a little smaller (docs/FACTS.md); deflating was a tenth of
 * a document's render.  One compressor for the process (allocating one
 * costs more than a page's deflating).  The larger streams that are the
 * same in every document of a process (the ToUnicode map; the font file
 * and its CIDToGIDMap come deflated in a book_font) are kept deflated, a
 * few of them, and reused.  Not thread-safe, like the renderer.
 */
#define MEMO_N 4
#define MEMO_MIN 4096   /* smaller streams (page content) are not kept */

static struct memo {
	unsigned char *raw, *z;
	size_t rawlen, zlen;
} memo[MEMO_N];
static unsigned memo_next;
static struct libdeflate_compressor *fast;
static unsigned char *zbuf;
static size_t zcap;

static int
deflate_memo(const unsigned char *raw, size_t n, const unsigned char **z,
    size_t *zlen)
{
	struct memo *m;
	unsigned char *r, *c, *nb;
	size_t i, bound, out;

	for (i = 0; i < MEMO_N; i++)
		if (memo[i].raw != NULL && memo[i].rawlen == n &&
		    memcmp(memo[i].raw, raw, n) == 0) {
			*z = memo[i].z;
			*zlen = memo[i].zlen;
			return 0;
		}
	if (n > UINT_MAX / 2)
		return -1;
	if (fast == NULL && (fast = libdeflate_alloc_compressor(1)) == NULL)
		return -1;
	bound = libdeflate_zlib_compress_bound(fast, n);
	if (bound > zcap) {
		if ((nb = realloc(zbuf, bound)) == NULL)
			return -1;
		zbuf = nb;
		zcap = bound;
	}
	if ((out = libdeflate_zlib_compress(fast, raw, n, zbuf, bound)) == 0)
		return -1;
	*z = zbuf;
	*zlen = out;
	if (n < MEMO_MIN)
		return 0;
	/* kept: a copy of both, in the oldest of the few places */
	if ((r = malloc(n)) == NULL || (c = malloc(out ? out : 1)) == NULL) {
		free(r);
		return 0;
	}
	memcpy(r, raw, n);
	memcpy(c, zbuf, out);
	m = &memo[memo_next++ % MEMO_N];
	free(m->raw);
	free(m->z);
	m->raw = r;
	m->rawlen = n;
	m->z = c;
	m->zlen = out;
	return 0;
}

/*
 * libharu's UTF-8 encoder writes its encoding CMap (one "begincidrange"
 * <0000> <FFFF> 0) as the font's /ToUnicode, which a ToUnicode CMap may
 * not be: poppler warns "Invalid 'begincidrange' operator in ToUnicode
 * CMap" on every document and has to guess.  Its codes are the text's
 * Unicode values (BMP, two bytes: "REPUBLIK" is <0052 0045 ...>), so the
 * right map is the identity: bfranges <XX00> <XXFF> <XX00>, which may not
 * cross a high byte, for every high byte but the surrogates, 100 ranges a
 * block as the CMap syntax wants.  Made once.
 */
static const char *
tounicode(size_t *len)
{
	static char cmap[16384];
	static size_t n;
	unsigned hi, k = 0;

	if (n != 0) {
		*len = n;
		return cmap;
	}
	n = (size_t)snprintf(cmap, sizeof cmap, "/CIDInit /ProcSet findresource "
	    "begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
	    "(Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName "
	    "/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
	    "<0000> <FFFF>\nendcodespacerange\n");
	for (hi = 0; hi <= 0xFF; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (k % 100 == 0)
			n += (size_t)snprintf(cmap + n, sizeof cmap - n, "%s%u "
			    "beginbfrange\n", k ? "endbfrange\n" : "",
			    (248 - k) < 100 ? 248 - k : 100);
		n += (size_t)snprintf(cmap + n, sizeof cmap - n, "<%02X00> "
		    "<%02XFF> <%02X00>\n", hi, hi, hi);
		k++;
	}
	n += (size_t)snprintf(cmap + n, sizeof cmap - n, "endbfrange\nendcmap\n"
	    "CMapName currentdict /CMap defineresource pop\nend\nend\n");
	*len = n;
	return cmap;
}

/* Is this raw stream libharu's UTF-8 encoding CMap (tounicode())? */
static int
harus_cmap(const unsigned char *p, size_t n)
{
	static const char sig[] = "%!PS-Adobe-3.0 Resource-CMap";
	static const char range[] = "begincidrange\r\n<0000> <FFFF> 0";

	return n > sizeof sig && n < 4096 &&
	    memcmp(p, sig, sizeof sig - 1) == 0 &&
	    find(p, 0, n, range) != NULL;
}

/* raw deflated well (level 9), once per process; *z malloc'd */
static int
deflate_once(const unsigned char *raw, size_t n, unsigned char **z,
    size_t *zn)
{
	struct libdeflate_compressor *c;
	size_t bound;

	*z = NULL;
	if (n > UINT_MAX / 2 || (c = libdeflate_alloc_compressor(9)) == NULL)
		return -1;
	bound = libdeflate_zlib_compress_bound(c, n);
	if ((*z = malloc(bound)) != NULL &&
	    (*zn = libdeflate_zlib_compress(c, raw, n, *z, bound)) == 0) {
		free(*z);
		*z = NULL;
	}
	libdeflate_free_compressor(c);
	return *z == NULL ? -1 : 0;
}

int
book_font_set(book_font *f, const char *name, unsigned k,
    const unsigned char *ttf, size_t n, const unsigned char *map,
    size_t mapn, sg_err *err)
{
	memset(f, 0, sizeof *f);
	if (strlen(name) >= sizeof f->name || k >= 26) {
		sg_err_set(err, "E-RENDER-FONT", name, "cannot embed the font "
		    "(name too long or too many fonts)");
		return -1;
	}
	memcpy(f->name, name, strlen(name) + 1);
	snprintf(f->tag, sizeof f->tag, "HPDFA%c", 'A' + (int)k);
	f->filelen = n;
	if (deflate_once(ttf, n, &f->file, &f->filez) != 0 ||
	    deflate_once(map, mapn, &f->map, &f->mapz) != 0) {
		book_font_clear(f);
		sg_err_set(err, "E-SYSTEM", "", "out of memory");
		return -1;
	}
	return 0;
}

void
book_font_clear(book_font *f)
{
	free(f->file);
	free(f->map);
	graph_free(f->graph);
	memset(f, 0, sizeof *f);
}

/*
 * Is the dictionary p[a, e) one of the fonts' objects (their Type0 font,
 * CIDFontType2 or FontDescriptor)?  The font's index, and in *at where
 * its name starts (after the slash), in *kind what it gets: 1 the font
 * file (the descriptor), 2 the CIDToGIDMap (the CIDFont), 0 only the
 * tag (the Type0 font).  -1: none of them.
 */
static int
font_obj(const unsigned char *p, size_t a, size_t e, const book_font *fonts,
    size_t nfonts, size_t *at, int *kind)
{
	const unsigned char *k;
	size_t i, j, l;

	if ((k = find(p, a, e, "/FontName /")) != NULL &&
	    find(p, a, e, "/Type /FontDescriptor") != NULL)
		*kind = 1;
	else if ((k = find(p, a, e, "/BaseFont /")) != NULL)
		*kind = find(p, a, e, "/Subtype /CIDFontType2") != NULL ? 2 : 0;
	else
		return -1;
	j = (size_t)(k - p) + 11;
	for (i = 0; i < nfonts; i++) {
		l = strlen(fonts[i].name);
		if (j + l < e && memcmp(p + j, fonts[i].name, l) == 0 &&
		    !is_regular(p[j + l])) {
			*at = j;
			return (int)i;
		}
	}
	return -1;
}

/*
 * A font's objects as the probe holds them (book_fonts_probe), taken
 * apart once: object k (0 the Type0 dictionary, the others in the order
 * found from it) is its bytes after "N 0 obj" with the references cut
 * out, each reference kept as where it goes and which object it names.
 */
struct book_graph {
	size_t nobj, nref;
	unsigned char *bytes;
	struct gobj {
		size_t off, len, ref0, nref;
	} *obj;
	struct gref {
		size_t at;      /* in the object's bytes */
		size_t idx;     /* the object it names */
	} *ref;
};

static void
graph_free(struct book_graph *g)
{
	if (g == NULL)
		return;
	free(g->bytes);
	free(g->obj);
	free(g->ref);
	free(g);
}

/* The graph of the objects root leads to in s; NULL when one is not in
 * s or out of memory. */
static struct book_graph *
graph_take(const struct src *s, unsigned long root)
{
	struct book_graph *g;
	unsigned long *idx = NULL, *order = NULL, num, i;
	size_t n = 0, k, pos, ra, rb, from, e, cap = 0, rcap = 0, blen = 0;
	const unsigned char *o;
	void *np;

	if ((g = calloc(1, sizeof *g)) == NULL ||
	    (idx = calloc(s->nobj, sizeof *idx)) == NULL ||
	    (order = calloc(s->nobj, sizeof *order)) == NULL)
		goto bad;
	idx[root] = 1;
	order[n++] = root;
	/* the objects, numbered 1.. in the order found */
	for (k = 0; k < n; k++) {
		i = order[k];
		pos = s->off[i];
		while (next_ref(s->p, &pos, obj_end(s, i), &ra, &rb, &num)) {
			if (num == 0 || num >= s->nobj || s->off[num] == 0)
				goto bad;
			if (idx[num] == 0) {
				idx[num] = n + 1;
				order[n++] = num;
			}
		}
	}
	for (k = 0; k < n; k++) {
		i = order[k];
		e = obj_end(s, i);
		if ((o = find(s->p, s->off[i], s->off[i] + 24 < e ?
		    s->off[i] + 24 : e, "obj")) == NULL)
			goto bad;
		cap += e - (size_t)(o + 3 - s->p);
	}
	if ((g->bytes = malloc(cap ? cap : 1)) == NULL ||
	    (g->obj = calloc(n, sizeof *g->obj)) == NULL)
		goto bad;
	g->nobj = n;
	for (k = 0; k < n; k++) {
		i = order[k];
		e = obj_end(s, i);
		o = find(s->p, s->off[i], s->off[i] + 24 < e ? s->off[i] + 24 :
		    e, "obj");
		from = pos = (size_t)(o + 3 - s->p);
		g->obj[k].off = blen;
		g->obj[k].ref0 = g->nref;
		while (next_ref(s->p, &pos, e, &ra, &rb, &num)) {
			if (g->nref == rcap) {
				rcap = rcap ? 2 * rcap : 16;
				if ((np = realloc(g->ref, rcap * sizeof *g->ref))
				    == NULL)
					goto bad;
				g->ref = np;
			}
			memcpy(g->bytes + blen, s->p + from, ra - from);
			blen += ra - from;
			g->ref[g->nref].at = blen - g->obj[k].off;
			g->ref[g->nref++].idx = idx[num] - 1;
			g->obj[k].nref++;
			from = rb;
		}
		memcpy(g->bytes + blen, s->p + from, e - from);
		blen += e - from;
		g->obj[k].len = blen - g->obj[k].off;
	}
	free(idx);
	free(order);
	return g;
bad:
	free(idx);
	free(order);
	graph_free(g);
	return NULL;
}

/* Object k of g as b's object num, object 0 numbered root and object
 * j > 0 base + j - 1. */
static int
graph_put(book *b, const struct book_graph *g, size_t k, unsigned long num,
    unsigned long root, unsigned long base)
{
	const struct gobj *ob = &g->obj[k];
	const unsigned char *p = g->bytes + ob->off;
	size_t r, from = 0, j;

	b->xoff[num] = b->body.len;
	sg_buf_addf(&b->body, "%lu 0 obj", num);
	for (r = ob->ref0; r < ob->ref0 + ob->nref; r++) {
		j = g->ref[r].idx;
		sg_buf_add(&b->body, p + from, g->ref[r].at - from);
		sg_buf_addf(&b->body, "%lu 0 R", j == 0 ? root :
		    base + (unsigned long)j - 1);
		from = g->ref[r].at;
	}
	sg_buf_add(&b->body, p + from, ob->len - from);
	return b->body.err != 0 ? -1 : 0;
}

/* Room in b's offsets for objects below n. */
static int
xoff_room(book *b, unsigned long n)
{
	size_t *nx;

	if ((nx = realloc(b->xoff, n * sizeof *nx)) == NULL)
		return -1;
	b->xoff = nx;
	return 0;
}

int
book_fonts_probe(const unsigned char *pdf, size_t len, book_font *fonts,
    size_t nfonts)
{
	struct src s;
	unsigned long i, root[26] = { 0 };
	size_t k, e;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.p = pdf;
	s.n = len;
	if (nfonts > 26 || src_read(&s) != 0)
		goto out;
	/* each font's Type0 dictionary: its name tagged, its descendant */
	for (i = 1; i < s.nobj; i++) {
		const unsigned char *bf;

		e = obj_end(&s, i);
		if (find(pdf, s.off[i], e, "/Subtype /Type0") == NULL ||
		    find(pdf, s.off[i], e, "/DescendantFonts") == NULL ||
		    (bf = find(pdf, s.off[i], e, "/BaseFont /")) == NULL)
			continue;
		for (k = 0; k < nfonts; k++) {
			size_t tl = strlen(fonts[k].tag), nl = strlen(fonts[k].name);
			const unsigned char *q = bf + 11;

			if ((size_t)(pdf + e - q) > tl + 1 + nl &&
			    memcmp(q, fonts[k].tag, tl) == 0 && q[tl] == '+' &&
			    memcmp(q + tl + 1, fonts[k].name, nl) == 0 &&
			    !is_regular(q[tl + 1 + nl]))
				root[k] = i;
		}
	}
	for (k = 0; k < nfonts; k++) {
		graph_free(fonts[k].graph);
		fonts[k].graph = root[k] != 0 ? graph_take(&s, root[k]) : NULL;
		if (fonts[k].graph == NULL)
			goto out;
	}
	rc = 0;
out:
	src_clear(&s);
	return rc;
}

/* "N 0 obj" a deflated stream of raw length raw (/Length1 if font) */
static int
put_stream(book *b, unsigned long num, const unsigned char *z, size_t zn,
    size_t raw, int font)
{
	sg_buf *o = &b->body;

	b->xoff[num] = o->len;
	sg_buf_addf(o, "%lu 0 obj\n<<\n/Length %zu\n", num, zn);
	if (font)
		sg_buf_addf(o, "/Length1 %zu\n", raw);
	sg_buf_addf(o, "/Filter [ /FlateDecode ]\n>>\nstream\n");
	sg_buf_add(o, z, zn);
	sg_buf_add(o, "\nendstream\nendobj\n", 18);
	return o->err != 0 ? -1 : 0;
}

/* The integer object i holds ("N 0 obj\n386\nendobj"); -1 if not one. */
static long
int_obj(const struct src *s, unsigned long i)
{
	const unsigned char *o;
	size_t pos, e;
	unsigned long v;

	if (i == 0 || i >= s->nobj || s->off[i] == 0 ||
	    (o = find(s->p, s->off[i], obj_end(s, i), "obj")) == NULL)
		return -1;
	for (pos = (size_t)(o - s->p) + 3; pos < s->xref &&
	    is_space(s->p[pos]); pos++)
		;
	for (e = pos; e < s->xref && s->p[e] >= '0' && s->p[e] <= '9'; e++)
		;
	return digits(s->p, pos, e, &v) ? (long)v : -1;
}

int
book_pack(const unsigned char *pdf, size_t len, const book_font *fonts,
    size_t nfonts, int deflate, unsigned char **out, size_t *outlen,
    sg_err *err)
{
	struct src s;
	book b;
	sg_buf *o = &b.body;
	const unsigned char *z, *t, *dict, *raw;
	size_t *newlen = NULL, i, a, e, pos, ra, rb, ds, zlen, xref, rawn, at;
	unsigned long num, lo, *extra = NULL;
	struct {                /* the stand-ins met (render.c) */
		int f;
		unsigned long root, base;
	} pend[26];
	size_t npend = 0;
	unsigned order[26], nused = 0, k;
	long n;
	int rc = -1, f, kind;

	*out = NULL;
	*outlen = 0;
	memset(&s, 0, sizeof s);
	memset(&b, 0, sizeof b);
	s.p = pdf;
	s.n = len;
	if (nfonts > 26 || src_read(&s) != 0 || (newlen = calloc(s.nobj,
	    sizeof *newlen)) == NULL || (b.xoff = calloc(s.nobj + 2 * nfonts,
	    sizeof *b.xoff)) == NULL || (extra = calloc(nfonts + 1,
	    sizeof *extra)) == NULL || sg_buf_reserve(o, 1 << 16) != 0)
		goto out;
	/* the bytes, checked where they are written into and at the end
	 * (the buffer's error is sticky) */
	sg_buf_add(o, pdf, s.off[1]);
	b.next = s.nobj;
	for (i = 1; i < s.nobj; i++) {
		a = s.off[i];
		e = obj_end(&s, i);
		b.xoff[i] = o->len;
		if (newlen[i] != 0) {
			sg_buf_addf(o, "%zu 0 obj\n%zu\nendobj\n", i,
			    newlen[i] - 1);
			continue;
		}
		pos = a;
		while (next_ref(pdf, &pos, e, &ra, &rb, &num))
			;
		/* a font's stand-in (render.c): the font's objects as the
		 * probe has them, renumbered, the stand-in's number theirs */
		if (pos == e && nfonts > 0 && (f = font_obj(pdf, a, e, fonts,
		    nfonts, &at, &kind)) >= 0 && kind == 0 &&
		    find(pdf, a, e, "/DescendantFonts") == NULL) {
			if (fonts[f].graph == NULL || npend == 26 ||
			    graph_put(&b, fonts[f].graph, 0, i, i, b.next) != 0)
				goto out;
			pend[npend].f = f;
			pend[npend].root = i;
			pend[npend++].base = b.next;
			b.next += fonts[f].graph->nobj - 1;
			continue;
		}
		/* a font loaded without embedding: its tag, file and map */
		if (pos == e && nfonts > 0 && (f = font_obj(pdf, a, e, fonts,
		    nfonts, &at, &kind)) >= 0 &&
		    (dict = find(pdf, a, at, "<<")) != NULL) {
			if (extra[f] == 0) {
				extra[f] = b.next;
				b.next += 2;
				order[nused++] = (unsigned)f;
			}
			t = dict + 2;
			sg_buf_add(o, pdf + a, (size_t)(t - pdf) - a);
			if (kind == 1)
				sg_buf_addf(o, "\n/FontFile2 %lu 0 R",
				    extra[f]);
			else if (kind == 2)
				sg_buf_addf(o, "\n/CIDToGIDMap %lu 0 R",
				    extra[f] + 1);
			sg_buf_add(o, t, at - (size_t)(t - pdf));
			sg_buf_addf(o, "%s+", fonts[f].tag);
			sg_buf_add(o, pdf + at, e - at);
			continue;
		}
		/* a stream libharu left raw; the XMP and the ICC profile
		 * stay so, as before */
		if (pos == e || find(pdf, a, pos, "/Filter") != NULL ||
		    find(pdf, a, pos, "/Metadata") != NULL ||
		    find(pdf, a, pos, "/Alternate") != NULL) {
			if (sg_buf_add(o, pdf + a, e - a) != 0)
				goto out;
			/* libharu 2.3.0 names the XMP's subtype /SubType:
			 * PDF/A-1 and poppler ("Unknown Metadata type")
			 * want /Subtype /XML; the same length, in place */
			if ((t = find(pdf, a, pos, "/SubType /XML")) != NULL)
				memcpy(o->p + o->len - (e - a) + (size_t)(t -
				    (pdf + a)), "/Subtype", 8);
			continue;
		}
		lo = key_ref(pdf, a, pos, "/Length");
		ds = pos + 6;
		if (ds < e && pdf[ds] == '\r')
			ds++;
		if (ds < e && pdf[ds] == '\n')
			ds++;
		if (lo <= i || (n = int_obj(&s, lo)) < 0 || ds + (size_t)n > e ||
		    (dict = find(pdf, a, pos, "<<")) == NULL)
			goto out;
		raw = pdf + ds;
		rawn = (size_t)n;
		if (harus_cmap(raw, rawn))
			raw = (const unsigned char *)tounicode(&rawn);
		else if (!deflate) {
			sg_buf_add(o, pdf + a, e - a);
			continue;
		}
		z = raw;
		zlen = rawn;
		if (deflate && deflate_memo(raw, rawn, &z, &zlen) != 0)
			goto out;
		t = dict + 2;
		sg_buf_add(o, pdf + a, (size_t)(t - pdf) - a);
		if (deflate)
			sg_buf_add(o, "\n/Filter [ /FlateDecode ]", 25);
		sg_buf_add(o, t, pos - (size_t)(t - pdf));
		sg_buf_add(o, "stream\n", 7);
		sg_buf_add(o, z, zlen);
		sg_buf_add(o, "\nendstream\nendobj\n", 18);
		newlen[lo] = zlen + 1;
	}
	/* the fonts' objects the stand-ins led to, after the document's */
	if (xoff_room(&b, b.next + 2 * nfonts) != 0)
		goto out;
	for (k = 0; k < npend; k++) {
		const struct book_graph *g = fonts[pend[k].f].graph;
		size_t j;

		for (j = 1; j < g->nobj; j++)
			if (graph_put(&b, g, j, pend[k].base + j - 1,
			    pend[k].root, pend[k].base) != 0)
				goto out;
	}
	for (k = 0; k < nused; k++) {
		const book_font *ft = &fonts[order[k]];

		if (put_stream(&b, extra[order[k]], ft->file, ft->filez,
		    ft->filelen, 1) != 0 || put_stream(&b, extra[order[k]] + 1,
		    ft->map, ft->mapz, 0, 0) != 0)
			goto out;
	}
	xref = o->len;
	sg_buf_addf(o, "xref\n0 %lu\n0000000000 65535 f\r\n", b.next);
	for (i = 1; i < b.next; i++)
		sg_buf_addf(o, "%010zu 00000 n\r\n", b.xoff[i]);
	/* the trailer, its /Size counting the objects added */
	if ((t = find(pdf, s.xref, len, "trailer")) == NULL ||
	    (z = find(pdf, (size_t)(t - pdf), len, "startxref")) == NULL ||
	    (dict = find(pdf, (size_t)(t - pdf), (size_t)(z - pdf),
	    "/Size ")) == NULL)
		goto out;
	for (raw = dict + 6; raw < z && *raw >= '0' && *raw <= '9'; raw++)
		;
	sg_buf_add(o, t, (size_t)(dict - t));
	sg_buf_addf(o, "/Size %lu", b.next);
	sg_buf_add(o, raw, (size_t)(z - raw));
	sg_buf_addf(o, "startxref\n%zu\n%%%%EOF\n", xref);
	if (o->err != 0)
		goto out;
	*out = sg_buf_take(o, outlen);
	rc = 0;
out:
	free(b.xoff);
	free(newlen);
	free(extra);
	src_clear(&s);
	if (rc != 0)
		sg_err_set(err, o->err != 0 ? "E-SYSTEM" : "E-RENDER-PDF", "",
		    o->err != 0 ? "out of memory" : "cannot deflate the PDF's "
		    "streams");
	sg_buf_free(o);
	return rc;
}
