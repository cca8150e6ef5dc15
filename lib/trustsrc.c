/*
 * trustsrc.c - where the verifier's trust material comes from (trustsrc.h):
 * the default places, a bundle or a trust directory, and a bundle's
 * formats written to a private folder.
 *
 * Why a folder and not an in-memory overlay: the formats are read by
 * libxml2 (schemas that include each other by file name), by libharu
 * (fonts by path, read lazily in the pool's children) and through
 * opendir; only real files serve all of them without changing every
 * loader.  mkdtemp makes the folder 0700 with an unguessable name, so no
 * other user can read, swap or pre-create what the verifier loads, and
 * every file is made new (O_EXCL, O_NOFOLLOW) in it, unsynced: it is
 * scratch, gone when the verifier ends.
 */
#include "trustsrc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "file.h"
#include "formats.h"

#define FORMATS_MAX_FILES 4096

struct trust_source {
	char path[PATH_MAX];
	bundle *b;
	char *dir;        /* the private formats folder, or NULL */
	char **made;      /* files and folders made in it, in order */
	size_t nmade;
	pid_t owner;      /* the process that removes it (not a child) */
};

/* ---- the default places ---- */

static size_t
add_place(char (*out)[PATH_MAX], size_t n, size_t max, const char *dir,
    const char *name)
{
	if (n < max && (size_t)snprintf(out[n], PATH_MAX, "%s/%s", dir, name) <
	    PATH_MAX)
		n++;
	return n;
}

size_t
trust_source_places(char (*out)[PATH_MAX], size_t max)
{
	const char *env = getenv("SEGEL_TRUST"), *xdg, *home;
	char user[PATH_MAX];
	const char *dirs[3];
	size_t n = 0, i, k = 0;

	if (env != NULL && env[0] != '\0') {
		if (max > 0)
			snprintf(out[n++], PATH_MAX, "%s", env);
		return n;
	}
	user[0] = '\0';
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	/* The XDG spec: a relative XDG_DATA_HOME is invalid, ignored. */
	if (xdg != NULL && xdg[0] == '/')
		snprintf(user, sizeof user, "%s/segel", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(user, sizeof user, "%s/.local/share/segel", home);
	if (user[0] != '\0')
		dirs[k++] = user;
	dirs[k++] = "/etc/segel";
	dirs[k++] = formats_share_dir();
	for (i = 0; i < k; i++) {
		n = add_place(out, n, max, dirs[i], "trust.bundle");
		n = add_place(out, n, max, dirs[i], "trust");
	}
	return n;
}

/* ---- a bundle's formats, in a private folder ---- */

static int
remember(trust_source *s, const char *path)
{
	char **nv, *c;

	if ((c = strdup(path)) == NULL)
		return -1;
	if ((nv = realloc(s->made, (s->nmade + 1) * sizeof *nv)) == NULL) {
		free(c);
		return -1;
	}
	s->made = nv;
	s->made[s->nmade++] = c;
	return 0;
}

/* Make the folders of dir/name that are not there yet. */
static int
make_parents(trust_source *s, const char *name, sg_err *err)
{
	char p[PATH_MAX], *slash;
	size_t base = strlen(s->dir) + 1;

	if ((size_t)snprintf(p, sizeof p, "%s/%s", s->dir, name) >= sizeof p)
		goto bad;
	for (slash = strchr(p + base, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0700) == 0) {
			if (remember(s, p) != 0)
				goto nomem;
		} else if (errno != EEXIST) {
			sg_err_sys(err, p, "cannot make a folder");
			return -1;
		}
		*slash = '/';
	}
	return 0;
bad:
	sg_err_set(err, "E-TRUST-FORMATS", name, "the name is too long");
	return -1;
nomem:
	sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
	return -1;
}

