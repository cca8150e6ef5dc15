#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "file.h"
#include "jsonline.h"

/* The longest line an entry may have; longer ones are not entries. */
#define LINE_MAX_BYTES (64u << 10)
/* What the ledger is read in. */
#define READ_CHUNK (1u << 20)

/*
 * One issue entry in the index: hashes to find it by, and where its line
 * is (offsets count the committed bytes, then the queue after them).
 * The line itself is read again when the entry is wanted.
 */
struct ent {
	uint64_t keyh;     /* hash of its content key */
	uint64_t off;      /* where its line starts */
	uint32_t numh;     /* hash of its number */
	uint32_t len;      /* its length, newline not counted */
};

struct ledger {
	int fd;
	char *path, *head;  /* the ledger and its head file (formats/ledger.md) */
	off_t size;        /* committed bytes */
	unsigned long entries; /* committed lines */
	char last[65];     /* SHA-256 hex of the last committed line, or "-" */
	struct ent *ent;   /* issue entries, in ledger order */
	size_t nent, cent;
	uint32_t *bykey, *bynum; /* open addressing: entry index + 1, 0 free */
	size_t tcap;       /* slots in each, a power of two, > 1.5 nent */
	size_t tabled;     /* entries in the tables (the rest: being loaded) */
	int loading;       /* reading the ledger: tables filled at the end */
	json_t *serials;   /* prefix -> highest serial */
	json_t *status, *statuses; /* status entries, whole */
	sg_buf pend;       /* queued lines */
	size_t npend;
	char *line;        /* a line read again */
	size_t linecap;
};

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
canon_value(sg_buf *c, const json_t *j)
{
	const char *k, *keys[64];
	const json_t *v;
	size_t i, n;

	switch (json_typeof(j)) {
	case JSON_STRING:
		n = json_string_length(j);
		if (!plain(json_string_value(j), n))
			return -1;
		sg_buf_add(c, "\"", 1);
		sg_buf_add(c, json_string_value(j), n);
		sg_buf_add(c, "\"", 1);
		return 0;
	case JSON_ARRAY:
		sg_buf_add(c, "[", 1);
		json_array_foreach(j, i, v) {
			if (i > 0)
				sg_buf_add(c, ",", 1);
			if (canon_value(c, v) != 0)
				return -1;
		}
		sg_buf_add(c, "]", 1);
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
		sg_buf_add(c, "{", 1);
		for (i = 0; i < n; i++) {
			if (i > 0)
				sg_buf_add(c, ",", 1);
			sg_buf_add(c, "\"", 1);
			sg_buf_add(c, keys[i], strlen(keys[i]));
			sg_buf_add(c, "\":", 2);
			if (canon_value(c, json_object_get(j, keys[i])) != 0)
				return -1;
		}
		sg_buf_add(c, "}", 1);
		return 0;
	default:
		return -1;
	}
}

