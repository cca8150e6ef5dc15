/*
 * region.c - the region code tables.
 *
 * Both files are read whole into one buffer each; the buffers are the
 * arena: fields are cut in place (NUL-terminated, unquoted, trimmed) and
 * entries point into them.  Every code becomes an integer key
 * (PPRRDDVVVV * 10 + level) so the hierarchical order of the codes is the
 * numeric order of the keys, a lookup is a binary search, and everything
 * under a code is one contiguous run.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "file.h"
#include "region.h"
#include "text.h"

#define RG_MAX_FILE (64L * 1024 * 1024) /* the real files are 2.6 MB */
#define RG_NORM 160                     /* longer names never match */

struct rg_ent {
	uint64_t key;
	region_entry pub;
};

struct rg_hist {
	uint64_t key;
	region_hist pub;
};

struct region_table {
	char *cur_buf, *hist_buf;
	struct rg_ent *ent;
	size_t nent;
	struct rg_hist *hist;
	size_t nhist;
	int year;
};

static const char *const rg_level_name[] = {
	"", "provinsi", "kabupaten/kota", "kecamatan", "desa/kelurahan"
};
static const char *const rg_field_name[] = {
	"", "provinsi", "kabupaten", "kecamatan", "desa"
};
/* How far the codes under one code reach, in units of the code digits. */
static const uint64_t rg_span[] = { 0, 100000000, 1000000, 10000, 1 };

static int
rg_digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * "75.01.01.2001" or "7501012001" (or a shorter code of either form) to
 * its key, level in *level; 0 when s is not a code.
 */
static uint64_t
rg_key(const char *s, int *level)
{
	static const int width[] = { 2, 2, 2, 4 };
	uint64_t v = 0;
	int part[4] = { 0, 0, 0, 0 };
	int lv, dotted, d;
	size_t len;

	if (s == NULL)
		return 0;
	len = strnlen(s, 16);
	dotted = len > 2 && s[2] == '.';
	for (lv = 0; lv < 4; lv++) {
		if (lv > 0 && dotted) {
			if (*s == '\0')
				break;
			if (*s++ != '.')
				return 0;
		} else if (lv > 0 && *s == '\0')
			break;
		if (strnlen(s, width[lv]) < (size_t)width[lv])
			return 0;
		if ((d = rg_digits(s, width[lv])) < 0)
			return 0;
		part[lv] = d;
		s += width[lv];
	}
	if (*s != '\0' || lv == 0)
		return 0;
	v = (((uint64_t)part[0] * 100 + part[1]) * 100 + part[2]) * 10000 +
	    part[3];
	*level = lv;
	return v * 10 + lv;
}

/* The key of the ancestor of key at level lv (lv <= key's level). */
static uint64_t
rg_ancestor(uint64_t key, int lv)
{
	uint64_t v = key / 10;

	return (v - v % rg_span[lv]) * 10 + lv;
}

static void
rg_format(uint64_t key, char *buf, size_t n)
{
	uint64_t v = key / 10;
	int lv = (int)(key % 10);
	int p = (int)(v / 100000000), r = (int)(v / 1000000 % 100);
	int d = (int)(v / 10000 % 100), x = (int)(v % 10000);

	if (lv == 1)
		snprintf(buf, n, "%02d", p);
	else if (lv == 2)
		snprintf(buf, n, "%02d.%02d", p, r);
	else if (lv == 3)
		snprintf(buf, n, "%02d.%02d.%02d", p, r, d);
	else
		snprintf(buf, n, "%02d.%02d.%02d.%04d", p, r, d, x);
}

static const struct rg_ent *
rg_ent_find(const region_table *t, uint64_t key, size_t *at)
{
	size_t lo = 0, hi = t->nent, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->ent[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at != NULL)
		*at = lo;
	if (lo < t->nent && t->ent[lo].key == key)
		return &t->ent[lo];
	return NULL;
}

static const struct rg_hist *
rg_hist_find(const region_table *t, uint64_t key)
{
	size_t lo = 0, hi = t->nhist, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->hist[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nhist && t->hist[lo].key == key)
		return &t->hist[lo];
	return NULL;
}

