#include "signer.h"
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "file.h"
#include "keys.h"
#include "region.h"
#include "ledger.h"
#include "bundle.h"
#include "seal.h"
#include "status.h"
#include "validate.h"

struct signer {
	const profile *p;
	const doctype_set *types;
	const codetab_set *codes;
	sg_date today;
	sign_key *key;
	X509 *cert;
	unsigned char kid[KID_LEN];
	char kidhex[2 * KID_LEN + 1];
	ledger *l;
	validator *v;       /* the type's rules, as segel-validate runs them */
	json_t *seen;       /* content key -> number, for this run */
	/* signing in the background (signer_sign_later) */
	int later, thread_up, quit, stale;
	sign_key *key2;     /* the thread's own contexts */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct seal_job *jobs; /* this batch's seals, in order */
	size_t njobs, cjobs, next, ndone;
	int idle, job_failed;  /* the thread waits; a seal failed */
	sg_err job_err;
};

/* A seal to sign: its header and body, then its text or what went wrong. */
struct seal_job {
	seal_header h;
	unsigned char *body;
	size_t len;
	char *text;
	int rc;
};

/* Take the next job and sign it with k; mu is held on entry and exit. */
static void
job_run(signer *s, sign_key *k)
{
	size_t i = s->next++;
	seal_header h = s->jobs[i].h;
	const unsigned char *body = s->jobs[i].body;
	size_t len = s->jobs[i].len;
	char *text;
	sg_err err;
	int rc;

	pthread_mutex_unlock(&s->mu);
	sg_err_clear(&err);
	rc = seal_sign_body(&h, body, len, k, &text, &err);
	pthread_mutex_lock(&s->mu);
	s->jobs[i].text = text;
	s->jobs[i].rc = rc;
	if (rc != 0 && !s->job_failed) {
		s->job_err = err;  /* the first failure says why */
		s->job_failed = 1;
	}
	s->ndone++;
	pthread_cond_signal(&s->done);
}

/* The signing thread: the seals of the batch, as they come. */
static void *
signing_thread(void *arg)
{
	signer *s = arg;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->next == s->njobs && !s->quit) {
			s->idle = 1;
			pthread_cond_wait(&s->work, &s->mu);
			s->idle = 0;
		}
		if (s->next == s->njobs)
			break;
		job_run(s, s->key2);
	}
	pthread_mutex_unlock(&s->mu);
	seal_thread_end();
	return NULL;
}

/* Forget the jobs of a batch that went out. */
static void
jobs_clear(signer *s)
{
	size_t i;

	pthread_mutex_lock(&s->mu);
	for (i = 0; i < s->njobs; i++) {
		free(s->jobs[i].body);
		free(s->jobs[i].text);
	}
	s->njobs = s->next = s->ndone = 0;
	s->stale = s->job_failed = 0;
	pthread_mutex_unlock(&s->mu);
}

/* Every seal of the batch signed: this thread helps, then waits. */
static int
jobs_finish(signer *s, sg_err *err)
{
	pthread_mutex_lock(&s->mu);
	pthread_cond_signal(&s->work);
	while (s->next < s->njobs)
		job_run(s, s->key);
	while (s->ndone < s->njobs)
		pthread_cond_wait(&s->done, &s->mu);
	pthread_mutex_unlock(&s->mu);
	if (s->job_failed) {
		if (err != NULL)
			*err = s->job_err;
		return -1;
	}
	return 0;
}

int
signer_sign_later(signer *s, sg_err *err)
{
	if (s->later)
		return 0;
	if ((s->key2 = key_dup(s->key, err)) == NULL)
		return -1;
	if (pthread_mutex_init(&s->mu, NULL) != 0 ||
	    pthread_cond_init(&s->work, NULL) != 0 ||
	    pthread_cond_init(&s->done, NULL) != 0 ||
	    pthread_create(&s->thread, NULL, signing_thread, s) != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "cannot start the signing "
		    "thread");
		key_free(s->key2);
		s->key2 = NULL;
		return -1;
	}
	s->thread_up = 1;
	s->later = 1;
	return 0;
}

