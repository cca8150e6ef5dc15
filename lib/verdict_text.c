/*
 * verdict_text.c - the lines a person reads from a verdict: the verdict,
 * what it means and what to do, the revocation news, the signed fields as
 * the paper prints them.  segel-verify only prints them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "layout.h"
#include "text.h"
#include "verdict_text.h"
#include "words.h"

#define LINE_MAX_BYTES 8192 /* text_vformat's bound */

struct vtext {
	const doctype_set *types;
	const codetab_set *codes;
	const region_table *regions;
	layout **layouts;  /* one per type, the same index; NULL: plain */
	size_t n;
};

/* The two texts being written (open_memstream). */
struct out {
	FILE *head, *more;
	char *h, *m;
	size_t hlen, mlen;
};

static int
out_open(struct out *o)
{
	memset(o, 0, sizeof *o);
	if ((o->head = open_memstream(&o->h, &o->hlen)) == NULL)
		return -1;
	if ((o->more = open_memstream(&o->m, &o->mlen)) == NULL) {
		fclose(o->head);
		free(o->h);
		return -1;
	}
	return 0;
}

/* The texts into *l: 0, or -1 when out of memory. */
static int
out_close(struct out *o, vtext_lines *l)
{
	int bad = 0;

	bad |= ferror(o->head) | ferror(o->more);
	bad |= fclose(o->head) != 0;
	bad |= fclose(o->more) != 0;
	if (bad) {
		free(o->h);
		free(o->m);
		return -1;
	}
	l->head = o->h;
	l->more = o->m;
	return 0;
}

/* fmt formatted and escaped (outside text in it: text.h); a line ends
 * with a newline. */
