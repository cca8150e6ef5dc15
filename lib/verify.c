#include "verify.h"
#include "text.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "file.h"
#include "keys.h"
#include "pagecheck.h"
#include "region.h"
#include "scan.h"
#include "trust.h"

#define STATUS_MAX_BYTES (64u << 20)
#define VERIFY_MAX_NOTICES 100

struct verifier {
	trust_store *ts;
	const doctype_set *types;
	const codetab_set *codes;
	/* "<list issuer>\t<number>" -> {"state","by","date","listed"}:
	 * an entry speaks only for the office whose key signed its list */
	json_t *status;
	sg_date asof;     /* the newest "as of" date of the material: CRLs'
			   * thisUpdate, status lists' date line */
	sg_err *notices;  /* for the tool to print; the library does not */
	size_t nnotices;
	pagecheck *pc;    /* made on the first born-digital PDF */
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

static void
notice(verifier *v, const char *code, const char *where, const char *fmt,
    ...)
{
	sg_err *nv;
	va_list ap;

	if (v->nnotices >= VERIFY_MAX_NOTICES ||
	    (nv = realloc(v->notices, (v->nnotices + 1) * sizeof *nv)) == NULL)
		return;
	v->notices = nv;
	nv = &v->notices[v->nnotices++];
	sg_err_set(nv, code, where, "%s", "");
	va_start(ap, fmt);
	vsnprintf(nv->message, sizeof nv->message, fmt, ap);
	va_end(ap);
}

/* Region code without its dots: "75.01" -> "7501". */
static void
undot(const char *code, char *out, size_t sz)
{
	size_t j = 0;

	for (; *code != '\0' && j + 1 < sz; code++)
		if (*code != '.')
			out[j++] = *code;
	out[j] = '\0';
}

/*
 * Does a document number read as the number pattern `p` of a type with
 * the number code `code`?  When the pattern has {issuer}, iss gets what
 * stands there (region digits).  The number is at most 63 characters and
 * the only variable parts are digit runs, so the search stays small.
 */
static int
number_reads(const char *p, const char *code, const char *n, char *iss,
    size_t isz)
{
	size_t k, len, skip;
	int is_iss;

	if (*p == '\0')
		return *n == '\0';
	if (strncmp(p, "{code}", 6) == 0) {
		len = strlen(code);
		return strncmp(n, code, len) == 0 &&
		    number_reads(p + 6, code, n + len, iss, isz);
	}
	if (strncmp(p, "{issuer}", 8) == 0 || strncmp(p, "{serial}", 8) == 0 ||
	    strncmp(p, "{date}", 6) == 0) {
		is_iss = p[1] == 'i';
		skip = p[1] == 'd' ? 6 : 8;
		for (len = 0; n[len] >= '0' && n[len] <= '9'; len++)
			continue;
		for (k = len; k >= 1; k--) {
			if (skip == 6 && k != 8)
				continue;
			if (number_reads(p + skip, code, n + k, iss, isz)) {
				if (is_iss && k < isz) {
					memcpy(iss, n, k);
					iss[k] = '\0';
				}
				return 1;
			}
		}
		return 0;
	}
	return *p == *n && number_reads(p + 1, code, n + 1, iss, isz);
}

/*
 * Whose document is a number?  1: of the office `digits` (its {issuer}
 * part starts with them: a province's list covers its regencies), 0:
 * another office's, -1: cannot tell (no type's pattern reads it, or the
 * pattern has no {issuer}).
 */
static int
number_of_office(const verifier *v, const char *num, const char *digits)
{
	const doctype *t;
	char iss[64];
	size_t i;
	int other = 0;

	for (i = 0; i < doctype_set_count(v->types); i++) {
		t = doctype_set_at(v->types, i);
		iss[0] = '\0';
		if (doctype_number_pattern(t) == NULL ||
		    doctype_number_code(t) == NULL ||
		    !number_reads(doctype_number_pattern(t),
		    doctype_number_code(t), num, iss, sizeof iss) ||
		    iss[0] == '\0')
			continue;
		if (strncmp(iss, digits, strlen(digits)) == 0)
			return 1;
		other = 1;
	}
	return other ? 0 : -1;
}

/*
 * Record one entry under (list issuer, number).  Two lists of one office
 * that name the same number: the newer list (its date line) counts; on
 * the same day a revocation beats a supersession.
 */
static int
status_put(verifier *v, const char *issuer, const char *num,
    const char *state, const char *by, const char *date, const char *listed)
{
	char key[128];
	json_t *old, *e;
	const char *od, *os;
	int c;

	snprintf(key, sizeof key, "%s\t%s", issuer, num);
	if ((old = json_object_get(v->status, key)) != NULL) {
		od = json_string_value(json_object_get(old, "listed"));
		os = json_string_value(json_object_get(old, "state"));
		c = strcmp(listed, od);
		if (c < 0 || (c == 0 && (strcmp(os, "revoked") == 0 ||
		    strcmp(state, "revoked") != 0)))
			return 0;
	}
	e = json_pack("{s:s, s:s, s:s, s:s}", "state", state, "date", date,
	    "listed", listed, "by", by != NULL ? by : "");
	if (e == NULL || json_object_set_new(v->status, key, e) != 0)
		return -1;
	return 0;
}

static int
date_ok(const char *s, sg_date *d)
{
	return strlen(s) == 10 && date_parse_iso(s, d) == 0;
}

/*
 * One status list: check its signature against the issuer certificate its
 * key id names, whose key must be trusted for its region on the list's
 * own date (as a seal is judged at its issue date: a list written while
 * the certificate was valid stays good after it expires), then record its
 * entries about its own office's documents; entries about other offices'
 * numbers are left out, and said in a notice.  A list whose key is
 * revoked (for compromise, or on or before the list's date) is left out
 * with a notice; any other list that does not verify is an error: fail
 * closed.  Nothing here depends on the other lists or on today.
 */
static int
load_status(verifier *v, const char *path, sg_err *err)
{
	char *buf = NULL, *sigline, *line, *save = NULL, where[4300];
	char issuer[32] = "", kidhex[32] = "", b64[128], listed[16] = "";
	char digits[32];
	unsigned char kid[KID_LEN], sig[80];
	const trust_issuer *cand[8];
	size_t len, n, i, ok = 0, nc;
	unsigned long foreign = 0;
	sg_date ld;
	enum trust_reason tr, worst = TRUST_OK;
	char detail[256] = "";
	int rc = -1, b, sigok = 0;
	unsigned long lineno = 0;

	/* A regular file only: a FIFO named *.status must not hang. */
	if (file_read_all(path, STATUS_MAX_BYTES, 0, "E-STATUS", &buf, &len,
	    err) != 0)
		return -1;
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
	if (sscanf(buf, "SEGEL-STATUS 1\nissuer %31s\nkid %31s\ndate %15s",
	    issuer, kidhex, listed) != 3 || strlen(kidhex) != 2 * KID_LEN) {
		sg_err_set(err, "E-STATUS", path, "no issuer, key id or date");
		goto out;
	}
	if (!date_ok(listed, &ld)) {
		sg_err_set(err, "E-STATUS", path, "bad date line \"%s\"",
		    listed);
		goto out;
	}
	for (i = 0; i < KID_LEN; i++) {
		if ((b = hexbyte(kidhex + 2 * i)) < 0) {
			sg_err_set(err, "E-STATUS", path, "bad key id");
			goto out;
		}
		kid[i] = (unsigned char)b;
	}
	nc = trust_find_kid(v->ts, kid, cand, 8);
	for (i = 0, ok = 0; i < nc && i < 8 && !ok; i++) {
		if (verify_key_check(cand[i]->key, (unsigned char *)buf, n, sig,
		    err) != 1)
			continue;
		sigok = 1;
		/* The key, at the list's date. */
		tr = trust_judge_key(v->ts, cand[i], ld, issuer, NULL, detail,
		    sizeof detail);
		if (tr == TRUST_OK)
			ok = 1;
		else if (tr == TRUST_CERT_REVOKED)
			worst = tr;
	}
	if (!ok && worst == TRUST_CERT_REVOKED) {
		notice(v, "W-STATUS-KEY-REVOKED", path, "the status list of %s "
		    "(%s) is ignored: the key that signed it is revoked (%s)",
		    issuer, listed, detail);
		rc = 0;
		goto out;
	}
	if (!ok && sigok) {
		sg_err_set(err, "E-STATUS-SIGNATURE", path, "the key that "
		    "signed the status list is not trusted for %s on the "
		    "list's date %s: %s", issuer, listed, detail);
		goto out;
	}
	if (!ok) {
		sg_err_set(err, "E-STATUS-SIGNATURE", path, "the status list's "
		    "signature does not verify against a trusted issuer of %s",
		    issuer);
		goto out;
	}
	undot(issuer, digits, sizeof digits);
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char num[64], by[64], date[16], tail[2];
		const char *state = NULL;
		sg_date dd;

		lineno++;
		if (lineno <= 4)
			continue;
		if (sscanf(line, "revoked %63s %15s %1s", num, date, tail) ==
		    2) {
			state = "revoked";
			by[0] = '\0';
		} else if (sscanf(line, "superseded %63s %63s %15s %1s", num,
		    by, date, tail) == 3)
			state = "superseded";
		if (state == NULL || !date_ok(date, &dd)) {
			snprintf(where, sizeof where, "%s:%lu", path, lineno);
			sg_err_set(err, "E-STATUS", where, "not a status line");
			goto out;
		}
		if (number_of_office(v, num, digits) == 0) {
			foreign++;
			continue;
		}
		if (status_put(v, issuer, num, state, by, date, listed) != 0) {
			sg_err_set(err, "E-SYSTEM", path, "out of memory");
			goto out;
		}
	}
	if (foreign > 0)
		notice(v, "W-STATUS-FOREIGN", path, "%lu %s about other "
		    "offices' documents ignored: a list speaks only for its "
		    "own office (%s)", foreign, foreign == 1 ? "entry" :
		    "entries", issuer);
	/* An "as of" date: raised only from lists that were accepted. */
	if (date_cmp(ld, v->asof) > 0)
		v->asof = ld;
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
	for (i = 0; i < (int)trust_store_notice_count(v->ts); i++) {
		const sg_err *w = trust_store_notice(v->ts, (size_t)i);

		notice(v, w->code, w->where, "%s", w->message);
	}
	/* The newest "as of" date: CRLs here, status lists below; today
	 * is computed per seal (verifier_today) and never earlier. */
	v->asof = trust_store_newest(v->ts);
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
	pagecheck_free(v->pc);
	json_decref(v->status);
	free(v->notices);
	free(v);
}

