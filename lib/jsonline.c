/*
 * jsonline.c - fast JSON Lines reading and writing on jansson trees
 * (jsonline.h).  Anything unusual is left to the caller's jansson.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonline.h"
#include "text.h"

#define JL_MAX_DEPTH 64

struct jl_parser {
	const char *p, *end;
	char *tmp;      /* unescaped strings */
	size_t tmp_cap;
	int depth;
};

static json_t *jl_value(struct jl_parser *ps);

static void
jl_ws(struct jl_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
jl_hex4(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * A string at ps->p (just after the quote): its bytes in *s, *len.  They
 * point into the line when there is no escape, else into ps->tmp.
 */
static int
jl_string(struct jl_parser *ps, const char **s, size_t *len)
{
	const char *start = ps->p, *q;
	size_t n = 0;
	unsigned long cp, lo;

	for (q = start; q < ps->end; q++) {
		unsigned char c = (unsigned char)*q;

		if (c == '"') {
			*s = start;
			*len = (size_t)(q - start);
			ps->p = q + 1;
			return 0;
		}
		if (c == '\\')
			break;
		if (c < 0x20)
			return -1;
	}
	if (q >= ps->end)
		return -1;
	/* escapes: unescape into tmp, which the line's length bounds */
	if ((size_t)(ps->end - start) + 1 > ps->tmp_cap) {
		char *t = realloc(ps->tmp, (size_t)(ps->end - start) + 1);

		if (t == NULL)
			return -1;
		ps->tmp = t;
		ps->tmp_cap = (size_t)(ps->end - start) + 1;
	}
	memcpy(ps->tmp, start, (size_t)(q - start));
	n = (size_t)(q - start);
	while (q < ps->end) {
		unsigned char c = (unsigned char)*q;

		if (c == '"') {
			*s = ps->tmp;
			*len = n;
			ps->p = q + 1;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			ps->tmp[n++] = (char)c;
			q++;
			continue;
		}
		if (q + 1 >= ps->end)
			return -1;
		switch (q[1]) {
		case '"': ps->tmp[n++] = '"'; break;
		case '\\': ps->tmp[n++] = '\\'; break;
		case '/': ps->tmp[n++] = '/'; break;
		case 'b': ps->tmp[n++] = '\b'; break;
		case 'f': ps->tmp[n++] = '\f'; break;
		case 'n': ps->tmp[n++] = '\n'; break;
		case 'r': ps->tmp[n++] = '\r'; break;
		case 't': ps->tmp[n++] = '\t'; break;
		case 'u':
			if (ps->end - q < 6 || jl_hex4(q + 2, &cp) != 0 ||
			    cp == 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - q < 12 || q[6] != '\\' ||
				    q[7] != 'u' || jl_hex4(q + 8, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				q += 6;
			}
			/* \uXXXX is 6 bytes, its UTF-8 at most 4 */
			n += text_utf8_put(ps->tmp + n, cp);
			q += 4;
			break;
		default:
			return -1;
		}
		q += 2;
	}
	return -1;
}

static json_t *
jl_number(struct jl_parser *ps)
{
	const char *q = ps->p;
	long long v = 0;
	int neg = 0, digits = 0;

	if (q < ps->end && *q == '-') {
		neg = 1;
		q++;
	}
	if (q < ps->end && *q == '0') {
		q++;
		digits = 1;
	} else {
		while (q < ps->end && *q >= '0' && *q <= '9' && digits < 18) {
			v = v * 10 + (*q++ - '0');
			digits++;
		}
	}
	/* reals, long integers and bad numbers are jansson's */
	if (digits == 0 || (q < ps->end && ((*q >= '0' && *q <= '9') ||
	    *q == '.' || *q == 'e' || *q == 'E')))
		return NULL;
	ps->p = q;
	return json_integer(neg ? -v : v);
}

static json_t *
jl_object(struct jl_parser *ps)
{
	json_t *obj, *val;
	const char *k;
	size_t klen, before;
	char kbuf[256];

	if ((obj = json_object()) == NULL)
		return NULL;
	jl_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		jl_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			goto fail;
		ps->p++;
		if (jl_string(ps, &k, &klen) != 0 || klen >= sizeof kbuf)
			goto fail;
		memcpy(kbuf, k, klen);
		kbuf[klen] = '\0';
		jl_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			goto fail;
		ps->p++;
		if ((val = jl_value(ps)) == NULL)
			goto fail;
		before = json_object_size(obj);
		if (json_object_set_new_nocheck(obj, kbuf, val) != 0 ||
		    json_object_size(obj) == before)
			goto fail; /* a duplicate key: jansson's error */
		jl_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		goto fail;
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *
jl_array(struct jl_parser *ps)
{
	json_t *arr, *val;

	if ((arr = json_array()) == NULL)
		return NULL;
	jl_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		if ((val = jl_value(ps)) == NULL ||
		    json_array_append_new(arr, val) != 0)
			goto fail;
		jl_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		goto fail;
	}
fail:
	json_decref(arr);
	return NULL;
}

static int
jl_word(struct jl_parser *ps, const char *w, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

static json_t *
jl_value(struct jl_parser *ps)
{
	const char *s;
	size_t len;
	json_t *v = NULL;

	jl_ws(ps);
	if (ps->p >= ps->end)
		return NULL;
	if (++ps->depth > JL_MAX_DEPTH)
		return NULL;
	switch (*ps->p) {
	case '{':
		ps->p++;
		v = jl_object(ps);
		break;
	case '[':
		ps->p++;
		v = jl_array(ps);
		break;
	case '"':
		ps->p++;
		if (jl_string(ps, &s, &len) == 0)
			v = json_stringn_nocheck(s, len);
		break;
	case 't':
		if (jl_word(ps, "true", 4) == 0)
			v = json_true();
		break;
	case 'f':
		if (jl_word(ps, "false", 5) == 0)
			v = json_false();
		break;
	case 'n':
		if (jl_word(ps, "null", 4) == 0)
			v = json_null();
		break;
	default:
		v = jl_number(ps);
		break;
	}
	ps->depth--;
	return v;
}

json_t *
jsonline_parse(const char *buf, size_t len)
{
	static _Thread_local char *tmp;
	static _Thread_local size_t tmp_cap;
	struct jl_parser ps;
	json_t *v = NULL;

	ps.p = buf;
	ps.end = buf + len;
	ps.tmp = tmp;
	ps.tmp_cap = tmp_cap;
	ps.depth = 0;
	jl_ws(&ps);
	if (ps.p < ps.end && *ps.p == '{' && text_is_utf8(buf, len)) {
		ps.p++;
		ps.depth = 1;
		v = jl_object(&ps);
		jl_ws(&ps);
		if (v != NULL && ps.p != ps.end) {
			json_decref(v);
			v = NULL;
		}
	}
	tmp = ps.tmp;
	tmp_cap = ps.tmp_cap;
	return v;
}

/* ---- writing ---- */

static int
jl_put_string(sg_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
	size_t i, start = 0;
	char *o;

	/* worst case every byte becomes \u00XX */
	if (sg_buf_reserve(b, len * 6 + 2) != 0)
		return -1;
	o = b->p + b->len;
	*o++ = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		memcpy(o, s + start, i - start);
		o += i - start;
		start = i + 1;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	memcpy(o, s + start, len - start);
	o += len - start;
	*o++ = '"';
	b->len = (size_t)(o - b->p);
	return 0;
}

static int
jl_dump_cb(const char *s, size_t n, void *data)
{
	return sg_buf_add(data, s, n);
}

static int
jl_dump(const json_t *v, sg_buf *b, int depth)
{
	const char *key;
	json_t *val;
	size_t i, first = 1;

	if (depth > JL_MAX_DEPTH * 4)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (sg_buf_add(b, "{", 1) != 0)
			return -1;
		json_object_foreach((json_t *)v, key, val) {
			if ((!first && sg_buf_add(b, ",", 1) != 0) ||
			    jl_put_string(b, key, strlen(key)) != 0 ||
			    sg_buf_add(b, ":", 1) != 0 ||
			    jl_dump(val, b, depth + 1) != 0)
				return -1;
			first = 0;
		}
		return sg_buf_add(b, "}", 1);
	case JSON_ARRAY:
		if (sg_buf_add(b, "[", 1) != 0)
			return -1;
		for (i = 0; i < json_array_size(v); i++)
			if ((i > 0 && sg_buf_add(b, ",", 1) != 0) ||
			    jl_dump(json_array_get(v, i), b, depth + 1) != 0)
				return -1;
		return sg_buf_add(b, "]", 1);
	case JSON_STRING:
		return jl_put_string(b, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return sg_buf_addf(b, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	case JSON_TRUE:
		return sg_buf_add(b, "true", 4);
	case JSON_FALSE:
		return sg_buf_add(b, "false", 5);
	case JSON_NULL:
		return sg_buf_add(b, "null", 4);
	default: /* reals: jansson's own formatting */
		return json_dump_callback(v, jl_dump_cb, b, JSON_COMPACT |
		    JSON_ENCODE_ANY);
	}
}

int
jsonline_dump(const json_t *rec, sg_buf *b)
{
	size_t n0 = b->len;

	if (jl_dump(rec, b, 0) != 0 || sg_buf_add(b, "\n", 1) != 0) {
		sg_buf_truncate(b, n0);
		return -1;
	}
	return 0;
}
