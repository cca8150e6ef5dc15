/*
 * validate.c - the rule engine (validate.h): generic rules from the type
 * files, then the named domain checks (validate_checks.c), collecting
 * every problem.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "text.h"
#include "nik.h"
#include "record.h"
#include "validate.h"
#include "validate_impl.h"

#define SHOW_MAX 60 /* bytes of a value quoted in a message */

/* ---- problems ---- */

static void prob_set(val_problem *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The problem's sentence, in English and in the reader's language. */
static void
prob_set(val_problem *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sg_text_vformat2(p->message, sizeof p->message, p->text,
	    sizeof p->text, fmt, ap);
	va_end(ap);
}

void
val_addv(validator *v, const char *code, const char *path, const char *fmt,
    va_list ap)
{
	val_problem *p;

	if (v->n_probs >= VAL_MAX_PROBLEMS)
		return;
	p = &v->probs[v->n_probs++];
	if (v->n_probs == VAL_MAX_PROBLEMS) {
		snprintf(p->code, sizeof p->code, "E-VALIDATE-TOO-MANY");
		p->path[0] = '\0';
		prob_set(p, "more than %d problems in this record; the rest "
		    "were not listed", VAL_MAX_PROBLEMS - 1);
	} else {
		snprintf(p->code, sizeof p->code, "%s", code);
		snprintf(p->path, sizeof p->path, "%s", path ? path : "");
		sg_text_vformat2(p->message, sizeof p->message, p->text,
		    sizeof p->text, fmt, ap);
	}
	if (v->demote && p->code[0] == 'E')
		p->code[0] = 'W';
	p->severity = p->code[0] == 'W' ? VAL_WARN : VAL_ERROR;
	if ((int)p->severity > v->worst)
		v->worst = p->severity;
}

void
val_add(validator *v, const char *code, const char *path, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	val_addv(v, code, path, fmt, ap);
	va_end(ap);
}

/* A problem found by another module, its sentence in both languages. */
void
val_add_both(validator *v, const char *code, const char *path,
    const char *message, const char *text)
{
	size_t n = v->n_probs;

	val_add(v, code, path, "%s", message);
	if (v->n_probs > n && v->n_probs < VAL_MAX_PROBLEMS)
		snprintf(v->probs[n].text, sizeof v->probs[n].text, "%s",
		    text);
}

/* An error already found at path: a named check would only repeat it. */
int
val_has_error(const validator *v, const char *path)
{
	size_t i;

	for (i = 0; i < v->n_probs; i++)
		if (v->probs[i].severity == VAL_ERROR &&
		    strcmp(v->probs[i].path, path) == 0)
			return 1;
	return 0;
}

/* A value as quoted in a message: bounded, controls shown as '?'. */
const char *
val_show(const char *s, char *buf, size_t sz)
{
	size_t i, n = 0, lim = sz - 4 < SHOW_MAX ? sz - 4 : SHOW_MAX;

	for (i = 0; s[i] != '\0' && n < lim; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[n++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (s[i] != '\0') {
		/* do not cut a UTF-8 sequence in half */
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && (unsigned char)buf[n - 1] >= 0xc0)
			n--;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* ---- text normalisation (text.h does the Unicode) ---- */

/*
 * Most values are plain ASCII already in shape: printable, single
 * spaces inside, none at the ends, upper case where asked.  One tight
 * loop says so and spares text_normalise().
 */
static int
ascii_clean(const char *s, size_t len, int upper)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (len == 0 || p[0] == ' ' || p[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c < 0x20 || c > 0x7e || (upper && c >= 'a' && c <= 'z') ||
		    (c == ' ' && p[i + 1] == ' '))
			return 0;
	}
	return 1;
}

static size_t
utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* ---- generic rules ---- */

static const char *
kind_of(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "text";
	case JSON_INTEGER: return "a whole number";
	case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "true/false";
	default: return "null";
	}
}

int
val_all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/* Paths of checked values are made only when a problem needs one. */
static const char *
mkpath(char *buf, size_t sz, const char *pfx, const char *name)
{
	snprintf(buf, sz, "%s%s", pfx, name);
	return buf;
}

#define PATH mkpath(pathbuf, sizeof pathbuf, pfx, f->name)

static void
check_date_value(validator *v, const struct vfield *vf, const char *s,
    const char *pfx)
{
	const doctype_field *f = vf->f;
	const char *label = f->label;
	char shown[SHOW_MAX + 8], b[11], pathbuf[128];
	sg_date d, lim;

	if (date_parse_iso(s, &d) != 0) {
		val_add(v, "E-DATE-INVALID", PATH, "%s: \"%s\" is not a date "
		    "that exists, written YYYY-MM-DD", label,
		    val_show(s, shown, sizeof shown));
		return;
	}
	if (vf->has_dmax) {
		lim = vf->dmax_today ? v->today : vf->dmax;
		if (date_cmp(d, lim) > 0) {
			date_format_iso(lim, b);
			if (vf->dmax_today)
				val_add(v, "E-DATE-FUTURE", PATH, "%s: %s is "
				    "in the future (today is %s)", label, s, b);
			else
				val_add(v, "E-DATE-RANGE", PATH, "%s: %s is "
				    "after %s, the latest this form takes",
				    label, s, b);
		}
	}
	if (vf->has_dmin) {
		lim = vf->dmin_today ? v->today : vf->dmin;
		if (date_cmp(d, lim) < 0) {
			date_format_iso(lim, b);
			val_add(v, "E-DATE-RANGE", PATH, "%s: %s is before "
			    "%s, the earliest this form takes", label, s, b);
		}
	}
}

/*
 * The generic rules for one value obj[key]: presence, type, code table,
 * normalisation, length, pattern, bounds.  -1 only when memory ran out.
 */
static int
check_value(validator *v, struct vfield *vf, json_t *obj,
    const char *pfx)
{
	const doctype_field *f = vf->f;
	const char *key = f->name;
	json_t *val = json_object_get(obj, key);
	const char *s, *name;
	char shown[SHOW_MAX + 8], num[32], pathbuf[128];
	size_t len, n, chars, badpos;
	unsigned long bad;
	text_norm tn;
	long iv;
	char *end;

	if (f->type == FT_ATTACHMENTS)
		return 0;
	if (val != NULL && json_is_integer(val) && (f->type == FT_CODE ||
	    f->type == FT_INTEGER || f->type == FT_DIGITS)) {
		/* a spreadsheet or a jq step gave the number itself */
		snprintf(num, sizeof num, "%lld",
		    (long long)json_integer_value(val));
		if (json_object_set_new(obj, key, json_string(num)) != 0)
			return -1;
		val = json_object_get(obj, key);
	}
	if (val == NULL || json_is_null(val) ||
	    (json_is_string(val) && json_string_length(val) == 0)) {
		if (f->required)
			val_add(v, "E-FIELD-REQUIRED", PATH, "%s is required "
			    "but was not given", f->label);
		return 0;
	}
	if (!json_is_string(val)) {
		val_add(v, "E-FIELD-TYPE", PATH, "%s: want text, got %s",
		    f->label, kind_of(val));
		return 0;
	}
	s = json_string_value(val);
	len = json_string_length(val);
	if (memchr(s, '\0', len) != NULL) {
		val_add(v, "E-FIELD-CONTROL", PATH, "%s: contains a NUL "
		    "character", f->label);
		return 0;
	}
	if (ascii_clean(s, len, f->type == FT_NAME)) {
		n = chars = len;
		bad = 0;
		goto normalised;
	}
	if (text_normalise(s, len, (f->type == FT_NAME ? TEXT_UPPER : 0) |
	    (f->type != FT_NAME ? TEXT_LINES : 0), &v->scratch, &tn) != 0)
		return -1;
	n = tn.len;
	chars = tn.chars;
	bad = tn.bad;
	badpos = tn.bad_pos;
	if (bad != 0)
		val_add(v, "E-FIELD-CONTROL", PATH, "%s: \"%s\" contains an "
		    "invisible or control character (U+%04lX) at character "
		    "%zu; retype it", f->label, val_show(s, shown, sizeof shown),
		    bad, badpos);
	if (n == 0) {
		if (f->required)
			val_add(v, "E-FIELD-REQUIRED", PATH, "%s is required "
			    "but holds only blanks", f->label);
		if (json_object_set_new(obj, key, json_string("")) != 0)
			return -1;
		return 0;
	}
	if (n != len || memcmp(s, v->scratch.p, n) != 0) {
		if (json_string_setn_nocheck(val, v->scratch.p, n) != 0)
			return -1;
		s = json_string_value(val);
		len = n;
	}
normalised:
	switch (f->type) {
	case FT_CODE:
		if (vf->last_name != NULL && strcmp(vf->last_in, s) == 0)
			name = vf->last_name;
		else if ((name = codetab_lookup(vf->tab, s, NULL)) != NULL &&
		    len < sizeof vf->last_in) {
			memcpy(vf->last_in, s, len + 1);
			vf->last_name = name;
		}
		if (name == NULL) {
			val_add(v, "E-CODE-UNKNOWN", PATH, "%s: \"%s\" is not "
			    "in the %s table (give a name or code listed in "
			    "formats/codes/%s.csv)", f->label,
			    val_show(s, shown, sizeof shown), f->table, f->table);
			return 0;
		}
		if (strcmp(name, s) != 0 &&
		    json_string_set_nocheck(val, name) != 0)
			return -1;
		s = json_string_value(val);
		len = strlen(s);
		chars = utf8_chars(s, len);
		break;
	case FT_NIK:
	case FT_KK:
		if (len != 16 || !val_all_digits(s, len)) {
			val_add(v, f->type == FT_NIK ? "E-NIK-FORMAT" :
			    "E-KK-FORMAT", PATH, "%s: \"%s\" must be exactly "
			    "16 digits", f->label, val_show(s, shown, sizeof shown));
			return 0;
		}
		break;
	case FT_DATE:
		check_date_value(v, vf, s, pfx);
		break;
	case FT_TIME:
		if (len != 5 || s[2] != ':' || !val_all_digits(s, 2) ||
		    !val_all_digits(s + 3, 2) || atoi(s) > 23 || atoi(s + 3) > 59)
			val_add(v, "E-FIELD-TIME", PATH, "%s: \"%s\" is not a "
			    "time of day written HH:MM", f->label,
			    val_show(s, shown, sizeof shown));
		break;
	case FT_INTEGER:
		iv = strtol(s, &end, 10);
		if (*end != '\0' || !val_all_digits(s + (*s == '-'),
		    len - (*s == '-')) || len > 18) {
			val_add(v, "E-FIELD-INTEGER", PATH, "%s: \"%s\" is not "
			    "a whole number", f->label,
			    val_show(s, shown, sizeof shown));
			return 0;
		}
		if ((f->has_int_min && iv < f->int_min) ||
		    (f->has_int_max && iv > f->int_max))
			val_add(v, "E-FIELD-RANGE", PATH, "%s: %ld is outside "
			    "%ld..%ld", f->label, iv,
			    f->has_int_min ? f->int_min : iv,
			    f->has_int_max ? f->int_max : iv);
		break;
	case FT_DIGITS:
		if (!val_all_digits(s, len)) {
			val_add(v, "E-FIELD-DIGITS", PATH, "%s: \"%s\" may "
			    "hold digits only", f->label,
			    val_show(s, shown, sizeof shown));
			return 0;
		}
		break;
	default:
		break;
	}
	if ((f->max_len > 0 && chars > f->max_len) ||
	    (f->min_len > 0 && chars < f->min_len)) {
		if (f->max_len > 0 && chars > f->max_len)
			val_add(v, "E-FIELD-LENGTH", PATH, "%s: \"%s\" is %zu "
			    "characters long; the form prints at most %zu",
			    f->label, val_show(s, shown, sizeof shown), chars,
			    f->max_len);
		else
			val_add(v, "E-FIELD-LENGTH", PATH, "%s: \"%s\" is %zu "
			    "characters long; it needs at least %zu",
			    f->label, val_show(s, shown, sizeof shown), chars,
			    f->min_len);
		return 0;
	}
	if (vf->has_re && regexec(&vf->re, s, 0, NULL, 0) != 0)
		val_add(v, "E-FIELD-PATTERN", PATH, "%s: \"%s\" is not in the "
		    "form this document takes (%s)", f->label,
		    val_show(s, shown, sizeof shown), f->pattern);
	return 0;
}

/* ---- paths ---- */

/* Bounded copy of s to buf + n; returns the new length. */
static size_t
path_cat(char *buf, size_t n, size_t sz, const char *s)
{
	while (*s != '\0' && n + 1 < sz)
		buf[n++] = *s++;
	buf[n] = '\0';
	return n;
}

/* Built by hand, not snprintf: it runs for every member of every KK. */
void
val_path_of(const struct vtype *vt, const struct vpath *p, long member,
    char *buf, size_t sz)
{
	char num[24];
	size_t n = 0, k = sizeof num - 1;
	unsigned long m = member < 0 ? 0 : (unsigned long)member;

	buf[0] = '\0';
	if (p->kind == P_LIST || p->kind == P_MEMBER)
		n = path_cat(buf, n, sz, vt->members);
	if (p->kind == P_MEMBER) {
		num[k] = '\0';
		do {
			num[--k] = (char)('0' + m % 10);
			m /= 10;
		} while (m > 0 && k > 1);
		num[--k] = '[';
		n = path_cat(buf, n, sz, num + k);
		n = path_cat(buf, n, sz, "].");
	}
	if (p->kind == P_MEMBER || p->kind == P_HEADER)
		path_cat(buf, n, sz, p->vf->f->name);
}

/* The string at p, or NULL when absent, empty or not a string. */
const char *
val_path_str(const struct vpath *p, json_t *fields, json_t *member)
{
	json_t *j = NULL;
	const char *s;

	if (p->kind == P_HEADER)
		j = json_object_get(fields, p->vf->f->name);
	else if (p->kind == P_MEMBER && member != NULL)
		j = json_object_get(member, p->vf->f->name);
	s = json_string_value(j);
	return s != NULL && *s != '\0' ? s : NULL;
}

int
val_path_date(const struct vpath *p, json_t *fields, json_t *member,
    sg_date *d)
{
	const char *s = val_path_str(p, fields, member);

	return s != NULL && date_parse_iso(s, d) == 0 ? 0 : -1;
}

int
val_path_code(const struct vpath *p, json_t *fields, json_t *member)
{
	const char *s = val_path_str(p, fields, member);
	int code;

	if (s == NULL || p->vf == NULL || p->vf->tab == NULL ||
	    codetab_lookup(p->vf->tab, s, &code) == NULL)
		return -1;
	return code;
}

/* ---- the record ---- */

int
val_check(validator *v, json_t *rec)
{
	struct vtype *vt = NULL;
	json_t *fields, *list, *m;
	const char *type, *id;
	char path[128];
	size_t i, k, n;

	v->n_probs = 0;
	v->worst = VAL_OK;
	v->demote = 0;
	v->rec_no++;
	v->rec_id_off = UINT32_MAX;
	v->today = v->has_today ? v->fixed_today : date_today();
	if ((id = rec_id(rec)) == NULL ||
	    *id == '\0') {
		snprintf(v->rec_id_buf, sizeof v->rec_id_buf, "number %lu",
		    v->rec_no);
		id = v->rec_id_buf;
	}
	v->rec_id = id;
	v->rec = rec;
	type = rec_type(rec);
	for (i = 0; type != NULL && i < v->n_types; i++)
		if (strcmp(v->types[i].id, type) == 0)
			vt = &v->types[i];
	if (vt == NULL) {
		char shown[SHOW_MAX + 8];

		if (type == NULL)
			val_add(v, "E-RECORD-TYPE", "", "the record has no "
			    "document type (\"type\")");
		else
			val_add(v, "E-RECORD-TYPE", "", "unknown document type "
			    "\"%s\" (see segel-intake --list-types)",
			    val_show(type, shown, sizeof shown));
		return v->worst;
	}
	if ((fields = rec_fields(rec)) == NULL) {
		val_add(v, "E-RECORD-FIELDS", "", "the record has no "
		    "\"fields\" object");
		return v->worst;
	}
	for (i = 0; i < vt->n_fields; i++)
		if (!vt->fields[i].f->member &&
		    check_value(v, &vt->fields[i], fields, "") != 0)
			return -1;
	if (vt->members != NULL) {
		list = json_object_get(fields, vt->members);
		if (list == NULL || json_is_null(list)) {
			val_add(v, "E-FIELD-REQUIRED", vt->members, "%s: no "
			    "members given", doctype_members_label(vt->t));
		} else if (!json_is_array(list)) {
			val_add(v, "E-FIELD-TYPE", vt->members, "%s: want a "
			    "list of members, got %s",
			    doctype_members_label(vt->t), kind_of(list));
		} else {
			n = json_array_size(list);
			if (vt->members_max > 0 && n > vt->members_max)
				val_add(v, "E-MEMBERS-MAX", vt->members, "%s: "
				    "%zu members; the form holds at most %zu",
				    doctype_members_label(vt->t), n,
				    vt->members_max);
			for (k = 0; k < n; k++) {
				m = json_array_get(list, k);
				if (!json_is_object(m)) {
					snprintf(path, sizeof path, "%s[%zu]",
					    vt->members, k);
					val_add(v, "E-FIELD-TYPE", path, "a "
					    "member must be an object, got %s",
					    kind_of(m));
					continue;
				}
				snprintf(path, sizeof path, "%s[%zu].",
				    vt->members, k);
				for (i = 0; i < vt->n_fields; i++)
					if (vt->fields[i].f->member &&
					    check_value(v, &vt->fields[i], m,
					    path) != 0)
						return -1;
			}
		}
	}
	for (i = 0; i < vt->n_checks; i++)
		if (val_check_run(v, vt, &vt->checks[i], fields) != 0)
			return -1;
	/* (only a record that would pass: a rejected one is no document,
	 * and a repeated NIK already says E-NIK-DUP) */
	if (!v->no_dups && v->worst != VAL_ERROR &&
	    val_record_seen(v, type, fields) != 0)
		return -1;
	return v->worst;
}

size_t
val_problem_count(const validator *v)
{
	return v->n_probs;
}

const val_problem *
val_problem_at(const validator *v, size_t i)
{
	return i < v->n_probs ? &v->probs[i] : NULL;
}

int
val_annotate(const validator *v, json_t *rec, int reject)
{
	json_t *list, *p;
	size_t i;

	if ((list = json_array()) == NULL)
		return -1;
	for (i = 0; i < v->n_probs; i++) {
		p = rec_problem_new(v->probs[i].code, v->probs[i].path,
		    v->probs[i].message);
		if (p == NULL || json_array_append_new(list, p) != 0) {
			json_decref(list);
			return -1;
		}
	}
	return reject ? rec_set_errors(rec, list) :
	    rec_set_validation(rec, list);
}

void
val_set_today(validator *v, sg_date today)
{
	v->fixed_today = today;
	v->has_today = 1;
}

void
val_set_duplicates(validator *v, int on)
{
	v->no_dups = !on;
}

void
val_batch_reset(validator *v)
{
	size_t i, j;

	for (i = 0; i < v->n_types; i++)
		for (j = 0; j < v->types[i].n_checks; j++) {
			struct nikmap *m = &v->types[i].checks[j].map;

			if (m->slot != NULL)
				memset(m->slot, 0, m->cap * sizeof *m->slot);
			m->n = 0;
		}
	if (v->recs.slot != NULL)
		memset(v->recs.slot, 0, v->recs.cap * sizeof *v->recs.slot);
	v->recs.n = 0;
	sg_buf_reset(&v->arena);
}

/* ---- building ---- */

static int
resolve_path(const struct vtype *vt, const char *p, struct vpath *out)
{
	const char *members = vt->members;
	size_t ml = members ? strlen(members) : 0, i;
	const char *name = p;

	out->kind = P_NONE;
	out->vf = NULL;
	if (members != NULL && strcmp(p, members) == 0) {
		out->kind = P_LIST;
		return 0;
	}
	if (members != NULL && strncmp(p, members, ml) == 0 &&
	    strncmp(p + ml, "[].", 3) == 0)
		name = p + ml + 3;
	for (i = 0; i < vt->n_fields; i++)
		if (strcmp(vt->fields[i].f->name, name) == 0 &&
		    vt->fields[i].f->member == (name != p)) {
			out->kind = name != p ? P_MEMBER : P_HEADER;
			out->vf = &vt->fields[i];
			return 0;
		}
	return -1;
}

static int
build_type(validator *v, struct vtype *vt, const doctype *t,
    const codetab_set *codes, sg_err *err)
{
	struct vfield *vf;
	const doctype_check *dc;
	struct vcheck *c;
	const char *const *names = val_check_names();
	const char *why;
	size_t i, j;
	char where[600];

	vt->t = t;
	vt->id = doctype_id(t);
	vt->members = doctype_members_name(t);
	vt->members_max = doctype_members_max(t);
	vt->n_fields = doctype_field_count(t);
	if ((vt->fields = calloc(vt->n_fields + 1, sizeof *vt->fields)) ==
	    NULL)
		goto nomem;
	for (i = 0; i < vt->n_fields; i++) {
		vf = &vt->fields[i];
		vf->f = doctype_field_at(t, i);
		snprintf(where, sizeof where, "%s:%d", doctype_file(t),
		    vf->f->line);
		if (vf->f->type == FT_CODE &&
		    (vf->tab = codetab_find(codes, vf->f->table)) == NULL) {
			sg_err_set(err, "E-VALIDATE-TABLE", where, "no code "
			    "table \"%s\"", vf->f->table);
			return -1;
		}
		if (vf->f->pattern != NULL) {
			if (regcomp(&vf->re, vf->f->pattern,
			    REG_EXTENDED | REG_NOSUB) != 0) {
				sg_err_set(err, "E-VALIDATE-PATTERN", where,
				    "pattern \"%s\" does not compile",
				    vf->f->pattern);
				return -1;
			}
			vf->has_re = 1;
		}
		if (vf->f->date_min != NULL) {
			vf->has_dmin = 1;
			vf->dmin_today = strcmp(vf->f->date_min, "today") == 0;
			if (!vf->dmin_today)
				date_parse_iso(vf->f->date_min, &vf->dmin);
		}
		if (vf->f->date_max != NULL) {
			vf->has_dmax = 1;
			vf->dmax_today = strcmp(vf->f->date_max, "today") == 0;
			if (!vf->dmax_today)
				date_parse_iso(vf->f->date_max, &vf->dmax);
		}
		if (vf->f->member && vf->f->type == FT_NIK &&
		    vt->nik_member == NULL)
			vt->nik_member = vf;
		if (vf->f->member && vf->f->type == FT_NAME &&
		    vt->name_member == NULL)
			vt->name_member = vf;
	}
	vt->n_checks = doctype_check_count(t);
	if ((vt->checks = calloc(vt->n_checks + 1, sizeof *vt->checks)) ==
	    NULL)
		goto nomem;
	for (i = 0; i < vt->n_checks; i++) {
		dc = doctype_check_at(t, i);
		c = &vt->checks[i];
		c->dc = dc;
		snprintf(where, sizeof where, "%s:%d", doctype_file(t),
		    dc->line);
		for (j = 0; names[j] != NULL; j++)
			if (strcmp(names[j], dc->name) == 0)
				break;
		if (names[j] == NULL) {
			sg_err_set(err, "E-VALIDATE-CHECK", where, "unknown "
			    "check \"%s\" (known: nik, nik-unique, kk, "
			    "address, kk-family, date-order, civil-registry, "
			    "needs)", dc->name);
			return -1;
		}
		c->kind = (enum ck_kind)j;
		if (dc->n_with > VAL_MAX_WITH) {
			sg_err_set(err, "E-VALIDATE-CHECK", where, "check "
			    "\"%s\" reads more than %d paths", dc->name,
			    VAL_MAX_WITH);
			return -1;
		}
		c->n_with = dc->n_with;
		if (resolve_path(vt, dc->field, &c->field) != 0) {
			sg_err_set(err, "E-VALIDATE-CHECK", where, "check "
			    "\"%s\": no field \"%s\"", dc->name, dc->field);
			return -1;
		}
		for (j = 0; j < dc->n_with; j++)
			if (resolve_path(vt, dc->with[j], &c->with[j]) != 0) {
				sg_err_set(err, "E-VALIDATE-CHECK", where,
				    "check \"%s\": no field \"%s\"", dc->name,
				    dc->with[j]);
				return -1;
			}
		if ((why = val_check_fits(c)) != NULL) {
			sg_err_set(err, "E-VALIDATE-CHECK", where, "check "
			    "\"%s\" on \"%s\": %s", dc->name, dc->field, why);
			return -1;
		}
	}
	return 0;
nomem:
	sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
	return -1;
}

validator *
val_new(const doctype_set *types, const codetab_set *codes,
    const region_table *regions, sg_err *err)
{
	validator *v;
	size_t i;

	if ((v = calloc(1, sizeof *v)) == NULL ||
	    (v->probs = calloc(VAL_MAX_PROBLEMS, sizeof *v->probs)) == NULL) {
		free(v);
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	v->regions = regions;
	if ((v->hkey = siphash_process_key(err)) == NULL)
		goto fail;
	v->n_types = doctype_set_count(types);
	if ((v->types = calloc(v->n_types + 1, sizeof *v->types)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto fail;
	}
	for (i = 0; i < v->n_types; i++)
		if (build_type(v, &v->types[i], doctype_set_at(types, i),
		    codes, err) != 0)
			goto fail;
	return v;
fail:
	val_free(v);
	return NULL;
}

void
val_free(validator *v)
{
	size_t i, j;

	if (v == NULL)
		return;
	for (i = 0; i < v->n_types && v->types != NULL; i++) {
		struct vtype *vt = &v->types[i];

		for (j = 0; vt->fields != NULL && j < vt->n_fields; j++)
			if (vt->fields[j].has_re)
				regfree(&vt->fields[j].re);
		for (j = 0; vt->checks != NULL && j < vt->n_checks; j++)
			free(vt->checks[j].map.slot);
		free(vt->fields);
		free(vt->checks);
	}
	free(v->types);
	free(v->probs);
	free(v->recs.slot);
	sg_buf_free(&v->arena);
	sg_buf_free(&v->scratch);
	free(v);
}

