/*
 * validate.c - the rule engine (validate.h): generic rules from the type
 * files, then the named domain checks, collecting every problem.
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
#include "validate.h"

#define VAL_MAX_WITH 8
#define SHOW_MAX 60 /* bytes of a value quoted in a message */

enum ck_kind {
	CK_NIK, CK_NIK_UNIQUE, CK_KK, CK_ADDRESS, CK_KK_FAMILY, CK_DATE_ORDER
};

static const char *const ck_names[] = {
	"nik", "nik-unique", "kk", "address", "kk-family", "date-order", NULL
};

enum { P_NONE, P_HEADER, P_MEMBER, P_LIST };

struct vfield {
	const doctype_field *f;
	const codetab *tab;
	regex_t re;
	int has_re;
	int has_dmin, has_dmax, dmin_today, dmax_today;
	sg_date dmin, dmax;
	/* the last code value looked up: values repeat from row to row */
	char last_in[CODETAB_MAX_VALUE + 1];
	const char *last_name;
};

struct vpath {
	int kind;
	const struct vfield *vf; /* NULL for P_LIST and P_NONE */
};

/*
 * NIKs seen in the batch by one nik-unique check: open addressing over
 * 16-byte slots (a batch of 100,000 KKs holds 400,000 NIKs).  The key is
 * the NIK (below 2^54) with the member index + 1 in the top 10 bits.
 */
#define NIK_KEY_MASK ((UINT64_C(1) << 54) - 1)

struct nik_ent {
	uint64_t key;     /* 0 is an empty slot */
	uint32_t rec_no;
	uint32_t id_off;  /* record id in the validator's arena */
};

struct nikmap {
	struct nik_ent *slot;
	size_t cap, n; /* cap is a power of two */
	int bits;
};

struct vcheck {
	enum ck_kind kind;
	const doctype_check *dc;
	struct vpath field;
	struct vpath with[VAL_MAX_WITH];
	size_t n_with;
	struct nikmap map;
};

struct vtype {
	const doctype *t;
	const char *id;
	struct vfield *fields;
	size_t n_fields;
	const char *members;
	size_t members_max;
	struct vcheck *checks;
	size_t n_checks;
	const struct vfield *nik_member;  /* for kk-family */
	const struct vfield *name_member; /* for messages */
};

struct validator {
	struct vtype *types;
	size_t n_types;
	const region_table *regions;
	val_problem *probs;
	size_t n_probs;
	int demote;  /* inside a check declared severity="warning" */
	int worst;
	unsigned long rec_no;
	const char *rec_id;
	char rec_id_buf[32];
	uint32_t rec_id_off; /* UINT32_MAX until stored for this record */
	char *arena;
	size_t arena_len, arena_cap;
	char *scratch;
	size_t scratch_cap;
	sg_date today;
	sg_date fixed_today;         /* val_set_today(), when has_today */
	int has_today;
};

/* ---- problems ---- */

