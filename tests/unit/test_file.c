/*
 * file.h: the bounded whole-file reader (sizes at and over the limit, a
 * FIFO that must not hang it, a pipe the user named, a folder, a link,
 * a missing file, key material), the atomic writers (new, the same bytes
 * again, different bytes, a replace with its mode, a folder that cannot
 * be written, no temporary left behind) and the folder walk (name order,
 * dot files, links, FIFOs, depth, stopping, a folder that cannot be read).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "t.h"

static char dir[64] = "/tmp/segel-file-XXXXXX";

static const char *
at(const char *name)
{
	return t_join(dir, name);
}

static void
put(const char *name, const char *text, size_t len)
{
	FILE *fp = fopen(at(name), "wb");

	if (fp == NULL || fwrite(text, 1, len, fp) != len || fclose(fp) != 0) {
		printf("# cannot write %s\n", at(name));
		exit(2);
	}
}

static void
on_alarm(int sig)
{
	(void)sig;
	printf("not ok hung: a read waited for a writer\n");
	exit(1);
}

/* ---- reading ---- */

static const char kk_csv[] =
    "no_kk;nik;nama_lengkap;status_hubungan\n"
    "1708062202090002;1708063110520011;WAHYU NUGROHO;KEPALA KELUARGA\n"
    "1708062202090002;1708065112580012;SUPINAH;ISTRI\n";

static const struct {
	const char *name;   /* file under dir, or "" for the row's own */
	size_t max;
	unsigned flags;
	int want;           /* 0 or an enum file_fail */
	const char *code;   /* err->code on failure */
	const char *says;   /* in the message on failure */
} reads[] = {
	{ "kk.csv", 1 << 20, 0, 0, NULL, NULL },
	{ "kk.csv", sizeof kk_csv - 1, 0, 0, NULL, NULL },      /* exactly */
	{ "kk.csv", sizeof kk_csv - 2, 0, FILE_ETOOBIG, "E-T-FILE",
	  "151 bytes, more than the limit of 150" },
	{ "empty.csv", 10, 0, 0, NULL, NULL },
	{ "fifo.csv", 1 << 20, 0, FILE_ENOTREG, "E-T-FILE",
	  "not a regular file but a FIFO (named pipe)" },
	{ "fifo.csv", 1 << 20, FILE_NOFOLLOW, FILE_ENOTREG, "E-T-FILE",
	  "FIFO" },
	{ "sub", 1 << 20, 0, FILE_ENOTREG, "E-T-FILE", "but a folder" },
	{ "link.csv", 1 << 20, 0, 0, NULL, NULL },
	{ "link.csv", 1 << 20, FILE_NOFOLLOW, FILE_ENOTREG, "E-T-FILE",
	  "a symbolic link" },
	{ "missing.csv", 1 << 20, 0, FILE_EMISSING, "E-SYSTEM",
	  "cannot be opened: No such file or directory" },
	{ "kk.csv", 4096, FILE_SECRET, 0, NULL, NULL },
	{ "kk.csv", 100, FILE_SECRET, FILE_ETOOBIG, "E-T-FILE", "limit" },
};