static int
unpack_formats(trust_source *s, sg_err *err)
{
	const bundle_item *it;
	char tmpl[PATH_MAX], p[PATH_MAX];
	const char *tmp = getenv("TMPDIR"), *env = getenv("SEGEL_FORMATS");
	size_t i, nfiles = 0;

	for (i = 0; i < bundle_count(s->b); i++)
		nfiles += bundle_at(s->b, i)->kind == BUNDLE_FILE;
	/* No formats, or an explicit SEGEL_FORMATS, which wins anyway. */
	if (nfiles == 0 || (env != NULL && env[0] != '\0'))
		return 0;
	if (nfiles > FORMATS_MAX_FILES) {
		sg_err_set(err, "E-TRUST-FORMATS", s->path, "%zu formats files, "
		    "more than %d", nfiles, FORMATS_MAX_FILES);
		return -1;
	}
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if ((size_t)snprintf(tmpl, sizeof tmpl, "%s/segel-formats-XXXXXX",
	    tmp) >= sizeof tmpl || mkdtemp(tmpl) == NULL) {
		sg_err_sys(err, tmpl, "cannot make a private folder for the "
		    "bundle's formats");
		return -1;
	}
	s->owner = getpid();
	if ((s->dir = strdup(tmpl)) == NULL) {
		rmdir(tmpl);
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return -1;
	}
	for (i = 0; i < bundle_count(s->b); i++) {
		it = bundle_at(s->b, i);
		if (it->kind != BUNDLE_FILE)
			continue;
		/* bundle_load took only plain relative names (parts of
		 * letters, digits, '.', '_', '-', none starting with '.'):
		 * nothing here can leave the folder. */
		if (make_parents(s, it->name, err) != 0)
			return -1;
		snprintf(p, sizeof p, "%s/%s", s->dir, it->name);
		/* not synced: the folder goes when the verifier ends */
		if (file_write_scratch(p, it->data, it->len, err) != 0)
			return -1;
		if (remember(s, p) != 0) {
			unlink(p);
			sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* ---- opening ---- */

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

trust_source *
trust_source_open(const char *path, sg_err *err)
{
	char places[TRUST_PLACES_MAX][PATH_MAX], looked[400];
	trust_source *s;
	const char *env = getenv("SEGEL_TRUST");
	size_t n, i, at = 0;
	struct stat st;

	if (path == NULL) {
		n = trust_source_places(places, TRUST_PLACES_MAX);
		for (i = 0; i < n && path == NULL; i++)
			if (exists(places[i]) || (env != NULL && *env != '\0'))
				path = places[i];
		if (path == NULL) {
			looked[0] = '\0';
			for (i = 0; i < n && at < sizeof looked; i++)
				at += (size_t)snprintf(looked + at,
				    sizeof looked - at, "%s%s", i ? ", " : "",
				    places[i]);
			sg_err_set(err, "E-TRUST-NONE", NULL, "no trust material:"
			    " give -t, set SEGEL_TRUST, or install a bundle or "
			    "trust folder in one of %s", looked);
			return NULL;
		}
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		return NULL;
	}
	snprintf(s->path, sizeof s->path, "%s", path);
	/* A file must be a bundle; anything else is a trust directory
	 * (lib/trust.c says what is wrong with it). */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return s;
	if ((s->b = bundle_load(path, err)) == NULL ||
	    unpack_formats(s, err) != 0) {
		trust_source_free(s);
		return NULL;
	}
	if (s->dir != NULL)
		formats_dir_set(s->dir);
	return s;
}

/* The source whose folder a signal removes (trust_source_on_signal). */
static trust_source *volatile on_signal;

/* Only what was made, newest first: files, then folders.  Only unlink,
 * rmdir and getpid: safe in a signal handler. */
static void
remove_made(trust_source *s)
{
	size_t i;

	if (s->dir == NULL || s->owner != getpid())
		return;
	for (i = s->nmade; i-- > 0;)
		if (unlink(s->made[i]) != 0)
			rmdir(s->made[i]);
	rmdir(s->dir);
}

static void
signalled(int sig)
{
	trust_source *s = on_signal;

	if (s != NULL)
		remove_made(s);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
trust_source_on_signal(trust_source *s)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	size_t i;

	if (s == NULL || s->dir == NULL)
		return;
	on_signal = s;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = signalled;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		/* a signal the caller ignores (nohup, SIGPIPE ignored) stays
		 * ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void
trust_source_free(trust_source *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (on_signal == s)
		on_signal = NULL;
	if (s->dir != NULL && s->owner == getpid()) {
		remove_made(s);
		formats_dir_set(NULL);
	}
	for (i = 0; i < s->nmade; i++)
		free(s->made[i]);
	free(s->made);
	free(s->dir);
	bundle_free(s->b);
	free(s);
}

const char *
trust_source_path(const trust_source *s)
{
	return s->path;
}

const struct bundle *
trust_source_bundle(const trust_source *s)
{
	return s->b;
}

/* ---- installing a bundle ---- */

/* The user's data folder (trust_source_places' first user place). */
static int
user_dir(char dir[PATH_MAX])
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return (size_t)snprintf(dir, PATH_MAX, "%s/segel", xdg) <
		    PATH_MAX ? 0 : -1;
	if (home != NULL && home[0] != '\0')
		return (size_t)snprintf(dir, PATH_MAX, "%s/.local/share/segel",
		    home) < PATH_MAX ? 0 : -1;
	return -1;
}

/* mkdir -p dir (0755, the umask applies). */
static int
make_dir(const char *dir, sg_err *err)
{
	char p[PATH_MAX], *slash;

	snprintf(p, sizeof p, "%s", dir);
	for (slash = strchr(p + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash != NULL)
			*slash = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			sg_err_sys(err, p, "cannot make the folder");
			return -1;
		}
		if (slash == NULL)
			return 0;
		*slash = '/';
	}
}

int
trust_source_install(const char *path, const char *root_path,
    const char *dest, char dest_used[PATH_MAX], unsigned long *old_seq,
    sg_err *err)
{
	char dir[PATH_MAX], *buf = NULL, *obuf = NULL;
	size_t len = 0, olen = 0;
	bundle *b = NULL, *old = NULL;
	sg_err oerr;
	int r = -1, have_old;

	*old_seq = 0;
	if (dest == NULL) {
		if (user_dir(dir) != 0) {
			sg_err_set(err, "E-BUNDLE-INSTALL", path, "no user "
			    "data folder (HOME and XDG_DATA_HOME are unset): "
			    "name where to install it");
			return -1;
		}
		if ((size_t)snprintf(dest_used, PATH_MAX, "%s/trust.bundle",
		    dir) >= PATH_MAX) {
			sg_err_set(err, "E-BUNDLE-INSTALL", dir, "the path is "
			    "too long");
			return -1;
		}
	} else if ((size_t)snprintf(dest_used, PATH_MAX, "%s", dest) >=
	    PATH_MAX) {
		sg_err_set(err, "E-BUNDLE-INSTALL", dest, "the path is "
		    "too long");
		return -1;
	}
	if (file_read_all(path, BUNDLE_MAX_BYTES, 0, "E-BUNDLE", &buf, &len,
	    err) != 0)
		return -1;
	if ((b = bundle_load_mem(buf, len, path, err)) == NULL)
		goto out;
	if (root_path != NULL && bundle_check_root(b, root_path, err) != 0)
		goto out;
	have_old = access(dest_used, F_OK) == 0;
	if (have_old) {
		if (file_read_all(dest_used, BUNDLE_MAX_BYTES, 0, "E-BUNDLE",
		    &obuf, &olen, &oerr) == 0 && olen == len &&
		    memcmp(obuf, buf, len) == 0) {
			r = 1;
			goto out;
		}
		if (obuf != NULL)
			old = bundle_load_mem(obuf, olen, dest_used, &oerr);
		if (old != NULL) {
			*old_seq = bundle_sequence(old);
			if (bundle_check_update(old, b, err) != 0)
				goto out;
		} else if (root_path == NULL) {
			sg_err_set(err, "E-BUNDLE-INSTALL", dest_used,
			    "the bundle installed here does not load (%s): "
			    "it is replaced only by a bundle checked against "
			    "its root", oerr.message);
			goto out;
		}
	} else if (root_path == NULL) {
		sg_err_set(err, "E-BUNDLE-INSTALL", dest_used, "no bundle "
		    "is installed here yet: a first bundle is installed only "
		    "when checked against its root, got from its publisher");
		goto out;
	}
	if (dest == NULL && make_dir(dir, err) != 0)
		goto out;
	if (file_replace(dest_used, buf, len, 0644, err) == 0)
		r = 0;
out:
	bundle_free(old);
	bundle_free(b);
	free(obuf);
	free(buf);
	return r;
}
