/*
 * gen-rows - write a large, realistic, deterministic spreadsheet export for
 * the benchmarks: Kartu Keluarga member rows, akta kelahiran or akta
 * kematian applications, as CSV with the official column headers.
 *
 *   gen-rows [--type kk|akta-kelahiran|akta-kematian] [--rows N]
 *            [--seed S] [--sep ';'|','|tab]
 *
 * Every row is consistent the way the validator expects: the NIK is the
 * 6-digit kecamatan code, the birth date as DDMMYY (day + 40 for women)
 * and a serial that is never 0000 and never repeats; the KK number is the
 * kecamatan code, the registration date and a serial; kode_wilayah is a
 * real desa code whose names follow it; a KK has exactly one KEPALA
 * KELUARGA, its spouses are married, children are born after their parents.
 * Names never contain a separator, a quote or a newline, so no field is
 * quoted and N rows are exactly N + 1 lines.
 *
 * The output depends only on the options (own PRNG, no clock, no rand()).
 * Region codes and names: wilayah_2025 (cahyadsn/wilayah, MIT License,
 * (c) 2017-2025 Cahya DSN).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 100000000UL

enum culture { GORONTALO, REJANG, PPU, ROTE };

struct desa {
	const char *code;       /* 75.01.01.1003 */
	const char *desa, *kec; /* names as in the table */
	const char *town;       /* a birth place nearby */
	const char *pos;        /* postal code */
	enum culture cul;
};

static const struct desa DESA[] = {
	{ "75.01.01.1003", "Hunggaluwa", "Limboto", "LIMBOTO", "96212", GORONTALO },
	{ "75.01.01.1010", "Bongohulawa", "Limboto", "LIMBOTO", "96212", GORONTALO },
	{ "75.01.02.2015", "Luhu", "Telaga", "TELAGA", "96181", GORONTALO },
	{ "75.01.03.2001", "Iluta", "Batudaa", "BATUDAA", "96271", GORONTALO },
	{ "75.01.03.2015", "Pilobuhuta", "Batudaa", "BATUDAA", "96271", GORONTALO },
	{ "75.01.04.2007", "Buhu", "Tibawa", "TIBAWA", "96251", GORONTALO },
	{ "75.01.04.2014", "Balahu", "Tibawa", "ISIMU", "96251", GORONTALO },
	{ "75.01.05.2008", "Lopo", "Batudaa Pantai", "BATUDAA", "96272", GORONTALO },
	{ "75.01.09.2006", "Diloniyohu", "Boliyohuto", "BOLIYOHUTO", "96264", GORONTALO },
	{ "75.01.09.2018", "Dulohupa", "Boliyohuto", "BOLIYOHUTO", "96264", GORONTALO },
	{ "17.08.01.2002", "Kembang Seri", "Bermani Ilir", "KEPAHIANG", "39374", REJANG },
	{ "17.08.01.2010", "Taba Baru", "Bermani Ilir", "KEPAHIANG", "39374", REJANG },
	{ "17.08.01.2025", "Air Raman", "Bermani Ilir", "KEPAHIANG", "39374", REJANG },
	{ "17.08.02.2005", "Suro Ilir", "Ujan Mas", "UJAN MAS", "39371", REJANG },
	{ "17.08.02.2018", "Suro Bali", "Ujan Mas", "UJAN MAS", "39371", REJANG },
	{ "17.08.03.2006", "Taba Santing", "Tebat Karai", "TEBAT KARAI", "39375", REJANG },
	{ "17.08.03.2014", "Karang Tengah", "Tebat Karai", "TEBAT KARAI", "39375", REJANG },
	{ "17.08.04.1004", "Pasar Kepahiangan", "Kepahiang", "KEPAHIANG", "39172", REJANG },
	{ "17.08.04.2002", "Tebat Monok", "Kepahiang", "KEPAHIANG", "39172", REJANG },
	{ "17.08.04.2013", "Karang Anyar", "Kepahiang", "KEPAHIANG", "39172", REJANG },
	{ "64.09.01.1003", "Petung", "Penajam", "PENAJAM", "76141", PPU },
	{ "64.09.01.1010", "Nenang", "Penajam", "PENAJAM", "76141", PPU },
	{ "64.09.01.1017", "Gersik", "Penajam", "PENAJAM", "76141", PPU },
	{ "64.09.02.1003", "Waru", "Waru", "WARU", "76284", PPU },
	{ "64.09.02.2001", "Api-api", "Waru", "WARU", "76284", PPU },
	{ "64.09.03.2004", "Gunung Intan", "Babulu", "BABULU", "76285", PPU },
	{ "64.09.03.2011", "Gunung Mulia", "Babulu", "BABULU", "76285", PPU },
	{ "64.09.04.2002", "Bukit Raya", "Sepaku", "SEPAKU", "76147", PPU },
	{ "64.09.04.2004", "Bumi Harapan", "Sepaku", "SEPAKU", "76147", PPU },
	{ "64.09.04.2013", "Karang Jinawi", "Sepaku", "SEPAKU", "76147", PPU },
	{ "53.14.01.2007", "Lalukoen", "Rote Barat Daya", "BATUTUA", "85911", ROTE },
	{ "53.14.01.2014", "Mbokak", "Rote Barat Daya", "BATUTUA", "85911", ROTE },
	{ "53.14.01.2021", "Sakubatun", "Rote Barat Daya", "BATUTUA", "85911", ROTE },
	{ "53.14.02.2012", "Ingguinak", "Rote Barat Laut", "BUSALANGGA", "85915", ROTE },
	{ "53.14.02.2026", "Busalangga Barat", "Rote Barat Laut", "BUSALANGGA", "85915", ROTE },
	{ "53.14.03.2005", "Helebeik", "Lobalain", "BA'A", "85912", ROTE },
	{ "53.14.03.2014", "Baadale", "Lobalain", "BA'A", "85912", ROTE },
	{ "53.14.04.2003", "Nggodimeda", "Rote Tengah", "ROTE", "85914", ROTE },
	{ "53.14.05.2001", "Nusakdale", "Pantai Baru", "ROTE", "85913", ROTE },
	{ "53.14.06.2001", "Mukekuku", "Rote Timur", "ROTE", "85916", ROTE },
};
#define NDESA (sizeof DESA / sizeof DESA[0])

