#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "file.h"
#include "jsonline.h"

struct ledger {
	int fd;
	char *path, *head;  /* the ledger and its head file (formats/ledger.md) */
	off_t size;        /* committed bytes */
	unsigned long entries; /* committed lines */
	char last[65];     /* SHA-256 hex of the last committed line, or "-" */
	json_t *by_key, *by_number, *serials, *status, *statuses;
	char *pend;        /* queued lines */
	size_t plen, pcap, npend;
};

/* A growing byte buffer for the canonical form of a record. */
struct canon {
	char *p;
	size_t len, cap;
	int ok;
};

static void
canon_put(struct canon *c, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (!c->ok)
		return;
	if (c->len + n > c->cap) {
		ncap = c->cap ? c->cap : 1024;
		while (ncap < c->len + n)
			ncap *= 2;
		if ((np = realloc(c->p, ncap)) == NULL) {
			c->ok = 0;
			return;
		}
		c->p = np;
		c->cap = ncap;
	}
	memcpy(c->p + c->len, s, n);
	c->len += n;
}

/* Printable ASCII that JSON writes as it is: no escapes needed. */
static int
plain(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * jansson's json_dumps(JSON_COMPACT | JSON_SORT_KEYS) of j, for records
 * made of objects, lists and plain strings (almost every validated
 * record); 0 when done, -1 when j holds anything else (then the caller
 * asks jansson itself).  The ledger's keys must stay what they were.
 */
static int
canon_value(struct canon *c, const json_t *j)
{
	const char *k, *keys[64];
	const json_t *v;
	size_t i, n;

	switch (json_typeof(j)) {
	case JSON_STRING:
		n = json_string_length(j);
		if (!plain(json_string_value(j), n))
			return -1;
		canon_put(c, "\"", 1);
		canon_put(c, json_string_value(j), n);
		canon_put(c, "\"", 1);
		return 0;
	case JSON_ARRAY:
		canon_put(c, "[", 1);
		json_array_foreach(j, i, v) {
			if (i > 0)
				canon_put(c, ",", 1);
			if (canon_value(c, v) != 0)
				return -1;
		}
		canon_put(c, "]", 1);
		return 0;
	case JSON_OBJECT:
		if ((n = json_object_size(j)) > sizeof keys / sizeof keys[0])
			return -1;
		i = 0;
		json_object_foreach((json_t *)j, k, v) {
			if (!plain(k, strlen(k)))
				return -1;
			keys[i++] = k;
		}
		qsort(keys, n, sizeof keys[0], key_cmp);
		canon_put(c, "{", 1);
		for (i = 0; i < n; i++) {
			if (i > 0)
				canon_put(c, ",", 1);
			canon_put(c, "\"", 1);
			canon_put(c, keys[i], strlen(keys[i]));
			canon_put(c, "\":", 2);
			if (canon_value(c, json_object_get(j, keys[i])) != 0)
				return -1;
		}
		canon_put(c, "}", 1);
		return 0;
	default:
		return -1;
	}
}

int
ledger_record_key(const char *type, const json_t *fields, char key[65])
{
	static struct canon c;  /* kept: one record after another */
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	char *s = NULL;
	size_t slen;
	int i, rc = -1;

	c.len = 0;
	c.ok = 1;
	if (canon_value(&c, fields) == 0 && c.ok) {
		slen = c.len;
	} else {
		if ((s = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS)) ==
		    NULL)
			return -1;
		slen = strlen(s);
	}
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, type, strlen(type)) == 1 &&
	    EVP_DigestUpdate(ctx, "\n", 1) == 1 &&
	    EVP_DigestUpdate(ctx, s ? s : c.p, slen) == 1 &&
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

/*
 * The prefix and serial of an issue entry.  An entry carries its serial
 * ("serial": 12) and its number ends with it as the signer writes it
 * ("%04lu"): the prefix is what comes before; -1 when they disagree.
 * Entries written before serials were kept fall back to the trailing
 * digits (1 when there are none: such an entry counts for no prefix).
 */
