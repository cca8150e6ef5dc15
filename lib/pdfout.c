/*
 * pdfout.c - atomic, never-overwriting file output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "pdfout.h"

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

/* A temporary file beside the target; its name in tmp. */
static int
write_temp(const char *dir, const void *buf, size_t len, char *tmp,
    size_t tmpsz, sg_err *err)
{
	int fd;

	snprintf(tmp, tmpsz, "%s/.segel-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0) {
		sg_err_sys(err, dir, "cannot create a temporary file");
		return -1;
	}
	if (fchmod(fd, 0644) != 0 || write_all(fd, buf, len) != 0 ||
	    fsync(fd) != 0) {
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

int
pdfout_write(const char *dir, const char *name, const void *buf,
    size_t len, sg_err *err)
{
	char tmp[4200], path[4200];
	int same, rc = -1;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path) {
		sg_err_set(err, "E-SYSTEM", dir, "path too long");
		return -1;
	}
	if (write_temp(dir, buf, len, tmp, sizeof tmp, err) != 0)
		return -1;
	if (link(tmp, path) == 0) {
		rc = 0;
		goto out;
	}
	if (errno != EEXIST) {
		sg_err_sys(err, path, "cannot create");
		goto out;
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
	unlink(tmp);
	return rc;
}

int
pdfout_replace(const char *path, const void *buf, size_t len, sg_err *err)
{
	char dir[4200], tmp[4300], *slash;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (write_temp(dir, buf, len, tmp, sizeof tmp, err) != 0)
		return -1;
	if (rename(tmp, path) != 0) {
		sg_err_sys(err, path, "cannot rename %s to it", tmp);
		unlink(tmp);
		return -1;
	}
	return pdfout_sync_dir(dir, err);
}

int
pdfout_sync_dir(const char *dir, sg_err *err)
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

void
pdfout_sha256_hex(const void *buf, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0, i;

	EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}
