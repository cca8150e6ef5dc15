#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

struct ledger {
	int fd;
	char *path;
	off_t size;        /* committed bytes */
	json_t *by_key, *by_number, *serials, *status, *statuses;
	char *pend;        /* queued lines */
	size_t plen, pcap, npend;
};

int
ledger_record_key(const char *type, const json_t *fields, char key[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	char *s;
	int i, rc = -1;

	if ((s = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, type, strlen(type)) == 1 &&
	    EVP_DigestUpdate(ctx, "\n", 1) == 1 &&
	    EVP_DigestUpdate(ctx, s, strlen(s)) == 1 &&
	    EVP_DigestFinal_ex(ctx, md, &mdlen) == 1) {
		for (i = 0; i < 32; i++) {
			key[2 * i] = "0123456789abcdef"[md[i] >> 4];
			key[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
		}
		key[64] = '\0';
		rc = 0;
	}
	EVP_MD_CTX_free(ctx);
	free(s);
	return rc;
}

/* "7501-LT-23112026-0012" -> prefix "7501-LT-23112026-", serial 12. */
static int
split_number(const char *number, char *prefix, size_t psz,
    unsigned long *serial)
{
	size_t n = strlen(number), d = n;

	while (d > 0 && number[d - 1] >= '0' && number[d - 1] <= '9')
		d--;
	if (d == n || n - d > 9 || d >= psz)
		return -1;
	memcpy(prefix, number, d);
	prefix[d] = '\0';
	*serial = strtoul(number + d, NULL, 10);
	return 0;
}

/* Make an entry known to the lookups. */
static int
index_entry(ledger *l, json_t *e)
{
	const char *num, *key, *st;
	char prefix[128];
	unsigned long serial;
	json_t *cur;

	if ((num = json_string_value(json_object_get(e, "number"))) != NULL) {
		key = json_string_value(json_object_get(e, "key"));
		if (key == NULL)
			return -1;
		json_object_set(l->by_key, key, e);
		json_object_set(l->by_number, num, e);
		if (split_number(num, prefix, sizeof prefix, &serial) == 0) {
			cur = json_object_get(l->serials, prefix);
			if (cur == NULL ||
			    (unsigned long)json_integer_value(cur) < serial)
				json_object_set_new(l->serials, prefix,
				    json_integer((json_int_t)serial));
		}
		return 0;
	}
	st = json_string_value(json_object_get(e, "revoke"));
	if (st == NULL)
		st = json_string_value(json_object_get(e, "supersede"));
	if (st == NULL)
		return -1;
	json_object_set(l->status, st, e);
	json_array_append(l->statuses, e);
	return 0;
}

static int
load(ledger *l, sg_err *err)
{
	struct stat st;
	char *buf = NULL, *p, *nl, where[600];
	size_t len = 0;
	ssize_t n;
	unsigned long line = 0;
	json_t *e;
	int rc = -1;

	if (fstat(l->fd, &st) != 0) {
		sg_err_sys(err, l->path, "cannot read ledger");
		return -1;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		return -1;
	}
	while (len < (size_t)st.st_size &&
	    (n = pread(l->fd, buf + len, (size_t)st.st_size - len,
	    (off_t)len)) > 0)
		len += (size_t)n;
	if (len != (size_t)st.st_size) {
		sg_err_sys(err, l->path, "cannot read ledger");
		goto out;
	}
	buf[len] = '\0';
	for (p = buf; p < buf + len; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL) {
			/* a torn last write: never committed, cut it off */
			if (ftruncate(l->fd, (off_t)(p - buf)) != 0 ||
			    fdatasync(l->fd) != 0) {
				sg_err_sys(err, l->path, "cannot repair ledger");
				goto out;
			}
			len = (size_t)(p - buf);
			break;
		}
		if (nl == p)
			continue;
		e = json_loadb(p, (size_t)(nl - p), 0, NULL);
		if (e == NULL || !json_is_object(e) || index_entry(l, e) != 0) {
			json_decref(e);
			snprintf(where, sizeof where, "%s:%lu", l->path, line);
			sg_err_set(err, "E-LEDGER-CORRUPT", where, "this ledger "
			    "line is not an entry; the ledger needs a person's "
			    "look before anything more is signed");
			goto out;
		}
		json_decref(e);
	}
	l->size = (off_t)len;
	rc = 0;
out:
	free(buf);
	return rc;
}

/* Make a new file's name durable: sync its folder. */
static void
sync_dir(const char *path)
{
	char *copy = strdup(path);
	int dfd;

	if (copy == NULL)
		return;
	if ((dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(copy);
}

ledger *
ledger_open(const char *path, sg_err *err)
{
	ledger *l;
	struct stat st;
	int created;

	if ((l = calloc(1, sizeof *l)) == NULL)
		return NULL;
	l->fd = -1;
	created = stat(path, &st) != 0;
	if ((l->path = strdup(path)) == NULL ||
	    (l->by_key = json_object()) == NULL ||
	    (l->by_number = json_object()) == NULL ||
	    (l->serials = json_object()) == NULL ||
	    (l->status = json_object()) == NULL ||
	    (l->statuses = json_array()) == NULL) {
		sg_err_set(err, "E-SYSTEM", path, "out of memory");
		goto bad;
	}
	if ((l->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600)) < 0) {
		sg_err_sys(err, path, "cannot open ledger");
		goto bad;
	}
	if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			sg_err_set(err, "E-LEDGER-LOCKED", path, "another signer "
			    "has this ledger open; wait for it to finish");
		else
			sg_err_sys(err, path, "cannot lock ledger");
		goto bad;
	}
	if (created) {
		fsync(l->fd);
		sync_dir(path);
	}
	if (load(l, err) != 0)
		goto bad;
	return l;
bad:
	ledger_close(l, NULL);
	return NULL;
}

int
ledger_close(ledger *l, sg_err *err)
{
	int rc = 0;

	if (l == NULL)
		return 0;
	if (l->fd >= 0 && l->npend > 0)
		rc = ledger_commit(l, err);
	if (l->fd >= 0)
		close(l->fd); /* drops the lock */
	json_decref(l->by_key);
	json_decref(l->by_number);
	json_decref(l->serials);
	json_decref(l->status);
	json_decref(l->statuses);
	free(l->pend);
	free(l->path);
	free(l);
	return rc;
}

const json_t *
ledger_find_key(ledger *l, const char *key)
{
	return json_object_get(l->by_key, key);
}

const json_t *
ledger_find_number(ledger *l, const char *number)
{
	return json_object_get(l->by_number, number);
}

unsigned long
ledger_last_serial(ledger *l, const char *prefix)
{
	return (unsigned long)json_integer_value(json_object_get(l->serials,
	    prefix));
}

const json_t *
ledger_status(ledger *l, const char *number)
{
	return json_object_get(l->status, number);
}

const json_t *
ledger_statuses(ledger *l)
{
	return l->statuses;
}

size_t
ledger_pending(const ledger *l)
{
	return l->npend;
}

static int
queue(ledger *l, json_t *e, sg_err *err)
{
	char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t n;

	if (s == NULL || index_entry(l, e) != 0) {
		free(s);
		sg_err_set(err, "E-SYSTEM", l->path, "cannot queue entry");
		return -1;
	}
	n = strlen(s);
	if (l->plen + n + 1 > l->pcap) {
		size_t ncap = l->pcap ? l->pcap * 2 : 65536;
		char *np;

		while (ncap < l->plen + n + 1)
			ncap *= 2;
		if ((np = realloc(l->pend, ncap)) == NULL) {
			free(s);
			sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
			return -1;
		}
		l->pend = np;
		l->pcap = ncap;
	}
	memcpy(l->pend + l->plen, s, n);
	l->pend[l->plen + n] = '\n';
	l->plen += n + 1;
	l->npend++;
	free(s);
	return 0;
}

int
ledger_add_issue(ledger *l, const char *number, const char *type,
    const char *issuer, sg_date issued, const char *key, sg_err *err)
{
	char iso[11];
	json_t *e;
	int rc;

	date_format_iso(issued, iso);
	e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "number", number, "type",
	    type, "issuer", issuer, "issued", iso, "key", key);
	if (e == NULL) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		return -1;
	}
	rc = queue(l, e, err);
	json_decref(e);
	return rc;
}

