/* test_text - encodings and string helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "t.h"

static const struct utf8_row {
	const char *s;
	size_t len;		/* 0: strlen */
	int ok;
} utf8_rows[] = {
	{ "", 0, 1 },
	{ "Budi Santoso, Jl. Merdeka No. 5", 0, 1 },
	{ "JOS\xC3\x89", 0, 1 },
	{ "\xE2\x82\xAC 5.000 \xE2\x80\x93 lunas", 0, 1 },
	{ "\xF0\x9F\x98\x80", 0, 1 },
	{ "\xF4\x8F\xBF\xBF", 0, 1 },		/* U+10FFFF */
	{ "\xEF\xBF\xBD", 0, 1 },
	{ "a\0b", 3, 1 },			/* NUL is ASCII */
	{ "JOS\xC9", 0, 0 },			/* Windows-1252 */
	{ "\xC0\x80", 0, 0 },			/* overlong NUL */
	{ "\xC1\xBF", 0, 0 },			/* overlong */
	{ "\xE0\x80\x80", 0, 0 },		/* overlong */
	{ "\xF0\x80\x80\x80", 0, 0 },		/* overlong */
	{ "\xED\xA0\x80", 0, 0 },		/* surrogate D800 */
	{ "\xED\xBF\xBF", 0, 0 },		/* surrogate DFFF */
	{ "\xED\x9F\xBF", 0, 1 },		/* U+D7FF */
	{ "\xF4\x90\x80\x80", 0, 0 },		/* over U+10FFFF */
	{ "\xF5\x80\x80\x80", 0, 0 },
	{ "\xFF", 0, 0 },
	{ "\x80", 0, 0 },			/* lone continuation */
	{ "abc\xC3", 0, 0 },			/* truncated at the end */
	{ "\xE2\x82", 0, 0 },
	{ "\xC3\x28", 0, 0 },			/* bad continuation */
	{ "0123456789abc\xE9xyz0123456789", 0, 0 },	/* after the fast path */
	{ "01234567\xC3\xA9" "0123456789", 0, 1 },
};

static void
test_is_utf8(void)
{
	char name[32];
	const struct utf8_row *t;
	size_t i;

	for (i = 0; i < sizeof utf8_rows / sizeof utf8_rows[0]; i++) {
		t = &utf8_rows[i];
		snprintf(name, sizeof name, "utf8#%zu", i);
		T_OK(name, text_is_utf8(t->s, t->len ? t->len : strlen(t->s))
		    == t->ok, "want %d", t->ok);
	}
}

/* 0x80-0x9F, the bytes where Windows-1252 is not Latin-1. */
static const char *const c1_want[32] = {
	"\xE2\x82\xAC", "\xEF\xBF\xBD", "\xE2\x80\x9A", "\xC6\x92",
	"\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\xA0", "\xE2\x80\xA1",
	"\xCB\x86", "\xE2\x80\xB0", "\xC5\xA0", "\xE2\x80\xB9",
	"\xC5\x92", "\xEF\xBF\xBD", "\xC5\xBD", "\xEF\xBF\xBD",
	"\xEF\xBF\xBD", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
	"\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
	"\xCB\x9C", "\xE2\x84\xA2", "\xC5\xA1", "\xE2\x80\xBA",
	"\xC5\x93", "\xEF\xBF\xBD", "\xC5\xBE", "\xC5\xB8",
};

static const struct conv_row {
	const char *in, *want;
} cp1252_rows[] = {
	{ "", "" },
	{ "Budi", "Budi" },
	{ "JOS\xC9", "JOS\xC3\x89" },
	{ "Rp 5.000 \x96 lunas", "Rp 5.000 \xE2\x80\x93 lunas" },
	{ "\xA0\xFF\xE9", "\xC2\xA0\xC3\xBF\xC3\xA9" },
	{ "\x93Pak\x94 \x85", "\xE2\x80\x9CPak\xE2\x80\x9D \xE2\x80\xA6" },
};

