/*
 * codetab.c - code tables from formats/codes/ *.csv.
 *
 * The validator looks values up about ten times per record at tens of
 * thousands of records a second, so every spelling (code number aside) is
 * normalised once at load into an open-addressing hash table; a lookup is
 * one normalisation into a stack buffer and usually one string compare.
 */
#include "codetab.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "text.h"

#define CODETAB_MAX_FILE  (1u << 20)  /* a code table is a few KB */
#define CODETAB_MAX_ROWS  10000
#define CODETAB_MAX_CODE  999999
#define CODETAB_MAX_TABLES 256

struct entry {
	int code;
	char *name;
	unsigned long line;    /* where it was defined, for diagnostics */
};

struct slot {
	char *key;     /* normalised spelling, NULL when the slot is empty */
	size_t entry;  /* index into entries */
};

struct codetab {
	char *name;
	struct entry *entries; /* in file order */
	size_t *by_code;       /* entry indexes sorted by code */
	size_t n, cap;
	struct slot *slots;    /* power-of-two sized */
	size_t nslots, nkeys;
};

struct codetab_set {
	codetab **tabs;        /* sorted by name */
	size_t n;
};

/*
 * The comparison key: upper-case ASCII with every blank and dot dropped,
 * so "Kong Hu Cu", "KONGHUCU", "Laki - Laki", "S.Muda" and "S. MUDA" meet.
 * Returns the length, or -1 when out is too small.
 */
static int
ct_norm(const char *s, char *out, size_t outsz)
{
	size_t o = 0;
	unsigned char c;

	if (outsz == 0)
		return -1;
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.')
			continue;
		/* NO-BREAK SPACE, common in spreadsheets from Excel. */
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			s++;
			continue;
		}
		if (o + 1 >= outsz)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)text_upper(out, out, outsz);
}

static uint32_t
ct_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static struct slot *
ct_slot(const codetab *t, const char *key)
{
	size_t mask = t->nslots - 1, i;

	for (i = ct_hash(key) & mask;; i = (i + 1) & mask)
		if (t->slots[i].key == NULL || strcmp(t->slots[i].key, key) == 0)
			return &t->slots[i];
}

void
codetab_free(codetab *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->entries[i].name);
	for (i = 0; i < t->nslots; i++)
		free(t->slots[i].key);
	free(t->entries);
	free(t->by_code);
	free(t->slots);
	free(t->name);
	free(t);
}

static int
ct_grow_slots(codetab *t)
{
	struct slot *old = t->slots;
	size_t oldn = t->nslots, i;

	t->nslots = oldn ? oldn * 2 : 64;
	t->slots = calloc(t->nslots, sizeof *t->slots);
	if (t->slots == NULL) {
		t->slots = old;
		t->nslots = oldn;
		return -1;
	}
	for (i = 0; i < oldn; i++)
		if (old[i].key != NULL)
			*ct_slot(t, old[i].key) = old[i];
	free(old);
	return 0;
}

/* Add one spelling of entry e; 0, or -1 with err set. */
static int
ct_add_key(codetab *t, const char *spelling, size_t e, const char *file,
    unsigned long line, sg_err *err)
{
	char key[CODETAB_MAX_VALUE + 1], where[600];
	struct slot *sl;

	snprintf(where, sizeof where, "%s:%lu", file, line);
	if (ct_norm(spelling, key, sizeof key) < 0) {
		sg_err_set(err, "E-CODE-CSV", where,
		    "\"%.40s...\" is longer than %d bytes", spelling,
		    CODETAB_MAX_VALUE);
		return -1;
	}
	if (key[0] == '\0')
		return 0;
	if ((t->nkeys + 1) * 2 > t->nslots && ct_grow_slots(t) < 0) {
		sg_err_sys(err, where, "cannot grow the code table");
		return -1;
	}
	sl = ct_slot(t, key);
	if (sl->key != NULL) {
		if (t->entries[sl->entry].code == t->entries[e].code)
			return 0;
		sg_err_set(err, "E-CODE-DUP", where,
		    "\"%s\" already means %d %s in table %s", spelling,
		    t->entries[sl->entry].code, t->entries[sl->entry].name,
		    t->name);
		return -1;
	}
	if ((sl->key = strdup(key)) == NULL) {
		sg_err_sys(err, where, "out of memory");
		return -1;
	}
	sl->entry = e;
	t->nkeys++;
	return 0;
}

