/*
 * test_profile.c - the issuer profile (profile.h): reading "key = value"
 * files (comments, blanks, relative paths taken from the file's folder),
 * refusing what is not one, overriding from flags, and the check a signer
 * needs passed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile.h"
#include "t.h"

static char dir[PATH_MAX];

/* Write text to dir/name; the path in out. */
static void
put(const char *name, const char *text, char *out, size_t n)
{
	FILE *fp;

	snprintf(out, n, "%s/%s", dir, name);
	if ((fp = fopen(out, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
test_load(void)
{
	char path[PATH_MAX + 32], want[PATH_MAX + 64];
	profile *p = profile_new();
	sg_err err;
	int rc;

	put("good.conf",
	    "# Dinas Dukcapil Gorontalo\n"
	    "\n"
	    "office = Dinas Kependudukan dan Pencatatan Sipil Kabupaten "
	    "Gorontalo\n"
	    "  region=75.01   # the regency\n"
	    "official =   Drs. MUHTAR NUNA, M.Si  \n"
	    "nip = 196805121994031007\n"
	    "key = keys/7501.key.pem\n"
	    "cert = /etc/segel/7501.pem\n"
	    "ledger = 7501.ledger\n"
	    "logo =\n", path, sizeof path);
	rc = profile_load(p, path, &err);
	T_OK("load#0", rc == 0, "%s %s: %s", err.code, err.where,
	    err.message);
	T_STREQ("load#1", profile_get(p, "office"), "Dinas Kependudukan dan "
	    "Pencatatan Sipil Kabupaten Gorontalo");
	T_STREQ("load#2", profile_get(p, "region"), "75.01");
	T_STREQ("load#3", profile_get(p, "official"), "Drs. MUHTAR NUNA, M.Si");
	/* relative paths are taken from the profile's folder */
	snprintf(want, sizeof want, "%s/keys/7501.key.pem", dir);
	T_STREQ("load#4", profile_get(p, "key"), want);
	T_STREQ("load#5", profile_get(p, "cert"), "/etc/segel/7501.pem");
	snprintf(want, sizeof want, "%s/7501.ledger", dir);
	T_STREQ("load#6", profile_get(p, "ledger"), want);
	T_STREQ("load#7", profile_get(p, "logo"), "");
	T_OK("load#8", profile_get(p, "passphrase-file") == NULL &&
	    profile_get(p, "colour") == NULL, "a setting never given");
	T_OK("load#9", profile_check(p, &err) == 0, "%s: %s", err.code,
	    err.message);
	/* flags override the file; an unknown key is refused */
	T_OK("set#0", profile_set(p, "official", "H. RAHMAN") == 0 &&
	    strcmp(profile_get(p, "official"), "H. RAHMAN") == 0,
	    "override lost");
	T_OK("set#1", profile_set(p, "colour", "red") == -1, "took colour");
	profile_free(p);
	profile_free(NULL);
}

static const struct {
	const char *text, *code, *where; /* where: ":LINE" after the path */
} bad_rows[] = {
	{ "office = A\njust words\n", "E-PROFILE", ":2" },
	{ "office = A\ncolour = red\n", "E-PROFILE", ":2" },
	{ "= value\n", "E-PROFILE", ":1" },
};

static void
test_bad(void)
{
	char path[PATH_MAX + 32], name[32], want[PATH_MAX + 48];
	char *longline;
	profile *p;
	sg_err err;
	size_t i;

	for (i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		snprintf(name, sizeof name, "bad#%zu", i);
		put("bad.conf", bad_rows[i].text, path, sizeof path);
		snprintf(want, sizeof want, "%s%s", path, bad_rows[i].where);
		p = profile_new();
		memset(&err, 0, sizeof err);
		T_OK(name, profile_load(p, path, &err) == -1 &&
		    strcmp(err.code, bad_rows[i].code) == 0 &&
		    strcmp(err.where, want) == 0, "%s %s: %s", err.code,
		    err.where, err.message);
		profile_free(p);
	}
	/* a line longer than the reader's 1 KiB is refused, not split */
	if ((longline = malloc(3000)) != NULL) {
		memset(longline, 'x', 2998);
		memcpy(longline, "office = ", 9);
		longline[2998] = '\n';
		longline[2999] = '\0';
		put("long.conf", longline, path, sizeof path);
		free(longline);
		p = profile_new();
		T_OK("bad-long", profile_load(p, path, &err) == -1 &&
		    strcmp(err.code, "E-PROFILE") == 0 &&
		    strstr(err.message, "too long") != NULL, "%s: %s",
		    err.code, err.message);
		profile_free(p);
	}
	/* a FIFO named as the profile is refused, never waited on */
	snprintf(path, sizeof path, "%s/fifo.conf", dir);
	p = profile_new();
	T_OK("bad-fifo", mkfifo(path, 0600) == 0 &&
	    profile_load(p, path, &err) == -1 &&
	    strcmp(err.code, "E-PROFILE") == 0 &&
	    strstr(err.message, "FIFO") != NULL, "%s: %s", err.code,
	    err.message);
	profile_free(p);
	snprintf(path, sizeof path, "%s/missing.conf", dir);
	p = profile_new();
	T_OK("bad-missing", profile_load(p, path, &err) == -1 &&
	    strcmp(err.code, "E-SYSTEM") == 0 && strcmp(err.where, path) == 0,
	    "%s %s", err.code, err.where);
	profile_free(p);
}

static const struct {
	const char *key, *value; /* set on a complete profile */
	int ok;
} check_rows[] = {
	{ "region", "75", 1 },
	{ "region", "75.01", 1 },
	{ "region", "7501", 0 },
	{ "region", "75.1", 0 },
	{ "region", "75.01.01", 0 },
	{ "region", "ab.cd", 0 },
	{ "nip", "19680512199403100", 0 },
	{ "nip", "19680512199403100X", 0 },
	{ "office", "", 0 },
	{ "key", "", 0 },
	{ "ledger", "", 0 },
	{ "logo", "", 1 },
};

static void
test_check(void)
{
	char name[32];
	profile *p;
	sg_err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof check_rows / sizeof check_rows[0]; i++) {
		snprintf(name, sizeof name, "check#%zu", i);
		p = profile_new();
		profile_set(p, "office", "Dinas");
		profile_set(p, "region", "75.01");
		profile_set(p, "official", "Drs. A");
		profile_set(p, "key", "/k.pem");
		profile_set(p, "cert", "/c.pem");
		profile_set(p, "ledger", "/l");
		profile_set(p, check_rows[i].key, check_rows[i].value);
		memset(&err, 0, sizeof err);
		rc = profile_check(p, &err);
		T_OK(name, check_rows[i].ok ? rc == 0 : rc == -1 &&
		    strcmp(err.code, "E-PROFILE") == 0, "%s = \"%s\": rc %d %s",
		    check_rows[i].key, check_rows[i].value, rc, err.message);
		profile_free(p);
	}
	/* an empty profile names the first setting missing (no NIP is fine:
	 * the rows above set none) */
	p = profile_new();
	T_OK("check-empty", profile_check(p, &err) == -1 &&
	    strstr(err.message, "office") != NULL, "%s", err.message);
	profile_free(p);
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	int rc;

	T_INIT(argc, argv);
	snprintf(dir, sizeof dir, "%s/test_profile.XXXXXX", tmp && *tmp ?
	    tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_load();
	test_bad();
	test_check();
	rc = T_DONE();
	{
		const char *f[] = { "good.conf", "bad.conf", "long.conf" };
		char path[PATH_MAX + 32];
		size_t i;

		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, f[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	return rc;
}