static const char *const KAB[] = {
	"Kabupaten Gorontalo", "Kabupaten Kepahiang",
	"Kabupaten Penajam Paser Utara", "Kabupaten Rote Ndao" };
static const char *const PROV[] = {
	"Gorontalo", "Bengkulu", "Kalimantan Timur", "Nusa Tenggara Timur" };

#define N_(a) (sizeof (a) / sizeof (a)[0])
#define POOL(a) { a, N_(a) }

struct pool { const char *const *v; size_t n; };

static const char *const GOR_M[] = { "MOHAMAD", "RAHMAT", "ARIFIN", "HENDRA",
	"FADLI", "IRWAN", "YUSUF", "SAFRUDIN", "ISMAIL", "RAMLI", "SUKRI",
	"YAMIN", "ABDUL RAHMAN", "SUPRIADI", "HAMID", "KASIM", "JUFRI",
	"ZULKIFLI", "NU'MAN", "MA'RUF", "RIZKY", "FAHRI", "ALDIANSYAH",
	"MOH. RIFALDI", "ARYA" };
static const char *const GOR_F[] = { "SITI", "NURHAYATI", "FATMAWATI",
	"RISNAWATI", "YUSNA", "HARTATI", "NURAIN", "ASNI", "WIWIN", "SARTIN",
	"RAHMA", "SUSANTI", "NURMALA", "YULIN", "HASNA", "KARMILA", "NURUL",
	"SAFITRI", "MAGFIRA", "NADIA", "AISYAH", "ANDINI", "NAZWA" };
static const char *const GOR_FAM[] = { "PAKAYA", "MOHI", "BIKI", "DAI",
	"LAMATENGGO", "HULUBANGGA", "ISA", "NENTO", "BOTUTIHE", "POLAPA",
	"MOOTALU", "ABDULLAH", "DUNDA", "LIHAWA", "PANIGORO", "KATILI",
	"USMAN", "HAMZAH", "DJAFAR", "TAHIR", "DUNGGIO", "HIOLA", "MOPANGGA",
	"KADIR", "DJAKARIA", "MONOARFA", "TUNGGALI", "BOUTY", "ADAM", "NUSI" };
static const char *const REJ_M[] = { "ROHIDIN", "SUPARDI", "DEDI HARTONO",
	"ZULKARNAIN", "HERMAN SAPUTRA", "HENDRI YANTO", "JUNAIDI", "SARWONO",
	"IMAM SAFI'I", "YULIAN", "EDI SURYADI", "SAIPUL ANWAR", "ASWAN",
	"HARDIANSYAH", "MUHAMMAD RIDWAN", "TARMIZI", "RUSLAN", "DARMAWAN",
	"RIO APRIANSYAH", "AZKA ALFARIZI", "RAFA ADITYA", "M. FARHAN",
	"DIMAS PRATAMA", "FATHIR RAMADHAN", "BAYU SAPUTRA", "SUTRISNO",
	"AGUS SANTOSO", "WAHYU NUGROHO" };
static const char *const REJ_F[] = { "MERI YANTI", "SRI WAHYUNI",
	"YULIA NINGSIH", "DESI RATNASARI", "ROHANA", "SALIMAH", "LENI MARLINA",
	"SUSI SUSANTI", "RINA HARTATI", "NURLELA", "YUSNIDAR", "MARLENI",
	"SITI AMINAH", "DEWI SARTIKA", "NAYLA PUTRI", "ZAHRA AULIA",
	"SALSABILA", "RISKA AMELIA", "FEBI ANGGRAINI", "EKA PUTRI",
	"PUJI LESTARI", "TRI WULANDARI" };
static const char *const PPU_M[] = { "ASPIANSYAH", "JUMRIANSYAH", "ARBAIN",
	"BAHRUN", "ADJI SURYA", "SYAHRANI", "NORDIN", "ABDUL GANI",
	"RUSDIANSYAH", "MUH. ARSYAD", "SUDIRMAN", "HAERUDDIN", "BASO",
	"AMBO TANG", "SYAMSUDDIN", "ABD. RAHMAN", "NASRULLAH", "SUTRISNO",
	"AGUS SANTOSO", "BAMBANG SUPRIYANTO", "SLAMET RIYADI", "SUKIRNO",
	"JOKO PURNOMO", "MUHAMMAD RIZKI", "NOR HALIM", "ADITYA PRATAMA",
	"MUH. FADIL", "ANDI AKBAR" };
