#include "verify.h"
#include "i18n.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "bundle.h"
#include "file.h"
#include "keys.h"
#include "pagecheck.h"
#include "pdfsign.h"
#include "region.h"
#include "scan.h"
#include "status.h"
#include "trust.h"
#include "trustsrc.h"

#define VERIFY_MAX_NOTICES 100

struct verifier {
	trust_store *ts;
	const doctype_set *types;
	const codetab_set *codes;
	status_table *status; /* the issuers' status lists */
	sg_date asof;     /* the newest "as of" date of the material: CRLs'
			   * thisUpdate, status lists' date line */
	pagecheck *pc;    /* made on the first born-digital PDF */
	int bundled;      /* the material came in a bundle: */
	unsigned long seq;/* its sequence number */
	sg_date next;     /* the day its next one is due ({0} if none) */
	sg_err old;       /* W-TRUST-BUNDLE-OLD when past it ("" if not) */
};

static void
say(verdict *d, const char *code, const char *fmt, ...)
{
	va_list ap;

	snprintf(d->code, sizeof d->code, "%s", code);
	va_start(ap, fmt);
	sg_text_vformat2(d->message, sizeof d->message, d->text,
	    sizeof d->text, fmt, ap);
	va_end(ap);
}

/* A verdict whose sentence holds another module's sentence (fmt has one
 * %s), each in its language. */
static void
say_detail(verdict *d, const char *code, const char *fmt, const char *en,
    const char *local)
{
	const char *tr = _(fmt), *en_at = strstr(fmt, "%s"),
	    *tr_at = strstr(tr, "%s");

	snprintf(d->code, sizeof d->code, "%s", code);
	if (en_at == NULL || tr_at == NULL)
		tr_at = tr = en_at = fmt = "%s";
	snprintf(d->message, sizeof d->message, "%.*s%s%s",
	    (int)(en_at - fmt), fmt, en, en_at + 2);
	snprintf(d->text, sizeof d->text, "%.*s%s%s", (int)(tr_at - tr), tr,
	    local, tr_at + 2);
}

/* A verdict whose sentence is another module's problem, in both
 * languages. */
static void
say_err(verdict *d, const char *code, const sg_err *e)
{
	snprintf(d->code, sizeof d->code, "%s", code);
	snprintf(d->message, sizeof d->message, "%s", e->message);
	snprintf(d->text, sizeof d->text, "%s", e->text);
}

