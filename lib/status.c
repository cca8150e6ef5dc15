/*
 * status.c - the signed status list (status.h, formats/status.md):
 * writing one, reading and verifying one, and the verifier's table.
 */
#include "status.h"

#include "base64.h"
#include "file.h"
#include "text.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define STATUS_MAX_NOTICES 100

struct status_table {
	trust_store *ts;
	const doctype_set *types;
	/* "<list issuer>\t<number>" -> {"state","by","date","listed"}:
	 * an entry speaks only for the office whose key signed its list */
	json_t *map;
	sg_date newest;   /* the newest date line of the lists taken */
	sg_err *notices;
	size_t nnotices;
	json_t *asof;     /* office code -> its newest accepted list's date */
};

/* ---- writing ---- */

int
status_list_write(const char *path, const char *issuer, const char *kidhex,
    sg_date date, const json_t *list, sign_key *key, sg_err *err)
{
	const json_t *e, *seen;
	json_t *last = json_object();
	unsigned char sig[SIG_LEN];
	char iso[11], b64[100];
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem = NULL;
	const char *k;
	int rc = -1;

	/* the last word on each number counts */
	json_array_foreach(list, i, e) {
		k = json_string_value(json_object_get(e, "revoke"));
		if (k == NULL)
			k = json_string_value(json_object_get(e, "supersede"));
		json_object_set(last, k, (json_t *)e);
	}
	if ((mem = open_memstream(&buf, &len)) == NULL)
		goto sys;
	date_format_iso(date, iso);
	fprintf(mem, "SEGEL-STATUS 1\nissuer %s\nkid %s\ndate %s\n",
	    issuer, kidhex, iso);
	json_array_foreach(list, i, e) {
		k = json_string_value(json_object_get(e, "revoke"));
		if (k == NULL)
			k = json_string_value(json_object_get(e, "supersede"));
		seen = json_object_get(last, k);
		if (seen != e)
			continue;
		if (json_object_get(e, "revoke") != NULL)
			fprintf(mem, "revoked %s %s\n", k, json_string_value(
			    json_object_get(e, "date")));
		else
			fprintf(mem, "superseded %s %s %s\n", k,
			    json_string_value(json_object_get(e, "by")),
			    json_string_value(json_object_get(e, "date")));
	}
	/* signed: what is in the stream so far; then the sig line */
	if (fflush(mem) != 0)
		goto sys;
	if (key_sign(key, (unsigned char *)buf, len, sig, err) != 0)
		goto out;
	base64_encode(sig, SIG_LEN, b64);
	fprintf(mem, "sig %s\n", b64);
	if (fclose(mem) != 0) {
		mem = NULL;
		goto sys;
	}
	mem = NULL;
	/* a status list is public: every verifier reads it */
	if (file_replace(path, buf, len, 0644, err) != 0)
		goto out;
	rc = 0;
	goto out;
sys:
	sg_err_sys(err, path, "cannot write status list");
out:
	if (mem != NULL)
		fclose(mem);
	free(buf);
	json_decref(last);
	return rc;
}

/* ---- reading ---- */

status_table *
status_table_new(trust_store *ts, const doctype_set *types)
{
	status_table *t;

	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	if ((t->map = json_object()) == NULL) {
		free(t);
		return NULL;
	}
	t->ts = ts;
	t->types = types;
	return t;
}

void
status_table_free(status_table *t)
{
	if (t == NULL)
		return;
	json_decref(t->map);
	json_decref(t->asof);
	free(t->notices);
	free(t);
}

sg_date
status_table_newest(const status_table *t)
{
	return t->newest;
}

size_t
status_table_notice_count(const status_table *t)
{
	return t != NULL ? t->nnotices : 0;
}

const sg_err *
status_table_notice(const status_table *t, size_t i)
{
	return t != NULL && i < t->nnotices ? &t->notices[i] : NULL;
}