size_t
verifier_notice_count(const verifier *v)
{
	return v != NULL ? v->nnotices : 0;
}

const sg_err *
verifier_notice(const verifier *v, size_t i)
{
	return v != NULL && i < v->nnotices ? &v->notices[i] : NULL;
}

sg_date
verifier_today(const verifier *v, const char *issuer_code)
{
	int off = region_utc_offset_min(issuer_code);
	sg_date t;

	/* The office's zone; an unknown province gets UTC+9, the
	 * easternmost, so that no genuine seal is called future. */
	t = date_today_at(off >= 0 ? off : 540);
	if (date_cmp(v->asof, t) > 0)
		t = v->asof;
	return t;
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

/*
 * The document's region (doctype_region_field) as its seal carries it.
 * Returns 1 with *name and *value (NULL when the seal has none), 0 when
 * the type has no region field.
 */
static int
document_region(const doctype *t, const json_t *fields, const char **name,
    const char **value)
{
	const doctype_field *f = doctype_region_field(t);

	if (f == NULL)
		return 0;
	*name = f->name;
	*value = json_string_value(json_object_get(fields, f->name));
	if (*value != NULL && **value == '\0')
		*value = NULL;
	return 1;
}

/*
 * The status of a number from the lists of the seal's issuer and of the
 * offices above it ("75" above "75.01"): a revocation beats a
 * supersession.  NULL when no list names it.
 */
static const json_t *
status_of(const verifier *v, const char *issuer, const char *number)
{
	char code[32], key[128], *dot;
	const json_t *e, *best = NULL;

	snprintf(code, sizeof code, "%s", issuer);
	for (;;) {
		snprintf(key, sizeof key, "%s\t%s", code, number);
		e = json_object_get(v->status, key);
		if (e != NULL && (best == NULL || (strcmp(json_string_value(
		    json_object_get(e, "state")), "revoked") == 0 &&
		    strcmp(json_string_value(json_object_get(best, "state")),
		    "revoked") != 0)))
			best = e;
		if ((dot = strrchr(code, '.')) == NULL)
			break;
		*dot = '\0';
	}
	return best;
}

int
verifier_check(verifier *v, const char *text, size_t len, verdict *d)
{
	const trust_issuer *cand[8], *who = NULL, *used = NULL;
	enum trust_reason tr = TRUST_OK;
	char detail[512], iso[11], today[11];
	sg_date now;
	seal_parsed p;
	const json_t *st;
	const char *wil, *wname;
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
	date_format_iso(p.h.issued, iso);
	/* Today where the issuing office is, read from the clock now: a
	 * long-running verifier does not keep yesterday. */
	now = verifier_today(v, p.h.issuer);
	if (date_cmp(p.h.issued, now) > 0) {
		date_format_iso(now, today);
		say(d, "R-FUTURE-DATE", "the seal says it was issued on %s, "
		    "after today (%s) in the issuing office's time zone: a "
		    "document from the future is not valid", iso, today);
		goto out;
	}
	/* The key is judged, over every certificate it has. */
	tr = trust_judge_key(v->ts, who, p.h.issued, p.h.issuer, &used,
	    detail, sizeof detail);
	if (used != NULL)
		snprintf(d->issuer_name, sizeof d->issuer_name, "%s",
		    used->name);
	if (tr != TRUST_OK) {
		say(d, trust_reason_code(tr), "%s", detail);
		goto out;
	}
	if (seal_decode_body(&p, v->types, v->codes, &d->type, &d->fields,
	    &e) != 0) {
		say(d, "R-MALFORMED", "%s", e.message);
		goto out;
	}
	if (document_region(d->type, d->fields, &wname, &wil)) {
		if (wil == NULL) {
			say(d, "R-REGION", "the seal carries no %s: a %s names "
			    "the region it is for, and the issuer %s may sign "
			    "only for its own", wname, doctype_id(d->type),
			    p.h.issuer);
			goto out;
		}
		if (!region_code_covers(p.h.issuer, wil)) {
			say(d, "R-REGION", "the document is for region %s, "
			    "outside the issuer's region %s", wil, p.h.issuer);
			goto out;
		}
	}
	st = status_of(v, p.h.issuer, p.h.number);
	if (st != NULL) {
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
	say(d, "VALID", "signed by %s on %s", d->issuer_name, iso);
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

/*
 * A born-digital PDF must show what its seals say (lib/pagecheck.h): each
 * VALID seal read from a page has its pages drawn again from the seal and
 * compared with the PDF's; a page that differs, or a born-digital page no
 * seal accounts for, makes the seal R-TAMPERED.  Image-only pages (scans)
 * are left to the reader, as a scan is.  Runs whether or not the PDF has
 * the seal in its metadata.
 */
static int
check_pages(verifier *v, const scan_found *f, verify_item *it, size_t n,
    const unsigned char *pdf, size_t len)
{
	pagecheck_seal *ps = NULL;
	size_t i, k = 0, *at = NULL;
	int stray = 0, rc = -1;
	sg_err e;

	if (v->pc == NULL && (v->pc = pagecheck_new(v->types, v->codes, &e))
	    == NULL)
		return -1;
	if ((ps = calloc(n ? n : 1, sizeof *ps)) == NULL ||
	    (at = calloc(n ? n : 1, sizeof *at)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		if (!verdict_valid(&it[i].d) || !it[i].in_qr ||
		    it[i].page < 1 || it[i].d.type == NULL)
			continue;
		ps[k].seal = it[i].seal;
		ps[k].number = it[i].d.h.number;
		ps[k].fields = it[i].d.fields;
		ps[k].type = it[i].d.type;
		ps[k].office = it[i].d.issuer_name;
		ps[k].page = it[i].page;
		at[k++] = i;
	}
	/* Nothing VALID to judge.  Pages are only drawn up to where the
	 * scan got in its time budget, and a page it never reached is not
	 * called a stray. */
	if (k == 0) {
		rc = 0;
		goto out;
	}
	if (pagecheck_pdf(v->pc, pdf, len, ps, k, f->timed_out ? 0 : f->pages,
	    &stray, &e) != 0) {
		/* poppler read it once for the scan: not a system error */
		for (i = 0; i < k; i++) {
			ps[i].result = PAGECHECK_DIFFERS;
			snprintf(ps[i].why, sizeof ps[i].why, "%.300s", e.message);
		}
	}
	for (i = 0; i < k; i++) {
		verdict *d = &it[at[i]].d;

		if (ps[i].result == PAGECHECK_DIFFERS)
			say(d, "R-TAMPERED", "the PDF's page is not the page "
			    "its seal describes: %s; it was changed after it "
			    "was made", ps[i].why);
		else if (stray > 0)
			say(d, "R-TAMPERED", "page %d of the PDF is not part "
			    "of a sealed document: the file was changed after "
			    "it was made", stray);
		else
			continue;
		json_decref(d->fields);
		d->fields = NULL;
	}
	rc = 0;
out:
	free(ps);
	free(at);
	return rc;
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
verifier_check_pdf(verifier *v, const scan_found *f, const unsigned char *pdf,
    size_t pdflen, verify_item **items, size_t *n)
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
		}
		it[k].seal = c->text;
		k++;
	}
	if (f->type == IMAGE_PDF && pdf == NULL) {
		/* a PDF judged without its bytes cannot have its page checked:
		 * never VALID */
		for (i = 0; i < k; i++)
			if (verdict_valid(&it[i].d))
				say(&it[i].d, "R-TAMPERED", "the PDF's page "
				    "could not be compared with its seal");
	} else if (f->type == IMAGE_PDF && check_pages(v, f, it, k,
	    pdf, pdflen) != 0) {
		verify_items_free(it, k);
		return -1;
	}
	*items = it;
	*n = k;
	return 0;
}
