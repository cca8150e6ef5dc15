/*
 * test_csv - the CSV reader against files as spreadsheets write them.
 * Each table row is read to the end and every call is written out as
 * one line: "LINE:f1|f2|..." for a row, "LINE!CODE" for a bad row,
 * "FATAL CODE" for -2; newlines and CRs inside fields show as \n, \r.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "text.h"
#include "t.h"

struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 256;
		if ((b->s = realloc(b->s, b->cap)) == NULL)
			abort();
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Read every row of r into a transcript. */
static void
transcript(csv_reader *r, struct buf *out)
{
	sg_err err;
	char tmp[128];
	const char *f;
	size_t i;
	int rc, guard = 0;

	buf_str(out, "");
	while ((rc = csv_reader_next(r, &err)) != 0 && guard++ < 10000000) {
		if (rc == -2) {
			snprintf(tmp, sizeof tmp, "FATAL %s\n", err.code);
			buf_str(out, tmp);
			break;
		}
		if (rc == -1) {
			snprintf(tmp, sizeof tmp, "%lu!%s\n",
			    csv_reader_line(r), err.code);
			buf_str(out, tmp);
			continue;
		}
		snprintf(tmp, sizeof tmp, "%lu:", csv_reader_line(r));
		buf_str(out, tmp);
		for (i = 0; i < csv_reader_nfields(r); i++) {
			if (i > 0)
				buf_str(out, "|");
			for (f = csv_reader_field(r, i); *f; f++) {
				if (*f == '\n')
					buf_str(out, "\\n");
				else if (*f == '\r')
					buf_str(out, "\\r");
				else
					buf_add(out, f, 1);
			}
		}
		buf_str(out, "\n");
	}
}