static int
rg_cmp_ent(const void *a, const void *b)
{
	uint64_t x = ((const struct rg_ent *)a)->key;
	uint64_t y = ((const struct rg_ent *)b)->key;

	return x < y ? -1 : x > y;
}

static int
rg_cmp_hist(const void *a, const void *b)
{
	uint64_t x = ((const struct rg_hist *)a)->key;
	uint64_t y = ((const struct rg_hist *)b)->key;

	return x < y ? -1 : x > y;
}

/* Read a whole file, NUL-terminated. */
static char *
rg_slurp(const char *path, size_t *len, sg_err *err)
{
	char *buf = NULL;

	(void)file_read_all(path, RG_MAX_FILE, 0, "E-REGION-READ", &buf, len,
	    err);
	return buf;
}

/*
 * Cut line (NUL-terminated, no newline) into at most nf fields in place:
 * quotes removed ("" is a quote), blanks around each field trimmed.
 * Returns the number of fields, or -1 for an unterminated quote.
 */
static int
rg_split(char *line, char **f, int nf)
{
	char *r = line, *w;
	int n = 0;

	for (;;) {
		if (n == nf)
			return nf + 1;
		while (*r == ' ' || *r == '\t')
			r++;
		f[n] = w = r;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else
					*w++ = *r++;
			}
			while (*r != ',' && *r != '\0')
				r++;
		} else {
			while (*r != ',' && *r != '\0')
				*w++ = *r++;
		}
		while (w > f[n] && (w[-1] == ' ' || w[-1] == '\t'))
			w--;
		n++;
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		r++;
		*w = '\0';
	}
}

/* The history file writes "Ma\'u"; drop the backslash in place. */
static void
rg_unescape(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++)
		if (!(s[0] == '\\' && s[1] == '\''))
			*w++ = *s;
	*w = '\0';
}

static int
rg_year(const char *s)
{
	if (strlen(s) != 4)
		return -1;
	return rg_digits(s, 4);
}

/*
 * Parse one file.  hist 0: "kode,nama" into t->ent; hist 1:
 * "kode,nama_terakhir,tahun_pertama,tahun_terakhir" into t->hist.
 */