static void val_addv(validator *v, const char *code, const char *path,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
static void val_add(validator *v, const char *code, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

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

static void
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

static void
val_add(validator *v, const char *code, const char *path, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	val_addv(v, code, path, fmt, ap);
	va_end(ap);
}

/* A problem found by another module, its sentence in both languages. */
static void
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
static int
has_error(const validator *v, const char *path)
{
	size_t i;

	for (i = 0; i < v->n_probs; i++)
		if (v->probs[i].severity == VAL_ERROR &&
		    strcmp(v->probs[i].path, path) == 0)
			return 1;
	return 0;
}

/* A value as quoted in a message: bounded, controls shown as '?'. */
static const char *
show(const char *s, char *buf, size_t sz)
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

/* ---- text normalisation ---- */

static size_t
utf8_get(const unsigned char *s, size_t len, unsigned long *cp)
{
	if (s[0] < 0x80 || len < 2) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = ((unsigned long)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0 || len < 4) {
		if (len < 3) {
			*cp = 0xfffd;
			return len;
		}
		*cp = ((unsigned long)(s[0] & 0x0f) << 12) |
		    ((unsigned long)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	*cp = ((unsigned long)(s[0] & 0x07) << 18) |
	    ((unsigned long)(s[1] & 0x3f) << 12) |
	    ((unsigned long)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	return 4;
}

static size_t
utf8_put(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Upper case as Dukcapil prints: ASCII, Latin-1 and Latin Extended-A. */
static unsigned long
upper_cp(unsigned long cp)
{
	if (cp >= 'a' && cp <= 'z')
		return cp - 32;
	if (cp < 0xe0)
		return cp;
	if (cp <= 0xfe)
		return cp == 0xf7 ? cp : cp - 32;
	if (cp == 0xff)
		return 0x178;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177))
		return cp & 1 ? cp - 1 : cp;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
		return cp & 1 ? cp : cp - 1;
	return cp;
}

/* Characters that print as nothing or as a box: never in a name. */
static int
invisible_cp(unsigned long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	    cp == 0xfeff || cp == 0xfffd || (cp >= 0xfff9 && cp <= 0xfffc) ||
	    (cp >= 0xe000 && cp <= 0xf8ff);
}

/*
 * Normalise s[0..len) into out (room for len + 1 bytes): trimmed, runs of
 * blanks folded into one space, upper-cased when upper.  In text (not a
 * name) TAB, CR and LF count as blanks.  *bad gets the first invisible
 * character (0 when none) and *badpos its position (1-based); such
 * characters are left out.  Returns the length written; *nchars the
 * number of characters.
 */
static size_t
norm_text(const char *s, size_t len, char *out, int upper, int text,
    unsigned long *bad, size_t *badpos, size_t *nchars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0, chars = 0, pos = 0;
	int space = 0;
	unsigned long cp;

	*bad = 0;
	*badpos = 0;
	while (i < len) {
		i += utf8_get(p + i, len - i, &cp);
		pos++;
		if (cp == ' ' || cp == 0xa0 ||
		    (text && (cp == '\t' || cp == '\r' || cp == '\n'))) {
			space = n > 0;
			continue;
		}
		if (invisible_cp(cp)) {
			if (*bad == 0) {
				*bad = cp;
				*badpos = pos;
			}
			continue;
		}
		if (space) {
			out[n++] = ' ';
			chars++;
			space = 0;
		}
		if (upper)
			cp = upper_cp(cp);
		n += utf8_put(out + n, cp);
		chars++;
	}
	out[n] = '\0';
	*nchars = chars;
	return n;
}

/*
 * Most values are plain ASCII already in shape: printable, single
 * spaces inside, none at the ends, upper case where asked.  One tight
 * loop says so and spares norm_text().
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

static int
scratch_need(validator *v, size_t n)
{
	char *p;

	if (n <= v->scratch_cap)
		return 0;
	if ((p = realloc(v->scratch, n * 2)) == NULL)
		return -1;
	v->scratch = p;
	v->scratch_cap = n * 2;
	return 0;
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

static int
all_digits(const char *s, size_t len)
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
		    show(s, shown, sizeof shown));
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
	if (scratch_need(v, len + 2) != 0)
		return -1;
	n = norm_text(s, len, v->scratch, f->type == FT_NAME,
	    f->type != FT_NAME, &bad, &badpos, &chars);
	if (bad != 0)
		val_add(v, "E-FIELD-CONTROL", PATH, "%s: \"%s\" contains an "
		    "invisible or control character (U+%04lX) at character "
		    "%zu; retype it", f->label, show(s, shown, sizeof shown),
		    bad, badpos);
	if (n == 0) {
		if (f->required)
			val_add(v, "E-FIELD-REQUIRED", PATH, "%s is required "
			    "but holds only blanks", f->label);
		if (json_object_set_new(obj, key, json_string("")) != 0)
			return -1;
		return 0;
	}
	if (n != len || memcmp(s, v->scratch, n) != 0) {
		if (json_string_setn_nocheck(val, v->scratch, n) != 0)
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
			    show(s, shown, sizeof shown), f->table, f->table);
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
		if (len != 16 || !all_digits(s, len)) {
			val_add(v, f->type == FT_NIK ? "E-NIK-FORMAT" :
			    "E-KK-FORMAT", PATH, "%s: \"%s\" must be exactly "
			    "16 digits", f->label, show(s, shown, sizeof shown));
			return 0;
		}
		break;
	case FT_DATE:
		check_date_value(v, vf, s, pfx);
		break;
	case FT_TIME:
		if (len != 5 || s[2] != ':' || !all_digits(s, 2) ||
		    !all_digits(s + 3, 2) || atoi(s) > 23 || atoi(s + 3) > 59)
			val_add(v, "E-FIELD-TIME", PATH, "%s: \"%s\" is not a "
			    "time of day written HH:MM", f->label,
			    show(s, shown, sizeof shown));
		break;
	case FT_INTEGER:
		iv = strtol(s, &end, 10);
		if (*end != '\0' || !all_digits(s + (*s == '-'),
		    len - (*s == '-')) || len > 18) {
			val_add(v, "E-FIELD-INTEGER", PATH, "%s: \"%s\" is not "
			    "a whole number", f->label,
			    show(s, shown, sizeof shown));
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
		if (!all_digits(s, len)) {
			val_add(v, "E-FIELD-DIGITS", PATH, "%s: \"%s\" may "
			    "hold digits only", f->label,
			    show(s, shown, sizeof shown));
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
			    f->label, show(s, shown, sizeof shown), chars,
			    f->max_len);
		else
			val_add(v, "E-FIELD-LENGTH", PATH, "%s: \"%s\" is %zu "
			    "characters long; it needs at least %zu",
			    f->label, show(s, shown, sizeof shown), chars,
			    f->min_len);
		return 0;
	}
	if (vf->has_re && regexec(&vf->re, s, 0, NULL, 0) != 0)
		val_add(v, "E-FIELD-PATTERN", PATH, "%s: \"%s\" is not in the "
		    "form this document takes (%s)", f->label,
		    show(s, shown, sizeof shown), f->pattern);
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
static void
path_of(const struct vtype *vt, const struct vpath *p, long member,
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
static const char *
path_str(const struct vpath *p, json_t *fields, json_t *member)
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

static int
path_date(const struct vpath *p, json_t *fields, json_t *member,
    sg_date *d)
{
	const char *s = path_str(p, fields, member);

	return s != NULL && date_parse_iso(s, d) == 0 ? 0 : -1;
}

static int
path_code(const struct vpath *p, json_t *fields, json_t *member)
{
	const char *s = path_str(p, fields, member);
	int code;

	if (s == NULL || p->vf == NULL || p->vf->tab == NULL ||
	    codetab_lookup(p->vf->tab, s, &code) == NULL)
		return -1;
	return code;
}

/* ---- named checks ---- */

static void
add_nik_probs(validator *v, const nik_problem *np, size_t n,
    const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		val_add_both(v, np[i].code, path, np[i].message, np[i].text);
}

static void
ck_nik(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	nik_problem np[NIK_MAXPROBS];
	char path[96];
	const char *s;
	nik_info info;
	sg_date birth;
	size_t n;
	int sex = -1, code;

	path_of(vt, &c->field, idx, path, sizeof path);
	if ((s = path_str(&c->field, fields, member)) == NULL ||
	    has_error(v, path))
		return;
	nik_parse(v->regions, s, &info, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
	if (info.number[0] == '\0')
		return;
	memset(&birth, 0, sizeof birth);
	if (c->n_with > 0)
		path_date(&c->with[0], fields, member, &birth);
	if (c->n_with > 1 &&
	    (code = path_code(&c->with[1], fields, member)) > 0)
		sex = code == 1 ? 0 : code == 2 ? 1 : -1; /* SIAK 1 L, 2 P */
	nik_compare_person(&info, birth, sex, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
}

static void
ck_kk(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	nik_problem np[NIK_MAXPROBS];
	char path[96];
	const char *s, *kode;
	kk_info info;
	size_t n;

	path_of(vt, &c->field, -1, path, sizeof path);
	if ((s = path_str(&c->field, fields, NULL)) == NULL ||
	    has_error(v, path))
		return;
	kk_parse(v->regions, s, &info, np, NIK_MAXPROBS, &n);
	add_nik_probs(v, np, n, path);
	if (info.number[0] == '\0' || c->n_with == 0 ||
	    info.district_status != REGION_CURRENT)
		return;
	/* a KK is issued by the kecamatan it lives in, unless it moved */
	kode = path_str(&c->with[0], fields, NULL);
	if (kode != NULL && strlen(kode) >= 8 &&
	    strncmp(kode, info.district, 8) != 0 &&
	    (kode[8] == '\0' || kode[8] == '.'))
		val_add(v, "W-KK-REGION", path, "KK number %s was issued in "
		    "kecamatan %s, but %s is %.8s; check that the family "
		    "moved", info.number, info.district,
		    c->with[0].vf->f->name, kode);
}

static void
ck_address(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields)
{
	static const char *const level_field[] = {
		"desa", "kecamatan", "kabupaten", "provinsi"
	};
	region_problem rp[REGION_ADDR_MAXPROBS];
	const char *names[4] = { NULL, NULL, NULL, NULL };
	char path[96], wpath[96];
	const char *kode;
	size_t i, k, n;

	path_of(vt, &c->field, -1, path, sizeof path);
	if (has_error(v, path))
		return;
	kode = path_str(&c->field, fields, NULL);
	for (i = 0; i < c->n_with && i < 4; i++)
		names[i] = path_str(&c->with[i], fields, NULL);
	if (kode == NULL)
		return; /* "required" has said it when it matters */
	region_check_address(v->regions, kode, names[0], names[1], names[2],
	    names[3], rp, REGION_ADDR_MAXPROBS, &n);
	for (i = 0; i < n; i++) {
		snprintf(wpath, sizeof wpath, "%s", path);
		for (k = 0; k < 4 && k < c->n_with; k++)
			if (strcmp(rp[i].field, level_field[k]) == 0)
				path_of(vt, &c->with[k], -1, wpath,
				    sizeof wpath);
		val_add_both(v, rp[i].code, wpath, rp[i].message, rp[i].text);
	}
}

enum { REL_KEPALA = 1, REL_SUAMI = 2, REL_ISTRI = 3, REL_ANAK = 4,
    REL_ORANG_TUA = 7, REL_MERTUA = 8 };
enum { KAWIN_TERCATAT = 2, KAWIN_BELUM_TERCATAT = 5, BELUM_KAWIN = 1 };

struct person {
	const char *name, *nik;
	int rel, sex, marital, born_ok;
	sg_date born;
};

static int
age_at(sg_date born, sg_date day)
{
	int a = day.y - born.y;

	if (day.m < born.m || (day.m == born.m && day.d < born.d))
		a--;
	return a;
}

static void
ck_family(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *list)
{
	struct person pp[64];
	struct vpath none = { P_NONE, NULL };
	const struct vpath *w[4];
	struct vpath nikp = { P_MEMBER, vt->nik_member };
	struct vpath namep = { P_MEMBER, vt->name_member };
	char path[96], b1[11], b2[11];
	size_t i, j, n, heads = 0, first_head = 0;
	json_t *m;

	n = json_array_size(list);
	if (n > sizeof pp / sizeof pp[0])
		n = sizeof pp / sizeof pp[0];
	for (i = 0; i < 4; i++)
		w[i] = i < c->n_with ? &c->with[i] : &none;
	for (i = 0; i < n; i++) {
		m = json_array_get(list, i);
		if (!json_is_object(m))
			m = NULL;
		pp[i].name = vt->name_member ? path_str(&namep, NULL, m) : NULL;
		if (pp[i].name == NULL)
			pp[i].name = "?";
		pp[i].nik = vt->nik_member ? path_str(&nikp, NULL, m) : NULL;
		pp[i].rel = path_code(w[0], NULL, m);
		pp[i].sex = path_code(w[1], NULL, m);
		/* a date in the future has been reported already */
		pp[i].born_ok = path_date(w[2], NULL, m, &pp[i].born) == 0 &&
		    date_cmp(pp[i].born, v->today) <= 0;
		pp[i].marital = path_code(w[3], NULL, m);
	}
	if (n == 0) {
		path_of(vt, &c->field, -1, path, sizeof path);
		val_add(v, "E-KK-EMPTY", path, "the Kartu Keluarga lists "
		    "no members");
		return;
	}
	for (i = 0; i < n; i++) {
		if (pp[i].rel != REL_KEPALA)
			continue;
		if (heads++ == 0) {
			first_head = i;
		} else {
			path_of(vt, w[0], (long)i, path, sizeof path);
			val_add(v, "E-KK-HEADS", path, "%s is a second KEPALA "
			    "KELUARGA: %s (%s[%zu]) already is, and a Kartu "
			    "Keluarga has exactly one", pp[i].name,
			    pp[first_head].name, vt->members, first_head);
		}
		if (pp[i].born_ok && age_at(pp[i].born, v->today) < 17 &&
		    pp[i].marital == BELUM_KAWIN) {
			date_format_iso(pp[i].born, b1);
			path_of(vt, w[2], (long)i, path, sizeof path);
			val_add(v, "W-KK-HEAD-AGE", path, "KEPALA KELUARGA %s "
			    "was born %s, is %d years old and not married; a "
			    "kepala keluarga is normally 17 or married",
			    pp[i].name, b1, age_at(pp[i].born, v->today));
		}
	}
	if (heads == 0 && w[0]->kind != P_NONE) {
		path_of(vt, &c->field, -1, path, sizeof path);
		val_add(v, "E-KK-NO-HEAD", path, "no member is KEPALA "
		    "KELUARGA; a Kartu Keluarga has exactly one");
	}
	for (i = 0; i < n; i++) {
		if (pp[i].nik == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (pp[j].nik != NULL &&
			    strcmp(pp[i].nik, pp[j].nik) == 0)
				break;
		if (j < i) {
			path_of(vt, &nikp, (long)i, path, sizeof path);
			val_add(v, "E-KK-NIK-DUP", path, "NIK %.16s of %s is "
			    "also the NIK of %s (%s[%zu]); one person is "
			    "listed once", pp[i].nik, pp[i].name, pp[j].name,
			    vt->members, j);
		}
	}
	for (i = 0; i < n; i++) {
		if (pp[i].rel != REL_SUAMI && pp[i].rel != REL_ISTRI)
			continue;
		if (pp[i].marital > 0 && pp[i].marital != KAWIN_TERCATAT &&
		    pp[i].marital != KAWIN_BELUM_TERCATAT) {
			path_of(vt, w[3], (long)i, path, sizeof path);
			val_add(v, "E-KK-SPOUSE-STATUS", path, "%s is listed "
			    "as %s but her or his status perkawinan is not "
			    "KAWIN", pp[i].name,
			    pp[i].rel == REL_ISTRI ? "ISTRI" : "SUAMI");
		}
		if (pp[i].sex > 0 && pp[i].sex != (pp[i].rel == REL_ISTRI ?
		    2 : 1)) {
			path_of(vt, w[1], (long)i, path, sizeof path);
			val_add(v, "W-KK-SPOUSE-SEX", path, "%s is listed as "
			    "%s but as %s", pp[i].name,
			    pp[i].rel == REL_ISTRI ? "ISTRI" : "SUAMI",
			    pp[i].sex == 1 ? "LAKI-LAKI" : "PEREMPUAN");
		}
	}
	for (i = 0; i < n; i++) {
		if (!pp[i].born_ok)
			continue;
		for (j = 0; j < n; j++) {
			int parent_of_i, i_parent_of_head;

			if (i == j || !pp[j].born_ok)
				continue;
			/* the kepala and spouse are the parents of ANAK */
			parent_of_i = pp[i].rel == REL_ANAK &&
			    (pp[j].rel == REL_KEPALA || pp[j].rel == REL_SUAMI
			    || pp[j].rel == REL_ISTRI);
			i_parent_of_head = (pp[i].rel == REL_ORANG_TUA ||
			    pp[i].rel == REL_MERTUA) && pp[j].rel == REL_KEPALA;
			if (parent_of_i &&
			    date_cmp(pp[i].born, pp[j].born) <= 0) {
				date_format_iso(pp[i].born, b1);
				date_format_iso(pp[j].born, b2);
				path_of(vt, w[2], (long)i, path, sizeof path);
				val_add(v, "W-KK-CHILD-AGE", path, "ANAK %s was "
				    "born %s, not after %s (%s[%zu]), born %s",
				    pp[i].name, b1, pp[j].name, vt->members, j,
				    b2);
			} else if (i_parent_of_head &&
			    date_cmp(pp[i].born, pp[j].born) >= 0) {
				date_format_iso(pp[i].born, b1);
				date_format_iso(pp[j].born, b2);
				path_of(vt, w[2], (long)i, path, sizeof path);
				val_add(v, "W-KK-PARENT-AGE", path, "%s, listed "
				    "as a parent, was born %s, not before the "
				    "KEPALA KELUARGA %s, born %s", pp[i].name,
				    b1, pp[j].name, b2);
			}
		}
	}
}

static void
ck_date_order(validator *v, const struct vtype *vt, const struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	char path[96], wpath[96];
	const char *s, *ws;
	sg_date d, wd;
	size_t i;

	path_of(vt, &c->field, idx, path, sizeof path);
	if ((s = path_str(&c->field, fields, member)) == NULL ||
	    has_error(v, path) || date_parse_iso(s, &d) != 0)
		return;
	for (i = 0; i < c->n_with; i++) {
		path_of(vt, &c->with[i], idx, wpath, sizeof wpath);
		if ((ws = path_str(&c->with[i], fields, member)) == NULL ||
		    has_error(v, wpath) || date_parse_iso(ws, &wd) != 0)
			continue;
		if (date_cmp(wd, d) < 0)
			val_add(v, "E-DATE-ORDER", wpath, "%s %s is before "
			    "%s %s", c->with[i].vf->f->label, ws,
			    c->field.vf->f->label, s);
	}
}

static size_t
nik_hash(uint64_t nik, int bits)
{
	/* Fibonacci hashing: the high bits of the product are the mixed ones */
	return (size_t)(((nik & NIK_KEY_MASK) * UINT64_C(0x9e3779b97f4a7c15))
	    >> (64 - bits));
}

static int
nikmap_grow(struct nikmap *m)
{
	struct nik_ent *ns;
	int bits = m->cap ? m->bits + 1 : 16;
	size_t i, j, cap = (size_t)1 << bits;

	if ((ns = calloc(cap, sizeof *ns)) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (m->slot[i].key == 0)
			continue;
		j = nik_hash(m->slot[i].key, bits);
		while (ns[j].key != 0)
			j = (j + 1) & (cap - 1);
		ns[j] = m->slot[i];
	}
	free(m->slot);
	m->slot = ns;
	m->cap = cap;
	m->bits = bits;
	return 0;
}

static uint32_t
arena_add(validator *v, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (v->arena_len + n > UINT32_MAX)
		return UINT32_MAX;
	if (v->arena_len + n > v->arena_cap) {
		size_t cap = (v->arena_len + n) * 2;

		if ((p = realloc(v->arena, cap)) == NULL)
			return UINT32_MAX;
		v->arena = p;
		v->arena_cap = cap;
	}
	memcpy(v->arena + v->arena_len, s, n);
	v->arena_len += n;
	return (uint32_t)(v->arena_len - n);
}

/* Look the NIK up in the batch; record it when new.  -1 on no memory. */
static int
nik_seen(validator *v, const struct vtype *vt, struct vcheck *c,
    const char *nik, long idx, const char *path)
{
	struct nikmap *m = &c->map;
	struct nik_ent *e;
	uint64_t key = 0;
	size_t i, j;
	char first[96];

	for (i = 0; i < 16; i++)
		key = key * 10 + (uint64_t)(nik[i] - '0');
	if ((m->n + 1) * 2 > m->cap && nikmap_grow(m) != 0)
		return -1;
	j = nik_hash(key, m->bits);
	while (m->slot[j].key != 0 && (m->slot[j].key & NIK_KEY_MASK) != key)
		j = (j + 1) & (m->cap - 1);
	e = &m->slot[j];
	if (e->key != 0) {
		long first_member = (long)(e->key >> 54) - 1;

		if (e->rec_no == (uint32_t)v->rec_no)
			return 0; /* twice in one record: kk-family's job */
		path_of(vt, &c->field, first_member, first, sizeof first);
		val_add(v, "E-NIK-DUP", path, "NIK %.16s is already in record "
		    "%s (%s) of this batch; one person, one %s", nik,
		    v->arena + e->id_off, first, doctype_title(vt->t));
		return 0;
	}
	if (v->rec_id_off == UINT32_MAX &&
	    (v->rec_id_off = arena_add(v, v->rec_id)) == UINT32_MAX)
		return -1;
	e->key = key | ((uint64_t)(idx < 0 ? 0 : idx + 1 > 1022 ? 1022 :
	    idx + 1) << 54);
	e->rec_no = (uint32_t)v->rec_no;
	e->id_off = v->rec_id_off;
	m->n++;
	return 0;
}

static int
ck_nik_unique(validator *v, const struct vtype *vt, struct vcheck *c,
    json_t *fields, json_t *member, long idx)
{
	char path[96], wpath[96], opath[96];
	const char *s, *vals[VAL_MAX_WITH + 1];
	size_t i, k;

	path_of(vt, &c->field, idx, path, sizeof path);
	s = path_str(&c->field, fields, member);
	/* the other NIKs in the record are other people */
	vals[0] = s;
	for (i = 0; i < c->n_with; i++)
		vals[i + 1] = path_str(&c->with[i], fields, member);
	for (i = 1; i <= c->n_with; i++) {
		if (vals[i] == NULL)
			continue;
		for (k = 0; k < i; k++)
			if (vals[k] != NULL && strcmp(vals[k], vals[i]) == 0)
				break;
		if (k == i)
			continue;
		path_of(vt, &c->with[i - 1], idx, wpath, sizeof wpath);
		if (k == 0)
			snprintf(opath, sizeof opath, "%s", path);
		else
			path_of(vt, &c->with[k - 1], idx, opath, sizeof opath);
		val_add(v, "E-NIK-SAME", wpath, "%s %.16s is the same NIK as "
		    "%s; they are different people",
		    c->with[i - 1].vf->f->label, vals[i], opath);
	}
	if (s == NULL || has_error(v, path) || strlen(s) != 16 ||
	    !all_digits(s, 16))
		return 0;
	return nik_seen(v, vt, c, s, idx, path);
}

static int
run_check(validator *v, const struct vtype *vt, struct vcheck *c,
    json_t *fields)
{
	json_t *list = NULL, *m;
	size_t i, n = 1;
	int member = c->field.kind == P_MEMBER;

	if (member) {
		list = json_object_get(fields, vt->members);
		if (!json_is_array(list))
			return 0;
		n = json_array_size(list);
	}
	v->demote = c->dc->severity == DOCTYPE_WARNING;
	for (i = 0; i < n; i++) {
		m = member ? json_array_get(list, i) : NULL;
		if (member && !json_is_object(m))
			continue;
		switch (c->kind) {
		case CK_NIK:
			ck_nik(v, vt, c, fields, m, member ? (long)i : -1);
			break;
		case CK_NIK_UNIQUE:
			if (ck_nik_unique(v, vt, c, fields, m,
			    member ? (long)i : -1) != 0)
				return -1;
			break;
		case CK_KK:
			ck_kk(v, vt, c, fields);
			break;
		case CK_ADDRESS:
			ck_address(v, vt, c, fields);
			break;
		case CK_KK_FAMILY:
			if (json_is_array(list = json_object_get(fields,
			    vt->members)))
				ck_family(v, vt, c, list);
			break;
		case CK_DATE_ORDER:
			ck_date_order(v, vt, c, fields, m,
			    member ? (long)i : -1);
			break;
		}
	}
	v->demote = 0;
	return 0;
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
	if ((id = json_string_value(json_object_get(rec, "id"))) == NULL ||
	    *id == '\0') {
		snprintf(v->rec_id_buf, sizeof v->rec_id_buf, "number %lu",
		    v->rec_no);
		id = v->rec_id_buf;
	}
	v->rec_id = id;
	type = json_string_value(json_object_get(rec, "type"));
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
			    show(type, shown, sizeof shown));
		return v->worst;
	}
	fields = json_object_get(rec, "fields");
	if (!json_is_object(fields)) {
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
		if (run_check(v, vt, &vt->checks[i], fields) != 0)
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
		p = json_pack("{s:s, s:s, s:s}", "code", v->probs[i].code,
		    "path", v->probs[i].path, "message", v->probs[i].message);
		if (p == NULL || json_array_append_new(list, p) != 0) {
			json_decref(list);
			return -1;
		}
	}
	if (reject) {
		json_object_del(rec, "validation");
		return json_object_set_new(rec, "errors", list);
	}
	json_object_del(rec, "errors");
	return json_object_set_new(rec, "validation",
	    json_pack("{s:o}", "warnings", list));
}

void
val_set_today(validator *v, sg_date today)
{
	v->fixed_today = today;
	v->has_today = 1;
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
	v->arena_len = 0;
}

const char *const *
val_check_names(void)
{
	return ck_names;
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

/* Does the check fit its paths?  NULL when it does, else why not. */
static const char *
check_fits(const struct vcheck *c)
{
	enum field_type ft = c->field.vf ? c->field.vf->f->type : FT_TEXT;
	size_t i;

	for (i = 0; i < c->n_with; i++) {
		if (c->with[i].kind == P_LIST)
			return "a with path may not be the member list";
		if (c->with[i].kind == P_MEMBER &&
		    c->field.kind == P_HEADER)
			return "a header field's check cannot read member "
			    "fields";
	}
	switch (c->kind) {
	case CK_NIK:
	case CK_NIK_UNIQUE:
		if (c->field.kind == P_LIST || ft != FT_NIK)
			return "field must be a NIK field";
		if (c->kind == CK_NIK && ((c->n_with > 0 &&
		    c->with[0].vf->f->type != FT_DATE) || (c->n_with > 1 &&
		    c->with[1].vf->f->type != FT_CODE) || c->n_with > 2))
			return "with is the birth date and the sex";
		for (i = 0; c->kind == CK_NIK_UNIQUE && i < c->n_with; i++)
			if (c->with[i].vf->f->type != FT_NIK)
				return "with must name NIK fields";
		return NULL;
	case CK_KK:
		if (c->field.kind != P_HEADER || ft != FT_KK || c->n_with > 1)
			return "field must be a KK number header field, with "
			    "at most the region code";
		return NULL;
	case CK_ADDRESS:
		if (c->field.kind != P_HEADER || ft != FT_REGION ||
		    c->n_with > 4)
			return "field must be a region header field; with is "
			    "desa kecamatan kabupaten provinsi";
		return NULL;
	case CK_KK_FAMILY:
		if (c->field.kind != P_LIST || c->n_with > 4)
			return "field must be the member list; with is "
			    "status_hubungan jenis_kelamin tanggal_lahir "
			    "status_perkawinan";
		for (i = 0; i < c->n_with; i++)
			if (c->with[i].kind != P_MEMBER ||
			    c->with[i].vf->f->type != (i == 2 ? FT_DATE :
			    FT_CODE))
				return "with is status_hubungan jenis_kelamin "
				    "tanggal_lahir status_perkawinan, member "
				    "fields";
		return NULL;
	case CK_DATE_ORDER:
		if (c->field.kind == P_LIST || ft != FT_DATE)
			return "field must be a date";
		for (i = 0; i < c->n_with; i++)
			if (c->with[i].vf->f->type != FT_DATE)
				return "with must name dates";
		return NULL;
	}
	return "unknown";
}

static int
build_type(validator *v, struct vtype *vt, const doctype *t,
    const codetab_set *codes, sg_err *err)
{
	struct vfield *vf;
	const doctype_check *dc;
	struct vcheck *c;
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
		for (j = 0; ck_names[j] != NULL; j++)
			if (strcmp(ck_names[j], dc->name) == 0)
				break;
		if (ck_names[j] == NULL) {
			sg_err_set(err, "E-VALIDATE-CHECK", where, "unknown "
			    "check \"%s\" (known: nik, nik-unique, kk, "
			    "address, kk-family, date-order)", dc->name);
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
		if ((why = check_fits(c)) != NULL) {
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
	free(v->arena);
	free(v->scratch);
	free(v);
}