static const char *const PPU_F[] = { "MASNIAH", "NORHAYATI", "SALASIAH",
	"NORJANAH", "MASITAH", "JUMIATI", "HASNAWATI", "NURHAEDA",
	"SITTI AISYAH", "ANDI NURLIAH", "ST. HAJAR", "RAHMAWATI", "SUPARMI",
	"ENDANG SUSILOWATI", "SUMIATI", "DWI RAHAYU", "NOR AULIA",
	"SITI NURBAYA", "NURFADILLAH", "MUTMAINNAH", "AYU LESTARI",
	"WULAN SARI" };
static const char *const ROTE_M[] = { "YOHANIS", "YAKOBUS", "MARKUS",
	"DOMINGGUS", "FERDINAN", "MARTHEN", "SEMUEL", "DANIEL", "OKTOVIANUS",
	"YEREMIAS", "ABRAHAM", "NIKODEMUS", "ARNOLDUS", "PETRUS", "STEFANUS",
	"ADRIANUS", "ELIEZER", "YULIUS", "JUAN", "VALENTINO", "FEBRYANTO",
	"YOSUA", "MIKHAEL", "YOHANIS FRANS", "PAULUS HENDRIK" };
static const char *const ROTE_F[] = { "MARIA", "YULIANA", "AGUSTINA",
	"KRISTINA", "DEBORA", "ESTER", "NAOMI", "RUT", "SELFINA", "ORPA",
	"MARTHA", "MERSI", "YOHANA", "SARLOTA", "DORKAS", "MARGARETHA",
	"ANTONETA", "GRACIA", "ANGELINA", "CHRISTIN", "NATALIA",
	"MARIA ELISABETH" };
static const char *const ROTE_FAM[] = { "NDUN", "PELLO", "MANAFE",
	"ZACHARIAS", "LENGGU", "MOOY", "NDOLU", "HANING", "MESSAKH",
	"FANGGIDAE", "LUSI", "NALLE", "SINLAE", "TULLE", "HENUK", "ADU",
	"NDOEN", "NDAOMANU", "BESSIE", "DETHAN", "MBUIK", "FEOH", "BALLO",
	"KIUK", "TOSI", "PANIE" };

/* Given names, and family names where children take the father's. */
static const struct {
	struct pool m, f, fam;
} CUL[] = {
	{ POOL(GOR_M), POOL(GOR_F), POOL(GOR_FAM) },
	{ POOL(REJ_M), POOL(REJ_F), { NULL, 0 } },
	{ POOL(PPU_M), POOL(PPU_F), { NULL, 0 } },
	{ POOL(ROTE_M), POOL(ROTE_F), POOL(ROTE_FAM) },
};

static const char *const PLACES[4][5] = {
	{ "GORONTALO", "LIMBOTO", "TELAGA", "KWANDANG", "MANADO" },
	{ "KEPAHIANG", "CURUP", "BENGKULU", "PAGAR ALAM", "LAHAT" },
	{ "PENAJAM", "BALIKPAPAN", "BONE", "PONOROGO", "TANAH GROGOT" },
	{ "BA'A", "ROTE", "KUPANG", "BUSALANGGA", "SOE" },
};

static const char *const JOB_M[] = { "PETANI/PEKEBUN", "PETANI/PEKEBUN",
	"WIRASWASTA", "NELAYAN/PERIKANAN", "PEGAWAI NEGERI SIPIL",
	"BURUH HARIAN LEPAS", "SOPIR", "PEDAGANG", "KARYAWAN SWASTA", "GURU",
	"TUKANG BATU", "BURUH TANI/PERKEBUNAN" };
static const char *const JOB_F[] = { "MENGURUS RUMAH TANGGA",
	"MENGURUS RUMAH TANGGA", "MENGURUS RUMAH TANGGA", "PEDAGANG", "GURU",
	"PETANI/PEKEBUN", "WIRASWASTA", "BIDAN", "PERAWAT" };
static const char *const STREETS[] = { "DUSUN I", "DUSUN II", "DUSUN III",
	"JL. MERDEKA", "JL. JEND. SUDIRMAN", "JL. PENDIDIKAN", "JL. POROS DESA",
	"JL. AHMAD YANI", "LINGKUNGAN II", "JL. PANTAI" };
static const char *const BLOOD[] = { "TIDAK TAHU", "TIDAK TAHU",
	"TIDAK TAHU", "TIDAK TAHU", "O", "A", "B", "AB" };
static const char *const SEBAB_TUA[] = { "SAKIT TUA", "SAKIT", "STROKE",
	"SAKIT JANTUNG", "DIABETES" };
static const char *const SEBAB_MUDA[] = { "KECELAKAAN LALU LINTAS", "SAKIT",
	"DEMAM BERDARAH", "TENGGELAM", "TB PARU" };

