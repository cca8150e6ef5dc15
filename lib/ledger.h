/*
 * ledger.h - the signer's append-only book of everything it issued.
 *
 * One JSON object per line (formats/ledger.md):
 *   {"number":"7501-LT-23112026-0001","serial":1,"type":"akta-kelahiran",
 *    "issuer":"75.01","issued":"2026-11-23","key":"<sha256 hex>"}
 *   {"revoke":"7501-LT-...","date":"2026-11-24","reason":"..."}
 *   {"supersede":"7501-KK-...","by":"7501-KK-...","date":"..."}
 * "key" identifies the record's content (type and fields), so signing the
 * same batch again finds the numbers already issued instead of new ones.
 *
 * The file is locked (flock) for as long as the ledger is open: a second
 * signer is refused.  Entries are appended to a buffer and written and
 * synced by ledger_commit(); a caller lets a signed record out only after
 * the commit that holds its entry.  Each commit ends by writing the head
 * file beside the ledger ("<ledger>.head": entry count, size and hash of
 * the last line).  On open, a ledger shorter than its head, or other than
 * it, is refused (E-LEDGER-SHORT, E-LEDGER-TAIL, E-LEDGER-HEAD); bytes
 * beyond the head were never committed and are cut off.  A ledger without
 * a head gets one on open.
 *
 * The index is compact and does not hold entries: per issue entry a hash
 * of its content key, a hash of its number and where its line is (24
 * bytes), and the highest serial per number prefix; a find reads the
 * entry's line again (from the file, or from the queue) and compares it
 * whole, so a hash that collides never finds the wrong entry.  Status
 * entries (few) are kept whole.  The ledger is read in pieces on open,
 * never all at once.
 *
 * Ownership: a ledger_issue is the caller's; the status entries returned
 * are lent until ledger_close().
 */
#ifndef SEGEL_LEDGER_H
#define SEGEL_LEDGER_H

#include <jansson.h>

#include "date.h"
#include "err.h"

typedef struct ledger ledger;

ledger *ledger_open(const char *path, sg_err *err);
/* Commit what is pending, unlock and close; 0 or -1. */
int ledger_close(ledger *l, sg_err *err);

/* The content key of a record: SHA-256 hex of type and fields. */
int ledger_record_key(const char *type, const json_t *fields,
    char key[65]);
/* An issue entry, as its line says. */
typedef struct ledger_issue {
	char number[128];
	char key[65];
	sg_date issued;
	unsigned long serial;   /* 0 in entries from before serials */
} ledger_issue;

/* The entry issued for a key (the last, should there be several): 1 and
 * *out filled (out may be NULL), 0 none, -1 its line cannot be read again
 * (err set: E-LEDGER-CORRUPT, E-SYSTEM). */
int ledger_find_key(ledger *l, const char *key, ledger_issue *out,
    sg_err *err);
/* The same for a number. */
int ledger_find_number(ledger *l, const char *number, ledger_issue *out,
    sg_err *err);
/* The highest serial issued under a number prefix ("7501-LT-23112026-"). */
unsigned long ledger_last_serial(ledger *l, const char *prefix);

/* Queue an issue entry (also visible to the finds at once); number ends
 * with serial written "%04lu", and what comes before is its prefix. */
int ledger_add_issue(ledger *l, const char *number, unsigned long serial,
    const char *type, const char *issuer, sg_date issued, const char *key,
    sg_err *err);
/* Queue a status entry: revoke (by == NULL) or supersede by a number. */
int ledger_add_status(ledger *l, const char *number, const char *by,
    sg_date date, const char *reason, sg_err *err);
/* Status of a number: NULL, or the revoke/supersede entry. */
const json_t *ledger_status(ledger *l, const char *number);
/* Every status entry, in order (for the status list). */
const json_t *ledger_statuses(ledger *l);

/* Write the queued entries and fdatasync; 0 or -1 (nothing is lost: on
 * failure the entries stay queued and the caller must not emit). */
int ledger_commit(ledger *l, sg_err *err);
size_t ledger_pending(const ledger *l);

#endif