static void
test_cp1252(void)
{
	char name[32], in[2];
	const struct conv_row *t;
	size_t i, n;
	char *out;

	for (i = 0; i < 32; i++) {
		snprintf(name, sizeof name, "cp1252-c1#%zu", i);
		in[0] = (char)(0x80 + i);
		out = text_cp1252_to_utf8(in, 1, &n);
		T_STREQ(name, out, c1_want[i]);
		T_OK(name, n == strlen(c1_want[i]), "outlen %zu", n);
		free(out);
	}
	for (i = 0; i < sizeof cp1252_rows / sizeof cp1252_rows[0]; i++) {
		t = &cp1252_rows[i];
		snprintf(name, sizeof name, "cp1252#%zu", i);
		out = text_cp1252_to_utf8(t->in, strlen(t->in), NULL);
		T_STREQ(name, out, t->want);
		T_OK(name, out && text_is_utf8(out, strlen(out)), "not UTF-8");
		free(out);
	}
	/* every byte converts to valid UTF-8 */
	{
		char all[256], *o;

		for (i = 0; i < 256; i++)
			all[i] = (char)i;
		o = text_cp1252_to_utf8(all, 256, &n);
		T_OK("cp1252-all", o && text_is_utf8(o, n) && o[n] == '\0',
		    "not UTF-8");
		free(o);
	}
}

static void
test_to_utf8(void)
{
	char *out;
	size_t n;

	out = text_to_utf8("JOS\xC3\x89", 5, &n);
	T_STREQ("to-utf8#0", out, "JOS\xC3\x89");
	T_OK("to-utf8#0", n == 5, "outlen %zu", n);
	free(out);
	out = text_to_utf8("JOS\xC9", 4, &n);
	T_STREQ("to-utf8#1", out, "JOS\xC3\x89");
	T_OK("to-utf8#1", n == 5, "outlen %zu", n);
	free(out);
	out = text_to_utf8("", 0, &n);
	T_STREQ("to-utf8#2", out, "");
	free(out);
}

static const struct conv_row trim_rows[] = {
	{ "", "" },
	{ "   ", "" },
	{ "Budi", "Budi" },
	{ "  Budi Santoso \t\r\n", "Budi Santoso" },
	{ "\tx", "x" },
	{ "a  b", "a  b" },
	{ "\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0" },	/* ASCII only */
};

static void
test_trim(void)
{
	char name[32], buf[64];
	size_t i;

	for (i = 0; i < sizeof trim_rows / sizeof trim_rows[0]; i++) {
		snprintf(name, sizeof name, "trim#%zu", i);
		snprintf(buf, sizeof buf, "%s", trim_rows[i].in);
		T_OK(name, text_trim(buf) == buf, "not in place");
		T_STREQ(name, buf, trim_rows[i].want);
	}
	T_OK("trim-null", text_trim(NULL) == NULL, "not NULL");
}

static void
test_utf16(void)
{
	static const char le[] = "J\0O\0S\0\xC9\0 \0\xAC\x20=\xD8\0\xDE";
	static const char be[] = "\0J\xD8=\xDE\0";
	static const char bad[] = "\0\xD8x\0y";
	char *out;
	size_t n;

	out = text_utf16_to_utf8(le, sizeof le - 1, 0, &n);
	T_STREQ("utf16#le", out, "JOS\xC3\x89 \xE2\x82\xAC\xF0\x9F\x98\x80");
	T_OK("utf16#le", n == 13, "outlen %zu", n);
	free(out);
	out = text_utf16_to_utf8(be, sizeof be - 1, 1, &n);
	T_STREQ("utf16#be", out, "J\xF0\x9F\x98\x80");
	free(out);
	/* lone high surrogate, then an odd byte */
	out = text_utf16_to_utf8(bad, sizeof bad - 1, 0, &n);
	T_STREQ("utf16#bad", out, "\xEF\xBF\xBDx\xEF\xBF\xBD");
	free(out);
	out = text_utf16_to_utf8("", 0, 0, &n);
	T_STREQ("utf16#empty", out, "");
	free(out);
}

static void
test_put(void)
{
	char b[8];
	size_t n;

	n = text_utf8_put(b, 0xD800);
	T_OK("put#surrogate", n == 3 && memcmp(b, "\xEF\xBF\xBD", 3) == 0,
	    "n %zu", n);
	n = text_utf8_put(b, 0x110000);
	T_OK("put#big", n == 3 && memcmp(b, "\xEF\xBF\xBD", 3) == 0,
	    "n %zu", n);
	n = text_utf8_put(b, 0x10FFFF);
	T_OK("put#max", n == 4 && memcmp(b, "\xF4\x8F\xBF\xBF", 4) == 0,
	    "n %zu", n);
	n = text_utf8_put(b, 0x7FF);
	T_OK("put#2", n == 2 && memcmp(b, "\xDF\xBF", 2) == 0, "n %zu", n);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	test_is_utf8();
	test_cp1252();
	test_to_utf8();
	test_trim();
	test_utf16();
	test_put();
	return T_DONE();
}
