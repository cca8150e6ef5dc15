/*
 * seal.h - the seal codec (formats/seal.md): record fields to signed
 * barcode text and back.
 *
 * seal_make() encodes, signs and returns "SG1:<base45>".  seal_unpack()
 * splits barcode text into header, signed bytes and signature without
 * trusting anything; the caller verifies the signature over
 * p->bytes[0..p->signed_len) and only then calls seal_decode_body().
 *
 * The codec keeps one deflate stream for each thread and one inflate
 * stream for the process: reading seals is not for several threads at
 * once (tools use processes); seal_sign_body() may run on a signing
 * thread.
 *
 * Ownership: seal_make's *text and seal_decode_body's *fields are the
 * caller's; a seal_parsed owns its bytes until seal_parsed_clear().
 */
#ifndef SEGEL_SEAL_H
#define SEGEL_SEAL_H

#include <stddef.h>
#include <jansson.h>

#include "codetab.h"
#include "date.h"
#include "doctype.h"
#include "err.h"
#include "keys.h"

#define SEAL_PREFIX "SG1:"
#define SEAL_VERSION 1
#define SEAL_MAX_BYTES 4096      /* decoded seal bytes */
#define SEAL_MAX_BODY (16u << 10) /* inflated body */
#define SEAL_FLAG_DEFLATE 0x01

typedef struct seal_header {
	int version, flags;
	enum sig_alg alg;
	int type_code, type_version;
	char issuer[32];           /* "75.01" */
	unsigned char kid[KID_LEN];
	char number[64];
	sg_date issued;
} seal_header;

typedef struct seal_parsed {
	seal_header h;
	unsigned char *bytes;      /* the seal bytes */
	size_t len;                /* all of them */
	size_t signed_len;         /* len - SIG_LEN */
	size_t body_off;           /* where the body starts */
	const unsigned char *sig;  /* bytes + signed_len */
} seal_parsed;

/*
 * Encode fields (a record's "fields") of type t under header h (version,
 * flags, alg and type are filled in here), sign with k, and return the
 * seal text in *text (malloc'd).  E-SEAL-FIELD when a value cannot be
 * encoded (unknown code, bad date or NIK), naming the field path.
 */
int seal_make(const doctype *t, const codetab_set *codes,
    const json_t *fields, seal_header *h, sign_key *k, char **text,
    sg_err *err);

/*
 * seal_make in two steps, for a signer that signs on another thread: the
 * encoded body (*body, malloc'd, *len bytes; h's version, algorithm and
 * type filled in; every check seal_make makes is made here, E-SEAL-FIELD
 * and E-SEAL-TOO-BIG included), then the body deflated, put after the
 * header, signed with k and written as the seal text (*text, malloc'd).
 * The second step may run on any thread, each with its own key
 * (key_dup); seal_thread_end() frees a thread's deflate stream.
 */
int seal_body(const doctype *t, const codetab_set *codes,
    const json_t *fields, seal_header *h, enum sig_alg alg,
    unsigned char **body, size_t *len, sg_err *err);
int seal_sign_body(seal_header *h, const unsigned char *body, size_t len,
    sign_key *k, char **text, sg_err *err);
void seal_thread_end(void);

/* Split and parse the header; R-MALFORMED in err->code on failure. */
int seal_unpack(const char *text, size_t len, seal_parsed *p, sg_err *err);
void seal_parsed_clear(seal_parsed *p);

/*
 * Decode the body of a parsed seal into a new "fields" object (values as
 * records carry them: strings, dates ISO, codes by canonical name).  *t
 * gets the document type.  R-MALFORMED on any inconsistency.
 */
int seal_decode_body(const seal_parsed *p, const doctype_set *types,
    const codetab_set *codes, const doctype **t, json_t **fields,
    sg_err *err);

/*
 * Do two "fields" objects seal the same, by the field list of the type's
 * seal version?  Each sealed field (header, then each member) is compared
 * by its encoding, so "islam" and "ISLAM", or a code and its name, are
 * the same.  1 with the first differing field's path in path (a field
 * that cannot be encoded differs); 0 when they seal the same.
 */
int seal_fields_differ(const doctype *t, int version,
    const codetab_set *codes, const json_t *a, const json_t *b, char *path,
    size_t sz);

#endif
