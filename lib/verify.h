/*
 * verify.h - judging a seal: signature, trust, status (formats/seal.md,
 * "Reading a seal").
 *
 * A verifier is made once from a trust directory (root and issuer
 * certificates, CRLs, and the issuers' signed status lists *.status,
 * formats/status.md) and judges any number of seal texts.  It needs no
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
	char message[600];    /* a sentence for the verifier */
	int have_header;      /* h is filled in */
	seal_header h;
	const doctype *type;  /* when the body was decoded */
	json_t *fields;       /* the signed fields, or NULL */
	char issuer_name[256];/* the signing office, from its certificate */
	char superseded_by[64];
} verdict;

verifier *verifier_new(const char *trust_dir, const doctype_set *types,
    const codetab_set *codes, sg_err *err);
void verifier_free(verifier *v);
/* Judge one seal text.  0 with *out filled in (any verdict), or -1 on a
 * system error. */
int verifier_check(verifier *v, const char *text, size_t len, verdict *out);
void verdict_clear(verdict *d);
int verdict_valid(const verdict *d);

#endif