static void
test_read(void)
{
	char name[64], *buf;
	size_t i, len;
	sg_err e;
	int rc, p[2];

	put("kk.csv", kk_csv, sizeof kk_csv - 1);
	put("empty.csv", "", 0);
	if (mkfifo(at("fifo.csv"), 0600) != 0 || mkdir(at("sub"), 0755) != 0 ||
	    symlink("kk.csv", at("link.csv")) != 0) {
		printf("# cannot set up %s\n", dir);
		exit(2);
	}
	signal(SIGALRM, on_alarm);
	for (i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		snprintf(name, sizeof name, "read#%zu", i);
		sg_err_clear(&e);
		buf = NULL;
		len = 99;
		alarm(10);
		rc = file_read_all(at(reads[i].name), reads[i].max,
		    reads[i].flags, "E-T-FILE", &buf, &len, &e);
		alarm(0);
		if (reads[i].want == 0) {
			const char *want = strcmp(reads[i].name, "empty.csv")
			    == 0 ? "" : kk_csv;

			T_OK(name, rc == 0 && buf != NULL &&
			    len == strlen(want) && memcmp(buf, want, len) == 0
			    && buf[len] == '\0', "rc %d len %zu: %s", rc, len,
			    e.message);
		} else
			T_OK(name, rc == reads[i].want && buf == NULL &&
			    strcmp(e.code, reads[i].code) == 0 &&
			    strcmp(e.where, at(reads[i].name)) == 0 &&
			    strstr(e.message, reads[i].says) != NULL,
			    "rc %d [%s] %s: %s", rc, e.code, e.where,
			    e.message);
		if (reads[i].flags & FILE_SECRET)
			file_secret_free(buf, len);
		else
			free(buf);
	}

	/* A pipe the user named is read to its end, within the limit. */
	if (pipe(p) != 0 || write(p[1], "SEGEL-STATUS 1\n", 15) != 15) {
		printf("# pipe\n");
		exit(2);
	}
	close(p[1]);
	snprintf(name, sizeof name, "/dev/fd/%d", p[0]);
	buf = NULL;
	rc = file_read_all(name, 100, FILE_ANY_KIND, "E-T-FILE", &buf, &len,
	    &e);
	T_OK("read-pipe", rc == 0 && len == 15 && strcmp(buf, "SEGEL-STATUS 1\n")
	    == 0, "rc %d: %s", rc, e.message);
	free(buf);
	close(p[0]);
	/* One that grows past it has no size to refuse up front. */
	if (pipe(p) != 0 || write(p[1], kk_csv, sizeof kk_csv - 1) !=
	    (ssize_t)sizeof kk_csv - 1) {
		printf("# pipe\n");
		exit(2);
	}
	close(p[1]);
	snprintf(name, sizeof name, "/dev/fd/%d", p[0]);
	buf = NULL;
	rc = file_read_all(name, 20, FILE_ANY_KIND, "E-T-FILE", &buf, &len, &e);
	T_OK("read-pipe-too-big", rc == FILE_ETOOBIG && buf == NULL &&
	    strstr(e.message, "more than the limit of 20 bytes") != NULL,
	    "rc %d: %s", rc, e.message);
	close(p[0]);
	/* Without FILE_ANY_KIND the same pipe is refused, not read. */
	rc = file_read_all("/dev/null", 20, 0, "E-T-FILE", &buf, &len, &e);
	T_OK("read-device", rc == FILE_ENOTREG && strstr(e.message,
	    "a device") != NULL, "rc %d: %s", rc, e.message);
}

/* ---- writing ---- */

/* Names in dir/sub other than those listed: temporaries left behind. */
static int
strays(const char *sub, const char *keep)
{
	DIR *d = opendir(at(sub));
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' || strncmp(de->d_name, ".segel-", 7)
		    == 0)
			n += strstr(keep, de->d_name) == NULL;
	closedir(d);
	return n;
}