int
ledger_add_status(ledger *l, const char *number, const char *by,
    sg_date date, const char *reason, sg_err *err)
{
	char iso[11];
	json_t *e;
	int rc;

	date_format_iso(date, iso);
	if (by != NULL)
		e = json_pack("{s:s, s:s, s:s, s:s}", "supersede", number, "by",
		    by, "date", iso, "reason", reason ? reason : "");
	else
		e = json_pack("{s:s, s:s, s:s}", "revoke", number, "date", iso,
		    "reason", reason ? reason : "");
	if (e == NULL) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		return -1;
	}
	rc = queue(l, e, err);
	json_decref(e);
	return rc;
}

int
ledger_commit(ledger *l, sg_err *err)
{
	size_t done = 0;
	ssize_t n;

	if (l->npend == 0)
		return 0;
	while (done < l->plen) {
		n = write(l->fd, l->pend + done, l->plen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sg_err_sys(err, l->path, "cannot write ledger");
			goto undo;
		}
		done += (size_t)n;
	}
	if (fdatasync(l->fd) != 0) {
		sg_err_sys(err, l->path, "cannot sync ledger");
		goto undo;
	}
	l->size += (off_t)l->plen;
	l->plen = 0;
	l->npend = 0;
	return 0;
undo:
	/* leave no partial line behind; the entries stay queued */
	if (ftruncate(l->fd, l->size) != 0)
		return -1;
	return -1;
}
