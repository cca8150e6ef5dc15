/* test_text - encodings and string helpers. */
#include <stdint.h>
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

/* ---- Unicode: text_normalise, text_upper, character classes ---- */

static const struct norm_row {
	const char *in;
	int flags;
	const char *want;
	size_t chars;
	unsigned long bad;
	size_t bad_pos;
} norm_rows[] = {
	/* ASCII: exactly as before libunistring */
	{ "  budi   santoso ", TEXT_UPPER, "BUDI SANTOSO", 12, 0, 0 },
	{ "Jl. Merdeka\tNo. 5\r\n", TEXT_LINES, "Jl. Merdeka No. 5", 17, 0, 0 },
	{ "a\tb", TEXT_UPPER, "AB", 2, '\t', 2 },
	{ "x\x7fy", 0, "xy", 2, 0x7f, 2 },
	/* non-ASCII names upper-case right */
	{ "pe\xC3\xB1" "a", TEXT_UPPER, "PE\xC3\x91" "A", 4, 0, 0 },
	{ "jos\xC3\xA9", TEXT_UPPER, "JOS\xC3\x89", 4, 0, 0 },
	{ "stra\xC3\x9F" "e", TEXT_UPPER, "STRASSE", 7, 0, 0 },
	{ "\xC3\xBF", TEXT_UPPER, "\xC5\xB8", 1, 0, 0 },
	{ "\xC4\x9F\xC5\x9F", TEXT_UPPER, "\xC4\x9E\xC5\x9E", 2, 0, 0 },
	/* decomposed e + COMBINING ACUTE becomes the one character U+00E9 */
	{ "jose\xCC\x81", 0, "jos\xC3\xA9", 4, 0, 0 },
	{ "jose\xCC\x81", TEXT_UPPER, "JOS\xC3\x89", 4, 0, 0 },
	/* typographic spaces are blanks; zero-width and bidi marks are not
	 * characters a name holds */
	{ "ani\xE2\x80\x83" "dewi", TEXT_UPPER, "ANI DEWI", 8, 0, 0 },
	{ "\xC2\xA0" "ani\xC2\xA0\xC2\xA0" "dewi", 0, "ani dewi", 8, 0, 0 },
	{ "ani\xE2\x80\x8B" "dewi", 0, "anidewi", 7, 0x200b, 4 },
	{ "a\xE2\x81\xA6" "b", 0, "ab", 2, 0x2066, 2 },
	{ "a\xEF\xBF\xBD" "b", 0, "ab", 2, 0xfffd, 2 },
	{ "a\xEE\x80\x80" "b", 0, "ab", 2, 0xe000, 2 },
	{ "   ", TEXT_UPPER, "", 0, 0, 0 },
};

static void
test_normalise(void)
{
	char name[32];
	sg_buf buf = { 0 };
	size_t i;
	text_norm tn;
	int rc;

	for (i = 0; i < sizeof norm_rows / sizeof norm_rows[0]; i++) {
		const struct norm_row *r = &norm_rows[i];

		snprintf(name, sizeof name, "normalise#%zu", i);
		rc = text_normalise(r->in, strlen(r->in), r->flags, &buf, &tn);
		T_OK(name, rc == 0 && strcmp(buf.p, r->want) == 0 &&
		    buf.len == tn.len &&
		    tn.len == strlen(r->want) && tn.chars == r->chars &&
		    tn.bad == r->bad && tn.bad_pos == r->bad_pos,
		    "rc %d \"%s\" len %zu chars %zu bad U+%04lX at %zu", rc,
		    buf.p ? buf.p : "", tn.len, tn.chars, tn.bad, tn.bad_pos);
	}
	sg_buf_free(&buf);
}

static void
test_upper(void)
{
	char buf[16];

	text_upper("Kartu Keluarga", buf, sizeof buf);
	T_STREQ("upper#0", buf, "KARTU KELUARGA");
	text_upper("pe\xC3\xB1" "a", buf, sizeof buf);
	T_STREQ("upper#1", buf, "PE\xC3\x91" "A");
	text_upper("gro\xC3\x9F", buf, sizeof buf);
	T_STREQ("upper#2", buf, "GROSS");
	snprintf(buf, sizeof buf, "rene\xCC\x81");
	text_upper(buf, buf, sizeof buf);   /* in place */
	T_STREQ("upper#3", buf, "REN\xC3\x89");
	/* cut between characters, never inside one */
	T_OK("upper#4", text_upper("\xC3\xA9\xC3\xA9\xC3\xA9", buf, 6) == 4 &&
	    strcmp(buf, "\xC3\x89\xC3\x89") == 0, "\"%s\"", buf);
	T_OK("upper#5", text_upper("abc", buf, 0) == 0, "wrote to nothing");
}

/* text_copy is snprintf(out, n, "%.*s", len, s) */
static void
test_copy(void)
{
	static const struct {
		const char *s;
		size_t len, n;
	} rows[] = {
		{ "nama_lengkap:upper", 12, 64 },   /* a prefix */
		{ "nama", 99, 64 },                 /* s ends first */
		{ "kode_wilayah", SIZE_MAX, 5 },    /* cut to fit */
		{ "abc", 0, 8 },                    /* nothing */
		{ "abc", 3, 1 },                    /* room for the NUL only */
	};
	char got[64], want[64], name[32];
	size_t i, r;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(name, sizeof name, "copy#%zu", i);
		memset(got, 'x', sizeof got);
		r = text_copy(got, rows[i].n, rows[i].s, rows[i].len);
		snprintf(want, rows[i].n, "%.*s", rows[i].len > 64 ? 64 :
		    (int)rows[i].len, rows[i].s);
		T_OK(name, strcmp(got, want) == 0 && r == strlen(want),
		    "\"%s\" (%zu), want \"%s\"", got, r, want);
	}
	snprintf(got, sizeof got, "segel");
	text_copy(got, sizeof got, got + 2, 2);     /* in place */
	T_STREQ("copy#in-place", got, "ge");
	T_OK("copy#zero", text_copy(got, 0, "abc", 3) == 0 &&
	    strcmp(got, "ge") == 0, "wrote to nothing");
}

static void
test_classes(void)
{
	T_OK("blank#0", text_char_is_blank(' ', 0) &&
	    text_char_is_blank(0xa0, 0) && text_char_is_blank(0x3000, 0) &&
	    !text_char_is_blank('\t', 0) && text_char_is_blank('\t', 1) &&
	    !text_char_is_blank('a', 1) && !text_char_is_blank(0x200b, 1),
	    "blank classes");
	T_OK("invisible#0", text_char_is_invisible(0) &&
	    text_char_is_invisible(0x85) && text_char_is_invisible(0xad) &&
	    text_char_is_invisible(0x202e) && text_char_is_invisible(0x2028) &&
	    text_char_is_invisible(0xfeff) && text_char_is_invisible(0xfffd) &&
	    text_char_is_invisible(0xf0000) && !text_char_is_invisible('A') &&
	    !text_char_is_invisible(0xe9) && !text_char_is_invisible(0x301),
	    "invisible classes");
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
	test_normalise();
	test_upper();
	test_copy();
	test_classes();
	return T_DONE();
}