/* UTF-8 text to UTF-16 (with a BOM when bom), for the UTF-16 rows. */
static void
to_utf16(const char *s, int be, int bom, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp, u[2];
	unsigned char b[2];
	int i, n;

	if (bom) {
		b[0] = be ? 0xFE : 0xFF;
		b[1] = be ? 0xFF : 0xFE;
		buf_add(out, (char *)b, 2);
	}
	while (*p) {
		if (*p < 0x80) {
			cp = *p++;
		} else if (*p < 0xE0) {
			cp = (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
			p += 2;
		} else if (*p < 0xF0) {
			cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 |
			    (p[2] & 0x3Fu);
			p += 3;
		} else {
			cp = (p[0] & 0x07ul) << 18 | (p[1] & 0x3Ful) << 12 |
			    (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
			p += 4;
		}
		if (cp >= 0x10000) {
			u[0] = 0xD800 + ((cp - 0x10000) >> 10);
			u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			n = 2;
		} else {
			u[0] = cp;
			n = 1;
		}
		for (i = 0; i < n; i++) {
			b[be ? 0 : 1] = (unsigned char)(u[i] >> 8);
			b[be ? 1 : 0] = (unsigned char)(u[i] & 0xFF);
			buf_add(out, (char *)b, 2);
		}
	}
}

enum { RAW, U16LE, U16BE };

#define T_PREFIX(name, got, want) T_OK(name,                            \
	strncmp((got), (want), strlen(want)) == 0, "got %.*s, want %s",  \
	(int)strlen(want) + 10, (got), (want))

static const struct row {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int conv;		/* RAW, or encode in as UTF-16 with a BOM */
	char sep;
	const char *enc;
	const char *want;
} rows[] = {
	/* 0: the three separators */
	{ "a,b,c\n1,2,3\n", 0, RAW, ',', "UTF-8",
	  "1:a|b|c\n2:1|2|3\n" },
	{ "nama;nik\nBudi;7501\n", 0, RAW, ';', "UTF-8",
	  "1:nama|nik\n2:Budi|7501\n" },
	{ "nama\tnik\nBudi\t7501\n", 0, RAW, '\t', "UTF-8",
	  "1:nama|nik\n2:Budi|7501\n" },
	/* 3: separators inside quotes in the header do not count */
	{ "\"a;b;c\",x,y\n1,2,3\n", 0, RAW, ',', "UTF-8",
	  "1:a;b;c|x|y\n2:1|2|3\n" },
	{ "\"nama, lengkap\";nik\n\"Budi, S.Pd\";1\n", 0, RAW, ';', "UTF-8",
	  "1:nama, lengkap|nik\n2:Budi, S.Pd|1\n" },
	/* 5: ties go ; then , then TAB */
	{ "a;b,c\n", 0, RAW, ';', "UTF-8", "1:a|b,c\n" },
	{ "a,b\tc\n", 0, RAW, ',', "UTF-8", "1:a|b\tc\n" },
	{ "a;b;c,d,e,f\n", 0, RAW, ',', "UTF-8", "1:a;b;c|d|e|f\n" },
	/* 8: embedded newline; the next row's line is after it */
	{ "id,catatan\n1,\"baris satu\nbaris dua\"\n2,x\n", 0, RAW, ',',
	  "UTF-8", "1:id|catatan\n2:1|baris satu\\nbaris dua\n4:2|x\n" },
	/* 9: doubled quotes */
	{ "a\n\"say \"\"hi\"\"\"\n\"\"\"\"\n", 0, RAW, ',', "UTF-8",
	  "1:a\n2:say \"hi\"\n3:\"\n" },
	/* 10: CRLF, with a blank CRLF line */
	{ "a,b\r\n1,2\r\n\r\n3,4\r\n", 0, RAW, ',', "UTF-8",
	  "1:a|b\n2:1|2\n4:3|4\n" },
	/* 11: CR only, no newline at the end */
	{ "a,b\r1,2\r3,4", 0, RAW, ',', "UTF-8",
	  "1:a|b\n2:1|2\n3:3|4\n" },
	/* 12: CRLF inside quotes counts one line */
	{ "a\r\n\"x\r\ny\"\r\nz\r\n", 0, RAW, ',', "UTF-8",
	  "1:a\n2:x\\r\\ny\n4:z\n" },
	/* 13: BOM */
	{ "\xEF\xBB\xBFnama;nik\nBudi;1\n", 0, RAW, ';', "UTF-8 (BOM)",
	  "1:nama|nik\n2:Budi|1\n" },
	/* 14: Excel "Unicode text": UTF-16LE, BOM, TABs, CRLF */
	{ "nama\tnik\r\nJOS\xC3\x89\t1\r\n\xF0\x9F\x98\x80 \xE2\x82\xAC\t2\r\n",
	  0, U16LE, '\t', "UTF-16LE",
	  "1:nama|nik\n2:JOS\xC3\x89|1\n3:\xF0\x9F\x98\x80 \xE2\x82\xAC|2\n" },
	{ "nama;nik\nSITI;1\n", 0, U16BE, ';', "UTF-16BE",
	  "1:nama|nik\n2:SITI|1\n" },
	/* 16: Windows-1252 names and amounts */
	{ "nama;ket\nJOS\xC9;Rp 5.000 \x96 lunas\n", 0, RAW, ';',
	  "Windows-1252",
	  "1:nama|ket\n2:JOS\xC3\x89|Rp 5.000 \xE2\x80\x93 lunas\n" },
	/* 17: a UTF-8 field beside a Windows-1252 one */
	{ "a;b\nJOS\xC3\x89;JOS\xC9\n\x93kutip\x94;\x80\x81\n", 0, RAW, ';',
	  "Windows-1252",
	  "1:a|b\n2:JOS\xC3\x89|JOS\xC3\x89\n"
	  "3:\xE2\x80\x9Ckutip\xE2\x80\x9D|\xE2\x82\xAC\xEF\xBF\xBD\n" },
	/* 18: trailing blank lines, blanks between rows */
	{ "a,b\n1,2\n\n   \n3,4\n\n\n \t \n", 0, RAW, ',', "UTF-8",
	  "1:a|b\n2:1|2\n5:3|4\n" },
	/* 19: empty file */
	{ "", 0, RAW, ',', "UTF-8", "" },
	{ "\n\n  \r\n", 0, RAW, ',', "UTF-8", "" },
	/* 21: ragged rows come back as they are */
	{ "a,b,c\n1,2\n1,2,3,4\n", 0, RAW, ',', "UTF-8",
	  "1:a|b|c\n2:1|2\n3:1|2|3|4\n" },
	/* 22: unterminated quote: that row is bad, then the end */
	{ "a,b\n1,\"open\n2,3\n", 0, RAW, ',', "UTF-8",
	  "1:a|b\n2!E-CSV-QUOTE\n" },
	/* 23: NUL in a non-UTF-16 file */
	{ "a,b\n1\0,2\n", 9, RAW, 0, "UTF-8", "FATAL E-CSV-BINARY\n" },
	/* 24: only a header */
	{ "nama;nik;alamat\n", 0, RAW, ';', "UTF-8", "1:nama|nik|alamat\n" },
	/* 25: a stray quote is kept; text after a closing quote is a bad
	 * row, not a changed value (Excel reads abcdef); blanks there are
	 * kept, and the next row is read */
	{ "a,b\nab\"c,d\"\n\"abc\"def,x\n\"q\" ,y\n\"1\"2\"\",z\n", 0, RAW,
	  ',', "UTF-8",
	  "1:a|b\n2:ab\"c|d\"\n3!E-CSV-QUOTE\n4:q |y\n5!E-CSV-QUOTE\n" },
	/* 26: empty fields are fields; a quoted empty line is a row */
	{ ",,\n\"\"\n;\n", 0, RAW, ',', "UTF-8", "1:||\n2:\n3:;\n" },
	/* 27: one column */
	{ "nama\nBudi\nSiti", 0, RAW, ',', "UTF-8",
	  "1:nama\n2:Budi\n3:Siti\n" },
	/* 28: not trimmed */
	{ "a;b\n  Budi ; 1\n", 0, RAW, ';', "UTF-8",
	  "1:a|b\n2:  Budi | 1\n" },
	/* 29: TAB files: a line of TABs is blank */
	{ "a\tb\n\t\n1\t2\n", 0, RAW, '\t', "UTF-8", "1:a|b\n3:1|2\n" },
	/* 30: broken UTF-16: lone surrogate, then an odd last byte */
	{ "\xFF\xFE" "a\0\n\0" "\x00\xD8" "b\0\n\0" "c\0\n\0" "d", 17, RAW,
	  ',', "UTF-16LE", "1:a\n2!E-CSV-UTF16\n3:c\n4!E-CSV-UTF16\n" },
	/* 31: UTF-16LE without a BOM is not guessed at: binary */
	{ "n\0a\0m\0a\0\t\0x\0\n\0" "1\0\t\0" "2\0", 20, RAW, 0,
	  "UTF-8", "FATAL E-CSV-BINARY\n" },
	/* 32: U+0000 in UTF-16 is binary too */
	{ "\xFF\xFE" "a\0\n\0\0\0", 8, RAW, 0, "UTF-16LE",
	  "FATAL E-CSV-BINARY\n" },
	/* 33: blank lines before the header; detection skips them */
	{ "\n  \nx;y\n1;2\n", 0, RAW, ';', "UTF-8", "3:x|y\n4:1|2\n" },
	/* 34: quoted header field with a newline */
	{ "\"a\nb\";c\n1;2\n", 0, RAW, ';', "UTF-8",
	  "1:a\\nb|c\n3:1|2\n" },
	/* 35: a separator right before the end */
	{ "a,b\n1,", 0, RAW, ',', "UTF-8", "1:a|b\n2:1|\n" },
	/* 36: a quote closed right at the end */
	{ "a\n\"x\"", 0, RAW, ',', "UTF-8", "1:a\n2:x\n" },
	/* 37: Excel's "sep=" line names the separator and is no row, the
	 * next keeps its line number; CRLF; in UTF-16 too; a "sep=" of
	 * another character, or with more on the line, is a row */
	{ "sep=,\na;b,c\n1;2,3\n", 0, RAW, ',', "UTF-8",
	  "2:a;b|c\n3:1;2|3\n" },
	{ "sep=;\r\nnama;nik\r\nBudi;1\r\n", 0, RAW, ';', "UTF-8",
	  "2:nama|nik\n3:Budi|1\n" },
	{ "sep=\t\nnama\tnik\n", 0, U16LE, '\t', "UTF-16LE",
	  "2:nama|nik\n" },
	{ "sep=x\na,b\n", 0, RAW, ',', "UTF-8", "1:sep=x\n2:a|b\n" },
	{ "sep=;;\na;b\n", 0, RAW, ';', "UTF-8", "1:sep=||\n2:a|b\n" },
};

static void
test_table(void)
{
	char name[32];
	const struct row *t;
	struct buf in = { 0 }, out = { 0 };
	csv_reader *r;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t = &rows[i];
		snprintf(name, sizeof name, "csv#%zu", i);
		if (!t_selected(name))
			continue;
		in.len = 0;
		if (t->conv == RAW)
			buf_add(&in, t->in, t->len ? t->len : strlen(t->in));
		else
			to_utf16(t->in, t->conv == U16BE, 1, &in);
		r = csv_reader_new_mem(in.s, in.len, "desa.csv");
		T_OK(name, r != NULL, "csv_reader_new_mem failed");
		if (r == NULL)
			continue;
		out.len = 0;
		transcript(r, &out);
		T_STREQ(name, out.s, t->want);
		T_OK(name, csv_reader_sep(r) == t->sep, "sep '%c', want '%c'",
		    csv_reader_sep(r), t->sep);
		T_STREQ(name, csv_reader_encoding(r), t->enc);
		csv_reader_free(r);
	}
	free(in.s);
	free(out.s);
}