static int
rg_parse(region_table *t, char *buf, size_t len, const char *path, int hist,
    sg_err *err)
{
	char cbuf[16], *p = buf, *end = buf + len, *nl, *f[5];
	unsigned long lineno = 0;
	size_t cap = 0, n = 0, lines = 0;
	void *arr = NULL, *grow;
	uint64_t key;
	int nf, lv, y0, y1, sorted = 1, at_line = 1;
	uint64_t prev = 0;

	for (nl = buf; nl < end; nl++)
		if (*nl == '\n')
			lines++;
	cap = lines + 1;
	arr = malloc(cap * (hist ? sizeof(struct rg_hist) :
	    sizeof(struct rg_ent)));
	if (arr == NULL) {
		sg_err_set(err, "E-REGION-READ", path, "out of memory");
		return -1;
	}
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (lineno == 1) {
			if (strncmp(p, "kode,", 5) != 0) {
				sg_err_set(err, "E-REGION-FORMAT", path,
				    "the first line must be the header "
				    "starting \"kode,\"");
				goto fail;
			}
			p = nl + 1;
			continue;
		}
		if (*p == '\0') {
			p = nl + 1;
			continue;
		}
		nf = rg_split(p, f, hist ? 4 : 2);
		if (nf != (hist ? 4 : 2)) {
			sg_err_set(err, "E-REGION-FORMAT", path,
			    "expected %d fields", hist ? 4 : 2);
			goto fail;
		}
		if ((key = rg_key(f[0], &lv)) == 0) {
			sg_err_set(err, "E-REGION-FORMAT", path,
			    "\"%.20s\" is not a region code", f[0]);
			goto fail;
		}
		if (f[1][0] == '\0') {
			sg_err_set(err, "E-REGION-FORMAT", path,
			    "region %s has no name", f[0]);
			goto fail;
		}
		if (key <= prev)
			sorted = 0;
		prev = key;
		if (hist) {
			struct rg_hist *h = (struct rg_hist *)arr + n;

			y0 = rg_year(f[2]);
			y1 = rg_year(f[3]);
			if (y0 < 0 || y1 < 0 || y1 < y0) {
				sg_err_set(err, "E-REGION-FORMAT", path,
				    "years must be YYYY with the first not "
				    "after the last");
				goto fail;
			}
			rg_unescape(f[1]);
			h->key = key;
			h->pub.code = f[0];
			h->pub.last_name = f[1];
			h->pub.first_year = y0;
			h->pub.last_year = y1;
			h->pub.level = lv;
			if (y1 > t->year)
				t->year = y1;
		} else {
			struct rg_ent *e = (struct rg_ent *)arr + n;

			e->key = key;
			e->pub.code = f[0];
			e->pub.name = f[1];
			e->pub.level = lv;
		}
		n++;
		p = nl + 1;
	}
	at_line = 0;
	if (!sorted) {
		size_t i, sz = hist ? sizeof(struct rg_hist) :
		    sizeof(struct rg_ent);

		qsort(arr, n, sz, hist ? rg_cmp_hist : rg_cmp_ent);
		for (i = 1; i < n; i++) {
			uint64_t a = hist ? ((struct rg_hist *)arr)[i - 1].key :
			    ((struct rg_ent *)arr)[i - 1].key;
			uint64_t b = hist ? ((struct rg_hist *)arr)[i].key :
			    ((struct rg_ent *)arr)[i].key;

			if (a == b) {
				rg_format(a, cbuf, sizeof cbuf);
				sg_err_set(err, "E-REGION-FORMAT", path,
				    "region %s is listed twice", cbuf);
				goto fail;
			}
		}
	}
	if (hist) {
		/* room for current codes the history lacks */
		grow = realloc(arr, (n + 1) * sizeof(struct rg_hist));
		t->hist = grow != NULL ? grow : arr;
		t->nhist = n;
	} else {
		grow = realloc(arr, (n + 1) * sizeof(struct rg_ent));
		t->ent = grow != NULL ? grow : arr;
		t->nent = n;
	}
	return 0;
fail:
	/* the line is only worth formatting once something is wrong */
	if (at_line && err != NULL)
		snprintf(err->where, sizeof err->where, "%s:%lu", path,
		    lineno);
	free(arr);
	return -1;
}

/*
 * The history file lags behind the current list for some codes (renamed
 * ones stop at their old name's last year, a few are missing): a code in
 * the current list was, by definition, seen in its year under its
 * current name.
 */
static int
rg_merge_history(region_table *t, sg_err *err)
{
	struct rg_hist *h, *grow;
	size_t i, extra = 0, n;

	if (t->year == 0)
		t->year = 2025;
	for (i = 0; i < t->nent; i++) {
		if (t->ent[i].pub.level > REGION_KECAMATAN)
			continue;
		h = (struct rg_hist *)rg_hist_find(t, t->ent[i].key);
		if (h == NULL) {
			extra++;
			continue;
		}
		if (h->pub.last_year < t->year) {
			h->pub.last_year = t->year;
			h->pub.last_name = t->ent[i].pub.name;
		}
	}
	if (extra == 0)
		return 0;
	grow = realloc(t->hist, (t->nhist + extra) * sizeof *grow);
	if (grow == NULL) {
		sg_err_set(err, "E-REGION-READ", "", "out of memory");
		return -1;
	}
	t->hist = grow;
	n = t->nhist;
	for (i = 0; i < t->nent; i++) {
		if (t->ent[i].pub.level > REGION_KECAMATAN)
			continue;
		if (rg_hist_find(t, t->ent[i].key) != NULL)
			continue;
		/* not yet sorted past n: search only the sorted part */
		grow[n].key = t->ent[i].key;
		grow[n].pub.code = t->ent[i].pub.code;
		grow[n].pub.last_name = t->ent[i].pub.name;
		grow[n].pub.first_year = t->year;
		grow[n].pub.last_year = t->year;
		grow[n].pub.level = t->ent[i].pub.level;
		n++;
	}
	t->nhist = n;
	qsort(t->hist, t->nhist, sizeof *t->hist, rg_cmp_hist);
	return 0;
}

