#include "attach.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "record.h"

const char *
attach_sniff(const unsigned char *buf, size_t len)
{
	if (len >= 5 && memcmp(buf, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

/* Refuse absolute paths and any ".." component before touching the disk. */
static int
path_is_tame(const char *rel, sg_err *err)
{
	const char *p = rel, *q;

	if (*rel == '/') {
		sg_err_set(err, "E-ATTACH-ABSOLUTE", NULL, "attachment \"%s\" is "
		    "an absolute path; name it relative to the folder", rel);
		return 0;
	}
	for (;;) {
		q = strchr(p, '/');
		if ((q ? (size_t)(q - p) : strlen(p)) == 2 &&
		    p[0] == '.' && p[1] == '.') {
			sg_err_set(err, "E-ATTACH-ESCAPE", NULL, "attachment "
			    "\"%s\" uses \"..\"; it must stay inside the "
			    "folder", rel);
			return 0;
		}
		if (q == NULL)
			return 1;
		p = q + 1;
	}
}

int
attach_check(const char *root, const char *rel, size_t max_bytes,
    json_t **out, sg_err *err)
{
	char rroot[PATH_MAX], full[PATH_MAX], real[PATH_MAX], hex[65];
	unsigned char buf[65536], md[32], head[16];
	size_t rlen, headlen = 0, total = 0;
	const char *media;
	EVP_MD_CTX *ctx = NULL;
	struct stat st;
	ssize_t n;
	int fd = -1, rc = -1;
	unsigned i;

	*out = NULL;
	if (!path_is_tame(rel, err))
		return -1;
	if (realpath(root, rroot) == NULL) {
		sg_err_sys(err, root, "cannot resolve folder");
		return -1;
	}
	if ((size_t)snprintf(full, sizeof full, "%s/%s", rroot, rel) >=
	    sizeof full || strlen(rel) == 0) {
		sg_err_set(err, "E-ATTACH-MISSING", NULL, "attachment name "
		    "\"%.100s\" is empty or too long", rel);
		return -1;
	}
	if (realpath(full, real) == NULL) {
		sg_err_set(err, "E-ATTACH-MISSING", NULL, "attachment \"%s\" "
		    "is not in the folder", rel);
		return -1;
	}
	rlen = strlen(rroot);
	if (strncmp(real, rroot, rlen) != 0 || real[rlen] != '/') {
		sg_err_set(err, "E-ATTACH-ESCAPE", NULL, "attachment \"%s\" "
		    "leads outside the folder (through a symbolic link)", rel);
		return -1;
	}
	/*
	 * A FIFO, a device or a socket is never opened for what it is: open
	 * would wait for a writer (or rewind a tape), read would wait
	 * forever.  Refused by lstat first, then opened without blocking
	 * and checked again on the descriptor (it may have been swapped).
	 */
	if (lstat(real, &st) != 0) {
		sg_err_errno(err, "E-ATTACH-READ", NULL, "attachment \"%s\" "
		    "cannot be read", rel);
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto notfile;
	if ((fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		sg_err_errno(err, "E-ATTACH-READ", NULL, "attachment \"%s\" "
		    "cannot be read", rel);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
notfile:
		sg_err_set(err, "E-ATTACH-NOT-FILE", NULL, "attachment \"%s\" "
		    "is not a regular file but %s", rel,
		    S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)" :
		    S_ISSOCK(st.st_mode) ? "a socket" :
		    S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" :
		    S_ISDIR(st.st_mode) ? "a folder" : "something else");
		goto out;
	}
	/* A regular file: reads may block as usual. */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((unsigned long long)st.st_size > max_bytes) {
		sg_err_set(err, "E-ATTACH-TOO-BIG", NULL, "attachment \"%s\" "
		    "has %lld bytes, more than the limit of %zu", rel,
		    (long long)st.st_size, max_bytes);
		goto out;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto crypto;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (headlen < sizeof head) {
			size_t k = sizeof head - headlen;

			if (k > (size_t)n)
				k = (size_t)n;
			memcpy(head + headlen, buf, k);
			headlen += k;
		}
		total += (size_t)n;
		if (total > max_bytes) {
			sg_err_set(err, "E-ATTACH-TOO-BIG", NULL, "attachment "
			    "\"%s\" grew past the limit of %zu bytes", rel,
			    max_bytes);
			goto out;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
			goto crypto;
	}
	if (n < 0) {
		sg_err_errno(err, "E-ATTACH-READ", NULL, "attachment \"%s\" "
		    "cannot be read", rel);
		goto out;
	}
	if ((media = attach_sniff(head, headlen)) == NULL) {
		sg_err_set(err, "E-ATTACH-TYPE", NULL, "attachment \"%s\" is "
		    "not a PDF, JPEG or PNG file (judged by its content)", rel);
		goto out;
	}
	if (EVP_DigestFinal_ex(ctx, md, NULL) != 1)
		goto crypto;
	for (i = 0; i < sizeof md; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[64] = '\0';
	*out = rec_attachment_new(rel, media, (unsigned long long)total, hex);
	if (*out == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	rc = 0;
	goto out;
crypto:
	sg_err_set(err, "E-SYSTEM", NULL, "SHA-256 failed");
out:
	EVP_MD_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	return rc;
}