/* ---------------------------------------------------------------- PRNG */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64: tiny, fast, good enough, the same on every platform. */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static long
rnd_range(long lo, long hi)
{
	return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rnd() % n];
}
#define PICK(a) pick(a, N_(a))

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 (H. Hinnant's algorithm), proleptic Gregorian. */
static long
days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct ymd { int y, m, d; };

static struct ymd
civil_from_days(long z)
{
	struct ymd r;
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(y + (r.m <= 2));
	return r;
}

#define YEAR 365L
#define NODATE (-1000000L)	/* an empty date column */
static long TODAY;	/* 2026-10-31: the data cut-off, fixed for determinism */

static long
day(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

/* ---------------------------------------------------------------- serials */

/*
 * Serial numbers must not repeat for one prefix (kecamatan + DDMMYY), so
 * remember the last serial given per prefix in an open-addressing table.
 * A key is the 12-digit prefix (< 2^40) shifted left with a kind bit (NIK
 * or KK), plus one so that 0 marks a free slot.  The number of distinct
 * prefixes is bounded by the desa table and the date range (a few
 * million), so the table stays bounded whatever --rows is.
 */
static uint64_t *ser_key;
static uint16_t *ser_val;
static size_t ser_size, ser_used;

static size_t
ser_slot(const uint64_t *keys, size_t size, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (size - 1);

	while (keys[i] != 0 && keys[i] != key)
		i = (i + 1) & (size - 1);
	return i;
}

static int
ser_grow(void)
{
	size_t n = ser_size ? ser_size * 2 : (size_t)1 << 16, i, j;
	uint64_t *k = calloc(n, sizeof *k);
	uint16_t *v = calloc(n, sizeof *v);

	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return -1;
	}
	for (i = 0; i < ser_size; i++) {
		if (ser_key[i] == 0)
			continue;
		j = ser_slot(k, n, ser_key[i]);
		k[j] = ser_key[i];
		v[j] = ser_val[i];
	}
	free(ser_key);
	free(ser_val);
	ser_key = k;
	ser_val = v;
	ser_size = n;
	return 0;
}

static unsigned
serial_next(uint64_t prefix, int kind)
{
	uint64_t key = (prefix << 1 | (uint64_t)kind) + 1;
	size_t i;
	unsigned start;

	if ((ser_used + 1) * 10 > ser_size * 7 && ser_grow() < 0) {
		fprintf(stderr, "gen-rows: out of memory\n");
		exit(2);
	}
	i = ser_slot(ser_key, ser_size, key);
	if (ser_key[i] == 0) {
		ser_key[i] = key;
		ser_used++;
		/* most people are the 1st..4th registered that day */
		start = (unsigned)rnd_range(1, 4);
		ser_val[i] = (uint16_t)start;
		return start;
	}
	if (ser_val[i] >= 9999)
		return 0;	/* exhausted: the caller shifts the date */
	return ++ser_val[i];
}

/* ---------------------------------------------------------------- output */

static char obuf[1 << 16];
static size_t olen;
static char sep = ';';

static void
flush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		perror("gen-rows: write");
		exit(2);
	}
	olen = 0;
}