static void __attribute__((format(printf, 3, 4)))
put(FILE *f, int line, const char *fmt, ...)
{
	char s[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	text_vformat(s, sizeof s, fmt, ap);
	va_end(ap);
	fputs(s, f);
	if (line)
		fputc('\n', f);
}

/* ---- the layouts --------------------------------------------------- */

vtext *
vtext_new(const doctype_set *types, const codetab_set *codes,
    const region_table *regions, sg_err *err)
{
	const doctype *t;
	const char *xml;
	char where[600];
	vtext *vt;
	size_t i;
	int line;

	if ((vt = calloc(1, sizeof *vt)) == NULL)
		goto oom;
	vt->types = types;
	vt->codes = codes;
	vt->regions = regions;
	vt->n = doctype_set_count(types);
	if (vt->n > 0 && (vt->layouts = calloc(vt->n, sizeof *vt->layouts))
	    == NULL)
		goto oom;
	for (i = 0; i < vt->n; i++) {
		t = doctype_set_at(types, i);
		xml = doctype_layout_xml(t, &line);
		snprintf(where, sizeof where, "%s:%d", doctype_file(t), line);
		if ((vt->layouts[i] = layout_parse(xml, where, t, err)) == NULL) {
			vtext_free(vt);
			return NULL;
		}
	}
	return vt;
oom:
	vtext_free(vt);
	sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
	return NULL;
}

void
vtext_free(vtext *vt)
{
	size_t i;

	if (vt == NULL)
		return;
	for (i = 0; vt->layouts != NULL && i < vt->n; i++)
		layout_free(vt->layouts[i]);
	free(vt->layouts);
	free(vt);
}

static const layout *
layout_of(const vtext *vt, const doctype *t)
{
	size_t i;

	for (i = 0; i < vt->n; i++)
		if (doctype_set_at(vt->types, i) == t)
			return vt->layouts[i];
	return NULL;
}

void
vtext_lines_clear(vtext_lines *l)
{
	free(l->head);
	free(l->more);
	memset(l, 0, sizeof *l);
}

/* ---- what a verdict means -------------------------------------------- */

/*
 * Each reason: what it means (the rest of the verdict line, one clause)
 * and what to do (a sentence or two), in words a clerk at a counter uses.
 * A meaning that names a date or a number is written in put_head.
 */
static const struct reason {
	const char *code;
	const char *means;
	const char *todo;
} reasons[] = {
	{ "R-BAD-SIGNATURE",
	  N_("the data in this QR code was changed after it was signed, or "
	  "someone other than the office made it"),
	  N_("Do not accept the document.") },
	{ "R-UNKNOWN-KEY",
	  N_("it was not signed by any office this verifier knows"),
	  N_("Either the trust material of this verifier is out of date, or "
	  "the document is forged: update the trust material and check "
	  "again; until then, do not accept the document.") },
	{ "R-UNTRUSTED-CHAIN",
	  N_("the office that signed it is not recognised by the authority "
	  "this verifier trusts"),
	  N_("Do not accept the document; the issuing office can tell "
	  "whether it is genuine.") },
	{ "R-CERT-NOT-VALID",
	  N_("the signing office's key was not in force on the issue date "
	  "the document gives"),
	  N_("Do not accept the document; the issuing office can tell "
	  "whether it is genuine.") },
	{ "R-CERT-REVOKED",
	  N_("the signing office's key was withdrawn, so what it signed on "
	  "that date no longer counts"),
	  N_("Do not accept the document; the holder can ask the issuing "
	  "office for a new one.") },
	{ "R-REGION",
	  N_("it was signed by an office that may not issue documents for "
	  "the region it names"),
	  N_("Do not accept the document.") },
	{ "R-REVOKED", NULL, /* put_head */
	  N_("It no longer counts: do not accept it; the holder can ask the "
	  "issuing office why.") },
	{ "R-SUPERSEDED", NULL,
	  N_("Ask for the newer document and check that one instead.") },
	{ "R-FUTURE-DATE", NULL,
	  N_("Do not accept the document.  If the paper gives the same "
	  "date, check the date of this computer.") },
	{ "R-TAMPERED",
	  N_("this PDF file was changed after the office made it"),
	  N_("Do not accept this file; ask for the original from the holder "
	  "or the issuing office.") },
	{ "R-MALFORMED",
	  N_("this QR code is not a segel seal, or it is too damaged to read"),
	  N_("A QR code that is not a segel seal cannot show that a document "
	  "is genuine.  If the QR code on the paper is damaged, scan it "
	  "again at 200 dpi or more.") },
	{ NULL,
	  N_("this verifier could not judge it"),
	  N_("Do not accept the document; tell whoever runs this verifier.") }
};

static const struct reason *
reason_of(const char *code)
{
	const struct reason *r;

	for (r = reasons; r->code != NULL; r++)
		if (strcmp(r->code, code) == 0)
			break;
	return r;
}

/* The verdict line after the word. */
static void
put_head(FILE *b, const verdict *d, const char *source)
{
	const struct reason *r;
	char iso[11];

	if (verdict_valid(d))
		put(b, 0, "%s%s: ", source ? " " : "", source ? source : "");
	else
		put(b, 0, " (%s)%s%s: ", d->code, source ? " " : "",
		    source ? source : "");
	date_format_iso(d->h.issued, iso);
	if (verdict_valid(d)) {
		put(b, 0, _("issued by %s (%s) on %s, unchanged since it was "
		    "signed"), d->issuer_name, d->h.issuer, iso);
		return;
	}
	r = reason_of(d->code);
	if (strcmp(d->code, "R-REVOKED") == 0)
		put(b, 0, _("the issuing office cancelled this document on %s"),
		    d->status_date);
	else if (strcmp(d->code, "R-SUPERSEDED") == 0)
		put(b, 0, _("the issuing office replaced this document with a "
		    "newer one, number %s, on %s"), d->superseded_by,
		    d->status_date);
	else if (strcmp(d->code, "R-FUTURE-DATE") == 0)
		put(b, 0, _("it says it was issued on %s, which is after "
		    "today"), iso);
	else
		put(b, 0, "%s", _(r->means));
}

/* How fresh the revocation news is (a notice, never a reason); nothing
 * when the verifier did not say. */
static void
put_revocation(FILE *b, const verdict *d)
{
	char iso[11];
	int age = d->revocation_age;

	if (age < 0) {
		put(b, 1, "  %s", _("Notice: this office's revocation list is "
		    "missing, so a cancellation would not be seen."));
		return;
	}
	if (d->revocation_asof.y == 0)
		return;
	date_format_iso(d->revocation_asof, iso);
	put(b, 0, "  ");
	if (age == 0)
		put(b, 1, _("Revocation checked as of %s, today."), iso);
	else if (age == 1)
		put(b, 1, _("Revocation checked as of %s, 1 day ago."), iso);
	else
		put(b, 1, _("Revocation checked as of %s, %d days ago."), iso,
		    age);
	if (d->revocation_stale)
		put(b, 1, "  %s", _("Notice: this office's revocation list is "
		    "past its due date, so a recent cancellation might not be "
		    "seen."));
}

/* ---- the fields, as the paper prints them ------------------------------ */

/* "53.14.03.1001" → "Kelurahan Namodale, Kecamatan Lobalain, Kabupaten
 * Rote Ndao, Provinsi Nusa Tenggara Timur": names from the region list
 * (kelurahan codes start with 1, desa codes with 2). */
static void
region_names(const region_table *rt, const char *code, char *out,
    size_t sz)
{
	const region_entry *e;
	const char *kind, *last;
	size_t len = 0;

	out[0] = '\0';
	for (e = rt ? region_find(rt, code) : NULL; e != NULL;
	    e = region_parent(rt, e)) {
		switch (e->level) {
		case REGION_DESA:
			last = strrchr(e->code, '.');
			kind = last != NULL && last[1] == '1' ? "Kelurahan " :
			    "Desa ";
			break;
		case REGION_KECAMATAN:
			kind = "Kecamatan ";
			break;
		case REGION_PROVINSI:
			kind = "Provinsi ";
			break;
		default:
			kind = ""; /* "Kabupaten …", "Kota …" as listed */
		}
		snprintf(out + len, sz - len, "%s%s%s", len ? ", " : "", kind,
		    e->name);
		len = strlen(out);
	}
}

static void
put_fields(FILE *b, const vtext *vt, const layout *l,
    const verdict *d, const json_t *obj, int member, const char *indent)
{
	const doctype_field *f;
	const codetab *tab;
	const char *s;
	char fmt[16], val[2048], names[600];
	size_t i, n;
	int ver = d->h.type_version;

	n = doctype_seal_count_v(d->type, ver, member);
	for (i = 0; i < n; i++) {
		f = doctype_seal_at_v(d->type, ver, member, i);
		if ((s = json_string_value(json_object_get(obj, f->name))) ==
		    NULL)
			continue;
		layout_field_format(l, f->name, fmt, sizeof fmt);
		tab = f->type == FT_CODE ? codetab_find(vt->codes, f->table) :
		    NULL;
		layout_value_format(f->type, tab, s, fmt, val, sizeof val);
		names[0] = '\0';
		if (f->type == FT_REGION)
			region_names(vt->regions, s, names, sizeof names);
		put(b, 1, "%s%-32s %s%s%s%s", indent, f->label,
		    val[0] ? val : "-", names[0] ? " (" : "", names,
		    names[0] ? ")" : "");
	}
}

static void
put_document(FILE *b, const vtext *vt, const verdict *d)
{
	const layout *l = layout_of(vt, d->type);
	const json_t *list, *m;
	char date[64];
	size_t i;

	if (words_date_short(d->h.issued, date, sizeof date) < 0)
		date_format_iso(d->h.issued, date);
	put(b, 1, "  %-32s %s", "Dokumen", doctype_title(d->type));
	put(b, 1, "  %-32s %s", "Nomor", d->h.number);
	put(b, 1, "  %-32s %s", "Tanggal terbit", date);
	put(b, 1, "  %-32s %s (%s)", "Penerbit", d->issuer_name, d->h.issuer);
	put_fields(b, vt, l, d, d->fields, 0, "  ");
	if (!doctype_seal_members_v(d->type, d->h.type_version))
		return;
	list = json_object_get(d->fields, doctype_members_name(d->type));
	json_array_foreach(list, i, m) {
		put(b, 1, "  %s %zu", doctype_members_label(d->type) ?
		    doctype_members_label(d->type) :
		    doctype_members_name(d->type), i + 1);
		put_fields(b, vt, l, d, m, 1, "    ");
	}
}

int
vtext_verdict(const vtext *vt, const verdict *d, const char *source,
    int quiet, vtext_lines *out)
{
	const struct reason *r;
	struct out o;
	FILE *more;

	memset(out, 0, sizeof *out);
	out->kind = verdict_valid(d) ? VTEXT_VALID : VTEXT_INVALID;
	out->word = verdict_valid(d) ? _("VALID") : _("NOT VALID");
	if (out_open(&o) != 0)
		return -1;
	more = o.more;
	put_head(o.head, d, source);
	if (quiet)
		return out_close(&o, out);
	if (!verdict_valid(d)) {
		r = reason_of(d->code);
		put(more, 1, "  %s", _(r->todo));
		/* what the page check or the reader found, in its words */
		if (strcmp(d->code, "R-TAMPERED") == 0 ||
		    strcmp(d->code, "R-MALFORMED") == 0)
			put(more, 1, "  %s %s", _("What was found:"),
			    d->text);
	}
	/* what vouches for a born-digital PDF's page: its own signature,
	 * or the page drawn again from the seal */
	if (verdict_valid(d) && strcmp(d->pdf_signature, "valid") == 0)
		put(more, 1, "  %s", _("The PDF's own signature (PAdES) by the "
		    "same office covers the whole file: it is the file the "
		    "office made, byte for byte."));
	else if (verdict_valid(d) && strcmp(d->pdf_signature, "none") == 0)
		put(more, 1, "  %s", _("The PDF has no PDF signature of its "
		    "own: its page was compared with the seal instead."));
	/* how fresh the revocation news is matters when the verdict rests
	 * on it: a valid document, or one the news cancelled; beside a
	 * forged or unreadable seal it would only be noise */
	if (verdict_valid(d) || strcmp(d->code, "R-REVOKED") == 0 ||
	    strcmp(d->code, "R-SUPERSEDED") == 0 ||
	    strcmp(d->code, "R-CERT-REVOKED") == 0)
		put_revocation(more, d);
	if (d->fields != NULL && d->type != NULL) {
		put(more, 1, "  %s", verdict_valid(d) ?
		    _("Compare every field below with the paper: a genuine QR "
		    "code can be stuck onto a false page.  Accept the document "
		    "only if they are all the same.") :
		    _("What the QR code says, for reference only (it does not "
		    "make the document valid):"));
		put_document(more, vt, d);
	}
	return out_close(&o, out);
}

/* ---- could not be read ------------------------------------------------- */

static const struct unreadable {
	const char *code;
	const char *todo;
} unreadables[] = {
	{ "E-SCAN-FORMAT", N_("What to do: give a photo or scan (PNG, JPEG, "
	  "TIFF) or a PDF of the document.") },
	{ "E-IMAGE-FORMAT", N_("What to do: give a photo or scan (PNG, JPEG, "
	  "TIFF) or a PDF of the document.") },
	{ "E-SCAN-TOO-BIG", N_("What to do: scan at a lower resolution "
	  "(300 dpi is enough), or only the page with the QR code.") },
	{ "E-IMAGE-TOO-BIG", N_("What to do: scan at a lower resolution "
	  "(300 dpi is enough), or only the page with the QR code; a phone "
	  "photo of up to 50 megapixels is read.") },
	{ "E-PDF-TOO-BIG", N_("What to do: give the document's own PDF (a "
	  "printer's book of more than 64 pages is not read), or a scan at "
	  "300 dpi or less of the page with the QR code.") },
	{ "E-PDF-ENCRYPTED", N_("What to do: give the PDF without its "
	  "password, or a scan of the printed page.") },
	{ "E-SCAN-READ", N_("What to do: check the file's name, and that "
	  "this computer may read it.") },
	{ "E-SYSTEM", N_("What to do: try again; if it happens again, tell "
	  "whoever runs this verifier.") },
	/* no code found, a damaged file, one that took too long: scan the
	 * paper again */
	{ NULL, N_("What to do: scan the paper again at 200 dpi or more, "
	  "lying flat, in good light, with the whole QR code in the "
	  "frame.") }
};

int
vtext_unreadable(const char *source, const char *code, const char *why,
    int quiet, vtext_lines *out)
{
	const struct unreadable *u;
	struct out o;

	memset(out, 0, sizeof *out);
	out->kind = VTEXT_UNREADABLE;
	out->word = _("COULD NOT BE READ");
	if (out_open(&o) != 0)
		return -1;
	put(o.head, 0, " (%s) %s: %s", code ? code : "E-SYSTEM",
	    source ? source : "", why);
	if (!quiet) {
		for (u = unreadables; u->code != NULL; u++)
			if (code != NULL && strcmp(u->code, code) == 0)
				break;
		put(o.more, 1, "  %s", _(u->todo));
	}
	return out_close(&o, out);
}
