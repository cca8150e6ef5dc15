/*
 * ledger.h: a book of issued numbers kept across runs (reopen finds the
 * numbers, keys and statuses again), its head, and the ways it is refused
 * or repaired on open: a lost tail, a ledger gone but its head there, a
 * head replaced by a FIFO (must not hang), bytes never committed (cut
 * off), a second signer (locked), a folder that cannot be written.  A big
 * ledger gives the same number for the same content after a restart, and
 * its compact index never finds an entry whose line says otherwise.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "t.h"

static char dir[64] = "/tmp/segel-ledger-XXXXXX";
static char path[128], head[140];

static void
on_alarm(int sig)
{
	(void)sig;
	printf("not ok hung: opening the ledger waited\n");
	exit(1);
}

static off_t
size_of(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? st.st_size : -1;
}

/* Issue n akta numbers from serial first on, and commit. */
static int
issue(ledger *l, unsigned long first, int n, sg_err *e)
{
	char number[64], key[65];
	sg_date d;
	json_t *fields;
	int i;

	date_parse_iso("2026-11-23", &d);
	for (i = 0; i < n; i++) {
		snprintf(number, sizeof number, "7501-LT-23112026-%04lu",
		    first + (unsigned long)i);
		fields = json_pack("{s:s, s:s}", "nik", "7501014107900001",
		    "nama_lengkap", number);
		ledger_record_key("akta-kelahiran", fields, key);
		json_decref(fields);
		if (ledger_add_issue(l, number, first + (unsigned long)i,
		    "akta-kelahiran", "75.01", d, key, e) != 0)
			return -1;
	}
	return ledger_commit(l, e);
}

/* The content key of the i-th generated record. */
static void
key_of(unsigned long i, char key[65])
{
	char name[32];
	json_t *fields;

	snprintf(name, sizeof name, "NAMA %lu", i);
	fields = json_pack("{s:s, s:s}", "nik", "7501014107900001",
	    "nama_lengkap", name);
	ledger_record_key("akta-kelahiran", fields, key);
	json_decref(fields);
}

/*
 * A big ledger: the same content finds the same number after a restart,
 * new entries are found before and after their commit, and a line changed
 * under the index is never taken for the entry it was.
 */
