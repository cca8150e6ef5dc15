/*
 * status.h - the signed status list (formats/status.md): an office's word
 * on which of its documents are revoked or superseded.  Written by the
 * signer from its ledger; read and verified by the verifier against its
 * trust store, into a table it looks seals' numbers up in.
 *
 * Ownership: status_list_write() borrows everything it is given.  A
 * status_table borrows the trust store and document types (which must
 * outlive it) and owns its entries; status_table_find() copies into the
 * caller's struct; notices are lent until status_table_free().  Not for
 * use from several threads at once (the trust store's cache).
 */
#ifndef SEGEL_STATUS_H
#define SEGEL_STATUS_H

#include <jansson.h>

#include "date.h"
#include "doctype.h"
#include "err.h"
#include "keys.h"
#include "trust.h"

#define STATUS_MAX_BYTES (64u << 20) /* the biggest list a reader takes */

/*
 * Write the list of office `issuer` ("75.01"), signed with key (key id
 * kidhex, 16 hex digits), dated `date`, atomically to path (mode 0644).
 * entries: the ledger's status entries in ledger order (lib/ledger.h,
 * {"revoke":N,...} or {"supersede":N,"by":M,...} with "date"); the last
 * word on each number counts.  0, or -1 with err set.
 */
int status_list_write(const char *path, const char *issuer,
    const char *kidhex, sg_date date, const json_t *entries, sign_key *key,
    sg_err *err);

/*
 * The head of a list in buf (len bytes, NUL after them): its issuer
 * code, key id (16 hex digits) and date line, unverified.  0, or -1 with
 * err (E-STATUS; err->where empty, for the caller to fill in).
 */
int status_list_head(const char *buf, size_t len, char issuer[32],
    char kidhex[32], sg_date *date, sg_err *err);

typedef struct status_table status_table;

/* An entry a list holds about a number. */
typedef struct status_entry {
	int revoked;      /* 1 revoked, 0 superseded */
	char by[64];      /* the newer number ("" when revoked) */
	char date[11];    /* the day it happened, YYYY-MM-DD */
	char listed[11];  /* the date line of the list that said it */
} status_entry;

/* types: for telling whose document a number is.  NULL: out of memory. */
status_table *status_table_new(trust_store *ts, const doctype_set *types);
void status_table_free(status_table *t);
/*
 * Read one list, verify it against the trust store at its own date, and
 * take its entries about its own office's documents.  0: taken, or left
 * out with a notice (a revoked key); -1: the list is bad or untrusted
 * (err says why: E-STATUS, E-STATUS-SIGNATURE; fail closed).
 */
int status_table_load(status_table *t, const char *path, sg_err *err);
/* The same for a list in memory (a trust bundle's status item, lib/
 * bundle.h): name says where it is in messages.  data is copied. */
int status_table_load_mem(status_table *t, const char *name,
    const void *data, size_t len, sg_err *err);
/*
 * The status of a number from the lists of the seal's issuer and of the
 * offices above it ("75" above "75.01"): a revocation beats a
 * supersession.  1 with *out filled in, 0 when no list names it.
 */
int status_table_find(const status_table *t, const char *issuer,
    const char *number, status_entry *out);
/* The newest date line of the lists taken ({0,0,0} when none). */
sg_date status_table_newest(const status_table *t);
/* What loading noticed (W-STATUS-FOREIGN, W-STATUS-KEY-REVOKED). */
size_t status_table_notice_count(const status_table *t);
const sg_err *status_table_notice(const status_table *t, size_t i);
/* A list is due again this many days after its date line: news older
 * than that is stale (formats/status.md, "How fresh"). */
#define STATUS_DUE_DAYS 7

/*
 * How fresh the revocation news for a seal of office `issuer` ("75.01")
 * is: the newest date line of the accepted lists of that office and of
 * the offices above it ("75").  1 with *out set, 0 when there is none
 * (*out {0,0,0}).
 */
int status_table_asof(const status_table *t, const char *issuer,
    sg_date *out);

#endif