size_t
signer_deferred(const signer *s)
{
	return s->njobs;
}

const char *
signer_seal(const signer *s, size_t i)
{
	return i < s->njobs && s->stale ? s->jobs[i].text : NULL;
}

/* Queue a seal's body (taken over) for the signing thread. */
static int
job_add(signer *s, const seal_header *h, unsigned char *body, size_t len,
    sg_err *err)
{
	struct seal_job *nj;
	size_t cap;

	pthread_mutex_lock(&s->mu);
	if (s->njobs == s->cjobs) {
		cap = s->cjobs ? 2 * s->cjobs : 256;
		if ((nj = realloc(s->jobs, cap * sizeof *nj)) == NULL) {
			pthread_mutex_unlock(&s->mu);
			free(body);
			sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
			return -1;
		}
		s->jobs = nj;
		s->cjobs = cap;
	}
	memset(&s->jobs[s->njobs], 0, sizeof s->jobs[0]);
	s->jobs[s->njobs].h = *h;
	s->jobs[s->njobs].body = body;
	s->jobs[s->njobs].len = len;
	s->njobs++;
	/* woken for a few seals at a time, not one: a wake is a system call */
	if (s->idle && s->njobs - s->next >= 8)
		pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
	return 0;
}

/* Is "seal" the record's last key (so its text can follow later)? */
static int
seal_is_last(json_t *rec)
{
	void *it = json_object_iter(rec), *last = NULL;

	for (; it != NULL; it = json_object_iter_next(rec, it))
		last = it;
	return last != NULL && json_object_iter_value(last) ==
	    json_object_get(rec, "seal");
}

static X509 *
read_cert(const char *path, sg_err *err)
{
	FILE *fp = fopen(path, "r");
	X509 *x;

	if (fp == NULL) {
		sg_err_sys(err, path, "cannot read certificate");
		return NULL;
	}
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (x == NULL)
		sg_err_set(err, "E-SIGN-CERT", path, "not a PEM certificate");
	return x;
}

signer *
signer_new(const profile *p, const doctype_set *types,
    const codetab_set *codes, const region_table *regions, sg_date today,
    int pass_fd, sg_err *err)
{
	signer *s;
	size_t i;

	if (profile_check(p, err) != 0)
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	s->p = p;
	s->types = types;
	s->codes = codes;
	s->today = today;
	if ((s->seen = json_object()) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto bad;
	}
	if ((s->v = val_new(types, codes, regions, err)) == NULL)
		goto bad;
	val_set_today(s->v, today);
	val_set_duplicates(s->v, 0); /* E-SIGN-DUPLICATE says more */
	if ((s->key = key_load_private(profile_get(p, "key"),
	    profile_get(p, "passphrase-file"), pass_fd, err)) == NULL)
		goto bad;
	if ((s->cert = read_cert(profile_get(p, "cert"), err)) == NULL)
		goto bad;
	if (key_matches_x509(s->key, s->cert) != 1) {
		sg_err_set(err, "E-SIGN-CERT", profile_get(p, "cert"), "the "
		    "certificate is not the key's (%s)", profile_get(p, "key"));
		goto bad;
	}
	if (key_id_of_x509(s->cert, s->kid) != 0) {
		sg_err_set(err, "E-SIGN-CERT", profile_get(p, "cert"),
		    "cannot compute the key id");
		goto bad;
	}
	for (i = 0; i < KID_LEN; i++)
		snprintf(s->kidhex + 2 * i, 3, "%02x", s->kid[i]);
	if ((s->l = ledger_open(profile_get(p, "ledger"), err)) == NULL)
		goto bad;
	return s;
bad:
	signer_free(s, NULL);
	return NULL;
}

int
signer_free(signer *s, sg_err *err)
{
	int rc = 0;

	if (s == NULL)
		return 0;
	if (s->thread_up) {
		pthread_mutex_lock(&s->mu);
		s->quit = 1;
		pthread_cond_signal(&s->work);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
		/* a batch never committed: its ledger entries go in below,
		 * and none of its records went out */
		jobs_clear(s);
		free(s->jobs);
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->work);
		pthread_cond_destroy(&s->done);
	}
	if (s->l != NULL)
		rc = ledger_close(s->l, err);
	key_free(s->key2);
	key_free(s->key);
	X509_free(s->cert);
	val_free(s->v);
	json_decref(s->seen);
	free(s);
	return rc;
}

