/*
 * layout.c - the <layout> element of a document type, parsed with libxml2.
 *
 * The serialised element carries no namespace (doctype.c drops the
 * declaration made on <doctype>), so elements are matched by local name.
 * The schema (formats/doctype.xsd) has already checked the shape when the
 * type was loaded; this file checks what the schema cannot (field
 * references) and fills in defaults.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "date.h"
#include "layout.h"
#include "text.h"
#include "words.h"

#define LAY_MAX_ITEMS 256
#define LAY_MAX_CELLS 64

static const struct paper {
	const char *name;
	double w, h;
} papers[] = {
	{ "a4", 210.0, 297.0 },
	{ "f4", 215.0, 330.0 },
	{ "card", 85.6, 53.98 }, /* ISO/IEC 7810 ID-1 */
	{ NULL, 0, 0 }
};

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Attribute as a malloc'd string, or NULL. */
static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static double
attr_num(const xmlNode *n, const char *name, double dflt)
{
	char *v = attr(n, name), *end;
	double d;

	if (v == NULL)
		return dflt;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || d < 0 || d > 10000)
		d = dflt;
	free(v);
	return d;
}

static int
attr_is(const xmlNode *n, const char *name, const char *want)
{
	char *v = attr(n, name);
	int r = v != NULL && strcmp(v, want) == 0;

	free(v);
	return r;
}

/* Element text with runs of blanks made one space, trimmed. */
static char *
text_of(const xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s, *o;
	const char *p;
	int blank = 0;

	if (c == NULL)
		return strdup("");
	if ((s = malloc(strlen((const char *)c) + 1)) == NULL) {
		xmlFree(c);
		return NULL;
	}
	o = s;
	for (p = (const char *)c; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			blank = 1;
			continue;
		}
		if (blank && o != s)
			*o++ = ' ';
		blank = 0;
		*o++ = *p;
	}
	*o = '\0';
	xmlFree(c);
	return s;
}

static enum lay_anchor
anchor_of(const xmlNode *n, enum lay_anchor dflt)
{
	static const char *const names[] = { "flow", "top-left", "top-right",
	    "bottom-left", "bottom-right", NULL };
	char *v = attr(n, "anchor");
	int i;

	if (v == NULL)
		return dflt;
	for (i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0) {
			free(v);
			return (enum lay_anchor)i;
		}
	free(v);
	return dflt;
}

static enum lay_align
align_of(const xmlNode *n, enum lay_align dflt)
{
	if (attr_is(n, "align", "left"))
		return ALIGN_LEFT;
	if (attr_is(n, "align", "center"))
		return ALIGN_CENTER;
	if (attr_is(n, "align", "right"))
		return ALIGN_RIGHT;
	return dflt;
}

static void
cond_clear(lay_cond *c)
{
	free(c->when_all);
	free(c->unless);
	c->when_all = c->unless = NULL;
}

static void
item_clear(lay_item *it)
{
	size_t i;

	for (i = 0; i < it->n_cells; i++) {
		free(it->cells[i].label);
		free(it->cells[i].value);
		cond_clear(&it->cells[i].cond);
	}
	free(it->cells);
	free(it->text);
	cond_clear(&it->cond);
	free(it->born);
}

/*
 * The conditions of n (if=, unless=): every one names a header field of
 * t; at most LAY_MAX_CONDS of them.
 */
