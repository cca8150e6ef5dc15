#include "codes.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>

#include "err.h"
#include "i18n.h"
#include "t.h"

static const struct {
	const char *code;
	int known;
	enum code_severity severity;
	const char *message; /* under C */
} rows[] = {
	{ "E-CSV-QUOTE", 1, SEVERITY_ERROR, "a quote is out of place" },
	{ "W-NIK-SEX", 1, SEVERITY_WARNING, "the NIK disagrees with the sex" },
	{ "R-REVOKED", 1, SEVERITY_REASON, "the document was revoked" },
	{ "E-REC-TOO-LONG", 1, SEVERITY_ERROR, "the line is too long" },
	{ "E-RECORD-LONG", 0, SEVERITY_ERROR, NULL },
	{ "E-NIK-DISTRICT", 1, SEVERITY_ERROR,
	  "the NIK's kecamatan is unknown" },
	{ "e-csv-quote", 0, SEVERITY_ERROR, NULL },
	{ "", 0, SEVERITY_ERROR, NULL },
};

int
main(int argc, char **argv)
{
	char name[32], dir[512];
	const code_info *c;
	const char *b = getenv("B");
	size_t i, n, bad = 0;
	sg_err e;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(name, sizeof name, "find#%zu", i);
		c = codes_find(rows[i].code);
		if (!rows[i].known) {
			T_OK(name, c == NULL && codes_message(rows[i].code) ==
			    NULL, "%s found", rows[i].code);
			continue;
		}
		T_OK(name, c != NULL && c->severity == rows[i].severity &&
		    strcmp(codes_message(rows[i].code), rows[i].message) == 0,
		    "%s: %s", rows[i].code, c ? c->message : "not found");
	}
	T_OK("find-null", codes_find(NULL) == NULL, "NULL found");
	n = codes_count();
	for (i = 0; i < n; i++) {
		c = codes_at(i);
		if (c->meaning[0] == '\0' || c->message[0] == '\0' ||
		    codes_find(c->code) != c)
			bad++;
	}
	T_OK("every-row", n > 150 && bad == 0 && codes_at(n) == NULL,
	    "%zu rows, %zu without a message or meaning or found twice", n,
	    bad);
	T_STREQ("severity-name", codes_severity_name(SEVERITY_REASON),
	    "reason");

	/* An sg_err keeps English for records and the reader's language
	 * for people: the same under C, apart under Indonesian. */
	errno = ENOENT;
	sg_err_sys(&e, "x", "cannot open");
	T_OK("err-c", strcmp(e.message, e.text) == 0 &&
	    strcmp(e.message, "cannot open: No such file or directory") == 0,
	    "C: \"%s\" / \"%s\"", e.message, e.text);
	if (b == NULL)
		b = "build";
	snprintf(dir, sizeof dir, "%s/locale-def", b);
	setenv("LOCPATH", dir, 1);
	snprintf(dir, sizeof dir, "%s/locale", b);
	bindtextdomain(SEGEL_TEXTDOMAIN, dir);
	bind_textdomain_codeset(SEGEL_TEXTDOMAIN, "UTF-8");
	T_OK("locale-id", setlocale(LC_MESSAGES, "id_ID.UTF-8") != NULL,
	    "no id_ID.UTF-8 locale under %s/locale-def (make check builds "
	    "it)", b);
	sg_err_set(&e, "E-DATE-INVALID", NULL, "\"%s\" is not a date that "
	    "exists (read as YYYY-MM-DD)", "2021-02-30");
	T_STREQ("err-id-message", e.message,
	    "\"2021-02-30\" is not a date that exists (read as YYYY-MM-DD)");
	T_STREQ("err-id-text", e.text,
	    "\"2021-02-30\" bukan tanggal yang ada (dibaca sebagai "
	    "YYYY-MM-DD)");
	T_STREQ("codes-id", codes_message("R-REVOKED"),
	    "dokumen sudah dicabut");
	errno = ENOENT;
	sg_err_sys(&e, "x", "cannot open");
	T_OK("err-id-sys", strcmp(e.message, "cannot open: No such file or "
	    "directory") == 0 && strncmp(e.text, "tidak dapat dibuka: ",
	    20) == 0, "\"%s\" / \"%s\"", e.message, e.text);
	setlocale(LC_MESSAGES, "C");
	return T_DONE();
}
