/*
 * xmlin.c - XML submissions into JSON (see xmlin.h, formats/submission.md).
 *
 * libxml2 is driven through its own SAX2 tree builder with three hooks:
 * the DOCTYPE hook stops the parser before any declaration in it is read
 * (so neither entity expansion nor external fetches can happen), the
 * start-element hook bounds nesting and records each element's line in
 * node->_private (libxml2's own node->line saturates at 65535, and a
 * 32 MiB file has more lines than that), and the end-element hook keeps
 * the depth.  Every libxml2 message is caught for the length of a call.
 */
#include "xmlin.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"

#include <libxml/SAX2.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#define XMLIN_NS "urn:segel:submission:1"
#define XMLIN_TYPE_MAX 32   /* as the schema's typeId pattern */
#define XMLIN_NAME_MAX 64   /* as the schema's fieldName pattern */
#define XMLIN_SCHEMA_SLOTS 4

/* What libxml2 reported during one step: the first error and a count. */
struct catch {
	int nerrors;
	long line;
	int lines_on_nodes; /* node->_private holds our line numbers */
	char msg[400];
};

/* State the SAX hooks share, reached through ctxt->_private. */
struct parse {
	unsigned depth;
	int dtd_line;   /* > 0: a DOCTYPE was seen there */
	int deep_line;  /* > 0: nesting went over the bound there */
};

/* The process's libxml2 error handlers, put back after each call. */
struct handlers {
	xmlStructuredErrorFunc serror;
	void *sctx;
	xmlGenericErrorFunc gerror;
	void *gctx;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *path;
	xmlSchemaPtr schema;
} cache[XMLIN_SCHEMA_SLOTS];

static void fail(sg_err *err, const char *code, const char *name, long line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fail(sg_err *err, const char *code, const char *name, long line,
    const char *fmt, ...)
{
	char where[sizeof err->where];
	va_list ap;

	if (err == NULL)
		return;
	if (line > 0)
		snprintf(where, sizeof where, "%s:%ld", name, line);
	else
		snprintf(where, sizeof where, "%s", name);
	va_start(ap, fmt);
	sg_err_vset(err, code, where, fmt, ap);
	va_end(ap);
}

static long
node_line(const xmlNode *n)
{
	if (n == NULL)
		return 0;
	if (n->type == XML_ATTRIBUTE_NODE)
		n = n->parent;
	if (n != NULL && n->type == XML_ELEMENT_NODE && n->_private != NULL)
		return (long)(uintptr_t)n->_private;
	return n != NULL ? xmlGetLineNo(n) : 0;
}

static void
catch_error(void *ctx, xmlErrorPtr e)
{
	struct catch *c = ctx;
	char *p;
	size_t n;

	if (c == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	if (c->nerrors++ > 0)
		return;
	c->line = e->line;
	if (c->lines_on_nodes && e->node != NULL)
		c->line = node_line(e->node);
	snprintf(c->msg, sizeof c->msg, "%s",
	    e->message ? e->message : "unknown libxml2 error");
	/* "Element '{urn:segel:submission:1}catatan'" reads better bare. */
	while ((p = strstr(c->msg, "{" XMLIN_NS "}")) != NULL)
		memmove(p, p + sizeof XMLIN_NS + 1,
		    strlen(p + sizeof XMLIN_NS + 1) + 1);
	n = strlen(c->msg);
	while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
		c->msg[--n] = '\0';
}

static void
catch_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
handlers_catch(struct handlers *h, struct catch *c)
{
	h->serror = xmlStructuredError;
	h->sctx = xmlStructuredErrorContext;
	h->gerror = xmlGenericError;
	h->gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(c, catch_error);
	xmlSetGenericErrorFunc(c, catch_generic);
}

static void
handlers_restore(const struct handlers *h)
{
	xmlSetStructuredErrorFunc(h->sctx, h->serror);
	xmlSetGenericErrorFunc(h->gctx, h->gerror);
}

static int
input_line(xmlParserCtxtPtr ctxt)
{
	if (ctxt->input != NULL && ctxt->input->line > 0)
		return ctxt->input->line;
	return 1;
}

/* Any DOCTYPE: stop before its internal subset is even read. */
static void
hook_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;

	if (p->dtd_line == 0)
		p->dtd_line = input_line(ctxt);
	xmlStopParser(ctxt);
}

/* Unreachable while hook_doctype stops the parser; a second lock. */
static void
hook_entity(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	hook_doctype(ctx, name, public_id, system_id);
}

static void
hook_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;
	int line = input_line(ctxt);

	if (++p->depth > XMLIN_MAX_DEPTH) {
		if (p->deep_line == 0)
			p->deep_line = line;
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
	    namespaces, nb_attributes, nb_defaulted, attributes);
	if (ctxt->node != NULL && xmlStrEqual(ctxt->node->name, localname))
		ctxt->node->_private = (void *)(uintptr_t)line;
}

