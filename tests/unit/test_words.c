/*
 * Indonesian number and date words, as printed on akta.
 */
#include "t.h"
#include "words.h"

int
main(int argc, char **argv)
{
	static const struct {
		unsigned long long n;
		const char *want;
	} nums[] = {
		{ 0, "nol" },
		{ 1, "satu" },
		{ 9, "sembilan" },
		{ 10, "sepuluh" },
		{ 11, "sebelas" },
		{ 12, "dua belas" },
		{ 19, "sembilan belas" },
		{ 20, "dua puluh" },
		{ 21, "dua puluh satu" },
		{ 31, "tiga puluh satu" },
		{ 99, "sembilan puluh sembilan" },
		{ 100, "seratus" },
		{ 101, "seratus satu" },
		{ 110, "seratus sepuluh" },
		{ 111, "seratus sebelas" },
		{ 200, "dua ratus" },
		{ 999, "sembilan ratus sembilan puluh sembilan" },
		{ 1000, "seribu" },
		{ 1001, "seribu satu" },
		{ 1945, "seribu sembilan ratus empat puluh lima" },
		{ 2000, "dua ribu" },
		{ 2021, "dua ribu dua puluh satu" },
		{ 2026, "dua ribu dua puluh enam" },
		{ 11000, "sebelas ribu" },
		{ 100000, "seratus ribu" },
		{ 1000000, "satu juta" },
		{ 1001000, "satu juta seribu" },
		{ 2500000, "dua juta lima ratus ribu" },
		{ 1000000000ULL, "satu miliar" },
		{ 999999999999ULL, "sembilan ratus sembilan puluh sembilan "
		    "miliar sembilan ratus sembilan puluh sembilan juta "
		    "sembilan ratus sembilan puluh sembilan ribu sembilan "
		    "ratus sembilan puluh sembilan" },
	};
	static const struct {
		int y, m, d;
		const char *want, *shortw;
	} dates[] = {
		{ 2021, 3, 10, "sepuluh Maret dua ribu dua puluh satu",
		    "10 Maret 2021" },
		{ 1999, 12, 31, "tiga puluh satu Desember seribu sembilan "
		    "ratus sembilan puluh sembilan", "31 Desember 1999" },
		{ 2000, 1, 1, "satu Januari dua ribu", "1 Januari 2000" },
		{ 2024, 2, 29, "dua puluh sembilan Februari dua ribu dua puluh "
		    "empat", "29 Februari 2024" },
		{ 2026, 11, 23, "dua puluh tiga November dua ribu dua puluh "
		    "enam", "23 November 2026" },
		{ 1900, 8, 17, "tujuh belas Agustus seribu sembilan ratus",
		    "17 Agustus 1900" },
	};
	static const struct {
		unsigned long long n;
		const char *want;
	} ords[] = {
		{ 1, "pertama" },
		{ 2, "kedua" },
		{ 10, "kesepuluh" },
		{ 11, "kesebelas" },
		{ 21, "kedua puluh satu" },
		{ 100, "keseratus" },
	};
	static const struct {
		const char *in;
		enum words_case c;
		const char *want;
	} cases[] = {
		{ "sepuluh Maret dua ribu", WORDS_LOWER,
		    "sepuluh Maret dua ribu" },
		{ "sepuluh Maret dua ribu", WORDS_TITLE,
		    "Sepuluh Maret Dua Ribu" },
		{ "sepuluh Maret dua ribu", WORDS_UPPER,
		    "SEPULUH MARET DUA RIBU" },
		{ "kedua puluh satu", WORDS_TITLE, "Kedua Puluh Satu" },
		{ "", WORDS_TITLE, "" },
	};
	char buf[512], name[64];
	size_t i;
	sg_date d;
	int n;

	T_INIT(argc, argv);
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		snprintf(name, sizeof name, "number#%zu", i);
		n = words_number(nums[i].n, buf, sizeof buf);
		T_STREQ(name, n < 0 ? NULL : buf, nums[i].want);
	}
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		d.y = dates[i].y, d.m = dates[i].m, d.d = dates[i].d;
		snprintf(name, sizeof name, "date#%zu", i);
		n = words_date(d, buf, sizeof buf);
		T_STREQ(name, n < 0 ? NULL : buf, dates[i].want);
		snprintf(name, sizeof name, "short#%zu", i);
		n = words_date_short(d, buf, sizeof buf);
		T_STREQ(name, n < 0 ? NULL : buf, dates[i].shortw);
	}
	for (i = 0; i < sizeof ords / sizeof ords[0]; i++) {
		snprintf(name, sizeof name, "ordinal#%zu", i);
		n = words_ordinal(ords[i].n, buf, sizeof buf);
		T_STREQ(name, n < 0 ? NULL : buf, ords[i].want);
	}
	T_OK("ordinal-zero", words_ordinal(0, buf, sizeof buf) == -1,
	    "got %s", buf);
	T_OK("ordinal-small-buffer", words_ordinal(2, buf, 4) == -1,
	    "got %s", buf);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(name, sizeof name, "case#%zu", i);
		snprintf(buf, sizeof buf, "%s", cases[i].in);
		words_case_apply(buf, cases[i].c);
		T_STREQ(name, buf, cases[i].want);
	}
	T_OK("too-big", words_number(1000000000000ULL, buf, sizeof buf) == -1,
	    "no error");
	T_OK("small-buffer", words_number(2021, buf, 8) == -1 &&
	    strlen(buf) == 7, "got %s", buf);
	T_OK("zero-buffer", words_number(1, buf, 0) == -1, "no error");
	d.y = 2023, d.m = 2, d.d = 29;
	T_OK("bad-date", words_date(d, buf, sizeof buf) == -1, "accepted");
	T_STREQ("month#0", words_month(1), "Januari");
	T_STREQ("month#1", words_month(13), NULL);
	return T_DONE();
}