region_table *
region_table_load(const char *formats_dir, sg_err *err)
{
	region_table *t = NULL;
	char path[1024];
	size_t len;

	if (formats_dir == NULL || *formats_dir == '\0')
		formats_dir = "formats";
	if ((t = calloc(1, sizeof *t)) == NULL) {
		sg_err_set(err, "E-REGION-READ", formats_dir, "out of memory");
		return NULL;
	}
	snprintf(path, sizeof path, "%s/wilayah/wilayah_2025.csv",
	    formats_dir);
	if ((t->cur_buf = rg_slurp(path, &len, err)) == NULL)
		goto fail;
	if (rg_parse(t, t->cur_buf, len, path, 0, err) < 0)
		goto fail;
	snprintf(path, sizeof path, "%s/wilayah/kode_wilayah_sejarah.csv",
	    formats_dir);
	if ((t->hist_buf = rg_slurp(path, &len, err)) == NULL)
		goto fail;
	if (rg_parse(t, t->hist_buf, len, path, 1, err) < 0)
		goto fail;
	/*
	 * rg_merge_history searches t->hist while appending past nhist;
	 * rg_hist_find only looks at [0, nhist), which stays sorted.
	 */
	if (rg_merge_history(t, err) < 0)
		goto fail;
	return t;
fail:
	region_table_free(t);
	return NULL;
}

void
region_table_free(region_table *t)
{
	if (t == NULL)
		return;
	free(t->ent);
	free(t->hist);
	free(t->cur_buf);
	free(t->hist_buf);
	free(t);
}

int
region_table_year(const region_table *t)
{
	return t->year;
}

size_t
region_table_count(const region_table *t)
{
	return t->nent;
}

const region_entry *
region_find(const region_table *t, const char *code)
{
	const struct rg_ent *e;
	uint64_t key;
	int lv;

	if (t == NULL || (key = rg_key(code, &lv)) == 0)
		return NULL;
	e = rg_ent_find(t, key, NULL);
	return e != NULL ? &e->pub : NULL;
}

const region_entry *
region_parent(const region_table *t, const region_entry *e)
{
	const struct rg_ent *p;
	uint64_t key;
	int lv;

	if (t == NULL || e == NULL || (key = rg_key(e->code, &lv)) == 0 ||
	    lv <= 1)
		return NULL;
	p = rg_ent_find(t, rg_ancestor(key, lv - 1), NULL);
	return p != NULL ? &p->pub : NULL;
}

const region_hist *
region_history(const region_table *t, const char *code)
{
	const struct rg_hist *h;
	uint64_t key;
	int lv;

	if (t == NULL || (key = rg_key(code, &lv)) == 0)
		return NULL;
	h = rg_hist_find(t, key);
	return h != NULL ? &h->pub : NULL;
}

const char *
region_district_from_nik6(const region_table *t, const char *nik6,
    region_status *status, char *dotted)
{
	const struct rg_ent *e;
	const struct rg_hist *h;
	char code[9];
	uint64_t key;
	int lv;

	*status = REGION_UNKNOWN;
	if (dotted != NULL)
		dotted[0] = '\0';
	if (nik6 == NULL || strnlen(nik6, 6) < 6 || rg_digits(nik6, 6) < 0)
		return NULL;
	snprintf(code, sizeof code, "%.2s.%.2s.%.2s", nik6, nik6 + 2,
	    nik6 + 4);
	if (dotted != NULL)
		memcpy(dotted, code, sizeof code);
	if (t == NULL || (key = rg_key(code, &lv)) == 0)
		return NULL;
	if ((e = rg_ent_find(t, key, NULL)) != NULL) {
		*status = REGION_CURRENT;
		return e->pub.name;
	}
	if ((h = rg_hist_find(t, key)) != NULL) {
		*status = REGION_RETIRED;
		return h->pub.last_name;
	}
	return NULL;
}

/* ---- names ---- */

/*
 * Upper case (text_upper), blank runs (also NBSP) folded to one space, curly
 * apostrophes and backquotes to "'", ends trimmed.  -1 when too long.
 */