/* Bounds: a bad row is reported and the next row is read. */
static void
test_bounds(void)
{
	struct buf in = { 0 }, out = { 0 };
	csv_reader *r;
	char *big;
	size_t i;

	big = malloc(CSV_MAX_FIELD + 2);
	memset(big, 'y', CSV_MAX_FIELD + 1);
	big[CSV_MAX_FIELD + 1] = '\0';

	buf_str(&in, "a,b\nx,");
	buf_str(&in, big);
	buf_str(&in, "\n1,2\nq,\"");
	buf_str(&in, big);
	buf_str(&in, "\n\n,\"\"\"\n3,4\n");
	/* exactly at the bound is fine */
	buf_str(&in, "z,");
	buf_add(&in, big, CSV_MAX_FIELD);
	buf_str(&in, "\n");
	r = csv_reader_new_mem(in.s, in.len, "d.csv");
	out.len = 0;
	transcript(r, &out);
	csv_reader_free(r);
	T_PREFIX("bounds#field", out.s,
	    "1:a|b\n2!E-CSV-FIELD-TOO-LONG\n3:1|2\n4!E-CSV-FIELD-TOO-LONG\n"
	    "7:3|4\n8:z|yyy");
	T_OK("bounds#field", out.len == 71 + CSV_MAX_FIELD - 3 + 1,
	    "length %zu", out.len);

	/* Windows-1252 that grows past the bound in UTF-8 */
	in.len = 0;
	buf_str(&in, "a\n");
	for (i = 0; i < CSV_MAX_FIELD / 2 + 1; i++)
		buf_str(&in, "\xE9");
	buf_str(&in, "\nok\n");
	r = csv_reader_new_mem(in.s, in.len, "d.csv");
	out.len = 0;
	transcript(r, &out);
	csv_reader_free(r);
	T_STREQ("bounds#cp1252", out.s,
	    "1:a\n2!E-CSV-FIELD-TOO-LONG\n3:ok\n");

	in.len = 0;
	buf_str(&in, "a\n");
	for (i = 0; i < CSV_MAX_FIELDS + 5; i++)
		buf_str(&in, "x,");
	buf_str(&in, "\nok\n");
	for (i = 0; i < CSV_MAX_FIELDS - 1; i++)
		buf_str(&in, ",");
	buf_str(&in, "\n");
	r = csv_reader_new_mem(in.s, in.len, "d.csv");
	out.len = 0;
	transcript(r, &out);
	csv_reader_free(r);
	T_PREFIX("bounds#fields", out.s,
	    "1:a\n2!E-CSV-TOO-MANY-FIELDS\n3:ok\n4:||");

	in.len = 0;
	buf_str(&in, "a\n");
	for (i = 0; i < 20; i++) {
		buf_add(&in, big, 60000);
		buf_str(&in, ",");
	}
	buf_str(&in, "\nok\n");
	r = csv_reader_new_mem(in.s, in.len, "d.csv");
	out.len = 0;
	transcript(r, &out);
	csv_reader_free(r);
	T_STREQ("bounds#row", out.s, "1:a\n2!E-CSV-ROW-TOO-LONG\n3:ok\n");

	free(big);
	free(in.s);
	free(out.s);
}