static void
hook_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;

	if (p->depth > 0)
		p->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/*
 * The most attributes (namespace declarations included) one start tag may
 * have, counted in the bytes before libxml2 sees them: libxml2 2.9 checks
 * each new attribute against all before it, and 200,000 attributes take
 * it minutes.  The format uses two at most.
 */
#define XMLIN_MAX_ATTRS 64

/* Skip from p to just past the end marker; newlines counted.  NULL when
 * the marker never comes (libxml2 will say so). */
static const char *
skip_past(const char *p, const char *end, const char *mark, long *line)
{
	size_t m = strlen(mark);

	for (; p + m <= end; p++) {
		if (*p == '\n')
			(*line)++;
		if (memcmp(p, mark, m) == 0)
			return p + m;
	}
	return NULL;
}

/*
 * One linear pass over the bytes: the line of the first start tag with
 * more than max attributes (an '=' outside quotes), or 0 (xmlin.h).
 * Comments, CDATA and processing instructions are skipped; at a DOCTYPE
 * it stops, since the parser refuses the file there.
 */
long
xmlin_attrs_over(const char *buf, size_t len, unsigned max)
{
	const char *p = buf, *end = buf + len;
	long line = 1, tagline;
	unsigned n;
	char q;

	while (p < end) {
		if (*p == '\n')
			line++;
		if (*p++ != '<' || p >= end)
			continue;
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0)
			p = skip_past(p + 3, end, "-->", &line);
		else if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0)
			p = skip_past(p + 8, end, "]]>", &line);
		else if (*p == '?')
			p = skip_past(p + 1, end, "?>", &line);
		else if (*p == '!')
			return 0;
		else if (*p == '/')
			p = skip_past(p, end, ">", &line);
		else {
			tagline = line;
			for (n = 0, q = 0; p < end && (q || *p != '>'); p++) {
				if (*p == '\n')
					line++;
				if (q) {
					if (*p == q)
						q = 0;
				} else if (*p == '"' || *p == '\'')
					q = *p;
				else if (*p == '=' && ++n > max)
					return tagline;
			}
		}
		if (p == NULL)
			return 0;
	}
	return 0;
}

/*
 * Parse buf into a tree, or NULL with err set.  Errors are caught by the
 * handlers the caller installed, into c.
 */
