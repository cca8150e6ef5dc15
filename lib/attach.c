#include "attach.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"

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
	char *data = NULL;
	size_t rlen, total = 0;
	const char *media, *code = "E-ATTACH-TOO-BIG", *verb = "has ";
	sg_err e;
	int rc = -1;

	*out = NULL;
	if (!path_is_tame(rel, err))
		return -1;
	if (realpath(root, rroot) == NULL) {
		sg_err_sys(err, root, "cannot open the folder \"%s\" (a "
		    "relative one is taken from the current folder)", root);
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
	/* Not followed, and refused unless a regular file (file.h). */
	switch (file_read_all(real, max_bytes, FILE_NOFOLLOW,
	    "E-ATTACH-TOO-BIG", &data, &total, &e)) {
	case 0:
		break;
	case FILE_ENOTREG:
		code = "E-ATTACH-NOT-FILE";
		verb = "is ";
		goto fail;
	case FILE_ETOOBIG:
		goto fail;
	case FILE_ENOMEM:
		code = "E-SYSTEM";
		verb = "";
		goto fail;
	default:
		code = "E-ATTACH-READ";
		verb = "";
		goto fail;
	}
	if ((media = attach_sniff((unsigned char *)data, total)) == NULL) {
		sg_err_set(err, "E-ATTACH-TYPE", NULL, "attachment \"%s\" is "
		    "not a PDF, JPEG or PNG file (judged by its content)", rel);
		goto out;
	}
	file_sha256_hex(data, total, hex);
	*out = rec_attachment_new(rel, media, (unsigned long long)total, hex);
	if (*out == NULL) {
		sg_err_set(err, "E-SYSTEM", NULL, "out of memory");
		goto out;
	}
	rc = 0;
	goto out;
fail:
	/* e's sentence goes on, in both languages */
	if (strcmp(verb, "has ") == 0) {
		sg_err_set(err, code, NULL, "attachment \"%s\" has %s", rel,
		    e.message);
		if (err != NULL)
			snprintf(err->text, sizeof err->text,
			    _("attachment \"%s\" has %s"), rel, e.text);
	} else if (strcmp(verb, "is ") == 0) {
		sg_err_set(err, code, NULL, "attachment \"%s\" is %s", rel,
		    e.message);
		if (err != NULL)
			snprintf(err->text, sizeof err->text,
			    _("attachment \"%s\" is %s"), rel, e.text);
	} else {
		sg_err_set(err, code, NULL, "attachment \"%s\" %s", rel,
		    e.message);
		if (err != NULL)
			snprintf(err->text, sizeof err->text,
			    _("attachment \"%s\" %s"), rel, e.text);
	}
out:
	free(data);
	return rc;
}