/* Messages: where is "name:line". */
static void
test_errors(void)
{
	static const char nul[] = "a\nb\n\0";
	sg_err err;
	csv_reader *r;
	FILE *fp;
	int rc;

	r = csv_reader_new_mem("a\nb\n\"c\nd\n", 9, "desa.csv");
	T_OK("errors#sep-before", csv_reader_sep(r) == 0, "sep set");
	csv_reader_next(r, &err);
	csv_reader_next(r, &err);
	rc = csv_reader_next(r, &err);
	T_OK("errors#quote", rc == -1, "rc %d", rc);
	T_STREQ("errors#quote", err.code, "E-CSV-QUOTE");
	T_STREQ("errors#quote", err.where, "desa.csv:3");
	T_OK("errors#quote", csv_reader_nfields(r) == 0, "nfields");
	T_OK("errors#quote", csv_reader_field(r, 0) == NULL, "field");
	T_OK("errors#quote", csv_reader_next(r, &err) == 0, "not at end");
	T_OK("errors#quote", csv_reader_next(r, NULL) == 0, "not at end");
	csv_reader_free(r);

	r = csv_reader_new_mem(nul, sizeof nul - 1, "x.bin");
	rc = csv_reader_next(r, &err);
	T_OK("errors#binary", rc == -2, "rc %d", rc);
	T_STREQ("errors#binary", err.code, "E-CSV-BINARY");
	T_STREQ("errors#binary", err.message,
	    "binary file, not CSV (it contains NUL bytes; UTF-16 needs its "
	    "byte-order mark: save as \"CSV UTF-8\")");
	rc = csv_reader_next(r, &err);
	T_OK("errors#binary-sticky", rc == -2, "rc %d", rc);
	T_STREQ("errors#binary-sticky", err.code, "E-CSV-BINARY");
	csv_reader_free(r);

	/* a read error: a stream open only for writing */
	if ((fp = fopen("/dev/null", "w")) != NULL) {
		r = csv_reader_new(fp, "w.csv");
		rc = csv_reader_next(r, &err);
		T_OK("errors#read", rc == -2, "rc %d", rc);
		T_STREQ("errors#read", err.code, "E-SYSTEM");
		T_OK("errors#read", csv_reader_next(r, NULL) == -2, "sticky");
		csv_reader_free(r);
		fclose(fp);
	}
	/* a NUL far into the file: the rows before it, then -2 */
	{
		struct buf in = { 0 }, a = { 0 }, b = { 0 };
		int k;

		for (k = 0; k < 100000; k++)
			buf_str(&in, "a,b\n");
		buf_add(&in, "x\0y\n", 4);
		r = csv_reader_new_mem(in.s, in.len, "x.csv");
		transcript(r, &a);
		rc = csv_reader_next(r, &err);
		T_OK("errors#binary-late", rc == -2, "rc %d", rc);
		T_STREQ("errors#binary-late", err.where, "x.csv:100001");
		csv_reader_free(r);
		T_PREFIX("errors#binary-late", a.s, "1:a|b\n2:a|b\n");
		T_OK("errors#binary-late", a.len > 30 && strcmp(a.s + a.len -
		    30, "100000:a|b\nFATAL E-CSV-BINARY\n") == 0,
		    "ends %s", a.s + a.len - 30);
		fp = tmpfile();
		fwrite(in.s, 1, in.len, fp);
		rewind(fp);
		r = csv_reader_new(fp, "x.csv");
		transcript(r, &b);
		csv_reader_free(r);
		fclose(fp);
		T_OK("errors#binary-late-file", a.len == b.len &&
		    memcmp(a.s, b.s, a.len) == 0, "FILE differs");
		free(in.s);
		free(a.s);
		free(b.s);
	}
	csv_reader_free(NULL);
	T_OK("errors#free-null", 1, "-");
}