static xmlDocPtr
parse(const char *buf, size_t len, const char *name, struct catch *c,
    sg_err *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	struct parse p;
	long line;

	memset(&p, 0, sizeof p);
	if (len == 0) {
		fail(err, "E-XML-PARSE", name, 1, "empty file, no XML in it");
		goto out;
	}
	if ((line = xmlin_attrs_over(buf, len, XMLIN_MAX_ATTRS)) > 0) {
		fail(err, "E-XML-TOO-MANY", name, line, "an element with more "
		    "than %d attributes", XMLIN_MAX_ATTRS);
		goto out;
	}
	ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
	if (ctxt == NULL) {
		fail(err, "E-XML-PARSE", name, 0, "cannot start the XML parser");
		goto out;
	}
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	ctxt->_private = &p;
	ctxt->sax->internalSubset = hook_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->entityDecl = hook_entity;
	ctxt->sax->startElementNs = hook_start;
	ctxt->sax->endElementNs = hook_end;

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;

	if (p.dtd_line > 0) {
		fail(err, "E-XML-DTD", name, p.dtd_line,
		    "<!DOCTYPE> is not allowed in a submission (no DTDs, "
		    "no entities)");
		goto bad;
	}
	if (p.deep_line > 0) {
		fail(err, "E-XML-DEPTH", name, p.deep_line,
		    "elements nested deeper than %u", XMLIN_MAX_DEPTH);
		goto bad;
	}
	if (!ctxt->wellFormed || c->nerrors > 0 || doc == NULL) {
		if (c->nerrors > 0)
			fail(err, "E-XML-PARSE", name, c->line, "%s", c->msg);
		else
			fail(err, "E-XML-PARSE", name, input_line(ctxt),
			    "not well-formed XML");
		goto bad;
	}
	goto out;
bad:
	xmlFreeDoc(doc);
	doc = NULL;
out:
	if (ctxt != NULL) {
		ctxt->_private = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	return doc;
}

/*
 * The compiled schema for xsd, from the cache or freshly compiled.  *owned
 * is set when the cache was full and the caller must free it.
 */
static xmlSchemaPtr
schema_get(const char *xsd, int *owned, sg_err *err)
{
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	struct handlers h;
	struct catch c;
	size_t i;

	*owned = 0;
	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < XMLIN_SCHEMA_SLOTS; i++)
		if (cache[i].path != NULL && strcmp(cache[i].path, xsd) == 0) {
			schema = cache[i].schema;
			goto out;
		}

	memset(&c, 0, sizeof c);
	handlers_catch(&h, &c);
	pctxt = xmlSchemaNewParserCtxt(xsd);
	if (pctxt != NULL) {
		xmlSchemaSetParserStructuredErrors(pctxt, catch_error, &c);
		schema = xmlSchemaParse(pctxt);
		xmlSchemaFreeParserCtxt(pctxt);
	}
	handlers_restore(&h);
	if (schema == NULL) {
		fail(err, "E-XML-XSD", xsd, c.line,
		    "cannot load the submission schema: %s",
		    c.nerrors > 0 ? c.msg : "unknown error");
		goto out;
	}
	for (i = 0; i < XMLIN_SCHEMA_SLOTS; i++)
		if (cache[i].path == NULL)
			break;
	if (i < XMLIN_SCHEMA_SLOTS &&
	    (cache[i].path = strdup(xsd)) != NULL)
		cache[i].schema = schema;
	else
		*owned = 1;
out:
	pthread_mutex_unlock(&cache_lock);
	return schema;
}

void
xmlin_cleanup(void)
{
	size_t i;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < XMLIN_SCHEMA_SLOTS; i++) {
		free(cache[i].path);
		if (cache[i].schema != NULL)
			xmlSchemaFree(cache[i].schema);
		cache[i].path = NULL;
		cache[i].schema = NULL;
	}
	pthread_mutex_unlock(&cache_lock);
}

static int
validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *name,
    struct catch *c, sg_err *err)
{
	xmlSchemaValidCtxtPtr vctxt = NULL;
	int rc = -1;

	memset(c, 0, sizeof *c);
	c->lines_on_nodes = 1;
	vctxt = xmlSchemaNewValidCtxt(schema);
	if (vctxt == NULL) {
		fail(err, "E-XML-SCHEMA", name, 0,
		    "cannot start schema validation");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, catch_error, c);
	rc = xmlSchemaValidateDoc(vctxt, doc);
	if (rc == 0 && c->nerrors == 0)
		goto out;
	if (c->nerrors > 1)
		fail(err, "E-XML-SCHEMA", name, c->line, "%s (and %d more)",
		    c->msg, c->nerrors - 1);
	else if (c->nerrors == 1)
		fail(err, "E-XML-SCHEMA", name, c->line, "%s", c->msg);
	else
		fail(err, "E-XML-SCHEMA", name, 0,
		    "schema validation failed (internal error %d)", rc);
	rc = -1;
out:
	xmlSchemaFreeValidCtxt(vctxt);
	return rc;
}

/* An element of ours named local. */
static int
is_ours(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, BAD_CAST XMLIN_NS) &&
	    xmlStrEqual(n->name, BAD_CAST local);
}

static int
blank(const xmlChar *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/*
 * A child of <submission>, <document> or <member> that is not an element:
 * comments, PIs and white space are fine, anything else is not.
 */
static int
check_between(const xmlNode *n, const char *name, sg_err *err)
{
	switch (n->type) {
	case XML_COMMENT_NODE:
	case XML_PI_NODE:
		return 0;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (blank(n->content))
			return 0;
		fail(err, "E-XML-SCHEMA", name, node_line(n->parent),
		    "text outside a <field>");
		return -1;
	default:
		fail(err, "E-XML-SCHEMA", name, node_line(n->parent),
		    "unexpected node (type %d) in <%s>", (int)n->type,
		    n->parent ? (const char *)n->parent->name : "?");
		return -1;
	}
}

static int
name_ok(const char *s, const char *extra, size_t max)
{
	size_t i;

	if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (i >= max)
			return 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i]) != NULL))
			return 0;
	}
	return 1;
}

