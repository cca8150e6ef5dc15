/*
 * doctype.c - loading document types from formats/types/ *.xml.
 *
 * A definition is parsed with libxml2 (no network, no DTDs, no entity
 * expansion), validated against formats/doctype.xsd, and then checked for
 * what a schema cannot say: unique names, known code tables, patterns that
 * compile, detect columns and group-by fields that exist, aliases that do
 * not point two ways.  Every error names the file and the line.
 *
 * All strings and arrays of one doctype live in one arena freed at once.
 * Header lookups go through a sorted table of normalised keys built at
 * load, so intake pays one normalisation and a binary search per column.
 * What the tools ask of a loaded type is in doctype_query.c.
 */
#include "doctype.h"
#include "doctype_impl.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#define DT_MAX_FILE    (1u << 20) /* a definition is a few KB */
#define DT_MAX_TYPES   256
#define DT_MAX_TABLES  256
#define DT_MAX_REPEAT  1000       /* largest {n,m} bound in a pattern */
#define DT_MAX_EXPAND  100000L    /* product of all {n,m} bounds */

/* ---- arena ------------------------------------------------------------ */

struct arena {
	struct arena *next;
	size_t used, cap;
	max_align_t data[];
};

static void *
arena_alloc(struct arena **a, size_t n)
{
	struct arena *b = *a;
	size_t al = sizeof(max_align_t), cap;
	void *p;

	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > 8192 ? n : 8192;
		if ((b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->next = *a;
		b->used = 0;
		b->cap = cap;
		*a = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

static char *
arena_strdup(struct arena **a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(a, n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

static void
arena_free(struct arena *a)
{
	struct arena *next;

	for (; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
}

/* What one parse needs to report an error. */
struct ctx {
	const doctype_schema *sc;
	const char *name;
	sg_err *err;
	doctype *t;
	const char *buf;             /* the text, to find where tags start */
	size_t len;
	size_t *lines;               /* offset of each line; [0] unused */
	size_t n_lines;
};

static const char *const type_names[] = {
	"text", "name", "nik", "kk", "date", "time", "code", "region",
	"integer", "digits", "attachments"
};

/* ---- small helpers ---------------------------------------------------- */

static void
dt_fail(struct ctx *c, long line, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
dt_fail(struct ctx *c, long line, const char *code, const char *fmt, ...)
{
	char where[600];
	va_list ap;

	if (line > 0)
		snprintf(where, sizeof where, "%s:%ld", c->name, line);
	else
		snprintf(where, sizeof where, "%s", c->name);
	va_start(ap, fmt);
	sg_err_vset(c->err, code, where, fmt, ap);
	va_end(ap);
}


/* Whitespace-collapsed copy of s in the arena (what xs:token compares). */
static char *
dt_collapse(struct arena **a, const char *s)
{
	char *p = arena_alloc(a, strlen(s) + 1), *w;
	int pending = 0;

	if (p == NULL)
		return NULL;
	for (w = p; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			if (w > p)
				pending = 1;
			continue;
		}
		if (pending)
			*w++ = ' ';
		pending = 0;
		*w++ = *s;
	}
	*w = '\0';
	return p;
}

/*
 * libxml2 numbers an element by the line its start tag ends on; a person
 * wants the line it starts on.  Walk back from there to the line holding
 * "<name".
 */
static long
dt_line(const struct ctx *c, xmlNode *n)
{
	long end = xmlGetLineNo(n), l;
	char tag[120];
	const char *p, *q, *e;
	size_t tl;

	if (end <= 0 || c->lines == NULL || (size_t)end > c->n_lines)
		return end;
	if (n->ns != NULL && n->ns->prefix != NULL)
		snprintf(tag, sizeof tag, "<%s:%s", (const char *)n->ns->prefix,
		    (const char *)n->name);
	else
		snprintf(tag, sizeof tag, "<%s", (const char *)n->name);
	tl = strlen(tag);
	for (l = end; l > 0 && end - l < 64; l--) {
		p = c->buf + c->lines[l];
		e = (size_t)l < c->n_lines ? c->buf + c->lines[l + 1] :
		    c->buf + c->len;
		for (q = p; q + tl < e; q++)
			if (memcmp(q, tag, tl) == 0 && (q[tl] == ' ' ||
			    q[tl] == '\t' || q[tl] == '\n' || q[tl] == '\r' ||
			    q[tl] == '/' || q[tl] == '>'))
				return l;
	}
	return end;
}

static int
dt_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNode *
dt_next_elem(xmlNode *n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static size_t
dt_count(xmlNode *parent, const char *name)
{
	xmlNode *n;
	size_t k = 0;

	for (n = parent->children; n != NULL; n = n->next)
		if (dt_is(n, name))
			k++;
	return k;
}

/*
 * Attribute value copied into the arena (collapsed unless raw), NULL when
 * absent.  *oom is set when the copy failed.
 */
static char *
dt_attr(doctype *t, xmlNode *n, const char *name, int raw, int *oom)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *p;

	if (v == NULL)
		return NULL;
	p = raw ? arena_strdup(&t->arena, (const char *)v) :
	    dt_collapse(&t->arena, (const char *)v);
	xmlFree(v);
	if (p == NULL)
		*oom = 1;
	return p;
}

static char *
dt_content(doctype *t, xmlNode *n, int *oom)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *p;

	p = dt_collapse(&t->arena, v ? (const char *)v : "");
	xmlFree(v);
	if (p == NULL)
		*oom = 1;
	return p;
}

static int
dt_valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return 1;
}

static int
dt_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/*
 * glibc expands bounded repeats when it compiles a pattern, so nested
 * {n,m} can cost memory exponential in the pattern's length: refuse
 * patterns whose bounds multiply past DT_MAX_EXPAND.
 */
static int
dt_pattern_too_big(const char *p)
{
	long prod = 1, a, b;
	const char *q;
	char *end;

	for (q = p; *q; q++) {
		if (*q == '\\' && q[1] != '\0') {
			q++;
			continue;
		}
		if (*q != '{' || ((q[1] < '0' || q[1] > '9') && q[1] != ','))
			continue;
		/* glibc reads "{,m}" as "{0,m}". */
		if (q[1] == ',') {
			a = 0;
			end = (char *)q + 1;
		} else
			a = strtol(q + 1, &end, 10);
		b = a;
		if (*end == ',') {
			if (end[1] >= '0' && end[1] <= '9')
				b = strtol(end + 1, &end, 10);
			else
				b = a; /* "{n,}" still makes n copies */
		}
		if (a > DT_MAX_REPEAT || b > DT_MAX_REPEAT)
			return 1;
		if (b < 1)
			b = 1;
		prod *= b;
		if (prod > DT_MAX_EXPAND)
			return 1;
	}
	return 0;
}

static int
dt_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
dt_has_table(const doctype_schema *sc, const char *table)
{
	return bsearch(&table, sc->tables, sc->n_tables, sizeof *sc->tables,
	    dt_cmp_str) != NULL;
}

static int
dt_cmp_field_name(const void *a, const void *b)
{
	const doctype_field *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}


static int
dt_cmp_alias(const void *a, const void *b)
{
	const struct alias_ent *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* ---- one definition --------------------------------------------------- */

static int
dt_parse_field(struct ctx *c, xmlNode *n, doctype_field *f, int member,
    int **lines)
{
	doctype *t = c->t;
	const char *v;
	char *type, *req, *mn, *mx, *lo, *hi;
	xmlNode *a;
	const char **al;
	size_t i, k;
	long x;
	int oom = 0, rc;
	regex_t re;
	char ebuf[200];

	f->line = (int)dt_line(c, n);
	f->member = member;
	f->name = dt_attr(t, n, "name", 0, &oom);
	f->label = dt_attr(t, n, "label", 0, &oom);
	type = dt_attr(t, n, "type", 0, &oom);
	req = dt_attr(t, n, "required", 0, &oom);
	mn = dt_attr(t, n, "min-length", 0, &oom);
	mx = dt_attr(t, n, "max-length", 0, &oom);
	f->pattern = dt_attr(t, n, "pattern", 1, &oom);
	f->table = dt_attr(t, n, "table", 0, &oom);
	lo = dt_attr(t, n, "min", 0, &oom);
	hi = dt_attr(t, n, "max", 0, &oom);
	k = dt_count(n, "alias");
	al = arena_alloc(&t->arena, (k + 1) * sizeof *al);
	*lines = arena_alloc(&t->arena, (k + 1) * sizeof **lines);
	if (oom || al == NULL || *lines == NULL || f->name == NULL || f->label == NULL ||
	    type == NULL) {
		if (oom || al == NULL || *lines == NULL)
			sg_err_sys(c->err, c->name, "out of memory");
		else
			dt_fail(c, f->line, "E-DOCTYPE-SCHEMA",
			    "field needs name, type and label");
		return -1;
	}
	for (i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (strcmp(type, type_names[i]) == 0)
			break;
	if (i == sizeof type_names / sizeof *type_names) {
		dt_fail(c, f->line, "E-DOCTYPE-SCHEMA",
		    "field %s: unknown type \"%s\"", f->name, type);
		return -1;
	}
	f->type = (enum field_type)i;
	f->required = req != NULL && (strcmp(req, "true") == 0 ||
	    strcmp(req, "1") == 0);
	if (mn != NULL) {
		if (dt_parse_long(mn + (*mn == '+'), 0, 100000, &x) < 0) {
			dt_fail(c, f->line, "E-DOCTYPE-SCHEMA",
			    "field %s: bad min-length", f->name);
			return -1;
		}
		f->min_len = (size_t)x;
	}
	if (mx != NULL) {
		if (dt_parse_long(mx + (*mx == '+'), 0, 100000, &x) < 0) {
			dt_fail(c, f->line, "E-DOCTYPE-SCHEMA",
			    "field %s: bad max-length", f->name);
			return -1;
		}
		f->max_len = (size_t)x;
	}
	if (f->max_len > 0 && f->min_len > f->max_len) {
		dt_fail(c, f->line, "E-DOCTYPE-LENGTH",
		    "field %s: min-length %zu is above max-length %zu",
		    f->name, f->min_len, f->max_len);
		return -1;
	}
	/* table= is given exactly when the type is code. */
	if (f->type == FT_CODE && f->table == NULL) {
		dt_fail(c, f->line, "E-DOCTYPE-TABLE",
		    "field %s: type code needs table=", f->name);
		return -1;
	}
	if (f->type != FT_CODE && f->table != NULL) {
		dt_fail(c, f->line, "E-DOCTYPE-TABLE",
		    "field %s: table= is only for type code", f->name);
		return -1;
	}
	if (f->table != NULL && !dt_has_table(c->sc, f->table)) {
		dt_fail(c, f->line, "E-DOCTYPE-TABLE",
		    "field %s: no code table %s in codes/", f->name,
		    f->table);
		return -1;
	}
	if (f->pattern != NULL) {
		if (dt_pattern_too_big(f->pattern)) {
			dt_fail(c, f->line, "E-DOCTYPE-PATTERN",
			    "field %s: pattern repeats too much (bounds over "
			    "%d or multiplying past %ld)", f->name,
			    DT_MAX_REPEAT, DT_MAX_EXPAND);
			return -1;
		}
		rc = regcomp(&re, f->pattern, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &re, ebuf, sizeof ebuf);
			dt_fail(c, f->line, "E-DOCTYPE-PATTERN",
			    "field %s: pattern does not compile: %s", f->name,
			    ebuf);
			return -1;
		}
		regfree(&re);
	}
	/* min= and max= are dates for date fields, numbers for integers. */
	if ((lo != NULL || hi != NULL) && f->type != FT_DATE &&
	    f->type != FT_INTEGER) {
		dt_fail(c, f->line, "E-DOCTYPE-BOUND",
		    "field %s: min= and max= are for date and integer fields",
		    f->name);
		return -1;
	}
	for (i = 0; i < 2; i++) {
		v = i == 0 ? lo : hi;
		if (v == NULL)
			continue;
		if (f->type == FT_DATE) {
			if (strcmp(v, "today") != 0 && !dt_valid_date(v)) {
				dt_fail(c, f->line, "E-DOCTYPE-BOUND",
				    "field %s: %s=\"%s\" is neither YYYY-MM-DD "
				    "nor today", f->name, i ? "max" : "min",
				    v);
				return -1;
			}
			if (i == 0)
				f->date_min = v;
			else
				f->date_max = v;
		} else {
			if (dt_parse_long(v, -999999999L, 999999999L, &x) < 0) {
				dt_fail(c, f->line, "E-DOCTYPE-BOUND",
				    "field %s: %s=\"%s\" is not an integer",
				    f->name, i ? "max" : "min", v);
				return -1;
			}
			if (i == 0) {
				f->int_min = x;
				f->has_int_min = 1;
			} else {
				f->int_max = x;
				f->has_int_max = 1;
			}
		}
	}
	if ((f->has_int_min && f->has_int_max && f->int_min > f->int_max) ||
	    (f->date_min && f->date_max && strcmp(f->date_min, "today") &&
	    strcmp(f->date_max, "today") &&
	    strcmp(f->date_min, f->date_max) > 0) ||
	    (f->date_min && f->date_max && !strcmp(f->date_min, "today") &&
	    strcmp(f->date_max, "today"))) {
		dt_fail(c, f->line, "E-DOCTYPE-BOUND",
		    "field %s: min is after max", f->name);
		return -1;
	}
	k = 0;
	for (a = n->children; a != NULL; a = a->next) {
		if (!dt_is(a, "alias"))
			continue;
		(*lines)[k] = (int)dt_line(c, a);
		if ((al[k++] = dt_content(t, a, &oom)) == NULL) {
			sg_err_sys(c->err, c->name, "out of memory");
			return -1;
		}
	}
	al[k] = NULL;
	f->aliases = al;
	f->n_aliases = k;
	return 0;
}

/* A check path names a header field, the member list or a member field. */
static int
dt_path_ok(const doctype *t, const char *path)
{
	const char *br = strstr(path, "[].");
	const doctype_field *f;
	size_t n;

	if (br == NULL) {
		if (t->members_name && strcmp(path, t->members_name) == 0)
			return 1;
		f = doctype_field_find(t, path);
		return f != NULL && !f->member;
	}
	n = (size_t)(br - path);
	if (t->members_name == NULL || strlen(t->members_name) != n ||
	    strncmp(path, t->members_name, n) != 0)
		return 0;
	f = doctype_field_find(t, br + 3);
	return f != NULL && f->member;
}

static int
dt_parse_checks(struct ctx *c, xmlNode *checks)
{
	doctype *t = c->t;
	xmlNode *n;
	doctype_check *k;
	char *with, *sev, *p, *save = NULL;
	const char **w;
	size_t i = 0, nw, j;
	int oom = 0;

	t->n_checks = dt_count(checks, "check");
	t->checks = arena_alloc(&t->arena, (t->n_checks + 1) * sizeof
	    *t->checks);
	if (t->checks == NULL)
		goto oom;
	for (n = checks->children; n != NULL; n = n->next) {
		if (!dt_is(n, "check"))
			continue;
		k = &t->checks[i++];
		k->line = (int)dt_line(c, n);
		k->name = dt_attr(t, n, "name", 0, &oom);
		k->field = dt_attr(t, n, "field", 0, &oom);
		with = dt_attr(t, n, "with", 0, &oom);
		sev = dt_attr(t, n, "severity", 0, &oom);
		if (oom)
			goto oom;
		if (k->name == NULL || k->field == NULL) {
			dt_fail(c, k->line, "E-DOCTYPE-SCHEMA",
			    "check needs name and field");
			return -1;
		}
		k->severity = sev && strcmp(sev, "warning") == 0 ?
		    DOCTYPE_WARNING : DOCTYPE_ERROR;
		if (!dt_path_ok(t, k->field)) {
			dt_fail(c, k->line, "E-DOCTYPE-CHECK",
			    "check %s: %s is not a field of %s", k->name,
			    k->field, t->id);
			return -1;
		}
		nw = 0;
		if (with != NULL)
			for (nw = 1, p = with; *p; p++)
				nw += *p == ' ';
		if ((w = arena_alloc(&t->arena, (nw + 1) * sizeof *w)) ==
		    NULL)
			goto oom;
		j = 0;
		if (with != NULL)
			for (p = strtok_r(with, " ", &save); p != NULL;
			    p = strtok_r(NULL, " ", &save)) {
				if (!dt_path_ok(t, p)) {
					dt_fail(c, k->line, "E-DOCTYPE-CHECK",
					    "check %s: %s is not a field of "
					    "%s", k->name, p, t->id);
					return -1;
				}
				w[j++] = p;
			}
		w[j] = NULL;
		k->with = w;
		k->n_with = j;
	}
	return 0;
oom:
	sg_err_sys(c->err, c->name, "out of memory");
	return -1;
}

/* One list of seal fields: header (member 0) or member (member 1). */
static int
dt_parse_seal_list(struct ctx *c, struct dt_seal *sl, xmlNode *list,
    int member)
{
	doctype *t = c->t;
	const doctype_field *f;
	xmlNode *n;
	char *ref;
	size_t i = 0, j;
	int oom = 0, line;

	sl->n_seal[member] = dt_count(list, "field");
	sl->seal[member] = arena_alloc(&t->arena, (sl->n_seal[member] + 1) *
	    sizeof *sl->seal[member]);
	if (sl->seal[member] == NULL)
		goto oom;
	for (n = list->children; n != NULL; n = n->next) {
		if (!dt_is(n, "field"))
			continue;
		line = (int)dt_line(c, n);
		if ((ref = dt_attr(t, n, "ref", 0, &oom)) == NULL)
			goto oom;
		f = doctype_field_find(t, ref);
		if (f == NULL || f->member != member ||
		    f->type == FT_ATTACHMENTS) {
			dt_fail(c, line, "E-DOCTYPE-SEAL", "seal field %s is not "
			    "a %s field of %s that a seal can carry", ref,
			    member ? "member" : "header", t->id);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (sl->seal[member][j] == f) {
				dt_fail(c, line, "E-DOCTYPE-SEAL", "seal field "
				    "%s listed twice", ref);
				return -1;
			}
		sl->seal[member][i++] = f;
	}
	return 0;
oom:
	sg_err_sys(c->err, c->name, "out of memory");
	return -1;
}

/*
 * One <seal> element: a version of the field list.  Every version stays
 * loaded, so seals made before the list grew still decode; the newest
 * is the one segel-sign uses.
 */
static int
dt_parse_seal(struct ctx *c, xmlNode *seal, struct dt_seal *sl)
{
	doctype *t = c->t;
	xmlNode *n;
	char *v;
	long x;
	size_t i;
	int oom = 0;

	v = dt_attr(t, seal, "code", 0, &oom);
	if (v == NULL || dt_parse_long(v, 1, 255, &x) < 0)
		goto bad;
	if (t->seal_code != 0 && t->seal_code != (int)x) {
		dt_fail(c, dt_line(c, seal), "E-DOCTYPE-SEAL", "every seal "
		    "version of %s needs the same code (%d, not %ld)", t->id,
		    t->seal_code, x);
		return -1;
	}
	t->seal_code = (int)x;
	v = dt_attr(t, seal, "version", 0, &oom);
	if (v == NULL || dt_parse_long(v, 1, 255, &x) < 0)
		goto bad;
	sl->version = (int)x;
	for (i = 0; i < t->n_seals; i++)
		if (t->seals[i].version == sl->version) {
			dt_fail(c, dt_line(c, seal), "E-DOCTYPE-SEAL", "seal "
			    "version %d of %s given twice", sl->version, t->id);
			return -1;
		}
	if (dt_parse_seal_list(c, sl, seal, 0) < 0)
		return -1;
	for (n = dt_next_elem(seal->children); n != NULL;
	    n = dt_next_elem(n->next))
		if (dt_is(n, "members")) {
			if (t->members_name == NULL) {
				dt_fail(c, dt_line(c, n), "E-DOCTYPE-SEAL",
				    "%s has no member list to seal", t->id);
				return -1;
			}
			sl->members = 1;
			if (dt_parse_seal_list(c, sl, n, 1) < 0)
				return -1;
		}
	t->n_seals++;
	if (sl->version > t->seal_version) {
		t->seal_version = sl->version;
		t->seal[0] = sl->seal[0];
		t->seal[1] = sl->seal[1];
		t->n_seal[0] = sl->n_seal[0];
		t->n_seal[1] = sl->n_seal[1];
		t->seal_members = sl->members;
	}
	return 0;
bad:
	dt_fail(c, dt_line(c, seal), "E-DOCTYPE-SEAL",
	    "seal needs code and version from 1 to 255");
	return -1;
}

static int
dt_parse_detect(struct ctx *c, xmlNode *detect)
{
	doctype *t = c->t;
	xmlNode *n;
	const char *v;
	size_t i, j;
	long line;
	int oom = 0, absent;

	t->detect_cols = arena_alloc(&t->arena, (dt_count(detect, "column") +
	    1) * sizeof *t->detect_cols);
	t->detect_absent = arena_alloc(&t->arena, (dt_count(detect,
	    "absent") + 1) * sizeof *t->detect_absent);
	if (t->detect_cols == NULL || t->detect_absent == NULL)
		goto oom;
	for (n = detect->children; n != NULL; n = n->next) {
		absent = dt_is(n, "absent");
		if (!absent && !dt_is(n, "column"))
			continue;
		line = dt_line(c, n);
		if ((v = dt_content(t, n, &oom)) == NULL)
			goto oom;
		if (!absent && doctype_field_find(t, v) == NULL) {
			dt_fail(c, line, "E-DOCTYPE-DETECT",
			    "detect column %s is not a field of %s", v, t->id);
			return -1;
		}
		for (i = 0; i < t->n_cols; i++)
			if (strcmp(t->detect_cols[i], v) == 0)
				break;
		for (j = 0; j < t->n_absent; j++)
			if (strcmp(t->detect_absent[j], v) == 0)
				break;
		if (i < t->n_cols || j < t->n_absent) {
			dt_fail(c, line, "E-DOCTYPE-DETECT",
			    "detect names %s twice", v);
			return -1;
		}
		if (absent)
			t->detect_absent[t->n_absent++] = v;
		else
			t->detect_cols[t->n_cols++] = v;
	}
	return 0;
oom:
	sg_err_sys(c->err, c->name, "out of memory");
	return -1;
}

/* Build the sorted alias table; refuse a header that means two fields. */
static int
dt_build_aliases(struct ctx *c)
{
	doctype *t = c->t;
	const doctype_field *f;
	struct alias_ent *e;
	char key[DT_KEY_MAX];
	size_t i, j, n = 0, k = 0;
	const char *s;

	for (i = 0; i < t->n_fields; i++)
		n += 1 + t->fields[i].n_aliases;
	if ((t->aliases = arena_alloc(&t->arena, n * sizeof *e)) == NULL)
		goto oom;
	for (i = 0; i < t->n_fields; i++) {
		f = &t->fields[i];
		for (j = 0; j <= f->n_aliases; j++) {
			s = j == 0 ? f->name : f->aliases[j - 1];
			if (doctype_header_key(s, key, sizeof key) <= 0) {
				dt_fail(c, f->line, "E-DOCTYPE-ALIAS",
				    "field %s: alias \"%.60s\" is empty or too "
				    "long once normalised", f->name, s);
				return -1;
			}
			e = &t->aliases[k++];
			e->field = f;
			e->line = j == 0 ? f->line : t->alias_lines[i][j - 1];
			if ((e->key = arena_strdup(&t->arena, key)) == NULL)
				goto oom;
		}
	}
	qsort(t->aliases, k, sizeof *t->aliases, dt_cmp_alias);
	for (i = 0, n = 0; i < k; i++) {
		if (n > 0 && strcmp(t->aliases[n - 1].key, t->aliases[i].key)
		    == 0) {
			if (t->aliases[n - 1].field != t->aliases[i].field) {
				dt_fail(c, t->aliases[i].line,
				    "E-DOCTYPE-ALIAS", "header \"%s\" would "
				    "mean both %s and %s", t->aliases[i].key,
				    t->aliases[n - 1].field->name,
				    t->aliases[i].field->name);
				return -1;
			}
			continue;
		}
		t->aliases[n++] = t->aliases[i];
	}
	t->n_aliases = n;
	return 0;
oom:
	sg_err_sys(c->err, c->name, "out of memory");
	return -1;
}

/*
 * Why a number pattern cannot be read back, or NULL.  The signer counts
 * serials per prefix (what the pattern gives before {serial}), and the
 * ledger must tell the serial from the prefix in every number: so
 * {serial} comes once, last, after a literal character that is not a
 * digit (never straight after {date}, {issuer} or a digit), and every
 * other placeholder is one the signer fills in.
 */
static const char *
number_pattern_fault(const char *p)
{
	static const char *const known[] = { "{issuer}", "{code}", "{date}",
	    "{serial}" };
	size_t i, n = strlen(p), k;
	int serials = 0, prev_lit = 0; /* what came before: a non-digit */

	for (i = 0; i < n; ) {
		if (p[i] == '{') {
			for (k = 0; k < 4; k++)
				if (strncmp(p + i, known[k],
				    strlen(known[k])) == 0)
					break;
			if (k == 4)
				return "unknown placeholder (the signer fills "
				    "in {issuer}, {code}, {date} and {serial})";
			if (k == 3) {
				if (serials++ > 0)
					return "{serial} comes twice";
				if (!prev_lit)
					return "{serial} must follow a separator "
					    "that is not a digit (as in "
					    "{date}-{serial}), or the serial "
					    "cannot be told from what comes "
					    "before it";
			}
			i += strlen(known[k]);
			prev_lit = 0;
			continue;
		}
		prev_lit = p[i] < '0' || p[i] > '9';
		i++;
	}
	if (serials == 0)
		return "no {serial}: every document would get one number";
	if (n < 8 || strcmp(p + n - 8, "{serial}") != 0)
		return "the pattern must end with {serial}";
	return NULL;
}

/*
 * <members head-relation= head-code= head-name=>: the head of the member
 * list (a KK's kepala keluarga) is the member whose head-relation code
 * field holds head-code; head-name is the member field that names them.
 */
static int
dt_parse_head(struct ctx *c, xmlNode *members, long line)
{
	doctype *t = c->t;
	const char *rel, *code, *name;
	long x;
	int oom = 0;

	rel = dt_attr(t, members, "head-relation", 0, &oom);
	code = dt_attr(t, members, "head-code", 0, &oom);
	name = dt_attr(t, members, "head-name", 0, &oom);
	if (oom) {
		sg_err_sys(c->err, c->name, "out of memory");
		return -1;
	}
	if (rel == NULL && code == NULL && name == NULL)
		return 0;
	if (rel == NULL || code == NULL || name == NULL) {
		dt_fail(c, line, "E-DOCTYPE-HEAD", "members head-relation, "
		    "head-code and head-name go together");
		return -1;
	}
	t->head_relation = doctype_field_find(t, rel);
	if (t->head_relation == NULL || !t->head_relation->member ||
	    t->head_relation->type != FT_CODE) {
		dt_fail(c, line, "E-DOCTYPE-HEAD", "head-relation %s is not "
		    "a member code field of %s", rel, t->id);
		return -1;
	}
	t->head_name = doctype_field_find(t, name);
	if (t->head_name == NULL || !t->head_name->member) {
		dt_fail(c, line, "E-DOCTYPE-HEAD", "head-name %s is not a "
		    "member field of %s", name, t->id);
		return -1;
	}
	if (dt_parse_long(code + (*code == '+'), 0, 9999, &x) < 0) {
		dt_fail(c, line, "E-DOCTYPE-HEAD", "head-code %s is not a "
		    "code of table %s", code, t->head_relation->table);
		return -1;
	}
	t->head_code = (int)x;
	return 0;
}

/* Everything the schema cannot say, on a document it has accepted. */
static int
dt_build(struct ctx *c, xmlNode *root)
{
	doctype *t = c->t;
	xmlNode *n, *fields = NULL, *members = NULL, *detect = NULL,
	    *checks = NULL, *title = NULL, *m, *seal = NULL, *number = NULL,
	    *layout = NULL;
	const doctype_field *g;
	const char *why;
	char *v;
	size_t i, k;
	long x;
	int oom = 0;

	for (n = dt_next_elem(root->children); n != NULL;
	    n = dt_next_elem(n->next)) {
		if (dt_is(n, "title"))
			title = n;
		else if (dt_is(n, "detect"))
			detect = n;
		else if (dt_is(n, "fields"))
			fields = n;
		else if (dt_is(n, "members"))
			members = n;
		else if (dt_is(n, "checks"))
			checks = n;
		else if (dt_is(n, "seal"))
			seal = n;
		else if (dt_is(n, "number"))
			number = n;
		else if (dt_is(n, "layout"))
			layout = n;
	}
	if (title == NULL || fields == NULL) {
		dt_fail(c, dt_line(c, root), "E-DOCTYPE-SCHEMA",
		    "doctype needs title and fields");
		return -1;
	}
	t->id = dt_attr(t, root, "id", 0, &oom);
	v = dt_attr(t, root, "version", 0, &oom);
	t->title = dt_content(t, title, &oom);
	if (oom)
		goto oom;
	if (t->id == NULL || v == NULL ||
	    dt_parse_long(v + (*v == '+'), 1, 65535, &x) < 0) {
		dt_fail(c, dt_line(c, root), "E-DOCTYPE-SCHEMA",
		    "doctype needs id and a version from 1 to 65535");
		return -1;
	}
	t->version = (int)x;

	t->n_header = dt_count(fields, "field");
	t->n_fields = t->n_header + (members ? dt_count(members, "field") :
	    0);
	t->fields = arena_alloc(&t->arena, (t->n_fields + 1) *
	    sizeof *t->fields);
	t->by_name = arena_alloc(&t->arena, (t->n_fields + 1) *
	    sizeof *t->by_name);
	t->alias_lines = arena_alloc(&t->arena, (t->n_fields + 1) *
	    sizeof *t->alias_lines);
	if (t->fields == NULL || t->by_name == NULL || t->alias_lines == NULL)
		goto oom;
	i = 0;
	for (k = 0; k < 2; k++) {
		m = k == 0 ? fields : members;
		if (m == NULL)
			continue;
		for (n = m->children; n != NULL; n = n->next) {
			if (!dt_is(n, "field"))
				continue;
			if (dt_parse_field(c, n, &t->fields[i], (int)k,
			    &t->alias_lines[i]) < 0)
				return -1;
			t->by_name[i] = &t->fields[i];
			i++;
		}
	}
	qsort(t->by_name, t->n_fields, sizeof *t->by_name, dt_cmp_field_name);
	for (i = 1; i < t->n_fields; i++)
		if (strcmp(t->by_name[i - 1]->name, t->by_name[i]->name) == 0) {
			const doctype_field *a = t->by_name[i - 1],
			    *b = t->by_name[i];

			dt_fail(c, a->line > b->line ? a->line : b->line,
			    "E-DOCTYPE-DUP", "field %s defined twice (line %d)",
			    a->name, a->line < b->line ? a->line : b->line);
			return -1;
		}

	if (members != NULL) {
		long line = dt_line(c, members);

		t->members_name = dt_attr(t, members, "name", 0, &oom);
		t->members_label = dt_attr(t, members, "label", 0, &oom);
		t->group_by = dt_attr(t, members, "group-by", 0, &oom);
		v = dt_attr(t, members, "max", 0, &oom);
		if (oom)
			goto oom;
		if (t->members_name == NULL || t->group_by == NULL) {
			dt_fail(c, line, "E-DOCTYPE-SCHEMA",
			    "members needs name and group-by");
			return -1;
		}
		if (v != NULL) {
			if (dt_parse_long(v + (*v == '+'), 1, 10000, &x) < 0) {
				dt_fail(c, line, "E-DOCTYPE-SCHEMA",
				    "members max= is not 1 to 10000");
				return -1;
			}
			t->members_max = (size_t)x;
		}
		if (doctype_field_find(t, t->members_name) != NULL) {
			dt_fail(c, line, "E-DOCTYPE-DUP",
			    "members name %s is also a field",
			    t->members_name);
			return -1;
		}
		g = doctype_field_find(t, t->group_by);
		if (g == NULL || g->member) {
			dt_fail(c, line, "E-DOCTYPE-GROUP",
			    "group-by %s is not a header field of %s",
			    t->group_by, t->id);
			return -1;
		}
		if (dt_parse_head(c, members, line) < 0)
			return -1;
	}
	if (detect != NULL && dt_parse_detect(c, detect) < 0)
		return -1;
	if (dt_build_aliases(c) < 0)
		return -1;
	if (checks != NULL && dt_parse_checks(c, checks) < 0)
		return -1;
	if (seal != NULL) {
		size_t ns = 0;

		for (n = dt_next_elem(root->children); n != NULL;
		    n = dt_next_elem(n->next))
			ns += dt_is(n, "seal");
		t->seals = arena_alloc(&t->arena, ns * sizeof *t->seals);
		if (t->seals == NULL) {
			sg_err_sys(c->err, c->name, "out of memory");
			return -1;
		}
		memset(t->seals, 0, ns * sizeof *t->seals);
		for (n = dt_next_elem(root->children); n != NULL;
		    n = dt_next_elem(n->next))
			if (dt_is(n, "seal") &&
			    dt_parse_seal(c, n, &t->seals[t->n_seals]) < 0)
				return -1;
	}
	if (layout != NULL) {
		xmlBufferPtr xb = xmlBufferCreate();

		if (xb == NULL || xmlNodeDump(xb, layout->doc, layout, 0, 0) < 0 ||
		    (t->layout_xml = arena_strdup(&t->arena,
		    (const char *)xmlBufferContent(xb))) == NULL) {
			xmlBufferFree(xb);
			goto oom;
		}
		xmlBufferFree(xb);
		t->layout_line = (int)dt_line(c, layout);
	}
	if (number != NULL) {
		t->number_code = dt_attr(t, number, "code", 0, &oom);
		t->number_pattern = dt_attr(t, number, "pattern", 0, &oom);
		if (oom)
			goto oom;
		if (t->number_pattern == NULL)
			t->number_pattern = "{issuer}-{code}-{date}-{serial}";
		if ((why = number_pattern_fault(t->number_pattern)) != NULL) {
			dt_fail(c, dt_line(c, number), "E-DOCTYPE-NUMBER",
			    "number pattern \"%s\": %s", t->number_pattern, why);
			return -1;
		}
	}
	return 0;
oom:
	sg_err_sys(c->err, c->name, "out of memory");
	return -1;
}

/* The first validity error, with its line. */
struct verr {
	int set;
	long line;
	xmlNode *node;               /* the element at fault, when known */
	char msg[400];
};

#if LIBXML_VERSION >= 21200
static void
dt_verr(void *ud, const xmlError *e)
#else
static void
dt_verr(void *ud, xmlErrorPtr e)
#endif
{
	struct verr *v = ud;
	const char *ns = "{urn:segel:doctype:1}", *p;
	char *w;
	size_t nl = strlen(ns);

	if (v->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	v->set = 1;
	v->line = e->line;
	if (e->node != NULL && ((xmlNode *)e->node)->type == XML_ELEMENT_NODE)
		v->node = e->node;
	if (v->line <= 0 && e->node != NULL)
		v->line = xmlGetLineNo((xmlNode *)e->node);
	/* Drop the namespace from element names; keep the words. */
	w = v->msg;
	for (p = e->message ? e->message : "invalid"; *p &&
	    w < v->msg + sizeof v->msg - 1; ) {
		if (strncmp(p, ns, nl) == 0) {
			p += nl;
			continue;
		}
		*w++ = *p++;
	}
	while (w > v->msg && (w[-1] == '\n' || w[-1] == ' '))
		w--;
	*w = '\0';
}

static void
dt_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
dt_restore(int swapped, xmlGenericErrorFunc g, void *gctx,
    xmlStructuredErrorFunc st, void *stctx)
{
	if (!swapped)
		return;
	xmlSetGenericErrorFunc(gctx, g);
	xmlSetStructuredErrorFunc(stctx, st);
}

static int
dt_index_lines(struct ctx *c)
{
	size_t i, n = 1;

	for (i = 0; i < c->len; i++)
		n += c->buf[i] == '\n';
	if ((c->lines = malloc((n + 2) * sizeof *c->lines)) == NULL) {
		sg_err_sys(c->err, c->name, "out of memory");
		return -1;
	}
	c->lines[1] = 0;
	for (i = 0, n = 1; i < c->len; i++)
		if (c->buf[i] == '\n')
			c->lines[++n] = i + 1;
	c->n_lines = n;
	return 0;
}

void
doctype_free(doctype *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t);
}

doctype *
doctype_parse_mem(const doctype_schema *sc, const char *buf, size_t len,
    const char *name, sg_err *err)
{
	struct ctx c;
	xmlParserCtxtPtr pctx = NULL;
	xmlSchemaValidCtxtPtr vctx = NULL;
	xmlDocPtr doc = NULL;
	const xmlError *xe;
	xmlNode *root;
	struct verr ve;
	doctype *t = NULL;
	int rc, swapped = 0;
	xmlGenericErrorFunc old_generic = NULL;
	xmlStructuredErrorFunc old_structured = NULL;
	void *old_generic_ctx = NULL, *old_structured_ctx = NULL;

	memset(&c, 0, sizeof c);
	c.sc = sc;
	c.buf = buf;
	c.len = len;
	c.name = name ? name : "<buffer>";
	c.err = err;
	if (len > DT_MAX_FILE) {
		dt_fail(&c, 0, "E-DOCTYPE-XML", "file is over %u bytes",
		    DT_MAX_FILE);
		goto fail;
	}
	if ((t = calloc(1, sizeof *t)) == NULL ||
	    (t->file = arena_strdup(&t->arena, c.name)) == NULL) {
		sg_err_sys(err, c.name, "out of memory");
		goto fail;
	}
	c.t = t;
	if ((pctx = xmlNewParserCtxt()) == NULL) {
		sg_err_sys(err, c.name, "out of memory");
		goto fail;
	}
	/*
	 * Some libxml2 errors (bad encodings, I/O) bypass the parser
	 * context and go to the thread's global handlers, which print.
	 * Silence them for this call only and put the caller's back.
	 */
	old_generic = xmlGenericError;
	old_generic_ctx = xmlGenericErrorContext;
	old_structured = xmlStructuredError;
	old_structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, dt_silent);
	xmlSetStructuredErrorFunc(NULL, NULL);
	swapped = 1;
	/* No network, no DTD loading, no entity substitution, no printing. */
	doc = xmlCtxtReadMemory(pctx, buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_BIG_LINES);
	if (doc == NULL || !pctx->wellFormed) {
		xe = xmlCtxtGetLastError(pctx);
		dt_fail(&c, xe ? xe->line : 0, "E-DOCTYPE-XML",
		    "not well-formed XML: %.300s", xe && xe->message ?
		    xe->message : "parse error");
		/* libxml2's messages end in a newline. */
		if (err != NULL) {
			size_t n = strlen(err->message);

			while (n > 0 && err->message[n - 1] == '\n')
				err->message[--n] = '\0';
			n = strlen(err->text);
			while (n > 0 && err->text[n - 1] == '\n')
				err->text[--n] = '\0';
		}
		goto fail;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		dt_fail(&c, 1, "E-DOCTYPE-XML",
		    "a DOCTYPE declaration is not allowed");
		goto fail;
	}
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		dt_fail(&c, 1, "E-DOCTYPE-XML", "no root element");
		goto fail;
	}
	if (dt_index_lines(&c) < 0)
		goto fail;
	if ((vctx = xmlSchemaNewValidCtxt(sc->schema)) == NULL) {
		sg_err_sys(err, c.name, "out of memory");
		goto fail;
	}
	memset(&ve, 0, sizeof ve);
	xmlSchemaSetValidStructuredErrors(vctx, dt_verr, &ve);
	rc = xmlSchemaValidateDoc(vctx, doc);
	if (rc != 0) {
		dt_fail(&c, !ve.set ? 0 : ve.node ? dt_line(&c, ve.node) :
		    ve.line, "E-DOCTYPE-SCHEMA", "%s",
		    ve.set ? ve.msg : "does not match doctype.xsd");
		goto fail;
	}
	if (dt_build(&c, root) < 0)
		goto fail;
	free(c.lines);
	xmlSchemaFreeValidCtxt(vctx);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	dt_restore(swapped, old_generic, old_generic_ctx, old_structured,
	    old_structured_ctx);
	return t;
fail:
	free(c.lines);
	xmlSchemaFreeValidCtxt(vctx);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	dt_restore(swapped, old_generic, old_generic_ctx, old_structured,
	    old_structured_ctx);
	doctype_free(t);
	return NULL;
}

/* ---- the schema and the table list ------------------------------------ */

void
doctype_schema_free(doctype_schema *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	if (sc->schema != NULL)
		xmlSchemaFree(sc->schema);
	for (i = 0; i < sc->n_tables; i++)
		free(sc->tables[i]);
	free(sc->tables);
	free(sc);
}

static int
dt_list_tables(doctype_schema *sc, const char *formats, sg_err *err)
{
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;
	size_t len;
	int rc = -1;

	snprintf(dir, sizeof dir, "%s/codes", formats);
	if ((sc->tables = calloc(DT_MAX_TABLES, sizeof *sc->tables)) == NULL) {
		sg_err_sys(err, dir, "out of memory");
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		sg_err_sys(err, dir, "cannot open the code table directory");
		return -1;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		if (sc->n_tables == DT_MAX_TABLES) {
			sg_err_set(err, "E-DOCTYPE-DIR", dir,
			    "more than %d code tables", DT_MAX_TABLES);
			goto out;
		}
		if ((sc->tables[sc->n_tables] = strndup(de->d_name, len - 4))
		    == NULL) {
			sg_err_sys(err, dir, "out of memory");
			goto out;
		}
		sc->n_tables++;
	}
	if (errno != 0) {
		sg_err_sys(err, dir, "cannot read the code table directory");
		goto out;
	}
	qsort(sc->tables, sc->n_tables, sizeof *sc->tables, dt_cmp_str);
	rc = 0;
out:
	closedir(d);
	return rc;
}

doctype_schema *
doctype_schema_load(const char *formats, sg_err *err)
{
	doctype_schema *sc = NULL;
	xmlSchemaParserCtxtPtr pc = NULL;
	char path[PATH_MAX];
	struct verr ve;

	xmlInitParser();
	if (snprintf(path, sizeof path, "%s/doctype.xsd", formats) >=
	    (int)sizeof path) {
		sg_err_set(err, "E-DOCTYPE-DIR", formats, "path too long");
		goto fail;
	}
	if ((sc = calloc(1, sizeof *sc)) == NULL) {
		sg_err_sys(err, path, "out of memory");
		goto fail;
	}
	/* libxml2 would print its own complaint about a missing file. */
	if (access(path, R_OK) != 0) {
		sg_err_sys(err, path, "cannot read the document-type schema");
		goto fail;
	}
	if ((pc = xmlSchemaNewParserCtxt(path)) == NULL) {
		sg_err_sys(err, path, "out of memory");
		goto fail;
	}
	memset(&ve, 0, sizeof ve);
	xmlSchemaSetParserStructuredErrors(pc, dt_verr, &ve);
	if ((sc->schema = xmlSchemaParse(pc)) == NULL) {
		char where[PATH_MAX + 32];

		snprintf(where, sizeof where, "%s:%ld", path, ve.line);
		sg_err_set(err, "E-DOCTYPE-XSD", where, "%s",
		    ve.set ? ve.msg : "the schema does not compile");
		goto fail;
	}
	xmlSchemaFreeParserCtxt(pc);
	pc = NULL;
	if (dt_list_tables(sc, formats, err) < 0)
		goto fail;
	return sc;
fail:
	if (pc != NULL)
		xmlSchemaFreeParserCtxt(pc);
	doctype_schema_free(sc);
	return NULL;
}

/* ---- the set ---------------------------------------------------------- */

void
doctype_set_free(doctype_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		doctype_free(s->types[i]);
	free(s->types);
	free(s->cols);
	arena_free(s->arena);
	free(s);
}

/* One sorted table of every alias of every type, for detection. */
static int
dt_build_columns(doctype_set *s, sg_err *err)
{
	size_t i, j, n = 0, k = 0;

	for (i = 0; i < s->n; i++)
		n += s->types[i]->n_aliases;
	if ((s->cols = malloc((n + 1) * sizeof *s->cols)) == NULL) {
		sg_err_sys(err, "doctype", "out of memory");
		return -1;
	}
	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->types[i]->n_aliases; j++) {
			s->cols[k].key = s->types[i]->aliases[j].key;
			s->cols[k].name = s->types[i]->aliases[j].field->name;
			k++;
		}
	qsort(s->cols, k, sizeof *s->cols, doctype_col_cmp);
	for (i = 0, n = 0; i < k; i++) {
		if (n > 0 && strcmp(s->cols[n - 1].key, s->cols[i].key) == 0) {
			if (s->cols[n - 1].name != NULL &&
			    strcmp(s->cols[n - 1].name, s->cols[i].name) != 0)
				s->cols[n - 1].name = NULL;
			continue;
		}
		s->cols[n++] = s->cols[i];
	}
	s->n_cols = n;
	return 0;
}

doctype_set *
doctype_set_load(const char *formats, sg_err *err)
{
	doctype_set *s = NULL;
	doctype_schema *sc = NULL;
	DIR *d = NULL;
	struct dirent *de;
	char dir[PATH_MAX], path[PATH_MAX + 300], *buf = NULL;
	char **names = NULL;
	size_t n_names = 0, i, j, len, blen;

	if (formats == NULL)
		formats = formats_dir();
	if ((sc = doctype_schema_load(formats, err)) == NULL)
		goto fail;
	snprintf(dir, sizeof dir, "%s/types", formats);
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->types = calloc(DT_MAX_TYPES, sizeof *s->types)) == NULL ||
	    (names = calloc(DT_MAX_TYPES, sizeof *names)) == NULL) {
		sg_err_sys(err, dir, "out of memory");
		goto fail;
	}
	if ((d = opendir(dir)) == NULL) {
		sg_err_sys(err, dir, "cannot open the document-type directory");
		goto fail;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0 ||
		    de->d_name[0] == '.')
			continue;
		if (n_names == DT_MAX_TYPES) {
			sg_err_set(err, "E-DOCTYPE-DIR", dir,
			    "more than %d document types", DT_MAX_TYPES);
			goto fail;
		}
		if ((names[n_names] = strdup(de->d_name)) == NULL) {
			sg_err_sys(err, dir, "out of memory");
			goto fail;
		}
		n_names++;
	}
	if (errno != 0) {
		sg_err_sys(err, dir, "cannot read the document-type directory");
		goto fail;
	}
	closedir(d);
	d = NULL;
	if (n_names == 0) {
		sg_err_set(err, "E-DOCTYPE-DIR", dir, "no *.xml document types");
		goto fail;
	}
	/* Sorted, so that errors and detection do not depend on readdir. */
	qsort(names, n_names, sizeof *names, dt_cmp_str);
	for (i = 0; i < n_names; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (file_read_all(path, DT_MAX_FILE, 0, "E-DOCTYPE-XML", &buf,
		    &blen, err) != 0)
			goto fail;
		s->types[s->n] = doctype_parse_mem(sc, buf, blen, path, err);
		free(buf);
		buf = NULL;
		if (s->types[s->n] == NULL)
			goto fail;
		s->n++;
		for (j = 0; j + 1 < s->n; j++)
			if (strcmp(s->types[j]->id, s->types[s->n - 1]->id)
			    == 0) {
				sg_err_set(err, "E-DOCTYPE-DUP", path,
				    "document type %s is also defined in %s",
				    s->types[j]->id, s->types[j]->file);
				goto fail;
			}
	}
	if (dt_build_columns(s, err) < 0)
		goto fail;
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	doctype_schema_free(sc);
	return s;
fail:
	if (d != NULL)
		closedir(d);
	free(buf);
	if (names != NULL)
		for (i = 0; i < n_names; i++)
			free(names[i]);
	free(names);
	doctype_schema_free(sc);
	doctype_set_free(s);
	return NULL;
}