/*
 * A big messy file read from memory, from a FILE (64 KiB blocks, so CRLF,
 * quotes and multi-byte characters fall across block ends) and as UTF-16
 * from both: the transcripts must agree.
 */
static void
test_blocks(void)
{
	static const char *pieces[] = {
		"Budi", "\"Siti, S.Pd\"", "\"ber\"\"kata\"", "\"dua\r\nbaris\"",
		"JOS\xC3\x89", "", "7501234567890123", "\xE2\x82\xAC 5.000",
		"\"\"", "x\"y", "\xF0\x9F\x98\x80",
	};
	struct buf in = { 0 }, u16 = { 0 }, a = { 0 }, b = { 0 };
	csv_reader *r;
	FILE *fp;
	unsigned long x = 12345;
	size_t i, j;

	buf_str(&in, "nama;catatan;nik\r\n");
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < 3; j++) {
			x = x * 1103515245 + 12345;
			if (j > 0)
				buf_str(&in, ";");
			buf_str(&in, pieces[(x >> 16) %
			    (sizeof pieces / sizeof pieces[0])]);
		}
		buf_str(&in, (x >> 8) % 3 == 0 ? "\r\n" : (x >> 8) % 3 == 1 ?
		    "\n" : "\r");
		if ((x >> 12) % 50 == 0)
			buf_str(&in, "\r\n");
	}
	r = csv_reader_new_mem(in.s, in.len, "m.csv");
	transcript(r, &a);
	csv_reader_free(r);
	T_OK("blocks#mem", a.len > 100000 && strstr(a.s, "!") == NULL &&
	    strstr(a.s, "dua\\r\\nbaris") != NULL, "transcript %.100s", a.s);

	fp = tmpfile();
	fwrite(in.s, 1, in.len, fp);
	rewind(fp);
	r = csv_reader_new(fp, "f.csv");
	transcript(r, &b);
	csv_reader_free(r);
	fclose(fp);
	T_OK("blocks#file", b.len == a.len && memcmp(a.s, b.s, a.len) == 0,
	    "FILE and memory transcripts differ");

	to_utf16(in.s, 0, 1, &u16);
	r = csv_reader_new_mem(u16.s, u16.len, "u.csv");
	b.len = 0;
	transcript(r, &b);
	T_STREQ("blocks#utf16-enc", csv_reader_encoding(r), "UTF-16LE");
	csv_reader_free(r);
	T_OK("blocks#utf16-mem", b.len == a.len &&
	    memcmp(a.s, b.s, a.len) == 0, "UTF-16 transcript differs");

	/* odd offsets: a 3-byte prefix shifts the UTF-16 units across blocks
	 * is not possible with a BOM, so use BE from a FILE instead */
	u16.len = 0;
	to_utf16(in.s, 1, 1, &u16);
	fp = tmpfile();
	fwrite(u16.s, 1, u16.len, fp);
	rewind(fp);
	r = csv_reader_new(fp, "u.csv");
	b.len = 0;
	transcript(r, &b);
	csv_reader_free(r);
	fclose(fp);
	T_OK("blocks#utf16-file", b.len == a.len &&
	    memcmp(a.s, b.s, a.len) == 0, "UTF-16BE FILE transcript differs");

	free(in.s);
	free(u16.s);
	free(a.s);
	free(b.s);
}

int
main(int argc, char **argv)
{
	T_INIT(argc, argv);
	test_table();
	test_bounds();
	test_errors();
	test_blocks();
	return T_DONE();
}
