/*
 * doctype_query.c - asking a loaded document type about itself.
 *
 * Everything the tools ask once the types are loaded (doctype.c loads
 * them): the getters, header lookups through the sorted key tables, type
 * detection from spreadsheet columns, and the seal field lists.  A loaded
 * set is read-only, so all of this may run from several threads.
 */
#include "doctype.h"
#include "doctype_impl.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- header normalisation --------------------------------------------- */

static int
dt_is_blank(const unsigned char *s, size_t *skip)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*skip = 1;
		return 1;
	}
	if (s[0] == 0xC2 && s[1] == 0xA0) { /* NO-BREAK SPACE from Excel */
		*skip = 2;
		return 1;
	}
	return 0;
}

/*
 * The documented normalisation.  Returns the length written, or -1 when
 * out was too small (out then holds a truncated, terminated prefix).
 */
static int
dt_normalise(const char *header, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)header;
	size_t o = 0, skip;
	int pending = 0, trunc = 0;
	unsigned char ch;

	if (outsz == 0)
		return -1;
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		s += 3;
	while (*s != '\0') {
		if (dt_is_blank(s, &skip) || *s == '_' || *s == '-') {
			if (*s == '_' || *s == '-')
				skip = 1;
			if (o > 0)
				pending = 1;
			s += skip;
			continue;
		}
		ch = *s++;
		if (ch == '.')
			continue;
		if (o + 1 + (size_t)pending >= outsz) {
			trunc = 1;
			break;
		}
		if (pending)
			out[o++] = ' ';
		pending = 0;
		out[o++] = (char)ch;
	}
	out[o] = '\0';
	if (trunc)
		return -1;
	return (int)text_upper(out, out, outsz);
}

void
doctype_header_normalise(const char *header, char *out, size_t outsz)
{
	if (header == NULL) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	(void)dt_normalise(header, out, outsz);
}

int
doctype_header_key(const char *header, char *out, size_t outsz)
{
	size_t i, o = 0;
	int n;

	if ((n = dt_normalise(header, out, outsz)) < 0)
		return -1;
	for (i = 0; i < (size_t)n; i++)
		if (out[i] != ' ')
			out[o++] = out[i];
	out[o] = '\0';
	return (int)o;
}

int
doctype_key_cmp(const void *a, const void *b)
{
	const struct alias_ent *x = a, *y = b;

	return strcmp(x->key, y->key);
}