#define LAY_MAX_CONDS 8
static int
parse_cond(const xmlNode *n, lay_cond *c, const doctype *t,
    const char *where, sg_err *err)
{
	static const char *const names[] = { "if", "unless" };
	const doctype_field *f;
	char *v, *p, name[64];
	size_t len;
	int i, k;

	for (i = 0; i < 2; i++) {
		if ((v = attr(n, names[i])) == NULL)
			continue;
		if (i == 0)
			c->when_all = v;
		else
			c->unless = v;
		for (p = v, k = 0; *p; ) {
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (*p == '\0')
				break;
			len = strcspn(p, " \t\n=");
			if (len == 0 || len >= sizeof name) {
				sg_err_set(err, "E-LAYOUT", where, "%s=\"%s\": "
				    "no field name", names[i], v);
				return -1;
			}
			memcpy(name, p, len);
			name[len] = '\0';
			f = doctype_field_find(t, name);
			if (f == NULL || f->member) {
				sg_err_set(err, "E-LAYOUT", where, "%s=\"%s\": "
				    "\"%s\" is not a header field of %s",
				    names[i], v, name, doctype_id(t));
				return -1;
			}
			if (++k > LAY_MAX_CONDS) {
				sg_err_set(err, "E-LAYOUT", where, "%s=\"%s\": "
				    "more than %d conditions", names[i], v,
				    LAY_MAX_CONDS);
				return -1;
			}
			p += strcspn(p, " \t\n");
		}
	}
	return 0;
}

void
layout_free(layout *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n_items; i++)
		item_clear(&l->items[i]);
	free(l->items);
	free(l->paper);
	free(l);
}

int
layout_set_paper(layout *l, const char *paper)
{
	const struct paper *p;
	char *copy;

	if (strcmp(l->paper, "card") == 0)
		return 0;
	for (p = papers; p->name; p++)
		if (strcmp(p->name, paper) == 0 && strcmp(paper, "card") != 0)
			break;
	if (p->name == NULL || (copy = strdup(p->name)) == NULL)
		return -1;
	free(l->paper);
	l->paper = copy;
	l->page_w = l->landscape ? p->h : p->w;
	l->page_h = l->landscape ? p->w : p->h;
	return 0;
}