/* One <field> into fields[name]. */
static int
read_field(const xmlNode *f, json_t *fields, const char *name, sg_err *err)
{
	xmlChar *fname = NULL;
	const xmlNode *t;
	json_t *v = NULL;
	char *val = NULL;
	size_t len = 0, n;
	long line = node_line(f);
	int rc = -1;

	fname = xmlGetNoNsProp(f, BAD_CAST "name");
	if (!name_ok((const char *)fname, "_", XMLIN_NAME_MAX)) {
		fail(err, "E-XML-SCHEMA", name, line,
		    "<field> needs a name attribute like \"nama_lengkap\"");
		goto out;
	}
	if (json_object_get(fields, (const char *)fname) != NULL) {
		fail(err, "E-XML-DUPLICATE-FIELD", name, line,
		    "field \"%s\" given twice", (const char *)fname);
		goto out;
	}
	if (json_object_size(fields) >= XMLIN_MAX_FIELDS) {
		fail(err, "E-XML-TOO-MANY", name, line,
		    "more than %u fields", XMLIN_MAX_FIELDS);
		goto out;
	}
	for (t = f->children; t != NULL; t = t->next) {
		if (t->type == XML_COMMENT_NODE || t->type == XML_PI_NODE)
			continue;
		if (t->type != XML_TEXT_NODE &&
		    t->type != XML_CDATA_SECTION_NODE) {
			fail(err, "E-XML-SCHEMA", name, line,
			    "field \"%s\" holds markup, not just text",
			    (const char *)fname);
			goto out;
		}
		n = t->content ? strlen((const char *)t->content) : 0;
		if (n > XMLIN_MAX_VALUE - len) {
			fail(err, "E-XML-VALUE-TOO-LONG", name, line,
			    "field \"%s\" is longer than %u bytes",
			    (const char *)fname, XMLIN_MAX_VALUE);
			goto out;
		}
		len += n;
	}
	if ((val = malloc(len + 1)) == NULL) {
		fail(err, "E-SYSTEM", name, line, "out of memory");
		goto out;
	}
	len = 0;
	for (t = f->children; t != NULL; t = t->next) {
		if (t->type != XML_TEXT_NODE &&
		    t->type != XML_CDATA_SECTION_NODE)
			continue;
		n = t->content ? strlen((const char *)t->content) : 0;
		memcpy(val + len, t->content, n);
		len += n;
	}
	val[len] = '\0';
	if ((v = json_stringn(val, len)) == NULL) {
		fail(err, "E-XML-ENCODING", name, line,
		    "field \"%s\" is not valid UTF-8", (const char *)fname);
		goto out;
	}
	if (json_object_set_new(fields, (const char *)fname, v) != 0) {
		fail(err, "E-SYSTEM", name, line, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(val);
	xmlFree(fname);
	return rc;
}

/*
 * A <document> or a <member> into {"line","fields"[,"members"]}; members
 * are allowed only when allow_members.
 */
static json_t *
read_block(const xmlNode *d, int allow_members, const char *name,
    sg_err *err)
{
	json_t *obj = NULL, *fields = NULL, *members = NULL, *m;
	const xmlNode *n;
	int ok = 0;

	obj = json_object();
	fields = json_object();
	if (obj == NULL || fields == NULL ||
	    json_object_set_new(obj, "line", json_integer(node_line(d))) ||
	    json_object_set(obj, "fields", fields)) {
		fail(err, "E-SYSTEM", name, node_line(d), "out of memory");
		goto out;
	}
	for (n = d->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) {
			if (check_between(n, name, err) != 0)
				goto out;
		} else if (is_ours(n, "field")) {
			if (read_field(n, fields, name, err) != 0)
				goto out;
		} else if (allow_members && is_ours(n, "member")) {
			if (members == NULL &&
			    ((members = json_array()) == NULL ||
			    json_object_set(obj, "members", members))) {
				fail(err, "E-SYSTEM", name, node_line(n),
				    "out of memory");
				goto out;
			}
			if (json_array_size(members) >= XMLIN_MAX_MEMBERS) {
				fail(err, "E-XML-TOO-MANY", name,
				    node_line(n), "more than %u members",
				    XMLIN_MAX_MEMBERS);
				goto out;
			}
			if ((m = read_block(n, 0, name, err)) == NULL)
				goto out;
			if (json_array_append_new(members, m)) {
				fail(err, "E-SYSTEM", name, node_line(n),
				    "out of memory");
				goto out;
			}
		} else {
			fail(err, "E-XML-SCHEMA", name, node_line(n),
			    "unexpected element <%s> in <%s>",
			    (const char *)n->name, (const char *)d->name);
			goto out;
		}
	}
	if (!allow_members && json_object_size(fields) == 0) {
		fail(err, "E-XML-SCHEMA", name, node_line(d),
		    "<member> without fields");
		goto out;
	}
	ok = 1;
out:
	json_decref(fields);
	json_decref(members);
	if (!ok) {
		json_decref(obj);
		obj = NULL;
	}
	return obj;
}

/* The validated tree into the JSON the header describes. */
static json_t *
convert(xmlDocPtr doc, const char *name, sg_err *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	json_t *out = NULL, *docs = NULL, *d;
	xmlChar *type = NULL;
	const xmlNode *n;
	int ok = 0;

	if (root == NULL || !is_ours(root, "submission")) {
		fail(err, "E-XML-SCHEMA", name, node_line(root),
		    "the root element must be <submission xmlns=\"%s\">",
		    XMLIN_NS);
		goto out;
	}
	type = xmlGetNoNsProp(root, BAD_CAST "type");
	if (!name_ok((const char *)type, "-", XMLIN_TYPE_MAX)) {
		fail(err, "E-XML-SCHEMA", name, node_line(root),
		    "<submission> needs a type attribute like \"kk\"");
		goto out;
	}
	out = json_object();
	docs = json_array();
	if (out == NULL || docs == NULL ||
	    json_object_set_new(out, "type", json_string((char *)type)) ||
	    json_object_set_new(out, "line", json_integer(node_line(root))) ||
	    json_object_set(out, "documents", docs)) {
		fail(err, "E-SYSTEM", name, 0, "out of memory");
		goto out;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE) {
			if (check_between(n, name, err) != 0)
				goto out;
			continue;
		}
		if (!is_ours(n, "document")) {
			fail(err, "E-XML-SCHEMA", name, node_line(n),
			    "unexpected element <%s> in <submission>",
			    (const char *)n->name);
			goto out;
		}
		if ((d = read_block(n, 1, name, err)) == NULL)
			goto out;
		if (json_array_append_new(docs, d)) {
			fail(err, "E-SYSTEM", name, node_line(n),
			    "out of memory");
			goto out;
		}
	}
	ok = 1;
out:
	xmlFree(type);
	json_decref(docs);
	if (!ok) {
		json_decref(out);
		out = NULL;
	}
	return out;
}