static void
notice(status_table *t, const char *code, const char *where,
    const char *fmt, ...)
{
	sg_err *nv;
	va_list ap;

	if (t->nnotices >= STATUS_MAX_NOTICES || (nv = realloc(t->notices,
	    (t->nnotices + 1) * sizeof *nv)) == NULL)
		return;
	t->notices = nv;
	nv = &t->notices[t->nnotices++];
	va_start(ap, fmt);
	sg_err_vset(nv, code, where, fmt, ap);
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
number_of_office(const status_table *tab, const char *num, const char *digits)
{
	const doctype *t;
	char iss[64];
	size_t i;
	int other = 0;

	for (i = 0; i < doctype_set_count(tab->types); i++) {
		t = doctype_set_at(tab->types, i);
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
status_put(status_table *tab, const char *issuer, const char *num,
    const char *state, const char *by, const char *date, const char *listed)
{
	char key[128];
	json_t *old, *e;
	const char *od, *os;
	int c;

	snprintf(key, sizeof key, "%s\t%s", issuer, num);
	if ((old = json_object_get(tab->map, key)) != NULL) {
		od = json_string_value(json_object_get(old, "listed"));
		os = json_string_value(json_object_get(old, "state"));
		c = strcmp(listed, od);
		if (c < 0 || (c == 0 && (strcmp(os, "revoked") == 0 ||
		    strcmp(state, "revoked") != 0)))
			return 0;
	}
	e = json_pack("{s:s, s:s, s:s, s:s}", "state", state, "date", date,
	    "listed", listed, "by", by != NULL ? by : "");
	if (e == NULL || json_object_set_new(tab->map, key, e) != 0)
		return -1;
	return 0;
}

static int
date_ok(const char *s, sg_date *d)
{
	return strlen(s) == 10 && date_parse_iso(s, d) == 0;
}

static int status_asof_note(status_table *tab, const char *issuer,
    const char *listed);

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
int
status_list_head(const char *buf, size_t len, char issuer[32],
    char kidhex[32], sg_date *date, sg_err *err)
{
	char listed[16] = "";

	if (len < 16 || strncmp(buf, "SEGEL-STATUS 1\n", 15) != 0) {
		sg_err_set(err, "E-STATUS", "", "not a segel status list");
		return -1;
	}
	if (sscanf(buf, "SEGEL-STATUS 1\nissuer %31s\nkid %31s\ndate %15s",
	    issuer, kidhex, listed) != 3 || strlen(kidhex) != 2 * KID_LEN) {
		sg_err_set(err, "E-STATUS", "", "no issuer, key id or date");
		return -1;
	}
	if (!date_ok(listed, date)) {
		sg_err_set(err, "E-STATUS", "", "bad date line \"%s\"",
		    listed);
		return -1;
	}
	return 0;
}

/*
 * One list in buf (len bytes and a NUL after them; taken over and freed
 * here), named path in messages.
 */
static int
load_buf(status_table *tab, const char *path, char *buf, size_t len,
    sg_err *err)
{
	char *sigline, *line, *save = NULL, where[4300];
	char issuer[32] = "", kidhex[32] = "", b64[128], listed[16] = "";
	char digits[32];
	unsigned char kid[KID_LEN], sig[80];
	const trust_issuer *cand[8];
	size_t n, i, ok = 0, nc;
	unsigned long foreign = 0;
	sg_date ld;
	enum trust_reason tr, worst = TRUST_OK;
	char detail[256] = "";
	int rc = -1, b, sigok = 0;
	unsigned long lineno = 0;

	if (len < 16 || strncmp(buf, "SEGEL-STATUS 1\n", 15) != 0 ||
	    (sigline = strstr(buf, "\nsig ")) == NULL) {
		sg_err_set(err, "E-STATUS", path, "not a segel status list");
		goto out;
	}
	sigline++;
	if (sscanf(sigline, "sig %100s", b64) != 1 ||
	    base64_decode(b64, strlen(b64), sig) != SIG_LEN) {
		sg_err_set(err, "E-STATUS", path, "bad signature line");
		goto out;
	}
	n = (size_t)(sigline - buf);
	if (status_list_head(buf, len, issuer, kidhex, &ld, err) != 0) {
		if (err != NULL)
			snprintf(err->where, sizeof err->where, "%s", path);
		goto out;
	}
	date_format_iso(ld, listed);
	for (i = 0; i < KID_LEN; i++) {
		if ((b = hexbyte(kidhex + 2 * i)) < 0) {
			sg_err_set(err, "E-STATUS", path, "bad key id");
			goto out;
		}
		kid[i] = (unsigned char)b;
	}
	nc = trust_find_kid(tab->ts, kid, cand, 8);
	for (i = 0, ok = 0; i < nc && i < 8 && !ok; i++) {
		if (verify_key_check(cand[i]->key, (unsigned char *)buf, n, sig,
		    err) != 1)
			continue;
		sigok = 1;
		/* The key, at the list's date. */
		tr = trust_judge_key(tab->ts, cand[i], ld, issuer, NULL, detail,
		    sizeof detail);
		if (tr == TRUST_OK)
			ok = 1;
		else if (tr == TRUST_CERT_REVOKED)
			worst = tr;
	}
	if (!ok && worst == TRUST_CERT_REVOKED) {
		notice(tab, "W-STATUS-KEY-REVOKED", path, "the status list of %s "
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
		if (number_of_office(tab, num, digits) == 0) {
			foreign++;
			continue;
		}
		if (status_put(tab, issuer, num, state, by, date, listed) != 0) {
			sg_err_set(err, "E-SYSTEM", path, "out of memory");
			goto out;
		}
	}
	if (foreign > 0)
		notice(tab, "W-STATUS-FOREIGN", path, "%lu %s about other "
		    "offices' documents ignored: a list speaks only for its "
		    "own office (%s)", foreign, foreign == 1 ? "entry" :
		    "entries", issuer);
	/* An "as of" date: raised only from lists that were accepted. */
	if (date_cmp(ld, tab->newest) > 0)
		tab->newest = ld;
	if (status_asof_note(tab, issuer, listed) != 0) {
		sg_err_set(err, "E-SYSTEM", path, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

int
status_table_load(status_table *tab, const char *path, sg_err *err)
{
	char *buf = NULL;
	size_t len = 0;

	/* A regular file only: a FIFO named *.status must not hang. */
	if (file_read_all(path, STATUS_MAX_BYTES, 0, "E-STATUS", &buf, &len,
	    err) != 0)
		return -1;
	return load_buf(tab, path, buf, len, err);
}

int
status_table_load_mem(status_table *tab, const char *name,
    const void *data, size_t len, sg_err *err)
{
	char *buf;

	if (len > STATUS_MAX_BYTES) {
		sg_err_set(err, "E-STATUS", name, "%zu bytes, more than the "
		    "limit of %u", len, STATUS_MAX_BYTES);
		return -1;
	}
	if ((buf = malloc(len + 1)) == NULL) {
		sg_err_set(err, "E-SYSTEM", name, "out of memory");
		return -1;
	}
	if (len > 0)
		memcpy(buf, data, len);
	buf[len] = '\0';
	return load_buf(tab, name, buf, len, err);
}


/*
 * The status of a number from the lists of the seal's issuer and of the
 * offices above it ("75" above "75.01"): a revocation beats a
 * supersession.  NULL when no list names it.
 */
static const json_t *
status_of(const status_table *tab, const char *issuer, const char *number)
{
	char code[32], key[128], *dot;
	const json_t *e, *best = NULL;

	snprintf(code, sizeof code, "%s", issuer);
	for (;;) {
		snprintf(key, sizeof key, "%s\t%s", code, number);
		e = json_object_get(tab->map, key);
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
status_table_find(const status_table *t, const char *issuer,
    const char *number, status_entry *out)
{
	const json_t *e = status_of(t, issuer, number);

	memset(out, 0, sizeof *out);
	if (e == NULL)
		return 0;
	out->revoked = strcmp(json_string_value(json_object_get(e, "state")),
	    "revoked") == 0;
	snprintf(out->by, sizeof out->by, "%s",
	    json_string_value(json_object_get(e, "by")));
	snprintf(out->date, sizeof out->date, "%s",
	    json_string_value(json_object_get(e, "date")));
	snprintf(out->listed, sizeof out->listed, "%s",
	    json_string_value(json_object_get(e, "listed")));
	return 1;
}

/* ---- how fresh the news is (verifier's revocation_asof) ---- */

/* An accepted list of office `issuer`, dated `listed` (YYYY-MM-DD, which
 * sorts as text): keep the newest date per office. */
static int
status_asof_note(status_table *tab, const char *issuer, const char *listed)
{
	const char *old;

	if (tab->asof == NULL && (tab->asof = json_object()) == NULL)
		return -1;
	old = json_string_value(json_object_get(tab->asof, issuer));
	if (old != NULL && strcmp(old, listed) >= 0)
		return 0;
	return json_object_set_new(tab->asof, issuer, json_string(listed));
}

int
status_table_asof(const status_table *t, const char *issuer, sg_date *out)
{
	char code[32], *dot;
	const char *d, *best = NULL;

	memset(out, 0, sizeof *out);
	if (t == NULL || t->asof == NULL || issuer == NULL)
		return 0;
	snprintf(code, sizeof code, "%s", issuer);
	for (;;) {
		d = json_string_value(json_object_get(t->asof, code));
		if (d != NULL && (best == NULL || strcmp(d, best) > 0))
			best = d;
		if ((dot = strrchr(code, '.')) == NULL)
			break;
		*dot = '\0';
	}
	return best != NULL && date_parse_iso(best, out) == 0;
}