static void
test_write(void)
{
	char *buf = NULL;
	size_t len;
	struct stat st;
	sg_err e;
	const char *w = at("out");

	mkdir(w, 0755);
	T_OK("write-new", file_write_new(w, "1708062202090002.pdf", "%PDF-1.7",
	    8, &e) == 0, "%s", e.message);
	T_OK("write-same", file_write_new(w, "1708062202090002.pdf",
	    "%PDF-1.7", 8, &e) == 1, "%s", e.message);
	T_OK("write-different", file_write_new(w, "1708062202090002.pdf",
	    "%PDF-2.0", 8, &e) == -1 && strcmp(e.code, "E-RENDER-EXISTS") == 0
	    && file_read_all(at("out/1708062202090002.pdf"), 100, 0, "E-T",
	    &buf, &len, &e) == 0 && strcmp(buf, "%PDF-1.7") == 0,
	    "overwrote: %s", e.message);
	free(buf);
	buf = NULL;
	T_OK("write-mode", stat(at("out/1708062202090002.pdf"), &st) == 0 &&
	    (st.st_mode & 0777) == 0644, "mode %o", st.st_mode & 0777);
	T_OK("replace", file_replace(at("out/ledger.head"), "SEGEL-LEDGER-HEAD "
	    "1\n", 19, 0600, &e) == 0 && file_replace(at("out/ledger.head"),
	    "x\n", 2, 0600, &e) == 0 && file_read_all(at("out/ledger.head"),
	    100, 0, "E-T", &buf, &len, &e) == 0 && strcmp(buf, "x\n") == 0,
	    "%s", e.message);
	free(buf);
	T_OK("replace-mode", stat(at("out/ledger.head"), &st) == 0 &&
	    (st.st_mode & 0777) == 0600, "mode %o", st.st_mode & 0777);
	T_OK("no-temporaries", strays("out", "1708062202090002.pdf "
	    "ledger.head") == 0, "a temporary file was left in %s", w);
	/* Staged in groups (segel-render): nothing under the name before
	 * the commit; the same number twice in one group, the second
	 * different: refused at the commit, the first kept. */
	{
		char t1[4200], t2[4200], t3[4200], g[4200];
		int a, b, c, d, f;

		snprintf(g, sizeof g, "%s", at("out"));

		a = file_stage_new(g, "g1.pdf", "%PDF-A", 6, t1, sizeof t1, &e);
		b = file_stage_new(g, "g1.pdf", "%PDF-A", 6, t2, sizeof t2, &e);
		c = file_stage_new(g, "g1.pdf", "%PDF-B", 6, t3, sizeof t3, &e);
		T_OK("stage-not-there", a == 0 && b == 0 && c == 0 &&
		    access(at("out/g1.pdf"), F_OK) != 0, "%d %d %d", a, b, c);
		T_OK("stage-sync", file_sync_fs(g, &e) == 0, "%s", e.message);
		a = file_commit_new(t1, g, "g1.pdf", &e);
		b = file_commit_new(t2, g, "g1.pdf", &e);
		c = file_commit_new(t3, g, "g1.pdf", &e);
		d = c == -1 && strcmp(e.code, "E-RENDER-EXISTS") == 0;
		f = file_stage_new(g, "g1.pdf", "%PDF-A", 6, t1, sizeof t1, &e);
		buf = NULL;
		T_OK("stage-commit", a == 0 && b == 1 && d && f == 1 &&
		    file_read_all(at("out/g1.pdf"), 100, 0, "E-T", &buf, &len,
		    &e) == 0 && strcmp(buf, "%PDF-A") == 0, "%d %d %d %d",
		    a, b, c, f);
		free(buf);
		buf = NULL;
		T_OK("stage-different", file_stage_new(g, "g1.pdf", "%PDF-C",
		    6, t1, sizeof t1, &e) == -1 && strcmp(e.code,
		    "E-RENDER-EXISTS") == 0, "%s", e.message);
		unlink(at("out/g1.pdf"));
	}
	/* A folder nobody can write into, root included. */
	T_OK("write-read-only", file_write_new("/proc", "a.pdf", "x", 1, &e)
	    == -1 && strcmp(e.code, "E-SYSTEM") == 0 && strcmp(e.where, "/proc")
	    == 0, "[%s] %s: %s", e.code, e.where, e.message);
	T_OK("replace-read-only", file_replace("/proc/segel.status", "x", 1,
	    0644, &e) == -1 && strcmp(e.code, "E-SYSTEM") == 0, "%s",
	    e.message);
	if (geteuid() != 0) {
		chmod(w, 0555);
		T_OK("write-read-only-folder", file_write_new(w, "b.pdf", "x", 1,
		    &e) == -1 && strays("out", "1708062202090002.pdf "
		    "ledger.head") == 0, "%s", e.message);
		chmod(w, 0755);
	} else
		printf("ok write-read-only-folder # skip: root writes anyway\n");
	/* Scratch files: new only, never through a symbolic link. */
	buf = NULL;
	T_OK("scratch", file_write_scratch(at("out/s.xml"), "<x/>", 4, &e) == 0
	    && file_read_all(at("out/s.xml"), 100, 0, "E-T", &buf, &len, &e) ==
	    0 && strcmp(buf, "<x/>") == 0 && stat(at("out/s.xml"), &st) == 0 &&
	    (st.st_mode & 0777) == 0600, "%s", e.message);
	free(buf);
	T_OK("scratch-exists", file_write_scratch(at("out/s.xml"), "y", 1, &e)
	    == -1 && strcmp(e.code, "E-SYSTEM") == 0, "overwrote");
	T_OK("scratch-symlink", symlink(at("out/target"), at("out/link")) == 0 &&
	    file_write_scratch(at("out/link"), "y", 1, &e) == -1 &&
	    access(at("out/target"), F_OK) != 0, "followed the link");
	T_OK("sync-missing", file_sync_dir(at("nowhere"), &e) == -1 &&
	    strcmp(e.where, at("nowhere")) == 0, "%s", e.message);
	T_OK("sync-of", file_sync_dir_of(at("out/ledger.head"), &e) == 0, "%s",
	    e.message);
}

