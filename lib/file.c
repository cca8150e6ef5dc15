/*
 * file.c - whole files in and out, and folder walks (file.h).
 */
#define _GNU_SOURCE 1    /* syncfs */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "file.h"

/* ---- Reading ------------------------------------------------------------ */

/* What a path is when it is not a regular file, as one sentence each
 * (so that each is translated whole). */
static void
not_regular(sg_err *err, const char *code, const char *path, mode_t m)
{
	if (S_ISFIFO(m))
		sg_err_set(err, code, path, "not a regular file but a FIFO "
		    "(named pipe)");
	else if (S_ISSOCK(m))
		sg_err_set(err, code, path, "not a regular file but a socket");
	else if (S_ISCHR(m) || S_ISBLK(m))
		sg_err_set(err, code, path, "not a regular file but a device");
	else if (S_ISDIR(m))
		sg_err_set(err, code, path, "not a regular file but a folder");
	else if (S_ISLNK(m))
		sg_err_set(err, code, path, "not a regular file but a symbolic "
		    "link");
	else
		sg_err_set(err, code, path, "not a regular file");
}

static void *
buf_alloc(size_t n, unsigned flags)
{
	return flags & FILE_SECRET ? OPENSSL_secure_malloc(n) : malloc(n);
}

void
file_secret_free(char *buf, size_t len)
{
	if (buf != NULL)
		OPENSSL_secure_clear_free(buf, len + 1);
}

static void
buf_free(char *buf, size_t cap, unsigned flags)
{
	if (flags & FILE_SECRET) {
		if (buf != NULL)
			OPENSSL_secure_clear_free(buf, cap);
	} else
		free(buf);
}

int
file_read_fd(int fd, const char *path, size_t max, unsigned flags,
    const char *code, char **bufp, size_t *lenp, sg_err *err)
{
	char *buf = NULL, *nb;
	size_t cap = 0, len = 0;
	struct stat st;
	ssize_t n;
	int rc = FILE_ENOMEM;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			sg_err_set(err, code, path, "%jd bytes, more than "
			    "the limit of %zu", (intmax_t)st.st_size,
			    max);
			return FILE_ETOOBIG;
		}
		/* A hint only: the file may grow while it is read. */
		cap = (size_t)st.st_size + 1;
	}
	/* A secret is never moved by realloc: one buffer, the limit. */
	if (flags & FILE_SECRET || cap == 0)
		cap = flags & FILE_SECRET || max < 65536 ? max + 1 : 65536;
	if ((buf = buf_alloc(cap, flags)) == NULL)
		goto nomem;
	for (;;) {
		if (len == cap) {
			if (len > max) {
				sg_err_set(err, code, path, "more than the "
				    "limit of %zu bytes", max);
				rc = FILE_ETOOBIG;
				goto fail;
			}
			nb = (flags & FILE_SECRET) ? NULL : realloc(buf,
			    cap > max / 2 ? max + 1 : 2 * cap);
			if (nb == NULL)
				goto nomem;
			buf = nb;
			cap = cap > max / 2 ? max + 1 : 2 * cap;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sg_err_sys(err, path, "cannot be read");
			rc = FILE_EREAD;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		sg_err_set(err, code, path, "more than the limit of %zu bytes", max);
		rc = FILE_ETOOBIG;
		goto fail;
	}
	if (len == cap && (flags & FILE_SECRET) == 0) {
		if ((nb = realloc(buf, cap + 1)) == NULL)
			goto nomem;
		buf = nb;
		cap++;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
nomem:
	sg_err_set(err, "E-SYSTEM", path, "out of memory");
	rc = FILE_ENOMEM;
fail:
	buf_free(buf, cap, flags);
	return rc;
}

int
file_read_all(const char *path, size_t max, unsigned flags,
    const char *code, char **bufp, size_t *lenp, sg_err *err)
{
	struct stat st;
	int fd, rc, nofollow = flags & FILE_NOFOLLOW ? O_NOFOLLOW : 0;

	*bufp = NULL;
	*lenp = 0;
	if ((flags & FILE_STDIN) && strcmp(path, "-") == 0)
		return file_read_fd(STDIN_FILENO, "<stdin>", max, flags, code,
		    bufp, lenp, err);
	/*
	 * A FIFO, a device or a socket is never opened for what it is: open
	 * would wait for a writer (or rewind a tape), read would wait
	 * forever.  Refused by its name first, then opened without blocking
	 * and checked again on the descriptor (it may have been swapped).
	 */
	if ((flags & FILE_ANY_KIND) == 0 &&
	    (nofollow ? lstat(path, &st) : stat(path, &st)) == 0 &&
	    !S_ISREG(st.st_mode))
		goto notreg;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    nofollow)) < 0) {
		rc = errno == ENOENT ? FILE_EMISSING : FILE_EOPEN;
		sg_err_sys(err, path, "cannot be opened");
		return rc;
	}
	if (fstat(fd, &st) != 0) {
		sg_err_sys(err, path, "cannot be read");
		close(fd);
		return FILE_EREAD;
	}
	if ((flags & FILE_ANY_KIND) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		goto notreg;
	}
	/* Checked: reads may block as usual (a pipe the user named). */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = file_read_fd(fd, path, max, flags, code, bufp, lenp, err);
	close(fd);
	return rc;