static void
big(const char *bigpath, unsigned long n)
{
	char key[65], number[64], cmd[400];
	unsigned long i, bad = 0;
	ledger_issue is;
	ledger *l;
	sg_date d;
	sg_err e;
	FILE *fp;
	long at;
	int rc;

	date_parse_iso("2026-11-23", &d);
	l = ledger_open(bigpath, &e);
	for (i = 1; l != NULL && i <= n; i++) {
		key_of(i, key);
		snprintf(number, sizeof number, "7501-LT-%02lu112026-%04lu",
		    i % 28 + 1, i);
		if (ledger_add_issue(l, number, i, "akta-kelahiran", "75.01", d,
		    key, &e) != 0 || (i % 4096 == 0 && ledger_commit(l, &e)))
			break;
	}
	T_OK("big-write", l != NULL && i == n + 1 && ledger_close(l, &e) == 0,
	    "%s", e.message);
	l = ledger_open(bigpath, &e);
	T_OK("big-reopen", l != NULL, "%s", e.message);
	if (l == NULL)
		return;
	for (i = 1; i <= n; i += 97) {
		key_of(i, key);
		snprintf(number, sizeof number, "7501-LT-%02lu112026-%04lu",
		    i % 28 + 1, i);
		if (ledger_find_key(l, key, &is, &e) != 1 ||
		    strcmp(is.number, number) != 0 || is.serial != i ||
		    is.issued.d != 23 || strcmp(is.key, key) != 0 ||
		    ledger_find_number(l, number, NULL, &e) != 1)
			bad++;
	}
	T_OK("big-same-number", bad == 0, "%lu keys found wrong", bad);
	key_of(n + 1, key);
	T_OK("big-unknown", ledger_find_key(l, key, NULL, &e) == 0 &&
	    ledger_find_number(l, "7501-LT-01012020-0001", NULL, &e) == 0,
	    "found");
	T_OK("big-serial", ledger_last_serial(l, "7501-LT-01112026-") ==
	    n - n % 28, "serial %lu", ledger_last_serial(l,
	    "7501-LT-01112026-"));
	/* queued: found from the queue, then from the file, then again */
	rc = ledger_add_issue(l, "7501-LT-23122026-0001", 1, "akta-kelahiran",
	    "75.01", d, key, &e);
	T_OK("big-queued", rc == 0 && ledger_find_key(l, key, &is, &e) == 1 &&
	    strcmp(is.number, "7501-LT-23122026-0001") == 0, "%s", e.message);
	T_OK("big-committed", ledger_commit(l, &e) == 0 &&
	    ledger_find_key(l, key, &is, &e) == 1 &&
	    strcmp(is.number, "7501-LT-23122026-0001") == 0, "%s", e.message);
	ledger_close(l, NULL);
	l = ledger_open(bigpath, &e);
	rc = l ? ledger_find_key(l, key, &is, &e) : -9;
	T_OK("big-restart", rc == 1 &&
	    strcmp(is.number, "7501-LT-23122026-0001") == 0 &&
	    ledger_last_serial(l, "7501-LT-23122026-") == 1, "rc %d %s %s", rc,
	    is.number, e.message);
	/*
	 * A forger edits entry 5's line under an open signer, keeping its
	 * length: the index still points there, but the line is compared
	 * whole, so the old key finds nothing and the new one is unknown.
	 */
	key_of(5, key);
	snprintf(cmd, sizeof cmd, "\"key\":\"%s\"", key);
	fp = fopen(bigpath, "r+");
	at = -1;
	if (fp != NULL) {
		char buf[512];

		while (ftell(fp) >= 0 && fgets(buf, sizeof buf, fp) != NULL)
			if (strstr(buf, cmd) != NULL) {
				at = ftell(fp) - (long)strlen(buf) +
				    (long)(strstr(buf, key) - buf);
				break;
			}
		if (at >= 0) {
			fseek(fp, at, SEEK_SET);
			fputc(key[0] == 'f' ? 'e' : 'f', fp);
		}
		fclose(fp);
	}
	T_OK("big-edited-line", l != NULL && at >= 0 &&
	    ledger_find_key(l, key, &is, &e) == 0, "at %ld: found %s", at,
	    is.number);
	ledger_close(l, NULL);
}

/* Open, expect failure with code; the ledger must not open. */
static void
refused(const char *name, const char *code)
{
	ledger *l;
	sg_err e;

	sg_err_clear(&e);
	alarm(10);
	l = ledger_open(path, &e);
	alarm(0);
	T_OK(name, l == NULL && strcmp(e.code, code) == 0, "[%s] %s", e.code,
	    e.message);
	ledger_close(l, NULL);
}