static lay_item *
add_item(layout *l, enum lay_kind kind)
{
	lay_item *it;

	if (l->n_items >= LAY_MAX_ITEMS)
		return NULL;
	it = realloc(l->items, (l->n_items + 1) * sizeof *it);
	if (it == NULL)
		return NULL;
	l->items = it;
	it = &l->items[l->n_items++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->size = l->size;
	it->columns = 1;
	return it;
}

/*
 * A <field> or <column>: ref= names a field of the type (header fields for
 * <fields>, member fields for <table>), format= how to print it; or the
 * element's text is the template.  label= defaults to the field's label.
 */
static int
add_cell(lay_item *it, const xmlNode *n, const doctype *t, int member,
    const char *where, sg_err *err)
{
	char *ref = attr(n, "ref"), *fmt = attr(n, "format");
	char *label = attr(n, "label"), *value = NULL;
	const doctype_field *f = NULL;
	lay_cell *c;
	size_t len;
	int rc = -1;

	if (it->n_cells >= LAY_MAX_CELLS) {
		sg_err_set(err, "E-LAYOUT", where, "more than %d cells in one "
		    "item", LAY_MAX_CELLS);
		goto out;
	}
	if (ref != NULL && strcmp(ref, "#") != 0) {
		f = doctype_field_find(t, ref);
		if (f == NULL || f->member != member) {
			sg_err_set(err, "E-LAYOUT", where, "\"%s\" is not a %s "
			    "field of %s", ref, member ? "member" : "header",
			    doctype_id(t));
			goto out;
		}
	}
	if (ref != NULL) {
		len = strlen(ref) + (fmt ? strlen(fmt) : 0) + 4;
		if ((value = malloc(len)) == NULL)
			goto nomem;
		snprintf(value, len, "{%s%s%s}", ref, fmt ? ":" : "",
		    fmt ? fmt : "");
	} else if ((value = text_of(n)) == NULL)
		goto nomem;
	if (label == NULL &&
	    (label = strdup(f ? f->label : ref && *ref == '#' ? "No" : ""))
	    == NULL)
		goto nomem;
	c = realloc(it->cells, (it->n_cells + 1) * sizeof *c);
	if (c == NULL)
		goto nomem;
	it->cells = c;
	c = &it->cells[it->n_cells++];
	c->label = label;
	c->value = value;
	c->width = attr_num(n, "width", 0);
	memset(&c->cond, 0, sizeof c->cond);
	label = value = NULL;
	if (!member && parse_cond(n, &c->cond, t, where, err) != 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	sg_err_set(err, "E-SYSTEM", where, "out of memory");
out:
	free(ref);
	free(fmt);
	free(label);
	free(value);
	return rc;
}

static int
parse_item(layout *l, const xmlNode *n, const doctype *t, const char *where,
    sg_err *err)
{
	const xmlNode *c;
	lay_item *it;
	char *s;

	if (is(n, "header"))
		it = add_item(l, LAY_HEADER);
	else if (is(n, "title"))
		it = add_item(l, LAY_TITLE);
	else if (is(n, "text"))
		it = add_item(l, LAY_TEXT);
	else if (is(n, "fields"))
		it = add_item(l, LAY_FIELDS);
	else if (is(n, "table"))
		it = add_item(l, LAY_TABLE);
	else if (is(n, "space"))
		it = add_item(l, LAY_SPACE);
	else if (is(n, "rule"))
		it = add_item(l, LAY_RULE);
	else if (is(n, "signature"))
		it = add_item(l, LAY_SIGNATURE);
	else if (is(n, "qr"))
		it = add_item(l, LAY_QR);
	else if (is(n, "note"))
		it = add_item(l, LAY_NOTE);
	else if (is(n, "page"))
		it = add_item(l, LAY_PAGE);
	else if (is(n, "photo"))
		it = add_item(l, LAY_PHOTO);
	else {
		sg_err_set(err, "E-LAYOUT", where, "unknown layout element "
		    "<%s>", (const char *)n->name);
		return -1;
	}
	if (it == NULL) {
		sg_err_set(err, "E-LAYOUT", where, "too many layout items");
		return -1;
	}
	if (parse_cond(n, &it->cond, t, where, err) != 0)
		return -1;
	it->size = attr_num(n, "size", it->kind == LAY_TITLE ? l->size + 4 :
	    it->kind == LAY_NOTE ? l->size - 2 : l->size);
	if (it->kind == LAY_NOTE && it->size < LAYOUT_MIN_SIZE &&
	    xmlHasProp(n, (const xmlChar *)"size") == NULL)
		it->size = LAYOUT_MIN_SIZE;
	/* nothing is printed smaller: long values wrap instead */
	if (!(it->size >= LAYOUT_MIN_SIZE) && it->kind != LAY_QR &&
	    it->kind != LAY_SPACE && it->kind != LAY_RULE &&
	    it->kind != LAY_PAGE && it->kind != LAY_PHOTO) {
		sg_err_set(err, "E-LAYOUT", where, "<%s size=\"%g\">: nothing "
		    "is printed under %g pt", (const char *)n->name, it->size,
		    LAYOUT_MIN_SIZE);
		return -1;
	}
	it->bold = attr_is(n, "bold", "true") || it->kind == LAY_TITLE;
	it->align = align_of(n, it->kind == LAY_TITLE ? ALIGN_CENTER :
	    ALIGN_LEFT);
	it->anchor = anchor_of(n, it->kind == LAY_QR ? ANCHOR_BOTTOM_LEFT :
	    it->kind == LAY_SIGNATURE ? ANCHOR_BOTTOM_RIGHT :
	    it->kind == LAY_PHOTO ? ANCHOR_TOP_RIGHT : ANCHOR_FLOW);
	it->x = attr_num(n, "x", it->anchor == ANCHOR_FLOW ? 0 : l->margin);
	it->y = attr_num(n, "y", it->anchor == ANCHOR_FLOW ? 0 : l->margin);
	it->width = attr_num(n, "width", 0);
	it->space = attr_num(n, it->kind == LAY_SPACE ? "mm" : "after",
	    it->kind == LAY_SPACE ? 4 : it->kind == LAY_TITLE ? 1 : 2);
	it->label_width = attr_num(n, "label-width", 45);
	it->columns = attr_num(n, "columns", 1) >= 2 ? 2 : 1;
	it->leading = attr_num(n, "leading", 1.25);
	if (it->leading < 1 || it->leading > 3)
		it->leading = 1.25;
	it->row_height = attr_num(n, "row-height", it->size * 0.55);
	it->rows = (int)attr_num(n, "rows", 10);
	if (it->rows < 1)
		it->rows = 1;
	/* 0.35 mm reads from a 200-dpi scan (docs/FACTS.md); below is refused. */
	it->module = attr_num(n, "module", 0.4);
	if (it->module < 0.35)
		it->module = 0.35;
	it->quiet = (int)attr_num(n, "quiet", 4);
	if (it->quiet < 4)
		it->quiet = 4;
	it->height = attr_num(n, "height", 30);
	it->from_age = (int)attr_num(n, "from-age", 0);
	switch (it->kind) {
	case LAY_PHOTO: {
		xmlChar *b = xmlGetProp(n, (const xmlChar *)"born");
		const doctype_field *bf;

		if (it->width <= 0)
			it->width = 20;
		if (b != NULL && ((bf = doctype_field_find(t, (const char *)b))
		    == NULL || bf->type != FT_DATE || bf->member)) {
			sg_err_set(err, "E-LAYOUT", where, "<photo born=\"%s\">:"
			    " not a date field of %s", (const char *)b,
			    doctype_id(t));
			xmlFree(b);
			return -1;
		}
		if (b != NULL && (it->born = strdup((const char *)b)) == NULL) {
			xmlFree(b);
			goto nomem;
		}
		xmlFree(b);
		if (it->width > 200 || it->height <= 0 || it->height > 300) {
			sg_err_set(err, "E-LAYOUT", where, "<photo>: a frame of "
			    "%gx%g mm", it->width, it->height);
			return -1;
		}
		break;
	}
	case LAY_TITLE:
	case LAY_TEXT:
	case LAY_NOTE:
		if ((s = text_of(n)) == NULL)
			goto nomem;
		it->text = s;
		break;
	case LAY_FIELDS:
	case LAY_TABLE:
		if (it->kind == LAY_TABLE && doctype_members_name(t) == NULL) {
			sg_err_set(err, "E-LAYOUT", where, "<table> in %s, "
			    "which has no member list", doctype_id(t));
			return -1;
		}
		for (c = n->children; c != NULL; c = c->next)
			if (is(c, "field") || is(c, "column"))
				if (add_cell(it, c, t, it->kind == LAY_TABLE,
				    where, err) != 0)
					return -1;
		break;
	default:
		break;
	}
	return 0;
nomem:
	sg_err_set(err, "E-SYSTEM", where, "out of memory");
	return -1;
}

/* Every field in order; the member list as a table. */
static int
default_layout(layout *l, const doctype *t, sg_err *err)
{
	lay_item *fi, *tb;
	const doctype_field *f;
	lay_cell *c;
	size_t i, len;

	if (add_item(l, LAY_HEADER) == NULL || add_item(l, LAY_TITLE) == NULL
	    || add_item(l, LAY_TEXT) == NULL
	    || (fi = add_item(l, LAY_FIELDS)) == NULL)
		goto nomem;
	l->items[1].size = l->size + 4;
	l->items[1].bold = 1;
	l->items[1].align = ALIGN_CENTER;
	l->items[1].space = 1;
	l->items[2].align = ALIGN_CENTER;
	l->items[2].space = 5;
	if ((l->items[2].text = strdup("Nomor: {number}")) == NULL)
		goto nomem;
	fi->label_width = 50;
	fi->space = 4;
	tb = NULL;
	if (doctype_members_name(t) != NULL) {
		if ((tb = add_item(l, LAY_TABLE)) == NULL)
			goto nomem;
		tb->size = 6;
		tb->row_height = 4;
		tb->rows = 10;
		fi = &l->items[3];
	}
	for (i = 0; i < doctype_field_count(t); i++) {
		f = doctype_field_at(t, i);
		if (f->type == FT_ATTACHMENTS)
			continue;
		lay_item *it = f->member ? tb : fi;
		c = realloc(it->cells, (it->n_cells + 1) * sizeof *c);
		if (c == NULL)
			goto nomem;
		it->cells = c;
		c = &it->cells[it->n_cells++];
		memset(c, 0, sizeof *c);
		len = strlen(f->name) + 3;
		c->label = strdup(f->label);
		c->value = malloc(len);
		c->width = 0;
		if (c->label == NULL || c->value == NULL)
			goto nomem;
		snprintf(c->value, len, "{%s}", f->name);
	}
	if ((fi = add_item(l, LAY_SIGNATURE)) == NULL)
		goto nomem;
	fi->anchor = ANCHOR_BOTTOM_RIGHT;
	fi->x = fi->y = l->margin;
	if ((fi = add_item(l, LAY_QR)) == NULL)
		goto nomem;
	fi->anchor = ANCHOR_BOTTOM_LEFT;
	fi->x = fi->y = l->margin;
	fi->module = 0.4;
	fi->quiet = 4;
	return 0;
nomem:
	sg_err_set(err, "E-SYSTEM", "", "out of memory");
	return -1;
}

layout *
layout_parse(const char *xml, const char *where, const doctype *t,
    sg_err *err)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *n;
	layout *l;
	char *page = NULL;
	const struct paper *p;

	if ((l = calloc(1, sizeof *l)) == NULL) {
		sg_err_set(err, "E-SYSTEM", where, "out of memory");
		return NULL;
	}
	l->margin = 15;
	l->size = 9;
	if (xml == NULL) {
		if ((l->paper = strdup("a4")) == NULL)
			goto nomem;
		l->page_w = 210, l->page_h = 297;
		if (default_layout(l, t, err) != 0)
			goto fail;
		return l;
	}
	doc = xmlReadMemory(xml, (int)strlen(xml), "layout.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    !is(root, "layout")) {
		sg_err_set(err, "E-LAYOUT", where, "not a <layout> element");
		goto fail;
	}
	page = attr(root, "page");
	for (p = papers; p->name; p++)
		if (strcmp(p->name, page ? page : "a4") == 0)
			break;
	if (p->name == NULL) {
		sg_err_set(err, "E-LAYOUT", where, "unknown page \"%s\"", page);
		goto fail;
	}
	if ((l->paper = strdup(p->name)) == NULL)
		goto nomem;
	l->landscape = attr_is(root, "orientation", "landscape");
	l->page_w = l->landscape ? p->h : p->w;
	l->page_h = l->landscape ? p->w : p->h;
	l->margin = attr_num(root, "margin", strcmp(p->name, "card") == 0 ?
	    3 : 15);
	l->size = attr_num(root, "size", strcmp(p->name, "card") == 0 ?
	    LAYOUT_MIN_SIZE : 9);
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    parse_item(l, n, t, where, err) != 0)
			goto fail;
	{
		size_t i, pages = 0, tables = 0;

		for (i = 0; i < l->n_items; i++) {
			pages += l->items[i].kind == LAY_PAGE;
			tables += l->items[i].kind == LAY_TABLE;
		}
		/* a member table continues on pages of its own */
		if (pages > 0 && tables > 0) {
			sg_err_set(err, "E-LAYOUT", where, "<page/> in a layout "
			    "with a <table>");
			goto fail;
		}
	}
	free(page);
	xmlFreeDoc(doc);
	return l;
nomem:
	sg_err_set(err, "E-SYSTEM", where, "out of memory");
fail:
	free(page);
	xmlFreeDoc(doc);
	layout_free(l);
	return NULL;
}