static int
rg_norm(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	int blank = 0;
	char c;

	while (*p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			blank = 1;
			p++;
			continue;
		}
		if (p[0] == 0xc2 && p[1] == 0xa0) {
			blank = 1;
			p += 2;
			continue;
		}
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 ||
		    p[2] == 0x99)) {
			c = '\'';
			p += 3;
		} else if (*p == '`') {
			c = '\'';
			p++;
		} else {
			c = (char)*p++;
		}
		if (blank && w > 0) {
			if (w + 1 >= n)
				return -1;
			out[w++] = ' ';
		}
		blank = 0;
		if (w + 1 >= n)
			return -1;
		out[w++] = c;
	}
	out[w] = '\0';
	text_upper(out, out, n);
	return 0;
}

/*
 * When s starts with one of the words (each followed by a blank, a dot or
 * nothing else), the rest after it; else NULL.
 */
static const char *
rg_strip(const char *s, const char *const *words)
{
	size_t k;

	for (; *words != NULL; words++) {
		k = strlen(*words);
		if (strncmp(s, *words, k) != 0)
			continue;
		if (s[k] != ' ' && s[k] != '.')
			continue;
		s += k;
		if (*s == '.')
			s++;
		if (*s == ' ')
			s++;
		if (*s != '\0')
			return s;
	}
	return NULL;
}

static const char *const rg_w_prov[] = { "PROVINSI", "PROV", NULL };
static const char *const rg_w_kab[] = { "KABUPATEN", "KAB", NULL };
static const char *const rg_w_kota[] = { "KOTA", NULL };
static const char *const rg_w_adm[] = { "ADMINISTRASI", "ADM", NULL };
static const char *const rg_w_kec[] = { "KECAMATAN", "KEC", NULL };
static const char *const rg_w_desa[] = { "DESA", "KELURAHAN", "KEL", NULL };

/* "KAB. X" -> 'B' and "X"; "KOTA X" -> 'K'; bare -> 0. */
static const char *
rg_regency(const char *s, int *kind)
{
	const char *r;

	*kind = 0;
	if ((r = rg_strip(s, rg_w_kab)) != NULL)
		*kind = 'B';
	else if ((r = rg_strip(s, rg_w_kota)) != NULL)
		*kind = 'K';
	else
		r = s;
	if (rg_strip(r, rg_w_adm) != NULL)
		r = rg_strip(r, rg_w_adm);
	return r;
}

/* Provinces written short: "DKI JAKARTA", "DI YOGYAKARTA". */
static void
rg_expand_prov(const char *s, char *out, size_t n)
{
	if (strncmp(s, "DKI ", 4) == 0)
		snprintf(out, n, "DAERAH KHUSUS IBUKOTA %s", s + 4);
	else if (strncmp(s, "D.K.I. ", 7) == 0)
		snprintf(out, n, "DAERAH KHUSUS IBUKOTA %s", s + 7);
	else if (strncmp(s, "DI ", 3) == 0)
		snprintf(out, n, "DAERAH ISTIMEWA %s", s + 3);
	else if (strncmp(s, "D.I. ", 5) == 0)
		snprintf(out, n, "DAERAH ISTIMEWA %s", s + 5);
	else
		snprintf(out, n, "%s", s);
}

static int
rg_same2(const char *a, const char *a2, const char *b, const char *b2)
{
	return strcmp(a, b) == 0 || (a2 != NULL && strcmp(a2, b) == 0) ||
	    (b2 != NULL && strcmp(a, b2) == 0) ||
	    (a2 != NULL && b2 != NULL && strcmp(a2, b2) == 0);
}