/* ---- walking ---- */

struct seen {
	char got[2000];
	int stop_after, n;
};

static int
collect(void *ctx, const char *path, const char *name, const sg_err *problem)
{
	struct seen *s = ctx;
	size_t l = strlen(s->got);

	snprintf(s->got + l, sizeof s->got - l, "%s%s%s",
	    problem ? "!" : "", path + strlen(dir) + 1, " ");
	(void)name;
	return ++s->n == s->stop_after ? 7 : 0;
}

static void
test_walk(void)
{
	static const char *const files[] = { "w/b.csv", "w/a/z.csv",
	    "w/a/.hidden.csv", "w/B/x.xml", "w/a/deep/er/n.csv",
	    "w/.git/config", "w/a.csv" };
	struct seen s;
	sg_err e;
	size_t i;
	int rc;

	mkdir(at("w"), 0755);
	mkdir(at("w/a"), 0755);
	mkdir(at("w/B"), 0755);
	mkdir(at("w/.git"), 0755);
	mkdir(at("w/a/deep"), 0755);
	mkdir(at("w/a/deep/er"), 0755);
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		put(files[i], "x\n", 2);
	if (symlink("../kk.csv", at("w/a/link.csv")) != 0 ||
	    symlink("..", at("w/a/up")) != 0 || mkfifo(at("w/fifo.csv"), 0600)
	    != 0) {
		printf("# cannot set up %s/w\n", dir);
		exit(2);
	}

	memset(&s, 0, sizeof s);
	rc = file_walk(at("w"), 16, collect, &s, &e);
	T_OK("walk-order", rc == 0, "rc %d: %s", rc, e.message);
	T_STREQ("walk-files", s.got, "w/B/x.xml w/a/deep/er/n.csv w/a/z.csv "
	    "w/a.csv w/b.csv ");

	memset(&s, 0, sizeof s);
	rc = file_walk(at("w"), 1, collect, &s, &e);
	T_STREQ("walk-depth", s.got, "w/B/x.xml w/a/z.csv w/a.csv w/b.csv ");

	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	rc = file_walk(at("w"), 16, collect, &s, &e);
	T_OK("walk-stop", rc == 7 && s.n == 2, "rc %d after %d", rc, s.n);

	/* A trailing slash gives the same paths. */
	memset(&s, 0, sizeof s);
	rc = file_walk(at("w/a/"), 0, collect, &s, &e);
	T_STREQ("walk-slash", s.got, "w/a/z.csv ");

	memset(&s, 0, sizeof s);
	rc = file_walk(at("gone"), 16, collect, &s, &e);
	T_STREQ("walk-missing", s.got, "!gone ");

	if (geteuid() != 0) {
		chmod(at("w/a"), 0);
		memset(&s, 0, sizeof s);
		rc = file_walk(at("w"), 16, collect, &s, &e);
		chmod(at("w/a"), 0755);
		T_STREQ("walk-unreadable", s.got, "w/B/x.xml !w/a w/a.csv "
		    "w/b.csv ");
	} else
		printf("ok walk-unreadable # skip: root reads anyway\n");
}

int
main(int argc, char **argv)
{
	char cmd[128];

	T_INIT(argc, argv);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_read();
	test_write();
	test_walk();
	file_sha256_hex("abc", 3, cmd);
	T_STREQ("sha256", cmd, "ba7816bf8f01cfea414140de5dae2223b00361a396177a"
	    "9cb410ff61f20015ad");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