char *
layout_value_format(enum field_type type, const codetab *tab, const char *v,
    const char *fmt, char *out, size_t sz)
{
	const char *canon;
	unsigned long long n;
	sg_date dt;
	char *end;

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return out;
	/* "words", "ordinal", with "-title" or "-upper" */
	if (strncmp(fmt, "words", 5) == 0 || strncmp(fmt, "ordinal", 7) == 0) {
		const char *sfx = fmt + (fmt[0] == 'w' ? 5 : 7);
		enum words_case wc = WORDS_LOWER;
		int ordinal = fmt[0] == 'o', done = -1;

		if (strcmp(sfx, "-title") == 0)
			wc = WORDS_TITLE;
		else if (strcmp(sfx, "-upper") == 0)
			wc = WORDS_UPPER;
		else if (*sfx != '\0')
			ordinal = -1; /* not ours: printed plain */
		if (ordinal == 0 && type == FT_DATE &&
		    date_parse_iso(v, &dt) == 0)
			done = words_date(dt, out, sz);
		else if (ordinal >= 0 && type == FT_INTEGER) {
			n = strtoull(v, &end, 10);
			if (*end == '\0' && end != v)
				done = ordinal ? words_ordinal(n, out, sz) :
				    words_number(n, out, sz);
		}
		if (done >= 0) {
			words_case_apply(out, wc);
			return out;
		}
		out[0] = '\0';
	}
	if (type == FT_DATE && date_parse_iso(v, &dt) == 0) {
		if (strcmp(fmt, "date") == 0 &&
		    words_date_short(dt, out, sz) >= 0)
			return out;
		snprintf(out, sz, "%02d-%02d-%04d", dt.d, dt.m, dt.y);
		return out;
	}
	text_copy(out, sz, v, SIZE_MAX);
	if (strcmp(fmt, "upper") == 0)
		text_upper(out, out, sz);
	if (type == FT_CODE && tab != NULL && out[0] != '\0' &&
	    (canon = codetab_lookup(tab, out, NULL)) != NULL)
		text_copy(out, sz, canon, SIZE_MAX);
	return out;
}