int
region_name_matches(const region_entry *e, const char *name)
{
	char in[RG_NORM], en[RG_NORM], x[RG_NORM + 32];
	const char *ib, *eb, *s;
	int ik, ek;

	if (e == NULL || name == NULL || rg_norm(name, in, sizeof in) < 0 ||
	    rg_norm(e->name, en, sizeof en) < 0 || in[0] == '\0')
		return 0;
	if (strcmp(in, en) == 0)
		return 1;
	switch (e->level) {
	case REGION_PROVINSI:
		s = rg_strip(in, rg_w_prov);
		rg_expand_prov(s != NULL ? s : in, x, sizeof x);
		return strcmp(x, en) == 0;
	case REGION_KABUPATEN:
		ib = rg_regency(in, &ik);
		eb = rg_regency(en, &ek);
		if (ik != 0 && ek != 0 && ik != ek)
			return 0;
		return strcmp(ib, eb) == 0;
	case REGION_KECAMATAN:
		return rg_same2(in, rg_strip(in, rg_w_kec), en,
		    rg_strip(en, rg_w_kec));
	case REGION_DESA:
		return rg_same2(in, rg_strip(in, rg_w_desa), en,
		    rg_strip(en, rg_w_desa));
	}
	return 0;
}

/* ---- address check ---- */

/* What the operator typed, fit for a message. */
static void
rg_show(const char *s, char *buf, size_t n)
{
	text_show(s, 60, buf, n);
}