int
signer_check_bundle(signer *s, const char *path, sg_err *err)
{
	bundle *b;
	int rc;

	if ((b = bundle_load(path, err)) == NULL)
		return -1;
	rc = bundle_office_check(b, s->cert, profile_get(s->p, "region"),
	    s->today, err);
	bundle_free(b);
	return rc;
}

int
signer_commit(signer *s, sg_err *err)
{
	if (s->later && !s->stale && s->njobs > 0) {
		if (jobs_finish(s, err) != 0)
			return -1;
	}
	if (ledger_commit(s->l, err) != 0)
		return -1;
	if (s->later && s->njobs > 0)
		s->stale = 1;
	return 0;
}

size_t
signer_pending(const signer *s)
{
	return ledger_pending(s->l);
}

/* Expand a number pattern up to {serial}: the ledger counts per prefix. */
static int
number_prefix(const char *pattern, const char *code, const char *region,
    sg_date d, char *out, size_t outsz)
{
	char reg[8], day[16];
	size_t n = 0, i, j = 0;
	const char *p = pattern, *v;

	for (i = 0; region[i] != '\0' && j + 1 < sizeof reg; i++)
		if (region[i] != '.')
			reg[j++] = region[i];
	reg[j] = '\0';
	snprintf(day, sizeof day, "%02d%02d%04d", d.d, d.m, d.y);
	while (*p != '\0') {
		v = NULL;
		if (strncmp(p, "{serial}", 8) == 0)
			break;
		if (strncmp(p, "{issuer}", 8) == 0)
			v = reg, p += 8;
		else if (strncmp(p, "{code}", 6) == 0)
			v = code, p += 6;
		else if (strncmp(p, "{date}", 6) == 0)
			v = day, p += 6;
		if (v != NULL) {
			if (n + strlen(v) >= outsz)
				return -1;
			memcpy(out + n, v, strlen(v));
			n += strlen(v);
			continue;
		}
		if (n + 1 >= outsz)
			return -1;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return 0;
}

/*
 * The record breaks its type's rules: every problem goes into its
 * "errors" (as segel-validate writes them), err sums them up.
 */
static int
invalid(signer *s, json_t *rec, sg_err *err)
{
	const val_problem *p, *first = NULL;
	size_t i, n = val_problem_count(s->v), nerr = 0;

	for (i = 0; i < n; i++) {
		p = val_problem_at(s->v, i);
		if (p->severity == VAL_ERROR && nerr++ == 0)
			first = p;
	}
	if (val_annotate(s->v, rec, 1) != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -2;
	}
	if (first == NULL) /* cannot be: the worst was an error */
		sg_err_set(err, "E-SIGN-INVALID", "", "the record breaks the "
		    "rules of its document type");
	else if (nerr > 1)
		sg_err_set(err, "E-SIGN-INVALID", first->path, "%s [%s] (and "
		    "%zu more errors: see \"errors\"); the rules of its type "
		    "reject it, so it is not signed", first->message,
		    first->code, nerr - 1);
	else
		sg_err_set(err, "E-SIGN-INVALID", first->path, "%s [%s]; the "
		    "rules of its type reject it, so it is not signed",
		    first->message, first->code);
	return -1;
}

/*
 * A number issued before comes back only for a document still current
 * and only once a run: not when it was revoked or superseded, and not for
 * the second copy of one document in the batch.
 */
static int
reissue_check(signer *s, const char *num, const char *key, sg_err *err)
{
	const json_t *st = ledger_status(s->l, num), *was;
	const char *date, *reason, *by;

	if ((was = json_object_get(s->seen, key)) != NULL) {
		sg_err_set(err, "E-SIGN-DUPLICATE", "", "the same document "
		    "(type and fields) as an earlier record of this run, "
		    "issued as %s; a document is issued once",
		    json_string_value(was));
		return -1;
	}
	if (st == NULL)
		return 0;
	date = json_string_value(json_object_get(st, "date"));
	reason = json_string_value(json_object_get(st, "reason"));
	if ((by = json_string_value(json_object_get(st, "by"))) != NULL) {
		sg_err_set(err, "E-SIGN-SUPERSEDED", "", "this document was "
		    "issued as %s, superseded on %s by %s; the current "
		    "document is %s, so the old one is not issued again", num,
		    date ? date : "?", by, by);
		return -1;
	}
	sg_err_set(err, "E-SIGN-REVOKED", "", "this document was issued as "
	    "%s and revoked on %s%s%s%s; it is not issued again.  To replace "
	    "it, sign the corrected record (a new number), then mark the old "
	    "one: segel-sign --supersede %s --by NEW", num, date ? date : "?",
	    reason && *reason ? " (" : "", reason && *reason ? reason : "",
	    reason && *reason ? ")" : "", num);
	return -1;
}

int
signer_sign(signer *s, json_t *rec, sg_err *err)
{
	const char *tid = rec_type(rec);
	const char *region = profile_get(s->p, "region"), *wil;
	const doctype_field *rf;
	json_t *fields;
	rec_issue_info is;
	ledger_issue prev;
	const doctype *t;
	seal_header h;
	char key[65], prefix[64], iso[11];
	char *text = NULL;
	unsigned char *body = NULL;
	size_t bodylen = 0;
	unsigned long serial = 0;
	int worst, found, later, rc;

	if (s->stale)
		jobs_clear(s); /* the last batch is out */
	if (rec_errors(rec) != NULL) {
		sg_err_set(err, "E-SIGN-REJECTED", "errors", "the record "
		    "carries errors from an earlier tool; it is a reject");
		return -1;
	}
	/* the type's rules, whatever came before: a reject is never sealed */
	if ((worst = val_check(s->v, rec)) < 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -2;
	}
	if (worst >= VAL_ERROR)
		return invalid(s, rec, err);
	fields = rec_fields(rec);
	t = tid ? doctype_set_find(s->types, tid) : NULL;
	if (t == NULL || fields == NULL) {
		sg_err_set(err, "E-SIGN-RECORD", "type", "not a record of a "
		    "known document type with fields");
		return -1;
	}
	if (doctype_seal_code(t) == 0 || doctype_number_pattern(t) == NULL) {
		sg_err_set(err, "E-SIGN-TYPE", "type", "document type %s has "
		    "no seal or number definition", tid);
		return -1;
	}
	if ((rf = doctype_region_field(t)) != NULL) {
		wil = json_string_value(json_object_get(fields, rf->name));
		if (wil == NULL || *wil == '\0') {
			sg_err_set(err, "E-SIGN-REGION", rf->name, "the "
			    "document names no region; this office signs only "
			    "for %s", region);
			return -1;
		}
		if (!region_code_covers(region, wil)) {
			sg_err_set(err, "E-SIGN-REGION", rf->name, "the "
			    "document is for region %s; this office signs for "
			    "%s", wil, region);
			return -1;
		}
	}
	if (ledger_record_key(tid, fields, key) != 0) {
		sg_err_set(err, "E-SYSTEM", NULL, "cannot hash the record");
		return -2;
	}
	memset(&h, 0, sizeof h);
	snprintf(h.issuer, sizeof h.issuer, "%s", region);
	memcpy(h.kid, s->kid, KID_LEN);
	if ((found = ledger_find_key(s->l, key, &prev, err)) < 0)
		return -2;
	if (found) {
		/* issued before: the same number and date again */
		if (reissue_check(s, prev.number, key, err) != 0)
			return -1;
		if ((size_t)snprintf(h.number, sizeof h.number, "%s",
		    prev.number) >= sizeof h.number) {
			sg_err_set(err, "E-LEDGER-CORRUPT", prev.number,
			    "document number too long");
			return -2;
		}
		h.issued = prev.issued;
	} else {
		h.issued = s->today;
		if (number_prefix(doctype_number_pattern(t),
		    doctype_number_code(t), region, s->today, prefix,
		    sizeof prefix) != 0) {
			sg_err_set(err, "E-SIGN-TYPE", "type", "number pattern "
			    "of %s too long", tid);
			return -1;
		}
		serial = ledger_last_serial(s->l, prefix) + 1;
		if ((size_t)snprintf(h.number, sizeof h.number, "%s%04lu",
		    prefix, serial) >= sizeof h.number) {
			sg_err_set(err, "E-SIGN-TYPE", "type", "document number "
			    "too long");
			return -1;
		}
	}
	later = s->later && rec_seal(rec) == NULL;
	if (later) {
		/* the fields encoded and checked now; deflate and signature
		 * on the signing thread */
		if (seal_body(t, s->codes, fields, &h, key_alg(s->key), &body,
		    &bodylen, err) != 0)
			return -1;
	} else if (seal_make(t, s->codes, fields, &h, s->key, &text,
	    err) != 0)
		return -1;
	if (!found && ledger_add_issue(s->l, h.number, serial, tid,
	    region, h.issued, key, err) != 0) {
		free(text);
		free(body);
		return -2;
	}
	if (json_object_set_new(s->seen, key, json_string(h.number)) != 0) {
		free(text);
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -2;
	}
	date_format_iso(h.issued, iso);
	is.number = h.number;
	is.issued = iso;
	is.issuer = region;
	is.kid = s->kidhex;
	is.office = profile_get(s->p, "office");
	is.official = profile_get(s->p, "official");
	is.nip = profile_get(s->p, "nip") ? profile_get(s->p, "nip") : "";
	if (is.office == NULL || is.official == NULL ||
	    rec_set_issue(rec, &is) != 0 ||
	    rec_set_seal(rec, text ? text : "") != 0) {
		free(text);
		free(body);
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -2;
	}
	free(text);
	if (later) {
		/* an empty "seal", last: the writer puts the text there */
		if (!seal_is_last(rec)) {
			rc = seal_sign_body(&h, body, bodylen, s->key, &text,
			    err);
			free(body);
			if (rc == 0 && rec_set_seal(rec, text) != 0) {
				sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
				rc = -1;
			}
			if (rc != 0) {
				free(text);
				return -2;
			}
			free(text);
			return 0;
		}
		if (job_add(s, &h, body, bodylen, err) != 0)
			return -2;
	}
	return 0;
}

int
signer_set_status(signer *s, const char *number, const char *by,
    const char *reason, sg_err *err)
{
	const json_t *st;
	int rc;

	if ((rc = ledger_find_number(s->l, number, NULL, err)) <= 0) {
		if (rc == 0)
			sg_err_set(err, "E-SIGN-UNKNOWN-NUMBER", number, "this "
			    "ledger never issued that number");
		return -1;
	}
	if (by != NULL && (rc = ledger_find_number(s->l, by, NULL, err)) <= 0) {
		if (rc < 0)
			return -1;
		sg_err_set(err, "E-SIGN-UNKNOWN-NUMBER", by, "this ledger "
		    "never issued the superseding number");
		return -1;
	}
	if (by != NULL && strcmp(by, number) == 0) {
		sg_err_set(err, "E-SIGN-STATUS", number, "a document cannot "
		    "supersede itself");
		return -1;
	}
	st = ledger_status(s->l, number);
	if (st != NULL && json_object_get(st, "revoke") != NULL) {
		sg_err_set(err, "E-SIGN-STATUS", number, "already revoked on "
		    "%s; a revocation is final",
		    json_string_value(json_object_get(st, "date")));
		return -1;
	}
	if (by != NULL && (st = ledger_status(s->l, by)) != NULL) {
		sg_err_set(err, "E-SIGN-STATUS", by, "the superseding document "
		    "is itself %s; name the current one",
		    json_object_get(st, "revoke") ? "revoked" : "superseded");
		return -1;
	}
	if (ledger_add_status(s->l, number, by, s->today, reason, err) != 0)
		return -1;
	return ledger_commit(s->l, err);
}

int
signer_write_status_list(signer *s, const char *path, sg_err *err)
{
	return status_list_write(path, profile_get(s->p, "region"), s->kidhex,
	    s->today, ledger_statuses(s->l), s->key, err);
}