static int
split_number(const json_t *e, const char *number, char *prefix, size_t psz,
    unsigned long *serial)
{
	const json_t *sj = json_object_get(e, "serial");
	char digits[32];
	size_t n = strlen(number), d = n, k;

	if (sj != NULL) {
		if (!json_is_integer(sj) || json_integer_value(sj) < 1)
			return -1;
		*serial = (unsigned long)json_integer_value(sj);
		k = (size_t)snprintf(digits, sizeof digits, "%04lu", *serial);
		if (k > n || strcmp(number + n - k, digits) != 0 ||
		    n - k >= psz)
			return -1;
		memcpy(prefix, number, n - k);
		prefix[n - k] = '\0';
		return 0;
	}
	while (d > 0 && number[d - 1] >= '0' && number[d - 1] <= '9')
		d--;
	if (d == n || n - d > 9 || d >= psz)
		return 1;
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
	int rc;

	if ((num = json_string_value(json_object_get(e, "number"))) != NULL) {
		key = json_string_value(json_object_get(e, "key"));
		if (key == NULL)
			return -1;
		json_object_set(l->by_key, key, e);
		json_object_set(l->by_number, num, e);
		if ((rc = split_number(e, num, prefix, sizeof prefix,
		    &serial)) < 0)
			return -1;
		cur = json_object_get(l->serials, prefix);
		if (rc == 0 && (cur == NULL ||
		    (unsigned long)json_integer_value(cur) < serial))
			json_object_set_new(l->serials, prefix,
			    json_integer((json_int_t)serial));
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

/* SHA-256 hex of n bytes. */
static int
sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	if (EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		return -1;
	for (i = 0; i < 32; i++) {
		out[2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

/* The last line of buf[0..len) (len ends on a newline): its start. */
static size_t
last_line_at(const char *buf, size_t len)
{
	size_t i = len - 1;

	while (i > 0 && buf[i - 1] != '\n')
		i--;
	return i;
}

/*
 * The head (formats/ledger.md, "The head"): what the last commit left,
 * kept outside the ledger so that a ledger that lost its tail is told
 * from one that never had it.  0 read, 1 there is none, -1 unreadable.
 */
struct head {
	unsigned long entries;
	unsigned long long bytes;
	char last[65];
};

static int
head_read(const char *path, struct head *h, sg_err *err)
{
	char line[128], extra, *text = NULL;
	size_t len;
	FILE *fp = NULL;
	int ok, rc;

	/* A head is 4 short lines; a FIFO in its place must not hang. */
	if ((rc = file_read_all(path, 256, 0, "E-LEDGER-HEAD", &text, &len,
	    err)) == FILE_EMISSING)
		return 1;
	if (rc != 0)
		return -1;
	if ((fp = fmemopen(text, len, "r")) == NULL) {
		sg_err_sys(err, path, "cannot read the ledger's head");
		free(text);
		return -1;
	}
	ok = fgets(line, sizeof line, fp) != NULL &&
	    strcmp(line, "SEGEL-LEDGER-HEAD 1\n") == 0 &&
	    fgets(line, sizeof line, fp) != NULL &&
	    sscanf(line, "entries %lu%c", &h->entries, &extra) == 2 &&
	    extra == '\n' && fgets(line, sizeof line, fp) != NULL &&
	    sscanf(line, "bytes %llu%c", &h->bytes, &extra) == 2 &&
	    extra == '\n' && fgets(line, sizeof line, fp) != NULL &&
	    sscanf(line, "last %64[-0-9a-f]%c", h->last, &extra) == 2 &&
	    extra == '\n' && fgetc(fp) == EOF &&
	    (strlen(h->last) == 64 || strcmp(h->last, "-") == 0) &&
	    (h->bytes == 0) == (h->entries == 0);
	fclose(fp);
	free(text);
	if (!ok) {
		sg_err_set(err, "E-LEDGER-HEAD", path, "this is not a ledger "
		    "head (formats/ledger.md); nothing is signed until a "
		    "person has looked at the ledger and its head");
		return -1;
	}
	return 0;
}

/* Write the head for what is committed now: a new file, synced, renamed
 * over the old one, and the rename synced (file.h). */
static int
head_write(ledger *l, sg_err *err)
{
	char text[200];
	int n;

	n = snprintf(text, sizeof text, "SEGEL-LEDGER-HEAD 1\nentries %lu\n"
	    "bytes %llu\nlast %s\n", l->entries, (unsigned long long)l->size,
	    l->last);
	return file_replace(l->head, text, (size_t)n, 0600, err);
}

/*
 * Hold the ledger's first len bytes against its head.  0 when they are
 * what the last commit left; -1 (err set) when the ledger lost entries
 * or is not the one the head describes.
 */
static int
head_check(ledger *l, const struct head *h, const char *buf, size_t len,
    sg_err *err)
{
	char hash[65], *line = NULL;
	unsigned long n = 0;
	size_t i, at;
	int rc = -1;

	if (len < h->bytes) {
		/* the newline of a complete last entry, and nothing else? */
		at = len > 0 ? last_line_at(buf, len + 1) : 0;
		if (len + 1 == h->bytes && len > 0 && buf[len - 1] != '\n' &&
		    (line = malloc(len - at + 1)) != NULL) {
			memcpy(line, buf + at, len - at);
			line[len - at] = '\n';
			if (sha256_hex(line, len - at + 1, hash) == 0 &&
			    strcmp(hash, h->last) == 0) {
				sg_err_set(err, "E-LEDGER-TAIL", l->path, "the "
				    "last entry lost its newline; its record may "
				    "have gone out, so nothing is signed until "
				    "the ledger is whole again (formats/ledger.md"
				    ", \"Recovery\")");
				goto out;
			}
		}
		sg_err_set(err, "E-LEDGER-SHORT", l->path, "the ledger holds "
		    "%zu bytes, but its last commit left %llu (%lu entries; "
		    "see %s): it was cut short or restored from an older "
		    "copy, and signing now would issue numbers again; "
		    "nothing is signed until it is whole (formats/ledger.md, "
		    "\"Recovery\")", len, h->bytes, h->entries, l->head);
		goto out;
	}
	for (i = 0; i < h->bytes; i++)
		n += buf[i] == '\n';
	hash[0] = '\0';
	if (h->bytes == 0)
		strcpy(hash, "-");
	else if (buf[h->bytes - 1] == '\n') {
		at = last_line_at(buf, h->bytes);
		if (sha256_hex(buf + at, h->bytes - at, hash) != 0)
			hash[0] = '\0';
	}
	if (n != h->entries || strcmp(hash, h->last) != 0) {
		sg_err_set(err, "E-LEDGER-HEAD", l->path, "the ledger is not "
		    "the one its head %s describes (%lu entries, %llu bytes): "
		    "it was replaced or changed; nothing is signed until it "
		    "is whole (formats/ledger.md, \"Recovery\")", l->head,
		    h->entries, h->bytes);
		goto out;
	}
	rc = 0;
out:
	free(line);
	return rc;
}

static int
load(ledger *l, const struct head *h, sg_err *err)
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
	if (h != NULL) {
		if (head_check(l, h, buf, len, err) != 0)
			goto out;
		if (len > h->bytes) {
			/* written but never committed: no record went out */
			if (ftruncate(l->fd, (off_t)h->bytes) != 0 ||
			    fdatasync(l->fd) != 0) {
				sg_err_sys(err, l->path, "cannot repair ledger");
				goto out;
			}
			len = (size_t)h->bytes;
			buf[len] = '\0';
		}
	}
	for (p = buf; p < buf + len; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL) {
			/*
			 * No head (a ledger from before heads): a torn last
			 * write was never committed and is cut off, but a
			 * whole entry that lost its newline may have been.
			 */
			e = json_loadb(p, (size_t)(buf + len - p), 0, NULL);
			if (e != NULL) {
				json_decref(e);
				snprintf(where, sizeof where, "%s:%lu", l->path,
				    line);
				sg_err_set(err, "E-LEDGER-TAIL", where, "the "
				    "last entry lost its newline; its record "
				    "may have gone out, so nothing is signed "
				    "until the ledger is whole again "
				    "(formats/ledger.md, \"Recovery\")");
				goto out;
			}
			if (ftruncate(l->fd, (off_t)(p - buf)) != 0 ||
			    fdatasync(l->fd) != 0) {
				sg_err_sys(err, l->path, "cannot repair ledger");
				goto out;
			}
			len = (size_t)(p - buf);
			break;
		}
		l->entries++;
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
	strcpy(l->last, "-");
	if (len > 0 && sha256_hex(buf + last_line_at(buf, len),
	    len - last_line_at(buf, len), l->last) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "cannot hash the ledger");
		goto out;
	}
	/* a ledger without a head gets one now, for what it holds */
	if (h == NULL && head_write(l, err) != 0)
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}

ledger *
ledger_open(const char *path, sg_err *err)
{
	ledger *l;
	struct stat st;
	struct head h;
	int created, hrc;

	if ((l = calloc(1, sizeof *l)) == NULL)
		return NULL;
	l->fd = -1;
	created = stat(path, &st) != 0;
	if ((l->path = strdup(path)) == NULL ||
	    (l->head = malloc(strlen(path) + 6)) == NULL ||
	    (l->by_key = json_object()) == NULL ||
	    (l->by_number = json_object()) == NULL ||
	    (l->serials = json_object()) == NULL ||
	    (l->status = json_object()) == NULL ||
	    (l->statuses = json_array()) == NULL) {
		sg_err_set(err, "E-SYSTEM", path, "out of memory");
		goto bad;
	}
	snprintf(l->head, strlen(path) + 6, "%s.head", path);
	if (created && stat(l->head, &st) == 0) {
		sg_err_set(err, "E-LEDGER-SHORT", path, "the ledger is gone, "
		    "but its head %s is there: it was moved or deleted, and "
		    "signing now would issue numbers again (formats/ledger.md, "
		    "\"Recovery\")", l->head);
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
		file_sync_dir_of(path, NULL);
	}
	if ((hrc = head_read(l->head, &h, err)) < 0 ||
	    load(l, hrc == 0 ? &h : NULL, err) != 0)
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
	free(l->head);
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
	jsonline_buf b = { l->pend, l->plen, l->pcap };
	int rc;

	/* the record stream's own line writer (lib/jsonline.h), appending */
	if (index_entry(l, e) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "cannot queue entry");
		return -1;
	}
	rc = jsonline_dump(e, &b);
	l->pend = b.p;
	l->plen = b.n;
	l->pcap = b.cap;
	if (rc != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		return -1;
	}
	l->npend++;
	return 0;
}

int
ledger_add_issue(ledger *l, const char *number, unsigned long serial,
    const char *type, const char *issuer, sg_date issued, const char *key,
    sg_err *err)
{
	char iso[11];
	json_t *e;
	int rc;

	date_format_iso(issued, iso);
	e = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "number", number,
	    "serial", (json_int_t)serial, "type", type, "issuer", issuer,
	    "issued", iso, "key", key);
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
	char last[65];

	if (l->npend == 0)
		return 0;
	memcpy(last, l->last, sizeof last);
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
	/* the commit counts once the head says so */
	l->size += (off_t)l->plen;
	l->entries += l->npend;
	if (sha256_hex(l->pend + last_line_at(l->pend, l->plen),
	    l->plen - last_line_at(l->pend, l->plen), l->last) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "cannot hash the ledger");
		goto unhead;
	}
	if (head_write(l, err) != 0)
		goto unhead;
	l->plen = 0;
	l->npend = 0;
	return 0;
unhead:
	l->size -= (off_t)l->plen;
	l->entries -= l->npend;
	memcpy(l->last, last, sizeof last);
undo:
	/* leave no partial line behind; the entries stay queued */
	if (ftruncate(l->fd, l->size) != 0)
		return -1;
	return -1;
}