json_t *
xmlin_load_mem(const char *buf, size_t len, const char *name,
    const char *xsd_path, sg_err *err)
{
	xmlSchemaPtr schema = NULL;
	xmlDocPtr doc = NULL;
	json_t *out = NULL;
	struct handlers h;
	struct catch c;
	int owned = 0, caught = 0;

	if (name == NULL)
		name = "<memory>";
	if (len > XMLIN_MAX_BYTES) {
		fail(err, "E-XML-TOO-BIG", name, 0,
		    "file is %zu bytes, more than the %u a submission may have",
		    len, XMLIN_MAX_BYTES);
		goto out;
	}
	xmlInitParser();
	if (xsd_path != NULL &&
	    (schema = schema_get(xsd_path, &owned, err)) == NULL)
		goto out;

	memset(&c, 0, sizeof c);
	handlers_catch(&h, &c);
	caught = 1;
	if ((doc = parse(buf, len, name, &c, err)) == NULL)
		goto out;
	if (schema != NULL && validate(schema, doc, name, &c, err) != 0)
		goto out;
	out = convert(doc, name, err);
out:
	if (caught)
		handlers_restore(&h);
	xmlFreeDoc(doc);
	if (owned)
		xmlSchemaFree(schema);
	return out;
}

json_t *
xmlin_load(const char *path, const char *xsd_path, sg_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	json_t *out = NULL;

	/* A pipe the user named is read (a submission may come through one). */
	if (file_read_all(path, XMLIN_MAX_BYTES, FILE_ANY_KIND, "E-XML-TOO-BIG",
	    &buf, &len, err) == 0)
		out = xmlin_load_mem(buf, len, path, xsd_path, err);
	free(buf);
	return out;
}