int
doctype_col_cmp(const void *a, const void *b)
{
	const struct col_ent *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* ---- the set ---------------------------------------------------------- */

size_t
doctype_set_count(const doctype_set *s)
{
	return s->n;
}

const doctype *
doctype_set_at(const doctype_set *s, size_t i)
{
	return i < s->n ? s->types[i] : NULL;
}

const doctype *
doctype_set_find(const doctype_set *s, const char *id)
{
	size_t i;

	if (s == NULL || id == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcasecmp(s->types[i]->id, id) == 0)
			return s->types[i];
	return NULL;
}

const char *
doctype_set_column(const doctype_set *s, const char *header)
{
	char key[DT_KEY_MAX];
	struct col_ent probe, *e;

	if (s == NULL || header == NULL || doctype_header_key(header, key, sizeof key) <= 0)
		return NULL;
	probe.key = key;
	e = bsearch(&probe, s->cols, s->n_cols, sizeof *s->cols, doctype_col_cmp);
	return e != NULL ? e->name : NULL;
}

static int
dt_has_column(const char *const *columns, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (columns[i] != NULL && strcmp(columns[i], name) == 0)
			return 1;
	return 0;
}

int
doctype_fits(const doctype *t, const char *const *columns,
    const char *const *headers, size_t n, sg_err *err)
{
	const doctype_field *f;
	char miss[300];
	size_t j, off = 0;

	miss[0] = '\0';
	for (j = 0; j < t->n_cols; j++)
		if (!dt_has_column(columns, n, t->detect_cols[j]) &&
		    off < sizeof miss) {
			f = doctype_field_find(t, t->detect_cols[j]);
			off += (size_t)snprintf(miss + off, sizeof miss - off,
			    "%s\"%s\"", off ? ", " : "", f != NULL ? f->label :
			    t->detect_cols[j]);
		}
	if (off > 0) {
		sg_err_set(err, "E-INTAKE-TYPE", "", "the columns are not those "
		    "of %s: no column for %s", t->title, miss);
		return 0;
	}
	for (j = 0; j < t->n_absent; j++)
		for (off = 0; off < n; off++)
			if (columns[off] != NULL &&
			    strcmp(columns[off], t->detect_absent[j]) == 0) {
				sg_err_set(err, "E-INTAKE-TYPE", "", "the columns "
				    "are not those of %s: it has the column "
				    "\"%s\" of another type", t->title,
				    headers ? headers[off] : columns[off]);
				return 0;
			}
	return 1;
}

const doctype *
doctype_set_detect(const doctype_set *s, const char *const *columns,
    size_t n, sg_err *err)
{
	const doctype *t, *found = NULL;
	char names[400];
	size_t i, j, hits = 0, off = 0;
	int ok;

	names[0] = '\0';
	for (i = 0; i < s->n; i++) {
		t = s->types[i];
		if (t->n_cols == 0)
			continue;
		ok = 1;
		for (j = 0; ok && j < t->n_cols; j++)
			ok = dt_has_column(columns, n, t->detect_cols[j]);
		for (j = 0; ok && j < t->n_absent; j++)
			ok = !dt_has_column(columns, n, t->detect_absent[j]);
		if (!ok)
			continue;
		hits++;
		found = t;
		if (off < sizeof names) {
			int w = snprintf(names + off, sizeof names - off,
			    "%s%s", off ? ", " : "", t->id);

			if (w > 0)
				off += (size_t)w;
		}
	}
	if (hits == 1)
		return found;
	if (hits == 0)
		sg_err_set(err, "E-DOCTYPE-UNKNOWN", "",
		    "the columns match no document type");
	else
		sg_err_set(err, "E-DOCTYPE-AMBIGUOUS", "",
		    "the columns match several document types (%s); give "
		    "the type", names);
	return NULL;
}

/* ---- getters ---------------------------------------------------------- */

const char *
doctype_id(const doctype *t)
{
	return t->id;
}

const char *
doctype_title(const doctype *t)
{
	return t->title;
}

int
doctype_version(const doctype *t)
{
	return t->version;
}

const char *
doctype_file(const doctype *t)
{
	return t->file;
}

size_t
doctype_field_count(const doctype *t)
{
	return t->n_fields;
}

const doctype_field *
doctype_field_at(const doctype *t, size_t i)
{
	return i < t->n_fields ? &t->fields[i] : NULL;
}

const doctype_field *
doctype_region_field(const doctype *t)
{
	size_t i;

	for (i = 0; i < t->n_fields; i++)
		if (t->fields[i].type == FT_REGION && !t->fields[i].member)
			return &t->fields[i];
	return NULL;
}

const doctype_field *
doctype_field_find(const doctype *t, const char *name)
{
	size_t lo = 0, hi, mid;
	int c;

	if (t == NULL || name == NULL)
		return NULL;
	hi = t->n_fields;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(t->by_name[mid]->name, name);
		if (c == 0)
			return t->by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const doctype_field *
doctype_field_for_header(const doctype *t, const char *header)
{
	char key[DT_KEY_MAX];
	struct alias_ent probe, *e;

	if (t == NULL || header == NULL || doctype_header_key(header, key, sizeof key) <= 0)
		return NULL;
	probe.key = key;
	e = bsearch(&probe, t->aliases, t->n_aliases, sizeof *t->aliases,
	    doctype_key_cmp);
	return e != NULL ? e->field : NULL;
}

const char *
doctype_members_name(const doctype *t)
{
	return t->members_name;
}

const char *
doctype_members_label(const doctype *t)
{
	return t->members_label;
}

const char *
doctype_group_by(const doctype *t)
{
	return t->group_by;
}

size_t
doctype_members_max(const doctype *t)
{
	return t->members_max;
}

int
doctype_members_head(const doctype *t, const doctype_field **relation,
    int *code, const doctype_field **name)
{
	if (t->head_relation == NULL)
		return -1;
	*relation = t->head_relation;
	*code = t->head_code;
	*name = t->head_name;
	return 0;
}

size_t
doctype_check_count(const doctype *t)
{
	return t->n_checks;
}

const doctype_check *
doctype_check_at(const doctype *t, size_t i)
{
	return i < t->n_checks ? &t->checks[i] : NULL;
}

/* ---- the seal field lists --------------------------------------------- */

int
doctype_seal_code(const doctype *t)
{
	return t->seal_code;
}

int
doctype_seal_version(const doctype *t)
{
	return t->seal_version;
}

size_t
doctype_seal_count(const doctype *t, int member)
{
	return t->n_seal[member ? 1 : 0];
}

const doctype_field *
doctype_seal_at(const doctype *t, int member, size_t i)
{
	return t->seal[member ? 1 : 0][i];
}

int
doctype_seal_members(const doctype *t)
{
	return t->seal_members;
}

static const struct dt_seal *
dt_seal_find(const doctype *t, int version)
{
	size_t i;

	for (i = 0; i < t->n_seals; i++)
		if (t->seals[i].version == version)
			return &t->seals[i];
	return NULL;
}

int
doctype_seal_has_version(const doctype *t, int version)
{
	return dt_seal_find(t, version) != NULL;
}

size_t
doctype_seal_count_v(const doctype *t, int version, int member)
{
	const struct dt_seal *sl = dt_seal_find(t, version);

	return sl != NULL ? sl->n_seal[member ? 1 : 0] : 0;
}

const doctype_field *
doctype_seal_at_v(const doctype *t, int version, int member, size_t i)
{
	const struct dt_seal *sl = dt_seal_find(t, version);

	return sl != NULL && i < sl->n_seal[member ? 1 : 0] ?
	    sl->seal[member ? 1 : 0][i] : NULL;
}

int
doctype_seal_members_v(const doctype *t, int version)
{
	const struct dt_seal *sl = dt_seal_find(t, version);

	return sl != NULL && sl->members;
}

int
doctype_seal_holds(const doctype *t, int version, const char *name)
{
	const struct dt_seal *sl = dt_seal_find(t, version);
	size_t i;
	int m;

	for (m = 0; sl != NULL && m < 2; m++)
		for (i = 0; i < sl->n_seal[m]; i++)
			if (strcmp(sl->seal[m][i]->name, name) == 0)
				return 1;
	return 0;
}

const char *
doctype_number_code(const doctype *t)
{
	return t->number_code;
}

const char *
doctype_number_pattern(const doctype *t)
{
	return t->number_pattern;
}

const char *
doctype_layout_xml(const doctype *t, int *line)
{
	if (line != NULL)
		*line = t->layout_line;
	return t->layout_xml;
}