/*
 * Split one CSV line into at most nf fields, in place.  Quoted fields may
 * hold commas and doubled quotes.  Returns the field count or -1.
 */
static int
ct_split(char *line, char **f, int nf)
{
	char *r = line, *w;
	int n = 0;

	for (;;) {
		if (n == nf)
			return -1;
		if (*r == '"') {
			f[n++] = w = ++r;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"') {
					if (r[1] != '"')
						break;
					r++;
				}
				*w++ = *r++;
			}
			r++;
			*w = '\0';
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			f[n++] = r;
			while (*r != ',' && *r != '\0')
				r++;
		}
		if (*r == '\0')
			return n;
		*r++ = '\0';
	}
}

struct order {
	int code;
	unsigned long line;
	size_t idx;
};

static int
ct_cmp_code(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->code != y->code)
		return (x->code > y->code) - (x->code < y->code);
	return (x->line > y->line) - (x->line < y->line);
}

static int
ct_parse_row(codetab *t, char *line, const char *file, unsigned long lineno,
    sg_err *err)
{
	char *f[3], *p, *bar, where[600];
	long code;
	size_t e;
	int nf;

	snprintf(where, sizeof where, "%s:%lu", file, lineno);
	nf = ct_split(line, f, 3);
	if (nf != 3) {
		sg_err_set(err, "E-CODE-CSV", where,
		    "want 3 columns kode,nama,varian");
		return -1;
	}
	if (f[0][0] == '\0' || strspn(f[0], "0123456789") != strlen(f[0]) ||
	    strlen(f[0]) > 6 || (code = strtol(f[0], NULL, 10)) >
	    CODETAB_MAX_CODE) {
		sg_err_set(err, "E-CODE-CSV", where,
		    "kode \"%.20s\" is not a number up to %d", f[0],
		    CODETAB_MAX_CODE);
		return -1;
	}
	if (f[1][strspn(f[1], " \t")] == '\0') {
		sg_err_set(err, "E-CODE-CSV", where, "nama is empty");
		return -1;
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		struct entry *ne = realloc(t->entries, ncap * sizeof *ne);

		if (ne == NULL) {
			sg_err_sys(err, where, "out of memory");
			return -1;
		}
		t->entries = ne;
		t->cap = ncap;
	}
	e = t->n;
	t->entries[e].code = (int)code;
	t->entries[e].line = lineno;
	if ((t->entries[e].name = strdup(f[1])) == NULL) {
		sg_err_sys(err, where, "out of memory");
		return -1;
	}
	t->n++;
	if (ct_add_key(t, f[1], e, file, lineno, err) < 0)
		return -1;
	for (p = f[2]; p != NULL; p = bar) {
		if ((bar = strchr(p, '|')) != NULL)
			*bar++ = '\0';
		if (ct_add_key(t, p, e, file, lineno, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * Sort by code, refuse a code given twice and a digits-only variant that
 * would shadow another entry's code number.
 */
static int
ct_index(codetab *t, const char *file, sg_err *err)
{
	char where[600];
	const char *other;
	size_t i, len;
	int c;

	struct order *o;

	if ((t->by_code = malloc(t->n * sizeof *t->by_code)) == NULL ||
	    (o = malloc(t->n * sizeof *o)) == NULL) {
		sg_err_sys(err, file, "out of memory");
		return -1;
	}
	for (i = 0; i < t->n; i++) {
		o[i].code = t->entries[i].code;
		o[i].line = t->entries[i].line;
		o[i].idx = i;
	}
	qsort(o, t->n, sizeof *o, ct_cmp_code);
	for (i = 0; i < t->n; i++)
		t->by_code[i] = o[i].idx;
	free(o);
	for (i = 1; i < t->n; i++) {
		const struct entry *a = &t->entries[t->by_code[i - 1]];
		const struct entry *b = &t->entries[t->by_code[i]];

		if (a->code == b->code) {
			snprintf(where, sizeof where, "%s:%lu", file, b->line);
			sg_err_set(err, "E-CODE-DUP", where,
			    "kode %d given twice in table %s (line %lu)",
			    b->code, t->name, a->line);
			return -1;
		}
	}
	for (i = 0; i < t->nslots; i++) {
		const char *k = t->slots[i].key;

		if (k == NULL || (len = strlen(k)) > 6 ||
		    strspn(k, "0123456789") != len)
			continue;
		c = atoi(k);
		other = codetab_name(t, c);
		if (other != NULL && t->entries[t->slots[i].entry].code != c) {
			snprintf(where, sizeof where, "%s:%lu", file,
			    t->entries[t->slots[i].entry].line);
			sg_err_set(err, "E-CODE-DUP", where,
			    "variant \"%s\" is also the kode of %s", k, other);
			return -1;
		}
	}
	return 0;
}

codetab *
codetab_parse_mem(const char *buf, size_t len, const char *name,
    const char *file, sg_err *err)
{
	codetab *t = NULL;
	char *text = NULL, *line, *next, where[600];
	unsigned long lineno = 0;
	size_t ll;
	int seen_header = 0;

	if (file == NULL)
		file = name;
	snprintf(where, sizeof where, "%s", file);
	if (len > CODETAB_MAX_FILE) {
		sg_err_set(err, "E-CODE-CSV", where, "file is over %u bytes",
		    CODETAB_MAX_FILE);
		goto fail;
	}
	if ((t = calloc(1, sizeof *t)) == NULL ||
	    (t->name = strdup(name)) == NULL ||
	    (text = malloc(len + 1)) == NULL) {
		sg_err_sys(err, where, "out of memory");
		goto fail;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		sg_err_set(err, "E-CODE-CSV", where, "file holds a NUL byte");
		goto fail;
	}
	line = text;
	if ((unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
	    (unsigned char)line[2] == 0xBF)
		line += 3;
	for (; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (!seen_header) {
			if (strcmp(line, "kode,nama,varian") != 0) {
				snprintf(where, sizeof where, "%s:%lu", file,
				    lineno);
				sg_err_set(err, "E-CODE-CSV", where,
				    "header must be \"kode,nama,varian\"");
				goto fail;
			}
			seen_header = 1;
			continue;
		}
		if (t->n >= CODETAB_MAX_ROWS) {
			snprintf(where, sizeof where, "%s:%lu", file, lineno);
			sg_err_set(err, "E-CODE-CSV", where,
			    "more than %d rows", CODETAB_MAX_ROWS);
			goto fail;
		}
		if (ct_parse_row(t, line, file, lineno, err) < 0)
			goto fail;
	}
	if (t->n == 0) {
		sg_err_set(err, "E-CODE-CSV", where, "table %s has no rows",
		    name);
		goto fail;
	}
	if (ct_index(t, file, err) < 0)
		goto fail;
	free(text);
	return t;
fail:
	free(text);
	codetab_free(t);
	return NULL;
}

codetab *
codetab_load(const char *path, const char *name, sg_err *err)
{
	char *buf = NULL;
	codetab *t = NULL;
	size_t n;

	if (file_read_all(path, CODETAB_MAX_FILE, 0, "E-CODE-CSV", &buf, &n,
	    err) == 0)
		t = codetab_parse_mem(buf, n, name, path, err);
	free(buf);
	return t;
}

const char *
codetab_table_name(const codetab *t)
{
	return t->name;
}

size_t
codetab_count(const codetab *t)
{
	return t->n;
}

const char *
codetab_at(const codetab *t, size_t i, int *code)
{
	if (i >= t->n)
		return NULL;
	if (code != NULL)
		*code = t->entries[t->by_code[i]].code;
	return t->entries[t->by_code[i]].name;
}

const char *
codetab_name(const codetab *t, int code)
{
	size_t lo = 0, hi = t->n, mid;

	const struct entry *e;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		e = &t->entries[t->by_code[mid]];
		if (e->code == code)
			return e->name;
		if (e->code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
codetab_lookup(const codetab *t, const char *value, int *code)
{
	char key[CODETAB_MAX_VALUE + 1];
	const struct slot *sl;
	const struct entry *e = NULL;
	const char *name;
	int len;

	if (t == NULL || value == NULL ||
	    (len = ct_norm(value, key, sizeof key)) <= 0)
		return NULL;
	sl = ct_slot(t, key);
	if (sl->key != NULL) {
		e = &t->entries[sl->entry];
		if (code != NULL)
			*code = e->code;
		return e->name;
	}
	if (len <= 6 && strspn(key, "0123456789") == (size_t)len) {
		int c = atoi(key);

		if ((name = codetab_name(t, c)) != NULL) {
			if (code != NULL)
				*code = c;
			return name;
		}
	}
	return NULL;
}

static int
ct_cmp_tab(const void *a, const void *b)
{
	const codetab *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void
codetab_set_free(codetab_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		codetab_free(s->tabs[i]);
	free(s->tabs);
	free(s);
}

static int
ct_valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

codetab_set *
codetab_set_load(const char *formats_dir, sg_err *err)
{
	codetab_set *s = NULL;
	DIR *d = NULL;
	struct dirent *de;
	char dir[4096], path[4096 + 300], name[64];
	size_t len;

	if (snprintf(dir, sizeof dir, "%s/codes", formats_dir) >=
	    (int)sizeof dir) {
		sg_err_set(err, "E-CODE-DIR", formats_dir, "path too long");
		goto fail;
	}
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->tabs = calloc(CODETAB_MAX_TABLES, sizeof *s->tabs)) == NULL) {
		sg_err_sys(err, dir, "out of memory");
		goto fail;
	}
	if ((d = opendir(dir)) == NULL) {
		sg_err_sys(err, dir, "cannot open the code table directory");
		goto fail;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		len -= 4;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (!ct_valid_name(de->d_name, len)) {
			sg_err_set(err, "E-CODE-NAME", path,
			    "a table name is [a-z][a-z0-9_]*, at most 40 "
			    "characters");
			goto fail;
		}
		if (s->n == CODETAB_MAX_TABLES) {
			sg_err_set(err, "E-CODE-DIR", dir,
			    "more than %d code tables", CODETAB_MAX_TABLES);
			goto fail;
		}
		memcpy(name, de->d_name, len);
		name[len] = '\0';
		if ((s->tabs[s->n] = codetab_load(path, name, err)) == NULL)
			goto fail;
		s->n++;
	}
	if (errno != 0) {
		sg_err_sys(err, dir, "cannot read the code table directory");
		goto fail;
	}
	closedir(d);
	qsort(s->tabs, s->n, sizeof *s->tabs, ct_cmp_tab);
	return s;
fail:
	if (d != NULL)
		closedir(d);
	codetab_set_free(s);
	return NULL;
}

size_t
codetab_set_count(const codetab_set *s)
{
	return s->n;
}

const codetab *
codetab_set_at(const codetab_set *s, size_t i)
{
	return i < s->n ? s->tabs[i] : NULL;
}

const codetab *
codetab_find(const codetab_set *s, const char *table)
{
	size_t lo = 0, hi, mid;
	int c;

	if (s == NULL || table == NULL)
		return NULL;
	hi = s->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(s->tabs[mid]->name, table);
		if (c == 0)
			return s->tabs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