static void
put(const char *s)
{
	size_t n = strlen(s);

	if (olen + n + 64 > sizeof obuf)
		flush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

/* A field and its separator (the last field of a row uses endrow()). */
static void
fld(const char *s)
{
	put(s);
	obuf[olen++] = sep;
}

static void
endrow(const char *s)
{
	put(s);
	obuf[olen++] = '\n';
}

static void
put_digits(unsigned long v, int width)
{
	char t[24];
	int i = (int)sizeof t;

	do {
		t[--i] = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v || width > 0);
	if (olen + sizeof t + 2 > sizeof obuf)
		flush();
	memcpy(obuf + olen, t + i, sizeof t - (size_t)i);
	olen += sizeof t - (size_t)i;
}

static void
fld_date(long dn)
{
	struct ymd d;

	if (dn == NODATE) {
		obuf[olen++] = sep;
		return;
	}
	d = civil_from_days(dn);
	put_digits((unsigned long)d.d, 2);
	obuf[olen++] = '-';
	put_digits((unsigned long)d.m, 2);
	obuf[olen++] = '-';
	put_digits((unsigned long)d.y, 4);
	obuf[olen++] = sep;
}

/* ---------------------------------------------------------------- people */

struct person {
	char nik[17];
	char nama[64];
	char ayah[64], ibu[64];
	const char *place;
	long lahir, kawin_tgl;
	int female;
	const char *kawin, *hub, *agama, *pend, *job;
};

static unsigned long
kec6(const struct desa *d)
{
	const char *c = d->code;

	return (unsigned long)(c[0] - '0') * 100000 + (unsigned long)(c[1] - '0') * 10000 +
	    (unsigned long)(c[3] - '0') * 1000 + (unsigned long)(c[4] - '0') * 100 +
	    (unsigned long)(c[6] - '0') * 10 + (unsigned long)(c[7] - '0');
}

/*
 * 16 digits: kecamatan, DDMMYY (DD + 40 for women when female), serial.
 * When a prefix has used all 9999 serials the date moves a day earlier
 * (never happens at benchmark sizes, but the output stays valid).
 */
static long
make_number(char out[17], const struct desa *d, long *dn, int female,
    int kind)
{
	for (;;) {
		struct ymd t = civil_from_days(*dn);
		uint64_t pre = (uint64_t)kec6(d) * 1000000 +
		    (uint64_t)(t.d + (female ? 40 : 0)) * 10000 +
		    (uint64_t)t.m * 100 + (uint64_t)(t.y % 100);
		unsigned s = serial_next(pre, kind);

		if (s != 0) {
			uint64_t v = pre * 10000 + s;
			int i;

			for (i = 15; i >= 0; i--) {
				out[i] = (char)('0' + v % 10);
				v /= 10;
			}
			out[16] = '\0';
			return *dn;
		}
		(*dn)--;
	}
}

static const char *
agama_for(enum culture c)
{
	long r = rnd_range(1, 100);

	switch (c) {
	case GORONTALO:
		return "ISLAM";
	case REJANG:
		return r <= 97 ? "ISLAM" : "KRISTEN";
	case PPU:
		return r <= 90 ? "ISLAM" : r <= 97 ? "KRISTEN" : "KATOLIK";
	case ROTE:
		return r <= 85 ? "KRISTEN" : r <= 95 ? "KATOLIK" : "ISLAM";
	}
	return "ISLAM";
}

static void
name_for(char *out, size_t sz, enum culture c, int female, const char *fam)
{
	const struct pool *p = female ? &CUL[c].f : &CUL[c].m;
	const char *given = pick(p->v, p->n);

	if (CUL[c].fam.n) {
		if (fam == NULL)
			fam = pick(CUL[c].fam.v, CUL[c].fam.n);
		snprintf(out, sz, "%s %s", given, fam);
	} else
		snprintf(out, sz, "%s", given);
}

/* A name no earlier member of the family has (a child is not named after
 * its mother); gives up after a few tries, as pools are finite. */
static void
member_name(struct person *m, int n, enum culture c, int female,
    const char *fam)
{
	int try, i, clash;

	for (try = 0; try < 8; try++) {
		name_for(m[n].nama, sizeof m[n].nama, c, female, fam);
		for (clash = 0, i = 0; i < n && !clash; i++)
			clash = strcmp(m[i].nama, m[n].nama) == 0;
		if (!clash)
			break;
	}
}

static const char *
surname(enum culture c, const char *name)
{
	const char *s;

	if (!CUL[c].fam.n)
		return NULL;
	s = strrchr(name, ' ');
	return s ? s + 1 : name;
}

static int
age_at(long birth, long at)
{
	struct ymd b = civil_from_days(birth), a = civil_from_days(at);

	return a.y - b.y - (a.m < b.m || (a.m == b.m && a.d < b.d));
}

static void
fill(struct person *p, const struct desa *d, int female, long lahir,
    const char *hub, const char *kawin, long kawin_tgl, const char *agama)
{
	int a = age_at(lahir, TODAY);

	p->female = female;
	p->lahir = make_number(p->nik, d, &lahir, female, 0);
	p->hub = hub;
	p->kawin = kawin;
	p->kawin_tgl = kawin_tgl;
	p->agama = agama;
	p->place = rnd() % 3 ? d->town : PLACES[d->cul][rnd() % 5];
	if (a < 5) {
		p->pend = "TIDAK/BELUM SEKOLAH";
		p->job = "BELUM/TIDAK BEKERJA";
	} else if (a < 12) {
		p->pend = "BELUM TAMAT SD/SEDERAJAT";
		p->job = "PELAJAR/MAHASISWA";
	} else if (a < 15) {
		p->pend = "TAMAT SD/SEDERAJAT";
		p->job = "PELAJAR/MAHASISWA";
	} else if (a < 19) {
		p->pend = "SLTP/SEDERAJAT";
		p->job = "PELAJAR/MAHASISWA";
	} else {
		static const char *const P[] = { "TAMAT SD/SEDERAJAT",
			"SLTP/SEDERAJAT", "SLTA/SEDERAJAT", "SLTA/SEDERAJAT",
			"DIPLOMA IV/STRATA I", "AKADEMI/DIPLOMA III/S. MUDA" };
		p->pend = a > 65 ? "TAMAT SD/SEDERAJAT" : PICK(P);
		p->job = a > 70 ? "BELUM/TIDAK BEKERJA" :
		    female ? PICK(JOB_F) : PICK(JOB_M);
	}
}

/* ---------------------------------------------------------------- kk */

static const char *const KK_HDR[] = { "NO KK", "NIK", "NAMA LENGKAP",
	"JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "AGAMA", "PENDIDIKAN",
	"JENIS PEKERJAAN", "GOLONGAN DARAH", "STATUS PERKAWINAN",
	"TANGGAL PERKAWINAN", "STATUS HUBUNGAN DALAM KELUARGA",
	"KEWARGANEGARAAN", "NO PASPOR", "NO KITAP", "NAMA AYAH", "NAMA IBU",
	"ALAMAT", "RT", "RW", "KODE POS", "KODE WILAYAH", "DESA/KELURAHAN",
	"KECAMATAN", "KABUPATEN/KOTA", "PROVINSI" };

static void
header(const char *const *h, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		fld(h[i]);
	endrow(h[n - 1]);
}

/* Family sizes 1..10, weighted like a real village. */
static int
family_size(void)
{
	static const int W[] = { 8, 12, 18, 22, 17, 10, 6, 4, 2, 1 };
	long r = rnd_range(1, 100);
	int i;

	for (i = 0; i < 10; i++) {
		r -= W[i];
		if (r <= 0)
			return i + 1;
	}
	return 10;
}

static void
kk_family(int size)
{
	const struct desa *d = &DESA[rnd() % NDESA];
	enum culture c = d->cul;
	struct person m[10];
	const char *agama = agama_for(c), *fam = NULL, *alamat = PICK(STREETS);
	long kkd, births[10], mar, gap, span, wb, hb;
	int n = 0, i, kids, single, parent;
	char no_kk[17], rt[4], rw[4], father[64];

	memset(m, 0, sizeof m);
	if (size == 1) {
		/* a young man on his own, or a widow */
		int widow = rnd() % 3 == 0;
		long b = widow ? rnd_range(day(1940, 1, 1), day(1960, 12, 31)) :
		    rnd_range(day(1985, 1, 1), day(2004, 12, 31));

		name_for(m[0].nama, sizeof m[0].nama, c, widow, NULL);
		fill(&m[0], d, widow, b, "KEPALA KELUARGA",
		    widow ? "CERAI MATI" : "BELUM KAWIN", NODATE, agama);
		if (widow)
			m[0].job = "BELUM/TIDAK BEKERJA";
		kkd = b + rnd_range(20, 40) * YEAR;
		n = 1;
		goto write;
	}
	single = rnd() % 10 == 0;
	parent = !single && size >= 4 && rnd() % 5 == 0;
	kids = size - (single ? 1 : 2) - parent;
	/*
	 * Work backwards from today so every child fits: the youngest is
	 * born 1 month..15 years ago, the children at most 20 years apart in
	 * all, the mother 19..45 at marriage and no older than 45 at the
	 * last birth.
	 */
	gap = kids > 1 ? 20 * YEAR / (kids - 1) : 1280;
	if (gap > 1280)
		gap = 1280;
	births[kids > 0 ? kids - 1 : 0] = TODAY - rnd_range(30, 15 * YEAR);
	for (i = kids - 2; i >= 0; i--)
		births[i] = births[i + 1] - rnd_range(400, gap);
	mar = (kids > 0 ? births[0] : births[0] + 300) - rnd_range(300, 700);
	span = (kids > 0 ? births[kids - 1] : mar) - mar;
	wb = mar - rnd_range(19 * YEAR, 19 * YEAR + (26 * YEAR - span > 0 ?
	    26 * YEAR - span : 0));
	hb = wb - rnd_range(-2 * YEAR, 8 * YEAR);
	if (hb > mar - 21 * YEAR)
		hb = mar - 21 * YEAR - rnd_range(0, 400);
	if (single) {
		/* a divorced or widowed mother heads the family */
		name_for(father, sizeof father, c, 0, NULL);
		fam = surname(c, father);
		name_for(m[0].nama, sizeof m[0].nama, c, 1, NULL);
		fill(&m[0], d, 1, wb, "KEPALA KELUARGA",
		    rnd() % 2 ? "CERAI HIDUP" : "CERAI MATI", NODATE, agama);
		if (strcmp(m[0].job, "MENGURUS RUMAH TANGGA") == 0)
			m[0].job = "PEDAGANG";
		n = 1;
	} else {
		name_for(m[0].nama, sizeof m[0].nama, c, 0, NULL);
		fam = surname(c, m[0].nama);
		fill(&m[0], d, 0, hb, "KEPALA KELUARGA", "KAWIN TERCATAT", mar,
		    agama);
		member_name(m, 1, c, 1, NULL);
		fill(&m[1], d, 1, wb, "ISTRI", "KAWIN TERCATAT", mar, agama);
		snprintf(father, sizeof father, "%s", m[0].nama);
		n = 2;
	}
	for (i = 0; i < kids; i++) {
		struct person *k = &m[n++];
		int f = (int)(rnd() & 1);

		member_name(m, n - 1, c, f, fam);
		fill(k, d, f, births[i], "ANAK", "BELUM KAWIN", NODATE, agama);
		if (age_at(k->lahir, TODAY) >= 23 && k->job[0] == 'P' &&
		    strcmp(k->job, "PELAJAR/MAHASISWA") == 0)
			k->job = f ? PICK(JOB_F) : PICK(JOB_M);
		snprintf(k->ayah, sizeof k->ayah, "%s", father);
		snprintf(k->ibu, sizeof k->ibu, "%s", m[single ? 0 : 1].nama);
	}
	if (parent) {
		struct person *p = &m[n++];
		long pb = m[0].lahir - rnd_range(20 * YEAR, 34 * YEAR);

		if (pb >= day(1928, 1, 1)) {
			/* the husband's widowed mother lives in */
			member_name(m, n - 1, c, 1, NULL);
			fill(p, d, 1, pb, "ORANG TUA", "CERAI MATI", NODATE,
			    agama);
			p->job = "BELUM/TIDAK BEKERJA";
			snprintf(m[0].ibu, sizeof m[0].ibu, "%s", p->nama);
		} else {
			/* too old to be alive: a nephew at school instead */
			int f = (int)(rnd() & 1);

			member_name(m, n - 1, c, f, NULL);
			fill(p, d, f, rnd_range(day(2006, 1, 1),
			    day(2014, 12, 31)), "FAMILI LAIN", "BELUM KAWIN",
			    NODATE, agama);
		}
	}
	kkd = mar + rnd_range(20, 300);
	if (single)
		kkd += rnd_range(2, 10) * YEAR;	/* her own KK, later */
write:
	/* a parent's own parents, for the nama_ayah / nama_ibu columns */
	for (i = 0; i < n; i++) {
		if (m[i].ayah[0] == 0)
			name_for(m[i].ayah, sizeof m[i].ayah, c, 0,
			    m[i].female ? NULL : surname(c, m[i].nama));
		if (m[i].ibu[0] == 0)
			name_for(m[i].ibu, sizeof m[i].ibu, c, 1, NULL);
	}
	if (kkd < day(2006, 3, 1))
		kkd = rnd_range(day(2006, 3, 1), day(2013, 12, 31));
	if (kkd > TODAY - 5)
		kkd = TODAY - 5;
	make_number(no_kk, d, &kkd, 0, 1);
	snprintf(rt, sizeof rt, "%03d", (int)rnd_range(1, 15));
	snprintf(rw, sizeof rw, "%03d", (int)rnd_range(1, 6));

	for (i = 0; i < n; i++) {
		const struct person *p = &m[i];

		fld(no_kk);
		fld(p->nik);
		fld(p->nama);
		fld(p->female ? "PEREMPUAN" : "LAKI-LAKI");
		fld(p->place);
		fld_date(p->lahir);
		fld(p->agama);
		fld(p->pend);
		fld(p->job);
		fld(PICK(BLOOD));
		fld(p->kawin);
		fld_date(p->kawin_tgl);
		fld(p->hub);
		fld("WNI");
		fld("");
		fld("");
		fld(p->ayah);
		fld(p->ibu);
		fld(alamat);
		fld(rt);
		fld(rw);
		fld(d->pos);
		fld(d->code);
		fld(d->desa);
		fld(d->kec);
		fld(KAB[c]);
		endrow(PROV[c]);
	}
}

static void
gen_kk(unsigned long rows)
{
	header(KK_HDR, N_(KK_HDR));
	while (rows > 0) {
		unsigned long s = (unsigned long)family_size();

		if (s > rows)
			s = rows;
		kk_family((int)s);
		rows -= s;
	}
}

/* ---------------------------------------------------------------- akta */

static const char *const LAHIR_HDR[] = { "NO KK", "NIK", "NAMA LENGKAP",
	"JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "JAM LAHIR",
	"ANAK KE", "NAMA AYAH", "NIK AYAH", "NAMA IBU", "NIK IBU",
	"KEWARGANEGARAAN", "KODE WILAYAH" };

static void
gen_lahir(unsigned long rows)
{
	header(LAHIR_HDR, N_(LAHIR_HDR));
	while (rows-- > 0) {
		const struct desa *d = &DESA[rnd() % NDESA];
		enum culture c = d->cul;
		struct person ayah, ibu;
		long b = rnd_range(day(2024, 1, 1), TODAY - 3);
		long wb = b - rnd_range(19 * YEAR, 40 * YEAR);
		long hb = wb - rnd_range(-2 * YEAR, 8 * YEAR);
		long mar = wb + rnd_range(19 * YEAR, 19 * YEAR + 400);
		int f = (int)(rnd() & 1), anak = 1 + (int)((b - mar) / (3 * YEAR));
		char no_kk[17], nik[17], nama[64], jam[6];
		const char *agama = agama_for(c);

		memset(&ayah, 0, sizeof ayah);
		memset(&ibu, 0, sizeof ibu);
		if (hb > mar - 21 * YEAR)
			hb = mar - 21 * YEAR;
		name_for(ayah.nama, sizeof ayah.nama, c, 0, NULL);
		fill(&ayah, d, 0, hb, "", "", NODATE, agama);
		name_for(ibu.nama, sizeof ibu.nama, c, 1, NULL);
		fill(&ibu, d, 1, wb, "", "", NODATE, agama);
		name_for(nama, sizeof nama, c, f, surname(c, ayah.nama));
		{
			long kkd = mar + rnd_range(20, 300);

			if (kkd < day(2006, 3, 1))
				kkd = rnd_range(day(2006, 3, 1), day(2013, 12, 31));
			if (kkd > b)
				kkd = b - 1;
			make_number(no_kk, d, &kkd, 0, 1);
		}
		snprintf(jam, sizeof jam, "%02d:%02d", (int)rnd_range(0, 23),
		    (int)rnd_range(0, 59));
		if (anak > 9)
			anak = 9;
		fld(no_kk);
		if (rnd() % 2) {
			make_number(nik, d, &b, f, 0);
			fld(nik);
		} else
			fld("");
		fld(nama);
		fld(f ? "PEREMPUAN" : "LAKI-LAKI");
		fld(rnd() % 4 ? d->town : PLACES[c][0]);
		fld_date(b);
		fld(jam);
		put_digits((unsigned long)anak, 1);
		obuf[olen++] = sep;
		fld(ayah.nama);
		fld(ayah.nik);
		fld(ibu.nama);
		fld(ibu.nik);
		fld("WNI");
		endrow(d->code);
	}
}

static const char *const MATI_HDR[] = { "NO KK", "NIK", "NAMA LENGKAP",
	"JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "TEMPAT KEMATIAN",
	"TANGGAL KEMATIAN", "SEBAB KEMATIAN", "NAMA PELAPOR", "NIK PELAPOR",
	"KODE WILAYAH" };

static void
gen_mati(unsigned long rows)
{
	header(MATI_HDR, N_(MATI_HDR));
	while (rows-- > 0) {
		const struct desa *d = &DESA[rnd() % NDESA];
		enum culture c = d->cul;
		struct person p, pel;
		long b = rnd_range(day(1932, 1, 1), day(1990, 12, 31));
		long m = rnd_range(day(2024, 1, 1), TODAY - 3);
		long pb = b + rnd_range(20 * YEAR, 34 * YEAR);
		int f = (int)(rnd() & 1), a;

		/* the reporter is an adult: a child, or else a younger sibling */
		if (pb > m - 18 * YEAR)
			pb = m - rnd_range(18 * YEAR, 30 * YEAR);
		char no_kk[17];
		const char *agama = agama_for(c);

		memset(&p, 0, sizeof p);
		memset(&pel, 0, sizeof pel);
		name_for(p.nama, sizeof p.nama, c, f, NULL);
		fill(&p, d, f, b, "", "", NODATE, agama);
		/* the reporter is a son, of the deceased's family name */
		name_for(pel.nama, sizeof pel.nama, c, 0,
		    f ? NULL : surname(c, p.nama));
		fill(&pel, d, 0, pb, "", "", NODATE, agama);
		{
			long kkd = rnd_range(day(2006, 3, 1), day(2020, 12, 31));

			make_number(no_kk, d, &kkd, 0, 1);
		}
		a = age_at(p.lahir, m);
		fld(no_kk);
		fld(p.nik);
		fld(p.nama);
		fld(f ? "PEREMPUAN" : "LAKI-LAKI");
		fld(p.place);
		fld_date(p.lahir);
		fld(rnd() % 3 ? d->town : PLACES[c][0]);
		fld_date(m);
		fld(a >= 60 ? PICK(SEBAB_TUA) : PICK(SEBAB_MUDA));
		fld(pel.nama);
		fld(pel.nik);
		endrow(d->code);
	}
}

/* ---------------------------------------------------------------- main */

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: gen-rows [--type kk|akta-kelahiran|akta-kematian] "
	    "[--rows N] [--seed S]\n"
	    "                [--sep ';'|','|tab]\n"
	    "\n"
	    "Write N rows (default 1000) of a realistic, self-consistent\n"
	    "spreadsheet export to stdout: official column headers, UTF-8,\n"
	    "'\\n' line ends, dates as DD-MM-YYYY, no quoted fields, so the\n"
	    "output has exactly N + 1 lines.  The same options always give\n"
	    "the same bytes.\n"
	    "\n"
	    "  -t, --type T   kk (default; one row per family member, families\n"
	    "                 of 1-10), akta-kelahiran or akta-kematian\n"
	    "  -n, --rows N   number of data rows (0 gives the header only)\n"
	    "  -s, --seed S   PRNG seed (default 1)\n"
	    "  -d, --sep C    ';' (default), ',' or tab\n"
	    "  -h, --help     this text\n");
}

