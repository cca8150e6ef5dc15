#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "t.h"

static char root[] = "/tmp/segel-attach-XXXXXX";

static void
put(const char *rel, const void *data, size_t len)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	fp = fopen(path, "wb");
	fwrite(data, 1, len, fp);
	fclose(fp);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *rel, *code, *media;
	} rows[] = {
		{ "lampiran/a.pdf", NULL, "application/pdf" },
		{ "lampiran/b.jpg", NULL, "image/jpeg" },
		{ "lampiran/c.jpg", NULL, "image/png" }, /* sniffed, not named */
		{ "lampiran/fake.pdf", "E-ATTACH-TYPE", NULL },
		{ "lampiran/none.pdf", "E-ATTACH-MISSING", NULL },
		{ "/etc/passwd", "E-ATTACH-ABSOLUTE", NULL },
		{ "../x.pdf", "E-ATTACH-ESCAPE", NULL },
		{ "lampiran/../lampiran/a.pdf", "E-ATTACH-ESCAPE", NULL },
		{ "lampiran/out", "E-ATTACH-ESCAPE", NULL },
		{ "lampiran/in", NULL, "application/pdf" },
		{ "lampiran/big.pdf", "E-ATTACH-TOO-BIG", NULL },
		{ "lampiran", "E-ATTACH-NOT-FILE", NULL },
		{ "lampiran/empty.pdf", "E-ATTACH-TYPE", NULL },
	};
	char path[512], big[2048] = "%PDF-1.4\n";
	json_t *out;
	sg_err e;
	size_t i;
	int rc;

	T_INIT(argc, argv);
	if (mkdtemp(root) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/lampiran", root);
	mkdir(path, 0755);
	put("lampiran/a.pdf", "%PDF-1.4\n%%EOF\n", 15);
	put("lampiran/b.jpg", "\xff\xd8\xff\xe0xxxx", 8);
	put("lampiran/c.jpg", "\x89PNG\r\n\x1a\nxxxx", 12);
	put("lampiran/fake.pdf", "hello, not a pdf", 16);
	put("lampiran/big.pdf", big, sizeof big);
	put("lampiran/empty.pdf", "", 0);
	snprintf(path, sizeof path, "%s/lampiran/out", root);
	symlink("/etc/passwd", path);
	snprintf(path, sizeof path, "%s/lampiran/in", root);
	symlink("a.pdf", path);

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char name[32];

		snprintf(name, sizeof name, "attach#%zu", i);
		sg_err_clear(&e);
		rc = attach_check(root, rows[i].rel, 1024, &out, &e);
		if (rows[i].code == NULL)
			T_OK(name, rc == 0 && strcmp(json_string_value(
			    json_object_get(out, "media")), rows[i].media) == 0,
			    "%s: rc %d %s", rows[i].rel, rc, e.message);
		else
			T_OK(name, rc == -1 && strcmp(e.code, rows[i].code) == 0,
			    "%s: rc %d code \"%s\", want %s", rows[i].rel, rc,
			    e.code, rows[i].code);
		json_decref(out);
	}
	rc = attach_check(root, "lampiran/a.pdf", 1024, &out, &e);
	/* sha256 of "%PDF-1.4\n%%EOF\n", checked with sha256sum */
	T_STREQ("sha256", json_string_value(json_object_get(out, "sha256")),
	    "14bcd090baf31edba64e9cbd8cdfc15f943344aa72cb3675ad8e91bfcbce03ad");
	json_decref(out);
	snprintf(path, sizeof path, "rm -rf %s", root);
	(void)!system(path);
	return T_DONE();
}