/* The format of the first "{name[:fmt]}" in tmpl: 1 when found. */
static int
template_format(const char *tmpl, const char *name, char *fmt, size_t sz)
{
	const char *p = tmpl, *close, *colon;
	size_t len = strlen(name), n;

	while (p != NULL && (p = strchr(p, '{')) != NULL) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		if ((close = strchr(p, '}')) == NULL)
			return 0;
		n = (size_t)(close - p - 1);
		colon = memchr(p + 1, ':', n);
		if ((size_t)((colon ? colon : close) - p - 1) == len &&
		    memcmp(p + 1, name, len) == 0) {
			snprintf(fmt, sz, "%.*s", colon ?
			    (int)(close - colon - 1) : 0, colon ? colon + 1 :
			    "");
			return 1;
		}
		p = close + 1;
	}
	return 0;
}

void
layout_field_format(const layout *l, const char *name, char *fmt, size_t sz)
{
	const lay_item *it;
	size_t i, k;
	int pass;

	fmt[0] = '\0';
	/* a labelled value first, as the reader compares it; then a
	 * sentence */
	for (pass = 0; l != NULL && pass < 2; pass++)
		for (i = 0; i < l->n_items; i++) {
			it = &l->items[i];
			if (pass == 0 && (it->kind == LAY_FIELDS ||
			    it->kind == LAY_TABLE)) {
				for (k = 0; k < it->n_cells; k++)
					if (it->cells[k].value != NULL &&
					    template_format(it->cells[k].value,
					    name, fmt, sz))
						return;
			} else if (pass == 1 && it->text != NULL &&
			    template_format(it->text, name, fmt, sz))
				return;
		}
}