static void rg_add(region_problem *probs, size_t max, size_t *n,
    const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
rg_add(region_problem *probs, size_t max, size_t *n, const char *code,
    const char *field, const char *fmt, ...)
{
	region_problem *p;
	va_list ap;

	if (*n >= max)
		return;
	p = &probs[(*n)++];
	snprintf(p->code, sizeof p->code, "%s", code);
	snprintf(p->field, sizeof p->field, "%s", field);
	va_start(ap, fmt);
	sg_text_vformat2(p->message, sizeof p->message, p->text,
	    sizeof p->text, fmt, ap);
	va_end(ap);
}

/*
 * The entries under scope (a key, or 0 for everywhere) are those from
 * index *i on whose key / 10 lies in [*lo, *hi).
 */
static void
rg_scope(const region_table *t, uint64_t scope, size_t *i, uint64_t *lo,
    uint64_t *hi)
{
	*i = 0;
	*lo = 0;
	*hi = UINT64_MAX;
	if (scope != 0) {
		*lo = scope / 10;
		*hi = *lo + rg_span[scope % 10];
		rg_ent_find(t, scope, i);
	}
}

/* The index just past entry e and what lies under it (38 steps for a
 * province). */
static size_t
rg_past(const region_table *t, const struct rg_ent *e)
{
	size_t i;

	rg_ent_find(t, (e->key / 10 + rg_span[e->pub.level]) * 10, &i);
	return i;
}

/*
 * An entry at level lv under scope (a key, or 0 for everywhere) whose name
 * matches name; NULL when none.  Only used to explain a mismatch.
 */
static const struct rg_ent *
rg_search_name(const region_table *t, uint64_t scope, int lv,
    const char *name)
{
	size_t i;
	uint64_t lo, hi;

	rg_scope(t, scope, &i, &lo, &hi);
	while (i < t->nent && t->ent[i].key / 10 < hi) {
		if (t->ent[i].key / 10 < lo || t->ent[i].pub.level != lv)
			i++;
		else if (region_name_matches(&t->ent[i].pub, name))
			return &t->ent[i];
		else
			i = rg_past(t, &t->ent[i]);
	}
	return NULL;
}

/* ---- names to a code ---- */

struct rg_resolve {
	const region_table *t;
	const char *names[5];    /* [REGION_PROVINSI .. REGION_DESA] */
	const region_entry **out;
	size_t max, n;
	int miss;                /* the highest level that matched nothing */
	const struct rg_ent *deep; /* the deepest entry that matched */
};

/*
 * Every entry at level lv under scope (a key, 0 for everywhere) whose
 * name matches (every entry when no name is given for lv), and on down to
 * the desa level.  Skips what lies under an entry that does not match.
 */
static void
rg_resolve_at(struct rg_resolve *r, uint64_t scope, int lv)
{
	const region_table *t = r->t;
	const char *name = r->names[lv];
	uint64_t lo, hi;
	size_t i;
	int found = 0;

	rg_scope(t, scope, &i, &lo, &hi);
	while (i < t->nent && t->ent[i].key / 10 < hi) {
		const struct rg_ent *e = &t->ent[i];

		if (e->key / 10 < lo || e->pub.level != lv) {
			i++;
			continue;
		}
		if (name == NULL || region_name_matches(&e->pub, name)) {
			found = 1;
			if (name != NULL && (r->deep == NULL ||
			    r->deep->pub.level < lv))
				r->deep = e;
			if (lv == REGION_DESA) {
				if (r->n < r->max)
					r->out[r->n] = &e->pub;
				r->n++;
			} else
				rg_resolve_at(r, e->key, lv + 1);
		}
		i = rg_past(t, e);
	}
	if (!found && name != NULL && lv > r->miss)
		r->miss = lv;
}

size_t
region_resolve_names(const region_table *t, const char *desa,
    const char *kecamatan, const char *kabupaten, const char *provinsi,
    const region_entry **out, size_t max, int *level,
    const region_entry **scope)
{
	struct rg_resolve r;
	int l;

	memset(&r, 0, sizeof r);
	r.t = t;
	r.names[REGION_PROVINSI] = provinsi;
	r.names[REGION_KABUPATEN] = kabupaten;
	r.names[REGION_KECAMATAN] = kecamatan;
	r.names[REGION_DESA] = desa;
	for (l = REGION_PROVINSI; l <= REGION_DESA; l++)
		if (r.names[l] != NULL && *r.names[l] == '\0')
			r.names[l] = NULL;
	r.out = out;
	r.max = max;
	if (t != NULL && r.names[REGION_DESA] != NULL &&
	    (r.names[REGION_KECAMATAN] != NULL ||
	    r.names[REGION_KABUPATEN] != NULL))
		rg_resolve_at(&r, 0, REGION_PROVINSI);
	if (level != NULL)
		*level = r.n == 0 ? r.miss : 0;
	if (scope != NULL)
		*scope = r.deep != NULL ? &r.deep->pub : NULL;
	return r.n;
}

int
region_check_address(const region_table *t, const char *kode_desa,
    const char *desa, const char *kecamatan, const char *kabupaten,
    const char *provinsi, region_problem *probs, size_t maxprobs,
    size_t *nprobs)
{
	const struct rg_ent *chain[5] = { NULL, NULL, NULL, NULL, NULL };
	const struct rg_ent *other;
	const struct rg_hist *h;
	const char *names[5];
	char shown[80], code[16], ocode[16], extra[200];
	uint64_t key, scope;
	int lv, l;
	size_t n = 0;

	names[0] = NULL;
	names[1] = provinsi;
	names[2] = kabupaten;
	names[3] = kecamatan;
	names[4] = desa;
	if (kode_desa == NULL || *kode_desa == '\0') {
		rg_add(probs, maxprobs, &n, "E-ADDR-FORMAT", "kode_wilayah",
		    "no region code given; want a desa/kelurahan code like "
		    "75.01.01.2001");
		goto out;
	}
	if ((key = rg_key(kode_desa, &lv)) == 0) {
		rg_show(kode_desa, shown, sizeof shown);
		rg_add(probs, maxprobs, &n, "E-ADDR-FORMAT", "kode_wilayah",
		    "kode_wilayah \"%s\" is not a region code; want a "
		    "desa/kelurahan code like 75.01.01.2001", shown);
		goto out;
	}
	if (t == NULL)
		goto out;
	for (l = 1; l <= lv; l++)
		chain[l] = rg_ent_find(t, rg_ancestor(key, l), NULL);
	rg_format(key, code, sizeof code);
	if (chain[lv] == NULL) {
		extra[0] = '\0';
		for (l = 1; l <= lv && l <= REGION_KECAMATAN; l++) {
			if (chain[l] != NULL)
				continue;
			h = rg_hist_find(t, rg_ancestor(key, l));
			rg_format(rg_ancestor(key, l), ocode, sizeof ocode);
			if (h != NULL)
				snprintf(extra, sizeof extra, "; %s %s "
				    "\"%s\" was last listed in %d",
				    rg_level_name[l], ocode, h->pub.last_name,
				    h->pub.last_year);
			else if (l < lv)
				snprintf(extra, sizeof extra, "; there is no "
				    "%s %s", rg_level_name[l], ocode);
			break;
		}
		rg_add(probs, maxprobs, &n, "E-ADDR-UNKNOWN", "kode_wilayah",
		    "kode_wilayah %s is not in the %d region list%s", code,
		    t->year, extra);
	} else if (lv < REGION_DESA) {
		rg_add(probs, maxprobs, &n, "E-ADDR-LEVEL", "kode_wilayah",
		    "kode_wilayah %s is a %s code (\"%s\"), not a "
		    "desa/kelurahan code like 75.01.01.2001", code,
		    rg_level_name[lv], chain[lv]->pub.name);
	}
	for (l = 1; l <= 4; l++) {
		if (names[l] == NULL || *names[l] == '\0' || chain[l] == NULL)
			continue;
		if (region_name_matches(&chain[l]->pub, names[l]))
			continue;
		scope = l == 1 ? 0 : rg_ancestor(key, l <= 2 ? 1 : 2);
		other = rg_search_name(t, scope, l, names[l]);
		rg_show(names[l], shown, sizeof shown);
		extra[0] = '\0';
		if (other != NULL && other->pub.level == REGION_DESA) {
			const struct rg_ent *kec = rg_ent_find(t,
			    rg_ancestor(other->key, 3), NULL);

			snprintf(extra, sizeof extra, "; \"%s\" is %s %s in "
			    "kecamatan \"%s\"", other->pub.name,
			    rg_level_name[l], other->pub.code,
			    kec != NULL ? kec->pub.name : "?");
		} else if (other != NULL)
			snprintf(extra, sizeof extra, "; \"%s\" is %s %s",
			    other->pub.name, rg_level_name[l],
			    other->pub.code);
		rg_add(probs, maxprobs, &n, "E-ADDR-NAME", rg_field_name[l],
		    "%s \"%s\" does not match %s %s \"%s\"%s",
		    rg_field_name[l], shown, rg_level_name[l],
		    chain[l]->pub.code, chain[l]->pub.name, extra);
	}
out:
	if (nprobs != NULL)
		*nprobs = n;
	return n == 0 ? 0 : -1;
}

int
region_code_covers(const char *a, const char *b)
{
	size_t n;

	if (a == NULL || b == NULL || *a == '\0')
		return 0;
	n = strlen(a);
	return strncmp(b, a, n) == 0 && (b[n] == '\0' || b[n] == '.');
}

/*
 * Province (first two digits) -> time zone.  Keppres 41/1987 (three zones)
 * with the provinces made since: Kalimantan Utara (65, WITA), Sulawesi
 * Barat (76, WITA), Maluku Utara (82, WIT), and the Papua provinces of
 * 2022 (91 Papua, 92 Papua Barat, 93 Papua Selatan, 94 Papua Tengah,
 * 95 Papua Pegunungan, 96 Papua Barat Daya; all WIT).
 */
static const struct {
	char prov[3];
	short min;
} region_zones[] = {
	{ "11", 420 }, { "12", 420 }, { "13", 420 }, { "14", 420 },
	{ "15", 420 }, { "16", 420 }, { "17", 420 }, { "18", 420 },
	{ "19", 420 }, { "21", 420 }, { "31", 420 }, { "32", 420 },
	{ "33", 420 }, { "34", 420 }, { "35", 420 }, { "36", 420 },
	{ "51", 480 }, { "52", 480 }, { "53", 480 },
	{ "61", 420 }, { "62", 420 },
	{ "63", 480 }, { "64", 480 }, { "65", 480 },
	{ "71", 480 }, { "72", 480 }, { "73", 480 }, { "74", 480 },
	{ "75", 480 }, { "76", 480 },
	{ "81", 540 }, { "82", 540 },
	{ "91", 540 }, { "92", 540 }, { "93", 540 }, { "94", 540 },
	{ "95", 540 }, { "96", 540 },
};

int
region_utc_offset_min(const char *code)
{
	size_t i;

	if (code == NULL || code[0] == '\0' || code[1] == '\0' ||
	    (code[2] != '\0' && code[2] != '.'))
		return -1;
	for (i = 0; i < sizeof region_zones / sizeof region_zones[0]; i++)
		if (code[0] == region_zones[i].prov[0] &&
		    code[1] == region_zones[i].prov[1])
			return region_zones[i].min;
	return -1;
}