int
main(int argc, char **argv)
{
	char cmd[512], keep[200];
	ledger *l;
	sg_date d;
	sg_err e;
	struct stat st;
	off_t one, whole;
	int fd;

	T_INIT(argc, argv);
	signal(SIGALRM, on_alarm);
	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(path, sizeof path, "%s/7501.ledger", dir);
	snprintf(head, sizeof head, "%s.head", path);
	snprintf(keep, sizeof keep, "%s/keep", dir);

	l = ledger_open(path, &e);
	T_OK("open-new", l != NULL && stat(head, &st) == 0 &&
	    (st.st_mode & 0777) == 0600, "%s", e.message);
	T_OK("issue", l != NULL && issue(l, 1, 3, &e) == 0 &&
	    ledger_pending(l) == 0, "%s", e.message);
	one = size_of(path) / 3;
	date_parse_iso("2026-11-24", &d);
	T_OK("revoke", l != NULL && ledger_add_status(l, "7501-LT-23112026-0002",
	    NULL, d, "data keliru", &e) == 0 && ledger_commit(l, &e) == 0,
	    "%s", e.message);
	T_OK("close", ledger_close(l, &e) == 0, "%s", e.message);

	l = ledger_open(path, &e);
	T_OK("reopen", l != NULL, "%s", e.message);
	T_OK("reopen-serial", l != NULL &&
	    ledger_last_serial(l, "7501-LT-23112026-") == 3, "serial %lu",
	    l ? ledger_last_serial(l, "7501-LT-23112026-") : 0);
	T_OK("reopen-number", l != NULL &&
	    ledger_find_number(l, "7501-LT-23112026-0003", NULL, &e) == 1,
	    "lost");
	T_OK("reopen-status", l != NULL &&
	    ledger_status(l, "7501-LT-23112026-0002") != NULL &&
	    ledger_status(l, "7501-LT-23112026-0001") == NULL, "status");

	/* A second signer on the same book. */
	refused("locked", "E-LEDGER-LOCKED");
	ledger_close(l, NULL);

	/* Bytes never committed (a crash mid-write) are cut off. */
	whole = size_of(path);
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0 || write(fd, "{\"number\":\"7501-LT", 18) != 18 ||
	    close(fd) != 0)
		return 2;
	l = ledger_open(path, &e);
	T_OK("torn-tail", l != NULL && ledger_close(l, &e) == 0 &&
	    size_of(path) == whole, "%s; %lld bytes, want %lld", e.message,
	    (long long)size_of(path), (long long)whole);
	l = ledger_open(path, &e);
	T_OK("torn-tail-cut", l != NULL &&
	    ledger_last_serial(l, "7501-LT-23112026-") == 3, "%s", e.message);
	ledger_close(l, NULL);

	/* The ledger lost its tail: restored from an older copy. */
	snprintf(cmd, sizeof cmd, "cp %s %s", path, keep);
	if (system(cmd) != 0 || truncate(path, one) != 0)
		return 2;
	refused("lost-tail", "E-LEDGER-SHORT");
	/* Gone, but its head is there. */
	unlink(path);
	refused("gone", "E-LEDGER-SHORT");
	/* The head replaced by a FIFO: refused, not waited on. */
	snprintf(cmd, sizeof cmd, "cp %s %s", keep, path);
	if (system(cmd) != 0 || unlink(head) != 0 || mkfifo(head, 0600) != 0)
		return 2;
	refused("head-fifo", "E-LEDGER-HEAD");
	/* A head that is not one. */
	unlink(head);
	fd = open(head, O_WRONLY | O_CREAT, 0600);
	if (fd < 0 || write(fd, "entries 3\n", 10) != 10 || close(fd) != 0)
		return 2;
	refused("head-garbage", "E-LEDGER-HEAD");
	/* No head at all: an old ledger gets one on open. */
	unlink(head);
	l = ledger_open(path, &e);
	T_OK("head-created", l != NULL && size_of(head) > 0, "%s", e.message);
	ledger_close(l, NULL);

	/* An entry in an older shape (no serial, other key order, an
	 * escape) is read by jansson and found all the same. */
	snprintf(cmd, sizeof cmd, "%s/old.ledger", dir);
	fd = open(cmd, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, "{\"key\":\"k1\",\"number\":\"7501-LT-"
	    "23112026-0007\",\"issued\":\"2026-11-23\",\"type\":\"akta\\u002d"
	    "kelahiran\"}\n", 97) != 97 || close(fd) != 0)
		return 2;
	l = ledger_open(cmd, &e);
	{
		ledger_issue is;

		T_OK("old-shape", l != NULL &&
		    ledger_find_key(l, "k1", &is, &e) == 1 &&
		    strcmp(is.number, "7501-LT-23112026-0007") == 0 &&
		    ledger_last_serial(l, "7501-LT-23112026-") == 7, "%s",
		    e.message);
	}
	ledger_close(l, NULL);

	snprintf(cmd, sizeof cmd, "%s/big.ledger", dir);
	big(cmd, 20000);

	/* A folder nobody can write into, root included. */
	snprintf(path, sizeof path, "/proc/7501.ledger");
	refused("read-only-folder", "E-SYSTEM");

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