/* The verifier's first steps: its trust store is loaded by the caller. */
static verifier *
verifier_start(const doctype_set *types, const codetab_set *codes,
    sg_err *err)
{
	verifier *v;

	if ((v = calloc(1, sizeof *v)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	v->types = types;
	v->codes = codes;
	return v;
}

/* The status table, once the trust store is there. */
static int
verifier_status_new(verifier *v, sg_err *err)
{
	if ((v->status = status_table_new(v->ts, v->types)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	return 0;
}

/* The newest "as of" date: CRLs and status lists (and a bundle's made
 * day); today is computed per seal (verifier_today) and never earlier. */
static void
verifier_asof(verifier *v, sg_date also)
{
	v->asof = trust_store_newest(v->ts);
	if (date_cmp(status_table_newest(v->status), v->asof) > 0)
		v->asof = status_table_newest(v->status);
	if (date_cmp(also, v->asof) > 0)
		v->asof = also;
}

verifier *
verifier_new(const char *trust_dir, const doctype_set *types,
    const codetab_set *codes, sg_err *err)
{
	verifier *v;
	size_t i;
	sg_date none = { 0, 0, 0 };

	if ((v = verifier_start(types, codes, err)) == NULL)
		return NULL;
	if ((v->ts = trust_store_load(trust_dir, err)) == NULL ||
	    verifier_status_new(v, err) != 0)
		goto bad;
	/* The status lists the trust store found in the directory, which
	 * is read once, in file-name order. */
	for (i = 0; i < trust_store_status_count(v->ts); i++)
		if (status_table_load(v->status, trust_store_status_path(v->ts,
		    i), err) != 0)
			goto bad;
	verifier_asof(v, none);
	return v;
bad:
	verifier_free(v);
	return NULL;
}

/* A day from a time, in UTC. */
static sg_date
day_of(time_t t)
{
	return date_from_days((long)(t >= 0 ? t / 86400 : -((-t + 86399) /
	    86400)));
}

verifier *
verifier_new_source(const trust_source *src, const doctype_set *types,
    const codetab_set *codes, sg_err *err)
{
	const bundle *b = trust_source_bundle(src);
	const bundle_item *it;
	verifier *v;
	char iso[11];
	size_t i;

	if (b == NULL)
		return verifier_new(trust_source_path(src), types, codes, err);
	if ((v = verifier_start(types, codes, err)) == NULL)
		return NULL;
	if ((v->ts = trust_store_load_bundle(b, err)) == NULL ||
	    verifier_status_new(v, err) != 0)
		goto bad;
	for (i = 0; i < bundle_count(b); i++) {
		it = bundle_at(b, i);
		if (it->kind == BUNDLE_STATUS && status_table_load_mem(v->status,
		    it->name, it->data, it->len, err) != 0)
			goto bad;
	}
	v->bundled = 1;
	v->seq = bundle_sequence(b);
	/* The bundle's made day counts as an "as of" date: a clock set
	 * back before it is wrong. */
	verifier_asof(v, day_of(bundle_made(b)));
	if (bundle_next(b) > 0) {
		v->next = day_of(bundle_next(b));
		if (date_cmp(verifier_today(v, NULL), v->next) > 0) {
			date_format_iso(v->next, iso);
			sg_err_set(&v->old, "W-TRUST-BUNDLE-OLD",
			    trust_source_path(src), "the trust bundle (number "
			    "%lu) was due to be replaced on %s: ask for a new "
			    "one; revocation news may be missing", v->seq, iso);
		}
	}
	return v;
bad:
	verifier_free(v);
	return NULL;
}

int
verifier_bundle(const verifier *v, unsigned long *seq)
{
	if (v == NULL || !v->bundled)
		return 0;
	*seq = v->seq;
	return 1;
}

void
verifier_free(verifier *v)
{
	if (v == NULL)
		return;
	trust_store_free(v->ts);
	pagecheck_free(v->pc);
	status_table_free(v->status);
	free(v);
}

/* The trust store's notices, then the status lists': no copies. */
size_t
verifier_notice_count(const verifier *v)
{
	size_t n;

	if (v == NULL)
		return 0;
	n = trust_store_notice_count(v->ts) +
	    status_table_notice_count(v->status);
	if (n > VERIFY_MAX_NOTICES - 1)
		n = VERIFY_MAX_NOTICES - 1;
	return n + (v->old.code[0] != '\0');
}

const sg_err *
verifier_notice(const verifier *v, size_t i)
{
	size_t nt;

	if (v == NULL || i >= verifier_notice_count(v))
		return NULL;
	if (v->old.code[0] != '\0' && i == verifier_notice_count(v) - 1)
		return &v->old;   /* the bundle's age, last */
	nt = trust_store_notice_count(v->ts);
	return i < nt ? trust_store_notice(v->ts, i) :
	    status_table_notice(v->status, i - nt);
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

/*
 * How fresh the revocation news for a seal of office `issuer` is
 * (formats/status.md, "How fresh"): the newest accepted list of the
 * office or an office above it, its age in days at the office's today,
 * and stale when it is past its due date (STATUS_DUE_DAYS after its
 * date), when the bundle it came in is past its next date, or missing.
 */
static void
revocation_news(const verifier *v, const char *issuer, verdict *d)
{
	sg_date today = verifier_today(v, issuer);

	if (!status_table_asof(v->status, issuer, &d->revocation_asof)) {
		d->revocation_age = -1;
		d->revocation_stale = 1;
		return;
	}
	/* today is never before the newest list: the age is not negative */
	d->revocation_age = (int)(date_to_days(today) -
	    date_to_days(d->revocation_asof));
	d->revocation_stale = d->revocation_age > STATUS_DUE_DAYS ||
	    (v->next.y != 0 && date_cmp(today, v->next) > 0);
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

int
verifier_check(verifier *v, const char *text, size_t len, verdict *d)
{
	const trust_issuer *cand[8], *who = NULL, *used = NULL;
	enum trust_reason tr = TRUST_OK;
	char detail[512], iso[11], today[11];
	sg_date now;
	seal_parsed p;
	status_entry st;
	const char *wil, *wname;
	size_t n, i;
	sg_err e;

	memset(d, 0, sizeof *d);   /* no revocation news until the
				      signature is good */
	if (seal_unpack(text, len, &p, &e) != 0) {
		if (strcmp(e.code, "E-SYSTEM") == 0)
			return -1;
		say_err(d, "R-MALFORMED", &e);
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
	revocation_news(v, p.h.issuer, d);
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
		say_err(d, "R-MALFORMED", &e);
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
	if (status_table_find(v->status, p.h.issuer, p.h.number, &st)) {
		snprintf(d->status_date, sizeof d->status_date, "%s", st.date);
		if (st.revoked) {
			say(d, "R-REVOKED", "the issuing office revoked this "
			    "document on %s", st.date);
		} else {
			snprintf(d->superseded_by, sizeof d->superseded_by,
			    "%s", st.by);
			say(d, "R-SUPERSEDED", "this document was replaced by "
			    "%s on %s; ask for the newer one",
			    d->superseded_by, st.date);
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
			ps[i].why = e;
		}
	}
	for (i = 0; i < k; i++) {
		verdict *d = &it[at[i]].d;

		if (ps[i].result == PAGECHECK_DIFFERS)
			say_detail(d, "R-TAMPERED", N_("the PDF's page is not "
			    "the page its seal describes: %s; it was changed "
			    "after it was made"), ps[i].why.message,
			    ps[i].why.text);
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

/* Is the certificate x509's key the key that signed seal d (one of the
 * trust store's certificates for its key id, judged by lib/trust.c when
 * the seal was)? */
static int
same_key(verifier *v, const verdict *d, void *x509)
{
	const trust_issuer *cand[8];
	size_t n, i;

	n = trust_find_kid(v->ts, d->h.kid, cand, 8);
	for (i = 0; i < n && i < 8; i++)
		if (key_same_public(cand[i]->x509, x509) == 1)
			return 1;
	return 0;
}

/*
 * A born-digital PDF's own signature (lib/pdfsign.h).  Valid, over the
 * whole file, by the key of every VALID seal in it: the bytes are the
 * office's, the page needs no drawing again (*proven = 1).  Broken, or
 * by another key: every VALID seal is R-TAMPERED.  None: the page check
 * decides, as for a PDF made before PDFs were signed.
 */
static int
check_signature(verifier *v, verify_item *it, size_t n,
    const unsigned char *pdf, size_t len, int *proven)
{
	pdfsign_found f;
	const char *word;
	size_t i;

	*proven = 0;
	if (pdfsign_check(pdf, len, &f) != 0)
		return -1;
	word = f.state == PDFSIGN_NONE ? "none" : f.state == PDFSIGN_VALID ?
	    "valid" : "invalid";
	for (i = 0; i < n; i++) {
		verdict *d = &it[i].d;

		snprintf(d->pdf_signature, sizeof d->pdf_signature, "%s",
		    word);
		if (!verdict_valid(d) || f.state == PDFSIGN_NONE)
			continue;
		if (f.state == PDFSIGN_BROKEN)
			say_detail(d, "R-TAMPERED", N_("the PDF's own "
			    "signature does not hold: %s; the file was changed "
			    "after it was signed"), f.why, _(f.why));
		else if (!same_key(v, d, f.signer)) {
			snprintf(d->pdf_signature, sizeof d->pdf_signature,
			    "invalid");
			say(d, "R-TAMPERED", "the PDF is signed by another key "
			    "than its seal's: it is not the file the office "
			    "made");
		} else
			continue;
		json_decref(d->fields);
		d->fields = NULL;
	}
	*proven = f.state == PDFSIGN_VALID;
	pdfsign_found_clear(&f);
	return 0;
}

void
verify_items_free(verify_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		verdict_clear(&items[i].d);
	free(items);
}

/* The seals of items it[0..n) on one side of the PDF only, by number,
 * joined into buf: 1 when there is one. */
static int
one_side(const verify_item *it, size_t n, int meta, char *buf, size_t sz)
{
	size_t i, len = 0;
	int any = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if ((meta ? !it[i].in_meta || it[i].in_qr :
		    !it[i].in_qr || it[i].in_meta))
			continue;
		snprintf(buf + len, sz - len, "%s%s", any ? ", " : "",
		    it[i].d.have_header ? it[i].d.h.number : "?");
		len = strlen(buf);
		any = 1;
	}
	return any;
}

/*
 * A PDF whose metadata and page differ is one document, changed after it
 * was made: the items become one R-TAMPERED item, whatever each seal
 * says on its own, naming the seals found on one side only.  It keeps
 * the first item read from a page (the number the reader sees), else the
 * first.  Returns 1, the items left.
 */
static size_t
one_tampered(verify_item *it, size_t n)
{
	char page[300], meta[300];
	size_t i, keep = 0;
	int p, m;

	for (i = n; i-- > 0; )
		if (it[i].in_qr)
			keep = i;
	p = one_side(it, n, 0, page, sizeof page);
	m = one_side(it, n, 1, meta, sizeof meta);
	if (keep != 0) {
		verify_item t = it[0];

		it[0] = it[keep];
		it[keep] = t;
	}
	for (i = 1; i < n; i++)
		verdict_clear(&it[i].d);
	if (p && m && strcmp(page, meta) == 0)
		say(&it[0].d, "R-TAMPERED", "the seal in the PDF's metadata "
		    "and the QR code on its page differ: the file was changed "
		    "after it was made (both name %s, with different contents)",
		    page);
	else if (p && m)
		say(&it[0].d, "R-TAMPERED", "the seal in the PDF's metadata "
		    "and the QR code on its page differ: the file was changed "
		    "after it was made (on the page only: %s; in the metadata "
		    "only: %s)", page, meta);
	else if (m)
		say(&it[0].d, "R-TAMPERED", "the seal in the PDF's metadata "
		    "and the QR code on its page differ: the file was changed "
		    "after it was made (in the metadata only: %s)", meta);
	else
		say(&it[0].d, "R-TAMPERED", "the seal in the PDF's metadata "
		    "and the QR code on its page differ: the file was changed "
		    "after it was made (on the page only: %s)", page);
	it[0].d.superseded_by[0] = '\0';
	it[0].d.status_date[0] = '\0';
	json_decref(it[0].d.fields);
	it[0].d.fields = NULL;
	return 1;
}

/* QR codes and no seal: one document, one R-MALFORMED item, the first
 * code's (c), saying how many there are. */
static size_t
one_malformed(verify_item *it, size_t n, const scan_code *c)
{
	size_t i;

	for (i = 1; i < n; i++)
		verdict_clear(&it[i].d);
	say(&it[0].d, "R-MALFORMED", "none of the %zu QR codes is a segel "
	    "seal (the first reads \"%.60s%s\"): this is not a document "
	    "segel can vouch for", n, c->text, c->len > 60 ? "…" : "");
	return 1;
}

int
verifier_check_pdf(verifier *v, const scan_found *f, const unsigned char *pdf,
    size_t pdflen, verify_item **items, size_t *n)
{
	verify_item *it = NULL;
	const scan_code *c;
	size_t i, j, k = 0, seals = 0, metas = 0;
	int dup, differ = 0, proven = 0;

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
		/* The same text again (a second copy on the page, on
		 * another page, or in the metadata) is the same seal: one
		 * verdict, never a second piece of evidence (scan.h
		 * reports every copy). */
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
		} else if (metas > 0 && (!it[k].in_meta || !it[k].in_qr))
			differ = 1;
		it[k].seal = c->text;
		k++;
	}
	/* One document, one verdict: the file whose metadata and page tell
	 * different stories, or whose QR codes hold no seal. */
	if (differ)
		k = one_tampered(it, k);
	else if (seals == 0 && k > 1)
		k = one_malformed(it, k, &f->codes[0]);
	if (differ) {
		/* R-TAMPERED already: nothing for the page check */
	} else if (f->type == IMAGE_PDF && pdf == NULL) {
		/* a PDF judged without its bytes cannot have its page checked:
		 * never VALID */
		for (i = 0; i < k; i++)
			if (verdict_valid(&it[i].d))
				say(&it[i].d, "R-TAMPERED", "the PDF's page "
				    "could not be compared with its seal");
	} else if (f->type == IMAGE_PDF && (check_signature(v, it, k, pdf,
	    pdflen, &proven) != 0 || (!proven && check_pages(v, f, it, k,
	    pdf, pdflen) != 0))) {
		verify_items_free(it, k);
		return -1;
	}
	*items = it;
	*n = k;
	return 0;
}
