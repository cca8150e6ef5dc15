#include "seal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "base45.h"
#include "buf.h"
#include "text.h"

/* ---- writing ------------------------------------------------------------ */

static void
put_u8(sg_buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	sg_buf_add(b, &c, 1);
}

static void
put_uv(sg_buf *b, uint32_t v)
{
	do {
		put_u8(b, (v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v != 0);
}

static void
put_sv(sg_buf *b, int32_t v)
{
	put_uv(b, ((uint32_t)v << 1) ^ (uint32_t)(v >> 31));
}

static void
put_str(sg_buf *b, const char *s)
{
	size_t n = strlen(s);

	put_uv(b, (uint32_t)n);
	sg_buf_add(b, s, n);
}

/* The encoding of one present field; -1 with err when it cannot be. */
static int
put_field(sg_buf *b, const doctype_field *f, const codetab_set *codes,
    const char *v, const char *path, sg_err *err)
{
	sg_date dt;
	uint64_t n = 0;
	unsigned char nb[7];
	const codetab *tab;
	char *end;
	long l;
	int code, i;

	switch (f->type) {
	case FT_NIK:
	case FT_KK:
		if (strlen(v) != 16 || strspn(v, "0123456789") != 16)
			goto bad;
		for (i = 0; i < 16; i++)
			n = n * 10 + (uint64_t)(v[i] - '0');
		for (i = 6; i >= 0; i--) {
			nb[i] = (unsigned char)(n & 0xff);
			n >>= 8;
		}
		sg_buf_add(b, nb, 7);
		return 0;
	case FT_DATE:
		if (date_parse_iso(v, &dt) != 0)
			goto bad;
		put_sv(b, (int32_t)date_to_days(dt));
		return 0;
	case FT_CODE:
		tab = codetab_find(codes, f->table);
		if (tab == NULL || codetab_lookup(tab, v, &code) == NULL ||
		    code < 0)
			goto bad;
		put_uv(b, (uint32_t)code);
		return 0;
	case FT_INTEGER:
		l = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || l < -1000000000L ||
		    l > 1000000000L)
			goto bad;
		put_sv(b, (int32_t)l);
		return 0;
	default:
		put_str(b, v);
		return 0;
	}
bad:
	sg_err_set(err, "E-SEAL-FIELD", path, "%s: \"%s\" cannot go into the "
	    "seal as a %s", f->label, v, f->type == FT_CODE ? "code of table "
	    "the type names" : "value of its type");
	return -1;
}

/* A field group: presence bitmap, then the present fields. */
static int
put_group(sg_buf *b, const doctype *t, int member,
    const codetab_set *codes, const json_t *obj, const char *prefix,
    sg_err *err)
{
	size_t n = doctype_seal_count(t, member), i, nbytes = (n + 7) / 8;
	unsigned char bits[32] = { 0 };
	const doctype_field *f;
	const json_t *j;
	const char *v;
	char path[128];

	if (nbytes > sizeof bits)
		return -1;
	for (i = 0; i < n; i++) {
		f = doctype_seal_at(t, member, i);
		j = json_object_get(obj, f->name);
		v = json_string_value(j);
		/* never a value cut short or dropped: text, whole, or none */
		if ((j != NULL && !json_is_null(j) && v == NULL) ||
		    (v != NULL && strlen(v) != json_string_length(j))) {
			snprintf(path, sizeof path, "%s%s", prefix, f->name);
			sg_err_set(err, "E-SEAL-FIELD", path, "%s: %s cannot go "
			    "into the seal", f->label, v == NULL ? "a value "
			    "that is not text" : "text holding a NUL character");
			return -1;
		}
		if (v != NULL && *v != '\0')
			bits[i / 8] |= (unsigned char)(1u << (i % 8));
	}
	sg_buf_add(b, bits, nbytes);
	for (i = 0; i < n; i++) {
		if (!(bits[i / 8] & (1u << (i % 8))))
			continue;
		f = doctype_seal_at(t, member, i);
		v = json_string_value(json_object_get(obj, f->name));
		snprintf(path, sizeof path, "%s%s", prefix, f->name);
		if (put_field(b, f, codes, v, path, err) != 0)
			return -1;
	}
	return 0;
}

static int
encode_body(sg_buf *b, const doctype *t, const codetab_set *codes,
    const json_t *fields, sg_err *err)
{
	const json_t *list, *m;
	char prefix[64];
	size_t i, max;

	if (put_group(b, t, 0, codes, fields, "", err) != 0)
		return -1;
	if (!doctype_seal_members(t))
		return 0;
	list = json_object_get(fields, doctype_members_name(t));
	max = doctype_members_max(t);
	if (max != 0 && json_array_size(list) > max) {
		sg_err_set(err, "E-SEAL-FIELD", doctype_members_name(t),
		    "%zu members, more than the seal holds (%zu)",
		    json_array_size(list), max);
		return -1;
	}
	put_uv(b, (uint32_t)json_array_size(list));
	json_array_foreach(list, i, m) {
		snprintf(prefix, sizeof prefix, "%s[%zu].",
		    doctype_members_name(t), i);
		if (put_group(b, t, 1, codes, m, prefix, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * Raw deflate of in into out.  Setting up a deflate stream costs more than
 * compressing a seal, so one stream lives for each thread and is reset
 * (segel-sign deflates on its signing thread; seal_thread_end()).
 */
static _Thread_local z_stream dz;
static _Thread_local int dz_ready;

static int
deflate_raw(const unsigned char *in, size_t n, sg_buf *out)
{
	size_t bound;
	int rc;

	if (!dz_ready) {
		if (deflateInit2(&dz, 9, Z_DEFLATED, -15, 2,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return -1;
		dz_ready = 1;
	} else if (deflateReset(&dz) != Z_OK)
		return -1;
	bound = deflateBound(&dz, (uLong)n);
	if (sg_buf_reserve(out, bound) != 0)
		return -1;
	dz.next_in = (unsigned char *)in;
	dz.avail_in = (uInt)n;
	dz.next_out = (unsigned char *)out->p + out->len;
	dz.avail_out = (uInt)bound;
	rc = deflate(&dz, Z_FINISH);
	out->len += bound - dz.avail_out;
	return rc == Z_STREAM_END ? 0 : -1;
}

void
seal_thread_end(void)
{
	if (dz_ready)
		deflateEnd(&dz);
	dz_ready = 0;
}

/* The header and the body (deflated when that is shorter): what is
 * signed.  h->flags is set here. */
static int
signed_bytes(seal_header *h, const unsigned char *body, size_t len,
    sg_buf *all)
{
	sg_buf packed = { 0 };
	int deflated = 0;

	if (deflate_raw(body, len, &packed) == 0 && packed.len < len)
		deflated = 1;
	h->flags = (deflated ? SEAL_FLAG_DEFLATE : 0) | ((int)h->alg << 1);
	put_u8(all, (unsigned)h->version);
	put_u8(all, (unsigned)h->flags);
	put_u8(all, (unsigned)h->type_code);
	put_u8(all, (unsigned)h->type_version);
	put_str(all, h->issuer);
	sg_buf_add(all, h->kid, KID_LEN);
	put_str(all, h->number);
	put_sv(all, (int32_t)date_to_days(h->issued));
	if (deflated)
		sg_buf_add(all, packed.p, packed.len);
	else
		sg_buf_add(all, body, len);
	sg_buf_free(&packed);
	return all->err != 0 ? -1 : 0;
}

/* signed_bytes, and the seal they make no bigger than a seal may be. */
static int
signed_fit(seal_header *h, const unsigned char *body, size_t len,
    sg_buf *all, sg_err *err)
{
	if (signed_bytes(h, body, len, all) != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	if (all->len + SIG_LEN > SEAL_MAX_BYTES) {
		sg_err_set(err, "E-SEAL-TOO-BIG", NULL, "the seal would have "
		    "%zu bytes, more than %u", all->len + SIG_LEN,
		    SEAL_MAX_BYTES);
		return -1;
	}
	return 0;
}

int
seal_body(const doctype *t, const codetab_set *codes, const json_t *fields,
    seal_header *h, enum sig_alg alg, unsigned char **body, size_t *len,
    sg_err *err)
{
	sg_buf b = { 0 }, all = { 0 };
	size_t most;
	int rc = -1;

	*body = NULL;
	*len = 0;
	if (doctype_seal_code(t) == 0) {
		sg_err_set(err, "E-SEAL-TYPE", NULL, "document type %s has no "
		    "seal field list", doctype_id(t));
		return -1;
	}
	if (encode_body(&b, t, codes, fields, err) != 0)
		goto out;
	if (b.err != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	h->version = SEAL_VERSION;
	h->alg = alg;
	h->type_code = doctype_seal_code(t);
	h->type_version = doctype_seal_version(t);
	/* the header is at most 4 + 5 + 31 + 8 + 5 + 63 + 5 bytes */
	most = 4 + 5 + strlen(h->issuer) + KID_LEN + 5 + strlen(h->number) +
	    5 + b.len + SIG_LEN;
	/* too big as it is: whether deflating saves it */
	if (most > SEAL_MAX_BYTES && signed_fit(h, (unsigned char *)b.p,
	    b.len, &all, err) != 0)
		goto out;
	*body = sg_buf_take(&b, len);
	rc = 0;
out:
	sg_buf_free(&b);
	sg_buf_free(&all);
	return rc;
}

int
seal_sign_body(seal_header *h, const unsigned char *body, size_t len,
    sign_key *k, char **text, sg_err *err)
{
	sg_buf all = { 0 };
	unsigned char sig[SIG_LEN];
	size_t plen = sizeof SEAL_PREFIX - 1;
	int rc = -1;

	*text = NULL;
	if (signed_fit(h, body, len, &all, err) != 0)
		goto out;
	if (key_sign(k, (unsigned char *)all.p, all.len, sig, err) != 0)
		goto out;
	sg_buf_add(&all, sig, SIG_LEN);
	if (all.err != 0 || (*text = malloc(plen +
	    base45_encoded_len(all.len) + 1)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	memcpy(*text, SEAL_PREFIX, plen);
	base45_encode((unsigned char *)all.p, all.len, *text + plen);
	rc = 0;
out:
	sg_buf_free(&all);
	return rc;
}

int
seal_make(const doctype *t, const codetab_set *codes, const json_t *fields,
    seal_header *h, sign_key *k, char **text, sg_err *err)
{
	unsigned char *body = NULL;
	size_t len;
	int rc;

	*text = NULL;
	rc = seal_body(t, codes, fields, h, key_alg(k), &body, &len, err);
	if (rc == 0)
		rc = seal_sign_body(h, body, len, k, text, err);
	free(body);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

struct rd {
	const unsigned char *p;
	size_t len, off;
	int bad;
};

static unsigned
get_u8(struct rd *r)
{
	if (r->off >= r->len) {
		r->bad = 1;
		return 0;
	}
	return r->p[r->off++];
}

static uint32_t
get_uv(struct rd *r)
{
	uint32_t v = 0;
	unsigned c, shift = 0;
	int i;

	for (i = 0; i < 5; i++) {
		c = get_u8(r);
		if (r->bad)
			return 0;
		if (i == 4 && c > 0x0f) {
			r->bad = 1;
			return 0;
		}
		v |= (uint32_t)(c & 0x7f) << shift;
		shift += 7;
		if (!(c & 0x80)) {
			if (c == 0 && i > 0)
				r->bad = 1; /* not minimal */
			return v;
		}
	}
	r->bad = 1;
	return 0;
}

static int32_t
get_sv(struct rd *r)
{
	uint32_t u = get_uv(r);

	return (int32_t)((u >> 1) ^ (~(u & 1) + 1));
}

/* A length-prefixed UTF-8 string into out (NUL-ended); bad on overflow. */
static void
get_str(struct rd *r, char *out, size_t outsz)
{
	uint32_t n = get_uv(r);

	if (r->bad || n > r->len - r->off || n >= outsz ||
	    memchr(r->p + r->off, '\0', n) != NULL ||
	    !text_is_utf8((const char *)r->p + r->off, n)) {
		r->bad = 1;
		out[0] = '\0';
		return;
	}
	memcpy(out, r->p + r->off, n);
	out[n] = '\0';
	r->off += n;
}

void
seal_parsed_clear(seal_parsed *p)
{
	if (p == NULL)
		return;
	free(p->bytes);
	memset(p, 0, sizeof *p);
}

int
seal_unpack(const char *text, size_t len, seal_parsed *p, sg_err *err)
{
	size_t plen = sizeof SEAL_PREFIX - 1;
	struct rd r = { 0 };
	long n;

	memset(p, 0, sizeof *p);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len < plen || memcmp(text, SEAL_PREFIX, plen) != 0) {
		sg_err_set(err, "R-MALFORMED", NULL, "this is not a segel seal "
		    "(it does not start with %s)", SEAL_PREFIX);
		return -1;
	}
	text += plen;
	len -= plen;
	if (len > SEAL_MAX_BYTES * 3 / 2 + 2) {
		sg_err_set(err, "R-MALFORMED", NULL, "the seal is too long");
		return -1;
	}
	if ((p->bytes = malloc(len * 2 / 3 + 2)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	if ((n = base45_decode(text, len, p->bytes)) < 0) {
		sg_err_set(err, "R-MALFORMED", NULL, "the seal text is damaged "
		    "(not valid base45)");
		goto bad;
	}
	p->len = (size_t)n;
	if (p->len < SIG_LEN + 16) {
		sg_err_set(err, "R-MALFORMED", NULL, "the seal is too short");
		goto bad;
	}
	p->signed_len = p->len - SIG_LEN;
	p->sig = p->bytes + p->signed_len;
	r.p = p->bytes;
	r.len = p->signed_len;
	p->h.version = (int)get_u8(&r);
	p->h.flags = (int)get_u8(&r);
	p->h.alg = (enum sig_alg)((p->h.flags >> 1) & 7);
	p->h.type_code = (int)get_u8(&r);
	p->h.type_version = (int)get_u8(&r);
	get_str(&r, p->h.issuer, sizeof p->h.issuer);
	if (!r.bad && r.len - r.off >= KID_LEN) {
		memcpy(p->h.kid, r.p + r.off, KID_LEN);
		r.off += KID_LEN;
	} else
		r.bad = 1;
	get_str(&r, p->h.number, sizeof p->h.number);
	p->h.issued = date_from_days(get_sv(&r));
	if (r.bad || p->h.version != SEAL_VERSION ||
	    (p->h.flags & ~(SEAL_FLAG_DEFLATE | 0x0e)) != 0 ||
	    p->h.alg > SIG_ED25519) {
		sg_err_set(err, "R-MALFORMED", NULL, "the seal header is not "
		    "one this program reads (version %d)", p->h.version);
		goto bad;
	}
	p->body_off = r.off;
	return 0;
bad:
	seal_parsed_clear(p);
	return -1;
}

static int
get_field(struct rd *r, const doctype_field *f, const codetab_set *codes,
    json_t *obj)
{
	char s[1024];
	uint64_t n = 0;
	int i;
	const char *name;
	sg_date dt;

	switch (f->type) {
	case FT_NIK:
	case FT_KK:
		for (i = 0; i < 7; i++)
			n = (n << 8) | get_u8(r);
		if (r->bad || n >= 10000000000000000ULL)
			return -1;
		snprintf(s, sizeof s, "%016llu", (unsigned long long)n);
		break;
	case FT_DATE:
		dt = date_from_days(get_sv(r));
		if (r->bad || !date_valid(dt.y, dt.m, dt.d))
			return -1;
		date_format_iso(dt, s);
		break;
	case FT_CODE:
		n = get_uv(r);
		name = r->bad ? NULL : codetab_name(codetab_find(codes,
		    f->table), (int)n);
		if (name == NULL)
			return -1;
		snprintf(s, sizeof s, "%s", name);
		break;
	case FT_INTEGER:
		snprintf(s, sizeof s, "%ld", (long)get_sv(r));
		break;
	default:
		get_str(r, s, sizeof s);
		break;
	}
	if (r->bad)
		return -1;
	return json_object_set_new(obj, f->name, json_string(s));
}

static json_t *
get_group(struct rd *r, const doctype *t, int version, int member,
    const codetab_set *codes)
{
	size_t n = doctype_seal_count_v(t, version, member), i;
	size_t nbytes = (n + 7) / 8;
	unsigned char bits[32];
	json_t *obj;

	if (nbytes > sizeof bits || nbytes > r->len - r->off)
		return NULL;
	memcpy(bits, r->p + r->off, nbytes);
	r->off += nbytes;
	for (i = n; i < nbytes * 8; i++)
		if (bits[i / 8] & (1u << (i % 8)))
			return NULL; /* unused bits must be 0 */
	if ((obj = json_object()) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((bits[i / 8] & (1u << (i % 8))) &&
		    get_field(r, doctype_seal_at_v(t, version, member, i), codes,
		    obj) != 0) {
			json_decref(obj);
			return NULL;
		}
	return obj;
}

static int
inflate_raw(const unsigned char *in, size_t n, unsigned char *out,
    size_t cap, size_t *outlen)
{
	static z_stream z;
	static int ready;
	int rc;

	if (!ready) {
		if (inflateInit2(&z, -15) != Z_OK)
			return -1;
		ready = 1;
	} else if (inflateReset(&z) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	rc = inflate(&z, Z_FINISH);
	*outlen = cap - z.avail_out;
	/* all input consumed, stream ended, output within the cap */
	return rc == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

int
seal_decode_body(const seal_parsed *p, const doctype_set *types,
    const codetab_set *codes, const doctype **tp, json_t **fields,
    sg_err *err)
{
	unsigned char *inflated = NULL;
	const doctype *t = NULL;
	json_t *obj = NULL, *list = NULL, *m;
	struct rd r = { 0 };
	size_t i, count, olen;
	int rc = -1;

	*fields = NULL;
	for (i = 0; i < doctype_set_count(types); i++)
		if (doctype_seal_code(doctype_set_at(types, i)) ==
		    p->h.type_code)
			t = doctype_set_at(types, i);
	/* any version the type file still lists, not only the newest */
	if (t == NULL || !doctype_seal_has_version(t, p->h.type_version)) {
		sg_err_set(err, "R-MALFORMED", NULL, "the seal is of document "
		    "type %d version %d, which this program does not know",
		    p->h.type_code, p->h.type_version);
		return -1;
	}
	r.p = p->bytes + p->body_off;
	r.len = p->signed_len - p->body_off;
	if (p->h.flags & SEAL_FLAG_DEFLATE) {
		if ((inflated = malloc(SEAL_MAX_BODY)) == NULL) {
			sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
			return -1;
		}
		if (inflate_raw(r.p, r.len, inflated, SEAL_MAX_BODY,
		    &olen) != 0)
			goto bad;
		r.p = inflated;
		r.len = olen;
	}
	if ((obj = get_group(&r, t, p->h.type_version, 0, codes)) == NULL)
		goto bad;
	if (doctype_seal_members_v(t, p->h.type_version)) {
		count = get_uv(&r);
		if (r.bad || (doctype_members_max(t) != 0 &&
		    count > doctype_members_max(t)) || count > r.len)
			goto bad;
		list = json_array();
		for (i = 0; i < count; i++) {
			if ((m = get_group(&r, t, p->h.type_version, 1,
			    codes)) == NULL)
				goto bad;
			json_array_append_new(list, m);
		}
		json_object_set_new(obj, doctype_members_name(t), list);
		list = NULL;
	}
	if (r.bad || r.off != r.len)
		goto bad;
	*tp = t;
	*fields = obj;
	obj = NULL;
	rc = 0;
	goto out;
bad:
	sg_err_set(err, "R-MALFORMED", NULL, "the seal's data is damaged or "
	    "not what its document type says");
out:
	json_decref(obj);
	json_decref(list);
	free(inflated);
	return rc;
}

/* One field's encoding, or -1 when absent, empty or not encodable. */
static int
field_bytes(sg_buf *b, const doctype_field *f, const codetab_set *codes,
    const json_t *obj)
{
	const char *v = json_string_value(json_object_get(obj, f->name));
	sg_err e;

	sg_buf_reset(b);
	if (v == NULL || *v == '\0')
		return 0;
	return put_field(b, f, codes, v, f->name, &e) == 0 && b->err == 0 ?
	    1 : -1;
}

static int
group_differs(const doctype *t, int version, int member,
    const codetab_set *codes, const json_t *a, const json_t *b,
    const char *prefix, char *path, size_t sz)
{
	sg_buf x = { 0 }, y = { 0 };
	const doctype_field *f;
	size_t i;
	int rx, ry, differ = 0;

	for (i = 0; i < doctype_seal_count_v(t, version, member) && !differ;
	    i++) {
		f = doctype_seal_at_v(t, version, member, i);
		rx = field_bytes(&x, f, codes, a);
		ry = field_bytes(&y, f, codes, b);
		if (rx != ry || rx < 0 || x.len != y.len ||
		    (x.len > 0 && memcmp(x.p, y.p, x.len) != 0)) {
			snprintf(path, sz, "%s%s", prefix, f->name);
			differ = 1;
		}
	}
	sg_buf_free(&x);
	sg_buf_free(&y);
	return differ;
}

int
seal_fields_differ(const doctype *t, int version, const codetab_set *codes,
    const json_t *a, const json_t *b, char *path, size_t sz)
{
	const char *mname = doctype_members_name(t);
	const json_t *la, *lb;
	char prefix[96];
	size_t i;

	if (group_differs(t, version, 0, codes, a, b, "", path, sz))
		return 1;
	if (!doctype_seal_members_v(t, version))
		return 0;
	la = json_object_get(a, mname);
	lb = json_object_get(b, mname);
	if (json_array_size(la) != json_array_size(lb)) {
		snprintf(path, sz, "%s", mname);
		return 1;
	}
	for (i = 0; i < json_array_size(la); i++) {
		snprintf(prefix, sizeof prefix, "%s[%zu].", mname, i);
		if (group_differs(t, version, 1, codes, json_array_get(la, i),
		    json_array_get(lb, i), prefix, path, sz))
			return 1;
	}
	return 0;
}
