#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "keys.h"
#include "text.h"

#define PROFILE_MAX_BYTES (64u * 1024) /* a profile is a few lines */

static const char *const keys[] = {
	"office", "region", "official", "nip", "key", "cert", "ledger",
	"passphrase-file", "logo", "place", NULL
};
static const char *const paths[] = {
	"key", "cert", "ledger", "passphrase-file", "logo", NULL
};
#define NKEYS (sizeof keys / sizeof keys[0] - 1)

struct profile {
	char *val[NKEYS];
};

static int
key_index(const char *key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i], key) == 0)
			return (int)i;
	return -1;
}

profile *
profile_new(void)
{
	return calloc(1, sizeof(profile));
}

void
profile_free(profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < NKEYS; i++)
		free(p->val[i]);
	free(p);
}

int
profile_set(profile *p, const char *key, const char *value)
{
	int i = key_index(key);
	char *v;

	if (i < 0 || (v = strdup(value)) == NULL)
		return -1;
	free(p->val[i]);
	p->val[i] = v;
	return 0;
}

const char *
profile_get(const profile *p, const char *key)
{
	int i = key_index(key);

	return i < 0 ? NULL : p->val[i];
}

static int
is_path_key(const char *key)
{
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		if (strcmp(paths[i], key) == 0)
			return 1;
	return 0;
}

int
profile_load(profile *p, const char *path, sg_err *err)
{
	char line[1024], where[600], dir[512], full[1100], *eq, *k, *v;
	char *buf = NULL, *cur, *nl;
	const char *slash = strrchr(path, '/');
	unsigned long n = 0;
	size_t len;
	int rc = -1;

	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1,
	    slash ? path : ".");
	/* a regular file only: a FIFO named as the profile must not hang */
	if (file_read_all(path, PROFILE_MAX_BYTES, 0, "E-PROFILE", &buf, &len,
	    err) != 0)
		return -1;
	for (cur = buf; *cur != '\0'; cur = nl) {
		if ((nl = strchr(cur, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = cur + strlen(cur);
		n++;
		snprintf(where, sizeof where, "%s:%lu", path, n);
		if (strlen(cur) >= sizeof line - 1) {
			sg_err_set(err, "E-PROFILE", where, "line too long");
			goto out;
		}
		snprintf(line, sizeof line, "%s", cur);
		if ((k = strchr(line, '#')) != NULL)
			*k = '\0';
		k = text_trim(line);
		if (*k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			sg_err_set(err, "E-PROFILE", where, "expected "
			    "\"key = value\"");
			goto out;
		}
		*eq = '\0';
		k = text_trim(k);
		v = text_trim(eq + 1);
		if (key_index(k) < 0) {
			sg_err_set(err, "E-PROFILE", where, "unknown setting "
			    "\"%s\"", k);
			goto out;
		}
		/* a key in a token is named by a URI, not a path */
		if (is_path_key(k) && *v != '/' && *v != '\0' &&
		    !(strcmp(k, "key") == 0 && key_is_uri(v))) {
			snprintf(full, sizeof full, "%s/%s", dir, v);
			v = full;
		}
		if (profile_set(p, k, v) != 0) {
			sg_err_set(err, "E-SYSTEM", where, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

int
profile_check(const profile *p, sg_err *err)
{
	static const char *const need[] = { "office", "region", "official",
	    "key", "cert", "ledger", NULL };
	const char *r = profile_get(p, "region"), *nip;
	size_t i;

	for (i = 0; need[i] != NULL; i++)
		if (profile_get(p, need[i]) == NULL ||
		    *profile_get(p, need[i]) == '\0') {
			sg_err_set(err, "E-PROFILE", NULL, "no %s: set it in "
			    "the profile or with --%s", need[i], need[i]);
			return -1;
		}
	/* "75" or "75.01": a province or a regency/city */
	if (!((strlen(r) == 2 && strspn(r, "0123456789") == 2) ||
	    (strlen(r) == 5 && strspn(r, "0123456789") == 2 && r[2] == '.' &&
	    strspn(r + 3, "0123456789") == 2))) {
		sg_err_set(err, "E-PROFILE", NULL, "region \"%s\" is not a "
		    "province or regency code like 75 or 75.01", r);
		return -1;
	}
	nip = profile_get(p, "nip");
	if (nip != NULL && (strlen(nip) != 18 ||
	    strspn(nip, "0123456789") != 18)) {
		sg_err_set(err, "E-PROFILE", NULL, "NIP \"%s\" is not 18 "
		    "digits", nip);
		return -1;
	}
	return 0;
}