notreg:
	not_regular(err, code, path, st.st_mode);
	return FILE_ENOTREG;
}

/* ---- Writing ------------------------------------------------------------ */

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1 when path holds exactly buf, 0 when not, -1 on a read error. */
static int
same_content(const char *path, const void *buf, size_t len)
{
	char chunk[65536];
	const char *p = buf;
	struct stat st;
	size_t off = 0;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size != len) {
		rc = 0;
		goto out;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (off + (size_t)n > len ||
		    memcmp(chunk, p + off, (size_t)n) != 0) {
			rc = 0;
			goto out;
		}
		off += (size_t)n;
	}
	rc = n < 0 ? -1 : off == len;
out:
	close(fd);
	return rc;
}

/* A temporary file beside the target; its name in tmp.  Synced unless
 * nosync (a staged file, synced with its group by file_sync_fs). */
static int
write_temp(const char *dir, const void *buf, size_t len, unsigned mode,
    int nosync, char *tmp, size_t tmpsz, sg_err *err)
{
	int fd;

	snprintf(tmp, tmpsz, "%s/.segel-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0) {
		sg_err_sys(err, dir, "cannot create a temporary file");
		return -1;
	}
	if (fchmod(fd, (mode_t)mode) != 0 || write_all(fd, buf, len) != 0 ||
	    (!nosync && fsync(fd) != 0)) {
		sg_err_sys(err, tmp, "write error");
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0) {
		sg_err_sys(err, tmp, "write error");
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The file written to tmp linked in as path, never over another; tmp is
 * removed.  buf (len bytes) is tmp's content, or NULL to read it back
 * when there is something to compare with. */
static int
link_new(const char *tmp, const char *path, const void *buf, size_t len,
    sg_err *err)
{
	char *own = NULL;
	size_t n = 0;
	int same, rc = -1;

	if (link(tmp, path) == 0) {
		rc = 0;
		goto out;
	}
	if (errno != EEXIST) {
		sg_err_sys(err, path, "cannot create");
		goto out;
	}
	if (buf == NULL) {
		if (file_read_all(tmp, SIZE_MAX / 2, 0, "E-SYSTEM", &own, &n,
		    err) != 0)
			goto out;
		buf = own;
		len = n;
	}
	same = same_content(path, buf, len);
	if (same == 1)
		rc = 1;
	else if (same == 0)
		sg_err_set(err, "E-RENDER-EXISTS", path, "a different file "
		    "is already there; not overwritten");
	else
		sg_err_sys(err, path, "cannot read the existing file");
out:
	free(own);
	unlink(tmp);
	return rc;
}

static int
join_path(char *path, size_t sz, const char *dir, const char *name,
    sg_err *err)
{
	if ((size_t)snprintf(path, sz, "%s/%s", dir, name) >= sz) {
		sg_err_set(err, "E-SYSTEM", dir, "path too long");
		return -1;
	}
	return 0;
}

int
file_write_new(const char *dir, const char *name, const void *buf,
    size_t len, sg_err *err)
{
	char tmp[4200], path[4200];

	if (join_path(path, sizeof path, dir, name, err) != 0 ||
	    write_temp(dir, buf, len, 0644, 0, tmp, sizeof tmp, err) != 0)
		return -1;
	return link_new(tmp, path, buf, len, err);
}

int
file_stage_new(const char *dir, const char *name, const void *buf,
    size_t len, char *tmp, size_t tmpsz, sg_err *err)
{
	char path[4200];
	int same;

	if (join_path(path, sizeof path, dir, name, err) != 0)
		return -1;
	/* already there: nothing to write, whatever comes of it */
	if (access(path, F_OK) == 0) {
		same = same_content(path, buf, len);
		if (same == 1)
			return 1;
		if (same == 0)
			sg_err_set(err, "E-RENDER-EXISTS", path, "a different "
			    "file is already there; not overwritten");
		else
			sg_err_sys(err, path, "cannot read the existing file");
		return -1;
	}
	if (write_temp(dir, buf, len, 0644, 1, tmp, tmpsz, err) != 0)
		return -1;
	return 0;
}

int
file_commit_new(const char *tmp, const char *dir, const char *name,
    sg_err *err)
{
	char path[4200];

	if (join_path(path, sizeof path, dir, name, err) != 0) {
		unlink(tmp);
		return -1;
	}
	return link_new(tmp, path, NULL, 0, err);
}

int
file_sync_fs(const char *dir, sg_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0) {
		sg_err_sys(err, dir, "cannot open");
		return -1;
	}
	rc = syncfs(fd);
	if (rc != 0)
		sg_err_sys(err, dir, "syncfs");
	close(fd);
	return rc == 0 ? 0 : -1;
}

/* The folder path is in, into dir. */
static int
dir_of(const char *path, char *dir, size_t dirsz, sg_err *err)
{
	char *slash;

	if ((size_t)snprintf(dir, dirsz, "%s", path) >= dirsz) {
		sg_err_set(err, "E-SYSTEM", path, "path too long");
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, dirsz, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

int
file_replace(const char *path, const void *buf, size_t len, unsigned mode,
    sg_err *err)
{
	char dir[4200], tmp[4300];

	if (dir_of(path, dir, sizeof dir, err) != 0)
		return -1;
	if (write_temp(dir, buf, len, mode, 0, tmp, sizeof tmp, err) != 0)
		return -1;
	if (rename(tmp, path) != 0) {
		sg_err_sys(err, path, "cannot rename %s to it", tmp);
		unlink(tmp);
		return -1;
	}
	return file_sync_dir(dir, err);
}

int
file_sync_dir(const char *dir, sg_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0) {
		sg_err_sys(err, dir, "cannot open");
		return -1;
	}
	rc = fsync(fd);
	if (rc != 0)
		sg_err_sys(err, dir, "fsync");
	close(fd);
	return rc == 0 ? 0 : -1;
}

int
file_sync_dir_of(const char *path, sg_err *err)
{
	char dir[4200];

	if (dir_of(path, dir, sizeof dir, err) != 0)
		return -1;
	return file_sync_dir(dir, err);
}

void
file_sha256_hex(const void *buf, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL);
	file_md_hex(md, hex);
}

void
file_md_hex(const unsigned char md[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/* ---- Walking ------------------------------------------------------------ */

static int
walk_cmp(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int
file_walk(const char *dir, int max_depth, file_walk_fn fn, void *ctx,
    sg_err *err)
{
	char *roots[2];
	FTS *fts;
	FTSENT *e;
	sg_err why;
	int rc = 0;

	roots[0] = (char *)dir;
	roots[1] = NULL;
	/* Physical: a link below dir is seen as a link and never followed. */
	if ((fts = fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR,
	    walk_cmp)) == NULL) {
		sg_err_sys(err, dir, "cannot read folder");
		return -1;
	}
	while (rc == 0 && (errno = 0, e = fts_read(fts)) != NULL) {
		if (e->fts_level > 0 && e->fts_name[0] == '.') {
			if (e->fts_info == FTS_D)
				fts_set(fts, e, FTS_SKIP);
			continue;
		}
		switch (e->fts_info) {
		case FTS_D:
			if (e->fts_level > max_depth)
				fts_set(fts, e, FTS_SKIP);
			break;
		case FTS_F:
			rc = fn(ctx, e->fts_path, e->fts_name, NULL);
			break;
		case FTS_NS:
			/* gone since it was listed, or the folder itself */
			if (e->fts_level > 0)
				break;
			/* FALLTHROUGH */
		case FTS_DNR:
		case FTS_ERR:
			errno = e->fts_errno;
			sg_err_sys(&why, e->fts_path, "cannot read folder");
			rc = fn(ctx, e->fts_path, e->fts_name, &why);
			break;
		default:	/* links, devices, FIFOs, the way back up */
			break;
		}
	}
	if (rc == 0 && errno != 0) {
		sg_err_sys(err, dir, "cannot read folder");
		rc = -1;
	}
	fts_close(fts);
	return rc;
}

int
file_write_scratch(const char *path, const void *buf, size_t len,
    sg_err *err)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0) {
		sg_err_sys(err, path, "cannot create");
		return -1;
	}
	if (write_all(fd, buf, len) != 0) {
		sg_err_sys(err, path, "write error");
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) != 0) {
		sg_err_sys(err, path, "write error");
		unlink(path);
		return -1;
	}
	return 0;
}