int
ledger_record_key(const char *type, const json_t *fields, char key[65])
{
	static sg_buf c;        /* kept: one record after another */
	static EVP_MD_CTX *ctx; /* and one digest context */
	static EVP_MD *sha256;
	unsigned char md[32];
	unsigned int mdlen = 0;
	char *s = NULL;
	size_t slen;
	int i, rc = -1;

	if (ctx == NULL && (ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (sha256 == NULL &&
	    (sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		return -1;
	sg_buf_reset(&c);
	if (canon_value(&c, fields) == 0 && c.err == 0) {
		slen = c.len;
	} else {
		if ((s = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS)) ==
		    NULL)
			return -1;
		slen = strlen(s);
	}
	if (EVP_DigestInit_ex(ctx, sha256, NULL) == 1 &&
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
	free(s);
	return rc;
}

/* ---- the index ------------------------------------------------------- */

/*
 * A string's hash for the tables: eight bytes at a time (a million keys
 * of 64 characters are hashed on open), then mixed (splitmix64's
 * finaliser).  Not for an adversary: a collision costs a line read
 * again, never a wrong entry.
 */
static uint64_t
hash_str(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static void
table_put(uint32_t *tab, size_t cap, uint64_t h, size_t idx)
{
	size_t i = (size_t)h & (cap - 1);

	while (tab[i] != 0)
		i = (i + 1) & (cap - 1);
	tab[i] = (uint32_t)(idx + 1);
}

/* Room for n entries in the tables. */
static int
tables_reserve(ledger *l, size_t n)
{
	uint32_t *k, *m;
	size_t cap = l->tcap ? l->tcap : 1024, i;

	if (n >= UINT32_MAX / 2)
		return -1;
	while (cap < n + n / 2 + 2)  /* at most two thirds full */
		cap *= 2;
	if (cap == l->tcap)
		return 0;
	if ((k = calloc(cap, sizeof *k)) == NULL ||
	    (m = calloc(cap, sizeof *m)) == NULL) {
		free(k);
		return -1;
	}
	for (i = 0; i < l->tabled; i++) {
		table_put(k, cap, l->ent[i].keyh, i);
		table_put(m, cap, l->ent[i].numh, i);
	}
	free(l->bykey);
	free(l->bynum);
	l->bykey = k;
	l->bynum = m;
	l->tcap = cap;
	return 0;
}

/*
 * Put the entries loaded since the last call into the tables.  A million
 * entries land on random slots of tables larger than any cache: the slot
 * of an entry a few places ahead is fetched while this one goes in.
 */
static void
tables_fill(ledger *l)
{
	const size_t ahead = 16, mask = l->tcap - 1;
	size_t i;

	for (i = l->tabled; i < l->nent; i++) {
		if (i + ahead < l->nent) {
			__builtin_prefetch(&l->bykey[l->ent[i + ahead].keyh &
			    mask], 1);
			__builtin_prefetch(&l->bynum[l->ent[i + ahead].numh &
			    mask], 1);
		}
		table_put(l->bykey, l->tcap, l->ent[i].keyh, i);
		table_put(l->bynum, l->tcap, l->ent[i].numh, i);
	}
	l->tabled = l->nent;
}

static int
ent_reserve(ledger *l, size_t n)
{
	struct ent *ne;
	size_t cap = l->cent ? l->cent : 256;

	while (cap < n)
		cap *= 2;
	if (cap != l->cent) {
		if ((ne = realloc(l->ent, cap * sizeof *ne)) == NULL)
			return -1;
		l->ent = ne;
		l->cent = cap;
	}
	return tables_reserve(l, n);
}

/* An issue entry's line, parsed: pointers into the line (or into hold). */
struct issue_view {
	const char *number, *type, *issuer, *issued, *key;
	size_t nlen, klen, dlen;
	unsigned long serial;
	int has_serial;
};

/* A plain JSON string at *pp (after its opening quote): printable ASCII
 * without escapes, up to the closing quote; its end, or NULL. */
static const char *
plain_to_quote(const char *p, const char *end)
{
	while (p < end && *p != '"') {
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return NULL;
		p++;
	}
	return p < end ? p : NULL;
}

/* Expect the literal lit at *pp. */
static int
lit(const char **pp, const char *end, const char *s, size_t n)
{
	if ((size_t)(end - *pp) < n || memcmp(*pp, s, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

#define LIT(s) lit(&p, end, s, sizeof s - 1)

/*
 * The line as the signer writes it (ledger_add_issue), read without
 * building a JSON tree: 1, or 0 when it has any other shape (then jansson
 * reads it: an older entry, a status, or no entry at all).
 */
static int
issue_fast(const char *p, size_t n, struct issue_view *v)
{
	const char *end = p + n, *q;
	unsigned long s = 0;
	int digits = 0;

	if (!LIT("{\"number\":\"") || (q = plain_to_quote(p, end)) == NULL)
		return 0;
	v->number = p, v->nlen = (size_t)(q - p), p = q;
	if (!LIT("\",\"serial\":") || p >= end || *p < '1' || *p > '9')
		return 0;
	while (p < end && *p >= '0' && *p <= '9' && digits++ < 18)
		s = s * 10 + (unsigned long)(*p++ - '0');
	if (!LIT(",\"type\":\"") || (q = plain_to_quote(p, end)) == NULL)
		return 0;
	v->type = p, p = q;
	if (!LIT("\",\"issuer\":\"") || (q = plain_to_quote(p, end)) == NULL)
		return 0;
	v->issuer = p, p = q;
	if (!LIT("\",\"issued\":\"") || (q = plain_to_quote(p, end)) == NULL)
		return 0;
	v->issued = p, v->dlen = (size_t)(q - p), p = q;
	if (!LIT("\",\"key\":\"") || (q = plain_to_quote(p, end)) == NULL)
		return 0;
	v->key = p, v->klen = (size_t)(q - p), p = q;
	if (!LIT("\"}") || p != end)
		return 0;
	v->serial = s;
	v->has_serial = 1;
	return 1;
}

/*
 * Read one ledger line: 1 an issue entry (v filled; when jansson had to
 * read it, *hold keeps the strings v points into), 2 a status entry
 * (*hold is it), -1 no entry.
 */
static int
parse_line(const char *p, size_t n, struct issue_view *v, json_t **hold)
{
	const json_t *num, *key, *sj, *iss;
	json_t *e;

	*hold = NULL;
	if (issue_fast(p, n, v))
		return 1;
	if ((e = jsonline_parse(p, n)) == NULL &&
	    (e = json_loadb(p, n, 0, NULL)) == NULL)
		return -1;
	*hold = e;
	if (!json_is_object(e))
		return -1;
	if ((num = json_object_get(e, "number")) != NULL) {
		key = json_object_get(e, "key");
		if (!json_is_string(num) || !json_is_string(key))
			return -1;
		memset(v, 0, sizeof *v);
		v->number = json_string_value(num);
		v->nlen = json_string_length(num);
		v->key = json_string_value(key);
		v->klen = json_string_length(key);
		iss = json_object_get(e, "issued");
		v->issued = json_string_value(iss);
		v->dlen = v->issued ? json_string_length(iss) : 0;
		if ((sj = json_object_get(e, "serial")) != NULL) {
			if (!json_is_integer(sj) || json_integer_value(sj) < 1)
				return -1;
			v->serial = (unsigned long)json_integer_value(sj);
			v->has_serial = 1;
		}
		return 1;
	}
	if (json_is_string(json_object_get(e, "revoke")) ||
	    json_is_string(json_object_get(e, "supersede")))
		return 2;
	return -1;
}

/* A serial as numbers end with it ("%04lu"), without printf: a million
 * lines are read on open.  Its length. */
static size_t
serial_digits(unsigned long serial, char out[32])
{
	char rev[32];
	size_t n = 0, i;

	do {
		rev[n++] = (char)('0' + serial % 10);
		serial /= 10;
	} while (serial > 0);
	while (n < 4)
		rev[n++] = '0';
	for (i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
	return n;
}

/*
 * The prefix and serial of an issue entry.  An entry carries its serial
 * ("serial": 12) and its number ends with it as the signer writes it
 * ("%04lu"): the prefix is what comes before; -1 when they disagree.
 * Entries written before serials were kept fall back to the trailing
 * digits (1 when there are none: such an entry counts for no prefix).
 */
static int
split_number(const struct issue_view *v, char *prefix, size_t psz,
    unsigned long *serial)
{
	const char *number = v->number;
	char digits[32];
	size_t n = v->nlen, d = n, k;

	if (memchr(number, '\0', n) != NULL)
		return -1;
	if (v->has_serial) {
		*serial = v->serial;
		k = serial_digits(*serial, digits);
		if (k > n || memcmp(number + n - k, digits, k) != 0 ||
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

/* Make an issue entry at off (its line len bytes long) known. */
static int
index_issue(ledger *l, const struct issue_view *v, uint64_t off, size_t len)
{
	char prefix[128];
	unsigned long serial;
	struct ent *e;
	json_t *cur;
	int rc;

	if (len > LINE_MAX_BYTES ||
	    (rc = split_number(v, prefix, sizeof prefix, &serial)) < 0)
		return -1;
	if (ent_reserve(l, l->nent + 1) != 0)
		return -2;
	e = &l->ent[l->nent];
	e->keyh = hash_str(v->key, v->klen);
	e->numh = (uint32_t)(hash_str(v->number, v->nlen) >> 32);
	e->off = off;
	e->len = (uint32_t)len;
	l->nent++;
	if (!l->loading)
		tables_fill(l);
	if (rc == 0) {
		cur = json_object_get(l->serials, prefix);
		if (cur == NULL) {
			if (json_object_set_new(l->serials, prefix,
			    json_integer((json_int_t)serial)) != 0)
				return -2;
		} else if ((unsigned long)json_integer_value(cur) < serial)
			json_integer_set(cur, (json_int_t)serial);
	}
	return 0;
}

static int
index_status(ledger *l, json_t *e)
{
	const char *st;

	st = json_string_value(json_object_get(e, "revoke"));
	if (st == NULL)
		st = json_string_value(json_object_get(e, "supersede"));
	if (st == NULL || json_object_set(l->status, st, e) != 0 ||
	    json_array_append(l->statuses, e) != 0)
		return -1;
	return 0;
}

/* Index one line (an entry at off, or -1: no entry; -2 out of memory). */
static int
index_line(ledger *l, const char *p, size_t n, uint64_t off)
{
	struct issue_view v;
	json_t *hold;
	int rc;

	rc = parse_line(p, n, &v, &hold);
	if (rc == 1)
		rc = index_issue(l, &v, off, n);
	else if (rc == 2)
		rc = index_status(l, hold);
	else
		rc = -1;
	json_decref(hold);
	return rc;
}

/* Entry i's line, read again: from the queue or from the file. */
static int
read_line(ledger *l, const struct ent *e, const char **line, sg_err *err)
{
	size_t done = 0;
	ssize_t n;
	char *np;

	if (e->off >= (uint64_t)l->size) {
		*line = l->pend.p + (e->off - (uint64_t)l->size);
		return 0;
	}
	if (l->linecap < e->len) {
		if ((np = realloc(l->line, e->len)) == NULL) {
			sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
			return -1;
		}
		l->line = np;
		l->linecap = e->len;
	}
	while (done < e->len) {
		n = pread(l->fd, l->line + done, e->len - done,
		    (off_t)(e->off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sg_err_sys(err, l->path, "cannot read ledger");
			return -1;
		}
		done += (size_t)n;
	}
	*line = l->line;
	return 0;
}

/* An entry as the caller gets it; -1 when it does not fit or its date is
 * no date. */
static int
fill_issue(const struct issue_view *v, ledger_issue *out)
{
	char iso[11];

	memset(out, 0, sizeof *out);
	if (v->nlen >= sizeof out->number || v->klen >= sizeof out->key ||
	    v->issued == NULL || v->dlen != 10)
		return -1;
	memcpy(out->number, v->number, v->nlen);
	memcpy(out->key, v->key, v->klen);
	out->serial = v->serial;
	memcpy(iso, v->issued, 10);
	iso[10] = '\0';
	return date_parse_iso(iso, &out->issued) != 0 ? -1 : 0;
}

/*
 * Look an entry up by its key (bykey) or its number: walk the slots of
 * its hash, read each candidate's line and compare the whole string; the
 * last entry that matches counts.  1 found, 0 not, -1 error.
 */
static int
find(ledger *l, int bykey, const char *s, ledger_issue *out, sg_err *err)
{
	size_t sl = strlen(s), i, best = SIZE_MAX;
	uint64_t h = hash_str(s, sl);
	uint32_t nh = (uint32_t)(h >> 32), *tab = bykey ? l->bykey : l->bynum;
	const struct ent *e;
	struct issue_view v;
	const char *line;
	json_t *hold;
	char where[600];
	int rc = 0;

	if (l->tcap == 0)
		return 0;
	i = (size_t)(bykey ? h : nh) & (l->tcap - 1);
	for (; tab[i] != 0; i = (i + 1) & (l->tcap - 1)) {
		e = &l->ent[tab[i] - 1];
		if (bykey ? e->keyh != h : e->numh != nh)
			continue;
		if (read_line(l, e, &line, err) != 0)
			return -1;
		if (parse_line(line, e->len, &v, &hold) != 1) {
			json_decref(hold);
			snprintf(where, sizeof where, "%s@%llu", l->path,
			    (unsigned long long)e->off);
			sg_err_set(err, "E-LEDGER-CORRUPT", where, "this ledger "
			    "line is not an entry; the ledger needs a person's "
			    "look before anything more is signed");
			return -1;
		}
		if ((bykey ? v.klen == sl && memcmp(v.key, s, sl) == 0 :
		    v.nlen == sl && memcmp(v.number, s, sl) == 0) &&
		    (best == SIZE_MAX || (size_t)(e - l->ent) > best)) {
			best = (size_t)(e - l->ent);
			rc = 1;
			if (out != NULL && fill_issue(&v, out) != 0) {
				json_decref(hold);
				sg_err_set(err, "E-LEDGER-CORRUPT", s, "bad date");
				return -1;
			}
		}
		json_decref(hold);
	}
	return rc;
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


/* ---- reading the ledger in pieces --------------------------------------- */

/* The lines of the ledger's first limit bytes, a piece at a time. */
struct scan {
	int fd;
	char *buf;
	size_t cap, beg, end;  /* buf[beg..end) not yet handed out */
	uint64_t base;         /* file offset of buf[0] */
	uint64_t pos, limit;   /* read so far, to read */
};

/*
 * The next line: 1 a whole line (*p, *n without its newline, *at where it
 * starts), 2 the last bytes without a newline, 0 the end, -1 a read
 * error, -3 a line longer than any entry.
 */
static int
scan_next(struct scan *s, const char **p, size_t *n, uint64_t *at)
{
	char *nl, *nb;
	size_t want;
	ssize_t got;

	for (;;) {
		nl = s->beg < s->end ? memchr(s->buf + s->beg, '\n',
		    s->end - s->beg) : NULL;
		if (nl != NULL) {
			*p = s->buf + s->beg;
			*n = (size_t)(nl - *p);
			*at = s->base + s->beg;
			s->beg = (size_t)(nl - s->buf) + 1;
			return 1;
		}
		if (s->pos == s->limit) {
			if (s->beg == s->end)
				return 0;
			*p = s->buf + s->beg;
			*n = s->end - s->beg;
			*at = s->base + s->beg;
			s->beg = s->end;
			return 2;
		}
		if (s->beg > 0) {
			memmove(s->buf, s->buf + s->beg, s->end - s->beg);
			s->base += s->beg;
			s->end -= s->beg;
			s->beg = 0;
		}
		if (s->end == s->cap) {
			if (s->cap >= LINE_MAX_BYTES + READ_CHUNK)
				return -3;
			if ((nb = realloc(s->buf, s->cap * 2)) == NULL)
				return -1;
			s->buf = nb;
			s->cap *= 2;
		}
		want = s->cap - s->end;
		if (want > s->limit - s->pos)
			want = (size_t)(s->limit - s->pos);
		got = pread(s->fd, s->buf + s->end, want, (off_t)s->pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		s->end += (size_t)got;
		s->pos += (uint64_t)got;
	}
}

/* SHA-256 hex of the len bytes at off, and a newline after them when nl. */
static int
hash_at(int fd, uint64_t off, size_t len, int nl, char out[65])
{
	char *b;
	size_t done = 0;
	ssize_t n;
	int rc = -1;

	if ((b = malloc(len + 1)) == NULL)
		return -1;
	while (done < len) {
		n = pread(fd, b + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		done += (size_t)n;
	}
	b[len] = '\n';
	rc = sha256_hex(b, len + (nl ? 1 : 0), out);
out:
	free(b);
	return rc;
}

static void
corrupt(ledger *l, unsigned long line, sg_err *err)
{
	char where[600];

	snprintf(where, sizeof where, "%s:%lu", l->path, line);
	sg_err_set(err, "E-LEDGER-CORRUPT", where, "this ledger line is not "
	    "an entry; the ledger needs a person's look before anything more "
	    "is signed");
}

/*
 * Read the ledger once, in pieces: index every entry, and hold it against
 * its head h (NULL: there is none).  The head is judged before any line:
 * a ledger that lost entries or is not the one its head describes says
 * so (E-LEDGER-SHORT, E-LEDGER-TAIL, E-LEDGER-HEAD) even when it also
 * holds a line that is no entry.
 */
static int
load(ledger *l, const struct head *h, sg_err *err)
{
	struct scan s = { 0 };
	struct stat st;
	const char *p = NULL;
	size_t n = 0, lastlen = 0;
	uint64_t at = 0, lastat = 0, fsize;
	unsigned long line = 0, badline = 0;
	char hash[65], where[600];
	json_t *e;
	int rc = -1, r, oom = 0;

	if (fstat(l->fd, &st) != 0) {
		sg_err_sys(err, l->path, "cannot read ledger");
		return -1;
	}
	fsize = (uint64_t)st.st_size;
	s.fd = l->fd;
	s.cap = READ_CHUNK;
	s.limit = h != NULL && h->bytes < fsize ? h->bytes : fsize;
	/* about 180 bytes a line: room for the index at once */
	if ((s.buf = malloc(s.cap)) == NULL ||
	    ent_reserve(l, (size_t)(s.limit / 170) + 16) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		goto out;
	}
	l->loading = 1;
	while ((r = scan_next(&s, &p, &n, &at)) == 1) {
		line++;
		lastat = at;
		lastlen = n;
		if (n == 0 || badline != 0 || oom)
			continue;
		if ((r = index_line(l, p, n, at)) == -2)
			oom = 1;
		else if (r != 0)
			badline = line;
	}
	l->loading = 0;
	tables_fill(l);
	if (r == -1) {
		sg_err_sys(err, l->path, "cannot read ledger");
		goto out;
	}
	if (h != NULL && fsize < h->bytes) {
		/* the newline of a complete last entry, and nothing else? */
		if (r == 2 && fsize + 1 == h->bytes &&
		    hash_at(l->fd, at, n, 1, hash) == 0 &&
		    strcmp(hash, h->last) == 0) {
			sg_err_set(err, "E-LEDGER-TAIL", l->path, "the last entry "
			    "lost its newline; its record may have gone out, so "
			    "nothing is signed until the ledger is whole again "
			    "(formats/ledger.md, \"Recovery\")");
			goto out;
		}
		sg_err_set(err, "E-LEDGER-SHORT", l->path, "the ledger holds "
		    "%zu bytes, but its last commit left %llu (%lu entries; "
		    "see %s): it was cut short or restored from an older "
		    "copy, and signing now would issue numbers again; "
		    "nothing is signed until it is whole (formats/ledger.md, "
		    "\"Recovery\")", (size_t)fsize, h->bytes, h->entries,
		    l->head);
		goto out;
	}
	if (r == -3) {
		/* a line longer than any entry: the head cannot vouch for it */
		corrupt(l, badline ? badline : line + 1, err);
		goto out;
	}
	if (h != NULL) {
		strcpy(hash, "-");
		if (r == 2)
			hash[0] = '\0';
		else if (h->bytes > 0 && hash_at(l->fd, lastat, lastlen, 1,
		    hash) != 0)
			hash[0] = '\0';
		if (line != h->entries || strcmp(hash, h->last) != 0) {
			sg_err_set(err, "E-LEDGER-HEAD", l->path, "the ledger is "
			    "not the one its head %s describes (%lu entries, "
			    "%llu bytes): it was replaced or changed; nothing is "
			    "signed until it is whole (formats/ledger.md, "
			    "\"Recovery\")", l->head, h->entries, h->bytes);
			goto out;
		}
	}
	if (oom) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		goto out;
	}
	if (badline != 0) {
		corrupt(l, badline, err);
		goto out;
	}
	if (h != NULL && fsize > h->bytes) {
		/* written but never committed: no record went out */
		if (ftruncate(l->fd, (off_t)h->bytes) != 0 ||
		    fdatasync(l->fd) != 0) {
			sg_err_sys(err, l->path, "cannot repair ledger");
			goto out;
		}
		fsize = h->bytes;
	}
	if (r == 2) {
		/*
		 * No head (a ledger from before heads): a torn last write was
		 * never committed and is cut off, but a whole entry that lost
		 * its newline may have been.
		 */
		e = json_loadb(p, n, 0, NULL);
		if (e != NULL) {
			json_decref(e);
			snprintf(where, sizeof where, "%s:%lu", l->path,
			    line + 1);
			sg_err_set(err, "E-LEDGER-TAIL", where, "the last entry "
			    "lost its newline; its record may have gone out, so "
			    "nothing is signed until the ledger is whole again "
			    "(formats/ledger.md, \"Recovery\")");
			goto out;
		}
		if (ftruncate(l->fd, (off_t)at) != 0 || fdatasync(l->fd) != 0) {
			sg_err_sys(err, l->path, "cannot repair ledger");
			goto out;
		}
		fsize = at;
	}
	l->size = (off_t)fsize;
	l->entries = line;
	strcpy(l->last, "-");
	if (h != NULL)
		memcpy(l->last, h->last, sizeof l->last);
	else if (line > 0 && hash_at(l->fd, lastat, lastlen, 1, l->last) != 0) {
		sg_err_sys(err, l->path, "cannot read ledger");
		goto out;
	}
	/* a ledger without a head gets one now, for what it holds */
	if (h == NULL && head_write(l, err) != 0)
		goto out;
	rc = 0;
out:
	free(s.buf);
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
	free(l->ent);
	free(l->bykey);
	free(l->bynum);
	json_decref(l->serials);
	json_decref(l->status);
	json_decref(l->statuses);
	sg_buf_free(&l->pend);
	free(l->line);
	free(l->head);
	free(l->path);
	free(l);
	return rc;
}

int
ledger_find_key(ledger *l, const char *key, ledger_issue *out, sg_err *err)
{
	return find(l, 1, key, out, err);
}

int
ledger_find_number(ledger *l, const char *number, ledger_issue *out,
    sg_err *err)
{
	return find(l, 0, number, out, err);
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

/* Queue a line l->pend.p[at..len) just written there, and index it. */
static int
queue_line(ledger *l, size_t at, sg_err *err)
{
	int rc;

	/* the line without its newline, at its offset in the ledger */
	rc = index_line(l, l->pend.p + at, l->pend.len - at - 1,
	    (uint64_t)l->size + at);
	if (rc != 0) {
		sg_buf_truncate(&l->pend, at);
		sg_err_set(err, "E-SYSTEM", l->path, rc == -2 ? "out of memory" :
		    "cannot queue entry");
		return -1;
	}
	l->npend++;
	return 0;
}

/* Queue an entry in the record stream's own line writer (lib/jsonline.h). */
static int
queue(ledger *l, json_t *e, sg_err *err)
{
	size_t at = l->pend.len;

	if (jsonline_dump(e, &l->pend) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
		return -1;
	}
	return queue_line(l, at, err);
}

static int
plain_str(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

int
ledger_add_issue(ledger *l, const char *number, unsigned long serial,
    const char *type, const char *issuer, sg_date issued, const char *key,
    sg_err *err)
{
	struct issue_view v;
	char iso[11];
	json_t *e;
	size_t at = l->pend.len, n;
	int rc;

	date_format_iso(issued, iso);
	if (plain_str(number) && plain_str(type) && plain_str(issuer) &&
	    plain_str(key)) {
		/* what jsonline_dump writes for the object below, directly */
		if (sg_buf_addf(&l->pend, "{\"number\":\"%s\","
		    "\"serial\":%lu,\"type\":\"%s\",\"issuer\":\"%s\","
		    "\"issued\":\"%s\",\"key\":\"%s\"}\n", number, serial, type,
		    issuer, iso, key) != 0) {
			sg_buf_truncate(&l->pend, at);
			sg_err_set(err, "E-SYSTEM", l->path, "out of memory");
			return -1;
		}
		n = l->pend.len - at;
		/* indexed from what it says, not read back */
		v.number = number, v.nlen = strlen(number);
		v.key = key, v.klen = strlen(key);
		v.serial = serial, v.has_serial = 1;
		if ((rc = index_issue(l, &v, (uint64_t)l->size + at,
		    n - 1)) != 0) {
			sg_buf_truncate(&l->pend, at);
			sg_err_set(err, "E-SYSTEM", l->path, rc == -2 ?
			    "out of memory" : "cannot queue entry");
			return -1;
		}
		l->npend++;
		return 0;
	}
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
	size_t done = 0, at;
	ssize_t n;
	char last[65];

	if (l->npend == 0)
		return 0;
	memcpy(last, l->last, sizeof last);
	while (done < l->pend.len) {
		n = write(l->fd, l->pend.p + done, l->pend.len - done);
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
	l->size += (off_t)l->pend.len;
	l->entries += l->npend;
	at = last_line_at(l->pend.p, l->pend.len);
	if (sha256_hex(l->pend.p + at, l->pend.len - at, l->last) != 0) {
		sg_err_set(err, "E-SYSTEM", l->path, "cannot hash the ledger");
		goto unhead;
	}
	if (head_write(l, err) != 0)
		goto unhead;
	sg_buf_reset(&l->pend);
	l->npend = 0;
	return 0;
unhead:
	l->size -= (off_t)l->pend.len;
	l->entries -= l->npend;
	memcpy(l->last, last, sizeof last);
undo:
	/* leave no partial line behind; the entries stay queued */
	if (ftruncate(l->fd, l->size) != 0)
		return -1;
	return -1;
}
