/*
 * verify.h - judging a seal: signature, trust, status (formats/seal.md,
 * "Reading a seal").
 *
 * A verifier is made once from a trust directory (root and issuer
 * certificates, CRLs, and the issuers' signed status lists *.status,
 * formats/status.md) or a trust bundle (lib/trustsrc.h, formats/trust.md)
 * and judges any number of seal texts.  It needs no
 * network.  Not for use from several threads at once.
 *
 * Ownership: a verdict owns its fields object until verdict_clear().
 */
#ifndef SEGEL_VERIFY_H
#define SEGEL_VERIFY_H

#include <jansson.h>

#include "codetab.h"
#include "doctype.h"
#include "err.h"
#include "seal.h"

typedef struct verifier verifier;

typedef struct verdict {
	char code[24];        /* "VALID" or an R-… code */
	char message[600];    /* a sentence for the verifier, in English
	                         (the JSON's) */
	char text[600];       /* the same in the reader's language (err.h) */
	int have_header;      /* h is filled in */
	seal_header h;
	const doctype *type;  /* when the body was decoded */
	json_t *fields;       /* the signed fields, or NULL */
	char issuer_name[256];/* the signing office, from its certificate */
	char superseded_by[64];
	char pdf_signature[8];/* a born-digital PDF's own signature (PAdES,
	                         lib/pdfsign.h): "valid" (whole file, by the
	                         seal's key: the page check is skipped),
	                         "invalid", "none"; "" when not a PDF read
	                         with its bytes */
	char status_date[11]; /* R-REVOKED, R-SUPERSEDED: since when, from
	                         the office's status list ("2026-11-23") */
	/* Revocation news for the seal's office (the newest status list of
	 * its office or an office above it): */
	sg_date revocation_asof; /* that list's date; {0,0,0} when none */
	int revocation_age;      /* days from it to the verifier's today;
	                            -1 when there is no list */
	int revocation_stale;    /* 1 when the list is past its due date or
	                            missing (a notice, not a reason) */
	/* Filled in once the signature verifies (the office is known).
	 * Missing list: asof {0,0,0}, age -1, stale 1.  No news at all (the
	 * signature did not verify, or no seal): all zero, as a cleared
	 * verdict is. */
} verdict;

/*
 * What a scan of one file (lib/scan.h) comes to: one item per distinct
 * document, in page order: a distinct seal is a document.  A born-digital
 * PDF carries its seal twice, in the metadata and in the QR on the page;
 * when the two differ, the file is one document and one R-TAMPERED item
 * whose message names every seal found on one side only (whatever the
 * seals say on their own: the collapse never makes a VALID); a seal whose
 * page does not show what it says is R-TAMPERED too (verifier_check_pdf).
 * QR codes that are not seals are left out when the file has a seal; a
 * file with QR codes but no seal is one R-MALFORMED item naming the
 * first (a look-alike link is a forgery, not a blank page).  No code at
 * all: no items, the file is unreadable.
 */
typedef struct verify_item {
	verdict d;
	int page;            /* from 1; 0 when only the metadata had it */
	int in_meta, in_qr;  /* where the seal was seen */
	const char *seal;    /* its text, lent by the scan_found */
} verify_item;

struct scan_found;
/*
 * Judge what a scan of one file found, given the file's bytes: a PDF's
 * pages are compared with what its seals say (lib/pagecheck.h), with or
 * without the metadata seal.  A VALID seal whose born-digital page
 * differs, or beside a born-digital page no seal accounts for, is
 * R-TAMPERED.  Without the bytes (pdf NULL) a PDF's page cannot be
 * checked, and no seal of a PDF is VALID.
 */
int verifier_check_pdf(verifier *v, const struct scan_found *f,
    const unsigned char *pdf, size_t pdflen, verify_item **items, size_t *n);
void verify_items_free(verify_item *items, size_t n);

verifier *verifier_new(const char *trust_dir, const doctype_set *types,
    const codetab_set *codes, sg_err *err);
struct trust_source;
/*
 * A verifier from a trust source (lib/trustsrc.h): a trust directory as
 * verifier_new, or a bundle: its certificates, CRLs and status lists,
 * its made day as an "as of" date, and a W-TRUST-BUNDLE-OLD notice when
 * the verifier's today is past its next date.  src must outlive it.
 */
verifier *verifier_new_source(const struct trust_source *src,
    const doctype_set *types, const codetab_set *codes, sg_err *err);
/* 1 with *seq the bundle's sequence number when the trust material came
 * in a bundle, else 0. */
int verifier_bundle(const verifier *v, unsigned long *seq);
void verifier_free(verifier *v);
/* What the verifier noticed while loading (W-… codes: status-list entries
 * it ignored, an older CRL, say), for the tool to print; the library
 * prints nothing.  Lent until verifier_free. */
size_t verifier_notice_count(const verifier *v);
const sg_err *verifier_notice(const verifier *v, size_t i);
/* The verifier's today for a seal of the office `issuer_code` ("75.01"):
 * the clock's day in that office's time zone (WIB, WITA, WIT by
 * province; lib/region.h), or SEGEL_TODAY, but never before the newest
 * "as of" date of the trust material (a CRL's thisUpdate, a status
 * list's date, a bundle's made day).  Read from the clock at each call.  A seal issued after
 * it is R-FUTURE-DATE. */
sg_date verifier_today(const verifier *v, const char *issuer_code);
/* Judge one seal text.  0 with *out filled in (any verdict), or -1 on a
 * system error. */
int verifier_check(verifier *v, const char *text, size_t len, verdict *out);
void verdict_clear(verdict *d);
int verdict_valid(const verdict *d);

#endif
