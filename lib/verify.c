#include "verify.h"
#include "text.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "keys.h"
#include "region.h"
#include "scan.h"
#include "trust.h"

#define STATUS_MAX_BYTES (64u << 20)

struct verifier {
	trust_store *ts;
	const doctype_set *types;
	const codetab_set *codes;
	json_t *status;   /* number -> {"state","by","date","issuer"} */
};

static void
say(verdict *d, const char *code, const char *fmt, ...)
{
	va_list ap;

	snprintf(d->code, sizeof d->code, "%s", code);
	va_start(ap, fmt);
	text_vformat(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
}

static int
hexbyte(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 2; i++) {
		v <<= 4;
		if (s[i] >= '0' && s[i] <= '9')
			v |= s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			v |= s[i] - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * One status list: check its signature against the issuer certificate its
 * key id names (which must be trusted for its region today), then record
 * its entries.  A list that does not verify is an error: fail closed.
 */
static int
load_status(verifier *v, const char *path, sg_err *err)
{
	char *buf = NULL, *sigline, *line, *save = NULL, where[4300];
	char issuer[32] = "", kidhex[32] = "", b64[128];
	unsigned char kid[KID_LEN], sig[80];
	const trust_issuer *cand[8];
	size_t len, n, i, ok = 0;
	FILE *fp;
	int rc = -1, b;
	unsigned long lineno = 0;

	if ((fp = fopen(path, "rb")) == NULL) {
		sg_err_sys(err, path, "cannot read status list");
		return -1;
	}
	buf = malloc(STATUS_MAX_BYTES + 1);
	len = buf ? fread(buf, 1, STATUS_MAX_BYTES + 1, fp) : 0;
	fclose(fp);
	if (buf == NULL || len > STATUS_MAX_BYTES) {
		sg_err_set(err, "E-STATUS", path, "status list too big");
		goto out;
	}
	buf[len] = '\0';
	if (len < 16 || strncmp(buf, "SEGEL-STATUS 1\n", 15) != 0 ||
	    (sigline = strstr(buf, "\nsig ")) == NULL) {
		sg_err_set(err, "E-STATUS", path, "not a segel status list");
		goto out;
	}
	sigline++;
	if (sscanf(sigline, "sig %100s", b64) != 1 ||
	    EVP_DecodeBlock(sig, (unsigned char *)b64, (int)strlen(b64)) <
	    SIG_LEN) {
		sg_err_set(err, "E-STATUS", path, "bad signature line");
		goto out;
	}
	n = (size_t)(sigline - buf);
	if (sscanf(buf, "SEGEL-STATUS 1\nissuer %31s\nkid %31s", issuer,
	    kidhex) != 2 || strlen(kidhex) != 2 * KID_LEN) {
		sg_err_set(err, "E-STATUS", path, "no issuer or key id");
		goto out;
	}
	for (i = 0; i < KID_LEN; i++) {
		if ((b = hexbyte(kidhex + 2 * i)) < 0) {
			sg_err_set(err, "E-STATUS", path, "bad key id");
			goto out;
		}
		kid[i] = (unsigned char)b;
	}
	for (i = 0, ok = 0; i < trust_find_kid(v->ts, kid, cand, 8) && i < 8;
	    i++) {
		char detail[256];

		if (verify_key_check(cand[i]->key, (unsigned char *)buf, n, sig,
		    err) == 1 && trust_judge(v->ts, cand[i], date_today(),
		    issuer, detail, sizeof detail) == TRUST_OK)
			ok = 1;
	}
	if (!ok) {
		sg_err_set(err, "E-STATUS-SIGNATURE", path, "the status list's "
		    "signature does not verify against a trusted issuer of %s",
		    issuer);
		goto out;
	}
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char num[64], by[64], date[16];
		json_t *e = NULL;

		lineno++;
		if (sscanf(line, "revoked %63s %15s", num, date) == 2)
			e = json_pack("{s:s, s:s, s:s}", "state", "revoked",
			    "date", date, "issuer", issuer);
		else if (sscanf(line, "superseded %63s %63s %15s", num, by,
		    date) == 3)
			e = json_pack("{s:s, s:s, s:s, s:s}", "state",
			    "superseded", "by", by, "date", date, "issuer",
			    issuer);
		else if (lineno > 4) {
			snprintf(where, sizeof where, "%s:%lu", path, lineno);
			sg_err_set(err, "E-STATUS", where, "not a status line");
			goto out;
		}
		if (e != NULL)
			json_object_set_new(v->status, num, e);
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

verifier *
verifier_new(const char *trust_dir, const doctype_set *types,
    const codetab_set *codes, sg_err *err)
{
	verifier *v;
	struct dirent **ents = NULL;
	char path[4200];
	int n, i, rc = 0;
	size_t l;

	if ((v = calloc(1, sizeof *v)) == NULL ||
	    (v->status = json_object()) == NULL) {
		free(v);
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	v->types = types;
	v->codes = codes;
	if ((v->ts = trust_store_load(trust_dir, err)) == NULL)
		goto bad;
	if ((n = scandir(trust_dir, &ents, NULL, alphasort)) < 0) {
		sg_err_sys(err, trust_dir, "cannot read trust directory");
		goto bad;
	}
	for (i = 0; i < n; i++) {
		l = strlen(ents[i]->d_name);
		if (rc == 0 && l > 7 && strcmp(ents[i]->d_name + l - 7,
		    ".status") == 0) {
			snprintf(path, sizeof path, "%s/%s", trust_dir,
			    ents[i]->d_name);
			rc = load_status(v, path, err);
		}
		free(ents[i]);
	}
	free(ents);
	if (rc != 0)
		goto bad;
	return v;
bad:
	verifier_free(v);
	return NULL;
}

void
verifier_free(verifier *v)
{
	if (v == NULL)
		return;
	trust_store_free(v->ts);
	json_decref(v->status);
	free(v);
}

void
verdict_clear(verdict *d)
{
	json_decref(d->fields);
	memset(d, 0, sizeof *d);
}

int
verdict_valid(const verdict *d)
{
	return strcmp(d->code, "VALID") == 0;
}

int
verifier_check(verifier *v, const char *text, size_t len, verdict *d)
{
	const trust_issuer *cand[8], *who = NULL;
	enum trust_reason tr = TRUST_OK;
	char detail[512], iso[11];
	seal_parsed p;
	const json_t *st;
	const char *wil;
	size_t n, i;
	sg_err e;

	memset(d, 0, sizeof *d);
	if (seal_unpack(text, len, &p, &e) != 0) {
		if (strcmp(e.code, "E-SYSTEM") == 0)
			return -1;
		say(d, "R-MALFORMED", "%s", e.message);
		return 0;
	}
	d->h = p.h;
	d->have_header = 1;
	n = trust_find_kid(v->ts, p.h.kid, cand, 8);
	if (n == 0) {
		say(d, "R-UNKNOWN-KEY", "no certificate in the trust "
		    "directory has the key that signed this seal; it was not "
		    "made by a known office");
		goto out;
	}
	for (i = 0; i < n && i < 8; i++)
		if (verify_key_alg(cand[i]->key) == p.h.alg &&
		    verify_key_check(cand[i]->key, p.bytes, p.signed_len,
		    p.sig, &e) == 1) {
			who = cand[i];
			break;
		}
	if (who == NULL) {
		say(d, "R-BAD-SIGNATURE", "the signature does not match: the "
		    "data was changed after signing, or someone else signed "
		    "it");
		goto out;
	}
	snprintf(d->issuer_name, sizeof d->issuer_name, "%s", who->name);
	tr = trust_judge(v->ts, who, p.h.issued, p.h.issuer, detail,
	    sizeof detail);
	if (tr != TRUST_OK) {
		say(d, trust_reason_code(tr), "%s", detail);
		goto out;
	}
	if (seal_decode_body(&p, v->types, v->codes, &d->type, &d->fields,
	    &e) != 0) {
		say(d, "R-MALFORMED", "%s", e.message);
		goto out;
	}
	wil = json_string_value(json_object_get(d->fields, "kode_wilayah"));
	if (wil != NULL && !region_code_covers(p.h.issuer, wil)) {
		say(d, "R-REGION", "the document is for region %s, outside "
		    "the issuer's region %s", wil, p.h.issuer);
		goto out;
	}
	st = json_object_get(v->status, p.h.number);
	if (st != NULL && region_code_covers(json_string_value(
	    json_object_get(st, "issuer")), p.h.issuer)) {
		const char *state = json_string_value(json_object_get(st,
		    "state"));

		if (strcmp(state, "revoked") == 0) {
			say(d, "R-REVOKED", "the issuing office revoked this "
			    "document on %s", json_string_value(
			    json_object_get(st, "date")));
		} else {
			snprintf(d->superseded_by, sizeof d->superseded_by,
			    "%s", json_string_value(json_object_get(st, "by")));
			say(d, "R-SUPERSEDED", "this document was replaced by "
			    "%s on %s; ask for the newer one",
			    d->superseded_by, json_string_value(
			    json_object_get(st, "date")));
		}
		goto out;
	}
	date_format_iso(p.h.issued, iso);
	say(d, "VALID", "signed by %s on %s", who->name, iso);
out:
	seal_parsed_clear(&p);
	return 0;
}

static int
is_seal(const scan_code *c)
{
	return c->len >= 4 && memcmp(c->text, SEAL_PREFIX, 4) == 0;
}

/* Has the other side of the PDF the same seal text? */
static int
seen_on(const scan_found *f, const scan_code *c, scan_source side)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->codes[i].source == side && f->codes[i].len == c->len &&
		    memcmp(f->codes[i].text, c->text, c->len) == 0)
			return 1;
	return 0;
}

/* text without blanks, for comparing what is printed with what is signed */
static char *
squeeze(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			*o++ = s[i];
	*o = '\0';
	return out;
}

/* The first signed name or number of a group that the page text lacks. */
static const doctype_field *
missing_field(const doctype *t, const json_t *obj, int member,
    const char *page, const char **value)
{
	const doctype_field *f;
	const char *v;
	char *sq;
	size_t i;
	int found;

	for (i = 0; i < doctype_seal_count(t, member); i++) {
		f = doctype_seal_at(t, member, i);
		if (f->type != FT_NAME && f->type != FT_NIK && f->type != FT_KK)
			continue;
		if ((v = json_string_value(json_object_get(obj, f->name))) ==
		    NULL || (sq = squeeze(v, strlen(v))) == NULL)
			continue;
		found = strstr(page, sq) != NULL;
		free(sq);
		if (!found) {
			*value = v;
			return f;
		}
	}
	return NULL;
}

/*
 * A born-digital PDF shows its signed names and numbers as text: each must
 * be on the page, or the page was edited after signing.
 */
static void
check_printed(verdict *d, const char *text)
{
	const doctype_field *f = NULL;
	const json_t *list, *m;
	const char *v = NULL;
	char *page = squeeze(text, strlen(text));
	size_t i;

	if (page == NULL)
		return;
	if (strstr(page, d->h.number) == NULL) {
		snprintf(d->code, sizeof d->code, "R-TAMPERED");
		snprintf(d->message, sizeof d->message, "the document number "
		    "printed on the PDF is not the signed one (%s): the file "
		    "was changed after it was made", d->h.number);
		goto out;
	}
	f = missing_field(d->type, d->fields, 0, page, &v);
	if (f == NULL && doctype_seal_members(d->type)) {
		list = json_object_get(d->fields, doctype_members_name(d->type));
		json_array_foreach(list, i, m)
			if (f == NULL)
				f = missing_field(d->type, m, 1, page, &v);
	}
	if (f != NULL) {
		snprintf(d->code, sizeof d->code, "R-TAMPERED");
		snprintf(d->message, sizeof d->message, "the PDF does not show "
		    "the signed %s \"%s\": its text was changed after it was "
		    "made", f->label, v);
	}
out:
	free(page);
}

void
verify_items_free(verify_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		verdict_clear(&items[i].d);
	free(items);
}

int
verifier_check_found(verifier *v, const scan_found *f, verify_item **items,
    size_t *n)
{
	verify_item *it = NULL;
	const scan_code *c;
	size_t i, j, k = 0, seals = 0, metas = 0;
	int dup;

	*items = NULL;
	*n = 0;
	for (i = 0; i < f->n; i++)
		if (is_seal(&f->codes[i])) {
			seals++;
			metas += f->codes[i].source == SCAN_META;
		}
	if (f->n == 0)
		return 0;
	if ((it = calloc(f->n, sizeof *it)) == NULL)
		return -1;
	for (i = 0; i < f->n; i++) {
		c = &f->codes[i];
		if (seals > 0 && !is_seal(c))
			continue;
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = f->codes[j].len == c->len &&
			    memcmp(f->codes[j].text, c->text, c->len) == 0;
		if (dup)
			continue;
		it[k].page = c->page;
		it[k].in_meta = c->source == SCAN_META ||
		    seen_on(f, c, SCAN_META);
		it[k].in_qr = c->source == SCAN_QR || seen_on(f, c, SCAN_QR);
		if (!is_seal(c)) {
			say(&it[k].d, "R-MALFORMED", "the QR code is not a segel "
			    "seal (it reads \"%.60s%s\"): this is not a document "
			    "segel can vouch for", c->text, c->len > 60 ? "…" :
			    "");
		} else if (verifier_check(v, c->text, c->len, &it[k].d) != 0) {
			verify_items_free(it, k);
			return -1;
		} else if (metas > 0 && (!it[k].in_meta || !it[k].in_qr)) {
			/* the metadata and the page tell different stories */
			snprintf(it[k].d.code, sizeof it[k].d.code,
			    "R-TAMPERED");
			snprintf(it[k].d.message, sizeof it[k].d.message,
			    "the seal in the PDF's metadata and the QR code on "
			    "its page differ: the file was changed after it was "
			    "made (this seal is %s)", it[k].in_meta ?
			    "in the metadata only" : "on the page only");
			json_decref(it[k].d.fields);
			it[k].d.fields = NULL;
		} else if (metas > 0 && f->text != NULL &&
		    verdict_valid(&it[k].d))
			check_printed(&it[k].d, f->text);
		k++;
	}
	*items = it;
	*n = k;
	return 0;
}