static int
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "rows", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "sep", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *type = "kk";
	unsigned long rows = 1000, seed = 1;
	int ch;

	while ((ch = getopt_long(argc, argv, "t:n:s:d:h", opts, NULL)) != -1) {
		switch (ch) {
		case 't':
			type = optarg;
			break;
		case 'n':
			if (parse_ulong(optarg, MAX_ROWS, &rows) < 0) {
				fprintf(stderr, "gen-rows: --rows: not a number "
				    "up to %lu: %s\n", MAX_ROWS, optarg);
				return 2;
			}
			break;
		case 's':
			if (parse_ulong(optarg, (unsigned long)-1, &seed) < 0) {
				fprintf(stderr, "gen-rows: --seed: not a "
				    "number: %s\n", optarg);
				return 2;
			}
			break;
		case 'd':
			if (strcmp(optarg, ";") == 0 || strcmp(optarg, ",") == 0)
				sep = optarg[0];
			else if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\t") == 0)
				sep = '\t';
			else {
				fprintf(stderr, "gen-rows: --sep: ';', ',' or "
				    "tab, not %s\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (strcmp(type, "kk") != 0 && strcmp(type, "akta-kelahiran") != 0 &&
	    strcmp(type, "akta-kematian") != 0) {
		fprintf(stderr, "gen-rows: --type: kk, akta-kelahiran or "
		    "akta-kematian, not %s\n", type);
		return 2;
	}
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 0x5e6e1ULL;
	TODAY = day(2026, 10, 31);
	if (strcmp(type, "kk") == 0)
		gen_kk(rows);
	else if (strcmp(type, "akta-kelahiran") == 0)
		gen_lahir(rows);
	else
		gen_mati(rows);
	flush();
	free(ser_key);
	free(ser_val);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-rows: write");
		return 2;
	}
	return 0;
}
